"""Throughput of mention extraction (words per second on one core), on the seeded synthetic corpus.

Stages
------
``tokenize``: :attr:`Article.tokens` of parsed articles (sentences are part of
parsing).
``kb_scan``: the Aho-Corasick scan of the knowledge base (folding, automata,
case and boundary checks, longest-leftmost selection).
``extract_mentions``: the whole of :func:`geoanalysis.extract_mentions` on
parsed and tokenized articles (tokens are part of parsing and shared by
every later stage), including the unknown-name heuristics and the table.
``extract_mentions(untokenized)``: the same on parsed articles whose tokens
were never computed (``token_index`` then comes from one pass of the token
pattern, without building the tokens).

Each stage is timed several times (fresh articles where it matters) and the
best time is reported: other processes share the machine.  The stages run as
a corpus run runs them: on batches of ``runner.BATCH_ARTICLES`` articles, the
garbage collector paused for each batch (``runner._collector_paused``), and
the articles made beforehand out of its reach (``gc.freeze``; a run holds one
batch at a time, not the whole corpus).  Before the sixth session they ran on
the whole corpus at once, collector on: every full collection then scanned
every token of the corpus, which took more time than tokenizing (``tokenize``
2.45 s per 1M words, about 1.0 s without the collections).

Run ``python benchmarks/bench_entities.py [n_words]`` (pinned to one core,
one BLAS/OpenMP thread).
"""
from __future__ import annotations

import os
import sys
import time

__all__ = ["run"]


def _articles(n_words: int, *, tokenize: bool):
    """Parsed articles of the seeded synthetic corpus (``benchmarks/synthetic.py``), built in memory."""
    import random

    from geoanalysis import parse_article

    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from synthetic import _pools, generate_article, kb_entities

    rng = random.Random(0)
    pools = _pools(kb_entities())
    out, words, i = [], 0, 0
    while words < n_words:
        text, n = generate_article(rng, pools, int(700 * rng.uniform(0.3, 1.7)), i)
        a = parse_article(text)
        a = type(a)(**{**{f: getattr(a, f) for f in a.__dataclass_fields__}, "id": f"synthetic-{i:07d}"})
        if tokenize:
            a.tokens  # noqa: B018 - parsed text: tokens computed once, as the pipeline does
        out.append(a)
        words += n  # body words (white-space separated), without computing the tokens
        i += 1
    return out, words


def _best(fn, repeat: int = 5, setup=None) -> float:
    import gc

    times = []
    for _ in range(repeat):
        arg = setup() if setup is not None else None
        gc.collect()
        gc.freeze()  # the input, made beforehand, is no work of the stage's collections
        try:
            t = time.perf_counter()
            fn(arg) if setup is not None else fn()
            times.append(time.perf_counter() - t)
        finally:
            gc.unfreeze()
    return min(times)


def _batched(stage, articles) -> None:
    """``stage(batch)`` for each batch of articles, as a corpus run calls it (collector paused per batch)."""
    from geoanalysis.runner import BATCH_ARTICLES, _collector_paused

    for start in range(0, len(articles), BATCH_ARTICLES):
        with _collector_paused():
            stage(articles[start:start + BATCH_ARTICLES])


REPEAT = 5  # timings per stage; the best is reported


def run(n_words: int = 200_000) -> list[dict]:
    """Rows ``{"stage", "words", "seconds", "words_per_s"}`` for each stage."""
    if n_words < 1:
        raise ValueError(f"n_words = {n_words} is invalid; it must be >= 1")
    repeat = REPEAT if n_words <= 1_000_000 else 2
    from geoanalysis import extract_mentions
    from geoanalysis.entities import _extractor
    from geoanalysis.kb import load_kb

    kb = load_kb()
    ex = _extractor(kb)
    ex.m  # noqa: B018 - build the automata outside the timing
    arts, words = _articles(n_words, tokenize=True)
    extract_mentions(arts[:2], kb=kb)  # warm caches

    def scan(batch):
        for a in batch:
            ex.scan(a.text, headline=False)

    def tokenize(batch):
        for a in batch:
            a.tokens  # noqa: B018

    def fresh():
        return _articles(n_words, tokenize=False)[0]

    stages = [
        ("tokenize", lambda f: _batched(tokenize, f), fresh),
        ("kb_scan", lambda: _batched(scan, arts), None),
        ("extract_mentions", lambda: _batched(lambda b: extract_mentions(b, kb=kb), arts), None),
        ("extract_mentions(untokenized)", lambda f: _batched(lambda b: extract_mentions(b, kb=kb), f), fresh),
    ]
    rows = []
    for stage, fn, setup in stages:
        sec = _best(fn, repeat, setup)
        rows.append({"stage": stage, "words": words, "seconds": round(sec, 4), "words_per_s": round(words / sec)})
    return rows


def _one_core() -> None:
    """One BLAS/OpenMP thread, and this process pinned to one CPU where the OS allows it."""
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


if __name__ == "__main__":
    _one_core()
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    rows = run(n)
    print(f"{'stage':<32}{'words':>10}{'seconds':>10}{'words/s':>12}")
    for r in rows:
        print(f"{r['stage']:<32}{r['words']:>10}{r['seconds']:>10.3f}{r['words_per_s']:>12,}")
