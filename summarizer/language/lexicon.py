"""The lexicon: every kind of word knowledge the extractors and the reconciler share, once.

Calendar words (months, their abbreviations, weekdays), name particles ("al-", "van", "du"),
abbreviated titles ("Sen.", "Gen."), stop words, and the word lists kept as data files in
`wordlists/` (speech verbs and nouns, role nouns, titles, count predicates, ...), read through
`wordlist()` and `wordmap()`. A module that needs one of these asks here; none keeps a copy.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from pathlib import Path

_WORDLISTS = Path(__file__).resolve().parent / "wordlists"

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
# "May" is its own abbreviation; "Sept" and "Sep" both name September.
MONTH_ABBREVIATIONS = ("Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# lower-case month name or abbreviation -> month number (1-12); weekday -> Monday = 0
MONTH_NUMBER: dict[str, int] = {m.lower(): i for i, m in enumerate(MONTHS, 1)} | {
    a.lower(): next(i for i, m in enumerate(MONTHS, 1) if m.lower().startswith(a.lower()[:3]))
    for a in MONTH_ABBREVIATIONS
}
WEEKDAY_NUMBER: dict[str, int] = {d.lower(): i for i, d in enumerate(WEEKDAYS)}

# Lower-case particles that stand inside a personal name: "Mustafa al-Kadhimi", "Ursula von der
# Leyen", "Joseph du Plessis", "Osama bin Laden", "Abu Bakr".
NAME_PARTICLES = frozenset({"al", "el", "bin", "ibn", "abu", "van", "von", "de", "da", "del", "der", "du", "la", "le"})

# Titles written abbreviated before a name ("Sen. Ana Lima", "Gen. Tomasz Nowak").
TITLE_ABBREVIATIONS = (
    "Mr", "Mrs", "Ms", "Dr", "Sen", "Gen", "Rep", "Gov", "Lt", "Col", "Sgt", "Capt", "Prof", "St", "Jr"
)  # fmt: skip

STOPWORDS = frozenset(
    """a an the and or but if of to in on at by for with from as is are was were be been being
    has have had do does did will would shall should can could may might must not no nor this that
    these those it its it's their them they he she his her him we our us you your i me my who whom
    which what when where why how than then there here so such also just only very more most much
    many some any all each both either neither other another into onto over under about after
    before between during through up down out off again further once said says say told tell""".split()
)


def alternation(words: Iterable[str]) -> str:
    """A regex group matching any of `words` (escaped, longest first so no word shadows a longer one)."""
    return "(?:" + "|".join(sorted(map(re.escape, set(words)), key=lambda w: (-len(w), w))) + ")"


MONTH_RE = alternation((*MONTHS, *MONTH_ABBREVIATIONS))  # as written: "September", "Sept"
WEEKDAY_RE = alternation(WEEKDAYS)
PARTICLE_RE = alternation(NAME_PARTICLES)


@functools.cache
def wordlist(name: str) -> frozenset[str]:
    """A word list from wordlists/NAME.txt (one entry a line, # comments)."""
    return frozenset(_lines(name))


@functools.cache
def wordmap(name: str) -> dict[str, str]:
    """A tab-separated word -> value table from wordlists/NAME.txt."""
    return dict(line.split("\t", 1) for line in _lines(name) if "\t" in line)


def _lines(name: str) -> list[str]:
    text = (_WORDLISTS / f"{name}.txt").read_text(encoding="utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
