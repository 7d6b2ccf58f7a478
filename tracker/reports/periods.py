"""Reporting period arithmetic: bounds, data window (cut-off), due date and Vietnamese label.

Pure date logic (DOMAIN.md, "Reporting periods"); nothing here reads the clock or the
database. The default is the state reporting calendar of Decree 09/2019/NĐ-CP: data from the
15th of the month before the period to the 14th of the period's last month, report due by
the 25th of the last month. Offices change the two days (Office.report_cutoff_day,
Office.report_due_day); a day past the end of a short month means its last day.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

MONTHLY, QUARTERLY, HALF_YEARLY, YEARLY = "monthly", "quarterly", "half_yearly", "yearly"
# How many months each cadence spans (periods start in January and tile the year).
CADENCE_MONTHS = {MONTHLY: 1, QUARTERLY: 3, HALF_YEARLY: 6, YEARLY: 12}
DEFAULT_CUTOFF_DAY = 14
DEFAULT_DUE_DAY = 25
ROMAN = ("I", "II", "III", "IV")


@dataclass(frozen=True)
class PeriodSpan:
    """One period: calendar span, the window of data it reports on, and the report's due date."""

    cadence: str
    start: dt.date
    end: dt.date
    data_from: dt.date
    data_to: dt.date
    due_on: dt.date
    label: str

    def collecting_on(self, day: dt.date) -> bool:
        """Whether ``day`` falls in the period's data window (bodies submit for it then)."""
        return self.data_from <= day <= self.data_to


def day_in_month(year: int, month: int, day: int) -> dt.date:
    """The given day of a month, or its last day when the month is shorter."""
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def month_shift(year: int, month: int, delta: int) -> tuple[int, int]:
    """(year, month) ``delta`` months later (negative: earlier)."""
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def period_label(cadence: str, start: dt.date) -> str:
    """The Vietnamese label used in titles: "Tháng 11/2026", "Quý IV/2026", "6 tháng đầu năm 2026", "Năm 2026"."""
    if cadence == MONTHLY:
        return f"Tháng {start.month}/{start.year}"
    if cadence == QUARTERLY:
        return f"Quý {ROMAN[(start.month - 1) // 3]}/{start.year}"
    if cadence == HALF_YEARLY:
        half = "đầu" if start.month <= 6 else "cuối"
        return f"6 tháng {half} năm {start.year}"
    if cadence == YEARLY:
        return f"Năm {start.year}"
    raise ValueError(f"Unknown cadence: {cadence!r}")


def period_containing(
    cadence: str, day: dt.date, *, cutoff_day: int = DEFAULT_CUTOFF_DAY, due_day: int = DEFAULT_DUE_DAY
) -> PeriodSpan:
    """The period of ``cadence`` whose calendar span contains ``day``."""
    if cadence not in CADENCE_MONTHS:
        raise ValueError(f"Unknown cadence: {cadence!r}")
    if not 1 <= cutoff_day <= 31 or not 1 <= due_day <= 31:
        raise ValueError("Cut-off and due days must be between 1 and 31.")
    months = CADENCE_MONTHS[cadence]
    first_month = (day.month - 1) // months * months + 1
    start = dt.date(day.year, first_month, 1)
    last_year, last_month = month_shift(day.year, first_month, months - 1)
    end = day_in_month(last_year, last_month, 31)
    before_year, before_month = month_shift(day.year, first_month, -1)
    # Data from the day after the cut-off in the month before the period to the cut-off in its last month.
    data_from = day_in_month(before_year, before_month, cutoff_day) + dt.timedelta(days=1)
    data_to = day_in_month(last_year, last_month, cutoff_day)
    due_on = day_in_month(last_year, last_month, due_day)
    return PeriodSpan(cadence, start, end, data_from, data_to, due_on, period_label(cadence, start))


def period_after(
    span: PeriodSpan, *, cutoff_day: int = DEFAULT_CUTOFF_DAY, due_day: int = DEFAULT_DUE_DAY
) -> PeriodSpan:
    """The next period of the same cadence."""
    return period_containing(span.cadence, span.end + dt.timedelta(days=1), cutoff_day=cutoff_day, due_day=due_day)


def period_before(
    span: PeriodSpan, *, cutoff_day: int = DEFAULT_CUTOFF_DAY, due_day: int = DEFAULT_DUE_DAY
) -> PeriodSpan:
    """The previous period of the same cadence (its figures give the report's "change")."""
    return period_containing(span.cadence, span.start - dt.timedelta(days=1), cutoff_day=cutoff_day, due_day=due_day)


def period_collecting(
    cadence: str, today: dt.date, *, cutoff_day: int = DEFAULT_CUTOFF_DAY, due_day: int = DEFAULT_DUE_DAY
) -> PeriodSpan:
    """The period whose data window contains ``today``: the one bodies report for now.

    After the cut-off of a period's last month (e.g. 15 December) data already counts toward
    the next period, so beat opens that one.
    """
    span = period_containing(cadence, today, cutoff_day=cutoff_day, due_day=due_day)
    if today > span.data_to:
        return period_after(span, cutoff_day=cutoff_day, due_day=due_day)
    return span
