"""Reminder services: the sweep that decides and queues reminders, and the digest sender.

Delivery guarantee (see README, "Reminders"):

* Deciding is idempotent. Every reminder is a row unique on (subject, occasion, recipient,
  channel); the sweep inserts with ``bulk_create(ignore_conflicts=True)``, so concurrent
  sweeps, two beat processes or a re-run never create a second row.
* The outbox never loses a row. A row is queued in the database before its Celery message
  is published (``transaction.on_commit``); if publishing fails the row goes back to
  pending, and rows queued or "sending" for longer than the task time limit are re-published
  by the next sweep (a lost broker message, a worker killed mid-send).
* A row is sent by one worker at a time. The sender claims rows with a conditional UPDATE
  (pending/queued → sending); a redelivered or duplicate message claims nothing.
* The only window for a second copy is a worker dying after the SMTP server accepted the
  message and before the row is marked sent. The re-send then carries the same Message-ID
  (fixed at claim time, before SMTP), so mail stores that de-duplicate by Message-ID keep one
  copy. Broker at-least-once + claim + stable Message-ID = effectively once.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import get_connection
from django.db import connection, transaction
from django.db.models import BooleanField, F, Max, Q
from django.db.models.expressions import RawSQL
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import Office
from accounts.roles import Role
from tracker.models import Body, BodyMembership, Extension, ProgressUpdate, Task
from tracker.reminders.mail import ReminderEmail, message_id_for
from tracker.reminders.models import (
    CalendarFeedToken,
    Holiday,
    Notification,
    NotificationPreference,
    Reminder,
    SweepRun,
)
from tracker.reminders.schedule import (
    Audience,
    Occasion,
    ReminderRules,
    WorkCalendar,
    deadline_track,
    deadline_window,
    task_occasions,
    waiting_occasion,
)
from tracker.timeliness import AWAITING, OPEN, RETURNED

log = logging.getLogger(__name__)

BATCH_SIZE = 5000
DIGEST_MAX_ROWS = 200
# Deadline-track reminders go to bodies whose tasks are open or returned; a task awaiting
# confirmation is the office's move (it gets "completion_pending" instead).
BODY_STATES = (OPEN, RETURNED)
S = Reminder.Status


def sending_time_limit() -> dt.timedelta:
    """How long a row may stay "sending" before the sweep assumes its worker died."""
    return dt.timedelta(seconds=int(getattr(settings, "CELERY_TASK_TIME_LIMIT", 300)))


def calendar_load() -> WorkCalendar:
    """The working-day calendar from the Holiday table the office edits."""
    return WorkCalendar.of(Holiday.objects.values_list("date", "is_working_day_swap"))


def office_rules(office: Office) -> ReminderRules:
    """An office's reminder settings as a ReminderRules value."""
    return ReminderRules(
        offsets=tuple(int(o) for o in (office.reminder_offsets or []) if str(o).lstrip("-").isdigit()),
        working_days=office.reminder_working_days,
        overdue_repeat_days=office.overdue_repeat_days,
        escalation_after_days=office.escalation_after_days,
        catchup_days=int(getattr(settings, "REMINDER_CATCHUP_DAYS", 3)),
    )


# --------------------------------------------------------------------------- recipients


@dataclass(frozen=True, slots=True)
class Recipient:
    key: str
    user_id: int | None
    email: str
    channel: str


@dataclass
class RecipientBook:
    """Everything needed to turn (audience, office, body) into recipients, loaded once per
    sweep in a constant number of queries, so batches of tasks cost no extra queries."""

    today: dt.date
    office_emails: dict[int, str] = field(default_factory=dict)
    office_staff: dict[int, list[int]] = field(default_factory=dict)
    bodies: dict[int, tuple[int, list[str], str]] = field(default_factory=dict)
    members: dict[int, list[tuple[int, str]]] = field(default_factory=dict)
    user_emails: dict[int, str] = field(default_factory=dict)
    prefs: dict[int, tuple[bool, bool, dt.date | None]] = field(default_factory=dict)
    cache: dict[tuple[str, int, int | None], list[Recipient]] = field(default_factory=dict)

    @classmethod
    def load(cls, *, today: dt.date) -> RecipientBook:
        book = cls(today=today)
        book.office_emails = dict(Office.objects.values_list("id", "email"))
        User = get_user_model()
        active = User.objects.filter(is_active=True)
        book.user_emails = dict(active.values_list("id", "email"))
        for user_id, office_id in active.filter(groups__name=Role.OFFICE_STAFF.value, office__isnull=False).values_list(
            "id", "office_id"
        ):
            book.office_staff.setdefault(office_id, []).append(user_id)
        for body_id, office_id, contacts, head_email in Body.objects.filter(active=True).values_list(
            "id", "office_id", "contact_emails", "head_email"
        ):
            book.bodies[body_id] = (office_id, [c for c in (contacts or []) if c], head_email)
        for user_id, body_id, role in BodyMembership.objects.values_list("user_id", "body_id", "role"):
            book.members.setdefault(body_id, []).append((user_id, role))
        for user_id, email_on, app_on, paused in NotificationPreference.objects.values_list(
            "user_id", "email_enabled", "in_app_enabled", "paused_until"
        ):
            book.prefs[user_id] = (email_on, app_on, paused)
        return book

    def _user(self, user_id: int, out: list[Recipient], seen: set[str]) -> None:
        if user_id not in self.user_emails:
            return  # inactive
        email_on, app_on, paused = self.prefs.get(user_id, (True, True, None))
        if paused is not None and paused >= self.today:
            return
        address = (self.user_emails[user_id] or "").strip().lower()
        if email_on and address and address not in seen:
            seen.add(address)
            out.append(Recipient(f"user:{user_id}", user_id, address, Reminder.Channel.EMAIL))
        if app_on:
            out.append(Recipient(f"user:{user_id}", user_id, "", Reminder.Channel.IN_APP))

    @staticmethod
    def _address(address: str, out: list[Recipient], seen: set[str]) -> None:
        address = (address or "").strip().lower()
        if address and address not in seen:
            seen.add(address)
            out.append(Recipient(f"email:{address}", None, address, Reminder.Channel.EMAIL))

    def recipients(self, audience: Audience, office_id: int, body_id: int | None) -> list[Recipient]:
        """Who hears about an occasion; each e-mail address once (liaisons before contacts)."""
        cache_key = (audience.value, office_id, body_id)
        if cache_key in self.cache:
            return self.cache[cache_key]
        out: list[Recipient] = []
        seen: set[str] = set()
        body = self.bodies.get(body_id) if body_id else None
        if audience == Audience.BODY and body:
            for user_id, role in self.members.get(body_id, []):
                if role == BodyMembership.Role.LIAISON:
                    self._user(user_id, out, seen)
            for address in body[1]:
                self._address(address, out, seen)
        elif audience in (Audience.OFFICE, Audience.ESCALATION):
            for user_id in self.office_staff.get(office_id, []):
                self._user(user_id, out, seen)
            if not any(r.channel == Reminder.Channel.EMAIL for r in out):
                self._address(self.office_emails.get(office_id, ""), out, seen)
            if audience == Audience.ESCALATION and body:
                for user_id, role in self.members.get(body_id, []):
                    if role == BodyMembership.Role.HEAD:
                        self._user(user_id, out, seen)
                self._address(body[2], out, seen)
        self.cache[cache_key] = out
        return out


# ------------------------------------------------------------------------------ sweep


@dataclass
class SweepResult:
    """What one sweep did (or, with dry_run, would do)."""

    now: dt.datetime
    dry_run: bool = False
    tasks_scanned: int = 0
    batches: int = 0
    reminders_created: int = 0
    notifications_created: int = 0
    requeued_sending: int = 0
    digests: list[tuple[str, int]] = field(default_factory=list)
    publish_failures: int = 0
    decide_seconds: float = 0.0
    full: bool = True
    dry_run_addresses: list[str] = field(default_factory=list, repr=False)

    @property
    def digests_queued(self) -> int:
        return len(self.digests)


@dataclass
class _Decision:
    """Rows to create for one subject and occasion."""

    office_id: int
    subject_key: str
    occasion: Occasion
    body_id: int | None
    task_id: int | None = None
    extension_id: int | None = None
    period_id: int | None = None


# Column order of the tuples the sweep builds (one per reminder row to insert).
ROW_COLUMNS = (
    "office_id",
    "subject_key",
    "task_id",
    "extension_id",
    "body_id",
    "period_id",
    "occasion",
    "occasion_date",
    "recipient_key",
    "user_id",
    "email",
    "channel",
)
ROW_TYPES = ("bigint", "text", "bigint", "bigint", "bigint", "bigint", "text", "date", "text", "bigint", "text", "text")
EMAIL_AT, CHANNEL_AT = ROW_COLUMNS.index("email"), ROW_COLUMNS.index("channel")


def _rows_for(decisions: Iterable[_Decision], book: RecipientBook) -> list[tuple]:
    """Reminder rows as plain tuples (ROW_COLUMNS): a million of them cost no model instances."""
    rows = []
    for d in decisions:
        for r in book.recipients(d.occasion.audience, d.office_id, d.body_id):
            rows.append(
                (
                    d.office_id,
                    d.subject_key,
                    d.task_id,
                    d.extension_id,
                    d.body_id,
                    d.period_id,
                    d.occasion.key,
                    d.occasion.day,
                    r.key,
                    r.user_id,
                    r.email,
                    r.channel,
                )
            )
    return rows


def table_insert(table: str, columns: tuple[str, ...], types: tuple[str, ...], rows: list[tuple], extra: dict) -> int:
    """INSERT rows, skipping those that hit a unique constraint; return how many went in.

    On PostgreSQL one statement per call: ``INSERT ... SELECT FROM unnest(arrays) ON CONFLICT
    DO NOTHING`` (the unique constraint decides, so concurrent sweeps cannot both insert).
    Elsewhere, bulk_create(ignore_conflicts=True) on the model.
    """
    if not rows:
        return 0
    if connection.vendor != "postgresql":
        model = {Reminder._meta.db_table: Reminder, Notification._meta.db_table: Notification}[table]
        objs = [model(**dict(zip(columns, row, strict=True)), **extra) for row in rows]
        # SQLite serialises writers and the sweep pre-filters decided rows, so a conflict here
        # is rare; the count returned may then overstate what went in.
        model.objects.bulk_create(objs, ignore_conflicts=True, batch_size=500)
        return len(objs)
    arrays = ", ".join(f"%s::{t}[]" for t in types)
    constants = ", ".join("%s" for _ in extra)
    sql = (
        f"INSERT INTO {table} ({', '.join(columns)}{', ' if extra else ''}{', '.join(extra)}) "  # noqa: S608
        f"SELECT *{', ' if extra else ''}{constants} FROM unnest({arrays}) ON CONFLICT DO NOTHING"
    )
    # Placeholders in text order: the constants (in the SELECT list) come before the arrays.
    params = [*extra.values(), *(list(column) for column in zip(*rows, strict=True))]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def _store(rows: list[tuple], result: SweepResult, *, dry_run: bool) -> None:
    if dry_run:
        result.reminders_created += len(rows)
        # Remembered so the dry run can say which digests it would queue.
        result.dry_run_addresses.extend(r[EMAIL_AT] for r in rows if r[CHANNEL_AT] == Reminder.Channel.EMAIL)
        return
    extra = {"status": S.PENDING, "attempts": 0, "last_error": "", "claim_token": "", "message_id": ""}
    with transaction.atomic():
        extra["created_at"] = timezone.now()
        result.reminders_created += table_insert(Reminder._meta.db_table, ROW_COLUMNS, ROW_TYPES, rows, extra)


@dataclass(frozen=True)
class SweepScope:
    """Which tasks a sweep looks at: occasions dated ``since``..today for every task (a full
    sweep; ``since`` after today means none), and the whole catch-up window for tasks changed
    since ``changed_since`` (new, re-deadlined, re-opened)."""

    since: dt.date
    changed_since: dt.datetime | None
    full: bool


def sweep_scope(*, today: dt.date, catchup_days: int) -> SweepScope:
    """The first sweep of a day is full (from the day after the last full sweep, at most
    ``catchup_days`` back); later sweeps that day only look at tasks changed since it began."""
    oldest = today - dt.timedelta(days=catchup_days)
    last = SweepRun.objects.filter(full=True).order_by("-decided_on", "-started_at").first()
    if last is None:
        return SweepScope(since=oldest, changed_since=None, full=True)
    # A margin for clocks and for writes committed just after the last sweep read the tasks.
    changed_since = last.started_at - dt.timedelta(minutes=5)
    if last.decided_on >= today:
        return SweepScope(since=today + dt.timedelta(days=1), changed_since=changed_since, full=False)
    return SweepScope(since=max(oldest, last.decided_on + dt.timedelta(days=1)), changed_since=changed_since, full=True)


def _window_sql(*, today: dt.date, since: dt.date, rules: dict[int, ReminderRules]) -> tuple[str, list]:
    """SQL that keeps tasks with an occasion dated since..today (calendar-day offices: before
    and due by deadline range, overdue repeats by MOD, escalation by date); offices counting
    working days keep every task under the deadline bound (decided in Python)."""
    width = (today - since).days
    if width < 0:
        return "FALSE", []
    clauses: list[str] = []
    params: list = []
    for office_id, rule in rules.items():
        office = f'"tracker_task"."office_id" = {int(office_id)}'
        if rule.working_days:
            clauses.append(f"({office})")
            continue
        repeat, escalate = max(int(rule.overdue_repeat_days), 1), int(rule.escalation_after_days)
        if connection.vendor == "postgresql":
            days_late = '(%s::date - "tracker_task"."deadline" - 1)'
            escalation_day = f'("tracker_task"."deadline" + {escalate})'
            dates = [since, today, today, width, since, today]
        else:  # SQLite stores ISO text: julianday() differences and date() shifts
            days_late = '(CAST(julianday(%s) - julianday("tracker_task"."deadline") AS INTEGER) - 1)'
            escalation_day = f'date("tracker_task"."deadline", \'+{escalate} days\')'
            dates = [d.isoformat() if isinstance(d, dt.date) else d for d in (since, today, today, width, since, today)]
        clauses.append(
            f'({office} AND ("tracker_task"."deadline" >= %s'
            f' OR ("tracker_task"."deadline" < %s AND MOD({days_late}, {repeat}) <= %s)'
            f" OR ({escalation_day} BETWEEN %s AND %s)))"
        )
        params += dates
    return (" OR ".join(clauses) or "FALSE"), params


def _decide_tasks(
    *, today: dt.date, rules: dict[int, ReminderRules], calendar: WorkCalendar, book, result, dry_run, scope
):
    """Deadline track and escalation for live tasks, in keyset-paginated batches."""
    bound = max((deadline_window(today=today, rules=r) for r in rules.values()), default=today)
    window, params = _window_sql(today=today, since=scope.since, rules=rules)
    wanted = Q(in_window=True)
    if scope.changed_since is not None:
        wanted |= Q(updated_at__gte=scope.changed_since)
    base = (
        Task.objects.filter(state__in=BODY_STATES, recurring=False, deadline__isnull=False, deadline__lte=bound)
        # Literals in the SQL are office ids and day counts (ints); dates go in as parameters.
        .annotate(in_window=RawSQL(window, params, output_field=BooleanField()))  # noqa: S611
        .filter(wanted)
        .order_by("id")
    )
    catchup = today - dt.timedelta(days=max((r.catchup_days for r in rules.values()), default=3))
    last_id = 0
    while True:
        # Keyset pagination: WHERE id > last ORDER BY id LIMIT n, one query per batch.
        batch = list(
            base.filter(id__gt=last_id).values_list("id", "office_id", "lead_body_id", "deadline", "updated_at")[
                :BATCH_SIZE
            ]
        )
        if not batch:
            break
        last_id = batch[-1][0]
        result.batches += 1
        result.tasks_scanned += len(batch)
        decisions: list[_Decision] = []
        for task_id, office_id, body_id, deadline, updated_at in batch:
            office_rule = rules.get(office_id)
            if office_rule is None:
                continue
            changed = scope.changed_since is not None and updated_at >= scope.changed_since
            since = catchup if changed else scope.since
            for occ in task_occasions(deadline, today=today, rules=office_rule, calendar=calendar, since=since):
                decisions.append(_Decision(office_id, f"task:{task_id}", occ, body_id, task_id=task_id))
        if not decisions:
            continue
        # One query: which (task, occasion) pairs were decided by an earlier sweep.
        # (subject_key, occasion) is the prefix of the unique index, so this is an index scan.
        done = set(
            Reminder.objects.filter(
                subject_key__in={d.subject_key for d in decisions}, occasion__in={d.occasion.key for d in decisions}
            )
            .values_list("subject_key", "occasion")
            .distinct()
        )
        fresh = [d for d in decisions if (d.subject_key, d.occasion.key) not in done]
        _store(_rows_for(fresh, book), result, dry_run=dry_run)


def _decide_waiting(*, today: dt.date, offices: dict[int, Office], book, result, dry_run):
    """Extension requests and proposed completions waiting for the office."""
    decisions: list[_Decision] = []
    for ext_id, task_id, office_id, body_id, requested_at in Extension.objects.filter(
        state=Extension.State.PENDING, task__state__in=(OPEN, RETURNED, AWAITING)
    ).values_list("id", "task_id", "task__office_id", "task__lead_body_id", "requested_at"):
        office = offices.get(office_id)
        occ = office and waiting_occasion(
            "extension_pending", timezone.localdate(requested_at), today=today, repeat_days=office.overdue_repeat_days
        )
        if occ:
            decisions.append(
                _Decision(office_id, f"extension:{ext_id}", occ, body_id, task_id=task_id, extension_id=ext_id)
            )
    awaiting = (
        Task.objects.filter(state=AWAITING)
        .annotate(
            proposed_at=Max(
                "progress_updates__created_at", filter=Q(progress_updates__kind=ProgressUpdate.Kind.COMPLETION)
            )
        )
        .values_list("id", "office_id", "lead_body_id", "proposed_at", "updated_at")
    )
    for task_id, office_id, body_id, proposed_at, updated_at in awaiting:
        office = offices.get(office_id)
        occ = office and waiting_occasion(
            "completion_pending",
            timezone.localdate(proposed_at or updated_at),
            today=today,
            repeat_days=office.overdue_repeat_days,
        )
        if occ:
            decisions.append(_Decision(office_id, f"task:{task_id}", occ, body_id, task_id=task_id))
    if decisions:
        keys = {(d.subject_key, d.occasion.key) for d in decisions}
        done = set(
            Reminder.objects.filter(
                subject_key__in={k[0] for k in keys}, occasion__in={k[1] for k in keys}
            ).values_list("subject_key", "occasion")
        )
        _store(
            _rows_for([d for d in decisions if (d.subject_key, d.occasion.key) not in done], book),
            result,
            dry_run=dry_run,
        )


def _decide_periods(*, today: dt.date, rules: dict[int, ReminderRules], calendar, book, result, dry_run):
    """Bodies that have not submitted their period update before the cut-off."""
    try:
        from tracker.reports.models import BodySubmission, ReportingPeriod
    except ImportError:  # the reports app is optional for this sweep
        return
    decisions: list[_Decision] = []
    periods = ReportingPeriod.objects.filter(state=ReportingPeriod.State.OPEN, data_to__gte=today).values_list(
        "id", "office_id", "conclusion_id", "data_to"
    )
    for period_id, office_id, conclusion_id, cutoff in periods:
        office_rule = rules.get(office_id)
        if office_rule is None:
            continue
        occ = deadline_track(cutoff, today=today, rules=office_rule, calendar=calendar)
        if occ is None or occ.day < today - dt.timedelta(days=office_rule.catchup_days):
            continue
        # The bodies expected to report: lead bodies of the period's live tasks.
        scope = Task.objects.filter(office_id=office_id, state__in=(OPEN, RETURNED, AWAITING), lead_body__isnull=False)
        if conclusion_id:
            scope = scope.filter(conclusion_id=conclusion_id)
        submitted = BodySubmission.objects.filter(period_id=period_id, state=BodySubmission.State.SUBMITTED)
        body_ids = set(scope.values_list("lead_body_id", flat=True).distinct()) - set(
            submitted.values_list("body_id", flat=True)
        )
        for body_id in sorted(body_ids):
            period_occ = Occasion(f"period_cutoff:{occ.key}", occ.day, Audience.BODY)
            decisions.append(
                _Decision(office_id, f"period:{period_id}:body:{body_id}", period_occ, body_id, period_id=period_id)
            )
    if decisions:
        done = set(
            Reminder.objects.filter(
                subject_key__in={d.subject_key for d in decisions}, occasion__in={d.occasion.key for d in decisions}
            ).values_list("subject_key", "occasion")
        )
        _store(
            _rows_for([d for d in decisions if (d.subject_key, d.occasion.key) not in done], book),
            result,
            dry_run=dry_run,
        )


def _deliver_in_app(*, now: dt.datetime, result: SweepResult) -> None:
    """In-app rows become notifications in the sweep's own transaction (no broker involved)."""
    while True:
        if not _deliver_in_app_batch(now=now, result=result):
            return


def _deliver_in_app_batch(*, now: dt.datetime, result: SweepResult) -> int:
    today = timezone.localdate(now)
    with transaction.atomic():
        # skip_locked: a concurrent sweep delivers the rows it locked, this one the others.
        rows = list(
            Reminder.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(status=S.PENDING, channel=Reminder.Channel.IN_APP)
            .values_list(
                "id", "user_id", "task_id", "occasion", "period_id", "subject_key", "task__deadline", "task__text"
            )[:5000]
        )
        if not rows:
            return 0
        periods = period_labels({r[4] for r in rows if r[4]})
        notifications = [
            (
                user_id,
                row_id,
                task_id,
                occasion_title(occasion, deadline, today=today)[:255],
                task_text or periods.get(period_id, subject_key),
            )
            for row_id, user_id, task_id, occasion, period_id, subject_key, deadline, task_text in rows
        ]
        table_insert(
            Notification._meta.db_table,
            ("user_id", "reminder_id", "task_id", "title", "text"),
            ("bigint", "bigint", "bigint", "text", "text"),
            notifications,
            {"created_at": now},
        )
        Reminder.objects.filter(id__in=[r[0] for r in rows], status=S.PENDING).update(
            status=S.SENT, sent_at=now, attempts=F("attempts") + 1
        )
        result.notifications_created += len(rows)
    return len(rows)


def _held_users(*, now: dt.datetime) -> set[int]:
    """Users whose daily digest hour has not come yet, or whose digest went out today."""
    local = timezone.localtime(now)
    held: set[int] = set()
    digest_users = dict(
        NotificationPreference.objects.filter(digest_hour__isnull=False).values_list("user_id", "digest_hour")
    )
    if not digest_users:
        return held
    start_of_day = local.replace(hour=0, minute=0, second=0, microsecond=0)
    sent_today = set(
        Reminder.objects.filter(
            user_id__in=digest_users, channel=Reminder.Channel.EMAIL, status=S.SENT, sent_at__gte=start_of_day
        ).values_list("user_id", flat=True)
    )
    for user_id, hour in digest_users.items():
        if local.hour < hour or user_id in sent_today:
            held.add(user_id)
    return held


def _queue_email(*, now: dt.datetime, result: SweepResult, dry_run: bool) -> None:
    """Group e-mail rows by address into digests and publish one Celery message per digest.

    Picks new rows (pending), rows queued long ago whose message may be lost, and rows left
    "sending" past the task time limit (their worker died); marks them queued with a token,
    and publishes after commit.
    """
    stale = now - sending_time_limit()
    # A queued row's message may sit behind a backlog for a while: re-publish only after an
    # hour (a broker restarted without persistence loses messages; duplicates claim nothing).
    stale_queued = now - dt.timedelta(seconds=int(getattr(settings, "REMINDER_REQUEUE_QUEUED_SECONDS", 3600)))
    held = _held_users(now=now)
    email_rows = Reminder.objects.filter(channel=Reminder.Channel.EMAIL)
    pick = (
        Q(status=S.PENDING)
        | Q(status=S.QUEUED, queued_at__lt=min(stale, stale_queued))
        | Q(status=S.SENDING, claimed_at__lt=stale)
    )
    candidates = email_rows.filter(pick).exclude(user_id__in=held)
    if dry_run:
        groups: dict[str, int] = defaultdict(int)
        for address in [*candidates.values_list("email", flat=True), *result.dry_run_addresses]:
            groups[address] += 1
        result.digests = sorted(groups.items())
        return
    token = uuid.uuid4().hex
    with transaction.atomic():
        result.requeued_sending += candidates.filter(status=S.SENDING).count()
        # Conditional UPDATE: a concurrent sweep picking the same rows tags them with its own
        # token; whichever UPDATE comes second sees them queued-and-fresh and leaves them.
        candidates.update(status=S.QUEUED, queued_at=now, claim_token=token)
        by_address: dict[str, list[int]] = defaultdict(list)
        for row_id, address in (
            email_rows.filter(claim_token=token, status=S.QUEUED).order_by("email", "id").values_list("id", "email")
        ):
            by_address[address].append(row_id)
        digests = []
        for address, ids in by_address.items():
            for start in range(0, len(ids), DIGEST_MAX_ROWS):
                digests.append(ids[start : start + DIGEST_MAX_ROWS])
                result.digests.append((address, len(ids[start : start + DIGEST_MAX_ROWS])))
        if digests:
            transaction.on_commit(lambda: _publish(digests, token=token, result=result))


def _publish(digests: list[list[int]], *, token: str, result: SweepResult) -> None:
    from tracker.reminders.tasks import send_digest

    for ids in digests:
        try:
            send_digest.delay(ids)
        except Exception as exc:  # broker down: the rows go back to pending for the next sweep
            log.warning("Could not publish reminder digest %s: %s", ids[:5], exc)
            result.publish_failures += 1
            Reminder.objects.filter(id__in=ids, status=S.QUEUED, claim_token=token).update(status=S.PENDING)


def reminder_sweep(*, now: dt.datetime, dry_run: bool = False) -> SweepResult:
    """Decide every reminder due at ``now`` and queue their sending; safe to run concurrently.

    Scans live tasks in batches (keyset pagination, a constant number of queries per batch),
    inserts Reminder rows idempotently, turns in-app rows into notifications, then groups
    e-mail rows into one digest per recipient and queues them with ``transaction.on_commit``.
    Rows stranded in "sending" past the task time limit are re-queued. With ``dry_run`` nothing
    is written; the result says what would be created and queued.
    """
    result = SweepResult(now=now, dry_run=dry_run)
    today = timezone.localdate(now)
    offices = {o.id: o for o in Office.objects.all()}
    rules = {oid: office_rules(o) for oid, o in offices.items()}
    calendar = calendar_load()
    book = RecipientBook.load(today=today)
    started = timezone.now()
    scope = sweep_scope(today=today, catchup_days=int(getattr(settings, "REMINDER_CATCHUP_DAYS", 3)))
    result.full = scope.full
    _decide_tasks(today=today, rules=rules, calendar=calendar, book=book, result=result, dry_run=dry_run, scope=scope)
    _decide_waiting(today=today, offices=offices, book=book, result=result, dry_run=dry_run)
    _decide_periods(today=today, rules=rules, calendar=calendar, book=book, result=result, dry_run=dry_run)
    result.decide_seconds = (timezone.now() - started).total_seconds()
    if not dry_run:
        SweepRun.objects.create(
            started_at=started,
            decided_on=today,
            full=scope.full,
            tasks_scanned=result.tasks_scanned,
            reminders_created=result.reminders_created,
        )
        if result.reminders_created > 50_000 and connection.vendor == "postgresql":
            # After a burst the planner's statistics are stale (it would claim rows through
            # the status index instead of the primary key); autovacuum may come much later.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE reminders_reminder")
        with translation.override(settings.LANGUAGE_CODE):
            _deliver_in_app(now=now, result=result)
    _queue_email(now=now, result=result, dry_run=dry_run)
    return result


# ----------------------------------------------------------------------------- sending


class TransientSendError(Exception):
    """Sending failed in a way worth retrying (connection refused or dropped, timeout, 4xx)."""


def send_error_transient(exc: BaseException) -> bool:
    """Connection problems and 4xx replies are retried; 5xx replies and bad addresses are not."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(400 <= code < 500 for code, _ in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPResponseException):
        return 400 <= exc.smtp_code < 500
    return isinstance(exc, smtplib.SMTPServerDisconnected | OSError | TimeoutError)


def site_url(path: str) -> str:
    return getattr(settings, "SITE_URL", "http://127.0.0.1:8000").rstrip("/") + path


def task_url(task_id: int | None) -> str:
    if task_id is None:
        return site_url(reverse("home"))
    try:
        return site_url(reverse("task_detail", args=[task_id]))
    except NoReverseMatch:
        return site_url(reverse("home"))


def occasion_title(occasion: str, deadline: dt.date | None, *, today: dt.date) -> str:
    """One line saying why a reminder is sent, in the active language."""
    kind = occasion.split(":", 1)[0]
    if kind == "before" and deadline:
        days = (deadline - today).days
        return ngettext("Due in %(days)d day", "Due in %(days)d days", days) % {"days": days}
    if kind == "due":
        return _("Due today")
    if kind in ("overdue", "escalation") and deadline:
        days = (today - deadline).days
        label = ngettext("Overdue by %(days)d day", "Overdue by %(days)d days", days) % {"days": days}
        if kind == "escalation":
            label = _("%(label)s — reported to the office and the head of the body") % {"label": label}
        return label
    if kind == "extension_pending":
        return _("Extension request awaiting your decision")
    if kind == "completion_pending":
        return _("Completion proposed, awaiting your confirmation")
    if kind == "period_cutoff":
        return _("Period update not yet submitted")
    return occasion


def reminder_title(row: Reminder, *, now: dt.datetime) -> str:
    """The title of a reminder row (see occasion_title)."""
    deadline = row.task.deadline if row.task_id and row.task else None
    return occasion_title(row.occasion, deadline, today=timezone.localdate(now))


def period_labels(period_ids: set[int]) -> dict[int, str]:
    """ "Reporting period Quý IV/2026, cut-off 14/12/2026" per period id (one query)."""
    if not period_ids:
        return {}
    try:
        from tracker.reports.models import ReportingPeriod
    except ImportError:  # the reports app is optional here
        return {}
    return {
        pk: _("Reporting period %(label)s, cut-off %(cutoff)s")
        % {"label": label, "cutoff": cutoff.strftime("%d/%m/%Y")}
        for pk, label, cutoff in ReportingPeriod.objects.filter(pk__in=period_ids).values_list("id", "label", "data_to")
    }


def reminder_text(row: Reminder) -> str:
    """What the reminder is about: the task text, or the reporting period."""
    if row.task_id and row.task:
        return row.task.text
    if row.period_id:
        return period_labels({row.period_id}).get(row.period_id, row.subject_key)
    return row.subject_key


def _digest_email(rows: list[Reminder], *, now: dt.datetime, message_id: str) -> ReminderEmail:
    items = [
        {
            "title": reminder_title(r, now=now),
            "text": reminder_text(r),
            "deadline": r.task.deadline if r.task_id and r.task else None,
            "body": r.task.lead_body.name if r.task_id and r.task and r.task.lead_body_id else "",
            "url": task_url(r.task_id),
            "urgent": r.occasion.split(":")[0] in ("overdue", "escalation", "due"),
        }
        for r in rows
    ]
    overdue = sum(1 for r in rows if r.occasion.split(":")[0] in ("overdue", "escalation"))
    office = rows[0].office
    subject = ngettext(
        "[%(office)s] Reminder: %(count)d item needs your attention",
        "[%(office)s] Reminder: %(count)d items need your attention",
        len(rows),
    ) % {"office": office.name, "count": len(rows)}
    if overdue:
        subject += " " + _("(%(count)d overdue)") % {"count": overdue}
    context = {"items": items, "office": office, "subject": subject, "home_url": site_url(reverse("home"))}
    return ReminderEmail(
        subject=subject,
        body=render_to_string("reminders/digest_email.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[rows[0].email],
        alternatives=[(render_to_string("reminders/digest_email.html", context), "text/html")],
        message_id=message_id,
        reminder_ids=[r.id for r in rows],
    )


def reminder_claim(*, reminder_ids: list[int], now: dt.datetime) -> tuple[str, list[Reminder]]:
    """Claim rows for sending: pending/queued → sending in one conditional UPDATE.

    Rows another worker holds, or already sent, are not claimed; a redelivered task message
    thus sends nothing twice. Each claimed row gets its digest's Message-ID now, before SMTP,
    so a re-send after a crash reuses it.
    """
    token = uuid.uuid4().hex
    with transaction.atomic():
        Reminder.objects.filter(
            id__in=reminder_ids, status__in=(S.PENDING, S.QUEUED), channel=Reminder.Channel.EMAIL
        ).update(status=S.SENDING, claimed_at=now, claim_token=token, attempts=F("attempts") + 1)
        rows = list(
            Reminder.objects.filter(claim_token=token, status=S.SENDING)
            .select_related("office", "task", "task__lead_body", "extension")
            .order_by("id")
        )
        fresh: dict[str, list[Reminder]] = defaultdict(list)
        for row in rows:
            if not row.message_id:
                fresh[row.email].append(row)
        for group in fresh.values():
            message_id = message_id_for([r.id for r in group])
            Reminder.objects.filter(id__in=[r.id for r in group]).update(message_id=message_id)
            for r in group:
                r.message_id = message_id
    return token, rows


def digest_send(*, reminder_ids: list[int], final_attempt: bool = False) -> int:
    """Send the digest e-mail(s) for these reminder rows; return how many rows were sent.

    Claims the rows (``reminder_claim``), sends one message per (address, Message-ID), marks
    rows sent. A transient error (connection refused or dropped, timeout, 4xx) puts the rows
    back to queued with ``last_error`` and raises TransientSendError for the task to retry —
    unless ``final_attempt``, when the rows are marked failed. A permanent error (5xx,
    refused address) marks them failed at once; the office sees them on the failures page.
    """
    now = timezone.now()
    token, rows = reminder_claim(reminder_ids=reminder_ids, now=now)
    if not rows:
        return 0
    groups: dict[tuple[str, str], list[Reminder]] = defaultdict(list)
    for row in rows:
        groups[(row.email, row.message_id)].append(row)
    sent = 0
    transient: Exception | None = None
    with translation.override(settings.LANGUAGE_CODE):
        connection = get_connection(fail_silently=False)
        for (_address, message_id), group in groups.items():
            ids = [r.id for r in group]
            mine = Reminder.objects.filter(id__in=ids, claim_token=token, status=S.SENDING)
            try:
                connection.send_messages([_digest_email(group, now=now, message_id=message_id)])
            except Exception as exc:
                error = f"{type(exc).__name__}: {exc}"[:2000]
                if send_error_transient(exc) and not final_attempt:
                    mine.update(status=S.QUEUED, queued_at=timezone.now(), last_error=error)
                    transient = exc
                else:
                    mine.update(status=S.FAILED, last_error=error)
                    log.error("Reminder digest %s failed: %s", message_id, error)
                continue
            sent += mine.update(status=S.SENT, sent_at=timezone.now(), last_error="")
        try:
            connection.close()
        except Exception:  # closing a broken connection must not hide the result
            log.debug("closing the mail connection failed", exc_info=True)
    if transient is not None:
        raise TransientSendError(str(transient)) from transient
    return sent


def reminder_retry(*, office_id: int, reminder_ids: list[int]) -> int:
    """Put failed reminders of an office back in the queue (the office's "retry" button)."""
    with transaction.atomic():
        count = Reminder.objects.filter(
            id__in=reminder_ids, office_id=office_id, status=S.FAILED, channel=Reminder.Channel.EMAIL
        ).update(status=S.PENDING, attempts=0)
    return count


# ------------------------------------------------------------- notifications and feeds


def notification_mark_read(*, user, notification_id: int | None = None) -> int:
    """Mark one of the user's notifications read, or all of them when no id is given."""
    with transaction.atomic():
        mine = Notification.objects.filter(user=user, read_at__isnull=True)
        if notification_id is not None:
            mine = mine.filter(pk=notification_id)
        return mine.update(read_at=timezone.now())


def calendar_token_rotate(*, user, body: Body | None = None) -> CalendarFeedToken:
    """Give the user's (or one of their bodies') feed a new secret; the old URL stops working."""
    from tracker.reminders.models import feed_token_new

    with transaction.atomic():
        owner = {"body": body} if body is not None else {"user": user}
        token, created = CalendarFeedToken.objects.select_for_update().get_or_create(**owner)
        if not created:
            token.token = feed_token_new()
            token.save(update_fields=["token"])
    return token


def calendar_token_get(*, user, body: Body | None = None) -> CalendarFeedToken:
    """The feed token of the user (or body), created on first use."""
    owner = {"body": body} if body is not None else {"user": user}
    token, _created = CalendarFeedToken.objects.get_or_create(**owner)
    return token


def notification_preference_set(
    *, user, email_enabled: bool, in_app_enabled: bool, digest_hour: int | None, paused_until: dt.date | None
) -> NotificationPreference:
    """Save how the user wants to hear about reminders."""
    with transaction.atomic():
        pref, _created = NotificationPreference.objects.update_or_create(
            user=user,
            defaults={
                "email_enabled": email_enabled,
                "in_app_enabled": in_app_enabled,
                "digest_hour": digest_hour,
                "paused_until": paused_until,
            },
        )
    return pref
