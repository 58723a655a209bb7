"""Direct quotations: spans, kind (speech, headline, term) and the speaker, resolved to an entity.

A quotation is text between double quotation marks, straight (``"``) or curly
(``“ ”``), within one paragraph; it may span sentences. Each quotation gets a
*kind*:

* ``"headline"`` -- the sentence presents it as a headline or title ("Headlines
  in the *New York Times* ... declared, “...”");
* ``"term"`` -- a short label or scare quote used as a noun phrase ("referred to
  as the “Axis of Upheaval”", "a new “coalition of the willing”"); its speaker is
  the subject of a characterizing verb before it ("Moscow called the strikes
  “terrorism”", "Kim dismissed the overtures as “a pipe dream”"), none when the
  writer uses the label (no such verb, "so-called", a passive "was dubbed");
* ``"speech"`` -- words attributed to someone, whole or partial ("she added,
  “If we ...”", "Trump's refrain that “the killing must stop.”").

The speaker of speech is found from a cue (a reporting verb such as *said,
added, insisted, declared, promising*, or a noun such as *refrain, statement*)
in the same sentence: the nearest entity mention or personal pronoun next to
the cue, a pronoun being resolved to the first person named in the last
sentence that names one before it (the pronoun's own sentence first) who is
not known to be of the other gender (the recency heuristic of quote attribution,
cf. Pareti et al. 2013; Muzny et al. 2017, with Hobbs's 1978 preference for a
sentence's subject over its object and the gender agreement of
rule-based coreference, Lee et al. 2013; a person's gender comes from the
knowledge base, a title such as "Mrs." or the given name, see
:func:`geoanalysis.kb.person_gender`). Headlines are attributed to the media named in the sentence.

The quotes table has columns ``article_id, quote_id, sentence_id,
end_sentence_id, start, end, text, n_words, kind, cue, speaker_id, speaker,
speaker_surface, attribution`` (``start``/``end``: offsets of the quoted text
inside the marks; ``attribution`` one of ``"named", "pronoun", "media",
"continued", "none"``).

Speech with no speaker of its own, in the paragraph of a quotation whose
speaker is known, is that speaker's (``"continued"``: 'Trump called it “a
shame” and added, “I hope it ends quickly.”'; a paragraph quotes one speaker,
as news writing goes, cf. the paragraph conventions of Muzny et al. 2017).
A term's speaker counts too.
"""
from __future__ import annotations

import bisect
import logging
import re
from functools import cache
from itertools import compress
from operator import attrgetter, itemgetter, ne
from typing import Iterable, NamedTuple, Sequence

import numpy as np
import pandas as pd

from .kb import KnowledgeBase, load_kb, person_gender
from .model import Article, Sentence, as_articles

__all__ = ["quote_spans", "find_quotes", "find_quotes_batch", "quotes", "SPEECH_CUES", "PRONOUNS"]

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
#: verbs by which a subject puts a label in quotation marks on something: the term is the subject's words
#: ("Kim dismissed the overtures as “a pipe dream”", "Moscow called the strikes “terrorism”")
CHARACTERIZING_VERBS = frozenset("""
call calls called dub dubs dubbed term terms termed brand brands branded label labels labeled labelled
describe describes described dismiss dismisses dismissed denounce denounces denounced decry decries decried
condemn condemns condemned hail hails hailed praise praises praised slam slams slammed criticize criticizes
criticized criticise criticises criticised reject rejects rejected characterize characterizes characterized
characterise characterises characterised portray portrays portrayed
""".split())
_BE = frozenset("is are was were be been being".split())
_PREPOSITIONS = frozenset("by of in from to with at on for against about into over under".split())
#: personal pronouns that can introduce a speaker -> entity types they can refer to
PRONOUNS = {"he": ("PERSON",), "she": ("PERSON",)}
_PRONOUN_GENDER = {"he": "m", "she": "f"}
#: Words before a name that make it the object of a preposition, not the speaker ("spokesperson for the European
#: Commission", "who lives in exile in Lithuania", "alongside Turkey"), and the determiners that may stand between.
OBJECT_MARKERS = _PREPOSITIONS | frozenset(
    "alongside including between among amid near toward towards across behind beside than like via within without "
    "despite after before during since until through".split())
_DETERMINERS = frozenset("a an the its their his her our this that these those".split())
#: verbs of speech whose object is the one spoken to or of, not the speaker ("told DW", "accused Israel of")
LISTENER_VERBS = frozenset("told tell tells telling informed informs informing assured assures briefed briefs "
                           "briefing accused accuses accusing urged urges urging thanked thanks thanking praised "
                           "praises praising blamed blames blaming criticised criticized criticises criticizes "
                           "insulted insults slammed slams lambasted lambasts".split())
_POSSESSORS = ("'s ", "\u2019s ")
#: White space and up to three lower-case words: between a name and the cue of its noun phrase.
_LOWER_WORDS = re.compile(r"[ ]*(?:[a-z]+[ ]+){0,3}")
#: a preposition, a determiner and title words right before a name: the name is the object of the preposition
_OBJECT_BEFORE = re.compile(r"\b(?:by|of|in|from|to|with|at|on|for|against|about|into|over|under|between|among"
                            r"|toward|towards|after|before)\s+(?:(?:the|a|an|his|her|its|their)\s+)?"
                            r"(?:[A-Z][\w.'\u2019-]*\s+)*\Z")
SPEAKER_TYPES = ("PERSON", "ORG", "MEDIA", "GROUP", "COUNTRY", "CITY", "GPE_OTHER")

_INT_COLUMNS = frozenset(("quote_id", "sentence_id", "end_sentence_id", "start", "end", "n_words"))
_STR_COLUMNS = frozenset(("text", "kind", "cue", "attribution"))  # always str (the others: checked)
_OPEN = {"\u201c": "\u201d", '"': '"', "\u201e": "\u201d"}
_CLOSE = {"\u201d", '"', "\u00bb"}
#: white space, then a double mark that opens (the next paragraph of a quotation of several)
_NEXT_OPENS = re.compile('\\s*[\u201c"\u201e\u00ab]')
_ANY_CLOSE = frozenset(_CLOSE | {"'", "\u2019"})
_LETTER = re.compile(r"[^\W\d_]")
_TERMINAL = re.compile(r"[.!?]")
# punctuation that ends the clause after a quotation (the sentence splitter already placed the full
# stops, and a dot inside a sentence is an abbreviation: '"...," U.S. officials said')
_CLAUSE_END = re.compile(r"[;:!?]")
# punctuation between a name and a speech verb that puts them in different clauses
_CLAUSE_BREAK = re.compile(r"[,;:!?()\u2014]")
_WORDS = re.compile(r"[^\W_]+(?:['\u2019-][^\W_]+)*").findall
_START = attrgetter("start")
_FIRST = itemgetter(0)
_NORM = attrgetter("norm")
_MARK_CHARS = ('"', "\u201c", "\u201d", "\u201e", "\u00ab", "\u00bb")
#: single quotation marks: "\u2018" and "'" open, "\u2019" and "'" close (both also apostrophes)
_SINGLE_CHARS = ("'", "\u2018", "\u2019")
#: what may stand right before an opening single mark, and right after a strong closing one
_SINGLE_BEFORE = frozenset(" \t\n([{\u2014\u2013-:\"\u201c/")
_STRONG_AFTER = frozenset(",.;:!?)]\u2014\u2013\"\u201d\n")
_STRONG_BEFORE = frozenset(",.!?;:\u2026")


class _Quote(NamedTuple):
    start: int  # offset of the opening mark
    end: int  # offset just after the closing mark


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of quoted passages, marks included.

    A straight ``"`` opens when not preceded by a letter or digit and closes
    otherwise; a curly ``\u201c`` (or ``\u201e``, or ``\u00ab``) opens and
    ``\u201d`` (or ``\u00bb``) closes. Single marks, as British and many Asian
    and Gulf outlets quote, are read where they cannot be apostrophes: ``\u2018``
    or ``'`` opens after a space, a bracket or a dash and before a letter;
    ``\u2019`` or ``'`` closes after a non-space and before a non-letter, and a
    mark after an "s" and before a space (the plural possessive, "the Houthis'
    attacks") closes only when no mark after punctuation closes later in the
    paragraph. A quotation never crosses a blank line (paragraph); an unclosed
    mark is ignored, unless the next paragraph opens with a double mark again
    (a quotation of several paragraphs has a closing mark at its end only):
    then its span ends with its paragraph; a quotation inside another
    (British style: double marks inside single ones) is part of it. The
    spans are sorted and disjoint.

    Examples
    --------
    >>> text = 'He said \u201cno.\u201d A "term" here. "Unclosed'
    >>> [text[s:e] for s, e in quote_spans(text)]
    ['\u201cno.\u201d', '"term"']
    >>> text = "'The Houthis' attacks must stop,' he said of the 'shadow fleet'. It's over."
    >>> [text[s:e] for s, e in quote_spans(text)]
    ["'The Houthis' attacks must stop,'", "'shadow fleet'"]
    """
    cached = _SPANS.get(id(text))
    if cached is not None and cached[0] is text:  # the same text again (quotes, then stance): reuse
        return list(cached[1])
    spans = _quote_spans(text)
    if len(_SPANS) >= _MAX_SPANS:
        del _SPANS[next(iter(_SPANS))]  # the oldest entry
    _SPANS[id(text)] = (text, tuple(spans))
    return spans


#: the spans of the last texts given to quote_spans: ``id(text) -> (text, spans)`` (the text is
#: kept, so its id is not reused while the entry lives), at most _MAX_SPANS entries, oldest dropped
#: first: enough for the quotes, then the stance, of a batch of articles
_SPANS: dict[int, tuple[str, tuple[tuple[int, int], ...]]] = {}
_MAX_SPANS = 256


def _quote_spans(text: str) -> list[tuple[int, int]]:
    spans = _double_spans(text)
    if "'" in text or "\u2018" in text or "\u2019" in text:
        singles = _single_spans(text)
        if singles:
            spans = _outermost(spans + singles)
    return spans


def _double_spans(text: str) -> list[tuple[int, int]]:
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
            if open_at is not None and _NEXT_OPENS.match(text, i) and _LETTER.search(text, open_at, i):
                # a quotation that runs on into the next paragraph, which opens with a mark again and no closing
                # one here (the convention of quotations of several paragraphs): it ends with its paragraph
                spans.append((open_at, i))
            open_at = None  # paragraph break: drop an unclosed quotation
        elif open_at is None:
            if ch in ("\u201c", "\u201e", "\u00ab") or (ch == '"' and (i == 0 or not text[i - 1].isalnum())):
                open_at = i
        elif ch in _CLOSE:
            spans.append((open_at, i + 1))
            open_at = None
        elif ch in ("\u201c", "\u00ab"):
            open_at = i  # a new opening before any closing: restart there
    return spans


def _single_spans(text: str) -> list[tuple[int, int]]:
    """The spans of single-quoted passages (see :func:`quote_spans`), in text order."""
    n = len(text)
    find = text.find
    opens: list[int] = []  # positions that may open
    closes: list[tuple[int, bool]] = []  # positions that may close, and whether strongly
    breaks: list[int] = []
    for mark in _SINGLE_CHARS:
        i = find(mark)
        while i >= 0:
            before = text[i - 1] if i else " "
            after = text[i + 1] if i + 1 < n else " "
            if mark != "\u2019" and before in _SINGLE_BEFORE and after.isalpha():
                opens.append(i)
            elif mark != "\u2018" and not before.isspace() and not after.isalnum():
                weak = before in "sS" and after == " "
                strong = before in _STRONG_BEFORE or after in _STRONG_AFTER or i + 1 == n
                closes.append((i, strong or not weak))
            i = find(mark, i + 1)
    if not opens or not closes:
        return []
    i = find("\n\n")
    while i >= 0:
        breaks.append(i)
        i = find("\n\n", i + 1)
    events = sorted([(i, 0, True) for i in opens] + [(i, 1, strong) for i, strong in closes]
                    + [(i, 2, True) for i in breaks])
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    for k, (i, kind, strong) in enumerate(events):
        if kind == 2:
            open_at = None
        elif kind == 0:
            if open_at is None or text[i] == "\u2018":
                open_at = i  # a curly opening before any closing: restart there
        elif open_at is not None:
            if not strong:  # a plural possessive closes only when no strong closing follows it
                later = next((e for e in events[k + 1:] if e[1] != 1 or e[2]), None)
                if later is not None and later[1] == 1:
                    continue
            spans.append((open_at, i + 1))
            open_at = None
    return spans


def _outermost(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans not inside another, sorted; of two that cross, the one that starts first."""
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans, key=lambda span: (span[0], -span[1])):
        if out and s < out[-1][1]:
            continue
        out.append((s, e))
    return out


def _norm(s: str) -> str:
    return s.lower().replace("\u2019", "'").replace("\u2018", "'")


def _inside(spans: list[tuple[int, int]], starts: list[int], offset: int) -> bool:
    k = bisect.bisect_right(starts, offset) - 1
    return k >= 0 and spans[k][0] <= offset < spans[k][1]


def find_quotes(article: Article, mentions: pd.DataFrame | None = None, *, kb: KnowledgeBase | None = None
                ) -> pd.DataFrame:
    """Direct quotations of one article with kind, cue and speaker.

    Parameters
    ----------
    article : Article
    mentions : pandas.DataFrame, optional
        This article's rows of the mentions table; without it no speaker is
        resolved to an entity (pronoun and cue are still reported).
    kb : KnowledgeBase, optional
        The knowledge base of the mentions, whose people's ``gender`` helps resolve
        "he" and "she" (default: the built-in one).

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
    .. [3] Lee, H., Chang, A., Peirsman, Y., Chambers, N., Surdeanu, M., &
       Jurafsky, D. (2013). Deterministic coreference resolution based on
       entity-centric, precision-ranked rules. Computational Linguistics 39(4),
       885-916.
    .. [4] Hobbs, J. R. (1978). Resolving pronoun references. Lingua 44(4),
       311-338 (the previous sentences searched from their start, so that a
       subject is preferred to an object).
    """
    return _frame(_quote_rows(article, mentions, kb))


def _quote_rows(article: Article, mentions: pd.DataFrame | list[tuple] | None, kb: KnowledgeBase | None = None
                ) -> list[tuple]:
    """The rows of :func:`find_quotes` (:data:`QUOTE_COLUMNS`); ``mentions`` may be the article's
    body mentions as ``(start, end, surface, entity_id, name, type)`` tuples with integer offsets."""
    text = article.text
    spans = quote_spans(text)
    if not spans:
        return []
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
        inner_s, inner_e = qs + 1, (qe - 1 if text[qe - 1] in _ANY_CLOSE else qe)  # (a paragraph of a longer
        # quotation ends without a closing mark)
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
        if end_sent is not None and s_end <= qe:
            # a quotation that ends its sentence ('"... over!" Hegseth said.'): a short next sentence of its
            # paragraph that holds a speech cue attributes it
            nxt = sentences[end_sent.id + 1] if end_sent.id + 1 < len(sentences) else None
            if (nxt is not None and nxt.paragraph_id == end_sent.paragraph_id and nxt.start - s_end <= 2
                    and _attribution_sentence(nxt.text)):
                s_end = nxt.end
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
    ments, plain = _article_mentions(mentions, article.id) if not isinstance(mentions, list) else (mentions, True)
    if plain:  # integer offsets: the mask says whether one is inside a quotation
        cands = [row for row in ments if not (0 <= row[0] < n_text and inside[row[0]]) and row[5] in SPEAKER_TYPES]
    else:
        starts = [s for s, _ in spans]
        cands = [row for row in ments if not _inside(spans, starts, row[0]) and row[5] in SPEAKER_TYPES]
    # pronouns are only ever looked up inside the sentences of the quotations (every window
    # below lies in [s_start, s_end)), so only those are collected
    seen: set[int] = set()
    for _, _, outside, _ in ranges.values():
        for t in compress(outside, map(PRONOUNS.__contains__, map(_NORM, outside))):
            if t.start not in seen:
                seen.add(t.start)
                cands.append((t.start, t.end, t.text, "", "", "PRONOUN"))
    cands.sort()
    # a word of a name is no cue ("States" in "United States", "Post" in "Washington Post")
    named = bytearray(n_text)
    for row in ments:
        m_start, m_end = int(row[0]), int(row[1])  # offsets may come as floats from a user's table
        if 0 <= m_start < m_end:
            named[m_start:m_end] = b"\x01" * (m_end - m_start)

    def is_cue(t) -> bool:
        return t.norm in SPEECH_CUES and not named[t.start]

    cand_starts = [c[0] for c in cands]
    persons = [c for c in cands if c[5] == "PERSON"]
    person_ends = [c[1] for c in persons]

    def window(lo: int, hi: int) -> list[tuple]:
        """The candidates with ``lo <= start < hi`` (cands are sorted by start)."""
        return cands[bisect.bisect_left(cand_starts, lo):bisect.bisect_left(cand_starts, hi)]

    def governing(c: tuple, toks: list, starts: list[int]) -> int:
        """The index in ``toks`` of the word that governs candidate ``c``: the word before it in its clause,
        determiners and the capitalized words of its title skipped ("for the United Nations Secretary-General
        Antonio Guterres": "for"), or -1."""
        pos = int(c[0])
        j = bisect.bisect_left(starts, pos) - 1
        while j >= 0 and not _CLAUSE_BREAK.search(text, toks[j].end, pos):
            t = toks[j]
            if t.norm in _DETERMINERS or (t.text[:1].isupper() and t.norm not in OBJECT_MARKERS):
                pos, j = t.start, j - 1
                continue
            return j
        return -1

    def subject_like(c: tuple, toks: list, starts: list[int], cue_start: int = -1) -> bool:
        """Whether candidate ``c`` may speak: not the object of a preposition (:data:`OBJECT_MARKERS`, determiners
        and title words skipped) nor of a verb of telling (:data:`LISTENER_VERBS`), a possessor (unless of the cue
        at ``cue_start``) nor a demonym before the noun it qualifies ("Chinese people", "Philippine Coast
        Guard")."""
        j = governing(c, toks, starts)
        if j >= 0 and toks[j].norm in LISTENER_VERBS:
            return False  # the one spoken to: '"...," a Somaliland official told DW'
        if j >= 0 and toks[j].norm in OBJECT_MARKERS and not (
                toks[j].norm == "to" and j and toks[j - 1].norm == "according"):  # "according to Trump" speaks
            return False
        if text[int(c[1]):int(c[1]) + 3] in _POSSESSORS:
            # the possessor: "said Qatar's Interior Ministry"; but the owner of the words when the cue is a noun
            # that follows: "Trump's refrain that", "Putin's repeated warning"
            return int(c[1]) + 3 <= cue_start and _LOWER_WORDS.fullmatch(text, int(c[1]) + 3, cue_start) is not None
        if c[5] == "COUNTRY" and c[2] != c[4]:
            if int(c[1]) <= cue_start and _LOWER_WORDS.fullmatch(text, int(c[1]), cue_start) is not None:
                return True  # heading the cue's subject: "the Israeli military said"
            k = bisect.bisect_left(starts, int(c[1]))
            if k < len(toks) and toks[k].start == int(c[1]) + 1 and text[int(c[1])] == " " and not is_cue(toks[k]):
                return False
        return True

    rows = []
    aid = article.id
    genders: dict[str, str] | None = None  # of the article's people, when a pronoun is met
    last: tuple[int, tuple] | None = None  # the paragraph and speaker of the last speech with a speaker
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
        # a cue after the quotation, in the clause that follows it ('"...," the Chinese foreign ministry said')
        after_cue = next((t for t in after[:8] if is_cue(t)), None)
        if after_cue is not None and _CLAUSE_END.search(text, qe, after_cue.start):
            after_cue = None
        before_cue = next((t for t in reversed(before) if is_cue(t)), None)
        if headline:  # a headline cue among the words of the sentence
            kind = "headline"
            cue_tok = before_cue or after_cue or next((t for t in sent_tokens if is_cue(t)), None)
        elif n_words <= 6 and _term_cue(_norm(text[left:qs]).rstrip(" ,:\u2014-").split()):
            kind = "term"
        elif after_cue is not None and (content.endswith((",", "!", "?")) or before_cue is None):
            cue_tok, cue_side = after_cue, "after"
        elif before_cue is not None:
            cue_tok, cue_side = before_cue, "before"
        elif n_words <= 6 and not _TERMINAL.search(content) and not (
                content.endswith(",") and not text[left:qs].strip()):
            kind = "term"  # (a sentence opening with a quotation that ends in a comma is speech: '"Enough," ...')
        if cue_tok is not None:
            cue = cue_tok.norm

        speaker = ("", "", "", "none")  # speaker_id, speaker, surface, attribution
        cand = None
        if kind == "term":
            # a label the subject of a characterizing verb puts on something is the subject's words; not after
            # "is"/"was" (passive: "was dubbed") nor after a comma ("the plan, dubbed “...”")
            k = next((k for k in range(len(before) - 1, -1, -1) if before[k].norm in CHARACTERIZING_VERBS
                      and not named[before[k].start]), None)
            if k is not None and not (k and before[k - 1].norm in _BE) and not (
                    text[left:before[k].start].rstrip().endswith(",")) and before[-1].norm != "so-called":
                # the nearest entity before the verb that is no object of a preposition ("carried by KCNA")
                for c in reversed(window(left, before[k].start)):
                    j = bisect.bisect_left(before, int(c[0]), key=_START)
                    if not (j and before[j - 1].norm in _PREPOSITIONS):
                        cand, cue = c, before[k].norm
                        break
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
            unnamed = False  # names next to the cue, none of which may speak: no other name is taken
            if cue_side == "after" and cue_tok is not None:
                near_cue = window(qe, right)
                # a person named in the cue's clause wins: '"...," said Ukrainian Foreign Minister Andrii Sybiha'
                people = [c for c in near_cue if c[5] == "PERSON" and not _CLAUSE_BREAK.search(
                    text, int(min(c[1], cue_tok.end)), int(max(c[0], cue_tok.start)))]  # (offsets may be floats)
                # (after a participle, "adding that ...", a name is of what is said, not of its speaker)
                participle = cue_tok.norm.endswith("ing")
                # the subject right before the verb ('"...," she said responding to Trump'), else a person of the
                # cue's clause, else a candidate that may speak
                # (or heads it: "the Chinese foreign ministry said")
                adjacent = [c for c in near_cue if c[1] <= cue_tok.start
                            and _LOWER_WORDS.fullmatch(text, int(c[1]), cue_tok.start) is not None]
                people = [c for c in people if subject_like(c, toks, starts)]
                pool = [] if participle else adjacent[-1:] or people or [
                    c for c in near_cue if subject_like(c, toks, starts)]
                if not pool and before_cue is not None:
                    # no speaker after: the cue before ('Xi said: "...," adding that the Chinese people ...')
                    cue_tok, cue_side, cue = before_cue, "before", before_cue.norm
                elif not participle:
                    cand = min(pool, key=lambda c: abs(c[0] - cue_tok.start)) if pool else None
                    unnamed = not pool and bool(near_cue)  # '"...," said a spokesperson for Starmer'
            if cue_side == "before" and cue_tok is not None:
                # the nearest candidate before the cue that may speak: "Olof Gill, spokesperson for the European
                # Commission, added:", "Hezbollah accused the government of caving to US pressure and said"
                near_cue = window(left, cue_tok.start)
                pool = [c for c in near_cue if subject_like(c, toks, starts, cue_tok.start)]
                # names there, none of which may speak ("the spokesperson for X said", "after X's resignation, a
                # protester told"): the speaker is not named, and no other name is taken for it
                unnamed = not pool and bool(near_cue)
                cand = pool[-1] if pool else None
                if cand is not None and cue_tok.norm.endswith("ing"):
                    cand = pool[0]  # ', saying "..."': the subject of the clause it hangs on
                elif cand is not None:
                    between = text[int(cand[1]):cue_tok.start].rstrip()
                    if between.endswith(",") and between.count(",") == 1:
                        # the candidate closes a clause set off by commas ("Ozel, of which Imamoglu is a member,
                        # said"; "Ozel, standing beside his wife, Dilek Imamoglu, claimed"): the one before it
                        opening = text.rfind(",", left, int(cand[0]))
                        earlier = [c for c in pool if c[1] <= opening]
                        if opening >= 0 and earlier:
                            cand = earlier[-1]
            if cand is None and not unnamed:  # no cue, or nothing next to it: the nearest person in the sentence
                near = [c for c in window(left, qs) if c[5] in ("PERSON", "PRONOUN")]
                near = near or [c for c in window(qe, right) if c[5] in ("PERSON", "PRONOUN")]
                cand = (near[-1] if near and near[-1][0] < qs else near[0]) if near else None
        if cand is not None and cand[5] == "PRONOUN":  # (speech, or a term with its speaker)
            # the last person named before the pronoun who is not known to be of the other gender
            if genders is None:
                genders = _person_genders(text, ments, kb)
            want = _PRONOUN_GENDER.get(cand[2].lower(), "")
            k = bisect.bisect_right(person_ends, cand[0])
            # the pronoun's sentence, then each sentence before it, each read from its start: the subject of the
            # last sentence naming someone who may be meant, not the last name in it ("Xi congratulated Ishiba
            # ... He noted" is Xi) [4]_
            ref = last_sentence = None
            for p in reversed(persons[:k]):
                if genders.get(_str(p[3]) or _str(p[2]), "") not in ("", want):
                    continue
                here = bisect.bisect_right(sent_starts, p[0])
                if last_sentence is not None and here != last_sentence:
                    break
                if ref is None or not _OBJECT_BEFORE.search(text, max(0, int(p[0]) - 80), int(p[0])):
                    ref = p  # (the object of a preposition only when no one else is named there: "in a
                last_sentence = here  # meeting with UN Secretary General Antonio Guterres, Trump softened")
            speaker = (ref[3], ref[4], cand[2], "pronoun") if ref else ("", "", cand[2], "pronoun")
        elif cand is not None and cand[5] == "COUNTRY" and _PERSON_ROLE_AFTER.match(text, int(cand[1])):
            # "the Russian leader told reporters", "the Russian deputy prime minister said": the last person of
            # that country named before, else the country
            code = _str(cand[3]).partition(":")[2]
            k = bisect.bisect_right(person_ends, cand[0])
            ref = next((p for p in reversed(persons[:k]) if code and _kb_country(_str(p[3]), kb) == code), None)
            speaker = (ref[3], ref[4], cand[2], "named") if ref else (cand[3], cand[4], cand[2], "named")
        elif cand is not None:
            speaker = (cand[3], cand[4], cand[2], "named")
        if sent is not None:
            if kind == "speech" and speaker[3] == "none" and last is not None and last[0] == sent.paragraph_id:
                speaker = (*last[1][:3], "continued")  # the paragraph's speaker goes on ('and added, "..."')
            elif (kind == "speech" and speaker[3] == "none" and qi and rows and rows[-1][1] == qi - 1
                  and text[spans[qi - 1][1] - 1] not in _ANY_CLOSE and rows[-1][11]):
                # the next paragraph of a quotation of several: its speaker
                speaker = (*rows[-1][10:13], "continued")
                last = (sent.paragraph_id, speaker)
            elif speaker[1] and kind in ("speech", "term"):
                last = (sent.paragraph_id, speaker)
        rows.append((aid, qi, sent.id if sent else -1, end_sent.id if end_sent else -1, inner_s, inner_e,
                     content, n_words, kind, cue, *speaker))
    return rows


#: the words of a person's office after a demonym ("the Russian leader", "the Iranian foreign minister")
_PERSON_ROLE_AFTER = re.compile(
    r"\s+(?:(?:deputy|vice|prime|first|foreign|defen[cs]e|interior|finance|top|senior|former|chief|supreme|"
    r"acting)\s+)*(?:leader|president|premier|prime\s+minister|minister|official|diplomat|spokes(?:man|woman|person)|"
    r"ambassador|envoy|negotiator|general|commander|monarch|king|emir|chancellor|head\s+of\s+state)\b")


def _kb_country(entity_id: str, kb: KnowledgeBase | None) -> str:
    """The country of a person of the knowledge base (``kb``, else the built-in one), or ""."""
    if not entity_id.startswith("person:"):
        return ""
    try:
        return _str((kb if kb is not None else load_kb()).get(entity_id).get("country"))
    except KeyError:
        return ""


def _attribution_sentence(text: str) -> bool:
    """A short sentence that attributes the quotation before it: "Hegseth said.", "Petro declared in New York."."""
    words = _WORDS(text)
    return len(words) <= 8 and any(w.lower() in SPEECH_CUES for w in words)


def _str(value) -> str:
    return value if isinstance(value, str) else ""


def _person_genders(text: str, ments: list[tuple], kb: KnowledgeBase | None) -> dict[str, str]:
    """The gender of each person of an article (by entity id, else surface), from the first mention that
    tells (:func:`geoanalysis.kb.person_gender`: the knowledge base, a title before it, the given name)."""
    out: dict[str, str] = {}
    for start, _, surface, entity_id, name, _ in sorted((r for r in ments if r[5] == "PERSON"), key=_FIRST):
        key = _str(entity_id) or _str(surface)
        if out.get(key):
            continue
        start = int(start)
        out[key] = person_gender(_str(entity_id), _str(name) or _str(surface), text[max(0, start - 24):start], kb=kb)
    return out


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


def _article_mentions(mentions: pd.DataFrame | None, article_id: str) -> tuple[list[tuple], bool]:
    """One article's body mentions as :data:`_MENTION_COLUMNS` tuples (in table order), and
    whether every start is an ``int`` (then :func:`_mentions_by_article` found them)."""
    if mentions is None or mentions.empty:
        return [], True
    if isinstance(article_id, str):
        found = _mentions_by_article(mentions)
        if found is not None:
            return found.get(article_id, []), True
    ments = _body_mentions(mentions, article_id)
    return list(zip(*(ments[c].tolist() for c in _MENTION_COLUMNS))), False


def _mentions_by_article(mentions: pd.DataFrame) -> dict[str, list[tuple]] | None:
    """The body rows of :func:`_body_mentions` for every article id of a plain table, in one pass.

    ``{article_id: [(start, end, surface, entity_id, name, type), ...]}`` in table order; None
    unless the table is plain: distinct column names, string article ids and parts, ``int`` starts
    (the values are those of ``Series.tolist()``).
    """
    columns = mentions.columns.tolist()
    if len(set(columns)) != len(columns) or any(c not in columns for c in ("article_id", *_MENTION_COLUMNS)):
        return None
    has_part = "part" in columns
    ids, *values = _column_lists(mentions, ("article_id", *_MENTION_COLUMNS, *(("part",) if has_part else ())))
    parts = values.pop() if has_part else None
    if set(map(type, ids)) != {str} or set(map(type, values[0])) != {int} or (
            parts is not None and set(map(type, parts)) != {str}):
        return None
    rows = list(zip(*values))
    if parts is not None:
        body = list(map("body".__eq__, parts))
        rows, ids = list(compress(rows, body)), list(compress(ids, body))
    groups: dict[str, list[tuple]] = {}
    if not ids:
        return groups
    # runs of rows of one article (the table is usually grouped by article), in table order
    cuts = [0, *compress(range(1, len(ids)), map(ne, ids[1:], ids)), len(ids)]
    for lo, hi in zip(cuts, cuts[1:]):
        groups.setdefault(ids[lo], []).extend(rows[lo:hi])
    return groups


def _column_lists(table: pd.DataFrame, names: Sequence[str]) -> list[list]:
    """The columns ``names`` of ``table`` (distinct column names) as the lists of ``Series.tolist()``.

    A small table (one article's mentions) is converted at once (a Series per column costs more),
    a large one column by column (an object copy of every column costs more).
    """
    if len(table) < 1000:
        by_column = dict(zip(table.columns.tolist(), table.to_numpy(dtype=object).T.tolist()))
        return [by_column[c] for c in names]
    return [table[c].tolist() for c in names]


def _body_mentions(mentions: pd.DataFrame | None, article_id: str) -> pd.DataFrame | None:
    if mentions is None or mentions.empty:
        return None
    m = mentions[mentions["article_id"] == article_id]
    if "part" in m:
        m = m[m["part"] == "body"]
    return m


def _frame(rows: list[tuple]) -> pd.DataFrame:
    """The quotes table of ``rows`` (:func:`_empty` for none)."""
    if not rows:
        return _empty()
    # columns straight from the rows (no astype pass, no consolidation): the dtypes pandas infers
    # from the lists (object for strings: arrays made here when every value is a str)
    cols: dict[str, object] = dict(zip(QUOTE_COLUMNS, map(list, zip(*rows))))
    for c in QUOTE_COLUMNS:
        if c in _INT_COLUMNS:
            cols[c] = np.array(cols[c], dtype=np.int64)
        elif c in _STR_COLUMNS or set(map(type, cols[c])) == {str}:
            cols[c] = np.array(cols[c], dtype=object)
    return pd.DataFrame(cols, copy=False)


def _plain_rows(rows: list[tuple]) -> bool:
    """Whether every value of ``rows`` outside the integer columns is a str (object columns)."""
    return all(set(map(type, col)) == {str}
               for c, col in zip(QUOTE_COLUMNS, zip(*rows)) if c not in _INT_COLUMNS and c not in _STR_COLUMNS)


def _concat(per_article: list[list[tuple]], *, keep_empty: bool) -> pd.DataFrame:
    """The frames of ``per_article`` rows concatenated (empty ones too when ``keep_empty``).

    One frame from all the rows when their columns are plain (every frame then has the same
    dtypes, those of the whole); else the frames, as :func:`find_quotes` makes them, concatenated.
    """
    rows = [row for article_rows in per_article for row in article_rows]
    if rows and _plain_rows(rows):
        return _frame(rows)
    frames = [_frame(r) for r in per_article if r or keep_empty]
    if not frames:
        return _empty()
    return frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)


def _batch_rows(articles: list[Article], mentions: pd.DataFrame | None, kb: KnowledgeBase | None = None
                ) -> list[list[tuple]]:
    """:func:`_quote_rows` of every article, the mentions table split by article once."""
    by_article = None
    if mentions is not None and not mentions.empty and all(type(a.id) is str for a in articles):
        by_article = _mentions_by_article(mentions)
    if by_article is None:
        return [_quote_rows(a, mentions, kb) for a in articles]
    return [_quote_rows(a, by_article.get(a.id, []), kb) for a in articles]


def find_quotes_batch(articles: Sequence[Article], mentions: pd.DataFrame | None = None, *,
                      kb: KnowledgeBase | None = None) -> pd.DataFrame:
    """:func:`find_quotes` of several articles, concatenated in their order (one table, one pass).

    Parameters
    ----------
    articles : sequence of Article
    mentions : pandas.DataFrame, optional
        The mentions table of these articles (each article's rows are found by ``article_id``).
    kb : KnowledgeBase, optional
        As in :func:`find_quotes`.

    Returns
    -------
    pandas.DataFrame
        The tables of ``find_quotes(article, mentions)`` for each article, concatenated with
        ``pandas.concat(..., ignore_index=True)`` (the one table itself for one article).

    Examples
    --------
    >>> from geoanalysis.parsing import make_article
    >>> arts = [make_article('“No,” he said.', id="a"), make_article('A “term”.', id="b")]
    >>> find_quotes_batch(arts)[["article_id", "text", "kind"]].values.tolist()
    [['a', 'No,', 'speech'], ['b', 'term', 'term']]
    """
    return _concat(_batch_rows(list(articles), mentions, kb), keep_empty=True)


def _empty() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="int64" if c in _INT_COLUMNS else str) for c in QUOTE_COLUMNS})


def quotes(
    data: Article | Iterable[Article],
    *,
    mentions: pd.DataFrame | None = None,
    kb: KnowledgeBase | None = None,
) -> pd.DataFrame:
    """Direct quotations of every article (see :func:`find_quotes`).

    Parameters
    ----------
    data : Article or iterable of Article
    mentions : pandas.DataFrame, optional
        The mentions table; computed with
        :func:`geoanalysis.entities.extract_mentions` (with ``kb``) when not given.
    kb : KnowledgeBase, optional
        The knowledge base (default: the built-in one).

    Returns
    -------
    pandas.DataFrame
        The quotes table, sorted by article_id and start.
    """
    articles = as_articles(data)
    if mentions is None:
        from .entities import extract_mentions

        mentions = extract_mentions(articles, kb=kb)
    out = _concat(_batch_rows(articles, mentions, kb), keep_empty=False)
    if out.empty:
        return out
    return out.sort_values(["article_id", "start"], kind="mergesort").reset_index(drop=True)


