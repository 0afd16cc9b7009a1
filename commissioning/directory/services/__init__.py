"""Writes of the directory, each atomic and audited."""
from .listings import (
    listing_create,
    listing_set_published,
    listing_sync_all,
    listing_sync_provider,
    listing_sync_service,
    listing_update,
    listing_verify,
)
from .proposals import proposal_approve, proposal_reject, proposal_submit
from .verification import listings_flag_unverified

__all__ = [
    "listing_create", "listing_set_published", "listing_sync_all", "listing_sync_provider", "listing_sync_service",
    "listing_update", "listing_verify", "listings_flag_unverified", "proposal_approve", "proposal_reject",
    "proposal_submit",
]
