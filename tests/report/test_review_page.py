"""The HTML review page in a real headless browser (Debian's chromium; .ci/run installs it)."""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser

import pytest

from summarizer import summarize
from summarizer.report.render import render
from summarizer.report.review import safe_id
from tests.conftest import ROOT, SEEDS

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SHOTS = ROOT / "tests" / "screenshots"

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.highlights: list[str] = []
        self.anchors: set[str] = set()
        self.links: list[str] = []
        self.count = ""
        self._in_count = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "span" and "hl" in (a.get("class") or "").split():
            self.highlights.append(a.get("data-facts") or "")
        if tag == "a" and a.get("id"):
            self.anchors.add(a["id"])
        if tag == "a" and "fact" in (a.get("class") or "").split():
            self.links.append((a.get("href") or "").lstrip("#"))
        self._in_count = tag == "p" and a.get("id") == "count"

    def handle_data(self, data):
        if self._in_count:
            self.count += data


def _chromium(*args: str, tmp_path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_review_page_renders_highlights_and_links(tmp_path):
    report = summarize(SEEDS, extractor="rules")
    page = tmp_path / "review.html"
    page.write_text(render(report, "html"), encoding="utf-8")

    dom = _chromium("--dump-dom", page.as_uri(), tmp_path=tmp_path)
    assert dom.returncode == 0, dom.stderr[-2000:]
    elements = _Elements()
    elements.feed(dom.stdout)
    usable = [f for f in report.facts() if f.grounding.usable]
    highlighted = {fid for ids in elements.highlights for fid in ids.split()}
    assert highlighted == {safe_id(f.id) for f in usable}  # ids made safe for HTML, one to one
    assert re.fullmatch(rf"{len(elements.highlights)} highlighted spans", elements.count.strip())  # the script ran
    assert elements.links and set(elements.links) <= elements.anchors  # every source link lands on a span

    SHOTS.mkdir(exist_ok=True)
    shot = SHOTS / "review.png"
    taken = _chromium(f"--screenshot={shot}", "--window-size=1400,1000", page.as_uri(), tmp_path=tmp_path)
    assert taken.returncode == 0, taken.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000


def test_conflicts_come_first_with_coloured_diffs_a_legend_and_outlet_names(tmp_path):
    from summarizer.ingest.articles import parse_article

    a = parse_article(
        "---\noutlet: Harbour Gazette\n---\nThe quay was damaged.\n\n"
        "“We will reopen the north quay by Friday and the south quay next month,” harbour master Ilse Jansen said.",
        id="gazette",
    )
    b = parse_article(
        "---\noutlet: Coast Courier\n---\nStorms closed the port.\n\n"
        "“We will reopen the north quay by Sunday and the south quay next month,” harbour master Ilse Jansen said.",
        id="courier",
    )
    page = tmp_path / "conflicts.html"
    page.write_text(render(summarize([a, b], extractor="rules"), "html"), encoding="utf-8")
    dom = _chromium("--dump-dom", page.as_uri(), tmp_path=tmp_path)
    assert dom.returncode == 0, dom.stderr[-2000:]
    aside = dom.stdout.split("<aside>", 1)[1]
    assert aside.index("Where the outlets differ") < aside.index("<h2>Summary</h2>")
    marked = {
        ("<del>Friday</del>" in aside, "<ins>Sunday</ins>" in aside),
        ("<del>Sunday</del>" in aside, "<ins>Friday</ins>" in aside),
    }
    assert (True, True) in marked
    assert 'class="legend meta"' in aside and "Harbour Gazette" in aside and "Coast Courier" in aside
    shot = SHOTS / "conflicts.png"
    SHOTS.mkdir(exist_ok=True)
    taken = _chromium(f"--screenshot={shot}", "--window-size=1400,900", page.as_uri(), tmp_path=tmp_path)
    assert taken.returncode == 0 and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
