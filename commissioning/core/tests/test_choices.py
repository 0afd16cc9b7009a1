"""Statuses carry their own tag colour, so two apps' statuses with the same value never share one."""
import pytest
from django.template import Context, Template

from commissioning.core.choices import ColouredChoices, StatusField, tag_colours


@tag_colours(DRAFT="blue", FINAL="green")
class ReportStatus(ColouredChoices):
    DRAFT = "draft", "Draft with the provider"
    FINAL = "final", "Final"
    CANCELLED = "cancelled", "Cancelled"


@tag_colours(DRAFT="grey", SUSPENDED="red")
class CaseStage(ColouredChoices):
    DRAFT = "draft", "Draft"
    SUSPENDED = "suspended", "Suspension of new placements"


def test_a_status_knows_its_own_colour_even_when_another_shares_its_value():
    assert ReportStatus.DRAFT.colour == "blue"
    assert CaseStage.DRAFT.colour == "grey"
    assert CaseStage.SUSPENDED.colour == "red"


def test_a_status_given_no_colour_is_grey():
    assert ReportStatus.CANCELLED.colour == "grey"


def test_a_colour_for_a_member_that_does_not_exist_or_an_unknown_colour_is_refused():
    with pytest.raises(ValueError, match="unknown members"):
        tag_colours(ARCHIVED="grey")(ReportStatus)
    with pytest.raises(ValueError, match="colours"):
        tag_colours(DRAFT="ultraviolet")(ReportStatus)


def test_the_status_field_hands_back_the_member_for_a_stored_string():
    field = StatusField(ReportStatus)
    assert field.to_member("final") is ReportStatus.FINAL
    assert field.to_member("final").label == "Final"
    assert field.to_member("") == ""
    assert field.to_member("not-a-status") == "not-a-status"
    assert field.max_length == 30
    assert field.choices == ReportStatus.choices


def test_the_tag_shows_the_label_and_colour_of_the_member():
    html = Template("{% load govuk %}{% status_tag status %}").render(Context({"status": ReportStatus.DRAFT}))
    assert 'govuk-tag--blue' in html and "Draft with the provider" in html
