"""Each finance record a provider organisation owns is seen, through `for_user`, by council staff
and by that organisation only; council records (rates, criteria, budgets, scenarios) by staff only."""
import pytest
from django.contrib.auth.models import AnonymousUser

from commissioning.accounts.roles import Role
from commissioning.finance import selectors
from commissioning.finance.models import (
    ActualsFile,
    AgreementPrice,
    Budget,
    ComplexityCriterion,
    DisputeMessage,
    Invoice,
    InvoiceLine,
    PaymentRuleSet,
    PaymentRun,
    ProviderWeek,
    RateCard,
    UpliftScenario,
    Visit,
)

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_organisations(make_user):
    """A paid invoice, a reconciled week, an uploaded file with a visit, a price and payment rules, and a
    dispute message for each of two providers."""
    made = {}
    for side in ("own", "other"):
        invoice = factories.PaidInvoiceFactory()
        line = invoice.lines.get()
        user = make_user(Role.PROVIDER_USER, provider=invoice.provider)
        upload = ActualsFile.objects.create(provider=invoice.provider, reference=f"ECM-{side}", file_name="a.csv",
                                            uploaded_by=user, visits=1)
        Visit.objects.create(file=upload, agreement=line.agreement, carer="C1", scheduled_start="2026-10-26T08:00Z",
                             scheduled_end="2026-10-26T08:30Z", method="call", week="2026-10-26")
        AgreementPrice.objects.create(agreement=line.agreement, effective_from="2026-06-01", base_rate_pence=80_000,
                                      rate_pence=80_000, weekly_cost_pence=80_000, reason="Start")
        PaymentRuleSet.objects.create(agreement=line.agreement)
        DisputeMessage.objects.create(line=line, by=user, text="Thursday's visit happened")
        factories.ProviderWeekFactory(provider=invoice.provider)
        made[side] = {"user": user, "provider": invoice.provider}
    return made


PROVIDER_RECORDS = [ActualsFile, Visit, ProviderWeek, Invoice, InvoiceLine, DisputeMessage, PaymentRun,
                    AgreementPrice, PaymentRuleSet]
PROVIDER_OF = {ActualsFile: "provider", Visit: "agreement__provider", ProviderWeek: "provider",
               Invoice: "provider", InvoiceLine: "invoice__provider", DisputeMessage: "line__invoice__provider",
               PaymentRun: "invoices__provider", AgreementPrice: "agreement__provider",
               PaymentRuleSet: "agreement__provider"}


@pytest.mark.parametrize("model", PROVIDER_RECORDS, ids=lambda m: m.__name__)
def test_a_provider_user_sees_only_its_own_organisations_rows(model, two_organisations):
    own, other = two_organisations["own"], two_organisations["other"]
    seen = model.objects.for_user(own["user"])
    assert seen.exists()
    assert set(seen.values_list(PROVIDER_OF[model], flat=True)) == {own["provider"].pk}
    assert not seen.filter(**{PROVIDER_OF[model]: other["provider"]}).exists()


@pytest.mark.parametrize("model", PROVIDER_RECORDS, ids=lambda m: m.__name__)
def test_council_staff_see_every_organisations_rows_and_no_one_else_sees_any(model, two_organisations,
                                                                            finance_officer):
    providers = {two_organisations[s]["provider"].pk for s in ("own", "other")}
    assert set(model.objects.for_user(finance_officer).values_list(PROVIDER_OF[model], flat=True)) == providers
    assert not model.objects.for_user(AnonymousUser()).exists()


@pytest.mark.parametrize("make", [factories.RateCardFactory, factories.UpliftScenarioFactory,
                                  lambda: ComplexityCriterion.objects.create(name="Two carers", kind="addition",
                                                                             amount=900),
                                  lambda: Budget.objects.create(market_area_id="home_care", financial_year=2026,
                                                                amount_pence=100)],
                         ids=["rate card", "scenario", "criterion", "budget"])
def test_council_records_are_for_staff_only(make, finance_officer, provider_user):
    record = make()
    model = type(record)
    assert model in (RateCard, UpliftScenario, ComplexityCriterion, Budget)
    assert list(model.objects.for_user(finance_officer)) == [record]
    assert not model.objects.for_user(provider_user).exists()
    assert not model.objects.for_user(AnonymousUser()).exists()


def test_a_providers_payment_runs_are_those_that_paid_its_invoices(two_organisations):
    own = two_organisations["own"]
    runs = selectors.payment_runs_for(user=own["user"])
    assert [run.pk for run in runs] == [Invoice.objects.get(provider=own["provider"]).payment_run_id]
    assert list(selectors.run_invoices_for(user=own["user"], run=runs.get())) == \
        list(Invoice.objects.filter(provider=own["provider"]))
