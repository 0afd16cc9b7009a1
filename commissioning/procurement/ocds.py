"""Approved Provider Lists as Open Contracting Data Standard 1.1.5 releases, in the UK profile.

One list is one contracting process, `ocid = "<OCDS_OCID_PREFIX>-<reference>"`; a council sets the
prefix it registered with the Open Contracting Partnership (the default is a placeholder). The buyer
is the council made by the first run, identified by its PPON (`accounts.selectors`; before the first
run, the `COUNCIL_NAME` and `COUNCIL_PPON` settings). Draft lists are never
published, and neither is anything about a person: no user, no provider contact, no reasons.

Releases of a list, one per published event:
- the list opening (tag `tender`): the whole tender, its lots, value, term and technique; later
  pauses, reopenings and the closure (tag `tenderUpdate`) carry the new status;
- each reopening window once it has opened (tag `tenderUpdate`): the window as `tenderPeriod`;
- each decided application that admitted the provider to lots (tag `award`): one award per
  membership, `relatedLots` its lot, dated the admission day;
- each removal of a member (tag `awardUpdate`): that award `cancelled`.

Technique: a DPS or dynamic market has `hasDynamicPurchasingSystem` with type `closed` (only the
council buys through it: `open` would mean buyers not named in the process may use it) and status
`active`, or `terminated` once closed; an open framework has `hasFrameworkAgreement`, with
`isOpenFrameworkScheme`, the term, and `withAndWithoutReopeningCompetition` (direct award or
further competition). Tender and lot status: draft → planning (never published), open → active,
paused → active (members still receive call-offs; only new applications wait), closed → complete.

UK notice types (`documents[].noticeType`) are Procurement Act 2023 notices, so:
- dynamic market: opened → UK13 (intention to establish; it invites applications); the first
  admission → UK14 (establishment); paused, reopened or a window opened → UK15 (modification);
  closed → UK16 (cessation). Admission to a dynamic market is not a contract award: no UK6.
- open framework: opened and each reopening window → UK4 (tender notice); each admission → UK6
  (contract award notice); the closure carries no notice.
- DPS (Public Contracts Regulations 2015): no UK notice type; the earlier legislation's notices apply.
"""
from dataclasses import dataclass
from datetime import date, datetime, time

from django.utils import timezone

from commissioning.core.ocds import (
    COMPANIES_HOUSE_SCHEME,
    OCDS_VERSION,
    PPON_SCHEME,
    Council,
    amount,
    council_of_record,
    supplier_party,
)
from commissioning.core.ocds import day_end as _day_end
from commissioning.core.ocds import day_start as _day_start
from commissioning.core.ocds import moment as _moment
from commissioning.core.ocds import release_package as _package

from . import selectors
from .choices import AdmissionMode, ListKind, ListStatus

# Re-exported: what the lists published before the shared module existed, under the same names.
__all__ = ["COMPANIES_HOUSE_SCHEME", "OCDS_VERSION", "PPON_SCHEME", "Council", "amount", "council_of_record"]
EXTENSIONS = [
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_lots_extension/master/extension.json",
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_techniques_extension/master/extension.json",
    "https://raw.githubusercontent.com/cabinetoffice/ocds_uk_extension/main/extension.json",
]
TENDER_STATUS = {ListStatus.DRAFT: "planning", ListStatus.OPEN: "active", ListStatus.PAUSED: "active",
                 ListStatus.CLOSED: "complete"}
NOTICE_TYPES = {
    (ListKind.DYNAMIC_MARKET, "open"): "UK13",
    (ListKind.DYNAMIC_MARKET, "established"): "UK14",
    (ListKind.DYNAMIC_MARKET, "pause"): "UK15",
    (ListKind.DYNAMIC_MARKET, "reopen"): "UK15",
    (ListKind.DYNAMIC_MARKET, "window"): "UK15",
    (ListKind.DYNAMIC_MARKET, "close"): "UK16",
    (ListKind.OPEN_FRAMEWORK, "open"): "UK4",
    (ListKind.OPEN_FRAMEWORK, "window"): "UK4",
    (ListKind.OPEN_FRAMEWORK, "admit"): "UK6",
}
NOTICE_TITLES = {
    "UK4": "Tender notice",
    "UK6": "Contract award notice",
    "UK13": "Dynamic market notice – intention to establish",
    "UK14": "Dynamic market notice – establishment",
    "UK15": "Dynamic market notice – modification",
    "UK16": "Dynamic market notice – cessation",
}
_STATUS_BY_LABEL = {str(status.label): status.value for status in ListStatus}


@dataclass(frozen=True)
class StatusChange:
    """A list's move to a new status, at a moment; `key` makes its release id unique."""

    key: str
    at: datetime
    from_status: str
    to_status: str

    @property
    def event(self) -> str:
        if self.to_status == ListStatus.OPEN:
            return "reopen" if self.from_status == ListStatus.PAUSED else "open"
        return {ListStatus.PAUSED: "pause", ListStatus.CLOSED: "close"}.get(self.to_status, self.to_status)


def ocid(approved_list, council: Council) -> str:
    """One list is one contracting process: the registered prefix, then the list's reference."""
    return f"{council.ocid_prefix}-{approved_list.reference}"


def status_changes(approved_list, audit_events) -> list[StatusChange]:
    """The list's status moves from its audit rows; a list with none recorded opened when it was created."""
    changes = []
    for event in audit_events:
        before, after = (_STATUS_BY_LABEL.get(label) for label in event.changes["Status"])
        if after:
            changes.append(StatusChange(key=str(event.pk), at=event.at, from_status=before or "", to_status=after))
    if changes or approved_list.status == ListStatus.DRAFT:
        return changes
    changes.append(StatusChange(key="0", at=approved_list.created_at, from_status=ListStatus.DRAFT,
                                to_status=ListStatus.OPEN))
    if approved_list.status != ListStatus.OPEN:
        changes.append(StatusChange(key="1", at=approved_list.updated_at, from_status=ListStatus.OPEN,
                                    to_status=approved_list.status))
    return changes


def _notice(kind: str, event: str, document_id: str, published: datetime) -> list[dict]:
    code = NOTICE_TYPES.get((kind, event))
    if code is None:
        return []
    return [{"id": f"{document_id}-{code}", "documentType": "awardNotice" if code == "UK6" else "tenderNotice",
             "noticeType": code, "title": NOTICE_TITLES[code], "datePublished": _moment(published)}]


def _techniques(approved_list, status: str) -> dict:
    if approved_list.kind == ListKind.OPEN_FRAMEWORK:
        return {"hasFrameworkAgreement": True, "frameworkAgreement": {
            "isOpenFrameworkScheme": True,
            "openFrameworkSchemeEndDate": _day_end(approved_list.end_date),
            "type": "closed",
            "method": "withAndWithoutReopeningCompetition",
            "period": {"startDate": _day_start(approved_list.start_date), "endDate": _day_end(approved_list.end_date)},
            "value": {"amount": amount(approved_list.estimated_value_pence), "currency": "GBP"},
        }}
    return {"hasDynamicPurchasingSystem": True, "dynamicPurchasingSystem": {
        "type": "closed", "status": "terminated" if status == ListStatus.CLOSED else "active"}}


def _full_tender(approved_list, status: str, opened: str, council: Council) -> dict:
    tender_status = TENDER_STATUS[status]
    tender = {
        "id": approved_list.reference,
        "title": approved_list.name,
        "status": tender_status,
        "procuringEntity": council.reference(),
        "value": {"amount": amount(approved_list.estimated_value_pence), "currency": "GBP"},
        "mainProcurementCategory": "services",
        "procurementMethodDetails": approved_list.get_kind_display(),
        "specialRegime": ["lightTouch"],
        "contractPeriod": {"startDate": _day_start(approved_list.start_date),
                           "endDate": _day_end(approved_list.end_date),
                           "durationInMonths": approved_list.term_months},
        "techniques": _techniques(approved_list, status),
        "lots": [_lot(lot, tender_status) for lot in approved_list.lots.all()],
    }
    if approved_list.description:
        tender["description"] = approved_list.description
    if approved_list.admission_mode == AdmissionMode.CONTINUOUS:
        tender["tenderPeriod"] = {"startDate": opened, "endDate": _day_end(approved_list.end_date)}
    if approved_list.max_lots_per_provider:
        tender["lotDetails"] = {"maximumLotsAwardedPerSupplier": approved_list.max_lots_per_provider}
    return tender


def _lot(lot, tender_status: str) -> dict:
    out = {"id": str(lot.number), "title": lot.title, "status": tender_status}
    if lot.description:
        out["description"] = lot.description
    return out


def _release(approved_list, council: Council, *, key: str, at: datetime, tag: str,
             **sections) -> tuple[datetime, dict]:
    """A release of the list's contracting process, with the moment it records for ordering."""
    release_ocid = ocid(approved_list, council)
    release = {"ocid": release_ocid, "id": f"{release_ocid}-{key}", "date": _moment(at), "tag": [tag],
               "initiationType": "tender", "language": "en", "buyer": council.reference(),
               "parties": [council.party(), *sections.pop("suppliers", [])]}
    return at, {**release, **sections}


def _supplier(provider) -> dict:
    """A provider as an organisation: its name and, when it has one, its Companies House number."""
    return supplier_party(provider)


def award_id(membership) -> str:
    """Each admission to a lot is one award."""
    return f"membership-{membership.pk}"


def _status_releases(approved_list, changes: list[StatusChange], council: Council) -> list[tuple[datetime, dict]]:
    releases = []
    for index, change in enumerate(changes):
        key = f"{change.event}-{change.key}"
        if index == 0:
            tender = _full_tender(approved_list, change.to_status, _moment(change.at), council)
        else:
            status = TENDER_STATUS[change.to_status]
            tender = {"id": approved_list.reference, "status": status,
                      "lots": [{"id": str(lot.number), "status": status} for lot in approved_list.lots.all()],
                      "techniques": _techniques(approved_list, change.to_status)}
            if change.to_status == ListStatus.CLOSED:
                tender["finalStatusDate"] = _moment(change.at)
        notices = _notice(approved_list.kind, change.event, f"{ocid(approved_list, council)}-{key}", change.at)
        if notices:
            tender["documents"] = notices
        releases.append(_release(approved_list, council, key=key, at=change.at,
                                 tag="tender" if index == 0 else "tenderUpdate", tender=tender))
    return releases


def _window_releases(approved_list, opened: datetime, today: date, council: Council) -> list[tuple[datetime, dict]]:
    releases = []
    if approved_list.admission_mode != "windows":
        return releases  # a continuously open list's one round is its opening, already the tender release
    for window in approved_list.windows.all():
        if window.opens_on > today:
            continue
        at = max(timezone.make_aware(datetime.combine(window.opens_on, time.min)), opened)
        key = f"window-{window.pk}"
        tender = {"id": approved_list.reference,
                  "tenderPeriod": {"startDate": _day_start(window.opens_on), "endDate": _day_end(window.closes_on)}}
        notices = _notice(approved_list.kind, "window", f"{ocid(approved_list, council)}-{key}", at)
        if notices:
            tender["documents"] = notices
        releases.append(_release(approved_list, council, key=key, at=at, tag="tenderUpdate", tender=tender))
    return releases


def _award(approved_list, membership, supplier: dict, at: datetime, council: Council) -> dict:
    award = {
        "id": award_id(membership),
        "title": f"{membership.provider.name}: Lot {membership.lot.number}, {membership.lot.title}",
        "status": "active",
        "date": _day_start(membership.admitted_on),
        "relatedLots": [str(membership.lot.number)],
        "suppliers": [{"id": supplier["id"], "name": supplier["name"]}],
        "contractPeriod": {"startDate": _day_start(membership.admitted_on),
                           "endDate": _day_end(approved_list.end_date)},
    }
    notices = _notice(approved_list.kind, "admit", f"{ocid(approved_list, council)}-{award['id']}", at)
    if notices:
        award["documents"] = notices
    return award


def _award_releases(approved_list, council: Council) -> list[tuple[datetime, dict]]:
    by_application: dict[int, list] = {}
    for lot in approved_list.lots.all():
        for membership in lot.memberships.all():
            by_application.setdefault(membership.application_id, []).append(membership)
    groups = sorted(by_application.values(), key=lambda ms: (min(m.admitted_on for m in ms), ms[0].application_id))
    releases = []
    for index, memberships in enumerate(groups):
        application = memberships[0].application
        at = application.decided_at or min(m.created_at for m in memberships)
        supplier = _supplier(memberships[0].provider)
        awards = [_award(approved_list, membership, supplier, at, council)
                  for membership in sorted(memberships, key=lambda m: m.lot.number)]
        releases.append(_release(approved_list, council, key=f"award-{application.pk}", at=at, tag="award",
                                 suppliers=[{**supplier, "roles": ["supplier"]}], awards=awards))
        notices = _notice(approved_list.kind, "established", f"{ocid(approved_list, council)}-established", at)
        if index == 0 and notices:
            releases.append(_release(approved_list, council, key="established", at=at, tag="tenderUpdate",
                                     tender={"id": approved_list.reference, "documents": notices}))
    return releases


def _removal_releases(approved_list, removals, council: Council) -> list[tuple[datetime, dict]]:
    return [
        _release(approved_list, council, key=f"removal-{event.pk}", at=event.at, tag="awardUpdate",
                 awards=[{"id": award_id(event.membership), "status": "cancelled"}])
        for event in removals
    ]


def list_releases(approved_list, *, council: Council, changes: list[StatusChange], removals, today: date) -> list[dict]:
    """Every release of one published list, oldest first: status moves, windows, admissions, removals."""
    if approved_list.status == ListStatus.DRAFT or not changes:
        return []
    timed = [
        *_status_releases(approved_list, changes, council),
        *_window_releases(approved_list, changes[0].at, today, council),
        *_award_releases(approved_list, council),
        *_removal_releases(approved_list, removals, council),
    ]
    return [release for _, _, release in sorted((at, order, release) for order, (at, release) in enumerate(timed))]


def release_package(releases: list[dict], *, council: Council, uri: str, now: datetime) -> dict:
    """A release package of `releases`; generated on demand, it is dated by its newest release."""
    return _package(releases, council=council, uri=uri, now=now, extensions=EXTENSIONS)


def lists_package(approved_lists, *, uri: str, now: datetime | None = None) -> dict:
    """The release package of the given lists (drafts left out), read from the database."""
    now = now or timezone.now()
    council = council_of_record()
    approved_lists = [lst for lst in approved_lists if lst.status != ListStatus.DRAFT]
    history: dict[int, list] = {}
    for event in selectors.list_status_history(approved_lists):
        history.setdefault(event.object_id, []).append(event)
    removals: dict[int, list] = {}
    for event in selectors.membership_removals(approved_lists).select_related("membership__lot"):
        removals.setdefault(event.membership.lot.approved_list_id, []).append(event)
    releases = []
    for approved_list in approved_lists:
        releases += list_releases(approved_list, council=council,
                                  changes=status_changes(approved_list, history.get(approved_list.pk, [])),
                                  removals=removals.get(approved_list.pk, []), today=timezone.localdate(now))
    return release_package(releases, council=council, uri=uri, now=now)
