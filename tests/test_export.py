"""Tests for geoanalysis.export: file formats round-trip, the HTML view is self-contained and inert."""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import networkx as nx
import pandas as pd
import pytest

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
