"""Concurrency against the fault-injection server (tests/fault_server.py) with 1 s latency per call:
(1) 20 articles, no faults: wall time / one call (target <= 1.5 at concurrency 20);
(2) the same with 30% of calls failing once (500): every article must finish;
(3) peak memory of a 200-article run (tracemalloc), rules + model extraction.

    .venv/bin/python bench/concurrency.py
"""

from __future__ import annotations

import logging
import random
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer import ModelConfig, summarize  # noqa: E402
from summarizer.ingest.articles import parse_article  # noqa: E402
from tests.fault_server import FaultServer  # noqa: E402


def articles(n: int):
    return [
        parse_article(
            f"Officials in district {i} said {i + 10} homes were flooded on Monday night.\n\n"
            f"Rescue teams worked through the night in district {i}, residents said.",
            id=f"a{i:03d}",
        )
        for i in range(n)
    ]


def run(server: FaultServer, batch, concurrency: int, extractor: str = "llm"):
    config = ModelConfig(
        base_url=server.base_url,
        api_key="bench",
        model="fault-model",
        provider="openai-compatible",
        timeout=10,
        retry_budget=30,
    )
    started = time.perf_counter()
    report = summarize(batch, model=config, extractor=extractor, summary=False, concurrency=concurrency)
    return time.perf_counter() - started, report


def main() -> None:
    logging.getLogger("instructor").setLevel(logging.CRITICAL)
    with FaultServer(latency=1.0) as server:
        run(server, articles(1), 1)  # warm up: imports and first connection
        one, _ = run(server, articles(1), 1)
        wall, report = run(server, articles(20), 20)
    print(
        f"one call: {one:.2f} s; 20 articles at concurrency 20: {wall:.2f} s; "
        f"ratio {wall / one:.2f} (target <= 1.5): {'OK' if wall / one <= 1.5 else 'TOO SLOW'}"
    )

    batch = articles(20)
    flaky = {a.id: ["500"] for a in random.Random(7).sample(batch, 6)}
    with FaultServer(flaky, latency=1.0) as server:
        wall, report = run(server, batch, 20)
    finished = sum(1 for t in report.tables if not t.error)
    print(
        f"30% of calls failing once: {finished}/20 articles finished in {wall:.2f} s, "
        f"{report.run.usage.retries} retries: {'OK' if finished == 20 else 'LOST ARTICLES'}"
    )

    with FaultServer(latency=0.0) as server:
        tracemalloc.start()
        wall, report = run(server, articles(200), 20, extractor="all")
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    print(
        f"200 articles (rules + model): {wall:.2f} s, peak traced memory {peak:.1f} MiB, "
        f"{sum(len(t.facts) for t in report.tables)} facts, {len(report.clusters)} clusters"
    )


if __name__ == "__main__":
    main()
