"""Keyness: which terms (or any counted categories) distinguish one article from another.

Per-article work is counting (:func:`term_counts`); the measures are computed
after the reduction, from summed counts (:func:`contrast_counts`, :func:`keyness`),
for every ordered pair of articles (``reference`` = the other article's id) and
one article against the rest of the corpus (``reference = "rest"``).

The keyness table has one row per (target, reference, term) with columns
``target, reference, term, count_target, count_reference, total_target,
total_reference, per_1000_target, per_1000_reference, g2, p_value, p_adjusted,
log_ratio, log_odds, log_odds_z``.
"""
from __future__ import annotations

import logging
import re
from collections import Counter
from operator import attrgetter
from typing import Iterable, Literal, Sequence

import numpy as np
import pandas as pd

from .model import Article, as_articles

__all__ = ["term_counts", "contrast_counts", "keyness", "comparison_groups"]

LOGGER = logging.getLogger(__name__)

Reference = Literal["pairwise", "rest", "both"]
Correction = Literal["fdr_bh", "bonferroni", "none"]

TERM_COUNT_COLUMNS = ["article_id", "term", "count"]
CONTRAST_COLUMNS = [
    "target",
    "reference",
    "count_target",
    "count_reference",
    "total_target",
    "total_reference",
    "per_1000_target",
    "per_1000_reference",
    "g2",
    "p_value",
    "p_adjusted",
    "log_ratio",
    "log_odds",
    "log_odds_z",
]

REFERENCES = ("pairwise", "rest", "both")
CORRECTIONS = ("fdr_bh", "bonferroni", "none")


def _check_choice(name: str, value: object, choices: Sequence[str]) -> None:
    if value not in choices:
        raise ValueError(f"{name} = {value!r} is invalid; it must be one of {', '.join(map(repr, choices))}")




def comparison_groups(ids: Sequence[str], reference: Reference = "both") -> list[tuple[str, str, tuple[str, ...]]]:
    """The comparisons to make among ``ids``: ``(target, reference_label, reference_ids)``.

    ``"pairwise"`` gives every ordered pair of distinct articles, ``"rest"`` each
    article against all the others pooled (label ``"rest"``), ``"both"`` the two.

    Examples
    --------
    >>> comparison_groups(["a", "b", "c"], "rest")
    [('a', 'rest', ('b', 'c')), ('b', 'rest', ('a', 'c')), ('c', 'rest', ('a', 'b'))]
    >>> comparison_groups(["a", "b"], "pairwise")
    [('a', 'b', ('b',)), ('b', 'a', ('a',))]
    """
    _check_choice("reference", reference, REFERENCES)
    ids = list(dict.fromkeys(ids))
    out: list[tuple[str, str, tuple[str, ...]]] = []
    if reference in ("pairwise", "both"):
        out += [(t, r, (r,)) for t in ids for r in ids if r != t]
    if reference in ("rest", "both") and len(ids) > 1:
        out += [(t, "rest", tuple(i for i in ids if i != t)) for t in ids]
    return out


_TERM = re.compile(r"(?!n't\Z)[^\W_][\w.'-]*\Z").match
_LETTER = re.compile(r"[^\W\d_]").search


def _term_of(norm: str) -> str:
    """Normalized term of a token: possessive ``'s`` dropped ("putin's" -> "putin")."""
    if norm.endswith("'s") and len(norm) > 2:
        return norm[:-2]
    return norm


def term_counts(
    data: Article | Iterable[Article],
    *,
    stopwords: bool = False,
    numbers: bool = False,
    min_length: int = 2,
) -> pd.DataFrame:
    """Count normalized word forms per article.

    Parameters
    ----------
    data : Article or iterable of Article
    stopwords : bool, optional (default=False)
        Keep stopwords (``Token.is_stop``); by default they are left out.
    numbers : bool, optional (default=False)
        Keep terms without a letter ("2022"); by default they are left out.
    min_length : int, optional (default=2)
        Shortest term kept, in characters.

    Returns
    -------
    pandas.DataFrame
        ``article_id, term, count`` sorted by article_id and term. Terms are
        ``Token.norm`` (lower case, typographic quotes mapped to ASCII) of
        word tokens, possessive ``'s`` removed; clitics such as ``'s`` and
        ``n't`` are not terms.

    Examples
    --------
    >>> from geoanalysis.parsing import make_article
    >>> term_counts(make_article("Putin’s war. The war in 2022.", id="a")).to_dict("records")
    [{'article_id': 'a', 'term': 'putin', 'count': 1}, {'article_id': 'a', 'term': 'war', 'count': 2}]
    """
    if min_length < 1:
        raise ValueError(f"min_length = {min_length} is invalid; it must be >= 1")
    memo = _term_memo(min_length, bool(numbers))
    articles = as_articles(data)
    ids = [a.id for a in articles]
    if len(ids) == 1 or (len(set(ids)) == len(ids) and all(type(i) is str for i in ids)):
        # one article, or distinct string ids: sorted by (article_id, term) means each article's
        # counts sorted by term, articles sorted by id (as groupby(sort=True) would)
        ids, terms, n = [], [], []
        for article in sorted(articles, key=_ID):
            counts = _article_terms(article, memo, min_length, numbers, stopwords)
            keys = sorted(counts)
            terms += keys
            n += map(counts.__getitem__, keys)
            ids += [article.id] * len(keys)
    else:
        pooled: Counter = Counter()
        for article in articles:
            aid = article.id
            for term, k in _article_terms(article, memo, min_length, numbers, stopwords).items():
                pooled[(aid, term)] += k
        keyed = sorted(pooled)  # by (article_id, term)
        n = list(map(pooled.__getitem__, keyed))
        ids = [k[0] for k in keyed]
        terms = [k[1] for k in keyed]
    if not terms:
        return pd.DataFrame({"article_id": pd.Series(dtype=str), "term": pd.Series(dtype=str),
                             "count": pd.Series(dtype="int64")})
    # article ids as pandas would infer them from the list (object for strings)
    id_column = np.array(ids, dtype=object) if all(type(i) is str for i in set(ids)) else ids
    columns = (id_column, np.array(terms, dtype=object), np.array(n, dtype=np.int64))
    return pd.DataFrame(dict(zip(TERM_COUNT_COLUMNS, columns)), copy=False)


_ID = attrgetter("id")
_TERM_MEMOS: dict[tuple[int, bool], dict[str, str | bool]] = {}


def _term_memo(min_length: int, numbers: bool) -> dict[str, str | bool]:
    """The memo ``norm -> term`` (False: not counted) for these options."""
    memo = _TERM_MEMOS.get((min_length, numbers))
    if memo is None:
        if len(_TERM_MEMOS) >= 16:
            _TERM_MEMOS.clear()
        memo = _TERM_MEMOS[(min_length, numbers)] = {}
    return memo


def _article_terms(article: Article, memo: dict[str, str | bool], min_length: int, numbers: bool,
                   stopwords: bool) -> dict[str, int]:
    """Counts of the terms of one article (see :func:`term_counts`): the norms of its word tokens
    (stopwords left out unless asked) mapped to terms through ``memo`` and counted in C."""
    if stopwords:
        norms = [t.norm for t in article.tokens if t.is_alpha]
    else:
        norms = [t.norm for t in article.tokens if t.is_alpha and not t.is_stop]
    counts = Counter(map(memo.get, norms))  # of the terms, False if a norm is not counted, None if unseen
    if None in counts:
        if len(memo) + len(norms) > 200_000:
            memo.clear()
        for norm in set(norms).difference(memo):
            term = _term_of(norm)
            memo[norm] = term if len(term) >= min_length and _TERM(term) and (numbers or _LETTER(term)) else False
        counts = Counter(map(memo.__getitem__, norms))
    counts.pop(False, None)
    return counts


def _adjust(p: np.ndarray, groups: np.ndarray, correction: Correction) -> np.ndarray:
    """Multiple-testing correction of ``p`` within each comparison group."""
    if correction == "none" or len(p) == 0:
        return p.copy()
    from scipy.stats import false_discovery_control  # imported here: scipy.stats takes ~1 s to import

    out = np.empty_like(p)
    order = np.argsort(groups, kind="stable")
    bounds = np.flatnonzero(np.diff(groups[order])) + 1
    for idx in np.split(order, bounds):
        ps = p[idx]
        ok = ~np.isnan(ps)
        res = np.full_like(ps, np.nan)
        if ok.any():
            if correction == "bonferroni":
                res[ok] = np.minimum(ps[ok] * ok.sum(), 1.0)
            else:
                res[ok] = false_discovery_control(ps[ok], method="bh")
        out[idx] = res
    return out


def contrast_counts(
    counts: pd.DataFrame,
    *,
    key: str = "term",
    totals: pd.Series | None = None,
    reference: Reference = "both",
    correction: Correction = "fdr_bh",
    prior_scale: float | None = None,
    zero: float = 0.5,
) -> pd.DataFrame:
    """Signed G2, log ratio and Dirichlet-prior log-odds for counted categories.

    Works for any table of counts per article: terms (keyness), frame or
    stance categories. Totals default to the sum of the counts per article.

    Parameters
    ----------
    counts : pandas.DataFrame
        ``article_id, <key>, count``; several rows for the same pair are summed.
    key : str, optional (default="term")
    totals : pandas.Series, optional
        Size of each article (index article_id), e.g. its number of words.
        Articles in ``totals`` without counts still take part.
    reference : {"both", "pairwise", "rest"}
    correction : {"fdr_bh", "bonferroni", "none"}
        Applied within each (target, reference) comparison over its rows.
    prior_scale : float, optional
        ``alpha_0`` of the informative Dirichlet prior. By default the prior
        pseudo-counts are the corpus counts themselves (``alpha_w = y_w``,
        ``alpha_0 = n``); otherwise ``alpha_w = prior_scale * y_w / n``.
    zero : float, optional (default=0.5)
        Frequency substituted for a zero count in the log ratio (Hardie 2014).

    Returns
    -------
    pandas.DataFrame
        ``target, reference, <key>, count_target, count_reference, total_target,
        total_reference, per_1000_target, per_1000_reference, g2, p_value,
        p_adjusted, log_ratio, log_odds, log_odds_z``, one row per comparison and
        category seen on either side; sorted by target, reference, g2 descending
        and key. ``g2`` is positive when the category is relatively more
        frequent in the target; ``p_value`` is from chi-squared with 1 df.

    Notes
    -----
    For target count ``a`` of ``n1`` and reference count ``b`` of ``n2``:
    G2 is the log-likelihood ratio of the 2x2 table ``[[a, n1-a], [b, n2-b]]``
    (``scipy.stats.power_divergence`` with ``lambda_="log-likelihood"``);
    ``log_ratio = log2((a/n1) / (b/n2))``; ``log_odds`` is
    ``log((a+α)/(n1+α0-a-α)) - log((b+α)/(n2+α0-b-α))`` and ``log_odds_z``
    divides it by ``sqrt(1/(a+α) + 1/(b+α))``.

    Examples
    --------
    >>> counts = pd.DataFrame({"article_id": ["x", "y"], "term": ["war", "war"], "count": [10, 2]})
    >>> totals = pd.Series({"x": 100, "y": 200})
    >>> row = contrast_counts(counts, totals=totals, reference="pairwise").iloc[0]
    >>> row["target"], row["reference"], round(float(row["g2"]), 4), round(float(row["log_ratio"]), 4)
    ('x', 'y', 13.3493, 3.3219)

    References
    ----------
    .. [1] Dunning, T. (1993). Accurate methods for the statistics of surprise and
       coincidence. Computational Linguistics, 19(1), 61-74.
    .. [2] Rayson, P., & Garside, R. (2000). Comparing corpora using frequency
       profiling. Proceedings of the Workshop on Comparing Corpora, ACL, 1-6.
    .. [3] Hardie, A. (2014). Log Ratio: an informal introduction. ESRC Centre for
       Corpus Approaches to Social Science (CASS), Lancaster University.
    .. [4] Monroe, B. L., Colaresi, M. P., & Quinn, K. M. (2008). Fightin' words:
       Lexical feature selection and evaluation for identifying the content of
       political conflict. Political Analysis, 16(4), 372-403.
    .. [5] Benjamini, Y., & Hochberg, Y. (1995). Controlling the false discovery
       rate. Journal of the Royal Statistical Society B, 57(1), 289-300.
    """
    _check_choice("reference", reference, REFERENCES)
    _check_choice("correction", correction, CORRECTIONS)
    if zero <= 0:
        raise ValueError(f"zero = {zero} is invalid; it must be > 0")
    if prior_scale is not None and prior_scale <= 0:
        raise ValueError(f"prior_scale = {prior_scale} is invalid; it must be > 0")
    missing = {"article_id", key, "count"} - set(counts.columns)
    if missing:
        raise ValueError(f"counts lacks columns {sorted(missing)}; it needs article_id, {key}, count")
    from scipy import sparse  # imported here, as scipy.stats below: slow imports, needed after the reduction
    from scipy.stats import power_divergence

    columns = CONTRAST_COLUMNS[:2] + [key] + CONTRAST_COLUMNS[2:]
    grouped = counts.groupby(["article_id", key], sort=True)["count"].sum()
    if totals is None:
        totals = grouped.groupby(level=0).sum()
    totals = totals.astype(float)
    ids = sorted(set(map(str, totals.index)) | set(grouped.index.get_level_values(0)))
    groups = comparison_groups(ids, reference)
    if not groups:
        LOGGER.warning("contrast_counts needs at least two groups to compare (distinct article_id values: "
                       "articles, outlets or folders); got %d", len(ids))
        return _empty(columns, key)
    totals = totals.reindex(ids, fill_value=0.0)

    cats = sorted(set(grouped.index.get_level_values(1)))
    row_of = {a: i for i, a in enumerate(ids)}
    col_of = {c: j for j, c in enumerate(cats)}
    rows = np.array([row_of[a] for a in grouped.index.get_level_values(0)], dtype=np.int64)
    cols = np.array([col_of[c] for c in grouped.index.get_level_values(1)], dtype=np.int64)
    C = sparse.csr_matrix((grouped.to_numpy(dtype=float), (rows, cols)), shape=(len(ids), len(cats)))

    # selection matrices: comparisons x articles
    k = len(groups)
    S = sparse.csr_matrix((np.ones(k), (np.arange(k), [row_of[t] for t, _, _ in groups])), shape=(k, len(ids)))
    r_rows = [i for i, (_, _, refs) in enumerate(groups) for _ in refs]
    r_cols = [row_of[r] for _, _, refs in groups for r in refs]
    R = sparse.csr_matrix((np.ones(len(r_rows)), (r_rows, r_cols)), shape=(k, len(ids)))
    A = (S @ C).tocsr()
    B = (R @ C).tocsr()
    support = (A + B).tocoo()
    support.eliminate_zeros()
    if support.nnz == 0:
        return _empty(columns, key)
    gi, ci = support.row, support.col
    a = np.asarray(A[gi, ci]).ravel()
    b = np.asarray(B[gi, ci]).ravel()
    tot = totals.to_numpy()
    n1 = (S @ tot)[gi]
    n2 = (R @ tot)[gi]

    # corpus prior (Monroe et al. 2008): pseudo-counts from the whole corpus
    corpus = np.asarray(C.sum(axis=0)).ravel()
    n_corpus = float(tot.sum())
    if prior_scale is None:
        alpha_w, alpha_0 = corpus[ci], n_corpus
    else:
        alpha_w, alpha_0 = prior_scale * corpus[ci] / n_corpus, float(prior_scale)

    ok = (n1 > 0) & (n2 > 0)
    g2 = np.full(len(a), np.nan)
    p = np.full(len(a), np.nan)
    if ok.any():
        obs = np.column_stack([a, n1 - a, b, n2 - b])[ok]
        n = n1[ok] + n2[ok]
        col = a[ok] + b[ok]
        exp = np.column_stack([
            n1[ok] * col / n, n1[ok] * (n - col) / n, n2[ok] * col / n, n2[ok] * (n - col) / n,
        ])
        with np.errstate(divide="ignore", invalid="ignore"):
            res = power_divergence(obs, exp, ddof=2, axis=1, lambda_="log-likelihood")
        g2[ok] = np.maximum(res.statistic, 0.0)
        p[ok] = np.where(g2[ok] == 0, 1.0, res.pvalue)
    with np.errstate(divide="ignore", invalid="ignore"):
        rel1 = np.where(n1 > 0, a / n1, np.nan)
        rel2 = np.where(n2 > 0, b / n2, np.nan)
        sign = np.sign(rel1 - rel2)
        g2 = np.where(sign < 0, -g2, g2)
        log_ratio = np.log2(np.maximum(a, zero) / n1) - np.log2(np.maximum(b, zero) / n2)
        ya, yb = a + alpha_w, b + alpha_w
        log_odds = np.log(ya / (n1 + alpha_0 - ya)) - np.log(yb / (n2 + alpha_0 - yb))
        z = log_odds / np.sqrt(1.0 / ya + 1.0 / yb)

    out = pd.DataFrame({
        "target": [groups[g][0] for g in gi],
        "reference": [groups[g][1] for g in gi],
        key: [cats[c] for c in ci],
        "count_target": a.astype("int64"),
        "count_reference": b.astype("int64"),
        "total_target": n1.astype("int64"),
        "total_reference": n2.astype("int64"),
        "per_1000_target": 1000 * rel1,
        "per_1000_reference": 1000 * rel2,
        "g2": g2,
        "p_value": p,
        "p_adjusted": _adjust(p, gi, correction),
        "log_ratio": log_ratio,
        "log_odds": log_odds,
        "log_odds_z": z,
    })
    out = out.sort_values(["target", "reference", "g2", key], ascending=[True, True, False, True], kind="mergesort")
    return out.reset_index(drop=True)[columns]


def _empty(columns: list[str], key: str) -> pd.DataFrame:
    dtypes = {"target": str, "reference": str, key: str, "count_target": "int64", "count_reference": "int64",
              "total_target": "int64", "total_reference": "int64"}
    return pd.DataFrame({c: pd.Series(dtype=dtypes.get(c, float)) for c in columns})


def keyness(
    data: pd.DataFrame | Article | Iterable[Article],
    *,
    reference: Reference = "both",
    correction: Correction = "fdr_bh",
    prior_scale: float | None = None,
    min_count: int = 1,
) -> pd.DataFrame:
    """Keyness of content words for every target article against a reference.

    Parameters
    ----------
    data : Corpus, iterable of Article, or pandas.DataFrame
        Articles, or a term count table ``article_id, term, count`` as returned
        by :func:`term_counts` (for instance summed over shards).
    reference : {"both", "pairwise", "rest"}
    correction : {"fdr_bh", "bonferroni", "none"}
        Benjamini-Hochberg false discovery rate or Bonferroni, within each comparison.
    prior_scale : float, optional
        See :func:`contrast_counts`.
    min_count : int, optional (default=1)
        Keep rows whose ``count_target + count_reference`` reaches this.
        Corrections count only the rows kept.

    Returns
    -------
    pandas.DataFrame
        The keyness table (see the module docstring and :func:`contrast_counts`).
        Totals are the numbers of counted terms (content words) per side.

    References
    ----------
    .. [1] Dunning, T. (1993). Accurate methods for the statistics of surprise and
       coincidence. Computational Linguistics, 19(1), 61-74.
    .. [2] Hardie, A. (2014). Log Ratio: an informal introduction. CASS, Lancaster University.
    .. [3] Monroe, B. L., Colaresi, M. P., & Quinn, K. M. (2008). Fightin' words.
       Political Analysis, 16(4), 372-403.
    """
    if min_count < 1:
        raise ValueError(f"min_count = {min_count} is invalid; it must be >= 1")
    counts = data if isinstance(data, pd.DataFrame) else term_counts(data)
    totals = counts.groupby("article_id")["count"].sum()
    if not isinstance(data, pd.DataFrame):
        totals = totals.reindex([a.id for a in as_articles(data)], fill_value=0)
    out = contrast_counts(counts, key="term", totals=totals, reference=reference, correction="none",
                          prior_scale=prior_scale)
    if min_count > 1:
        out = out[out["count_target"] + out["count_reference"] >= min_count].reset_index(drop=True)
    if len(out):
        grp = out.groupby(["target", "reference"], sort=False).ngroup().to_numpy()
        out["p_adjusted"] = _adjust(out["p_value"].to_numpy(), grp, correction)
    return out
