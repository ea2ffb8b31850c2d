"""The reconciler on hand-annotated fact tables: every conflict kind, agreement within
tolerance, and properties (order independence, self-agreement, byte-identical output)."""

from __future__ import annotations

import json
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from summarizer.facts import rules
from summarizer.models import ClusterStatus, ConflictKind, FactKind, FactTable, Provenance
from summarizer.reconcile.clusters import reconcile
from tests.annotations.tables import table


def _clusters(*annotated):
    articles = [a for a, _ in annotated]
    tables = [t for _, t in annotated]
    return reconcile(articles, tables)


def _only(clusters, kind):
    found = [c for c in clusters if c.kind is kind]
    assert len(found) == 1, [(c.subject, c.values) for c in found]
    return found[0]


def test_number_conflict_beyond_tolerance():
    a = table(
        "a",
        "At least 12 people died in the fire on Sunday, police said.",
        [("number", "people", "person", "12", None, "At least 12 people died")],
    )
    b = table(
        "b",
        "The fire on Sunday killed 19 people, according to the fire brigade.",
        [("number", "people", "person", "19", None, "killed 19 people")],
    )
    cluster = _only(_clusters(a, b)[0], FactKind.number)
    assert cluster.status is ClusterStatus.conflict
    assert cluster.conflict_kinds == [ConflictKind.number]
    assert {tuple(v.article_ids) for v in cluster.values} == {("a",), ("b",)}


def test_numbers_agree_within_stated_tolerance():
    a = table(
        "a",
        "The United States has about 2,500 troops in Iraq.",
        [("number", "troops", "troop", "about 2,500", None, "about 2,500 troops in Iraq")],
        qualifiers={"about 2,500": "about"},
    )
    b = table(
        "b",
        "There are currently 2,500 U.S. troops in Iraq.",
        [("number", "troops", "troop", "2,500", None, "2,500 U.S. troops in Iraq")],
    )
    c = table(
        "c",
        "The president declined to say how many troops will remain in Iraq at the current level "
        "of around twenty-five hundred.",
        [
            (
                "number",
                "troops",
                "troop",
                "around twenty-five hundred",
                None,
                "troops will remain in Iraq at the current level of around twenty-five hundred",
            )
        ],
        qualifiers={"around twenty-five hundred": "around"},
    )
    cluster = _only(_clusters(a, b, c)[0], FactKind.number)
    assert cluster.status is ClusterStatus.agreed
    assert sorted(x for v in cluster.values for x in v.article_ids) == ["a", "b", "c"]


def test_different_earlier_figure_in_the_same_article_is_not_a_conflict():
    a = table(
        "a",
        "The U.S. troop presence in Iraq had dropped to about 2,500 troops, a reduction from "
        "about 3,000 troops ordered by President Donald Trump.",
        [
            ("number", "troops", "troop", "about 2,500", None, "about 2,500 troops"),
            ("number", "troops", "troop", "about 3,000", None, "about 3,000 troops ordered"),
        ],
        qualifiers={"about 2,500": "about", "about 3,000": "about"},
    )
    b = table(
        "b",
        "The United States has about 2,500 troops in Iraq.",
        [("number", "troops", "troop", "about 2,500", None, "about 2,500 troops in Iraq")],
        qualifiers={"about 2,500": "about"},
    )
    clusters = [c for c in _clusters(a, b)[0] if c.kind is FactKind.number]
    assert not [c for c in clusters if c.status is ClusterStatus.conflict]
    assert {c.status for c in clusters} == {ClusterStatus.agreed, ClusterStatus.single_source}


def test_date_conflict():
    a = table(
        "a",
        "The summit will open in Geneva on 12 March 2024, the ministry announced.",
        [("date", "summit in Geneva", "opening", "12 March 2024", None, "summit will open in Geneva on 12 March 2024")],
    )
    b = table(
        "b",
        "Diplomats said the summit will open in Geneva on 14 March 2024.",
        [
            (
                "date",
                "summit in Geneva",
                "opening",
                "14 March 2024",
                None,
                "the summit will open in Geneva on 14 March 2024",
            )
        ],
    )
    cluster = _only(_clusters(a, b)[0], FactKind.date)
    assert cluster.conflict_kinds == [ConflictKind.date]


def test_relative_and_absolute_dates_agree():
    a = table(
        "a",
        "Biden said the combat mission in Iraq would end by the end of the year.",
        [
            (
                "date",
                "combat mission in Iraq",
                "end",
                "by the end of the year",
                None,
                "combat mission in Iraq would end by the end of the year",
            )
        ],
    )
    b = table(
        "b",
        "There will be no American forces with a combat mission in Iraq by 31st December 2021.",
        [
            (
                "date",
                "combat mission in Iraq",
                "end",
                "by 31st December 2021",
                None,
                "combat mission in Iraq by 31st December 2021",
            )
        ],
    )
    cluster = _only(_clusters(a, b)[0], FactKind.date)
    assert cluster.status is ClusterStatus.agreed


PSAKI_A = (
    '"This is a shift in mission, not a removal of our partnership or close engagements with the Iraqi '
    'leadership," Psaki stressed.'
)
PSAKI_B = (
    "“This is a shift in mission; it is not a removal of our partnership or our presence or our close "
    "engagement with Iraqi leaders,” said White House Press Secretary Jen Psaki."
)


def _quote_table(article_id, text, speaker, quote):
    return table(article_id, text, [("quote", speaker, "said", quote, speaker, quote)])


def test_quote_wording_with_word_diff():
    a = _quote_table("a", PSAKI_A, "Psaki", PSAKI_A[1 : PSAKI_A.index(',"')])
    b = _quote_table("b", PSAKI_B, "Jen Psaki", PSAKI_B[1 : PSAKI_B.index(",”")])
    cluster = _only(_clusters(a, b)[0], FactKind.quote)
    assert cluster.conflict_kinds == [ConflictKind.quote_wording]
    assert "{+our presence or our+}" in cluster.diff
    assert cluster.subject == "Jen Psaki"


def test_attribution_conflict():
    words = "We will not negotiate with anyone who threatens our borders"
    a = _quote_table("a", f"“{words},” said Foreign Minister Anna Kowalska.", "Anna Kowalska", words)
    b = _quote_table("b", f"“{words},” Prime Minister Jan Nowak told reporters.", "Jan Nowak", words)
    cluster = _only(_clusters(a, b)[0], FactKind.quote)
    assert ConflictKind.attribution in cluster.conflict_kinds


def test_two_different_quotes_by_one_speaker_are_not_a_conflict():
    a = _quote_table(
        "a",
        "“The harvest was the worst in a decade,” said Amina Diallo.",
        "Amina Diallo",
        "The harvest was the worst in a decade",
    )
    b = _quote_table(
        "b",
        "“We need seed and fertiliser before the rains,” said Amina Diallo.",
        "Amina Diallo",
        "We need seed and fertiliser before the rains",
    )
    clusters = [c for c in _clusters(a, b)[0] if c.kind is FactKind.quote]
    assert [c.status for c in clusters] == [ClusterStatus.single_source] * 2


def test_similar_quotes_by_different_speakers_are_never_merged():
    a = _quote_table(
        "a",
        "“The ceasefire must hold for the talks to continue,” said Mark Rutte.",
        "Mark Rutte",
        "The ceasefire must hold for the talks to continue",
    )
    b = _quote_table(
        "b",
        "“The ceasefire must hold so that talks can start,” said Antonio Guterres.",
        "Antonio Guterres",
        "The ceasefire must hold so that talks can start",
    )
    clusters = [c for c in _clusters(a, b)[0] if c.kind is FactKind.quote]
    assert len(clusters) == 2 and all(c.status is ClusterStatus.single_source for c in clusters)


def test_name_spelling_is_one_entity_with_variants():
    a = table(
        "a",
        "Iraqi Prime Minister Mustafa al-Kadhimi met Biden.",
        [
            (
                "entity",
                "Mustafa al-Kadhimi",
                "person",
                "Iraqi Prime Minister Mustafa al-Kadhimi",
                None,
                "Iraqi Prime Minister Mustafa al-Kadhimi",
            )
        ],
    )
    b = table(
        "b",
        "Prime Minister Mustafa al-Khadimi arrived in Washington.",
        [
            (
                "entity",
                "Mustafa al-Khadimi",
                "person",
                "Prime Minister Mustafa al-Khadimi",
                None,
                "Prime Minister Mustafa al-Khadimi",
            )
        ],
    )
    c = table(
        "c", "Biden met Kadhemi in the Oval Office.", [("entity", "Kadhemi", "person", "Kadhemi", None, "Kadhemi")]
    )
    clusters, entities = _clusters(a, b, c)
    kadhimi = [e for e in entities if "Kadhimi" in e.canonical]
    assert len(kadhimi) == 1
    assert {v.form for v in kadhimi[0].variants} == {"Mustafa al-Kadhimi", "Mustafa al-Khadimi", "Kadhemi"}
    cluster = _only(clusters, FactKind.entity)
    assert cluster.conflict_kinds == [ConflictKind.name_spelling]


def test_iraq_and_iran_are_not_spelling_variants():
    a = table(
        "a",
        "Officials in Iraq and Iran spoke.",
        [("entity", "Iraq", "place", "Iraq", None, "Iraq"), ("entity", "Iran", "place", "Iran", None, "Iran")],
    )
    _, entities = _clusters(a)
    assert len(entities) == 2


def test_contradiction_between_claims():
    a = table(
        "a",
        "The Biden administration has not offered a timeline for the withdrawal.",
        [
            (
                "claim",
                "Biden administration",
                "withdrawal timeline",
                "has not offered a timeline",
                None,
                "has not offered a timeline for the withdrawal",
            )
        ],
    )
    b = table(
        "b",
        "The Biden administration set a timeline: combat troops leave by the end of 2021.",
        [
            (
                "claim",
                "Biden administration",
                "withdrawal timeline",
                "combat troops leave by the end of 2021",
                None,
                "combat troops leave by the end of 2021",
            )
        ],
    )
    cluster = _only(_clusters(a, b)[0], FactKind.claim)
    assert cluster.conflict_kinds == [ConflictKind.contradiction]


def test_ungrounded_facts_never_enter_clusters():
    a = table("a", "About 2,500 troops remain.", [("number", "troops", "troop", "9,000", None, "9,000 troops")])
    assert a[1].facts[0].grounding.status.value == "ungrounded"
    assert _clusters(a)[0] == []


def _seed_tables(seed_articles):
    return [
        FactTable(article_id=a.id, facts=rules.extract(a), provenance=Provenance(extractors=["rules"]))
        for a in seed_articles
    ]


def _dump(result) -> str:
    clusters, entities = result
    return json.dumps(
        [[c.model_dump(mode="json") for c in clusters], [e.model_dump(mode="json") for e in entities]], sort_keys=True
    )


@settings(max_examples=8, deadline=None)
@given(st.randoms(use_true_random=False))
def test_result_does_not_depend_on_order(seed_articles, rnd: random.Random):
    tables = _seed_tables(seed_articles)
    expected = _dump(reconcile(seed_articles, tables))
    articles = list(seed_articles)
    shuffled = [t.model_copy(update={"facts": rnd.sample(t.facts, len(t.facts))}) for t in tables]
    rnd.shuffle(articles)
    rnd.shuffle(shuffled)
    assert _dump(reconcile(articles, shuffled)) == expected


def test_a_table_reconciled_with_itself_only_agrees(seed_articles):
    article = seed_articles[2]
    twin = article.model_copy(update={"id": "twin"})
    facts = rules.extract(article)
    tables = [
        FactTable(article_id=article.id, facts=facts, provenance=Provenance(extractors=["rules"])),
        FactTable(
            article_id="twin",
            provenance=Provenance(extractors=["rules"]),
            facts=[f.model_copy(update={"article_id": "twin", "id": "twin" + f.id[len(article.id) :]}) for f in facts],
        ),
    ]
    clusters, _ = reconcile([article, twin], tables)
    assert clusters
    assert {c.status for c in clusters} <= {ClusterStatus.agreed, ClusterStatus.single_source}


def test_same_input_gives_byte_identical_output(seed_articles):
    tables = _seed_tables(seed_articles)
    assert _dump(reconcile(seed_articles, tables)) == _dump(reconcile(seed_articles, tables))
