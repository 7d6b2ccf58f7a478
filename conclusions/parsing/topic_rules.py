"""The office's topic rules: keywords in a task suggest the body that usually leads it."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from .folding import fold


@dataclass(frozen=True)
class TopicRule:
    """When any of ``keywords`` appears in a task (whole words, any case or diacritics), suggest ``body``.

    ``weak`` keywords are generic words ("giám sát", "an ninh", "kinh tế") that add to a rule's
    score only when one of its ``keywords`` matched too: alone they say little about what the task
    is mainly about ("lắp camera giám sát" is not work for the Ủy ban Kiểm tra).
    """

    keywords: tuple[str, ...]
    body: str
    weak: tuple[str, ...] = ()


# A Party committee's advisory bodies (a state office configures its own departments instead).
# Keywords are phrases specific to the body's field; single generic words are only ``weak``.
DEFAULT_TOPIC_RULES: tuple[TopicRule, ...] = (
    TopicRule(
        (
            "kiểm tra, giám sát",
            "giám sát, kiểm tra",
            "công tác kiểm tra",
            "công tác giám sát",
            "giám sát chuyên đề",
            "kiểm tra chuyên đề",
            "kỷ luật đảng",
            "thi hành kỷ luật",
            "kỷ luật đảng viên",
            "kiểm tra tổ chức đảng",
            "kiểm tra đảng viên",
            "kê khai tài sản",
        ),
        "Ủy ban Kiểm tra",
        weak=("kiểm tra", "giám sát", "kỷ luật"),
    ),
    TopicRule(
        (
            "tuyên truyền",
            "báo chí",
            "lý luận chính trị",
            "dư luận xã hội",
            "xuất bản",
            "công tác tư tưởng",
            "tình hình tư tưởng",
            "giáo dục chính trị",
            "học tập và làm theo",
            "công tác tuyên giáo",
        ),
        "Ban Tuyên giáo",
        weak=("tư tưởng", "thông tin", "kỷ niệm"),
    ),
    TopicRule(
        (
            "tổ chức cán bộ",
            "công tác cán bộ",
            "quy hoạch cán bộ",
            "luân chuyển cán bộ",
            "tổ chức bộ máy",
            "kết nạp đảng viên",
            "phát triển đảng viên",
            "đảng viên mới",
            "kiện toàn tổ chức",
            "bảo vệ chính trị nội bộ",
        ),
        "Ban Tổ chức",
        weak=("đảng viên", "cán bộ", "biên chế"),
    ),
    TopicRule(
        (
            "dân vận",
            "dân chủ ở cơ sở",
            "tôn giáo",
            "dân vận khéo",
            "công tác dân tộc",
            "đồng bào dân tộc",
        ),
        "Ban Dân vận",
        weak=("dân tộc", "Nhân dân"),
    ),
    TopicRule(
        (
            "quốc phòng",
            "quân sự",
            "tuyển quân",
            "nhập ngũ",
            "giao quân",
            "diễn tập",
            "dân quân",
            "sẵn sàng chiến đấu",
        ),
        "Ban Chỉ huy Quân sự",
    ),
    TopicRule(
        (
            "nội chính",
            "phòng chống tham nhũng",
            "phòng, chống tham nhũng",
            "tham nhũng",
            "cải cách tư pháp",
            "tiêu cực",
        ),
        "Ban Nội chính",
    ),
    TopicRule(
        (
            "an ninh, trật tự",
            "an ninh trật tự",
            "an ninh chính trị",
            "trật tự an toàn xã hội",
            "trật tự, an toàn xã hội",
            "tội phạm",
            "an toàn giao thông",
            "phòng cháy",
            "ma túy",
            "ma tuý",
        ),
        "Công an",
        weak=("an ninh", "trật tự"),
    ),
    TopicRule(
        ("mặt trận", "đoàn thể", "phản biện xã hội", "khối đại đoàn kết"),
        "Ủy ban Mặt trận Tổ quốc",
    ),
    TopicRule(
        (
            "thu ngân sách",
            "dự toán ngân sách",
            "đầu tư công",
            "giải ngân",
            "an sinh xã hội",
            "tăng trưởng kinh tế",
            "phát triển kinh tế",
        ),
        "Ủy ban nhân dân",
        weak=("kinh tế", "ngân sách", "văn hóa", "giáo dục", "y tế", "an sinh"),
    ),
)


@cache
def _keyword_pattern(keyword: str) -> re.Pattern[str]:
    words = [re.escape(part) for part in re.split(r"[\s,]+", fold(keyword)) if part]
    return re.compile(r"(?<!\w)" + r"[\s,]+".join(words) + r"(?!\w)")


def _hits(folded: str, keywords: Sequence[str], taken: list[tuple[int, int]]) -> list[tuple[str, int]]:
    """(keyword, count) for each keyword, longest first; a hit inside a longer one is not counted
    again ("công tác kiểm tra, giám sát" is one hit)."""
    out = []
    for keyword in sorted(keywords, key=len, reverse=True):
        count = 0
        for match in _keyword_pattern(keyword).finditer(folded):
            if any(start < match.end() and match.start() < end for start, end in taken):
                continue
            taken.append(match.span())
            count += 1
        out.append((keyword, count))
    return out


def suggest_body(text: str, rules: Sequence[TopicRule]) -> tuple[TopicRule, tuple[str, ...]] | None:
    """The rule whose keywords occur most often in ``text`` and the keywords hit.

    A rule needs at least one of its ``keywords``; its ``weak`` words then add to its score. On a
    tie the rule hit earliest in the text wins (what the task opens with is what it is about),
    then the first rule.
    """
    folded = fold(text)
    best: tuple[int, int, TopicRule, tuple[str, ...]] | None = None
    for rule in rules:
        taken: list[tuple[int, int]] = []
        strong = _hits(folded, rule.keywords, taken)
        if not any(count for _, count in strong):
            continue
        hits = strong + _hits(folded, rule.weak, taken)
        # Report the keywords in the rule's own order.
        order = {keyword: i for i, keyword in enumerate((*rule.keywords, *rule.weak))}
        matched = tuple(sorted((keyword for keyword, count in hits if count), key=order.__getitem__))
        score, first = sum(count for _, count in hits), min(start for start, _ in taken)
        if best is None or score > best[0] or (score == best[0] and first < best[1]):
            best = (score, first, rule, matched)
    return (best[2], best[3]) if best else None
