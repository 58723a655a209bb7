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


# --- the fast paths against straightforward references -------------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from geoanalysis.frames import _in_spans, _Matcher, _match_tokens, _outside  # noqa: E402
from geoanalysis.model import Token  # noqa: E402

_VOCAB = ["war", "warfare", "the", "key", "keys"]  # few words: entries often compete at a token
_LEX_WORDS = _VOCAB + ["wa*", "war*", "ke*", "*"]


def _naive_match(toks, entries):
    """Every lexicon entry tried at every token: longest, then exact before prefix, then lexicon order."""
    lex = [(str(term).lower().split(), order, values) for order, (term, values) in enumerate(entries)]
    out, i = [], 0
    while i < len(toks):
        best = None
        for words, order, values in lex:
            n = len(words)
            if not n or i + n > len(toks) or toks[i + n - 1].sentence_id != toks[i].sentence_id:
                continue
            if all(toks[i + k].norm.startswith(w[:-1]) if w.endswith("*") else toks[i + k].norm == w
                   for k, w in enumerate(words)):
                key = (-n, words[0].endswith("*"), order)
                if best is None or key < best[0]:
                    best = (key, values)
        if best is None:
            i += 1
            continue
        out.append((i, i + n_words(best) - 1, best[1]))
        i += n_words(best)
    return out


def n_words(best):
    return -best[0][0]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from(_LEX_WORDS), min_size=1, max_size=3).map(" ".join), min_size=1, max_size=12),
    st.lists(st.tuples(st.sampled_from(_VOCAB), st.booleans()), max_size=40),
)
def test_match_tokens_equals_naive_scan(terms, seq):
    entries = tuple((t, ("cat", t)) for t in terms)
    sid, toks = 0, []
    for k, (norm, new_sentence) in enumerate(seq):
        sid += new_sentence
        toks.append(Token(k * 10, k * 10 + len(norm), norm, norm, norm, sid, True, False))
    matcher = _Matcher(entries)
    assert _match_tokens(toks, matcher) == _naive_match(toks, entries)
    assert _match_tokens(toks, matcher) == _naive_match(toks, entries)  # memoized candidates


_WORDS = ["Sanctions", "sanctions", "hurt", "trade", "economy", "war", "attack", "attacked", "crisis", "blame",
          "responsible", "victims", "moral", "the", "in", "fact", "we", "must", "\u201cwar", "talks\u201d", '"war"',
          ".", ",", "?", "\n\n"]


def _text(words):
    return " ".join(words).replace(" .", ".").replace(" ,", ",")


def _reference_rates(hits, articles, key, categories, words):
    """The pandas computation of the rates table (group, count, reindex on the full grid)."""
    ids = [a.id for a in articles]
    n_sent = {a.id: len(a.sentences) for a in articles}
    grid = pd.MultiIndex.from_product([ids, list(categories)], names=["article_id", key])
    g = hits.groupby(["article_id", key])
    out = pd.DataFrame({"hits": g.size(), "n_sentences": g["sentence_id"].nunique()}).reindex(grid, fill_value=0)
    out = out.reset_index()
    out["hits"] = out["hits"].astype("int64")
    out["n_sentences"] = out["n_sentences"].astype("int64")
    total = out["article_id"].map(n_sent).astype(float)
    out["share_sentences"] = (out["n_sentences"] / total.where(total > 0)).fillna(0.0)
    out["n_words"] = out["article_id"].map(words).astype("int64")
    out["per_1000"] = (1000 * out["hits"] / out["n_words"].where(out["n_words"] > 0)).fillna(0.0)
    return out


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["a", "b"]), st.lists(st.sampled_from(_WORDS), max_size=40)),
                min_size=1, max_size=3))
def test_frames_fast_path_equals_reference(docs):
    arts = [make_article(_text(words), id=aid) for aid, words in docs]  # ids may repeat
    fast = frames(arts)
    words = {a.id: sum(1 for t in a.tokens if t.is_alpha) for a in arts}
    ref = _reference_rates(frame_hits(arts), arts, "frame", FRAMES, words)[fast.columns]
    assert fast.equals(ref) and list(fast.dtypes) == list(ref.dtypes)
    slow = frames(arts, lexicon=frames_lexicon().copy())  # the hits-table path
    assert fast.equals(slow) and list(fast.dtypes) == list(slow.dtypes)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=40), st.booleans())
def test_outside_equals_in_spans(words, ordered):
    from geoanalysis.quotes import quote_spans

    art = make_article(_text(words), id="a")
    spans = quote_spans(art.text)
    alpha = [t for t in art.tokens if t.is_alpha]
    assert _outside(alpha, spans, len(art.text), ordered) == [t for t in alpha if not _in_spans(t.start, spans)]
