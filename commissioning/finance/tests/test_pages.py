"""Paying providers through the pages: uploads, what each organisation sees, rates, scenarios, spend."""
from datetime import date, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from commissioning.accounts.roles import Role
from commissioning.finance import services
from commissioning.finance.models import Invoice, PaymentRun, ProviderWeek, RateCard, UpliftScenario
from commissioning.providers.models import ServiceType

from .test_payments import csv_for


def _paid(placed, broker, finance_officer):
    services.actuals_import(provider=placed["provider"], by=placed["user"], data=csv_for(placed), file_name="a.csv")
    week = ProviderWeek.objects.get()
    services.week_clear(week=week, by=broker, note="Agreed")
    services.invoice_approve(invoice=services.invoice_from_week(week=week, by=finance_officer), by=finance_officer)
    return services.payment_run(kind="weekly", period_end=timezone.localdate(), by=finance_officer)[0]


def test_the_provider_uploads_in_the_portal_and_sees_every_problem(client, placed, django_capture_on_commit_callbacks):
    client.force_login(placed["user"])
    bad = csv_for(placed).replace(placed["agreements"][0].reference.encode(), b"ISA-77777")
    page = client.post(reverse("portal:actuals"), {"file": SimpleUploadedFile("w.csv", bad)}).content.decode()
    assert "The file was not imported: 7 problems" in page and "no agreement or person &#x27;ISA-77777&#x27;" in page
    assert not ProviderWeek.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("portal:actuals"), {"file": SimpleUploadedFile("w.csv", csv_for(placed))})
    assert ProviderWeek.objects.get().visits == 14
    page = client.post(reverse("portal:actuals"), {"file": SimpleUploadedFile("w.txt", b"x")}).content.decode()
    assert "The file must be a CSV" in page


def test_a_provider_sees_only_its_own_invoices_and_remittances(client, placed, broker, finance_officer,
                                                               other_provider_user):
    run = _paid(placed, broker, finance_officer)
    invoice = Invoice.objects.get()
    client.force_login(other_provider_user)
    assert client.get(reverse("portal:invoice", args=[invoice.pk])).status_code == 404
    assert client.get(reverse("portal:remittance", args=[run.pk])).status_code == 404
    assert str(invoice) not in client.get(reverse("portal:invoices")).content.decode()
    client.force_login(placed["user"])
    csv = client.get(reverse("portal:remittance", args=[run.pk]) + "?format=csv").content.decode()
    assert str(invoice) in csv and "132.00" not in csv.split("\n")[0]


def test_running_the_same_payment_run_from_the_page_pays_nothing_twice(client, placed, broker, finance_officer):
    run = _paid(placed, broker, finance_officer)
    client.force_login(finance_officer)
    response = client.post(reverse("finance:run_create"), {"kind": "weekly",
                                                           "period_end": timezone.localdate().isoformat()},
                           follow=True)
    assert "nothing paid twice" in response.content.decode()
    assert PaymentRun.objects.count() == 1 and run.invoices.count() == 1


def test_rates_are_set_and_approved_on_the_page_then_locked(client, finance_officer):
    card = RateCard.objects.create(service_type=ServiceType.objects.get(code="home-care-standard"),
                                   financial_year=2026, effective_from=date(2026, 4, 6))
    client.force_login(finance_officer)
    client.post(card.get_absolute_url(), {"action": "save", "day__weekday__urban": "22.40",
                                          "day__weekend__urban": "24.00"})
    client.post(card.get_absolute_url(), {"action": "approve"})
    card.refresh_from_db()
    assert card.status == "approved" and card.rate() == 2240 and card.rate("day", "weekend") == 2400
    client.post(card.get_absolute_url(), {"action": "save", "day__weekday__urban": "30.00"})
    assert card.rate() == 2240
    client.post(card.get_absolute_url(), {"action": "version", "effective_from": "2026-10-05", "percent": "5",
                                          "note": "Mid-year review"})
    assert RateCard.objects.get(version=2).rate() == 2352


def test_scenarios_side_by_side_and_approval_by_the_head_of_commissioning(client, placed, make_user):
    service_type = ServiceType.objects.get(code="home-care-standard")
    for rise in ("6.7", "4.0"):
        UpliftScenario.objects.create(name=f"NLW {rise}%", service_type=service_type, financial_year=2027,
                                      effective_from=timezone.localdate() + timedelta(days=30),
                                      nlw_rise_percent=Decimal(rise), staffing_share_percent=70,
                                      inflation_percent=2)
    head = make_user(Role.HEAD_OF_COMMISSIONING)
    client.force_login(head)
    page = client.get(reverse("finance:scenarios")).content.decode()
    assert "NLW 6.7%" in page and "NLW 4.0%" in page and "<svg" in page
    chosen = UpliftScenario.objects.get(name="NLW 4.0%")
    client.post(reverse("finance:scenario_detail", args=[chosen.pk]))
    chosen.refresh_from_db()
    assert chosen.approved_by == head
    assert placed["agreements"][0].prices.count() == 2


def test_spend_page_and_csv(client, placed, broker, finance_officer):
    _paid(placed, broker, finance_officer)
    client.force_login(finance_officer)
    week = ProviderWeek.objects.get().week
    year = week.year if week.month >= 4 else week.year - 1
    page = client.get(reverse("finance:spend") + f"?year={year}").content.decode()
    assert "£132" in page
    csv = client.get(reverse("finance:spend") + f"?year={year}&format=csv").content.decode()
    assert f"{year},provider,{placed['provider'].name},132.00" in csv


def _audited(obj, by):
    from commissioning.core.audit import history_for

    return history_for([obj]).filter(actor=by).exists()


def test_a_rate_card_started_on_the_page_is_the_next_draft_version_and_audited(client, finance_officer):
    home_care = ServiceType.objects.get(code="home-care-standard")
    client.force_login(finance_officer)
    for _ in range(2):
        client.post(reverse("finance:rate_cards"), {"service_type": home_care.pk, "financial_year": 2026,
                                                    "effective_from": "2026-04-06", "note": "Fees and charges"})
    card = RateCard.objects.get(version=2)
    assert card.status == "draft" and _audited(card, finance_officer)


def test_a_criterion_added_on_the_page_is_audited_and_a_second_of_the_same_name_refused(client, finance_officer):
    from commissioning.finance.models import ComplexityCriterion

    client.force_login(finance_officer)
    form = {"name": "Two carers needed", "kind": "addition", "amount": "900"}
    client.post(reverse("finance:criterion_add"), form)
    page = client.post(reverse("finance:criterion_add"), form | {"name": "two carers needed"}).content.decode()
    criterion = ComplexityCriterion.objects.get()
    assert _audited(criterion, finance_officer) and "already exists" in page


def test_a_scenario_saved_on_the_page_is_a_draft_and_audited(client, finance_officer):
    client.force_login(finance_officer)
    client.post(reverse("finance:scenarios"), {
        "name": "NLW 5%", "service_type": ServiceType.objects.get(code="home-care-standard").pk,
        "financial_year": 2027, "effective_from": "2027-04-05", "nlw_rise_percent": "5",
        "staffing_share_percent": "70", "inflation_percent": "2", "exclude_above": "500.00"})
    scenario = UpliftScenario.objects.get()
    assert scenario.status == "draft" and scenario.exclude_above_weekly_pence == 50_000
    assert _audited(scenario, finance_officer)


def test_a_budget_set_twice_on_the_page_keeps_one_figure_and_audits_both(client, finance_officer):
    from commissioning.core.audit import history_for
    from commissioning.finance.models import Budget

    client.force_login(finance_officer)
    for amount in ("1000000.00", "1200000.00"):
        client.post(reverse("finance:spend") + "?year=2026", {"market_area": "home_care", "financial_year": 2026,
                                                             "amount": amount})
    budget = Budget.objects.get()
    assert budget.amount_pence == 120_000_000
    assert history_for([budget]).filter(actor=finance_officer).count() == 2


def test_the_uplift_chart_draws_what_each_scenario_adds_and_states_the_budget_in_words(client, placed, make_user):
    from commissioning.finance.models import Budget
    from commissioning.finance.selectors import scenario_summary

    service_type = ServiceType.objects.get(code="home-care-standard")
    Budget.objects.create(market_area=service_type.market_area, financial_year=2027, amount_pence=26_000_000_00)
    scenario = UpliftScenario.objects.create(
        name="NLW 6.7%", service_type=service_type, financial_year=2027,
        effective_from=timezone.localdate() + timedelta(days=30), nlw_rise_percent=Decimal("6.7"),
        staffing_share_percent=Decimal(70), inflation_percent=Decimal(2))
    figures = scenario_summary(scenario)
    client.force_login(make_user(Role.HEAD_OF_COMMISSIONING))
    page = client.get(reverse("finance:scenarios")).content.decode()
    svg = page[page.index("<svg"):page.index("</svg>")]
    assert 'role="img"' in svg and "aria-label=\"What each scenario adds to a year&#x27;s cost\"" in svg
    assert "<rect" not in page[:page.index("<svg")] and "<path" in svg
    assert figures["annual_now"] == 2 * 22_000 * 52 and figures["increase"] > 0
    added = f"£{figures['increase'] / 100:,.2f}"
    assert f'<th scope="row" class="govuk-table__header">NLW 6.7%</th><td class="govuk-table__cell ' \
           f'govuk-table__cell--numeric">{added}</td>' in page
    left = f"£{(26_000_000_00 - figures['annual_new']) / 100:,.2f}"
    assert (f"NLW 6.7% adds {added} a year to £22,880 (5.3% more), less than 0.01% of the 2027-28 budget for "
            f"home care, day opportunities and respite (£26,000,000), leaving {left} of it unspent." in page)


def test_the_uplift_chart_says_when_no_budget_is_set(client, placed, make_user):
    service_type = ServiceType.objects.get(code="home-care-standard")
    UpliftScenario.objects.create(name="NLW 4.0%", service_type=service_type, financial_year=2028,
                                  effective_from=timezone.localdate() + timedelta(days=30),
                                  nlw_rise_percent=Decimal("4.0"), staffing_share_percent=Decimal(70),
                                  inflation_percent=Decimal(2))
    client.force_login(make_user(Role.HEAD_OF_COMMISSIONING))
    page = client.get(reverse("finance:scenarios")).content.decode()
    assert ("NLW 4.0% adds £780 a year to £22,880 (3.4% more); no budget for home care, day opportunities and "
            "respite is set for 2028-29." in page)


def test_the_spend_chart_draws_each_month_with_its_figure_and_summary(client, placed, broker, finance_officer):
    _paid(placed, broker, finance_officer)
    week = ProviderWeek.objects.get().week
    year = week.year if week.month >= 4 else week.year - 1
    client.force_login(finance_officer)
    page = client.get(reverse("finance:spend") + f"?year={year}").content.decode()
    month = f"{week:%B %Y}"
    assert f'aria-label="Spend by month, {year}-{str(year + 1)[-2:]}"' in page and "<svg" in page
    assert f'<th scope="row" class="govuk-table__header">{month}</th><td class="govuk-table__cell ' \
           f'govuk-table__cell--numeric">£132.00</td>' in page
    assert f"£132 approved and paid in {year}-{str(year + 1)[-2:]}, all in {month}." in page


def test_the_spend_page_has_no_chart_before_anything_is_paid(client, finance_officer):
    client.force_login(finance_officer)
    page = client.get(reverse("finance:spend") + "?year=2026").content.decode()
    assert "<svg" not in page and "No spend yet this year." in page
