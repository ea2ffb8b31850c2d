"""The English model's attribute ruler (the rules that map tags to parts of speech, morphology
and a few lemmas), matched from lookup tables instead of spaCy's general token Matcher.

The ruler's 179 patterns are one- and two-token tests of a token's lower-case form, tag,
dependency and whether it is a space. spaCy runs every pattern at every token; here each pattern
is filed under the values its first token must have, so a token is tested only against the
patterns that can start at it. The matches, their order and what they set are the same as
spaCy's (the tests compare both on every pattern kind); on PolNeAR's articles the ruler takes a
sixth of the time, and the whole parse about a tenth less. A ruler with a test this cannot read
(another model's) keeps spaCy's Matcher.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.tokens import Doc

_ATTRS = ("LOWER", "TAG", "DEP", "IS_SPACE")  # the columns of a token's row, in this order
_COLUMN = {name: i for i, name in enumerate(_ATTRS)}

Check = tuple[int, str, Any]  # (column, operator, value): EQ a hash, IN/NOT_IN a set, REGEX a pattern
Pattern = tuple[int, int, list[list[Check]]]  # (pattern number, match id, checks of each token)
Match = tuple[int, int, int, int]  # what AttributeRuler.match gives: (number, match id, start, end)


class Unsupported(ValueError):
    """A pattern tests what the tables do not hold."""


def quicken(ruler: Any) -> bool:
    """Give `ruler` the table matcher (in place); False, and the ruler left as it is, when one of
    its patterns tests anything else."""
    try:
        ruler.match = _matcher(ruler)
    except Unsupported:
        return False
    return True


def _matcher(ruler: Any) -> Callable[[Doc], list[Match]]:
    from spacy.attrs import DEP, IS_SPACE, LOWER, TAG

    strings = ruler.vocab.strings
    tables: list[dict[int, list[Pattern]]] = [{} for _ in _ATTRS]
    rest: list[Pattern] = []  # patterns whose first token no table can file (a regular expression)
    entries: list[dict[str, Any]] = ruler.patterns  # [{"patterns": [[{attr: test}, ...]], ...}, ...]
    for number, entry in enumerate(entries):
        key = strings[str(number)]  # the match id AttributeRuler.add gave this pattern
        for tokens in entry["patterns"]:
            checks = [[_check(strings, attr, want) for attr, want in spec.items()] for spec in tokens]
            pattern = (number, key, checks)
            first = {column: (op, value) for column, op, value in checks[0]}
            filed = next((c for c in range(len(_ATTRS)) if first.get(c, ("",))[0] in ("EQ", "IN")), None)
            if filed is None:
                rest.append(pattern)
                continue
            op, value = first[filed]
            for one in [value] if op == "EQ" else value:
                tables[filed].setdefault(one, []).append(pattern)
    searched: dict[tuple[re.Pattern[str], int], bool] = {}

    def holds(rows: list[tuple[int, ...]], at: int, checks: list[list[Check]], words: Any) -> bool:
        for row, tests in zip(rows[at : at + len(checks)], checks, strict=True):
            for column, op, value in tests:
                got = row[column]
                if op == "EQ":
                    ok = got == value
                elif op == "IN":
                    ok = got in value
                elif op == "NOT_IN":
                    ok = got not in value
                else:
                    ok = searched.get((value, got))
                    if ok is None:
                        ok = searched[(value, got)] = bool(value.search(words[got]))
                if not ok:
                    return False
        return True

    def match(doc: Doc) -> list[Match]:
        rows = [tuple(row) for row in doc.to_array([LOWER, TAG, DEP, IS_SPACE]).tolist()] if len(doc) else []
        found: set[Match] = set()
        for at, row in enumerate(rows):
            for column, table in enumerate(tables):
                for number, key, checks in table.get(row[column], ()):
                    if at + len(checks) <= len(rows) and holds(rows, at, checks, doc.vocab.strings):
                        found.add((number, key, at, at + len(checks)))
            for number, key, checks in rest:
                if at + len(checks) <= len(rows) and holds(rows, at, checks, doc.vocab.strings):
                    found.add((number, key, at, at + len(checks)))
        return sorted(found)  # by pattern number: later patterns overwrite earlier ones, as in spaCy

    return match


def _check(strings: Any, attr: str, want: Any) -> Check:
    if attr not in _COLUMN:
        raise Unsupported(attr)
    column = _COLUMN[attr]

    def hashed(value: Any) -> int:
        if isinstance(value, bool):
            return int(value)
        if isinstance(value, str):
            return int(strings.add(value))
        raise Unsupported(repr(value))

    if not isinstance(want, dict):
        return column, "EQ", hashed(want)
    if len(want) != 1:
        raise Unsupported(repr(want))
    ((op, value),) = want.items()
    if op in ("IN", "NOT_IN"):
        return column, op, frozenset(hashed(v) for v in value)
    if op == "REGEX" and attr != "IS_SPACE":
        return column, op, re.compile(value)
    raise Unsupported(op)
