"""Attributed statements that are not direct quotes: what an article reports its sources to have
said, in its own words (kind `claim`), read from the dependency parse.

A statement is a clause that hangs below a verb of saying as its content (`ccomp`): "Psaki said
(that) the troops would stay", "the troops will stay, officials said", "X told reporters that
...", "X denied that ...", "X asked whether ..."; what a source called for or demanded ("X
called for an inquiry", "X urged residents to leave"); what a source ruled, decided, believes or
fears ("the court ruled that ...", "officials are confident that ..."); the side a source takes
on a thing ("X condemned the test as ..."); or a clause carrying "according to X". The
fact's evidence is the content alone (what is said, with its offsets); its speaker is the verb's
subject (a name, a role such as "a State Department spokeswoman", or a source noun such as
"officials" or "police"), its `attribute` the cue ("said", "according to"), and `speaker_mention`
the words that name the source there when they differ (a pronoun resolved to the person the
article last named). Contents that are wholly inside quotation marks are direct quotes (the
quote extractor has them); a content with a quoted fragment inside is a mixed statement and kept.

Not statements: a content of fewer than three words, a source that is not a person,
organisation or source noun (the reporter's own "it was said"), first-person sources ("I said":
the writer), and sentences that are headlines (no verb of saying governs anything there).
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from .. import deadline
from ..language.lexicon import MONTHS, WEEKDAYS, alternation, wordlist, wordmap
from ..language.nlp import Parsed, text_length
from ..language.text import content_words, quote_open
from ..language.text import lemma as singular
from . import quotes
from .names import source_nouns
from .numbers import QUALIFIER_RE, QUALIFIERS

MIN_CONTENT_WORDS = 3
_CUE_FORMS = wordlist("claim_cue_forms")
_NOUN_TOPICS = {noun: frozenset(preps.split()) for noun, preps in wordmap("noun_topic_cues").items()}
_NOUN_FORMS = {form for noun in wordlist("speech_nouns") for form in (noun, noun + "s")}
# a noun of the topic list that is no speech noun is a cue only before its preposition ("a plea
# for", not "an appeals court")
_TOPIC_NOUN_RE = "|".join(
    rf"(?:{noun}|{noun[:-1] + 'ies' if noun.endswith('y') else noun + 's'})\s+(?:{'|'.join(sorted(preps))})"
    for noun, preps in sorted(_NOUN_TOPICS.items())
    if noun not in wordlist("speech_nouns") and noun not in _CUE_FORMS
)
_MINDED = wordlist("minded_adjectives")
_POLLS = frozenset({"poll", "survey"})
_STANDINGS = frozenset({"lead", "ahead", "behind", "trail", "percent", "%", "point"})
CUE_RE = re.compile(
    rf"\b(?:{alternation(_CUE_FORMS | _NOUN_FORMS | _MINDED)[3:-1]}|{_TOPIC_NOUN_RE}|according\s+to"
    r"|ma(?:ke|kes|de|king)\s+(?:it\s+)?clear"
    r"|in\s+(?:[\w.’'-]+\s+){1,8}?(?:polls?|surveys?))\b",
    re.I,
)
_FIRST_PERSON = {"i", "we", "me", "us"}
_QUOTE_MARKS = frozenset({"“", "”", '"', "‘", "’", "''", "``"})
_WORD = re.compile(r"\w[\w’'-]*")


def _edge_punct(token: Any) -> bool:
    """Punctuation trimmed from either end of a content: not a quotation mark (it belongs to what
    was said) nor a per cent sign ("49% to 41%")."""
    return bool(token.is_punct) and token.text not in _QUOTE_MARKS and token.text != "%"


def _trimmed(tokens: list[Any], *, front: bool = True) -> list[Any]:
    """`tokens` without the punctuation (`_edge_punct`) at their end, and at their start too
    unless `front` is False."""
    start, end = 0, len(tokens)
    while front and start < end and _edge_punct(tokens[start]):
        start += 1
    while end > start and _edge_punct(tokens[end - 1]):
        end -= 1
    return tokens[start:end]


_ENDS_PROSE = re.compile(r"[.!?…:;][”’“‘\"')\]]*\s*$")  # a stray opening mark after the stop is typography


def candidate_sentences(text: str, spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """The sentences that may carry a statement: those with a cue word (cheap, before parsing),
    in paragraphs of prose. A line that does not end as prose ends (a headline, "Biden says US
    ending combat mission"; a caption; a byline) carries none."""
    out = []
    for a, b in spans:
        if not CUE_RE.search(text, a, b):
            continue
        end = text.find("\n", b)
        line_end = len(text) if end < 0 else end
        if _ENDS_PROSE.search(text[max(a, line_end - 8) : line_end]):
            out.append((a, b))
    return out


@dataclass(frozen=True)
class Statement:
    """One attributed statement found in the parse (article offsets)."""

    start: int  # the content span
    end: int
    cue: str
    speaker: str | None  # None: a pronoun the caller resolves, or no one named
    mention: str  # the words naming the source where the statement is
    mention_start: int
    pronoun: bool


def statements(text: str, parsed: Parsed, sentences: Iterable[tuple[int, int]], limit: int) -> list[Statement]:
    """The statements in the parsed `sentences` of `text`, in order, at most `limit`."""
    found: list[Statement] = []
    seen: set[tuple[int, int]] = set()
    for s_start, s_end in sentences:
        deadline.check()
        located = parsed.doc_at(s_start)
        if located is None:
            continue
        base, doc = located
        span = doc.char_span(s_start - base, min(s_end - base, text_length(doc)), alignment_mode="expand")
        if span is None:
            continue
        for token in span:
            statement = _statement(text, token, base)
            if statement is None:
                continue
            for one in _split_clauses(text, token, _listed_acts(token, statement, base), base):
                if (one.start, one.end) in seen:
                    continue
                seen.add((one.start, one.end))
                found.append(one)
                if len(found) >= limit:
                    return sorted(found, key=lambda s: s.start)
    return sorted(found, key=lambda s: s.start)


def _split_clauses(text: str, cue: Any, first: Statement, base: int) -> list[Statement]:
    """A statement with the clauses its cue reports after the first, each opened by "that" and
    joined to the cue or to the first clause ("said the state must secure the border, but that
    it would not support mass deportation"): the first cut before the second, and each a
    statement of the same source."""
    heads = [cue, *(c for c in cue.children if c.dep_ == "ccomp" and c.idx + base == first.start)]
    heads += [c for c in cue.children if c.dep_ == "ccomp" and first.start <= c.idx + base < first.end]
    seconds = []
    for clause in sorted({c for head in heads for c in head.children if c.dep_ == "conj"}, key=lambda c: c.i):
        if clause.i < cue.i or clause.idx + base < first.start:
            continue
        if not any(m.dep_ == "mark" and m.lower_ == "that" and m.i < clause.i for m in clause.children):
            continue
        if not any(m.dep_ in ("nsubj", "nsubjpass", "expl") for m in clause.children):
            continue
        tokens = [t for t in clause.subtree if not (t.dep_ == "mark" and t.lower_ == "that" and t.head.i == clause.i)]
        tokens = _trimmed(tokens, front=False)
        if tokens:
            seconds.append((clause, tokens))
    if not seconds:
        return [first]
    out = []
    end = first.end
    cut = min(t.idx for clause, _ in seconds for t in clause.subtree) + base
    if first.start < cut < first.end:  # the parser hung the second clause inside the first
        kept = [t for t in cue.doc if first.start <= t.idx + base < cut and not t.is_space]
        kept = _trimmed(kept, front=False)
        while kept and kept[-1].dep_ == "cc":  # ", but" before the second clause
            kept = _trimmed(kept[:-1], front=False)
        if not kept:
            return [first]
        end = kept[-1].idx + len(kept[-1].text) + base
    if len(_WORD.findall(text[first.start : end])) >= MIN_CONTENT_WORDS:
        out.append(dataclasses.replace(first, end=end))
    for _, tokens in seconds:
        start, stop = tokens[0].idx + base, tokens[-1].idx + len(tokens[-1].text) + base
        stop = _closed(text, start, stop)
        if len(_WORD.findall(text[start:stop])) >= MIN_CONTENT_WORDS and not _all_quoted(text, start, stop):
            out.append(dataclasses.replace(first, start=start, end=stop))
    return out


def _listed_acts(cue: Any, statement: Statement, base: int) -> Statement:
    """An infinitive content that goes on in a list the parser hung on the cue: in "urged the
    party to ax the system, replace its leaders and open the primaries", "replace" and "open"
    are bare infinitives, which a cue in the past or present tense cannot be coordinated with."""
    if cue.tag_ not in ("VBD", "VBZ", "VBP", "VBG", "VBN"):
        return statement
    act = next((c for c in cue.children if c.dep_ == "xcomp" and _infinitive(c)), None)
    ends = _trimmed(list(act.subtree), front=False) if act is not None else []
    if act is None or not ends or ends[-1].idx + len(ends[-1].text) + base != statement.end:
        return statement
    # a bare form ("repair", tagged VB, or VBP when it could be a present tense): no tense the
    # cue's own could be coordinated with
    bare = ("VB", "VBP") if cue.tag_ != "VBP" else ("VB",)
    listed = [
        c
        for c in cue.children
        if c.dep_ in ("conj", "dep")  # "dep": ", then hand over the property" the parser could not place
        and c.i > act.i
        and c.tag_ in bare
        and not any(m.dep_ in ("nsubj", "nsubjpass", "aux") for m in c.children)
    ]
    if not listed:
        return statement
    tokens = _trimmed(list(listed[-1].subtree), front=False)
    if not tokens:
        return statement
    return dataclasses.replace(statement, end=tokens[-1].idx + len(tokens[-1].text) + base)


def _inflections(lemma: str) -> set[str]:
    stem = lemma[:-1]
    return {lemma + end for end in ("s", "es", "d", "ed", "ing")} | {stem + end for end in ("ing", "ies", "ied")}


def _regular_forms() -> dict[str, str]:
    owners: dict[str, set[str]] = {}
    for lemma in _ALL_CUES:
        for form in _inflections(lemma) & _CUE_FORMS:
            owners.setdefault(form, set()).add(lemma)
    return {form: next(iter(lemmas)) for form, lemmas in owners.items() if len(lemmas) == 1}


def cue_lemma(token: Any) -> str:
    """The cue's lemma; when the tagger's lemma is no cue but the word is a regular form of one
    ("hopes" read as "hop"), that cue."""
    lemma = token.lemma_.lower()
    if lemma in _ALL_CUES:
        return lemma
    return _FORM_LEMMAS.get(token.lower_, lemma)


def _verb_read_as_noun(token: Any) -> bool:
    """A cue in the third person singular the tagger read as a plural noun ("But Trump claims
    that he should be ...", "The campaign plans to employ ..."): the word heads the sentence, with
    a subject and a clause of its own below it, as only a verb does."""
    return (
        token.tag_ == "NNS"
        and token.dep_ == "ROOT"
        and any(c.dep_ == "nsubj" and c.i < token.i for c in token.children)
        and any(c.dep_ in ("ccomp", "xcomp") and c.i > token.i for c in token.children)
    )


def _statement(text: str, token: Any, base: int) -> Statement | None:
    if token.lower_ == "according":
        return _according(text, token, base)
    if token.lower_ == "in" and token.dep_ == "prep":
        return _in_poll(text, token, base)
    verb = token.pos_ in ("VERB", "AUX") or _verb_read_as_noun(token)
    if token.pos_ == "NOUN" and not verb and token.lemma_.lower() in _SPEECH_NOUNS:
        return _nominal(text, token, base) or _named_topic(text, token, base)
    if token.pos_ == "NOUN" and not verb and token.lemma_.lower() in _NOUN_TOPICS:
        return _named_topic(text, token, base)
    if token.lemma_.lower() == "make" and token.pos_ == "VERB":
        return _made_clear(text, token, base)
    if token.pos_ in ("ADJ", "VERB") and token.lower_ in _MINDED and (minded := _minded(text, token, base)):
        return minded
    lemma = cue_lemma(token)
    if not verb or lemma not in _ALL_CUES:
        return None
    if quotes.in_marks(token):
        return None  # '"I believe we will win," she said': her own words, the quote extractor's
    if any(c.dep_ == "neg" for c in token.children):
        return None  # "X did not say that S", "I don't believe S": S is not what X said
    if _addressed(token):
        return None  # "Asked whether he would run, Smith said ...": Smith was asked, he did not ask
    if _inverted_question(token):
        return None  # "But has he called for changing them?": the writer asks; no one said it
    if _said_of_a_thing(token):
        return None  # "Everything Trump says is a lie", "what many expect to be": what is said is a noun
    if token.dep_ == "pcomp" and token.head.lower_ == "without":
        return None  # "left without saying that he would resign", "it goes without saying": not said
    if lemma == "rule" and _hypothetical(token):
        return None  # "unclear whether the judges would rule that S": no ruling was given
    if lemma == "decide" and not _decided(token):
        return None  # "the state will decide whether he's right": no decision yet
    if lemma in _DEMANDS:
        return _demand(text, token, base) or _object_statement(text, token, base)
    if lemma in _STANCES and not (lemma in wordlist("claim_cues") and any(c.dep_ == "ccomp" for c in token.children)):
        # the side a source takes on a thing: its object ("questioned the integrity of the vote";
        # "questioned whether the vote was fair" reports a question, read below)
        return _object_statement(text, token, base)
    clauses = [c for c in token.children if c.dep_ == "ccomp" and not _circumstance(c)]
    if _acts_on(token):  # "— Frank cites the union's support —": a clause before it is no "S, X said"
        clauses = [c for c in clauses if c.i > token.i]
    if lemma in _NO_FRONTED:  # "S, X wants" is no English: a clause before the cue is another's
        clauses = [c for c in clauses if c.i > token.i]
    clauses = [c for c in clauses if (c.i > token.i or not _colon_after(c, token)) and not _found_hard(c)]
    # of two content clauses ("X isn't rattled by S — in fact, she said it 'humanizes' her"), the
    # one after the cue is what it reports
    content = next((c for c in clauses if c.i > token.i), clauses[0] if clauses else None)
    if content is None and lemma == "ask":
        content = _asked_of(token)
    if content is None and lemma in wordlist("claim_cues") and _as_reported(token):
        return _around(text, token, token.head, token.text, quotes.subject_of(token, set()), base)
    if content is None and lemma in wordlist("claim_cues"):
        content = _misparsed_complement(token) or _hung_on_the_head(token)
    if content is None and lemma in _INTENTIONS and _intends(token):
        # "X vowed to form a task force", "X plans to close the pier": the infinitive
        content = next((c for c in token.children if c.dep_ == "xcomp" and _infinitive(c)), None)
    if content is None and lemma not in wordlist("claim_cues"):
        return _object_statement(text, token, base)
    if content is None and token.dep_ == "parataxis" and (token.head.pos_ in ("VERB", "AUX") or _set_off(token)):
        # "The museum, Mr. Obama said, would make ...": the cue sits inside what was said
        if any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children):
            return _parenthetical(text, token, base)
    if content is None and (token.dep_ == "conj" or any(c.dep_ == "advcl" and c.i < token.i for c in token.children)):
        trailing = _trailing(text, token, base)
        if trailing is not None:
            return trailing
    if content is None:
        return _object_statement(text, token, base)
    if lemma == "ask" and not _question(content):
        return None  # "asked that ..." is a request; "asked whether ...", "asked why ..." a reported question
    open_question = any(t.lower_ in _WH for t in content.subtree if t.i <= content.i)
    if open_question and _withholds(token):
        return None  # "would not say how many troops ...": what was not said (the withheld kind)
    if open_question and _attempted(token):
        return None  # "deputies were trying to confirm how the boy got the gun": a question still open
    tokens = _run_on(content, clauses)
    if content.i > token.i:
        # "a strike that executives said could affect earnings": the relative pronoun the
        # clause opens with stands before its source and cue
        tokens = [t for t in tokens if t.i > token.i]
    if content.dep_ == "advcl" and _bare_clause(content):
        # "said after the convention he would ...": what stands before the clause's subject
        # tells when it was said
        subject = next(c for c in content.children if c.dep_ in ("nsubj", "nsubjpass", "expl"))
        tokens = [t for t in tokens if t.i >= subject.left_edge.i]
    tokens = _that_clause(tokens)
    if not tokens or _a_title(tokens, content):
        return None
    who = _relative_head(quotes.subject_of(token, set()), token) or _share_before(token)
    return _made(text, tokens[0].idx + base, tokens[-1].idx + len(tokens[-1].text) + base, token.text, who, token, base)


def _decided(cue: Any) -> bool:
    """A decision made: "decided" in a past tense, with no modal ("will decide", "must decide"),
    and not on a question still open ("decided whether ...")."""
    if cue.tag_ not in ("VBD", "VBN") or any(c.dep_ == "aux" and c.lower_ in _YET_TO_COME for c in cue.children):
        return False
    return not any(c.dep_ == "ccomp" and c.left_edge.lower_ in _WH for c in cue.children)


# cues whose content never stands before them: "S, X said" but never "S, X wants"
_NO_FRONTED = frozenset({"want", "plan", "intend", "aim", "seek", "refuse", "decline", "offer", "urge", "threaten"})
_QUANTIFIER_PRONOUNS = frozenset({"everything", "anything", "nothing", "something", "all", "much", "little"})


def _said_of_a_thing(cue: Any) -> bool:
    """The cue names what is said as a thing, not a clause: its subject is held by a pronoun of
    quantity ("Everything Trump says is a lie", the parser reading "Everything" into the name),
    or it is a relative clause of one ("Anything the mayor says"), or its object is a free
    relative before it ("ahead of what many expect to be his interview")."""
    subject = next((c for c in cue.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is not None and any(
        c.lower_ in _QUANTIFIER_PRONOUNS and c.i < subject.i and c.dep_ in ("compound", "det", "amod", "nmod")
        for c in subject.children
    ):
        return True
    if cue.dep_ == "relcl" and cue.head.lower_ in _QUANTIFIER_PRONOUNS:
        return True  # "Anything the mayor says will be checked"
    objects = [*cue.children, *(t for c in cue.children if c.dep_ == "xcomp" for t in c.children)]
    return any(c.dep_ == "dobj" and c.lower_ in ("what", "whatever") and c.i < cue.i for c in objects)


def _a_title(tokens: list[Any], head: Any) -> bool:
    """A clause whose every word of four letters or more is capitalised, a phrase before its verb
    aside, is a title or a headline ("In his book, 'Make Your Kid a Millionaire,' McKinley
    suggested ...": no one said it)."""
    aside = {t.i for c in head.children if c.dep_ == "prep" and c.i < head.i for t in c.subtree}
    long = [t.text for t in tokens if t.i not in aside and len(t.text) >= 4 and t.text[0].isalpha()]
    return len(long) >= 3 and all(w[0].isupper() for w in long)


def _colon_after(clause: Any, cue: Any) -> bool:
    """A colon or semicolon stands between a clause before the cue and the cue: the clause
    introduces what follows it ("The rate is a term with a definition: it refers to ..."), it
    is not what the cue reports ("S, X said")."""
    end = max(t.i for t in clause.subtree)
    return any(t.text in (":", ";") for t in cue.doc[end : cue.i])


def _found_hard(clause: Any) -> bool:
    """ "will find it difficult to repeat his attacks": an adjective said of "it", an infinitive
    after it, is how hard a thing is to do, not a finding."""
    return (
        clause.pos_ == "ADJ"
        and any(c.dep_ in ("nsubj", "expl") and c.lower_ == "it" for c in clause.children)
        and any(c.dep_ in ("xcomp", "advcl") and _infinitive(c) for c in clause.children)
    )


def _run_on(content: Any, clauses: list[Any]) -> list[Any]:
    """The content clause's tokens, and those of the cue's next content clauses when nothing but
    punctuation and a conjunction stands between: the parser split one clause in two ("said it
    is clear that the hacking of the committee, | the campaign committee and state offices can be
    traced to Russia"; "said her proposals were more detailed and, even more important, | would
    not blow open a hole in the budget")."""
    tokens = list(content.subtree)
    for clause in sorted((c for c in clauses if c.i > content.i), key=lambda c: c.i):
        more = list(clause.subtree)
        between = content.doc[tokens[-1].i + 1 : more[0].i]
        if not all(t.is_punct or t.dep_ == "cc" or t.is_space for t in between):
            break
        if any(t.pos_ == "VERB" and t.dep_ != "amod" and cue_lemma(t) in _ALL_CUES for t in more):
            break  # "and Democrats accused the GOP of ...", ", a surprise to many who believed ...":
            # another source's statement, or the writer's aside about what others think
        tokens += [*between, *more]
    return tokens


# conjunctions that open a circumstance, never what was said
_CIRCUMSTANCE_MARKS = frozenset(
    "while whilst although though because since when whenever after before unless until as once whereas".split()
)


def _circumstance(clause: Any) -> bool:
    """A clause the parser reads as the cue's content that opens with a conjunction of time,
    cause or contrast ("While populists blame foreigners, Francis points to ...", "feel stung
    after the crisis highlighted ..."): no content."""
    first = min(clause.subtree, key=lambda t: t.i)
    own_that = any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children)  # "cautioned, as did X, that S"
    # a content before its cue may open with a circumstance of its own: "Since X has more votes,
    # Y would be going against ..., Z said" (the conjunction is the inner clause's)
    own = first.head.i == clause.i or first.head.dep_ != "advcl" or clause.i > clause.head.i
    return first.dep_ == "mark" and own and first.lower_ in _CIRCUMSTANCE_MARKS and not own_that


_ADDRESSED_CUES = frozenset({"tell", "assure", "remind", "inform", "warn", "promise", "ask", "caution"})


def _acts_on(cue: Any) -> bool:
    """The cue has an object of its own that is no addressee ("— Frank cites the union's support
    as counterevidence —"): a clause before it is no "S, X said"."""
    return cue_lemma(cue) not in _ADDRESSED_CUES and any(c.dep_ == "dobj" for c in cue.children)


def _addressed(cue: Any) -> bool:
    """A participle opening a sentence, or opened by "when", "if" or "after", with no subject of
    its own ("Asked whether he would run, Smith said ...", "Told of the ruling, the mayor said
    ...", "Sarandon told MSNBC when asked about ..."): the main clause's subject is who was asked
    or told, not who asked or told."""
    return (
        cue.tag_ == "VBN"
        and cue.dep_ == "advcl"
        and (
            cue.i < cue.head.i
            or any(c.dep_ == "mark" or (c.dep_ == "advmod" and c.lower_ in ("when", "once")) for c in cue.children)
        )
        and not any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in cue.children)
    )


def _asked_of(cue: Any) -> Any:
    """A question put to someone that the parser hangs on the cue as a condition ("asked the
    students if they were serious"): the clause right after the one asked. Not a condition on a
    request ("asked for a recount if the margin is narrow", "asked the court for a delay if ...")."""
    asked = next((c for c in cue.children if c.dep_ in ("dobj", "dative") and c.i > cue.i), None)
    if asked is None:
        return None
    after = max(t.i for t in asked.subtree) + 1
    clause = next((c for c in cue.children if c.dep_ == "advcl" and c.i > asked.i and _question(c)), None)
    if clause is None or min(t.i for t in clause.subtree) != after:
        return None
    return clause


def _inverted_question(cue: Any) -> bool:
    """The cue's clause is a question, its auxiliary before its subject ("Has he called for ...?",
    "Did the mayor say that ...?")."""
    sent = cue.sent
    last = next((t for t in reversed(sent) if not t.is_space and t.text not in _QUOTE_MARKS), None)
    if last is None or last.text != "?":
        return False
    subject = next((c for c in cue.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return subject is not None and any(c.dep_ in ("aux", "auxpass") and c.i < subject.i for c in cue.children)


def _question(content: Any) -> bool:
    """The clause is a reported question: opened by "whether" or "if", or by a question word
    ("asked why the department had waited", "asked what he would do")."""
    if any(c.dep_ == "mark" and c.lower_ in ("whether", "if") for c in content.children):
        return True
    first = next(iter(content.subtree))
    return first.lower_ in _WH and first.lower_ != "that"


def _is_share_before(who: Any, cue: Any) -> bool:
    share = _share_before(cue)
    return share is not None and share.i == who.i


def _share_before(cue: Any) -> Any:
    """A share of people the parser left without a subject relation ("About 4 in 10 say S",
    "about two-thirds, 67 percent, say S"): the words right before a cue that has no subject,
    when they are a whole phrase of their own and name a share."""
    if any(c.dep_ in ("nsubj", "nsubjpass") for c in cue.children) or cue.i == 0:
        return None
    prev = cue.doc[cue.i - 1]
    if prev.is_punct and cue.i > 1:
        prev = cue.doc[cue.i - 2]
    if max(t.i for t in prev.subtree) != prev.i or _share_of_people(prev, cue, 0) is None:
        return None
    return prev


_DEMANDS = wordlist("demand_cues")
_OBJECT_CUES = wordlist("object_cues")
_JUDGMENT_CUES = wordlist("judgment_cues")
_NAMING_CUES = wordlist("naming_cues")
# what a source committed to, refused or intends: "vowed to", "plans to", "wants to" (refusals,
# "declined to say", are read as what was withheld, not as statements)
_INTENTIONS = (wordlist("commitment_cues") | wordlist("intention_cues")) - {"refuse", "decline"}
_STANCES = wordmap("stance_cues")  # "X endorsed Y", "X denounced Y": the side X takes on Y
_TOPICS = {lemma: frozenset(preps.split()) for lemma, preps in wordmap("topic_cues").items()}  # "talked about Y"
_SIDES = {**wordmap("judgment_sides"), **_STANCES}
_ALL_CUES = (
    wordlist("claim_cues")
    | _DEMANDS
    | _OBJECT_CUES
    | _JUDGMENT_CUES
    | _NAMING_CUES
    | _INTENTIONS
    | set(_STANCES)
    | set(_TOPICS)
)
# what a judgment is for: "accused X of lying", "blamed X for the delay", "warned X against it"
_JUDGMENT_PREPS = frozenset({"of", "for", "with", "against", "over", "about", "as"})
# a judgment cue that also names a deed ("attacked the convoy with rockets"): a judgment only
# with what it was for or what it called its target ("attacked the mayor for the delays")
_ACTS_TOO = frozenset({"attack", "assail"})
_VERBAL_PREPS = frozenset({"for", "as"})
_PLANS = frozenset({"plan", "intention", "proposal", "decision", "bid", "commitment"})
_CITED = frozenset({"cite", "mention"})  # "cited X as the reason": X with what it was cited as
_WARNINGS = frozenset({"warn", "caution"})  # "warned of a recession": the thing warned of alone
_FORM_LEMMAS = _regular_forms()
# forms the regular endings do not make: "slammed", "spoke", "referred"
_IRREGULAR_FORMS = {
    "slammed": "slam",
    "slamming": "slam",
    "spoke": "speak",
    "spoken": "speak",
    "referred": "refer",
    "referring": "refer",
}


def _intends(cue: Any) -> bool:
    """The cue states its subject's own intention: active ("the announcement is expected to be
    made" is no one's plan), and not a relative clause with a gap in it ("the number of troops
    the administration intends to have": the infinitive lacks its object; "officials who plan
    to close the pier" is whole)."""
    children = list(cue.children)
    if any(c.dep_ in ("auxpass", "nsubjpass") for c in children):
        return False
    if cue.dep_ == "relcl":
        subject = next((c for c in children if c.dep_ == "nsubj"), None)
        return subject is not None and subject.lower_ in _RELATIVE
    return True


_SPEECH_NOUNS = wordlist("speech_nouns")
_POSSESSIVE_PRONOUNS = frozenset({"his", "her", "their"})
_PROMISES = frozenset({"promise", "pledge", "vow", "call"})  # "her vow to go after ...": what she vowed
_NOT_STATED = frozenset({"no", "any"})  # "there was no claim that ...": nothing was claimed


def _that_with_subject(clause: Any) -> bool:
    """A clause opened by the conjunction "that", with a subject of its own: a content clause
    ("the claim that he was never told"), not a relative one ("the claim that he made")."""
    children = list(clause.children)
    return any(m.dep_ == "mark" and m.lower_ == "that" for m in children) and any(
        m.dep_ in ("nsubj", "nsubjpass", "expl") for m in children
    )


def _nominal(text: str, noun: Any, base: int) -> Statement | None:
    """A statement named by a noun of saying with its owner: "Mr. Trump's assertion that Russia
    should hack the emails", "a warning by the ministry that the dam may fail", "his claim that
    he was never told" (the owner a pronoun, resolved as for "he said"). The content is the
    noun's clause opened by the conjunction "that" with a subject of its own (a relative clause,
    "the claim that he made", is no content: there "that" is the verb's object); a noun with no
    owner ("the claim that ...") or with "no" ("no suggestion that") states nothing. A promise,
    pledge, vow or call states its infinitive ("his promise to stay neutral in the talks")."""
    clause = next(
        (
            c
            for c in noun.children
            if c.dep_ in ("acl", "ccomp", "relcl")  # a relative clause with the conjunction "that": misread
            and c.i > noun.i
            and _that_with_subject(c)
        ),
        None,
    )
    if clause is None and noun.lemma_.lower() in _PROMISES:
        clause = next(
            (
                c
                for c in noun.children
                if c.dep_ in ("acl", "relcl")
                and c.i > noun.i
                and _infinitive(c)
                and not any(m.dep_ in ("nsubj", "nsubjpass") for m in c.children)
            ),
            None,
        )
    if clause is None or any(c.dep_ == "det" and c.lower_ in _NOT_STATED for c in noun.children):
        return None
    owner = _owner(noun, clause.i)
    if owner is None:
        return None
    tokens = [t for t in clause.subtree if not (t.dep_ == "mark" and t.lower_ == "that" and t.head.i == clause.i)]
    tokens = _trimmed(tokens, front=False)
    if not tokens:
        return None
    start, end = tokens[0].idx + base, tokens[-1].idx + len(tokens[-1].text) + base
    return _owned(text, start, end, noun.text, owner, noun, base)


def _owner(noun: Any, before: int) -> Any | None:
    """Whose statement a noun of saying names: its owner ("his claim", "Mr. Trump's assertion"),
    else the agent after "by" or "from" standing before token `before` ("a warning by the
    ministry that ...")."""
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    if owner is None:
        by = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ in ("by", "from") and c.i < before), None)
        owner = next((c for c in by.children if c.dep_ == "pobj"), None) if by is not None else None
    if owner is None:
        # "a New York Times report that ...", "a Justice Department statement that ...": a
        # named body or person set before the noun
        named = (c for c in noun.children if c.dep_ == "compound" and c.i == noun.i - 1)
        owner = next((c for c in named if c.ent_type_ in ("ORG", "PERSON")), None)
    return owner


def _owned(text: str, start: int, end: int, cue: str, owner: Any, noun: Any, base: int) -> Statement | None:
    """The statement [start, end) a noun names, of its `owner`: a possessive pronoun resolved
    later, as for "he said"; a name, a body or a source noun as for a verb."""
    if owner.lower_ in _POSSESSIVE_PRONOUNS:
        end = _closed(text, start, end)
        if len(_WORD.findall(text[start:end])) < MIN_CONTENT_WORDS or _all_quoted(text, start, end):
            return None
        return Statement(start, end, cue, None, owner.text, base + owner.idx, True)
    return _made(text, start, end, cue, owner, noun, base, any_noun=False)


# verbs that make the statement a noun names: "made a plea for", "issued a warning about"
_LIGHT_VERBS = frozenset({"make", "issue", "sound", "voice", "express", "renew", "repeat", "offer", "deliver"})


def _named_topic(text: str, noun: Any, base: int) -> Statement | None:
    """A statement named by a noun with what it was about: "her call for an inquiry into the
    fire", "the mayor's comments about the harbour plan", "X made a plea for calm", "a warning from
    the ministry about the dam". The content is what follows the noun's preposition; the source is
    the noun's owner, the agent after "by" or "from", or the subject of the verb that makes the
    statement ("sounded", "issued", "voiced"). A noun with none of these ("calls for a recount
    grew") is no one's statement."""
    preps = _NOUN_TOPICS.get(noun.lemma_.lower())
    if not preps or any(c.dep_ == "det" and c.lower_ in _NOT_STATED for c in noun.children):
        return None
    if _within_a_statement(noun):
        return None  # "apologized for his remarks about the pilots": the remarks are what he apologized for
    about = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ in preps and c.i > noun.i), None)
    if about is None and noun.dep_ == "dobj" and noun.head.lemma_.lower() in _LIGHT_VERBS:
        # "made a plea for an end to ...": the parser hangs "for" on the verb, right after the noun
        after = max(t.i for t in noun.subtree) + 1
        about = next((c for c in noun.head.children if c.dep_ == "prep" and c.lower_ in preps and c.i == after), None)
    parts = [c for c in about.children if c.dep_ in ("pobj", "pcomp")] if about is not None else []
    if about is None:  # "a call for the council to act": the parser reads "for" opening a clause
        clause = next((c for c in noun.children if c.dep_ in ("advcl", "acl") and c.i > noun.i), None)
        about = next((m for m in clause.children if m.dep_ == "mark" and m.lower_ in preps), None) if clause else None
        parts = [clause] if about is not None else []
    if not parts or about is None:
        return None
    tokens = [t for p in parts for t in p.subtree if t.i != about.i]
    tokens = _trimmed(sorted(tokens, key=lambda t: t.i), front=False)
    if not tokens:
        return None
    start, end = tokens[0].idx + base, tokens[-1].idx + len(tokens[-1].text) + base
    word = f"{noun.text} {about.lower_}"
    owner = _owner(noun, about.i)
    if owner is not None:
        return _owned(text, start, end, word, owner, noun, base)
    verb = noun.head
    if noun.dep_ != "dobj" or verb.lemma_.lower() not in _LIGHT_VERBS or not _own_act(verb):
        return None
    if any(c.dep_ == "neg" for c in verb.children):
        return None
    return _made(text, start, end, word, quotes.subject_of(verb, set()), verb, base, any_noun=False)


def _within_a_statement(noun: Any) -> bool:
    """The noun stands in what a cue above it reports (its object or its clause, up to four
    steps up)."""
    node = noun
    for _ in range(4):
        if (node.dep_ not in _WITHIN and node.dep_ != "dobj") or node.head.i == node.i:
            return False
        node = node.head
        lemma = node.lemma_.lower()
        cue = lemma in _ALL_CUES and node.pos_ in ("VERB", "AUX")
        if cue or lemma in _SPEECH_NOUNS or lemma in _NOUN_TOPICS:
            return lemma not in _LIGHT_VERBS  # "made a plea for ...": the verb makes the statement
    return False


def _object_statement(text: str, cue: Any, base: int) -> Statement | None:
    """A statement carried by the cue's object, not by a clause: what was announced, proposed or
    predicted ("X announced a series of steps to tighten gun sales": the object); whom a source
    judged and for what ("X accused the mayor of lying", "X praised the crews for their speed":
    the object with its reason; a judgment with no reason, "X criticized the plan", names only
    its target and is no statement); what a source called something ("X called the plan a
    disaster", "X described the talks as productive": the thing with what it was called); a
    request ("X asked voters to stay home"); what a source spoke of ("X pointed to the jobs
    report"); what a poll, a record or a video shows; the side a source takes ("X endorsed the
    re-election of Speaker Ryan": the thing)."""
    if _held_back(cue):
        return None  # "steering clear of criticizing the mayor", "refused to announce a date"
    lemma = cue_lemma(cue)
    word = cue.text
    children = [c for c in cue.children if c.i > cue.i]
    obj = next((c for c in children if c.dep_ == "dobj"), None)
    parts: list[Any] = []
    if lemma in _NAMING_CUES and obj is not None and not _hypothetical(cue):
        # ("few people would have described him as ...": a name no one gave)
        called = next((c for c in children if c.dep_ == "oprd" and c.i > obj.i), None)
        if called is None and lemma != "call":
            # "described the talks as productive", "likened the refugees to a snake"
            to = "to" if lemma == "liken" else "as"
            called = next((c for c in children if c.dep_ == "prep" and c.lower_ == to and c.i > obj.i), None)
        if called is None and lemma != "call":
            # "described the country as beset by ...": the parser reads "as" opening a clause
            called = next((c for c in children if c.dep_ == "advcl" and c.i > obj.i and _opened_by_as(c)), None)
        if called is not None:
            parts = [obj, called]
        elif _quoted_tail(obj):
            parts = [obj]  # "called the use of executive orders "quite dangerous"": parsed into the object
    elif lemma in _JUDGMENT_CUES:
        preps = _VERBAL_PREPS if lemma in _ACTS_TOO else _JUDGMENT_PREPS
        reason = next(
            (c for c in children if c.dep_ == "prep" and c.lower_ in preps and (obj is None or c.i > obj.i)),
            None,
        )
        if reason is None and obj is not None and any(c.dep_ == "prep" and c.lower_ in preps for c in obj.children):
            parts = [obj]  # "accused the mayor of lying": the reason hangs on the object
        elif reason is not None and obj is not None:
            parts = [obj, reason]
        elif reason is not None and lemma in _WARNINGS and reason.lower_ in ("of", "about", "against"):
            parts = [c for c in reason.children if c.dep_ == "pobj"]
        elif (
            lemma in _WARNINGS
            and obj is not None
            and (act := next((c for c in children if c.dep_ == "xcomp" and _infinitive(c)), None)) is not None
            and _own_act(cue)
        ):
            parts = [obj, act]  # "warned state officials to boost their security": whom, and what to do
        elif (
            reason is None
            and obj is not None
            and lemma not in _ACTS_TOO | _WARNINGS
            and not _people(obj)
            and _takes_a_side(cue)
            and _own_act(cue)
        ):
            # "the experts praised her proposals", "Democrats condemned the ruling": the side a
            # source takes on a thing, as for "endorsed" (a person judged with no reason is named
            # only: "criticized the mayor")
            parts = [obj]
    elif (
        lemma in ("ask", "tell")
        and (act := next((c for c in children if c.dep_ == "xcomp" and _infinitive(c)), None))
        and (lemma == "ask" or (obj is not None and not _hypothetical(cue)))
        and _own_act(cue)
    ):
        # a request or an order: "asked voters to stay home", "told his aides to find a way"
        parts = [obj, act] if obj is not None else [act]
    elif lemma in _TOPICS and (about := _spoken_of(cue, _TOPICS[lemma])) is not None and _own_act(cue):
        # what a source spoke of, with what it called it ("referred to the protesters as friends")
        spoken = [c for c in about.children if c.dep_ in ("pobj", "pcomp")]  # "talked about closing the pier"
        parts = [*spoken, *(c for c in children if c.lower_ == "as")]
        word = f"{cue.text} {about.lower_}"
    elif lemma == "show" and _evidence(quotes.subject_of(cue, set()), cue):
        parts = children  # "Polls show Clinton up by 10 points", "a video shows her clutching ..."
    elif lemma in _OBJECT_CUES or (lemma in _STANCES and _takes_a_side(cue) and _own_act(cue)):
        # what was announced; what a source is for or against ("X endorsed the re-election of
        # Speaker Ryan"); every object the parser found ("re", "-", "election" read as three); an
        # act named by a gerund ("X has supported increasing the number of visas")
        parts = [c for c in children if c.dep_ == "dobj"] or [
            c for c in children if c.dep_ == "xcomp" and c.tag_ == "VBG" and c.i == cue.i + 1
        ]
        if obj is not None and obj.lemma_.lower() in _PLANS:
            # "announced plans this week to give $15 million": the parser hung the plan's act on the cue
            parts += [c for c in children if c.dep_ in ("xcomp", "advcl") and c.i > obj.i and _infinitive(c)][:1]
        if _STANCES.get(lemma) == "against" and obj is not None:
            # "blasted the mayor for the delays", "slammed the plan as a giveaway": with its reason
            parts += [c for c in children if c.dep_ == "prep" and c.lower_ in _VERBAL_PREPS and c.i > obj.i][:1]
        elif lemma in _CITED and obj is not None:
            # "cited the audit as the reason he's not releasing his returns": with what it was cited as
            parts += [
                c
                for c in children
                if c.i > obj.i and (c.dep_ == "prep" and c.lower_ == "as" or c.dep_ == "advcl" and _opened_by_as(c))
            ][:1]
    if not parts:
        return None
    if lemma in _NAMING_CUES or lemma in _JUDGMENT_CUES:
        parts += _and_more(cue, parts)
    if lemma == "question" and obj is not None and _people(obj):
        return None  # "trying to question several of those individuals": asking them, not doubting
    aside = {t.i for p in parts for t in p.subtree if _aside(t) for t in t.subtree}
    tokens = sorted((t for p in parts for t in p.subtree if t.i not in aside), key=lambda t: t.i)
    tokens = [t for t in tokens if t.i > cue.i]
    tokens = _trimmed(tokens, front=False)
    if not tokens:
        return None
    who = _relative_head(quotes.subject_of(cue, set()), cue)
    end = tokens[-1].idx + len(tokens[-1].text) + base
    return _made(text, tokens[0].idx + base, end, word, who, cue, base, any_noun=False)


def _and_more(cue: Any, parts: list[Any]) -> list[Any]:
    """A second object the parser hung on the cue after "and", past what the thing was called:
    "condemned the test as 'provocative' and a 'grave threat' to regional stability"."""
    last = max(t.i for p in parts for t in p.subtree)
    more = [c for c in cue.children if c.dep_ in ("dobj", "conj") and c.i > last and c.pos_ in ("NOUN", "PROPN")]
    if not more:
        return []
    first = min(t.i for t in more[0].subtree)
    between = cue.doc[last + 1 : first]
    joined = any(t.dep_ == "cc" for t in between) and all(t.dep_ == "cc" or t.is_punct for t in between)
    if not joined:
        return []
    return more[:1]


def _before_the_next_cue(tokens: list[Any], cue: Any) -> list[Any]:
    """The tokens up to a second cue the parser joined to the first one's content ("called on
    police to release the videos and called on people to protest peacefully": two demands, the
    second read at its own cue), trimmed."""
    later = [
        t
        for t in tokens
        if t.i > cue.i
        and t.dep_ == "conj"
        and t.tag_ in ("VBD", "VBZ", "VBP", "VBN")  # a cue in a tense of its own, not "to stop and apologize"
        and cue_lemma(t) in _ALL_CUES
    ]
    if not later:
        return _trimmed(tokens, front=False)
    cut = min(x.i for x in min(later, key=lambda t: t.i).subtree)
    tokens = _trimmed([t for t in tokens if t.i < cut], front=False)
    while tokens and tokens[-1].dep_ == "cc":  # "... transparency and"
        tokens = _trimmed(tokens[:-1], front=False)
    return tokens


def _aside(token: Any) -> bool:
    """A relative clause set off by a comma on a name ("the health of Donald Trump, who is 70"):
    the writer's word about the person, not part of what the source took a side on."""
    return (
        token.dep_ == "relcl"
        and token.head.pos_ == "PROPN"
        and any(t.text == "," for t in token.doc[token.head.i + 1 : min(t.i for t in token.subtree)])
    )


# the list of people nouns is of plurals ("victims", "women"); a token is compared by its lemma
_PEOPLE = (
    {singular(w) for w in wordlist("people_nouns")}
    | source_nouns()
    | {"individual", "witness", "suspect", "person", "people"}
)


def _people(noun: Any) -> bool:
    """The noun names people: a person's name, or a noun for people ("individuals", "witnesses"),
    also after a number or a quantity ("several of those individuals", "two of the aides")."""
    if noun.pos_ in ("NUM", "PRON", "ADJ", "DET") and noun.lower_ not in ("him", "her", "them"):
        of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        noun = next((c for c in of.children if c.dep_ == "pobj"), noun) if of is not None else noun
    if noun.ent_type_ == "PERSON" or noun.lower_ in ("him", "her", "them"):
        return True
    return noun.pos_ == "NOUN" and noun.lemma_.lower() in _PEOPLE


def _quoted_tail(obj: Any) -> bool:
    """The object ends in a quotation the parser hung on it: the name it was given ("called the
    use of executive orders "quite dangerous"", "called the assault "an attack on our country"")."""
    tokens = [t for t in obj.subtree if not _edge_punct(t)]
    opened = next((t for t in tokens if t.i > obj.i + 1 and t.text in _QUOTE_MARKS), None)
    if opened is None or opened.i == tokens[-1].i:
        return False
    return all(t.text not in _QUOTE_MARKS for t in tokens if opened.i < t.i < tokens[-1].i)


_HYPOTHETICAL = frozenset({"would", "could", "might", "may", "should"})
# a modal of what is still to come ("will decide", "must decide"), beside the hypothetical ones
_YET_TO_COME = _HYPOTHETICAL | {"will", "wo", "shall", "must", "can", "ca"}
# the demand cues that give an order or advice: given in fact, or not at all
_DIRECTIVES = frozenset({"order", "instruct", "direct", "advise", "encourage", "implore", "beg"})


def _hypothetical(verb: Any) -> bool:
    """ "would order", "could have told": an act the clause only supposes."""
    return any(c.dep_ == "aux" and c.lower_ in _HYPOTHETICAL for c in verb.children)


_SIDE_DEPS = frozenset({"ROOT", "conj", "relcl", "advcl", "xcomp"})


def _takes_a_side(cue: Any) -> bool:
    """The source takes the side in its own clause: active, not hypothetical ("would support"),
    not a noun's modifier ("on suspicion of supporting ..."). Whether it is taken in fact
    ("refused to endorse") is `_own_act`'s."""
    children = list(cue.children)
    if cue.dep_ not in _SIDE_DEPS or any(c.dep_ in ("nsubjpass", "auxpass") for c in children):
        return False
    return not any(c.dep_ == "aux" and c.lower_ in _HYPOTHETICAL for c in children)


# what keeps an act from being done: denied, refused, held back, avoided ("steering clear of
# criticizing", "shied away from endorsing", "resisted calling for")
_NOT_DONE = frozenset(
    {"deny", "denial", "refuse", "decline", "reject", "dispute", "fail", "hesitate", "refrain", "stop", "cease"}
    | {"avoid", "steer", "shy", "resist"}
)
_WITHIN = frozenset({"xcomp", "pcomp", "prep", "ccomp", "acl", "relcl", "pobj"})


def _spoken_of(cue: Any, preps: frozenset[str]) -> Any:
    """The cue's preposition that names what was spoken of ("talked about", "pointed to"), the
    first after the cue."""
    return next((c for c in cue.children if c.dep_ == "prep" and c.lower_ in preps and c.i > cue.i), None)


def _heads_within(cue: Any) -> Iterator[Any]:
    """The words the cue stands under within its own statement, nearest first (at most four):
    up through complements, prepositions and clauses of nouns."""
    node = cue
    for _ in range(4):
        if node.dep_ not in _WITHIN or node.head.i == node.i:
            return
        node = node.head
        yield node


def _held_back(cue: Any) -> bool:
    """The act is one a denial, a refusal or an avoidance holds back ("avoided criticizing the
    mayor", "steering clear of criticizing Trump"), within the cue's own statement."""
    for node in _heads_within(cue):
        lemma = node.lemma_.lower()
        if lemma in _NOT_DONE:
            return True
        if lemma in wordlist("claim_cues") or lemma in _SPEECH_NOUNS:
            return False
    return False


def _own_act(cue: Any) -> bool:
    """A request made or a side taken in fact, as the article's own report: not under a denial,
    a refusal or a negation ("denied asking Comey to drop ...", "a denial that he asked ...",
    "refused to endorse"), and not
    inside what a source said ("said he supports the bill": that is the statement of the one
    who said it)."""
    for node in _heads_within(cue):
        lemma = node.lemma_.lower()
        if lemma in _NOT_DONE or lemma in wordlist("claim_cues") or lemma in _SPEECH_NOUNS:
            return False
        if any(c.dep_ == "neg" for c in node.children):
            return False
    return True


def _cue_word(cue: str, n: int = 0) -> str:
    """The lemma of the `n`th word of a cue as written ("endorsed" -> "endorse", "spoke" ->
    "speak"); the word itself when it is no form of a cue."""
    words = cue.lower().split()
    word = words[n] if len(words) > n else ""
    return _FORM_LEMMAS.get(word, _IRREGULAR_FORMS.get(word, word))


def topic(cue: str) -> bool:
    """The cue names only what a source spoke of ("talked about", "pointed to"), not what it said."""
    words = cue.lower().split()
    return len(words) == 2 and words[1] in _TOPICS.get(_cue_word(cue), ())


def stance(cue: str) -> str | None:
    """The side a cue of taking sides stands for ("endorsed": "for"); None for any other cue,
    a judgment's too."""
    return _STANCES.get(_cue_word(cue))


def sides_in(text: str) -> set[str]:
    """The sides the words of `text` take ("I support and endorse ...": "for")."""
    return {side for w in _WORD.findall(text) if (side := stance(w))}


_DENIALS = frozenset({"deny", "denial"})


def denies(cue: str) -> bool:
    """The cue denies what it reports ("denied that the troops fired", "her denial that S"): the
    source says S is not so, as "said the troops did not fire" does."""
    return _cue_word(cue) in _DENIALS


def side(cue: str) -> str | None:
    """The side ("for", "against") a judgment or a stance takes, from the cue as written
    ("praised", "accuses", "endorsed"); None for a cue that takes no side ("said", "announced")."""
    return _SIDES.get(_cue_word(cue))


_EVIDENCE = frozenset(
    "poll survey record data result video footage study report figure analysis document filing statistic"
    " census tally average audit review chart estimate projection transcript recording memo email"
    " slide graph map table".split()
)
# what the data or research show or found is theirs; what they "suggest" or "point to" (the
# other inference cues) is the writer's reading of them. Read as written: the tagger's lemma of
# "data" is "datum".
_FINDINGS = frozenset({"data", "research"})
_READINGS = wordlist("inference_cues") - {"show"}


def _evidence(who: Any, verb: Any = None) -> bool:
    """A poll, a record, a video: a thing that shows what it holds, a source of what it shows;
    data and research only with a cue that is no inference (`verb`)."""
    if who is None:
        return False
    if who.lemma_.lower() in _EVIDENCE:
        return True
    reading = verb is None or verb.lemma_.lower() in _READINGS
    return who.lower_ in _FINDINGS and not reading


def _opened_by_as(clause: Any) -> bool:
    return any(m.dep_ == "mark" and m.lower_ == "as" for m in clause.children)


def _misparsed_complement(cue: Any) -> Any:
    """A content clause the parser hung on a noun after the cue: in "X said on Friday during a
    news conference that he may wait", "that ... wait" is read as a relative clause of
    "conference". A relative clause whose "that" is a conjunction (a true relative "that" is its
    subject or object) and that has a subject of its own is the cue's content. So with the one
    told ("told a meeting of island leaders that few people understood ..."). So, too, a clause
    read as an adverbial one though nothing opens it ("said after the convention he would not
    accept ..."): a finite clause with a subject of its own and no conjunction is what was said;
    and an object with an adjective hung on it ("found that action unconstitutional")."""
    bare = next((c for c in cue.children if c.dep_ == "advcl" and c.i > cue.i and _bare_clause(c)), None)
    if bare is not None:
        return bare
    small = next((c for c in cue.children if c.dep_ == "dobj" and c.i > cue.i and _said_to_be(c)), None)
    if small is not None:
        return small
    told = cue_lemma(cue) in _ADDRESSED_CUES
    for prep in (c for c in cue.children if (c.dep_ == "prep" or told and c.dep_ == "dobj") and c.i > cue.i):
        for token in prep.subtree:
            if token.dep_ != "relcl":
                continue
            deps = {(c.dep_, c.lower_) for c in token.children}
            # a subject of its own: a noun, or a clause ("that shifting missions was a natural step")
            if ("mark", "that") in deps and any(d in ("nsubj", "nsubjpass", "csubj", "expl") for d, _ in deps):
                return token
    return None


def _said_to_be(obj: Any) -> bool:
    """An object with an adjective after it, read by the parser as the noun's modifier: "found
    that action unconstitutional" is a finding that the action is unconstitutional."""
    return obj.pos_ in ("NOUN", "PROPN") and any(
        a.dep_ == "amod" and a.pos_ == "ADJ" and a.i > obj.i for a in obj.children
    )


_FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})


def _bare_clause(clause: Any) -> bool:
    """A finite clause with a subject of its own and nothing opening it: no conjunction ("if",
    "as", "because"), no relative or question word before its verb."""
    children = list(clause.children)
    return (
        not any(c.dep_ == "mark" for c in children)
        and any(c.dep_ in ("nsubj", "nsubjpass", "expl") and c.i < clause.i for c in children)
        and (clause.tag_ in _FINITE or any(c.dep_ in ("aux", "auxpass") and c.tag_ in _FINITE for c in children))
        and not any(t.lower_ in _WH or t.tag_ in ("WDT", "WP", "WRB") for t in clause.subtree if t.i < clause.i)
    )


def _hung_on_the_head(cue: Any) -> Any:
    """A content clause opened by "that" the parser hung on the verb the cue completes: in "X
    continues to insist, most recently in an interview, that he wants ...", "that ... wants" is
    read as a clause of "continues"."""
    if cue.dep_ != "xcomp" or cue.head.lemma_.lower() in wordlist("claim_cues"):
        return None
    return next(
        (c for c in cue.head.children if c.dep_ in ("ccomp", "advcl") and c.i > cue.i and _that_with_subject(c)),
        None,
    )


def _called_on(cue: Any, act: Any) -> Any:
    """The "on" or "upon" naming who is called on to act: the last before the act ("called on
    Wednesday on the council to ...": the council), a preposition or, as the parser reads it
    at times, a particle."""
    ons = [c for c in cue.children if c.dep_ in ("prep", "prt") and c.lower_ in ("on", "upon") and c.i < act.i]
    return ons[-1] if ons else None


def _demand(text: str, cue: Any, base: int) -> Statement | None:
    """What a source called for or demanded: "X called for an inquiry into the fire" (the object
    of "for"), "X called on the council to reopen the pier" and "X urged residents to stay
    indoors" (who is asked, and what), "X demanded that the company rehire them" and "X demanded
    the minister's resignation" (the clause or the thing demanded). An order, advice or
    encouragement ("X ordered the crews to leave") is one only when given in fact: not a
    hypothetical one ("would order"), nor one inside what a source said."""
    children = list(cue.children)
    if cue.lemma_.lower() in _DIRECTIVES and (_hypothetical(cue) or not _own_act(cue)):
        return None
    if any(c.dep_ == "auxpass" and c.lower_ not in ("’s", "'s") for c in children):
        # "deputies were called to the home for a welfare check": summoned, not calling ("who's
        # called for", read as a passive, is "who has")
        return None
    by_dep = {c.dep_: c for c in children}
    prep = {c.lower_: c for c in children if c.dep_ == "prep"}
    parts: list[Any] = []
    word = cue.text
    # "called for an inquiry", "has called for doubling the caps", "called him out for his
    # record", "pushed for a vote"; not "pushed the button for ...", "was called a charlatan by
    # physicians for ..."
    kept_off = {"oprd", "agent"} if cue.lemma_.lower() == "call" else {"oprd", "agent", "dobj"}
    if "for" in prep and not (kept_off & by_dep.keys()):
        parts = [c for c in prep["for"].children if c.dep_ in ("pobj", "pcomp")]
        act = next((c for c in children if c.dep_ in ("xcomp", "advcl") and c.i > prep["for"].i), None)
        if parts and act is not None and _infinitive(act):
            parts.append(act)  # "called for contestants to wear ...": the parser hangs the act on the cue
        word = f"{cue.text} for"
    elif cue.lemma_.lower() == "call":
        if (clause := by_dep.get("advcl")) is not None and any(
            c.dep_ == "mark" and c.lower_ == "for" for c in clause.children
        ):
            parts = [clause]  # "calling for the United States to step up ..."
            word = f"{cue.text} for"
        elif (act := by_dep.get("xcomp")) is not None and _infinitive(act) and (on := _called_on(cue, act)) is not None:
            parts = [*(c for c in on.children if c.dep_ == "pobj"), act]
            word = f"{cue.text} {on.lower_}"
    elif (clause := by_dep.get("ccomp")) is not None:
        parts = [clause]
    elif (act := by_dep.get("xcomp")) is not None and _infinitive(act) and "dobj" in by_dep:
        parts = [by_dep["dobj"], act]  # "urged residents to stay indoors"
    elif cue.lemma_.lower() == "demand" and "dobj" in by_dep:
        parts = [by_dep["dobj"]]
    if not parts:
        return None
    tokens = sorted((t for p in parts for t in p.subtree), key=lambda t: t.i)
    tokens = [t for t in tokens if not (t.dep_ == "mark" and t.lower_ in ("that", "for") and t.head in parts)]
    tokens = _before_the_next_cue(tokens, cue)
    if not tokens or tokens[0].i < cue.i:
        return None
    who = _relative_head(quotes.subject_of(cue, set()), cue)
    end = tokens[-1].idx + len(tokens[-1].text) + base
    # only people, bodies and sources demand: "a problem that demands a bipartisan response" is no one's call
    return _made(text, tokens[0].idx + base, end, word, who, cue, base, any_noun=False)


def _own_subject(who: Any, verb: Any) -> bool:
    """`who` is the cue's own subject, or the noun its relative clause hangs on ("critics, who
    say"); not a subject borrowed from a verb the cue hangs below ("his partnership will
    continue ... while stressing that" is not the partnership stressing)."""
    return (
        who.head.i == verb.i
        or (verb.dep_ == "relcl" and verb.head.i == who.i)
        # "Fields tweeted a photograph and said S": two verbs of one subject
        or (verb.dep_ == "conj" and who.head.i == verb.head.i and who.dep_ in ("nsubj", "nsubjpass"))
        # "two speechwriters implored her to bring it back, arguing that S": a participle set off
        # after the verb has that verb's subject
        or (
            verb.dep_ == "advcl"
            and verb.tag_ == "VBG"
            and verb.i > verb.head.i
            and verb.head.dep_ in ("ROOT", "conj")  # not a verb inside what was said
            and who.head.i == verb.head.i
            and who.dep_ == "nsubj"
            and verb.doc[verb.i - 1].text == ","
            # "complained that S, a charge that leaders denied, noting that ...": the leaders noted
            and not any(t.dep_ in ("nsubj", "nsubjpass") for t in verb.doc[verb.head.i + 1 : verb.i])
        )
    )


_RELATIVE = {"who", "that", "which"}


def _relative_head(who: Any, verb: Any) -> Any:
    """'Lawmakers, who say the bill ...': the source is the noun the relative clause hangs on."""
    if who is None or who.lower_ not in _RELATIVE:
        return who
    clause = verb
    while clause.dep_ in ("conj", "xcomp") and clause.head.i != clause.i:
        clause = clause.head
    if clause.dep_ == "relcl" and clause.head.pos_ in ("NOUN", "PROPN"):
        return _described(clause.head)
    return None


def _described(noun: Any) -> Any:
    """ "Trump is a serial liar, rampant xenophobe and birther who has pledged ...": a noun said of
    the subject of "is" (in a list of them) names that subject, who is the source."""
    first = noun
    while first.dep_ == "conj" and first.head.i != first.i:
        first = first.head
    if first.pos_ == "NOUN" and first.dep_ == "attr" and first.head.lemma_ == "be":
        subject = next((c for c in first.head.children if c.dep_ == "nsubj"), None)
        if subject is None and first.head.dep_ == "conj":  # "regularly incites violence and is a liar"
            subject = next((c for c in first.head.head.children if c.dep_ == "nsubj"), None)
        if subject is not None and subject.pos_ == "PROPN":
            return subject
    return noun


_WH = frozenset({"how", "what", "whether", "if", "when", "where", "who", "whom", "which", "why"})


def _withholds(cue: Any) -> bool:
    """The cue is what someone declined or refused to do ("declined to say"; a negated cue,
    "would not say", is no statement at all)."""
    return cue.dep_ == "xcomp" and cue.head.lemma_.lower() in ("decline", "refuse")


_ATTEMPTS = frozenset({"try", "attempt", "seek", "struggle", "work"})


def _attempted(cue: Any) -> bool:
    """The cue is what someone tries to do ("trying to confirm", "sought to determine")."""
    return cue.dep_ == "xcomp" and cue.head.lemma_.lower() in _ATTEMPTS


def _reports(token: Any) -> bool:
    """A verb of saying with a content clause of its own (a statement inside another)."""
    return token.lemma_.lower() in wordlist("claim_cues") and any(c.dep_ == "ccomp" for c in token.children)


def _infinitive(verb: Any) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _set_off(cue: Any) -> bool:
    """The cue and its source stand between commas inside their sentence, words on both sides:
    "The hashtag, Mr. Abboud said, accompanied descriptions ..." read as a parenthesis even
    where the parser took the sentence's verb for an adjective and hung the cue on it."""
    tokens = list(cue.subtree)
    doc, sent = cue.doc, cue.sent
    first, last = tokens[0].i, tokens[-1].i
    if tokens[0].text == ",":
        first += 1
    if tokens[-1].text == ",":
        last -= 1
    return (
        first - 1 > sent.start + 1
        and last + 1 < sent.end - 2
        and doc[first - 1].text == ","
        and doc[last + 1].text == ","
        and any(t.pos_ in ("NOUN", "PROPN", "PRON") for t in doc[sent.start : first - 1])
    )


def _parenthetical(text: str, cue: Any, base: int) -> Statement | None:
    """The clause around a parenthetical cue, from its first word to its last (the cue and its
    source stand inside the span: the evidence is one contiguous stretch of the article); the
    whole sentence where the parser hung the cue on a word that is no verb."""
    if _acts_on(cue):
        return None  # "— Frank cites the union's support as counterevidence —": an aside with its own object
    head = cue.head
    if head.dep_ in ("aux", "auxpass") and head.head.i != head.i:
        head = head.head  # "Even then, he said, he's learned ...": the cue hung on the auxiliary
    clause = list(head.subtree) if head.pos_ in ("VERB", "AUX") else list(cue.sent)
    clause = _trimmed(clause)
    if not clause or clause[0].i >= cue.i:
        return None  # "..., X said" at the end is a ccomp reading; this is the cue in the middle
    who = quotes.subject_of(cue, set())
    start, end = clause[0].idx + base, clause[-1].idx + len(clause[-1].text) + base
    return _made(text, start, end, cue.text, who, cue, base)


def _trailing(text: str, cue: Any, base: int) -> Statement | None:
    """A cue after what was said that the parser joined to it as a second verb or read the
    clause before it as a circumstance: in "Sanders will stay in the race, his top aide, Tad
    Devine, told the Post" the cue hangs on "stay" as a conjunct, or "stay" on the cue as an
    adverbial clause. Read as "S, X told Y" when the cue's own subject follows a comma (no "and"
    or "but" joins two acts of one sentence; the adverbial clause has a subject and no
    conjunction of its own, "after", "because") and nothing but its addressee and circumstances
    follows it; the content is the clause before the comma."""
    subject = next((c for c in cue.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None and cue.dep_ == "conj":
        subject = _stray_subject(cue)
    if subject is None:
        return None
    head = cue.head if cue.dep_ == "conj" else next((c for c in cue.children if c.dep_ == "advcl"), cue)
    if head.dep_ == "advcl" and (
        not any(c.dep_ in ("nsubj", "nsubjpass") for c in head.children)
        or any(
            c.dep_ in ("mark", "prep", "advmod") and c.pos_ in ("SCONJ", "ADP") and not any(c.children)
            for c in head.children
        )
    ):
        return None  # "Shortly before the details were disclosed, X told ...": a circumstance
    if head.i >= cue.i or head.pos_ not in ("VERB", "AUX"):
        return None
    if any(t.dep_ in _CLAUSES and t.i > cue.i for t in cue.subtree):
        return None  # "X told reporters during the briefing that S": S is what was told
    first = min(t.i for t in subject.subtree)
    doc = cue.doc
    if first == 0 or doc[first - 1].text != "," or any(c.dep_ == "cc" and c.i < cue.i for c in cue.children):
        return None
    if any(c.dep_ in ("ccomp", "xcomp", "conj") for c in cue.children):
        return None
    own = {t.i for t in cue.subtree} - {t.i for t in head.subtree}
    tokens = [t for t in head.subtree if t.i < first - 1 and t.i not in own and not t.is_space]
    if any(t.dep_ == "cc" and t.head.i == head.i and t.i > head.i for t in tokens):
        return None  # "S and T, X said": which of the two was said is not clear
    tokens = _trimmed(tokens)
    if not tokens:
        return None
    start, end = tokens[0].idx + base, tokens[-1].idx + len(tokens[-1].text) + base
    return _made(text, start, end, cue.text, subject, cue, base)


_CLAUSES = frozenset({"ccomp", "xcomp", "relcl", "acl", "advcl", "csubj", "parataxis"})


def _stray_subject(cue: Any) -> Any:
    """The source of a trailing cue that the parser took for one more item of a list before it
    ("... to the convention, her top aide, Tomas Berg, told the Post": "aide" read as a conjunct
    of "convention"): a noun phrase set off by commas right before the cue, read as a conjunct."""
    doc = cue.doc
    if cue.i < 3 or doc[cue.i - 1].text != ",":
        return None
    token = doc[cue.i - 2]
    while token.head.i != token.i and token.head.i < cue.i and token.head.right_edge.i < cue.i:
        token = token.head
        if token.dep_ == "conj" and token.pos_ in ("NOUN", "PROPN") and token.left_edge.i > 0:
            return token if doc[token.left_edge.i - 1].text == "," else None
    return None


def _as_reported(cue: Any) -> bool:
    """ "As the Post reported, S" and "S, as Clyburn noted": a cue in an "as" clause of its own,
    with a subject, modifying the clause that is what was said. Not an "as" clause that says
    what it is about ("as he laments a throwaway culture", "even as he rarely mentioned Rubio",
    "as some Republicans reaffirmed their opposition"): that clause is a circumstance."""
    children = list(cue.children)
    return (
        cue.dep_ == "advcl"
        and any(c.dep_ == "mark" and c.lower_ == "as" for c in children)
        # "as if his rivals had decided ...": a likeness, not a report
        and not any(c.dep_ == "mark" and c.lower_ in ("if", "though") for c in children)
        and any(c.dep_ in ("nsubj", "nsubjpass") for c in children)
        and not any(c.dep_ in ("dobj", "ccomp", "xcomp", "attr") for c in children)
        and cue.head.pos_ in ("VERB", "AUX")
    )


def _according(text: str, token: Any, base: int) -> Statement | None:
    """'According to X, S' and 'S, according to X': the content is the clause the phrase
    modifies, without the phrase."""
    to = next((c for c in token.children if c.lower_ == "to"), None)
    who = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
    if who is None:
        return None
    phrase = list(token.subtree)
    comma = next((t for t in phrase if t.i > who.i and t.text == ","), None)
    if token.dep_ == "ROOT" and comma is not None:
        # "According to the AP, 571 delegates supported Clinton": the parser hung the clause
        # on the source; the phrase ends at its comma
        phrase = [t for t in phrase if t.i < comma.i]
    return _around(text, token, token.head, "according to", who, base, phrase)


def _in_poll(text: str, token: Any, base: int) -> Statement | None:
    """ "In the latest Post-ABC poll, Clinton led Trump 47 percent to 39 percent" and "S, in the
    survey": what a poll found, the clause the phrase modifies. Not a poll a noun holds ("the
    voters in the poll", "the candidates ranked in the poll"), nor one that finds no standing or
    figure ("invested in the survey")."""
    poll = next((c for c in token.children if c.dep_ == "pobj" and c.lemma_.lower() in _POLLS), None)
    head = token.head
    if poll is None or head.pos_ not in ("VERB", "AUX") or head.dep_ == "acl" or quotes.in_marks(token):
        return None
    if not any(t.lemma_.lower() in _STANDINGS for t in _own_clause(head)):
        return None  # a finding is a standing ("led by 8 points", "is ahead"): not "invested in the survey"
    return _around(text, token, head, "in", poll, base)


def _around(
    text: str, token: Any, head: Any, cue: str, who: Any, base: int, phrase: list[Any] | None = None
) -> Statement | None:
    """The content of a source phrase (`phrase`, else `token`'s subtree: "according to X", "as X
    reported") that stands before, after or inside the clause of `head` it modifies: that
    clause, without the phrase when it stands at either end."""
    sent = token.sent
    phrase = phrase or list(token.subtree)
    lo, hi = phrase[0].i, phrase[-1].i
    before = [t for t in sent if t.i < lo]
    after = [t for t in sent if t.i > hi]
    words_after = [t for t in after if not t.is_punct]
    words_before = [t for t in before if not t.is_punct]
    tokens = after if len(words_after) >= len(words_before) else before
    clause = _own_clause(head)
    opening = (t for t in clause if t.i < lo and not t.is_punct and t.dep_ != "cc")  # "But as X noted, S"
    if _participles_after(head, hi) and len(words_before) >= MIN_CONTENT_WORDS:
        tokens = before  # "S, according to X, taking a step toward ...": the participle is the writer's
    elif any(opening) and any(t.i > hi and not t.is_punct for t in clause):
        tokens = clause  # "The man, according to police, fled": the phrase stands inside the clause
    elif head.i < lo and len(words_before) >= MIN_CONTENT_WORDS:
        tokens = before  # "S, according to X, and T": the phrase belongs to the clause it follows
    elif head.i > hi and len(words_after) >= MIN_CONTENT_WORDS:
        tokens = after
    tokens = [t for t in tokens if not t.is_space]
    tokens = _trimmed(tokens)
    if not tokens or any(_reports(t) for t in tokens):
        return None  # "according to a statement, X said ...": the statement inside is X's
    return _made(text, tokens[0].idx + base, tokens[-1].idx + len(tokens[-1].text) + base, cue, who, token, base)


def _participles_after(head: Any, hi: int) -> bool:
    """All that follows the source phrase in `head`'s clause is participial clauses with no
    subject of their own ("..., according to the ministry, taking a step toward ...")."""
    after = [c for c in head.children if c.i > hi and not c.is_punct]
    return bool(after) and all(
        c.dep_ == "advcl" and c.tag_ in ("VBG", "VBN") and not any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children)
        for c in after
    )


def _own_clause(head: Any) -> list[Any]:
    """The words of `head`'s clause, without the clauses joined to it ("..., and there were ...")."""
    joined = {t.i for c in head.children if c.dep_ in ("conj", "cc") and c.i > head.i for t in c.subtree}
    return [t for t in head.subtree if t.i not in joined and not t.is_space]


def _that_clause(tokens: list[Any]) -> list[Any]:
    """A content clause's tokens without its opening "that" and punctuation at either end
    (quotation marks kept: they belong to what was said)."""
    while tokens and (tokens[0].dep_ == "mark" and tokens[0].lower_ == "that" or tokens[0].is_punct):
        tokens = tokens[1:]
    return _trimmed(tokens, front=False)


def _made_clear(text: str, make: Any, base: int) -> Statement | None:
    """ "X made (it) clear (that) S": S is what X said. The parser hangs S on "clear" or on
    "made"; it opens with "that", or right after "clear" with a subject of its own ("made it
    clear he had misgivings"); not "made it clear to voters", "made clear progress"."""
    clear = next((c for c in make.children if c.lower_ == "clear" and c.i > make.i), None)
    if clear is None or quotes.in_marks(make) or any(c.dep_ == "neg" for c in make.children):
        return None
    content = _clause_right_after(clear, (clear, make), ("ccomp", "advcl"))
    if content is None:
        return None
    tokens = _that_clause([t for t in content.subtree if t.i > clear.i])
    if not tokens:
        return None
    who = quotes.subject_of(make, set())
    start, end = tokens[0].idx + base, tokens[-1].idx + len(tokens[-1].text) + base
    return _made(text, start, end, f"{make.text} clear", who, make, base)


def _clause_right_after(word: Any, heads: tuple[Any, ...], deps: tuple[str, ...]) -> Any:
    """The content clause after `word` ("clear", "afraid") that the parser hung on one of `heads`:
    opened by "that", or standing right after the word with a subject of its own ("made it clear
    he had misgivings", "officials are confident the ferry will run")."""
    return next(
        (
            c
            for head in heads
            for c in head.children
            if c.dep_ in deps
            and c.i > word.i
            and (
                any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
                or (c.left_edge.i == word.i + 1 and any(m.dep_ == "nsubj" for m in c.children))
            )
        ),
        None,
    )


def _minded(text: str, adjective: Any, base: int) -> Statement | None:
    """ "Many Democrats are afraid that S", "McConnell came away convinced that S": S is what the
    subject is reported to believe, fear or feel. The adjective (or a participle, "were
    frustrated that S") is the verb's complement, S a clause right after it, opened by "that" or
    with a subject of its own (hung on the adjective or on the verb); not negated ("not sure
    that"), not hypothetical, and not "it is certain that" (no one's)."""
    verb = adjective.head
    if adjective.pos_ == "VERB" and any(c.dep_ == "auxpass" for c in adjective.children):
        verb = adjective  # "protesters were frustrated that S", read as a passive
    elif adjective.dep_ not in ("acomp", "oprd", "xcomp", "advcl") or verb.pos_ not in ("VERB", "AUX"):
        return None  # "came away convinced that S": the participle hangs on the verb
    if quotes.in_marks(adjective) or _hypothetical(verb) or any(c.dep_ == "dobj" for c in adjective.children):
        return None  # "having convinced voters that S" is the voters' belief, if anyone's
    if not _own_act(verb) or any(
        t.dep_ == "parataxis" and cue_lemma(t) in wordlist("claim_cues") for t in adjective.sent
    ):
        # "Sullivan says he's satisfied that S", "Even then, he said, he's fairly sure S": inside
        # what he said, his statement's
        return None
    if any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in verb.children):
        return None  # "only if he can be convinced that S": a condition, no one's belief
    if any(c.dep_ == "neg" for c in (*verb.children, *adjective.children)):
        return None
    content = _clause_right_after(adjective, (adjective, verb), ("ccomp",))
    if content is None:
        return None
    tokens = _that_clause([t for t in content.subtree if t.i > adjective.i])
    if not tokens or _a_title(tokens, content):
        return None
    who = _relative_head(quotes.subject_of(verb, set()), verb)
    if who is None or who.lower_ in ("it", "this", "that"):
        return None
    start, end = tokens[0].idx + base, tokens[-1].idx + len(tokens[-1].text) + base
    return _made(text, start, end, adjective.text, who, verb, base)


def _made(
    text: str, start: int, end: int, cue: str, who: Any, verb: Any, base: int, *, any_noun: bool = True
) -> Statement | None:
    end = _closed(text, start, end)
    content = text[start:end]
    if len(_WORD.findall(content)) < MIN_CONTENT_WORDS or _all_quoted(text, start, end):
        return None
    if who is None:
        return None
    if who.lower_ in _FIRST_PERSON:
        return None
    found = quotes.attribution_of(who, verb, base, speech=True) or _share_of_people(who, verb, base)
    if found is None:
        return None
    # "according to the results of the exit poll": whatever "according to" names is the source
    own = any_noun and (_own_subject(who, verb) or verb.lower_ in ("according", "in") or _is_share_before(who, verb))
    if not (found.pronoun or _names_a_source(who, verb, own=own)):
        return None
    return Statement(
        start=start,
        end=end,
        cue=cue,
        speaker=found.speaker,
        mention=found.mention,
        mention_start=found.at,
        pronoun=found.pronoun,
    )


_SHARE_WORDS = frozenset(
    "half third thirds quarter quarters fifth fifths majority majorities minority minorities most many some few"
    " several those others".split()
)
# the whole of a group, or each of it, named by the group: "All of the GOP candidates", "both of them"
_WHOLE_WORDS = frozenset({"all", "both", "each", "none", "neither"})
_SHARE_WORDS_MAX = 8


def _share_of_people(who: Any, verb: Any, base: int) -> quotes.Attribution | None:
    """A share of people as the source ("47% say", "about four in 10 said", "two-thirds of the
    insiders said", "those surveyed say", "many say"): the whole subject phrase names it."""
    numeric = who.like_num or who.pos_ == "NUM" or who.ent_type_ in ("PERCENT", "CARDINAL") or who.text == "%"
    if not numeric and who.lower_ not in _SHARE_WORDS and who.lower_ not in _WHOLE_WORDS:
        return None
    words = [t for t in who.subtree if not t.is_punct or t.text in "%-"]
    of = next((c for c in who.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    group = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
    if who.lower_ in _WHOLE_WORDS and group is None:
        return None  # "All say", "Both think": whom they stand for is in an earlier sentence
    if len(words) > _SHARE_WORDS_MAX and group is not None:
        # "Many of the local leaders who would rather be ... said": the share and its group
        words = [t for t in words if t.i <= group.i]
    if not words or len(words) > _SHARE_WORDS_MAX or words[-1].i > verb.i:
        return None
    first, last = words[0], words[-1]
    phrase = who.doc.text[first.idx : last.idx + len(last.text)]
    return quotes.Attribution(speaker=phrase, mention=phrase, cue=verb.text, at=base + first.idx)


def _names_a_source(who: Any, verb: Any, *, own: bool = True) -> bool:
    """A person, organisation, place standing for its government, or a source noun ('officials',
    'police', 'a spokesman', 'the report'); with a verb only people and what they write use
    ('said', 'told', 'insisted', 'hoped'), any noun that is the cue's `own` subject ('the
    justice', 'former employees', 'the statement'): not 'it', and not the thing that 'suggests'
    or 'signals' something ('the move signals that ...' is the reporter's inference)."""
    named = quotes.named_token(who)
    if named.pos_ == "PROPN" or named.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") or _evidence(named, verb):
        return True
    if any(t.ent_type_ == "GPE" for c in named.children if c.dep_ == "prep" and c.lower_ == "of" for t in c.children):
        return True  # "the city of Phoenix", "the state of Ohio": a place standing for its government
    inference = verb.lemma_.lower() in wordlist("inference_cues")
    if _opening_surname(named) and not inference:
        return True
    if own and _share_of_people(who, verb, 0) is not None:
        # "Twelve percent indicated that ...": a share of those asked answers; a share of things
        # ("40 percent of the samples showed ...") is evidence read by the writer
        return not inference or _of_people(who)
    nouns = wordlist("role_nouns") | wordlist("source_nouns")
    if named.lemma_.lower() in nouns or named.lower_ in nouns or _people(named):
        return True  # a role, a source, or people ("the woman disputes ...", "protesters demanded ...")
    # "the attorney general", "the surgeon general", "the secretary general": a title whose head
    # word, "general", names no role alone
    if named.lower_ == "general" and any(c.dep_ == "compound" and c.i == named.i - 1 for c in named.children):
        return True
    return own and named.pos_ == "NOUN" and not inference


def _of_people(share: Any) -> bool:
    """A share that names no group ("twelve percent"), or a group of people ("a third of voters")."""
    of = next((c for c in share.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    group = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
    return group is None or _people(group) or group.ent_type_ in ("NORP", "ORG")


def _opening_surname(token: Any) -> bool:
    """A name the tagger took for a common noun because it opens the sentence ("Ruiz apologized
    for ...", "Trump talked about ..."): one capitalised singular word with nothing attached (a
    singular common noun there has its article: "The mayor apologized"). A thing's name that
    points to something ("Research points to ...") is left out by the caller."""
    return (
        token.i == token.sent.start
        and token.tag_ == "NN"
        and token.is_title
        and token.lemma_ == token.lower_
        and not any(True for _ in token.children)
    )


_CLOSING = re.compile(r"[,.]?(?:[”\"]|'')")


def _closed(text: str, start: int, end: int) -> int:
    """The end of a content that opens a quotation inside it and stops before its closing mark
    (the parser hangs the mark on the cue: 'waterboarding is “peanuts,” he said'): extended over
    that mark, so the evidence reads as the article prints it."""
    if quote_open(text[start:end]) and (m := _CLOSING.match(text, end)) is not None:
        return m.end()
    return end


def _all_quoted(text: str, start: int, end: int) -> bool:
    """The content is a direct quote: it opens right after a quotation mark and closes on one
    (or runs to one), with no closing mark inside."""
    before = text[max(0, start - 2) : start]
    inside = text[start:end]
    doubled = before == "''" or before[-2:] == "``" or inside[:2] in ("''", "``")
    if not any(m in before for m in '“"‘') and inside[:1] not in ("“", '"') and not doubled:
        return False
    opened = inside.lstrip('“"‘`').removeprefix("''")
    body = opened[:-2] if opened.endswith("''") else opened[:-1]
    return not any(m in body for m in ("”", '"', "''"))


# -- comparing two renderings of one statement -----------------------------------------------

# Words that hedge a statement. "would"/"will", "could"/"can" and "might"/"may" are left out:
# reported speech shifts them ("we will stay" is reported as "they would stay").
_HEDGES = frozenset(
    {"may", "might", "possibly", "perhaps", "probably", "likely", "unlikely", "considering", "consider", "considers"}
    | {"weighing", "mulling", "exploring", "could"}
)
# Qualifiers that change what a figure says ("only 40" is few; "some 40" is loose). Bounds and
# approximations ("about", "at least", "more than 4.4 million") are a figure's tolerance, as the
# number reconciler reads them: "more than 4.4 million" and "4.4 million" agree (NeuS val, judged
# in bench/judgments/conflicts.jsonl).
_QUALIFIERS = re.compile(r"\b(?:some|only|just)\b(?!\s+(?:before|after|over|under|about|past|shy)\b)", re.I)
_FIGURE = re.compile(r"(\d[\d,.]*)(?:\s*(?:or|to|-|–)\s*(\d[\d,.]*))?")
# Words that already say the source is not sure: a rendering with one of them is hedged too
_EPISTEMIC = frozenset(
    "believe believes believed think thinks thought suspect suspects suspected appear appears appeared "
    "seem seems seemed apparently reportedly expect expects expected".split()
    # and a wish or a plan is no fact either: "she wanted to speak" is no firmer than "she could"
    + "want wants wanted hope hopes hoped plan plans planned intend intends intended aim aims aimed".split()
)


_DAY_NAMES = frozenset(w.lower() for w in (*WEEKDAYS, *MONTHS))


def _days(text: str) -> set[str]:
    """The weekdays and months a stretch names ("Monday", "June"): a date both renderings give
    by name. Relative days ("today", "tomorrow") are left out: reported speech shifts them."""
    return {w.lower() for w in _WORD.findall(text) if w.lower() in _DAY_NAMES and w[:1].isupper()}


_APPROXIMATE = re.compile(rf"(?:\b({QUALIFIER_RE})\s+)?[$€£]?(\d[\d,]*(?:\.\d+)?)", re.I)


def _ranges(text: str) -> list[tuple[float, float]]:
    """Each figure of `text` as the range its qualifier allows ("almost 400": 360 to 400)."""
    out = []
    for m in _APPROXIMATE.finditer(text):
        try:
            value = float(m.group(2).replace(",", ""))
        except ValueError:
            continue
        low, high = QUALIFIERS.get((m.group(1) or "").lower(), (1.0, 1.0))
        out.append((value * low, value * high))
    return out


def _within(a: str, b: str) -> bool:
    """Every figure of each stretch falls in a range the other's qualifiers allow, and one of
    them is qualified: "almost $400 million" and "$391 million" give one amount."""
    ra, rb = _ranges(a), _ranges(b)
    if not ra or not rb or all(lo == hi for lo, hi in ra + rb):
        return False

    def meets(x: tuple[float, float], ys: list[tuple[float, float]]) -> bool:
        return any(x[0] <= y[1] and y[0] <= x[1] for y in ys)

    return all(meets(x, rb) for x in ra) and all(meets(y, ra) for y in rb)


def _figures(text: str) -> list[set[str]]:
    """The figures of `text`, each with its alternatives ("1989 or 1990", "10 to 12")."""
    return [{n.replace(",", "").rstrip(".") for n in m.groups() if n} for m in _FIGURE.finditer(text)]


def _hedges(text: str) -> set[str]:
    """The hedging words of `text`, as written in lower case ("since May" is a month)."""
    return {w for w in (x.replace("’", "'") for x in _WORD.findall(text)) if w in _HEDGES}


def _words(text: str) -> list[str]:
    return [w.lower().replace("’", "'") for w in _WORD.findall(text)]


_MARGIN = 0  # words kept after the aligned stretch of the longer rendering (none: what follows is detail)
_LEAD = 4  # and before it (a negation or a hedge stands before the words it changes)


def aligned(a: str, b: str) -> tuple[str, str]:
    """The two renderings cut to what they share: when one renders only part of the other ("X
    said the role would be to train" against the quote "... to train, to assist, but we're not
    going to be in combat"), the longer is cut to the stretch the shorter renders, so a word
    outside it (that "not") is not read as a change."""
    wa, wb = a.split(), b.split()
    if len(wa) == len(wb):
        return a, b
    short, long_ = (wa, wb) if len(wa) < len(wb) else (wb, wa)
    matcher = difflib.SequenceMatcher(a=[_fold(w) for w in short], b=[_fold(w) for w in long_], autojunk=False)
    blocks = [m for m in matcher.get_matching_blocks() if m.size]
    if not blocks:
        return a, b
    lo = max(0, blocks[0].b - _LEAD)
    hi = min(len(long_), blocks[-1].b + blocks[-1].size + _MARGIN)
    cut = " ".join(long_[lo:hi])
    return (a, cut) if len(wa) < len(wb) else (cut, b)


_SENTENCE_END = re.compile(r"(?<=[.!?])(?:[”\"’]|'{1,2})?\s+(?=(?:[“\"‘]|''|``|')?[A-Z])")


def _shared_sentences(a: str, b: str) -> tuple[str, str]:
    """Each rendering cut to its sentences that share a content word with the other: a quote of
    three sentences against a paraphrase of its first is compared on that first ("No
    redactions!" after it is not a negation of what the paraphrase says)."""

    def kept(text: str, other: str) -> str:
        parts = _SENTENCE_END.split(text)
        if len(parts) < 2:
            return text
        theirs = content_words(other)
        shared = [p for p in parts if content_words(p) & theirs]
        return " ".join(shared) if shared else text

    return kept(a, b), kept(b, a)


def _fold(word: str) -> str:
    return re.sub(r"[^\w]", "", word.lower().replace("’", "'"))


_CHANGE = 3  # words on either side of one change, at most: a shift is a local change in a shared frame
_FRAME = 3  # words the two renderings must share around their changes


def paraphrase_shift(a: str, b: str, negated: Any, *, hedged: bool = False) -> list[str]:
    """How two renderings of one statement (a quote and its paraphrase, or two paraphrases) differ in
    meaning, not only in words: "negation" (one denies what the other asserts), "modality" (one
    hedges, "may", "considering", the other does not), "number" (different figures), "date"
    (another weekday or month), "qualifier" (one says "only", "just", "some", the other drops
    it). Empty when they differ in wording only. Only the stretch both render is compared
    (`aligned`), and only a local change inside words both share ("has not spoken" and "has
    barely spoken"): where the renderings give different details ("fell to 473,000 from 507,000"
    and "to 473,000, a drop of 34,000"), a figure or a "not" in one detail is no change of the
    other's meaning. `negated` tells whether a text is negated (the reconciler's negation test,
    so both use one list); `hedged`: a cue already hedges one rendering ("suggested that he
    will"), so modality is no shift."""
    a, b = aligned(*_shared_sentences(a, b))
    wa, wb = a.split(), b.split()
    matcher = difflib.SequenceMatcher(a=[_fold(w) for w in wa], b=[_fold(w) for w in wb], autojunk=False)
    opcodes = matcher.get_opcodes()
    if sum(i2 - i1 for tag, i1, i2, _, _ in opcodes if tag == "equal") < _FRAME:
        return []
    reasons: set[str] = set()
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "equal" or i2 - i1 > _CHANGE or j2 - j1 > _CHANGE:
            continue
        if (i1 == i2 and i1 == len(wa)) or (j1 == j2 and j1 == len(wb)):
            continue  # words one rendering adds after all it shares ("..., but didn't say whether") are detail
        ca, cb = " ".join(wa[i1:i2]), " ".join(wb[j1:j2])
        after = " ".join(wa[i2 : i2 + 1] + wb[j2 : j2 + 1])  # a qualifier stands before its figure
        reasons |= _changed(ca, cb, after, a, b, negated, hedged)
    if "negation" in reasons and _negations(wa, negated) == _negations(wb, negated):
        reasons.discard("negation")  # "was denied a permit" and "applied ... but was denied": moved, not changed
    return [r for r in ("negation", "modality", "number", "date", "qualifier") if r in reasons]


def _negations(words: list[str], negated: Any) -> Counter[str]:
    """The negating words of a rendering ("not", "denied", "ruled out"), counted."""
    found: Counter[str] = Counter()
    folded = [_fold(w) for w in words]
    alone = [bool(w) and negated(w) for w in words]
    for i, word in enumerate(folded):
        if alone[i]:
            found[word] += 1
        elif i + 1 < len(words) and not alone[i + 1] and negated(f"{words[i]} {words[i + 1]}"):
            found[f"{word} {folded[i + 1]}"] += 1
    return found


def _changed(ca: str, cb: str, after: str, a: str, b: str, negated: Any, hedged: bool) -> set[str]:
    """What one local change (`ca` in rendering `a` against `cb` in `b`) changes in meaning."""
    reasons = set()
    if negated(ca) != negated(cb):
        reasons.add("negation")
    ha, hb = _hedges(ca), _hedges(cb)
    if bool(ha) != bool(hb) and not hedged:
        plain = _words(b if ha else a)
        if {"could"} == (ha or hb) and ({"can"} & (set(_words(ca)) | set(_words(cb)))):
            pass  # "can" reported as "could"
        elif not set(plain) & _EPISTEMIC:  # "may have been" and "authorities believe there was" both hedge
            reasons.add("modality")
    ga, gb = _figures(ca), _figures(cb)
    flat_a, flat_b = set().union(*ga), set().union(*gb)
    # "around 1989 or 1990" holds 1990; "almost $400 million" holds $391 million
    if ga and gb and any(not g & flat_b for g in ga) and any(not g & flat_a for g in gb) and not _within(ca, cb):
        reasons.add("number")
    da, db = _days(ca), _days(cb)
    if da and db and da != db:
        reasons.add("date")  # "on Monday" rendered "on Tuesday", "in May" as "in June"
    qa = {q.lower() for q in _QUALIFIERS.findall(ca)}
    qb = {q.lower() for q in _QUALIFIERS.findall(cb)}
    if qa != qb and (flat_a or flat_b or _FIGURE.match(after)):
        reasons.add("qualifier")
    return reasons
