"""A real HTTP server on 127.0.0.1 that speaks the chat-completions protocol and fails on
purpose: 429 with Retry-After, 500, hanging past the client's timeout, cutting the connection,
truncated JSON, or a page that is not the protocol at all. Used by the resilience tests and the
benchmarks; never a source of cassettes.

Faults are scripted per article (the "Article id:" line of the prompt) as a list consumed one
request at a time; when a script runs out, requests succeed.
"""

from __future__ import annotations

import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class _Server(ThreadingHTTPServer):
    request_queue_size = 256  # many clients connect at once; the default backlog of 5 would stall them
    daemon_threads = True


FAULTS = ("ok", "429", "500", "hang", "cut", "truncated", "garbage", "invalid")


class FaultServer:
    """`with FaultServer({"a1": ["429", "ok"]}, latency=0.1) as server: server.base_url`"""

    def __init__(
        self,
        script: dict[str, list[str]] | None = None,
        *,
        default: list[str] | None = None,
        latency: float = 0.0,
        hang: float = 5.0,
        retry_after: float = 1.0,
        answer_model: str | None = None,
        slots: int | None = None,
    ) -> None:
        self.script = {k: list(v) for k, v in (script or {}).items()}
        self.default = list(default or [])
        self.latency, self.hang, self.retry_after = latency, hang, retry_after
        self.requests: list[tuple[str, str, float]] = []  # (article id, fault, time)
        self.answer_model = answer_model  # the model id the answers name (a router's substitute)
        self.slots = slots  # reported as llama.cpp's /props total_slots when set
        self.in_flight = 0
        self.max_in_flight = 0  # most chat requests the server was handling at once
        self._lock = threading.Lock()
        self._httpd = _Server(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}/v1"

    def __enter__(self) -> FaultServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def next_fault(self, article_id: str) -> str:
        with self._lock:
            queue = self.script.get(article_id, self.default)
            fault = queue.pop(0) if queue else "ok"
            self.requests.append((article_id, fault, time.monotonic()))
            return fault

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                return

            def do_GET(self) -> None:
                if self.path.rstrip("/").endswith("/props") and server.slots:
                    return self._send(200, {"total_slots": server.slots})
                self._send(200, {"object": "list", "data": [{"id": "fault-model", "object": "model"}]})

            def do_POST(self) -> None:
                with server._lock:
                    server.in_flight += 1
                    server.max_in_flight = max(server.max_in_flight, server.in_flight)
                try:
                    self._post()
                finally:
                    with server._lock:
                        server.in_flight -= 1

            def _post(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers.get("content-length", 0))) or b"{}")
                messages = body.get("messages", [])
                prompt = "\n".join(str(m.get("content", "")) for m in messages)
                found = re.search(r"Article id: (\S+)", prompt)
                fault = server.next_fault(found.group(1) if found else "")
                time.sleep(server.latency)
                if fault == "429":
                    return self._send(
                        429,
                        {"error": {"message": "rate limited", "type": "rate_limit"}},
                        {"Retry-After": f"{server.retry_after:g}"},
                    )
                if fault == "500":
                    return self._send(500, {"error": {"message": "boom", "type": "server_error"}})
                if fault == "hang":
                    time.sleep(server.hang)
                    return self._send(500, {"error": {"message": "too late"}})
                if fault == "cut":
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", "5000")
                    self.end_headers()
                    self.wfile.write(b'{"id": "x", "choi')
                    self.wfile.flush()
                    self.connection.close()
                    return None
                if fault == "garbage":
                    page = b"<html><body>Welcome to nginx!</body></html>"
                    self.send_response(200)
                    self.send_header("Content-Type", "text/html")
                    self.send_header("Content-Length", str(len(page)))
                    self.end_headers()
                    self.wfile.write(page)
                    return None
                content = _answer(prompt, wants_json=bool(body.get("response_format") or body.get("tools")))
                if fault == "truncated":
                    content = content[: len(content) // 2]
                if fault == "invalid":
                    content = json.dumps({"facts": "not a list"})
                model = server.answer_model or body.get("model", "fault-model")
                return self._send(200, _completion(content, model))

            def _send(self, status: int, payload: dict[str, Any], headers: dict[str, str] | None = None) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(data)

        return Handler


def _answer(prompt: str, *, wants_json: bool) -> str:
    """A well-formed answer grounded in the prompt's article: its first long sentence."""
    if not wants_json:
        return "The outlets agree on the main facts [a1]."
    body = prompt.split("Article id:", 1)[-1].split("\n", 1)[-1]
    sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n", body) if len(s.split()) >= 8]
    article = [s for s in sentences if not s.startswith(("Return", "Title:", "Published:"))]
    sentence = article[0] if article else "No sentence."
    words = sentence.split()
    return json.dumps(
        {
            "facts": [
                {
                    "evidence": sentence,
                    "kind": "event",
                    "subject": words[0],
                    "attribute": "states",
                    "value": " ".join(words[:6]),
                }
            ]
        }
    )


def _completion(content: str, model: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-fault",
        "object": "chat.completion",
        "created": 0,
        "model": model,
        "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": content}}],
        "usage": {"prompt_tokens": 100, "completion_tokens": 20, "total_tokens": 120},
    }
