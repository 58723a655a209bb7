"""Timeline: the dates an article states, normalized to ISO 8601, with their sentence and entities.

Builds on :func:`geoanalysis.dates.find_dates` (full dates, month-year, years
after a temporal preposition) and adds two kinds it leaves out:

* a day and month without a year ("on September 4", "4 September", "Sept. 4",
  "Sep 4"): the year that puts the day nearest the article's date, but never
  more than 62 days after it, as news look back further than ahead
  (``year_inferred = True``); in an article with no date, nearest the last
  date with a year the article states before it (the reference time of a
  narrative, as HeidelTime reads one: Strötgen & Gertz 2013), and skipped
  when there is none;
* a year after a possessive and before a noun ("Russia's 2022 invasion"), and a year joined to a year found
  ("in 2018 and 2019", "from 2014 to 2016": the second takes the first's qualifier);
* a day of the week after "on", "last", "next", "since" ... in a dated article: the latest such day on or
  before the article's date, or the first on or after it when the sentence speaks of what is to come ("will
  meet on Tuesday") or says "next" (``year_inferred = True``).

Dates of the page are left out: on a line that opens with "Posted", "Published" or "(Last) updated", or right
after the handle of a quoted post's signature ("\u2014 Evan Dyer (@evanDyer) March 26, 2025").

The timeline table has one row per date expression: ``article_id, sentence_id,
start, end, text, iso, precision, date, qualifier, year_inferred, entity_ids,
entities, sentence, n_articles``. ``qualifier`` is the temporal preposition
("since", "in", "as of", "prior to" ...) or ""; ``date`` is the first day of the
period; ``n_articles`` counts the articles that state the same ``iso``.

References
----------
.. [1] Strötgen, J., & Gertz, M. (2013). Multilingual and cross-domain temporal
   tagging. Language Resources and Evaluation 47(2), 269-298 (the document's
   creation time as the reference of news, the last date mentioned as that of
   narratives).
"""
from __future__ import annotations

import bisect
import datetime as _dt
import logging
import re
from itertools import compress
from operator import methodcaller
from typing import Iterable

import numpy as np
import pandas as pd

from .dates import MONTHS, _dates_at
from .model import Article, as_articles

__all__ = ["article_dates", "timeline"]

LOGGER = logging.getLogger(__name__)

TIMELINE_COLUMNS = ["article_id", "sentence_id", "start", "end", "text", "iso", "precision", "date", "qualifier",
                    "year_inferred", "entity_ids", "entities", "sentence", "n_articles"]
QUALIFIERS = ("as of", "prior to", "up to", "since", "in", "on", "by", "until", "till", "from", "before",
              "after", "during", "of", "early", "late", "mid", "through")
_MONTH_NAMES = "|".join(sorted((m for m in MONTHS if len(m) > 3), key=len, reverse=True))
#: Abbreviated months written with a period, as AP style writes them ("Nov. 22", "Sept. 30").
_ABBREVIATIONS = ("jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec")
#: Months written as words that are also English words ("may", "mar"), or abbreviated with no period ("Nov 22",
#: as Asian and Gulf outlets write them): only in title case, so that "all 14 may vote" is no date.
_TITLE_MONTHS = r"(?-i:May|" + "|".join(sorted((a.title() for a in _ABBREVIATIONS), key=len, reverse=True)) + ")"
_MONTH_DAY = re.compile(r"\b(?:(?P<m>" + _MONTH_NAMES + "|" + _TITLE_MONTHS + r")\b|(?P<a>"
                        + "|".join(_ABBREVIATIONS) + r")\.)"
                        r"\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\b(?!,?\s+\d{4})", re.IGNORECASE)
_DAY_MONTH = re.compile(r"\b(?P<d>[0-3]?\d)(?:[-\u2013][0-3]?\d)?(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>"
                        + _MONTH_NAMES + r"|(?-i:May))\b(?!\.?,?\s+\d{4})", re.IGNORECASE)
_MATCH_START = methodcaller("start")
_POSSESSIVE_YEAR = re.compile(r"(?<=['\u2019]s )(?P<y>1[89]\d\d|20\d\d)(?= [a-z])")


# each qualifier with the starts of a match it opens and the endings of a text it closes
_QUALIFIER_AFFIXES = tuple((q, (q + " ", q + "-"), (" " + q,)) for q in QUALIFIERS)
_QUALIFIER_STARTS = tuple(start for _, starts, _ in _QUALIFIER_AFFIXES for start in starts)
_QUALIFIER_ENDS = tuple(" " + q for q in QUALIFIERS) + QUALIFIERS


def _qualifier(text: str, start: int, match_text: str) -> tuple[str, int]:
    """The temporal preposition inside the match or just before it, and its length inside the match."""
    low = match_text.lower()
    if low.startswith(_QUALIFIER_STARTS):  # one test for all; then the first qualifier that holds
        for q, starts, _ in _QUALIFIER_AFFIXES:
            if low.startswith(starts):
                return q, len(q) + 1
    before = text[max(0, start - 12):start].lower().rstrip()
    if before.endswith(_QUALIFIER_ENDS):
        for q, _, ends in _QUALIFIER_AFFIXES:
            if before.endswith(ends) or before == q:
                return q, 0
    return "", 0


# --------------------------------------------------------------------------- fast scans
#
# The date expressions hold digits, and a regular expression tried at every character of an
# article costs far more than one tried where a date can start.  The scans below try the same
# compiled expressions, only at the positions where a match can start, in order, and take the
# matches finditer would take (the first match at or after where the previous one ended).

# the \d of the date expressions (Unicode decimal digits); \d\d* rather than \d+, as the regex engine
# skips to a first character from a class, not to the first of a repeat
_DIGITS = re.compile(r"\d\d*")
_WORD_START = re.compile(r"\b\w")
_BACK_ONE_TOKEN = re.compile(r"\s*\S*")
_LOOK_BACK = 100


def _token_start(text: str, q: int, back: re.Pattern[str]) -> int:
    """The start of the whitespace-separated tokens ``back`` spans right before ``q`` (0 when unsure)."""
    lo = max(0, q - _LOOK_BACK)
    n = back.match(text[lo:q][::-1]).end()
    return q - n if (n < q - lo or lo == 0) else 0


def _scan(text: str, regex: re.Pattern[str], windows: list[tuple[int, int]]) -> list[re.Match[str]]:
    """``list(regex.finditer(text))`` when every match starts at a word start of some window.

    ``windows`` are ``(lo, q)`` pairs in increasing order of ``q``, and every
    match of ``regex`` starts at a word start ``p`` with ``lo <= p <= q`` for
    one of them (the expressions begin with ``\\b`` and a word character).
    finditer takes the first position at or after the end of the previous
    match where ``regex.match`` succeeds; so does this, trying only the word
    starts of the windows, each once, in increasing order.
    """
    out = []
    pos = 0  # where finditer would search next
    tried = 0  # every word start before this (and at or after pos) has been tried
    floor = len(text)
    los = []
    for lo, _ in reversed(windows):  # lo made non-decreasing: a window also covers the later ones' starts
        floor = min(floor, lo)
        los.append(floor)
    for lo, (_, q) in zip(reversed(los), windows):
        start = max(lo, pos, tried)
        while start <= q:
            for w in _WORD_START.finditer(text, start, q + 1):
                m = regex.match(text, w.start())
                if m is not None:
                    out.append(m)
                    pos = m.end()
                    break
            else:
                break
            start = pos
        tried = max(tried, q + 1)
    return out


def _digit_runs(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _DIGITS.finditer(text)]


_MONTH_NAME_TUPLE = tuple(_MONTH_NAMES.split("|")) + ("may",) + _ABBREVIATIONS + tuple(a + "." for a in _ABBREVIATIONS)
_LONGEST_MONTH = max(map(len, _MONTH_NAME_TUPLE))


def _month_day_runs(text: str, digits: list[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
    """Windows of :func:`_scan` for :data:`_MONTH_DAY`.

    A day is a run of one or two digits after whitespace, and the month is
    the token before that whitespace: its end is a month name (checked
    when those last characters are ASCII, where matching regardless of case
    is comparing lower case; other characters are let through).
    """
    out = []
    for q, end in _digit_runs(text) if digits is None else digits:
        if end - q > 2 or not q or not text[q - 1].isspace():
            continue
        j = q - 2
        while j >= 0 and text[j].isspace():
            j -= 1
        tail = text[max(0, j + 1 - _LONGEST_MONTH) : j + 1]
        if j < 0 or (tail.isascii() and not tail.lower().endswith(_MONTH_NAME_TUPLE)):
            continue
        out.append((_token_start(text, q, _BACK_ONE_TOKEN), q - 1))
    return out


def _day_month_runs(text: str, digits: list[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
    """Windows of :func:`_scan` for :data:`_DAY_MONTH`: a day is a run of one or two digits at a word start,
    followed (after an ordinal suffix) by white space, or by a dash and the digits that end a range of days."""
    out = []
    runs = _digit_runs(text) if digits is None else digits
    for x, (q, end) in enumerate(runs):
        if end - q > 2 or (q and text[q - 1].isalnum()):
            continue
        if end < len(text) and text[end] in "-\u2013" and x + 1 < len(runs) and runs[x + 1][0] == end + 1:
            out.append((q, q))  # the first day of a range ("22\u201323 November")
            continue
        k = end + 2 if text[end:end + 2].lower() in ("st", "nd", "rd", "th") else end
        if k < len(text) and text[k].isspace():
            out.append((q, q))
    return out


def _possessive_years(text: str, digits: list[tuple[int, int]] | None = None) -> list[re.Match[str]]:
    """``list(_POSSESSIVE_YEAR.finditer(text))`` (``digits``: the digit runs of ``text``).

    The year of a match is a run of exactly four digits (a space before it,
    a space after it), so a match starts at the start of such a run.
    """
    out = []
    end = 0
    for q, run_end in _digit_runs(text) if digits is None else digits:
        if run_end - q == 4 and q >= end:
            m = _POSSESSIVE_YEAR.match(text, q)
            if m is not None:
                out.append(m)
                end = m.end()
    return out


_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
#: A day of the week in title case (the word before it is checked by :func:`_weekday_date`).
_WEEKDAY = re.compile(r"\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b(?![-'\u2019])")
#: The word before a day of the week that makes it a date: "on Tuesday", "last Friday", "next Monday".
_WEEKDAY_BEFORE = re.compile(r"\b(on|last|next|this|since|by|until|from|late|early)\s+\Z", re.IGNORECASE)
#: Words before it, in its sentence, of what is still to come ("will meet on Tuesday", "is due on Friday").
_FUTURE_BEFORE = re.compile(r"\b(?:will|would|shall|is due|are due|scheduled|expected to|plans? to|set to|"
                            r"is to|are to)\b", re.IGNORECASE)


def _weekday_date(text: str, m: re.Match[str], near: _dt.date) -> _dt.date | None:
    """The date a day of the week ``m`` names in an article of ``near``, as news write it: after "on", "last",
    "since" ... (no word before it: None), the latest such day on or before the article's date ("on Tuesday" in
    an article of Wednesday is yesterday; "last Tuesday" is before the article's day), or, after "next" or with
    words of what is to come before it in its sentence ("will vote on Tuesday"), the first on or after it
    ("next Tuesday" after it). This is the reference time of news, their date of publication [1]_.

    References
    ----------
    .. [1] Strötgen, J., & Gertz, M. (2013). Multilingual and cross-domain temporal tagging. Language Resources
       and Evaluation 47(2), 269-298.
    """
    before = _WEEKDAY_BEFORE.search(text, max(0, m.start() - 12), m.start())
    if before is None:
        return None
    word = before.group(1).lower()
    target = _WEEKDAYS.index(m.group())
    sentence_start = max(text.rfind(". ", 0, m.start()), text.rfind("\n", 0, m.start())) + 1
    ahead = word == "next" or (word != "last" and _FUTURE_BEFORE.search(text, sentence_start, m.start()))
    if ahead:
        days = (target - near.weekday()) % 7 or (7 if word == "next" else 0)
        return near + _dt.timedelta(days=days)
    days = (near.weekday() - target) % 7 or (7 if word == "last" else 0)
    return near - _dt.timedelta(days=days)


#: how far after the article's date a day without a year may fall (an upcoming vote, a scheduled summit)
_AHEAD = 62


def _nearest_year(month: int, day: int, near: _dt.date) -> _dt.date | None:
    """The day ``month``/``day`` in the year that puts it nearest to ``near`` (the article's date), the earlier
    one on a tie, and never more than :data:`_AHEAD` days after it: "October 26" in an article of September 24,
    2025 is 2025-10-26 (an upcoming vote), "December 20" in one of January 5, 2026 is 2025-12-20, "Oct. 7" in
    one of July 21, 2024 is 2023-10-07; None for a day no year has (February 30)."""
    days = []
    for year in (near.year - 1, near.year, near.year + 1):
        try:
            value = _dt.date(year, month, day)
        except ValueError:  # February 29 of a common year
            continue
        if (value - near).days <= _AHEAD:
            days.append(value)
    return min(days, key=lambda d: (abs((d - near).days), d), default=None)


def article_dates(article: Article) -> list[tuple[int, int, str, str, str, _dt.date, str, bool]]:
    """Date expressions of one article: ``(start, end, text, iso, precision, date, qualifier, year_inferred)``.

    Examples
    --------
    >>> import datetime
    >>> from geoanalysis.parsing import make_article
    >>> a = make_article("Signed in June 2024. Talks on September 4 and since 2022.", id="a")
    >>> a = __import__("dataclasses").replace(a, date=datetime.date(2025, 9, 5))
    >>> [(d[2], d[3], d[4], d[6]) for d in article_dates(a)]
    [('June 2024', '2024-06', 'month', 'in'), ('September 4', '2025-09-04', 'day', 'on'), ('2022', '2022', 'year', 'since')]
    """
    text = article.text
    out = []
    taken = []
    digits = _digit_runs(text)  # one scan for the three kinds
    for m in _dates_at(text, [q for q, end in digits if end - q >= 4]):  # find_dates(text)
        qual, cut = _qualifier(text, m.start, m.text)
        start = m.start + cut
        out.append((start, m.end, text[start:m.end], m.iso, m.precision, m.date, qual, False))
        taken.append((m.start, m.end))

    def free(s: int, e: int) -> bool:
        return not any(s < te and ts < e for ts, te in taken)

    # with no date of the article, a day without a year is read against the last date with a year before it
    anchors = [] if article.date is not None else sorted((d[0], d[5]) for d in out if d[4] in ("day", "month"))
    if article.date is not None or anchors:
        anchor_starts = [a for a, _ in anchors]
        found = _scan(text, _MONTH_DAY, _month_day_runs(text, digits))  # "September 13"
        found += _scan(text, _DAY_MONTH, _day_month_runs(text, digits))  # "13 September", "the 13th of September"
        for m in sorted(found, key=_MATCH_START):
            if not free(m.start(), m.end()):
                continue
            taken.append(m.span())
            near = article.date
            if near is None:
                k = bisect.bisect_right(anchor_starts, m.start()) - 1
                if k < 0:
                    continue  # no date with a year before it
                near = anchors[k][1]
            month, day = MONTHS[(m.group("m") or m.group("a")).lower()], int(m.group("d"))
            value = _nearest_year(month, day, near)
            if value is None:
                continue
            qual, _ = _qualifier(text, m.start(), m.group())
            out.append((m.start(), m.end(), m.group(), value.isoformat(), "day", value, qual, True))
    if article.date is not None:
        for m in _WEEKDAY.finditer(text):
            value = _weekday_date(text, m, article.date)
            if value is not None and free(m.start(), m.end()):
                taken.append(m.span())
                qual, _ = _qualifier(text, m.start(), m.group())
                out.append((m.start(), m.end(), m.group(), value.isoformat(), "day", value, qual, True))
    for m in _possessive_years(text, digits):
        if free(m.start(), m.end()):
            y = int(m.group("y"))
            # the start of the word before the year ("Russia's"): text[:start].split()[-1], from the right
            qual, _ = _qualifier(text, m.start() - len(text[:m.start()].rsplit(None, 1)[-1]) - 1, m.group())
            out.append((m.start(), m.end(), m.group(), f"{y:04d}", "year", _dt.date(y, 1, 1), qual, False))
    # the second year of "in 2018 and 2019", "from 2014 to 2016": a year after a year found, with its qualifier
    for d in [d for d in out if d[4] == "year"]:
        m = _NEXT_YEAR.match(text, d[1])
        if m is not None and free(m.start(1), m.end(1)):
            taken.append(m.span(1))
            y = int(m.group(1))
            out.append((m.start(1), m.end(1), m.group(1), f"{y:04d}", "year", _dt.date(y, 1, 1), d[6], False))
    return sorted(d for d in out if not _page_date(text, d[0]))


#: a year joined to the one before it ("2018 and 2019", "2014 to 2016"), not the start of a number or a date
_NEXT_YEAR = re.compile(r"\s+(?:and|or|to|through|until)\s+(1[89]\d\d|20\d\d)\b(?![-/.,]?\d)")


#: a line of the page, not of the story: when it was posted or updated, or the signature of a quoted post
_PAGE_LINE = re.compile(r"\s*(?:(?:first\s+|last\s+)?(?:posted|published|updated|modified)\b"
                        r"|[\u2014\u2013-]\s*[^\n]{0,80}\(@\w+\))", re.IGNORECASE)


def _page_date(text: str, start: int) -> bool:
    """Whether the date at ``start`` is one of the page ("Posted November 28, 2023 9:16 am.", "Last Updated ...")
    or a quoted post's signature ("\u2014 Evan Dyer (@evanDyer) March 26, 2025"), not of an event: its line opens
    so, the date close after the word (a signature: right after the handle)."""
    line = text.rfind("\n", 0, start) + 1
    m = _PAGE_LINE.match(text, line)
    if m is None:
        return False
    if m.group().rstrip().endswith(")"):
        return not text[m.end():start].strip(" ,")
    return start - m.end() <= 16  # "Posted on November 28", not "Published last week after ... in March 2022"


def timeline(
    data: Article | Iterable[Article],
    *,
    mentions: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Every date the articles state, with its sentence and the entities named there.

    Parameters
    ----------
    data : Article or iterable of Article
    mentions : pandas.DataFrame, optional
        The mentions table; without it ``entity_ids`` and ``entities`` are empty.

    Returns
    -------
    pandas.DataFrame
        The timeline table (see the module docstring), sorted by date, article_id
        and start. ``entity_ids``/``entities`` join the sentence's distinct
        entities (in text order) with "; ".
    """
    articles = as_articles(data)
    dated = []  # (article, sentence, date expression)
    for a in articles:
        dates = article_dates(a)
        if not dates:
            continue
        sentences = a.sentences
        starts = [s.start for s in sentences]
        for d in dates:
            # a.sentence_at(start), with the sentence starts listed once per article
            i = bisect.bisect_right(starts, d[0]) - 1
            dated.append((a, sentences[i] if i >= 0 and sentences[i].start <= d[0] < sentences[i].end else None, d))
    ents: dict[tuple[str, int], tuple[str, str]] = {}
    if mentions is not None and len(mentions) and dated:
        needed = {(a.id, sent.id if sent else -1) for a, sent, _ in dated}
        found = _sentence_entities(mentions, needed)
        ents = {key: ("; ".join(names), "; ".join(names.values())) for key, names in found.items() if key in needed}
    rows = []
    for a, sent, (start, end, text, iso, precision, date, qual, inferred) in dated:
        sid = sent.id if sent else -1
        eids, names = ents.get((a.id, sid), ("", ""))
        rows.append((a.id, sid, start, end, text, iso, precision, date, qual, inferred, eids, names,
                     sent.text if sent else ""))
    if not rows:
        out = pd.DataFrame(rows, columns=TIMELINE_COLUMNS[:-1])
        out["n_articles"] = pd.Series(dtype="int64")
        return out
    # plain Python instead of groupby/astype/sort_values: same rows, order and dtypes, far less
    # overhead per article (a stable sort on the same keys, as pandas' mergesort)
    from .cooccurrence import _frame, _object_column

    per_iso: dict[str, set[str]] = {}
    for r in rows:
        per_iso.setdefault(r[5], set()).add(r[0])
    rows.sort(key=lambda r: (r[7], r[5], r[0], r[2]))
    kinds = {"sentence_id": np.int64, "start": np.int64, "end": np.int64, "year_inferred": bool}
    cols = {c: np.array(v, dtype=kinds[c]) if c in kinds else _object_column(list(v))
            for c, v in zip(TIMELINE_COLUMNS[:-1], zip(*rows))}
    cols["n_articles"] = np.array([len(per_iso[r[5]]) for r in rows], dtype=np.int64)
    return _frame(cols)


def _sentence_entities(
    mentions: pd.DataFrame, needed: set[tuple[str, int]] | None = None
) -> dict[tuple[str, int], dict[str, str]]:
    """``(article_id, sentence_id) -> {entity_id: name}``: distinct body entities per sentence, in text order.

    The body mentions sorted (stably) by article and start, as
    ``sort_values(["article_id", "start"], kind="mergesort")``; in plain
    Python when the ids are str and the starts and sentence ids int (no NaN
    to place or to skip), and then only for the ``needed`` sentences (all
    when None; others may be left out).
    """
    from .cooccurrence import _all_of_type, _column_lists

    has_part = "part" in mentions
    names = ["article_id", "start", "sentence_id", "entity_id", "name"] + (["part"] if has_part else [])
    found: dict[tuple[str, int], dict[str, str]] = {}  # distinct entities per sentence, in text order
    if all(c in mentions.columns for c in names):
        lists = _column_lists(mentions, names)
        aids, starts, sids = lists[:3]
        if (not has_part or _all_of_type(lists[5], str)) and _all_of_type(aids, str) \
                and _all_of_type(starts, int) and _all_of_type(sids, int):
            keep = [p == "body" for p in lists[5]] if has_part else [True] * len(aids)
            if needed is not None:
                keep = [k and key in needed for k, key in zip(keep, zip(aids, sids))]
            if not all(keep):
                lists = [list(compress(col, keep)) for col in lists]
            aids, starts, sids, eids, enames = lists[:5]
            keys = list(zip(aids, starts))
            rows = zip(aids, sids, eids, enames)
            if keys != sorted(keys):  # not in order yet: a stable sort on (article_id, start)
                order = sorted(range(len(keys)), key=keys.__getitem__)
                rows = [(aids[i], sids[i], eids[i], enames[i]) for i in order]
            for aid, sid, eid, name in rows:
                known = found.get((aid, sid))
                if known is None:
                    found[(aid, sid)] = {eid: name}
                elif eid not in known:
                    known[eid] = name
            return found
    body = mentions[mentions["part"] == "body"] if has_part else mentions
    body = body.sort_values(["article_id", "start"], kind="mergesort")
    for aid, sid, eid, name in zip(body["article_id"].tolist(), body["sentence_id"].tolist(),
                                   body["entity_id"].tolist(), body["name"].tolist()):
        if aid != aid or sid != sid:  # NaN keys are not grouped
            continue
        found.setdefault((aid, int(sid)), {}).setdefault(eid, name)
    return found
