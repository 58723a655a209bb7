"""Network exports: GraphML, GEXF, node-link JSON, nodes/edges CSV and a self-contained HTML view.

Every writer takes a graph from :func:`geoanalysis.network.build_network`,
writes deterministic output (sorted nodes and edges, sorted keys) and
returns the path(s) written.  The HTML view is one file that works offline:
no CDN, no fonts, data embedded as escaped JSON and evidence shown with
``textContent``, never ``innerHTML``.
"""
from __future__ import annotations

import json
import logging
import math
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Mapping, Sequence

import networkx as nx
import numpy as np
import pandas as pd

if TYPE_CHECKING:  # pragma: no cover
    from .model import Article, Corpus

__all__ = [
    "network_tables",
    "write_graphml",
    "write_gexf",
    "write_node_link",
    "write_network_csv",
    "export_network",
    "network_html",
    "write_network_html",
    "json_for_html",
    "layout_positions",
]

LOGGER = logging.getLogger(__name__)

Format = Literal["graphml", "gexf", "json", "csv", "html"]
FORMATS = ("graphml", "gexf", "json", "csv", "html")
SUFFIXES = {".graphml": "graphml", ".gexf": "gexf", ".json": "json", ".csv": "csv", ".html": "html", ".htm": "html"}

#: Node colours by entity type (colour-blind-safe Okabe-Ito palette).
TYPE_COLORS = {
    "COUNTRY": "#0072B2",
    "PERSON": "#E69F00",
    "ORG": "#009E73",
    "CITY": "#56B4E9",
    "GROUP": "#CC79A7",
    "MEDIA": "#F0E442",
    "REGION": "#D55E00",
    "GPE_OTHER": "#999999",
    "MISC": "#BBBBBB",
}
OTHER_COLOR = "#666666"
#: Edge colours by relation sign.
SIGN_COLORS = {"cooperation": "#1b7837", "conflict": "#c51b7d", "neutral": "#9a9a9a"}


# --------------------------------------------------------------------------- tables


def _clean(value: Any) -> Any:
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, (list, tuple, set, frozenset)):
        return ";".join(str(v) for v in value)
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def _sanitized(G: nx.Graph) -> nx.Graph:
    """A copy with sorted nodes/edges and scalar attributes only (no None, no numpy types)."""
    H = G.__class__()
    H.graph.update({str(k): _clean(v) for k, v in sorted(G.graph.items()) if _clean(v) is not None})
    for n in sorted(G.nodes, key=str):
        H.add_node(n, **{str(k): c for k, v in sorted(G.nodes[n].items()) if (c := _clean(v)) is not None})
    for u, v in sorted((tuple(sorted((a, b), key=str)) for a, b in G.edges), key=lambda e: (str(e[0]), str(e[1]))):
        attrs = G.edges[u, v]
        H.add_edge(u, v, **{str(k): c for k, v2 in sorted(attrs.items()) if (c := _clean(v2)) is not None})
    return H


def network_tables(G: nx.Graph) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The graph as two tidy tables.

    Returns
    -------
    nodes : pandas.DataFrame
        ``entity_id`` and one column per node attribute, sorted by id.
    edges : pandas.DataFrame
        ``source, target`` (``source < target``) and one column per edge
        attribute, sorted by source and target.

    Examples
    --------
    >>> G = nx.Graph([("b", "a", {"weight": 2.0})])
    >>> network_tables(G)[1].to_dict("records")
    [{'source': 'a', 'target': 'b', 'weight': 2.0}]
    """
    H = _sanitized(G)
    nodes = pd.DataFrame([{"entity_id": n, **a} for n, a in H.nodes(data=True)])
    if not len(nodes):
        nodes = pd.DataFrame(columns=["entity_id"])
    edges = pd.DataFrame([{"source": u, "target": v, **a} for u, v, a in H.edges(data=True)])
    if not len(edges):
        edges = pd.DataFrame(columns=["source", "target"])
    first_n = ["entity_id"] + [c for c in ("name", "type", "country", "mentions", "articles") if c in nodes.columns]
    nodes = nodes[first_n + sorted(c for c in nodes.columns if c not in first_n)]
    lead = ["source", "target"] + [c for c in ("weight", "count", "contexts") if c in edges.columns]
    edges = edges[lead + sorted(c for c in edges.columns if c not in lead)]
    return nodes, edges


# --------------------------------------------------------------------------- file formats


def _path(path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def write_graphml(G: nx.Graph, path: str | Path) -> Path:
    """Write GraphML (read back with :func:`networkx.read_graphml`).

    References
    ----------
    .. [1] Brandes, U., Eiglsperger, M., Lerner, J., & Pich, C. (2013). Graph
       markup language (GraphML). In Handbook of Graph Drawing and Visualization.
    """
    path = _path(path)
    nx.write_graphml(_sanitized(G), path, encoding="utf-8", prettyprint=True)
    return path


def write_gexf(G: nx.Graph, path: str | Path) -> Path:
    """Write GEXF 1.2 for Gephi; node labels are the entity names."""
    path = _path(path)
    H = _sanitized(G)
    for n, data in H.nodes(data=True):
        data["label"] = str(data.get("name", n))
    nx.write_gexf(H, path, encoding="utf-8", prettyprint=True, version="1.2draft")
    return path


def write_node_link(G: nx.Graph, path: str | Path) -> Path:
    """Write node-link JSON (``{"nodes": [...], "edges": [...]}``; read back with
    ``networkx.node_link_graph(data, edges="edges")``)."""
    path = _path(path)
    data = nx.node_link_data(_sanitized(G), edges="edges")
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return path


def write_network_csv(G: nx.Graph, path: str | Path) -> list[Path]:
    """Write ``<stem>_nodes.csv`` and ``<stem>_edges.csv`` next to ``path``.

    Parameters
    ----------
    G : networkx.Graph
    path : str or Path
        ``reports/net.csv`` or ``reports/net`` gives ``reports/net_nodes.csv``
        and ``reports/net_edges.csv``.
    """
    path = Path(path)
    stem = path.with_suffix("") if path.suffix == ".csv" else path
    nodes, edges = network_tables(G)
    out = []
    for name, table in (("nodes", nodes), ("edges", edges)):
        target = _path(stem.parent / f"{stem.name}_{name}.csv")
        table.to_csv(target, index=False, lineterminator="\n")
        out.append(target)
    return out


def export_network(G: nx.Graph, path: str | Path, *, format: Format | None = None, **kwargs) -> list[Path]:
    """Write the graph in the format its suffix names (or ``format``).

    Parameters
    ----------
    G : networkx.Graph
    path : str or Path
        ``.graphml``, ``.gexf``, ``.json`` (node-link), ``.csv`` (two files)
        or ``.html`` (:func:`write_network_html`).
    format : {"graphml", "gexf", "json", "csv", "html"}, optional
    **kwargs
        Passed to :func:`write_network_html`.

    Returns
    -------
    list of Path
    """
    fmt = format or SUFFIXES.get(Path(path).suffix.lower())
    if fmt not in FORMATS:
        raise ValueError(
            f"format = {fmt!r} is invalid (path {str(path)!r}); it must be one of {FORMATS} "
            f"or the path must end in one of {sorted(SUFFIXES)}"
        )
    if fmt == "graphml":
        return [write_graphml(G, path)]
    if fmt == "gexf":
        return [write_gexf(G, path)]
    if fmt == "json":
        return [write_node_link(G, path)]
    if fmt == "csv":
        return write_network_csv(G, path)
    return [write_network_html(G, path, **kwargs)]


# --------------------------------------------------------------------------- HTML


def json_for_html(data: Any) -> str:
    """JSON that is safe inside ``<script>``: ``<``, ``>``, ``&`` and line separators escaped.

    Examples
    --------
    >>> json_for_html({"t": "</script><!--"})
    '{"t": "\\\\u003c/script\\\\u003e\\\\u003c!--"}'
    """
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, allow_nan=False)
    for raw, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(raw, esc)
    return text


def _texts_lookup(
    G: nx.Graph, texts: "Mapping[str, str] | pd.DataFrame | Corpus | Sequence[Article] | Article | None"
) -> dict[str, str]:
    if texts is None:
        return {}
    if isinstance(texts, Mapping):
        return {str(k): str(v) for k, v in texts.items()}
    if isinstance(texts, pd.DataFrame):
        return dict(zip(texts["context_id"].astype(str), texts["text"].astype(str)))
    from .cooccurrence import evidence_text

    ids = sorted({i for _, _, ev in G.edges(data="evidence", default="") for i in str(ev or "").split(";") if i})
    if not ids:
        return {}
    table = evidence_text(ids, texts)
    return dict(zip(table["context_id"], table["text"]))


def _finite(x: Any) -> float | None:
    try:
        x = float(x)
    except (TypeError, ValueError):
        return None
    return x if math.isfinite(x) else None


#: Components with more nodes get a capped number of layout steps (see :func:`layout_positions`).
LARGE_LAYOUT = 300
MIN_LAYOUT_STEPS = 8


def layout_positions(G: nx.Graph, *, seed: int = 0, weight: str | None = "weight") -> dict:
    """Seeded node positions in the unit square, components packed rather than scattered.

    The largest connected component is laid out with :func:`networkx.spring_layout`
    (Fruchterman-Reingold, seeded) in the upper part of the square (a component of
    more than :data:`LARGE_LAYOUT` nodes gets the energy method with its optimizer
    steps capped, at least :data:`MIN_LAYOUT_STEPS`, so that the layout stays
    about a second on thousands of entities); the smaller
    components and isolated nodes are laid out the same way in a grid of small
    cells along the bottom, so that they do not push the main component into a corner.

    Parameters
    ----------
    G : networkx.Graph
    seed : int, optional (default=0)
    weight : str or None, optional (default="weight")
        Edge attribute pulling nodes together.

    Returns
    -------
    dict
        node -> numpy array ``[x, y]`` with ``0 <= x, y <= 1`` (y grows downwards).

    Examples
    --------
    >>> pos = layout_positions(nx.Graph([("a", "b"), ("c", "d")]), seed=0)
    >>> sorted(pos) == ["a", "b", "c", "d"] and all(0 <= v.min() and v.max() <= 1 for v in pos.values())
    True
    """
    if G.number_of_nodes() == 0:
        return {}
    comps = sorted((sorted(c, key=str) for c in nx.connected_components(G)), key=lambda c: (-len(c), str(c[0])))

    def box(nodes: list, x0: float, y0: float, w: float, h: float) -> dict:
        if len(nodes) == 1:
            return {nodes[0]: np.array([x0 + w / 2, y0 + h / 2])}
        sub = nx.Graph()
        sub.add_nodes_from(nodes)
        sub.add_edges_from((u, v, d) for u, v, d in G.subgraph(nodes).edges(data=True))
        if len(nodes) <= LARGE_LAYOUT:
            raw = nx.spring_layout(sub, seed=seed, weight=weight)
        else:  # large component: fewer (seeded) optimizer steps, the cost of each grows as n^2
            steps = max(MIN_LAYOUT_STEPS, int(50 * (LARGE_LAYOUT / len(nodes)) ** 2))
            raw = nx.spring_layout(sub, seed=seed, weight=weight, method="energy", iterations=steps)
        xy = np.array([raw[n] for n in nodes], dtype=float)
        lo, hi = xy.min(axis=0), xy.max(axis=0)
        xy = (xy - lo) / np.where(hi - lo > 0, hi - lo, 1.0)
        return {n: np.array([x0 + w * x, y0 + h * y]) for n, (x, y) in zip(nodes, xy)}

    rest = comps[1:]
    main_h = 1.0 if not rest else 0.8
    pos = box(comps[0], 0.0, 0.0, 1.0, main_h)
    if rest:
        per_row = max(4, math.ceil(math.sqrt(len(rest)) * 2))
        rows = math.ceil(len(rest) / per_row)
        cell_w, cell_h = 1.0 / per_row, (1.0 - main_h - 0.05) / rows
        for i, comp in enumerate(rest):
            r, c = divmod(i, per_row)
            pad = 0.15
            pos.update(box(comp, c * cell_w + pad * cell_w, main_h + 0.05 + r * cell_h + pad * cell_h,
                           cell_w * (1 - 2 * pad), cell_h * (1 - 2 * pad)))
    return pos


def _payload(G: nx.Graph, texts: dict[str, str], *, weight: str, seed: int, max_evidence: int,
             relations: Mapping[str, str] | None) -> dict:
    nodes = sorted(G.nodes, key=str)
    index = {n: i for i, n in enumerate(nodes)}
    pos = layout_positions(G, seed=seed, weight=weight)
    xy = np.array([pos[n] for n in nodes], dtype=float).reshape(len(nodes), 2)
    mentions = np.array([_finite(G.nodes[n].get("mentions")) or 0.0 for n in nodes], dtype=float)
    mmax = mentions.max() if len(mentions) and mentions.max() > 0 else 1.0
    types = sorted({str(G.nodes[n].get("type") or "") for n in nodes})
    out_nodes = []
    for i, n in enumerate(nodes):
        a = G.nodes[n]
        t = str(a.get("type") or "")
        out_nodes.append({
            "id": str(n),
            "name": str(a.get("name", n)),
            "type": t or "unknown",
            "country": str(a.get("country") or ""),
            "mentions": int(mentions[i]),
            "degree": int(G.degree(n)),
            "color": TYPE_COLORS.get(t, OTHER_COLOR),
            "r": round(5 + 11 * math.sqrt(mentions[i] / mmax), 2),
            "x": round(float(xy[i, 0]), 4),
            "y": round(float(xy[i, 1]), 4),
        })
    weights = [(_finite(d.get(weight)) or 0.0) for _, _, d in G.edges(data=True)]
    wmax = max(weights) if weights and max(weights) > 0 else 1.0
    out_edges = []
    stat_keys = ["weight", "count", "contexts", "pmi", "npmi", "jaccard", "dice", "g2",
                 "cooperation", "conflict", "neutral", "relation_score"]
    for u, v, d in sorted(G.edges(data=True), key=lambda e: tuple(sorted((str(e[0]), str(e[1]))))):
        s, t = sorted((index[u], index[v]))
        score = _finite(d.get("relation_score"))
        relation = d.get("relation") or (
            "neutral" if score is None or score == 0 else "cooperation" if score > 0 else "conflict"
        )
        ids = [i for i in str(d.get("evidence") or "").split(";") if i]
        evidence = [
            {"id": cid, "text": texts.get(cid, ""), "relation": (relations or {}).get(cid, "")}
            for cid in ids[:max_evidence]
        ]
        w = _finite(d.get(weight)) or 0.0
        out_edges.append({
            "s": s,
            "t": t,
            "weight": w,
            "width": round(1 + 5 * w / wmax, 2),
            "relation": str(relation),
            "relation_score": score,
            "color": SIGN_COLORS.get(str(relation), SIGN_COLORS["neutral"]),
            "evidence": evidence,
            "more": max(len(ids) - max_evidence, 0),
            "stats": [[k, _finite(d[k])] for k in stat_keys if k in d and _finite(d[k]) is not None],
        })
    return {
        "nodes": out_nodes,
        "edges": out_edges,
        "types": [{"type": t or "unknown", "color": TYPE_COLORS.get(t, OTHER_COLOR)} for t in types],
        "signs": [{"label": k, "color": c} for k, c in SIGN_COLORS.items()],
    }


@cache
def _template():
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("geoanalysis", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    return env.get_template("network.html")


def network_html(
    G: nx.Graph,
    *,
    texts: "Mapping[str, str] | pd.DataFrame | Corpus | Sequence[Article] | Article | None" = None,
    title: str | None = None,
    weight: str = "weight",
    seed: int = 0,
    max_evidence: int = 10,
) -> str:
    """An interactive, self-contained HTML view of the graph (as a string).

    Nodes are coloured by entity type and sized by mentions; links are
    coloured by relation sign (cooperation, conflict, neutral) and as wide as
    their weight.  Hovering shows a tooltip with the first evidence sentences;
    clicking a link lists its evidence, clicking a node its links.  Nodes can
    be dragged; the view zooms and pans.  Positions come from
    :func:`layout_positions` (seeded spring layout [1]_).

    Parameters
    ----------
    G : networkx.Graph
        From :func:`geoanalysis.network.build_network`; the edge attribute
        ``evidence`` (``";"``-joined context ids) selects the sentences shown.
    texts : mapping, pandas.DataFrame, Corpus, sequence of Article or Article, optional
        Text of the contexts: ``{context_id: text}``, a ``context_id, text``
        table (:func:`geoanalysis.cooccurrence.evidence_text`) or the articles.
    title : str, optional
    weight : str, optional (default="weight")
    seed : int, optional (default=0)
    max_evidence : int, optional (default=10)
        Contexts shown per link.

    Returns
    -------
    str
        The page; all text is escaped and inserted with ``textContent``.

    References
    ----------
    .. [1] Fruchterman, T. M. J., & Reingold, E. M. (1991). Graph drawing by
       force-directed placement. Software: Practice and Experience, 21(11), 1129-1164.
    """
    if isinstance(max_evidence, bool) or not isinstance(max_evidence, int) or max_evidence < 0:
        raise ValueError(f"max_evidence = {max_evidence!r} is invalid; it must be an int >= 0")
    from . import __version__

    lookup = _texts_lookup(G, texts)
    relations = None
    if lookup:
        from .relations import classify_relations

        table = classify_relations(pd.DataFrame({"context_id": list(lookup), "text": list(lookup.values())}))
        relations = dict(zip(table["context_id"], table["relation"]))
    payload = _payload(G, lookup, weight=weight, seed=seed, max_evidence=max_evidence, relations=relations)
    if title is None:
        title = f"Entity network {G.graph.get('article_id', '')}".strip()
    return _template().render(title=title, data_json=json_for_html(payload), version=__version__)


def write_network_html(G: nx.Graph, path: str | Path, **kwargs) -> Path:
    """Write :func:`network_html` to ``path`` (UTF-8); keyword options as there."""
    path = _path(path)
    path.write_text(network_html(G, **kwargs), encoding="utf-8")
    return path
