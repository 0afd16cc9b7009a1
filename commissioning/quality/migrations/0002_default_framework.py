"""The default audit framework: 5 domains and 16 standards, the model about 50 councils use
(DOMAIN.md; the standards follow the essential standards of quality and safety), rated
Excellent / Good / Requires improvement / Poor, combined by the mean of points with the default
bands, and mapped Excellent and Good → Green, Requires improvement → Amber, Poor → Red."""
from django.db import migrations

DOMAINS = [
    ("Involvement and information", ["Respecting and involving people who use services", "Consent to care and treatment"]),
    ("Personalised care and support", ["Care and welfare of people who use services", "Meeting nutritional needs",
                                       "Co-operating with other providers"]),
    ("Safeguarding and safety", ["Safeguarding people who use services from abuse", "Cleanliness and infection control",
                                 "Management of medicines", "Safety and suitability of premises",
                                 "Safety, availability and suitability of equipment"]),
    ("Suitability of staffing", ["Requirements relating to workers", "Staffing", "Supporting workers"]),
    ("Quality of management", ["Assessing and monitoring the quality of service provision", "Complaints",
                               "Records"]),
]
NAME = "Quality assessment framework (5 domains, 16 standards)"


def load(apps, schema_editor):
    Framework = apps.get_model("quality", "Framework")
    Domain = apps.get_model("quality", "Domain")
    Standard = apps.get_model("quality", "Standard")
    framework, _ = Framework.objects.update_or_create(name=NAME, defaults={"is_default": True})
    number = 0
    for d, (name, standards) in enumerate(DOMAINS, start=1):
        domain, _ = Domain.objects.update_or_create(framework=framework, number=d, defaults={"name": name})
        for title in standards:
            number += 1
            Standard.objects.update_or_create(domain=domain, number=number, defaults={"title": title})


def unload(apps, schema_editor):
    apps.get_model("quality", "Framework").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [("quality", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
