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
from .model import Article

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
    articles = [data] if isinstance(data, Article) else list(data)
    rows = []
    for article in articles:
        for sent in article.sentences:
            s = analyzer.polarity_scores(sent.text)
            rows.append((article.id, sent.id, s["neg"], s["neu"], s["pos"], s["compound"]))
    out = pd.DataFrame(rows, columns=SENTENCE_COLUMNS[:-1])
    out = out.astype({"article_id": str, "sentence_id": "int64", "neg": float, "neu": float,
                      "pos": float, "compound": float})
    out["label"] = _label(out["compound"].to_numpy(), threshold) if len(out) else pd.Series(dtype=str)
    return out[SENTENCE_COLUMNS]


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
    return _summary(sent, ["article_id"])[ARTICLE_COLUMNS]


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
    body = mentions[mentions["part"] == "body"] if "part" in mentions else mentions
    pairs = body[["article_id", "sentence_id", "entity_id", "name", "type"]].drop_duplicates(
        ["article_id", "sentence_id", "entity_id"])
    merged = pairs.merge(sentences, on=["article_id", "sentence_id"], how="inner")
    if merged.empty:
        return pd.DataFrame({c: pd.Series(dtype=float if c in ("mean_compound", "share_positive", "share_negative")
                                          else ("int64" if c == "n_sentences" else str)) for c in ENTITY_COLUMNS})
    out = _summary(merged, ["article_id", "entity_id", "name", "type"])
    return out[ENTITY_COLUMNS].sort_values(["article_id", "entity_id"], kind="mergesort").reset_index(drop=True)


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


