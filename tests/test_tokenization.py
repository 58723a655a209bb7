"""Tokenization: Punkt sentences offline, word tokens with offsets, normalization, stopwords, dates."""
from __future__ import annotations

import datetime as dt
import socket

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geoanalysis import find_dates, normalize, parse_date, split_sentences, stopwords, word_tokens
from geoanalysis.model import Sentence
from geoanalysis.resources import punkt_tokenizer, read_word_list, vader_analyzer
from geoanalysis.tokenization import fold_typography, sentence_table, split_paragraphs, token_table


def texts(s: str) -> list[str]:
    return [x.text for x in split_sentences(s)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("U.S. officials met. Then they left.", ["U.S. officials met.", "Then they left."]),
        ("Gen. Smith arrived in Sept. and spoke. It rained.", ["Gen. Smith arrived in Sept. and spoke.", "It rained."]),
        ("Mr. Putin met Xi. The talks ended.", ["Mr. Putin met Xi.", "The talks ended."]),
        # a sentence that ends with an abbreviation ends there
        ("The deal was signed in the U.S. The talks went on.", ["The deal was signed in the U.S.", "The talks went on."]),
        # closing quotes, straight and curly, stay with their sentence
        ('He said, "it must stop." Then he left.', ['He said, "it must stop."', "Then he left."]),
        ("He said, \u201cit must stop.\u201d Then he left.", ["He said, \u201cit must stop.\u201d", "Then he left."]),
        ("It was \u2018final.\u2019 Nobody agreed.", ["It was \u2018final.\u2019", "Nobody agreed."]),
        # em dashes never split
        ("Putin might meet Zelensky\u2014though only in Moscow. Nobody knows.",
         ["Putin might meet Zelensky\u2014though only in Moscow.", "Nobody knows."]),
        ("Is peace near? Few think so! Talks go on.", ["Is peace near?", "Few think so!", "Talks go on."]),
    ],
)
def test_sentence_boundaries(text, expected):
    assert texts(text) == expected


def test_sentences_never_cross_paragraphs():
    text = "Talks stalled in the\n\nU.N. Security Council today. Russia vetoed."
    sents = split_sentences(text)
    assert [(s.paragraph_id, s.text) for s in sents] == [
        (0, "Talks stalled in the"), (1, "U.N. Security Council today."), (1, "Russia vetoed.")]


def test_split_paragraphs_offsets():
    text = "  One.\n\n\nTwo\nlines.  \n\n"
    paras = split_paragraphs(text)
    assert [(p.id, p.text) for p in paras] == [(0, "One."), (1, "Two\nlines.")]
    assert all(text[p.start : p.end] == p.text for p in paras)


def test_word_tokens_treebank_like():
    toks = word_tokens("Trump\u2019s U.S. envoy didn't go to Russia-North Korea talks (50%) in the 1990s.")
    assert [t.text for t in toks] == ["Trump", "\u2019s", "U.S.", "envoy", "did", "n't", "go", "to",
                                      "Russia-North", "Korea", "talks", "(", "50%", ")", "in", "the", "1990s", "."]


def test_token_forms_and_flags():
    toks = word_tokens("Trump\u2019s \u201cNO-LIMITS\u201d deal.")
    by_text = {t.text: t for t in toks}
    assert by_text["\u2019s"].norm == "'s" and by_text["\u2019s"].lower == "\u2019s"
    assert by_text["NO-LIMITS"].lower == "no-limits" == by_text["NO-LIMITS"].norm
    assert by_text["\u201c"].norm == '"' and not by_text["\u201c"].is_alpha
    assert by_text["deal"].is_alpha and not by_text["deal"].is_stop
    assert word_tokens("the")[0].is_stop


def test_treebank_method_agrees_on_offsets():
    text = "Mr. Lavrov said \u201cno talks\u201d were planned. Kim Jong-Un agreed."
    for method in ("regexp", "treebank"):
        toks = word_tokens(text, method=method)
        assert all(text[t.start : t.end] == t.text for t in toks)
        assert "Lavrov" in [t.text for t in toks]
    with pytest.raises(ValueError, match="method = 'spacy' is invalid"):
        word_tokens(text, method="spacy")  # type: ignore[arg-type]


def test_normalize_matches_curly_and_straight():
    assert normalize("Trump\u2019s") == normalize("Trump's") == "trump's"
    assert normalize("\u201cQuote\u201d\u2014") == '"quote"-'
    assert len(fold_typography("a\u2019b\u201cc\u2014")) == len("a\u2019b\u201cc\u2014")


def test_stopwords_packaged_with_source():
    sw = stopwords()
    assert len(sw) == 179 and {"the", "and", "must", "should"} - sw == {"must"}
    header = open(__import__("geoanalysis.resources", fromlist=["x"]).data_path("stopwords_en.txt")).read(400)
    assert "NLTK" in header and "Source" in header


def test_tables(corpus):
    sents = sentence_table(corpus)
    assert list(sents.columns) == ["article_id", "sentence_id", "paragraph_id", "start", "end", "text", "n_tokens"]
    assert len(sents) == sum(len(a.sentences) for a in corpus)
    toks = token_table(corpus)
    assert len(toks) == sum(len(a.tokens) for a in corpus)
    # counts add up: word tokens per sentence sum to the article's word count
    assert sents.groupby("article_id")["n_tokens"].sum().to_dict() == {a.id: a.n_words for a in corpus}


def test_works_without_network_and_never_downloads(monkeypatch):
    import nltk

    def refuse(*args, **kwargs):
        raise AssertionError("network access attempted")

    monkeypatch.setattr(nltk, "download", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    punkt_tokenizer.cache_clear()
    vader_analyzer.cache_clear()
    assert texts("Gen. Ivanov left. He was tired.") == ["Gen. Ivanov left.", "He was tired."]
    assert vader_analyzer().polarity_scores("a terrible war")["compound"] < 0


def test_abbreviation_list_is_lower_case_without_periods():
    for abbr in read_word_list("abbreviations_en.txt"):
        assert abbr == abbr.lower() and not abbr.endswith(".")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_offsets_slice_back_on_any_text(text):
    sents = split_sentences(text)
    for s in sents:
        assert text[s.start : s.end] == s.text and s.text == s.text.strip() and s.text
    for a, b in zip(sents, sents[1:]):
        assert a.end <= b.start
    toks = word_tokens(text, sentences=sents)
    for t in toks:
        assert text[t.start : t.end] == t.text and not t.text.isspace()
        assert sents[t.sentence_id].start <= t.start < t.end <= sents[t.sentence_id].end


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    "text, expected",
    [
        ("In a September 2, 2025 interview", [("September 2, 2025", "2025-09-02", "day")]),
        ("signed in June 2024, has", [("June 2024", "2024-06", "month")]),
        ("significantly since 2022.", [("since 2022", "2022", "year")]),
        ("on 5 Sept. 2025 and 2025-09-06", [("5 Sept. 2025", "2025-09-05", "day"), ("2025-09-06", "2025-09-06", "day")]),
        ("about 2,000 troops and 1500 shells", []),
        ("February 30, 2025", []),
    ],
)
def test_find_dates(text, expected):
    assert [(m.text, m.iso, m.precision) for m in find_dates(text)] == expected


def test_find_dates_offsets(report):
    for m in find_dates(report.text):
        assert report.text[m.start : m.end] == m.text
    assert [m.iso for m in find_dates(report.text)] == ["2025-09-02", "2024", "2022", "2024-06", "2025-09-02"]


@pytest.mark.parametrize(
    "value, expected",
    [("September 5, 2025", dt.date(2025, 9, 5)), ("2025-09-05T08:30:00+02:00", dt.date(2025, 9, 5)),
     ("Friday, 5 September 2025 10:30 GMT", dt.date(2025, 9, 5)), ("05/09/2025", dt.date(2025, 9, 5)),
     ("World News", None), ("", None), (None, None)],
)
def test_parse_date(value, expected):
    assert parse_date(value) == expected


# --------------------------------------------------------------------------- fast tokenizer = NLTK's
_TRICKY = list("aZé nt'’.-‐‑_09 ,;:!?\"“”()%/\n\t\x1c\x1f\x85\u2028\u00a0\u3000\u0301\u00b2\u203f") + [
    "n't", "don’t", "Gen.", "Sept.", "U.S.", "e.g.", "O'Brien", "1990s", "3.5", "2,000", "--", "..."]


def _nltk_tokens(text: str) -> list[tuple[int, int, str, int]]:
    """Reference: NLTK's RegexpTokenizer with TOKEN_PATTERN, one sentence at a time."""
    from geoanalysis.tokenization import _tokenizer

    out = []
    for sent in split_sentences(text):
        stext = text[sent.start:sent.end]
        out += [(sent.start + s, sent.start + e, stext[s:e], sent.id) for s, e in _tokenizer().span_tokenize(stext)]
    return out


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_TRICKY), max_size=40).map("".join))
def test_word_tokens_equal_nltk_regexp_tokenizer(text):
    from geoanalysis.tokenization import token_starts

    tokens = word_tokens(text)
    assert [(t.start, t.end, t.text, t.sentence_id) for t in tokens] == _nltk_tokens(text)
    assert token_starts(text) == [t.start for t in tokens]


def test_word_tokens_on_separators_and_marks():
    # "\x1c" is whitespace to str.isspace but not to NLTK's regex engine: it separates nothing
    text = "Gen.\x1cSmith and Gen. Jones met e\u0301lite troops."
    assert [t.text for t in word_tokens(text)] == [x[2] for x in _nltk_tokens(text)]
    assert [t.text for t in word_tokens(text)][:4] == ["Gen", ".", "Smith", "and"]
    assert "e\u0301lite" in [t.text for t in word_tokens(text)]


# --------------------------------------------------------------------------- fast paths = their references

_PUNKT_TRICKY = list("aZé .!?\"'“”‘’«»()[]{}-—,;:\n\t\r\x0b\x0c\u2028\x85\x1c\x1f 019") + [
    "U.S.", "Mr.", "Gen.", "e.g.", "J. ", "...", ". . .", "--", "1.", "No.", "St.", "the", "The", "A.", "vs.", "Inc.",
    "said.", "(Reuters)", "ii.", "Sept.", "3.5", "\n\n"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_PUNKT_TRICKY), max_size=60).map("".join))
def test_fast_punkt_equals_nltk_span_tokenize(text):
    from geoanalysis.tokenization import _punkt_spans

    assert _punkt_spans()(text) == list(punkt_tokenizer().span_tokenize(text))


def _reference_split_sentences(text, paragraphs):
    """split_sentences as first written: Sentence(...) per sentence, a paragraph at a time."""
    from geoanalysis.model import Sentence
    from geoanalysis.tokenization import _CLOSERS, _punkt_spans

    out = []
    for para in paragraphs:
        base = para.start
        ptext = text[base : para.end]
        local = []
        for s, e in _punkt_spans()(ptext):
            if local and s < e and ptext[s] in _CLOSERS:
                k = s
                while k < e and ptext[k] in _CLOSERS and (k + 1 == e or ptext[k + 1].isspace()):
                    k += 1
                if k > s:
                    local[-1][1] = k
                    s = k
                    while s < e and ptext[s].isspace():
                        s += 1
            if s < e:
                local.append([s, e])
            elif local:
                local[-1][1] = max(local[-1][1], e)
        out += [Sentence(len(out) + i, base + s, base + e, para.id, text[base + s : base + e])
                for i, (s, e) in enumerate(local)]
    return out


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_PUNKT_TRICKY), max_size=60).map("".join), st.data())
def test_split_sentences_equals_the_reference(text, data):
    from geoanalysis.model import Paragraph

    paragraphs = split_paragraphs(text)
    sents = split_sentences(text)
    assert sents == _reference_split_sentences(text, paragraphs)
    assert all(type(s) is Sentence and text[s.start : s.end] == s.text for s in sents)
    # any paragraph spans, white space at their edges included
    cuts = sorted(data.draw(st.lists(st.integers(0, len(text)), max_size=4)))
    spans = [Paragraph(i, a, b, text[a:b]) for i, (a, b) in enumerate(zip([0] + cuts, cuts + [len(text)]))]
    assert split_sentences(text, spans) == _reference_split_sentences(text, spans)


def test_new_sentences_equal_the_constructor():
    from geoanalysis.tokenization import _new_sentences

    text = "One. Two three."
    built = _new_sentences(text, [0, 5], [4, 15], [0, 2])
    assert built == [Sentence(0, 0, 4, 0, "One."), Sentence(1, 5, 15, 2, "Two three.")]
    assert repr(built[1]) == repr(Sentence(1, 5, 15, 2, "Two three.")) and hash(built[0]) == hash(Sentence(0, 0, 4, 0, "One."))
    assert _new_sentences(text, [], [], []) == []


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_PUNKT_TRICKY), max_size=60).map("".join))
def test_punkt_patterns_match_the_same_with_re(text):
    """The re-compiled Punkt patterns (_as_re) give NLTK's matches on text without _ENGINES_DIFFER characters."""
    import re as std_re

    from geoanalysis.tokenization import _ENGINES_DIFFER, _as_re

    lang = punkt_tokenizer()._lang_vars
    for pattern in (lang.period_context_re(), lang._word_tokenizer_re()):
        pattern = getattr(pattern, "_rx", pattern)
        fast = _as_re(pattern)
        assert isinstance(fast, std_re.Pattern)  # the fast path is the one in use
        if not _ENGINES_DIFFER(text):
            assert [m.regs for m in fast.finditer(text)] == [m.regs for m in pattern.finditer(text)]
            assert fast.findall(text) == pattern.findall(text)


def test_as_re_keeps_patterns_the_engines_may_read_differently():
    import re as std_re

    import regex

    from geoanalysis.tokenization import _as_re

    for kept in (regex.compile(r"\w+"), regex.compile(r"a", regex.IGNORECASE), regex.compile(r"\p{L}"),
                 regex.compile(r"(?i)a"), regex.compile(r"a", regex.VERSION1)):
        assert _as_re(kept) is kept
    assert isinstance(_as_re(regex.compile(r"\s+(?P<x>\S+)", regex.VERBOSE)), std_re.Pattern)
    plain = std_re.compile("a")
    assert _as_re(plain) is plain


def test_fast_punkt_on_the_default_corpus_and_after_a_parameter_change(corpus):
    from nltk.tokenize.punkt import PunktSentenceTokenizer

    from geoanalysis.tokenization import _FastPunkt, _punkt_spans

    tokenizer = punkt_tokenizer()
    assert isinstance(_punkt_spans().__self__, _FastPunkt)  # the fast path is the one in use
    texts = [p.text for art in corpus for p in art.paragraphs] + [art.text for art in corpus]
    for text in texts:
        assert _punkt_spans()(text) == list(tokenizer.span_tokenize(text))
    text = "They met the envoy from Xyz. Corp officials left."
    before = _punkt_spans()(text)
    tokenizer._params.abbrev_types.add("xyz")  # cached decisions must not outlive a parameter change
    try:
        assert _punkt_spans()(text) == list(tokenizer.span_tokenize(text)) != before
    finally:
        tokenizer._params.abbrev_types.discard("xyz")
    assert _punkt_spans()(text) == before
    # a tokenizer of another class keeps its own method
    class Custom(PunktSentenceTokenizer):
        pass

    custom = Custom(tokenizer._params)
    assert _FastPunkt.for_tokenizer(custom)("A b. C d.") == list(custom.span_tokenize("A b. C d."))


def test_chunk_class_is_the_token_gap_class():
    """str.split() and _CHUNK_RE cut where TOKEN_PATTERN's gaps are: the same characters, all of Unicode."""
    import re as std_re
    import sys

    import regex

    every = "".join(chr(i) for i in range(sys.maxunicode + 1) if not 0xD800 <= i < 0xE000)
    gap = set(regex.findall(r"[\s\x1c-\x1f\x85]", every))
    assert gap == {c for c in every if c.isspace()} == set(std_re.findall(r"\s", every))


_CHUNKY = _TRICKY + ["Gen. Smith", "Mr.", "No. 5", "U.S.", "  ", "\t", "\n\n", "\u00a0", "\x1c", "\u2028", "etc.", "Co.",
                     "don't", "can\u2019t", "'s", "O\u2019Neil", "--", "a.b.c.", "3.5%", "\u0301e"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_CHUNKY), max_size=40).map("".join), st.data())
def test_word_tokens_equal_the_sentence_by_sentence_reference(text, data):
    from geoanalysis.model import Sentence
    from geoanalysis.tokenization import _regexp_tokens, token_starts

    sents = split_sentences(text)
    assert word_tokens(text, sentences=sents) == _regexp_tokens(text, sents)
    # any spans, white space at their edges and a cut inside a chunk included
    cuts = sorted(data.draw(st.lists(st.integers(0, len(text)), max_size=6)))
    spans = [Sentence(i, a, b, 0, text[a:b]) for i, (a, b) in enumerate(zip([0] + cuts, cuts + [len(text)]))]
    tokens = word_tokens(text, sentences=spans)
    assert tokens == _regexp_tokens(text, spans)
    assert token_starts(text, sentences=spans) == [t.start for t in tokens]
    assert all(type(t) is type(r) for t, r in zip(tokens, _regexp_tokens(text, spans)))


def test_n_words_counts_alphanumeric_tokens(corpus):
    for art in corpus:
        assert art.n_words == sum(1 for t in art.tokens if t.is_alpha)


_DATEY = ["September", "Sept.", "sept", "Jan", "May", "may", "June", "of", "since", "in", "by", "mid-", "early", "2",
          "02", "31st", "3rd", "2025", "1999", "2100", "20250", "123", "2025-09-02", "T10:00:00Z", "+02:00", " ", "  ",
          "\n", "\u00a0", ",", ".", "'s", "\u2019s", "-", "(", "a", "_", "\u0662\u0660\u0662\u0665", "\u017fince", "0"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_DATEY), max_size=30).map("".join))
def test_date_matches_equal_finditer(text):
    from geoanalysis.dates import _DATE_RE, _date_matches

    assert [(m.span(), m.group()) for m in _date_matches(text)] == [
        (m.span(), m.group()) for m in _DATE_RE.finditer(text)]


def test_date_matches_equal_finditer_on_the_default_corpus(corpus):
    from geoanalysis.dates import _DATE_RE, _date_matches

    for text in [a.text for a in corpus] + ["2025 2025-09-02 in 2024 June of 2023, 5 May 2022 " * 20]:
        assert [m.span() for m in _date_matches(text)] == [m.span() for m in _DATE_RE.finditer(text)]
