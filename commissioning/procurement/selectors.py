"""Reads of Approved Provider Lists, always starting from the user's scope (`for_user`, see
querysets.py): council staff see every list, every submitted application and every membership; a
provider user sees the lists past draft and only its own organisation's applications and
memberships; anyone else sees nothing. A draft application belongs to its provider until it is
submitted.
"""
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from commissioning.core.models import AuditEvent
from commissioning.providers.models import Provider, Service

from . import rules
from .choices import SYSTEM_CONDITIONS, AdmissionMode, ApplicationStatus, Condition, ListStatus, MembershipStatus
from .domain import evaluation
from .models import (
    Answer,
    Application,
    ApprovedList,
    Lot,
    LotDecision,
    MemberPrice,
    Membership,
    MembershipStatusEvent,
    ModeratedScore,
    PriceLine,
    Score,
)
from .querysets import is_council

AWAITING_DECISION = (ApplicationStatus.SUBMITTED, ApplicationStatus.CLARIFICATION, ApplicationStatus.MODERATED)
LIVE = (MembershipStatus.ACTIVE, MembershipStatus.SUSPENDED)


# Scopes ------------------------------------------------------------------------------------

def list_scope(*, user) -> QuerySet[ApprovedList]:
    """The lists `user` may see: all for council staff, those past draft for a provider user."""
    return ApprovedList.objects.for_user(user).prefetch_related(
        Prefetch("lots", queryset=Lot.objects.prefetch_related("service_types", "localities").order_by("number")),
        "windows",
    )


def application_scope(*, user) -> QuerySet[Application]:
    """The applications `user` may see: every submitted one for council staff, its own
    organisation's (drafts included) for a provider user."""
    qs = Application.objects.for_user(user).select_related("approved_list", "provider").prefetch_related(
        Prefetch("lots", queryset=Lot.objects.order_by("number")),
        Prefetch("decisions", queryset=LotDecision.objects.select_related("lot")),
    )
    if is_council(user):
        return qs.prefetch_related(
            Prefetch("scores", queryset=Score.objects.select_related("evaluator", "question")
                     .order_by("question__number", "evaluator_id")),
            Prefetch("moderated_scores",
                     queryset=ModeratedScore.objects.select_related("question").order_by("question__number")),
        )
    return qs


def membership_scope(*, user) -> QuerySet[Membership]:
    """The memberships `user` may see: all for council staff, its own organisation's for a provider user."""
    return Membership.objects.for_user(user).select_related("lot__approved_list", "provider")


def answer_scope(*, user) -> QuerySet[Answer]:
    """Answers `user` may see: of submitted applications for council staff, its own for a provider user."""
    return Answer.objects.for_user(user).select_related("application", "question")


# Council pages ------------------------------------------------------------------------------

def lists_for_index(*, user) -> QuerySet[ApprovedList]:
    """The lists `user` may see, by name, with their number of lots and of active members."""
    return ApprovedList.objects.for_user(user).annotate(
        lot_count=Count("lots", distinct=True),
        member_count=Count("lots__memberships", filter=Q(lots__memberships__status=MembershipStatus.ACTIVE),
                           distinct=True),
    ).select_related("lead_commissioner").order_by("name")


def applications_awaiting_decision(*, user) -> QuerySet[Application]:
    """Submitted applications not yet decided, soonest deadline first."""
    return (Application.objects.for_user(user).filter(status__in=AWAITING_DECISION)
            .select_related("approved_list", "provider").order_by("decision_due", "submitted_at"))


def lots_with_member_counts(approved_list: ApprovedList) -> QuerySet[Lot]:
    """The list's lots with their service types, localities and number of active members."""
    return approved_list.lots.prefetch_related("service_types", "localities").annotate(
        members=Count("memberships", filter=Q(memberships__status=MembershipStatus.ACTIVE)))


def list_applications(*, user, approved_list: ApprovedList) -> QuerySet[Application]:
    """The list's applications `user` may see, latest submitted first."""
    return (Application.objects.for_user(user).filter(approved_list=approved_list).select_related("provider")
            .order_by("-submitted_at"))


def list_memberships(*, user, approved_list: ApprovedList) -> QuerySet[Membership]:
    """The list's memberships `user` may see, by lot and provider."""
    return (Membership.objects.for_user(user).filter(lot__approved_list=approved_list)
            .select_related("lot", "provider").order_by("lot__number", "provider__name"))


def application_scores(*, user, application: Application) -> tuple[QuerySet[Score], dict]:
    """The evaluators' scores `user` may see (all for the moderator or once moderated, else only
    their own), and `user`'s own scores by question as (score, reason)."""
    all_scores = Score.objects.for_user(user).filter(application=application).select_related("evaluator", "question")
    sees_all = rules.sees_all_scores(user) or application.status in (ApplicationStatus.MODERATED,
                                                                       ApplicationStatus.DECIDED)
    visible = all_scores if sees_all else all_scores.filter(evaluator=user)
    own = {s.question_id: (s.score, s.reason) for s in all_scores if s.evaluator_id == user.pk}
    return visible.order_by("question__number", "evaluator__last_name"), own


def visible_scores(*, user, application: Application) -> list[Score]:
    """Evaluators' own scores as `user` may see them: none for anyone outside the council; all for
    the moderator, or for anyone once moderated; otherwise only the evaluator's own."""
    if not is_council(user):
        return []
    scores = list(application.scores.all())
    if rules.sees_all_scores(user) or application.status in (ApplicationStatus.MODERATED,
                                                             ApplicationStatus.DECIDED):
        return scores
    return [score for score in scores if score.evaluator_id == user.pk]


# Rules read from the records ------------------------------------------------------------------

def list_is_accepting(approved_list: ApprovedList, on: date) -> bool:
    """Open, and (for a list that reopens in windows) inside a window."""
    if approved_list.status != ListStatus.OPEN:
        return False
    if approved_list.admission_mode == AdmissionMode.CONTINUOUS:
        return True
    return approved_list.windows.filter(opens_on__lte=on, closes_on__gte=on).exists()


def questions_for_evaluators(approved_list: ApprovedList):
    """The questions people score: scored ones and pass/fail ones the system cannot check."""
    return approved_list.questions.exclude(condition__in=SYSTEM_CONDITIONS)


def live_member_count(lot: Lot) -> int:
    """Members of the lot who count towards its cap: active, and suspended ones where the lot says
    a suspended member keeps its place."""
    return lot.memberships.filter(status__in=counted_statuses(lot)).count()


def lots_held(provider: Provider, approved_list: ApprovedList, *, excluding=()) -> int:
    """How many lots of the list the provider holds (active or suspended), leaving out `excluding`."""
    return Membership.objects.filter(provider=provider, lot__approved_list=approved_list,
                                     status__in=LIVE).exclude(lot__in=list(excluding)).count()


def application_problems(application: Application) -> dict[str, str]:
    """What stops a draft being submitted, keyed by form field name."""
    problems = {}
    approved_list = application.approved_list
    lots = list(application.lots.all())
    if not lots:
        problems["lots"] = "Choose at least one lot"
    limit = approved_list.max_lots_per_provider
    if limit:
        held = lots_held(application.provider, approved_list, excluding=lots)
        if held + len(lots) > limit:
            problems["lots"] = f"A provider may hold at most {limit} lots of this list; you hold {held} already"
    prices = {t.price_line_id: t.pence for t in application.tendered_prices.all()}
    for lot in lots:
        for line in lot.price_lines.all():
            if line.pk not in prices:
                problems[f"p{line.pk}"] = f"Enter your {line.name[:1].lower()}{line.name[1:]} for {lot}"
        if lot.is_reserve and not approved_list.primary_members_may_join_reserve:
            primary = set(lot.reserve_for.values_list("pk", flat=True))
            clash = [other for other in lots if other.pk in primary] + lots_of_primary_members(
                application.provider, lot)
            if clash:
                problems["lots"] = (f"{lot} is a reserve tier for {clash[0]}: members of a primary lot "
                                    "may not also join its reserve tier on this list")
    answers = {a.question_id: a for a in application.answers.all()}
    for question in approved_list.questions.all():
        answer = answers.get(question.pk)
        key = f"q{question.pk}"
        if answer is None or not answer.response.strip():
            problems[key] = f"Answer question {question.number}"
        elif question.requires_attachment and not answer.attachment:
            problems[key] = f"Attach the evidence for question {question.number}"
        elif question.condition == Condition.INSURANCE and not answer.evidence_expires_on:
            problems[key] = f"Give the insurance expiry date for question {question.number}"
    return problems


def _regulated_ratings(provider: Provider, service_types) -> list[str]:
    """The CQC ratings of the provider's active, CQC-registered services of these types."""
    return list(Service.objects.filter(provider=provider, status="active", service_types__in=service_types)
                .exclude(Q(cqc_location_id__isnull=True) | Q(cqc_location_id="")).distinct()
                .values_list("cqc_rating", flat=True))


def system_conditions(application: Application, on: date) -> dict[int, tuple[bool, str]]:
    """Pass/fail conditions checked by the system from the register and the answers, per question."""
    results = {}
    answers = {a.question_id: a for a in application.answers.all()}
    lots = list(application.lots.prefetch_related("service_types"))
    for question in application.approved_list.questions.filter(condition__in=SYSTEM_CONDITIONS):
        if question.condition == Condition.INSURANCE:
            answer = answers.get(question.pk)
            results[question.pk] = evaluation.insurance_condition(answer and answer.evidence_expires_on, on)
        else:
            outcome, reasons = True, []
            for lot in lots:
                types = [t for t in lot.service_types.all() if t.regulated]
                ok, why = evaluation.cqc_condition(_regulated_ratings(application.provider, types),
                                                   regulated=bool(types))
                outcome = outcome and ok
                reasons.append(f"Lot {lot.number}: {why}")
            results[question.pk] = (outcome, "; ".join(reasons))
    return results


def recommended_outcome(application: Application) -> tuple[bool, str]:
    """What the rules say after moderation: admit only if every condition passed and the score
    reaches the pass mark."""
    return evaluation.recommended_outcome(application.passed_conditions, application.weighted_score,
                                          application.approved_list.pass_mark)


def members_on(lot: Lot, on: date):
    """Providers who were members of the lot on a date: admitted on or before it and not removed."""
    return lot.memberships.filter(admitted_on__lte=on).exclude(status=MembershipStatus.REMOVED)


def memberships_with_lapsed_evidence(today: date) -> list[tuple[Membership, list[str]]]:
    """Live members not yet flagged whose evidence has lapsed by `today`, with the reasons: insurance
    expired, or (where the list asks for it) a CQC rating below Good on a regulated service of the lot."""
    lapsed = []
    live = Membership.objects.filter(status__in=LIVE, needs_reverification=False).select_related(
        "lot__approved_list", "provider").prefetch_related("lot__service_types")
    for membership in live:
        reasons = []
        if membership.insurance_expires_on and membership.insurance_expires_on < today:
            reasons.append(f"Insurance expired on {membership.insurance_expires_on:%d %B %Y}")
        condition = membership.lot.approved_list.questions.filter(condition=Condition.CQC_GOOD).exists()
        types = [t for t in membership.lot.service_types.all() if t.regulated]
        if condition and types:
            ok, why = evaluation.cqc_condition(_regulated_ratings(membership.provider, types), regulated=True)
            if not ok:
                reasons.append(f"CQC condition no longer met: {why}")
        if reasons:
            lapsed.append((membership, reasons))
    return lapsed


# Open data -----------------------------------------------------------------------------------

def published_lists() -> QuerySet[ApprovedList]:
    """The lists published as open data: every list that is not a draft, with what the OCDS
    builder reads."""
    return ApprovedList.objects.exclude(status=ListStatus.DRAFT).prefetch_related(
        Prefetch("lots", queryset=Lot.objects.order_by("number")),
        "windows",
        Prefetch("lots__memberships", queryset=Membership.objects.select_related("provider", "application")
                 .order_by("admitted_on", "pk")),
    ).order_by("reference")


def lists_open_to_applications() -> QuerySet[ApprovedList]:
    """The published lists open (or paused) for applications, with only what a list of them shows
    (name, market, term): for the forthcoming opportunities and the Market Position Statement."""
    return (ApprovedList.objects.filter(status__in=(ListStatus.OPEN, ListStatus.PAUSED))
            .only("name", "reference", "market_area", "status", "start_date", "term_months").order_by("reference"))


def membership_removals(approved_lists) -> QuerySet[MembershipStatusEvent]:
    """The removals of members from the given lists, oldest first."""
    return MembershipStatusEvent.objects.filter(
        event="remove", membership__lot__approved_list__in=approved_lists,
    ).order_by("at", "pk")


def list_status_history(approved_lists) -> QuerySet[AuditEvent]:
    """The audit rows that record a status change of the given lists, oldest first."""
    return AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(ApprovedList),
        object_id__in=[approved_list.pk for approved_list in approved_lists],
        changes__has_key="Status",
    ).order_by("at", "pk")


# Prices and tiers (read by brokerage) ---------------------------------------------------------

def main_price_line(lot: Lot) -> PriceLine | None:
    """The lot's main price line, the one care is placed at (None when the lot has no price lines)."""
    return lot.price_lines.filter(is_main=True).first()


def price_limits(lot: Lot) -> tuple[int | None, int | None]:
    """The lowest and highest price allowed on the lot's main line, in pence; (None, None) when the
    lot has no price lines."""
    line = main_price_line(lot)
    return (line.min_pence, line.max_pence) if line else (None, None)


def reserve_lots_for(lot: Lot) -> QuerySet[Lot]:
    """The reserve lots that receive the requests `lot` could not place, by number."""
    return lot.reserve_lots.filter(is_reserve=True).order_by("approved_list_id", "number")


def current_member_prices(membership: Membership, on: date) -> list[MemberPrice]:
    """The member's price on each of its lot's lines in effect on `on` (the latest row from on or before it)."""
    current = {}
    for row in membership.prices.filter(effective_from__lte=on).select_related("price_line").order_by(
            "price_line__number", "-effective_from", "-pk"):
        current.setdefault(row.price_line_id, row)
    return list(current.values())


# Lots' own conditions, rounds and ranking -------------------------------------------------------

def lot_conditions(application: Application, lot: Lot) -> tuple[bool, str]:
    """The lot's own admission conditions (its lowest CQC rating, CQC-registered services only),
    checked against the provider's services of the lot's types."""
    if not lot.minimum_cqc_rating and not lot.regulated_only:
        return True, "The lot sets no conditions of its own"
    types = list(lot.service_types.all())
    return evaluation.cqc_minimum_condition(_regulated_ratings(application.provider, types),
                                            lot.minimum_cqc_rating, lot.regulated_only)


def counted_statuses(lot: Lot) -> tuple[str, ...]:
    """The member statuses that hold a place against the lot's cap: active, and suspended when the
    lot says a suspended member keeps its place."""
    return LIVE if lot.suspended_count_against_cap else (MembershipStatus.ACTIVE,)


def current_round(approved_list: ApprovedList, on: date):
    """The admission round applications submitted on `on` belong to: the window open that day, or
    else the latest one opened before it."""
    windows = approved_list.windows.filter(opens_on__lte=on)
    return windows.filter(closes_on__gte=on).order_by("-opens_on").first() or windows.order_by("-opens_on").first()


def round_waiting(lot: Lot, window) -> dict:
    """Where a capped lot's round stands: applications still being evaluated, passed-moderation
    applications waiting to be ranked, and whether the round may be ranked now (every application
    of the round to the lot moderated and, for a list that reopens in windows, the window closed)."""
    applications = Application.objects.filter(lots=lot, window=window)
    evaluating = applications.filter(status__in=(ApplicationStatus.SUBMITTED, ApplicationStatus.CLARIFICATION)).count()
    waiting = applications.filter(status=ApplicationStatus.MODERATED).exclude(decisions__lot=lot).count()
    window_done = (lot.approved_list.admission_mode == AdmissionMode.CONTINUOUS
                   or (window is not None and window.closes_on < timezone.localdate()))
    return {"evaluating": evaluating, "waiting": waiting,
            "ready": bool(lot.member_cap) and waiting > 0 and evaluating == 0 and window_done}


def rounds_ready_to_rank(*, user) -> list[tuple[Lot, object, dict]]:
    """Every (capped lot, round) with moderated applications waiting and the round ready to rank."""
    if not is_council(user):
        return []
    ready = []
    lots = Lot.objects.filter(member_cap__isnull=False, approved_list__in=ApprovedList.objects.for_user(user))
    pairs = (Application.objects.filter(lots__in=lots, status=ApplicationStatus.MODERATED)
             .values_list("lots", "window").distinct())
    by_id = {lot.pk: lot for lot in lots.select_related("approved_list")}
    windows = {}
    for lot_id, window_id in pairs:
        lot = by_id.get(lot_id)
        if lot is None:
            continue
        window = windows.setdefault(window_id, lot.approved_list.windows.filter(pk=window_id).first())
        state = round_waiting(lot, window)
        if state["ready"]:
            ready.append((lot, window, state))
    return ready


def main_tendered(application: Application, lot: Lot) -> int | None:
    """The application's tendered price on the lot's main line, in pence."""
    return (application.tendered_prices.filter(price_line__lot=lot, price_line__is_main=True)
            .values_list("pence", flat=True).first())


def lot_scores(lot: Lot, applications) -> dict[int, tuple]:
    """Per application: (weighted score, price score, main price) on the lot, by the list's
    weighting. The lowest main price is the lowest among `applications` (see
    domain.evaluation.price_score); without a main line the score is the quality score."""
    approved_list = lot.approved_list
    prices = {a.pk: main_tendered(a, lot) for a in applications}
    tendered = [p for p in prices.values() if p]
    lowest = min(tendered) if tendered else None
    has_main = lot.price_lines.filter(is_main=True).exists()
    out = {}
    for a in applications:
        quality = a.weighted_score or 0
        if has_main:
            price = evaluation.price_score(lowest, prices[a.pk], approved_list.price_weight)
            total = evaluation.combined_score(quality, approved_list.quality_weight, price)
        else:
            price, total = None, quality
        out[a.pk] = (total, price, prices[a.pk])
    return out


def lots_of_primary_members(provider: Provider, reserve_lot: Lot) -> list[Lot]:
    """The primary lots of `reserve_lot` the provider holds as a live member."""
    return list(Lot.objects.filter(pk__in=reserve_lot.reserve_for.values("pk"), memberships__provider=provider,
                                   memberships__status__in=LIVE).distinct())
