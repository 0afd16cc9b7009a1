"""E-mail a person can use: sent only after the change commits, from a task, one message per person,
with links that open from a mail client; GOV.UK Notify when switched on, refused at start when on
but not configured."""
import os
import subprocess
import sys
import uuid

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.db import transaction

from commissioning.core.mail import GovNotifyEmailBackend, absolute_url, send_email

pytestmark = pytest.mark.django_db


@pytest.fixture
def template(tmp_path, settings):
    (tmp_path / "notice.subject.txt").write_text("Offers close {{ when }}\n")
    (tmp_path / "notice.txt").write_text("{% autoescape off %}Make an offer: {{ url }}{% endautoescape %}\n")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    return "notice"


def test_a_change_that_rolls_back_sends_nothing(template, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        send_email(to=["a@provider.example"], template=template, context={"when": "Friday", "url": "/x/"})
        raise RuntimeError("the award failed")
    assert mail.outbox == []


def test_a_committed_change_sends_each_person_a_message_with_an_absolute_link(template,
                                                                              django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        send_email(to=["b@provider.example", "a@provider.example", ""], template=template,
                   context={"when": "Friday", "url": absolute_url("/portal/competitions/7/")})
        assert mail.outbox == [], "nothing leaves before the commit"
    assert [m.to for m in mail.outbox] == [["a@provider.example"], ["b@provider.example"]]
    message = mail.outbox[0]
    assert message.subject == "Offers close Friday"
    assert message.body.strip() == "Make an offer: https://care.example.gov.uk/portal/competitions/7/"
    assert message.from_email == django_settings.DEFAULT_FROM_EMAIL


def test_nobody_to_write_to_sends_nothing(template, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert send_email(to=[""], template=template, context={}) is False
    assert mail.outbox == []


def test_gov_notify_sends_one_notification_per_person_through_the_template(settings, monkeypatch):
    settings.GOV_NOTIFY_API_KEY = f"test-{uuid.uuid4()}-{uuid.uuid4()}"
    settings.GOV_NOTIFY_TEMPLATE_ID = str(uuid.uuid4())
    sent = []
    from notifications_python_client.notifications import NotificationsAPIClient

    monkeypatch.setattr(NotificationsAPIClient, "send_email_notification", lambda self, **kw: sent.append(kw))
    message = mail.EmailMessage("Result of FC-1", "You were ranked 1 of 2.", to=["a@p.example", "b@p.example"])
    assert GovNotifyEmailBackend().send_messages([message]) == 2
    assert sent[0] == {"email_address": "a@p.example", "template_id": settings.GOV_NOTIFY_TEMPLATE_ID,
                       "personalisation": {"subject": "Result of FC-1", "body": "You were ranked 1 of 2."}}


def test_gov_notify_switched_on_without_its_key_stops_the_service_starting():
    env = {**os.environ, "USE_GOV_NOTIFY": "1", "GOV_NOTIFY_API_KEY": "",
           "DJANGO_SETTINGS_MODULE": "config.settings.local"}
    result = subprocess.run([sys.executable, "manage.py", "check"], env=env, cwd=django_settings.BASE_DIR,  # noqa: S603
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "USE_GOV_NOTIFY is on: set GOV_NOTIFY_API_KEY and GOV_NOTIFY_TEMPLATE_ID." in result.stderr
