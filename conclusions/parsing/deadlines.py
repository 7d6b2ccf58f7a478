"""Vietnamese date, period and deadline phrases, read by explicit rules.

All functions are pure: the reference year and the earliest sensible date are passed in, never
taken from the clock.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from .schema import Period

ROMAN_QUARTERS = {"I": 1, "II": 2, "III": 3, "IV": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_WORD_NUMBERS = {"sáu": 6, "06": 6, "6": 6}

_DATE_WORDS = re.compile(r"ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+(?P<y>\d{4})", re.IGNORECASE)
_DATE_NUMERIC = re.compile(r"(?<![\d/])(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})\s*/\s*(?P<y>\d{4})(?![\d/])")


def month_end(year: int, month: int) -> dt.date:
    """Last day of a month."""
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def quarter_span(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    """First and last day of a quarter."""
    first_month = 3 * (quarter - 1) + 1
    return dt.date(year, first_month, 1), month_end(year, first_month + 2)


def safe_date(year: int, month: int, day: int) -> dt.date | None:
    """A date, or None when the numbers do not make one (typos such as 31/4)."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_date(text: str) -> dt.date | None:
    """The first full date in ``text``: 'ngày 5 tháng 7 năm 2022' or '06/7/2022'."""
    found = find_dates(text)
    return found[0][0] if found else None


# A span of days sharing the month and year written once: "ngày 15 và 16/12/2026", "ngày 15, 16
# tháng 12 năm 2026", "từ ngày 15 đến ngày 16/12/2026", "ngày 30/11 - 01/12/2026". Read as its
# first day (a two-day conference is dated by its start).
_RANGE_LINK = r"\s*(?:,|và|-|–|đến)\s*(?:ngày\s+)?"
_DATE_RANGE = re.compile(
    rf"ngày\s+(?P<d1>\d{{1,2}})(?:\s*/\s*(?P<m1>\d{{1,2}}))?{_RANGE_LINK}(?P<d>\d{{1,2}})"
    r"(?:\s*/\s*(?P<m>\d{1,2})\s*/\s*|\s+tháng\s+(?P<mw>\d{1,2})\s+năm\s+)(?P<y>\d{4})(?![\d/])",
    re.IGNORECASE,
)


def _range_start(match: re.Match[str]) -> dt.date | None:
    year, month = int(match.group("y")), int(match.group("m") or match.group("mw"))
    first_month = int(match.group("m1")) if match.group("m1") else month
    start = safe_date(year, first_month, int(match.group("d1")))
    end = safe_date(year, month, int(match.group("d")))
    if start is None or end is None or not dt.timedelta(0) < end - start <= dt.timedelta(days=10):
        return None
    return start


def find_dates(text: str) -> list[tuple[dt.date, int]]:
    """All full dates in ``text`` with their offsets, in order (a span of days: its first day)."""
    out = []
    spans: list[tuple[int, int]] = []
    for match in _DATE_RANGE.finditer(text):
        value = _range_start(match)
        if value:
            out.append((value, match.start()))
            spans.append((match.start(), match.end()))
    for pattern in (_DATE_WORDS, _DATE_NUMERIC):
        for match in pattern.finditer(text):
            if any(start <= match.start() < end for start, end in spans):
                continue
            value = safe_date(int(match.group("y")), int(match.group("m")), int(match.group("d")))
            if value:
                out.append((value, match.start()))
    return sorted(out, key=lambda item: item[1])


# ---------------------------------------------------------------- periods

_YEAR = r"(?:\s*/\s*|\s+năm\s+)(?P<y>\d{4})"
_PERIOD_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("half", re.compile(r"(?P<n>6|06|sáu)\s+tháng\s+(?P<half>đầu|cuối)\s+năm(?:\s+(?P<y>\d{4}))?", re.I)),
    ("quarter", re.compile(rf"quý\s+(?P<q>IV|III|II|I|[1-4])(?![\w])(?:{_YEAR})?", re.I)),
    ("month", re.compile(rf"(?<![\d/])tháng\s+(?P<m>\d{{1,2}})(?:{_YEAR})(?![\d/])", re.I)),
    ("year", re.compile(r"(?<!giai đoạn )(?<!nhiệm kỳ )năm\s+(?P<y>\d{4})(?!\s*[-–]\s*\d)", re.I)),
]


@dataclass(frozen=True)
class _PeriodHit:
    period: Period
    has_year: bool
    offset: int


def _period_hits(text: str, default_year: int | None) -> list[_PeriodHit]:
    hits: list[_PeriodHit] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PERIOD_PATTERNS:
        for match in pattern.finditer(text):
            if any(start <= match.start() < end for start, end in taken):
                continue  # "năm 2022" inside "6 tháng cuối năm 2022" is the same phrase
            year_text = match.groupdict().get("y")
            year = int(year_text) if year_text else default_year
            if year is None:
                continue
            if kind == "half":
                first_half = match.group("half").lower() == "đầu"
                start, end = (
                    (dt.date(year, 1, 1), dt.date(year, 6, 30))
                    if first_half
                    else (
                        dt.date(year, 7, 1),
                        dt.date(year, 12, 31),
                    )
                )
            elif kind == "quarter":
                start, end = quarter_span(year, ROMAN_QUARTERS[match.group("q").upper()])
            elif kind == "month":
                month = int(match.group("m"))
                if not 1 <= month <= 12:
                    continue
                start, end = dt.date(year, month, 1), month_end(year, month)
            else:
                start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
            label = match.group(0).strip()
            hits.append(_PeriodHit(Period(label, start, end), bool(year_text), match.start()))
            taken.append((match.start(), match.end()))
    return hits


def find_period(text: str, default_year: int | None = None) -> Period | None:
    """The period the tasks are for, read from a title or opening paragraph.

    Several phrases are usual ('6 tháng đầu năm; nhiệm vụ 6 tháng cuối năm 2022'): the results
    come first and the tasks' period last, so the latest-ending span wins, the shortest on ties.
    Phrases without a year take the year written elsewhere in ``text`` or ``default_year``.
    """
    years = [int(y) for y in re.findall(r"(?<!\d)(20\d{2}|19\d{2})(?!\d)", text)]
    fallback = max(years) if years else default_year
    hits = _period_hits(text, fallback)
    if not hits:
        return None
    best = max(hits, key=lambda hit: (hit.period.end, -(hit.period.end - hit.period.start).days, hit.has_year))
    return best.period


# ---------------------------------------------------------------- deadlines

_DAY_MONTH = r"(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})(?:\s*[/.-]\s*(?P<y>\d{4}))?(?![\d/])"
_DAY_MONTH_WORDS = r"(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})(?:\s+năm\s+(?P<y2>\d{4}))?"
_DEADLINE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "day",
        re.compile(
            r"(?:xong\s+)?(?:trước|chậm nhất(?:\s+là)?(?:\s+(?:vào|trước))?|hạn chót(?:\s+là)?"
            rf"|không muộn hơn)\s+(?:ngày\s+)?(?:{_DAY_MONTH}|{_DAY_MONTH_WORDS})",
            re.I,
        ),
    ),
    (
        "month",
        re.compile(rf"(?:xong\s+)?(?:trong|vào|ngay trong)\s+tháng\s+(?P<m>\d{{1,2}})(?:{_YEAR})?(?![\d/])", re.I),
    ),
    (
        "quarter",
        re.compile(rf"(?:xong\s+)?(?:trong|vào|ngay trong)\s+quý\s+(?P<q>IV|III|II|I|[1-4])(?![\w])(?:{_YEAR})?", re.I),
    ),
    ("year_end", re.compile(r"(?<!từ nay )(?:đến|trước)\s+cuối\s+năm(?:\s+(?P<y>\d{4}))?", re.I)),
    ("year", re.compile(r"(?:ngay\s+)?trong\s+năm\s+(?P<y>\d{4})(?!\s*[-–]\s*\d)", re.I)),
    ("half", re.compile(r"trong\s+(?P<n>6|06|sáu)\s+tháng\s+(?P<half>đầu|cuối)\s+năm(?:\s+(?P<y>\d{4}))?", re.I)),
]


@dataclass(frozen=True)
class Deadline:
    """An explicit due point read from a task's text."""

    date: dt.date
    text: str


def find_deadline(text: str, *, year: int | None, not_before: dt.date | None = None) -> Deadline | None:
    """The earliest explicit due point stated in a task's text, or None.

    ``year`` completes phrases without a year ('trước ngày 15/8'); a day-month that would fall
    before ``not_before`` (the meeting) is read in the following year.
    """
    found: list[Deadline] = []
    for kind, pattern in _DEADLINE_PATTERNS:
        for match in pattern.finditer(text):
            value = _deadline_value(kind, match, year, not_before)
            if value:
                found.append(Deadline(value, match.group(0).strip()))
    if not found:
        return None
    return min(found, key=lambda deadline: deadline.date)


def _deadline_value(kind: str, match: re.Match[str], year: int | None, not_before: dt.date | None) -> dt.date | None:
    groups = match.groupdict()
    stated = groups.get("y") or groups.get("y2")
    use_year = int(stated) if stated else year
    if use_year is None:
        return None
    if kind == "day":
        day = int(groups.get("d") or groups.get("d2") or 0)
        month = int(groups.get("m") or groups.get("m2") or 0)
        value = safe_date(use_year, month, day)
        if value and not stated and not_before and value < not_before:
            value = safe_date(use_year + 1, month, day)
        return value
    if kind == "month":
        month = int(groups["m"])
        return month_end(use_year, month) if 1 <= month <= 12 else None
    if kind == "quarter":
        return quarter_span(use_year, ROMAN_QUARTERS[groups["q"].upper()])[1]
    if kind == "half":
        return dt.date(use_year, 6, 30) if groups["half"].lower() == "đầu" else dt.date(use_year, 12, 31)
    return dt.date(use_year, 12, 31)  # year_end, year


# ---------------------------------------------------------------- recurring

_RECURRING = re.compile(r"\bthường xuyên\b|\bhằng (?:năm|tháng|quý)\b|\bhàng (?:năm|tháng|quý)\b", re.I)
_CONTINUING = re.compile(r"^(?:tiếp tục|duy trì)\b", re.I)


def is_recurring(text: str) -> bool:
    """An ongoing duty ('thường xuyên', 'Tiếp tục ...', 'Duy trì ...') rather than a one-off."""
    return bool(_RECURRING.search(text) or _CONTINUING.match(text.strip()))
