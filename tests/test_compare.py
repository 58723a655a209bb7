"""Tests for geoanalysis.compare (the Comparison bundle) and geoanalysis.plots.compare."""
from __future__ import annotations

import os

os.environ.setdefault("MPLBACKEND", "Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

import geoanalysis  # noqa: E402
from geoanalysis.compare import Comparison, compare  # noqa: E402
from geoanalysis.config import RAW_DATA_DIR  # noqa: E402
from geoanalysis.parsing import load_corpus, make_article  # noqa: E402
from geoanalysis.plots.compare import plot_frames, plot_keyness, plot_salience, plot_stance, plot_tone  # noqa: E402

REPORT, OPINION = "000_e51d81372494049d", "002_155cf58b7002bab6"
TABLES = ["salience", "keyness", "tone", "frames", "stance", "quotes", "alignment", "timeline"]


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def result():
    return compare(load_corpus(RAW_DATA_DIR))


def test_bundle_has_every_table(result):
    assert isinstance(result, Comparison)
    tables = result.tables()
    assert all(name in tables and len(tables[name]) for name in TABLES)
    assert set(result.keyness["reference"]) == {REPORT, OPINION, "rest"}


def test_package_level_call_even_after_module_import():
    corpus = [make_article("Peace talks. War goes on.", id="a"), make_article("War and peace.", id="b")]
    assert isinstance(geoanalysis.compare(corpus), Comparison)
    assert geoanalysis.Comparison is Comparison


def test_deterministic():
    corpus = load_corpus(RAW_DATA_DIR)
    a, b = compare(corpus).tables(), compare(load_corpus(RAW_DATA_DIR)).tables()
    assert all(a[k].to_csv(index=False) == b[k].to_csv(index=False) for k in a)


def test_reading_of_the_default_corpus(result):
    """What a careful reader sees, all in one bundle."""
    stance = result.stance.set_index(["article_id", "category"])["hits"]
    assert stance[(OPINION, "normative")] > 0 == stance[(REPORT, "normative")]
    speakers = set(result.quotes.loc[result.quotes["kind"] == "speech", "speaker_id"])
    assert speakers == {"person:donald-trump", "person:hillary-clinton"}
    assert not (result.quotes["article_id"] == REPORT).any() or set(
        result.quotes.loc[result.quotes["article_id"] == REPORT, "kind"]) == {"term"}


class TestPlots:
    def test_keyness(self, result):
        ax = plot_keyness(result.keyness, target=OPINION, n=3)
        labels = [t.get_text() for t in ax.get_yticklabels()]
        assert len(ax.patches) >= len(labels) == 6 and "must" in labels or "europe" in labels
        assert ax.get_title() == f"{OPINION} vs rest"
        with pytest.raises(ValueError, match="measure = 'x'"):
            plot_keyness(result.keyness, measure="x")

    def test_tone(self, result):
        ax = plot_tone(result.tone_sentences)
        assert [t.get_text() for t in ax.get_yticklabels()] == [REPORT, OPINION]
        assert ax.get_xlabel() == "VADER compound per sentence"

    @pytest.mark.parametrize("func, attr, n_groups", [(plot_frames, "frames", 5), (plot_stance, "stance", 7)])
    def test_rate_bars(self, result, func, attr, n_groups):
        ax = func(getattr(result, attr))
        bars = [p for p in ax.patches if p.get_height() > 0]
        assert len(bars) == 2 * n_groups
        assert len(ax.get_yticklabels()) == n_groups and ax.get_xlabel() == "per 1,000 words"

    def test_salience(self, result):
        ax = plot_salience(result.entities, n=4)
        assert len(ax.get_yticklabels()) == 4

    def test_empty_returns_axes(self, result):
        _, ax = plt.subplots()
        assert plot_frames(result.frames.iloc[0:0], ax=ax) is ax and not ax.patches


@pytest.mark.parametrize("name", ["compare", "salience", "keyness", "tone", "frames", "stance", "quotes", "timeline"])
def test_same_named_exports_are_the_functions(name):
    import importlib
    import types

    module = importlib.import_module(f"geoanalysis.{name}")
    exported = getattr(geoanalysis, name)
    assert not isinstance(exported, types.ModuleType)
    assert exported is getattr(module, name)


def test_keyness_called_through_the_package():
    corpus = [make_article("Peace talks. War goes on.", id="a"), make_article("War and peace.", id="b")]
    from geoanalysis.keyness import keyness as keyness_function

    assert geoanalysis.keyness(corpus).equals(keyness_function(corpus))
