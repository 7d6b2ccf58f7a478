"""body_create, body_update and body_directory_import (.csv and .xlsx, all rows or none); the admin import page."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.roles import Role
from tests.factories import UserFactory
from tracker.errors import NotAllowed, ServiceError
from tracker.models import AuditEvent, Body, BodyMembership
from tracker.services.bodies import body_create, body_directory_import, body_update

pytestmark = pytest.mark.django_db

HEADER = ["Tên cơ quan", "Tên viết tắt", "Tên khác", "Loại", "Cơ quan cấp trên", "Email", "Đầu mối"]


def csv_file(rows: list[list[str]], header=HEADER, name="danh-muc.csv") -> SimpleUploadedFile:
    lines = [",".join(f'"{c}"' for c in row) for row in [header, *rows]]
    return SimpleUploadedFile(name, ("\ufeff" + "\n".join(lines)).encode("utf-8"), content_type="text/csv")


def xlsx_file(rows: list[list[str]], header=HEADER) -> SimpleUploadedFile:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    data = io.BytesIO()
    book.save(data)
    return SimpleUploadedFile("danh-muc.xlsx", data.getvalue())


def test_it_creates_and_updates_a_body_with_audit(world):
    body = body_create(
        actor=world.staff, office=world.office, name="Sở Nội vụ", short_name="SNV", aliases=["Nội vụ", " ", "Nội vụ"]
    )
    assert body.aliases == ["Nội vụ"]
    body_update(actor=world.staff, body=body, parent=world.body_c, contact_emails=["snv@example.org"])
    body.refresh_from_db()
    assert body.parent == world.body_c
    assert AuditEvent.objects.filter(action="body_created").count() == 1
    assert set(AuditEvent.objects.filter(action="body_updated").values_list("field", flat=True)) == {
        "body.parent",
        "body.contact_emails",
    }


def test_it_refuses_duplicates_cycles_bad_emails_and_non_staff(world):
    with pytest.raises(ServiceError, match="Đã có cơ quan"):
        body_create(actor=world.staff, office=world.office, name="Ban Tổ chức Thành ủy")
    with pytest.raises(ServiceError, match="thư điện tử"):
        body_update(actor=world.staff, body=world.body_a, contact_emails=["không-phải-email"])
    body_update(actor=world.staff, body=world.body_b, parent=world.body_a)
    with pytest.raises(ServiceError, match="trực thuộc chính nó"):
        body_update(actor=world.staff, body=world.body_a, parent=world.body_b)
    for actor in (world.liaison_a, world.leader, world.outsider_staff):
        with pytest.raises(NotAllowed):
            body_create(actor=actor, office=world.office, name="Trái phép")
    assert not Body.objects.filter(name="Trái phép").exists()


@pytest.mark.parametrize("make_file", [csv_file, xlsx_file])
def test_it_imports_the_directory_with_aliases_parents_emails_and_liaisons(world, make_file):
    liaison = UserFactory(office=world.office, username="nguyenvana", email="vana@example.org", role=Role.LIAISON)
    sheet = make_file(
        [
            [
                "Ủy ban nhân dân thành phố",
                "UBND",
                "UBND thành phố; Ủy ban nhân dân",
                "chính quyền",
                "",
                "ubnd@example.org",
                "",
            ],
            ["Phòng Nội vụ", "PNV", "Nội vụ", "department", "UBND", "pnv@example.org; noivu@example.org", "nguyenvana"],
            ["Phòng Tư pháp", "", "", "", "Ủy ban nhân dân thành phố", "", "vana@example.org"],
        ]
    )
    result = body_directory_import(actor=world.staff, office=world.office, file=sheet)
    assert result.ok, result.errors
    assert [b.name for b in result.created] == ["Phòng Nội vụ", "Phòng Tư pháp"]
    assert [b.name for b in result.updated] == ["Ủy ban nhân dân thành phố"]
    ubnd = Body.objects.get(office=world.office, name="Ủy ban nhân dân thành phố")
    assert ubnd.aliases == ["UBND thành phố", "Ủy ban nhân dân"]
    assert ubnd.kind == Body.Kind.GOVERNMENT
    pnv = Body.objects.get(name="Phòng Nội vụ")
    assert (pnv.parent, pnv.kind, pnv.contact_emails) == (ubnd, "department", ["pnv@example.org", "noivu@example.org"])
    assert Body.objects.get(name="Phòng Tư pháp").parent == ubnd
    assert set(BodyMembership.objects.filter(user=liaison).values_list("body__name", flat=True)) == {
        "Phòng Nội vụ",
        "Phòng Tư pháp",
    }
    assert result.memberships_added == 2
    assert AuditEvent.objects.filter(action="body_created").count() == 2
    assert AuditEvent.objects.filter(action="body_updated").count() == 1


def test_it_writes_nothing_and_reports_every_bad_row_in_vietnamese(world):
    sheet = csv_file(
        [
            ["Phòng Văn hóa", "PVH", "", "", "", "", ""],
            ["", "X", "", "", "", "", ""],
            ["Phòng Y tế", "", "", "loại lạ", "Cơ quan không có", "sai-email", "ai-do"],
            ["Phòng Văn hóa", "", "", "", "", "", ""],
        ]
    )
    count = Body.objects.count()
    result = body_directory_import(actor=world.staff, office=world.office, file=sheet)
    assert not result.ok
    errors = {e.row: e.message for e in result.errors}
    assert set(errors) == {3, 4, 5}
    assert "tên cơ quan để trống" in errors[3]
    assert "không rõ loại cơ quan “loại lạ”" in errors[4]
    assert "không tìm thấy cơ quan cấp trên “Cơ quan không có”" in errors[4]
    assert "“sai-email” không phải là địa chỉ thư điện tử hợp lệ" in errors[4]
    assert "không có người dùng “ai-do”" in errors[4]
    assert "trùng (dòng 2)" in errors[5]
    assert Body.objects.count() == count
    assert not AuditEvent.objects.exists()


def test_it_refuses_a_file_that_is_not_a_sheet_or_has_no_name_column(world):
    result = body_directory_import(
        actor=world.staff, office=world.office, file=SimpleUploadedFile("x.xlsx", b"not a workbook")
    )
    assert result.errors[0].message.startswith("Không đọc được tệp")
    result = body_directory_import(actor=world.staff, office=world.office, file=csv_file([["a"]], header=["Ghi chú"]))
    assert "Tên cơ quan" in result.errors[0].message
    result = body_directory_import(actor=world.staff, office=world.office, file=SimpleUploadedFile("x.pdf", b"%PDF"))
    assert ".xlsx" in result.errors[0].message
    with pytest.raises(NotAllowed):
        body_directory_import(actor=world.liaison_a, office=world.office, file=csv_file([["Trái phép"]]))


def test_it_imports_the_sheet_from_the_admin_page(world, client):
    admin = UserFactory(office=None, is_staff=True, is_superuser=True)
    client.force_login(admin)
    page = client.get("/admin/tracker/body/")
    assert "/admin/tracker/body/import/" in page.content.decode()
    bad = client.post(
        "/admin/tracker/body/import/",
        {"office": world.office.pk, "file": csv_file([["Sở Y tế", "", "", "không rõ", "", "", ""]])},
    )
    assert bad.status_code == 200
    assert "không rõ loại cơ quan" in bad.content.decode()
    assert not Body.objects.filter(name="Sở Y tế").exists()
    good = client.post(
        "/admin/tracker/body/import/",
        {"office": world.office.pk, "file": csv_file([["Sở Y tế", "SYT", "", "", "", "", ""]])},
    )
    assert good.status_code == 302
    assert Body.objects.filter(office=world.office, name="Sở Y tế", short_name="SYT").exists()
