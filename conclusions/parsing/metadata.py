"""Document-level fields: kind, title, number, issuer, meeting date, period, signer, recipients,
and the office's monitoring clause."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .bodies import bodies_after, find_bodies, scan_body, tokenize
from .deadlines import find_dates, find_period
from .outline import classify, is_caps
from .references import find_references
from .schema import DocKind, Monitoring, Period, Signer

_BOILERPLATE = re.compile(
    r"^(?:ĐẢNG CỘNG SẢN VIỆT NAM|CỘNG H[OÒ]A XÃ HỘI CHỦ NGHĨA VIỆT NAM|Độc lập\s*[-–]\s*Tự do\s*[-–]\s*Hạnh phúc"
    r"|Kính gửi\b|V/v\b)",
    re.I,
)
_NUMBER_LINE = re.compile(r"^Số\s*:?\s*(?P<rest>\d.*)$")
_PLACE_DATE = re.compile(r"^[^,]{2,40},\s*ngày\b.{0,30}\bnăm\b\s*\d{0,4}\.?$", re.I)
_CAPACITY = re.compile(r"^(?:T/M|TM\.?|K/T|KT\.?|TL\.?|TUQ\.?|Q\.|THỪA LỆNH|THAY MẶT)\s*\S")
_RECIPIENTS = re.compile(r"^Nơi nhận\s*:?\s*(?P<rest>.*)$", re.I)
# Typist/copy codes under the list: "PHONG-80", "LAN-72b", "Tú-45", "VP/35b", "(H.12)".
_TYPIST_CODE = re.compile(r"^\(?(?=[A-ZĐÀ-Ỹ])[^\W\d_]{1,10}[-_./]?\d{1,4}[^\W\d_]?\)?$")
_TITLE_START = re.compile(r"^(?:THÔNG BÁO|KẾT LUẬN)\b")


@dataclass
class Layout:
    """Where the parts of a conclusion are: title lines, opening paragraph, body, tail."""

    header: list[str]
    title_lines: list[str]
    opening: int | None  # index of the opening paragraph
    body_start: int
    body_end: int  # first index of the tail (Nơi nhận / signature), or len(paragraphs)


def _is_boilerplate(line: str) -> bool:
    return bool(_BOILERPLATE.match(line) or _NUMBER_LINE.match(line) or _PLACE_DATE.match(line))


# The subject line of a notice under a bare "THÔNG BÁO" ("Kết luận của Chủ tịch UBND tỉnh tại
# cuộc họp ngày ... về ..."): part of the title, not the opening paragraph.
_SUBJECT_LINE = re.compile(r"^(?:Kết luận|Ý kiến kết luận|Ý kiến chỉ đạo|Thông báo kết luận)\b(?!.*:$)", re.I)


def _is_opening(line: str) -> bool:
    if is_caps(line) or line.startswith(("Về ", "về ", "V/v")) or classify(line).kind != "plain":
        return False
    return len(line.split()) >= 15 and "," in line


def _find_opening(paragraphs: list[str], limit: int) -> int | None:
    titled = False
    for i in range(limit):
        line = paragraphs[i]
        if titled and _SUBJECT_LINE.match(line):
            continue
        if _is_opening(line):
            return i
        titled = titled or bool(_TITLE_START.match(line))
    return None


def locate(paragraphs: list[str]) -> Layout:
    """Find the title block, the opening paragraph and the tail of a conclusion."""
    limit = min(len(paragraphs), 40)
    opening = _find_opening(paragraphs, limit)
    before = paragraphs[: opening if opening is not None else 0]
    title_at = next((i for i, line in enumerate(before) if _TITLE_START.match(line)), None)
    if title_at is None:
        header, candidates = [], before
    else:
        header, candidates = before[:title_at], before[title_at:]
    title_lines = [line for line in candidates if not _is_boilerplate(line)]
    if title_at is None:
        # Without a KẾT LUẬN / THÔNG BÁO line, leading caps lines are the issuer header.
        while len(title_lines) > 1 and is_caps(title_lines[0]) and not _TITLE_START.match(title_lines[0]):
            header.append(title_lines.pop(0))
    body_start = opening + 1 if opening is not None else 0
    body_end = len(paragraphs)
    for i in range(body_start, len(paragraphs)):
        line = paragraphs[i]
        if _RECIPIENTS.match(line) or _CAPACITY.match(line):
            body_end = i
            break
    return Layout(header, title_lines, opening, body_start, body_end)


def doc_kind(title_lines: list[str], number: str | None, opening: str = "") -> DocKind:
    """ket_luan / thong_bao_ket_luan / other, from the title (and the number's symbol).

    A bare "THÔNG BÁO" numbered as a notice (".../TB-...") whose opening ends in the chair's
    conclusion ("... kết luận như sau") is a Thông báo kết luận too.
    """
    title = " ".join(title_lines).upper()
    if title.startswith("THÔNG BÁO") and "KẾT LUẬN" in title:
        return "thong_bao_ket_luan"
    if title.startswith("KẾT LUẬN"):
        return "ket_luan"
    if number and re.search(r"-KL\b|/KL\b", number):
        return "ket_luan"
    if number and re.search(r"TB", number) and "KẾT LUẬN" in title:
        return "thong_bao_ket_luan"
    if (
        title.startswith("THÔNG BÁO")
        and number
        and re.search(r"[-/]TB\b", number)
        and re.search(r"kết luận", opening, re.I)
    ):
        return "thong_bao_ket_luan"
    return "other"


def document_number(header: list[str], title_lines: list[str]) -> str | None:
    """The document's own number from a 'Số ...' header line."""
    for line in header + title_lines:
        match = _NUMBER_LINE.match(line)
        if match:
            found = find_references(match.group("rest"))
            if found:
                return found[0]
    return None


_WORD_CAPS = {"UBND", "HĐND", "MTTQ", "BCH", "TW", "BTV", "TTTU"}


def caps_to_name(line: str) -> str:
    """'VĂN PHÒNG TỈNH ỦY' -> 'Văn phòng Tỉnh ủy' (a readable form of a caps header line)."""
    words = line.split()
    out = []
    for i, word in enumerate(words):
        if word.upper() in _WORD_CAPS:
            out.append(word.upper())
        elif i == 0 or (i + 1 < len(words) and words[i + 1].lower() in ("ủy", "uỷ")):
            out.append(word.capitalize())
        else:
            out.append(word.lower())
    return " ".join(out)


def issuer(kind: DocKind, layout: Layout, paragraphs: list[str]) -> str | None:
    """The body that held the meeting (ket_luan) or the office that issues the notice."""
    opening = paragraphs[layout.opening] if layout.opening is not None else ""
    if kind == "thong_bao_ket_luan":
        text = " ".join(paragraphs[: layout.body_end])
        match = re.search(r"(Văn phòng\s[^,.;:]*?)\s+(?:xin\s+)?thông báo", text)
        if match:
            return match.group(1).strip()
        office = next((line for line in layout.header if line.upper().startswith("VĂN PHÒNG")), None)
        if office:
            return caps_to_name(office)
    tokens = tokenize(opening)
    for i in range(len(tokens)):
        found = scan_body(opening, tokens, i)
        if found and not found[1].lower().startswith(("đồng chí", "đ/c")):
            return found[1]
    if layout.header:
        return caps_to_name(layout.header[-1])
    return None


def meeting_date(layout: Layout, paragraphs: list[str]) -> dt.date | None:
    """The meeting date: the first date of the opening paragraph, else of the title."""
    sources = []
    if layout.opening is not None:
        sources.append(paragraphs[layout.opening])
    sources.append(" ".join(layout.title_lines))
    for source in sources:
        # A date right after a document number is that document's date, not the meeting's.
        for value, offset in find_dates(source):
            if not re.search(r"(?:số|Số)\s+\S+\s*,?\s*$", source[max(0, offset - 40) : offset]):
                return value
    return None


def period(layout: Layout, paragraphs: list[str], meeting: dt.date | None) -> Period | None:
    """The tasks' period, from the title, else the opening paragraph."""
    year = meeting.year if meeting else None
    title = " ".join(layout.title_lines)
    found = find_period(title, year)
    if found is None and layout.opening is not None:
        found = find_period(paragraphs[layout.opening], year)
    return found


_POSITION_WORDS = re.compile(
    r"\b(?:BÍ THƯ|CHỦ TỊCH|CHÁNH|PHÓ|GIÁM ĐỐC|TRƯỞNG|ỦY VIÊN|UỶ VIÊN|THƯỜNG TRỰC|VĂN PHÒNG|BAN|THƯ KÝ|TỔNG)\b"
)


def _name_like(line: str) -> bool:
    if line.isupper() and _POSITION_WORDS.search(line):
        return False  # "PHÓ BÍ THƯ THƯỜNG TRỰC" is a position, not a name in capitals
    words = line.split()
    if not 2 <= len(words) <= 6:
        return False
    return all(w.isalpha() and w[0].isupper() and (w[1:].islower() or w.isupper()) for w in words) and (
        not line.isupper() or len(words) <= 5
    )


def signer(paragraphs: list[str], layout: Layout) -> Signer | None:
    """The signer's name and position line; the 'T/M ...' capacity line kept apart."""
    tail = paragraphs[layout.body_end :] if layout.body_end < len(paragraphs) else paragraphs[-8:]
    capacity_at = next((i for i, line in enumerate(tail) if _CAPACITY.match(line)), None)
    if capacity_at is not None:
        block = []
        for line in tail[capacity_at:]:
            if _RECIPIENTS.match(line):
                break
            block.append(line)
    else:
        block = tail[-4:]
    names = [line for line in block[1:] if _name_like(line) and not _CAPACITY.match(line)]
    if not names:
        return None
    name = names[-1]
    titles = [
        line
        for line in block[: block.index(name)]
        if is_caps(line) and not _CAPACITY.match(line) and not _name_like(line)
    ]
    capacity = block[0] if capacity_at is not None else None
    return Signer(name=name, title=titles[-1] if titles else None, capacity=capacity)


def recipients(paragraphs: list[str]) -> list[str]:
    """Each line of 'Nơi nhận' (rule 8): dash removed, wrapped lines joined, typist codes left out."""
    start = next((i for i, line in enumerate(paragraphs) if _RECIPIENTS.match(line)), None)
    if start is None:
        return []
    out: list[str] = []
    rest = _RECIPIENTS.match(paragraphs[start]).group("rest").strip()  # type: ignore[union-attr]
    lines = ([rest] if rest else []) + paragraphs[start + 1 :]
    previous = ""
    for line in lines:
        if _CAPACITY.match(line) or (is_caps(line) and not line.startswith(("-", "+", "•"))):
            break
        if _TYPIST_CODE.match(line):
            continue
        bullet = re.match(r"^[-–—+•]\s*", line)
        entry = (line[bullet.end() :] if bullet else line).strip().rstrip(",;.").strip()
        if not entry:
            continue
        if not bullet and _name_like(entry):
            break  # the signer's name after a list without a signature capacity line
        # A line without a dash continues the entry above it when that entry did not end.
        if bullet or not out or (not entry[0].islower() and re.search(r"[,;.]$", previous)):
            out.append(entry)
        else:
            out[-1] = f"{out[-1]} {entry}"
        previous = line
    return out


_MONITORING_REPORT = (
    r"báo cáo(?:\s+(?:kết quả(?:\s+thực hiện)?|tình hình(?:\s+thực hiện)?))?(?:\s+(?:về|lên|cho|với))?\s+"
)


def is_monitoring(text: str) -> bool:
    """The office's 'theo dõi, đôn đốc ... định kỳ báo cáo' clause (goes in ``monitoring``)."""
    low = text.lower()
    if "theo dõi" not in low or not ("đôn đốc" in low or "báo cáo" in low):
        return False
    leads = find_bodies(text).responsible
    return any("văn phòng" in body.lower() for body in leads) or ("theo dõi, đôn đốc" in low and "báo cáo" in low)


def monitoring(text: str) -> Monitoring:
    """Who follows up, whom they report to and whether periodically, from the clause."""
    leads = find_bodies(text).responsible
    office = next((body for body in leads if "văn phòng" in body.lower()), leads[0] if leads else "")
    return Monitoring(
        body=office,
        report_to=tuple(bodies_after(text, _MONITORING_REPORT)),
        periodic=bool(re.search(r"định kỳ|hằng tháng|hàng tháng|hằng quý|hàng quý", text, re.I)),
        text=text,
    )


_CLOSING = re.compile(
    r"xin truyền đạt|thông báo (?:để|ý kiến|kết luận)|^Trên đây là|để các .{0,60}\bbiết(?:,| và)|biết,? thực hiện\./\.",
    re.I,
)


def is_closing(text: str) -> bool:
    """A closing sentence ('... thông báo để các cơ quan biết, thực hiện./.'), not a task."""
    return bool(_CLOSING.search(text))
