"""Shared fixtures. Model calls replay from cassettes/ (no network); set SUMMARIZER_RECORD=1
to re-record them from the embedded model (the project starts it itself)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from summarizer.cassettes import REPLAY_BASE_URL, recorder
from summarizer.ingest import read_article
from summarizer.llm import ModelConfig
from summarizer.models import Article

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
CASSETTES = ROOT / "cassettes"
RECORD = os.environ.get("SUMMARIZER_RECORD") == "1"


@pytest.fixture(autouse=True)
def _private_cache(tmp_path, monkeypatch):
    """Every test gets an empty model-answer cache of its own."""
    monkeypatch.setenv("SUMMARIZER_CACHE_DIR", str(tmp_path / "cache"))


@pytest.fixture(scope="session")
def seed_articles() -> list[Article]:
    return [read_article(p) for p in SEEDS]


@pytest.fixture(scope="session")
def _model_server() -> Iterator[str | None]:
    if not RECORD:
        yield None
        return
    from summarizer.local_model import LocalModelServer

    with LocalModelServer() as server:
        yield server.base_url


@pytest.fixture
def cassette(
    request: pytest.FixtureRequest, _model_server: str | None
) -> Callable[..., contextlib.AbstractContextManager[ModelConfig]]:
    """`with cassette("name") as config:` — a ModelConfig whose calls replay cassettes/name.json."""
    from summarizer.local_model import MODEL_ALIAS

    @contextlib.contextmanager
    def use(name: str, *, replay_only: bool = False) -> Iterator[ModelConfig]:
        """replay_only: replay even when recording (a second pass over a cassette just recorded)."""
        record = RECORD and not replay_only
        path = CASSETTES / f"{name}.json"
        if not record and not path.exists():
            pytest.fail(
                f"cassette {path.relative_to(ROOT)} is missing. Re-record it from the embedded model "
                f"with: SUMMARIZER_RECORD=1 pytest '{request.node.nodeid}'"
            )
        path.parent.mkdir(parents=True, exist_ok=True)
        config = ModelConfig(
            base_url=(_model_server if record else None) or REPLAY_BASE_URL,
            api_key="embedded-model-no-key",
            provider="llamacpp",
            model=MODEL_ALIAS,
            retry_attempts=1,  # a cassette miss is not a flaky server
        )
        with recorder(path, record=record) as recorded:
            yield config
        if not record:
            assert recorded.all_played, (
                f"{path.name}: {len(recorded.data) - recorded.play_count} recorded interactions were not "
                "played; the code now makes fewer calls than when it was recorded (re-record it)"
            )

    return use
