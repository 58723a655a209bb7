"""Tests for geoanalysis.alignment: TF-IDF cosine + entity Jaccard claim alignment."""
from __future__ import annotations

import pandas as pd
import pytest

from geoanalysis.alignment import align_claims, sentence_vectors, unique_claims
from geoanalysis.config import RAW_DATA_DIR
from geoanalysis.entities import extract_mentions
from geoanalysis.parsing import load_corpus, make_article

REPORT, OPINION = "000_e51d81372494049d", "002_155cf58b7002bab6"


@pytest.fixture
def pair():
    return make_article("Alpha beta.", id="a"), make_article("Alpha gamma. Delta.", id="b")


def test_cosine_by_hand(pair):
    # smoothed idf = ln((1+3)/(1+df)) + 1: alpha (df 2) 1.287682, beta/gamma (df 1) 1.693147
    # cos(s_a0, s_b0) = 1.287682^2 / (1.287682^2 + 1.693147^2) = 1.658125 / 4.524872 = 0.366447
    t = align_claims(pair, reference="pairwise", threshold=0.3).set_index(["target", "sentence_id"])
    row = t.loc[("a", 0)]
    assert row["cosine"] == pytest.approx(0.366447, abs=1e-6) and row["score"] == pytest.approx(row["cosine"])
    assert (row["match_article_id"], row["match_sentence_id"], row["matched"]) == ("b", 0, True)
    assert row["shared_terms"] == "alpha"
    assert not t.loc[("b", 1), "matched"] and t.loc[("b", 1), "match_sentence_id"] == -1


def test_entity_jaccard_by_hand(pair):
    m = pd.DataFrame({"article_id": ["a", "a", "b"], "part": "body", "sentence_id": 0,
                      "entity_id": ["x", "y", "x"]})
    t = align_claims(pair, mentions=m, reference="pairwise", entity_weight=0.5)
    row = t.set_index(["target", "sentence_id"]).loc[("a", 0)]
    # jaccard({x, y}, {x}) = 1/2; score = 0.5 * 0.366447 + 0.5 * 0.5
    assert row["entity_jaccard"] == pytest.approx(0.5)
    assert row["score"] == pytest.approx(0.5 * 0.366447 + 0.25, abs=1e-6)
    assert row["shared_entities"] == "x"


def test_vectors_are_unit_length(pair):
    index, matrix, vocab = sentence_vectors(list(pair))
    assert vocab == ["alpha", "beta", "delta", "gamma"]
    assert (abs(matrix.multiply(matrix).sum(axis=1) - 1) < 1e-12).all()


def test_threshold_and_unique(pair):
    t = align_claims(pair, reference="pairwise", threshold=0.5)
    assert not t["matched"].any()
    assert len(unique_claims(t)) == 3
    with pytest.raises(ValueError, match="threshold = 2"):
        align_claims(pair, threshold=2)


def test_rest_names_the_source():
    arts = [make_article("Sanctions on oil.", id="a"), make_article("Nothing here.", id="b"),
            make_article("Oil sanctions bite.", id="c")]
    row = align_claims(arts, reference="rest").set_index("target").loc["a"]
    assert (row["reference"], row["match_article_id"], row["match_sentence_id"]) == ("rest", "c", 0)


class TestDefaultCorpus:
    @pytest.fixture(scope="class")
    @classmethod
    def table(cls):
        corpus = load_corpus(RAW_DATA_DIR)
        return align_claims(corpus, mentions=extract_mentions(corpus), reference="pairwise")

    def test_beijing_meeting_aligned(self, table):
        # report: Xi's meeting in Beijing with Putin and Kim; opinion: Putin's visit with Xi in Beijing alongside Kim
        row = table[(table["target"] == REPORT) & table["text"].str.startswith("This development")].iloc[0]
        assert row["matched"] and row["match_text"].startswith("Putin\u2019s recent visit with Xi Jinping")

    def test_unique_claims(self, table):
        u = unique_claims(table)
        assert u["text"].str.contains("Narendra Modi").any()  # India appears only in the report
        assert u["text"].str.contains("Hungary and Slovakia").any()  # EU resistance only in the opinion piece
