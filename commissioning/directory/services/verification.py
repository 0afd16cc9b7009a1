"""Listings that have not been checked within DIRECTORY_VERIFY_AFTER_DAYS are flagged to whoever keeps
them up to date: the provider's users and main contact for a care listing, the organisation's address
for a community one. Run daily from the schedule; each listing is told once per time it falls due."""
from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from commissioning.core.mail import absolute_url, send_email

from ..choices import ListingKind
from ..models import Listing


def verify_after_days() -> int:
    return int(getattr(settings, "DIRECTORY_VERIFY_AFTER_DAYS", 365))


def due_before(today: date | None = None) -> date:
    """Listings last checked before this day are due to be checked again."""
    return (today or timezone.localdate()) - timedelta(days=verify_after_days())


def unverified(rows, *, today: date | None = None):
    """Of `rows`, the listings due to be checked again."""
    return rows.filter(Q(verified_on__isnull=True) | Q(verified_on__lt=due_before(today)))


def owner_addresses(listing: Listing) -> list[str]:
    """Who is told that a listing is due to be checked."""
    emails = {listing.owner_email} if listing.owner_email else set()
    if listing.kind == ListingKind.CARE and listing.provider_id:
        from commissioning.accounts.models import User

        emails |= set(User.objects.filter(provider_id=listing.provider_id, is_active=True).exclude(email="")
                      .values_list("email", flat=True))
        if listing.provider.contact_email:
            emails.add(listing.provider.contact_email)
    return sorted(emails)


@transaction.atomic
def listings_flag_unverified(*, today: date | None = None) -> int:
    """Flag each published listing past its check period that has not been flagged since it was last
    checked, and e-mail its owner where to check it. Returns how many were flagged."""
    today = today or timezone.localdate()
    due = (unverified(Listing.objects.published(), today=today)
           .filter(Q(verification_flagged_on__isnull=True) | Q(verification_flagged_on__lt=F("verified_on")))
           .select_related("provider").select_for_update(of=("self",)))
    flagged = 0
    for listing in due:
        where = (reverse("directory:portal_listing", args=[listing.pk]) if listing.kind == ListingKind.CARE
                 else reverse("directory:propose_change", args=[listing.pk]))
        send_email(to=owner_addresses(listing), template="directory/email/check_listing",
                   context={"listing": listing, "url": absolute_url(where), "days": verify_after_days()})
        listing.verification_flagged_on = today
        listing.save(update_fields=["verification_flagged_on"])
        flagged += 1
    return flagged
