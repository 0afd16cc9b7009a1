"""How Approved Provider Lists react to events elsewhere."""
from django.utils import timezone

from commissioning.core.audit import Source

from .services import memberships_flag_lapsed_evidence


def recheck_members_after_cqc_import(sender, *, by=None, **kwargs):
    """After a CQC import, flag members whose new rating no longer meets their list's condition."""
    memberships_flag_lapsed_evidence(today=timezone.localdate(), by=by, source=Source.IMPORT)
