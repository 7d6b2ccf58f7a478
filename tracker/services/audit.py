"""The audit trail: every change of state, deadline, body or text, written by the services."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from tracker.models import AuditEvent

if TYPE_CHECKING:
    from accounts.models import User
    from conclusions.models import Conclusion
    from tracker.models import Task


def audit_value(value: Any) -> Any:
    """Make a value JSON-safe for before/after (dates as ISO, models as their id and name)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "pk") and hasattr(value, "_meta"):
        return {"id": value.pk, "name": str(value)}
    if isinstance(value, list | tuple | set | frozenset):
        return [audit_value(v) for v in value]
    return value


def audit_record(
    *,
    actor: User | None,
    action: str,
    office_id: int,
    task: Task | None = None,
    conclusion: Conclusion | None = None,
    field: str = "",
    before: Any = None,
    after: Any = None,
    note: str = "",
) -> AuditEvent:
    """Append one audit event. Call it inside the service's transaction, so the event and
    the change it records are written together or not at all."""
    return AuditEvent.objects.create(
        office_id=office_id,
        actor=actor,
        action=action,
        task=task,
        conclusion=conclusion,
        field=field,
        before=audit_value(before),
        after=audit_value(after),
        note=note,
    )
