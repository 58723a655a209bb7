"""Entity networks from co-occurrence edges: building, centrality, communities, comparison.

Node attributes: ``name``, ``type``, ``country``, ``mentions`` (in the
graph's articles), ``articles`` (how many of them mention the entity) and
``mentions_<article_id>`` per article.  Edge attributes: every column of the
edges table except the keys and names (``count``, ``contexts``, ``weight``,
measures, relation counts, ``relation_score``, ``evidence`` ...).
"""
from __future__ import annotations

import logging
import math
from typing import Any, Literal

import networkx as nx
import numpy as np
import pandas as pd

__all__ = ["build_network", "network_metrics", "compare_networks", "ego_network"]

LOGGER = logging.getLogger(__name__)

KEY_COLUMNS = ["article_id", "source", "target", "source_name", "target_name"]
METRIC_COLUMNS = [
    "entity_id", "name", "type", "degree", "weighted_degree", "betweenness", "eigenvector", "community",
]
COMPARE_COLUMNS = [
    "source", "target", "source_name", "target_name", "status", "weight_a", "weight_b", "change",
]


def _native(value: Any) -> Any:
    """Python scalars for graph attributes (GraphML/GEXF writers reject numpy types)."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _node_table(mentions: pd.DataFrame, level: str, articles: list[str] | None) -> pd.DataFrame:
    m = mentions
    if articles is not None:
        m = m[m["article_id"].isin(articles)]
    if level == "country" and len(m):
        from .entities import to_country_level

        m = to_country_level(m)
    if not len(m):
        return pd.DataFrame(columns=["entity_id", "name", "type", "country", "mentions", "articles"])
    for col in ("type", "country"):
        if col not in m.columns:
            m = m.assign(**{col: ""})
    info = m.groupby("entity_id", sort=True)[["name", "type", "country"]].first().fillna("")
    per_article = m.groupby(["entity_id", "article_id"], sort=True).size().unstack(fill_value=0)
    info["mentions"] = per_article.sum(axis=1)
    info["articles"] = (per_article > 0).sum(axis=1)
    per_article = per_article.rename(columns=lambda aid: f"mentions_{aid}")
    per_article.columns.name = None
    return pd.concat([info, per_article], axis=1).reset_index()  # one concat: no frame fragmented by many inserts


def _edge_columns(edges: pd.DataFrame, names: list) -> list[list]:
    """Columns of ``edges`` as the values of ``edges[names].to_dict("records")``; attribute
    columns (all but the first two) passed through :func:`_native` (NaN: ``None``).

    Numeric columns and object columns of strings (and None) are converted a
    column at a time, the others through ``to_dict``.
    """
    arrays = {}
    for c in names:
        dtype = edges[c].dtype
        if isinstance(dtype, np.dtype) and dtype.kind in "fiubO":
            array = edges[c].to_numpy()
            if dtype.kind != "O" or set(map(type, array.tolist())) <= {str, type(None)}:
                arrays[c] = array
    others = [c for c in names if c not in arrays]
    records = edges[others].to_dict("records") if others else []
    out = []
    for i, c in enumerate(names):
        if c in arrays:
            array = arrays[c]
            values = array.tolist()
            if i >= 2 and array.dtype.kind == "f":
                for j in np.flatnonzero(np.isnan(array)).tolist():
                    values[j] = None
        else:
            values = [rec[c] for rec in records]
            if i >= 2:
                values = list(map(_native, values))
        out.append(values)
    return out


def build_network(
    edges: pd.DataFrame,
    mentions: pd.DataFrame | None = None,
    *,
    weight: str = "weight",
    level: Literal["entity", "country"] | None = None,
    isolates: bool = True,
) -> nx.Graph:
    """An undirected entity graph from one article's (or the pooled) edges.

    Parameters
    ----------
    edges : pandas.DataFrame
        Edges of one article or pooled (``by=None``), from
        :func:`geoanalysis.cooccurrence.cooccurrence`, optionally with
        relation columns (:func:`geoanalysis.relations.with_relations`) and
        ``evidence``.
    mentions : pandas.DataFrame, optional
        The mentions table, for node attributes (type, country, mentions per
        article) and for entities without edges.
    weight : str, optional (default="weight")
        The column that becomes the edge attribute ``weight`` used by the
        weighted algorithms (the original column is kept too).
    level : {"entity", "country"}, optional
        Level of the edges; default ``edges.attrs["level"]`` or ``"entity"``.
        With ``"country"`` the mentions are rolled up before counting.
    isolates : bool, optional (default=True)
        Add entities of ``mentions`` that have no edge as isolated nodes.

    Returns
    -------
    networkx.Graph
        Graph attributes: ``article_id`` and the edges' ``attrs`` (unit,
        level ...).

    Examples
    --------
    >>> import pandas as pd
    >>> edges = pd.DataFrame({"article_id": "a", "source": ["x", "x"], "target": ["y", "z"],
    ...                       "source_name": "X", "target_name": ["Y", "Z"], "weight": [2.0, 1.0]})
    >>> G = build_network(edges)
    >>> sorted(G.edges(data="weight")), G.nodes["y"]["name"]
    ([('x', 'y', 2.0), ('x', 'z', 1.0)], 'Y')
    """
    missing = [c for c in ("source", "target", weight) if c not in edges.columns]
    if missing:
        raise ValueError(f"edges is missing the columns {missing}; use geoanalysis.cooccurrence(...)")
    article_ids = sorted(edges["article_id"].astype(str).unique()) if "article_id" in edges.columns else []
    if len(article_ids) > 1:
        raise ValueError(
            f"edges hold {len(article_ids)} articles {article_ids[:5]}; build one graph per article "
            "(edges[edges.article_id == ...]) or pool them with cooccurrence(..., by=None)"
        )
    level = level or edges.attrs.get("level", "entity")
    G = nx.Graph()
    G.graph.update({k: _native(v) for k, v in edges.attrs.items() if v is not None})
    G.graph["article_id"] = article_ids[0] if article_ids else ""
    nodes = None
    if mentions is not None:
        scope = None if (not article_ids or article_ids[0] == "all") else article_ids
        nodes = _node_table(mentions, level, scope)
        if not isolates:
            linked = set(edges["source"]) | set(edges["target"])
            nodes = nodes[nodes["entity_id"].isin(linked)]
        for rec in nodes.to_dict("records"):
            node = rec.pop("entity_id")
            G.add_node(node, **{k: _native(v) for k, v in rec.items()})
    # nodes named only by the edges
    for end in ("source", "target"):
        name_col = f"{end}_name"
        for node, name in zip(edges[end], edges[name_col] if name_col in edges.columns else edges[end]):
            if node not in G:
                G.add_node(node, name=str(name), type="", country="", mentions=0, articles=0)
    attr_cols = [c for c in edges.columns if c not in KEY_COLUMNS]
    u_col, v_col, *columns = _edge_columns(edges, ["source", "target"] + attr_cols)
    weights = edges[weight].to_numpy(dtype=float).tolist()
    for u, v, w, *values in zip(u_col, v_col, weights, *columns):
        attrs = {k: val for k, val in zip(attr_cols, values) if val is not None}
        attrs["weight"] = w
        G.add_edge(u, v, **attrs)
    if not len(edges):
        LOGGER.warning("no edges: the graph has %d isolated nodes", G.number_of_nodes())
    return G


def _eigenvector(G: nx.Graph, weight: str) -> dict:
    """Weighted eigenvector centrality; on a disconnected graph, that of the dominant component (the one with
    the largest leading eigenvalue, where power iteration converges), 0 elsewhere."""
    if G.number_of_edges() == 0:
        return {n: 0.0 for n in G}
    try:
        values = nx.eigenvector_centrality(G, weight=weight, max_iter=1000, tol=1e-10)
    except nx.PowerIterationFailedConvergence:
        # components whose leading eigenvalues are equal or close: power iteration does not settle; the
        # dominant component is chosen by leading eigenvalue, then size, then first id
        def rank(nodes: set) -> tuple[float, int]:
            A = nx.to_scipy_sparse_array(G.subgraph(nodes), weight=weight, dtype=float)
            if A.shape[0] <= 500:
                top = np.linalg.eigvalsh(A.toarray())[-1]
            else:
                from scipy.sparse.linalg import eigsh

                top = eigsh(A, k=1, which="LA", return_eigenvectors=False)[0]
            return round(float(top), 9), len(nodes)

        comps = sorted((c for c in nx.connected_components(G) if len(c) > 1), key=lambda c: min(map(str, c)))
        best = max(comps, key=rank)  # the first of equals: the smallest id
        values = dict.fromkeys(G, 0.0)
        values.update(nx.eigenvector_centrality_numpy(G.subgraph(best), weight=weight))
    # outside the leading component power iteration leaves ~1e-20 residues: they are 0
    return {n: (0.0 if abs(v) < 1e-12 else float(v)) for n, v in values.items()}


def network_metrics(G: nx.Graph, *, weight: str = "weight", seed: int = 0) -> pd.DataFrame:
    """Centrality and community of every node.

    Parameters
    ----------
    G : networkx.Graph
    weight : str, optional (default="weight")
        Edge attribute used as strength by weighted degree, eigenvector
        centrality and Louvain.
    seed : int, optional (default=0)
        Seed of the Louvain method.

    Returns
    -------
    pandas.DataFrame
        ``entity_id, name, type, degree, weighted_degree, betweenness,
        eigenvector, community``, sorted by weighted degree (descending) and
        id.  ``betweenness`` is normalized and ignores weights (weights are
        strengths, not distances) [1]_; ``eigenvector`` is weighted [2]_;
        ``community`` numbers Louvain communities [3]_ by size, 0 the largest.

    References
    ----------
    .. [1] Brandes, U. (2001). A faster algorithm for betweenness centrality.
       Journal of Mathematical Sociology, 25(2), 163-177.
    .. [2] Bonacich, P. (1987). Power and centrality: A family of measures.
       American Journal of Sociology, 92(5), 1170-1182.
    .. [3] Blondel, V. D., Guillaume, J.-L., Lambiotte, R., & Lefebvre, E.
       (2008). Fast unfolding of communities in large networks. Journal of
       Statistical Mechanics, P10008.

    Examples
    --------
    >>> G = nx.Graph([("a", "b", {"weight": 2.0}), ("b", "c", {"weight": 1.0})])
    >>> network_metrics(G)[["entity_id", "degree", "weighted_degree", "betweenness"]]
      entity_id  degree  weighted_degree  betweenness
    0         b       2              3.0          1.0
    1         a       1              2.0          0.0
    2         c       1              1.0          0.0
    """
    if G.number_of_nodes() == 0:
        LOGGER.warning("empty graph: no metrics")
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in zip(
            METRIC_COLUMNS, [object] * 3 + ["int64", "float64", "float64", "float64", "int64"])})
    nodes = sorted(G.nodes)
    degree = dict(G.degree())
    strength = dict(G.degree(weight=weight))
    between = nx.betweenness_centrality(G, normalized=True)
    eigen = _eigenvector(G, weight)
    communities = nx.community.louvain_communities(G, weight=weight, seed=seed)
    ordered = sorted((sorted(c) for c in communities), key=lambda c: (-len(c), c[0]))
    community = {n: i for i, c in enumerate(ordered) for n in c}
    out = pd.DataFrame(
        {
            "entity_id": nodes,
            "name": [G.nodes[n].get("name", n) for n in nodes],
            "type": [G.nodes[n].get("type", "") for n in nodes],
            "degree": [degree[n] for n in nodes],
            "weighted_degree": [float(strength[n]) for n in nodes],
            "betweenness": [between[n] for n in nodes],
            "eigenvector": [float(eigen[n]) for n in nodes],
            "community": [community[n] for n in nodes],
        }
    )
    out = out.astype({"degree": "int64", "community": "int64"})
    return out.sort_values(["weighted_degree", "entity_id"], ascending=[False, True], ignore_index=True)


def _edge_frame(G: nx.Graph, weight: str) -> pd.DataFrame:
    rows = []
    for u, v, w in G.edges(data=weight, default=0.0):
        s, t = (u, v) if str(u) <= str(v) else (v, u)
        rows.append((s, t, G.nodes[s].get("name", s), G.nodes[t].get("name", t), float(w)))
    return pd.DataFrame(rows, columns=["source", "target", "source_name", "target_name", "w"])


def compare_networks(G_a: nx.Graph, G_b: nx.Graph, *, weight: str = "weight") -> pd.DataFrame:
    """Edges only in A, only in B, and in both with the change of weight.

    Parameters
    ----------
    G_a, G_b : networkx.Graph
        E.g. the networks of two articles.
    weight : str, optional (default="weight")

    Returns
    -------
    pandas.DataFrame
        ``source, target, source_name, target_name, status`` (``"both"``,
        ``"only_a"``, ``"only_b"``), ``weight_a, weight_b`` (0 where absent)
        and ``change = weight_b - weight_a``; sorted by status, then by
        absolute change (descending), source and target.

    Examples
    --------
    >>> A = nx.Graph([("x", "y", {"weight": 1.0}), ("x", "z", {"weight": 2.0})])
    >>> B = nx.Graph([("y", "x", {"weight": 3.0}), ("y", "z", {"weight": 1.0})])
    >>> compare_networks(A, B)[["source", "target", "status", "change"]]
      source target  status  change
    0      x      y    both     2.0
    1      x      z  only_a    -2.0
    2      y      z  only_b     1.0
    """
    a = _edge_frame(G_a, weight).rename(columns={"w": "weight_a"})
    b = _edge_frame(G_b, weight).rename(columns={"w": "weight_b"})
    out = a.merge(b, on=["source", "target"], how="outer", suffixes=("", "_b"), indicator=True)
    out["source_name"] = out["source_name"].fillna(out.pop("source_name_b"))
    out["target_name"] = out["target_name"].fillna(out.pop("target_name_b"))
    out["status"] = out.pop("_merge").map({"both": "both", "left_only": "only_a", "right_only": "only_b"}).astype(str)
    out["weight_a"] = out["weight_a"].fillna(0.0)
    out["weight_b"] = out["weight_b"].fillna(0.0)
    out["change"] = out["weight_b"] - out["weight_a"]
    out["_abs"] = out["change"].abs()
    out = out.sort_values(["status", "_abs", "source", "target"], ascending=[True, False, True, True], ignore_index=True)
    return out[COMPARE_COLUMNS]


def _resolve_node(G: nx.Graph, node: str) -> str:
    if node in G:
        return node
    wanted = str(node).casefold()
    hits = sorted(n for n, name in G.nodes(data="name") if name is not None and str(name).casefold() == wanted)
    if len(hits) == 1:
        return hits[0]
    if hits:
        raise ValueError(f"node = {node!r} is ambiguous; it names {hits}")
    raise ValueError(f"node = {node!r} is invalid; it is neither a node id nor a node name of the graph")


def ego_network(G: nx.Graph, node: str, *, radius: int = 1, center: bool = True) -> nx.Graph:
    """The neighbourhood of one entity: nodes within ``radius`` edges and the edges among them.

    Parameters
    ----------
    G : networkx.Graph
    node : str
        A node id (``"person:vladimir-putin"``) or a node ``name`` ("Vladimir Putin").
    radius : int, optional (default=1)
    center : bool, optional (default=True)
        Keep the ego node itself.

    Returns
    -------
    networkx.Graph
        A copy with the attributes of ``G``.

    Examples
    --------
    >>> G = nx.Graph([("a", "b"), ("b", "c"), ("c", "d")])
    >>> sorted(ego_network(G, "b").nodes)
    ['a', 'b', 'c']
    """
    if isinstance(radius, bool) or not isinstance(radius, (int, np.integer)) or radius < 1:
        raise ValueError(f"radius = {radius!r} is invalid; it must be an int >= 1")
    return nx.ego_graph(G, _resolve_node(G, node), radius=radius, center=center).copy()
