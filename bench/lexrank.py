"""LexRank on the NeuS roundups: the classic extractive baseline the digest's ROUGE-1 is held to.

    .venv/bin/pip install -e ".[bench]"      # sumy and rouge-score: bench-only, not needed by the package
    .venv/bin/python bench/lexrank.py PATH/TO/naacl2022_lrc_roundup_random_order_probe --split val

For each roundup (the openings of three outlets' articles on one event; `test` is held out and
refused), LexRank (sumy's LexRankSummarizer, English stop words, Snowball stemmer) picks 1, 2 and
3 sentences from all three openings, split into sentences by the package's own splitter (sumy's
default needs NLTK data that is not on PyPI). Each pick is scored against the editor's neutral
summary with bench/conflicts.py's `rouge1` (lower-cased word tokens, no stemming, no stop-word
removal), the function that scores the digest, and by rouge-score's stemmed ROUGE-1 as published
figures are. The digest (`summarize(..., extractor="rules")`, no model) is scored the same way on
the same roundups, and LexRank once more with as many of its best sentences as come closest to
the digest's length in words, so that neither wins by length alone.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from conflicts import neus_events, rouge1

from summarizer.language.text import sentences
from summarizer.pipeline import summarize


def lexrank(texts: list[str], count: int) -> str:
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
    from sumy.nlp.stemmers import Stemmer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.utils import get_stop_words

    class Words:  # sumy asks its tokenizer for the words of each sentence
        language = "english"

        @staticmethod
        def to_words(text: str) -> list[str]:
            return text.split()

    paragraphs = [
        Paragraph([Sentence(text[a:b], Words) for a, b in sentences(text) if text[a:b].strip()]) for text in texts
    ]
    summarizer = LexRankSummarizer(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    return " ".join(str(s) for s in summarizer(ObjectDocumentModel(paragraphs), count))


def stemmed_rouge1(candidate: str, reference: str) -> float:
    """ROUGE-1 F1 as the literature reports it (Google's rouge-score, Porter stemming)."""
    from rouge_score import rouge_scorer

    return rouge_scorer.RougeScorer(["rouge1"], use_stemmer=True).score(reference, candidate)["rouge1"].fmeasure


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("neus", type=Path)
    parser.add_argument("--split", default="val", help="train or val (test is held out)")
    parser.add_argument("--limit", type=int, default=10_000)
    args = parser.parse_args()
    runs: dict[str, list[tuple[float, float, int]]] = {}
    for event in neus_events(args.neus, args.split, args.limit):
        assert event.target is not None
        texts = [a.text for a in event.articles]
        report = summarize(event.articles, extractor="rules")
        assert report.summary is not None
        digest = " ".join(s.text for s in report.summary.sentences if s.status != "dropped")
        picks = {f"LexRank, {n} sentence(s)": lexrank(texts, n) for n in (1, 2, 3)}
        # as many of LexRank's best sentences as come closest to the digest's length in words
        lengths = [(abs(len(lexrank(texts, n).split()) - len(digest.split())), n) for n in range(1, 8)]
        picks["LexRank, the digest's length"] = lexrank(texts, min(lengths)[1])
        picks["digest (rules, no model)"] = digest
        for name, text in picks.items():
            runs.setdefault(name, []).append(
                (rouge1(text, event.target), stemmed_rouge1(text, event.target), len(text.split()))
            )
    for name, got in runs.items():
        n = len(got)
        print(
            f"{name:32s} ROUGE-1 F1 {sum(g[0] for g in got) / n:.3f} (stemmed, rouge-score: "
            f"{sum(g[1] for g in got) / n:.3f}), {sum(g[2] for g in got) / n:.0f} words, over {n} roundups"
        )


if __name__ == "__main__":
    main()
