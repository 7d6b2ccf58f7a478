"""Every corpus document, uploaded as .txt, as .docx and as .pdf, reviewed and published on the web.

The documents are ../shared/corpus/seeds/*.txt when ../shared is there, else this project's own
fixture conclusions; the .docx and .pdf are made from the text by tests/document_builders.py.
The review is done the way staff do it: tick the rows the page flags, assign a lead body and a
deadline to them, then publish.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conclusions.models import Conclusion
from conclusions.parsing import parse_document
from tests.document_builders import docx_from_text, pdf_from_text
from tracker.models import Body, Task

pytestmark = pytest.mark.django_db

REPO = Path(__file__).resolve().parents[2]


def corpus_documents() -> list[Path]:
    shared = Path(os.environ.get("THEODOI_SHARED") or REPO.parent / "shared")
    seeds = sorted((shared / "corpus" / "seeds").glob("*.txt")) if shared.is_dir() else []
    if seeds:
        return seeds
    return sorted(p for p in (REPO / "tests" / "fixtures" / "conclusions").glob("*") if p.suffix in {".txt", ".md"})


BUILDERS = {
    "txt": lambda text: text.encode("utf-8"),
    "docx": docx_from_text,
    "pdf": pdf_from_text,
}


@pytest.mark.parametrize("fmt", list(BUILDERS))
@pytest.mark.parametrize("path", corpus_documents(), ids=lambda p: p.stem)
def test_it_uploads_reviews_and_publishes_each_document(client, office, staff, path, fmt):
    text = path.read_text(encoding="utf-8")
    data = BUILDERS[fmt](text)
    expected = len(parse_document(text.encode("utf-8"), path.name).tasks)
    client.force_login(staff)

    response = client.post(
        reverse("conclusion_upload"), {"file": SimpleUploadedFile(f"{path.stem}.{fmt}", data)}, follow=True
    )
    assert response.status_code == 200, response.content.decode()[:2000]
    conclusion = Conclusion.objects.get()
    review_url = reverse("conclusion_review", kwargs={"pk": conclusion.pk})
    assert response.redirect_chain[-1][0] == review_url
    tasks = list(conclusion.tasks.all())
    assert len(tasks) == expected, f"{fmt}: {len(tasks)} tasks, the text gives {expected}"
    page = response.content.decode()
    flagged = [t for t in tasks if t.lead_body_id is None or (t.deadline is None and not t.recurring)]
    # The page flags exactly the rows that need work.
    flagged_ids = {int(pk) for pk in re.findall(r'<article class="card task-row flagged" id="task-(\d+)"', page)}
    assert flagged_ids == {t.pk for t in flagged}

    # Review: a lead body for the rows without one, a deadline for the rows without one.
    lead = Body.objects.get(office=office, short_name="VPTU")
    no_body = [t.pk for t in tasks if t.lead_body_id is None]
    if no_body:
        response = client.post(review_url, {"action": "bulk", "tasks": no_body, "lead_body": lead.pk}, follow=True)
        assert f"Đã cập nhật {len(no_body)} nhiệm vụ." in response.content.decode()
    no_deadline = [t.pk for t in tasks if t.deadline is None and not t.recurring]
    if no_deadline:
        end = conclusion.period_end or dt.date((conclusion.meeting_date or dt.date(2026, 1, 1)).year, 12, 31)
        response = client.post(
            review_url, {"action": "bulk", "tasks": no_deadline, "deadline": end.isoformat()}, follow=True
        )
        assert f"Đã cập nhật {len(no_deadline)} nhiệm vụ." in response.content.decode()

    response = client.post(reverse("conclusion_publish", kwargs={"pk": conclusion.pk}), follow=True)
    assert f"Đã ban hành kế hoạch: {expected} nhiệm vụ được mở và theo dõi." in response.content.decode()
    conclusion.refresh_from_db()
    assert conclusion.state == Conclusion.State.PUBLISHED and conclusion.published_by == staff
    assert set(conclusion.tasks.values_list("state", flat=True)) == {Task.State.OPEN}
    assert not conclusion.tasks.filter(lead_body__isnull=True).exists()
