"""Benchmark: co-occurrence over the mentions of a synthetic corpus (default 1M words).

Run ``python benchmarks/bench_cooccurrence.py [n_words]``; :func:`run` returns
rows ``{"stage", "words", "seconds", "words_per_s"}`` (best of three runs).
"""
from __future__ import annotations

import sys
import time
from typing import Callable

import numpy as np
import pandas as pd

from geoanalysis.cooccurrence import cooccurrence, cooccurrence_counts, edge_evidence, pool_counts

__all__ = ["synthetic_mentions", "run"]

WORDS_PER_ARTICLE = 800
WORDS_PER_SENTENCE = 25
SENTENCES_PER_PARAGRAPH = 3
WORDS_PER_MENTION = 12
N_ENTITIES = 5000


def synthetic_mentions(n_words: int, *, seed: int = 0) -> pd.DataFrame:
    """A mentions table shaped like a news corpus of ``n_words`` words (Zipfian entities)."""
    rng = np.random.default_rng(seed)
    n_mentions = max(n_words // WORDS_PER_MENTION, 1)
    word = np.sort(rng.choice(n_words, size=n_mentions, replace=False))
    article = word // WORDS_PER_ARTICLE
    token_index = word % WORDS_PER_ARTICLE
    sentence = token_index // WORDS_PER_SENTENCE
    ranks = np.arange(1, N_ENTITIES + 1)
    p = 1.0 / ranks
    entity = rng.choice(N_ENTITIES, size=n_mentions, p=p / p.sum())
    entity_id = np.char.add("person:e", entity.astype(str)).astype(object)
    return pd.DataFrame(
        {
            "article_id": np.char.add("art", np.char.zfill(article.astype(str), 6)).astype(object),
            "part": "body",
            "sentence_id": sentence,
            "paragraph_id": sentence // SENTENCES_PER_PARAGRAPH,
            "start": token_index * 6,
            "end": token_index * 6 + 5,
            "surface": entity_id,
            "entity_id": entity_id,
            "name": entity_id,
            "type": "PERSON",
            "country": "",
            "method": "kb",
            "token_index": token_index,
        }
    )


def _best(fn: Callable[[], object], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def run(n_words: int = 1_000_000) -> list[dict]:
    """Time each co-occurrence stage on a synthetic corpus of ``n_words`` words."""
    m = synthetic_mentions(n_words)
    stages: dict[str, Callable[[], object]] = {
        "counts sentence (per article)": lambda: cooccurrence_counts(m),
        "cooccurrence sentence, by article": lambda: cooccurrence(m),
        "cooccurrence sentence, pooled": lambda: cooccurrence(m, by=None),
        "cooccurrence paragraph, pooled": lambda: cooccurrence(m, unit="paragraph", by=None),
        "cooccurrence document, pooled": lambda: cooccurrence(m, unit="document", by=None),
        "cooccurrence window=5 1/d, pooled": lambda: cooccurrence(
            m, unit="window", weighting="inverse_distance", by=None
        ),
        "pool_counts of per-article counts": lambda: pool_counts(cooccurrence_counts(m)),
        "edge_evidence sentence": lambda: edge_evidence(m),
        "cooccurrence sentence + evidence": lambda: cooccurrence(m, evidence=True),
    }
    rows = []
    for stage, fn in stages.items():
        seconds = _best(fn)
        rows.append(
            {"stage": stage, "words": n_words, "seconds": round(seconds, 4), "words_per_s": round(n_words / seconds)}
        )
    return rows


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    table = pd.DataFrame(run(n))
    print(f"co-occurrence benchmark: {n:,} words, {len(synthetic_mentions(n)):,} mentions")
    print(table.to_string(index=False))
