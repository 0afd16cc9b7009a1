"""The directory: one listing per care service of the register or community service, and the
proposals (new listings, changes) that officers moderate before the public sees them."""
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse

from commissioning.core.choices import StatusField
from commissioning.core.models import StatusEvent
from commissioning.providers.choices import CqcRating

from .choices import ListingKind, PriceUnit, ProposalStatus
from .querysets import ListingQuerySet, ProposalQuerySet

# The fields people may propose or change (a provider from the portal, an organisation from the
# public form, an officer directly). The register's fields (address, CQC rating, types) are not here
# for care listings: they come from the register.
DESCRIBED = ["description", "telephone", "email", "website", "accessibility", "accepts_council_funded",
             "accepts_self_funders", "self_funder_price_pence", "price_unit"]
COMMUNITY_FIELDS = ["name", "organisation_name", "address_line_1", "address_line_2", "town", "postcode",
                    "service_type_codes", "client_group_codes", "specialism_codes", *DESCRIBED]


class Listing(models.Model):
    """What the public finds: a care service mirrored from the provider register (kept in step by the
    register's saves and a nightly refresh), or a community or voluntary service added by an officer or
    proposed by its organisation. The need codes are the register's reference codes between bars
    (`|dementia|older-people|`), so one indexed table answers a search by need and distance."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=20, choices=ListingKind.choices)
    service = models.OneToOneField("providers.Service", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="listing")
    provider = models.ForeignKey("providers.Provider", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="listings")
    name = models.CharField(max_length=200, db_index=True)
    organisation_name = models.CharField("organisation", max_length=200)
    description = models.TextField("what the service does", blank=True)
    address_line_1 = models.CharField("address line 1", max_length=200)
    address_line_2 = models.CharField("address line 2", max_length=200, blank=True)
    town = models.CharField("town or city", max_length=100)
    postcode = models.CharField(max_length=8)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    service_type_codes = models.CharField(max_length=500, blank=True, default="")
    client_group_codes = models.CharField(max_length=500, blank=True, default="")
    specialism_codes = models.CharField(max_length=500, blank=True, default="")
    cqc_location_id = models.CharField("CQC location ID", max_length=20, blank=True)
    cqc_rating = StatusField(CqcRating, "CQC rating", max_length=30, blank=True)
    cqc_rating_date = models.DateField("CQC rating date", null=True, blank=True)
    beds = models.PositiveIntegerField(null=True, blank=True)
    beds_vacant = models.PositiveIntegerField("vacant beds", null=True, blank=True)
    vacancies_week = models.DateField("vacancies for the week starting", null=True, blank=True)
    council_contracted = models.BooleanField("contracted by the council", default=False)
    accepts_council_funded = models.BooleanField("takes people the council funds", default=True)
    accepts_self_funders = models.BooleanField("takes people paying for themselves", default=True)
    self_funder_price_pence = models.PositiveIntegerField("price for self-funders", null=True, blank=True)
    price_unit = models.CharField("price is for", max_length=10, choices=PriceUnit.choices, blank=True)
    telephone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)
    website = models.URLField(blank=True)
    accessibility = models.TextField("accessibility", blank=True,
                                     help_text="Step-free access, parking, hearing loops, languages spoken")
    owner_email = models.EmailField("who keeps it up to date", blank=True,
                                    help_text="Told when the listing is due to be checked again")
    published = models.BooleanField(default=True)
    verified_on = models.DateField("last checked", null=True, blank=True)
    verification_flagged_on = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ListingQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["latitude", "longitude"], name="listing_lat_lon"),
                   models.Index(fields=["published", "latitude"], name="listing_published_lat")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("directory:listing", args=[self.pk])

    @property
    def is_care(self) -> bool:
        return self.kind == ListingKind.CARE

    @property
    def cqc_url(self) -> str:
        return f"https://www.cqc.org.uk/location/{self.cqc_location_id}" if self.cqc_location_id else ""

    @staticmethod
    def codes(value: str) -> list[str]:
        return [c for c in (value or "").split("|") if c]

    @staticmethod
    def join_codes(codes) -> str:
        codes = sorted({c for c in codes if c})
        return f"|{'|'.join(codes)}|" if codes else ""


class ListingProposal(models.Model):
    """A new community listing proposed by its organisation, or a change to a listing proposed by its
    provider (portal) or organisation; published only when an officer approves it."""

    listing = models.ForeignKey(Listing, null=True, blank=True, on_delete=models.CASCADE, related_name="proposals")
    provider = models.ForeignKey("providers.Provider", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")
    changes = models.JSONField(default=dict)
    proposer_name = models.CharField("your name", max_length=200)
    proposer_email = models.EmailField("your email address")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    submitted_at = models.DateTimeField(auto_now_add=True)
    status = StatusField(ProposalStatus, max_length=20, default=ProposalStatus.PENDING)
    decision_note = models.TextField(blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")

    objects = ProposalQuerySet.as_manager()

    class Meta:
        ordering = ["submitted_at", "id"]

    def __str__(self):
        what = self.listing.name if self.listing_id else self.changes.get("name", "a new listing")
        return f"{'Change to' if self.listing_id else 'New listing:'} {what}"

    def get_absolute_url(self):
        return reverse("directory:proposal", args=[self.pk])


class ProposalStatusEvent(StatusEvent):
    """One decision on a proposal: who made it, when and why."""

    proposal = models.ForeignKey(ListingProposal, on_delete=models.CASCADE, related_name="status_events")
