"""Stance and genre markers: hedges, boosters, normative modals, person reference, questions, imperatives.

These are the features that separate an opinion piece (argues, addresses the
reader, says what must happen) from a report (attributes, hedges). Tables:

* :func:`stance_hits` -- one row per marker: ``article_id, category, term,
  sentence_id, start, end, surface``
* :func:`stance` -- per article and category: ``article_id, category, hits,
  n_sentences, share_sentences, n_words, per_1000`` (all categories, zeros included)
* :func:`stance_evidence` -- per article, category and sentence
* :func:`stance_contrast` -- pairwise and one-vs-rest G2 / log ratio of the rates

By default words inside direct quotations are left out (they carry the quoted
speaker's stance, not the author's) and ``n_words`` counts the author's words only.
"""
from __future__ import annotations

import logging
from functools import cache
from typing import Iterable

import numpy as np
import pandas as pd

from .frames import (_SENTENCE_ID, _cached_matcher, _evidence, _in_order, _in_spans, _match_tokens,
                     _Matcher, _outside, _rates, _rates_table, _word_tokens, read_lexicon)
from .keyness import Correction, Reference, contrast_counts
from .model import Article, Sentence, as_articles
from .quotes import quote_spans

__all__ = ["CATEGORIES", "stance_lexicon", "stance_hits", "stance", "stance_evidence", "stance_contrast"]

LOGGER = logging.getLogger(__name__)

CATEGORIES = ("hedge", "booster", "normative", "first_person", "second_person", "question", "imperative")
HIT_COLUMNS = ["article_id", "category", "term", "sentence_id", "start", "end", "surface"]
STANCE_COLUMNS = ["article_id", "category", "hits", "n_sentences", "share_sentences", "n_words", "per_1000"]
_CLOSERS = "\"'\u201d\u2019)] \n"


@cache
def stance_lexicon() -> pd.DataFrame:
    """The packaged stance lexicon: ``category, term, source``.

    Examples
    --------
    >>> lex = stance_lexicon()
    >>> sorted(lex.loc[lex["category"] == "normative", "term"])
    ['has to', 'have to', 'must', 'need to', 'needs to', 'ought to', 'should']
    """
    return read_lexicon("stance_lexicon.csv")


def _compile(lexicon: pd.DataFrame) -> tuple[_Matcher, frozenset[str]]:
    """The word-marker matcher (the lexicon without the imperative verbs) and the imperative verbs."""
    cats, terms = lexicon["category"].tolist(), lexicon["term"].tolist()
    # word markers: the lexicon without the imperative verbs (which only count sentence-initially)
    entries = tuple((t, (c, t)) for c, t in zip(cats, terms) if c != "imperative")
    imperative = frozenset(str(t).lower() for c, t in zip(cats, terms) if c == "imperative")
    return _cached_matcher(entries), imperative


@cache
def _default_compiled() -> tuple[_Matcher, frozenset[str]]:
    """:func:`_compile` of the packaged lexicon, once."""
    return _compile(stance_lexicon())


def _article_rows(article: Article, matcher: _Matcher, imperative: frozenset[str],
                  exclude_quotes: bool) -> tuple[list[tuple], int]:
    """The hits of one article as rows of :data:`HIT_COLUMNS` (unsorted) and its author's word count."""
    text, aid = article.text, article.id
    spans = quote_spans(text) if exclude_quotes else []
    alpha = _word_tokens(article)
    ordered = _in_order(article)
    toks = _outside(alpha, spans, len(text), ordered)  # quote_spans are sorted and disjoint
    # sentence_id -> its first word token (the first one wins: built from the reversed tokens)
    first_tok = dict(zip(map(_SENTENCE_ID, reversed(alpha)), reversed(alpha)))
    all_toks = article.tokens
    index: dict[int, int] | None = None  # token start -> position in all_toks, built on demand
    sentences: dict[int, Sentence] | None = None
    rows = []
    for i, j, (category, term) in _match_tokens(toks, matcher):
        tok = toks[i]
        start, end, sid = tok.start, toks[j].end, tok.sentence_id
        surface = text[start:end]
        ft = first_tok.get(sid)
        initial = ft is not None and start == ft.start
        # capitalized mid-sentence or all-caps words are names ("May", "US"), not markers; "I" is a pronoun
        if " " not in surface and surface != "I" and (
                (surface[:1].isupper() and not initial) or (len(surface) > 1 and surface.isupper())):
            continue
        if term == "should" and initial:
            if sentences is None:
                sentences = {s.id: s for s in article.sentences}
            if not sentences[sid].text.rstrip(_CLOSERS).endswith("?"):
                continue  # "Should Trump choose to act, ..." is a conditional
        if term == "rather":  # "rather than" is a connective, not a hedge
            if index is None:
                index = {t.start: i for i, t in enumerate(all_toks)}
            k = index.get(start, -2) + 1
            if (all_toks[index[start] + 1].norm if k < len(all_toks) else "") == "than":
                continue
        rows.append((aid, category, term, sid, start, end, surface))
    for s in article.sentences:
        stripped = s.text.rstrip(_CLOSERS)
        if stripped.endswith("?"):
            qpos = s.start + len(stripped) - 1
            if not (spans and _in_spans(qpos, spans)):
                rows.append((aid, "question", "?", s.id, qpos, qpos + 1, "?"))
        else:
            t = first_tok.get(s.id)
            if t is not None and t.norm in imperative and not (spans and _in_spans(t.start, spans)):
                rows.append((aid, "imperative", t.norm, s.id, t.start, t.end, t.text))
    return rows, len(toks)


def _article_hits(article: Article, lexicon: pd.DataFrame, exclude_quotes: bool) -> pd.DataFrame:
    matcher, imperative = _default_compiled() if lexicon is stance_lexicon() else _compile(lexicon)
    rows, _ = _article_rows(article, matcher, imperative, exclude_quotes)
    rows.sort(key=lambda r: (r[4], r[1]))
    columns = list(zip(*rows)) if rows else [()] * len(HIT_COLUMNS)
    return pd.DataFrame({
        name: np.array(values, dtype=np.int64 if name in ("sentence_id", "start", "end") else object)
        for name, values in zip(HIT_COLUMNS, columns)
    })


def stance_hits(
    data: Article | Iterable[Article],
    *,
    lexicon: pd.DataFrame | None = None,
    exclude_quotes: bool = True,
) -> pd.DataFrame:
    """Every stance marker in the body of each article.

    Parameters
    ----------
    data : Article or iterable of Article
    lexicon : pandas.DataFrame, optional
        ``category, term``; defaults to :func:`stance_lexicon`.
    exclude_quotes : bool, optional (default=True)
        Ignore words inside direct quotations.

    Returns
    -------
    pandas.DataFrame
        ``article_id, category, term, sentence_id, start, end, surface`` in text order.
        Word markers are not counted when capitalized mid-sentence ("May" the
        month, "US"); sentence-initial "Should" in a statement is a conditional
        and is not normative; a question is a sentence ending in "?"; an
        imperative a sentence starting with a listed base-form verb.

    Examples
    --------
    >>> from geoanalysis.parsing import make_article
    >>> a = make_article('We must act. Perhaps he should go. They said "you must stop." Should we fail, so be it.', id="a")
    >>> stance_hits(a)[["category", "surface"]].values.tolist()
    [['first_person', 'We'], ['normative', 'must'], ['hedge', 'Perhaps'], ['normative', 'should'], ['first_person', 'we']]

    References
    ----------
    .. [1] Hyland, K. (2005). Metadiscourse: Exploring Interaction in Writing.
       London: Continuum.
    .. [2] Biber, D., Johansson, S., Leech, G., Conrad, S., & Finegan, E. (1999).
       Longman Grammar of Spoken and Written English. Harlow: Longman.
    """
    lex = stance_lexicon() if lexicon is None else lexicon
    parts = [_article_hits(a, lex, exclude_quotes) for a in as_articles(data)]
    parts = [p for p in parts if len(p)]
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype="int64" if c in ("sentence_id", "start", "end") else str)
                             for c in HIT_COLUMNS})
    return (parts[0] if len(parts) == 1 else pd.concat(parts, ignore_index=True))[HIT_COLUMNS]


def _author_words(article: Article, exclude_quotes: bool) -> int:
    if not exclude_quotes:
        return article.n_words
    return len(_outside(_word_tokens(article), quote_spans(article.text), len(article.text), _in_order(article)))


def stance(
    data: Article | Iterable[Article],
    *,
    lexicon: pd.DataFrame | None = None,
    exclude_quotes: bool = True,
    hits: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Rates of stance markers per article.

    Parameters
    ----------
    data : Article or iterable of Article
    lexicon : pandas.DataFrame, optional
    exclude_quotes : bool, optional (default=True)
        Leave quotations out of both the hits and ``n_words``.
    hits : pandas.DataFrame, optional
        Precomputed :func:`stance_hits` (with the same ``exclude_quotes``).

    Returns
    -------
    pandas.DataFrame
        ``article_id, category, hits, n_sentences, share_sentences, n_words,
        per_1000``, one row per article and category of :data:`CATEGORIES`.

    References
    ----------
    .. [1] Hyland, K. (2005). Metadiscourse: Exploring Interaction in Writing.
       London: Continuum.
    """
    articles = as_articles(data)
    if hits is None and lexicon is None and all(isinstance(a.id, str) for a in articles):
        return _default_stance(articles, exclude_quotes)
    if hits is None:
        hits = stance_hits(articles, lexicon=lexicon, exclude_quotes=exclude_quotes)
    words = {a.id: _author_words(a, exclude_quotes) for a in articles}
    return _rates(hits, articles, "category", CATEGORIES, n_words=words)[STANCE_COLUMNS]


def _default_stance(articles: list[Article], exclude_quotes: bool) -> pd.DataFrame:
    """:func:`stance` with the packaged lexicon, counted straight from the hit rows (no hits table)."""
    matcher, imperative = _default_compiled()
    counts: dict[tuple[str, str], list] = {}
    words: dict[str, int] = {}
    n_sent: dict[str, int] = {}
    for a in articles:
        rows, n_words = _article_rows(a, matcher, imperative, exclude_quotes)
        for row in rows:
            entry = counts.get((row[0], row[1]))
            if entry is None:
                entry = counts[(row[0], row[1])] = [0, set()]
            entry[0] += 1
            entry[1].add(row[3])
        words[a.id] = n_words
        n_sent[a.id] = len(a.sentences)
    return _rates_table(counts, [a.id for a in articles], "category", CATEGORIES, words, n_sent)


def stance_evidence(
    data: Article | Iterable[Article],
    *,
    lexicon: pd.DataFrame | None = None,
    exclude_quotes: bool = True,
    hits: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The sentences behind each stance rate: ``article_id, category, sentence_id, n_hits, terms, text``."""
    articles = as_articles(data)
    if hits is None:
        hits = stance_hits(articles, lexicon=lexicon, exclude_quotes=exclude_quotes)
    return _evidence(hits, articles, "category")


def stance_contrast(
    table: pd.DataFrame,
    *,
    reference: Reference = "both",
    correction: Correction = "fdr_bh",
) -> pd.DataFrame:
    """Compare stance rates between articles: :func:`geoanalysis.keyness.contrast_counts` on ``category``."""
    counts = table.rename(columns={"hits": "count"})[["article_id", "category", "count"]]
    totals = table.drop_duplicates("article_id").set_index("article_id")["n_words"]
    return contrast_counts(counts, key="category", totals=totals, reference=reference, correction=correction)


