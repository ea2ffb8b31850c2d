"""Value normalisation, table-driven: numbers in digits or words with their tolerance, changes,
dates absolute and relative to the publication date."""

from __future__ import annotations

import datetime as dt

import pytest

from summarizer.facts.dates import date_value, dates_agree
from summarizer.facts.numbers import number_value, numbers_agree, parse_number

PUBLISHED = dt.date(2021, 7, 26)  # a Monday


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2,500", 2500),
        ("twenty-five hundred", 2500),
        ("12,185", 12185),
        ("3.5", 3.5),
        ("1.5 million", 1_500_000),
        ("forty thousand", 40_000),
        ("two hundred and six", 206),
        ("a dozen", 12),
        ("seven", 7),
        ("troops", None),
    ],
)
def test_parse_number(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize(
    ("a", "qa", "b", "qb", "agree"),
    [
        ("2,500", "about", "twenty-five hundred", None, True),
        ("2,500", "about", "2,400", None, True),
        ("2,500", "about", "3,000", "about", False),
        ("40", "more than", "45", None, True),
        ("40", "more than", "30", None, False),
        ("100", "up to", "80", None, True),
        ("12", None, "19", None, False),
        ("two dozen", "more than", "37", "at least", True),  # both true of 40
        ("10", "fewer than", "4", "up to", True),
        ("37", "at least", "24", None, False),
    ],
)
def test_numbers_agree_within_their_tolerance(a, qa, b, qb, agree):
    assert numbers_agree(number_value(a, qualifier=qa), number_value(b, qualifier=qb)) is agree


def test_a_change_keeps_its_start():
    value = number_value("2,500", start="5,300", unit="troop")
    assert (value.number, value.qualifier, value.unit) == (2500, "from 5,300", "troop")


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("Monday", "2021-07-26"),
        ("on Saturday", "2021-07-24"),
        ("by the end of the year", "2021-12-31"),
        ("by year’s end", "2021-12-31"),
        ("by 31st December 2021", "2021-12-31"),
        ("by the end of 2021", "2021-12-31"),
        ("by the end of August", "2021-08-31"),
        ("On 24th July", "2021-07-24"),
        ("July 27, 2021", "2021-07-27"),
        ("26.07.2021", "2021-07-26"),
        ("within the next six months", "2022-01-26"),
        ("within the coming few months", "within the coming few months (relative)"),
        ("in 2014", "2014"),
        ("last week", "last week (relative)"),
    ],
)
def test_dates_resolve_against_publication(phrase, expected):
    assert date_value(phrase, PUBLISHED).text == expected


def test_a_weekday_the_sentence_looks_ahead_to_is_the_next_one():
    # PUBLISHED is Monday 26 July 2021: the past Saturday, the coming Friday, today
    assert date_value("on Saturday", PUBLISHED).text == "2021-07-24"
    assert date_value("on Friday", PUBLISHED, ahead=True).text == "2021-07-30"
    assert date_value("Monday", PUBLISHED, ahead=True).text == "2021-07-26"


def test_relative_dates_without_publication_stay_relative():
    assert date_value("by the end of the year", None).text == "end of year (relative)"


@pytest.mark.parametrize(
    ("a", "b", "agree"),
    [
        ("by the end of the year", "by 31st December 2021", True),
        ("within the next six months", "by the end of 2021", True),
        ("within the coming few months", "by the end of 2021", False),  # "a few" names no date
        ("on Monday", "by the end of 2021", False),
    ],
)
def test_dates_agree(a, b, agree):
    assert dates_agree(date_value(a, PUBLISHED), date_value(b, PUBLISHED)) is agree
