"""The check every award makes of the provider's standing with the council (quality.standing)."""
from django.core.exceptions import ValidationError

from commissioning.quality.standing import standing_for


def require_standing_reason(provider_id: int, reason: str) -> str:
    """Refuse an award to a Red or suspended provider, and one needing a reason (Amber, open concerns
    or contract reviews) without it; returns the standing's summary to keep on the agreement."""
    standing = standing_for([provider_id])[provider_id]
    if standing.is_red:
        raise ValidationError("The council rates this provider Red: it is not offered new placements")
    if standing.placements_suspended:
        raise ValidationError("New placements with this provider are suspended")
    if standing.needs_reason and not (reason or "").strip():
        raise ValidationError({"standing_reason": "Give the reason for placing with this provider "
                                                  f"({standing.summary})"})
    return standing.summary if standing.needs_reason or standing.rag else ""
