"""A provider's standing with the council, for those who place care with it: the council's RAG
(the worst of its active services' marks), its open concern cases, its open contract reviews and
whether new placements are suspended. Four queries for any number of providers."""
from dataclasses import dataclass, field

from django.db.models import Count

from commissioning.providers.choices import CouncilRag, ServiceStatus
from commissioning.providers.models import Provider, Service

from .choices import ConcernStage, ReviewStatus
from .models import ConcernCase, ContractReview

WORST_FIRST = [CouncilRag.RED, CouncilRag.AMBER, CouncilRag.GREEN]


@dataclass
class Standing:
    """What a broker must know about a provider before placing care with it."""

    provider_id: int
    rag: str = ""
    open_concerns: int = 0
    open_reviews: int = 0
    placements_suspended: bool = False
    concern_stages: list[str] = field(default_factory=list)

    @property
    def rag_tag(self):
        """The RAG as a member that carries its tag colour, or "" when the council has not rated it."""
        return CouncilRag(self.rag) if self.rag in CouncilRag.values else ""

    @property
    def is_red(self) -> bool:
        return self.rag == CouncilRag.RED

    @property
    def needs_reason(self) -> bool:
        """An award to this provider needs a recorded reason: Amber, or under concerns or review."""
        return self.rag == CouncilRag.AMBER or bool(self.open_concerns) or bool(self.open_reviews)

    @property
    def summary(self) -> str:
        """One line in people's words, e.g. "Council rating Amber; 1 open contract review"."""
        parts = [f"Council rating {CouncilRag(self.rag).label}" if self.rag else "Not rated by the council"]
        if self.open_concerns:
            parts.append(f"{self.open_concerns} open concern case{'s' if self.open_concerns != 1 else ''}")
        if self.open_reviews:
            parts.append(f"{self.open_reviews} open contract review{'s' if self.open_reviews != 1 else ''}")
        if self.placements_suspended:
            parts.append("new placements suspended")
        return "; ".join(parts)


def standing_for(provider_ids) -> dict[int, Standing]:
    """Each provider's standing (the council's view: callers are council services and pages)."""
    ids = list(provider_ids)
    found = {pk: Standing(provider_id=pk) for pk in ids}
    if not ids:
        return found
    for provider_id, rag in (Service.objects.filter(provider_id__in=ids, status=ServiceStatus.ACTIVE)
                             .exclude(council_rag="").values_list("provider_id", "council_rag")):
        current = found[provider_id].rag
        if not current or WORST_FIRST.index(rag) < WORST_FIRST.index(current):
            found[provider_id].rag = rag
    for provider_id, stage in (ConcernCase.objects.filter(provider_id__in=ids).exclude(stage=ConcernStage.CLOSED)
                               .values_list("provider_id", "stage")):
        found[provider_id].open_concerns += 1
        found[provider_id].concern_stages.append(stage)
    for provider_id, count in (ContractReview.objects.filter(audit__service__provider_id__in=ids,
                                                             status=ReviewStatus.OPEN)
                               .values_list("audit__service__provider_id").annotate(n=Count("id"))):
        found[provider_id].open_reviews = count
    for provider_id in Provider.objects.filter(pk__in=ids, new_placements_suspended=True).values_list("pk", flat=True):
        found[provider_id].placements_suspended = True
    return found
