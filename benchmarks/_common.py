"""Shared helpers of the bench_*.py modules: the corpus and a timer that excludes setup."""
from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Callable, Iterator

import synthetic


def corpus_files(n_words: int, corpus: Path | None) -> list[Path]:
    """The synthetic corpus of ``n_words`` (generated in a temporary folder when ``corpus`` is None)."""
    if corpus is None:
        corpus = Path(tempfile.mkdtemp(prefix="geoanalysis-bench-"))
        synthetic.generate_corpus(n_words, corpus)
    return sorted(Path(corpus).glob("*.txt"))


def articles(files: list[Path]) -> Iterator:
    """Parse the files one at a time (memory holds one article)."""
    from geoanalysis.parsing import parse_article

    for path in files:
        yield parse_article(path)


def timed(stage: str, files: list[Path], work: Callable[[object], object], *, tokens: bool = True) -> dict:
    """Time ``work(article)`` over the corpus, parsing (and tokenizing) outside the clock."""
    seconds, words = 0.0, 0
    for article in articles(files):
        if tokens:
            _ = article.tokens  # tokenization is its own stage
        start = time.perf_counter()
        work(article)
        seconds += time.perf_counter() - start
        words += article.n_words
    return {"stage": stage, "words": words, "seconds": seconds}
