"""The audit trail cannot be edited: refused in Python everywhere, and by a trigger on PostgreSQL."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from tracker.models import AuditEvent
from tracker.services.audit import audit_record

pytestmark = pytest.mark.django_db


def event(world) -> AuditEvent:
    return audit_record(
        actor=world.staff,
        action="task_updated",
        office_id=world.office.pk,
        task=world.task,
        field="text",
        before="a",
        after="b",
    )


def test_it_refuses_to_save_or_delete_an_audit_event_in_python(world):
    recorded = event(world)
    recorded.note = "sửa lịch sử"
    with pytest.raises(RuntimeError):
        recorded.save()
    with pytest.raises(RuntimeError):
        recorded.delete()
    assert AuditEvent.objects.get(pk=recorded.pk).note == ""


@pytest.mark.postgres
def test_it_refuses_update_and_delete_in_the_database_on_postgresql(world, postgres_db):
    recorded = event(world)
    for sql in (
        "UPDATE tracker_auditevent SET note = 'sửa' WHERE id = %s",
        "DELETE FROM tracker_auditevent WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="audit events cannot be changed"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [recorded.pk])
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=recorded.pk).update(note="qua ORM")
    recorded = AuditEvent.objects.get(pk=recorded.pk)
    assert (recorded.note, recorded.after) == ("", "b")
