"""Reports as JSON (the Report model, valid against schemas/report.schema.json) or Markdown."""

from __future__ import annotations

import html

from ..models import Cluster, ClusterStatus, FactKind, GroundingStatus, Report
from .summary import _clip, denial_mark, lone_values, outlet_names, said_by_source

FORMATS = ("json", "md", "html", "csv", "jsonl")


def _outlets(ids: list[str], names: dict[str, str]) -> str:
    return ", ".join(names.get(i, i) for i in ids)


def to_json(report: Report) -> str:
    """The report as indented JSON; the same input always gives the same bytes."""
    return report.model_dump_json(indent=2, exclude_none=False) + "\n"


def to_markdown(report: Report) -> str:
    """A reporter-readable page: summary, agreed facts, conflicts, entities, per-article tables."""
    out = ["# Fact table", ""]
    out += _articles(report)
    names = outlet_names(report.articles)
    conflicts = [c for c in report.clusters if c.status is ClusterStatus.conflict]
    agreed = [c for c in report.clusters if c.status is ClusterStatus.agreed]
    if conflicts:
        out += ["## Where the outlets differ", ""]
        for c in conflicts:
            kinds = ", ".join(k.value for k in c.conflict_kinds)
            out.append(f"### {c.id}: {_md(c.subject)} ({_md(c.what)}) — {kinds}")
            out.append("")
            for v in c.values:
                inferred = " (inferred)" if v.speaker_inferred else ""
                shown = c.kind in (FactKind.quote, FactKind.claim)
                who = f"{_md(v.speaker)}{inferred}: " if v.speaker and shown else ""
                who += denial_mark(v.denied)
                out.append(f"- {who}“{_md(_clip(v.value, 300))}” — {_md(_outlets(v.article_ids, names))}")
            if c.diff:
                out += ["", f"  word diff: {_md(c.diff)}"]
            out.append("")
    if lone := lone_values(report.clusters):
        out += ["## Given by one outlet, where others give another value", ""]
        for c, others in lone:
            v = c.values[0]
            rest = "; ".join(f"“{_md(o.values[0].value)}” — {_md(_outlets(_ids(o), names))}" for o in others)
            out.append(f"- {_md(c.subject)} ({c.kind.value}): “{_md(v.value)}” — {_md(_outlets(v.article_ids, names))}")
            out.append(f"  against {rest}")
        out.append("")
    out += _said(report, names)
    if report.summary:
        out += ["## Summary", "", _md(report.summary.text), ""]
        if report.summary.note:
            out += [f"_Deterministic digest used: {report.summary.note}._", ""]
    if agreed:
        out += ["## Agreed", "", "| outlets | kind | subject | value |", "|---|---|---|---|"]
        for c in agreed:
            out.append(
                f"| {_cell(_outlets(_ids(c), names))} | {c.kind.value} | {_cell(c.subject)} "
                f"| {denial_mark(c.values[0].denied)}{_cell(c.values[0].value)} |"
            )
        out.append("")
    if report.entities:
        out += ["## Entities", ""]
        for e in report.entities:
            if len(e.variants) > 1:
                forms = "; ".join(f"{_md(v.form)} ({_md(_outlets(v.article_ids, names))})" for v in e.variants)
                out.append(f"- **{_md(e.canonical)}** ({e.kind}): {forms}")
        out.append("")
    out += _tables(report)
    out += _run(report)
    return "\n".join(out).rstrip() + "\n"


def _said(report: Report, names: dict[str, str]) -> list[str]:
    """'What each source is reported to have said' (summary.said_by_source), in Markdown."""
    grouped = said_by_source(report)
    if not grouped:
        return []
    out = ["## What each source is reported to have said", ""]
    for who, statements in grouped:
        out += [f"**{_md(who)}**", ""]
        for renderings in statements:
            for r in renderings:
                how = "quoted" if r.direct else "paraphrased"
                outlets = _md(_outlets(r.article_ids, names))
                out.append(f"- {denial_mark(r.denied)}“{_md(_clip(r.value, 300))}” — {how} by {outlets}")
            out.append("")
    return out


def _ids(cluster: Cluster) -> list[str]:
    return sorted({a for v in cluster.values for a in v.article_ids})


def _md(text: str) -> str:
    """Text from articles or models, made inert in Markdown: HTML escaped, never interpreted."""
    return html.escape(text, quote=False)


def _cell(text: str) -> str:
    return _md(_clip(text, 120)).replace("|", "\\|").replace("\n", " ")


def _articles(report: Report) -> list[str]:
    out = ["| article | outlet | title | published | facts | ungrounded |", "|---|---|---|---|---|---|"]
    tables = {t.article_id: t for t in report.tables}
    for a in report.articles:
        t = tables.get(a.id)
        facts = len(t.facts) if t else 0
        bad = sum(1 for f in t.facts if not f.grounding.usable) if t else 0
        cells = [_cell(a.id), _cell(a.outlet or ""), _cell(a.title or ""), str(a.published or ""), str(facts), str(bad)]
        out.append("| " + " | ".join(cells) + " |")
    for err in report.run.errors:
        out.append(f"| {_cell(err.source)} | | **error:** {_cell(err.message)} | | | |")
    return [*out, ""]


def _tables(report: Report) -> list[str]:
    out = ["## Facts not used (ungrounded or failed checks)", ""]
    rows = [
        f"- {_md(f.id)} ({f.kind.value}, {f.extractor}): “{_md(_clip(f.value, 100))}” — "
        f"{f.grounding.status.value if f.grounding.status is GroundingStatus.ungrounded else 'failed'}: "
        f"{_md('; '.join(f.grounding.failures))}"
        for t in report.tables
        for f in t.facts
        if not f.grounding.usable
    ]
    return [*out, *(rows or ["None."]), ""]


def _run(report: Report) -> list[str]:
    r = report.run
    u = r.usage
    line = f"_extractor {r.extractor}"
    if r.model:
        line += f", model {r.model} ({r.endpoint})"
    line += f", {u.calls} model calls, {u.total_tokens} tokens, {r.seconds:.1f}s, summarizer {r.version}_"
    return ["---", line]


def to_csv(report: Report) -> str:
    """One row per cluster value, for spreadsheets: cluster id, status, conflict kinds, subject,
    attribute, value, speaker, outlets, article ids, the evidence spans, for what a source said
    whether the outlets quote it or paraphrase it (`rendering`), and "yes" under `denied` for a
    statement the source is reported to deny ("denied that S": the value is what it says is not so)."""
    import csv
    import io

    names = outlet_names(report.articles)
    evidence = {f.id: f.evidence.text for t in report.tables for f in t.facts}
    kinds = {f.id: f.kind for t in report.tables for f in t.facts}
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(
        [
            "cluster",
            "status",
            "conflicts",
            "kind",
            "subject",
            "attribute",
            "value",
            "speaker",
            "outlets",
            "articles",
            "evidence",
            "rendering",
            "denied",
        ]
    )
    for c in report.clusters:
        for v in c.values:
            writer.writerow(
                [
                    c.id,
                    c.status.value,
                    " ".join(k.value for k in c.conflict_kinds),
                    c.kind.value,
                    _sheet(c.subject),
                    _sheet(c.what),
                    _sheet(v.value),
                    _sheet(v.speaker or ""),
                    _sheet(_outlets(v.article_ids, names)),
                    " ".join(v.article_ids),
                    _sheet(" | ".join(dict.fromkeys(evidence.get(i, "") for i in v.fact_ids))),
                    _rendering(c, v.fact_ids, kinds),
                    "yes" if v.denied else "",
                ]
            )
    return buffer.getvalue()


def _rendering(cluster: Cluster, fact_ids: list[str], kinds: dict[str, FactKind]) -> str:
    """'quoted' or 'paraphrased' for what a source said; empty for other facts."""
    if cluster.kind not in (FactKind.quote, FactKind.claim):
        return ""
    return "quoted" if any(kinds.get(i) is FactKind.quote for i in fact_ids) else "paraphrased"


def _sheet(text: str) -> str:
    """A cell a spreadsheet shows as text: no formula from article words ("=cmd|...")."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def to_jsonl(report: Report) -> str:
    """One fact per line (every table's facts, grounded or not), for streaming tools."""
    return "".join(f.model_dump_json() + "\n" for t in report.tables for f in t.facts)


def render(report: Report, fmt: str) -> str:
    """Render in one of FORMATS."""
    if fmt == "json":
        return to_json(report)
    if fmt == "csv":
        return to_csv(report)
    if fmt == "jsonl":
        return to_jsonl(report)
    if fmt == "md":
        return to_markdown(report)
    if fmt == "html":
        from .review import to_html

        return to_html(report)
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
