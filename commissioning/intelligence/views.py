"""Pages of market intelligence: benchmarks, the market, bed returns and the Market Position Statement."""
import functools
from types import SimpleNamespace

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from commissioning.core.errors import form_errors_from
from commissioning.core.jobs import job_for_record
from commissioning.core.money import pounds_to_pence
from commissioning.core.permissions import allow_anonymous, allow_roles
from commissioning.core.workflow import TransitionNotAllowed

from . import presenters, rules, selectors
from .charts import bar_chart
from .domain.bands import ARROW_WORDS
from .forms import (
    ComparatorGroupForm,
    SavingForm,
    StaffingLineForm,
    StatementForm,
    UnitCostUploadForm,
    VacancyReturnForm,
)
from .models import financial_year_label
from .services import (
    benchmark_import_stage,
    benchmark_import_start,
    comparator_group_save,
    figures_refresh_start,
    saving_record,
    staffing_line_add,
    statement_draft_save,
    statement_publish,
    vacancy_return_submit,
)


def _chosen(request, items, key, default):
    value = request.GET.get(key)
    for item in items:
        if str(getattr(item, "pk", item)) == value:
            return item
    return default


@allow_roles(rules.VIEW)
def benchmarks(request):
    """The council's unit costs against its comparator group and England: band and shift, as in seed 000."""
    years = selectors.benchmark_years(user=request.user)
    groups = list(selectors.comparator_groups(user=request.user))
    year = _chosen(request, years, "year", years[0] if years else None)
    group = _chosen(request, groups, "group", groups[0] if groups else None)
    rows, chart, headline = [], None, None
    ages = []
    if year is not None and group is not None:
        rows = selectors.benchmark_rows(user=request.user, group=group, financial_year=year)
        ages = sorted({r.age_category for r in rows})
        age = request.GET.get("age")
        if age in ages:
            rows = [r for r in rows if r.age_category == age]
        headline = next((r for r in rows if r.key == selectors.HEADLINE), None)
        figures = selectors.group_figures(user=request.user, group=group, financial_year=year)
        if figures and headline is not None:
            own = next((f for f in figures if f["own"]), None)
            summary = (f"{own['council'] if own else 'The council'} spent £{headline.own:,.2f} a week on long-term "
                       f"residential and nursing care for adults, against a group median of "
                       f"£{headline.group_median:,.2f} and £{headline.england:,.2f} for England: band "
                       f"{headline.band or 'not given'}." if headline.own is not None else
                       "The council's own figure is not available for this year.")
            chart = bar_chart(
                title=f"Long-term residential and nursing care, ages 18 and over, {financial_year_label(year)}",
                summary=summary, data=figures, category="council", value="value", category_title="Council",
                value_title="£ a week", money=True, places=2, highlight="own")
    return render(request, "intelligence/benchmarks.html", {
        "years": [(y, financial_year_label(y)) for y in years], "year": year, "groups": groups, "group": group,
        "rows": rows, "chart": chart, "ages": ages, "age": request.GET.get("age", ""),
        "year_label": financial_year_label(year) if year else "", "arrow_words": ARROW_WORDS,
        "may_import": request.user.role in rules.IMPORT, "may_manage": request.user.role in rules.MANAGE_GROUPS,
        **_stored_benchmarks(request.user),
    })


def _stored_benchmarks(user) -> dict:
    """The read model's benchmarks: the platform's own unit costs and Oflog's measures."""
    found = selectors.figures(user=user)
    oflog = found.get("benchmarks.oflog")
    rows = [{**m, "latest": m["years"][-1]} for m in oflog.detail.get("measures", [])] if oflog else []
    return {"own_costs": found.get("benchmarks.own_costs"), "oflog": oflog, "oflog_rows": rows,
            "oflog_chart": presenters.oflog_chart(oflog)}


@allow_roles(rules.IMPORT)
def benchmark_upload(request):
    """Upload a unit-cost CSV; it is checked whole before anything is imported."""
    form = UnitCostUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            source = benchmark_import_stage(file_name=upload.name, content=upload.read(),
                                            financial_year=form.cleaned_data["financial_year"], by=request.user)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            return redirect(source)
    return render(request, "intelligence/benchmark_upload.html", {
        "form": form, "imports": selectors.benchmark_imports(user=request.user)[:20]})


@allow_roles(rules.IMPORT)
def benchmark_import(request, pk):
    """A checked file's report, the choice to import it, and the job's progress once started."""
    source = get_object_or_404(selectors.benchmark_imports(user=request.user), pk=pk)
    problem = ""
    if request.method == "POST":
        try:
            source = benchmark_import_start(source=source, by=request.user)
        except TransitionNotAllowed as error:
            problem = str(error)
        else:
            job = job_for_record(user=request.user, obj=source)
            messages.success(request, "The import has started.")
            return redirect(job if job is not None else source)
    return render(request, "intelligence/benchmark_import.html", {
        "source": source, "problem": problem, "job": job_for_record(user=request.user, obj=source)},
        status=409 if problem else 200)


def _group_form(request, group=None):
    councils = selectors.councils(user=request.user)
    if not councils:
        return render(request, "intelligence/group_form.html", {"form": None, "group": group})
    initial = {}
    if group is not None:
        initial = {"name": group.name, "own_code": group.own_code, "member_codes": group.member_codes,
                   "bands": "\n".join(f"{b.label}, {b.upto}" for b in group.band_list()),
                   "level_tolerance_percent": group.level_tolerance_percent}
    form = ComparatorGroupForm(request.POST or None, councils=councils, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            group = comparator_group_save(group=group, name=data["name"], own_code=data["own_code"],
                                          member_codes=data["member_codes"], bands=data["bands"],
                                          level_tolerance_percent=data["level_tolerance_percent"], by=request.user)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, f"Comparator group “{group.name}” saved.")
            return redirect(group)
    return render(request, "intelligence/group_form.html", {"form": form, "group": group})


@allow_roles(rules.MANAGE_GROUPS)
def group_create(request):
    return _group_form(request)


@allow_roles(rules.MANAGE_GROUPS)
def group_edit(request, pk):
    return _group_form(request, get_object_or_404(selectors.comparator_groups(user=request.user), pk=pk))


@allow_roles(rules.VIEW)
def market(request):
    """Demand, forecast, supply and vacancies, as the last refresh stored them, each with its date and source."""
    found = selectors.figures(user=request.user)
    concentration = [f for k, f in sorted(found.items()) if k.startswith("supply.hhi.")]
    return render(request, "intelligence/market.html", {
        "figures": found, "concentration": concentration,
        "forecast_chart": presenters.forecast_chart(found.get("demand.forecast")),
        "beds_chart": presenters.capacity_chart(found.get("supply.beds"), value="beds", value_title="Beds"),
        "hours_chart": presenters.capacity_chart(found.get("supply.hours"), value="hours",
                                                 value_title="Hours a week"),
        "cqc_chart": presenters.mix_chart(found.get("supply.cqc_mix"), title="CQC ratings of services"),
        "rag_chart": presenters.mix_chart(found.get("supply.rag_mix"), title="Council RAG ratings of services"),
        "refreshed_at": next(iter(found.values())).refreshed_at if found else None,
        "may_refresh": request.user.role in rules.IMPORT,
    })


@allow_roles(rules.IMPORT)
def market_refresh(request):
    """Refresh the market figures now, as a job."""
    if request.method != "POST":
        return redirect("intelligence:market")
    job = figures_refresh_start(by=request.user)
    messages.success(request, "The market figures are being refreshed.")
    return redirect(job)


@allow_roles(rules.PROVIDER)
def vacancy_return(request):
    """A care home's weekly bed return: this week's beds for each of the organisation's care homes."""
    homes = list(selectors.care_homes_of(user=request.user))
    form = VacancyReturnForm(request.POST or None, homes=homes)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            row = vacancy_return_submit(service=data["service"], week_start=data["week_start"],
                                        beds_maximum=data["beds_maximum"], beds_occupied=data["beds_occupied"],
                                        by=request.user)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, f"Beds sent for {row.service.name}: {row.beds_vacant} vacant"
                                      f"{', after the due day' if row.late else ''}.")
            return redirect("intelligence:vacancy_return")
    return render(request, "intelligence/vacancy_return.html", {
        "form": form, "homes": homes, "returns": selectors.vacancy_returns(user=request.user)[:30]})


def _market_labels():
    from commissioning.accounts.selectors import market_names

    return market_names()


def _edition_context(edition):
    """What an edition's page shows. A published edition never changes, so its figures, changes and
    chart are drawn once and kept (the template caches them by edition); only the forthcoming
    procurements are read afresh. The callables are called by the template only when not cached."""
    def forecast_chart():
        forecast = next((f for f in edition.figures if f["key"] == "demand.forecast"), None)
        if forecast and forecast.get("detail", {}).get("points"):
            return presenters.forecast_chart(SimpleNamespace(detail=forecast["detail"]))
        return None

    labels = _market_labels()
    order = {key: n for n, key in enumerate(labels)}
    forthcoming = selectors.forthcoming_by_market()
    return {"edition": edition, "changes": lambda: selectors.edition_changes(edition),
            "previous": lambda: selectors.previous_edition(edition), "forecast_chart": forecast_chart,
            # In the markets' own order: PostgreSQL's jsonb keeps a mapping's keys in an order of its own.
            "intentions": [(labels.get(k, k), v, forthcoming.get(k, []))
                           for k, v in sorted(edition.intentions.items(), key=lambda kv: order.get(kv[0], len(order)))],
            "sections": [("demand", "Demand"), ("supply", "Supply"), ("vacancies", "Vacancies"),
                         ("direct_payments", "Direct payments")],
            "arrow_words": ARROW_WORDS}


@allow_anonymous
def statement_public(request):
    """The latest Market Position Statement, for providers and the public (no sign-in)."""
    edition = selectors.editions().first()
    if edition is None:
        return render(request, "intelligence/statement_none.html")
    return render(request, "intelligence/statement.html", _edition_context(edition))


@allow_anonymous
def statement_edition(request, number):
    """One published edition, as it was published."""
    edition = get_object_or_404(selectors.editions(), number=number)
    return render(request, "intelligence/statement.html", _edition_context(edition))


@allow_anonymous
def statement_pdf(request, number):
    """One published edition as a PDF (WeasyPrint), with its figures, charts and changes."""
    from django.http import HttpResponse
    from django.template.loader import render_to_string
    from weasyprint import HTML

    edition = get_object_or_404(selectors.editions(), number=number)
    html = render_to_string("intelligence/statement_pdf.html", _edition_context(edition), request=request)
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="market-position-statement-{edition.number}.pdf"'
    return response


@allow_roles(rules.MANAGE_GROUPS)
def statement_edit(request):
    """The commissioner's words for the next edition, and publishing it."""
    draft = selectors.statement_draft()
    initial = {"context": draft.context, "working_with_us": draft.working_with_us,
               **{f"intentions_{k}": v for k, v in draft.intentions.items()}}
    form = StatementForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            statement_draft_save(context=form.cleaned_data["context"], intentions=form.intentions(),
                                 working_with_us=form.cleaned_data["working_with_us"], by=request.user)
            if request.POST.get("action") == "publish":
                edition = statement_publish(by=request.user)
                messages.success(request, f"Edition {edition.number} is published.")
                return redirect(edition)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, "The words for the next edition are saved.")
            return redirect("intelligence:statement_edit")
    return render(request, "intelligence/statement_edit.html", {
        "form": form, "editions": selectors.editions()[:10]})


def _scrutiny_context(request, year):
    report = selectors.scrutiny_report(user=request.user, financial_year=year)
    labels = _market_labels()
    return {"year": year, "year_label": financial_year_label(year), **report, "arrow_words": ARROW_WORDS,
            "spend_rows": [(labels.get(k, k or "No market"), v) for k, v in report["spend_by_market"].items()],
            "benchmark_label": financial_year_label(report["benchmark_year"]) if report["benchmark_year"] else ""}


@allow_roles(rules.VIEW)
def scrutiny(request, year):
    """The value-for-money report for a year (seed 000): staffing, spend, savings and benchmarks."""
    from commissioning.procurement import selectors as procurement

    may_edit = request.user.role in rules.MANAGE_GROUPS
    lists = list(procurement.list_scope(user=request.user)) if may_edit else []
    staffing_form = StaffingLineForm(request.POST if request.POST.get("form") == "staffing" else None,
                                     prefix="staffing")
    saving_form = SavingForm(request.POST if request.POST.get("form") == "saving" else None, lists=lists,
                             prefix="saving")
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        form = staffing_form if request.POST.get("form") == "staffing" else saving_form
        if form.is_valid():
            data = form.cleaned_data
            try:
                if form is staffing_form:
                    staffing_line_add(financial_year=year, job_title=data["job_title"], fte=data["fte"],
                                      cost_pence=pounds_to_pence(data["cost"]), by=request.user)
                else:
                    saving_record(financial_year=year, service_area=data["service_area"],
                                  approved_list=data["approved_list"],
                                  previous_annual_pence=pounds_to_pence(data["previous_annual"]),
                                  new_annual_pence=pounds_to_pence(data["new_annual"]), by=request.user)
            except ValidationError as error:
                form_errors_from(form, error)
            else:
                messages.success(request, "Added to the report.")
                return redirect("intelligence:scrutiny", year=year)
    return render(request, "intelligence/scrutiny.html", {
        **_scrutiny_context(request, year), "may_edit": may_edit, "staffing_form": staffing_form,
        "saving_form": saving_form, "form": staffing_form if staffing_form.errors else saving_form})


@allow_roles(rules.VIEW)
def scrutiny_pdf(request, year):
    """The value-for-money report for a year as a PDF."""
    from django.http import HttpResponse
    from django.template.loader import render_to_string
    from weasyprint import HTML

    html = render_to_string("intelligence/scrutiny_pdf.html", _scrutiny_context(request, year), request=request)
    response = HttpResponse(HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf(),
                            content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="value-for-money-{financial_year_label(year)}.pdf"'
    return response


def _refreshed(found):
    return next(iter(found.values())).refreshed_at if found else None


@allow_roles(rules.VIEW)
def cycle(request):
    """The head of commissioning's view of the cycle: analyse, plan, do and review on one page, each tile
    with its figure's date and source and a link to its detail, all from the read model."""
    from django.urls import reverse

    urls = {"market": reverse("intelligence:market"), "gaps": reverse("intelligence:gaps"),
            "supply": reverse("intelligence:supply"), "calendar": reverse("planning:calendar"),
            "spend": reverse("finance:spend"), "reviews": reverse("quality:review_list")}

    @functools.cache
    def found():
        return selectors.figures(user=request.user)

    @functools.cache
    def snaps():
        return selectors.snapshots(user=request.user, keys=("supply.rag_mix", "demand.unmet"))

    def due_rows():
        due = found().get("cycle.due")
        return due.detail.get("rows", [])[:10] if due else []

    # The tiles and charts change only when the read model is refreshed: the page keeps them, drawn,
    # per refresh and role (which links a role may open), and reads the figures only when it draws them.
    refreshed_at = selectors.figures_refreshed_at(user=request.user)
    return render(request, "intelligence/cycle.html", {
        "figures": refreshed_at is not None,
        "stages": lambda: presenters.cycle_stages(found(), snaps(), urls) if found() else [],
        "due_rows": due_rows,
        "rag_trend": lambda: presenters.mix_trend_chart(snaps()["supply.rag_mix"],
                                                        title="Council RAG ratings over time"),
        "spend_chart": lambda: presenters.spend_chart(found().get("cycle.spend")),
        "refreshed_at": refreshed_at, "may_refresh": request.user.role in rules.IMPORT,
    })


@allow_roles(rules.VIEW)
def gaps(request):
    """Demand against supply by locality and client group, with unmet need and time to source beside
    them, and the people placed outside the council's area."""
    found = selectors.figures(user=request.user)
    cells = found.get("gaps.cells")
    return render(request, "intelligence/gaps.html", {
        "figures": found, "cells": cells, "away": found.get("gaps.out_of_area"),
        "chart": presenters.gap_chart(cells), "refreshed_at": _refreshed(found),
        "may_refresh": request.user.role in rules.IMPORT,
    })


@allow_roles(rules.VIEW)
def supply(request):
    """Supply over time: the CQC ratings and council RAG mix a refresh at a time, and the providers and
    services that left, closed or failed."""
    found = selectors.figures(user=request.user)
    snaps = selectors.snapshots(user=request.user, keys=("supply.cqc_mix", "supply.rag_mix", "supply.beds"))
    return render(request, "intelligence/supply.html", {
        "figures": found, "exits": found.get("supply.exits"), "mix": found.get("supply.cqc_mix"),
        "cqc_trend": presenters.mix_trend_chart(snaps["supply.cqc_mix"], title="CQC ratings over time"),
        "rag_trend": presenters.mix_trend_chart(snaps["supply.rag_mix"], title="Council RAG ratings over time"),
        "beds_trend": presenters.count_trend_chart(snaps["supply.beds"], title="Beds in the register over time",
                                                   y_title="Beds"),
        "cqc_chart": presenters.mix_chart(found.get("supply.cqc_mix"), title="CQC ratings of services now"),
        "rag_chart": presenters.mix_chart(found.get("supply.rag_mix"), title="Council RAG ratings of services now"),
        "refreshed_at": _refreshed(found), "may_refresh": request.user.role in rules.IMPORT,
    })
