"""Withheld values: statements that something was not given ("has not offered a timeline",
"declined to say how many", "did not say when", "no date was set"), and the contradiction they
make with another outlet that states that value.

A withheld statement is a fact of its own (kind `claim`, attribute `withheld date`, `withheld
number` or `withheld details`). Written for any topic: the phrases are general English, and what
was withheld is read from the words after them ("a timeline", "how many troops").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..language.lexicon import alternation, wordlist
from ..language.text import content_words
from .numbers import predicate_category

_NOT_GIVEN = (
    r"(?:(?:has|have|had|did|does|do|would|will|could)\s+(?:not|n[’']t)|never|declined\s+to|refused\s+to"
    r"|would\s+not|wouldn[’']t)\s+(?:yet\s+)?"
    + alternation(wordlist("disclosure_verbs")).replace("\\ ", r"\s+")  # re.escape'd spaces
)
_NO_VALUE = r"(?:no|without\s+a|without\s+any)\s+(?:timeline|timetable|date|deadline|schedule|figure|number|details)"
_SILENT = r"(?:silent|mum)\s+on"
_PHRASE = re.compile(rf"\b(?:{_NOT_GIVEN}|{_NO_VALUE}|{_SILENT})\b[^.,;:!?\n]{{0,80}}", re.I)

_OTHER_QUESTION = re.compile(
    r"\b(?:say|said|confirm|confirmed|disclose|disclosed|reveal|revealed)\s+(?:what|who|why|whether|if)\b"
)
_REACH = 9  # words of the phrase where what was withheld is named ("has not offered a timeline")
_DATE_WORDS = {"timeline", "timetable", "date", "deadline", "schedule", "when", "day", "time", "timing"}
_NUMBER_WORDS = {"how many", "how much", "number", "figure", "total", "totals", "count", "size", "level", "levels"}


@dataclass(frozen=True)
class Withheld:
    """A span saying a value was not given, and what: a date, a number or details."""

    start: int
    end: int
    what: str


_TRIGGER = re.compile(r"\b(?:not|n[’']t|never|declined|refused|no|without|silent|mum)\b", re.I)


def _phrases(text: str, start: int, end: int) -> list[re.Match[str]]:
    """The long phrase pattern is tried only next to one of its few trigger words (a cheap scan)."""
    out: list[re.Match[str]] = []
    for hit in _TRIGGER.finditer(text, start, end):
        if out and hit.start() < out[-1].end():
            continue
        m = _PHRASE.search(text, max(start, hit.start() - 12), min(end, hit.end() + 100))
        if m is not None and m.start() <= hit.start() and (not out or m.start() >= out[-1].end()):
            out.append(m)
    return out


def find(text: str, start: int, end: int) -> list[Withheld]:
    """Withheld statements in text[start:end]."""
    found = []
    for m in _phrases(text, start, end):
        words = " ".join(re.sub(r"\bat this time\b", "", m.group(0).lower()).split()[:_REACH])
        if _OTHER_QUESTION.search(words):
            continue  # "did not say what the men were listening to when ...": not a date or a number
        what = (
            "date"
            if any(re.search(rf"\b{w}\b", words) for w in _DATE_WORDS)
            else "number"
            if any(w in words for w in _NUMBER_WORDS)
            else "details"
            if re.search(r"\b(?:details|specifics|information|comment)\b", words)
            else None
        )
        if what is None:
            continue
        end = m.end()
        if end < len(text) and text[end].isalnum():  # cut mid-word by the length bound: back to a word end
            end = m.start() + max(m.group(0).rfind(" "), 1)
        found.append(Withheld(m.start(), end, what))
    return found


def about_the_same(withheld_words: str, stated_context: str) -> bool:
    """The stated value's context shares a content word with the withheld statement, and counts
    what happened to them when the withheld statement names it ("could not say how many people
    were wounded" is not about "three people" in a car)."""
    if not content_words(withheld_words) & content_words(stated_context):
        return False
    happened = _happened(withheld_words)
    return not happened or bool(happened & _happened(stated_context))


def _happened(text: str) -> set[str]:
    """What happened to the counted that `text` names (killed, injured, ...: count_predicates)."""
    return {c for w in re.findall(r"[a-z]+", text.lower()) if (c := predicate_category(w))}
