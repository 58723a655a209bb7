"""Tests for geoanalysis.keyness: G2, log ratio, Dirichlet-prior log-odds, corrections, term counts."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import chi2_contingency

from geoanalysis.config import RAW_DATA_DIR
from geoanalysis.keyness import _adjust, comparison_groups, contrast_counts, keyness, term_counts
from geoanalysis.parsing import load_corpus, make_article

REPORT, OPINION = "000_e51d81372494049d", "002_155cf58b7002bab6"


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(RAW_DATA_DIR)


def _one(counts_x, counts_y, n_x=100, n_y=200, **kw):
    counts = pd.DataFrame({"article_id": ["x", "y"], "term": ["war", "war"], "count": [counts_x, counts_y]})
    out = contrast_counts(counts, totals=pd.Series({"x": n_x, "y": n_y}), reference="pairwise", **kw)
    return out.set_index(["target", "reference", "term"])


class TestContrastCounts:
    def test_g2_by_hand(self):
        # Dunning (1993) G2 = 2 * sum O ln(O/E) over the 2x2 table [[10, 90], [2, 198]]:
        # E = [[4, 96], [8, 192]];  2 * (10 ln 2.5 + 90 ln(90/96) + 2 ln .25 + 198 ln(198/192)) = 13.349280
        row = _one(10, 2).loc[("x", "y", "war")]
        assert row["g2"] == pytest.approx(13.349280, abs=1e-6)
        assert row["p_value"] == pytest.approx(0.00025852, rel=1e-4)  # chi2(1) survival at 13.3493
        assert row["g2"] == pytest.approx(chi2_contingency([[10, 90], [2, 198]], correction=False,
                                                           lambda_="log-likelihood").statistic)

    def test_g2_sign_and_symmetry(self):
        out = _one(10, 2)
        assert out.loc[("y", "x", "war"), "g2"] == pytest.approx(-13.349280, abs=1e-6)

    def test_log_ratio_by_hand(self):
        # Hardie (2014): log2((10/100) / (2/200)) = log2(10)
        assert _one(10, 2).loc[("x", "y", "war"), "log_ratio"] == pytest.approx(3.321928, abs=1e-6)
        # a zero count is replaced by 0.5: log2((4/100) / (0.5/200)) = log2(16) = 4
        assert _one(4, 0).loc[("x", "y", "war"), "log_ratio"] == pytest.approx(4.0)

    def test_log_odds_by_hand(self):
        # Monroe et al. (2008) eq. 16 with alpha_w = corpus count 12, alpha_0 = corpus size 300:
        # delta = ln(22 / 378) - ln(14 / 486) = -2.843852 - (-3.547151) = 0.703300
        # var = 1/22 + 1/14 = 0.116883;  z = 0.703300 / 0.341882 = 2.057143
        row = _one(10, 2).loc[("x", "y", "war")]
        assert row["log_odds"] == pytest.approx(math.log(22 / 378) - math.log(14 / 486))
        assert row["log_odds"] == pytest.approx(0.703300, abs=1e-6)
        assert row["log_odds_z"] == pytest.approx(2.057143, abs=1e-6)

    def test_prior_scale(self):
        # alpha_0 = 30 -> alpha_w = 30 * 12/300 = 1.2: ln(11.2/118.8) - ln(3.2/226.8)
        row = _one(10, 2, prior_scale=30).loc[("x", "y", "war")]
        assert row["log_odds"] == pytest.approx(math.log(11.2 / 118.8) - math.log(3.2 / 226.8))

    def test_rates(self):
        row = _one(10, 2).loc[("x", "y", "war")]
        assert (row["per_1000_target"], row["per_1000_reference"]) == (100.0, 10.0)

    def test_bh_by_hand(self):
        # Benjamini-Hochberg on (0.01, 0.04, 0.03): ranks 1,3,2 -> 0.03, min(0.045, 0.04), 0.04
        p = np.array([0.01, 0.04, 0.03])
        assert _adjust(p, np.zeros(3, int), "fdr_bh") == pytest.approx([0.03, 0.04, 0.04])
        assert _adjust(p, np.zeros(3, int), "bonferroni") == pytest.approx([0.03, 0.12, 0.09])
        # corrections apply within each group
        assert _adjust(p, np.array([0, 1, 1]), "bonferroni") == pytest.approx([0.01, 0.08, 0.06])

    def test_rest_equals_pairwise_for_two_articles(self):
        counts = pd.DataFrame({"article_id": ["x", "x", "y"], "term": ["a", "b", "a"], "count": [3, 1, 5]})
        out = contrast_counts(counts)
        pair = out[out["reference"] == "y"].drop(columns="reference").reset_index(drop=True)
        rest = out[(out["target"] == "x") & (out["reference"] == "rest")].drop(columns="reference")
        pd.testing.assert_frame_equal(pair, rest.reset_index(drop=True))

    def test_rest_pools_the_others(self):
        counts = pd.DataFrame({"article_id": ["x", "y", "z"], "term": "a", "count": [3, 1, 2]})
        out = contrast_counts(counts, totals=pd.Series({"x": 10, "y": 10, "z": 20}), reference="rest")
        row = out[out["target"] == "x"].iloc[0]
        assert (row["count_reference"], row["total_reference"]) == (3, 30)

    @pytest.mark.parametrize("kw, msg", [({"reference": "all"}, "reference"), ({"correction": "holm"}, "correction"),
                                         ({"zero": 0}, "zero = 0"), ({"prior_scale": -1}, "prior_scale")])
    def test_bad_arguments(self, kw, msg):
        counts = pd.DataFrame({"article_id": ["x"], "term": ["a"], "count": [1]})
        with pytest.raises(ValueError, match=msg):
            contrast_counts(counts, **kw)

    def test_single_article_is_empty(self):
        out = contrast_counts(pd.DataFrame({"article_id": ["x"], "term": ["a"], "count": [1]}))
        assert out.empty and "g2" in out.columns

    @settings(max_examples=40, deadline=None)
    @given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)), min_size=1, max_size=6))
    def test_antisymmetry_and_scipy_agreement(self, pairs):
        pairs = [(a, b) for a, b in pairs if a + b > 0] or [(1, 0)]
        terms = [f"t{i}" for i in range(len(pairs))]
        counts = pd.DataFrame({"article_id": ["x"] * len(pairs) + ["y"] * len(pairs), "term": terms * 2,
                               "count": [a for a, _ in pairs] + [b for _, b in pairs]})
        totals = pd.Series({"x": sum(a for a, _ in pairs) + 5, "y": sum(b for _, b in pairs) + 5})
        out = contrast_counts(counts, totals=totals, reference="pairwise").set_index(["target", "term"])
        for t, (a, b) in zip(terms, pairs):
            xy, yx = out.loc[("x", t)], out.loc[("y", t)]
            assert xy["g2"] == pytest.approx(-yx["g2"], abs=1e-9)
            assert xy["log_ratio"] == pytest.approx(-yx["log_ratio"])
            assert xy["log_odds_z"] == pytest.approx(-yx["log_odds_z"])
            table = [[a, totals["x"] - a], [b, totals["y"] - b]]
            expected = chi2_contingency(table, correction=False, lambda_="log-likelihood").statistic
            assert abs(xy["g2"]) == pytest.approx(expected, abs=1e-7)


_TERM_WORDS = ["Putin\u2019s", "putin's", "PUTIN", "war", "War", "the", "The", "in", "2022", "50%", "U.S.", "didn't",
               "x", "ab", "co-op", "O'Brien", "\u00e9lite", "_x", "--", ".", ","]


def _reference_term_counts(data, *, stopwords=False, numbers=False, min_length=2):
    """Token by token, then pandas: the count of each (article_id, term)."""
    import re
    from collections import Counter

    from geoanalysis.model import as_articles

    rows = []
    for article in as_articles(data):
        for tok in article.tokens:
            if not tok.is_alpha or (tok.is_stop and not stopwords):
                continue
            term = tok.norm[:-2] if tok.norm.endswith("'s") and len(tok.norm) > 2 else tok.norm
            if (len(term) >= min_length and re.match(r"(?!n't\Z)[^\W_][\w.'-]*\Z", term)
                    and (numbers or re.search(r"[^\W\d_]", term))):
                rows.append((article.id, term))
    if not rows:
        return pd.DataFrame({"article_id": pd.Series(dtype=str), "term": pd.Series(dtype=str),
                             "count": pd.Series(dtype="int64")})
    counts = sorted(Counter(rows).items())
    return pd.DataFrame({"article_id": [k[0] for k, _ in counts], "term": [k[1] for k, _ in counts],
                         "count": np.array([n for _, n in counts], dtype=np.int64)})


class TestTermCounts:
    def test_normalized_content_words(self):
        a = make_article("Putin\u2019s war. The war didn't end in 2022.", id="a")
        assert term_counts(a).to_dict("records") == [
            {"article_id": "a", "term": "end", "count": 1},
            {"article_id": "a", "term": "putin", "count": 1},
            {"article_id": "a", "term": "war", "count": 2},
        ]

    def test_options(self):
        a = make_article("The war in 2022.", id="a")
        assert set(term_counts(a, stopwords=True, numbers=True)["term"]) == {"the", "war", "in", "2022"}
        with pytest.raises(ValueError, match="min_length = 0"):
            term_counts(a, min_length=0)

    def test_reduction(self, corpus):
        whole = term_counts(corpus)
        parts = pd.concat([term_counts(a) for a in corpus]).groupby(["article_id", "term"], as_index=False)["count"].sum()
        pd.testing.assert_frame_equal(whole.reset_index(drop=True), parts)

    @settings(max_examples=80, deadline=None)
    @given(st.lists(st.tuples(st.sampled_from(["a", "b", "c"]), st.lists(st.sampled_from(_TERM_WORDS), max_size=30)),
                    min_size=1, max_size=3),
           st.booleans(), st.booleans(), st.integers(1, 6))
    def test_equals_token_by_token_count(self, docs, stopwords, numbers, min_length):
        arts = [make_article(" ".join(words), id=aid) for aid, words in docs]  # ids may repeat
        for data in (arts, arts[0]):
            got = term_counts(data, stopwords=stopwords, numbers=numbers, min_length=min_length)
            ref = _reference_term_counts(data, stopwords=stopwords, numbers=numbers, min_length=min_length)
            assert got.equals(ref) and list(got.dtypes) == list(ref.dtypes)




def test_comparison_groups():
    assert comparison_groups(["b", "a"], "pairwise") == [("b", "a", ("a",)), ("a", "b", ("b",))]
    assert comparison_groups(["a"], "both") == []
    with pytest.raises(ValueError, match="reference = 'x'"):
        comparison_groups(["a"], "x")


@pytest.fixture(scope="module")
def table(corpus):
    k = keyness(corpus)
    return k[k["reference"] == "rest"].set_index(["target", "term"])


class TestDefaultCorpus:
    def test_opinion_argues_with_must(self, table):
        row = table.loc[(OPINION, "must")]
        assert (row["count_target"], row["count_reference"]) == (5, 0)
        assert row["g2"] > 0 and row["log_ratio"] > 2

    def test_distinctive_terms(self, table):
        assert table.loc[(OPINION, "europe"), ["count_target", "count_reference"]].tolist() == [7, 0]
        assert table.loc[(REPORT, "china"), ["count_target", "count_reference"]].tolist() == [5, 0]
        assert table.loc[(REPORT, "economic"), "g2"] > 0 and table.loc[(REPORT, "trade"), "g2"] > 0

    def test_p_adjusted_not_below_p(self, table):
        assert (table["p_adjusted"] >= table["p_value"] - 1e-12).all()

    def test_deterministic(self, corpus):
        assert keyness(corpus).to_csv() == keyness(list(corpus)).to_csv()

    def test_min_count(self, corpus):
        k = keyness(corpus, min_count=3)
        assert (k["count_target"] + k["count_reference"] >= 3).all()
