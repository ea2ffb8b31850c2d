"""Reading articles: encodings, HTML, boilerplate, titles and dates, and bad input."""

from __future__ import annotations

import datetime as dt

import pytest

from summarizer.errors import ArticleNotFound, EmptyArticle, InputError, UnreadableArticle
from summarizer.ingest.articles import clean_lines, parse_article, read_article
from summarizer.models import NoteKind
from tests.conftest import SEEDS

SEED_META = {
    "000_9bf4b17957272f82": ("US Military Will Keep Training Iraqi Forces and Fighting Daesh", dt.date(2021, 7, 26)),
    "001_3458ed2ff60c0bff": (
        "White House Confirms US Forces in Iraq to Be Shifted From Combat to Training, Silent on Troop Totals",
        None,
    ),
    "002_a2ad9f0aa5f5c21b": ("U.S. maintaining presence in Iraq with different mission – White House", None),
    "003_70f2c1d17fadd3be": (None, None),
    "004_83b7ed2dd1efa971": ("Biden says US ending Iraq combat missions by year’s end", dt.date(2021, 7, 26)),
}


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_seed_title_and_date(path):
    article = read_article(path)
    assert (article.title, article.published) == SEED_META[path.stem]


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_seed_boilerplate_is_gone_and_text_is_kept(path):
    article = read_article(path)
    lines = {line.strip() for line in article.text.splitlines()}
    for junk in (
        "facebook",
        "twitter",
        "Comment",
        "Post with no comments.",
        "Subscribe",
        "Newsfeed",
        "log in or register",
        "Previous Article",
        "Next Article",
        "Share",
        "0",
    ):
        assert junk not in lines
    original = path.read_text(encoding="utf-8")
    for line in article.text.splitlines():
        assert line in original


@pytest.mark.parametrize(
    ("lines", "kept"),
    [
        (
            ["RELATED:", "UK Hid War Crimes Committed in Afghanistan, Iraq: Investigation", "Body text here."],
            ["Body text here."],
        ),
        (["Next Article", "Iraq records 12,185 coronavirus infections in new daily high"], []),
        (
            ["  • google plus", "  • facebook", "News > U.S.", "Real headline about events"],
            ["Real headline about events"],
        ),
        (["Join our brand new verified AMN Telegram channel and get important news uncensored!", "Body."], ["Body."]),
        (["The minister said 12 people were hurt.", "12"], ["The minister said 12 people were hurt."]),
    ],
)
def test_boilerplate_lines(lines, kept):
    text, _ = clean_lines("\n".join(lines))
    assert [ln for ln in text.splitlines() if ln.strip()] == kept


def test_html_article_through_trafilatura(tmp_path):
    body = "".join(
        f"<p>Paragraph {i}: The council voted 7 to 2 to approve the new budget on Monday.</p>" for i in range(6)
    )
    html = (
        f"<!doctype html><html><head><title>Council passes budget | Example Times</title>"
        f"<meta property='og:site_name' content='Example Times'>"
        f"<meta property='article:published_time' content='2024-05-06T10:00:00Z'></head>"
        f"<body><nav><a href='/'>Home</a><a href='/news'>News</a></nav><article><h1>Council passes budget</h1>"
        f"{body}</article><footer>Share on facebook | 3 comments</footer></body></html>"
    )
    path = tmp_path / "council.html"
    path.write_text(html, encoding="utf-8")
    article = read_article(path)
    assert article.id == "council"
    assert "Paragraph 0: The council voted 7 to 2" in article.text
    assert "Home" not in article.text and "3 comments" not in article.text
    assert article.published == dt.date(2024, 5, 6)
    assert article.outlet == "Example Times"


def test_latin1_file_is_decoded_and_says_so(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes("Le président François Hollande a déclaré que la réforme était nécessaire.".encode("latin-1"))
    article = read_article(path)
    assert "François Hollande" in article.text
    assert [n.kind for n in article.notes if "cp1252" in n.text] == [NoteKind.encoding]


@pytest.mark.parametrize(
    ("content", "error", "message"),
    [
        (b"", EmptyArticle, "empty"),
        (b"   \n\n  ", EmptyArticle, "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), UnreadableArticle, "binary"),
        (b"facebook\ntwitter\nComments\n0\n", EmptyArticle, "no article text"),
        (b"<html><body><nav>Home</nav></body></html>", InputError, "no article text"),
    ],
)
def test_bad_input_gets_a_clear_error(tmp_path, content, error, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(error, match=message) as info:
        read_article(path)
    assert str(path) in str(info.value)


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(ArticleNotFound, match="no such file"):
        read_article(tmp_path / "nope.txt")
    with pytest.raises(ArticleNotFound, match="directory"):
        read_article(tmp_path)


def test_explicit_metadata_wins():
    article = parse_article(
        "Plain text of an article with enough words in it.",
        id="x",
        outlet="Wire",
        title="Given",
        published=dt.date(2020, 1, 2),
    )
    assert (article.outlet, article.title, article.published) == ("Wire", "Given", dt.date(2020, 1, 2))
