"""The default classification: the markets of the Derby 2019 Approved Provider Lists paper
(care homes standard/nursing/specialist, home care standard/specialist, supported living,
extra care, day opportunities), common specialisms and client groups, and four city localities.
Councils change these through configuration; this is only the starting point."""
from django.db import migrations

SERVICE_TYPES = [
    # code, name, market area, capacity unit, regulated by CQC
    ("care-home-standard", "Care home (residential)", "care_homes", "beds", True),
    ("care-home-nursing", "Care home with nursing", "care_homes", "beds", True),
    ("care-home-specialist", "Care home (specialist)", "care_homes", "beds", True),
    ("home-care-standard", "Home care (standard)", "home_care", "hours", True),
    ("home-care-specialist", "Home care (specialist)", "home_care", "hours", True),
    ("supported-living", "Supported living", "supported_living", "hours", True),
    ("extra-care", "Extra care housing", "care_homes", "hours", True),
    ("day-opportunities", "Day opportunities", "home_care", "places", False),
]
SPECIALISMS = [
    ("dementia", "Dementia"),
    ("learning-disability", "Learning disability"),
    ("autism", "Autism"),
    ("mental-health", "Mental health"),
    ("physical-disability", "Physical disability"),
    ("sensory-impairment", "Sensory impairment"),
    ("challenging-behaviour", "Behaviour that challenges"),
    ("multiple-complex-needs", "Multiple complex needs"),
    ("end-of-life", "End of life care"),
    ("acquired-brain-injury", "Acquired brain injury"),
    ("substance-misuse", "Substance misuse"),
]
CLIENT_GROUPS = [
    ("older-people", "Older people"),
    ("learning-disability", "Learning disability"),
    ("mental-health", "Mental health"),
    ("physical-disability", "Physical disability"),
    ("autism", "Autism"),
    ("carers", "Carers"),
]
# Derby's postcode districts grouped into the four localities used in its papers.
LOCALITIES = [
    ("Central", "DE1,DE22,DE23"),
    ("West", "DE3"),
    ("East", "DE21,DE72"),
    ("South", "DE24,DE73"),
]


def load(apps, schema_editor):
    ServiceType = apps.get_model("providers", "ServiceType")
    Specialism = apps.get_model("providers", "Specialism")
    ClientGroup = apps.get_model("providers", "ClientGroup")
    Locality = apps.get_model("providers", "Locality")
    # Run again by the tests on today's models, where the market area is a key to accounts.Market.
    market = "market_area_id" if ServiceType._meta.get_field("market_area").is_relation else "market_area"
    for order, (code, name, area, unit, regulated) in enumerate(SERVICE_TYPES):
        ServiceType.objects.update_or_create(code=code, defaults={
            "name": name, market: area, "capacity_unit": unit, "regulated": regulated, "order": order})
    for code, name in SPECIALISMS:
        Specialism.objects.update_or_create(code=code, defaults={"name": name})
    for code, name in CLIENT_GROUPS:
        ClientGroup.objects.update_or_create(code=code, defaults={"name": name})
    for name, districts in LOCALITIES:
        Locality.objects.update_or_create(name=name, defaults={"postcode_districts": districts})


class Migration(migrations.Migration):
    dependencies = [("providers", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
