"""Bodies (cơ quan, đơn vị) named in a task: who leads (chủ trì) and who coordinates (phối hợp).

A body phrase starts with a recognised head ('UBND', 'Sở', 'Ban Tuyên giáo', 'các cấp ủy',
'từng đồng chí') and runs over capitalised words and the small vocabulary that body names are
made of, until a verb or another word ends it. Phrases are copied exactly as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .folding import fold

_TOKEN = re.compile(r"[Đđ]/[cC]|\w+(?:[-–/]\w+)*|[^\w\s]")


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int


def tokenize(text: str) -> list[Token]:
    """Words (with 'Đ/c', 'HĐND-UBND' kept whole) and punctuation, with their offsets."""
    return [Token(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(text)]


# Lower-case words body names are made of ("các cơ quan, đơn vị liên quan", "cấp ủy cơ sở").
BODY_WORDS = frozenset(
    [
        "các",
        "từng",
        "những",
        "mọi",
        "cấp",
        "ủy",
        "uỷ",
        "đảng",
        "chính",
        "quyền",
        "ban",
        "ngành",
        "đoàn",
        "thể",
        "cơ",
        "quan",
        "đơn",
        "vị",
        "liên",
        "chuyên",
        "môn",
        "chức",
        "năng",
        "thành",
        "phố",
        "tỉnh",
        "huyện",
        "thị",
        "xã",
        "trấn",
        "phường",
        "quận",
        "trực",
        "thuộc",
        "sở",
        "ở",
        "của",
        "nhân",
        "dân",
        "trị",
        "hội",
        "tổ",
        "đồng",
        "chí",
        "viên",
        "địa",
        "phương",
        "cán",
        "sự",
        "chi",
        "bộ",
        "mặt",
        "trận",
        "quốc",
        "công",
        "an",
        "quân",
        "đội",
        "lực",
        "lượng",
        "vũ",
        "trang",
        "doanh",
        "nghiệp",
        "hợp",
        "tác",
        "và",
        "phòng",
        "trung",
        "ương",
        "khối",
        "thanh",
        "niên",
        "phụ",
        "nữ",
        "nông",
        "cựu",
        "chiến",
        "binh",
        "có",
        "tương",
        "đương",
        "tự",
        "quản",
        "khu",
        "vực",
        "vận",
        "tải",
        "nhánh",
        "trường",
    ]
)
# Words that end a body phrase even though they are in the vocabulary or follow a capital.
_VERBS = (
    "thực hiện|tiếp tục|tập trung|triển khai|chủ trì|phối hợp|chủ động|có trách nhiệm|chịu trách nhiệm|"
    "trên cơ sở|theo chức năng|căn cứ|rà soát|hoàn thành|hoàn thiện|nâng cao|đẩy mạnh|đẩy nhanh|"
    "khẩn trương|quan tâm|tăng cường|đổi mới|nghiên cứu|tham mưu|báo cáo|theo dõi|kiểm tra|giám sát|"
    "bám sát|ban hành|hướng dẫn|đôn đốc|tiếp thu|phấn đấu|giải quyết|xử lý|đề xuất|kịp thời|nghiêm túc|"
    "quyết liệt|tích cực|thường xuyên|ưu tiên|bảo đảm|đảm bảo|cung cấp|phát huy|vận động|tuyên truyền|"
    "quán triệt|cụ thể hóa|cụ thể hoá|làm tốt|thẩm định|cân đối|bố trí|hỗ trợ|chuẩn bị|duy trì|quản lý|"
    "lãnh đạo|chỉ đạo|xây dựng|tiến hành|kiện toàn|sắp xếp|thống nhất|khắc phục|phát triển|cải cách|"
    "thúc đẩy|huy động|đánh giá|dự thảo|soạn thảo|tổng hợp|tổng kết|sơ kết|kiểm điểm|đề nghị|xem xét|"
    "phê duyệt|điều chỉnh|bổ sung|lựa chọn|thành lập|tiếp nhận|trả lời|đăng ký|cập nhật|công khai|"
    "thông báo|làm việc|làm rõ|dứt điểm|ủy quyền|uỷ quyền|yêu cầu|quyết định|nhất trí|đồng ý|kết luận|"
    "đoàn kết|công tác|nhân dịp|cấp phép|phòng chống|phòng, chống|phòng ngừa|tham gia|góp phần|bảo vệ|"
    "có kế hoạch|có giải pháp|có biện pháp|có văn bản|có ý kiến|"
    r"tổ chức(?!\s+(?:đảng|chính trị|cơ sở đảng|đoàn thể|hội(?! nghị)|xã hội|quần chúng|thành viên|kinh tế|tín dụng))|"
    "giao|trình|ký|lập|gửi|cần|phải|sớm|nắm|tạo|rà|theo|về|để|nhằm|tại|với|cho|trong|từ|đến|trước|sau|"
    "bàn giao|nghiệm thu|tuần tra|thanh toán|giải ngân|thi công|giải phóng|kiểm soát|vận hành|quyết toán|"
    "khi|là|được|đã|đang|sẽ|không|chưa|cùng|giúp|đưa|mở|làm|tiếp"
)
_VERB_AT = re.compile(rf"(?:{_VERBS})(?!\w)")
# Words that end a body name even right after a capital ("Đảng bộ thành phố X khóa I").
_HARD_STOP = re.compile(r"(?:khóa|khoá|nhiệm kỳ|lần thứ)(?!\w)")
_TRAILING = frozenset({"và", "các", "của", "ở", "có", "từng", "những", "mọi", "với", "cùng"})

# Heads that start a body phrase on their own (compared in lower case).
_HEADS = (
    "ủy ban",
    "uỷ ban",
    "văn phòng",
    "thường trực",
    "đảng đoàn",
    "đảng ủy",
    "đảng uỷ",
    "mặt trận",
    "công an",
    "thanh tra",
    "kho bạc",
    "huyện ủy",
    "thị ủy",
    "thành ủy",
    "tỉnh ủy",
    "quận ủy",
    "huyện uỷ",
    "thị uỷ",
    "thành uỷ",
    "tỉnh uỷ",
    "quận uỷ",
    "chủ tịch",
    "phó chủ tịch",
    "giám đốc",
    "bí thư",
    "chi bộ",
    "đảng bộ",
    "cấp ủy",
    "cấp uỷ",
    "chính quyền",
    "viện kiểm sát",
    "tòa án",
    "toà án",
    "hội đồng",
    "liên đoàn",
    "chi cục",
    "ngân hàng",
    "thủ trưởng",
    "người đứng đầu",
    "đồng chí",
    "đ/c",
)
_HEAD_AT = re.compile("(?:" + "|".join(re.escape(head) for head in sorted(_HEADS, key=len, reverse=True)) + r")(?!\w)")
# Heads that need a capitalised name after them ("Sở Y tế", "Ban Tuyên giáo", "Hội Nông dân").
_NAMED_HEADS = frozenset({"sở", "ban", "hội", "đoàn", "bộ", "phòng", "trung", "cục", "trường", "đài", "báo"})
_NAMED_HEADS_2 = frozenset({"trung tâm", "bệnh viện"})
_BAN_LOWER = frozenset({"cán", "chỉ", "quản", "thường", "chấp"})
# Collective nouns after "các/từng/những": "các cấp", "các cơ quan", "từng đồng chí".
_COLLECTIVE = frozenset(
    [
        "cấp",
        "ngành",
        "sở",
        "ban",
        "cơ",
        "đơn",
        "địa",
        "tổ",
        "đoàn",
        "chi",
        "đảng",
        "xã",
        "phường",
        "thị",
        "huyện",
        "quận",
        "hội",
        "phòng",
        "trường",
        "đồng",
        "đ/c",
        "ủy",
        "uỷ",
        "thành",
        "lực",
        "doanh",
        "chủ",
        "nhà",
        "bộ",
        "cục",
        "tỉnh",
        "hợp",
        "thôn",
        "khu",
        "cụm",
    ]
)
_ACRONYM = re.compile(r"[ABCDĐEGHIKLMNOPQRSTUVXY]{2,8}(?:-[ABCDĐEGHIKLMNOPQRSTUVXY]{2,8})*")
_COLLECTIVE_START = frozenset({"các", "từng", "những", "mọi"})
# After these a sentence's subject is the issuer speaking, not the body that does the work.
_ISSUER_VERBS = re.compile(
    r"(?:yêu cầu|giao|đề nghị|ủy quyền|uỷ quyền|thống nhất|kết luận|đồng ý|nhất trí|quyết định|"
    r"tiến hành(?=\s+(?:bỏ phiếu|biểu quyết|lấy phiếu|thảo luận|xem xét,? quyết định|xem xét, thi hành kỷ luật))|biểu dương|ghi nhận|đánh giá cao|thông báo|chủ trì họp|chủ trì cuộc họp)(?!\w)"
)

# Splitting an addressee list (annotation rule 4): at ";" always; at "," and " và " only before
# another body ("các", "từng" or a capitalised head), so "các ban, ngành, đoàn thể" stays whole.
_SPLIT_HEAD = (
    r"(?:các|Các|từng|Từng|những|Những|Ủy ban|Uỷ ban|UBND|HĐND|Hội đồng|Ban|Đảng đoàn|Đảng ủy|Đảng uỷ|"
    r"Mặt trận|MTTQ|Văn phòng|Sở|Thường trực|Công an|Chủ tịch|Huyện ủy|Thị ủy|Thành ủy|Tỉnh ủy|"
    r"Quận ủy|Chi cục|Cục|Bộ|Hội|Đoàn|Liên đoàn|Trung tâm|Kho bạc|Thanh tra|Tòa án|Viện|Ngân hàng|"
    r"Phòng [A-ZĐ]|Đài|Báo|Trường|Bệnh viện|[A-ZĐ]{2,}(?![a-zđ]))(?!\w)"
)
_SPLIT = re.compile(rf"\s*;\s*|,\s+(?={_SPLIT_HEAD})|\s+và\s+(?={_SPLIT_HEAD})")


def _is_word(token: Token) -> bool:
    return token.text[0].isalnum()


def _lower_rest(text: str, tokens: list[Token], index: int) -> str:
    return text[tokens[index].start : tokens[index].start + 60].lower()


def is_body_start(text: str, tokens: list[Token], index: int) -> bool:
    """Whether a body phrase starts at token ``index``."""
    if index >= len(tokens) or not _is_word(tokens[index]):
        return False
    token = tokens[index].text
    low = token.lower()
    nxt = tokens[index + 1].text if index + 1 < len(tokens) else ""
    if _ACRONYM.fullmatch(token) and not re.fullmatch(r"[IVXL]+", token):
        # UBND, HĐND, MTTQ; not a roman numeral, and not a word of a caps heading ("TRONG THỜI").
        return not (nxt.isupper() and len(nxt) > 1 and nxt.isalpha())
    rest = _lower_rest(text, tokens, index)
    if _HEAD_AT.match(rest):
        # "chính quyền" and "cấp ủy" are bodies; but a head must not be a verb here.
        return True
    if low in _COLLECTIVE_START:
        return nxt.lower() in _COLLECTIVE
    if token[0].isupper() and f"{low} {nxt.lower()}" in _NAMED_HEADS_2:
        # "Trung tâm Y tế", "Bệnh viện Đa khoa tỉnh": a two-syllable head, then a capitalised name.
        third = tokens[index + 2].text if index + 2 < len(tokens) else ""
        return third[:1].isupper()
    if token[0].isupper() and low in _NAMED_HEADS and nxt:
        if low == "ban" and nxt.lower() in _BAN_LOWER:
            return True
        return nxt[0].isupper()
    return False


# Words that look like verbs but belong to a body's name, by what comes before them:
# "ủy ban kiểm tra (các cấp)", "các ban, cơ quan tham mưu, giúp việc Tỉnh ủy", "Ban quản lý".
_NAME_VERBS: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...] = (
    (re.compile(r"(?:ủy|uỷ) ban\s*$"), re.compile(r"kiểm tra(?!\w)")),
    (re.compile(r"(?:cơ quan|ban|ngành)\s*$"), re.compile(r"tham mưu,?\s+giúp việc(?!\w)")),
    (re.compile(r"(?<!\w)ban\s*$"), re.compile(r"quản lý(?!\w)")),
    (re.compile(r"(?<!\w)(?:các|những) trường\s*$"), re.compile(r"học(?!\w)")),
)
# "Ban Quản lý" takes a lower-case complement: "Ban Quản lý dự án đầu tư xây dựng các công trình
# giao thông tỉnh", "Ban Quản lý các khu công nghiệp". Verbs end it, except where they are part of
# a compound noun ("công trình", "giao thông", "đầu tư xây dựng các ...").
_COMPLEMENT_HEAD = re.compile(r"(?<!\w)ban (?:quản lý|qlda)\s*$")
_COMPOUND_NOUN = re.compile(
    r"(?:công trình|giao thông|xây dựng(?= (?:các|công trình|dân dụng|công nghiệp|giao thông|nông nghiệp|"
    r"tỉnh|thành phố|huyện|khu vực|cơ bản|chuyên ngành)(?!\w))|phát triển(?= (?:đô thị|nông thôn|hạ tầng|khu|quỹ)))(?!\w)"
)
# "các xã có dự án", "các địa phương có dự án đi qua": a plural body qualified by "có ...",
# when a verb (or the end of the clause) follows within a few words.
_PLURAL = re.compile(r"(?<!\w)(?:các|những)\s")


def _verb_at(text: str, tokens: list[Token], j: int) -> bool:
    return tokens[j].text[0].islower() and bool(_VERB_AT.match(_lower_rest(text, tokens, j)))


def _name_verb_end(text: str, tokens: list[Token], index: int, j: int) -> int | None:
    """Index after a verb-like word that is part of the name at token ``j``, if one is there."""
    before = text[tokens[index].start : tokens[j].start].lower()
    rest = text[tokens[j].start : tokens[j].start + 40].lower()
    for head, words in _NAME_VERBS:
        match = words.match(rest) if head.search(before) else None
        if match:
            stop = tokens[j].start + match.end()
            k = j
            while k < len(tokens) and tokens[k].end <= stop:
                k += 1
            return k
    return None


def _complement_end(text: str, tokens: list[Token], j: int, limit: int = 14) -> int:
    """Index after the lower-case complement of 'Ban Quản lý' starting at token ``j``."""
    k = j
    while k < len(tokens) and k - j < limit and _is_word(tokens[k]):
        rest = _lower_rest(text, tokens, k)
        compound = _COMPOUND_NOUN.match(rest) if tokens[k].text[0].islower() else None
        if compound:
            k += len(compound.group(0).split())
            continue
        if _verb_at(text, tokens, k) or _HARD_STOP.match(rest):
            break
        k += 1
    return k


def _qualifier_end(text: str, tokens: list[Token], j: int) -> int | None:
    """Index after "có <up to 4 words>" when a verb, punctuation or the end follows it."""
    for size in range(1, 5):
        k = j + 1 + size
        if k > len(tokens) or not all(_is_word(t) and t.text[0].islower() for t in tokens[j + 1 : k]):
            return None
        if any(_verb_at(text, tokens, m) for m in range(j + 1, k)):
            return None
        if k == len(tokens) or not _is_word(tokens[k]) or _verb_at(text, tokens, k):
            return k
    return None


def scan_body(text: str, tokens: list[Token], index: int) -> tuple[int, str] | None:
    """The body phrase starting at token ``index``: (index after it, phrase as written)."""
    if not is_body_start(text, tokens, index):
        return None
    j, end, prev_cap, words = index, tokens[index].end, False, 0
    while j < len(tokens) and words < 40:
        token = tokens[j]
        if token.text in {",", ";", "-", "–"}:
            j += 1
            prev_cap = False
            continue
        if not _is_word(token):
            break
        low = token.text.lower()
        if j > index and token.text[0].islower():
            extended = _name_verb_end(text, tokens, index, j)
            if extended is None and _COMPLEMENT_HEAD.search(text[tokens[index].start : tokens[j].start].lower()):
                extended = _complement_end(text, tokens, j)
                extended = extended if extended > j else None
            if (
                extended is None
                and low == "có"
                and not _verb_at(text, tokens, j)
                and _PLURAL.search(text[tokens[index].start : tokens[j].start])
            ):
                extended = _qualifier_end(text, tokens, j)
            if extended is not None:
                end, words, j, prev_cap = tokens[extended - 1].end, words + extended - j, extended, False
                continue
        verb = _VERB_AT.match(_lower_rest(text, tokens, j)) if j > index and token.text[0].islower() else None
        # A one-syllable "verb" right after a capital is more likely the word's second syllable
        # ("Đào tạo", "Quân sự"); a two-word verb ("Đảng thực hiện") still ends the phrase.
        if verb and not (prev_cap and " " not in verb.group(0)):
            break
        if token.text[0].islower() and _HARD_STOP.match(_lower_rest(text, tokens, j)):
            break
        if token.text[0].isupper() or token.text[0].isdigit():
            prev_cap = True
        elif low in BODY_WORDS:
            prev_cap = False
        elif prev_cap or (fold(low) == "pho" and tokens[j - 1].text.lower() == "thành"):
            # The second syllable of a capitalised word ("Tuyên giáo", "Thành ủy"), or the OCR
            # slip "thành phổ" for "thành phố".
            prev_cap = False
        else:
            break
        end = token.end
        words += 1
        j += 1
    phrase = text[tokens[index].start : end]
    # Trim connectors left dangling at the end ("UBND tỉnh và").
    while True:
        trimmed = re.sub(r"[\s,;\-–]+$", "", phrase)
        last = trimmed.rsplit(" ", 1)
        if len(last) == 2 and last[1].lower() in _TRAILING:
            trimmed = last[0]
        elif len(last) == 2 and last[1] == "cấp" and last[0].rsplit(" ", 1)[-1].lower() not in _COLLECTIVE_START:
            trimmed = last[0]  # "Sở Y tế cấp (phép)": a verb, not "các cấp"
        if trimmed == phrase:
            break
        phrase = trimmed
    if not phrase or phrase.lower() in _COLLECTIVE_START:
        return None
    stop = index
    while stop < len(tokens) and tokens[stop].end <= tokens[index].start + len(phrase):
        stop += 1
    return stop, phrase


_PLACE_WORDS = frozenset({"tỉnh", "phố", "huyện", "xã", "phường", "quận", "trấn", "vực", "ương", "ủy", "uỷ"})
_PHRASE_STOPS = frozenset({"ở", "của", "các", "những", "mọi", "từng", "và"})


def scan_noun_phrase(text: str, tokens: list[Token], index: int, limit: int = 12) -> str | None:
    """A capitalised name the body vocabulary does not know ("Trung tâm Phát triển quỹ đất tỉnh",
    "Điện lực tỉnh"), up to the verb, punctuation or clause end that closes it; None otherwise."""
    if index >= len(tokens) or not _is_word(tokens[index]) or not tokens[index].text[0].isupper():
        return None
    j, end, prev_cap = index, tokens[index].end, False
    while j < len(tokens):
        token = tokens[j]
        if token.text == ",":
            nxt = tokens[j + 1].text if j + 1 < len(tokens) else ""
            if not (nxt[:1].isupper() or nxt.lower() in _COLLECTIVE_START):
                break
            j, prev_cap = j + 1, False
            continue
        if not _is_word(token):
            break
        if j - index >= limit:
            return None  # no clear end: not a name
        verb = _VERB_AT.match(_lower_rest(text, tokens, j)) if j > index and token.text[0].islower() else None
        if (verb and not (prev_cap and " " not in verb.group(0))) or (
            token.text[0].islower() and _HARD_STOP.match(_lower_rest(text, tokens, j))
        ):
            break
        low = token.text.lower()
        if low in _PHRASE_STOPS:
            break
        # Unknown lower-case words count only when a capital, a number or a place word closes
        # the name after them ("Trung tâm Phát triển quỹ đất tỉnh", not "Điện lực tỉnh tuần tra").
        if token.text[0].isupper() or token.text[0].isdigit() or low in _PLACE_WORDS or prev_cap:
            end = token.end
        prev_cap = token.text[0].isupper() or token.text[0].isdigit()
        j += 1
    phrase = text[tokens[index].start : end].rstrip(" ,")
    last = phrase.rsplit(" ", 1)
    if len(last) == 2 and last[1].lower() in _TRAILING:
        phrase = last[0]
    return phrase or None


def split_bodies(phrase: str) -> list[str]:
    """Split an addressee list into bodies (annotation rule 4)."""
    parts = [part.strip(" ,;.-–") for part in _SPLIT.split(phrase)]
    return [part for part in parts if part]


@dataclass
class BodyFinding:
    """Bodies read from one text: leads and coordinators, each as written."""

    responsible: list[str]
    coordinating: list[str]


def _sentence_starts(tokens: list[Token]) -> list[int]:
    starts = [0]
    for i, token in enumerate(tokens[:-1]):
        if token.text in {".", ";", ":", "!", "?"} and tokens[i + 1].text[0].isupper():
            starts.append(i + 1)
    return starts


def _add(target: list[str], phrase: str) -> None:
    for body in split_bodies(phrase):
        if body not in target:
            target.append(body)


def _skip_filler(tokens: list[Token], index: int) -> int:
    # "giao cho X", "giao nhiệm vụ cho X", "đề nghị với X".
    words = [t.text.lower() for t in tokens[index : index + 3]]
    if words[:3] == ["nhiệm", "vụ", "cho"]:
        return index + 3
    if words[:1] in (["cho"], ["với"]):
        return index + 1
    return index


_TRIGGERS = ("giao", "yêu cầu", "đề nghị", "ủy quyền", "uỷ quyền", "chỉ đạo", "phân công")
_NOT_ASSIGNING_GIAO = frozenset({"bàn", "chuyển", "được", "đã", "đất"})
# Triggers indexed by their first word, so each token is checked against few candidates.
_TRIGGER_WORDS: dict[str, list[tuple[str, list[str]]]] = {}
for _trigger in _TRIGGERS:
    _TRIGGER_WORDS.setdefault(_trigger.split()[0], []).append((_trigger, _trigger.split()))


def _coordinators(text: str, tokens: list[Token], index: int) -> list[str]:
    """The bodies after 'phối hợp với' at token ``index``.

    A name the vocabulary does not know (or knows only the head of) is read as the noun phrase up
    to the verb that ends it ("Chi cục Thuế khu vực 3", "Trung tâm Phát triển quỹ đất tỉnh"), and
    the list goes on after "và" / "," before another capitalised name.
    """
    out: list[str] = []
    while index < len(tokens) and len(out) < 12:
        found = scan_body(text, tokens, index)
        name = scan_noun_phrase(text, tokens, index)
        if name and (not found or len(name) > len(found[1])):
            phrase = name
        elif found:
            phrase = found[1]
        else:
            break
        out.append(phrase)
        stop = tokens[index].start + len(phrase)
        while index < len(tokens) and tokens[index].end <= stop:
            index += 1
        if not (
            index + 1 < len(tokens)
            and tokens[index].text in {"và", ","}
            and tokens[index + 1].text[:1].isupper()
            and not (found and phrase == found[1])
        ):
            break
        index += 1
    return out


def find_bodies(text: str, *, heading: bool = False) -> BodyFinding:
    """Leads and coordinators named in ``text`` (a task, or a heading/lead-in when ``heading``).

    Leads: a sentence's grammatical subject; the doer after 'giao', 'yêu cầu', 'đề nghị',
    'ủy quyền', 'chỉ đạo'. Coordinators: the bodies after 'phối hợp với'.
    """
    tokens = tokenize(text)
    lowered = [token.text.lower() for token in tokens]
    responsible: list[str] = []
    coordinating: list[str] = []
    starts = set(_sentence_starts(tokens))
    for i, token in enumerate(tokens):
        low = lowered[i]
        # Subject at a sentence start, confirmed by a verb (or a colon in a heading) after it.
        if i in starts and is_body_start(text, tokens, i):
            found = scan_body(text, tokens, i)
            if found:
                after_index, phrase = found
                after = text[tokens[after_index].start :].lower() if after_index < len(tokens) else ""
                if (heading and (not after or after.startswith(":"))) or (
                    after[:1].isalpha() and not _ISSUER_VERBS.match(after)
                ):
                    _add(responsible, phrase)
        for trigger, words in _TRIGGER_WORDS.get(low, ()):
            size = len(words)
            if lowered[i : i + size] != words:
                continue
            # Capitalised triggers only count at a sentence start ("Ban Chỉ đạo" is a body).
            if token.text[0].isupper() and i not in starts:
                continue
            if trigger == "giao" and i > 0 and lowered[i - 1] in _NOT_ASSIGNING_GIAO:
                continue
            found = scan_body(text, tokens, _skip_filler(tokens, i + size))
            if found:
                _add(responsible, found[1])
        if low == "phối" and i + 2 < len(tokens) and lowered[i + 1] == "hợp" and lowered[i + 2] in {"với", "cùng"}:
            for name in _coordinators(text, tokens, i + 3):
                _add(coordinating, name)
    coordinating = [body for body in coordinating if body not in responsible]
    return BodyFinding(responsible, coordinating)


def assigns_work(text: str) -> bool:
    """Whether a paragraph assigns work to a body ('Giao X ...', 'yêu cầu X ... có trách nhiệm')."""
    if re.search(r"(?<!\w)(?:có trách nhiệm|chịu trách nhiệm)(?!\w)", text, re.I) and find_bodies(text).responsible:
        return True
    tokens = tokenize(text)
    lowered = [token.text.lower() for token in tokens]
    for i in range(len(tokens)):
        for trigger, words in _TRIGGER_WORDS.get(lowered[i], ()):
            size = len(words)
            if trigger == "chỉ đạo" or lowered[i : i + size] != words:
                continue
            if trigger == "giao" and i > 0 and tokens[i - 1].text.lower() in _NOT_ASSIGNING_GIAO:
                continue
            if is_body_start(text, tokens, _skip_filler(tokens, i + size)):
                return True
    return bool(re.search(r"(?<!\w)chủ trì(?!\w)", text) and find_bodies(text).responsible)


def bodies_after(text: str, pattern: str) -> list[str]:
    """The bodies named right after the first match of ``pattern`` (e.g. 'báo cáo (về)?')."""
    match = re.search(pattern, text, re.I)
    if not match:
        return []
    tail_start = match.end()
    tokens = tokenize(text)
    for i, token in enumerate(tokens):
        if token.start >= tail_start:
            found = scan_body(text, tokens, i)
            return split_bodies(found[1]) if found else []
    return []
