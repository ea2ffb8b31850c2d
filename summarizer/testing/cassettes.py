"""Recorded model interactions (vcrpy cassettes) that tests and prompt engineers replay offline.

Cassettes are JSON with request and response bodies stored as parsed JSON, so a reviewer
reads them like any other fixture. Credentials, cookies, organisation ids and the client's
`x-stainless-*` headers are never written. Requests match on method, path and the parsed JSON
body (not host or port: the embedded server listens on a free port), and a mismatch explains
itself with a diff of the two bodies.

    with recorder(Path("cassettes/x.json"), record=False) as cassette:
        ...                                   # model calls are answered from the cassette
    assert cassette.all_played
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

DROP_REQUEST_HEADERS = (
    "authorization",
    "api-key",
    "cookie",
    "openai-organization",
    "openai-project",
    "user-agent",
    "host",
    "content-length",
)
DROP_RESPONSE_HEADERS = (
    "set-cookie",
    "openai-organization",
    "openai-project",
    "cf-ray",
    "x-request-id",
    "date",
    "server",
)
REPLAY_BASE_URL = "http://127.0.0.1:9/v1"  # nothing listens there: a cassette miss cannot go live


def _as_json(body: Any) -> Any:
    if isinstance(body, bytes):
        try:
            body = body.decode("utf-8")
        except UnicodeDecodeError:
            return body
    if isinstance(body, str) and body[:1] in "{[":
        try:
            return {"json": json.loads(body)}
        except ValueError:
            return body
    return body


def _from_json(body: Any) -> Any:
    if isinstance(body, dict) and set(body) == {"json"}:
        return json.dumps(body["json"], ensure_ascii=False)
    return body


class ReadableJSONSerializer:
    """vcrpy serializer: pretty JSON, bodies as parsed JSON objects."""

    @staticmethod
    def serialize(cassette: dict[str, Any]) -> str:
        out = {"version": cassette.get("version", 1), "interactions": []}
        for item in cassette["interactions"]:
            request = dict(item["request"], body=_as_json(item["request"].get("body")))
            response = dict(item["response"])
            body = dict(response.get("body") or {})
            body["string"] = _as_json(body.get("string"))
            response["body"] = body
            out["interactions"].append({"request": request, "response": response})
        return json.dumps(out, indent=2, ensure_ascii=False, sort_keys=True) + "\n"

    @staticmethod
    def deserialize(text: str) -> dict[str, Any]:
        data = json.loads(text)
        for item in data["interactions"]:
            item["request"]["body"] = _from_json(item["request"].get("body"))
            body = item["response"].get("body") or {}
            body["string"] = _from_json(body.get("string"))
        return data


def _scrub_request(request: Any) -> Any:
    for name in list(request.headers):
        if name.lower() in DROP_REQUEST_HEADERS or name.lower().startswith("x-stainless"):
            del request.headers[name]
    # the embedded server listens on a free port: store one stable loopback address
    request.uri = re.sub(r"^http://(?:127\.0\.0\.1|localhost):\d+", REPLAY_BASE_URL[:-3], request.uri)
    return request


def _scrub_response(response: dict[str, Any]) -> dict[str, Any]:
    headers = response.get("headers") or {}
    for name in list(headers):
        if name.lower() in DROP_RESPONSE_HEADERS:
            del headers[name]
    return response


def _body(request: Any) -> Any:
    raw = request.body
    if isinstance(raw, bytes):
        raw = raw.decode("utf-8", "replace")
    try:
        return json.loads(raw) if raw else None
    except ValueError:
        return raw


def json_body_matcher(r1: Any, r2: Any) -> None:
    """vcrpy matcher: equal parsed JSON bodies; on mismatch, a readable diff."""
    a, b = _body(r1), _body(r2)
    if a == b:
        return
    left = json.dumps(a, indent=1, sort_keys=True, ensure_ascii=False).splitlines()
    right = json.dumps(b, indent=1, sort_keys=True, ensure_ascii=False).splitlines()
    diff = "\n".join(difflib.unified_diff(right, left, "recorded", "sent", lineterm="", n=1))
    raise AssertionError(f"request body differs from the recording:\n{diff}")


def recorder(path: Path, *, record: bool = False, on_request: Callable[[Any], None] | None = None) -> Any:
    """A vcrpy cassette context for `path`: record (overwrite) or replay with no network.
    `on_request` sees each request the code sends (before it is matched or recorded)."""
    import vcr

    def before(request: Any) -> Any:
        if on_request is not None:
            on_request(request)
        return _scrub_request(request)

    if record:  # vcrpy's "all" mode would keep the old interactions beside the new ones
        Path(path).unlink(missing_ok=True)

    config = vcr.VCR(
        serializer="readable-json",
        record_mode="all" if record else "none",
        match_on=["method", "path", "json_body"],
        before_record_request=before,
        before_record_response=_scrub_response,
        decode_compressed_response=True,
    )
    config.register_serializer("readable-json", ReadableJSONSerializer)
    config.register_matcher("json_body", json_body_matcher)
    return config.use_cassette(str(path))
