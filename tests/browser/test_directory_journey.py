"""The public directory, end to end in a real browser, with axe-core on every page at desktop width
and at 320 px.

A member of the public, not signed in, opens the directory from the sign-in page, searches by postcode
(typed in lower case without a space) and need, sees the nearest care home first with its distance,
opens it and reads its CQC rating, vacancies, price and accessibility; a postcode the lookup does not
know is refused with the GOV.UK error summary. An organisation sends the proposal form empty, then
fills it in. Every page is opened again at 320 px and checked there too.
"""
from datetime import date

import pytest

from commissioning.accounts.roles import Role
from commissioning.directory.models import Listing
from commissioning.directory.tests.factories import CommunityListingFactory
from commissioning.providers.choices import CqcRating
from commissioning.providers.tests.factories import ServiceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def directory(make_person):
    make_person(Role.ADMINISTRATOR)  # a platform in use: the sign-in page, not the first run
    near = ServiceFactory(name="Friar Gate House", latitude="52.92392", longitude="-1.48467",
                          cqc_rating=CqcRating.GOOD, cqc_rating_date="2025-06-01")
    Listing.objects.filter(service=near).update(
        beds_vacant=2, vacancies_week=date(2026, 11, 30), self_funder_price_pence=125000, price_unit="week",
        accessibility="Step-free entrance and a hearing loop", telephone="01332 123456",
        description="A residential home for 40 older people.")
    ServiceFactory(name="Allestree Lodge", latitude="52.95000", longitude="-1.49500")
    CommunityListingFactory(name="Friar Gate lunch club")
    return Listing.objects.get(service=near)


def test_a_member_of_the_public_finds_a_care_home_by_postcode_and_need(open_as, directory):
    public = open_as(None, who="Anyone (directory journey)")
    public.visit("/accounts/sign-in/", label="the signed-out start page")
    public.page.get_by_role("link", name="find care and support near you").click()
    public.check("find care and support")
    assert public.path() == "/directory/"

    public.page.get_by_label("Postcode or area").fill("de11bx")
    public.page.get_by_label("Type of care or support").select_option(label="Care home (residential)")
    public.submit("Search", label="results by postcode and need")
    main = public.page.locator("main").inner_text()
    assert "2 results within 10 km of DE1 1BX, nearest first" in main
    assert main.index("Friar Gate House") < main.index("Allestree Lodge") and "lunch club" not in main
    assert "less than 0.1 miles" in main
    results = public.path()

    public.page.get_by_role("link", name="Friar Gate House").click()
    public.check("a care home's page")
    main = public.page.locator("main").inner_text()
    for words in ("Good", "1 June 2025", "2 vacant beds", "30 November 2026", "£1,250 a week", "01332 123456",
                  "Step-free entrance", "Last checked"):
        assert words in main, words
    service = public.path()
    public.page.get_by_role("link", name="Back to the search results").click()
    assert public.path() == results

    public.visit("/directory/?postcode=XX9+9XX", label="a postcode the lookup does not know")
    public.check_error_summary()

    public.visit("/directory/add-your-service/", label="add your service")
    public.submit("Send for checking", label="the proposal sent empty")
    public.check_error_summary()
    public.page.get_by_label("Name of the service").fill("Chaddesden Men's Shed")
    public.page.get_by_label("Organisation that runs it").fill("Chaddesden Men's Shed CIC")
    public.page.get_by_label("What the service does").fill("Woodwork, repairs and company, Tuesdays and Fridays")
    public.page.get_by_label("Address line 1").fill("Corporation Street")
    public.page.get_by_label("Town or city").fill("Derby")
    public.page.get_by_label("Postcode", exact=True).fill("DE1 2FS")
    public.page.get_by_label("Your name").fill("Pat Jones")
    public.page.get_by_label("Your email address").fill("pat@shed.example")
    public.submit("Send for checking", label="the proposal sent")
    assert "Sent for checking" in public.page.locator("h1").inner_text()
    public.visit("/directory/open-data/", label="open data")

    narrow = open_as(None, who="Anyone at 320 px (directory journey)")
    narrow.page.set_viewport_size({"width": 320, "height": 800})
    for path, label in (("/directory/", "search"), (results, "results"), (service, "a care home's page"),
                        ("/directory/?postcode=XX9+9XX", "an unknown postcode"),
                        ("/directory/add-your-service/", "add your service"), ("/directory/open-data/", "open data")):
        narrow.visit(path, label=f"{label} at 320 px")
        wide = narrow.page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth")
        assert not wide, f"{label} scrolls sideways at 320 px"

    public.assert_clean()
    narrow.assert_clean()
