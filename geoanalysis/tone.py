"""Tone: VADER sentiment per sentence, summarized per article, per entity and per comparison.

VADER is applied to one sentence at a time: its compound score saturates on
long texts, so an article is never scored as one text. Tables:

* :func:`sentence_tone` -- ``article_id, sentence_id, neg, neu, pos, compound, label``
* :func:`tone` -- per article: ``article_id, n_sentences, mean_compound,
  median_compound, share_positive, share_neutral, share_negative``
* :func:`entity_tone` -- per article and entity, over the sentences that mention it
* :func:`tone_contrast` -- pairwise and one-vs-rest differences in mean compound
  with a Mann-Whitney U test on the sentence scores
"""
from __future__ import annotations

import logging
from typing import Any, Iterable

import numpy as np
import pandas as pd
from scipy import stats

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
        Defaults to :func:`geoanalysis.resources.vader_analyzer` (NLTK's VADER
        on the lexicon of the ``vaderSentiment`` package, offline).
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
    if analyzer is None:
        from .resources import vader_analyzer

        analyzer = vader_analyzer()
    articles = as_articles(data)
    ids: list[str] = []
    sids: list[int] = []
    neg: list[float] = []
    neu: list[float] = []
    pos: list[float] = []
    compound: list[float] = []
    polarity = analyzer.polarity_scores
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
    labels = ["positive" if c >= threshold else "negative" if c <= -threshold else "neutral" for c in compound]
    return pd.DataFrame({
        "article_id": np.array(ids, dtype=object),
        "sentence_id": np.array(sids, dtype=np.int64),
        "neg": np.array(neg, dtype=np.float64),
        "neu": np.array(neu, dtype=np.float64),
        "pos": np.array(pos, dtype=np.float64),
        "compound": np.array(compound, dtype=np.float64),
        "label": np.array(labels, dtype=object),
    })


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
    if sent.empty:
        LOGGER.warning("tone: no sentences")
        return pd.DataFrame({c: pd.Series(dtype=str if c == "article_id" else float) for c in ARTICLE_COLUMNS})
    groups = _groups(zip(sent["article_id"].tolist()), sent["compound"].tolist(), sent["label"].tolist())
    if groups is None or any(not isinstance(k[0], str) for k in groups):
        return _summary(sent, ["article_id"])[ARTICLE_COLUMNS]
    return _fast_summary(groups, ["article_id"])[ARTICLE_COLUMNS]


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


