"""Proposals: an organisation proposes a community listing from the public form, a provider proposes
changes to its care listing from the portal; an officer approves (the listing is written) or rejects
(with the reason). Nothing proposed reaches the public before it is approved."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from commissioning.core.audit import Action, audit_record
from commissioning.core.mail import absolute_url, send_email
from commissioning.core.workflow import transition

from ..choices import ListingKind, ProposalStatus
from ..models import COMMUNITY_FIELDS, DESCRIBED, Listing, ListingProposal
from ..transitions import PROPOSAL
from .listings import listing_create, listing_update

REQUIRED_NEW = ["name", "organisation_name", "description", "address_line_1", "town", "postcode"]


@transaction.atomic
def proposal_submit(*, changes: dict, proposer_name: str, proposer_email: str, listing: Listing | None = None,
                    by=None) -> ListingProposal:
    """Record a proposal for an officer to decide. A new listing needs its name, organisation, what it
    does and where; a change names only the fields it changes and must change something."""
    if not proposer_name.strip() or not proposer_email.strip():
        raise ValidationError("Give your name and email address so that we can reply")
    allowed = DESCRIBED if listing is not None and listing.kind == ListingKind.CARE else COMMUNITY_FIELDS
    unknown = set(changes) - set(allowed)
    if unknown:
        raise ValidationError(f"These cannot be proposed here: {', '.join(sorted(unknown))}")
    if listing is None:
        missing = [name for name in REQUIRED_NEW if not str(changes.get(name) or "").strip()]
        if missing:
            raise ValidationError(f"A new listing needs: {', '.join(m.replace('_', ' ') for m in missing)}")
    else:
        changes = {k: v for k, v in changes.items() if getattr(listing, k) != v}
        if not changes:
            raise ValidationError("Nothing is different from the listing as it is")
        if listing.proposals.filter(status=ProposalStatus.PENDING).exists():
            raise ValidationError("A change to this listing is already waiting for a decision")
    proposal = ListingProposal.objects.create(
        listing=listing, provider_id=listing.provider_id if listing else None, changes=changes,
        proposer_name=proposer_name.strip(), proposer_email=proposer_email.strip(),
        submitted_by=by if getattr(by, "is_authenticated", False) else None)
    audit_record(actor=proposal.submitted_by, action=Action.CREATED, obj=proposal, note=str(proposal))
    return proposal


def _locked(proposal: ListingProposal) -> ListingProposal:
    return ListingProposal.objects.select_for_update().get(pk=proposal.pk)


@transaction.atomic
def proposal_approve(*, proposal: ListingProposal, by, note: str = "") -> Listing:
    """Publish what was proposed: a new community listing, or the changes to an existing one."""
    proposal = _locked(proposal)
    values = dict(proposal.changes)
    if proposal.listing_id is None:
        values.setdefault("owner_email", proposal.proposer_email)
        listing = listing_create(by=by, values=values)
    else:
        listing = listing_update(listing=proposal.listing, by=by, values=values)
    transition(proposal, PROPOSAL, "approve", by=by, note=note, decided_by=by, decision_note=note,
               listing=listing)
    send_email(to=proposal.proposer_email, template="directory/email/proposal_approved",
               context={"proposal": proposal, "listing": listing,
                        "url": absolute_url(listing.get_absolute_url())})
    return listing


@transaction.atomic
def proposal_reject(*, proposal: ListingProposal, by, note: str) -> ListingProposal:
    """Refuse a proposal, with the reason the proposer is sent."""
    if not note.strip():
        raise ValidationError({"note": "Say why, so that the proposer can put it right"})
    proposal = _locked(proposal)
    transition(proposal, PROPOSAL, "reject", by=by, note=note, decided_by=by, decision_note=note)
    send_email(to=proposal.proposer_email, template="directory/email/proposal_rejected",
               context={"proposal": proposal, "note": note})
    return proposal
