"""One round of an Approved Provider List through the pages, and the refusals users see."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from commissioning.accounts.roles import MarketArea, Role
from commissioning.procurement.models import Application, ApprovedList, Lot, Membership, Score
from commissioning.providers.models import Locality, ServiceType
from commissioning.providers.tests.factories import ServiceFactory

from .factories import OpenListFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(make_user):
    return {
        "officer": make_user(Role.PROCUREMENT_OFFICER),
        "lead": make_user(Role.LEAD_COMMISSIONER, market_area_id=MarketArea.HOME_CARE),
        "ev1": make_user(Role.EVALUATOR),
        "ev2": make_user(Role.EVALUATOR),
    }


def _post(client, user, url, data, **extra):
    client.force_login(user)
    return client.post(url, data, **extra)


def test_an_officer_sets_up_a_list_with_lots_and_questions_and_opens_it(client, team):
    response = _post(client, team["officer"], reverse("procurement:list_create"), {
        "name": "Home Care", "reference": "TD2269", "kind": "dps", "market_area": "home_care",
        "lead_commissioner": team["lead"].pk, "description": "", "start_date": "2026-04-01", "term_months": "120",
        "estimated_value": "760000000", "admission_mode": "continuous", "max_lots_per_provider": "2",
        "pass_mark": "60", "score_scale_max": "5",
    })
    approved_list = ApprovedList.objects.get(reference="TD2269")
    assert response.status_code == 302
    assert approved_list.estimated_value_pence == 76_000_000_000 and approved_list.created_by == team["officer"]
    home_care = ServiceType.objects.get(code="home-care-standard")
    for n in (1, 2, 3):
        _post(client, team["officer"], reverse("procurement:lot_create", args=[approved_list.pk]), {
            "number": n, "title": f"Zone {n}", "service_types": [home_care.pk],
            "localities": [Locality.objects.first().pk], "member_cap": "", "tier": "", "description": ""})
    _post(client, team["officer"], reverse("procurement:question_create", args=[approved_list.pk]), {
        "number": 1, "text": "Insurance", "kind": "pass_fail", "condition": "insurance", "weight": 0})
    _post(client, team["officer"], reverse("procurement:question_create", args=[approved_list.pk]), {
        "number": 2, "text": "Quality", "kind": "scored", "condition": "", "weight": 100})
    assert approved_list.lots.count() == 3 and approved_list.questions.count() == 2
    _post(client, team["officer"], reverse("procurement:list_transition", args=[approved_list.pk]), {"event": "open"})
    approved_list.refresh_from_db()
    assert approved_list.status == "draft", "a lot without a price line cannot place care"
    for lot in approved_list.lots.all():
        response = _post(client, team["officer"], reverse("procurement:price_line_create",
                                                          args=[approved_list.pk, lot.pk]), {
            "number": 1, "name": "Hourly rate, weekday daytime", "unit": "per_hour", "lowest": "18.00",
            "highest": "30.00", "is_main": "on"})
        assert response.status_code == 302
    line = approved_list.lots.first().price_lines.get()
    assert (line.min_pence, line.max_pence, line.is_main) == (1800, 3000, True)
    _post(client, team["officer"], reverse("procurement:list_transition", args=[approved_list.pk]), {"event": "open"})
    approved_list.refresh_from_db()
    assert approved_list.status == "open"
    assert approved_list.windows.get().name == "Opening round"


def test_the_lead_commissioner_must_own_the_market_area(client, team, make_user):
    other = make_user(Role.LEAD_COMMISSIONER, market_area_id=MarketArea.CARE_HOMES)
    response = _post(client, team["officer"], reverse("procurement:list_create"), {
        "name": "Home Care", "reference": "TD1", "kind": "dps", "market_area": "home_care",
        "lead_commissioner": other.pk, "start_date": "2026-04-01", "term_months": "120",
        "estimated_value": "1", "admission_mode": "continuous", "pass_mark": "60", "score_scale_max": "5",
    })
    assert "Choose the lead commissioner of this market area" in response.content.decode()
    assert not ApprovedList.objects.exists()


def test_a_scored_question_without_a_weight_is_refused(client, team):
    approved_list = OpenListFactory(status="draft")
    response = _post(client, team["officer"], reverse("procurement:question_create", args=[approved_list.pk]), {
        "number": 9, "text": "Quality", "kind": "scored", "condition": "", "weight": 0})
    assert "Give a scored question a weight of at least 1" in response.content.decode()


def _apply(client, provider_user, approved_list, lots, submit=True, price="22.50"):
    ServiceFactory(provider=provider_user.provider, cqc_rating="good")
    client.force_login(provider_user)
    response = client.post(reverse("portal:application_start", args=[approved_list.pk]))
    application = Application.objects.get(provider=provider_user.provider, approved_list=approved_list)
    assert response["Location"] == reverse("portal:application", args=[application.pk])
    data = {"lots": [lot.pk for lot in lots], "action": "submit" if submit else "save"}
    for lot in lots:
        for line in lot.price_lines.all():
            data[f"p{line.pk}"] = price
    for q in approved_list.questions.all():
        data[f"q{q.pk}"] = f"Our answer to {q.number}"
        if q.condition == "insurance":
            data.update({f"e{q.pk}_day": "1", f"e{q.pk}_month": "1", f"e{q.pk}_year": "2030"})
        if q.condition == "safeguarding":
            data[f"f{q.pk}"] = SimpleUploadedFile("policy.pdf", b"%PDF-1.4 policy", content_type="application/pdf")
    client.post(reverse("portal:application", args=[application.pk]), data)
    application.refresh_from_db()
    return application


def test_a_full_round_through_the_pages(client, team, provider_user, other_provider_user):
    approved_list = OpenListFactory()
    lots = list(approved_list.lots.order_by("number"))
    mine = _apply(client, provider_user, approved_list, lots[:2])
    theirs = _apply(client, other_provider_user, approved_list, lots[2:])
    assert mine.status == "submitted" and theirs.status == "submitted"

    scored = {q.number: q for q in approved_list.questions.exclude(condition__in=["cqc_good", "insurance"])}
    for evaluator, value in ((team["ev1"], 4), (team["ev2"], 2)):
        for application in (mine, theirs):
            data = {}
            for q in scored.values():
                data[f"q{q.pk}"] = 1 if q.kind == "pass_fail" else value
                data[f"r{q.pk}"] = "Seen"
            response = _post(client, evaluator, reverse("procurement:application_score", args=[application.pk]), data)
            assert response.status_code == 302
    # An evaluator sees only their own scores before moderation; the moderator sees all.
    client.force_login(team["ev1"])
    page = client.get(reverse("procurement:application_detail", args=[mine.pk]))
    assert {s.evaluator for s in page.context["scores"]} == {team["ev1"]}
    client.force_login(team["officer"])
    page = client.get(reverse("procurement:application_moderate", args=[mine.pk]))
    assert escape(str(team["ev2"])) in page.content.decode()

    for application, value, safeguarding in ((mine, 4, 1), (theirs, 2, 0)):
        data = {}
        for q in scored.values():
            data[f"q{q.pk}"] = safeguarding if q.kind == "pass_fail" else value
            data[f"r{q.pk}"] = "Agreed"
        _post(client, team["officer"], reverse("procurement:application_moderate", args=[application.pk]), data)
    _post(client, team["officer"], reverse("procurement:application_decide", args=[mine.pk]), {
        f"lot{lots[0].pk}": "admit", f"reasons{lots[0].pk}": "Meets every condition",
        f"lot{lots[1].pk}": "admit", f"reasons{lots[1].pk}": "Meets every condition"})
    response = _post(client, team["officer"], reverse("procurement:application_decide", args=[theirs.pk]), {
        f"lot{lots[2].pk}": "admit", f"reasons{lots[2].pk}": "x"})
    assert "Cannot admit" in response.content.decode()
    _post(client, team["officer"], reverse("procurement:application_decide", args=[theirs.pk]), {
        f"lot{lots[2].pk}": "reject", f"reasons{lots[2].pk}": "No safeguarding policy was provided"})

    assert set(Membership.objects.values_list("lot__number", flat=True)) == {1, 2}
    client.force_login(provider_user)
    page = client.get(reverse("portal:application", args=[mine.pk])).content.decode()
    assert "Admitted" in page and "Meets every condition" in page and "No safeguarding policy" not in page
    client.force_login(other_provider_user)
    page = client.get(reverse("portal:application", args=[theirs.pk])).content.decode()
    assert "Rejected" in page and "No safeguarding policy was provided" in page
    assert client.get(reverse("portal:application", args=[mine.pk])).status_code == 404


def test_answers_cannot_change_after_submission(client, provider_user):
    approved_list = OpenListFactory()
    application = _apply(client, provider_user, approved_list, list(approved_list.lots.all()[:1]))
    question = approved_list.questions.get(number=4)
    client.post(reverse("portal:application", args=[application.pk]), {f"q{question.pk}": "Changed"})
    assert application.answers.get(question=question).response == "Our answer to 4"


def test_a_missing_answer_blocks_submission_with_a_clear_message(client, provider_user):
    approved_list = OpenListFactory()
    ServiceFactory(provider=provider_user.provider)
    client.force_login(provider_user)
    client.post(reverse("portal:application_start", args=[approved_list.pk]))
    application = Application.objects.get()
    response = client.post(reverse("portal:application", args=[application.pk]), {"action": "submit"})
    page = response.content.decode()
    assert "There is a problem" in page and "Choose at least one lot" in page and "Answer question 1" in page
    application.refresh_from_db()
    assert application.status == "draft"


def test_a_score_outside_the_scale_is_refused_on_the_page(client, team, provider_user):
    approved_list = OpenListFactory()
    application = _apply(client, provider_user, approved_list, list(approved_list.lots.all()[:1]))
    q = approved_list.questions.get(number=4)
    response = _post(client, team["ev1"], reverse("procurement:application_score", args=[application.pk]),
                     {f"q{q.pk}": 9, f"r{q.pk}": "Too high"})
    assert "Enter a score from 0 to 5" in response.content.decode()
    assert not Score.objects.exists()


def test_a_decision_before_moderation_is_a_conflict(client, team, provider_user):
    approved_list = OpenListFactory()
    application = _apply(client, provider_user, approved_list, list(approved_list.lots.all()[:1]))
    lot = Lot.objects.get(approved_list=approved_list, number=1)
    response = _post(client, team["officer"], reverse("procurement:application_decide", args=[application.pk]),
                     {f"lot{lot.pk}": "admit", f"reasons{lot.pk}": "ok"})
    assert "Decide only after the scores are moderated" in response.content.decode()
    assert not Membership.objects.exists()


def test_the_attachment_is_for_the_council_and_its_own_provider_only(client, team, provider_user,
                                                                        other_provider_user):
    approved_list = OpenListFactory()
    application = _apply(client, provider_user, approved_list, list(approved_list.lots.all()[:1]))
    answer = application.answers.exclude(attachment="").get()
    url = reverse("procurement:answer_attachment", args=[answer.pk])
    client.force_login(team["ev1"])
    assert b"".join(client.get(url).streaming_content) == b"%PDF-1.4 policy"
    client.force_login(provider_user)
    assert client.get(url).status_code == 200
    client.force_login(other_provider_user)
    assert client.get(url).status_code == 404


def test_the_deadline_queue_shows_what_is_near_or_past_due(client, team, provider_user):
    approved_list = OpenListFactory()
    application = _apply(client, provider_user, approved_list, list(approved_list.lots.all()[:1]))
    Application.objects.filter(pk=application.pk).update(decision_due="2020-01-01")
    client.force_login(team["officer"])
    page = client.get(reverse("procurement:application_queue")).content.decode()
    assert "Overdue" in page and "1 past its deadline" in page


def test_suspending_a_member_through_the_page_needs_a_date(client, team, provider_user):
    approved_list = OpenListFactory()
    application = _apply(client, provider_user, approved_list, list(approved_list.lots.all()[:1]))
    membership = Membership.objects.create(lot=approved_list.lots.get(number=1), provider=provider_user.provider,
                                           application=application, admitted_on="2026-01-01")
    url = reverse("procurement:membership_action", args=[membership.pk, "suspend"])
    response = _post(client, team["officer"], url, {"reason": "Safeguarding concern"})
    assert "Give the date the suspension ends" in response.content.decode()
    response = _post(client, team["officer"], reverse("procurement:membership_action",
                                                      args=[membership.pk, "reinstate"]), {"reason": "x"})
    assert response.status_code == 409
    membership.refresh_from_db()
    assert membership.status == "active"


def test_a_members_history_reads_in_peoples_words(client, team):
    from datetime import timedelta

    from django.utils import timezone

    from commissioning.procurement import services

    from .factories import ModeratedApplicationFactory

    application = ModeratedApplicationFactory()
    lot1, lot2 = application.lots.order_by("number")
    services.application_decide(application=application, by=team["officer"],
                                outcomes={lot1.pk: ("admit", "Meets every condition"), lot2.pk: ("reject", "Full")})
    membership = Membership.objects.get()
    until = timezone.localdate() + timedelta(days=30)
    services.membership_transition(membership=membership, event="suspend", by=team["officer"],
                                   reason="Safeguarding concern", until=until)
    services.memberships_end_suspensions(today=until)
    client.force_login(team["officer"])
    page = client.get(reverse("procurement:membership_detail", args=[membership.pk])).content.decode()
    assert "Admitted (new → Active)" in page
    assert "Suspended (Active → Suspended)" in page
    assert "Reinstated (Suspended → Active) by the system" in page
    assert "govuk-tag--green" in page and "suspend_" not in page


def test_a_list_set_up_through_the_pages_gives_members_their_tendered_rate(client, team, provider_user):
    approved_list = OpenListFactory()
    lot = approved_list.lots.get(number=1)
    application = _apply(client, provider_user, approved_list, [lot], price="23.40")
    assert application.status == "submitted"
    from . import rounds
    rounds.moderated(application, team["officer"])
    response = _post(client, team["officer"], reverse("procurement:application_decide", args=[application.pk]), {
        f"lot{lot.pk}": "admit", f"reasons{lot.pk}": "Meets every condition"})
    assert response.status_code == 302
    membership = Membership.objects.get(lot=lot)
    assert membership.rate_pence == 2340
    page = client.get(reverse("procurement:membership_detail", args=[membership.pk])).content.decode()
    assert "£23.40" in page and "Hourly rate, weekday daytime" in page


def test_an_over_limit_price_in_the_application_form_is_refused_with_a_message(client, provider_user):
    approved_list = OpenListFactory()
    lot = approved_list.lots.get(number=1)
    lot.price_lines.update(min_pence=1800, max_pence=3000)
    application = _apply(client, provider_user, approved_list, [lot], price="99999999")
    assert application.status == "draft"
    response = client.get(reverse("portal:application", args=[application.pk]))
    assert response.status_code == 200
    data = {"lots": [lot.pk], "action": "save", f"p{lot.price_lines.get().pk}": "31"}
    page = client.post(reverse("portal:application", args=[application.pk]), data).content.decode()
    assert "Your hourly rate, weekday daytime must be between £18.00 and £30.00" in page
    assert 'name="e' in page and "_day" in page, "the insurance expiry date is a GOV.UK date input"


def test_list_dates_must_be_plausible(client, team):
    response = _post(client, team["officer"], reverse("procurement:list_create"), {
        "name": "Home Care", "reference": "TD9", "kind": "dps", "market_area": "home_care",
        "lead_commissioner": team["lead"].pk, "start_date_day": "1", "start_date_month": "4",
        "start_date_year": "1999", "term_months": "120", "estimated_value": "-5", "admission_mode": "continuous",
        "pass_mark": "60", "score_scale_max": "5", "tie_break": "earlier"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "The start date must be on or after 1 January 2000" in page
    assert "The estimated value must be more than £0" in page
    assert not ApprovedList.objects.filter(reference="TD9").exists()


def test_members_download_as_csv_with_the_filters_applied(client, team, make_user):
    from . import rounds
    approved_list = rounds.opened_list(team["officer"])
    rounds.decided(approved_list, make_user(Role.PROVIDER_USER), team["officer"], admit=[1])
    rounds.decided(approved_list, make_user(Role.PROVIDER_USER), team["officer"], admit=[2])
    lot1 = approved_list.lots.get(number=1)
    client.force_login(team["lead"])
    page = client.get(reverse("procurement:list_detail", args=[approved_list.pk]), {"lot": lot1.pk})
    assert "Download members as CSV" in page.content.decode()
    response = client.get(reverse("procurement:members_csv", args=[approved_list.pk]), {"lot": lot1.pk})
    rows = response.content.decode().strip().splitlines()
    assert rows[0].startswith("Lot,Provider,Member since,Status,Main price")
    assert len(rows) == 2 and "Lot 1" in rows[1] and "22.50" in rows[1] and "Active" in rows[1]
    from commissioning.core.models import AuditEvent
    assert AuditEvent.objects.filter(action="exported", object_id=approved_list.pk).exists()


def test_the_home_page_lists_the_work_waiting(client, team, provider_user):
    from commissioning.core.home import work_for

    from . import rounds
    approved_list = OpenListFactory()
    rounds.submitted(approved_list, provider_user)
    assert [(w.text, w.count) for w in work_for(team["ev1"])] == [("Applications to score", 1)]
    officer_work = {w.text: w.count for w in work_for(team["officer"])}
    assert officer_work["Applications to moderate"] == 1
    client.force_login(team["ev1"])
    assert client.get(work_for(team["ev1"])[0].url).status_code == 200
