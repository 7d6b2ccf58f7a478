"""Numbers of cited documents: '28-KL/TU', '54/NQ-CP', '31/2021/QH15', '01-CTr/BTVTUHP-BTVĐUCSSB'."""

from __future__ import annotations

import re

_UPPER = "A-ZĐÀ-Ỹ"
# A symbol part: starts with an upper-case letter, may mix lower case (CTr) and digits (QH15).
_SYMBOL = rf"[{_UPPER}][{_UPPER}a-zđ]*\d*"
_REFERENCE = re.compile(
    rf"(?<![\w/.\-])(?P<num>\d{{1,5}})(?:\s?/\s?(?P<year>(?:19|20)\d{{2}}))?\s?(?P<sep>[-/])\s?"
    rf"(?P<sym>{_SYMBOL}(?:\s?[-/]\s?{_SYMBOL})*)"
)


def normalise_reference(reference: str) -> str:
    """'28- KL/TU' -> '28-KL/TU' (spaces removed)."""
    return re.sub(r"\s+", "", reference)


def find_references(text: str, *, exclude: set[str] | None = None) -> list[str]:
    """Every cited number+symbol in order of first appearance, without repeats.

    Bare numbers without a symbol ('Nghị quyết 18, 19') and dates are not references.
    ``exclude`` holds numbers to leave out (the document's own number).
    """
    skip = {normalise_reference(item) for item in exclude or set()}
    seen: list[str] = []
    for match in _REFERENCE.finditer(text):
        symbol = match.group("sym")
        # One upper-case letter alone ("5-A") is an item label, not a document symbol.
        if sum(c.isupper() for c in symbol) < 2:
            continue
        reference = normalise_reference(match.group(0))
        if reference not in seen and reference not in skip:
            seen.append(reference)
    return seen
