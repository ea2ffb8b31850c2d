"""The rules extractor over many real articles, one process against every core: words per
second overall and at the margin (the rate between a smaller and a larger set, which leaves out
starting the processes and loading the parser), and whether the tables are the same.

    .venv/bin/python bench/extract_processes.py DIR [DIR ...] [--sizes 84,252] [--processes 2]

DIR holds plain-text articles (*.txt), for instance PolNeAR's data/dev/text and data/train/text.
Targets (issue 21): every core >= 1.7x one process, and >= 10,000 words/s at the margin on 2 cores.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

from summarizer.ingest.articles import read_article
from summarizer.pipeline import extract


def _run(articles: list, processes: int) -> tuple[float, list]:
    started = time.perf_counter()
    report = extract(articles, extractor="rules", processes=processes)
    seconds = time.perf_counter() - started
    tables = [[f.model_dump(exclude={"provenance"}) for f in t.facts] for t in report.tables]
    return seconds, tables


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("dirs", nargs="+", type=Path)
    parser.add_argument("--sizes", default="84,252", help="article counts, smallest first")
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    paths = sorted(p for d in args.dirs for p in d.glob("*.txt"))
    sizes = [int(n) for n in args.sizes.split(",")]
    articles = [read_article(p) for p in paths[: max(sizes)]]
    words = {n: sum(len(a.text.split()) for a in articles[:n]) for n in sizes}
    print(f"{len(articles)} articles read; {os.cpu_count()} cores")
    results: dict[tuple[int, int], float] = {}
    for processes in (1, args.processes):
        for n in sizes:
            seconds, tables = _run(articles[:n], processes)
            results[(processes, n)] = seconds
            if processes == 1:
                reference = tables if n == sizes[-1] else None
            elif n == sizes[-1]:
                print(f"tables identical to one process: {tables == reference}")
            print(
                f"processes={processes} articles={n:4d} words={words[n]:7,d} {seconds:6.1f} s "
                f"{words[n] / seconds:8,.0f} words/s overall"
            )
    small, large = sizes[0], sizes[-1]
    for processes in (1, args.processes):
        dt = results[(processes, large)] - results[(processes, small)]
        print(f"processes={processes}: {(words[large] - words[small]) / dt:,.0f} words/s at the margin")
    print(f"speed-up at {large} articles: {results[(1, large)] / results[(args.processes, large)]:.2f}x")


if __name__ == "__main__":
    main()
