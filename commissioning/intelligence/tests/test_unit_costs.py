"""Reading NHS Digital's unit-cost CSV: the real 2014-15 file, its markers, footnotes and bad cells."""
from decimal import Decimal

import pytest

from commissioning.intelligence.domain.unit_costs import NOT_CALCULABLE, UNAVAILABLE, decode, parse_unit_costs

HEADER = ",,,,,,EM,EM,\nSupport type,Age category,Primary support reason,Service delivery mechanism," \
         "Unit cost category,Unit cost provision,507 - Derby,512 - Nottingham,England\n"


def _figure(parsed, area, **where):
    return next(f for f in parsed.figures if f.area.code == area and all(getattr(f, k) == v for k, v in where.items()))


def test_the_real_file_gives_derbys_and_englands_residential_and_nursing_unit_cost(unit_cost_bytes):
    parsed = parse_unit_costs(decode(unit_cost_bytes))
    where = {"support_type": "Long term", "age_category": "Age 18 and over", "primary_support_reason": "",
             "delivery_mechanism": "Residential and nursing care", "measure": "Unit costs", "provision": "All"}

    assert parsed.errors == []
    assert _figure(parsed, "507", **where).value == Decimal("582.60")
    assert _figure(parsed, "england", **where).value == Decimal("666.37")
    assert _figure(parsed, "507", **{**where, "measure": "Numerator"}).value == Decimal("34698")


def test_the_real_file_is_read_as_latin_1_with_its_footnotes_kept_apart(unit_cost_bytes):
    parsed = parse_unit_costs(decode(unit_cost_bytes))

    assert parsed.data_rows == 216
    assert len(parsed.notes) == 26
    assert any("£'000s" in note for note in parsed.notes)
    assert sum(1 for a in parsed.areas if a.kind == "council") == 152
    assert not any("Unit costs for" in f.support_type for f in parsed.figures)


def test_colon_is_unavailable_and_dot_is_not_calculable_never_zero():
    text = HEADER + "Long term,Age 18 and over,,Nursing,Unit costs,All,:,.,512.5\n"
    parsed = parse_unit_costs(text)

    derby, nottingham, england = parsed.figures
    assert (derby.value, derby.marker) == (None, UNAVAILABLE)
    assert (nottingham.value, nottingham.marker) == (None, NOT_CALCULABLE)
    assert england.value == Decimal("512.5")


def test_a_cell_that_is_not_a_number_refuses_the_file_naming_row_and_council():
    parsed = parse_unit_costs(HEADER + "Long term,Age 18 and over,,Nursing,Unit costs,All,n/a,1,2\n")

    assert parsed.errors == ["Row 3, column Derby: “n/a” is not a number, “:” or “.”"]


def test_a_short_row_and_an_unknown_category_are_refused():
    parsed = parse_unit_costs(HEADER + "Long term,Age 18 and over,,Nursing,Unit costs,All,1\n"
                                       "Long term,Age 18 and over,,Nursing,Average,All,1,2,3\n")

    assert parsed.errors[0].startswith("Row 3: the row has 7 cells")
    assert parsed.errors[1].startswith("Row 4: the unit cost category must be")


def test_a_file_that_is_not_the_unit_cost_csv_is_refused():
    assert parse_unit_costs("name,postcode\nA,DE1 1AA\n").errors[0].startswith("The file is not NHS Digital's")
    with pytest.raises(ValueError):
        decode(b"PK\x03\x04\x00\x00")


def test_utf8_files_are_read_too():
    text = decode(("\ufeff" + HEADER + "Long term,Age 18 and over,,Nursing,Unit costs,All,1,2,3\n").encode("utf-8"))
    assert parse_unit_costs(text).data_rows == 1
