"""Reading lists, applications and memberships through the API: council staff see everything submitted,
a provider user only its own organisation's records and never a score, anyone signed out nothing."""
import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from commissioning.accounts.roles import Role
from commissioning.procurement import services

from .factories import ApprovedListFactory
from .rounds import decided, moderated, opened_list, submitted

pytestmark = pytest.mark.django_db


def api(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


def _ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


@pytest.fixture
def people(make_user):
    return {"officer": make_user(Role.PROCUREMENT_OFFICER), "evaluator": make_user(Role.EVALUATOR),
            "other_evaluator": make_user(Role.EVALUATOR), "broker": make_user(Role.BROKER)}


@pytest.fixture
def round_(people, provider_user, other_provider_user):
    """An open list where the provider is admitted to lot 1, and the other provider's application is scored."""
    approved_list = opened_list(people["officer"])
    ours = decided(approved_list, provider_user, people["officer"], admit=[1], reject=[2])
    theirs = submitted(approved_list, other_provider_user)
    q4 = approved_list.questions.get(number=4)
    for evaluator, score in ((people["evaluator"], 4), (people["other_evaluator"], 2)):
        services.score_record(application=theirs, question=q4, evaluator=evaluator, score=score, reason="Seen")
    return {"list": approved_list, "ours": ours, "theirs": theirs, "draft": ApprovedListFactory()}


def test_anyone_signed_out_is_refused_the_procurement_api(client, round_):
    for url in ("/api/v1/lists/", "/api/v1/applications/", "/api/v1/memberships/",
                f"/api/v1/applications/{round_['ours'].pk}/"):
        assert client.get(url).status_code == 401, url


def test_council_staff_see_every_list_with_its_lots(people, round_):
    response = api(people["broker"]).get("/api/v1/lists/")
    assert _ids(response) == {round_["list"].pk, round_["draft"].pk}
    detail = api(people["broker"]).get(f"/api/v1/lists/{round_['list'].pk}/").json()
    assert [lot["number"] for lot in detail["lots"]] == [1, 2, 3]
    assert detail["lots"][0]["service_types"] == ["care-home-standard"]
    assert detail["end_date"] == "2036-03-31" and detail["estimated_value_pence"] == 76_000_000_000


def test_a_provider_user_sees_only_lists_past_draft(provider_user, round_):
    client = api(provider_user)
    assert _ids(client.get("/api/v1/lists/")) == {round_["list"].pk}
    assert client.get(f"/api/v1/lists/{round_['draft'].pk}/").status_code == 404


def test_a_provider_user_sees_only_its_own_applications_and_never_a_score(provider_user, round_):
    client = api(provider_user)
    own_draft = services.application_start(approved_list=round_["list"], provider=provider_user.provider,
                                           by=provider_user)
    assert _ids(client.get("/api/v1/applications/")) == {round_["ours"].pk, own_draft.pk}
    assert client.get(f"/api/v1/applications/{round_['theirs'].pk}/").status_code == 404
    ours = client.get(f"/api/v1/applications/{round_['ours'].pk}/").json()
    assert ours["evaluation"] is None
    assert [(d["lot"], d["outcome"]) for d in ours["decisions"]] == [(1, "admit"), (2, "reject")]
    text = client.get("/api/v1/applications/").content.decode()
    assert '"scores"' not in text and "weighted_score" not in text and "Strong" not in text


def test_council_staff_see_every_submitted_application_but_no_provider_draft(people, provider_user, round_):
    draft = services.application_start(approved_list=round_["list"], provider=provider_user.provider,
                                       by=provider_user)
    client = api(people["broker"])
    assert _ids(client.get("/api/v1/applications/")) == {round_["ours"].pk, round_["theirs"].pk}
    assert client.get(f"/api/v1/applications/{draft.pk}/").status_code == 404
    ours = client.get(f"/api/v1/applications/{round_['ours'].pk}/").json()
    assert ours["evaluation"]["weighted_score"] == "80.00"
    assert [s["score"] for s in ours["evaluation"]["moderated_scores"]] == [1, 4, 4]


def test_an_evaluator_sees_only_their_own_scores_until_moderation(people, round_):
    url = f"/api/v1/applications/{round_['theirs'].pk}/"
    own = api(people["evaluator"]).get(url).json()["evaluation"]["scores"]
    assert [(s["evaluator"], s["score"]) for s in own] == [(people["evaluator"].pk, 4)]
    everyone = api(people["officer"]).get(url).json()["evaluation"]["scores"]
    assert sorted(s["score"] for s in everyone) == [2, 4]
    assert api(people["broker"]).get(url).json()["evaluation"]["scores"] == []


def test_after_moderation_every_council_role_sees_every_score(people, round_):
    moderated(round_["theirs"], people["officer"])
    url = f"/api/v1/applications/{round_['theirs'].pk}/"
    for role in ("evaluator", "broker"):
        assert sorted(s["score"] for s in api(people[role]).get(url).json()["evaluation"]["scores"]) == [2, 4]


def test_a_provider_user_sees_only_its_own_memberships(provider_user, other_provider_user, people, round_):
    ours = round_["ours"].memberships.get()
    other = decided(opened_list(people["officer"]), other_provider_user, people["officer"], admit=[2])
    theirs = other.memberships.get()
    client = api(provider_user)
    assert _ids(client.get("/api/v1/memberships/")) == {ours.pk}
    assert client.get(f"/api/v1/memberships/{theirs.pk}/").status_code == 404
    row = client.get(f"/api/v1/memberships/{ours.pk}/").json()
    assert (row["lot_number"], row["status"], row["approved_list"]["reference"]) == (
        1, "active", round_["list"].reference)
    assert _ids(api(people["broker"]).get("/api/v1/memberships/")) == {ours.pk, theirs.pk}


def test_no_role_writes_through_the_read_endpoints(people, provider_user, round_):
    for user in (people["officer"], provider_user):
        client = api(user)
        assert client.post("/api/v1/lists/", {}, format="json").status_code == 403
        assert client.patch(f"/api/v1/memberships/{round_['ours'].memberships.get().pk}/", {},
                            format="json").status_code == 403
