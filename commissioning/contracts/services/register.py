"""Writes to the contracts register. Each is atomic, takes the acting user, and records an audit event."""
from django.db import transaction

from commissioning.core.audit import Action, Source, audit_record, diff
from commissioning.planning.services import directorate_commissioning

from ..choices import ContractKind, ContractStatus, Procedure
from ..domain.spend import annual_value
from ..models import Contract
from ._common import readable_snapshot

CONTRACT_FIELDS = [
    "reference", "title", "directorate", "description", "supplier", "supplier_charity_number", "kind",
    "value_pence", "annual_value_pence", "irrecoverable_vat_pence", "start_date", "end_date", "review_date",
    "procedure", "supplier_is_sme", "supplier_is_vcse", "lead_commissioner", "terms_version", "status",
    "approved_list",
]
# A list's register entry follows the list: these fields are the list's, kept in step when it changes.
LIST_STATUS = {"draft": ContractStatus.PLANNED, "open": ContractStatus.LIVE, "paused": ContractStatus.LIVE,
               "closed": ContractStatus.ENDED}


def _snapshot(contract: Contract) -> dict:
    return readable_snapshot(contract, CONTRACT_FIELDS)


@transaction.atomic
def contract_save(*, contract: Contract, by, source: str = Source.WEB, note: str = "") -> Contract:
    """Create or change a register entry, recording who changed what; nothing is recorded when nothing changed."""
    creating = contract.pk is None
    before = dict.fromkeys(CONTRACT_FIELDS, "") if creating else _snapshot(
        Contract.objects.select_for_update().get(pk=contract.pk))
    contract.full_clean()
    contract.save()
    changes = diff(contract, before, _snapshot(contract))
    if creating or changes:
        audit_record(actor=by, action=Action.CREATED if creating else Action.UPDATED, obj=contract,
                     changes=changes, source=source, note=note)
    return contract


def _free_reference(reference: str, contract: Contract) -> str:
    taken = Contract.objects.filter(reference=reference).exclude(pk=contract.pk).exists()
    return f"{reference[:44]}-LIST" if taken else reference


@transaction.atomic
def contract_keep_for_list(*, approved_list, by=None) -> Contract:
    """Make or keep an approved list's register entry: a contract of the list's reference, name, term,
    estimated value and lead commissioner, tendered, with no single supplier; its status follows the
    list's (draft: planned; open or paused: live; closed: ended). The department and anything else set
    on the register are kept."""
    contract = Contract.objects.select_for_update().filter(approved_list=approved_list).first() or Contract(
        approved_list=approved_list, directorate=directorate_commissioning(approved_list.market_area, by=by),
        kind=ContractKind.CONTRACT, procedure=Procedure.TENDER)
    contract.reference = _free_reference(approved_list.reference, contract)
    contract.title = approved_list.name[:200]
    contract.description = approved_list.description
    contract.start_date = approved_list.start_date
    contract.end_date = approved_list.end_date
    contract.value_pence = approved_list.estimated_value_pence
    contract.annual_value_pence = annual_value(approved_list.estimated_value_pence, contract.start_date,
                                               contract.end_date)
    contract.lead_commissioner_id = approved_list.lead_commissioner_id
    contract.status = LIST_STATUS.get(str(approved_list.status), ContractStatus.LIVE)
    return contract_save(contract=contract, by=by, source=Source.SYSTEM if by is None else Source.WEB,
                         note="Kept in step with its approved list")
