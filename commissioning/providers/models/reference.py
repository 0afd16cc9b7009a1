"""Configuration the register is classified by; each council may change these lists."""
from django.db import models

from ..choices import CapacityUnit


class ServiceType(models.Model):
    """A kind of service the council buys (a market), in one market area, counted in one unit."""

    code = models.SlugField(max_length=50, unique=True)
    name = models.CharField(max_length=100, unique=True)
    market_area = models.ForeignKey("accounts.Market", to_field="code", db_column="market_area",
                                    on_delete=models.PROTECT, related_name="service_types")
    capacity_unit = models.CharField(max_length=10, choices=CapacityUnit.choices)
    regulated = models.BooleanField(default=True, help_text="Needs CQC registration")
    order = models.PositiveSmallIntegerField(default=0)
    retired = models.BooleanField(default=False, help_text="A retired type is kept on the services that have it "
                                                             "but offered for no new ones")

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class CodedName(models.Model):
    """A configurable item of a classification: a stable code and the name people read."""

    code = models.SlugField(max_length=50, unique=True)
    name = models.CharField(max_length=100, unique=True)
    retired = models.BooleanField(default=False, help_text="A retired item is kept on the services that have it "
                                                             "but offered for no new ones")

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name


class Specialism(CodedName):
    """A need a service is equipped to meet (dementia, challenging behaviour, …)."""


class ClientGroup(CodedName):
    """A group of people by primary support reason (older people, learning disability, …)."""


class Locality(models.Model):
    """An area of the council's patch, made of postcode districts (e.g. DE1, DE22)."""

    name = models.CharField(max_length=100, unique=True)
    postcode_districts = models.CharField(
        max_length=500, help_text="Postcode districts in this locality, separated by commas"
    )
    retired = models.BooleanField(default=False, help_text="A retired locality is kept on the services and requests "
                                                             "that have it but offered for no new ones")

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "localities"

    def __str__(self):
        return self.name

    @property
    def districts(self) -> list[str]:
        return [d.strip().upper() for d in self.postcode_districts.split(",") if d.strip()]
