"""Load on `summarizer serve` (rules extractor, real uvicorn in a subprocess, SQLite in a temp dir):
C concurrent clients x R requests of POST /v1/summarize, each with K articles from a folder;
requests/second and p50/p99 latency, next to the same batches through the library in this
process (the ratio is the service's overhead); then the server's RSS over a long run of small
requests (memory must stay flat).

    .venv/bin/python bench/serve_load.py seeds --clients 50 --requests 20 --articles 2 --memory 10000
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

from summarizer.ingest.articles import parse_article  # noqa: E402
from summarizer.pipeline import summarize  # noqa: E402
from tests.servers import CLI, free_port, wait_for  # noqa: E402


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


async def load(base: str, bodies: list[dict], clients: int, requests: int) -> list[float]:
    latencies: list[float] = []
    limits = httpx.Limits(max_connections=clients)
    async with httpx.AsyncClient(base_url=base, timeout=600, limits=limits) as client:

        async def one_client(c: int) -> None:
            for r in range(requests):
                body = bodies[(c + r) % len(bodies)]
                started = time.perf_counter()
                response = await client.post("/v1/summarize", json=body)
                latencies.append(time.perf_counter() - started)
                if response.status_code != 200:
                    raise SystemExit(f"HTTP {response.status_code}: {response.text[:300]}")

        await asyncio.gather(*(one_client(c) for c in range(clients)))
    return latencies


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", type=Path, help="article files (.txt) to send")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=20, help="per client")
    parser.add_argument("--articles", type=int, default=2, help="per request")
    parser.add_argument("--memory", type=int, default=0, help="requests of the memory run (0: skip)")
    args = parser.parse_args()

    texts = [p.read_text(encoding="utf-8") for p in sorted(args.folder.glob("*.txt"))]
    bodies = []
    for i in range(len(texts)):
        chosen = [texts[(i + j) % len(texts)] for j in range(args.articles)]
        bodies.append({"articles": [{"text": t} for t in chosen], "extractor": "rules"})

    # the library in this process, same batches, one at a time and then in threads like the server
    batches = [[parse_article(a["text"]) for a in b["articles"]] for b in bodies]
    summarize(batches[0], extractor="rules")  # load the parser
    started = time.perf_counter()
    n_lib = max(len(batches) * 4, 20)
    for i in range(n_lib):
        summarize(batches[i % len(batches)], extractor="rules")
    library_per_second = n_lib / (time.perf_counter() - started)

    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        command = [*CLI, "serve", "--port", str(port), "--db", f"{tmp}/bench.db", "--rate", "0"]
        server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        try:
            wait_for(lambda: httpx.get(base + "/healthz").status_code == 200, 60)
            asyncio.run(load(base, bodies[:1], 1, 2))  # warm up
            started = time.perf_counter()
            latencies = asyncio.run(load(base, bodies, args.clients, args.requests))
            seconds = time.perf_counter() - started
            per_second = len(latencies) / seconds
            q = statistics.quantiles(latencies, n=100)
            print(
                f"serve: {len(latencies)} requests ({args.clients} clients x {args.requests}, {args.articles} "
                f"articles each) in {seconds:.1f} s: {per_second:.1f} req/s, p50 {q[49] * 1000:.0f} ms, "
                f"p99 {q[98] * 1000:.0f} ms"
            )
            print(
                f"library in-process, one at a time: {library_per_second:.1f} batches/s; "
                f"service / library = {per_second / library_per_second:.2f}"
            )
            if args.memory:
                small = {"articles": [{"text": "The mayor said 12 bridges will be repaired by June."}]}
                first = rss_kb(server.pid)
                marks = []
                step = max(1, args.memory // 5)
                for _ in range(0, args.memory, step):
                    asyncio.run(load(base, [small], 20, max(1, step // 20)))
                    marks.append(rss_kb(server.pid) // 1024)
                print(
                    f"memory: server RSS {first // 1024} MB before, then {marks} MB "
                    f"after each {step} of {args.memory} small requests"
                )
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
