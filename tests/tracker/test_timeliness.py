"""tracker.timeliness: time classes and the five report buckets, on explicit dates and a frozen clock."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from tracker.timeliness import (
    BUCKET_LABELS,
    Bucket,
    BucketCounts,
    TaskTiming,
    TimeClass,
    bucket,
    bucket_counts,
    done_as_of,
    met_original_deadline,
    time_class,
)

D = dt.date
DEADLINE = D(2026, 12, 31)


def timing(state="open", deadline=DEADLINE, original=None, completed=None, recurring=False) -> TaskTiming:
    return TaskTiming(state, deadline, original if original is not None else deadline, completed, recurring)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (D(2026, 12, 1), TimeClass.WITHIN_TERM),
        (D(2026, 12, 27), TimeClass.WITHIN_TERM),  # 4 days before: outside a 3-day window
        (D(2026, 12, 28), TimeClass.DUE_SOON),  # 3 days before
        (D(2026, 12, 31), TimeClass.DUE_SOON),  # the deadline day itself is not overdue
        (D(2027, 1, 1), TimeClass.OVERDUE),
    ],
)
def test_it_classifies_a_task_against_its_deadline(today, expected):
    assert time_class(timing(), today=today, due_soon_days=3) == expected


def test_it_uses_the_office_window_for_due_soon():
    assert time_class(timing(), today=D(2026, 12, 24), due_soon_days=7) == TimeClass.DUE_SOON
    assert time_class(timing(), today=D(2026, 12, 24), due_soon_days=3) == TimeClass.WITHIN_TERM
    assert time_class(timing(), today=D(2026, 12, 31), due_soon_days=0) == TimeClass.DUE_SOON


def test_it_never_calls_a_recurring_task_or_one_without_deadline_overdue():
    far_future = D(2030, 1, 1)
    assert time_class(timing(recurring=True), today=far_future) == TimeClass.NO_DEADLINE
    assert time_class(timing(deadline=None), today=far_future) == TimeClass.NO_DEADLINE
    assert bucket(timing(recurring=True), as_of=far_future) == Bucket.ONGOING
    assert bucket(timing(deadline=None, state="done", completed=D(2026, 5, 1)), as_of=far_future) == Bucket.ONGOING


@pytest.mark.parametrize(
    ("task", "as_of", "expected"),
    [
        (timing(state="done", completed=D(2026, 12, 31)), D(2027, 1, 15), Bucket.DONE_ON_TIME),
        (timing(state="done", completed=D(2027, 1, 2)), D(2027, 1, 15), Bucket.DONE_LATE),
        (timing(state="open"), D(2026, 12, 31), Bucket.NOT_DONE_WITHIN_TERM),
        (timing(state="awaiting"), D(2027, 1, 1), Bucket.NOT_DONE_OVERDUE),
        (timing(state="returned"), D(2027, 1, 1), Bucket.NOT_DONE_OVERDUE),
        (timing(state="draft"), D(2027, 1, 1), None),
        (timing(state="paused"), D(2027, 1, 1), None),
        (timing(state="cancelled"), D(2027, 1, 1), None),
    ],
)
def test_it_puts_each_task_in_one_of_the_five_buckets(task, as_of, expected):
    assert bucket(task, as_of=as_of) == expected


def test_it_ignores_work_done_after_the_report_date():
    done_later = timing(state="done", completed=D(2027, 1, 10))
    assert not done_as_of(done_later, D(2027, 1, 5))
    assert bucket(done_later, as_of=D(2027, 1, 5)) == Bucket.NOT_DONE_OVERDUE
    assert bucket(done_later, as_of=D(2026, 12, 15)) == Bucket.NOT_DONE_WITHIN_TERM
    assert bucket(done_later, as_of=D(2027, 1, 10)) == Bucket.DONE_LATE


def test_it_measures_an_extended_task_against_the_extension_and_reports_the_original():
    extended = timing(state="done", deadline=D(2027, 3, 31), original=DEADLINE, completed=D(2027, 2, 15))
    assert extended.extended
    assert bucket(extended, as_of=D(2027, 4, 1)) == Bucket.DONE_ON_TIME
    assert met_original_deadline(extended) is False
    by_original = timing(state="done", deadline=D(2027, 3, 31), original=DEADLINE, completed=D(2026, 12, 20))
    assert met_original_deadline(by_original) is True
    late_even_so = timing(state="done", deadline=D(2027, 3, 31), original=DEADLINE, completed=D(2027, 4, 2))
    assert bucket(late_even_so, as_of=D(2027, 5, 1)) == Bucket.DONE_LATE
    assert met_original_deadline(timing(state="open")) is None
    assert not timing().extended


def test_it_counts_buckets_and_the_headline_overdue_share():
    tasks = [
        timing(state="done", completed=D(2026, 12, 1)),
        timing(state="done", completed=D(2027, 1, 3)),
        timing(state="open"),
        timing(state="open"),
        timing(state="open", recurring=True),
        timing(state="draft"),
    ]
    counts = bucket_counts(tasks, as_of=D(2027, 1, 5))
    assert counts.counts == {
        Bucket.DONE_ON_TIME: 1,
        Bucket.DONE_LATE: 1,
        Bucket.NOT_DONE_WITHIN_TERM: 0,
        Bucket.NOT_DONE_OVERDUE: 2,
        Bucket.ONGOING: 1,
    }
    assert counts.total == 5
    assert counts.overdue_share == pytest.approx(0.4)
    earlier = bucket_counts(tasks, as_of=D(2026, 12, 15))
    assert counts.change_from(earlier)[Bucket.NOT_DONE_OVERDUE] == 2
    assert BucketCounts({}).overdue_share == 0.0


@time_machine.travel("2026-12-31 16:30:00+00:00", tick=False)  # 23:30 on 31/12 in Hà Nội
def test_it_uses_the_local_date_at_the_turn_of_the_day_with_a_frozen_clock():
    today = timezone.localdate()
    assert today == D(2026, 12, 31)
    assert time_class(timing(), today=today) == TimeClass.DUE_SOON
    with time_machine.travel("2026-12-31 17:00:00+00:00", tick=False):  # 00:00 on 1/1 in Hà Nội
        assert time_class(timing(), today=timezone.localdate()) == TimeClass.OVERDUE


def test_it_labels_the_buckets_in_vietnamese():
    from django.utils import translation

    with translation.override("vi"):
        assert "đúng hạn" in str(BUCKET_LABELS[Bucket.DONE_ON_TIME]).lower()
