"""Co-occurrence counts and cooperation/conflict typing per article (mentions precomputed)."""
from __future__ import annotations

import time
from pathlib import Path

from _common import articles, corpus_files


def run(n_words: int, corpus: Path | None = None) -> dict:
    from geoanalysis.cooccurrence import cooccurrence_counts
    from geoanalysis.entities import extract_mentions
    from geoanalysis.relations import relation_edges

    words, seconds = 0, 0.0
    for article in articles(corpus_files(n_words, corpus)):
        mentions = extract_mentions(article)
        words += article.n_words
        start = time.perf_counter()
        cooccurrence_counts(mentions)
        relation_edges(article, mentions)
        seconds += time.perf_counter() - start
    return {"stage": "co-occurrence + relations", "words": words, "seconds": seconds}
