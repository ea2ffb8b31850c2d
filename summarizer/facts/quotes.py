"""Quotes: who said them, read from the sentence's dependency structure.

A quote's cue is the speech verb that governs it (its words hang below the verb in the parse:
`"We stay," Lima said` has "stay" as a complement of "said"), else the nearest speech verb of
the sentence. The speaker is the cue's subject ("X said", "said X", "X told reporters"), the
object of "according to", or the name in apposition to a role ("said the mayor's spokesman,
Ana Lima" is Ana Lima; "Ana Lima, a spokeswoman for the mayor, said" is Ana Lima). A pronoun
speaker is kept as the mention and resolved by the caller to the last compatible named person.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..language.lexicon import NAME_PARTICLES, STOPWORDS, wordlist
from ..language.nlp import Parsed, text_length
from ..language.text import strip_possessive
from .names import common_source, source_nouns, strip_title
from .numbers import NUMBER_WORDS

PRONOUNS = {"he", "she", "they", "i", "we", "it"}
_POSSESSIVES = PRONOUNS | {"his", "her", "their", "its", "my", "our"}
_NOMINATIVE = {"his": "he", "her": "she", "their": "they", "its": "it"}
_OWNERS = frozenset(_NOMINATIVE)  # a statement's owner resolved as a pronoun source
_SUBJECTS = ("nsubj", "nsubjpass", "csubj")
_BAD_ENTITY = {"DATE", "TIME", "LOC", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY", "FAC", "EVENT"}
_NAME_ENTITY = {"PERSON", "ORG", "NORP", "GPE"}  # a country or city as the subject of "said" is its government
_LEFT_KEEP = {"compound", "amod", "det", "poss", "nmod", "case", "nummod", "quantmod", "advmod"}
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
        return self.mention.lower() in PRONOUNS or self.mention.lower() in _OWNERS


def attribute(parsed: Parsed, q_start: int, q_end: int) -> Attribution | None:
    """The attribution of the quote at article span [q_start, q_end), or None."""
    located = _quote_tokens(parsed, q_start, q_end)
    if located is None:
        return None
    base, doc, inside = located
    cue = _governing_cue(doc, inside) or _nearest_cue(doc, inside)
    if cue is not None and cue.sent.start != doc[min(inside)].sent.start and _describes(doc, inside):
        cue = None  # words about a sentence's subject are not given by another sentence's cue
    if cue is not None:
        who = _subject(cue, inside) or _name_between(doc, inside, cue)
        if who is not None and (said := _attribution(who, cue, base, speech=True)) is not None:
            return said
    if (colon := _colon_intro(doc, inside, base)) is not None:
        return colon
    if (owner := _claim_owner(doc, inside)) is not None and (given := _attribution(owner, owner.head, base)):
        return given
    verb = _governing_verb(doc, inside)  # "Comey indicated that ... 'should have known'"
    if verb is not None and verb.lemma_.lower() in _ABOUT_SUBJECT:
        verb = None  # 'Woods was "awake, responsive and recovering"', 'suffered "…"': about him, not his
    if verb is not None and (who := _subject(verb, inside)) is not None and (given := _attribution(who, verb, base)):
        return Attribution(given.speaker, given.mention, given.cue, given.at, speech=False)
    return _after_sentence_about(doc, inside, base)


def describes_subject(parsed: Parsed, q_start: int, q_end: int) -> bool:
    """The quote at [q_start, q_end) hangs below a linking verb or a verb of undergoing ('Woods
    was "awake, responsive and recovering"', 'Woods suffered "…"'): words about the sentence's
    subject, which no speaker of the paragraph goes on saying."""
    located = _quote_tokens(parsed, q_start, q_end)
    return located is not None and _describes(located[1], located[2])


def _quote_tokens(parsed: Parsed, q_start: int, q_end: int) -> tuple[int, Any, set[int]] | None:
    """The parsed piece holding the quote at [q_start, q_end) (its article offset and Doc) and the
    indices of the quote's tokens, marks included; None where it is not parsed."""
    found = parsed.doc_at(q_start)
    if found is None:
        return None
    base, doc = found
    span = doc.char_span(max(0, q_start - 1 - base), min(text_length(doc), q_end + 1 - base), alignment_mode="contract")
    inside = {t.i for t in span} if span is not None else set()
    return (base, doc, inside) if inside else None


def _describes(doc: Any, inside: set[int]) -> bool:
    verb = _governing_verb(doc, inside) if inside else None
    return verb is not None and verb.lemma_.lower() in _ABOUT_SUBJECT


def _after_sentence_about(doc: Any, inside: set[int], base: int) -> Attribution | None:
    """A quote that opens a sentence of its own right after a sentence about someone, in the same
    paragraph, is theirs ('..., Schiff said. "The other factor ..."'; 'Lima, an adviser, called
    it a deal. "He showed ..."'), the convention that lets a quote follow its introduction."""
    first = doc[min(inside)]
    sent = first.sent
    opening = [t for t in sent if not t.is_punct and not t.is_space]
    if not opening or opening[0].i not in inside or sent.start == 0:
        return None
    before = doc[sent.start - 1].sent
    if "\n" in doc.text[before.end_char : first.idx]:
        return None
    root = before.root
    who = next((c for c in root.children if c.dep_ in _SUBJECTS and not _in_marks(c)), None)
    if who is None:
        return None
    named = _named(who)  # "Her partner, Mateus Rocha, called ..." is Mateus Rocha
    if named.pos_ != "PROPN" and named.ent_type_ not in ("PERSON", "ORG") and who.lower_ not in PRONOUNS:
        return None
    found = _attribution(who, root, base)
    if found is None:
        return None
    return Attribution(found.speaker, found.mention, found.cue, found.at, speech=_is_cue(root))


_NOT_PEOPLE = frozenset({"GPE", "ORG", "NORP", "LOC", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW"})
_HE = frozenset({"he", "him", "his", "himself"})
_SHE = frozenset({"she", "her", "hers", "herself"})
_MALE_TITLES = frozenset({"mr", "mr.", "sir", "lord", "monsieur", "señor", "herr"})
_FEMALE_TITLES = frozenset({"mrs", "mrs.", "ms", "ms.", "miss", "madam", "madame", "dame", "lady", "señora", "frau"})
# a word for a man or a woman right before a name: "his daughter Karma", "her husband, Tom"
_MALE_NOUNS = frozenset(
    "son husband father brother boy man nephew grandson uncle grandfather boyfriend widower stepson stepfather".split()
)
_FEMALE_NOUNS = frozenset(
    "daughter wife mother sister girl woman niece granddaughter aunt grandmother girlfriend widow stepdaughter"
    " stepmother".split()
)


_NAME_ROLES = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "dative", "poss", "appos", "conj"})


def _unrecognised_name(token: Any) -> bool:
    """A name the recogniser left untagged, standing as a subject, object or owner."""
    return token.pos_ == "PROPN" and not token.ent_type_ and token.dep_ in _NAME_ROLES and not _in_marks(token)


class Genders:
    """What an article itself tells of its people's genders, by surname: a title before the name
    ("Mr. Lima", "Ms. Rocha"), and the pronouns of sentences that name that one person only
    ("Lima said his plan ..."). No list of given names: names from every language are read
    the same way, and a person the article gives no sign for agrees with any pronoun."""

    def __init__(self, parsed: Parsed) -> None:
        self._parsed = parsed
        self._known: dict[str, str] | None = None
        self._given: dict[str, set[str]] = {}  # surname -> the given names the article pairs with it

    def _read(self) -> dict[str, str]:
        votes: dict[str, list[int]] = {}

        def vote(name: str, male: int, female: int) -> None:
            for key in {_full(name), _surname(name)} - {""}:
                tally = votes.setdefault(key, [0, 0])
                tally[0] += male
                tally[1] += female

        for doc in self._parsed.docs.values():
            for sent in doc.sents:
                people = [e for e in sent.ents if e.label_ == "PERSON" and not _in_marks(e.root)]
                for e in people:
                    if len(words := _words(strip_title(e.text)[0])) > 1:  # "Ivanka Trump": Ivanka
                        self._given.setdefault(_surname(e.text), set()).add(words[0])
                    before = doc[e.start - 1].lower_ if e.start > 0 else ""
                    if before == "," and e.start > 1:
                        before = doc[e.start - 2].lower_  # "her husband, Tom Lee"
                    title = e[0].lower_ if len(e) > 1 else ""
                    if before in _MALE_TITLES | _MALE_NOUNS or title in _MALE_TITLES:
                        vote(e.text, 2, 0)
                    elif before in _FEMALE_TITLES | _FEMALE_NOUNS or title in _FEMALE_TITLES:
                        vote(e.text, 0, 2)
                if len({_surname(e.text) for e in people}) != 1 or any(_unrecognised_name(t) for t in sent):
                    continue  # two people, or a second the recogniser missed ("Warren told Stumpf, after he ...")
                # the pronouns that stand for a subject or an owner ("Lima said he ...", "defended
                # his record"), not an object ("emailed her") that is someone else
                after = [
                    t.lower_
                    for t in sent
                    if t.i >= people[0].end and _refers_back(t) and not _gendered_noun_between(people[-1], t)
                ]
                vote(people[-1].text, int(any(w in _HE for w in after)), int(any(w in _SHE for w in after)))
        # a surname two people share ("John Schlafly" and "Mrs. Schlafly") has votes both ways:
        # it says nothing, and each full name decides for itself
        return {k: "m" if m > f else "f" for k, (m, f) in votes.items() if (m >= 2 * f + 1) or (f >= 2 * m + 1)}

    def learn(self, name: str, pronoun: str) -> None:
        """`pronoun` was resolved to `name`: a person the article gave no sign for takes its
        gender ("She replied" resolved to Hillary; a later "he" is then someone else)."""
        wanted = "m" if pronoun.lower() in _HE else "f" if pronoun.lower() in _SHE else None
        if wanted is None or self.known(name) is not None:
            return
        assert self._known is not None
        for key in {_full(name), _surname(name)} - {""}:
            self._known.setdefault(key, wanted)

    def known(self, name: str) -> str | None:
        """'m', 'f', or None when the article gives no sign."""
        if self._known is None:
            self._known = self._read()
        full = self._known.get(_full(name)) if len(_full(name).split()) > 1 else None
        words, given = _words(name), self._given.get(_surname(name), set())
        if full is None and len(words) > 1 and (len(given) > 1 or (given and words[0] not in given)):
            # "Ivanka Trump" where Donald Trump is "he": a surname two people bear says nothing,
            # nor one the article gives with another given name only
            return None
        return full or self._known.get(_surname(name))

    def agree(self, name: str, pronoun: str) -> bool:
        """The person may be who `pronoun` ("he", "she") stands for: nothing the article says of
        them contradicts it ("it", and a person the article gives no sign for, agree with anyone;
        "they" with anyone the article does not call "he" or "she")."""
        wanted = "m" if pronoun.lower() in _HE else "f" if pronoun.lower() in _SHE else None
        if pronoun.lower() in ("they", "their"):
            return self.known(name) is None  # a person the article calls "he" or "she" is no "they"
        if wanted is None:
            return True
        if not _one_person(name):
            return False  # "he" is never "the victims", "74 percent of voters" or "a letter"
        known = self.known(name)
        return known is None or known == wanted


_PLURAL_END = re.compile(r"[a-z]{3,}(?<![sui])s$")


def _one_person(phrase: str) -> bool:
    """A source phrase may stand for one person: a name, or a common noun in the singular that
    names a role ("the senator", "one questioner"); not a plural ("the victims", "small groups"),
    a share ("74 percent of likely voters")."""
    words = re.findall(r"[\w’'.-]+", strip_possessive(phrase))
    if len(words) > 1 and words[0].lower() == "the" and words[-1][:1].isupper() and _PLURAL_END.search(words[-1]):
        return False  # "the Europeans", "the Democrats": a people or a party, not a name
    if not words or words[-1][:1].isupper():
        return True
    head = words[-1].lower()
    if words[0].lower() != "one" and (words[0].isdigit() or words[0].lower() in NUMBER_WORDS):
        return False  # "six in 10", "two officials": a count of people
    return not (_PLURAL_END.search(head) or any(w.lower() in ("percent", "%") for w in words))


def resolve(
    parsed: Parsed,
    offset: int,
    pronoun: str,
    recent: str | None,
    genders: Genders,
    context: Parsed | None = None,
    *,
    floor: int = 0,
) -> str | None:
    """The person a pronoun source at article `offset` stands for: the last person its own
    sentence names before it, else the person the sentences just before are about (their
    subject), else the source last quoted (`recent`), else the last person named before it; one
    the article shows to disagree with the pronoun ("she" and a man) is never taken. (Preferring
    a person shown to agree over a nearer one the article says nothing of was tried on PolNeAR
    train: it took the wrong, farther person more often than the right.) The sentences just
    before are read in `context` when given (a parse holding more of them). Nothing before
    article offset `floor` is read (where a live blog's item begins)."""
    pronoun = _NOMINATIVE.get(pronoun.lower(), pronoun)  # "their claim" is resolved as "they said"
    if pronoun.lower() == "it":
        said = token_at(parsed, offset)
        if said is not None and said.lower_ == "it" and said.dep_ in ("nsubjpass", "expl"):
            return None  # "It's believed that S", "it was reported": no one's
        return body_before(parsed, offset)  # "it said" is an organisation's, never a person's
    found = (
        person_in_sentence(parsed, offset, pronoun, genders)
        or subject_before(context or parsed, offset, pronoun, genders, floor=floor)
        or (recent if recent and genders.agree(recent, pronoun) and not _misfit(parsed, recent, pronoun) else None)
        or group_before(context or parsed, offset, pronoun, floor=floor)
        or person_before(parsed, offset, pronoun, genders, floor=floor)
    )
    if found:
        genders.learn(found, pronoun)
    return found


def _names_a_person(parsed: Parsed, name: str, *, whole: bool = True) -> bool:
    """The article's parse tags a person whose surname is `name`'s: by a name of two words or
    more when `whole` ("New Jersey Gov. Chris Christie" for "Christie"), else by any."""
    people = (e for doc in parsed.docs.values() for e in doc.ents if e.label_ == "PERSON" and (len(e) > 1 or not whole))
    return any(_surname(e.text) == _surname(name) for e in people)


def _misfit(parsed: Parsed, source: str, pronoun: str) -> bool:
    """The source last quoted cannot be the pronoun's: a group for "he" or "she", or one person
    the article names for "they" (in "Take Sens. Crapo and Risch. Last week, they endorsed ..."
    the senator quoted before is not "they")."""
    if pronoun.lower() == "they":
        return _names_a_person(parsed, source, whole=False)
    return _group_for_one(source, pronoun)


def _group_for_one(source: str, pronoun: str) -> bool:
    """A source that is a group ("Investigators", "police", "officials") for "he" or "she"."""
    return pronoun.lower() in _HE | _SHE and common_source(source) and source.lower()[-1] in "se"


def _gendered_noun_between(person: Any, pronoun: Any) -> bool:
    """A man or a woman named by a noun stands between the person and the pronoun, who may be its
    ("Sheriff Simpson released details about the shooting that killed a girl, injured her
    mother": the girl's mother, which tells nothing of Simpson); not one the person or a pronoun
    owns ("Gonzalez's father founded the company, and she said ...", "Ivanka Trump, who works at
    her father's company, said she ...")."""

    def owned(noun: Any) -> bool:
        return any(c.dep_ == "poss" and (c.pos_ == "PRON" or person.start <= c.i < person.end) for c in noun.children)

    return any(
        t.lemma_.lower() in _MALE_NOUNS | _FEMALE_NOUNS and not owned(t) for t in person.doc[person.end : pronoun.i]
    )


def _refers_back(token: Any) -> bool:
    """A pronoun that stands for the sentence's person: a subject or an owner, but not the
    subject of a verb of saying ('"... Clinton ...," he wrote' is someone quoting her)."""
    if token.lower_ in ("himself", "herself"):
        return True
    if token.dep_ == "poss":
        return True
    return token.dep_ in ("nsubj", "nsubjpass") and token.head.lemma_.lower() not in wordlist("claim_cues")


def _words(name: str) -> list[str]:
    words = re.findall(r"[\w’'.-]+", strip_possessive(name).lower())
    return [w for w in words if w not in _MALE_TITLES and w not in _FEMALE_TITLES]


def _surname(name: str) -> str:
    words = _words(name)
    return words[-1].strip(".") if words else ""


def _full(name: str) -> str:
    return " ".join(_words(name))


def token_at(parsed: Parsed, offset: int) -> Any | None:
    """The parsed token at (or first after) article `offset`, or None where nothing is parsed."""
    found = parsed.doc_at(offset)
    if found is None:
        return None
    base, doc = found
    return next((t for t in doc if t.idx >= offset - base), None)


def body_before(parsed: Parsed, offset: int) -> str | None:
    """What "it said" stands for: the last subject before `offset`, in its sentence or the one
    before, that is not a person or a pronoun ("the Biden administration has not offered a
    timeline, but it previously stated ..." is the administration) nor inside quotation marks;
    the source of a verb of saying or of "according to" first ("The ministry said the bridge was
    safe. '...,' it said" is the ministry's, not the bridge's; so "According to the company, the
    plant will stay closed. It added ..."); None when there is none."""
    token = token_at(parsed, offset)
    if token is None:
        return None
    doc, sent = token.doc, token.sent
    earlier = doc[sent.start - 1].sent if sent.start > 0 else None
    for piece in (sent, earlier):
        if piece is None:
            continue
        subjects = [
            t
            for t in piece
            if t.i < token.i
            and (t.dep_ in _SUBJECTS or _according_to(t))
            and (t.pos_ == "NOUN" and t.ent_type_ not in ("PERSON", *_BAD_ENTITY) or t.ent_type_ in ("ORG", "NORP"))
            and not (t.pos_ == "NOUN" and t.tag_ == "NNS")  # "it" is never "the attorneys" or "the rules"
            and not _in_marks(t)  # the quote's own words ('"... the buses will run," it said') name no source
        ]
        speaking = [t for t in subjects if t.head.lemma_.lower() in wordlist("claim_cues") or _according_to(t)]
        subjects = [t for t in subjects if t.dep_ in _SUBJECTS]
        for subject in [*reversed(speaking), *reversed(subjects)]:
            phrase = _phrase(subject, speech=True)
            if phrase and subject.lemma_.lower() not in _NOT_BODIES:
                return phrase[0]
    return None


def _according_to(token: Any) -> bool:
    """The source "according to" names ("according to the company")."""
    return token.dep_ == "pobj" and token.head.lower_ == "to" and token.head.head.lower_ == "according"


_NOT_BODIES = frozenset({"time", "year", "day", "thing", "way", "fact", "event", "move", "idea", "plan", "issue"})


def person_in_sentence(parsed: Parsed, offset: int, pronoun: str = "", genders: Genders | None = None) -> str | None:
    """The person the sentence names before `offset` (the pronoun's own sentence: "Lima told the
    audience that she believes ..., saying 'x'" is Lima's), the last one `pronoun` agrees with
    (by `genders`), else None; never for "they", which is no one person."""
    token = token_at(parsed, offset)
    if token is None or pronoun.lower() == "they":
        return None
    people = [
        e
        for e in token.doc.ents
        if e.label_ == "PERSON" and e.sent.start == token.sent.start and e.end <= token.i and not _in_marks(e[0])
    ]  # a person named inside the quote ('"My adviser, John Holdren, ...," he said') is not who speaks
    for e in reversed(people):
        if genders is None or genders.agree(e.text, pronoun):
            return strip_possessive(e.text)
    return None


_SUBJECT_BACK = 3  # sentences looked back over for the person a "he" or "she" continues
_GAP = 4  # characters between two sentences read as adjacent (spaces, a paragraph break)


def group_before(parsed: Parsed, offset: int, pronoun: str, *, floor: int = 0) -> str | None:
    """The group a "they" continues: the subject of the sentence just before, a plural or an
    organisation ("Top Sanders strategists acknowledged as much ... They were quoted ...");
    None when that sentence is about one person or has no subject."""
    if pronoun.lower() != "they":
        return None
    token = token_at(parsed, offset)
    found = parsed.doc_at(offset)
    if token is None or found is None:
        return None
    frontier = found[0] + token.sent.start_char
    for base, doc in parsed.before(offset, reach=_PERSON_REACH):
        before = [s for s in doc.sents if base + s.end_char <= frontier]
        if not before:
            continue
        sent = before[-1]
        if frontier - (base + sent.end_char) > _GAP or base + sent.start_char < floor:
            return None
        who = next((c for c in sent.root.children if c.dep_ in ("nsubj", "nsubjpass") and not _in_marks(c)), None)
        if who is None or who.ent_type_ == "PERSON" or who.pos_ == "PRON":
            return None
        if not (who.tag_ in ("NNS", "NNPS") or who.ent_type_ in ("ORG", "NORP")):
            return None
        phrase = _phrase(who, speech=True)
        return strip_possessive(phrase[0]) if phrase else None
    return None


def subject_before(parsed: Parsed, offset: int, pronoun: str, genders: Genders, *, floor: int = 0) -> str | None:
    """The person the sentences just before the pronoun's own are about: the subject of a
    sentence's root when it names a person ("Scott joked that ... . '...,' he told the group" is
    Scott's), going back over sentences whose subject is the same pronoun ("She started off ...
    She then ... '...,' she said"), at most _SUBJECT_BACK sentences. A sentence about anyone or
    anything else ends the search (None). "he" and "she" only."""
    if pronoun.lower() not in _HE | _SHE:
        return None
    token = token_at(parsed, offset)
    if token is None:
        return None
    found = parsed.doc_at(offset)
    if found is None:
        return None
    frontier = found[0] + token.sent.start_char  # article offset of the sentence reached so far
    looked = 0
    for base, doc in parsed.before(offset, reach=_PERSON_REACH):
        for sent in reversed([s for s in doc.sents if base + s.end_char <= frontier]):
            looked += 1
            if looked > _SUBJECT_BACK or frontier - (base + sent.end_char) > _GAP or base + sent.start_char < floor:
                return None  # far enough, text in between that was not parsed, or an earlier item: no one known
            frontier = base + sent.start_char
            words = [t for t in sent if not t.is_punct and not t.is_space]
            if words and _in_marks(words[0]) and _in_marks(sent.root):
                looked -= 1
                continue  # the quoted words themselves ('"She's a disgrace. ...," he said'): no narration
            who = next((c for c in sent.root.children if c.dep_ in ("nsubj", "nsubjpass") and not _in_marks(c)), None)
            # "Trump, Sexton said, has created ...": the sentence is Sexton's, who is not its subject
            aside = next((c for c in sent.root.children if c.dep_ == "parataxis" and _is_cue(c)), None)
            if aside is not None:
                who = next((c for c in aside.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if who is None:
                return None
            if who.lower_ == pronoun.lower():
                continue
            named = _named(who)  # a name the recogniser calls a place ("Ines Moreau spoke") still heads it
            # a name the tagger read as a common noun ("Trump took offense at ..."), which the
            # article shows to be a person's by the pronouns it gives them, still heads it
            known = named.text[:1].isupper() and (
                genders.known(named.text) is not None or _names_a_person(parsed, named.text)
            )  # or a surname the recogniser tags a body here and a person's elsewhere ("Christie blasted ...")
            proper = named.pos_ == "PROPN" and named.ent_type_ in ("", "LOC")
            if named.ent_type_ != "PERSON" and not proper and not known:
                return None
            if named.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in who.children):
                # "Investigators say ... She says", "Ana and Tomas Berg had gone ... She said": a
                # plural or two people joined is never "he" or "she"
                return None
            name = _phrase(named) if named.ent_type_ != "LOC" else None
            person = next((e for e in doc.ents if e.start <= named.i < e.end and e.label_ == "PERSON"), None)
            if person is not None and (name is None or person.text not in name[0]):
                name = (person.text, person.start_char)  # "Kim Sun-hee", not its last piece
            if name is None:  # the proper nouns that end in it ("Ines Moreau")
                first = named.i
                while first > sent.start and doc[first - 1].pos_ == "PROPN":
                    first -= 1
                name = (doc[first : named.i + 1].text, doc[first].idx)
            if not genders.agree(name[0], pronoun):
                return None
            return strip_possessive(name[0])
    return None


def person_before(
    parsed: Parsed, offset: int, pronoun: str = "", genders: Genders | None = None, *, floor: int = 0
) -> str | None:
    """The last person the parsed text names before `offset` and from `floor` on (for a pronoun
    speaker) that `pronoun` agrees with (by `genders`); "it" and "they" stand for no one person."""
    if pronoun.lower() in ("it", "they"):
        return None  # "they" is a group: the last person named is a guess that is wrong for it
    for base, doc in parsed.before(offset, reach=min(_PERSON_REACH, offset - floor)):
        lo, hi = max(offset - _PERSON_REACH, floor) - base, offset - base  # pieces are small (see rules._MAX_UNIT)
        people = [
            (e.end, e.text)
            for e in doc.ents
            if e.label_ == "PERSON" and lo <= e.start_char and e.end_char <= hi and not _in_marks(e[0])
        ]  # a person someone's quoted words name is not a source
        # names the model does not know as people still head a subject ("Ngozi Okonjo-Iweala spoke")
        people += [
            (t.i + 1, p[0])
            for t in doc
            if lo <= t.idx < hi
            and t.dep_ in _SUBJECTS
            and t.pos_ == "PROPN"
            and not (pronoun.lower() in _HE | _SHE and t.ent_type_ in _NOT_PEOPLE)  # "he" is no country
            and not (pronoun.lower() in _HE | _SHE and t.tag_ in ("NNS", "NNPS"))  # nor "Investigators"
            and not _in_marks(t)
            and (p := _phrase(t))
        ]
        # the last one named; of a name and a piece of it ending there ("Kim Sun-hee", "hee"), the name
        for _, name in sorted(people, key=lambda p: (p[0], len(p[1])), reverse=True):
            if genders is None or genders.agree(name, pronoun):
                return strip_possessive(name)
    return None


# verbs that link a subject to what is said of it: a quote after them describes the subject
_LINKING = frozenset({"be", "remain", "seem", "become", "appear", "look", "sound", "feel"})
# verbs of undergoing: 'Lima suffered "serious injuries"' names what befell her, not what she said
_UNDERGOING = frozenset({"suffer", "sustain", "undergo", "endure", "experience", "incur", "receive"})
_ABOUT_SUBJECT = _LINKING | _UNDERGOING


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


def _claim_owner(doc: Any, inside: set[int]) -> Any | None:
    """The owner of the statement a quote belongs to: "Trump's claim that there were 'thousands
    of shootings'" and "a statement by the council calling it 'a violation'" are Trump's and the
    council's."""
    roots = [doc[i] for i in sorted(inside) if doc[i].head.i not in inside and not doc[i].is_punct]
    nouns = wordlist("speech_nouns")
    for root in roots[:1]:
        token = root.head
        for _ in range(_MAX_CLIMB):
            if token.pos_ in ("NOUN", "PROPN") and token.lemma_.lower() in nouns:
                owner = next((c for c in token.children if c.dep_ == "poss"), None)
                by = next((c for c in token.children if c.dep_ == "prep" and c.lower_ in ("by", "from")), None)
                if owner is None and by is not None:
                    owner = next((c for c in by.children if c.dep_ == "pobj"), None)
                if owner is not None and owner.i not in inside and owner.lower_ not in _POSSESSIVES:
                    return owner
                return None
            if token.pos_ in ("VERB", "AUX") and any(c.dep_ in _SUBJECTS for c in token.children):
                return None  # a clause with a subject of its own stands between
            if token.head.i == token.i:
                return None
            token = token.head
    return None


def _is_cue(token: Any) -> bool:
    if token.lower_ == "according":
        return any(c.lower_ == "to" for c in token.children)
    if token.lemma_.lower() == "put":  # "as the memo put it"
        return any(c.lower_ == "it" and c.dep_ == "dobj" for c in token.children)
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
            return next((c for c in cues if c.lemma_.lower() in wordlist("saying_cues")), cues[-1])
    return None


_ADJACENT = 8  # tokens: a cue in a neighbouring sentence counts only this close to the quote


def _nearest_cue(doc: Any, inside: set[int]) -> Any | None:
    """A speech verb outside the quote in the sentences the quote touches, nearest first; else
    one right next to it in the neighbouring sentence (`"..." Lima said.` parsed as two
    sentences, or `Lima explained it this way: "..."`)."""
    first, last = min(inside), max(inside)
    sentences = {doc[i].sent for i in (first, last)}
    tail = next((t for t in doc[last + 1 : last + 3] if not t.is_punct and not t.is_space), None)
    if tail is not None and tail.sent.start > last and tail.text[:1].islower():
        # '"... resign in disgrace!" the presumptive nominee, Donald Trump, tweeted': a quote ending
        # in "!" or "?" that the parser closed as a sentence, its credit read as the next one
        sentences.add(tail.sent)
    candidates = [t for sent in sentences for t in sent if t.i not in inside and _is_cue(t)]
    if not candidates:
        after = range(last + 1, min(len(doc), last + 1 + _ADJACENT))
        before = range(max(0, first - _ADJACENT * 2), first)
        candidates = [doc[i] for i in (*after, *before) if i not in inside and _is_cue(doc[i])]
        # a quote that closed its sentence with a stop ('"... neighborhood." Russia insisted')
        # is not given to a cue in the sentence after it
        closed = any(t.text == "." for t in doc[max(first, last - 2) : last + 1])
        candidates = [
            t for t in candidates if (t.i > last and not closed) or (t.i < first and _ends_before(doc, t, first))
        ]
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
        if _told(verb):  # "Parents were told: '...'": the subject heard it; the speaker is the agent
            agent = next((c for c in verb.children if c.dep_ == "agent"), None)
            return next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
        subjects = [c for c in verb.children if c.dep_ in _SUBJECTS and c.i not in inside and not _in_marks(c)]
        if subjects:  # the nearest: "the video has Trump saying" is Trump
            return min(subjects, key=lambda c: abs(c.i - verb.i))
        if verb.dep_ in ("relcl", "acl") and verb.head.i not in inside and verb.head.pos_ in ("NOUN", "PROPN"):
            return verb.head  # "a statement saying ...", "Lima, who said ..."
        if verb.dep_ == "pcomp" and verb.head.dep_ == "prep" and verb.head.head.pos_ in ("VERB", "AUX"):
            verb = verb.head.head  # "After saying ..., she was": the clause's subject
            continue
        if verb.dep_ not in ("conj", "advcl", "xcomp", "ccomp", "acomp") or verb.head.i == verb.i:
            return None
        if verb.dep_ == "xcomp" and any(c.dep_ in ("dobj", "dative") and c.i < verb.i for c in verb.head.children):
            return None  # "urged his supporters to ask why ...": the supporters would ask
        if verb.dep_ == "acomp" and not _sayer_of(verb):
            return None  # "it is worth noting that", "too early to tell whether": no one's words
        verb = verb.head  # "Lima arrived and said", "Lima said, adding", "Lima was quick to say"
    return None


def _sayer_of(adjective: Any) -> bool:
    """ "Sexton was quick to point out", "she was careful to say": the adjective's clause has a
    subject who speaks ("it is worth noting", "it was too early to tell": none)."""
    subject = next((c for c in adjective.head.children if c.dep_ == "nsubj"), None)
    too = any(c.dep_ == "advmod" and c.lower_ == "too" for c in adjective.children)
    return subject is not None and subject.lower_ not in ("it", "this", "that") and not too


_OPEN, _CLOSE = {"“", "‘"}, {"”", "’"}


_MARK_REACH = 200  # tokens looked back for the quotation mark a token stands after
_FUSED = ('"', "“", "”")


def _in_marks(token: Any) -> bool:
    """The token stands inside quotation marks of its own ('on Fox News's "Fox and Friends"' has
    no speaker in it): the nearest mark before it in its paragraph opens a quotation (a quotation
    may run over sentences: '"No one writes songs for her. Hillary has nobody," he said')."""
    doc = token.doc
    for mark in reversed(doc[max(0, token.i - _MARK_REACH) : token.i]):
        if "\n" in mark.text:
            return False  # a paragraph break closes every quotation but one left open on purpose
        if mark.text in _OPEN:
            return True
        if mark.text in _CLOSE:
            return False
        if mark.text == "``":
            return True
        if mark.text in ('"', "''"):  # straight or doubled: it opens when a word follows it directly
            return not mark.whitespace_ and (mark.i == 0 or mark.doc[mark.i - 1].whitespace_ != "")
        if len(mark.text) > 1 and any(m in mark.text for m in _FUSED):
            return False  # a mark glued to a word ('everybody."The other'): text run together, no telling
    return False


def _told(verb: Any) -> bool:
    """A passive verb of telling: its subject is who was told, not who spoke."""
    return verb.lemma_.lower() in wordlist("addressee_verbs") and any(c.dep_ == "nsubjpass" for c in verb.children)


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
    if who.dep_ == "poss" and who.lower_ in _OWNERS:
        # "according to her statement", "according to its annual report": resolved as "she said"
        return Attribution(speaker=None, mention=who.text, cue=cue.text, at=base + who.idx)
    phrase = _phrase(who, speech=speech)
    if phrase is None:
        return None
    text, start = phrase
    return Attribution(speaker=text, mention=text, cue=cue.text, at=base + start)


# verbs whose subject takes up a statement someone else made: "noted a report alleging ..."
_READ_BY_OTHERS = frozenset(
    {"cite", "note", "read", "quote", "dismiss", "reject", "deny", "dispute", "question", "see", "seize", "welcome"}
)


def _named(token: Any) -> Any:
    """The token that names the speaker: a name in apposition to a role, the owner of a
    statement ("the mayor's statement said" is the mayor)."""
    appos = [c for c in token.children if c.dep_ == "appos"]
    if token.pos_ != "PROPN" and appos:
        named = next((a for a in appos if a.pos_ == "PROPN" or a.ent_type_ in _NAME_ENTITY), None)
        if named is not None:
            return named
    if token.lemma_.lower() in wordlist("speech_nouns") | {"release"}:
        owner = next((c for c in token.children if c.dep_ == "poss"), None)
        if owner is not None:
            return owner
        if token.dep_ == "dobj" and token.head.lemma_.lower() not in _READ_BY_OTHERS:
            # "the council issued a statement calling it ...", not "X cited a report saying ..."
            issuer = next((c for c in token.head.children if c.dep_ in _SUBJECTS), None)
            if issuer is not None and issuer.pos_ in ("PROPN", "NOUN") and issuer.lower_ not in PRONOUNS:
                return issuer
    return token


_PLACE_ENTITY = frozenset({"FAC", "LOC", "EVENT"})


def _phrase(token: Any, *, speech: bool = False) -> tuple[str, int] | None:
    """The words naming the speaker (an entity, a name, or a role phrase), with their offset;
    None for dates, places and numbers. A common noun counts when it is the subject of a speech
    verb (`speech`: "said the designer") or a role or source noun ("a spokesman", "the report")."""
    if token.ent_type_ in _BAD_ENTITY and not (speech and token.pos_ == "PROPN" and token.ent_type_ in _PLACE_ENTITY):
        # the subject of a verb of saying tagged a place or a building is a tagger's slip for a
        # name ("Ada Fisher said") or a body named by its seat ("the White House said")
        return None
    doc = token.doc
    if token.ent_type_ in _NAME_ENTITY and token.pos_ != "PROPN":
        ent = next((e for e in doc.ents if e.start <= token.i < e.end), None)
        if ent is not None:
            text = strip_possessive(ent.text).strip()
            return (text, ent.start_char) if text else None
    if token.pos_ not in ("PROPN", "NOUN"):
        return None
    left = token.i
    while left > 0 and doc[left - 1].head.i in range(left, token.i + 1) and _kept_left(doc[left - 1]):
        if token.pos_ == "PROPN" and not (
            doc[left - 1].text[:1].isupper() or doc[left - 1].text == "." or _particle(doc, left - 1)
        ):
            break  # a name keeps its titles ("Mayor", "Col.") and particles ("Jan de Vries"), not "a smiling"
        left -= 1
    right = token.i
    while right + 1 < len(doc) and doc[right + 1].head.i == token.i and doc[right + 1].dep_ in ("flat", "compound"):
        right += 1
    if token.pos_ == "PROPN" and (named := _name_going_on(token, right)) is not None:
        right = named  # "The Centers for Disease Control and Prevention", not "the Centers"
    if token.pos_ == "NOUN" and (place := _place_named(token, right)) is not None:
        right = place  # "the city of Phoenix", not "the city"
    words = doc[left : right + 1]
    text = words.text.strip()
    roles = wordlist("role_nouns")
    if token.pos_ == "NOUN" and not speech and not any(w.lemma_.lower() in roles or w.lower_ in roles for w in words):
        return None  # a common noun that names no one ("the idea said" is a parse slip)
    text = re.sub(r"^(?:The|A|An)\s+", lambda m: m.group(0).lower(), text)
    return text, words.start_char


def _particle(doc: Any, i: int) -> bool:
    """A name's particle written small between two of its words ("Jan de Vries", "Ludwig van
    Beethoven")."""
    return doc[i].lower_ in NAME_PARTICLES and doc[i].text.islower() and i > 0 and doc[i - 1].text[:1].isupper()


# the head words of organisations' names: a body, not a person
_BODIES = source_nouns() | {"federation", "league", "society", "alliance"}


_PLACES = frozenset({"city", "state", "county", "town", "village", "province", "region", "country", "government"})


def _place_named(token: Any, right: int) -> int | None:
    """Where "the city of Phoenix", "the state of Ohio" ends: a word for a place or its government
    and the place's name after "of"."""
    if token.lemma_.lower() not in _PLACES or right + 2 >= len(token.doc):
        return None
    of = token.doc[right + 1]
    place = next((c for c in of.children if c.dep_ == "pobj"), None)
    if of.lower_ != "of" or of.head.i != token.i or place is None or place.ent_type_ != "GPE":
        return None
    return max(t.i for t in place.subtree)


def _name_going_on(token: Any, right: int) -> int | None:
    """Where an organisation's name that goes on past its head with a preposition ends ("Centers
    | for Disease Control and Prevention", "Institute | for Policy Studies"): the recogniser's
    name, when all of it after the head hangs on the head."""
    if not {token.lemma_.lower(), token.lower_, token.lower_.removesuffix("s")} & _BODIES:
        return None  # "Meenakshi Ganguly | of Human Rights Watch": a person, then where they work
    ent = next((e for e in token.doc.ents if e.start <= token.i < e.end), None)
    if ent is None or ent.label_ != "ORG" or ent.end - 1 <= right:
        return None
    after = token.doc[right + 1 : ent.end]
    if after[0].pos_ != "ADP" or not all(t.head.i == token.i or token.i < t.head.i < ent.end for t in after):
        return None
    return ent.end - 1


def _kept_left(token: Any) -> bool:
    """A word before a speaker's noun that belongs to its phrase: a modifier, or the hyphen of a
    compound modifier ("the two-term president", never "term president")."""
    return token.dep_ in _LEFT_KEEP or (token.dep_ == "punct" and token.text in ("-", "‑", "–"))


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
    if name.dep_ in ("pobj", "dobj", "dative"):
        # 'McConnell delivered a blunt message to Trump: "..."': Trump is spoken to; the speaker
        # is the subject of a verb of saying, or of one whose object is a noun of saying
        verb = name.head.head if name.head.pos_ == "ADP" else name.head
        said = verb.lemma_.lower() in wordlist("speech_verbs") or any(
            c.dep_ == "dobj" and c.lemma_.lower() in wordlist("speech_nouns") for c in verb.children
        )
        who = next((c for c in verb.children if c.dep_ == "nsubj"), None) if verb.pos_ == "VERB" and said else None
        if who is None or who.pos_ != "PROPN":
            return None
        name = who
    phrase = _phrase(name)
    return Attribution(speaker=phrase[0], mention=phrase[0], cue=":", at=base + phrase[1]) if phrase else None


_TRAILING_STOPS = re.compile(r"[.,;:!?]+$")
_TITLE_WORD = re.compile(r"[\w’'-]+")
_STOP_INSIDE = re.compile(r"[.,;!?]|:(?!\s+[A-Z])")  # a colon before a capital opens a subtitle


def title_like(quoted: str, longest: int = 8) -> bool:
    """Names of shows, works and slogans in quotation marks ("Meet the Press", a "Make America
    Great Again" cap): short (`longest` words at most), every content word capitalised, no
    sentence punctuation inside (a closing mark before the quotation mark, "Face the Nation,"
    is the sentence's)."""
    if len(quoted) > 120:
        return False
    quoted = _TRAILING_STOPS.sub("", quoted.strip())
    words = _TITLE_WORD.findall(quoted)
    if not words or len(words) > longest or _STOP_INSIDE.search(quoted):
        return False
    lower = [w for w in words if not w[0].isupper()]
    return len(words) - len(lower) >= 2 and all(w in _TITLE_SMALL_WORDS for w in lower)


# the words title case leaves lower-case
_TITLE_SMALL_WORDS = frozenset(
    "a an the and or but nor of in on at to for by with from as vs via per into over up off out is".split()
)


_BEFORE_WORD = re.compile(r"([\w’'-]+)\W*$")


def named_work(quoted: str, before: str) -> bool:
    """A title in quotation marks that the words before introduce as a name, whatever verb the
    sentence has: 'said on CNN's "State of the Union."', 'On "Face the Nation," Sanders said',
    'his 1994 "Contract with America"'."""
    m = _BEFORE_WORD.search(before[-40:])
    if m is None:
        return False
    word = m.group(1)
    opener = word.lower() in wordlist("title_openers")
    introduced = opener or word.endswith(("’s", "'s")) or word.isdigit()
    # a work's noun ('his famous speech, "What to the Slave Is the Fourth of July?"') may name a
    # longer title than an article, a preposition or a possessive does
    longest = 12 if opener and word.lower() not in _TITLE_SMALL_WORDS else 8
    return introduced and title_like(quoted, longest)


_TERM_BEFORE = re.compile(
    r"(?:\b(?:known|referred\s+to|billed)\s+as|\bso-called|\b(?:dubbed|nicknamed|termed))\s+(?:(?:an?|the)\s+)?\W*$",
    re.I,
)


def introduced_term(before: str) -> bool:
    """The quotation marks hold a term the words before introduce as one, not anyone's words:
    'what's known as a "motion to vacate the chair"', 'the so-called "dark money"'."""
    return bool(_TERM_BEFORE.search(before[-40:]))


_CREDIT = re.compile(
    r"^[\s.,]*[―—–]\s*(?P<name>(?:[A-Z][\w’'.-]*|[a-z]{1,3})(?:[ \t]+(?:[A-Z][\w’'.-]*|[a-z]{1,3})){0,5})\.?\s*$"
)


def credited(after: str) -> str | None:
    """The name of a credit line closing a quote's paragraph ('"..." ― Ana Lima'), the convention
    of vox pops, epigraphs and reader letters."""
    m = _CREDIT.match(after)
    if m is None or not m.group("name")[0].isupper():
        return None
    return m.group("name").rstrip(".")


# the speaker label that opens a transcript line ('WALLACE: But, Governor ...')
LABEL = re.compile(r"^\s*(?P<name>[A-Z][A-Z’'.-]+(?:\s+[A-Z][A-Z’'.-]+){0,2}):\s")


# -- comparing two outlets' wordings of one quote -------------------------------------------

_TYPOGRAPHY = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "…": " "})


def quote_words(text: str) -> list[str]:
    """The words of a quote as spoken: typography (curly or straight marks, dashes, hyphens,
    ellipses, "%" for "percent"), spacing, capitals and an editor's insertions in brackets or
    parentheses ("[Russian] President", "(There were) heroic efforts") and initials before a
    name ("Elijah E. Cummings") do not count."""
    text = re.sub(r"\[[^\]]{0,60}\]|\([^)]{0,60}\)", " ", unicodedata.normalize("NFKC", text))
    text = _INITIAL.sub("", text)
    text = text.translate(_TYPOGRAPHY).replace("%", " percent ").lower()
    for short, long in _CONTRACTIONS:
        text = short.sub(long, text)
    text = _POSSESSIVE_S.sub("s", text)  # "ISIS' best" and "ISIS's best": one possessive, two house styles
    return [_NUMERALS.get(w, w) for w in re.findall(r"\w[\w']*", text)]


_POSSESSIVE_S = re.compile(r"(?<=\w)s'(?:s\b)?")


# an initial before a name ("Elijah E. Cummings", "V. Wilkson"): house style, which outlets add or drop
_INITIAL = re.compile(r"(?:(?<=\s)|^)[A-Z]\.\s+(?=[A-Z][a-z])")
_NUMERALS = {w: str(i) for i, w in enumerate("zero one two three four five six seven eight nine ten".split())}


# contractions spelled out, so "I'm not" and "I am not" are one wording
_CONTRACTIONS = [
    (re.compile(p), r)
    for p, r in (
        (r"\bcan't\b", "can not"),
        (r"\bwon't\b", "will not"),
        (r"\bcannot\b", "can not"),
        (r"n't\b", " not"),
        (r"\bi'm\b", "i am"),
        (r"'re\b", " are"),
        (r"'ll\b", " will"),
        (r"'ve\b", " have"),
        (r"\b(it|that|there|what|he|she)'s\b", r"\1 is"),
        (r"\bgonna'?", "going to"),  # spoken forms a transcript writes out or not
        (r"\bwanna'?", "want to"),
        (r"\bgotta'?", "got to"),
    )
]


def _excerpt(short_text: str, long: list[str]) -> bool:
    """`short_text` is an excerpt of `long`: its words stand in `long` as one run, or as runs in
    order where it marks an elision ("Our role ... will be ... to train")."""
    at = 0
    for segment in _ELISION.split(short_text):
        words = quote_words(segment)
        if not words:
            continue
        found = _find_run(long, words, at)
        if found < 0:
            return False
        at = found + len(words)
    return True


_ELISION = re.compile(r"…|\.\s*\.\s*\.")


def _past_an_elision(short_text: str, long: list[str]) -> bool:
    """A quote that marks an elision and goes on past the other's quote ("I do. He was the most
    valuable player. … He was the founder." against "... I do. He was the most valuable player.
    I give him the award"): its words before the elision are the other's, in order, and what
    follows the elision rewords none of the other's words left after them (else it is a
    changed wording: "we will … lose" against "we will win")."""
    segments = [words for piece in _ELISION.split(short_text) if (words := quote_words(piece))]
    at = 0
    for k, words in enumerate(segments):
        found = _find_run(long, words, at)
        if found < 0:
            if k == 0:
                return False  # nothing before the elision is the other's
            rest = [w for segment in segments[k:] for w in segment]
            tail = long[at:]
            return difflib.SequenceMatcher(a=rest, b=tail, autojunk=False).ratio() < SAME_PASSAGE
        at = found + len(words)
    return False  # all of it the other's: an excerpt (see _excerpt)


def quoted_by_all(renderings: list[str]) -> str | None:
    """The rendering whose words every other rendering quotes too (the shortest excerpt of one
    statement quoted to different lengths), or None when none is inside all the others (two
    outlets quote different sentences of it)."""
    words = [quote_words(r) for r in renderings]
    for text in sorted(renderings, key=len):
        if all(_excerpt(text, other) for other in words):
            return text
    return None


def _find_run(words: list[str], run: list[str], start: int) -> int:
    for i in range(start, len(words) - len(run) + 1):
        if words[i : i + len(run)] == run:
            return i
    return -1


SAME_PASSAGE = 0.5  # word-sequence similarity below which two quotes render different passages


def _overlapping(wa: list[str], wb: list[str]) -> bool:
    """One statement quoted to different extents: the words both outlets quote are the same
    run, and each goes on past it at one end only ("A. B" against "B. C")."""
    match = difflib.SequenceMatcher(a=wa, b=wb, autojunk=False).find_longest_match(0, len(wa), 0, len(wb))
    if match.size < 5:
        return False
    a_lo, a_hi, b_lo, b_hi = match.a, match.a + match.size, match.b, match.b + match.size
    ends = (a_lo == 0 or b_lo == 0) and (a_hi == len(wa) or b_hi == len(wb))
    return ends


def _repetition(op: tuple[str, int, int, int, int], wa: list[str], wb: list[str]) -> bool:
    """A speaker's repetition one transcript keeps ("we will not, we will not stand by"): the
    inserted words repeat the words just before or after them."""
    tag, i1, i2, j1, j2 = op
    if tag not in ("insert", "delete"):
        return False
    extra, words, at = (wb[j1:j2], wb, j1) if tag == "insert" else (wa[i1:i2], wa, i1)
    n = len(extra)
    return bool(extra) and extra in (words[max(0, at - n) : at], words[at + n : at + 2 * n])


def _contained(matcher: difflib.SequenceMatcher[str], wa: list[str], wb: list[str]) -> bool:
    """Most of the shorter quote is matched in the longer one: one passage, one side longer."""
    shorter = min(len(wa), len(wb))
    return shorter > 0 and sum(b.size for b in matcher.get_matching_blocks()) >= 0.7 * shorter


def wording_difference(a: str, b: str) -> str | None:
    """How two outlets' wordings of one quote differ: None when they agree (the same words, or
    one an excerpt of the other, elisions allowed), "minor" when only function words differ
    ("or a steel barrier" / "or steel barrier"), "wording" when a content word, a negation or a
    number changed."""
    wa, wb = quote_words(a), quote_words(b)
    if wa == wb or "".join(wa).replace("-", "") == "".join(wb).replace("-", ""):
        return None  # the same words, spaced or hyphenated differently ("stead-fast", "high powered")
    short_text, short, long = (a, wa, wb) if len(wa) <= len(wb) else (b, wb, wa)
    if _excerpt(short_text, long) or _overlapping(wa, wb) or _past_an_elision(short_text, long):
        return None
    matcher = difflib.SequenceMatcher(a=wa, b=wb, autojunk=False)
    if matcher.ratio() < SAME_PASSAGE and not _contained(matcher, wa, wb):
        return None  # two passages of one statement (joined through a third quote), not two wordings of one
    ops = [op for op in matcher.get_opcodes()]
    if _meet_on_a_phrase(ops, wa, wb):
        return None
    while ops and ops[0][0] in ("insert", "delete"):
        ops.pop(0)  # one outlet starts its quote earlier: extent, not wording
    while ops and ops[-1][0] in ("insert", "delete"):
        ops.pop()  # ... or goes on longer
    ops = [op for op in ops if not _repetition(op, wa, wb)]
    changed = {w for op, i1, i2, j1, j2 in ops if op != "equal" for w in (*wa[i1:i2], *wb[j1:j2])}
    if not changed:
        return None
    if changed and all((w in STOPWORDS or w in _CONNECTIVES) and w not in _MEANING_WORDS for w in changed):
        return "minor"
    return "wording"


def meet_on_a_phrase(a: str, b: str) -> bool:
    """Two quotes are two sentences that meet on a phrase (`_meet_on_a_phrase`)."""
    wa, wb = quote_words(a), quote_words(b)
    return _meet_on_a_phrase(difflib.SequenceMatcher(a=wa, b=wb, autojunk=False).get_opcodes(), wa, wb)


def _meet_on_a_phrase(ops: Sequence[tuple[str, int, int, int, int]], wa: list[str], wb: list[str]) -> bool:
    """Two sentences that open differently and meet on a phrase ("make sure our economy works for
    everyone, not just those at the top" / "to build an economy that works for everyone, not just
    those at the top"): a speaker's line said twice in two remarks, not one remark worded two
    ways. The shorter quote opens with two words or more where the longer has others, none of
    them the same."""
    if not ops or ops[0][0] != "replace":
        return False
    _, i1, i2, j1, j2 = ops[0]
    short_first = (i1 == 0) if len(wa) <= len(wb) else (j1 == 0)
    return short_first and min(i2 - i1, j2 - j1) >= 2 and not set(wa[i1:i2]) & set(wb[j1:j2])


# connectives outlets transcribe either way ("Though the ..." / "Although the ..."): a minor difference
_CONNECTIVES = frozenset({"though", "although", "while", "whilst", "whereas", "albeit"})
# function words that change what is said: negation, modality, quantity
_MEANING_WORDS = frozenset(
    """not no nor never none nothing neither may might must will would shall should can could all some any
    more most much many only""".split()
)


# the parse helpers facts/statements.py shares with the quotes
subject_of = _subject
attribution_of = _attribution
named_token = _named
in_marks = _in_marks
