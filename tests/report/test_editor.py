"""What an editor sees: outlets by name, spreadsheet and line formats, differences never cut away.

Every article here is written for this test.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

from typer.testing import CliRunner

from summarizer import __version__
from summarizer.cli import app
from summarizer.ingest.articles import front_matter, parse_article
from summarizer.models import ArticleNote, NoteKind, Report, RunInfo
from summarizer.report.summary import clip_around

runner = CliRunner()

HARBOUR = (
    "The harbour authority said on Tuesday that two cranes were damaged in the storm.\n\n"
    "“We will reopen the north quay by Friday and the south quay next month,” "
    "harbour master Ilse Jansen said."
)
HARBOUR_B = (
    "Storm damage closed the port this week.\n\n"
    "“We will reopen the north quay by Sunday and the south quay next month,” "
    "harbour master Ilse Jansen said."
)


def _run(*args: str):
    return runner.invoke(app, list(args))


def test_front_matter_names_the_outlet_and_is_not_article_text():
    raw = "---\noutlet: Harbour Gazette\ntitle: Cranes down\npublished: 2024-03-05\nurl: https://example.org/a\n---\n"
    article = parse_article(raw + HARBOUR, id="gazette")
    assert (article.outlet, article.title, article.published, article.url) == (
        "Harbour Gazette",
        "Cranes down",
        dt.date(2024, 3, 5),
        "https://example.org/a",
    )
    assert article.text.startswith("The harbour authority")
    assert front_matter("no header here")[1] == {}


def test_parse_article_without_an_id_takes_one_from_the_content():
    a, b = parse_article(HARBOUR), parse_article(HARBOUR)
    assert a.id == b.id and a.id != parse_article(HARBOUR_B).id
    assert parse_article(HARBOUR, published="2024-03-06").published == dt.date(2024, 3, 6)


def _files(tmp_path):
    (tmp_path / "gazette.txt").write_text(HARBOUR, encoding="utf-8")
    (tmp_path / "courier.txt").write_text(HARBOUR_B, encoding="utf-8")
    return [str(tmp_path / "gazette.txt"), str(tmp_path / "courier.txt")]


def test_meta_csv_names_outlets_in_markdown_and_csv(tmp_path):
    files = _files(tmp_path)
    meta = tmp_path / "meta.csv"
    meta.write_text("file,outlet\ngazette.txt,Harbour Gazette\ncourier.txt,Coast Courier\n", encoding="utf-8")
    md = _run("summarize", *files, "--extractor", "rules", "--meta", str(meta), "-f", "md", "-q")
    assert md.exit_code == 0, md.output
    conflicts = md.stdout.split("## Where the outlets differ", 1)[1]
    assert "Harbour Gazette" in conflicts and "Coast Courier" in conflicts
    sheet = _run("summarize", *files, "--extractor", "rules", "--meta", str(meta), "-f", "csv", "-q")
    rows = list(csv.DictReader(io.StringIO(sheet.stdout)))
    quote_rows = [r for r in rows if r["kind"] == "quote"]
    assert {r["outlets"] for r in quote_rows} == {"Harbour Gazette", "Coast Courier"}
    assert all(r["status"] == "conflict" and "quote_wording" in r["conflicts"] for r in quote_rows)
    assert all(r["evidence"].startswith("We will reopen") for r in quote_rows)


def test_meta_json_and_front_matter_agree(tmp_path):
    files = _files(tmp_path)
    meta = tmp_path / "meta.json"
    meta.write_text(json.dumps({"gazette.txt": {"outlet": "Harbour Gazette"}}), encoding="utf-8")
    result = _run("extract", *files, "--extractor", "rules", "--meta", str(meta), "-f", "json", "-q")
    outlets = {a["id"]: a["outlet"] for a in json.loads(result.stdout)["articles"]}
    assert outlets == {"gazette": "Harbour Gazette", "courier": None}


def test_a_broken_meta_file_is_a_clear_error(tmp_path):
    files = _files(tmp_path)
    meta = tmp_path / "meta.csv"
    meta.write_text("name,outlet\ngazette.txt,X\n", encoding="utf-8")
    result = _run("summarize", *files, "--extractor", "rules", "--meta", str(meta))
    assert result.exit_code == 1
    assert "needs a 'file' column" in result.stderr


def test_csv_cells_never_start_a_formula(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("“=HYPERLINK(1) is what the form said on every page,” Ana Lima said.", encoding="utf-8")
    other = tmp_path / "b.txt"
    other.write_text("“=HYPERLINK(1) is what the form said on each page,” Ana Lima said.", encoding="utf-8")
    sheet = _run("summarize", str(path), str(other), "--extractor", "rules", "-f", "csv", "-q")
    values = [r["value"] for r in csv.DictReader(io.StringIO(sheet.stdout)) if r["kind"] == "quote"]
    assert values and all(v.startswith("'=") for v in values)


def test_jsonl_is_one_fact_per_line(tmp_path):
    files = _files(tmp_path)
    result = _run("extract", *files, "--extractor", "rules", "-f", "jsonl", "-q")
    lines = result.stdout.splitlines()
    facts = [json.loads(line) for line in lines]
    assert len(facts) >= 4 and {f["article_id"] for f in facts} == {"gazette", "courier"}


def test_version_and_short_model_option(monkeypatch):
    assert _run("--version").stdout.strip() == f"summarizer {__version__}"
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    result = _run("summarize", "-", "-m", "some-model")
    assert result.exit_code == 1 and "OPENAI_API_KEY" in result.stderr


def test_a_shortened_value_keeps_the_words_that_differ():
    long_a = (
        "Our role will be to train, to assist and to help, " * 4 + "but by the end of the year not in a combat mission"
    )
    long_b = (
        "Our role will be to train, to assist and to help, " * 4 + "but by the end of the year not in a combat zone"
    )
    shown = clip_around(long_a, [long_a, long_b], limit=120)
    assert "combat mission" in shown
    assert "combat zone" in clip_around(long_b, [long_a, long_b], limit=120)
    assert clip_around("short", ["short", "other"]) == "short"


def test_values_before_a_change_are_facts_of_their_own_and_can_disagree():
    from summarizer.extract.table import extract_table
    from summarizer.models import FactKind
    from summarizer.reconcile.clusters import reconcile

    a = parse_article("The garrison will keep 900 soldiers, down from 1,400 last year, the ministry said.", id="a")
    b = parse_article("The garrison was cut from 1,200 soldiers to 900 soldiers, the ministry said.", id="b")
    c = parse_article("About 900 soldiers will stay at the garrison, up from 700 in spring, officials said.", id="c")
    tables = [extract_table(x, extractor="rules", client=None) for x in (a, b, c)]
    earlier = {f.value for t in tables for f in t.facts if f.kind is FactKind.number and f.previous}
    assert earlier == {"1,400", "1,200", "700"}
    clusters, _ = reconcile([a, b, c], tables)
    before = [c for c in clusters if c.kind is FactKind.number and c.previous]
    assert any(c.status.value == "conflict" and "number" in [k.value for k in c.conflict_kinds] for c in before)
    now = [c for c in clusters if c.kind is FactKind.number and not c.previous]
    assert any(c.status.value == "agreed" and c.values[0].normalized.number == 900 for c in now)


def test_the_digest_cites_outlets_by_name_and_each_sentence_names_its_clusters():
    from summarizer.pipeline import summarize

    a = parse_article("---\noutlet: Harbour Gazette\n---\n" + HARBOUR, id="gazette")
    b = parse_article("---\noutlet: Coast Courier\n---\n" + HARBOUR_B, id="courier")
    report = summarize([a, b], extractor="rules")
    summary = report.summary
    assert summary is not None and summary.method == "digest"
    assert "Harbour Gazette" in summary.text and "Coast Courier" in summary.text
    clusters = {c.id: c for c in report.clusters}
    assert summary.sentences
    texts = {x.id: " ".join(x.text.split()) for x in (a, b)}
    for sentence in summary.sentences:
        assert sentence.status == "from_table" and sentence.text in summary.text
        if sentence.cluster_ids:  # a table sentence: exactly the articles of its clusters
            cited = {i for cid in sentence.cluster_ids for v in clusters[cid].values for i in v.article_ids}
            assert cited == set(sentence.article_ids)
        else:  # a lead sentence: its outlet's own words, cited to it
            (article_id,) = sentence.article_ids
            words, outlet = sentence.text.rsplit(" (", 1)
            assert words in texts[article_id] and outlet.rstrip(")") in ("Harbour Gazette", "Coast Courier")


def test_two_weekdays_with_no_publication_date_are_listed_but_not_claimed_as_a_conflict():
    """A weekday names no calendar day until its article's date is known: "by Friday" and "by
    Sunday" are listed apart, each given by one outlet, and no date disagreement is claimed."""
    from summarizer.pipeline import summarize

    a = parse_article(HARBOUR, id="gazette")
    b = parse_article(HARBOUR_B, id="courier")
    report = summarize([a, b], extractor="rules")
    dates = [c for c in report.clusters if c.kind.value == "date"]
    values = {v.value: c.status.value for c in dates for v in c.values}
    assert values.get("by Friday") == values.get("by Sunday") == "single_source"
    assert not [c for c in dates if c.status.value == "conflict"]


def test_a_withheld_value_against_a_stated_one_is_a_contradiction_with_both_sides():
    from summarizer.pipeline import summarize

    a = parse_article("The ministry has not offered a timeline for the bridge repairs, officials said.", id="a")
    b = parse_article("The bridge repairs will be finished by 30 June 2025, the ministry said on Monday.", id="b")
    c = parse_article("The agency declined to say how many inspectors it will hire this year.", id="c")
    d = parse_article("The agency will hire 40 inspectors this year, its director said on Tuesday.", id="d")
    report = summarize([a, b, c, d], extractor="rules")
    contradictions = {c.what: c for c in report.clusters if [k.value for k in c.conflict_kinds] == ["contradiction"]}
    dated = contradictions["withheld date against stated"]
    assert dated.kind.value == "withheld" and dated.attribute == "date against stated"
    assert {(v.value, tuple(v.article_ids)) for v in dated.values} == {
        ("has not offered a timeline for the bridge repairs", ("a",)),
        ("by 30 June 2025", ("b",)),
    }
    counted = contradictions["withheld number against stated"]
    assert {tuple(v.article_ids) for v in counted.values} == {("c",), ("d",)}
    assert any(v.value.startswith("40") for v in counted.values)


def test_the_digest_leaves_out_bare_weekdays_years_and_spans_of_time():
    from summarizer.pipeline import summarize

    a = parse_article(
        "On Monday the council met for two hours. The town was founded in 1887. "
        "The council approved 12 new bus routes, the mayor said.",
        id="a",
    )
    b = parse_article(
        "The council sat for two hours on Monday, in a town founded in 1887. "
        "It approved 12 new bus routes, officials said.",
        id="b",
    )
    summary = summarize([a, b], extractor="rules").summary
    assert summary is not None
    table_lines = [x.text for x in summary.sentences if x.cluster_ids]
    assert table_lines == ["Both outlets report 12 new bus routes."]  # no "Monday", "1887", "two hours"


def test_models_lists_what_is_configured_and_whether_it_answers(monkeypatch):
    from tests.fault_server import FaultServer

    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-secret-never-printed")
    with FaultServer() as server:
        result = _run("models", "--base-url", server.base_url, "-m", "fault-model", "--json")
    assert result.exit_code == 0, result.output
    entries = json.loads(result.stdout)
    assert entries[0]["reachable"] is True and entries[0]["models"] == ["fault-model"]
    assert entries[0]["model_served"] is True
    assert "sk-secret" not in result.output
    refused = _run("models", "--base-url", "http://127.0.0.1:9/v1", "-m", "x")
    assert refused.exit_code == 1 and "Connection refused" in refused.stdout


def test_photo_captions_and_gallery_furniture_yield_no_facts():
    from summarizer.facts import rules

    body = "The council approved 12 new bus routes on Tuesday, the mayor said.\n"
    captions = [
        "Commuters wait at the new depot on March 3, 2024. (Reuters photo)",
        "The mayor speaks to reporters, 4 March 2024. REUTERS/Ana Lima",
        "Buses line up at the depot. Photo: Ana Lima / Daily Planet",
        "Image 2 of 9",
    ]
    article = parse_article(body + "\n".join(captions), id="caps")
    assert article.text.strip() == body.strip()
    assert {f.value for f in rules.extract(article) if f.kind.value == "date"} == {"on Tuesday"}
    kept = parse_article(body + "The plan was a 50/50 deal, he said (by phone).", id="kept")
    assert "50/50 deal" in kept.text


def test_outlets_that_withhold_the_same_value_agree_and_meet_the_stated_value_in_one_conflict():
    from summarizer.pipeline import summarize

    a = parse_article("The agency was silent on inspector numbers at the briefing on Monday.", id="a")
    b = parse_article("The agency would not say how many inspectors it will hire this year.", id="b")
    c = parse_article("The agency will hire 40 inspectors this year, its director said on Tuesday.", id="c")
    report = summarize([a, b, c], extractor="rules")
    contradictions = [c for c in report.clusters if [k.value for k in c.conflict_kinds] == ["contradiction"]]
    assert len(contradictions) == 1
    assert {tuple(v.article_ids) for v in contradictions[0].values} == {("a",), ("b",), ("c",)}


def test_dates_cluster_by_the_event_they_date_and_their_resolved_value():
    from summarizer.pipeline import summarize

    a = parse_article(
        "The city will close the old bridge by the end of the year, the mayor said on Tuesday.",
        id="gazette",
        published="2024-03-05",
    )
    b = parse_article("Officials said the old bridge would be closed by 31 December 2024.", id="courier")
    c = parse_article(
        "The council plans to close the old bridge by the end of 2024, a spokesman said. "
        "The new stadium will open by the end of 2024.",
        id="ferry",
    )
    report = summarize([a, b, c], extractor="rules")
    dates = [cl for cl in report.clusters if cl.kind.value == "date"]
    [bridge] = [cl for cl in dates if cl.subject == "close old bridge"]
    assert bridge.status.value == "agreed"
    assert sorted(bridge.values[0].article_ids) == ["courier", "ferry", "gazette"]
    # the same day for another event (the stadium) is not the bridge's date
    [stadium] = [cl for cl in dates if cl.subject == "open"]
    assert stadium.values[0].article_ids == ["ferry"] and stadium.status.value == "single_source"


def test_a_year_relative_date_in_an_undated_article_uses_the_story_date_and_says_so():
    from summarizer.pipeline import summarize

    a = parse_article("The ministry will finish the new runway by the end of the year.", id="a", published="2023-05-02")
    b = parse_article("Work on the new runway will be finished by the end of the year, engineers said.", id="b")
    report = summarize([a, b], extractor="rules")
    [runway] = [c for c in report.clusters if c.kind.value == "date"]
    assert runway.status.value == "agreed" and sorted(runway.values[0].article_ids) == ["a", "b"]
    assert runway.values[0].normalized.text == "2023-12-31"
    [note] = runway.notes
    assert note.startswith("b:") and "resolved against the story's publication date 2023-05-02" in note


def test_the_digest_reads_as_sentences_with_outlet_names_then_what_differs():
    from summarizer.pipeline import summarize

    texts = {
        "Harbour Gazette": 'The council approved 12 new bus routes on Monday. "We will start in spring," '
        "said Mayor Ana Lima.",
        "Coast Courier": 'The council approved 12 new bus routes. "We will start in the spring," Mayor Ana Lima said.',
        "Daily Ferry": "Twelve new bus routes were approved by the council. The ferry line will get 4 new boats.",
        "Port News": "The ferry line will get 6 new boats next year.",
    }
    articles = [parse_article(t, id=f"a{i}", outlet=o) for i, (o, t) in enumerate(texts.items())]
    summary = summarize(articles, extractor="rules").summary
    table = [x for x in summary.sentences if x.cluster_ids]
    lead = [x for x in summary.sentences if not x.cluster_ids]
    assert lead and all(x.text.endswith(")") and len(x.article_ids) == 1 for x in lead)
    lines = [x.text for x in table]
    assert lines[0] == "Three outlets (Harbour Gazette, Coast Courier, Daily Ferry) report 12 new bus routes."
    # "We will start in spring" / "in the spring": an article more is a minor difference, not a
    # conflict; each outlet's words are given, as neither prints the other's
    assert lines[1] == (
        'Two outlets (Harbour Gazette, Coast Courier) quote Ana Lima: "We will start in spring" (Harbour Gazette);'
        ' "We will start in the spring" (Coast Courier).'
    )
    assert lines[2] == "Outlets differ on: how many new boats."
    assert lines[3] == "Outlets differ on how many new boats: 4 (Daily Ferry); 6 (Port News)."
    assert "- " + lines[3] in summary.text.splitlines()  # a bullet under "Outlets differ on"
    assert table[0].article_ids == ["a0", "a1", "a2"] and len(table[0].cluster_ids) == 1
    assert len(table[2].cluster_ids) == 1 and table[2].article_ids == ["a2", "a3"]


def test_an_agreed_quote_is_given_in_the_words_every_outlet_prints():
    """One outlet quotes a statement whole, another only its last sentence: the digest quotes the
    sentence both print, not the first one's opening."""
    from summarizer.pipeline import summarize

    texts = {
        "Harbour Gazette": 'The ferry pier reopened on Monday. "The repairs took four months. The pier is open to '
        'everyone again. This is a great day for the harbour," Mayor Ana Lima said.',
        "Coast Courier": 'The pier reopened on Monday. "This is a great day for the harbour," Mayor Ana Lima said.',
    }
    articles = [parse_article(t, id=f"a{i}", outlet=o) for i, (o, t) in enumerate(texts.items())]
    summary = summarize(articles, extractor="rules").summary
    quoted = [x.text for x in summary.sentences if " quote " in x.text]
    assert quoted == ['Both outlets quote Ana Lima: "This is a great day for the harbour".']


def test_a_value_one_outlet_gives_where_another_gives_a_different_one_is_listed():
    from summarizer.models import Cluster, ClusterValue, NormalizedValue
    from summarizer.report.render import to_markdown
    from summarizer.report.summary import lone_values

    def date(cid: str, value: str, iso: str, article: str) -> Cluster:
        normalized = NormalizedValue(type="date", text=iso)
        v = ClusterValue(value=value, normalized=normalized, article_ids=[article], fact_ids=[f"{article}:r001"])
        return Cluster(
            id=cid, kind="date", subject="reopen harbour", attribute="date", status="single_source", values=[v]
        )

    clusters = [date("c001", "in May", "2025-05", "a"), date("c002", "in June", "2025-06", "b")]
    lone = lone_values(clusters)
    assert [(c.id, [o.id for o in others]) for c, others in lone] == [("c001", ["c002"]), ("c002", ["c001"])]
    a = parse_article("The harbour reopens in May.", id="a", outlet="Harbour Gazette")
    b = parse_article("The harbour reopens in June.", id="b", outlet="Coast Courier")
    page = to_markdown(
        Report(articles=[a, b], tables=[], clusters=clusters, run=RunInfo(version="t", extractor="rules"))
    )
    section = page.split("## Given by one outlet, where others give another value", 1)[1]
    assert "“in May” — Harbour Gazette" in section and "against “in June” — Coast Courier" in section


NOISY = """Old bridge to close

Published 26 July 2021, 14:05 GMT

By Ana Lima and Tomasz Nowak, Harbour Gazette

© Harbour Gazette 2021 / Ana Lima The old bridge seen from the harbour wall

KALMAR, Sweden (Reuters) — The old bridge will close on Monday, the city council said.

"It is not safe any more," the council wrote on its account.
— Kalmar City Council (@kalmarcity) July 27, 2021

Mayor Ingrid Solberg (@kalmarmayor) said repairs would cost 4 million euros.

Read more: Harbour traffic grows for a third year
"""


def test_bylines_datelines_credits_and_stamps_yield_no_facts():
    from summarizer.facts.rules import extract

    article = parse_article(NOISY, id="noisy")
    assert "By Ana Lima" not in article.text and "©" not in article.text
    assert "KALMAR, Sweden (Reuters)" not in article.text
    assert ArticleNote(kind=NoteKind.dateline, text="dateline removed: KALMAR, Sweden (Reuters)") in article.notes
    assert article.text.count("The old bridge will close on Monday") == 1
    assert article.published == dt.date(2021, 7, 26)
    assert "Read more" not in article.text and "Harbour traffic grows" not in article.text
    facts = extract(article)
    dates = [f.value for f in facts if f.kind.value == "date"]
    numbers = [f.value for f in facts if f.kind.value == "number"]
    assert dates == ["on Monday"]  # not the time stamp, not the tweet's signature date
    assert numbers == ["4 million"]  # no "26" or "27" from the stamps
    names = {f.subject for f in facts if f.kind.value == "entity"}  # the name without its title
    assert "Ingrid Solberg" in names and not any("@" in n for n in names)
    assert not names & {"Ana Lima", "Tomasz Nowak", "Reuters"}


def test_a_withheld_count_of_what_happened_meets_only_a_count_of_that():
    """ "could not say how many people were wounded" is not about the three people in a car."""
    from summarizer.pipeline import summarize

    a = parse_article("Police could not say how many people were wounded in the Kalmar attack on Sunday.", id="a")
    b = parse_article(
        "A car with three people inside drove up in Kalmar on Sunday, and the occupants opened fire, police said.",
        id="b",
    )
    report = summarize([a, b], extractor="rules")
    assert not [c for c in report.clusters if c.status.value == "conflict"]
