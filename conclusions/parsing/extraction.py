"""From cleaned paragraphs to a :class:`ParsedConclusion`: task parts, tasks, bodies, deadlines."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from . import metadata
from .bodies import assigns_work, find_bodies
from .cleanup import CleanText, footnote_markers, inline_footnotes, remove_footnote_markers
from .deadlines import find_deadline, find_period, is_recurring
from .errors import ParseError
from .outline import Line, Node, build_tree, heading_like, is_caps, split_inline_heading
from .references import find_references
from .schema import ParsedConclusion, ParsedTask, Period
from .topic_rules import DEFAULT_TOPIC_RULES, TopicRule, suggest_body

_RESULT_START = re.compile(
    r"^\W*(?:về\s+)?(?:một số\s+|những\s+)?(?:kết quả|kiểm điểm|đánh giá|tình hình|hạn chế|tồn tại|nguyên nhân|"
    r"bài học|ưu điểm|khuyết điểm|nhận xét|thuận lợi|khó khăn)"
)
_TASKISH = re.compile(
    r"giải pháp|phương hướng|nhiệm vụ,?\s+(?:trọng tâm|trong thời gian tới|thời gian tới|tới|tiếp theo|sắp tới|"
    r"cuối năm|chủ yếu|cần|sau|được giao|cụ thể)|^\W*(?:một số |các |những )?nhiệm vụ|giao nhiệm vụ|"
    r"kết luận|chỉ đạo"
)
_IMPLEMENTATION = re.compile(r"tổ chức thực hiện")


def part_kind(text: str) -> str:
    """How a heading reads: 'task', 'result', 'mixed' (both), 'impl' or 'neutral'."""
    low = text.lower()
    if _IMPLEMENTATION.search(low) and len(low) < 60:
        return "impl"
    result, task = bool(_RESULT_START.match(low)), bool(_TASKISH.search(low))
    if task and result:
        return "mixed"
    if task:
        return "task"
    return "result" if result else "neutral"


@dataclass
class _Draft:
    """A task before its bodies and deadline are read."""

    node: Node | None
    section: str
    heading: str | None
    paragraphs: list[str]
    inherited: list[str] = field(default_factory=list)
    lead_in: list[str] = field(default_factory=list)
    is_lead: bool = False  # a bullet ending in ':' whose sub-bullets are the tasks
    sub_count: int = 0


def _heading_of(node: Node) -> tuple[str | None, list[Line]]:
    """The node's own heading text (None for an item) and content its line carries inline."""
    if node.line is None:
        return None, []
    if node.line.kind == "roman":
        return node.text, []
    # "3. Về dự án A: Giao Sở ..." is a heading with inline content only when sub-items follow;
    # a numbered item with no sub-items is one task that starts at "Về" (rules 1 and 3).
    has_items = bool(node.children) or any(line.kind == "bullet" for line in node.content)
    inline = split_inline_heading(node.text) if has_items else None
    if inline:
        return inline[0], [Line("plain", inline[1], raw=inline[1])]
    if node.children or heading_like(node.text):
        return node.text, []
    return None, []


def _clean_heading(text: str) -> str:
    return text.strip().rstrip(":").strip()


class _TaskCollector:
    """Walks the outline and collects task drafts and the monitoring clause."""

    def __init__(self) -> None:
        self.drafts: list[_Draft] = []
        self.monitoring_texts: list[str] = []

    def _keep(self, text: str) -> bool:
        if metadata.is_monitoring(text):
            self.monitoring_texts.append(text)
            return False
        return not metadata.is_closing(text)

    def _emit(self, draft: _Draft) -> None:
        if self._keep(" ".join(draft.paragraphs)):
            self.drafts.append(draft)

    def _lead_bodies(self, text: str) -> list[str]:
        return find_bodies(text).responsible

    def task_part(self, node: Node, heading: str | None, inherited: list[str], lead_in: list[str], root: bool) -> None:
        """Tasks of a task part (section II 'nhiệm vụ, giải pháp' and the like)."""
        own, inline = _heading_of(node)
        my_heading = _clean_heading(own) if own else heading
        if own and node.line is not None:
            named = find_bodies(_clean_heading(own), heading=True).responsible
            inherited = named or inherited
        content = inline + node.content
        section = node.section()
        if node.children or any(line.kind == "bullet" for line in content):
            inherited, lead_in = self._bullets(content, section, my_heading, inherited, lead_in, root)
            for child in node.children:
                self.task_part(child, my_heading, inherited, lead_in, root=False)
            return
        plain = [line.text for line in content]
        if own is None and node.line is not None:
            # A numbered item without sub-items is one task; paragraphs after it belong to it.
            self._emit(_Draft(node, section, my_heading, [node.text, *plain], inherited, lead_in))
            return
        for text in plain:
            if text.endswith(":"):
                inherited, lead_in = self._lead(text, inherited, lead_in, root)
                continue
            self._emit(_Draft(node, section, my_heading, [text], inherited, lead_in))
        if not plain and node.line is not None and node.line.kind != "roman":
            text = node.text
            if not (is_caps(text) or text.endswith(":") or text.startswith("Về ")):
                self._emit(_Draft(node, section, heading, [text], inherited, lead_in))

    def _lead(self, text: str, inherited: list[str], lead_in: list[str], root: bool) -> tuple[list[str], list[str]]:
        bodies = self._lead_bodies(text)
        if not bodies:
            return inherited, lead_in
        # The lead-in of a whole task section names its audience, not each task's lead body
        # (annotation rule 4); a lead-in inside a sub-heading assigns the group below it.
        return (inherited, bodies) if root else (bodies, lead_in)

    def _bullets(
        self,
        content: list[Line],
        section: str,
        heading: str | None,
        inherited: list[str],
        lead_in: list[str],
        root: bool,
    ) -> tuple[list[str], list[str]]:
        top_marker = next((line.marker for line in content if line.kind == "bullet"), None)
        current: _Draft | None = None
        lead: _Draft | None = None
        drafts: list[_Draft] = []
        for line in content:
            if line.kind == "bullet" and (line.marker == top_marker or current is None):
                current = _Draft(None, section, heading, [line.text], inherited, lead_in)
                current.is_lead = line.text.endswith(":")
                lead = current if current.is_lead else None
                drafts.append(current)
            elif line.kind == "bullet":
                if lead is not None:
                    sub_inherited = self._lead_bodies(lead.paragraphs[0]) or inherited
                    current = _Draft(None, section, heading, [line.text], sub_inherited, lead_in)
                    lead.sub_count += 1
                    drafts.append(current)
                else:
                    current.paragraphs.append(line.text)
            elif current is not None:
                current.paragraphs.append(line.text)  # an unbulleted paragraph continues the bullet
            elif line.text.endswith(":"):
                inherited, lead_in = self._lead(line.text, inherited, lead_in, root)
        for draft in drafts:
            if not draft.sub_count:  # a lead bullet with sub-bullets only introduces them
                self._emit(draft)
        return inherited, lead_in

    def assignments(self, node: Node, heading: str | None) -> None:
        """Work-assigning statements of a section after the task part ('Giao X ...')."""
        own, inline = _heading_of(node)
        my_heading = _clean_heading(own) if own else heading
        candidates = [line.text for line in inline + node.content]
        if own is None and node.line is not None:
            candidates.insert(0, node.text)
        for text in candidates:
            if self._keep(text) and assigns_work(text):
                self.drafts.append(_Draft(node, node.section(), my_heading, [text]))
        for child in node.children:
            self.assignments(child, my_heading)


def _has_task_heading(node: Node) -> bool:
    return any(part_kind(child.text) in ("task", "mixed") for child in node.walk()[1:] if child.is_heading)


def _select_parts(root: Node) -> list[tuple[Node, str]]:
    """The task parts ('task') and later sections to scan for assignments ('assign')."""
    parts: list[tuple[Node, str]] = []
    seen_task = False

    def visit(node: Node) -> None:
        nonlocal seen_task
        kind = part_kind(node.text) if node.is_heading else "neutral"
        if kind == "task":
            parts.append((node, "task"))
            seen_task = True
        elif kind in ("mixed", "neutral", "result") and node.is_heading and _has_task_heading(node):
            for child in node.children:
                visit(child)
        elif kind == "mixed":
            parts.append((node, "task"))
            seen_task = True
        elif seen_task:
            parts.append((node, "assign"))

    for child in root.children:
        visit(child)
    if not seen_task:
        # No heading says "nhiệm vụ": everything but results is the task part (a chairman's
        # notice often lists "1. Về dự án A ..." directly).
        parts = [(child, "assign" if part_kind(child.text) == "impl" else "task") for child in root.children]
        parts = [(node, role) for node, role in parts if part_kind(node.text) != "result"]
        if not root.children:
            parts = [(root, "task")]
    return parts


def _context_year(period: Period | None, meeting: object) -> int | None:
    if period:
        return period.end.year
    return getattr(meeting, "year", None)


def extract(clean: CleanText, *, topic_rules: Sequence[TopicRule] | None = None) -> ParsedConclusion:
    """Read every schema field from a cleaned document. Raises ``ParseError('no_tasks')``."""
    rules = DEFAULT_TOPIC_RULES if topic_rules is None else tuple(topic_rules)
    paragraphs = clean.paragraphs
    if not paragraphs:
        raise ParseError("empty")
    layout = metadata.locate(paragraphs)
    parsed = ParsedConclusion(footnotes=dict(clean.footnotes))
    parsed.number = metadata.document_number(layout.header, layout.title_lines)
    opening = paragraphs[layout.opening] if layout.opening is not None else ""
    parsed.doc_kind = metadata.doc_kind(layout.title_lines, parsed.number, opening)
    parsed.title = " ".join(layout.title_lines) or None
    parsed.issuer = metadata.issuer(parsed.doc_kind, layout, paragraphs)
    parsed.meeting_date = metadata.meeting_date(layout, paragraphs)
    parsed.period = metadata.period(layout, paragraphs, parsed.meeting_date)
    parsed.signer = metadata.signer(paragraphs, layout)
    parsed.recipients = metadata.recipients(paragraphs)
    exclude = {parsed.number} if parsed.number else set()
    parsed.references = find_references(
        inline_footnotes("\n".join(paragraphs[: layout.body_end]), clean.footnotes), exclude=exclude
    )

    root = build_tree(paragraphs[layout.body_start : layout.body_end])
    collector = _TaskCollector()
    parts = _select_parts(root)
    for node, role in parts:
        if role == "task":
            collector.task_part(node, None, [], [], root=True)
        else:
            collector.assignments(node, None)
    if collector.monitoring_texts:
        parsed.monitoring = metadata.monitoring(collector.monitoring_texts[0])
    if parsed.period is None:
        headings = " ".join(node.text for node, role in parts if role == "task")
        year = parsed.meeting_date.year if parsed.meeting_date else None
        parsed.period = find_period(headings, year)

    year = _context_year(parsed.period, parsed.meeting_date)
    for order, draft in enumerate(collector.drafts, start=1):
        parsed.tasks.append(_finish(draft, order, parsed, rules, year))
    if not parsed.tasks:
        raise ParseError("no_tasks")
    parsed.warnings = _document_warnings(parsed)
    return parsed


def _finish(
    draft: _Draft, order: int, parsed: ParsedConclusion, rules: Sequence[TopicRule], year: int | None
) -> ParsedTask:
    raw = " ".join(draft.paragraphs)
    labels = footnote_markers(raw, parsed.footnotes)
    text = re.sub(r"\s+", " ", remove_footnote_markers(raw, parsed.footnotes)).strip()
    task = ParsedTask(order=order, section=draft.section, heading=draft.heading, text=text)
    task.footnotes = [parsed.footnotes[label] for label in labels]
    task.lead_in_bodies = list(draft.lead_in)
    found = find_bodies(text)
    task.coordinating = found.coordinating
    if found.responsible:
        task.responsible, task.responsible_source = found.responsible, "explicit"
    elif draft.inherited:
        task.responsible, task.responsible_source = list(draft.inherited), "inherited"
    elif not task.coordinating:
        # A topic rule only guesses for a task that names no body at all.
        suggestion = suggest_body(" ".join([text, *task.footnotes]), rules)
        if suggestion:
            rule, keywords = suggestion
            task.responsible, task.responsible_source = [rule.body], "rule"
            task.matched_keywords = keywords
    deadline = find_deadline(text, year=year, not_before=parsed.meeting_date)
    if deadline:
        task.deadline, task.deadline_text, task.deadline_source = deadline.date, deadline.text, "explicit"
    elif is_recurring(text):
        task.recurring = True
    elif parsed.period:
        task.deadline, task.deadline_source = parsed.period.end, "period"
        task.period_label = parsed.period.label
    task.warnings = _task_warnings(task, len(draft.paragraphs))
    return task


def _task_warnings(task: ParsedTask, paragraphs: int) -> list[str]:
    warnings = []
    if task.responsible_source == "none":
        warnings.append("Không xác định được cơ quan chủ trì")
    elif task.responsible_source == "rule":
        warnings.append(
            "Cơ quan chủ trì do quy tắc chủ đề gợi ý (" + ", ".join(task.matched_keywords) + "), cần xác nhận"
        )
    if task.deadline_source == "period":
        warnings.append("Không có thời hạn rõ ràng (lấy theo cuối kỳ)")
    elif task.deadline_source == "none" and not task.recurring:
        warnings.append("Không có thời hạn rõ ràng")
    if paragraphs > 1:
        warnings.append(f"Nhiệm vụ gồm {paragraphs} đoạn được ghép lại, cần kiểm tra cách tách")
    return warnings


def _document_warnings(parsed: ParsedConclusion) -> list[str]:
    warnings = []
    if parsed.doc_kind == "other":
        warnings.append("Không nhận ra loại văn bản (Kết luận / Thông báo kết luận)")
    if parsed.meeting_date is None:
        warnings.append("Không xác định được ngày họp")
    if parsed.period is None:
        warnings.append("Không xác định được kỳ của nhiệm vụ; thời hạn theo kỳ không áp dụng được")
    if parsed.signer is None:
        warnings.append("Không tìm thấy người ký")
    if not parsed.recipients:
        warnings.append("Không tìm thấy mục Nơi nhận")
    if parsed.monitoring is None:
        warnings.append("Không có điều khoản giao Văn phòng theo dõi, đôn đốc")
    missing = sum(1 for task in parsed.tasks if task.responsible_source == "none")
    if missing:
        warnings.append(f"{missing} nhiệm vụ chưa xác định được cơ quan chủ trì")
    return warnings
