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


# --- the fast path against the straightforward computation ----------------------------------------------------

import dataclasses  # noqa: E402

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from hypothesis import example, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from geoanalysis.frames import _in_spans, _match_tokens, _Matcher  # noqa: E402
from geoanalysis.quotes import quote_spans  # noqa: E402
from geoanalysis.stance import HIT_COLUMNS  # noqa: E402

_CLOSERS = "\"'\u201d\u2019)] \n"


def _reference_hits(article, lexicon, exclude_quotes):
    """Stance hits as first written: token by token, every token checked against the quotations."""
    spans = quote_spans(article.text) if exclude_quotes else []
    cats, terms = lexicon["category"].tolist(), lexicon["term"].tolist()
    matcher = _Matcher(tuple((t, (c, t)) for c, t in zip(cats, terms) if c != "imperative"))
    toks = [t for t in article.tokens if t.is_alpha and not _in_spans(t.start, spans)]
    first_tok = {}
    for t in article.tokens:
        if t.is_alpha and t.sentence_id not in first_tok:
            first_tok[t.sentence_id] = t
    first = {k: t.start for k, t in first_tok.items()}
    text, aid, all_toks = article.text, article.id, article.tokens
    index = {t.start: i for i, t in enumerate(all_toks)}
    sentences = {s.id: s for s in article.sentences}
    rows = []
    for i, j, (category, term) in _match_tokens(toks, matcher):
        tok = toks[i]
        start, end, sid = tok.start, toks[j].end, tok.sentence_id
        surface = text[start:end]
        initial = start == first.get(sid)
        if " " not in surface and surface != "I" and (
                (surface[:1].isupper() and not initial) or (len(surface) > 1 and surface.isupper())):
            continue
        if term == "should" and initial and not sentences[sid].text.rstrip(_CLOSERS).endswith("?"):
            continue
        if term == "rather":
            k = index.get(start, -2) + 1
            if (all_toks[index[start] + 1].norm if k < len(all_toks) else "") == "than":
                continue
        rows.append((aid, category, term, sid, start, end, surface))
    imperative = {str(t).lower() for c, t in zip(cats, terms) if c == "imperative"}
    for s in article.sentences:
        stripped = s.text.rstrip(_CLOSERS)
        qpos = s.start + len(stripped) - 1
        if stripped.endswith("?") and not _in_spans(qpos, spans):
            rows.append((aid, "question", "?", s.id, qpos, qpos + 1, "?"))
        elif not stripped.endswith("?"):
            t = first_tok.get(s.id)
            if t is not None and t.norm in imperative and not _in_spans(t.start, spans):
                rows.append((aid, "imperative", t.norm, s.id, t.start, t.end, t.text))
    rows.sort(key=lambda r: (r[4], r[1]))
    columns = list(zip(*rows)) if rows else [()] * len(HIT_COLUMNS)
    words = len(toks)
    return pd.DataFrame({name: np.array(values, dtype=np.int64 if name in ("sentence_id", "start", "end") else object)
                         for name, values in zip(HIT_COLUMNS, columns)}), words


def _reference_stance(articles, exclude_quotes):
    """Rates from the reference hits, with pandas (group, count, reindex on the full grid)."""
    parts = [_reference_hits(a, stance_lexicon(), exclude_quotes) for a in articles]
    hits = pd.concat([p for p, _ in parts], ignore_index=True)
    words = {a.id: n for a, (_, n) in zip(articles, parts)}
    n_sent = {a.id: len(a.sentences) for a in articles}
    grid = pd.MultiIndex.from_product([[a.id for a in articles], list(CATEGORIES)], names=["article_id", "category"])
    g = hits.groupby(["article_id", "category"])
    out = pd.DataFrame({"hits": g.size(), "n_sentences": g["sentence_id"].nunique()}).reindex(grid, fill_value=0)
    out = out.reset_index().astype({"hits": "int64", "n_sentences": "int64"})
    total = out["article_id"].map(n_sent).astype(float)
    out["share_sentences"] = (out["n_sentences"] / total.where(total > 0)).fillna(0.0)
    out["n_words"] = out["article_id"].map(words).astype("int64")
    out["per_1000"] = (1000 * out["hits"] / out["n_words"].where(out["n_words"] > 0)).fillna(0.0)
    return out


_WORDS = ["We", "we", "I", "you", "You", "must", "should", "Should", "may", "May", "US", "perhaps", "Perhaps",
          "rather", "than", "need", "to", "in", "fact", "clearly", "Consider", "consider", "Imagine", "the", "war",
          "\u201cwe", "must\u201d", '"you', 'should"', "\u201c", "\u201d", ".", "?", "!", ",", "\n\n"]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["a", "b"]), st.lists(st.sampled_from(_WORDS), max_size=40)),
                min_size=1, max_size=3), st.booleans(), st.booleans())
@example([("a", ["We", "must", ".", "!", "Consider", "the", "war", "."])], True, False)  # a sentence without words
@example([("a", ["Should", "we", "?", "\u201c", "Should", "you", "\u201d", "rather", "than", "I", "."])], True, False)
def test_fast_path_equals_reference(docs, exclude_quotes, shuffled):
    arts = [make_article(" ".join(words).replace(" .", ".").replace(" ?", "?"), id=aid) for aid, words in docs]
    if shuffled:  # sentences out of text order: tokens too (the paths that do not assume text order)
        arts = [dataclasses.replace(a, sentences=tuple(reversed(a.sentences))) for a in arts]
    fast = stance(arts, exclude_quotes=exclude_quotes)
    ref = _reference_stance(arts, exclude_quotes)[fast.columns]
    assert fast.equals(ref) and list(fast.dtypes) == list(ref.dtypes)
    for a in arts:
        hits = stance_hits(a, exclude_quotes=exclude_quotes)
        assert hits.equals(_reference_hits(a, stance_lexicon(), exclude_quotes)[0])
    slow = stance(arts, exclude_quotes=exclude_quotes, lexicon=stance_lexicon().copy())  # the hits-table path
    assert fast.equals(slow) and list(fast.dtypes) == list(slow.dtypes)
