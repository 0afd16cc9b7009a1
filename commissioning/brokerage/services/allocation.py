"""Batch allocation: many waiting requests on one lot, assigned across the eligible services within
their weekly capacity (domain/allocation.py: a min-cost flow, its split packages repaired, a local
search; ADR 0019), reviewed and edited by the broker, then awarded as direct awards. From the page
the solver runs in a job, whose result link is the proposal. The solver stops on work limits, never
on seconds, so the same waiting list gives the same proposal however busy the server is; the bound
stored with it is the true LP bound, and it is never below first come first served. A line to a
provider whose standing needs a reason (Amber, open concerns or a contract review) is shown with its
standing and the run is not awarded until each such line carries the broker's reason, which goes onto
the agreement; Red and suspended providers are never eligible, so never proposed."""
import time
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction

from commissioning.core.audit import Action, audit_record
from commissioning.core.jobs import JobFailed, JobOutcome, job_enqueue, job_progress
from commissioning.core.models import Job
from commissioning.core.workflow import TransitionNotAllowed, transition
from commissioning.procurement.models import Lot
from commissioning.providers.models import Provider
from commissioning.quality.standing import standing_for

from ..choices import AllocationStatus, DirectAwardReason
from ..domain.allocation import Allocation, AllocationProblem, allocate, greedy
from ..models import AllocationLine, AllocationRun, CareRequest
from ..selectors import eligible_providers, waiting_on
from ..transitions import ALLOCATION
from ._base import guard
from .agreements import direct_award


def _need(request: CareRequest) -> Decimal:
    return Decimal(1) if request.counts_beds else request.weekly_hours


@dataclass
class _Proposal:
    lot: Lot
    requests: list[CareRequest]
    options: dict[int, list[dict]]
    best: Allocation
    baseline: Allocation
    seconds: Decimal


def _solve(*, lot: Lot, job=None) -> _Proposal:
    """Gather every waiting request's eligible services (counting requests for a job) and solve."""
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
                                        "points": str(e.total_points),
                                        "standing": e.standing.summary if e.standing and e.standing.needs_reason
                                        else ""})
        if job is not None:
            job_progress(job, done=i + 1, total=len(requests))
    problem = AllocationProblem(request_ids=[r.pk for r in requests], hours=[_need(r) for r in requests],
                                provider_ids=service_ids, capacity=capacity, pairs=pairs)
    best, baseline = allocate(problem), greedy(problem)
    return _Proposal(lot=lot, requests=requests, options=options, best=best, baseline=baseline,
                     seconds=Decimal(str(round(time.perf_counter() - started, 3))))


def _save(proposal: _Proposal, *, by) -> AllocationRun:
    best, options = proposal.best, proposal.options
    provider_of = {o["service"]: o["provider"] for opts in options.values() for o in opts}
    run = AllocationRun.objects.create(
        lot=proposal.lot, created_by=by, score=Decimal(str(round(best.score, 2))),
        bound=Decimal(str(round(best.bound, 2))), greedy_score=Decimal(str(round(proposal.baseline.score, 2))),
        seconds=proposal.seconds)
    lines = []
    for request in proposal.requests:
        service_id = best.assignment.get(request.pk)
        chosen = next((o for o in options[request.pk] if o["service"] == service_id), None)
        lines.append(AllocationLine(run=run, request=request, options=options[request.pk],
                                    service_id=service_id, provider_id=provider_of.get(service_id),
                                    points=Decimal(chosen["points"]) if chosen else None))
    AllocationLine.objects.bulk_create(lines)
    run.status_events.create(by=by, event="propose", to_status=run.status, note=f"{len(lines)} requests")
    audit_record(actor=by, action=Action.CREATED, obj=run, note=f"{len(lines)} requests on {proposal.lot}")
    return run


@transaction.atomic
def allocation_propose(*, lot: Lot, by) -> AllocationRun:
    """Propose providers for every request waiting on `lot`, the best total score within capacity."""
    return _save(_solve(lot=lot), by=by)


def allocation_propose_start(*, lot: Lot, by):
    """Start the job that proposes an allocation for `lot`; refused at once when nothing is waiting
    on it. Returns the job."""
    from ..tasks import allocation_propose_run

    waiting = len(waiting_on(lot))
    if not waiting:
        raise ValidationError("No request on this lot is waiting with its front door recorded")
    return job_enqueue(task=allocation_propose_run, kind="allocation", title=f"Batch allocation on {lot}", by=by,
                       subject=lot, provider=None, total=waiting, lot_id=lot.pk, by_id=by.pk)


def allocation_propose_job(job, *, lot_id: int, by_id: int) -> JobOutcome:
    """The job's work: solve outside any transaction, counting requests, then store the proposal and
    make it the locked job's record in one transaction, so a job run again after a restart finds its
    proposal and makes no second one."""
    run = _made_by(job)
    if run is None:
        try:
            proposal = _solve(lot=Lot.objects.get(pk=lot_id), job=job)
        except ValidationError as error:
            raise JobFailed(f"No allocation was proposed: {' '.join(error.messages)}.") from None
        with transaction.atomic():
            run = _made_by(job, lock=True)
            if run is None:
                run = _save(proposal, by=get_user_model().objects.get(pk=by_id))
                Job.objects.filter(pk=job.pk).update(content_type=ContentType.objects.get_for_model(run),
                                                     object_id=run.pk)
                job_progress(job, done=len(proposal.requests), total=len(proposal.requests))
    assigned, count = run.lines.filter(provider__isnull=False).count(), run.lines.count()
    return JobOutcome(f"Proposed a provider for {assigned} of {count} waiting request{'s' if count != 1 else ''}: "
                      "review and change the proposal before anything is awarded.", run.get_absolute_url())


def _made_by(job, *, lock=False) -> AllocationRun | None:
    rows = Job.objects.select_for_update() if lock else Job.objects
    row = rows.get(pk=job.pk)
    if row.content_type_id != ContentType.objects.get_for_model(AllocationRun).pk:
        return None
    return AllocationRun.objects.get(pk=row.object_id)


@transaction.atomic
def allocation_line_edit(*, line: AllocationLine, provider_id: int | None, by) -> AllocationLine:
    """Point a line at another eligible provider (or none), keeping every service within capacity."""
    line = AllocationLine.objects.select_for_update(of=("self",)).select_related("request", "run", "provider").get(
        pk=line.pk)
    if line.run.status != AllocationStatus.PROPOSED:
        raise ValidationError("Only a proposal under review can be edited")
    before = str(line.provider or "left waiting")
    line.standing_reason = ""
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
def allocation_line_reason(*, line: AllocationLine, reason: str, by) -> AllocationLine:
    """Record (or change) the broker's reason for placing a line with a provider whose standing needs
    one; audited on the run with the provider's standing at the time."""
    line = AllocationLine.objects.select_for_update(of=("self",)).select_related("request", "run", "provider").get(
        pk=line.pk)
    if line.run.status != AllocationStatus.PROPOSED:
        raise ValidationError("Only a proposal under review can be edited")
    if line.provider_id is None:
        raise ValidationError(f"{line.request.reference} is left waiting: there is no placement to give a reason for")
    reason = reason.strip()
    if reason == line.standing_reason:
        return line
    before, line.standing_reason = line.standing_reason, reason
    line.save(update_fields=["standing_reason"])
    standing = standing_for([line.provider_id])[line.provider_id]
    audit_record(actor=by, action=Action.UPDATED, obj=line.run, note=f"{line.request.reference}: {standing.summary}",
                 changes={f"Reason for placing {line.request.reference} with {line.provider}": [before, reason]})
    return line


@transaction.atomic
def allocation_lines_edit(*, run: AllocationRun, choices: dict[AllocationLine, int | None], by,
                          reasons: dict[AllocationLine, str] | None = None) -> None:
    """Apply a broker's edits to several lines of a proposal at once, providers first and then the
    reasons given for placing with a provider whose standing needs one: all of them, or none if one
    would break a service's capacity or eligibility."""
    for line in [*choices, *(reasons or {})]:
        if line.run_id != run.pk:
            raise ValidationError(f"{line.request.reference} is not in this proposal")
    for line, provider_id in choices.items():
        allocation_line_edit(line=line, provider_id=provider_id, by=by)
    for line, reason in (reasons or {}).items():
        line.refresh_from_db(fields=["provider", "standing_reason"])
        if line.provider_id is not None:
            allocation_line_reason(line=line, reason=reason, by=by)


def reasons_missing(run: AllocationRun) -> list[str]:
    """The lines of a proposal placed with a provider whose standing, now, needs a reason that the
    broker has not given, each as a sentence naming the request, provider and standing."""
    lines = list(run.lines.filter(provider__isnull=False).select_related("request", "provider"))
    standings = standing_for({line.provider_id for line in lines})
    return [f"Give the reason for placing {line.request.reference} with {line.provider} "
            f"({standings[line.provider_id].summary}), or choose another provider"
            for line in lines if standings[line.provider_id].needs_reason and not line.standing_reason.strip()]


def allocation_award(*, run: AllocationRun, by) -> int:
    """Award every assigned line as a direct award; each is re-checked, and lines that no longer
    fit (a provider since rated Red or suspended among them) are reported and left waiting. Refused,
    with nothing awarded, while a line to a provider whose standing needs a reason has none."""
    with transaction.atomic():
        run = AllocationRun.objects.select_for_update().get(pk=run.pk)
        guard(run, ALLOCATION, "award")
        missing = reasons_missing(run)
        if missing:
            raise ValidationError(missing)
        awarded, problems = 0, []
        for line in run.lines.filter(provider__isnull=False).select_related("request", "provider"):
            try:
                with transaction.atomic():
                    direct_award(request=line.request, by=by, provider=line.provider,
                                 reason=DirectAwardReason.BATCH, note=f"Batch allocation A-{run.pk:05d}",
                                 standing_reason=line.standing_reason)
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
