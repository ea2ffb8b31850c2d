"""Real servers for the service tests, started on free ports in temporary directories:
`summarizer serve` and `summarizer worker` as subprocesses, PostgreSQL and Redis from Debian's
packages (`.ci/run` installs them; without them those tests are skipped locally, never in CI)."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

import pytest

CLI = [sys.executable, "-c", "from summarizer._entry import main; main()"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(check: Any, timeout: float = 60.0, what: str = "the server") -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(Exception):
            if result := check():
                return result
        time.sleep(0.1)
    raise AssertionError(f"{what} did not come up within {timeout:.0f} s")


def need(binary: str) -> str:
    found = shutil.which(binary) or next(iter(sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{binary}"))), None)
    if found is None:
        if os.environ.get("CI"):
            raise AssertionError(f"{binary} is not installed; .ci/run installs it")
        pytest.skip(f"{binary} not installed (apt-get install redis-server postgresql)")
    return str(found)


class Service:
    """`summarizer serve` in a subprocess, and a tiny JSON client for it (urllib: real HTTP)."""

    def __init__(self, db: str, *args: str, env: dict[str, str] | None = None, key: str | None = None) -> None:
        self.port = free_port()
        self.db = db
        self.args = args
        self.env = {**os.environ, **(env or {})}
        self.key = key
        self.proc: subprocess.Popen[bytes] | None = None
        self.log = Path(db if "://" not in db else "/tmp").parent / f"serve-{self.port}.log"

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Service:
        command = [*CLI, "serve", "--port", str(self.port), "--db", self.db, *self.args]
        self._log_file = open(self.log, "ab")
        self.proc = subprocess.Popen(command, env=self.env, stdout=self._log_file, stderr=subprocess.STDOUT)
        wait_for(lambda: self.proc.poll() is None and self.call("GET", "/healthz")[0] == 200, what="summarizer serve")
        return self

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._log_file.close()

    def __enter__(self) -> Service:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def call(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        raw: bytes | None = None,
        headers: dict[str, str] | None = None,
        timeout: float = 120,
    ) -> tuple[int, Any, dict[str, str]]:
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        sent = {"Content-Type": "application/json", **({"Authorization": f"Bearer {self.key}"} if self.key else {})}
        sent.update(headers or {})
        request = urllib.request.Request(self.base + path, data=data, method=method, headers=sent)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status, _decoded(response.read(), response.headers), dict(response.headers)
        except urllib.error.HTTPError as err:
            return err.code, _decoded(err.read(), err.headers), dict(err.headers)


def _decoded(body: bytes, headers: Any) -> Any:
    if "json" in (headers.get("Content-Type") or ""):
        return json.loads(body)
    return body.decode("utf-8")


@contextlib.contextmanager
def postgres() -> Iterator[str]:
    """A PostgreSQL server of its own (initdb in a new temporary directory, a free port); yields
    its URL. The directory is outside pytest's (which only root may enter): the server runs as
    the postgres user when the tests run as root."""
    initdb, pg_ctl = need("initdb"), need("pg_ctl")
    tmp = Path(tempfile.mkdtemp(prefix="summarizer-pg-"))
    data = tmp / "pgdata"
    data.mkdir()
    port = free_port()
    as_user: list[str] = []
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        shutil.chown(tmp, "postgres")
        shutil.chown(data, "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    subprocess.run(
        [*as_user, initdb, "-D", str(data), "-U", "summarizer", "--auth=trust", "-E", "UTF8"],
        check=True,
        capture_output=True,
    )
    options = f"-p {port} -k {tmp} -c listen_addresses=127.0.0.1 -c fsync=off"
    subprocess.run(
        [*as_user, pg_ctl, "-D", str(data), "-o", options, "-l", str(tmp / "pg.log"), "-w", "start"],
        check=True,
        capture_output=True,
    )
    try:
        yield f"postgresql://summarizer@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*as_user, pg_ctl, "-D", str(data), "-m", "immediate", "stop"], capture_output=True)
        shutil.rmtree(tmp, ignore_errors=True)


@contextlib.contextmanager
def redis(tmp: Path) -> Iterator[str]:
    """A Redis server of its own on a free port; yields its URL."""
    binary = need("redis-server")
    port = free_port()
    proc = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(tmp)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:

        def up() -> bool:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")

        wait_for(up, 20, "redis-server")
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


class Receiver:
    """A webhook receiver on loopback that can be down (its port closed) and come back up on the
    same port; it records each delivery's headers and body, and answers 500 to the first `fail`."""

    def __init__(self, fail: int = 0) -> None:
        self.received: list[tuple[dict[str, str], bytes]] = []
        self.fail = fail
        self.port = free_port()
        self.server: HTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"

    def up(self) -> Receiver:
        received, outer = self.received, self

        class Hook(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                received.append((dict(self.headers), body))
                failing = outer.fail > 0
                outer.fail -= 1
                self.send_response(500 if failing else 204)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = HTTPServer(("127.0.0.1", self.port), Hook)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def down(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None
