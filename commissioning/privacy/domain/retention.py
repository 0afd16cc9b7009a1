"""How long the record of a person's care is kept.

The Records Management Code of Practice 2021 (NHSX, adopted for adult social care) keeps an adult
social care record for 8 years after the conclusion of care. A person's record is due for
anonymisation when nothing about them is live (no open request for care, no agreement that is
offered or accepted) and the last thing that happened on their record is more than the retention
period ago. Anonymisation removes who they are (name, date of birth, address, postcode, the free
text of their needs) and keeps what the council must account for: the money, the agreements with
their dates and prices, and the audit trail (with the personal values in it removed).

The period is the council's configuration (`PERSONAL_DATA_RETENTION_YEARS`), never a constant.
"""
from datetime import date


def retention_ends(last_activity: date, years: int) -> date:
    """The day the record may be anonymised: `years` after the last activity (29 February → 28 February)."""
    try:
        return last_activity.replace(year=last_activity.year + years)
    except ValueError:
        return last_activity.replace(year=last_activity.year + years, day=28)


def is_due(*, last_activity: date, today: date, years: int, anything_live: bool) -> bool:
    """A record is due once nothing about the person is live and the retention period has passed."""
    if years < 1:
        raise ValueError("The retention period must be at least a year")
    return not anything_live and today >= retention_ends(last_activity, years)
