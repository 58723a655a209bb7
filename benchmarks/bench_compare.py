"""Narrative comparison per article: term counts, tone (VADER), frames, stance, quotes."""
from __future__ import annotations

import time
from pathlib import Path

from _common import articles, corpus_files


def run(n_words: int, corpus: Path | None = None) -> dict:
    from geoanalysis.entities import extract_mentions
    from geoanalysis.frames import frames
    from geoanalysis.keyness import term_counts
    from geoanalysis.quotes import find_quotes
    from geoanalysis.stance import stance
    from geoanalysis.tone import sentence_tone, tone

    words, seconds = 0, 0.0
    for article in articles(corpus_files(n_words, corpus)):
        mentions = extract_mentions(article)
        words += article.n_words
        start = time.perf_counter()
        term_counts(article)
        tone(sentence_tone(article))
        frames(article)
        stance(article)
        find_quotes(article, mentions)
        seconds += time.perf_counter() - start
    return {"stage": "compare (terms, tone, frames, stance, quotes)", "words": words, "seconds": seconds}
