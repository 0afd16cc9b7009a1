"""Market areas become rows the council keeps: the four the platform started with, under their
codes and names, so every record that stored a code keeps it. A lead commissioner without a market
held an empty string; the key holds nothing (NULL) instead."""
from django.db import migrations, models
import django.db.models.deletion

DEFAULT_MARKETS = [
    ("care_homes", "Care homes and extra care"),
    ("supported_living", "Supported living"),
    ("home_care", "Home care, day opportunities and respite"),
    ("specialist", "Mental health, learning disability, autism and carers"),
]


def load(apps, schema_editor):
    """The four starting market areas (idempotent: the tests run it again after emptying the database)."""
    Market = apps.get_model("accounts", "Market")
    for position, (code, name) in enumerate(DEFAULT_MARKETS):
        if not Market.objects.filter(code=code).exists():
            Market.objects.create(code=code, name=name, position=position)


def forwards(apps, schema_editor):
    load(apps, schema_editor)
    apps.get_model("accounts", "User").objects.filter(market_area="").update(market_area=None)


def backwards(apps, schema_editor):
    apps.get_model("accounts", "User").objects.filter(market_area__isnull=True).update(market_area="")


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0003_council"),
    ]

    operations = [
        migrations.CreateModel(
            name="Market",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("code", models.SlugField(editable=False, max_length=40, unique=True)),
                ("name", models.CharField(max_length=120, unique=True)),
                ("position", models.PositiveIntegerField(default=0)),
                ("retired", models.BooleanField(default=False)),
            ],
            options={"ordering": ["position", "name"]},
        ),
        migrations.AlterField(
            model_name="user",
            name="market_area",
            field=models.CharField(blank=True, max_length=40, null=True),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.AlterField(
            model_name="user",
            name="market_area",
            field=models.ForeignKey(blank=True, db_column="market_area", null=True,
                                    on_delete=django.db.models.deletion.PROTECT, related_name="lead_commissioners",
                                    to="accounts.market", to_field="code"),
        ),
    ]
