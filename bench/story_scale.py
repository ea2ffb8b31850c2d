"""A story's report as it grows: the time to build it from its stored articles and tables at 100,
300 and 1,000 articles (what a story arrival costs the service after extraction), with the
report's size. Articles are the first three paragraphs of real articles, made unique; they are
extracted once (rules, every core) and the builds are timed on their stored JSON, as
`service.jobs.build_story` reads them.

    .venv/bin/python bench/story_scale.py DIR [DIR ...] [--sizes 100,300,1000]

DIR holds plain-text articles (*.txt), e.g. PolNeAR's data/dev/text and data/train/text.
Target (issue 21): growth with the story's size close to linear (the build at 1,000 within about
10x the build at 100). Since the build left the arrival's job (`service.jobs.run_job`), this is
how far a story's report lags behind its latest arrival, not what an arrival costs
(`bench/serve_scale.py --story` measures both).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer.models import Article  # noqa: E402
from summarizer.pipeline import summarize  # noqa: E402
from summarizer.service.jobs import story_report  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dirs", nargs="+", type=Path)
    parser.add_argument("--sizes", default="100,300,1000")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    texts = [p.read_text(encoding="utf-8") for d in args.dirs for p in sorted(d.glob("*.txt"))]
    if not texts:
        parser.error("no *.txt files in the given directories")
    n = max(sizes)
    openings = ["\n\n".join(texts[i % len(texts)].split("\n\n")[:3]) + f"\n\n(Dispatch {i}.)" for i in range(n)]
    articles = [Article(id=f"a{i:05d}", text=t) for i, t in enumerate(openings)]
    started = time.perf_counter()
    extracted = summarize(articles, extractor="rules", until="extract", article_timeout=None, processes=None)
    print(f"extracted {n} articles in {time.perf_counter() - started:.1f} s")
    tables = {t.article_id: t for t in extracted.tables}
    stored = [
        (a.model_dump_json(), tables[a.id].model_dump_json() if a.id in tables else None) for a in extracted.articles
    ]
    seconds: dict[int, float] = {}
    for size in sizes:
        started = time.perf_counter()
        report = story_report(stored[:size])
        seconds[size] = time.perf_counter() - started
        megabytes = len(report.model_dump_json()) / 1e6
        print(
            f"{size:5d} articles: report built in {seconds[size]:.2f} s,"
            f" {len(report.clusters)} clusters, {megabytes:.1f} MB"
        )
    small, large = min(sizes), max(sizes)
    print(
        f"build at {large} / build at {small}: {seconds[large] / seconds[small]:.1f}x"
        f" for {large / small:.0f}x the articles"
    )


if __name__ == "__main__":
    main()
