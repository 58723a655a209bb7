"""Dates in text: full ("September 2, 2025"), partial ("June 2024") and years ("since 2022"), as ISO strings."""
from __future__ import annotations

import datetime as _dt
import re
from typing import Iterable, Literal, NamedTuple

__all__ = ["DateMatch", "parse_date", "find_dates", "MONTHS"]

Precision = Literal["day", "month", "year"]

MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}

_MONTH = r"(?P<{g}>January|February|March|April|May|June|July|August|September|October|November|December|" \
         r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?|Nov\.?|Dec\.?)"
_YEAR = r"(?P<{g}>1[89]\d\d|20\d\d|21\d\d)"
_DAY = r"(?P<{g}>[0-3]?\d)(?:st|nd|rd|th)?"

_DATE_RE = re.compile(
    "|".join(
        [
            # 2025-09-02 (ISO), optionally with a time
            r"(?P<iso>\b(?P<iy>\d{4})-(?P<im>[01]\d)-(?P<id>[0-3]\d)(?:[T ][0-2]\d:[0-5]\d(?::[0-5]\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?\b)",
            # September 2, 2025 / Sept. 2 2025
            r"(?P<mdy>\b" + _MONTH.format(g="m1") + r"\s+" + _DAY.format(g="d1") + r",?\s+" + _YEAR.format(g="y1") + r"\b)",
            # 2 September 2025, the 21st of September 2025
            r"(?P<dmy>\b" + _DAY.format(g="d2") + r"\s+(?:of\s+)?" + _MONTH.format(g="m2") + r",?\s+"
            + _YEAR.format(g="y2") + r"\b)",
            # September 2025 / June of 2024
            r"(?P<my>\b" + _MONTH.format(g="m3") + r"\s+(?:of\s+)?" + _YEAR.format(g="y3") + r"\b)",
            # a bare year in a temporal context: since 2022, in 2024, by 2030, 2022's
            r"(?P<yr>\b(?:(?:since|in|by|until|till|from|before|after|during|of|early|late|mid-?)\s+)"
            + _YEAR.format(g="y4") + r"\b|\b" + _YEAR.format(g="y5") + r"(?=['\u2019]s\b))",
        ]
    ),
    re.IGNORECASE,
)


class DateMatch(NamedTuple):
    """A date found in text: ``text[start:end]``, its ISO form and precision."""

    start: int
    end: int
    text: str
    iso: str
    precision: Precision
    date: _dt.date  # the first day of the period for month and year precision


def _month(s: str) -> int:
    return MONTHS[s.lower().rstrip(".")]


def _build(y: int, m: int | None, d: int | None) -> tuple[str, Precision, _dt.date] | None:
    try:
        if d is not None and m is not None:
            value = _dt.date(y, m, d)
            return value.isoformat(), "day", value
        if m is not None:
            return f"{y:04d}-{m:02d}", "month", _dt.date(y, m, 1)
        return f"{y:04d}", "year", _dt.date(y, 1, 1)
    except ValueError:
        return None


def find_dates(text: str) -> list[DateMatch]:
    """Absolute and partial dates in ``text``, normalized to ISO 8601.

    Full dates ("September 2, 2025", "2 Sept. 2025", "2025-09-02") have day
    precision; "June 2024" month precision; a year preceded by a temporal
    preposition ("since 2022", "in 2024") or followed by a possessive
    ("Russia's 2022 invasion" is not matched, "2022's") year precision.  A bare
    number is never taken for a year.

    Examples
    --------
    >>> [(m.text, m.iso, m.precision) for m in find_dates("On September 2, 2025 and in June 2024, since 2022.")]
    [('September 2, 2025', '2025-09-02', 'day'), ('June 2024', '2024-06', 'month'), ('since 2022', '2022', 'year')]
    """
    return _dates_at(text, None)


#: The groups of year, month and day of each alternative of _DATE_RE, by the name of its outer group.
_PARTS: dict[str, tuple[str, ...]] = {
    "iso": ("iy", "im", "id"), "mdy": ("y1", "m1", "d1"), "dmy": ("y2", "m2", "d2"), "my": ("y3", "m3"),
    "yr": ("y4", "y5"),
}


def _dates_at(text: str, years: Iterable[int] | None) -> list[DateMatch]:
    """``find_dates(text)``; ``years`` as in :func:`_date_matches`."""
    out: list[DateMatch] = []
    for m in _date_matches(text, years):
        # the outer group of an alternative closes after the groups inside it: it is the last group matched
        kind = m.lastgroup
        g = m.group(*_PARTS[kind])
        if kind == "yr":
            built = _build(int(g[0] or g[1]), None, None)
        elif kind == "iso":
            built = _build(int(g[0]), int(g[1]), int(g[2]))
        elif kind == "my":
            built = _build(int(g[0]), _month(g[1]), None)
        else:
            built = _build(int(g[0]), _month(g[1]), int(g[2]))
        if built is not None:
            out.append(DateMatch(m.start(), m.end(), m.group(), *built))
    return out


#: A run of four or more digits: every match of _DATE_RE holds one, its year, and starts at most two
#: white-space separated words before it.  ``\d\d{3,}`` rather than ``\d{4,}`` (the same matches): the
#: regex engine skips ahead to a first character from a class, not to the start of a repeat.
_DIGITS4_RE = re.compile(r"\d\d{3,}")
#: Where a word starts: every alternative of _DATE_RE starts with ``\b`` and a word character.
_WORD_START_RE = re.compile(r"\b\w")
#: On reversed text: white space, a word, white space, a word (``\s`` is ``str.isspace``).
_TWO_WORDS_BACK_RE = re.compile(r"\s+\S*\s*\S*\s*\S*")  # (three words: "21st of September 2025")


def _date_matches(text: str, years: Iterable[int] | None = None) -> list[re.Match]:
    """``list(_DATE_RE.finditer(text))``, trying only the positions where a match can start.

    A match of _DATE_RE starts at its year ("2025", ISO dates included) or at
    most three words before it ("September 2, 2025", "2 Sept. 2025", "June of
    2024", "since 2022", "21st of September 2025"), with white space after
    each word; its year starts a
    run of four digits and no such run starts inside those words (a day has
    at most two digits).  So the leftmost match at or after a position starts
    in the window of the first year it can hold: from the third white-space
    separated word before a run of four digits to the run itself.  The
    windows are scanned left to right, each position once, with
    ``_DATE_RE.match`` (which sees the text before a position, for ``\b``).

    ``years`` are the starts of the runs of four or more digits of ``text``
    (the matches of :data:`_DIGITS4_RE`), in order; found here when None.
    """
    if len(text) < 4:
        return []
    if years is None:
        years = [run.start() for run in _DIGITS4_RE.finditer(text)]
    match = _DATE_RE.match
    word_starts = _WORD_START_RE.finditer
    back = _TWO_WORDS_BACK_RE.match
    out: list[re.Match] = []
    floor = 0  # positions below it are tried already or inside the last match
    for y in years:
        if y < floor:
            continue
        words = back(text[floor:y][::-1])  # white space, a word, white space, a word, from y back to the floor
        lo = y if words is None else y - words.end()
        for w in word_starts(text, lo, y + 1):
            m = match(text, w.start())
            if m is not None:
                out.append(m)
                floor = m.end()
                break
        else:
            floor = y + 1
    return out


_NUMERIC_RE = re.compile(r"^\s*(\d{1,2})[/.](\d{1,2})[/.](\d{4})\s*$")


def parse_date(value: str | None) -> _dt.date | None:
    """Parse one date string ("September 5, 2025", "2025-09-05T10:00:00Z", "5 Sept. 2025").

    Returns None when the string holds no full date.

    Examples
    --------
    >>> parse_date("September 5, 2025")
    datetime.date(2025, 9, 5)
    >>> parse_date("2025-09-05T08:30:00+02:00")
    datetime.date(2025, 9, 5)
    >>> parse_date("World News") is None
    True
    """
    if not value or not isinstance(value, str):
        return None
    for m in find_dates(value):
        if m.precision == "day":
            return m.date
    numeric = _NUMERIC_RE.match(value)
    if numeric:  # day-first unless impossible (13/02/2025 vs 02/13/2025)
        a, b, y = (int(x) for x in numeric.groups())
        for d, mth in ((a, b), (b, a)):
            try:
                return _dt.date(y, mth, d)
            except ValueError:
                continue
    return None
