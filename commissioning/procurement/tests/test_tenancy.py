"""Tenancy is built into the querysets: a provider user sees only its own organisation's
applications, answers, clarifications, decisions and memberships, never another's and never a
score; council staff see every submitted application but no draft; anyone else sees nothing."""
import pytest
from django.contrib.auth.models import AnonymousUser

from commissioning.accounts.roles import Role
from commissioning.procurement.models import (
    Answer,
    Application,
    ApprovedList,
    Clarification,
    LotDecision,
    Membership,
    ModeratedScore,
    Score,
)

from .factories import (
    ApplicationFactory,
    ClarificationApplicationFactory,
    DraftListFactory,
    MembershipFactory,
    OpenListFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_organisations(provider_user, other_provider_user, make_user):
    """Each organisation has a member of lot 1 (with its decision, answers and scores) and an open
    clarification on another application; the other also has a draft."""
    rows = {}
    for key, user in (("own", provider_user), ("other", other_provider_user)):
        membership = MembershipFactory(application__provider=user.provider)
        application = membership.application
        evaluator = make_user(Role.EVALUATOR)
        question = application.approved_list.questions.get(number=4)
        Score.objects.create(application=application, question=question, evaluator=evaluator, score=4, reason="Ok")
        ModeratedScore.objects.create(application=application, question=question, moderator=evaluator, score=4,
                                      reason="Ok")
        LotDecision.objects.create(application=application, lot=membership.lot, outcome="admit", reasons="Ok",
                                   decided_by=evaluator)
        clarified = ClarificationApplicationFactory(provider=user.provider)
        rows[key] = {"membership": membership, "applications": {application, clarified}}
    rows["draft"] = ApplicationFactory(provider=other_provider_user.provider)
    return rows


def test_a_provider_user_sees_only_its_own_applications(two_organisations, provider_user):
    assert set(Application.objects.for_user(provider_user)) == two_organisations["own"]["applications"]


def test_a_provider_user_sees_its_own_draft_but_not_another_organisations(two_organisations, other_provider_user,
                                                                        provider_user):
    draft = two_organisations["draft"]
    assert draft in Application.objects.for_user(other_provider_user)
    assert draft not in Application.objects.for_user(provider_user)


def test_council_staff_see_every_submitted_application_but_no_draft(two_organisations, commissioner):
    seen = set(Application.objects.for_user(commissioner))
    assert seen == two_organisations["own"]["applications"] | two_organisations["other"]["applications"]


def test_a_provider_user_sees_only_its_own_answers_clarifications_and_decisions(two_organisations, provider_user):
    own = two_organisations["own"]["applications"]
    for model in (Answer, Clarification, LotDecision):
        rows = list(model.objects.for_user(provider_user))
        assert rows and {row.application for row in rows} <= own, model.__name__


def test_council_staff_see_no_answer_of_a_draft(two_organisations, commissioner):
    assert not Answer.objects.for_user(commissioner).filter(application=two_organisations["draft"]).exists()
    assert Answer.objects.for_user(commissioner).exists()


def test_a_provider_user_sees_no_score_at_all(two_organisations, provider_user, commissioner):
    for model in (Score, ModeratedScore):
        assert not model.objects.for_user(provider_user).exists()
        assert model.objects.for_user(commissioner).count() == 2


def test_a_provider_user_sees_only_its_own_memberships(two_organisations, provider_user, commissioner):
    assert list(Membership.objects.for_user(provider_user)) == [two_organisations["own"]["membership"]]
    assert Membership.objects.for_user(commissioner).count() == 2


def test_a_provider_user_sees_lists_past_draft_only(provider_user, commissioner):
    draft, open_list = DraftListFactory(), OpenListFactory()
    assert list(ApprovedList.objects.for_user(provider_user)) == [open_list]
    assert set(ApprovedList.objects.for_user(commissioner)) == {draft, open_list}


def test_someone_signed_out_sees_nothing(two_organisations):
    for model in (ApprovedList, Application, Answer, Clarification, LotDecision, Membership, Score, ModeratedScore):
        assert not model.objects.for_user(AnonymousUser()).exists(), model.__name__
