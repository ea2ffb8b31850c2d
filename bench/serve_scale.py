"""`summarizer serve` under load, as issue 21 measures it (rules extractor, real uvicorn in a
subprocess, local engine):

1. 20 clients x 10 POST /v1/summarize (5 articles each) with GET /healthz probed every 100 ms
   throughout, with --workers 1 and --workers 2: requests/s, p95 latency, /healthz p50/p99/max.
   Targets: /healthz p99 < 200 ms; throughput with 2 workers >= 1.6x one.
2. A story grown to N articles (default 1,000; articles are the first paragraphs of the files,
   made unique), 8 clients each posting its next article when its last one's job is done: the
   time an arrival takes to be accepted (POST -> 202), to be stored (POST -> its job done: the
   arrival's own cost), and, around the 10th, 100th and Nth article, to be in the report a
   reader gets (POST -> GET /changes answers, which waits for the build that covers it).
   Target: arrival at 1,000 <= 1.5x arrival at 100. A build covers every article stored
   before it started, so the report's lag is about one or two builds, linear in the story.

    .venv/bin/python bench/serve_scale.py DIR [DIR ...] [--db postgresql://...] [--story 1000]

DIR holds plain-text articles (*.txt), e.g. PolNeAR's data/dev/text and data/train/text.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.servers import CLI, free_port, wait_for  # noqa: E402


def serve(db: str, workers: int) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    command = [*CLI, "serve", "--port", str(port), "--db", db, "--rate", "0", "--workers", str(workers)]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    wait_for(lambda: httpx.get(base + "/healthz").status_code == 200, 120)
    return server, base


def quantile(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100)[q - 1] if len(values) > 1 else values[0]


async def summarize_load(base: str, bodies: list[dict], clients: int, requests: int) -> dict[str, float]:
    latencies: list[float] = []
    health: list[float] = []
    done = asyncio.Event()
    async with httpx.AsyncClient(base_url=base, timeout=900, limits=httpx.Limits(max_connections=clients + 2)) as c:

        async def probe() -> None:
            while not done.is_set():
                started = time.perf_counter()
                response = await c.get("/healthz")
                health.append(time.perf_counter() - started)
                assert response.status_code == 200
                await asyncio.sleep(0.1)

        async def one_client(k: int) -> None:
            for r in range(requests):
                started = time.perf_counter()
                response = await c.post("/v1/summarize", json=bodies[(k + r) % len(bodies)])
                latencies.append(time.perf_counter() - started)
                if response.status_code != 200:
                    raise SystemExit(f"HTTP {response.status_code}: {response.text[:300]}")

        prober = asyncio.create_task(probe())
        started = time.perf_counter()
        await asyncio.gather(*(one_client(k) for k in range(clients)))
        seconds = time.perf_counter() - started
        done.set()
        await prober
    return {
        "per_second": len(latencies) / seconds,
        "p95": quantile(latencies, 95),
        "health_p50": quantile(health, 50),
        "health_p99": quantile(health, 99),
        "health_max": max(health),
        "probes": len(health),
    }


async def grow_story(
    base: str, texts: list[str], clients: int, marks: tuple[int, ...]
) -> dict[int, tuple[float, float, float]]:
    """Post every text to one story; returns per arrival index (accepted s, stored s, in the
    report s: NaN away from the `marks`)."""
    async with httpx.AsyncClient(base_url=base, timeout=3600, limits=httpx.Limits(max_connections=clients + 2)) as c:
        story = (await c.post("/v1/stories", json={"title": "growing"})).json()["id"]
        queue: asyncio.Queue[int] = asyncio.Queue()
        for i in range(len(texts)):
            queue.put_nowait(i)
        times: dict[int, tuple[float, float, float]] = {}

        async def worker() -> None:
            while not queue.empty():
                i = queue.get_nowait()
                started = time.perf_counter()
                response = await c.post(f"/v1/stories/{story}/articles", json={"id": f"a{i:05d}", "text": texts[i]})
                accepted = time.perf_counter() - started
                job = response.json()["job_id"]
                while True:
                    state = (await c.get(f"/v1/jobs/{job}")).json()
                    if state["status"] in ("done", "failed"):
                        break
                    await asyncio.sleep(0.05)
                stored = time.perf_counter() - started
                reported = float("nan")
                if any(abs(i - mark) < 5 for mark in marks):
                    answer = await c.get(f"/v1/stories/{story}/changes", params={"since": 2**62, "limit": 1})
                    assert answer.status_code == 200
                    reported = time.perf_counter() - started
                times[i] = (accepted, stored, reported)

        await asyncio.gather(*(worker() for _ in range(clients)))
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("dirs", nargs="+", type=Path)
    parser.add_argument("--db", default=None, help="a postgresql:// URL (default: SQLite in a temporary directory)")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=10)
    parser.add_argument("--story", type=int, default=1000, help="articles in the growing story (0: skip)")
    parser.add_argument("--skip-load", action="store_true")
    args = parser.parse_args()
    texts = [p.read_text(encoding="utf-8") for d in args.dirs for p in sorted(d.glob("*.txt"))]
    bodies = [
        {"articles": [{"text": texts[(i + j) % len(texts)]} for j in range(5)], "extractor": "rules"}
        for i in range(0, min(len(texts), 200), 5)
    ]
    with tempfile.TemporaryDirectory() as tmp:
        if not args.skip_load:
            results = {}
            for workers in (1, 2):
                server, base = serve(args.db or f"{tmp}/load{workers}.db", workers)
                try:
                    asyncio.run(summarize_load(base, bodies[:1], 1, 2))  # warm up
                    results[workers] = r = asyncio.run(summarize_load(base, bodies, args.clients, args.requests))
                finally:
                    server.terminate()
                    server.wait(timeout=60)
                print(
                    f"--workers {workers}: {args.clients} clients x {args.requests} summarize (5 articles): "
                    f"{r['per_second']:.2f} req/s, p95 {r['p95']:.1f} s; /healthz p50 {r['health_p50'] * 1000:.0f} ms "
                    f"p99 {r['health_p99'] * 1000:.0f} ms max {r['health_max'] * 1000:.0f} ms ({r['probes']} probes)"
                )
            print(f"throughput 2 workers / 1 worker: {results[2]['per_second'] / results[1]['per_second']:.2f}x")
        if args.story:
            paragraphs = []
            for n in range(args.story):
                first = "\n\n".join(texts[n % len(texts)].split("\n\n")[:3])
                paragraphs.append(f"{first}\n\n(Dispatch {n}.)")
            server, base = serve(args.db or f"{tmp}/story.db", 2)
            try:
                started = time.perf_counter()
                times = asyncio.run(grow_story(base, paragraphs, 8, (10, 100, args.story)))
                total = time.perf_counter() - started
            finally:
                server.terminate()
                server.wait(timeout=60)
            print(f"story of {args.story} articles built in {total:.0f} s")
            stored_at = {}
            for mark in (10, 100, args.story):
                window = [times[i] for i in range(max(0, mark - 5), min(mark + 5, args.story))]
                accepted = statistics.median(t[0] for t in window)
                stored_at[mark] = stored = statistics.median(t[1] for t in window)
                reported = statistics.median(t[2] for t in window if t[2] == t[2])
                print(
                    f"  around arrival {mark:5d}: accepted in {accepted * 1000:.0f} ms, stored (job done) after "
                    f"{stored:.2f} s, in the report after {reported:.2f} s"
                )
            print(f"arrival at {args.story} / arrival at 100: {stored_at[args.story] / stored_at[100]:.2f}x")


if __name__ == "__main__":
    main()
