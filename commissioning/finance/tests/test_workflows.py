"""Every (state, event) pair of every finance workflow, through the public services: a pair in
the table moves the record and leaves a status-event row; any other pair is refused."""
import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template

from commissioning.accounts.roles import Role
from commissioning.core.workflow import TransitionNotAllowed
from commissioning.finance import services
from commissioning.finance.choices import InvoiceStatus, LineStatus, RateStatus, ScenarioStatus, WeekReview
from commissioning.finance.models import Invoice, InvoiceLine
from commissioning.finance.transitions import INVOICE, INVOICE_LINE, RATE_CARD, SCENARIO, WEEK_REVIEW

from . import factories

pytestmark = pytest.mark.django_db


def pairs(workflow, states):
    """Every state against every event of the workflow, with the status expected (None: refused)."""
    events = list(dict.fromkeys(event for (_, event) in workflow.table))
    return [pytest.param(state, event, workflow.table.get((state, event)), id=f"{state.value}-{event}")
            for state in states for event in events]


def assert_moved(record, workflow, event, before, expected, by):
    record.refresh_from_db()
    assert getattr(record, workflow.field) == expected
    row = record.status_events.last()
    assert (row.event, row.from_status, row.to_status, row.by) == (event, before, expected, by)


@pytest.fixture
def officer(make_user):
    return make_user(Role.FINANCE_OFFICER)


# Rate cards ---------------------------------------------------------------------------------------

RATE_CARD_STATES = {RateStatus.DRAFT: factories.RateCardFactory, RateStatus.APPROVED: factories.ApprovedRateCardFactory}


@pytest.mark.parametrize(("state", "event", "expected"), pairs(RATE_CARD, RATE_CARD_STATES))
def test_each_rate_card_move_is_made_or_refused_by_its_table(state, event, expected, officer):
    card = RATE_CARD_STATES[state]()
    if expected is None:
        with pytest.raises(TransitionNotAllowed):
            services.rate_card_approve(card=card, by=officer)
        assert not card.status_events.exists()
        return
    services.rate_card_approve(card=card, by=officer)
    assert_moved(card, RATE_CARD, event, state, expected, officer)


# The brokerage review of a reconciled week --------------------------------------------------------

WEEK_STATES = {WeekReview.NOT_NEEDED: factories.ProviderWeekFactory,
               WeekReview.WITH_BROKERAGE: factories.WeekWithBrokerageFactory,
               WeekReview.CLEARED: factories.WeekClearedFactory}
WEEK_SERVICES = {"refer": services.week_refer, "release": services.week_release, "clear": services.week_clear}


@pytest.mark.parametrize(("state", "event", "expected"), pairs(WEEK_REVIEW, WEEK_STATES))
def test_each_week_review_move_is_made_or_refused_by_its_table(state, event, expected, broker):
    week = WEEK_STATES[state]()
    call = WEEK_SERVICES[event]
    if expected is None:
        with pytest.raises(TransitionNotAllowed):
            call(week=week, by=broker, note="Looked at it")
        week.refresh_from_db()
        assert week.review == state and not week.status_events.exists()
        return
    call(week=week, by=broker, note="Looked at it")
    assert_moved(week, WEEK_REVIEW, event, state, expected, broker)


# Invoices -----------------------------------------------------------------------------------------

INVOICE_STATES = {InvoiceStatus.DRAFT: factories.InvoiceFactory,
                  InvoiceStatus.DISPUTED: factories.DisputedInvoiceFactory,
                  InvoiceStatus.APPROVED: factories.ApprovedInvoiceFactory,
                  InvoiceStatus.PAID: factories.PaidInvoiceFactory}


def _invoice_event(invoice, event, officer, make_user):
    if event == "dispute":
        line = InvoiceLine.objects.create(invoice=invoice, agreement=invoice.lines.first().agreement,
                                          description="Another line", amount_pence=0)
        provider_user = make_user(Role.PROVIDER_USER, provider=invoice.provider)
        services.line_dispute(line=line, by=provider_user, text="Two visits are missing")
        return provider_user
    if event == "settle":
        services.line_resolve(line=invoice.lines.first(), by=officer, text="Checked against the rota")
    elif event == "approve":
        services.invoice_approve(invoice=invoice, by=officer)
    elif event == "pay":
        services.invoice_pay(invoice=invoice, run=_locking(invoice), by=officer)
    return officer


def _locking(invoice):
    """A payment run that locked the invoice (as making a run locks the approved invoices it will pay)."""
    run = invoice.payment_run or factories.PaymentRunFactory()
    Invoice.objects.filter(pk=invoice.pk).update(payment_run=run)
    return run


@pytest.mark.parametrize(("state", "event", "expected"), pairs(INVOICE, INVOICE_STATES))
def test_each_invoice_move_is_made_or_refused_by_its_table(state, event, expected, officer, make_user):
    invoice = INVOICE_STATES[state]()
    if expected is None:
        with pytest.raises(TransitionNotAllowed):
            _invoice_event(invoice, event, officer, make_user)
        invoice.refresh_from_db()
        assert invoice.status == state and not invoice.status_events.exists()
        return
    by = _invoice_event(invoice, event, officer, make_user)
    assert_moved(invoice, INVOICE, event, state, expected, by)


def test_a_paid_invoice_records_the_run_that_paid_it(officer):
    invoice = factories.ApprovedInvoiceFactory()
    run = _locking(invoice)
    services.invoice_pay(invoice=invoice, run=run, by=officer)
    invoice.refresh_from_db()
    assert invoice.payment_run == run and invoice.status_events.get().note == f"Paid by {run}"


def test_a_run_cannot_pay_an_invoice_it_did_not_lock(officer):
    invoice, run = factories.ApprovedInvoiceFactory(), factories.PaymentRunFactory()
    with pytest.raises(ValidationError, match="is not one of the invoices"):
        services.invoice_pay(invoice=invoice, run=run, by=officer)
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.APPROVED and invoice.payment_run is None


# Disputes on invoice lines ------------------------------------------------------------------------

LINE_STATES = {LineStatus.OK: (factories.InvoiceFactory, {}),
               LineStatus.DISPUTED: (factories.DisputedInvoiceFactory, {}),
               LineStatus.RESOLVED: (factories.InvoiceFactory, {"line__status": LineStatus.RESOLVED})}


@pytest.mark.parametrize(("state", "event", "expected"), pairs(INVOICE_LINE, LINE_STATES))
def test_each_line_dispute_move_is_made_or_refused_by_its_table(state, event, expected, officer, make_user):
    make, options = LINE_STATES[state]
    line = make(**options).lines.get()
    provider_user = make_user(Role.PROVIDER_USER, provider=line.invoice.provider)
    by = provider_user if event == "dispute" else officer

    def call():
        if event == "dispute":
            services.line_dispute(line=line, by=by, text="The visit on Thursday happened")
        else:
            services.line_resolve(line=line, by=by, text="Rota confirms it", new_amount_pence=7700)

    if expected is None:
        with pytest.raises(TransitionNotAllowed):
            call()
        line.refresh_from_db()
        assert line.status == state and not line.status_events.exists() and not line.messages.exists()
        return
    call()
    assert_moved(line, INVOICE_LINE, event, state, expected, by)


# Uplift scenarios ---------------------------------------------------------------------------------

SCENARIO_STATES = {ScenarioStatus.DRAFT: factories.UpliftScenarioFactory,
                   ScenarioStatus.APPROVED: factories.ApprovedScenarioFactory}


@pytest.mark.parametrize(("state", "event", "expected"), pairs(SCENARIO, SCENARIO_STATES))
def test_each_scenario_move_is_made_or_refused_by_its_table(state, event, expected, officer):
    scenario = SCENARIO_STATES[state]()
    if expected is None:
        with pytest.raises(TransitionNotAllowed):
            services.scenario_approve(scenario=scenario, by=officer)
        assert not scenario.status_events.exists()
        return
    services.scenario_approve(scenario=scenario, by=officer)
    assert_moved(scenario, SCENARIO, event, state, expected, officer)
    assert scenario.approved_by == officer


# Colours ------------------------------------------------------------------------------------------

def test_each_status_tag_has_the_colour_of_its_own_status_not_a_same_valued_one():
    tag = Template("{% load govuk %}{% status_tag value %}")
    draft_invoice = factories.InvoiceFactory()
    approved_invoice = factories.ApprovedInvoiceFactory()
    approved_card = factories.ApprovedRateCardFactory()
    disputed_line = factories.DisputedInvoiceFactory().lines.get()
    assert approved_invoice.status == approved_card.status == "approved"
    assert "govuk-tag--blue" in tag.render(Context({"value": approved_invoice.status}))
    assert "govuk-tag--green" in tag.render(Context({"value": approved_card.status}))
    assert "govuk-tag--red\">Disputed" in tag.render(Context({"value": disputed_line.status}))
    assert "govuk-tag--grey\">Draft" in tag.render(Context({"value": draft_invoice.status}))
