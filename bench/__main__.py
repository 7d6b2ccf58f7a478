"""Run every benchmark: `python -m bench [name ...]` (names: parse, tracker, reminders, reports).

Each benchmark writes its own section of bench/RESULTS.md. The tracker, reminders and
reports benchmarks need PostgreSQL (DATABASE_URL) for meaningful numbers.
"""

from __future__ import annotations

import importlib
import importlib.util
import subprocess
import sys

BENCHMARKS = ("parse", "tracker", "reminders", "reports")


def main(argv: list[str]) -> int:
    names = argv or list(BENCHMARKS)
    failed = []
    for name in names:
        module = f"bench.bench_{name}"
        try:
            importlib.util.find_spec(module)
        except ModuleNotFoundError:
            print(f"skip {name}: {module} not found")
            continue
        print(f"== {name}", flush=True)
        # Each benchmark in its own process so peak-memory numbers do not add up.
        if subprocess.call([sys.executable, "-m", module]) != 0:
            failed.append(name)
    if failed:
        print("failed:", ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
