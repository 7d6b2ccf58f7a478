"""Reading old Word (.doc): convert to .docx with LibreOffice when it is installed."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from .errors import ParseError
from .schema import DocumentText

CONVERSION_TIMEOUT_SECONDS = 60


def soffice_path() -> str | None:
    """The LibreOffice executable on PATH, if any."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def read_doc(data: bytes, *, timeout: float = CONVERSION_TIMEOUT_SECONDS) -> DocumentText:
    """Convert a .doc with ``soffice --headless --convert-to docx`` in a temp dir, then read it."""
    soffice = soffice_path()
    if soffice is None:
        raise ParseError("doc_needs_conversion")
    with tempfile.TemporaryDirectory(prefix="theodoi-doc-") as tmp:
        source = Path(tmp) / "input.doc"
        source.write_bytes(data)
        try:
            subprocess.run(  # noqa: S603 - fixed argument list, no shell, our own temp paths
                [soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{tmp}/profile",
                 "--convert-to", "docx", "--outdir", tmp, str(source)],
                check=True, capture_output=True, timeout=timeout,
            )  # fmt: skip
        except (subprocess.SubprocessError, OSError) as exc:
            raise ParseError("doc_corrupt") from exc
        converted = Path(tmp) / "input.docx"
        if not converted.exists():
            raise ParseError("doc_corrupt")
        from .reading_docx import read_docx

        document = read_docx(converted.read_bytes())
    document.source_format = "doc"
    return document
