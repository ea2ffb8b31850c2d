"""pytest plugin for newsroom test suites (enabled on install through the `pytest11` entry point).

Fixtures:

- `model_cassette`: ``with model_cassette("name") as config: summarize(paths, model=config)`` replays
  `<cassettes>/name.json` with no network and fails if a recorded call was not made. With
  ``--summarizer-record`` (or SUMMARIZER_RECORD=1) it records from the embedded model instead (or from
  OPENAI_BASE_URL / OPENAI_API_KEY when set). `<cassettes>` is the ini option `summarizer_cassettes`
  (default: `cassettes` beside your pytest configuration).
- `regress_suite`: ``regress_suite("regress/my-suite")`` runs a regression suite offline and fails with
  its fact-level diff.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from ..model.client import ModelConfig
from ..settings import Settings
from .cassettes import REPLAY_BASE_URL, recorder


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--summarizer-record", action="store_true", help="record model cassettes (live model)")
    parser.addini("summarizer_cassettes", "directory of summarizer model cassettes", default="cassettes")


def _recording(config: pytest.Config) -> bool:
    return bool(config.getoption("--summarizer-record")) or Settings().record


@pytest.fixture(scope="session")
def summarizer_live_model(request: pytest.FixtureRequest) -> Iterator[ModelConfig | None]:
    """When recording: a ModelConfig for the live endpoint (the embedded model is started)."""
    if not _recording(request.config):
        yield None
        return
    configured = ModelConfig()
    if not configured.wants_embedded:
        yield configured.resolved()
        return
    from ..model.embedded import MODEL_ALIAS, LocalModelServer

    with LocalModelServer() as server:
        yield ModelConfig(
            base_url=server.base_url,
            api_key="embedded-model-no-key",
            provider="llamacpp",
            model=MODEL_ALIAS,
            parallel=1,
        )


@pytest.fixture
def model_cassette(
    request: pytest.FixtureRequest, summarizer_live_model: ModelConfig | None
) -> Callable[..., contextlib.AbstractContextManager[ModelConfig]]:
    """`with model_cassette("name") as config:` replays (or records) cassettes/name.json."""
    root = Path(str(request.config.rootpath)) / str(request.config.getini("summarizer_cassettes"))

    @contextlib.contextmanager
    def use(name: str, *, replay_only: bool = False, **settings: Any) -> Iterator[ModelConfig]:
        record = summarizer_live_model is not None and not replay_only
        path = root / f"{name}.json"
        if not record and not path.exists():
            pytest.fail(
                f"cassette {path} is missing. Record it with: pytest --summarizer-record "
                f"'{request.node.nodeid}' (or SUMMARIZER_RECORD=1)"
            )
        path.parent.mkdir(parents=True, exist_ok=True)
        if record and summarizer_live_model is not None:
            config = summarizer_live_model
        else:
            from ..model.embedded import MODEL_ALIAS

            config = ModelConfig(
                base_url=REPLAY_BASE_URL,
                api_key="replay-no-key",
                provider="llamacpp",
                model=MODEL_ALIAS,
                retry_attempts=1,
                parallel=1,
            )
        config = dataclasses.replace(config, **settings) if settings else config
        with recorder(path, record=record) as recorded:
            yield config
        if not record:
            missed = len(recorded.data) - recorded.play_count
            assert recorded.all_played, (
                f"{path.name}: {missed} recorded interactions were not played; the code now makes fewer "
                "calls than when it was recorded (re-record it)"
            )

    return use


@pytest.fixture
def regress_suite() -> Callable[[str | Path], None]:
    """`regress_suite(path)` fails the test with the suite's diff unless every case passes."""
    from .regress import run_suite

    def check(path: str | Path) -> None:
        results = run_suite(Path(path))
        failed = [r for r in results if not r.passed]
        if failed:
            lines = [f"{r.name}: {r.summary}\n    " + "\n    ".join(r.details) for r in failed]
            pytest.fail("regression suite failed:\n" + "\n".join(lines), pytrace=False)

    return check
