"""The provider quality page's rating chart: drawn from final reports, with a summary that reads the trend."""
from datetime import date

from commissioning.providers.models import Service
from commissioning.quality.models import Audit
from commissioning.quality.presenters import rating_chart


def _audit(on, rating, service="Oak House"):
    return Audit(published_on=on, overall_rating=rating, service=Service(name=service))


def test_the_chart_says_a_fall_in_rating_and_lists_every_report(db):
    chart = rating_chart([_audit(date(2025, 3, 12), "good"), _audit(date(2025, 9, 1), "excellent", "Elm Lodge"),
                          _audit(date(2026, 6, 30), "requires_improvement")], provider_name="Oak Care")
    assert chart.summary == ("3 final audit reports of Oak Care from 12 March 2025 to 30 June 2026: the first rated "
                             "Good, the latest Requires improvement, down from Excellent in the report before.")
    assert chart.columns == ["Published", "Service", "Rating"]
    assert chart.rows == [["12 March 2025", "Oak House", "Good"], ["1 September 2025", "Elm Lodge", "Excellent"],
                          ["30 June 2026", "Oak House", "Requires improvement"]]
    assert chart.svg.startswith('<svg role="img" aria-label="Overall audit rating over time"')
    assert all(level in chart.svg for level in ("Excellent", "Good", "Requires improvement", "Poor"))


def test_the_chart_says_a_rise_and_a_level_rating(db):
    up = rating_chart([_audit(date(2025, 3, 12), "poor"), _audit(date(2025, 10, 2), "good")], provider_name="Oak")
    level = rating_chart([_audit(date(2025, 3, 12), "good"), _audit(date(2025, 10, 2), "good")], provider_name="Oak")
    assert up.summary.endswith("the latest Good, up from Poor in the report before.")
    assert level.summary.endswith("the latest Good, the same as Good in the report before.")


def test_no_chart_before_a_rated_final_report():
    assert rating_chart([Audit(published_on=None, overall_rating="", service=Service(name="Oak House"))],
                        provider_name="Oak Care") is None
