"""The house: packages by layer, and no module imports a layer above its own (ARCHITECTURE.md)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "summarizer"

# bottom to top; a module may import its own layer and the layers below it
LAYERS: list[set[str]] = [
    {"models", "errors", "deadline", "unionfind", "settings"},
    {"language"},
    {"ingest", "model"},
    {"facts"},
    {"check"},
    {"extract"},
    {"reconcile"},
    {"report"},
    {"pipeline"},
    {"service", "testing", "schemas", "cli", "_entry", "__init__"},
]
RANK = {name: i for i, names in enumerate(LAYERS) for name in names}


def _unit(module: str) -> str:
    """The layer unit of a dotted module under summarizer: its package or top-level module."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, absolute module) for every import of a summarizer module in `path`, lazy ones included."""
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    here = list(rel.parts[:-1]) if rel.name != "__init__" else list(rel.parts[:-1])
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = here[: len(here) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            if target == "summarizer" or (node.level and not node.module):
                found.extend((node.lineno, f"{target}.{a.name}") for a in node.names)
            elif target.startswith("summarizer"):
                found.append((node.lineno, target))
        elif isinstance(node, ast.Import):
            found.extend((node.lineno, a.name) for a in node.names if a.name.startswith("summarizer."))
    return found


MODULES = sorted(p for p in PACKAGE.rglob("*.py"))


def test_every_module_belongs_to_a_layer():
    units = {_unit(".".join(p.relative_to(PACKAGE.parent).with_suffix("").parts)) for p in MODULES}
    assert units <= set(RANK), f"modules outside every layer: {sorted(units - set(RANK))}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_imports_a_layer_above_its_own(path):
    own = _unit(".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts))
    upward = []
    for line, target in _imports(path):
        unit = _unit(target)
        if unit == "__version__" or target == "summarizer.__version__":
            continue
        if RANK.get(unit, -1) > RANK[own]:
            upward.append(f"line {line}: {target} ({unit}, layer {RANK[unit]} > {own}, layer {RANK[own]})")
    assert not upward, "\n".join(upward)


def test_the_lower_layers_never_import_the_model_client():
    """facts/, check/ and reconcile/ take plain models: no LLM client behind them."""
    for path in MODULES:
        unit = _unit(".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts))
        if unit in {"facts", "check", "reconcile"}:
            assert not [t for _, t in _imports(path) if t.startswith("summarizer.model.")], path


def test_help_imports_no_heavy_layer():
    """`summarizer --help` loads the CLI only: no spaCy, no service, no model client."""
    code = (
        "import sys; from summarizer.cli import app; "
        "heavy = [m for m in ('spacy', 'fastapi', 'openai', 'instructor', 'sqlalchemy', 'summarizer.service.api') "
        "if m in sys.modules]; print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
