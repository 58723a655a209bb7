"""Tests for geoanalysis.tone: VADER per sentence, per article, per entity, contrasts."""
from __future__ import annotations

import pandas as pd
import pytest

from geoanalysis.config import RAW_DATA_DIR
from geoanalysis.parsing import load_corpus, make_article
from geoanalysis.tone import entity_tone, sentence_tone, tone, tone_contrast

REPORT, OPINION = "000_e51d81372494049d", "002_155cf58b7002bab6"


class Fixed:
    """A stand-in analyzer: compound = the number written in the sentence."""

    def polarity_scores(self, text):
        c = float(text.split()[1])
        return {"neg": 0.0, "neu": 1.0, "pos": 0.0, "compound": c}


@pytest.fixture
def art():
    return make_article("Score 0.5 here. Score -0.2 here. Score 0.0 here.", id="a")


def test_aggregation_by_hand(art):
    s = sentence_tone(art, analyzer=Fixed())
    assert s["label"].tolist() == ["positive", "negative", "neutral"]
    t = tone(s).iloc[0]
    assert t["n_sentences"] == 3
    assert t["mean_compound"] == pytest.approx(0.1)  # (0.5 - 0.2 + 0) / 3
    assert t["median_compound"] == pytest.approx(0.0)
    assert (t["share_positive"], t["share_negative"], t["share_neutral"]) == pytest.approx((1 / 3, 1 / 3, 1 / 3))


def test_threshold(art):
    s = sentence_tone(art, analyzer=Fixed(), threshold=0.3)
    assert s["label"].tolist() == ["positive", "neutral", "neutral"]
    with pytest.raises(ValueError, match="threshold = 1"):
        sentence_tone(art, analyzer=Fixed(), threshold=1)


def test_entity_tone_by_hand(art):
    s = sentence_tone(art, analyzer=Fixed())
    m = pd.DataFrame({"article_id": "a", "part": ["body", "body", "body", "headline"], "sentence_id": [0, 1, 1, 0],
                      "entity_id": "x", "name": "X", "type": "PERSON"})
    e = entity_tone(s, m).iloc[0]
    assert e["n_sentences"] == 2  # a sentence naming it twice counts once; the headline is not scored
    assert e["mean_compound"] == pytest.approx(0.15)


def test_contrast_by_hand():
    s = pd.DataFrame({"article_id": ["a", "a", "b"], "compound": [0.5, 0.6, 0.1]})
    c = tone_contrast(s, reference="pairwise").set_index("target")
    # Mann-Whitney U: both a-values exceed the b-value -> U_a = 2, U_b = 0
    assert c.loc["a", "u_statistic"] == 2 and c.loc["b", "u_statistic"] == 0
    assert c.loc["a", "difference"] == pytest.approx(0.45)


def test_real_vader_per_sentence():
    s = sentence_tone(make_article("Peace is wonderful. The war is a terrible tragedy.", id="a"))
    assert s["label"].tolist() == ["positive", "negative"]


class TestDefaultCorpus:
    @pytest.fixture(scope="class")
    @classmethod
    def sent(cls):
        return sentence_tone(load_corpus(RAW_DATA_DIR))

    def test_one_row_per_sentence(self, sent):
        assert sent.groupby("article_id").size().to_dict() == {REPORT: 17, OPINION: 47}

    def test_clinton_precedent_is_negative(self, sent):
        corpus = load_corpus(RAW_DATA_DIR)
        sid = next(s.id for s in corpus[OPINION].sentences if "terrible, terrible precedent" in s.text)
        assert sent.set_index(["article_id", "sentence_id"]).loc[(OPINION, sid), "compound"] < -0.5

    def test_opinion_has_more_neutral_sentences(self, sent):
        t = tone(sent).set_index("article_id")
        assert t.loc[OPINION, "share_neutral"] > t.loc[REPORT, "share_neutral"]
