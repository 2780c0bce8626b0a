"""Working days: weekends, national holidays, cuti bersama per region, declared closures."""

import datetime

from core.calendar import WorkingCalendar

D = datetime.date


def test_weekends_and_holidays_are_closed():
    calendar = WorkingCalendar()
    assert calendar.closed_reason(D(2026, 11, 28)) == "Sabtu"
    assert calendar.closed_reason(D(2026, 8, 17)) == "Hari Kemerdekaan Republik Indonesia"
    assert calendar.is_working_day(D(2026, 11, 27)) is True


def test_cuti_bersama_closes_the_office_only_where_the_region_says_so():
    christmas_eve = D(2026, 12, 24)
    assert WorkingCalendar(cuti_bersama_closed=True).closed_reason(christmas_eve) == (
        "Cuti Bersama Hari Raya Natal"
    )
    assert WorkingCalendar(cuti_bersama_closed=False).is_working_day(christmas_eve) is True


def test_declared_closure_is_closed():
    calendar = WorkingCalendar(closures=frozenset({D(2026, 4, 1)}))
    assert calendar.closed_reason(D(2026, 4, 1)) == "Penutupan layanan"


def test_day_n_is_the_deadline_counting_from_the_next_working_day():
    calendar = WorkingCalendar()
    # Submitted Friday 27 Nov 2026: day 1 is Monday 30 Nov, day 5 Friday 4 Dec.
    assert calendar.add_working_days(D(2026, 11, 27), 1) == D(2026, 11, 30)
    assert calendar.add_working_days(D(2026, 11, 27), 5) == D(2026, 12, 4)
    assert calendar.add_working_days(D(2026, 11, 27), 0) == D(2026, 11, 27)


def test_deadline_skips_christmas_and_cuti_bersama():
    # From Tue 22 Dec 2026: 23 (1), 24 cuti bersama, 25 Natal, 26-27 weekend, 28 (2), 29 (3).
    assert WorkingCalendar().add_working_days(D(2026, 12, 22), 3) == D(2026, 12, 29)
    assert WorkingCalendar(cuti_bersama_closed=False).add_working_days(D(2026, 12, 22), 3) == D(
        2026, 12, 28
    )


def test_idul_fitri_2026_week_is_closed():
    # 18 Mar cuti Nyepi, 19 Nyepi, 20 cuti, 21-22 Idul Fitri (weekend), 23-24 cuti.
    calendar = WorkingCalendar()
    assert calendar.add_working_days(D(2026, 3, 17), 1) == D(2026, 3, 25)


def test_working_days_between_counts_after_start_up_to_end():
    calendar = WorkingCalendar()
    assert calendar.working_days_between(D(2026, 11, 27), D(2026, 12, 4)) == 5
    assert calendar.working_days_between(D(2026, 12, 4), D(2026, 11, 27)) == 0
