"""Demo Approved Provider Lists: Derby's four lists and their lots (Derby Cabinet paper, July 2019),
filled through the real services so every record, status row and audit event is as a real round
would leave it. Deterministic for a given random generator."""
import random
from datetime import date, timedelta

from django.db import transaction

from commissioning.accounts.roles import MarketArea
from commissioning.providers.models import Locality, Provider, ServiceType

from . import selectors, services
from .choices import Condition, ListKind, ListStatus, QuestionKind
from .models import ApprovedList, Lot, Question

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


@transaction.atomic
def seed_lists(*, rng: random.Random, officer, evaluators, leads: dict, today: date) -> dict:
    """Create the four lists, open them, and run applications from eligible providers through
    evaluation: most admitted, a few rejected, a few still awaiting a decision."""
    counts = {"lists": 0, "lots": 0, "applications": 0, "members": 0, "awaiting": 0}
    localities = list(Locality.objects.all())
    for name, reference, area, value, lots in LISTS:
        approved_list = services.list_save(approved_list=ApprovedList(
            name=name, reference=reference, kind=ListKind.DPS, market_area=area, lead_commissioner=leads[area],
            description=f"The council's {name.lower()}, open to new providers for its whole term.",
            start_date=date(2019, 10, 1), term_months=120, estimated_value_pence=value * 100,
            pass_mark=60), by=officer)
        counts["lists"] += 1
        for number, (title, codes) in enumerate(lots, start=1):
            services.lot_save(lot=Lot(approved_list=approved_list, number=number, title=title), by=officer,
                              service_types=ServiceType.objects.filter(code__in=codes), localities=localities)
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
                existing = approved_list.applications.filter(provider=provider).first()
                if existing:
                    continue
                application = services.application_start(approved_list=approved_list, provider=provider,
                                                         by=officer)
                services.application_save_draft(
                    application=application, by=officer, lots=[lot],
                    answers=_answers(application, rng, today + timedelta(days=rng.randint(30, 700))))
                services.application_submit(application=application, by=officer)
                counts["applications"] += 1
                if rng.random() < 0.15:
                    counts["awaiting"] += 1
                    continue
                for evaluator in evaluators:
                    for question in selectors.questions_for_evaluators(approved_list):
                        top = approved_list.score_scale_max if question.kind == QuestionKind.SCORED else 1
                        services.score_record(application=application, question=question, evaluator=evaluator,
                                              score=top if top == 1 else rng.randint(2, top), reason="Evidence seen")
                agreed = {s.question_id: (s.score, "Agreed at moderation")
                          for s in application.scores.filter(evaluator=evaluators[0])}
                application = services.scores_moderate(application=application, moderator=officer, agreed=agreed)
                admit, why = selectors.recommended_outcome(application)
                services.application_decide(application=application, by=officer, outcomes={
                    lot.pk: ("admit" if admit else "reject", why)})
                counts["members"] += int(admit)
    assert ApprovedList.objects.filter(status=ListStatus.OPEN).count() == counts["lists"]
    return counts
