"""Planning records are the council's own: council staff see them, providers and anyone else none."""
from commissioning.core.querysets import CouncilOnlyQuerySet


class PlanningQuerySet(CouncilOnlyQuerySet):
    """Every row for council staff (each page's role check says who may change it), none for anyone else."""
