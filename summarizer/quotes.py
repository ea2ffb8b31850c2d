"""Quotes: who said them, read from the sentence's dependency structure.

A quote's cue is the speech verb that governs it (its words hang below the verb in the parse:
`"We stay," Lima said` has "stay" as a complement of "said"), else the nearest speech verb of
the sentence. The speaker is the cue's subject ("X said", "said X", "X told reporters"), the
object of "according to", or the name in apposition to a role ("said the mayor's spokesman,
Ana Lima" is Ana Lima; "Ana Lima, a spokeswoman for the mayor, said" is Ana Lima). A pronoun
speaker is kept as the mention and resolved by the caller to the last compatible named person.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .nlp import Parsed, wordlist

PRONOUNS = {"he", "she", "they", "i", "we", "it"}
_SUBJECTS = ("nsubj", "nsubjpass", "csubj")
_BAD_ENTITY = {"DATE", "TIME", "LOC", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY", "FAC", "EVENT"}
_NAME_ENTITY = {"PERSON", "ORG", "NORP", "GPE"}  # a country or city as the subject of "said" is its government
_LEFT_KEEP = {"compound", "amod", "det", "poss", "nmod", "case", "nummod", "quantmod", "advmod"}
_SAYING = {"say", "tell", "write", "tweet", "add", "ask", "state", "declare", "reply", "respond", "according"}
_MAX_CLIMB = 8
_PERSON_REACH = 5000  # characters back where a pronoun's person may be named (a long paragraph or two)


@dataclass(frozen=True)
class Attribution:
    """Who a quote is given to: the name or role (`speaker`), the words that named them
    (`mention`, a pronoun when the speaker had to be resolved), and the cue verb."""

    speaker: str | None
    mention: str
    cue: str
    at: int  # article offset of the mention
    speech: bool = True  # the cue is a verb of saying (not only the verb the quote hangs below)

    @property
    def pronoun(self) -> bool:
        """True when the sentence names the speaker only by a pronoun."""
        return self.mention.lower() in PRONOUNS


def attribute(parsed: Parsed, q_start: int, q_end: int) -> Attribution | None:
    """The attribution of the quote at article span [q_start, q_end), or None."""
    found = parsed.doc_at(q_start)
    if found is None:
        return None
    base, doc = found
    span = doc.char_span(max(0, q_start - 1 - base), min(len(doc.text), q_end + 1 - base), alignment_mode="contract")
    inside = {t.i for t in span} if span is not None else set()
    if not inside:
        return None
    cue = _governing_cue(doc, inside) or _nearest_cue(doc, inside)
    if cue is not None:
        who = _subject(cue, inside) or _name_between(doc, inside, cue)
        if who is not None and (said := _attribution(who, cue, base, speech=True)) is not None:
            return said
    if (colon := _colon_intro(doc, inside, base)) is not None:
        return colon
    verb = _governing_verb(doc, inside)  # "Comey indicated that ... 'should have known'"
    if verb is not None and (who := _subject(verb, inside)) is not None and (given := _attribution(who, verb, base)):
        return Attribution(given.speaker, given.mention, given.cue, given.at, speech=False)
    return None


def person_before(parsed: Parsed, offset: int) -> str | None:
    """The last person the parsed text names before `offset` (for a pronoun speaker)."""
    for base, doc in parsed.before(offset, reach=_PERSON_REACH):
        lo, hi = offset - base - _PERSON_REACH, offset - base  # pieces are small (see rules._MAX_UNIT)
        people = [(e.end, e.text) for e in doc.ents if e.label_ == "PERSON" and lo <= e.start_char and e.end_char <= hi]
        # names the model does not know as people still head a subject ("Ngozi Okonjo-Iweala spoke")
        people += [
            (t.i + 1, p[0])
            for t in doc
            if lo <= t.idx < hi and t.dep_ in _SUBJECTS and t.pos_ == "PROPN" and (p := _phrase(t))
        ]
        if people:
            return re.sub(r"[’']s$", "", max(people)[1])
    return None


def _governing_verb(doc: Any, inside: set[int]) -> Any | None:
    """The nearest verb outside the quote that the quote's words hang below (any verb: a quote
    is also given by 'characterised it as', 'found', 'released an ad calling')."""
    roots = [doc[i] for i in sorted(inside) if doc[i].head.i not in inside and not doc[i].is_punct]
    for root in roots:
        token = root.head
        for _ in range(_MAX_CLIMB):
            if token.pos_ in ("VERB", "AUX"):
                return token
            if token.pos_ not in ("ADP", "SCONJ", "PART") or token.head.i == token.i:
                break  # through "as", "that", "of" only: a quote inside a noun phrase is no one's
            token = token.head
    return None


def _is_cue(token: Any) -> bool:
    if token.lower_ == "according":
        return any(c.lower_ == "to" for c in token.children)
    return token.lemma_.lower() in wordlist("speech_verbs") and token.pos_ in ("VERB", "AUX")


def _governing_cue(doc: Any, inside: set[int]) -> Any | None:
    """The outermost speech verb above the quote's words in the parse: in reported speech the
    quote belongs to the reporting verb ("Lima said the police were calling 'every hour'" is
    Lima's, not the police's)."""
    for i in sorted(inside):
        token, cues = doc[i], []
        for _ in range(_MAX_CLIMB):
            if token.head.i == token.i:
                break
            token = token.head
            if token.i not in inside and _is_cue(token):
                cues.append(token)
        if cues:
            # ... unless the inner verb is itself plain saying: "AP reported Lima said, '...'" is Lima's
            return next((c for c in cues if c.lemma_.lower() in _SAYING), cues[-1])
    return None


_ADJACENT = 8  # tokens: a cue in a neighbouring sentence counts only this close to the quote


def _nearest_cue(doc: Any, inside: set[int]) -> Any | None:
    """A speech verb outside the quote in the sentences the quote touches, nearest first; else
    one right next to it in the neighbouring sentence (`"..." Lima said.` parsed as two
    sentences, or `Lima explained it this way: "..."`)."""
    first, last = min(inside), max(inside)
    sentences = {doc[i].sent for i in (first, last)}
    candidates = [t for sent in sentences for t in sent if t.i not in inside and _is_cue(t)]
    if not candidates:
        after = range(last + 1, min(len(doc), last + 1 + _ADJACENT))
        before = range(max(0, first - _ADJACENT * 2), first)
        candidates = [doc[i] for i in (*after, *before) if i not in inside and _is_cue(doc[i])]
        candidates = [t for t in candidates if t.i > last or _ends_before(doc, t, first)]
    if not candidates:
        return None
    return min(candidates, key=lambda t: min(abs(t.i - first), abs(t.i - last)))


def _ends_before(doc: Any, cue: Any, first: int) -> bool:
    """The words between a cue before the quote and the quote end with ':' or ',' (they
    introduce it), not with a full stop (they end a sentence of their own)."""
    between = [t for t in doc[cue.i + 1 : first] if not t.is_space]
    marks = [t.text for t in between if t.is_punct and t.text not in ("“", '"', "‘", "'")]
    return not marks or marks[-1] in (":", ",")


def _subject(cue: Any, inside: set[int]) -> Any | None:
    """The cue's subject, or the object of 'according to', or the subject it shares."""
    if cue.lower_ == "according":
        to = next(c for c in cue.children if c.lower_ == "to")
        return next((c for c in to.children if c.dep_ == "pobj" and c.i not in inside), None)
    verb = cue
    for _ in range(3):
        subjects = [c for c in verb.children if c.dep_ in _SUBJECTS and c.i not in inside]
        if subjects:  # the nearest: "the video has Trump saying" is Trump
            return min(subjects, key=lambda c: abs(c.i - verb.i))
        if verb.dep_ in ("relcl", "acl") and verb.head.i not in inside and verb.head.pos_ in ("NOUN", "PROPN"):
            return verb.head  # "a statement saying ...", "Lima, who said ..."
        if verb.dep_ not in ("conj", "advcl", "xcomp", "ccomp") or verb.head.i == verb.i:
            return None
        verb = verb.head  # "Lima arrived and said", "Lima said, adding"
    return None


def _name_between(doc: Any, inside: set[int], cue: Any) -> Any | None:
    """A name standing between the quote and its cue when the parse gave the cue no subject
    ('"...," Gene Sperling, an adviser, said' parsed with the name inside the quote's clause)."""
    last = max(inside)
    if cue.i <= last:
        return None
    for token in doc[last + 1 : cue.i]:
        if token.pos_ == "PROPN" or token.ent_type_ in ("PERSON", "ORG"):
            return token.head if token.dep_ in ("compound", "flat") and token.head.i < cue.i else token
    return None


def _attribution(who: Any, cue: Any, base: int, *, speech: bool = False) -> Attribution | None:
    if who.lower_ in PRONOUNS:
        return Attribution(speaker=None, mention=who.text, cue=cue.text, at=base + who.idx)
    who = _named(who)
    phrase = _phrase(who, speech=speech)
    if phrase is None:
        return None
    text, start = phrase
    return Attribution(speaker=text, mention=text, cue=cue.text, at=base + start)


def _named(token: Any) -> Any:
    """The token that names the speaker: a name in apposition to a role, the owner of a
    statement ("the mayor's statement said" is the mayor)."""
    appos = [c for c in token.children if c.dep_ == "appos"]
    if token.pos_ != "PROPN" and appos:
        named = next((a for a in appos if a.pos_ == "PROPN" or a.ent_type_ in _NAME_ENTITY), None)
        if named is not None:
            return named
    if token.lemma_.lower() in ("statement", "release", "post", "tweet", "letter"):
        owner = next((c for c in token.children if c.dep_ == "poss"), None)
        if owner is not None:
            return owner
    return token


def _phrase(token: Any, *, speech: bool = False) -> tuple[str, int] | None:
    """The words naming the speaker (an entity, a name, or a role phrase), with their offset;
    None for dates, places and numbers. A common noun counts when it is the subject of a speech
    verb (`speech`: "said the designer") or a role or source noun ("a spokesman", "the report")."""
    if token.ent_type_ in _BAD_ENTITY:
        return None
    doc = token.doc
    if token.ent_type_ in _NAME_ENTITY and token.pos_ != "PROPN":
        ent = next((e for e in doc.ents if e.start <= token.i < e.end), None)
        if ent is not None:
            text = re.sub(r"[’']s$", "", ent.text).strip()
            return (text, ent.start_char) if text else None
    if token.pos_ not in ("PROPN", "NOUN"):
        return None
    left = token.i
    while left > 0 and doc[left - 1].head.i in range(left, token.i + 1) and doc[left - 1].dep_ in _LEFT_KEEP:
        if token.pos_ == "PROPN" and not (doc[left - 1].text[:1].isupper() or doc[left - 1].text == "."):
            break  # a name keeps its titles ("Mayor", "Col."), not "a smiling"
        left -= 1
    right = token.i
    while right + 1 < len(doc) and doc[right + 1].head.i == token.i and doc[right + 1].dep_ in ("flat", "compound"):
        right += 1
    words = doc[left : right + 1]
    text = words.text.strip()
    roles = wordlist("role_nouns")
    if token.pos_ == "NOUN" and not speech and not any(w.lemma_.lower() in roles or w.lower_ in roles for w in words):
        return None  # a common noun that names no one ("the idea said" is a parse slip)
    text = re.sub(r"^(?:The|A|An)\s+", lambda m: m.group(0).lower(), text)
    return text, words.start_char


def _colon_intro(doc: Any, inside: set[int], base: int) -> Attribution | None:
    """`Lima: "We stay."`: a name right before a colon that opens the quote."""
    first = min(inside)
    k = first - 1
    while k >= 0 and doc[k].is_punct and doc[k].text != ":":
        k -= 1
    if k < 1 or doc[k].text != ":":
        return None
    name = doc[k - 1]
    if name.pos_ != "PROPN" and name.ent_type_ not in _NAME_ENTITY:
        return None
    phrase = _phrase(name)
    return Attribution(speaker=phrase[0], mention=phrase[0], cue=":", at=base + phrase[1]) if phrase else None


def title_like(quoted: str) -> bool:
    """Names of shows, works and slogans in quotation marks ("Meet the Press", a "Make America
    Great Again" cap): short, every content word capitalised, no sentence punctuation."""
    words = re.findall(r"[\w’'-]+", quoted)
    if not words or len(words) > 8 or re.search(r"[.,;:!?]", quoted):
        return False
    content = [w for w in words if len(w) > 3]
    return bool(content) and all(w[0].isupper() for w in content)
