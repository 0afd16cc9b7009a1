"""Council pages of paying providers."""
from datetime import date
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from commissioning.accounts.selectors import markets as all_markets
from commissioning.brokerage.selectors import agreement_scope
from commissioning.core.errors import form_errors_from
from commissioning.core.jobs import job_for_record
from commissioning.core.money import pounds_to_pence
from commissioning.core.permissions import allow_roles
from commissioning.core.workflow import TransitionNotAllowed

from . import presenters, rules, selectors, services
from .choices import RateStatus
from .forms import (
    BudgetCorrectForm,
    BudgetForm,
    CriterionForm,
    InvoiceFilterForm,
    NewVersionForm,
    NoteForm,
    PriceForm,
    RateCardForm,
    RateLinesForm,
    ResolveForm,
    RunForm,
    ScenarioForm,
    ScheduleForm,
)
from .models import PaymentRun


def _errors(request, error):
    for message in getattr(error, "messages", [str(error)]):
        messages.error(request, message)


def _form_errors(form, error):
    if isinstance(error, TransitionNotAllowed):
        form.add_error(None, str(error))
    else:
        form_errors_from(form, error)


@allow_roles(rules.VIEW | rules.REVIEW_WEEKS)
def index(request):
    user = request.user
    return render(request, "finance/index.html", {
        "weeks": selectors.weeks_for(user=user)[:100], "awaiting_review": selectors.weeks_awaiting_review(user=user),
        "invoices": selectors.unpaid_invoices_for(user=user)[:100],
        "runs": selectors.payment_runs_for(user=user)[:10], "can_pay": user.role in rules.FINANCE,
        "schedule_form": ScheduleForm(), "run_form": RunForm(initial={"period_end": timezone.localdate()})})


@allow_roles(rules.VIEW | rules.REVIEW_WEEKS)
def week_detail(request, pk):
    week = get_object_or_404(selectors.weeks_for(user=request.user), pk=pk)
    form = NoteForm(request.POST or None) if request.user.role in rules.REVIEW_WEEKS else None
    if request.method == "POST":
        if request.POST.get("action") == "invoice" and request.user.role in rules.FINANCE:
            try:
                invoice = services.invoice_from_week(week=week, by=request.user)
            except ValidationError as error:
                _errors(request, error)
                return redirect(week)
            messages.success(request, f"{invoice} made from this week")
            return redirect(invoice)
        if form is not None and form.is_valid():
            try:
                services.week_clear(week=week, by=request.user, note=form.cleaned_data["note"])
            except (ValidationError, TransitionNotAllowed) as error:
                _form_errors(form, error)
            else:
                messages.success(request, "Week cleared for payment")
                return redirect(week)
    return render(request, "finance/week_detail.html", {
        "week": week, "visits": selectors.week_visits(user=request.user, week=week), "form": form,
        "can_pay": request.user.role in rules.FINANCE,
        "invoice": selectors.invoice_of_week(user=request.user, week=week)})


@allow_roles(rules.VIEW)
def invoice_detail(request, pk):
    invoice = get_object_or_404(selectors.invoices_for(user=request.user), pk=pk)
    form = None
    if request.method == "POST" and request.user.role in rules.FINANCE:
        action = request.POST.get("action")
        try:
            if action == "approve":
                services.invoice_approve(invoice=invoice, by=request.user)
                messages.success(request, "Invoice approved for payment")
                return redirect(invoice)
            line = get_object_or_404(selectors.invoice_lines_for(user=request.user, invoice=invoice),
                                     pk=request.POST.get("line"))
            form = ResolveForm(request.POST)
            if form.is_valid():
                amount = form.cleaned_data["amount"]
                services.line_resolve(line=line, by=request.user, text=form.cleaned_data["text"],
                                      new_amount_pence=pounds_to_pence(amount) if amount is not None else None)
                messages.success(request, "Line resolved")
                return redirect(invoice)
        except (ValidationError, TransitionNotAllowed) as error:
            if form is None:
                _errors(request, error)
                return redirect(invoice)
            _form_errors(form, error)
    return render(request, "finance/invoice_detail.html", {
        "invoice": invoice, "lines": selectors.invoice_lines_for(user=request.user, invoice=invoice),
        "can_pay": request.user.role in rules.FINANCE, "form": form, "failed_line": request.POST.get("line")})


@allow_roles(rules.FINANCE)
def schedule_invoices(request):
    form = ScheduleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            made = services.invoices_on_schedule(period_start=form.cleaned_data["period_start"], by=request.user)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, f"{len(made)} scheduled invoice{'s' if len(made) != 1 else ''} made")
            return redirect("finance:index")
    return render(request, "govuk/simple_form.html", {"form": form, "title": "Invoice scheduled care",
                                                        "button": "Make the invoices", "back": "/finance/"})


@allow_roles(rules.FINANCE)
def run_create(request):
    form = RunForm(request.POST or None, initial={"period_end": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        run, job = services.payment_run_start(by=request.user, **form.cleaned_data)
        if job is not None:
            return redirect(job)
        messages.error(request, f"{run} was already made on {run.created_at:%d %b %Y}: nothing paid twice")
        return redirect(run)
    return render(request, "govuk/simple_form.html", {"form": form, "title": "Make a payment run",
                                                        "button": "Make the run", "back": "/finance/"})


@allow_roles(rules.VIEW)
def run_detail(request, pk):
    run = get_object_or_404(selectors.payment_runs_for(user=request.user), pk=pk)
    job = job_for_record(user=request.user, obj=run)
    return render(request, "finance/run_detail.html", {
        "run": run, "invoices": selectors.invoices_for(user=request.user).filter(payment_run=run),
        "job": job if job is not None and not job.is_finished else None,
        "stopped": job if job is not None and job.status == "failed" and run.completed_at is None else None})


@allow_roles(rules.VIEW)
def run_csv(request, pk):
    run = get_object_or_404(selectors.payment_runs_for(user=request.user), pk=pk)
    response = HttpResponse(services.remittance_csv(run), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="remittance-{run.pk}.csv"'
    return response


def _csv(body: str, name: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _filters_text(form) -> str:
    return ", ".join(f"{form.fields[k].label.lower()} {v}" for k, v in form.cleaned_data.items() if v)


@allow_roles(rules.VIEW)
def invoices(request):
    form = InvoiceFilterForm(request.GET or None)
    chosen = form.cleaned_data if form.is_valid() else {}
    listed = selectors.invoices_filtered(user=request.user, **chosen)
    if request.GET.get("format") == "csv":
        return _csv(services.invoices_csv(invoices=listed, by=request.user,
                                          filters=_filters_text(form) if chosen else ""), "invoices.csv")
    page = Paginator(listed, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query["format"] = "csv"
    return render(request, "finance/invoices.html", {"form": form, "page_obj": page, "invoices": page.object_list,
                                                     "page_range": page.paginator.get_elided_page_range(page.number),
                                                     "csv_query": query.urlencode()})


@allow_roles(rules.VIEW)
def runs(request):
    kind = request.GET.get("kind", "")
    listed = selectors.payment_runs_for(user=request.user).select_related("created_by").annotate(
        invoice_count=Count("invoices")).order_by("-period_end", "-id")
    if kind in PaymentRun.Kind.values:
        listed = listed.filter(kind=kind)
    else:
        kind = ""
    if request.GET.get("format") == "csv":
        label = dict(PaymentRun.Kind.choices).get(kind, "")
        return _csv(services.payment_runs_csv(runs=listed, by=request.user, filters=label.lower()),
                    "payment-runs.csv")
    page = Paginator(listed, 50).get_page(request.GET.get("page"))
    return render(request, "finance/runs.html", {"page_obj": page, "runs": page.object_list, "kind": kind,
                                                 "page_range": page.paginator.get_elided_page_range(page.number),
                                                 "kinds": PaymentRun.Kind.choices,
                                                 "csv_query": f"kind={kind}&format=csv" if kind else "format=csv"})


@allow_roles(rules.VIEW)
def budget(request, pk):
    budget = get_object_or_404(selectors.budgets_for(user=request.user), pk=pk)
    can_correct = request.user.role in rules.FINANCE
    form = BudgetCorrectForm(request.POST or None) if can_correct else None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            services.budget_correct(budget=budget, amount_pence=pounds_to_pence(form.cleaned_data["amount"]),
                                    reason=form.cleaned_data["reason"], by=request.user)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, "Budget corrected")
            return redirect(budget)
    return render(request, "finance/budget.html", {"budget": budget, "form": form,
                                                   "history": selectors.budget_history(budget=budget)})


@allow_roles(rules.VIEW)
def rate_cards(request):
    form = RateCardForm(request.POST or None)
    if request.method == "POST" and request.user.role in rules.FINANCE and form.is_valid():
        card = services.rate_card_create(by=request.user, **form.cleaned_data)
        messages.success(request, f"{card} started as a draft")
        return redirect(card)
    return render(request, "finance/rate_cards.html", {
        "cards": selectors.rate_cards_for(user=request.user), "form": form,
        "criteria": selectors.criteria_for(user=request.user), "can_pay": request.user.role in rules.FINANCE})


@allow_roles(rules.VIEW)
def rate_card(request, pk):
    card = get_object_or_404(selectors.rate_cards_for(user=request.user), pk=pk)
    editable = card.status == RateStatus.DRAFT and request.user.role in rules.FINANCE
    form = RateLinesForm(request.POST if editable and request.POST.get("action") == "save" else None, card=card)
    version_form = NewVersionForm(request.POST if request.POST.get("action") == "version" else None)
    if request.method == "POST" and request.user.role in rules.FINANCE:
        action = request.POST.get("action")
        try:
            if action == "save" and editable and form.is_valid():
                services.rate_lines_save(card=card, by=request.user, rates={
                    (band, day, area): pounds_to_pence(form.cleaned_data[name])
                    for name, band, day, area in form.cells if form.cleaned_data[name] is not None})
                messages.success(request, "Rates saved")
                return redirect(card)
            if action == "approve":
                services.rate_card_approve(card=card, by=request.user)
                messages.success(request, f"{card} approved")
                return redirect(card)
            if action == "version" and version_form.is_valid():
                data = version_form.cleaned_data
                new = services.rate_card_new_version(card=card, by=request.user,
                                                     effective_from=data["effective_from"],
                                                     factor=1 + (data["percent"] or Decimal(0)) / 100,
                                                     note=data["note"])
                messages.success(request, f"{new} started as a draft")
                return redirect(new)
        except (ValidationError, TransitionNotAllowed) as error:
            _form_errors(version_form if action == "version" else form, error)
    rows = {}
    for line in card.lines.all():
        rows.setdefault((line.get_time_band_display(), line.get_day_type_display()), {})[line.locality_band] = line
    return render(request, "finance/rate_card.html", {
        "card": card, "form": form if editable else None, "version_form": version_form,
        "rows": rows, "can_pay": request.user.role in rules.FINANCE})


@allow_roles(rules.FINANCE)
def criterion_add(request):
    form = CriterionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.criterion_create(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, "Criterion added")
            return redirect("finance:rate_cards")
    return render(request, "govuk/simple_form.html", {"form": form, "title": "Add a complexity criterion",
                                                        "button": "Add", "back": "/finance/rates/"})


@allow_roles(rules.VIEW)
def agreement_price(request, pk):
    agreement = get_object_or_404(agreement_scope(user=request.user), pk=pk)
    form = PriceForm(request.POST or None) if request.user.role in rules.FINANCE else None
    if form is not None and request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.price_agreement(agreement=agreement, by=request.user, effective_from=data["effective_from"],
                                     reason=data["reason"], criteria=list(data["criteria"]),
                                     base_pence=pounds_to_pence(data["base"]) if data["base"] is not None else None)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, "New price recorded")
            return redirect("finance:agreement_price", pk=pk)
    return render(request, "finance/agreement_price.html", {
        "agreement": agreement, "prices": agreement.prices.prefetch_related("criteria"), "form": form})


@allow_roles(rules.VIEW)
def scenarios(request):
    form = ScenarioForm(request.POST or None)
    if request.method == "POST" and request.user.role in rules.FINANCE and form.is_valid():
        try:
            scenario = services.scenario_create(by=request.user, **form.scenario_fields())
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, f"Scenario {scenario} saved")
            return redirect("finance:scenarios")
    summaries = [selectors.scenario_summary(s) for s in selectors.scenarios_for(user=request.user)]
    return render(request, "finance/scenarios.html", {
        "summaries": summaries, "form": form, "can_pay": request.user.role in rules.FINANCE,
        "chart": presenters.uplift_chart(summaries)})


@allow_roles(rules.VIEW)
def scenario_detail(request, pk):
    scenario = get_object_or_404(selectors.scenarios_for(user=request.user), pk=pk)
    if request.method == "POST" and request.user.role in rules.APPROVE_UPLIFT:
        try:
            services.scenario_approve(scenario=scenario, by=request.user)
        except (ValidationError, TransitionNotAllowed) as error:
            _errors(request, error)
        else:
            messages.success(request, "Uplift approved: new rate versions and agreement prices from its date")
        return redirect("finance:scenario_detail", pk=pk)
    return render(request, "finance/scenario_detail.html", {
        **selectors.scenario_summary(scenario), "can_approve": request.user.role in rules.APPROVE_UPLIFT})


@allow_roles(rules.VIEW)
def spend(request):
    today = timezone.localdate()
    year = int(request.GET.get("year") or (today.year if today.month >= 4 else today.year - 1))
    report = selectors.spend(year=year)
    if request.GET.get("format") == "csv":
        response = HttpResponse(services.spend_csv(report), content_type="text/csv")
        response["Content-Disposition"] = f'attachment; filename="commissioned-spend-{year}.csv"'
        return response
    form = BudgetForm(request.POST or None, initial={"financial_year": year})
    if request.method == "POST" and request.user.role in rules.FINANCE and form.is_valid():
        try:
            services.budget_set(market_area=form.cleaned_data["market_area"].code,
                                financial_year=form.cleaned_data["financial_year"],
                                amount_pence=pounds_to_pence(form.cleaned_data["amount"]), by=request.user)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, "Budget saved")
            return redirect(f"{request.path}?year={year}")
    months = {_month_label(month): amount for month, amount in report["by"]["month"].items()}
    budgets = {b.market_area_id: b for b in selectors.budgets_for(user=request.user).filter(financial_year=year)}
    spent = report["by"]["market"]
    # Every market in use, and a retired one while it still has spend or a budget this year.
    shown = [m for m in all_markets() if not m.retired or m.code in spent or m.code in budgets]
    markets = {m.code: m.name for m in shown}
    return render(request, "finance/spend.html", {
        "report": report, "form": form, "can_pay": request.user.role in rules.FINANCE,
        "chart": presenters.spend_chart(year=year, months=months),
        "markets": [(name, spent.get(m, 0), budgets.get(m), report["contract_value"].get(m))
                    for m, name in markets.items()],
        "budgets": [(name, budgets[m]) for m, name in markets.items() if m in budgets],
        "tables": [("Provider", report["by"]["provider"]), ("Locality", report["by"]["locality"])]})


def _month_label(month: str) -> str:
    """"2026-11" as "November 2026"."""
    year, number = month.split("-")
    return f"{date(int(year), int(number), 1):%B %Y}"
