"""The demo market: deterministic, calibrated on the cited figures, and loadable with or without
the shared public data."""
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from commissioning.accounts.models import Council, User
from commissioning.accounts.roles import Role
from commissioning.demo.calibration import CITED, targets
from commissioning.demo.generator import Generator
from commissioning.demo.loader import DEMO_PASSWORD
from commissioning.procurement.models import ApprovedList
from commissioning.providers import geo
from commissioning.providers.models import Locality, Provider, Service, ServiceType
from commissioning.providers.validators import normalise_postcode


def _models():
    from commissioning.brokerage.models import Agreement, CareRequest, Person
    from commissioning.core.models import AuditEvent
    from commissioning.finance.models import Visit
    from commissioning.procurement.models import Application, Membership, Score
    from commissioning.quality.models import Audit

    return {"providers": Provider, "services": Service, "applications": Application, "members": Membership,
            "scores": Score, "people": Person, "requests": CareRequest, "agreements": Agreement, "audits": Audit,
            "visits": Visit, "audit trail": AuditEvent}


SCALE_ONE = _models()
# The ordinary demo (scale 1) as it was before the scaled demo was added: it must not change. Its audit
# trail has grown by the contracts register's entries of the four lists, each made and then opened (8),
# and by contract management's first meeting held with an action and a breach at it (4).
SCALE_ONE_COUNTS = {"providers": 146, "services": 160, "applications": 52, "members": 27, "scores": 360,
                    "people": 17, "requests": 17, "agreements": 9, "audits": 35, "visits": 28, "audit trail": 844}


@pytest.fixture
def shared(settings):
    return Path(settings.SHARED_DATA_DIR)


def _market(shared_dir, seed=1):
    return Generator(targets(shared_dir), shared_dir, seed=seed).market()


def _fingerprint(market):
    return [(p.name, p.cqc_provider_id, [(s.name, s.postcode, s.cqc_location_id, s.cqc_rating) for s in p.services])
            for p in market]


def test_the_same_seed_makes_the_same_market(shared):
    assert _fingerprint(_market(shared)) == _fingerprint(_market(shared))
    assert _fingerprint(_market(shared, 1)) != _fingerprint(_market(shared, 2))


def test_the_cited_figures_give_the_bed_targets(tmp_path):
    goal = targets(tmp_path)
    assert goal.aged_65_plus == CITED["aged_65_plus"] == 42_361
    assert goal.care_home_beds == round(42_361 * 51.22 / 1000)
    assert goal.nursing_beds == round(42_361 * 25.88 / 1000)
    assert not goal.from_shared_data


def test_the_shared_data_gives_the_same_targets_as_the_cited_figures(shared, tmp_path):
    if not (shared / "ons").exists():
        pytest.skip("The shared public data is not on this machine")
    from_files, cited = targets(shared), targets(tmp_path)
    assert from_files.from_shared_data
    assert (from_files.care_home_beds, from_files.nursing_beds) == (cited.care_home_beds, cited.nursing_beds)


def test_the_market_meets_the_targets_and_covers_every_market(shared):
    goal = targets(shared)
    market = _market(shared)
    services = [s for p in market for s in p.services]
    beds = sum(s.beds or 0 for s in services)
    nursing = sum(s.beds or 0 for s in services if "care-home-nursing" in s.types)
    assert abs(beds - goal.care_home_beds) <= goal.care_home_beds * 0.05
    assert abs(nursing - goal.nursing_beds) <= goal.nursing_beds * 0.05
    assert 140 <= len(market) <= 160
    assert {t for s in services for t in s.types} == {
        "care-home-standard", "care-home-nursing", "care-home-specialist", "home-care-standard",
        "home-care-specialist", "supported-living", "extra-care", "day-opportunities"}
    assert all(normalise_postcode(s.postcode) == s.postcode for s in services)
    council_only = [s for s in services if s.cqc_location_id is None]
    assert council_only and all(s.types == ["day-opportunities"] and not s.cqc_rating for s in council_only)


def test_with_the_ons_lookup_every_postcode_is_real(shared):
    path = shared / "postcodes" / "DE_postcodes_latlon_nspl_may2025.csv"
    if not path.exists():
        pytest.skip("The shared ONS postcode lookup is not on this machine")
    known = {line.split(",")[0].replace(" ", "") for line in path.read_text().splitlines()[1:]}
    assert all(s.postcode.replace(" ", "") in known for p in _market(shared) for s in p.services)


@pytest.mark.django_db
def test_seeding_loads_everything_once_and_prints_a_login_per_role(capsys):
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert Provider.objects.count() >= 140 and Service.objects.count() > Provider.objects.count()
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
    a, b = User.objects.get(username="provider.a"), User.objects.get(username="provider.b")
    assert a.provider_id != b.provider_id and a.check_password(DEMO_PASSWORD)
    assert ApprovedList.objects.filter(status="open").count() == 4
    from commissioning.brokerage.models import Agreement, CareRequest
    from commissioning.finance.models import Invoice, ProviderWeek
    from commissioning.quality.models import Audit
    assert CareRequest.objects.filter(status="placed").exists() and Agreement.objects.filter(status="offered").exists()
    assert Audit.objects.filter(status="final", rag="amber").exists()
    assert Audit.objects.filter(status="planned").exists()
    assert ProviderWeek.objects.exists() and Invoice.objects.filter(status="draft").exists()
    assert "lead.care-homes" in out and DEMO_PASSWORD in out and "made  2,170" in out
    council = Council.objects.get()
    assert (council.name, council.ppon) == ("Derby City Council", "PQVM-1383-ZBXP")
    assert f"{council.name} (PPON {council.ppon}) set up by the first run" in out and "Loaded in " in out
    assert User.objects.get(username="admin").role == Role.ADMINISTRATOR
    assert User.objects.get(username="admin").check_password(DEMO_PASSWORD)
    assert set(Locality.objects.values_list("name", flat=True)) == {"Central", "West", "East", "South"}
    if geo.known_postcodes():  # the market drawn with the real postcodes: the same demo as ever, record for record
        assert "Scaling" not in out
        assert {label: model.objects.count() for label, model in SCALE_ONE.items()} == SCALE_ONE_COUNTS
    counts = (Provider.objects.count(), Service.objects.count(), User.objects.count())
    call_command("seed_demo")
    assert "already loaded" in capsys.readouterr().out
    assert (Provider.objects.count(), Service.objects.count(), User.objects.count()) == counts


@pytest.mark.django_db
def test_the_demo_refuses_a_platform_a_council_has_already_set_up(capsys):
    call_command("first_run", "--council-name=Erewash Borough Council", "--ppon=PQVM-1383-ZBXP",
                 "--locality=DE7 Ilkeston", "--admin-username=admin.erewash", "--admin-email=it@example.org.uk",
                 "--admin-first-name=Sam", "--admin-last-name=Lee", "--no-input")
    with pytest.raises(CommandError, match="already set up .* the demo loads only into an empty database"):
        call_command("seed_demo")
    assert not Provider.objects.exists() and Council.objects.get().name == "Erewash Borough Council"


@pytest.mark.django_db
def test_seeding_works_without_the_shared_data(settings, tmp_path, capsys):
    settings.SHARED_DATA_DIR = tmp_path
    call_command("seed_demo")
    assert "built-in district centroids" in capsys.readouterr().out
    assert Service.objects.filter(service_types=ServiceType.objects.get(code="care-home-nursing")).exists()
    assert not Service.objects.filter(latitude__isnull=True).exists()
