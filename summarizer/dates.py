"""Dates: the event a date dates, read from the sentence's dependency parse.

"The US will end its combat mission in Iraq by the end of the year": the date hangs off "end",
whose object is "combat mission", so the event is "end combat mission". Two outlets that date
the same event ("ending the combat mission", "end the US military's combat presence") share
its words; the words that happen to stand next to a date ("Psaki told reporters") do not
decide which dates are compared. Recognising and resolving dates is in `normalize.date_value`.
"""

from __future__ import annotations

from typing import Any

from . import nlp

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
