"""The API lists' filter backend, doing no work an answer does not need (ADR 0024,
"Rate limits in one query, and filters only when named").

A request that names no filter gets the same rows as a FilterSet with every field empty (each
django-filter filter returns the queryset as it is for an empty value), so the FilterSet, its form
and its validation are skipped. Any parameter that names a filter, even an empty or invalid one,
goes through the FilterSet as before (an invalid value is still answered 400).
"""
from django_filters.rest_framework import DjangoFilterBackend


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend, skipped when the request names none of the FilterSet's filters."""

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is None:
            return queryset
        names = tuple(filterset_class.base_filters)
        if not any(param.startswith(names) for param in request.query_params):  # `name` or `name_after`
            return queryset
        return super().filter_queryset(request, queryset, view)

