"""The rule-based extractor: quotes with speakers, numbers with what they count, dates, and
named entities with their titles. No model, no network; every fact is grounded by
construction (its evidence is the exact span it was read from)."""

from __future__ import annotations

import bisect
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .. import deadline
from ..language import nlp
from ..language.lexicon import (
    MONTH_NUMBER,
    MONTH_RE,
    NAME_PARTICLES,
    PARTICLE_RE,
    STOPWORDS,
    TITLE_ABBREVIATIONS,
    WEEKDAY_NUMBER,
    WEEKDAY_RE,
    alternation,
    wordlist,
)
from ..language.text import Items, lemma, paragraphs, sentences
from ..models import Article, Evidence, Fact, FactKind, Grounding, GroundingStatus
from . import dates, numbers, quotes, statements, withheld
from .dates import AHEAD, date_value
from .names import names_in, strip_title
from .numbers import NUMBER_WORD_RE, NUMBER_WORDS, QUALIFIER_RE, QUALIFIERS, number_value

MIN_QUOTE_WORDS = 3
# A quote nobody is named for needs one word more: 3-word ones are mostly terms in quotation
# marks (PolNeAR train: 52 of 74 speakerless 3-word quote facts are no annotated quote; at 4
# words 8 of 30).
MIN_UNATTRIBUTED_WORDS = 4

_CAP = (
    rf"(?:(?:[A-Z]\.){{2,3}}|[A-Z]\.(?=[ \t]+[A-Z])|{alternation(TITLE_ABBREVIATIONS)}\."
    r"|[A-Z][\w’'-]*"
    rf"|{PARTICLE_RE}[\s-][A-Z][\w’'-]*)"
)
NAME = rf"{_CAP}(?:[ \t-]+{_CAP}){{0,5}}"
ROLE = (
    r"(?:[Tt]he|[Aa]n?|[Oo]ne)\s+(?:[\w.-]+\s+){0,4}?(?:official|spokes(?:man|woman|person)|source"
    r"|minister|secretary|president|officer|aide|diplomat|analyst|expert|lawmaker|senator"
    r"|witness|resident|commander|chief|leader|ambassador|envoy|representative|advis[eo]r"
    r"|statement|spokesperson|general)s?"
)
SPEAKER = rf"(?P<name>{NAME}|{ROLE}|[Hh]e|[Ss]he|[Tt]hey)"
VERB = (
    "(?:"
    + alternation(wordlist("speech_verb_forms")).replace("\\ ", r"\s+")[3:-1]  # re.escape'd spaces
    + r"|told(?:\s+(?:reporters|journalists|the\s+\w+|\w+))?)"
)
_ADVERB = r"(?:(?:also|further|later|then|again|previously|earlier|once)\s+)?"
_LOWER_ROLE = r"(?:[a-z][\w-]*\s+){0,2}?"
_AFTER_VERB_NAME = re.compile(rf"^\s*[,.]?\s*{VERB}\s+{_LOWER_ROLE}{SPEAKER}")
_BEFORE_VERB_NAME = re.compile(rf"{VERB}\s+{_LOWER_ROLE}(?P<name>{NAME})\s*,\s*$")
_AFTER_NAME_VERB = re.compile(rf"^\s*[,.;:]?\s*[—–-]?\s*{SPEAKER}\s+{_ADVERB}{VERB}\b")
_AFTER_ACCORDING = re.compile(rf"^\s*[,.]?\s*according\s+to\s+{SPEAKER}")
_BEFORE = re.compile(rf"{SPEAKER}\s+{_ADVERB}{VERB}(?:\s+(?:that|in\s+a\s+\w+))?\s*[,:]?\s*$")
# "The Times reports:", "Limbaugh added:", "the governor said in a statement:": a source and its
# cue ending a paragraph that introduces the one below it
_INTRODUCES = re.compile(
    rf"(?P<name>{NAME}|{ROLE}|[Tt]he\s+(?:[a-z][\w-]*\s+){{0,2}}?[a-z][\w-]*)\s+{_ADVERB}"
    rf"(?P<cue>{VERB}|report(?:s|ed))(?:\s+in\s+a\s+\w+)?\s*:\Z"
)
_SPEAKER_VERB = re.compile(rf"(?P<name>{NAME}|{ROLE})\s+{_ADVERB}{VERB}\b")
_SUBJECT = re.compile(rf"(?:However,\s+|But\s+|And\s+)?(?P<name>{NAME}|{ROLE})\b")
_BEFORE_SAYS = re.compile(rf"(?P<name>{NAME})\s+(?:[Ss]ays|[Ss]aid)\s+(?:[Tt]here[’']s\s+)?$")
_TWEET_CREDIT = re.compile(r"^[—–-]\s*(?P<name>[^()\n]+?)\s*\(@\w+\)\s*(?P<date>.*)$")
_QUOTES = [
    re.compile(r"“([^“”]+)”"),
    # a closing mark set for the opening one (”Fear. I am truly afraid ...”): only where a word
    # follows it, at the start of a line or after a space, and closed before a space or the end
    re.compile(r"(?:(?<=\s)|^)”(?=\w)([^“”\n]+)”(?=[\s.,;:!?]|$)", re.M),
    # an opening mark is followed by a word: a mark with a space after it closes a quote, so a
    # missing or doubled mark ('?""Next', 'said.The') never pairs every later quote of the
    # paragraph the wrong way round
    re.compile(r'(?<!\w)"(?=\S)([^"\n]+)"'),
    re.compile(r"(?:(?<=\s)|(?<=^))‘([^‘’]+?)’(?=[\s.,;:!?]|$)", re.M),
    # doubled apostrophes, as some wires and archives print quotation marks (''...'', ``...'')
    re.compile(r"(?<![\w'`])(?:''|``)(?![`'])((?:[^'\n]|'(?!'))+?)'{2,3}(?![\w'])"),
]
_MARKUP = re.compile(r"[\w-]=\s*$|^\s*>")
_NON_SPEAKERS = {"it", "this", "that", "there", "which", "who"}

_NUM = rf"(?:\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|{NUMBER_WORD_RE}(?:[\s-]+(?:and\s+)?{NUMBER_WORD_RE})*)"
_NUMBER = re.compile(
    rf"(?<![\w.,@#/-])(?:(?P<qual>{QUALIFIER_RE})\s+(?:[$£€¥]\s?)?)?"
    rf"(?:from\s+(?P<from>{_NUM})\s+to\s+|between\s+(?P<low>{_NUM})\s+and\s+)?"
    rf"(?P<num>{_NUM})(?P<scale>\s+(?:million|billion|trillion|thousand))?"
    rf"(?P<pct>\s*(?:%|percent\b|per\s+cent\b))?(?![\w])",
    re.I,
)
_YEAR = re.compile(r"^(1[89]\d\d|20\d\d)$")
_NOUN_WINDOW = 120  # characters before a number searched for its noun: the 12 words _noun_before reads
_COUNT_HEADS = {"number", "numbers", "level", "levels", "total", "totals", "figure", "count"}
_NOUN_STOP = STOPWORDS | {
    "percent",
    "per",
    "cent",
    "times",
    "people's",
    "year's",
    "if",
    "while",
    "because",
    "since",
    "until",
    "according",
    "including",
    "across",
    "against",
    "among",
    "amid",
    "toward",
    "towards",
}

_MONTH = MONTH_RE + r"\.?"
_WEEKDAY = WEEKDAY_RE
_DATE = re.compile(
    r"(?:\b(?:by|before|until|on|in|since|as\s+of|from|after)\s+)?(?:"
    rf"\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH},?\s+\d{{4}}"
    rf"|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|(?:the\s+)?end\s+of\s+(?:{_MONTH}\s+)?\d{{4}}|(?:the\s+)?end\s+of\s+{_MONTH}"
    r"|(?:the\s+)?end\s+of\s+(?:the|this|next)\s+year|year[’']s\s+end|(?:the\s+)?year-end"
    rf"|(?:(?:last|next|this|later\s+on|earlier\s+on)\s+)?{_WEEKDAY}"
    rf"|(?:(?:early|mid|late)[\s-])?{_MONTH}\s+\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?!\d|,\s*\d)"
    rf"|(?<=\b[Ii]n\s){_MONTH}|(?<=\b[Oo]f\s){_MONTH}"
    r"|(?:within|in)\s+the\s+(?:coming|next)\s+(?:few\s+|\w+\s+)?(?:days|weeks|months|years)"
    r"|(?:last|next|this)\s+(?:week|month|year)|(?:earlier|later)\s+this\s+(?:week|month|year)"
    r"|(?<=\b(?:in|by|of)\s)(?:1[89]\d\d|20\d\d)(?!\w|,\d)|(?<=\bsince\s)(?:1[89]\d\d|20\d\d)(?!\w|,\d)"
    r"|(?<=\bthe\s)(?:1[89]\d\d|20\d\d)(?=\s+[a-z])"
    r"|today|yesterday|tomorrow|\d{1,2}[./]\d{1,2}[./]\d{4}"
    r")\b",
    re.I,
)


_WORD = re.compile(r"\w[\w’'-]*")
_DATE_TRIGGERS = (
    frozenset(
        """by before until on in since as from after the end year year’s year's year-end last next this later
    earlier early mid late within today yesterday tomorrow of""".split()
    )
    | set(MONTH_NUMBER)
    | set(WEEKDAY_NUMBER)
)
_NUMBER_TRIGGERS = frozenset(NUMBER_WORDS) | {q.split()[0] for q in QUALIFIERS} | {"from", "between"}
_NAME_PARTICLES = NAME_PARTICLES


@dataclass
class _Candidates:
    """Word starts where a date, number or name can begin: the big patterns are tried only there."""

    dates: list[int]
    numbers: list[int]
    names: list[int]


_DIGIT_START = re.compile(r"(?<![\w])\d")
_ALPHA = re.compile(r"(?<![\w’'])[A-Za-z]+")
_NAME_START = re.compile(r"(?<![\w@#])(?:[A-Z]|(?:" + "|".join(sorted(_NAME_PARTICLES)) + r")[\s-][A-Z])")


def _candidates(text: str) -> _Candidates:
    digits = [m.start() for m in _DIGIT_START.finditer(text)]
    words = [(m.start(), m.group().lower()) for m in _ALPHA.finditer(text)]
    dates = sorted([*digits, *(pos for pos, word in words if word in _DATE_TRIGGERS)])
    numbers = sorted([*digits, *(pos for pos, word in words if word in _NUMBER_TRIGGERS)])
    names = [m.start() for m in _NAME_START.finditer(text)]
    return _Candidates(dates, numbers, names)


def _scan(rx: re.Pattern[str], text: str, starts: list[int], lo: int = 0, hi: int | None = None):
    """Non-overlapping matches of `rx` that begin at one of `starts` within [lo, hi)."""
    hi = len(text) if hi is None else hi
    end = lo
    for k in range(bisect.bisect_left(starts, lo), bisect.bisect_left(starts, hi)):
        if k % 256 == 0:
            deadline.check()
        pos = starts[k]
        if pos < end:
            continue
        m = rx.match(text, pos, hi)
        if m and m.end() > m.start():
            end = m.end()
            yield m


def _scan_sentences(rx: re.Pattern[str], text: str, starts: list[int], spans: list[tuple[int, int]]):
    """(match, sentence start) for matches of `rx` at candidate starts, each kept inside its sentence."""
    heads = [a for a, _ in spans]
    end = 0
    for n, pos in enumerate(starts):
        if n % 256 == 0:
            deadline.check()
        if pos < end:
            continue
        k = bisect.bisect_right(heads, pos) - 1
        if k < 0 or pos >= spans[k][1]:
            continue
        m = rx.match(text, pos, spans[k][1])
        if m and m.end() > m.start():
            end = m.end()
            yield m, spans[k][0]


@dataclass
class _Speaker:
    name: str
    at: int


# At most one number (or date) fact per DENSITY characters, plus FLOOR: news prose states a
# number every 150-500 characters (seeds and SemEval-2018 articles alike), so only tables and
# crafted text reach the cap; past it, facts would cost more than the article is worth.
DENSITY = 50
FLOOR = 200


def fact_limit(text: str) -> int:
    """How many facts of one kind an article of this length may give."""
    return len(text) // DENSITY + FLOOR


def extract(article: Article, notes: list[str] | None = None) -> list[Fact]:
    """All rule-based facts of one article, ordered by position, with stable ids. What was left
    out (a kind past its `fact_limit`) is appended to `notes` when given."""
    text = article.text
    found = _candidates(text)
    spans = list(sentences(text))
    limit = fact_limit(text)
    stamps: list[tuple[int, int]] = []
    date_facts = _dates(article, spans, found.dates, limit + 1, stamps)
    date_spans = sorted([(f.evidence.start or 0, f.evidence.end or 0) for f in date_facts] + stamps)
    quote_spans = _quote_spans(text, limit + 1)
    matches = _number_matches(text, spans, found.numbers, date_spans, limit + 1)
    claim_sentences = statements.candidate_sentences(text, spans)[: 4 * (limit + 1)]
    units = _merged([*_parse_units(text, quote_spans), *_number_units(text, matches)])
    parsed = nlp.parse(text, units)
    # statements read pieces of their own, parsed apart: the quotes', numbers' and dates' parse
    # (and so what they find) stays what it is without them
    said_units = _merged(_statement_units(text, claim_sentences, units))
    said_parse = nlp.Parsed({**parsed.docs, **nlp.parse(text, said_units).docs})
    date_parse = nlp.parse(text, _date_units(date_facts, spans, parsed), only=nlp.SYNTAX)
    date_facts = [_dated_event(f, parsed, date_parse) for f in date_facts]
    number_facts = _numbers(article, matches, parsed)
    genders = quotes.Genders(said_parse)  # read once, the first time a pronoun needs it
    quote_facts = _quotes(article, quote_spans, parsed, genders, said_parse)
    run_on = {p_start for p_start, _, tail in _runs_on(text) if tail is not None}  # the quote extractor's
    transcript = _transcript_lines(article, limit + 1, run_on)
    quote_facts = sorted([*quote_facts, *transcript], key=lambda f: f.evidence.start or 0)
    claim_facts = _statements(article, said_parse, claim_sentences, quote_facts, limit + 1, genders)
    blocks = _introduced_paragraphs(article, limit + 1, [*quote_facts, *claim_facts], genders)
    claim_facts = sorted([*claim_facts, *blocks], key=lambda f: f.evidence.start or 0)
    for kind, kept in (
        ("quotes", quote_facts),
        ("dates", date_facts),
        ("numbers", number_facts),
        ("statements", claim_facts),
    ):
        if len(kept) > limit:
            kept.pop()
            if notes is not None:
                notes.append(f"more than {limit} {kind} (one per {DENSITY} characters): only the first {limit} kept")
    facts = [
        *quote_facts,
        *claim_facts,
        *number_facts,
        *date_facts,
        *_entities(article, found.names, spans, parsed, said_parse),
        *_withheld(article, limit),
    ]
    facts.sort(key=lambda f: (f.evidence.start or 0, f.kind.value, f.evidence.end or 0))
    return [f.model_copy(update={"id": f"{article.id}:r{i:03d}"}) for i, f in enumerate(facts, 1)]


def _fact(article: Article, kind: FactKind, start: int, end: int, **fields: Any) -> Fact:
    return Fact(
        id="",
        article_id=article.id,
        kind=kind,
        evidence=Evidence(text=article.text[start:end], start=start, end=end),
        grounding=Grounding(status=GroundingStatus.exact),
        extractor="rules",
        **fields,
    )


# -- quotes -------------------------------------------------------------------------------


def _quote_spans(text: str, limit: int) -> list[tuple[int, int, int, int]]:
    """(paragraph start, paragraph end, quote start, quote end) of every quote of 3+ words."""
    out: list[tuple[int, int, int, int]] = []
    for p_start, p_end, run_on in _runs_on(text):
        deadline.check()
        if len(out) >= limit:
            break
        closed = {(m.start(1), m.end(1)) for rx in _QUOTES for m in rx.finditer(text, p_start, p_end)}
        closed |= _mixed_pair(text, p_start, p_end)
        if run_on is not None:  # a quotation left open for the next paragraph: to this one's end
            closed.add((run_on, _trimmed_end(text, run_on, p_end)))
        found = _outermost(sorted(closed))
        for q_start, q_end in [piece for span in found for piece in _uncrossed(text, *span)][: limit - len(out)]:
            quoted = text[q_start:q_end]
            if _MARKUP.search(quoted):
                continue  # an attribute value of markup left in the text ('<tweet author="...">')
            if len(re.findall(r"\w+", quoted)) >= MIN_QUOTE_WORDS:
                out.append((p_start, p_end, q_start, q_end))
    return out


# a quotation opened with one kind of mark and closed with the other ('“Immunity deals should not
# be a requirement," Chaffetz said'): a typesetting slip
_MIXED = (
    ("“", "”", re.compile(r'“(?=\S)([^“”"\n]+)"(?=[\s.,;:!?]|$)')),
    ("”", "“", re.compile(r'(?:(?<=\s)|^)"(?=\S)([^“”"\n]+)”(?=[\s.,;:!?]|$)')),
)


def _mixed_pair(text: str, p_start: int, p_end: int) -> set[tuple[int, int]]:
    """The quotation a paragraph opens with one kind of mark and closes with the other: only
    where its straight marks are odd in number and its curly ones unpaired the same way (one
    left over of the kind the quotation needs), so marks paired as usual never pair again."""
    if text.count('"', p_start, p_end) % 2 == 0:
        return set()
    spans: set[tuple[int, int]] = set()
    for more, fewer, pattern in _MIXED:
        if text.count(more, p_start, p_end) > text.count(fewer, p_start, p_end):
            spans |= {(m.start(1), m.end(1)) for m in pattern.finditer(text, p_start, p_end)}
    return spans


def _open_tail(text: str, p_start: int, p_end: int) -> int | None:
    """Where a quotation that no mark of its paragraph closes begins (just after its opening mark):
    the paragraph's last mark opens (after a space or at the start, before a word) and is left
    unpaired, straight or curly."""
    straight = text.count('"', p_start, p_end) % 2 == 1
    curly = text.count("“", p_start, p_end) > text.count("”", p_start, p_end)
    if straight == curly:
        return None  # both paired, or both not: no telling which mark opens what
    mark = text.rfind('"' if straight else "“", p_start, p_end)
    if any(m in text[mark + 1 : p_end] for m in '"”“'):
        return None  # a mark after it ('"work-related” emails'): the marks are mixed, not left open
    opens = mark == p_start or text[mark - 1].isspace() or text[mark - 1] in "(—–"
    if not opens or mark + 1 >= p_end or text[mark + 1].isspace():
        return None
    return mark + 1


def _opens_with_mark(text: str, p_start: int, p_end: int) -> bool:
    head = text[p_start : min(p_end, p_start + 2)].lstrip()
    return len(head) > 1 and head[0] in '"“' and not head[1].isspace()


def _runs_on(text: str) -> Iterator[tuple[int, int, int | None]]:
    """Each paragraph with where a quotation runs on from it, or None: the news convention for a
    quotation over several paragraphs opens each with a mark and closes only the last one, so a
    quotation left open is read to its paragraph's end when the next paragraph opens with a mark,
    or when the paragraph opens with it after a paragraph that ran on or ended with a colon
    ("The Times reports:"). A mark left open otherwise is a typo, not a quotation."""
    spans = list(paragraphs(text))
    ran_on = False
    for i, (p_start, p_end) in enumerate(spans):
        tail = _open_tail(text, p_start, p_end)
        follows = ran_on or (i > 0 and text[spans[i - 1][0] : spans[i - 1][1]].rstrip().endswith(":"))
        opened = tail is not None and text[p_start:tail].strip() in ('"', "“")
        next_opens = i + 1 < len(spans) and _opens_with_mark(text, *spans[i + 1])
        run_on = tail if tail is not None and (next_opens or (opened and follows)) else None
        ran_on = run_on is not None and next_opens
        yield p_start, p_end, run_on


def _trimmed_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


# a closing mark, a new attribution and a reopening mark inside one span ('“... country," Fowler
# said. "Fortunately ...”'): the marks were paired across two quotes
_CROSSING = re.compile(
    rf"[,.!?]?[\"”]\s+[^\"“”\n]{{1,80}}?\b{alternation(wordlist('speech_verb_forms'))}\b[^\"“”\n]{{0,60}}?[.,:]\s*[\"“]"
)


def _uncrossed(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A quote span cut where it crosses a closing mark followed by a new attribution."""
    pieces = []
    for m in _CROSSING.finditer(text, start, end):
        pieces.append((start, m.start()))
        start = m.end()
    return [*pieces, (start, end)] if pieces else [(start, end)]


_PRONOUN_REACH = 1500  # characters back to the named speaker a pronoun ("she said") stands for
_WINDOW = 600  # characters of context parsed around a quote in a long paragraph (a sentence or two)
_LONG_PARAGRAPH = 2000  # paragraphs up to this long are parsed whole
_MAX_UNIT = 3 * _LONG_PARAGRAPH  # the longest piece handed to the parser
_CREDIT_REACH = 120  # characters after a quote to its paragraph's end where a credit line ("― Ana Lima") fits
_QUOTE_SPACING = 150  # characters per quote below which a long paragraph is not prose (PolNeAR: ~500)


def _parse_units(text: str, spans: list[tuple[int, int, int, int]]) -> list[tuple[int, int]]:
    """What to parse: whole paragraphs, or windows around the quotes of long ones (merged)."""
    per_paragraph: dict[int, int] = {}
    for p_start, *_ in spans:
        per_paragraph[p_start] = per_paragraph.get(p_start, 0) + 1
    units: list[tuple[int, int]] = []
    for p_start, p_end, q_start, q_end in spans:
        if p_end - p_start <= _LONG_PARAGRAPH:
            units.append((p_start, p_end))
        elif per_paragraph[p_start] * _QUOTE_SPACING <= p_end - p_start:
            units.append((max(p_start, q_start - _WINDOW), min(p_end, q_end + _WINDOW)))
        # else: quotes packed tighter than prose ever packs them (a crafted or garbled text):
        # not parsed; their speakers are read from the surface words around them
    return units


def _merged(units: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping parse units joined, so each offset belongs to one parsed piece."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(units):
        if out and start <= out[-1][1]:
            if end <= out[-1][1]:
                continue
            if end - out[-1][0] > _MAX_UNIT:  # keep pieces small: the parse of one piece is not linear
                out.append((out[-1][1], end))
            else:
                out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def _quotes(
    article: Article,
    spans: list[tuple[int, int, int, int]],
    parsed: nlp.Parsed,
    genders: quotes.Genders,
    context: nlp.Parsed | None = None,
) -> list[Fact]:
    """The quotes of `spans` with their speakers, read from `parsed`; for a pronoun speaker, who
    the sentences just before are about is read in `context` (the same parse with the
    statements' sentences)."""
    text = article.text
    items = Items(text)
    facts: list[Fact] = []
    earlier_people: dict[tuple[int, str], str | None] = {}  # (paragraph, pronoun) -> the person the one before names
    sentences_before: dict[int, nlp.Parsed] = {}  # parsed piece start -> a parse with the sentence before it
    last: _Speaker | None = None
    previous_paragraph: tuple[int, str | None] | None = None  # (paragraph start, its last speaker)
    current: tuple[int, str | None] = (-1, None)
    for p_start, _p_end, q_start, q_end in spans:
        deadline.check()
        if p_start != current[0]:
            previous_paragraph = current if current[0] >= 0 else previous_paragraph
            current = (p_start, None)
        quoted = text[q_start:q_end]
        before = text[max(p_start, q_start - 41) : max(p_start, q_start - 1)]
        if quotes.named_work(quoted, before) or quotes.introduced_term(before):
            continue  # 'on CNN's "State of the Union"', 'known as a "motion to vacate"': a name or a term
        # a credit line is the short rest of its paragraph (never slice a long paragraph per quote)
        credit = quotes.credited(text[q_end + 1 : _p_end]) if _p_end - q_end <= _CREDIT_REACH else None
        label = None if credit else quotes.LABEL.match(quoted)
        labelled = credit or (label.group("name").title() if label else None)
        if labelled:  # '"..." ― Ana Lima', '"LIMA: We stay."': the convention names the speaker
            last = _Speaker(labelled, q_start)
            current = (p_start, labelled)
            named_at = _named_at(text, label.group("name"), q_start + label.start("name")) if label else None
            start = q_start + label.end() if label else q_start
            mention = label.group("name") if label else None
            facts.append(_quote_fact(article, start, q_end, labelled, "said", mention=mention, named_at=named_at))
            continue
        if parsed.doc_at(q_start) is None:  # not parsed (see _parse_units): the surface patterns
            speaker = _attribute(text, q_start, q_end, p_start, _p_end)
            facts.append(_quote_fact(article, q_start, q_end, speaker, "said"))
            continue
        found = quotes.attribute(parsed, q_start, q_end) or _headline_says(text, p_start, q_start)
        if (found is None or not found.speech) and quotes.title_like(quoted):
            continue  # the name of a show, a work or a slogan, not something said
        speaker, mention = (found.speaker, found.mention) if found else (None, None)
        if found is not None and found.pronoun:
            floor = items.start(found.at)  # a live blog's item: no person of an earlier one
            recent = last.name if last and q_start - last.at < _PRONOUN_REACH and last.at >= floor else None
            read = _with_sentence_before(text, context or parsed, found.at, floor, sentences_before)
            speaker = quotes.resolve(parsed, found.at, found.mention, recent, genders, read, floor=floor)
            if speaker is None:
                key = (p_start, found.mention.lower())
                if key not in earlier_people:  # the paragraph before is parsed once, when needed
                    earlier_people[key] = _person_in_previous(text, p_start, found.mention, genders, floor)
                speaker = earlier_people[key]
            if speaker is None and (opening := items.opening(text, p_start)):
                # a live blog's item names whom it is about first ("Donald Trump is raising ...")
                speaker = _person_in_previous(text, opening[1] + 1, found.mention, genders, opening[0])
        if speaker is None and found is None and not quotes.describes_subject(parsed, q_start, q_end):
            speaker = _introduced(text, p_start, q_start, genders, items.start(q_start)) or _continued(
                text, p_start, q_start, current, previous_paragraph
            )
            mention = None
        if speaker:
            last = _Speaker(speaker, q_start)
            current = (p_start, speaker)
        if speaker is None and len(_WORD.findall(quoted)) < MIN_UNATTRIBUTED_WORDS:
            continue  # 'a "targeted employment area"': a term in quotation marks, no one's words
        named_at = _named_at(text, found.mention, found.at) if found is not None and mention else None
        facts.append(_quote_fact(article, q_start, q_end, speaker, "said", mention=mention, named_at=named_at))
    previous: tuple[int, int] | None = None
    for p_start, p_end in paragraphs(text):
        if tweet := _tweet(article, p_start, p_end, previous):
            facts.append(tweet)
        previous = (p_start, p_end)
    return facts


def _overlaps(unit: tuple[int, int], units: list[tuple[int, int]]) -> bool:
    """`unit` overlaps one of the sorted, non-overlapping `units`."""
    i = bisect.bisect_right(units, (unit[0], sys.maxsize)) - 1
    return any(0 <= k < len(units) and units[k][0] < unit[1] and unit[0] < units[k][1] for k in (i, i + 1))


_LONGEST_SENTENCE = 2 * _WINDOW  # characters: a longer "sentence" is a list or garble, not parsed for statements


def _statement_units(
    text: str, sentences: list[tuple[int, int]], taken: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """What to parse for statements, apart from the sorted `taken` units already parsed: the
    paragraph of each candidate sentence (its pronouns' people are named there), or the sentence
    alone in a long paragraph or one a taken unit overlaps (a sentence with a number in it was
    parsed alone); nothing in a long paragraph whose cues and quotation marks are packed tighter
    than prose ever packs them (a crafted or garbled text), and no sentence longer than prose
    sentences run. A sentence a taken unit holds whole is read from that unit's parse."""
    dense: dict[int, bool] = {}
    units = []
    for s_start, s_end in sentences:
        p_start = text.rfind("\n", 0, s_start) + 1
        p_end = text.find("\n", s_end)
        p_end = len(text) if p_end < 0 else p_end
        if p_end - p_start <= _LONG_PARAGRAPH and not _overlaps((p_start, p_end), taken):
            units.append((p_start, p_end))
            continue
        if _overlaps((s_start, s_end), taken):
            continue  # inside a parsed piece (a number's sentence, a quote's paragraph)
        if p_end - p_start <= _LONG_PARAGRAPH:
            if s_end - s_start <= _LONGEST_SENTENCE:
                units.append((s_start, s_end))
            continue
        if p_start not in dense:
            cues = sum(1 for _ in statements.CUE_RE.finditer(text, p_start, p_end))
            marks = sum(text.count(m, p_start, p_end) for m in ("“", "”", '"', "''")) // 2
            dense[p_start] = (cues + marks) * _QUOTE_SPACING > p_end - p_start
        if not dense[p_start] and s_end - s_start <= _LONGEST_SENTENCE:
            units.append((s_start, s_end))
    return units


def _statements(
    article: Article,
    parsed: nlp.Parsed,
    sentences: list[tuple[int, int]],
    quote_facts: list[Fact],
    limit: int,
    genders: quotes.Genders,
) -> list[Fact]:
    """Indirect and mixed statements (kind `claim`), each with its resolved source: a pronoun
    is the person its own sentence names before it, else the last source named within reach
    (a quote's or a statement's), else the last person the article names before it."""
    text = article.text
    items = Items(text)
    said: list[tuple[int, str]] = [(f.evidence.start or 0, f.speaker) for f in quote_facts if f.speaker]
    quoted = sorted((f.evidence.start, f.evidence.end) for f in quote_facts if f.evidence.start is not None)
    facts: list[Fact] = []
    for found in statements.statements(text, parsed, sentences, limit):
        if _quote_tail(quoted, found.start, found.end):
            continue  # the last part of a direct quote, which the parser hung on its cue: the quote has it whole
        speaker = found.speaker
        if found.pronoun:
            floor = items.start(found.start)  # a live blog's item: no person of an earlier one
            earlier = [(at, who) for at, who in said if floor <= at < found.start and found.start - at < _PRONOUN_REACH]
            recent = max(earlier)[1] if earlier else None
            # the person is named before the statement too: in "Clinton 'caused havoc,' he said"
            # Clinton is what was said, not who said it
            named_by = min(found.start, found.mention_start)
            speaker = quotes.resolve(parsed, named_by, found.mention, recent, genders, floor=floor)
        speaker = _name_or_none(speaker)
        if speaker:
            said.append((found.start, speaker))
        core = strip_title(speaker)[0] if speaker else None
        facts.append(
            _fact(
                article,
                FactKind.claim,
                found.start,
                found.end,
                subject=core or "unattributed",
                attribute=found.cue.lower(),
                value=text[found.start : found.end],
                speaker=speaker,
                speaker_mention=_name_or_none(found.mention) if found.mention != speaker else None,
                speaker_evidence=_named_at(text, found.mention, found.mention_start),
            )
        )
    return facts


def _introduced_paragraphs(article: Article, limit: int, taken: list[Fact], genders: quotes.Genders) -> list[Fact]:
    """A paragraph that the one before introduces ("Limbaugh added:", "He said:") and that
    opens with no quotation mark: a block quotation whose markup was lost. What the source said,
    as a statement (kind claim: with no marks its words are not shown to be verbatim); a
    pronoun is the person the paragraph before the introduction names."""
    text = article.text
    spans = list(paragraphs(text))
    held = sorted((f.evidence.start or 0, f.evidence.end or 0) for f in taken)
    items = Items(text)
    facts: list[Fact] = []
    for (a_start, a_end), (b_start, b_end) in zip(spans, spans[1:], strict=False):
        if len(facts) > limit:
            break
        intro_end = _trimmed_end(text, a_start, a_end)
        if not text[a_start:intro_end].endswith(":"):
            continue
        found = _introduction(text, a_start, intro_end, genders, items.start(a_start))
        if found is None:
            continue
        m, speaker = found
        start = b_start + len(text[b_start:b_end]) - len(text[b_start:b_end].lstrip())
        end = _trimmed_end(text, start, b_end)
        if text[start : start + 1] in ('"', "“", "'", "‘") or quotes.LABEL.match(text[start:end]):
            continue  # a quotation (the quote extractor's) or a transcript's line
        if len(_WORD.findall(text[start:end])) < MIN_QUOTE_WORDS or _overlaps((start, end), held):
            continue
        name = m.group("name")
        speaker = _name_or_none(speaker)
        core = strip_title(speaker)[0] if speaker else None
        facts.append(
            _fact(
                article,
                FactKind.claim,
                start,
                end,
                subject=core or "unattributed",
                attribute=m.group("cue").lower(),
                value=text[start:end],
                speaker=speaker,
                speaker_mention=name if name != speaker else None,
                speaker_evidence=_named_at(text, name, m.start("name")),
            )
        )
    return facts


def _quote_tail(quoted: list[tuple[int, int | None]], start: int, end: int) -> bool:
    """[start, end) is the end of one of the sorted quote spans `quoted` ('"A. B," he said': B is
    no statement of its own). Only its end: words between a quote's marks that only a misread of
    the marks made one ("...," he said.The next ...") stay statements."""
    i = bisect.bisect_right(quoted, (start, sys.maxsize)) - 1
    return i >= 0 and quoted[i][0] <= start and end == quoted[i][1]


def _named_at(text: str, words: str | None, at: int | None) -> Evidence | None:
    """The words naming a source where the parse found them, as a verbatim span (None when the
    words are not there as written: grounding then finds them near the evidence)."""
    if not words or at is None or text[at : at + len(words)] != words:
        return None
    return Evidence(text=words, start=at, end=at + len(words))


_SENTENCE_REACH = 600  # characters looked back for the sentence before a pronoun's


def _with_sentence_before(
    text: str, parsed: nlp.Parsed, offset: int, floor: int, cache: dict[int, nlp.Parsed]
) -> nlp.Parsed:
    """`parsed`, with the sentence before the parsed piece holding article `offset` parsed too
    when no piece holds it (a paragraph without a cue or a quote is not parsed): whom a pronoun
    continues is read there ("Christie ... blasted Clinton as a 'disgrace'. '...,' he said").
    Nothing before `floor` (a live blog's item start). Parsed once per piece."""
    found = parsed.doc_at(offset)
    if found is None:
        return parsed
    start = found[0]
    if start in cache:
        return cache[start]
    before = list(sentences(text, max(floor, start - _SENTENCE_REACH), start))
    read = parsed
    if before and parsed.doc_at(before[-1][0]) is None and not text[before[-1][1] : start].strip():
        read = nlp.Parsed({**parsed.docs, **nlp.parse(text, [before[-1]]).docs})
    cache[start] = read
    return read


def _person_in_previous(text: str, p_start: int, pronoun: str, genders: quotes.Genders, floor: int = 0) -> str | None:
    """The person the paragraph before names that `pronoun` agrees with (parsed only now, when a
    pronoun needs it), never before `floor` (where a live blog's item begins)."""
    offset = max(0, floor, p_start - _LONG_PARAGRAPH)
    before = [p for p in paragraphs(text[offset:p_start])]
    if not before:
        return None
    a, b = before[-1]
    parsed = nlp.parse(text, [(offset + a, offset + b)])
    return quotes.person_before(parsed, offset + b, pronoun, genders)


def _headline_says(text: str, p_start: int, q_start: int) -> quotes.Attribution | None:
    """A Title Case headline the parser cannot read: "Iraq's PM Says 'No Need for ...'"."""
    before = text[max(p_start, q_start - 160) : q_start - 1]
    m = _BEFORE_SAYS.search(before)
    if not m or not _plausible(m.group("name")):
        return None
    name = _clean_name(m.group("name"))
    return quotes.Attribution(speaker=name, mention=name, cue="says", at=q_start - len(before) + m.start("name"))


def _introduction(
    text: str, start: int, end: int, genders: quotes.Genders, floor: int
) -> tuple[re.Match[str], str | None] | None:
    """The source and cue that end a paragraph at `end` with a colon ("The Times reports:", "He
    said:"), read from `start` on, with the source as named, or for a pronoun the person the
    paragraph before names (never before `floor`, where a live blog's item begins); None when
    it introduces nothing."""
    m = _INTRODUCES.search(text, max(start, end - _CREDIT_REACH), end)
    if m is None or not _plausible(m.group("name")):
        return None
    name = m.group("name")
    if name.lower() in quotes.PRONOUNS:
        return m, _person_in_previous(text, text.rfind("\n", 0, m.start()) + 1, name, genders, floor)
    return m, _clean_name(name)


def _introduced(text: str, p_start: int, q_start: int, genders: quotes.Genders, floor: int) -> str | None:
    """The source of a quotation that opens its paragraph after one that introduces it."""
    if text[p_start:q_start].strip() not in ("“", '"', "‘", "'"):
        return None
    window = max(0, p_start - _CREDIT_REACH)  # never the whole text before: linear in the article
    found = _introduction(text, 0, window + len(text[window:p_start].rstrip()), genders, floor)
    return found[1] if found else None


def _continued(
    text: str,
    p_start: int,
    q_start: int,
    current: tuple[int, str | None],
    previous_paragraph: tuple[int, str | None] | None,
) -> str | None:
    """A quote with no cue of its own: the rest of an interrupted quote takes the speaker of its
    paragraph; a paragraph that opens with a quote continues the previous paragraph's speaker
    (the news convention for a quote running over several paragraphs)."""
    if current[1]:
        return current[1]
    opens = text[p_start:q_start].strip() in ("“", '"', "‘", "'")
    if opens and text[max(0, p_start - _CREDIT_REACH) : p_start].rstrip().endswith(":"):
        return None  # introduced by the paragraph before (see _introduced), or by no one named
    if opens and previous_paragraph and previous_paragraph[1]:
        return previous_paragraph[1]
    return None


def _outermost(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Drop spans that lie inside another (a quote within a quote); `spans` sorted, one pass."""
    kept: list[tuple[int, int]] = []
    for start, end in sorted(spans, key=lambda s: (s[0], -s[1])):
        if kept and kept[-1][0] <= start and end <= kept[-1][1]:
            continue
        kept.append((start, end))
    return kept


_NOT_IN_NAMES = re.compile(r"[\"“”?!]")


def _name_or_none(speaker: str | None) -> str | None:
    """A source's name never holds a quotation mark, a question or an exclamation mark: words
    glued by a missing space ('ground?"Hours', '"I') are no one."""
    return None if speaker is None or _NOT_IN_NAMES.search(speaker) else speaker


def _quote_fact(
    article: Article,
    start: int,
    end: int,
    speaker: str | None,
    verb: str,
    *,
    mention: str | None = None,
    named_at: Evidence | None = None,
) -> Fact:
    while end > start and article.text[end - 1] in " ,":
        end -= 1
    speaker, mention = _name_or_none(speaker), _name_or_none(mention)
    core = strip_title(speaker)[0] if speaker else None
    return _fact(
        article,
        FactKind.quote,
        start,
        end,
        subject=core or "unattributed",
        attribute=verb,
        value=article.text[start:end],
        speaker=speaker,
        speaker_mention=mention if mention and mention != speaker else None,
        speaker_evidence=named_at,
    )


def _attribute(text: str, q_start: int, q_end: int, p_start: int, p_end: int) -> str | None:
    after = text[q_end + 1 : min(p_end, q_end + 120)]
    for rx in (_AFTER_VERB_NAME, _AFTER_NAME_VERB, _AFTER_ACCORDING):
        if (m := rx.match(after)) and _plausible(m.group("name")):
            return _clean_name(m.group("name"))
    before = text[max(p_start, q_start - 100) : q_start - 1]  # a name, a title and a verb: ~100 chars
    for rx in (_BEFORE, _BEFORE_SAYS, _BEFORE_VERB_NAME):
        if (m := rx.search(before)) and _plausible(m.group("name")):
            return _clean_name(m.group("name"))
    # "X told reporters during the briefing that ... 'a partial quote'": last speaker in the sentence
    sentence_start = max(before.rfind(". "), before.rfind("” "), before.rfind('" '))
    if re.search(r"\bsaying\b", before[max(sentence_start, 0) :]):  # "X did ..., saying '...'"
        subject = _SUBJECT.match(before[max(sentence_start, 0) :].lstrip(". ”\"'"))
        if subject and _plausible(subject.group("name")):
            return _clean_name(subject.group("name"))
    named = [m for m in _SPEAKER_VERB.finditer(before, max(sentence_start, 0)) if _plausible(m.group("name"))]
    return _clean_name(named[-1].group("name")) if named else None


def _plausible(name: str) -> bool:
    first = name.split()[0].lower()
    return first not in _NON_SPEAKERS and not re.fullmatch(rf"{_WEEKDAY}|{_MONTH}", name, re.I)


def _clean_name(name: str) -> str:
    name = re.sub(r"^(?:[Tt]hen|[Bb]ut|[Aa]nd|[Hh]owever|[Ss]o)\s+", "", name.strip(" ,"))
    return re.sub(r"^(?:The|A|An)\s+", lambda m: m.group(0).lower(), name)


# section labels that open a paragraph the way a speaker's label does ("UPDATE: ...", "WATCH: ...")
_SECTION_LABELS = frozenset(
    (
        "update, updated, breaking, watch, read, related, note, editor's note, editor’s note, correction, photo,"
        " photos, video, listen, source, sources, more, see also, close, advertisement, exclusive, opinion, analysis,"
        " file, warning"
    ).split(", ")
)


def _transcript_lines(article: Article, limit: int, run_on: set[int]) -> list[Fact]:
    """The lines of a transcript printed without quotation marks ("WALLACE: Let's start with
    ...", "PENCE: Well, look, ..."): each the words of the one its label names, when the article
    gives two speakers' labels at least (a dialogue). A line may open with a quotation mark that
    no mark in its paragraph closes; a line that is a whole quotation, or one a quotation runs on
    from (`run_on`: their paragraphs' starts, see _runs_on), is the quote extractor's. Section
    labels ("UPDATE:", "WATCH:") are none."""
    text = article.text
    lines: list[tuple[str, int, int, Evidence | None]] = []
    for p_start, p_end in paragraphs(text):
        if len(lines) > limit:
            break
        opener = text[p_start]
        if p_start in run_on:
            continue
        if opener == '"' and text.count('"', p_start, p_end) % 2 == 0 or opener == "“" and "”" in text[p_start:p_end]:
            continue  # the marks pair: a quotation, the quote extractor's
        label_at = p_start + 1 if opener in '"“' else p_start
        m = quotes.LABEL.match(text[label_at : min(p_end, label_at + 60)])
        if m is None or m.group("name").lower() in _SECTION_LABELS:
            continue
        start = label_at + m.end()
        while start < p_end and text[start].isspace():
            start += 1
        end = _trimmed_end(text, start, p_end)
        if text[start : start + 1] in ('"', "“", "'", "‘") or len(_WORD.findall(text[start:end])) < MIN_QUOTE_WORDS:
            continue
        label = _named_at(text, m.group("name"), label_at + m.start("name"))  # where the article names the speaker
        lines.append((m.group("name").title(), start, end, label))
    if len({name for name, *_ in lines}) < 2:
        return []
    return [
        _quote_fact(article, start, end, name, "said", mention=label.text if label else None, named_at=label)
        for name, start, end, label in lines[:limit]
    ]


def _tweet(article: Article, p_start: int, p_end: int, previous: tuple[int, int] | None) -> Fact | None:
    """An embedded tweet: a paragraph followed by a '— Name (@handle) date' credit line."""
    text = article.text
    m = _TWEET_CREDIT.match(text[p_start:p_end])
    if not m or previous is None:
        return None
    t_start, t_end = previous
    link = re.search(r"\s*(?:pic\.twitter\.com|https?://)\S*\s*$", text[t_start:t_end])
    if link:
        t_end = t_start + link.start()
    return _quote_fact(article, t_start, t_end, m.group("name").strip(), "tweeted")


# -- numbers ------------------------------------------------------------------------------


def _number_matches(
    text: str, spans: list[tuple[int, int]], starts: list[int], date_spans: list[tuple[int, int]], limit: int
) -> list[tuple[re.Match[str], int]]:
    """Number candidates with their sentence start; "one" is kept for now (it is a number only
    when something predicates it: "one man was killed")."""
    out: list[tuple[re.Match[str], int]] = []
    for m, s_start in _scan_sentences(_NUMBER, text, starts, spans):
        if len(out) >= limit:
            break
        if not _skip_number(text, m, date_spans) or m.group("num").lower() == "one":
            out.append((m, s_start))
    return out


def _number_units(text: str, matches: list[tuple[re.Match[str], int]]) -> list[tuple[int, int]]:
    """Sentences worth parsing for what their numbers count: those with a predicate word."""
    predicates = numbers.predicate_positions(text)  # one pass over the text
    units: list[tuple[int, int]] = []
    for m, s_start in matches:
        s_end = m.endpos
        if s_end - s_start > _LONG_PARAGRAPH:  # a run-on "sentence": only the words around the number
            s_start, s_end = max(s_start, m.start() - _WINDOW), min(s_end, m.end() + _WINDOW)
        k = bisect.bisect_left(predicates, s_start)
        if k < len(predicates) and predicates[k] < s_end and (not units or units[-1] != (s_start, s_end)):
            units.append((s_start, s_end))
    return units


def _numbers(article: Article, matches: list[tuple[re.Match[str], int]], parsed: nlp.Parsed) -> list[Fact]:
    text = article.text
    facts: list[Fact] = []
    for m, s_start in matches:
        count = numbers.count_of(parsed, m.start("num"), m.end("num"))
        category = count.category if count else None
        if m.group("num").lower() == "one" and category is None:
            continue
        if category is None and _PARTITIVE_AFTER.match(text, m.end()):
            continue  # "one of the wounded told officers", "four of them": some of a group already counted
        noun, head = _counted(text, m.end(), s_start, m.start())
        if m.group("from"):  # "troops were cut from 5,300 to 2,500": the counted noun comes first
            noun, head = _noun_before(text[max(s_start, m.start() - _NOUN_WINDOW) : m.start()])
        if count and count.noun and category:
            noun, head = count.noun, count.noun
        start, end = m.start(), m.end()
        value = text[start:end].strip()
        unit = category or (lemma(head) if head else None)
        normalized = number_value(
            _with_scale(m), qualifier=m.group("qual"), unit=unit, start=m.group("from"), low=m.group("low")
        )
        if normalized is None:
            continue
        if noun and text.find(noun, end, m.endpos) == end + 1:
            end += 1 + len(noun)
        before = _EARLIER_VALUE.search(text, max(s_start, start - 20), start)
        if before is not None:  # "2,500 troops, down from 5,300": the value before the change
            noun, head = _noun_before(text[max(s_start, before.start() - _NOUN_WINDOW) : before.start()])
            unit = category or (lemma(head) if head else unit)
        facts.append(
            _fact(
                article,
                FactKind.number,
                start,
                end,
                subject=noun or "unspecified",
                attribute=unit or "count",
                value=value,
                normalized=normalized,
                previous=before is not None,
            )
        )
        if m.group("from") and (earlier := number_value(m.group("from"), unit=unit)) is not None:
            facts.append(
                _fact(
                    article,
                    FactKind.number,
                    m.start("from"),
                    m.end("from"),
                    subject=noun or "unspecified",
                    attribute=unit or "count",
                    value=m.group("from"),
                    normalized=earlier,
                    previous=True,
                )
            )
    return facts


# words right before a number that make it the value before a change
_EARLIER_VALUE = re.compile(
    r"\b(?:down|up|rising|falling|dropping|climbing|cut|reduced|raised|increased|lowered|dropped|fell|rose|grew"
    r"|went|gone|slashed|boosted|reduction|increase|decrease|drop|rise|fall|jump|cut)\s+from\s+$"
    r"|\bcompared\s+(?:with|to)\s+$",
    re.I,
)


def _withheld(article: Article, limit: int) -> list[Fact]:
    """Statements that a value was not given ("has not offered a timeline")."""
    out = []
    for w in withheld.find(article.text, 0, len(article.text))[:limit]:
        span = article.text[w.start : w.end].rstrip(" ,")
        out.append(
            _fact(
                article,
                FactKind.withheld,
                w.start,
                w.start + len(span),
                subject=w.what,
                attribute=w.what,
                value=span,
            )
        )
    return out


def _with_scale(m: re.Match[str]) -> str:
    return m.group("num") + (m.group("scale") or "") + ("%" if m.group("pct") else "")


_NOT_A_COUNT_AFTER = re.compile(
    r"(?:st|nd|rd|th)\b|:\d|[./]\d|[\s-]+years?[\s-]+old\b|\s*[ap]\.\s?m\.|\s*[ap]m\b"
    r"|-(?:year|month|week|day|hour|minute|mile|point|game|seat|member|page|foot|story)s?\b"
    # a hyphenated modifier: "two-term president", "two-person race" (not "twenty-five people")
    r"|-(?!(?:one|two|three|four|five|six|seven|eight|nine)\b)[a-z]+\s+[a-z]",
    re.I,
)
_STREET_AFTER = re.compile(
    r"\s+(?:[NSEW]\.?\s+|(?:North|South|East|West)(?:east|west)?\s+)?(?:[A-Z0-9][\w.]*\s+){1,3}"
    r"(?:Street|St\.?|Avenue|Ave\.?|Road|Rd\.?|Boulevard|Blvd\.?|Drive|Dr\.?|Lane|Ln\.?|Way|Court|Ct\.?|Place|Pl\.?)\b"
)


def _phone_or_code(text: str, s: int, e: int) -> bool:
    """A piece of a telephone number ("901-528"), a code in parentheses ("(2274)"), or five
    digits and more written without separators (counts that large are written "274,637")."""
    before, after = text[max(0, s - 2) : s], text[e : e + 2]
    return bool(
        re.fullmatch(r"\d-", before)
        or re.fullmatch(r"-\d", after)
        or (before.endswith("(") and after.startswith(")"))
        or re.fullmatch(r"\d{5,}", text[s:e])
    )


_STATION_AFTER = re.compile(r"\s+(?:News|NewsChannel|Eyewitness|Action\s+News|On\s+Your\s+Side)\b")
_PARTITIVE_AFTER = re.compile(r"\s+of\s+(?:the|them|those|these|us|you)\b", re.I)
_FREQUENCY_AFTER = re.compile(r"\s*(?:times\b|-?fold\b)")
_AGE_APPOSITION = re.compile(r"[A-Z][\w’'-]+,\s*$")
_IDENTIFIER_BEFORE = re.compile(
    r"(?:\bH\.\s?R\.|(?<![\w.])S\.|\bNos?\.|\b(?:Phase|Article|Section|Title|Proposition|Prop\.|Chapter|Amendment|Stage"
    r"|Flight|Route|Highway|Interstate|District|Ward|Room|Level|Category|aged|ages|age"
    r"|News|Channel|Local|Fox|Eyewitness)|#)\s*$"  # a station's name: "WMC Action News 5", "WPSD Local 6"
)
_EMERGENCY_NUMBERS = frozenset({"911", "999", "112", "000"})
_EMERGENCY_AFTER = re.compile(
    r"\s*(?:calls?|callers?|dispatch\w*|operators?|centers?|centres?|lines?|tapes?|recordings?|system)\b", re.I
)
_GALLERY_COUNTER = re.compile(r"\b(?:image|photo|picture|slide)\s+(?:\d+\s+of\s*/?\s*)?$", re.I)


def _skip_number(text: str, m: re.Match[str], date_spans: list[tuple[int, int]]) -> bool:
    num = m.group("num")
    if num.lower() in ("one",) or _YEAR.match(num):
        return True
    if _NOT_A_COUNT_AFTER.match(text[m.end() : m.end() + 16]):
        return True  # ordinals, clock times, decimals and dates, ages ("58-year-old"), "a 17-month low"
    if text[max(0, m.start() - 1) : m.start()] == ":":
        return True  # the minutes of a clock time
    if _STATION_AFTER.match(text, m.end()):
        return True  # "WAVE 3 News", "Channel 4 Eyewitness News": a station's name
    if _FREQUENCY_AFTER.match(text, m.end()):
        return True  # "counted the ballots three times", "two times as many": how often or how much more
    s, e = m.start("num"), m.end("num")
    if text[max(0, s - 1) : s] == "[" and text[e : e + 1] == "]":
        return True  # a reference mark: "students.[21]"
    if _AGE_APPOSITION.search(text[max(0, m.start() - 40) : m.start()]) and re.match(r"\s*[,)]", text[e : e + 2]):
        return True  # "David McIntyre, 11, and ...": an age, not a count
    if re.search(r"\bages?\s+(?:from|between|of)?\s*$", text[max(0, m.start() - 20) : m.start()]):
        return True  # "ranged in age from 19 to 47"
    if _STREET_AFTER.match(text, e) and re.fullmatch(r"\d{2,5}", text[s:e]):
        return True  # "1311 Northwest 2nd Avenue": an address
    if _phone_or_code(text, s, e) or re.search(r"\bcall(?:ing|ed|s)?\s+$", text[max(0, s - 12) : s]):
        return True  # "901-528-CASH (2274)", "texting AWARD to 274637", "calling 911": not counts
    if text[s:e] in _EMERGENCY_NUMBERS and _EMERGENCY_AFTER.match(text, e):
        return True  # "the 911 calls", "a 999 operator": the emergency number, not a count
    if _IDENTIFIER_BEFORE.search(text[max(0, s - 16) : s]):
        return True  # a bill, a phase or an age, not a count: "H.R. 8", "Phase 2", "aged 12"
    if _GALLERY_COUNTER.search(text[max(0, s - 24) : s]):
        return True  # "Image 12 of 33": a photo gallery's counter, page furniture
    i = bisect.bisect_right(date_spans, (s, len(text))) - 1
    return i >= 0 and date_spans[i][0] <= s and e <= date_spans[i][1]


_BEING = re.compile(r"\s+(?:are|were)\s+([a-z][\w’'-]*)")


def _counted(text: str, after: int, s_start: int, before: int) -> tuple[str | None, str | None]:
    """What a number counts: the noun phrase after it ("seven were women": the noun it is), else a
    plural noun shortly before it."""
    if (being := _BEING.match(text, after, after + 40)) and _plural(being.group(1)):
        return being.group(1), being.group(1)
    words = re.match(r"((?:\s+[A-Za-z][\w.’'-]*[,;:]?){1,3})", text[after : after + 60])
    phrase: list[str] = []
    for word in words.group(1).split() if words else []:
        bare = word.rstrip(",;:")
        ends = bare != word
        if bare.endswith(".") and not re.fullmatch(r"(?:[A-Za-z]\.)+", bare):
            bare, ends = bare[:-1], True
        if bare.lower() in _NOUN_STOP or (phrase and re.fullmatch(r"[A-Z][a-z]+", bare)):
            break
        phrase.append(bare)
        if _plural(bare):
            break
        if ends:
            break
    while phrase and phrase[-1].lower() in _NOUN_STOP:
        phrase.pop()
    if phrase and (phrase[-1][0].islower() or _plural(phrase[-1])):
        head = phrase[-1]
        if head.lower() in _COUNT_HEADS and len(phrase) > 1:
            head = phrase[-2]
        return " ".join(phrase), head
    return _noun_before(text[max(s_start, before - _NOUN_WINDOW) : before])


_IRREGULAR_PLURALS = {
    "people",
    "children",
    "men",
    "women",
    "police",
    "staff",
    "personnel",
    "cattle",
    "livestock",
    "civilians",
    "troops",
    "feet",
    "teeth",
    "mice",
    "geese",
    "data",
}


def _plural(word: str) -> bool:
    w = word.lower()
    if w in _IRREGULAR_PLURALS:
        return True
    return (
        len(w) > 3
        and w.endswith("s")
        and not w.endswith(("ss", "us", "is"))
        and not word.isupper()
        and w not in _NOUN_STOP
        and "." not in w
    )


def _noun_before(text: str) -> tuple[str | None, str | None]:
    words = re.findall(r"[A-Za-z][\w’'-]*", text)[-12:]
    for i in range(len(words) - 1, -1, -1):
        w = words[i]
        if w[0].islower() and _plural(w):
            if w.lower() in _COUNT_HEADS and i > 0:
                return f"{words[i - 1]} {w}", words[i - 1]
            return w, w
    return None, None


# -- dates --------------------------------------------------------------------------------


_CONTEXT_WINDOW = 120  # characters before a date read for its subject: about the 8 words kept


def _dates(
    article: Article, spans: list[tuple[int, int]], starts: list[int], limit: int, stamps: list[tuple[int, int]]
) -> list[Fact]:
    """Date facts; time stamps and tweet signatures are not facts (their spans go to `stamps`)."""
    text = article.text
    facts: list[Fact] = []
    for m, s_start in _scan_sentences(_DATE, text, starts, spans):
        if len(facts) >= limit:
            break
        if _stamp_line(text, m.start(), m.end()):
            stamps.append((m.start(), m.end()))
            continue
        phrase = m.group(0)
        context = text[max(s_start, m.start() - _CONTEXT_WINDOW) : m.start()].split()[-8:]
        facts.append(
            _fact(
                article,
                FactKind.date,
                m.start(),
                m.end(),
                subject=" ".join(context) or "date",
                attribute="date",
                value=phrase,
                normalized=date_value(phrase, article.published, ahead=bool(AHEAD.search(" ".join(context)))),
            )
        )
    return facts


# What a line may hold besides its date and still be a time stamp, not a statement: "Published
# 26 July 2021, 14:05 GMT", "Updated: 3 March 2024". A tweet's signature line ("— Ana Lima
# (@analima) July 27, 2021") dates the tweet, not the story.
_STAMP_REST = re.compile(
    r"^(?:(?:(?:published|updated|posted|last\s+updated|date|on|at|(?-i:[A-Z]{2,4}))\b|[,:|·•-]"
    r"|\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?|\d{1,2}\s+(?:hours?|minutes?|days?)\s+ago)\s*)*$",
    re.I,
)
_TWEET_SIGNATURE = re.compile(r"^\s*[—–-]\s*[^\n]{1,80}\(@\w{1,30}\)\s*$")


def _stamp_line(text: str, start: int, end: int) -> bool:
    """True when the date stands on a line of its own as a time stamp, or signs a tweet."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end == -1 else line_end
    if line_end - line_start > 160:
        return False
    before, after = text[line_start:start], text[end:line_end]
    if _TWEET_SIGNATURE.match(before) and not after.strip():
        return True
    return bool(_STAMP_REST.match(before.strip()) and _STAMP_REST.match(after.strip()))


def _date_units(date_facts: list[Fact], spans: list[tuple[int, int]], parsed: nlp.Parsed) -> list[tuple[int, int]]:
    """The sentences that hold dates and are not parsed yet, to be parsed (syntax only) for the
    event each date dates. Bare years ("in 2003") are not: they date background, and the digest
    leaves them out."""
    units: list[tuple[int, int]] = []
    for f in date_facts:
        start, end = f.evidence.start or 0, f.evidence.end or 0
        if parsed.doc_at(start) is not None or (f.normalized and _BARE_YEAR.fullmatch(f.normalized.text)):
            continue
        sentence = _span_at(spans, start) or (start, end)
        if sentence[1] - sentence[0] > _LONG_PARAGRAPH:
            continue  # a run-on "sentence" (a list, or crafted text): its dates keep their neighbouring words
        if not units or units[-1] != sentence:
            units.append(sentence)
        if len(units) >= MAX_DATE_PARSES:
            break  # the rest keep their neighbouring words: the parse cost stays bounded per article
    return _merged(units)


# Sentences parsed for the events their dates date, at most, per article. News articles hold
# 5-40 dated sentences (seeds: 6-20); crafted text packed with dates would otherwise be parsed whole.
MAX_DATE_PARSES = 60


_BARE_YEAR = re.compile(r"\d{4}")


def _dated_event(fact: Fact, parsed: nlp.Parsed, date_parse: nlp.Parsed) -> Fact:
    """The date's subject becomes the event it dates, when the parse finds one."""
    start, end = fact.evidence.start or 0, fact.evidence.end or 0
    source = parsed if parsed.doc_at(start) is not None else date_parse
    event = dates.event_of(source, start, end)
    return fact.model_copy(update={"subject": event}) if event else fact


# -- entities -----------------------------------------------------------------------------

_ENTITY = re.compile(rf"(?<![\w@#])(?:{NAME})")


_NAME_CONTEXT = 40  # characters each side of a new capitalised word that the recogniser reads (~7 words)


def _name_window(text: str, sentence: tuple[int, int], start: int, end: int) -> tuple[int, int]:
    """The stretch of the sentence around [start, end) read for names, never cutting a word."""
    s_start, s_end = sentence
    lo, hi = max(s_start, start - _NAME_CONTEXT), min(s_end, end + _NAME_CONTEXT)
    if lo > s_start:
        lo = max(s_start, text.rfind(" ", s_start, lo) + 1)
    if hi < s_end:
        space = text.find(" ", hi, s_end)
        hi = s_end if space == -1 else space
    return lo, hi


def _span_at(spans: list[tuple[int, int]], pos: int) -> tuple[int, int] | None:
    """The span of sorted, non-overlapping `spans` that holds `pos`, or None."""
    i = bisect.bisect_right(spans, (pos, sys.maxsize)) - 1
    return spans[i] if i >= 0 and spans[i][0] <= pos < spans[i][1] else None


def _entities(
    article: Article,
    starts: list[int],
    spans: list[tuple[int, int]],
    parsed: nlp.Parsed,
    said: nlp.Parsed | None = None,
) -> list[Fact]:
    """People, organisations and places, as the named-entity recogniser reads them. Only the
    sentences where a capitalised word first appears are read (the rest name no one new), and
    those already parsed for quotes and counts are not read twice; in a paragraph parsed for
    statements (`said`) the window is read from that parse. Title Case headlines are left out:
    their capitals say nothing about names."""
    text = article.text
    headlines = [(a, b) for a, b in paragraphs(text) if _title_case(text[a:b])]
    seen: set[str] = set()
    wanted: list[tuple[int, int]] = []
    for m in _scan(_ENTITY, text, starts):
        words = m.group(0).split()
        while words and words[0].casefold() in STOPWORDS:  # "The", "But", "He": capitals of position
            words.pop(0)
        folded = {w.casefold().strip("’'.,") for w in words}
        if not words or folded <= seen:
            continue  # "Trump" after "Donald Trump": a name read once, at its first mention
        sentence = _span_at(spans, m.start())
        if sentence is None:
            continue
        if len(words) == 1 and not text[sentence[0] : m.start()].strip():
            continue  # one capital opening a sentence: a name there is named again mid-sentence
        seen |= folded
        if parsed.doc_at(m.start()) is not None:
            continue
        if _span_at(headlines, m.start()) is not None:
            continue
        wanted.append(_name_window(text, sentence, m.start(), m.end()))
    pieces = _merged(wanted)
    bounds = {edge for span in spans for edge in span}
    cut = {edge for piece in pieces for edge in piece if edge not in bounds}  # a window's edge inside a sentence
    # a window inside a paragraph parsed for statements is read there, not parsed again
    covered: list[tuple[int, Any]] = []
    to_read = []
    for a, b in pieces:
        found = said.doc_at(a) if said is not None else None
        span = None
        if found is not None and b <= found[0] + nlp.text_length(found[1]):
            base, doc = found
            span = doc.char_span(a - base, b - base, alignment_mode="expand")
        if span is not None and found is not None:
            covered.append((found[0], span))
        else:
            to_read.append((a, b))
    read = nlp.parse(text, to_read, only=("ner",))
    docs = [*parsed.docs.items(), *read.docs.items(), *covered]
    facts = []
    for name in names_in(text, docs):
        if name.start in cut or name.end in cut:
            continue  # may be cut short by the window; its own first mention has a window of its own
        if _span_at(headlines, name.start) is not None:
            continue
        facts.append(
            _fact(
                article,
                FactKind.entity,
                name.start,
                name.end,
                subject=name.core,
                attribute=name.kind,
                value=text[name.start : name.end],
            )
        )
    return facts


def _title_case(line: str) -> bool:
    """A headline written in Title Case: its capitals say nothing about names."""
    words = re.findall(r"[A-Za-z][\w’'-]*", line)
    long_words = [w for w in words if len(w) > 3]
    if len(words) < 4 or len(words) > 20 or line.rstrip().endswith((".", "”", '"')):
        return False
    return sum(w[0].isupper() for w in long_words) >= 0.6 * len(long_words)
