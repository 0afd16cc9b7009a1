"""The demo at N times its size, for the benchmarks: `seed_demo --scale N` builds the ordinary demo on a
market N times larger (`Generator.market(scale=N)`), then this module grows everything else with it.

- Lists: each uncapped lot takes about N times the applications, made through the procurement
  services exactly as `seed_lists` makes them (drafted, submitted, scored by both evaluators,
  moderated, decided), so every member has its tendered prices, scores, decisions and audit trail.
  At N = 10 that is about 440 more applications and 45 s of CPU: slow enough to notice, not so slow
  that a bulk shortcut (a second way of making members, to keep in step with the real one) is worth it.
- A council's book, N times larger, written in bulk (`bulk_create` in batches): about 5,000 placed
  packages per unit of scale started over the past year, each with its person, request, front-door
  check, agreement, first price and payment rules, across the city's localities and every lot; plus
  requests waiting for a broker, unmet, and awarded awaiting the provider. Each agreement's provider
  is an active member of the request's lot, its service is that member's service of the request's
  type, its rate is the member's tendered rate and its weekly cost is worked out by
  `finance.domain.pricing`. Packages are shared among the members' services in proportion to their
  stated capacity, but not held to it: at 5,000 a unit the book is about what the whole city's market
  holds, while the lists' members are a third of it, so on the scaled demo most members are full and
  a new request is often told there is no capacity (the ordinary demo is unchanged).
- Audits: published Good or Excellent (Green) audits, each with every standard rated, for a share
  of the commissioned services that have none, then the audit year planned by risk through
  `quality.services.plan_year` for every service without an open audit.
- A year of call monitoring: daily visits for a share of the live home care packages, reconciled as
  the default payment rules pay them (actual time, nearest 5 minutes, capped at planned + 10), in
  integer pence at the agreement's rate, from the package's start (or a year ago) until yesterday;
  written with one parameterised INSERT per batch (see `_VisitRows`).

The bulk rows have no status history or audit-trail lines of their own: they stand for work done
before the platform was used. Deterministic for a given seed and day.
"""
import random
import time as clock
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import lru_cache

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from commissioning.brokerage import choices as brokerage_choices
from commissioning.brokerage.choices import AgreementStatus, AwardRoute, DirectAwardReason, RequestStatus, Urgency
from commissioning.brokerage.demo import FIRST, LAST
from commissioning.brokerage.demo import NEEDS as HOME_CARE_NEEDS
from commissioning.brokerage.models import Agreement, CareRequest, FrontDoorCheck, Person
from commissioning.finance.domain.pricing import monday, weekly_cost_pence
from commissioning.finance.models import ActualsFile, AgreementPrice, PaymentRuleSet, Visit
from commissioning.procurement.choices import ListStatus, MembershipStatus
from commissioning.procurement.demo import apply_to_lot
from commissioning.procurement.models import ApprovedList, Membership
from commissioning.providers.models import Locality, Provider, Service
from commissioning.quality import selectors as quality_selectors
from commissioning.quality import services as quality_services
from commissioning.quality.domain import rating as rating_rules
from commissioning.quality.models import Audit, StandardAssessment

from .generator import DISTRICTS, STREETS, Postcodes

APPLICATIONS_PER_UNIT = (4, 9)  # more applications per uncapped lot per unit of scale, as seed_lists makes
AGREEMENTS_PER_UNIT = 5_000  # placed packages (live or ended in the year) per unit of scale
WAITING_PER_UNIT = 60  # requests in the broker's queue
UNMET_PER_UNIT = 25
OFFERED_PER_UNIT = 20  # awarded, waiting for the provider's answer
VISITED_PER_UNIT = 300  # live home care packages with a year of daily visits
PUBLISHED_SHARE = Decimal("0.4")  # of the commissioned services without a published audit
ENDED_SHARE = 0.1  # placed packages that ended during the year
BATCH = 2_000
AWARD_NOTE = "Awarded from the ranked members"  # on every agreement of the bulk book
NOT_SUITABLE = brokerage_choices.FrontDoorOutcome.NOT_SUITABLE
DAY_DISTRICT_WEIGHTS = [4, 3, 3, 5, 5, 1, 5, 1]  # as the generator places services

# How the book divides between the service types, and the hours a week packages of each type ask for.
BOOK = {"home-care-standard": 44, "home-care-specialist": 6, "care-home-standard": 20, "care-home-nursing": 13,
        "care-home-specialist": 3, "supported-living": 9, "extra-care": 3, "day-opportunities": 2}
HOURS = {"home-care-standard": [5, 7, 7, 10, 10, 14, 21], "home-care-specialist": [10, 14, 21, 28],
         "supported-living": [14, 21, 28, 35, 42], "extra-care": [3, 5, 7, 10], "day-opportunities": [6, 12]}
BED_HOURS = Decimal(168)  # a care home place: care around the clock
NEEDS = {
    "care-home": [("Needs help with every part of personal care and mobility, day and night, after falls at home.",
                   "Live safely in a home near the family, with company and activities each day."),
                  ("Dementia with distress in the evenings; the family can no longer keep the person safe at home.",
                   "Settle in a home that knows dementia care and keep in touch with the family.")],
    "care-home-nursing": [("Needs nursing care for complex health conditions, including pressure care and a "
                           "catheter.", "Have nursing needs met in one place, comfortable and free of pain.")],
    "supported-living": [("A learning disability; needs support with daily living, money and keeping safe outside.",
                          "Live in a tenancy of their own and take part in work and leisure.")],
    "extra-care": [("Managing at home with help: needs a little support in the mornings and someone on site.",
                    "Keep a home of their own with support close by as needs change.")],
    "day-opportunities": [("Needs a structured day with support, and the family carer needs a regular break.",
                           "Spend time with friends, try new activities and give the carer time off.")],
}
OLDER = {"home-care-standard", "care-home-standard", "care-home-nursing", "extra-care"}


def _needs(code: str) -> list[tuple[str, str]]:
    if code.startswith("home-care"):
        return HOME_CARE_NEEDS
    return NEEDS.get(code) or NEEDS["care-home" if code.startswith("care-home") else "supported-living"]


@contextmanager
def _times_as_given(*models) -> Iterator[None]:
    """Let bulk rows keep the created and updated times they are given (the past year), not now."""
    fields = [f for model in models for f in model._meta.concrete_fields
              if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, now, now_add in saved:
            f.auto_now, f.auto_now_add = now, now_add


def _at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=timezone.get_current_timezone())


def build(*, scale: int, seed: int, users: dict, today: date, out=None) -> dict[str, int]:
    """Grow the loaded demo to `scale` times; returns what was made, by kind. `out` (a writable) is told
    the time each part took."""
    if scale < 2:
        raise ValueError("The scaled demo is for a scale of 2 or more")
    made: dict[str, int] = {}

    def part(name, work):
        started, cpu = clock.perf_counter(), clock.process_time()
        made.update(work())
        if out is not None:
            out.write(f"  {name:<22} {clock.perf_counter() - started:6.1f} s ({clock.process_time() - cpu:.1f} s CPU)")

    rng = random.Random(seed * 53 + scale)
    part("lists", lambda: grow_lists(rng=rng, scale=scale, users=users, today=today))
    part("requests, agreements", lambda: book(rng=rng, scale=scale, users=users, today=today))
    part("audits", lambda: audits(rng=rng, users=users, today=today))
    part("visits", lambda: visits(rng=rng, scale=scale, users=users, today=today))
    part("planner statistics", analyse)
    return made


def analyse() -> dict:
    """Fresh planner statistics after the bulk load (`ANALYZE`, on SQLite and PostgreSQL alike), so the
    benchmarks' first queries are planned on the data as it is."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {}


# Lists ------------------------------------------------------------------------------------------

@transaction.atomic
def grow_lists(*, rng: random.Random, scale: int, users: dict, today: date) -> dict[str, int]:
    """About (N - 1) x the ordinary round's applications on every uncapped lot, from eligible providers
    that have not applied to the list, through the procurement services."""
    counts = {"applications": 0, "members": 0, "awaiting": 0}
    officer, evaluators = users["procurement"], [users["evaluator"], users["evaluator.two"]]
    for approved_list in ApprovedList.objects.filter(status=ListStatus.OPEN).order_by("pk"):
        for lot in approved_list.lots.order_by("number"):
            if lot.member_cap:
                continue  # a capped lot admits its best few by rank: more applicants, no more members
            codes = list(lot.service_types.order_by("code").values_list("code", flat=True))
            applied = set(approved_list.applications.values_list("provider_id", flat=True))
            providers = [p for p in Provider.objects.filter(
                status="active", services__service_types__code__in=codes, services__status="active",
            ).distinct().order_by("pk") if p.pk not in applied]
            rng.shuffle(providers)
            wanted = sum(rng.randint(*APPLICATIONS_PER_UNIT) for _ in range(scale - 1))
            for provider in providers[:wanted]:
                apply_to_lot(rng=rng, approved_list=approved_list, lot=lot, code=codes[0], provider=provider,
                             officer=officer, evaluators=evaluators, today=today, counts=counts)
    return {"applications": counts["applications"], "members": counts["members"],
            "applications awaiting a decision": counts["awaiting"]}


# The book of packages ---------------------------------------------------------------------------

class _Place:
    """A member's service a package can go to; packages are shared out in proportion to `weight`, its
    stated capacity (beds or hours a week)."""

    def __init__(self, membership: Membership, service: Service, code: str, counts_beds: bool):
        self.membership, self.service, self.code, self.counts_beds = membership, service, code, counts_beds
        self.weight = (service.beds if counts_beds else service.hours_per_week) or 10


def _places() -> dict[str, list[_Place]]:
    """Per service type of the book, every active member's active service of that type on a lot that buys
    it (the first such lot of the list), in a fixed order."""
    members = list(Membership.objects.filter(status=MembershipStatus.ACTIVE, rate_pence__isnull=False,
                                             lot__approved_list__status=ListStatus.OPEN, provider__status="active")
                   .select_related("lot").prefetch_related("lot__service_types").order_by("lot_id", "pk"))
    services: dict[int, list[Service]] = defaultdict(list)
    for service in (Service.objects.filter(provider__in={m.provider_id for m in members}, status="active")
                    .prefetch_related("service_types").order_by("pk")):
        services[service.provider_id].append(service)
    places: dict[str, list[_Place]] = defaultdict(list)
    lot_for: dict[str, int] = {}
    for membership in members:
        types = {t.code: t for t in membership.lot.service_types.all()}
        for code, kind in types.items():
            if code not in BOOK or lot_for.get(code, membership.lot_id) != membership.lot_id:
                continue
            for service in services[membership.provider_id]:
                if any(t.code == code for t in service.service_types.all()):
                    lot_for[code] = membership.lot_id
                    places[code].append(_Place(membership, service, code, kind.capacity_unit != "hours"))
    return places


class _Book:
    """Builds the people, requests and agreements of the book and writes them in batches."""

    def __init__(self, rng: random.Random, users: dict, today: date):
        self.rng, self.today = rng, today
        self.social_worker, self.broker = users["social.worker"], users["broker"]
        self.postcodes = Postcodes(rng, settings.SHARED_DATA_DIR)
        localities = list(Locality.objects.filter(retired=False).order_by("pk"))
        self.district_locality = {d: loc for loc in localities for d in loc.districts}
        self.districts = [d for d in DISTRICTS if d in self.district_locality]
        self.weights = [w for d, w in zip(DISTRICTS, DAY_DISTRICT_WEIGHTS, strict=True) if d in self.district_locality]
        last = Person.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        self.next_reference = last + 1
        self.rows: list[tuple] = []  # (person, request, agreement or None, front-door check or None)
        self.counts: dict[str, int] = defaultdict(int)

    def person_and_request(self, *, code: str, lot, service_type, hours: Decimal, start: date, created: datetime,
                           status: str, budget: int, urgency: str = Urgency.STANDARD) -> tuple[Person, CareRequest]:
        rng = self.rng
        district = rng.choices(self.districts, self.weights)[0]
        postcode, latitude, longitude = self.postcodes.pick(district)
        years = rng.randint(66, 99) if code in OLDER else rng.randint(19, 64)
        born = self.today - timedelta(days=years * 365 + rng.randint(0, 364))
        person = Person(reference=f"P-{self.next_reference:06d}", name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                        date_of_birth=born, address=f"{rng.randint(1, 240)} {rng.choice(STREETS)}",
                        postcode=postcode, created_at=created, updated_at=created)
        self.next_reference += 1
        needs, outcomes = rng.choice(_needs(code))
        request = CareRequest(
            requested_by=self.social_worker, needs=needs, outcomes=outcomes, lot=lot, service_type=service_type,
            hours_per_week=hours, postcode=postcode, locality=self.district_locality[district], latitude=latitude,
            longitude=longitude, start_date=start, urgency=urgency, budget_pence=budget, status=status,
            waiting_since=created, created_at=created, updated_at=created)
        return person, request

    def check(self, created: datetime, outcome: str = NOT_SUITABLE) -> FrontDoorCheck:
        return FrontDoorCheck(option=brokerage_choices.FrontDoorOption.TECHNOLOGY, outcome=outcome,
                              recorded_by=self.broker, note="Considered before a package",
                              recorded_at=created + timedelta(hours=2))

    def add(self, person, request, agreement=None, check=None) -> None:
        self.rows.append((person, request, agreement, check))
        if len(self.rows) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if not self.rows:
            return
        people, requests, agreements, checks = zip(*self.rows, strict=True)
        Person.objects.bulk_create(people, batch_size=BATCH)
        for person, request in zip(people, requests, strict=True):
            request.person = person
        CareRequest.objects.bulk_create(requests, batch_size=BATCH)
        for request, check in zip(requests, checks, strict=True):
            if check is not None:
                check.request = request
        FrontDoorCheck.objects.bulk_create([c for c in checks if c is not None], batch_size=BATCH)
        live = []
        for person, request, agreement in zip(people, requests, agreements, strict=True):
            if agreement is not None:
                agreement.request, agreement.person = request, person
                live.append(agreement)
        Agreement.objects.bulk_create(live, batch_size=BATCH)
        started = [a for a in live if a.status != AgreementStatus.OFFERED]
        AgreementPrice.objects.bulk_create([
            AgreementPrice(agreement=a, effective_from=a.start_date, base_rate_pence=a.rate_pence,
                           rate_pence=a.rate_pence, weekly_cost_pence=a.weekly_cost_pence, reason="Agreement start",
                           created_at=a.responded_at) for a in started], batch_size=BATCH)
        PaymentRuleSet.objects.bulk_create([PaymentRuleSet(agreement=a, **settings.FINANCE_DEFAULT_PAYMENT_RULES)
                                            for a in started], batch_size=BATCH)
        self.counts["people"] += len(people)
        self.counts["requests"] += len(requests)
        self.counts["agreements"] += len(live)
        self.counts["front-door checks"] += sum(c is not None for c in checks)
        self.rows = []


@transaction.atomic
def book(*, rng: random.Random, scale: int, users: dict, today: date) -> dict[str, int]:
    """A council's book of packages N times larger, spread over the past year (see the module's notes)."""
    places = _places()
    codes = [c for c in BOOK if places.get(c)]
    if not codes:
        return {}
    weights = [BOOK[c] for c in codes]
    cumulative = {c: _cumulative([p.weight for p in places[c]]) for c in codes}
    writer = _Book(rng, users, today)
    now = timezone.now()

    def package(code: str):
        hours = Decimal(rng.choice(HOURS[code])) if code in HOURS else BED_HOURS
        place = rng.choices(places[code], cum_weights=cumulative[code])[0]
        return hours, place

    def agreement(place: _Place, hours: Decimal, start: date, awarded: datetime, status: str) -> Agreement:
        rate = place.membership.rate_pence
        responded = awarded + timedelta(hours=rng.randint(2, 48)) if status != AgreementStatus.OFFERED else None
        changed = responded or awarded
        if status == AgreementStatus.ENDED:
            changed = _at(start + timedelta(days=rng.randint(14, max(15, (today - start).days - 1))))
        return Agreement(
            provider_id=place.membership.provider_id, service=place.service, lot=place.membership.lot,
            route=AwardRoute.DIRECT, award_reason=rng.choice([DirectAwardReason.CHOICE, DirectAwardReason.ONLY_ABLE]),
            award_note=AWARD_NOTE, awarded_by=writer.broker, rate_pence=rate,
            counts_beds=place.counts_beds, hours_per_week=hours, start_date=start,
            weekly_cost_pence=weekly_cost_pence(rate, counts_beds=place.counts_beds, hours_per_week=hours),
            status=status, responded_at=responded, created_at=awarded, updated_at=min(changed, now))

    with _times_as_given(Person, CareRequest, FrontDoorCheck, Agreement, AgreementPrice):
        ended = 0
        for _ in range(AGREEMENTS_PER_UNIT * scale):  # placed: live, or ended during the year
            code = rng.choices(codes, weights)[0]
            hours, place = package(code)
            status = AgreementStatus.ENDED if rng.random() < ENDED_SHARE else AgreementStatus.ACCEPTED
            ended += status == AgreementStatus.ENDED
            start = today - timedelta(days=rng.randint(30 if status == AgreementStatus.ENDED else 1, 365))
            created = _at(start - timedelta(days=rng.randint(3, 21)), rng.randint(9, 16), rng.randint(0, 59))
            made = agreement(place, hours, start, created + timedelta(days=rng.randint(1, 3)), status)
            person, request = writer.person_and_request(
                code=code, lot=place.membership.lot, service_type=_type(place), hours=hours, start=start,
                created=created, status=RequestStatus.PLACED, budget=_budget(made.weekly_cost_pence))
            request.sourced_at = made.responded_at
            writer.add(person, request, made, writer.check(created))
        for status, count in ((RequestStatus.AWARDED, OFFERED_PER_UNIT), (RequestStatus.NEW, WAITING_PER_UNIT),
                              (RequestStatus.UNMET, UNMET_PER_UNIT)):
            for _ in range(count * scale):  # the queue: recent requests starting soon
                code = rng.choices(codes, weights)[0]
                hours, place = package(code)
                created = now - timedelta(hours=rng.randint(2, 24 * 20))
                start = today + timedelta(days=rng.randint(1, 21))
                urgency = rng.choices([Urgency.EMERGENCY, Urgency.URGENT, Urgency.STANDARD], [1, 3, 12])[0]
                cost = weekly_cost_pence(place.membership.rate_pence, counts_beds=place.counts_beds,
                                         hours_per_week=hours)
                person, request = writer.person_and_request(
                    code=code, lot=place.membership.lot, service_type=_type(place), hours=hours, start=start,
                    created=created, status=status, budget=_budget(cost), urgency=urgency)
                made = check = None
                if status == RequestStatus.UNMET:
                    request.unmet_reason = brokerage_choices.UnmetReason.NO_CAPACITY
                    check = writer.check(created, brokerage_choices.FrontDoorOutcome.NO_CAPACITY)
                elif status == RequestStatus.AWARDED:
                    check = writer.check(created)
                    made = agreement(place, hours, start, min(created + timedelta(hours=3), now),
                                     AgreementStatus.OFFERED)
                writer.add(person, request, made, check)
        writer.flush()
    counts = dict(writer.counts)
    counts["agreements ended in the year"] = ended
    return counts


def _cumulative(weights: list) -> list:
    total, out = 0, []
    for w in weights:
        total += w
        out.append(total)
    return out


def _type(place: _Place):
    return next(t for t in place.service.service_types.all() if t.code == place.code)


def _budget(weekly_pence: int) -> int:
    """The indicative weekly budget: the cost with a margin, to the pound."""
    return (weekly_pence * 11 // 10) // 100 * 100


# Audits -----------------------------------------------------------------------------------------

@transaction.atomic
def audits(*, rng: random.Random, users: dict, today: date) -> dict[str, int]:
    """Published Green audits in the past year for a share of the commissioned services with none, then
    the audit year planned by risk (through the quality service) for every service without an open one."""
    officer = users["quality"]
    framework = quality_selectors.default_framework()
    standards = list(quality_selectors.standards_of(framework).order_by("domain__number", "number"))
    reported = set(Audit.objects.filter(status="final").values_list("service_id", flat=True))
    services = [s for s in quality_selectors.commissioned_services().order_by("pk") if s.pk not in reported]
    chosen = sorted(rng.sample(services, int(len(services) * PUBLISHED_SHARE)), key=lambda s: s.pk)
    made, assessments = [], []
    for service in chosen:
        ratings = {s.pk: rng.choices([rating_rules.GOOD, rating_rules.EXCELLENT], [4, 1])[0] for s in standards}
        by_domain: dict[str, list[str]] = {}
        for s in standards:
            by_domain.setdefault(s.domain.name, []).append(ratings[s.pk])
        domains, overall = rating_rules.audit_ratings(by_domain, framework.method, framework.bands)
        visited = today - timedelta(days=rng.randint(30, 330))
        issued = visited + timedelta(days=7)
        audit = Audit(service=service, framework=framework, kind="announced", status="final", planned_for=visited,
                      officer=officer, visited_on=visited, summary="Two days on site; records and staff seen",
                      draft_issued_on=issued, comments_due=issued + timedelta(days=14),
                      published_on=issued + timedelta(days=15), domain_ratings=domains, overall_rating=overall,
                      rag=rating_rules.rag(overall, framework.rag_mapping), reason="Annual audit",
                      created_at=_at(visited - timedelta(days=30)), updated_at=_at(issued + timedelta(days=15)))
        made.append(audit)
        assessments.append([StandardAssessment(standard=s, rating=ratings[s.pk],
                                               evidence=f"Seen on the visit: standard {s.number}") for s in standards])
    with _times_as_given(Audit):
        Audit.objects.bulk_create(made, batch_size=BATCH)
    for audit, rows in zip(made, assessments, strict=True):
        for row in rows:
            row.audit = audit
    StandardAssessment.objects.bulk_create([r for rows in assessments for r in rows], batch_size=BATCH)
    for audit in made:
        audit.service.council_rag = audit.rag
    Service.objects.bulk_update([a.service for a in made], ["council_rag"], batch_size=BATCH)
    planned = quality_services.plan_year(by=officer, start=today)
    return {"audits published": len(made), "audits planned": planned}


# A year of call monitoring ----------------------------------------------------------------------

def _paid(actual: int, planned: int) -> int:
    """Minutes paid under the default payment rules: actual time to the nearest 5 minutes (half up),
    at most planned + 10 (`FINANCE_DEFAULT_PAYMENT_RULES`)."""
    rules = settings.FINANCE_DEFAULT_PAYMENT_RULES
    step = rules["step"]
    rounded = (actual * 2 + step) // (2 * step) * step
    cap = rules["cap_tolerance"]
    return rounded if cap is None else min(rounded, planned + cap)


def visit_amount(paid_minutes: int, rate_pence: int) -> int:
    """Paid minutes at an hourly rate, half up to the penny (as reconciliation pays a visit)."""
    return (paid_minutes * rate_pence * 2 + 60) // 120


VISIT_COLUMNS = ("file_id", "agreement_id", "carer", "scheduled_start", "scheduled_end", "check_in", "check_out",
                 "method", "exception_code", "week", "planned_minutes", "actual_minutes", "paid_minutes", "rate_pence",
                 "amount_pence", "missed", "late", "short", "manual")


class _VisitRows:
    """Visits written with one parameterised INSERT per batch (`executemany`), each value adapted by the
    database backend's own adapters (remembered: a year of visits repeats the same times). Django's
    `bulk_create` spends about 40 microseconds of Python compiling each row, and a year of visits at ten
    times is a million rows."""

    def __init__(self):
        fields = {f.attname: f for f in Visit._meta.concrete_fields if not f.primary_key}
        if set(fields) != set(VISIT_COLUMNS):  # a new column must be given a value here
            raise RuntimeError(f"The visit's columns changed: {sorted(set(fields) ^ set(VISIT_COLUMNS))}")
        quote = connection.ops.quote_name
        self.sql = (f"INSERT INTO {quote(Visit._meta.db_table)} "  # noqa: S608 - the model's own names
                    f"({', '.join(quote(fields[c].column) for c in VISIT_COLUMNS)}) "
                    f"VALUES ({', '.join(['%s'] * len(VISIT_COLUMNS))})")
        self.moment = lru_cache(maxsize=None)(connection.ops.adapt_datetimefield_value)
        self.day = lru_cache(maxsize=None)(connection.ops.adapt_datefield_value)
        self.rows: list[tuple] = []
        self.count = 0

    def add(self, *, file_id, agreement_id, carer, start, end, check_in, check_out, method, code, week, planned,
            actual, paid, rate, amount, missed, late, short, manual) -> None:
        moment = self.moment
        self.rows.append((file_id, agreement_id, carer, moment(start), moment(end),
                          None if check_in is None else moment(check_in),
                          None if check_out is None else moment(check_out), method, code, self.day(week), planned,
                          actual, paid, rate, amount, missed, late, short, manual))
        if len(self.rows) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if self.rows:
            with connection.cursor() as cursor:
                cursor.executemany(self.sql, self.rows)
            self.count += len(self.rows)
            self.rows = []


def visits(*, rng: random.Random, scale: int, users: dict, today: date) -> dict[str, int]:
    """Daily visits for a share of the live home care packages, from the start (or a year ago) until
    yesterday, one actuals file per provider; written in batches, one transaction per provider."""
    live = list(Agreement.objects.filter(status=AgreementStatus.ACCEPTED, start_date__lt=today, visits__isnull=True,
                                         request__service_type__code__startswith="home-care")
                .order_by("pk").values_list("pk", "provider_id", "start_date", "hours_per_week", "rate_pence"))
    chosen = sorted(rng.sample(live, min(len(live), VISITED_PER_UNIT * scale)))
    by_provider: dict[int, list[tuple]] = defaultdict(list)
    for row in chosen:
        by_provider[row[1]].append(row)
    first = today - timedelta(days=365)
    late_after = settings.FINANCE_DEFAULT_PAYMENT_RULES["late_after"]
    short_below = settings.FINANCE_DEFAULT_PAYMENT_RULES["short_below_percent"]
    writer, files = _VisitRows(), 0
    for provider_id, rows in sorted(by_provider.items()):
        with transaction.atomic():
            file = ActualsFile.objects.create(
                provider_id=provider_id, reference=f"ECM-{provider_id}-{first:%Y%m%d}-{today:%Y%m%d}",
                file_name=f"ecm-export-{first:%Y%m%d}-{today - timedelta(days=1):%Y%m%d}.csv",
                uploaded_by=users["finance"], imported_at=timezone.now())
            before = writer.count + len(writer.rows)
            for agreement_id, _, start, hours, rate in rows:
                planned = max(30, min(180, int(round(hours * 60 / 7 / 15)) * 15))
                hour, minute = 7 + agreement_id % 4, (agreement_id % 4) * 15
                day = max(start, first)
                while day < today:
                    begins = _at(day, hour, minute)
                    draw = rng.random()
                    missed, manual = draw < 0.02, 0.02 <= draw < 0.05
                    late = rng.choice([0, 1, 2, 3, 5]) if rng.random() < 0.93 else rng.randint(16, 40)
                    actual = 0 if missed else max(5, planned - rng.choice([0, 0, 2, 5, 10]) + rng.choice([0, 3]))
                    paid = 0 if missed else _paid(actual, planned)
                    writer.add(file_id=file.pk, agreement_id=agreement_id, carer=f"C{rng.randint(1, 12)}",
                               start=begins, end=begins + timedelta(minutes=planned),
                               check_in=None if missed else begins + timedelta(minutes=late),
                               check_out=None if missed else begins + timedelta(minutes=late + actual),
                               method="manual" if manual else "app", code="M3" if manual else "", week=monday(day),
                               planned=planned, actual=actual, paid=paid, rate=rate, amount=visit_amount(paid, rate),
                               missed=missed, late=not missed and late > late_after,
                               short=not missed and actual * 100 < planned * short_below, manual=manual)
                    day += timedelta(days=1)
            writer.flush()
            file.visits = writer.count - before
            file.save(update_fields=["visits"])
        files += 1
    return {"visits": writer.count, "visited packages": len(chosen), "actuals files": files}
