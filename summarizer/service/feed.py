"""A story's change feed: clusters that keep their id for the life of the story, and the events
that tell a reader exactly how the report changed.

A story's report is rebuilt when an article arrives, and a rebuild numbers its clusters by
position. Positions move, so ids are carried instead: each cluster of the new report takes the
id of the earlier cluster it shares facts with (fact ids carry the article id, fixed per
content). When two earlier clusters now make one, the older id survives and the other is
reported merged into it; when an earlier cluster splits, the part that keeps most of its facts
keeps its id and the rest get new ones; a cluster sharing nothing gets a new id. Ids are issued
by a counter kept with the story, so an id is never given twice.

Events, each once, in this order per arrival: `article_added`, then for each cluster
`cluster_added`, `cluster_merged` (with `into`), `cluster_removed`, and for each conflict
`conflict_new`, `conflict_changed` or `conflict_resolved`. Replaying the conflict events from the
start (new and changed set a cluster's conflict, resolved removes it) rebuilds exactly the
conflicts of the current report: `replay_conflicts` does it, and the tests hold the feed to it
for every arrival order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..models import Cluster, ClusterStatus, Report

CONFLICT_EVENTS = ("conflict_new", "conflict_changed", "conflict_resolved")
_NUMBERED = re.compile(r"c(\d+)")


def lasting_id(n: int) -> str:
    return f"c{n:03d}"


def _number(cluster_id: str) -> int:
    found = _NUMBERED.fullmatch(cluster_id)
    return int(found.group(1)) if found else 0


def footprint(cluster: Cluster) -> frozenset[str]:
    """What a cluster is made of: its facts' ids; a cluster of no fact (a name's spellings) is
    known by what it is about."""
    ids = frozenset(fid for v in cluster.values for fid in v.fact_ids)
    return ids or frozenset({f"about:{cluster.kind.value}:{cluster.what}:{cluster.subject}"})


def conflict_detail(cluster: Cluster) -> dict[str, Any]:
    """What a feed event says about a cluster (and what a replay keeps for a conflict). A value
    reported as denied ("X denied that S") says so (`"denied": true`); the others carry no such
    key, as before it existed, so a stored conflict reads the same."""
    return {
        "status": cluster.status.value,
        "kind": cluster.kind.value,
        "subject": cluster.subject,
        "attribute": cluster.attribute,
        "previous": cluster.previous,
        "conflict_kinds": [k.value for k in cluster.conflict_kinds],
        "values": [
            {
                "value": v.value,
                "speaker": v.speaker,
                "article_ids": v.article_ids,
                **({"denied": True} if v.denied else {}),
            }
            for v in cluster.values
        ],
    }


@dataclass
class Revision:
    """A new report with lasting cluster ids, the events that lead to it, and the counter after."""

    report: Report
    events: list[dict[str, Any]] = field(default_factory=list)
    issued: int = 0


def carry_ids(before: Report | None, after: Report, issued: int, arrived: str | list[str]) -> Revision:
    """Give `after`'s clusters the lasting ids of `before`'s (see the module docstring); `issued`
    is how many ids the story has given so far. `arrived`: the article(s) new since `before`, in
    the order they arrived; each event names the newest of them among the cluster's sources."""
    arrivals = [arrived] if isinstance(arrived, str) else list(arrived)
    order = {article_id: n for n, article_id in enumerate(arrivals)}
    latest = arrivals[-1] if arrivals else ""

    def cause(cluster: Cluster | None) -> str:
        if cluster is not None:
            among = [a for v in cluster.values for a in v.article_ids if a in order]
            if among:
                return max(among, key=order.__getitem__)
        return latest

    old = list(before.clusters) if before else []
    issued = max([issued, *(_number(c.id) for c in old)])
    old_prints = [footprint(c) for c in old]
    new_prints = [footprint(c) for c in after.clusters]
    by_fact: dict[str, list[int]] = {}  # a fact may sit in two clusters (a date, and withheld vs stated)
    for i, fp in enumerate(old_prints):
        for fid in fp:
            by_fact.setdefault(fid, []).append(i)

    # each earlier cluster goes to the new cluster most like it: the same kind and attribute
    # first, then the same kind, then the most facts in common for their number (the first on a tie)
    shared: list[dict[int, int]] = []  # per new cluster: earlier cluster -> facts shared
    for fp in new_prints:
        counts: dict[int, int] = {}
        for fid in fp:
            for i in by_fact.get(fid, ()):
                counts[i] = counts.get(i, 0) + 1
        shared.append(counts)

    def likeness(i: int, j: int) -> tuple[bool, bool, float]:
        a, b = old[i], after.clusters[j]
        common = shared[j][i]
        union = len(old_prints[i]) + len(new_prints[j]) - common
        return (a.kind == b.kind and a.what == b.what, a.kind == b.kind, common / union)

    heir: dict[int, int] = {}
    for j, counts in enumerate(shared):
        for i in counts:
            if i not in heir or likeness(i, j) > likeness(i, heir[i]):
                heir[i] = j

    events: list[dict[str, Any]] = []
    ids: list[str] = []
    merged: dict[str, str] = {}
    split_from: dict[int, str] = {}
    for j in range(len(after.clusters)):
        won = sorted((i for i, h in heir.items() if h == j), key=lambda i: _number(old[i].id))
        if won:
            keep = old[won[0]].id
            ids.append(keep)
            for i in won[1:]:
                merged[old[i].id] = keep
            continue
        issued += 1
        ids.append(lasting_id(issued))
        if shared[j]:
            split_from[j] = old[max(shared[j], key=lambda i: likeness(i, j))].id
    removed = [c.id for i, c in enumerate(old) if i not in heir]

    renamed = {c.id: ids[j] for j, c in enumerate(after.clusters)}
    clusters = [c.model_copy(update={"id": ids[j]}) for j, c in enumerate(after.clusters)]
    summary = after.summary
    if summary is not None:
        sentences = [
            s.model_copy(update={"cluster_ids": [renamed.get(cid, cid) for cid in s.cluster_ids]})
            for s in summary.sentences
        ]
        summary = summary.model_copy(update={"sentences": sentences})
    report = after.model_copy(update={"clusters": clusters, "summary": summary})

    kept = {c.id for c in old}
    for j, cluster in enumerate(clusters):
        if cluster.id not in kept:
            extra = {"split_from": split_from[j]} if j in split_from else {}
            events.append(_event("cluster_added", cluster, cause(cluster), **extra))
    by_id = {c.id: c for c in clusters}
    for gone, into in sorted(merged.items()):
        events.append({"kind": "cluster_merged", "cluster_id": gone, "into": into, "article_id": cause(by_id[into])})
    for gone in removed:
        events.append({"kind": "cluster_removed", "cluster_id": gone, "article_id": latest})

    was = {c.id: conflict_detail(c) for c in old if c.status is ClusterStatus.conflict}
    now = {c.id: c for c in clusters if c.status is ClusterStatus.conflict}
    for cluster_id, detail in was.items():
        if cluster_id in now:
            if conflict_detail(now[cluster_id]) != detail:
                events.append(_event("conflict_changed", now[cluster_id], cause(now[cluster_id]), before=detail))
            continue
        reason = "merged" if cluster_id in merged else "removed" if cluster_id in removed else "agreed"
        still = by_id.get(merged.get(cluster_id, cluster_id))
        event = {"kind": "conflict_resolved", "cluster_id": cluster_id, "article_id": cause(still), "reason": reason}
        if cluster_id in merged:
            event["into"] = merged[cluster_id]
        events.append(event)
    for cluster_id, cluster in now.items():
        if cluster_id not in was:
            events.append(_event("conflict_new", cluster, cause(cluster)))
    return Revision(report=report, events=events, issued=issued)


def _event(kind: str, cluster: Cluster, article_id: str, **extra: Any) -> dict[str, Any]:
    return {
        "kind": kind,
        "cluster_id": cluster.id,
        "article_id": article_id,
        "detail": conflict_detail(cluster),
        **extra,
    }


def replay_conflicts(events: Iterable[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The conflicts a reader of the feed holds after `events`: cluster id -> its detail."""
    held: dict[str, dict[str, Any]] = {}
    for event in events:
        kind = event["kind"]
        if kind in ("conflict_new", "conflict_changed"):
            held[event["cluster_id"]] = event["detail"]
        elif kind == "conflict_resolved":
            held.pop(event["cluster_id"], None)
    return held


def report_conflicts(report: Report) -> dict[str, dict[str, Any]]:
    """The conflicts of a report as a replay holds them."""
    return {c.id: conflict_detail(c) for c in report.clusters if c.status is ClusterStatus.conflict}
