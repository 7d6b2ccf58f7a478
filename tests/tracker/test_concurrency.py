"""Two writers on one task at the same moment (real threads, real PostgreSQL row locks): exactly
one wins, the other gets the Vietnamese conflict, and no write is lost."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from accounts.roles import Role
from tests.factories import BodyFactory, MembershipFactory, OfficeFactory, UserFactory
from tests.tracker.conftest import task_make
from tracker.errors import VersionConflict
from tracker.models import AuditEvent, Task
from tracker.services.tasks import task_update


@pytest.mark.postgres
# No serialized_rollback: it reloads content types after an earlier transactional test's flush
# recreated them with new ids. The factories re-create the role groups a flush removes.
@pytest.mark.django_db(transaction=True)
def test_it_lets_exactly_one_of_two_simultaneous_writers_win(postgres_db):
    office = OfficeFactory()
    body = BodyFactory(office=office)
    MembershipFactory(body=body, user__office=office)
    staff = UserFactory(office=office, role=Role.OFFICE_STAFF)
    task = task_make(conclusion__office=office, lead_body=body)
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def writer(text: str) -> None:
        try:
            mine = Task.objects.get(pk=task.pk)  # both read version 1
            barrier.wait(timeout=10)
            task_update(actor=staff, task=mine, text=text, expected_version=1)
            outcomes[text] = "saved"
        except VersionConflict as exc:
            outcomes[text] = exc.message
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(text,)) for text in ("Bản của người A", "Bản của người B")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes.values())[1] == "saved"
    loser_message = sorted(outcomes.values())[0]
    assert loser_message.startswith("Nhiệm vụ đã được người khác cập nhật")
    winner = next(text for text, outcome in outcomes.items() if outcome == "saved")
    task.refresh_from_db()
    assert (task.text, task.version) == (winner, 2)
    assert list(AuditEvent.objects.filter(task=task, field="text").values_list("after", flat=True)) == [winner]
