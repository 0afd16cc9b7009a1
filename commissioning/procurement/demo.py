"""Demo Approved Provider Lists: Derby's four lists and their lots (Derby Cabinet paper, July 2019),
filled through the real services so every record, status row and audit event is as a real round
would leave it. Deterministic for a given random generator."""
import random
from datetime import date, timedelta

from django.db import transaction

from commissioning.accounts.roles import MarketArea
from commissioning.providers.models import Locality, Provider, ServiceType

from . import selectors, services
from .choices import Condition, ListKind, ListStatus, PriceUnit, QuestionKind
from .models import ApprovedList, Lot, PriceLine, Question

# price lines by the lot's first service type: (name, unit, lowest £, highest £, main?), and the
# range (pence) applicants tender their main price in
PRICE_LINES = {
    "home-care": [("Hourly rate, weekday daytime", PriceUnit.PER_HOUR, 18, 30, True),
                  ("Hourly rate, evenings and weekends", PriceUnit.PER_HOUR, 20, 34, False)],
    "care-home": [("Weekly fee", PriceUnit.PER_WEEK, 600, 1500, True)],
    "supported-living": [("Hourly rate, support", PriceUnit.PER_HOUR, 17, 28, True),
                         ("Sleeping night", PriceUnit.PER_NIGHT, 60, 140, False)],
    "extra-care": [("Hourly rate, support", PriceUnit.PER_HOUR, 17, 28, True)],
    "day-opportunities": [("Day session", PriceUnit.PER_SESSION, 35, 80, True)],
}
TENDER_RANGES = {  # pence, the main price by the first service type of the lot
    "home-care-standard": (2100, 2500), "home-care-specialist": (2300, 2700),
    "care-home-standard": (65_000, 85_000), "care-home-nursing": (80_000, 105_000),
    "care-home-specialist": (95_000, 140_000), "supported-living": (1900, 2300), "extra-care": (1900, 2300),
    "day-opportunities": (4500, 7000),
}
CAPPED = {("APL-HC", 2): 5}  # specialist home care admits its best five by rank


def _lines_for(code: str):
    return next((lines for prefix, lines in PRICE_LINES.items() if code.startswith(prefix)), PRICE_LINES["home-care"])


def _tender(rng, lot, code):
    """A price for each line of the lot: the main one in the lot's usual range, the others above it."""
    low, high = TENDER_RANGES.get(code, (2000, 2500))
    step = 5 if high < 10_000 else 500
    main = rng.randrange(low, high, step)
    prices = {}
    for line in lot.price_lines.all():
        pence = main if line.is_main else main + rng.randrange(100, 400, 5)
        prices[line.pk] = min(max(pence, line.min_pence or pence), line.max_pence or pence)
    return prices

# name, reference, market area, estimated value (£), lots: (title, service type codes)
LISTS = [
    ("Care Homes Approved Provider List", "APL-CH", MarketArea.CARE_HOMES, 180_000_000, [
        ("Standard residential care", ["care-home-standard"]),
        ("Nursing care", ["care-home-nursing"]),
        ("Specialist care", ["care-home-specialist"]),
    ]),
    ("Home Care Approved Provider List", "APL-HC", MarketArea.HOME_CARE, 250_000_000, [
        ("Standard home care", ["home-care-standard"]),
        ("Specialist home care (multiple complex needs, behaviour that challenges)", ["home-care-specialist"]),
    ]),
    ("Supported Accommodation Approved Provider List", "APL-SA", MarketArea.SUPPORTED_LIVING, 300_000_000, [
        ("Supported living", ["supported-living"]),
        ("Supported accommodation", ["supported-living", "extra-care"]),
        ("Accommodation only", ["extra-care"]),
    ]),
    ("Day Opportunities Approved Provider List", "APL-DO", MarketArea.HOME_CARE, 30_000_000, [
        ("Day opportunities", ["day-opportunities"]),
    ]),
]

QUESTIONS = [
    (QuestionKind.PASS_FAIL, Condition.CQC_GOOD, 0, False,
     "Are the services you offer for these lots registered with CQC with a current rating of at least Good?"),
    (QuestionKind.PASS_FAIL, Condition.INSURANCE, 0, False,
     "Give your employer's and public liability insurance and the date it expires"),
    (QuestionKind.PASS_FAIL, Condition.SAFEGUARDING, 0, False,
     "Describe your safeguarding adults policy and how staff are trained in it"),
    (QuestionKind.PASS_FAIL, Condition.FINANCIAL, 0, False,
     "Confirm your financial standing: turnover and the last two years' accounts"),
    (QuestionKind.SCORED, "", 60, False, "How will you recruit, train and keep care staff in Derby?"),
    (QuestionKind.SCORED, "", 40, False, "How will you support people to achieve the outcomes in their care plans?"),
]


def _answers(application, rng, insurance_until):
    answers = {}
    for question in application.approved_list.questions.all():
        values = {"response": f"Our answer to question {question.number}."}
        if question.condition == Condition.INSURANCE:
            values["evidence_expires_on"] = insurance_until
        answers[question.pk] = values
    return answers


def apply_to_lot(*, rng: random.Random, approved_list, lot, code: str, provider, officer, evaluators, today: date,
                 counts: dict) -> None:
    """One provider's application to one lot, through the services a provider's and the council's pages
    call: drafted, submitted, scored by both evaluators, moderated and (on an uncapped lot) decided.
    About one in seven on an uncapped lot is left awaiting a decision. Adds to `counts`."""
    if approved_list.applications.filter(provider=provider).exists():
        return
    application = services.application_start(approved_list=approved_list, provider=provider, by=officer)
    services.application_save_draft(
        application=application, by=officer, lots=[lot],
        answers=_answers(application, rng, today + timedelta(days=rng.randint(30, 700))),
        prices=_tender(rng, lot, code))
    services.application_submit(application=application, by=officer)
    counts["applications"] += 1
    if rng.random() < 0.15 and not lot.member_cap:
        counts["awaiting"] += 1
        return
    for evaluator in evaluators:
        for question in selectors.questions_for_evaluators(approved_list):
            top = approved_list.score_scale_max if question.kind == QuestionKind.SCORED else 1
            services.score_record(application=application, question=question, evaluator=evaluator,
                                  score=top if top == 1 else rng.randint(2, top), reason="Evidence seen")
    agreed = {s.question_id: (s.score, "Agreed at moderation")
              for s in application.scores.filter(evaluator=evaluators[0])}
    application = services.scores_moderate(application=application, moderator=officer, agreed=agreed)
    if lot.member_cap:
        return  # admitted by rank once the round's evaluation is complete
    admit, why = services.lot_may_admit(application, lot)
    services.application_decide(application=application, by=officer, outcomes={
        lot.pk: ("admit" if admit else "reject", why)})
    counts["members"] += int(admit)


@transaction.atomic
def seed_lists(*, rng: random.Random, officer, evaluators, leads: dict, today: date) -> dict:
    """Create the four lists, open them, and run applications from eligible providers through
    evaluation: most admitted, a few rejected, a few still awaiting a decision."""
    counts = {"lists": 0, "lots": 0, "applications": 0, "members": 0, "awaiting": 0}
    localities = list(Locality.objects.all())
    for name, reference, area, value, lots in LISTS:
        approved_list = services.list_save(approved_list=ApprovedList(
            name=name, reference=reference, kind=ListKind.DPS, market_area_id=area, lead_commissioner=leads[area],
            description=f"The council's {name.lower()}, open to new providers for its whole term.",
            start_date=date(2019, 10, 1), term_months=120, estimated_value_pence=value * 100,
            pass_mark=60), by=officer)
        counts["lists"] += 1
        for number, (title, codes) in enumerate(lots, start=1):
            lot = services.lot_save(
                lot=Lot(approved_list=approved_list, number=number, title=title,
                        member_cap=CAPPED.get((reference, number)),
                        estimated_value_pence=value * 100 // len(lots)),
                by=officer, service_types=ServiceType.objects.filter(code__in=codes), localities=localities)
            for line_number, (line_name, unit, low, high, main) in enumerate(_lines_for(codes[0]), start=1):
                services.price_line_save(line=PriceLine(lot=lot, number=line_number, name=line_name, unit=unit,
                                                        min_pence=low * 100, max_pence=high * 100, is_main=main),
                                         by=officer)
            counts["lots"] += 1
        for number, (kind, condition, weight, attachment, text) in enumerate(QUESTIONS, start=1):
            if condition == Condition.CQC_GOOD and reference == "APL-DO":
                continue  # day opportunities are not regulated by CQC
            services.question_save(question=Question(approved_list=approved_list, number=number, text=text,
                                                     kind=kind, condition=condition, weight=weight,
                                                     requires_attachment=attachment), by=officer)
        approved_list = services.list_transition(approved_list=approved_list, event="open", by=officer)

        for lot in approved_list.lots.all():
            codes = list(lot.service_types.values_list("code", flat=True))
            providers = list(Provider.objects.filter(
                status="active", services__service_types__code__in=codes, services__status="active",
            ).distinct().order_by("pk"))
            rng.shuffle(providers)
            for provider in providers[: rng.randint(4, 9)]:
                apply_to_lot(rng=rng, approved_list=approved_list, lot=lot, code=codes[0], provider=provider,
                             officer=officer, evaluators=evaluators, today=today, counts=counts)
            if lot.member_cap:
                for window in approved_list.windows.all():
                    if selectors.round_waiting(lot, window)["ready"]:
                        result = services.lot_admit_by_rank(lot=lot, window=window, by=officer)
                        counts["members"] += len(result["admitted"])
    assert ApprovedList.objects.filter(status=ListStatus.OPEN).count() == counts["lists"]
    return counts
