"""Grounding throughput: facts aligned per second on a ~100 KB article with 500 facts, and how
the cost grows from 100 to 1,000 facts. A fifth of the facts are copied exactly, most with the
small changes models make (quote marks, whitespace, dashes, case), some paraphrased (fuzzy)
and some invented (ungrounded).

    .venv/bin/python bench/align_throughput.py
"""

from __future__ import annotations

import random
import time
from pathlib import Path

from summarizer.check.grounding import ground_facts, normalise
from summarizer.ingest.articles import read_article
from summarizer.language.text import sentences
from summarizer.models import Article, Evidence, Fact, FactKind

ROOT = Path(__file__).resolve().parent.parent


def article(size: int = 100_000) -> Article:
    base = "\n\n".join(read_article(p).text for p in sorted((ROOT / "seeds").glob("*.txt")))
    text = ""
    n = 0
    while len(text) < size:  # vary the repeats a little so sentences are not all identical
        text += base.replace("Monday", f"Monday ({n})").replace("2,500", f"{2500 + n:,}") + "\n\n"
        n += 1
    return Article(id="bench", text=text[:size])


def facts(a: Article, n: int, rnd: random.Random) -> list[Fact]:
    spans = [(s, e) for s, e in sentences(a.text) if e - s > 40]
    out = []
    for i in range(n):
        s, e = rnd.choice(spans)
        evidence = a.text[s:e]
        roll = rnd.random()
        if roll < 0.2:
            pass
        elif roll < 0.8:
            evidence = " ".join(evidence.replace("“", '"').replace("”", '"').replace("’", "'").split()).lower()
        elif roll < 0.95:
            words = evidence.split()
            evidence = " ".join(words[:-1] + ["indeed"] + words[-1:]) if len(words) > 6 else evidence
        else:
            evidence = f"Invented sentence number {i} that no outlet ever printed."
        out.append(
            Fact(
                id=f"bench:m{i:04d}",
                article_id="bench",
                kind=FactKind.claim,
                subject="s",
                attribute="a",
                value=evidence[:30],
                evidence=Evidence(text=evidence),
                extractor="llm",
            )
        )
    return out


def run(n: int) -> tuple[float, dict[str, int]]:
    a = article()
    batch = facts(a, n, random.Random(n))
    normalise.cache_clear()
    started = time.perf_counter()
    grounded = ground_facts(a, batch)
    seconds = time.perf_counter() - started
    statuses: dict[str, int] = {}
    for f in grounded:
        statuses[f.grounding.status.value] = statuses.get(f.grounding.status.value, 0) + 1
    return seconds, statuses


def main() -> None:
    print(f"article: {len(article().text):,} characters")
    results = {}
    for n in (100, 500, 1000):
        seconds, statuses = run(n)
        results[n] = seconds
        print(f"{n:>5} facts: {seconds:6.2f} s, {n / seconds:8.0f} facts/s  {statuses}")
    print(f"cost growth 100 -> 1,000 facts: {results[1000] / results[100]:.1f}x (linear would be 10x)")


if __name__ == "__main__":
    main()
