"""The outline of a conclusion: each paragraph classified, then a tree of headings and items.

Headings nest as ``I.`` > ``1.`` > ``2.1.`` > ``a)``; which style is deeper is learnt from the
order the styles first appear in (documents are not consistent, so nothing is hard-coded).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

LineKind = Literal["roman", "number", "letter", "bullet", "plain"]

_ROMAN = re.compile(r"^(?P<label>[IVXL]{1,6})\s*[.)/:-]\s*(?P<text>\S.*)$")
_NUMBER = re.compile(
    r"^(?P<label>\d{1,2}(?:\.\d{1,2}){1,3})\.?\)?\s+(?P<text>\S.*)$"  # 2.1. / 2.1 / 2.1.3.
    r"|^(?P<label1>\d{1,2})\s*[.)]\s*(?P<text1>\S.*)$"  # 1. / 1)
)
_LETTER = re.compile(r"^(?P<label>[a-zđ])\s*[).]\s*(?P<text>\S.*)$")
_BULLET = re.compile(r"^(?P<marker>[-–—+•●▪◦·∙➢►✓*]|\uf0b7|\uf02d)\s*(?P<text>\S.*)$")
_VALID_ROMAN = re.compile(r"^(?=[IVXL])(X{0,3}|XL|L)(IX|IV|V?I{0,3})$")
_TERMINAL = (".", ";", "!", "?", "…", '."', ".”", ".)", "./.")


@dataclass
class Line:
    """One cleaned paragraph with its list marker (if any) split off."""

    kind: LineKind
    text: str
    label: str = ""
    marker: str = ""
    raw: str = ""

    @property
    def style(self) -> str:
        """The heading style key used to learn nesting ('R', 'N1', 'N2', 'L')."""
        if self.kind == "roman":
            return "R"
        if self.kind == "number":
            return f"N{self.label.count('.') + 1}"
        return "L"


def _starts_like_content(text: str) -> bool:
    first = text.lstrip("“\"'(*[")[:1]
    return bool(first) and (first.isupper() or first.isdigit())


def classify(paragraph: str) -> Line:
    """Classify a cleaned paragraph as a roman/number/letter heading or item, a bullet, or plain."""
    match = _ROMAN.match(paragraph)
    # "III/2024." is the tail of "Quý III/2024" wrapped onto a new line, not section III.
    if (
        match
        and _VALID_ROMAN.match(match.group("label"))
        and _starts_like_content(match.group("text"))
        and not re.match(r"^\d", match.group("text"))
    ):
        return Line("roman", match.group("text").strip(), label=match.group("label"), raw=paragraph)
    match = _NUMBER.match(paragraph)
    if match:
        label = match.group("label") or match.group("label1")
        text = match.group("text") or match.group("text1")
        if _starts_like_content(text) and not re.match(r"^\d", text):
            return Line("number", text.strip(), label=label, raw=paragraph)
    match = _LETTER.match(paragraph)
    if match and _starts_like_content(match.group("text")):
        return Line("letter", match.group("text").strip(), label=match.group("label"), raw=paragraph)
    match = _BULLET.match(paragraph)
    if match and not re.match(r"^[-–—]\s*\d+\s*[-–—]?$", paragraph):
        marker = match.group("marker")
        marker = {"–": "-", "—": "-", "\uf02d": "-", "\uf0b7": "•", "●": "•", "▪": "•", "∙": "•"}.get(marker, marker)
        return Line("bullet", match.group("text").strip(), marker=marker, raw=paragraph)
    return Line("plain", paragraph, raw=paragraph)


def is_caps(text: str) -> bool:
    """True when the letters of ``text`` are (almost) all upper case (a title or heading)."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and sum(c.isupper() for c in letters) / len(letters) > 0.9


def heading_like(text: str) -> bool:
    """Whether a numbered line reads as a heading ("Về phát triển kinh tế") rather than an item."""
    stripped = text.strip()
    if stripped.endswith(":") or is_caps(stripped):
        return True
    if stripped.endswith(_TERMINAL):
        return False
    return len(stripped) <= 160 and len(stripped.split()) <= 28


_INLINE_HEADING = re.compile(r"^(?P<head>(?:Về|Đối với|Lĩnh vực)\s[^:.;]{2,150}):\s*(?P<rest>\S.+)$")


def split_inline_heading(text: str) -> tuple[str, str] | None:
    """'Về dự án A: Giao Sở ...' -> ('Về dự án A', 'Giao Sở ...'); None when not that shape."""
    match = _INLINE_HEADING.match(text)
    return (match.group("head").strip(), match.group("rest").strip()) if match else None


@dataclass
class Node:
    """A heading or numbered item with what is written under it."""

    line: Line | None  # None for the root
    parent: Node | None = None
    children: list[Node] = field(default_factory=list)
    content: list[Line] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.line.text if self.line else ""

    @property
    def is_heading(self) -> bool:
        """Roman sections are always headings; numbered/lettered ones when they read as such."""
        if self.line is None:
            return False
        if self.line.kind == "roman":
            return True
        return bool(self.children) or heading_like(self.line.text)

    def labels(self) -> list[str]:
        """Labels from the top section down to this node."""
        out: list[str] = []
        node: Node | None = self
        while node is not None and node.line is not None:
            out.append(node.line.label)
            node = node.parent
        return list(reversed(out))

    def section(self) -> str:
        """The heading path as numbered in the document: 'II.2', 'I.2.1', 'III'."""
        labels = self.labels()
        kept: list[str] = []
        for label in labels:
            # "2.1" already carries its parent "2": drop the parent's label.
            while kept and "." in label and label.startswith(kept[-1] + "."):
                kept.pop()
            kept.append(label)
        return ".".join(kept)

    def walk(self) -> list[Node]:
        """This node and all its descendants, depth first in document order."""
        out = [self]
        for child in self.children:
            out.extend(child.walk())
        return out


def build_tree(paragraphs: list[str]) -> Node:
    """Build the heading tree of ``paragraphs`` (already cleaned)."""
    root = Node(line=None)
    stack: list[Node] = []
    for paragraph in paragraphs:
        line = classify(paragraph)
        if line.kind in ("bullet", "plain"):
            (stack[-1] if stack else root).content.append(line)
            continue
        style = line.style
        styles = [node.line.style for node in stack if node.line]
        if style in styles:
            del stack[styles.index(style) :]
        parent = stack[-1] if stack else root
        node = Node(line=line, parent=parent)
        parent.children.append(node)
        stack.append(node)
    return root
