"""Throughput of mention extraction (words per second on one core), on copies of the default corpus.

Stages
------
``kb_scan``: the Aho-Corasick scan of the knowledge base (folding, automata,
case and boundary checks, longest-leftmost selection).
``extract_mentions``: the whole of :func:`geoanalysis.extract_mentions` on
parsed and tokenized articles (tokens are part of parsing and shared by
every later stage), including the unknown-name heuristics and the table.
``extract_mentions+tokenize``: the same, tokenizing the articles on the way.

Run ``python benchmarks/bench_entities.py [n_words]``.
"""
from __future__ import annotations

import sys
import time

__all__ = ["run"]


def _articles(n_words: int, *, tokenize: bool):
    from geoanalysis import load_corpus, make_article
    from geoanalysis.config import RAW_DATA_DIR

    base = list(load_corpus(RAW_DATA_DIR))
    out, words, i = [], 0, 0
    while words < n_words:
        src = base[i % len(base)]
        a = make_article(src.text, id=f"{src.id}-{i:06d}", title=src.title)
        if tokenize:
            a.tokens  # noqa: B018 - parsed text: tokens computed once, as the pipeline does
        out.append(a)
        words += src.n_words
        i += 1
    return out, words


def _best(fn, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def run(n_words: int = 200_000) -> list[dict]:
    """Rows ``{"stage", "words", "seconds", "words_per_s"}`` for each stage."""
    if n_words < 1:
        raise ValueError(f"n_words = {n_words} is invalid; it must be >= 1")
    from geoanalysis import extract_mentions
    from geoanalysis.entities import _extractor
    from geoanalysis.kb import load_kb

    kb = load_kb()
    ex = _extractor(kb)
    ex.m  # noqa: B018 - build the automata outside the timing
    arts, words = _articles(n_words, tokenize=True)
    extract_mentions(arts[:2], kb=kb)  # warm caches

    def scan():
        for a in arts:
            ex.scan(a.text, headline=False)

    rows = []
    for stage, fn in [("kb_scan", scan),
                      ("extract_mentions", lambda: extract_mentions(arts, kb=kb))]:
        sec = _best(fn)
        rows.append({"stage": stage, "words": words, "seconds": round(sec, 4), "words_per_s": round(words / sec)})
    fresh, _ = _articles(n_words, tokenize=False)
    t = time.perf_counter()
    extract_mentions(fresh, kb=kb)
    sec = time.perf_counter() - t
    rows.append({"stage": "extract_mentions+tokenize", "words": words, "seconds": round(sec, 4),
                 "words_per_s": round(words / sec)})
    return rows


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    rows = run(n)
    print(f"{'stage':<28}{'words':>10}{'seconds':>10}{'words/s':>12}")
    for r in rows:
        print(f"{r['stage']:<28}{r['words']:>10}{r['seconds']:>10.3f}{r['words_per_s']:>12,}")
