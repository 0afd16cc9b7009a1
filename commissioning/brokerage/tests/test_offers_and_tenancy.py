"""A revised offer keeps its earlier prices, shown to the council and to the provider who made it
and audited; every brokerage queryset's `for_user` hides other organisations' rows; statuses carry
their own colours; and due competitions close through one service."""
from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from commissioning.accounts.roles import Role
from commissioning.brokerage import services
from commissioning.brokerage.choices import AllocationStatus, CompetitionStatus, RequestStatus
from commissioning.brokerage.models import (
    Agreement,
    AgreementStatusEvent,
    AllocationRun,
    AllocationRunStatusEvent,
    CareRequest,
    Competition,
    CompetitionInvite,
    CompetitionStatusEvent,
    Offer,
    OfferRevision,
    OfferStatusEvent,
    Person,
    RequestStatusEvent,
)
from commissioning.core.models import AuditEvent

from .factories import (
    AgreementOfferedFactory,
    AllocationProposedFactory,
    CareRequestFactory,
    CompetitionDueFactory,
    CompetitionOpenFactory,
    InviteFactory,
    OfferSubmittedFactory,
)

pytestmark = pytest.mark.django_db


def _revise(offer, rate):
    return services.offer_submit(competition=offer.competition, by=offer.submitted_by, rate_pence=rate,
                                 start_date=timezone.localdate() + timedelta(days=10),
                                 outcome_answers=f"Version at {rate}")


def test_a_revised_offer_keeps_its_earlier_prices_and_each_revision_is_audited():
    offer = OfferSubmittedFactory(rate_pence=2400)
    InviteFactory(competition=offer.competition)  # another provider yet to answer keeps offers open
    _revise(offer, 2300)
    _revise(offer, 2250)
    offer.refresh_from_db()
    assert offer.rate_pence == 2250
    assert [(r.number, r.rate_pence, r.submitted_by) for r in offer.revisions.all()] == [
        (1, 2400, offer.submitted_by), (2, 2300, offer.submitted_by), (3, 2250, offer.submitted_by)]
    audits = AuditEvent.objects.filter(object_id=offer.pk, action=AuditEvent.Action.UPDATED).order_by("at", "id")
    assert [a.changes["Rate"] for a in audits] == [["£24.00", "£23.00"], ["£23.00", "£22.50"]]


def test_a_first_offer_is_version_one_and_audited_as_made(make_user):
    invite = InviteFactory()
    user = make_user(Role.PROVIDER_USER, provider=invite.provider)
    offer = services.offer_submit(competition=invite.competition, by=user, rate_pence=2200,
                                  start_date=timezone.localdate() + timedelta(days=3), outcome_answers="We can")
    assert offer.revisions.get().number == 1
    assert AuditEvent.objects.filter(object_id=offer.pk, action=AuditEvent.Action.CREATED).exists()
    assert offer.status_events.get().event == "submit"


def test_offer_revisions_cannot_be_rewritten():
    revision = OfferSubmittedFactory().revisions.get()
    revision.rate_pence = 1
    with pytest.raises(ValueError):
        revision.save()


def test_the_council_sees_every_version_once_the_competition_closes(client_for, broker):
    offer = OfferSubmittedFactory(rate_pence=2400)
    _revise(offer, 2300)
    Competition.objects.filter(pk=offer.competition_id).update(closes_at=timezone.now() - timedelta(minutes=1))
    page = client_for(broker).get(reverse("brokerage:competition_detail", args=[offer.competition_id]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Earlier versions of this offer (2 in all)" in text and "£24</td>" in text and "£23</td>" in text


def test_the_provider_sees_its_own_versions_and_another_invited_provider_does_not(client_for, make_user):
    offer = OfferSubmittedFactory(rate_pence=2400)
    _revise(offer, 2300)
    own = client_for(offer.submitted_by).get(reverse("portal:competition", args=[offer.competition_id]))
    assert "£24</td>" in own.content.decode() and "Earlier versions of this offer" in own.content.decode()
    rival = InviteFactory(competition=offer.competition)
    rival_user = make_user(Role.PROVIDER_USER, provider=rival.provider)
    other = client_for(rival_user).get(reverse("portal:competition", args=[offer.competition_id]))
    assert other.status_code == 200 and "£24</td>" not in other.content.decode()
    assert not OfferRevision.objects.for_user(rival_user).exists()


def test_a_provider_sees_only_its_own_brokerage_rows_through_for_user(make_user):
    mine, theirs = OfferSubmittedFactory(), OfferSubmittedFactory()
    AgreementOfferedFactory(provider=mine.provider)
    AgreementOfferedFactory(provider=theirs.provider)
    AllocationProposedFactory()
    user = make_user(Role.PROVIDER_USER, provider=mine.provider)
    assert list(Offer.objects.for_user(user)) == [mine]
    assert list(OfferRevision.objects.for_user(user)) == list(mine.revisions.all())
    assert list(Competition.objects.for_user(user)) == [mine.competition]
    assert list(CompetitionInvite.objects.for_user(user)) == [mine.invite]
    assert {a.provider_id for a in Agreement.objects.for_user(user)} == {mine.provider_id}
    for model in (CareRequest, Person, AllocationRun, RequestStatusEvent, AllocationRunStatusEvent):
        assert not model.objects.for_user(user).exists(), model


def test_a_provider_sees_only_the_histories_of_its_own_offers_competitions_and_agreements(make_user, broker):
    mine, theirs = OfferSubmittedFactory(), OfferSubmittedFactory()
    for offer in (mine, theirs):
        services.offer_withdraw(offer=offer, by=offer.submitted_by)
        Competition.objects.filter(pk=offer.competition_id).update(closes_at=timezone.now())
        services.competition_close(competition=offer.competition)
        agreement = AgreementOfferedFactory(provider=offer.provider)
        services.agreement_respond(agreement=agreement, by=offer.submitted_by, accept=False, reason="No carers")
    user = mine.submitted_by
    assert {e.offer_id for e in OfferStatusEvent.objects.for_user(user)} == {mine.pk}
    assert {e.competition_id for e in CompetitionStatusEvent.objects.for_user(user)} == {mine.competition_id}
    assert {e.agreement.provider_id for e in AgreementStatusEvent.objects.for_user(user)} == {mine.provider_id}
    assert OfferStatusEvent.objects.for_user(broker).count() == 2


def test_council_staff_see_every_row_and_someone_signed_out_none(make_user):
    OfferSubmittedFactory(), OfferSubmittedFactory()
    assert Offer.objects.for_user(make_user(Role.BROKER)).count() == 2
    assert CareRequest.objects.for_user(make_user(Role.SOCIAL_WORKER)).count() == 2
    nobody = AnonymousUser()
    assert not Offer.objects.for_user(nobody).exists() and not Competition.objects.for_user(nobody).exists()


def test_a_status_tag_has_the_colour_of_its_own_status_not_a_same_valued_one():
    tag = Template("{% load govuk %}{% status_tag value %}")
    request_awarded = tag.render(Context({"value": CareRequestFactory.build(status="awarded").status}))
    allocation_awarded = tag.render(Context({"value": AllocationProposedFactory.build(status="awarded").status}))
    assert "govuk-tag--turquoise" in request_awarded and RequestStatus.AWARDED.label in request_awarded
    assert "govuk-tag--green" in allocation_awarded and AllocationStatus.AWARDED.label in allocation_awarded
    new = tag.render(Context({"value": CareRequestFactory.build().status}))
    assert "govuk-tag--blue" in new and "Waiting for a broker" in new


def test_closing_due_competitions_closes_only_those_past_their_deadline_and_returns_them():
    due, running = CompetitionDueFactory(), CompetitionOpenFactory()
    closed = services.competitions_close_due()
    assert [c.pk for c in closed] == [due.pk]
    due.refresh_from_db(), running.refresh_from_db()
    assert (due.status, running.status) == (CompetitionStatus.NO_AWARD, CompetitionStatus.OPEN)
    assert services.competitions_close_due() == []
    later = services.competitions_close_due(now=running.closes_at)
    assert [c.pk for c in later] == [running.pk]


def test_identity_in_the_needs_is_refused_under_the_needs_field(make_request):
    with pytest.raises(ValidationError) as error:
        make_request(needs="Mrs Oyelaran's son visits", outcomes="DOB 9/3/1941 on file")
    assert set(error.value.message_dict) == {"needs", "outcomes"}
    assert "Remove the person's name from the needs (“Mrs Oyelaran”)" in error.value.message_dict["needs"][0]


def test_the_api_answers_409_to_revising_an_offer_that_was_awarded_and_keeps_its_versions(client):
    from rest_framework.authtoken.models import Token
    offer = OfferSubmittedFactory(status="awarded")
    token = Token.objects.create(user=offer.submitted_by)
    response = client.post(f"/api/v1/competitions/{offer.competition_id}/offer/",
                           {"rate_pence": 1900, "start_date": (timezone.localdate() + timedelta(days=3)).isoformat(),
                            "outcome_answers": "Cheaper now"},
                           content_type="application/json", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 409
    offer.refresh_from_db()
    assert offer.rate_pence == 2200 and offer.revisions.count() == 1
