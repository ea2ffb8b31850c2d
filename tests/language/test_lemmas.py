"""The lemmatizer with its word index read as sets gives spaCy's own lemmas. Sentences written
for these tests, full of forms the suffix rules must check against the index."""

from __future__ import annotations

import functools

import pytest

from summarizer.language import nlp
from summarizer.language.lemmas import quicken_lemmas

SENTENCES = [
    "The ferries were cancelled, the harbours flooded and the pilots' unions striking again.",
    "She denied having written the letters; he argued the audits had been the fiercest yet.",
    "Councillors quarrelled over wharves, taxes, geese and the studies' likelier outcomes.",
    "Visby's mayor, Ana Ruiz-Okonkwo, stopped the dredging; nobody's boats were moored.",
]


@functools.cache
def _stock():
    import spacy

    return spacy.load(nlp.MODEL)  # the lemmatizer with spaCy's lists


@pytest.mark.parametrize("text", SENTENCES)
def test_the_lemmas_are_spacys(text):
    index = nlp.pipeline().get_pipe("lemmatizer").lookups.get_table("lemma_index")
    assert all(isinstance(words, frozenset) for words in index.values())  # the pipeline's reads sets
    theirs = [(t.text, t.lemma_) for t in _stock()(text)]
    assert [(t.text, t.lemma_) for t in nlp.pipeline()(text)] == theirs
    assert any(word != lemma for word, lemma in theirs)  # the sentence has forms to lemmatize


def test_a_lemmatizer_with_no_index_is_left_as_it_is():
    import spacy

    blank = spacy.blank("en")
    lemmatizer = blank.add_pipe("lemmatizer", config={"mode": "lookup"})
    assert not quicken_lemmas(lemmatizer)
