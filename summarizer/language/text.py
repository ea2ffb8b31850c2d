"""Shared text helpers: sentence and paragraph spans with offsets, content-word tokens."""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterator
from collections.abc import Set as AbstractSet

from ..models import NormalizedValue
from .lexicon import STOPWORDS

_ABBREV = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "gen",
    "sen",
    "rep",
    "gov",
    "lt",
    "col",
    "sgt",
    "capt",
    "st",
    "jr",
    "sr",
    "no",
    "vs",
    "inc",
    "co",
    "corp",
    "ltd",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "u.s",
    "u.k",
    "u.n",
    "e.g",
    "i.e",
    "mt",
    "ft",
    "approx",
    "est",
    "dept",
    "univ",
    "pres",
}
_WORD_WINDOW = 40  # longer than any abbreviation; longer words are never one
_LAST_WORD = re.compile(r"([\w.]+)[.!?…]*[\"'”’)\]]*\s*$")
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*\s+(?=(?:''|``|[\"'“‘(\[])?[A-Z0-9])")


def quote_open(text: str) -> bool:
    """A quotation is open at the end of `text`: more curly openers than closers, an odd number
    of straight marks, or of doubled apostrophes and backticks (''...'', ``...'')."""
    return (
        text.count("“") > text.count("”") or text.count('"') % 2 == 1 or (text.count("''") + text.count("``")) % 2 == 1
    )


def paragraphs(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each non-empty line-delimited paragraph."""
    for m in re.finditer(r"[^\r\n]+", text):
        if m.group(0).strip():
            yield m.start(), m.end()


# a line that ends one item of a live blog or a roundup and starts the next: "___.", "* * *",
# "---", or a time stamp alone ("12:30 p.m.")
_ITEM_BREAK = re.compile(
    r"(?m)^[ \t]*(?:_{3,}\.?|(?:\*[ \t]*){3,}|-{3,}"
    r"|\d{1,2}(?::\d{2})?[ \t]*[ap]\.?[ \t]*m\.?(?:[ \t]+[A-Z]{2,4})?)[ \t]*$"
)


class Items:
    """Where the items of a live blog begin ("The Latest": time-stamped entries between "___."
    lines): a pronoun never reaches back into an earlier item for its person."""

    def __init__(self, text: str) -> None:
        self._starts = [m.end() for m in _ITEM_BREAK.finditer(text)]

    def start(self, offset: int) -> int:
        """The article offset where the item holding `offset` begins (0 in an article of one)."""
        i = bisect.bisect_right(self._starts, offset) - 1
        return self._starts[i] if i >= 0 else 0

    def opening(self, text: str, offset: int) -> tuple[int, int] | None:
        """The first paragraph of the item holding `offset` when that item is one of several and
        `offset` lies past its first paragraph: where an item names whom it is about."""
        start = self.start(offset)
        if not start:
            return None
        first = next(
            (p for p in paragraphs(text[start:offset]) if len(text[start + p[0] : start + p[1]].split()) >= 5), None
        )
        if first is None or start + first[1] >= offset:
            return None
        return start + first[0], start + first[1]


def sentences(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence in text[start:end], never crossing a line break."""
    for p_start, p_end in paragraphs(text[start:end] if end is not None else text[start:]):
        p_start += start
        p_end += start
        cursor = p_start
        for m in _BOUNDARY.finditer(text, p_start, p_end):
            # only the word before the boundary matters: a bounded window keeps this linear
            word = _LAST_WORD.search(text[max(cursor, m.start() - _WORD_WINDOW) : m.end()])
            if word and _is_abbreviation(word.group(1)):
                continue
            yield cursor, m.start() + len(m.group(0).rstrip())
            cursor = m.end()
        if cursor < p_end:
            yield cursor, p_end


def _is_abbreviation(word: str) -> bool:
    bare = word.rstrip(".").lower()
    return bare in _ABBREV or bool(re.fullmatch(r"(?:[a-z]\.)*[a-z]", bare))


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens."""
    return re.findall(r"[\w’'-]+", text.lower())


_IRREGULAR = {
    "people": "person",
    "children": "child",
    "men": "man",
    "women": "woman",
    "feet": "foot",
    "mice": "mouse",
    "geese": "goose",
    "teeth": "tooth",
}


def lemma(word: str) -> str:
    """A crude singular: troops -> troop, casualties -> casualty, forces -> force."""
    w = word.lower().strip("’'")
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


def content_words(text: str) -> set[str]:
    """Lemmatised tokens that carry meaning (no stopwords, no pure numbers)."""
    return {lemma(t) for t in tokens(text) if t not in STOPWORDS and not t.isdigit() and len(t) > 1}


def jaccard(a: AbstractSet[str], b: AbstractSet[str]) -> float:
    """|a & b| / |a | b|, 0 for two empty sets."""
    union = a | b
    return len(a & b) / len(union) if union else 0.0


def fold(text: str) -> str:
    """Case-, accent- and punctuation-insensitive form of a phrase, for comparing names."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[^\w]+", " ", bare.casefold()).strip()


def text_value(text: str) -> NormalizedValue:
    """Canonical text: folded case, quotes and whitespace."""
    return NormalizedValue(type="text", text=fold(text))


_POSSESSIVE = re.compile(r"[’']s?$")
_POSSESSIVE_S = re.compile(r"[’']s$")


def strip_possessive(text: str, *, bare_apostrophe: bool = False) -> str:
    """'Psaki’s' -> 'Psaki'; with `bare_apostrophe`, also 'Reuters'' -> 'Reuters'."""
    return (_POSSESSIVE if bare_apostrophe else _POSSESSIVE_S).sub("", text)
