"""Tests for geoanalysis.timeline: dates normalized to ISO with sentence and entities."""
from __future__ import annotations

import dataclasses
import datetime as dt
import importlib

import numpy as np
import pandas as pd
from hypothesis import example, given, settings
from hypothesis import strategies as st

from geoanalysis.config import RAW_DATA_DIR
from geoanalysis.dates import find_dates
from geoanalysis.entities import extract_mentions
from geoanalysis.parsing import load_corpus, make_article
from geoanalysis.timeline import article_dates, timeline

REPORT, OPINION = "000_e51d81372494049d", "002_155cf58b7002bab6"


def _dated(text, date):
    return dataclasses.replace(make_article(text, id="a"), date=date)


def test_year_inference():
    a = _dated("On December 30 and on January 3 they met.", dt.date(2025, 1, 10))
    assert [(d[2], d[3], d[7]) for d in article_dates(a)] == [
        ("December 30", "2024-12-30", True), ("January 3", "2025-01-03", True)]
    assert article_dates(make_article("On January 3 they met.", id="a")) == []  # no article date, no guess


def test_possessive_year_and_qualifier():
    a = make_article("Prior to Russia\u2019s 2022 invasion, and since 2014.", id="a")
    assert [(d[2], d[3], d[4], d[6]) for d in article_dates(a)] == [
        ("2022", "2022", "year", "prior to"), ("2014", "2014", "year", "since")]


def test_entities_and_sorting():
    a = make_article("Talks began in June 2024. Russia signed on September 2, 2025.", id="a")
    m = pd.DataFrame({"article_id": "a", "part": "body", "sentence_id": [1], "start": [26],
                      "entity_id": ["country:RUS"], "name": ["Russia"]})
    t = timeline(a, mentions=m)
    assert t[["iso", "precision", "entities", "sentence_id"]].values.tolist() == [
        ["2024-06", "month", "", 0], ["2025-09-02", "day", "Russia", 1]]


def test_empty():
    t = timeline(make_article("No dates.", id="a"))
    assert t.empty and "n_articles" in t.columns


def test_default_corpus():
    corpus = load_corpus(RAW_DATA_DIR)
    t = timeline(corpus, mentions=extract_mentions(corpus))
    report = t[t["article_id"] == REPORT]
    assert report["iso"].tolist() == ["2022", "2022", "2024", "2024-06", "2025-09-02", "2025-09-02"]
    treaty = report[report["iso"] == "2024-06"].iloc[0]
    assert "country:PRK" in treaty["entity_ids"] and "country:RUS" in treaty["entity_ids"]
    opinion = t[t["article_id"] == OPINION]
    assert opinion[["text", "iso", "year_inferred"]].values.tolist() == [["September 4", "2025-09-04", True]]


# --------------------------------------------------------------------------- fast scans
# article_dates tries its own date expressions only where a date can start (timeline._scan with
# windows before digit runs) and timeline() builds its table in plain Python; these tests hold them to
# the expressions' own finditer and to the table as it was first built.

tl = importlib.import_module("geoanalysis.timeline")  # the module (the package re-exports the function)

_TOKENS = ["September", "Sept.", "sept", "SEPTEMBER", "June", "may", "May", "Dec", "Nov", "nov", "mid-", "mid", "since", "in", "In", "of",
           "prior to", "as of", "on", "2", "4th", "13th", "x3", "st", "22\u201323", "1-2", "31", "30", "2025", "1999", "2101", "12025", "2024-06-01",
           "2024-06-01T10:00:00Z", "2022\u2019s", "2022's", "Russia's", "Russia\u2019s", "invasion",
           "\u0662\u0660\u0662\u0662", "\u0662", "the", "(", ")", ",", ".", "-", "\u2014"]
_SEPARATORS = [" ", " ", "  ", "\n", "\n\n", "", ",", ", ", "\u00a0", "-", "'s "]
date_texts = st.lists(st.tuples(st.sampled_from(_TOKENS), st.sampled_from(_SEPARATORS)), max_size=30).map(
    lambda parts: "".join(t + s for t, s in parts))


@settings(max_examples=500, deadline=None)
@given(date_texts)
@example("Talks on September 2 and June 30th ended; mid-September 4, (sept 12), SEPTEMBER\n\n3 and June 4 2024.")
@example("Russia's 2022 invasion, Russia\u2019s 2022 war, 2022's end, Kyiv's 20222 plan and it's 2024 now.")
@example("On 13 September, the 14th of September, 4th\nSeptember, 2 June 2024, x3 June and 31 Sept. 2025.")
@example("It runs 22\u201323 November, 1-2 June, 3-x June, 12-2024 May and 7\u20138th of July.")
@example("On May 14, may 14, 18 May, 18 may, (Nov 22), nov 22, Nov  4 2024, Sept 3 and Mar\n\n5.")
def test_fast_scans_match_finditer(text):
    spans = [m.span() for m in tl._scan(text, tl._MONTH_DAY, tl._month_day_runs(text))]
    assert spans == [m.span() for m in tl._MONTH_DAY.finditer(text)]
    spans = [m.span() for m in tl._scan(text, tl._DAY_MONTH, tl._day_month_runs(text))]
    assert spans == [m.span() for m in tl._DAY_MONTH.finditer(text)]
    got = [m.span() for m in tl._possessive_years(text)]
    assert got == [m.span() for m in tl._POSSESSIVE_YEAR.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(date_texts)
def test_dates_from_the_shared_digit_runs_equal_find_dates(text):
    # article_dates scans the digits once and passes the runs of four or more to the date scan
    runs = tl._digit_runs(text)
    assert tl._dates_at(text, [q for q, end in runs if end - q >= 4]) == find_dates(text)


def _reference_timeline(articles, mentions=None):
    """timeline() as first written (pandas sort, sentence_at, the constructor)."""
    ents = {}
    if mentions is not None and len(mentions):
        body = mentions[mentions["part"] == "body"] if "part" in mentions else mentions
        body = body.sort_values(["article_id", "start"], kind="mergesort")
        found = {}
        for aid, sid, eid, name in zip(body["article_id"].tolist(), body["sentence_id"].tolist(),
                                       body["entity_id"].tolist(), body["name"].tolist()):
            if aid != aid or sid != sid:
                continue
            found.setdefault((aid, int(sid)), {}).setdefault(eid, name)
        ents = {key: ("; ".join(names), "; ".join(names.values())) for key, names in found.items()}
    rows = []
    for a in articles:
        for start, end, text, iso, precision, date, qual, inferred in article_dates(a):
            sent = a.sentence_at(start)
            sid = sent.id if sent else -1
            eids, names = ents.get((a.id, sid), ("", ""))
            rows.append((a.id, sid, start, end, text, iso, precision, date, qual, inferred, eids, names,
                         sent.text if sent else ""))
    if not rows:
        out = pd.DataFrame(rows, columns=tl.TIMELINE_COLUMNS[:-1])
        out["n_articles"] = pd.Series(dtype="int64")
        return out
    per_iso = {}
    for r in rows:
        per_iso.setdefault(r[5], set()).add(r[0])
    rows.sort(key=lambda r: (r[7], r[5], r[0], r[2]))
    cols = {c: [r[i] for r in rows] for i, c in enumerate(tl.TIMELINE_COLUMNS[:-1])}
    cols["n_articles"] = np.array([len(per_iso[r[5]]) for r in rows], dtype=np.int64)
    for c in ("sentence_id", "start", "end"):
        cols[c] = np.array(cols[c], dtype=np.int64)
    return pd.DataFrame(cols)


def _assert_same(got, want):
    pd.testing.assert_frame_equal(got, want, check_exact=True)
    assert list(got.dtypes) == list(want.dtypes)


def test_timeline_matches_reference_on_the_default_corpus():
    corpus = load_corpus(RAW_DATA_DIR)
    mentions = extract_mentions(corpus)
    _assert_same(timeline(corpus, mentions=mentions), _reference_timeline(corpus, mentions))
    for article in corpus:
        m = extract_mentions(article)
        _assert_same(timeline(article, mentions=m), _reference_timeline([article], m))
        _assert_same(timeline(article), _reference_timeline([article]))


@settings(max_examples=150, deadline=None)
@given(st.lists(date_texts, min_size=1, max_size=3), st.integers(0, 3), st.booleans(), st.booleans())
def test_timeline_matches_reference(bodies, shift, shuffle, odd):
    """Random dated articles and a mentions table: unsorted, several articles, headline rows, and
    (``odd``) values the plain path leaves to pandas (NaN sentence ids, float starts)."""
    articles = [dataclasses.replace(make_article(b + " Russia met Ukraine.", id=f"a{k}"),
                                    date=dt.date(2024, 1 + shift, 10)) for k, b in enumerate(bodies)]
    rows = []
    for a in articles:
        for s in a.sentences:
            for name, eid in (("Russia", "country:RUS"), ("Ukraine", "country:UKR"), ("met", "misc:met")):
                k = s.text.find(name)
                if k >= 0:
                    rows.append({"article_id": a.id, "part": "body", "sentence_id": s.id, "start": s.start + k,
                                 "entity_id": eid, "name": name})
        rows.append({"article_id": a.id, "part": "headline", "sentence_id": 0, "start": 0,
                     "entity_id": "country:CHN", "name": "China"})
    m = pd.DataFrame(rows)
    if shuffle:
        m = m.iloc[::-1].reset_index(drop=True)
    if odd and len(m):
        m = m.astype({"sentence_id": float, "start": float})
        m.loc[0, "sentence_id"] = np.nan
    _assert_same(timeline(articles, mentions=m), _reference_timeline(articles, m))
    _assert_same(timeline(articles), _reference_timeline(articles))


def test_days_written_before_their_month_take_the_articles_year():
    """European and wire style ("On 13 September", "the 14th of September") is read as "September 13" is."""
    import dataclasses

    a = make_article("On 13 September talks resumed; on the 14th of September they ended. Signed 2 September 2025.",
                     id="a")
    a = dataclasses.replace(a, date=dt.date(2025, 9, 20))
    got = [(d[2], d[3], d[7]) for d in tl.article_dates(a)]
    assert got == [("13 September", "2025-09-13", True), ("14th of September", "2025-09-14", True),
                   ("2 September 2025", "2025-09-02", False)]


def test_abbreviated_months_and_the_nearest_year():
    """AP style abbreviations ("Nov. 22"); a day without a year is the one nearest the article's date, ahead or
    behind ("October 26" in an article of September 24 is the coming one)."""
    import dataclasses

    a = make_article("The vote on October 26 follows talks on Nov. 22 and Sept. 30.", id="a")
    got = [(d[2], d[3]) for d in tl.article_dates(dataclasses.replace(a, date=dt.date(2025, 9, 24)))]
    assert got == [("October 26", "2025-10-26"), ("Nov. 22", "2025-11-22"), ("Sept. 30", "2025-09-30")]
    got = [d[3] for d in tl.article_dates(dataclasses.replace(a, date=dt.date(2026, 1, 5)))]
    assert got == ["2025-10-26", "2025-11-22", "2025-09-30"]


def test_a_day_without_a_year_is_at_most_two_months_ahead():
    """News look back further than ahead: "Oct. 7" in an article of July 21, 2024 is the attack of 2023 (78 days
    ahead is too far), "May 14" in one of November 23, 2025 is the May before; 62 days ahead is still ahead."""
    import dataclasses

    a = make_article("Since the attack on Oct. 7 and the vote of May 14, talks resumed.", id="a")
    got = [d[3] for d in tl.article_dates(dataclasses.replace(a, date=dt.date(2024, 7, 21)))]
    assert got == ["2023-10-07", "2024-05-14"]
    got = [d[3] for d in tl.article_dates(dataclasses.replace(a, date=dt.date(2025, 11, 23)))]
    assert got == ["2025-10-07", "2025-05-14"]
    got = [d[3] for d in tl.article_dates(dataclasses.replace(a, date=dt.date(2024, 8, 6)))]
    assert got == ["2024-10-07", "2024-05-14"]  # 62 days ahead


def test_may_and_months_without_a_period_in_title_case():
    """"May 14" and "14 May" are dates, "all 14 may vote" is not; Asian and Gulf outlets write "(Nov 22)" with no
    period; "mar 5" in lower case is no date."""
    import dataclasses

    a = make_article("On May 14 the law passed; all 27 may vote on 18 May. On Saturday (Nov 22) and Sep 23, "
                     "not on mar 5.", id="a")
    got = [(d[2], d[3]) for d in tl.article_dates(dataclasses.replace(a, date=dt.date(2025, 11, 23)))]
    assert got == [("May 14", "2025-05-14"), ("18 May", "2025-05-18"), ("Saturday", "2025-11-22"),
                   ("Nov 22", "2025-11-22"), ("Sep 23", "2025-09-23")]


def test_a_range_of_days_is_dated_by_its_first_day():
    import dataclasses

    a = make_article("The G20 summit runs 22\u201323 November. It met on the 21st of September 2025.", id="a")
    got = [(d[2], d[3], d[4]) for d in tl.article_dates(dataclasses.replace(a, date=dt.date(2025, 9, 25)))]
    assert got == [("22\u201323 November", "2025-11-22", "day"), ("21st of September 2025", "2025-09-21", "day")]


def test_dates_of_the_page_are_no_events():
    """A line that says when the page was posted or updated, and the date of a quoted post's signature, are the
    page's dates; "He posted on X on March 27" and "the updated plan of May 2024" stay events."""
    import dataclasses

    a = make_article("Talks resumed on November 27, 2023 in Helsinki.\n\nPosted November 28, 2023 9:16 am.\n\n"
                     "Last Updated November 29, 2023.\n\nThe border closed on November 30, 2023, officials said.\n\n"
                     "\u2014 Evan Dyer (@evanDyer) March 26, 2025\n\nHe posted on X on March 27, 2025 about the updated "
                     "plan of May 2024.\n\nPublished last week after a mission in March 2022, the report spoke.",
                     id="a")
    got = [(d[2], d[3]) for d in tl.article_dates(dataclasses.replace(a, date=dt.date(2025, 3, 28)))]
    assert got == [("November 27, 2023", "2023-11-27"), ("November 30, 2023", "2023-11-30"),
                   ("March 27, 2025", "2025-03-27"), ("May 2024", "2024-05"), ("March 2022", "2022-03")]


def test_an_undated_article_reads_a_day_against_the_last_date_with_a_year_before_it():
    """With no date of its own, "On August 15" after "Aug 18, 2025" is 2025-08-15 and "September 4" 2025-09-04;
    a day before any date with a year is left out."""
    a = make_article("On July 19 talks began. Updated Aug 18, 2025: On August 15, Putin met Trump in Anchorage. "
                     "They meet again on September 4.", id="a")
    assert a.date is None
    got = [(d[2], d[3]) for d in tl.article_dates(a)]
    assert got == [("Aug 18, 2025", "2025-08-18"), ("August 15", "2025-08-15"), ("September 4", "2025-09-04")]


def test_days_of_the_week_in_a_dated_article():
    """"on Tuesday" in an article of Wednesday, September 10, 2025 is the day before; "will meet on Friday" the
    Friday after; "last Wednesday" and "next Wednesday" a week either way; a possessive or a range of weekdays is
    no date, and neither is a day of the week in an article with no date."""
    import dataclasses

    a = make_article("Israel struck Doha on Tuesday. The cabinet will meet on Friday. Talks resumed last Wednesday, "
                     "and resume next Wednesday. Tuesday's vote and Monday-Friday shifts are no dates.", id="a")
    got = [(d[2], d[3], d[7]) for d in tl.article_dates(dataclasses.replace(a, date=dt.date(2025, 9, 10)))]
    assert got == [("Tuesday", "2025-09-09", True), ("Friday", "2025-09-12", True),
                   ("Wednesday", "2025-09-03", True), ("Wednesday", "2025-09-17", True)]
    assert tl.article_dates(a) == []


def test_a_year_joined_to_a_year_found_is_a_date_too():
    a = make_article("Elections were held in 2018 and 2019, and from 2014 to 2016 the war went on; 2015 and 2,000 "
                     "people, or 2014 and 2016-17, are not read as more.", id="a")
    got = [(d[2], d[3], d[6]) for d in tl.article_dates(a)]
    assert got == [("2018", "2018", "in"), ("2019", "2019", "in"), ("2014", "2014", "from"), ("2016", "2016", "from")]
