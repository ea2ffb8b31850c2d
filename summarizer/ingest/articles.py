"""Read articles from files, strings or stdin: decode, extract HTML, drop boilerplate.

The cleaned text is what every offset in a report points into.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import sys
from collections.abc import Iterable
from pathlib import Path

from ..errors import ArticleNotFound, EmptyArticle, UnreadableArticle
from ..language.lexicon import MONTH_NUMBER, PARTICLE_RE, alternation
from ..models import Article, ArticleNote, NoteKind

MAX_BYTES = 5_000_000

# Lines that are page furniture, not article text. Matched against a whole stripped line.
_BOILERPLATE = re.compile(
    r"""^(?:[-•*·▪►>|]\s*)*(?:
        live|audio\s+only|video|share|share\s+this(?:\s+article)?|tweet|print|email|e-mail
      | facebook|twitter|x|google\s*plus|google\+|linkedin|whatsapp|telegram|reddit|pinterest
      | comments?|\d+\s+comments?|post\s+with\s+no\s+comments\.?|leave\s+a\s+(?:comment|reply)
      | comment|subscribe|newsfeed|log\s*in(?:\s+or\s+register)?|register|sign\s+in|sign\s+up
      | loader|loading\.*|chats|related(?:\s+posts|\s+articles|\s+stories)?:?|read\s+more:?
      | previous\s+article|next\s+article|total|advertisement|ad|menu|search|home|opinion
      | to\s+participate\s+in\s+the\s+discussion|skip\s+to\s+(?:main\s+)?content
      | source:\s*web|\d+
    )\s*$""",
    re.I | re.X,
)
_PROMO = re.compile(
    r"^(?:join\s+our|follow\s+us|subscribe\s+to|sign\s+up\s+for|download\s+(?:our|the)\s+app"
    r"|get\s+the\s+latest\s+news)\b",
    re.I,
)
_BREADCRUMB = re.compile(r"^(?:[^\s>›»]+\s){1,4}[>›»](?:\s[^\s>›»]+){1,4}(?:\s[>›»](?:\s[^\s>›»]+){1,4})*$")
_DATE_LINE = re.compile(r"^(?:(?:published|updated|posted|date)\s*:?\s*(?:on\s+)?)?(?P<date>.{6,40}?)\s*$", re.I)
_MONTHS = alternation(MONTH_NUMBER)
_DATE_SHAPES = re.compile(
    rf"^(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS})\.?,?\s+\d{{4}}"
    rf"|(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{4}}-\d{{2}}-\d{{2}})"
    r"(?:\s*[,|]?\s*\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?)?$",
    re.I,
)


def decode(data: bytes, source: str) -> tuple[str, list[str]]:
    """Decode article bytes: a byte-order mark first, then UTF-8, then cp1252, refusing binary.

    Text marked as UTF-8 (BOM) with invalid bytes keeps its readable text: the bad bytes become
    U+FFFD and a note says so, instead of losing the article."""
    if not data.strip():
        raise EmptyArticle(source, "the file is empty")
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            text, notes = _decode_marked(data[len(bom) :], codec)
            _refuse_binary(text, source)
            return text, notes
    if b"\x00" in data or _control_ratio(data[:4096]) > 0.1:
        raise UnreadableArticle(source, "this looks like a binary file, not text or HTML")
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1252", errors="replace")
    return text, ["not valid UTF-8; decoded as cp1252"]


def _decode_marked(data: bytes, codec: str) -> tuple[str, list[str]]:
    try:
        return data.decode(codec), []
    except UnicodeDecodeError:
        return data.decode(codec, errors="replace"), [f"invalid {codec} bytes replaced; decoded as {codec}"]


def _refuse_binary(text: str, source: str) -> None:
    sample = text[:4096]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\f\r")
    if "\x00" in text or controls > 0.1 * max(len(sample), 1):
        raise UnreadableArticle(source, "this looks like a binary file, not text or HTML")


def _control_ratio(sample: bytes) -> float:
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls / max(len(sample), 1)


def looks_like_html(text: str, source: str = "") -> bool:
    """True for HTML documents (by suffix, doctype, or markup density)."""
    if source.lower().endswith((".html", ".htm", ".xhtml")):
        return True
    head = text[:2000].lstrip().lower()
    if head.startswith(("<!doctype html", "<html", "<?xml")):
        return True
    return len(re.findall(r"</?(?:p|div|span|a|article|body|h\d)\b", text[:20000], re.I)) > 10


_TEASER = re.compile(
    r"^(?:related(?:\s+(?:posts|articles|stories))?|previous\s+article|next\s+article"
    r"|read\s+(?:also|more|next)|see\s+also|more\s+on\s+this)\s*:?\s*",
    re.I,
)


# A dateline opening a paragraph: "KALMAR, Sweden (Reuters) — ", "WASHINGTON — ", "LAGOS, Nigeria, May 3 (AP) -".
# The place is in capitals, the dash ends it; it dates and places the report, not the story.
_DATELINE = re.compile(
    r"^(?P<line>(?-i:[A-Z][A-Z.'’ -]{1,30}[A-Z.])(?:,\s*[A-Z][\w.'’ -]{1,30}?){0,2}"
    r"(?:\s*\([A-Za-z.&’' -]{2,30}\))?)\s*(?:[—–]|--?)\s+(?=[A-Z\"“‘'(])"
)


def strip_dateline(line: str) -> tuple[str, str | None]:
    """The paragraph without its dateline, and the dateline (None when it has none)."""
    m = _DATELINE.match(line)
    if m is None or len(m.group("line").split()) > 8:
        return line, None
    return line[m.end() :], m.group("line").strip()


def clean_lines(text: str, datelines: list[str] | None = None) -> tuple[str, int]:
    """Drop boilerplate lines, and the teaser headline after a 'Related:' or 'Next Article'
    marker, and datelines opening a paragraph (appended to `datelines` when given); keep
    everything else byte for byte. Returns (text, dropped)."""
    kept: list[str] = []
    dropped = 0
    teaser_next = False
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if not stripped:
            kept.append(line)
            continue
        if teaser_next and len(stripped.split()) <= 20 and not stripped.endswith((".", "”", '"')):
            teaser_next = False
            dropped += 1
            continue
        teaser_next = False
        if m := _TEASER.match(stripped):
            teaser_next = m.end() == len(stripped)  # marker alone: the teaser is the next line
            dropped += 1
            continue
        if _is_boilerplate(stripped):
            dropped += 1
            continue
        body, dateline = strip_dateline(line.lstrip())
        if dateline is not None:
            line = body
            if datelines is not None:
                datelines.append(dateline)
        kept.append(line)
    cleaned = re.sub(r"(?:\r?\n){3,}", lambda m: m.group(0)[: len(m.group(0)) // 2 + 1], "".join(kept))
    return cleaned.strip(), dropped


# A photo caption: a line that ends with its picture credit ("(Reuters photo)", "(AP Photo/Ana
# Lima)", "Photo: Ana Lima / Daily Planet", "REUTERS/Ana Lima", "Getty Images"), or a gallery's
# furniture ("Image 1 of 4", "Back to Gallery").
_CAPTION = re.compile(
    r"(?:\((?:[^()]{0,60}\b(?:photo|photograph|image|picture|file)s?\b[^()]{0,60}|[^()]{0,40}/[^()]{0,40})\)\s*$"
    r"|\b(?:photo|image|credit)s?\s*(?:by|:)\s*[^.]{0,80}$"
    r"|(?-i:\b[A-Z]{2,}(?:\s[A-Z]{2,})?/[A-Z][\w.'-]+(?:\s[A-Z][\w.'-]+){0,3})\s*\.?\s*$"
    r"|\bGetty\s+Images\s*\.?\)?\s*$"
    r"|^\s*©|©\s*[\w .&-]{1,40}\d{4}\s*/"
    r"|\bImage\s+\d+\s+of\s+\d+\b|\bBack\s+to\s+Gallery\b)",
    re.I,
)


def _is_caption(line: str) -> bool:
    return len(line) <= 400 and _CAPTION.search(line) is not None


# A byline on its own line: "By Ana Lima", "By Ana Lima and Tomasz Nowak, Reuters", "By AMARA OKAFOR |
# Staff writer". Two to five capitalised words per name, nothing that ends a sentence.
_NAME_WORD = rf"(?:[A-Z][\w.'’-]+|{PARTICLE_RE[3:-1]})"
_NAME_WORDS = rf"{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,4}}"
_BYLINE = re.compile(
    rf"^by\s+{_NAME_WORDS}(?:\s*(?:,|and|&)\s*{_NAME_WORDS})*(?:\s*[,|/–—-]\s*[A-Z][\w .&'’-]{{0,40}})?$"
)


def _is_boilerplate(line: str) -> bool:
    if _BOILERPLATE.match(line) or _BREADCRUMB.match(line) or _is_caption(line):
        return True
    if re.match(r"by\s", line, re.I) and not line.endswith((".", "!", "?", '"', "”")):
        if _BYLINE.match("by" + line[2:]):
            return True
    return bool(_PROMO.match(line)) and len(line.split()) <= 20


def find_title(text: str) -> str | None:
    """The headline: a short leading line without sentence punctuation."""
    for line in [ln.strip() for ln in text.splitlines() if ln.strip()][:4]:
        words = line.split()
        if len(words) > 30:
            return None
        if 3 <= len(words) <= 25 and not line.endswith((".", ":", ";", ",")) and line[0] not in "-•*":
            if not _DATE_SHAPES.match(line):
                return line
    return None


def find_published(text: str) -> dt.date | None:
    """The publication date when a line near the top states it on its own."""
    for line in [ln.strip() for ln in text.splitlines() if ln.strip()][:15]:
        match = _DATE_LINE.match(line)
        if match and _DATE_SHAPES.match(match.group("date")):
            parsed = _parse_date(match.group("date"))
            if parsed:
                return parsed
    return None


def _parse_date(text: str) -> dt.date | None:
    import dateparser

    when = dateparser.parse(
        re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text),
        languages=["en"],
        settings={"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"]},
    )
    return when.date() if when else None


def _from_html(html: str, source: str) -> tuple[str, dict[str, str | None]]:
    import trafilatura

    extracted = trafilatura.extract(
        html, output_format="json", with_metadata=True, include_comments=False, favor_precision=True
    )
    if not extracted:
        raise UnreadableArticle(source, "no article text found in this HTML page")
    meta = json.loads(extracted)
    fields = {
        "title": meta.get("title"),
        "date": meta.get("date"),
        "sitename": meta.get("sitename") or meta.get("source-hostname") or meta.get("hostname"),
        "url": meta.get("url"),
    }
    return meta.get("text") or "", fields


_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(?P<body>(?:[^\n]*\n){0,40}?)---[ \t]*(?:\r?\n|\Z)")
_META_LINE = re.compile(r"^\s*(?P<key>outlet|title|published|url)\s*:\s*(?P<value>.*?)\s*$", re.I)


def front_matter(text: str) -> tuple[str, dict[str, str]]:
    """A text file's front matter: a first block between '---' lines of `key: value` lines
    (outlet, title, published, url; others are ignored). Returns the text after it and the fields."""
    m = _FRONT_MATTER.match(text)
    if m is None:
        return text, {}
    fields = {}
    for line in m.group("body").splitlines():
        if (kv := _META_LINE.match(line)) and kv.group("value"):
            fields[kv.group("key").lower()] = kv.group("value").strip("\"'")
    return text[m.end() :], fields


def parse_article(
    raw: str | bytes,
    *,
    id: str | None = None,
    source: str | None = None,
    outlet: str | None = None,
    title: str | None = None,
    published: dt.date | str | None = None,
    url: str | None = None,
) -> Article:
    """Turn raw text, HTML or bytes into a cleaned Article, as file input does: decoding, HTML
    extraction, boilerplate removal, front matter and page metadata. Fields given here win over
    what the text says; `id` defaults to a hash of the content.

    >>> parse_article("---\noutlet: Daily Planet\n---\nThe mayor said ...", id="planet")
    """
    where = source or id or "article"
    notes: list[ArticleNote] = []
    if isinstance(raw, bytes):
        if len(raw) > MAX_BYTES:
            raise UnreadableArticle(where, f"file is {len(raw):,} bytes; the limit is {MAX_BYTES:,}")
        raw, decoded = decode(raw, where)
        notes += [ArticleNote(kind=NoteKind.encoding, text=n) for n in decoded]
    if id is None:
        id = hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    meta: dict[str, str | None] = {}
    raw, given = front_matter(raw)
    if given:
        notes.append(ArticleNote(kind=NoteKind.front_matter, text="front matter read: " + ", ".join(sorted(given))))
    if looks_like_html(raw, where):
        raw, meta = _from_html(raw, where)
        notes.append(ArticleNote(kind=NoteKind.html, text="extracted from HTML"))
    meta = {
        **meta,
        **{k: v for k, v in given.items() if k != "outlet"},
        "sitename": given.get("outlet") or meta.get("sitename"),
    }
    if isinstance(published, str):
        published = _meta_date(published)
    datelines: list[str] = []
    text, dropped = clean_lines(raw, datelines)
    if dropped:
        notes.append(ArticleNote(kind=NoteKind.boilerplate, text=f"dropped {dropped} boilerplate lines"))
    notes += [ArticleNote(kind=NoteKind.dateline, text=f"dateline removed: {d}") for d in datelines]
    if not text or len(re.findall(r"\w+", text)) < 5:
        raise EmptyArticle(where, "no article text (empty, or only page furniture)")
    return Article(
        id=id,
        source=source,
        outlet=outlet or meta.get("sitename"),
        title=title or meta.get("title") or find_title(text),
        published=published or _meta_date(meta.get("published") or meta.get("date")) or find_published(text),
        url=url or meta.get("url"),
        text=text,
        notes=notes,
    )


def _meta_date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def read_article(path: str | Path, *, id: str | None = None, **meta: str | None) -> Article:
    """Read one article from a path, or from stdin when the path is "-"; `meta` (outlet, title,
    published, url) wins over the file's own front matter and page metadata."""
    unknown = set(meta) - {"outlet", "title", "published", "url"}
    if unknown:
        raise TypeError(f"unknown article fields: {', '.join(sorted(unknown))}")
    if str(path) == "-":
        return parse_article(sys.stdin.buffer.read(), id=id or "stdin", source="-", **meta)
    p = Path(path)
    if p.is_dir():
        raise ArticleNotFound(str(p), "is a directory; pass the article files inside it")
    if not p.is_file():
        raise ArticleNotFound(str(p), "no such file")
    size = p.stat().st_size
    if size > MAX_BYTES:
        raise UnreadableArticle(str(p), f"file is {size:,} bytes; the limit is {MAX_BYTES:,}")
    return parse_article(p.read_bytes(), id=id or p.stem, source=str(p), **meta)


def unique_ids(articles: Iterable[Article]) -> list[Article]:
    """Make article ids unique by suffixing repeats (-2, -3, ...)."""
    seen: dict[str, int] = {}
    out = []
    for article in articles:
        n = seen.get(article.id, 0) + 1
        seen[article.id] = n
        out.append(article if n == 1 else article.model_copy(update={"id": f"{article.id}-{n}"}))
    return out


_META_FIELDS = ("outlet", "title", "published", "url")


def read_meta(path: Path) -> dict[str, dict[str, str]]:
    """A metadata file for `--meta`: CSV with a `file` column and any of outlet, title, published,
    url; or JSON mapping each file to those fields. Keys are file paths or names."""
    text = Path(path).read_text(encoding="utf-8-sig")
    out: dict[str, dict[str, str]] = {}
    if Path(path).suffix.lower() == ".json":
        data = json.loads(text)
        if not isinstance(data, dict):
            raise ValueError("JSON metadata must map each file to its fields")
        rows = [{"file": key, **value} for key, value in data.items() if isinstance(value, dict)]
    else:
        import csv
        import io

        rows = list(csv.DictReader(io.StringIO(text)))
        if rows and "file" not in rows[0]:
            raise ValueError("CSV metadata needs a 'file' column")
    for row in rows:
        fields = {k: str(row[k]).strip() for k in _META_FIELDS if row.get(k) not in (None, "")}
        out[str(row["file"]).strip()] = fields
    return out
