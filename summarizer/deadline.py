"""A per-article time budget, checked cooperatively by the stages' loops.

`with budget(seconds, source): ...` sets the deadline for the current context (each article is
extracted in a context of its own); `check()` raises ArticleTimeout once it has passed; time in
`with paused():` (model calls) does not count. Work
really stops (no abandoned thread keeps running), and the other articles go on.
"""

from __future__ import annotations

import contextlib
import contextvars
import time
from collections.abc import Iterator

from .errors import ArticleTimeout

_DEADLINE: contextvars.ContextVar[list[float | str] | None] = contextvars.ContextVar(
    "summarizer_deadline", default=None
)  # [deadline (monotonic), seconds allowed, source]


@contextlib.contextmanager
def budget(seconds: float | None, source: str) -> Iterator[None]:
    """Limit the work inside the block to `seconds` (None: no limit)."""
    if seconds is None:
        yield
        return
    token = _DEADLINE.set([time.monotonic() + seconds, seconds, source])
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def check() -> None:
    """Raise ArticleTimeout when the current article's budget is spent."""
    current = _DEADLINE.get()
    if current is not None and time.monotonic() > float(current[0]):
        _, seconds, source = current
        raise ArticleTimeout(str(source), f"stopped after {seconds:g} s (--article-timeout); the other articles go on")


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """Time inside the block does not count: a model call has its own --timeout and retry
    budget, and waiting for a server's slot is not the article's fault."""
    current = _DEADLINE.get()
    started = time.monotonic()
    try:
        yield
    finally:
        if current is not None:
            current[0] = float(current[0]) + time.monotonic() - started
