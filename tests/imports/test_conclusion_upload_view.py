"""conclusion_upload and conclusion_list: office staff upload a document and land on its review."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.roles import Role
from conclusions.models import Conclusion, SourceDocument
from tests.factories import UserFactory
from tracker.models import Task

pytestmark = pytest.mark.django_db


def upload(client, data: bytes, name: str = "ket-luan.txt"):
    return client.post(reverse("conclusion_upload"), {"file": SimpleUploadedFile(name, data)}, follow=True)


def test_it_imports_the_upload_and_shows_its_review(client, staff, sample_bytes):
    client.force_login(staff)
    response = upload(client, sample_bytes, "Kết luận 5.txt")
    conclusion = Conclusion.objects.get()
    assert response.redirect_chain == [(reverse("conclusion_review", kwargs={"pk": conclusion.pk}), 302)]
    page = response.content.decode()
    assert "Đã nhập 6 nhiệm vụ: 4 có cơ quan chủ trì, 6 có thời hạn, 2 cần bổ sung trước khi ban hành." in page
    assert "Rà soát kế hoạch" in page
    assert conclusion.source_document.original_name == "Kết luận 5.txt"
    assert conclusion.imported_by == staff


def test_it_recognises_a_file_uploaded_twice(client, staff, sample_bytes):
    client.force_login(staff)
    upload(client, sample_bytes)
    response = upload(client, sample_bytes, "ten-khac.txt")
    page = response.content.decode()
    assert "Tệp này đã được nhập ngày" in page
    assert "Không lưu thêm gì." in page
    assert Conclusion.objects.count() == 1 and SourceDocument.objects.count() == 1 and Task.objects.count() == 6
    assert response.redirect_chain[-1][0] == reverse("conclusion_review", kwargs={"pk": Conclusion.objects.get().pk})


def test_it_asks_for_a_file_when_none_is_sent(client, staff):
    client.force_login(staff)
    response = client.post(reverse("conclusion_upload"), {})
    assert response.status_code == 400
    assert "Hãy chọn tệp để tải lên." in response.content.decode()


def test_it_shows_the_upload_form(client, staff):
    client.force_login(staff)
    response = client.get(reverse("conclusion_upload"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Nhập kết luận" in page and "Tải lên và đọc" in page
    assert "Dung lượng tối đa: 20 MB" in page


def test_it_lists_the_offices_conclusions_with_rows_to_complete(client, staff, sample_bytes, office):
    client.force_login(staff)
    upload(client, sample_bytes)
    # Another office's conclusion never shows.
    other_staff = UserFactory(role=Role.OFFICE_STAFF)
    from tracker.services.imports import conclusion_import

    conclusion_import(actor=other_staff, office=other_staff.office, data=sample_bytes, filename="khac.txt")
    response = client.get(reverse("conclusion_list"))
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("Bản nháp: cần rà soát") == 1
    assert "2 dòng cần bổ sung" in page
    assert "khac.txt" not in page
    assert "ket-luan.txt" in page


@pytest.mark.parametrize("role", [Role.LEADER, Role.INSPECTOR, Role.LIAISON])
def test_it_forbids_other_roles(client, office, sample_bytes, role):
    client.force_login(UserFactory(office=office, role=role))
    assert client.get(reverse("conclusion_list")).status_code == 403
    assert client.get(reverse("conclusion_upload")).status_code == 403
    response = client.post(reverse("conclusion_upload"), {"file": SimpleUploadedFile("kl.txt", sample_bytes)})
    assert response.status_code == 403
    assert not Conclusion.objects.exists()


def test_it_sends_anonymous_users_to_log_in(client):
    response = client.get(reverse("conclusion_list"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
