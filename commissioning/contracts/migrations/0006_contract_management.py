"""Contract management on the register (ADR 0026, "Contract management"): a meeting belongs to a
contract, a KPI belongs to a contract instead of an approved list, and meetings have actions and
contracts breaches.

Existing meetings find their contract from their provider and market: the register entry of an
approved list in that market the provider holds a place on (the one ending last), else of any
approved list in that market (ending last), else a contract the provider itself holds (ending last).
A meeting none of these finds keeps no contract (it stays on the meetings page, marked, and the
lead commissioner chooses its contract on its page). Existing KPIs take their list's register
entry; a list without one (none should be) gets its entry first, by the rules of migration 0001."""
import importlib

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import commissioning.core.choices


def contract_for_meeting(apps, provider_id, market_code):
    """The register entry a meeting with this provider in this market belongs to, or None."""
    Contract = apps.get_model("contracts", "Contract")
    in_market = Contract.objects.filter(approved_list__market_area_id=market_code).order_by("-end_date", "-pk")
    return (in_market.filter(approved_list__lots__memberships__provider_id=provider_id).first()
            or in_market.first()
            or Contract.objects.filter(supplier_id=provider_id).order_by("-end_date", "-pk").first())


def backfill(apps, schema_editor):
    ContractMeeting = apps.get_model("contracts", "ContractMeeting")
    KpiDefinition = apps.get_model("contracts", "KpiDefinition")
    Contract = apps.get_model("contracts", "Contract")
    found = {}
    for meeting in ContractMeeting.objects.filter(contract__isnull=True).order_by("pk"):
        key = (meeting.provider_id, meeting.market_area_id)
        if key not in found:
            found[key] = contract_for_meeting(apps, *key)
        if found[key] is not None:
            meeting.contract = found[key]
            meeting.save(update_fields=["contract"])
    if KpiDefinition.objects.filter(approved_list__register_entry__isnull=True).exists():
        importlib.import_module("commissioning.contracts.migrations.0001_register").backfill_lists(apps, schema_editor)
    for kpi in KpiDefinition.objects.all().order_by("pk"):
        kpi.contract = Contract.objects.get(approved_list_id=kpi.approved_list_id)
        kpi.save(update_fields=["contract"])


def back_to_lists(apps, schema_editor):
    """Taken back, a KPI names its contract's list again (a KPI of a contract that is not a list cannot go back)."""
    KpiDefinition = apps.get_model("contracts", "KpiDefinition")
    for kpi in KpiDefinition.objects.select_related("contract").order_by("pk"):
        if kpi.contract.approved_list_id is None:
            raise RuntimeError(f"KPI {kpi.pk} belongs to a contract that is not an approved list")
        kpi.approved_list_id = kpi.contract.approved_list_id
        kpi.save(update_fields=["approved_list"])


class Migration(migrations.Migration):

    dependencies = [
        ("contracts", "0005_meetings_and_kpis_move_from_quality"),
        ("quality", "0005_meetings_and_kpis_move_to_contracts"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="contractmeeting",
            name="contract",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT,
                                    related_name="meetings", to="contracts.contract"),
        ),
        migrations.AddField(
            model_name="kpidefinition",
            name="contract",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name="kpis",
                                    to="contracts.contract"),
        ),
        migrations.AlterField(
            model_name="kpidefinition",
            name="approved_list",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name="kpis",
                                    to="procurement.approvedlist"),
        ),
        migrations.RunPython(backfill, back_to_lists),
        migrations.AlterField(
            model_name="kpidefinition",
            name="contract",
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="kpis",
                                    to="contracts.contract"),
        ),
        migrations.AlterModelOptions(name="kpidefinition", options={"ordering": ["contract", "name"]}),
        migrations.RemoveField(model_name="kpidefinition", name="approved_list"),
        migrations.CreateModel(
            name="MeetingAction",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("what", models.TextField(verbose_name="what is to be done")),
                ("due", models.DateField(verbose_name="due by")),
                ("done_on", models.DateField(blank=True, null=True)),
                ("meeting", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="actions",
                                              to="contracts.contractmeeting")),
                ("owner", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT,
                                            related_name="contract_actions", to=settings.AUTH_USER_MODEL)),
            ],
            options={"ordering": ["done_on", "due", "id"]},
        ),
        migrations.CreateModel(
            name="Breach",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("what_happened", models.TextField()),
                ("term", models.CharField(help_text="The clause or part of the specification", max_length=200,
                                          verbose_name="term breached")),
                ("found_on", models.DateField()),
                ("penalty_pence", models.BigIntegerField(default=0, validators=[
                    django.core.validators.MinValueValidator(0)], verbose_name="penalty")),
                ("remedy", models.TextField(blank=True, verbose_name="remedy")),
                ("status", commissioning.core.choices.StatusField(
                    choices=[("open", "Open"), ("remedied", "Remedied"), ("closed", "Closed")], default="open",
                    max_length=10)),
                ("contract", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="breaches",
                                               to="contracts.contract")),
                ("meeting", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT,
                                              related_name="breach_records", to="contracts.contractmeeting")),
                ("provider", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT,
                                               related_name="contract_breaches", to="providers.provider")),
                ("recorded_by", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                                  to=settings.AUTH_USER_MODEL)),
            ],
            options={"ordering": ["-found_on", "-id"], "verbose_name_plural": "breaches",
                     "constraints": [models.CheckConstraint(condition=models.Q(("penalty_pence__gte", 0)),
                                                            name="breach_penalty_not_negative")]},
        ),
    ]
