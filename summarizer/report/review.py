"""The review page: one self-contained HTML file (no network, no external assets) showing each
article with its grounded evidence highlighted, and the clusters and conflicts beside it with
links to the highlighted words. Clicking a highlight shows its facts."""

from __future__ import annotations

import html
import json
import re

from ..models import Article, Cluster, ClusterStatus, Fact, Report
from .summary import denial_mark, lone_values, outlet_names, said_by_source

_CSS = """
body{font:15px/1.5 system-ui,sans-serif;margin:0;display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);
gap:0;color:#222}
main,aside{padding:1rem 1.5rem;overflow:auto;height:100vh;box-sizing:border-box}
aside{background:#f6f6f4;border-left:1px solid #ddd}
article{border-bottom:1px solid #ddd;padding-bottom:1rem;margin-bottom:1rem}
.text{white-space:pre-wrap}.hl{border-radius:2px;cursor:pointer}.k-quote{background:#ffe7a3}.k-number{background:#bfe3ff}
.k-date{background:#d4f5c9}.k-entity{border-bottom:2px solid #b39ddb}.k-event,.k-claim{background:#f5d0e6}
.hl.focus{outline:2px solid #d33}.conflict{border-left:4px solid #d33;padding-left:.5rem;margin:.75rem 0}
.agreed{border-left:4px solid #3a3;padding-left:.5rem;margin:.75rem 0}.meta{color:#666;font-size:13px}
#details{position:sticky;top:0;background:#fff;border:1px solid #ccc;padding:.5rem;margin-bottom:1rem;min-height:2rem}
.bad{color:#a00;font-size:13px}code{font-size:13px}
del{background:#ffd6d6;color:#8a0000}ins{background:#d6f5d6;color:#0a5a0a;text-decoration:none}
.legend span{display:inline-block;padding:0 .35rem;margin:0 .25rem .25rem 0;border-radius:2px;font-size:13px}
"""

_JS = """
const facts = JSON.parse(document.getElementById('facts').textContent);
const details = document.getElementById('details');
function show(ids){
  document.querySelectorAll('.hl.focus').forEach(e => e.classList.remove('focus'));
  details.innerHTML = '';
  ids.forEach(id => {
    const f = facts[id]; if (!f) return;
    document.querySelectorAll('[data-facts~="' + CSS.escape(id) + '"]').forEach(e => e.classList.add('focus'));
    const p = document.createElement('p');
    p.textContent = f.kind + ' · ' + f.subject + ' · ' + f.attribute + ': ' + f.value
      + (f.speaker ? ' — ' + f.speaker : '') + ' [' + f.id + ', ' + f.status + ']';
    details.appendChild(p);
  });
}
document.querySelectorAll('.hl').forEach(e => e.addEventListener('click', () => show(e.dataset.facts.split(' '))));
document.querySelectorAll('a.fact').forEach(a => a.addEventListener('click', () => show([a.dataset.fact])));
document.getElementById('count').textContent = document.querySelectorAll('.hl').length + ' highlighted spans';
"""


def _highlighted(article: Article, facts: list[Fact]) -> str:
    """The article text with every usable fact's span wrapped; overlaps split into segments."""
    spans = [
        (f.evidence.start, f.evidence.end, f)
        for f in facts
        if f.grounding.usable and f.evidence.start is not None and f.evidence.end is not None
    ]
    cuts = sorted({0, len(article.text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    starts: dict[int, list[str]] = {}
    for s, _, f in spans:
        starts.setdefault(s, []).append(f.id)
    out = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        for fid in starts.get(a, []):
            out.append(f'<a id="{html.escape(_anchor(fid))}"></a>')
        covering = [f for s, e, f in spans if s <= a and b <= e]
        segment = html.escape(article.text[a:b])
        if covering:
            kinds = " ".join(sorted({f"k-{f.kind.value}" for f in covering}))
            ids = " ".join(safe_id(f.id) for f in covering)
            title = html.escape("; ".join(f"{f.kind.value}: {f.value}" for f in covering))
            out.append(f'<span class="hl {kinds}" data-facts="{html.escape(ids)}" title="{title}">{segment}</span>')
        else:
            out.append(segment)
    return "".join(out)


def safe_id(value: str) -> str:
    """An HTML id/token from any string, one to one: letters, digits and '-' stay; every other
    character becomes _hex_ (so 'a:b', 'a b' and 'a-b' never collide)."""
    return "".join(ch if ch.isascii() and (ch.isalnum() or ch == "-") else f"_{ord(ch):x}_" for ch in value)


def _anchor(fact_id: str) -> str:
    return "f-" + safe_id(fact_id)


_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def script_json(value: object) -> str:
    """JSON safe to embed in a <script> element: no '<', '>', '&', U+2028 or U+2029 left raw."""
    text = json.dumps(value, ensure_ascii=False)
    return "".join(_JSON_ESCAPES.get(ch, ch) for ch in text)


_DIFF = re.compile(r"\[-(.*?)-\]|\{\+(.*?)\+\}")


def diff_html(diff: str) -> str:
    """A word diff ("a [-old-] {+new+} b") as HTML: removed words in <del>, added in <ins>."""
    out, at = [], 0
    for m in _DIFF.finditer(diff):
        out.append(html.escape(diff[at : m.start()]))
        if m.group(1) is not None:
            out.append(f"<del>{html.escape(m.group(1))}</del>")
        else:
            out.append(f"<ins>{html.escape(m.group(2))}</ins>")
        at = m.end()
    out.append(html.escape(diff[at:]))
    return "".join(out)


_LEGEND = (
    '<div class="legend meta">Highlights: <span class=k-quote>quote</span><span class=k-number>number</span>'
    "<span class=k-date>date</span><span class=k-entity>name</span><span class=k-claim>event or claim</span>"
    " · word diffs: <del>only in the first version</del><ins>only in the other</ins></div>"
)


def _cluster_html(report: Report, status: ClusterStatus) -> str:
    names = outlet_names(report.articles)
    rows = []
    for c in report.clusters:
        if c.status is not status:
            continue
        css = "conflict" if c.status is ClusterStatus.conflict else "agreed"
        kinds = ", ".join(k.value for k in c.conflict_kinds)
        head = f"<b>{html.escape(c.subject)}</b> <span class=meta>({html.escape(c.kind.value)}, {c.status.value}"
        head += f": {html.escape(kinds)})</span>" if kinds else ")</span>"
        values = []
        for v in c.values:
            first: dict[str, str] = {}
            for fid in v.fact_ids:
                first.setdefault(fid.rsplit(":", 1)[0], fid)
            links = ", ".join(
                f'<a class="fact" data-fact="{safe_id(fid)}" href="#{html.escape(_anchor(fid))}">'
                f"{html.escape(names.get(aid, aid))}</a>"
                for aid, fid in first.items()
            )
            sources = links or html.escape(", ".join(names.get(a, a) for a in v.article_ids))
            who = f"{html.escape(v.speaker)}: " if v.speaker else ""
            who += denial_mark(v.denied)
            values.append(f"<li>{who}“{html.escape(v.value)}” — {sources}</li>")
        diff = f"<div class=meta>word diff: {diff_html(c.diff)}</div>" if c.diff else ""
        rows.append(f'<div class="{css}" id="{safe_id(c.id)}">{head}<ul>{"".join(values)}</ul>{diff}</div>')
    if rows:
        return "".join(rows)
    return (
        "<p>None.</p>" if status is ClusterStatus.conflict else "<p>No fact was reported by more than one outlet.</p>"
    )


def _lone_html(report: Report) -> str:
    """Values one outlet gives where others give another (see summary.lone_values)."""
    lone = lone_values(report.clusters)
    if not lone:
        return ""
    names = outlet_names(report.articles)

    def said(c: Cluster) -> str:
        ids = sorted({a for v in c.values for a in v.article_ids})
        who = ", ".join(names.get(i, i) for i in ids)
        return f"“{html.escape(c.values[0].value)}” <span class=meta>{html.escape(who)}</span>"

    items = "".join(
        f"<li>{html.escape(c.subject)} ({c.kind.value}): {said(c)} against {'; '.join(said(o) for o in others)}</li>"
        for c, others in lone
    )
    return f"<h2>Given by one outlet, where others give another value</h2><ul class=lone>{items}</ul>"


def _said_html(report: Report) -> str:
    """'What each source is reported to have said' (summary.said_by_source): each source's
    statements as the outlets render them, quoted or paraphrased."""
    grouped = said_by_source(report)
    if not grouped:
        return ""
    names = outlet_names(report.articles)
    parts = []
    for who, statements in grouped:
        items = "".join(
            "<li><ul>"
            + "".join(
                f"<li>{denial_mark(r.denied)}“{html.escape(r.value)}” "
                f"<span class=meta>{'quoted' if r.direct else 'paraphrased'} by "
                f"{html.escape(', '.join(names.get(a, a) for a in r.article_ids))}</span></li>"
                for r in renderings
            )
            + "</ul></li>"
            for renderings in statements
        )
        parts.append(f"<div class=said><b>{html.escape(who)}</b><ul>{items}</ul></div>")
    return f"<h2>What each source is reported to have said</h2>{''.join(parts)}"


def to_html(report: Report) -> str:
    """The whole review page."""
    tables = {t.article_id: t for t in report.tables}
    articles = []
    all_facts = {}
    for a in report.articles:
        facts = tables[a.id].facts if a.id in tables else []
        for f in facts:
            all_facts[safe_id(f.id)] = {
                "id": f.id,
                "kind": f.kind.value,
                "subject": f.subject,
                "attribute": f.attribute,
                "value": f.value,
                "speaker": f.speaker,
                "status": f.grounding.status.value if f.grounding.usable else "not used",
            }
        bad = "".join(
            f"<li>{html.escape(f.value[:120])} — {html.escape('; '.join(f.grounding.failures))}</li>"
            for f in facts
            if not f.grounding.usable
        )
        meta = " · ".join(html.escape(str(x)) for x in (a.outlet, a.published, a.url) if x)
        articles.append(
            f'<article id="article-{safe_id(a.id)}"><h2>{html.escape(a.title or a.id)}</h2>'
            f"<div class=meta>{html.escape(a.id)} {meta}</div><div class=text>{_highlighted(a, facts)}</div>"
            + (f"<details class=bad><summary>facts not used</summary><ul>{bad}</ul></details>" if bad else "")
            + "</article>"
        )
    summary = html.escape(report.summary.text) if report.summary else ""
    blob = script_json(all_facts)
    return (
        "<!doctype html><html lang=en><head><meta charset=utf-8><title>summarizer review</title>"
        f"<style>{_CSS}</style></head><body><main><p id=count class=meta></p>{''.join(articles)}</main>"
        f"<aside><div id=details>Click a highlight or a source link.</div>{_LEGEND}"
        f"<h2>Where the outlets differ</h2>{_cluster_html(report, ClusterStatus.conflict)}{_lone_html(report)}"
        f"{_said_html(report)}"
        f"<h2>Summary</h2><div class=text>{summary}</div>"
        f"<h2>Reported by more than one outlet</h2>{_cluster_html(report, ClusterStatus.agreed)}</aside>"
        f'<script type="application/json" id="facts">{blob}</script><script>{_JS}</script></body></html>\n'
    )


def script_hash() -> str:
    """The base64 SHA-256 of the page's script, for a Content-Security-Policy that lets it run
    and nothing else."""
    import base64
    import hashlib

    return base64.b64encode(hashlib.sha256(_JS.encode()).digest()).decode()
