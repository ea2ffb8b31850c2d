"""JSON Schemas generated from the models. `python -m summarizer.schemas [DIR]` rewrites them."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from pydantic import BaseModel

from .extract.table import ExtractedFacts
from .models import FactTable, Report

SCHEMAS: dict[str, type[BaseModel]] = {
    "fact_table.schema.json": FactTable,
    "report.schema.json": Report,
    "extraction.schema.json": ExtractedFacts,
}


def render_schema(model: type[BaseModel]) -> str:
    """The schema text exactly as stored in schemas/."""
    return json.dumps(model.model_json_schema(mode="serialization"), indent=2, sort_keys=True) + "\n"


def write_schemas(directory: Path) -> list[Path]:
    """Write every schema into `directory`; returns the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, model in SCHEMAS.items():
        path = directory / name
        path.write_text(render_schema(model), encoding="utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":  # pragma: no cover
    for written in write_schemas(Path(sys.argv[1] if len(sys.argv) > 1 else "schemas")):
        print(written)
