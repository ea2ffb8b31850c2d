"""An on-disk cache of model answers, keyed by everything that shapes the answer: endpoint
kind, base URL, model, the rendered messages, the response schema and the sampling settings.
A re-run of the same inputs makes no model call. Entries are written atomically (temporary file
then rename), so two runs can share a cache directory."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import tempfile
from pathlib import Path
from typing import Any

from ..errors import ConfigurationError
from ..settings import Settings


def default_cache_dir(settings: Settings | None = None) -> Path:
    """The settings' cache_dir (SUMMARIZER_CACHE_DIR), else $XDG_CACHE_HOME/summarizer, else ~/.cache/summarizer."""
    if configured := (settings or Settings()).cache_dir:
        return configured
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "summarizer"


class ResponseCache:
    """`get(key_parts)` / `put(key_parts, value)` over JSON files under `directory`."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        if self.directory.exists() and not self.directory.is_dir():
            raise ConfigurationError(
                f"cache directory {self.directory} exists and is not a directory; "
                "pass another --cache-dir or --no-cache"
            )

    @staticmethod
    def key(parts: dict[str, Any]) -> str:
        """A stable digest of the request's parts."""
        blob = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()

    def path(self, parts: dict[str, Any]) -> Path:
        """The file an entry lives in (`<directory>/<2 hex>/<sha256>.json`, `{"value": ...}`), for
        tools that inspect, copy or clear entries."""
        key = self.key(parts)
        return self.directory / key[:2] / f"{key}.json"

    def get(self, parts: dict[str, Any]) -> Any | None:
        """The stored value, or None: a missing, unreadable or malformed entry is a miss (the
        next `put` replaces it). Only regular files are read, so a FIFO or device never blocks."""
        path = self.path(parts)
        try:
            if not stat.S_ISREG(path.stat().st_mode):
                return None
            entry = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return entry.get("value") if isinstance(entry, dict) else None

    def discard(self, parts: dict[str, Any]) -> None:
        """Forget an entry whose value turned out unusable."""
        with contextlib.suppress(OSError):
            self.path(parts).unlink()

    def put(self, parts: dict[str, Any], value: Any) -> None:
        """Store `value` atomically; a failure to write is not an error of the run."""
        path = self.path(parts)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if path.exists() and not path.is_file():
                return  # something that is not an entry sits there: leave it alone
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump({"value": value}, out, ensure_ascii=False)
            os.replace(tmp, path)
        except OSError:
            return
