"""Reading CQC files: pure parsing, no database."""
from pathlib import Path

import pytest
from django.conf import settings

from commissioning.providers.domain.cqc_import import API, DIRECTORY, decode, parse_cqc_csv

TRAFFORD = Path(settings.SHARED_DATA_DIR) / "cqc" / "trafford_care_homes_from_cqc_directory_2026-02-25.csv"
HEADER = ("name,cqc_id,type,address,postcode,telephone,website,provider,inspection_date,cqc_webpage,area_name,"
          "area_code,lon,lat\n")
GOOD = ('Oak House,1-100000001,Residential homes,"1 Friar Gate,Derby",DE1 1BX,01332000000,NA,Oak Care Ltd,'
        '2025-03-01,,Derby,E06000015,-1.48,52.92\n')
API_HEADER = ("locationId,providerId,providerName,name,postalAddressLine1,postalAddressTownCity,postalCode,"
              "onspdLatitude,onspdLongitude,numberOfBeds,registrationStatus,currentRatings.overall.rating,"
              "currentRatings.overall.reportDate,gacServiceTypes,specialisms\n")


@pytest.fixture
def trafford():
    if not TRAFFORD.exists():
        pytest.skip("The shared CQC sample is not on this machine")
    return decode(TRAFFORD.read_bytes())


def test_the_real_trafford_directory_sample_reads_cleanly(trafford):
    result = parse_cqc_csv(trafford)
    assert result.format == DIRECTORY and result.total_rows == 56 and len(result.rows) == 56
    assert result.errors == []
    row = next(r for r in result.rows if r.cqc_location_id == "1-1938268568")
    assert (row.name, row.provider_name, row.postcode) == ("Allingham House Care Centre",
                                                           "Maria Mallaband 16 Limited", "WA15 6SQ")
    assert row.service_types == ["care-home-nursing"]
    assert (row.address_line_1, row.town, row.cqc_rating_date) == ("Deansgate Lane", "Altrincham", "2026-01-19")
    assert row.cqc_rating is None  # the directory file carries no rating


def test_a_row_with_several_types_keeps_the_ones_the_council_buys():
    text = HEADER + GOOD.replace("Residential homes", "Nursing homes|Residential homes|Dental practice")
    result = parse_cqc_csv(text)
    assert result.rows[0].service_types == ["care-home-nursing", "care-home-standard"]
    assert "Dental practice" in result.warnings[0]


@pytest.mark.parametrize(("bad", "reason"), [
    (GOOD.replace("1-100000001", "100000001"), "is not in the format 1- followed by digits"),
    (GOOD.replace("DE1 1BX", ""), "The postcode is missing"),
    (GOOD.replace("DE1 1BX", "NOWHERE"), "is not a UK postcode"),
    (GOOD.replace("2025-03-01", "March 2025"), "is not a date"),
    (GOOD.replace("Residential homes", "Dental practice"), "is not a kind of service the council buys"),
    (GOOD.replace("52.92", "152.92"), "Latitude 152.92 is outside -90 to 90"),
    (GOOD.replace("Oak Care Ltd", ""), "The provider name is missing"),
])
def test_bad_rows_are_reported_with_row_number_and_reason(bad, reason):
    result = parse_cqc_csv(HEADER + GOOD.replace("1-100000001", "1-100000002") + bad)
    assert len(result.rows) == 1
    assert result.errors[0].row == 3
    assert any(reason in r for r in result.errors[0].reasons)


def test_a_location_id_twice_in_one_file_is_an_error():
    result = parse_cqc_csv(HEADER + GOOD + GOOD)
    assert len(result.rows) == 1
    assert result.errors[0].row == 3 and "also on row 2" in result.errors[0].reasons[0]


def test_an_unknown_header_and_an_empty_file_are_refused_whole():
    assert "not a CQC format" in parse_cqc_csv("a,b,c\n1,2,3\n").file_error
    assert parse_cqc_csv("").file_error == "The file is empty"
    assert parse_cqc_csv(HEADER).file_error == "The file has a header but no rows"


def test_a_file_that_is_not_utf8_is_refused():
    with pytest.raises(ValueError, match="UTF-8"):
        decode("Café".encode("utf-16"))


def test_api_fields_give_rating_beds_types_and_specialisms():
    row = ('1-200000001,1-300000001,Cedar Group,Cedar Lodge,2 Uttoxeter Road,Derby,DE3 9AA,52.91,-1.52,60,'
           'Registered,Requires improvement,2025-09-30,Care home service with nursing;Care home service without '
           'nursing,Dementia;Learning disabilities;Ear piercing\n')
    result = parse_cqc_csv(API_HEADER + row)
    assert result.format == API and not result.errors
    parsed = result.rows[0]
    assert (parsed.cqc_rating, parsed.cqc_rating_date, parsed.beds) == ("requires_improvement", "2025-09-30", 60)
    assert parsed.service_types == ["care-home-nursing", "care-home-standard"]
    assert parsed.specialisms == ["dementia", "learning-disability"]
    assert parsed.cqc_provider_id == "1-300000001"
    assert "Ear piercing" in result.warnings[0]


def test_api_rows_with_a_bad_rating_or_beds_are_refused():
    row = ("1-200000001,1-300000001,Cedar Group,Cedar Lodge,2 Road,Derby,DE3 9AA,,,sixty,Registered,Brilliant,,"
           "Care home service with nursing,\n")
    reasons = parse_cqc_csv(API_HEADER + row).errors[0].reasons
    assert any("Number of beds 'sixty'" in r for r in reasons)
    assert any("Rating 'Brilliant' is not a CQC rating" in r for r in reasons)


def test_values_beyond_the_registers_limits_make_the_row_malformed_not_truncated():
    from commissioning.providers.domain.cqc_import import Limits, malformed

    limits = Limits(lengths={"name": 10}, largest_number=100)
    row = ('1-200000001,1-300000001,Cedar Group,Cedar Lodge Care Centre,2 Road,Derby,DE3 9AA,,,101,Registered,Good,,'
           'Care home service with nursing,\n')
    result = parse_cqc_csv(API_HEADER + row, limits)
    assert result.rows == [] and malformed(result) == result.errors
    assert result.errors[0].reasons[:2] == ["Number of beds 101 is larger than the register can hold (100)",
                                            "Name is 23 characters long; the register holds at most 10"]


def test_a_row_with_more_or_fewer_cells_than_the_header_is_malformed():
    from commissioning.providers.domain.cqc_import import malformed

    result = parse_cqc_csv(HEADER + GOOD + GOOD.replace(",52.92\n", "\n") + GOOD.replace("\n", ",x,y\n"))
    assert [(e.row, e.malformed) for e in malformed(result)] == [(3, True), (4, True)]
    assert "13 cells but the header has 14" in result.errors[0].reasons[0]
    assert "16 cells" in result.errors[1].reasons[0]


def test_nul_bytes_and_control_characters_are_refused_with_their_row():
    with pytest.raises(ValueError, match="Row 2 contains a NUL byte"):
        decode((HEADER + "a\x00b\n").encode())
    with pytest.raises(ValueError, match="Row 3 contains a control character"):
        decode((HEADER + GOOD + "\x1b[31m\n").encode())
