"""Batch allocation through the service and the pages: propose, review and edit, then award."""
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from commissioning.brokerage import services
from commissioning.brokerage.choices import AllocationStatus, RequestStatus
from commissioning.brokerage.transitions import TransitionNotAllowed
from commissioning.core.models import AuditEvent


def test_a_proposal_respects_capacity_and_beats_first_come_first_served(make_request, make_member, broker, market):
    # The better provider can take one 10-hour package; the first request could also go elsewhere.
    best = make_member(score=Decimal("95"), hours=10)
    fallback = make_member(score=Decimal("40"), hours=40)
    first, second = make_request(), make_request()
    run = services.allocation_propose(lot=market["lot"], by=broker)
    lines = {line.request_id: line.provider_id for line in run.lines.all()}
    assert sorted(lines.values()) == sorted([best.provider_id, fallback.provider_id])
    assert run.score >= run.greedy_score and run.bound >= run.score
    assert {first.pk, second.pk} == set(lines)


def test_editing_a_line_keeps_every_service_within_capacity(make_request, make_member, broker, market):
    small = make_member(hours=10)
    make_member(hours=40)
    make_request(), make_request()
    run = services.allocation_propose(lot=market["lot"], by=broker)
    first, second = run.lines.all()
    services.allocation_line_edit(line=first, provider_id=small.provider_id, by=broker)
    with pytest.raises(ValidationError, match="would exceed"):
        services.allocation_line_edit(line=second, provider_id=small.provider_id, by=broker)
    services.allocation_line_edit(line=second, provider_id=None, by=broker)
    second.refresh_from_db()
    assert second.provider_id is None and second.points is None


def test_awarding_a_proposal_makes_direct_awards_and_closes_it(make_request, make_member, broker, market):
    make_member(hours=100)
    requests = [make_request() for _ in range(3)]
    run = services.allocation_propose(lot=market["lot"], by=broker)
    assert services.allocation_award(run=run, by=broker) == 3
    for care in requests:
        care.refresh_from_db()
        assert care.status == RequestStatus.AWARDED and care.agreements.get().award_reason == "batch"
    run.refresh_from_db()
    assert run.status == AllocationStatus.AWARDED
    with pytest.raises(TransitionNotAllowed, match="awarded"):
        services.allocation_award(run=run, by=broker)


def test_nothing_waiting_means_no_proposal(make_member, broker, market, make_request):
    make_member()
    make_request(front_door=False)  # the front door is not recorded yet
    with pytest.raises(ValidationError, match="No request"):
        services.allocation_propose(lot=market["lot"], by=broker)


def test_the_batch_pages(client, make_request, make_member, broker, market, django_capture_on_commit_callbacks):
    make_member(hours=100)
    make_request()
    client.force_login(broker)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("brokerage:allocation_create"), {"lot": market["lot"].pk})
    run = market["lot"].allocation_runs.get()
    assert response.status_code == 302
    page = client.get(run.get_absolute_url()).content.decode()
    assert "upper bound" in page and "Award 1 packages" in page
    client.post(run.get_absolute_url(), {"action": "award"})
    run.refresh_from_db()
    assert run.status == AllocationStatus.AWARDED
    assert "Choose the lot" in client.post(reverse("brokerage:allocation_create"), {"lot": ""}).content.decode()


def test_edits_on_the_page_apply_together_or_not_at_all(client, make_request, make_member, broker, market):
    small = make_member(hours=10)
    make_member(hours=40)
    make_request(), make_request()
    run = services.allocation_propose(lot=market["lot"], by=broker)
    first, second = run.lines.all()
    before = {line.pk: line.provider_id for line in run.lines.all()}
    client.force_login(broker)
    response = client.post(run.get_absolute_url(), {f"line{first.pk}": small.provider_id,
                                                    f"line{second.pk}": small.provider_id}, follow=True)
    assert "would exceed" in response.content.decode()
    assert {line.pk: line.provider_id for line in run.lines.all()} == before
    client.post(run.get_absolute_url(), {f"line{first.pk}": small.provider_id, f"line{second.pk}": ""})
    assert {line.pk: line.provider_id for line in run.lines.all()} == {first.pk: small.provider_id, second.pk: None}


# Standing: an Amber line needs the broker's reason; Red and suspended are never proposed ------

def test_an_amber_line_is_shown_with_its_standing_and_the_run_is_not_awarded_without_a_reason(
        client, make_request, make_member, broker, market):
    amber = make_member(score=Decimal("99"), council_rag="amber", hours=100)
    care = make_request()
    run = services.allocation_propose(lot=market["lot"], by=broker)
    line = run.lines.get()
    assert line.provider_id == amber.provider_id
    client.force_login(broker)
    page = client.get(run.get_absolute_url()).content.decode()
    assert "1 request is placed with a provider rated Amber" in page
    assert f"Reason for placing {care.reference} with {amber.provider.name}" in page
    assert "Council rating Amber: give the reason before this is awarded" in page
    page = client.post(run.get_absolute_url(), {"action": "award"}, follow=True).content.decode()
    assert (f"Give the reason for placing {care.reference} with {amber.provider.name} (Council rating Amber), "
            "or choose another provider") in page
    run.refresh_from_db(), care.refresh_from_db()
    assert run.status == AllocationStatus.PROPOSED and care.status == RequestStatus.NEW
    client.post(run.get_absolute_url(),
                {"action": "award", f"reason{line.pk}": "  The only provider with carers in DE22 "})
    run.refresh_from_db()
    assert run.status == AllocationStatus.AWARDED
    agreement = care.agreements.get()
    assert agreement.standing_summary == "Council rating Amber"
    assert agreement.standing_reason == "The only provider with carers in DE22"
    assert AuditEvent.objects.filter(object_id=run.pk, object_repr=str(run),
                                     changes__has_key=f"Reason for placing {care.reference} with {amber.provider}"
                                     ).exists()
    page = client.get(reverse("brokerage:agreement_detail", args=[agreement.pk])).content.decode()
    assert "Reason for placing with this provider: The only provider with carers in DE22" in page


def test_a_blank_reason_is_no_reason_and_changing_the_provider_drops_it(make_request, make_member, broker, market):
    amber = make_member(score=Decimal("99"), council_rag="amber", hours=100)
    green = make_member(score=Decimal("50"), council_rag="green", hours=100)
    make_request()
    run = services.allocation_propose(lot=market["lot"], by=broker)
    line = run.lines.get()
    services.allocation_lines_edit(run=run, choices={}, reasons={line: "   "}, by=broker)
    with pytest.raises(ValidationError, match="Give the reason for placing"):
        services.allocation_award(run=run, by=broker)
    services.allocation_lines_edit(run=run, choices={}, reasons={line: "Family's choice"}, by=broker)
    services.allocation_line_edit(line=line, provider_id=green.provider_id, by=broker)
    services.allocation_line_edit(line=line, provider_id=amber.provider_id, by=broker)
    line.refresh_from_db()
    assert line.standing_reason == "", "a reason given for one placement is not carried to another"


def test_red_and_suspended_providers_are_never_proposed_nor_awarded(make_request, make_member, broker, market):
    red = make_member(score=Decimal("99"), council_rag="red", hours=100)
    suspended = make_member(score=Decimal("98"), hours=100)
    type(suspended.provider).objects.filter(pk=suspended.provider_id).update(new_placements_suspended=True)
    later = make_member(score=Decimal("97"), hours=100)
    make_member(score=Decimal("30"), hours=100)
    care = make_request()
    run = services.allocation_propose(lot=market["lot"], by=broker)
    line = run.lines.get()
    offered = {o["provider"] for o in line.options}
    assert red.provider_id not in offered and suspended.provider_id not in offered
    assert line.provider_id == later.provider_id
    type(later.provider).objects.filter(pk=later.provider_id).update(new_placements_suspended=True)
    with pytest.raises(ValidationError) as refused:
        services.allocation_award(run=run, by=broker)
    assert refused.value.messages == [
        "0 awarded; not awarded:", f"{care.reference}: {later.provider} is not eligible for this request "
                                   "(lot membership, area, specialisms, council rating or capacity)"]
    care.refresh_from_db()
    assert care.status == RequestStatus.NEW and not care.agreements.exists()
