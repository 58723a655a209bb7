"""Near-duplicate articles (geoanalysis.duplicates): MinHash signatures, the LSH index, and runs that drop copies."""
from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geoanalysis import cli, config, runner
from geoanalysis.duplicates import (N_HASHES, NearDuplicateIndex, _shingles, minhash_signature, near_duplicates,
                                    resemblance)
from geoanalysis.model import Corpus
from geoanalysis.parsing import make_article

_VOCAB = ("russia ukraine china talks ceasefire minister said officials geneva border troops sanctions oil gas "
          "the a of in on and to for with by after before during week monday tuesday president envoy").split()


def _story(seed: int, n_words: int = 400) -> str:
    rng = random.Random(seed)
    sentences = []
    while sum(len(s.split()) for s in sentences) < n_words:
        words = [rng.choice(_VOCAB) for _ in range(rng.randint(8, 20))]
        sentences.append(" ".join(words).capitalize() + ".")
    return " ".join(sentences)


def _jaccard(a: str, b: str) -> float:
    x, y = set(_shingles(a).tolist()), set(_shingles(b).tolist())
    return len(x & y) / len(x | y)


def test_signature_ignores_case_spacing_and_punctuation():
    text = "Russia and Ukraine met in Geneva on Monday, officials said."
    sig = minhash_signature(text)
    assert sig.dtype == np.uint32 and sig.shape == (N_HASHES,)
    assert (sig == minhash_signature("RUSSIA and  Ukraine met in\nGeneva on Monday officials said!")).all()
    assert not (sig == minhash_signature("Russia and Ukraine met in Geneva on Tuesday, officials said.")).all()
    assert (minhash_signature("") == 0xFFFFFFFF).all()


def test_signature_is_the_same_in_another_process():
    """Words are hashed with BLAKE2b, not Python's salted hash: another interpreter gives the same bytes."""
    text = _story(1)
    code = ("import sys; from geoanalysis.duplicates import minhash_signature; "
            "sys.stdout.write(minhash_signature(sys.stdin.read()).tobytes().hex())")
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run([sys.executable, "-c", code], input=text, capture_output=True, text=True, env=env,
                         check=True).stdout
    assert out == minhash_signature(text).tobytes().hex()


@pytest.mark.parametrize("seed", range(6))
def test_resemblance_estimates_the_jaccard_similarity_of_5_grams(seed):
    """The share of equal minima is within 4 standard errors (sqrt(J(1-J)/128) <= 0.045) of the true
    Jaccard similarity, for copies edited by more or less."""
    rng = random.Random(seed)
    story = _story(seed)
    words = story.split()
    for keep in (1.0, 0.9, 0.7, 0.5, 0.3):
        cut = int(len(words) * keep)
        start = rng.randint(0, len(words) - cut)
        edited = " ".join(words[start: start + cut] + _story(seed + 100, int(len(words) * (1 - keep))).split())
        exact = _jaccard(story, edited)
        estimate = resemblance(minhash_signature(story), minhash_signature(edited))
        assert abs(estimate - exact) <= 4 * max(np.sqrt(exact * (1 - exact) / N_HASHES), 0.01), (keep, exact, estimate)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300), st.text(max_size=300))
def test_resemblance_is_symmetric_and_one_on_itself(a, b):
    sa, sb = minhash_signature(a), minhash_signature(b)
    assert resemblance(sa, sa) == 1.0
    assert resemblance(sa, sb) == resemblance(sb, sa)
    assert 0.0 <= resemblance(sa, sb) <= 1.0


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(range(6)), min_size=1, max_size=12), st.sampled_from([0.5, 0.8, 0.95, 1.0]))
def test_near_duplicates_point_to_an_earlier_distinct_article(picks, similarity):
    """Each copy points to an earlier article that is not itself a copy, with a resemblance of at least the
    threshold; an exact copy is always found."""
    bases = [_story(s, 120) for s in range(3)]
    texts = [bases[p % 3] if p < 3 else bases[p % 3] + " " + _story(p, 20) for p in picks]
    articles = [make_article(t, id=f"a{i:02d}") for i, t in enumerate(texts)]
    found = near_duplicates(articles, similarity=similarity)
    order = {a.id: i for i, a in enumerate(articles)}
    copies = set(found["article_id"])
    for aid, first, sim in found.itertuples(index=False):
        assert order[first] < order[aid] and first not in copies and sim >= similarity
    seen = {}
    for a in articles:  # an exact copy of an earlier text
        if a.text in seen:
            assert a.id in copies
        seen.setdefault(a.text, a.id)


def test_near_duplicates_find_an_edited_wire_story_and_nothing_else():
    story = _story(7)
    sentences = story.split(". ")
    edited = ". ".join(sentences[1:]) + " The ministry did not respond to a request for comment."
    articles = [make_article(story, id="wire"), make_article(_story(8), id="other"),
                make_article(edited, id="edited")]
    assert near_duplicates(articles, similarity=1.0).empty
    found = near_duplicates(articles, similarity=0.8)
    assert found[["article_id", "duplicate_of"]].values.tolist() == [["edited", "wire"]]
    assert 0.8 <= found["similarity"].iloc[0] < 1
    assert Corpus(articles).drop_duplicates(similarity=0.8).ids == ["wire", "other"]
    assert Corpus(articles).drop_duplicates().ids == ["wire", "other", "edited"]
    with pytest.raises(ValueError, match="similarity = 0 is invalid"):
        near_duplicates(articles, similarity=0)


def test_index_keeps_one_signature_per_distinct_article():
    index = NearDuplicateIndex(0.9)
    story = _story(3)
    assert index.add("a", minhash_signature(story)) is None
    assert index.add("b", minhash_signature(_story(4))) is None
    assert index.add("c", minhash_signature(story)) == ("a", 1.0)
    assert len(index) == 2


def _edited_copy(path, out):
    paragraphs = path.read_text(encoding="utf-8").split("\n\n")
    # another outlet's version: the last paragraph cut, a paragraph of its own added
    text = "\n\n".join(paragraphs[:-1] + ["The embassy did not respond to a request for comment on Tuesday."])
    out.write_text(text, encoding="utf-8")


def test_a_run_finds_near_copies_marks_them_and_drops_them_when_asked(tmp_path, capsys):
    data = tmp_path / "data"
    data.mkdir()
    for path in config.RAW_DATA_DIR.iterdir():
        shutil.copy(path, data / path.name)
    report = next(config.RAW_DATA_DIR.glob("000_*.txt"))
    _edited_copy(report, data / "zz-edited.txt")
    # identical text only: the edited copy is an article of its own
    assert cli.main(["analyze", str(data), "--out", str(tmp_path / "exact"), "--no-report", "--drop-duplicates"]) == 0
    assert "3 articles (" in capsys.readouterr().err
    articles = pd.read_csv(tmp_path / "exact" / "articles.csv", keep_default_na=False).set_index("article_id")
    assert articles.loc["zz-edited", "duplicate_of"] == ""
    # marked, still counted
    assert cli.main(["analyze", str(data), "--out", str(tmp_path / "marked"), "--no-report", "--similarity", "0.8"]) == 0
    capsys.readouterr()
    articles = pd.read_csv(tmp_path / "marked" / "articles.csv", keep_default_na=False).set_index("article_id")
    assert articles.loc["zz-edited", "duplicate_of"] == report.stem
    assert "zz-edited" in set(pd.read_csv(tmp_path / "marked" / "mentions.csv")["article_id"])
    # marked and left out: the counts are those of the two articles alone, serial or with processes
    outs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"dropped-{jobs}"
        assert cli.main(["analyze", str(data), "--out", str(out), "--no-report", "--drop-duplicates",
                         "--similarity", "0.8", "--jobs", jobs]) == 0
        assert "3 articles" in capsys.readouterr().err and (out / "articles.csv").exists()
        outs.append(out)
    for name in ("articles", "mentions", "entities", "edges", "tone"):
        assert (outs[0] / f"{name}.csv").read_bytes() == (outs[1] / f"{name}.csv").read_bytes(), name
    assert cli.main(["analyze", *map(str, sorted(config.RAW_DATA_DIR.iterdir())), "--out", str(tmp_path / "two"),
                     "--no-report"]) == 0
    for name in ("entities", "edges"):
        dropped = pd.read_csv(outs[0] / f"{name}.csv", keep_default_na=False)
        two = pd.read_csv(tmp_path / "two" / f"{name}.csv", keep_default_na=False)
        pd.testing.assert_frame_equal(dropped, two)


@pytest.mark.parametrize("value", ["0", "1.5", "-0.2", "nan"])
def test_similarity_out_of_range_is_a_usage_error(tmp_path, value, capsys):
    assert cli.main(["analyze", str(config.RAW_DATA_DIR), "--out", str(tmp_path / "o"), "--similarity", value]) == 2
    assert "similarity" in capsys.readouterr().err
    with pytest.raises(ValueError, match="similarity"):
        runner.RunOptions(similarity=float(value))
