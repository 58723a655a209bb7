"""Tests for geoanalysis.export: file formats round-trip, the HTML view is self-contained and inert."""
from __future__ import annotations

import json
import re
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geoanalysis.cooccurrence import cooccurrence
from geoanalysis.export import (
    export_network,
    json_for_html,
    network_html,
    network_tables,
    write_gexf,
    write_graphml,
    write_network_csv,
    write_network_html,
    write_node_link,
)
from geoanalysis.network import build_network
from geoanalysis.parsing import make_article
from geoanalysis.relations import with_relations

EVIL = "<script>alert(1)</script>"


@pytest.fixture
def article():
    return make_article(
        f"Putin met Xi in Beijing. Putin and Kim {EVIL} signed a pact.\n\nRussia invaded Ukraine & more.",
        id="t",
        title="Putin </title><b>and</b> Xi",
    )


@pytest.fixture
def mentions(article):
    rows = []
    names = {"Putin": ("person:vladimir-putin", "PERSON", "RUS"), "Xi": ("person:xi-jinping", "PERSON", "CHN"),
             "Kim": ("person:kim-jong-un", "PERSON", "PRK"), "Russia": ("country:RUS", "COUNTRY", "RUS"),
             "Ukraine": ("country:UKR", "COUNTRY", "UKR")}
    for surface, (eid, typ, cc) in names.items():
        for m in re.finditer(rf"\b{surface}\b", article.text):
            s = article.sentence_at(m.start())
            rows.append({"article_id": "t", "part": "body", "sentence_id": s.id, "paragraph_id": s.paragraph_id,
                         "start": m.start(), "end": m.end(), "surface": surface, "entity_id": eid,
                         "name": EVIL if surface == "Kim" else surface, "type": typ, "country": cc, "method": "kb"})
    return pd.DataFrame(rows).sort_values("start", ignore_index=True)


@pytest.fixture
def graph(article, mentions):
    edges = with_relations(cooccurrence(mentions, evidence=True), [article], mentions)
    return build_network(edges, mentions)


def _same(G, H):
    assert sorted(G.nodes) == sorted(H.nodes)
    assert sorted(map(sorted, G.edges)) == sorted(map(sorted, H.edges))
    for n in G:
        assert dict(H.nodes[n]).items() >= {k: v for k, v in G.nodes[n].items()}.items()
    for u, v, d in G.edges(data=True):
        got = H.edges[u, v]
        for k, val in d.items():
            assert got[k] == pytest.approx(val) if isinstance(val, float) else got[k] == val, k


class TestFiles:
    def test_tables(self, graph):
        nodes, edges = network_tables(graph)
        assert nodes.entity_id.tolist() == sorted(graph.nodes)
        assert list(nodes.columns[:6]) == ["entity_id", "name", "type", "country", "mentions", "articles"]
        assert list(edges.columns[:5]) == ["source", "target", "weight", "count", "contexts"]
        assert (edges.source < edges.target).all()
        assert edges.set_index(["source", "target"]).loc[("country:RUS", "country:UKR"), "relation"] == "conflict"

    def test_graphml_round_trip(self, graph, tmp_path):
        path = write_graphml(graph, tmp_path / "g.graphml")
        _same(graph, nx.read_graphml(path))

    def test_gexf_round_trip(self, graph, tmp_path):
        path = write_gexf(graph, tmp_path / "g.gexf")
        H = nx.read_gexf(path)
        assert sorted(H.nodes) == sorted(graph.nodes)
        assert H.nodes["person:xi-jinping"]["label"] == "Xi"
        assert H.edges["person:vladimir-putin", "person:xi-jinping"]["evidence"] == "t:s0"

    def test_node_link_round_trip(self, graph, tmp_path):
        path = write_node_link(graph, tmp_path / "g.json")
        H = nx.node_link_graph(json.loads(path.read_text()), edges="edges")
        _same(graph, H)
        assert H.graph["unit"] == "sentence"

    def test_csv_deterministic(self, graph, tmp_path):
        a = write_network_csv(graph, tmp_path / "one.csv")
        b = write_network_csv(graph, tmp_path / "two")
        assert [p.name for p in a] == ["one_nodes.csv", "one_edges.csv"]
        assert [p.name for p in b] == ["two_nodes.csv", "two_edges.csv"]
        assert a[0].read_bytes() == b[0].read_bytes() and a[1].read_bytes() == b[1].read_bytes()
        back = pd.read_csv(a[1])
        assert len(back) == graph.number_of_edges()

    def test_dispatch(self, graph, tmp_path):
        for name in ("g.graphml", "g.gexf", "g.json", "g.html"):
            (path,) = export_network(graph, tmp_path / "sub" / name)
            assert path.exists() and path.stat().st_size > 0
        assert len(export_network(graph, tmp_path / "g.csv")) == 2
        assert export_network(graph, tmp_path / "x.txt", format="graphml")[0].suffix == ".txt"
        with pytest.raises(ValueError, match="format = None is invalid"):
            export_network(graph, tmp_path / "g.png")


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.scripts, self._in = [], [], None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._in = dict(attrs)
            self.scripts.append([dict(attrs), ""])

    def handle_endtag(self, tag):
        if tag == "script":
            self._in = None

    def handle_data(self, data):
        if self._in is not None:
            self.scripts[-1][1] += data


class TestHtml:
    def test_self_contained(self, graph, article):
        html = network_html(graph, texts=[article], seed=0)
        parser = _Tags()
        parser.feed(html)
        assert not [a for t, a in parser.tags if "src" in a or "href" in a]
        assert not any(t in ("link", "iframe", "img") for t, _ in parser.tags)
        assert "https://" not in html and "cdn" not in html.lower()
        assert [a.get("type") for a, _ in parser.scripts] == ["application/json", None]

    def test_payload(self, graph, article):
        html = network_html(graph, texts=[article], seed=0)
        parser = _Tags()
        parser.feed(html)
        data = json.loads(parser.scripts[0][1])
        assert [n["id"] for n in data["nodes"]] == sorted(graph.nodes)
        assert all(0 <= n["x"] <= 1 and 0 <= n["y"] <= 1 for n in data["nodes"])
        edge = {(data["nodes"][e["s"]]["id"], data["nodes"][e["t"]]["id"]): e for e in data["edges"]}
        ru = edge[("country:RUS", "country:UKR")]
        assert ru["relation"] == "conflict" and ru["color"] == "#c51b7d"
        assert ru["evidence"] == [{"id": "t:s2", "text": "Russia invaded Ukraine & more.", "relation": "conflict"}]
        assert {n["type"] for n in data["nodes"]} == {"PERSON", "COUNTRY"}
        assert len({n["color"] for n in data["nodes"]}) == 2

    def test_evidence_is_inert(self, graph, article):
        html = network_html(graph, texts=[article], title=article.title)
        assert "<script>alert" not in html
        assert "</title><b>" not in html
        assert "Putin &lt;/title&gt;&lt;b&gt;and&lt;/b&gt; Xi" in html
        assert "innerHTML" not in html
        # the evil text survives as data
        parser = _Tags()
        parser.feed(html)
        data = json.loads(parser.scripts[0][1])
        kim = [n for n in data["nodes"] if n["id"] == "person:kim-jong-un"][0]
        assert kim["name"] == EVIL
        assert any(EVIL in ev["text"] for e in data["edges"] for ev in e["evidence"])

    def test_deterministic_and_seeded(self, graph, article, tmp_path):
        a = write_network_html(graph, tmp_path / "a.html", texts=[article], seed=1).read_bytes()
        b = write_network_html(graph, tmp_path / "b.html", texts=[article], seed=1).read_bytes()
        assert a == b
        assert network_html(graph, seed=2) != network_html(graph, seed=1)

    def test_texts_as_mapping_and_limit(self, graph):
        html = network_html(graph, texts={"t:s0": "Mapped text."}, max_evidence=0, title="T")
        parser = _Tags()
        parser.feed(html)
        data = json.loads(parser.scripts[0][1])
        assert all(e["evidence"] == [] for e in data["edges"])
        assert sum(e["more"] for e in data["edges"]) == sum(
            len(d["evidence"].split(";")) for _, _, d in graph.edges(data=True))
        with pytest.raises(ValueError, match="max_evidence = -1 is invalid"):
            network_html(graph, max_evidence=-1)

    def test_empty_graph(self):
        html = network_html(nx.Graph())
        assert '"nodes": []' in html


def test_json_for_html():
    text = json_for_html({"a": "</script><!-- & \u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"a": "</script><!-- & \u2028"}


def _our_files(G, stem):
    """The bytes of the GraphML, GEXF and JSON files this package's writers make of G at ``stem.EXT``."""
    writers = {"graphml": write_graphml, "gexf": write_gexf, "json": write_node_link}
    return {ext: write(G, stem.with_name(f"{stem.name}.{ext}")).read_bytes() for ext, write in writers.items()}


def _networkx_files(G, tmp_path):
    """The files networkx itself writes for G (the reference of the streaming writers)."""
    from geoanalysis.export import _sanitized

    ref = tmp_path / "ref"
    ref.mkdir(parents=True)
    nx.write_graphml_xml(_sanitized(G), ref / "g.graphml", encoding="utf-8", prettyprint=True)
    H = _sanitized(G)
    for n, data in H.nodes(data=True):
        data["label"] = str(data.get("name", n))
    nx.write_gexf(H, ref / "g.gexf", encoding="utf-8", prettyprint=True, version="1.2draft")
    data = nx.node_link_data(_sanitized(G), edges="edges")
    (ref / "g.json").write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return {ext: (ref / f"g.{ext}").read_bytes() for ext in ("graphml", "gexf", "json")}


def _awkward_graph():
    G = nx.Graph(unit="sentence", level="entity", article_id="all")
    G.add_node("b<&>", name='Q "quoted" & <b>', mentions=3, flag=True)
    G.add_node("a\tz", name="", mentions=0, score=float("nan"))
    G.add_node("c", name="Ça\nva")
    G.add_node("lonely")
    G.add_edge("c", "a\tz", weight=2.5, relation="a\tb", count=4, ok=False)
    G.add_edge("b<&>", "c", weight=float("inf"), relation="", evidence="t:s0;t:s1")
    G.add_edge("c", "lonely")
    return G


class TestStreamingWriters:
    def test_same_bytes_as_networkx(self, graph, tmp_path):
        for i, G in enumerate((graph, _awkward_graph())):
            ref = _networkx_files(G, tmp_path / str(i))
            ours = _our_files(G, tmp_path / "o")
            assert ours == ref

    def test_from_tables_same_as_from_graph(self, tmp_path):
        from geoanalysis.export import write_network_files

        nodes = {"x": {"name": "X & Co", "mentions": 2}, "y": {"name": "Y", "mentions": 1},
                 "z": {"name": "Z", "mentions": 0}, "w": {"name": "W", "mentions": 5}}
        edges = pd.DataFrame({"source": ["y", "z"], "target": ["x", "x"], "weight": [2.0, 0.5],
                              "relation": ["conflict", None], "count": [2, 1]})
        paths = write_network_files(nodes, edges, tmp_path / "t", graph={"unit": "sentence"}, stem="n")
        G = nx.Graph(unit="sentence")
        G.add_nodes_from(nodes.items())
        G.add_edge("x", "y", weight=2.0, relation="conflict", count=2)
        G.add_edge("x", "z", weight=0.5, count=1)  # a missing value is no attribute
        assert paths["n.graphml"].read_bytes() == write_graphml(G, tmp_path / "g.graphml").read_bytes()
        assert paths["n.gexf"].read_bytes() == write_gexf(G, tmp_path / "g.gexf").read_bytes()
        assert paths["n.json"].read_bytes() == write_node_link(G, tmp_path / "g.json").read_bytes()
        back = nx.read_graphml(paths["n.graphml"])
        assert sorted(back.edges(data="weight")) == [("x", "y", 2.0), ("x", "z", 0.5)]
        assert "relation" not in back.edges["x", "z"] and back.nodes["w"]["mentions"] == 5

    def test_from_tables_attributes_selects_the_columns_written(self, tmp_path):
        from geoanalysis.export import write_network_files

        nodes = {"x": {"name": "X"}, "y": {"name": "Y"}}
        edges = pd.DataFrame({"article_id": ["all"], "source": ["y"], "target": ["x"], "weight": [2.0],
                              "source_name": ["Y"], "count": [3]})
        chosen = write_network_files(nodes, edges, tmp_path / "a", attributes=["weight", "count"])
        dropped = write_network_files(nodes, edges.drop(columns=["article_id", "source_name"]), tmp_path / "b")
        for name in chosen:
            assert chosen[name].read_bytes() == dropped[name].read_bytes()
        assert nx.read_graphml(chosen["network.graphml"]).edges["x", "y"] == {"weight": 2.0, "count": 3}

    def test_from_tables_rejects_unknown_nodes_and_duplicate_pairs(self, tmp_path):
        from geoanalysis.export import write_network_files

        edges = pd.DataFrame({"source": ["a"], "target": ["b"], "weight": [1.0]})
        with pytest.raises(ValueError, match="missing from nodes"):
            write_network_files({"a": {}}, edges, tmp_path)
        twice = pd.DataFrame({"source": ["a", "b"], "target": ["b", "a"], "weight": [1.0, 2.0]})
        with pytest.raises(ValueError, match="same pair twice"):
            write_network_files({"a": {}, "b": {}}, twice, tmp_path)
        in_order = pd.DataFrame({"source": ["a", "a"], "target": ["b", "b"], "weight": [1.0, 2.0]})
        with pytest.raises(ValueError, match="same pair twice"):
            write_network_files({"a": {}, "b": {}}, in_order, tmp_path)

    @pytest.mark.parametrize("order", ["sorted", "shuffled"])
    def test_from_tables_a_block_at_a_time(self, tmp_path, monkeypatch, order):
        """With rows_of, the attribute columns come a block of positions at a time (a table too large to
        hold): the same files as from the whole table, whether the pairs come in order or not."""
        from geoanalysis import export

        rng = np.random.default_rng(3)
        ids = [f"n{i:02d}" for i in range(12)]
        pairs = [(a, b) for i, a in enumerate(ids) for b in ids[i + 1:] if rng.random() < 0.5]
        edges = pd.DataFrame({"source": [a for a, _ in pairs], "target": [b for _, b in pairs],
                              "weight": rng.random(len(pairs)), "count": rng.integers(1, 9, len(pairs)),
                              "relation": rng.choice(["conflict", "cooperation", "<&>"], len(pairs))})
        if order == "shuffled":  # and some pairs given the other way round
            edges = edges.sample(frac=1.0, random_state=4).reset_index(drop=True)
            flip = edges.index % 3 == 0
            edges.loc[flip, ["source", "target"]] = edges.loc[flip, ["target", "source"]].to_numpy()
        nodes = {n: {"name": n.upper()} for n in ids}
        monkeypatch.setattr(export, "_BLOCK", 5)
        whole = export.write_network_files(nodes, edges, tmp_path / "whole")
        asked = []

        def rows_of(idx):
            asked.append(len(idx))
            return edges.iloc[idx]

        blocks = export.write_network_files(nodes, edges[["source", "target"]], tmp_path / "blocks",
                                            attributes=["weight", "count", "relation"], rows_of=rows_of)
        for name in whole:
            assert whole[name].read_bytes() == blocks[name].read_bytes(), name
        assert max(asked) <= 5 and len(asked) > 1
        with pytest.raises(ValueError, match="rows_of needs the attributes"):
            export.write_network_files(nodes, edges, tmp_path / "c", rows_of=rows_of)


# Awkward values for the property tests: XML and JSON specials, infinities, NaN (no attribute), -0.0 ...
_TEXT = st.text(alphabet=st.sampled_from(list('ab &<>"\'\r\n\t\\é\u2028')), max_size=4)
_SCALAR = st.one_of(_TEXT, st.integers(-10**15, 10**15), st.floats(allow_nan=True, allow_infinity=True),
                    st.just(-0.0), st.booleans(), st.none())
_NAMES = st.sampled_from(["a", "b", "count", "label", "relation", "type", "weight", "zz"])


@st.composite
def _graphs(draw):
    G = nx.Graph(**draw(st.dictionaries(st.sampled_from(["level", "name", "unit"]), _TEXT, max_size=2)))
    ids = st.one_of(st.sampled_from(["x", "y", "z<&>", "a\tb", "é", 'q"r']), st.integers(0, 5))
    for n in draw(st.lists(ids, unique=True, min_size=1, max_size=6)):
        G.add_node(n, **draw(st.dictionaries(st.sampled_from(["name", "mentions", "type"]), _SCALAR, max_size=3)))
    nodes = sorted(G, key=str)
    for u, v in draw(st.lists(st.tuples(st.sampled_from(nodes), st.sampled_from(nodes)), max_size=12)):
        if u != v:
            G.add_edge(u, v, **draw(st.dictionaries(_NAMES, _SCALAR, max_size=4)))
    return G


_COLUMNS = {
    "float64": st.lists(st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.just(-0.0)), min_size=1),
    "int64": st.lists(st.integers(-2**62, 2**62), min_size=1),
    "bool": st.lists(st.booleans(), min_size=1),
    "object": st.lists(st.one_of(_TEXT, st.none(), st.just(float("nan")), st.integers(0, 3), st.booleans()),
                       min_size=1),
}


@st.composite
def _tables(draw):
    ids = ["n0", "n1", "n2", "n3", "z<&>", "a\tb", "é"]
    pairs = draw(st.lists(st.tuples(st.sampled_from(ids), st.sampled_from(ids)).filter(lambda p: p[0] != p[1]),
                          min_size=1, max_size=20, unique_by=lambda p: tuple(sorted(p))))
    edges = pd.DataFrame({"source": [p[0] for p in pairs], "target": [p[1] for p in pairs]})
    for name in draw(st.lists(_NAMES, unique=True, max_size=5)):
        dtype = draw(st.sampled_from(sorted(_COLUMNS)))
        values = draw(_COLUMNS[dtype])
        edges[name] = pd.Series((values * len(pairs))[:len(pairs)], dtype=dtype)
    nodes = {n: draw(st.dictionaries(st.sampled_from(["name", "mentions", "type"]), _SCALAR, max_size=3)) for n in ids}
    return nodes, edges


def _small_blocks(block):
    """Set the block size of the streaming writers (returns the previous one)."""
    import geoanalysis.export as export

    previous, export._BLOCK = export._BLOCK, block
    return previous


class TestStreamingProperties:
    """The column-wise streaming writers equal networkx's writers, with blocks of any size."""

    @settings(deadline=None, max_examples=150, suppress_health_check=list(HealthCheck))
    @given(G=_graphs(), block=st.sampled_from([1, 2, 3, 8192]))
    def test_graph_same_bytes_as_networkx(self, G, block):
        previous = _small_blocks(block)
        try:
            with tempfile.TemporaryDirectory() as tmp:
                tmp = Path(tmp)
                ref = _networkx_files(G, tmp)
                ours = _our_files(G, tmp / "o")
        finally:
            _small_blocks(previous)
        assert ours == ref

    @settings(deadline=None, max_examples=150, suppress_health_check=list(HealthCheck))
    @given(table=_tables(), block=st.sampled_from([1, 2, 3, 8192]),
           graph=st.dictionaries(st.sampled_from(["name", "unit"]), _SCALAR, max_size=2))
    def test_tables_same_bytes_as_graph(self, table, block, graph):
        from geoanalysis.export import _clean, write_network_files

        nodes, edges = table
        G = nx.Graph(**graph)
        G.add_nodes_from(nodes.items())
        attrs = [c for c in edges.columns if c not in ("source", "target")]
        for row in edges.itertuples(index=False):
            rec = dict(zip(edges.columns, row))
            G.add_edge(rec["source"], rec["target"], **{c: rec[c] for c in attrs if _clean(rec[c]) is not None})
        previous = _small_blocks(block)
        try:
            with tempfile.TemporaryDirectory() as tmp:
                tmp = Path(tmp)
                paths = write_network_files(nodes, edges, tmp / "t", graph=graph)
                ours = {ext: paths[f"network.{ext}"].read_bytes() for ext in ("graphml", "gexf", "json")}
                ref = _our_files(G, tmp / "g")
        finally:
            _small_blocks(previous)
        assert ours == ref

    def test_float_texts_printed_once_per_value(self):
        from geoanalysis.export import _Column

        values = np.array([0.1, -0.0, 0.0, np.inf, np.nan, 0.1, 1e16, -np.inf, 5e-324])
        col = _Column.of_array("x", values)
        expected = [None if np.isnan(v) else repr(float(v)) for v in values]
        assert not col.full and col.text() == expected
        assert col.json() == [{"inf": "Infinity", "-inf": "-Infinity"}.get(t, t) for t in expected]
        assert col.gexf() == [{"inf": "INF", "-inf": "-INF"}.get(t, t) for t in expected]
        assert col.values == [None if np.isnan(v) else float(v) for v in values]
        assert col.first_rows() == [(0, float)] and col.present().tolist() == [not np.isnan(v) for v in values]
        ints = _Column.of_array("n", np.array([3, -1, 3, 2**62], dtype=np.int64))
        assert ints.full and ints.text() == ["3", "-1", "3", str(2**62)]


class TestHtmlBounded:
    def _star(self, n):
        G = nx.Graph()
        for i in range(n):
            G.add_edge("hub", f"n{i:03d}", weight=float(i))
        for node in G:
            G.nodes[node].update(name=node, type="PERSON", mentions=1)
        return G

    def _payload(self, html):
        raw = re.search(r'<script id="graph-data" type="application/json">(.*?)</script>', html, re.S).group(1)
        return json.loads(raw)

    def test_only_the_strongest_edges_are_drawn(self):
        html = network_html(self._star(12), max_edges=5, seed=0)
        data = self._payload(html)
        assert sorted(e["weight"] for e in data["edges"]) == [7.0, 8.0, 9.0, 10.0, 11.0]
        assert sorted(n["id"] for n in data["nodes"]) == ["hub", "n007", "n008", "n009", "n010", "n011"]
        assert "Showing the strongest 5 of 12 ties" in html

    def test_no_note_when_everything_is_drawn(self):
        html = network_html(self._star(3), seed=0)
        assert len(self._payload(html)["edges"]) == 3 and "subset-note" not in html
        html = network_html(self._star(3), seed=0, total_edges=40)
        assert "Showing the strongest 3 of 40 ties" in html

    def test_bad_max_edges(self):
        with pytest.raises(ValueError, match="max_edges = 0 is invalid"):
            network_html(self._star(3), max_edges=0)


def test_layout_keeps_small_components_apart_below_the_main_one():
    """The main component takes the top (at least half the square); small components and isolated nodes sit in
    rows below it, far enough apart for their labels, and every position is in the unit square."""
    from geoanalysis.export import layout_positions

    G = nx.cycle_graph([f"m{i}" for i in range(12)])
    G.add_edges_from((f"p{i}", f"q{i}") for i in range(6))
    G.add_nodes_from(f"i{i:02d}" for i in range(40))
    pos = layout_positions(G, seed=0)
    assert set(pos) == set(G) and all(0 <= v.min() and v.max() <= 1 for v in pos.values())
    main_bottom = max(pos[f"m{i}"][1] for i in range(12))
    small = [n for n in G if not n.startswith("m")]
    assert main_bottom >= 0.5 and min(pos[n][1] for n in small) > main_bottom
    isolated = [n for n in small if n.startswith("i")]
    xy = np.array([pos[n] for n in isolated])
    gaps = np.sqrt(((xy[:, None, :] - xy[None, :, :]) ** 2).sum(-1)) + np.eye(len(isolated))
    assert gaps.min() > 0.06  # rows a label apart at least, and as many per row as fit
    assert layout_positions(G, seed=0).keys() == pos.keys()
    assert all((layout_positions(G, seed=0)[n] == pos[n]).all() for n in G)
