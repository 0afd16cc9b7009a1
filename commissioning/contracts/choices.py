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


@tag_colours(PLANNED="blue", LIVE="green", ENDED="grey", TERMINATED="red")
class ContractStatus(ColouredChoices):
    """A contract is planned, live, then ended at its term or terminated early."""

    PLANNED = "planned", "Planned"
    LIVE = "live", "Live"
    ENDED = "ended", "Ended"
    TERMINATED = "terminated", "Terminated early"
