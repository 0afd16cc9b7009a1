"""Forms for editing the register; their errors read as GOV.UK error messages."""
from django import forms

from commissioning.accounts.selectors import offer_current_markets
from commissioning.core.forms import GovukFormMixin

from .models import ClientGroup, Locality, Provider, Service, ServiceType, Specialism
from .selectors import offered
from .validators import normalise_postcode


def offer_current(field: forms.ModelChoiceField, *, kept=(), noun: str, plural: str = "") -> None:
    """Make a form field offer only reference items in use, and those the record being edited already
    has (`kept`: their ids); a retired one chosen anyway is refused in words."""
    field.queryset = offered(field.queryset, kept=kept)
    field.error_messages["invalid_choice"] = (
        f"Choose {plural or noun + 's'} in use: one you chose has been retired"
        if isinstance(field, forms.ModelMultipleChoiceField) else f"Choose a {noun} in use: that one has been retired")


class ProviderForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = Provider
        fields = [
            "name", "legal_name", "companies_house_number", "cqc_provider_id", "status",
            "contact_name", "contact_email", "contact_phone", "website", "address",
        ]
        help_texts = {
            "companies_house_number": "8 digits, or 2 letters and 6 digits. Leave blank for a charity or sole trader.",
            "cqc_provider_id": "Leave blank if the provider is not registered with CQC.",
        }

    def clean_companies_house_number(self):
        return (self.cleaned_data.get("companies_house_number") or "").strip().upper()

    def clean_cqc_provider_id(self):
        return (self.cleaned_data.get("cqc_provider_id") or "").strip() or None


class ServiceForm(GovukFormMixin, forms.ModelForm):
    postcode = forms.CharField(max_length=20, widget=forms.TextInput(attrs={"autocomplete": "postal-code"}))
    service_types = forms.ModelMultipleChoiceField(
        queryset=ServiceType.objects.all(), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one service type"},
    )
    specialisms = forms.ModelMultipleChoiceField(
        queryset=Specialism.objects.all(), widget=forms.CheckboxSelectMultiple, required=False
    )
    client_groups = forms.ModelMultipleChoiceField(
        queryset=ClientGroup.objects.all(), widget=forms.CheckboxSelectMultiple, required=False
    )

    class Meta:
        model = Service
        fields = [
            "name", "cqc_location_id", "status", "address_line_1", "address_line_2", "town", "postcode",
            "latitude", "longitude", "locality", "service_types", "specialisms", "client_groups",
            "beds", "hours_per_week", "cqc_rating", "cqc_rating_date", "telephone", "website",
        ]
        widgets = {"cqc_rating_date": forms.DateInput(attrs={"type": "date"})}
        help_texts = {
            "cqc_location_id": "Leave blank for a council-only service that CQC does not register.",
            "latitude": "Filled from the postcode when left blank.",
            "longitude": "Filled from the postcode when left blank.",
            "locality": "Worked out from the postcode when left blank.",
            "beds": "For care homes.",
            "hours_per_week": "For home care and supported living.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, noun in (("service_types", "service type"), ("specialisms", "specialism"),
                           ("client_groups", "client group")):
            offer_current(self.fields[name], noun=noun, kept=getattr(self.instance, name).values_list(
                "pk", flat=True) if self.instance.pk else ())
        offer_current(self.fields["locality"], kept=[self.instance.locality_id], noun="locality")

    def clean_cqc_location_id(self):
        return (self.cleaned_data.get("cqc_location_id") or "").strip() or None

    def clean_postcode(self):
        value = self.cleaned_data.get("postcode", "")
        normal = normalise_postcode(value)
        if not normal:
            raise forms.ValidationError("Enter a real postcode, like DE1 2FS")
        return normal

    def clean(self):
        cleaned = super().clean()
        regulated = any(t.regulated for t in cleaned.get("service_types") or [])
        if cleaned.get("cqc_rating") and not cleaned.get("cqc_location_id"):
            self.add_error("cqc_rating", "A CQC rating needs a CQC location ID")
        if cleaned.get("cqc_rating_date") and not cleaned.get("cqc_rating"):
            self.add_error("cqc_rating_date", "Enter the CQC rating this date belongs to")
        if regulated and not cleaned.get("cqc_location_id") and self.instance.cqc_location_id:
            self.add_error("cqc_location_id", "A regulated service keeps its CQC location ID")
        return cleaned

    def m2m(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("service_types", "specialisms", "client_groups")}


class ServiceTypeForm(GovukFormMixin, forms.ModelForm):
    """Add or rename a service type: its market area, what its capacity is counted in, and whether
    CQC registers it."""

    class Meta:
        model = ServiceType
        fields = ["name", "market_area", "capacity_unit", "regulated", "order"]
        labels = {"regulated": "CQC registers this kind of service", "order": "Position in lists",
                  "capacity_unit": "Capacity is counted in"}
        help_texts = {"name": "For example, ‘Technology-enabled care’.",
                      "regulated": "Leave unticked for accommodation only, supported housing or technology-enabled "
                                   "care, which CQC does not register.",
                      "order": "Lower numbers come first."}
        error_messages = {"name": {"required": "Enter the name of the service type"},
                          "market_area": {"required": "Select the market area this service type belongs to"},
                          "capacity_unit": {"required": "Select what this service type's capacity is counted in"},
                          "order": {"required": "Enter the position in lists, like 10",
                                    "invalid": "The position in lists must be a whole number, like 10"}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        offer_current_markets(self)


class LocalityForm(GovukFormMixin, forms.ModelForm):
    """Add a locality or change its name and postcode districts."""

    class Meta:
        model = Locality
        fields = ["name", "postcode_districts"]
        labels = {"postcode_districts": "Postcode districts"}
        help_texts = {"name": "For example, ‘Mickleover’.",
                      "postcode_districts": "Separated by commas, for example DE3, DE65. A district can be in one "
                                            "locality only."}
        error_messages = {"name": {"required": "Enter the name of the locality",
                                   "max_length": "The name of the locality must be 100 characters or fewer"},
                          "postcode_districts": {"required": "Enter the locality’s postcode districts, like DE1, DE22",
                                                 "max_length": "The postcode districts must be 500 characters or "
                                                               "fewer"}}

    def validate_unique(self):
        """The service says a name is taken, in words (the model's unique check would say it first)."""


class ReferenceNameForm(GovukFormMixin, forms.Form):
    """Add or rename a client group or specialism."""

    name = forms.CharField(label="Name", max_length=100)

    def __init__(self, *args, singular: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].error_messages["required"] = f"Enter the name of the {singular}"
        self.fields["name"].error_messages["max_length"] = f"The name of the {singular} must be 100 characters or fewer"
