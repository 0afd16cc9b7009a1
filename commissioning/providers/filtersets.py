"""Filters shared by the register pages and the API."""
import django_filters
from django import forms
from django.db.models import Q

from commissioning.accounts.models import Market
from commissioning.core.forms import GovukFormMixin

from .choices import CqcRating, ProviderStatus, ServiceStatus
from .models import Locality, Provider, Service, ServiceType


class GovukFilterForm(GovukFormMixin, forms.Form):
    """Filters render as GOV.UK fields in the side panel of a list page."""


class ProviderFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Search")
    market_area = django_filters.ModelChoiceFilter(
        queryset=Market.objects.all(), to_field_name="code", method="by_market_area", label="Market area",
        empty_label="Any market area",
    )
    service_type = django_filters.ModelChoiceFilter(
        queryset=ServiceType.objects.all(), field_name="services__service_types", distinct=True,
        label="Service type", empty_label="Any service type",
    )
    locality = django_filters.ModelChoiceFilter(
        queryset=Locality.objects.all(), field_name="services__locality", distinct=True,
        label="Locality", empty_label="Any locality",
    )
    cqc_rating = django_filters.ChoiceFilter(
        choices=CqcRating.choices, field_name="services__cqc_rating", distinct=True,
        label="CQC rating of a service", empty_label="Any rating",
    )
    status = django_filters.ChoiceFilter(choices=ProviderStatus.choices, label="Status", empty_label="Any status")

    class Meta:
        model = Provider
        form = GovukFilterForm
        fields = ["q", "market_area", "service_type", "locality", "cqc_rating", "status"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value) | Q(legal_name__icontains=value) | Q(cqc_provider_id__iexact=value)
            | Q(companies_house_number__iexact=value) | Q(services__name__icontains=value)
            | Q(services__cqc_location_id__iexact=value) | Q(services__postcode__istartswith=value)
        ).distinct()

    def by_market_area(self, queryset, name, value):
        return queryset.filter(services__service_types__market_area=value).distinct()


class ServiceFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Search")
    market_area = django_filters.ModelChoiceFilter(
        queryset=Market.objects.all(), to_field_name="code", field_name="service_types__market_area",
        distinct=True, label="Market area", empty_label="Any market area",
    )
    service_type = django_filters.ModelChoiceFilter(
        queryset=ServiceType.objects.all(), field_name="service_types", distinct=True,
        label="Service type", empty_label="Any service type",
    )
    locality = django_filters.ModelChoiceFilter(
        queryset=Locality.objects.all(), label="Locality", empty_label="Any locality"
    )
    cqc_rating = django_filters.ChoiceFilter(choices=CqcRating.choices, label="CQC rating", empty_label="Any rating")
    status = django_filters.ChoiceFilter(choices=ServiceStatus.choices, label="Status", empty_label="Any status")
    provider = django_filters.NumberFilter(field_name="provider_id", label="Provider ID", widget=forms.HiddenInput)

    class Meta:
        model = Service
        form = GovukFilterForm
        fields = ["q", "market_area", "service_type", "locality", "cqc_rating", "status", "provider"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value) | Q(provider__name__icontains=value)
            | Q(cqc_location_id__iexact=value) | Q(postcode__istartswith=value)
        )
