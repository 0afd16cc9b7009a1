"""Reads of the audit trail for the administrator's audit page and its CSV export."""
from datetime import datetime, time, timedelta

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from commissioning.core.forms import GovukFormMixin
from commissioning.core.models import AuditEvent

from .models import User
from .widgets import GovukDateField


def _type_label(content_type: ContentType) -> str:
    name = str(content_type.model_class()._meta.verbose_name) if content_type.model_class() else content_type.model
    return name[:1].upper() + name[1:]


class AuditFilterForm(GovukFormMixin, forms.Form):
    """Who, what, which record and when: every filter optional."""

    person = forms.ModelChoiceField(User.objects.order_by("last_name", "first_name", "username"), required=False,
                                    label="Done by", empty_label="Anyone")
    action = forms.ChoiceField(required=False, label="What happened",
                               choices=[("", "Anything"), *AuditEvent.Action.choices])
    object_type = forms.ChoiceField(required=False, label="Type of record")
    object_text = forms.CharField(required=False, label="Record name contains", max_length=200)
    date_from = GovukDateField(required=False, label="From")
    date_to = GovukDateField(required=False, label="To")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        types = ContentType.objects.filter(pk__in=AuditEvent.objects.values("content_type").distinct())
        self.fields["object_type"].choices = [("", "Any record"), *sorted(
            ((str(ct.pk), _type_label(ct)) for ct in types), key=lambda choice: choice[1])]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("date_from") and cleaned.get("date_to") and cleaned["date_from"] > cleaned["date_to"]:
            self.add_error("date_to", "The to date must be the same as or after the from date")
        return cleaned

    def filter(self, events):
        """The events matching the valid filters (all events when the form has none)."""
        data = self.cleaned_data if self.is_valid() else {}
        if data.get("person"):
            events = events.filter(actor=data["person"])
        if data.get("action"):
            events = events.filter(action=data["action"])
        if data.get("object_type"):
            events = events.filter(content_type_id=data["object_type"])
        if data.get("object_text"):
            events = events.filter(object_repr__icontains=data["object_text"])
        zone = timezone.get_current_timezone()
        if data.get("date_from"):
            events = events.filter(at__gte=datetime.combine(data["date_from"], time.min, zone))
        if data.get("date_to"):
            events = events.filter(at__lt=datetime.combine(data["date_to"] + timedelta(days=1), time.min, zone))
        return events

    def describe(self) -> str:
        """The filters in words, for the export's audit line."""
        if not self.is_valid():
            return "no filters"
        parts = []
        for name, field in self.fields.items():
            value = self.cleaned_data.get(name)
            if value:
                shown = dict(field.choices).get(value, value) if isinstance(field, forms.ChoiceField) else value
                parts.append(f"{field.label}: {shown}")
        return "; ".join(parts) or "no filters"


def audit_events():
    return AuditEvent.objects.select_related("actor", "content_type").order_by("-at", "-id")


def type_label(event: AuditEvent) -> str:
    return _type_label(event.content_type)
