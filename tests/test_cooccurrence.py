"""Tests for geoanalysis.cooccurrence: exact counts and measures, invariants, the default articles."""
from __future__ import annotations

import importlib
import itertools
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geoanalysis.cooccurrence import (
    EDGE_COLUMNS,
    association_measures,
    cooccurrence,
    cooccurrence_counts,
    edge_evidence,
    evidence_text,
    pool_counts,
)

NAMES = {"x": "X", "y": "Y", "z": "Z", "w": "W"}


def _mentions(rows):
    """rows: (article_id, part, sentence_id, paragraph_id, token_index, entity_id)."""
    df = pd.DataFrame(rows, columns=["article_id", "part", "sentence_id", "paragraph_id", "token_index", "entity_id"])
    df["start"] = df["token_index"].clip(lower=0) * 5
    df["end"] = df["start"] + 1
    df["surface"] = df["entity_id"]
    df["name"] = df["entity_id"].map(NAMES)
    df["type"] = "PERSON"
    df["country"] = ""
    df["method"] = "kb"
    cols = ["article_id", "part", "sentence_id", "paragraph_id", "start", "end", "surface", "entity_id",
            "name", "type", "country", "method", "token_index"]
    return df[cols]


@pytest.fixture
def small():
    """Article a: headline {x, y}; s0 {x, y, x}; s1 {y, z} (paragraph 0); s2 {z}; s3 {x, z} (paragraph 1).
    Article b: s0 {x, y}; s1 {w}."""
    return _mentions([
        ("a", "body", 0, 0, 0, "x"), ("a", "body", 0, 0, 3, "y"), ("a", "body", 0, 0, 9, "x"),
        ("a", "body", 1, 0, 12, "y"), ("a", "body", 1, 0, 14, "z"),
        ("a", "body", 2, 1, 20, "z"),
        ("a", "body", 3, 1, 25, "x"), ("a", "body", 3, 1, 31, "z"),
        ("a", "headline", 0, 0, -1, "x"), ("a", "headline", 0, 0, -1, "y"),
        ("b", "body", 0, 0, 0, "x"), ("b", "body", 0, 0, 2, "y"), ("b", "body", 1, 0, 4, "w"),
    ])


def _row(edges, article, source, target):
    hit = edges[(edges.article_id == article) & (edges.source == source) & (edges.target == target)]
    assert len(hit) == 1, (article, source, target, edges)
    return hit.iloc[0]


def _pairs(edges, article=None):
    e = edges if article is None else edges[edges.article_id == article]
    return {(s, t): (c, k) for s, t, c, k in zip(e.source, e.target, e["count"], e.contexts)}


# --------------------------------------------------------------------------- exact counts


class TestCounts:
    def test_sentence_unit(self, small):
        e = cooccurrence(small)
        assert list(e.columns) == EDGE_COLUMNS
        assert _pairs(e, "a") == {("x", "y"): (3, 2), ("x", "z"): (1, 1), ("y", "z"): (1, 1)}
        assert _pairs(e, "b") == {("x", "y"): (1, 1)}
        r = _row(e, "a", "x", "y")
        assert (r.source_name, r.target_name, r.source_n, r.target_n, r.n) == ("X", "Y", 3, 3, 5)
        assert _row(e, "b", "x", "y").n == 2

    def test_weighting(self, small):
        assert _row(cooccurrence(small), "a", "x", "y").weight == 2.0
        assert _row(cooccurrence(small, weighting="count"), "a", "x", "y").weight == 3.0

    def test_headline_excluded(self, small):
        e = cooccurrence(small, headline=False)
        assert _pairs(e, "a")[("x", "y")] == (2, 1)
        assert _row(e, "a", "x", "y").n == 4

    def test_paragraph_unit(self, small):
        e = cooccurrence(small, unit="paragraph", weighting="count")
        # contexts h0 {x, y}; p0 {x:2, y:2, z:1}; p1 {z:2, x:1}
        assert _pairs(e, "a") == {("x", "y"): (5, 2), ("x", "z"): (4, 2), ("y", "z"): (2, 1)}
        assert _row(e, "a", "x", "y").n == 3

    def test_document_unit(self, small):
        e = cooccurrence(small, unit="document")
        # x: 4 mentions, y: 3, z: 3 in one context (headline included)
        assert _pairs(e, "a") == {("x", "y"): (12, 1), ("x", "z"): (12, 1), ("y", "z"): (9, 1)}
        assert (e[e.article_id == "a"][["n", "npmi", "pmi"]].to_numpy() == [1, 1.0, 0.0]).all()

    def test_window_unit(self, small):
        e = cooccurrence(small, unit="window", window=5, weighting="inverse_distance", evidence=True)
        # body tokens of a: x0 y3 x9 y12 z14 z20 x25 z31; pairs within 5 tokens:
        # x0-y3, x9-y12 (d=3); x9-z14, z20-x25 (d=5); y12-z14 (d=2)
        # windows [t, t+5] at each mention position: y12-z14 lies in both w9 and w12
        assert _pairs(e, "a") == {("x", "y"): (2, 2), ("x", "z"): (2, 2), ("y", "z"): (2, 2)}
        a = e[e.article_id == "a"].set_index(["source", "target"])
        assert a.loc[("x", "y"), "weight"] == pytest.approx(2 / 3)
        assert a.loc[("x", "z"), "weight"] == pytest.approx(0.4)
        assert a.loc[("y", "z"), "weight"] == pytest.approx(0.5)
        assert a.loc[("x", "y"), "evidence"] == "a:w0-5;a:w9-14"
        assert a.loc[("x", "z"), "evidence"] == "a:w9-14;a:w20-25"
        assert a.loc[("y", "z"), "evidence"] == "a:w9-14;a:w12-17"
        # one window per mention position (8); windows [t, t+5] holding x: 0, 9, 20, 25; y: 0, 3, 9, 12;
        # z: 9, 12, 14, 20, 31
        assert a.loc[("x", "y"), ["source_n", "target_n", "n"]].tolist() == [4, 4, 8]
        assert a.loc[("y", "z"), ["source_n", "target_n"]].tolist() == [4, 5]
        # b: x0 y2 w4; windows w0 = [0, 5] {x, y, w}, w2 = [2, 7] {y, w}, w4 = [4, 9] {w}
        assert _pairs(e, "b") == {("w", "x"): (1, 1), ("w", "y"): (2, 2), ("x", "y"): (1, 1)}

    def test_window_size(self, small):
        e = cooccurrence(small, unit="window", window=2)
        assert _pairs(e, "a") == {("y", "z"): (1, 1)}
        assert _pairs(e, "b") == {("w", "y"): (1, 1), ("x", "y"): (1, 1)}

    def test_window_needs_token_index(self, small):
        with pytest.raises(ValueError, match="token_index"):
            cooccurrence(small.drop(columns="token_index"), unit="window")

    def test_same_token_distance_one(self):
        m = _mentions([("a", "body", 0, 0, 7, "x"), ("a", "body", 0, 0, 7, "y")])
        e = cooccurrence(m, unit="window", weighting="inverse_distance")
        assert e.weight.tolist() == [1.0]

    def test_pooled(self, small):
        e = cooccurrence(small, by=None)
        assert set(e.article_id) == {"all"}
        assert _pairs(e) == {("x", "y"): (4, 3), ("x", "z"): (1, 1), ("y", "z"): (1, 1)}
        r = _row(e, "all", "x", "y")
        assert (r.source_n, r.target_n, r.n) == (4, 4, 7)
        assert r.pmi == pytest.approx(math.log2(3 * 7 / 16))

    def test_min_count(self, small):
        e = cooccurrence(small, min_count=2)
        assert _pairs(e) == {("x", "y"): (3, 2)}
        assert _pairs(cooccurrence(small, by=None, min_count=4)) == {("x", "y"): (4, 3)}

    def test_no_self_pairs(self):
        m = _mentions([("a", "body", 0, 0, 0, "x"), ("a", "body", 0, 0, 1, "x"), ("a", "body", 0, 0, 2, "y")])
        for unit in ("sentence", "document"):
            assert _pairs(cooccurrence(m, unit=unit, weighting="count")) == {("x", "y"): (2, 1)}
        # windows w0 = [0, 5] holds x0-y2 and x1-y2, w1 = [1, 6] holds x1-y2
        assert _pairs(cooccurrence(m, unit="window", weighting="count")) == {("x", "y"): (3, 2)}

    def test_context_order_is_numeric(self):
        m = _mentions([(aid, "body", s, 0, 0, e) for aid in ("a",) for s in (10, 2) for e in ("x", "y")])
        assert edge_evidence(m)["context_id"].tolist() == ["a:s2", "a:s10"]


class TestMeasures:
    def test_exact_values(self, small):
        r = _row(cooccurrence(small), "a", "x", "y")
        # a = 2 contexts with both, f1 = f2 = 3, N = 5
        assert r.pmi == pytest.approx(math.log2(2 * 5 / 9))
        assert r.npmi == pytest.approx(math.log2(10 / 9) / -math.log2(2 / 5))
        assert r.jaccard == pytest.approx(2 / 4)
        assert r.dice == pytest.approx(4 / 6)
        obs, exp = [2, 1, 1, 1], [9 / 5, 6 / 5, 6 / 5, 4 / 5]
        assert r.g2 == pytest.approx(2 * sum(o * math.log(o / x) for o, x in zip(obs, exp)))

    def test_perfect_association(self, small):
        r = _row(cooccurrence(small), "b", "x", "y")
        assert (r.pmi, r.npmi, r.jaccard, r.dice) == (1.0, 1.0, 1.0, 1.0)
        assert r.g2 == pytest.approx(4 * math.log(2))

    def test_negative_association_sign(self):
        # x and y meet once in 4 contexts, each is in 3: below expectation 9/4
        m = _mentions(
            [("a", "body", 0, 0, 0, "x"), ("a", "body", 0, 0, 1, "y")]
            + [("a", "body", s, 0, 0, "x") for s in (1, 2)]
            + [("a", "body", s, 0, 0, "y") for s in (3, 4)]
        )
        r = cooccurrence(m).iloc[0]
        assert r.pmi == pytest.approx(math.log2(5 / 9))
        assert r.g2 < 0 and r.npmi < 0

    def test_reduction_map_then_measures(self, small):
        per_article = [cooccurrence_counts(small[small.article_id == a]) for a in ("a", "b")]
        pooled = association_measures(pool_counts(per_article))
        pd.testing.assert_frame_equal(pooled, cooccurrence(small, by=None))

    def test_pool_rejects_mixed_options(self, small):
        with pytest.raises(ValueError, match="different options"):
            pool_counts([cooccurrence_counts(small), cooccurrence_counts(small, unit="paragraph")])


class TestArguments:
    @pytest.mark.parametrize(
        "kwargs, message",
        [
            ({"unit": "clause"}, "unit = 'clause' is invalid"),
            ({"window": 0}, "window = 0 is invalid"),
            ({"weighting": "tfidf"}, "weighting = 'tfidf' is invalid"),
            ({"weighting": "inverse_distance"}, "needs unit = 'window'"),
            ({"level": "city"}, "level = 'city' is invalid"),
            ({"by": "outlet"}, "by = 'outlet' is invalid"),
            ({"min_count": 0}, "min_count = 0 is invalid"),
        ],
    )
    def test_bad_arguments(self, small, kwargs, message):
        with pytest.raises(ValueError, match=message):
            cooccurrence(small, **kwargs)

    def test_missing_columns(self, small):
        with pytest.raises(ValueError, match="missing the columns"):
            cooccurrence(small.drop(columns="sentence_id"))

    def test_empty(self, small, caplog):
        e = cooccurrence(small.iloc[:0])
        assert list(e.columns) == EDGE_COLUMNS and len(e) == 0
        assert e["count"].dtype == np.int64
        assert "no mentions" in caplog.text
        assert len(edge_evidence(small.iloc[:0])) == 0

    def test_deterministic_csv(self, small):
        a = cooccurrence(small, evidence=True).to_csv(index=False)
        b = cooccurrence(small.sample(frac=1, random_state=3), evidence=True).to_csv(index=False)
        assert a == b


# --------------------------------------------------------------------------- evidence


class TestEvidence:
    def test_rows(self, small):
        ev = edge_evidence(small)
        xy = ev[(ev.article_id == "a") & (ev.source == "x") & (ev.target == "y")]
        assert xy[["context_id", "count"]].values.tolist() == [["a:h0", 1], ["a:s0", 2]]
        assert len(ev) == cooccurrence(small)["contexts"].sum()

    def test_pooled_ids_name_articles(self, small):
        ev = edge_evidence(small, by=None)
        assert set(ev.article_id) == {"all"}
        assert ev[(ev.source == "x") & (ev.target == "y")]["context_id"].tolist() == ["a:h0", "a:s0", "b:s0"]

    def test_paragraph_ids(self, small):
        ev = edge_evidence(small, unit="paragraph")
        assert ev[ev.article_id == "a"].drop_duplicates("context_id")["context_id"].tolist() == ["a:h0", "a:p0", "a:p1"]

    def test_evidence_text(self):
        from geoanalysis.parsing import make_article

        art = make_article("Putin met Xi. Kim came.\n\nTrump spoke to Zelensky.", id="t", title="Leaders meet")
        got = evidence_text(["t:s1", "t:h0", "t:p1", "t:w0-2", "t:s1"], [art])
        assert got.context_id.tolist() == ["t:s1", "t:h0", "t:p1", "t:w0-2"]
        assert got.text.tolist() == ["Kim came.", "Leaders meet", "Trump spoke to Zelensky.", "Putin met Xi"]
        doc = evidence_text(["t"], art).text.item()
        assert doc.startswith("Leaders meet\n\nPutin met Xi.")
        with pytest.raises(ValueError, match="no sentence 9"):
            evidence_text(["t:s9"], art)
        with pytest.raises(ValueError, match="names no article"):
            evidence_text(["u:s0"], art)


# --------------------------------------------------------------------------- invariants

mention_rows = st.lists(
    st.tuples(
        st.sampled_from(["a", "b", "c"]),
        st.integers(0, 4),  # sentence
        st.integers(0, 40),  # token index
        st.sampled_from(list(NAMES)),
        st.booleans(),  # headline?
    ),
    min_size=0,
    max_size=40,
)


def _random_mentions(rows):
    return _mentions([
        (aid, "headline" if head else "body", 0 if head else s, 0 if head else s // 2, -1 if head else t, e)
        for aid, s, t, e, head in rows
    ])


@settings(max_examples=60, deadline=None)
@given(mention_rows, st.sampled_from(["sentence", "paragraph", "document", "window"]), st.integers(1, 8))
def test_invariants(rows, unit, window):
    m = _random_mentions(rows)
    e = cooccurrence(m, unit=unit, window=window, weighting="count")
    assert (e.source < e.target).all()
    assert (e.contexts >= 1).all() and (e.contexts <= e["count"]).all()
    binary = cooccurrence(m, unit=unit, window=window)
    assert (binary.weight <= e.weight).all()
    assert (e.contexts <= np.minimum(e.source_n, e.target_n)).all()
    assert (np.maximum(e.source_n, e.target_n) <= e.n).all()
    assert ((e.npmi >= -1 - 1e-12) & (e.npmi <= 1 + 1e-12)).all()
    assert ((e.jaccard > 0) & (e.jaccard <= 1)).all() and ((e.dice > 0) & (e.dice <= 1)).all()
    assert ((e.jaccard <= e.dice + 1e-12)).all()
    # G2 and PMI agree in sign: both compare the joint count with its expectation
    assert (np.sign(e.g2.round(9)) == np.sign(e.pmi.round(9))).all()
    # the contingency table of every pair is consistent with its margins
    assert (e.n - e.source_n - e.target_n + e.contexts >= 0).all()
    # pooled counts are sums of per-article counts
    pooled = cooccurrence(m, unit=unit, window=window, weighting="count", by=None)
    summed = e.groupby(["source", "target"])[["count", "contexts", "weight"]].sum()
    got = pooled.set_index(["source", "target"])[["count", "contexts", "weight"]]
    pd.testing.assert_frame_equal(got, summed.reindex(got.index), check_names=False)
    assert len(got) == len(summed)
    # evidence rows are the contexts
    ev = edge_evidence(m, unit=unit, window=window)
    assert len(ev) == e.contexts.sum()


@settings(max_examples=40, deadline=None)
@given(mention_rows, st.sampled_from(["sentence", "window"]))
def test_symmetry_under_relabelling(rows, unit):
    """Reversing the order of entity ids swaps source and target but changes no number."""
    m = _random_mentions(rows)
    flip = {"w": "z", "z": "w", "x": "y", "y": "x"}  # reverses the sort order w < x < y < z
    m2 = m.assign(entity_id=m.entity_id.map(flip), name=m.entity_id.map(flip).map(NAMES))
    a = cooccurrence(m, unit=unit, weighting="count").set_index(["article_id", "source", "target"])
    b = cooccurrence(m2, unit=unit, weighting="count")
    b = b.assign(source=b.target.map(flip), target=b.source.map(flip)).set_index(["article_id", "source", "target"])
    cols = ["count", "contexts", "weight", "n", "pmi", "npmi", "jaccard", "dice", "g2"]
    pd.testing.assert_frame_equal(a[cols].sort_index(), b[cols].sort_index())
    assert (a["source_n"].sort_index() == b["target_n"].sort_index()).all()
    assert (a["target_n"].sort_index() == b["source_n"].sort_index()).all()


@settings(max_examples=40, deadline=None)
@given(mention_rows)
def test_row_order_does_not_matter(rows):
    m = _random_mentions(rows)
    a = cooccurrence(m, evidence=True)
    b = cooccurrence(m.iloc[::-1], evidence=True)
    pd.testing.assert_frame_equal(a, b)


# --------------------------------------------------------------------------- default articles

REPORT = "000_e51d81372494049d"
OPINION = "002_155cf58b7002bab6"


@pytest.fixture(scope="module")
def mentions(corpus):
    from geoanalysis.entities import extract_mentions

    return extract_mentions(corpus)


@pytest.fixture(scope="module")
def sentence_edges(mentions):
    return cooccurrence(mentions, evidence=True)


def _has(edges, article, a, b):
    s, t = sorted((a, b))
    return bool(((edges.article_id == article) & (edges.source == s) & (edges.target == t)).any())


@pytest.mark.parametrize(
    "a, b",
    [
        ("country:RUS", "country:PRK"),  # mutual defense pact between Russia and North Korea (s8, s13, s14)
        ("person:donald-trump", "person:vladimir-putin"),  # Trump's disappointment with Putin (s0)
        ("person:volodymyr-zelenskyy", "person:vladimir-putin"),  # negotiations between Zelenskyy and Putin
        ("person:xi-jinping", "person:vladimir-putin"),  # Xi hosted Putin
        ("person:xi-jinping", "person:narendra-modi"),  # Xi's discussions with Modi
        ("person:xi-jinping", "person:kim-jong-un"),  # meeting in Beijing with Putin and Kim
        ("country:PRK", "country:UKR"),  # North Korea's troops to Ukraine
        ("country:CHN", "country:RUS"),  # ties between China and Russia
        ("country:CHN", "city:pyongyang"),  # agreement between China and Pyongyang
    ],
)
def test_report_pairs_found(sentence_edges, a, b):
    assert _has(sentence_edges, REPORT, a, b)


@pytest.mark.parametrize(
    "a, b",
    [
        ("person:vladimir-putin", "person:xi-jinping"),  # Putin's visit with Xi Jinping (s4) and headline
        ("person:vladimir-putin", "person:kim-jong-un"),
        ("person:vladimir-putin", "person:volodymyr-zelenskyy"),  # Putin might meet Zelensky
        ("person:sergei-lavrov", "country:UKR"),  # security guarantees for Ukraine
        ("person:donald-trump", "person:steve-witkoff"),  # Trump's peace envoy
        ("org:nato", "country:TUR"),  # NATO is constrained by Turkey
        ("country:TUR", "country:RUS"),  # Turkey's balancing act with Russia
        ("country:HUN", "country:SVK"),  # resistance from Hungary and Slovakia
        ("country:FRA", "country:GBR"),  # France and the United Kingdom
    ],
)
def test_opinion_pairs_found(sentence_edges, a, b):
    assert _has(sentence_edges, OPINION, a, b)


@pytest.mark.parametrize(
    "article, a, b",
    [
        (REPORT, "person:narendra-modi", "person:volodymyr-zelenskyy"),
        (REPORT, "person:kim-jong-un", "person:donald-trump"),
        (REPORT, "person:narendra-modi", "person:kim-jong-un"),
        (REPORT, "country:IND", "country:UKR"),
        (OPINION, "person:sergei-lavrov", "person:donald-trump"),
        (OPINION, "person:hillary-clinton", "person:vladimir-putin"),  # s35 vs s36
        (OPINION, "person:steve-witkoff", "person:vladimir-putin"),
        (OPINION, "country:HUN", "country:RUS"),
        (OPINION, "person:kim-jong-un", "person:volodymyr-zelenskyy"),
    ],
)
def test_pairs_not_found(sentence_edges, article, a, b):
    assert not _has(sentence_edges, article, a, b)


def test_alias_merge_across_articles(mentions):
    """Zelenskyy/Zelensky and Kim Jong Un/Kim Jong-Un are one entity each, so the pooled
    network joins the two articles' Putin-Zelenskyy and Putin-Kim evidence."""
    pooled = cooccurrence(mentions, by=None, evidence=True).set_index(["source", "target"])
    zel = pooled.loc[("person:vladimir-putin", "person:volodymyr-zelenskyy")]
    assert zel.evidence == f"{REPORT}:s2;{REPORT}:s3;{OPINION}:s1"
    kim = pooled.loc[("person:kim-jong-un", "person:vladimir-putin")]
    assert kim.evidence.split(";") == [f"{REPORT}:s9", f"{OPINION}:h0", f"{OPINION}:s4"]


def test_evidence_sentences_read_right(corpus, sentence_edges):
    row = sentence_edges.set_index(["article_id", "source", "target"]).loc[(REPORT, "country:PRK", "country:RUS")]
    texts = evidence_text(row.evidence.split(";"), corpus).text.tolist()
    assert texts[0].startswith("This burgeoning alliance, which includes a mutual defense pact")
    assert "Russia-North Korea mutual defense treaty" in texts[1]
    assert "deployment of troops to Ukraine" in texts[2]


def test_country_level(mentions):
    e = cooccurrence(mentions, level="country")
    assert all(s.startswith(("country:", "org:", "group:", "media:", "region:", "misc:")) for s in e.source)
    # Putin (RUS) with Zelenskyy (UKR) rolls up into Russia-Ukraine; no Russia-Russia self pair
    assert _has(e, REPORT, "country:RUS", "country:UKR")
    assert not (e.source == e.target).any()
    # Pyongyang rolls up to North Korea: China-North Korea in the report
    assert _has(e, REPORT, "country:CHN", "country:PRK")
    assert not (e.source.str.startswith("city:") | e.target.str.startswith("city:")).any()


# --------------------------------------------------------------------------- plain-Python path
# cooccurrence_counts counts the units other than "window" over plain lists (cooccurrence._unit_contexts,
# _plain_counts) and builds its tables with cooccurrence._frame; these tests hold them to the general
# numpy path (_prepare, _core), which runs when _unit_contexts declines.


# the module (the package re-exports a function of the same name)
co_mod = importlib.import_module("geoanalysis.cooccurrence")


def _general_counts(monkeypatch, m, **kw):
    with monkeypatch.context() as patch:
        patch.setattr(co_mod, "_unit_contexts", lambda *a, **k: None)
        return cooccurrence_counts(m, **kw)


def _assert_counts_equal(a, b):
    for x, y in ((a.pairs, b.pairs), (a.entities, b.entities), (a.contexts, b.contexts)):
        pd.testing.assert_frame_equal(x, y, check_exact=True)
        assert x.equals(y) and list(x.dtypes) == list(y.dtypes)
    assert (a.unit, a.weighting, a.level, a.window) == (b.unit, b.weighting, b.level, b.window)


@settings(max_examples=80, deadline=None)
@given(
    mention_rows,
    st.sampled_from(["sentence", "paragraph", "document"]),
    st.sampled_from(["binary", "count"]),
    st.booleans(),
    st.booleans(),
)
def test_plain_path_matches_general_path(rows, unit, weighting, headline, shuffle):
    m = _random_mentions(rows)
    if shuffle:
        m = m.iloc[::-1].reset_index(drop=True)
    with pytest.MonkeyPatch.context() as monkeypatch:
        fast = cooccurrence_counts(m, unit=unit, weighting=weighting, headline=headline)
        slow = _general_counts(monkeypatch, m, unit=unit, weighting=weighting, headline=headline)
    _assert_counts_equal(fast, slow)


@pytest.mark.parametrize("unit", ["sentence", "paragraph", "document"])
@pytest.mark.parametrize("level", ["entity", "country"])
@pytest.mark.parametrize("headline", [True, False])
def test_plain_path_matches_general_path_default_corpus(mentions, unit, level, headline, monkeypatch):
    assert co_mod._unit_contexts(mentions, unit, level, headline) is not None  # the plain path runs
    fast = cooccurrence_counts(mentions, unit=unit, level=level, headline=headline)
    _assert_counts_equal(fast, _general_counts(monkeypatch, mentions, unit=unit, level=level, headline=headline))


def test_plain_path_declines_tables_that_are_not_plain(small, monkeypatch):
    """Nulls in name/type/country are taken as groupby().first() takes them; other values decline."""
    m = small.copy()
    m["name"] = m["name"].astype(object)
    m.loc[0, "name"] = None  # the first x has no name: the next one gives it
    m.loc[2, "country"] = np.nan
    m.loc[[4, 5], "type"] = None  # z: type null in its first two rows
    assert co_mod._unit_contexts(m, "sentence", "entity", True) is not None
    _assert_counts_equal(cooccurrence_counts(m), _general_counts(monkeypatch, m))
    for column, value in (("entity_id", 7), ("sentence_id", 1.5), ("name", 3)):
        odd = small.astype({column: object})
        odd.loc[1, column] = value
        assert co_mod._unit_contexts(odd, "sentence", "entity", True) is None
        if column != "name":
            continue  # the general path does not take the others either
        _assert_counts_equal(cooccurrence_counts(odd), _general_counts(monkeypatch, odd))


@settings(max_examples=60, deadline=None)
@given(
    st.integers(0, 12),
    st.lists(st.sampled_from(["object", "int64", "float64", "bool"]), min_size=1, max_size=9),
)
def test_frame_is_the_dataframe_constructor(n, dtypes):
    from geoanalysis.cooccurrence import _frame, _object_column

    make = {
        "object": lambda k: _object_column([f"v{i}{k}" for i in range(n)]),
        "int64": lambda k: np.arange(n, dtype=np.int64) * (k + 1),
        "float64": lambda k: np.linspace(0, 1, n) + k,
        "bool": lambda k: np.arange(n) % (k + 2) == 0,
    }
    columns = {f"c{k}": make[d](k) for k, d in enumerate(dtypes)}
    got, want = _frame(columns), pd.DataFrame(columns)
    pd.testing.assert_frame_equal(got, want, check_exact=True)
    assert got.equals(want) and list(got.dtypes) == list(want.dtypes) and got.to_csv() == want.to_csv()
    assert got._mgr.nblocks == want._mgr.nblocks  # consolidated, one block per dtype
    for name, values in columns.items():  # the frame holds copies, as the constructor's
        assert not np.shares_memory(got[name].to_numpy(), values)


def _seeded_mentions(seed: int, *, n_entities: int, n_sentences: int, n_mentions: int) -> pd.DataFrame:
    """One article's body mentions of random entities in random sentences (seeded)."""
    rng = np.random.default_rng(seed)
    ids = rng.choice([f"e{i}" for i in range(n_entities)], n_mentions)
    return pd.DataFrame({"article_id": "a", "part": "body", "sentence_id": rng.integers(0, n_sentences, n_mentions),
                         "paragraph_id": 0, "entity_id": ids, "name": np.char.upper(ids.astype(str)).astype(object)})


def test_association_measures_in_row_blocks_equal_one_block(monkeypatch):
    """The measures are computed a block of rows at a time: the block size changes no value."""
    co = importlib.import_module("geoanalysis.cooccurrence")
    counts = co.cooccurrence_counts(_seeded_mentions(0, n_entities=12, n_sentences=30, n_mentions=200))
    whole = co.association_measures(counts)
    monkeypatch.setattr(co, "_MEASURE_ROWS", 3)
    blocks = co.association_measures(counts)
    assert len(whole) > 3 * 3
    pd.testing.assert_frame_equal(blocks, whole)


def test_association_measures_keep_the_order_of_the_pairs():
    """The runner joins the pooled relation counts to the edges by position: the rows keep their order."""
    co = importlib.import_module("geoanalysis.cooccurrence")
    counts = co.cooccurrence_counts(_seeded_mentions(1, n_entities=9, n_sentences=20, n_mentions=120))
    shuffled = counts.pairs.sample(frac=1.0, random_state=0).reset_index(drop=True)
    edges = co.association_measures(co.CooccurrenceCounts(shuffled, counts.entities, counts.contexts))
    assert edges[["source", "target"]].values.tolist() == shuffled[["source", "target"]].values.tolist()


# _unit_pairs (the contexts of relations.relation_edges) and _entity_columns (names in the numpy path)


def _pairs_of_unit_contexts(uc):
    """(article, number, source, target) of every pair of every context, from _unit_contexts."""
    return sorted((aid, num, *pair) for (aid, num), ents in uc.contexts.items()
                  for pair in itertools.combinations(sorted(ents), 2))


@settings(max_examples=80, deadline=None)
@given(mention_rows, st.sampled_from(["sentence", "paragraph", "document"]), st.booleans(), st.booleans(),
       st.sampled_from(["entity", "country"]))
def test_unit_pairs_are_the_pairs_of_unit_contexts(rows, unit, headline, shuffle, level):
    m = _random_mentions(rows)
    m["country"] = m["entity_id"].map({"x": "RUS", "y": "UKR", "z": "RUS", "w": ""})
    if shuffle:
        m = m.iloc[::-1].reset_index(drop=True)
    uc = co_mod._unit_contexts(m, unit, level, headline)
    up = co_mod._unit_pairs(m, unit, level, headline)
    assert (up is None) == (uc is None)
    if up is None:
        return
    got = sorted(zip(up.articles[up.ctx_art[up.pair_ctx]].tolist(), up.ctx_num[up.pair_ctx].tolist(),
                     up.entity_ids[up.pair_src].tolist(), up.entity_ids[up.pair_tgt].tolist()))
    assert got == _pairs_of_unit_contexts(uc)
    assert list(up.articles) == sorted(set(up.articles)) and list(up.entity_ids) == sorted(set(up.entity_ids))
    # every context listed holds a pair, once
    assert sorted(set(up.pair_ctx.tolist())) == list(range(len(up.ctx_art)))
    assert len(set(zip(up.ctx_art.tolist(), up.ctx_num.tolist()))) == len(up.ctx_art)


def test_unit_pairs_exact(small):
    up = co_mod._unit_pairs(small, "sentence", "entity", True)
    rows = list(zip(up.articles[up.ctx_art[up.pair_ctx]], up.ctx_num[up.pair_ctx].tolist(),
                    up.entity_ids[up.pair_src], up.entity_ids[up.pair_tgt]))
    assert rows == [("a", -1, "x", "y"), ("a", 0, "x", "y"), ("a", 1, "y", "z"), ("a", 3, "x", "z"),
                    ("b", 0, "x", "y")]
    assert co_mod._unit_pairs(small, "window", "entity", True) is None
    assert co_mod._unit_pairs(small.astype({"sentence_id": float}), "sentence", "entity", True) is None
    assert co_mod._unit_pairs(small[small.part == "headline"], "sentence", "entity", False) is None


@pytest.mark.parametrize("odd", ["none", "nulls", "int_ids", "int_names"])
def test_entity_columns_are_entity_info(small, odd):
    m = small.astype({"name": object, "entity_id": object})
    if odd == "nulls":
        m.loc[0, "name"] = None
        m.loc[2, "country"] = np.nan
        m.loc[[4, 5], "type"] = None
        m.loc[m.entity_id == "w", "name"] = None  # no name at all
    elif odd == "int_ids":
        m.loc[1, "entity_id"] = 7
    elif odd == "int_names":
        m.loc[1, "name"] = 3
    ent_ids = np.array(sorted(m["entity_id"].astype(str).unique()), dtype=object)
    info = co_mod._entity_info(m)
    expected = [info[c].reindex(ent_ids).to_numpy() for c in ("name", "type", "country")]
    got = co_mod._entity_columns(m, ent_ids)
    for a, b in zip(got, expected):
        assert a.dtype == object and pd.Series(a).equals(pd.Series(b))
        assert list(map(type, a)) == list(map(type, b))


def test_association_table_without_copy_equals_the_public_one_and_the_public_one_copies():
    co = importlib.import_module("geoanalysis.cooccurrence")
    counts = co.cooccurrence_counts(_seeded_mentions(2, n_entities=7, n_sentences=15, n_mentions=80))
    public = co.association_measures(counts)
    assert not np.shares_memory(public["count"].to_numpy(), counts.pairs["count"].to_numpy())
    public.loc[0, "count"] = -1  # the caller's table is not touched
    assert (counts.pairs["count"] >= 0).all()
    shared = co._association_table(counts, copy=False)
    pd.testing.assert_frame_equal(shared, co.association_measures(counts))
