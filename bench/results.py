"""Write one benchmark's section of bench/RESULTS.md, leaving the other sections as they are."""

from __future__ import annotations

import datetime as dt
import os
import platform
import re
from pathlib import Path

RESULTS = Path(__file__).with_name("RESULTS.md")
HEADER = "# Benchmark results\n\nWritten by `python -m bench` (or one `python -m bench.<name>`); numbers from the last run.\n"


def machine_line() -> str:
    """Where the numbers come from: CPU count, Python, date."""
    return (
        f"_{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC · {os.cpu_count()} CPU · "
        f"Python {platform.python_version()} · {platform.machine()}_"
    )


def results_write(section: str, markdown: str) -> None:
    """Replace (or append) the `## <section>` block of RESULTS.md with ``markdown``."""
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else HEADER
    block = f"## {section}\n\n{machine_line()}\n\n{markdown.strip()}\n"
    pattern = re.compile(rf"^## {re.escape(section)}\n.*?(?=^## |\Z)", re.S | re.M)
    text = pattern.sub(lambda _: block + "\n", text) if pattern.search(text) else text.rstrip("\n") + "\n\n" + block
    RESULTS.write_text(text, encoding="utf-8")
