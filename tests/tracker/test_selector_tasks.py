"""task_list, task_get, task_timeline, evidence_get: scoping, filters, accent-blind search."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404

from tests.factories import ConclusionFactory, OfficeFactory
from tests.tracker.conftest import pdf_upload, task_make
from tracker.models import Task
from tracker.selectors.tasks import (
    conclusion_choices,
    evidence_get,
    headings_matching,
    task_get,
    task_headings,
    task_list,
    task_timeline,
)
from tracker.services.progress import progress_post
from tracker.services.tasks import task_completion_propose, task_return, task_update

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 20)


def ids(tasks) -> list[int]:
    return [t.pk for t in tasks]


def test_it_finds_tasks_ignoring_diacritics_and_case(world):
    other = task_make(conclusion=world.task.conclusion, text="Rà soát quy hoạch đô thị", heading="Về đô thị")
    assert ids(task_list(user=world.staff, today=TODAY, q="tien do")) == [world.task.pk]
    assert ids(task_list(user=world.staff, today=TODAY, q="TIẾN ĐỘ giải")) == [world.task.pk]
    assert ids(task_list(user=world.staff, today=TODAY, q="do thi")) == [other.pk]  # heading or text
    assert ids(task_list(user=world.staff, today=TODAY, q="không có đâu")) == []


def test_it_filters_by_body_state_time_class_conclusion_heading_and_deadline(world):
    conclusion = world.task.conclusion
    overdue = task_make(conclusion=conclusion, lead_body=world.body_b, deadline=dt.date(2026, 11, 1))
    soon = task_make(
        conclusion=conclusion, lead_body=world.body_b, deadline=dt.date(2026, 11, 22), heading="Về an ninh"
    )
    done_late = task_make(conclusion=conclusion, lead_body=world.body_b, deadline=dt.date(2026, 11, 1), state="done")
    recurring = task_make(conclusion=conclusion, lead_body=world.body_b, deadline=None, recurring=True)
    elsewhere = task_make(lead_body__office=world.office, conclusion__office=world.office)

    def run(**kw):
        return set(ids(task_list(user=world.staff, today=TODAY, **kw)))

    assert run(body=world.body_c) == {world.task.pk}  # coordinating
    assert run(body=world.body_b.pk) == {overdue.pk, soon.pk, done_late.pk, recurring.pk}
    assert run(time_class="overdue") == {overdue.pk}  # the done one is not "overdue"
    assert run(time_class="due_soon") == {soon.pk}
    assert run(time_class="no_deadline") == {recurring.pk}
    assert run(time_class="within_term") == {world.task.pk, elsewhere.pk}
    assert run(state="done") == {done_late.pk}
    assert run(state=["done", "open"], body=world.body_b) == {overdue.pk, soon.pk, done_late.pk, recurring.pk}
    assert run(conclusion=elsewhere.conclusion) == {elsewhere.pk}
    assert run(heading="Về an ninh") == {soon.pk}
    assert run(deadline_from=dt.date(2026, 11, 2), deadline_to=dt.date(2026, 11, 30)) == {soon.pk}
    assert "Về an ninh" in task_headings(user=world.staff)


def test_it_matches_heading_words_without_diacritics_in_the_heading_only(world):
    conclusion = world.task.conclusion
    economy = task_make(
        conclusion=conclusion, lead_body=world.body_b, heading="Về Phát triển KINH TẾ", text="Thu ngân sách"
    )
    # "kinh tế" in the text only: the heading filter does not take it.
    task_make(conclusion=conclusion, lead_body=world.body_b, heading="Về văn hóa", text="Gắn văn hóa với kinh tế")
    # Another body's task under the same heading, out of a liaison's sight.
    hidden = task_make(conclusion=conclusion, lead_body=world.body_b, heading="Về kinh tế biển", text="Cảng cá")
    task_make(conclusion__office=OfficeFactory(), heading="Về kinh tế tư nhân", text="Ở văn phòng khác")

    assert world.task.heading == "Về phát triển kinh tế"
    assert headings_matching(user=world.staff, words="kinh te") == sorted(
        ["Về Phát triển KINH TẾ", "Về kinh tế biển", "Về phát triển kinh tế"]
    )
    assert set(ids(task_list(user=world.staff, today=TODAY, heading_words="kinh te"))) == {
        economy.pk,
        hidden.pk,
        world.task.pk,
    }
    assert set(ids(task_list(user=world.staff, today=TODAY, heading_words="KINH tế  phát"))) == {
        economy.pk,
        world.task.pk,
    }
    assert ids(task_list(user=world.staff, today=TODAY, heading_words="bien")) == [hidden.pk]
    assert ids(task_list(user=world.staff, today=TODAY, heading_words="an ninh")) == []
    # A liaison of A matches only the headings of tasks they see.
    assert headings_matching(user=world.liaison_a, words="kinh te") == ["Về phát triển kinh tế"]
    assert headings_matching(user=world.staff, words="  ") == []


def test_it_offers_the_recent_conclusions_plus_the_chosen_one(world):
    old = ConclusionFactory(office=world.office, number="01-KL/TU", meeting_date=dt.date(2020, 1, 1))
    undated = ConclusionFactory(office=world.office, number="02-KL/TU", meeting_date=None)
    newer = [
        ConclusionFactory(office=world.office, number=f"{90 + d}-KL/TU", meeting_date=dt.date(2027, 1, d))
        for d in (1, 2, 3)
    ]
    ConclusionFactory(number="77-KL/KHAC", meeting_date=dt.date(2028, 1, 1))  # another office

    def numbers(**kw):
        return [c.number for c in conclusion_choices(user=world.staff, **kw)]

    assert numbers(limit=2) == ["93-KL/TU", "92-KL/TU"]
    assert numbers(limit=2, selected=old.pk) == ["93-KL/TU", "92-KL/TU", "01-KL/TU"]
    assert numbers(limit=2, selected=str(newer[2].pk)) == ["93-KL/TU", "92-KL/TU"]
    assert numbers(limit=2, selected="abc") == ["93-KL/TU", "92-KL/TU"]
    assert numbers(limit=50)[-1] == undated.number  # undated ones last
    # A liaison is offered only conclusions with tasks of their bodies.
    assert [c.pk for c in conclusion_choices(user=world.liaison_b)] == []
    assert [c.pk for c in conclusion_choices(user=world.liaison_a)] == [world.task.conclusion_id]
    # Older ones are found by number or title.
    task_old = task_make(conclusion=old, lead_body=world.body_a)
    assert ids(task_list(user=world.staff, today=TODAY, conclusion_q="01-kl")) == [task_old.pk]
    assert ids(task_list(user=world.liaison_b, today=TODAY, conclusion_q="01-kl")) == []


def test_it_shows_each_role_only_its_tasks_once(world):
    draft = task_make(conclusion=world.task.conclusion, lead_body=world.body_a, state="draft")
    both = task_make(conclusion=world.task.conclusion, lead_body=world.body_c, coordinating_bodies=[world.body_a])
    task_make(conclusion=world.task.conclusion, lead_body=world.body_b)
    foreign = task_make()

    def run(user):
        return ids(task_list(user=user, today=TODAY, order="conclusion"))

    assert sorted(run(world.liaison_a)) == sorted([world.task.pk, both.pk])
    assert sorted(run(world.liaison_c)) == sorted([world.task.pk, both.pk])  # no duplicate rows
    assert draft.pk not in run(world.leader)
    assert draft.pk in run(world.inspector)
    assert foreign.pk not in run(world.staff)
    assert run(world.outsider_staff) == []
    assert len(run(world.staff)) == 4


def test_it_raises_404_for_a_task_the_user_may_not_see(world):
    assert task_get(user=world.liaison_a, pk=world.task.pk) == world.task
    for user in (world.liaison_b, world.outsider_staff):
        with pytest.raises(Http404):
            task_get(user=user, pk=world.task.pk)
    with pytest.raises(Http404):
        task_get(user=world.staff, pk="abc")


def test_it_builds_a_timeline_and_hides_edit_history_from_liaisons(world):
    progress_post(actor=world.liaison_c, task=world.task, done_text="Phối hợp", files=[pdf_upload()])
    task_update(actor=world.staff, task=world.task, text="Nội dung đã sửa")
    task_completion_propose(actor=world.liaison_a, task=world.task, done_text="Xong", outcome_text="Đạt")
    task_return(actor=world.staff, task=world.task, reason="Thiếu hồ sơ")

    office_view = task_timeline(user=world.inspector, task=world.task)
    kinds = [e.kind for e in office_view]
    assert kinds.count("progress") == 1 and kinds.count("completion") == 1
    fields = {e.event.field for e in office_view if e.event}
    assert {"text", "state"} <= fields
    assert office_view == sorted(office_view, key=lambda e: e.at, reverse=True)
    assert office_view[[e.kind for e in office_view].index("progress")].progress.evidence_files.count() == 1

    liaison_view = task_timeline(user=world.liaison_a, task=world.task)
    assert {e.event.field for e in liaison_view if e.event} == {"state"}
    assert any(e.event and e.event.note == "Thiếu hồ sơ" for e in liaison_view)
    with pytest.raises(Http404):
        task_timeline(user=world.liaison_b, task=world.task)


def test_it_serves_evidence_only_to_users_who_see_the_task(world):
    update = progress_post(actor=world.liaison_a, task=world.task, done_text="x", files=[pdf_upload()])
    evidence = update.evidence_files.get()
    for user in (world.liaison_a, world.liaison_c, world.staff, world.leader, world.inspector):
        assert evidence_get(user=user, pk=evidence.pk) == evidence
    for user in (world.liaison_b, world.outsider_staff):
        with pytest.raises(Http404):
            evidence_get(user=user, pk=evidence.pk)
    Task.objects.filter(pk=world.task.pk).update(state="draft")
    with pytest.raises(Http404):
        evidence_get(user=world.leader, pk=evidence.pk)
