"""Signals other apps listen to: finance prices an agreement and sets its payment rules when the
provider accepts it."""
from django.dispatch import Signal

agreement_accepted = Signal()  # sent with agreement=
