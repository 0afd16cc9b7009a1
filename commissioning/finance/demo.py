"""Demo payments: this year's approved home care rate card, a complexity criterion, budgets, last
week's call monitoring for the first demo provider reconciled and invoiced, and an uplift scenario
to look at. Rates and budgets are assumptions for the demo, not published figures."""
import random
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction

from commissioning.brokerage.models import Agreement
from commissioning.providers.models import ServiceType

from . import services
from .models import ProviderWeek

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
        services.budget_set(market_area=area, financial_year=year, amount_pence=amount, by=officer)
        services.budget_set(market_area=area, financial_year=year + 1, amount_pence=amount * 104 // 100, by=officer)
    provider_user = users["provider.a"]
    agreements = list(Agreement.objects.filter(provider=provider_user.provider, status="accepted"))
    counts = {"visits": 0, "invoices": 0}
    if agreements:
        monday = services.monday(today) - timedelta(weeks=1)
        upload = services.actuals_import(provider=provider_user.provider, by=provider_user,
                                         data=_actuals(agreements, provider_user.provider, monday, rng),
                                         file_name="ecm-export.csv")
        counts["visits"] = upload.visits
        week = ProviderWeek.objects.get(provider=provider_user.provider, week=monday)
        if week.review == ProviderWeek.Review.WITH_BROKERAGE:
            services.week_clear(week=week, by=users["broker"], note="Missed visits were hospital days; agreed")
        services.invoice_from_week(week=week, by=officer)
        counts["invoices"] = 1
    services.scenario_create(name=f"{year + 1}-{(year + 2) % 100:02d}: NLW 6.7%, 70% staffing",
                             service_type=home_care, financial_year=year + 1, effective_from=date(year + 1, 4, 5),
                             nlw_rise_percent=Decimal("6.7"), staffing_share_percent=Decimal(70),
                             inflation_percent=Decimal("2.0"), by=officer)
    return counts
