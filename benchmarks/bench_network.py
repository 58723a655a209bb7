"""Co-occurrence counts and cooperation/conflict typing (mentions precomputed), per article and per batch.

Two rows: one call per article (``analyze_article``, notebooks), and one call
per batch of :data:`geoanalysis.runner.BATCH_ARTICLES` articles with the
batch's mentions, as the corpus runner makes them.
"""
from __future__ import annotations

import time
from pathlib import Path

from _common import articles, corpus_files


def run(n_words: int, corpus: Path | None = None) -> list[dict]:
    from geoanalysis.cooccurrence import cooccurrence_counts
    from geoanalysis.entities import extract_mentions
    from geoanalysis.relations import relation_edges
    from geoanalysis.runner import BATCH_ARTICLES

    arts = list(articles(corpus_files(n_words, corpus)))
    words = sum(a.n_words for a in arts)
    per_article = [(a, extract_mentions(a)) for a in arts]
    start = time.perf_counter()
    for article, mentions in per_article:
        cooccurrence_counts(mentions)
        relation_edges(article, mentions)
    one = time.perf_counter() - start
    batches = [arts[i: i + BATCH_ARTICLES] for i in range(0, len(arts), BATCH_ARTICLES)]
    batched = [(batch, extract_mentions(batch, merge=False)) for batch in batches]
    start = time.perf_counter()
    for batch, mentions in batched:
        cooccurrence_counts(mentions)
        relation_edges(batch, mentions)
    many = time.perf_counter() - start
    return [{"stage": "co-occurrence + relations, per article", "words": words, "seconds": one},
            {"stage": f"co-occurrence + relations, batches of {BATCH_ARTICLES}", "words": words, "seconds": many}]
