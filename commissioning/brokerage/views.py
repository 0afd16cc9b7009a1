"""Council pages of brokerage: requests, the queue, awards, competitions, agreements, dashboard."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from commissioning.core.audit import Action, audit_record
from commissioning.core.csv_export import safe_writer
from commissioning.core.errors import form_errors_from
from commissioning.core.money import pence_to_pounds, pounds_to_pence
from commissioning.core.pagination import paginate
from commissioning.core.permissions import allow_roles

from . import rules, selectors, services
from .choices import AgreementStatus, AllocationStatus, CompetitionStatus, FrontDoorOption, RequestStatus
from .forms import (
    AllocationForm,
    AwardForm,
    CareRequestForm,
    CompetitionOpenForm,
    DirectAwardForm,
    DirectorySuggestionForm,
    FrontDoorForm,
    PersonForm,
    ReserveForm,
    ScoreForm,
    UnmetForm,
    WaiverDecisionForm,
    WaiverForm,
)
from .models import CareRequest
from .transitions import TransitionNotAllowed

SOURCING = (RequestStatus.NEW, RequestStatus.UNMET)


def _request(user, pk) -> CareRequest:
    return get_object_or_404(selectors.request_scope(user=user), pk=pk)


def _csv_response(name: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}-{timezone.localdate():%Y-%m-%d}.csv"'
    return response


def _described(filters: dict) -> str:
    return "; ".join(f"{k}: {v}" for k, v in filters.items() if v) or "no filters"


@allow_roles(rules.VIEW_REQUESTS)
def request_list(request):
    """Requests with their status, filtered by status and lot; a social worker sees the ones they
    made first. The same filters give the CSV download."""
    mine = request.GET.get("mine") == "1" or (request.user.role in rules.REQUEST_CARE - rules.BROKER
                                              and "mine" not in request.GET)
    status, lot_id = request.GET.get("status", ""), request.GET.get("lot", "")
    requests = selectors.request_rows(user=request.user, status=status, mine=mine, lot_id=lot_id)
    if request.GET.get("format") == "csv":
        response = _csv_response("care-requests")
        writer = safe_writer(response)
        writer.writerow(["Request", "Person", "Lot", "Service", "Locality", "Hours a week", "Wanted start",
                         "Urgency", "Status", "Requested", "Requested by"])
        count = 0
        for care in requests.iterator(chunk_size=500):
            writer.writerow([care.reference, care.person.reference, f"{care.lot.approved_list.reference} {care.lot}",
                             str(care.service_type), care.locality.name, care.weekly_hours,
                             f"{care.start_date:%d/%m/%Y}", care.get_urgency_display(), care.get_status_display(),
                             f"{timezone.localtime(care.created_at):%d/%m/%Y}", str(care.requested_by)])
            count += 1
        audit_record(actor=request.user, action=Action.EXPORTED, obj=request.user,
                     note=f"Care requests exported: {count} row(s); " + _described(
                         {"status": status, "lot": lot_id, "mine": "yes" if mine else ""}))
        return response
    query = request.GET.copy()
    query["format"] = "csv"
    return render(request, "brokerage/request_list.html", {
        "requests": requests[:200], "mine": mine, "can_request": request.user.role in rules.REQUEST_CARE,
        "status": status, "statuses": RequestStatus.choices, "lot": lot_id, "lots": selectors.lots_with_requests(
            user=request.user), "csv_query": query.urlencode(), "mine_value": "1" if mine else "0"})


@allow_roles(rules.REQUEST_CARE)
def request_create(request):
    person_form = PersonForm(request.POST or None, prefix="person")
    form = CareRequestForm(request.POST or None, prefix="care")
    if request.method == "POST":
        person_ok, form_ok = person_form.is_valid(), form.is_valid()
        if person_ok and form_ok:
            try:
                care = services.request_create(by=request.user, person=person_form.save(commit=False),
                                               request=form.save(commit=False),
                                               specialisms=form.cleaned_data["specialisms"])
            except ValidationError as error:
                form_errors_from(form, error)
            else:
                messages.success(request, f"{care.reference} is in the brokerage queue")
                return redirect(care)
    return render(request, "brokerage/request_form.html", {"form": form, "person_form": person_form,
                                                           "errors_forms": [person_form, form]})


@allow_roles(rules.VIEW_REQUESTS)
def request_detail(request, pk):
    care = _request(request.user, pk)
    is_broker = request.user.role in rules.BROKER
    reserves = selectors.reserve_lots(care) if is_broker and care.status in SOURCING else []
    return render(request, "brokerage/request_detail.html", {
        "reserves": reserves,
        "care": care,
        "checks": care.front_door_checks.select_related("recorded_by", "suggested"),
        "events": care.status_events.select_related("by"),
        "competitions": care.competitions.all(),
        "agreements": care.agreements.select_related("provider"),
        "specialisms": care.specialisms.all(),
        "eligible": services.eligible_providers(care) if is_broker and care.status in SOURCING else [],
        "is_broker": is_broker,
        "sourcing": care.status in SOURCING,
        "has_front_door": care.front_door_checks.exists(),
        "may_direct_payment": request.user.role in rules.ARRANGE_DIRECT_PAYMENT and care.status in SOURCING,
        "direct_payment": getattr(care, "direct_payment", None),
        "can_approve_waiver": request.user.role in rules.APPROVE_WAIVER
        and care.status == RequestStatus.WAIVER_PENDING,
    })


@allow_roles(rules.BROKER)
def queue(request):
    return render(request, "brokerage/queue.html", {
        **paginate(request, selectors.queue(user=request.user)),
        "unmet": paginate(request, selectors.queue(user=request.user, statuses=(RequestStatus.UNMET,)),
                          param="unmet_page"),
        "in_competition": selectors.competitions_in_progress(user=request.user),
        "now": timezone.now()})


def _broker_action(request, pk, form, template, act, success: str, extra=None):
    care = _request(request.user, pk)
    if request.method == "POST" and form.is_valid():
        try:
            act(care, form.cleaned_data)
        except TransitionNotAllowed as error:
            messages.error(request, str(error))
            return redirect(care)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, success)
            return redirect(care)
    return render(request, template, {"care": care, "form": form, **(extra or {})})


@allow_roles(rules.BROKER)
def front_door(request, pk):
    def act(care, data):
        services.front_door_record(request=care, by=request.user, **data)
    return _broker_action(request, pk, FrontDoorForm(request.POST or None), "brokerage/front_door.html", act,
                          "Front-door option recorded")


@allow_roles(rules.BROKER)
def front_door_directory(request, pk):
    """Search the public directory from a request (near the person's postcode by default) and record
    which service was suggested and what came of it."""
    from commissioning.directory import selectors as directory
    from commissioning.directory.domain.geo import distance_words
    from commissioning.directory.forms import SearchForm

    care = _request(request.user, pk)
    query = request.GET.copy() if any(request.GET.get(k) for k in SearchForm.base_fields) else None
    if query is None:
        query = {"postcode": care.postcode if directory.place_for(care.postcode) else care.postcode_district,
                 "radius": "10"}
    search = SearchForm(query)
    found = []
    if search.is_valid():
        found = list(directory.search_listings(search.search())[:10])
    if request.method == "POST":
        posted = request.POST.get("listing", "")
        found = list(directory.published_listings().filter(pk=int(posted))) if posted.isdigit() else []
    form = DirectorySuggestionForm(request.POST or None, found=found)
    if request.method == "POST" and form.is_valid():
        try:
            services.front_door_record(request=care, by=request.user, option=FrontDoorOption.DIRECTORY,
                                       outcome=form.cleaned_data["outcome"], note=form.cleaned_data["note"],
                                       suggested=found[0])
        except TransitionNotAllowed as error:
            messages.error(request, str(error))
            return redirect(care)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, f"Recorded: {found[0].name} suggested from the directory")
            return redirect(care)
    rows = [{"listing": item, "distance": distance_words(item.distance_km) if hasattr(item, "distance_km") else ""}
            for item in found]
    return render(request, "brokerage/front_door_directory.html", {
        "care": care, "search": search, "form": form, "rows": rows})


@allow_roles(rules.BROKER)
def direct_award(request, pk):
    care = _request(request.user, pk)
    eligible = services.eligible_providers(care)

    def act(care, data):
        provider = next(e.provider for e in eligible if e.provider.pk == int(data["provider"]))
        services.direct_award(request=care, by=request.user, provider=provider, reason=data["reason"],
                              note=data["note"], standing_reason=data["standing_reason"])
    return _broker_action(request, pk, DirectAwardForm(request.POST or None, eligible=eligible),
                          "brokerage/direct_award.html", act, "Awarded: the provider is asked to accept",
                          {"eligible": eligible})


@allow_roles(rules.BROKER)
def competition_open(request, pk):
    """Set the outcome questions (one per outcome of the request to start with) and whether a
    moderator agrees the scores, then send the requirement to the eligible members."""
    care = _request(request.user, pk)
    form = CompetitionOpenForm(request.POST or None,
                               initial={"questions": "\n".join(services.outcome_questions(care))})
    if request.method == "POST" and form.is_valid():
        try:
            competition = services.competition_open(request=care, by=request.user, questions=form.question_list(),
                                                    moderated=form.cleaned_data["moderated"])
        except TransitionNotAllowed as error:
            messages.error(request, str(error))
            return redirect(care)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, f"{competition.reference} sent to {competition.invites.count()} providers")
            return redirect(competition)
    return render(request, "brokerage/competition_open.html", {"care": care, "form": form})


@allow_roles(rules.BROKER)
def send_to_reserve(request, pk):
    """Send a request its lot could not place to a reserve lot, with the reason."""
    care = _request(request.user, pk)
    form = ReserveForm(request.POST or None, lots=selectors.reserve_lots(care))

    def act(care, data):
        services.request_send_to_reserve(request=care, by=request.user, lot=data["lot"], reason=data["reason"])
    return _broker_action(request, pk, form, "brokerage/reserve_form.html", act,
                          "Sent to the reserve lot: it waits in the queue there")


@allow_roles(rules.BROKER)
def mark_unmet(request, pk):
    def act(care, data):
        services.request_mark_unmet(request=care, by=request.user, **data)
    return _broker_action(request, pk, UnmetForm(request.POST or None), "brokerage/unmet_form.html", act,
                          "Recorded as unmet need")


@allow_roles(rules.BROKER)
def waiver(request, pk):
    def act(care, data):
        services.waiver_request(request=care, by=request.user, provider=data["provider"],
                                rate_pence=pounds_to_pence(data["rate"]), reason=data["reason"])
    return _broker_action(request, pk, WaiverForm(request.POST or None), "brokerage/waiver_form.html", act,
                          "Spot purchase sent for approval")


@allow_roles(rules.APPROVE_WAIVER)
def waiver_decide(request, pk):
    def act(care, data):
        services.waiver_decide(request=care, by=request.user, approve=data["decision"] == "approve",
                               note=data["note"])
    return _broker_action(request, pk, WaiverDecisionForm(request.POST or None), "brokerage/waiver_decide.html",
                          act, "Waiver decided")


@allow_roles(rules.VIEW_REQUESTS)
def competition_detail(request, pk):
    """A competition: who was invited and who answered; once closed the scoring's progress, then
    the ranking with each provider's standing, and the award."""
    competition = get_object_or_404(selectors.competition_scope(user=request.user), pk=pk)
    if competition.status == CompetitionStatus.OPEN and timezone.now() >= competition.closes_at:
        services.competition_close(competition=competition, by=request.user)
        competition.refresh_from_db()
    closed = competition.status != CompetitionStatus.OPEN
    offers = selectors.competition_offers(user=request.user, competition=competition)
    standings = selectors.standings_of([o.provider_id for o in offers]) if closed else {}
    if closed:
        versions = selectors.offer_revisions(user=request.user, offers=offers)
        quality = services.offer_quality_of(competition, offers)
        for offer in offers:
            offer.versions = versions.get(offer.pk, [])
            offer.standing = standings.get(offer.provider_id)
            offer.scored_quality = quality.get(offer.pk)
    is_broker = request.user.role in rules.BROKER
    form = None
    if is_broker and competition.status == CompetitionStatus.RANKED and offers:
        offerable = [o for o in offers if not (o.standing and (o.standing.is_red or o.standing.placements_suspended))]
        form = AwardForm(request.POST or None, offers=offerable,
                         initial={"offer": str(offerable[0].pk)} if offerable else {})
        if request.method == "POST" and form.is_valid():
            try:
                agreement = services.competition_award(
                    competition=competition, offer=next(o for o in offers if str(o.pk) == form.cleaned_data["offer"]),
                    by=request.user, note=form.cleaned_data["note"],
                    standing_reason=form.cleaned_data["standing_reason"])
            except (TransitionNotAllowed, ValidationError) as error:
                form_errors_from(form, error if isinstance(error, ValidationError) else ValidationError(str(error)))
            else:
                messages.success(request, f"Awarded: {agreement.reference} is with {agreement.provider}")
                return redirect(competition)
    elif is_broker and competition.status == CompetitionStatus.CLOSED and request.method == "POST":
        try:
            services.competition_rank(competition=competition, by=request.user)
        except (TransitionNotAllowed, ValidationError) as error:
            for message in getattr(error, "messages", [str(error)]):
                messages.error(request, message)
        else:
            messages.success(request, "Offers ranked: choose the offer to award")
        return redirect(competition)
    invites = list(selectors.competition_invites(user=request.user, competition=competition))
    return render(request, "brokerage/competition_detail.html", {
        "competition": competition, "care": competition.request, "closed": closed,
        "ranked": competition.status in (CompetitionStatus.RANKED, CompetitionStatus.AWARDED),
        "invites": invites, "declined": [i for i in invites if i.declined_at],
        "questions": competition.questions.all(), "is_broker": is_broker,
        "offers": offers if closed else [], "offer_count": len(offers), "form": form})


@allow_roles(rules.SCORE_OFFERS)
def scoring_list(request):
    """Competitions closed and waiting for their offers' scores."""
    return render(request, "brokerage/scoring_list.html", {
        "competitions": selectors.competitions_to_score(user=request.user).select_related("request"),
        "can_moderate": request.user.role in rules.MODERATE_OFFERS})


@allow_roles(rules.SCORE_OFFERS)
def competition_scoring(request, pk):
    """An evaluator scores each offer's answers alone, blind to price and provider; where the
    competition is moderated, the moderator then agrees each offer's final scores."""
    competition = get_object_or_404(selectors.competition_scope(user=request.user), pk=pk)
    can_moderate = competition.moderated and request.user.role in rules.MODERATE_OFFERS
    sheet = selectors.scoring_sheet(user=request.user, competition=competition)
    offers = {str(entry["offer"].pk): entry["offer"] for entry in sheet}
    questions = {str(q.pk): q for q in competition.questions.all()}
    editable = competition.status == CompetitionStatus.CLOSED
    errors: dict[str, list[str]] = {}
    if request.method == "POST" and editable:
        offer = offers.get(request.POST.get("offer", ""))
        if offer is None:
            messages.error(request, "Choose an offer to score")
            return redirect("brokerage:competition_scoring", pk=pk)
        action = request.POST.get("action", "score")
        try:
            if action == "moderate" and can_moderate:
                agreed = {}
                for qid, question in questions.items():
                    raw = request.POST.get(f"agreed_{qid}", "").strip()
                    agreed[question.pk] = (int(raw) if raw.isdigit() else None,
                                           request.POST.get(f"agreed_reason_{qid}", ""))
                services.offer_scores_moderate(offer=offer, moderator=request.user, agreed=agreed)
                messages.success(request, "Scores agreed")
            else:
                for qid, question in questions.items():
                    form = ScoreForm({"score": request.POST.get(f"score_{qid}", ""),
                                      "reason": request.POST.get(f"reason_{qid}", "")},
                                     top=competition.score_scale_max)
                    if not form.is_valid():
                        for field, problems in form.errors.items():
                            errors.setdefault(f"{offer.pk}_{qid}_{field}", []).extend(
                                f"Question {question.number}: {p}" for p in problems)
                if not errors:
                    with transaction.atomic():
                        for qid, question in questions.items():
                            services.offer_score_record(
                                offer=offer, question=question, evaluator=request.user,
                                score=int(request.POST[f"score_{qid}"]), reason=request.POST[f"reason_{qid}"])
                    messages.success(request, "Scores saved")
                    return redirect("brokerage:competition_scoring", pk=pk)
        except ValidationError as error:
            for message in error.messages:
                errors.setdefault("__all__", []).append(message)
        else:
            if not errors:
                return redirect("brokerage:competition_scoring", pk=pk)
    return render(request, "brokerage/competition_scoring.html", {
        "competition": competition, "care": competition.request, "sheet": sheet, "editable": editable,
        "can_moderate": can_moderate, "errors": errors, "posted": request.POST if errors else {},
        "posted_offer": request.POST.get("offer", "") if errors else "",
        "error_list": [m for problems in errors.values() for m in problems],
        "top": competition.score_scale_max})


@allow_roles(rules.DASHBOARD)
def fairness(request):
    """Each member's share of the awards of its lot over the last 12 months."""
    lots = selectors.lots_with_members()
    lot_id = request.GET.get("lot", "")
    lot = next((x for x in lots if str(x.pk) == lot_id), None)
    return render(request, "brokerage/fairness.html", {
        "rows": selectors.award_shares(user=request.user, lot=lot), "lots": lots, "lot": lot_id})


def agreements_csv(request, agreements, *, filters: dict, sees_person: bool) -> HttpResponse:
    """The agreements shown, as a CSV safe to open in a spreadsheet; the export is audited."""
    response = _csv_response("agreements")
    writer = safe_writer(response)
    writer.writerow(["Agreement", "Provider", "Person" if sees_person else "Request", "Service", "Route",
                     "Start", "Rate (£)", "Weekly cost (£)", "Status"])
    count = 0
    for a in agreements.iterator(chunk_size=500):
        writer.writerow([a.reference, a.provider.name, a.person.reference if sees_person else a.request.reference,
                         str(a.request.service_type), a.get_route_display(), f"{a.start_date:%d/%m/%Y}",
                         pence_to_pounds(a.rate_pence), pence_to_pounds(a.weekly_cost_pence), a.get_status_display()])
        count += 1
    audit_record(actor=request.user, action=Action.EXPORTED, obj=request.user,
                 note=f"Agreements exported: {count} row(s); {_described(filters)}")
    return response


@allow_roles(rules.VIEW_AGREEMENTS)
def agreement_list(request):
    status = request.GET.get("status", "")
    agreements = selectors.agreement_rows(user=request.user, status=status)
    if request.GET.get("format") == "csv":
        return agreements_csv(request, agreements, filters={"status": status}, sees_person=True)
    query = request.GET.copy()
    query["format"] = "csv"
    return render(request, "brokerage/agreement_list.html", {
        "agreements": agreements[:200], "status": status, "statuses": AgreementStatus.choices,
        "csv_query": query.urlencode()})


@allow_roles(rules.VIEW_AGREEMENTS)
def agreement_detail(request, pk):
    agreement = get_object_or_404(selectors.agreement_scope(user=request.user), pk=pk)
    return render(request, "brokerage/agreement_detail.html", {
        "agreement": agreement, "events": agreement.status_events.select_related("by"),
        "sees_person": request.user.role in rules.VIEW_REQUESTS})


@allow_roles(rules.DASHBOARD)
def dashboard(request):
    return render(request, "brokerage/dashboard.html", {"data": selectors.dashboard(user=request.user)})


@allow_roles(rules.BROKER)
def allocation_create(request):
    form = AllocationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.allocation_propose_start(lot=form.cleaned_data["lot"], by=request.user)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            return redirect(job)
    return render(request, "brokerage/allocation_form.html", {
        "form": form, "runs": selectors.allocation_runs(user=request.user)[:20]})


@allow_roles(rules.BROKER)
def allocation_detail(request, pk):
    run = get_object_or_404(selectors.allocation_runs(user=request.user), pk=pk)
    lines = selectors.allocation_lines(run=run)
    options = selectors.options_for(run) if run.status == AllocationStatus.PROPOSED else {}
    if request.method == "POST" and run.status == AllocationStatus.PROPOSED:
        action = request.POST.get("action")
        try:
            if action == "discard":
                services.allocation_discard(run=run, by=request.user)
                messages.success(request, "Proposal discarded")
                return redirect("brokerage:allocation_create")
            chosen = {line: request.POST.get(f"line{line.pk}") for line in lines}
            moved = {line: int(value) if value else None for line, value in chosen.items()
                     if value is not None and value != str(line.provider_id or "")}
            reasons = {line: request.POST[f"reason{line.pk}"] for line in lines
                       if f"reason{line.pk}" in request.POST and line not in moved}
            services.allocation_lines_edit(run=run, by=request.user, choices=moved, reasons=reasons)
            if action == "award":
                count = services.allocation_award(run=run, by=request.user)
                messages.success(request, f"{count} packages awarded")
                return redirect(run)
            messages.success(request, "Proposal updated")
            return redirect(run)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect(run)
        except TransitionNotAllowed as error:
            messages.error(request, str(error))
            return redirect(run)
    assigned = [line for line in lines if line.provider_id]
    standings = selectors.standings_of({line.provider_id for line in assigned})
    return render(request, "brokerage/allocation_detail.html", {
        "run": run, "lines": lines, "options": options, "assigned": len(assigned),
        "gap": (run.bound - run.score) / run.bound * 100 if run.bound else 0,
        "editable": run.status == AllocationStatus.PROPOSED,
        "line_choices": [(line, options.get(line.pk, []), standings.get(line.provider_id)) for line in lines],
        "unassigned": [line for line in lines if not line.provider_id],
        "reasons_needed": sum(1 for line in assigned if standings[line.provider_id].needs_reason
                              and not line.standing_reason)})
