"""The benchmark harness (benchmarks/run.py): the spaCy comparison and the check that runs wrote the same CSVs.

The timings themselves are measured by ``make bench``, not tested.
"""
from __future__ import annotations

import importlib
import re
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"


@pytest.fixture(scope="module")
def bench():
    sys.path.insert(0, str(BENCH))
    try:
        yield importlib.import_module("run")
    finally:
        sys.path.remove(str(BENCH))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, bench):
    out = tmp_path_factory.mktemp("corpus")
    bench.synthetic.generate_corpus(3000, out, seed=1)
    return out


def test_spacy_comparison_runs_a_pipeline_given_as_a_folder(bench, corpus, tmp_path):
    """``--spacy-model DIR`` runs that pipeline over the corpus texts (here a blank English pipeline whose
    entity ruler knows one country) and reports its words and entities."""
    spacy = pytest.importorskip("spacy")  # a dev dependency: installed wherever the suite runs
    from geoanalysis.kb import load_kb

    texts = sorted(corpus.glob("*.txt"))
    joined = "\n".join(p.read_text(encoding="utf-8") for p in texts)

    def count(name: str) -> int:
        return len(re.findall(rf"\b{re.escape(name)}\b", joined))  # spaCy splits "Russia-Ukraine", "Russia's"

    # the one-word country the generated corpus names most (which one depends on the knowledge base it is drawn
    # from: "Russia" until it grew)
    names = sorted(n for n in load_kb().entities.query("type == 'COUNTRY'")["name"] if n.isalpha())
    country = max(names, key=count)
    nlp = spacy.blank("en")
    nlp.add_pipe("entity_ruler").add_patterns([{"label": "GPE", "pattern": country}])
    nlp.to_disk(tmp_path / "pipeline")
    assert bench._spacy_model(str(tmp_path / "pipeline")) == str(tmp_path / "pipeline")
    row = bench._run_spacy(corpus, str(tmp_path / "pipeline"), max_words=10**9)
    assert row["texts"] == len(texts)
    assert row["words"] == sum(len(p.read_text(encoding="utf-8").split()) for p in texts)
    assert row["entities"] == count(country) > 0
    assert row["seconds"] > 0


def test_spacy_ner_only_leaves_out_every_other_component(bench, corpus, tmp_path):
    """The NER-only row loads the same pipeline without its other components (here a sentencizer) and finds
    the same entities; ``max_words`` stops after the file that reaches it."""
    spacy = pytest.importorskip("spacy")
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("entity_ruler").add_patterns([{"label": "X", "pattern": [{"LOWER": "the"}]}])
    nlp.to_disk(tmp_path / "pipeline")
    model = str(tmp_path / "pipeline")
    full = bench._run_spacy(corpus, model, max_words=10**9)
    ner = bench._run_spacy(corpus, model, max_words=10**9, ner_only=True)
    assert full["stage"] == "spaCy pipeline (full pipeline, NER)"
    assert ner["stage"] == "spaCy pipeline (NER only: entity_ruler)"
    assert ner["entities"] == full["entities"] > 0
    assert (ner["words"], ner["texts"]) == (full["words"], full["texts"])
    first = bench._run_spacy(corpus, model, max_words=1)
    assert first["texts"] == 1 < full["texts"]


def test_without_a_model_the_comparison_is_skipped_or_uses_an_installed_one(bench):
    model = bench._spacy_model()
    assert model is None or model.startswith("en_core_web_")


def test_identical_compares_every_csv(bench, tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    for d in (a, b):
        d.mkdir()
        (d / "x.csv").write_text("k,v\n1,2\n")
    assert bench._identical([a, b])
    (b / "x.csv").write_text("k,v\n1,3\n")
    assert not bench._identical([a, b])
    (b / "x.csv").write_text("k,v\n1,2\n")
    (b / "y.csv").write_text("k\n")
    assert not bench._identical([a, b])
