"""CLI start-up: `summarizer --help` wall time next to `llm --help` (simonw/llm, installed with
the embedded model's package). Target: not slower. Median of 7 runs each.

    .venv/bin/python bench/startup.py
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

BIN = Path(sys.executable).parent


def timed(command: list[str], runs: int = 7) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, capture_output=True, check=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    ours = timed([str(BIN / "summarizer"), "--help"])
    print(f"summarizer --help: {ours * 1000:.0f} ms")
    llm = BIN / "llm" if (BIN / "llm").exists() else shutil.which("llm")
    if not llm:
        print("llm is not installed; nothing to compare with")
        return
    theirs = timed([str(llm), "--help"])
    print(f"llm --help:        {theirs * 1000:.0f} ms")
    print(f"ratio {ours / theirs:.2f} (target <= 1.0): {'OK' if ours <= theirs else 'SLOWER'}")


if __name__ == "__main__":
    main()
