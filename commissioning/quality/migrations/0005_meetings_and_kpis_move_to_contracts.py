"""Contract meetings, KPIs and KPI returns are the contracts app's now (its migration 0003 takes
them over with their rows): quality forgets them in its state only; the database is untouched here."""
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("contracts", "0005_meetings_and_kpis_move_from_quality"),
        ("quality", "0004_market_area_is_a_council_market"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="KpiReturn"),
                migrations.DeleteModel(name="KpiDefinition"),
                migrations.DeleteModel(name="ContractMeeting"),
            ],
            database_operations=[],
        ),
    ]
