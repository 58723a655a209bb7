"""Tests for geoanalysis.stance: hedges, boosters, normative modals, person reference, questions, imperatives."""
from __future__ import annotations

import pytest

from geoanalysis.config import RAW_DATA_DIR
from geoanalysis.parsing import load_corpus, make_article
from geoanalysis.stance import CATEGORIES, stance, stance_contrast, stance_evidence, stance_hits, stance_lexicon

REPORT, OPINION = "000_e51d81372494049d", "002_155cf58b7002bab6"


def _hits(text, **kw):
    return stance_hits(make_article(text, id="a"), **kw)[["category", "surface"]].values.tolist()


class TestHits:
    def test_categories(self):
        text = "We must act now. Perhaps you need to wait? Clearly it will work. Consider the cost."
        assert _hits(text) == [["first_person", "We"], ["normative", "must"], ["hedge", "Perhaps"],
                               ["second_person", "you"], ["normative", "need to"], ["question", "?"],
                               ["booster", "Clearly"], ["imperative", "Consider"]]

    def test_quotes_excluded_by_default(self):
        text = 'He said "we must stop." It may rain.'
        assert _hits(text) == [["hedge", "may"]]
        assert _hits(text, exclude_quotes=False) == [["first_person", "we"], ["normative", "must"], ["hedge", "may"]]

    @pytest.mark.parametrize("text", [
        "Should Trump choose to act, he could win.",   # conditional inversion: "could" only
        "He chose to lead rather than follow; he could win.",  # "rather than" is a connective
        "The US and the EU met in May; he could win.",  # names, not pronoun/hedge
    ])
    def test_non_markers(self, text):
        assert _hits(text) == [["hedge", "could"]]

    def test_question_about_should(self):
        assert _hits("Should we go?") == [["normative", "Should"], ["first_person", "we"], ["question", "?"]]


class TestRates:
    def test_rates_by_hand(self):
        a = make_article("We must act. They must wait and see.", id="a")  # 8 words, 2 normative hits
        t = stance(a).set_index("category")
        assert list(t.index) == list(CATEGORIES)
        assert t.loc["normative", ["hits", "n_sentences", "n_words"]].tolist() == [2, 2, 8]
        assert t.loc["normative", "per_1000"] == pytest.approx(250.0)
        assert t.loc["normative", "share_sentences"] == pytest.approx(1.0)
        assert t.loc["booster", "hits"] == 0

    def test_quoted_words_leave_the_denominator(self):
        a = make_article('He said "we must stop now."', id="a")  # 6 words, 4 quoted
        assert stance(a)["n_words"].iloc[0] == 2
        assert stance(a, exclude_quotes=False)["n_words"].iloc[0] == 6

    def test_lexicon_documented_categories(self):
        assert set(stance_lexicon()["category"]) == set(CATEGORIES) - {"question"}


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(RAW_DATA_DIR)


class TestDefaultCorpus:
    def test_opinion_argues_with_must_report_never(self, corpus):
        t = stance(corpus).set_index(["article_id", "category"])
        assert t.loc[(OPINION, "normative"), "hits"] == 5  # 4 x must + "It should also remind Trump"
        assert t.loc[(REPORT, "normative"), "hits"] == 0
        ev = stance_evidence(corpus)
        musts = ev[(ev["article_id"] == OPINION) & (ev["category"] == "normative")]
        assert musts["sentence_id"].tolist() == [5, 13, 40]
        assert "the killing must stop" not in " ".join(musts["text"])  # Trump's words, quoted

    def test_first_person_only_in_quoted_speech(self, corpus):
        t = stance(corpus).set_index(["article_id", "category"])
        assert t.loc[(OPINION, "first_person"), "hits"] == 0
        q = stance(corpus, exclude_quotes=False).set_index(["article_id", "category"])
        assert q.loc[(OPINION, "first_person"), "hits"] == 4  # Clinton: we, I('d), my, I (think)

    def test_contrast_normative(self, corpus):
        c = stance_contrast(stance(corpus), reference="rest").set_index(["target", "category"])
        assert c.loc[(OPINION, "normative"), "g2"] > 0 and c.loc[(REPORT, "normative"), "g2"] < 0


def test_contrast_without_any_hit():
    arts = [make_article("Plain words.", id="a"), make_article("Other words.", id="b")]
    c = stance_contrast(stance(arts))
    assert c.empty and "g2" in c.columns
