"""A disagreement is flagged only when both sides are established to be about the same thing;
the digest says what happened. Each case is a pattern seen in real multi-outlet news, written
here in our own sentences (bench/conflicts.py measures the real thing)."""

from __future__ import annotations

import datetime as dt

import pytest

from summarizer.extract.table import extract_table
from summarizer.facts.dates import same_written_day
from summarizer.facts.quotes import wording_difference
from summarizer.ingest.articles import parse_article
from summarizer.models import Article, ClusterStatus, ConflictKind, FactKind
from summarizer.pipeline import summarize
from summarizer.reconcile.clusters import reconcile
from summarizer.report.summary import outlet_names


def _report(*texts: str, published: list[dt.date | None] | None = None):
    articles = [
        parse_article(t, id=f"a{i}", outlet=f"Outlet {'ABCDE'[i]}", published=(published or [None] * len(texts))[i])
        for i, t in enumerate(texts)
    ]
    tables = [extract_table(a, extractor="rules", client=None) for a in articles]
    clusters, entities = reconcile(articles, tables)
    return clusters, entities


def _facts_of(text: str):
    return extract_table(parse_article(text, id="x"), extractor="rules", client=None).facts


def _conflicts(clusters, kind: ConflictKind | None = None):
    return [c for c in clusters if c.status is ClusterStatus.conflict and (kind is None or kind in c.conflict_kinds)]


# -- quote wording --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("I’m not going to walk away from this town", "I am not going to walk away from this town", None),
        ("We can’t stop now, not after all this", "We can't stop now, not after all this", None),
        ("Our Nation has lost a great teacher", "our nation has lost a great teacher", None),
        # an initial an outlet adds to a name ("Ana M. Lima", "V. Moreau")
        ("The harbour house of Ana M. Lima was robbed. Too bad!", "The harbour house of Ana Lima was robbed", None),
        ("He was trying to take V. Moreau's boat", "He was trying to take Moreau's boat", None),
        (
            "We will remain stead-fast in our pledge to the valley",
            "We will remain steadfast in our pledge to the valley",
            None,
        ),
        (
            "[Harbour] Mayor [Ana] Lima will meet the council next week",
            "Mayor Lima will meet the council next week",
            None,
        ),
        ("The bridge will close. Repairs start in May and end in June", "Repairs start in May and end in June", None),
        # an editor's words in parentheses, a sign for a word, a hyphen within an excerpt
        (
            "(There were) long delays at the pier all week",
            "Despite long delays at the pier all week, we finished",
            None,
        ),
        ("They are 100 percent behind the crews", "They are 100% behind the crews", None),
        ("He is Lukas’ best friend", "He is Lukas's best friend", None),
        ("Though the harbour people, maybe there is", "Although the harbour people, maybe there is", "minor"),
        (
            "This is more intense than I thought it was gonna' be",
            "This is more intense than I thought it was going to be",
            None,
        ),
        ("I am not a fan of pier-widening, but I will not get into that", "not a fan of pier widening.", None),
        (
            "The bridge will close. Repairs start in May",
            "Repairs start in May and end in June when the crews leave",
            None,
        ),
        (
            "the crews put up a fence or a steel barrier along the pier",
            "the crews put up a fence or steel barrier along the pier",
            "minor",
        ),
        ("the crews put up a fence along the pier", "the crews put up a wall along the pier", "wording"),
        ("we will reopen the pier in spring", "we will not reopen the pier in spring", "wording"),
        ("we will reopen the pier in spring", "we may reopen the pier in spring", "wording"),
        # words left out with no mark are a change of wording; two sentences that open
        # differently and meet on a phrase are two remarks, not two wordings of one
        ("let us reopen once and for all the pier", "let us reopen the pier", "wording"),
        # an elision marked, and the quote going on past the other's: two extents of one remark;
        # what follows the elision rewording the other's words is a change
        (
            "No, I meant she built the pier. I do. She was the best mayor. I give her the harbour prize",
            "I do. She was the best mayor. … She was the builder.",
            None,
        ),
        (
            "The council said that we will win the vote on the harbour plan",
            "The council said that … we will lose the vote on the harbour plan",
            "wording",
        ),
        (
            "make sure our harbour works for everyone, not just the ferry owners",
            "to build a harbour that works for everyone, not just the ferry owners, we have to go big",
            None,
        ),
    ],
)
def test_quote_wording_differences(a, b, expected):
    assert wording_difference(a, b) == expected


def test_typography_and_excerpts_across_outlets_are_agreement():
    clusters, _ = _report(
        '"We’re not going to close the harbour this winter, whatever the storms do," Mayor Ana Lima said.',
        'Mayor Ana Lima said: "We\'re not going to close the harbour this winter."',
    )
    quotes = [c for c in clusters if c.kind is FactKind.quote]
    assert quotes and all(c.status is ClusterStatus.agreed for c in quotes)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # "I'm going to" is all the two share: two remarks of two people, neither a wording nor
        # an attribution conflict
        (
            '"I\'m going to say it again," Mayor Ana Lima said at the pier.',
            '"I\'m going to vote for the ferry plan," councillor Tomás Reyes said at the pier.',
        ),
        # the mayor's line in two speeches: the sentences open differently and meet on the phrase
        (
            'Mayor Ana Lima pledged to "make sure our harbour works for everyone, not just the ferry owners," as'
            " she put it on Monday.",
            '"To build a harbour that works for everyone, not just the ferry owners, we have got to go big," Mayor'
            " Ana Lima said on Tuesday.",
        ),
    ],
    ids=["common words", "one line in two remarks"],
)
def test_quotes_that_share_only_a_phrase_are_two_quotes(a, b):
    clusters, _ = _report(a, b)
    quotes = [c for c in clusters if c.kind is FactKind.quote]
    assert len(quotes) == 2 and not _conflicts(clusters)


def test_a_bare_one_of_a_group_is_no_shared_count():
    # "One of the wounded played dead" is one of the eleven, not the count "One dead": no
    # agreement on "one"; a headline's "1 killed" stays a count
    clusters, _ = _report(
        "Police said eleven people were hurt at the harbour festival on Saturday. One of the wounded played dead"
        " to survive, the police chief said.",
        "Eleven people were hurt at the harbour festival. One dead, said the mayor.",
        "1 killed, 11 hurt at harbour festival\n\nEleven people were hurt at the festival on Saturday.",
    )
    ones = [c for c in clusters if c.kind is FactKind.number and c.values[0].value in ("One", "1")]
    agreed = [sorted(c.values[0].article_ids) for c in ones if c.status is ClusterStatus.agreed]
    assert agreed == [["a1", "a2"]]


def test_who_a_message_is_delivered_to_is_not_its_speaker():
    facts = _facts_of(
        'Mayor Ana Lima delivered a blunt message to Tomás Reyes: "The pier stays closed until the repairs end."'
    )
    quotes = [f for f in facts if f.kind is FactKind.quote]
    assert [q.speaker for q in quotes] == ["Mayor Ana Lima"]


def test_a_changed_content_word_is_a_quote_wording_conflict():
    clusters, _ = _report(
        '"The harbour will stay open through the winter storms," Mayor Ana Lima said.',
        '"The harbour will stay closed through the winter storms," Mayor Ana Lima said.',
    )
    assert _conflicts(clusters, ConflictKind.quote_wording)


def test_a_quote_changed_in_one_part_is_a_conflict_though_its_other_part_agrees():
    """Outlet B gives the mayor's two sentences as two quotes, the first reworded: the second
    agreeing with the end of A's quote leaves A's first sentence to compare with B's."""
    clusters, _ = _report(
        '"People were going to the harbour fair and got shot. That is totally unacceptable," Ana Souza said.',
        '"People were going to the harbour fair and ended up getting shot," Mayor Ana Souza said. '
        '"That is totally unacceptable."',
    )
    assert _conflicts(clusters, ConflictKind.quote_wording)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # a short remark sharing two words with a long quote
        (
            'Mayor Ana Lima welcomed the vote, saying the council was "doing the right thing," on Monday.',
            '"With thousands of families moving into the valley, obviously I am saying the right thing,"'
            " Mayor Ana Lima said on Tuesday.",
        ),
        # a common phrase two quotes share
        (
            'Dr. Paul Moreau: Ana Lima "Not Fit To Serve As Mayor Of The Harbour Town."\n\nMoreau spoke on Monday.',
            '"We are on fire to make her the next mayor of the harbour town," said Mary Berg, head of the union.',
        ),
        # two words of a quote, not in a row in the other and with a word of its own
        (
            'Mayor Ana Lima celebrated in Kalmar, calling it "another harbour Tuesday for our campaign."',
            'Mayor Ana Lima called the vote "Harbour Tuesday 2" on Monday.',
        ),
    ],
)
def test_quotes_sharing_a_phrase_are_two_quotes(a, b):
    clusters, _ = _report(a, b)
    quotes = [c for c in clusters if c.kind is FactKind.quote]
    assert len(quotes) == 2 and all(c.status is ClusterStatus.single_source for c in quotes)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Ana was pretty much my sister", "Anna was pretty much my sister"),
        ("We need the harbour's support", "We have a boat sunk, and we need the harbour's help. Someone must answer"),
    ],
)
def test_a_short_quote_retold_with_a_changed_word_is_a_quote_wording_conflict(a, b):
    clusters, _ = _report(f'"{a}," Mayor Ana Lima said on Monday.', f'"{b}," Mayor Ana Lima said on Monday.')
    assert _conflicts(clusters, ConflictKind.quote_wording)


def test_a_short_phrase_two_statements_share_never_makes_them_one_quote():
    clusters, _ = _report(
        '"I am trying to save lives and prevent the next attack on the harbour. We cannot stay silent on radical'
        ' harbour crime," Mayor Ana Lima said in a statement on Monday.',
        'Mayor Ana Lima wrote on Twitter: "Is the governor going to finally mention the words radical harbour crime?'
        ' If he does not, he should resign!"',
        'Mayor Ana Lima blamed what she called "radical harbour crime" for the attack on Monday.',
    )
    quotes = [c for c in clusters if c.kind is FactKind.quote]
    for c in quotes:
        values = " ".join(v.value for v in c.values)
        assert not ("save lives" in values and "resign" in values), values


def test_a_short_excerpt_of_a_long_quote_is_agreement():
    clusters, _ = _report(
        'Mayor Ana Lima said the council was "doing the right thing" on Monday.',
        '"The council is doing the right thing for the valley and its families," Mayor Ana Lima said on Monday.',
    )
    quotes = [c for c in clusters if c.kind is FactKind.quote]
    assert [c.status for c in quotes] == [ClusterStatus.agreed]


# -- speakers -------------------------------------------------------------------------------


def test_words_given_through_a_pronoun_make_no_attribution_conflict():
    clusters, _ = _report(
        'Harbour master Tomasz Nowak spoke first. "The pier will reopen on Monday after the repairs are done," '
        "Nowak said.",
        'Councillor Ana Lima met Tomasz Nowak on Friday. Afterwards he posted online: "The pier will reopen on '
        'Monday after the repairs are done," she said.',
    )
    assert not _conflicts(clusters, ConflictKind.attribution)


def test_two_outlets_naming_two_people_for_the_same_words_is_an_attribution_conflict():
    clusters, _ = _report(
        'Harbour master Tomasz Nowak spoke on Friday. "The pier will reopen on Monday after the repairs are done," '
        "Tomasz Nowak said.",
        'Councillor Ana Lima spoke on Friday. "The pier will reopen on Monday after the repairs are done," '
        "Ana Lima said.",
    )
    assert _conflicts(clusters, ConflictKind.attribution)


# -- names ----------------------------------------------------------------------------------


def test_a_fragment_a_plural_and_one_outlets_own_slip_are_no_spelling_conflict():
    clusters, _ = _report(
        "Secretary of State Ana Lima visited the United States. The Osbornes were at home. Brady Osborne spoke.",
        "The United States welcomed Ana Lima. Brady Osborne and Troy Osborne spoke. Later Osbourne left.",
    )
    assert not _conflicts(clusters, ConflictKind.name_spelling)


def test_a_plural_in_ies_of_a_names_last_word_is_no_second_spelling():
    from summarizer.facts.names import spelling_conflict
    from summarizer.models import Entity, EntityVariant

    entity = Entity(
        canonical="Kalmar Harbour Authority",
        kind="organization",
        variants=[
            EntityVariant(form="Authorities", article_ids=["a"]),
            EntityVariant(form="Kalmar Harbour Authority", article_ids=["b"]),
        ],
    )
    assert not spelling_conflict(entity)
    lone = Entity(
        canonical="South Shore",
        kind="place",
        variants=[EntityVariant(form="Score", article_ids=["a"]), EntityVariant(form="South Shore", article_ids=["b"])],
    )
    assert not spelling_conflict(lone)  # a lone word no outlet writes in a longer name


def test_outlets_that_each_spell_a_name_their_own_way_disagree():
    clusters, _ = _report(
        "Prime Minister Joanna Kowalczyk arrived in Oslo on Tuesday for talks.",
        "Prime Minister Joanna Kowalcyk arrived in Oslo on Tuesday for talks.",
    )
    assert _conflicts(clusters, ConflictKind.name_spelling)


def test_british_and_american_spellings_of_one_name_agree():
    clusters, _ = _report(
        "The Harbour Organisation said the pier would reopen.",
        "The Harbour Organization said the pier would reopen.",
    )
    assert not _conflicts(clusters, ConflictKind.name_spelling)


# -- numbers --------------------------------------------------------------------------------


def test_ages_reference_marks_gallery_counters_and_clock_times_are_not_counts():
    article = parse_article(
        "Ana Lima, 19, and Tomasz Nowak, 17, were charged with damaging the pier on Monday.\n\n"
        "The pier had 40 berths before the storm, the harbour office said.[21]\n\n"
        "Image 12 of 33 Workers repair the pier after the storm, the harbour office said.\n\n"
        "The crews left at 9 a.m. on Monday. Unemployment in the town fell to a 17-month low.\n\n"
        "Get the latest from Harbour Action News 5 anytime: phone | tablet | alerts\n\n"
        "The girl's aunt told KHRB 3 News the family had moved in last year. Copyright 2016 KHRB 3 News.",
        id="x",
    )
    numbers = {
        f.value for f in extract_table(article, extractor="rules", client=None).facts if f.kind is FactKind.number
    }
    assert not numbers & {"19", "17", "21", "33", "9", "17-month", "5", "3"}
    assert any("40" in n for n in numbers)


def test_a_number_in_a_hyphenated_modifier_is_no_count_and_stays_in_the_speakers_role():
    facts = _facts_of(
        '"Nobody has ever been more qualified to serve," the two-term mayor told the crowd on Wednesday.\n\n'
        "The two-person race for the harbour board ended with a three-judge panel; 12 people were hurt."
    )
    assert [f.value for f in facts if f.kind is FactKind.number] == ["12"]
    assert [f.speaker for f in facts if f.kind is FactKind.quote] == ["the two-term mayor"]


def test_how_often_or_how_many_times_more_is_no_count():
    facts = _facts_of(
        '"We have counted the harbour ballots three times, and the result stands," the clerk said.\n\n'
        "The pier now draws four times as many visitors and a tenfold rise in fees; 12 boats were lost."
    )
    assert [f.value for f in facts if f.kind is FactKind.number] == ["12"]


def test_some_of_a_group_already_counted_is_no_count_of_its_own():
    facts = _facts_of(
        "Five people were wounded in the shooting at the Kalmar harbour on Sunday, police said.\n\n"
        "One of the wounded told officers the gunman fled on foot. Two of them remain in hospital.\n\n"
        "One of the victims was shot in the back.\n\n"
        "Four of the victims were shot to death, the coroner said."
    )
    assert [(f.value, f.attribute) for f in facts if f.kind is FactKind.number] == [
        ("Five", "injured"),
        ("Four", "killed"),
    ]


def test_the_same_category_and_close_figures_are_a_number_conflict():
    clusters, _ = _report(
        "A gunman opened fire at the harbour festival, killing 50 people, police in Kalmar said.",
        "A gunman opened fire at the harbour festival, killing 49 people, police in Kalmar said.",
    )
    assert _conflicts(clusters, ConflictKind.number)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "Three teens were shot at the Kalmar party on Friday, police said.",
            "Four teens were shot at the Kalmar party on Friday, police said.",
        ),
        # "since" in a clause after the count does not make it a running total
        (
            "Kalmar reported 3,865 flu deaths on Wednesday, the highest in a single day since the outbreak began.",
            "There were 3,920 flu deaths in Kalmar on Wednesday, higher than on any previous day, officials said.",
        ),
        (
            "The gunman killed five officers and injured seven others in Kalmar, police said.",
            "The gunman killed five officers and wounded four other officers in Kalmar, the mayor said.",
        ),
        # amounts that differ beyond rounding
        (
            "The government announced a $13 billion harbour aid package on Friday, officials said.",
            "The government announced an $11.6 billion harbour aid package on Friday, officials said.",
        ),
        # a figure outside another outlet's range
        (
            "Between 15 and 20 people were injured when the Kalmar stand collapsed on Friday, police said.",
            "Thirty people were injured when the Kalmar stand collapsed on Friday, police said.",
        ),
        # the same stage of a case
        (
            "Seven members of the Harbour Boys gang were charged over the shooting in Kalmar, prosecutors said.",
            "Six members of the Harbour Boys gang were charged over the shooting in Kalmar, prosecutors said.",
        ),
    ],
)
def test_counts_of_one_thing_that_differ_are_a_number_conflict(a, b):
    """The same noun, or the others besides the same people, counted differently; amounts apart
    by more than their rounding."""
    clusters, _ = _report(a, b)
    assert _conflicts(clusters, ConflictKind.number)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # a total and a part
        ("Lima won 306 electoral votes in the national count.", "Nevada gave Lima its six electoral votes."),
        # a total and a rate
        (
            "The country has recorded 651,000 deaths from the virus, the health ministry said.",
            "The country is averaging 1,500 deaths a day from the virus, the health ministry said.",
        ),
        # a forecast and the figure
        (
            "The harbour added 943,000 jobs in July, the statistics office said.",
            "Economists had been looking for 845,000 jobs in July, the statistics office said.",
        ),
        # a tally over several shootings and the count of one
        (
            "A pair of shootings in Kalmar left one person dead and four others wounded on Monday, police said.",
            "One man was killed and three others were wounded in a shooting in Kalmar on Monday, police said.",
        ),
        # shares are never compared as counts
        ("Prices rose 5.4% over the year, the office said.", "Prices rose 0.6 percent in May, the office said."),
        # a part and the whole: two men and a girl are three people
        (
            "The shooting in Kalmar left a 10-year-old girl and two men wounded on Monday, police said.",
            "A 10-year-old girl was among three people wounded in the shooting in Kalmar on Monday, police said.",
        ),
        # the others besides someone named, and everyone
        (
            "One man is in critical condition and three others were injured in the Kalmar shooting, police said.",
            "Four people were injured in the Kalmar shooting on Monday, police said.",
        ),
        # those in a critical condition, and all the injured
        (
            "The shooting in Kalmar killed two people and injured four others on Monday, police said.",
            "The shooting in Kalmar left two people dead and three others critically injured on Monday, police said.",
        ),
        # men and women of one shooting
        (
            "Two men were shot at the Kalmar party on Monday, police said.",
            "Three women were shot at the Kalmar party on Monday, police said.",
        ),
        # a round figure and a precise one for the same amount
        (
            "The council signed a $2 trillion harbour package into law on Friday, officials said.",
            "The council signed a $2.2 trillion harbour package into law on Friday, officials said.",
        ),
        (
            "The council passed a $741 billion harbour bill on Monday, officials said.",
            "The council passed the $740.5 billion harbour bill on Monday, officials said.",
        ),
        # a range is one figure: a count inside it agrees ("between 15 and 20" is not 15 and 20)
        (
            "Between 15 and 20 people were injured when the Kalmar stand collapsed on Friday, police said.",
            "Eighteen people were injured when the Kalmar stand collapsed on Friday, police said.",
        ),
        (
            "Between 15 and 20 people were injured when the Kalmar stand collapsed on Friday, police said.",
            "Fifteen people were injured when the Kalmar stand collapsed on Friday, police said.",
        ),
        # "three more" besides the five just counted
        (
            "The court in Kalmar on Monday sentenced five people to death and three more to jail terms totaling 24"
            " years over the killing of journalist Ana Lima.",
            "Five people have been sentenced to death in the killing of journalist Ana Lima, but two senior officials"
            " were cleared.",
        ),
        # a count in dozens is a round count
        (
            "Two dozen towns sued the harbour authority in Kalmar on Tuesday over the new tolls.",
            "A coalition of 23 towns sued the harbour authority in Kalmar on Tuesday over the new tolls.",
        ),
        # two stages of one case: charged, then pleaded guilty
        (
            "Seven members of the Harbour Boys gang face charges after the shooting in Kalmar, prosecutors said.",
            "Six members of the Harbour Boys gang pleaded guilty to the shooting in Kalmar, prosecutors said.",
        ),
        # two lower bounds: both are true of 40
        (
            "More than two dozen people were injured when the Kalmar stand collapsed on Friday, police said.",
            "At least 37 people were injured when the Kalmar stand collapsed on Friday, police said.",
        ),
        # each poll's own margin of error
        (
            "The Harbour Institute poll gives Lima 46 percent. The margin of error was plus or minus four"
            " percentage points.",
            "The Coastal poll gives Lima 44 percent. The margin of error is plus or minus 5.7 percentage points.",
        ),
        # a count up to a date and a count on it
        (
            "Sixteen towns hold harbour votes on or before March 1, the electoral office said.",
            "Eleven towns hold harbour votes on March 1, the electoral office said.",
        ),
        # each outlet's own sources
        (
            "The report finds the minister approved the harbour deal, four officials familiar with the matter said.",
            "The report finds the minister approved the harbour deal, three officials familiar with the matter said.",
        ),
        # the margins of two races
        (
            "An average of recent polls shows Lima leads Moreau by about 13 points in the harbour state, where both"
            " candidates claim ties to the valley.",
            "Lima defeated Moreau by 20 points in the harbour state primary, and Moreau's valley supporters"
            " complained about the long lines.",
        ),
        # two windows of one streak, each true
        (
            "Lima has won eight of the past nine contests in the valley, the party said on Sunday.",
            "Lima has won seven of the past eight contests in the valley, including Saturday's Kalmar vote.",
        ),
        # the rest of a group whose first member is named, and the whole group
        (
            "The gunman killed a woman and injured a ferry captain and two others on the Kalmar road, police said.",
            "A woman was killed on the Kalmar road on Monday and three others were injured, one of them a ferry"
            " captain, police said.",
        ),
        # a breakdown by sex of every victim, and of the wounded
        (
            "Eight people were shot at the Kalmar party on Monday; five are men and three are women, police said.",
            "Wounded at the Kalmar party on Monday were three women and four men, police said.",
        ),
        # a step of a running count, and the total
        (
            "Police found three people shot outside the Kalmar club on Sunday. They then found another man in a"
            " ditch, and a fifth victim was found a block away.",
            "Five people were shot outside the Kalmar club on Sunday, police said.",
        ),
        # a roundup: the figure of another shooting, after the article turns to it
        (
            "One man was shot dead at the Kalmar market on Sunday, police said. In another shooting, two people"
            " were wounded on the Borgholm road.",
            "One man was killed and three people were wounded in the shooting at the Kalmar market on Sunday,"
            " police said.",
        ),
    ],
)
def test_numbers_of_different_quantities_are_not_a_conflict(a, b):
    clusters, _ = _report(a, b)
    assert not _conflicts(clusters, ConflictKind.number)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # the same figure of nothing in particular
        (
            "Nine in 10 voters said the harbour economy favours the wealthy, the poll found.",
            "Reply GIVE to give $10 to the harbour campaign from your phone bill.",
        ),
        # one category (the parse's "killed"), two nouns
        (
            "During his attack in Kalmar, the gunman also posted messages online. One message, apparently"
            " about the harbour strikes, said he was killed inside.",
            "Only one person was killed by a gun last year in Kalmar, according to the police agency.",
        ),
        # the same figure of two different spans of time
        (
            "The ferry company was founded eight years ago in Kalmar.",
            "The harbour strike in Kalmar lasted eight years.",
        ),
        # a share and a margin
        (
            "Lima's favourability sits at +32 points (50 percent to 18 percent), though 32 percent had no opinion.",
            "Moreau beat the mayor by 18 points (58 percent to 40 percent) in the Kalmar vote.",
        ),
        # two margins of two polls
        (
            "Approval of Lima, a net negative 6 points (37 percent to 43 percent), has risen since October.",
            "The Coastal poll has Moreau leading Diaz by just six points (46 percent to 40 percent) in the race.",
        ),
        # counts at two positions of a sequence
        (
            "Lima and Moreau split the first two contests in the valley, which her aides had long expected.",
            "Both campaigns now turn to Kalmar and Borgholm, the next two contests in the valley after the vote.",
        ),
        # a small figure with one word in common: chance, not one count
        (
            "The governor wins Kalmar and uses those two states as a springboard to a big victory in March.",
            "Insiders in the next two states, Kalmar and Borgholm, said the governor must close the gap.",
        ),
        # an age bracket, in two exit polls
        (
            "Lima led Moreau among voters under 30 in the Kalmar primary, exit polling showed.",
            "Moreau won every group in the Kalmar primary except voters under 30, exit polling showed.",
        ),
        # two margins: of one poll in January, of a vote
        (
            "In the harbour poll of black voters, Lima was winning by 28 points in January.",
            "In the harbour vote, Lima is crushing Moreau by more than 20 points among black voters.",
        ),
        # one of a breakdown by sex, and one of two by their wounds
        (
            "One woman and four men were shot at the Kalmar bar on Friday, but all five were expected to survive,"
            " police said.",
            "Two women were taken to hospitals after the Kalmar bar shooting on Friday, one shot in the chest and"
            " the other in the leg.",
        ),
        # a roundup's figure of another shooting
        (
            "One man was shot dead at the Kalmar market on Sunday, police said. Elsewhere, two men were wounded"
            " on the Borgholm road.",
            "Two people were wounded in the shooting at the Kalmar market on Sunday, police said.",
        ),
    ],
)
def test_the_same_figure_of_things_not_shown_to_be_one_is_no_agreement(a, b):
    clusters, _ = _report(a, b)
    numbers = [c for c in clusters if c.kind is FactKind.number]
    shared = [c for c in numbers if len({i for v in c.values for i in v.article_ids}) > 1]
    assert not [c for c in shared if c.status is ClusterStatus.agreed]


def test_two_remarks_one_article_quotes_apart_are_never_one_quote():
    clusters, _ = _report(
        '"I meant exactly that. He is the founder of the club," Mayor Ana Lima said on Monday.\n\nThe radio host'
        " Tomas Berg asked her on Tuesday whether she had been misunderstood by the club's members.\n\n"
        '"No, I meant he is the founder of the club. I do. He was the best player," Mayor Ana Lima said.',
        '"No, I meant he is the founder of the club," Mayor Ana Lima said on the radio on Monday.',
    )
    quotes = [c for c in clusters if c.kind is FactKind.quote]
    assert not _conflicts(clusters)
    agreed = [sorted(v.value for v in c.values) for c in quotes if c.status is ClusterStatus.agreed]
    said = "No, I meant he is the founder of the club"
    assert agreed == [[said, f"{said}. I do. He was the best player"]]


def test_a_quote_split_by_its_attribution_joins_the_whole_of_it_in_another_outlet():
    clusters, _ = _report(
        '"No, I meant he is the founder of the club," Mayor Ana Lima said on Monday. "I do. He was the best player'
        ' on the team."',
        '"No, I meant he is the founder of the club. I do. He was the best player on the team," Mayor Ana Lima said.',
    )
    quotes = [c for c in clusters if c.kind is FactKind.quote]
    agreed = [sorted(v.value.rstrip(".") for v in c.values) for c in quotes if c.status is ClusterStatus.agreed]
    said, more = "No, I meant he is the founder of the club", "I do. He was the best player on the team"
    assert agreed == [sorted([said, more, f"{said}. {more}"])]


def test_words_two_named_people_are_given_are_no_agreement():
    clusters, _ = _report(
        'Mayor Ana Lima said the goal was to "make the harbour whole again" for every family.',
        'Governor Paul Moreau mocked the call to "make the harbour whole again" at his rally on Monday.',
    )
    quotes = [c for c in clusters if c.kind is FactKind.quote]
    assert quotes and not [c for c in quotes if c.status is ClusterStatus.agreed]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "The crash killed 12 people near Kalmar on Friday, police said.",
            "Twelve people were killed in the crash near Kalmar on Friday, the mayor said.",
        ),
        # counts at one position of a sequence, their context in common
        (
            "The last two harbour winners, Ana Lima in 2008 and Paul Moreau in 2012, lost the next race.",
            "The two previous winners in Kalmar, Ana Lima and Paul Moreau, won fewer votes in the next race.",
        ),
        # a change in points, one figure bounding the other (not a margin "by" so many points)
        (
            "The harbour index rallied more than 600 points, or 2.45 percent, in the opening minutes of trading on"
            " Monday.",
            "The harbour index rose 640 points, or 2.6%, to 25112 in trading on Monday.",
        ),
    ],
)
def test_the_same_count_of_the_same_thing_is_an_agreement(a, b):
    clusters, _ = _report(a, b)
    agreed = [c for c in clusters if c.kind is FactKind.number and c.status is ClusterStatus.agreed]
    assert [sorted(i for v in c.values for i in v.article_ids) for c in agreed] == [["a0", "a1"]]


def test_a_qualifier_before_a_currency_sign_is_kept_as_tolerance():
    clusters, _ = _report(
        "Lima signed a nearly $500 billion harbour bill into law on Friday.",
        "Lima signed a $484 billion harbour bill into law on Friday.",
    )
    assert not _conflicts(clusters, ConflictKind.number)


# -- dates ----------------------------------------------------------------------------------


def test_a_month_and_a_day_of_it_are_no_agreement():
    clusters, _ = _report(
        "Across the South, 15 states will hold primaries and caucuses on March 1, when the race moves on.",
        "Volunteers will fan out to the two dozen states holding primaries and caucuses in March, aides said.",
        published=[dt.date(2016, 2, 4), dt.date(2016, 1, 31)],
    )
    dates = [c for c in clusters if c.kind is FactKind.date]
    assert sorted(v.value for c in dates for v in c.values) == ["in March", "on March 1"]
    assert all(c.status is ClusterStatus.single_source for c in dates)


def test_weekdays_resolved_against_different_publication_dates_are_not_a_conflict():
    clusters, _ = _report(
        "A baby was killed during a home invasion Saturday night in Kalmar.",
        "A baby was killed during a home invasion Saturday night in Kalmar, police said.",
        published=[dt.date(2024, 5, 13), dt.date(2024, 5, 22)],
    )
    assert not _conflicts(clusters, ConflictKind.date)


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Nov. 15", "on Nov. 15", True),
        ("February 2015", "Feb. 5", True),
        ("April 18", "on Apr. 16", False),
        ("Sept. 29, 2014", "Oct 6, 2014", False),
    ],
)
def test_written_days(a, b, same):
    assert same_written_day(a, b) is same


# -- the digest -----------------------------------------------------------------------------


def test_the_digest_opens_with_what_happened_in_an_outlets_own_words():
    texts = [
        "Storm winds brought down two cranes at the port of Kalmar on Tuesday, halting all shipping. "
        "Harbour officials said repairs would take weeks.",
        "Two cranes collapsed at Kalmar's port on Tuesday as storm winds swept the coast, halting shipping. "
        "The port authority said nobody was hurt.",
        "Shipping stopped in Kalmar after storm winds toppled two port cranes on Tuesday. "
        "Insurers are assessing the damage.",
    ]
    articles = [Article(id=f"a{i}", outlet=f"Outlet {'ABC'[i]}", text=t) for i, t in enumerate(texts)]
    report = summarize(articles, extractor="rules")
    assert report.summary is not None
    first = report.summary.sentences[0]
    assert first.article_ids and first.text.endswith(f"({report.articles[int(first.article_ids[0][1])].outlet})")
    source = next(a for a in articles if a.id == first.article_ids[0])
    assert first.text.rsplit(" (", 1)[0] in " ".join(source.text.split())
    assert "No fact was reported by more than one outlet" not in report.summary.text
    assert "unspecified" not in report.summary.text


_STORY = (
    "Storm winds brought down two cranes at the port of Kalmar on Tuesday.",
    "Two cranes collapsed at Kalmar's port on Tuesday as storm winds swept the coast.",
)


@pytest.mark.parametrize(
    ("opening", "marker"),
    [
        # the page speaking to its reader
        (
            "If you do not receive the verification message within a few minutes of signing up, please check your"
            " Spam or Junk folder.",
            "verification",
        ),
        (
            "Close Get email notifications on Kalmar port cranes and storm winds daily! Sorry, this zipcode is not in"
            " our deliverable area for this subscription service of the Kalmar port and storm news.",
            "zipcode",
        ),
        # a photo's caption: a noun phrase that shares the story's words but states nothing
        ("The harbour crane yard at the port of Kalmar where the two storm cranes collapsed on Tuesday.", "crane yard"),
    ],
)
def test_page_furniture_and_captions_never_open_the_digest(opening, marker):
    articles = [Article(id=f"a{i}", outlet=f"Outlet {'AB'[i]}", text=f"{opening} {t}") for i, t in enumerate(_STORY)]
    report = summarize(articles, extractor="rules")
    assert report.summary is not None
    assert [s for s in report.summary.sentences if "cranes" in s.text]
    assert not [s for s in report.summary.sentences if marker in s.text or "notifications" in s.text]


def test_two_articles_of_one_outlet_are_never_called_two_outlets():
    quote = '"The numbers for the harbour simply do not add up this year," Mayor Ana Lima said on Monday.'
    articles = [
        parse_article(f"{quote} The council meets again next week.", id="g1", outlet="Harbour Gazette"),
        parse_article(f"{quote} The ferry will run on Sunday.", id="g2", outlet="Harbour Gazette"),
        parse_article("The ferry to Kalmar will run on Sunday, the operator said.", id="c1", outlet="Coast Courier"),
    ]
    report = summarize(articles, extractor="rules")
    agreed = [c for c in report.clusters if c.kind is FactKind.quote and c.status is ClusterStatus.agreed]
    assert agreed and set(agreed[0].values[0].article_ids) == {"g1", "g2"}  # the table keeps what both print
    assert report.summary is not None
    assert "Two outlets" not in report.summary.text and "Both outlets" not in report.summary.text
    table = [s.text for s in report.summary.sentences if s.cluster_ids]  # not the lead, an article's own words
    assert not [t for t in table if "numbers for the harbour" in t]  # one outlet twice confirms nothing


def test_outlets_are_named_by_outlet_site_or_file_never_by_headline():
    articles = [
        Article(id="a", outlet="Harbour Gazette", title="Cranes down", text="x"),
        Article(id="b", url="https://www.coastcourier.example/news/1", title="A long headline about cranes", text="x"),
        Article(id="c", source="/tmp/ferry-report.txt", title="Another long headline", text="x"),
    ]
    assert outlet_names(articles) == {"a": "Harbour Gazette", "b": "coastcourier.example", "c": "ferry-report"}


def test_a_quote_span_never_crosses_a_closing_mark_and_a_new_attribution():
    """Curly marks around straight ones ('“...,\" Fowler said. \"...”') pair across two quotes;
    the span is cut at the attribution, and neither piece holds the other's words."""
    text = (
        "Commissioner Rui Fowler spoke at the courthouse on Monday.\n\n"
        '“There are always sporadic incidents everywhere in the country," Fowler said. '
        '"Fortunately nothing has happened recently here, but I guess it was our turn.”'
    )
    quoted = [f for f in extract_table(parse_article(text, id="a"), extractor="rules", client=None).facts]
    quoted = [(f.value, f.speaker) for f in quoted if f.kind is FactKind.quote]
    assert quoted == [
        ("There are always sporadic incidents everywhere in the country", "Fowler"),
        ("Fortunately nothing has happened recently here, but I guess it was our turn.", "Fowler"),
    ]


def test_an_agreed_cluster_whose_figures_differ_is_not_stated_as_one_figure():
    """Values kept together without an established disagreement ("500 million" doses and "more
    than 1 billion") are no agreed key fact: the digest does not state them as one."""
    from summarizer.facts.numbers import number_value
    from summarizer.models import Cluster, ClusterValue
    from summarizer.report.summary import key_fact

    def cluster(*figures: tuple[str, str]) -> Cluster:
        values = [
            ClusterValue(value=v, normalized=number_value(n), article_ids=[a], fact_ids=[f"{a}:f1"])
            for v, n, a in ((v, n, f"a{i}") for i, (v, n) in enumerate(figures))
        ]
        return Cluster(
            id="c1",
            kind=FactKind.number,
            subject="people",
            attribute="killed",
            status=ClusterStatus.agreed,
            values=values,
        )

    assert key_fact(cluster(("Twelve", "12"), ("12", "12")))
    assert not key_fact(cluster(("500", "500"), ("more than 1,000", "1,000")))


def test_a_count_whose_noun_says_what_happened_is_not_said_twice():
    clusters, _ = _report(
        "Kalmar reported 3,920 deaths from the virus on Wednesday, the health office said.",
        "Kalmar reported 3,865 deaths from the virus on Wednesday, the health office said.",
    )
    from summarizer.report.summary import conflict_sentence

    (flagged,) = _conflicts(clusters, ConflictKind.number)
    sentence = conflict_sentence(flagged, {"a0": "Outlet A", "a1": "Outlet B"})
    assert "how many deaths:" in sentence and "were killed" not in sentence


def test_a_number_that_is_a_noun_counts_that_noun():
    """ "five are men and three are women": three counts women, not men."""
    article = parse_article("Eight people were wounded; five are men and three are women, police said.", id="a")
    counted = {
        f.value: f.subject
        for f in extract_table(article, extractor="rules", client=None).facts
        if f.kind is FactKind.number
    }
    assert counted.get("three") == "women" and counted.get("five") == "men"


def test_a_count_of_places_is_no_key_fact_of_the_digest():
    """ "tensions between the two countries" in two outlets is no sentence: "report two countries"
    states nothing."""
    report = summarize(
        [
            parse_article("The strike raised tensions between the two countries on Friday, officials said.", id="a"),
            parse_article(
                "Tensions between the two countries rose after the strike on Friday, officials said.", id="b"
            ),
        ],
        extractor="rules",
    )
    assert report.summary is not None
    assert not [s for s in report.summary.sentences if "report two countries" in s.text]


def test_a_figure_several_outlets_give_counts_what_most_of_them_count():
    """ "Two men" in two outlets and "two women" in a third are one figure of men: it is no
    second figure for the three women a fourth outlet counts."""
    clusters, _ = _report(
        "Two men were shot at the Kalmar party on Monday, police said.",
        "Two men were shot at the Kalmar party late on Monday, police said.",
        "Two women and another woman were shot at the Kalmar party on Monday, police said.",
        "Three women were shot at the Kalmar party on Monday, police said.",
    )
    assert not _conflicts(clusters, ConflictKind.number)


def test_a_body_named_with_a_common_noun_is_no_spelling_of_a_name():
    """'Kalmar County investigators' ends in a common noun: 'investigators' and 'Investigation'
    are no two spellings of one name; a particle's hyphen is no lower-case ending."""
    from summarizer.facts.names import spelling_conflict
    from summarizer.models import Entity, EntityVariant

    def entity(*forms: str) -> Entity:
        variants = [EntityVariant(form=f, article_ids=[f"a{i}"]) for i, f in enumerate(forms)]
        return Entity(canonical=forms[-1], kind="organization", variants=variants)

    assert not spelling_conflict(entity("Kalmar County investigators", "Kalmar State Bureau of Investigation"))
    assert spelling_conflict(entity("Mustafa al-Kadhimi", "Mustafa al-Kadimi"))


def test_words_given_to_a_person_and_to_a_school_make_no_attribution_conflict():
    """A school, a district, a hospital speaks through its people: 'the school said' against
    'the principal said' names no second person."""
    clusters, _ = _report(
        '"Mya is going to need all the support that she can possibly have from all of us," Debbie Butler said.',
        '"Mya is going to need all the support that she can possibly have from all of us," Desoto County School '
        "said in a statement.",
    )
    assert not _conflicts(clusters, ConflictKind.attribution)


def test_a_bodys_head_noun_alone_names_no_body():
    """'Justice Department' is a body's name, not the title 'Justice' of a 'Department'; a bare
    'Department' or 'Office' is grouped with no named body and resolves to none."""
    from summarizer.facts.names import group_entities, strip_title
    from summarizer.reconcile.clusters import canonical_speaker

    assert strip_title("Justice Department") == ("Justice Department", None)
    assert strip_title("Justice Ana Lima") == ("Ana Lima", "Justice")
    entities, forms = group_entities(
        [("Treasury Department", "a", "organization"), ("Department", "b", "organization"), ("Office", "b", "other")]
    )
    assert [[v.form for v in e.variants] for e in entities] == [["Treasury Department"]]
    assert canonical_speaker("the Justice Department", forms) != "Treasury Department"


def test_a_group_of_sources_is_never_a_named_body_nor_she():
    """'Investigators' is no 'State Bureau of Investigation', and 'She says' after 'Investigators
    say ... driven by Maria Lopez' is Maria Lopez, never the investigators."""
    text = (
        "Investigators say the teens who were shot were in a car driven by Maria Lopez. She says she was giving her"
        " cousins a ride to a party.\n\nInvestigators said the gun was inside a bag Tomas Berg brought in after work."
    )
    clusters, _ = _report(text, text + "\n\nThe State Bureau of Investigation is leading the case.")
    said = {v.value: v.speaker for c in clusters if c.kind is FactKind.claim for v in c.values}
    assert said["she was giving her cousins a ride to a party"] == "Maria Lopez"
    assert said["the gun was inside a bag Tomas Berg brought in after work"].lower() == "investigators"


def test_a_surname_alone_never_makes_two_people_of_that_name_one():
    """'Seals' may be Anthony Seals or his brother Jamie Richard Seals: it joins neither, and the
    brothers stay two people; a surname with one person it can be (given names of one initial)
    joins that person."""
    from summarizer.facts.names import group_entities

    entities, _ = group_entities(
        [("Anthony Seals", "a", "person"), ("Jamie Richard Seals", "a", "person"), ("Seals", "b", "person")]
    )
    assert sorted(e.canonical for e in entities) == ["Anthony Seals", "Jamie Richard Seals", "Seals"]
    entities, _ = group_entities(
        [("Stephen K. Bannon", "a", "person"), ("Steve Bannon", "b", "person"), ("Bannon", "c", "person")]
    )
    assert len(entities) == 1  # a given name and its short form: one person, whom the surname names
    entities, _ = group_entities([("Mustafa al-Kadhimi", "a", "person"), ("Kadhimi", "b", "person")])
    assert [sorted(v.form for v in e.variants) for e in entities] == [["Kadhimi", "Mustafa al-Kadhimi"]]
    entities, _ = group_entities([("Harbour Police Commissioner Ana Lima", "a", "person"), ("Ana Lima", "b", "person")])
    assert len(entities) == 1  # a title the lexicon does not know still ends in the same name


def test_a_president_named_by_surname_is_never_the_first_lady_of_that_name():
    quote = '"This is a grim and heartbreaking day for the harbour towns," President Lima said on Monday.'
    alone, _ = _report(f"First lady Maria Lima visited a school in Kalmar on Monday.\n\n{quote}", quote)
    speakers = {v.speaker for c in alone if c.kind is FactKind.quote for v in c.values}
    assert speakers and "Maria Lima" not in speakers
    named, _ = _report(
        f"First lady Maria Lima visited a school in Kalmar on Monday.\n\n{quote}",
        f"{quote} President Tomas Lima flew to Kalmar later that day.",
    )
    speakers = {v.speaker for c in named if c.kind is FactKind.quote for v in c.values}
    assert speakers == {"Tomas Lima"}


def test_the_digest_never_states_a_count_of_others_as_a_whole():
    """'two other people showed up at the hospital' counts some besides those counted before: the
    digest does not say 'Both outlets report two people injured'."""
    a = parse_article(
        "Police said three people at the scene were taken to the hospital. Police said that two other people"
        " showed up at the hospital with gunshot wounds shortly after the shooting in Kalmar.",
        id="a0",
        outlet="Harbour Gazette",
    )
    b = parse_article(
        "Three people were hurt at the scene in Kalmar, and two other people arrived at the hospital with gunshot"
        " wounds, police said.",
        id="a1",
        outlet="Coast Courier",
    )
    text = summarize([a, b], extractor="rules").summary.text
    assert "report three people injured" in text
    assert "two people" not in text


def test_a_withheld_date_meets_only_a_calendar_date_another_outlet_states():
    """ "has not given a date" against "on March 3" is a contradiction; a word of rhetoric
    ("the policies of yesterday") states no date to set against anything."""
    withheld = "The harbour authority has not given a date for the reopening of the Kalmar bridge, officials said."
    clusters, _ = _report(withheld, "The Kalmar bridge will reopen on March 3, the harbour authority said.")
    assert _conflicts(clusters, ConflictKind.contradiction)
    clusters, _ = _report(
        "The harbour company does not offer workers a single day of paid leave, its filings show.",
        '"The harbour company offers only the rhetoric of yesterday and the policies of yesterday," Lima said.',
    )
    assert not _conflicts(clusters, ConflictKind.contradiction)


def test_a_value_stated_after_it_was_withheld_is_no_contradiction():
    """Police "did not specify the number of victims" on the night; a week later another outlet
    gives "four victims": the story moved on. An outlet still silent after the number was out
    does contradict it."""
    withheld = "Police did not specify the number of victims of the shooting at the Kalmar harbour bar."
    stated = "Police said four victims were taken to the hospital after the shooting at the Kalmar harbour bar."
    night, week_later = dt.date(2024, 5, 1), dt.date(2024, 5, 8)
    clusters, _ = _report(withheld, stated, published=[night, week_later])
    assert not _conflicts(clusters, ConflictKind.contradiction)
    clusters, _ = _report(withheld, stated, published=[week_later, night])
    assert _conflicts(clusters, ConflictKind.contradiction)
    clusters, _ = _report(withheld, stated)  # no dates: nothing shows the story moved on
    assert _conflicts(clusters, ConflictKind.contradiction)


def test_a_short_phrase_joins_only_the_words_of_the_same_named_speaker():
    """A phrase of a few words ("law and order") in another person's long remark is no excerpt of
    it: the scare-quoted phrase of two outlets is not the campaign chairman's remark."""
    clusters, _ = _report(
        '"We think the message of jobs, security and law and order in the harbour will resonate with every'
        ' voter," campaign chairman Tomas Berg said on Sunday.',
        "Declaring that he alone can secure the harbour, the billionaire ferry magnate offered himself as a"
        ' "law and order" candidate on Thursday.',
        'Lima, who has styled himself the "law and order candidate," spoke in Kalmar on Friday.',
    )
    berg = [c for c in clusters if c.kind is FactKind.quote and any("a0" in v.article_ids for v in c.values)]
    assert [[v.article_ids for v in c.values] for c in berg] == [[["a0"]]]
    assert not _conflicts(clusters, ConflictKind.quote_wording)


def test_an_agreed_figure_never_gathers_another_figure_of_the_same_article():
    """ "It takes 1,237 delegates to win" agrees across outlets; the same article's "at least 866
    delegates" (one candidate's tally, which 1,237 does not contradict) is another figure."""
    clusters, _ = _report(
        "It takes 1,237 delegates to win the Kalmar nomination. Including superdelegates, Lima has at least 866"
        " delegates to date.",
        "Whoever can get 1,237 delegates will be the Kalmar nominee, the party said.",
    )
    agreed = [c for c in clusters if c.kind is FactKind.number and c.status is ClusterStatus.agreed]
    assert [[v.value for v in c.values] for c in agreed] == [["1,237"]]


def test_exit_polls_in_two_outlets_are_two_polls():
    clusters, _ = _report(
        "Exit polls taken in Kalmar found that about three-quarters of harbour voters support a ban on new ferries.",
        "Exit polls from the Borgholm primary showed that 65 percent of harbour voters supported a ban on new ferries.",
    )
    assert not [c for c in clusters if c.kind is FactKind.claim and c.status is not ClusterStatus.single_source]


def test_words_nobody_is_named_for_make_no_quote_wording_conflict():
    """Two outlets' unattributed quotes ("he" with no one to stand for) may be two remarks of
    two people, or of one on two days: a changed word between them is no disagreement."""
    clusters, _ = _report(
        '"We have come a long way in the last nine months," he told cheering supporters in Kalmar on Monday.',
        '"We have come a pretty long way in the last nine months," he said at the harbour town hall.',
    )
    quotes = [c for c in clusters if c.kind is FactKind.quote and len(c.values) > 1]
    assert quotes
    assert all(v.speaker is None for c in quotes for v in c.values)
    assert not _conflicts(clusters, ConflictKind.quote_wording)


def test_an_outlet_that_gives_both_figures_disagrees_with_neither():
    """A live page that first gave four people shot and now says five victims does not disagree
    with an outlet that says five: it knows both figures (its own update), so "four" against
    "five" is no disagreement between the outlets."""
    live = (
        "Five hurt in shooting at the Kalmar market\n\nUPDATE 7:34 PM: As the investigation continues, the mayor and"
        " the precinct commander speak to reporters.\n\nAt least four people were reported shot in multiple bursts"
        " of gunfire near the Kalmar market early Sunday morning. The fire service now says five victims suffered"
        " gunshot wounds or were hurt by glass.\n\nUPDATE 8:10 AM: The fire service is reporting that four people"
        " shot in the incident have only minor injuries. We are working to clarify if there is a fifth victim."
    )
    other = (
        "Just after 1 a.m. on Sunday, gunfire erupted near the Kalmar market. Five people were shot, though none"
        " received life-threatening wounds."
    )
    clusters, _ = _report(live, other)
    assert not _conflicts(clusters, ConflictKind.number)


def test_two_figures_one_article_gives_for_one_word_are_no_one_thing():
    """A live blog's "all 155 delegates offered in Kalmar" and "at least 120 in that state" are
    two things its words name: neither is set against another outlet's "has 231 delegates"."""
    clusters, _ = _report(
        "Berg is not likely to win all 155 delegates offered by the vote in his home state of Kalmar. With 222"
        " delegates at stake in Visby, Lima is assured of winning at least 120 in that state alone.",
        "Berg, who has 231 delegates, must win 58 percent of the outstanding delegates from this point forward.",
    )
    assert not _conflicts(clusters, ConflictKind.number)
    clusters, _ = _report(  # one figure each: the disagreement stands
        "Berg is not likely to win all 155 delegates offered by the vote in his home state of Kalmar.",
        "Berg is likely to win all 231 delegates offered by the vote in his home state of Kalmar.",
    )
    assert _conflicts(clusters, ConflictKind.number)


def test_a_running_count_of_another_day_is_no_disagreement():
    """ "Lima is 71 delegates short" on June 3 and "Lima needs 67 delegates" on June 4: a count
    that runs on, read on two days; the earlier one is not the current one. On the same day (or
    with no dates known) the two counts disagree."""
    june_3 = "Counting her superdelegates, Lima is 71 delegates short of the magic number of 2,383 needed to clinch."
    june_4 = "Lima needs 67 delegates to reach the 2,383 needed to win the nomination."
    clusters, _ = _report(june_3, june_4, published=[dt.date(2026, 6, 3), dt.date(2026, 6, 4)])
    assert not _conflicts(clusters, ConflictKind.number)
    clusters, _ = _report(june_3, june_4, published=[dt.date(2026, 6, 4), dt.date(2026, 6, 4)])
    assert _conflicts(clusters, ConflictKind.number)


def _claim_articles(clusters) -> list[list[str]]:
    """The articles of each statement cluster, sorted."""
    return sorted(sorted({a for v in c.values for a in v.article_ids}) for c in clusters if c.kind is FactKind.claim)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (  # judgments of opposite sides
            "Mayor Ana Lima praised the harbour board for its handling of the winter storm on Monday.",
            "Mayor Ana Lima criticized the harbour board for its handling of the winter storm on Monday.",
        ),
        (  # sides taken
            "Senator Ana Lima endorsed the new harbour tax on fishing boats on Monday.",
            "Senator Ana Lima opposed the new harbour tax on fishing boats on Monday.",
        ),
    ],
    ids=["judgments", "sides"],
)
def test_one_source_on_opposite_sides_of_one_thing_never_agrees(a, b):
    """Two outlets give one source opposite sides on one thing in the same words: two
    statements, never one agreed."""
    clusters, _ = _report(a, b)
    assert _claim_articles(clusters) == [["a0"], ["a1"]]


def test_one_side_in_two_outlets_is_one_statement():
    clusters, _ = _report(
        "Senator Ana Lima endorsed the new harbour tax on fishing boats on Monday.",
        "Senator Ana Lima backed the new harbour tax on fishing boats on Monday.",
    )
    claims = [c for c in clusters if c.kind is FactKind.claim]
    assert [(c.status, sorted({a for v in c.values for a in v.article_ids})) for c in claims] == [
        (ClusterStatus.agreed, ["a0", "a1"])
    ]


def test_a_side_taken_never_joins_another_statement_about_the_same_person():
    """ "blasted his former lawyer, Tom Berg" is not what the same source said of Tom Berg's plea
    in another outlet: they share the lawyer's name, not a statement."""
    clusters, _ = _report(
        "Mayor Ana Lima blasted her former lawyer, Tom Berg, on Thursday.",
        "Mayor Ana Lima said on Thursday that the plea deal her former lawyer, Tom Berg, struck was a betrayal.",
    )
    assert all(len(articles) == 1 for articles in _claim_articles(clusters))


def test_what_a_source_spoke_of_never_joins_what_it_said():
    """ "pointed to the harbour audit" names what the mayor spoke of; "said the harbour audit
    raised questions" says something of it: not one statement."""
    clusters, _ = _report(
        "Mayor Ana Lima pointed to the harbour audit of the port authority on Monday.",
        "Mayor Ana Lima said on Monday that the harbour audit of the port authority raised questions.",
    )
    assert all(len(articles) == 1 for articles in _claim_articles(clusters))


def test_a_value_in_no_disagreement_is_listed_apart_from_one():
    """11 and 15 states voting on March 1 disagree; "16 states holding contests on or before
    March 1" is set against neither, so the conflict lists 11 and 15 alone and 16 stands apart."""
    clusters, _ = _report(
        "The vote moves to Visby on Feb. 20. After that, 11 states hold contests on March 1, known as Super Tuesday.",
        "Lima could fare well across the South on Super Tuesday, when 15 states will hold elections or caucuses on"
        " March 1.",
        "Berg could do well enough in many of the 16 states holding contests on or before March 1 to be a king maker.",
    )
    states = [c for c in clusters if c.kind is FactKind.number and "16" in {v.value for v in c.values}]
    assert [c.status for c in states] == [ClusterStatus.single_source]
    assert [sorted(v.value for v in c.values) for c in _conflicts(clusters, ConflictKind.number)] == [["11", "15"]]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        # the police said a gunman opened fire on the pier, and that four people were killed on
        # the pier: the place's name and "Sunday night" are all they share
        (
            "Kalmar police say a gunman opened fire on the pier Sunday night in a random shooting on the Old Town"
            " Harbour Pier.",
            "Four people were killed and one person was injured in a shooting spree on the Old Town Harbour Pier in"
            " Kalmar Sunday night, Kalmar police said.",
        ),
        # she called a strike off, and the crews had been ready for it: "harbour strike", a name, a
        # night and a preposition ("against") are all they share
        (
            "Mayor Ana Ruiz said she called off a planned harbour strike against Visby on Thursday night ten"
            " minutes before it began because the losses would be too high.",
            "Mayor Ana Ruiz said the crews had been ready for a harbour strike against Visby on Thursday night.",
        ),
    ],
    ids=["place and night", "a preposition more"],
)
def test_two_statements_of_one_source_sharing_only_a_place_and_a_night_are_two(first, second):
    clusters, _ = _report(first, second)
    said = [c for c in clusters if c.kind is FactKind.claim]
    assert said and all(c.status is ClusterStatus.single_source for c in said)


def test_two_statements_of_one_source_sharing_only_a_titled_name_are_two():
    """The words of a name's title ("special counsel Ana Berg") say nothing of what was said:
    the mayor's view on an indictment and her plan to wait for the report are two statements."""
    clusters, _ = _report(
        'Mayor Ana Souza said it is an "open discussion" on whether special counsel Tomas Berg could seek'
        " an indictment of former president Ida Varga.",
        "Mayor Ana Souza said the council will wait and see what comes out of special counsel Tomas Berg's"
        " report before deciding whether to dismiss former president Ida Varga.",
    )
    joined = [c for c in clusters if c.kind is FactKind.claim and len({a for v in c.values for a in v.article_ids}) > 1]
    assert joined == []


def test_a_short_statement_and_a_longer_rendering_of_it_agree():
    """A short statement has few words that say something once its names are set aside
    ("Berg is not considering firing special counsel Ana Souza": considering, firing); all of
    them shared make the longer rendering the same statement."""
    clusters, _ = _report(
        "Harbour lawyer Tomas Lind says Berg is not considering firing special counsel Ana Souza.",
        "Harbour lawyer Tomas Lind said on Sunday that Mayor Ida Berg was not considering or discussing firing"
        " special counsel Ana Souza, even after the mayor lashed out at the harbour inquiry and its lawyers"
        " during a long weekend of rallies.",
    )
    joined = [c for c in clusters if c.kind is FactKind.claim and len({a for v in c.values for a in v.article_ids}) > 1]
    assert len(joined) == 1
