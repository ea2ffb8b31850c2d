"""Counts of killed and injured against SemEval-2018 Task 5's gun-violence incidents.

    .venv/bin/python bench/counts.py PATH/TO/LongTailQATask/EventRegistries/GunViolenceArchive

The data (github.com/cltl/LongTailQATask) is not shipped. Only incidents with an **even** id
are read: odd ids are held out to judge this work. Gold counts (`num_killed`, `num_injured`)
come from the pickled frames under `frames/`, articles from `the_violent_corpus/<id>/*.json`
(also pickles). Both are read with a restricted unpickler: only numpy arrays, dates and inert
stand-ins for pandas and the corpus' classes are built; any other global is refused, so a
pickle cannot run code.

Definitions (printed with the figures):
- a count is *stated* by an article when the gold number (digits or words, > 0) is written as a
  count (not part of a clock time, date, age, phone number or ordinal) within six words of a
  word of its kind (killed: kill, dead, died, death, fatal, slain, murder, homicide, lives;
  injured: injur, wound, hurt, hospital, critical, stable condition);
- *found as such*: the rules extractor gives a number fact with that value whose counted thing
  or predicate (subject or attribute) is of the same kind;
- *agreed*: for counts stated by two or more articles of one incident, one `agreed` cluster of
  the reconciled report holds that value from at least two of them.
Incidents with 2 to 11 articles; `--limit N` reads the first N incidents (sorted by id).
"""

from __future__ import annotations

import argparse
import datetime as dt
import pickle
import re
import sys
import time
from pathlib import Path
from typing import Any

from summarizer.extract.table import extract_table
from summarizer.facts.numbers import numbers_in
from summarizer.language.text import sentences
from summarizer.models import Article, ClusterStatus, FactKind, FactTable
from summarizer.reconcile.clusters import reconcile

KINDS = {
    "killed": re.compile(r"\b(?:kill|dead|died|die|dies|death|fatal|lives?|life|slain|murder|homicide)", re.I),
    "injured": re.compile(r"\b(?:injur|wound|hurt|hospital|critical|stable condition|non-life)", re.I),
}
FACT_KINDS = {
    "killed": re.compile(r"kill|dead|die|death|fatal|slain|murder|lives|life", re.I),
    "injured": re.compile(r"injur|wound|hurt|hospital", re.I),
}


class _Stub:
    """An inert stand-in for a pickled class: it keeps its arguments and state, runs nothing."""

    args: tuple[Any, ...] = ()
    state: Any = None

    def __init__(self, *args: Any) -> None:
        self.args = args

    def __setstate__(self, state: Any) -> None:
        self.state = state


class _Restricted(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        import numpy
        from numpy._core.multiarray import _reconstruct

        allowed = {
            ("numpy", "dtype"): numpy.dtype,
            ("numpy", "ndarray"): numpy.ndarray,
            ("numpy.core.multiarray", "_reconstruct"): _reconstruct,
            ("datetime", "date"): dt.date,
            ("datetime", "datetime"): dt.datetime,
            ("builtins", "slice"): slice,
        }
        if (module, name) in allowed:
            return allowed[(module, name)]
        if module.startswith("pandas.") or (module, name) == ("classes", "NewsItem"):
            if name == "_new_Index":
                return lambda cls, data: ("Index", data)
            return type(name, (_Stub,), {})
        raise pickle.UnpicklingError(f"refusing {module}.{name} in a data pickle")


def _load(path: Path) -> Any:
    with path.open("rb") as handle:
        return _Restricted(handle).load()


def gold_counts(frames: Path) -> dict[str, tuple[int, int]]:
    """incident id -> (killed, injured), from every frame file."""
    gold: dict[str, tuple[int, int]] = {}
    for path in sorted(frames.iterdir()):
        if not path.is_file() or path.suffix or path.name.startswith(("Icon", ".")) or path.name == "all":
            continue
        try:
            frame = _load(path)
        except (pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
            continue
        axes, values, names, _ = frame.state["_data"].state
        columns: dict[str, Any] = {}
        for block_names, block_values in zip(names, values, strict=True):
            for i, column in enumerate(block_names[1]["data"]):
                columns[str(column)] = block_values[i]
        for uri, killed, injured in zip(
            columns["incident_uri"], columns["num_killed"], columns["num_injured"], strict=True
        ):
            gold[str(uri)] = (int(killed), int(injured))
    return gold


def read_articles(folder: Path) -> list[Article]:
    out = []
    for path in sorted(folder.glob("*.json")):
        item = _load(path).state
        published = item.get("dct") if isinstance(item.get("dct"), dt.date) else None
        text = f"{item.get('title') or ''}\n\n{item.get('content') or ''}".strip()
        if len(text.split()) >= 20:
            out.append(Article(id=path.stem[:12], text=text, published=published))
    return out


_NOT_A_COUNT = re.compile(
    r"^(?:[:/.,-]?\d|[-\s]*(?:year|month|week|day)s?[-\s]*old|-year|\s*(?:a\.m|p\.m|am\b|pm\b|st\b|nd\b|rd\b|th\b))",
    re.I,
)
_MONTHS = re.compile(r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+$", re.I)


def stated(article: Article, kind: str, value: int) -> bool:
    """The value written as a count (not a clock time, date, age, phone number or ordinal),
    within six words of a word of its kind, in one sentence."""
    for start, end in sentences(article.text):
        sentence = article.text[start:end]
        for written, number in numbers_in(sentence):
            if abs(number - value) > 1e-9:
                continue
            for m in re.finditer(rf"(?<![\w:/.,-]){re.escape(written)}(?![\w])", sentence):
                after, before = sentence[m.end() : m.end() + 12], sentence[max(0, m.start() - 12) : m.start()]
                if _NOT_A_COUNT.match(after) or _MONTHS.search(before):
                    continue
                window = " ".join(sentence[: m.start()].split()[-6:] + sentence[m.end() :].split()[:6])
                if KINDS[kind].search(window):
                    return True
    return False


def found_as_such(table: FactTable, kind: str, value: int) -> list[str]:
    return [
        f.id
        for f in table.facts
        if f.kind is FactKind.number
        and f.grounding.usable
        and f.normalized is not None
        and f.normalized.number is not None
        and abs(f.normalized.number - value) < 1e-9
        and FACT_KINDS[kind].search(f"{f.subject} {f.attribute}")
    ]


def agreed_across(clusters: list[Any], found_ids: dict[str, list[str]]) -> bool:
    """One agreed cluster holds the count as found in two or more of the articles stating it."""
    return any(
        c.status is ClusterStatus.agreed
        and len({a for v in c.values for a in v.article_ids if set(v.fact_ids) & set(found_ids.get(a, []))}) >= 2
        for c in clusters
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("root", type=Path, help="…/EventRegistries/GunViolenceArchive")
    parser.add_argument("--limit", type=int, default=100, help="incidents to read (default 100)")
    args = parser.parse_args()
    gold = gold_counts(args.root / "frames")
    corpus = args.root / "the_violent_corpus"
    incidents = sorted(
        (p for p in corpus.iterdir() if p.name.isdigit() and int(p.name) % 2 == 0), key=lambda p: int(p.name)
    )
    per_article = per_article_found = pairs = pairs_agreed = used = 0
    words, seconds = 0, 0.0
    for folder in incidents:
        if used >= args.limit or folder.name not in gold:
            continue
        articles = read_articles(folder)
        if not 2 <= len(articles) <= 11:
            continue
        used += 1
        started = time.perf_counter()
        tables = [extract_table(a, extractor="rules", client=None) for a in articles]
        clusters, _ = reconcile(articles, tables)
        seconds += time.perf_counter() - started
        words += sum(len(a.text.split()) for a in articles)
        for kind, value in zip(("killed", "injured"), gold[folder.name], strict=True):
            if value <= 0:
                continue
            stating = [(a, t) for a, t in zip(articles, tables, strict=True) if stated(a, kind, value)]
            found_ids: dict[str, list[str]] = {}
            for article, table in stating:
                per_article += 1
                ids = found_as_such(table, kind, value)
                per_article_found += bool(ids)
                if ids:
                    found_ids[article.id] = ids
            if len(stating) >= 2:
                pairs += 1
                pairs_agreed += agreed_across(clusters, found_ids)
    print(f"even-id incidents read {used} (2-11 articles each)")
    found_share, agreed_share = per_article_found / max(per_article, 1), pairs_agreed / max(pairs, 1)
    print(f"stated counts found as such  {found_share:.3f}  ({per_article_found}/{per_article})")
    print(f"counts stated by 2+ articles in one agreed cluster  {agreed_share:.3f}  ({pairs_agreed}/{pairs})")
    print(f"throughput {words / max(seconds, 1e-9):,.0f} words/s (rules extraction + reconciliation)")


if __name__ == "__main__":
    sys.exit(main())
