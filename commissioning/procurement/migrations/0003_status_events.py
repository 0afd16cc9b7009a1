"""Application and membership histories become status events of the workflow core (renamed, not
recreated, so their rows are kept; an application row's event is read from its move), lists get a
history filled from their audit trail, and statuses become fields that carry their tag colour."""
import commissioning.core.choices
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


APPLICATION_EVENTS = {
    ("draft", "submitted"): "submit",
    ("submitted", "clarification"): "ask_clarification",
    ("clarification", "submitted"): "answer_clarification",
    ("submitted", "moderated"): "moderate",
    ("moderated", "decided"): "decide",
}
LIST_EVENTS = {("draft", "open"): "open", ("open", "paused"): "pause", ("paused", "open"): "reopen",
               ("open", "closed"): "close", ("paused", "closed"): "close"}
LIST_STATUSES = {"Draft": "draft", "Open": "open", "Paused": "paused", "Closed": "closed"}


def fill_application_events(apps, schema_editor):
    Event = apps.get_model("procurement", "ApplicationStatusEvent")
    for row in Event.objects.filter(event=""):
        event = "withdraw" if row.to_status == "withdrawn" else APPLICATION_EVENTS.get(
            (row.from_status, row.to_status), "moved")
        Event.objects.filter(pk=row.pk).update(event=event)


def fill_list_history(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    AuditEvent = apps.get_model("core", "AuditEvent")
    ListEvent = apps.get_model("procurement", "ApprovedListStatusEvent")
    ApprovedList = apps.get_model("procurement", "ApprovedList")
    content_type = ContentType.objects.filter(app_label="procurement", model="approvedlist").first()
    if content_type is None:
        return
    lists = set(ApprovedList.objects.values_list("pk", flat=True))
    for audit in AuditEvent.objects.filter(content_type=content_type).order_by("at", "pk"):
        change = (audit.changes or {}).get("Status")
        if not isinstance(change, list) or len(change) != 2:
            continue
        old, new = (LIST_STATUSES.get(label, "") for label in change)
        if not new or int(audit.object_id) not in lists:
            continue
        row = ListEvent.objects.create(approved_list_id=audit.object_id, by_id=audit.actor_id,
                                       event=LIST_EVENTS.get((old, new), "moved"), from_status=old, to_status=new,
                                       note=audit.note)
        ListEvent.objects.filter(pk=row.pk).update(at=audit.at)


class Migration(migrations.Migration):

    dependencies = [
        ('procurement', '0002_call_off_weighting_and_tendered_rate'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('core', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameModel("StatusChange", "ApplicationStatusEvent"),
        migrations.RenameModel("MembershipEvent", "MembershipStatusEvent"),
        migrations.AddField(
            model_name='applicationstatusevent',
            name='event',
            field=models.CharField(default='', max_length=40),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name='application',
            name='status',
            field=commissioning.core.choices.StatusField(choices=[('draft', 'Draft'), ('submitted', 'Submitted'), ('clarification', 'Clarification requested'), ('moderated', 'Scores moderated'), ('decided', 'Decided'), ('withdrawn', 'Withdrawn')], default='draft', max_length=20),
        ),
        migrations.AlterField(
            model_name='applicationstatusevent',
            name='application',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='status_events', to='procurement.application'),
        ),
        migrations.AlterField(
            model_name='applicationstatusevent',
            name='by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AlterField(
            model_name='applicationstatusevent',
            name='from_status',
            field=models.CharField(blank=True, max_length=30),
        ),
        migrations.AlterField(
            model_name='applicationstatusevent',
            name='to_status',
            field=models.CharField(blank=True, max_length=30),
        ),
        migrations.AlterField(
            model_name='approvedlist',
            name='status',
            field=commissioning.core.choices.StatusField(choices=[('draft', 'Draft'), ('open', 'Open'), ('paused', 'Paused'), ('closed', 'Closed')], default='draft', max_length=20),
        ),
        migrations.AlterField(
            model_name='lotdecision',
            name='outcome',
            field=commissioning.core.choices.StatusField(choices=[('admit', 'Admitted'), ('reject', 'Rejected')], max_length=10),
        ),
        migrations.AlterField(
            model_name='membership',
            name='status',
            field=commissioning.core.choices.StatusField(choices=[('active', 'Active'), ('suspended', 'Suspended'), ('removed', 'Removed')], default='active', max_length=20),
        ),
        migrations.AlterField(
            model_name='membershipstatusevent',
            name='event',
            field=models.CharField(max_length=40),
        ),
        migrations.AlterField(
            model_name='membershipstatusevent',
            name='from_status',
            field=models.CharField(blank=True, max_length=30),
        ),
        migrations.AlterField(
            model_name='membershipstatusevent',
            name='membership',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='status_events', to='procurement.membership'),
        ),
        migrations.AlterField(
            model_name='membershipstatusevent',
            name='to_status',
            field=models.CharField(blank=True, max_length=30),
        ),
        migrations.CreateModel(
            name='ApprovedListStatusEvent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('at', models.DateTimeField(auto_now_add=True)),
                ('event', models.CharField(max_length=40)),
                ('from_status', models.CharField(blank=True, max_length=30)),
                ('to_status', models.CharField(blank=True, max_length=30)),
                ('note', models.TextField(blank=True)),
                ('approved_list', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='status_events', to='procurement.approvedlist')),
                ('by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['at', 'id'],
                'abstract': False,
            },
        ),
        migrations.RunPython(fill_application_events, migrations.RunPython.noop),
        migrations.RunPython(fill_list_history, migrations.RunPython.noop),
    ]
