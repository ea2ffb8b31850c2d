"""The public surface: schemas generated from the models, the curated __all__."""

from __future__ import annotations

import summarizer
from summarizer.schemas import SCHEMAS, render_schema

from .conftest import ROOT


def test_schema_files_match_the_models():
    for name, model in SCHEMAS.items():
        stored = (ROOT / "schemas" / name).read_text(encoding="utf-8")
        assert stored == render_schema(model), (
            f"schemas/{name} drifted from {model.__name__}; regenerate with `python -m summarizer.schemas`"
        )


def test_public_api_is_sorted_and_importable():
    assert summarizer.__all__ == sorted(summarizer.__all__)
    for name in summarizer.__all__:
        assert hasattr(summarizer, name), name


def test_package_ships_py_typed():
    assert (ROOT / "summarizer" / "py.typed").exists()
