"""People who sign in, their role, the organisation a provider user belongs to, and the council
that runs the platform."""
import re

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from .roles import COUNCIL_ROLES, Role


class Market(models.Model):
    """A market area the council commissions (care homes, home care): its code is made once from
    the first name and never changes, so stored records, API clients and imports keep it; a retired
    market stays on the records that have it but is offered for nothing new."""

    code = models.SlugField(max_length=40, unique=True, editable=False)
    name = models.CharField(max_length=120, unique=True)
    position = models.PositiveIntegerField(default=0)
    meeting_every_months = models.PositiveSmallIntegerField(
        "months between contract meetings", default=3, validators=[MinValueValidator(1), MaxValueValidator(12)])
    retired = models.BooleanField(default=False)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class User(AbstractUser):
    """A person with one role. A provider user belongs to exactly one provider organisation
    and sees only that organisation's records; council staff belong to none and see all.
    A lead commissioner owns one market area."""

    role = models.CharField(max_length=40, choices=Role.choices)
    market_area = models.ForeignKey(Market, to_field="code", db_column="market_area", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="lead_commissioners")
    provider = models.ForeignKey(
        "providers.Provider", null=True, blank=True, on_delete=models.PROTECT, related_name="users",
        verbose_name="provider organisation",
    )
    job_title = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["last_name", "first_name", "username"]
        constraints = [
            models.CheckConstraint(
                name="provider_user_has_provider",
                condition=(models.Q(role=Role.PROVIDER_USER, provider__isnull=False)
                           | (~models.Q(role=Role.PROVIDER_USER) & models.Q(provider__isnull=True))),
            ),
        ]

    def __str__(self):
        return self.get_full_name() or self.username

    @property
    def is_council_staff(self) -> bool:
        return self.role in COUNCIL_ROLES

    @property
    def is_provider_user(self) -> bool:
        return self.role == Role.PROVIDER_USER

    def clean(self):
        super().clean()
        if self.role == Role.PROVIDER_USER and not self.provider_id:
            raise ValidationError({"provider": "Select the provider organisation this person works for"})
        if self.role != Role.PROVIDER_USER and self.provider_id:
            raise ValidationError({"provider": "Only provider users belong to a provider organisation"})
        if self.role == Role.LEAD_COMMISSIONER and not self.market_area_id:
            raise ValidationError({"market_area": "Select the market area this lead commissioner owns"})
        if self.role != Role.LEAD_COMMISSIONER and self.market_area_id:
            raise ValidationError({"market_area": "Only lead commissioners own a market area"})


class Invitation(models.Model):
    """An administrator's invitation to choose a password: the link works once, and only for
    `INVITATION_EXPIRY_DAYS` after it was sent; a newer invitation replaces an older one."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="invitations")
    token_hash = models.CharField(max_length=64, unique=True)
    sent_at = models.DateTimeField(auto_now_add=True)
    sent_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-sent_at"]

    def __str__(self):
        return f"Invitation for {self.user}"

    def is_usable(self, now) -> bool:
        return self.accepted_at is None and self.withdrawn_at is None and now < self.expires_at


# A Public Procurement Organisation Number, as the Central Digital Platform (Find a Tender) issues
# it: P and three letters, four digits, four letters, e.g. PQVM-1383-ZBXP. OCDS writes it under the
# scheme GB-PPON, so "GB-PPON-PQVM-1383-ZBXP" is read as the same number.
PPON_FORMAT = re.compile(r"^P[A-Z]{3}-\d{4}-[A-Z]{4}$")


def normalise_ppon(value: str) -> str:
    """The PPON in upper case without spaces or the GB-PPON scheme prefix."""
    compact = re.sub(r"\s+", "", (value or "").upper())
    return compact.removeprefix("GB-PPON-")


def validate_ppon(value: str) -> None:
    if not PPON_FORMAT.match(normalise_ppon(value)):
        raise ValidationError("Enter the PPON in the format PABC-1234-ABCD, as Find a Tender shows it")


class Council(models.Model):
    """The council that runs the platform, made once by the first run (`manage.py first_run` or the
    first-run page); the database holds at most one (`only_one` is unique)."""

    name = models.CharField("council name", max_length=200)
    ppon = models.CharField("PPON", max_length=14, validators=[validate_ppon],
                            help_text="Public Procurement Organisation Number, from Find a Tender")
    only_one = models.BooleanField(default=True, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.CheckConstraint(name="council_only_one_row", condition=models.Q(only_one=True))]

    def __str__(self):
        return self.name
