"""Values in comparable form: numbers (digits or words, qualifiers as tolerance), dates
(absolute or relative to the article's publication date), and canonical text."""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
import unicodedata

from .models import NormalizedValue

_UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "a": 1,
    "an": 1,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_SCALES = {
    "hundred": 100,
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000,
    "dozen": 12,
}
NUMBER_WORDS = sorted([w for w in (*_UNITS, *_TENS, *_SCALES) if w not in ("a", "an")], key=len, reverse=True)
NUMBER_WORD_RE = r"(?:" + "|".join(NUMBER_WORDS) + r")"

_NUMBER_IN_TEXT = re.compile(
    rf"(?<![\w.])(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?(?:\s+(?:million|billion|trillion|thousand)\b)?"
    rf"|\b{NUMBER_WORD_RE}(?:[\s-]+(?:and\s+)?{NUMBER_WORD_RE})*\b",
    re.I,
)


def numbers_in(text: str) -> list[tuple[str, float]]:
    """Every number in `text` as (as written, value), digits or words ('twenty-five hundred', 2500)."""
    found = []
    for m in _NUMBER_IN_TEXT.finditer(text):
        value = parse_number(m.group(0))
        if value is not None:
            found.append((m.group(0), value))
    return found


# qualifier -> (low factor, high factor) around the stated number
QUALIFIERS: dict[str, tuple[float, float]] = {
    "about": (0.9, 1.1),
    "around": (0.9, 1.1),
    "approximately": (0.9, 1.1),
    "roughly": (0.9, 1.1),
    "some": (0.9, 1.1),
    "nearly": (0.9, 1.0),
    "almost": (0.9, 1.0),
    "more than": (1.0, 1.5),
    "over": (1.0, 1.5),
    "at least": (1.0, 1.5),
    "fewer than": (0.5, 1.0),
    "less than": (0.5, 1.0),
    "under": (0.5, 1.0),
    "up to": (0.0, 1.0),
    "as many as": (0.5, 1.0),
    "at most": (0.0, 1.0),
}
QUALIFIER_RE = r"(?:" + "|".join(sorted(map(re.escape, QUALIFIERS), key=len, reverse=True)) + r")"


def parse_number(text: str) -> float | None:
    """'2,500' -> 2500; 'twenty-five hundred' -> 2500; '1.5 million' -> 1500000."""
    cleaned = text.strip().lower().replace("\u2009", "").replace("\u00a0", " ")
    m = re.fullmatch(
        r"(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?\s*(%|percent|per cent)?"
        r"(?:\s+(million|billion|trillion|thousand))?",
        cleaned,
    )
    if m:
        value = float(m.group(1).replace(",", "") + ("." + m.group(2) if m.group(2) else ""))
        return value * _SCALES.get(m.group(4) or "", 1)
    return _words_to_number(cleaned)


def _words_to_number(text: str) -> float | None:
    words = [w for w in re.split(r"[\s-]+", text) if w and w != "and"]
    if not words:
        return None
    total = current = 0.0
    seen = False
    for word in words:
        if word in _UNITS:
            current += _UNITS[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word in _SCALES:
            scale = _SCALES[word]
            current = (current or 1) * scale
            if scale >= 1000:
                total += current
                current = 0
        else:
            return None
        seen = True
    return total + current if seen else None


def number_value(
    text: str, *, qualifier: str | None = None, unit: str | None = None, start: str | None = None
) -> NormalizedValue | None:
    """Normalise a number with its qualifier (kept as a tolerance) and an optional start value
    for changes ('from 5,300 to 2,500': number is 2500, qualifier 'from 5,300')."""
    number = parse_number(text)
    if number is None:
        return None
    low_f, high_f = QUALIFIERS.get((qualifier or "").lower(), (1.0, 1.0))
    canonical = f"{number:g}"
    return NormalizedValue(
        type="number",
        text=canonical if not unit else f"{canonical} {unit}",
        number=number,
        low=number * low_f,
        high=number * high_f,
        unit=unit,
        qualifier=(f"from {start}" if start else qualifier.lower() if qualifier else None),
    )


def numbers_agree(a: NormalizedValue, b: NormalizedValue) -> bool:
    """Two numbers agree when either one's stated value lies within the other's tolerance
    ('about 2,500' agrees with 2,400 and 2,600, not with 'about 3,000')."""
    if a.number is None or b.number is None:
        return a.text == b.text

    def within(x: NormalizedValue, y: NormalizedValue) -> bool:
        low = y.low if y.low is not None else y.number
        high = y.high if y.high is not None else y.number
        return low <= x.number <= high  # type: ignore[operator]

    return within(a, b) or within(b, a)


_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
_MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
_MONTHS["sept"] = 9
_WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}


@functools.lru_cache(maxsize=4096)
def date_value(text: str, published: dt.date | None) -> NormalizedValue:
    """Normalise a date phrase; relative phrases resolve against `published` when known."""
    phrase = re.sub(r"\s+", " ", text.strip().lower().replace("\u2019", "'"))
    qualifier = _date_qualifier(phrase)
    day = _absolute_date(phrase) or (_relative_date(phrase, published) if published else None)
    year = re.fullmatch(r"(?:(?:in|since|by|of|from|until|after|before) )?(\d{4})", phrase)
    canonical = day.isoformat() if day else year.group(1) if year else _relative_key(phrase)
    return NormalizedValue(type="date", text=canonical, date=day, qualifier=qualifier)


def _date_qualifier(phrase: str) -> str | None:
    m = re.match(r"(by|before|until|after|since|within|on|in|from|as of)\b", phrase)
    return m.group(1) if m else None


def _absolute_date(phrase: str) -> dt.date | None:
    p = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", phrase)
    months = "|".join(sorted(_MONTHS, key=len, reverse=True))
    for pattern, order in (
        (rf"(\d{{1,2}}) ({months})\.?,? (\d{{4}})", "dmy"),
        (rf"({months})\.? (\d{{1,2}}),? (\d{{4}})", "mdy"),
        (r"(\d{4})-(\d{2})-(\d{2})", "ymd"),
    ):
        m = re.search(pattern, p)
        if m:
            parts = dict(zip(order, m.groups(), strict=True))
            month = parts["m"]
            month_n = int(month) if month.isdigit() else _MONTHS[month]
            try:
                return dt.date(int(parts["y"]), month_n, int(parts["d"]))
            except ValueError:
                return None
    m = re.search(rf"end of ({months}) (\d{{4}})|({months}) (\d{{4}})", p)
    if m:
        month, year = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        last = calendar.monthrange(int(year), _MONTHS[month])[1]
        return dt.date(int(year), _MONTHS[month], last if m.group(1) else 1)
    m = re.search(r"\b(\d{1,2})[./](\d{1,2})[./](\d{4})\b", p)
    if m:  # day first, as most of the world writes it, unless that cannot be a date
        d, mo, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        d, mo = (d, mo) if mo <= 12 else (mo, d)
        try:
            return dt.date(y, mo, d)
        except ValueError:
            return None
    m = re.search(r"(?:end of|year-end|year end|close of) (\d{4})", p)
    if m:
        return dt.date(int(m.group(1)), 12, 31)
    return None


def _relative_date(phrase: str, published: dt.date) -> dt.date | None:
    months = "|".join(sorted(_MONTHS, key=len, reverse=True))
    if m := re.search(rf"end of ({months})\b", phrase):
        month = _MONTHS[m.group(1)]
        return dt.date(published.year, month, calendar.monthrange(published.year, month)[1])
    day_month = _day_month(re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", phrase))
    if day_month:
        month, day = day_month
        try:  # a day and month without a year: the nearest such day, up to a year back
            this_year = dt.date(published.year, month, day)
        except ValueError:
            return None
        return (
            this_year if this_year <= published + dt.timedelta(days=31) else this_year.replace(year=published.year - 1)
        )
    if re.search(r"end of (?:the|this) year|year's end|(?:the )?year-end|end of the year", phrase):
        return dt.date(published.year, 12, 31)
    if re.search(r"end of next year", phrase):
        return dt.date(published.year + 1, 12, 31)
    if "today" in phrase:
        return published
    if "yesterday" in phrase:
        return published - dt.timedelta(days=1)
    if "tomorrow" in phrase:
        return published + dt.timedelta(days=1)
    for name, weekday in _WEEKDAYS.items():
        if re.search(rf"\b{name}\b", phrase):
            delta = (published.weekday() - weekday) % 7
            if re.search(rf"\b(?:next|coming) {name}", phrase):
                return published + dt.timedelta(days=(weekday - published.weekday()) % 7 or 7)
            return published - dt.timedelta(days=delta)
    m = re.search(r"(?:within|in) the (?:coming|next) (\w+) months", phrase)
    if m and (count := parse_number(m.group(1))) is not None:
        return _add_months(published, int(count))  # "within the next six months"
    return None  # "the coming few months" names no date: it stays a phrase


def _day_month(phrase: str) -> tuple[int, int] | None:
    months = "|".join(sorted(_MONTHS, key=len, reverse=True))
    m = re.search(rf"\b(\d{{1,2}}) (?:of )?({months})\b\.?|\b({months})\.? (\d{{1,2}})\b", phrase)
    if not m:
        return None
    if m.group(1):
        return _MONTHS[m.group(2)], int(m.group(1))
    return _MONTHS[m.group(3)], int(m.group(4))


def _add_months(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _relative_key(phrase: str) -> str:
    if re.search(r"end of (?:the|this) year|year's end|year-end", phrase):
        return "end of year (relative)"
    return phrase + " (relative)"


def dates_agree(a: NormalizedValue, b: NormalizedValue) -> bool:
    """Resolved dates agree when equal, or when one is a 'within/by' bound the other meets."""
    if a.date and b.date:
        if a.date == b.date:
            return True
        for bound, other in ((a, b), (b, a)):
            if bound.qualifier in ("within", "by", "before", "until") and other.date and bound.date:
                if other.date <= bound.date and other.qualifier in ("by", "before", "until"):
                    return True
        return False
    return a.text == b.text


def fold(text: str) -> str:
    """Case-, accent- and punctuation-insensitive form of a phrase, for comparing names."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[^\w]+", " ", bare.casefold()).strip()


def text_value(text: str) -> NormalizedValue:
    """Canonical text: folded case, quotes and whitespace."""
    return NormalizedValue(type="text", text=fold(text))
