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
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .errors import ConfigurationError, InvalidModelOutput, ModelError, ModelUnavailable
from .models import Usage

T = TypeVar("T", bound=BaseModel)

PROVIDERS = ("openai", "vllm", "ollama", "llamacpp", "openai-compatible")
_MODES = {
    "openai": "tools",
    "vllm": "json_schema",
    "ollama": "json",
    "llamacpp": "json_schema",
    "openai-compatible": "json",
}
DEFAULT_OPENAI_MODEL = "gpt-4o-mini"


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

    @property
    def wants_embedded(self) -> bool:
        """True when nothing points at a server: the embedded model will be started."""
        return not (
            self.base_url or os.environ.get("OPENAI_BASE_URL") or self.api_key or os.environ.get("OPENAI_API_KEY")
        )


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
    config: ModelConfig | None = None, *, notice: Callable[[str], None] | None = None
) -> Iterator[ModelClient]:
    """Yield a client for the configured endpoint, starting the embedded model if none is set."""
    config = config or ModelConfig()
    if not config.wants_embedded:
        yield ModelClient(config.resolved())
        return
    from .local_model import MODEL_ALIAS, LocalModelServer

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
            ).resolved()
        )


class ModelClient:
    """One endpoint: structured calls through instructor, plain text calls through openai."""

    def __init__(self, config: ModelConfig) -> None:
        import instructor
        import openai

        self.config = config
        self._openai = openai.OpenAI(
            base_url=config.base_url,
            api_key=config.api_key or "no-key",
            timeout=config.timeout,
            max_retries=2,
        )
        mode = instructor.Mode[(config.mode or _MODES[config.provider or "openai"]).upper()]
        self._instructor = instructor.from_openai(self._openai, mode=mode)
        self._usage = Usage()
        self._instructor.on("completion:response", self._count)

    @property
    def model(self) -> str:
        """The model id requests are sent to."""
        return str(self.config.model)

    @property
    def provider(self) -> str:
        """The endpoint kind recorded in provenance."""
        return str(self.config.provider)

    def _count(self, response: Any) -> None:
        usage = getattr(response, "usage", None)
        self._usage = _add(self._usage, usage)

    def _settings(self) -> dict[str, Any]:
        settings: dict[str, Any] = {"temperature": self.config.temperature, "max_tokens": self.config.max_tokens}
        if self.config.seed is not None:
            settings["seed"] = self.config.seed
        return settings

    def structured(self, messages: list[dict[str, str]], response_model: type[T]) -> tuple[T, Usage]:
        """Ask for `response_model`; re-ask on validation failure up to max_retries times.

        Usage counts every call made, failed attempts included; on failure it is on `err.usage`.
        """
        extra: dict[str, Any] = {}
        if self.config.provider == "llamacpp":
            extra["extra_body"] = {
                "response_format": {"type": "json_object", "schema": response_model.model_json_schema()}
            }
        self._usage = Usage()
        try:
            return self._structured(messages, response_model, extra), self._usage
        except ModelError as err:
            err.usage = self._usage
            raise

    def _structured(self, messages: list[dict[str, str]], response_model: type[T], extra: dict[str, Any]) -> T:
        from instructor.core.exceptions import IncompleteOutputException, InstructorRetryException

        try:
            result = self._instructor.chat.completions.create(
                model=self.model,
                messages=messages,
                response_model=response_model,  # type: ignore[arg-type]
                max_retries=self.config.max_retries,
                **self._settings(),
                **extra,
            )
        except InstructorRetryException as err:
            if (api_error := _api_error(err)) is not None:
                raise _translate(api_error) from err
            last = getattr(err, "last_completion", None)
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
            raise _translate(err) from err
        return result

    def text(self, messages: list[dict[str, str]]) -> tuple[str, Usage]:
        """A plain chat completion (used for the summary)."""
        try:
            response = self._openai.chat.completions.create(
                model=self.model,
                messages=messages,
                **self._settings(),  # type: ignore[arg-type]
            )
        except Exception as err:
            raise _translate(err) from err
        usage = _add(Usage(), response.usage)
        content = response.choices[0].message.content if response.choices else None
        if content is None:
            raise InvalidModelOutput("the model returned no text", attempts=1)
        return content, usage


def _api_error(err: BaseException) -> Exception | None:
    """The transport or HTTP error behind an instructor retry failure, if that is what it was."""
    import openai

    seen: set[int] = set()
    current: BaseException | None = err
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, (openai.APIConnectionError, openai.APIStatusError)):
            return current
        current = current.__cause__ or current.__context__
    return None


def _add(total: Usage, usage: Any) -> Usage:
    if usage is None:
        return total.model_copy(update={"calls": total.calls + 1})
    return Usage(
        prompt_tokens=total.prompt_tokens + (getattr(usage, "prompt_tokens", 0) or 0),
        completion_tokens=total.completion_tokens + (getattr(usage, "completion_tokens", 0) or 0),
        total_tokens=total.total_tokens + (getattr(usage, "total_tokens", 0) or 0),
        calls=total.calls + 1,
    )


def _content(completion: Any) -> str | None:
    try:
        return str(completion.choices[0].message.content)
    except (AttributeError, IndexError, TypeError):
        return None


def _short(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _translate(err: Exception) -> ModelError:
    import openai

    if isinstance(err, ModelError):
        return err
    if isinstance(err, openai.APIConnectionError):
        cause = err.__cause__ or err.__context__
        detail = f"{err}: {cause}" if cause else str(err)
        return ModelUnavailable(f"cannot reach the model server: {_short(detail)}")
    if isinstance(err, openai.APIStatusError):
        return ModelError(f"the model server answered HTTP {err.status_code}: {_short(str(err.message))}")
    if isinstance(err, (json.JSONDecodeError, openai.APIResponseValidationError)):
        return ModelUnavailable(f"the server's answer is not the OpenAI protocol: {_short(str(err))}")
    return ModelError(f"the model call failed: {type(err).__name__}: {_short(str(err))}")
