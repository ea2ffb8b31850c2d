"""Names: people, organisations and places, found by the named-entity recogniser; speakers'
titles and roles; spelling keys; and grouping of variants (Kadhimi / Khadimi / Kadhemi, with or
without "al-", possessives and titles)."""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz

from ..language.lexicon import NAME_PARTICLES, PARTICLE_RE, wordlist
from ..language.text import fold, strip_possessive
from ..models import Entity, EntityVariant
from ..unionfind import UnionFind

TITLES = sorted(wordlist("titles"), key=lambda t: (-len(t), t))  # longest first: "Prime Minister" before "Minister"
_TITLE_RE = re.compile(
    # up to two capitalised words of the office before the title: "White House Press Secretary",
    # "Iraqi Prime Minister", "U.S. Defense Secretary"
    r"^(?:(?:former|then|acting|deputy|interim)[\s-]+)?(?:(?:U\.S\.|[A-Z][\w’'-]*)\s+){0,2}?"
    r"(?:" + "|".join(re.escape(t) for t in TITLES) + r")(?:\s+|$)",
)
_PARTICLES = NAME_PARTICLES


@functools.lru_cache(maxsize=65536)
def strip_title(mention: str) -> tuple[str, str | None]:
    """'Iraqi Prime Minister Mustafa al-Kadhimi' -> ('Mustafa al-Kadhimi', 'Iraqi Prime Minister')."""
    title = None
    rest = mention.strip()
    while m := _TITLE_RE.match(rest):
        if bare_body(rest[m.end() :]):
            break  # "Justice Department": a body's name, not the title "Justice" of a "Department"
        title = (title + " " if title else "") + m.group(0).strip()
        rest = rest[m.end() :]
    rest = strip_possessive(rest)
    return rest, title


@functools.cache
def source_nouns() -> frozenset[str]:
    """Common nouns that name a source or a role ("investigators", "police", "spokesman")."""
    return wordlist("source_nouns") | wordlist("role_nouns")


def common_source(speaker: str) -> bool:
    """A speaker named by one common noun for sources ("Investigators", "Police", "Prosecutors"),
    capitalised only where it opens a sentence: no name to resolve."""
    words = speaker.split()
    return len(words) == 1 and fold(words[0]) in source_nouns()


def bare_body(form: str) -> bool:
    """The form is a body's head noun alone ("Department", "Office"): it names no one body."""
    words = strip_possessive(form.strip()).split()
    return len(words) == 1 and fold(words[0]) in _BODY_NOUNS


_ROLE_WORDS = wordlist("role_words")
_BODY_NOUNS = wordlist("body_nouns")


@functools.lru_cache(maxsize=65536)
def is_role(speaker: str | None) -> bool:
    """True for a speaker given only by role or title ('Iraq's PM', 'a senior official')."""
    if not speaker:
        return False
    words = [w for w in re.findall(r"[\w’'-]+", speaker) if strip_possessive(w) == w]
    return all(fold(w) in _ROLE_WORDS or fold(w).endswith(("ian", "ese", "ish")) for w in words)


def name_tokens(name: str) -> list[str]:
    """Folded tokens without particles: 'Mustafa al-Kadhimi's' -> ['mustafa', 'kadhimi']."""
    return list(_name_tokens(name))


@functools.lru_cache(maxsize=65536)
def _name_tokens(name: str) -> tuple[str, ...]:
    core = re.sub(r"[’']s\b", "", strip_title(name)[0])
    core = re.sub(r"\b(?:al|el)-", "", core, flags=re.I)
    return tuple(t for t in fold(core).split() if t not in _PARTICLES)


_NER_KINDS = {"PERSON": "person", "ORG": "organization", "GPE": "place", "LOC": "place", "FAC": "place"}
_TITLE_BEFORE = re.compile(r"(?:^|\s)(?:" + "|".join(re.escape(t) for t in TITLES) + r")\s+$")


@dataclass(frozen=True)
class Name:
    """A name the recogniser found: article span, the name without title or possessive, its kind
    (person, organization, place) and the title standing before or inside it."""

    start: int
    end: int
    core: str
    kind: str
    title: str | None


def names_in(text: str, docs: Iterable[tuple[int, Any]]) -> list[Name]:
    """The people, organisations and places the recogniser marks in parsed pieces of `text`
    (each piece with its article offset), first mention of each name, in text order. Dates,
    numbers, nationalities and works are not names; a title makes a person ("Prime Minister")."""
    found: list[Name] = []
    for base, doc in docs:
        for ent in doc.ents:
            kind = _NER_KINDS.get(ent.label_)
            if kind is None:
                continue
            start, end = base + ent.start_char, base + ent.end_char
            mention = re.sub(r"^(?:the|The)\s+", "", ent.text)
            start += len(ent.text) - len(mention)
            mention = strip_possessive(mention, bare_apostrophe=True).rstrip()
            mention = re.split(r"\.?@|\s+\(@", mention, maxsplit=1)[0].rstrip()  # a handle glued on: "Kadhemi.@AnaLima"
            end = start + len(mention)
            core, title = strip_title(mention)
            if not name_tokens(core) or not re.match(rf"(?:{PARTICLE_RE}[\s-])?[A-Z]", core):
                continue
            if title is None and (m := _TITLE_BEFORE.search(text[max(0, start - 40) : start])):
                title = m.group(0).strip()  # the mention keeps it: "Prime Minister Mustafa al-Kadhimi"
                start = start - len(m.group(0)) + (len(m.group(0)) - len(m.group(0).lstrip()))
            found.append(Name(start, end, core, "person" if title else kind, title))
    found.sort(key=lambda n: n.start)
    seen: set[str] = set()
    first = []
    for name in found:
        if fold(name.core) not in seen:
            seen.add(fold(name.core))
            first.append(name)
    return first


def same_entity(a: list[str], b: list[str]) -> bool:
    """Two names denote the same entity: same or near-same surname, compatible given names."""
    if not a or not b:
        return False
    if a == b:
        return True
    sa, sb = a[-1], b[-1]
    if sa != sb:
        if min(len(sa), len(sb)) < 5 or sa[0] != sb[0] or fuzz.ratio(sa, sb) < 80:
            return False
    ga, gb = a[:-1], b[:-1]
    if ga and gb:
        return fuzz.ratio(" ".join(ga), " ".join(gb)) >= 85
    return len(a) + len(b) >= 3 or sa == sb


def _one_name(a: list[str], b: list[str]) -> bool:
    """Two full names of one entity: `same_entity`, or the one ends the other with a title the
    lexicon does not know before it ("Baltimore Police Commissioner Kevin Davis", "Kevin Davis")."""
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return same_entity(a, b) or (len(short) >= 2 and long[-len(short) :] == short)


@dataclass
class _Form:
    """One distinct spelling: the articles that used it, and what it names."""

    articles: set[str] = field(default_factory=set)
    kind: str = "other"
    office: bool = False  # some mention gives it an office's title ("President Biden")


_HONORIFICS = frozenset({"mr", "mrs", "ms", "dr"})  # folded: a courtesy, no office
# A person named as someone's relative: "first lady Jill Biden", "his daughter, Ivanka Trump".
# Lower case but for "First Lady": "Father Michael Pfleger" is a priest, no one's father.
RELATIVE_BEFORE = re.compile(
    r"\b(?:[Ff]irst\s+[Ll]ady|[Ff]irst\s+[Gg]entleman|wife|husband|spouse|son|daughter|brother|sister|mother"
    r"|father|widow|widower|grandson|granddaughter|nephew|niece|stepson|stepdaughter|son-in-law|daughter-in-law)"
    r",?\s*$"
)


def _office(title: str | None) -> bool:
    return bool(title) and fold(title or "") not in _HONORIFICS


def group_entities(
    mentions: list[tuple[str, str, str]],
    relatives: frozenset[str] = frozenset(),
) -> tuple[list[Entity], dict[str, str]]:
    """Group (form, article_id, kind) mentions into entities. `relatives` are the full names
    an article introduces as someone's relative ("first lady Jill Biden"): a surname with an
    office's title ("President Biden") is never one of them.

    Returns the entities (sorted by canonical name) and a map from each folded form to its
    entity's canonical name. Candidates are blocked by surname initial, so cost grows with
    the number of distinct forms, not their square.
    """
    forms: dict[str, _Form] = {}
    for form, article_id, kind in mentions:
        core, title = strip_title(form)
        core = core.strip()
        if not name_tokens(core) or bare_body(core):
            continue
        entry = forms.setdefault(core, _Form(kind=kind))
        entry.articles.add(article_id)
        entry.office = entry.office or _office(title)
        if kind == "person":
            entry.kind = "person"
    blocks: dict[str, list[str]] = defaultdict(list)
    for core in sorted(forms):
        blocks[name_tokens(core)[-1][0]].append(core)
    sets = UnionFind(forms)
    for block in blocks.values():
        full = [f for f in block if len(name_tokens(f)) > 1]
        for i, a in enumerate(full):
            for b in full[i + 1 :]:
                if sets.find(a) != sets.find(b) and _one_name(name_tokens(a), name_tokens(b)):
                    sets.union(a, b)
        # a surname alone joins the one person it can be; of two ("Seals" of Anthony Seals and
        # of his brother Jamie Richard Seals) it joins neither, and never makes them one
        singles = [f for f in block if len(name_tokens(f)) == 1]
        people = {a: {sets.find(b) for b in full if same_entity(name_tokens(a), name_tokens(b))} for a in singles}
        initials: dict[str, set[str]] = defaultdict(set)  # group root -> first letters of its given names
        kin: dict[str, bool] = {}  # group root -> every full name of it is someone's relative
        for b in full:
            root = sets.find(b)
            initials[root].add(name_tokens(b)[0][0])
            kin[root] = kin.get(root, True) and b in relatives
        for a in singles:
            if forms[a].office:  # "President Biden" is not "first lady Jill Biden"
                people[a] = {r for r in people[a] if not kin[r]}
            roots = sorted(people[a])
            if roots and all(initials[r] & initials[roots[0]] for r in roots):
                for r in roots:  # "Steve Bannon" and "Stephen K. Bannon": one person, by his surname
                    sets.union(a, r)
                people[a] = {sets.find(a)}
        for i, a in enumerate(singles):
            for b in singles[i + 1 :]:
                if len(people[a]) > 1 or len(people[b]) > 1 or not same_entity(name_tokens(a), name_tokens(b)):
                    continue
                if len({sets.find(x) for x in people[a] | people[b]}) <= 1:
                    sets.union(a, b)
    return _entities(sets.groups(), forms)


def _entities(groups: dict[str, list[str]], forms: dict[str, _Form]) -> tuple[list[Entity], dict[str, str]]:
    entities = []
    canonical_of: dict[str, str] = {}
    for members in groups.values():
        # the canonical form: a full name before a surname alone, then the most used, the longest
        members.sort(key=lambda core: (len(name_tokens(core)) <= 1, -len(forms[core].articles), -len(core), core))
        kinds = {forms[m].kind for m in members}
        kind = next((k for k in ("person", "organization", "place") if k in kinds), "other")
        variants = [EntityVariant(form=m, article_ids=sorted(forms[m].articles)) for m in sorted(members)]
        entities.append(Entity(canonical=members[0], kind=kind, variants=variants))  # type: ignore[arg-type]
        for m in members:
            canonical_of[fold(m)] = members[0]
    entities.sort(key=lambda e: fold(e.canonical))
    return entities, canonical_of


def _house_style(word: str) -> str:
    """British and American spellings of one word are one spelling ("Organisation", "Labour"),
    and so are a word and its plural in -ies ("Authorities" of "... Authority")."""
    return re.sub(r"our$", "or", re.sub(r"is(ation|e|ed|ing)$", r"iz\1", re.sub(r"(?<=..)ies$", "y", word)))


def _common_ending(form: str) -> bool:
    """The form's last word is written in lower case ("investigators"; a particle's hyphen as in
    "al-Kadhimi" is passed over)."""
    words = re.sub(r"[’']s\b", "", form).split()
    last = words[-1].split("-")[-1] if words else ""
    return last.isalpha() and last.islower()


def spelling_conflict(entity: Entity) -> bool:
    """Outlets spell one name differently, established: two or more surname spellings, each
    used by some article that uses no other spelling of it (an article that writes both has a
    slip of its own, not a disagreement with another outlet); the given names written with it
    agree (two given names mean the grouping joined two people: "Brady Osborne" and "Troy
    Osborne"); a plural or possessive ("Osbornes"), a longer word ("Congressman" for "Congress")
    or a fragment of a longer name ("State" of "United States") is no second spelling, and a
    spelling no outlet writes in a name of two or more words ("Score" against "South Shore") is
    a fragment's risk, not a name; a form that ends in a word in lower case ("Oklahoma County
    investigators") ends in a common noun, not a name."""
    forms = [(name_tokens(v.form), set(v.article_ids)) for v in entity.variants if not _common_ending(v.form)]
    forms = [(toks, ids) for toks, ids in forms if toks]
    givens = {toks[0] for toks, _ in forms if len(toks) >= 2}
    if len({g[0] for g in givens}) > 1 or len({g for g in givens if len(g) > 1}) > 1:
        return False
    users: dict[str, set[str]] = defaultdict(set)
    for toks, ids in forms:
        users[_house_style(toks[-1])] |= ids
    whole = {_house_style(toks[-1]) for toks, _ in forms if len(toks) >= 2}
    spellings = sorted(users, key=len)
    for short in list(spellings):
        longer = [s for s in spellings if s != short and s.startswith(short)]
        for s in longer:  # "osbornes", "congressman", "states": the same word, not a spelling
            users[short] |= users.pop(s, set())
            spellings.remove(s)
            if s in whole:
                whole.add(short)
    uses: dict[str, set[str]] = defaultdict(set)
    for spelling, ids in users.items():
        for article_id in ids:
            uses[article_id].add(spelling)
    exclusive = {s for s, ids in users.items() if s in whole and any(uses[a] == {s} for a in ids)}
    return len(exclusive) >= 2
