"""Old Word (.doc) files: converted by LibreOffice headless, then read like a .docx."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from conclusions.parsing import parse_document
from tests.document_builders import docx_from_text

from .corpus import DEMO

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed (./test installs it when it may)")
def test_it_reads_an_old_word_file_through_libreoffice(tmp_path: Path) -> None:
    # Our own demo conclusion, saved as .docx and then by LibreOffice as Word 97 (.doc).
    source = tmp_path / "ket-luan.docx"
    source.write_bytes(docx_from_text(DEMO.read_text(encoding="utf-8")))
    subprocess.run(
        [
            SOFFICE,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "doc",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    data = (tmp_path / "ket-luan.doc").read_bytes()
    assert data.startswith(b"\xd0\xcf\x11\xe0")  # an OLE container, not a zip
    from_doc = parse_document(data, "ket-luan.doc")
    from_text = parse_document(DEMO.read_bytes(), DEMO.name)
    assert [t.first_words for t in from_doc.tasks] == [t.first_words for t in from_text.tasks]
    assert from_doc.meeting_date == from_text.meeting_date
