"""Writes of brokerage, from a request for care to a placed package, one module per aggregate. Each
is atomic, locks the rows it changes (so two brokers cannot award the same request twice, nor an
offer slip in after a competition closed), moves status only through the workflows of
`transitions.py` and is audited. Reads other apps use (eligibility, capacity) are re-exported here
from `selectors.py`."""
from commissioning.core.workflow import TransitionNotAllowed

from ..selectors import Eligible, capacity_used, eligible_providers
from .agreements import agreement_end, agreement_make, agreement_reprice, agreement_respond, direct_award
from .allocation import (
    allocation_award,
    allocation_discard,
    allocation_line_edit,
    allocation_line_reason,
    allocation_lines_edit,
    allocation_propose,
    allocation_propose_job,
    allocation_propose_start,
    reasons_missing,
)
from .competitions import (
    competition_award,
    competition_close,
    competition_open,
    competition_rank,
    competitions_close_due,
    invite_decline,
    offer_quality_of,
    offer_score_record,
    offer_scores_moderate,
    offer_submit,
    offer_withdraw,
    outcome_questions,
    price_refusal,
    price_unit,
    response_deadline,
)
from .front_door import front_door_record, require_front_door
from .people import person_anonymise
from .requests import (
    date_of_birth_problem,
    identity_errors,
    request_cancel,
    request_create,
    request_mark_unmet,
    request_send_to_reserve,
)
from .standing import require_standing_reason
from .waivers import waiver_decide, waiver_request

__all__ = [
    "person_anonymise",
    "Eligible", "TransitionNotAllowed", "agreement_end", "agreement_make", "agreement_reprice", "agreement_respond",
    "allocation_award", "allocation_discard", "allocation_line_edit", "allocation_line_reason", "allocation_lines_edit",
    "allocation_propose",
    "allocation_propose_job", "allocation_propose_start", "capacity_used",
    "competition_award", "competition_close", "competition_open", "competitions_close_due", "direct_award",
    "eligible_providers", "front_door_record", "identity_errors", "offer_submit", "offer_withdraw",
    "request_cancel", "request_create", "request_mark_unmet", "require_front_door", "response_deadline",
    "waiver_decide", "waiver_request", "competition_rank", "invite_decline", "offer_quality_of",
    "offer_score_record", "offer_scores_moderate", "outcome_questions", "price_refusal", "price_unit",
    "date_of_birth_problem", "request_send_to_reserve", "require_standing_reason", "reasons_missing",
]
