"""A provider's standing with the council, for those who place care with it: the council's RAG
(the worst of its active services' marks), its open concern cases, its open contract reviews and
whether new placements are suspended. The database computes it as columns beside any query that
carries the provider's id (`standing_sql`), so a ranking of a thousand members reads it in the
same query; `standing_for` is one query, two when some provider has open concern cases."""
from dataclasses import dataclass, field

from django.db import connection

from commissioning.providers.choices import CouncilRag, ServiceStatus

from .choices import ConcernStage, ReviewStatus
from .models import ConcernCase


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


def standing_sql(provider_id: str) -> tuple[str, list]:
    """The standing of the provider whose id is the SQL expression `provider_id`, as five columns
    for a SELECT list with their parameters: whether any of its active services is rated Red,
    Amber or Green by the council, and its open concern cases and open contract reviews (read
    them with `standing_from`). Portable SQL, so a ranking of a thousand members reads every
    standing in the query that finds them (ADR 0024). `provider_id` is a column the caller names,
    never input."""
    columns = f"""
        EXISTS (SELECT 1 FROM providers_service rag WHERE rag.provider_id = {provider_id}
                AND rag.status = %s AND rag.council_rag = %s) AS standing_red,
        EXISTS (SELECT 1 FROM providers_service rag WHERE rag.provider_id = {provider_id}
                AND rag.status = %s AND rag.council_rag = %s) AS standing_amber,
        EXISTS (SELECT 1 FROM providers_service rag WHERE rag.provider_id = {provider_id}
                AND rag.status = %s AND rag.council_rag = %s) AS standing_green,
        (SELECT COUNT(*) FROM quality_concerncase cc WHERE cc.provider_id = {provider_id}
         AND cc.stage <> %s) AS standing_concerns,
        (SELECT COUNT(*) FROM quality_contractreview cr
         JOIN quality_audit qa ON qa.id = cr.audit_id JOIN providers_service qs ON qs.id = qa.service_id
         WHERE qs.provider_id = {provider_id} AND cr.status = %s) AS standing_reviews"""  # noqa: S608
    active = ServiceStatus.ACTIVE
    return columns, [active, CouncilRag.RED, active, CouncilRag.AMBER, active, CouncilRag.GREEN,
                     ConcernStage.CLOSED, ReviewStatus.OPEN]


def standing_from(provider_id: int, red, amber, green, concerns: int, reviews: int,
                  suspended: bool = False) -> Standing:
    """A provider's standing from the five columns of `standing_sql`: the council's RAG is the
    worst mark of its active services."""
    rag = CouncilRag.RED if red else CouncilRag.AMBER if amber else CouncilRag.GREEN if green else ""
    return Standing(provider_id=provider_id, rag=rag, open_concerns=concerns, open_reviews=reviews,
                    placements_suspended=bool(suspended))


def add_concern_stages(standings: dict[int, Standing]) -> None:
    """Fill in the stages of the open concern cases of those standings that have any (one query)."""
    with_concerns = [pk for pk, standing in standings.items() if standing.open_concerns]
    if not with_concerns:
        return
    for provider_id, stage in (ConcernCase.objects.filter(provider_id__in=with_concerns)
                               .exclude(stage=ConcernStage.CLOSED).order_by("pk").values_list("provider_id", "stage")):
        standings[provider_id].concern_stages.append(stage)


def standing_for(provider_ids) -> dict[int, Standing]:
    """Each provider's standing (the council's view: callers are council services and pages)."""
    ids = list(provider_ids)
    found = {pk: Standing(provider_id=pk) for pk in ids}
    if not ids:
        return found
    columns, params = standing_sql("p.id")
    with connection.cursor() as cursor:
        placeholders = ", ".join(["%s"] * len(ids))
        cursor.execute(f"SELECT p.id, {columns}, p.new_placements_suspended FROM providers_provider p "  # noqa: S608
                       f"WHERE p.id IN ({placeholders})", [*params, *ids])
        for pk, *columns, suspended in cursor.fetchall():
            found[pk] = standing_from(pk, *columns, suspended=suspended)
    add_concern_stages(found)
    return found
