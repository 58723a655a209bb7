"""Narrative comparison of N articles: every measure as a tidy table, bundled in a :class:`Comparison`.

``compare(corpus)`` runs salience, keyness, tone, frames, stance, quotes, claim
alignment and the timeline, each pairwise and one-vs-rest where it compares
articles (``reference`` column: another article's id or ``"rest"``).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, fields
from typing import Any, Iterable

import pandas as pd

from .alignment import align_claims
from .frames import frame_evidence, frame_hits, frames, frames_contrast
from .keyness import Correction, Reference, keyness, term_counts
from .model import Article
from .quotes import quotes
from .salience import entity_salience, salience
from .stance import stance, stance_contrast, stance_evidence, stance_hits
from .timeline import timeline
from .tone import entity_tone, sentence_tone, tone, tone_contrast

__all__ = ["Comparison", "compare"]

LOGGER = logging.getLogger(__name__)


@dataclass(frozen=True)
class Comparison:
    """The tables of a narrative comparison (see each module for the columns).

    Attributes
    ----------
    salience : pandas.DataFrame
        Entities per comparison (:func:`geoanalysis.salience.salience`).
    entities : pandas.DataFrame
        Entity salience per article (:func:`geoanalysis.salience.entity_salience`).
    keyness : pandas.DataFrame
        :func:`geoanalysis.keyness.keyness`.
    term_counts : pandas.DataFrame
    tone : pandas.DataFrame
        Per article (:func:`geoanalysis.tone.tone`).
    tone_sentences, tone_entities, tone_contrast : pandas.DataFrame
    frames : pandas.DataFrame
        Per article and frame (:func:`geoanalysis.frames.frames`).
    frames_contrast, frame_evidence : pandas.DataFrame
    stance : pandas.DataFrame
        Per article and category (:func:`geoanalysis.stance.stance`).
    stance_contrast, stance_evidence : pandas.DataFrame
    quotes : pandas.DataFrame
        :func:`geoanalysis.quotes.quotes`.
    alignment : pandas.DataFrame
        :func:`geoanalysis.alignment.align_claims`.
    timeline : pandas.DataFrame
        :func:`geoanalysis.timeline.timeline`.
    """

    salience: pd.DataFrame
    entities: pd.DataFrame
    keyness: pd.DataFrame
    term_counts: pd.DataFrame
    tone: pd.DataFrame
    tone_sentences: pd.DataFrame
    tone_entities: pd.DataFrame
    tone_contrast: pd.DataFrame
    frames: pd.DataFrame
    frames_contrast: pd.DataFrame
    frame_evidence: pd.DataFrame
    stance: pd.DataFrame
    stance_contrast: pd.DataFrame
    stance_evidence: pd.DataFrame
    quotes: pd.DataFrame
    alignment: pd.DataFrame
    timeline: pd.DataFrame

    def tables(self) -> dict[str, pd.DataFrame]:
        """All tables by name, in a fixed order (e.g. to write one CSV each)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def __repr__(self) -> str:
        return "Comparison(" + ", ".join(f"{k}={len(v)} rows" for k, v in self.tables().items()) + ")"


def compare(
    data: Iterable[Article],
    *,
    mentions: pd.DataFrame | None = None,
    reference: Reference = "both",
    correction: Correction = "fdr_bh",
    analyzer: Any = None,
    threshold: float = 0.25,
) -> Comparison:
    """Compare how the articles tell their story, on every measure.

    Parameters
    ----------
    data : Corpus or iterable of Article
    mentions : pandas.DataFrame, optional
        The mentions table; computed with
        :func:`geoanalysis.entities.extract_mentions` when not given.
    reference : {"both", "pairwise", "rest"}
        Comparisons to make: ordered pairs, each article against the rest, or both.
    correction : {"fdr_bh", "bonferroni", "none"}
        Multiple-testing correction of keyness, frame and stance p-values.
    analyzer : optional
        VADER analyzer (default :func:`geoanalysis.resources.vader_analyzer`).
    threshold : float, optional (default=0.25)
        Lowest alignment score of a matched claim.

    Returns
    -------
    Comparison
    """
    articles = list(data)
    if mentions is None:
        from .entities import extract_mentions

        mentions = extract_mentions(articles)
    counts = term_counts(articles)
    sent_tone = sentence_tone(articles, analyzer=analyzer)
    f_hits = frame_hits(articles)
    frame_table = frames(articles, hits=f_hits)
    s_hits = stance_hits(articles)
    stance_table = stance(articles, hits=s_hits)
    return Comparison(
        salience=salience(articles, mentions, reference=reference),
        entities=entity_salience(articles, mentions),
        keyness=keyness(counts, reference=reference, correction=correction),
        term_counts=counts,
        tone=tone(sent_tone),
        tone_sentences=sent_tone,
        tone_entities=entity_tone(sent_tone, mentions),
        tone_contrast=tone_contrast(sent_tone, reference=reference),
        frames=frame_table,
        frames_contrast=frames_contrast(frame_table, reference=reference, correction=correction),
        frame_evidence=frame_evidence(articles, hits=f_hits),
        stance=stance_table,
        stance_contrast=stance_contrast(stance_table, reference=reference, correction=correction),
        stance_evidence=stance_evidence(articles, hits=s_hits),
        quotes=quotes(articles, mentions=mentions),
        alignment=align_claims(articles, mentions=mentions, reference=reference, threshold=threshold),
        timeline=timeline(articles, mentions=mentions),
    )



