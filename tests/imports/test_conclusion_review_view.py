"""conclusion_review: the document beside its extracted plan; every review action through the page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from accounts.roles import Role
from tests.factories import BodyFactory, UserFactory
from tracker.models import AuditEvent, Body, Task
from tracker.services.imports import conclusion_import, conclusion_publish
from tracker.services.review import draft_tasks_bulk_assign

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(office, staff, sample_bytes):
    return conclusion_import(actor=staff, office=office, data=sample_bytes, filename="kl.txt").conclusion


@pytest.fixture
def page(client, staff, draft):
    client.force_login(staff)

    def get() -> str:
        response = client.get(reverse("conclusion_review", kwargs={"pk": draft.pk}))
        assert response.status_code == 200
        return response.content.decode()

    return get


def post(client, draft, data):
    return client.post(reverse("conclusion_review", kwargs={"pk": draft.pk}), data, follow=True)


def row(draft, order):
    return draft.tasks.get(order=order)


def body(office, short):
    return Body.objects.get(office=office, short_name=short)


def article(html: str, task: Task) -> str:
    match = re.search(rf'<article[^>]*id="task-{task.pk}".*?</article>', html, re.S)
    assert match, f"row of task {task.pk} not on the page"
    return match.group(0)


def test_it_shows_the_document_text_beside_the_rows_and_why(page, draft):
    html = page()
    assert '<div class="doc-text"' in html
    assert "Ngày 5 tháng 7 năm 2026, Ban Chấp hành Đảng bộ thành phố" in html  # the document itself
    assert "6 nhiệm vụ" in html and "2 dòng cần bổ sung" in html

    first = article(html, row(draft, 1))
    assert "Ủy ban nhân dân thành phố" in first
    assert "Căn cứ: nêu rõ trong nhiệm vụ: “UBND thành phố”" in first
    assert "30/09/2026" in first
    assert "Căn cứ: nêu rõ trong nhiệm vụ: “xong trong tháng 9/2026”" in first
    assert "flagged" not in first.split(">")[0]

    second = article(html, row(draft, 2))
    assert "Căn cứ: hết kỳ: 6 tháng cuối năm 2026" in second
    assert "Phòng Tài chính - Kế hoạch" in second

    third = article(html, row(draft, 3))
    assert "flagged" in third.split(">")[0]
    assert "Không xác định được cơ quan chủ trì" in third  # the parser's own warning
    assert "Thiếu cơ quan chủ trì" in third
    assert "Căn cứ: văn bản không nêu cơ quan: Văn phòng cần chọn" in third

    fourth = article(html, row(draft, 4))
    assert "Căn cứ: theo quy tắc chủ đề: kiểm tra, giám sát" in fourth

    fifth = article(html, row(draft, 5))
    assert "Chưa có trong danh mục" in fifth and "“Ban Nội chính Thành ủy”" in fifth
    assert "thêm vào danh mục" in fifth

    sixth = article(html, row(draft, 6))
    assert "Thường xuyên" in sixth
    assert "Căn cứ: nhiệm vụ thường xuyên, không có một hạn cụ thể" in sixth
    assert "Thiếu thời hạn" not in sixth

    assert "Ban hành kế hoạch" in html
    assert html.count('name="tasks"') == 6


def test_it_saves_an_edited_row(client, page, draft, office):
    task = row(draft, 3)
    response = post(
        client,
        draft,
        {
            "action": "edit",
            "task": task.pk,
            "version": task.version,
            "text": "Tập trung chỉ đạo hoàn thành các mục tiêu kinh tế - xã hội.",
            "heading": "Về phát triển kinh tế",
            "lead_body": body(office, "UBND").pk,
            "coordinating_bodies": [body(office, "TCKH").pk],
            "deadline": "2026-10-31",
        },
    )
    assert "Đã lưu nhiệm vụ #3." in response.content.decode()
    task.refresh_from_db()
    assert task.text == "Tập trung chỉ đạo hoàn thành các mục tiêu kinh tế - xã hội."
    assert task.lead_body == body(office, "UBND") and task.deadline == dt.date(2026, 10, 31)
    assert [b.short_name for b in task.coordinating_bodies.all()] == ["TCKH"]
    html = article(page(), task)
    assert "Căn cứ: do Văn phòng chọn" in html and "Căn cứ: Văn phòng xác định" in html
    # The parser's doubts about the body and the deadline are answered: no longer shown.
    assert "Không xác định được cơ quan chủ trì" not in html
    assert "Không có thời hạn rõ ràng" not in html
    assert "flagged" not in html.split(">")[0]


def test_it_shows_a_stale_edit_as_a_conflict_and_keeps_the_newer_text(client, page, draft):
    task = row(draft, 1)
    post(client, draft, {"action": "edit", "task": task.pk, "version": task.version, "text": "Bản thứ nhất"})
    response = post(client, draft, {"action": "edit", "task": task.pk, "version": task.version, "text": "Bản cũ"})
    assert "vừa được người khác sửa" in response.content.decode()
    task.refresh_from_db()
    assert task.text == "Bản thứ nhất"


def test_it_merges_splits_deletes_and_adds_rows(client, staff, draft, office):
    client.force_login(staff)
    second, third = row(draft, 2), row(draft, 3)
    response = post(client, draft, {"action": "merge", "tasks": [second.pk, third.pk]})
    assert "Đã gộp các nhiệm vụ vào #2." in response.content.decode()
    assert draft.tasks.count() == 5

    merged = row(draft, 2)
    response = post(client, draft, {"action": "split", "task": merged.pk, "second": "Tập trung chỉ đạo"})
    assert "Đã tách nhiệm vụ #2 thành hai (#2 và #3)." in response.content.decode()
    assert row(draft, 3).text == "Tập trung chỉ đạo hoàn thành các mục tiêu đã đề ra."

    response = post(client, draft, {"action": "delete", "task": row(draft, 3).pk})
    assert "Đã xóa nhiệm vụ #3." in response.content.decode()
    assert draft.tasks.count() == 5

    response = post(
        client,
        draft,
        {
            "action": "add",
            "text": "Tổ chức sơ kết 6 tháng.",
            "section": "III",
            "lead_body": body(office, "VPTU").pk,
            "deadline": "2026-12-20",
        },
    )
    assert "Đã thêm nhiệm vụ #6." in response.content.decode()
    added = row(draft, 6)
    assert (added.section, added.lead_body, added.deadline) == ("III", body(office, "VPTU"), dt.date(2026, 12, 20))


def test_it_bulk_assigns_the_ticked_rows(client, page, draft, office):
    third, fifth = row(draft, 3), row(draft, 5)
    response = post(
        client,
        draft,
        {
            "action": "bulk",
            "tasks": [third.pk, fifth.pk],
            "lead_body": body(office, "BTC").pk,
            "deadline": "2026-12-15",
        },
    )
    assert "Đã cập nhật 2 nhiệm vụ." in response.content.decode()
    for task in (third, fifth):
        task.refresh_from_db()
        assert task.lead_body == body(office, "BTC") and task.deadline == dt.date(2026, 12, 15)
    assert "dòng cần bổ sung" not in page()


def test_it_explains_a_refused_action(client, staff, draft):
    client.force_login(staff)
    response = post(client, draft, {"action": "merge", "tasks": [row(draft, 1).pk]})
    assert "Hãy chọn ít nhất hai nhiệm vụ để gộp." in response.content.decode()
    response = post(client, draft, {"action": "bulk", "tasks": [row(draft, 1).pk]})
    assert "Hãy chọn cơ quan chủ trì, cơ quan phối hợp hoặc thời hạn để giao." in response.content.decode()
    response = post(client, draft, {"action": "split", "task": row(draft, 1).pk, "second": "không có ở đây"})
    assert "Phần thứ hai phải được chép đúng từ nội dung nhiệm vụ." in response.content.decode()
    assert draft.tasks.count() == 6


def test_it_creates_a_proposed_body_from_the_review(client, page, draft, office):
    response = post(client, draft, {"action": "create_body", "name": "Ban Nội chính Thành ủy"})
    assert "Đã thêm cơ quan “Ban Nội chính Thành ủy” vào danh mục và giao cho 1 nhiệm vụ." in response.content.decode()
    fifth = row(draft, 5)
    assert fifth.lead_body.name == "Ban Nội chính Thành ủy"
    assert "Chưa có trong danh mục" not in article(page(), fifth)


def test_it_refuses_a_body_of_another_office_in_a_form(client, staff, draft):
    client.force_login(staff)
    foreign = BodyFactory()
    task = row(draft, 3)
    response = post(client, draft, {"action": "edit", "task": task.pk, "text": task.text, "lead_body": foreign.pk})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode() or "Hãy chọn" in response.content.decode()
    task.refresh_from_db()
    assert task.lead_body is None


def test_it_answers_404_to_a_forged_post_for_another_offices_conclusion(client, draft, sample_bytes):
    other_staff = UserFactory(role=Role.OFFICE_STAFF)
    other = conclusion_import(
        actor=other_staff, office=other_staff.office, data=sample_bytes, filename="khac.txt"
    ).conclusion
    target = other.tasks.get(order=1)
    before = (target.text, target.version)

    client.force_login(UserFactory(office=draft.office, role=Role.OFFICE_STAFF))
    url = reverse("conclusion_review", kwargs={"pk": other.pk})
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "edit", "task": target.pk, "text": "Giả mạo"}).status_code == 404
    assert client.post(url, {"action": "delete", "task": target.pk}).status_code == 404
    assert client.post(reverse("conclusion_publish", kwargs={"pk": other.pk})).status_code == 404
    # Its own conclusion's URL with the other office's task id: 404 too.
    own = reverse("conclusion_review", kwargs={"pk": draft.pk})
    assert client.post(own, {"action": "delete", "task": target.pk}).status_code == 404
    assert client.post(own, {"action": "merge", "tasks": [target.pk, row(draft, 1).pk]}).status_code == 404
    target.refresh_from_db()
    assert (target.text, target.version) == before
    assert other.tasks.count() == 6 and draft.tasks.count() == 6
    assert not AuditEvent.objects.filter(action__startswith="draft_").exists()


@pytest.mark.parametrize("role", [Role.LEADER, Role.INSPECTOR, Role.LIAISON])
def test_it_forbids_other_roles(client, draft, role):
    client.force_login(UserFactory(office=draft.office, role=role))
    url = reverse("conclusion_review", kwargs={"pk": draft.pk})
    assert client.get(url).status_code == 403
    assert client.post(url, {"action": "delete", "task": row(draft, 1).pk}).status_code == 403
    assert draft.tasks.count() == 6


def test_it_shows_a_published_plan_read_only(client, page, draft, staff, office):
    draft_tasks_bulk_assign(
        actor=staff, tasks=list(draft.tasks.filter(lead_body__isnull=True)), lead_body=body(office, "BTC")
    )
    conclusion_publish(actor=staff, conclusion=draft)
    html = page()
    assert "Kế hoạch đã ban hành" in html
    assert "Ban hành kế hoạch" not in html
    assert 'name="action"' not in html
    response = post(client, draft, {"action": "delete", "task": row(draft, 1).pk})
    assert "Kết luận đã được ban hành; không thể rà soát lại kế hoạch." in response.content.decode()
    assert draft.tasks.count() == 6


def test_it_renders_the_review_in_a_fixed_number_of_queries(
    client, staff, draft, office, django_assert_max_num_queries
):
    client.force_login(staff)
    url = reverse("conclusion_review", kwargs={"pk": draft.pk})
    client.get(url)  # warm caches (session, user, roles)
    with django_assert_max_num_queries(16) as small:
        client.get(url)
    for number in range(20):
        Task.objects.create(
            office=office, conclusion=draft, order=10 + number, text=f"Nhiệm vụ thêm {number}", state=Task.State.DRAFT
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)
