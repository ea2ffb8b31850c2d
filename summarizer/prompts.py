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

import hashlib
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import StrictUndefined
from jinja2 import TemplateError as JinjaError
from jinja2.sandbox import SandboxedEnvironment

from .errors import TemplateError
from .models import TemplateRef

_ENV = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False)
ROLES = ("system", "user")


def prompts_dir() -> Path:
    """Where templates live: $SUMMARIZER_PROMPTS, the installed copy, or the repo's prompts/."""
    if env := os.environ.get("SUMMARIZER_PROMPTS"):
        return Path(env)
    here = Path(__file__).resolve().parent
    installed = here / "prompts"
    return installed if installed.is_dir() else here.parent / "prompts"


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
            try:
                content = _ENV.from_string(self.messages[role]).render(**variables)
            except JinjaError as err:
                raise TemplateError(f"template {self.name} ({role}): {err}") from err
            out.append({"role": role, "content": content.strip()})
        return out


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
    messages = {k: v for k, v in doc["messages"].items() if k in ROLES}
    if "user" not in messages:
        raise TemplateError(f"{path}: [messages] needs a user message")
    for role, text in messages.items():
        try:
            _ENV.parse(text)
        except JinjaError as err:
            raise TemplateError(f"{path} ({role}): {err}") from err
    return PromptTemplate(
        name=str(doc["name"]),
        version=str(doc["version"]),
        description=str(doc["description"]),
        messages=messages,
        sha256=hashlib.sha256(data).hexdigest(),
        path=path,
    )


def list_templates(directory: Path | None = None) -> list[PromptTemplate]:
    """Every template in the prompts directory, sorted by name."""
    root = directory or prompts_dir()
    return sorted((load_template(str(p)) for p in root.glob("*.toml")), key=lambda t: t.name)
