"""Network figures: a static drawing, a co-occurrence heatmap and centrality bars (seaborn style)."""
from __future__ import annotations

import logging
from typing import Literal

import matplotlib.pyplot as plt
import networkx as nx
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from ..export import OTHER_COLOR, SIGN_COLORS, TYPE_COLORS, layout_positions

__all__ = ["plot_network", "plot_cooccurrence_heatmap", "plot_centrality"]

LOGGER = logging.getLogger(__name__)

LAYOUTS = ("spring", "kamada_kawai", "circular")
MEASURES = ("degree", "weighted_degree", "betweenness", "eigenvector")


def _edge_sign(data: dict) -> str:
    relation = data.get("relation")
    if relation in SIGN_COLORS:
        return relation
    score = data.get("relation_score")
    if score is None or not np.isfinite(score) or score == 0:
        return "neutral"
    return "cooperation" if score > 0 else "conflict"


def plot_network(
    G: nx.Graph,
    *,
    weight: str = "weight",
    layout: Literal["spring", "kamada_kawai", "circular"] = "spring",
    seed: int = 0,
    labels: bool | int = True,
    node_size: str | None = "mentions",
    legend: bool = True,
    ax: Axes | None = None,
    **kwargs,
) -> Axes:
    """Draw an entity network: nodes coloured by type, links by relation sign.

    Parameters
    ----------
    G : networkx.Graph
        From :func:`geoanalysis.network.build_network`.
    weight : str, optional (default="weight")
        Edge attribute for the layout and the link widths.
    layout : {"spring", "kamada_kawai", "circular"}, optional (default="spring")
        Node placement; ``spring`` is :func:`geoanalysis.export.layout_positions`
        (seeded Fruchterman-Reingold [1]_, small components packed below).
    seed : int, optional (default=0)
    labels : bool or int, optional (default=True)
        Label every node, none, or the ``labels`` nodes with most mentions.
    node_size : str or None, optional (default="mentions")
        Node attribute that sets the node area (None: all equal).
    legend : bool, optional (default=True)
    ax : matplotlib.axes.Axes, optional
    **kwargs
        Passed to :func:`networkx.draw_networkx_nodes`.

    Returns
    -------
    matplotlib.axes.Axes

    References
    ----------
    .. [1] Fruchterman, T. M. J., & Reingold, E. M. (1991). Graph drawing by
       force-directed placement. Software: Practice and Experience, 21(11), 1129-1164.
    """
    if layout not in LAYOUTS:
        raise ValueError(f"layout = {layout!r} is invalid; it must be one of {LAYOUTS}")
    if ax is None:
        ax = plt.gca()
    if G.number_of_nodes() == 0:
        LOGGER.warning("empty graph: nothing to draw")
        return ax
    nodes = sorted(G.nodes, key=str)
    H = nx.Graph()
    H.add_nodes_from(nodes)
    H.add_edges_from(sorted(G.edges(data=True), key=lambda e: (str(e[0]), str(e[1]))))
    if layout == "spring":
        pos = {n: np.array([x, -y]) for n, (x, y) in layout_positions(H, seed=seed, weight=weight).items()}
    elif layout == "kamada_kawai":
        pos = nx.kamada_kawai_layout(H)
    else:
        pos = nx.circular_layout(H)
    types = [str(G.nodes[n].get("type") or "") for n in nodes]
    colors = [TYPE_COLORS.get(t, OTHER_COLOR) for t in types]
    if node_size:
        size = np.array([float(G.nodes[n].get(node_size) or 0) for n in nodes])
        size = 80 + 720 * np.sqrt(size / size.max()) if size.max() > 0 else np.full(len(nodes), 200.0)
    else:
        size = np.full(len(nodes), 200.0)
    edges = list(H.edges(data=True))
    if edges:
        w = np.array([float(d.get(weight) or 0) for _, _, d in edges])
        widths = 0.5 + 4.5 * w / w.max() if w.max() > 0 else np.ones(len(edges))
        nx.draw_networkx_edges(
            H, pos, edgelist=[(u, v) for u, v, _ in edges], width=list(widths),
            edge_color=[SIGN_COLORS[_edge_sign(d)] for _, _, d in edges], alpha=0.7, ax=ax,
        )
    kwargs.setdefault("linewidths", 0.8)
    kwargs.setdefault("edgecolors", "white")
    nx.draw_networkx_nodes(H, pos, nodelist=nodes, node_color=colors, node_size=list(size), ax=ax, **kwargs)
    if labels:
        chosen = nodes
        if not isinstance(labels, bool):
            chosen = sorted(nodes, key=lambda n: (-float(G.nodes[n].get("mentions") or 0), str(n)))[: int(labels)]
        nx.draw_networkx_labels(
            H, pos, labels={n: str(G.nodes[n].get("name", n)) for n in chosen}, font_size=8, ax=ax
        )
    if legend:
        handles = [Line2D([], [], marker="o", linestyle="", color=TYPE_COLORS.get(t, OTHER_COLOR), label=t or "unknown")
                   for t in sorted(set(types))]
        signs = sorted({_edge_sign(d) for _, _, d in edges})
        handles += [Line2D([], [], color=SIGN_COLORS[s], label=s) for s in signs]
        ax.legend(handles=handles, loc="best", fontsize=7, frameon=False)
    ax.set_axis_off()
    return ax


def plot_cooccurrence_heatmap(
    edges: pd.DataFrame,
    *,
    value: str = "weight",
    top: int = 20,
    ax: Axes | None = None,
    **kwargs,
) -> Axes:
    """Heatmap of a co-occurrence measure among the most connected entities.

    Parameters
    ----------
    edges : pandas.DataFrame
        One article's or the pooled edges (:func:`geoanalysis.cooccurrence.cooccurrence`).
    value : str, optional (default="weight")
        The column shown (``"weight"``, ``"count"``, ``"npmi"`` ...).
    top : int, optional (default=20)
        Entities kept, by summed ``value`` over their pairs.
    ax : matplotlib.axes.Axes, optional
    **kwargs
        Passed to :func:`seaborn.heatmap`.

    Returns
    -------
    matplotlib.axes.Axes
    """
    if ax is None:
        ax = plt.gca()
    if value not in edges.columns:
        raise ValueError(f"value = {value!r} is invalid; it must be a column of edges")
    if isinstance(top, bool) or not isinstance(top, int) or top < 2:
        raise ValueError(f"top = {top!r} is invalid; it must be an int >= 2")
    if "article_id" in edges.columns and edges["article_id"].nunique() > 1:
        raise ValueError("edges hold several articles; select one (edges[edges.article_id == ...]) or pool them")
    if not len(edges):
        LOGGER.warning("no edges: empty heatmap")
        return ax
    src = edges.get("source_name", edges["source"]).astype(str)
    tgt = edges.get("target_name", edges["target"]).astype(str)
    long = pd.DataFrame({"a": pd.concat([src, tgt]), "b": pd.concat([tgt, src]),
                         "v": pd.concat([edges[value], edges[value]]).astype(float)})
    totals = long.groupby("a")["v"].apply(lambda s: s.abs().sum()).sort_values(ascending=False, kind="stable")
    keep = sorted(totals.index[:top], key=lambda n: (-totals[n], n))
    matrix = (
        long[long["a"].isin(keep) & long["b"].isin(keep)]
        .pivot_table(index="a", columns="b", values="v", aggfunc="sum")
        .reindex(index=keep, columns=keep)
    )
    kwargs.setdefault("cmap", "vlag" if value in ("npmi", "pmi", "g2", "relation_score") else "rocket_r")
    if kwargs["cmap"] == "vlag":
        kwargs.setdefault("center", 0.0)
    kwargs.setdefault("square", True)
    kwargs.setdefault("linewidths", 0.5)
    kwargs.setdefault("cbar_kws", {"label": value})
    sns.heatmap(matrix, ax=ax, **kwargs)
    ax.set_xlabel("")
    ax.set_ylabel("")
    return ax


def plot_centrality(
    metrics: pd.DataFrame,
    *,
    measure: str = "betweenness",
    top: int = 15,
    hue: str | None = "type",
    ax: Axes | None = None,
    **kwargs,
) -> Axes:
    """Horizontal bars of a centrality measure for the most central entities.

    Parameters
    ----------
    metrics : pandas.DataFrame
        From :func:`geoanalysis.network.network_metrics`.
    measure : {"degree", "weighted_degree", "betweenness", "eigenvector"}, optional
    top : int, optional (default=15)
    hue : str or None, optional (default="type")
        Column that colours the bars (entity-type colours for ``"type"``).
    ax : matplotlib.axes.Axes, optional
    **kwargs
        Passed to :func:`seaborn.barplot`.

    Returns
    -------
    matplotlib.axes.Axes
    """
    if measure not in metrics.columns:
        raise ValueError(f"measure = {measure!r} is invalid; it must be a column of metrics such as {MEASURES}")
    if isinstance(top, bool) or not isinstance(top, int) or top < 1:
        raise ValueError(f"top = {top!r} is invalid; it must be an int >= 1")
    if ax is None:
        ax = plt.gca()
    if not len(metrics):
        LOGGER.warning("no metrics: empty plot")
        return ax
    data = metrics.sort_values([measure, "entity_id"], ascending=[False, True], kind="stable").head(top)
    if hue is not None and hue in data.columns:
        kwargs.setdefault("palette", {t: TYPE_COLORS.get(t, OTHER_COLOR) for t in data[hue].unique()}
                          if hue == "type" else None)
        sns.barplot(data=data, x=measure, y="name", hue=hue, dodge=False, orient="h", ax=ax, **kwargs)
    else:
        sns.barplot(data=data, x=measure, y="name", orient="h", ax=ax, **kwargs)
    ax.set_ylabel("")
    ax.set_xlabel(measure.replace("_", " "))
    return ax
