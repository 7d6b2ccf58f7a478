"""The one exception the parser raises: :class:`ParseError` with a code and a Vietnamese message."""

from __future__ import annotations

# Default Vietnamese messages, shown to office staff as-is; callers may pass a more specific one.
MESSAGES: dict[str, str] = {
    "empty": "Tệp rỗng: không có nội dung để đọc.",
    "binary": "Tệp không phải là văn bản đọc được (dữ liệu nhị phân hoặc hỏng).",
    "unsupported_extension": ("Định dạng tệp không được hỗ trợ. Hãy dùng tệp .docx, .doc, .pdf, .txt hoặc .md."),
    "docx_encrypted": "Tệp Word được đặt mật khẩu (mã hóa). Hãy gỡ mật khẩu rồi tải lên lại.",
    "docx_corrupt": "Tệp Word bị hỏng hoặc không đúng định dạng .docx, không mở được.",
    "pdf_scanned": ("Tệp PDF chỉ có hình ảnh (bản scan), không có lớp văn bản. Hãy dùng bản Word hoặc PDF có văn bản."),
    "pdf_corrupt": "Tệp PDF bị hỏng hoặc được bảo vệ, không đọc được nội dung.",
    "too_large": "Tệp quá lớn để xử lý.",
    "no_tasks": (
        "Không tìm thấy phần nhiệm vụ trong văn bản (không có mục nhiệm vụ, giải pháp "
        "hay nội dung giao việc). Hãy kiểm tra lại tệp có đúng là kết luận không."
    ),
    "doc_needs_conversion": (
        "Tệp Word cũ (.doc) cần được chuyển đổi nhưng máy chủ không có LibreOffice. "
        "Hãy mở tệp trong Word và lưu lại dưới dạng .docx rồi tải lên lại."
    ),
    "doc_corrupt": "Không chuyển đổi được tệp Word cũ (.doc). Hãy lưu lại dưới dạng .docx rồi tải lên lại.",
}


class ParseError(Exception):
    """A document could not be read or holds no conclusion tasks.

    ``code`` is a stable machine-readable key (see :data:`MESSAGES`); ``message`` is a plain
    Vietnamese explanation for the person who uploaded the file. ``str(exc)`` is the message.
    """

    def __init__(self, code: str, message: str | None = None) -> None:
        self.code = code
        self.message = message or MESSAGES.get(code, "Không đọc được tệp.")
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"ParseError({self.code!r}, {self.message!r})"
