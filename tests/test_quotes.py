"""Tests for geoanalysis.quotes: quotation spans, kinds and speakers."""
from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from geoanalysis.config import RAW_DATA_DIR
from geoanalysis.entities import extract_mentions
from geoanalysis.parsing import load_corpus, make_article
from geoanalysis.quotes import QUOTE_COLUMNS, find_quotes, quote_spans, quotes

REPORT, OPINION = "000_e51d81372494049d", "002_155cf58b7002bab6"


def _mentions(article, spans):
    """A hand-built mentions table: (surface, entity_id, type) found by str.find."""
    rows = []
    for surface, eid, typ in spans:
        start = article.text.find(surface)
        sent = article.sentence_at(start)
        rows.append((article.id, "body", sent.id, sent.paragraph_id, start, start + len(surface), surface, eid,
                     eid.split(":")[1].replace("-", " ").title(), typ, "", "kb"))
    cols = "article_id part sentence_id paragraph_id start end surface entity_id name type country method".split()
    return pd.DataFrame(rows, columns=cols).sort_values("start").reset_index(drop=True)


class TestQuoteSpans:
    def test_curly_straight_and_unclosed(self):
        text = 'A \u201ccurly\u201d and "straight" one. "Unclosed'
        assert [text[s:e] for s, e in quote_spans(text)] == ["\u201ccurly\u201d", '"straight"']

    def test_spans_sentences_not_paragraphs(self):
        text = 'She said \u201cOne. Two.\u201d Then \u201copen\n\nnext para\u201d and \u201cok\u201d.'
        assert [text[s:e] for s, e in quote_spans(text)] == ["\u201cOne. Two.\u201d", "\u201cok\u201d"]

    def test_inch_mark_is_not_an_opening(self):
        assert quote_spans('a 12" screen') == []

    @given(st.text(alphabet='ab "\u201c\u201d\n', max_size=40))
    def test_spans_are_ordered_and_disjoint(self, text):
        spans = quote_spans(text)
        for (s1, e1), (s2, e2) in zip(spans, spans[1:]):
            assert s1 < e1 <= s2 < e2
        for s, e in spans:
            assert text[s] in '"\u201c' and text[e - 1] in '"\u201d' and "\n\n" not in text[s:e]


class TestFindQuotes:
    def test_cue_after_the_quote(self):
        a = make_article("\u201cWe will win,\u201d said Vladimir Putin on Friday.", id="a")
        m = _mentions(a, [("Vladimir Putin", "person:vladimir-putin", "PERSON")])
        q = find_quotes(a, m).iloc[0]
        assert (q["text"], q["kind"], q["cue"], q["speaker_id"], q["attribution"]) == (
            "We will win,", "speech", "said", "person:vladimir-putin", "named")
        assert a.text[q["start"]:q["end"]] == q["text"]

    def test_pronoun_resolves_to_last_person(self):
        a = make_article("Hillary Clinton spoke to NBC. Later, she added, \u201cIf we could do it, Trump would win.\u201d",
                         id="a")
        m = _mentions(a, [("Hillary Clinton", "person:hillary-clinton", "PERSON"), ("NBC", "media:nbc", "MEDIA"),
                          ("Trump", "person:donald-trump", "PERSON")])
        q = find_quotes(a, m).iloc[0]
        assert (q["speaker_id"], q["speaker_surface"], q["cue"], q["attribution"]) == (
            "person:hillary-clinton", "she", "added", "pronoun")

    def test_headlines_map_to_media_in_order(self):
        a = make_article("Headlines in the Times and the Post declared \u201cWar Ends\u201d and \u201cPeace Now.\u201d", id="a")
        m = _mentions(a, [("Times", "media:times", "MEDIA"), ("Post", "media:post", "MEDIA")])
        q = find_quotes(a, m)
        assert q["kind"].tolist() == ["headline", "headline"]
        assert q["speaker_id"].tolist() == ["media:times", "media:post"]

    @pytest.mark.parametrize("text, quoted", [
        ("Analysts call it the \u201cAxis of Upheaval.\u201d", "Axis of Upheaval."),
        ("A deal described as a \u201cno-limits\u201d partnership.", "no-limits"),
        ("They lead a new \u201ccoalition of the willing,\u201d as planned.", "coalition of the willing,"),
    ])
    def test_terms(self, text, quoted):
        q = find_quotes(make_article(text, id="a")).iloc[0]
        assert (q["text"], q["kind"], q["speaker_id"]) == (quoted, "term", "")

    def test_no_quotes(self):
        q = find_quotes(make_article("Nothing quoted here.", id="a"))
        assert q.empty and list(q.columns) == QUOTE_COLUMNS


@pytest.fixture(scope="module")
def default_quotes():
    corpus = load_corpus(RAW_DATA_DIR)
    return quotes(corpus, mentions=extract_mentions(corpus))


class TestDefaultCorpus:
    def _row(self, table, article, prefix):
        rows = table[(table["article_id"] == article) & table["text"].str.startswith(prefix)]
        assert len(rows) == 1, prefix
        return rows.iloc[0]

    def test_counts(self, default_quotes):
        assert default_quotes.groupby("article_id").size().to_dict() == {REPORT: 2, OPINION: 6}

    def test_report_quotes_only_terms(self, default_quotes):
        r = default_quotes[default_quotes["article_id"] == REPORT]
        assert r["text"].tolist() == ["Axis of Upheaval.", "no-limits"]
        assert set(r["kind"]) == {"term"}

    def test_hillary_clinton(self, default_quotes):
        q = self._row(default_quotes, OPINION, "If we could pull that off")
        assert (q["speaker_id"], q["cue"], q["kind"], q["speaker_surface"]) == (
            "person:hillary-clinton", "added", "speech", "she")
        assert q["text"].endswith("terrible, terrible precedent.") and q["end_sentence_id"] == q["sentence_id"] + 1

    def test_trump(self, default_quotes):
        refrain = self._row(default_quotes, OPINION, "the killing must stop")
        weeks = self._row(default_quotes, OPINION, "in two or three weeks")
        assert (refrain["speaker_id"], refrain["kind"], refrain["cue"]) == ("person:donald-trump", "speech", "refrain")
        assert (weeks["speaker_id"], weeks["cue"], weeks["speaker_surface"]) == ("person:donald-trump", "promising", "He")

    def test_headlines_and_terms(self, default_quotes):
        nyt = self._row(default_quotes, OPINION, "Europe Aims to Show")
        wapo = self._row(default_quotes, OPINION, "Encouraged by Trump")
        assert (nyt["kind"], nyt["speaker_id"]) == ("headline", "media:new-york-times")
        assert (wapo["kind"], wapo["speaker_id"]) == ("headline", "media:washington-post")
        assert self._row(default_quotes, OPINION, "coalition of the willing")["kind"] == "term"
