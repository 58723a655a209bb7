"""Near-duplicate articles: MinHash signatures of word 5-grams and locality-sensitive hashing.

A wire story is republished by many outlets, often with a new headline, a
paragraph cut, or an editor's line added. Such copies would count the same
reporting several times. Two articles are near duplicates when the
**resemblance** of their bodies, the Jaccard similarity of their sets of word
5-grams ("shingles"), is at least a threshold [1]_. The resemblance is
estimated from MinHash signatures (128 hash functions: the share of equal
minima is an unbiased estimate, standard error at most 0.044), and candidate
pairs are found by locality-sensitive hashing (32 bands of 4 minima: a pair
of resemblance 0.8 becomes a candidate with probability > 0.9999) [2]_, so a
corpus is deduplicated in one pass, keeping one signature per distinct article.

Everything is deterministic: words are hashed with BLAKE2b, and the hash
functions come from a fixed seed, so the same texts give the same signatures
in every process and on every machine.

References
----------
.. [1] Broder, A. Z. (1997). "On the resemblance and containment of
   documents." *Proceedings of Compression and Complexity of SEQUENCES 1997*,
   21-29. https://doi.org/10.1109/SEQUEN.1997.666900
.. [2] Leskovec, J., Rajaraman, A., & Ullman, J. D. (2020). *Mining of
   Massive Datasets* (3rd ed.), chapter 3, "Finding Similar Items".
   Cambridge University Press.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from functools import cache

import numpy as np
import pandas as pd

__all__ = ["minhash_signature", "resemblance", "near_duplicates", "NearDuplicateIndex", "SHINGLE", "N_HASHES"]

#: Words per shingle.
SHINGLE = 5
#: Hash functions per signature.
N_HASHES = 128
_BANDS, _ROWS = 32, 4  # N_HASHES = _BANDS * _ROWS
_SEED = 20250901
_WORD = re.compile(r"\w+")
_WORD_HASHES: dict[str, int] = {}
_WORD_HASHES_MAX = 500_000
_BLOCK = 4096  # shingles hashed at once (bounds the temporary matrix to 4 MB)
NEAR_DUPLICATE_COLUMNS = ["article_id", "duplicate_of", "similarity"]


@cache
def _hash_functions() -> tuple[np.ndarray, np.ndarray]:
    """(a, b) of the N_HASHES multiply-shift hash functions h(x) = (a x + b) >> 32 (a odd), from a fixed seed."""
    rng = np.random.default_rng(_SEED)
    a = rng.integers(1, 2**63, size=N_HASHES, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    b = rng.integers(0, 2**63, size=N_HASHES, dtype=np.uint64)
    return a, b


def _word_hash(word: str) -> int:
    h = _WORD_HASHES.get(word)
    if h is None:
        if len(_WORD_HASHES) >= _WORD_HASHES_MAX:
            _WORD_HASHES.clear()
        h = int.from_bytes(hashlib.blake2b(word.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little")
        _WORD_HASHES[word] = h
    return h


def _shingles(text: str) -> np.ndarray:
    """Distinct 64-bit hashes of the word 5-grams of ``text`` (case ignored; a text of fewer words is one
    shingle)."""
    words = _WORD.findall(text.lower())
    if not words:
        return np.zeros(0, dtype=np.uint64)
    ids = np.fromiter(map(_word_hash, words), dtype=np.uint64, count=len(words))
    k = min(SHINGLE, len(ids))
    n = len(ids) - k + 1
    prime = np.uint64(0x100000001B3)  # FNV prime: the 5-gram hash is a polynomial in the word hashes
    h = ids[:n].copy()
    with np.errstate(over="ignore"):
        for j in range(1, k):
            h = h * prime + ids[j: j + n]
    return np.unique(h)


def minhash_signature(text: str) -> np.ndarray:
    """The MinHash signature of ``text``: per hash function, the least hash of its word 5-grams (Broder 1997).

    Parameters
    ----------
    text : str

    Returns
    -------
    numpy.ndarray of uint32, shape (N_HASHES,)
        All 0xFFFFFFFF for a text without words.

    References
    ----------
    Broder, A. Z. (1997). "On the resemblance and containment of documents."
    *Compression and Complexity of SEQUENCES 1997*, 21-29.

    Examples
    --------
    >>> a = minhash_signature("Russia and Ukraine met in Geneva on Monday to discuss a ceasefire.")
    >>> a.shape, a.dtype.name
    ((128,), 'uint32')
    >>> bool((a == minhash_signature("RUSSIA and Ukraine  met in Geneva on Monday to discuss a ceasefire!")).all())
    True
    """
    sig = np.full(N_HASHES, 0xFFFFFFFF, dtype=np.uint64)
    shingles = _shingles(text)
    a, b = _hash_functions()
    with np.errstate(over="ignore"):
        for start in range(0, len(shingles), _BLOCK):
            block = shingles[start: start + _BLOCK, None]
            np.minimum(sig, ((block * a + b) >> np.uint64(32)).min(axis=0), out=sig)
    return sig.astype(np.uint32)


def resemblance(a: np.ndarray, b: np.ndarray) -> float:
    """The resemblance (Jaccard similarity of the 5-gram sets) estimated from two MinHash signatures: the
    share of hash functions whose minima agree (Broder 1997).

    Examples
    --------
    >>> s = minhash_signature("one two three four five six seven")
    >>> resemblance(s, s)
    1.0
    """
    return float(np.count_nonzero(a == b)) / len(a)


class NearDuplicateIndex:
    """Signatures of the distinct articles seen so far, banded for locality-sensitive hashing
    (Leskovec, Rajaraman & Ullman, *Mining of Massive Datasets*, ch. 3).

    :meth:`add` returns the first earlier article whose resemblance to the new
    one is at least ``similarity``; otherwise the new article is distinct and
    is indexed. Memory holds one signature (512 bytes) per distinct article.

    Parameters
    ----------
    similarity : float
        In (0, 1].

    Examples
    --------
    >>> index = NearDuplicateIndex(0.8)
    >>> story = " ".join(f"word{i}" for i in range(200))
    >>> index.add("a", minhash_signature(story)) is None
    True
    >>> index.add("b", minhash_signature(story + " Reporting by Jane Doe."))[0]
    'a'
    >>> index.add("c", minhash_signature("Something else entirely, said nobody in Geneva today.")) is None
    True
    """

    def __init__(self, similarity: float):
        self.similarity = check_similarity(similarity)
        self._ids: list[str] = []
        self._sigs: list[np.ndarray] = []
        self._buckets: dict[bytes, list[int]] = {}

    def __len__(self) -> int:
        return len(self._ids)

    def add(self, article_id: str, signature: np.ndarray) -> tuple[str, float] | None:
        """(id of the first earlier near duplicate, resemblance), or None (``article_id`` is then indexed)."""
        keys = [bytes([band]) + signature[band * _ROWS: (band + 1) * _ROWS].tobytes() for band in range(_BANDS)]
        candidates = sorted({i for key in keys for i in self._buckets.get(key, ())})
        for i in candidates:  # in corpus order: the first match is the earliest article
            sim = resemblance(self._sigs[i], signature)
            if sim >= self.similarity:
                return self._ids[i], sim
        n = len(self._ids)
        self._ids.append(article_id)
        self._sigs.append(signature)
        for key in keys:
            self._buckets.setdefault(key, []).append(n)
        return None


def check_similarity(similarity: float) -> float:
    """``similarity`` as a float in (0, 1], else a ValueError naming it."""
    try:
        value = float(similarity)
    except (TypeError, ValueError):
        raise ValueError(f"similarity = {similarity!r} is invalid; it must be a number in (0, 1]") from None
    if not 0 < value <= 1:
        raise ValueError(f"similarity = {similarity!r} is invalid; it must be in (0, 1]")
    return value


def near_duplicates(articles: Iterable, *, similarity: float = 0.9) -> pd.DataFrame:
    """The articles whose body resembles an earlier one's (word 5-grams, Jaccard similarity >= ``similarity``,
    estimated by MinHash; Broder 1997).

    Parameters
    ----------
    articles : Corpus or iterable of Article
        In their order: the first of a group of copies is kept.
    similarity : float, optional (default=0.9)
        In (0, 1]; 1 finds copies whose 5-grams are all the same.

    Returns
    -------
    pandas.DataFrame
        ``article_id, duplicate_of, similarity``: one row per near duplicate,
        with the earlier article it copies and the estimated resemblance.

    References
    ----------
    Broder, A. Z. (1997). "On the resemblance and containment of documents."
    Leskovec, J., Rajaraman, A., & Ullman, J. D. (2020). *Mining of Massive
    Datasets*, ch. 3.

    Examples
    --------
    >>> from geoanalysis.parsing import make_article
    >>> wire = ("Russian and Ukrainian negotiators met in Geneva on Monday for a third round of talks on a "
    ...         "ceasefire, officials from both sides said, as fighting continued in the east of the country.")
    >>> corpus = [make_article(wire, id="reuters"), make_article(wire + " Reporting by Jane Doe.", id="local"),
    ...           make_article("NATO ministers met in Brussels to discuss air defence for the coming winter.",
    ...                        id="other")]
    >>> near_duplicates(corpus, similarity=0.7)[["article_id", "duplicate_of"]].values.tolist()
    [['local', 'reuters']]
    """
    index = NearDuplicateIndex(similarity)
    rows = []
    for a in articles:
        found = index.add(a.id, minhash_signature(a.text))
        if found is not None:
            rows.append((a.id, found[0], found[1]))
    return pd.DataFrame(rows, columns=NEAR_DUPLICATE_COLUMNS)
