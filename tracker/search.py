"""Accent-blind text matching: "tien do" finds "tiến độ", "UBND" finds "ubnd"."""

from __future__ import annotations

import re

from conclusions.parsing.folding import fold

_SPACES = re.compile(r"\s+")


def text_fold(value: str) -> str:
    """Lower-case, strip Vietnamese diacritics (đ → d) and collapse white space."""
    return _SPACES.sub(" ", fold(value or "")).strip()


def task_search_text(heading: str, text: str) -> str:
    """What Task.search_text holds: the folded heading and text, searched by the task lists.

    Every writer of a task (import, review, edits, the load generator) goes through here, so a
    search finds a task however it was written.
    """
    return text_fold(f"{heading} {text}")
