"""The register's choices, in people's words."""
from django.db import models

from commissioning.core.choices import ColouredChoices, tag_colours


class ContractKind(models.TextChoices):
    """The Transparency Code publishes grants beside contracts."""

    CONTRACT = "contract", "Contract"
    GRANT = "grant", "Grant"


class Procedure(models.TextChoices):
    """How the supplier was chosen, as the Transparency Code asks."""

    QUOTE = "invitation_to_quote", "Invitation to quote"
    TENDER = "invitation_to_tender", "Invitation to tender"
    OTHER = "other", "Other"


@tag_colours(PLANNED="blue", LIVE="green", DECOMMISSIONING="orange", ENDED="grey", TERMINATED="red")
class ContractStatus(ColouredChoices):
    """A contract is planned, live, then ended at its term or terminated early; a live contract being
    wound down under a decommissioning plan is decommissioning until the plan is complete."""

    PLANNED = "planned", "Planned"
    LIVE = "live", "Live"
    DECOMMISSIONING = "decommissioning", "Being decommissioned"
    ENDED = "ended", "Ended"
    TERMINATED = "terminated", "Terminated early"


class FunderKind(models.TextChoices):
    """Who pays for a jointly funded contract: a council department, the NHS, or a pooled budget."""

    DIRECTORATE = "directorate", "A council department"
    ICB = "nhs_icb", "The NHS integrated care board"
    POOLED = "pooled_budget", "A pooled budget"


class Quarter(models.IntegerChoices):
    """Quarters of the financial year, which starts on 1 April."""

    Q1 = 1, "April to June"
    Q2 = 2, "July to September"
    Q3 = 3, "October to December"
    Q4 = 4, "January to March"


class VariationKind(models.TextChoices):
    """A variation changes what the contract is worth; an extension also moves its end date later."""

    VARIATION = "variation", "Variation"
    EXTENSION = "extension", "Extension"


@tag_colours(PROPOSED="blue", APPROVED="green", REFUSED="red")
class VariationStatus(ColouredChoices):
    """A variation or extension is proposed, then approved or refused once."""

    PROPOSED = "proposed", "Waiting for approval"
    APPROVED = "approved", "Approved"
    REFUSED = "refused", "Refused"


class KpiDirection(models.TextChoices):
    AT_LEAST = "at_least", "At least the target"
    AT_MOST = "at_most", "At most the target"


class KpiPeriod(models.TextChoices):
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"


@tag_colours(OPEN="red", REMEDIED="yellow", CLOSED="grey")
class BreachStatus(ColouredChoices):
    """A breach is open, remedied once the provider has put it right, and closed when the council is satisfied."""

    OPEN = "open", "Open"
    REMEDIED = "remedied", "Remedied"
    CLOSED = "closed", "Closed"
