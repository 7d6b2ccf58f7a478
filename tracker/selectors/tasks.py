"""Reads of tasks, their timeline, progress, extensions, evidence and conclusions.

Every selector takes the user and scopes by ``tracker.policy.task_scope``: a task the user
may not see is simply not there (Http404), for the web UI and the API alike.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.db.models import F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404

from conclusions.models import Conclusion
from tracker.models import AuditEvent, Body, EvidenceFile, Extension, ProgressUpdate, Task
from tracker.policy import Action, task_allows, task_scope, tasks_of_bodies
from tracker.search import text_fold
from tracker.selectors.timing import UNFINISHED_STATES, time_class_q
from tracker.timeliness import TaskTiming, TimeClass, time_class

if TYPE_CHECKING:
    from accounts.models import User

# Every action a task page or API detail may offer, asked of the policy in one place.
TASK_ACTIONS = (
    Action.POST_PROGRESS,
    Action.PROPOSE_COMPLETION,
    Action.REQUEST_EXTENSION,
    Action.CONFIRM_COMPLETION,
    Action.RETURN_TASK,
    Action.DECIDE_EXTENSION,
    Action.EDIT_TASK,
    Action.PAUSE_TASK,
    Action.CANCEL_TASK,
    Action.VIEW_HISTORY,
)


def user_due_soon_days(user: User) -> int:
    """The due-soon window of the user's office (3 days unless the office set another)."""
    office = getattr(user, "office", None)
    return office.due_soon_days if office is not None else 3


def tasks_visible(user: User) -> QuerySet[Task]:
    """All tasks ``user`` may see, without joins (callers add what their page needs)."""
    return Task.objects.filter(task_scope(user))


def task_list(
    *,
    user: User,
    today: dt.date,
    body: Body | int | None = None,
    state: str | Iterable[str] | None = None,
    time_class: TimeClass | str | None = None,
    conclusion: Conclusion | int | None = None,
    heading: str | None = None,
    heading_words: str | None = None,
    conclusion_q: str | None = None,
    deadline_from: dt.date | None = None,
    deadline_to: dt.date | None = None,
    q: str | None = None,
    order: str = "deadline",
) -> QuerySet[Task]:
    """The tasks ``user`` may see, filtered, ready for a paginated list (web task list, API list).

    ``body`` matches the lead or a coordinating body. ``time_class`` keeps unfinished tasks
    (open, awaiting confirmation, returned) of that class today. ``q`` ignores diacritics and
    case: every word must occur in the task's text or heading ("tien do" finds "tiến độ").
    ``heading`` is one exact heading (API); ``heading_words`` keeps tasks whose heading holds
    every word, diacritics ignored ("kinh te" finds "Về kinh tế"; web task list).
    ``conclusion_q`` keeps the tasks of the conclusions whose number or title contains it.
    """
    tasks = tasks_visible(user)
    if body is not None:
        body_id = body.pk if isinstance(body, Body) else int(body)
        tasks = tasks.filter(pk__in=tasks_of_bodies([body_id]))
    if state:
        tasks = tasks.filter(state=state) if isinstance(state, str) else tasks.filter(state__in=list(state))
    if time_class:
        tasks = tasks.filter(
            time_class_q(time_class, today=today, due_soon_days=user_due_soon_days(user)),
            state__in=UNFINISHED_STATES,
        )
    if conclusion is not None:
        tasks = tasks.filter(conclusion_id=conclusion.pk if isinstance(conclusion, Conclusion) else int(conclusion))
    if heading:
        tasks = tasks.filter(heading=heading)
    if heading_words and text_fold(heading_words):
        # (office, heading) index: the matching headings are resolved first, see headings_matching.
        tasks = tasks.filter(heading__in=headings_matching(user=user, words=heading_words))
    if conclusion_q and conclusion_q.strip():
        tasks = tasks.filter(conclusion_id__in=conclusions_matching(user=user, text=conclusion_q).values("pk"))
    if deadline_from:
        tasks = tasks.filter(deadline__gte=deadline_from)
    if deadline_to:
        tasks = tasks.filter(deadline__lte=deadline_to)
    for word in text_fold(q or "").split():
        # search_text is folded the same way; on PostgreSQL a trigram GIN index serves LIKE '%word%'.
        tasks = tasks.filter(search_text__contains=word)
    tasks = (
        # Task list page and API list: each row shows its lead body, conclusion and coordinating bodies.
        tasks.select_related("lead_body", "conclusion").prefetch_related(
            Prefetch("coordinating_bodies", queryset=Body.objects.only("id", "name", "short_name"))
        )
    )
    orders = {
        "deadline": ("deadline", "id"),
        "-deadline": ("-deadline", "-id"),
        "conclusion": ("conclusion_id", "order", "id"),
        "updated": ("-updated_at", "-id"),
    }
    return tasks.order_by(*orders.get(order, orders["deadline"]))


def task_latest_progress(tasks: Iterable[Task]) -> list[Task]:
    """Set ``last_progress_at`` and ``last_percent`` on each task of a page, in one query.

    Asked for the page's rows only, after pagination: as an annotation of the list query it
    would be computed for every row skipped by the page's OFFSET too.
    """
    tasks = list(tasks)
    latest = ProgressUpdate.objects.filter(task=OuterRef("pk")).order_by("-created_at", "-id")
    found = {
        pk: (at, percent)
        for pk, at, percent in Task.objects.filter(pk__in=[t.pk for t in tasks])
        .annotate(at=Subquery(latest.values("created_at")[:1]), pc=Subquery(latest.values("percent")[:1]))
        .values_list("pk", "at", "pc")
    }
    for task in tasks:
        task.last_progress_at, task.last_percent = found.get(task.pk, (None, None))
    return tasks


def task_headings(*, user: User, conclusion: Conclusion | int | None = None, limit: int = 500) -> list[str]:
    """The distinct headings of visible tasks, in order, ``limit`` at most (the task list's
    heading suggestions).

    On PostgreSQL, for users who see a whole office, a skip scan over the (office, heading)
    index reads one index entry per distinct heading instead of every task (100 ms → 1 ms at
    100,000 tasks).
    """
    from accounts.roles import Role, user_role

    role = user_role(user)
    if (
        connection.vendor == "postgresql"
        and conclusion is None
        and role in (Role.OFFICE_STAFF, Role.INSPECTOR, Role.LEADER)
    ):
        # Leaders do not see drafts; the others see the whole office.
        extra = "AND state <> 'draft'" if role == Role.LEADER else ""
        sql = f"""
            WITH RECURSIVE h(heading) AS (
                (SELECT heading FROM tracker_task WHERE office_id = %(office)s AND heading > '' {extra}
                 ORDER BY heading LIMIT 1)
                UNION ALL
                SELECT (SELECT t.heading FROM tracker_task t
                        WHERE t.office_id = %(office)s AND t.heading > h.heading {extra}
                        ORDER BY t.heading LIMIT 1)
                FROM h WHERE h.heading IS NOT NULL
            )
            SELECT heading FROM h WHERE heading IS NOT NULL LIMIT %(limit)s
        """  # noqa: S608  (``extra`` is one of two constant strings)
        with connection.cursor() as cursor:
            cursor.execute(sql, {"office": user.office_id, "limit": limit})
            return [row[0] for row in cursor.fetchall()]
    tasks = tasks_visible(user).exclude(heading="")
    if conclusion is not None:
        tasks = tasks.filter(conclusion_id=conclusion.pk if isinstance(conclusion, Conclusion) else int(conclusion))
    return list(tasks.order_by("heading").values_list("heading", flat=True).distinct()[:limit])


# Up to this many distinct headings, headings_matching reads them all by the skip scan.
HEADINGS_SKIP_SCAN = 2_000


def headings_matching(*, user: User, words: str) -> list[str]:
    """The distinct headings of visible tasks that hold every word of ``words``, diacritics and
    case ignored, as ``text_fold`` compares them (the task list's heading filter).

    The database cannot fold Vietnamese diacritics, so one query reads candidate headings and
    Python keeps those whose own fold holds every word: for users who see a whole office on
    PostgreSQL, every distinct heading by the skip scan of ``task_headings`` (when there are
    at most ``HEADINGS_SKIP_SCAN``); otherwise the distinct headings of the tasks whose
    ``search_text`` (the folded heading followed by the folded text) contains every word,
    which the trigram index narrows.
    """
    from accounts.roles import Role, user_role

    folded = text_fold(words).split()
    if not folded:
        return []
    distinct: list[str] | None = None
    if connection.vendor == "postgresql" and user_role(user) in (Role.OFFICE_STAFF, Role.INSPECTOR, Role.LEADER):
        # An office has few distinct headings (section titles repeat): the skip scan of
        # task_headings reads one index entry per heading, cheaper than the tasks containing
        # short common words such as "kinh te" (16 ms at 100,000 tasks).
        distinct = task_headings(user=user, limit=HEADINGS_SKIP_SCAN + 1)
        if len(distinct) > HEADINGS_SKIP_SCAN:
            distinct = None
    if distinct is None:
        candidates = tasks_visible(user).exclude(heading="")
        for word in folded:
            candidates = candidates.filter(search_text__contains=word)
        distinct = list(candidates.order_by().values_list("heading", flat=True).distinct())
    return sorted(heading for heading in distinct if all(word in text_fold(heading) for word in folded))


def conclusions_matching(*, user: User, text: str) -> QuerySet[Conclusion]:
    """Conclusions the user may filter on whose number or title contains ``text`` (case ignored).

    For conclusions older than the task list's select of recent ones: staff type "45-KL" or a
    few words of the title.
    """
    text = " ".join(text.split())
    return conclusion_list(user=user).filter(Q(number__icontains=text) | Q(title__icontains=text))


def conclusion_choices(*, user: User, limit: int = 30, selected: int | str | None = None) -> list[Conclusion]:
    """The task list's conclusion select: the ``limit`` most recent conclusions the user may
    filter on (by meeting date), plus ``selected`` when it is older. Two small queries at most,
    however many conclusions the office has."""
    conclusions = conclusion_list(user=user).only("id", "number", "title", "meeting_date")
    recent = list(conclusions.order_by(F("meeting_date").desc(nulls_last=True), "-id")[:limit])
    try:
        selected_id = int(selected) if selected not in (None, "") else None
    except (TypeError, ValueError):
        selected_id = None
    if selected_id is not None and all(c.pk != selected_id for c in recent):
        recent += list(conclusions.filter(pk=selected_id))
    return recent


def task_get(*, user: User, pk: int | str) -> Task:
    """One task the user may see, with what its page shows; Http404 when missing or not visible."""
    try:
        pk = int(pk)
    except (TypeError, ValueError) as exc:
        raise Http404 from exc
    task = (
        tasks_visible(user)
        # Task page / API detail: the conclusion, the lead body and the office (due-soon window).
        .select_related("conclusion", "lead_body", "office")
        .prefetch_related("coordinating_bodies")
        .filter(pk=pk)
        .first()
    )
    if task is None:
        raise Http404
    return task


def task_timing(task: Task) -> TaskTiming:
    """The pure-timeliness view of a task."""
    return TaskTiming(
        state=task.state,
        deadline=task.deadline,
        original_deadline=task.original_deadline,
        completed_on=task.completed_on,
        recurring=task.recurring,
    )


def task_time_class(task: Task, *, today: dt.date, due_soon_days: int = 3) -> TimeClass | None:
    """The time class of an unfinished task (None for drafts, done, paused and cancelled)."""
    if task.state not in UNFINISHED_STATES:
        return None
    return time_class(task_timing(task), today=today, due_soon_days=due_soon_days)


def task_allowed_actions(*, user: User, task: Task) -> frozenset[Action]:
    """The actions the task page and the API detail offer ``user`` on ``task``."""
    return frozenset(action for action in TASK_ACTIONS if task_allows(user, action, task))


@dataclass(frozen=True)
class TimelineEntry:
    """One line of a task's timeline, newest first: a progress update, an extension or an audit event."""

    at: dt.datetime
    kind: str  # "progress", "completion", "extension_request", "extension_decision", "event"
    actor: Any
    progress: ProgressUpdate | None = None
    extension: Extension | None = None
    event: AuditEvent | None = None


def task_timeline(*, user: User, task: Task) -> list[TimelineEntry]:
    """The task's history for its page: progress with evidence, extensions, state changes.

    Everyone who sees the task sees its progress, extensions and state changes (a liaison must
    see why work was returned). The full audit trail (edits of text, bodies and deadline) is
    shown only to roles allowed VIEW_HISTORY. A constant number of queries.
    """
    if not task_allows(user, Action.VIEW_TASK, task):
        raise Http404
    entries: list[TimelineEntry] = []
    progress = (
        ProgressUpdate.objects.filter(task=task)
        # Timeline: who wrote it for which body, and its files.
        .select_related("author", "body")
        .prefetch_related("evidence_files")
    )
    for update in progress:
        kind = "completion" if update.kind == ProgressUpdate.Kind.COMPLETION else "progress"
        entries.append(TimelineEntry(update.created_at, kind, update.author, progress=update))
    for extension in Extension.objects.filter(task=task).select_related("requested_by", "decided_by", "body"):
        entries.append(
            TimelineEntry(extension.requested_at, "extension_request", extension.requested_by, extension=extension)
        )
        if extension.decided_at:
            entries.append(
                TimelineEntry(extension.decided_at, "extension_decision", extension.decided_by, extension=extension)
            )
    events = AuditEvent.objects.filter(task=task).select_related("actor")
    if not task_allows(user, Action.VIEW_HISTORY, task):
        events = events.filter(field="state")
    # Progress and extensions have their own entries; their audit twins would repeat them.
    events = events.exclude(
        action__in=("progress_posted", "extension_requested", "extension_approved", "extension_rejected")
    )
    for event in events:
        entries.append(TimelineEntry(event.at, "event", event.actor, event=event))
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries


def evidence_get(*, user: User, pk: int | str) -> EvidenceFile:
    """An evidence file, only when its task is visible to ``user`` (else Http404)."""
    evidence = (
        EvidenceFile.objects.select_related("progress__task")
        .filter(pk=pk, progress__task__in=tasks_visible(user))
        .first()
    )
    if evidence is None:
        raise Http404
    return evidence


def progress_list(
    *, user: User, task: Task | int | None = None, body: Body | int | None = None
) -> QuerySet[ProgressUpdate]:
    """Progress updates on visible tasks, newest first (API /api/progress/)."""
    updates = ProgressUpdate.objects.filter(task__in=tasks_visible(user))
    if task is not None:
        updates = updates.filter(task_id=task.pk if isinstance(task, Task) else int(task))
    if body is not None:
        updates = updates.filter(body_id=body.pk if isinstance(body, Body) else int(body))
    # API progress list: each row names its body and author and lists its files.
    return updates.select_related("body", "author").prefetch_related("evidence_files").order_by("-created_at", "-id")


def extension_list(*, user: User, task: Task | int | None = None, state: str | None = None) -> QuerySet[Extension]:
    """Extension requests on visible tasks, newest first (API /api/extensions/, office's queue)."""
    extensions = Extension.objects.filter(task__in=tasks_visible(user))
    if task is not None:
        extensions = extensions.filter(task_id=task.pk if isinstance(task, Task) else int(task))
    if state:
        extensions = extensions.filter(state=state)
    # API extension list and the office's decision queue: the task, body and people.
    return extensions.select_related("task", "body", "requested_by", "decided_by").order_by("-requested_at", "-id")


def extension_get(*, user: User, pk: int | str) -> Extension:
    """One extension request on a visible task (Http404 otherwise)."""
    extension = extension_list(user=user).filter(pk=pk).first()
    if extension is None:
        raise Http404
    return extension


def conclusion_list(*, user: User) -> QuerySet[Conclusion]:
    """Conclusions with at least one task the user may see; office staff and inspectors see all
    of their office's, drafts included."""
    from accounts.roles import Role, user_role

    role = user_role(user)
    if role is None or user.office_id is None:
        return Conclusion.objects.none()
    conclusions = Conclusion.objects.filter(office_id=user.office_id)
    if role in (Role.OFFICE_STAFF, Role.INSPECTOR):
        return conclusions
    if role == Role.LEADER:
        return conclusions.filter(state=Conclusion.State.PUBLISHED)
    return conclusions.filter(pk__in=tasks_visible(user).values("conclusion_id"))


def conclusion_get(*, user: User, pk: int | str) -> Conclusion:
    conclusion = conclusion_list(user=user).filter(pk=pk).first()
    if conclusion is None:
        raise Http404
    return conclusion
