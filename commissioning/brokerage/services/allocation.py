"""Batch allocation: many waiting requests on one lot, assigned across the eligible services within
their weekly capacity by an optimal solver (domain/allocation.py), reviewed and edited by the
broker, then awarded as direct awards."""
import time
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from commissioning.core.audit import Action, audit_record
from commissioning.core.workflow import TransitionNotAllowed, transition
from commissioning.procurement.models import Lot
from commissioning.providers.models import Provider

from ..choices import AllocationStatus, DirectAwardReason
from ..domain.allocation import AllocationProblem, allocate, greedy
from ..models import AllocationLine, AllocationRun, CareRequest
from ..selectors import eligible_providers, waiting_on
from ..transitions import ALLOCATION
from ._base import guard
from .agreements import direct_award


def _need(request: CareRequest) -> Decimal:
    return Decimal(1) if request.counts_beds else request.weekly_hours


@transaction.atomic
def allocation_propose(*, lot: Lot, by) -> AllocationRun:
    """Propose providers for every request waiting on `lot`, the best total score within capacity."""
    requests = waiting_on(lot)
    if not requests:
        raise ValidationError("No request on this lot is waiting with its front door recorded")
    started = time.perf_counter()
    services_index: dict[int, int] = {}
    service_ids: list[int] = []
    capacity: list[Decimal] = []
    pairs: list[tuple[int, int, float]] = []
    options: dict[int, list[dict]] = {}
    for i, request in enumerate(requests):
        options[request.pk] = []
        for e in eligible_providers(request):
            j = services_index.get(e.service.pk)
            if j is None:
                j = services_index[e.service.pk] = len(service_ids)
                service_ids.append(e.service.pk)
                capacity.append(e.capacity_left)
            pairs.append((i, j, float(e.total_points)))
            options[request.pk].append({"provider": e.provider.pk, "service": e.service.pk, "name": e.provider.name,
                                        "points": str(e.total_points)})
    problem = AllocationProblem(request_ids=[r.pk for r in requests], hours=[_need(r) for r in requests],
                                provider_ids=service_ids, capacity=capacity, pairs=pairs)
    best, baseline = allocate(problem), greedy(problem)
    provider_of = {o["service"]: o["provider"] for opts in options.values() for o in opts}
    run = AllocationRun.objects.create(
        lot=lot, created_by=by, score=Decimal(str(round(best.score, 2))), bound=Decimal(str(round(best.bound, 2))),
        greedy_score=Decimal(str(round(baseline.score, 2))),
        seconds=Decimal(str(round(time.perf_counter() - started, 3))))
    lines = []
    for request in requests:
        service_id = best.assignment.get(request.pk)
        chosen = next((o for o in options[request.pk] if o["service"] == service_id), None)
        lines.append(AllocationLine(run=run, request=request, options=options[request.pk],
                                    service_id=service_id, provider_id=provider_of.get(service_id),
                                    points=Decimal(chosen["points"]) if chosen else None))
    AllocationLine.objects.bulk_create(lines)
    run.status_events.create(by=by, event="propose", to_status=run.status, note=f"{len(lines)} requests")
    audit_record(actor=by, action=Action.CREATED, obj=run, note=f"{len(lines)} requests on {lot}")
    return run


@transaction.atomic
def allocation_line_edit(*, line: AllocationLine, provider_id: int | None, by) -> AllocationLine:
    """Point a line at another eligible provider (or none), keeping every service within capacity."""
    line = AllocationLine.objects.select_for_update().select_related("request", "run", "provider").get(pk=line.pk)
    if line.run.status != AllocationStatus.PROPOSED:
        raise ValidationError("Only a proposal under review can be edited")
    before = str(line.provider or "left waiting")
    if provider_id is None:
        line.provider = line.service = line.points = None
        line.save()
    else:
        chosen = next((o for o in line.options if o["provider"] == provider_id), None)
        if chosen is None:
            raise ValidationError(f"{Provider.objects.get(pk=provider_id)} is not eligible for "
                                  f"{line.request.reference}")
        others = list(line.run.lines.filter(service_id=chosen["service"]).exclude(pk=line.pk)
                      .select_related("request"))
        used = sum((_need(other.request) for other in others), Decimal(0)) + _need(line.request)
        capacity_left = next((e.capacity_left for e in eligible_providers(line.request)
                              if e.service.pk == chosen["service"]), Decimal(0))
        if used > capacity_left:
            raise ValidationError(f"{chosen['name']} has {capacity_left} left a week: moving "
                                  f"{line.request.reference} there would exceed it")
        line.provider_id, line.service_id, line.points = provider_id, chosen["service"], Decimal(chosen["points"])
        line.save()
        line.refresh_from_db(fields=["provider"])
    audit_record(actor=by, action=Action.UPDATED, obj=line.run, note=line.request.reference,
                 changes={f"{line.request.reference}": [before, str(line.provider or "left waiting")]})
    return line


@transaction.atomic
def allocation_lines_edit(*, run: AllocationRun, choices: dict[AllocationLine, int | None], by) -> None:
    """Apply a broker's edits to several lines of a proposal at once: all of them, or none if one
    would break a service's capacity or eligibility."""
    for line, provider_id in choices.items():
        if line.run_id != run.pk:
            raise ValidationError(f"{line.request.reference} is not in this proposal")
        allocation_line_edit(line=line, provider_id=provider_id, by=by)


def allocation_award(*, run: AllocationRun, by) -> int:
    """Award every assigned line as a direct award; each is re-checked, and lines that no longer
    fit are reported and left waiting."""
    with transaction.atomic():
        run = AllocationRun.objects.select_for_update().get(pk=run.pk)
        guard(run, ALLOCATION, "award")
        awarded, problems = 0, []
        for line in run.lines.filter(provider__isnull=False).select_related("request", "provider"):
            try:
                with transaction.atomic():
                    direct_award(request=line.request, by=by, provider=line.provider,
                                 reason=DirectAwardReason.BATCH, note=f"Batch allocation A-{run.pk:05d}")
                awarded += 1
            except ValidationError as error:
                problems.append(f"{line.request.reference}: {' '.join(error.messages)}")
            except TransitionNotAllowed as error:
                problems.append(f"{line.request.reference}: {error}")
        transition(run, ALLOCATION, "award", by=by, note=f"{awarded} awarded" + (
            f", {len(problems)} not awarded" if problems else ""))
    if problems:
        raise ValidationError([f"{awarded} awarded; not awarded:", *problems])
    return awarded


@transaction.atomic
def allocation_discard(*, run: AllocationRun, by) -> AllocationRun:
    """Discard a proposal under review; its requests stay waiting."""
    run = AllocationRun.objects.select_for_update().get(pk=run.pk)
    guard(run, ALLOCATION, "discard")
    return transition(run, ALLOCATION, "discard", by=by, note="Proposal discarded")
