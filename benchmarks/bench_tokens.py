"""Tokenization: word tokens with offsets of parsed articles."""
from __future__ import annotations

from pathlib import Path

from _common import corpus_files, timed


def run(n_words: int, corpus: Path | None = None) -> dict:
    return timed("tokenization", corpus_files(n_words, corpus), lambda a: a.tokens, tokens=False)
