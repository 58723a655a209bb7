"""News frames (Semetko & Valkenburg 2000) from a packaged indicator lexicon, with evidence sentences.

Tables:

* :func:`frame_hits` -- one row per lexicon hit: ``article_id, frame, item, term,
  sentence_id, start, end, surface``
* :func:`frames` -- per article and frame: ``article_id, frame, hits,
  n_sentences, share_sentences, n_words, per_1000`` (all five frames, zeros included)
* :func:`frame_evidence` -- per article, frame and sentence: ``article_id, frame,
  sentence_id, n_hits, terms, text``
* :func:`frames_contrast` -- pairwise and one-vs-rest G2 / log ratio of frame rates

The lexicon format (shared with :mod:`geoanalysis.stance`) is documented in
``geoanalysis/data/README-lexicons.md``.
"""
from __future__ import annotations

import logging
from functools import cache
from typing import Iterable, Sequence

import pandas as pd

from .keyness import Correction, Reference, contrast_counts
from .model import Article, Token

__all__ = [
    "FRAMES",
    "frames_lexicon",
    "match_lexicon",
    "frame_hits",
    "frames",
    "frame_evidence",
    "frames_contrast",
]

LOGGER = logging.getLogger(__name__)

#: the five generic news frames of Semetko & Valkenburg (2000)
FRAMES = ("responsibility", "conflict", "human_interest", "economic", "morality")
HIT_COLUMNS = ["article_id", "frame", "item", "term", "sentence_id", "start", "end", "surface"]
FRAME_COLUMNS = ["article_id", "frame", "hits", "n_sentences", "share_sentences", "n_words", "per_1000"]
EVIDENCE_COLUMNS = ["article_id", "frame", "sentence_id", "n_hits", "terms", "text"]


def read_lexicon(name: str) -> pd.DataFrame:
    """A packaged lexicon CSV (``#`` comment lines, then a header)."""
    from .resources import data_path

    return pd.read_csv(data_path(name), comment="#", dtype=str, keep_default_na=False)


@cache
def frames_lexicon() -> pd.DataFrame:
    """The packaged frame indicator lexicon: ``frame, term, item``.

    Examples
    --------
    >>> sorted(frames_lexicon()["frame"].unique()) == sorted(FRAMES)
    True
    """
    return read_lexicon("frames_lexicon.csv")


def _compile(lexicon: pd.DataFrame, key: str) -> dict[str, list[tuple[tuple[str, ...], dict]]]:
    """Index lexicon rows by their first word (a prefix pattern under ``"*"``)."""
    index: dict[str, list[tuple[tuple[str, ...], dict]]] = {}
    for row in lexicon.to_dict("records"):
        words = tuple(str(row["term"]).lower().split())
        if not words:
            continue
        first = "*" if words[0].endswith("*") else words[0]
        index.setdefault(first, []).append((words, row))
    return index


def _word_match(pattern: str, norm: str) -> bool:
    return norm.startswith(pattern[:-1]) if pattern.endswith("*") else norm == pattern


def match_lexicon(
    article: Article,
    lexicon: pd.DataFrame,
    *,
    key: str,
    skip: Sequence[tuple[int, int]] = (),
    extra: Sequence[str] = (),
) -> pd.DataFrame:
    """Occurrences of lexicon terms in an article's body, one row per hit.

    A term is one or more words matched against consecutive word tokens
    (``Token.norm``) of one sentence; a trailing ``*`` matches a prefix. At a
    given token the longest term wins and matches do not overlap.

    Parameters
    ----------
    article : Article
    lexicon : pandas.DataFrame
        Columns ``term`` and ``key`` (and any others, copied when named in ``extra``).
    key : str
        The category column, e.g. ``"frame"``.
    skip : sequence of (start, end)
        Character spans whose tokens are ignored (e.g. quotations).
    extra : sequence of str
        Further lexicon columns to copy to the output.

    Returns
    -------
    pandas.DataFrame
        ``article_id, <key>, *extra, term, sentence_id, start, end, surface``.
    """
    index = _compile(lexicon, key)
    prefixed = index.get("*", [])
    skip = sorted(skip)
    toks: list[Token] = [t for t in article.tokens if t.is_alpha and not _in_spans(t.start, skip)]
    rows = []
    i = 0
    while i < len(toks):
        tok = toks[i]
        best = None
        for words, row in index.get(tok.norm, []) + prefixed:
            n = len(words)
            seq = toks[i:i + n]
            if len(seq) == n and all(_word_match(w, t.norm) for w, t in zip(words, seq)) \
                    and seq[-1].sentence_id == tok.sentence_id:
                if best is None or n > len(best[0]):
                    best = (words, row)
        if best is None:
            i += 1
            continue
        words, row = best
        last = toks[i + len(words) - 1]
        rows.append((article.id, row[key], *[row[c] for c in extra], row["term"], tok.sentence_id,
                     tok.start, last.end, article.text[tok.start:last.end]))
        i += len(words)
    columns = ["article_id", key, *extra, "term", "sentence_id", "start", "end", "surface"]
    return pd.DataFrame(rows, columns=columns).astype({"sentence_id": "int64", "start": "int64", "end": "int64"})


def _in_spans(offset: int, spans: Sequence[tuple[int, int]]) -> bool:
    import bisect

    k = bisect.bisect_right(spans, (offset, float("inf"))) - 1
    return k >= 0 and spans[k][0] <= offset < spans[k][1]


def _articles(data: Article | Iterable[Article]) -> list[Article]:
    return [data] if isinstance(data, Article) else list(data)


def frame_hits(data: Article | Iterable[Article], *, lexicon: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every frame-indicator hit in the body of each article.

    Parameters
    ----------
    data : Article or iterable of Article
    lexicon : pandas.DataFrame, optional
        ``frame, term, item``; defaults to :func:`frames_lexicon`.

    Returns
    -------
    pandas.DataFrame
        ``article_id, frame, item, term, sentence_id, start, end, surface``.

    Examples
    --------
    >>> from geoanalysis.parsing import make_article
    >>> frame_hits(make_article("Sanctions hurt trade. The war goes on.", id="a"))[["frame", "surface"]].values.tolist()
    [['economic', 'Sanctions'], ['economic', 'trade'], ['conflict', 'war']]

    References
    ----------
    .. [1] Semetko, H. A., & Valkenburg, P. M. (2000). Framing European politics:
       A content analysis of press and television news. Journal of
       Communication, 50(2), 93-109.
    """
    lex = frames_lexicon() if lexicon is None else lexicon
    parts = [match_lexicon(a, lex, key="frame", extra=("item",)) for a in _articles(data)]
    parts = [p for p in parts if len(p)]
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype="int64" if c in ("sentence_id", "start", "end") else str)
                             for c in HIT_COLUMNS})
    return pd.concat(parts, ignore_index=True)[HIT_COLUMNS]


def _rates(hits: pd.DataFrame, articles: list[Article], key: str, categories: Sequence[str],
           n_words: dict[str, int] | None = None) -> pd.DataFrame:
    """Per article and category: hits, sentences with hits, share of sentences, rate per 1,000 words."""
    ids = [a.id for a in articles]
    words = n_words if n_words is not None else {a.id: a.n_words for a in articles}
    n_sent = {a.id: len(a.sentences) for a in articles}
    grid = pd.MultiIndex.from_product([ids, list(categories)], names=["article_id", key])
    g = hits.groupby(["article_id", key])
    out = pd.DataFrame({"hits": g.size(), "n_sentences": g["sentence_id"].nunique()}).reindex(grid, fill_value=0)
    out = out.reset_index()
    out["hits"] = out["hits"].astype("int64")
    out["n_sentences"] = out["n_sentences"].astype("int64")
    total_sent = out["article_id"].map(n_sent).astype(float)
    out["share_sentences"] = (out["n_sentences"] / total_sent.where(total_sent > 0)).fillna(0.0)
    out["n_words"] = out["article_id"].map(words).astype("int64")
    out["per_1000"] = (1000 * out["hits"] / out["n_words"].where(out["n_words"] > 0)).fillna(0.0)
    return out


def frames(
    data: Article | Iterable[Article],
    *,
    lexicon: pd.DataFrame | None = None,
    hits: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Rate of each news frame per article.

    Parameters
    ----------
    data : Article or iterable of Article
    lexicon : pandas.DataFrame, optional
        Defaults to :func:`frames_lexicon`.
    hits : pandas.DataFrame, optional
        Precomputed :func:`frame_hits`.

    Returns
    -------
    pandas.DataFrame
        ``article_id, frame, hits, n_sentences, share_sentences, n_words,
        per_1000``: one row per article and frame (zeros included), in the order
        of the articles and of :data:`FRAMES`. ``n_sentences`` counts sentences
        with at least one hit and ``share_sentences`` divides by all sentences.

    References
    ----------
    .. [1] Semetko, H. A., & Valkenburg, P. M. (2000). Framing European politics:
       A content analysis of press and television news. Journal of
       Communication, 50(2), 93-109.
    """
    articles = _articles(data)
    if hits is None:
        hits = frame_hits(articles, lexicon=lexicon)
    lex = frames_lexicon() if lexicon is None else lexicon
    cats = [f for f in FRAMES if f in set(lex["frame"])] + sorted(set(lex["frame"]) - set(FRAMES))
    return _rates(hits, articles, "frame", cats)[FRAME_COLUMNS]


def _evidence(hits: pd.DataFrame, articles: list[Article], key: str) -> pd.DataFrame:
    cols = ["article_id", key, "sentence_id", "n_hits", "terms", "text"]
    if hits.empty:
        return pd.DataFrame({c: pd.Series(dtype="int64" if c in ("sentence_id", "n_hits") else str) for c in cols})
    text = {(a.id, s.id): s.text for a in articles for s in a.sentences}
    g = hits.groupby(["article_id", key, "sentence_id"], sort=True)
    out = pd.DataFrame({
        "n_hits": g.size().astype("int64"),
        "terms": g["surface"].agg(lambda s: "; ".join(s)),
    }).reset_index()
    out["text"] = [text.get((a, s), "") for a, s in zip(out["article_id"], out["sentence_id"])]
    return out[cols]


def frame_evidence(
    data: Article | Iterable[Article],
    *,
    lexicon: pd.DataFrame | None = None,
    hits: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The sentences behind each frame rate.

    Returns
    -------
    pandas.DataFrame
        ``article_id, frame, sentence_id, n_hits, terms, text`` (``terms``: the
        matched surfaces joined with "; "), sorted by article, frame and sentence.
    """
    articles = _articles(data)
    if hits is None:
        hits = frame_hits(articles, lexicon=lexicon)
    return _evidence(hits, articles, "frame")


def frames_contrast(
    table: pd.DataFrame,
    *,
    reference: Reference = "both",
    correction: Correction = "fdr_bh",
) -> pd.DataFrame:
    """Compare frame rates between articles (pairwise and one-vs-rest).

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`frames` (uses ``hits`` and ``n_words``).

    Returns
    -------
    pandas.DataFrame
        :func:`geoanalysis.keyness.contrast_counts` columns with ``frame`` as
        key and totals = words per article (``per_1000_*`` are frame rates).
    """
    counts = table.rename(columns={"hits": "count"})[["article_id", "frame", "count"]]
    totals = table.drop_duplicates("article_id").set_index("article_id")["n_words"]
    return contrast_counts(counts, key="frame", totals=totals, reference=reference, correction=correction)


