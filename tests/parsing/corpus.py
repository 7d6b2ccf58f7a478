"""Where the shared corpus and this project's own fixture conclusions live, and a scorer wrapper."""

from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path
from types import ModuleType

REPO_ROOT = Path(__file__).resolve().parents[2]
FIXTURES = REPO_ROOT / "tests" / "fixtures" / "conclusions"
DEMO = REPO_ROOT / "conclusions" / "demo" / "ket_luan_demo.txt"


def shared_dir() -> Path | None:
    """``$THEODOI_SHARED`` or ``<repo>/../shared``, when it exists."""
    path = Path(os.environ.get("THEODOI_SHARED") or (REPO_ROOT / ".." / "shared")).resolve()
    return path if path.is_dir() else None


def scorer() -> ModuleType | None:
    """The shared ``score_extraction`` module, loaded from its file (it is not a package)."""
    shared = shared_dir()
    path = shared / "tools" / "score_extraction.py" if shared else None
    if path is None or not path.exists():
        return None
    spec = importlib.util.spec_from_file_location("score_extraction", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def own_fixtures() -> list[tuple[Path, dict]]:
    """This project's conclusions (.txt/.md) with their hand-checked expected values."""
    out = []
    for expected in sorted(FIXTURES.glob("*.expected.json")):
        name = expected.name.removesuffix(".expected.json")
        source = next(p for p in FIXTURES.glob(name + ".*") if not p.name.endswith(".json"))
        out.append((source, json.loads(expected.read_text(encoding="utf-8"))))
    return out
