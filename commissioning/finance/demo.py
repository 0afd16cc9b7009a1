"""Demo payments: this year's approved home care rate card, complexity criteria, budgets (one
corrected, with its reason), two delivered weeks of call monitoring for the first demo provider's
package that started six weeks ago, reconciled and invoiced, the earlier week approved and paid by a
weekly payment run and the later one left to approve, and an uplift scenario to look at. Everything is
made through the services the pages call. Rates and budgets are assumptions for the demo, not
published figures."""
import random
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from commissioning.brokerage import services as brokerage
from commissioning.brokerage.choices import FrontDoorOption, FrontDoorOutcome
from commissioning.brokerage.models import Agreement, CareRequest, Person
from commissioning.procurement.models import Lot
from commissioning.providers.models import ServiceType

from . import services
from .models import PaymentRun, ProviderWeek

BAND_EXTRA = {"day": 0, "evening": 100, "night": 250, "waking_night": 0, "sleeping_night": 0}
DAY_EXTRA = {"weekday": 0, "weekend": 150, "bank_holiday": 1100}
BUDGETS = {"home_care": 25_000_000_00, "care_homes": 60_000_000_00, "supported_living": 30_000_000_00,
           "specialist": 12_000_000_00}


def _actuals(agreements, provider, monday: date, rng: random.Random) -> bytes:
    rows = ["file_reference,provider,agreement,carer,scheduled_start,scheduled_end,check_in,check_out,method,"
            "exception_code"]
    for agreement in agreements:
        for day in range(7):
            d = monday + timedelta(days=day)
            for hour in (8, 17):
                late = rng.choice([0, 2, 5, 20]) if rng.random() < 0.9 else None
                stay = rng.choice([28, 30, 31, 20])
                check_in = f"{d}T{hour:02d}:{late:02d}" if late is not None else ""
                check_out = f"{d}T{hour:02d}:{min(late or 0, 25) + stay:02d}" if late is not None else ""
                manual = rng.random() < 0.08
                rows.append(f"ECM-{provider.pk}-{monday:%Y%m%d},{provider.name},{agreement.reference},"
                            f"C{rng.randint(1, 9)},{d}T{hour:02d}:00,{d}T{hour:02d}:30,{check_in},{check_out},"
                            f"{'manual,M3' if manual else 'app,'}")
    return ("\n".join(rows) + "\n").encode()


@transaction.atomic
def seed_finance(*, rng: random.Random, users: dict, today: date) -> dict:
    officer = users["finance"]
    home_care = ServiceType.objects.get(code="home-care-standard")
    year = today.year if today.month >= 4 else today.year - 1
    card = services.rate_card_create(service_type=home_care, financial_year=year, effective_from=date(year, 4, 6),
                                     note="Fees and Charges approval", by=officer)
    services.rate_lines_save(card=card, by=officer, rates={
        (band, day, area): 2250 + BAND_EXTRA[band] + DAY_EXTRA[day] + (120 if area == "rural" else 0)
        for band in BAND_EXTRA for day in DAY_EXTRA for area in ("urban", "rural")})
    services.rate_card_approve(card=card, by=officer)
    services.criterion_create(name="Two carers needed (double-handed)", kind="addition", amount=Decimal(900),
                              by=officer)
    services.criterion_create(name="Behaviour that challenges", kind="percent", amount=Decimal(10), by=officer)
    for area, amount in BUDGETS.items():
        services.budget_set(market_area=area, financial_year=year, amount_pence=amount, by=officer,
                            reason="Budget setting, Full Council")
        next_year = services.budget_set(market_area=area, financial_year=year + 1, amount_pence=amount * 104 // 100,
                                        by=officer, reason="Medium-term financial plan")
        if area == "specialist":
            services.budget_correct(budget=next_year, amount_pence=12_600_000_00, by=officer,
                                    reason="Transforming Care transfer agreed with the ICB")
    provider_user = users["provider.a"]
    counts = {"visits": 0, "invoices": 0, "runs": 0}
    agreement = _started_package(users=users, provider=provider_user.provider, today=today)
    if agreement is None:
        return counts | _scenario(officer, home_care, year)
    weeks = [services.monday(today) - timedelta(weeks=n) for n in (2, 1)]
    invoices = []
    for monday in weeks:
        upload = services.actuals_import(provider=provider_user.provider, by=provider_user,
                                         data=_actuals([agreement], provider_user.provider, monday, rng),
                                         file_name=f"ecm-export-{monday:%Y%m%d}.csv")
        counts["visits"] += upload.visits
        week = ProviderWeek.objects.get(provider=provider_user.provider, week=monday)
        if week.review == ProviderWeek.Review.WITH_BROKERAGE:
            services.week_clear(week=week, by=users["broker"], note="Missed visits were hospital days; agreed")
        invoices.append(services.invoice_from_week(week=week, by=officer))
    counts["invoices"] = len(invoices)
    services.invoice_approve(invoice=invoices[0], by=officer)
    services.payment_run(kind=PaymentRun.Kind.WEEKLY, period_end=weeks[0] + timedelta(days=6), by=officer)
    counts["runs"] = 1
    return counts | _scenario(officer, home_care, year)


def _started_package(*, users: dict, provider, today: date) -> Agreement | None:
    """A home care package with the provider that started six weeks ago, requested, awarded and accepted
    through brokerage's services, so its delivered weeks can be paid; None when the demo has no such lot."""
    lot = Lot.objects.filter(approved_list__reference="APL-HC", number=1).first()
    if provider is None or lot is None:
        return None
    care = brokerage.request_create(
        by=users["social.worker"],
        person=Person(name="Edith Demo-Payments", date_of_birth=date(1938, 5, 17), address="4 Friar Gate",
                      postcode="DE1 1BX"),
        request=CareRequest(needs="Help to get up, wash and dress; a light meal in the evening.",
                            outcomes="Stay at home with her cat", lot=lot, service_type=lot.service_types.first(),
                            hours_per_week=Decimal(7), postcode="DE1 1BX", start_date=today - timedelta(weeks=6),
                            backdate_reason="Care began on discharge from hospital, before the request was made",
                            budget_pence=30_000))
    brokerage.front_door_record(request=care, by=users["broker"], option=FrontDoorOption.TECHNOLOGY,
                                outcome=FrontDoorOutcome.NOT_SUITABLE, note="Needs hands-on care")
    try:
        agreement = brokerage.direct_award(
            request=care, by=users["broker"], provider=provider, reason="continuity",
            note="The provider already supports her neighbour",
            standing_reason="Its action plan is on track and she asked for the carers her neighbour has")
    except ValidationError:
        return None
    return brokerage.agreement_respond(agreement=agreement, by=users["provider.a"], accept=True)


def _scenario(officer, home_care, year) -> dict:
    services.scenario_create(name=f"{year + 1}-{(year + 2) % 100:02d}: NLW 6.7%, 70% staffing",
                             service_type=home_care, financial_year=year + 1, effective_from=date(year + 1, 4, 5),
                             nlw_rise_percent=Decimal("6.7"), staffing_share_percent=Decimal(70),
                             inflation_percent=Decimal("2.0"), by=officer)
    return {"scenarios": 1}
