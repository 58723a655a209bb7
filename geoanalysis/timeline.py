"""Timeline: the dates an article states, normalized to ISO 8601, with their sentence and entities.

Builds on :func:`geoanalysis.dates.find_dates` (full dates, month-year, years
after a temporal preposition) and adds two kinds it leaves out:

* a day and month without a year ("on September 4"): the year is the one of the
  article's date, or the year before when that would put the day more than
  31 days after the article's date (``year_inferred = True``); skipped when the
  article has no date;
* a year after a possessive and before a noun ("Russia's 2022 invasion").

The timeline table has one row per date expression: ``article_id, sentence_id,
start, end, text, iso, precision, date, qualifier, year_inferred, entity_ids,
entities, sentence, n_articles``. ``qualifier`` is the temporal preposition
("since", "in", "as of", "prior to" ...) or ""; ``date`` is the first day of the
period; ``n_articles`` counts the articles that state the same ``iso``.
"""
from __future__ import annotations

import datetime as _dt
import logging
import re
from typing import Iterable

import numpy as np
import pandas as pd

from .dates import MONTHS, find_dates
from .model import Article, as_articles

__all__ = ["article_dates", "timeline"]

LOGGER = logging.getLogger(__name__)

TIMELINE_COLUMNS = ["article_id", "sentence_id", "start", "end", "text", "iso", "precision", "date", "qualifier",
                    "year_inferred", "entity_ids", "entities", "sentence", "n_articles"]
QUALIFIERS = ("as of", "prior to", "up to", "since", "in", "on", "by", "until", "till", "from", "before",
              "after", "during", "of", "early", "late", "mid", "through")
_MONTH_NAMES = "|".join(sorted((m for m in MONTHS if len(m) > 3), key=len, reverse=True))
_MONTH_DAY = re.compile(r"\b(?P<m>" + _MONTH_NAMES + r")\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\b(?!,?\s+\d{4})",
                        re.IGNORECASE)
_POSSESSIVE_YEAR = re.compile(r"(?<=['\u2019]s )(?P<y>1[89]\d\d|20\d\d)(?= [a-z])")


def _qualifier(text: str, start: int, match_text: str) -> tuple[str, int]:
    """The temporal preposition inside the match or just before it, and its length inside the match."""
    low = match_text.lower()
    for q in QUALIFIERS:
        if low.startswith(q + " ") or low.startswith(q + "-"):
            return q, len(q) + 1
    before = text[max(0, start - 12):start].lower().rstrip()
    for q in QUALIFIERS:
        if before.endswith(" " + q) or before == q:
            return q, 0
    return "", 0


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
    for m in find_dates(text):
        qual, cut = _qualifier(text, m.start, m.text)
        start = m.start + cut
        out.append((start, m.end, text[start:m.end], m.iso, m.precision, m.date, qual, False))
        taken.append((m.start, m.end))

    def free(s: int, e: int) -> bool:
        return not any(s < te and ts < e for ts, te in taken)

    if article.date is not None:
        for m in _MONTH_DAY.finditer(text):
            if not free(m.start(), m.end()):
                continue
            month, day = MONTHS[m.group("m").lower()], int(m.group("d"))
            year = article.date.year
            try:
                value = _dt.date(year, month, day)
                if (value - article.date).days > 31:
                    value = _dt.date(year - 1, month, day)
            except ValueError:
                continue
            qual, _ = _qualifier(text, m.start(), m.group())
            out.append((m.start(), m.end(), m.group(), value.isoformat(), "day", value, qual, True))
    for m in _POSSESSIVE_YEAR.finditer(text):
        if free(m.start(), m.end()):
            y = int(m.group("y"))
            qual, _ = _qualifier(text, m.start() - len(text[:m.start()].split()[-1]) - 1, m.group())
            out.append((m.start(), m.end(), m.group(), f"{y:04d}", "year", _dt.date(y, 1, 1), qual, False))
    return sorted(out)


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
    ents: dict[tuple[str, int], tuple[str, str]] = {}
    if mentions is not None and len(mentions):
        body = mentions[mentions["part"] == "body"] if "part" in mentions else mentions
        body = body.sort_values(["article_id", "start"], kind="mergesort")
        found: dict[tuple[str, int], dict[str, str]] = {}  # distinct entities per sentence, in text order
        for aid, sid, eid, name in zip(body["article_id"].tolist(), body["sentence_id"].tolist(),
                                       body["entity_id"].tolist(), body["name"].tolist()):
            if aid != aid or sid != sid:  # NaN keys are not grouped
                continue
            found.setdefault((aid, int(sid)), {}).setdefault(eid, name)
        ents = {key: ("; ".join(names), "; ".join(names.values())) for key, names in found.items()}
    rows = []
    for a in articles:
        for start, end, text, iso, precision, date, qual, inferred in article_dates(a):
            sent = a.sentence_at(start)
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
    per_iso: dict[str, set[str]] = {}
    for r in rows:
        per_iso.setdefault(r[5], set()).add(r[0])
    rows.sort(key=lambda r: (r[7], r[5], r[0], r[2]))
    cols: dict[str, object] = {c: [r[i] for r in rows] for i, c in enumerate(TIMELINE_COLUMNS[:-1])}
    cols["n_articles"] = np.array([len(per_iso[r[5]]) for r in rows], dtype=np.int64)
    for c in ("sentence_id", "start", "end"):
        cols[c] = np.array(cols[c], dtype=np.int64)
    return pd.DataFrame(cols)


