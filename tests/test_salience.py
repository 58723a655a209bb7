"""Tests for geoanalysis.salience: per-article prominence and pairwise / one-vs-rest comparison."""
from __future__ import annotations

import pandas as pd
import pytest

from geoanalysis.config import RAW_DATA_DIR
from geoanalysis.entities import extract_mentions
from geoanalysis.parsing import load_corpus, make_article
from geoanalysis.salience import entity_salience, salience

REPORT, OPINION = "000_e51d81372494049d", "002_155cf58b7002bab6"
COLS = "article_id part sentence_id paragraph_id start end surface entity_id name type".split()


@pytest.fixture
def toy():
    a = make_article("Putin met Xi and Modi.\n\nPutin left. Xi stayed. Putin spoke.", id="a", title="Putin and Xi")
    b = make_article("Xi spoke. Kim nodded.", id="b")
    rows = []
    for art in (a, b):
        for name in ("Putin", "Xi", "Modi", "Kim"):
            start = art.text.find(name)
            while start >= 0:
                s = art.sentence_at(start)
                rows.append((art.id, "body", s.id, s.paragraph_id, start, start + len(name), name, "p:" + name.lower(),
                             name, "PERSON"))
                start = art.text.find(name, start + 1)
    rows.append(("a", "headline", 0, 0, 0, 5, "Putin", "p:putin", "Putin", "PERSON"))
    return [a, b], pd.DataFrame(rows, columns=COLS).sort_values(["article_id", "part", "start"])


def test_entity_salience_by_hand(toy):
    arts, m = toy
    t = entity_salience(arts, m).set_index(["article_id", "entity_id"])
    # article a: 11 words; Putin 3, Xi 2, Modi 1
    assert t.loc[("a", "p:putin"), ["count", "rank", "in_headline", "in_lead", "first_sentence_id"]].tolist() == [
        3, 1.0, True, True, 0]
    assert t.loc[("a", "p:putin"), "per_1000"] == pytest.approx(3000 / 11)
    assert t.loc[("a", "p:xi"), "first_position"] == pytest.approx(10 / len(arts[0].text))
    assert not t.loc[("a", "p:xi"), "in_headline"]  # the title says "Xi" but no headline mention was given
    assert t.loc[("a", "p:modi"), "rank"] == 3.0
    assert t.loc[("b", "p:xi"), "rank"] == t.loc[("b", "p:kim"), "rank"] == 1.0  # tie: competition rank
    assert t.loc[("a", "p:xi"), "n_articles"] == 2 and t.loc[("a", "p:modi"), "n_articles"] == 1


def test_salience_pairwise_by_hand(toy):
    arts, m = toy
    t = salience(arts, m, reference="pairwise")
    ab = t[t["target"] == "a"].set_index("entity_id")
    assert ab["status"].to_dict() == {"p:xi": "shared", "p:putin": "target_only", "p:modi": "target_only",
                                      "p:kim": "reference_only"}
    assert ab.loc["p:xi", ["count_target", "count_reference", "rank_target", "rank_reference", "rank_diff"]].tolist() \
        == [2, 1, 2.0, 1.0, -1.0]
    assert ab.loc["p:xi", "per_1000_reference"] == pytest.approx(250.0)  # 1 of 4 words


def test_rest_equals_pairwise_for_two(toy):
    arts, m = toy
    t = salience(arts, m)
    pair = t[t["reference"] == "b"].drop(columns="reference").reset_index(drop=True)
    rest = t[(t["target"] == "a") & (t["reference"] == "rest")].drop(columns="reference").reset_index(drop=True)
    pd.testing.assert_frame_equal(pair, rest)


def test_no_mentions(toy):
    arts, m = toy
    assert entity_salience(arts, m.iloc[0:0]).empty
    assert salience(arts, m.iloc[0:0]).empty


class TestDefaultCorpus:
    @pytest.fixture(scope="class")
    @classmethod
    def table(cls):
        corpus = load_corpus(RAW_DATA_DIR)
        t = salience(corpus, extract_mentions(corpus), reference="pairwise")
        return t[t["target"] == OPINION].set_index("entity_id")

    def test_actors_named_by_one_article_only(self, table):
        only_opinion = set(table.index[table["status"] == "target_only"])
        only_report = set(table.index[table["status"] == "reference_only"])
        assert {"person:hillary-clinton", "person:sergei-lavrov", "person:steve-witkoff"} <= only_opinion
        assert {"person:narendra-modi", "country:CHN", "country:PRK"} <= only_report

    def test_trump_leads_the_opinion_russia_the_report(self, table):
        assert table.loc["person:donald-trump", "rank_target"] == 1
        assert table.loc["country:RUS", "rank_reference"] == 1
        assert table.loc["person:donald-trump", "rank_diff"] > 0
