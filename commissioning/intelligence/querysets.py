"""Who sees which intelligence records: benchmarks and comparator groups are council records."""
from commissioning.core.querysets import CouncilOnlyQuerySet, ProviderScopedQuerySet


class BenchmarkImportQuerySet(CouncilOnlyQuerySet):
    """Imported unit-cost files: council staff only."""


class UnitCostQuerySet(CouncilOnlyQuerySet):
    """Published unit costs as imported: council staff only (the public statement reads its own snapshot)."""

    def year(self, financial_year: int):
        return self.filter(financial_year=financial_year)


class ComparatorGroupQuerySet(CouncilOnlyQuerySet):
    """Comparator groups chosen by the council: council staff only."""


class FigureQuerySet(CouncilOnlyQuerySet):
    """The read models' figures: council staff only (the public statement shows its published snapshot)."""


class VacancyReturnQuerySet(ProviderScopedQuerySet):
    """Weekly bed returns: council staff see all, a provider user its own organisation's services'."""

    provider_path = "service__provider_id"
