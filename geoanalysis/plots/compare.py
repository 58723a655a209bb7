"""Figures for the narrative comparison: keyness, tone, frames, stance, salience."""
from __future__ import annotations

import logging

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

__all__ = ["plot_keyness", "plot_tone", "plot_frames", "plot_stance", "plot_salience"]

LOGGER = logging.getLogger(__name__)

_MEASURES = ("log_ratio", "g2", "log_odds_z")


def plot_keyness(
    keyness: pd.DataFrame,
    *,
    target: str | None = None,
    reference: str = "rest",
    measure: str = "log_ratio",
    n: int = 10,
    min_count: int = 2,
    ax=None,
    **kwargs,
):
    """The ``n`` most over- and under-used terms of one target, as diverging bars.

    Parameters
    ----------
    keyness : pandas.DataFrame
        From :func:`geoanalysis.keyness.keyness`.
    target : str, optional
        Defaults to the first target in the table.
    reference : str, optional (default="rest")
    measure : {"log_ratio", "g2", "log_odds_z"}
    n : int, optional (default=10)
        Bars on each side; terms ranked by ``g2``.
    min_count : int, optional (default=2)
        Leave out terms seen fewer times on both sides together.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    if measure not in _MEASURES:
        raise ValueError(f"measure = {measure!r} is invalid; it must be one of {', '.join(_MEASURES)}")
    if n < 1:
        raise ValueError(f"n = {n} is invalid; it must be >= 1")
    if ax is None:
        ax = plt.gca()
    if keyness.empty:
        LOGGER.warning("no keyness rows to plot")
        return ax
    target = target if target is not None else sorted(keyness["target"].unique())[0]
    k = keyness[(keyness["target"] == target) & (keyness["reference"] == reference)]
    k = k[k["count_target"] + k["count_reference"] >= min_count]
    top = pd.concat([k.nlargest(n, "g2"), k.nsmallest(n, "g2")]).drop_duplicates("term")
    top = top.sort_values(measure, ascending=False, kind="mergesort")
    if top.empty:
        return ax
    top = top.assign(side=(top["g2"] > 0).map({True: "target", False: "reference"}))
    sns.barplot(data=top, x=measure, y="term", hue="side", hue_order=["target", "reference"], dodge=False,
                ax=ax, **kwargs)
    ax.axvline(0, color="0.3", linewidth=0.8)
    ax.set_title(f"{target} vs {reference}")
    ax.set_ylabel("")
    return ax


def plot_tone(sentences: pd.DataFrame, *, ax=None, **kwargs):
    """Sentence compound scores per article (box plot with the sentences as points).

    Parameters
    ----------
    sentences : pandas.DataFrame
        From :func:`geoanalysis.tone.sentence_tone`.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    if ax is None:
        ax = plt.gca()
    if sentences.empty:
        LOGGER.warning("no sentences to plot")
        return ax
    order = sorted(sentences["article_id"].unique())
    sns.boxplot(data=sentences, x="compound", y="article_id", order=order, color="0.85", ax=ax, **kwargs)
    sns.stripplot(data=sentences, x="compound", y="article_id", order=order, hue="label",
                  hue_order=["negative", "neutral", "positive"], size=4, ax=ax)
    ax.axvline(0, color="0.3", linewidth=0.8)
    ax.set_xlabel("VADER compound per sentence")
    ax.set_ylabel("")
    return ax


def _rate_bars(table: pd.DataFrame, key: str, value: str, ax, **kwargs):
    if ax is None:
        ax = plt.gca()
    if table.empty:
        LOGGER.warning("nothing to plot")
        return ax
    order = list(dict.fromkeys(table[key]))
    sns.barplot(data=table, x=value, y=key, hue="article_id", order=order,
                hue_order=sorted(table["article_id"].unique()), ax=ax, **kwargs)
    ax.set_xlabel("per 1,000 words" if value == "per_1000" else value)
    ax.set_ylabel("")
    return ax


def plot_frames(frames: pd.DataFrame, *, value: str = "per_1000", ax=None, **kwargs):
    """Frame rates per article, grouped bars (one group per frame).

    Parameters
    ----------
    frames : pandas.DataFrame
        From :func:`geoanalysis.frames.frames`.
    value : {"per_1000", "share_sentences", "hits"}
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    return _rate_bars(frames, "frame", value, ax, **kwargs)


def plot_stance(stance: pd.DataFrame, *, value: str = "per_1000", ax=None, **kwargs):
    """Stance-marker rates per article, grouped bars (one group per category).

    Parameters
    ----------
    stance : pandas.DataFrame
        From :func:`geoanalysis.stance.stance`.
    value : {"per_1000", "share_sentences", "hits"}
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    return _rate_bars(stance, "category", value, ax, **kwargs)


def plot_salience(entities: pd.DataFrame, *, n: int = 10, ax=None, **kwargs):
    """Mentions per 1,000 words of the ``n`` most mentioned entities, one bar per article.

    Parameters
    ----------
    entities : pandas.DataFrame
        From :func:`geoanalysis.salience.entity_salience`.
    n : int, optional (default=10)
        Entities ranked by their total count over the articles.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    if n < 1:
        raise ValueError(f"n = {n} is invalid; it must be >= 1")
    if ax is None:
        ax = plt.gca()
    if entities.empty:
        LOGGER.warning("no entities to plot")
        return ax
    totals = entities.groupby("name")["count"].sum().sort_values(ascending=False, kind="mergesort")
    order = list(totals.index[:n])
    data = entities[entities["name"].isin(order)]
    sns.barplot(data=data, x="per_1000", y="name", hue="article_id", order=order,
                hue_order=sorted(entities["article_id"].unique()), ax=ax, **kwargs)
    ax.set_xlabel("mentions per 1,000 words")
    ax.set_ylabel("")
    return ax
