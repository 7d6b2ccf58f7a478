"""Reporting screens: the office opens a period and sees who submitted, a liaison submits on one
screen, the office compiles, edits, issues and downloads; leaders and inspectors read."""

from __future__ import annotations

import datetime as dt
import io

import pdfplumber
import pytest
import time_machine
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from tracker.models import ProgressUpdate
from tracker.reports.models import BodySubmission, PeriodicReport, ReportFile, ReportingPeriod
from tracker.reports.services import report_compile

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 21, 3, 0, tzinfo=dt.UTC)


@time_machine.travel(NOW, tick=False)
def test_it_lets_the_office_open_a_period(client, world):
    client.force_login(world.staff)
    page = client.get(reverse("period_list"))
    assert "Mở kỳ báo cáo" in page.content.decode() and "Quý IV/2026" in page.content.decode()
    response = client.post(
        reverse("period_open"),
        {"cadence": "yearly", "day": "2026-11-21", "conclusion": "", "repeat": "on"},
        follow=True,
    )
    assert "Đã mở kỳ báo cáo Năm 2026." in response.content.decode()
    assert ReportingPeriod.objects.filter(cadence="yearly", conclusion=None, label="Năm 2026").exists()


@time_machine.travel(NOW, tick=False)
def test_it_shows_who_has_and_has_not_submitted(client, world):
    client.force_login(world.staff)
    page = client.get(reverse("period_detail", args=[world.period.pk])).content.decode()
    assert "Ban Tuyên giáo Thành ủy" in page and "Chưa gửi" in page
    assert "Báo cáo của các cơ quan: 0/1" in page


@time_machine.travel(NOW, tick=False)
def test_it_lets_a_liaison_save_a_draft_then_submit_on_one_screen(client, world):
    client.force_login(world.btg_liaison)
    url = reverse("period_submission", args=[world.period.pk, world.btg.pk])
    page = client.get(url).content.decode()
    assert "Tổ chức tuyên truyền sâu rộng" in page and "Gửi Văn phòng" in page
    t2, t3 = world.tasks[2].pk, world.tasks[3].pk
    data = {
        f"done_{t2}": "Đã tổ chức 12 hội nghị",
        f"outcome_{t2}": "100% chi bộ quán triệt",
        f"percent_{t2}": "80",
        f"done_{t3}": "Đang dự thảo",
        f"reason_{t3}": "Chờ số liệu",
    }
    response = client.post(url, {**data, "action": "draft"}, follow=True)
    assert "Đã lưu nháp." in response.content.decode()
    assert "Đã tổ chức 12 hội nghị" in response.content.decode()  # the draft comes back filled in
    response = client.post(url, {**data, "action": "submit"}, follow=True)
    assert "Đã gửi. Văn phòng đã nhận báo cáo của cơ quan." in response.content.decode()
    assert BodySubmission.objects.get(body=world.btg).state == "submitted"
    assert ProgressUpdate.objects.filter(task_id=t2).exists()
    client.force_login(world.staff)
    page = client.get(reverse("period_detail", args=[world.period.pk])).content.decode()
    assert "Báo cáo của các cơ quan: 1/1" in page


@time_machine.travel(NOW, tick=False)
def test_it_keeps_what_the_liaison_typed_when_refused(client, world):
    client.force_login(world.btg_liaison)
    url = reverse("period_submission", args=[world.period.pk, world.btg.pk])
    t2 = world.tasks[2].pk
    response = client.post(url, {f"done_{t2}": "Đã làm một phần", f"percent_{t2}": "150", "action": "submit"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Tỷ lệ hoàn thành phải từ 0 đến 100." in body and "Đã làm một phần" in body
    assert not BodySubmission.objects.exists()


def test_it_refuses_a_liaison_the_form_of_another_body(client, world):
    client.force_login(world.ubnd_liaison)
    assert client.get(reverse("period_submission", args=[world.period.pk, world.btg.pk])).status_code == 403
    assert client.get(reverse("period_detail", args=[world.period.pk])).status_code == 403


@time_machine.travel(NOW, tick=False)
def test_it_lets_the_office_compile_edit_issue_and_download(client, world):
    client.force_login(world.staff)
    response = client.post(reverse("report_compile", args=[world.period.pk]), {"kind": "office_period"}, follow=True)
    report = PeriodicReport.objects.get()
    body = response.content.decode()
    assert "Đã tổng hợp báo cáo" in body and "Chưa hoàn thành, quá hạn" in body
    assert "Tỷ lệ nhiệm vụ chưa hoàn thành, quá hạn: 20,00%" in body
    response = client.post(
        reverse("report_edit", args=[report.pk]),
        {
            "achievements": "Hoàn thành quy hoạch chung đô thị.",
            "overdue_reasons": "",
            "proposals": "Đề nghị chỉ đạo.",
            "signer_capacity": "K/T Chánh Văn phòng",
            "signer_title": "Phó Chánh Văn phòng",
            "signer_name": "Trần Văn An",
            "recipients": "Thường trực Thành ủy (để b/c)\nLưu Văn phòng",
            "group_by": "body",
            "version": report.version,
        },
        follow=True,
    )
    assert "Đã lưu báo cáo." in response.content.decode()
    report.refresh_from_db()
    response = client.post(
        reverse("report_issue", args=[report.pk]),
        {"number": "12", "issued_on": "2026-12-05", "version": report.version},
        follow=True,
    )
    assert "Đã ban hành báo cáo." in response.content.decode()
    pdf = client.get(reverse("report_download", args=[report.pk, "pdf"]))
    assert pdf["Content-Type"] == "application/pdf"
    text = pdfplumber.open(io.BytesIO(pdf.content)).pages[0].extract_text()
    assert "Số 12-BC/VPTU" in text
    docx = client.get(reverse("report_download", args=[report.pk, "docx"]))
    assert "Hoàn thành quy hoạch chung đô thị." in [p.text for p in Document(io.BytesIO(docx.content)).paragraphs]
    xlsx = client.get(reverse("report_download", args=[report.pk, "xlsx"]))
    assert load_workbook(io.BytesIO(xlsx.content))["Phụ lục"].auto_filter.ref
    printed = client.get(reverse("report_print", args=[report.pk])).content.decode()
    assert "In báo cáo" in printed and "Hoàn thành quy hoạch chung đô thị." in printed


@time_machine.travel(NOW, tick=False)
def test_it_lets_leaders_and_inspectors_read_but_not_compile(client, world):
    report = report_compile(actor=world.staff, period=world.period, today=dt.date(2026, 11, 21))
    for user in (world.leader, world.inspector):
        client.force_login(user)
        page = client.get(reverse("report_detail", args=[report.pk])).content.decode()
        assert "Kết quả thực hiện Kết luận số 28-KL/TU" in page and "Chỉnh sửa trước khi ban hành" not in page
        assert client.get(reverse("report_list")).status_code == 200
        assert client.post(reverse("report_compile", args=[world.period.pk])).status_code == 403
        assert client.post(reverse("report_issue", args=[report.pk]), {"number": "1"}).status_code == 403
    client.force_login(world.btg_liaison)
    assert client.get(reverse("report_detail", args=[report.pk])).status_code == 403


@time_machine.travel(NOW, tick=False)
def test_it_builds_a_large_report_in_the_background_and_shows_progress(
    client, world, settings, django_capture_on_commit_callbacks
):
    settings.REPORT_DIRECT_MAX_TASKS = 2
    report = report_compile(actor=world.staff, period=world.period, today=dt.date(2026, 11, 21))
    client.force_login(world.leader)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.get(reverse("report_download", args=[report.pk, "docx"]))
    row = ReportFile.objects.get()
    assert response.status_code == 302 and response.url == reverse("report_file_detail", args=[row.pk])
    waiting = client.get(response.url).content.decode()
    assert 'http-equiv="refresh"' in waiting and "Đang chờ tạo tệp…" in waiting
    for callback in callbacks:
        callback()
    ready = client.get(response.url).content.decode()
    assert "Đã sẵn sàng" in ready and 'http-equiv="refresh"' not in ready
    download = client.get(reverse("report_file_download", args=[row.pk]))
    assert Document(io.BytesIO(b"".join(download.streaming_content))).tables


def test_it_hides_another_office_s_report(client, world):
    from tests.factories import OfficeFactory, UserFactory

    report = report_compile(actor=world.staff, period=world.period, today=dt.date(2026, 11, 21))
    stranger = UserFactory(office=OfficeFactory(), role="office_staff")
    client.force_login(stranger)
    assert client.get(reverse("report_detail", args=[report.pk])).status_code == 404
    assert client.get(reverse("report_download", args=[report.pk, "pdf"])).status_code == 404


def test_it_links_the_reporting_periods_from_the_menu(client, world):
    for user in (world.btg_liaison, world.staff, world.leader):
        client.force_login(user)
        page = client.get(reverse("period_list")).content.decode()
        assert f'href="{reverse("period_list")}"' in page and "Kỳ báo cáo" in page


def test_it_lists_for_a_liaison_only_the_periods_their_body_reports_in(client, world):
    from tests.factories import MembershipFactory

    idle_liaison = MembershipFactory(user__office=world.office, body=world.idle).user
    client.force_login(idle_liaison)
    page = client.get(reverse("period_list")).content.decode()
    assert "Cơ quan của bạn không có kỳ báo cáo nào đang mở." in page
    client.force_login(world.btg_liaison)
    page = client.get(reverse("period_list")).content.decode()
    assert reverse("period_submission", args=[world.period.pk, world.btg.pk]) in page
