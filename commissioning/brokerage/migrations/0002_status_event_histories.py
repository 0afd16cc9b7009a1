from django.db import migrations


class Migration(migrations.Migration):
    """Requests' and agreements' histories become the core status-event rows, keeping every row."""

    dependencies = [
        ("brokerage", "0001_initial"),
    ]

    operations = [
        migrations.RenameModel("RequestEvent", "RequestStatusEvent"),
        migrations.RenameModel("AgreementEvent", "AgreementStatusEvent"),
    ]
