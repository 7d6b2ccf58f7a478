"""The body directory for office staff, with the import from an .xlsx or .csv sheet."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.tracker_web.conftest import page_text
from tracker.models import Body, BodyMembership

pytestmark = pytest.mark.django_db


def csv_upload(text: str, name: str = "co-quan.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def test_it_lists_bodies_with_aliases_emails_and_liaisons(client, web):
    Body.objects.filter(pk=web.body_c.pk).update(aliases=["UBND thành phố"])
    client.force_login(web.staff)
    response = client.get(reverse("body_list"))
    page = page_text(response)
    assert response.status_code == 200
    assert "Danh bạ cơ quan, đơn vị" in page
    assert "Ủy ban nhân dân thành phố" in page
    assert "UBND thành phố" in page
    assert web.liaison_a.get_full_name() in page


def test_it_finds_a_body_by_alias_without_diacritics(client, web):
    Body.objects.filter(pk=web.body_c.pk).update(aliases=["UBND thành phố"])
    client.force_login(web.staff)
    page = page_text(client.get(reverse("body_list"), {"q": "ubnd thanh pho"}))
    assert "Ủy ban nhân dân thành phố" in page
    assert "Ban Tổ chức Thành ủy" not in page


def test_it_imports_a_csv_sheet_and_adds_liaisons(client, web):
    client.force_login(web.staff)
    sheet = (
        "Tên cơ quan,Tên viết tắt,Tên gọi khác,E-mail,Cán bộ đầu mối\n"
        "Hội Nông dân thành phố,HND,Hội Nông dân,hoinongdan@example.org,lienlac_b\n"
        "Ban Tuyên giáo Thành ủy,BTG,Ban Tuyên giáo,btg@example.org,\n"
    )
    response = client.post(reverse("body_list"), {"file": csv_upload(sheet)}, follow=True)
    assert response.status_code == 200
    page = page_text(response)
    assert "Đã nhập: thêm 1 cơ quan, cập nhật 1" in page
    created = Body.objects.get(office=web.office, name="Hội Nông dân thành phố")
    assert created.short_name == "HND"
    assert created.contact_emails == ["hoinongdan@example.org"]
    assert BodyMembership.objects.filter(body=created, user=web.liaison_b).exists()
    assert Body.objects.get(pk=web.body_a.pk).aliases == ["Ban Tuyên giáo"]


def test_it_imports_an_xlsx_sheet(client, web):
    book = openpyxl.Workbook()
    book.active.append(["Tên cơ quan", "Tên viết tắt"])
    book.active.append(["Đoàn Thanh niên thành phố", "ĐTN"])
    data = io.BytesIO()
    book.save(data)
    upload = SimpleUploadedFile("co-quan.xlsx", data.getvalue())
    client.force_login(web.staff)
    response = client.post(reverse("body_list"), {"file": upload})
    assert response.status_code == 302
    assert Body.objects.filter(office=web.office, name="Đoàn Thanh niên thành phố", short_name="ĐTN").exists()


def test_it_shows_each_bad_row_and_imports_nothing(client, web):
    client.force_login(web.staff)
    before = Body.objects.count()
    sheet = (
        "Tên cơ quan,Tên viết tắt,E-mail,Cán bộ đầu mối\n"
        "Hội Cựu chiến binh thành phố,CCB,khong-phai-email,\n"
        "Hội Phụ nữ thành phố,HPN,hpn@example.org,nguoi_khong_co\n"
    )
    response = client.post(reverse("body_list"), {"file": csv_upload(sheet)})
    assert response.status_code == 400
    page = page_text(response)
    assert "Chưa nhập gì" in page
    assert "Dòng 2" in page
    assert "Dòng 3" in page
    assert Body.objects.count() == before


def test_it_refuses_a_file_that_is_not_a_sheet(client, web):
    client.force_login(web.staff)
    response = client.post(reverse("body_list"), {"file": csv_upload("x", name="co-quan.pdf")})
    assert response.status_code == 400
    assert "Hãy chọn tệp .xlsx hoặc .csv." in page_text(response)


@pytest.mark.parametrize("who", ["liaison_a", "leader", "inspector"])
def test_it_is_for_office_staff_only(client, web, who):
    client.force_login(web.users()[who])
    assert client.get(reverse("body_list")).status_code == 403
    response = client.post(reverse("body_list"), {"file": csv_upload("Tên cơ quan\nBan Mới\n")})
    assert response.status_code == 403
    assert not Body.objects.filter(name="Ban Mới").exists()
