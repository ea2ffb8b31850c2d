"""Locate each fact's evidence in its article and check the fact against it.

Passes, in order: exact; normalised (case, whitespace, quote marks, dashes, ellipses);
fuzzy (rapidfuzz partial alignment, similarity >= FUZZY_THRESHOLD). Offsets always index the
article's own text. A fact that cannot be located is `ungrounded`; a located fact that fails a
check (quote not verbatim, number absent from its evidence) keeps its status and gets a failure.
Either way it stays out of clusters and the summary.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from rapidfuzz import fuzz

from .. import deadline
from ..facts.names import name_tokens
from ..facts.numbers import numbers_in
from ..language.text import content_words, fold, paragraphs
from ..models import Article, Evidence, Fact, FactKind, Grounding, GroundingStatus

# Measured with bench/thresholds.py on PolNeAR dev (300 quotes of 8+ words): at 80/85/90/95 a
# reprinted quote grounds 1.000 at every value; with one word replaced 1.000/0.970/0.800/0.363
# (as `fuzzy`, never `exact`); with two words replaced 0.823/0.643/0.390/0.087; looked up in another
# article 0.017 (the same quote in two articles).
FUZZY_THRESHOLD = 90.0
SUPPORT = 0.5  # share of a value's content words its evidence must contain; design bound, not measured

_CHAR_MAP = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "\u00b4": "'",
    "`": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u2033": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2015": "-",
    "\u2212": "-",
    "\u00a0": " ",
    "\u2026": "...",
}


@functools.lru_cache(maxsize=16)
def normalise(text: str) -> tuple[str, list[int]]:
    """Fold case, quotes, dashes, ellipses and whitespace; return the text and an index map.

    `index[i]` is the offset in `text` of the character that produced normalised char `i`;
    `index[len(out)]` is `len(text)`, so spans map back with `index[start]`, `index[end-1]+1`.
    """
    out: list[str] = []
    index: list[int] = []
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            j = i
            while j < n and text[j].isspace():
                j += 1
            if out and out[-1] != " ":
                out.append(" ")
                index.append(i)
            i = j
            continue
        if ch == "." and text.startswith(". . .", i):
            out.extend("...")
            index.extend([i, i + 2, i + 4])
            i += 5
            continue
        mapped = _CHAR_MAP.get(ch, ch)
        for c in unicodedata.normalize("NFKC", mapped).casefold():
            out.append(c)
            index.append(i)
        i += 1
    while out and out[-1] == " ":
        out.pop()
        index.pop()
    index.append(n)
    return "".join(out), index


def _norm(text: str) -> str:
    return normalise(text)[0]


def locate(
    text: str, evidence: str, *, near: int | None = None
) -> tuple[int, int, GroundingStatus, float | None] | None:
    """Find `evidence` in `text`: (start, end, status, similarity) or None.

    When the words occur more than once, the occurrence closest to `near` wins.
    """
    if len(re.findall(r"\w", evidence)) < 3:  # "1" or "." occur anywhere: too short to prove anything
        return None
    hits = [m.start() for m in re.finditer(re.escape(evidence), text)]
    if hits:
        start = _closest(hits, near)
        return start, start + len(evidence), GroundingStatus.exact, None
    norm_text, index = normalise(text)
    norm_ev = _norm(evidence)
    if not norm_ev:
        return None
    hits = [m.start() for m in re.finditer(re.escape(norm_ev), norm_text)]
    if hits:
        s = _closest(hits, None if near is None else _to_norm(index, near))
        return index[s], index[s + len(norm_ev) - 1] + 1, GroundingStatus.normalised, None
    return _fuzzy(norm_text, index, norm_ev)


def _fuzzy(norm_text: str, index: list[int], norm_ev: str) -> tuple[int, int, GroundingStatus, float | None] | None:
    if len(norm_ev) < 12:
        return None
    best = None
    for lo, hi in _windows(norm_text, norm_ev):
        result = fuzz.partial_ratio_alignment(norm_ev, norm_text[lo:hi], score_cutoff=FUZZY_THRESHOLD)
        if result is not None and result.dest_end > result.dest_start and (best is None or result.score > best[0]):
            best = (result.score, lo + result.dest_start, lo + result.dest_end)
    if best is None:
        return None
    score, s, e = best
    # snap to word boundaries so a span never starts or ends mid-word
    while s > 0 and norm_text[s - 1].isalnum():
        s -= 1
    while e < len(norm_text) and norm_text[e].isalnum():
        e += 1
    return index[s], index[e - 1] + 1, GroundingStatus.fuzzy, round(score / 100, 3)


def _windows(norm_text: str, norm_ev: str, limit: int = 8) -> list[tuple[int, int]]:
    """Where a fuzzy match can be: around occurrences of the evidence's rarest long words
    (a few windows instead of the whole article, so long articles stay fast)."""
    if len(norm_text) <= 4 * len(norm_ev) + 200:
        return [(0, len(norm_text))]
    words = sorted({w for w in re.findall(r"\w{4,}", norm_ev)}, key=lambda w: (norm_text.count(w), w))[:3]
    spans: list[tuple[int, int]] = []
    for word in words:
        for m in list(re.finditer(re.escape(word), norm_text))[:limit]:
            spans.append((max(0, m.start() - 2 * len(norm_ev)), m.end() + 2 * len(norm_ev)))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for lo, hi in spans:
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(hi, merged[-1][1]))
        else:
            merged.append((lo, hi))
    return merged


def _to_norm(index: list[int], offset: int) -> int:
    lo, hi = 0, len(index) - 1
    while lo < hi:
        mid = (lo + hi) // 2
        if index[mid] < offset:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _closest(hits: list[int], near: int | None) -> int:
    return hits[0] if near is None else min(hits, key=lambda h: (abs(h - near), h))


# characters before and after a quote where its speaker must be named (PolNeAR dev: the annotated
# source stands within it for 0.936 of quotes of 8+ words)
SPEAKER_WINDOW = (800, 200)
_INJECTION = re.compile(
    r"\b(?:ignore|disregard|forget)\s+(?:all\s+|any\s+|the\s+)?(?:previous|prior|above|earlier|your)\s+"
    r"(?:instructions|prompts?|rules|messages)|\byou\s+are\s+(?:now\s+)?(?:an?\s+)?(?:ai|assistant|language model)\b"
    r"|\b(?:system|developer)\s+prompt\b|\bas\s+an\s+ai\b|\bnew\s+instructions?\s*:",
    re.I,
)


@functools.lru_cache(maxsize=16)
def hostile_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Paragraphs that address instructions to a model (prompt injection): facts read from
    them are never trusted, whatever they claim."""
    return tuple((a, b) for a, b in paragraphs(text) if _INJECTION.search(text, a, b))


def checks(fact: Fact, span: str) -> list[str]:
    """Verification beyond location: what the located span does not support."""
    failures = []
    norm_span = _norm(span)
    if fact.kind is FactKind.quote:
        quoted = _norm(fact.value).strip(" \"'")
        if quoted and quoted not in norm_span:
            failures.append("quote is not word for word in the article")
    in_span = [value for _, value in numbers_in(span)]
    for written, number in numbers_in(fact.value):
        if not any(abs(number - other) < 1e-9 for other in in_span):
            failures.append(f"number {written} does not appear in the evidence")
    words = content_words(fact.value)
    if fact.kind is not FactKind.quote and words:
        found = words & content_words(span)
        if len(found) < SUPPORT * len(words):
            failures.append(f"the value is not supported by the evidence ({len(found)} of {len(words)} words found)")
    return failures


def context_checks(article: Article, fact: Fact) -> list[str]:
    """Checks that need the article around the span: the speaker named near a quote, and
    evidence outside text addressed to a model."""
    failures = []
    start, end = fact.evidence.start or 0, fact.evidence.end or 0
    if any(a < end and start < b for a, b in hostile_spans(article.text)):
        failures.append("evidence lies in text addressed to a model (possible prompt injection)")
    if fact.kind is FactKind.quote and fact.speaker and not _speaker_near(article.text, fact.speaker, start, end):
        failures.append(f"speaker {fact.speaker!r} is not named near the quote")
    return failures


def _speaker_near(text: str, speaker: str, start: int, end: int) -> bool:
    before, after = SPEAKER_WINDOW
    window = fold(text[max(0, start - before) : end + after])
    names = name_tokens(speaker)
    if names:
        return re.search(rf"\b{re.escape(names[-1])}\b", window) is not None
    return bool(content_words(speaker) & content_words(window))


_SAID = (FactKind.quote, FactKind.claim)


def speaker_span(text: str, fact: Fact) -> Evidence | None:
    """Where `text` names the speaker of a quote or statement: the words of its mention (a
    pronoun, "the senator") or else of its speaker, as a whole word or phrase, the occurrence
    nearest its evidence within SPEAKER_WINDOW and outside the evidence itself (a "he" inside
    the quote is not who speaks); for a name not written whole there ("Jen Psaki" as "Psaki"),
    its surname. A span given already is kept when it is verbatim. None when not found."""
    given = fact.speaker_evidence
    if given is not None and given.start is not None and text[given.start : given.end] == given.text:
        return given
    start, end = fact.evidence.start, fact.evidence.end
    words = (fact.speaker_mention or fact.speaker or "").strip()
    if fact.kind not in _SAID or start is None or end is None or not words:
        return None
    before, after = SPEAKER_WINDOW
    lo, hi = max(0, start - before), min(len(text), end + after)
    tries = [words]
    if not fact.speaker_mention and (names := name_tokens(words)) and len(names) > 1:
        tries.append(names[-1])
    for phrase in tries:
        # a mention ("He", "the senator") or a role ("the mayor" at a sentence's start) in any case; a name as written
        flags = re.I if fact.speaker_mention or not phrase[:1].isupper() else 0
        pattern = re.compile(rf"(?<!\w){re.escape(phrase)}(?!\w)", flags)
        hits = [m for m in pattern.finditer(text, lo, hi) if m.end() <= start or m.start() >= end]
        if hits:
            best = min(hits, key=lambda m: start - m.end() if m.end() <= start else m.start() - end)
            return Evidence(text=best.group(0), start=best.start(), end=best.end())
    return None


def _near_hint(article: Article, fact: Fact) -> int | None:
    """Where to look first when the evidence occurs more than once: near its speaker."""
    if fact.evidence.start is not None:
        return fact.evidence.start
    if fact.speaker and (names := name_tokens(fact.speaker)):
        m = re.search(rf"\b{re.escape(names[-1])}\b", article.text, re.I)
        return m.start() if m else None
    return None


def ground_fact(article: Article, fact: Fact) -> Fact:
    """Return `fact` with evidence offsets and grounding status set against `article`."""
    claimed = fact.evidence.text
    found = locate(article.text, claimed, near=_near_hint(article, fact))
    if found is None:
        grounding = Grounding(status=GroundingStatus.ungrounded, failures=["evidence not found in the article"])
        evidence = Evidence(text=claimed)
        return fact.model_copy(update={"evidence": evidence, "grounding": grounding})
    start, end, status, similarity = found
    while start < end and article.text[start].isspace():
        start += 1
    while end > start and article.text[end - 1].isspace():
        end -= 1
    span = article.text[start:end]
    evidence = Evidence(text=span, start=start, end=end, claimed=None if span == claimed else claimed)
    located = fact.model_copy(update={"evidence": evidence})
    located = located.model_copy(update={"speaker_evidence": speaker_span(article.text, located)})
    failures = checks(fact, span) + context_checks(article, located)
    return located.model_copy(update={"grounding": Grounding(status=status, similarity=similarity, failures=failures)})


def ground_facts(article: Article, facts: list[Fact]) -> list[Fact]:
    """Ground every fact of one article."""
    out = []
    for fact in facts:
        deadline.check()
        out.append(ground_fact(article, fact))
    return out


def verify(article: Article, facts: list[Fact]) -> list[Fact]:
    """Run the context checks on facts that are grounded by construction (rules facts)."""
    out = []
    for fact in facts:
        deadline.check()
        if fact.kind in _SAID:
            fact = fact.model_copy(update={"speaker_evidence": speaker_span(article.text, fact)})
        failures = context_checks(article, fact)
        if failures:
            grounding = fact.grounding.model_copy(update={"failures": [*fact.grounding.failures, *failures]})
            fact = fact.model_copy(update={"grounding": grounding})
        out.append(fact)
    return out
