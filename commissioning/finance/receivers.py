"""Finance's answers to other apps' events."""
from . import services


def price_new_agreement(sender, agreement, **kwargs):
    """An accepted agreement gets its first price (its weekly cost from the start) and payment rules."""
    services.agreement_started(agreement=agreement)
