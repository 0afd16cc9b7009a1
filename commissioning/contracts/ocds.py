"""The contracts register as Open Contracting Data Standard 1.1.5 releases, in the UK profile, with the
budget breakdown extension for joint funding (ADR 0026, "Open contract data").

Each register entry that is not merely planned is one contracting process:
- a contract that is not a list has its own ocid, `<prefix>-contract-<reference>` (the `contract-`
  part keeps it apart from the lists' ocids, `<prefix>-<list reference>`, which may share a reference);
- a list's entry is the list's own process (`procurement.ocds.ocid`), so its contract, funding and
  spend sit beside the list's tender and awards.

Releases of an entry:
- a contract release (tag `contract`): the award and the contract with their value and period, the
  supplier as an organisation (Companies House or charity number), and `planning.budget` with one
  `budgetBreakdown` line per funding line (the funder party, role `funder`, and the financial year);
- an implementation release (tag `implementation`) once anything is paid: what was paid as
  `contracts[].implementation.transactions`, summed per calendar month: for a list, its call-offs'
  paid invoice lines by the invoice's period end (so no transaction is one person's care); for any
  other contract, the payments recorded against it by the day paid, to its supplier.

Each call-off of a list (an accepted or ended individual service agreement) is a contracting process
of its own, `<list ocid>-call-off-<n>` where n counts the list's agreements in the order they were
made, with `relatedProcesses` relationship `framework` to the list's process. Nothing about the
person: no name, reference, address, needs, nor the agreement's own number.
"""
from datetime import date

from django.utils import timezone
from django.utils.text import slugify

from commissioning.brokerage.choices import AgreementStatus
from commissioning.core.ocds import (
    Council,
    council_of_record,
    day_end,
    day_start,
    moment,
    release_package,
    supplier_party,
    value,
)
from commissioning.procurement.ocds import ocid as list_ocid

from . import selectors
from .choices import ContractStatus, FunderKind
from .domain.spend import commissioned

EXTENSIONS = [
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_budget_breakdown_extension/master/extension.json",
    "https://raw.githubusercontent.com/cabinetoffice/ocds_uk_extension/main/extension.json",
]
CONTRACT_STATUS = {ContractStatus.PLANNED: "pending", ContractStatus.LIVE: "active",
                   ContractStatus.ENDED: "terminated", ContractStatus.TERMINATED: "terminated"}
CALL_OFF_STATUS = {AgreementStatus.ACCEPTED: "active", AgreementStatus.ENDED: "terminated"}
FUNDER_ROLES = ["funder", "sourceParty"]  # funder (the standard's codelist), sourceParty (the extension's)


def entry_ocid(contract, council: Council) -> str:
    """A list's entry is the list's process; any other contract has its own."""
    if contract.approved_list_id:
        return list_ocid(contract.approved_list, council)
    return council.process_id(f"contract-{contract.reference}")


def call_off_ocid(approved_list, sequence: int, council: Council) -> str:
    """A call-off's own process: the list's ocid and the call-off's place among the list's agreements."""
    return f"{list_ocid(approved_list, council)}-call-off-{sequence}"


def _year(financial_year: int) -> dict:
    return {"startDate": day_start(date(financial_year, 4, 1)), "endDate": day_end(date(financial_year + 1, 3, 31))}


def funder_party(line, council: Council) -> dict:
    """The organisation a funding line comes from: a department of the council, the integrated care
    board by its name, or a pooled budget."""
    if line.kind == FunderKind.DIRECTORATE and line.directorate_id:
        return {"id": f"{council.party_id}-department-{line.directorate_id}",
                "name": f"{council.name}: {line.directorate.name}"}
    if line.kind == FunderKind.POOLED and line.pooled_budget_id:
        return {"id": f"pooled-budget-{line.pooled_budget_id}", "name": line.pooled_budget.name}
    name = line.funder
    return {"id": f"nhs-icb-{slugify(name)}", "name": name}


def _planning(contract, funding: list, council: Council) -> tuple[dict, list[dict]]:
    """`planning.budget` with a breakdown line per funding line, and the funders as parties."""
    parties: dict[str, dict] = {}
    breakdown = []
    per_year: dict[int, int] = {}
    for line in funding:
        party = funder_party(line, council)
        parties.setdefault(party["id"], {**party, "roles": FUNDER_ROLES})
        per_year[line.financial_year] = per_year.get(line.financial_year, 0) + 1
        breakdown.append({
            "id": f"{line.financial_year}-{per_year[line.financial_year]}",
            "description": f"{line.funder}, {line.year_label}",
            "amount": value(line.amount_pence),
            "period": _year(line.financial_year),
            "sourceParty": party,
        })
    budget = {"id": f"{contract.reference}-funding", "description": f"Funders of {contract.title} by financial year",
              "amount": value(sum(line.amount_pence for line in funding)), "budgetBreakdown": breakdown}
    return {"budget": budget}, list(parties.values())


def _release(release_ocid: str, key: str, at: str, tag: list[str], council: Council, parties: list[dict],
             council_roles=("buyer", "procuringEntity"), **sections) -> dict:
    return {"ocid": release_ocid, "id": f"{release_ocid}-{key}", "date": at, "tag": tag, "initiationType": "tender",
            "language": "en", "buyer": council.reference(), "parties": [council.party(council_roles), *parties],
            **sections}


def _supplier(contract) -> dict | None:
    if not contract.supplier_id:
        return None
    return supplier_party(contract.supplier, charity_number=contract.supplier_charity_number)


def _reference(party: dict) -> dict:
    return {"id": party["id"], "name": party["name"]}


def contract_release(contract, funding: list, council: Council) -> dict:
    """The entry as let: its award, its contract, its supplier and its funders."""
    period = {"startDate": day_start(contract.start_date), "endDate": day_end(contract.end_date)}
    supplier = _supplier(contract)
    award = {"id": contract.reference, "title": contract.title, "status": "active",
             "date": day_start(contract.start_date), "value": value(contract.value_pence), "contractPeriod": period}
    if supplier:
        award["suppliers"] = [_reference(supplier)]
    deal = {"id": contract.reference, "awardID": contract.reference, "title": contract.title,
            "status": CONTRACT_STATUS[contract.status], "value": value(contract.value_pence), "period": period}
    if contract.description:
        award["description"] = deal["description"] = contract.description
    parties = [{**supplier, "roles": ["supplier"]}] if supplier else []
    sections = {"awards": [award], "contracts": [deal]}
    if funding:
        planning, funders = _planning(contract, funding, council)
        sections["planning"] = planning
        parties += funders
    at = moment(contract.updated_at)
    key = f"contract-{timezone.localtime(contract.updated_at):%Y%m%d%H%M%S}"
    return _release(entry_ocid(contract, council), key, at, ["contract"], council, parties, **sections)


def implementation_release(contract, months: list[tuple[date, int, date]], council: Council) -> dict | None:
    """What has been paid on the entry, one transaction per month (`months`: the month, its pence and
    the last day paid in it); none before anything is paid."""
    if not months:
        return None
    supplier = _supplier(contract)
    transactions = []
    for month, pence, last in months:
        transaction = {"id": f"{contract.reference}-{month:%Y-%m}", "date": day_end(last), "value": value(pence),
                       "payer": council.reference()}
        if supplier:
            transaction["payee"] = _reference(supplier)
        transactions.append(transaction)
    latest = max(last for _, _, last in months)
    release_ocid = entry_ocid(contract, council)
    deal = {"id": contract.reference, "awardID": contract.reference, "implementation": {"transactions": transactions}}
    return _release(release_ocid, f"implementation-{latest:%Y%m%d}", day_end(latest), ["implementation"], council,
                    [{**supplier, "roles": ["payee", "supplier"]}] if supplier else [],
                    council_roles=("buyer", "procuringEntity", "payer"), contracts=[deal])


def call_off_release(agreement, sequence: int, council: Council, *, list_uri: str) -> dict:
    """One call-off as its own process linked to the list's: the provider, the lot, the start and
    the commissioned value to the end of the list's term (an ended call-off has no end recorded, so
    no value). Nothing about the person."""
    approved_list = agreement.lot.approved_list
    entry = approved_list.register_entry
    release_ocid = call_off_ocid(approved_list, sequence, council)
    supplier = supplier_party(agreement.provider)
    local_id = f"{approved_list.reference}-call-off-{sequence}"
    award = {"id": local_id, "title": f"Call-off from {approved_list.name}: Lot {agreement.lot.number}, "
                                      f"{agreement.lot.title}",
             "status": "active", "date": day_start(agreement.start_date), "suppliers": [_reference(supplier)]}
    deal = {"id": local_id, "awardID": local_id, "status": CALL_OFF_STATUS[agreement.status],
            "period": {"startDate": day_start(agreement.start_date)}}
    if agreement.status == AgreementStatus.ACCEPTED:
        pence = commissioned(agreement.weekly_cost_pence, agreement.start_date, entry.end_date)
        award["value"] = deal["value"] = value(pence)
        award["contractPeriod"] = deal["period"] = {"startDate": day_start(agreement.start_date),
                                                     "endDate": day_end(entry.end_date)}
    related = {"id": "framework", "relationship": ["framework"], "title": approved_list.name, "scheme": "ocid",
               "identifier": list_ocid(approved_list, council), "uri": list_uri}
    return _release(release_ocid, agreement.status, moment(agreement.updated_at), ["award", "contract"], council,
                    [{**supplier, "roles": ["supplier"]}], relatedProcesses=[related], awards=[award],
                    contracts=[deal])


def entry_releases(contract, *, funding: list, months: list, council: Council) -> list[dict]:
    """The contract release, then the implementation release once anything is paid."""
    implementation = implementation_release(contract, months, council)
    return [contract_release(contract, funding, council), *([implementation] if implementation else [])]


def package(releases: list[dict], *, council: Council | None, uri: str, links: dict | None = None,
            now=None) -> dict:
    council = council or council_of_record()
    return release_package(releases, council=council, uri=uri, now=now or timezone.now(), extensions=EXTENSIONS,
                           links=links)


PER_PAGE = 100


class PageNotFound(Exception):
    """A page that is not a whole number from 1, a call-off cursor that is not one, or past the end."""


def _whole(text: str | None, default: int, least: int) -> int:
    try:
        number = int(text) if text not in (None, "") else default
    except ValueError as error:
        raise PageNotFound(text) from error
    if not least <= number < 2**63:  # a database integer
        raise PageNotFound(text)
    return number


def call_off_id(agreement) -> str:
    """A call-off's public id, `<list reference>-call-off-<n>`: a page's cursor names it, never the
    agreement's own key (which leads to the person's record)."""
    return f"{agreement.lot.approved_list.reference}-call-off-{agreement.sequence}"


def _call_off_key(after: str, list_ids) -> int:
    """The agreement a cursor names by its public id ("0": before the first), to page on from."""
    if after == "0":
        return 0
    reference, _, number = after.rpartition("-call-off-")
    sequence = _whole(number, 0, 1) if reference else None
    if sequence is None:
        raise PageNotFound(after)
    found = list(selectors.call_off_keys(reference, list_ids)[sequence - 1:sequence])
    if not found:
        raise PageNotFound(after)
    return found[0]


def register_page(contracts, *, page: str | None, after: str | None, uri, list_uri) -> dict:
    """One page of the package of `contracts`: first the entries' releases, `PER_PAGE` entries a page
    by reference (`?page=n`), then the call-offs of the lists among them, `PER_PAGE` a page oldest
    first, from a cursor (`?after=<the last call-off's public id>`, "0" for the first: a later page does
    not count through the ones before it, and the cursor never shows an agreement's own key).
    `links.next` names the next page while there is one. `uri(**params)` is a page's
    address, `list_uri(reference)` a list's package. A fixed number of queries a page, however many
    entries and call-offs there are."""
    council = council_of_record()
    links = {}
    if after is None:
        number = _whole(page, 1, 1)
        entry_pages = -(-contracts.count() // PER_PAGE)
        if number > max(entry_pages, 1):
            raise PageNotFound(page)
        entries = list(contracts[(number - 1) * PER_PAGE:number * PER_PAGE])
        funding = selectors.funding_by_contract(c.pk for c in entries)
        months = selectors.paid_by_month(entries)
        releases = [release for c in entries for release in entry_releases(
            c, funding=funding.get(c.pk, []), months=months.get(c.pk, []), council=council)]
        if number < entry_pages:
            links["next"] = uri(page=number + 1)
        elif selectors.published_call_offs(selectors.published_list_ids(contracts)).exists():
            links["next"] = uri(after=0)
        if number > 1:
            links["prev"] = uri(page=number - 1)
        return package(releases, council=council, uri=uri(page=number), links=links)
    list_ids = selectors.published_list_ids(contracts)
    rows = list(selectors.published_call_offs(list_ids).filter(pk__gt=_call_off_key(after, list_ids))[
        :PER_PAGE + 1])
    if not rows:
        raise PageNotFound(after)
    rows, more = rows[:PER_PAGE], len(rows) > PER_PAGE
    if more:
        links["next"] = uri(after=call_off_id(rows[-1]))
    releases = [call_off_release(a, a.sequence, council, list_uri=list_uri(a.lot.approved_list.reference))
                for a in rows]
    return package(releases, council=council, uri=uri(after=after), links=links)
