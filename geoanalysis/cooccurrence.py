"""Entity co-occurrence: counts per context unit, association measures and edge evidence.

Tables
------
``edges`` (:func:`cooccurrence`), one row per entity pair and article (or ``"all"``):

==============  =========================================================
article_id      the article, or ``"all"`` for ``by=None`` (pooled)
source, target  entity ids, ``source < target``, never equal
source_name,    canonical names
target_name
count           co-occurring mention pairs (``2`` mentions x ``1`` mention
                in one sentence count ``2``)
contexts        contexts in which both occur (the *binary* count)
weight          ``contexts``, ``count`` or the sum of ``1/d`` (see ``weighting``)
source_n,       contexts containing the source / target entity, and all
target_n, n     contexts (the margins of the 2 x 2 table)
pmi, npmi,      association measures of the 2 x 2 table of contexts
jaccard, dice,
g2
==============  =========================================================

Contexts
--------
``unit="sentence"``: the sentence, id ``"<article_id>:s<sentence_id>"``;
``"paragraph"``: ``"<article_id>:p<paragraph_id>"``; the headline is a context
of its own for both, id ``"<article_id>:h0"``.  ``"document"``: the whole
article with its headline, id ``"<article_id>"``.  ``"window"``: two mentions
co-occur when their first tokens are at most ``window`` tokens apart
(``token_index`` of the mentions table, body only, sentence boundaries
ignored); the context of a mention pair is the window of ``window + 1`` tokens
that starts at the earlier mention, id ``"<article_id>:w<first>-<last>"``
(token indices), and there is one such window per distinct mention position.
An entity occurs in every window holding one of its mentions and a pair in
every window holding both (windows overlap), so the contingency table of a
pair is consistent with its margins; ``count`` sums the mention pairs of every
window, and ``inverse_distance`` weighs each mention pair once.
Headline mentions take no part in window co-occurrence.

Only contexts that contain at least one entity mention are counted in ``n``:
a sentence without entities says nothing about any pair.  With
``unit="document"`` and ``by="article"`` every entity occurs in the one
context, so the measures are uninformative; pool documents (``by=None``).
"""
from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from itertools import chain, combinations, repeat
from typing import TYPE_CHECKING, Iterable, Literal, Sequence

import numpy as np
import pandas as pd
from scipy.special import xlogy

if TYPE_CHECKING:  # pragma: no cover
    from .model import Article, Corpus

__all__ = [
    "CooccurrenceCounts",
    "cooccurrence",
    "cooccurrence_counts",
    "pool_counts",
    "association_measures",
    "edge_evidence",
    "evidence_text",
]

LOGGER = logging.getLogger(__name__)

Unit = Literal["sentence", "paragraph", "document", "window"]
Weighting = Literal["binary", "count", "inverse_distance"]
Level = Literal["entity", "country"]

UNITS = ("sentence", "paragraph", "document", "window")
WEIGHTINGS = ("binary", "count", "inverse_distance")
LEVELS = ("entity", "country")
POOLED_ID = "all"

MENTION_COLUMNS = ["article_id", "part", "sentence_id", "paragraph_id", "entity_id", "name"]
PAIR_COLUMNS = ["article_id", "source", "target", "count", "contexts", "weight"]
ENTITY_COLUMNS = ["article_id", "entity_id", "name", "type", "country", "mentions", "contexts"]
CONTEXT_COLUMNS = ["article_id", "n"]
EVIDENCE_COLUMNS = ["article_id", "source", "target", "context_id", "count", "weight"]
MEASURE_COLUMNS = ["pmi", "npmi", "jaccard", "dice", "g2"]
EDGE_COLUMNS = (
    ["article_id", "source", "target", "source_name", "target_name", "count", "contexts", "weight"]
    + ["source_n", "target_n", "n"]
    + MEASURE_COLUMNS
)


@dataclass(frozen=True)
class CooccurrenceCounts:
    """The integer tables co-occurrence measures are computed from.

    Every table is a sum over contexts, so the counts of a corpus are the sums
    of the counts of its articles (:func:`pool_counts`); measures come after
    the reduction (:func:`association_measures`).

    Attributes
    ----------
    pairs : pandas.DataFrame
        ``article_id, source, target, count, contexts, weight``.
    entities : pandas.DataFrame
        ``article_id, entity_id, name, type, country, mentions, contexts``:
        mentions of each entity and the contexts containing it.
    contexts : pandas.DataFrame
        ``article_id, n``: contexts with at least one mention.
    unit, weighting, level : str
        The options the counts were made with.
    window : int
    """

    pairs: pd.DataFrame
    entities: pd.DataFrame
    contexts: pd.DataFrame
    unit: str = "sentence"
    weighting: str = "binary"
    level: str = "entity"
    window: int = 5


# --------------------------------------------------------------------------- validation


def _check_options(unit: str, window: int, weighting: str, level: str, by: str | None = "article") -> None:
    if unit not in UNITS:
        raise ValueError(f"unit = {unit!r} is invalid; it must be one of {UNITS}")
    if isinstance(window, bool) or not isinstance(window, (int, np.integer)) or window < 1:
        raise ValueError(f"window = {window!r} is invalid; it must be an int >= 1")
    if weighting not in WEIGHTINGS:
        raise ValueError(f"weighting = {weighting!r} is invalid; it must be one of {WEIGHTINGS}")
    if weighting == "inverse_distance" and unit != "window":
        raise ValueError(
            f"weighting = 'inverse_distance' is invalid with unit = {unit!r}; it needs unit = 'window'"
        )
    if level not in LEVELS:
        raise ValueError(f"level = {level!r} is invalid; it must be one of {LEVELS}")
    if by not in ("article", None):
        raise ValueError(f"by = {by!r} is invalid; it must be 'article' or None")


def _check_columns(mentions: pd.DataFrame, unit: str) -> None:
    missing = [c for c in MENTION_COLUMNS if c not in mentions.columns]
    if missing:
        raise ValueError(f"mentions is missing the columns {missing}; see geoanalysis.entities")
    if unit == "window" and "token_index" not in mentions.columns:
        raise ValueError(
            "unit = 'window' needs the mentions column 'token_index' (index of the mention's first "
            "body token); use a mentions table from geoanalysis.entities.extract_mentions"
        )


def _prepare(mentions: pd.DataFrame, unit: str, level: str, headline: bool) -> pd.DataFrame:
    """Validate, roll up to countries, keep the rows the unit uses."""
    _check_columns(mentions, unit)
    m = mentions
    if level == "country" and len(m):
        from .entities import to_country_level

        m = to_country_level(m)
    keep = np.ones(len(m), dtype=bool)
    is_headline = (m["part"] == "headline").to_numpy()
    if unit == "window":
        keep &= ~is_headline
        ti = pd.to_numeric(m["token_index"], errors="coerce")
        keep &= ti.notna().to_numpy() & (ti.fillna(-1).to_numpy() >= 0)
    elif not headline:
        keep &= ~is_headline
    m = m.loc[keep]
    for col in ("type", "country"):
        if col not in m.columns:
            m = m.assign(**{col: ""})
    return m


# --------------------------------------------------------------------------- core


def _codes(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Integer codes in sorted order of the values, and the sorted uniques."""
    codes, uniques = pd.factorize(values.astype(str), sort=True)
    return codes.astype(np.int64), np.asarray(uniques, dtype=object)


def _within_group_pairs(group_end: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """All index pairs ``i < j`` with ``j < group_end[i]`` (rows sorted by group)."""
    n = len(group_end)
    k = group_end - np.arange(n) - 1
    k[k < 0] = 0
    left = np.repeat(np.arange(n), k)
    offsets = np.arange(int(k.sum())) - np.repeat(np.cumsum(k) - k, k)
    return left, left + 1 + offsets


def _context_numbers(m: pd.DataFrame, unit: str) -> np.ndarray:
    headline = (m["part"] == "headline").to_numpy()
    if unit == "sentence":
        num = m["sentence_id"].to_numpy(dtype=np.int64)
    elif unit == "paragraph":
        num = m["paragraph_id"].to_numpy(dtype=np.int64)
    else:  # document
        return np.zeros(len(m), dtype=np.int64)
    return np.where(headline, -1, num)


def _context_labels(articles: np.ndarray, art: np.ndarray, num: np.ndarray, unit: str, window: int) -> np.ndarray:
    """String ids of contexts given article codes and context numbers."""
    a = pd.Series(articles[art], dtype=object).astype(str)
    if unit == "document":
        return a.to_numpy(dtype=object)
    n = pd.Series(num)
    if unit == "window":
        return (a + ":w" + n.astype(str) + "-" + (n + window).astype(str)).to_numpy(dtype=object)
    prefix = ":s" if unit == "sentence" else ":p"
    labels = a + prefix + n.astype(str)
    labels[(n < 0).to_numpy()] = a[(n < 0).to_numpy()] + ":h0"
    return labels.to_numpy(dtype=object)


def _context_occurrences(art: np.ndarray, num: np.ndarray, ent: np.ndarray) -> tuple[np.ndarray, ...]:
    """The entities of each context (article, number) and their pairs, from the codes of the mentions.

    Returns ``o_art, o_num, o_ent, o_n`` (one row per distinct article,
    number, entity, sorted, with its mentions), ``gstarts`` (the first row of
    each context) and ``i, j`` (the rows of each pair ``i < j`` of entities
    of a context, so ``o_ent[i] < o_ent[j]``).
    """
    order = np.lexsort((ent, num, art))
    art_s, num_s, ent_s = art[order], num[order], ent[order]
    # occurrences: unique (article, number, entity) with mention counts
    change = np.ones(len(order), dtype=bool)
    change[1:] = (art_s[1:] != art_s[:-1]) | (num_s[1:] != num_s[:-1]) | (ent_s[1:] != ent_s[:-1])
    starts = np.flatnonzero(change)
    o_art, o_num, o_ent = art_s[starts], num_s[starts], ent_s[starts]
    o_n = np.diff(np.append(starts, len(order)))
    # group = context
    gchange = np.ones(len(starts), dtype=bool)
    gchange[1:] = (o_art[1:] != o_art[:-1]) | (o_num[1:] != o_num[:-1])
    gid = np.cumsum(gchange) - 1
    gstarts = np.flatnonzero(gchange)
    gend = np.append(gstarts[1:], len(starts))[gid]
    i, j = _within_group_pairs(gend)
    return o_art, o_num, o_ent, o_n, gstarts, i, j


@dataclass(frozen=True)
class _Core:
    """Integer-coded intermediate: pair rows per context and entity margins."""

    articles: np.ndarray  # sorted article ids
    entity_ids: np.ndarray  # sorted entity ids
    # one row per (context, pair)
    p_art: np.ndarray
    p_ctx: np.ndarray  # context number within the article
    p_src: np.ndarray
    p_tgt: np.ndarray
    p_count: np.ndarray  # mention pairs in this context
    p_invd: np.ndarray
    # one row per (article, entity)
    e_art: np.ndarray
    e_ent: np.ndarray
    e_mentions: np.ndarray
    e_contexts: np.ndarray
    # one row per article
    n_contexts: np.ndarray
    m: pd.DataFrame


def _core(m: pd.DataFrame, unit: str, window: int) -> _Core:
    art, articles = _codes(m["article_id"])
    ent, entity_ids = _codes(m["entity_id"])
    n_ent = max(len(entity_ids), 1)
    n_art = len(articles)

    # mentions per (article, entity)
    me_key, me_count = np.unique(art * n_ent + ent, return_counts=True)

    if unit != "window":
        num = _context_numbers(m, unit)
        o_art, o_num, o_ent, o_n, gstarts, i, j = _context_occurrences(art, num, ent)
        p_art, p_ctx = o_art[i], o_num[i]
        p_src, p_tgt = o_ent[i], o_ent[j]
        p_count = o_n[i] * o_n[j]
        p_invd = np.zeros(len(i), dtype=float)
        # entity margins: contexts containing the entity
        ek, e_ctx = np.unique(o_art * n_ent + o_ent, return_counts=True)
        n_contexts = np.bincount(o_art[gstarts], minlength=n_art)
    else:
        pos = m["token_index"].to_numpy(dtype=np.int64)
        order = np.lexsort((ent, pos, art))
        art_s, pos_s, ent_s = art[order], pos[order], ent[order]
        span = int(pos_s.max()) + window + 2 if len(pos_s) else 1
        key = art_s * span + pos_s
        right = np.searchsorted(key, key + window, side="right")
        i, j = _within_group_pairs(right)
        distinct = ent_s[i] != ent_s[j]
        i, j = i[distinct], j[distinct]
        a_i, a_j = ent_s[i], ent_s[j]
        src, tgt = np.minimum(a_i, a_j), np.maximum(a_i, a_j)
        d = np.maximum(pos_s[j] - pos_s[i], 1)
        # contexts = windows [anchor, anchor + window] anchored at each distinct mention position;
        # a mention pair lies in (and is counted in) every window whose anchor is in
        # [pos_j - window, pos_i]; its inverse distance is counted once, in the window anchored
        # at its earlier mention
        anchors = np.unique(key)
        lo = np.searchsorted(anchors, key[j] - window, side="left")
        hi = np.searchsorted(anchors, key[i], side="right")
        cnt = hi - lo
        rep = np.repeat(np.arange(len(i)), cnt)
        anc = anchors[np.repeat(lo, cnt) + (np.arange(int(cnt.sum())) - np.repeat(np.cumsum(cnt) - cnt, cnt))]
        first = anc == key[i][rep]
        pk = np.stack([art_s[i][rep], anc % span, src[rep], tgt[rep]])
        if pk.shape[1]:
            uk, inv = np.unique(pk, axis=1, return_inverse=True)
            inv = inv.ravel()
            p_art, p_ctx, p_src, p_tgt = uk
            p_count = np.bincount(inv, minlength=uk.shape[1]).astype(np.int64)
            p_invd = np.bincount(inv, weights=np.where(first, 1.0 / d[rep], 0.0), minlength=uk.shape[1])
        else:
            p_art = p_ctx = p_src = p_tgt = p_count = np.zeros(0, dtype=np.int64)
            p_invd = np.zeros(0, dtype=float)
        # entity margins: windows holding a mention of the entity
        lo = np.searchsorted(anchors, key - window, side="left")
        hi = np.searchsorted(anchors, key, side="right")
        # anchors in another article cannot fall in [key - window, key] because span > window
        cnt = hi - lo
        rows = np.repeat(np.arange(len(key)), cnt)
        anc = np.repeat(lo, cnt) + (np.arange(int(cnt.sum())) - np.repeat(np.cumsum(cnt) - cnt, cnt))
        occ = np.unique(np.stack([anc, ent_s[rows]]), axis=1) if len(rows) else np.zeros((2, 0), np.int64)
        ek, e_ctx = np.unique((anchors[occ[0]] // span) * n_ent + occ[1], return_counts=True)
        n_contexts = np.bincount(anchors // span, minlength=n_art)

    e_art, e_ent = ek // n_ent, ek % n_ent
    # mentions aligned with ek (every entity with a context has mentions)
    mpos = np.searchsorted(me_key, ek)
    e_mentions = me_count[mpos]
    return _Core(
        articles=articles,
        entity_ids=entity_ids,
        p_art=np.asarray(p_art, dtype=np.int64),
        p_ctx=np.asarray(p_ctx, dtype=np.int64),
        p_src=np.asarray(p_src, dtype=np.int64),
        p_tgt=np.asarray(p_tgt, dtype=np.int64),
        p_count=np.asarray(p_count, dtype=np.int64),
        p_invd=np.asarray(p_invd, dtype=float),
        e_art=e_art,
        e_ent=e_ent,
        e_mentions=e_mentions.astype(np.int64),
        e_contexts=e_ctx.astype(np.int64),
        n_contexts=n_contexts.astype(np.int64),
        m=m,
    )


def _entity_info(m: pd.DataFrame) -> pd.DataFrame:
    """name, type, country per entity id (first mention in table order)."""
    info = m.groupby("entity_id", sort=True)[["name", "type", "country"]].first()
    return info.fillna("").astype(str)


def _entity_columns(m: pd.DataFrame, ent_ids: np.ndarray) -> list[np.ndarray]:
    """name, type, country of each of ``ent_ids`` as :func:`_entity_info` gives them (object arrays).

    When every value is a str, the first row of each entity gives them; with
    string entity ids and nulls, :func:`_first_names` finds the same first
    non-null values without a groupby (unless a value is neither str nor null).
    """
    arrays = [m[c].to_numpy() for c in ("entity_id", "name", "type", "country")]
    if all(a.dtype == object and pd.api.types.infer_dtype(a, skipna=False) == "string" for a in arrays):
        codes, uniques = pd.factorize(arrays[0])  # in order of first appearance
        _, first_row = np.unique(codes, return_index=True)
        rows = first_row[pd.Index(uniques).get_indexer(ent_ids)]
        return [a[rows] for a in arrays[1:]]
    eids, *columns = _column_lists(m, ["entity_id", "name", "type", "country"])
    first = _first_names(eids, None, *columns) if _all_of_type(eids, str) else None
    if first is None:
        info = _entity_info(m)
        return [info[c].reindex(ent_ids).to_numpy() for c in ("name", "type", "country")]
    rows = [first[e] for e in ent_ids.tolist()]
    return [_object_column([row[k] for row in rows]) for k in range(3)]


def _empty_counts(unit: str, weighting: str, level: str, window: int) -> CooccurrenceCounts:
    pairs = pd.DataFrame({c: pd.Series(dtype=t) for c, t in zip(PAIR_COLUMNS, [object, object, object, "int64", "int64", "float64"])})
    entities = pd.DataFrame(
        {c: pd.Series(dtype=t) for c, t in zip(ENTITY_COLUMNS, [object] * 5 + ["int64", "int64"])}
    )
    contexts = pd.DataFrame({"article_id": pd.Series(dtype=object), "n": pd.Series(dtype="int64")})
    return CooccurrenceCounts(pairs, entities, contexts, unit, weighting, level, window)


# --------------------------------------------------------------------------- plain-Python path
#
# One article holds ~100 mentions: there the numpy and pandas machinery of _core costs far more
# than the counting.  For the units other than "window" the functions below count with dicts over
# plain lists and build the same tables.  They decline (None) for any table that is not plain (ids
# that are not str, context numbers that are not int, names that are neither str nor null) and
# for an empty selection; the general path then runs and gives the answer, warning or error it
# always gave.  cooccurrence_counts takes this path for tables of up to PLAIN_MAX_ROWS mentions
# (a few dozen articles); the numpy path is the faster one for larger tables.

PLAIN_MAX_ROWS = 4096


@dataclass(frozen=True)
class _UnitContexts:
    """The contexts of a mentions table and the entities each holds, as plain Python.

    Attributes
    ----------
    contexts : dict
        ``(article_id, number) -> {entity_id: mentions}``, numbers as in
        :func:`_context_numbers` (-1 for the headline, 0 for the document);
        contexts and entities in table order.
    repeated : set
        The keys of the contexts holding an entity more than once.
    info : dict
        ``entity_id -> (name, type, country)``: the first non-null value of
        each in table order, ``""`` when there is none (as :func:`_entity_info`).
    """

    contexts: dict[tuple[str, int], dict[str, int]]
    repeated: set[tuple[str, int]]
    info: dict[str, Sequence[str]]


def _column_lists(frame: pd.DataFrame, names: Sequence[str]) -> list[list]:
    """``[frame[c].tolist() for c in names]``, without building a Series per column when possible."""
    get = getattr(frame, "_get_column_array", None)
    if get is not None:
        locs = [frame.columns.get_loc(c) for c in names]
        if all(type(loc) is int for loc in locs):
            return [get(loc).tolist() for loc in locs]
    return [frame[c].tolist() for c in names]  # pragma: no cover - duplicate column names, another pandas


def _all_of_type(values: list, kind: type) -> bool:
    return set(map(type, values)) <= {kind}


def _plain_columns(mentions: pd.DataFrame, unit: str, level: str) -> tuple | None:
    """``(m, article ids, parts, entity ids, context numbers)`` as lists for the plain paths, or None.

    ``m`` is the table at the level; the numbers are those of the unit's
    column (an iterable of 0 for ``"document"``).  None for the window unit
    and for a table that is not plain: ids that are not all str, numbers that
    are not all int.
    """
    if unit == "window":
        return None
    _check_columns(mentions, unit)
    m = mentions
    if level == "country" and len(m):
        from .entities import to_country_level

        m = to_country_level(m)
    document = unit == "document"
    names = ["article_id", "part", "entity_id"]
    if not document:
        names.append("sentence_id" if unit == "sentence" else "paragraph_id")
    lists = _column_lists(m, names)
    aids, parts, eids = lists[:3]
    if not (_all_of_type(aids, str) and _all_of_type(eids, str)):
        return None
    if document:
        nums: Iterable[int] = repeat(0)
    else:
        nums = lists[3]
        if not _all_of_type(nums, int):
            return None
    return m, aids, parts, eids, nums


@dataclass(frozen=True)
class _UnitPairs:
    """The pairs of entities in each context of a unit, integer coded.

    Attributes
    ----------
    articles, entity_ids : numpy.ndarray
        The sorted article and entity ids (object arrays) the codes index.
    ctx_art, ctx_num : numpy.ndarray
        The article code and number (as :func:`_context_numbers`) of each
        context holding a pair, sorted.
    pair_ctx, pair_src, pair_tgt : numpy.ndarray
        One row per pair and context: the context (index into ``ctx_art``)
        and the entity codes, ``pair_src < pair_tgt``.
    """

    articles: np.ndarray
    entity_ids: np.ndarray
    ctx_art: np.ndarray
    ctx_num: np.ndarray
    pair_ctx: np.ndarray
    pair_src: np.ndarray
    pair_tgt: np.ndarray


def _unit_pairs(mentions: pd.DataFrame, unit: str, level: str, headline: bool) -> _UnitPairs | None:
    """The contexts of :func:`_unit_contexts` that hold a pair, and their pairs, with numpy; or None.

    None where :func:`_unit_contexts` is None, and for a context number
    beyond int64.
    """
    columns = _plain_columns(mentions, unit, level)
    if columns is None:
        return None
    _, aids, parts, eids, nums = columns
    n = len(aids)
    head = np.asarray(_object_column(parts) == "headline", dtype=bool)
    try:
        num = np.zeros(n, dtype=np.int64) if unit == "document" else np.array(nums, dtype=np.int64)
    except OverflowError:
        return None
    if unit != "document":
        num[head] = -1
    keep = np.ones(n, dtype=bool) if headline else ~head
    if not keep.any():
        return None
    art, articles = pd.factorize(_object_column(aids)[keep], sort=True)
    ent, entity_ids = pd.factorize(_object_column(eids)[keep], sort=True)
    o_art, o_num, o_ent, _, gstarts, i, j = _context_occurrences(
        art.astype(np.int64), num[keep], ent.astype(np.int64))
    context = np.searchsorted(gstarts, i, side="right") - 1
    paired, pair_ctx = np.unique(context, return_inverse=True)
    return _UnitPairs(
        articles=np.asarray(articles, dtype=object),
        entity_ids=np.asarray(entity_ids, dtype=object),
        ctx_art=o_art[gstarts[paired]],
        ctx_num=o_num[gstarts[paired]],
        pair_ctx=pair_ctx.ravel().astype(np.int64),
        pair_src=o_ent[i],
        pair_tgt=o_ent[j],
    )


def _unit_contexts(mentions: pd.DataFrame, unit: str, level: str, headline: bool) -> _UnitContexts | None:
    """The contexts of ``unit`` (not "window") and their entities, or None for the general path.

    Keeps the rows :func:`_prepare` keeps and numbers contexts as
    :func:`_context_numbers`; the pairs of a context are the pairs of its
    sorted entity ids (:func:`_context_pairs`).
    """
    columns = _plain_columns(mentions, unit, level)
    if columns is None:
        return None
    m, aids, parts, eids, nums = columns
    document = unit == "document"
    contexts: dict[tuple[str, int], dict[str, int]] = {}
    repeated: set[tuple[str, int]] = set()
    for aid, part, num, eid in zip(aids, parts, nums, eids):
        if part == "headline":
            if not headline:
                continue
            if not document:
                num = -1
        key = (aid, num)
        ents = contexts.get(key)
        if ents is None:
            contexts[key] = {eid: 1}
        elif eid in ents:
            ents[eid] += 1
            repeated.add(key)
        else:
            ents[eid] = 1
    if not contexts:
        return None
    kept = [not (part == "headline") for part in parts] if not headline else None
    present = [c for c in ("name", "type", "country") if c in m.columns]
    found = dict(zip(present, _column_lists(m, present)))
    first = _first_names(eids, kept, *(found.get(c) or [""] * len(eids) for c in ("name", "type", "country")))
    if first is None:
        return None
    return _UnitContexts(contexts, repeated, first)


def _first_names(eids: list, kept: list[bool] | None, *columns: list) -> dict[str, Sequence[str]] | None:
    """``entity_id -> (name, type, country)``, the first non-null of each over the kept rows, or None."""
    if kept is not None:
        eids = [e for e, k in zip(eids, kept) if k]
        columns = tuple([v for v, k in zip(col, kept) if k] for col in columns)
    if all(_all_of_type(col, str) for col in columns):
        # no nulls: the first row of each entity; the reversed comprehension keeps it (its value is set last)
        names, types, countries = (reversed(col) for col in columns)
        return {e: (n, t, c) for e, n, t, c in zip(reversed(eids), names, types, countries)}
    info: dict[str, list] = {}
    for eid, *values in zip(eids, *columns):
        for i, v in enumerate(values):
            if type(v) is not str:
                if not (pd.api.types.is_scalar(v) and pd.isna(v)):
                    return None  # the general path turns it into str
                values[i] = None
        known = info.get(eid)
        if known is None:
            info[eid] = values
        else:
            for i, v in enumerate(known):
                if v is None:
                    known[i] = values[i]
    return {eid: ["" if v is None else v for v in values] for eid, values in info.items()}


def _context_pairs(ents: dict[str, int]) -> list[tuple[str, str, int]]:
    """``(source, target, mention pairs)`` of one context, ``source < target``, sorted."""
    order = sorted(ents)
    out = []
    for i, src in enumerate(order):
        n = ents[src]
        for tgt in order[i + 1 :]:
            out.append((src, tgt, n * ents[tgt]))
    return out


def _object_column(values: Sequence) -> np.ndarray:
    """A 1-d object array of ``values`` (str, dates ...), never a 2-d array of their items."""
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


@cache
def _column_index(names: tuple[str, ...]) -> pd.Index:
    return pd.Index(list(names), dtype=object)


def _frame(columns: dict[str, np.ndarray]) -> pd.DataFrame:
    """``pd.DataFrame(columns)`` for 1-d numpy columns of one length, without the constructor's checks.

    The pandas constructor validates and infers every column and then
    consolidates its blocks, which costs more than the counting on one
    article; the columns here are already numpy arrays of their final dtypes
    (object, bool, int64, float64), so the frame is assembled from one block
    per dtype as the constructor leaves it (the same frame: values, dtypes,
    column names, a RangeIndex).  Another pandas falls back to the constructor.
    """
    arrays = list(columns.values())
    n = len(arrays[0]) if arrays else 0
    names = _column_index(tuple(columns)).copy()
    index = pd.RangeIndex(n)
    if _BLOCKS is not None and arrays and all(a.ndim == 1 and a.dtype.kind in "Obif" and len(a) == n for a in arrays):
        try:
            groups: dict[np.dtype, list[int]] = {}
            for k, a in enumerate(arrays):
                groups.setdefault(a.dtype, []).append(k)
            blocks = []
            for dtype, where in groups.items():
                values = np.empty((len(where), n), dtype=dtype)
                for row, k in enumerate(where):
                    values[row] = arrays[k]
                blocks.append(_BLOCKS.new_block(values, _BLOCKS.BlockPlacement(tuple(where)), ndim=2))
            mgr = _BLOCKS.BlockManager(tuple(blocks), [names, index], verify_integrity=False)
            return pd.DataFrame._from_mgr(mgr, axes=mgr.axes)
        except (AttributeError, TypeError, ValueError):  # pragma: no cover - pandas internals changed
            pass
    return pd.DataFrame(columns, index=index)  # pragma: no cover


def _pandas_blocks():
    """pandas' block constructors (pandas 2.x internals), or None."""
    try:
        from types import SimpleNamespace

        from pandas._libs.internals import BlockPlacement
        from pandas.core.internals import BlockManager
        from pandas.core.internals.blocks import new_block

        if not hasattr(pd.DataFrame, "_from_mgr"):
            return None
        return SimpleNamespace(BlockPlacement=BlockPlacement, BlockManager=BlockManager, new_block=new_block)
    except ImportError:  # pragma: no cover
        return None


_BLOCKS = _pandas_blocks()


def _plain_counts(uc: _UnitContexts, unit: str, weighting: str, level: str, window: int) -> CooccurrenceCounts:
    """The tables of :func:`_counts` (one row per article) from :func:`_unit_contexts`."""
    by_article: dict[str, list[dict[str, int]]] = {}
    for (aid, _), ents in uc.contexts.items():
        by_article.setdefault(aid, []).append(ents)
    repeated: dict[str, list[dict[str, int]]] = {}
    for key in uc.repeated:
        repeated.setdefault(key[0], []).append(uc.contexts[key])
    p_art: list[str] = []
    p_keys: list[tuple[str, str]] = []
    p_count: list[int] = []
    p_contexts: list[int] = []
    e_art: list[str] = []
    e_ids: list[str] = []
    e_mentions: list[int] = []
    e_contexts: list[int] = []
    arts = sorted(by_article)
    for aid in arts:
        ctxs = by_article[aid]
        # contexts holding each pair and each entity; mention pairs and mentions differ from them
        # only in the contexts that hold an entity more than once
        pair_ctx = Counter(chain.from_iterable(combinations(sorted(e), 2) for e in ctxs if len(e) > 1))
        ent_ctx = Counter(chain.from_iterable(ctxs))
        pair_n, ent_n = pair_ctx, ent_ctx
        if aid in repeated:
            pair_n, ent_n = pair_ctx.copy(), ent_ctx.copy()
            for ents in repeated[aid]:
                for eid, k in ents.items():
                    ent_n[eid] += k - 1
                for src, tgt, k in _context_pairs(ents):
                    pair_n[(src, tgt)] += k - 1
        keys = sorted(pair_ctx)
        p_art.extend(repeat(aid, len(keys)))
        p_keys.extend(keys)
        p_count.extend(map(pair_n.__getitem__, keys))
        p_contexts.extend(map(pair_ctx.__getitem__, keys))
        ekeys = sorted(ent_ctx)
        e_art.extend(repeat(aid, len(ekeys)))
        e_ids.extend(ekeys)
        e_mentions.extend(map(ent_n.__getitem__, ekeys))
        e_contexts.extend(map(ent_ctx.__getitem__, ekeys))
    sources, targets = zip(*p_keys) if p_keys else ((), ())
    count = np.array(p_count, dtype=np.int64)
    contexts = np.array(p_contexts, dtype=np.int64)
    weight = (contexts if weighting == "binary" else count).astype(float)
    pairs = _frame(
        {
            "article_id": _object_column(p_art),
            "source": _object_column(sources),
            "target": _object_column(targets),
            "count": count,
            "contexts": contexts,
            "weight": weight,
        }
    )
    infos = [uc.info[e] for e in e_ids]
    entities = _frame(
        {
            "article_id": _object_column(e_art),
            "entity_id": _object_column(e_ids),
            "name": _object_column([v[0] for v in infos]),
            "type": _object_column([v[1] for v in infos]),
            "country": _object_column([v[2] for v in infos]),
            "mentions": np.array(e_mentions, dtype=np.int64),
            "contexts": np.array(e_contexts, dtype=np.int64),
        }
    )
    ctx = _frame(
        {
            "article_id": _object_column(arts),
            "n": np.array([len(by_article[a]) for a in arts], dtype=np.int64),
        }
    )
    return CooccurrenceCounts(pairs, entities, ctx, unit, weighting, level, window)


def cooccurrence_counts(
    mentions: pd.DataFrame,
    *,
    unit: Unit = "sentence",
    window: int = 5,
    weighting: Weighting = "binary",
    level: Level = "entity",
    headline: bool = True,
) -> CooccurrenceCounts:
    """Co-occurrence counts of entity pairs per article, with the margins measures need.

    This is the per-article map step: :func:`pool_counts` sums the tables of
    many articles (or chunks) and :func:`association_measures` turns counts
    into measures, so a corpus can be processed article by article.

    Parameters
    ----------
    mentions : pandas.DataFrame
        A mentions table (:func:`geoanalysis.entities.extract_mentions`).
    unit : {"sentence", "paragraph", "document", "window"}, optional (default="sentence")
        The context two mentions must share; see the module docstring.
    window : int, optional (default=5)
        Maximum distance in tokens for ``unit="window"``.
    weighting : {"binary", "count", "inverse_distance"}, optional (default="binary")
        What ``weight`` holds: ``contexts`` (a pair counts once per context),
        ``count`` (mention pairs) or the sum of ``1/d`` over mention pairs at
        token distance ``d`` (``unit="window"`` only; ``d`` is at least 1).
    level : {"entity", "country"}, optional (default="entity")
        ``"country"`` rolls entities up to their country first
        (:func:`geoanalysis.entities.to_country_level`); pairs that become
        self-pairs (Putin and Russia) disappear.
    headline : bool, optional (default=True)
        Whether headline mentions take part (ignored for ``unit="window"``).

    Returns
    -------
    CooccurrenceCounts

    Examples
    --------
    >>> import pandas as pd
    >>> m = pd.DataFrame({"article_id": "a", "part": "body", "sentence_id": [0, 0, 1],
    ...                   "paragraph_id": 0, "entity_id": ["x", "y", "x"], "name": ["X", "Y", "X"]})
    >>> c = cooccurrence_counts(m)
    >>> c.pairs.to_dict("records")
    [{'article_id': 'a', 'source': 'x', 'target': 'y', 'count': 1, 'contexts': 1, 'weight': 1.0}]
    >>> c.contexts.to_dict("records")
    [{'article_id': 'a', 'n': 2}]
    """
    _check_options(unit, window, weighting, level)
    return _counts(mentions, unit, window, weighting, level, headline, pooled=False)


def _counts(
    mentions: pd.DataFrame, unit: str, window: int, weighting: str, level: str, headline: bool, *, pooled: bool
) -> CooccurrenceCounts:
    """Counts per article, or summed over articles straight away (``pooled``)."""
    if not pooled and unit != "window" and len(mentions) <= PLAIN_MAX_ROWS:
        uc = _unit_contexts(mentions, unit, level, headline)
        if uc is not None:
            return _plain_counts(uc, unit, weighting, level, window)
    m = _prepare(mentions, unit, level, headline)
    if not len(m):
        LOGGER.warning("no mentions: the co-occurrence tables are empty")
        return _empty_counts(unit, weighting, level, window)
    core = _core(m, unit, window)
    n_ent = max(len(core.entity_ids), 1)
    p_art = np.zeros_like(core.p_art) if pooled else core.p_art
    e_art = np.zeros_like(core.e_art) if pooled else core.e_art
    articles = np.array([POOLED_ID], dtype=object) if pooled else core.articles
    key = (p_art * n_ent + core.p_src) * n_ent + core.p_tgt
    uk, inv = np.unique(key, return_inverse=True)
    inv = inv.ravel()
    count = np.bincount(inv, weights=core.p_count, minlength=len(uk)).round().astype(np.int64)
    contexts = np.bincount(inv, minlength=len(uk)).astype(np.int64)
    if weighting == "binary":
        weight = contexts.astype(float)
    elif weighting == "count":
        weight = count.astype(float)
    else:
        weight = np.bincount(inv, weights=core.p_invd, minlength=len(uk))
    tgt = uk % n_ent
    src = (uk // n_ent) % n_ent
    art = uk // (n_ent * n_ent)
    pairs = _frame(
        {
            "article_id": articles[art],
            "source": core.entity_ids[src],
            "target": core.entity_ids[tgt],
            "count": count,
            "contexts": contexts,
            "weight": weight,
        }
    )
    ekey = e_art * n_ent + core.e_ent
    euk, einv = np.unique(ekey, return_inverse=True)
    einv = einv.ravel()
    e_mentions = np.bincount(einv, weights=core.e_mentions, minlength=len(euk)).round().astype(np.int64)
    e_contexts = np.bincount(einv, weights=core.e_contexts, minlength=len(euk)).round().astype(np.int64)
    ent_ids = core.entity_ids[euk % n_ent]
    name, kind, country = _entity_columns(m, ent_ids)
    entities = _frame(
        {
            "article_id": articles[euk // n_ent],
            "entity_id": ent_ids,
            "name": name,
            "type": kind,
            "country": country,
            "mentions": e_mentions,
            "contexts": e_contexts,
        }
    )
    n = (np.array([core.n_contexts.sum()]) if pooled else core.n_contexts).astype(np.int64)
    ctx = _frame({"article_id": articles[n > 0], "n": n[n > 0]})
    return CooccurrenceCounts(pairs, entities, ctx, unit, weighting, level, window)


def pool_counts(counts: CooccurrenceCounts | Iterable[CooccurrenceCounts]) -> CooccurrenceCounts:
    """Sum co-occurrence counts over articles (the reduce step); ``article_id`` becomes ``"all"``.

    Parameters
    ----------
    counts : CooccurrenceCounts or iterable of CooccurrenceCounts
        Counts of one or several articles or chunks, made with the same options.

    Returns
    -------
    CooccurrenceCounts
        ``count``, ``contexts``, ``weight``, ``mentions`` and ``n`` are sums,
        so pooled counts equal the sum of per-article counts.
    """
    parts = [counts] if isinstance(counts, CooccurrenceCounts) else list(counts)
    if not parts:
        raise ValueError("counts is empty; pass at least one CooccurrenceCounts")
    first = parts[0]
    opts = {(p.unit, p.weighting, p.level, p.window) for p in parts}
    if len(opts) > 1:
        raise ValueError(f"counts were made with different options {sorted(opts)}; pool like with like")
    pairs = pd.concat([p.pairs for p in parts], ignore_index=True)
    ents = pd.concat([p.entities for p in parts], ignore_index=True)
    ctx = pd.concat([p.contexts for p in parts], ignore_index=True)
    if not len(ctx):
        return _empty_counts(first.unit, first.weighting, first.level, first.window)
    pairs = pairs.groupby(["source", "target"], sort=True, as_index=False)[["count", "contexts", "weight"]].sum()
    pairs.insert(0, "article_id", POOLED_ID)
    ents = ents.groupby("entity_id", sort=True, as_index=False).agg(
        name=("name", "first"), type=("type", "first"), country=("country", "first"),
        mentions=("mentions", "sum"), contexts=("contexts", "sum"),
    )
    ents.insert(0, "article_id", POOLED_ID)
    ctx = pd.DataFrame({"article_id": [POOLED_ID], "n": [int(ctx["n"].sum())]})
    return CooccurrenceCounts(pairs, ents, ctx, first.unit, first.weighting, first.level, first.window)


def association_measures(counts: CooccurrenceCounts) -> pd.DataFrame:
    """Association measures of every pair from its 2 x 2 table of contexts.

    With ``a`` the contexts holding both entities (``contexts``), ``f1`` and
    ``f2`` the contexts holding each (``source_n``, ``target_n``) and ``N``
    all contexts of the article or pool (``n``):

    - ``pmi`` = log2(a N / (f1 f2)), pointwise mutual information [1]_;
    - ``npmi`` = pmi / -log2(a / N), in [-1, 1], 1 when ``a = N`` [2]_;
    - ``jaccard`` = a / (f1 + f2 - a), in [0, 1] [3]_;
    - ``dice`` = 2 a / (f1 + f2), in [0, 1] [4]_;
    - ``g2`` = 2 sum O ln(O / E) over the four cells, the log-likelihood
      ratio [5]_, negative when ``a`` is below its expectation ``f1 f2 / N``
      (signed as in [6]_).

    Parameters
    ----------
    counts : CooccurrenceCounts
        Per-article or pooled counts.

    Returns
    -------
    pandas.DataFrame
        The edges table (module docstring), rows in the order of
        ``counts.pairs`` (sorted by article, source, target when made here).

    References
    ----------
    .. [1] Church, K. W., & Hanks, P. (1990). Word association norms, mutual
       information, and lexicography. Computational Linguistics, 16(1), 22-29.
    .. [2] Bouma, G. (2009). Normalized (pointwise) mutual information in
       collocation extraction. Proceedings of GSCL, 31-40.
    .. [3] Jaccard, P. (1912). The distribution of the flora in the alpine zone.
       New Phytologist, 11(2), 37-50.
    .. [4] Dice, L. R. (1945). Measures of the amount of ecologic association
       between species. Ecology, 26(3), 297-302.
    .. [5] Dunning, T. (1993). Accurate methods for the statistics of surprise
       and coincidence. Computational Linguistics, 19(1), 61-74.
    .. [6] Evert, S. (2005). The Statistics of Word Cooccurrences: Word Pairs
       and Collocations. PhD thesis, University of Stuttgart.

    Examples
    --------
    >>> import pandas as pd
    >>> m = pd.DataFrame({"article_id": "a", "part": "body", "sentence_id": [0, 0, 1, 2],
    ...                   "paragraph_id": 0, "entity_id": ["x", "y", "x", "z"],
    ...                   "name": ["X", "Y", "X", "Z"]})
    >>> e = association_measures(cooccurrence_counts(m))
    >>> e[["source", "target", "source_n", "target_n", "n", "pmi", "jaccard", "dice"]].round(3).to_dict("records")
    [{'source': 'x', 'target': 'y', 'source_n': 2, 'target_n': 1, 'n': 3, 'pmi': 0.585, 'jaccard': 0.5, 'dice': 0.667}]
    """
    return _association_table(counts, copy=True)


def _association_table(counts: CooccurrenceCounts, *, copy: bool) -> pd.DataFrame:
    """:func:`association_measures`; with ``copy=False`` the edges take the columns of ``counts.pairs``
    as they are (for a caller that drops ``counts`` right after)."""
    pairs, ents = counts.pairs, counts.entities
    # integer join of pairs to their entity margins: (article, entity) -> row of ents
    art_index = pd.Index(ents["article_id"].astype(str).unique())
    ent_index = pd.Index(ents["entity_id"].astype(str).unique())
    n_ent = max(len(ent_index), 1)
    ekey = art_index.get_indexer(ents["article_id"]) * n_ent + ent_index.get_indexer(ents["entity_id"])
    order = np.argsort(ekey, kind="stable")
    sorted_keys = ekey[order]
    pair_art = art_index.get_indexer(pairs["article_id"])

    def rows(column: str) -> np.ndarray:
        key = pair_art * n_ent + ent_index.get_indexer(pairs[column])
        pos = np.clip(np.searchsorted(sorted_keys, key), 0, max(len(sorted_keys) - 1, 0))
        if len(key) and ((pair_art < 0).any() or (sorted_keys[pos] != key).any()):
            raise ValueError(f"counts.entities has no margin for some {column} entities of counts.pairs")
        return order[pos]

    s_rows, t_rows = rows("source"), rows("target")
    ent_names = ents["name"].to_numpy(dtype=object)
    ent_ctx = ents["contexts"].to_numpy(dtype=np.int64)
    n_by_article = counts.contexts.set_index("article_id")["n"]
    def own(values: np.ndarray) -> np.ndarray:  # a column of the caller's table: copied unless given up
        return values.copy() if copy else values

    out = pd.DataFrame(  # one array per column, none copied twice
        {
            "article_id": own(pairs["article_id"].to_numpy(dtype=object)),
            "source": own(pairs["source"].to_numpy(dtype=object)),
            "target": own(pairs["target"].to_numpy(dtype=object)),
            "source_name": ent_names[s_rows],
            "target_name": ent_names[t_rows],
            "count": own(pairs["count"].to_numpy(dtype=np.int64)),
            "contexts": own(pairs["contexts"].to_numpy(dtype=np.int64)),
            "weight": own(pairs["weight"].to_numpy(dtype=float)),
            "source_n": ent_ctx[s_rows],
            "target_n": ent_ctx[t_rows],
            "n": n_by_article.reindex(art_index).to_numpy(dtype=np.int64)[pair_art] if len(pairs) else np.zeros(0, np.int64),
        },
        copy=False,
    )
    measures = {c: np.empty(len(out)) for c in MEASURE_COLUMNS}
    columns = [out[c].to_numpy() for c in ("contexts", "source_n", "target_n", "n")]
    for lo in range(0, len(out), _MEASURE_ROWS):  # row blocks: temporaries bounded whatever the table
        block = _measures(*(c[lo: lo + _MEASURE_ROWS].astype(float) for c in columns))
        for name, values in zip(MEASURE_COLUMNS, block):
            measures[name][lo: lo + _MEASURE_ROWS] = values
    for name, values in measures.items():
        out[name] = values
    return out if list(out.columns) == EDGE_COLUMNS else out[EDGE_COLUMNS]


#: Rows of the association measures computed at once.
_MEASURE_ROWS = 1 << 16


def _measures(a: np.ndarray, f1: np.ndarray, f2: np.ndarray, n: np.ndarray) -> tuple[np.ndarray, ...]:
    """PMI, NPMI, Jaccard, Dice and signed G2 (the order of :data:`MEASURE_COLUMNS`) of pairs seen together
    in ``a`` contexts, their entities in ``f1`` and ``f2``, out of ``n`` (float arrays);
    the references are those of :func:`association_measures`."""
    with np.errstate(divide="ignore", invalid="ignore"):
        pmi = np.log2(a * n / (f1 * f2))
        p11 = a / n
        npmi = np.where(p11 >= 1.0, 1.0, pmi / -np.log2(p11))
        jaccard = a / (f1 + f2 - a)
        dice = 2.0 * a / (f1 + f2)
        # the four cells of the 2x2 table, observed and expected, summed one cell at a time
        g2 = np.zeros(len(a))
        for obs, exp in ((a, f1 * f2), (f1 - a, f1 * (n - f2)), (f2 - a, (n - f1) * f2),
                         (n - f1 - f2 + a, (n - f1) * (n - f2))):
            exp = exp / n
            g2 += np.where(obs > 0, xlogy(obs, obs / np.where(exp > 0, exp, 1.0)), 0.0)
        g2 *= 2.0
    g2 = np.maximum(g2, 0.0) * np.sign(a - f1 * f2 / n)
    return pmi, np.clip(npmi, -1.0, 1.0), jaccard, dice, g2 + 0.0  # + 0.0: no negative zeros


def cooccurrence(
    mentions: pd.DataFrame,
    *,
    unit: Unit = "sentence",
    window: int = 5,
    weighting: Weighting = "binary",
    level: Level = "entity",
    by: Literal["article"] | None = "article",
    min_count: int = 1,
    headline: bool = True,
    evidence: bool = False,
) -> pd.DataFrame:
    """Entity pairs that share a context, with counts and association measures.

    Parameters
    ----------
    mentions : pandas.DataFrame
        A mentions table (:func:`geoanalysis.entities.extract_mentions`).
    unit : {"sentence", "paragraph", "document", "window"}, optional (default="sentence")
        The context two mentions must share (module docstring).
    window : int, optional (default=5)
        Tokens between the two mentions' first tokens, at most, for ``unit="window"``.
    weighting : {"binary", "count", "inverse_distance"}, optional (default="binary")
        ``weight`` = contexts, mention pairs, or the sum of 1/distance
        (``unit="window"``); see :func:`cooccurrence_counts`.
    level : {"entity", "country"}, optional (default="entity")
        ``"country"`` rolls people, cities and national bodies up to their country.
    by : {"article", None}, optional (default="article")
        One table per article, or ``None`` to pool the corpus: counts are
        summed first and the measures computed from the pooled counts.
    min_count : int, optional (default=1)
        Keep pairs with ``count >= min_count`` (applied after pooling).
    headline : bool, optional (default=True)
        Whether headline mentions take part; the headline is a context of its own.
    evidence : bool, optional (default=False)
        Add an ``evidence`` column: the ids of the pair's contexts, joined by
        ``";"`` in reading order (:func:`edge_evidence` gives them as rows).

    Returns
    -------
    pandas.DataFrame
        The edges table described in the module docstring; ``attrs`` records
        ``unit``, ``window``, ``weighting`` and ``level``.

    See Also
    --------
    cooccurrence_counts, pool_counts, association_measures, edge_evidence

    Examples
    --------
    >>> import pandas as pd
    >>> m = pd.DataFrame({"article_id": "a", "part": "body", "sentence_id": [0, 0, 0, 1],
    ...                   "paragraph_id": 0, "entity_id": ["x", "y", "x", "y"],
    ...                   "name": ["X", "Y", "X", "Y"]})
    >>> cooccurrence(m, evidence=True)[["source", "target", "count", "contexts", "evidence"]]
      source target  count  contexts evidence
    0      x      y      2         1     a:s0
    """
    _check_options(unit, window, weighting, level, by)
    if isinstance(min_count, bool) or not isinstance(min_count, (int, np.integer)) or min_count < 1:
        raise ValueError(f"min_count = {min_count!r} is invalid; it must be an int >= 1")
    counts = _counts(mentions, unit, window, weighting, level, headline, pooled=by is None)
    edges = association_measures(counts)
    if min_count > 1:
        edges = edges[edges["count"] >= min_count].reset_index(drop=True)
    if evidence:
        ev = edge_evidence(mentions, unit=unit, window=window, level=level, by=by, headline=headline)
        edges["evidence"] = _join_evidence(ev, edges)
    edges.attrs.update(unit=unit, window=window, weighting=weighting, level=level, by=by)
    return edges


def _join_evidence(ev: pd.DataFrame, edges: pd.DataFrame) -> np.ndarray:
    """``";"``-joined context ids per edge row (``ev`` is grouped by pair)."""
    if not len(ev):
        return np.full(len(edges), "", dtype=object)
    a, s, t = (ev[c].to_numpy(dtype=object) for c in ("article_id", "source", "target"))
    new = np.ones(len(ev), dtype=bool)
    new[1:] = (a[1:] != a[:-1]) | (s[1:] != s[:-1]) | (t[1:] != t[:-1])
    starts = np.flatnonzero(new)
    joined = np.add.reduceat(ev["context_id"].to_numpy(dtype=object) + ";", starts)
    joined = pd.Series(joined, dtype=object).str[:-1]
    joined.index = pd.MultiIndex.from_arrays([a[starts], s[starts], t[starts]])
    key = pd.MultiIndex.from_frame(edges[["article_id", "source", "target"]])
    return joined.reindex(key).fillna("").to_numpy(dtype=object)


def edge_evidence(
    mentions: pd.DataFrame,
    *,
    unit: Unit = "sentence",
    window: int = 5,
    level: Level = "entity",
    by: Literal["article"] | None = "article",
    headline: bool = True,
) -> pd.DataFrame:
    """The contexts in which each pair co-occurs: one row per pair and context.

    Parameters
    ----------
    mentions : pandas.DataFrame
        A mentions table.
    unit, window, level, headline
        As in :func:`cooccurrence`.
    by : {"article", None}, optional (default="article")
        With ``None``, ``article_id`` is ``"all"``; context ids still name the article.

    Returns
    -------
    pandas.DataFrame
        ``article_id, source, target, context_id, count`` (mention pairs of
        the pair in that context), in reading order within each pair.
        :func:`evidence_text` gives the text of the contexts.

    Examples
    --------
    >>> import pandas as pd
    >>> m = pd.DataFrame({"article_id": "a", "part": ["headline", "headline", "body", "body"],
    ...                   "sentence_id": [0, 0, 3, 3], "paragraph_id": [0, 0, 1, 1],
    ...                   "entity_id": ["x", "y", "x", "y"], "name": ["X", "Y", "X", "Y"]})
    >>> edge_evidence(m)["context_id"].tolist()
    ['a:h0', 'a:s3']
    """
    _check_options(unit, window, "binary", level, by)
    m = _prepare(mentions, unit, level, headline)
    if not len(m):
        return pd.DataFrame(
            {c: pd.Series(dtype=t) for c, t in zip(EVIDENCE_COLUMNS, [object] * 4 + ["int64"])}
        )[EVIDENCE_COLUMNS[:-1]]
    core = _core(m, unit, window)
    ev = pd.DataFrame(
        {
            "article_id": core.articles[core.p_art],
            "source": core.entity_ids[core.p_src],
            "target": core.entity_ids[core.p_tgt],
            "_art": core.p_art,
            "_ctx": core.p_ctx,
            "context_id": _context_labels(core.articles, core.p_art, core.p_ctx, unit, window),
            "count": core.p_count.astype(np.int64),
        }
    )
    if by is None:
        ev["article_id"] = POOLED_ID
        ev = ev.sort_values(["source", "target", "_art", "_ctx"], kind="stable", ignore_index=True)
    else:
        ev = ev.sort_values(["_art", "source", "target", "_ctx"], kind="stable", ignore_index=True)
    return ev[EVIDENCE_COLUMNS[:-1]]


_CONTEXT_RE = re.compile(r"^(?P<aid>.+):(?P<kind>[shpw])(?P<num>\d+)(?:-(?P<end>\d+))?$")


def _articles_by_id(corpus: "Corpus | Sequence[Article] | Article") -> dict[str, "Article"]:
    from .model import Article

    if isinstance(corpus, Article):
        return {corpus.id: corpus}
    return {a.id: a for a in corpus}


def evidence_text(
    contexts: pd.DataFrame | pd.Series | Iterable[str],
    corpus: "Corpus | Sequence[Article] | Article",
) -> pd.DataFrame:
    """The text of co-occurrence contexts.

    Parameters
    ----------
    contexts : pandas.DataFrame, pandas.Series or iterable of str
        Context ids (``"a:s3"``, ``"a:p1"``, ``"a:h0"``, ``"a"``,
        ``"a:w12-17"``), or a table with a ``context_id`` column such as
        :func:`edge_evidence` returns.
    corpus : Corpus, sequence of Article or Article
        The articles the ids refer to.

    Returns
    -------
    pandas.DataFrame
        ``context_id, article_id, text``, one row per distinct id in the
        order given. A document context is the headline, a blank line and the
        body; a window context runs from its first to its last token.

    Raises
    ------
    ValueError
        For an id that names no article or no sentence/paragraph of it.
    """
    if isinstance(contexts, pd.DataFrame):
        ids = contexts["context_id"].tolist()
    else:
        ids = list(contexts)
    ids = list(dict.fromkeys(str(i) for i in ids))
    arts = _articles_by_id(corpus)
    rows = []
    for cid in ids:
        article = arts.get(cid)
        if article is not None:
            text = article.text if not article.title else f"{article.title}\n\n{article.text}"
            rows.append((cid, article.id, text))
            continue
        match = _CONTEXT_RE.match(cid)
        article = arts.get(match["aid"]) if match else None
        if article is None:
            raise ValueError(f"context_id = {cid!r} is invalid; it names no article of the corpus")
        kind, num = match["kind"], int(match["num"])
        if kind == "h":
            text = article.title or ""
        elif kind == "s":
            found = [s for s in article.sentences if s.id == num]
            if not found:
                raise ValueError(f"context_id = {cid!r} is invalid; article {article.id!r} has no sentence {num}")
            text = found[0].text
        elif kind == "p":
            found = [p for p in article.paragraphs if p.id == num]
            if not found:
                raise ValueError(f"context_id = {cid!r} is invalid; article {article.id!r} has no paragraph {num}")
            text = found[0].text
        else:
            tokens = article.tokens
            if num >= len(tokens):
                raise ValueError(f"context_id = {cid!r} is invalid; article {article.id!r} has {len(tokens)} tokens")
            last = min(int(match["end"] or num), len(tokens) - 1)
            text = article.text[tokens[num].start : tokens[last].end]
        rows.append((cid, article.id, text))
    return pd.DataFrame(rows, columns=["context_id", "article_id", "text"])
