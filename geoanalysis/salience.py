"""Entity salience per article and compared across articles: shared and unique actors, rates, ranks, prominence.

Tables:

* :func:`entity_salience` -- per article and entity: ``article_id, entity_id,
  name, type, count, per_1000, rank, in_headline, in_lead, first_sentence_id,
  first_position, n_articles``
* :func:`salience` -- pairwise and one-vs-rest: ``target, reference, entity_id,
  name, type, status, count_target, count_reference, per_1000_target,
  per_1000_reference, rank_target, rank_reference, rank_diff, in_headline,
  in_lead, first_position`` (prominence columns describe the target)

Counts are body mentions. ``rank`` is the competition rank ("1224") by count
within the article (1 = most mentioned); ``first_position`` is the offset of the
first body mention divided by the body length (0 = the first word); the *lead*
is the first paragraph of the body; ``in_headline`` means the entity is
mentioned in the headline (part ``"headline"`` of the mentions table).
"""
from __future__ import annotations

import logging
from typing import Iterable

import numpy as np
import pandas as pd

from .keyness import Reference, comparison_groups
from .model import Article, as_articles

__all__ = ["entity_salience", "salience"]

LOGGER = logging.getLogger(__name__)

ENTITY_COLUMNS = ["article_id", "entity_id", "name", "type", "count", "per_1000", "rank", "in_headline",
                  "in_lead", "first_sentence_id", "first_position", "n_articles"]
SALIENCE_COLUMNS = ["target", "reference", "entity_id", "name", "type", "status", "count_target",
                    "count_reference", "per_1000_target", "per_1000_reference", "rank_target", "rank_reference",
                    "rank_diff", "in_headline", "in_lead", "first_position"]




def entity_salience(data: Article | Iterable[Article], mentions: pd.DataFrame) -> pd.DataFrame:
    """How prominent each entity is in each article.

    Parameters
    ----------
    data : Article or iterable of Article
    mentions : pandas.DataFrame
        The mentions table (see ``COMMON.md``); roll it up with
        ``entities.to_country_level`` first for country-level salience.

    Returns
    -------
    pandas.DataFrame
        One row per article and entity named in its body or headline (see the
        module docstring), sorted by article_id, rank and entity_id. An
        entity named only in the headline has ``count = 0`` and no rank.

    Examples
    --------
    >>> from geoanalysis.parsing import make_article
    >>> a = make_article("Putin met Xi.\\n\\nPutin left.", id="a", title="Putin")
    >>> m = pd.DataFrame({"article_id": "a", "part": ["body", "body", "body", "headline"],
    ...     "sentence_id": [0, 0, 1, 0], "paragraph_id": [0, 0, 1, 0], "start": [0, 10, 15, 0],
    ...     "end": [5, 12, 20, 5], "surface": ["Putin", "Xi", "Putin", "Putin"],
    ...     "entity_id": ["p:putin", "p:xi", "p:putin", "p:putin"], "name": ["Putin", "Xi", "Putin", "Putin"],
    ...     "type": "PERSON"})
    >>> entity_salience(a, m)[["entity_id", "count", "per_1000", "rank", "in_headline", "in_lead"]].values.tolist()
    [['p:putin', 2, 400.0, 1.0, True, True], ['p:xi', 1, 200.0, 2.0, False, True]]

    References
    ----------
    .. [1] Dunietz, J., & Gillick, D. (2014). A new entity salience task with
       millions of training examples. Proceedings of EACL 2014, 205-209
       (first-mention position and headline presence as salience features).
    """
    articles = as_articles(data)
    ids = [a.id for a in articles]
    words = {a.id: a.n_words for a in articles}
    length = {a.id: max(len(a.text), 1) for a in articles}
    lead_pid = {a.id: (a.paragraphs[0].id if a.paragraphs else 0) for a in articles}
    m = mentions[mentions["article_id"].isin(ids)]
    if m.empty:
        LOGGER.warning("entity_salience: no mentions for these articles")
        return _empty(ENTITY_COLUMNS)
    part = m["part"] if "part" in m else pd.Series("body", index=m.index)
    body = m[part == "body"]
    head = m[part == "headline"]
    keys = ["article_id", "entity_id"]
    names = m.sort_values(["article_id", "start"], kind="mergesort").drop_duplicates(keys)[keys + ["name", "type"]]
    g = body.groupby(keys)
    first = body.sort_values("start", kind="mergesort").drop_duplicates(keys).set_index(keys)
    lead = body[body["paragraph_id"].to_numpy() == body["article_id"].map(lead_pid).to_numpy()]
    out = names.set_index(keys)
    out["count"] = g.size().reindex(out.index, fill_value=0).astype("int64")
    out["in_headline"] = out.index.isin(pd.MultiIndex.from_frame(head[keys].drop_duplicates())) if len(head) \
        else False
    out["in_lead"] = out.index.isin(pd.MultiIndex.from_frame(lead[keys].drop_duplicates())) if len(lead) else False
    out["first_sentence_id"] = first["sentence_id"].reindex(out.index).fillna(-1).astype("int64")
    out = out.reset_index()
    out["per_1000"] = 1000 * out["count"] / out["article_id"].map(words).replace(0, np.nan)
    out["per_1000"] = out["per_1000"].fillna(0.0)
    first_start = first["start"].reindex(pd.MultiIndex.from_frame(out[keys])).to_numpy(dtype=float)
    out["first_position"] = first_start / out["article_id"].map(length).to_numpy()
    counted = out["count"].where(out["count"] > 0)
    out["rank"] = counted.groupby(out["article_id"]).rank(method="min", ascending=False)
    out["n_articles"] = out.groupby("entity_id")["article_id"].transform("nunique").astype("int64")
    out = out.sort_values(["article_id", "rank", "entity_id"], na_position="last", kind="mergesort")
    return out.reset_index(drop=True)[ENTITY_COLUMNS]


def _empty(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})


def salience(
    data: Article | Iterable[Article],
    mentions: pd.DataFrame,
    *,
    reference: Reference = "both",
) -> pd.DataFrame:
    """Entity salience of each target article against a reference.

    Parameters
    ----------
    data : Article or iterable of Article
    mentions : pandas.DataFrame
    reference : {"both", "pairwise", "rest"}
        Pairs of articles, each against the rest pooled (``reference =
        "rest"``), or both.

    Returns
    -------
    pandas.DataFrame
        One row per comparison and entity named in either side's body:
        ``status`` is ``"shared"``, ``"target_only"`` or ``"reference_only"``;
        rates use each side's word count (pooled for "rest"); ranks are within
        each side (pooled counts for "rest"); ``rank_diff = rank_reference -
        rank_target`` (positive: more prominent in the target); ``in_headline``,
        ``in_lead`` and ``first_position`` describe the target. Sorted by target,
        reference, status, descending target count, entity_id.

    Examples
    --------
    >>> from geoanalysis.parsing import make_article
    >>> a, b = make_article("Putin spoke.", id="a"), make_article("Xi spoke.", id="b")
    >>> m = pd.DataFrame({"article_id": ["a", "b"], "part": "body", "sentence_id": 0, "paragraph_id": 0,
    ...     "start": 0, "end": [5, 2], "surface": ["Putin", "Xi"], "entity_id": ["p:putin", "p:xi"],
    ...     "name": ["Putin", "Xi"], "type": "PERSON"})
    >>> salience([a, b], m, reference="pairwise")[["target", "entity_id", "status"]].values.tolist()
    [['a', 'p:putin', 'target_only'], ['a', 'p:xi', 'reference_only'], ['b', 'p:xi', 'target_only'], ['b', 'p:putin', 'reference_only']]
    """
    articles = as_articles(data)
    per = entity_salience(articles, mentions)
    per = per[per["count"] > 0] if len(per) else per
    ids = sorted(a.id for a in articles)
    groups = comparison_groups(ids, reference)
    if not groups or per.empty:
        return _empty(SALIENCE_COLUMNS)
    words = pd.Series({a.id: a.n_words for a in articles}, dtype=float)
    counts = per.pivot_table(index="entity_id", columns="article_id", values="count", aggfunc="sum",
                             fill_value=0).reindex(columns=ids, fill_value=0)
    info = per.drop_duplicates("entity_id").set_index("entity_id")[["name", "type"]]
    prom = per.set_index(["article_id", "entity_id"])[["in_headline", "in_lead", "first_position"]]
    frames = []
    for target, ref, refs in groups:
        ct = counts[target]
        cr = counts[list(refs)].sum(axis=1)
        keep = (ct > 0) | (cr > 0)
        ct, cr = ct[keep], cr[keep]
        nt, nr = words[target], words[list(refs)].sum()
        f = pd.DataFrame({"target": target, "reference": ref, "entity_id": ct.index,
                          "count_target": ct.to_numpy(), "count_reference": cr.to_numpy()})
        f["per_1000_target"] = 1000 * f["count_target"] / nt if nt else 0.0
        f["per_1000_reference"] = 1000 * f["count_reference"] / nr if nr else 0.0
        f["rank_target"] = f["count_target"].where(f["count_target"] > 0).rank(method="min", ascending=False)
        f["rank_reference"] = f["count_reference"].where(f["count_reference"] > 0).rank(method="min",
                                                                                        ascending=False)
        frames.append(f)
    out = pd.concat(frames, ignore_index=True)
    out["rank_diff"] = out["rank_reference"] - out["rank_target"]
    out["status"] = np.select([(out["count_target"] > 0) & (out["count_reference"] > 0), out["count_target"] > 0],
                              ["shared", "target_only"], "reference_only")
    out = out.join(info, on="entity_id")
    p = prom.reindex(pd.MultiIndex.from_arrays([out["target"], out["entity_id"]]))
    out["in_headline"] = p["in_headline"].eq(True).to_numpy()
    out["in_lead"] = p["in_lead"].eq(True).to_numpy()
    out["first_position"] = p["first_position"].to_numpy(dtype=float)
    order = {"shared": 0, "target_only": 1, "reference_only": 2}
    out = out.assign(_s=out["status"].map(order), _c=-out["count_target"], _r=-out["count_reference"])
    out = out.sort_values(["target", "reference", "_s", "_c", "_r", "entity_id"], kind="mergesort")
    return out.reset_index(drop=True)[SALIENCE_COLUMNS]


