"""The commissioning calendar: every dated item colleagues plan around, read from the apps that own
them through their selectors (approved lists' ends and reopening windows, the ends of the register's
other contracts, each after any approved extension, contract meetings) and
from planning itself (committee dates, procurement timetables' tenders, key decisions and contract
starts), and the same items as an iCalendar feed."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone

from commissioning.accounts.selectors import market_names
from commissioning.contracts import selectors as register
from commissioning.contracts import selectors_management as contract_management
from commissioning.core.choices import ColouredChoices, tag_colours
from commissioning.procurement import selectors as procurement

from .choices import Period
from .models import CommitteeDate, Consultation, Directorate, Task


@tag_colours(ENDING="red", TENDER="blue", REVIEW="yellow", DECISION="purple", START="green", CONSULTATION="turquoise")
class ItemKind(ColouredChoices):
    ENDING = "ending", "List or contract ends"
    TENDER = "tender", "Tender or reopening"
    REVIEW = "review", "Contract review meeting"
    DECISION = "decision", "Key decision or committee"
    START = "start", "New contract starts"
    CONSULTATION = "consultation", "Consultation"


@dataclass(frozen=True)
class Item:
    """One dated item of the calendar; `uid` is stable, so a subscribed calendar updates it in place."""

    uid: str
    on: date
    title: str
    kind: ItemKind
    market_area: str = ""
    lead_id: int | None = None
    lead: str = ""
    url: str = ""
    directorate_ids: tuple[int, ...] = ()
    directorates: str = ""

    @property
    def market_label(self) -> str:
        return market_names().get(self.market_area, "") if self.market_area else ""

    @property
    def quarter(self) -> str:
        return f"{self.on.year}-q{(self.on.month - 1) // 3 + 1}"


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, 28))


def _by_directorate(found) -> dict:
    return {"directorate_ids": tuple(d.pk for d in found), "directorates": ", ".join(d.name for d in found)}


def items(*, user, start: date, end: date) -> list[Item]:
    """Every dated item between `start` and `end` that `user` may see, in date order. An item of a
    care market belongs to the directorates that commission that market; a timetable to its own
    directorate when it names one; a consultation to the directorates that ask it."""
    out: list[Item] = []
    directorates = list(Directorate.objects.for_user(user).prefetch_related("markets"))

    def of_market(market_area: str) -> dict:
        return _by_directorate([d for d in directorates if market_area and market_area in d.market_areas])

    for approved in procurement.list_scope(user=user).select_related("lead_commissioner", "register_entry"):
        lead = approved.lead_commissioner
        common = {"market_area": approved.market_area_id, "lead_id": lead.pk, "lead": str(lead),
                  "url": approved.get_absolute_url(), **of_market(approved.market_area_id)}
        entry = getattr(approved, "register_entry", None)
        ends_on = entry.end_date if entry else approved.end_date  # after any extension of its register entry
        if approved.status != "draft" and start <= ends_on <= end:
            out.append(Item(uid=f"list-end-{approved.pk}", on=ends_on, kind=ItemKind.ENDING,
                            title=f"{approved.name} ends", **common))
    for contract in register.contract_scope(user=user).filter(
            approved_list__isnull=True, status__in=["live", "decommissioning"], end_date__range=(start, end)):
        lead = contract.lead_commissioner
        out.append(Item(uid=f"contract-end-{contract.pk}", on=contract.end_date, kind=ItemKind.ENDING,
                        title=f"{contract.title} ends", lead_id=lead.pk, lead=str(lead),
                        url=contract.get_absolute_url(), **_by_directorate([contract.directorate])))
        for window in approved.windows.all():
            if start <= window.opens_on <= end:
                out.append(Item(uid=f"list-window-{window.pk}", on=window.opens_on, kind=ItemKind.TENDER,
                                title=f"{approved.name} reopens to applications", **common))
    for meeting in contract_management.meeting_scope(user=user).filter(scheduled_for__range=(start, end),
                                                                         held_on__isnull=True):
        out.append(Item(uid=f"contract-meeting-{meeting.pk}", on=meeting.scheduled_for, kind=ItemKind.REVIEW,
                        title=f"Contract meeting with {meeting.provider.name}", market_area=meeting.market_area_id,
                        url=meeting.get_absolute_url(), **of_market(meeting.market_area_id)))
    for committee in CommitteeDate.objects.for_user(user).filter(meets_on__range=(start, end)):
        out.append(Item(uid=f"committee-{committee.pk}", on=committee.meets_on, kind=ItemKind.DECISION,
                        title=str(committee.get_committee_display()), url=reverse("planning:committee_list")))
    tasks = (Task.objects.for_user(user).filter(actual_date__isnull=True, target_date__range=(start, end))
             .select_related("project__owner", "project__directorate"))
    lasts = dict(Task.objects.for_user(user).values("project").annotate(last=Max("number"))
                 .values_list("project", "last"))
    for task in tasks:
        kind = (ItemKind.TENDER if task.period == Period.TENDER else ItemKind.DECISION if task.committee
                else ItemKind.START if task.number == lasts.get(task.project_id) else None)
        if kind is None:
            continue
        owner = task.project.owner
        on = task.start_date if kind == ItemKind.TENDER and task.start_date else task.target_date
        title = {ItemKind.TENDER: f"{task.project.name}: tender opens",
                 ItemKind.DECISION: f"{task.project.name}: key decision",
                 ItemKind.START: f"{task.project.name}: new contract starts"}[kind]
        by = (_by_directorate([task.project.directorate]) if task.project.directorate
              else of_market(owner.market_area_id or ""))
        out.append(Item(uid=f"task-{task.pk}", on=on, kind=kind, title=title, market_area=owner.market_area_id or "",
                        lead_id=owner.pk, lead=str(owner), url=task.project.get_absolute_url(), **by))
    consultations = (Consultation.objects.for_user(user)
                     .filter(Q(starts_on__range=(start, end)) | Q(ends_on__range=(start, end)))
                     .select_related("created_by").prefetch_related("directorates"))
    for consultation in consultations:
        by = _by_directorate(list(consultation.directorates.all()))
        url = reverse("planning:consultation_detail", args=[consultation.pk])
        for edge, on in (("opens", consultation.starts_on), ("closes", consultation.ends_on)):
            if start <= on <= end:
                out.append(Item(uid=f"consultation-{edge}-{consultation.pk}", on=on, kind=ItemKind.CONSULTATION,
                                title=f"{consultation.topic}: consultation {edge}", url=url, **by))
    return sorted(out, key=lambda i: (i.on, i.title))


CSV_COLUMNS = ["Date", "What", "Kind", "Market", "Directorates", "Lead commissioner", "Link"]


def csv_text(rows: list[Item], *, base_url: str) -> str:
    """The items as a CSV that is safe to open in a spreadsheet (a title never runs as a formula)."""
    import io

    from commissioning.core.csv_export import safe_writer

    out = io.StringIO()
    writer = safe_writer(out)
    writer.writerow(CSV_COLUMNS)
    for item in rows:
        writer.writerow([f"{item.on:%-d %B %Y}", item.title, str(item.kind.label), item.market_label,
                         item.directorates, item.lead, base_url + item.url if item.url else ""])
    return out.getvalue()


def ics(rows: list[Item], *, base_url: str) -> bytes:
    """The items as an iCalendar (RFC 5545) feed of all-day events, one VEVENT per item."""
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//Adult social care commissioning//Commissioning calendar//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Commissioning calendar")
    stamp = timezone.now().replace(microsecond=0)
    for item in rows:
        event = Event()
        event.add("uid", f"{item.uid}@commissioning")
        event.add("dtstamp", stamp)
        event.add("dtstart", item.on)
        event.add("dtend", item.on + timedelta(days=1))
        event.add("summary", item.title)
        event.add("categories", [str(item.kind.label)])
        if item.url:
            event.add("url", base_url + item.url)
        cal.add_component(event)
    return cal.to_ical()
