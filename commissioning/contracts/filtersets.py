"""Filters of the register, shared by the list page and the API."""
from datetime import timedelta

import django_filters
from django.db.models import Q
from django.utils import timezone

from commissioning.accounts.models import User
from commissioning.accounts.roles import Role
from commissioning.planning.models import Directorate
from commissioning.providers.filtersets import GovukFilterForm
from commissioning.providers.models import Provider

from .choices import ContractKind, ContractStatus
from .models import Contract

ENDS_WITHIN = [("3", "3 months"), ("6", "6 months"), ("12", "12 months"), ("24", "2 years")]


class ContractFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Search")
    directorate = django_filters.ModelChoiceFilter(queryset=Directorate.objects.all(), label="Department",
                                                   empty_label="Any department")
    supplier = django_filters.ModelChoiceFilter(queryset=Provider.objects.all(), label="Supplier",
                                                empty_label="Any supplier")
    status = django_filters.ChoiceFilter(choices=ContractStatus.choices, label="Status", empty_label="Any status")
    kind = django_filters.ChoiceFilter(choices=ContractKind.choices, label="Contract or grant",
                                       empty_label="Contracts and grants")
    lead_commissioner = django_filters.ModelChoiceFilter(
        queryset=User.objects.filter(role=Role.LEAD_COMMISSIONER), label="Lead commissioner",
        empty_label="Any lead commissioner")
    ends_within = django_filters.ChoiceFilter(choices=ENDS_WITHIN, method="by_end", label="Ends within",
                                              empty_label="Any end date")

    class Meta:
        model = Contract
        form = GovukFilterForm
        fields = ["q", "directorate", "supplier", "status", "kind", "lead_commissioner", "ends_within"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        user = user or getattr(self.request, "user", None)  # the API's filter backend passes the request
        if user is not None:
            # A provider user is offered only its own organisation as a supplier.
            self.filters["supplier"].queryset = Provider.objects.for_user(user)

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(reference__iexact=value) | Q(title__icontains=value)
                               | Q(supplier__name__icontains=value))

    def by_end(self, queryset, name, value):
        today = timezone.localdate()
        return queryset.filter(end_date__gte=today, end_date__lte=today + timedelta(days=int(value) * 365 // 12))
