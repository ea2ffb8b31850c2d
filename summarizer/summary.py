"""The neutral summary of a reconciled table: the model's, when it can be checked against the
table; otherwise a deterministic digest built from the table itself."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

from .claims import check_summary
from .errors import ModelError
from .llm import ModelClient
from .models import (
    Article,
    Cluster,
    ClusterStatus,
    ClusterValue,
    Fact,
    FactKind,
    Summary,
    SummarySentence,
    TemplateRef,
    Usage,
)
from .prompts import load_template

SUMMARY_TEMPLATE = "summarize"
MAX_SENTENCES = 5
MAX_LINES = 12


Names = dict[str, str]


def outlet_names(articles: list[Article]) -> Names:
    """Article id -> the name a reader knows it by: its outlet, else its title, else its id.
    Two articles of one outlet are told apart by their ids."""
    names = {a.id: a.outlet or a.title or a.id for a in articles}
    counts: dict[str, int] = {}
    for name in names.values():
        counts[name] = counts.get(name, 0) + 1
    return {i: (n if counts[n] == 1 else f"{n} ({i})") for i, n in names.items()}


def _cite(ids: list[str], names: Names | None = None) -> str:
    return "[" + ", ".join((names or {}).get(i, i) for i in ids) + "]"


def describe(cluster: Cluster, names: Names | None = None) -> str:
    """One neutral line for a cluster, with citations (outlet names when `names` are given)."""
    v = cluster.values[0]
    cite = _cite(sorted({a for value in cluster.values for a in value.article_ids}), names)
    if cluster.kind is FactKind.quote:
        who = v.speaker or cluster.subject
        return f'{who} said: "{_clip(v.value)}" {cite}'
    if cluster.kind is FactKind.number:
        return f"{v.value} {cluster.subject} {cite}"
    if cluster.kind is FactKind.date:
        return f"{v.value} (… {cluster.subject}) {cite}"
    return f"{cluster.subject}: {cluster.attribute} {v.value} {cite}"


def describe_conflict(cluster: Cluster, names: Names | None = None) -> str:
    """One line naming a disagreement and each side's sources."""
    kinds = ", ".join(k.value for k in cluster.conflict_kinds)

    others = [v.value for v in cluster.values]

    def side(v: ClusterValue) -> str:
        who = f"{v.speaker}: " if v.speaker and cluster.kind is FactKind.quote else ""
        return f'{who}"{clip_around(v.value, others)}" {_cite(v.article_ids, names)}'

    sides = "; ".join(side(v) for v in cluster.values)
    return f"{cluster.subject} ({cluster.attribute}) differs [{kinds}]: {sides}"


def clip_around(text: str, versions: list[str], limit: int = 160) -> str:
    """`text` in full when it fits; else windows around the first and the last word where it
    differs from the other versions, so a shortened value never hides the difference ("… by the
    end of the year, in a combat mission" against "… in a combat zone")."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    words = text.split()
    changed: list[int] = []
    for other in versions:
        theirs = other.split()
        if theirs == words:
            continue
        for op, i1, i2, _, _ in difflib.SequenceMatcher(a=words, b=theirs, autojunk=False).get_opcodes():
            if op != "equal":
                changed += [i1, max(i1, i2 - 1)]
    if not changed:
        return _clip(text, limit)
    first, last = min(changed), min(max(changed), len(words) - 1)
    head = (max(0, first - 4), min(len(words), first + 8))
    tail = (max(head[1], last - 6), min(len(words), last + 4))
    parts = [("… " if head[0] else "") + " ".join(words[head[0] : head[1]])]
    if tail[1] > tail[0]:
        parts.append(" ".join(words[tail[0] : tail[1]]))
    out = (" … " if tail[0] > head[1] else " ").join(parts)
    return out + (" …" if tail[1] < len(words) else "")


def _clip(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


_BARE_DAY = re.compile(
    r"^(?:(?:on|in|last|this|since)\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|\d{4})$", re.I
)
_TIME_UNITS = {"year", "decade", "month", "week", "day", "hour", "minute", "second", "century"}


def trivial(cluster: Cluster) -> bool:
    """Agreement that tells an editor nothing on its own: a bare weekday or year ("Monday", "in
    2003"), a span of time ("two decades"), a number that counts nothing named."""
    if cluster.kind is FactKind.date:
        return all(_BARE_DAY.match(" ".join(v.value.split())) for v in cluster.values)
    if cluster.kind is FactKind.number:
        return cluster.attribute in _TIME_UNITS or (cluster.attribute == "count" and cluster.subject == "unspecified")
    return False


def _ranked(clusters: list[Cluster], status: ClusterStatus) -> list[Cluster]:
    chosen = [
        c
        for c in clusters
        if c.status is status and c.kind is not FactKind.entity and not (status is ClusterStatus.agreed and trivial(c))
    ]
    return sorted(chosen, key=lambda c: (-len({a for v in c.values for a in v.article_ids}), c.id))


def digest(clusters: list[Cluster], *, note: str | None = None, names: Names | None = None) -> Summary:
    """A deterministic summary: what most outlets agree on, then every named disagreement, each
    line a sentence with the clusters and articles it rests on."""
    agreed = _ranked(clusters, ClusterStatus.agreed)[:MAX_LINES]
    conflicts = [c for c in clusters if c.status is ClusterStatus.conflict]
    lines: list[str] = []
    sentences: list[SummarySentence] = []

    def add(cluster: Cluster, line: str) -> None:
        lines.append(f"- {line}")
        ids = sorted({a for v in cluster.values for a in v.article_ids})
        sentences.append(SummarySentence(text=line, cluster_ids=[cluster.id], article_ids=ids, status="from_table"))

    if agreed:
        lines.append("Reported by more than one outlet:")
        for c in agreed:
            count = len({a for v in c.values for a in v.article_ids})
            add(c, f"{count} outlets: {describe(c, names)}")
    if conflicts:
        lines.append("Where the outlets differ:")
        for c in conflicts:
            add(c, describe_conflict(c, names))
    if not lines:
        lines.append("No fact was reported by more than one outlet.")
    cited = sorted({a for c in agreed + conflicts for v in c.values for a in v.article_ids})
    return Summary(text="\n".join(lines), method="digest", cited_articles=cited, note=note, sentences=sentences)


MIN_KEPT = 0.5  # share of the model's sentences that must pass the check, else the digest is used


def summarize_table(
    clusters: list[Cluster],
    article_ids: set[str],
    client: ModelClient | None,
    names: Names | None = None,
    facts: Iterable[Fact] = (),
) -> tuple[Summary, Usage, TemplateRef | None]:
    """The model's summary, sentence by sentence checked against the table (`claims`): failing
    sentences are dropped with their reason; when fewer than MIN_KEPT of them pass, the digest
    is used (which cites outlets by `names`; the model is always shown article ids, which its
    citations must use)."""
    if client is None:
        return digest(clusters, names=names), Usage(), None
    template = load_template(SUMMARY_TEMPLATE)
    ranked = _ranked(clusters, ClusterStatus.agreed)
    ranked += [c for c in _ranked(clusters, ClusterStatus.single_source) if not trivial(c)]
    agreed = [describe(c) for c in ranked[:MAX_LINES]]  # agreed first, then what one outlet reports
    conflicts = [describe_conflict(c) for c in clusters if c.status is ClusterStatus.conflict]
    if not agreed and not conflicts:
        return digest(clusters, names=names), Usage(), template.ref
    messages = template.render(agreed=agreed, conflicts=conflicts, max_sentences=MAX_SENTENCES)
    try:
        text, usage = client.text(messages, template=template.ref)
    except ModelError as err:
        return digest(clusters, note=f"model summary failed: {err}", names=names), Usage(), template.ref
    checked = check_summary(text, clusters, article_ids, facts, (names or {}).values())
    kept = [c for c in checked if c.status == "cited"]
    failed = [c for c in checked if c.status != "cited"]
    if not kept or len(kept) < MIN_KEPT * len(checked):
        reasons = "; ".join(f"{c.reason}" for c in failed[:3]) or "it has no sentence"
        why = f"the model's summary failed the check ({len(failed)} of {len(checked)} sentences): {reasons}"
        fallback = digest(clusters, note=why, names=names)
        return fallback.model_copy(update={"sentences": fallback.sentences + failed}), usage, template.ref
    cited = sorted({a for c in kept for a in c.article_ids})
    note = f"{len(failed)} sentence(s) of the model's summary dropped, see sentences" if failed else None
    summary = Summary(
        text=" ".join(c.text for c in kept), method="model", cited_articles=cited, sentences=checked, note=note
    )
    return summary, usage, template.ref
