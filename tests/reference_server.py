"""A reference model server: real HTTP on 127.0.0.1, the chat-completions protocol, answering as
a capable model would, from hand-written reference answers (they are NOT a model's output).

- `extract_facts`: the hand-annotated facts of the article named by the prompt's "Article id:"
  line, restricted to the chunk of text the prompt carries. Each reference fact names an anchor
  (words of the article); the server copies the sentence around it as evidence, and for quotes
  the whole quotation, as a careful model would.
- `same_fact`: same = both facts are about the same subject (folded).
- `summarize`: the summary text the test scripts.
Answers come as tool calls when the request offers tools (instructor's TOOLS mode) and as JSON
content otherwise; usage counts are reported. `flaws` script mistakes per article (see FLAWS).
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

MODEL = "reference-answers"


@dataclass
class Ref:
    """One reference fact: `anchor` is words of the article the fact rests on (default: value).
    A quote with no value is the whole quotation around its anchor."""

    kind: str
    subject: str
    attribute: str
    value: str
    speaker: str | None = None
    anchor: str | None = None
    previous: str | None = None  # a number's earlier value
    mention: str | None = None  # a quote's or claim's source as the sentence names it ("she")


def _sentence_around(text: str, start: int, end: int) -> str:
    left = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start))
    right_candidates = [i for i in (text.find(". ", end), text.find("\n", end)) if i != -1]
    right = min(right_candidates) + 1 if right_candidates else len(text)
    return text[left + 1 : right].strip()


def _whole_quote(text: str, start: int, end: int) -> str:
    opening = max(text.rfind(m, 0, start + 1) for m in ('"', "“"))
    closing = [i for i in (text.find('"', end), text.find("”", end)) if i != -1]
    if opening == -1 or not closing:
        return text[start:end]
    return text[opening + 1 : min(closing)].strip().rstrip(",")


def answer_facts(refs: list[Ref], chunk: str) -> list[dict[str, Any]]:
    out = []
    for ref in refs:
        anchor = ref.anchor or ref.value
        at = chunk.find(anchor)
        if at == -1:
            continue  # not in this chunk
        value = ref.value or (_whole_quote(chunk, at, at + len(anchor)) if ref.kind == "quote" else anchor)
        fact = {
            "evidence": _sentence_around(chunk, at, at + len(anchor)),
            "kind": ref.kind,
            "subject": ref.subject,
            "attribute": ref.attribute,
            "value": value,
        }
        if ref.speaker:
            fact["speaker"] = ref.speaker
        if ref.previous:
            fact["previous"] = ref.previous
        if ref.mention:
            fact["speaker_mention"] = ref.mention
        out.append(fact)
    return out


# scripted flaws: each takes the article's correct answer (list of fact dicts) and spoils one fact
def paraphrase_quote(facts: list[dict[str, Any]], **_: Any) -> list[dict[str, Any]]:
    for fact in facts:
        if fact["kind"] == "quote":
            words = fact["value"].split()
            fact["value"] = " ".join(["Basically,", *words[:2], "quite", *words[2:]])
            return facts
    raise AssertionError("no quote to paraphrase")


def change_digit(facts: list[dict[str, Any]], **_: Any) -> list[dict[str, Any]]:
    for fact in facts:
        if fact["kind"] == "number" and re.search(r"\d", fact["value"]):
            fact["value"] = re.sub(r"\d", lambda m: str((int(m.group()) + 1) % 10), fact["value"], count=1)
            return facts
    raise AssertionError("no number to change")


def copy_from(other: list[dict[str, Any]]) -> Callable[..., list[dict[str, Any]]]:
    def flaw(facts: list[dict[str, Any]], **_: Any) -> list[dict[str, Any]]:
        return [*facts, dict(other[0])]

    return flaw


def wrong_mouth(facts: list[dict[str, Any]], *, speaker: str = "", **_: Any) -> list[dict[str, Any]]:
    for fact in facts:
        if fact["kind"] == "quote":
            fact["speaker"] = speaker
            return facts
    raise AssertionError("no quote to misattribute")


class ReferenceServer:
    """`with ReferenceServer({"a1": [Ref(...)]}, summary="...") as server: server.base_url`"""

    def __init__(
        self,
        answers: dict[str, list[Ref]],
        *,
        summary: str = "",
        flaws: dict[str, Callable[..., list[dict[str, Any]]]] | None = None,
    ) -> None:
        self.answers = answers
        self.summary = summary
        self.flaws = flaws or {}
        self.requests: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}/v1"

    def __enter__(self) -> ReferenceServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def kinds(self) -> list[str]:
        return [r["kind"] for r in self.requests]

    def answer(self, body: dict[str, Any]) -> tuple[str, str | None]:
        """(content, tool name or None) for one request."""
        messages = body.get("messages", [])
        prompt = "\n".join(str(m.get("content", "")) for m in messages)
        tools = body.get("tools") or []
        tool = tools[0]["function"]["name"] if tools else None
        wants_json = bool(tool or body.get("response_format"))
        if "Fact A (" in prompt:
            kind = "same_fact"
            subjects = re.findall(r'Fact [AB] \([^)]*\): \w+ about "([^"]*)"', prompt)
            same = len(subjects) == 2 and subjects[0].strip().lower() == subjects[1].strip().lower()
            content = json.dumps({"same": same, "reason": "same subject" if same else "different subjects"})
        elif wants_json and (found := re.search(r"Article id: (\S+)", prompt)):
            kind = "extract_facts"
            article_id = found.group(1)
            user = next((m["content"] for m in messages if m.get("role") == "user"), "")
            chunk = user.split("\n", 1)[1] if "\n" in user else user
            facts = answer_facts(self.answers.get(article_id, []), chunk)
            if article_id in self.flaws:
                facts = self.flaws[article_id](facts)
            content = json.dumps({"facts": facts})
        else:
            kind = "summarize"
            content = self.summary
        with self._lock:
            self.requests.append({"kind": kind, "json": wants_json, "tool": tool, "model": body.get("model")})
        return content, tool

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                self._send(200, {"object": "list", "data": [{"id": MODEL, "object": "model"}]})

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers.get("content-length", 0))) or b"{}")
                content, tool = server.answer(body)
                prompt_words = sum(len(str(m.get("content", "")).split()) for m in body.get("messages", []))
                usage = {
                    "prompt_tokens": prompt_words,
                    "completion_tokens": len(content.split()) or 1,
                    "total_tokens": prompt_words + (len(content.split()) or 1),
                }
                message: dict[str, Any] = {"role": "assistant", "content": content}
                finish = "stop"
                if tool:
                    call = {"id": "call_ref", "type": "function", "function": {"name": tool, "arguments": content}}
                    message = {"role": "assistant", "content": None, "tool_calls": [call]}
                    finish = "tool_calls"
                self._send(
                    200,
                    {
                        "id": "chatcmpl-reference",
                        "object": "chat.completion",
                        "created": 0,
                        "model": MODEL,
                        "choices": [{"index": 0, "finish_reason": finish, "message": message}],
                        "usage": usage,
                    },
                )

            def _send(self, status: int, payload: dict[str, Any]) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.send_header("X-Reference-Answers", "hand-written reference answers, not a model's output")
                self.end_headers()
                self.wfile.write(data)

        return Handler
