"""Paying providers through the service layer: prices, actuals, reconciliation, invoices, disputes,
payment runs, uplift scenarios and spend."""
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from commissioning.core.workflow import TransitionNotAllowed
from commissioning.finance import services
from commissioning.finance.models import (
    ActualsFile,
    Budget,
    ComplexityCriterion,
    Invoice,
    InvoiceLine,
    PaymentRun,
    ProviderWeek,
    RateCard,
    RateLine,
    UpliftScenario,
    Visit,
)
from commissioning.providers.models import ServiceType

HEADER = ("file_reference,provider,agreement,carer,scheduled_start,scheduled_end,check_in,check_out,method,"
          "exception_code\n")


def week_start():
    return services.monday(timezone.localdate()) - timedelta(weeks=1)


def csv_for(placed, reference="ECM-2026-47", rows=None, late=0):
    provider = placed["provider"]
    monday = week_start()
    lines = rows or []
    if not rows:
        for agreement in placed["agreements"]:
            for day in range(7):
                d = monday + timedelta(days=day)
                check_in = f"{d}T08:{late:02d}" if day != 3 else ""
                lines.append(f"{reference},{provider.name},{agreement.reference},C1,{d}T08:00,{d}T08:30,"
                             f"{check_in},{d}T08:{late + 30:02d}" + (",call," if day != 6 else ",manual,M2"))
    return (HEADER + "\n".join(lines) + "\n").encode()


def test_an_accepted_agreement_is_priced_from_its_start(placed):
    agreement = placed["agreements"][0]
    price = agreement.prices.get()
    assert price.effective_from == agreement.start_date and price.weekly_cost_pence == 22_000
    assert agreement.payment_rules.rounding == "nearest"


def test_a_week_of_actuals_is_imported_and_reconciled(placed):
    upload = services.actuals_import(provider=placed["provider"], by=placed["user"], data=csv_for(placed),
                                     file_name="week.csv")
    assert upload.visits == 14 and Visit.objects.count() == 14
    week = ProviderWeek.objects.get()
    # 12 visits of 30 minutes at £22.00 = £11.00 each; the two on day 4 have no check-in (missed).
    assert week.visits == 14 and week.missed == 2 and week.amount_pence == 12 * 1100
    assert week.manual == 2 and week.exception and week.review == ProviderWeek.Review.WITH_BROKERAGE


def test_a_repeated_file_reference_is_refused_whole(placed):
    services.actuals_import(provider=placed["provider"], by=placed["user"], data=csv_for(placed), file_name="a.csv")
    with pytest.raises(ValidationError, match="uploaded before"):
        services.actuals_import(provider=placed["provider"], by=placed["user"], data=csv_for(placed),
                                file_name="b.csv")
    assert ActualsFile.objects.count() == 1 and Visit.objects.count() == 14


def test_bad_rows_are_reported_with_reasons_and_nothing_is_imported(placed):
    monday = week_start()
    good = f"ECM-9,{placed['provider'].name},{placed['agreements'][0].reference},C1,{monday}T08:00,{monday}T08:30," \
           f"{monday}T08:00,{monday}T08:30,call,"
    rows = [good,
            f"ECM-9,{placed['provider'].name},ISA-99999,C1,{monday}T08:00,{monday}T08:30,,,call,",
            f"ECM-9,Someone Else Care,{placed['agreements'][0].reference},C1,{monday}T08:00,{monday}T08:30,,,app,",
            f"ECM-9,{placed['provider'].name},{placed['agreements'][0].reference},C1,{monday}T09:00,{monday}T08:30,"
            f",,manual,"]
    with pytest.raises(ValidationError) as error:
        services.actuals_import(provider=placed["provider"], by=placed["user"], data=csv_for(placed, rows=rows),
                                file_name="bad.csv")
    messages = error.value.messages
    assert "Row 3: no agreement or person 'ISA-99999'" in messages[0]
    assert any("Row 4: provider 'Someone Else Care'" in m for m in messages)
    assert any("Row 5: a manual log needs an exception code" in m for m in messages)
    assert any("Row 5: the scheduled end is not after the start" in m for m in messages)
    assert not Visit.objects.exists() and not ActualsFile.objects.exists()


def test_an_exception_week_goes_to_brokerage_before_it_is_invoiced(placed, broker, finance_officer):
    services.actuals_import(provider=placed["provider"], by=placed["user"], data=csv_for(placed), file_name="a.csv")
    week = ProviderWeek.objects.get()
    with pytest.raises(ValidationError, match="brokerage must review"):
        services.invoice_from_week(week=week, by=finance_officer)
    services.week_clear(week=week, by=broker, note="Two visits missed during a hospital stay; agreed")
    invoice = services.invoice_from_week(week=week, by=finance_officer)
    assert invoice.total_pence == 12 * 1100 == sum(line.amount_pence for line in invoice.lines.all())
    assert invoice.lines.count() == 2


def test_a_disputed_line_blocks_approval_until_resolved_and_the_total_follows(placed, broker, finance_officer):
    services.actuals_import(provider=placed["provider"], by=placed["user"], data=csv_for(placed), file_name="a.csv")
    week = ProviderWeek.objects.get()
    services.week_clear(week=week, by=broker, note="Agreed")
    invoice = services.invoice_from_week(week=week, by=finance_officer)
    line = invoice.lines.first()
    services.line_dispute(line=line, by=placed["user"], text="The visit on Thursday happened: carer forgot to log")
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.DISPUTED
    with pytest.raises(TransitionNotAllowed, match="in dispute cannot be asked to approve"):
        services.invoice_approve(invoice=invoice, by=finance_officer)
    services.line_resolve(line=line, by=finance_officer, text="Rota confirms it: paid", new_amount_pence=7700)
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.DRAFT and invoice.total_pence == 7700 + 6600
    assert line.messages.count() == 2
    services.invoice_approve(invoice=invoice, by=finance_officer)


def test_a_payment_run_pays_once_however_often_it_is_run(placed, broker, finance_officer):
    services.actuals_import(provider=placed["provider"], by=placed["user"], data=csv_for(placed), file_name="a.csv")
    week = ProviderWeek.objects.get()
    services.week_clear(week=week, by=broker, note="Agreed")
    invoice = services.invoice_approve(invoice=services.invoice_from_week(week=week, by=finance_officer),
                                       by=finance_officer)
    run, created = services.payment_run(kind=PaymentRun.Kind.WEEKLY, period_end=timezone.localdate(),
                                        by=finance_officer)
    again, created_again = services.payment_run(kind=PaymentRun.Kind.WEEKLY, period_end=timezone.localdate(),
                                                by=finance_officer)
    invoice.refresh_from_db()
    assert created and not created_again and again.pk == run.pk
    assert invoice.status == Invoice.Status.PAID and run.total_pence == invoice.total_pence
    assert PaymentRun.objects.count() == 1
    csv = services.remittance_csv(run, placed["provider"])
    assert str(invoice) in csv and "66.00" in csv
    with pytest.raises(TransitionNotAllowed, match="paid cannot be asked to dispute"):
        services.line_dispute(line=invoice.lines.first(), by=placed["user"], text="Too late")


def test_care_homes_are_invoiced_on_schedule_every_four_weeks(home_agreement, finance_officer):
    start = services.monday(home_agreement.start_date)
    invoices = services.invoices_on_schedule(period_start=start, by=finance_officer)
    assert len(invoices) == 1 and invoices[0].total_pence == 4 * 80_000
    assert services.invoices_on_schedule(period_start=start, by=finance_officer) == []


@pytest.fixture
def home_agreement(db, make_user, broker):
    from commissioning.brokerage.models import Agreement, CareRequest, Person
    from commissioning.procurement.tests.factories import OpenListFactory
    from commissioning.providers.tests.factories import ServiceFactory
    service = ServiceFactory()
    lot = OpenListFactory().lots.first()
    person = Person.objects.create(reference="P-9", name="R", date_of_birth="1930-01-01", address="x",
                                   postcode="DE1 1BX")
    request = CareRequest.objects.create(person=person, requested_by=broker, needs="n", outcomes="o", lot=lot,
                                         service_type=service.service_types.first(), hours_per_week=1,
                                         postcode="DE1 1BX", locality=service.locality, start_date="2026-06-01",
                                         budget_pence=90_000, status="placed", waiting_since=timezone.now())
    return Agreement.objects.create(request=request, person=person, provider=service.provider, service=service,
                                    lot=lot, route="direct", awarded_by=broker, rate_pence=80_000, counts_beds=True,
                                    start_date=date(2026, 6, 1), weekly_cost_pence=80_000, status="accepted")


def test_approved_rates_are_versions_never_edits(finance_officer):
    card = RateCard.objects.create(service_type=ServiceType.objects.get(code="home-care-standard"),
                                   financial_year=2026, effective_from=date(2026, 4, 6))
    services.rate_line_save(card=card, by=finance_officer, time_band="day", day_type="weekday",
                            locality_band="urban", rate_pence=2200)
    services.rate_card_approve(card=card, by=finance_officer)
    with pytest.raises(ValidationError, match="never changed|cannot be edited"):
        services.rate_line_save(card=card, by=finance_officer, time_band="day", day_type="weekday",
                                locality_band="urban", rate_pence=2300)
    new = services.rate_card_new_version(card=card, by=finance_officer, effective_from=date(2026, 10, 1),
                                         factor=Decimal("1.05"), approve=True)
    assert new.version == 2 and new.rate("day", "weekday", "urban") == 2310
    assert services.card_on(card.service_type, date(2026, 9, 30)) == card
    assert services.card_on(card.service_type, date(2026, 10, 1)) == new


def test_an_enhanced_rate_adds_then_uplifts_and_history_is_kept(placed, finance_officer):
    agreement = placed["agreements"][0]
    criteria = [ComplexityCriterion.objects.create(name="Double-handed", kind="addition", amount=Decimal(300)),
                ComplexityCriterion.objects.create(name="Complex behaviour", kind="percent", amount=Decimal("10"))]
    later = agreement.start_date + timedelta(weeks=4)
    price = services.price_agreement(agreement=agreement, by=finance_officer, effective_from=later,
                                     reason="Review: two carers needed", criteria=criteria, base_pence=2200)
    assert price.rate_pence == 2750 and price.weekly_cost_pence == 27_500  # (2200 + 300) × 1.10
    assert services.price_on(agreement, later - timedelta(days=1)) == (2200, 22_000)
    assert services.price_on(agreement, later) == (2750, 27_500)
    with pytest.raises(ValidationError, match="later price"):
        services.price_agreement(agreement=agreement, by=finance_officer, effective_from=later - timedelta(days=1),
                                 reason="Backdated")


def test_an_uplift_scenario_costs_against_budget_and_approval_reprices_from_its_date(placed, finance_officer):
    service_type = ServiceType.objects.get(code="home-care-standard")
    card = RateCard.objects.create(service_type=service_type, financial_year=2026, effective_from=date(2026, 4, 6))
    RateLine.objects.create(card=card, time_band="day", day_type="weekday", locality_band="urban", rate_pence=2200)
    services.rate_card_approve(card=card, by=finance_officer)
    Budget.objects.create(market_area_id="home_care", financial_year=2027, amount_pence=2_400_000)
    effective = timezone.localdate() + timedelta(days=60)
    scenario = UpliftScenario.objects.create(
        name="NLW 6.7%", service_type=service_type, financial_year=2027, effective_from=effective,
        nlw_rise_percent=Decimal("6.7"), staffing_share_percent=Decimal(70), inflation_percent=Decimal(2),
        exclude_above_weekly_pence=None)
    assert scenario.uplift_percent == Decimal("5.29")  # 6.7 × 0.7 + 2 × 0.3
    summary = services.scenario_summary(scenario)
    assert summary["annual_now"] == 2 * 22_000 * 52
    assert summary["annual_new"] == 2 * 23_160 * 52  # 2200 × 1.0529 = 2316.38 → 2316p
    assert summary["headroom"] == 2_400_000 - summary["annual_new"]
    services.scenario_approve(scenario=scenario, by=finance_officer)
    agreement = placed["agreements"][0]
    assert services.price_on(agreement, effective) == (2316, 23_160)
    assert services.price_on(agreement, effective - timedelta(days=1)) == (2200, 22_000)
    assert services.card_on(service_type, effective).rate() == 2316
    with pytest.raises(TransitionNotAllowed, match="approved cannot be asked to approve"):
        services.scenario_approve(scenario=scenario, by=finance_officer)


def test_spend_adds_up_by_market_provider_locality_and_month(placed, broker, finance_officer):
    services.actuals_import(provider=placed["provider"], by=placed["user"], data=csv_for(placed), file_name="a.csv")
    week = ProviderWeek.objects.get()
    services.week_clear(week=week, by=broker, note="Agreed")
    services.invoice_approve(invoice=services.invoice_from_week(week=week, by=finance_officer), by=finance_officer)
    year = week.week.year if week.week.month >= 4 else week.week.year - 1
    report = services.spend(year=year)
    assert report["total"] == 13_200 and report["by"]["market"] == {"home_care": 13_200}
    assert report["by"]["provider"] == {placed["provider"].name: 13_200}
    assert '"Home care, day opportunities and respite",132.00' in services.spend_csv(report).replace(
        f"{year},market,", "")
    assert InvoiceLine.objects.count() == 2


def test_visits_for_a_week_already_invoiced_are_refused(placed, broker, finance_officer):
    services.actuals_import(provider=placed["provider"], by=placed["user"], data=csv_for(placed), file_name="a.csv")
    week = ProviderWeek.objects.get()
    services.week_clear(week=week, by=broker, note="Agreed")
    invoice = services.invoice_from_week(week=week, by=finance_officer)
    with pytest.raises(ValidationError, match="already invoiced"):
        services.actuals_import(provider=placed["provider"], by=placed["user"],
                                data=csv_for(placed, reference="ECM-LATE"), file_name="late.csv")
    invoice.refresh_from_db()
    assert invoice.total_pence == 13_200 and Visit.objects.count() == 14
