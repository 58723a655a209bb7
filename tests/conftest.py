"""Shared fixtures: the parsed default corpus (data/raw) and plotting hygiene."""
from __future__ import annotations

import os

os.environ.setdefault("MPLBACKEND", "Agg")

import pytest

from geoanalysis.config import RAW_DATA_DIR

#: The two default articles, by role.
REPORT_ID = "000_e51d81372494049d"  # plain-text news report
OPINION_ID = "002_155cf58b7002bab6"  # Markdown opinion piece (International Policy Digest)


@pytest.fixture(scope="session")
def corpus():
    from geoanalysis import load_corpus

    return load_corpus(RAW_DATA_DIR)


@pytest.fixture(scope="session")
def report(corpus):
    return corpus[REPORT_ID]


@pytest.fixture(scope="session")
def opinion(corpus):
    return corpus[OPINION_ID]


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import sys

    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")


def records_outcome(read) -> object:
    """What a records reader gives: its records and per-record errors, or the error for the whole file
    (records compared by repr: a JSON NaN is not equal to itself)."""
    from geoanalysis.parsing import ParseError, Record

    try:
        return [("record", r.id, r.path, repr(r.data), r.format, r.encoding) if isinstance(r, Record)
                else ("error", str(r.path), r.reason) for r in read()]
    except ParseError as exc:
        return ("file error", str(exc.path), exc.reason)
