"""Batch allocation: many waiting requests on one lot, assigned across the eligible services within
their weekly capacity by an optimal solver (domain/allocation.py), reviewed and edited by the
broker, then awarded as direct awards."""
import time
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from commissioning.procurement.models import Lot
from commissioning.providers.models import Provider

from . import services
from .choices import AllocationStatus, DirectAwardReason, RequestStatus
from .domain.allocation import AllocationProblem, allocate, greedy
from .models import AllocationLine, AllocationRun, CareRequest


def waiting_on(lot: Lot) -> list[CareRequest]:
    """Requests a broker can source now: new or unmet, with the front door recorded."""
    return list(CareRequest.objects.filter(lot=lot, status__in=[RequestStatus.NEW, RequestStatus.UNMET],
                                           front_door_checks__isnull=False).distinct()
                .select_related("lot__approved_list", "service_type", "locality").order_by("waiting_since"))


def _need(request: CareRequest) -> Decimal:
    return Decimal(1) if request.counts_beds else request.weekly_hours


@transaction.atomic
def propose(*, lot: Lot, by) -> AllocationRun:
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
        for e in services.eligible_providers(request):
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
    return run


def options_for(run: AllocationRun) -> dict[int, list[dict]]:
    return {line.pk: line.options for line in run.lines.all()}


@transaction.atomic
def edit_line(*, line: AllocationLine, provider_id: int | None, by) -> AllocationLine:
    """Point a line at another eligible provider (or none), keeping every service within capacity."""
    line = AllocationLine.objects.select_for_update().select_related("request", "run").get(pk=line.pk)
    if line.run.status != AllocationStatus.PROPOSED:
        raise ValidationError("Only a proposal under review can be edited")
    if provider_id is None:
        line.provider = line.service = line.points = None
        line.save()
        return line
    chosen = next((o for o in line.options if o["provider"] == provider_id), None)
    if chosen is None:
        raise ValidationError(f"{Provider.objects.get(pk=provider_id)} is not eligible for "
                              f"{line.request.reference}")
    others = list(line.run.lines.filter(service_id=chosen["service"]).exclude(pk=line.pk).select_related("request"))
    used = sum((_need(other.request) for other in others), Decimal(0)) + _need(line.request)
    capacity_left = next((e.capacity_left for e in services.eligible_providers(line.request)
                          if e.service.pk == chosen["service"]), Decimal(0))
    if used > capacity_left:
        raise ValidationError(f"{chosen['name']} has {capacity_left} left a week: moving "
                              f"{line.request.reference} there would exceed it")
    line.provider_id, line.service_id, line.points = provider_id, chosen["service"], Decimal(chosen["points"])
    line.save()
    return line


def award(*, run: AllocationRun, by) -> int:
    """Award every assigned line as a direct award; each is re-checked, and lines that no longer
    fit are reported and left waiting."""
    if run.status != AllocationStatus.PROPOSED:
        raise ValidationError("This proposal was already awarded or discarded")
    awarded, problems = 0, []
    for line in run.lines.filter(provider__isnull=False).select_related("request", "provider"):
        try:
            with transaction.atomic():
                services.direct_award(request=line.request, by=by, provider=line.provider,
                                      reason=DirectAwardReason.BATCH, note=f"Batch allocation A-{run.pk:05d}")
            awarded += 1
        except ValidationError as error:
            problems.append(f"{line.request.reference}: {' '.join(error.messages)}")
        except services.TransitionNotAllowed as error:
            problems.append(f"{line.request.reference}: {error}")
    run.status = AllocationStatus.AWARDED
    run.save(update_fields=["status"])
    if problems:
        raise ValidationError([f"{awarded} awarded; not awarded:", *problems])
    return awarded


def discard(*, run: AllocationRun, by) -> None:
    if run.status != AllocationStatus.PROPOSED:
        raise ValidationError("This proposal was already awarded or discarded")
    run.status = AllocationStatus.DISCARDED
    run.save(update_fields=["status"])
