"""What the quality services share: today's date in the council's time zone."""
from datetime import date

from django.utils import timezone


def today() -> date:
    return timezone.localdate()
