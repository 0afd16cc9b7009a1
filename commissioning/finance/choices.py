"""Statuses of paying providers, each carrying the GOV.UK tag colour it is shown in."""
from commissioning.core.choices import ColouredChoices, tag_colours


@tag_colours(DRAFT="grey", APPROVED="green")
class RateStatus(ColouredChoices):
    """A rate card is drafted, then approved; an approved card is never edited."""

    DRAFT = "draft", "Draft"
    APPROVED = "approved", "Approved"


@tag_colours(NOT_NEEDED="grey", WITH_BROKERAGE="red", CLEARED="green")
class WeekReview(ColouredChoices):
    """Whether a reconciled week over the exception level waits for brokerage before it is invoiced."""

    NOT_NEEDED = "not_needed", "No review needed"
    WITH_BROKERAGE = "with_brokerage", "With brokerage for review"
    CLEARED = "cleared", "Cleared by brokerage"


@tag_colours(DRAFT="grey", DISPUTED="red", APPROVED="blue", PAID="green")
class InvoiceStatus(ColouredChoices):
    """An invoice is drafted, may be disputed line by line, is approved, then paid by one payment run."""

    DRAFT = "draft", "Draft"
    DISPUTED = "disputed", "In dispute"
    APPROVED = "approved", "Approved for payment"
    PAID = "paid", "Paid"


@tag_colours(OK="grey", DISPUTED="red", RESOLVED="green")
class LineStatus(ColouredChoices):
    """A line is agreed until the provider disputes it; the finance officer resolves the dispute."""

    OK = "ok", "Agreed"
    DISPUTED = "disputed", "Disputed"
    RESOLVED = "resolved", "Resolved"


@tag_colours(DRAFT="grey", APPROVED="green")
class ScenarioStatus(ColouredChoices):
    """An uplift scenario is modelled as a draft; approving it reprices from its date, once."""

    DRAFT = "draft", "Draft"
    APPROVED = "approved", "Approved"
