"""Merge the outlets' fact tables: entities with their spelling variants, and clusters of facts
that state the same thing, each `agreed`, `conflict` (with named kinds) or `single_source`.

Only grounded facts that passed their checks take part. Facts are blocked (by counted noun,
by date, by quote words, by surname initial) before any pairwise comparison, so the cost grows
with the size of blocks, not with the square of all facts. The result does not depend on the
order of articles or facts: everything is sorted before it is compared.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from collections.abc import Set as AbstractSet
from typing import Protocol

from ..facts import withheld
from ..facts.dates import date_value, dates_agree, month_only, same_written_day
from ..facts.names import (
    RELATIVE_BEFORE,
    TITLES,
    bare_body,
    common_source,
    group_entities,
    is_role,
    name_tokens,
    same_entity,
    source_nouns,
    spelling_conflict,
    strip_title,
)
from ..facts.numbers import (
    COUNT_CATEGORIES,
    Counted,
    counted_thing,
    legal_stage,
    margin_of_error,
    may_count_the_same,
    numbers_agree,
    position,
    predicate_category,
    sourcing,
    time_scope,
)
from ..facts.quotes import meet_on_a_phrase, quote_words, wording_difference
from ..facts.statements import denies, paraphrase_shift, side, sides_in, stance, topic
from ..language.lexicon import MONTH_ABBREVIATIONS, MONTHS, STOPWORDS, WEEKDAYS, alternation, wordlist
from ..language.text import content_words, fold, jaccard, lemma, tokens
from ..models import (
    SHIFT_NOTE,
    Article,
    Cluster,
    ClusterStatus,
    ClusterValue,
    ConflictKind,
    Entity,
    Fact,
    FactKind,
    FactTable,
    NormalizedValue,
)
from ..unionfind import UnionFind

# Measured with bench/thresholds.py on calibration data only (PolNeAR dev/train, SemEval-2018
# Task 5 even incident ids, 100 incidents); the figures are that script's output.
# characters each side of a number or date used as its context (SemEval: 40/60/100 give the same
# agreed share, 0.900; conflicts per incident at 0.2: 0.36/0.33/0.29)
CONTEXT_WINDOW = 60
# context similarity above which different numbers are one fact in conflict (SemEval: agreed share
# 0.900 from 0.1 to 0.4; conflicts per incident 0.72/0.33/0.18/0.07; kept low so that a real
# disagreement between outlets is flagged rather than split into two single-source rows)
NUMBER_CONTEXT_MATCH = 0.2
DATE_CONTEXT_MATCH = 0.3  # not measured: no calibration set annotates dates across outlets
# share of the shorter quote's content words found in the other (PolNeAR train: excerpts with two
# words changed join 0.973/0.853/0.710 at 0.5/0.6/0.7; quotes of different articles sharing a
# blocking key join 0.95%/0.48%/0.27%)
QUOTE_MATCH = 0.6
SAME_WORDS = 0.9  # above this, two quotes are the same words (attribution check); design bound, not measured
# words in a row two quotes share that make them one quote however long each is (PolNeAR train:
# cross-article pairs sharing 5/6/8/10 words in a row: 2.19%/0.54%/0.20%/0.14%, many of them
# the same speech quoted by two outlets)
LONG_RUN = 8
# content words two quotes must share to be one quote worded differently, unless one holds every
# content word of the other (an excerpt): a short remark sharing two or three words with a long
# one is another remark ("doing the right thing", "obviously I'm saying the right thing"; "being
# right on radical Islamic terrorism" and a statement "... from Radical Islamic Terrorism")
MIN_SHARED_WORDS = 4
# ... or share a run of this many words: "was pretty much my niece" / "we need the community's"
# are one remark retold; "the right thing" (three words) is an idiom two remarks can share
SHORT_RUN = 4
# ... covering this share of the shorter quote: "Not fit to serve as president of the United States"
# and "We are on fire to make her the next president of the United States" share a phrase, not a
# remark; design bound, not measured
SHORT_RUN_SHARE = 0.6
# a quote of this many words or fewer ("radical Islamic terrorism") joins a longer one it is part
# of, but never makes two groups of long quotes one: many statements share a short phrase
BRIDGE = 5
MAX_LONGS = 8  # long quotes kept per group to compare a bridged group with (a cost bound)

UNSURE = 0.5  # context similarity from UNSURE * threshold up to the threshold: ask the judge, if any


class Answer(Protocol):
    """One recorded answer of a judge about two facts."""

    @property
    def fact_ids(self) -> tuple[str, str]: ...
    @property
    def same(self) -> bool | None: ...
    @property
    def reason(self) -> str: ...


class Judge(Protocol):
    """Where the deterministic matcher is unsure whether two facts state the same thing, a judge
    answers True, False or None (no answer), and keeps every answer in `log` (extract/judge.py's
    ModelJudge asks the model); the answers become the clusters' notes."""

    @property
    def log(self) -> Sequence[Answer]: ...

    def __call__(self, a: Fact, b: Fact) -> bool | None: ...


def usable(tables: Iterable[FactTable]) -> list[Fact]:
    """Grounded facts that passed every check, in a canonical order."""
    facts = [f for t in tables for f in t.facts if f.grounding.usable]
    return sorted(facts, key=lambda f: (f.article_id, f.evidence.start or 0, f.kind.value, f.id))


def reconcile(
    articles: list[Article], tables: list[FactTable], *, judge: Judge | None = None
) -> tuple[list[Cluster], list[Entity]]:
    """Entities and clusters of the usable facts of `tables`."""
    texts = {a.id: a.text for a in articles}
    facts, redated = _story_dated(usable(tables), articles)
    entities, forms = _entities(facts, texts)
    canonical_of = _Canonical(forms)
    groups: list[list[Fact]] = []
    groups += _quote_groups([f for f in facts if f.kind is FactKind.quote], canonical_of)
    groups += _number_groups([f for f in facts if f.kind is FactKind.number], texts, judge)
    groups += _date_groups([f for f in facts if f.kind is FactKind.date], texts, judge)
    said = [f for f in facts if is_statement(f)]
    groups += _text_groups([f for f in facts if f.kind in _TEXT_KINDS and not is_statement(f)], canonical_of, judge)
    groups += _statement_groups(said, [f for f in facts if f.kind is FactKind.quote], canonical_of)
    persons = {fold(e.canonical) for e in entities if e.kind == "person"}
    stated = _Stated(facts, {a.id: a.published for a in articles})
    clusters = []
    for group in groups:
        first = _cluster(group, canonical_of, persons, texts, stated)
        for g in _undisputed_apart(first, group, persons, texts, stated):
            whole = first if g is group else _cluster(g, canonical_of, persons, texts, stated)
            parts = [q for p in _apart(whole, g) for q in _established_parts(whole, p, texts)]
            parts = [q for p in parts for q in _by_speaker(whole, p, canonical_of, persons)]
            clusters += (
                [whole] if len(parts) == 1 else [_cluster(p, canonical_of, persons, texts, stated) for p in parts]
            )
    clusters += _withheld_clusters(facts, clusters, texts, stated.published)
    clusters += [_spelling_cluster(e) for e in entities if spelling_conflict(e)]
    clusters = [_with_notes(c, judge) for c in clusters]
    if redated:
        clusters = [_with_redated(c, redated) for c in clusters]
    clusters.sort(
        key=lambda c: (
            _STATUS_ORDER[c.status],
            c.kind.value,
            fold(c.subject),
            c.what,
            c.values[0].value,
            c.values[0].fact_ids[:1],
        )
    )
    return [c.model_copy(update={"id": f"c{i:03d}"}) for i, c in enumerate(clusters, 1)], entities


_STATUS_ORDER = {ClusterStatus.conflict: 0, ClusterStatus.agreed: 1, ClusterStatus.single_source: 2}

_YEAR_RELATIVE = re.compile(r"\byear\b|\byear[’']s\b", re.I)


def _with_redated(cluster: Cluster, redated: dict[str, str]) -> Cluster:
    notes = sorted({f"{fid}: {redated[fid]}" for v in cluster.values for fid in v.fact_ids if fid in redated})
    return cluster.model_copy(update={"notes": [*cluster.notes, *notes]}) if notes else cluster


def _story_dated(facts: list[Fact], articles: list[Article]) -> tuple[list[Fact], dict[str, str]]:
    """Dates relative to the year ("by the end of the year") in an article with no publication
    date are resolved against the date most other articles of the story give: stories are
    reported within days, and only the year is taken from it (never a weekday or a month)."""
    published = Counter(a.published for a in articles if a.published)
    if not published:
        return facts, {}
    redated: dict[str, str] = {}
    story_date = published.most_common(1)[0][0]
    undated = {a.id for a in articles if a.published is None}
    out = []
    for f in facts:
        n = f.normalized
        if (
            f.kind is FactKind.date
            and f.article_id in undated
            and n is not None
            and n.date is None
            and _YEAR_RELATIVE.search(f.value)
            and (resolved := date_value(f.value, story_date)) is not None
            and resolved.date is not None
        ):
            note = f"resolved against the story's publication date {story_date.isoformat()} (the article gives none)"
            f = f.model_copy(update={"normalized": resolved, "flags": [*f.flags, note]})
            redated[f.id] = note
        out.append(f)
    return out, redated


def _with_notes(cluster: Cluster, judge: Judge | None) -> Cluster:
    """Attach the model's recorded answers about facts in this cluster."""
    log = judge.log if judge is not None else []
    ids = {fid for v in cluster.values for fid in v.fact_ids}
    notes = [
        f"model judged {a} and {b} {'the same' if j.same else 'different' if j.same is False else 'unclear'}: "
        f"{j.reason}"
        for j in log
        for a, b in [j.fact_ids]
        if a in ids or b in ids
    ]
    return cluster.model_copy(update={"notes": [*cluster.notes, *notes]}) if notes else cluster


# -- entities -----------------------------------------------------------------------------


def _entities(facts: list[Fact], texts: dict[str, str] | None = None) -> tuple[list[Entity], dict[str, str]]:
    mentions: list[tuple[str, str, str]] = []
    relatives: set[str] = set()
    for f in facts:
        if f.kind is FactKind.entity:
            mentions.append((f.value, f.article_id, f.attribute))
            start, text = f.evidence.start, (texts or {}).get(f.article_id)
            if (
                f.attribute == "person"
                and start is not None
                and text
                and RELATIVE_BEFORE.search(text[max(0, start - 30) : start])
            ):
                relatives.add(strip_title(f.value)[0].strip())
        if f.speaker and not re.match(r"(?:the|a|an|one)\s", f.speaker, re.I) and not common_source(f.speaker):
            mentions.append((f.speaker, f.article_id, "person"))
    return group_entities(mentions, frozenset(relatives))


class _Canonical(dict[str, str]):
    """Folded name form -> canonical entity name, remembering every speaker already resolved."""

    def __init__(self, forms: dict[str, str]) -> None:
        super().__init__(forms)
        self.memo: dict[str, str | None] = {}
        self._by_initial: dict[str, list[tuple[str, str]]] | None = None

    def by_initial(self, initial: str) -> list[tuple[str, str]]:
        """The (form, canonical) pairs, sorted, whose surname starts with `initial`: the only
        forms `same_entity` can match (an index, so resolving n speakers is not n x n)."""
        if self._by_initial is None:
            self._by_initial = defaultdict(list)
            for form, canonical in sorted(self.items()):
                if toks := name_tokens(form):
                    self._by_initial[toks[-1][0]].append((form, canonical))
        return self._by_initial.get(initial, [])


def canonical_speaker(speaker: str | None, canonical_of: dict[str, str]) -> str | None:
    """The entity a speaker string refers to (its canonical name), or the folded string."""
    if not speaker:
        return None
    memo = canonical_of.memo if isinstance(canonical_of, _Canonical) else None
    if memo is not None:
        if speaker not in memo:
            memo[speaker] = _resolve_speaker(speaker, canonical_of)
        return memo[speaker]
    return _resolve_speaker(speaker, canonical_of)


def _resolve_speaker(speaker: str, canonical_of: dict[str, str]) -> str | None:
    if fold(speaker) in canonical_of:
        return canonical_of[fold(speaker)]
    core = strip_title(speaker)[0]
    if fold(core) in canonical_of:
        return canonical_of[fold(core)]
    toks = name_tokens(core)
    if not toks or bare_body(core):
        return fold(speaker)
    if isinstance(canonical_of, _Canonical):
        forms = canonical_of.by_initial(toks[-1][0])
    else:
        forms = sorted(canonical_of.items())
    if common_source(core):  # "police": the story's one "Monroe Police"; "Investigators": no "Bureau of Investigation"
        bodies = {c for form, c in forms if len(t := name_tokens(form)) > 1 and t[-1] == toks[-1]}
        return bodies.pop() if len(bodies) == 1 else fold(speaker)
    for form, canonical in forms:
        if same_entity(toks, name_tokens(form)):
            return canonical
    return fold(speaker)


def _spelling_cluster(entity: Entity) -> Cluster:
    values = []
    for variant in entity.variants:
        values.append(ClusterValue(value=variant.form, article_ids=variant.article_ids, fact_ids=[]))
    return Cluster(
        id="",
        kind=FactKind.entity,
        subject=entity.canonical,
        attribute="name spelling",
        status=ClusterStatus.conflict,
        conflict_kinds=[ConflictKind.name_spelling],
        values=values,
    )


# -- union-find over fact ids --------------------------------------------------------------


class _Groups:
    """Facts joined into groups by id; the groups come out in order of their facts' ids."""

    def __init__(self, facts: list[Fact]) -> None:
        self.sets = UnionFind(sorted(f.id for f in facts))
        self.facts = {f.id: f for f in facts}

    def find(self, fact_id: str) -> str:
        return self.sets.find(fact_id)

    def union(self, a: str, b: str) -> None:
        self.sets.union(a, b)

    def groups(self) -> list[list[Fact]]:
        return [[self.facts[fid] for fid in ids] for ids in self.sets.groups().values()]


# -- quotes -------------------------------------------------------------------------------


def _bigrams(text: str) -> set[tuple[str, str]]:
    words = tokens(text)
    return set(zip(words, words[1:], strict=False))


Shape = tuple[set[str], set[tuple[str, str]]]


def _shape(text: str) -> Shape:
    return content_words(text), _bigrams(text)


def _quote_similarity(a: Fact | Shape, b: Fact | Shape) -> float:
    """How much of the shorter quote the longer one contains: content words, checked by word
    pairs so that shared vocabulary alone does not make two quotes one."""
    (wa, ba) = _shape(a.value) if isinstance(a, Fact) else a
    (wb, bb) = _shape(b.value) if isinstance(b, Fact) else b
    if not wa or not wb:
        return 0.0
    words = len(wa & wb) / min(len(wa), len(wb))
    pairs = len(ba & bb) / max(1, min(len(ba), len(bb)))
    return words if pairs >= 0.3 else min(words, pairs)


MAX_BLOCK = 500  # a cost bound, not a quality one: a key shared by more quotes is skipped


def _shared_run(a: str, b: str, run: int = 0, *, share: float = 0.0) -> bool:
    """The two quotes share a run of `run` words or more (LONG_RUN by default: one outlet quotes
    the end of a passage, the other its beginning, and the overlap is the same words), and at
    least `share` of the shorter quote's words."""
    run = run or LONG_RUN
    wa, wb = tokens(a), tokens(b)
    if min(len(wa), len(wb)) < run:
        return False
    match = difflib.SequenceMatcher(a=wa, b=wb, autojunk=False).find_longest_match(0, len(wa), 0, len(wb))
    return match.size >= max(run, share * min(len(wa), len(wb)))


def _one_quote(a: str, b: str, shape_a: Shape | None = None, shape_b: Shape | None = None) -> float | None:
    """How alike two quotes are (`_quote_similarity`) when their words make them one quote, an
    excerpt or a rewording of it; None when they do not."""
    shape_a, shape_b = shape_a or _shape(a), shape_b or _shape(b)
    sim = _quote_similarity(shape_a, shape_b)
    if sim < QUOTE_MATCH and not _shared_run(a, b):
        return None
    shared = len(shape_a[0] & shape_b[0])
    if sim < 1.0 and shared < MIN_SHARED_WORDS:
        if not _shared_run(a, b, SHORT_RUN, share=SHORT_RUN_SHARE):
            return None  # "doing the right thing" and "I'm saying the right thing": an idiom, two remarks
    elif shared < MIN_SHARED_WORDS - 1 and not _holds_every_word(a, b):
        return None  # "Super Tuesday 2" in a headline and "another super Tuesday for our campaign"
    if sim < 1.0 and meet_on_a_phrase(a, b):
        return None  # one line in two remarks: "make sure our economy works ..." / "to build an economy that works ..."
    if shared < MIN_SHARED_WORDS - 1 and not (_within(a, b) or _shared_run(a, b, SHORT_RUN, share=SHORT_RUN_SHARE)):
        # two content words or fewer say little: "I'm going to say it again" holds those of "I'm
        # going to vote in this primary", "I hope so" that of "I hope not"; an excerpt of so few
        # stands in the longer quote word for word
        return None
    return sim


SPLIT_GAP = 80  # characters between two quotes of one article that one attribution splits


def _split_by_cue(a: Fact, b: Fact) -> bool:
    """Two quotes of one article are one passage split by its attribution ('"No, I meant it,"
    Trump responded. "I do."'): the one starts within SPLIT_GAP characters of the other's end."""
    if None in (a.evidence.start, a.evidence.end, b.evidence.start, b.evidence.end):
        return False
    first, second = (a, b) if (a.evidence.start or 0) <= (b.evidence.start or 0) else (b, a)
    return 0 <= (second.evidence.start or 0) - (first.evidence.end or 0) <= SPLIT_GAP


def _holds_every_word(a: str, b: str) -> bool:
    """The longer quote holds every word of the shorter but its function words, figures
    included ("We will start in spring" in "We will start in the spring"; not "Super Tuesday 2"
    in "another super Tuesday for our campaign")."""
    wa, wb = tokens(a), tokens(b)
    short, long = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    return {w for w in short if w not in STOPWORDS} <= set(long)


def _within(a: str, b: str) -> bool:
    """One quote's words stand in the other in a row, all of them (an excerpt of two or three
    words: "a shift in mission"), whatever the punctuation and capitals."""
    wa, wb = tokens(a), tokens(b)
    short, long = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    return bool(short) and f" {' '.join(short)} " in f" {' '.join(long)} "


def _quote_keys(text: str) -> set[str]:
    """Blocking keys: pairs of consecutive content words (the word itself for a quote of one), so
    that a short excerpt shares a key with the longer quote it comes from."""
    words = [lemma(t) for t in tokens(text) if t not in STOPWORDS and len(t) > 1]
    if len(words) < 2:
        return set(words)
    return {f"{a} {b}" for a, b in zip(words, words[1:], strict=False)}


def _quote_groups(quotes: list[Fact], canonical_of: dict[str, str]) -> list[list[Fact]]:
    groups = _Groups(quotes)
    index: dict[str, list[Fact]] = defaultdict(list)
    for q in quotes:
        for key in _quote_keys(q.value):
            index[key].append(q)
    speaker = {q.id: canonical_speaker(q.speaker, canonical_of) for q in quotes}
    shapes = {q.id: _shape(q.value) for q in quotes}
    size = {q.id: len(tokens(q.value)) for q in quotes}
    longs: dict[str, list[Fact]] = {q.id: [q] for q in quotes if size[q.id] > BRIDGE}  # by group root
    own: dict[str, dict[str, list[Fact]]] = {q.id: {q.article_id: [q]} for q in quotes}  # by root, by article
    seen: set[tuple[str, str]] = set()
    pairs: list[tuple[float, bool, str, str, Fact, Fact]] = []
    for block in index.values():
        if len(block) > MAX_BLOCK:  # a phrase in hundreds of quotes says nothing about sameness
            continue
        for i, a in enumerate(block):
            for b in block[i + 1 :]:
                if a.article_id == b.article_id or (a.id, b.id) in seen:
                    continue
                seen.add((a.id, b.id))
                sim = _one_quote(a.value, b.value, shapes[a.id], shapes[b.id])
                if sim is None:
                    continue
                sa = None if is_role(a.speaker) else speaker[a.id]
                sb = None if is_role(b.speaker) else speaker[b.id]
                if sa and sb and sa != sb and sim < SAME_WORDS:
                    continue  # different speakers, merely similar words: different quotes
                if min(size[a.id], size[b.id]) <= BRIDGE < max(size[a.id], size[b.id]) and not (sa and sa == sb):
                    if (sa and sb) or not _within(a.value, b.value):
                        continue  # "a big deal" (a voter), "law and order candidate": a phrase, not an excerpt
                pairs.append((-sim, not _within(a.value, b.value), a.id, b.id, a, b))
    # the closest renderings join first, word for word before reworded: a quote one outlet gives
    # joins the same words in another, not a like-worded remark that article keeps apart
    # (`_one_article_one_quote`)
    for *_, a, b in sorted(pairs, key=lambda p: p[:4]):
        ra, rb = groups.find(a.id), groups.find(b.id)
        if ra == rb:
            continue
        if min(size[a.id], size[b.id]) <= BRIDGE and not _related(longs.get(ra, []), longs.get(rb, [])):
            continue  # "radical Islamic terrorism" in a statement and in a tweet: no bridge
        if not _one_article_one_quote(own[ra], own[rb]):
            continue  # two remarks one article quotes apart are two quotes, whatever joins them
        groups.union(a.id, b.id)
        root = groups.find(a.id)
        longs[root] = (longs.pop(ra, []) + longs.pop(rb, []))[:MAX_LONGS]
        kept, other = (own.pop(ra), own.pop(rb)) if root == ra else (own.pop(rb), own.pop(ra))
        for article, facts in other.items():
            kept.setdefault(article, []).extend(facts)
        own[root] = kept
    return groups.groups()


def _one_article_one_quote(a: dict[str, list[Fact]], b: dict[str, list[Fact]]) -> bool:
    """Two groups of quotes may be one quote as far as the articles in both say: each such
    article's quotes in the one hold or repeat its quotes in the other (an excerpt it repeats:
    every content word of the shorter in the longer), not two remarks, however alike ("I meant
    exactly that. He's the founder of ISIS" and "No, I meant he's the founder of ISIS. I do.")."""
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    return all(
        _quote_similarity(x, y) >= 1.0 or _split_by_cue(x, y)
        for article, facts in small.items()
        if article in large
        for x in facts
        for y in large[article]
    )


def _related(a: list[Fact], b: list[Fact]) -> bool:
    """Two groups' long quotes may be one statement (either group has none, or a pair of them is
    alike); the longs kept per group are few."""
    if not a or not b:
        return True
    return any(_one_quote(x.value, y.value) is not None for x in a for y in b)


# -- numbers and dates --------------------------------------------------------------------


def _context(f: Fact, texts: dict[str, str]) -> frozenset[str]:
    """The content words around a fact's evidence, in its sentence, and of its subject (kept for
    the texts in use: a fact is compared with many others)."""
    return _context_of(texts.get(f.article_id, ""), f.evidence.start or 0, f.evidence.end or 0, f.subject)


@functools.lru_cache(maxsize=65536)
def _context_of(text: str, start: int, end: int, subject: str) -> frozenset[str]:
    before = re.split(r"[.!?]\s|\n", text[max(0, start - CONTEXT_WINDOW) : start])[-1]
    after = re.split(r"[.!?](?:\s|$)|\n", text[end : end + CONTEXT_WINDOW])[0]
    return frozenset(content_words(before + " " + after) | content_words(subject))


def _merge_buckets(
    buckets: list[list[Fact]],
    texts: dict[str, str],
    threshold: float,
    key: Callable[[Fact], str],
    judge: Judge | None = None,
) -> list[list[Fact]]:
    """Merge buckets of different values when some fact of one reads like some fact of the
    other (shared context words) and no article is in both. Only buckets that share context
    words are compared (an inverted index), never all pairs."""
    contexts = [[_context(f, texts) for f in b[:20]] for b in buckets]
    rank = {i: r for r, i in enumerate(sorted(range(len(buckets)), key=lambda i: (key(buckets[i][0]), i)))}
    sets = UnionFind(range(len(buckets)), order=rank.__getitem__)
    members: dict[int, set[str]] = {i: {f.article_id for f in buckets[i]} for i in range(len(buckets))}
    for i, j in _candidate_pairs(contexts, rank):
        ri, rj = sets.find(i), sets.find(j)
        if ri == rj or members[ri] & members[rj]:
            continue
        if any(_alike(a, b, threshold) for a in contexts[i] for b in contexts[j]) or (
            judge is not None
            and any(_alike(a, b, threshold * UNSURE) for a in contexts[i] for b in contexts[j])
            and judge(buckets[i][0], buckets[j][0])
        ):
            keep = sets.union(ri, rj)
            members[keep] |= members.pop(rj if keep == ri else ri)
    merged: dict[int, list[Fact]] = defaultdict(list)
    for i, bucket in enumerate(buckets):
        merged[sets.find(i)].extend(bucket)
    return list(merged.values())


def _candidate_pairs(contexts: list[list[frozenset[str]]], rank: dict[int, int]) -> list[tuple[int, int]]:
    """Bucket pairs that share at least two context words, in a canonical order."""
    index: dict[str, list[int]] = defaultdict(list)
    for i, sets in enumerate(contexts):
        for word in set().union(*sets):
            index[word].append(i)
    shared: dict[tuple[int, int], int] = defaultdict(int)
    for posting in index.values():
        if len(posting) > MAX_BLOCK:
            continue
        for x, i in enumerate(posting):
            for j in posting[x + 1 :]:
                shared[(i, j) if rank[i] < rank[j] else (j, i)] += 1
    return sorted((pair for pair, n in shared.items() if n >= 2), key=lambda p: (rank[p[0]], rank[p[1]]))


def _alike(a: AbstractSet[str], b: AbstractSet[str], threshold: float) -> bool:
    return len(a & b) >= 2 and jaccard(a, b) >= threshold


def _band(f: Fact) -> int:
    """Magnitude band of a number (about a third wide): agreeing numbers lie in adjacent bands."""
    number = f.normalized.number if f.normalized and f.normalized.number is not None else 0.0
    return round(math.log10(abs(number)) * 8) if number else -999


def _number_groups(numbers: list[Fact], texts: dict[str, str], judge: Judge | None) -> list[list[Fact]]:
    by_noun: dict[tuple[str, bool], list[Fact]] = defaultdict(list)
    for f in numbers:  # what it counts, and whether it is the value before a change
        by_noun[(f.attribute.lower(), f.previous)].append(f)
    out: list[list[Fact]] = []
    for (_, previous), facts in by_noun.items():
        if previous and len({f.article_id for f in facts}) == len(facts) > 1:
            out.append(facts)  # each outlet gives one value before the change of this count: one fact
            continue
        buckets: list[list[Fact]] = []
        by_band: dict[int, list[int]] = defaultdict(list)
        for f in facts:  # facts are in canonical order
            band = _band(f)
            near = sorted(i for b in (band - 2, band - 1, band, band + 1, band + 2) for i in by_band.get(b, []))
            home = next(
                (i for i in near if _agree(f, buckets[i][0]) and _similar_context(f, buckets[i][0], texts)),
                None,
            )
            if home is None:
                by_band[band].append(len(buckets))
                buckets.append([f])
            else:
                buckets[home].append(f)
        out += _merge_buckets(
            buckets,
            texts,
            NUMBER_CONTEXT_MATCH,
            key=lambda f: f.normalized.text if f.normalized else f.value,
            judge=judge,
        )
    return out


def _agree(a: Fact, b: Fact) -> bool:
    return a.normalized is not None and b.normalized is not None and numbers_agree(a.normalized, b.normalized)


def _similar_context(a: Fact, b: Fact, texts: dict[str, str]) -> bool:
    """Equal values still need some shared context to be one fact ('two wars', 'two decades')."""
    return a.attribute != "count" or jaccard(_context(a, texts), _context(b, texts)) > 0


def _date_groups(dates: list[Fact], texts: dict[str, str], judge: Judge | None) -> list[list[Fact]]:
    """Dates bucket by their normalised value (and shared context); buckets of different dates
    merge when their contexts say they date the same thing."""
    buckets: list[list[Fact]] = []
    by_value: dict[str, list[int]] = defaultdict(list)
    for f in dates:
        value = f.normalized.text if f.normalized else fold(f.value)
        home = next(
            (
                i
                for i in by_value[value]
                if jaccard(_context(f, texts), _context(buckets[i][0], texts)) >= DATE_CONTEXT_MATCH
            ),
            None,
        )
        if home is None:
            by_value[value].append(len(buckets))
            buckets.append([f])
        else:
            buckets[home].append(f)
    return _merge_buckets(
        buckets,
        texts,
        DATE_CONTEXT_MATCH,
        key=lambda f: f.normalized.text if f.normalized else f.value,
        judge=judge,
    )


# -- events and claims (from a model) -----------------------------------------------------


def _text_groups(facts: list[Fact], canonical_of: dict[str, str], judge: Judge | None) -> list[list[Fact]]:
    groups = _Groups(facts)
    by_key: dict[tuple[str, str], list[Fact]] = defaultdict(list)
    for f in facts:
        subject = canonical_speaker(f.subject, canonical_of) or fold(f.subject)
        by_key[(subject, fold(f.attribute) if f.kind is not FactKind.withheld else f"withheld {f.attribute}")].append(f)
    for block in by_key.values():
        for i, a in enumerate(block):
            for b in block[i + 1 :]:
                if a.article_id == b.article_id:
                    continue
                sim = jaccard(content_words(a.value), content_words(b.value))
                withholding = a.kind is FactKind.withheld  # "silent on" and "would not say" agree
                opposed = negated(a.value) != negated(b.value) and not withholding  # same subject and attribute
                same = sim >= 0.5 or opposed or (judge(a, b) if judge and sim >= 0.2 else False)
                if same:
                    groups.union(a.id, b.id)
    return groups.groups()


# -- attributed statements ------------------------------------------------------------------

STATEMENT_MATCH = 0.5  # content-word Jaccard at which two statements of one source render the same one
STATEMENT_PART = 0.7  # ... or the share of the shorter one's content words the longer holds,
STATEMENT_PART_WORDS = 4  # with at least this many content words in common (a part rendered);
STATEMENT_MANY_WORDS = 6  # with this many in common, half of the shorter one's words suffice
STATEMENT_SAID_WORDS = 3  # ... of which this many say something (no names, days or times)


_TEXT_KINDS = (FactKind.event, FactKind.claim, FactKind.withheld)  # compared by their words


def is_statement(fact: Fact) -> bool:
    """An attributed statement the rules read from the parse (kind claim, with a cue as its
    attribute), not a model's claim (which keeps its own grouping)."""
    return fact.kind is FactKind.claim and fact.extractor == "rules"


def _statement_groups(said: list[Fact], quoted: list[Fact], canonical_of: dict[str, str]) -> list[list[Fact]]:
    """Statements of the same source in different outlets that render the same one (most of
    their content words shared), and the direct quotes of that source another outlet gives for
    it ("X said the troops would stay" and "'We will stay,' X said"). Each group holds at least
    one statement; a quote stays in its own cluster as well. A poll is no one source: "exit
    polls found" in two outlets may be two states' polls."""

    def source(f: Fact) -> str | None:
        return canonical_speaker(f.speaker, canonical_of) if f.speaker else None

    by_source: dict[str, list[Fact]] = defaultdict(list)
    for f in said:
        if (who := source(f)) is not None and not _unnamed_poll(who):
            by_source[who].append(f)
    quotes_of: dict[str, list[Fact]] = defaultdict(list)
    for q in quoted:
        if (who := source(q)) is not None and who in by_source:
            quotes_of[who].append(q)
    groups = _Groups([*said, *(q for qs in quotes_of.values() for q in qs)])
    words = {f.id: content_words(f.value) for f in [*said, *quoted]}
    said_words = {f.id: _said_words(f.value) for f in [*said, *quoted]}
    for who, block in by_source.items():
        for i, a in enumerate(block):
            for b in [*block[i + 1 :], *quotes_of.get(who, [])]:
                if (
                    a.article_id != b.article_id
                    and _sides_meet(a, b)
                    and _denials_meet(a, b, who)
                    and _renders(words[a.id], words[b.id], said_words[a.id], said_words[b.id])
                ):
                    groups.union(a.id, b.id)
    out = []
    for g in groups.groups():
        if any(is_statement(f) for f in g):
            out.append(sorted(g, key=lambda f: (not is_statement(f), f.article_id, f.evidence.start or 0)))
    return out


def _denial(fact: Fact) -> bool:
    """A statement under a cue that denies what it reports ("denied that S")."""
    return is_statement(fact) and denies(fact.attribute)


def _denials_meet(a: Fact, b: Fact, source: str) -> bool:
    """A denial ("X denied that S") may be one statement with another rendering: with another
    denial; with a rendering that says S is not so ("X said that not S"), which it agrees with;
    and, when X is named, with one that says S ("X admitted that S"), a contradiction. Of a role
    or a group ("officials"), whose two renderings are never set against each other, a denial and
    an assertion of the same words are two statements."""
    if _denial(a) == _denial(b) or negated(a.value) != negated(b.value):
        return True
    return _named_source(source)


def _sides_meet(a: Fact, b: Fact) -> bool:
    """Two renderings may be one statement as far as the sides they take and what they render
    go: judgments of opposite sides never ("X praised the plan for its speed", "X criticized
    the plan for its speed"); a side taken ("X endorsed Speaker Ryan") only with a rendering
    that takes the same side, by its cue or its words ("'I support and endorse our speaker'"),
    not with whatever else the source said of the same person; a topic spoken of ("X pointed to
    the report") only with another topic, not with what the source said of it."""
    sides = {side(f.attribute) for f in (a, b) if is_statement(f)} - {None}
    if len(sides) > 1:
        return False
    if len({is_statement(f) and topic(f.attribute) for f in (a, b)}) > 1:
        return False
    for x, y in ((a, b), (b, a)):
        taken = stance(x.attribute) if is_statement(x) else None
        if taken is not None and taken not in {side(y.attribute) if is_statement(y) else None} | sides_in(y.value):
            return False
    return True


_POLL_SOURCE = re.compile(r"\b(?:polls?|polling|surveys?)\b", re.I)


def _unnamed_poll(source: str) -> bool:
    """ "Exit polls found ...", "a new survey shows ...": each outlet's own poll, never one source
    (a poll named, "the ABC News/Washington Post tracking poll", is one)."""
    return bool(_POLL_SOURCE.search(source)) and not any(w[:1].isupper() for w in source.split()[1:])


def _named_source(speaker: str | None) -> bool:
    """A source named in person or as an organisation ("Pasco County Sheriff's Office"), not a
    role or a group ("officials", "police", "a spokesman"): only those are set against each other."""
    return bool(speaker) and not is_role(speaker) and any(w[:1].isupper() for w in (speaker or "").split())


def _renders(a: set[str], b: set[str], said_a: set[str], said_b: set[str]) -> bool:
    """Two statements' content words say they render one statement: most words shared, or one
    holding most of the other's (a part quoted, the rest paraphrased), when some of the shared
    words say something (`_said_words`): two statements of the police about one shooting share
    its place and its night ("opened fire on the Fox Cities Trestle Trail bridge Sunday
    night", "Four people were killed ... on the Fox Cities Trestle Trail bridge ... Sunday
    night") and are two statements."""
    if jaccard(a, b) >= STATEMENT_MATCH:
        return True
    # a short statement ("Trump is not considering firing special counsel Robert Mueller") has
    # fewer words that say something than a long one: all of them, two at least, suffice
    if len(said_a & said_b) < min(STATEMENT_SAID_WORDS, max(2, min(len(said_a), len(said_b)))):
        return False
    common, shorter = len(a & b), min(len(a), len(b))
    if common >= STATEMENT_MANY_WORDS and common >= 0.5 * shorter:
        return True
    return common >= STATEMENT_PART_WORDS and common >= STATEMENT_PART * shorter


_TIMES_OF_DAY = frozenset("morning afternoon evening night today tonight yesterday tomorrow week weekend".split())
_DAY_WORDS = frozenset(w.lower() for w in (*WEEKDAYS, *MONTHS)) | _TIMES_OF_DAY
# prepositions the content-word list keeps: they relate what is said, they say nothing ("a strike
# against Iran" and "loaded for a strike against Iran" share no more than "strike")
_RELATING_WORDS = frozenset(
    "against without within upon amid despite toward towards versus since behind beyond among across near per via"
    " until".split()
)


# a title written in lower case before the name it stands with ("special counsel Robert Mueller",
# "former president Barack Obama"): part of the name, not of what was said
_TITLE_BEFORE_NAME = re.compile(
    r"\b(?:(?:former|then|acting|deputy|interim)\s+)?(?:" + "|".join(re.escape(t) for t in TITLES) + r")(?=\s+[A-Z])",
    re.I,
)


def _said_words(text: str) -> set[str]:
    """The content words of a statement without the names in it (capitalised words: "Fox
    Cities Trestle Trail", the first one too, with the title before one: "special counsel
    Robert Mueller"), without its days and times ("Sunday night") and without the prepositions the
    content words keep ("against"): what is left says what was said."""
    words = re.findall(r"[\w’'-]+", text)
    titles = " ".join(m.group() for m in _TITLE_BEFORE_NAME.finditer(text))
    names = content_words(" ".join(w for w in words if w[:1].isupper()) + " " + titles)
    return {
        _stem(w) for w in content_words(text) if w not in names and w not in _DAY_WORDS and w not in _RELATING_WORDS
    }


def _stem(word: str) -> str:
    """A verb's form without its -ing or -ed ("ending", "ended": "end"; "committed": "commit")."""
    for end in ("ing", "ed"):
        if word.endswith(end) and len(word) - len(end) >= 3:
            word = word[: -len(end)]
            return word[:-1] if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiousl" else word
    return word


# -- withheld against stated --------------------------------------------------------------

_DEADLINES = ("by", "before", "until", "within")


def _without(value: ClusterValue, articles: set[str]) -> ClusterValue:
    """`value` as reported by the other articles only."""
    kept = [a for a in value.article_ids if a not in articles]
    facts = [f for f in value.fact_ids if f.rsplit(":", 1)[0] not in articles]
    return value.model_copy(update={"article_ids": kept, "fact_ids": facts})


def _withheld_clusters(
    facts: list[Fact], clusters: list[Cluster], texts: dict[str, str], published: dict[str, dt.date | None]
) -> list[Cluster]:
    """An outlet saying a value was not given ("has not offered a timeline") against outlets that
    state it: a `contradiction` with both sides. A withheld number meets the numbers whose counted
    thing it names ("how many troops"); a withheld date the dates whose event it names, else the
    deadline most outlets give (in a story about one event, "no timeline" and "by 31 December"
    are the disagreement). The stated side must be a value of its own: a calendar date as
    written (not "yesterday" or "Tuesday"), a count whose identity is `established`. A value
    first stated in an article published after every article that withheld it is the story
    moving on ("police did not specify the number of victims" on one day, "the two victims" a
    week later), no contradiction."""
    by_id = {f.id: f for f in facts}

    def stated_value(c: Cluster) -> bool:
        if c.kind is FactKind.date:
            return all(_CALENDAR.search(v.value) for v in c.values)
        return all(established(c.kind, v, [by_id[i] for i in v.fact_ids if i in by_id], texts) for v in c.values)

    withheld_facts = [f for f in facts if f.kind is FactKind.withheld and f.attribute in ("date", "number")]
    stated_clusters = (
        [c for c in clusters if c.kind in (FactKind.date, FactKind.number) and stated_value(c)]
        if withheld_facts
        else []
    )
    pending: dict[tuple[int, str], tuple[Cluster, list[Fact]]] = {}
    for w in withheld_facts:
        kind = FactKind.date if w.attribute == "date" else FactKind.number
        others = [
            c
            for c in stated_clusters
            if c.kind is kind and any(a != w.article_id for v in c.values for a in v.article_ids)
        ]
        named = [c for c in others if withheld.about_the_same(w.value, f"{c.subject} {c.what}")]
        if not named and kind is FactKind.date and not re.search(r"\bwhen\s+\w+", w.value):
            named = [c for c in others if any(v.normalized and v.normalized.qualifier in _DEADLINES for v in c.values)]
        if not named:
            continue
        stated = max(named, key=lambda c: (len({a for v in c.values for a in v.article_ids}), c.values[0].value))
        pending.setdefault((id(stated), w.attribute), (stated, []))[1].append(w)
    out = []
    for (_, attribute), (stated, held) in pending.items():  # one conflict per stated value: all who withheld it
        stating = {a for v in stated.values for a in v.article_ids}
        held = [w for w in held if w.article_id not in stating]  # it gives the value itself elsewhere
        silent = {w.article_id for w in held}
        if not held:
            continue
        values = [_without(v, silent) for v in stated.values]  # the stating side: the other outlets
        days = [day for a in silent if (day := published.get(a)) is not None]
        if len(days) == len(silent):  # every withholding article dated: later ones give what was not yet known
            last = max(days)
            later = {a for v in values for a in v.article_ids if (day := published.get(a)) and day > last}
            values = [_without(v, later) for v in values]
        values = [v for v in values if v.article_ids]
        if not values:
            continue
        mine = [ClusterValue(value=w.value, article_ids=[w.article_id], fact_ids=[w.id]) for w in held]
        out.append(
            Cluster(
                id="",
                kind=FactKind.withheld,
                subject=stated.subject,
                attribute=f"{attribute} against stated",
                status=ClusterStatus.conflict,
                conflict_kinds=[ConflictKind.contradiction],
                values=[*mine, *values],
            )
        )
    return out


# -- clusters -----------------------------------------------------------------------------


class _Stated:
    """The figures and calendar dates each article states, by article, kind and (for a figure)
    the thing it counts: what an outlet knows of, whatever cluster its facts fell in; and the
    day each article was published, when known."""

    def __init__(self, facts: list[Fact], published: dict[str, dt.date | None] | None = None) -> None:
        self.published = published or {}
        self._by: dict[tuple[str, FactKind, str], list[NormalizedValue]] = defaultdict(list)
        for f in facts:
            n = f.normalized
            if f.kind is FactKind.number and n is not None and n.number is not None and not f.previous:
                self._by[(f.article_id, f.kind, fold(f.attribute))].append(n)
            elif f.kind is FactKind.date and n is not None and n.date is not None:
                self._by[(f.article_id, f.kind, "")].append(n)

    def states(self, article_id: str, kind: FactKind, attribute: str, value: NormalizedValue) -> bool:
        """The article states `value` itself (a figure of the same counted thing, the same day)."""
        same = numbers_agree if kind is FactKind.number else dates_agree
        key = fold(attribute) if kind is FactKind.number else ""
        return any(same(n, value) for n in self._by.get((article_id, kind, key), ()))


def _cluster(
    facts: list[Fact],
    canonical_of: dict[str, str],
    persons: set[str] | None = None,
    texts: dict[str, str] | None = None,
    stated: _Stated | None = None,
) -> Cluster:
    first = facts[0]
    values = _values(facts, canonical_of)
    articles = {f.article_id for f in facts}
    pairs = _disagreeing(first.kind, values, facts, persons or set(), texts or {}, stated) if len(values) > 1 else []
    kinds = sorted({k for _, _, pair in pairs for k in pair}, key=lambda k: k.value)
    status = (
        ClusterStatus.single_source if len(articles) == 1 else ClusterStatus.conflict if kinds else ClusterStatus.agreed
    )
    shifted = ConflictKind.paraphrase_shift in kinds
    diff = _word_diff(values[0].value, values[1].value) if ConflictKind.quote_wording in kinds or shifted else None
    subject = _subject(facts, canonical_of)
    notes, reasons = [], []
    if shifted:
        hedged = _hedged(values, facts)
        reasons = sorted(
            {
                r
                for i, a in enumerate(values)
                for b in values[i + 1 :]
                for r in _shift(a, b, hedged=hedged[id(a)] or hedged[id(b)], denial=a.denied != b.denied)
            }
        )
        notes.append(SHIFT_NOTE + ", ".join(reasons))
    if first.kind is FactKind.quote and not kinds and len(articles) > 1 and _minor_wording(values):
        notes.append("minor: the outlets' wordings differ only in function words")
    return Cluster(
        id="",
        kind=first.kind,
        subject=subject,
        attribute=first.attribute,
        previous=first.kind is FactKind.number and first.previous,
        status=status,
        conflict_kinds=kinds,
        values=values,
        diff=diff,
        shifts=reasons,
        notes=notes,
    )


def _undisputed_apart(
    cluster: Cluster, facts: list[Fact], persons: set[str], texts: dict[str, str], stated: _Stated
) -> list[list[Fact]]:
    """A number or date cluster in conflict keeps only the values that disagree; a value in no
    disagreeing pair (its identity not established, or its outlet gives the other figure too) is
    listed apart: "16 states holding contests on or before March 1" is no third answer to how
    many states vote on March 1, where 11 and 15 disagree."""
    if cluster.status is not ClusterStatus.conflict or cluster.kind not in (FactKind.number, FactKind.date):
        return [facts]
    pairs = _disagreeing(cluster.kind, cluster.values, facts, persons, texts, stated)
    disputed = {id(v) for a, b, _ in pairs for v in (a, b)}
    rest = [v for v in cluster.values if id(v) not in disputed]
    if not rest:
        return [facts]
    by_id = {f.id: f for f in facts}

    def facts_of(values: list[ClusterValue]) -> list[Fact]:
        return [by_id[i] for v in values for i in v.fact_ids if i in by_id]

    return [facts_of([v for v in cluster.values if id(v) in disputed]), *(facts_of([v]) for v in rest)]


def _apart(cluster: Cluster, facts: list[Fact]) -> list[list[Fact]]:
    """A number or date cluster whose values differ while no disagreement between them is
    established is no agreement either: its values that agree stay together and the others are
    listed apart, each a cluster of its own ("five others injured" and "two girls injured" of
    another shooting are not one fact)."""
    if cluster.status is not ClusterStatus.agreed or cluster.kind not in (FactKind.number, FactKind.date):
        return [facts]
    values = cluster.values
    same = numbers_agree if cluster.kind is FactKind.number else dates_agree
    sets = UnionFind(range(len(values)))
    for i, a in enumerate(values):
        for j in range(i + 1, len(values)):
            b = values[j]
            if cluster.kind is FactKind.date and month_only(a.value) != month_only(b.value):
                continue  # "in March" and "on March 1": a month and a day of it are two facts
            if a.normalized is None or b.normalized is None or same(a.normalized, b.normalized):
                sets.union(i, j)
            elif cluster.kind is FactKind.date and same_written_day(a.value, b.value):
                sets.union(i, j)
    parts = sets.groups()
    if len(parts) == 1:
        return [facts]
    by_id = {f.id: f for f in facts}
    return [[by_id[i] for k in members for i in values[k].fact_ids if i in by_id] for members in parts.values()]


def _established_parts(cluster: Cluster, facts: list[Fact], texts: dict[str, str]) -> list[list[Fact]]:
    """The same figure or date in two articles is an agreement only when its identity is
    established as a disagreement's would be: numbers that count the same thing of the same
    event (`established`, `_same_quantity`: "nine in 10" and "$10" are not one fact), dates that
    date an event of the story (`_dates_an_event`). An article's facts not established stay apart
    on their own, its established ones join the first group they are shown to be one with, else
    start one: linear in the articles for a few groups."""
    if cluster.status is not ClusterStatus.agreed or cluster.kind not in (FactKind.number, FactKind.date):
        return [facts]
    by_article: dict[str, list[Fact]] = defaultdict(list)
    for f in facts:
        by_article[f.article_id].append(f)
    if len(by_article) < 2:
        return [facts]
    groups: list[list[Fact]] = []
    joinable: list[list[Fact]] = []  # groups of established facts, which later articles may join
    for facts_of_article in by_article.values():
        if cluster.kind is FactKind.date:  # the same day, resolved: established when it dates an event
            part = [f for f in facts_of_article if _dates_an_event(f, texts)]
        else:
            part = [f for f in facts_of_article if established(cluster.kind, _alone(f), [f], texts)]
        if len(part) < len(facts_of_article):  # what is not established stays apart ("in a string of shootings")
            kept = {f.id for f in part}
            groups.append([f for f in facts_of_article if f.id not in kept])
        if cluster.kind is FactKind.date:
            if part:
                home = next(iter(joinable), None)
                _join_or_start(part, home, groups, joinable)
            continue
        for figure in _by_figure(part):  # "1,237 delegates to win" and "at least 866" of one article are two
            home = next(
                (
                    g
                    for g in joinable
                    if _figures_agree(g[:1], figure) and _same_quantity(g, figure, texts, agreeing=True)
                ),
                None,
            )
            _join_or_start(figure, home, groups, joinable)
    return groups


def _join_or_start(
    part: list[Fact], home: list[Fact] | None, groups: list[list[Fact]], joinable: list[list[Fact]]
) -> None:
    if home is not None:
        home.extend(part)
    else:
        groups.append(part)
        joinable.append(part)


def _by_figure(facts: list[Fact]) -> list[list[Fact]]:
    """An article's number facts by the figure they give ("at least four" and "four" are one;
    "at least 866" and "1,237", though the one bounds the other, are two), in order."""
    out: dict[float | None, list[Fact]] = {}
    for f in facts:
        out.setdefault(f.normalized.number if f.normalized else None, []).append(f)
    return list(out.values())


def _figures_agree(a: list[Fact], b: list[Fact]) -> bool:
    """Every figure of `a` agrees with every figure of `b` (`numbers_agree`)."""
    return all(
        x.normalized is not None and y.normalized is not None and numbers_agree(x.normalized, y.normalized)
        for x in a
        for y in b
    )


def _by_speaker(
    cluster: Cluster, facts: list[Fact], canonical_of: dict[str, str], persons: set[str]
) -> list[list[Fact]]:
    """Words that two or more named people are given, with no attribution conflict established
    between them, are no agreement: each person's renderings stay together, apart from the
    others' ("make America whole again" given to Clinton by one outlet and to Trump by another;
    a quote a parse gave to the wrong person). Nor is a difference of wording between two
    people, each a person the story names (not a person and the school she speaks for, nor one
    name with and without its title): a wording is compared within one person's renderings. A
    role or an unnamed source goes with no one."""
    if cluster.kind not in (FactKind.quote, FactKind.claim):
        return [facts]
    if cluster.status is ClusterStatus.single_source or ConflictKind.attribution in cluster.conflict_kinds:
        return [facts]
    named = {canonical_speaker(f.speaker, canonical_of) for f in facts if f.speaker and not is_role(f.speaker)}
    if cluster.status is ClusterStatus.conflict:
        people = sorted(
            n for n in named if n and fold(n) in persons and len(name_tokens(n)) >= 2 and not _names_a_body(n)
        )
        if not any(not _same_name(a, b) for i, a in enumerate(people) for b in people[i + 1 :]):
            return [facts]
    if len(named) < 2:
        return [facts]
    by_speaker: dict[str, list[Fact]] = defaultdict(list)
    for f in facts:
        who = canonical_speaker(f.speaker, canonical_of) if f.speaker and not is_role(f.speaker) else None
        by_speaker[who or f"\0{f.speaker or ''}"].append(f)
    return list(by_speaker.values())


def _dates_an_event(fact: Fact, texts: dict[str, str]) -> bool:
    """A date fact dates an event of the story: not the page's own date, and its event's verb
    stands before it in its sentence."""
    return not _PAGE_EVENT.search(fact.subject) and _event_verb_before(fact, texts.get(fact.article_id), inflected=True)


def _alone(fact: Fact) -> ClusterValue:
    return ClusterValue(value=fact.value, article_ids=[fact.article_id], fact_ids=[fact.id])


def _minor_wording(values: list[ClusterValue]) -> bool:
    return any(wording_difference(a.value, b.value) == "minor" for i, a in enumerate(values) for b in values[i + 1 :])


def _subject(facts: list[Fact], canonical_of: dict[str, str]) -> str:
    if facts[0].kind is FactKind.quote:
        named = [f.speaker for f in facts if f.speaker and not is_role(f.speaker)]
        speakers = sorted({canonical_speaker(s, canonical_of) or "" for s in named} - {""}) or sorted(
            {f.speaker for f in facts if f.speaker}
        )
        return " / ".join(speakers) if speakers else "unattributed"
    counts: dict[str, int] = defaultdict(int)
    for f in facts:
        counts[f.subject] += 1
    return min(counts, key=lambda s: (-counts[s], -len(s), s))


def _value_key(f: Fact, canonical_of: dict[str, str]) -> tuple[str, str]:
    if f.kind is FactKind.quote:
        who = "" if is_role(f.speaker) else canonical_speaker(f.speaker, canonical_of) or ""
        return " ".join(tokens(f.value)), who
    if f.normalized and f.normalized.type != "text":
        return f.normalized.text + "|" + (f.normalized.qualifier or ""), ""
    return fold(f.value), "denied" if _denial(f) else ""  # a denial of S and S itself are two values


def _values(facts: list[Fact], canonical_of: dict[str, str]) -> list[ClusterValue]:
    buckets: dict[tuple[str, str], list[Fact]] = defaultdict(list)
    for f in facts:
        buckets[_value_key(f, canonical_of)].append(f)
    values = [
        ClusterValue(
            value=fs[0].value,
            normalized=fs[0].normalized,
            speaker=canonical_speaker(fs[0].speaker, canonical_of) if fs[0].speaker else None,
            article_ids=sorted({f.article_id for f in fs}),
            fact_ids=sorted(f.id for f in fs),
            denied=_denial(fs[0]),
        )
        for fs in buckets.values()
    ]
    if facts[0].kind is FactKind.quote:
        values = _inferred_speakers(values)
    return sorted(values, key=lambda v: (-len(v.article_ids), v.article_ids, v.value))


def _inferred_speakers(values: list[ClusterValue]) -> list[ClusterValue]:
    """A quote no one is named for takes the one person the other outlets give the same words
    (marked as inferred); with several named people it stays unnamed."""
    named = {v.speaker for v in values if v.speaker and not is_role(v.speaker)}
    if len(named) != 1:
        return values
    (who,) = named
    return [v if v.speaker else v.model_copy(update={"speaker": who, "speaker_inferred": True}) for v in values]


def _disagreeing(
    kind: FactKind,
    values: list[ClusterValue],
    facts: list[Fact],
    persons: set[str],
    texts: dict[str, str],
    stated: _Stated | None = None,
) -> list[tuple[ClusterValue, ClusterValue, set[ConflictKind]]]:
    """The pairs of values that disagree, with how: only values whose identity is established
    (`established`); values of uncertain identity stay in the cluster but never make a conflict.
    Two figures or dates are never a disagreement when one outlet gives both (`_both_stated`):
    they are two things it knows apart ("Nevada on Feb. 20 and South Carolina on Feb. 27"), and
    a figure or date from an article that gives two differing values to the cluster is no one
    thing's (`_mixed`)."""
    found: list[tuple[ClusterValue, ClusterValue, set[ConflictKind]]] = []
    withheld_attribute = all(f.kind is FactKind.withheld for f in facts)
    statements_ = kind is FactKind.claim and any(is_statement(f) for f in facts)
    by_id = {f.id: f for f in facts}
    sure = [v for v in values if established(kind, v, [by_id[i] for i in v.fact_ids if i in by_id], texts)]
    if kind is FactKind.number and any(_percent(v) for v in sure):
        return []  # a share is a share of something at some time: its identity is not established
    facts_of = {id(v): [by_id[i] for i in v.fact_ids if i in by_id] for v in values}
    if kind in (FactKind.number, FactKind.date):
        mixed = _mixed(kind, values, facts_of)
        sure = [v for v in sure if not set(v.article_ids) <= mixed]
    hedged = _hedged(values, facts)
    for i, a in enumerate(sure):
        for b in sure[i + 1 :]:
            if set(a.article_ids) == set(b.article_ids):
                continue
            if kind is FactKind.number and not _same_quantity(facts_of[id(a)], facts_of[id(b)], texts):
                continue
            if stated is not None and _both_stated(kind, facts_of[id(a)], facts_of[id(b)], stated):
                continue
            if kind is FactKind.number and stated is not None and _tally_of_another_day(a, b, facts_of, texts, stated):
                continue
            if kind is FactKind.quote and _rendered_alike(a, b, sure):
                continue
            pair = _pair_conflicts(
                kind,
                a,
                b,
                withheld_pair=withheld_attribute,
                statements=statements_,
                hedged=hedged[id(a)] or hedged[id(b)],
                denial=a.denied != b.denied,
            )
            if ConflictKind.attribution in pair and not (
                _named_person(a, persons, facts_of[id(a)])
                and _named_person(b, persons, facts_of[id(b)])
                and not _same_name(a.speaker or "", b.speaker or "")
            ):
                pair.discard(ConflictKind.attribution)
            if pair:
                found.append((a, b, pair))
    return found


def _mixed(kind: FactKind, values: list[ClusterValue], facts_of: dict[int, list[Fact]]) -> set[str]:
    """The articles that give this cluster two different figures or days ("all 155 delegates
    offered in Texas" and "at least 120 in that state" of one live blog; a bound and a figure it
    allows are two figures too): the words the cluster was gathered by name more than one thing
    there. A number's earlier value in a change ("from 5 to 7") is not a second value."""
    seen: dict[str, set[object]] = defaultdict(set)
    for v in values:
        for f in facts_of[id(v)]:
            n = f.normalized
            if n is not None and not f.previous and (n.number if kind is FactKind.number else n.date) is not None:
                seen[f.article_id].add(n.number if kind is FactKind.number else n.date)
    return {article for article, figures in seen.items() if len(figures) > 1}


# a count that runs on as time passes: what is still needed, how far short, the tally so far
_RUNNING = re.compile(
    r"\b(?:needs?|needed|short\s+of|so\s+far|to\s+date|thus\s+far|as\s+of|tally|running\s+total)\b",
    re.I,
)


def _tally_of_another_day(
    a: ClusterValue, b: ClusterValue, facts_of: dict[int, list[Fact]], texts: dict[str, str], stated: _Stated
) -> bool:
    """Two values of a running count ("Clinton needs 67 delegates to reach 2,383", "is 71
    delegates short of the magic number") from articles published on different days: the
    earlier count is not the current one, and no outlet disagrees with another."""
    days_a, days_b = ({stated.published.get(f.article_id) for f in facts_of[id(v)]} - {None} for v in (a, b))
    if not days_a or not days_b or days_a & days_b:
        return False

    def running(f: Fact) -> bool:
        text, start, end = texts.get(f.article_id), f.evidence.start, f.evidence.end
        if text is None or start is None or end is None:
            return False
        return _RUNNING.search(text, *_sentence_around(text, start, end, 120)) is not None

    return any(running(f) for f in facts_of[id(a)]) and any(running(f) for f in facts_of[id(b)])


def _both_stated(kind: FactKind, a: list[Fact], b: list[Fact], stated: _Stated) -> bool:
    """One side's outlet gives the other side's figure (of the same counted thing) or date too."""

    def known(facts: list[Fact], others: list[Fact]) -> bool:
        return any(
            o.normalized is not None and stated.states(f.article_id, kind, o.attribute, o.normalized)
            for f in facts
            for o in others[:1]
        )

    return known(a, b) or known(b, a)


# Subjects that name no counted thing, counted "things" that are places in a street ("the 300
# block of West Flournoy") and charges ("three counts of attempted murder", often of different
# defendants): their numbers are never compared as counts.
_NO_COUNTED_THING = frozenset({"unspecified", "block", "blocks", "count", "counts", "charge", "charges"})
# Events a date may date that are the page's own, not the story's: "(Published Monday, Sept. 29)".
_PAGE_EVENT = re.compile(r"\b(?:publish|update|post|photograph|caption|image|file)", re.I)
_CALENDAR = re.compile(
    rf"\b(?:{alternation(m.lower() for m in MONTHS)}|{alternation(a.lower() for a in MONTH_ABBREVIATIONS)})\b"
    r"|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}[./]\d{1,2}[./]\d{4}\b|\b(?:end of (?:the|this|next) year|year-end|year's end)",
    re.I,
)


def established(kind: FactKind, value: ClusterValue, facts: list[Fact], texts: dict[str, str] | None = None) -> bool:
    """Is this value's identity established well enough to claim a disagreement with it?

    A number needs a counted thing (not an age or a street block: no "unspecified" subject) and
    must be the story's figure, not a forecast of it ("economists had been looking for 845,000
    jobs") or a rate ("1,500 deaths a day" is not a total);
    a date needs to be a calendar date as written (a month, a numeric date, the end of a year:
    a weekday or "yesterday" is only as good as the publication date it was resolved against)
    of an event of the story (not the page's own "Published ..."); a quote needs its speaker
    named, not inferred from other outlets nor missing. Everything else is taken as extracted."""
    if not facts:
        return False
    if kind is FactKind.number:
        return all(
            not _AGE_BRACKET.match(f.evidence.text)
            and not (f.subject.lower() in _NO_COUNTED_THING and f.attribute.lower() in ("count", "unspecified"))
            and f.attribute.lower() not in _NO_COUNTED_THING
            and f.subject.lower() not in _NO_COUNTED_THING - {"unspecified"}
            and f.attribute.lower() not in _TIME_SPANS
            and not _forecast_or_rate(f, (texts or {}).get(f.article_id))
            and not _one_of_them(f, (texts or {}).get(f.article_id))
            for f in facts
        )
    if kind is FactKind.date:
        return (
            bool(_CALENDAR.search(value.value))
            and not any(_PAGE_EVENT.search(f.subject) for f in facts)
            and any(_event_verb_before(f, (texts or {}).get(f.article_id)) for f in facts)
        )
    if kind is FactKind.quote:  # words nobody is named for may be two remarks of two people
        return bool(value.speaker) and not value.speaker_inferred
    return True


_WORD_AFTER = re.compile(r"\W{0,2}([A-Za-z]+)")


def _one_of_them(fact: Fact, text: str | None) -> bool:
    """A bare "one" with no counted noun ("Ten were released. One is still in the hospital",
    "One of the wounded played dead"): one of a group named before, a part of it, not a count
    that two articles could share. "1 Killed, 3 Hurt", "One dead" say what happened to it: a
    count."""
    number = fact.normalized.number if fact.normalized else None
    if number != 1 or fact.subject.lower() != "unspecified" or len(fact.evidence.text.split()) != 1:
        return False
    end = fact.evidence.end
    after = _WORD_AFTER.match(text, end) if text is not None and end is not None else None
    return after is None or predicate_category(after.group(1)) is None


# "voters under 30", "those 45 and over": an age bracket of the people named before it, no count
_AGE_BRACKET = re.compile(r"(?:under|over|aged?)\s+\d+(?:\s+and\s+(?:over|older|under|up))?\W*$", re.I)
_FORECAST = re.compile(
    r"\b(?:expect\w*|forecast\w*|looking\s+for|project(?:ed|ion)s?|predict\w*|anticipat\w*|consensus"
    r"|economists?|analysts?|surveyed|polled)\b[^.;]*$",
    re.I,
)
# tallies over several events or a period, in the number's sentence
_AGGREGATE = re.compile(
    r"\b(?:separate|pair of|series of|string of|spate of|rash of|across the (?:city|country|state|region|nation)"
    r"|citywide|nationwide|statewide|so far this year|throughout the day|over the weekend|this weekend"
    r"|since (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
    r"|another\s+(?:\w+\s+)?(?:shooting|incident|attack|homicide|stabbing)|elsewhere)\b",
    re.I,
)
_TIME_SPANS = frozenset(
    {"year", "month", "week", "day", "hour", "minute", "second", "decade", "century", "a.m.", "p.m."}
)
_RATE = re.compile(
    r"^\W{0,2}(?:\w+\s+){0,2}?(?:a|per|each)\s+(?:day|week|month|year|hour)\b|^\s*(?:daily|weekly)\b", re.I
)


_ORDINALS = ("second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh")
_FOUND_MORE = re.compile(
    r"\b(?:found|located|discovered)\s+(?:a|the)\s+(\w+)\s+(?:victim|person|body)\b"
    r"|\b(?:a|the)\s+(\w+)\s+(?:victim|person|body)\s+(?:was|had\s+been)\s+(?:found|located|discovered)\b",
    re.I,
)


def _grown_later(fact: Fact, text: str) -> bool:
    """The article goes on to find one or two more ("found three people shot ... then located
    another ... found a fifth victim about a block away"): the count was a step of a running
    count, not the total. "A seventh person was injured by glass" finds no one."""
    value = fact.normalized.number if fact.normalized else None
    end = fact.evidence.end or 0
    if value is None or not 1 <= value <= len(_ORDINALS) or value != int(value):
        return False
    ranks = {word: rank for rank, word in enumerate(_ORDINALS, 2)}
    found = (ranks.get((m.group(1) or m.group(2)).lower(), 0) for m in _FOUND_MORE.finditer(text, end, end + 600))
    return any(value < rank <= value + 2 for rank in found)


_GROUP_NOUNS = (
    r"(?:(?:wo)?m[ae]n|(?:fe)?males?|boys?|girls?|adults?|juveniles?|minors?|child(?:ren)?|teens?|teenagers?)"
)
_NUMBER_WORD = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_BREAKDOWN_PART = re.compile(
    rf"\b{_NUMBER_WORD}\s+(?:(?:are|were|of\s+them\s+(?:are|were))\s+)?(?:[\w-]+\s+)?{_GROUP_NOUNS}\b", re.I
)
_GROUP_ATTRIBUTES = frozenset(
    {"man", "woman", "male", "female", "boy", "girl", "adult", "juvenile", "minor", "child", "teen", "teenager"}
)


def _breakdown(fact: Fact, sentence: str) -> bool:
    """A count of a group by sex or age, beside another in its sentence, with nothing said of
    what happened to them ("five are men and three are women"): a breakdown of some group (every
    victim? the wounded?) that the words do not name; not a figure to set against another
    outlet's. "One woman and four men were shot" says it: a count of the shot."""
    return fact.attribute.lower() in _GROUP_ATTRIBUTES and len(_BREAKDOWN_PART.findall(sentence)) >= 2


def _forecast_or_rate(fact: Fact, text: str | None) -> bool:
    """A forecast, a rate, or a tally over several events or a period ("in separate shootings
    around Chicago since Tuesday", "a pair of shootings") or of another incident ("In another
    shooting, two men were wounded", "Elsewhere, ..."), a step of a running
    count (`_grown_later`) or a breakdown by sex or age (`_breakdown`): not the figure of the
    story's event."""
    start, end = fact.evidence.start, fact.evidence.end
    if text is None or start is None or end is None:
        return False
    if _grown_later(fact, text):
        return True
    sentence_start, sentence_end = _sentence_around(text, start, end, 200)
    return bool(
        _FORECAST.search(text, max(0, start - 100), start)
        or _RATE.search(text[end : end + 30])
        or _AGGREGATE.search(text[sentence_start:sentence_end])
        or _breakdown(fact, text[sentence_start:sentence_end])
    )


def _sentence_around(text: str, start: int, end: int, reach: int) -> tuple[int, int]:
    """The sentence holding text[start:end] (from after the ". " or line break before it to the
    next one), cut to `reach` characters on either side."""
    stop = text.rfind(". ", 0, start)
    lo = max(stop + 2 if stop >= 0 else 0, text.rfind("\n", 0, start) + 1, start - reach)
    hi = min(x for x in (text.find(". ", end), text.find("\n", end), end + reach, len(text)) if x >= 0)
    return lo, hi


_PERCENT = re.compile(r"%|\bper\s*cent\b|\bpercent\b", re.I)


def _percent(value: ClusterValue) -> bool:
    return bool(_PERCENT.search(value.value))


def _event_verb_before(fact: Fact, text: str | None, *, inflected: bool = False) -> bool:
    """The dated event's verb stands before the date in its sentence ("Grant shot on Apr. 16"),
    not only somewhere in the sentence ("Grant died April 18, two days after she was shot");
    with `inflected`, in any regular form ("will be finished by" for "finish")."""
    start = fact.evidence.start
    verb = fact.subject.split()[0].lower() if fact.subject.split() else ""
    if text is None or start is None or not verb:
        return text is None
    at = fact.evidence.text.find(fact.value)
    start += max(at, 0)  # where the date itself stands in its evidence
    before = re.split(r"[.!?]\s", text[max(0, start - 80) : start])[-1]
    words = {lemma(w) for w in tokens(before)} | {w for w in tokens(before)}
    if inflected:
        stem = verb[:-1] if verb.endswith("e") and len(verb) > 3 else verb
        return any(w == verb or (w.startswith(stem) and len(w) - len(stem) <= 3) for w in words)
    return verb in words


def _names_a_body(speaker: str) -> bool:
    """The name ends in a body's or a group's noun ("Orleans County Sheriff's Office",
    "Sheriff's Investigators"): an office speaks through its people, so two such sources are
    not two persons the words were given to."""
    words = re.findall(r"[\w’'-]+", speaker)
    nouns = source_nouns()
    if not words or not (fold(words[-1]) in nouns or lemma(fold(words[-1])) in nouns):
        return False
    # "Anna Guard", "Margaret Court": a surname that is also a noun; a body's name is longer,
    # possessive ("Sheriff's Office") or plural ("Investigators")
    plural = lemma(fold(words[-1])) != fold(words[-1])
    return plural or len(words) >= 3 or re.search(r"[’']s\b", speaker) is not None


def _named_person(value: ClusterValue, persons: set[str], facts: list[Fact]) -> bool:
    """The value's speaker is a person named by the articles, given with confidence: not a
    role or a group ("officials", "the department"), not inferred from another outlet, and
    named where the words are quoted in at least one article (not only through "he said")."""
    speaker = value.speaker
    if not speaker or value.speaker_inferred or is_role(speaker) or _names_a_body(speaker):
        return False
    named_here = any(not f.speaker_mention or f.speaker_mention.lower() not in _PRONOUNS for f in facts)
    whole = len(value.value.split()) >= MIN_ATTRIBUTED_WORDS
    return whole and named_here and fold(speaker) in persons and len(name_tokens(speaker)) >= 2


# A few quoted words inside a sentence ('Sanders is "in good health currently"') are often someone
# else's words about the sentence's subject: an attribution conflict needs whole statements.
MIN_ATTRIBUTED_WORDS = 6


_PRONOUNS = frozenset({"he", "she", "they", "him", "her", "them", "it", "his", "their", "its", "we", "i"})


def _same_name(a: str, b: str) -> bool:
    """ "U.S. Capitol Police" and "Capitol Police": one name ends the other; "T.J. Smith" and
    "TJ Smith": one surname, given names that start alike."""
    ta, tb = name_tokens(a), name_tokens(b)
    short, long = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    if short and long[-len(short) :] == short:
        return True
    if not (ta and tb) or ta[-1] != tb[-1]:
        return False
    initials_a, initials_b = {t[0] for t in ta[:-1]}, {t[0] for t in tb[:-1]}
    return not initials_a or not initials_b or bool(initials_a & initials_b)


SAME_QUANTITY = 2  # content words, besides the counted noun, that two numbers' sentences must share
# (one for two counts the parse gave the same category: "killed", "injured")


# Two figures for one uncategorised quantity that differ more than this factor count different
# things (NeuS train: every such flag judged, bench/judgments/conflicts.jsonl, was two quantities).
FAR_APART = 2.0
# below this, an equal figure is no evidence of its own that two counts are one (single digits
# recur by chance: "the next two states" and "those two states"); design bound, not measured
SMALL_COUNT = 10


def _same_quantity(a: list[Fact], b: list[Fact], texts: dict[str, str], *, agreeing: bool = False) -> bool:
    """Two numbers count the same thing of the same event: the parse gave both the same
    category (killed, injured, arrested, ...), or their sentences share SAME_QUANTITY content
    words besides the counted noun ("500 million doses ... 92 poorer countries" and "the 500
    million doses ... 100 poorest countries"); a shared noun alone ("six electoral votes" of
    Nevada, "306 electoral votes" in all) is not enough. Both must count one thing: the same noun
    (or people of any kind), both totals or both complements (`may_count_the_same`). Two equal
    figures (`agreeing`) need one shared word only, the same figure being evidence of its own;
    of people in one category ("two men shot and killed", "2 dead"; "five were injured",
    "injured five others") they agree whatever their nouns and context. A small figure (under
    SMALL_COUNT) is no evidence of its own, and counts at different positions of a sequence
    ("the first two contests", "the next two") never count one thing."""
    numbers = [f.normalized.number for f in (a[0], b[0]) if f.normalized and f.normalized.number]
    if len(numbers) < 2 or max(numbers) >= FAR_APART * min(numbers):
        return False  # "306 electoral votes" and "six": a total and a part, not two figures for one thing
    categories = COUNT_CATEGORIES
    cat_a = {f.attribute for f in a if f.attribute in categories}
    cat_b = {f.attribute for f in b if f.attribute in categories}
    if (cat_a or cat_b) and not cat_a & cat_b:
        return False
    things_a, things_b = _counted_things(a, texts), _counted_things(b, texts)
    if any(share == "part" for share, _, _ in things_a | things_b):
        return False  # "injuring a police officer and two others": the rest of a group, not a figure for it
    people = agreeing and bool(cat_a & cat_b) and all(_people(thing) for thing in things_a | things_b)
    if not people and not may_count_the_same(things_a, things_b):
        return False  # "two men" and "three people"; "three others" and "four people"
    if any(sourcing(_from_number(f, texts)) for f in a + b):
        return False  # "four officials familiar with the matter said": each outlet's own sources
    if any(margin_of_error(_before_number(f, texts)) for f in a + b):
        return False  # "plus or minus four percentage points": each poll's own
    if not agreeing and any(_share(f) == "points" for f in a + b):
        return False  # "leads by about 13 points", "won by 20 points": each race's or poll's own margin
    if {time_scope(_from_number(f, texts)) for f in a}.isdisjoint({time_scope(_from_number(f, texts)) for f in b}):
        return False  # "16 states vote on or before March 1" and "11 states vote on March 1"
    positions_a = {position(_before_number(f, texts), _from_number(f, texts)) for f in a}
    positions_b = {position(_before_number(f, texts), _from_number(f, texts)) for f in b}
    if positions_a != positions_b:
        return False  # "the first two contests" and "the next two contests"; "the two previous winners"
    if not agreeing and positions_a - {None}:
        return False  # "eight of the past nine contests", "seven of the past eight": the writer picks the window
    stages_a = {legal_stage(_from_number(f, texts)) for f in a} - {None}
    stages_b = {legal_stage(_from_number(f, texts)) for f in b} - {None}
    if stages_a and stages_b and not stages_a & stages_b:
        return False  # "seven members face charges" and "six pleaded guilty": two stages of a case
    if people:
        return True  # "two men shot and killed", "2 dead": one category, people either way
    noun = content_words(" ".join(f.subject for f in a + b))
    words_a: set[str] = set().union(*(_context(f, texts) for f in a))
    words_b: set[str] = set().union(*(_context(f, texts) for f in b))
    if agreeing:  # the evidence's own words too ("2,500 troops in Iraq")
        words_a |= set().union(*(content_words(f.evidence.text) for f in a))
        words_b |= set().union(*(content_words(f.evidence.text) for f in b))
    shared = (words_a & words_b) - noun
    if agreeing and any(_share(f) for f in a + b):
        if {_share(f) for f in a} != {_share(f) for f in b}:
            return False  # "18 percent" and "18 points": a share and a margin
        margins = [f for f in a + b if _share(f) == "points" and _MARGIN_BY.search(_before_number(f, texts))]
        if margins and len({f.normalized.number for f in a + b if f.normalized}) > 1:
            return False  # "by 28 points" and "by more than 20 points": two margins, each its own race's
        # "net negative 6 points (37 percent to 43 percent)", "leading by six points (46 percent to
        # 40 percent)": two polls; a share's own units say nothing of which one
        return len(shared - _SHARE_UNITS) >= SAME_QUANTITY
    small = max(numbers) < SMALL_COUNT  # "two states", "six points": the same small figure is often chance
    return len(shared) >= (1 if cat_a & cat_b or (agreeing and not small) else SAME_QUANTITY)


_MARGIN_BY = re.compile(r"\bby\s*$", re.I)  # "won by 20 points": a margin ("rose 640 points" is a change)
_SHARE_UNITS = frozenset({"percent", "percentage", "pct", "point", "points"})


def _people(thing: Counted) -> bool:
    """A counted thing that is people: "people" (victims, the dead, none given), any other ("*"),
    or a noun for people ("men", "teens", "protesters")."""
    return thing[1] in ("people", "*") or thing[1] in _people_nouns()


@functools.cache
def _people_nouns() -> frozenset[str]:
    return frozenset(lemma(w) for w in wordlist("people_nouns"))


def _share(fact: Fact) -> str | None:
    """What kind of share a figure is: "percent" ("46 percent", "23%"), "points" (a margin or a
    change in percentage points), or None for a count."""
    if _PERCENT.search(fact.value + " " + fact.evidence.text):
        return "percent"
    if lemma((fact.subject.split() or [""])[-1]) == "point" or fact.attribute == "point":
        return "points"
    return None


def _shift(a: ClusterValue, b: ClusterValue, *, hedged: bool, denial: bool) -> list[str]:
    """How two renderings of one statement differ in meaning (`paraphrase_shift`); `denial`: one
    is reported as denied, so a negation between them is how it is rendered ("denied that he
    knew" and "said he did not know"), no shift."""
    reasons = paraphrase_shift(a.value, b.value, negated, hedged=hedged)
    return [r for r in reasons if r != "negation"] if denial else reasons


def _hedged(values: list[ClusterValue], facts: list[Fact]) -> dict[int, bool]:
    """For each value (by `id`), whether it is reported under a cue that hedges it ("suggested",
    "signaled"); one pass over the facts."""
    cues = wordlist("hedging_cues")
    hedging = {f.id for f in facts if f.attribute.lower() in cues}
    return {id(v): any(i in hedging for i in v.fact_ids) for v in values}


def _from_number(fact: Fact, texts: dict[str, str]) -> str:
    """The article from a number fact's evidence on (as far as the readers of it look)."""
    start = fact.evidence.start or 0
    return texts.get(fact.article_id, "")[start : start + 120]


def _before_number(fact: Fact, texts: dict[str, str]) -> str:
    """The article just before a number fact's evidence."""
    start = fact.evidence.start or 0
    return texts.get(fact.article_id, "")[max(0, start - 60) : start]


def _counted_things(facts: list[Fact], texts: dict[str, str]) -> set[Counted]:
    """What one value counts, by most of the facts that give it (a value joined from several
    articles: "two men" twice and "two women" once count men), all of them on a tie."""
    counts = Counter(
        counted_thing(f.subject, f.attribute, _from_number(f, texts), _before_number(f, texts)) for f in facts
    )
    most = max(counts.values(), default=0)
    return {thing for thing, n in counts.items() if n == most}


def _rendered_alike(a: ClusterValue, b: ClusterValue, values: list[ClusterValue]) -> bool:
    """Outlet B also quotes, in another value, what outlet A's value says, all of it (or the
    other way round): the two values are different passages, and the outlets agree on both. A
    value that holds only a part of A's ("That is unacceptable." of "They got shot. That is
    unacceptable") leaves the rest of A's to compare with B's."""
    for x, y in ((a, b), (b, a)):
        for other in values:
            if other is not y and set(other.article_ids) & set(y.article_ids):
                whole = len(quote_words(x.value)) <= len(quote_words(other.value))
                if whole and wording_difference(x.value, other.value) is None:
                    return True
    return False


def _pair_conflicts(
    kind: FactKind,
    a: ClusterValue,
    b: ClusterValue,
    *,
    withheld_pair: bool = False,
    statements: bool = False,
    hedged: bool = False,
    denial: bool = False,
) -> set[ConflictKind]:
    """What kinds of disagreement two values of one cluster make (`withheld_pair`: both say a
    value was not given, "silent on" or "would not say": they agree, negation or not;
    `statements`: renderings of one source's statement, which differ only by a shift of meaning,
    and only when the source is named, not a role such as "officials"; `hedged`: a cue already
    hedges one of them; `denial`: one of them is reported as denied, "X denied that S": with the
    other saying S, a contradiction)."""
    if statements:
        if not (_named_source(a.speaker) and _named_source(b.speaker)):
            return set()
        if denial and negated(a.value) == negated(b.value):
            return {ConflictKind.contradiction}
        if _shift(a, b, hedged=hedged, denial=denial):
            return {ConflictKind.paraphrase_shift}
        return set()
    if kind is FactKind.quote:
        out = set()
        if a.speaker and b.speaker and a.speaker != b.speaker and not (is_role(a.speaker) or is_role(b.speaker)):
            out.add(ConflictKind.attribution)
        if wording_difference(a.value, b.value) == "wording":
            out.add(ConflictKind.quote_wording)
        return out
    na, nb = a.normalized, b.normalized
    if kind is FactKind.number and na and nb and not numbers_agree(na, nb):
        return {ConflictKind.number}
    if kind is FactKind.date and na and nb and na.date and nb.date and not dates_agree(na, nb):
        if not same_written_day(a.value, b.value):
            return {ConflictKind.date}
    if kind in _TEXT_KINDS and negated(a.value) != negated(b.value) and not withheld_pair:
        return {ConflictKind.contradiction}
    return set()


# "n't" is inside its word ("wouldn't"): no word boundary before it
_NEGATION = re.compile(rf"\b(?:{alternation(wordlist('negations'))[3:-1]})\b|n[’']t\b", re.I)


# "No," answering a question ("No, I meant he's the founder") denies the question, not what follows
_ANSWER = re.compile(r"\bno\b(?=\s*[,.!?;:—–])", re.I)
# "you aren't just a loser, you are a liar": "not just/only/merely" adds to what follows, denies nothing
_ADDITIVE = re.compile(r"(?:\bnot|n[’']t)\s+(?:just|only|merely|simply|solely)\b", re.I)


def negated(text: str) -> bool:
    """The statement holds a negation (negations.txt: "not", "never", "ruled out", ...); an
    answer's "No," is none, and neither is an additive "not just" ("aren't just a loser, you are
    a liar")."""
    return bool(_NEGATION.search(_ADDITIVE.sub(" ", _ANSWER.sub("", text))))


def _word_diff(a: str, b: str) -> str:
    """A word-level diff: [-removed-] {+added+}."""
    wa, wb = a.split(), b.split()
    out: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=wa, b=wb, autojunk=False).get_opcodes():
        if op == "equal":
            out.extend(wa[i1:i2])
        if op in ("delete", "replace"):
            out.append("[-" + " ".join(wa[i1:i2]) + "-]")
        if op in ("insert", "replace"):
            out.append("{+" + " ".join(wb[j1:j2]) + "+}")
    return " ".join(out)
