"""Clean-up of read paragraphs: markdown marks, page-break splits, footnotes.

Readers hand over paragraphs in reading order; this module turns them into the clean list the
outline is built from, and pulls footnote definitions (``¹Xây dựng ...``) out of the flow.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from .outline import is_caps

SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_TO_SUPERSCRIPT = str.maketrans("0123456789", SUPERSCRIPT_DIGITS)
_FROM_SUPERSCRIPT = str.maketrans(SUPERSCRIPT_DIGITS, "0123456789")

# Lines that are only decoration: horizontal rules, the "*" under a Party header, "-----".
_RULE_LINE = re.compile(r"^[\s\-–—_=*~.·•]{1,}$")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s*")
_MD_QUOTE = re.compile(r"^\s{0,3}>\s?")
_MD_BULLET = re.compile(r"^\s*[*]\s+(?=\S)")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!])")
_MD_STRONG = re.compile(r"\*\*|__")
# A single * or _ used for emphasis: next to a word character on one side only.
_MD_EMPHASIS = re.compile(r"(?<![\w*])[*_](?=\S)|(?<=\S)[*_](?![\w*])")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u3000]+")
_FOOTNOTE_DEF_SUPER = re.compile(rf"^([{SUPERSCRIPT_DIGITS}]+)\s*(\S.*)$")
_FOOTNOTE_DEF_BRACKET = re.compile(r"^\[\^?(\d{1,3})\]:?\s*(\S.*)$")
_FOOTNOTE_MARK_BRACKET = re.compile(r"\[\^?(\d{1,3})\]")
# Starts of list items that begin in lower case but are not continuations: "a) ", "đ) ".
_LOWER_ITEM = re.compile(r"^[a-zđ][).]\s")


@dataclass
class CleanText:
    """Paragraphs after clean-up plus the footnotes found in them (label -> text)."""

    paragraphs: list[str]
    footnotes: dict[str, str] = field(default_factory=dict)


def to_superscript(label: str) -> str:
    """'12' -> '¹²' (the canonical footnote marker inside cleaned text)."""
    return label.translate(_TO_SUPERSCRIPT)


def from_superscript(marker: str) -> str:
    """'¹²' -> '12'."""
    return marker.translate(_FROM_SUPERSCRIPT)


def strip_markdown(line: str) -> str:
    """Remove markdown marks (``**``, ``*...*``, ``##``, ``>``, escapes) from one line."""
    line = _MD_QUOTE.sub("", line)
    line = _MD_HEADING.sub("", line)
    line = _MD_BULLET.sub("- ", line)  # "* item" is a markdown bullet
    line = _MD_ESCAPE.sub(r"\1", line)
    line = _MD_STRONG.sub("", line)
    line = _MD_EMPHASIS.sub("", line)
    return line


def normalise_line(line: str) -> str:
    """NFC, markdown removed, whitespace collapsed."""
    line = unicodedata.normalize("NFC", line)
    line = strip_markdown(line)
    return _SPACES.sub(" ", line).strip()


def split_lines(text: str) -> list[str]:
    """Non-empty lines of a text, each normalised (the unit the outline works on)."""
    out = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").split("\n"):
        line = normalise_line(raw)
        if line and not _RULE_LINE.match(line):
            out.append(line)
    return out


def _continues(previous: str, line: str) -> bool:
    """Whether ``line`` is the rest of ``previous`` split by a page break."""
    first = line[0]
    if not first.islower() or _LOWER_ITEM.match(line):
        return False
    # A colon ends a lead-in or a header ("Nơi nhận:"); what follows is a new unit. A line in
    # capitals is a title line: the subject line after it is its own line.
    return not previous.endswith(":") and not is_caps(previous)


def clean_paragraphs(paragraphs: list[str], footnotes: dict[str, str] | None = None) -> CleanText:
    """Clean read paragraphs: markdown, footnote definitions out, split bullets joined back.

    ``footnotes`` are those a reader already found (e.g. ``footnotes.xml`` of a .docx); their
    markers are expected in the text as superscript digits.
    """
    notes = dict(footnotes or {})
    lines: list[str] = []
    for paragraph in paragraphs:
        lines.extend(split_lines(paragraph))
    # Bracket markers "[1]" count as footnotes only when a matching definition line exists.
    bracket_defs = {m.group(1) for line in lines if (m := _FOOTNOTE_DEF_BRACKET.match(line))}
    out: list[str] = []
    for line in lines:
        super_def = _FOOTNOTE_DEF_SUPER.match(line)
        bracket_def = _FOOTNOTE_DEF_BRACKET.match(line)
        if super_def and super_def.group(2)[0].isalpha():
            notes[from_superscript(super_def.group(1))] = super_def.group(2).strip()
            continue
        if bracket_def and any(f"[{bracket_def.group(1)}]" in other for other in lines if other is not line):
            notes[bracket_def.group(1)] = bracket_def.group(2).strip()
            continue
        if bracket_defs:
            line = _FOOTNOTE_MARK_BRACKET.sub(
                lambda m: to_superscript(m.group(1)) if m.group(1) in bracket_defs else m.group(0), line
            )
        if out and _continues(out[-1], line):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return CleanText(paragraphs=out, footnotes=notes)


def footnote_markers(text: str, footnotes: dict[str, str]) -> list[str]:
    """Labels of the known footnotes cited in ``text`` (superscript markers), in order."""
    labels = []
    for run in re.findall(rf"[{SUPERSCRIPT_DIGITS}]+", text):
        label = from_superscript(run)
        if label in footnotes and label not in labels:
            labels.append(label)
    return labels


def remove_footnote_markers(text: str, footnotes: dict[str, str]) -> str:
    """Drop the superscript markers of known footnotes from ``text``."""

    def replace(match: re.Match[str]) -> str:
        return "" if from_superscript(match.group(0)) in footnotes else match.group(0)

    return re.sub(rf"[{SUPERSCRIPT_DIGITS}]+", replace, text)


def inline_footnotes(text: str, footnotes: dict[str, str]) -> str:
    """``text`` with each known footnote written out at its first citation point.

    Footnotes never cited in ``text`` follow at the end, so nothing they cite is lost; this keeps
    the document's reading order (references in order of first appearance, rule 7).
    """
    placed: set[str] = set()

    def replace(match: re.Match[str]) -> str:
        label = from_superscript(match.group(0))
        if label not in footnotes:
            return match.group(0)
        if label in placed:
            return ""
        placed.add(label)
        return f"\n{footnotes[label]}\n"

    body = re.sub(rf"[{SUPERSCRIPT_DIGITS}]+", replace, text)
    rest = [note for label, note in footnotes.items() if label not in placed]
    return "\n".join([body, *rest])
