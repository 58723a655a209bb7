"""Near duplicates: MinHash signatures of parsed articles and the LSH index (the first pass of ``--similarity``)."""
from __future__ import annotations

from pathlib import Path

from _common import corpus_files, timed


def run(n_words: int, corpus: Path | None = None) -> dict:
    from geoanalysis.duplicates import NearDuplicateIndex, minhash_signature

    index = NearDuplicateIndex(0.8)
    return timed("near duplicates (MinHash + LSH)", corpus_files(n_words, corpus),
                 lambda a: index.add(a.id, minhash_signature(a.text)), tokens=False)
