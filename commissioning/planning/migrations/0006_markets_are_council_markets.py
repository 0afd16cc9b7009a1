"""A funding area's market and a directorate's markets become keys to the council's market areas
(accounts.Market): the codes stored stay; an area with no market holds nothing (NULL) rather than an
empty string, and a directorate's list of codes becomes rows linking it to each market."""
import django.db.models.deletion
from django.db import migrations, models


def forwards(apps, schema_editor):
    Area = apps.get_model("planning", "Area")
    Directorate = apps.get_model("planning", "Directorate")
    Market = apps.get_model("accounts", "Market")
    Area.objects.filter(market_area="").update(market_area=None)
    for directorate in Directorate.objects.all():
        directorate.markets.set(Market.objects.filter(code__in=directorate.market_areas or []))


def backwards(apps, schema_editor):
    Area = apps.get_model("planning", "Area")
    Directorate = apps.get_model("planning", "Directorate")
    Area.objects.filter(market_area__isnull=True).update(market_area="")
    for directorate in Directorate.objects.all():
        directorate.market_areas = sorted(directorate.markets.values_list("code", flat=True))
        directorate.save(update_fields=["market_areas"])


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0004_markets"),
        ("planning", "0005_strategy_delivery_plan"),
    ]

    operations = [
        migrations.AddField(
            model_name="directorate",
            name="markets",
            field=models.ManyToManyField(blank=True, related_name="directorates", to="accounts.market",
                                         verbose_name="markets it commissions"),
        ),
        migrations.AlterField(
            model_name="area",
            name="market_area",
            field=models.CharField(blank=True, max_length=40, null=True, verbose_name="market whose budget it funds"),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField(
            model_name="directorate",
            name="market_areas",
        ),
        migrations.AlterField(
            model_name="area",
            name="market_area",
            field=models.ForeignKey(blank=True, db_column="market_area", null=True,
                                    on_delete=django.db.models.deletion.PROTECT, related_name="funding_areas",
                                    to="accounts.market", to_field="code", verbose_name="market whose budget it funds"),
        ),
    ]
