"""Crafted hostile inputs through ingest + rules extraction + grounding: time must grow linearly.

Nine inputs (repeated abbreviations, repeated numbers, unbalanced quotes, doubled apostrophes
that open and never close, quotations run on over paragraphs, paragraphs each introduced by the
one before, repeated dates, one 5 MB line, deeply nested HTML) at 50, 100 and 200 KB. Targets:
seconds per KB grows by at most 1.3x from 50 to 200 KB, and every input runs at >= 0.5 MB/s,
except the two quotation inputs: every paragraph of theirs is a quotation whose speaker is read
from the parse, as prose's quotations are, so they run at the parser's speed and measure
linearity only. Best of three runs per size.

    .venv/bin/python bench/adversarial.py            # 50/100/200 KB
    .venv/bin/python bench/adversarial.py --line     # also the single 5 MB line
"""

from __future__ import annotations

import sys
import time

from summarizer.extract.table import extract_table
from summarizer.ingest.articles import parse_article


def _repeat(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


INPUTS = {
    "abbreviations": lambda n: _repeat("Mr. ", n),
    "numbers": lambda n: _repeat("1 ", n),
    "unbalanced quotes": lambda n: _repeat('“ said "Mr. ‘ the ', n),
    "doubled apostrophes": lambda n: _repeat("''a ", n),  # openers with no closer: each must not scan on
    # paragraphs that each open a quotation and leave it open for the next, or introduce the next
    "quotations run on": lambda n: _repeat('"We stay here now, all of us.\n\n', n),
    "paragraphs introduced": lambda n: _repeat("Lima said:\n\nWe stay here now, all of us.\n\n", n),
    "dates": lambda n: _repeat("on 12 March 2021 by the end of the year, ", n),
    "one line": lambda n: _repeat("The minister said 2,500 troops would stay, ", n),
    "nested html": lambda n: (
        "<html><body>"
        + "<div>" * (n // 11)
        + "<p>The mayor said three people were hurt.</p>"
        + "</div>" * (n // 11)
        + "</body></html>"
    ),
}


def run(raw: str) -> tuple[float, int]:
    best, facts = float("inf"), 0
    for _ in range(3):
        started = time.perf_counter()
        try:
            article = parse_article(raw.encode("utf-8"), id="bench")
            facts = len(extract_table(article, extractor="rules", client=None).facts)
        except Exception as err:  # a clear refusal is an acceptable outcome for hostile input
            facts = -1
            print(f"    refused: {type(err).__name__}: {str(err)[:80]}")
        best = min(best, time.perf_counter() - started)
    return best, facts


PARSED = ("quotations run on", "paragraphs introduced")  # every paragraph a quotation to parse


def main() -> None:
    sizes = [50_000, 100_000, 200_000]
    if "--line" in sys.argv:
        sizes.append(5_000_000 - 64)
    print(f"{'input':<18} {'KB':>6} {'seconds':>8} {'MB/s':>6} {'facts':>6}")
    worst_growth, slowest = 0.0, float("inf")
    for name, make in INPUTS.items():
        per_kb = []
        for size in sizes:
            raw = make(size)
            seconds, facts = run(raw)
            per_kb.append(seconds / (len(raw) / 1000))
            rate = len(raw) / 1e6 / seconds
            if name not in PARSED:
                slowest = min(slowest, rate)
            print(f"{name:<18} {len(raw) / 1000:>6.0f} {seconds:>8.3f} {rate:>6.2f} {facts:>6}")
        growth = per_kb[2] / per_kb[0]
        worst_growth = max(worst_growth, growth)
        print(f"{'':<18} seconds per KB, 50 -> 200 KB: {growth:.2f}x")
    print(
        f"worst growth {worst_growth:.2f}x (target <= 1.3x); slowest {slowest:.2f} MB/s (target >= 0.5;"
        f" {', '.join(PARSED)} at the parser's speed, linearity only)"
    )


if __name__ == "__main__":
    main()
