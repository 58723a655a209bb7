"""Parsing: files to Article (reading, header/footer rules, sentence splitting)."""
from __future__ import annotations

import time
from pathlib import Path

from _common import corpus_files


def run(n_words: int, corpus: Path | None = None) -> dict:
    from geoanalysis.parsing import parse_article

    files = corpus_files(n_words, corpus)
    words, seconds = 0, 0.0
    for path in files:
        start = time.perf_counter()
        article = parse_article(path)
        seconds += time.perf_counter() - start
        words += len(article.text.split())
    return {"stage": "parsing", "words": words, "seconds": seconds}
