"""The consultation register (seed 001's clearing house): each consultation or engagement, the
groups and provider sets asked, what we heard and what we did, and the procurement it informed."""
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from commissioning.core.choices import StatusField
from commissioning.core.models import TimeStampedModel

from ..choices import Method
from ..querysets import PlanningQuerySet
from .timetables import Project


class ConsultationSettings(models.Model):
    """How many times a group may be asked in 12 months before the register warns (one row)."""

    limit = models.PositiveSmallIntegerField("times a group may be asked in 12 months", default=3,
                                             validators=[MinValueValidator(1), MaxValueValidator(50)])

    objects = PlanningQuerySet.as_manager()

    def __str__(self):
        return "Consultation settings"


class ConsultedGroup(models.Model):
    """A group of people or a set of providers the council asks (carers' forum, home care providers)."""

    name = models.CharField(max_length=150, unique=True)

    objects = PlanningQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Consultation(TimeStampedModel):
    """A consultation or engagement: topic, directorates, who was asked and how, when, what we
    heard and what we did; published on the "you said, we did" page once what we did is recorded."""

    topic = models.CharField(max_length=200)
    directorates = models.ManyToManyField("planning.Directorate", related_name="consultations")
    groups = models.ManyToManyField(ConsultedGroup, related_name="consultations")
    method = StatusField(Method, max_length=20)
    starts_on = models.DateField("start date")
    ends_on = models.DateField("end date")
    heard = models.TextField("what we heard", blank=True)
    did = models.TextField("what we did", blank=True)
    project = models.ForeignKey(Project, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="consultations", verbose_name="procurement it informed")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = PlanningQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "topic"]

    def __str__(self):
        return self.topic
