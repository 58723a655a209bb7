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
from functools import cache
from itertools import compress
from operator import attrgetter
from typing import Iterable, NamedTuple, Sequence

import numpy as np
import pandas as pd

from .model import Article, Sentence, as_articles

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

_INT_COLUMNS = frozenset(("quote_id", "sentence_id", "end_sentence_id", "start", "end", "n_words"))
_STR_COLUMNS = frozenset(("text", "kind", "cue", "attribution"))  # always str (the others: checked)
_OPEN = {"\u201c": "\u201d", '"': '"', "\u201e": "\u201d"}
_CLOSE = {"\u201d", '"'}
_TERMINAL = re.compile(r"[.!?]")
_WORDS = re.compile(r"[^\W_]+(?:['\u2019-][^\W_]+)*").findall
_START = attrgetter("start")
_NORM = attrgetter("norm")
_MARK_CHARS = ('"', "\u201c", "\u201d", "\u201e")


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
    last = _LAST_SPANS[0]
    if last[0] is text:  # the same text again (quotes, then stance, of one article): reuse
        return list(last[1])
    spans = _quote_spans(text)
    _LAST_SPANS[0] = (text, tuple(spans))
    return spans


#: the last text given to quote_spans and its spans (one entry, replaced as a whole)
_LAST_SPANS: list[tuple[str | None, tuple[tuple[int, int], ...]]] = [(None, ())]


def _quote_spans(text: str) -> list[tuple[int, int]]:
    # only paragraph breaks and quotation marks change the state: visit just those, found
    # with str.find (a newline only matters before another one: a blank line)
    find = text.find
    events: list[int] = []
    for mark in _MARK_CHARS:
        i = find(mark)
        while i >= 0:
            events.append(i)
            i = find(mark, i + 1)
    if not events:
        return []
    i = find("\n\n")
    while i >= 0:
        events.append(i)
        i = find("\n\n", i + 1)
    events.sort()
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    for i in events:
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
    # quotation interiors as a character mask: for these disjoint sorted spans, inside[offset]
    # is _inside(spans, starts, offset) for any offset of the text
    n_text = len(text)
    inside = bytearray(n_text)
    for s, e in spans:
        inside[s:e] = b"\x01" * (e - s)
    all_tokens = article.tokens
    sentences = article.sentences
    sent_starts = [s.start for s in sentences]

    # where each quotation sits: its inner text and the sentence(s) around it
    places = []
    for qs, qe in spans:
        inner_s, inner_e = qs + 1, qe - 1
        content = text[inner_s:inner_e]
        lead_ws = len(content) - len(content.lstrip())
        inner_s += lead_ws
        inner_e = inner_s + len(content.strip())
        content = text[inner_s:inner_e]
        sent = _sentence_at(sentences, sent_starts, qs) or _sentence_at(sentences, sent_starts, inner_s)
        end_sent = _sentence_at(sentences, sent_starts, max(inner_e - 1, inner_s)) or sent
        s_start = sent.start if sent else qs
        s_end = end_sent.end if end_sent else qe
        if sent is not None:  # the quotation's sentence may also hold a cue after a multi-sentence quote
            s_end = max(s_end, sent.end)
        places.append((qs, qe, inner_s, inner_e, content, sent, end_sent, s_start, s_end))

    # the word tokens of each quotation's sentence(s), [s_start, s_end) (tokens are in text
    # order); every token range looked at below lies within that of its quotation
    # (tokens, their starts, those outside quotations, whether one of these is a headline cue)
    ranges: dict[tuple[int, int], tuple[list, list[int], list, bool]] = {}
    for place in places:
        key = place[7:]
        if key not in ranges:
            toks = [t for t in all_tokens[bisect.bisect_left(all_tokens, key[0], key=_START):
                                          bisect.bisect_left(all_tokens, key[1], key=_START)] if t.is_alpha]
            outside = [t for t in toks if not inside[t.start]]
            ranges[key] = (toks, list(map(_START, toks)), outside, not HEADLINE_CUES.isdisjoint(map(_NORM, outside)))

    # mentions and pronouns outside quotations are speaker candidates
    cands: list[tuple[int, int, str, str, str, str]] = []  # start, end, surface, entity_id, name, type
    rows_m = _body_mention_rows(mentions, article.id)
    if rows_m is not None:
        if rows_m[0]:
            values, parts = rows_m[1], rows_m[2]
            if parts is None:
                cands = [row for row in zip(*values)
                         if not (0 <= row[0] < n_text and inside[row[0]]) and row[5] in SPEAKER_TYPES]
            else:
                cands = [row for row, part in zip(zip(*values), parts) if part == "body"
                         and not (0 <= row[0] < n_text and inside[row[0]]) and row[5] in SPEAKER_TYPES]
    else:
        starts = [s for s, _ in spans]
        ments = _body_mentions(mentions, article.id)
        if ments is not None:
            for m_start, m_end, m_surface, m_eid, m_name, m_type in zip(
                    *(ments[c].tolist() for c in ("start", "end", "surface", "entity_id", "name", "type"))):
                if not _inside(spans, starts, m_start) and m_type in SPEAKER_TYPES:
                    cands.append((m_start, m_end, m_surface, m_eid, m_name, m_type))
    # pronouns are only ever looked up inside the sentences of the quotations (every window
    # below lies in [s_start, s_end)), so only those are collected
    seen: set[int] = set()
    for _, _, outside, _ in ranges.values():
        for t in compress(outside, map(PRONOUNS.__contains__, map(_NORM, outside))):
            if t.start not in seen:
                seen.add(t.start)
                cands.append((t.start, t.end, t.text, "", "", "PRONOUN"))
    cands.sort()
    cand_starts = [c[0] for c in cands]
    persons = [c for c in cands if c[5] == "PERSON"]
    person_ends = [c[1] for c in persons]

    def window(lo: int, hi: int) -> list[tuple]:
        """The candidates with ``lo <= start < hi`` (cands are sorted by start)."""
        return cands[bisect.bisect_left(cand_starts, lo):bisect.bisect_left(cand_starts, hi)]

    rows = []
    aid = article.id
    for qi, (qs, qe, inner_s, inner_e, content, sent, end_sent, s_start, s_end) in enumerate(places):
        # segment around the quote, bounded by neighbouring quotations and the sentence
        left = max([e for s, e in spans if e <= qs and e > s_start] + [s_start])
        right = min([s for s, e in spans if s >= qe and s < s_end] + [s_end])
        toks, starts, sent_tokens, headline = ranges[(s_start, s_end)]
        before = toks[bisect.bisect_left(starts, left):bisect.bisect_left(starts, qs)]
        after = toks[bisect.bisect_left(starts, qe):bisect.bisect_left(starts, right)]
        n_words = len(_WORDS(content))

        kind, cue = "speech", ""
        cue_tok, cue_side = None, ""
        after_cue = next((t for t in after[:4] if t.norm in SPEECH_CUES), None)
        before_cue = next((t for t in reversed(before) if t.norm in SPEECH_CUES), None)
        if headline:  # a headline cue among the words of the sentence
            kind = "headline"
            cue_tok = before_cue or after_cue or next((t for t in sent_tokens if t.norm in SPEECH_CUES), None)
        elif n_words <= 6 and _term_cue(_norm(text[left:qs]).rstrip(" ,:\u2014-").split()):
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
            media = [c for c in window(s_start, s_end) if c[5] in ("MEDIA", "ORG")]
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
                near_cue = window(qe, right)
                cand = min(near_cue, key=lambda c: abs(c[0] - cue_tok.start)) if near_cue else None
            elif cue_side == "before" and cue_tok is not None:
                near_cue = window(left, cue_tok.start)
                cand = near_cue[-1] if near_cue else None
            if cand is None:  # no cue, or nothing next to it: the nearest person in the sentence
                near = [c for c in window(left, qs) if c[5] in ("PERSON", "PRONOUN")]
                near = near or [c for c in window(qe, right) if c[5] in ("PERSON", "PRONOUN")]
                cand = (near[-1] if near and near[-1][0] < qs else near[0]) if near else None
            if cand is not None and cand[5] == "PRONOUN":
                k = bisect.bisect_right(person_ends, cand[0])
                ref = persons[k - 1] if k else None
                speaker = (ref[3], ref[4], cand[2], "pronoun") if ref else ("", "", cand[2], "pronoun")
            elif cand is not None:
                speaker = (cand[3], cand[4], cand[2], "named")
        rows.append((aid, qi, sent.id if sent else -1, end_sent.id if end_sent else -1, inner_s, inner_e,
                     content, n_words, kind, cue, *speaker))
    # columns straight from the rows (no astype pass, no consolidation): the dtypes pandas infers
    # from the lists (object for strings: arrays made here when every value is a str)
    cols: dict[str, object] = dict(zip(QUOTE_COLUMNS, map(list, zip(*rows))))
    for c in QUOTE_COLUMNS:
        if c in _INT_COLUMNS:
            cols[c] = np.array(cols[c], dtype=np.int64)
        elif c in _STR_COLUMNS or set(map(type, cols[c])) == {str}:
            cols[c] = np.array(cols[c], dtype=object)
    return pd.DataFrame(cols, copy=False)


def _sentence_at(sentences: Sequence[Sentence], starts: list[int], offset: int) -> Sentence | None:
    """:meth:`Article.sentence_at` with the sentence starts computed once."""
    i = bisect.bisect_right(starts, offset) - 1
    if i >= 0 and sentences[i].start <= offset < sentences[i].end:
        return sentences[i]
    return None


def _term_cue(before_words: list[str]) -> bool:
    """Whether the words just before a quotation present it as a term ("described as a")."""
    tail = list(before_words)
    if tail and tail[-1] == "so-called":
        return True
    while tail and tail[-1] in ("a", "an", "the", "new"):
        tail.pop()
    # the joined words equal a cue or end with " " + cue: a cue is one of their word suffixes
    words = tail[-3:]
    cues = _cue_set(TERM_CUES)
    return any(" ".join(words[k:]) in cues for k in range(len(words)))


@cache
def _cue_set(cues: tuple[str, ...]) -> frozenset[str]:
    return frozenset(cues)


_MENTION_COLUMNS = ("start", "end", "surface", "entity_id", "name", "type")


def _body_mention_rows(mentions: pd.DataFrame | None,
                       article_id: str) -> tuple[bool, list[list], list[str] | None] | None:
    """The columns :data:`_MENTION_COLUMNS` of one article's mentions as lists, and their parts.

    ``(False, [], None)`` when there are no mentions; None unless the table is the plain case of
    one article's mentions (string parts, integer offsets): use :func:`_body_mentions` then.
    Otherwise the rows of :func:`_body_mentions` are those whose part is ``"body"`` (all when
    there is no part); the values are those of ``Series.tolist()``, read from one ``to_numpy()``.
    """
    if mentions is None or mentions.empty:
        return False, [], None
    columns = mentions.columns.tolist()
    pos = {c: i for i, c in enumerate(columns)}
    if not isinstance(article_id, str) or len(pos) != len(columns) or "article_id" not in pos or any(
            c not in pos for c in _MENTION_COLUMNS):
        return None
    table = mentions.to_numpy(dtype=object)
    # every row is this article's: the == filter of _body_mentions keeps them all
    by_column = table.T.tolist()
    if set(by_column[pos["article_id"]]) != {article_id}:
        return None
    values = [by_column[pos[c]] for c in _MENTION_COLUMNS]
    if set(map(type, values[0])) != {int}:
        return None
    parts = None
    if "part" in pos:
        parts = by_column[pos["part"]]
        if set(map(type, parts)) != {str}:
            return None
    return True, values, parts


def _body_mentions(mentions: pd.DataFrame | None, article_id: str) -> pd.DataFrame | None:
    if mentions is None or mentions.empty:
        return None
    m = mentions[mentions["article_id"] == article_id]
    if "part" in m:
        m = m[m["part"] == "body"]
    return m


def _empty() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="int64" if c in _INT_COLUMNS else str) for c in QUOTE_COLUMNS})


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


