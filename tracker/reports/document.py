"""The report "document model": everything a printed report says, built once, rendered four ways.

``document_build`` turns a compiled ``PeriodicReport`` (its snapshot and narrative) and its
style profile into plain values: header block, title, sections, counts table, signature,
recipients and the annex. The HTML/PDF, Word and Excel renderers only lay these values out, so
the counts and rows agree across formats by construction.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from tracker.reports.profiles import StyleProfile, profile_for_version
from tracker.timeliness import BUCKET_ORDER, Bucket

if TYPE_CHECKING:
    from tracker.reports.models import PeriodicReport

# The narrative lists at most this many overdue tasks; the annex lists them all.
OVERDUE_LIST_LIMIT = 50
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII")


def nfc(text: str | None) -> str:
    """Vietnamese text in NFC (imports may carry NFD), so PDFs and searches see one form."""
    return unicodedata.normalize("NFC", text or "")


def date_vi(day: dt.date) -> str:
    """dd/mm/yyyy as Vietnamese documents write dates in text and tables."""
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def place_date_line(place: str, day: dt.date | None, year: int) -> str:
    """ "Hòa Bình Xanh, ngày 05 tháng 02 năm 2026" (days below 10 and months 1-2 take a leading zero).

    Without a date (not yet issued) the day and month are left blank for the office to fill.
    """
    if day is None:
        # No-break spaces: the blanks must survive HTML whitespace collapsing and Word.
        blank = "\u00a0" * 5
        return f"{place}, ngày{blank}tháng{blank}năm {year}"
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def percent_vi(share: float) -> str:
    """A share as Vietnamese write percentages: "3,23%"."""
    return f"{share * 100:.2f}".replace(".", ",") + "%"


def change_vi(delta: int) -> str:
    if delta > 0:
        return f"tăng {delta}"
    if delta < 0:
        return f"giảm {-delta}"
    return "không đổi"


@dataclass(frozen=True)
class NationalLine:
    text: str
    size: float
    bold: bool
    rule_below: bool


@dataclass(frozen=True)
class HeaderBlock:
    """The two-column header: left superior / issuer / * / number; right national lines and place-date."""

    superior: str
    issuer: str
    star: str
    number_line: str
    national: list[NationalLine]
    place_date: str
    issuer_rule: bool = False


@dataclass(frozen=True)
class CountRow:
    bucket: str
    label: str
    count: int
    share: str
    change: str


@dataclass(frozen=True)
class CountsTable:
    rows: list[CountRow]
    total: int
    overdue_share: str
    previous_label: str
    previous_overdue_share: str
    columns: tuple[str, str, str, str]


@dataclass
class Section:
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    bullets: list[str] = field(default_factory=list)
    counts: CountsTable | None = None
    after: list[str] = field(default_factory=list)
    emphasis: str = ""


@dataclass(frozen=True)
class AnnexRow:
    stt: int
    text: str
    lead: str
    coordinating: str
    deadline: str
    result: str
    status: str

    def cells(self) -> tuple[str, ...]:
        return (str(self.stt), self.text, self.lead, self.coordinating, self.deadline, self.result, self.status)


@dataclass
class AnnexGroup:
    label: str
    rows: list[AnnexRow]


@dataclass(frozen=True)
class Annex:
    title: str
    subtitle: str
    note: str
    columns: list[str]
    widths_mm: list[float]
    groups: list[AnnexGroup]

    @property
    def row_count(self) -> int:
        return sum(len(g.rows) for g in self.groups)


@dataclass(frozen=True)
class Signature:
    capacity: str
    title: str
    name: str


@dataclass
class ReportDocument:
    """A whole report as values; see the module docstring."""

    profile: StyleProfile
    header: HeaderBlock
    title: str
    subject: str
    subject_rule: str
    intro: str
    sections: list[Section]
    closing: str
    signature: Signature
    recipients_label: str
    recipients: list[str]
    annex: Annex
    counts: CountsTable
    filename_stem: str
    issued: bool


def number_line(profile: StyleProfile, number: str, symbol: str) -> str:
    """ "Số 12-BC/VPTU" (Party) or "Số: 12/BC-UBND" (state); blank number before issuing."""
    header = profile.data["header"]
    if not number:
        return header["number_blank"].replace(" ", "\u00a0").format(symbol=symbol)
    if "/" in number:
        # The office typed the whole number with its symbol.
        prefix = header["number_format"].split("{number}")[0]
        return f"{prefix}{number}"
    return header["number_format"].format(number=number, symbol=symbol)


def counts_table(report: PeriodicReport, profile: StyleProfile) -> CountsTable:
    data = report.data
    labels = profile.words["bucket_labels"]
    total = int(data.get("total", 0))
    previous = data.get("previous") or None
    rows = []
    for b in BUCKET_ORDER:
        count = int(data["counts"].get(b.value, 0))
        share = percent_vi(count / total) if total else "0,00%"
        change = change_vi(count - int(previous["counts"].get(b.value, 0))) if previous else ""
        rows.append(CountRow(b.value, labels[b.value], count, share, change))
    overdue = int(data["counts"].get(Bucket.NOT_DONE_OVERDUE.value, 0))
    prev_share = ""
    if previous and previous.get("total"):
        prev_share = percent_vi(int(previous["counts"].get(Bucket.NOT_DONE_OVERDUE.value, 0)) / previous["total"])
    previous_label = previous["label"] if previous else ""
    return CountsTable(
        rows=rows,
        total=total,
        overdue_share=percent_vi(overdue / total) if total else "0,00%",
        previous_label=previous_label,
        previous_overdue_share=prev_share,
        columns=(
            *profile.words["counts_columns"][:3],
            f"{profile.words['counts_columns'][3]} {previous_label or 'kỳ trước'}",
        ),
    )


def deadline_cell(row: dict[str, Any], profile: StyleProfile) -> str:
    if row["recurring"]:
        return profile.words["recurring_deadline"]
    if not row["deadline"]:
        return "Không thời hạn"
    deadline = dt.date.fromisoformat(row["deadline"])
    original = row.get("original_deadline")
    if original and original != row["deadline"]:
        return f"{date_vi(deadline)} (gia hạn; hạn ban đầu {date_vi(dt.date.fromisoformat(original))})"
    return date_vi(deadline)


def status_cell(row: dict[str, Any], profile: StyleProfile) -> str:
    label = profile.words["bucket_labels"][row["bucket"]]
    if row.get("met_original") is False:
        # Done by the extended deadline, not the one the conclusion set: reports say so.
        label += " (theo hạn gia hạn)"
    return label


def result_cell(row: dict[str, Any]) -> str:
    text = nfc(row.get("result"))
    percent = row.get("percent")
    if percent is not None and row["bucket"] not in (Bucket.DONE_ON_TIME.value, Bucket.DONE_LATE.value):
        text = f"{text} (đạt {percent}%)" if text else f"Đạt {percent}%"
    return text


def annex_build(report: PeriodicReport, profile: StyleProfile, issued_text: str) -> Annex:
    """The annex table, rows numbered 1..N and grouped by heading or by lead body."""
    groups: dict[str, AnnexGroup] = {}
    by_body = report.group_by == "body"
    for stt, row in enumerate(report.data.get("rows", []), start=1):
        key = nfc(row["lead"] if by_body else row["heading"]) or (
            "Chưa giao cơ quan chủ trì" if by_body else "Nhiệm vụ chung"
        )
        group = groups.setdefault(key, AnnexGroup(key, []))
        group.rows.append(
            AnnexRow(
                stt=stt,
                text=nfc(row["text"]),
                lead=nfc(row["lead"]),
                coordinating="; ".join(nfc(n) for n in row["coordinating"]),
                deadline=deadline_cell(row, profile),
                result=result_cell(row),
                status=status_cell(row, profile),
            )
        )
    # Renumber within the grouped order so STT runs 1..N down the printed table.
    stt = 0
    ordered = sorted(groups.values(), key=lambda g: g.label) if by_body else list(groups.values())
    for group in ordered:
        renumbered = []
        for row in group.rows:
            stt += 1
            renumbered.append(AnnexRow(stt, row.text, row.lead, row.coordinating, row.deadline, row.result, row.status))
        group.rows = renumbered
    return Annex(
        title=profile.words["annex_title"],
        subtitle=profile.words["annex_subtitle"],
        note=f"(Kèm theo {issued_text})",
        columns=list(profile.words["annex_columns"]),
        widths_mm=[float(w) for w in profile.words["annex_widths_mm"]],
        groups=ordered,
    )


def paragraphs_of(text: str) -> list[str]:
    return [nfc(line.strip()) for line in (text or "").splitlines() if line.strip()]


def document_build(report: PeriodicReport) -> ReportDocument:
    """Build the document model of ``report`` with the profile version it was compiled with."""
    office = report.office
    style = office.style_profile
    profile = profile_for_version(style, report.style_version)
    as_of = dt.date.fromisoformat(report.data["as_of"]) if report.data.get("as_of") else report.as_of
    year = (report.issued_on or as_of).year
    header_data = profile.data["header"]
    national = [
        NationalLine(line["text"], profile.size(line["size_key"]), bool(line["bold"]), bool(line["rule_below"]))
        for line in header_data["right"]
    ]
    number = number_line(profile, report.number, office.report_symbol)
    header = HeaderBlock(
        superior=nfc(office.superior_name).upper(),
        issuer=nfc(office.name).upper(),
        star=header_data["left"]["star"],
        number_line=number,
        national=national,
        place_date=place_date_line(nfc(office.place_name or office.short_name or ""), report.issued_on, year),
        issuer_rule=bool(header_data["left"].get("issuer_rule")),
    )
    counts = counts_table(report, profile)
    data = report.data
    label = report.period.label if report.period else f"đến ngày {date_vi(as_of)}"
    intro = (
        f"Thực hiện nhiệm vụ theo dõi, đôn đốc và định kỳ báo cáo, {nfc(office.name)} báo cáo "
        f"{nfc(report.subject[0].lower() + report.subject[1:])} (số liệu tính đến ngày {date_vi(as_of)}) như sau:"
    )
    # I. Figures.
    headings = profile.words["sections"]
    first = Section(heading=headings["figures"], counts=counts)
    first.paragraphs.append(f"Tổng số nhiệm vụ theo dõi: {counts.total} nhiệm vụ; kết quả cụ thể như sau:")
    headline = f"Tỷ lệ nhiệm vụ chưa hoàn thành, quá hạn: {counts.overdue_share}"
    if counts.previous_overdue_share:
        headline += f" ({counts.previous_label}: {counts.previous_overdue_share})"
    first.emphasis = headline + "."
    extended = sum(1 for r in data.get("rows", []) if r.get("met_original") is False)
    if extended:
        first.after.append(
            f"Trong số nhiệm vụ hoàn thành đúng hạn, có {extended} nhiệm vụ hoàn thành theo thời hạn đã được gia hạn."
        )
    submissions = data.get("submissions")
    if submissions:
        line = f"Có {submissions['submitted']}/{submissions['expected']} cơ quan, đơn vị đã gửi báo cáo kỳ {label}" + (
            f" ({submissions['late']} gửi muộn)" if submissions["late"] else ""
        )
        if submissions["missing"]:
            line += "; chưa gửi: " + ", ".join(nfc(n) for n in submissions["missing"])
        first.after.append(line + ".")
    # II. Outcomes.
    second = Section(heading=headings["outcomes"], paragraphs=paragraphs_of(report.achievements))
    if not second.paragraphs:
        second.paragraphs.append("Chưa có kết quả được báo cáo trong kỳ.")
    # III. Overdue tasks and their reasons.
    third = Section(heading=headings["overdue"])
    overdue = data.get("overdue", [])
    for item in overdue[:OVERDUE_LIST_LIMIT]:
        deadline = date_vi(dt.date.fromisoformat(item["deadline"])) if item.get("deadline") else ""
        reason = nfc(item.get("reason")) or "chưa báo cáo nguyên nhân"
        lead = f"chủ trì: {nfc(item['lead'])}; " if item.get("lead") else ""
        third.bullets.append(f"{nfc(item['text'])} ({lead}thời hạn: {deadline}). Nguyên nhân: {reason}")
    if len(overdue) > OVERDUE_LIST_LIMIT:
        third.bullets.append(f"Và {len(overdue) - OVERDUE_LIST_LIMIT} nhiệm vụ khác (chi tiết tại Phụ lục).")
    if not overdue:
        third.paragraphs.append("Không có nhiệm vụ chưa hoàn thành, quá hạn.")
    third.after.extend(paragraphs_of(report.overdue_reasons))
    sections = [first, second, third]
    proposals = paragraphs_of(report.proposals)
    if proposals:
        sections.append(Section(heading=headings["proposals"], paragraphs=proposals))
    issued_text = (
        f"Báo cáo số {report.number} ngày {date_vi(report.issued_on)} của {nfc(office.name)}"
        if report.number and report.issued_on
        else f"Báo cáo của {nfc(office.name)}"
    )
    return ReportDocument(
        profile=profile,
        header=header,
        title=profile.data["title"]["text"],
        subject=nfc(report.subject),
        subject_rule=profile.data["title"]["rule_below_subject"],
        intro=intro,
        sections=sections,
        closing=f"Trên đây là báo cáo {nfc(report.subject[0].lower() + report.subject[1:])}./.",
        signature=Signature(
            capacity=nfc(report.signer_capacity).upper(),
            title=nfc(report.signer_title).upper(),
            name=nfc(report.signer_name),
        ),
        recipients_label=profile.data["recipients"]["label"],
        recipients=[nfc(r) for r in report.recipients],
        annex=annex_build(report, profile, issued_text),
        counts=counts,
        filename_stem=f"bao-cao-{report.pk}" + (f"-{report.number.replace('/', '-')}" if report.number else ""),
        issued=report.state == "issued",
    )
