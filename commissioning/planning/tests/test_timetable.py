"""Back-scheduling over English bank holidays and committee dates."""
from datetime import date

import pytest

from commissioning.planning.domain.timetable import Step, back_schedule, working_days_before

NAMES = {"cabinet": "Cabinet"}


def test_back_scheduling_skips_christmas_boxing_day_and_new_year():
    # 25 December 2026 is a Friday, Boxing Day's holiday moves to Monday 28th, 1 January is a Friday.
    assert working_days_before(date(2027, 1, 4), 5) == date(2026, 12, 23)


def test_back_scheduling_skips_good_friday_and_easter_monday():
    # Easter 2027 is 28 March: Good Friday 26 March and Easter Monday 29 March are holidays.
    assert working_days_before(date(2027, 3, 31), 3) == date(2027, 3, 24)


def _award(meetings, today=date(2026, 12, 1)):
    steps = [Step(1, 20, (), "", "Evaluation"), Step(2, 0, (1,), "cabinet", "The award"),
             Step(3, 8, (2,), "", "standstill"), Step(4, 37, (3,), "", "mobilisation"), Step(5, 0, (4,), "", "Start")]
    return back_schedule(steps, wanted_start=date(2027, 4, 1), today=today, meetings={"cabinet": meetings},
                         committee_names=NAMES)


def test_the_award_is_timed_to_the_latest_cabinet_that_leaves_standstill_and_mobilisation():
    schedule = _award([date(2027, 1, 14), date(2027, 2, 11), date(2027, 3, 12)])
    # 45 working days before 1 April 2027 (Easter falls after it) is 26 January: the 14 January Cabinet.
    assert schedule.latest_finish[2] == date(2027, 1, 14)
    assert schedule.latest_start[1] == working_days_before(date(2027, 1, 14), 20)
    assert schedule.can_be_met
    assert schedule.critical


def test_a_moved_cabinet_date_makes_the_timetable_warn():
    schedule = _award([date(2027, 3, 12)])
    assert not schedule.can_be_met
    assert schedule.warnings == ["The award must go to Cabinet on 12 March 2027, but standstill and mobilisation "
                                 "need 9 weeks before the contract start on 1 April 2027"]


def test_no_committee_date_at_all_asks_for_the_dates():
    schedule = _award([])
    assert "no Cabinet date is entered" in schedule.warnings[0]


def test_too_little_time_before_the_start_is_a_warning_on_the_first_late_task():
    steps = [Step(1, 60, (), "", "Tender"), Step(2, 0, (1,), "", "Start")]
    schedule = back_schedule(steps, wanted_start=date(2027, 1, 4), today=date(2026, 12, 1), meetings={},
                             committee_names=NAMES)
    assert schedule.float_days[1] < 0
    assert schedule.warnings[0].startswith("Task 1 (Tender) must finish by 4 January 2027")
    assert schedule.critical == {1, 2}


def test_a_task_that_follows_a_later_task_is_refused():
    with pytest.raises(ValueError, match="numbered before"):
        back_schedule([Step(1, 1, (2,)), Step(2, 1)], wanted_start=date(2027, 1, 4), today=date(2026, 12, 1),
                      meetings={}, committee_names=NAMES)
