"""The contracts register, and an entry for each approved list that already exists (ADR 0026)."""

import commissioning.core.choices
import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from commissioning.contracts.domain.spend import annual_value, term_end

LIST_STATUS = {"draft": "planned", "open": "live", "paused": "live", "closed": "ended"}


def backfill_lists(apps, schema_editor):
    """Every approved list becomes a contract in the register, in the directorate commissioning its
    market (Adult Social Care when none names it), tendered, with the list's term and value."""
    ApprovedList = apps.get_model("procurement", "ApprovedList")
    Contract = apps.get_model("contracts", "Contract")
    Directorate = apps.get_model("planning", "Directorate")
    directorates = {d: set(d.markets.values_list("code", flat=True)) for d in Directorate.objects.all()}
    for approved_list in ApprovedList.objects.filter(register_entry__isnull=True).order_by("pk"):
        market = approved_list.market_area_id
        directorate = next((d for d, codes in directorates.items() if market in codes), None)
        if directorate is None:
            directorate, created = Directorate.objects.get_or_create(name="Adult Social Care")
            directorate.markets.add(approved_list.market_area)
            directorates[directorate] = set(directorate.markets.values_list("code", flat=True))
        end = term_end(approved_list.start_date, approved_list.term_months)
        reference = approved_list.reference
        if Contract.objects.filter(reference=reference).exists():
            reference = f"{reference[:44]}-LIST"
        Contract.objects.create(
            approved_list=approved_list, reference=reference, title=approved_list.name[:200],
            description=approved_list.description, directorate=directorate, kind="contract",
            value_pence=approved_list.estimated_value_pence,
            annual_value_pence=annual_value(approved_list.estimated_value_pence, approved_list.start_date, end),
            start_date=approved_list.start_date, end_date=end, procedure="invitation_to_tender",
            lead_commissioner_id=approved_list.lead_commissioner_id,
            status=LIST_STATUS.get(approved_list.status, "live"))


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('planning', '0006_markets_are_council_markets'),
        ('procurement', '0005_market_area_is_a_council_market'),
        ('providers', '0009_locality_can_be_retired'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Contract',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('reference', models.CharField(max_length=50, unique=True)),
                ('title', models.CharField(max_length=200)),
                ('description', models.TextField(blank=True)),
                ('supplier_charity_number', models.CharField(blank=True, max_length=8, validators=[django.core.validators.RegexValidator('^(\\d{6,7}|SC\\d{6}|NI\\d{6})$', 'Enter a charity number of 6 or 7 digits, or SC or NI and 6 digits, like 1123456 or SC012345')], verbose_name="supplier's charity number")),
                ('kind', models.CharField(choices=[('contract', 'Contract'), ('grant', 'Grant')], default='contract', max_length=10, verbose_name='contract or grant')),
                ('value_pence', models.BigIntegerField(validators=[django.core.validators.MinValueValidator(0)], verbose_name='value over the term')),
                ('annual_value_pence', models.BigIntegerField(validators=[django.core.validators.MinValueValidator(0)], verbose_name='value a year')),
                ('irrecoverable_vat_pence', models.BigIntegerField(default=0, validators=[django.core.validators.MinValueValidator(0)], verbose_name='VAT that cannot be recovered')),
                ('start_date', models.DateField()),
                ('end_date', models.DateField()),
                ('review_date', models.DateField(blank=True, null=True)),
                ('procedure', models.CharField(choices=[('invitation_to_quote', 'Invitation to quote'), ('invitation_to_tender', 'Invitation to tender'), ('other', 'Other')], max_length=30, verbose_name='how the supplier was chosen')),
                ('supplier_is_sme', models.BooleanField(default=False, verbose_name='the supplier is a small or medium-sized enterprise')),
                ('supplier_is_vcse', models.BooleanField(default=False, verbose_name='the supplier is a voluntary or community organisation')),
                ('terms_version', models.CharField(blank=True, max_length=50, verbose_name='version of the terms and conditions')),
                ('status', commissioning.core.choices.StatusField(choices=[('planned', 'Planned'), ('live', 'Live'), ('ended', 'Ended'), ('terminated', 'Terminated early')], default='live', max_length=20)),
                ('approved_list', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='register_entry', to='procurement.approvedlist', verbose_name='approved list or framework')),
                ('directorate', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='contracts', to='planning.directorate', verbose_name='department')),
                ('lead_commissioner', models.ForeignKey(limit_choices_to={'role': 'lead_commissioner'}, on_delete=django.db.models.deletion.PROTECT, related_name='contracts_led', to=settings.AUTH_USER_MODEL)),
                ('supplier', models.ForeignKey(blank=True, help_text='Leave blank for a list or framework with many suppliers', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='contracts', to='providers.provider')),
            ],
            options={
                'ordering': ['end_date', 'reference'],
                'indexes': [models.Index(fields=['directorate', 'end_date'], name='contracts_c_directo_553610_idx'), models.Index(fields=['status', 'end_date'], name='contracts_c_status_537325_idx')],
                'constraints': [models.CheckConstraint(condition=models.Q(('end_date__gte', models.F('start_date'))), name='contract_ends_after_it_starts')],
            },
        ),
        migrations.RunPython(backfill_lists, migrations.RunPython.noop),
    ]
