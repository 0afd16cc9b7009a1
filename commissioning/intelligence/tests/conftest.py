"""Fixtures of market intelligence: the real NHS Digital unit-cost file, whole or cut to a few lines."""
import csv
import io
from pathlib import Path

import pytest
from django.conf import settings

DATA = Path(settings.SHARED_DATA_DIR)
UNIT_COSTS = DATA / "asc_finance" / "pss-exp-eng-14-15-fin-coun-lev-unit-cost.csv"


@pytest.fixture(scope="session")
def unit_cost_bytes() -> bytes:
    return UNIT_COSTS.read_bytes()


def cut(content: bytes, *, lines: int = 6, scale=None) -> bytes:
    """The real file's two header rows, its first `lines` lines of figures and its footnotes, in Latin-1;
    `scale` multiplies every figure (to make a previous year that differs)."""
    rows = list(csv.reader(io.StringIO(content.decode("latin-1"))))
    data = [r for r in rows[2:] if r and r[0] in ("Long term", "Short term")]
    notes = [r for r in rows[2:] if r and r[0] not in ("Long term", "Short term")]
    if scale is not None:
        data = [[*r[:6], *[_scaled(c, scale) for c in r[6:]]] for r in data]
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows([*rows[:2], *data[:lines], *notes])
    return out.getvalue().encode("latin-1")


def _scaled(cell, scale):
    try:
        return f"{float(cell) * scale:.2f}"
    except ValueError:
        return cell


@pytest.fixture
def small_unit_costs(unit_cost_bytes) -> bytes:
    return cut(unit_cost_bytes)
