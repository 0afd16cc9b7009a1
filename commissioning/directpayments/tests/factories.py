"""Direct payment records made through the services, as people would make them."""
from datetime import date
from decimal import Decimal

from django.utils import timezone

from commissioning.brokerage.models import CareRequest, Person
from commissioning.directpayments import services
from commissioning.directpayments.choices import HeldAs

# Client Level Data details whose values are the release file's own.
GOOD_DETAILS = {
    "nhs_number": "9434765919", "gender": "Female",
    "ethnicity": "White: English, Welsh, Scottish, Northern Irish or British",
    "primary_support_reason": "Learning Disability Support", "accommodation_status": "Owner occupier or shared "
                                                                                        "ownership scheme",
    "employment_status": "Not in paid employment: Not actively seeking work or retired",
    "has_unpaid_carer": "Unknown", "client_funding_status": "Fully social care funded",
    "route_of_access": "Planned entry",
}


def make_direct_payment(by, care: CareRequest, *, hours=Decimal("10"), rate=2000, other=0, other_reason="",
                        start=None, review=None, held_as=HeldAs.CARD, reference=None):
    start = start or timezone.localdate()
    return services.direct_payment_create(
        by=by, request=care, hours_per_week=hours, hourly_rate_pence=rate, other_weekly_pence=other,
        other_weekly_reason=other_reason, start_date=start, review_date=review or date.fromordinal(
            start.toordinal() + 42), held_as=held_as, account_reference=reference or f"CARD-{care.pk:05d}")


def card_csv(rows) -> bytes:
    head = "card_reference,date,payee,payee_type,bought,amount,balance,hours\n"
    return (head + "".join(",".join(str(v) for v in row) + "\n" for row in rows)).encode()


def dp_objects(objects: dict) -> dict:
    """One of each direct payment record for the permission matrix, made once per test."""
    if "dp" in objects:
        return objects["dp"]
    from commissioning.finance.models import PaymentRun

    by = objects["admin"]
    care = objects["care"]
    person = Person.objects.create(reference="P-000777", name="Grace Hopper", date_of_birth="1950-02-03",
                                   postcode="DE22 1GB", address="2 Kedleston Road")
    request = CareRequest.objects.create(
        person=person, requested_by=by, needs="Help each day", outcomes="Stay at home", lot=care.lot,
        service_type=care.service_type, hours_per_week=10, postcode="DE22 1GB", locality=care.locality,
        start_date="2026-01-05", budget_pence=25000, status="new", waiting_since="2026-01-01T09:00Z")
    agreement = make_direct_payment(by, request, start=date(2026, 1, 5), reference="CARD-MATRIX")
    services.client_details_save(by=by, person=person, **GOOD_DETAILS)
    services.support_review_record(by=by, agreement=agreement, reviewed_on=date(2026, 2, 16),
                                   review_reason="Planned review", outcome="Continuation of support or services",
                                   method="Face to face", next_review=None)
    run, _ = PaymentRun.objects.get_or_create(key="four_weekly:2026-02-01", defaults={
        "kind": PaymentRun.Kind.FOUR_WEEKLY, "period_end": date(2026, 2, 1), "created_by": by})
    statement = services.card_statement_import(
        by=by, file_name="card.csv", today=date(2026, 3, 1),
        content=card_csv([["CARD-MATRIX", "20/02/2026", "Bluebell Care", "Agency", "Agency care", "100.00",
                           "1900.00", "5"]]))
    submission = services.cld_build(by=by, quarter_end=date(2026, 3, 31), today=date(2026, 4, 2))
    objects["dp"] = {"agreement": agreement, "person": person, "run": run, "statement": statement,
                     "review": statement.reviews.first(), "submission": submission}
    return objects["dp"]
