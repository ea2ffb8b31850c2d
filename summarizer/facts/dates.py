"""Dates: the event a date dates, read from the sentence's dependency parse.

"The US will end its combat mission in Iraq by the end of the year": the date hangs off "end",
whose object is "combat mission", so the event is "end combat mission". Two outlets that date
the same event ("ending the combat mission", "end the US military's combat presence") share
its words; the words that happen to stand next to a date ("Psaki told reporters") do not
decide which dates are compared. Dates are resolved to calendar days here too (`date_value`): absolute,
or relative to the article's publication date.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from typing import Any

from ..language import nlp
from ..language.lexicon import MONTH_NUMBER, WEEKDAY_NUMBER
from ..models import NormalizedValue
from .numbers import parse_number

_OBJECTS = ("dobj", "obj", "attr", "oprd", "nsubjpass")
_KEEP = ("compound", "amod", "nmod", "poss")
_LIGHT = frozenset({"be", "have", "do", "say", "tell", "announce", "expect", "intend", "plan", "want"})
MAX_EVENT_WORDS = 6


def event_of(parsed: nlp.Parsed, start: int, end: int) -> str | None:
    """The event the date at article span [start, end) dates: its governing verb with the verb's
    particle and object (or, for "be"/"have", what follows the verb), or None when the sentence
    was not parsed or no verb governs the date."""
    tokens = parsed.tokens(start, end)
    if not tokens:
        return None
    inside = {t.i for t in tokens}
    root = next((t for t in tokens if t.head.i not in inside or t.head.i == t.i), tokens[0])
    verb = root.head
    steps = 0
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i and steps < 8:
        verb = verb.head
        steps += 1
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    chain = [verb]
    for _ in range(3):  # "going to be ... in a combat mission": the open complement carries the event
        xcomp = next((c for c in verb.children if c.dep_ == "xcomp" and c.i not in inside), None)
        if xcomp is None or _object(verb, inside) is not None or verb.lemma_.lower() not in _LIGHT | {"go"}:
            break
        verb = xcomp
        chain.append(verb)
    # "intends to have ... by the end of the year": the date belongs to the verb it hangs off
    words = [verb.lemma_.lower()]
    words += [c.text.lower() for c in verb.children if c.dep_ == "prt"]
    obj = _object(verb, inside)
    if obj is not None:
        words += _noun_phrase(obj)
    elif verb.lemma_.lower() in _LIGHT:  # "be in a combat mission", "have in Iraq": what follows
        for child in (c for v in reversed(chain) for c in v.children):
            if child.dep_ == "prep" and child.i not in inside:
                pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
                if pobj is not None and pobj.i not in inside:
                    words += [child.text.lower(), *_noun_phrase(pobj)]
                    break
    words = [w for w in words if w.strip()]
    if len(words) < 2 and verb.lemma_.lower() in _LIGHT:
        return None  # "is", "said": no event in them alone
    return " ".join(words[:MAX_EVENT_WORDS])


def _object(verb: Any, inside: set[int]) -> Any:
    for child in verb.children:
        if child.dep_ in _OBJECTS and child.i not in inside:
            return child
    return None


def _noun_phrase(noun: Any) -> list[str]:
    """The noun with its compounds and adjectives ("combat mission", "US military's presence")."""
    kept = [c for c in noun.children if c.dep_ in _KEEP and c.i < noun.i and c.pos_ not in ("DET", "PRON")]
    return [t.text.lower() for t in sorted([*kept, noun], key=lambda t: t.i)]


# -- values: dates resolved to calendar days ----------------------------------------------

_MONTHS = MONTH_NUMBER
_WEEKDAYS = WEEKDAY_NUMBER


@functools.lru_cache(maxsize=4096)
def date_value(text: str, published: dt.date | None, *, ahead: bool = False) -> NormalizedValue:
    """Normalise a date phrase; relative phrases resolve against `published` when known. A
    weekday is the last one on or before `published` ("on Tuesday" in Thursday's paper), or,
    when the sentence looks `ahead` ("will do well in Tuesday's primary"), the next one on or
    after it."""
    phrase = re.sub(r"\s+", " ", text.strip().lower().replace("\u2019", "'"))
    qualifier = _date_qualifier(phrase)
    day = _absolute_date(phrase) or (_relative_date(phrase, published, ahead) if published else None)
    year = re.fullmatch(r"(?:(?:in|since|by|of|from|until|after|before) )?(\d{4})", phrase)
    canonical = day.isoformat() if day else year.group(1) if year else _relative_key(phrase)
    return NormalizedValue(type="date", text=canonical, date=day, qualifier=qualifier)


def _date_qualifier(phrase: str) -> str | None:
    m = re.match(r"(by|before|until|after|since|within|on|in|from|as of)\b", phrase)
    return m.group(1) if m else None


def _absolute_date(phrase: str) -> dt.date | None:
    p = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", phrase)
    months = "|".join(sorted(_MONTHS, key=len, reverse=True))
    for pattern, order in (
        (rf"(\d{{1,2}}) ({months})\.?,? (\d{{4}})", "dmy"),
        (rf"({months})\.? (\d{{1,2}}),? (\d{{4}})", "mdy"),
        (r"(\d{4})-(\d{2})-(\d{2})", "ymd"),
    ):
        m = re.search(pattern, p)
        if m:
            parts = dict(zip(order, m.groups(), strict=True))
            month = parts["m"]
            month_n = int(month) if month.isdigit() else _MONTHS[month]
            try:
                return dt.date(int(parts["y"]), month_n, int(parts["d"]))
            except ValueError:
                return None
    m = re.search(rf"end of ({months}) (\d{{4}})|({months}) (\d{{4}})", p)
    if m:
        month, year = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        last = calendar.monthrange(int(year), _MONTHS[month])[1]
        return dt.date(int(year), _MONTHS[month], last if m.group(1) else 1)
    m = re.search(r"\b(\d{1,2})[./](\d{1,2})[./](\d{4})\b", p)
    if m:  # day first, as most of the world writes it, unless that cannot be a date
        d, mo, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        d, mo = (d, mo) if mo <= 12 else (mo, d)
        try:
            return dt.date(y, mo, d)
        except ValueError:
            return None
    m = re.search(r"(?:end of|year-end|year end|close of) (\d{4})", p)
    if m:
        return dt.date(int(m.group(1)), 12, 31)
    return None


# Words before a date that put it ahead of the writing: "will", "is scheduled for", "ahead of".
AHEAD = re.compile(
    r"\b(?:will|shall|(?:is|are|was|were)\s+(?:set|scheduled|expected|due|slated)|scheduled|slated|upcoming"
    r"|plans?\s+to|planning\s+to|ahead\s+of)\b|['’]ll\b",
    re.I,
)


def _relative_date(phrase: str, published: dt.date, ahead: bool = False) -> dt.date | None:
    months = "|".join(sorted(_MONTHS, key=len, reverse=True))
    if m := re.search(rf"end of ({months})\b", phrase):
        month = _MONTHS[m.group(1)]
        return dt.date(published.year, month, calendar.monthrange(published.year, month)[1])
    day_month = _day_month(re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", phrase))
    if day_month:
        month, day = day_month
        try:  # a day and month without a year: the nearest such day, up to a year back
            this_year = dt.date(published.year, month, day)
        except ValueError:
            return None
        return (
            this_year if this_year <= published + dt.timedelta(days=31) else this_year.replace(year=published.year - 1)
        )
    if re.search(r"end of (?:the|this) year|year's end|(?:the )?year-end|end of the year", phrase):
        return dt.date(published.year, 12, 31)
    if re.search(r"end of next year", phrase):
        return dt.date(published.year + 1, 12, 31)
    if "today" in phrase:
        return published
    if "yesterday" in phrase:
        return published - dt.timedelta(days=1)
    if "tomorrow" in phrase:
        return published + dt.timedelta(days=1)
    for name, weekday in _WEEKDAYS.items():
        if re.search(rf"\b{name}\b", phrase):
            delta = (published.weekday() - weekday) % 7
            if re.search(rf"\b(?:next|coming) {name}", phrase):
                return published + dt.timedelta(days=(weekday - published.weekday()) % 7 or 7)
            if ahead:
                return published + dt.timedelta(days=(weekday - published.weekday()) % 7)
            return published - dt.timedelta(days=delta)
    m = re.search(r"(?:within|in) the (?:coming|next) (\w+) months", phrase)
    if m and (count := parse_number(m.group(1))) is not None:
        return _add_months(published, int(count))  # "within the next six months"
    return None  # "the coming few months" names no date: it stays a phrase


def _day_month(phrase: str) -> tuple[int, int] | None:
    months = "|".join(sorted(_MONTHS, key=len, reverse=True))
    m = re.search(rf"\b(\d{{1,2}}) (?:of )?({months})\b\.?|\b({months})\.? (\d{{1,2}})\b", phrase)
    if not m:
        return None
    if m.group(1):
        return _MONTHS[m.group(2)], int(m.group(1))
    return _MONTHS[m.group(3)], int(m.group(4))


def _add_months(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _relative_key(phrase: str) -> str:
    if re.search(r"end of (?:the|this) year|year's end|year-end", phrase):
        return "end of year (relative)"
    return phrase + " (relative)"


def dates_agree(a: NormalizedValue, b: NormalizedValue) -> bool:
    """Resolved dates agree when equal, or when one is a 'within/by' bound the other meets."""
    if a.date and b.date:
        if a.date == b.date:
            return True
        for bound, other in ((a, b), (b, a)):
            if bound.qualifier in ("within", "by", "before", "until") and other.date and bound.date:
                if other.date <= bound.date and other.qualifier in ("by", "before", "until"):
                    return True
        return False
    return a.text == b.text


def written_parts(text: str) -> tuple[int | None, int | None, int | None]:
    """(month, day, year) as the phrase writes them, each None when not written:
    "Feb. 5" -> (2, 5, None); "February 2015" -> (2, None, 2015)."""
    phrase = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text.lower().replace("\u2019", "'"))
    months = "|".join(sorted(_MONTHS, key=len, reverse=True))
    month_m = re.search(rf"\b({months})\b\.?", phrase)
    month = _MONTHS[month_m.group(1)] if month_m else None
    year_m = re.search(r"\b(1[89]\d\d|20\d\d)\b", phrase)
    day = None
    if month_m:
        name = re.escape(month_m.group(1))
        near = re.search(rf"\b(\d{{1,2}})\s+(?:of\s+)?{name}\b|{name}\.?\s+(\d{{1,2}})\b(?!\d)", phrase)
        if near:
            day = int(near.group(1) or near.group(2))
    return month, day, int(year_m.group(1)) if year_m else None


def month_only(text: str) -> bool:
    """The phrase names a month and no day of it ("in March", "February 2015"): a month, which a
    day of it ("on March 1") meets but is not the same fact as."""
    month, day, _ = written_parts(text)
    return month is not None and day is None


def same_written_day(a: str, b: str) -> bool:
    """Two phrases write compatible days: the same month, and no written day or year that
    differs ("Nov. 15" and "on Nov. 15", "February 2015" and "Feb. 5"). Resolving a day written
    without its year against two publication dates must not make two days of it."""
    pa, pb = written_parts(a), written_parts(b)
    if pa[0] is None or pb[0] is None or pa[0] != pb[0]:
        return False
    return all(x is None or y is None or x == y for x, y in zip(pa[1:], pb[1:], strict=True))
