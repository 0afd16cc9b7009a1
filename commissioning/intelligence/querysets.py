"""Who sees which intelligence records: benchmarks and comparator groups are council records."""
from commissioning.core.querysets import CouncilOnlyQuerySet


class BenchmarkImportQuerySet(CouncilOnlyQuerySet):
    """Imported unit-cost files: council staff only."""


class UnitCostQuerySet(CouncilOnlyQuerySet):
    """Published unit costs as imported: council staff only (the public statement reads its own snapshot)."""

    def year(self, financial_year: int):
        return self.filter(financial_year=financial_year)


class ComparatorGroupQuerySet(CouncilOnlyQuerySet):
    """Comparator groups chosen by the council: council staff only."""
