"""Tests for geoanalysis.frames: lexicon matching, frame rates, evidence, contrasts."""
from __future__ import annotations

import pandas as pd
import pytest

from geoanalysis.config import RAW_DATA_DIR
from geoanalysis.frames import FRAMES, frame_evidence, frame_hits, frames, frames_contrast, frames_lexicon, match_lexicon
from geoanalysis.parsing import load_corpus, make_article

REPORT, OPINION = "000_e51d81372494049d", "002_155cf58b7002bab6"
LEX = pd.DataFrame({"frame": ["a", "a", "b"], "term": ["sanction*", "hold the key", "hold"], "item": "x"})


class TestMatch:
    def test_prefix_and_phrase_longest_wins(self):
        art = make_article("Sanctioned firms hold the key. They hold out.", id="t")
        hits = match_lexicon(art, LEX, key="frame")
        assert hits[["frame", "term", "surface", "sentence_id"]].values.tolist() == [
            ["a", "sanction*", "Sanctioned", 0], ["a", "hold the key", "hold the key", 0], ["b", "hold", "hold", 1]]

    def test_phrase_does_not_cross_sentences(self):
        assert match_lexicon(make_article("They hold. The key.", id="t"), LEX, key="frame")["term"].tolist() == ["hold"]

    def test_skip_spans(self):
        art = make_article('"Sanctions" work.', id="t")
        assert match_lexicon(art, LEX, key="frame", skip=[(0, 11)]).empty


class TestFrames:
    def test_rates_by_hand(self):
        art = make_article("Sanctions hurt trade. The war goes on and on.", id="t")  # 9 words
        t = frames(art).set_index("frame")
        assert list(t.index) == list(FRAMES)
        assert t.loc["economic", ["hits", "n_sentences", "n_words"]].tolist() == [2, 1, 9]
        assert t.loc["economic", "per_1000"] == pytest.approx(2000 / 9)
        assert t.loc["conflict", "share_sentences"] == pytest.approx(0.5)
        assert t.loc["morality", "hits"] == 0

    def test_evidence(self):
        art = make_article("Sanctions hurt trade. The war goes on.", id="t")
        ev = frame_evidence(art)
        assert ev[["frame", "sentence_id", "n_hits", "terms", "text"]].values.tolist() == [
            ["conflict", 1, 1, "war", "The war goes on."], ["economic", 0, 2, "Sanctions; trade", "Sanctions hurt trade."]]

    def test_lexicon_covers_the_five_frames_and_items(self):
        lex = frames_lexicon()
        assert set(lex["frame"]) == set(FRAMES)
        prefixes = {"responsibility": "R", "human_interest": "H", "conflict": "C", "morality": "M", "economic": "E"}
        assert all(item.startswith(prefixes[f]) for f, item in zip(lex["frame"], lex["item"]))
        assert not lex.duplicated(["frame", "term"]).any()

    def test_empty_article(self):
        t = frames(make_article("", id="e"))
        assert t["hits"].sum() == 0 and len(t) == 5


@pytest.fixture(scope="module")
def table():
    return frames(load_corpus(RAW_DATA_DIR))


class TestDefaultCorpus:
    def test_report_more_economic(self, table):
        t = table.set_index(["article_id", "frame"])
        assert t.loc[(REPORT, "economic"), "per_1000"] > 3 * t.loc[(OPINION, "economic"), "per_1000"]

    def test_morality_only_in_opinion(self, table):
        t = table.set_index(["article_id", "frame"])
        assert t.loc[(REPORT, "morality"), "hits"] == 0 and t.loc[(OPINION, "morality"), "hits"] >= 1

    def test_contrast(self, table):
        c = frames_contrast(table, reference="pairwise").set_index(["target", "reference", "frame"])
        assert c.loc[(REPORT, OPINION, "economic"), "g2"] > 0
        assert c.loc[(REPORT, OPINION, "economic"), "count_target"] == table.set_index(
            ["article_id", "frame"]).loc[(REPORT, "economic"), "hits"]
