"""One settings object: every `SUMMARIZER_*` environment variable the project reads, in one place.

`Settings()` reads the environment when it is built, never at import; the CLI builds it once
when a command starts, the library when a call starts, a worker when it starts, and each passes
what it needs down. Nothing writes to the environment.

| variable | field | default |
|---|---|---|
| SUMMARIZER_HOME | home | the XDG data directory (the call log and the service's SQLite database) |
| SUMMARIZER_DB | db | `<home>/summarizer.db` (a path or a `postgresql://` URL) |
| SUMMARIZER_CACHE_DIR | cache_dir | `$XDG_CACHE_HOME/summarizer` (model answers) |
| SUMMARIZER_PROMPTS | prompts | the installed templates |
| SUMMARIZER_REDIS | redis | redis://127.0.0.1:6379/0 (the rq engine) |
| SUMMARIZER_API_KEYS | api_keys | none (comma-separated `tenant:key` pairs, or bare keys; 24+ characters) |
| SUMMARIZER_ADMIN_KEY | admin_key | none (a key that reads and writes every tenant's stories and jobs) |
| SUMMARIZER_AUTH_FAILURES | auth_failures | 20 wrong keys a minute per client address, then 429 |
| SUMMARIZER_CORS_ORIGINS | cors_origins | none (comma-separated origins browsers may call the service from) |
| SUMMARIZER_WEBHOOK_SECRET | webhook_secret | none (webhooks unsigned) |
| SUMMARIZER_WEBHOOK_ALLOW | webhook_allow | none (internal hosts or networks webhooks may reach) |
| SUMMARIZER_WEBHOOK_RETRY_FOR | webhook_retry_for | 86400 s a delivery is retried before it is given up |
| SUMMARIZER_WEBHOOK_BACKOFF | webhook_backoff | 2 s before the first retry, doubling each time |
| SUMMARIZER_WEBHOOK_BACKOFF_MAX | webhook_backoff_max | 600 s at most between two attempts |
| SUMMARIZER_MAX_BODY | max_body | 10 MiB per request |
| SUMMARIZER_JOB_LEASE | job_lease | 30 s a worker holds a job unrenewed |
| SUMMARIZER_REAP_EVERY | reap_every | a third of the lease, at least 1 s |
| SUMMARIZER_JOB_ATTEMPTS | job_attempts | 3 tries before a job fails |
| SUMMARIZER_RECORD | record | off: tests replay cassettes (1: record them) |
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_REDIS = "redis://127.0.0.1:6379/0"


class Settings(BaseSettings):
    """The project's settings, from `SUMMARIZER_*` variables (see the module docstring)."""

    model_config = SettingsConfigDict(env_prefix="SUMMARIZER_", extra="ignore", frozen=True)

    home: Path | None = None
    db: str | None = None
    cache_dir: Path | None = None
    prompts: Path | None = None
    redis: str = DEFAULT_REDIS
    api_keys: SecretStr | None = None
    admin_key: SecretStr | None = None
    auth_failures: int = Field(default=20, ge=1)
    cors_origins: str | None = None
    webhook_secret: SecretStr | None = None
    webhook_allow: str | None = None
    webhook_retry_for: float = Field(default=86400.0, gt=0)
    webhook_backoff: float = Field(default=2.0, gt=0)
    webhook_backoff_max: float = Field(default=600.0, gt=0)
    max_body: int = Field(default=10 * 1024 * 1024, gt=0)
    job_lease: float = Field(default=30.0, gt=0)
    reap_every: float | None = Field(default=None, gt=0)
    job_attempts: int = Field(default=3, ge=1)
    record: bool = False

    @property
    def reap_interval(self) -> float:
        """Seconds between two looks for jobs whose worker died."""
        return self.reap_every if self.reap_every is not None else max(1.0, self.job_lease / 3)
