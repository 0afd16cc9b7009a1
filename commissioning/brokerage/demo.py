"""Demo brokerage: requests for care at every stage (placed, awaiting the provider, a further
competition open for offers, one closed with its offers scored by the evaluators and waiting for
the award, unmet, a waiver to approve), made through the same services the pages call. Members'
rates are their tendered main prices from the procurement demo. Deterministic for a given random
generator.
"""
import random
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction

from commissioning.procurement.choices import MembershipStatus
from commissioning.procurement.models import Lot, Membership
from commissioning.providers import geo

from . import services
from .choices import FrontDoorOption, FrontDoorOutcome, UnmetReason, Urgency
from .models import CareRequest, Person

FIRST = ["Alan", "Beryl", "Clive", "Doreen", "Edna", "Frank", "Gladys", "Harold", "Irene", "Jean", "Keith", "Lilian",
         "Maureen", "Norman", "Olive", "Patricia", "Raymond", "Sheila", "Terence", "Valerie"]
LAST = ["Allsop", "Bland", "Cartwright", "Dakin", "Eyre", "Frost", "Gregory", "Hallam", "Ingham", "Jowett", "Kirk",
        "Lomas", "Moss", "Naylor", "Orme", "Parkin", "Redfern", "Slack", "Toplis", "Wragg"]
NEEDS = [
    ("Needs help to wash, dress and prepare breakfast; prompting with medication morning and evening.",
     "Stay living at home safely and keep going to the lunch club on Thursdays."),
    ("Lives alone after a hospital stay; needs support to get up, with meals and to get to bed.",
     "Regain confidence at home and reduce the visits as strength returns."),
    ("Dementia with night-time waking; the family carer needs the mornings covered.",
     "Remain at home with the family carer supported and avoid a crisis admission."),
]


def _postcode(rng: random.Random, lot: Lot) -> str | None:
    """A real postcode in one of the lot's localities, when the postcode lookup is present."""
    known = geo.known_postcodes()
    if not known:
        return None
    districts = {d.strip() for loc in lot.localities.all() for d in loc.postcode_districts.split(",")}
    choices = [p for p in known if p.split(" ")[0] in districts]
    return rng.choice(choices) if choices else None


@transaction.atomic
def seed_brokerage(*, rng: random.Random, users: dict, today: date) -> dict:
    social_worker, broker = users["social.worker"], users["broker"]
    home_care = Lot.objects.filter(approved_list__reference="APL-HC", number=1).first()
    if home_care is None or not Membership.objects.filter(lot=home_care, status=MembershipStatus.ACTIVE).exists():
        return {"requests": 0}
    counts = {"requests": 0, "placed": 0, "awaiting": 0, "competitions": 0, "unmet": 0, "waivers": 0}
    # The demo's two provider logins belong to members of the home care lot, so their portal has work in it.
    members = list(Membership.objects.filter(lot=home_care, status=MembershipStatus.ACTIVE)
                   .select_related("provider").order_by("provider__name"))
    provider_users = [users["provider.a"], users["provider.b"]]
    for user, member in zip(provider_users, members, strict=False):
        user.provider = member.provider
        user.save(update_fields=["provider"])
    with_login = {u.provider_id: u for u in provider_users}

    def request(urgency=Urgency.STANDARD, hours=None) -> CareRequest | None:
        postcode = _postcode(rng, home_care) or "DE22 3AB"
        needs, outcomes = rng.choice(NEEDS)
        n = counts["requests"]
        care = services.request_create(
            by=social_worker,
            person=Person(name=f"{FIRST[n % 20]} {LAST[(n * 7) % 20]}",
                          date_of_birth=date(1936 + n % 20, 1 + n % 12, 1 + n % 28),
                          address=f"{rng.randint(1, 200)} {rng.choice(['Church Street', 'Uttoxeter New Road'])}",
                          postcode=postcode),
            request=CareRequest(
                needs=needs, outcomes=outcomes, lot=home_care, service_type=home_care.service_types.first(),
                hours_per_week=hours or Decimal(rng.choice([5, 7, 10, 14, 21])), postcode=postcode,
                start_date=today + timedelta(days=rng.randint(2, 14)), urgency=urgency,
                budget_pence=rng.choice([30_000, 40_000, 50_000])))
        counts["requests"] += 1
        return care

    def front_door(care):
        services.front_door_record(request=care, by=broker, option=FrontDoorOption.TECHNOLOGY,
                                   outcome=FrontDoorOutcome.PART_MET, note="Carelink pendant alongside the package")

    for i in range(8):  # placed or waiting for the provider's answer
        care = request()
        front_door(care)
        eligible = services.eligible_providers(care)
        if not eligible:
            services.request_mark_unmet(request=care, by=broker, reason=UnmetReason.NO_CAPACITY)
            counts["unmet"] += 1
            continue
        chosen = next((e for e in eligible if e.provider.pk in with_login), eligible[0])
        agreement = services.direct_award(request=care, by=broker, provider=chosen.provider,
                                          reason="choice" if i % 2 else "continuity",
                                          note=f"Ranked {chosen.rank} of {len(eligible)}; the person chose it",
                                          standing_reason="The person chose it; the action plan is on track"
                                          if chosen.standing and chosen.standing.needs_reason else "")
        provider_user = with_login.get(agreement.provider_id)
        if i < 6 and provider_user is not None:
            services.agreement_respond(agreement=agreement, by=provider_user, accept=True)
            counts["placed"] += 1
        else:
            counts["awaiting"] += 1

    rates = dict(Membership.objects.filter(lot=home_care).values_list("provider_id", "rate_pence"))

    def offer(competition, user, care, answer):
        services.offer_submit(competition=competition, by=user, rate_pence=rates[user.provider_id],
                              start_date=care.start_date,
                              answers={q.pk: answer for q in competition.questions.all()})

    for urgency in (Urgency.URGENT, Urgency.STANDARD):  # further competitions, open for offers
        care = request(urgency=urgency)
        front_door(care)
        if services.eligible_providers(care):
            competition = services.competition_open(request=care, by=broker)
            counts["competitions"] += 1
            bidder = users["provider.b"]
            if competition.invites.filter(provider_id=bidder.provider_id).exists():
                offer(competition, bidder, care, "A regular team of three carers living in the area.")

    # A competition the demo's provider logins answer (one offers, one declines when others are
    # invited too); when every invited provider has answered it closes early, and two evaluators
    # score it and the broker ranks it, ready for the award.
    care = request(urgency=Urgency.URGENT)
    front_door(care)
    if services.eligible_providers(care):
        competition = services.competition_open(request=care, by=broker)
        counts["competitions"] += 1
        answers = ["Two carers who already visit the street; the same times every day.",
                   "A new team recruited locally; a named coordinator rings the family weekly.",
                   "Carers trained in dementia care; a care plan reviewed after two weeks."]
        for n, invite in enumerate(competition.invites.filter(provider_id__in=with_login).order_by("provider_id")):
            offer(competition, with_login[invite.provider_id], care, answers[n % 3])
        competition.refresh_from_db()
        if competition.status == "closed":
            for evaluator in (users["evaluator"], users["evaluator.two"]):
                for o in competition.offers.filter(status="submitted").order_by("pk"):
                    for q in competition.questions.all():
                        services.offer_score_record(offer=o, question=q, evaluator=evaluator,
                                                    score=rng.randint(2, 5),
                                                    reason="Scored against the outcome and the answer's detail")
            services.competition_rank(competition=competition, by=broker)

    for urgency in (Urgency.EMERGENCY, Urgency.URGENT, Urgency.STANDARD, Urgency.STANDARD):  # the queue
        request(urgency=urgency)

    care = request(hours=Decimal(28))  # nobody can take 28 hours in the rural south this month
    front_door(care)
    services.request_mark_unmet(request=care, by=broker, reason=UnmetReason.NO_PROVIDER,
                                note="No member covers the visits needed at night")
    counts["unmet"] += 1
    provider = Membership.objects.filter(lot=home_care).first().provider
    services.waiver_request(request=care, by=broker, provider=provider, rate_pence=2650,
                            reason="No list member can staff the night visits; a local agency can start Monday")
    counts["waivers"] += 1
    return counts
