"""Races a variation has, run on PostgreSQL with real concurrent transactions: the head of
commissioning and an administrator approving the same variation at once change the contract once."""
from datetime import date

import pytest
from django.db import connection

from commissioning.accounts.roles import Role
from commissioning.core.tests.threads import in_threads
from commissioning.core.workflow import TransitionNotAllowed

from ..models import Contract, DecommissionPlan, Variation
from ..services import plan_complete, plan_start, step_add, step_done, variation_approve, variation_propose
from .factories import ContractFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL (make test-postgres)"),
]


def test_two_approvals_of_the_same_variation_at_once_change_the_contract_once(make_user):
    deciders = [make_user(Role.HEAD_OF_COMMISSIONING), make_user(Role.ADMINISTRATOR)]
    for _ in range(3):
        contract = ContractFactory()
        variation = variation_propose(variation=Variation(
            contract=contract, kind="variation", reason="More hours", value_change_pence=10_000_00,
            takes_effect_on=date(2026, 4, 1)), by=contract.lead_commissioner)
        results = in_threads([lambda d=decider, v=variation: variation_approve(variation=v, by=d)
                               for decider in deciders])
        approved = [r for r in results if isinstance(r, Variation)]
        refused = [r for r in results if isinstance(r, TransitionNotAllowed)]
        assert len(approved) == 1 and len(refused) == 1, results
        assert Contract.objects.get(pk=contract.pk).value_pence == 310_000_00


def test_two_completions_of_the_same_plan_at_once_end_the_contract_once(make_user):
    editors = [make_user(Role.HEAD_OF_COMMISSIONING), make_user(Role.ADMINISTRATOR)]
    contract = ContractFactory()
    plan = plan_start(plan=DecommissionPlan(contract=contract, reason="Ending", service_stops_on=date(2027, 3, 31),
                                            replacement="Nothing"), by=editors[0])
    step = step_add(step=plan.steps.model(plan=plan, description="Tell the provider", owner=editors[0],
                                          due_on=date(2027, 1, 4)), by=editors[0])
    step_done(step=step, by=editors[0])
    results = in_threads([lambda e=editor: plan_complete(plan=plan, by=e) for editor in editors])
    assert sum(isinstance(r, DecommissionPlan) for r in results) == 1, results
    assert Contract.objects.get(pk=contract.pk).status_events.filter(event="end").count() == 1
