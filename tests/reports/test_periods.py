"""Pure period arithmetic: Decree 09/2019 calendar, labels, configurable cut-off and due days."""

from __future__ import annotations

import datetime as dt

import pytest

from tracker.reports.periods import (
    HALF_YEARLY,
    MONTHLY,
    QUARTERLY,
    YEARLY,
    period_after,
    period_before,
    period_collecting,
    period_containing,
)

D = dt.date


def test_it_gives_the_decree_09_quarter_window():
    span = period_containing(QUARTERLY, D(2026, 11, 21))
    assert (span.start, span.end) == (D(2026, 10, 1), D(2026, 12, 31))
    assert (span.data_from, span.data_to, span.due_on) == (D(2026, 9, 15), D(2026, 12, 14), D(2026, 12, 25))
    assert span.label == "Quý IV/2026"


def test_it_gives_the_half_year_windows_15_12_to_14_6_and_15_6_to_14_12():
    first = period_containing(HALF_YEARLY, D(2026, 2, 1))
    assert (first.data_from, first.data_to, first.due_on) == (D(2025, 12, 15), D(2026, 6, 14), D(2026, 6, 25))
    assert first.label == "6 tháng đầu năm 2026"
    second = period_containing(HALF_YEARLY, D(2026, 7, 1))
    assert (second.data_from, second.data_to) == (D(2026, 6, 15), D(2026, 12, 14))
    assert second.label == "6 tháng cuối năm 2026"


def test_it_gives_the_year_window_15_12_to_14_12():
    span = period_containing(YEARLY, D(2026, 5, 5))
    assert (span.start, span.end) == (D(2026, 1, 1), D(2026, 12, 31))
    assert (span.data_from, span.data_to, span.due_on) == (D(2025, 12, 15), D(2026, 12, 14), D(2026, 12, 25))
    assert span.label == "Năm 2026"


def test_it_labels_months_and_crosses_the_year_for_january():
    span = period_containing(MONTHLY, D(2027, 1, 3))
    assert span.label == "Tháng 1/2027"
    assert (span.data_from, span.data_to) == (D(2026, 12, 15), D(2027, 1, 14))


@pytest.mark.parametrize(
    ("today", "label"),
    [(D(2026, 12, 14), "Quý IV/2026"), (D(2026, 12, 15), "Quý I/2027"), (D(2026, 9, 14), "Quý III/2026")],
)
def test_it_opens_the_period_whose_data_window_contains_today(today, label):
    assert period_collecting(QUARTERLY, today).label == label


def test_it_uses_the_office_days_and_clamps_to_short_months():
    span = period_containing(MONTHLY, D(2026, 2, 10), cutoff_day=30, due_day=31)
    assert span.data_from == D(2026, 1, 31)
    assert span.data_to == D(2026, 2, 28)
    assert span.due_on == D(2026, 2, 28)


def test_it_steps_to_the_next_and_previous_period():
    span = period_containing(QUARTERLY, D(2026, 1, 20))
    assert period_before(span).label == "Quý IV/2025"
    assert period_after(span).label == "Quý II/2026"


def test_it_refuses_an_unknown_cadence():
    with pytest.raises(ValueError, match="cadence"):
        period_containing("weekly", D(2026, 1, 1))
