"""Brokerage through the pages and the API, and the anonymity providers rely on: no page, API
response or e-mail a provider can see carries the person's name, date of birth or full postcode."""
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token

from commissioning.accounts.roles import Role
from commissioning.brokerage.choices import AgreementStatus, RequestStatus
from commissioning.brokerage.models import CareRequest, Competition
from commissioning.providers.models import ServiceType

from .fixtures import HOME_CARE, PERSON

IDENTIFIERS = [PERSON["name"], "Oyelaran", "1941-03-09", "09/03/1941", "9 March 1941", PERSON["postcode"],
               PERSON["address"]]


def _assert_anonymous(text: str, where: str):
    for identifier in IDENTIFIERS:
        assert identifier not in text, f"{identifier!r} shown in {where}"


def _request_form(market):
    return {
        "person-name": PERSON["name"], "person-date_of_birth": "1941-03-09", "person-address": PERSON["address"],
        "person-postcode": PERSON["postcode"], "person-funder": "Council (Care Act 2014)",
        "care-needs": "Help to wash and dress each morning.", "care-outcomes": "Stay living at home safely.",
        "care-lot": market["lot"].pk, "care-service_type": ServiceType.objects.get(code=HOME_CARE).pk,
        "care-visits_per_day": 2, "care-minutes_per_visit": 30, "care-days_per_week": 7,
        "care-postcode": PERSON["postcode"], "care-start_date": (timezone.localdate() + timedelta(days=7)).isoformat(),
        "care-urgency": "urgent", "care-budget": "200.00",
    }


def test_a_request_round_through_the_pages_keeps_the_person_anonymous(
        client, market, make_member, social_worker, broker, make_user, django_capture_on_commit_callbacks):
    first, second = make_member(score=Decimal("90")), make_member(score=Decimal("60"))
    users = [make_user(Role.PROVIDER_USER, provider=m.provider, email=f"user{i}@p.example")
             for i, m in enumerate((first, second))]

    client.force_login(social_worker)
    response = client.post(reverse("brokerage:request_create"), _request_form(market))
    care = CareRequest.objects.get()
    assert response.status_code == 302 and care.weekly_hours == Decimal("7.00")

    client.force_login(broker)
    assert care.reference in client.get(reverse("brokerage:queue")).content.decode()
    client.post(reverse("brokerage:front_door", args=[care.pk]), {"option": "technology", "outcome": "not_suitable"})
    page = client.get(reverse("brokerage:competition_open", args=[care.pk])).content.decode()
    assert "How will you help the person to achieve this outcome: Stay living at home safely?" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("brokerage:competition_open", args=[care.pk]), {
            "questions": "How will you help the person stay living at home safely?\n"
                         "How will you keep the same carers?"})
    competition = Competition.objects.get()
    assert response.status_code == 302 and competition.invites.count() == 2
    q1, q2 = competition.questions.all()

    for user, rate in zip(users, ("19.50", "18.00"), strict=True):
        client.force_login(user)
        page = client.get(reverse("portal:competition", args=[competition.pk])).content.decode()
        assert "DE22" in page and "How will you keep the same carers?" in page
        _assert_anonymous(page, "the portal's competition page")
        response = client.post(reverse("portal:competition", args=[competition.pk]), {
            "action": "offer", "rate": rate, "start_date": (timezone.localdate() + timedelta(days=7)).isoformat(),
            f"answer_{q1.pk}": "A team of two regular carers", f"answer_{q2.pk}": "Rotas fixed four weeks ahead"})
        assert response.status_code == 302
    competition.refresh_from_db()
    assert competition.status == "closed", "every invited provider answered, so offers closed early"

    client.force_login(make_user(Role.EVALUATOR))
    page = client.get(reverse("brokerage:competition_scoring", args=[competition.pk])).content.decode()
    assert "Rotas fixed four weeks ahead" in page and "£19.50" not in page, "evaluators score blind to price"
    for offer, score in zip(competition.offers.order_by("pk"), (5, 2), strict=True):
        response = client.post(reverse("brokerage:competition_scoring", args=[competition.pk]), {
            "offer": offer.pk, "action": "score", f"score_{q1.pk}": score, f"reason_{q1.pk}": "Clear plan",
            f"score_{q2.pk}": score, f"reason_{q2.pk}": "Named team"})
        assert response.status_code == 302

    client.force_login(broker)
    response = client.post(reverse("brokerage:competition_detail", args=[competition.pk]), {"action": "rank"})
    assert response.status_code == 302
    page = client.get(reverse("brokerage:competition_detail", args=[competition.pk])).content.decode()
    assert "Rank 1" in page
    top = competition.offers.get(rank=1)
    assert top.quality_points == Decimal("100.00") and top.provider == first.provider
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("brokerage:competition_detail", args=[competition.pk]), {"offer": top.pk})
    assert response.status_code == 302
    agreement = care.agreements.get()

    client.force_login(next(u for u in users if u.provider_id == agreement.provider_id))
    page = client.get(reverse("portal:agreement", args=[agreement.pk])).content.decode()
    assert agreement.reference in page and care.person.reference in page
    _assert_anonymous(page, "the portal's agreement page")
    client.post(reverse("portal:agreement", args=[agreement.pk]), {"action": "accept"})
    agreement.refresh_from_db()
    care.refresh_from_db()
    assert agreement.status == AgreementStatus.ACCEPTED and care.status == RequestStatus.PLACED

    for user in users:
        client.force_login(user)
        for name, args in (("portal:competition_list", []), ("portal:agreement_list", []),
                           ("portal:competition", [competition.pk])):
            _assert_anonymous(client.get(reverse(name, args=args)).content.decode(), name)
        token = Token.objects.create(user=user)
        for url in ("/api/v1/competitions/", f"/api/v1/competitions/{competition.pk}/", "/api/v1/offers/",
                    "/api/v1/agreements/"):
            _assert_anonymous(client.get(url, HTTP_AUTHORIZATION=f"Token {token.key}").content.decode(), url)
    for message in mail.outbox:
        _assert_anonymous(message.subject + message.body, f"e-mail {message.subject!r}")
    assert len(mail.outbox) >= 5  # two invitations, two results, one agreement

    client.force_login(broker)
    page = client.get(reverse("brokerage:request_detail", args=[care.pk])).content.decode()
    assert PERSON["name"] in page  # council staff do see who the person is


def test_the_request_form_reports_every_problem_and_saves_nothing(client, market, social_worker):
    client.force_login(social_worker)
    data = _request_form(market) | {"person-name": "", "care-visits_per_day": "", "care-budget": "0",
                                    "care-needs": "Margaret Oyelaran needs help"}
    page = client.post(reverse("brokerage:request_create"), data).content.decode()
    assert "Enter the person&#x27;s full name" in page
    assert "Enter the hours per week, or the visits per day" in page
    assert "more than £0" in page
    assert not CareRequest.objects.exists()
    data = _request_form(market) | {"care-needs": "Margaret Oyelaran needs help"}
    page = client.post(reverse("brokerage:request_create"), data).content.decode()
    assert "Remove the person&#x27;s name from the needs" in page and not CareRequest.objects.exists()
    data = _request_form(market) | {"care-needs": "Mrs Oyelaran's son helps", "care-outcomes": "Seen at de22-1gb"}
    page = client.post(reverse("brokerage:request_create"), data).content.decode()
    assert 'href="#id_care-needs"' in page and 'href="#id_care-outcomes"' in page
    assert "Remove the full postcode from the outcomes (“de22-1gb”)" in page and not CareRequest.objects.exists()


def test_a_direct_award_through_the_page_and_a_decline_in_the_portal(client, make_request, make_member, broker,
                                                                     make_user):
    member = make_member()
    care = make_request()
    client.force_login(broker)
    page = client.get(reverse("brokerage:direct_award", args=[care.pk])).content.decode()
    assert member.provider.name in page
    response = client.post(reverse("brokerage:direct_award", args=[care.pk]), {"provider": member.provider.pk,
                                                                              "reason": "choice", "note": ""})
    assert "Explain the direct award" in response.content.decode()
    client.post(reverse("brokerage:direct_award", args=[care.pk]), {"provider": member.provider.pk,
                                                                    "reason": "choice", "note": "Her choice"})
    agreement = care.agreements.get()
    client.force_login(make_user(Role.PROVIDER_USER, provider=member.provider))
    response = client.post(reverse("portal:agreement", args=[agreement.pk]), {"action": "decline", "reason": ""})
    assert "Give the reason for declining" in response.content.decode()
    client.post(reverse("portal:agreement", args=[agreement.pk]), {"action": "decline", "reason": "No carers"})
    care.refresh_from_db()
    assert care.status == RequestStatus.NEW


def test_a_provider_sees_only_competitions_sent_to_it(client, make_request, make_member, broker, make_user,
                                                     other_provider_user):
    from commissioning.brokerage import services
    member = make_member()
    competition = services.competition_open(request=make_request(), by=broker)
    client.force_login(other_provider_user)
    assert client.get(reverse("portal:competition", args=[competition.pk])).status_code == 404
    assert competition.reference not in client.get(reverse("portal:competition_list")).content.decode()
    token = Token.objects.create(user=other_provider_user)
    assert client.get("/api/v1/competitions/", HTTP_AUTHORIZATION=f"Token {token.key}").json()["results"] == []
    client.force_login(make_user(Role.PROVIDER_USER, provider=member.provider))
    assert competition.reference in client.get(reverse("portal:competition_list")).content.decode()


def test_offers_through_the_api_and_refusals(client, make_request, make_member, broker, make_user):
    from commissioning.brokerage import services
    member = make_member()
    make_member()  # a second provider invited keeps offers open
    competition = services.competition_open(request=make_request(), by=broker)
    token = Token.objects.create(user=make_user(Role.PROVIDER_USER, provider=member.provider))
    auth = {"HTTP_AUTHORIZATION": f"Token {token.key}"}
    url = f"/api/v1/competitions/{competition.pk}/offer/"
    start = (timezone.localdate() + timedelta(days=3)).isoformat()
    answers = {str(q.pk): "Two carers who live nearby" for q in competition.questions.all()}
    assert client.post(url, {"rate_pence": 0, "start_date": start, "answers": answers},
                       content_type="application/json", **auth).status_code == 400
    assert client.post(url, {"rate_pence": 2100, "start_date": start, "outcome_answers": "One answer for two"},
                       content_type="application/json", **auth).status_code == 400, "each question needs its answer"
    response = client.post(url, {"rate_pence": 2100, "start_date": start, "answers": answers},
                           content_type="application/json", **auth)
    assert response.status_code == 200 and response.json()["status"] == "submitted"
    broker_token = Token.objects.create(user=broker)
    assert client.get("/api/v1/offers/", HTTP_AUTHORIZATION=f"Token {broker_token.key}").json()["results"] == [], \
        "council staff see offers only after the competition closes"
    Competition.objects.filter(pk=competition.pk).update(closes_at=timezone.now() - timedelta(seconds=1))
    assert client.post(url, {"rate_pence": 2000, "start_date": start, "answers": answers},
                       content_type="application/json", **auth).status_code == 400


@pytest.mark.parametrize("name", ["brokerage:queue", "brokerage:dashboard", "brokerage:agreement_list",
                                  "brokerage:request_list"])
def test_council_pages_show_the_work(client, make_request, make_member, broker, name):
    from commissioning.brokerage import services
    make_member()
    care = make_request()
    services.request_mark_unmet(request=care, by=broker, reason="no_capacity")
    client.force_login(broker)
    response = client.get(reverse(name))
    assert response.status_code == 200
    if name in ("brokerage:queue", "brokerage:request_list"):
        assert care.reference in response.content.decode()
    if name == "brokerage:dashboard":
        assert response.context["data"]["unmet_total"] == 1


def test_a_retired_service_type_or_locality_is_not_offered_for_a_new_request(client, market, social_worker):
    from commissioning.providers.models import Locality

    home_care = ServiceType.objects.get(code=HOME_CARE)
    ServiceType.objects.filter(pk=home_care.pk).update(retired=True)
    client.force_login(social_worker)
    page = client.get(reverse("brokerage:request_create")).content.decode()
    assert f'value="{home_care.pk}"' not in page.split('name="care-service_type"')[1].split("</select>")[0]
    response = client.post(reverse("brokerage:request_create"), _request_form(market))
    assert "Choose a service type in use: that one has been retired" in response.content.decode()
    ServiceType.objects.filter(pk=home_care.pk).update(retired=False)
    Locality.objects.filter(retired=False).update(retired=True)
    response = client.post(reverse("brokerage:request_create"), _request_form(market))
    assert "Enter a postcode in one of the council" in response.content.decode()
    assert not CareRequest.objects.exists()
