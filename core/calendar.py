"""The working-day calendar (hari kerja): weekdays that are not holidays or closures.

National holidays come from the `holidays` package (Indonesia, categories public and
government); cuti bersama is only in `government`, and whether it closes the office is a
per-region setting. Counting follows DESIGN §4.3: the clock starts on the working day
after the start date, and day N is the deadline.
"""

import datetime
import functools
from dataclasses import dataclass, field

import holidays


@functools.cache
def _national(year: int) -> dict[datetime.date, tuple[str, bool]]:
    """{date: (name, is_cuti_bersama)} for one year."""
    public = holidays.country_holidays("ID", years=year, categories=("public",), language="id")
    government = holidays.country_holidays(
        "ID", years=year, categories=("government",), language="id"
    )
    days = {day: (name, False) for day, name in public.items()}
    for day, name in government.items():
        days.setdefault(day, (name, True))
    return days


@dataclass(frozen=True)
class WorkingCalendar:
    cuti_bersama_closed: bool = True
    closures: frozenset[datetime.date] = field(default_factory=frozenset)

    def closed_reason(self, day: datetime.date) -> str | None:
        """Why a day is not a working day, or None when it is one."""
        if day.weekday() >= 5:
            return "Sabtu" if day.weekday() == 5 else "Minggu"
        if day in self.closures:
            return "Penutupan layanan"
        holiday = _national(day.year).get(day)
        if holiday is None:
            return None
        name, is_cuti_bersama = holiday
        if is_cuti_bersama and not self.cuti_bersama_closed:
            return None
        return name

    def is_working_day(self, day: datetime.date) -> bool:
        return self.closed_reason(day) is None

    def add_working_days(self, start: datetime.date, days: int) -> datetime.date:
        """The date of working day `days`, counting from the first working day after `start`."""
        if days < 0:
            raise ValueError("days must not be negative")
        day = start
        counted = 0
        while counted < days:
            day += datetime.timedelta(days=1)
            if self.is_working_day(day):
                counted += 1
        return day

    def working_days_between(self, start: datetime.date, end: datetime.date) -> int:
        """Working days after `start` up to and including `end` (0 when end <= start)."""
        count = 0
        day = start
        while day < end:
            day += datetime.timedelta(days=1)
            if self.is_working_day(day):
                count += 1
        return count
