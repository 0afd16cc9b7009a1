"""The GOV.UK date input now lives in core for every app; this name is kept for the accounts forms."""
from commissioning.core.forms import GovukDateField, GovukDateInput

__all__ = ["GovukDateField", "GovukDateInput"]
