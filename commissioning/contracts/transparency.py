"""The Local Government Transparency Code 2015's quarterly contracts publication: every contract and
grant over £5,000 that has begun, with the Code's fields (ADR 0026). Organisations only: no person."""
from commissioning.core.money import pence_to_pounds

THRESHOLD_PENCE = 5_000_00
HEADER = ["Reference number", "Title of agreement", "Department", "Description of the goods or services",
          "Supplier name", "Supplier registration number", "Contract or grant", "Start date", "End date",
          "Review date", "Total value (£)", "Value per year (£)", "Irrecoverable VAT (£)",
          "Procedure: invitation to quote or tender", "SME", "Voluntary or community sector"]


def _date(value) -> str:
    return f"{value:%d/%m/%Y}" if value else ""


def rows(contracts):
    """One row per contract, in the Code's order of fields; the supplier of an approved list is the
    list, whose members are published with it."""
    for c in contracts:
        supplier = c.supplier.legal_name or c.supplier.name if c.supplier_id else (
            f"Members of the approved list {c.title}" if c.approved_list_id else "")
        yield [c.reference, c.title, c.directorate.name, c.description, supplier, c.supplier_number,
               c.get_kind_display(), _date(c.start_date), _date(c.end_date), _date(c.review_date),
               pence_to_pounds(c.value_pence), pence_to_pounds(c.annual_value_pence),
               pence_to_pounds(c.irrecoverable_vat_pence), c.get_procedure_display(),
               "Yes" if c.supplier_is_sme else "No", "Yes" if c.supplier_is_vcse else "No"]


def published(queryset):
    """The contracts the Code publishes: over £5,000, live or past (not planned)."""
    return (queryset.filter(value_pence__gt=THRESHOLD_PENCE).exclude(status="planned")
            .select_related("directorate", "supplier").order_by("directorate__name", "reference"))
