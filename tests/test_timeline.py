"""Tests for geoanalysis.timeline: dates normalized to ISO with sentence and entities."""
from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd

from geoanalysis.config import RAW_DATA_DIR
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
