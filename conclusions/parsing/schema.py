"""The parser's result types and their JSON shape (``conclusion/1``).

The dataclasses carry more than the JSON contract (per-field provenance, warnings, footnotes)
because the review screen shows *why* each value was proposed; :meth:`ParsedConclusion.to_schema`
keeps to exactly the keys of ``spec/conclusion.schema.json``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

SCHEMA_ID = "conclusion/1"

DocKind = Literal["ket_luan", "thong_bao_ket_luan", "other"]
ResponsibleSource = Literal["explicit", "inherited", "rule", "none"]
DeadlineSource = Literal["explicit", "period", "none"]


@dataclass(frozen=True)
class Period:
    """The span the conclusion's tasks are for, e.g. '6 tháng cuối năm 2022'."""

    label: str
    start: dt.date
    end: dt.date


@dataclass(frozen=True)
class Signer:
    """Who signed. ``title`` is the position line (None when the block has only the capacity line)."""

    name: str
    title: str | None
    capacity: str | None = None  # "T/M BAN CHẤP HÀNH", "KT. CHỦ TỊCH"; not part of the title


@dataclass(frozen=True)
class Monitoring:
    """The body charged with following up and reporting (the office's own clause)."""

    body: str
    report_to: tuple[str, ...]
    periodic: bool
    text: str = ""


@dataclass
class ParsedTask:
    """One task: a leaf of the task part, with where each proposed value came from."""

    order: int
    section: str
    heading: str | None
    text: str
    responsible: list[str] = field(default_factory=list)
    coordinating: list[str] = field(default_factory=list)
    responsible_source: ResponsibleSource = "none"
    deadline: dt.date | None = None
    deadline_text: str | None = None
    deadline_source: DeadlineSource = "none"
    recurring: bool = False
    warnings: list[str] = field(default_factory=list)
    footnotes: list[str] = field(default_factory=list)
    # Provenance details for the "why" strings.
    matched_keywords: tuple[str, ...] = ()
    lead_in_bodies: list[str] = field(default_factory=list)
    period_label: str | None = None

    @property
    def first_words(self) -> str:
        """The first 8 whitespace-separated tokens of the text (annotation rule 3)."""
        return " ".join(self.text.split()[:8])

    def why_responsible(self) -> str:
        """A short human explanation of where ``responsible`` came from."""
        if self.responsible_source == "explicit":
            return "explicit: named in the task's text"
        if self.responsible_source == "inherited":
            return "inherited: named by the heading or lead-in above the task"
        if self.responsible_source == "rule":
            return "rule: " + ", ".join(self.matched_keywords)
        return "none: no body named; staff must choose"

    def why_deadline(self) -> str:
        """A short human explanation of where ``deadline`` came from."""
        if self.deadline_source == "explicit":
            return f"explicit: '{self.deadline_text}'"
        if self.deadline_source == "period":
            return f"period end: {self.period_label}" if self.period_label else "period end"
        if self.recurring:
            return "recurring: ongoing duty, no single due point"
        return "none: no deadline stated and no period known"

    def to_schema(self) -> dict[str, Any]:
        """This task as a ``conclusion/1`` task object."""
        return {
            "section": self.section,
            "heading": self.heading,
            "text": self.text,
            "responsible": list(self.responsible),
            "coordinating": list(self.coordinating),
            "responsible_source": self.responsible_source,
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "deadline_text": self.deadline_text,
            "deadline_source": self.deadline_source,
            "recurring": self.recurring,
        }


@dataclass
class ParsedConclusion:
    """Everything read from one conclusion document, before anything is saved."""

    doc_kind: DocKind = "other"
    title: str | None = None
    number: str | None = None
    issuer: str | None = None
    meeting_date: dt.date | None = None
    period: Period | None = None
    signer: Signer | None = None
    recipients: list[str] = field(default_factory=list)
    monitoring: Monitoring | None = None
    references: list[str] = field(default_factory=list)
    tasks: list[ParsedTask] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    footnotes: dict[str, str] = field(default_factory=dict)

    def to_schema(self) -> dict[str, Any]:
        """The ``conclusion/1`` JSON object (exactly the schema's keys, dates as ISO strings)."""
        period = (
            {"label": self.period.label, "start": self.period.start.isoformat(), "end": self.period.end.isoformat()}
            if self.period
            else None
        )
        # The schema types signer.title as a string; a block without a position line gives "".
        signer = {"name": self.signer.name, "title": self.signer.title or ""} if self.signer else None
        monitoring = (
            {
                "body": self.monitoring.body,
                "report_to": list(self.monitoring.report_to),
                "periodic": self.monitoring.periodic,
            }
            if self.monitoring
            else None
        )
        return {
            "schema": SCHEMA_ID,
            "doc_kind": self.doc_kind,
            "title": self.title,
            "number": self.number,
            "issuer": self.issuer,
            "meeting_date": self.meeting_date.isoformat() if self.meeting_date else None,
            "period": period,
            "signer": signer,
            "recipients": list(self.recipients),
            "monitoring": monitoring,
            "references": list(self.references),
            "tasks": [task.to_schema() for task in self.tasks],
            "warnings": list(self.warnings),
        }


@dataclass
class DocumentText:
    """A document as read: NFC paragraphs in reading order plus footnotes (label -> text)."""

    paragraphs: list[str]
    footnotes: dict[str, str] = field(default_factory=dict)
    source_format: str = "text"
    encoding: str | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The paragraphs joined with blank lines (what the review screen shows)."""
        return "\n\n".join(self.paragraphs)


def _date(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else "—"


def render_outline(parsed: ParsedConclusion) -> str:
    """A readable outline of a parsed conclusion for a person (``--format text``)."""
    lines: list[str] = []
    kind = {"ket_luan": "Kết luận", "thong_bao_ket_luan": "Thông báo kết luận"}.get(parsed.doc_kind, "Văn bản")
    lines.append(f"{kind}: {parsed.title or '(không rõ tiêu đề)'}")
    if parsed.number:
        lines.append(f"Số: {parsed.number}")
    lines.append(f"Cơ quan ban hành (issuer): {parsed.issuer or '—'}")
    lines.append(f"Ngày họp (meeting date): {_date(parsed.meeting_date)}")
    if parsed.period:
        lines.append(f"Kỳ (period): {parsed.period.label} ({_date(parsed.period.start)} – {_date(parsed.period.end)})")
    if parsed.signer:
        title = f", {parsed.signer.title}" if parsed.signer.title else ""
        lines.append(f"Người ký (signer): {parsed.signer.name}{title}")
    if parsed.monitoring:
        report_to = ", ".join(parsed.monitoring.report_to) or "—"
        periodic = " (định kỳ)" if parsed.monitoring.periodic else ""
        lines.append(f"Theo dõi, đôn đốc: {parsed.monitoring.body} → báo cáo {report_to}{periodic}")
    lines.append("")
    lines.append(f"Nhiệm vụ (tasks): {len(parsed.tasks)}")
    current = None
    for task in parsed.tasks:
        if (task.section, task.heading) != current:
            current = (task.section, task.heading)
            lines.append(f"[{task.section}] {task.heading or ''}".rstrip())
        lines.append(f"  {task.order}. {task.text}")
        body = ", ".join(task.responsible) or "—"
        detail = f"     Chủ trì: {body} ({task.why_responsible()})"
        if task.coordinating:
            detail += f"; phối hợp: {', '.join(task.coordinating)}"
        lines.append(detail)
        deadline = "thường xuyên" if task.recurring else _date(task.deadline)
        lines.append(f"     Thời hạn: {deadline} ({task.why_deadline()})")
        lines.extend(f"     Chú thích: {note}" for note in task.footnotes)
        lines.extend(f"     ! {warning}" for warning in task.warnings)
    if parsed.references:
        lines.append("")
        lines.append("Văn bản được dẫn (references): " + ", ".join(parsed.references))
    if parsed.recipients:
        lines.append("")
        lines.append("Nơi nhận (recipients):")
        lines.extend(f"  - {recipient}" for recipient in parsed.recipients)
    if parsed.warnings:
        lines.append("")
        lines.append("Cảnh báo (warnings):")
        lines.extend(f"  ! {warning}" for warning in parsed.warnings)
    return "\n".join(lines) + "\n"
