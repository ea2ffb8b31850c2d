"""Webhooks that arrive and never reach inside: the outbox and its delivery loop (a clock the
test moves, a real HTTP receiver on loopback), and the outbound address check for every form an
internal address takes."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from summarizer.service import webhooks
from summarizer.service.outbound import Allowed, Refused, check_url, redacted
from summarizer.service.store import Store
from summarizer.settings import Settings
from tests.servers import Receiver


class Clock:
    def __init__(self) -> None:
        self.at = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=1)  # after the deliveries were written

    def __call__(self) -> dt.datetime:
        return self.at

    def advance(self, seconds: float) -> None:
        self.at += dt.timedelta(seconds=seconds)


def _story(store: Store, url: str) -> dict:
    story_id = store.create_story("Kalmar", url, tenant="newsroom")
    story = store.story(story_id)
    assert story is not None
    return story


def _announce(store: Store, story: dict, n: int) -> None:
    """`n` revisions of the story, each with a conflict the webhook announces."""
    for k in range(n):
        with store.begin() as conn:
            revision = store.bump_story(conn, story["id"])
            items = [
                {"kind": "article_added", "article_id": f"a{k}"},
                {"kind": "conflict_new", "cluster_id": f"c{k:03d}", "article_id": f"a{k}", "detail": {}},
            ]
            seqs = store.add_changes(conn, story["id"], revision, items)
            webhooks.enqueue(store, conn, story, revision, items, seqs)


SETTINGS = Settings(webhook_allow="127.0.0.1", webhook_secret="s3cret", webhook_backoff=2, webhook_backoff_max=60)


def test_ten_minutes_down_and_a_restart_lose_nothing(tmp_path):
    receiver = Receiver()  # down: nothing listens on its port
    clock = Clock()
    store = Store(tmp_path / "s.db")
    story = _story(store, receiver.url)
    _announce(store, story, 3)
    deliverer = webhooks.Deliverer(store, SETTINGS, clock=clock)
    attempts = 0
    for _ in range(300):  # five minutes of passes a second apart
        attempts += deliverer.once()
        clock.advance(1)
    assert attempts >= 8  # the first delivery was tried again and again, with backoff
    first = store.deliveries(story["id"])[-1]
    assert first["attempts"] == attempts and first["last_error"] == "ConnectError" and first["delivered_at"] is None
    assert all(d["attempts"] == 0 for d in store.deliveries(story["id"])[:-1])  # in order: the others wait
    store.close()

    store = Store(tmp_path / "s.db")  # a restart: a new process, the same database
    deliverer = webhooks.Deliverer(store, SETTINGS, clock=clock)
    for _ in range(300):
        deliverer.once()
        clock.advance(1)
    receiver.up()
    try:
        clock.advance(60)
        for _ in range(5):
            deliverer.once()
    finally:
        receiver.down()
    ids = [h["X-Summarizer-Delivery"] for h, _ in receiver.received]
    assert len(ids) == 3 == len(set(ids))
    bodies = [json.loads(body) for _, body in receiver.received]
    assert [b["changes"][0]["cluster_id"] for b in bodies] == ["c000", "c001", "c002"]
    assert [b["seq"] for b in bodies] == sorted(b["seq"] for b in bodies)
    for headers, body in receiver.received:
        assert webhooks.verify("s3cret", body, headers["X-Summarizer-Signature"], at=clock().timestamp())
    assert store.delivery_counts(story["id"]) == {"pending": 0, "delivered": 3, "given_up": 0}
    store.close()


def test_a_delivery_is_given_up_after_the_retry_window_and_recorded(tmp_path):
    receiver = Receiver()
    clock = Clock()
    store = Store(tmp_path / "s.db")
    story = _story(store, receiver.url)
    _announce(store, story, 2)
    settings = Settings(webhook_allow="127.0.0.1", webhook_retry_for=600, webhook_backoff=30)
    deliverer = webhooks.Deliverer(store, settings, clock=clock)
    for _ in range(100):
        deliverer.once()
        clock.advance(10)
    states = {d["id"]: d for d in store.deliveries(story["id"])}
    assert store.delivery_counts(story["id"])["given_up"] == 2  # the second waits for the first, then runs out too
    assert all(d["given_up_at"] is not None and d["last_error"] == "ConnectError" for d in states.values())
    store.close()


def test_a_name_that_now_points_inside_is_refused_at_delivery(tmp_path):
    """DNS rebinding: public when the story was made, loopback when the delivery goes out."""
    sent: list[str] = []
    clock = Clock()
    store = Store(tmp_path / "s.db")
    story = _story(store, "http://hooks.example.org/in")
    _announce(store, story, 1)
    deliverer = webhooks.Deliverer(
        store,
        Settings(),
        clock=clock,
        send=lambda url, body, headers: sent.append(url) or 204,
        resolve=lambda host, port: ["127.0.0.1"],
    )
    deliverer.once()
    (delivery,) = store.deliveries(story["id"])
    assert sent == [] and delivery["last_error"].startswith("refused: the webhook host 'hooks.example.org'")
    deliverer.resolve = lambda host, port: ["93.184.216.34"]
    clock.advance(10)
    deliverer.once()
    assert sent == ["http://hooks.example.org/in"]
    store.close()


INTERNAL = [
    ("http://169.254.169.254/latest/meta-data/", "link-local"),
    ("http://127.0.0.1:6379/", "loopback"),
    ("http://10.0.0.1/admin", "private"),
    ("http://192.168.1.1/", "private"),
    ("http://172.16.0.1/", "private"),
    ("http://100.64.0.1/", "not global"),
    ("http://0.0.0.0/", "unspecified"),
    ("http://224.0.0.1/", "multicast"),
    ("http://240.0.0.1/", "reserved"),
    ("http://2130706433/", "loopback"),  # decimal
    ("http://0x7f000001/", "loopback"),  # hexadecimal
    ("http://0177.0.0.1/", "loopback"),  # octal
    ("http://127.1/", "loopback"),  # short form
    ("http://[::1]/", "loopback"),
    ("http://[::]/", "unspecified"),
    ("http://[::ffff:127.0.0.1]/", "loopback"),  # IPv4-mapped
    ("http://[::ffff:a9fe:a9fe]/", "link-local"),  # IPv4-mapped, hex
    ("http://[fe80::1]/", "link-local"),
    ("http://[fc00::1]/", "private"),
    ("http://[ff02::1]/", "multicast"),
    ("http://[2002:7f00:1::]/", "loopback"),  # 6to4 around 127.0.0.1
    ("http://[64:ff9b::a00:1]/", "private"),  # NAT64 around 10.0.0.1
    ("http://localhost:8080/", "loopback"),
]


@pytest.mark.parametrize(("url", "why"), INTERNAL, ids=[u for u, _ in INTERNAL])
def test_internal_addresses_are_refused(url, why):
    with pytest.raises(Refused, match=why):
        check_url(url)


def test_public_and_allowed_addresses_pass():
    check_url("https://8.8.8.8/hook")
    check_url("http://[2606:4700:4700::1111]/hook")
    check_url("http://hooks.example.org/x", resolve=lambda host, port: ["93.184.216.34"])
    check_url("http://127.0.0.1:9000/", Allowed.parse("127.0.0.1"))
    check_url("http://10.1.2.3/", Allowed.parse("10.0.0.0/8"))
    check_url("http://receiver.internal/", Allowed.parse("receiver.internal"), resolve=lambda h, p: ["10.9.9.9"])
    with pytest.raises(Refused, match="private"):  # an allowed network does not cover another
        check_url("http://192.168.0.5/", Allowed.parse("10.0.0.0/8"))


def test_bad_urls_and_credentials_never_shown():
    for url, why in [
        ("ftp://8.8.8.8/", "http or https"),
        ("http:///path", "no host"),
        ("http://8.8.8.8:99999/", "port"),
        ("http://no-such-host.invalid/", "does not resolve"),
    ]:
        with pytest.raises(Refused, match=why):
            check_url(url)
    with pytest.raises(Refused) as refused:
        check_url("http://admin:hunter2@127.0.0.1/")
    assert "hunter2" not in str(refused.value)
    assert (
        redacted("https://admin:hunter2@hooks.example.org:8443/in?x=1") == "https://***@hooks.example.org:8443/in?x=1"
    )
