"""The change feed tells the truth whatever order a story's articles arrive in: clusters keep
their ids, each conflict is announced once, and replaying the feed from the start rebuilds exactly
the current report's conflicts. Library level (no HTTP): the same functions the jobs call."""

from __future__ import annotations

import random

import pytest

from summarizer.ingest.articles import parse_article
from summarizer.models import Article, ClusterStatus, FactTable, Report
from summarizer.pipeline import summarize
from summarizer.service.feed import carry_ids, conflict_detail, replay_conflicts, report_conflicts
from summarizer.service.jobs import story_report
from tests.conftest import ROOT

SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


def _grow(pairs: list[tuple[Article, FactTable]]) -> tuple[Report, list[dict]]:
    """A story that receives `pairs` one by one: its last report and every feed event."""
    stored: list[tuple[str, str]] = []
    report: Report | None = None
    issued = 0
    events: list[dict] = []
    for article, table in pairs:
        stored.append((article.model_dump_json(), table.model_dump_json()))
        revision = carry_ids(report, story_report(stored), issued, article.id)
        report, issued = revision.report, revision.issued
        events += revision.events
    assert report is not None
    return report, events


def _check_feed(report: Report, events: list[dict]) -> None:
    ids = [c.id for c in report.clusters]
    assert len(ids) == len(set(ids)), "a lasting id names two clusters"
    assert replay_conflicts(events) == report_conflicts(report)
    open_: set[str] = set()
    for event in events:  # a conflict is announced again only after it was resolved
        if event["kind"] == "conflict_new":
            assert event["cluster_id"] not in open_, f"{event['cluster_id']} announced twice"
            open_.add(event["cluster_id"])
        elif event["kind"] == "conflict_resolved":
            assert event["cluster_id"] in open_
            open_.discard(event["cluster_id"])
        elif event["kind"] == "conflict_changed":
            assert event["cluster_id"] in open_
    added = [e["cluster_id"] for e in events if e["kind"] == "cluster_added"]
    assert len(added) == len(set(added)), "an id was issued twice"
    gone = {e["cluster_id"] for e in events if e["kind"] in ("cluster_merged", "cluster_removed")}
    assert not gone & set(ids), "a cluster reported merged or removed is still in the report"
    assert set(ids) <= set(added)


@pytest.fixture(scope="module")
def seed_pairs() -> list[tuple[Article, FactTable]]:
    articles = [parse_article(p.read_text(encoding="utf-8"), source=p.name) for p in SEEDS]
    report = summarize(articles, extractor="rules", until="extract")
    tables = {t.article_id: t for t in report.tables}
    return [(a, tables[a.id]) for a in report.articles]


def _orders(n: int) -> list[list[int]]:
    rnd = random.Random(20261203)
    orders = [list(range(n)), list(reversed(range(n)))]
    for _ in range(4):
        order = list(range(n))
        rnd.shuffle(order)
        orders.append(order)
    return orders


def test_the_feed_replays_to_the_report_in_every_arrival_order_of_the_seeds(seed_pairs):
    finals = []
    for order in _orders(len(seed_pairs)):
        report, events = _grow([seed_pairs[i] for i in order])
        _check_feed(report, events)
        finals.append(report_conflicts(report))
    # the same articles make the same conflicts whatever the order (ids differ, sides do not)
    sides = [sorted(str(d["values"]) for d in f.values()) for f in finals]
    assert all(s == sides[0] for s in sides)
    assert sides[0], "the seeds disagree somewhere; a feed with no conflict would prove little"


def test_an_id_survives_the_arrival_of_an_article_that_sorts_first(seed_pairs):
    """The old feed keyed clusters by their earliest fact, which changed when an article with a
    lower id joined; lasting ids do not move."""
    by_id = sorted(seed_pairs, key=lambda p: p[0].id)
    late_first = by_id[1:] + by_id[:1]  # the article whose id sorts first arrives last
    report, events = _grow(late_first[:-1])
    before = {c.id: {f for v in c.values for f in v.fact_ids} for c in report.clusters}
    final, more = _grow(late_first)
    _check_feed(final, more)
    after = {c.id: {f for v in c.values for f in v.fact_ids} for c in final.clusters}
    kept = [cid for cid, facts in before.items() if cid in after and facts & after[cid]]  # on its own facts
    gone = {e["cluster_id"] for e in more[len(events) :] if e["kind"] in ("cluster_merged", "cluster_removed")}
    assert set(before) == set(kept) | gone
    # most ids keep every fact they had: the arrival adds to clusters, it does not reshuffle them (a
    # derived cluster, a withheld value set against a stated one, may lose its pairing when the
    # stated value's cluster takes the new article's subject)
    whole = [cid for cid, facts in before.items() if cid in after and facts <= after[cid]]
    assert len(whole) >= 0.95 * len(before)


def _synthetic_story(n: int) -> list[tuple[Article, FactTable]]:
    from bench.synthetic import corpus

    articles, tables = corpus(n, 12, outlets_per_event=n, seed=7)
    return list(zip(articles, tables, strict=True))


def test_a_fifty_article_story_replays_to_its_report_in_random_order():
    pairs = _synthetic_story(50)
    random.Random(5).shuffle(pairs)
    report, events = _grow(pairs)
    _check_feed(report, events)
    assert any(c.status is ClusterStatus.conflict for c in report.clusters)
    assert any(e["kind"] == "cluster_merged" for e in events) or any(e["kind"] == "conflict_changed" for e in events)


def test_a_conflict_event_says_which_value_is_denied():
    """ "X denied that S" against "X admitted that S": the feed's values say which is the denial;
    a value not denied carries no such key, as conflicts stored before it existed."""
    lima = "Defence Minister Ana Lima"
    report = summarize(
        [
            parse_article(f"{lima} denied on Monday that soldiers had fired on the protesters.", id="a"),
            parse_article(f"{lima} admitted on Monday that soldiers had fired on the protesters.", id="b"),
        ],
        extractor="rules",
        until="reconcile",
    )
    (conflict,) = [c for c in report.clusters if c.status is ClusterStatus.conflict]
    values = {v["article_ids"][0]: v for v in conflict_detail(conflict)["values"]}
    assert values["a"]["denied"] is True
    assert "denied" not in values["b"]
