"""Shared fixtures. Model calls replay from cassettes/ (no network); set SUMMARIZER_RECORD=1
to re-record them from the embedded model (the project starts it itself)."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer.ingest import read_article
from summarizer.models import Article

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
CASSETTES = ROOT / "cassettes"


@pytest.fixture(autouse=True)
def _private_cache(tmp_path, monkeypatch):
    """Every test gets an empty model-answer cache of its own."""
    monkeypatch.setenv("SUMMARIZER_CACHE_DIR", str(tmp_path / "cache"))


@pytest.fixture(scope="session")
def seed_articles() -> list[Article]:
    return [read_article(p) for p in SEEDS]


@pytest.fixture
def cassette(model_cassette):  # noqa: ANN001, ANN201
    """This project's name for the plugin's `model_cassette` fixture (summarizer/testing.py)."""
    return model_cassette
