"""Figures for entity frequency: top entities, and a side-by-side comparison of articles."""
from __future__ import annotations

import logging
from typing import Sequence

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

__all__ = ["plot_entity_frequency", "plot_entity_comparison"]

LOGGER = logging.getLogger(__name__)

_VALUES = ("mentions", "share")


def _check(freq: pd.DataFrame, top: int, value: str) -> None:
    if top < 1:
        raise ValueError(f"top = {top} is invalid; it must be >= 1")
    if value not in _VALUES:
        raise ValueError(f"value = {value!r} is invalid; it must be 'mentions' or 'share'")
    missing = {"article_id", "name", "type", value} - set(freq.columns)
    if missing:
        raise ValueError(f"freq is missing the columns {sorted(missing)}; use geoanalysis.entity_frequency")


def _axes(freq: pd.DataFrame, top: int, value: str, ax):
    """Check the arguments and return the Axes to draw on (warns when there is nothing to draw)."""
    _check(freq, top, value)
    if freq.empty:
        LOGGER.warning("no entity frequencies to plot")
    return plt.gca() if ax is None else ax


def plot_entity_frequency(
    freq: pd.DataFrame,
    *,
    article_id: str | None = None,
    top: int = 10,
    value: str = "mentions",
    hue: str | None = "type",
    ax=None,
    **kwargs,
):
    """Horizontal bars of the ``top`` entities of one article (or of the pooled corpus).

    Parameters
    ----------
    freq : pandas.DataFrame
        From :func:`geoanalysis.entity_frequency`.
    article_id : str, optional
        Defaults to the first article id of ``freq`` (``"corpus"`` when pooled).
    top : int, optional (default=10)
    value : {"mentions", "share"}, optional (default="mentions")
    hue : str or None, optional (default="type")
        Column that colours the bars.
    ax : matplotlib Axes, optional
    **kwargs
        Passed to :func:`seaborn.barplot`.

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = _axes(freq, top, value, ax)
    if freq.empty:
        return ax
    article_id = article_id if article_id is not None else sorted(freq["article_id"].unique())[0]
    f = freq[freq["article_id"] == article_id]
    f = f.sort_values([value, "name"], ascending=[False, True], kind="stable").head(top)
    sns.barplot(data=f, x=value, y="name", hue=hue, dodge=False, ax=ax, **kwargs)
    ax.set_xlabel(value)
    ax.set_ylabel("")
    ax.set_title(f"Top entities: {article_id}")
    return ax


def plot_entity_comparison(
    freq: pd.DataFrame,
    *,
    articles: Sequence[str] | None = None,
    top: int = 10,
    value: str = "share",
    ax=None,
    **kwargs,
):
    """Side-by-side bars comparing articles on the union of their ``top`` entities.

    Parameters
    ----------
    freq : pandas.DataFrame
        From :func:`geoanalysis.entity_frequency` (``by="article"``).
    articles : sequence of str, optional
        Article ids to compare (default: all, in id order).
    top : int, optional (default=10)
        Entities taken from each article's top list.
    value : {"share", "mentions"}, optional (default="share")
        Shares compare articles of different lengths fairly.
    ax : matplotlib Axes, optional
    **kwargs
        Passed to :func:`seaborn.barplot`.

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = _axes(freq, top, value, ax)
    if freq.empty:
        return ax
    articles = list(articles) if articles is not None else sorted(freq["article_id"].unique())
    f = freq[freq["article_id"].isin(articles)]
    ranked = f.sort_values(["article_id", value, "name"], ascending=[True, False, True], kind="stable")
    names = list(dict.fromkeys(ranked.groupby("article_id", sort=True).head(top)["name"]))
    grid = pd.MultiIndex.from_product([articles, names], names=["article_id", "name"]).to_frame(index=False)
    data = grid.merge(f.groupby(["article_id", "name"], as_index=False)[value].sum(), how="left").fillna({value: 0})
    order = data.groupby("name")[value].sum().sort_values(ascending=False, kind="stable").index.tolist()
    sns.barplot(data=data, x=value, y="name", hue="article_id", order=order, hue_order=articles, ax=ax, **kwargs)
    ax.set_xlabel(value)
    ax.set_ylabel("")
    ax.set_title("Entities compared across articles")
    return ax
