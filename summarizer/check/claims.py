"""Every claim of a model's summary, checked one sentence at a time against the reconciled table.

A sentence is kept when all it states is in the table and credited to the articles it cites:
- each number (and year) is a value, or part of a value, of a cluster the cited articles report;
- each quoted phrase is part of a quote those articles report, and a person the sentence names as
  speaker is that quote's speaker (another known speaker is a quote put in the wrong mouth);
- each named person or organisation appears in a usable fact of the cited articles;
- a sentence that says the outlets agree rests on agreed clusters only; one that says they
  differ rests on at least one conflict;
- and it rests on some cluster at all (a sentence that matches nothing is not checkable).
A claim that is in the table but only under other articles is a wrong citation, named as such.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..language.lexicon import MONTH_ABBREVIATIONS, MONTHS, PARTICLE_RE, TITLE_ABBREVIATIONS, WEEKDAY_NUMBER
from ..language.text import content_words, fold
from ..models import Cluster, ClusterStatus, Fact, FactKind, SummarySentence

_CITATION = re.compile(r"\[([^\]]*)\]")
_END = re.compile(r"[.!?][\"”’)]?(?:\s*\[[^\]]*\])*(?=\s|$)")
_NUMBER = re.compile(r"(?<![\w.])\d[\d,.]*\d(?!\w)|(?<![\w.,])\d(?![\w,])")
_QUOTED = re.compile(r"[\"“]([^\"“”]{8,}?)[\"”]")
_NAME = re.compile(
    rf"\b(?:[A-Z][\w'’.-]*[a-z][\w'’-]*|[A-Z]{{2,}})(?:\s+(?:{PARTICLE_RE}\s+)?(?:[A-Z][\w'’.-]*[a-z][\w'’-]*|[A-Z]{{2,}}))*"
)
_ABBREVIATIONS = frozenset(
    {t.lower() for t in TITLE_ABBREVIATIONS}
    | {a.lower() for a in MONTH_ABBREVIATIONS}
    | set("pres sr no vs u.s u.k u.n".split())
)
_AGREE = re.compile(
    r"\b(?:agree[sd]?|consistent(?:ly)?|all\b[^.]{0,40}\b(?:outlets|reports|sources)|both\b[^.]{0,40}\b(?:outlets|report)"
    r"|(?:outlets|reports|sources) (?:all )?(?:confirm|concur))",
    re.I,
)
_DIFFER = re.compile(
    r"\b(?:differ(?:s|ed|ent)?|disagree[sd]?|disagreement|conflict(?:s|ing)?|contradict(?:s|ed|ory|ion)?|discrepan\w+"
    r"|vary|varies|while (?:another|other|one)|whereas|other (?:outlets|reports) (?:say|said|put|give))\b",
    re.I,
)
_NOT_NAMES = (
    frozenset(
        """the a an and but or he she they it this that these those in on at by for of to from with as after before
    while when where however meanwhile also according officials reports report outlets outlet sources both all
    """.split()
    )
    | set(WEEKDAY_NUMBER)
    | {m.lower() for m in MONTHS}
)
_CONTENT_STOP = frozenset(
    """the a an and but or of to in on at by for with from as is are was were be been has have had that this
    it its their his her they he she said says say told according outlets outlet report reports reported
    sources source also which who whom will would could should may might not no more than about""".split()
)


def _digits(number: str) -> str:
    return re.sub(r"[,\s]", "", number).rstrip(".")


def sentences(text: str) -> list[str]:
    """The summary's sentences, each with the citations that close it."""
    out: list[str] = []
    for line in text.splitlines():
        line = re.sub(r"^\s*(?:[-*•]|\d+[.)])\s+", "", line).strip()
        start = 0
        for match in _END.finditer(line):
            before = line[start : match.start()].rsplit(None, 1)
            word = before[-1].lower() if before else ""
            rest = line[match.end() :].lstrip()
            if word.rstrip(".") in _ABBREVIATIONS or re.fullmatch(r"[a-z]", word) or (rest and rest[0].islower()):
                continue
            out.append(line[start : match.end()].strip())
            start = match.end()
        if line[start:].strip():
            out.append(line[start:].strip())
    return [s for s in out if re.search(r"\w", _CITATION.sub("", s))]


def cited_ids(sentence: str) -> list[str]:
    return re.findall(r"[\w.:-]+", " ".join(_CITATION.findall(sentence)))


@dataclass
class _Side:
    """What a set of articles supports: the clusters and values they report."""

    clusters: list[Cluster] = field(default_factory=list)
    numbers: dict[str, set[str]] = field(default_factory=dict)  # digits -> clusters whose values state them
    in_evidence: dict[str, set[str]] = field(default_factory=dict)  # digits -> clusters whose evidence has them
    quotes: list[tuple[str, str | None, str]] = field(default_factory=list)  # folded value, speaker, cluster id
    texts: list[tuple[str, str]] = field(default_factory=list)  # folded text, cluster id
    # what a source is reported to deny ("denied that S"): S's content words, the source, cluster id
    denied: list[tuple[set[str], str | None, str]] = field(default_factory=list)


def _side(clusters: list[Cluster], articles: set[str], facts: dict[str, Fact]) -> _Side:
    side = _Side()
    for cluster in clusters:
        values = [v for v in cluster.values if articles & set(v.article_ids)]
        if not values:
            continue
        side.clusters.append(cluster)
        for v in values:
            stated = [v.value, v.normalized.text if v.normalized else "", v.speaker or "", cluster.subject]
            evidence = [facts[i].evidence.text for i in v.fact_ids if i in facts]
            for pieces, where in ((stated, side.numbers), (evidence, side.in_evidence)):
                for piece in pieces:
                    for n in _NUMBER.findall(piece):
                        where.setdefault(_digits(n), set()).add(cluster.id)
                    side.texts.append((fold(piece), cluster.id))
            if cluster.kind is FactKind.quote:
                side.quotes.append((fold(v.value), v.speaker, cluster.id))
            if v.denied:
                side.denied.append((content_words(v.value), v.speaker, cluster.id))
    return side


# a sentence that reports a denial as one, or says the thing is not so
_DENYING = re.compile(r"\b(?:den(?:y|ies|ied|ying|ial)|not|never|no|none|nothing|rejected|disputed)\b|n[’']t\b", re.I)


def _states_what_was_denied(prose: str, side: _Side) -> tuple[str | None, str] | None:
    """A sentence that states, with no word of denial or negation, most of what a source is
    reported to deny ("Lima said soldiers fired on the protesters" where the table holds "Lima
    denied that soldiers had fired on the protesters"): the source and the cluster."""
    if _DENYING.search(prose):
        return None
    words = content_words(prose)
    for denied, speaker, cid in side.denied:
        if len(denied) >= 2 and len(denied & words) >= max(2, (len(denied) + 1) // 2):
            return speaker, cid
    return None


def _surname(name: str) -> str:
    return fold(name).split()[-1] if fold(name) else ""


def _names(prose: str, outlets: Iterable[str]) -> list[str]:
    skip = {fold(o) for o in outlets}
    found = []
    for match in _NAME.finditer(prose):
        words = match.group(0).split()
        while words and words[0].lower().strip(".") in _NOT_NAMES:
            words = words[1:]
        if not words:
            continue
        name = " ".join(words)
        if fold(name) in skip or fold(name) in _NOT_NAMES:
            continue
        if match.start() == 0 and len(words) == 1:
            continue  # one capitalised word opening the sentence: any word
        found.append(name)
    return found


def check_sentence(
    sentence: str,
    clusters: list[Cluster],
    article_ids: set[str],
    facts: dict[str, Fact],
    speakers: set[str],
    outlets: Iterable[str] = (),
) -> SummarySentence:
    """One sentence of a model summary, kept ("cited") with the clusters it rests on, or
    "dropped" with the first reason it cannot be trusted."""
    cited = cited_ids(sentence)

    def dropped(reason: str, ids: list[str] | None = None) -> SummarySentence:
        return SummarySentence(
            text=sentence,
            article_ids=sorted(set(cited) & article_ids),
            status="dropped",
            reason=reason,
            cluster_ids=ids or [],
        )

    if not cited:
        return dropped("cites no article")
    unknown = sorted(set(cited) - article_ids)
    if unknown:
        return dropped(f"cites unknown articles: {', '.join(unknown)}")
    mine = _side(clusters, set(cited), facts)
    others = _side(clusters, article_ids - set(cited), facts)
    prose = _CITATION.sub(" ", sentence)
    matched: set[str] = set()

    def owners(side: _Side, ids: set[str]) -> str:
        names = sorted({a for c in side.clusters if c.id in ids for v in c.values for a in v.article_ids} - set(cited))
        return ", ".join(names)

    for quoted in _QUOTED.findall(prose):
        phrase = fold(quoted)
        if not phrase:
            continue
        hits = [(spk, cid) for value, spk, cid in mine.quotes if phrase in value]
        if not hits:
            elsewhere = {cid for value, _, cid in others.quotes if phrase in value}
            if elsewhere:
                return dropped(f'quotes "{quoted}", which only {owners(others, elsewhere)} report (wrong citation)')
            return dropped(f'quotes "{quoted}", which no cited article reports in these words')
        named = [n for n in _names(prose.replace(quoted, " "), outlets) if _surname(n) in speakers]
        true_speakers = {_surname(spk) for spk, _ in hits if spk}
        if named and true_speakers and not any(_surname(n) in true_speakers for n in named):
            said_by = next(spk for spk, _ in hits if spk)
            return dropped(f'puts the words of {said_by} ("{quoted}") in the mouth of {named[0]}')
        matched |= {cid for _, cid in hits}
    for number in _NUMBER.findall(prose):
        digits = _digits(number)
        if digits in mine.numbers or digits in mine.in_evidence:
            matched |= mine.numbers.get(digits) or mine.in_evidence[digits]
            continue
        if digits in others.numbers:
            return dropped(
                f"states {number}, which only {owners(others, others.numbers[digits])} report (wrong citation)"
            )
        return dropped(f"states {number}, which is not in the table")
    mine_text = " ".join(t for t, _ in mine.texts)
    for name in _names(prose, outlets):
        surname = _surname(name)
        if surname and re.search(rf"\b{re.escape(surname)}\b", mine_text):
            naming = {cid for t, cid in mine.texts if re.search(rf"\b{re.escape(surname)}\b", t)}
            if not naming & matched:  # a name a matched cluster accounts for adds no other cluster
                matched |= naming
            continue
        elsewhere = {cid for t, cid in others.texts if surname and re.search(rf"\b{re.escape(surname)}\b", t)}
        if elsewhere:
            return dropped(f"names {name}, whom only {owners(others, elsewhere)} mention (wrong citation)")
        return dropped(f"names {name}, who is in no fact of the cited articles")
    if not matched:
        words = {w for w in fold(prose).split() if w not in _CONTENT_STOP and len(w) > 2}
        best: tuple[int, str] | None = None
        for text, cid in mine.texts:
            overlap = len(words & set(text.split()))
            if overlap >= 2 and (best is None or overlap > best[0]):
                best = (overlap, cid)
        if best is None:
            return dropped("matches no fact of the cited articles")
        matched.add(best[1])
    if (denial := _states_what_was_denied(prose, mine)) is not None:
        who, cid = denial
        return dropped(f"states as so what {who or 'its source'} is reported to deny", [cid])
    statuses = {c.id: c.status for c in mine.clusters if c.id in matched}
    if _DIFFER.search(prose) and ClusterStatus.conflict not in statuses.values():
        return dropped("says the outlets differ, but the table shows no disagreement on this")
    if _AGREE.search(prose) and ClusterStatus.conflict in statuses.values():
        subject = next(c.subject for c in mine.clusters if c.id in matched and c.status is ClusterStatus.conflict)
        return dropped(f"says the outlets agree, but they differ on {subject}")
    return SummarySentence(
        text=sentence,
        cluster_ids=sorted(matched),
        article_ids=sorted(set(cited)),
        status="cited",
    )


def check_summary(
    text: str,
    clusters: list[Cluster],
    article_ids: set[str],
    facts: Iterable[Fact],
    outlets: Iterable[str] = (),
) -> list[SummarySentence]:
    """Each sentence of `text`, checked (see the module docstring)."""
    usable = {f.id: f for f in facts if f.grounding.usable}
    speakers = {_surname(v.speaker) for c in clusters for v in c.values if v.speaker}
    speakers |= {_surname(f.speaker) for f in usable.values() if f.speaker}
    speakers.discard("")
    outlets = list(outlets)
    return [check_sentence(s, clusters, article_ids, usable, speakers, outlets) for s in sentences(text)]
