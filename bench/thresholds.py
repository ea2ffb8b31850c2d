"""The measurements behind the matching and grounding constants, on the calibration data only.

    .venv/bin/python bench/thresholds.py --polnear PATH/TO/PolNeAR/data/dev
    .venv/bin/python bench/thresholds.py --semeval PATH/TO/EventRegistries/GunViolenceArchive [--limit 100]

Each constant in `summarizer/grounding.py` and `summarizer/reconcile.py` carries a comment with
the figure this script prints for the value chosen. Neither data set is shipped; PolNeAR's test
split and SemEval's odd incident ids are held out and refused here.

PolNeAR (quotes of 8+ words inside annotated attributions, dev split):
- grounding: a quote as another outlet would print it (straight quotes, folded spaces) must ground;
  the quote with one or two words replaced (a paraphrase) must not ground verbatim; a quote looked
  up in a different article must not ground at all. Printed per FUZZY_THRESHOLD.
- speaker window: where the annotated source stands relative to its quote (SPEAKER_WINDOW).
- quote matching: an excerpt (the middle 60% of a quote's words) must join its quote; quotes of
  different articles that share a blocking key must not (some are the same speech quoted twice,
  so this is an upper bound on false merges). Printed per QUOTE_MATCH and LONG_RUN.
SemEval-2018 Task 5 (even incident ids): counts stated by two articles in one agreed cluster, and
number conflicts per incident (different values merged: most are false merges), per
NUMBER_CONTEXT_MATCH and CONTEXT_WINDOW.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

from summarizer.check import grounding
from summarizer.models import FactKind
from summarizer.reconcile import clusters as reconcile


def _polnear_quotes(split: Path) -> list[tuple[str, str, int, int]]:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from attribution import read_gold

    out = []
    for path in sorted((split / "text").glob("*.txt")):
        anns = sorted((split / "attributions").glob(path.stem + "_*.ann"))
        if not anns:
            continue
        text = path.read_text(encoding="utf-8")
        for g in read_gold(anns[0], text):
            body = text[g.start + 1 : g.end - 1]
            if len(body.split()) >= 8:
                # the annotated source nearest the quote: before it, else after it
                before = text.rfind(g.source, 0, g.start) if g.source else -1
                source = before if before >= 0 else (text.find(g.source, g.end) if g.source else -1)
                out.append((text, body, g.start - source if source >= 0 else 0, source))
    return out


def _replace_words(quote: str, n: int, rng: random.Random) -> str:
    words = quote.split()
    long = [i for i, w in enumerate(words) if len(w) > 3]
    for i in rng.sample(long, min(n, len(long))):
        words[i] = "blorptic"
    return " ".join(words)


def polnear(split: Path) -> None:
    if "test" in split.parts[-2:]:
        sys.exit("refusing PolNeAR's test split: it is held out")
    quotes = _polnear_quotes(split)
    rng = random.Random(7)
    sample = rng.sample(quotes, min(300, len(quotes)))
    print(f"PolNeAR {split}: {len(quotes)} quotes of 8+ words, {len(sample)} sampled")
    print("\ngrounding: FUZZY_THRESHOLD  reprinted-grounds  1-word-changed-grounds  2-words-changed  other-article")
    for threshold in (80.0, 85.0, 90.0, 95.0):
        grounding.FUZZY_THRESHOLD = threshold
        ok = one = two = other = 0
        for i, (text, body, _, _) in enumerate(sample):
            printed = body.replace("’", "'").replace("“", '"').replace("”", '"')
            ok += grounding.locate(text, printed) is not None
            one += grounding.locate(text, _replace_words(body, 1, rng)) is not None
            two += grounding.locate(text, _replace_words(body, 2, rng)) is not None
            other += grounding.locate(sample[(i + 1) % len(sample)][0], body) is not None
        n = len(sample)
        print(f"  {threshold:5.0f}  {ok / n:.3f}  {one / n:.3f}  {two / n:.3f}  {other / n:.3f}")
    grounding.FUZZY_THRESHOLD = 90.0
    distances = [d for _, _, d, source in quotes if source >= 0]
    within = sum(1 for d in distances if -200 <= d <= 800)
    print(
        f"\nspeaker window: annotated source within 800 chars before / 200 after its quote: "
        f"{within / max(len(distances), 1):.3f} ({within}/{len(distances)})"
    )
    print("\nquote matching: QUOTE_MATCH  excerpt-joins  excerpt-2-words-changed-joins  cross-article-pairs-joined")
    bodies = [(text, body) for text, body, _, _ in quotes]
    shapes = [reconcile._shape(body) for _, body in bodies]
    index: dict[str, list[int]] = {}
    for i, (_, body) in enumerate(bodies):
        for key in reconcile._quote_keys(body):
            index.setdefault(key, []).append(i)
    pairs = {
        (a, b)
        for ids in index.values()
        if len(ids) < 200
        for a in ids
        for b in ids
        if a < b and bodies[a][0] is not bodies[b][0]
    }
    for threshold in (0.4, 0.5, 0.6, 0.7, 0.8):
        joined = reworded = 0
        for _, body, _, _ in sample:
            words = body.split()
            cut = len(words) // 5
            excerpt = " ".join(words[cut : len(words) - cut])
            whole = reconcile._shape(body)
            joined += reconcile._quote_similarity(reconcile._shape(excerpt), whole) >= threshold
            changed = reconcile._shape(_replace_words(excerpt, 2, rng))
            reworded += reconcile._quote_similarity(changed, whole) >= threshold
        false = sum(1 for a, b in pairs if reconcile._quote_similarity(shapes[a], shapes[b]) >= threshold)
        n, p = len(sample), max(len(pairs), 1)
        print(f"  {threshold:.1f}  {joined / n:.3f}  {reworded / n:.3f}  {false / p:.4f} ({false}/{len(pairs)})")
    print("\nlong run: LONG_RUN  cross-article pairs sharing that many words in a row")
    for run in (5, 6, 8, 10):
        reconcile.LONG_RUN = run
        false = sum(1 for a, b in pairs if reconcile._shared_run(bodies[a][1], bodies[b][1]))
        print(f"  {run:3d}  {false / max(len(pairs), 1):.4f} ({false}/{len(pairs)})")
    reconcile.LONG_RUN = 8


def semeval(root: Path, limit: int) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import counts as C

    from summarizer.extract.table import extract_table
    from summarizer.models import ClusterStatus

    gold = C.gold_counts(root / "frames")
    corpus = root / "the_violent_corpus"
    incidents = sorted(
        (p for p in corpus.iterdir() if p.name.isdigit() and int(p.name) % 2 == 0), key=lambda p: int(p.name)
    )
    data = []
    for folder in incidents:
        if len(data) >= limit or folder.name not in gold:
            continue
        articles = C.read_articles(folder)
        if 2 <= len(articles) <= 11:
            data.append((folder.name, articles, [extract_table(a, extractor="rules", client=None) for a in articles]))
    print(f"SemEval even-id incidents: {len(data)}")
    print("NUMBER_CONTEXT_MATCH  CONTEXT_WINDOW  agreed-share  number-conflicts-per-incident")
    for window in (40, 60, 100):
        for match in (0.1, 0.2, 0.3, 0.4):
            reconcile.CONTEXT_WINDOW, reconcile.NUMBER_CONTEXT_MATCH = window, match
            pairs = agreed = conflicts = 0
            for name, articles, tables in data:
                clusters, _ = reconcile.reconcile(articles, tables)
                conflicts += sum(
                    1 for c in clusters if c.kind is FactKind.number and c.status is ClusterStatus.conflict
                )
                for kind, value in zip(("killed", "injured"), gold[name], strict=True):
                    stating = [
                        (a, t) for a, t in zip(articles, tables, strict=True) if value > 0 and C.stated(a, kind, value)
                    ]
                    if len(stating) < 2:
                        continue
                    ids = {a.id: C.found_as_such(t, kind, value) for a, t in stating}
                    pairs += 1
                    agreed += C.agreed_across(clusters, ids)
            share = agreed / max(pairs, 1)
            print(f"  {match:.1f}  {window:4d}  {share:.3f} ({agreed}/{pairs})  {conflicts / len(data):.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--polnear", type=Path, help="PolNeAR split directory (train or dev)")
    parser.add_argument("--semeval", type=Path, help="…/EventRegistries/GunViolenceArchive")
    parser.add_argument("--limit", type=int, default=100)
    args = parser.parse_args()
    if not args.polnear and not args.semeval:
        parser.error("give --polnear and/or --semeval")
    if args.polnear:
        polnear(args.polnear)
    if args.semeval:
        semeval(args.semeval, args.limit)


if __name__ == "__main__":
    main()
