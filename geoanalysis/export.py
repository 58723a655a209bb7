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
import operator
import re
from contextlib import ExitStack
from functools import cache
from itertools import chain, groupby, repeat
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Literal, Mapping, Sequence

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
    "write_network_files",
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

    The file is the one :func:`networkx.write_graphml_xml` writes (pretty-printed,
    sorted nodes and edges, sorted attributes), written element by element so
    that no XML tree is held in memory.

    References
    ----------
    .. [1] Brandes, U., Eiglsperger, M., Lerner, J., & Pich, C. (2013). Graph
       markup language (GraphML). In Handbook of Graph Drawing and Visualization.
    """
    return _graphml(_GraphSource.from_graph(G), _path(path))


def _graphml(src: "_GraphSource", path: Path) -> Path:
    if src.n_nodes == 0:  # degenerate document: networkx writes it
        nx.write_graphml_xml(src.to_graph(), path, encoding="utf-8", prettyprint=True)
    else:
        _stream([(_GraphMLWriter(src), path)], src)
    return path


def write_gexf(G: nx.Graph, path: str | Path) -> Path:
    """Write GEXF 1.2 for Gephi; node labels are the entity names.

    Same file as :func:`networkx.write_gexf` (pretty-printed), written
    element by element.
    """
    G = G.copy() if G.number_of_nodes() else G
    for n, data in G.nodes(data=True):
        data["label"] = _label(n, data)
    return _gexf(_GraphSource.from_graph(G), _path(path))


def _label(node: Any, attrs: Mapping[str, Any]) -> str:
    name = _clean(attrs.get("name"))
    return str(node if name is None else name)


def _gexf(src: "_GraphSource", path: Path) -> Path:
    if not _gexf_streamable(src):
        nx.write_gexf(src.to_graph(), path, encoding="utf-8", prettyprint=True, version="1.2draft")
    else:
        _stream([(_GEXFWriter(src), path)], src)
    return path


def write_node_link(G: nx.Graph, path: str | Path) -> Path:
    """Write node-link JSON (``{"nodes": [...], "edges": [...]}``; read back with
    ``networkx.node_link_graph(data, edges="edges")``)."""
    src = _GraphSource.from_graph(G)
    path = _path(path)
    _stream([(_NodeLinkWriter(src), path)], src)
    return path


def write_network_files(
    nodes: Mapping[Any, Mapping[str, Any]],
    edges: pd.DataFrame,
    out_dir: str | Path,
    *,
    graph: Mapping[str, Any] | None = None,
    stem: str = "network",
    attributes: Sequence[str] | None = None,
    rows_of: Callable[[np.ndarray], pd.DataFrame] | None = None,
) -> dict[str, Path]:
    """Write ``STEM.graphml``, ``STEM.gexf`` and ``STEM.json`` straight from tables.

    The files are those :func:`write_graphml`, :func:`write_gexf` and
    :func:`write_node_link` write for the graph with these nodes and edges,
    but no :class:`networkx.Graph` is built: the edges are read a few
    thousand rows at a time, formatted column by column and written to the
    three files in one pass, so memory stays bounded by the tables however
    many ties there are.

    Parameters
    ----------
    nodes : mapping
        Node id -> attributes (every endpoint of ``edges`` must be there).
    edges : pandas.DataFrame
        ``source, target`` and one column per edge attribute (one row per pair).
    out_dir : str or Path
    graph : mapping, optional
        Graph attributes.
    stem : str, optional (default="network")
    attributes : sequence of str, optional
        The columns of ``edges`` written as edge attributes (default: every
        column but ``source`` and ``target``); the others are ignored.
    rows_of : callable, optional
        For an edges table too large to hold: ``edges`` then needs only
        ``source`` and ``target``, and ``rows_of(positions)`` returns the rows
        of the full table at those positions (in that order) with the
        ``attributes`` columns; it is called a few thousand rows at a time.

    Returns
    -------
    dict of str to Path
        ``{"STEM.graphml": ..., "STEM.gexf": ..., "STEM.json": ...}``.

    Examples
    --------
    >>> import tempfile
    >>> edges = pd.DataFrame({"source": ["b"], "target": ["a"], "weight": [2.0]})
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     paths = write_network_files({"a": {"name": "A"}, "b": {"name": "B"}}, edges, tmp)
    ...     G = nx.read_graphml(paths["network.graphml"])
    >>> sorted(paths), sorted(G.edges(data="weight"))
    (['network.gexf', 'network.graphml', 'network.json'], [('a', 'b', 2.0)])
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    if rows_of is not None and attributes is None:
        raise ValueError("rows_of needs the attributes it gives")
    src = _table_source(nodes, edges, graph, attributes=attributes, rows_of=rows_of)
    labelled = src.with_nodes(_node_source({n: _clean_attrs({**a, "label": _label(n, a)}) for n, a in nodes.items()}))
    paths = {f"{stem}.{ext}": out_dir / f"{stem}.{ext}" for ext in ("graphml", "gexf", "json")}
    jobs: list[tuple[_Writer, Path]] = []
    if src.n_nodes == 0:
        _graphml(src, paths[f"{stem}.graphml"])
    else:
        jobs.append((_GraphMLWriter(src), paths[f"{stem}.graphml"]))
    if _gexf_streamable(labelled):
        jobs.append((_GEXFWriter(labelled), paths[f"{stem}.gexf"]))
    else:
        _gexf(labelled, paths[f"{stem}.gexf"])
    jobs.append((_NodeLinkWriter(src), paths[f"{stem}.json"]))
    _stream(jobs, src)
    return paths


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


# --------------------------------------------------------------------------- streaming writers
#
# The writers below produce the same bytes as networkx's ``write_graphml_xml`` /
# ``write_gexf`` (ElementTree, pretty-printed) and ``node_link_data`` + json, but
# write from sorted, cleaned nodes and from blocks of sorted edges, so that a
# network of hundreds of thousands of ties never exists as an ``nx.Graph`` nor
# as an XML tree in memory.  A block holds a few thousand consecutive edges
# column by column: each attribute is formatted a column at a time (one
# ``repr`` or escape pass, strings escaped only when the column holds a
# character that needs it) and a block becomes one string with one join.

#: Edges per block of the streaming writers.
_BLOCK = 4096

_XML_TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}
_XML_TEXT_SPECIAL = re.compile("[&<>]")
_XML_ATTR_SPECIAL = re.compile('[&<>"\r\n\t]')
#: ``json.dumps(..., ensure_ascii=False)`` encodes strings (keys and values) with this function.
_json_str = json.encoder.encode_basestring
_GEXF_FLOATS = {"inf": "INF", "-inf": "-INF", "nan": "NaN"}
_JSON_FLOATS = {"inf": "Infinity", "-inf": "-Infinity", "nan": "NaN"}
_NONE = type(None)


def _xml_text(text: str) -> str:
    """Escape character data as :mod:`xml.etree.ElementTree` does."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def _xml_attr(text: str) -> str:
    """Escape an attribute value as :mod:`xml.etree.ElementTree` does."""
    text = _xml_text(text)
    for raw, esc in (('"', "&quot;"), ("\r", "&#13;"), ("\n", "&#10;"), ("\t", "&#09;")):
        if raw in text:
            text = text.replace(raw, esc)
    return text


def _escape_all(texts: list, special: re.Pattern, escape) -> list:
    """``escape`` of every string of ``texts`` (``None`` stays), or ``texts`` itself when none needs it."""
    if special.search("".join(filter(None, texts))) is None:
        return texts
    return [t if t is None else escape(t) for t in texts]


def _open_tag(tag: str, attrs: Sequence[tuple[str, str]], *, empty: bool = False) -> str:
    body = "".join(f' {k}="{_xml_attr(v)}"' for k, v in attrs)
    return f"<{tag}{body} />" if empty else f"<{tag}{body}>"


def _element(name: str, tag: Sequence[tuple[str, str]], body: list[str], pad: str) -> list[str]:
    """Lines of one XML element: open tag, ``body`` and close tag, or an empty-element tag without a body."""
    if body:
        return [pad + _open_tag(name, tag) + "\n", *body, f"{pad}</{name}>\n"]
    return [pad + _open_tag(name, tag, empty=True) + "\n"]


def _flush_if_full(fh, buf: list[str], limit: int = 20000) -> None:
    """Write and clear ``buf`` once it holds more than ``limit`` lines (bounded memory)."""
    if len(buf) > limit:
        fh.write("".join(buf))
        buf.clear()


def _gexf_value(v: Any) -> str:
    """An attribute value as the GEXF writer of networkx prints it."""
    if isinstance(v, bool):
        return str(v).lower()
    text = str(v)
    if isinstance(v, float):
        text = _GEXF_FLOATS.get(text, text)
    return text


def _json_scalar(v: Any) -> str | None:
    """``v`` as :func:`json.dumps` writes a scalar (``None`` when ``v`` is no JSON scalar)."""
    if isinstance(v, str):
        return _json_str(v)
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, int):
        return int.__repr__(v)
    if isinstance(v, float):
        text = float.__repr__(v)
        return _JSON_FLOATS.get(text, text)
    return None


class _Column:
    """One edge attribute over a block of edges: cleaned values, ``None`` where an edge lacks it.

    ``type`` is the type of every value (one of :data:`_XML_TYPES`), or ``None``
    when the types are mixed (then every value is formatted on its own);
    ``full`` says that no value is ``None``.  The texts of each format are
    made once per column and cached.  A column of numbers may come as a
    float64 or integer ``array`` instead (NaN: no attribute): each distinct
    value is then printed once.
    """

    __slots__ = ("name", "_values", "array", "type", "full", "_cache")

    def __init__(self, name: str, values: list | None, typ: type | None, full: bool, array: np.ndarray | None = None):
        self.name, self._values, self.type, self.full, self.array = name, values, typ, full, array
        self._cache: dict[str, list] = {}

    @classmethod
    def of_array(cls, name: str, array: np.ndarray) -> "_Column":
        """A column of float64 (NaN: no attribute) or integer numbers."""
        if array.dtype.kind == "f":
            return cls(name, None, float, not np.isnan(array).any(), array)
        return cls(name, None, int, True, array)

    @property
    def values(self) -> list:
        if self._values is None:
            values = self.array.tolist()
            if not self.full:
                for i in np.flatnonzero(np.isnan(self.array)).tolist():
                    values[i] = None
            self._values = values
        return self._values

    @classmethod
    def of(cls, name: str, values: list) -> "_Column":
        """A column of cleaned values (types found here)."""
        types = set(map(type, values))
        full = _NONE not in types
        types.discard(_NONE)
        typ = types.pop() if len(types) == 1 else None
        return cls(name, values, typ if typ in _XML_TYPES else None, full)

    def first_rows(self) -> list[tuple[int, type]]:
        """``(row, type)`` of the first value of each type."""
        if self.type is not None:
            if self.full:
                return [(0, self.type)] if len(self) else []
            if self.array is not None:
                return [(i, self.type) for i in np.flatnonzero(~np.isnan(self.array))[:1].tolist()]
            for i, v in enumerate(self.values):
                if v is not None:
                    return [(i, self.type)]
            return []
        first: dict[type, int] = {}
        for i, v in enumerate(self.values):
            if v is not None and type(v) not in first:
                first[type(v)] = i
        return [(i, t) for t, i in first.items()]

    def __len__(self) -> int:
        return len(self.values if self.array is None else self.array)

    def present(self) -> np.ndarray:
        """Which edges have the attribute (boolean array)."""
        if self.full:
            return np.ones(len(self), dtype=bool)
        if self.array is not None:
            return ~np.isnan(self.array)
        return np.fromiter(map(operator.is_not, self.values, repeat(None)), dtype=bool, count=len(self.values))

    def _map(self, f) -> list:
        if self.full:
            return list(map(f, self.values))
        return [v if v is None else f(v) for v in self.values]

    def text(self) -> list:
        """``str`` of every value."""
        if "text" not in self._cache:
            typ = self.type
            if typ is str:
                out = self.values
            elif self.array is not None:  # each distinct value (bit pattern: 0.0 is not -0.0) printed once
                keys = self.array.view(np.int64) if typ is float else self.array
                distinct, where = np.unique(keys, return_inverse=True)
                if typ is float:
                    distinct = distinct.view(np.float64)
                texts = np.array(list(map(typ.__repr__, distinct.tolist())) + [None], dtype=object)
                if not self.full:
                    where[np.isnan(self.array)] = len(distinct)
                out = texts[where].tolist()
            elif typ is int or typ is float:
                out = self._map(typ.__repr__)
            elif typ is bool:
                out = self._map(lambda v: "True" if v else "False")
            else:
                out = self._map(str)
            self._cache["text"] = out
        return self._cache["text"]

    def xml_text(self) -> list:
        """The text escaped as XML character data."""
        return self._escaped("xml_text", _XML_TEXT_SPECIAL, _xml_text)

    def xml_attr(self) -> list:
        """The text escaped as an XML attribute value."""
        return self._escaped("xml_attr", _XML_ATTR_SPECIAL, _xml_attr)

    def _escaped(self, key: str, special: re.Pattern, escape) -> list:
        """:meth:`text` escaped by ``escape`` where ``special`` finds a character to escape (text values
        only), made once and kept under ``key``."""
        if key not in self._cache:
            out = self.text()
            if self.type is str or self.type is None:
                out = _escape_all(out, special, escape)
            self._cache[key] = out
        return self._cache[key]

    def gexf(self) -> list:
        """The values as GEXF prints them, escaped as XML attribute values."""
        typ = self.type
        if typ is float:
            out = self.text()
            return [_GEXF_FLOATS.get(t, t) for t in out] if self._infinite() else out
        if typ is bool:
            return self._map(lambda v: "true" if v else "false")
        if typ is int or typ is str:
            return self.xml_attr()
        return self._map(lambda v: _xml_attr(_gexf_value(v)))

    def _infinite(self) -> bool:
        """Whether a float column holds an infinity (whose text differs between formats)."""
        if self.array is not None:
            return bool(np.isinf(self.array).any())
        out = self.text()
        return any(x in out for x in _GEXF_FLOATS)

    def json(self) -> list:
        """The values as :func:`json.dumps` writes them."""
        typ = self.type
        if typ is float:
            out = self.text()
            return [_JSON_FLOATS.get(t, t) for t in out] if self._infinite() else out
        if typ is bool:
            return self._map(lambda v: "true" if v else "false")
        if typ is int:
            return self.text()
        if typ is str:
            return self._map(_json_str)
        return self._map(_json_scalar)


def _wrap(col: _Column, texts: list, pre: str, post: str, empty: str | None = None) -> list:
    """``pre + text + post`` per edge, ``""`` where the edge lacks the attribute (``empty`` for an empty text).

    Returned as pieces for :func:`_join_rows` (a complete column is
    ``pre, texts, post``: no string is built until the block is joined).
    """
    if col.full and (empty is None or "" not in texts):
        return [pre, texts, post]
    if empty is None:
        return [["" if t is None else pre + t + post for t in texts]]
    return [["" if t is None else pre + t + post if t else empty for t in texts]]


class _EdgeBlock:
    """Consecutive sorted edges: endpoints ``u, v`` (lists) and one :class:`_Column` per attribute.

    ``start`` is the position of the first edge among all edges; columns are in
    the order of the attributes of an edge (sorted by name).
    """

    __slots__ = ("start", "u", "v", "columns", "_ends")

    def __init__(self, start: int, u: list, v: list, columns: list[_Column]):
        self.start, self.u, self.v, self.columns = start, u, v, columns
        self._ends: tuple[list, list] | None = None

    def __len__(self) -> int:
        return len(self.u)

    def rows(self):
        """``(u, v, attrs)`` per edge."""
        cols = [(c.name, c.values) for c in self.columns]
        for i, (u, v) in enumerate(zip(self.u, self.v)):
            yield u, v, {name: vals[i] for name, vals in cols if vals[i] is not None}

    def xml_ends(self) -> tuple[list, list]:
        """``str`` of the endpoints, escaped as XML attribute values."""
        if self._ends is None:
            self._ends = tuple(_escape_all(ends if set(map(type, ends)) == {str} else list(map(str, ends)),
                                           _XML_ATTR_SPECIAL, _xml_attr) for ends in (self.u, self.v))
        return self._ends


def _join_rows(pieces: list) -> str:
    """Join a block row by row: ``pieces`` are lists (one string per row) and strings (the same in every row)."""
    merged: list = []
    for p in pieces:
        if isinstance(p, str) and merged and isinstance(merged[-1], str):
            merged[-1] += p
        else:
            merged.append(p)
    return "".join(chain.from_iterable(zip(*(repeat(p) if isinstance(p, str) else p for p in merged))))


def _with_attrs(columns: list[_Column], n: int) -> list[bool] | None:
    """Which of ``n`` edges have at least one of ``columns`` (``None``: all of them)."""
    if any(c.full for c in columns):
        return None
    mask = np.zeros(n, dtype=bool)
    for c in columns:
        mask |= c.present()
    return mask.tolist()


def _blocks_of_rows(start: int, pairs: Sequence[tuple], rows: list[dict]):
    """Blocks of ``(u, v)`` pairs with attribute dicts, one per run of edges with the same attribute names."""
    i = 0
    for names, group in groupby(rows, key=tuple):
        n = len(list(group))
        part = rows[i:i + n]
        columns = [_Column.of(name, [r[name] for r in part]) for name in names]
        yield _EdgeBlock(start + i, [p[0] for p in pairs[i:i + n]], [p[1] for p in pairs[i:i + n]], columns)
        i += n


class _GraphSource:
    """Sorted, cleaned graph data for the streaming writers (re-iterable).

    ``graph`` holds the graph attributes; ``nodes()`` yields ``(id, attrs)``
    sorted by id and ``blocks()`` :class:`_EdgeBlock` s of edges ``(u, v)``
    with ``str(u) <= str(v)`` sorted by ids; attributes are sorted by name,
    scalars only and no ``None``.
    """

    def __init__(self, graph: dict, nodes, blocks, n_nodes: int, n_edges: int):
        self.graph = graph
        self.nodes = nodes
        self.blocks = blocks
        self.n_nodes = n_nodes
        self.n_edges = n_edges
        self._edge_attrs: list[tuple[str, type]] | None = None

    @classmethod
    def from_graph(cls, G: nx.Graph, *, block: int | None = None) -> "_GraphSource":
        block = block or _BLOCK
        graph = {str(k): c for k, v in sorted(G.graph.items()) if (c := _clean(v)) is not None}
        order = sorted(G.nodes, key=str)
        pairs = sorted((tuple(sorted((a, b), key=str)) for a, b in G.edges), key=lambda e: (str(e[0]), str(e[1])))

        def nodes():
            for n in order:
                yield n, {str(k): c for k, v in sorted(G.nodes[n].items()) if (c := _clean(v)) is not None}

        def blocks():
            for start in range(0, len(pairs), block):
                part = pairs[start:start + block]
                rows = [{str(k): c for k, x in sorted(G.edges[u, v].items()) if (c := _clean(x)) is not None}
                        for u, v in part]
                yield from _blocks_of_rows(start, part, rows)

        return cls(graph, nodes, blocks, len(order), len(pairs))

    def with_nodes(self, nodes) -> "_GraphSource":
        """The same graph and edges with other node attributes (``nodes()`` as here)."""
        other = _GraphSource(self.graph, nodes, self.blocks, self.n_nodes, self.n_edges)
        other._edge_attrs = self.edge_attrs()
        return other

    def edges(self):
        """``(u, v, attrs)`` per edge."""
        for b in self.blocks():
            yield from b.rows()

    def edge_attrs(self) -> list[tuple[str, type]]:
        """Edge attribute ``(name, type)`` pairs in the order the edges first show them."""
        if self._edge_attrs is None:
            seen: dict[tuple[str, type], None] = {}
            for b in self.blocks():
                new = [(row, pos, c.name, typ) for pos, c in enumerate(b.columns) for row, typ in c.first_rows()
                       if (c.name, typ) not in seen]
                for _, _, name, typ in sorted(new, key=lambda x: x[:2]):
                    seen.setdefault((name, typ))
            self._edge_attrs = list(seen)
        return self._edge_attrs

    def to_graph(self) -> nx.Graph:
        G = nx.Graph()
        G.graph.update(self.graph)
        G.add_nodes_from(self.nodes())
        G.add_edges_from(self.edges())
        return G


def _stream(jobs: Sequence[tuple["_Writer", Path]], src: _GraphSource) -> None:
    """Write every file of ``jobs`` in one pass over the edge blocks of ``src``."""
    with ExitStack() as stack:
        open_jobs = [(w, stack.enter_context(open(path, "w", encoding="utf-8", newline="\n"))) for w, path in jobs]
        for w, fh in open_jobs:
            w.begin(fh)
        for b in src.blocks():
            for w, fh in open_jobs:
                fh.write(w.edges(b))
        for w, fh in open_jobs:
            w.end(fh)


class _Writer:
    """A streaming file writer: ``begin`` (up to the edges), ``edges`` (text of one block), ``end``."""

    def __init__(self, src: _GraphSource):
        self.src = src

    def begin(self, fh) -> None:  # pragma: no cover - interface
        raise NotImplementedError

    def edges(self, block: _EdgeBlock) -> str:  # pragma: no cover - interface
        raise NotImplementedError

    def end(self, fh) -> None:  # pragma: no cover - interface
        raise NotImplementedError


class _GraphMLWriter(_Writer):
    """GraphML exactly as ``networkx.write_graphml_xml(G, path, prettyprint=True)`` writes it."""

    def __init__(self, src: _GraphSource):
        super().__init__(src)
        keys: dict[tuple[str, type, str], str] = {}

        def see(pairs, scope: str) -> None:
            for k, typ in pairs:
                key = (k, typ, scope)
                if key not in keys:
                    if typ not in _XML_TYPES:
                        raise TypeError(f"GraphML does not support type {typ} as data values.")
                    keys[key] = f"d{len(keys)}"

        see(((k, type(v)) for k, v in src.graph.items()), "graph")
        for _, attrs in src.nodes():
            see(((k, type(v)) for k, v in attrs.items()), "node")
        see(src.edge_attrs(), "edge")
        self.keys = keys

    def _data(self, attrs: dict, scope: str, pad: str) -> list[str]:
        out = []
        for k, v in attrs.items():
            text = _xml_text(str(v))
            kid = self.keys[(k, type(v), scope)]
            out.append(f'{pad}<data key="{kid}">{text}</data>\n' if text else f'{pad}<data key="{kid}" />\n')
        return out

    def begin(self, fh) -> None:
        fh.write("<?xml version='1.0' encoding='utf-8'?>\n")
        fh.write('<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
                 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
                 'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
                 'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n')
        for (name, typ, scope), kid in reversed(self.keys.items()):
            attrs = [("id", kid), ("for", scope), ("attr.name", name), ("attr.type", _XML_TYPES[typ])]
            fh.write("  " + _open_tag("key", attrs, empty=True) + "\n")
        fh.write('  <graph edgedefault="undirected">\n')
        buf: list[str] = []
        for n, attrs in self.src.nodes():
            buf.extend(_element("node", [("id", str(n))], self._data(attrs, "node", "      ") if attrs else [], "    "))
            _flush_if_full(fh, buf)
        fh.write("".join(buf))

    def _lines(self, col: _Column, pad: str) -> list:
        if col.type is None:  # mixed types: a key per type
            keys, name = self.keys, col.name
            out = []
            for v, text in zip(col.values, col.xml_text()):
                if v is None:
                    out.append("")
                else:
                    kid = keys[(name, type(v), "edge")]
                    out.append(f'{pad}<data key="{kid}">{text}</data>\n' if text else f'{pad}<data key="{kid}" />\n')
            return [out]
        kid = self.keys[(col.name, col.type, "edge")]
        return _wrap(col, col.xml_text(), f'{pad}<data key="{kid}">', "</data>\n", f'{pad}<data key="{kid}" />\n')

    def edges(self, block: _EdgeBlock) -> str:
        us, vs = block.xml_ends()
        heads = ['    <edge source="', us, '" target="', vs, '"']
        lines = [p for c in block.columns for p in self._lines(c, "      ")]
        has = _with_attrs(block.columns, len(block))
        if has is None:
            opens, closes = ">\n", "    </edge>\n"
        else:
            opens = [">\n" if h else " />\n" for h in has]
            closes = ["    </edge>\n" if h else "" for h in has]
        return _join_rows([*heads, opens, *lines, closes])

    def end(self, fh) -> None:
        fh.write("".join(self._data(self.src.graph, "graph", "    ")))
        fh.write("  </graph>\n</graphml>\n")


#: Node and edge attributes the GEXF writer of networkx treats specially.
_GEXF_NODE_SPECIAL = frozenset({"id", "pid", "start", "end", "parents", "spells", "slices", "viz"})
_GEXF_EDGE_SPECIAL = frozenset({"id", "start", "end", "spells", "slices", "viz", "key"})
#: Edge attributes written in the edge tag, in this order.
_GEXF_EDGE_TAG = ("label", "weight", "type")


class _GEXFWriter(_Writer):
    """GEXF 1.2draft exactly as ``networkx.write_gexf(..., prettyprint=True)`` writes it."""

    def __init__(self, src: _GraphSource):
        super().__init__(src)
        node_ids: dict[str, tuple[str, str]] = {}
        edge_ids: dict[str, tuple[str, str]] = {}
        counter = 0
        for _, attrs in src.nodes():
            for k, v in attrs.items():
                if k == "label":
                    continue
                if k not in node_ids:
                    node_ids[k] = (str(counter), _XML_TYPES[type(v)])
                    counter += 1
        for k, typ in src.edge_attrs():
            if k in _GEXF_EDGE_TAG:
                continue
            if k not in edge_ids:
                edge_ids[k] = (str(counter), _XML_TYPES[typ])
                counter += 1
        self.node_ids, self.edge_ids = node_ids, edge_ids

    @staticmethod
    def _attvalues(attrs: dict, ids: dict, pad: str) -> list[str]:
        out = [f"{pad}<attvalues>\n"]
        for k, v in attrs.items():
            out.append(f'{pad}  <attvalue for="{ids[k][0]}" value="{_xml_attr(_gexf_value(v))}" />\n')
        out.append(f"{pad}</attvalues>\n")
        return out

    def begin(self, fh) -> None:
        import time

        src = self.src
        fh.write("<?xml version='1.0' encoding='utf-8'?>\n")
        fh.write('<gexf xmlns="http://www.gexf.net/1.2draft" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
                 'xsi:schemaLocation="http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd" '
                 'version="1.2">\n')
        fh.write(f'  <meta lastmodifieddate="{time.strftime("%Y-%m-%d")}">\n'
                 f"    <creator>NetworkX {nx.__version__}</creator>\n  </meta>\n")
        fh.write("  " + _open_tag("graph", [("defaultedgetype", "undirected"), ("mode", "static"),
                                            ("name", str(src.graph.get("name", "")))]) + "\n")
        for cls, ids in (("edge", self.edge_ids), ("node", self.node_ids)):
            if ids:
                fh.write(f'    <attributes mode="static" class="{cls}">\n')
                for title, (aid, typ) in ids.items():
                    fh.write("      " + _open_tag("attribute", [("id", aid), ("title", title), ("type", typ)],
                                                  empty=True) + "\n")
                fh.write("    </attributes>\n")
        buf: list[str] = ["    <nodes>\n"]
        for n, attrs in src.nodes():
            attrs = dict(attrs)
            label = str(attrs.pop("label", n))
            tag = [("id", str(n)), ("label", label)]
            buf.extend(_element("node", tag, self._attvalues(attrs, self.node_ids, "        ") if attrs else [],
                                "      "))
            _flush_if_full(fh, buf)
        buf.append("    </nodes>\n    <edges>\n")
        fh.write("".join(buf))

    def _lines(self, col: _Column) -> list:
        return _wrap(col, col.gexf(), f'          <attvalue for="{self.edge_ids[col.name][0]}" value="', '" />\n')

    def edges(self, block: _EdgeBlock) -> str:
        us, vs = block.xml_ends()
        ids = map(str, range(block.start, block.start + len(block)))
        heads = ['      <edge source="', us, '" target="', vs, '" id="', ids, '"']
        by_name = {c.name: c for c in block.columns}
        tag = [p for k in _GEXF_EDGE_TAG if k in by_name
               for p in _wrap(by_name[k], by_name[k].xml_attr(), f' {k}="', '"')]
        rest = [c for c in block.columns if c.name not in _GEXF_EDGE_TAG]
        lines = [p for c in rest for p in self._lines(c)]
        has = _with_attrs(rest, len(block))
        body, tail = ">\n        <attvalues>\n", "        </attvalues>\n      </edge>\n"
        if has is None:
            opens, closes = body, tail
        else:
            opens = [body if h else " />\n" for h in has]
            closes = [tail if h else "" for h in has]
        return _join_rows([*heads, *tag, opens, *lines, closes])

    def end(self, fh) -> None:
        fh.write("    </edges>\n  </graph>\n</gexf>\n")


def _gexf_streamable(src: _GraphSource) -> bool:
    """Whether the streaming GEXF writer covers this graph (else networkx writes it)."""
    if src.n_nodes == 0 or src.n_edges == 0 or "mode" in src.graph:
        return False
    for _, attrs in src.nodes():
        if _GEXF_NODE_SPECIAL.intersection(attrs):
            return False
    return not _GEXF_EDGE_SPECIAL.intersection(name for name, _ in src.edge_attrs())


def _json_item(item: dict, pad: str) -> str:
    return pad + json.dumps(item, ensure_ascii=False, indent=1, sort_keys=True).replace("\n", "\n" + pad)


class _NodeLinkWriter(_Writer):
    """``json.dumps(nx.node_link_data(G, edges="edges"), indent=1, sort_keys=True)`` and a newline."""

    def __init__(self, src: _GraphSource):
        super().__init__(src)
        self.first = True

    def begin(self, fh) -> None:
        fh.write('{\n "directed": false,\n "edges": ')

    def _sep(self) -> str:
        sep = "[\n" if self.first else ",\n"
        self.first = False
        return sep

    def edges(self, block: _EdgeBlock) -> str:
        ends = []
        for name, values in (("source", block.u), ("target", block.v)):
            texts = (list(map(_json_str, values)) if set(map(type, values)) == {str}
                     else list(map(_json_scalar, values)))
            if None in texts:  # node ids that are no JSON scalars (tuples ...): one item at a time
                out = []
                for u, v, attrs in block.rows():
                    out.append(self._sep() + _json_item({**attrs, "source": u, "target": v}, "  "))
                return "".join(out)
            ends.append((name, texts, True))
        fields = sorted([(c.name, c.json(), c.full) for c in block.columns if c.name not in ("source", "target")]
                        + ends)
        name0, texts0, full0 = fields[0]
        if full0:  # the first key opens every item
            rest = [p for name, texts, full in fields[1:] for p in _wrap_json(name, texts, full)]
            text = _join_rows([f",\n  {{\n   {_json_str(name0)}: ", texts0, *rest, "\n  }"])
            return self._sep() + text[2:]
        parts = [p for name, texts, full in fields for p in _wrap_json(name, texts, full)]
        rows = zip(*(repeat(p) if isinstance(p, str) else p for p in parts))
        return "".join(self._sep() + "  {" + "".join(row)[1:] + "\n  }" for row in rows)

    def end(self, fh) -> None:
        fh.write("[]" if self.first else "\n ]")
        fh.write(',\n "graph": ')
        fh.write(_json_item(self.src.graph, " ")[1:] if self.src.graph else "{}")
        fh.write(',\n "multigraph": false,\n "nodes": ')
        first = True
        buf: list[str] = []
        for n, attrs in self.src.nodes():
            buf.append(("[\n" if first else ",\n") + _json_item({**attrs, "id": n}, "  "))
            first = False
            if len(buf) > 2000:
                fh.write("".join(buf))
                buf.clear()
        fh.write("".join(buf))
        fh.write("[]" if first else "\n ]")
        fh.write("\n}\n")


def _wrap_json(name: str, texts: list, full: bool) -> list:
    """``,\\n   "name": value`` per item, ``""`` where the item lacks the key (pieces as :func:`_wrap`)."""
    pre = f",\n   {_json_str(name)}: "
    if full:
        return [pre, texts]
    return [["" if t is None else pre + t for t in texts]]


def _clean_attrs(attrs: Mapping[str, Any]) -> dict[str, Any]:
    return {str(k): c for k, v in sorted(attrs.items()) if (c := _clean(v)) is not None}


def _node_source(node_attrs: Mapping[Any, dict]):
    order = sorted(node_attrs, key=str)

    def node_iter():
        for n in order:
            yield n, node_attrs[n]

    return node_iter


def _table_column(name: str, series: pd.Series, idx: np.ndarray, array: np.ndarray | None) -> _Column:
    """Rows ``idx`` of one edges column as a :class:`_Column` (values as ``_clean`` makes them)."""
    if array is None:
        return _Column.of(name, list(map(_clean, series.iloc[idx].tolist())))
    part = array[idx]
    kind = part.dtype.kind
    if kind == "f":
        return _Column.of_array(name, part.astype(np.float64, copy=False))
    if kind in "iu":
        return _Column.of_array(name, part)
    if kind == "b":
        return _Column(name, part.tolist(), bool, True)
    values = part.tolist()
    if set(map(type, values)) == {str}:
        return _Column(name, values, str, True)
    return _Column.of(name, list(map(_clean, values)))


def _text_array(column: pd.Series) -> np.ndarray:
    """The values of ``column`` as an object array of ``str`` (the column's own array when they are)."""
    if column.dtype == object and pd.api.types.infer_dtype(column, skipna=False) == "string":
        return column.to_numpy()
    return column.astype(str).to_numpy(dtype=object)


def _table_source(nodes: Mapping[Any, Mapping[str, Any]], edges: pd.DataFrame, graph: Mapping[str, Any] | None = None,
                  *, block: int | None = None, attributes: Sequence[str] | None = None,
                  rows_of: Callable[[np.ndarray], pd.DataFrame] | None = None) -> _GraphSource:
    """A :class:`_GraphSource` over node attributes and an edges table, without building a graph.

    ``edges`` holds ``source, target`` and one column per edge attribute (or
    the columns ``attributes`` names are the attributes); the endpoints must
    be keys of ``nodes``. Rows are read ``block`` (default :data:`_BLOCK`) at a time.
    With ``rows_of``, ``edges`` need only hold ``source, target``: ``rows_of(idx)``
    gives the attribute columns of the rows at positions ``idx`` (in that order),
    made a block at a time (an edges table too large to hold).
    """
    block = block or _BLOCK
    graph = _clean_attrs(graph or {})
    node_attrs = {n: _clean_attrs(a) for n, a in nodes.items()}
    src, tgt = (_text_array(edges[end]) for end in ("source", "target"))
    swap = src > tgt
    lo, hi = (np.where(swap, tgt, src), np.where(swap, src, tgt)) if swap.any() else (src, tgt)
    del src, tgt, swap
    same_lo = lo[1:] == lo[:-1]
    if ((lo[1:] > lo[:-1]) | (same_lo & (hi[1:] > hi[:-1]))).all():  # in (s, t) order already, each pair once
        rows = np.arange(len(lo))
    else:
        rows = pd.DataFrame({"s": lo, "t": hi}).sort_values(["s", "t"], kind="mergesort").index.to_numpy()
        # in (s, t) order, a pair given twice is two neighbours
        if len(rows) > 1 and ((lo[rows[1:]] == lo[rows[:-1]]) & (hi[rows[1:]] == hi[rows[:-1]])).any():
            raise ValueError("edges hold the same pair twice; pool them first")
    del same_lo
    attr_cols = sorted(str(c) for c in (edges.columns if attributes is None else attributes)
                       if c not in ("source", "target"))
    missing = (set(lo) | set(hi)) - set(node_attrs)
    if missing:
        raise ValueError(f"edges name {len(missing)} nodes missing from nodes, e.g. {sorted(missing)[:3]}")

    def arrays_of(table: pd.DataFrame) -> dict[str, np.ndarray | None]:
        arrays = {}
        for c in attr_cols:
            dtype = table[c].dtype
            fast = isinstance(dtype, np.dtype) and (dtype.kind in "iubO" or (dtype.kind == "f" and dtype.itemsize <= 8))
            arrays[c] = table[c].to_numpy() if fast else None
        return arrays

    arrays = arrays_of(edges) if rows_of is None else {}

    def blocks():
        for start in range(0, len(rows), block):
            idx = rows[start:start + block]
            if rows_of is None:
                columns = [_table_column(c, edges[c], idx, arrays[c]) for c in attr_cols]
            else:
                part = rows_of(idx)
                at, part_arrays = np.arange(len(idx)), arrays_of(part)
                columns = [_table_column(c, part[c], at, part_arrays[c]) for c in attr_cols]
            columns = [c for c in columns if c.full or c.present().any()]  # no column without a value
            yield _EdgeBlock(start, lo[idx].tolist(), hi[idx].tolist(), columns)

    return _GraphSource(graph, _node_source(node_attrs), blocks, len(node_attrs), len(rows))


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
    cells along the bottom (taller as they are more, up to half the square), so
    that they do not push the main component into a corner.

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
    # the small components in rows along the bottom, each as wide as the square root of its size (so that
    # the labels of a component of several nodes have room); the rows take up to half the square
    units = [max(1.0, math.sqrt(len(c))) for c in rest]
    per_row = max(4.0, math.ceil(math.sqrt(sum(units)) * 1.2))
    rows: list[list[int]] = []
    used = per_row
    for i, u in enumerate(units):
        if used + u > per_row:
            rows.append([])
            used = 0.0
        rows[-1].append(i)
        used += u
    main_h = 1.0 if not rest else max(0.5, 0.85 - 0.05 * len(rows))
    pos = box(comps[0], 0.0, 0.0, 1.0, main_h)
    if rest:
        cell_h = (1.0 - main_h - 0.05) / len(rows)
        pad = 0.15
        for r, row in enumerate(rows):
            x = 0.0
            for i in row:
                w = units[i] / per_row
                pos.update(box(rest[i], x + pad * w, main_h + 0.05 + r * cell_h + pad * cell_h,
                               w * (1 - 2 * pad), cell_h * (1 - 2 * pad)))
                x += w
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


#: Links drawn by :func:`network_html` by default (the strongest ones).
MAX_HTML_EDGES = 500


def _strongest_subgraph(G: nx.Graph, n: int, weight: str) -> nx.Graph:
    """The ``n`` links of largest ``weight`` (ties broken by endpoints) with their endpoints' attributes."""
    ranked = sorted(((-(_finite(d.get(weight)) or 0.0), *sorted((str(u), str(v))), u, v)
                     for u, v, d in G.edges(data=True)))[:n]
    H = G.__class__()
    H.graph.update(G.graph)
    for *_, u, v in ranked:
        for x in (u, v):
            if x not in H:
                H.add_node(x, **G.nodes[x])
        H.add_edge(u, v, **G.edges[u, v])
    return H


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
    max_edges: int | None = MAX_HTML_EDGES,
    total_edges: int | None = None,
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
    max_edges : int or None, optional (default=:data:`MAX_HTML_EDGES`)
        Draw only the strongest ``max_edges`` links (by ``weight``, then
        endpoints) and their nodes, so that the page stays small and the
        layout fast on any corpus; ``None`` draws every link.
    total_edges : int, optional
        Links of the whole network when ``G`` is already a part of it (the
        page then says it shows the strongest of ``total_edges``).

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
    if max_edges is not None and (isinstance(max_edges, bool) or not isinstance(max_edges, int) or max_edges < 1):
        raise ValueError(f"max_edges = {max_edges!r} is invalid; it must be an int >= 1 or None")
    total = max(int(total_edges or 0), G.number_of_edges())
    if max_edges is not None and G.number_of_edges() > max_edges:
        G = _strongest_subgraph(G, max_edges, weight)
    shown = G.number_of_edges()
    note = (f"Showing the strongest {shown} of {total} ties; all are in network.graphml, network.json "
            f"and edges.csv." if total > shown else "")
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
    return _template().render(title=title, data_json=json_for_html(payload), version=__version__, note=note)


def write_network_html(G: nx.Graph, path: str | Path, **kwargs) -> Path:
    """Write :func:`network_html` to ``path`` (UTF-8); keyword options as there."""
    path = _path(path)
    path.write_text(network_html(G, **kwargs), encoding="utf-8")
    return path
