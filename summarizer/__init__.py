"""summarizer: grounded, reconciled fact tables and neutral summaries from several outlets.

>>> from summarizer import summarize
>>> report = summarize(["seeds/a.txt", "seeds/b.txt"], extractor="rules")
>>> [c.status for c in report.clusters]

Names are imported on first use, so `summarizer --help` and Ctrl-C at start-up stay cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "Article": "models",
    "Cluster": "models",
    "ConfigurationError": "errors",
    "Entity": "models",
    "Evidence": "models",
    "Fact": "models",
    "FactTable": "models",
    "GroundingError": "errors",
    "InputError": "errors",
    "ModelConfig": "model.client",
    "ModelError": "errors",
    "Report": "models",
    "Stage": "pipeline",
    "SummarizerError": "errors",
    "Summary": "models",
    "aextract": "pipeline",
    "asummarize": "pipeline",
    "extract": "pipeline",
    "read_articles": "pipeline",
    "reconcile_reports": "pipeline",
    "summarize": "pipeline",
}

if TYPE_CHECKING:
    from .errors import ConfigurationError, GroundingError, InputError, ModelError, SummarizerError
    from .model.client import ModelConfig
    from .models import Article, Cluster, Entity, Evidence, Fact, FactTable, Report, Summary
    from .pipeline import Stage, aextract, asummarize, extract, read_articles, reconcile_reports, summarize


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        value = getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'summarizer' has no attribute {name!r}")


__all__ = [
    "Article",
    "Cluster",
    "ConfigurationError",
    "Entity",
    "Evidence",
    "Fact",
    "FactTable",
    "GroundingError",
    "InputError",
    "ModelConfig",
    "ModelError",
    "Report",
    "Stage",
    "SummarizerError",
    "Summary",
    "__version__",
    "aextract",
    "asummarize",
    "extract",
    "read_articles",
    "reconcile_reports",
    "summarize",
]
