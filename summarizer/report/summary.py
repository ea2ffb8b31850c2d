"""The neutral summary of a reconciled table: the model's, when it can be checked against the
table; otherwise a deterministic digest built from the table itself."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from ..check.claims import check_summary
from ..errors import ConfigurationError, ModelError
from ..facts.numbers import COUNT_CATEGORIES, counted_thing, numbers_agree
from ..facts.quotes import quoted_by_all
from ..language import nlp
from ..language.lexicon import WEEKDAY_RE, wordlist, wordmap
from ..language.text import content_words, jaccard, lemma, quote_open, sentences
from ..model.client import Meter, ModelClient
from ..model.prompts import load_template
from ..models import (
    Article,
    Cluster,
    ClusterStatus,
    ClusterValue,
    Fact,
    FactKind,
    Report,
    Summary,
    SummarySentence,
    TemplateRef,
    Usage,
)

SUMMARY_TEMPLATE = "summarize"
MAX_SENTENCES = 5
MAX_LINES = 12


Names = dict[str, str]


def outlet_names(articles: list[Article]) -> Names:
    """Article id -> the name a reader knows it by: its outlet, else the site of its URL
    ("nytimes.com"), else a short form of its file name or id; never its headline. Two articles
    of one outlet are told apart by their ids."""
    names = {a.id: a.outlet or _site(a.url) or _short_name(a) for a in articles}
    counts: dict[str, int] = {}
    for name in names.values():
        counts[name] = counts.get(name, 0) + 1
    return {i: (n if counts[n] == 1 else f"{n} ({i})") for i, n in names.items()}


def outlet_of_article(article: Article) -> str:
    """Who published an article, for telling outlets apart: its outlet, else its URL's site, else
    the article itself (an article of unknown origin is an outlet of its own)."""
    return article.outlet or _site(article.url) or f"\0{article.id}"


def _site(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url if "//" in url else f"//{url}").hostname or ""
    return host.removeprefix("www.") or None


def _short_name(article: Article) -> str:
    """A short form of the file name ("reuters-cranes.txt" -> "reuters-cranes"), else the id."""
    stem = Path(article.source).stem if article.source and article.source != "-" else article.id
    return stem if len(stem) <= 40 else stem[:39] + "…"


def _listed(ids: list[str], names: Names | None = None) -> str:
    """The articles' outlet names, comma-separated ("Harbour Gazette, Coast Courier")."""
    return ", ".join((names or {}).get(i, i) for i in ids)


def _cite(ids: list[str], names: Names | None = None) -> str:
    return f"[{_listed(ids, names)}]"


def describe(cluster: Cluster, names: Names | None = None) -> str:
    """One neutral line for a cluster, with citations (outlet names when `names` are given)."""
    v = cluster.values[0]
    cite = _cite(sorted({a for value in cluster.values for a in value.article_ids}), names)
    if cluster.kind is FactKind.quote:
        who = v.speaker or cluster.subject
        return f'{who} said: "{_clip(v.value)}" {cite}'
    if cluster.kind is FactKind.number:
        return f"{v.value} {cluster.subject} {cite}"
    if cluster.kind is FactKind.date:
        return f"{v.value} (… {cluster.subject}) {cite}"
    return f"{cluster.subject}: {cluster.what} {v.value} {cite}"


def describe_conflict(cluster: Cluster, names: Names | None = None) -> str:
    """One line naming a disagreement and each side's sources."""
    kinds = ", ".join(k.value for k in cluster.conflict_kinds)

    others = [v.value for v in cluster.values]

    def side(v: ClusterValue) -> str:
        who = f"{v.speaker}: " if v.speaker and cluster.kind is FactKind.quote else ""
        return f'{who}"{clip_around(v.value, others)}" {_cite(v.article_ids, names)}'

    sides = "; ".join(side(v) for v in cluster.values)
    return f"{cluster.subject} ({cluster.what}) differs [{kinds}]: {sides}"


def clip_around(text: str, versions: list[str], limit: int = 160) -> str:
    """`text` in full when it fits; else windows around the first and the last word where it
    differs from the other versions, so a shortened value never hides the difference ("… by the
    end of the year, in a combat mission" against "… in a combat zone")."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    words = text.split()
    changed: list[int] = []
    for other in versions:
        theirs = other.split()
        if theirs == words:
            continue
        for op, i1, i2, _, _ in difflib.SequenceMatcher(a=words, b=theirs, autojunk=False).get_opcodes():
            if op != "equal":
                changed += [i1, max(i1, i2 - 1)]
    if not changed:
        return _clip(text, limit)
    first, last = min(changed), min(max(changed), len(words) - 1)
    head = (max(0, first - 4), min(len(words), first + 8))
    tail = (max(head[1], last - 6), min(len(words), last + 4))
    parts = [("… " if head[0] else "") + " ".join(words[head[0] : head[1]])]
    if tail[1] > tail[0]:
        parts.append(" ".join(words[tail[0] : tail[1]]))
    out = (" … " if tail[0] > head[1] else " ").join(parts)
    return out + (" …" if tail[1] < len(words) else "")


def _clip(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


_BARE_DAY = re.compile(rf"^(?:(?:on|in|last|this|since)\s+)?(?:{WEEKDAY_RE}|\d{{4}})$", re.I)
_TIME_UNITS = {"year", "decade", "month", "week", "day", "hour", "minute", "second", "century"}


def trivial(cluster: Cluster) -> bool:
    """Agreement that tells an editor nothing on its own: a bare weekday or year ("Monday", "in
    2003"), a span of time ("two decades"), a number that counts nothing named."""
    if cluster.kind is FactKind.date:
        return all(_BARE_DAY.match(" ".join(v.value.split())) for v in cluster.values)
    if cluster.kind is FactKind.number:
        return cluster.what in _TIME_UNITS or (cluster.what == "count" and cluster.subject == "unspecified")
    return False


def _ranked(clusters: list[Cluster], status: ClusterStatus) -> list[Cluster]:
    chosen = [
        c
        for c in clusters
        if c.status is status and c.kind is not FactKind.entity and not (status is ClusterStatus.agreed and trivial(c))
    ]
    return sorted(chosen, key=lambda c: (-len({a for v in c.values for a in v.article_ids}), c.id))


_COUNT_WORDS = ["no", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten"]


def _count(n: int) -> str:
    return _COUNT_WORDS[n] if n < len(_COUNT_WORDS) else str(n)


def _who(ids: list[str], total: int, names: Names | None, outlet_of: dict[str, str] | None = None) -> str:
    """ "All five outlets", "Both outlets", "Two outlets (A, B)"; "Two articles from one outlet
    (A (a1), A (a2))" when some of the articles are one outlet's (`outlet_of`: article id -> its
    outlet), for one outlet printing a fact twice is not two outlets reporting it."""
    outlets = {(outlet_of or {}).get(i, i) for i in ids}
    if len(outlets) < len(ids):
        many = "outlet" if len(outlets) == 1 else "outlets"
        return f"{_count(len(ids))} articles from {_count(len(outlets)).lower()} {many} ({_listed(ids, names)})"
    if len(ids) == total and total == 2:
        return "Both outlets"
    if len(ids) == total and total > 2:
        return f"All {_count(total).lower()} outlets"
    return f"{_count(len(ids))} outlets ({_listed(ids, names)})"


def agreed_sentence(
    cluster: Cluster, total: int, names: Names | None = None, outlet_of: dict[str, str] | None = None
) -> str:
    """One sentence an editor can paste: who reports what, outlets by name (`outlet_of`: article
    id -> its outlet, so that two articles of one outlet are not called two outlets)."""
    ids = sorted({a for value in cluster.values for a in value.article_ids})
    who = _who(ids, total, names, outlet_of)
    v = cluster.values[0]
    if cluster.kind is FactKind.quote:
        speaker = v.speaker or cluster.subject
        shared = quoted_by_all([x.value for x in cluster.values])
        if shared is not None:  # the words every outlet quotes, not one outlet's longer excerpt
            return f'{who} quote {speaker}: "{_clip(shared)}"'
        renderings = "; ".join(f'"{_clip(x.value)}" ({_listed(x.article_ids, names)})' for x in cluster.values)
        return f"{who} quote {speaker}: {renderings}"
    if cluster.kind is FactKind.number:
        same = {lemma(w) for w in cluster.subject.split()} >= {lemma(w) for w in cluster.what.split()}
        what = cluster.subject if same else f"{cluster.subject} {cluster.what}"
        what = what.lower() if what.isupper() else what
        if len(cluster.values) > 1:  # "15 others" and "at least 12 more": each outlet's own figure
            figures = "; ".join(f"{x.value} ({_listed(x.article_ids, names)})" for x in cluster.values)
            return f"{who} report {what}: {figures}"
        value = v.value if any(ch.isdigit() for ch in v.value) else v.value.lower()
        return f"{who} report {value} {what}"
    if cluster.kind is FactKind.date:
        return f'{who} date "{cluster.subject}" {v.value}'
    return f"{who} report: {cluster.subject} {cluster.what} {v.value}"


def denial_mark(denied: bool) -> str:
    """What the pages (Markdown, the review page) set before the words of a value reported as
    denied ("X denied that S"): "denied: “S”", never S alone."""
    return "denied: " if denied else ""


def _denied(value: ClusterValue) -> str:
    """How a value reported as denied ("X denied that S") is read: "denied" before its words,
    which are what the source says is not so."""
    return "denied " if value.denied else ""


def _difference(cluster: Cluster) -> str:
    """What a conflict is about, in a few words ("the wording of Jen Psaki's quote")."""
    kinds = {k.value for k in cluster.conflict_kinds}
    if "name_spelling" in kinds:
        return f"the spelling of {cluster.subject}"
    if "quote_wording" in kinds:
        speaker = cluster.values[0].speaker or cluster.subject
        return f"the wording of {speaker}'s quote"
    if "paraphrase_shift" in kinds:
        speaker = cluster.values[0].speaker or cluster.subject
        return f"what {speaker} said ({shift_reasons(cluster)})"
    if "attribution" in kinds:
        return f'who said "{_clip(cluster.values[0].value, 60)}"'
    if "contradiction" in kinds and cluster.kind is FactKind.claim:
        return f"whether {cluster.values[0].speaker or cluster.subject} denied it"
    if "contradiction" in kinds:
        withheld = re.match(r"(\w+)", cluster.attribute) if cluster.kind is FactKind.withheld else None
        if withheld and withheld.group(1) == "details":
            return f"whether details of {cluster.subject} were given"
        if withheld:
            return f"whether the {withheld.group(1)} of {cluster.subject} was given"
        return f"whether {cluster.subject} {cluster.what}"
    if cluster.previous:
        return f"how many {cluster.subject} before the change"
    if cluster.kind is FactKind.number:
        return f"how many {cluster.subject}"
    return cluster.subject if cluster.kind is not FactKind.date else f'the date of "{cluster.subject}"'


def digest(
    clusters: list[Cluster],
    *,
    note: str | None = None,
    names: Names | None = None,
    articles: Iterable[Article] = (),
    facts: Iterable[Fact] = (),
) -> Summary:
    """A deterministic summary an editor can paste: first what happened, in the words of the
    article sentence most outlets share (`lead`), then the key facts several outlets agree on,
    each with the outlets by name, then "Outlets differ on: ..." and one sentence per
    disagreement. Each sentence lists the clusters and articles it rests on; a fact of uncertain
    identity (what a bare number counts, a verb phrase as the thing dated) makes no sentence."""
    articles = list(articles)
    facts = list(facts)
    named = _named_in_place(clusters, facts, {a.id: a.text for a in articles}) if articles else None
    texts = {a.id: a.text for a in articles}
    by_id = {f.id: f for f in facts}
    outlet_of = {a.id: outlet_of_article(a) for a in articles}
    agreed = [
        c
        for c in _ranked(clusters, ClusterStatus.agreed)
        if key_fact(c)
        and len({outlet_of.get(i, i) for v in c.values for i in v.article_ids}) > 1  # one outlet twice: no agreement
        and (c.kind is not FactKind.quote or named is None or c.id in named)
        and (c.kind is not FactKind.number or not _quoted_numbers(c, by_id, texts))
        and (c.kind is not FactKind.number or not _others_unsaid(c, by_id, texts))
    ][:MAX_KEY_FACTS]
    conflicts = [c for c in clusters if c.status is ClusterStatus.conflict]
    total = len({a for c in clusters for v in c.values for a in v.article_ids} | set(names or {}))
    lines: list[str] = []
    sentences: list[SummarySentence] = []

    def add(found: list[Cluster], line: str, *, bullet: bool = False) -> None:
        lines.append(f"- {line}" if bullet else line)
        ids = sorted({a for c in found for v in c.values for a in v.article_ids})
        sentences.append(
            SummarySentence(text=line, cluster_ids=[c.id for c in found], article_ids=ids, status="from_table")
        )

    for sentence in lead(articles, names or {}):
        lines.append(sentence.text)
        sentences.append(sentence)
    for c in agreed:
        add([c], agreed_sentence(c, total, names, outlet_of) + ".")
    if conflicts:
        add(conflicts, "Outlets differ on: " + "; ".join(_difference(c) for c in conflicts) + ".")
        for c in conflicts:
            add([c], conflict_sentence(c, names), bullet=True)
    shared = any(len({a for v in c.values for a in v.article_ids}) > 1 for c in clusters)
    if not lines and not shared:
        lines.append("No fact was reported by more than one outlet.")
    cited = sorted({a for s in sentences for a in s.article_ids})
    return Summary(text="\n".join(lines), method="digest", cited_articles=cited, note=note, sentences=sentences)


MAX_KEY_FACTS = 4
# NeuS train, 147 roundups, ROUGE-1 F1 of the digest: 2 sentences 0.378 (no bonus) / 0.379 (0.1);
# 3 sentences 0.382 / 0.386. Two are kept: the digest's agreed facts and disagreements follow.
LEAD_BONUS = 0.1  # a sentence's score for standing first in its article (the bonus fades over the window)
LEAD_SENTENCES = 2  # the editors' neutral summaries of NeuS train run 2-3 sentences
_LEAD_WINDOW = 6  # sentences from the top of each article that may lead the digest
_LEAD_WORDS = (8, 60)  # a lead sentence's length in words: a headline fragment is no sentence, a run-on no lead
# first words of a sentence that lean on the one before ("But now Moore has decided ...")
_LEANS_ON_CONTEXT = frozenset(
    """but and so yet also however still meanwhile instead then this that these those he she they it his
    her their""".split()
)
_FURNITURE = re.compile(
    r"\b(?:photo|image|caption|copyright|click|subscribe|getty|ap photo|file photo"
    # the page speaking to its reader: accounts, newsletters, the browser
    r"|sign(?:ing|ed)? up|verification|spam|newsletters?|log(?:ged|ging)? in|your inbox|e-?mail address"
    r"|terms of (?:use|service)|privacy policy|rights reserved|your browser|javascript|cookies"
    r"|notifications?|e-?mail alerts?|follow us|share this|read more|advertisement"
    # a subscription's and a station's own notices ("this zipcode is not in our deliverable area")
    r"|subscriptions?|zip ?codes?|deliverable area|network-owned|station groups?)\b",
    re.I,
)


LEAD_PEERS = 25  # the openings a candidate is compared with: all of a roundup's, a sample of a big story's


def _peers(ids: list[str]) -> list[str]:
    """The articles whose openings candidates are compared with: every one up to LEAD_PEERS + 1,
    else LEAD_PEERS + 1 spread evenly over the story (so a story's lead costs time linear in its
    articles, not quadratic)."""
    if len(ids) <= LEAD_PEERS + 1:
        return ids
    step = len(ids) / (LEAD_PEERS + 1)
    return [ids[int(k * step)] for k in range(LEAD_PEERS + 1)]


@dataclass(frozen=True)
class _Lead:
    """A sentence from the top of an article that may lead the digest."""

    article: Article
    start: int
    end: int
    words: frozenset[str]
    rank: int  # its place among its article's candidates


def lead(articles: list[Article], names: Names) -> list[SummarySentence]:
    """What happened, in an outlet's own words: the sentences from the top of the articles that
    share the most content words with the other outlets' openings (a centroid, as LexRank picks
    one), each cited to its outlet. Verbatim, so every name and number in it is the outlet's.
    With one article, its first sentence."""
    candidates = [c for article in articles for c in _lead_candidates(article)]
    by_article: dict[str, list[frozenset[str]]] = {}
    for c in candidates:
        by_article.setdefault(c.article.id, []).append(c.words)
    peers = _peers(list(by_article))

    def score(c: _Lead) -> float:
        others = [by_article[aid] for aid in peers if aid != c.article.id][: LEAD_PEERS - 1]
        if not others or not c.words:
            return 0.0
        shared = sum(max(jaccard(c.words, w) for w in ws) for ws in others) / len(others)
        return shared + LEAD_BONUS * (1 - c.rank / _LEAD_WINDOW)

    scores = [score(c) for c in candidates]
    chosen: list[int] = []
    for i in sorted(range(len(candidates)), key=lambda i: (-scores[i], i)):
        if len(chosen) >= LEAD_SENTENCES or (chosen and scores[i] == 0):
            break
        if any(jaccard(candidates[i].words, candidates[k].words) > 0.35 for k in chosen):
            continue  # says again what a chosen sentence says
        c = candidates[i]
        if not _states_something(c.article.text[c.start : c.end]):
            continue  # a caption: "The mobile home park where the shooting took place."
        chosen.append(i)
    out = []
    for c in (candidates[i] for i in sorted(chosen)):
        text = " ".join(c.article.text[c.start : c.end].split())
        out.append(
            SummarySentence(
                text=f"{text} ({names.get(c.article.id, c.article.id)})",
                article_ids=[c.article.id],
                status="from_table",
            )
        )
    return out


def _states_something(sentence: str) -> bool:
    """The sentence has a verb with a subject of its own, outside any clause of a noun: it states
    something. A photo's caption is a noun phrase ("The mobile home park in Manvel where the
    shooting took place.", "The scene outside the store on Monday."), whose only verb, if any, is
    in a clause of the noun; a dateline ("MADISON—A man killed Sunday was identified ...") may
    stand at the root. Without the parser's model (a model-only install), every sentence passes,
    as before this check."""
    try:
        parsed = nlp.parse(sentence, [(0, len(sentence))], only=("tok2vec", "tagger", "parser"))
    except ConfigurationError:
        return True
    return any(
        t.tag_.startswith(("VB", "MD"))
        and t.dep_ not in ("relcl", "acl")
        and any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in t.children)
        for doc in parsed.docs.values()
        for t in doc
    )


def _lead_candidates(article: Article) -> list[_Lead]:
    found: list[_Lead] = []
    for n, (start, end) in enumerate(sentences(article.text)):
        if n >= _LEAD_WINDOW:
            break
        text = article.text[start:end]
        words = text.split()
        first = words[0].strip("\"“‘'").lower() if words else ""
        if (
            _LEAD_WORDS[0] <= len(words) <= _LEAD_WORDS[1]
            and not _FURNITURE.search(text)
            and text.rstrip()[-1:] in '.!?"”'
            and first not in _LEANS_ON_CONTEXT
        ):
            found.append(_Lead(article, start, end, frozenset(content_words(text)), len(found)))
    return found


_CREDIT = r"(?:said|says|told|wrote|:)"


def _others_unsaid(cluster: Cluster, facts: dict[str, Fact], texts: dict[str, str]) -> bool:
    """Some outlet counts others besides those already counted ("two other people showed up at
    the hospital", "five other victims") and the sentence would not say so: "report two people
    injured" would state the part as the whole."""
    if re.search(r"\b(?:others?|more)\b", cluster.subject, re.I):
        return False  # "four others injured": the sentence says it
    for v in cluster.values:
        for fid in v.fact_ids:
            f = facts.get(fid)
            if f is not None and f.evidence.start is not None and f.article_id in texts:
                if counted_thing(f.subject, f.attribute, texts[f.article_id][f.evidence.start :])[0] != "total":
                    return True
    return False


def _quoted_numbers(cluster: Cluster, facts: dict[str, Fact], texts: dict[str, str]) -> bool:
    """Some outlet gives the number inside someone's quoted words ("not two Million Dollars"):
    what the speaker claims or denies, not what the outlets report."""
    for v in cluster.values:
        for fid in v.fact_ids:
            f = facts.get(fid)
            if f is None or f.evidence.start is None or f.article_id not in texts:
                continue
            text = texts[f.article_id]
            paragraph_start = text.rfind("\n", 0, f.evidence.start) + 1
            if quote_open(text[paragraph_start : f.evidence.start]):
                return True
    return False


def _named_in_place(clusters: list[Cluster], facts: list[Fact], texts: dict[str, str]) -> set[str]:
    """Quote clusters whose speaker's surname stands beside the quote in every article that
    gives it (not carried over from an earlier paragraph, where it may be someone else's)."""
    by_id = {f.id: f for f in facts}
    out = set()
    for c in clusters:
        if c.kind is not FactKind.quote or not c.values[0].speaker:
            continue
        surname = c.values[0].speaker.split()[-1]
        ok = True
        for v in c.values:
            for fid in v.fact_ids:
                f = by_id.get(fid)
                text = texts.get(f.article_id, "") if f else ""
                if f is None or f.evidence.start is None or f.evidence.end is None:
                    ok = False
                    continue
                after = text[f.evidence.end : f.evidence.end + 60]
                before = text[max(0, f.evidence.start - 100) : f.evidence.start]
                credited = re.search(rf"{re.escape(surname)}[^.\"“”]{{0,40}}{_CREDIT}\s*[\"“]?$", before)
                named_after = re.search(rf"(\b[A-Z][\w’'-]*\s+)?{re.escape(surname)}\b", after)
                other_person = (
                    named_after is not None
                    and named_after.group(1) is not None
                    and (named_after.group(1).strip() not in c.values[0].speaker.split())
                )  # "... ,” Jonathon Walker told his brother": another Walker
                ok = ok and ((named_after is not None and not other_person) or credited is not None)
        if ok:
            out.add(c.id)
    return out


def key_fact(cluster: Cluster) -> bool:
    """An agreed fact worth a digest sentence, stated so that it reads true on its own: a count
    of a named thing with what happened to it ("three people injured"), or a quote of a person
    named in the articles."""
    if cluster.kind is FactKind.quote:
        speaker = cluster.values[0].speaker or ""
        words = speaker.split()
        return (
            not cluster.values[0].speaker_inferred
            and len(words) >= 2
            and all(w[:1].isupper() for w in words[-2:])
            and words[0].lower() not in _LEANS_ON_CONTEXT
        )
    if cluster.kind is FactKind.number:
        if any("%" in v.value or "percent" in v.value.lower() for v in cluster.values):
            return False  # a share of something: what it is a share of is not in the sentence
        figures = [v.normalized for v in cluster.values if v.normalized]
        if any(not numbers_agree(a, b) for i, a in enumerate(figures) for b in figures[i + 1 :]):
            return False  # "500 million" and "more than 1 billion" doses: kept together, not one figure
        words = cluster.subject.split()
        head = words[-1].lower() if words else ""
        if trivial(cluster) or not words or not all(w.isalpha() for w in words) or cluster.previous:
            return False
        if any(w.lower() in _COUNT_CATEGORY_WORDS for w in words) or head in ("block", "blocks", "counts"):
            return False  # "6 confirmed dead killed", "At least 4 fired shots": no noun phrase to state
        if cluster.attribute in COUNT_CATEGORIES:
            return head in wordlist("people_nouns")  # "three people injured", not "three shootings killed"
        if head in wordlist("people_nouns"):
            return False  # "two men", "seven people": who they are and what happened is not stated
        return (  # "12 new bus routes", "five bodies"; not "21 turns", "911 generations"
            cluster.attribute == lemma(head) and head in wordlist("people_nouns") | wordlist("count_nouns")
        )
    return False


_COUNT_CATEGORY_WORDS = frozenset(wordmap("count_predicates")) | COUNT_CATEGORIES


def shift_reasons(cluster: Cluster) -> str:
    """How the renderings of a statement differ ("negation", "number, qualifier")."""
    return ", ".join(cluster.shifts) or "meaning"


def conflict_sentence(cluster: Cluster, names: Names | None = None) -> str:
    """One sentence naming a disagreement, each side with its outlets by name."""
    kinds = {k.value for k in cluster.conflict_kinds}
    versions = [v.value for v in cluster.values]

    def outlets(v: ClusterValue) -> str:
        return _listed(v.article_ids, names)

    def sides(fmt: str) -> str:
        return "; ".join(
            _denied(v)
            + fmt.format(value=clip_around(v.value, versions), speaker=v.speaker or "no one named", outlets=outlets(v))
            for v in cluster.values
        )

    if "name_spelling" in kinds:
        return f"Outlets spell {cluster.subject} differently: " + sides("{value} ({outlets})") + "."
    if "attribution" in kinds:
        return f'Outlets give "{_clip(versions[0], 80)}" to different people: ' + sides("{speaker} ({outlets})") + "."
    if "quote_wording" in kinds:
        speaker = cluster.values[0].speaker or cluster.subject
        return f"Outlets quote {speaker} differently: " + sides('"{value}" ({outlets})') + "."
    if "paraphrase_shift" in kinds:
        speaker = cluster.values[0].speaker or cluster.subject
        reasons = shift_reasons(cluster)
        return (
            f"Outlets report {speaker} as saying different things ({reasons}): " + sides('"{value}" ({outlets})') + "."
        )
    if cluster.kind is FactKind.number and not cluster.previous:
        what = cluster.subject
        head = cluster.subject.split()[-1].lower() if cluster.subject.split() else ""
        said_already = wordmap("count_predicates").get(lemma(head)) == cluster.attribute  # "deaths": killed
        if cluster.attribute in COUNT_CATEGORIES and cluster.attribute not in cluster.subject and not said_already:
            what = f"{cluster.subject} were {cluster.attribute}"
        return f"Outlets differ on how many {what}: " + sides("{value} ({outlets})") + "."
    if cluster.kind is FactKind.date:
        return f"Outlets date {cluster.subject} differently: " + sides("{value} ({outlets})") + "."
    return f"Outlets differ on {_difference(cluster)}: " + sides('"{value}" ({outlets})') + "."


MIN_KEPT = 0.5  # share of the model's sentences that must pass the check, else the digest is used


def summarize_table(
    clusters: list[Cluster],
    article_ids: set[str],
    client: ModelClient | None,
    names: Names | None = None,
    facts: Iterable[Fact] = (),
    articles: Iterable[Article] = (),
) -> tuple[Summary, Usage, TemplateRef | None]:
    """The model's summary, sentence by sentence checked against the table (`claims`): failing
    sentences are dropped with their reason; when fewer than MIN_KEPT of them pass, the digest
    is used (which cites outlets by `names`; the model is always shown article ids, which its
    citations must use)."""
    articles = list(articles)
    facts = list(facts)

    def fallback(note: str | None = None) -> Summary:
        return digest(clusters, note=note, names=names, articles=articles, facts=facts)

    if client is None:
        return fallback(), Usage(), None
    template = load_template(SUMMARY_TEMPLATE)
    ranked = _ranked(clusters, ClusterStatus.agreed)
    ranked += [c for c in _ranked(clusters, ClusterStatus.single_source) if not trivial(c)]
    agreed = [describe(c) for c in ranked[:MAX_LINES]]  # agreed first, then what one outlet reports
    conflicts = [describe_conflict(c) for c in clusters if c.status is ClusterStatus.conflict]
    if not agreed and not conflicts:
        return fallback(), Usage(), template.ref
    messages = template.render(agreed=agreed, conflicts=conflicts, max_sentences=MAX_SENTENCES)
    meter = Meter()
    try:
        text = client.text(messages, template=template.ref, meter=meter)
    except ModelError as err:  # the digest stands; what the failed call cost is still counted
        return fallback(f"model summary failed: {err}"), meter.usage, template.ref
    usage = meter.usage
    checked = check_summary(text, clusters, article_ids, facts, (names or {}).values())
    kept = [c for c in checked if c.status == "cited"]
    failed = [c for c in checked if c.status != "cited"]
    if not kept or len(kept) < MIN_KEPT * len(checked):
        reasons = "; ".join(f"{c.reason}" for c in failed[:3]) or "it has no sentence"
        why = f"the model's summary failed the check ({len(failed)} of {len(checked)} sentences): {reasons}"
        used = fallback(why)
        return used.model_copy(update={"sentences": used.sentences + failed}), usage, template.ref
    cited = sorted({a for c in kept for a in c.article_ids})
    note = f"{len(failed)} sentence(s) of the model's summary dropped, see sentences" if failed else None
    summary = Summary(
        text=" ".join(c.text for c in kept), method="model", cited_articles=cited, sentences=checked, note=note
    )
    return summary, usage, template.ref


def lone_values(clusters: list[Cluster]) -> list[tuple[Cluster, list[Cluster]]]:
    """Values only one outlet gives on something other outlets give a different value for: a
    single-source number with the same counted thing as another cluster of a different count,
    or a single-source date of the same event with another date. Not a conflict (the matcher
    did not pair them), but an editor should see them side by side."""
    out: list[tuple[Cluster, list[Cluster]]] = []
    keyed: dict[tuple[str, str], list[Cluster]] = {}
    for c in clusters:
        if c.kind in (FactKind.number, FactKind.date) and c.status is not ClusterStatus.conflict:
            keyed.setdefault(_lone_key(c), []).append(c)
    for c in clusters:
        if c.status is not ClusterStatus.single_source or c.kind not in (FactKind.number, FactKind.date):
            continue
        mine = set(c.values[0].article_ids)
        value = c.values[0].normalized.text if c.values[0].normalized else c.values[0].value
        others = [
            o
            for o in keyed.get(_lone_key(c), [])
            if o.id != c.id
            and not mine & {a for v in o.values for a in v.article_ids}
            and (o.values[0].normalized.text if o.values[0].normalized else o.values[0].value) != value
        ]
        if others and not trivial(c):
            out.append((c, others))
    return out


def _lone_key(cluster: Cluster) -> tuple[str, str]:
    if cluster.kind is FactKind.number:
        return ("number", " ".join(sorted(lemma(w) for w in f"{cluster.subject} {cluster.what}".lower().split())))
    return ("date", " ".join(sorted(lemma(w) for w in cluster.subject.lower().split())))


@dataclass(frozen=True)
class Said:
    """One rendering of a statement: its words, whether quoted directly or paraphrased, by which
    articles, and whether the source is reported to deny them."""

    value: str
    direct: bool
    article_ids: list[str]
    denied: bool = False


def said_by_source(report: Report) -> list[tuple[str, list[list[Said]]]]:
    """'What each source is reported to have said': for each source of a statement that two or
    more outlets report, its statements (each the renderings of one statement, quoted or
    paraphrased), the most widely reported source and statement first."""
    by_source: dict[str, list[Cluster]] = {}
    for c in report.clusters:
        if c.kind is FactKind.claim and c.values[0].speaker:
            by_source.setdefault(c.values[0].speaker, []).append(c)

    def spread(c: Cluster) -> int:
        return len({a for v in c.values for a in v.article_ids})

    shared = {who: [c for c in cs if spread(c) > 1] for who, cs in by_source.items()}
    shared = {who: cs for who, cs in shared.items() if cs}
    kinds = {f.id: f.kind for f in report.facts()}
    out = []
    for who in sorted(shared, key=lambda w: (-max(spread(c) for c in shared[w]), w)):
        statements = []
        for c in sorted(shared[who], key=lambda c: -spread(c)):
            statements.append(
                [
                    Said(
                        v.value,
                        any(kinds.get(i) is FactKind.quote for i in v.fact_ids),
                        list(v.article_ids),
                        v.denied,
                    )
                    for v in c.values
                ]
            )
        out.append((who, statements))
    return out
