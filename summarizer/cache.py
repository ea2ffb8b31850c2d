"""An on-disk cache of model answers, keyed by everything that shapes the answer: endpoint
kind, base URL, model, the rendered messages, the response schema and the sampling settings.
A re-run of the same inputs makes no model call. Entries are written atomically (temporary file
then rename), so two runs can share a cache directory."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any


def default_cache_dir() -> Path:
    """$SUMMARIZER_CACHE_DIR, else $XDG_CACHE_HOME/summarizer, else ~/.cache/summarizer."""
    if env := os.environ.get("SUMMARIZER_CACHE_DIR"):
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "summarizer"


class ResponseCache:
    """`get(key_parts)` / `put(key_parts, value)` over JSON files under `directory`."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)

    @staticmethod
    def key(parts: dict[str, Any]) -> str:
        """A stable digest of the request's parts."""
        blob = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def get(self, parts: dict[str, Any]) -> Any | None:
        """The stored value, or None (a missing or unreadable entry is a miss)."""
        try:
            return json.loads(self._path(self.key(parts)).read_text(encoding="utf-8"))["value"]
        except (OSError, ValueError, KeyError):
            return None

    def put(self, parts: dict[str, Any], value: Any) -> None:
        """Store `value` atomically; a failure to write is not an error of the run."""
        path = self._path(self.key(parts))
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump({"value": value}, out, ensure_ascii=False)
            os.replace(tmp, path)
        except OSError:
            return
