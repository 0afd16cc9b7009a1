"""Contract meetings, KPIs and KPI returns move from the quality app to the contracts app, keeping
every row (ADR 0026, "Contract management"): the contracts app takes the models over in Django's
state on the tables that hold them, then renames the tables to its own names; quality's migration
0005 forgets them in its state without touching the database."""
import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MOVED = {"ContractMeeting": "quality_contractmeeting", "KpiDefinition": "quality_kpidefinition",
         "KpiReturn": "quality_kpireturn"}


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0005_market_meeting_frequency"),
        ("contracts", "0004_changes"),
        ("procurement", "0005_market_area_is_a_council_market"),
        ("providers", "0009_locality_can_be_retired"),
        ("quality", "0004_market_area_is_a_council_market"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ContractMeeting",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                                   verbose_name="ID")),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        ("scheduled_for", models.DateField()),
                        ("held_on", models.DateField(blank=True, null=True)),
                        ("compliance", models.TextField(blank=True, help_text="Terms, specification, value",
                                                        verbose_name="compliance")),
                        ("breaches", models.TextField(blank=True)),
                        ("penalties_pence", models.PositiveIntegerField(default=0, verbose_name="penalties (pence)")),
                        ("performance", models.TextField(blank=True, verbose_name="performance against KPIs")),
                        ("quality", models.TextField(blank=True, verbose_name="quality")),
                        ("improvement", models.TextField(blank=True, verbose_name="continuous improvement")),
                        ("market_area", models.ForeignKey(db_column="market_area",
                                                          on_delete=django.db.models.deletion.PROTECT,
                                                          related_name="contract_meetings", to="accounts.market",
                                                          to_field="code")),
                        ("provider", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT,
                                                       related_name="contract_meetings", to="providers.provider")),
                    ],
                    options={"ordering": ["scheduled_for", "id"], "db_table": MOVED["ContractMeeting"]},
                ),
                migrations.CreateModel(
                    name="KpiDefinition",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                                   verbose_name="ID")),
                        ("name", models.CharField(max_length=200)),
                        ("unit", models.CharField(help_text="For example %, visits, hours", max_length=30)),
                        ("target", models.DecimalField(decimal_places=2, max_digits=10)),
                        ("direction", models.CharField(choices=[("at_least", "At least the target"),
                                                                ("at_most", "At most the target")],
                                                       default="at_least", max_length=10)),
                        ("period", models.CharField(choices=[("monthly", "Monthly"), ("quarterly", "Quarterly")],
                                                    default="monthly", max_length=10)),
                        ("days_to_submit", models.PositiveSmallIntegerField(
                            default=10, validators=[django.core.validators.MinValueValidator(1),
                                                    django.core.validators.MaxValueValidator(90)])),
                        ("approved_list", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE,
                                                            related_name="kpis", to="procurement.approvedlist")),
                    ],
                    options={"ordering": ["approved_list", "name"], "db_table": MOVED["KpiDefinition"]},
                ),
                migrations.CreateModel(
                    name="KpiReturn",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                                   verbose_name="ID")),
                        ("period_start", models.DateField()),
                        ("value", models.DecimalField(decimal_places=2, max_digits=12)),
                        ("note", models.TextField(blank=True)),
                        ("submitted_at", models.DateTimeField()),
                        ("late", models.BooleanField(default=False)),
                        ("kpi", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT,
                                                  related_name="returns", to="contracts.kpidefinition")),
                        ("provider", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT,
                                                       related_name="kpi_returns", to="providers.provider")),
                        ("submitted_by", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT,
                                                           related_name="+", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={"ordering": ["-period_start"], "db_table": MOVED["KpiReturn"]},
                ),
                migrations.AddConstraint(
                    model_name="kpireturn",
                    constraint=models.UniqueConstraint(fields=("kpi", "provider", "period_start"),
                                                       name="one_return_per_period"),
                ),
            ],
            database_operations=[],
        ),
        # The tables take the contracts app's names (foreign keys to them follow the rename).
        migrations.AlterModelTable(name="contractmeeting", table=None),
        migrations.AlterModelTable(name="kpidefinition", table=None),
        migrations.AlterModelTable(name="kpireturn", table=None),
    ]
