"""Webhooks that arrive: an outbox in the database, and a delivery loop that outlives the
receiver's downtime and the server's restarts.

When an article changes a story's conflicts, the delivery (its id, the feed `seq` of its last
change, the changes) is written to the `outbox` table in the same transaction as the change
itself, so it exists exactly when the change does. A `Deliverer` (a thread in `summarizer serve`
and in every `summarizer worker`) sends what is due: each story's oldest pending delivery first,
so deliveries arrive in order per story; a failed attempt is tried again after a backoff that
doubles up to `webhook_backoff_max`, for `webhook_retry_for` seconds (a day by default), then
given up and recorded. Each process claims a delivery by a short lease before sending it, so two
processes do not send the same attempt; a process that dies mid-attempt leaves the lease to run
out and another sends it again. Delivery is at least once: receivers de-duplicate by the
`X-Summarizer-Delivery` id (also in the body).

Signature (when `SUMMARIZER_WEBHOOK_SECRET` is set), the way the field does it:
`X-Summarizer-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>." + body>`. A receiver
recomputes it, and refuses a `t` too far from its clock (a replay) and an id it has seen.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
import threading
import time
import uuid
from collections.abc import Callable
from typing import Any

from .. import __version__
from ..settings import Settings
from .outbound import Allowed, Refused, Resolver, check_url, redacted, system_resolver
from .store import Store, now

log = logging.getLogger(__name__)

ANNOUNCED = ("conflict_new", "conflict_changed", "conflict_resolved", "cluster_merged")
LEASE = 60.0  # seconds a process holds a delivery while it sends it


def signature(secret: str, body: bytes, timestamp: int) -> str:
    """The X-Summarizer-Signature header for `body` sent at `timestamp`."""
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def verify(secret: str, body: bytes, header: str, *, tolerance: float = 300, at: float | None = None) -> bool:
    """What a receiver does: True when `header` signs `body` and its time is within `tolerance`."""
    fields = dict(part.split("=", 1) for part in header.split(",") if "=" in part)
    try:
        timestamp = int(fields["t"])
    except (KeyError, ValueError):
        return False
    if abs((time.time() if at is None else at) - timestamp) > tolerance:
        return False
    return hmac.compare_digest(signature(secret, body, timestamp), f"t={timestamp},v1={fields.get('v1', '')}")


def enqueue(
    store: Store, conn: Any, story: dict[str, Any], revision: int, items: list[dict[str, Any]], seqs: list[int]
) -> str | None:
    """Write the delivery of `items` (the changes a webhook announces) to the outbox, inside the
    caller's transaction; returns its id (None when the story has no webhook or nothing to say)."""
    url = story.get("webhook")
    wanted = [{**item, "seq": seq, "revision": revision} for item, seq in zip(items, seqs, strict=True)]
    wanted = [item for item in wanted if item["kind"] in ANNOUNCED]
    if not url or not wanted:
        return None
    delivery_id = uuid.uuid4().hex
    body = {"delivery_id": delivery_id, "story_id": story["id"], "seq": wanted[-1]["seq"], "changes": wanted}
    store.enqueue_delivery(
        conn,
        delivery_id=delivery_id,
        story_id=story["id"],
        tenant=story.get("tenant") or "",
        url=url,
        seq=wanted[-1]["seq"],
        body=json.dumps(body, ensure_ascii=False, sort_keys=True),
    )
    return delivery_id


Sender = Callable[[str, bytes, dict[str, str]], int]  # url, body, headers -> HTTP status


def http_sender(url: str, body: bytes, headers: dict[str, str]) -> int:
    import httpx

    response = httpx.post(url, content=body, headers=headers, timeout=10, follow_redirects=False)
    return response.status_code


class Deliverer:
    """Sends due deliveries; `once()` is one pass (tests call it with their own clock), `start()`
    runs passes in a daemon thread every `poll` seconds."""

    def __init__(
        self,
        store: Store,
        settings: Settings,
        *,
        clock: Callable[[], dt.datetime] = now,
        send: Sender = http_sender,
        resolve: Resolver = system_resolver,
        poll: float = 0.5,
    ) -> None:
        self.store = store
        self.settings = settings
        self.clock = clock
        self.send = send
        self.resolve = resolve
        self.poll = poll
        self.allowed = Allowed.parse(settings.webhook_allow)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, daemon=True, name="summarizer-webhooks")
        self._thread.start()

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=15)

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                sent = self.once()
            except Exception:  # the database is briefly away: the next pass tries again
                log.exception("webhooks: could not read the outbox")
                sent = 0
            if not sent:
                self._stop.wait(self.poll)

    def once(self) -> int:
        """Try every due delivery once; returns how many attempts were made."""
        at = self.clock()
        tried = 0
        for delivery in self.store.due_deliveries(at):
            if self._stop.is_set():
                break
            if not self.store.claim_delivery(delivery["n"], at, LEASE):
                continue
            self._attempt(delivery)
            tried += 1
        return tried

    def _attempt(self, delivery: dict[str, Any]) -> None:
        url, body = delivery["url"], delivery["body"].encode()
        status: int | None = None
        error: str | None = None
        try:
            check_url(url, self.allowed, self.resolve)  # again: the name may point elsewhere now
            headers = {
                "Content-Type": "application/json",
                "User-Agent": f"summarizer/{__version__}",
                "X-Summarizer-Delivery": delivery["id"],
                "X-Summarizer-Seq": str(delivery["seq"]),
            }
            if secret := self.settings.webhook_secret:
                stamp = int(self.clock().timestamp())
                headers["X-Summarizer-Signature"] = signature(secret.get_secret_value(), body, stamp)
            status = self.send(url, body, headers)
            if not 200 <= status < 300:
                error = f"HTTP {status}"
        except Refused as err:
            error = f"refused: {err}"
        except Exception as err:  # connection refused, timeout, TLS: the receiver is away
            error = type(err).__name__
        at = self.clock()
        if error is None:
            self.store.record_attempt(delivery["n"], status=status, error=None, delivered_at=at)
            return
        attempts = delivery["attempts"] + 1
        delay = min(self.settings.webhook_backoff * 2 ** (attempts - 1), self.settings.webhook_backoff_max)
        age = (at - delivery["created_at"]).total_seconds()
        if status == 410 or age + delay > self.settings.webhook_retry_for:
            log.warning(
                "webhook %s: delivery %s given up after %d attempts (%s)",
                redacted(url),
                delivery["id"],
                attempts,
                error,
            )
            self.store.record_attempt(delivery["n"], status=status, error=error, given_up_at=at)
            return
        log.info("webhook %s: delivery %s attempt %d failed (%s)", redacted(url), delivery["id"], attempts, error)
        self.store.record_attempt(
            delivery["n"], status=status, error=error, next_attempt_at=at + dt.timedelta(seconds=delay)
        )


def webhook_state(store: Store, story: dict[str, Any]) -> dict[str, Any]:
    """What `GET /v1/stories/{id}/webhook` answers: the URL (no credentials), counts, and the
    latest deliveries with their attempts, last status and next attempt."""

    def when(value: dt.datetime | None) -> str | None:
        return value.isoformat() if value else None

    recent = []
    for d in store.deliveries(story["id"]):
        state = "delivered" if d["delivered_at"] else "given_up" if d["given_up_at"] else "pending"
        recent.append(
            {
                "id": d["id"],
                "seq": d["seq"],
                "state": state,
                "attempts": d["attempts"],
                "last_status": d["last_status"],
                "last_error": d["last_error"],
                "created_at": when(d["created_at"]),
                "next_attempt_at": when(d["next_attempt_at"]) if state == "pending" else None,
                "delivered_at": when(d["delivered_at"]),
            }
        )
    url = story.get("webhook")
    return {
        "story_id": story["id"],
        "url": redacted(url) if url else None,
        "counts": store.delivery_counts(story["id"]),
        "deliveries": recent,
    }
