"""Fixtures of the import tests: an office with a body directory, its staff, a sample document."""

from __future__ import annotations

from pathlib import Path

import pytest

from accounts.roles import Role
from tests.factories import BodyFactory, OfficeFactory, UserFactory

SAMPLE = """BAN CHẤP HÀNH ĐẢNG BỘ THÀNH PHỐ HÒA BÌNH XANH
KẾT LUẬN
HỘI NGHỊ LẦN THỨ 5 BAN CHẤP HÀNH ĐẢNG BỘ THÀNH PHỐ
Về nhiệm vụ, giải pháp 6 tháng cuối năm 2026

Ngày 5 tháng 7 năm 2026, Ban Chấp hành Đảng bộ thành phố Hòa Bình Xanh tổ chức Hội nghị lần thứ 5, Hội nghị đã thảo luận và kết luận:

I. Kết quả thực hiện nhiệm vụ 6 tháng đầu năm 2026
Kinh tế tiếp tục tăng trưởng; quốc phòng, an ninh được giữ vững.

II. Nhiệm vụ, giải pháp 6 tháng cuối năm 2026
1. Về phát triển kinh tế
- Giao UBND thành phố rà soát, hoàn thiện quy hoạch chung, xong trong tháng 9/2026.
- Ủy ban nhân dân thành phố chủ trì, phối hợp với Phòng Tài chính - Kế hoạch đẩy mạnh giải ngân vốn đầu tư công.
- Tập trung chỉ đạo hoàn thành các mục tiêu đã đề ra.
2. Về xây dựng Đảng
- Tăng cường công tác kiểm tra, giám sát tổ chức đảng và đảng viên.
- Ban Nội chính Thành ủy tham mưu sơ kết công tác phòng, chống tham nhũng trước ngày 15/11/2026.
- Thường xuyên làm tốt công tác tuyên truyền, giáo dục chính trị tư tưởng.

III. Tổ chức thực hiện
Giao Văn phòng Thành ủy theo dõi, đôn đốc thực hiện và định kỳ báo cáo Ban Thường vụ Thành ủy.

Nơi nhận:
- Thường trực Tỉnh ủy,
- Lưu VT.
T/M BAN CHẤP HÀNH
PHÓ BÍ THƯ THƯỜNG TRỰC
Nguyễn Văn An
"""

# The office's directory: what the sample names, minus "Ban Nội chính Thành ủy" (proposed).
DIRECTORY = [
    ("Ủy ban nhân dân thành phố", "UBND", ["UBND thành phố"]),
    ("Phòng Tài chính - Kế hoạch", "TCKH", []),
    ("Ủy ban Kiểm tra Thành ủy", "UBKT", ["Ủy ban Kiểm tra"]),
    ("Ban Tuyên giáo Thành ủy", "BTG", ["Ban Tuyên giáo"]),
    ("Văn phòng Thành ủy", "VPTU", []),
    ("Ban Tổ chức Thành ủy", "BTC", ["Ban Tổ chức"]),
]


@pytest.fixture
def sample_bytes() -> bytes:
    return SAMPLE.encode("utf-8")


@pytest.fixture
def office(db):
    office = OfficeFactory(name="Văn phòng Thành ủy Hòa Bình Xanh", place_name="Hòa Bình Xanh")
    for position, (name, short, aliases) in enumerate(DIRECTORY):
        BodyFactory(office=office, name=name, short_name=short, aliases=aliases, position=position)
    return office


@pytest.fixture
def staff(office):
    return UserFactory(office=office, role=Role.OFFICE_STAFF, username="chuyenvien")


@pytest.fixture
def media_files(settings):
    """Every file under MEDIA_ROOT (to prove a failed import left nothing on disk)."""

    def files() -> list[Path]:
        root = Path(settings.MEDIA_ROOT)
        return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []

    return files
