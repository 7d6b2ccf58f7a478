"""manage.py generate_load --tasks N [--bodies 500] [--updates-per-task 10]: a large office for benchmarks.

Writes an office with its bodies, one liaison per body, office staff / leader / inspector
logins, conclusions of 40 tasks each, tasks in every state and time class (recurring ones,
extended deadlines, done on time and late), coordinating bodies and progress updates. On
PostgreSQL rows go in with COPY (100,000 tasks and 1,000,000 updates in a few minutes);
elsewhere with batched INSERTs. Nothing goes through the services: this is test data, not
history, so it writes no audit events.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import time
from collections.abc import Iterable, Iterator
from typing import Any

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection, models, transaction
from django.utils import timezone

from accounts.models import Office, User
from accounts.roles import Role
from conclusions.models import Conclusion
from tracker.models import Body, BodyMembership, ProgressUpdate, Task
from tracker.search import task_search_text

LOAD_PASSWORD = "theodoi-demo"  # noqa: S105  (a benchmark office, never production)
TASKS_PER_CONCLUSION = 40

HEADINGS = [
    "Về phát triển kinh tế",
    "Về văn hóa - xã hội",
    "Về quốc phòng, an ninh",
    "Về xây dựng Đảng và hệ thống chính trị",
    "Về công tác kiểm tra, giám sát",
    "Về cải cách hành chính, chuyển đổi số",
]
VERBS = [
    "Tập trung chỉ đạo",
    "Đẩy nhanh tiến độ",
    "Rà soát, hoàn thiện",
    "Tăng cường công tác",
    "Triển khai thực hiện",
    "Tổ chức tổng kết",
    "Nâng cao chất lượng",
    "Xây dựng kế hoạch",
]
OBJECTS = [
    "giải ngân vốn đầu tư công",
    "chuyển đổi số trong cơ quan nhà nước",
    "tuyên truyền, giáo dục chính trị tư tưởng",
    "kiểm tra, giám sát tổ chức đảng",
    "phòng cháy, chữa cháy tại khu dân cư",
    "thu ngân sách trên địa bàn",
    "xây dựng nông thôn mới nâng cao",
    "cải cách thủ tục hành chính",
    "bảo vệ môi trường, xử lý rác thải",
    "phát triển đảng viên mới",
    "diễn tập khu vực phòng thủ",
    "quy hoạch khu đô thị mới",
]
TAILS = ["năm 2026", "giai đoạn 2026 - 2030", "6 tháng cuối năm", "trên địa bàn thành phố", "theo kế hoạch", ""]
KINDS = [k for k, _ in Body.Kind.choices]


class Command(BaseCommand):
    help = "Generate a large office for benchmarks (tasks, bodies, liaisons, progress updates)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--tasks", type=int, required=True)
        parser.add_argument("--bodies", type=int, default=500)
        parser.add_argument("--updates-per-task", type=int, default=10)
        parser.add_argument("--office", default="", help="Office name (default: a new 'Văn phòng tải thử N').")
        parser.add_argument("--seed", type=int, default=20261121)
        parser.add_argument("--today", type=dt.date.fromisoformat, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        rng = random.Random(options["seed"])  # noqa: S311  (reproducible test data, not secrets)
        today = options["today"] or timezone.localdate()
        office = load_office(options["office"])
        prefix = f"load{office.pk}"
        self.stdout.write(f"Office {office.name} (id {office.pk}); logins {prefix}_staff, {prefix}_lead0 …")

        bodies = load_bodies(office, options["bodies"])
        liaisons = load_users(office, prefix, bodies)
        n_tasks = options["tasks"]
        conclusions = load_conclusions(office, (n_tasks + TASKS_PER_CONCLUSION - 1) // TASKS_PER_CONCLUSION, today, rng)
        self.stdout.write(f"  {len(bodies)} bodies, {len(conclusions)} conclusions ({time.monotonic() - started:.1f}s)")

        first_task_id = next_id(Task)
        now = timezone.now()
        task_rows = (
            task_row(first_task_id + i, office, conclusions[i // TASKS_PER_CONCLUSION], i, bodies, today, now, rng)
            for i in range(n_tasks)
        )
        # The lead body of each task, kept for the progress and coordination rows.
        leads: list[int] = []

        def remember(rows: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
            for row in rows:
                leads.append(row["lead_body_id"])
                yield row

        with transaction.atomic():
            written = table_write(Task, remember(task_rows))
            id_sequence_bump(Task)
        self.stdout.write(f"  {written} tasks ({time.monotonic() - started:.1f}s)")

        through = Task.coordinating_bodies.through
        body_ids = [b.pk for b in bodies]

        def coordination() -> Iterator[dict[str, Any]]:
            for i, lead in enumerate(leads):
                if rng.random() < 0.3:
                    for body_id in {rng.choice(body_ids) for _ in range(rng.randint(1, 2))} - {lead}:
                        yield {"task_id": first_task_id + i, "body_id": body_id}

        with transaction.atomic():
            written = table_write(through, coordination())
        self.stdout.write(f"  {written} coordinating links ({time.monotonic() - started:.1f}s)")

        per_task = options["updates_per_task"]

        def progress() -> Iterator[dict[str, Any]]:
            for i, lead in enumerate(leads):
                author = liaisons[lead]
                for k in range(per_task):
                    at = now - dt.timedelta(days=rng.randint(0, 360), seconds=rng.randint(0, 86400))
                    yield {
                        "task_id": first_task_id + i,
                        "body_id": lead,
                        "author_id": author,
                        "kind": ProgressUpdate.Kind.PROGRESS,
                        "done_text": f"Đã triển khai bước {k + 1}: {rng.choice(OBJECTS)}",
                        "outcome_text": f"Đạt khoảng {min(100, (k + 1) * 10)}% kế hoạch",
                        "percent": min(100, (k + 1) * 10),
                        "created_at": at,
                    }

        with transaction.atomic():
            written = table_write(ProgressUpdate, progress())
        self.stdout.write(f"  {written} progress updates ({time.monotonic() - started:.1f}s)")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                for table in ("tracker_task", "tracker_task_coordinating_bodies", "tracker_progressupdate"):
                    # VACUUM sets the visibility map (index-only scans); it cannot run in a transaction.
                    verb = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
                    cursor.execute(f"{verb} {table}")
        self.stdout.write(self.style.SUCCESS(f"Done in {time.monotonic() - started:.1f}s (office id {office.pk})."))


def load_office(name: str) -> Office:
    if name:
        office, _ = Office.objects.get_or_create(name=name)
        return office
    office = Office.objects.create(name="Văn phòng tải thử")
    office.name = f"Văn phòng tải thử {office.pk}"
    office.save(update_fields=["name"])
    return office


def load_bodies(office: Office, count: int) -> list[Body]:
    existing = list(Body.objects.filter(office=office).order_by("pk"))
    if len(existing) >= count:
        return existing[:count]
    start = len(existing)
    Body.objects.bulk_create(
        Body(
            office=office,
            name=f"Cơ quan thử số {n}",
            short_name=f"CQ{n}",
            aliases=[f"Đơn vị {n}"],
            kind=KINDS[n % len(KINDS)],
            contact_emails=[f"cq{n}@load.example"],
            position=n,
        )
        for n in range(start, count)
    )
    return list(Body.objects.filter(office=office).order_by("pk"))[:count]


def load_users(office: Office, prefix: str, bodies: list[Body]) -> dict[int, int]:
    """Staff, leader and inspector logins, and one liaison per body; returns body id → liaison id."""
    password = make_password(LOAD_PASSWORD)
    wanted = {
        f"{prefix}_staff": Role.OFFICE_STAFF,
        f"{prefix}_leader": Role.LEADER,
        f"{prefix}_inspector": Role.INSPECTOR,
        **{f"{prefix}_lead{i}": Role.LIAISON for i in range(len(bodies))},
    }
    have = set(User.objects.filter(username__in=list(wanted)).values_list("username", flat=True))
    User.objects.bulk_create(
        User(username=name, office=office, password=password, full_name=name, email=f"{name}@load.example")
        for name in wanted
        if name not in have
    )
    users = dict(User.objects.filter(username__in=list(wanted)).values_list("username", "pk"))
    groups = dict(Group.objects.values_list("name", "pk"))
    through = User.groups.through
    through.objects.bulk_create(
        [through(user_id=users[name], group_id=groups[role.value]) for name, role in wanted.items()],
        ignore_conflicts=True,
    )
    BodyMembership.objects.bulk_create(
        [BodyMembership(user_id=users[f"{prefix}_lead{i}"], body=body) for i, body in enumerate(bodies)],
        ignore_conflicts=True,
    )
    return {body.pk: users[f"{prefix}_lead{i}"] for i, body in enumerate(bodies)}


def load_conclusions(office: Office, count: int, today: dt.date, rng: random.Random) -> list[Conclusion]:
    Conclusion.objects.bulk_create(
        Conclusion(
            office=office,
            state=Conclusion.State.PUBLISHED,
            number=f"{n + 1}-KL/TU",
            title=f"Kết luận Hội nghị lần thứ {n + 1} về {rng.choice(OBJECTS)}",
            issuer="Ban Chấp hành Đảng bộ thành phố",
            meeting_date=today - dt.timedelta(days=rng.randint(0, 720)),
            period_label="năm 2026",
            published_at=timezone.now(),
        )
        for n in range(count)
    )
    return list(Conclusion.objects.filter(office=office).order_by("-pk")[:count])[::-1]


def task_row(
    pk: int,
    office: Office,
    conclusion: Conclusion,
    index: int,
    bodies: list[Body],
    today: dt.date,
    now: dt.datetime,
    rng: random.Random,
) -> dict[str, Any]:
    heading = rng.choice(HEADINGS)
    text = f"{rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(TAILS)}".strip() + f" (nhiệm vụ {index + 1})"
    recurring = rng.random() < 0.05
    deadline = None if recurring else today + dt.timedelta(days=rng.randint(-365, 365))
    original = deadline
    if deadline and rng.random() < 0.05:
        original = deadline - dt.timedelta(days=rng.randint(15, 90))  # an approved extension
    roll = rng.random()
    state = (
        Task.State.OPEN
        if roll < 0.66
        else Task.State.AWAITING_CONFIRMATION
        if roll < 0.74
        else Task.State.RETURNED
        if roll < 0.78
        else Task.State.DONE
        if roll < 0.96
        else Task.State.PAUSED
        if roll < 0.98
        else Task.State.CANCELLED
    )
    completed = None
    if state == Task.State.DONE:
        anchor = deadline or today
        completed = min(today, anchor + dt.timedelta(days=rng.randint(-60, 20)))
    return {
        "id": pk,
        "office_id": office.pk,
        "conclusion_id": conclusion.pk,
        "order": index % TASKS_PER_CONCLUSION,
        "section": "II",
        "heading": heading,
        "text": text,
        "lead_body_id": rng.choice(bodies).pk,
        "deadline": deadline,
        "original_deadline": original,
        "recurring": recurring,
        "state": state,
        "completed_on": completed,
        "responsible_source": Task.ResponsibleSource.MANUAL,
        "deadline_source": Task.DeadlineSource.PERIOD if deadline else Task.DeadlineSource.NONE,
        "search_text": task_search_text(heading, text),
        "published_at": now,
        "created_at": now,
        "updated_at": now,
    }


def next_id(model: type[models.Model]) -> int:
    last = model.objects.order_by("-pk").values_list("pk", flat=True).first()
    return (last or 0) + 1


def id_sequence_bump(model: type[models.Model]) -> None:
    """Explicit ids were written: move the identity sequence past them (PostgreSQL)."""
    if connection.vendor != "postgresql":
        return
    table = model._meta.db_table
    with connection.cursor() as cursor:
        # Table names come from the models, never from input.
        cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))")  # noqa: S608


def column_value(field: models.Field, row: dict[str, Any], now: dt.datetime) -> Any:
    if field.attname in row:
        value = row[field.attname]
    elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        value = now
    elif field.has_default():
        value = field.get_default()
    elif field.null:
        value = None
    else:
        value = ""
    if connection.vendor != "postgresql":
        return field.get_db_prep_save(value, connection)
    if isinstance(field, models.JSONField) and value is not None:
        value = json.dumps(value, ensure_ascii=False)  # COPY sends text; the server parses it
    return value


def table_write(model: type[models.Model], rows: Iterable[dict[str, Any]], batch: int = 5000) -> int:
    """Write ``rows`` (attname → value) into ``model``'s table: COPY on PostgreSQL, INSERTs elsewhere.

    Columns missing from a row take the field's default; an auto id is left to the database
    unless the row gives one.
    """
    rows = iter(rows)
    try:
        first = next(rows)
    except StopIteration:
        return 0
    fields = [f for f in model._meta.concrete_fields if not (f.primary_key and f.attname not in first)]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    now = timezone.now()
    count = 0

    def values(row: dict[str, Any]) -> tuple[Any, ...]:
        return tuple(column_value(f, row, now) for f in fields)

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor  # psycopg 3: COPY is ~10x faster than INSERT for millions of rows
            with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                copy.write_row(values(first))
                count = 1
                for row in rows:
                    copy.write_row(values(row))
                    count += 1
            return count
        placeholders = ", ".join(["%s"] * len(fields))
        sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608  (names from the model)
        chunk = [values(first)]
        for row in rows:
            chunk.append(values(row))
            if len(chunk) >= batch:
                cursor.executemany(sql, chunk)
                count += len(chunk)
                chunk = []
        if chunk:
            cursor.executemany(sql, chunk)
            count += len(chunk)
    return count
