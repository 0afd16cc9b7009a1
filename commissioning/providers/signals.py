"""Events the register announces to other apps, so that they react without the register
depending on them."""
from django.dispatch import Signal

# Sent after a CQC import has written its rows; other apps re-check evidence that rests on ratings.
# Arguments: run (the CqcImportRun), by (the acting user or None).
cqc_import_finished = Signal()
