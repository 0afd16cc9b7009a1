"""Importing CQC files through the page and the command: checked first, nothing written from a
file with errors unless chosen, re-imports update, every change on the history. The page's import
runs as a job, enqueued when the request's transaction commits (the tests run the commit hooks)."""
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from commissioning.core.models import AuditEvent, Job
from commissioning.providers.imports import cqc_import_stage, cqc_import_start
from commissioning.providers.models import CqcImportRun, Provider, Service
from commissioning.providers.tests.factories import ServiceFactory

from .test_cqc_import import API_HEADER, GOOD, HEADER

pytestmark = pytest.mark.django_db
TRAFFORD = Path(settings.SHARED_DATA_DIR) / "cqc" / "trafford_care_homes_from_cqc_directory_2026-02-25.csv"


@pytest.fixture
def trafford_bytes():
    if not TRAFFORD.exists():
        pytest.skip("The shared CQC sample is not on this machine")
    return TRAFFORD.read_bytes()


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


def _upload(client, content: bytes, name="cqc.csv"):
    return client.post(reverse("providers:import_start"), {"file": SimpleUploadedFile(name, content, "text/csv")})


def test_the_trafford_sample_imports_every_row_and_again_changes_nothing(client_for, quality_officer,
                                                                         trafford_bytes, commit):
    client = client_for(quality_officer)
    response = _upload(client, trafford_bytes, "trafford.csv")
    run = CqcImportRun.objects.get()
    assert response["Location"] == run.get_absolute_url()
    assert Service.objects.count() == 0, "checking writes nothing"
    page = client.get(run.get_absolute_url()).content.decode()
    assert "56 good, 0 with errors" in page and "Import 56 rows" in page

    with commit(execute=True):
        response = client.post(run.get_absolute_url(), {"action": "import"})
    job = Job.objects.get()
    assert response["Location"] == job.get_absolute_url()
    run.refresh_from_db()
    assert (run.status, run.created_count, run.processed_rows) == ("completed", 56, 56)
    job.refresh_from_db()
    assert (job.status, job.done, job.total, job.result_url) == ("succeeded", 56, 56, run.get_absolute_url())
    assert job.outcome == "Imported 56 rows: 56 services added, 0 updated, 0 unchanged."
    home = Service.objects.get(cqc_location_id="1-1938268568")
    assert (home.name, home.provider.name, home.postcode) == ("Allingham House Care Centre",
                                                              "Maria Mallaband 16 Limited", "WA15 6SQ")
    assert list(home.service_types.values_list("code", flat=True)) == ["care-home-nursing"]
    assert home.locality is None  # Trafford is outside the council's localities
    event = AuditEvent.objects.get(content_type__model="service", object_id=home.pk)
    assert (event.action, event.source, event.actor) == ("imported", "import", quality_officer)

    _upload(client, trafford_bytes, "trafford.csv")
    again = CqcImportRun.objects.latest("pk")
    with commit(execute=True):
        client.post(again.get_absolute_url(), {"action": "import"})
    again.refresh_from_db()
    assert (again.created_count, again.updated_count, again.unchanged_count) == (0, 0, 56)
    assert Service.objects.count() == 56


def test_a_file_with_bad_rows_writes_nothing_unless_the_good_rows_are_chosen(client_for, quality_officer, commit):
    client = client_for(quality_officer)
    bad = GOOD.replace("1-100000001", "1-100000002").replace("DE1 1BX", "NOWHERE")
    _upload(client, (HEADER + GOOD + bad).encode())
    run = CqcImportRun.objects.get()
    page = client.get(run.get_absolute_url()).content.decode()
    assert "Import the 1 good rows and skip the 1 bad rows" in page and "is not a UK postcode" in page

    refused = client.post(run.get_absolute_url(), {"action": "import"})
    assert refused.status_code == 409 and "choose to import only the 1 good rows" in refused.content.decode()
    assert not Service.objects.exists()

    with commit(execute=True):
        client.post(run.get_absolute_url(), {"action": "import_good"})
    assert list(Service.objects.values_list("cqc_location_id", flat=True)) == ["1-100000001"]


@pytest.mark.parametrize(("content", "message"), [
    (b"", "The selected file is empty"),
    (b"a,b\n1,2\n", "not a CQC format"),
    ("name,cqc_id\nCafé,1-1\n".encode("utf-16"), "UTF-8"),
    (HEADER.encode(), "The file has a header but no rows"),
])
def test_unreadable_files_are_refused_whole(client_for, quality_officer, content, message):
    response = _upload(client_for(quality_officer), content)
    page = response.content.decode()
    assert "There is a problem" in page and message in page
    assert not CqcImportRun.objects.exists()


def test_cancelling_writes_nothing(client_for, quality_officer):
    client = client_for(quality_officer)
    _upload(client, (HEADER + GOOD).encode())
    run = CqcImportRun.objects.get()
    client.post(run.get_absolute_url(), {"action": "cancel"})
    run.refresh_from_db()
    assert run.status == "cancelled" and not Service.objects.exists()
    assert client.post(run.get_absolute_url(), {"action": "import"}).status_code == 409


def test_a_reimport_that_changes_a_rating_shows_on_the_history(quality_officer, commit):
    service = ServiceFactory(cqc_location_id="1-200000001", cqc_rating="good", beds=40, postcode="DE3 9AA")
    row = (f"1-200000001,,{service.provider.name},{service.name},2 Uttoxeter Road,Derby,DE3 9AA,52.91,-1.52,44,"
           "Registered,Inadequate,2026-10-01,Care home service with nursing,Dementia\n")
    run = cqc_import_stage(file_name="api.csv", content=(API_HEADER + row).encode(), by=quality_officer)
    with commit(execute=True):
        cqc_import_start(run=run, by=quality_officer)
    run.refresh_from_db()
    assert (run.created_count, run.updated_count) == (0, 1)
    service.refresh_from_db()
    assert (service.cqc_rating, service.beds, service.provider_id) == ("inadequate", 44, service.provider_id)
    event = AuditEvent.objects.get(content_type__model="service", object_id=service.pk, action="imported")
    assert event.changes["CQC rating"] == ["Good", "Inadequate"] and event.changes["Beds"] == [40, 44]
    assert Provider.objects.count() == 1, "matched on the provider's name, not duplicated"


def test_progress_is_recorded_chunk_by_chunk(quality_officer, settings):
    settings.CQC_IMPORT_CHUNK_SIZE = 2
    rows = "".join(GOOD.replace("1-100000001", f"1-10000000{n}").replace("Oak House", f"Oak House {n}")
                   for n in range(5))
    run = cqc_import_stage(file_name="five.csv", content=(HEADER + rows).encode(), by=quality_officer)
    seen = []
    cqc_import_start(run=run, by=quality_officer, inline=True, progress=lambda r: seen.append(r.processed_rows))
    assert seen == [2, 4, 5]


def test_the_progress_fragment_polls_while_running(client_for, quality_officer):
    run = CqcImportRun.objects.create(file_name="x.csv", sha256="0" * 64, file_format="directory",
                                      uploaded_by=quality_officer, status="running",
                                      good_rows=[{}] * 10, processed_rows=4)
    client = client_for(quality_officer)
    fragment = client.get(reverse("providers:import_progress", args=[run.pk]), HTTP_HX_REQUEST="true")
    html = fragment.content.decode()
    assert 'hx-trigger="every 2s"' in html and "Processed 4 of 10 rows" in html and 'value="4"' in html
    page = client.get(run.get_absolute_url()).content.decode()
    assert 'http-equiv="refresh"' in page


def test_the_command_reports_bad_rows_and_imports_only_when_told(tmp_path, capsys):
    path = tmp_path / "cqc.csv"
    path.write_text(HEADER + GOOD + GOOD.replace("1-100000001", "bad-id"))
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_cqc", str(path))
    assert "row 3: CQC location ID 'bad-id'" in capsys.readouterr().out
    assert not Service.objects.exists()
    call_command("import_cqc", str(path), "--good-rows-only")
    out = capsys.readouterr().out
    assert "processed 1/1 rows" in out and "Imported: 1 added, 0 updated, 0 unchanged." in out
    assert AuditEvent.objects.get(content_type__model="service").actor is None


def test_the_command_refuses_an_unknown_user_or_file(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_cqc", str(tmp_path / "missing.csv"))
    path = tmp_path / "cqc.csv"
    path.write_text(HEADER + GOOD)
    with pytest.raises(CommandError, match="No person"):
        call_command("import_cqc", str(path), "--user", "nobody")
