"""The rules extractor against hand annotations of each seed article, and on texts of our own."""

from __future__ import annotations

import pytest

from summarizer.facts import rules
from summarizer.ingest.articles import parse_article
from summarizer.models import Article, FactKind
from tests.annotations.seed_rules import SEED_ANNOTATIONS


def _facts(article: Article, kind: FactKind):
    return [f for f in rules.extract(article) if f.kind is kind]


@pytest.mark.parametrize("article_id", sorted(SEED_ANNOTATIONS))
def test_every_annotated_quote_is_found_with_its_speaker(seed_articles, article_id):
    article = next(a for a in seed_articles if a.id == article_id)
    quotes = _facts(article, FactKind.quote)
    for opening, speaker in SEED_ANNOTATIONS[article_id]["quotes"]:
        found = [q for q in quotes if q.value.startswith(opening)]
        assert found, f"quote {opening!r} not found in {article_id}"
        if speaker is None:
            assert found[0].speaker is None, f"{opening!r} given to {found[0].speaker!r}"
        else:
            assert found[0].speaker and speaker in found[0].speaker, (opening, found[0].speaker)


@pytest.mark.parametrize("article_id", sorted(SEED_ANNOTATIONS))
def test_every_annotated_number_is_found_with_what_it_counts(seed_articles, article_id):
    article = next(a for a in seed_articles if a.id == article_id)
    numbers = {(f.value, f.attribute) for f in _facts(article, FactKind.number)}
    for expected in SEED_ANNOTATIONS[article_id]["numbers"]:
        assert expected in numbers, f"{expected} not in {sorted(numbers)}"


@pytest.mark.parametrize("article_id", sorted(SEED_ANNOTATIONS))
def test_every_annotated_date_is_found(seed_articles, article_id):
    article = next(a for a in seed_articles if a.id == article_id)
    dates = [f.value for f in _facts(article, FactKind.date)]
    for expected in SEED_ANNOTATIONS[article_id]["dates"]:
        assert any(expected in d for d in dates), f"{expected!r} not in {dates}"


@pytest.mark.parametrize("article_id", sorted(SEED_ANNOTATIONS))
def test_rules_facts_are_grounded_by_construction(seed_articles, article_id):
    article = next(a for a in seed_articles if a.id == article_id)
    for fact in rules.extract(article):
        assert article.text[fact.evidence.start : fact.evidence.end] == fact.evidence.text
        assert fact.extractor == "rules"


def _article(text: str, published: str | None = "2024-03-15") -> Article:
    import datetime as dt

    return parse_article(text, id="own", published=dt.date.fromisoformat(published) if published else None)


QUOTE_CASES = [
    # (text, expected quote opening, expected speaker)
    (
        '"We will rebuild the bridge within a year," Mayor Ana Lúcia Ferreira said on Tuesday.',
        "We will rebuild the bridge",
        "Mayor Ana Lúcia Ferreira",
    ),
    ("“The talks have failed,” said Dmitry Peskov, the Kremlin spokesman.", "The talks have failed", "Dmitry Peskov"),
    (
        "According to the ministry, “no civilians were harmed in the strike,” according to Col. Ahmed Nasser.",
        "no civilians were harmed",
        "Col. Ahmed Nasser",
    ),
    (
        "Chancellor Olaf Scholz told reporters: “We stand with our partners in this crisis.”",
        "We stand with our partners",
        "Chancellor Olaf Scholz",
    ),
    (
        "Ngozi Okonjo-Iweala spoke first. “Trade must remain open for all members,” she added.",
        "Trade must remain open",
        "Ngozi Okonjo-Iweala",
    ),
    ("‘This is a dark day for our city,’ said Sadiq Khan.", "This is a dark day", "Sadiq Khan"),
]


@pytest.mark.parametrize(("text", "opening", "speaker"), QUOTE_CASES)
def test_quote_attribution_patterns(text, opening, speaker):
    quotes = _facts(_article(text + "\n\nMore text follows here for the article body."), FactKind.quote)
    found = [q for q in quotes if q.value.startswith(opening)]
    assert found, [q.value for q in quotes]
    assert found[0].speaker == speaker


def test_pronoun_resolves_to_last_named_speaker_in_paragraph():
    text = (
        "“We are ready,” said Jacinda Ardern. “The country is ready too,” she added.\n\n"
        "Unrelated closing paragraph about weather patterns."
    )
    quotes = _facts(_article(text), FactKind.quote)
    assert [q.speaker for q in quotes] == ["Jacinda Ardern", "Jacinda Ardern"]


def test_interrupted_quote_gives_both_parts_to_the_speaker():
    text = (
        "“The dam held,” said engineer Li Wei, “but the spillway needs repairs before the rains.”\n\n"
        "Other news of the day."
    )
    quotes = _facts(_article(text), FactKind.quote)
    assert [q.value for q in quotes] == ["The dam held", "but the spillway needs repairs before the rains."]
    assert quotes[0].speaker == "engineer Li Wei" or quotes[0].speaker == "Li Wei"


def test_doubled_apostrophes_are_quotation_marks():
    # some wires and archives print quotation marks as two apostrophes (''...'') or as ``...''
    text = (
        "''The bridge will reopen in May,'' said Mayor Ana Lúcia Ferreira. ''Crews are working through the "
        "night to finish the repairs.''\n\n"
        "The ferry ``keeps running until the bridge reopens,'' a city spokesman, Tomás Reyes, said.\n\n"
        "Other news of the day."
    )
    quotes = _facts(_article(text), FactKind.quote)
    assert [(q.value, q.speaker) for q in quotes] == [
        ("The bridge will reopen in May", "Mayor Ana Lúcia Ferreira"),
        ("Crews are working through the night to finish the repairs.", "Mayor Ana Lúcia Ferreira"),
        ("keeps running until the bridge reopens", "Tomás Reyes"),
    ]
    assert all(text[q.evidence.start : q.evidence.end] == q.value for q in quotes)


NUMBER_CASES = [
    ("Officials said 1,200 homes were flooded in the district overnight.", "1,200", "home", 1200),
    ("The storm left more than 40 people dead across three provinces.", "more than 40", "killed", 40),
    ("Prices rose 3.5% in March, the statistics office said today.", "3.5%", "count", 3.5),
    ("Some twenty-five hundred workers joined the strike at the port.", "Some twenty-five hundred", "worker", 2500),
    ("The fund grew to 2.3 billion euros after the sale of assets.", "2.3 billion", "euro", 2.3e9),
]


@pytest.mark.parametrize(("text", "value", "attribute", "number"), NUMBER_CASES)
def test_numbers_with_what_they_count(text, value, attribute, number):
    facts = _facts(_article(text), FactKind.number)
    match = [f for f in facts if f.value == value]
    assert match, [f.value for f in facts]
    assert match[0].attribute == attribute
    assert match[0].normalized.number == pytest.approx(number)


def test_dates_resolve_against_publication_date():
    text = "The minister resigned on Monday and elections will follow by the end of the year."
    facts = _facts(_article(text, "2024-03-15"), FactKind.date)  # a Friday
    resolved = {f.value: f.normalized.text for f in facts}
    assert resolved == {"on Monday": "2024-03-11", "by the end of the year": "2024-12-31"}


def test_a_weekday_the_sentence_looks_ahead_to_resolves_forward():
    text = "Lima said she will do well in Friday's harbour vote. The council had met on Monday."
    facts = _facts(_article(text, "2024-03-13"), FactKind.date)  # a Wednesday
    assert [f.normalized.text for f in facts] == ["2024-03-15", "2024-03-11"]


def test_dates_stay_relative_without_publication_date():
    facts = _facts(_article("The vote took place on Monday in the capital city.", None), FactKind.date)
    assert [f.normalized.text for f in facts] == ["on monday (relative)"]
    assert facts[0].normalized.date is None


def test_entities_keep_titles_and_transliterations():
    text = (
        "Prime Minister Mustafa al-Kadhimi met President Emmanuel Macron in Paris.\n\n"
        "Later, al-Khadimi spoke to the press."
    )
    entities = {f.subject: f.value for f in _facts(_article(text), FactKind.entity)}
    assert entities["Mustafa al-Kadhimi"] == "Prime Minister Mustafa al-Kadhimi"
    assert entities["Emmanuel Macron"] == "President Emmanuel Macron"
    assert "al-Khadimi" in entities


def test_many_processes_make_the_same_tables_as_one():
    from summarizer.pipeline import extract

    texts = [
        '"We will rebuild the bridge by May," Mayor Ana Ruiz said on Monday. Four people were hurt.',
        'Officials said 12 homes were damaged. "It was terrifying," resident Tomas Berg told reporters.',
        "The council voted 7-2 on Tuesday to close the road, according to a statement.",
    ]
    articles = [parse_article(t, source=f"a{i}") for i, t in enumerate(texts)]
    one, two = extract(articles, extractor="rules", processes=1), extract(articles, extractor="rules", processes=2)

    def facts(report):
        return [[f.model_dump(exclude={"provenance"}) for f in t.facts] for t in report.tables]

    assert facts(one) == facts(two) and any(facts(one))


def test_a_pronoun_never_reaches_back_into_an_earlier_item_of_a_live_blog():
    """ "The Latest": time-stamped items between "___." lines. A "he" is never given to someone
    of the item before; its item names whom it is about in its first paragraph."""
    text = (
        "12:30 p.m.\n\n"
        'Mayor Ana Lima is telling diners at a Kalmar cafe that "I need you tomorrow."\n\n'
        "Making her way around the cafe, Lima and her husband Tomas Berg thanked a diner for wearing one of her"
        " buttons.\n\n"
        "___.\n\n"
        "12:00 p.m.\n\n"
        "Harbour candidate Paul Moreau is choosing not to respond to the mayor's attacks on his backers.\n\n"
        "Instead, the harbour candidate is sticking to his message, hoping to keep his lead a day before the vote.\n\n"
        '"We have come a long way in the last nine months," he told cheering supporters in Borgholm on Monday.\n'
    )
    quotes = {q.value: q.speaker for q in _facts(Article(id="live", text=text), FactKind.quote)}
    assert quotes["I need you tomorrow."] == "Mayor Ana Lima"
    assert quotes["We have come a long way in the last nine months"] == "Paul Moreau"


def test_a_text_with_glued_quotation_marks_pairs_each_quote_the_right_way_round():
    """Scraped text loses spaces ('?""Last', 'said.The'): a mark with a space after it closes a
    quote, so the marks never pair across the words between two quotes, and words glued to a
    mark ('ground?"Hours') are nobody's name."""
    text = (
        'Ana Lima, who runs the ferry, spoke on Monday. "What is going on at the harbour?""Last year two boats'
        ' sank there and nobody was ever held to account for it," Lima said.The harbour board met on Tuesday.'
        ' "We will close the old pier for good next spring," said Tomas Berg, who chairs the board.'
        ' "Why are they still on the ground?"Hours later the cranes were moved.'
    )
    quotes = [(f.value, f.speaker) for f in rules.extract(Article(id="a", text=text)) if f.kind is FactKind.quote]
    assert ("What is going on at the harbour?", "Lima") in quotes
    assert ("We will close the old pier for good next spring", "Tomas Berg") in quotes
    assert not [v for v, _ in quotes if "said.The" in v or "Lima said" in v]
    assert not [s for _, s in quotes if s and '"' in s]


def test_words_glued_to_a_quotation_mark_are_nobodys_name():
    text = (
        "A young woman shouted at the guards to move the boats of Ana and Tomas out of the rain."
        '"This is too much for one town to carry," she said. "Why are the boats still in the water?"Hours after the'
        " crash, when most people had left the pier, Georgia Lima vowed to stay at the pier."
        '"I am not leaving until they bring my boys home from the water," she said.'
    )
    facts = [f for f in rules.extract(Article(id="a", text=text)) if f.kind in (FactKind.quote, FactKind.claim)]
    assert [f.value for f in facts if f.kind is FactKind.quote][1] == "Why are the boats still in the water?"
    assert not [f for f in facts if any(m in (f.speaker or "") + (f.speaker_mention or "") for m in '"“”?')]


def test_she_is_never_two_people_named_together():
    """ "Ana and Tomas Berg had gone ... She said": two people joined are no "she"; she is the
    grandmother the sentence before names as its source."""
    text = (
        "Two other men, 19-year-old Tomas Berg and his 20-year-old brother Ana Berg, were hurt. Ana and Tomas Berg"
        " had gone to the pier to meet their mother, according to their grandmother, Georgia Berg. She said she"
        ' lost a nephew to a boating accident in 2011. "I cannot keep burying my boys," she said.'
    )
    facts = [f for f in rules.extract(Article(id="a", text=text)) if f.kind in (FactKind.quote, FactKind.claim)]
    assert [f.speaker for f in facts if f.speaker_mention and f.speaker_mention.lower() == "she"] == [
        "Georgia Berg",
        "Georgia Berg",
    ]


def test_a_closing_mark_after_a_space_still_closes_its_quote():
    """'that "the harbour board ... the old pier.  "How do you feel ..." Lima asked': the mark
    after the space closes the first quote, as the writer meant."""
    text = (
        'On her radio show, Ana Lima told Tomas Berg that "the harbour board is going to use the storm as an excuse'
        ' to close the old pier for good.  "How do you feel about that?" Lima asked.'
    )
    quotes = [f.value for f in rules.extract(Article(id="a", text=text)) if f.kind is FactKind.quote]
    assert quotes[:1] == ["the harbour board is going to use the storm as an excuse to close the old pier for good."]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # readers' comments printed as '”Fear. I am ...” ― Name', the opening mark a closing one;
        # a closing mark after a word still closes
        (
            "”Fear. I am truly afraid the ferry will stop running. The harbour is all we have.” ― Edwin Monroy\n\n"
            "“The pier is safe,” ― Ana Lima",
            [
                ("Edwin Monroy", "Fear. I am truly afraid the ferry will stop running. The harbour is all we have."),
                ("Ana Lima", "The pier is safe"),
            ],
        ),
        # a transcript's lines, with or without a quotation mark left open for the next paragraph;
        # a section label ("UPDATE:") is no one
        (
            "\"LIMA: Let's start with the harbour story. Will the pier reopen this summer?\n\n"
            '"BERG: Well, look, the pier will reopen in June, and the ferry will run again.\n\n'
            "UPDATE: The ferry timetable was changed on Monday afternoon.",
            [
                ("Lima", "Let's start with the harbour story. Will the pier reopen this summer?"),
                ("Berg", "Well, look, the pier will reopen in June, and the ferry will run again."),
            ],
        ),
        # one speaker's label and a section label are no dialogue
        ("UPDATE: The ferry timetable was changed on Monday afternoon.\n\nBERG: The pier will reopen in June.", []),
        ("EDITOR'S NOTE: This story was changed on Monday afternoon.\n\nBERG: The pier will reopen in June.", []),
        # a quotation over several paragraphs: each opens with a mark, only the last one closes
        (
            '"We will not stop until the pier is rebuilt," Mayor Ana Souza said. "The harbour needs it.\n\n'
            '"We have waited ten years for the money and the fishermen deserve better.\n\n'
            '"I am sure the council will see it that way."\n\nThe council meets next week.',
            [
                ("Mayor Ana Souza", "We will not stop until the pier is rebuilt"),
                ("Mayor Ana Souza", "The harbour needs it."),
                ("Mayor Ana Souza", "We have waited ten years for the money and the fishermen deserve better."),
                ("Mayor Ana Souza", "I am sure the council will see it that way."),
            ],
        ),
        # a quoted transcript's answer running on: the next paragraph is the same speaker's
        (
            '"LIMA: Will the pier reopen this summer?\n\n"BERG: Well, look, the pier will reopen in June.\n\n'
            '"And the ferry will run again the week after that."\n\nThe interview was cut short.',
            [
                ("Lima", "Will the pier reopen this summer?"),
                ("Berg", "Well, look, the pier will reopen in June."),
                ("Berg", "And the ferry will run again the week after that."),
            ],
        ),
        # a paragraph ending with a colon introduces the quotation below it; "She" is the person
        # named in the paragraph before
        (
            "The Harbour Gazette reports:\n\n"
            '"In a sign of trouble ahead, the harbour board has not met for three months and its members are divided.'
            "\n\nThe board meets on Tuesday. Councillor Ana Souza chairs it.\n\nShe said:\n\n"
            '"We are going to keep working on the plan for as long as it takes."',
            [
                (
                    "the Harbour Gazette",
                    "In a sign of trouble ahead, the harbour board has not met for three months and its members are"
                    " divided.",
                ),
                ("Councillor Ana Souza", "We are going to keep working on the plan for as long as it takes."),
            ],
        ),
        # a mark left open with no paragraph opening with a mark after it is a typo, and marks of
        # two kinds ('"work-related” emails') are no quotation left open
        (
            'The board said "the pier will reopen in June after the repairs are done.\n\nThe ferry runs on Monday.'
            '\n\nShe sorted the "work-related” emails from the rest of the mail that week.\n\n"The ferry is late."',
            [(None, "The ferry is late.")],
        ),
        # a quotation opened with one kind of mark and closed with the other, either way round
        (
            '“The harbour will stay closed until Monday at the earliest," harbour master Tomas Okonkwo said.'
            '\n\n"We expect the ferries back by Wednesday,” the port authority said.',
            [
                ("Tomas Okonkwo", "The harbour will stay closed until Monday at the earliest"),
                ("the port authority", "We expect the ferries back by Wednesday"),
            ],
        ),
    ],
    ids=[
        "closing mark as opener",
        "transcript",
        "no dialogue",
        "no dialogue, a label of two words",
        "quotation over paragraphs",
        "transcript answer running on",
        "introduced by a colon",
        "typo or mixed marks",
        "opened and closed with marks of two kinds",
    ],
)
def test_quotes_whose_marks_are_set_the_wrong_way_or_left_open(text, expected):
    """Quotes the usual pairing of marks does not find: each with the speaker its credit or its
    label names."""
    quotes = [(f.speaker, f.value) for f in rules.extract(Article(id="a", text=text)) if f.kind is FactKind.quote]
    assert quotes == expected


def test_names_in_a_paragraph_parsed_for_statements_are_read_from_that_parse(monkeypatch):
    """The recogniser reads a new name's window once: where the paragraph was parsed for its
    statements, the name comes from that parse, and no window of it is parsed again."""
    from summarizer.language import nlp

    text = (
        "The storm closed the harbour on Monday.\n\n"
        "Harbour master Tomas Okonkwo said the Visby ferry would stay in port until the wind dropped."
    )
    calls = []
    parse = nlp.parse

    def recorded(text_, spans, *, only=None):
        spans = list(spans)
        calls.append((only, spans))
        return parse(text_, spans, only=only)

    monkeypatch.setattr(nlp, "parse", recorded)
    facts = rules.extract(Article(id="a", text=text))
    names = {f.value for f in facts if f.kind is FactKind.entity}
    assert {"Tomas Okonkwo", "Visby"} <= names
    second = text.index("Harbour master")
    assert not [span for only, spans in calls if only == ("ner",) for span in spans if span[0] >= second]


def test_a_transcript_line_keeps_where_its_label_names_the_speaker():
    text = "LIMA: Will the pier reopen this summer?\n\nBERG: Well, look, the pier will reopen in June."
    quotes = [f for f in rules.extract(Article(id="a", text=text)) if f.kind is FactKind.quote]
    assert [(f.speaker_evidence.start, f.speaker_evidence.text) for f in quotes if f.speaker_evidence] == [
        (0, "LIMA"),
        (text.index("BERG"), "BERG"),
    ]
