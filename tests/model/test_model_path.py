"""The model path with a capable model's answers: the reference server (tests/reference_server.py,
real HTTP, hand-written reference answers, not a model's output) drives extraction, merging with
the rules, the same_fact judge and the summary check end to end. Scripted flaws must each be
refused with their reason. Articles and answers are written for these tests."""

from __future__ import annotations

import pytest

from summarizer import ModelConfig, summarize
from summarizer.ingest.articles import parse_article
from summarizer.models import Report
from tests.reference_server import MODEL, Ref, ReferenceServer, change_digit, copy_from, paraphrase_quote, wrong_mouth
from tests.service.test_service import BALTIC_WIRE, KALMAR_POST, NORDIC_NEWS

HARBOUR = """Harbour vote delayed again

The city council postponed its vote on the harbour expansion on Thursday, the third delay this year.

"We cannot approve a plan that nobody has costed," said councillor Amara Okafor, who chairs the finance
committee. Deputy mayor Tomasz Wiśniewski disagreed: "Every month we wait adds to the bill for taxpayers."

The expansion would cost 48 million euros, according to the port authority.
"""

ARTICLES = [
    parse_article(KALMAR_POST, id="kalmar-post", outlet="Kalmar Post"),
    parse_article(BALTIC_WIRE, id="baltic-wire", outlet="Baltic Wire"),
    parse_article(NORDIC_NEWS, id="nordic-news", outlet="Nordic News"),
]

SOLBERG = "Ingrid Solberg"
REFERENCE = {
    "kalmar-post": [
        Ref("number", "ferry fire", "killed", "At least 12", anchor="At least 12 people were killed"),
        Ref("quote", "fire", "said", "", speaker=SOLBERG, anchor="The fire started in the engine room"),
        Ref("number", "passengers", "rescued", "40", anchor="40 passengers were rescued"),
        Ref(
            "event",
            "ferry",
            "fire",
            "a fire broke out on a passenger ferry off the Swedish coast",
            anchor="a fire broke out on a passenger ferry off the Swedish coast",
        ),
    ],
    "baltic-wire": [
        Ref("number", "ferry fire", "killed", "12", anchor="killed 12 people"),
        Ref("quote", "fire", "said", "", speaker=SOLBERG, anchor="The fire started in the engine room"),
        Ref("number", "passengers", "rescued", "40", anchor="40 passengers from the water"),
    ],
    "nordic-news": [
        Ref("quote", "fire", "said", "", speaker=SOLBERG, anchor="The fire began in the engine room"),
    ],
    "harbour": [
        Ref("quote", "harbour plan", "said", "", speaker="Amara Okafor", anchor="We cannot approve a plan"),
        Ref("quote", "harbour plan", "said", "", speaker="Tomasz Wiśniewski", anchor="Every month we wait"),
        Ref("number", "harbour expansion", "cost", "48 million euros"),
    ],
}

GOOD_SUMMARY = (
    "At least 12 people were killed in the ferry fire [kalmar-post, baltic-wire]. "
    'Coast guard spokeswoman Ingrid Solberg said "the fire started in the engine room" [kalmar-post, baltic-wire], '
    'while another outlet quotes her as saying it "began in the engine room" [nordic-news]. '
    "Rescuers saved 40 passengers [kalmar-post, baltic-wire]."
)


def _run(summary: str = GOOD_SUMMARY, *, provider: str = "openai", flaws=None, articles=None) -> tuple[Report, list]:
    with ReferenceServer(REFERENCE, summary=summary, flaws=flaws) as server:
        config = ModelConfig(base_url=server.base_url, api_key="test", model=MODEL, provider=provider, retry_attempts=1)
        report = summarize(articles or ARTICLES, model=config, extractor="all")
    return report, server.requests


def _usable(report: Report, article_id: str | None = None) -> list:
    return [f for f in report.facts() if f.grounding.usable and article_id in (None, f.article_id)]


def test_reference_answers_flow_through_the_whole_pipeline():
    report, requests = _run()
    assert [r["kind"] for r in requests] == ["extract_facts"] * 3 + ["summarize"]
    assert all(r["tool"] == "ExtractedFacts" for r in requests[:3])  # tools mode for OpenAI
    assert report.run.model == MODEL and report.run.extractor == "all"
    assert not report.run.errors and not report.run.warnings
    # every reference fact is in the table: as a model fact, or merged into the rules fact it restates
    for article in ARTICLES:
        usable = _usable(report, article.id)
        for ref in REFERENCE[article.id]:
            anchor = ref.anchor or ref.value
            at = article.text.index(anchor)
            end = at + len(anchor)
            overlapping = [f for f in usable if f.evidence.start < end and at < f.evidence.end]
            assert any(f.kind.value == ref.kind for f in overlapping), (article.id, anchor)
    # the model's event fact is new (the rules extract no events here) and kept as a model fact
    assert any(f.extractor == "llm" and f.kind.value == "event" for f in _usable(report, "kalmar-post"))


def _head(fact) -> str:
    """The number, date or first words a fact states (what two restatements share)."""
    return (fact.normalized.text if fact.normalized else fact.value).split()[0]


def test_model_and_rules_facts_merge_without_duplicates():
    report, _ = _run()
    for table in report.tables:
        usable = [f for f in table.facts if f.grounding.usable]
        for i, a in enumerate(usable):
            for b in usable[i + 1 :]:
                overlap = a.evidence.start < b.evidence.end and b.evidence.start < a.evidence.end
                same = a.kind == b.kind and a.kind.value != "entity" and _head(a) == _head(b)
                assert not (overlap and same and a.extractor != b.extractor), (a, b)
    # the "40 rescued" both extractors found is one value of one article, not two
    rescued = [c for c in report.clusters if any(v.value == "40" for v in c.values)]
    for cluster in rescued:
        for value in cluster.values:
            assert len(value.article_ids) == len(set(value.article_ids))
            assert len(value.fact_ids) == len({fid.split(":")[0] for fid in value.fact_ids})


def test_json_mode_gives_the_same_clusters_as_tool_calls():
    tools, _ = _run()
    json_mode, requests = _run(provider="openai-compatible")
    assert requests[0]["tool"] is None and requests[0]["json"]
    shape = [(c.status, c.kind, [(v.value, v.article_ids) for v in c.values]) for c in tools.clusters]
    assert shape == [(c.status, c.kind, [(v.value, v.article_ids) for v in c.values]) for c in json_mode.clusters]


@pytest.mark.parametrize(
    ("flaw", "reason"),
    [
        (paraphrase_quote, "quote is not word for word in the article"),
        (change_digit, "number 22 does not appear in the evidence"),
        (
            copy_from(
                [
                    {
                        "evidence": "The expansion would cost 48 million euros, according to the port authority.",
                        "kind": "number",
                        "subject": "harbour",
                        "attribute": "cost",
                        "value": "48 million euros",
                    }
                ]
            ),
            "evidence not found in the article",
        ),
        (lambda facts: wrong_mouth(facts, speaker="Lars Berg"), "speaker 'Lars Berg' is not named near the quote"),
    ],
    ids=["paraphrased-quote", "digit-changed", "copied-from-another-article", "quote-in-an-absent-mouth"],
)
def test_each_scripted_extraction_flaw_is_refused_with_its_reason(flaw, reason):
    report, _ = _run(flaws={"kalmar-post": flaw})
    refused = [f for f in report.facts() if f.article_id == "kalmar-post" and not f.grounding.usable]
    assert any(reason in " ".join(f.grounding.failures) for f in refused), [f.grounding.failures for f in refused]
    assert all(f.extractor == "llm" for f in refused)
    # the flawed fact never reaches a cluster
    refused_ids = {f.id for f in refused}
    assert not refused_ids & {fid for c in report.clusters for v in c.values for fid in v.fact_ids}


def test_a_quote_moved_to_another_named_person_is_flagged_against_the_rules():
    harbour = parse_article(HARBOUR, id="harbour", outlet="Harbour Times")

    def swap(facts):
        okafor = next(f for f in facts if f.get("speaker") == "Amara Okafor")
        okafor["speaker"] = "Tomasz Wiśniewski"
        return facts

    report, _ = _run(flaws={"harbour": swap}, articles=[harbour])
    okafor_quote = [f for f in report.facts() if f.value.startswith("We cannot approve")]
    rules = [f for f in okafor_quote if f.extractor == "rules"]
    model = [f for f in okafor_quote if f.extractor == "llm"]
    assert [f.speaker for f in rules] == ["Amara Okafor"] and rules[0].grounding.usable
    assert len(model) == 1 and not model[0].grounding.usable
    assert "the rules extractor credits these words to Amara Okafor" in model[0].grounding.failures[-1]


def test_a_correct_summary_is_accepted_sentence_by_sentence():
    report, _ = _run()
    summary = report.summary
    assert summary.method == "model" and summary.note is None
    assert [s.status for s in summary.sentences] == ["cited"] * 3
    quote_sentence = summary.sentences[1]
    [cluster] = [c for c in report.clusters if c.id in quote_sentence.cluster_ids]
    assert cluster.status.value == "conflict" and cluster.kind.value == "quote"
    assert quote_sentence.article_ids == ["baltic-wire", "kalmar-post", "nordic-news"]
    assert all(s.cluster_ids for s in summary.sentences)


@pytest.mark.parametrize(
    ("bad_sentence", "reason"),
    [
        (
            "Rescuers saved 40 passengers [nordic-news].",
            "states 40, which only baltic-wire, kalmar-post report (wrong citation)",
        ),
        ('Deputy mayor Lars Berg said "the fire started in the engine room" [kalmar-post].', "names Lars Berg"),
        ("At least 15 people were killed [kalmar-post].", "states 15, which is not in the table"),
        (
            "All outlets agree on what the spokeswoman said about the engine room [kalmar-post, nordic-news].",
            "says the outlets agree, but they differ",
        ),
        (
            "The outlets differ on how many passengers were rescued, 40 [kalmar-post, baltic-wire].",
            "says the outlets differ, but the table shows no disagreement",
        ),
        ("The harbour will cost 48 million euros [kalmar-post].", "states 48, which is not in the table"),
        ("The ferry had been inspected a week earlier [kalmar-post].", "matches no fact of the cited articles"),
    ],
    ids=[
        "wrong-citation",
        "unknown-person",
        "invented-number",
        "false-agreement",
        "false-disagreement",
        "number-of-another-story",
        "unsupported-claim",
    ],
)
def test_each_flawed_summary_sentence_is_dropped_with_its_reason(bad_sentence, reason):
    report, _ = _run(summary=GOOD_SUMMARY + " " + bad_sentence)
    summary = report.summary
    assert summary.method == "model"
    dropped = [s for s in summary.sentences if s.status == "dropped"]
    assert [s.text for s in dropped] == [bad_sentence]
    assert reason in dropped[0].reason
    assert bad_sentence not in summary.text and "engine room" in summary.text


def test_a_quote_put_in_the_wrong_known_mouth_is_dropped():
    harbour = parse_article(HARBOUR, id="harbour", outlet="Harbour Times")
    right = 'Amara Okafor said "We cannot approve a plan that nobody has costed" [harbour].'
    wrong = 'Tomasz Wiśniewski said "We cannot approve a plan that nobody has costed" [harbour].'
    report, _ = _run(summary=f"{right} {wrong}", articles=[harbour])
    right_s, wrong_s = report.summary.sentences[-2:]
    assert right_s.status == "cited"
    assert wrong_s.status == "dropped"
    assert wrong_s.reason.startswith("puts the words of Amara Okafor")


def test_a_summary_that_mostly_fails_falls_back_to_the_digest_and_keeps_the_reasons():
    report, _ = _run(summary="At least 30 people died [kalmar-post]. Nobody was rescued [baltic-wire].")
    summary = report.summary
    assert summary.method == "digest"
    assert summary.note.startswith("the model's summary failed the check (2 of 2 sentences)")
    assert [s.status for s in summary.sentences if s.status != "from_table"] == ["dropped", "dropped"]
    assert any(s.status == "from_table" for s in summary.sentences)


def test_a_long_article_is_read_in_overlapping_chunks_and_its_facts_merged():
    filler = [
        f"Paragraph {i} of the inquiry notes that the harbour ledger for week {i} was reviewed without remarks."
        for i in range(260)
    ]
    text = "\n\n".join(
        [
            "Inquiry into the Kalmar ferry fire",
            "At least 12 people were killed when a fire broke out on a passenger ferry, the coast guard said.",
            *filler[:130],
            '"The alarm sounded four minutes late," investigator Maja Lindqvist told the inquiry.',
            *filler[130:],
            "The inquiry will publish its final report in March, the chair said.",
        ]
    )
    long = parse_article(text, id="inquiry", outlet="Inquiry Daily")
    refs = {
        "inquiry": [
            Ref("number", "ferry fire", "killed", "At least 12", anchor="At least 12 people were killed"),
            Ref("quote", "alarm", "said", "", speaker="Maja Lindqvist", anchor="The alarm sounded four minutes late"),
            Ref("date", "final report", "publish", "in March", anchor="in March"),
        ]
    }
    with ReferenceServer(refs) as server:
        config = ModelConfig(base_url=server.base_url, api_key="test", model=MODEL, provider="openai", retry_attempts=1)
        report = summarize([long], model=config, extractor="llm", until="reconcile")
    assert len(text) > 20_000
    assert len(server.requests) >= 2  # one request per chunk
    usable = _usable(report)
    assert [(f.kind.value, f.value) for f in usable] == [
        ("number", "At least 12"),
        ("quote", "The alarm sounded four minutes late"),
        ("date", "in March"),
    ]
    assert all(long.text[f.evidence.start : f.evidence.end] == f.evidence.text for f in usable)


def test_previous_values_and_withheld_values_from_the_model_take_the_pipeline_forms():
    text = (
        "Riverton flood: hundreds more leave\n\n"
        "Officials said 1,400 people had left their homes by Monday, up from 900 on Saturday.\n\n"
        "The council declined to say when the bridge would reopen."
    )
    riverton = parse_article(text, id="riverton", outlet="Riverton Echo")
    refs = {
        "riverton": [
            Ref("number", "people", "evacuated", "1,400", anchor="1,400 people had left", previous="900"),
            Ref("withheld", "bridge reopening", "date", "declined to say when the bridge would reopen"),
        ]
    }
    with ReferenceServer(refs) as server:
        config = ModelConfig(base_url=server.base_url, api_key="test", model=MODEL, provider="openai", retry_attempts=1)
        report = summarize([riverton], model=config, extractor="llm", until="reconcile")
    usable = _usable(report)
    numbers = sorted((f.value, f.previous, f.attribute) for f in usable if f.kind.value == "number")
    assert numbers == [("1,400", False, "evacuated"), ("900", True, "evacuated")]
    [withheld] = [f for f in usable if f.kind.value == "withheld"]
    assert withheld.attribute == "date" and withheld.evidence.text.startswith("The council declined")


def test_the_same_fact_judge_is_answered_by_the_reference_server_and_recorded():
    from summarizer.extract.judge import ModelJudge
    from summarizer.model.client import ModelClient
    from summarizer.reconcile.clusters import reconcile
    from tests.annotations.tables import table

    a = table(
        "a",
        "Officials said the harbour tunnel opens to traffic next spring.",
        [
            (
                "claim",
                "harbour tunnel",
                "open",
                "the harbour tunnel opens to traffic next spring",
                None,
                "the harbour tunnel opens to traffic next spring",
            )
        ],
    )
    b = table(
        "b",
        "Engineers expect cars to use the harbour tunnel from April.",
        [
            (
                "claim",
                "harbour tunnel",
                "open",
                "cars use the harbour tunnel from April",
                None,
                "cars to use the harbour tunnel from April",
            )
        ],
    )
    with ReferenceServer({}) as server:
        config = ModelConfig(base_url=server.base_url, api_key="test", model=MODEL, provider="openai", retry_attempts=1)
        judge = ModelJudge(ModelClient(config.resolved()))
        clusters, _ = reconcile([a[0], b[0]], [a[1], b[1]], judge=judge)
    assert [r["kind"] for r in server.requests] == ["same_fact"]
    assert [(j.fact_ids, j.same) for j in judge.log] == [(("a:a001", "b:a001"), True)]
    [claim] = [c for c in clusters if c.kind.value == "claim"]
    assert sorted(a for v in claim.values for a in v.article_ids) == ["a", "b"]
    assert any("model judged a:a001 and b:a001" in n for n in claim.notes)


def test_claims_from_the_model_ground_on_their_content_and_merge_with_the_rules_claims():
    """A capable model's attributed claims (what a source is reported to have said, in the
    article's words) ground on their content span, as the rules' statements do: the claim both
    extractors find is one fact, the one only the model reads ("left no doubt that") is
    kept as the model's, and a pronoun source keeps its mention."""
    text = (
        "Levee repairs to start in May\n\n"
        "Mayor Ana Lima said the town would rebuild the levee by May. "
        "She left no doubt that the region would share the cost of the repairs.\n\n"
        "The works begin after the spring floods."
    )
    levee = parse_article(text, id="levee", outlet="Riverton Echo")
    refs = {
        "levee": [
            Ref("claim", "levee", "said", "the town would rebuild the levee by May", speaker="Ana Lima"),
            Ref(
                "claim",
                "repairs",
                "left no doubt",
                "the region would share the cost of the repairs",
                speaker="Ana Lima",
                mention="She",
            ),
        ]
    }
    with ReferenceServer(refs) as server:
        config = ModelConfig(base_url=server.base_url, api_key="test", model=MODEL, provider="openai", retry_attempts=1)
        report = summarize([levee], model=config, extractor="all", until="reconcile")
    claims = sorted(
        ((f.extractor, f.value, f.speaker, f.speaker_mention) for f in _usable(report) if f.kind.value == "claim"),
        key=lambda c: c[1],
    )
    assert claims == [
        ("llm", "the region would share the cost of the repairs", "Ana Lima", "She"),
        ("rules", "the town would rebuild the levee by May", "Mayor Ana Lima", None),
    ]
    for fact in _usable(report):
        if fact.kind.value == "claim":
            assert fact.grounding.status.value == "exact"
            assert text[fact.evidence.start : fact.evidence.end] == fact.value
    # where each extractor's claim names its source: the model's "She", located by grounding
    spans = {
        f.extractor: (f.speaker_evidence.text, text[f.speaker_evidence.start : f.speaker_evidence.end])
        for f in _usable(report)
        if f.kind.value == "claim" and f.speaker_evidence is not None
    }
    assert spans == {"llm": ("She", "She"), "rules": ("Mayor Ana Lima", "Mayor Ana Lima")}
