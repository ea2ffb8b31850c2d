"""Is every disagreement the report flags real? The editor's report against real multi-outlet news.

    .venv/bin/python bench/conflicts.py --neus PATH/TO/naacl2022_lrc_roundup_random_order_probe --split val
    .venv/bin/python bench/conflicts.py --semeval PATH/TO/LongTailQATask/EventRegistries/GunViolenceArchive
    .venv/bin/python bench/conflicts.py --polnear PATH/TO/PolNeAR/data
    ... --show            # print every flag and digest sentence not judged yet, with its evidence
    ... --show --agreements   # and every agreement across outlets not judged yet
    ... --skip 500 --limit 500   # events after the first 500: a set not read before (held-out estimate)

Data (not shipped; pass the paths):
- NeuS (github.com/HLTCHKUST/framing-bias-metric, `data/naacl2022_lrc_roundup_random_order_probe`):
  each line of `<split>.source` holds the openings of three outlets' articles (left, centre,
  right, in random order) on one event, separated by `[SEP]`; `<split>.target` is an editor's
  neutral summary. Only `train` and `val`: `test` is held out and refused.
- SemEval-2018 Task 5 (github.com/cltl/LongTailQATask): gun-violence incidents with several
  articles each; **even** incident ids only (odd ids are held out), read as bench/counts.py does.
- PolNeAR (github.com/networkdynamics/PolNeAR, `data/`): whole political articles of 7 US
  outlets; the few events two or more of them covered are found by date and wording
  (`polnear_events`). Only `train` and `dev`: `test` is held out and never read.

Each event runs through the library's own door, `summarize(..., extractor="rules")`: the report
an editor reads. Every flagged disagreement (a cluster with status `conflict`) and every digest
sentence gets a stable key (event and the values' words); our judgments, made by reading the
articles, live in `bench/judgments/conflicts.jsonl` and `bench/judgments/digest.jsonl`, one JSON
object a line with `key`, `real` (or `true` for a digest sentence) and `reason`; agreements across
outlets (agreed clusters whose articles come from two outlets or more) in
`bench/judgments/agreements.jsonl`, `true` when the cluster's values are one fact.

Figures (printed with their definitions):
- conflict precision: judged flags that are real / judged flags, overall and by conflict kind;
- agreements that are one fact: judged agreements across outlets whose values all report the
  same fact (the same quote, count, date or name of the same thing) / judged agreements;
- digest truth: judged digest sentences that are true to the articles / judged sentences, for
  lead sentences (an outlet's own words, cited to it) and table sentences (agreements and
  disagreements) apart;
- ROUGE-1 F1 (NeuS): the digest's words against the editor's summary (lower-cased word tokens, no
  stemming, no stop-word removal), the mean over events;
- shared counts matched (SemEval): gold killed/injured counts stated by two or more of an
  incident's articles that one `agreed` cluster holds from at least two of them (bench/counts.py).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from summarizer.models import Article, ClusterStatus, Fact, Report
from summarizer.pipeline import summarize
from summarizer.report.summary import outlet_names
from summarizer.unionfind import UnionFind

JUDGMENTS = Path(__file__).resolve().parent / "judgments"
_SPLIT = re.compile(r"\s*\[SEP\]\s*")
_TITLE = re.compile(r"^TITLE=>\s*(?P<title>.*?)\s*ARTICLE=>\s*(?P<body>.*)$", re.S)
_WORD = re.compile(r"\w+")


@dataclass
class Event:
    id: str
    articles: list[Article]
    target: str | None = None
    gold_counts: tuple[int, int] | None = None


@dataclass
class Flag:
    key: str
    event: str
    kinds: list[str]
    text: str


@dataclass
class Tally:
    flags: list[Flag] = field(default_factory=list)
    sentences: list[Flag] = field(default_factory=list)
    agreements: list[Flag] = field(default_factory=list)
    rouge: list[float] = field(default_factory=list)
    shared: int = 0
    shared_agreed: int = 0


def neus_events(root: Path, split: str, limit: int) -> Iterator[Event]:
    if split not in ("train", "val"):
        raise SystemExit(f"the NeuS {split!r} split is held out; use train or val")
    sources = (root / f"{split}.source").read_text(encoding="utf-8").splitlines()
    targets = (root / f"{split}.target").read_text(encoding="utf-8").splitlines()
    for n, (line, target) in enumerate(zip(sources, targets, strict=True)):
        if n >= limit:
            return
        articles = []
        for i, part in enumerate(_SPLIT.split(line.strip())):
            m = _TITLE.match(part)
            title, body = (m.group("title"), m.group("body")) if m else (None, part)
            if len(body.split()) < 20:
                continue
            outlet = f"Outlet {'ABC'[i]}"
            articles.append(Article(id=f"{split}{n}-{'abc'[i]}", outlet=outlet, title=title, text=body))
        target_m = _TITLE.match(target)
        summary = f"{target_m.group('title')} {target_m.group('body')}" if target_m else target
        if len(articles) >= 2:
            yield Event(f"neus-{split}-{n}", articles, target=summary)


def semeval_events(root: Path, limit: int) -> Iterator[Event]:
    from counts import gold_counts, read_articles

    gold = gold_counts(root / "frames")
    corpus = root / "the_violent_corpus"
    used = 0
    for folder in sorted(corpus.iterdir(), key=lambda p: int(p.name) if p.name.isdigit() else -1):
        if not folder.name.isdigit() or int(folder.name) % 2 or folder.name not in gold:
            continue  # odd incident ids are held out
        articles = read_articles(folder)
        if not 2 <= len(articles) <= 11:
            continue
        for i, a in enumerate(articles):
            articles[i] = a.model_copy(update={"outlet": f"Article {i + 1}"})
        yield Event(f"semeval-{folder.name}", articles, gold_counts=gold[folder.name])
        used += 1
        if used >= limit:
            return


_TOPIC_WORD = re.compile(r"[A-Z][A-Za-z]+|[a-z]{4,}")
_COMMON = frozenset(
    "that this with from have they their there were been would which about said says will what when more than"
    " into also just like some them your only other could after over most before because".split()
)


def polnear_events(root: Path, limit: int, threshold: float = 0.15) -> Iterator[Event]:
    """Articles of PolNeAR's train and dev splits that two or more outlets published on one event:
    published within a day of each other by different publishers, with openings alike (cosine of
    tf-idf word weights over the first 3,000 characters >= `threshold`), joined transitively."""
    import csv
    import datetime as dt
    import math

    with (root / "metadata.tsv").open(encoding="utf-8") as f:
        rows = [
            r for r in csv.DictReader(f, delimiter="\t") if r["compartment"] in ("train", "dev")
        ]  # test is held out
    docs: dict[str, tuple[dict[str, str], str]] = {}
    for r in rows:
        path = root / r["compartment"] / "text" / f"{r['filename']}.txt"
        if path.exists():
            docs[r["filename"]] = (r, path.read_text(encoding="utf-8"))
    bags = {
        k: Counter(w.lower() for w in _TOPIC_WORD.findall(t[:3000]) if w.lower() not in _COMMON)
        for k, (_, t) in docs.items()
    }
    df = Counter(w for b in bags.values() for w in b)
    n = len(bags)

    def weights(bag: Counter[str]) -> dict[str, float]:
        v = {w: (1 + math.log(c)) * math.log(n / df[w]) for w, c in bag.items() if df[w] < 0.2 * n}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        return {w: x / norm for w, x in v.items()}

    vectors = {k: weights(b) for k, b in bags.items()}
    day = {k: dt.date.fromisoformat(r["publication_date"]) for k, (r, _) in docs.items()}
    keys = sorted(docs)
    events = UnionFind(keys)
    for i, a in enumerate(keys):
        for b in keys[i + 1 :]:
            if docs[a][0]["publisher"] == docs[b][0]["publisher"] or abs((day[a] - day[b]).days) > 1:
                continue
            if sum(x * vectors[b].get(w, 0.0) for w, x in vectors[a].items()) >= threshold:
                events.union(a, b)
    groups = events.groups()
    used = 0
    for members in groups.values():
        if len(members) < 2 or len({docs[k][0]["publisher"] for k in members}) < 2:
            continue
        articles = [
            Article(id=k, outlet=docs[k][0]["publisher"], title=docs[k][0]["title"], text=docs[k][1], published=day[k])
            for k in members
        ]
        yield Event(f"polnear-{members[0]}", articles)
        used += 1
        if used >= limit:
            return


def _key(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode()).hexdigest()[:12]


def _context(article: Article, fact: Fact, reach: int = 160) -> str:
    ev = fact.evidence
    if ev.start is None or ev.end is None:
        return ev.text
    lo, hi = max(0, ev.start - reach), min(len(article.text), ev.end + reach)
    return (
        article.text[lo : ev.start].replace("\n", " ")
        + " [["
        + article.text[ev.start : ev.end]
        + "]] "
        + article.text[ev.end : hi].replace("\n", " ")
    )


def flags_of(event: Event, report: Report) -> list[Flag]:
    by_id = {a.id: a for a in report.articles}
    facts = {f.id: f for t in report.tables for f in t.facts}
    out = []
    for c in report.clusters:
        if c.status is not ClusterStatus.conflict:
            continue
        values = sorted(f"{v.value}|{v.speaker or ''}" for v in c.values)
        key = _key(event.id, c.kind.value, ",".join(sorted(k.value for k in c.conflict_kinds)), *values)
        lines = [f"{c.kind.value} {c.subject!r} / {c.attribute!r}: {', '.join(k.value for k in c.conflict_kinds)}"]
        for v in c.values:
            lines.append(f"  value {v.value!r} speaker={v.speaker!r} inferred={v.speaker_inferred} in {v.article_ids}")
            for fid in v.fact_ids[:2]:
                fact = facts.get(fid)
                if fact is not None and fact.article_id in by_id:
                    lines.append(f"    [{fact.article_id}] …{_context(by_id[fact.article_id], fact)}…")
        out.append(Flag(key, event.id, [k.value for k in c.conflict_kinds], "\n".join(lines)))
    return out


def agreements_of(event: Event, report: Report) -> list[Flag]:
    """The report's agreements across outlets (agreed clusters whose articles come from two
    outlets or more), each with one piece of evidence per value: judged one fact or not."""
    by_id = {a.id: a for a in report.articles}
    facts = {f.id: f for t in report.tables for f in t.facts}
    out = []
    for c in report.clusters:
        outlets = {by_id[a].outlet or a for v in c.values for a in v.article_ids if a in by_id}
        if c.status is not ClusterStatus.agreed or len(outlets) < 2:
            continue
        values = sorted(f"{v.value}|{v.speaker or ''}|{','.join(sorted(v.article_ids))}" for v in c.values)
        key = _key(event.id, "agreed", c.kind.value, *values)
        lines = [f"{c.kind.value} {c.subject!r} / {c.attribute!r} ({c.what})"]
        for v in c.values:
            lines.append(f"  value {v.value!r} speaker={v.speaker!r} in {v.article_ids}")
            for fid in v.fact_ids:
                fact = facts.get(fid)
                if fact is not None and fact.article_id in by_id:
                    lines.append(f"    [{fact.article_id}] …{_context(by_id[fact.article_id], fact, 100)}…")
        out.append(Flag(key, event.id, [c.kind.value], "\n".join(lines)))
    return out


def sentences_of(event: Event, report: Report) -> list[Flag]:
    """The digest's sentences, each with the evidence of the clusters it rests on (a lead
    sentence is its outlet's own words: shown as they stand)."""
    if report.summary is None:
        return []
    by_id = {a.id: a for a in report.articles}
    facts = {f.id: f for t in report.tables for f in t.facts}
    clusters = {c.id: c for c in report.clusters}
    names = outlet_names(report.articles)
    out = []
    for s in report.summary.sentences:
        if s.status == "dropped":
            continue
        lines = [s.text]
        for cid in s.cluster_ids[:3]:
            for v in clusters[cid].values if cid in clusters else []:
                for fid in v.fact_ids[:1]:
                    if (fact := facts.get(fid)) is not None and fact.article_id in by_id:
                        lines.append(f"    [{fact.article_id}] …{_context(by_id[fact.article_id], fact, 100)}…")
        kind = "lead" if not s.cluster_ids else "table"
        if kind == "lead":  # checked mechanically: its words stand verbatim in the article it cites
            cited = " (" + ", ".join(names[a] for a in s.article_ids if a in names) + ")"
            words = (
                s.text.removesuffix(".").removesuffix(cited) if s.text.endswith(cited) else s.text.rsplit(" (", 1)[0]
            )
            verbatim = all(words in " ".join(by_id[a].text.split()) for a in s.article_ids if a in by_id)
            lines.append(f"    verbatim in {s.article_ids}: {verbatim}")
            if not verbatim:
                kind = "lead-not-verbatim"
        out.append(Flag(_key(event.id, "digest", s.text), event.id, [kind], "\n".join(lines)))
    return out


def rouge1(candidate: str, reference: str) -> float:
    cand, ref = Counter(_WORD.findall(candidate.lower())), Counter(_WORD.findall(reference.lower()))
    overlap = sum((cand & ref).values())
    if not overlap:
        return 0.0
    p, r = overlap / sum(cand.values()), overlap / sum(ref.values())
    return 2 * p * r / (p + r)


def shared_counts(event: Event, report: Report) -> tuple[int, int]:
    from counts import agreed_across, found_as_such, stated

    if event.gold_counts is None:
        return 0, 0
    shared = agreed = 0
    tables = {t.article_id: t for t in report.tables}
    for kind, value in zip(("killed", "injured"), event.gold_counts, strict=True):
        if value <= 0:
            continue
        stating = [a for a in report.articles if stated(a, kind, value) and a.id in tables]
        if len(stating) < 2:
            continue
        shared += 1
        found = {a.id: found_as_such(tables[a.id], kind, value) for a in stating}
        agreed += agreed_across(report.clusters, found)
    return shared, agreed


def load(name: str) -> dict[str, dict]:
    path = JUDGMENTS / name
    if not path.exists():
        return {}
    return {j["key"]: j for j in map(json.loads, path.read_text(encoding="utf-8").splitlines()) if j}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--neus", type=Path, help="…/naacl2022_lrc_roundup_random_order_probe")
    parser.add_argument("--split", default="val", help="NeuS split: train or val (test is held out)")
    parser.add_argument("--semeval", type=Path, help="…/EventRegistries/GunViolenceArchive")
    parser.add_argument("--polnear", type=Path, help="PolNeAR's data/ (metadata.tsv, train/, dev/)")
    parser.add_argument(
        "--polnear-similarity", type=float, default=0.15, help="how alike two openings are to be one event (0.15)"
    )
    parser.add_argument("--limit", type=int, default=30, help="events per data set (default 30)")
    parser.add_argument(
        "--skip", type=int, default=0, help="leave out the first N events of each set (a set of events not read before)"
    )
    parser.add_argument("--show", action="store_true", help="print what is not judged yet, with its evidence")
    parser.add_argument("--show-all", action="store_true", help="print every flag and sentence, judged or not")
    parser.add_argument(
        "--agreements", action="store_true", help="with --show/--show-all: print the agreements across outlets too"
    )
    args = parser.parse_args()
    events: list[Event] = []
    if args.neus:
        events += list(neus_events(args.neus, args.split, args.skip + args.limit))[args.skip :]
    if args.semeval:
        events += list(semeval_events(args.semeval, args.skip + args.limit))[args.skip :]
    if args.polnear:
        events += list(polnear_events(args.polnear, args.skip + args.limit, args.polnear_similarity))[args.skip :]
    if not events:
        parser.error("give --neus, --semeval and/or --polnear")
    tally = Tally()
    for event in events:
        report = summarize(event.articles, extractor="rules", article_timeout=None)
        tally.flags += flags_of(event, report)
        tally.sentences += sentences_of(event, report)
        tally.agreements += agreements_of(event, report)
        if event.target and report.summary is not None:
            tally.rouge.append(
                rouge1(" ".join(s.text for s in report.summary.sentences if s.status != "dropped"), event.target)
            )
        s, a = shared_counts(event, report)
        tally.shared += s
        tally.shared_agreed += a
    _print(args, events, tally)


def _print(args: argparse.Namespace, events: list[Event], tally: Tally) -> None:
    conflicts, digest, agreements = load("conflicts.jsonl"), load("digest.jsonl"), load("agreements.jsonl")
    if args.show or args.show_all:
        for f in tally.flags:
            if args.show_all or f.key not in conflicts:
                verdict = conflicts.get(f.key)
                print(f"\n### flag {f.key} ({f.event})" + (f" judged real={verdict['real']}" if verdict else ""))
                print(f.text)
        for s in tally.sentences:
            if args.show_all or s.key not in digest:
                print(f"\n### digest {s.key} ({s.event}, {s.kinds[0]}): {s.text}")
    if args.agreements:
        for a in tally.agreements:
            if args.show_all or a.key not in agreements:
                verdict = agreements.get(a.key)
                print(f"\n### agreed {a.key} ({a.event})" + (f" judged one fact={verdict['true']}" if verdict else ""))
                print(a.text)
    judged = [f for f in tally.flags if f.key in conflicts]
    real = [f for f in judged if conflicts[f.key]["real"]]
    print(f"\nevents: {len(events)}; articles: {sum(len(e.articles) for e in events)}")
    print(
        f"flagged disagreements: {len(tally.flags)}; judged {len(judged)}; real {len(real)}"
        + (f"; precision {len(real) / len(judged):.2f}" if judged else "")
    )
    by_kind: dict[str, list[bool]] = defaultdict(list)
    for f in judged:
        for k in f.kinds:
            by_kind[k].append(bool(conflicts[f.key]["real"]))
    for kind, verdicts in sorted(by_kind.items()):
        print(f"  {kind:15} {sum(verdicts)}/{len(verdicts)} real")
    judged_a = [a for a in tally.agreements if a.key in agreements]
    one = [a for a in judged_a if agreements[a.key]["true"]]
    print(
        f"agreements across outlets: {len(tally.agreements)}; judged {len(judged_a)}; one fact {len(one)}"
        + (f" ({len(one) / len(judged_a):.2f})" if judged_a else "")
    )
    unfaithful = [s for s in tally.sentences if "lead-not-verbatim" in s.kinds]
    leads = [s for s in tally.sentences if s.kinds[0].startswith("lead")]
    print(f"digest lead sentences verbatim in the article they cite: {len(leads) - len(unfaithful)}/{len(leads)}")
    for kind in ("lead", "table"):
        mine = [s for s in tally.sentences if kind in s.kinds]
        judged_s = [s for s in mine if s.key in digest]
        true_s = [s for s in judged_s if digest[s.key]["true"]]
        print(
            f"digest {kind} sentences: {len(mine)}; judged {len(judged_s)}; true {len(true_s)}"
            + (f" ({len(true_s) / len(judged_s):.2f})" if judged_s else "")
        )
    if tally.rouge:
        print(
            f"ROUGE-1 F1 of the digest against the editor's summary: {sum(tally.rouge) / len(tally.rouge):.3f}"
            f" over {len(tally.rouge)} roundups"
        )
    if tally.shared:
        print(
            f"shared gold counts in one agreed cluster: {tally.shared_agreed}/{tally.shared}"
            f" ({tally.shared_agreed / tally.shared:.2f})"
        )


if __name__ == "__main__":
    main()
