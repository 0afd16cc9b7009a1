from django.db import migrations


def first_versions(apps, schema_editor):
    """Every offer made before revisions were kept gets its current terms as version 1."""
    Offer = apps.get_model("brokerage", "Offer")
    OfferRevision = apps.get_model("brokerage", "OfferRevision")
    OfferRevision.objects.bulk_create([
        OfferRevision(offer_id=offer.pk, number=1, rate_pence=offer.rate_pence,
                      weekly_cost_pence=offer.weekly_cost_pence, start_date=offer.start_date,
                      outcome_answers=offer.outcome_answers, submitted_at=offer.submitted_at,
                      submitted_by_id=offer.submitted_by_id)
        for offer in Offer.objects.filter(revisions__isnull=True)])


class Migration(migrations.Migration):
    dependencies = [
        ("brokerage", "0003_statuses_carry_colours_and_histories"),
    ]

    operations = [
        migrations.RunPython(first_versions, migrations.RunPython.noop),
    ]
