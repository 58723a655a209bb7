"""Figures about the sources: article length and sentence-length distributions."""
from __future__ import annotations

import logging

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

__all__ = ["plot_sentence_lengths"]

LOGGER = logging.getLogger(__name__)


def plot_sentence_lengths(
    sentences: pd.DataFrame,
    *,
    by: str = "article_id",
    length: str = "n_tokens",
    kind: str = "box",
    ax=None,
    **kwargs,
):
    """Sentence lengths (in word tokens) per article, as box plots with the sentences as points.

    Parameters
    ----------
    sentences : pandas.DataFrame
        A :func:`geoanalysis.sentence_table`.
    by : str, optional (default="article_id")
        Column to group by (one box per value).
    length : str, optional (default="n_tokens")
    kind : {"box", "violin"}, optional
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    if kind not in ("box", "violin"):
        raise ValueError(f"kind = {kind!r} is invalid; it must be 'box' or 'violin'")
    if ax is None:
        ax = plt.gca()
    if sentences.empty:
        LOGGER.warning("no sentences to plot")
        return ax
    order = sorted(sentences[by].unique())
    plot = sns.boxplot if kind == "box" else sns.violinplot
    plot(data=sentences, x=length, y=by, order=order, ax=ax, color="0.85", **kwargs)
    sns.stripplot(data=sentences, x=length, y=by, order=order, ax=ax, size=3, color="0.25", alpha=0.6)
    ax.set_xlabel("words per sentence")
    ax.set_ylabel("")
    return ax
