"""Each market area keeps how many months pass between contract meetings, editable on the markets
page; the starting markets take the frequency the setting gave them (home care every 2 months), a
market the council added every 3 (ADR 0026, "Contract management")."""
import django.core.validators
from django.conf import settings
from django.db import migrations, models


def load(apps, schema_editor):
    """The setting's frequency for each market it names (idempotent: the tests run it again)."""
    Market = apps.get_model("accounts", "Market")
    for code, months in getattr(settings, "CONTRACT_MEETING_MONTHS", {}).items():
        Market.objects.filter(code=code).update(meeting_every_months=months)


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0004_markets"),
    ]

    operations = [
        migrations.AddField(
            model_name="market",
            name="meeting_every_months",
            field=models.PositiveSmallIntegerField(
                default=3, validators=[django.core.validators.MinValueValidator(1),
                                       django.core.validators.MaxValueValidator(12)],
                verbose_name="months between contract meetings"),
        ),
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
