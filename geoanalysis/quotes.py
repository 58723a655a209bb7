"""Direct quotations: spans, kind (speech, headline, term) and the speaker, resolved to an entity.

A quotation is text between double quotation marks, straight (``"``) or curly
(``“ ”``), within one paragraph; it may span sentences. Each quotation gets a
*kind*:

* ``"headline"`` -- the sentence presents it as a headline or title ("Headlines
  in the *New York Times* ... declared, “...”");
* ``"term"`` -- a short label or scare quote used as a noun phrase ("referred to
  as the “Axis of Upheaval”", "a new “coalition of the willing”");
* ``"speech"`` -- words attributed to someone, whole or partial ("she added,
  “If we ...”", "Trump's refrain that “the killing must stop.”").

The speaker of speech is found from a cue (a reporting verb such as *said,
added, insisted, declared, promising*, or a noun such as *refrain, statement*)
in the same sentence: the nearest entity mention or personal pronoun next to
the cue, a pronoun being resolved to the last person named before it (the
simple recency heuristic of quote attribution, cf. Pareti et al. 2013;
Muzny et al. 2017). Headlines are attributed to the media named in the sentence.

The quotes table has columns ``article_id, quote_id, sentence_id,
end_sentence_id, start, end, text, n_words, kind, cue, speaker_id, speaker,
speaker_surface, attribution`` (``start``/``end``: offsets of the quoted text
inside the marks; ``attribution`` one of ``"named", "pronoun", "media",
"none"``).
"""
from __future__ import annotations

import bisect
import logging
import re
from typing import Iterable, NamedTuple

import numpy as np
import pandas as pd

from .model import Article, as_articles

__all__ = ["quote_spans", "find_quotes", "quotes", "SPEECH_CUES", "PRONOUNS"]

LOGGER = logging.getLogger(__name__)

QUOTE_COLUMNS = ["article_id", "quote_id", "sentence_id", "end_sentence_id", "start", "end", "text", "n_words",
                 "kind", "cue", "speaker_id", "speaker", "speaker_surface", "attribution"]

#: reporting verbs and nouns that attribute words to a speaker (lower case, normalized)
SPEECH_CUES = frozenset("""
said say says saying added adds adding insisted insists insisting declared declares declaring told tells telling
stated states noted notes noting warned warns warning argued argues arguing claimed claims claiming asked asks
wrote writes writing explained explains promised promises promising vowed vows vowing replied replies responded
announced announces urged urges suggested suggests remarked acknowledged admitted stressed stresses emphasized
emphasised continued concluded recalled tweeted posted quipped joked pledged pledges repeated repeats
refrain statement statements remarks words message mantra slogan pledge vow promise promises comment comments
""".split())
#: words before a quotation that present it as a term rather than as speech
TERM_CUES = ("so-called", "dubbed", "call it", "calls it", "call them", "call", "calls", "termed", "called", "known as", "labeled", "labelled", "branded",
             "nicknamed", "described as", "referred to as", "as", "the term", "the phrase", "the word", "the label")
HEADLINE_CUES = frozenset("headline headlines titled entitled title front-page".split())
#: personal pronouns that can introduce a speaker -> entity types they can refer to
PRONOUNS = {"he": ("PERSON",), "she": ("PERSON",)}
SPEAKER_TYPES = ("PERSON", "ORG", "MEDIA", "GROUP", "COUNTRY", "CITY", "GPE_OTHER")

_OPEN = {"\u201c": "\u201d", '"': '"', "\u201e": "\u201d"}
_CLOSE = {"\u201d", '"'}
_TERMINAL = re.compile(r"[.!?]")
_MARKS = re.compile("\n(?=\n)|[\"\u201c\u201d\u201e]")


class _Quote(NamedTuple):
    start: int  # offset of the opening mark
    end: int  # offset just after the closing mark


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of double-quoted passages, marks included.

    A straight ``"`` opens when not preceded by a letter or digit and closes
    otherwise; a curly ``“`` opens and ``”`` closes. A quotation never crosses
    a blank line (paragraph); an unclosed mark is ignored.

    Examples
    --------
    >>> text = 'He said \u201cno.\u201d A "term" here. "Unclosed'
    >>> [text[s:e] for s, e in quote_spans(text)]
    ['\u201cno.\u201d', '"term"']
    """
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    # only paragraph breaks and quotation marks change the state: visit just those
    for m in _MARKS.finditer(text):
        i = m.start()
        ch = text[i]
        if ch == "\n":
            open_at = None  # paragraph break: drop an unclosed quotation
        elif open_at is None:
            if ch in ("\u201c", "\u201e") or (ch == '"' and (i == 0 or not text[i - 1].isalnum())):
                open_at = i
        elif ch in _CLOSE:
            spans.append((open_at, i + 1))
            open_at = None
        elif ch == "\u201c":
            open_at = i  # a new opening before any closing: restart there
    return spans


def _norm(s: str) -> str:
    return s.lower().replace("\u2019", "'").replace("\u2018", "'")


def _inside(spans: list[tuple[int, int]], starts: list[int], offset: int) -> bool:
    k = bisect.bisect_right(starts, offset) - 1
    return k >= 0 and spans[k][0] <= offset < spans[k][1]


def find_quotes(article: Article, mentions: pd.DataFrame | None = None) -> pd.DataFrame:
    """Direct quotations of one article with kind, cue and speaker.

    Parameters
    ----------
    article : Article
    mentions : pandas.DataFrame, optional
        This article's rows of the mentions table; without it no speaker is
        resolved to an entity (pronoun and cue are still reported).

    Returns
    -------
    pandas.DataFrame
        The quotes table (see the module docstring), in text order.

    Examples
    --------
    >>> from geoanalysis.parsing import make_article
    >>> a = make_article('Analysts call it the \u201cAxis of Upheaval.\u201d \u201cWe will win,\u201d she said.', id="a")
    >>> find_quotes(a)[["text", "kind", "cue", "speaker_surface"]].values.tolist()
    [['Axis of Upheaval.', 'term', '', ''], ['We will win,', 'speech', 'said', 'she']]

    References
    ----------
    .. [1] Pareti, S., O'Keefe, T., Konstas, I., Curran, J. R., & Koprinska, I.
       (2013). Automatically detecting and attributing indirect quotations.
       Proceedings of EMNLP 2013, 989-999.
    .. [2] Muzny, G., Fang, M., Chang, A., & Jurafsky, D. (2017). A two-stage
       sieve approach for quote attribution. Proceedings of EACL 2017, 460-470.
    """
    text = article.text
    spans = quote_spans(text)
    if not spans:
        return _empty()
    starts = [s for s, _ in spans]
    tokens = [t for t in article.tokens if t.is_alpha]
    tok_starts = [t.start for t in tokens]

    ments = _body_mentions(mentions, article.id)
    # mentions and pronouns outside quotations are speaker candidates
    cands: list[tuple[int, int, str, str, str, str]] = []  # start, end, surface, entity_id, name, type
    if ments is not None:
        for m_start, m_end, m_surface, m_eid, m_name, m_type in zip(
                *(ments[c].tolist() for c in ("start", "end", "surface", "entity_id", "name", "type"))):
            if not _inside(spans, starts, m_start) and m_type in SPEAKER_TYPES:
                cands.append((m_start, m_end, m_surface, m_eid, m_name, m_type))
    for t in tokens:
        if t.norm in PRONOUNS and not _inside(spans, starts, t.start):
            cands.append((t.start, t.end, t.text, "", "", "PRONOUN"))
    cands.sort()
    cand_starts = [c[0] for c in cands]
    persons = [c for c in cands if c[5] == "PERSON"]
    person_ends = [c[1] for c in persons]

    rows = []
    for qi, (qs, qe) in enumerate(spans):
        inner_s, inner_e = qs + 1, qe - 1
        content = text[inner_s:inner_e]
        lead_ws = len(content) - len(content.lstrip())
        inner_s += lead_ws
        inner_e = inner_s + len(content.strip())
        content = text[inner_s:inner_e]
        sent = article.sentence_at(qs) or article.sentence_at(inner_s)
        end_sent = article.sentence_at(max(inner_e - 1, inner_s)) or sent
        s_start = sent.start if sent else qs
        s_end = end_sent.end if end_sent else qe
        if sent is not None:  # the quotation's sentence may also hold a cue after a multi-sentence quote
            s_end = max(s_end, sent.end)
        # segment around the quote, bounded by neighbouring quotations and the sentence
        left = max([e for s, e in spans if e <= qs and e > s_start] + [s_start])
        right = min([s for s, e in spans if s >= qe and s < s_end] + [s_end])
        before = [t for t in tokens[bisect.bisect_left(tok_starts, left):bisect.bisect_left(tok_starts, qs)]]
        after = [t for t in tokens[bisect.bisect_left(tok_starts, qe):bisect.bisect_left(tok_starts, right)]]
        sent_tokens = [t for t in tokens[bisect.bisect_left(tok_starts, s_start):bisect.bisect_left(tok_starts, s_end)]
                       if not _inside(spans, starts, t.start)]
        n_words = len(re.findall(r"[^\W_]+(?:['\u2019-][^\W_]+)*", content))
        sentence_words = {t.norm for t in sent_tokens}

        kind, cue = "speech", ""
        cue_tok, cue_side = None, ""
        before_text = _norm(text[left:qs]).rstrip(" ,:\u2014-").split()
        after_cue = next((t for t in after[:4] if t.norm in SPEECH_CUES), None)
        before_cue = next((t for t in reversed(before) if t.norm in SPEECH_CUES), None)
        if sentence_words & HEADLINE_CUES:
            kind = "headline"
            cue_tok = before_cue or after_cue or next((t for t in sent_tokens if t.norm in SPEECH_CUES), None)
        elif n_words <= 6 and _term_cue(before_text):
            kind = "term"
        elif after_cue is not None and (content.endswith((",", "!", "?")) or before_cue is None):
            cue_tok, cue_side = after_cue, "after"
        elif before_cue is not None:
            cue_tok, cue_side = before_cue, "before"
        elif n_words <= 6 and not _TERMINAL.search(content):
            kind = "term"
        if cue_tok is not None:
            cue = cue_tok.norm

        speaker = ("", "", "", "none")  # speaker_id, speaker, surface, attribution
        if kind == "headline":
            media = [c for c in cands if s_start <= c[0] < s_end and c[5] in ("MEDIA", "ORG")]
            sentence_quotes = [s for s, e in spans if s_start <= s < s_end]
            pick = None
            if len(media) == len(sentence_quotes):
                pick = media[sentence_quotes.index(qs)]
            elif len(media) == 1:
                pick = media[0]
            if pick is not None:
                speaker = (pick[3], pick[4], pick[2], "media")
        elif kind == "speech":
            cand = None
            if cue_side == "after" and cue_tok is not None:
                window = [c for c in cands if qe <= c[0] < right]
                cand = min(window, key=lambda c: abs(c[0] - cue_tok.start)) if window else None
            elif cue_side == "before" and cue_tok is not None:
                window = [c for c in cands if left <= c[0] < cue_tok.start]
                cand = window[-1] if window else None
            if cand is None:  # no cue, or nothing next to it: the nearest person in the sentence
                near = [c for c in cands if left <= c[0] < qs and c[5] in ("PERSON", "PRONOUN")]
                near = near or [c for c in cands if qe <= c[0] < right and c[5] in ("PERSON", "PRONOUN")]
                cand = (near[-1] if near and near[-1][0] < qs else near[0]) if near else None
            if cand is not None and cand[5] == "PRONOUN":
                k = bisect.bisect_right(person_ends, cand[0])
                ref = persons[k - 1] if k else None
                speaker = (ref[3], ref[4], cand[2], "pronoun") if ref else ("", "", cand[2], "pronoun")
            elif cand is not None:
                speaker = (cand[3], cand[4], cand[2], "named")
        rows.append((article.id, qi, sent.id if sent else -1, end_sent.id if end_sent else -1, inner_s, inner_e,
                     content, n_words, kind, cue, *speaker))
    # columns straight from the rows (no astype pass): same dtypes, much less overhead per article
    cols: dict[str, object] = {c: [r[i] for r in rows] for i, c in enumerate(QUOTE_COLUMNS)}
    for c in ("quote_id", "sentence_id", "end_sentence_id", "start", "end", "n_words"):
        cols[c] = np.array(cols[c], dtype=np.int64)
    return pd.DataFrame(cols)


def _term_cue(before_words: list[str]) -> bool:
    """Whether the words just before a quotation present it as a term ("described as a")."""
    tail = list(before_words)
    if tail and tail[-1] == "so-called":
        return True
    while tail and tail[-1] in ("a", "an", "the", "new"):
        tail.pop()
    joined = " ".join(tail[-3:])
    return any(joined == cue or joined.endswith(" " + cue) for cue in TERM_CUES)


def _body_mentions(mentions: pd.DataFrame | None, article_id: str) -> pd.DataFrame | None:
    if mentions is None or mentions.empty:
        return None
    m = mentions[mentions["article_id"] == article_id]
    if "part" in m:
        m = m[m["part"] == "body"]
    return m


def _empty() -> pd.DataFrame:
    ints = {"quote_id", "sentence_id", "end_sentence_id", "start", "end", "n_words"}
    return pd.DataFrame({c: pd.Series(dtype="int64" if c in ints else str) for c in QUOTE_COLUMNS})


def quotes(
    data: Article | Iterable[Article],
    *,
    mentions: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Direct quotations of every article (see :func:`find_quotes`).

    Parameters
    ----------
    data : Article or iterable of Article
    mentions : pandas.DataFrame, optional
        The mentions table; computed with
        :func:`geoanalysis.entities.extract_mentions` when not given.

    Returns
    -------
    pandas.DataFrame
        The quotes table, sorted by article_id and start.
    """
    articles = as_articles(data)
    if mentions is None:
        from .entities import extract_mentions

        mentions = extract_mentions(articles)
    frames = [find_quotes(a, mentions) for a in articles]
    frames = [f for f in frames if len(f)]
    if not frames:
        return _empty()
    out = pd.concat(frames, ignore_index=True)
    return out.sort_values(["article_id", "start"], kind="mergesort").reset_index(drop=True)


