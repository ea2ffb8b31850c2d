"""N articles through `summarizer serve --engine rq` with 1 and with 2 `summarizer worker`
processes (a Redis server of its own, SQLite or --db URL, rules extractor): articles/second and
the ratio. Articles go to stories of --per-story articles each (a story's report is recomputed
on each arrival, so one huge story would measure reconciliation, not the engine).

    .venv/bin/python bench/rq_throughput.py seeds --articles 1000 --per-story 10
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer.service.store import Store  # noqa: E402
from tests.servers import CLI, free_port, redis, wait_for  # noqa: E402


def run(texts: list[str], n: int, per_story: int, workers: int, db: str | None) -> float:
    with tempfile.TemporaryDirectory() as tmp, redis(Path(tmp)) as redis_url:
        db = db or f"{tmp}/bench.db"
        Store(db).close()  # create the schema before the workers start
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [*CLI, "serve", "--port", str(port), "--db", db, "--engine", "rq", "--redis", redis_url, "--rate", "0"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        procs = [
            subprocess.Popen(
                [*CLI, "worker", "--db", db, "--redis", redis_url], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
            for _ in range(workers)
        ]
        try:
            wait_for(lambda: httpx.get(base + "/healthz").status_code == 200, 60)
            store = Store(db)
            before = store.job_counts()["done"]
            with httpx.Client(base_url=base, timeout=60) as client:
                stories = [
                    client.post("/v1/stories", json={"title": f"story {i}"}).json()["id"]
                    for i in range((n + per_story - 1) // per_story)
                ]
                started = time.perf_counter()
                for i in range(n):
                    text = texts[i % len(texts)] + f"\n\nUpdated at {i}."  # distinct content, same work
                    r = client.post(f"/v1/stories/{stories[i // per_story]}/articles", json={"text": text})
                    assert r.status_code == 202, r.text
            wait_for(lambda: store.job_counts()["done"] - before >= n, 3600, "the jobs")
            seconds = time.perf_counter() - started
            counts = store.job_counts()
            assert counts["failed"] == 0, counts
            return n / seconds
        finally:
            for p in [*procs, server]:
                p.terminate()
                p.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", type=Path)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--per-story", type=int, default=10)
    parser.add_argument("--db", help="database URL (default: SQLite in a temp dir)")
    args = parser.parse_args()
    texts = [p.read_text(encoding="utf-8") for p in sorted(args.folder.glob("*.txt"))]
    one = run(texts, args.articles, args.per_story, 1, args.db)
    print(f"1 worker: {one:.1f} articles/s")
    two = run(texts, args.articles, args.per_story, 2, args.db)
    print(f"2 workers: {two:.1f} articles/s; ratio {two / one:.2f} (this machine has 2 cores)")


if __name__ == "__main__":
    main()
