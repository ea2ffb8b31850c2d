"""Retrying model calls: on HTTP 429 (honouring Retry-After), 5xx, timeouts and dropped
connections, with exponential backoff and jitter, inside a total time budget. Re-asking on
invalid output is instructor's job (ModelConfig.max_retries); this module only retries transport."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import tenacity

R = TypeVar("R")


@dataclass(frozen=True)
class RetryPolicy:
    """How long and how often to retry a call that failed in transport."""

    budget: float = 120.0  # seconds for all attempts of one call, waits included
    max_attempts: int = 6
    initial: float = 0.5
    maximum: float = 20.0


def openai_error(err: BaseException) -> Exception | None:
    """The openai transport or HTTP error behind `err` (instructor wraps them), if any.

    Only explicit causes (`raise ... from`) are followed: an implicit `__context__` can be an
    earlier, already handled failure (a retried connection error), which must not turn a later
    schema failure into "cannot reach the server"."""
    import openai

    seen: set[int] = set()
    current: BaseException | None = err
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, (openai.APIConnectionError, openai.APIStatusError)):
            return current
        current = current.__cause__
    return None


def retryable(err: BaseException) -> bool:
    """429, 5xx, timeouts and connection failures are worth another try; nothing else is."""
    import openai

    api = openai_error(err)
    if isinstance(api, openai.APIStatusError):
        return api.status_code == 429 or api.status_code >= 500
    return isinstance(api, openai.APIConnectionError)


def retry_after(err: BaseException) -> float | None:
    """Seconds the server asked us to wait (Retry-After / retry-after-ms), if it said."""
    import openai

    api = openai_error(err)
    if not isinstance(api, openai.APIStatusError):
        return None
    headers = api.response.headers
    try:
        if ms := headers.get("retry-after-ms"):
            return float(ms) / 1000
        if seconds := headers.get("retry-after"):
            return float(seconds)
    except ValueError:
        return None
    return None


def call_with_retries(
    policy: RetryPolicy, call: Callable[[], R], *, on_retry: Callable[[BaseException, float], None] | None = None
) -> R:
    """Run `call`, retrying transport failures within the policy's attempts and time budget."""
    started = time.monotonic()

    def wait(state: tenacity.RetryCallState) -> float:
        err = state.outcome.exception() if state.outcome else None
        asked = retry_after(err) if err else None
        backoff = min(policy.maximum, policy.initial * 2 ** (state.attempt_number - 1))
        delay = asked if asked is not None else backoff * (0.5 + random.random() / 2)
        return max(0.0, min(delay, policy.budget - (time.monotonic() - started)))

    def stop(state: tenacity.RetryCallState) -> bool:
        spent = time.monotonic() - started
        return state.attempt_number >= policy.max_attempts or spent >= policy.budget

    def before_sleep(state: tenacity.RetryCallState) -> None:
        err = state.outcome.exception() if state.outcome else None
        if on_retry and err is not None and state.next_action is not None:
            on_retry(err, state.next_action.sleep)

    retrying = tenacity.Retrying(
        retry=tenacity.retry_if_exception(retryable), wait=wait, stop=stop, before_sleep=before_sleep, reraise=True
    )
    result: Any = retrying(call)
    return result
