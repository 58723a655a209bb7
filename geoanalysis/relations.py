"""Cooperation and conflict: typing co-occurrence contexts with a CAMEO/QuadClass-style lexicon.

Method
------
Each context (a sentence, by default) is scanned for the cues of the
packaged lexicon ``data/relations_lexicon.csv``: words and phrases standing for
the CAMEO event categories [1]_, grouped as GDELT's QuadClass [2]_ into verbal
cooperation (consult, engage in diplomatic cooperation, intent to cooperate),
material cooperation (material cooperation, aid, yield), verbal conflict
(demand, disapprove, reject, threaten, protest) and material conflict
(military posture, reduce relations, coerce, assault, fight, mass violence).
The longest cue wins ("mutual defense pact" counts once, not also as "pact").
A cue preceded within three words by a negation (``not``, ``no``, ``never``,
``without``, ``n't`` ...; the clause ends at ``,;:``) is dropped.  The weights
of the remaining cues are summed per side; the context is ``cooperation`` when
the cooperation score is higher, ``conflict`` when the conflict score is
higher, ``neutral`` otherwise (no cues, or a tie).

Per edge (:func:`relation_edges`): the number of the pair's contexts of each
class and ``relation_score = (cooperation - conflict) / contexts`` in
[-1, 1], whose sign gives ``relation``.

Limits
------
This is a bag of cues, not event extraction: there is no event-argument
structure, so the class is that of the *context*, not of the pair or of who
acts on whom.  "North Korea's deployment of troops to Ukraine and its supply
of shells to Russia" is one context for both pairs.  Negation is handled
only in its simplest form (no scope beyond three words, no double negation,
no "end the war" or "lift sanctions" reversal), irony and reported speech are
read literally, and topical words ("the Ukraine conflict") count as conflict.
Use it to sort and read evidence, not as a measurement of relations.

References
----------
.. [1] Schrodt, P. A. (2012). CAMEO Conflict and Mediation Event Observations:
   Event and Actor Codebook, version 1.1b3. Pennsylvania State University.
.. [2] Leetaru, K., & Schrodt, P. A. (2013). GDELT: Global data on events,
   location, and tone, 1979-2012. ISA Annual Convention.
"""
from __future__ import annotations

import logging
import re
from functools import cache
from typing import TYPE_CHECKING, Iterable, Literal, Sequence

import numpy as np
import pandas as pd

from .cooccurrence import POOLED_ID, edge_evidence, evidence_text

if TYPE_CHECKING:  # pragma: no cover
    from .model import Article, Corpus

__all__ = [
    "relations_lexicon",
    "classify_relations",
    "relation_edges",
    "with_relations",
]

LOGGER = logging.getLogger(__name__)

RELATIONS = ("cooperation", "conflict", "neutral")
QUAD_CLASSES = {1: "verbal_cooperation", 2: "material_cooperation", 3: "verbal_conflict", 4: "material_conflict"}
CONTEXT_COLUMNS = (
    ["cooperation", "conflict"] + list(QUAD_CLASSES.values()) + ["relation", "score", "cues"]
)
EDGE_RELATION_COLUMNS = ["cooperation", "conflict", "neutral", "relation_score", "relation"]
NEGATORS = frozenset(
    "not no never without nor neither cannot none nobody nothing hardly barely".split()
)
LEXICON_FILE = "relations_lexicon.csv"
_CLAUSE_END = re.compile(r"[,;:.!?()\[\]\u2014]")
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")


@cache
def _lexicon() -> pd.DataFrame:
    from .resources import data_path

    lex = pd.read_csv(data_path(LEXICON_FILE), comment="#", dtype={"pattern": str, "cameo": str})
    bad = set(lex["relation"]) - {"cooperation", "conflict"}
    if bad:
        raise ValueError(f"{LEXICON_FILE}: relation values {sorted(bad)} are invalid")
    return lex


def relations_lexicon() -> pd.DataFrame:
    """The packaged cue lexicon: ``pattern, relation, quad_class, cameo, weight``.

    Examples
    --------
    >>> lex = relations_lexicon()
    >>> row = lex.set_index("pattern").loc["invasion*"]
    >>> row["relation"], int(row["quad_class"]), row["cameo"]
    ('conflict', 4, '19 fight')
    """
    return _lexicon().copy()


def _pattern_regex(pattern: str) -> str:
    words = pattern.strip().lower().split()
    parts = []
    for w in words:
        star = w.endswith("*")
        w = re.escape(w.rstrip("*")).replace(r"\-", r"[\s\-]*")
        parts.append(w + (r"[a-z]*" if star else ""))
    return r"[\s\-]+".join(parts)


@cache
def _compiled(
    rows: tuple[tuple[str, str, int, float], ...],
) -> tuple[re.Pattern[str], tuple[tuple[str, int, float, str], ...]]:
    """One alternation regex over all cues (longest first) and the cue of each group."""
    order = sorted(range(len(rows)), key=lambda i: (-len(rows[i][0]), i))
    alternatives = [(_pattern_regex(rows[i][0]), f"(?P<c{i}>{_pattern_regex(rows[i][0])})") for i in order]
    if all(rx[:1].isalpha() and rx[:1].isascii() for rx, _ in alternatives):
        # dispatch on the first letter: only cues starting with it are tried at a word start (same
        # matches: cues with another first letter cannot match there, and each group keeps the order)
        groups: dict[str, list[str]] = {}
        for rx, alt in alternatives:
            groups.setdefault(rx[0], []).append(alt)
        body = "|".join(f"(?={ch})(?:{'|'.join(alts)})" for ch, alts in groups.items())
    else:
        body = "|".join(alt for _, alt in alternatives)
    regex = re.compile(r"(?<![a-z0-9])(?:" + body + r")(?![a-z0-9])")
    info = tuple((str(rel), int(quad), float(weight), str(pat)) for pat, rel, quad, weight in rows)
    return regex, info


def _lexicon_rows(lex: pd.DataFrame) -> tuple[tuple[str, str, int, float], ...]:
    missing = {"pattern", "relation", "quad_class", "weight"} - set(lex.columns)
    if missing:
        raise ValueError(f"lexicon is missing the columns {sorted(missing)}")
    cols = lex[["pattern", "relation", "quad_class", "weight"]]
    return tuple((str(p), str(r), int(q), float(w)) for p, r, q, w in cols.itertuples(index=False, name=None))


def _normalize(text: str) -> str:
    from .tokenization import normalize

    return normalize(text)


def _negated(text: str, start: int) -> bool:
    before = text[max(0, start - 60) : start]
    clause = _CLAUSE_END.split(before)[-1]
    words = _WORD.findall(clause)[-3:]
    return any(w in NEGATORS or w.endswith("n't") for w in words)


def _score_text(text: str, regex: re.Pattern[str], info: Sequence[tuple[str, int, float, str]]) -> tuple:
    norm = _normalize(text)
    coop = conf = 0.0
    quads = [0, 0, 0, 0]
    cues = []
    for match in regex.finditer(norm):
        rel, quad, weight, pattern = info[int(match.lastgroup[1:])]
        if _negated(norm, match.start()):
            cues.append(f"not {match.group(0)}")
            continue
        if rel == "cooperation":
            coop += weight
        else:
            conf += weight
        quads[quad - 1] += 1
        cues.append(match.group(0))
    relation = "cooperation" if coop > conf else "conflict" if conf > coop else "neutral"
    score = 0.0 if coop + conf == 0 else (coop - conf) / (coop + conf)
    return (coop, conf, *quads, relation, score, "; ".join(cues))


def classify_relations(
    texts: pd.DataFrame | pd.Series | Iterable[str],
    *,
    lexicon: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Classify contexts as cooperation, conflict or neutral (see the module docstring).

    Parameters
    ----------
    texts : pandas.DataFrame, pandas.Series or iterable of str
        A table with a ``text`` column (other columns, such as ``context_id``
        from :func:`geoanalysis.cooccurrence.evidence_text`, are kept), or texts.
    lexicon : pandas.DataFrame, optional
        A table like :func:`relations_lexicon` (default: the packaged one).

    Returns
    -------
    pandas.DataFrame
        The input columns (or ``text``) and ``cooperation, conflict`` (summed
        cue weights), ``verbal_cooperation, material_cooperation,
        verbal_conflict, material_conflict`` (cue counts per QuadClass),
        ``relation``, ``score`` = (cooperation - conflict) / (cooperation +
        conflict) or 0, and ``cues`` (matched cues; dropped negated cues are
        listed as ``"not <cue>"``).

    References
    ----------
    .. [1] Schrodt, P. A. (2012). CAMEO Conflict and Mediation Event
       Observations: Event and Actor Codebook, version 1.1b3.

    Examples
    --------
    >>> classify_relations([
    ...     "Russia and North Korea signed a mutual defence pact.",
    ...     "Russia invaded Ukraine in 2022.",
    ...     "Lavrov said no talks were on the calendar.",
    ... ])[["relation", "cues"]]
          relation                 cues
    0  cooperation  mutual defence pact
    1     conflict              invaded
    2      neutral            not talks
    """
    if isinstance(texts, pd.DataFrame):
        if "text" not in texts.columns:
            raise ValueError("texts has no 'text' column; pass evidence_text(...) or a list of strings")
        frame = texts.reset_index(drop=True)
    else:
        values = texts.tolist() if isinstance(texts, pd.Series) else list(texts)
        frame = pd.DataFrame({"text": pd.Series(values, dtype=object)})
    regex, info = _compiled(_lexicon_rows(_lexicon() if lexicon is None else lexicon))
    rows = [_score_text(str(t), regex, info) for t in frame["text"].fillna("")]
    scores = pd.DataFrame(rows, columns=CONTEXT_COLUMNS)
    if not len(scores):
        scores = scores.astype({c: "float64" for c in ("cooperation", "conflict", "score")})
    for col in QUAD_CLASSES.values():
        scores[col] = scores[col].astype("int64")
    return pd.concat([frame.drop(columns=[c for c in CONTEXT_COLUMNS if c in frame.columns]), scores], axis=1)


def relation_edges(
    corpus: "Corpus | Sequence[Article] | Article",
    mentions: pd.DataFrame,
    *,
    unit: Literal["sentence", "paragraph", "document", "window"] = "sentence",
    window: int = 5,
    level: Literal["entity", "country"] = "entity",
    by: Literal["article"] | None = "article",
    headline: bool = True,
    lexicon: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Cooperation/conflict counts and a signed score per co-occurring pair.

    Every context in which a pair co-occurs (:func:`geoanalysis.cooccurrence.edge_evidence`)
    is classified by :func:`classify_relations`; the pair gets the number of
    its contexts of each class.

    Parameters
    ----------
    corpus : Corpus, sequence of Article or Article
        The articles, for the text of the contexts.
    mentions : pandas.DataFrame
        Their mentions table.
    unit, window, level, by, headline
        As in :func:`geoanalysis.cooccurrence.cooccurrence`; use the same
        values to merge the result with its edges.
    lexicon : pandas.DataFrame, optional
        A cue table like :func:`relations_lexicon`.

    Returns
    -------
    pandas.DataFrame
        ``article_id, source, target, contexts, cooperation, conflict,
        neutral, relation_score, relation``; ``relation_score`` =
        (cooperation - conflict) / contexts, ``relation`` its sign as a word.
        Sorted by article, source, target.

    References
    ----------
    .. [1] Leetaru, K., & Schrodt, P. A. (2013). GDELT: Global data on
       events, location, and tone, 1979-2012. ISA Annual Convention.
    """
    regex, info = _default_compiled() if lexicon is None else _compiled(_lexicon_rows(lexicon))
    table = _fast_pair_classes(corpus, mentions, unit, window, level, by, headline, regex, info)
    if table:
        return _edges_frame(table)
    ev = edge_evidence(mentions, unit=unit, window=window, level=level, by=by, headline=headline)
    keys = ["article_id", "source", "target"]
    if not len(ev):
        empty = {c: pd.Series(dtype=object) for c in keys}
        empty.update({c: pd.Series(dtype="int64") for c in ("contexts", "cooperation", "conflict", "neutral")})
        empty.update(relation_score=pd.Series(dtype="float64"), relation=pd.Series(dtype=object))
        return pd.DataFrame(empty)
    texts = evidence_text(ev["context_id"].drop_duplicates(), corpus)
    # the relation of each context (as classify_relations), then contexts per pair and class
    classes = {cid: _score_text(str(text), regex, info)[6]
               for cid, text in zip(texts["context_id"].tolist(), texts["text"].fillna("").tolist())}
    column = {rel: k for k, rel in enumerate(RELATIONS)}
    table: dict[tuple, list[int]] = {}
    for key in zip(ev["article_id"].tolist(), ev["source"].tolist(), ev["target"].tolist(),
                   ev["context_id"].tolist()):
        k = column.get(classes.get(key[3]))
        if k is not None:
            table.setdefault(key[:3], [0, 0, 0])[k] += 1
    return _edges_frame(table)


@cache
def _default_compiled() -> tuple[re.Pattern[str], tuple]:
    """The regex and cue info of the packaged lexicon (built once per process)."""
    return _compiled(_lexicon_rows(_lexicon()))


def _fast_pair_classes(corpus, mentions: pd.DataFrame, unit: str, window: int, level: str, by, headline: bool,
                       regex: re.Pattern[str], info) -> dict[tuple, list[int]] | None:
    """Contexts of each class per ``(article_id, source, target)`` in plain Python, or None.

    The same counts as :func:`geoanalysis.cooccurrence.edge_evidence` followed
    by one classification per distinct context, without the pandas tables: each
    context (sentence, paragraph, headline, document) is classified once. Only
    for plain tables (string ids, integer context numbers) and ``by="article"``
    outside the window unit; None otherwise (the general path then runs).
    """
    from .cooccurrence import _check_options, _prepare
    from .model import Article

    _check_options(unit, window, "binary", level, by)
    if unit not in ("sentence", "paragraph", "document") or by != "article":
        return None
    m = _prepare(mentions, unit, level, headline)
    if not len(m):
        return None
    aids, eids = m["article_id"].tolist(), m["entity_id"].tolist()
    parts = m["part"].tolist()
    nums = m["sentence_id"].tolist() if unit == "sentence" else (
        m["paragraph_id"].tolist() if unit == "paragraph" else [0] * len(aids))
    if any(type(x) is not str for x in aids) or any(type(x) is not str for x in eids) \
            or any(type(x) is not int for x in nums):
        return None
    contexts: dict[tuple[str, int], set[str]] = {}
    for aid, part, num, eid in zip(aids, parts, nums, eids):
        key = (aid, 0 if unit == "document" else (-1 if part == "headline" else num))
        contexts.setdefault(key, set()).add(eid)
    arts = {corpus.id: corpus} if isinstance(corpus, Article) else {a.id: a for a in corpus}
    column = {rel: k for k, rel in enumerate(RELATIONS)}
    table: dict[tuple, list[int]] = {}
    for (aid, num), ents in contexts.items():
        if len(ents) < 2:
            continue
        article = arts.get(aid)
        if article is None:
            return None  # evidence_text raises the error
        if unit == "document":
            text = article.text if not article.title else f"{article.title}\n\n{article.text}"
        elif num < 0:
            text = article.title or ""
        else:
            found = [x for x in (article.sentences if unit == "sentence" else article.paragraphs) if x.id == num]
            if not found:
                return None
            text = found[0].text
        k = column[_score_text(text, regex, info)[6]]
        ordered = sorted(ents)
        for i, src in enumerate(ordered):
            for tgt in ordered[i + 1:]:
                table.setdefault((aid, src, tgt), [0, 0, 0])[k] += 1
    return table


def _edges_frame(table: dict[tuple, list[int]]) -> pd.DataFrame:
    """The relation_edges table from class counts per ``(article_id, source, target)``."""
    rows = sorted(table.items(), key=lambda item: item[0])
    coop = [c[0] for _, c in rows]
    conf = [c[1] for _, c in rows]
    neutral = [c[2] for _, c in rows]
    contexts = [sum(c) for _, c in rows]
    score = [(a - b) / n for a, b, n in zip(coop, conf, contexts)]
    out = pd.DataFrame({
        "article_id": pd.Series([k[0] for k, _ in rows], dtype=object),
        "source": pd.Series([k[1] for k, _ in rows], dtype=object),
        "target": pd.Series([k[2] for k, _ in rows], dtype=object),
        "contexts": np.array(contexts, dtype=np.int64),
        "cooperation": np.array(coop, dtype=np.int64),
        "conflict": np.array(conf, dtype=np.int64),
        "neutral": np.array(neutral, dtype=np.int64),
        "relation_score": np.array(score, dtype=np.float64),
        "relation": pd.Series(["cooperation" if x > 0 else "conflict" if x < 0 else "neutral" for x in score],
                              dtype=object),
    })
    return out


def with_relations(
    edges: pd.DataFrame,
    corpus: "Corpus | Sequence[Article] | Article",
    mentions: pd.DataFrame,
    *,
    lexicon: pd.DataFrame | None = None,
    **options,
) -> pd.DataFrame:
    """The edges of :func:`geoanalysis.cooccurrence.cooccurrence` with relation columns added.

    Parameters
    ----------
    edges : pandas.DataFrame
        An edges table; its ``attrs`` (set by ``cooccurrence``) give
        ``unit``, ``window``, ``level`` and ``by`` unless passed in ``options``.
    corpus, mentions, lexicon
        As in :func:`relation_edges`.
    **options
        ``unit``, ``window``, ``level``, ``by``, ``headline``.

    Returns
    -------
    pandas.DataFrame
        ``edges`` plus ``cooperation, conflict, neutral, relation_score, relation``.
    """
    opts = {k: edges.attrs[k] for k in ("unit", "window", "level", "by") if k in edges.attrs}
    opts.update(options)
    if "by" not in opts:
        opts["by"] = None if (len(edges) and (edges["article_id"] == POOLED_ID).all()) else "article"
    rel = relation_edges(corpus, mentions, lexicon=lexicon, **opts)
    keys = ["article_id", "source", "target"]
    out = edges.drop(columns=[c for c in EDGE_RELATION_COLUMNS if c in edges.columns]).merge(
        rel.drop(columns="contexts"), on=keys, how="left", validate="one_to_one"
    )
    for col in ("cooperation", "conflict", "neutral"):
        out[col] = out[col].fillna(0).astype("int64")
    out["relation_score"] = out["relation_score"].fillna(0.0)
    out["relation"] = out["relation"].fillna("neutral")
    out.attrs.update(edges.attrs)
    return out
