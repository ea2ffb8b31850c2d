"""Reconciler scale: time and peak memory for 5k, 20k and 50k facts (100, 400, 1,000 articles
x 50 facts, 20 outlets per event). Target: 5k -> 50k grows less than 12x (no all-pairs).

    .venv/bin/python bench/reconcile_scale.py
"""

from __future__ import annotations

import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import corpus

from summarizer.reconcile.clusters import reconcile


def measure(n_articles: int) -> tuple[int, float, float, int]:
    articles, tables = corpus(n_articles)
    facts = sum(len(t.facts) for t in tables)
    tracemalloc.start()
    started = time.perf_counter()
    clusters, _ = reconcile(articles, tables)
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return facts, seconds, peak, len(clusters)


def main() -> None:
    rows = [measure(n) for n in (100, 400, 1000)]
    print(f"{'facts':>7} {'seconds':>8} {'peak MiB':>9} {'clusters':>9}")
    for facts, seconds, peak, clusters in rows:
        print(f"{facts:>7} {seconds:>8.2f} {peak:>9.1f} {clusters:>9}")
    growth = rows[-1][1] / rows[0][1]
    print(f"time growth 5k -> 50k facts: {growth:.1f}x (target < 12x): {'OK' if growth < 12 else 'TOO SLOW'}")


if __name__ == "__main__":
    main()
