"""The attribute ruler matched from lookup tables gives what spaCy's Matcher gives: the same
matches in the same order, and so the same parts of speech, morphology, lemmas, tags and
dependencies. Sentences written for these tests, one or more for each kind of pattern the
English model's ruler holds."""

from __future__ import annotations

import functools

import pytest

from summarizer.language import nlp
from summarizer.language.ruler import quicken

SENTENCES = [
    # a tag alone, a word and its tag, a list of words with a tag
    "The ferry to Port Ellis left at nine, but it returned because the harbour was closed.",
    # "but" as an adverb, "not" and its contractions, "is"/"'s", "are"/"'re", "am"/"'m"
    "It's not over, we're told; I'm sure they aren't done and it isn't finished, but then again.",
    # "i", "you" and "it" as subjects and objects; "do"/"have" as verbs and as auxiliaries
    "I gave it to you, you gave it to me, and it did what it had to do before we had lunch.",
    # two-token patterns: "gonna", "gotta", "let's", "c'mon", "y'all", "ain't"
    "Y'all ain't gonna believe it, c'mon, let's go, we gotta leave.",
    # a regular expression on the lower-case form
    "There's nothin' left, there are no boats and there were none.",
    # spaces, a tab, a line break and words that are and are not determiners
    "That  was\tall.\n\nThis one, which they chose, gets fixed; that got fixed.",
    "",
]


@functools.cache
def _stock():
    import spacy

    return spacy.load(nlp.MODEL)  # the ruler with spaCy's own Matcher


@pytest.mark.parametrize("text", SENTENCES)
def test_the_tables_match_what_spacys_matcher_matches(text):
    stock = _stock()
    doc = stock(text, disable=["attribute_ruler", "lemmatizer", "ner"])
    tables = nlp.pipeline().get_pipe("attribute_ruler")
    assert "match" in vars(tables)  # the pipeline's ruler matches from the tables
    assert tables.match(doc) == stock.get_pipe("attribute_ruler").match(doc)
    assert len(tables.match(doc)) >= len(doc)  # every token has its tag's pattern at least


@pytest.mark.parametrize("text", SENTENCES)
def test_the_tokens_come_out_the_same(text):
    theirs = _stock()(text)
    ours = nlp.pipeline()(text)
    attrs = ("text", "tag_", "pos_", "dep_", "lemma_", "morph", "head.i", "ent_type_")

    def read(doc):
        return [tuple(str(functools.reduce(getattr, a.split("."), t)) for a in attrs) for t in doc]

    assert read(ours) == read(theirs)


def test_a_pattern_the_tables_cannot_read_keeps_spacys_matcher():
    import spacy

    blank = spacy.blank("en")
    ruler = blank.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "ferry", "LENGTH": 5}]], {"LEMMA": "boat"})
    before = ruler.match
    assert not quicken(ruler)
    assert ruler.match == before
    assert [t.lemma_ for t in blank("the ferry")] == ["", "boat"]
