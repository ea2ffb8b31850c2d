"""Shared fixtures. Model calls replay from cassettes/ (no network); set SUMMARIZER_RECORD=1
to re-record them from the embedded model (the project starts it itself)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

from summarizer.ingest.articles import read_article
from summarizer.models import Article

# CI must never go red at random: hypothesis draws its examples from a fixed seed derived from
# each test (derandomize), so every run tries the same cases. HYPOTHESIS_PROFILE=explore for a
# local hunt with fresh random examples.
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.register_profile("explore", derandomize=False, max_examples=1000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
CASSETTES = ROOT / "cassettes"


LIVE_MODEL = os.environ.get("SUMMARIZER_LIVE_MODEL") == "1"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked `live_model` talk to the live embedded model, whose speed depends on the
    machine: they run only when asked for (SUMMARIZER_LIVE_MODEL=1), never in the default run."""
    if LIVE_MODEL:
        return
    skip = pytest.mark.skip(reason="talks to the live embedded model: set SUMMARIZER_LIVE_MODEL=1 to run it")
    for item in items:
        if "live_model" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _private_cache(tmp_path, monkeypatch):
    """Every test gets an empty model-answer cache of its own."""
    monkeypatch.setenv("SUMMARIZER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("SUMMARIZER_HOME", str(tmp_path / "home"))  # the call log's default database


@pytest.fixture(scope="session")
def seed_articles() -> list[Article]:
    return [read_article(p) for p in SEEDS]


@pytest.fixture
def cassette(model_cassette):
    """This project's name for the plugin's `model_cassette` fixture (summarizer/testing/plugin.py)."""
    return model_cassette
