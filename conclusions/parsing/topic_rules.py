"""The office's topic rules: keywords in a task suggest the body that usually leads it."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True)
class TopicRule:
    """When any of ``keywords`` appears in a task (whole words, any case or diacritics), suggest ``body``."""

    keywords: tuple[str, ...]
    body: str


# A Party committee's advisory bodies (a state office configures its own departments instead).
DEFAULT_TOPIC_RULES: tuple[TopicRule, ...] = (
    TopicRule(("kiểm tra", "giám sát", "kỷ luật đảng", "thi hành kỷ luật"), "Ủy ban Kiểm tra"),
    TopicRule(
        ("tuyên truyền", "báo chí", "tư tưởng", "lý luận chính trị", "dư luận xã hội", "xuất bản", "thông tin"),
        "Ban Tuyên giáo",
    ),
    TopicRule(
        ("tổ chức cán bộ", "công tác cán bộ", "đảng viên", "quy hoạch cán bộ", "luân chuyển cán bộ", "tổ chức bộ máy"),
        "Ban Tổ chức",
    ),
    TopicRule(("dân vận", "dân chủ ở cơ sở", "tôn giáo", "dân tộc", "dân vận khéo"), "Ban Dân vận"),
    TopicRule(("quốc phòng", "quân sự", "tuyển quân", "nhập ngũ", "diễn tập", "dân quân"), "Ban Chỉ huy Quân sự"),
    TopicRule(
        ("nội chính", "phòng chống tham nhũng", "phòng, chống tham nhũng", "tham nhũng", "cải cách tư pháp"),
        "Ban Nội chính",
    ),
    TopicRule(("an ninh", "trật tự", "tội phạm", "an toàn giao thông", "phòng cháy"), "Công an"),
    TopicRule(("mặt trận", "đoàn thể", "phản biện xã hội"), "Ủy ban Mặt trận Tổ quốc"),
    TopicRule(
        ("kinh tế", "ngân sách", "đầu tư công", "giải ngân", "thu ngân sách", "văn hóa", "giáo dục", "y tế", "an sinh"),
        "Ủy ban nhân dân",
    ),
)


def fold(text: str) -> str:
    """Lower case without diacritics (đ -> d), for keyword matching."""
    text = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return "".join(c for c in text if unicodedata.category(c) != "Mn")


@cache
def _keyword_pattern(keyword: str) -> re.Pattern[str]:
    words = [re.escape(part) for part in re.split(r"[\s,]+", fold(keyword)) if part]
    return re.compile(r"(?<!\w)" + r"[\s,]+".join(words) + r"(?!\w)")


def suggest_body(text: str, rules: Sequence[TopicRule]) -> tuple[TopicRule, tuple[str, ...]] | None:
    """The rule whose keywords occur most often in ``text`` (first rule on ties) and the keywords hit."""
    folded = fold(text)
    best: tuple[int, TopicRule, tuple[str, ...]] | None = None
    for rule in rules:
        hits = [(keyword, len(_keyword_pattern(keyword).findall(folded))) for keyword in rule.keywords]
        matched = tuple(keyword for keyword, count in hits if count)
        score = sum(count for _, count in hits)
        if matched and (best is None or score > best[0]):
            best = (score, rule, matched)
    return (best[1], best[2]) if best else None
