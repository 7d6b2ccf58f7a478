"""Done-when of issue 6: the demo office imports and publishes a conclusion (the project's own
fixture text, and a corpus seed when ../shared is there), opens a period, collects two bodies'
submissions and prints the report in all four formats, read back."""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from pathlib import Path

import pdfplumber
import pytest
import time_machine
from django.contrib.auth.models import Group
from docx import Document
from openpyxl import load_workbook

from accounts.models import User
from tests.conftest import REPO_ROOT
from tracker.models import BodyMembership, Task
from tracker.reports.document import document_build
from tracker.reports.renderers import document_render
from tracker.reports.selectors import body_period_tasks, period_expected_bodies
from tracker.reports.services import SubmissionEntry, period_open, report_compile, submission_save

imports = pytest.importorskip("tracker.services.imports")
pytestmark = pytest.mark.django_db
DEMO = REPO_ROOT / "conclusions" / "demo" / "ket_luan_demo.txt"
NOW = dt.datetime(2026, 3, 2, 3, 0, tzinfo=dt.UTC)


def sources(shared: Path | None) -> list[Path]:
    found = [DEMO]
    seeds = sorted((shared / "corpus" / "seeds").glob("*.txt")) if shared else []
    return found + seeds[:1]


def published(office, path: Path):
    """Import and publish; tasks the parser left without a lead body or deadline get one, as staff would."""
    result = imports.conclusion_import(actor=None, office=office, data=path.read_bytes(), filename=path.name)
    conclusion = result.conclusion
    fallback = office.bodies.order_by("position").first()
    for task in Task.objects.filter(conclusion=conclusion):
        task.lead_body = task.lead_body or fallback
        if task.deadline is None and not task.recurring:
            task.deadline = dt.date(2026, 12, 31)
        task.save()
    imports.conclusion_publish(actor=None, conclusion=conclusion)
    conclusion.refresh_from_db()
    return conclusion


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text))


@time_machine.travel(NOW, tick=False)
def test_it_prints_the_demo_office_report_in_all_four_formats(shared_dir):
    from tracker.services.demo import demo_office_load

    office = demo_office_load()
    staff = User.objects.get(username="vanphong")
    for path in sources(shared_dir):
        conclusion = published(office, path)
        assert conclusion.state == "published"
        period, _ = period_open(
            actor=staff, office=office, cadence="quarterly", day=dt.date(2026, 3, 2), conclusion=conclusion
        )
        bodies = list(period_expected_bodies(period))[:2]
        assert len(bodies) == 2, "the demo conclusion has tasks for at least two bodies"
        for n, body in enumerate(bodies):
            liaison = User.objects.create(username=f"daumoi-{conclusion.pk}-{n}", office=office)
            liaison.groups.add(Group.objects.get_or_create(name="liaison")[0])
            BodyMembership.objects.create(user=liaison, body=body)
            tasks = list(body_period_tasks(period, body))
            submission_save(
                actor=liaison,
                period=period,
                body=body,
                items=[
                    SubmissionEntry(
                        task=t, done_text="Đã triển khai kế hoạch thực hiện", outcome_text=f"Hoàn thành bước {i + 1}"
                    )
                    for i, t in enumerate(tasks)
                    if t.lead_body_id == body.pk
                ],
                submit=True,
            )
        report = report_compile(actor=staff, period=period, today=dt.date(2026, 3, 2))
        assert report.data["submissions"]["submitted"] == 2
        doc = document_build(report)
        expected = {row.label: row.count for row in doc.counts.rows}
        sample = flat(Task.objects.filter(conclusion=conclusion).order_by("order").first().text)
        pdf = pdfplumber.open(io.BytesIO(document_render(doc, "pdf")))
        text = flat(" ".join(page.extract_text() for page in pdf.pages))
        assert {(round(p.width), round(p.height)) for p in pdf.pages} == {(595, 842)}
        assert "BÁO CÁO" in text and "ĐẢNG CỘNG SẢN VIỆT NAM" in text
        for label, count in expected.items():
            assert re.search(re.escape(label) + rf" {count} ", text)
        # Annex cells wrap, so check the task's accented words one by one in the PDF's text layer.
        accented = [w.strip(",.;:") for w in sample.split() if not w.isascii()][:6]
        assert accented and all(w in text for w in accented)
        word = Document(io.BytesIO(document_render(doc, "docx")))
        assert {r.cells[0].text: int(r.cells[1].text) for r in word.tables[1].rows[1:6]} == expected
        assert any(sample[:30] in flat(c.text) for r in word.tables[3].rows for c in r.cells)
        excel = load_workbook(io.BytesIO(document_render(doc, "xlsx")))
        assert len(list(excel["Phụ lục"].iter_rows(min_row=4))) == doc.counts.total
        html = document_render(doc, "html").decode()
        assert unicodedata.normalize("NFC", sample[:30]) in unicodedata.normalize("NFC", html)
