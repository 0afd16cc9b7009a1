"""Forms of the directory, in GOV.UK style with messages written for their fields."""
from decimal import Decimal

from django import forms

from commissioning.core.forms import GovukFormMixin
from commissioning.core.money import pence_to_pounds, pounds_to_pence
from commissioning.providers.choices import CqcRating

from .choices import FundingWho, PriceUnit
from .models import Listing
from .selectors import DEFAULT_RADIUS_KM, RADII_KM, Search, need_choices, place_for

ANY = [("", "Any")]


class SearchForm(GovukFormMixin, forms.Form):
    """The public search: where, what is needed, and the filters. Every field may be left empty."""

    postcode = forms.CharField(label="Postcode or area", required=False, max_length=10,
                               help_text="A full postcode such as DE1 2FS, or the first part such as DE22")
    radius = forms.TypedChoiceField(label="Within", required=False, coerce=int, empty_value=DEFAULT_RADIUS_KM,
                                    choices=[(r, f"{r} km ({r / 1.609344:.0f} miles)" if r > 1 else "1 km")
                                             for r in RADII_KM])
    service_type = forms.ChoiceField(label="Type of care or support", required=False)
    client_group = forms.ChoiceField(label="Who it is for", required=False)
    specialism = forms.ChoiceField(label="Needs it specialises in", required=False)
    name = forms.CharField(label="Name of the service or organisation", required=False, max_length=100)
    rating = forms.MultipleChoiceField(label="CQC rating", required=False, widget=forms.CheckboxSelectMultiple,
                                       choices=CqcRating.choices,
                                       help_text="The Care Quality Commission rates regulated care services")
    vacancies = forms.BooleanField(label="Only care homes with vacant beds", required=False)
    contracted = forms.ChoiceField(label="Contracted by the council", required=False, widget=forms.RadioSelect,
                                   choices=[("", "Any"), ("yes", "Yes"), ("no", "No")])
    who = forms.ChoiceField(label="Who can use it", required=False, widget=forms.RadioSelect,
                            choices=[("", "Anyone"), *FundingWho.choices])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        needs = need_choices()
        for name in ("service_type", "client_group", "specialism"):
            self.fields[name].choices = ANY + needs[name]
        self.fields["radius"].initial = DEFAULT_RADIUS_KM

    def clean_postcode(self):
        text = self.cleaned_data["postcode"].strip()
        if text and place_for(text) is None:
            raise forms.ValidationError("We cannot find that postcode: enter a full postcode, like DE1 2FS, "
                                        "or the first part, like DE22")
        return text

    def search(self) -> Search:
        data = self.cleaned_data
        return Search(place=place_for(data["postcode"]) if data["postcode"] else None,
                      radius_km=data["radius"] or DEFAULT_RADIUS_KM, service_type=data["service_type"],
                      client_group=data["client_group"], specialism=data["specialism"], name=data["name"],
                      ratings=data["rating"], vacancies=data["vacancies"], contracted=data["contracted"],
                      who=data["who"])


def _codes_field(label: str, help_text: str = "") -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(label=label, required=False, widget=forms.CheckboxSelectMultiple,
                                     help_text=help_text)


class DescribedForm(GovukFormMixin, forms.Form):
    """What a service says about itself: the fields a provider or an organisation keeps up to date."""

    description = forms.CharField(label="What the service does", widget=forms.Textarea(attrs={"rows": 5}),
                                  max_length=3000, help_text="In plain words: what help people get, and how",
                                  error_messages={"required": "Say what the service does"})
    telephone = forms.CharField(label="Telephone", required=False, max_length=30)
    email = forms.EmailField(label="Email address", required=False,
                             error_messages={"invalid": "Enter an email address like name@example.com"})
    website = forms.URLField(label="Website", required=False, assume_scheme="https",
                             error_messages={"invalid": "Enter a web address like https://www.example.com"})
    accessibility = forms.CharField(label="Accessibility", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                    max_length=2000,
                                    help_text="For example step-free access, parking, a hearing loop, languages spoken")
    accepts_council_funded = forms.BooleanField(label="Takes people the council funds", required=False)
    accepts_self_funders = forms.BooleanField(label="Takes people paying for themselves", required=False)
    price = forms.DecimalField(label="Price for people paying for themselves (£)", required=False,
                               min_value=Decimal("0"), max_value=Decimal("100000"), decimal_places=2, max_digits=9,
                               help_text="Leave blank if you do not publish a price. For example 950.00",
                               error_messages={"invalid": "Enter the price in pounds, for example 950.00",
                                               "min_value": "The price cannot be less than £0",
                                               "max_value": "The price must be £100,000 or less",
                                               "max_decimal_places": "Enter the price in pounds and pence, "
                                                                     "for example 950.00"})
    price_unit = forms.ChoiceField(label="The price is for", required=False, widget=forms.RadioSelect,
                                   choices=PriceUnit.choices)

    def clean(self):
        data = super().clean()
        if data.get("price") is not None and not data.get("price_unit"):
            self.add_error("price_unit", "Say what the price is for: a week, an hour, a session or a day")
        return data

    def values(self) -> dict:
        """The listing's fields as the form gives them."""
        data = self.cleaned_data
        price = data.get("price")
        return {
            "description": data["description"], "telephone": data["telephone"], "email": data["email"],
            "website": data["website"], "accessibility": data["accessibility"],
            "accepts_council_funded": data["accepts_council_funded"],
            "accepts_self_funders": data["accepts_self_funders"],
            "self_funder_price_pence": pounds_to_pence(price) if price is not None else None,
            "price_unit": data["price_unit"] if price is not None else "",
        }

    @classmethod
    def initial_for(cls, listing: Listing) -> dict:
        initial = {name: getattr(listing, name) for name in ("description", "telephone", "email", "website",
                                                            "accessibility", "accepts_council_funded",
                                                            "accepts_self_funders", "price_unit")}
        if listing.self_funder_price_pence is not None:
            initial["price"] = pence_to_pounds(listing.self_funder_price_pence)
        return initial


class CommunityListingForm(DescribedForm):
    """A community or voluntary service: who runs it, where, and what needs it meets."""

    field_order = ["name", "organisation_name", "description", "address_line_1", "address_line_2", "town",
                   "postcode", "service_types", "client_groups", "specialisms"]

    name = forms.CharField(label="Name of the service", max_length=200,
                           error_messages={"required": "Enter the name of the service"})
    organisation_name = forms.CharField(label="Organisation that runs it", max_length=200,
                                        error_messages={"required": "Enter the organisation that runs it"})
    address_line_1 = forms.CharField(label="Address line 1", max_length=200,
                                     error_messages={"required": "Enter the first line of the address"})
    address_line_2 = forms.CharField(label="Address line 2", max_length=200, required=False)
    town = forms.CharField(label="Town or city", max_length=100, error_messages={"required": "Enter the town or city"})
    postcode = forms.CharField(label="Postcode", max_length=10, error_messages={"required": "Enter the postcode"})
    service_types = _codes_field("Type of support")
    client_groups = _codes_field("Who it is for")
    specialisms = _codes_field("Needs it specialises in")
    owner_email = forms.EmailField(label="Who keeps it up to date (email)", required=False,
                                   help_text="We ask this address to check the listing once a year",
                                   error_messages={"invalid": "Enter an email address like name@example.com"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        needs = need_choices()
        self.fields["service_types"].choices = needs["service_type"]
        self.fields["client_groups"].choices = needs["client_group"]
        self.fields["specialisms"].choices = needs["specialism"]

    def clean_postcode(self):
        text = self.cleaned_data["postcode"]
        place = place_for(text)
        if place is None or " " not in place.shown:
            raise forms.ValidationError("Enter a full postcode that we know, like DE1 2FS")
        return place.shown

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            **super().values(),
            **{name: data[name] for name in ("name", "organisation_name", "address_line_1", "address_line_2", "town",
                                             "postcode")},
            "service_type_codes": Listing.join_codes(data["service_types"]),
            "client_group_codes": Listing.join_codes(data["client_groups"]),
            "specialism_codes": Listing.join_codes(data["specialisms"]),
            **({"owner_email": data["owner_email"]} if "owner_email" in self.fields else {}),
        }

    @classmethod
    def initial_for(cls, listing: Listing) -> dict:
        return {**super().initial_for(listing),
                **{name: getattr(listing, name) for name in ("name", "organisation_name", "address_line_1",
                                                            "address_line_2", "town", "postcode", "owner_email")},
                "service_types": Listing.codes(listing.service_type_codes),
                "client_groups": Listing.codes(listing.client_group_codes),
                "specialisms": Listing.codes(listing.specialism_codes)}


class ProposerMixin(forms.Form):
    proposer_name = forms.CharField(label="Your name", max_length=200,
                                    error_messages={"required": "Enter your name"})
    proposer_email = forms.EmailField(label="Your email address", help_text="We tell you when it is published",
                                      error_messages={"required": "Enter your email address",
                                                      "invalid": "Enter an email address like name@example.com"})


class ProposalForm(CommunityListingForm, ProposerMixin):
    """The public form: an organisation proposes its service for the directory."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["owner_email"]


class ChangeProposalForm(CommunityListingForm, ProposerMixin):
    """The public form for a change to a community listing (from its owner's reminder)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["owner_email"]


class DecisionForm(GovukFormMixin, forms.Form):
    decision = forms.ChoiceField(label="Your decision", widget=forms.RadioSelect,
                                 choices=[("approve", "Approve and publish"), ("reject", "Reject")],
                                 error_messages={"required": "Choose approve or reject"})
    note = forms.CharField(label="Reason", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                           help_text="Needed to reject: it is sent to whoever proposed it")

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not data.get("note", "").strip():
            self.add_error("note", "Say why, so that the proposer can put it right")
        return data


class WithdrawForm(GovukFormMixin, forms.Form):
    note = forms.CharField(label="Why it is taken out of the directory", widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages={"required": "Say why the listing is taken out of the directory"})
