"""The list workflow through the API: the same rules as the pages, 409 for a move the table
does not allow, 400 for bad input, 404 for another organisation's application."""
import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from commissioning.accounts.roles import Role
from commissioning.procurement.models import Application, Membership
from commissioning.providers.tests.factories import ServiceFactory

from .factories import ApprovedListFactory, LotFactory, OpenListFactory, QuestionFactory

pytestmark = pytest.mark.django_db


def api(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def test_a_round_through_the_api(make_user, provider_user):
    officer, evaluator = make_user(Role.PROCUREMENT_OFFICER), make_user(Role.EVALUATOR)
    approved_list = OpenListFactory()
    ServiceFactory(provider=provider_user.provider, cqc_rating="outstanding")
    provider = api(provider_user)

    started = provider.post("/api/v1/applications/start/", {"list": approved_list.pk}, format="json")
    assert started.status_code == 201, started.json()
    pk = started.json()["id"]
    questions = list(approved_list.questions.order_by("number"))
    lot1, lot2 = approved_list.lots.order_by("number")[:2]
    answers = [{"question": q.pk, "response": "Yes"} for q in questions]
    answers[1]["evidence_expires_on"] = "2031-03-31"
    prices = [{"price_line": line.pk, "pence": 2250} for lot in (lot1, lot2) for line in lot.price_lines.all()]
    assert provider.put(f"/api/v1/applications/{pk}/draft/", {"lots": [lot1.pk, lot2.pk], "answers": answers,
                                                              "prices": prices}, format="json").status_code == 200
    submitted = provider.post(f"/api/v1/applications/{pk}/submit/")
    assert submitted.json() == {"id": pk, "status": "submitted"}
    assert provider.put(f"/api/v1/applications/{pk}/draft/", {"lots": [lot1.pk], "answers": []},
                        format="json").status_code == 400

    manual = [q for q in questions if q.condition not in ("cqc_good", "insurance")]
    scores = [{"question": q.pk, "score": 1 if q.kind == "pass_fail" else 4, "reason": "Seen"} for q in manual]
    assert api(evaluator).post(f"/api/v1/applications/{pk}/scores/", {"scores": scores},
                               format="json").status_code == 200
    council = api(officer)
    early = council.post(f"/api/v1/applications/{pk}/decision/", {"lots": []}, format="json")
    assert early.status_code == 409
    assert council.post(f"/api/v1/applications/{pk}/moderation/", {"scores": scores},
                        format="json").json()["status"] == "moderated"
    decided = council.post(f"/api/v1/applications/{pk}/decision/", {"lots": [
        {"lot": lot1.pk, "outcome": "admit", "reasons": "Meets every condition"},
        {"lot": lot2.pk, "outcome": "reject", "reasons": "Lot 2 is full"}]}, format="json")
    assert decided.json()["status"] == "decided"
    membership = Membership.objects.get()
    assert membership.lot == lot1
    again = council.post(f"/api/v1/applications/{pk}/moderation/", {"scores": scores}, format="json")
    assert again.status_code == 409

    reinstate = council.post(f"/api/v1/memberships/{membership.pk}/events/",
                             {"event": "reinstate", "reason": "x"}, format="json")
    assert reinstate.status_code == 409
    suspend = council.post(f"/api/v1/memberships/{membership.pk}/events/",
                           {"event": "suspend", "reason": "Concern", "until": "2031-01-01"}, format="json")
    assert suspend.json()["status"] == "suspended"


def test_a_list_move_the_table_does_not_allow_is_a_conflict(make_user):
    officer = make_user(Role.PROCUREMENT_OFFICER)
    approved_list = ApprovedListFactory(status="closed")
    response = api(officer).post(f"/api/v1/lists/{approved_list.pk}/events/", {"event": "open"}, format="json")
    assert response.status_code == 409
    assert "cannot be asked to open" in response.json()["detail"]


def test_opening_a_list_through_the_api(make_user):
    officer = make_user(Role.PROCUREMENT_OFFICER)
    approved_list = ApprovedListFactory()
    client = api(officer)
    assert client.post(f"/api/v1/lists/{approved_list.pk}/events/", {"event": "open"},
                       format="json").status_code == 400
    LotFactory(approved_list=approved_list)
    QuestionFactory(approved_list=approved_list)
    assert client.post(f"/api/v1/lists/{approved_list.pk}/events/", {"event": "open"},
                       format="json").json()["status"] == "open"


def test_another_providers_application_is_not_found(provider_user, other_provider_user):
    approved_list = OpenListFactory()
    application = Application.objects.create(approved_list=approved_list, provider=provider_user.provider)
    client = api(other_provider_user)
    assert client.post(f"/api/v1/applications/{application.pk}/submit/").status_code == 404
    assert client.put(f"/api/v1/applications/{application.pk}/draft/", {"lots": [], "answers": []},
                      format="json").status_code == 404


def test_roles_that_may_not_act_are_refused(make_user, provider_user):
    approved_list = OpenListFactory()
    application = Application.objects.create(approved_list=approved_list, provider=provider_user.provider,
                                             status="submitted")
    broker = api(make_user(Role.BROKER))
    pause = broker.post(f"/api/v1/lists/{approved_list.pk}/events/", {"event": "pause"}, format="json")
    assert pause.status_code == 403
    assert broker.post(f"/api/v1/applications/{application.pk}/scores/", {"scores": []},
                       format="json").status_code == 403
    assert api(provider_user).post(f"/api/v1/applications/{application.pk}/decision/", {"lots": []},
                                   format="json").status_code == 403
    assert APIClient().post("/api/v1/applications/start/", {"list": approved_list.pk}).status_code == 401
