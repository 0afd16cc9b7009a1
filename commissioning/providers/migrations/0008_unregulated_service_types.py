"""Three kinds of service councils buy that CQC does not register: accommodation only (housing
with no care), supported housing (housing-related support) and technology-enabled care (alarms,
sensors, telecare). Councils rename or retire them on the reference data pages."""
from django.db import migrations

UNREGULATED = [
    # code, name, market area, capacity unit
    ("accommodation-only", "Accommodation only", "supported_living", "places"),
    ("supported-housing", "Supported housing", "supported_living", "places"),
    ("technology-enabled-care", "Technology-enabled care", "home_care", "places"),
]


def add(apps, schema_editor):
    ServiceType = apps.get_model("providers", "ServiceType")
    market = "market_area_id" if ServiceType._meta.get_field("market_area").is_relation else "market_area"
    order = (ServiceType.objects.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    for offset, (code, name, area, unit) in enumerate(UNREGULATED):
        if ServiceType.objects.filter(code=code).exists() or ServiceType.objects.filter(name=name).exists():
            continue
        ServiceType.objects.create(code=code, name=name, **{market: area}, capacity_unit=unit, regulated=False,
                                   order=order + offset)


def remove(apps, schema_editor):
    ServiceType = apps.get_model("providers", "ServiceType")
    ServiceType.objects.filter(code__in=[code for code, *_ in UNREGULATED], services__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("providers", "0007_reference_data_retirement")]
    operations = [migrations.RunPython(add, remove)]
