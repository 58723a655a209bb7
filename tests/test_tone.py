"""Tests for geoanalysis.tone: VADER per sentence, per article, per entity, contrasts."""
from __future__ import annotations

import random
import string
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from nltk.sentiment.vader import VaderConstants

from geoanalysis import _vader
from geoanalysis.config import RAW_DATA_DIR
from geoanalysis.parsing import load_corpus, make_article
from geoanalysis.resources import vader_analyzer
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


# --- the fast VADER (geoanalysis._vader) against NLTK's analyzer, the reference ---------------------------------

T = sys.modules["geoanalysis.tone"]  # the module (the package exports the function tone)


def _reference(text):
    s = vader_analyzer().polarity_scores(text)
    return tuple(repr(s[k]) for k in ("neg", "neu", "pos", "compound"))


def _fast(texts):
    return [tuple(map(repr, r)) for r in _vader.vader_scorer().scores(texts)]


def _lexicon_sample():
    lex = sorted(vader_analyzer().lexicon)
    return [w for w in lex if " " not in w]


_LEX = _lexicon_sample()
_MODIFIERS = (sorted(VaderConstants.BOOSTER_DICT) + sorted(VaderConstants.NEGATE)
              + ["but", "BUT", "But", "least", "at", "very", "never", "so", "this", "kind", "of", "sort", "kind of",
                 "the shit", "the bomb", "bad ass", "yeah right", "cut the mustard", "kiss of death", "hand to mouth",
                 "at least", "very least", "never so", "never this", "isn't", "don't", "ain't", "can't", "won't",
                 "N'T", "wasn't", "just enough", "sort of", "kind-of", "kinda"])
_PLAIN = ["the", "a", "I", "war", "peace", "Putin", "said", "on", "x", "-", "5", "officials", "talks", "US",
          "NATO", "and", "2024", "ΟΔΟΣ", "Σ", "ǅ", "ß", "İstanbul", "İ", "café", "naïve", "—", "“good”", "‘bad’",
          "…", "\u00ad", "l", "L"]
_EMOTICONS = [w for w in _LEX if any(c in string.punctuation for c in w)]
_PUNCT = VaderConstants.PUNC_LIST + ["(", ")", "...", "!!!!", "?!", "$", ",,", ".\"", "'s", "—", "'", '"']
_SPACES = [" ", " ", " ", "  ", "\t", "\n", "\u00a0", "\u2003", " \u3000 "]


@st.composite
def _token(draw):
    kind = draw(st.sampled_from(["lex", "lex", "lex", "mod", "mod", "plain", "emoticon", "random"]))
    if kind == "lex":
        tok = draw(st.sampled_from(_LEX))
    elif kind == "mod":
        tok = draw(st.sampled_from(_MODIFIERS))
    elif kind == "plain":
        tok = draw(st.sampled_from(_PLAIN))
    elif kind == "emoticon":
        tok = draw(st.sampled_from(_EMOTICONS))
    else:
        tok = draw(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=4))
    case = draw(st.sampled_from(["keep", "keep", "upper", "title"]))
    if case == "upper":
        tok = tok.upper()
    elif case == "title":
        tok = tok.title()
    glue = draw(st.sampled_from(["none", "none", "before", "after", "both"]))
    if glue in ("before", "both"):
        tok = draw(st.sampled_from(_PUNCT)) + tok
    if glue in ("after", "both"):
        tok = tok + draw(st.sampled_from(_PUNCT))
    return tok


@st.composite
def _sentence(draw):
    tokens = draw(st.lists(_token(), max_size=14))
    if tokens and draw(st.booleans()):
        tokens.append(draw(st.sampled_from(tokens)))  # a repeated word: NLTK scores it in its first context
    out = draw(st.sampled_from(["", "", " ", "\n"]))
    for tok in tokens:
        out += tok + draw(st.sampled_from(_SPACES))
    return out[:-1] if out and draw(st.booleans()) else out


@settings(max_examples=2500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_sentence())
def test_vader_equals_nltk_on_generated_sentences(text):
    """Every score is the same float as NLTK's, on text built to hit every rule of the algorithm."""
    assert _fast([text]) == [_reference(text)]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_sentence(), max_size=80))
def test_vader_batches_equal_nltk(texts):
    """Texts scored together (one lower-casing, split and lookup per batch) as one by one."""
    assert _fast(texts) == [_reference(t) for t in texts]


@pytest.mark.parametrize("text", [
    "", " ", "a", "I . ,", "good", "GOOD bad", "GOOD BAD", "not good", "never so good", "never this bad",
    "not very good", "at least good", "very least good", "the least good", "least good", "kind of good",
    "it was kind of bad", "sort of great", "the shit", "the bomb is here", "cut the mustard wins", "bad ass",
    "yeah right", "kiss of death", "hand to mouth good", "good but bad", "bad, but good!!", "But good",
    "good good GOOD", "Good good", "good, good.", "good!!!!!", "good???", "good?? bad", "good ?!?", ":) :(",
    "(-: great", "don't like it", "it isn't great", "DON'T like", "WITHOUT love", "n't good", "İyi good",
    "good\x00bad", "good\u00a0bad", "ΟΔΟΣ good", "hard to mouth", "just enough good", "so good", "this good",
    "good-" * 3, "'good' \"bad\"", "-good ..good good..", "kind", "kind of", "kind of of good",
])
def test_vader_equals_nltk_on_corner_cases(text):
    assert _fast([text]) == [_reference(text)]
    assert _fast([text, text, "good"]) == [_reference(text), _reference(text), _reference("good")]


def test_vader_long_batches_are_split():
    texts = ["Peace is wonderful.", "The war is a terrible tragedy.", "No comment."] * 50
    assert _fast(texts) == [_reference(t) for t in texts]


def test_vader_polarity_scores_dict():
    scorer = _vader.vader_scorer()
    text = "A terrible, terrible precedent."
    assert scorer.polarity_scores(text) == vader_analyzer().polarity_scores(text)


def test_vader_lexicon_is_nltks():
    assert _vader.vader_scorer().lexicon == vader_analyzer().lexicon


def test_unicode_assumptions():
    """What the fast VADER relies on: lower-casing changes the length of U+0130 only (those sentences go to
    NLTK), keeps white space white space and ASCII punctuation as it is, and makes no ASCII punctuation out of
    other characters; so ``text.lower().split()`` lines up with ``text.split()``, character by character."""
    punct = set(string.punctuation)
    for cp in range(sys.maxunicode + 1):
        c = chr(cp)
        low = c.lower()
        if cp != 0x130:
            assert len(low) == 1, hex(cp)
        assert low.isspace() == c.isspace(), hex(cp)
        if c in punct:
            assert low == c
        else:
            assert not (set(low) & punct), hex(cp)


def test_all_caps_lexicon_tokens_are_their_upper_case():
    """What the plain path of the fast VADER relies on to find ALL-CAPS lexicon words with ``str.upper``: the
    lexicon tokens that lower-cased text can contain are ASCII, and the Kelvin sign (such batches take the
    general path) is the only other character whose lower case is ASCII."""
    scorer = _vader.vader_scorer()
    assert all(t.isascii() or "Þ" in t for t in scorer._hit_set)
    assert [hex(cp) for cp in range(128, sys.maxunicode + 1) if chr(cp).lower().isascii()] == ["0x212a"]
    assert not any("Þ" in chr(cp).lower() for cp in range(sys.maxunicode + 1))
    for text in ["\u212aILL the GOOD", "kill \u212aill", "GOOD good", "good GOOD", ":P :p", "Good"]:
        assert _fast([text]) == [_reference(text)]


def test_token_kinds():
    scorer = _vader.vader_scorer()
    kinds = _vader._TokenKinds(scorer)
    assert kinds["good,"] == "good," and scorer._valences["good,"] == scorer.lexicon["good"]
    assert kinds["x"] == _vader._SINGLE and kinds["officials"] == kinds["the"] == ""
    assert kinds["not"] == kinds["isn't"] == kinds["but"] == kinds["very"] == kinds["kind"] == _vader._NOT_PLAIN
    assert kinds["n't"] == _vader._NOT_PLAIN
    assert set(kinds) == {"good,", "x", "officials", "the", "not", "isn't", "but", "very", "kind", "n't"}


def _synthetic_articles(n: int, words: int = 300, seed: int = 5):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from synthetic import _pools, generate_article, kb_entities

    rng = random.Random(seed)
    pools = _pools(kb_entities())
    return [make_article(generate_article(rng, pools, words, i)[0], id=f"s{i:03d}") for i in range(n)]


@pytest.fixture(scope="module")
def articles():
    return _synthetic_articles(100) + list(load_corpus(RAW_DATA_DIR))


def test_sentence_tone_equals_nltk_on_real_and_synthetic_text(articles):
    """The default (fast) scorer and NLTK's analyzer give the same table, float for float."""
    fast = sentence_tone(articles)
    ref = sentence_tone(articles, analyzer=vader_analyzer())
    assert len(fast) > 2000
    pd.testing.assert_frame_equal(fast, ref, check_exact=True)
    assert [repr(x) for x in fast["compound"]] == [repr(x) for x in ref["compound"]]
    per_article = pd.concat([sentence_tone(a) for a in articles], ignore_index=True)
    pd.testing.assert_frame_equal(per_article, fast, check_exact=True)


def _frames_identical(a, b):
    pd.testing.assert_frame_equal(a, b, check_exact=True)
    assert list(a.columns) == list(b.columns) and a.index.equals(b.index)


def test_tone_fast_path_equals_pandas(articles):
    sent = sentence_tone(articles)
    for frame in [sent, sent[sent["article_id"] == "s001"].reset_index(drop=True), sent.iloc[::-1]]:
        ref = T._summary(frame, ["article_id"])[T.ARTICLE_COLUMNS]
        _frames_identical(tone(frame), ref)
    _frames_identical(tone(articles), T._summary(sent, ["article_id"])[T.ARTICLE_COLUMNS])


def _entity_reference(sentences, mentions):
    body = mentions[mentions["part"] == "body"] if "part" in mentions else mentions
    pairs = body[["article_id", "sentence_id", "entity_id", "name", "type"]].drop_duplicates(
        ["article_id", "sentence_id", "entity_id"])
    merged = pairs.merge(sentences, on=["article_id", "sentence_id"], how="inner")
    out = T._summary(merged, ["article_id", "entity_id", "name", "type"])
    return out[T.ENTITY_COLUMNS].sort_values(["article_id", "entity_id"], kind="mergesort").reset_index(drop=True)


def test_entity_tone_fast_path_equals_pandas(articles):
    from geoanalysis.entities import extract_mentions

    sent = sentence_tone(articles)
    for article in articles[:25] + articles[-2:]:
        s = sentence_tone(article)
        m = extract_mentions(article)
        _frames_identical(entity_tone(s, m), _entity_reference(s, m))
    m = extract_mentions(articles)
    _frames_identical(entity_tone(sent, m), _entity_reference(sent, m))


@st.composite
def _tables(draw):
    n_articles = draw(st.integers(1, 3))
    rows = []
    for a in range(n_articles):
        for sid in range(draw(st.integers(0, 6))):
            c = draw(st.sampled_from([0.0, 0.5, -0.5, 0.25, 0.1, -0.3, 0.9999, 1e-3, 0.3333, -0.0]))
            rows.append((f"a{a}", sid, c))
    sentences = pd.DataFrame({
        "article_id": pd.Series([r[0] for r in rows], dtype=object),
        "sentence_id": pd.Series([r[1] for r in rows], dtype="int64"),
        "neg": 0.0, "neu": 1.0, "pos": 0.0,
        "compound": pd.Series([r[2] for r in rows], dtype="float64"),
    })
    sentences["label"] = np.where(sentences["compound"] >= 0.05, "positive",
                                  np.where(sentences["compound"] <= -0.05, "negative", "neutral")).astype(object)
    entities = st.sampled_from(["x", "y", "z", "w", "v"])
    parts = st.sampled_from(["body", "body", "body", "headline"])
    mrows = draw(st.lists(st.tuples(st.integers(0, n_articles), st.integers(0, 7), entities, parts), max_size=40))
    if draw(st.booleans()):  # sentence ids far apart: coded by rank, not by offset
        wide = [-2**62, -5, 0, 3, 2**33, 2**40, 2**61, 2**62 + 7]
        rows = [(a, wide[sid], c) for a, sid, c in rows]
        mrows = [(r[0], wide[r[1]], *r[2:]) for r in mrows]
    # "v" has two names: an entity id does not always name one (name, type)
    names = {"x": ("X", "PERSON"), "y": ("Y", "ORG"), "z": ("Z", "COUNTRY"), "w": ("W", "CITY"),
             "v": draw(st.sampled_from([("V", "ORG"), ("A", "ORG"), ("V", "CITY")]))}
    if draw(st.booleans()):
        mrows = [r if r[2] != "v" else (r[0], r[1], "v", r[3], draw(st.booleans())) for r in mrows]
    mentions = pd.DataFrame({
        "article_id": pd.Series([f"a{r[0]}" for r in mrows], dtype=object),
        "part": pd.Series([r[3] for r in mrows], dtype=object),
        "sentence_id": pd.Series([r[1] for r in mrows], dtype="int64"),
        "entity_id": pd.Series([r[2] for r in mrows], dtype=object),
        "name": pd.Series([names[r[2]][0] + ("'" if len(r) > 4 and r[4] else "") for r in mrows], dtype=object),
        "type": pd.Series([names[r[2]][1] for r in mrows], dtype=object),
    })
    return sentences, mentions


@settings(max_examples=400, deadline=None)
@given(_tables())
def test_entity_tone_and_tone_fast_paths_equal_pandas_on_random_tables(tables):
    sentences, mentions = tables
    if len(sentences):
        _frames_identical(tone(sentences), T._summary(sentences, ["article_id"])[T.ARTICLE_COLUMNS])
    ref = _entity_reference(sentences, mentions)
    got = entity_tone(sentences, mentions)
    if ref.empty:
        assert got.empty and list(got.columns) == T.ENTITY_COLUMNS
        assert got.dtypes.astype(str).tolist() == ["object"] * 4 + ["int64"] + ["float64"] * 3
    else:
        _frames_identical(got, ref)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 2), st.integers(0, 2**40), st.integers(0, 2**40 - 1)), max_size=30),
       st.sampled_from([3, 2**40 + 1, 2**61]))
def test_int_key_orders_as_the_tuples(rows, size):
    """The one-integer keys of the entity tone compare as the tuples of codes, also when re-ranked to fit."""
    codes = [(np.array([r[k] for r in rows], dtype=np.int64), s) for k, s in enumerate((3, size, 2**40))]
    codes[1] = (codes[1][0] % size, size)
    key, n = T._int_key(codes)
    tuples = list(zip(*(c.tolist() for c, _ in codes)))
    assert key.dtype == np.int64 and (key < n).all() and n < 2**63
    for i in range(len(rows)):
        for j in range(len(rows)):
            assert (key[i] < key[j]) == (tuples[i] < tuples[j]) and (key[i] == key[j]) == (tuples[i] == tuples[j])


def test_offsets_order_as_the_values():
    values = np.array([5, -2**62, 2**62, 5, 0], dtype=np.int64)
    codes, n = T._offsets(values)
    assert codes.tolist() == [2, 0, 3, 2, 1] and n == 4
    codes, n = T._offsets(np.array([7, 3, 9], dtype=np.int64))
    assert codes.tolist() == [4, 0, 6] and n == 7


def test_importing_tone_does_not_import_scipy_stats():
    """scipy.stats (about a second to import) is imported by tone_contrast, when first used."""
    import subprocess

    code = "import sys, geoanalysis.tone; sys.exit('scipy.stats' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_means_of_one_and_two_values_as_kahan():
    rng = random.Random(0)
    for _ in range(2000):
        a, b = rng.uniform(-1, 1), rng.choice([rng.uniform(-1, 1), -0.0, 0.0, 1e-17])
        assert repr(T._mean([a])) == repr(0.0 + a)
        assert repr(T._mean([a, b])) == repr((0.0 + a + b) / 2)
    assert repr(T._mean([-0.0])) == repr(0.0 + -0.0)


def test_frame_falls_back_to_the_public_constructor(articles, monkeypatch):
    s = sentence_tone(articles[:3])
    monkeypatch.setattr(T, "_BLOCKS_OK", False)
    _frames_identical(sentence_tone(articles[:3]), s)
    monkeypatch.setattr(T, "_BLOCKS_OK", None)  # first use again: checked against the constructor
    _frames_identical(sentence_tone(articles[:3]), s)
    assert T._BLOCKS_OK is True


def test_entity_tone_orders_by_the_whole_key():
    """One entity id with two names: the groups are ordered by (article, entity, name, type), not by entity."""
    sentences = pd.DataFrame({"article_id": ["a"] * 3, "sentence_id": [0, 1, 2], "neg": 0.0, "neu": 1.0,
                              "pos": 0.0, "compound": [0.5, -0.5, 0.2],
                              "label": ["positive", "negative", "positive"]})
    mentions = pd.DataFrame({"article_id": ["a"] * 4, "part": "body", "sentence_id": [0, 1, 2, 2],
                             "entity_id": ["v", "v", "b", "v"], "name": ["W", "V", "B", "W"],
                             "type": ["ORG"] * 4})
    got = entity_tone(sentences, mentions)
    _frames_identical(got, _entity_reference(sentences, mentions))
    assert got[["entity_id", "name", "n_sentences"]].values.tolist() == [["b", "B", 1], ["v", "V", 1], ["v", "W", 2]]
