"""Tests for geoanalysis.network and geoanalysis.plots.network."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from matplotlib.collections import LineCollection, PathCollection

from geoanalysis.cooccurrence import cooccurrence
from geoanalysis.network import build_network, compare_networks, ego_network, network_metrics
from geoanalysis.plots.network import plot_centrality, plot_cooccurrence_heatmap, plot_network


def _mentions(rows):
    """rows: (article_id, sentence_id, entity_id, type, country)."""
    df = pd.DataFrame(rows, columns=["article_id", "sentence_id", "entity_id", "type", "country"])
    df["part"] = "body"
    df["paragraph_id"] = 0
    df["start"] = range(len(df))
    df["end"] = df["start"] + 1
    df["surface"] = df["entity_id"]
    df["name"] = df["entity_id"].str.split(":").str[1].str.title()
    df["method"] = "kb"
    return df


@pytest.fixture
def mentions():
    # a: s0 {putin, xi}, s1 {putin, xi}, s2 {putin, kim}, s3 {nato}
    # b: s0 {putin, xi}, s1 {trump, putin}
    return _mentions([
        ("a", 0, "person:putin", "PERSON", "RUS"), ("a", 0, "person:xi", "PERSON", "CHN"),
        ("a", 1, "person:putin", "PERSON", "RUS"), ("a", 1, "person:xi", "PERSON", "CHN"),
        ("a", 2, "person:putin", "PERSON", "RUS"), ("a", 2, "person:kim", "PERSON", "PRK"),
        ("a", 3, "org:nato", "ORG", ""),
        ("b", 0, "person:putin", "PERSON", "RUS"), ("b", 0, "person:xi", "PERSON", "CHN"),
        ("b", 1, "person:trump", "PERSON", "USA"), ("b", 1, "person:putin", "PERSON", "RUS"),
    ])


def _edges_by_records(edges: pd.DataFrame, weight: str = "weight") -> list:
    """The edges build_network makes, row by row through ``to_dict("records")`` (the reference of its column path)."""
    from geoanalysis.network import KEY_COLUMNS, _native

    attr_cols = [c for c in edges.columns if c not in KEY_COLUMNS]
    out = []
    for rec, w in zip(edges[["source", "target"] + attr_cols].to_dict("records"), edges[weight].to_numpy(dtype=float)):
        u, v = rec.pop("source"), rec.pop("target")
        attrs = {k: val for k, val in ((k, _native(x)) for k, x in rec.items()) if val is not None}
        attrs["weight"] = float(w)
        out.append((u, v, attrs))
    return out


_CELLS = {
    "float64": st.floats(allow_nan=True, allow_infinity=True),
    "int64": st.integers(-10**12, 10**12),
    "bool": st.booleans(),
    "object": st.one_of(st.none(), st.text("ab<é", max_size=3), st.just(float("nan")), st.integers(0, 3),
                        st.just(np.int64(4)), st.booleans()),
    "string": st.one_of(st.none(), st.text("ab", max_size=2)),
    "Int64": st.one_of(st.none(), st.integers(0, 9)),
}


@settings(deadline=None, max_examples=200, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_build_network_edges_same_as_records(data):
    n = data.draw(st.integers(1, 8))
    ends = st.lists(st.sampled_from(["a", "b", "c", "d"]), min_size=n, max_size=n)
    edges = pd.DataFrame({"source": data.draw(ends), "target": data.draw(ends)})
    for name in data.draw(st.lists(st.sampled_from(["count", "relation", "evidence", "x"]), unique=True, max_size=4)):
        dtype = data.draw(st.sampled_from(sorted(_CELLS)))
        edges[name] = pd.Series(data.draw(st.lists(_CELLS[dtype], min_size=n, max_size=n)), dtype=dtype)
    weights = data.draw(st.lists(st.one_of(_CELLS["float64"], _CELLS["int64"]), min_size=n, max_size=n))
    edges.insert(data.draw(st.integers(2, len(edges.columns))), "weight", pd.Series(weights, dtype=float))
    G = build_network(edges)
    expected = nx.Graph()
    expected.add_nodes_from(G.nodes)  # nodes come first (from the source and target columns)
    expected.add_edges_from(_edges_by_records(edges))
    got = [(u, v, list(d.items())) for u, v, d in G.edges(data=True)]
    assert repr(got) == repr([(u, v, list(d.items())) for u, v, d in expected.edges(data=True)])


def test_node_table_same_as_column_by_column(mentions):
    from geoanalysis.network import _node_table

    for level in ("entity", "country"):
        got = _node_table(mentions, level, None)
        m = mentions
        if level == "country":
            from geoanalysis.entities import to_country_level

            m = to_country_level(m)
        ref = m.groupby("entity_id", sort=True)[["name", "type", "country"]].first().fillna("")
        per_article = m.groupby(["entity_id", "article_id"], sort=True).size().unstack(fill_value=0)
        ref["mentions"] = per_article.sum(axis=1)
        ref["articles"] = (per_article > 0).sum(axis=1)
        for aid in per_article.columns:
            ref[f"mentions_{aid}"] = per_article[aid]
        ref = ref.reset_index()
        assert got.equals(ref) and list(got.columns) == list(ref.columns) and (got.dtypes == ref.dtypes).all()


class TestBuild:
    def test_nodes_and_edges(self, mentions):
        edges = cooccurrence(mentions, evidence=True)
        G = build_network(edges[edges.article_id == "a"], mentions)
        assert sorted(G.nodes) == ["org:nato", "person:kim", "person:putin", "person:xi"]
        assert G.nodes["person:putin"] == {"name": "Putin", "type": "PERSON", "country": "RUS", "mentions": 3,
                                           "articles": 1, "mentions_a": 3}
        assert G.degree("org:nato") == 0  # isolate from the mentions
        d = G.edges["person:putin", "person:xi"]
        assert (d["weight"], d["count"], d["contexts"], d["evidence"]) == (2.0, 2, 2, "a:s0;a:s1")
        assert type(d["count"]) is int and type(d["pmi"]) is float
        assert G.graph["article_id"] == "a" and G.graph["unit"] == "sentence"

    def test_no_isolates(self, mentions):
        edges = cooccurrence(mentions)
        G = build_network(edges[edges.article_id == "a"], mentions, isolates=False)
        assert "org:nato" not in G

    def test_pooled_mentions_per_article(self, mentions):
        G = build_network(cooccurrence(mentions, by=None), mentions)
        putin = G.nodes["person:putin"]
        assert (putin["mentions"], putin["articles"], putin["mentions_a"], putin["mentions_b"]) == (5, 2, 3, 2)
        assert G.nodes["person:trump"]["mentions_a"] == 0
        assert G.edges["person:putin", "person:xi"]["weight"] == 3.0

    def test_weight_column(self, mentions):
        edges = cooccurrence(mentions, by=None)
        G = build_network(edges, weight="npmi")
        row = edges.set_index(["source", "target"]).loc[("person:putin", "person:xi")]
        assert G.edges["person:putin", "person:xi"]["weight"] == pytest.approx(row.npmi)
        assert G.edges["person:putin", "person:xi"]["npmi"] == pytest.approx(row.npmi)

    def test_without_mentions_names_from_edges(self, mentions):
        G = build_network(cooccurrence(mentions, by=None))
        assert G.nodes["person:kim"]["name"] == "Kim"
        assert "org:nato" not in G

    def test_several_articles_rejected(self, mentions):
        with pytest.raises(ValueError, match="hold 2 articles"):
            build_network(cooccurrence(mentions))

    def test_missing_weight(self, mentions):
        with pytest.raises(ValueError, match="missing the columns"):
            build_network(cooccurrence(mentions, by=None), weight="strength")


class TestMetrics:
    def test_star(self):
        G = nx.Graph()
        G.add_edge("hub", "a", weight=3.0)
        G.add_edge("hub", "b", weight=1.0)
        G.add_edge("hub", "c", weight=1.0)
        G.add_node("lone")
        m = network_metrics(G).set_index("entity_id")
        # 3 of the 6 pairs of the 4 other nodes have their shortest path through the hub
        assert m.loc["hub", ["degree", "weighted_degree", "betweenness"]].tolist() == [3, 5.0, 0.5]
        assert m.loc["lone", ["degree", "betweenness", "eigenvector"]].tolist() == [0, 0.0, 0.0]
        assert m.loc["a", "eigenvector"] > m.loc["b", "eigenvector"]
        assert network_metrics(G).entity_id.tolist() == ["hub", "a", "b", "c", "lone"]

    def test_communities_two_cliques(self):
        G = nx.Graph()
        for clique in (["a", "b", "c", "d"], ["x", "y", "z"]):
            G.add_edges_from((u, v, {"weight": 1.0}) for i, u in enumerate(clique) for v in clique[i + 1:])
        G.add_edge("d", "x", weight=0.1)
        m = network_metrics(G, seed=0).set_index("entity_id")["community"]
        assert m[["a", "b", "c", "d"]].tolist() == [0] * 4  # the larger community is 0
        assert m[["x", "y", "z"]].tolist() == [1] * 3
        pd.testing.assert_frame_equal(network_metrics(G, seed=0), network_metrics(G, seed=0))

    def test_empty_graph(self):
        m = network_metrics(nx.Graph())
        assert len(m) == 0 and list(m.columns)[:2] == ["entity_id", "name"]


class TestCompare:
    def test_exact(self, mentions):
        edges = cooccurrence(mentions)
        A = build_network(edges[edges.article_id == "a"])
        B = build_network(edges[edges.article_id == "b"])
        got = compare_networks(A, B)
        assert got[["source", "target", "status", "weight_a", "weight_b", "change"]].values.tolist() == [
            ["person:putin", "person:xi", "both", 2.0, 1.0, -1.0],
            ["person:kim", "person:putin", "only_a", 1.0, 0.0, -1.0],
            ["person:putin", "person:trump", "only_b", 0.0, 1.0, 1.0],
        ]
        assert got.loc[2, "target_name"] == "Trump"

    def test_identical(self):
        G = nx.Graph([("a", "b", {"weight": 1.0})])
        assert compare_networks(G, G).status.tolist() == ["both"]


class TestEgo:
    def test_by_id_and_name(self, mentions):
        G = build_network(cooccurrence(mentions, by=None), mentions)
        assert sorted(ego_network(G, "person:kim").nodes) == ["person:kim", "person:putin"]
        assert sorted(ego_network(G, "kim", radius=2).nodes) == ["person:kim", "person:putin", "person:trump",
                                                                 "person:xi"]
        assert "person:kim" not in ego_network(G, "Kim", center=False)

    def test_errors(self, mentions):
        G = build_network(cooccurrence(mentions, by=None), mentions)
        with pytest.raises(ValueError, match="neither a node id nor a node name"):
            ego_network(G, "Lavrov")
        with pytest.raises(ValueError, match="radius = 0 is invalid"):
            ego_network(G, "person:kim", radius=0)


class TestPlots:
    def test_plot_network_artists(self, mentions):
        edges = cooccurrence(mentions, by=None).assign(relation_score=[0.0, -1.0, 0.5])
        G = build_network(edges, mentions)
        fig, ax = plt.subplots()
        out = plot_network(G, ax=ax, seed=0)
        assert out is ax
        nodes = [c for c in ax.collections if isinstance(c, PathCollection)]
        lines = [c for c in ax.collections if isinstance(c, LineCollection)]
        assert len(nodes) == 1 and len(nodes[0].get_offsets()) == 5
        assert len(lines) == 1 and len(lines[0].get_segments()) == 3
        assert sorted(t.get_text() for t in ax.texts) == ["Kim", "Nato", "Putin", "Trump", "Xi"]
        legend = [t.get_text() for t in ax.get_legend().get_texts()]
        assert legend == ["ORG", "PERSON", "conflict", "cooperation", "neutral"]

    def test_plot_network_seeded_and_top_labels(self, mentions):
        G = build_network(cooccurrence(mentions, by=None), mentions)
        _, (a1, a2) = plt.subplots(1, 2)
        plot_network(G, ax=a1, seed=3, labels=2)
        plot_network(G, ax=a2, seed=3, labels=2)
        p1 = [c for c in a1.collections if isinstance(c, PathCollection)][0].get_offsets()
        p2 = [c for c in a2.collections if isinstance(c, PathCollection)][0].get_offsets()
        assert (p1 == p2).all()
        assert sorted(t.get_text() for t in a1.texts) == ["Putin", "Xi"]

    def test_plot_network_empty_and_bad_layout(self):
        _, ax = plt.subplots()
        assert plot_network(nx.Graph(), ax=ax) is ax and not ax.collections
        with pytest.raises(ValueError, match="layout = 'tree' is invalid"):
            plot_network(nx.Graph(), layout="tree")

    def test_heatmap(self, mentions):
        edges = cooccurrence(mentions, by=None, weighting="count")
        _, ax = plt.subplots()
        plot_cooccurrence_heatmap(edges, value="count", ax=ax)
        labels = [t.get_text() for t in ax.get_xticklabels()]
        assert labels == ["Putin", "Xi", "Kim", "Trump"]  # by summed count: 5, 3, 1, 1
        mesh = ax.collections[0].get_array()
        assert float(mesh.reshape(4, 4)[0, 1]) == 3.0
        with pytest.raises(ValueError, match="several articles"):
            plot_cooccurrence_heatmap(cooccurrence(mentions))

    def test_centrality(self, mentions):
        G = build_network(cooccurrence(mentions, by=None), mentions)
        metrics = network_metrics(G)
        _, ax = plt.subplots()
        plot_centrality(metrics, measure="weighted_degree", top=3, ax=ax)
        assert [t.get_text() for t in ax.get_yticklabels()] == ["Putin", "Xi", "Kim"]
        assert [p.get_width() for p in ax.patches[:3]] == [5.0, 3.0, 1.0]
        assert ax.get_xlabel() == "weighted degree"
        with pytest.raises(ValueError, match="measure = 'pagerank' is invalid"):
            plot_centrality(metrics, measure="pagerank")


# --------------------------------------------------------------------------- default articles

REPORT = "000_e51d81372494049d"
OPINION = "002_155cf58b7002bab6"


@pytest.fixture(scope="module")
def default(corpus):
    from geoanalysis.entities import extract_mentions

    m = extract_mentions(corpus)
    e = cooccurrence(m, evidence=True)
    return m, {a: build_network(e[e.article_id == a], m) for a in (REPORT, OPINION)}


def test_default_networks(default):
    m, nets = default
    report, opinion = nets[REPORT], nets[OPINION]
    assert report.has_edge("country:RUS", "country:PRK")
    assert report.nodes["person:vladimir-putin"]["mentions"] == 6  # 5 in the body, 1 in the headline
    metrics = network_metrics(report).set_index("entity_id")
    # Russia is the hub of the report; the opinion piece centres on Europe and Trump
    assert metrics.index[0] == "country:RUS"
    assert {"person:vladimir-putin", "country:UKR"} <= set(metrics.index[:3])
    top3 = set(network_metrics(opinion).entity_id[:3])
    assert {"region:europe", "person:donald-trump"} <= top3
    diff = compare_networks(report, opinion)
    both = set(zip(diff[diff.status == "both"].source, diff[diff.status == "both"].target))
    assert ("person:vladimir-putin", "person:xi-jinping") in both
    only_b = set(zip(diff[diff.status == "only_b"].source, diff[diff.status == "only_b"].target))
    assert ("country:HUN", "country:SVK") in only_b


def test_default_country_network(corpus, default):
    m, _ = default
    edges = cooccurrence(m, level="country", by=None)
    G = build_network(edges, m)  # the level comes from edges.attrs
    assert not [n for n in G if n.startswith(("person:", "city:"))]
    rus = G.nodes["country:RUS"]
    # Russia, Russian, Putin, Lavrov, Moscow and the Kremlin all count for Russia
    own = int((m.entity_id == "country:RUS").sum())
    assert rus["mentions"] == int((m.country == "RUS").sum()) > own
    assert G.has_edge("country:CHN", "country:PRK")  # "agreement between China and Pyongyang"


def test_eigenvector_centrality_of_components_with_close_leading_eigenvalues():
    """Two 6-cliques, one with a pendant: power iteration does not converge (found on a real article); the
    centrality is that of the dominant component (the clique with the pendant), 0 in the other."""
    import networkx as nx

    from geoanalysis.network import network_metrics

    G = nx.complete_graph([f"a{i}" for i in range(6)])
    G.add_edges_from(nx.complete_graph([f"b{i}" for i in range(6)]).edges)
    G.add_edge("a0", "p")
    nx.set_edge_attributes(G, 1.0, "weight")
    with pytest.raises(nx.PowerIterationFailedConvergence):
        nx.eigenvector_centrality(G, weight="weight", max_iter=1000, tol=1e-10)
    ev = network_metrics(G).set_index("entity_id")["eigenvector"]
    assert (ev[[f"b{i}" for i in range(6)]] == 0).all()
    assert ev["a0"] == ev.max() and ev["p"] > 0
    assert (ev[[f"a{i}" for i in range(6)]] ** 2).sum() + ev["p"] ** 2 == pytest.approx(1.0)  # unit norm
