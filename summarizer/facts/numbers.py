"""Numbers: what a number counts, read from the sentence's dependency structure.

"one man was killed and three others were injured" is 1 killed (man) and 3 injured (others);
"killing two men and injuring two others" is 2 killed and 2 injured; "left one person dead and
nine others injured" is 1 killed and 9 injured; "1 Dead, 3 Injured" is 1 killed and 3 injured.
The predicate words and what they make a number count are data (language/wordlists/count_predicates).
Numbers in comparable form (digits or words, qualifiers as a tolerance) are read here too.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from ..language.lexicon import wordmap
from ..language.nlp import Parsed
from ..language.text import lemma
from ..models import NormalizedValue

_SUBJECT_OR_OBJECT = ("nsubj", "nsubjpass", "dobj", "obj", "attr", "appos", "conj")
_NEAR = 3  # tokens after a number where a predicate word still says what it counts ("3 Injured")


@dataclass(frozen=True)
class Count:
    """What a number counts: the noun (`noun`, may be None) and the predicate's category
    (`category`: killed, injured, arrested, ...; None when nothing predicates it)."""

    noun: str | None
    category: str | None


@functools.cache
def _stems() -> frozenset[str]:
    return frozenset(w[:5].lower() for w in wordmap("count_predicates"))


# what a count may be of, by the predicate that says it: killed, injured, shot, arrested, ...
COUNT_CATEGORIES = frozenset(wordmap("count_predicates").values())

_WORD = re.compile(r"[A-Za-z]{3,}")


def predicate_category(word: str) -> str | None:
    """What a count is of when `word` says what happened to it ("killed", "died", "wounded",
    "shot", "dies": count_predicates, by its form as written or a regular stem), else None."""
    predicates = wordmap("count_predicates")
    w = word.lower()
    found = next((c for end in ("", "ed", "d", "s") if (c := predicates.get(w.removesuffix(end)))), None)
    return found or (w if w in COUNT_CATEGORIES else None)


def predicate_positions(text: str) -> list[int]:
    """Where a word that may predicate a count starts (a cheap surface test: only sentences with
    one are parsed). One pass over the words, a set look-up each."""
    stems = _stems()
    return [m.start() for m in _WORD.finditer(text) if any(m.group()[:k].lower() in stems for k in (3, 4, 5))]


def _category(token: Any) -> str | None:
    table = wordmap("count_predicates")
    return table.get(token.lemma_.lower()) or table.get(token.lower_)


def count_of(parsed: Parsed, start: int, end: int) -> Count | None:
    """What the number at article span [start, end) counts, or None when it is not parsed."""
    tokens = [t for t in parsed.tokens(start, end) if t.like_num or t.pos_ == "NUM"]
    if not tokens:
        return None
    number = tokens[-1]
    noun = number.head if number.dep_ in ("nummod", "quantmod", "compound") and number.head.i != number.i else number
    if noun.i == number.i and number.dep_ == "conj":  # "killing two and injuring three"
        noun = number
    if noun.i == number.i and (of := next((c for c in number.children if c.dep_ == "prep" and c.lower_ == "of"), None)):
        # "four of the five victims were shot to death", "two of the wounded died": the dead
        # among those counted, from their own verb; "one of the wounded told officers", "two of
        # them remain in hospital", "one of the victims was shot in the back": some of those
        # already counted, no count of its own
        group = next((_category(c) for c in of.children if c.dep_ == "pobj"), None)
        own = _predicate(number)
        return Count(noun=None, category=own if own == "killed" and group != "killed" else None)
    category = _next_predicate(number, reach=1) or _predicate(noun) or _next_predicate(number)
    word = None if noun.i == number.i or noun.pos_ not in ("NOUN", "PROPN") else noun.text
    if category is None and noun.i != number.i and (own := _category(noun)):
        category = own  # "three deaths", "two injuries"
    return Count(noun=word, category=category)


def _predicate(noun: Any) -> str | None:
    """The predicate of the counted noun: an adjective or clause attached to it, its verb (with
    the verb's complement: "left two dead", "was pronounced dead"), or the noun it is 'of'
    ("the slayings of three people")."""
    for child in noun.children:
        if child.dep_ in ("amod", "acomp", "oprd", "acl", "relcl", "advmod") and (found := _category(child)):
            return _fatal(child, found)
        if child.dep_ == "prep" and _hospital(child):
            return "injured"  # "five people in the hospital"
        if child.dep_ == "prep" and child.lower_ == "with" and (found := _object_category(child, "pobj")):
            return found  # "three others with gunshot wounds"
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and (found := _category(noun.head.head)):
        return found
    head = noun
    for _ in range(2):  # through one conjunction: "two dead and three injured"
        if head.dep_ not in _SUBJECT_OR_OBJECT or head.head.i == head.i:
            return None
        verb = head.head
        if verb.pos_ in ("VERB", "AUX", "ADJ") and (found := _category(verb)):
            return _fatal(verb, found)
        after = [c for c in verb.children if c.i > noun.i and c.dep_ in ("oprd", "xcomp", "ccomp", "acomp", "conj")]
        for child in sorted(after, key=lambda c: c.i):
            if found := _category(child):
                return _fatal(child, found)
        if any(c.dep_ == "prep" and _hospital(c) for c in verb.children):
            return "injured"  # "sent four teens to the hospital"
        if head.dep_ in ("nsubj", "nsubjpass") and (found := _object_category(verb, "dobj")):
            return found  # "all four victims suffered gunshot wounds"
        if head.dep_ != "conj":
            return None
        head = verb
    return None


def _object_category(word: Any, dep: str) -> str | None:
    """The category of a word's object when it is an injury or a death ("suffered wounds")."""
    for child in word.children:
        if child.dep_ == dep and (found := _category(child)) in ("injured", "killed"):
            return found
    return None


def _fatal(word: Any, category: str) -> str:
    """'shot' or 'wounded' that killed: "fatally shot", "shot to death", "shot dead", "shot and
    killed", "fatally wounded"."""
    if category == "injured":
        return "killed" if any(c.lower_ == "fatally" for c in word.children) else category
    if category != "shot":
        return category
    for child in word.children:
        if child.dep_ == "conj" and _category(child) == "killed":
            return "killed"
        if child.lower_ in ("fatally", "dead") or (
            child.dep_ == "prep" and any(g.lemma_.lower() == "death" for g in child.children)
        ):
            return "killed"
    return category


def _hospital(prep: Any) -> bool:
    return prep.lower_ in ("to", "into", "in", "at") and any(c.lemma_.lower() == "hospital" for c in prep.children)


def _next_predicate(number: Any, reach: int = _NEAR) -> str | None:
    """A predicate word right after the number, for headlines the parser cannot read
    ("1 Dead, 3 Injured", "3 dead, 1 injured in ...") and lists ("two killed, four hurt");
    `reach` 1 is the word next to it only, which no parse overrules."""
    doc = number.doc
    for token in doc[number.i + 1 : min(len(doc), number.i + 1 + reach)]:
        if token.is_punct or token.like_num:
            return None
        if token.pos_ in ("ADJ", "VERB", "NOUN", "PROPN") and (found := _category(token)):
            if found == "shot":  # "two men shot and killed", "4 shot and wounded", "shot dead"
                following = [t for t in doc[token.i + 1 : token.i + 4] if t.lower_ not in ("and", "to")]
                if following and (_category(following[0]) == "killed" or following[0].lower_ == "dead"):
                    return "killed"
                if following and _category(following[0]) == "injured":
                    return "injured"
            return found
    return None


# -- values: numbers in comparable form ---------------------------------------------------

_UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "a": 1,
    "an": 1,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_SCALES = {
    "hundred": 100,
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000,
    "dozen": 12,
}
NUMBER_WORDS = sorted([w for w in (*_UNITS, *_TENS, *_SCALES) if w not in ("a", "an")], key=len, reverse=True)
NUMBER_WORD_RE = r"(?:" + "|".join(NUMBER_WORDS) + r")"

_NUMBER_IN_TEXT = re.compile(
    rf"(?<![\w.])(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?(?:\s+(?:million|billion|trillion|thousand)\b)?"
    rf"|\b{NUMBER_WORD_RE}(?:[\s-]+(?:and\s+)?{NUMBER_WORD_RE})*\b",
    re.I,
)


def numbers_in(text: str) -> list[tuple[str, float]]:
    """Every number in `text` as (as written, value), digits or words ('twenty-five hundred', 2500)."""
    found = []
    for m in _NUMBER_IN_TEXT.finditer(text):
        value = parse_number(m.group(0))
        if value is not None:
            found.append((m.group(0), value))
    return found


# qualifier -> (low factor, high factor) around the stated number
QUALIFIERS: dict[str, tuple[float, float]] = {
    "about": (0.9, 1.1),
    "around": (0.9, 1.1),
    "approximately": (0.9, 1.1),
    "roughly": (0.9, 1.1),
    "some": (0.9, 1.1),
    "nearly": (0.9, 1.0),
    "almost": (0.9, 1.0),
    "more than": (1.0, 1.5),
    "over": (1.0, 1.5),
    "at least": (1.0, 1.5),
    "fewer than": (0.5, 1.0),
    "less than": (0.5, 1.0),
    "under": (0.5, 1.0),
    "up to": (0.0, 1.0),
    "as many as": (0.5, 1.0),
    "at most": (0.0, 1.0),
}
QUALIFIER_RE = r"(?:" + "|".join(sorted(map(re.escape, QUALIFIERS), key=len, reverse=True)) + r")"


def parse_number(text: str) -> float | None:
    """'2,500' -> 2500; 'twenty-five hundred' -> 2500; '1.5 million' -> 1500000."""
    cleaned = text.strip().lower().replace("\u2009", "").replace("\u00a0", " ")
    m = re.fullmatch(
        r"(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?\s*(%|percent|per cent)?"
        r"(?:\s+(million|billion|trillion|thousand))?",
        cleaned,
    )
    if m:
        value = float(m.group(1).replace(",", "") + ("." + m.group(2) if m.group(2) else ""))
        return value * _SCALES.get(m.group(4) or "", 1)
    return _words_to_number(cleaned)


def _words_to_number(text: str) -> float | None:
    words = [w for w in re.split(r"[\s-]+", text) if w and w != "and"]
    if not words:
        return None
    total = current = 0.0
    seen = False
    for word in words:
        if word in _UNITS:
            current += _UNITS[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word in _SCALES:
            scale = _SCALES[word]
            current = (current or 1) * scale
            if scale >= 1000:
                total += current
                current = 0
        else:
            return None
        seen = True
    return total + current if seen else None


def number_value(
    text: str,
    *,
    qualifier: str | None = None,
    unit: str | None = None,
    start: str | None = None,
    low: str | None = None,
) -> NormalizedValue | None:
    """Normalise a number with its qualifier (kept as a tolerance) and an optional start value
    for changes ('from 5,300 to 2,500': number is 2500, qualifier 'from 5,300'). A range
    ('between 15 and 20': `low` 15) is one figure: its middle, with the range as its tolerance."""
    number = parse_number(text)
    if number is None:
        return None
    bottom = parse_number(low) if low else None
    if bottom is not None and bottom < number:
        canonical = f"{bottom:g}-{number:g}"
        return NormalizedValue(
            type="number",
            text=canonical if not unit else f"{canonical} {unit}",
            number=(bottom + number) / 2,
            low=bottom,
            high=number,
            unit=unit,
            qualifier=f"between {low}",
        )
    low_f, high_f = QUALIFIERS.get((qualifier or "").lower(), (1.0, 1.0))
    canonical = f"{number:g}"
    rounding = _rounding(text)
    return NormalizedValue(
        type="number",
        text=canonical if not unit else f"{canonical} {unit}",
        number=number,
        low=min(number * low_f, number - rounding),
        high=max(number * high_f, number + rounding),
        unit=unit,
        qualifier=(f"from {start}" if start else qualifier.lower() if qualifier else None),
    )


_ROUNDED = re.compile(r"(\d[\d,]*)(?:\.(\d+))?\s*(million|billion|trillion)\b", re.I)


_DOZENS = re.compile(r"\bdozens?\b", re.I)


def _rounding(text: str) -> float:
    """How far a figure written with a scale word may be from what it rounds: half the unit of
    its last digit ("$2 trillion" may be 2.2 trillion rounded, "$741 billion" 740.5 billion; "$5.7
    billion" is within 0.05 billion); a count in dozens is a round count, an eighth either way
    ("two dozen states" and "23 states"). Other figures are taken as exact (0)."""
    if _DOZENS.search(text) and (value := parse_number(text)) is not None:
        return value / 8
    m = _ROUNDED.search(text)
    if not m:
        return 0.0
    return 0.5 * 10 ** -len(m.group(2) or "") * _SCALES[m.group(3).lower()]


_AT_LEAST = frozenset({"more than", "over", "at least"})
_AT_MOST = frozenset({"fewer than", "less than", "under", "up to", "at most"})


def numbers_agree(a: NormalizedValue, b: NormalizedValue) -> bool:
    """Two numbers agree when either one's stated value lies within the other's tolerance
    ('about 2,500' agrees with 2,400 and 2,600, not with 'about 3,000'). Two bounds on the same
    side never contradict each other: 'more than two dozen' and 'at least 37' are both true of 40."""
    if a.number is None or b.number is None:
        return a.text == b.text
    if {a.qualifier, b.qualifier} <= _AT_LEAST or {a.qualifier, b.qualifier} <= _AT_MOST:
        return True

    def within(x: NormalizedValue, y: NormalizedValue) -> bool:
        low = y.low if y.low is not None else y.number
        high = y.high if y.high is not None else y.number
        return low <= x.number <= high  # type: ignore[operator]

    return within(a, b) or within(b, a)


# Nouns that count people of any kind: "three people" and a bare "3 Injured" may count the same
# victims; "two men" or "three children" count some of them only.
_ANYONE = frozenset(
    {"people", "person", "persons", "victim", "victims", "individual", "individuals", "unspecified"}
    | {"death", "deaths", "fatality", "fatalities", "casualty", "casualties", "injury", "injuries"}
    | {"dead", "killed", "wounded", "injured", "hurt", "shot"}  # "3 Dead": what happened, no noun
)
# "three others", "four other officers", "three more" (besides those just counted)
_OTHER = re.compile(r"\S+\s+(?:\w+\s+)?(?:others?|more(?!\s+than))\b", re.I)
_CONDITION = re.compile(r"\S+\s+(?:[\w-]+\s+){0,3}?(?:critically|seriously|severely|gravely|in\s+critical)\b", re.I)


# "injuring a police officer and [two others]", "a 10-year-old girl and [two men]": the count is
# joined to someone named before it, with no verb between ("one man died and three others ...")
_JOINED = re.compile(r"\b(?:a|an|one|the|his|her|their)\s+((?:[\w'’-]+\s+){1,4}?)and\s+$", re.I)
_VERB_LIKE = re.compile(
    r"(?:ed|died|dead|was|were|is|are|has|have|had|shot|hurt|hit|left|been|being|said|says|say)$", re.I
)

# "one shot in the chest", "two were hit in the legs": those of a group with one wound
_WOUND = re.compile(
    r"\S+\s+(?:[\w-]+\s+)?(?:(?:was|were)\s+)?(?:shot|struck|hit|wounded)\s+(?:once\s+|twice\s+)?in\s+"
    r"(?:the|his|her|their)\s+(?:\w+\s+)?(?:chest|back|legs?|arms?|head|neck|stomach|abdomen|hands?|feet|foot"
    r"|shoulders?|hips?|face|side|buttocks|torso|thighs?|knees?|elbows?|groin|ankles?|wrists?)\b",
    re.I,
)

# (what it counts of its group: "total", "complement" for the others besides someone already
# named, "part" for the rest of a group whose first member was named just before; the noun; in
# critical condition)
Counted = tuple[str, str, bool]


def counted_thing(subject: str, attribute: str, text_from_number: str, text_before_number: str = "") -> Counted:
    """What a count counts, for telling whether two counts can be figures for one thing: whether
    it counts the whole group ("total"), the others besides someone already named ("three
    others", "four other officers": a "complement", never a total), or the rest of a group whose
    first member it is joined to ("a police officer and two others": a "part", never a total nor
    the complement of anyone else; "his wife and four children" counts the children), or those
    with one wound ("one shot in the chest and the other in the leg": a "part"); its noun,
    singular ("*" for a bare "others", any noun; "people" for "people", "victims" or none); and
    whether it counts only those in a critical condition ("three others critically injured":
    some of the injured). The noun is the attribute unless that is what happened to them
    ("killed"), then the subject's.
    `text_from_number` is the article from the number on, `text_before_number` just before it."""
    words = (subject if attribute in COUNT_CATEGORIES or attribute == "count" else attribute).lower().split()
    noun = words[-1].lower() if words else "unspecified"
    complement = noun in ("other", "others") or bool(_OTHER.match(text_from_number[:60]))
    joined = _JOINED.search(text_before_number[-60:])
    part = complement and joined is not None and not any(_VERB_LIKE.search(w) for w in joined.group(1).split())
    part = part or bool(_WOUND.match(text_from_number[:80]))
    share = "part" if part else "complement" if complement else "total"
    thing = "*" if noun in ("other", "others") else "people" if noun in _ANYONE else lemma(noun)
    return share, thing, bool(_CONDITION.match(text_from_number[:60]))


_SOURCING = re.compile(
    r"\S+\s+(?:[\w.'’-]+\s+){0,3}?(?:officials?|sources?|people|persons|aides?|diplomats?|lawmakers?)\b,?\s+"
    r"(?:familiar|with\s+(?:direct\s+)?knowledge|close\s+to|briefed|who\s+(?:spoke|asked|requested|were\s+not)"
    r"|said|say|says|told|confirmed)\b",
    re.I,
)


def sourcing(text_from_number: str) -> bool:
    """The count is of an outlet's own sources ("four U.S. officials familiar with the matter
    said", "two people briefed on the talks"): how the outlet knows, not a fact of the story."""
    return bool(_SOURCING.match(text_from_number[:120]))


_MARGIN = re.compile(r"(?:plus\s+or\s+minus|±|\+/-|margin\s+of\s+(?:sampling\s+)?error\s+(?:of|is|was)?)\s*$", re.I)


def margin_of_error(text_before_number: str) -> bool:
    """The figure is a survey's margin of error ("plus or minus four percentage points"): a
    property of one poll, and outlets cite different polls; not a figure of the story to set
    against another outlet's."""
    return bool(_MARGIN.search(text_before_number[-40:]))


_STAGES = (
    ("arrested", r"arrest(?:ed|s)?|detain(?:ed|s)?|in custody"),
    ("charged", r"charg(?:ed|es?)|indict(?:ed|ment)|accused"),
    ("pleaded", r"plea(?:ded|d|s)?|pled"),
    ("convicted", r"convict(?:ed|ion)|found guilty"),
    ("sentenced", r"sentenc(?:ed|es?)"),
    ("acquitted", r"acquit(?:ted|tal)|cleared"),
)
_STAGE = re.compile(r"\b(?:" + "|".join(f"(?P<{name}>{words})" for name, words in _STAGES) + r")\b", re.I)


def legal_stage(text_from_number: str) -> str | None:
    """The stage of a case a count of people is at, from the words of its sentence after it
    ("seven members face charges": charged; "six members pleaded guilty": pleaded), or None.
    Counts at different stages are different counts, whatever their noun."""
    sentence = re.split(r"(?<=[.!?])\s", text_from_number[:160], maxsplit=1)[0]
    m = _STAGE.search(sentence)
    return m.lastgroup if m else None


# a count up to a time ("on or before March 1", "so far this year", "since Monday"), not at one
_CUMULATIVE = re.compile(
    r"\b(?:on\s+or\s+(?:before|after)|or\s+(?:earlier|later)|so\s+far|thus\s+far|to\s+date|since|through(?:out)?"
    r"|until|till|as\s+of|in\s+all|in\s+total|altogether|cumulative(?:ly)?|up\s+to\s+now|year[- ]to[- ]date)\b",
    re.I,
)


def time_scope(text_from_number: str) -> str:
    """Whether a count, by the words of its own phrase after it, is of a span up to a time
    ("cumulative": "16 states hold contests on or before March 1", "killed so far this year") or
    of what happened at one ("point": "11 states hold contests on March 1"). Counts of different
    scopes are different counts, whatever their noun."""
    phrase = re.split(r"(?<=[.!?])\s|,(?!\d)|[;:—–(]", text_from_number[:160], maxsplit=1)[0]
    near = " ".join(phrase.split()[:_SCOPE_WORDS])  # the count's own phrase, not a clause after it
    return "cumulative" if _CUMULATIVE.search(near) else "point"


# words after a number in which a time scope belongs to its count ("16 states holding contests on
# or before March 1"); "3,865 deaths on Wednesday, the highest since the pandemic began" is not
_SCOPE_WORDS = 10


_POSITION_WORD = re.compile(r"[A-Za-z]+")


def position(text_before_number: str, text_from_number: str) -> str | None:
    """Where a count stands in a sequence, by a position word of its own phrase: one of the two
    words before the number or between it and its noun ("the first two contests", "the two
    previous winners", "the next two states"); None when it names none. Counts at different
    positions are different counts ("the first two contests" and "the next two contests")."""
    positions = wordmap("position_words")
    before = _POSITION_WORD.findall(re.split(r"[,.;:!?()]", text_before_number[-30:])[-1])[-2:]
    after = re.split(r"[,.;:!?()]", text_from_number[:40].replace("-", " "), maxsplit=1)[0].split()[1:3]
    found = [positions[w.lower()] for w in before + after if w.lower() in positions]
    return found[-1] if found else None


def may_count_the_same(a: set[Counted], b: set[Counted]) -> bool:
    """Two counts (each as the `counted_thing`s of its facts) may be figures for one thing: both
    totals or both complements, of one noun, in the same condition ("two men" and "three people"
    are a part and a whole; "three others" and "four people" a complement and a total; "three
    critically injured" some of "four injured"). A part ("a police officer and two others") is
    a figure for nothing another count gives."""
    return any(
        ca == cb != "part" and (na == nb or "*" in (na, nb)) and xa == xb for ca, na, xa in a for cb, nb, xb in b
    )
