"""The demo at scale (`seed_demo --scale N`): the grown lists, the bulk book of packages, audits and a
year of visits hold together as the services would have left them. Run at N = 2 with a small book."""
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from commissioning.brokerage.choices import AgreementStatus, RequestStatus
from commissioning.brokerage.models import Agreement, CareRequest
from commissioning.demo import scale
from commissioning.finance.domain.pricing import weekly_cost_pence
from commissioning.finance.models import ActualsFile, AgreementPrice, PaymentRuleSet, Visit
from commissioning.procurement.choices import MembershipStatus
from commissioning.procurement.models import Application, Membership
from commissioning.providers.models import Provider
from commissioning.quality import selectors as quality_selectors
from commissioning.quality.models import Audit


@pytest.mark.parametrize("value", ["0", "-2", "101", "ten", "2.5"])
@pytest.mark.django_db
def test_the_scale_refuses_values_outside_one_to_a_hundred(value):
    with pytest.raises(CommandError, match="--scale"):
        call_command("seed_demo", f"--scale={value}")
    assert not Provider.objects.exists()


def test_scaled_visits_are_paid_as_the_default_rules_pay_them():
    assert scale._paid(43, 45) == 45  # nearest 5 minutes, half up
    assert scale._paid(42, 45) == 40
    assert scale._paid(70, 45) == 55  # at most planned + 10
    assert scale.visit_amount(30, 2250) == 1125
    assert scale.visit_amount(25, 2251) == 938  # 937.9 pence, half up
    assert scale.visit_amount(0, 2250) == 0
    with pytest.raises(ValueError, match="2 or more"):
        scale.build(scale=1, seed=1, users={}, today=timezone.localdate())


@pytest.fixture
def small_book(monkeypatch):
    """The scaled demo's shape with a small book, so the test runs in seconds."""
    for name, value in {"AGREEMENTS_PER_UNIT": 120, "WAITING_PER_UNIT": 4, "UNMET_PER_UNIT": 3,
                        "OFFERED_PER_UNIT": 3, "VISITED_PER_UNIT": 4, "APPLICATIONS_PER_UNIT": (1, 2)}.items():
        monkeypatch.setattr(scale, name, value)


@pytest.mark.django_db
def test_the_scaled_demo_is_consistent(small_book, capsys):
    call_command("seed_demo", "--scale=2")
    out = capsys.readouterr().out
    assert "Scaling the demo to 2 times:" in out and "Made at 2 times, in " in out
    assert Provider.objects.count() > 280  # the market, twice
    today, now = timezone.localdate(), timezone.now()

    # Lists: more applications, through the services (each submitted one scored and decided or waiting).
    made = {line.split(maxsplit=1)[1]: int(line.split(maxsplit=1)[0].replace(",", ""))
            for line in out.split("Made at 2 times")[1].splitlines()[1:] if line.startswith("   ")}
    assert made["applications"] > 0 and Application.objects.count() > 52

    # The book: every agreement's provider an active member of the request's lot, its service the member's
    # service of the request's type, the member's tendered rate and the weekly cost from the pricing rules.
    book = list(Agreement.objects.filter(award_note=scale.AWARD_NOTE)
                .select_related("request__service_type", "request__person", "service", "lot"))
    assert len(book) == 2 * (120 + 3) == made["agreements"]
    members = {(m.lot_id, m.provider_id): m for m in Membership.objects.filter(status=MembershipStatus.ACTIVE)}
    for agreement in book:
        request = agreement.request
        member = members[(agreement.lot_id, agreement.provider_id)]
        assert request.lot_id == agreement.lot_id and request.person_id == agreement.person_id
        assert agreement.service.provider_id == agreement.provider_id
        assert agreement.service.service_types.filter(pk=request.service_type_id).exists()
        assert agreement.lot.service_types.filter(pk=request.service_type_id).exists()
        assert agreement.rate_pence == member.rate_pence
        assert agreement.weekly_cost_pence == weekly_cost_pence(agreement.rate_pence, counts_beds=agreement.counts_beds,
                                                                hours_per_week=agreement.hours_per_week) > 0
        assert request.locality.districts and request.postcode.split(" ")[0] in request.locality.districts
        assert request.person.date_of_birth < today - timedelta(days=18 * 365)
        if agreement.status == AgreementStatus.OFFERED:
            assert request.status == RequestStatus.AWARDED and agreement.start_date > today
        else:
            assert agreement.status in (AgreementStatus.ACCEPTED, AgreementStatus.ENDED)
            assert request.status == RequestStatus.PLACED and request.sourced_at == agreement.responded_at
            assert today - timedelta(days=365) <= agreement.start_date < today
            assert agreement.created_at < now and agreement.created_at.date() <= agreement.start_date
    started = [a.pk for a in book if a.status != AgreementStatus.OFFERED]
    assert AgreementPrice.objects.filter(agreement__in=started).count() == len(started)
    assert PaymentRuleSet.objects.filter(agreement__in=started).count() == len(started)
    queue = CareRequest.objects.filter(agreements__isnull=True, status__in=[RequestStatus.NEW, RequestStatus.UNMET])
    assert queue.count() >= 2 * (4 + 3)
    assert CareRequest.objects.filter(status=RequestStatus.UNMET).exclude(unmet_reason="").count() >= 6

    # A year of visits for live home care packages: within the package's dates, never in the future, in
    # pence at the agreement's rate, each file its provider's.
    files = ActualsFile.objects.filter(reference__startswith="ECM-", reference__contains=f"-{today:%Y%m%d}")
    visits = list(Visit.objects.filter(file__in=files).select_related("agreement__request__service_type", "file"))
    assert len({v.agreement_id for v in visits}) == 2 * 4 == made["visited packages"]
    assert len(visits) == made["visits"] == sum(f.visits for f in files)
    for visit in visits:
        agreement = visit.agreement
        assert agreement.status == AgreementStatus.ACCEPTED
        assert agreement.request.service_type.code.startswith("home-care")
        assert visit.file.provider_id == agreement.provider_id
        assert timezone.localtime(visit.scheduled_start).date() >= agreement.start_date
        assert visit.scheduled_start >= now - timedelta(days=366)
        assert visit.scheduled_end < now and (visit.check_out is None or visit.check_out < now)
        assert visit.rate_pence == agreement.rate_pence
        assert isinstance(visit.amount_pence, int) and visit.amount_pence == scale.visit_amount(
            visit.paid_minutes, visit.rate_pence)
        assert visit.missed == (visit.check_in is None)
        assert not visit.missed or (visit.paid_minutes, visit.amount_pence) == (0, 0)

    # Audits: published Green ones with every standard rated, and every commissioned service with one open.
    published = Audit.objects.filter(status="final", rag="green", officer__username="quality",
                                     reason="Annual audit", published_on__lt=today)
    assert published.count() >= made["audits published"] > 0
    standards = quality_selectors.standards_of(quality_selectors.default_framework()).count()
    for audit in published.select_related("service"):
        assert audit.assessments.count() == standards and audit.service.council_rag == "green"
        assert audit.visited_on < audit.draft_issued_on < audit.comments_due < audit.published_on
    assert made["audits planned"] > 0
    open_audits = set(Audit.objects.filter(status__in=["planned", "in_progress", "draft"])
                      .values_list("service_id", flat=True))
    assert set(quality_selectors.commissioned_services().values_list("pk", flat=True)) <= open_audits
