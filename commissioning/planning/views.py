"""Council pages of planning: the funding formula and procurement timetables."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from commissioning.core.errors import form_errors_from
from commissioning.core.money import format_pounds, pence_to_pounds
from commissioning.core.permissions import allow_anonymous, allow_roles

from . import rules, selectors, services
from .choices import Committee
from .domain.funding import Allocation
from .forms import (
    AreaForm,
    CalendarFilterForm,
    CommitteeDateForm,
    ConsultationForm,
    DirectorateForm,
    DoneForm,
    EvidenceForm,
    GatewayForm,
    IndicatorsForm,
    LimitForm,
    MilestoneForm,
    OutcomeForm,
    PeriodsForm,
    ProjectForm,
    RecommendationForm,
    ReviewForm,
    ScenarioForm,
    UploadForm,
)


def _act(request, form, act, success, target, template, context):
    """Validate the form, call the service, and show its refusal in the error summary."""
    if request.method == "POST" and form.is_valid():
        try:
            result = act(form.cleaned_data)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, success)
            return redirect(target(result) if callable(target) else target)
    return render(request, template, {**context, "form": form})


@allow_roles(rules.VIEW)
def index(request):
    return render(request, "planning/index.html", {
        "can_plan": request.user.role in rules.PLAN, "projects": selectors.projects(user=request.user)[:10],
        "late": selectors.late_tasks(user=request.user).count(),
        "reviews_due": selectors.reviews_due(user=request.user).count()})


@allow_roles(rules.VIEW)
def funding(request):
    names, rows = selectors.indicator_table(user=request.user)
    return render(request, "planning/funding.html", {
        "names": names, "rows": rows, "comparison": selectors.comparison(user=request.user),
        "can_edit": request.user.role in rules.FUNDING})


@allow_roles(rules.FUNDING)
def area_add(request):
    form = AreaForm(request.POST or None)
    return _act(request, form, lambda d: services.area_save(by=request.user, name=d["name"],
                                                             previous_pence=form.previous_pence(),
                                                             market_area=d["market_area"]),
                "Area added", lambda area: reverse("planning:area_edit", args=[area.pk]), "govuk/simple_form.html",
                {"title": "Add an area", "back": reverse("planning:funding"), "button": "Add the area"})


@allow_roles(rules.FUNDING)
def area_edit(request, pk):
    area = get_object_or_404(selectors.areas(user=request.user), pk=pk)
    names = selectors.indicator_names(user=request.user)
    values = {v.indicator: v.value for v in area.indicators.all()}
    initial = {"name": area.name, "previous": pence_to_pounds(area.previous_pence),
               "market_area": area.market_area_id or "",
               **{f"ind_{n}": values.get(name) for n, name in enumerate(names)}}
    area_form = AreaForm(request.POST or None, initial=initial, prefix="area")
    indicators = IndicatorsForm(request.POST or None, names=names, initial=initial, prefix="need")
    if request.method == "POST" and area_form.is_valid() and indicators.is_valid():
        try:
            services.area_save(by=request.user, area=area, name=area_form.cleaned_data["name"],
                               previous_pence=area_form.previous_pence(),
                               market_area=area_form.cleaned_data["market_area"])
            for indicator, value in indicators.values().items():
                services.indicator_set(by=request.user, area=area, indicator=indicator, value=value)
        except ValidationError as error:
            form_errors_from(area_form, error)
        else:
            messages.success(request, f"{area.name} saved")
            return redirect("planning:funding")
    return render(request, "planning/area_edit.html", {"area": area, "area_form": area_form,
                                                        "indicators": indicators})


@allow_roles(rules.FUNDING)
def indicators_upload(request):
    form = UploadForm(request.POST or None, request.FILES or None)
    return _act(request, form, lambda d: services.indicators_import(by=request.user, text=d["file"]),
                "Need indicators uploaded", reverse("planning:funding"), "planning/upload.html", {})


@allow_roles(rules.FUNDING)
def scenario_add(request):
    form = ScenarioForm(request.POST or None, names=selectors.indicator_names(user=request.user))
    return _act(request, form, lambda d: services.scenario_create(by=request.user, **form.arguments()),
                "Scenario saved", lambda s: s.get_absolute_url(), "govuk/simple_form.html",
                {"title": "Model a funding scenario", "back": reverse("planning:funding"),
                 "button": "Save the scenario",
                 "intro": "Each area's need is its share of each indicator, weighted as you say. No area gets less "
                          "than last year's allocation changed by the floor; gains above the floor are scaled back "
                          "to pay for it."})


@allow_roles(rules.VIEW)
def scenario_detail(request, pk):
    scenario = get_object_or_404(selectors.scenarios(user=request.user), pk=pk)
    result = selectors.scenario_result(user=request.user, scenario=scenario)
    feasible = isinstance(result, Allocation) and result.feasible
    lines = [(area, line, ("−" if line.change_pence < 0 else "+" if line.change_pence else "")
              + format_pounds(abs(line.change_pence))) for area, line in result.lines.items()] if feasible else []
    budgets, unmapped = selectors.scenario_budgets(user=request.user, result=result) if feasible else ([], [])
    return render(request, "planning/scenario_detail.html", {
        "budgets": budgets, "unmapped": unmapped, "scenario": scenario,
        "result": result if isinstance(result, Allocation) else None,
        "problem": result if isinstance(result, str) else "", "feasible": feasible, "lines": lines,
        "floor_percent": scenario.floor * 100,
        "ceiling_percent": None if scenario.ceiling is None else scenario.ceiling * 100,
        "can_approve": request.user.role in rules.APPROVE and feasible and not scenario.approved_at and not unmapped
        and scenario.financial_year is not None})


@allow_roles(rules.APPROVE)
def scenario_approve(request, pk):
    scenario = get_object_or_404(selectors.scenarios(user=request.user), pk=pk)
    if request.method == "POST":
        try:
            services.scenario_approve(by=request.user, scenario=scenario)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, "Allocation approved: the markets' budgets for "
                             f"{scenario.financial_year}-{(scenario.financial_year + 1) % 100:02d} are set in finance")
    return redirect(scenario)


@allow_roles(rules.VIEW)
def project_list(request):
    rows = selectors.projects(user=request.user)
    mine = request.GET.get("mine") == "1"
    if mine:
        rows = rows.filter(owner=request.user)
    return render(request, "planning/project_list.html", {
        "projects": rows, "mine": mine, "can_plan": request.user.role in rules.PLAN,
        "late_ids": set(selectors.late_tasks(user=request.user).values_list("project_id", flat=True)),
        "templates": selectors.templates(user=request.user)})


@allow_roles(rules.PLAN)
def project_add(request):
    templates = selectors.templates(user=request.user)
    form = ProjectForm(request.POST or None, templates=templates,
                       directorates=selectors.directorates(user=request.user),
                       initial={"owner": request.user, "template": templates.first()})
    return _act(request, form, lambda d: services.project_create(
        by=request.user, template=d["template"], name=d["name"], reference=d["reference"],
        wanted_start=d["wanted_start"], owner=d["owner"], directorate=d["directorate"]),
        "Timetable planned", lambda p: p.get_absolute_url(),
        "govuk/simple_form.html", {"title": "Plan a procurement", "back": reverse("planning:project_list"),
                                   "button": "Plan the timetable"})


@allow_roles(rules.VIEW)
def project_detail(request, pk):
    project = get_object_or_404(selectors.projects(user=request.user), pk=pk)
    tasks = list(selectors.project_tasks(user=request.user, project=project))
    schedule = selectors.schedule_of(user=request.user, project=project, tasks=tasks)
    today = timezone.localdate()
    stages: dict[str, list] = {}
    for task in tasks:
        stages.setdefault(task.stage, []).append({
            "task": task, "state": selectors.task_state(task, today), "float": schedule.float_days.get(task.number),
            "critical": task.number in schedule.critical})
    return render(request, "planning/project_detail.html", {
        "project": project, "stages": stages, "schedule": schedule,
        "gateways": selectors.project_gateways(user=request.user, project=project),
        "can_plan": request.user.role in rules.PLAN})


@allow_roles(rules.PLAN)
def task_done(request, pk):
    task = get_object_or_404(selectors.tasks(user=request.user).select_related("project"), pk=pk)
    form = DoneForm(request.POST or None, initial={"actual_date": timezone.localdate()})
    return _act(request, form, lambda d: services.task_complete(by=request.user, task=task,
                                                                 actual_date=d["actual_date"]),
                f"Task {task.number} done", task.project.get_absolute_url(), "govuk/simple_form.html",
                {"title": f"Task {task.number}: {task.activity}", "back": task.project.get_absolute_url(),
                 "button": "Record it done"})


@allow_roles(rules.PLAN)
def gateway_edit(request, pk):
    gateway = get_object_or_404(selectors.gateways(user=request.user).select_related("project"), pk=pk)
    form = GatewayForm(request.POST or None, can_approve=request.user.role in rules.APPROVE and not gateway.approved_at,
                       initial={"rag": gateway.rag or None, "note": gateway.note})
    return _act(request, form, lambda d: services.gateway_record(by=request.user, gateway=gateway, rag=d["rag"],
                                                                  note=d["note"], approve=d.get("approve", False)),
                "Gateway saved", gateway.project.get_absolute_url(), "govuk/simple_form.html",
                {"title": gateway.name, "back": gateway.project.get_absolute_url(), "button": "Save the gateway"})


@allow_roles(rules.VIEW)
def template_detail(request, pk):
    template = get_object_or_404(selectors.templates(user=request.user), pk=pk)
    return render(request, "planning/template_detail.html", {"template": template})


@allow_roles(rules.VIEW)
def committee_list(request):
    can_plan = request.user.role in rules.PLAN
    form = CommitteeDateForm(request.POST or None, initial={"committee": Committee.CABINET})
    if request.method == "POST" and not can_plan:
        return redirect("planning:committee_list")
    return _act(request, form, lambda d: services.committee_date_save(by=request.user, committee=d["committee"],
                                                                       meets_on=d["meets_on"]),
                "Committee date entered; timetables scheduled again", reverse("planning:committee_list"),
                "planning/committee_list.html",
                {"meetings": selectors.committee_dates(user=request.user), "can_plan": can_plan})


@allow_roles(rules.PLAN)
def committee_edit(request, pk):
    meeting = get_object_or_404(selectors.committee_dates(user=request.user), pk=pk)
    form = CommitteeDateForm(request.POST or None, initial={"committee": meeting.committee,
                                                            "meets_on": meeting.meets_on})
    return _act(request, form, lambda d: services.committee_date_save(by=request.user, meeting=meeting,
                                                                       committee=d["committee"],
                                                                       meets_on=d["meets_on"]),
                "Committee date moved; timetables scheduled again", reverse("planning:committee_list"),
                "govuk/simple_form.html", {"title": f"Move {meeting}", "back": reverse("planning:committee_list"),
                                           "button": "Save the date"})


@allow_roles(rules.PLAN)
def periods_edit(request):
    current = selectors.periods(user=request.user)
    form = PeriodsForm(request.POST or None, initial={"tender": current.tender, "evaluation": current.evaluation,
                                                      "standstill": current.standstill,
                                                      "mobilisation": current.mobilisation})
    return _act(request, form, lambda d: services.periods_update(by=request.user, **d),
                "Minimum periods saved; timetables scheduled again", reverse("planning:project_list"),
                "govuk/simple_form.html",
                {"title": "Minimum periods", "back": reverse("planning:project_list"), "button": "Save the periods",
                 "intro": "Timetables are back-scheduled through these periods, counted in working days (weekends "
                          "and English bank holidays do not count)."})


def _calendar_rows(request, user=None):
    from .calendar import ItemKind, add_months, items

    user = user or request.user
    today = timezone.localdate()
    rows = items(user=user, start=today, end=add_months(today, 18))
    leads = sorted({(str(i.lead_id), i.lead) for i in rows if i.lead_id}, key=lambda x: x[1])
    months = ["January to March", "April to June", "July to September", "October to December"]
    quarters = sorted({(i.quarter, f"{months[(i.on.month - 1) // 3]} {i.on.year}") for i in rows})
    form = CalendarFilterForm(request.GET or None, leads=leads, quarters=quarters, kinds=ItemKind.choices,
                              directorates=selectors.directorates(user=user))
    if form.is_valid():
        data = form.cleaned_data
        rows = [i for i in rows if (not data["market_area"] or i.market_area == data["market_area"])
                and (not data["directorate"] or int(data["directorate"]) in i.directorate_ids)
                and (not data["lead"] or str(i.lead_id) == data["lead"])
                and (not data["quarter"] or i.quarter == data["quarter"])
                and (not data["kind"] or i.kind == data["kind"])]
    return rows, form


@allow_roles(rules.VIEW)
def calendar(request):
    rows, form = _calendar_rows(request)
    feed = selectors.feed_token(user=request.user)
    feed_url = request.build_absolute_uri(reverse("planning:calendar_feed", args=[feed.token])) if feed else ""
    return render(request, "planning/calendar.html", {"rows": rows, "form": form, "feed_url": feed_url,
                                                       "query": request.GET.urlencode()})


def _ics_response(request, rows):
    from .calendar import ics

    response = HttpResponse(ics(rows, base_url=request.build_absolute_uri("/")[:-1]),
                            content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="commissioning-calendar.ics"'
    return response


@allow_roles(rules.VIEW)
def calendar_ics(request):
    rows, _ = _calendar_rows(request)
    return _ics_response(request, rows)


@allow_roles(rules.VIEW)
def calendar_csv(request):
    from .calendar import csv_text

    rows, _ = _calendar_rows(request)
    response = HttpResponse(csv_text(rows, base_url=request.build_absolute_uri("/")[:-1]),
                            content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="commissioning-calendar.csv"'
    return response


@allow_anonymous
def calendar_feed(request, token):
    """The calendar for a calendar app, which cannot sign in: the secret address stands for its
    owner and serves only what they may see; a wrong or revoked address is not found."""
    user = selectors.feed_user(token)
    if user is None:
        raise Http404("No such calendar")
    rows, _ = _calendar_rows(request, user=user)
    response = _ics_response(request, rows)
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


@allow_roles(rules.FEED)
def calendar_feed_manage(request):
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            services.feed_token_revoke(by=request.user)
            messages.success(request, "Your calendar address is revoked: calendar apps using it get no more dates")
        else:
            services.feed_token_issue(by=request.user)
            messages.success(request, "Your new calendar address is below: the old one no longer works")
    return redirect(reverse("planning:calendar") + "#subscribe")


@allow_anonymous
def opportunities(request):
    return render(request, "planning/opportunities.html", selectors.forthcoming_opportunities(timezone.localdate()))


@allow_roles(rules.VIEW)
def consultation_list(request):
    today = timezone.localdate()
    rows = list(selectors.consultations(user=request.user))
    return render(request, "planning/consultation_list.html", {
        "planned": [c for c in rows if c.starts_on > today],
        "open": [c for c in rows if c.starts_on <= today <= c.ends_on],
        "closed": [c for c in rows if c.ends_on < today], "over_asked": selectors.over_asked(user=request.user),
        "limit": selectors.consultation_limit(user=request.user), "can_plan": request.user.role in rules.PLAN})


@allow_roles(rules.VIEW)
def consultation_add(request):
    form = ConsultationForm(request.POST or None, projects=selectors.projects(user=request.user),
                            directorates=selectors.directorates(user=request.user))

    def act(d):
        consultation = services.consultation_record(
            by=request.user, topic=d["topic"], directorates=list(d["directorates"]), groups=d["groups"].splitlines(),
            method=d["method"], starts_on=d["starts_on"], ends_on=d["ends_on"], project=d["project"])
        names = {g.name for g in consultation.groups.all()}
        for name, times, _ in selectors.over_asked(user=request.user):
            if name in names:
                messages.warning(request, f"{name} has been asked {times} times in 12 months")
        return consultation
    return _act(request, form, act, "Consultation registered", reverse("planning:consultation_list"),
                "govuk/simple_form.html", {"title": "Register a consultation",
                                           "back": reverse("planning:consultation_list"),
                                           "button": "Register the consultation"})


@allow_roles(rules.VIEW)
def consultation_detail(request, pk):
    consultation = get_object_or_404(selectors.consultations(user=request.user), pk=pk)
    form = OutcomeForm(request.POST or None, initial={"heard": consultation.heard, "did": consultation.did})
    return _act(request, form, lambda d: services.consultation_outcome(by=request.user, consultation=consultation,
                                                                        heard=d["heard"], did=d["did"]),
                "What we heard and did is saved", reverse("planning:consultation_list"),
                "planning/consultation_detail.html", {"consultation": consultation})


@allow_roles(rules.PLAN)
def consultation_limit(request):
    form = LimitForm(request.POST or None, initial={"limit": selectors.consultation_limit(user=request.user)})
    return _act(request, form, lambda d: services.consultation_limit_set(by=request.user, limit=d["limit"]),
                "Limit saved", reverse("planning:consultation_list"), "govuk/simple_form.html",
                {"title": "How often a group may be asked", "back": reverse("planning:consultation_list"),
                 "button": "Save the limit"})


@allow_anonymous
def you_said_we_did(request):
    return render(request, "planning/you_said_we_did.html", {"rows": selectors.you_said_we_did()})


@allow_roles(rules.VIEW)
def delivery_plan(request):
    today = timezone.localdate()
    mine = request.GET.get("mine") == "1"
    rows = []
    for aim in selectors.aims(user=request.user):
        shown = [r for r in aim.recommendations.all() if not mine or r.owner_id == request.user.pk]
        if shown or not mine:
            rows.append((aim, [(r, bool(r.next_review_on and r.next_review_on <= today),
                                sum(1 for m in r.milestones.all() if m.actual_date), len(r.milestones.all()))
                               for r in shown]))
    return render(request, "planning/delivery_plan.html", {
        "aims": rows, "mine": mine, "can_edit": request.user.role in rules.DELIVERY,
        "due": selectors.reviews_due(user=request.user).count()})


@allow_roles(rules.VIEW)
def recommendation_detail(request, pk):
    recommendation = get_object_or_404(selectors.recommendations(user=request.user), pk=pk)
    today = timezone.localdate()
    milestones = [(m, "done" if m.actual_date else "late" if m.target_date and m.target_date < today else "due")
                  for m in recommendation.milestones.all()]
    return render(request, "planning/recommendation_detail.html", {
        "recommendation": recommendation, "milestones": milestones,
        "evidence": selectors.recommendation_evidence(user=request.user, recommendation=recommendation),
        "reviews": selectors.recommendation_reviews(user=request.user, recommendation=recommendation),
        "review_due": bool(recommendation.next_review_on and recommendation.next_review_on <= today),
        "can_edit": request.user.role in rules.DELIVERY})


def _recommendation_form(request, recommendation=None):
    initial = {"aim": request.GET.get("aim")} if recommendation is None else {
        "aim": recommendation.aim, "text": recommendation.text, "owner": recommendation.owner,
        "rag": recommendation.rag or None, "rag_reason": recommendation.rag_reason,
        "next_review_on": recommendation.next_review_on}
    return RecommendationForm(request.POST or None, aims=selectors.aims(user=request.user), initial=initial)


@allow_roles(rules.DELIVERY)
def recommendation_add(request):
    form = _recommendation_form(request)
    return _act(request, form, lambda d: services.recommendation_save(by=request.user, **d),
                "Recommendation added to the delivery plan", lambda r: r.get_absolute_url(),
                "govuk/simple_form.html", {"title": "Add a recommendation", "back": reverse("planning:delivery_plan"),
                                           "button": "Add the recommendation"})


@allow_roles(rules.DELIVERY)
def recommendation_edit(request, pk):
    recommendation = get_object_or_404(selectors.recommendations(user=request.user), pk=pk)
    form = _recommendation_form(request, recommendation)
    return _act(request, form, lambda d: services.recommendation_save(
        by=request.user, recommendation=recommendation, kind=recommendation.kind, **d),
        "Recommendation saved", recommendation.get_absolute_url(), "govuk/simple_form.html",
        {"title": "Change the recommendation", "back": recommendation.get_absolute_url(),
         "button": "Save the recommendation"})


@allow_roles(rules.DELIVERY)
def recommendation_review(request, pk):
    from .calendar import add_months

    recommendation = get_object_or_404(selectors.recommendations(user=request.user), pk=pk)
    today = timezone.localdate()
    form = ReviewForm(request.POST or None, initial={"reviewed_on": today, "rag": recommendation.rag or None,
                                                     "next_review_on": add_months(today, 12)})
    return _act(request, form, lambda d: services.recommendation_review(
        by=request.user, recommendation=recommendation, **d), "Review recorded", recommendation.get_absolute_url(),
        "govuk/simple_form.html",
        {"title": "Review the recommendation", "back": recommendation.get_absolute_url(),
         "button": "Record the review",
         "intro": f"{recommendation.aim}: {recommendation.text}\nThe strategy is reviewed every year: set the next "
                  "review within 15 months."})


@allow_roles(rules.DELIVERY)
def milestone_add(request, pk):
    recommendation = get_object_or_404(selectors.recommendations(user=request.user), pk=pk)
    form = MilestoneForm(request.POST or None)
    return _act(request, form, lambda d: services.milestone_save(by=request.user, recommendation=recommendation,
                                                                  **d),
                "Milestone added", recommendation.get_absolute_url(), "govuk/simple_form.html",
                {"title": "Add a milestone", "back": recommendation.get_absolute_url(),
                 "button": "Add the milestone"})


@allow_roles(rules.DELIVERY)
def milestone_edit(request, pk):
    milestone = get_object_or_404(selectors.milestones(user=request.user), pk=pk)
    back = milestone.recommendation.get_absolute_url()
    form = MilestoneForm(request.POST or None, initial={"title": milestone.title, "target_date": milestone.target_date,
                                                        "actual_date": milestone.actual_date})
    return _act(request, form, lambda d: services.milestone_save(
        by=request.user, recommendation=milestone.recommendation, milestone=milestone, **d),
        "Milestone saved", back, "govuk/simple_form.html",
        {"title": f"Milestone: {milestone.title}", "back": back, "button": "Save the milestone"})


@allow_roles(rules.DELIVERY)
def evidence_add(request, pk):
    from commissioning.procurement.selectors import list_scope

    recommendation = get_object_or_404(selectors.recommendations(user=request.user), pk=pk)
    form = EvidenceForm(request.POST or None, projects=selectors.projects(user=request.user),
                        consultations=selectors.consultations(user=request.user),
                        lists=list_scope(user=request.user).order_by("name"))
    return _act(request, form, lambda d: services.evidence_add(by=request.user, recommendation=recommendation, **d),
                "Evidence linked", recommendation.get_absolute_url(), "govuk/simple_form.html",
                {"title": "Link a record that shows progress", "back": recommendation.get_absolute_url(),
                 "button": "Link the record",
                 "intro": "Choose one record: a procurement timetable, a consultation or an approved provider list."})


@allow_roles(rules.VIEW)
def directorate_list(request):
    can_edit = request.user.role in rules.DIRECTORATES
    form = DirectorateForm(request.POST or None)
    if request.method == "POST" and not can_edit:
        return redirect("planning:directorate_list")
    return _act(request, form, lambda d: services.directorate_save(by=request.user, **d), "Directorate added",
                reverse("planning:directorate_list"), "planning/directorate_list.html",
                {"directorates": selectors.directorates(user=request.user), "can_edit": can_edit})


@allow_roles(rules.DIRECTORATES)
def directorate_edit(request, pk):
    directorate = get_object_or_404(selectors.directorates(user=request.user), pk=pk)
    form = DirectorateForm(request.POST or None, initial={"name": directorate.name,
                                                          "market_areas": directorate.market_areas})
    return _act(request, form, lambda d: services.directorate_save(by=request.user, directorate=directorate, **d),
                "Directorate saved", reverse("planning:directorate_list"), "govuk/simple_form.html",
                {"title": f"Change {directorate.name}", "back": reverse("planning:directorate_list"),
                 "button": "Save the directorate"})
