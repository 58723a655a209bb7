"""Hypothesis fuzzing of every reader and of extract_mentions: never crash, offsets always slice back.

The ``slow`` tests run 10,000 examples each (CI runs them); the quick ones
run the same properties on 150 examples.
"""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geoanalysis.entities import MENTION_COLUMNS, extract_mentions
from geoanalysis.model import Article
from geoanalysis.parsing import ParseError, iter_records, make_article, parse_article, parse_file, read_records

from .conftest import records_outcome

FORMATS = ["text", "markdown", "html", "json", "csv"]
EXTENSIONS = [".txt", ".md", ".html", ".json", ".jsonl", ".csv", ".tsv"]

# text that looks like news: names from the knowledge base, markup, quotes, odd characters
WORDS = st.sampled_from([
    "Putin", "Xi", "Russia", "China", "U.S.", "NATO", "the", "Kremlin", "said", "\u201cWe", "won\u2019t\u201d",
    "Zelensky", "Kyiv", "Beijing", "North Korea", "Kim Jong Un", "<p>", "</p>", "<script>", "# ", "**", "\n",
    "\n\n", ".", ",", "\"", "{", "}", "[", "]", "By", "Edited by:", "September 2, 2025", "2024", "\u00a0",
    "\u200b", "\ufeff", "e\u0301", "\U0001f600", "\x00", "\r\n", "\t", "&amp;", "&lt;", "Sources:", "-", "\u2014",
    # front matter (YAML, TOML)
    "---\n", "\n---\n", "+++\n", "\n+++\n", "title:", "author: [", "date = 2025-09-02", "- Jane Doe", "&anchor", "*anchor",
])
NEWSY = st.lists(WORDS, max_size=30).map(" ".join)
TEXT = st.one_of(NEWSY, st.text(max_size=200))
QUICK = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=10_000, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check_article(article: Article) -> None:
    for p in article.paragraphs:
        assert article.text[p.start:p.end] == p.text
    for s in article.sentences:
        assert article.text[s.start:s.end] == s.text
        assert 0 <= s.paragraph_id < max(len(article.paragraphs), 1)
    for t in article.tokens:
        assert article.text[t.start:t.end] == t.text


def _reader_property(text: str, fmt: str) -> None:
    try:
        article = parse_article(text, format=fmt)
    except ParseError:
        return
    except FileNotFoundError:
        # documented: a one-line string that looks like a path ("0.JSON") is read as a path
        assert "\n" not in text
        return
    _check_article(article)


def _file_property(tmp_path, data: bytes, ext: str) -> None:
    path = tmp_path / f"fuzz{ext}"
    path.write_bytes(data)
    # the reader that takes a records file a line at a time finds what the whole file holds
    assert records_outcome(lambda: iter_records(path)) == records_outcome(lambda: read_records(path))
    try:
        items = parse_file(path)
    except ParseError:
        return
    for item in items:
        if isinstance(item, Article):
            _check_article(item)
        else:
            assert isinstance(item, ParseError) and item.reason


def _mentions_property(body: str, title: str) -> None:
    article = make_article(body, id="f", title=title or None)
    m = extract_mentions(article)
    assert list(m.columns[: len(MENTION_COLUMNS)]) == MENTION_COLUMNS
    for part, start, end, surface in m[["part", "start", "end", "surface"]].itertuples(index=False):
        source = article.title if part == "headline" else article.text
        assert source[start:end] == surface
    keys = list(zip(m["part"], m["start"]))
    assert keys == sorted(keys)


@QUICK
@given(TEXT, st.sampled_from(FORMATS))
def test_readers_never_crash_quick(text, fmt):
    _reader_property(text, fmt)


@QUICK
@given(st.binary(max_size=400) | TEXT.map(lambda s: s.encode("utf-8", "surrogatepass")), st.sampled_from(EXTENSIONS))
def test_files_never_crash_quick(tmp_path_factory, data, ext):
    _file_property(tmp_path_factory.mktemp("fz"), data, ext)


@QUICK
@given(NEWSY, NEWSY)
def test_mentions_slice_back_quick(body, title):
    _mentions_property(body, title)


@pytest.mark.slow
@SLOW
@given(TEXT, st.sampled_from(FORMATS))
def test_readers_never_crash(text, fmt):
    _reader_property(text, fmt)


@pytest.mark.slow
@SLOW
@given(st.binary(max_size=400) | TEXT.map(lambda s: s.encode("utf-8", "surrogatepass")), st.sampled_from(EXTENSIONS))
def test_files_never_crash(tmp_path_factory, data, ext):
    _file_property(tmp_path_factory.mktemp("fz"), data, ext)


@pytest.mark.slow
@SLOW
@given(st.one_of(NEWSY, st.text(max_size=200)), NEWSY)
def test_mentions_slice_back(body, title):
    _mentions_property(body, title)
