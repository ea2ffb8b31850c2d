"""The English model's rule lemmatizer, with its word index read as sets.

To lemmatize a word form it has not seen, spaCy's rule lemmatizer tries each suffix rule of the
part of speech and keeps a candidate when it is a word of that part of speech's index ("walked"
-> "walk" is a verb). The index ships as lists (57,528 nouns, 20,993 adjectives, ...), so each
test reads the list from its start: a new form took about 0.15 ms, and the lemmatizer, on news
text, more time than the tagger and the parser together. As sets, the same tests give the same
answers at once; the lemmas are the same as spaCy's (the tests compare them).
"""

from __future__ import annotations

from typing import Any


def quicken_lemmas(lemmatizer: Any) -> bool:
    """Read `lemmatizer`'s word index as sets (in place); False, and the lemmatizer left as it
    is, when it has no such index (another mode or model)."""
    lookups = getattr(lemmatizer, "lookups", None)
    if getattr(lemmatizer, "mode", None) != "rule" or lookups is None or not lookups.has_table("lemma_index"):
        return False
    index = lookups.get_table("lemma_index")
    for pos in list(index.keys()):
        if isinstance(index[pos], list):
            index[pos] = frozenset(index[pos])
    return True
