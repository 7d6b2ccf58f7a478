"""Bad files uploaded through the web: a clear Vietnamese message naming the problem, nothing saved.

"Nothing saved" is checked twice: no row in any table the import writes, and no file on disk.
"""

from __future__ import annotations

import base64
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conclusions.models import Conclusion, SourceDocument
from tests.document_builders import docx_from_text
from tracker.models import AuditEvent, Task

pytestmark = pytest.mark.django_db

NO_TASKS = "KẾT LUẬN\nI. Kết quả thực hiện nhiệm vụ\nKinh tế tăng trưởng khá.\nNơi nhận:\n- Lưu VT.\n"


def png(width: int = 60, height: int = 40) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    raw = b"".join(b"\x00" + b"\x80\x80\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def image_only_pdf() -> bytes:
    from weasyprint import HTML

    image = base64.b64encode(png()).decode()
    return HTML(string=f'<img src="data:image/png;base64,{image}" style="width:150mm">').write_pdf()


def corrupt_docx() -> bytes:
    good = docx_from_text("KẾT LUẬN\nII. Nhiệm vụ\n- Giao UBND thành phố rà soát.\n")
    return good[: len(good) // 2]  # a zip cut in half, as a broken download is


ENCRYPTED_DOCX = (
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 512
)


@pytest.mark.parametrize(
    ("name", "make", "message"),
    [
        ("rong.txt", lambda: b"", "Tệp rỗng: không có nội dung để đọc."),
        ("rac.txt", lambda: bytes(range(256)) * 40, "Tệp không phải là văn bản đọc được"),
        ("anh.png", png, "Định dạng tệp “.png” không được hỗ trợ. Hãy dùng tệp .docx, .doc, .pdf, .txt hoặc .md."),
        ("hong.docx", corrupt_docx, "Tệp Word bị hỏng hoặc không đúng định dạng .docx"),
        ("mat-khau.docx", lambda: ENCRYPTED_DOCX, "Tệp Word được đặt mật khẩu"),
        ("scan.pdf", image_only_pdf, "Tệp PDF chỉ có hình ảnh (bản scan), không có lớp văn bản."),
        ("hong.pdf", lambda: b"%PDF-1.7\n garbage without objects", "Tệp PDF"),
        ("khong-nhiem-vu.txt", lambda: NO_TASKS.encode(), "Không tìm thấy phần nhiệm vụ trong văn bản"),
    ],
)
def test_it_names_the_problem_and_saves_nothing(client, staff, media_files, name, make, message):
    client.force_login(staff)
    response = client.post(reverse("conclusion_upload"), {"file": SimpleUploadedFile(name, make())})
    page = response.content.decode()
    assert response.status_code == 400
    assert message in page
    assert 'class="error upload-error"' in page
    assert not Conclusion.objects.exists()
    assert not SourceDocument.objects.exists()
    assert not Task.objects.exists()
    assert not AuditEvent.objects.exists()
    assert media_files() == []


def test_it_explains_an_old_word_file_it_cannot_read(client, staff, media_files):
    # An old .doc (OLE container) that is no real document: without LibreOffice the page asks for
    # a .docx; with it, the conversion fails and the page says so. Either way nothing is saved.
    fake_doc = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024)
    client.force_login(staff)
    response = client.post(reverse("conclusion_upload"), {"file": SimpleUploadedFile("cu.doc", fake_doc)})
    assert response.status_code == 400
    assert "lưu lại dưới dạng .docx" in response.content.decode()
    assert not SourceDocument.objects.exists()
    assert media_files() == []


def test_it_refuses_a_file_over_the_size_limit(client, staff, media_files, settings, sample_bytes):
    settings.CONCLUSION_UPLOAD_MAX_BYTES = 1024 * 1024
    big = sample_bytes + b"\n" + b"x" * (1024 * 1024)
    client.force_login(staff)
    response = client.post(reverse("conclusion_upload"), {"file": SimpleUploadedFile("lon.txt", big)})
    assert response.status_code == 400
    assert "Tệp lớn hơn giới hạn 1 MB cho một văn bản kết luận." in response.content.decode()
    assert not SourceDocument.objects.exists()
    assert media_files() == []


def test_it_accepts_a_file_at_the_size_limit(client, staff, settings, sample_bytes):
    settings.CONCLUSION_UPLOAD_MAX_BYTES = len(sample_bytes)
    client.force_login(staff)
    response = client.post(reverse("conclusion_upload"), {"file": SimpleUploadedFile("vua.txt", sample_bytes)})
    assert response.status_code == 302
    assert Conclusion.objects.count() == 1
