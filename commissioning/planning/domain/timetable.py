"""Back-scheduling a procurement timetable from the contract start the council wants: pure code.

Each task lasts a number of working days (England: weekends and English bank holidays do not
count, `core.domain.working_days`) and follows the tasks it names. A task that goes to a committee
(Cabinet, scrutiny) finishes on one of that committee's meeting dates.

1. Backward pass: the last tasks finish on the wanted start; every other task finishes when the
   earliest of the tasks that follow it must start, moved back to the latest meeting on or before
   that day if it goes to a committee; it starts its working days earlier. These are the target dates.
2. Forward pass: from today (or a task's actual date once done), each task starts when the tasks
   it follows have finished, moved on to the next meeting if it goes to a committee.
3. Float: the working days between a task's earliest and latest finish. The critical path is the
   tasks not yet done with the least float; a negative float means the wanted start cannot be met.

A committee task with no meeting between today and its latest finish gives the warning a lead
commissioner needs: "The award must go to Cabinet on 12 March 2027, but standstill and
mobilisation need 9 weeks before the contract start on 1 April 2027". Tasks must name only tasks
numbered before them (a template is written in order), so one pass each way suffices.
"""
from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from commissioning.core.domain.working_days import add_working_days, is_working_day, working_days_between


@dataclass(frozen=True)
class Step:
    """A task as the scheduler sees it."""

    number: int
    working_days: int
    after: tuple[int, ...] = ()
    committee: str = ""
    name: str = ""
    done_on: date | None = None


@dataclass
class Schedule:
    """Latest and earliest dates per task number, the critical path and the warnings."""

    latest_start: dict[int, date] = field(default_factory=dict)
    latest_finish: dict[int, date] = field(default_factory=dict)
    earliest_finish: dict[int, date] = field(default_factory=dict)
    float_days: dict[int, int] = field(default_factory=dict)
    critical: set[int] = field(default_factory=set)
    warnings: list[str] = field(default_factory=list)

    @property
    def can_be_met(self) -> bool:
        return not self.warnings


def working_days_before(finish: date, days: int) -> date:
    """The date `days` working days before `finish`: the start from which `add_working_days` reaches it."""
    if days < 0:
        raise ValueError("days must not be negative")
    current, remaining = finish, days
    while remaining:
        current -= timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current


def _day(d: date) -> str:
    return f"{d:%-d %B %Y}"


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def back_schedule(steps: Sequence[Step], *, wanted_start: date, today: date,
                  meetings: Mapping[str, Sequence[date]], committee_names: Mapping[str, str]) -> Schedule:
    """Target dates back from `wanted_start`, earliest dates on from `today`, the critical path and
    the warnings when the timetable cannot be met."""
    by_number = {s.number: s for s in steps}
    successors: dict[int, list[int]] = {s.number: [] for s in steps}
    for s in steps:
        for before in s.after:
            if before not in by_number or before >= s.number:
                raise ValueError(f"Task {s.number} must follow tasks numbered before it")
            successors[before].append(s.number)
    order = sorted(by_number)
    meeting_days = {c: sorted(days) for c, days in meetings.items()}
    out = Schedule()

    for n in reversed(order):
        step = by_number[n]
        finish = min((out.latest_start[m] for m in successors[n]), default=wanted_start)
        if step.committee:
            possible = [d for d in meeting_days.get(step.committee, []) if d <= finish]
            if possible:
                finish = possible[-1]
        out.latest_finish[n] = finish
        out.latest_start[n] = working_days_before(finish, step.working_days)

    for n in order:
        step = by_number[n]
        if step.done_on:
            out.earliest_finish[n] = step.done_on
            continue
        start = max([today, *(out.earliest_finish[b] for b in step.after)])
        finish = add_working_days(start, step.working_days)
        if step.committee:
            later = [d for d in meeting_days.get(step.committee, []) if d >= finish]
            finish = later[0] if later else finish
        out.earliest_finish[n] = finish

    open_steps = [n for n in order if not by_number[n].done_on]
    for n in open_steps:
        out.float_days[n] = working_days_between(out.earliest_finish[n], out.latest_finish[n])
    if open_steps:
        least = min(out.float_days[n] for n in open_steps)
        out.critical = {n for n in open_steps if out.float_days[n] == least}

    for n in open_steps:
        step = by_number[n]
        if not step.committee:
            continue
        committee = committee_names.get(step.committee, step.committee)
        ok = [d for d in meeting_days.get(step.committee, []) if today <= d <= out.latest_finish[n]]
        if ok:
            continue
        path, days, current = [], 0, n
        while successors[current]:
            current = min(successors[current], key=lambda m: out.latest_start[m])
            days += by_number[current].working_days
            if by_number[current].working_days:
                path.append(by_number[current].name)
        nxt = [d for d in meeting_days.get(step.committee, []) if d >= max(today, out.earliest_finish[n])]
        need = f"{_join(path) if path else 'the tasks after it'} need {math.ceil(days / 5)} weeks"
        if nxt:
            out.warnings.append(f"{step.name} must go to {committee} on {_day(nxt[0])}, but {need} before the "
                                f"contract start on {_day(wanted_start)}")
        else:
            out.warnings.append(f"{step.name} must go to {committee}, but no {committee} date is entered after "
                                f"{_day(today)}: enter the committee dates")
    if open_steps and min(out.float_days.values()) < 0 and not out.warnings:
        first = next(n for n in open_steps if out.float_days[n] < 0)
        out.warnings.append(
            f"Task {first} ({by_number[first].name}) must finish by {_day(out.latest_finish[first])} for the "
            f"contract to start on {_day(wanted_start)}, but cannot finish before "
            f"{_day(out.earliest_finish[first])}")
    return out
