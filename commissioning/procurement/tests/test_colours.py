"""Each status carries its own GOV.UK tag colour, so a tag shows the colour of the record's own
status and never that of a same-valued status of another app."""
import pytest
from django.template import Context, Template

from commissioning.procurement.choices import ApplicationStatus, ListStatus, LotOutcome, MembershipStatus

from .factories import ApplicationFactory, SuspendedMembershipFactory

pytestmark = pytest.mark.django_db


def _tag(value) -> str:
    return Template("{% load govuk %}{% status_tag value %}").render(Context({"value": value}))


def test_a_draft_applications_tag_is_grey_though_a_draft_audit_is_yellow():
    application = ApplicationFactory()
    assert application.status is ApplicationStatus.DRAFT
    html = _tag(application.status)
    assert "govuk-tag--grey" in html and "Draft" in html


def test_a_suspended_members_tag_is_orange_though_a_suspended_concern_is_red():
    membership = SuspendedMembershipFactory()
    membership.refresh_from_db()
    html = _tag(membership.status)
    assert "govuk-tag--orange" in html and "Suspended" in html


def test_every_status_and_outcome_shown_as_a_tag_has_its_colour():
    assert [s.colour for s in ListStatus] == ["grey", "green", "yellow", "grey"]
    assert [s.colour for s in ApplicationStatus] == ["grey", "blue", "yellow", "purple", "green", "grey"]
    assert [s.colour for s in MembershipStatus] == ["green", "orange", "red"]
    assert [o.colour for o in LotOutcome] == ["green", "red"]
    assert "Admitted" in _tag(LotOutcome.ADMIT) and "govuk-tag--green" in _tag(LotOutcome.ADMIT)
