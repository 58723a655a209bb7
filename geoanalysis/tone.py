"""Tone: VADER sentiment per sentence, summarized per article, per entity and per comparison.

VADER is applied to one sentence at a time: its compound score saturates on
long texts, so an article is never scored as one text. The default scorer is
an exact, faster re-implementation of NLTK's (:mod:`geoanalysis._vader`).
Tables:

* :func:`sentence_tone` -- ``article_id, sentence_id, neg, neu, pos, compound, label``
* :func:`tone` -- per article: ``article_id, n_sentences, mean_compound,
  median_compound, share_positive, share_neutral, share_negative``
* :func:`entity_tone` -- per article and entity, over the sentences that mention it
* :func:`tone_contrast` -- pairwise and one-vs-rest differences in mean compound
  with a Mann-Whitney U test on the sentence scores
"""
from __future__ import annotations

import logging
import operator
from functools import cache
from itertools import repeat
from typing import Any, Iterable

import numpy as np
import pandas as pd

from .keyness import Reference, comparison_groups
from .model import Article, as_articles

__all__ = ["sentence_tone", "tone", "entity_tone", "tone_contrast"]

LOGGER = logging.getLogger(__name__)

SENTENCE_COLUMNS = ["article_id", "sentence_id", "neg", "neu", "pos", "compound", "label"]
ARTICLE_COLUMNS = ["article_id", "n_sentences", "mean_compound", "median_compound",
                   "share_positive", "share_neutral", "share_negative"]
ENTITY_COLUMNS = ["article_id", "entity_id", "name", "type", "n_sentences", "mean_compound",
                  "share_positive", "share_negative"]
CONTRAST_COLUMNS = ["target", "reference", "n_target", "n_reference", "mean_target", "mean_reference",
                    "difference", "u_statistic", "p_value"]


def _check_threshold(threshold: float) -> None:
    if not 0 <= threshold < 1:
        raise ValueError(f"threshold = {threshold} is invalid; it must be >= 0 and < 1")


def _label(compound: np.ndarray, threshold: float) -> np.ndarray:
    return np.where(compound >= threshold, "positive", np.where(compound <= -threshold, "negative", "neutral"))


def sentence_tone(
    data: Article | Iterable[Article],
    *,
    analyzer: Any = None,
    threshold: float = 0.05,
) -> pd.DataFrame:
    """VADER scores of every body sentence.

    Parameters
    ----------
    data : Article or iterable of Article
    analyzer : object with ``polarity_scores(str) -> dict``, optional
        By default, NLTK's VADER on the lexicon of the ``vaderSentiment``
        package (:func:`geoanalysis.resources.vader_analyzer`, offline) as
        re-implemented in :mod:`geoanalysis._vader`: the same scores, float
        for float, many times faster. Pass ``vader_analyzer()`` to use NLTK's
        analyzer itself.
    threshold : float, optional (default=0.05)
        A sentence is "positive" when ``compound >= threshold``, "negative"
        when ``compound <= -threshold``, else "neutral" (the cut-offs of
        Hutto & Gilbert's reference implementation).

    Returns
    -------
    pandas.DataFrame
        ``article_id, sentence_id, neg, neu, pos, compound, label``.

    Examples
    --------
    >>> from geoanalysis.parsing import make_article
    >>> t = sentence_tone(make_article("Peace is wonderful. The war is a terrible tragedy.", id="a"))
    >>> t["label"].tolist()
    ['positive', 'negative']

    References
    ----------
    .. [1] Hutto, C. J., & Gilbert, E. (2014). VADER: A parsimonious rule-based
       model for sentiment analysis of social media text. Proceedings of ICWSM-14.
    """
    _check_threshold(threshold)
    articles = as_articles(data)
    ids: list[str] = []
    sids: list[int] = []
    if analyzer is None:
        # NLTK's VADER, re-implemented to give the same floats many times faster
        texts: list[str] = []
        for article in articles:
            sents = article.sentences
            ids += [str(article.id)] * len(sents)
            sids += [sent.id for sent in sents]
            texts += [sent.text for sent in sents]
        rows = _scorer().scores(texts)
        n = len(rows)
        columns = list(zip(*rows)) if n else [(), (), (), ()]  # neg, neu, pos, compound
        values = np.array(columns, dtype=np.float64)
        compound = columns[3]
    else:
        polarity = analyzer.polarity_scores
        neg: list[float] = []
        neu: list[float] = []
        pos: list[float] = []
        compound = []
        for article in articles:
            aid = str(article.id)
            for sent in article.sentences:
                s = polarity(sent.text)
                ids.append(aid)
                sids.append(sent.id)
                neg.append(s["neg"])
                neu.append(s["neu"])
                pos.append(s["pos"])
                compound.append(s["compound"])
        n = len(ids)
        values = np.empty((4, n), dtype=np.float64)
        for k, col in enumerate((neg, neu, pos, compound)):
            values[k] = np.array(col, dtype=np.float64)
    labels = ["positive" if c >= threshold else "negative" if c <= -threshold else "neutral" for c in compound]
    strings = np.empty((2, n), dtype=object)
    strings[0] = ids
    strings[1] = labels
    return _frame(SENTENCE_COLUMNS, [(strings, [0, 6]), (np.array([sids], dtype=np.int64), [1]),
                                     (values, [2, 3, 4, 5])])


def _scorer():
    """The fast VADER scorer (:func:`geoanalysis._vader.vader_scorer`), imported on first use."""
    global _SCORER
    if _SCORER is None:
        from ._vader import vader_scorer

        _SCORER = vader_scorer()
    return _SCORER


_SCORER = None


@cache
def _columns(names: tuple[str, ...]) -> pd.Index:
    return pd.Index(list(names), dtype=object)


def _frame(names: list[str], blocks: list[tuple[np.ndarray, list[int]]]) -> pd.DataFrame:
    """The frame with columns ``names`` made of ``blocks``: ``(values, positions)``, one per dtype.

    ``values[k]`` is the column at ``positions[k]``. This is
    ``pd.DataFrame({name: column})`` (same values, dtypes, column names,
    RangeIndex and one block per dtype, as the constructor makes) without the
    constructor's checks and inference, which cost more than scoring one
    article: the frame is assembled from its blocks. On first use the result is
    checked once against the constructor's; pandas' internals are used only
    while it matches.
    """
    global _BLOCKS_OK
    if _BLOCKS_OK is not False:
        try:
            frame = _block_frame(names, blocks)
        except Exception:  # noqa: BLE001 - pandas internals moved: use the public constructor from now on
            _BLOCKS_OK = False
        else:
            if _BLOCKS_OK:
                return frame
            _BLOCKS_OK = _same_frame(frame, _public_frame(names, blocks))
            if _BLOCKS_OK:
                return frame
    return _public_frame(names, blocks)


_BLOCKS_OK: bool | None = None
_INTERNALS: tuple = ()


def _public_frame(names: list[str], blocks: list[tuple[np.ndarray, list[int]]]) -> pd.DataFrame:
    columns = {loc: values[k] for values, locs in blocks for k, loc in enumerate(locs)}
    return pd.DataFrame({name: columns[loc] for loc, name in enumerate(names)},
                        index=pd.RangeIndex(blocks[0][0].shape[1]))


def _same_frame(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    return (a.equals(b) and a.columns.equals(b.columns) and a.index.equals(b.index)
            and list(a.dtypes) == list(b.dtypes) and type(a.index) is type(b.index)
            and type(a.columns) is type(b.columns) and a.columns.dtype == b.columns.dtype
            and a.columns.name == b.columns.name and a.index.name == b.index.name)


def _block_frame(names: list[str], blocks: list[tuple[np.ndarray, list[int]]]) -> pd.DataFrame:
    global _INTERNALS
    if not _INTERNALS:
        from pandas._libs.internals import BlockPlacement
        from pandas.core.internals.blocks import new_block_2d
        from pandas.core.internals.managers import BlockManager

        _INTERNALS = (BlockPlacement, new_block_2d, BlockManager)
    placement, new_block, manager = _INTERNALS
    key = (tuple(names), tuple(tuple(locs) for _, locs in blocks))
    layout = _LAYOUTS.get(key)
    if layout is None:
        # the column labels and block placements of this layout, made once (neither is ever modified in place)
        layout = _LAYOUTS[key] = (_columns(tuple(names))._values, [placement(locs) for _, locs in blocks])
    labels, placements = layout
    mgr = manager(tuple(new_block(values, p) for (values, _), p in zip(blocks, placements)),
                  [pd.Index._simple_new(labels, name=None), pd.RangeIndex._simple_new(range(blocks[0][0].shape[1]))],
                  verify_integrity=False)
    return pd.DataFrame._from_mgr(mgr, axes=mgr.axes)


_LAYOUTS: dict[tuple, tuple[np.ndarray, list]] = {}


def _columns_of(frame: pd.DataFrame, names: tuple[str, ...]) -> list[np.ndarray | None] | None:
    """The values of the named columns without building Series (None for a column that is not a plain
    numpy column); None if a name is missing or not unique."""
    labels = frame.columns.tolist()
    out: list[np.ndarray | None] = []
    for name in names:
        if labels.count(name) != 1:
            return None
        try:
            values = frame._get_column_array(labels.index(name))
        except AttributeError:  # pragma: no cover - a pandas without the private accessor
            values = frame[name].to_numpy()
        out.append(values if isinstance(values, np.ndarray) else None)
    return out


def _plain_strings(values: np.ndarray | None) -> list[str] | None:
    """``values.tolist()`` if every value is a ``str``, else None."""
    if values is None or values.dtype != object:
        return None
    out = values.tolist()
    try:
        "".join(out)  # raises TypeError unless every value is a str
    except TypeError:
        return None
    return out


def _plain_numbers(values: np.ndarray | None, dtype: type) -> list | None:
    """``values.tolist()`` for a column of exactly this dtype, else None."""
    if values is None or values.dtype != dtype:
        return None
    return values.tolist()


def _mean(values: list[float]) -> float:
    """Mean with Kahan-compensated summation, bit for bit as pandas' groupby ``mean``."""
    total = comp = 0.0
    for v in values:
        y = v - comp
        t = total + y
        comp = t - total - y
        total = t
    return total / len(values)


def _median(values: list[float]) -> float:
    """Median as pandas' groupby ``median`` (mean of the two middle values for an even count)."""
    xs = sorted(values)
    half = len(xs) // 2
    return xs[half] if len(xs) % 2 else (xs[half - 1] + xs[half]) / 2


def _fast_summary(groups: dict[tuple, tuple[list[float], list[str]]], keys: list[str]) -> pd.DataFrame:
    """:func:`_summary` from (compounds, labels) per group key, in sorted key order."""
    items = sorted(groups.items(), key=lambda item: item[0])
    cols: dict[str, Any] = {k: np.array([key[i] for key, _ in items], dtype=object) for i, k in enumerate(keys)}
    sizes = [len(c) for _, (c, _) in items]
    cols["n_sentences"] = np.array(sizes, dtype=np.int64)
    cols["mean_compound"] = np.array([_mean(c) for _, (c, _) in items], dtype=np.float64)
    cols["median_compound"] = np.array([_median(c) for _, (c, _) in items], dtype=np.float64)
    for name, label in (("share_positive", "positive"), ("share_neutral", "neutral"), ("share_negative", "negative")):
        cols[name] = np.array([lab.count(label) / n for (_, (_, lab)), n in zip(items, sizes)], dtype=np.float64)
    return pd.DataFrame(cols)


def _is_na(value: Any) -> bool:
    return value is None or value != value


def _groups(keys: Iterable[tuple], compound: Iterable[float], labels: Iterable[str]):
    """Compounds and labels per key (rows with a missing key left out, as by groupby); None if not plain."""
    groups: dict[tuple, tuple[list[float], list[str]]] = {}
    for key, c, lab in zip(keys, compound, labels):
        if any(_is_na(k) for k in key):
            continue
        if not isinstance(lab, str) or not isinstance(c, float):
            return None
        g = groups.get(key)
        if g is None:
            g = groups[key] = ([], [])
        g[0].append(c)
        g[1].append(lab)
    return groups


def _summary(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    g = frame.assign(_pos=frame["label"].eq("positive"), _neg=frame["label"].eq("negative"),
                     _neu=frame["label"].eq("neutral")).groupby(keys, sort=True)
    return pd.DataFrame({
        "n_sentences": g.size().astype("int64"),
        "mean_compound": g["compound"].mean(),
        "median_compound": g["compound"].median(),
        "share_positive": g["_pos"].mean(),
        "share_neutral": g["_neu"].mean(),
        "share_negative": g["_neg"].mean(),
    }).reset_index()


def tone(
    data: pd.DataFrame | Article | Iterable[Article],
    *,
    analyzer: Any = None,
    threshold: float = 0.05,
) -> pd.DataFrame:
    """Tone of each article from the tone of its sentences.

    Parameters
    ----------
    data : Corpus, iterable of Article, or pandas.DataFrame
        Articles, or a table from :func:`sentence_tone`.
    analyzer, threshold
        See :func:`sentence_tone`.

    Returns
    -------
    pandas.DataFrame
        ``article_id, n_sentences, mean_compound, median_compound,
        share_positive, share_neutral, share_negative``.

    References
    ----------
    .. [1] Hutto, C. J., & Gilbert, E. (2014). VADER: A parsimonious rule-based
       model for sentiment analysis of social media text. Proceedings of ICWSM-14.
    """
    sent = data if isinstance(data, pd.DataFrame) else sentence_tone(data, analyzer=analyzer, threshold=threshold)
    fast = _tone_fast(sent)
    if fast is not None:
        return fast
    if sent.empty:
        LOGGER.warning("tone: no sentences")
        return pd.DataFrame({c: pd.Series(dtype=str if c == "article_id" else float) for c in ARTICLE_COLUMNS})
    groups = _groups(zip(sent["article_id"].tolist()), sent["compound"].tolist(), sent["label"].tolist())
    if groups is None or any(not isinstance(k[0], str) for k in groups):
        return _summary(sent, ["article_id"])[ARTICLE_COLUMNS]
    return _fast_summary(groups, ["article_id"])[ARTICLE_COLUMNS]


def _tone_fast(sent: pd.DataFrame) -> pd.DataFrame | None:
    """:func:`tone` of a table of plain columns (str ids and labels, float64 compounds), else None."""
    columns = _columns_of(sent, ("article_id", "compound", "label"))
    if columns is None:
        return None
    ids = _plain_strings(columns[0])
    compound = _plain_numbers(columns[1], np.float64)
    labels = _plain_strings(columns[2])
    if not ids or compound is None or labels is None:
        return None
    if ids.count(ids[0]) == len(ids):  # one article
        items = [(ids[0], (compound, labels))]
    else:
        groups: dict[str, tuple[list[float], list[str]]] = {}
        for aid, c, lab in zip(ids, compound, labels):
            g = groups.get(aid)
            if g is None:
                g = groups[aid] = ([], [])
            g[0].append(c)
            g[1].append(lab)
        items = sorted(groups.items(), key=lambda item: item[0])
    k = len(items)
    values = np.empty((5, k), dtype=np.float64)  # mean, median, share positive, neutral, negative
    sizes = np.empty((1, k), dtype=np.int64)
    for g, (_, (c, lab)) in enumerate(items):
        size = len(c)
        sizes[0, g] = size
        values[:, g] = (_mean(c), _median(c), lab.count("positive") / size, lab.count("neutral") / size,
                        lab.count("negative") / size)
    strings = np.empty((1, k), dtype=object)
    strings[0] = [aid for aid, _ in items]
    return _frame(ARTICLE_COLUMNS, [(strings, [0]), (sizes, [1]), (values, [2, 3, 4, 5, 6])])


def entity_tone(sentences: pd.DataFrame, mentions: pd.DataFrame) -> pd.DataFrame:
    """Tone of the sentences that mention each entity, per article.

    A sentence mentioning an entity twice counts once. Headline mentions are
    not used (the headline is not among the scored sentences).

    Parameters
    ----------
    sentences : pandas.DataFrame
        From :func:`sentence_tone`.
    mentions : pandas.DataFrame
        The mentions table (``article_id, part, sentence_id, entity_id, name, type``).

    Returns
    -------
    pandas.DataFrame
        ``article_id, entity_id, name, type, n_sentences, mean_compound,
        share_positive, share_negative``, sorted by article_id and entity_id.
    """
    fast = _entity_tone_plain(sentences, mentions)
    if fast is None:
        fast = _entity_tone_fast(sentences, mentions)
    if fast is not None:
        return fast
    body = mentions[mentions["part"] == "body"] if "part" in mentions else mentions
    pairs = body[["article_id", "sentence_id", "entity_id", "name", "type"]].drop_duplicates(
        ["article_id", "sentence_id", "entity_id"])
    merged = pairs.merge(sentences, on=["article_id", "sentence_id"], how="inner")
    if merged.empty:
        return pd.DataFrame({c: pd.Series(dtype=float if c in ("mean_compound", "share_positive", "share_negative")
                                          else ("int64" if c == "n_sentences" else str)) for c in ENTITY_COLUMNS})
    out = _summary(merged, ["article_id", "entity_id", "name", "type"])
    return out[ENTITY_COLUMNS].sort_values(["article_id", "entity_id"], kind="mergesort").reset_index(drop=True)


def _entity_tone_plain(sentences: pd.DataFrame, mentions: pd.DataFrame) -> pd.DataFrame | None:
    """:func:`_entity_tone_fast` for tables of plain columns and one row per sentence, else None.

    The same groups, in the same order, with the same floats: the keys are
    coded as integers that sort as the keys do (article ids and ``(entity_id,
    name, type)`` by rank), a group's rows keep their table order (a stable
    sort), means of one or two values are written out as :func:`_mean`
    computes them, and the shares are integer counts over integer sizes as
    ``list.count(label) / n``.
    """
    columns = _columns_of(sentences, ("article_id", "sentence_id", "compound", "label"))
    if columns is None:
        return None
    s_ids = _plain_strings(columns[0])
    s_sids, compound, label = columns[1:]
    if s_ids is None or not _is_array(s_sids, np.int64) or not _is_array(compound, np.float64) \
            or _plain_strings(label) is None:
        return None
    with_part = "part" in mentions.columns.tolist()
    columns = _columns_of(mentions, ("article_id", "entity_id", "name", "type", "sentence_id")
                          + (("part",) if with_part else ()))
    if columns is None:
        return None
    aids, eids, names, types = (_plain_strings(c) for c in columns[:4])
    sids = columns[4]
    if aids is None or not _is_array(sids, np.int64) or eids is None or names is None or types is None:
        return None
    n, ns = len(aids), len(s_ids)
    if not n or not ns:
        return None  # the general path makes the empty table
    # every key as integers that sort as the key does: ranks of the strings, offsets of the sentence ids
    article_rank = {a: r for r, a in enumerate(sorted(set(aids).union(s_ids)))}
    s_art = np.fromiter(map(article_rank.__getitem__, s_ids), np.int64, len(s_ids))
    m_art = np.fromiter(map(article_rank.__getitem__, aids), np.int64, n)
    key, n_keys = _int_key([(np.concatenate([s_art, m_art]), len(article_rank)),
                            _offsets(np.concatenate([s_sids, sids]))])
    s_key, m_key = key[:ns], key[ns:]  # (article, sentence)
    s_order = np.argsort(s_key, kind="stable")
    s_sorted = s_key[s_order]
    if ns > 1 and not (s_sorted[1:] != s_sorted[:-1]).all():
        return None  # two rows for one sentence
    entity = _ranks(eids)
    # the first body mention of each (article, sentence, entity), in table order
    if with_part:
        parts = columns[5].tolist() if columns[5] is not None else mentions["part"].tolist()
        rows = np.flatnonzero(np.fromiter(map(operator.eq, parts, repeat("body")), bool, n))
    else:
        rows = np.arange(n)
    triple, _ = _int_key([(m_key[rows], n_keys), (entity[0][rows], entity[1])])
    kept = np.sort(rows[np.unique(triple, return_index=True)[1]])
    # the sentence of each (a mention of a sentence the table does not have is left out)
    at = np.minimum(np.searchsorted(s_sorted, m_key[kept]), ns - 1)
    found = s_sorted[at] == m_key[kept]
    kept, rows = kept[found], s_order[at[found]]
    if not len(kept):
        return None  # the general path makes the empty table
    # groups in key order, (article, entity_id, name, type); a stable sort keeps a group's rows in table order
    group, _ = _int_key([(m_art[kept], len(article_rank)),
                         *((r[kept], k) for r, k in (entity, _ranks(names), _ranks(types)))])
    order = np.argsort(group, kind="stable")
    group = group[order]
    rows = rows[order]
    c = compound[rows]
    positive = (label[rows] == "positive").astype(np.int64)
    negative = (label[rows] == "negative").astype(np.int64)
    starts = np.flatnonzero(np.concatenate([[True], group[1:] != group[:-1]]))
    k = len(starts)
    values = np.empty((3, k), dtype=np.float64)  # mean, share positive, share negative
    if k == len(group):  # one row per group
        sizes = np.ones((1, k), dtype=np.int64)
        values[0] = c + 0.0  # _mean of one value
        values[1] = positive / 1
        values[2] = negative / 1
    else:
        ends = np.empty(k, dtype=np.intp)
        ends[:-1] = starts[1:]
        ends[-1] = len(group)
        sizes = (ends - starts).astype(np.int64).reshape(1, k)
        values[0] = c[starts] + 0.0  # _mean of one value
        two = np.flatnonzero(sizes[0] == 2)
        values[0, two] = (0.0 + c[starts[two]] + c[starts[two] + 1]) / 2  # _mean of two values
        for g in np.flatnonzero(sizes[0] > 2).tolist():
            values[0, g] = _mean(c[starts[g]:ends[g]].tolist())
        values[1] = np.add.reduceat(positive, starts) / sizes[0]
        values[2] = np.add.reduceat(negative, starts) / sizes[0]
    firsts_in_table = kept[order][starts]  # each group's first mention
    strings = np.empty((4, k), dtype=object)
    for g, col in enumerate(columns[:4]):
        strings[g] = col[firsts_in_table]
    return _frame(ENTITY_COLUMNS, [(strings, [0, 1, 2, 3]), (sizes, [4]), (values, [5, 6, 7])])


def _ranks(values: list[str]) -> tuple[np.ndarray, int]:
    """The rank of each value among the distinct values (sorted), and their number."""
    distinct = sorted(set(values))
    rank = dict(zip(distinct, range(len(distinct))))
    return np.fromiter(map(rank.__getitem__, values), np.int64, len(values)), len(distinct)


def _offsets(values: np.ndarray) -> tuple[np.ndarray, int]:
    """Integers in ``range(size)`` that sort as ``values`` (int64) do, and ``size``."""
    if not len(values):
        return values, 1
    low, high = int(values.min()), int(values.max())
    if high - low < 2**31:
        return values - low, high - low + 1
    distinct, codes = np.unique(values, return_inverse=True)
    return codes.astype(np.int64), len(distinct)


def _int_key(codes: list[tuple[np.ndarray, int]]) -> tuple[np.ndarray, int]:
    """One int64 per row that compares as the rows of ``codes`` do (``(values, size)``, values in
    ``range(size)``), and the size of its range."""
    key, size = codes[0]
    for values, k in codes[1:]:
        if size * k >= 2**62:  # re-rank the key so far: it then fits
            distinct, key = np.unique(key, return_inverse=True)
            size = len(distinct)
        key = key * k + values
        size *= k
    return key.astype(np.int64, copy=False), size


def _is_array(values: np.ndarray | None, dtype: type) -> bool:
    """Whether ``values`` is a numpy column of exactly this dtype."""
    return values is not None and values.dtype == dtype


def _entity_tone_fast(sentences: pd.DataFrame, mentions: pd.DataFrame) -> pd.DataFrame | None:
    """:func:`entity_tone` without pandas joins, for plain tables (None otherwise: use the general path)."""
    if "part" in mentions:
        parts = mentions["part"].tolist()
    else:
        parts = None
    cols = [mentions[c].tolist() for c in ("article_id", "sentence_id", "entity_id", "name", "type")]
    s_ids, s_sids = sentences["article_id"].tolist(), sentences["sentence_id"].tolist()
    if any(not isinstance(x, str) for x in s_ids) or any(not isinstance(x, int) for x in s_sids) \
            or any(not isinstance(x, int) for x in cols[1]):
        return None
    # rows of the sentence table per (article_id, sentence_id), in table order
    by_sentence: dict[tuple[str, int], list[int]] = {}
    for i, key in enumerate(zip(s_ids, s_sids)):
        by_sentence.setdefault(key, []).append(i)
    compound, labels = sentences["compound"].tolist(), sentences["label"].tolist()
    keys: list[tuple] = []
    comps: list[float] = []
    labs: list[str] = []
    seen: set[tuple] = set()
    for k, (aid, sid, eid, name, typ) in enumerate(zip(*cols)):
        if parts is not None and parts[k] != "body":
            continue
        first = (aid, sid, eid)
        if first in seen:
            continue
        seen.add(first)
        for i in by_sentence.get((aid, sid), ()):
            keys.append((aid, eid, name, typ))
            comps.append(compound[i])
            labs.append(labels[i])
    if not keys:
        return None
    if any(not isinstance(x, str) for key in keys for x in key):
        return None
    groups = _groups(keys, comps, labs)
    if groups is None:
        return None
    out = _fast_summary(groups, ["article_id", "entity_id", "name", "type"])
    return out[ENTITY_COLUMNS]


def tone_contrast(sentences: pd.DataFrame, *, reference: Reference = "both") -> pd.DataFrame:
    """Difference in mean sentence compound between articles, with a rank test.

    Parameters
    ----------
    sentences : pandas.DataFrame
        From :func:`sentence_tone`.
    reference : {"both", "pairwise", "rest"}

    Returns
    -------
    pandas.DataFrame
        ``target, reference, n_target, n_reference, mean_target, mean_reference,
        difference, u_statistic, p_value`` where ``difference = mean_target -
        mean_reference`` and the test is the two-sided Mann-Whitney U test of
        the sentence compounds (``scipy.stats.mannwhitneyu``).

    References
    ----------
    .. [1] Mann, H. B., & Whitney, D. R. (1947). On a test of whether one of two
       random variables is stochastically larger than the other. Annals of
       Mathematical Statistics, 18(1), 50-60.
    """
    from scipy import stats  # imported here: scipy.stats takes about a second to import

    ids = sorted(sentences["article_id"].unique())
    values = {a: g["compound"].to_numpy() for a, g in sentences.groupby("article_id")}
    rows = []
    for target, ref, refs in comparison_groups(ids, reference):
        x = values[target]
        y = np.concatenate([values[r] for r in refs])
        if len(x) and len(y):
            u = stats.mannwhitneyu(x, y, alternative="two-sided")
            stat, p = float(u.statistic), float(u.pvalue)
        else:
            stat, p = np.nan, np.nan
        mx = float(x.mean()) if len(x) else np.nan
        my = float(y.mean()) if len(y) else np.nan
        rows.append((target, ref, len(x), len(y), mx, my, mx - my, stat, p))
    return pd.DataFrame(rows, columns=CONTRAST_COLUMNS).astype({"n_target": "int64", "n_reference": "int64"})


