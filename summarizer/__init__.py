"""summarizer: grounded, reconciled fact tables and neutral summaries from several outlets.

>>> from summarizer import summarize
>>> report = summarize(["seeds/a.txt", "seeds/b.txt"], extractor="rules")
>>> [c.status for c in report.clusters]
"""

__version__ = "0.1.0"

from .errors import (  # noqa: E402
    ConfigurationError,
    GroundingError,
    InputError,
    ModelError,
    SummarizerError,
)
from .llm import ModelConfig  # noqa: E402
from .models import (  # noqa: E402
    Article,
    Cluster,
    Entity,
    Evidence,
    Fact,
    FactTable,
    Report,
    Summary,
)
from .pipeline import extract, read_articles, reconcile_reports, summarize  # noqa: E402

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
    "SummarizerError",
    "Summary",
    "__version__",
    "extract",
    "read_articles",
    "reconcile_reports",
    "summarize",
]
