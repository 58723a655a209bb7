"""Claim alignment: each sentence of one article paired with its most similar sentence in another.

Similarity combines the cosine of TF-IDF vectors of content words (sentences
as documents, IDF over all sentences of the corpus) and the Jaccard overlap of
the entities the two sentences name:
``score = (1 - entity_weight) * cosine + entity_weight * jaccard``.
A sentence whose best score is below ``threshold`` (or whose best match shares
too few content words, ``min_cosine``) is a claim unique to its article
(``matched = False``).

The alignment table has one row per (target, reference, target sentence):
``target, reference, sentence_id, match_article_id, match_sentence_id, score,
cosine, entity_jaccard, matched, shared_terms, shared_entities, text,
match_text``. With ``reference = "rest"`` the match is searched in all other
articles and ``match_article_id`` says where it was found.
"""
from __future__ import annotations

import logging
from typing import Iterable

import numpy as np
import pandas as pd
from scipy import sparse

from .keyness import Reference, _term_of, _TERM, _LETTER, comparison_groups
from .model import Article

__all__ = ["sentence_vectors", "align_claims", "unique_claims"]

LOGGER = logging.getLogger(__name__)

ALIGN_COLUMNS = ["target", "reference", "sentence_id", "match_article_id", "match_sentence_id", "score", "cosine",
                 "entity_jaccard", "matched", "shared_terms", "shared_entities", "text", "match_text"]


def sentence_vectors(articles: list[Article]) -> tuple[pd.DataFrame, sparse.csr_matrix, list[str]]:
    """L2-normalized TF-IDF vectors of every body sentence over stemmed content words.

    Terms are Porter stems (NLTK) of the content words of :func:`geoanalysis.keyness.term_counts`,
    so "deepened" and "deepening" count as one term.

    Returns
    -------
    index : pandas.DataFrame
        ``article_id, sentence_id, text``, one row per matrix row.
    matrix : scipy.sparse.csr_matrix
        Sentences x terms; ``tf * log((1 + n) / (1 + df)) + 1`` weights
        (smoothed IDF as in scikit-learn), rows scaled to unit length.
    terms : list of str
    """
    from nltk.stem.porter import PorterStemmer

    stem = PorterStemmer().stem
    rows, docs = [], []
    for a in articles:
        by_sent: dict[int, list[str]] = {s.id: [] for s in a.sentences}
        for t in a.tokens:
            if t.is_alpha and not t.is_stop:
                term = _term_of(t.norm)
                if len(term) > 1 and _TERM(term) and _LETTER(term) and t.sentence_id in by_sent:
                    by_sent[t.sentence_id].append(stem(term))
        for s in a.sentences:
            rows.append((a.id, s.id, s.text))
            docs.append(by_sent[s.id])
    index = pd.DataFrame(rows, columns=["article_id", "sentence_id", "text"])
    vocab = sorted({w for d in docs for w in d})
    col = {w: j for j, w in enumerate(vocab)}
    r = np.repeat(np.arange(len(docs)), [len(d) for d in docs])
    c = np.array([col[w] for d in docs for w in d], dtype=np.int64)
    tf = sparse.csr_matrix((np.ones(len(c)), (r, c)), shape=(len(docs), len(vocab)))
    tf.sum_duplicates()
    df = np.bincount(tf.indices, minlength=len(vocab))
    idf = np.log((1 + len(docs)) / (1 + df)) + 1
    m = tf @ sparse.diags(idf)
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    m = sparse.diags(np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)) @ m
    return index, m.tocsr(), vocab


def _entity_matrix(index: pd.DataFrame, mentions: pd.DataFrame | None) -> tuple[sparse.csr_matrix, list[str]]:
    if mentions is None or mentions.empty:
        return sparse.csr_matrix((len(index), 0)), []
    body = mentions[mentions["part"] == "body"] if "part" in mentions else mentions
    pos = pd.Series(np.arange(len(index)), index=pd.MultiIndex.from_frame(index[["article_id", "sentence_id"]]))
    keys = pd.MultiIndex.from_frame(body[["article_id", "sentence_id"]])
    row = pos.reindex(keys).to_numpy()
    ok = ~np.isnan(row)
    ents = sorted(body["entity_id"].unique())
    col = {e: j for j, e in enumerate(ents)}
    c = np.array([col[e] for e in body["entity_id"]], dtype=np.int64)
    m = sparse.csr_matrix((np.ones(ok.sum()), (row[ok].astype(np.int64), c[ok])), shape=(len(index), len(ents)))
    m.data[:] = 1.0
    m.sum_duplicates()
    m.data = np.minimum(m.data, 1.0)
    return m, ents


def align_claims(
    data: Iterable[Article],
    *,
    mentions: pd.DataFrame | None = None,
    reference: Reference = "both",
    threshold: float = 0.25,
    entity_weight: float = 0.3,
    min_cosine: float = 0.1,
) -> pd.DataFrame:
    """Pair each sentence with its most similar sentence in the reference article(s).

    Parameters
    ----------
    data : iterable of Article
    mentions : pandas.DataFrame, optional
        The mentions table; without it the score is the TF-IDF cosine alone.
    reference : {"both", "pairwise", "rest"}
    threshold : float, optional (default=0.25)
        Lowest score of a match; sentences below it are unique claims.
    entity_weight : float, optional (default=0.3)
        Weight of the entity Jaccard overlap in the score (ignored without mentions).
    min_cosine : float, optional (default=0.1)
        Lowest TF-IDF cosine of a match: naming the same actors is not enough,
        the sentences must share some content words.

    Returns
    -------
    pandas.DataFrame
        The alignment table (see the module docstring), sorted by target,
        reference and sentence_id; ties go to the earliest matching sentence.

    Examples
    --------
    >>> from geoanalysis.parsing import make_article
    >>> a = make_article("Sanctions on Russia will tighten. Talks stalled.", id="a")
    >>> b = make_article("The weather was fine. Russia faces tighter sanctions.", id="b")
    >>> t = align_claims([a, b], reference="pairwise")
    >>> t[t["target"] == "a"][["sentence_id", "match_sentence_id", "matched"]].values.tolist()
    [[0, 1, True], [1, -1, False]]

    References
    ----------
    .. [0] Porter, M. F. (1980). An algorithm for suffix stripping. Program, 14(3), 130-137.
    .. [1] Salton, G., & Buckley, C. (1988). Term-weighting approaches in automatic
       text retrieval. Information Processing & Management, 24(5), 513-523.
    .. [2] Nelken, R., & Shieber, S. M. (2006). Towards robust context-sensitive
       sentence alignment for monolingual corpora. Proceedings of EACL 2006.
    """
    if not 0 <= threshold <= 1:
        raise ValueError(f"threshold = {threshold} is invalid; it must be between 0 and 1")
    if not 0 <= min_cosine <= 1:
        raise ValueError(f"min_cosine = {min_cosine} is invalid; it must be between 0 and 1")
    if not 0 <= entity_weight <= 1:
        raise ValueError(f"entity_weight = {entity_weight} is invalid; it must be between 0 and 1")
    articles = list(data)
    ids = sorted(a.id for a in articles)
    groups = comparison_groups(ids, reference)
    if not groups:
        LOGGER.warning("align_claims needs at least two articles; got %d", len(ids))
        return pd.DataFrame({c: pd.Series(dtype=object) for c in ALIGN_COLUMNS})
    index, tfidf, vocab = sentence_vectors(articles)
    ents, ent_ids = _entity_matrix(index, mentions)
    w = entity_weight if ent_ids else 0.0
    sizes = np.asarray(ents.sum(axis=1)).ravel()
    art = index["article_id"].to_numpy()
    frames = []
    for target, ref, refs in groups:
        rows = np.flatnonzero(art == target)
        cols = np.flatnonzero(np.isin(art, refs))
        if len(rows) == 0:
            continue
        if len(cols) == 0:
            best, best_score = np.full(len(rows), -1), np.zeros(len(rows))
            best_cos, best_jac = np.zeros(len(rows)), np.zeros(len(rows))
        else:
            cos = (tfidf[rows] @ tfidf[cols].T).toarray()
            inter = (ents[rows] @ ents[cols].T).toarray()
            union = sizes[rows][:, None] + sizes[cols][None, :] - inter
            jac = np.divide(inter, union, out=np.zeros_like(inter, dtype=float), where=union > 0)
            block = (1 - w) * cos + w * jac
            arg = block.argmax(axis=1)
            pick = (np.arange(len(rows)), arg)
            best, best_score, best_cos, best_jac = cols[arg], block[pick], cos[pick], jac[pick]
        matched = (best_score >= threshold) & (best_cos >= min_cosine) & (best_score > 0)
        bi = np.where(matched, best, -1)
        f = pd.DataFrame({
            "target": target, "reference": ref,
            "sentence_id": index["sentence_id"].to_numpy()[rows],
            "match_article_id": np.where(matched, art[np.maximum(bi, 0)], ""),
            "match_sentence_id": np.where(matched, index["sentence_id"].to_numpy()[np.maximum(bi, 0)], -1),
            "score": best_score,
            "cosine": best_cos,
            "entity_jaccard": best_jac,
            "matched": matched,
            "_row": rows, "_best": bi,
        })
        frames.append(f)
    out = pd.concat(frames, ignore_index=True)
    texts = index["text"].to_numpy()
    out["text"] = texts[out["_row"].to_numpy()]
    out["match_text"] = np.where(out["_best"] >= 0, texts[np.maximum(out["_best"].to_numpy(), 0)], "")
    out["shared_terms"] = [_shared(tfidf, vocab, r, b) for r, b in zip(out["_row"], out["_best"])]
    out["shared_entities"] = [_shared(ents, ent_ids, r, b) for r, b in zip(out["_row"], out["_best"])]
    out = out.astype({"sentence_id": "int64", "match_sentence_id": "int64"})
    out = out.sort_values(["target", "reference", "sentence_id"], kind="mergesort").reset_index(drop=True)
    return out[ALIGN_COLUMNS]


def _shared(matrix: sparse.csr_matrix, names: list[str], i: int, j: int) -> str:
    if j < 0 or not names:
        return ""
    a = set(matrix.indices[matrix.indptr[i]:matrix.indptr[i + 1]])
    b = set(matrix.indices[matrix.indptr[j]:matrix.indptr[j + 1]])
    return "; ".join(names[k] for k in sorted(a & b))


def unique_claims(alignment: pd.DataFrame) -> pd.DataFrame:
    """Sentences of each target without a match in the reference: ``target, reference, sentence_id, score, text``."""
    cols = ["target", "reference", "sentence_id", "score", "text"]
    return alignment.loc[~alignment["matched"].astype(bool), cols].reset_index(drop=True)
