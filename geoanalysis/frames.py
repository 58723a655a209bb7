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

import bisect
import logging
from functools import cache
from itertools import compress
from operator import attrgetter
from typing import Any, Iterable, Sequence

import numpy as np
import pandas as pd

from .keyness import Correction, Reference, contrast_counts
from .model import Article, Token, as_articles

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
_INF = float("inf")


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


_MATCHERS: dict = {}


class _Matcher:
    """A lexicon compiled for :func:`match_lexicon`: entries indexed by first word and by prefix."""

    __slots__ = ("exact", "prefix", "prefix_lens", "memo", "misses")

    def __init__(self, entries: Sequence[tuple[str, tuple]]):
        # entries: (term, output values); candidates keep the order of the original scan:
        # exact first words (lexicon order), then prefix patterns (lexicon order)
        self.exact: dict[str, list[tuple]] = {}
        self.prefix: dict[str, list[tuple]] = {}
        for order, (term, values) in enumerate(entries):
            words = tuple(str(term).lower().split())
            if not words:
                continue
            rest = tuple((w[:-1], True) if w.endswith("*") else (w, False) for w in words[1:])
            first = words[0]
            if first.endswith("*"):
                self.prefix.setdefault(first[:-1], []).append((-len(words), 1, order, rest, values))
            else:
                self.exact.setdefault(first, []).append((-len(words), 0, order, rest, values))
        self.prefix_lens = tuple(sorted({len(p) for p in self.prefix}))
        self.memo: dict[str, tuple] = {}  # candidates per token norm that starts an entry (see get)
        self.misses: set[str] = set()  # the token norms seen that start no entry

    def candidates(self, norm: str) -> tuple[tuple[tuple, ...], tuple | None, frozenset | None] | None:
        """Entries whose first word matches ``norm``, ready for :func:`_match_tokens`.

        The candidates are the exact first words, then the prefixes by length; at a token the
        best match is the least ``(-n_words, is_prefix, order)`` among those that match. Returned
        as ``(multi, single, seconds)``: the multi-word entries sorted by that key (the first that
        matches wins, as it beats every one-word entry), the best one-word entry (which always
        matches) and the set of second words of the multi-word entries (None if one of them is a
        prefix), or None when no entry starts with ``norm``.
        """
        cands = self.exact.get(norm)
        extra = [e for ln in self.prefix_lens if len(norm) >= ln for e in self.prefix.get(norm[:ln], ())]
        if extra:
            cands = (cands or []) + extra
        if not cands:
            return None
        multi = tuple(sorted((c for c in cands if c[3]), key=lambda c: c[:3]))
        single = min((c for c in cands if not c[3]), key=lambda c: c[:3], default=None)
        # the second words the multi-word entries need (None when one is a prefix)
        seconds = None if any(c[3][0][1] for c in multi) else frozenset(c[3][0][0] for c in multi)
        return multi, single, seconds

    def get(self, norm: str) -> tuple[tuple[tuple, ...], tuple | None, frozenset | None] | None:
        """:meth:`candidates`, memoized: in ``memo``, or ``norm`` in ``misses`` for None (both bounded)."""
        found = self.memo.get(norm)
        if found is not None or norm in self.misses:
            return found
        found = self.candidates(norm)
        seen = self.memo if found is not None else self.misses
        if len(seen) >= 200_000:
            seen.clear()
        if found is None:
            self.misses.add(norm)
        else:
            self.memo[norm] = found
        return found


def _matcher(lexicon: pd.DataFrame, key: str, extra: Sequence[str]) -> _Matcher:
    """The compiled lexicon, cached on its content (terms, categories and extra columns)."""
    return _cached_matcher(_matcher_entries(lexicon, key, extra))


def _matcher_entries(lexicon: pd.DataFrame, key: str, extra: Sequence[str]) -> tuple[tuple[str, tuple], ...]:
    """``(term, (key value, *extra values, term))`` per lexicon row."""
    terms = lexicon["term"].tolist()
    values = zip(lexicon[key].tolist(), *[lexicon[c].tolist() for c in extra], terms)
    return tuple(zip(terms, values))


def _cached_matcher(entries: tuple[tuple[str, tuple], ...]) -> _Matcher:
    found = _MATCHERS.get(entries)
    if found is None:
        if len(_MATCHERS) >= 32:
            _MATCHERS.clear()
        found = _MATCHERS[entries] = _Matcher(entries)
    return found


def _match_tokens(toks: Sequence[Token], matcher: _Matcher) -> list[tuple[int, int, tuple]]:
    """``(first, last, values)`` token indices of the longest non-overlapping matches, left to right."""
    get = matcher.memo.get
    misses = matcher.misses
    n_toks = len(toks)
    out = []
    nxt = 0  # the first token not inside the previous match
    # only tokens whose norm may start an entry (memoized candidates, or not seen yet) are visited
    for i in [i for i, t in enumerate(toks) if t.norm not in misses]:
        if i < nxt:
            continue
        tok = toks[i]
        found = get(tok.norm) or matcher.get(tok.norm)
        if found is None:
            continue
        multi, best, seconds = found
        if seconds is not None and (i + 1 == n_toks or toks[i + 1].norm not in seconds):
            multi = ()  # no multi-word entry can match here
        for cand in multi:  # sorted: the first that matches is the best
            rest = cand[3]
            n = len(rest) + 1
            if i + n > n_toks or toks[i + n - 1].sentence_id != tok.sentence_id:
                continue
            ok = True
            for k, (w, star) in enumerate(rest, start=i + 1):
                t = toks[k].norm
                if not (t.startswith(w) if star else t == w):
                    ok = False
                    break
            if ok:
                best = cand
                break
        if best is None:
            continue
        last = i - best[0] - 1
        out.append((i, last, best[4]))
        nxt = last + 1
    return out


_START = attrgetter("start")
_SENTENCE_ID = attrgetter("sentence_id")
_IS_ALPHA = attrgetter("is_alpha")


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
    matcher = _matcher(lexicon, key, extra)
    columns = ["article_id", key, *extra, "term", "sentence_id", "start", "end", "surface"]
    return _hits_frame(article, _alpha_tokens(article, skip), matcher, columns)


def _alpha_tokens(article: Article, skip: Sequence[tuple[int, int]] = ()) -> list[Token]:
    """The article's word tokens, without those starting inside a ``skip`` span."""
    if not skip:
        return _word_tokens(article)
    spans = sorted(skip)
    return [t for t in article.tokens if t.is_alpha and not _in_spans(t.start, spans)]


def _word_tokens(article: Article) -> list[Token]:
    """The article's word tokens (``is_alpha``), filtered in C."""
    tokens = article.tokens
    return list(compress(tokens, map(_IS_ALPHA, tokens)))


def _in_order(article: Article) -> bool:
    """Whether the sentences follow each other in the text with increasing ids.

    Then the tokens (:func:`~geoanalysis.tokenization.word_tokens` of those sentences) are in
    text order, and the tokens of a sentence are exactly those starting inside it.
    """
    sents = article.sentences
    return all(a.end <= b.start and a.id < b.id for a, b in zip(sents, sents[1:]))


def _outside(toks: list[Token], spans: Sequence[tuple[int, int]], length: int, ordered: bool) -> list[Token]:
    """``toks`` without those starting inside a span (as :func:`_in_spans` for disjoint sorted spans).

    ``ordered``: the tokens are in text order (cut out slices); ``length`` bounds every start.
    """
    if not spans:
        return toks
    if ordered:
        out: list[Token] = []
        pos = 0
        for s, e in spans:
            i = bisect.bisect_left(toks, s, pos, key=_START)
            out += toks[pos:i]
            pos = bisect.bisect_left(toks, e, i, key=_START)
        out += toks[pos:]
        return out
    keep = bytearray(b"\x01") * length
    for s, e in spans:
        keep[s:e] = bytes(len(keep[s:e]))
    return list(compress(toks, map(keep.__getitem__, map(_START, toks))))


def _hits_frame(article: Article, toks: list[Token], matcher: _Matcher, columns: list[str]) -> pd.DataFrame:
    """The hits table of :func:`match_lexicon` (built column by column)."""
    text, aid = article.text, article.id
    n_values = len(columns) - 5
    cols: list[list] = [[] for _ in columns]
    for first, last, values in _match_tokens(toks, matcher):
        tok, end = toks[first], toks[last].end
        cols[0].append(aid)
        for k in range(n_values):
            cols[1 + k].append(values[k])
        cols[-4].append(tok.sentence_id)
        cols[-3].append(tok.start)
        cols[-2].append(end)
        cols[-1].append(text[tok.start:end])
    data: dict[str, Any] = dict(zip(columns, cols))
    for c in ("sentence_id", "start", "end"):  # int64 columns (no astype pass: less overhead per article)
        data[c] = np.array(data[c], dtype=np.int64)
    return pd.DataFrame(data, columns=columns)


def _in_spans(offset: int, spans: Sequence[tuple[int, int]]) -> bool:
    k = bisect.bisect_right(spans, (offset, _INF)) - 1
    return k >= 0 and spans[k][0] <= offset < spans[k][1]




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
    parts = [match_lexicon(a, lex, key="frame", extra=("item",)) for a in as_articles(data)]
    parts = [p for p in parts if len(p)]
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype="int64" if c in ("sentence_id", "start", "end") else str)
                             for c in HIT_COLUMNS})
    return (parts[0] if len(parts) == 1 else pd.concat(parts, ignore_index=True))[HIT_COLUMNS]


def _fast_rates(hits: pd.DataFrame, ids: list[str], key: str, categories: Sequence[str],
                words: dict[str, int], n_sent: dict[str, int]) -> pd.DataFrame | None:
    """:func:`_rates` by plain counting (None when the ids are not plain strings: use pandas)."""
    if any(not isinstance(i, str) for i in ids):
        return None
    counts: dict[tuple[str, str], list] = {}
    for aid, cat, sid in zip(hits["article_id"].tolist(), hits[key].tolist(), hits["sentence_id"].tolist()):
        if aid != aid or cat != cat:  # NaN keys are not grouped
            continue
        entry = counts.get((aid, cat))
        if entry is None:
            entry = counts[(aid, cat)] = [0, set()]
        entry[0] += 1
        if sid == sid:
            entry[1].add(sid)
    return _rates_table(counts, ids, key, categories, words, n_sent)


def _rates_table(counts: dict[tuple[str, str], list], ids: list[str], key: str, categories: Sequence[str],
                 words: dict[str, int], n_sent: dict[str, int]) -> pd.DataFrame:
    """The rates table from ``counts[(article_id, category)] = [hits, sentence ids]``, columns in final order."""
    grid = [(a, c) for a in ids for c in categories]
    n_hits = [counts[k][0] if k in counts else 0 for k in grid]
    n_with = [len(counts[k][1]) if k in counts else 0 for k in grid]
    total = [n_sent[a] for a, _ in grid]
    n_words = [int(words[a]) for a, _ in grid]
    return pd.DataFrame({
        "article_id": np.array([a for a, _ in grid], dtype=object),
        key: np.array([c for _, c in grid], dtype=object),
        "hits": np.array(n_hits, dtype=np.int64),
        "n_sentences": np.array(n_with, dtype=np.int64),
        "share_sentences": np.array([n / t if t > 0 else 0.0 for n, t in zip(n_with, total)], dtype=np.float64),
        "n_words": np.array(n_words, dtype=np.int64),
        "per_1000": np.array([1000 * h / w if w > 0 else 0.0 for h, w in zip(n_hits, n_words)], dtype=np.float64),
    }, copy=False)


def _rates(hits: pd.DataFrame, articles: list[Article], key: str, categories: Sequence[str],
           n_words: dict[str, int] | None = None) -> pd.DataFrame:
    """Per article and category: hits, sentences with hits, share of sentences, rate per 1,000 words."""
    ids = [a.id for a in articles]
    words = n_words if n_words is not None else {a.id: a.n_words for a in articles}
    n_sent = {a.id: len(a.sentences) for a in articles}
    fast = _fast_rates(hits, ids, key, categories, words, n_sent)
    if fast is not None:
        return fast
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
    articles = as_articles(data)
    if hits is None and lexicon is None and all(isinstance(a.id, str) for a in articles):
        return _default_frames(articles)
    if hits is None:
        hits = frame_hits(articles, lexicon=lexicon)
    lex = frames_lexicon() if lexicon is None else lexicon
    return _rates(hits, articles, "frame", _categories(lex))[FRAME_COLUMNS]


def _categories(lex: pd.DataFrame) -> list[str]:
    """The frames of a lexicon: those of :data:`FRAMES` in that order, then any others sorted."""
    return [f for f in FRAMES if f in set(lex["frame"])] + sorted(set(lex["frame"]) - set(FRAMES))


@cache
def _default_matcher() -> tuple[_Matcher, tuple[str, ...]]:
    """The packaged frames lexicon compiled once, and its frames in table order."""
    lex = frames_lexicon()
    return _matcher(lex, "frame", ("item",)), tuple(_categories(lex))


def _default_frames(articles: list[Article]) -> pd.DataFrame:
    """:func:`frames` with the packaged lexicon, counted straight from the matches (no hits table).

    The same table as ``_rates(frame_hits(articles), ...)``: the hits of an article are the
    matches of :func:`_match_tokens` and each counts once for its frame and sentence.
    """
    matcher, cats = _default_matcher()
    counts: dict[tuple[str, str], list] = {}
    words: dict[str, int] = {}
    n_sent: dict[str, int] = {}
    for a in articles:
        aid = a.id
        toks = _word_tokens(a)
        for first, _last, values in _match_tokens(toks, matcher):
            entry = counts.get((aid, values[0]))
            if entry is None:
                entry = counts[(aid, values[0])] = [0, set()]
            entry[0] += 1
            entry[1].add(toks[first].sentence_id)
        words[aid] = len(toks)
        n_sent[aid] = len(a.sentences)
    return _rates_table(counts, [a.id for a in articles], "frame", cats, words, n_sent)


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
    articles = as_articles(data)
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


