"""The neutral summary of a reconciled table: the model's, when it can be checked against the
table; otherwise a deterministic digest built from the table itself."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

from ..check.claims import check_summary
from ..errors import ModelError
from ..language.lexicon import WEEKDAY_RE
from ..language.text import lemma
from ..model.client import ModelClient
from ..model.prompts import load_template
from ..models import (
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


_BARE_DAY = re.compile(rf"^(?:(?:on|in|last|this|since)\s+)?(?:{WEEKDAY_RE}|\d{{4}})$", re.I)
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


_COUNT_WORDS = ["no", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten"]


def _count(n: int) -> str:
    return _COUNT_WORDS[n] if n < len(_COUNT_WORDS) else str(n)


def _who(ids: list[str], total: int, names: Names | None) -> str:
    """ "All five outlets", "Both outlets", "Two outlets (A, B)"."""
    if len(ids) == total and total == 2:
        return "Both outlets"
    if len(ids) == total and total > 2:
        return f"All {_count(total).lower()} outlets"
    listed = ", ".join((names or {}).get(i, i) for i in ids)
    return f"{_count(len(ids))} outlets ({listed})"


def agreed_sentence(cluster: Cluster, total: int, names: Names | None = None) -> str:
    """One sentence an editor can paste: who reports what, outlets by name."""
    ids = sorted({a for value in cluster.values for a in value.article_ids})
    who = _who(ids, total, names)
    v = cluster.values[0]
    if cluster.kind is FactKind.quote:
        return f'{who} quote {v.speaker or cluster.subject}: "{_clip(v.value)}"'
    if cluster.kind is FactKind.number:
        same = {lemma(w) for w in cluster.subject.split()} >= {lemma(w) for w in cluster.attribute.split()}
        what = cluster.subject if same else f"{cluster.subject} {cluster.attribute}"
        return f"{who} report {v.value} {what}"
    if cluster.kind is FactKind.date:
        return f'{who} date "{cluster.subject}" {v.value}'
    return f"{who} report: {cluster.subject} {cluster.attribute} {v.value}"


def _difference(cluster: Cluster) -> str:
    """What a conflict is about, in a few words ("the wording of Jen Psaki's quote")."""
    kinds = {k.value for k in cluster.conflict_kinds}
    if "name_spelling" in kinds:
        return f"the spelling of {cluster.subject}"
    if "quote_wording" in kinds:
        speaker = cluster.values[0].speaker or cluster.subject
        return f"the wording of {speaker}'s quote"
    if "attribution" in kinds:
        return f'who said "{_clip(cluster.values[0].value, 60)}"'
    if "contradiction" in kinds:
        withheld = re.match(r"withheld (\w+)", cluster.attribute)
        if withheld and withheld.group(1) == "details":
            return f"whether details of {cluster.subject} were given"
        if withheld:
            return f"whether the {withheld.group(1)} of {cluster.subject} was given"
        return f"whether {cluster.subject} {cluster.attribute}"
    if "before the change" in cluster.attribute:
        return f"how many {cluster.subject} before the change"
    if cluster.kind is FactKind.number:
        return f"how many {cluster.subject}"
    return cluster.subject if cluster.kind is not FactKind.date else f'the date of "{cluster.subject}"'


def digest(clusters: list[Cluster], *, note: str | None = None, names: Names | None = None) -> Summary:
    """A deterministic summary an editor can paste: what several outlets agree on, one sentence
    each with the outlets by name, then "Outlets differ on: ..." and one line per disagreement.
    Each sentence lists the clusters and articles it rests on."""
    agreed = _ranked(clusters, ClusterStatus.agreed)[:MAX_LINES]
    conflicts = [c for c in clusters if c.status is ClusterStatus.conflict]
    total = len({a for c in clusters for v in c.values for a in v.article_ids} | set(names or {}))
    lines: list[str] = []
    sentences: list[SummarySentence] = []

    def add(found: list[Cluster], line: str, *, bullet: bool = False) -> None:
        lines.append(f"- {line}" if bullet else line)
        ids = sorted({a for c in found for v in c.values for a in v.article_ids})
        sentences.append(
            SummarySentence(text=line, cluster_ids=[c.id for c in found], article_ids=ids, status="from_table")
        )

    for c in agreed:
        add([c], agreed_sentence(c, total, names) + ".")
    if conflicts:
        add(conflicts, "Outlets differ on: " + "; ".join(_difference(c) for c in conflicts) + ".")
        for c in conflicts:
            add([c], describe_conflict(c, names), bullet=True)
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


def lone_values(clusters: list[Cluster]) -> list[tuple[Cluster, list[Cluster]]]:
    """Values only one outlet gives on something other outlets give a different value for: a
    single-source number with the same counted thing as another cluster of a different count,
    or a single-source date of the same event with another date. Not a conflict (the matcher
    did not pair them), but an editor should see them side by side."""
    out: list[tuple[Cluster, list[Cluster]]] = []
    keyed: dict[tuple[str, str], list[Cluster]] = {}
    for c in clusters:
        if c.kind in (FactKind.number, FactKind.date) and c.status is not ClusterStatus.conflict:
            keyed.setdefault(_lone_key(c), []).append(c)
    for c in clusters:
        if c.status is not ClusterStatus.single_source or c.kind not in (FactKind.number, FactKind.date):
            continue
        mine = set(c.values[0].article_ids)
        value = c.values[0].normalized.text if c.values[0].normalized else c.values[0].value
        others = [
            o
            for o in keyed.get(_lone_key(c), [])
            if o.id != c.id
            and not mine & {a for v in o.values for a in v.article_ids}
            and (o.values[0].normalized.text if o.values[0].normalized else o.values[0].value) != value
        ]
        if others and not trivial(c):
            out.append((c, others))
    return out


def _lone_key(cluster: Cluster) -> tuple[str, str]:
    if cluster.kind is FactKind.number:
        return ("number", " ".join(sorted(lemma(w) for w in f"{cluster.subject} {cluster.attribute}".lower().split())))
    return ("date", " ".join(sorted(lemma(w) for w in cluster.subject.lower().split())))
