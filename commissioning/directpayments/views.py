"""Pages of direct payments, card statements, balance reviews, the Client Level Data return and the
measures and intelligence built on them. Reads go through selectors; writes through services."""
from datetime import date, timedelta

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from commissioning.brokerage.choices import RequestStatus
from commissioning.core.errors import form_errors_from
from commissioning.core.money import format_pounds
from commissioning.core.pagination import paginate
from commissioning.core.permissions import allow_roles, may_open
from commissioning.core.workflow import TransitionNotAllowed

from . import rules, selectors, services
from .choices import AgreementStatus, ReviewStatus
from .forms import (
    BalanceDecisionForm,
    BuildReturnForm,
    CardStatementForm,
    ClientDetailsForm,
    DirectPaymentForm,
    EndForm,
    SupportReviewForm,
)
from .returns import build, checks, events
from .returns import measures as cld_measures
from .services.cards import ImportRefused

SOURCING = (RequestStatus.NEW, RequestStatus.UNMET)
PERSON_FIELDS = {"NHS Number", "LA Person Unique Identifier", "Gender", "Ethnicity", "Date of Birth", "Client Type",
                 "Primary Support Reason", "Postcode", "Accommodation Status", "Employment Status",
                 "Has Unpaid Carer", "Client Funding Status", "Request: Route of Access"}


def _get(read, **kwargs):
    try:
        return read(**kwargs)
    except ObjectDoesNotExist:
        raise Http404 from None


@allow_roles(rules.VIEW)
def index(request):
    user = request.user
    return render(request, "directpayments/index.html", {
        **paginate(request, selectors.agreements(user=user)),
        "open_reviews": selectors.open_reviews(user=user)[:50],
        "statements": selectors.statements(user=user)[:10],
        "runs": selectors.runs_with_direct_payments(user=user)[:10],
        "may_import": user.role in rules.OFFICER,
        "weeks": _weeks(),
    })


def _weeks() -> int:
    return settings.DIRECT_PAYMENT_SURPLUS_WEEKS


@allow_roles(rules.ARRANGE)
def agreement_create(request, pk):
    care = _get(selectors.request_for, user=request.user, pk=pk)
    if care.status not in SOURCING:
        messages.error(request, f"{care.reference} is {care.get_status_display().lower()}, so it cannot be met by "
                                "a direct payment")
        return redirect(care)
    today = timezone.localdate()
    form = DirectPaymentForm(request.POST or None, initial={
        "hours_per_week": care.weekly_hours, "start_date": max(care.start_date, today),
        "review_date": max(care.start_date, today) + timedelta(weeks=6)})
    if request.method == "POST" and form.is_valid():
        try:
            agreement = services.direct_payment_create(by=request.user, request=care, **form.values())
        except ValidationError as error:
            form_errors_from(form, error)
        except TransitionNotAllowed as error:
            messages.error(request, str(error))
            return redirect(care)
        else:
            messages.success(request, f"{care.reference} is met by a direct payment of "
                                      f"{format_pounds(agreement.weekly_pence)} a week")
            return redirect(agreement)
    return render(request, "directpayments/agreement_form.html", {"care": care, "form": form})


@allow_roles(rules.VIEW)
def agreement_detail(request, pk):
    agreement = _get(selectors.agreements(user=request.user).get, pk=pk)
    user = request.user
    payments = selectors.payments(user=user, agreement=agreement)
    purchases = selectors.transactions(user=user).filter(agreement=agreement).order_by("-spent_on", "-row")
    return render(request, "directpayments/agreement_detail.html", {
        "agreement": agreement, "payments": payments, "paid": sum(p.amount_pence for p in payments),
        "purchases": purchases[:50], "latest": purchases.first(),
        "reviews": agreement.reviews.all(), "balance_reviews": agreement.balance_reviews.all(),
        "may_arrange": user.role in rules.ARRANGE and agreement.status == AgreementStatus.ACTIVE,
        "may_details": user.role in rules.CLIENT_DETAILS,
    })


@allow_roles(rules.ARRANGE)
def agreement_end(request, pk):
    agreement = _get(selectors.agreements(user=request.user).get, pk=pk)
    form = EndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.direct_payment_end(by=request.user, agreement=agreement, end_date=form.cleaned_data["end_date"],
                                        reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, f"{agreement.reference} ended")
            return redirect(agreement)
    return render(request, "govuk/simple_form.html", {
        "form": form, "title": f"End direct payment {agreement.reference}", "back": agreement.get_absolute_url(),
        "button": "End the direct payment",
        "intro": "Payments stop at the end date: a 4-week period it cuts short is paid for its days only."})


@allow_roles(rules.ARRANGE)
def support_review_add(request, pk):
    agreement = _get(selectors.agreements(user=request.user).get, pk=pk)
    form = SupportReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.support_review_record(by=request.user, agreement=agreement, reviewed_on=d["reviewed_on"],
                                           review_reason=d["review_reason"], outcome=d["outcome"],
                                           method=d["method"], next_review=d["next_review"])
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, "Review recorded")
            return redirect(agreement)
    return render(request, "govuk/simple_form.html", {
        "form": form, "title": f"Record a review of {agreement.reference}", "back": agreement.get_absolute_url(),
        "button": "Record the review"})


@allow_roles(rules.CLIENT_DETAILS)
def client_details(request, pk):
    person = _get(selectors.person, user=request.user, pk=pk)
    details = selectors.client_details(user=request.user, person=person)
    initial = {name: getattr(details, name) for name in services.agreements.DETAIL_FIELDS} if details else {}
    form = ClientDetailsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.client_details_save(by=request.user, person=person, **form.cleaned_data)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, f"Client Level Data details of {person.reference} saved")
            return redirect("directpayments:client_details", pk=person.pk)
    return render(request, "govuk/simple_form.html", {
        "form": form, "title": f"Client Level Data details of {person.reference}",
        "back": reverse("directpayments:index"), "button": "Save the details",
        "intro": "What the national Client Level Data return asks about the person that a care request does "
                 "not hold. The return compares the values exactly, capitals included."})


@allow_roles(rules.VIEW)
def run_detail(request, pk):
    run = _get(selectors.run, user=request.user, pk=pk)
    rows = selectors.run_payments(user=request.user, run=run)
    return render(request, "directpayments/run_detail.html", {
        "run": run, "rows": rows, "total": sum(r.amount_pence for r in rows)})


@allow_roles(rules.OFFICER)
def card_import(request):
    form = CardStatementForm(request.POST or None, request.FILES or None)
    reasons = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            statement = services.card_statement_import(by=request.user, file_name=upload.name, content=upload.read())
        except ImportRefused as refused:
            reasons = refused.reasons
            form.add_error("file", f"The file was not imported: {len(reasons)} "
                                   f"problem{'s' if len(reasons) != 1 else ''} (listed below). Fix them and upload "
                                   "the whole file again")
        else:
            messages.success(request, f"{statement.rows} purchases imported; {statement.flagged} balance"
                                      f"{'s' if statement.flagged != 1 else ''} flagged for review")
            return redirect(statement)
    return render(request, "directpayments/card_import.html", {"form": form, "reasons": reasons,
                                                               "weeks": _weeks()})


@allow_roles(rules.VIEW)
def card_import_detail(request, pk):
    statement = _get(selectors.statements(user=request.user).get, pk=pk)
    return render(request, "directpayments/card_import_detail.html", {
        "statement": statement, "reviews": statement.reviews.select_related("agreement"),
        **paginate(request, selectors.transactions(user=request.user).filter(statement=statement).order_by("row"))})


@allow_roles(rules.VIEW)
def review_detail(request, pk):
    review = _get(selectors.reviews(user=request.user).get, pk=pk)
    return render(request, "directpayments/review_detail.html", {
        "review": review, "may_decide": request.user.role in rules.OFFICER and review.status == ReviewStatus.OPEN})


@allow_roles(rules.OFFICER)
def review_decide(request, pk):
    review = _get(selectors.reviews(user=request.user).get, pk=pk)
    if review.status != ReviewStatus.OPEN:
        messages.error(request, "This balance review has already been decided")
        return redirect(review)
    form = BalanceDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.balance_review_decide(by=request.user, review=review, decision=form.cleaned_data["decision"],
                                           note=form.cleaned_data["note"], reclaim_pence=form.reclaim_pence())
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, "Decision recorded")
            return redirect(review)
    return render(request, "govuk/simple_form.html", {
        "form": form, "title": f"Decide the balance review of {review.agreement.reference}",
        "back": review.get_absolute_url(), "button": "Record the decision",
        "intro": f"{review.reason}\n\nA reclaim is recorded here for finance to ask for; nothing is taken back "
                 "automatically."})


def _quarters(today: date) -> list[date]:
    last = build.last_quarter_end(today)
    found = [last]
    while len(found) < 4:
        found.append(build.last_quarter_end(found[-1] - timedelta(days=1)))
    return found


@allow_roles(rules.BUILD_RETURN)
def return_list(request):
    form = BuildReturnForm(request.POST or None, quarters=_quarters(timezone.localdate()))
    if request.method == "POST" and form.is_valid():
        try:
            submission = services.cld_build(by=request.user, quarter_end=form.quarter())
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, f"Return built: {submission.rows} rows, {submission.failure_count} "
                                      f"failure{'s' if submission.failure_count != 1 else ''}")
            return redirect(submission)
    return render(request, "directpayments/return_list.html", {
        "form": form, **paginate(request, selectors.submissions(user=request.user))})


@allow_roles(rules.BUILD_RETURN)
def return_detail(request, pk):
    submission = _get(selectors.submissions(user=request.user).get, pk=pk)
    show = request.GET.get("show")
    rows = submission.failures
    if show == "warnings":
        rows = [r for r in rows if r["severity"] == checks.WARNING]
    else:
        rows = [r for r in rows if r["severity"] == checks.FAILURE]
    page = paginate(request, rows, per_page=50)
    people = selectors.person_pks(user=request.user, references={r["person"] for r in page["page_obj"].object_list})
    for row in page["page_obj"].object_list:
        if row["field"] in PERSON_FIELDS and row["person"] in people:
            row["url"] = reverse("directpayments:client_details", args=[people[row["person"]]])
        else:
            row["url"] = events.record_url(row["event"], row["person"])
        if row["url"] and not may_open(request.user, row["url"]):
            row["url"] = None
    by_field: dict[str, int] = {}
    for row in submission.failures:
        if row["severity"] == checks.FAILURE:
            by_field[row["field"]] = by_field.get(row["field"], 0) + 1
    return render(request, "directpayments/return_detail.html", {
        "submission": submission, **page, "show": show or "failures", "by_field": sorted(by_field.items()),
        "may_send": request.user.role in rules.SEND_RETURN})


@allow_roles(rules.SEND_RETURN)
def return_download(request, pk):
    submission = _get(selectors.submission_with_file, user=request.user, pk=pk)
    content = services.cld_download(by=request.user, submission=submission)
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (f'attachment; filename="cld-{submission.quarter_end:%Y-%m-%d}-'
                                       f'build-{submission.pk}.csv"')
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@allow_roles(rules.SEND_RETURN)
def return_sent(request, pk):
    submission = _get(selectors.submissions(user=request.user).get, pk=pk)
    try:
        services.cld_mark_sent(by=request.user, submission=submission)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Recorded as sent to the Department")
    return redirect(submission)


def _year(request, today: date) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = cld_measures.financial_year_of(today)
    return min(max(year, 2000), cld_measures.financial_year_of(today))


@allow_roles(rules.MEASURES)
def measures(request):
    today = timezone.localdate()
    year = _year(request, today)
    on = min(cld_measures.year_end(year), today)
    try:
        figures = cld_measures.measures(events.collect(), on=on)
    except FileNotFoundError:
        figures = None
    current = cld_measures.financial_year_of(today)
    return render(request, "directpayments/measures.html", {
        "figures": figures, "year": year, "on": on, "running": on < cld_measures.year_end(year),
        "years": [(y, f"{y} to {y + 1}") for y in range(current, current - 4, -1)]})


@allow_roles(rules.INTELLIGENCE)
def intelligence(request):
    today = timezone.localdate()
    year = _year(request, today)
    start, end = date(year, 4, 1), cld_measures.year_end(year)
    figures = selectors.intelligence(user=request.user, start=start, end=end)
    current = cld_measures.financial_year_of(today)
    return render(request, "directpayments/intelligence.html", {
        "figures": figures, "year": year, "start": start, "end": end,
        "years": [(y, f"{y} to {y + 1}") for y in range(current, current - 4, -1)],
        "may_see_people": request.user.role in rules.VIEW})
