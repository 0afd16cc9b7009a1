"""The market read model refreshed from the platform's records, its page, and the weekly bed return."""
from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from commissioning.accounts.roles import Role
from commissioning.brokerage.tests.factories import AgreementAcceptedFactory, RequestUnmetFactory
from commissioning.core.models import Job
from commissioning.intelligence.models import Figure, VacancyReturn
from commissioning.intelligence.services import figures_refresh, vacancy_return_submit
from commissioning.intelligence.services.figures import population_file
from commissioning.providers.tests.factories import ServiceFactory

MONDAY = date(2026, 11, 23)


def _at(day: date, hour: int = 12):
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


needs_projection = pytest.mark.skipif(not population_file().exists(), reason="the ONS projection is not here: "
                                      "the shared data folder beside the project has no ons/ file")


@pytest.mark.django_db
@needs_projection
def test_a_refresh_stores_each_figure_with_its_date_and_source(provider):
    ServiceFactory(provider=provider, beds=40)
    ServiceFactory(provider=provider, beds=20)
    ServiceFactory(beds=40)
    AgreementAcceptedFactory()
    RequestUnmetFactory()

    figures_refresh(today=date(2026, 12, 1))
    found = {f.key: f for f in Figure.objects.all()}

    assert found["demand.placed"].value == 1 and found["demand.placed"].source.startswith("The platform's placed")
    assert found["demand.unmet"].value == 1
    assert found["supply.beds"].value == 100 and found["supply.beds"].as_of == date(2026, 12, 1)
    hhi = found["supply.hhi.care_homes"]
    assert hhi.value == 5200 and hhi.detail["largest_share"] == "60.0"
    forecast = found["demand.forecast"]
    assert forecast.as_of == date(2036, 6, 30) and "ONS 2022-based" in forecast.source
    years = [p["year"] for p in forecast.detail["points"]]
    assert years[0] == 2022 and years[-1] >= 2036


@pytest.mark.django_db
def test_a_second_refresh_replaces_the_figures(provider):
    ServiceFactory(provider=provider, beds=10)
    figures_refresh()
    count = Figure.objects.count()
    ServiceFactory(provider=provider, beds=5)
    figures_refresh()
    assert Figure.objects.count() == count
    assert Figure.objects.get(key="supply.beds").value == 15


@pytest.mark.django_db
@needs_projection
def test_the_market_page_shows_the_figures_charts_and_the_refresh_job(client, make_user, provider,
                                                                       django_capture_on_commit_callbacks):
    ServiceFactory(provider=provider, beds=30)
    AgreementAcceptedFactory()
    head = make_user(Role.HEAD_OF_COMMISSIONING)
    client.force_login(head)
    assert "have not been worked out yet" in client.get(reverse("intelligence:market")).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("intelligence:market_refresh"))
    assert response.status_code == 302
    assert Job.objects.get(kind="market_refresh").status == "succeeded"
    page = client.get(reverse("intelligence:market")).content.decode()
    assert "Beds in the register" in page and "Projected people needing a placed package" in page
    assert page.count("<svg") >= 2 and "The figures in this chart" in page
    assert "Highly concentrated" in page


@pytest.mark.django_db
def test_a_care_home_sends_its_beds_and_a_late_return_is_flagged(make_user):
    user = make_user(Role.PROVIDER_USER)
    home = ServiceFactory(provider=user.provider, beds=40)

    on_time = vacancy_return_submit(service=home, week_start=MONDAY, beds_maximum=40, beds_occupied=37, by=user,
                                    now=_at(MONDAY + timedelta(days=1), 23))
    late = vacancy_return_submit(service=home, week_start=MONDAY - timedelta(days=7), beds_maximum=40,
                                 beds_occupied=40, by=user, now=_at(MONDAY))

    assert (on_time.beds_vacant, on_time.late) == (3, False)
    assert (late.beds_vacant, late.late) == (0, True)
    corrected = vacancy_return_submit(service=home, week_start=MONDAY, beds_maximum=40, beds_occupied=36, by=user,
                                      now=_at(MONDAY + timedelta(days=3)))
    assert (corrected.pk, corrected.beds_vacant, corrected.late) == (on_time.pk, 4, False)


@pytest.mark.django_db
def test_a_bed_return_is_refused_for_another_organisation_or_bad_numbers(make_user):
    user = make_user(Role.PROVIDER_USER)
    other_home = ServiceFactory(beds=40)
    home = ServiceFactory(provider=user.provider, beds=40)
    with pytest.raises(ValidationError, match="your organisation"):
        vacancy_return_submit(service=other_home, week_start=MONDAY, beds_maximum=4, beds_occupied=1, by=user)
    with pytest.raises(ValidationError) as refused:
        vacancy_return_submit(service=home, week_start=MONDAY + timedelta(days=1), beds_maximum=4,
                              beds_occupied=5, by=user, now=_at(MONDAY + timedelta(days=2)))
    assert refused.value.message_dict == {"week_start": ["The week must start on a Monday"],
                                          "beds_occupied": ["Occupied beds must not be more than the maximum beds"]}
    assert not VacancyReturn.objects.exists()


@pytest.mark.django_db
def test_the_bed_return_page_lists_only_the_organisations_own_homes(client, make_user):
    user = make_user(Role.PROVIDER_USER)
    home = ServiceFactory(provider=user.provider, beds=12, name="Rose House")
    ServiceFactory(beds=40, name="Elsewhere Lodge")
    client.force_login(user)
    page = client.get(reverse("intelligence:vacancy_return")).content.decode()
    assert "Rose House" in page and "Elsewhere Lodge" not in page
    monday = timezone.localdate() - timedelta(days=timezone.localdate().weekday())
    response = client.post(reverse("intelligence:vacancy_return"), {
        "service": home.pk, "week_start": monday.isoformat(), "beds_maximum": "12", "beds_occupied": "13"})
    assert "Occupied beds must not be more than the maximum beds" in response.content.decode()
    response = client.post(reverse("intelligence:vacancy_return"), {
        "service": home.pk, "week_start": monday.isoformat(), "beds_maximum": "12", "beds_occupied": "10"})
    assert response.status_code == 302
    assert VacancyReturn.objects.get().beds_vacant == 2


@pytest.mark.django_db
def test_the_home_pages_link_the_market_and_list_bed_returns_due(make_user):
    from commissioning.core.home import links_for, work_for

    user = make_user(Role.PROVIDER_USER)
    ServiceFactory(provider=user.provider, beds=12)
    assert [(w.text, w.count) for w in work_for(user) if "bed return" in w.text] == [
        ("Care homes whose bed return for this week is not sent", 1)]
    head_links = dict(links_for(make_user(Role.HEAD_OF_COMMISSIONING)))
    assert reverse("intelligence:market") in head_links.values()
    assert not [url for _, url in links_for(user) if "intelligence" in url]
