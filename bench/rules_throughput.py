"""Rules extractor throughput, the dependency parse included, at several input sizes (target:
at least 10,000 words/s on a 2-core machine, and linear growth: time per MB about constant).
Each size is timed three times and the best run is reported (this machine's speed varies).

    .venv/bin/python bench/rules_throughput.py
"""

from __future__ import annotations

import time
from pathlib import Path

from summarizer.facts import rules
from summarizer.ingest.articles import read_article
from summarizer.models import Article

ROOT = Path(__file__).resolve().parent.parent


def text_of(size: int) -> str:
    base = [read_article(p).text for p in sorted((ROOT / "seeds").glob("*.txt"))]
    parts, n = [], 0
    while sum(map(len, parts)) < size:
        parts.append(base[n % len(base)].replace("2,500", f"{2500 + n:,}"))
        n += 1
    return "\n\n".join(parts)[:size]


def main() -> None:
    rules.extract(Article(id="warm", text=text_of(20_000)))
    print(f"{'MB':>6} {'seconds':>8} {'MB/s':>6} {'words/s':>8} {'facts':>7}")
    per_mb = []
    for size in (100_000, 250_000, 500_000, 1_000_000):
        article = Article(id="bench", text=text_of(size))
        runs = []
        for _ in range(3):
            started = time.perf_counter()
            facts = rules.extract(article)
            runs.append(time.perf_counter() - started)
        seconds = min(runs)
        per_mb.append(seconds / (size / 1e6))
        words = len(article.text.split())
        print(
            f"{size / 1e6:>6.2f} {seconds:>8.2f} {size / 1e6 / seconds:>6.2f} {words / seconds:>8,.0f} {len(facts):>7}"
        )
    print(
        f"seconds per MB from smallest to largest input: {per_mb[0]:.2f} -> {per_mb[-1]:.2f} "
        f"({per_mb[-1] / per_mb[0]:.2f}x; 1.0 is perfectly linear)"
    )


if __name__ == "__main__":
    main()
