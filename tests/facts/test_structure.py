"""Who said it and what a number counts, read from sentence structure (spaCy's parse).

Every sentence here is written for this test; each case asserts the speaker or the counted thing.
"""

from __future__ import annotations

import pytest

from summarizer.extract.table import extract_table
from summarizer.facts import rules
from summarizer.ingest.articles import parse_article
from summarizer.models import Article, FactKind
from summarizer.reconcile.clusters import reconcile

TAIL = "\n\nThe council meets again next month to review the budget."


def _article(text: str, id: str = "own") -> Article:
    return parse_article(text + TAIL, id=id)


def _quotes(text: str) -> list:
    return [f for f in rules.extract(_article(text)) if f.kind is FactKind.quote]


def _numbers(text: str) -> list:
    return [f for f in rules.extract(_article(text)) if f.kind is FactKind.number]


SPEAKERS = [
    # (text, quote opening, expected speaker)
    ("“The reservoir is full,” Amara Diallo said on Friday.", "The reservoir is full", "Amara Diallo"),
    ("“The reservoir is full,” said Amara Diallo, the water board chair.", "The reservoir is full", "Amara Diallo"),
    (
        "A smiling Kenji Watanabe said before boarding the train: “We will be back in the spring.”",
        "We will be back",
        "Kenji Watanabe",
    ),
    (
        "“The plant will close in June,” said the mayor’s communications director, Rui Lopes.",
        "The plant will close",
        "Rui Lopes",
    ),
    (
        "Ines Moreau, a spokeswoman for the prefecture, said: “Roads north of the river stay closed.”",
        "Roads north of the river",
        "Ines Moreau",
    ),
    (
        "Olu Adeyemi told reporters about the governor that “he has not answered a single letter.”",
        "he has not answered",
        "Olu Adeyemi",
    ),
    (
        "The footage has Svetlana Orlova saying “we never signed that contract with anyone.”",
        "we never signed",
        "Svetlana Orlova",
    ),
    (
        "“No ships left the harbour today,” according to the port authority chief, Tomas Lindqvist.",
        "No ships left",
        "Tomas Lindqvist",
    ),
    # a credit line closing the paragraph (vox pops, reader letters)
    ("“The new bus line saved me an hour a day.” ― Leilani Kahale", "The new bus line", "Leilani Kahale"),
    ("“We waited three weeks for a reply.”— Bogdan Nowak.", "We waited three", "Bogdan Nowak"),
    # a transcript line opens with its speaker's label, which is not part of what was said
    ("“OKAFOR: And that is why the port must stay open all winter.”", "And that is why", "Okafor"),
    # the quote follows a sentence about its speaker, in the same paragraph
    (
        "The ministry may wait for the audit, Farida Haidari said. “The other option is to start now.”",
        "The other option",
        "Farida Haidari",
    ),
    (
        "Her old business partner, Mateus Rocha, called her a genius at logistics. "
        "“She moved a warehouse in a weekend.”",
        "She moved a warehouse",
        "Mateus Rocha",
    ),
    # an interrupted quote across two sentences keeps the cue after it
    (
        "“The dam held. It held better than we hoped,” said Yerlan Abenov, the site engineer.",
        "The dam held",
        "Yerlan Abenov",
    ),
    # a show's name after the cue is never the speaker
    (
        "“Nobody asked us,” Priya Raman said on Sunday on Radio Nord’s “Morning Desk.”",
        "Nobody asked us",
        "Priya Raman",
    ),
    # the owner of a statement, a claim, a memo
    (
        "The board issued a statement calling the merger “a clear breach of the charter.”",
        "a clear breach",
        "board",
    ),
    (
        "Analysts doubted Governor Ayodele’s claim that there were “thousands of new jobs in the valley.”",
        "thousands of new jobs",
        "Governor Ayodele",
    ),
    ("The main test is a “steady source of clean income,” as a Treasury memo put it.", "steady source", "memo"),
    # the subject of the clause a "saying" phrase hangs from
    (
        "Marisol Vega left the hearing early. "
        "After saying the road was “too dangerous for any bus at night,” she was driven home.",
        "too dangerous",
        "Marisol Vega",
    ),
    # a role or an organisation is kept as the words that name it
    (
        "“We counted every ballot twice,” the election commission said in a statement.",
        "We counted every",
        "the election commission",
    ),
]


@pytest.mark.parametrize(("text", "opening", "speaker"), SPEAKERS)
def test_speaker_from_structure(text, opening, speaker):
    found = [q for q in _quotes(text) if q.value.startswith(opening)]
    assert found, [q.value for q in _quotes(text)]
    assert found[0].speaker is not None and found[0].speaker.endswith(speaker), found[0].speaker


def test_a_quote_that_says_what_someone_is_is_not_their_words():
    """'X was "…"' describes X: no speaker unless a verb of saying gives one."""
    [quote] = _quotes("Ines Moreau was “awake, responsive and recovering in her hospital room” on Tuesday.")
    assert quote.speaker is None
    [told] = _quotes("Her family said Ines Moreau was “awake, responsive and recovering in her hospital room.”")
    assert told.speaker == "Her family"
    # nor does a speaker earlier in the paragraph go on saying them
    text = (
        "“The surgery went as planned and took four hours,” Dr. Paolo Ricci said on Tuesday. "
        "After the surgery, Ines Moreau was “awake, responsive and recovering in her hospital room.”"
    )
    described = next(q for q in _quotes(text) if q.value.startswith("awake"))
    assert described.speaker is None


@pytest.mark.parametrize(
    "text",
    [
        "Ines Moreau suffered “serious injuries to both legs and her right arm” in the crash.",
        "Ines Moreau received “a standing ovation from the whole hall” on Friday.",
        "The driver sustained “injuries to the head and the chest” when the bus overturned.",
    ],
)
def test_what_befell_someone_is_not_their_words(text):
    """'X suffered "…"' names what happened to X; no verb of saying gives the words to anyone."""
    [quote] = _quotes(text)
    assert quote.speaker is None


def test_a_person_the_quote_itself_names_does_not_speak_it():
    """'"It feels like, 'Meh, we can wait,'" he said': a word inside the quote the recogniser takes
    for a person is not who speaks; the speaker is the person named before it."""
    text = "Dario Conti spoke on Monday.\n\n\"It feels like, 'Meh, we can put this off a little bit,'\" he said."
    quote = next(q for q in _quotes(text) if q.value.startswith("It feels"))
    assert quote.speaker == "Dario Conti"


@pytest.mark.parametrize(
    ("text", "opening", "speaker"),
    [
        # the subject of the sentences just before a "he said" is who the pronoun stands for,
        # before the source quoted last ...
        (
            "“The harbour will reopen in May,” Mayor Ana Lima said on Monday.\n\n"
            "Councillor Dario Conti toured the pier on Tuesday. Conti said the ferry was older than he was.\n\n"
            "“I have always been a sailor at heart,” he told the crowd.",
            "I have always",
            "Conti",
        ),
        # ... looking through sentences whose subject is the same pronoun
        (
            "“The harbour will reopen in May,” Dario Conti said on Monday.\n\n"
            "Ines Moreau spoke next. She praised the crews, who worked “all night and all day.” She then thanked"
            " the council.\n\n"
            "“We did it together,” she said.",
            "We did it",
            "Ines Moreau",
        ),
        # a plural or a share is no "he": not the protesters quoted last
        (
            "Mayor Dario Conti met the crowd at the pier on Monday. "
            "“We want the ferry back,” the protesters said.\n\n"
            "“I hear you, and the ferry will run again in May,” he said.",
            "I hear you",
            "Mayor Dario Conti",
        ),
    ],
)
def test_he_or_she_is_the_person_the_text_is_about(text, opening, speaker):
    quote = next(q for q in _quotes(text) if q.value.startswith(opening))
    assert quote.speaker == speaker


def test_a_pronoun_takes_the_person_its_own_sentence_names():
    text = (
        "“Fares rise in May,” Dario Conti said.\n\n"
        "Lucia Ferri told the council that she believes the depot must stay, "
        "saying that “the buses need it more than ever.”"
    )
    quote = next(q for q in _quotes(text) if q.value.startswith("the buses"))
    assert (quote.speaker, quote.speaker_mention) == ("Lucia Ferri", "she")


def test_a_quote_closed_by_a_stop_is_not_given_to_the_next_sentence():
    text = "Oslo called the plan “a step in the wrong direction.” Lima insisted that talks “continue without delay.”"
    quote = next(q for q in _quotes(text) if q.value.startswith("a step"))
    assert quote.speaker != "Lima"


def test_short_terms_in_quotation_marks_with_no_speaker_are_not_quotes():
    text = "The rules define a “protected river zone” and a “seasonal grazing permit” for farmers."
    assert _quotes(text) == []


def test_pronoun_speaker_resolves_and_keeps_the_pronoun():
    text = (
        "Farida Haidari, the clinic's director, opened the new ward on Monday.\n\n"
        "“We can treat twice as many children now,” she said."
    )
    quote = next(q for q in _quotes(text) if q.value.startswith("We can treat"))
    assert quote.speaker == "Farida Haidari"
    assert quote.speaker_mention == "she"


def test_interrupted_quote_shares_one_speaker():
    text = "“The dam held,” said engineer Li Wei, “but the spillway needs repairs before the rains.”"
    quotes = _quotes(text)
    assert [q.speaker for q in quotes] == ["Li Wei", "Li Wei"]


def test_a_quote_paragraph_with_no_cue_continues_the_previous_speaker():
    text = (
        "“The harvest came early this year,” said farmer Joao Pereira.\n\n"
        "“Next year we will plant the lower fields first and wait for the rains.”"
    )
    quotes = _quotes(text)
    assert [q.speaker for q in quotes] == ["Joao Pereira", "Joao Pereira"]


def test_names_of_shows_and_slogans_are_not_quotes():
    text = "He wore a “Make America Great Again” cap and later watched “Meet the Press” with friends."
    assert _quotes(text) == []


def test_a_book_title_with_its_subtitle_is_not_a_quote():
    text = (
        "Lima will launch the party with the release of her new book, “Harbour Days: Notes on Our Town,” on"
        " Oct. 5, two people familiar with the plans said."
    )
    assert _quotes(text) == []


def test_a_long_title_named_by_its_work_is_not_a_quote():
    text = (
        "For the harbour festival, Ana Lima's grandchildren read from her famous speech,"
        " “What the Sea Is to the People of the Harbour Town,” on Sunday."
    )
    assert _quotes(text) == []


def test_a_long_title_case_headline_quote_after_a_possessive_is_still_a_quote():
    text = "Kalmar’s Mayor Says There’s ‘No Need for Any New Taxes on Harbour Families’ Ahead of Vote"
    assert [q.value for q in _quotes(text)] == ["No Need for Any New Taxes on Harbour Families"]


@pytest.mark.parametrize(
    "text",
    [
        "The council said such a vote on what is known as a “motion to recall the mayor” would fail on Monday.",
        "Mayor Ana Lima said the so-called “harbour tax for all families” would not pass this year.",
    ],
)
def test_a_term_the_sentence_introduces_as_one_is_not_a_quote(text):
    assert _quotes(text) == []


def test_a_show_named_after_a_speech_verb_is_not_a_quote():
    text = "Ana Ruiz said on Channel Four’s “State of the Nation,” that the budget “will not pass this year at all.”"
    assert [q.value for q in _quotes(text)] == ["will not pass this year at all."]


@pytest.mark.parametrize(
    "text",
    [
        "“The bridge will open soon,” Tuesday’s statement said.",
        "In Lisbon, “the trams will run all night,” on Saturday.",
    ],
)
def test_a_speaker_is_never_a_date_or_a_place(text):
    quote = _quotes(text)[0]
    assert quote.speaker not in ("Tuesday", "Tuesday’s", "Lisbon", "Saturday")


COUNTS = [
    # (text, [(value, what it counts)])
    ("One man was killed and three others were injured in the crash.", [("One", "killed"), ("three", "injured")]),
    (
        "The gunman fled after killing two men and injuring two others near the market.",
        [("two", "killed"), ("two", "injured")],
    ),
    (
        "The blast left one person dead and nine others injured, officials said.",
        [("one", "killed"), ("nine", "injured")],
    ),
    ("1 Dead, 3 Injured In Highway Pileup", [("1", "killed"), ("3", "injured")]),
    ("Police arrested 14 protesters outside the ministry.", [("14", "arrested")]),
    ("Rescuers evacuated 300 residents from the valley overnight.", [("300", "evacuated")]),
    ("Four of the five victims were shot to death in the apartment.", [("Four", "killed")]),
    ("All four victims suffered gunshot wounds but are recovering.", [("four", "injured")]),
    ("Two men shot and killed at a bus stop, police say", [("Two", "killed")]),
    ("4 shot and wounded at a wedding in the hills", [("4", "injured")]),
    ("The fight left one guard fatally wounded and two others hurt.", [("one", "killed"), ("two", "injured")]),
    ("3 dead, 1 injured in warehouse shooting near the port", [("3", "killed"), ("1", "injured")]),
]


@pytest.mark.parametrize(("text", "expected"), COUNTS)
def test_numbers_know_what_they_count(text, expected):
    found = {(f.value, f.attribute) for f in _numbers(text)}
    for item in expected:
        assert item in found, sorted(found)


@pytest.mark.parametrize(
    ("text", "not_counts"),
    [
        ("A 58-year-old man was detained at 12:30 a.m. on the bridge.", {"58", "12", "30"}),
        ("She finished 3rd in the race and 2nd in the relay.", {"3", "2"}),
        # the emergency number, not a count of calls
        ("The sheriff released the 911 calls; a 999 operator took a second call.", {"911", "999"}),
    ],
)
def test_ages_clock_times_and_ordinals_are_not_counts(text, not_counts):
    assert not {f.value for f in _numbers(text)} & not_counts


def test_one_is_a_number_only_when_it_counts_something():
    assert [f.value for f in _numbers("One of the best days of the year, one resident called it.")] == []
    assert [(f.value, f.attribute) for f in _numbers("One woman died in the fire.")] == [("One", "killed")]


def test_a_change_gives_both_values_the_earlier_marked_previous():
    facts = _numbers("The garrison was cut from 5,300 to 2,500 soldiers this spring.")
    previous = [f for f in facts if f.previous]
    assert [f.value for f in previous] == ["5,300"]
    assert previous[0].normalized.number == 5300


def test_counts_cluster_by_what_they_count():
    a = _article("Two people were killed and five were injured in the storm, police said.", id="a")
    b = _article("The storm killed two people and injured five others, officials said.", id="b")
    tables = [extract_table(x, extractor="rules", client=None) for x in (a, b)]
    clusters, _ = reconcile([a, b], tables)
    numbers = [
        c for c in clusters if c.kind is FactKind.number and len({i for v in c.values for i in v.article_ids}) == 2
    ]
    by_attribute = {c.attribute: c for c in numbers}
    assert by_attribute["killed"].status.value == "agreed"
    assert by_attribute["injured"].status.value == "agreed"
    assert all(c.attribute in ("killed", "injured") for c in numbers)  # never killed with injured


def _quote_clusters(*texts: str) -> list:
    articles = [_article(text, id=f"o{i}") for i, text in enumerate(texts)]
    tables = [extract_table(x, extractor="rules", client=None) for x in articles]
    clusters, _ = reconcile(articles, tables)
    return [c for c in clusters if c.kind is FactKind.quote]


def test_an_exact_excerpt_of_another_outlets_quote_joins_it_and_agrees():
    (cluster,) = _quote_clusters(
        "“The harbour will reopen on Monday once the divers have checked the wall,” Ilse Jansen said.",
        "Ilse Jansen said “the harbour will reopen on Monday” after the inspection.",
    )
    assert cluster.status.value == "agreed"
    assert len(cluster.values) == 2


def test_a_quote_sharing_a_long_run_of_words_joins_and_two_extents_of_it_agree():
    """One outlet starts the statement earlier, the other goes on longer: the words both quote
    are the same, so the outlets agree (an extent is not a wording)."""
    (cluster,) = _quote_clusters(
        "“We asked the ministry for pumps, for boats and for dry food, and we waited for nine days "
        "before anything came,” Tomasz Wrona said.",
        "“For dry food, and we waited for nine days before anything came to the village,” Tomasz Wrona said.",
    )
    assert cluster.status.value == "agreed" and len(cluster.values) == 2


def test_a_quote_sharing_a_long_run_of_words_with_a_changed_word_is_a_wording_conflict():
    (cluster,) = _quote_clusters(
        "“We asked the ministry for pumps, for boats and for dry food, and we waited for nine days "
        "before anything came,” Tomasz Wrona said.",
        "“For dry food, and we waited for eleven days before anything came to the village,” Tomasz Wrona said.",
    )
    assert cluster.status.value == "conflict"
    assert [k.value for k in cluster.conflict_kinds] == ["quote_wording"]


def test_a_quote_with_no_speaker_takes_the_speaker_others_give_and_is_marked_inferred():
    (cluster,) = _quote_clusters(
        "“Every school in the district stays closed until the water is safe,” Amina Yusuf said on Tuesday.",
        "Parents were told: “Every school in the district stays closed until the water is safe.”",
    )
    speakers = {(v.speaker, v.speaker_inferred) for v in cluster.values}
    assert speakers == {("Amina Yusuf", False), ("Amina Yusuf", True)}
    assert cluster.conflict_kinds == []


def test_the_same_words_given_to_two_people_are_an_attribution_conflict():
    (cluster,) = _quote_clusters(
        "“We will not sign this agreement in its present form,” Lars Holm said.",
        "“We will not sign this agreement in its present form,” Henrik Dahl said.",
    )
    assert [k.value for k in cluster.conflict_kinds] == ["attribution"]
