"""Fast paths of geoanalysis.dates held to their references (the examples live in test_tokenization.py)."""
from __future__ import annotations

import datetime as dt
import re
import sys

from hypothesis import example, given, settings
from hypothesis import strategies as st

from geoanalysis.config import RAW_DATA_DIR
from geoanalysis.dates import (
    _DATE_RE,
    _DIGITS4_RE,
    _TWO_WORDS_BACK_RE,
    DateMatch,
    _date_matches,
    _dates_at,
    find_dates,
)
from geoanalysis.parsing import load_corpus

_TOKENS = ["September", "Sept.", "sept", "Jan", "May", "may", "June", "of", "since", "in", "by", "mid-", "early", "2",
           "02", "31st", "3rd", "30", "2025", "1999", "2100", "20250", "123", "2025-09-02", "2025-02-30",
           "T10:00:00Z", "+02:00", " ", "  ", "\n", "\u00a0", "\u2028", "\x85", ",", ".", "'s", "\u2019s", "-", "(",
           "a", "_", "\u0662\u0660\u0662\u0665", "\u0662", "\u00b2\u00b3", "\u017fince", "0"]
date_texts = st.lists(st.sampled_from(_TOKENS), max_size=30).map("".join)


def _years(text: str) -> list[int]:
    """The starts of the runs of four or more digits, from all runs of digits (as timeline.article_dates has them)."""
    return [m.start() for m in re.finditer(r"\d+", text) if m.end() - m.start() >= 4]


def _reference_find_dates(text: str) -> list[DateMatch]:
    """find_dates as first written: finditer over the text, the alternative read from groupdict."""
    from geoanalysis.dates import _build, _month

    out = []
    for m in _DATE_RE.finditer(text):
        g = m.groupdict()
        if g["iso"]:
            built = _build(int(g["iy"]), int(g["im"]), int(g["id"]))
        elif g["mdy"]:
            built = _build(int(g["y1"]), _month(g["m1"]), int(g["d1"]))
        elif g["dmy"]:
            built = _build(int(g["y2"]), _month(g["m2"]), int(g["d2"]))
        elif g["my"]:
            built = _build(int(g["y3"]), _month(g["m3"]), None)
        else:
            built = _build(int(g["y4"] or g["y5"]), None, None)
        if built is not None:
            out.append(DateMatch(m.start(), m.end(), m.group(), *built))
    return out


@settings(max_examples=500, deadline=None)
@given(date_texts)
@example("On September 2, 2025 and 2 Sept. 2025, in June of 2024, since 2022, 2022's end and 2025-09-02T10:00Z.")
def test_find_dates_equals_reference(text):
    want = _reference_find_dates(text)
    assert find_dates(text) == want
    assert _dates_at(text, _years(text)) == want  # the digit runs passed in, as the timeline does


@settings(max_examples=500, deadline=None)
@given(date_texts)
def test_date_matches_with_given_years_equal_finditer(text):
    want = [(m.span(), m.group(), m.lastgroup) for m in _DATE_RE.finditer(text)]
    assert [(m.span(), m.group(), m.lastgroup) for m in _date_matches(text, _years(text))] == want
    assert {m.lastgroup for m in _DATE_RE.finditer(text)} <= {"iso", "mdy", "dmy", "my", "yr"}


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789a .-") + ["\u0660", "\u0669", "\u00b2", "\uff11",
                                                                    "\U0001d7ce"]), max_size=40))
def test_digits4_pattern_equals_the_repeat(text):
    assert [m.span() for m in _DIGITS4_RE.finditer(text)] == [m.span() for m in re.finditer(r"\d{4,}", text)]


def test_two_words_back_reads_white_space_as_str_isspace():
    space = re.compile(r"\s")
    assert [c for c in range(sys.maxunicode + 1) if bool(space.match(chr(c))) != chr(c).isspace()] == []
    # three words back: "on  Sept 2 " read backwards reaches "on"; "the 21st of Sept 2" reaches "21st"
    assert _TWO_WORDS_BACK_RE.match(" 2 tpeS  no")[0] == " 2 tpeS  no"
    assert _TWO_WORDS_BACK_RE.match(" rebmetpeS fo ts12 eht")[0] == " rebmetpeS fo ts12"
    assert _TWO_WORDS_BACK_RE.match("x 2") is None


def test_fast_paths_on_the_default_corpus():
    texts = [a.text for a in load_corpus(RAW_DATA_DIR)]
    texts.append("2025 2025-09-02 in 2024 June of 2023, 5 May 2022 " * 20)
    for text in texts:
        want = _reference_find_dates(text)
        assert find_dates(text) == want and _dates_at(text, _years(text)) == want
    assert [(m.text, m.date) for m in find_dates(texts[-1])][:4] == [
        ("2025-09-02", dt.date(2025, 9, 2)), ("in 2024", dt.date(2024, 1, 1)), ("June of 2023", dt.date(2023, 6, 1)),
        ("5 May 2022", dt.date(2022, 5, 5))]  # the bare "2025" is no date
