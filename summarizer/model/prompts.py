"""Prompt templates are data: TOML files in `prompts/` with a header and Jinja messages.

A template file looks like::

    name = "extract_facts"
    version = "3"
    description = "One line for `summarizer prompts list`"

    [messages]
    system = '''...'''
    user = '''... {{ article.text }} ...'''

Rendering uses a sandboxed Jinja environment with StrictUndefined: a missing variable is an
error, never an empty string. `sha256` is taken over the file's bytes, so any edit changes it.
"""

from __future__ import annotations

import contextvars
import hashlib
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import StrictUndefined, Template, nodes
from jinja2 import TemplateError as JinjaError
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from ..errors import TemplateError
from ..models import TemplateRef
from ..settings import Settings

MAX_OUTPUT = 1_000_000  # characters one message may render to (an extraction chunk is 12,000)
MAX_ITERATIONS = 100_000  # loop iterations in one render, all loops together
_ITERATIONS: contextvars.ContextVar[list[int]] = contextvars.ContextVar("summarizer_template_iterations")


class _BoundedEnvironment(SandboxedEnvironment):
    """The sandbox, plus bounds: no includes or imports (there is no loader), loops counted
    across the whole render, and '*' / '**' that cannot build huge values."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(right, int) and abs(right) > 64:
            raise SecurityError("exponent too large in a template")
        if operator == "*" and (isinstance(left, (str, list)) or isinstance(right, (str, list))):
            size = (len(left) if isinstance(left, (str, list)) else len(right)) * (
                right if isinstance(left, (str, list)) else left
            )
            if isinstance(size, int) and size > MAX_OUTPUT:
                raise SecurityError("repetition too large in a template")
        return super().call_binop(context, operator, left, right)


def _bounded(iterable: Any) -> Iterator[Any]:
    counter = _ITERATIONS.get()
    for item in iterable:
        counter[0] += 1
        if counter[0] > MAX_ITERATIONS:
            raise SecurityError(f"the template looped more than {MAX_ITERATIONS:,} times")
        yield item


_ENV = _BoundedEnvironment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False)
_ENV.filters["_summarizer_bounded"] = _bounded
_REFUSED = (nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)


def _compile(source: str, where: str) -> Template:
    """Parse, refuse includes and imports, count every loop's iterations, compile."""
    try:
        tree = _ENV.parse(source)
    except JinjaError as err:
        raise TemplateError(f"{where}: {err}") from err
    for node in tree.find_all(_REFUSED):
        tag = type(node).__name__.lower()
        raise TemplateError(f"{where}: {{% {tag} %}} is not supported: a template is one self-contained file")
    for loop in tree.find_all(nodes.For):
        loop.iter = nodes.Filter(loop.iter, "_summarizer_bounded", [], [], None, None, lineno=loop.lineno)
    return _ENV.from_string(tree)


ROLES = ("system", "user")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")
_VERSION = re.compile(r"[A-Za-z0-9][A-Za-z0-9.-]{0,31}")


def prompts_dir(settings: Settings | None = None) -> Path:
    """Where templates live: the settings' prompts (SUMMARIZER_PROMPTS), the installed copy, or
    the repo's prompts/."""
    if configured := (settings or Settings()).prompts:
        return configured
    package = Path(__file__).resolve().parent.parent
    installed = package / "prompts"
    return installed if installed.is_dir() else package.parent / "prompts"


@dataclass(frozen=True)
class PromptTemplate:
    """A loaded template; `render()` gives the exact chat messages sent to the model."""

    name: str
    version: str
    description: str
    messages: dict[str, str]
    sha256: str
    path: Path

    @property
    def ref(self) -> TemplateRef:
        """Name, version and hash, as recorded in provenance."""
        return TemplateRef(name=self.name, version=self.version, sha256=self.sha256)

    def render(self, **variables: Any) -> list[dict[str, str]]:
        """Render every message; raises TemplateError on a missing variable."""
        out = []
        for role in ROLES:
            if role not in self.messages:
                continue
            where = f"template {self.name} ({role})"
            token = _ITERATIONS.set([0])
            try:
                content = _render(_compile(self.messages[role], where), variables)
            except (JinjaError, ArithmeticError, TypeError, ValueError, RecursionError) as err:
                raise TemplateError(f"{where}: {err}") from err
            finally:
                _ITERATIONS.reset(token)
            out.append({"role": role, "content": content.strip()})
        return out


def _render(template: Template, variables: dict[str, Any]) -> str:
    """Render piece by piece, stopping as soon as the output passes MAX_OUTPUT."""
    out: list[str] = []
    size = 0
    for piece in template.generate(**variables):
        size += len(piece)
        if size > MAX_OUTPUT:
            raise SecurityError(f"the rendered message passed {MAX_OUTPUT:,} characters")
        out.append(piece)
    return "".join(out)


def load_template(name: str, directory: Path | None = None) -> PromptTemplate:
    """Load `name` (a template name or a path to a .toml file)."""
    path = Path(name) if name.endswith(".toml") else (directory or prompts_dir()) / f"{name}.toml"
    if not path.is_file():
        raise TemplateError(f"no prompt template {name!r} (looked for {path})")
    data = path.read_bytes()
    try:
        doc = tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        raise TemplateError(f"{path}: not a valid template file: {err}") from err
    missing = [k for k in ("name", "version", "description", "messages") if k not in doc]
    if missing:
        raise TemplateError(f"{path}: header lacks {', '.join(missing)}")
    if not _NAME.fullmatch(str(doc["name"])) or not _VERSION.fullmatch(str(doc["version"])):
        raise TemplateError(
            f"{path}: name must be an identifier (letters, digits, _) and version letters, digits, '.', '-' "
            f"(got name {str(doc['name'])[:40]!r}, version {str(doc['version'])[:20]!r}); they name cassette folders"
        )
    if not isinstance(doc["messages"], dict):
        raise TemplateError(f"{path}: [messages] must be a table of role = text")
    messages = {k: v for k, v in doc["messages"].items() if k in ROLES}
    if "user" not in messages:
        raise TemplateError(f"{path}: [messages] needs a user message")
    for role, text in messages.items():
        if not isinstance(text, str):
            raise TemplateError(f"{path} ({role}): a message must be text")
        _compile(text, f"{path} ({role})")
    return PromptTemplate(
        name=str(doc["name"]),
        version=str(doc["version"]),
        description=str(doc["description"]),
        messages=messages,
        sha256=hashlib.sha256(data).hexdigest(),
        path=path,
    )


def list_templates(directory: Path | None = None, *, problems: list[str] | None = None) -> list[PromptTemplate]:
    """Every valid template in the prompts directory, sorted by name. A malformed one is left out;
    its error is appended to `problems` when given (else raised)."""
    root = directory or prompts_dir()
    found = []
    for path in sorted(root.glob("*.toml")):
        try:
            found.append(load_template(str(path)))
        except TemplateError as err:
            if problems is None:
                raise
            problems.append(str(err))
    return sorted(found, key=lambda t: t.name)
