"""Document style profiles as versioned data (one JSON file per profile and version).

The Party profile follows Hướng dẫn 36-HD/VPTW (2018), the state profile Nghị định
30/2020/NĐ-CP. Renderers read every font size, margin, header line and signature word from
here; a new version of a guidance is a new file, and a report records the version it used.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

PROFILE_DIR = Path(__file__).resolve().parent
# The file each office style (Office.style_profile) uses now; older files stay for old reports.
CURRENT = {"party": "party-2018.json", "state": "state-2020.json"}


@dataclass(frozen=True)
class StyleProfile:
    """One loaded profile: ``data`` is the JSON as written; helpers read the common parts."""

    key: str
    name: str
    version: str
    data: dict[str, Any]

    def size(self, key: str) -> float:
        """A font size in points from ``sizes_pt``."""
        return float(self.data["sizes_pt"][key])

    @property
    def margins_mm(self) -> dict[str, float]:
        return self.data["page"]["margins_mm"]

    @property
    def font_family(self) -> str:
        """The font named in documents (Word uses it as is)."""
        return self.data["font"]["family"]

    @property
    def render_family(self) -> str:
        """The metric-compatible font the PDF embeds (Liberation Serif, full Vietnamese)."""
        return self.data["font"]["render_family"]

    @property
    def words(self) -> dict[str, Any]:
        return self.data["words"]


def profile_validate(data: dict[str, Any]) -> None:
    """Refuse a profile file that lacks a part the renderers need (checked when loading)."""
    required = ("key", "name", "version", "page", "font", "sizes_pt", "header", "title", "body", "signature")
    missing = [key for key in (*required, "recipients", "words") if key not in data]
    if missing:
        raise ValueError(f"Style profile lacks: {', '.join(missing)}")
    words = ("bucket_labels", "annex_columns", "annex_widths_mm", "sections", "annex_title", "counts_columns")
    missing_words = [key for key in words if key not in data["words"]]
    if missing_words:
        raise ValueError(f"Style profile lacks words: {', '.join(missing_words)}")
    if len(data["words"]["annex_columns"]) != len(data["words"]["annex_widths_mm"]):
        raise ValueError("Style profile: annex columns and widths differ in length")


@cache
def profile_load_file(filename: str) -> StyleProfile:
    """Load one profile file by name (cached: profiles are read-only data)."""
    data = json.loads((PROFILE_DIR / filename).read_text(encoding="utf-8"))
    profile_validate(data)
    return StyleProfile(key=data["key"], name=data["name"], version=data["version"], data=data)


def profile_for(style: str) -> StyleProfile:
    """The current profile for an office style ("party" or "state"); unknown styles get Party."""
    return profile_load_file(CURRENT.get(style, CURRENT["party"]))


def profile_for_version(style: str, version: str) -> StyleProfile:
    """The profile of a given version (an issued report prints with the version it was made with)."""
    for path in sorted(PROFILE_DIR.glob("*.json")):
        profile = profile_load_file(path.name)
        if profile.key == style and profile.version == version:
            return profile
    return profile_for(style)
