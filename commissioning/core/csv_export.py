"""CSV exports that are safe to open in a spreadsheet: a cell that a spreadsheet would run as a
formula (one starting with =, +, -, @, a tab or a carriage return) is written with a leading
apostrophe, as OWASP advises for CSV injection, so it shows as the text it is."""
import csv
from collections.abc import Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """The cell as a spreadsheet will show it, never run it: text that starts like a formula gets a quote."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeWriter:
    """csv.writer whose every row is neutralised; numbers (int, Decimal) are left as numbers."""

    def __init__(self, stream, **kwargs):
        self._writer = csv.writer(stream, **kwargs)

    def writerow(self, row: Iterable):
        return self._writer.writerow([neutralise(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable]):
        for row in rows:
            self.writerow(row)


def safe_writer(stream, **kwargs) -> SafeWriter:
    """The only way the platform writes CSV for people to download."""
    return SafeWriter(stream, **kwargs)
