"""Variations and extensions of contracts, approved or refused once, and decommissioning with its plan,
its steps and the people affected, as council officers and provider users use them (ADR 0026)."""
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from commissioning.accounts.roles import Role
from commissioning.core.home import work_for
from commissioning.core.models import AuditEvent
from commissioning.core.workflow import TransitionNotAllowed
from commissioning.procurement.services import list_save
from commissioning.procurement.tests.factories import OpenListFactory
from commissioning.providers.tests.factories import ProviderFactory

from ..domain.changes import Terms, variation_errors
from ..models import Contract, DecommissionPlan, DecommissionStep, Variation
from ..services import (
    arrangement_mark,
    plan_complete,
    plan_start,
    step_add,
    step_done,
    variation_approve,
    variation_propose,
    variation_refuse,
)
from .factories import ContractFactory, call_off

pytestmark = pytest.mark.django_db

TERMS = Terms(value_pence=300_000_00, annual_value_pence=100_000_00, start_date=date(2025, 4, 1),
              end_date=date(2028, 3, 31))


def _errors(**changes):
    kwargs = {"extension": False, "value_change_pence": 0, "annual_value_change_pence": 0, "new_end_date": None,
              "takes_effect_on": date(2026, 4, 1), "committed_pence": 0, **changes}
    return variation_errors(TERMS, **kwargs)


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"extension": True}, "new_end_date", "Enter the new end date of the contract"),
    ({"extension": True, "new_end_date": date(2028, 3, 31)}, "new_end_date", "an extension cannot shorten it"),
    ({"extension": True, "new_end_date": date(2027, 3, 31)}, "new_end_date", "an extension cannot shorten it"),
    ({"new_end_date": date(2029, 3, 31), "value_change_pence": 1}, "new_end_date", "Only an extension"),
    ({}, "value_change", "Enter a change to the value over the term or the value a year"),
    ({"value_change_pence": -300_000_01}, "value_change", "The reduction is more than the contract's value"),
    ({"value_change_pence": -200_000_00, "committed_pence": 150_000_00}, "value_change",
     "would take the value to £100,000, below the £150,000 already spent or committed"),
    ({"annual_value_change_pence": -100_000_01}, "annual_value_change", "more than the contract's value a year"),
    ({"value_change_pence": -250_000_00}, "annual_value_change",
     "The value a year would be £100,000, more than the value over the term of £50,000"),
    ({"value_change_pence": 1, "takes_effect_on": date(2028, 4, 1)}, "takes_effect_on", "within the contract's term"),
])
def test_a_change_that_cannot_be_made_is_refused_with_the_reason_on_its_field(changes, field, message):
    assert message in _errors(**changes)[field]


def test_a_reduction_down_to_what_is_committed_and_an_extension_without_a_value_change_are_allowed():
    assert _errors(value_change_pence=-150_000_00, annual_value_change_pence=-50_000_00,
                   committed_pence=150_000_00) == {}
    assert _errors(extension=True, new_end_date=date(2028, 4, 1)) == {}


def _form(**changes):
    return {"kind": "variation", "reason": "More carers' breaks in the north of the city", "value_change": "25000",
            "annual_value_change": "", "new_end_date_day": "", "new_end_date_month": "", "new_end_date_year": "",
            "takes_effect_on_day": "1", "takes_effect_on_month": "10", "takes_effect_on_year": "2026", **changes}


@pytest.fixture
def head(make_user):
    return make_user(Role.HEAD_OF_COMMISSIONING)


def _propose(contract, by, **fields):
    values = {"kind": "variation", "reason": "More hours", "value_change_pence": 30_000_00,
              "annual_value_change_pence": 10_000_00, "takes_effect_on": date(2026, 4, 1), **fields}
    return variation_propose(variation=Variation(contract=contract, **values), by=by)


def test_a_lead_proposes_an_extension_through_the_page_and_the_head_approves_it(client_for, commissioner, head):
    contract = ContractFactory()
    response = client_for(commissioner).post(reverse("contracts:variation_propose", args=[contract.pk]), _form(
        kind="extension", value_change="50000", annual_value_change="-1000.50", new_end_date_day="31",
        new_end_date_month="3", new_end_date_year="2029"))
    variation = Variation.objects.get()
    assert response.status_code == 302 and response["Location"] == variation.get_absolute_url()
    assert (variation.number, variation.status, variation.proposed_by) == (1, "proposed", commissioner)
    assert (variation.value_change_pence, variation.annual_value_change_pence) == (50_000_00, -1_000_50)
    assert variation.reference == f"{contract.reference}/V1"
    contract.refresh_from_db()
    assert contract.value_pence == 300_000_00, "nothing changes before approval"

    page = client_for(head).get(variation.get_absolute_url()).content.decode()
    assert "Approve the change" in page and "Up £50,000" in page and "Down £1,000.50" in page
    response = client_for(head).post(reverse("contracts:variation_approve", args=[variation.pk]))
    assert response.status_code == 302 and response["Location"] == contract.get_absolute_url()
    contract.refresh_from_db()
    assert (contract.value_pence, contract.annual_value_pence, contract.end_date) == (
        350_000_00, 98_999_50, date(2029, 3, 31))
    variation.refresh_from_db()
    assert (variation.status, variation.decided_by) == ("approved", head)
    assert (variation.value_before_pence, variation.end_date_before) == (300_000_00, date(2028, 3, 31))
    assert (variation.value_after_pence, variation.end_date_after) == (350_000_00, date(2029, 3, 31))
    assert [e.event for e in variation.status_events.all()] == ["propose", "approve"]
    event = AuditEvent.objects.filter(content_type__model="contract", object_id=contract.pk).latest("at")
    assert event.actor == head and event.note == f"{variation} approved"
    assert event.changes["Value over the term"] == ["£300,000", "£350,000"]
    assert event.changes["End date"] == ["31 March 2028", "31 March 2029"]

    page = client_for(commissioner).get(contract.get_absolute_url()).content.decode()
    assert "Originally £300,000" in page and "Now £350,000" in page
    assert "Originally 31 March 2028" in page and "Now 31 March 2029" in page
    assert variation.reference in page and "Approved" in page


def test_bad_input_is_refused_with_govuk_messages_per_field(client_for, commissioner):
    contract = ContractFactory()
    url = reverse("contracts:variation_propose", args=[contract.pk])
    page = client_for(commissioner).post(url, _form(kind="", reason="", takes_effect_on_day="",
                                                    takes_effect_on_month="", takes_effect_on_year="",
                                                    value_change="lots")).content.decode()
    for message in ("Choose whether it is a variation or an extension", "Enter why the contract is changing",
                    "Enter the date it takes effect", "must be an amount in pounds"):
        assert message in page
    assert "govuk-error-summary" in page
    page = client_for(commissioner).post(url, _form(kind="extension", new_end_date_day="1", new_end_date_month="1",
                                                    new_end_date_year="2028")).content.decode()
    assert "an extension cannot shorten it" in page and 'id="id_new_end_date-error"' in page
    assert not Variation.objects.exists()


def test_a_reduction_below_what_is_committed_on_a_list_is_refused_and_checked_again_at_approval(
        client_for, commissioner, head, administrator):
    approved = OpenListFactory(estimated_value_pence=100_000_00, start_date=date(2026, 4, 1), term_months=24)
    entry = approved.register_entry
    call_off(approved, provider=ProviderFactory(), weekly_cost_pence=500_00, start=date(2026, 4, 6),
             by=administrator)
    committed = 500_00 * (((entry.end_date - date(2026, 4, 6)).days + 1) // 7)
    page = client_for(commissioner).post(reverse("contracts:variation_propose", args=[entry.pk]), _form(
        value_change=str(-(100_000_00 - committed + 1) / 100), annual_value_change="-40000")).content.decode()
    assert "already spent or committed on the contract" in page and not Variation.objects.exists()

    variation = _propose(entry, commissioner, value_change_pence=-(100_000_00 - committed - 100_00),
                         annual_value_change_pence=-40_000_00)
    call_off(approved, provider=ProviderFactory(), weekly_cost_pence=100_00, start=date(2026, 4, 6),
             by=administrator)
    with pytest.raises(ValidationError) as refused:
        variation_approve(variation=variation, by=head)
    assert "already spent or committed" in str(refused.value)
    entry.refresh_from_db()
    variation.refresh_from_db()
    assert entry.value_pence == 100_000_00 and variation.status == "proposed"


def test_an_extension_lengthens_the_commitment_it_is_checked_against():
    """Call-offs commit the council to the contract's end, so an extension is checked against the
    commitment to its new end, not the old one."""
    approved = OpenListFactory(estimated_value_pence=20_000_00, start_date=date(2026, 4, 1), term_months=12)
    entry = approved.register_entry
    lead = entry.lead_commissioner
    call_off(approved, provider=ProviderFactory(), weekly_cost_pence=300_00, start=date(2026, 4, 6), by=lead)
    with pytest.raises(ValidationError) as refused:
        _propose(entry, lead, kind="extension", new_end_date=date(2028, 3, 31), value_change_pence=0,
                 annual_value_change_pence=0)
    assert "already spent or committed" in refused.value.message_dict["value_change"][0]
    variation = _propose(entry, lead, kind="extension", new_end_date=date(2028, 3, 31),
                         value_change_pence=20_000_00, annual_value_change_pence=0)
    assert variation.pk


def test_the_proposer_may_not_approve_their_own_change_and_a_lead_may_not_approve_at_all(
        client_for, commissioner, head):
    contract = ContractFactory()
    own = _propose(contract, head)
    with pytest.raises(PermissionDenied):
        variation_approve(variation=own, by=head)
    page = client_for(head).get(own.get_absolute_url()).content.decode()
    assert "Approve the change" not in page and "You proposed this change" in page
    client_for(head).post(reverse("contracts:variation_approve", args=[own.pk]))
    own.refresh_from_db()
    assert own.status == "proposed"
    other = _propose(contract, commissioner)
    assert client_for(commissioner).post(reverse("contracts:variation_approve", args=[other.pk])).status_code == 403
    with pytest.raises(PermissionDenied):
        variation_approve(variation=other, by=commissioner)


def test_a_variation_is_approved_once_and_a_second_approval_changes_nothing(client_for, commissioner, head,
                                                                            administrator):
    contract = ContractFactory()
    variation = _propose(contract, commissioner)
    variation_approve(variation=variation, by=head)
    with pytest.raises(TransitionNotAllowed):
        variation_approve(variation=variation, by=administrator)
    response = client_for(administrator).post(reverse("contracts:variation_approve", args=[variation.pk]), follow=True)
    assert "cannot be asked to approve" in response.content.decode()
    contract.refresh_from_db()
    assert contract.value_pence == 330_000_00 and contract.annual_value_pence == 110_000_00
    assert variation.status_events.filter(event="approve").count() == 1
    with pytest.raises(TransitionNotAllowed):
        variation_refuse(variation=variation, by=administrator, reason="Too late")


def test_a_refusal_needs_a_reason_and_leaves_the_contract_as_it_was(client_for, commissioner, head):
    contract = ContractFactory()
    variation = _propose(contract, commissioner)
    url = reverse("contracts:variation_refuse", args=[variation.pk])
    page = client_for(head).post(url, {"refusal_reason": ""}).content.decode()
    assert "Enter why the variation is refused" in page and "govuk-error-summary" in page
    response = client_for(head).post(url, {"refusal_reason": "Not within the budget"})
    assert response.status_code == 302
    variation.refresh_from_db()
    contract.refresh_from_db()
    assert (variation.status, variation.refusal_reason, variation.decided_by) == ("refused", "Not within the budget",
                                                                                  head)
    assert contract.value_pence == 300_000_00
    page = client_for(commissioner).get(variation.get_absolute_url()).content.decode()
    assert "Not within the budget" in page and "Refused" in page


def test_variations_are_numbered_per_contract_and_a_contract_that_ended_cannot_be_varied(commissioner):
    contract = ContractFactory()
    assert [_propose(contract, commissioner).number for _ in range(2)] == [1, 2]
    assert _propose(ContractFactory(), commissioner).number == 1
    ended = ContractFactory(status="ended")
    with pytest.raises(ValidationError, match="cannot be varied"):
        _propose(ended, commissioner)


def test_an_approved_extension_of_a_list_entry_survives_the_list_being_saved_again(head):
    approved = OpenListFactory(estimated_value_pence=100_000_00, start_date=date(2026, 4, 1), term_months=12)
    entry = approved.register_entry
    variation = _propose(entry, entry.lead_commissioner, kind="extension", new_end_date=date(2027, 9, 30),
                         value_change_pence=50_000_00, annual_value_change_pence=0)
    variation_approve(variation=variation, by=head)
    approved.description = "Changed on the list"
    list_save(approved_list=approved, by=head)
    entry.refresh_from_db()
    assert (entry.value_pence, entry.end_date, entry.description) == (150_000_00, date(2027, 9, 30),
                                                                      "Changed on the list")


def test_the_head_of_commissioning_sees_variations_waiting_on_the_home_page(client_for, commissioner, head):
    _propose(ContractFactory(), commissioner)
    _propose(ContractFactory(), head)
    items = {item.text: item for item in work_for(head)}
    waiting = items["Variations and extensions of contracts waiting for your approval"]
    assert waiting.count == 1 and waiting.url == reverse("contracts:variation_list")
    page = client_for(head).get(waiting.url).content.decode()
    assert "More hours" not in page and page.count("/V1") == 1


def test_a_provider_user_sees_variations_of_its_own_contracts_only(client_for, provider_user, other_provider_user,
                                                                    commissioner):
    contract = ContractFactory(supplier=provider_user.provider)
    variation = _propose(contract, commissioner)
    page = client_for(provider_user).get(contract.get_absolute_url()).content.decode()
    assert variation.reference in page and "Propose a variation" not in page and "Decommission" not in page
    assert client_for(provider_user).get(variation.get_absolute_url()).status_code == 200
    assert client_for(other_provider_user).get(variation.get_absolute_url()).status_code == 404
    assert client_for(provider_user).post(reverse("contracts:variation_approve", args=[variation.pk])).status_code \
        == 403


# Decommissioning


def _plan(contract, by, **fields):
    values = {"reason": "Replaced by the new carers' list", "service_stops_on": date(2027, 3, 31),
              "replacement": "The Carers' Support list", **fields}
    return plan_start(plan=DecommissionPlan(contract=contract, **values), by=by)


def _list_with_people(administrator):
    approved = OpenListFactory(estimated_value_pence=500_000_00, start_date=date(2026, 4, 1), term_months=24)
    provider = ProviderFactory()
    accepted = [call_off(approved, provider=provider, weekly_cost_pence=200_00, by=administrator) for _ in range(2)]
    call_off(approved, provider=provider, weekly_cost_pence=200_00, status="offered", by=administrator)
    call_off(approved, provider=provider, weekly_cost_pence=200_00, status="declined", by=administrator)
    return approved.register_entry, accepted


def test_a_lead_decommissions_a_contract_through_the_pages_and_it_ends_when_the_plan_is_complete(
        client_for, commissioner, broker, administrator):
    entry, accepted = _list_with_people(administrator)
    response = client_for(commissioner).post(reverse("contracts:decommission_start", args=[entry.pk]), {
        "reason": "The service moves in house", "service_stops_on_day": "31", "service_stops_on_month": "3",
        "service_stops_on_year": "2027", "replacement": "The council's own home care team"})
    plan = DecommissionPlan.objects.get()
    assert response.status_code == 302 and response["Location"] == plan.get_absolute_url()
    entry.refresh_from_db()
    assert entry.status == "decommissioning"
    assert [(e.event, e.to_status) for e in entry.status_events.all()] == [("decommission", "decommissioning")]

    response = client_for(commissioner).post(reverse("contracts:decommission_step_add", args=[entry.pk]), {
        "description": "Tell the providers", "owner": commissioner.pk,
        "due_on_day": "1", "due_on_month": "1", "due_on_year": "2027"})
    assert response.status_code == 302
    step = DecommissionStep.objects.get()
    page = client_for(commissioner).get(plan.get_absolute_url()).content.decode()
    for person in (a.person for a in accepted):
        assert person.reference in page and "Test Person" in page
    assert "Make a new arrangement for every person affected (2 still waiting)" in page
    assert "Mark every step done" in page

    complete = reverse("contracts:decommission_complete", args=[entry.pk])
    client_for(commissioner).post(complete)
    entry.refresh_from_db()
    assert entry.status == "decommissioning", "refused while steps and people wait"

    client_for(commissioner).post(reverse("contracts:decommission_step_done", args=[step.pk]))
    assert client_for(commissioner).get(reverse("contracts:decommission_arrangement",
                                                args=[entry.pk, accepted[0].pk])).status_code == 403
    for agreement in accepted:
        url = reverse("contracts:decommission_arrangement", args=[entry.pk, agreement.pk])
        page = client_for(broker).post(url, {"arranged": ""}).content.decode()
        assert "Choose whether a new arrangement has been made" in page
        assert client_for(broker).post(url, {"arranged": "yes", "note": "Council home care team"}).status_code == 302
    response = client_for(commissioner).post(complete)
    assert response.status_code == 302 and response["Location"] == entry.get_absolute_url()
    entry.refresh_from_db()
    plan.refresh_from_db()
    assert entry.status == "ended" and plan.completed_by == commissioner
    assert [e.event for e in entry.status_events.all()] == ["decommission", "end"]
    with pytest.raises(ValidationError, match="The plan is complete"):
        plan_complete(plan=plan, by=commissioner)


def test_a_plan_refuses_a_stop_date_outside_the_term_a_second_plan_and_a_contract_that_is_not_live(
        client_for, commissioner):
    contract = ContractFactory()
    url = reverse("contracts:decommission_start", args=[contract.pk])
    page = client_for(commissioner).post(url, {"reason": "", "replacement": "", "service_stops_on_day": "1",
                                               "service_stops_on_month": "4", "service_stops_on_year": "2030"}
                                         ).content.decode()
    assert "Enter why the contract is being decommissioned" in page and "Enter what replaces the service" in page
    page = client_for(commissioner).post(url, {"reason": "Ending", "replacement": "Nothing",
                                               "service_stops_on_day": "1", "service_stops_on_month": "4",
                                               "service_stops_on_year": "2030"}).content.decode()
    assert "The date the service stops must be within the contract" in page
    assert not DecommissionPlan.objects.exists()
    _plan(contract, commissioner)
    with pytest.raises(ValidationError, match="already has a decommissioning plan"):
        _plan(contract, commissioner)
    with pytest.raises(TransitionNotAllowed):
        _plan(ContractFactory(status="planned"), commissioner)


def test_only_the_owner_or_an_editor_marks_a_step_done_and_only_once(client_for, commissioner, make_user):
    contract = ContractFactory()
    plan = _plan(contract, commissioner)
    owner, other = make_user(Role.FINANCE_OFFICER), make_user(Role.QUALITY_OFFICER)
    step = step_add(step=DecommissionStep(plan=plan, description="Final invoice", owner=owner,
                                          due_on=timezone.localdate()), by=commissioner)
    client_for(other).post(reverse("contracts:decommission_step_done", args=[step.pk]))
    step.refresh_from_db()
    assert step.done_on is None
    with pytest.raises(PermissionDenied):
        step_done(step=step, by=other)
    items = {item.text: item for item in work_for(owner)}
    due = items["Steps of decommissioning plans you own that are due within 2 weeks"]
    assert due.count == 1 and due.url == plan.get_absolute_url()
    client_for(owner).post(reverse("contracts:decommission_step_done", args=[step.pk]))
    step.refresh_from_db()
    assert step.done_by == owner and step.done_on == timezone.localdate()
    with pytest.raises(ValidationError, match="already marked done"):
        step_done(step=step, by=commissioner)
    assert "Steps of decommissioning plans you own that are due within 2 weeks" not in {
        item.text for item in work_for(owner)}


def test_the_people_affected_are_the_accepted_agreements_on_the_lists_lots(administrator, broker, commissioner):
    entry, accepted = _list_with_people(administrator)
    plan = _plan(entry, commissioner)
    from ..selectors_changes import people_affected

    assert {a.pk for a in people_affected(plan)} == {a.pk for a in accepted}
    elsewhere = call_off(OpenListFactory(), provider=ProviderFactory(), weekly_cost_pence=100_00,
                         by=administrator)
    with pytest.raises(ValidationError, match="not affected"):
        arrangement_mark(plan=plan, agreement=elsewhere, by=broker, arranged=True)
    with pytest.raises(PermissionDenied):
        arrangement_mark(plan=plan, agreement=accepted[0], by=commissioner, arranged=True)
    arrangement_mark(plan=plan, agreement=accepted[0], by=broker, arranged=True, note="Direct payment")
    accepted[0].status = "ended"
    accepted[0].save()
    assert {a.pk for a in people_affected(plan)} == {a.pk for a in accepted}, "a marked person stays listed"


def test_a_single_supplier_contract_lists_nobody_and_says_why(client_for, commissioner):
    contract = ContractFactory()
    _plan(contract, commissioner)
    page = client_for(commissioner).get(reverse("contracts:decommission_plan", args=[contract.pk])).content.decode()
    assert "records no individual service agreements under it" in page


def test_people_affected_are_shown_only_to_council_roles_allowed_to_see_people(
        client_for, administrator, commissioner, quality_officer, provider_user):
    entry, accepted = _list_with_people(administrator)
    _plan(entry, commissioner)
    url = reverse("contracts:decommission_plan", args=[entry.pk])
    assert "Test Person" in client_for(commissioner).get(url).content.decode()
    page = client_for(quality_officer).get(url).content.decode()
    assert "Test Person" not in page and accepted[0].person.reference not in page
    assert "2 people are affected" in page
    assert client_for(provider_user).get(url).status_code == 403


def test_a_provider_user_never_reaches_the_decommissioning_of_its_own_contract(client_for, provider_user,
                                                                               commissioner):
    contract = ContractFactory(supplier=provider_user.provider)
    _plan(contract, commissioner)
    page = client_for(provider_user).get(contract.get_absolute_url()).content.decode()
    assert "decommissioning plan" not in page.lower() and "Being decommissioned" in page
    for name in ("contracts:decommission_plan", "contracts:decommission_step_add", "contracts:decommission_start"):
        assert client_for(provider_user).get(reverse(name, args=[contract.pk])).status_code == 403


def test_a_list_entry_being_decommissioned_stays_so_when_the_list_changes_and_ends_when_it_closes(
        commissioner, head):
    approved = OpenListFactory()
    entry = approved.register_entry
    _plan(entry, commissioner, service_stops_on=entry.end_date)
    approved.description = "Still open"
    approved.save()
    entry.refresh_from_db()
    assert entry.status == "decommissioning"
    approved.status = "closed"
    approved.save()
    entry.refresh_from_db()
    assert entry.status == "ended"


def test_the_edit_form_never_sets_decommissioning_by_hand(client_for, commissioner):
    contract = ContractFactory()
    page = client_for(commissioner).get(reverse("contracts:contract_edit", args=[contract.pk])).content.decode()
    assert "Being decommissioned" not in page
    _plan(contract, commissioner)
    contract.refresh_from_db()
    assert Contract.objects.get(pk=contract.pk).status == "decommissioning"


@pytest.mark.parametrize("workflow", ["CONTRACT", "VARIATION"])
def test_every_pair_of_the_workflow_tables_moves_as_written_and_nothing_else_does(workflow):
    from .. import transitions

    flow = getattr(transitions, workflow)
    statuses = {status for status, _ in flow.table} | set(flow.table.values())
    events = {event for _, event in flow.table}
    for status in statuses:
        for event in events:
            if (status, event) in flow.table:
                assert flow.next_status(status, event) == flow.table[(status, event)]
            else:
                with pytest.raises(TransitionNotAllowed):
                    flow.next_status(status, event)
