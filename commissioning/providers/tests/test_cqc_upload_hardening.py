"""Uploads never half-happen: a malformed CQC file is refused whole with the rows at fault and never
gives a server error, and a file that checks good imports whole (the check covers every register
limit). Replays the broken files found when the upload was probed."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from commissioning.providers.imports import LARGEST_NUMBER, cqc_import_stage, cqc_import_start
from commissioning.providers.models import CqcImportRun, Service

from .test_cqc_import import API_HEADER, GOOD, HEADER

pytestmark = pytest.mark.django_db


def _api_row(n: int, beds: str = "40", name: str | None = None) -> str:
    return (f"1-2{n:08d},1-300000001,Cedar Group,{name or f'Cedar Lodge {n}'},2 Uttoxeter Road,Derby,DE3 9AA,"
            f"52.91,-1.52,{beds},Registered,Good,2025-09-30,Care home service with nursing,Dementia\n")


def _upload(client, content: bytes):
    return client.post(reverse("providers:import_start"), {"file": SimpleUploadedFile("cqc.csv", content, "text/csv")})


def _refused(response, *expected: str) -> str:
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page
    for text in expected:
        assert text in page
    assert not CqcImportRun.objects.exists() and not Service.objects.exists()
    return page


def test_a_file_with_a_nul_byte_is_refused_whole_with_its_row(client_for, quality_officer):
    content = (HEADER + GOOD + GOOD.replace("1-100000001", "1-100000002").replace("Oak House", "Oak\x00House")).encode()
    _refused(_upload(client_for(quality_officer), content), "Row 3 contains a NUL byte")


def test_a_250_row_file_with_an_enormous_bed_count_on_row_201_imports_nothing(client_for, quality_officer):
    rows = [_api_row(n, beds="99999999999" if n == 200 else "40") for n in range(1, 251)]
    page = _refused(_upload(client_for(quality_officer), (API_HEADER + "".join(rows)).encode()),
                    "refused whole and nothing was imported", "Row 201: Number of beds 99999999999 is larger than "
                    f"the register can hold ({LARGEST_NUMBER:,})")
    assert "Row 200" not in page and "Row 202" not in page


@pytest.mark.parametrize(("content", "reason"), [
    ((HEADER + GOOD).encode("utf-16"), "Row 1 contains a NUL byte"),
    ((HEADER + GOOD).encode() + "Caf\u00e9 row\n".encode("latin-1"), "Row 3 is not UTF-8 text"),
    (HEADER.encode() + bytes([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), "Row 2 is not UTF-8 text"),
    (HEADER.encode() + b"\x01\x02\x03\x1b\x7fELF\n", "Row 2 contains a control character"),
    ((HEADER + GOOD.replace(",52.92\n", "\n")).encode(), "Row 2: The row has 13 cells but the header has 14"),
    ((HEADER + GOOD + GOOD.replace("52.92\n", "52.92,extra\n")).encode(), "Row 3: The row has 15 cells"),
    ((HEADER + GOOD.replace("Oak House", "O" * 201)).encode(), "Row 2: Name is 201 characters long; the register "
                                                                 "holds at most 200"),
    ((HEADER + GOOD.replace("01332000000", "0" * 31)).encode(), "Telephone is 31 characters long"),
    ((HEADER + GOOD + '"Unclosed,1-100000002\n').encode(), "Row 3: The row has"),
])
def test_malformed_files_are_refused_whole_with_row_numbered_reasons(client_for, quality_officer, content, reason):
    _refused(_upload(client_for(quality_officer), content), reason)


def test_many_broken_rows_are_listed_up_to_twenty_and_counted(quality_officer):
    rows = "".join(_api_row(n, beds="99999999999") for n in range(1, 31))
    with pytest.raises(Exception) as refused:
        cqc_import_stage(file_name="x.csv", content=(API_HEADER + rows).encode(), by=quality_officer)
    messages = refused.value.message_dict["file"]
    assert "30 rows cannot be read as written" in messages[0]
    assert messages[-1] == "and 10 more rows like these" and len(messages) == 22


def test_a_file_at_the_registers_limits_checks_good_and_imports_whole(
        quality_officer, django_capture_on_commit_callbacks):
    rows = [_api_row(1, beds=str(LARGEST_NUMBER), name="N" * 200), _api_row(2)]
    run = cqc_import_stage(file_name="limits.csv", content=(API_HEADER + "".join(rows)).encode(), by=quality_officer)
    assert run.errors == [] and run.good_count == 2
    with django_capture_on_commit_callbacks(execute=True):
        cqc_import_start(run=run, by=quality_officer)
    run.refresh_from_db()
    assert (run.status, run.created_count) == ("completed", 2)
    assert Service.objects.get(name="N" * 200).beds == LARGEST_NUMBER
