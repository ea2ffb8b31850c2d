"""Every error summarizer raises on purpose.

::

    SummarizerError                 base; `str(err)` is a one-line message for a person
    ├── ConfigurationError          the caller asked for something impossible (bad option, no key)
    ├── InputError                  an article cannot be read (carries `source`)
    │   ├── ArticleNotFound         missing file, or a directory
    │   ├── EmptyArticle            nothing left after cleaning
    │   ├── UnreadableArticle       binary data, undecodable text, no article in the HTML
    │   └── ArticleTimeout          the article's work ran past --article-timeout
    ├── TemplateError               a prompt template is missing, malformed or misses a variable
    ├── ModelError                  the model could not give a usable answer (carries `attempts`,
    │   │                           `last_output`)
    │   ├── ModelUnavailable        no server answered, or it does not speak the OpenAI protocol
    │   └── InvalidModelOutput      the answer did not validate against the schema
    └── GroundingError              `--strict` and a fact could not be located in its article

Messages never contain API keys: `redact()` is applied to anything that came from a server.
"""

from __future__ import annotations

import re

_SECRET = re.compile(r"(sk-[A-Za-z0-9_\-]{8,}|Bearer\s+[A-Za-z0-9._\-]+|api[_-]?key=[^&\s]+)", re.I)


def redact(text: str) -> str:
    """Remove anything that looks like a credential from `text`."""
    return _SECRET.sub("[redacted]", text)


class SummarizerError(Exception):
    """Base of every error summarizer raises on purpose."""

    def __init__(self, message: str) -> None:
        super().__init__(redact(message))


class ConfigurationError(SummarizerError):
    """The caller's configuration cannot work (misuse, not a runtime failure)."""


class InputError(SummarizerError):
    """An article could not be read; `source` names it."""

    def __init__(self, source: str, message: str) -> None:
        self.source = source
        super().__init__(f"{source}: {message}")


class ArticleNotFound(InputError):
    """The path does not exist or is not a file."""


class EmptyArticle(InputError):
    """The article has no text once boilerplate is removed."""


class UnreadableArticle(InputError):
    """Binary content, undecodable text, or HTML with no article in it."""


class ArticleTimeout(InputError):
    """Extracting the article took longer than its time budget; the other articles go on."""


class TemplateError(SummarizerError):
    """A prompt template cannot be loaded or rendered."""


class ModelError(SummarizerError):
    """The model did not give a usable answer."""

    def __init__(self, message: str, *, attempts: int = 0, last_output: str | None = None) -> None:
        self.attempts = attempts
        self.last_output = last_output
        super().__init__(message)


class ModelUnavailable(ModelError):
    """No server answered, or it answered outside the OpenAI protocol."""


class InvalidModelOutput(ModelError):
    """The model's answer did not validate against the response schema."""


class GroundingError(SummarizerError):
    """Raised in strict mode when facts could not be located in their articles."""
