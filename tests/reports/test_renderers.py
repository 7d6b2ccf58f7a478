"""Every format of a published conclusion's report, read back: PDF, Word, Excel and the print view."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pdfplumber
import pytest
import time_machine
from docx import Document
from openpyxl import load_workbook
from PIL import Image

from tracker.reports.document import document_build
from tracker.reports.renderers import document_render, report_render
from tracker.reports.services import (
    SubmissionEntry,
    report_compile,
    report_issue,
    report_update,
    submission_save,
)

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 21)
LABELS = [
    "Đã hoàn thành đúng hạn",
    "Đã hoàn thành quá hạn",
    "Chưa hoàn thành, trong hạn",
    "Chưa hoàn thành, quá hạn",
    "Thường xuyên / không hạn",
]
TASK_WORDS = "Tham mưu sơ kết 5 năm thực hiện Chỉ thị số 05-CT/TW về học tập và làm theo tư tưởng"


def build_report(world, number: str = "12"):
    with time_machine.travel(dt.datetime(2026, 11, 20, 3, 0, tzinfo=dt.UTC), tick=False):
        submission_save(
            actor=world.btg_liaison,
            period=world.period,
            body=world.btg,
            items=[
                SubmissionEntry(
                    task=world.tasks[2],
                    done_text="Đã tổ chức 12 hội nghị",
                    outcome_text="100% chi bộ đã quán triệt nghị quyết",
                    percent=80,
                ),
                SubmissionEntry(task=world.tasks[3], done_text="Đang dự thảo", reason_text="Chờ số liệu cơ sở"),
            ],
            submit=True,
        )
    report = report_compile(actor=world.staff, period=world.period, today=TODAY)
    report = report_update(
        actor=world.staff,
        report=report,
        achievements=report.achievements,
        overdue_reasons="Một số cơ quan chưa bố trí đủ nguồn lực.",
        proposals="Đề nghị Thường trực Thành ủy chỉ đạo các cơ quan khẩn trương hoàn thành nhiệm vụ quá hạn.",
        signer_capacity="K/T Chánh Văn phòng",
        signer_title="Phó Chánh Văn phòng",
        signer_name="Trần Văn An",
        recipients=["Thường trực Thành ủy (để b/c)", "Lưu Văn phòng"],
    )
    if number:
        report = report_issue(actor=world.staff, report=report, number=number, issued_on=dt.date(2026, 12, 5))
    return report


def flat(text: str) -> str:
    """NFC and single spaces: line breaks in a PDF's text layer fall anywhere."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text))


def pdf_counts(text: str) -> dict[str, int]:
    return {label: int(re.search(re.escape(label) + r" (\d+) ", text).group(1)) for label in LABELS}


@pytest.fixture
def report(world):
    return build_report(world)


def test_it_prints_a_pdf_on_a4_with_title_counts_and_vietnamese_text(report):
    content = report_render(report, "pdf").content
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        pages = pdf.pages
        assert len(pages) >= 2
        for page in pages:
            assert abs(page.width - 595.28) <= 1 and abs(page.height - 841.89) <= 1
        raw = "\n".join(page.extract_text() for page in pages)
        text = flat(raw)
        # Page numbers: none on page 1, then "2", "3" ... as the first line (top centre).
        first_lines = [page.extract_text().splitlines()[0].strip() for page in pages]
        assert not first_lines[0].isdigit()
        assert first_lines[1:] == [str(n) for n in range(2, len(pages) + 1)]
    assert raw == unicodedata.normalize("NFC", raw)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text and "Số 12-BC/VPTU" in text
    assert "Hòa Bình Xanh, ngày 05 tháng 12 năm 2026" in text
    assert "BÁO CÁO Kết quả thực hiện Kết luận số 28-KL/TU" in text
    assert pdf_counts(text) == dict.fromkeys(LABELS, 1)
    assert "Tỷ lệ nhiệm vụ chưa hoàn thành, quá hạn: 20,00%" in text
    assert TASK_WORDS in text
    assert "100% chi bộ đã quán triệt nghị quyết" in text
    assert "Nguyên nhân: Chờ số liệu cơ sở" in text
    assert "Nơi nhận:" in text and "K/T CHÁNH VĂN PHÒNG" in text and "Trần Văn An" in text
    assert "PHỤ LỤC" in text and "STT Nội dung nhiệm vụ" in text


def test_it_turns_a_pdf_page_into_a_picture_that_is_not_blank(report, tmp_path):
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(report_render(report, "pdf").content)
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")], check=True)
    [png] = list(tmp_path.glob("page*.png"))
    image = Image.open(png).convert("L")
    dark = sum(image.histogram()[:128])
    assert image.size[0] < image.size[1]  # portrait
    assert dark / (image.size[0] * image.size[1]) > 0.01


def test_it_writes_an_editable_word_file_with_the_same_content_in_order(report):
    document = Document(io.BytesIO(report_render(report, "docx").content))
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert round(section.left_margin.mm) == 30 and round(section.right_margin.mm) == 15
    assert document.styles["Normal"].font.name == "Times New Roman"
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header._element.xml
    header = document.tables[0]
    assert "VĂN PHÒNG THÀNH ỦY HÒA BÌNH XANH" in header.cell(0, 0).text
    assert header.cell(0, 1).text.startswith("ĐẢNG CỘNG SẢN VIỆT NAM")
    assert header.cell(1, 0).text == "Số 12-BC/VPTU"
    texts = [p.text for p in document.paragraphs if p.text.strip()]
    order = ["BÁO CÁO", "I. TÌNH HÌNH", "II. KẾT QUẢ ĐẠT ĐƯỢC", "III. NHIỆM VỤ", "IV. ĐỀ XUẤT", "PHỤ LỤC"]
    positions = [next(i for i, t in enumerate(texts) if t.startswith(head)) for head in order]
    assert positions == sorted(positions)
    counts = document.tables[1]
    assert {row.cells[0].text: int(row.cells[1].text) for row in counts.rows[1:6]} == dict.fromkeys(LABELS, 1)
    footer = document.tables[2]
    assert footer.cell(0, 0).text.startswith("Nơi nhận:")
    assert "K/T CHÁNH VĂN PHÒNG" in footer.cell(0, 1).text and "Trần Văn An" in footer.cell(0, 1).text
    annex = document.tables[3]
    assert [c.text for c in annex.rows[0].cells] == [
        "STT",
        "Nội dung nhiệm vụ",
        "Cơ quan chủ trì",
        "Cơ quan phối hợp",
        "Thời hạn",
        "Kết quả thực hiện",
        "Tình trạng",
    ]
    task_rows = [r for r in annex.rows[1:] if r.cells[0].text.isdigit()]
    assert [r.cells[0].text for r in task_rows] == ["1", "2", "3", "4", "5"]
    assert any(flat(r.cells[1].text).startswith(TASK_WORDS) for r in task_rows)
    assert "tblHeader" in annex.rows[0]._tr.xml


def test_it_writes_an_excel_file_with_filters_and_frozen_header(report):
    workbook = load_workbook(io.BytesIO(report_render(report, "xlsx").content))
    summary, annex = workbook["Tổng hợp"], workbook["Phụ lục"]
    counts = {row[0]: row[1] for row in summary.iter_rows(values_only=True) if row and row[0] in LABELS}
    assert counts == dict.fromkeys(LABELS, 1)
    assert annex.auto_filter.ref and annex.auto_filter.ref.startswith("A3:")
    assert annex.freeze_panes == "A4"
    header = [c.value for c in annex[3]]
    assert header[:3] == ["STT", "Nhóm", "Nội dung nhiệm vụ"]
    rows = list(annex.iter_rows(min_row=4, values_only=True))
    assert len(rows) == 5
    assert annex.cell(4, 3).alignment.wrap_text
    assert annex.column_dimensions["C"].width > annex.column_dimensions["A"].width


def test_it_gives_the_same_counts_in_every_format(report):
    doc = document_build(report)
    expected = {row.label: row.count for row in doc.counts.rows}
    pdf_text = flat("\n".join(p.extract_text() for p in pdfplumber.open(io.BytesIO(document_render(doc, "pdf"))).pages))
    word = Document(io.BytesIO(document_render(doc, "docx"))).tables[1]
    excel = load_workbook(io.BytesIO(document_render(doc, "xlsx")))["Tổng hợp"]
    html = flat(re.sub(r"<[^>]+>", " ", document_render(doc, "html").decode()))
    assert pdf_counts(pdf_text) == expected
    assert {r.cells[0].text: int(r.cells[1].text) for r in word.rows[1:6]} == expected
    assert {r[0]: r[1] for r in excel.iter_rows(values_only=True) if r and r[0] in LABELS} == expected
    assert pdf_counts(html + " ") == expected
    # The annex has as many task rows everywhere.
    assert len(list(excel.parent["Phụ lục"].iter_rows(min_row=4))) == doc.annex.row_count == 5


def test_it_serves_a_print_view_with_a4_print_css(report):
    html = report_render(report, "html").content.decode()
    assert "size: A4 portrait" in html and "@page :first" in html
    assert "window.print()" in html and "ĐẢNG CỘNG SẢN VIỆT NAM" in html


def test_it_typesets_a_long_annex_with_the_same_columns_and_continued_page_numbers(world, settings):
    settings.REPORT_PDF_FAST_ANNEX_ROWS = 2
    report = build_report(world, number="")
    with pdfplumber.open(io.BytesIO(report_render(report, "pdf").content)) as pdf:
        pages = pdf.pages
        numbers = [page.extract_text().splitlines()[0].strip() for page in pages]
        annex_page = next(page for page in pages if "PHỤ LỤC" in page.extract_text())
        annex = annex_page.extract_text()
        sizes = {(round(p.width), round(p.height)) for p in pages}
        text = flat(" ".join(p.extract_text() for p in pages))
    assert sizes == {(595, 842)}
    assert not numbers[0].isdigit() and numbers[1:] == [str(n) for n in range(2, len(pages) + 1)]
    assert annex == unicodedata.normalize("NFC", annex)
    assert "DANH MỤC NHIỆM VỤ VÀ KẾT QUẢ THỰC HIỆN" in annex and "STT Nội dung nhiệm vụ" in annex
    assert "Về công tác tuyên giáo" in annex and "31/12/2026" in annex and "Thường" in annex
    for stt in range(1, 6):
        assert re.search(rf"(^|\n){stt} ", annex)
    # Not issued: the number and the day are left blank for the office to fill by hand.
    assert re.search(r"Số\s+-BC/VPTU", text)
    assert re.search(r"ngày\s+tháng\s+năm 2026", text)


def test_it_prints_the_state_profile_header(world):
    world.office.style_profile = "state"
    world.office.report_symbol = "BC-VP"
    world.office.save()
    report = build_report(world)
    text = flat(
        " ".join(p.extract_text() for p in pdfplumber.open(io.BytesIO(report_render(report, "pdf").content)).pages)
    )
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
    assert "Số: 12/BC-VP" in text
    assert report.style_profile == "State (Nghị định 30/2020/NĐ-CP)"


def test_it_converts_the_word_file_with_libreoffice_when_installed(report, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    source = tmp_path / "report.docx"
    source.write_bytes(report_render(report, "docx").content)
    subprocess.run(
        [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        check=True,
        timeout=180,
        capture_output=True,
    )
    converted = Path(tmp_path / "report.pdf")
    text = flat(" ".join(p.extract_text() for p in pdfplumber.open(converted).pages))
    assert "BÁO CÁO" in text and "ĐẢNG CỘNG SẢN VIỆT NAM" in text
