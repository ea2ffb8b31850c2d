"""`summarizer serve` over real HTTP: uvicorn in a subprocess on a free port, called with urllib.
The same story tests run on SQLite and on a PostgreSQL server the fixture starts itself; the rq
tests start Redis and two `summarizer worker` processes. Articles are written for these tests."""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import signal
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import sqlalchemy as sa

from summarizer.ingest.articles import parse_article
from summarizer.models import Report
from summarizer.pipeline import summarize
from summarizer.service import webhooks
from summarizer.service.feed import replay_conflicts, report_conflicts
from summarizer.service.jobs import run_job
from summarizer.service.store import Store, jobs, reports, story_scope
from tests.conftest import ROOT
from tests.fault_server import FaultServer
from tests.servers import CLI, Receiver, Service, free_port, postgres, redis, wait_for

KALMAR_POST = """Ferry fire kills 12 off Kalmar coast

KALMAR — At least 12 people were killed when a fire broke out on a passenger ferry off the Swedish coast on
Tuesday, the coast guard said.

"The fire started in the engine room and spread within minutes," coast guard spokeswoman Ingrid Solberg told
reporters. She said 40 passengers were rescued.
"""

BALTIC_WIRE = """Twelve dead as ferry burns near Kalmar

A fire on a passenger ferry near Kalmar killed 12 people on Tuesday, according to the coast guard.

"The fire started in the engine room and spread within minutes," said Ingrid Solberg, a coast guard spokeswoman.
Rescuers pulled 40 passengers from the water.
"""

NORDIC_NEWS = """Kalmar ferry blaze: what we know

"The fire began in the engine room and spread in minutes," coast guard spokeswoman Ingrid Solberg said on
Wednesday.
"""

ARTICLES = [
    {"id": "kalmar-post", "text": KALMAR_POST, "outlet": "Kalmar Post"},
    {"id": "baltic-wire", "text": BALTIC_WIRE, "outlet": "Baltic Wire"},
    {"id": "nordic-news", "text": NORDIC_NEWS, "outlet": "Nordic News"},
]


def _library_report(items: list[dict[str, str]]) -> Report:
    articles = [parse_article(a["text"], id=a["id"], outlet=a["outlet"]) for a in items]
    return summarize(articles, extractor="rules")


def _clusters(report: Report | dict) -> list[tuple]:
    data = report.model_dump(mode="json") if isinstance(report, Report) else report
    return [
        (c["status"], c["kind"], c["attribute"], [(v["value"], v["article_ids"]) for v in c["values"]])
        for c in data["clusters"]
    ]


@pytest.fixture(params=["sqlite", "postgresql"])
def any_db(request, tmp_path):
    if request.param == "sqlite":
        yield str(tmp_path / "service.db")
        return
    with postgres() as url:
        yield url


@pytest.fixture
def service(any_db):
    """The service on SQLite and on PostgreSQL: every test that uses it runs on both."""
    with Service(any_db) as running:
        yield running


def test_summarize_answers_the_library_report_over_http(service):
    status, body, _ = service.call("POST", "/v1/summarize", {"articles": ARTICLES, "extractor": "rules"})
    assert status == 200
    report = Report.model_validate(body)
    assert [a.outlet for a in report.articles] == ["Kalmar Post", "Baltic Wire", "Nordic News"]
    assert _clusters(report) == _clusters(_library_report(ARTICLES))
    assert any(c.status.value == "conflict" and c.kind.value == "quote" for c in report.clusters)
    assert "Kalmar Post" in report.summary.text


def test_jobs_queue_and_report_progress(service):
    status, body, headers = service.call("POST", "/v1/jobs", {"articles": ARTICLES[:2]})
    assert status == 202
    assert headers["location"] == f"/v1/jobs/{body['id']}"
    assert body["status"] in ("queued", "running", "done") and body["total"] == 2
    done = wait_for(lambda: (r := service.call("GET", f"/v1/jobs/{body['id']}")[1])["status"] == "done" and r)
    assert done["done"] == 2 and done["attempts"] == 1
    assert _clusters(done["result"]) == _clusters(_library_report(ARTICLES[:2]))


def _story_flow(service: Service) -> tuple[str, list[dict]]:
    status, story, _ = service.call("POST", "/v1/stories", {"title": "Kalmar ferry fire"})
    assert status == 201
    sid = story["id"]
    for item in ARTICLES[:2]:
        status, body, _ = service.call("POST", f"/v1/stories/{sid}/articles?wait=true", item)
        assert (status, body["status"]) == (201, "done"), body
    _, feed, _ = service.call("GET", f"/v1/stories/{sid}/changes")
    assert not [c for c in feed["changes"] if c["kind"].startswith("conflict")]  # the first two agree
    since = feed["next"]
    status, body, _ = service.call("POST", f"/v1/stories/{sid}/articles?wait=true", ARTICLES[2])
    assert status == 201
    _, feed, _ = service.call("GET", f"/v1/stories/{sid}/changes?since={since}")
    return sid, feed["changes"]


def test_story_change_feed_names_the_new_conflict_and_its_article(any_db):
    with Service(any_db) as service:
        sid, changes = _story_flow(service)
        assert changes[0]["kind"] == "article_added" and changes[0]["article_id"] == "nordic-news"
        conflicts = [c for c in changes if c["kind"] == "conflict_new"]
        assert len(conflicts) == 1
        conflict = conflicts[0]
        assert conflict["article_id"] == "nordic-news"
        assert conflict["detail"]["conflict_kinds"] == ["quote_wording"]
        sides = {tuple(v["article_ids"]) for v in conflict["detail"]["values"]}
        assert sides == {("baltic-wire", "kalmar-post"), ("nordic-news",)}

        status, report, _ = service.call("GET", f"/v1/stories/{sid}/report")
        assert status == 200
        assert _clusters(report) == _clusters(_library_report(ARTICLES))
        status, markdown, headers = service.call("GET", f"/v1/stories/{sid}/report?format=md")
        assert headers["content-type"].startswith("text/markdown") and "Nordic News" in markdown
        status, csv_text, _ = service.call("GET", f"/v1/stories/{sid}/report?format=csv")
        assert "quote_wording" in csv_text
        status, html, _ = service.call("GET", f"/v1/stories/{sid}/report?format=html")
        assert "<del>" in html or "<ins>" in html

        # the same article again is a no-op; another article under a taken id is refused
        status, body, _ = service.call("POST", f"/v1/stories/{sid}/articles", ARTICLES[0])
        assert (status, body["status"], body["job_id"]) == (200, "duplicate", None)
        status, body, _ = service.call(
            "POST", f"/v1/stories/{sid}/articles", {**ARTICLES[0], "text": KALMAR_POST + "\nCorrection appended."}
        )
        assert status == 409 and "kalmar-post" in body["error"]["message"]
        store = Store(any_db)
        assert len(store.stored_articles(story_scope(sid))) == 3
        store.close()


HOOK_ENV = {"SUMMARIZER_WEBHOOK_ALLOW": "127.0.0.1", "SUMMARIZER_WEBHOOK_BACKOFF": "0.2"}


def test_webhook_receives_each_new_conflict_signed(tmp_path):
    receiver = Receiver(fail=1).up()  # the first delivery fails: it is retried
    secret = "hook-secret-for-tests"
    try:
        with Service(str(tmp_path / "s.db"), env={**HOOK_ENV, "SUMMARIZER_WEBHOOK_SECRET": secret}) as service:
            status, story, _ = service.call("POST", "/v1/stories", {"title": "Kalmar", "webhook": receiver.url})
            assert status == 201, story
            for item in ARTICLES:
                service.call("POST", f"/v1/stories/{story['id']}/articles?wait=true", item)
            wait_for(lambda: len(receiver.received) == 2, 30, "the retried webhook delivery")
            state = wait_for(
                lambda: (r := service.call("GET", f"/v1/stories/{story['id']}/webhook")[1])["counts"]["delivered"] and r
            )
    finally:
        receiver.down()
    (first_headers, first), (headers, body) = receiver.received
    assert first == body and first_headers["X-Summarizer-Delivery"] == headers["X-Summarizer-Delivery"]
    assert webhooks.verify(secret, body, headers["X-Summarizer-Signature"])
    assert not webhooks.verify(secret, body + b" ", headers["X-Summarizer-Signature"])
    assert not webhooks.verify(secret, body, headers["X-Summarizer-Signature"], at=time.time() + 3600)  # a replay
    payload = json.loads(body)
    assert payload["story_id"] == story["id"] and payload["delivery_id"] == headers["X-Summarizer-Delivery"]
    assert [(c["kind"], c["article_id"]) for c in payload["changes"]] == [("conflict_new", "nordic-news")]
    assert payload["seq"] == payload["changes"][-1]["seq"]
    (delivery,) = state["deliveries"]
    assert (delivery["state"], delivery["attempts"], delivery["last_status"]) == ("delivered", 2, 204)


def test_webhook_deliveries_survive_a_receiver_down_and_a_server_restart(tmp_path):
    """The receiver is down while conflicts happen and the server restarts; when the receiver
    comes back every delivery arrives, once per id, in the order of the feed."""
    receiver = Receiver()  # not listening yet: connections are refused
    db = str(tmp_path / "s.db")
    with Service(db, env=HOOK_ENV) as service:
        _, story, _ = service.call("POST", "/v1/stories", {"title": "Kalmar", "webhook": receiver.url})
        sid = story["id"]
        for item in reversed(ARTICLES):
            service.call("POST", f"/v1/stories/{sid}/articles?wait=true", item)
        wait_for(
            lambda: service.call("GET", f"/v1/stories/{sid}/webhook")[1]["deliveries"][-1]["attempts"] >= 2,
            30,
            "failed attempts",
        )
        _, state, _ = service.call("GET", f"/v1/stories/{sid}/webhook")
        assert state["counts"]["pending"] >= 1 and state["deliveries"][0]["next_attempt_at"]
        assert state["deliveries"][-1]["last_error"] == "ConnectError"
    receiver.up()
    try:
        with Service(db, env=HOOK_ENV) as service:
            pending = state["counts"]["pending"]
            wait_for(lambda: len({h["X-Summarizer-Delivery"] for h, _ in receiver.received}) == pending, 60)
            _, feed, _ = service.call("GET", f"/v1/stories/{sid}/changes")
    finally:
        receiver.down()
    ids = [h["X-Summarizer-Delivery"] for h, _ in receiver.received]
    assert len(ids) == len(set(ids)) == pending
    seqs = [json.loads(body)["seq"] for _, body in receiver.received]
    assert seqs == sorted(seqs)
    announced = [c["seq"] for _, body in receiver.received for c in json.loads(body)["changes"]]
    expected = [c["seq"] for c in feed["changes"] if c["kind"] in webhooks.ANNOUNCED]
    assert announced == expected


KEY_A = "newsroom-a-key-0123456789abcdef"
KEY_B = "newsroom-b-key-0123456789abcdef"
ADMIN_KEY = "admin-key-0123456789abcdefghij"


def test_api_keys_and_rate_limit(tmp_path):
    env = {"SUMMARIZER_API_KEYS": f"a:{KEY_A},b:{KEY_B}"}
    with Service(str(tmp_path / "s.db"), "--rate", "5", env=env) as service:
        service.key = None
        status, body, headers = service.call("POST", "/v1/stories", {"title": "x"})
        assert status == 401 and body["error"]["type"] == "unauthorized" and headers["www-authenticate"] == "Bearer"
        status, _, _ = service.call("POST", "/v1/stories", {"title": "x"}, headers={"X-Api-Key": "wrong"})
        assert status == 401
        status, _, _ = service.call("POST", "/v1/stories", {"title": "x"}, headers={"X-Api-Key": KEY_B})
        assert status == 201
        service.key = KEY_A
        statuses = [service.call("GET", "/metrics")[0] for _ in range(7)]
        assert statuses[:5] == [200] * 5 and statuses[-1] == 429
        status, body, headers = service.call("GET", "/metrics")
        assert status == 429 and int(headers["retry-after"]) >= 1
        # another key has its own budget; health needs no key
        assert service.call("GET", "/metrics", headers={"Authorization": f"Bearer {KEY_B}"})[0] == 200
        service.key = None
        assert service.call("GET", "/healthz")[0] == 200


def test_tenants_see_only_their_own_stories_and_jobs(tmp_path):
    keys = tmp_path / "keys"
    hashed = hashlib.sha256(KEY_B.encode()).hexdigest()
    keys.write_text(f"# newsroom keys\na:{KEY_A}\nb:sha256:{hashed}\n", encoding="utf-8")
    env = {**HOOK_ENV, "SUMMARIZER_ADMIN_KEY": ADMIN_KEY}
    with Service(str(tmp_path / "s.db"), "--keys-file", str(keys), env=env, key=KEY_A) as service:
        hook = "http://user:hook-password@127.0.0.1:9/in"
        status, story, _ = service.call("POST", "/v1/stories", {"title": "A's story", "webhook": hook})
        assert status == 201 and "hook-password" not in json.dumps(story)
        sid = story["id"]
        status, job, _ = service.call("POST", "/v1/jobs", {"articles": ARTICLES[:1]})
        assert status == 202
        as_b = {"Authorization": f"Bearer {KEY_B}"}
        for method, path, body in [
            ("GET", f"/v1/stories/{sid}", None),
            ("GET", f"/v1/stories/{sid}/report", None),
            ("GET", f"/v1/stories/{sid}/changes", None),
            ("GET", f"/v1/stories/{sid}/webhook", None),
            ("POST", f"/v1/stories/{sid}/articles", ARTICLES[0]),
            ("GET", f"/v1/jobs/{job['id']}", None),
        ]:
            status, answer, _ = service.call(method, path, body, headers=as_b)
            assert (status, answer["error"]["type"]) == (404, "not_found"), (method, path)
        assert service.call("GET", f"/v1/stories/{sid}")[0] == 200  # A still sees it
        admin = {"Authorization": f"Bearer {ADMIN_KEY}"}
        status, seen, _ = service.call("GET", f"/v1/stories/{sid}/webhook", headers=admin)
        assert status == 200 and seen["url"] == "http://***@127.0.0.1:9/in"
    assert "hook-password" not in service.log.read_text(encoding="utf-8")
    assert KEY_A not in service.log.read_text(encoding="utf-8")


def test_short_keys_are_refused_at_start(tmp_path):
    command = [*CLI, "serve", "--port", str(free_port()), "--db", str(tmp_path / "s.db")]
    env = {"PATH": "/usr/bin:/bin", "SUMMARIZER_API_KEYS": "newsroom:k"}
    result = subprocess.run(command, capture_output=True, text=True, timeout=60, env=env)
    assert result.returncode != 0
    assert "API key 1 (tenant newsroom) is 1 characters; keys must be at least 24" in result.stderr


def test_wrong_keys_are_limited_per_address_and_logged(tmp_path):
    env = {"SUMMARIZER_API_KEYS": f"a:{KEY_A}", "SUMMARIZER_AUTH_FAILURES": "5"}
    with Service(str(tmp_path / "s.db"), env=env) as service:
        statuses = [service.call("GET", "/metrics", headers={"X-Api-Key": f"guess-{n}"})[0] for n in range(8)]
        assert statuses[:5] == [401] * 5 and set(statuses[5:]) == {429}
        status, body, headers = service.call("GET", "/metrics", headers={"X-Api-Key": KEY_A})
        assert status == 429 and int(headers["retry-after"]) >= 1  # the address waits, whatever key it tries
    log = service.log.read_text(encoding="utf-8")
    assert "refused a request from 127.0.0.1: wrong API key" in log and "too many wrong API keys" in log
    assert "guess-" not in log


def test_docs_are_off_unless_asked_and_served_without_a_cdn(tmp_path):
    with Service(str(tmp_path / "s.db")) as service:
        assert service.call("GET", "/docs")[0] == 404 and service.call("GET", "/openapi.json")[0] == 404
    with Service(str(tmp_path / "s.db"), "--docs") as service:
        status, page, headers = service.call("GET", "/docs")
        assert status == 200 and "cdn" not in page.lower() and "/docs/static/swagger-ui-bundle.js" in page
        assert "script-src 'self'" in headers["content-security-policy"]
        assert service.call("GET", "/docs/static/swagger-ui-bundle.js")[0] == 200
        assert service.call("GET", "/openapi.json")[0] == 200


def test_security_headers_on_every_answer(service):
    _, story, _ = service.call("POST", "/v1/stories", {"title": "Kalmar"})
    service.call("POST", f"/v1/stories/{story['id']}/articles?wait=true", ARTICLES[0])
    for path in ["/healthz", f"/v1/stories/{story['id']}/report", "/v1/nothing-here"]:
        _, _, headers = service.call("GET", path)
        assert headers["x-content-type-options"] == "nosniff" and headers["cache-control"] == "no-store", path
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
    _, html, headers = service.call("GET", f"/v1/stories/{story['id']}/report?format=html")
    policy = headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src 'sha256-" in policy and "unsafe-eval" not in policy


def test_cors_origins_are_a_setting(tmp_path):
    env = {"SUMMARIZER_CORS_ORIGINS": "https://desk.example.org"}
    with Service(str(tmp_path / "s.db"), env=env) as service:
        ask = {"Origin": "https://desk.example.org", "Access-Control-Request-Method": "POST"}
        status, _, headers = service.call("OPTIONS", "/v1/stories", headers=ask)
        assert status == 200 and headers["access-control-allow-origin"] == "https://desk.example.org"
        status, _, headers = service.call("OPTIONS", "/v1/stories", headers={**ask, "Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in {k.lower() for k in headers}


def test_bad_input_gets_a_json_4xx_and_the_server_keeps_serving(service):
    cases = [
        ("POST", "/v1/summarize", b'{"articles": [', 400, "invalid_json"),
        ("POST", "/v1/summarize", json.dumps({"articles": "not a list"}).encode(), 422, "invalid_request"),
        ("POST", "/v1/summarize", json.dumps({"articles": [{"text": " \n "}]}).encode(), 422, None),
        ("POST", "/v1/summarize", json.dumps({"articles": [{"text": "a", "html": "b"}]}).encode(), 422, None),
        ("POST", "/v1/summarize", json.dumps({"articles": [], "extractor": "rules"}).encode(), 422, None),
        ("POST", "/v1/summarize", b"x" * (20 * 1024 * 1024), 413, "too_large"),
        ("GET", "/v1/stories/no-such-story/report", None, 404, "not_found"),
        ("GET", "/v1/jobs/no-such-job", None, 404, "not_found"),
        ("POST", "/v1/stories/no-such-story/articles", json.dumps(ARTICLES[0]).encode(), 404, "not_found"),
        ("GET", "/v1/nothing-here", None, 404, "not_found"),
        ("GET", "/v1/stories/no-such-story/changes?since=-1", None, 422, "invalid_request"),
    ]
    for method, path, raw, expected, kind in cases:
        status, body, headers = service.call(method, path, raw=raw)
        assert status == expected, (path, raw[:40] if raw else None, body)
        assert headers["content-type"] == "application/json", path
        assert body["error"]["message"] and "Traceback" not in body["error"]["message"]
        if kind:
            assert body["error"]["type"] == kind
    # a batch with one unreadable article keeps the others and names the bad one
    mixed = [ARTICLES[0], {"id": "empty-one", "text": "   "}]
    status, body, _ = service.call("POST", "/v1/summarize", {"articles": mixed})
    assert status == 200
    assert [a["id"] for a in body["articles"]] == ["kalmar-post"]
    assert [e["source"] for e in body["run"]["errors"]] == ["empty-one"]
    assert service.call("GET", "/healthz")[0] == 200


def test_restart_in_the_middle_of_a_story_loses_nothing(any_db):
    db = any_db
    env = {"SUMMARIZER_JOB_LEASE": "2"}
    with Service(db, env=env) as first:
        _, story, _ = first.call("POST", "/v1/stories", {"title": "Kalmar"})
        sid = story["id"]
        first.call("POST", f"/v1/stories/{sid}/articles?wait=true", ARTICLES[0])
        _, before, _ = first.call("GET", f"/v1/stories/{sid}/report")
    with Service(db, env=env) as second:
        _, after, _ = second.call("GET", f"/v1/stories/{sid}/report")
        assert after == before
        # killed hard right after accepting two articles: their jobs are in the store
        status, _, _ = second.call("POST", f"/v1/stories/{sid}/articles", ARTICLES[1])
        assert status == 202
        status, _, _ = second.call("POST", f"/v1/stories/{sid}/articles", ARTICLES[2])
        second.stop(signal.SIGKILL)
    with Service(db, env=env) as third:
        wait_for(lambda: len(third.call("GET", f"/v1/stories/{sid}/report")[1]["articles"]) == 3, 60, "the jobs")
        _, report, _ = third.call("GET", f"/v1/stories/{sid}/report")
    assert _clusters(report) == _clusters(_library_report(ARTICLES))
    store = Store(db)
    assert len(store.stored_articles(story_scope(sid))) == 3
    store.close()


def test_non_loopback_address_without_keys_is_refused(tmp_path):
    command = [*CLI, "serve", "--host", "0.0.0.0", "--port", str(free_port()), "--db", str(tmp_path / "s.db")]
    result = subprocess.run(command, capture_output=True, text=True, timeout=60, env={"PATH": "/usr/bin:/bin"})
    assert result.returncode == 2
    assert "refusing to listen on 0.0.0.0 without API keys" in result.stderr


def test_model_calls_go_to_the_call_log_and_metrics(tmp_path):
    db = str(tmp_path / "s.db")
    with FaultServer(latency=0.0) as model:
        env = {"OPENAI_BASE_URL": model.base_url, "OPENAI_API_KEY": "sk-test-secret-key-123456", "OPENAI_MODEL": "m"}
        with Service(db, "--model", "m", "--base-url", model.base_url, env=env) as service:
            _, story, _ = service.call("POST", "/v1/stories", {"title": "Kalmar", "extractor": "all"})
            status, body, _ = service.call("POST", f"/v1/stories/{story['id']}/articles?wait=true", ARTICLES[0])
            assert status == 201, body
            _, metrics, _ = service.call("GET", "/metrics")
    assert "summarizer_model_calls_total 1" in metrics
    result = subprocess.run(
        [*CLI, "logs", "--json", "--db", db, "--story", story["id"]], capture_output=True, text=True, check=True
    )
    [record] = [json.loads(line) for line in result.stdout.splitlines()]
    assert record["template"] == "extract_facts" and record["status"] == "ok"
    assert record["story_id"] == story["id"] and record["job_id"]
    assert record["prompt_tokens"] > 0 and "sk-test" not in result.stdout
    text = subprocess.run([*CLI, "logs", "--db", db], capture_output=True, text=True, check=True).stdout
    assert "extract_facts@" in text and " ok" in text


def test_rq_workers_survive_a_killed_worker(tmp_path, any_db):
    db = any_db
    with redis(tmp_path) as redis_url, FaultServer(latency=1.0) as model:
        env = {
            "OPENAI_BASE_URL": model.base_url,
            "OPENAI_API_KEY": "test",
            "OPENAI_MODEL": "m",
            "SUMMARIZER_JOB_LEASE": "3",
        }
        command = [*CLI, "worker", "--db", db, "--redis", redis_url, "--model", "m"]
        # the first worker alone until it holds a job, so the kill always lands in the middle of one
        workers = [subprocess.Popen(command, env={**os.environ, **env})]
        try:
            with Service(db, "--engine", "rq", "--redis", redis_url, "--model", "m", env=env) as service:
                _, story, _ = service.call("POST", "/v1/stories", {"title": "Kalmar", "extractor": "all"})
                sid = story["id"]
                texts = [
                    dict(a, text=a["text"] + f"\nUpdate {i}.\n", id=f"{a['id']}-{i}")
                    for i in range(2)
                    for a in ARTICLES
                ]
                for item in texts:
                    assert service.call("POST", f"/v1/stories/{sid}/articles", item)[0] == 202
                store = Store(db)
                victim = workers[0]

                def running_on_victim() -> bool:
                    with store.engine.connect() as conn:
                        rows = conn.exec_driver_sql("SELECT worker FROM jobs WHERE status = 'running'").all()
                    return any(str(victim.pid) in (r[0] or "") for r in rows)

                wait_for(running_on_victim, 60, "a job on the first worker")
                workers.append(subprocess.Popen(command, env={**os.environ, **env}))
                wait_for(lambda: _workers_listening(redis_url) == 2, 60, "the second worker")
                victim.send_signal(signal.SIGKILL)
                victim.wait()

                def article_jobs() -> list[str]:
                    with store.engine.connect() as conn:
                        return [r[0] for r in conn.exec_driver_sql("SELECT status FROM jobs WHERE kind = 'article'")]

                def finished() -> bool:
                    return article_jobs().count("done") + article_jobs().count("failed") == len(texts)

                wait_for(finished, 120, "every job")
                assert "failed" not in article_jobs() and store.job_counts()["failed"] == 0
                _, report, _ = service.call("GET", f"/v1/stories/{sid}/report")
        finally:
            for w in workers:
                w.kill()
                w.wait()
    stored = store.stored_articles(story_scope(sid))
    assert sorted(json.loads(a)["id"] for a, _ in stored) == sorted(t["id"] for t in texts)
    assert sorted(a["id"] for a in report["articles"]) == sorted(t["id"] for t in texts)
    with store.engine.connect() as conn:
        attempts = [r[0] for r in conn.exec_driver_sql("SELECT attempts FROM jobs").all()]
    store.close()
    assert max(attempts) == 2  # the killed worker's job ran again, once


def _workers_listening(redis_url: str) -> int:
    import redis as redis_client
    from rq import Worker

    connection = redis_client.Redis.from_url(redis_url)
    try:
        return len(Worker.all(connection=connection))
    finally:
        connection.close()


def test_openapi_is_generated_from_the_library_models(tmp_path):
    with Service(str(tmp_path / "s.db"), "--docs") as service:
        status, spec, _ = service.call("GET", "/openapi.json")
    assert status == 200
    schemas = spec["components"]["schemas"]
    assert {"Report", "Cluster", "SummarizeRequest", "ArticleIn", "JobOut", "Changes"} <= set(schemas)
    assert set(spec["paths"]) >= {
        "/v1/summarize",
        "/v1/jobs",
        "/v1/jobs/{job_id}",
        "/v1/stories",
        "/v1/stories/{story_id}/articles",
        "/v1/stories/{story_id}/report",
        "/v1/stories/{story_id}/changes",
        "/v1/stories/{story_id}/webhook",
        "/healthz",
        "/metrics",
    }


def test_one_off_cli_runs_log_model_calls_unless_no_log(tmp_path):
    article = tmp_path / "kalmar.txt"
    article.write_text(KALMAR_POST, encoding="utf-8")
    db = str(tmp_path / "calls.db")
    with FaultServer() as model:
        base = [*CLI, "extract", str(article), "--extractor", "llm", "-m", "m", "--base-url", model.base_url]
        env = {**os.environ, "OPENAI_API_KEY": "sk-cli-secret-0000000000"}
        subprocess.run([*base, "--db", db, "--no-cache"], env=env, check=True, capture_output=True)
        subprocess.run([*base, "--db", db, "--no-cache", "--no-log"], env=env, check=True, capture_output=True)
    result = subprocess.run([*CLI, "logs", "--json", "--db", db], capture_output=True, text=True, check=True)
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["template"], r["status"], r["story_id"]) for r in records] == [("extract_facts", "ok", None)]
    assert "sk-cli" not in result.stdout


def _raw(service: Service, method: str, path: str, body: bytes, headers: dict[str, str] | None = None):
    connection = http.client.HTTPConnection("127.0.0.1", service.port, timeout=60)
    connection.request(method, path, body=body, headers={"Content-Type": "application/json", **(headers or {})})
    response = connection.getresponse()
    return response.status, json.loads(response.read()), connection


def test_the_same_answers_on_sqlite_and_postgresql(any_db):
    """Input that passed JSON parsing but no database can keep, out-of-range numbers, streamed
    bodies over the limit and concurrent duplicates: the same answer on both back ends."""
    with Service(any_db, "--max-body", "65536") as service:
        _, story, _ = service.call("POST", "/v1/stories", {"title": "Kalmar"})
        sid = story["id"]
        unkeepable = [
            ("/v1/stories", b'{"title": "nul \\u0000 here"}'),
            ("/v1/stories", b'{"title": "lone \\ud800 surrogate"}'),
            (f"/v1/stories/{sid}/articles", b'{"id": "x\\u0000", "text": "Some words here."}'),
            (f"/v1/stories/{sid}/articles", b'{"text": "Broken \\udc00 text in an article."}'),
            ("/v1/summarize", b'{"articles": [{"text": "Fine text.", "outlet": "\\ud83d"}]}'),
        ]
        for path, raw in unkeepable:
            status, body, _ = service.call("POST", path, raw=raw)
            assert (status, body["error"]["type"]) == (422, "invalid_request"), (path, body)
            message = body["error"]["message"]
            assert "NUL" in message or "surrogate" in message or "unicode string" in message, message
        assert service.call("GET", f"/v1/stories/{sid}/changes?since=3000000000")[0] == 200
        for since in (2**63, 2**64 + 5, 10**30):
            status, body, _ = service.call("GET", f"/v1/stories/{sid}/changes?since={since}")
            assert (status, body["error"]["type"]) == (422, "invalid_request")

        # a chunked body over the limit is 413, like one with a Content-Length
        connection = http.client.HTTPConnection("127.0.0.1", service.port, timeout=60)
        chunks = (b'{"title": "' + b"x" * 8192 for _ in range(20))
        connection.request("POST", "/v1/stories", body=chunks, encode_chunked=True)
        response = connection.getresponse()
        assert response.status == 413 and json.loads(response.read())["error"]["type"] == "too_large"
        connection.close()

        # ten identical articles at once: stored once, announced once, one revision
        def post() -> int:
            return service.call("POST", f"/v1/stories/{sid}/articles?wait=true", ARTICLES[0])[0]

        with ThreadPoolExecutor(10) as pool:
            statuses = list(pool.map(lambda _: post(), range(10)))
        assert statuses.count(201) >= 1 and set(statuses) <= {200, 201}
        _, feed, _ = service.call("GET", f"/v1/stories/{sid}/changes")
        assert [c["kind"] for c in feed["changes"]].count("article_added") == 1
        assert {c["revision"] for c in feed["changes"]} == {1}
        store = Store(any_db)
        assert len(store.stored_articles(story_scope(sid))) == 1
        assert store.story(sid)["revision"] == 1

        # a 500 is an answer: the same connection serves the next request
        with store.begin() as conn:
            conn.execute(reports.update().where(reports.c.scope == story_scope(sid)).values(report="{broken"))
        store.close()
        status, body, connection = _raw(service, "GET", f"/v1/stories/{sid}/report", b"")
        assert (status, body["error"]["type"]) == (500, "internal")
        connection.request("GET", "/healthz")
        response = connection.getresponse()
        assert response.status == 200 and json.loads(response.read())["status"] == "ok"
        connection.close()


def test_the_feed_replays_to_the_report_for_any_arrival_order(any_db):
    with Service(any_db) as service:
        _, story, _ = service.call("POST", "/v1/stories", {"title": "Kalmar"})
        sid = story["id"]
        for item in [ARTICLES[2], ARTICLES[0], ARTICLES[1]]:  # the article that makes the conflict first
            service.call("POST", f"/v1/stories/{sid}/articles?wait=true", item)
        _, feed, _ = service.call("GET", f"/v1/stories/{sid}/changes")
        _, report, _ = service.call("GET", f"/v1/stories/{sid}/report")
    held = replay_conflicts(feed["changes"])
    assert held == report_conflicts(Report.model_validate(report))
    assert held, "the Kalmar articles disagree on the quote's wording"
    new = [c["cluster_id"] for c in feed["changes"] if c["kind"] == "conflict_new"]
    assert len(new) == len(set(new))


def test_an_arrival_is_done_when_stored_and_one_build_per_story_runs_at_a_time(any_db):
    """An arrival's cost does not grow with its story: its job stores the article and queues the
    story's build; a build already running (another worker's) is never joined by a second, and
    the arrival leaves its build queued for it; a reader then gets the report with the article."""
    store = Store(any_db)
    store.migrate()
    try:
        sid = store.create_story("Kalmar")
        with store.begin() as conn:
            running = store.ensure_build(conn, sid)
        assert store.claim_job(running, "other-worker", 60) is not None  # a build under way elsewhere
        item = ARTICLES[0]
        request = {"article": {"text": item["text"], "id": item["id"], "outlet": item["outlet"]}, "extractor": "rules"}
        job_id = store.create_job("article", request, 1, story_id=sid)
        assert run_job(store, job_id, "this-worker", lambda _: None, 60) == "done"
        assert len(store.stored_articles(story_scope(sid))) == 1  # stored ...
        assert store.report_revision(story_scope(sid)) == 0  # ... and not built by the arrival
        queued = store.queued_build(sid)
        assert queued is not None and store.claim_job(queued, "this-worker", 60) is None  # no second build
        store.finish_job(running)  # the other build ends: the queued one is taken next
        assert run_job(store, queued, "this-worker", lambda _: None, 60) == "done"
        report = Report.model_validate_json(store.report(story_scope(sid)) or "{}")
        assert [a.id for a in report.articles] == [item["id"]]
        assert store.queued_build(sid) is None
    finally:
        store.close()


def test_rules_jobs_run_in_worker_processes_not_the_server(tmp_path):
    """Extraction and reconciliation never run on the process that answers /healthz."""
    db = str(tmp_path / "s.db")
    with Service(db, "--workers", "2") as service:
        status, _, _ = service.call("POST", "/v1/summarize", {"articles": ARTICLES})
        assert status == 200
        _, story, _ = service.call("POST", "/v1/stories", {"title": "Kalmar"})
        assert service.call("POST", f"/v1/stories/{story['id']}/articles?wait=true", ARTICLES[0])[0] == 201
        server_pid = service.proc.pid
    store = Store(db)
    with store.engine.connect() as conn:
        rows = conn.execute(sa.select(jobs.c.kind, jobs.c.worker)).all()
    store.close()
    assert sorted(kind for kind, _ in rows) == ["article", "build", "summarize"]  # the story's report: a build
    pids = {int(w.rsplit(":", 1)[1]) for _, w in rows}
    assert server_pid not in pids


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process left while we read
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has exited; only its parent's reaping is left


def test_worker_processes_leave_with_a_server_killed_hard(tmp_path):
    """kill -9 of the server leaves no worker process behind waiting for work forever."""
    service = Service(str(tmp_path / "s.db"), "--workers", "2").start()
    try:
        children = wait_for(lambda: _children(service.proc.pid), what="the worker processes")
    finally:
        service.stop(signal.SIGKILL)
    wait_for(lambda: not any(_running(pid) for pid in children), what="the worker processes to leave")


def test_articles_arriving_together_are_all_in_the_report_and_the_feed(any_db):
    """Arrivals store their article at once and report builds coalesce: whatever interleaving,
    every article is in the report, and the feed replays to its conflicts."""
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    items = [{"id": p.stem, "text": p.read_text(encoding="utf-8")} for p in seeds] + ARTICLES
    with Service(any_db, "--workers", "2") as service:
        _, story, _ = service.call("POST", "/v1/stories", {"title": "Two events at once"})
        sid = story["id"]
        with ThreadPoolExecutor(len(items)) as pool:
            statuses = list(
                pool.map(lambda item: service.call("POST", f"/v1/stories/{sid}/articles?wait=true", item)[0], items)
            )
        assert statuses == [201] * len(items)
        _, report, _ = service.call("GET", f"/v1/stories/{sid}/report")
        _, feed, _ = service.call("GET", f"/v1/stories/{sid}/changes")
    assert sorted(a["id"] for a in report["articles"]) == sorted(i["id"] for i in items)
    assert replay_conflicts(feed["changes"]) == report_conflicts(Report.model_validate(report))
    new = [c["cluster_id"] for c in feed["changes"] if c["kind"] == "conflict_new"]
    assert len(new) == len(set(new)) and new
    added = [c["article_id"] for c in feed["changes"] if c["kind"] == "article_added"]
    assert sorted(added) == sorted(i["id"] for i in items)
    assert {c["article_id"] for c in feed["changes"]} <= set(added)
