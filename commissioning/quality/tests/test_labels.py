"""Quality pages show ratings by their labels, never a stored code."""
import pytest
from django.test import Client


@pytest.mark.django_db
def test_the_audit_page_shows_each_domains_rating_by_its_label(amber, officer):
    client = Client()
    client.force_login(officer)
    page = client.get(amber.get_absolute_url()).content.decode()
    assert amber.domain_ratings and "Requires improvement" in page
    assert "Requiresimprovement" not in page and "requires_improvement" not in page
