"""Statuses of market intelligence, each carrying its GOV.UK tag colour."""
from commissioning.core.choices import ColouredChoices, tag_colours


@tag_colours(CHECKED="blue", IMPORTING="light-blue", IMPORTED="green", FAILED="red")
class ImportStatus(ColouredChoices):
    CHECKED = "checked", "Checked, waiting for you"
    IMPORTING = "importing", "Importing"
    IMPORTED = "imported", "Imported"
    FAILED = "failed", "Failed"
