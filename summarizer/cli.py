"""The `summarizer` command: a thin translator from arguments to library calls.

Exit codes: 0 done; 1 error; 2 bad usage; 3 partial (some articles failed, the rest are in
the output); 4 --strict and some fact could not be grounded.
"""

from __future__ import annotations

import contextlib
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from .errors import SummarizerError

EXIT_ERROR, EXIT_USAGE, EXIT_PARTIAL, EXIT_UNGROUNDED = 1, 2, 3, 4

app = typer.Typer(
    help="Grounded, reconciled fact tables and neutral summaries from several outlets' articles.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
prompts_app = typer.Typer(help="See the prompt templates and exactly what they send.", no_args_is_help=True)
app.add_typer(prompts_app, name="prompts")


class Format(StrEnum):
    json = "json"
    md = "md"
    html = "html"
    csv = "csv"
    jsonl = "jsonl"


class ExtractorChoice(StrEnum):
    auto = "auto"
    all = "all"
    llm = "llm"
    rules = "rules"


class Provider(StrEnum):
    openai = "openai"
    vllm = "vllm"
    ollama = "ollama"
    llamacpp = "llamacpp"
    compatible = "openai-compatible"


Files = Annotated[list[str], typer.Argument(help="Article files (text or HTML); - reads stdin.", show_default=False)]
FormatOpt = Annotated[
    Format | None, typer.Option("--format", "-f", help="Output format [default: from -o's extension, else md/json].")
]
OutOpt = Annotated[Path | None, typer.Option("--output", "-o", help="Write here, not stdout.")]
ModelOpt = Annotated[str | None, typer.Option("--model", "-m", help="Model id on the server.")]
MetaOpt = Annotated[
    Path | None,
    typer.Option(
        help="CSV (columns file, outlet, title, published, url) or JSON ({file: {outlet, ...}}) naming each "
        "file's outlet; wins over front matter and page metadata.",
    ),
]
BaseUrlOpt = Annotated[str | None, typer.Option(help="OpenAI-compatible base URL [env: OPENAI_BASE_URL].")]
KeyOpt = Annotated[str | None, typer.Option(help="API key [env: OPENAI_API_KEY].", show_default=False)]
ProviderOpt = Annotated[Provider | None, typer.Option(help="Server kind; guessed from the URL.")]
ModeOpt = Annotated[str | None, typer.Option(help="instructor mode override: tools, json, json_schema, md_json.")]
ExtractorOpt = Annotated[
    ExtractorChoice, typer.Option(help="llm, rules or all; auto = all when a model is available, else rules.")
]
StrictOpt = Annotated[bool, typer.Option(help="Exit 4 when any fact could not be grounded.")]
ConcurrencyOpt = Annotated[int, typer.Option(min=1, help="Articles extracted at the same time.")]
ProcessesOpt = Annotated[
    int | None,
    typer.Option(
        min=1, help="Processes for the rules extractor [default: every core when the articles are long enough]."
    ),
]
CacheOpt = Annotated[bool, typer.Option(help="Answer repeated model requests from the on-disk cache.")]
CacheDirOpt = Annotated[Path | None, typer.Option(help="Cache directory [env: SUMMARIZER_CACHE_DIR].")]
TimeoutOpt = Annotated[float, typer.Option(min=0.1, help="Seconds to wait for one model answer.")]
RetryOpt = Annotated[float, typer.Option(min=0, help="Seconds of retrying (429, 5xx, timeouts) per call.")]
ArticleTimeoutOpt = Annotated[
    float, typer.Option(min=0.1, help="Seconds of work on one article before it is reported and skipped.")
]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")]
LogOpt = Annotated[
    bool, typer.Option("--log/--no-log", help="Record model calls in the call log (see `summarizer logs`).")
]
DbOpt = Annotated[
    str | None,
    typer.Option(help="Database file or URL [env: SUMMARIZER_DB; default: the user's data directory]."),
]


def _say(message: str) -> None:
    typer.echo(message, err=True)


def _config(
    model: str | None,
    base_url: str | None,
    api_key: str | None,
    provider: Provider | None,
    mode: str | None,
    *,
    cache: bool = True,
    cache_dir: Path | None = None,
    timeout: float = 300.0,
    retry_budget: float = 120.0,
):
    from .model.cache import default_cache_dir
    from .model.client import ModelConfig

    return ModelConfig(
        model=model,
        base_url=base_url,
        api_key=api_key,
        provider=provider.value if provider else None,
        mode=mode,
        cache_dir=str(cache_dir or default_cache_dir()) if cache else None,
        timeout=timeout,
        retry_budget=retry_budget,
    )


@contextlib.contextmanager
def _progress(quiet: bool):
    """A rich progress bar on stderr for terminals; nothing otherwise."""
    if quiet or not sys.stderr.isatty():
        yield None
        return
    from rich.progress import Progress

    with Progress(transient=True) as bar:
        task = bar.add_task("extracting", total=None)
        yield lambda done, total: bar.update(task, completed=done, total=total)


_EXTENSIONS = {
    ".json": Format.json,
    ".md": Format.md,
    ".markdown": Format.md,
    ".html": Format.html,
    ".htm": Format.html,
    ".csv": Format.csv,
    ".jsonl": Format.jsonl,
}


def _format(fmt: Format | None, output: Path | None, default: Format) -> Format:
    """-f when given, else the output file's extension, else the command's default."""
    if fmt is not None:
        return fmt
    return _EXTENSIONS.get(output.suffix.lower(), default) if output else default


def _check_output(output: Path | None, inputs: list[str] | list[Path]) -> None:
    """Refuse an output path that cannot work, before any work is done."""
    if output is None:
        return
    problem = None
    if output.is_dir():
        problem = "is a directory; name a file"
    elif not output.parent.is_dir():
        problem = f"its directory {output.parent} does not exist"
    elif output.exists() and any(_same_file(output, i) for i in inputs):
        problem = "is one of the inputs; it would be overwritten"
    if problem:
        _say(f"error: -o {output}: {problem}")
        raise typer.Exit(EXIT_ERROR)


def _same_file(a: Path, b: str | Path) -> bool:
    try:
        return str(b) != "-" and a.samefile(b)
    except OSError:
        return False


def _write(output: Path, text: str) -> None:
    """Write atomically: a temporary file beside the target, then a rename."""
    import os
    import tempfile

    fd, tmp = tempfile.mkstemp(dir=output.parent, prefix=f".{output.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(tmp, output)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _emit(report, fmt: Format, output: Path | None, strict: bool) -> None:
    from .report.render import render

    text = render(report, fmt.value)
    if output:
        try:
            _write(output, text)
        except OSError as problem:
            _say(f"error: cannot write {output}: {problem.strerror or problem}")
            raise typer.Exit(EXIT_ERROR) from problem
        _say(f"wrote {output}")
    else:
        sys.stdout.write(text)
    for warning in report.run.warnings:
        _say(f"warning: {warning.message}")
    for err in report.run.errors:
        _say(f"error: {err.message}")
    ungrounded = [f for t in report.tables for f in t.facts if not f.grounding.usable]
    if strict and ungrounded:
        _say(f"--strict: {len(ungrounded)} facts could not be grounded")
        raise typer.Exit(EXIT_UNGROUNDED)
    if report.run.errors:
        raise typer.Exit(EXIT_PARTIAL if report.articles else EXIT_ERROR)


def _meta(path: Path | None) -> dict[str, dict[str, str]] | None:
    """--meta FILE: file name or path -> outlet, title, published, url."""
    if path is None:
        return None
    from .ingest.articles import read_meta

    try:
        return read_meta(path)
    except (OSError, ValueError) as err:
        _say(f"error: --meta {path}: {err}")
        raise typer.Exit(EXIT_ERROR) from err


def _door(
    default: Format,
    *,
    files: list[str],
    fmt: Format | None,
    output: Path | None,
    extractor: ExtractorChoice,
    model: str | None,
    base_url: str | None,
    api_key: str | None,
    provider: Provider | None,
    mode: str | None,
    strict: bool,
    concurrency: int,
    processes: int | None,
    cache: bool,
    cache_dir: Path | None,
    timeout: float,
    retry_budget: float,
    quiet: bool,
    article_timeout: float,
    meta: Path | None,
    log: bool,
    db: str | None,
    until: str | None = None,
    summary: bool = True,
    assist: bool = False,
) -> None:
    """What `summarize` and `extract` share, given their own options (`**locals()`): the model
    configuration, the format, and the run up to `until` (else the summary, or the clusters
    with --no-summary)."""
    config = _config(
        model,
        base_url,
        api_key,
        provider,
        mode,
        cache=cache,
        cache_dir=cache_dir,
        timeout=timeout,
        retry_budget=retry_budget,
    )
    _run(
        files,
        config,
        extractor,
        _format(fmt, output, default),
        output,
        strict,
        concurrency,
        quiet,
        until=until or ("summary" if summary else "reconcile"),
        assist=assist,
        processes=processes,
        article_timeout=article_timeout,
        meta=_meta(meta),
        call_log=_call_log(db) if log else None,
    )


def _fail(err: SummarizerError) -> typer.Exit:
    _say(f"error: {err}")
    return typer.Exit(EXIT_ERROR)


@app.command(epilog="Example: summarizer summarize seeds/*.txt --format md -o report.md")
def summarize(
    files: Files,
    fmt: FormatOpt = None,
    output: OutOpt = None,
    extractor: ExtractorOpt = ExtractorChoice.auto,
    model: ModelOpt = None,
    base_url: BaseUrlOpt = None,
    api_key: KeyOpt = None,
    provider: ProviderOpt = None,
    mode: ModeOpt = None,
    strict: StrictOpt = False,
    concurrency: ConcurrencyOpt = 4,
    processes: ProcessesOpt = None,
    cache: CacheOpt = True,
    cache_dir: CacheDirOpt = None,
    timeout: TimeoutOpt = 300.0,
    retry_budget: RetryOpt = 120.0,
    quiet: QuietOpt = False,
    article_timeout: ArticleTimeoutOpt = 60.0,
    meta: MetaOpt = None,
    summary: Annotated[bool, typer.Option(help="Write the neutral summary.")] = True,
    assist: Annotated[
        bool, typer.Option(help="Ask the model where the reconciler is unsure whether two facts match.")
    ] = False,
    log: LogOpt = True,
    db: DbOpt = None,
) -> None:
    """Read articles, extract and ground facts, reconcile them across outlets, summarise."""
    _door(Format.md, **locals())


@app.command(epilog="Example: summarizer extract seeds/000*.txt -f json -o a.json")
def extract(
    files: Files,
    fmt: FormatOpt = None,
    output: OutOpt = None,
    extractor: ExtractorOpt = ExtractorChoice.auto,
    model: ModelOpt = None,
    base_url: BaseUrlOpt = None,
    api_key: KeyOpt = None,
    provider: ProviderOpt = None,
    mode: ModeOpt = None,
    strict: StrictOpt = False,
    concurrency: ConcurrencyOpt = 4,
    processes: ProcessesOpt = None,
    cache: CacheOpt = True,
    cache_dir: CacheDirOpt = None,
    timeout: TimeoutOpt = 300.0,
    retry_budget: RetryOpt = 120.0,
    quiet: QuietOpt = False,
    article_timeout: ArticleTimeoutOpt = 60.0,
    meta: MetaOpt = None,
    log: LogOpt = True,
    db: DbOpt = None,
) -> None:
    """Per-article fact tables only (no reconciliation, no summary)."""
    _door(Format.json, until="extract", **locals())


def _call_log(db: str | None):
    """A call-log sink that opens the database at the first model call (a rules-only run never
    touches it); a database that cannot be opened is reported once and the run goes on."""
    import threading

    box: list[Any] = []
    lock = threading.Lock()

    def sink(record: dict[str, Any]) -> None:
        from .service.store import Store

        with lock:
            if not box:
                try:
                    box.append(Store(db))
                except SummarizerError as err:
                    _say(f"call log off: {err}")
                    box.append(None)
            store = box[0]
        if store is not None:
            store.log_call(record)

    return sink


def _run(
    files: list[str],
    config,
    extractor: ExtractorChoice,
    fmt: Format,
    output: Path | None,
    strict: bool,
    concurrency: int,
    quiet: bool,
    **options: Any,
) -> None:
    from . import pipeline

    _check_output(output, files)
    try:
        with _progress(quiet) as progress:
            report = pipeline.summarize(
                files,
                model=config,
                extractor=extractor.value,
                concurrency=concurrency,
                notice=_say,
                progress=progress,
                **options,
            )
    except SummarizerError as err:
        raise _fail(err) from err
    except KeyboardInterrupt:
        _say("interrupted: finished model answers are cached; run the same command again to continue")
        raise typer.Exit(130) from None
    _emit(report, fmt, output, strict)


@app.command(epilog="Example: summarizer reconcile a.json b.json -f md")
def reconcile(
    reports: Annotated[list[Path], typer.Argument(help="Report JSON files from `extract`.")],
    fmt: FormatOpt = None,
    output: OutOpt = None,
) -> None:
    """Merge fact tables from earlier `extract` runs into one reconciled report (no model)."""
    from pydantic import ValidationError

    from . import pipeline
    from .models import Report

    _check_output(output, reports)

    loaded = []
    for path in reports:
        try:
            loaded.append(Report.model_validate_json(path.read_text(encoding="utf-8")))
        except (OSError, ValidationError, UnicodeDecodeError) as err:
            _say(f"error: {path}: not a summarizer report JSON ({str(err).splitlines()[0]})")
            raise typer.Exit(EXIT_ERROR) from err
    try:
        report = pipeline.reconcile_reports(loaded)
    except SummarizerError as err:
        raise _fail(err) from err
    _emit(report, _format(fmt, output, Format.md), output, strict=False)


@app.command(epilog="Example: summarizer regress regress/seeds --record --update")
def regress(
    suite: Annotated[Path, typer.Argument(help="Suite directory (with suite.toml).")] = Path("regress/seeds"),
    record: Annotated[bool, typer.Option(help="Re-record cases whose request changed or has no recording.")] = False,
    update: Annotated[bool, typer.Option(help="Accept new outputs as golden.")] = False,
    model: ModelOpt = None,
    base_url: BaseUrlOpt = None,
    api_key: KeyOpt = None,
    provider: ProviderOpt = None,
) -> None:
    """Replay a prompt-regression suite from its cassettes and compare with golden outputs (offline).

    --record uses the configured endpoint, or the embedded model when none is set."""
    from .testing.regress import run_suite

    live = _config(model, base_url, api_key, provider, None, cache=False) if record else None
    try:
        results = run_suite(suite, record=record, update=update, live=live, echo=typer.echo)
    except SummarizerError as err:
        raise _fail(err) from err
    failed = sum(1 for r in results if not r.passed)
    typer.echo(f"{len(results) - failed} passed, {failed} failed")
    if failed:
        raise typer.Exit(EXIT_ERROR)


@app.command(epilog="Example: summarizer models --base-url http://127.0.0.1:11434/v1")
def models(
    model: ModelOpt = None,
    base_url: BaseUrlOpt = None,
    api_key: KeyOpt = None,
    provider: ProviderOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON instead of lines.")] = False,
) -> None:
    """What model is configured, and whether it answers (the embedded one is not started)."""
    import json

    from .model.client import describe_models

    config = _config(model, base_url, api_key, provider, None)
    entries = describe_models(config)
    if as_json:
        typer.echo(json.dumps(entries, indent=2))
    else:
        for e in entries:
            mark = "*" if e.get("chosen") else " "
            state = "reachable" if e.get("reachable") else "installed" if e.get("installed") else "not available"
            where = f" at {e['base_url']}" if e.get("base_url") else ""
            line = f"{mark} {e['source']}: {e.get('model') or '?'}{where} — {state}"
            if e.get("models"):
                line += f" (serves {', '.join(map(str, e['models'][:8]))})"  # type: ignore[index]
            if e.get("problem"):
                line += f": {e['problem']}"
            typer.echo(line)
    chosen = next((e for e in entries if e.get("chosen")), {})
    if not (chosen.get("reachable") or chosen.get("installed")):
        raise typer.Exit(EXIT_ERROR)


@app.command("serve-model")
def serve_model(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8765,
    check: Annotated[bool, typer.Option(help="Start, answer one multi-token prompt, stop.")] = False,
) -> None:
    """Run the embedded model (SmolLM2-135M-Instruct) as an OpenAI-compatible server."""
    import os

    from .model.embedded import MODEL_ALIAS, LocalModelServer, self_test, server_command

    try:
        if check:
            with LocalModelServer(host=host) as server:
                answer = self_test(server.base_url)
            _say(f"embedded model OK; it answered: {answer.strip()[:80]!r}")
            return
        command = server_command(host, port)
    except SummarizerError as err:
        raise _fail(err) from err
    _say(f"serving {MODEL_ALIAS} at http://{host}:{port}/v1 (Ctrl-C stops it)")
    os.execv(command[0], command)


@app.command(epilog="Example: SUMMARIZER_API_KEYS=k1,k2 summarizer serve --host 0.0.0.0 --port 8000")
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    db: DbOpt = None,
    engine: Annotated[str, typer.Option(help="local (threads in this process) or rq (Redis + workers).")] = "local",
    redis: Annotated[
        str | None, typer.Option("--redis", help="Redis URL for --engine rq [env: SUMMARIZER_REDIS].")
    ] = None,
    workers: Annotated[int, typer.Option(min=1, help="Jobs run at once by the local engine.")] = 2,
    keys_file: Annotated[
        Path | None,
        typer.Option(help="API keys, one `tenant:key` per line, 24+ characters (also SUMMARIZER_API_KEYS)."),
    ] = None,
    docs: Annotated[bool, typer.Option(help="Serve /docs and /openapi.json (off by default).")] = False,
    insecure: Annotated[
        bool, typer.Option(help="Allow a non-loopback address without API keys (anyone can call it).")
    ] = False,
    rate: Annotated[int, typer.Option(min=0, help="Requests a minute per API key (0: no limit).")] = 600,
    max_body: Annotated[int, typer.Option(min=1024, help="Largest request body in bytes.")] = 10 * 1024 * 1024,
    model: ModelOpt = None,
    base_url: BaseUrlOpt = None,
    api_key: KeyOpt = None,
    provider: ProviderOpt = None,
) -> None:
    """Run the HTTP service (FastAPI on uvicorn): /v1/summarize, /v1/jobs, /v1/stories, /docs."""
    import ipaddress

    try:
        import uvicorn

        from .service.api import Keys, ServiceConfig, create_app
        from .settings import Settings
    except ImportError as err:
        _say(f"the service needs the 'service' extra: pip install 'summarizer[service]' ({err.name} is missing)")
        raise typer.Exit(EXIT_ERROR) from None
    try:
        settings = Settings()
        admin = settings.admin_key.get_secret_value() if settings.admin_key else None
        env_keys = settings.api_keys.get_secret_value() if settings.api_keys else None
        keys = Keys.parse(env_keys, keys_file, admin)
        loopback = host == "localhost" or _is_loopback(ipaddress, host)
        if not keys and not loopback and not insecure:
            _say(
                f"refusing to listen on {host} without API keys: set SUMMARIZER_API_KEYS or --keys-file, "
                "or pass --insecure"
            )
            raise typer.Exit(EXIT_USAGE)
        config = ServiceConfig(
            db=db,
            engine=engine,
            redis_url=redis,
            workers=workers,
            keys=keys,
            rate_per_minute=rate,
            docs=docs,
            max_body=max_body,
            model=_config(model, base_url, api_key, provider, None),
            settings=settings,
        )
        app_ = create_app(config)
    except SummarizerError as err:
        raise _fail(err) from err
    tenants = len(set(keys.tenants.values())) + (keys.admin is not None)
    _say(f"summarizer serving on http://{host}:{port} ({'docs at /docs; ' if docs else ''}{tenants} tenant(s))")
    uvicorn.run(app_, host=host, port=port, log_level="warning", timeout_graceful_shutdown=10)


def _is_loopback(ipaddress: Any, host: str) -> bool:
    try:
        return bool(ipaddress.ip_address(host).is_loopback)
    except ValueError:
        return False


@app.command()
def worker(
    db: DbOpt = None,
    redis: Annotated[str | None, typer.Option("--redis", help="Redis URL [env: SUMMARIZER_REDIS].")] = None,
    burst: Annotated[bool, typer.Option(help="Stop when the queue is empty.")] = False,
    model: ModelOpt = None,
    base_url: BaseUrlOpt = None,
    api_key: KeyOpt = None,
    provider: ProviderOpt = None,
) -> None:
    """Run a worker for `serve --engine rq`: takes jobs from Redis, writes to the shared database."""
    from .service.engine import run_worker
    from .settings import Settings

    settings = Settings()
    try:
        run_worker(
            db,
            redis or settings.redis,
            burst=burst,
            model=_config(model, base_url, api_key, provider, None),
            settings=settings,
        )
    except SummarizerError as err:
        raise _fail(err) from err


@app.command()
def logs(
    n: Annotated[int, typer.Option("-n", min=1, help="How many of the latest calls.")] = 20,
    story: Annotated[str | None, typer.Option(help="Only calls made for this story id.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line.")] = False,
    db: DbOpt = None,
) -> None:
    """The model call log: template and version, model, endpoint, tokens, latency, status, cache."""
    import json

    from .service.store import Store

    try:
        records = Store(db).calls(limit=n, story_id=story)
    except SummarizerError as err:
        raise _fail(err) from err
    for r in records:
        if as_json:
            typer.echo(json.dumps(r, ensure_ascii=False, default=str))
            continue
        template = f"{r['template']}@{r['template_version']}" if r["template"] else r["kind"]
        cached = " cached" if r["cache_hit"] else ""
        where = f" story {r['story_id']}" if r["story_id"] else ""
        line = (
            f"{r['at'][:19]}  {template}  {r['model']}  {r['prompt_tokens']}+{r['completion_tokens']} tokens  "
            f"{r['latency_ms']} ms  {r['status']}{cached}{where}"
        )
        if r["error"]:
            line += f"  {r['error']}"
        typer.echo(line)


@prompts_app.command("list")
def prompts_list() -> None:
    """List templates with name, version and description."""
    from .model.prompts import list_templates

    problems: list[str] = []
    for t in list_templates(problems=problems):
        typer.echo(f"{t.name}\tv{t.version}\t{t.sha256[:12]}\t{t.description}")
    for problem in problems:
        _say(f"error: {problem}")
    if problems:
        raise typer.Exit(EXIT_ERROR)


@prompts_app.command("show")
def prompts_show(name: str) -> None:
    """Print a template file as it is."""
    from .model.prompts import load_template

    try:
        typer.echo(load_template(name).path.read_text(encoding="utf-8"))
    except SummarizerError as err:
        raise _fail(err) from err


@prompts_app.command("render", epilog="Example: summarizer prompts render extract_facts seeds/000_*.txt")
def prompts_render(
    name: str,
    article: Annotated[str, typer.Argument(help="An article file (for extract templates).")] = "",
) -> None:
    """Print the exact messages a template sends for an article."""
    import json

    from .extract.table import MAX_FACTS
    from .ingest.articles import read_article
    from .model.prompts import load_template

    try:
        template = load_template(name)
        variables: dict[str, object] = {"max_facts": MAX_FACTS, "max_sentences": 5, "agreed": [], "conflicts": []}
        if article:
            variables["article"] = read_article(article)
        messages = template.render(**variables)
    except SummarizerError as err:
        raise _fail(err) from err
    typer.echo(json.dumps(messages, indent=2, ensure_ascii=False))


def _version(value: bool) -> None:
    if value:
        from . import __version__

        typer.echo(f"summarizer {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Grounded, reconciled fact tables and neutral summaries from several outlets' articles."""


def main() -> None:
    """Entry point of the `summarizer` script."""
    import logging

    # instructor logs every failed attempt at ERROR; the CLI reports failures itself, once
    logging.getLogger("instructor").setLevel(logging.CRITICAL)
    app()
