"""Sentences and word tokens with character offsets, offline (NLTK Punkt and RegexpTokenizer).

Every offset is a Python string index into the text given, so
``text[start:end]`` gives back the sentence or the token.
"""
from __future__ import annotations

import itertools
import logging
import re
from collections import deque
from functools import cache
from itertools import accumulate, count, repeat
from operator import add
from typing import Any, Iterable, Literal, Sequence

import pandas as pd

from .model import Article, Paragraph, Sentence, Token, as_articles
from .resources import punkt_tokenizer, read_word_list, stopwords

__all__ = [
    "fold_typography",
    "normalize",
    "split_paragraphs",
    "split_sentences",
    "word_tokens",
    "token_starts",
    "sentence_table",
    "token_table",
    "TOKEN_PATTERN",
]

LOGGER = logging.getLogger(__name__)

#: Typographic characters mapped one-to-one to ASCII, so a folded text keeps every offset.
_TYPOGRAPHY = str.maketrans(
    {
        "\u2018": "'",  # left single quote
        "\u2019": "'",  # right single quote / apostrophe
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",  # prime
        "\u02bc": "'",  # modifier letter apostrophe
        "\uff07": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2010": "-",  # hyphen
        "\u2011": "-",  # non-breaking hyphen
        "\u2012": "-",
        "\u2013": "-",  # en dash
        "\u2014": "-",  # em dash
        "\u2015": "-",
        "\u2212": "-",  # minus
        "\u00a0": " ",  # no-break space
        "\u202f": " ",
        "\u2009": " ",
    }
)

_CLOSERS = "\"'\u201d\u2019\u00bb)]}"


def fold_typography(text: str) -> str:
    """Map curly quotes, apostrophes, dashes and odd spaces to ASCII, keeping the length.

    Examples
    --------
    >>> fold_typography("Trump\u2019s \u201cdeal\u201d\u2014now")
    'Trump\\'s "deal"-now'
    """
    return text.translate(_TYPOGRAPHY)


def normalize(text: str) -> str:
    """The normalized form of a token or term: typography folded, lower case.

    Examples
    --------
    >>> normalize("Trump\u2019s") == normalize("TRUMP'S") == "trump's"
    True
    """
    return text.translate(_TYPOGRAPHY).lower()


_PARA_RE = re.compile(r"\S(?:.*?\S)?(?=\s*\n\s*\n|\s*\Z)", re.S)


def split_paragraphs(text: str) -> list[Paragraph]:
    """Paragraphs of ``text``: runs of text separated by blank lines.

    Examples
    --------
    >>> [p.text for p in split_paragraphs("One.\\n\\n  Two\\nlines.\\n")]
    ['One.', 'Two\\nlines.']
    """
    return [Paragraph(i, m.start(), m.end(), m.group()) for i, m in enumerate(_PARA_RE.finditer(text))]


def split_sentences(text: str, paragraphs: Sequence[Paragraph] | None = None) -> list[Sentence]:
    """Split ``text`` into sentences with NLTK's Punkt [1]_, never across paragraphs.

    Abbreviations ("U.S.", "Gen.", "Sept.", "Mr.") do not end a sentence unless
    the next word starts one; a closing quote or bracket after the final mark
    stays with its sentence (typographic quotes included).

    Parameters
    ----------
    text : str
    paragraphs : sequence of Paragraph, optional
        Defaults to :func:`split_paragraphs`.

    Returns
    -------
    list of Sentence
        Ids count from 0; ``text[s.start:s.end] == s.text``.

    References
    ----------
    .. [1] Kiss, T. and Strunk, J. (2006). Unsupervised multilingual sentence
       boundary detection. Computational Linguistics 32(4): 485-525.

    Examples
    --------
    >>> [s.text for s in split_sentences("He said \u201cit must stop.\u201d Then U.S. envoys left.")]
    ['He said \u201cit must stop.\u201d', 'Then U.S. envoys left.']
    """
    if paragraphs is None:
        paragraphs = split_paragraphs(text)
    span_tokenize = _punkt_spans()
    closers = _CLOSERS
    starts: list[int] = []
    ends: list[int] = []
    pids: list[int] = []
    for para in paragraphs:
        base = para.start
        ptext = text[base : para.end]
        first = len(starts)  # the paragraph's first sentence, once it has one
        pid = para.id
        for s, e in span_tokenize(ptext):
            # Punkt realigns straight closing quotes only; move typographic ones back.
            if s < e and ptext[s] in closers and len(starts) > first:
                k = s
                while k < e and ptext[k] in closers and (k + 1 == e or ptext[k + 1].isspace()):
                    k += 1
                if k > s:
                    ends[-1] = base + k
                    s = k
                    while s < e and ptext[s].isspace():
                        s += 1
            if s < e:
                starts.append(base + s)
                ends.append(base + e)
                pids.append(pid)
            elif len(starts) > first:
                ends[-1] = max(ends[-1], base + e)
    return _new_sentences(text, starts, ends, pids)


#: The slots of :class:`Sentence` in field order, to fill without the frozen dataclass's ``__init__``.
_SENTENCE_SETTERS = tuple(getattr(Sentence, name).__set__ for name in ("id", "start", "end", "paragraph_id", "text"))


def _new_sentences(text: str, starts: list[int], ends: list[int], pids: list[int]) -> list[Sentence]:
    """``[Sentence(i, starts[i], ends[i], pids[i], text[starts[i]:ends[i]]) for i ...]``, built column by column.

    A frozen dataclass's ``__init__`` sets each field through ``object.__setattr__``;
    setting the slots directly, one column at a time, gives the same objects
    several times faster.
    """
    out = list(map(object.__new__, repeat(Sentence, len(starts))))
    columns = (range(len(starts)), starts, ends, pids, map(text.__getitem__, map(slice, starts, ends)))
    for set_field, column in zip(_SENTENCE_SETTERS, columns):
        deque(map(set_field, out, column), maxlen=0)  # consume
    return out


# --------------------------------------------------------------------------- Punkt, fast path

#: Sentence-break decisions of :class:`_FastPunkt`, by context string, are kept up to this many (about
#: 2.5 MB; then forgotten all at once): a corpus of 1M news words holds some 16k distinct contexts, the
#: recurring ones come back within any window of that size, and memory stays bounded however large the corpus.
_PUNKT_CACHE_MAX = 20_000
_punkt_state: list = [None, None]  # [tokenizer, its span function]
_REALIGN_PATTERN = r"""["\')\]}\u2018\u2019\u201c\u201d\xab\xbb]+?(?:\s+|(?=--)|$)"""
_REALIGN_FIRST = "\"')]}\u2018\u2019\u201c\u201d\xab\xbb"


def _punkt_spans():
    """The ``span_tokenize`` to use for :func:`punkt_tokenizer`'s tokenizer (fast path when it applies)."""
    tokenizer = punkt_tokenizer()
    if _punkt_state[0] is not tokenizer:
        _punkt_state[1] = _FastPunkt.for_tokenizer(tokenizer)
        _punkt_state[0] = tokenizer
    span_tokenize = _punkt_state[1]
    fast = getattr(span_tokenize, "__self__", None)
    if isinstance(fast, _FastPunkt):
        fast.check_params()
    return span_tokenize


#: Characters on which the ``regex`` module's ``\\s`` and :mod:`re`'s (``str.isspace``) disagree (the tests
#: check all of Unicode); on text without them, a pattern whose only Unicode-dependent classes are ``\\s``
#: and ``\\S`` matches the same with either engine.
_ENGINES_DIFFER = re.compile("[\x1c-\x1f\x85]").search
#: Flags of the ``regex`` module that :func:`_as_re` keeps (VERBOSE, UNICODE) or drops (VERSION0, its default).
_RE_FLAGS, _REGEX_VERSION0 = re.VERBOSE | re.UNICODE, 8192
#: Pattern syntax on which the engines may differ (other Unicode classes, case folding, ``regex`` extensions).
_ENGINE_SYNTAX = re.compile(r"\\[wWdDbBpPNXGKLQEmM]|\[\[:|\(\?[a-zA-Z]*[iLVfrwbe]|\(\?[|>&R(]")


def _as_re(pattern):
    """``pattern`` (from NLTK, usually compiled with ``regex``) compiled with :mod:`re`, which is faster.

    Only when the two engines match it the same way on text without
    :data:`_ENGINES_DIFFER` characters: its flags are at most VERBOSE and
    UNICODE and its syntax has no :data:`_ENGINE_SYNTAX`.  Otherwise the
    pattern itself.
    """
    if isinstance(pattern, re.Pattern):
        return pattern
    flags = getattr(pattern, "flags", None)
    source = getattr(pattern, "pattern", None)
    if not isinstance(flags, int) or not isinstance(source, str) or flags & ~(_RE_FLAGS | _REGEX_VERSION0):
        return pattern
    if _ENGINE_SYNTAX.search(source):
        return pattern
    try:
        return re.compile(source, flags & _RE_FLAGS)
    except re.error:
        return pattern


class _FastPunkt:
    """NLTK's :meth:`PunktSentenceTokenizer.span_tokenize` on plain strings, for speed.

    The same algorithm (Kiss and Strunk 2006, as NLTK implements it: candidate
    contexts from ``period_context_re``, the first and second annotation passes
    over the context's words, boundary realignment) and the same compiled
    regular expressions and parameters, without building a ``PunktToken`` per
    word; the decision for a context string is cached, as it depends on
    nothing else.  Used only for NLTK's own classes (:meth:`for_tokenizer`
    falls back to the tokenizer's method otherwise); the tests compare it with
    NLTK's method on arbitrary text.
    """

    def __init__(self, tokenizer):
        from nltk.tokenize import punkt

        def raw(pattern):  # nltk.redos wraps regex patterns with a time limit; use the pattern itself
            return getattr(pattern, "_rx", pattern)

        lang = tokenizer._lang_vars
        token_cls = tokenizer._Token
        self._params = params = tokenizer._params
        self._period_finditer = raw(lang.period_context_re()).finditer
        self._word_findall = raw(lang._word_tokenizer_re()).findall
        # the same two patterns compiled with re, for text where the engines agree (see _as_re)
        self._period_finditer_re = _as_re(raw(lang.period_context_re())).finditer
        self._word_findall_re = _as_re(raw(lang._word_tokenizer_re())).findall
        self._realign_match = raw(lang.re_boundary_realignment).match
        # NLTK's realignment pattern starts with one of these characters (a prefilter; None for another pattern)
        self._realign_first = _REALIGN_FIRST if lang.re_boundary_realignment.pattern == _REALIGN_PATTERN else None
        groups = lang.period_context_re().groupindex
        self._group_after, self._group_next = groups["after_tok"], groups["next_tok"]
        self._other_ws_search = re.compile("[\t\n\r\x0b\x0c]").search  # string.whitespace but " "
        self._sent_end_chars = tuple(lang.sent_end_chars)
        self._numeric_sub = raw(token_cls._RE_NUMERIC).sub
        self._ellipsis_match = raw(token_cls._RE_ELLIPSIS).match
        self._initial_match = raw(token_cls._RE_INITIAL).match
        self._punctuation = tuple(tokenizer.PUNCTUATION)
        self._lc, self._uc = punkt._ORTHO_LC, punkt._ORTHO_UC
        self._mid_uc, self._beg_lc = punkt._ORTHO_MID_UC, punkt._ORTHO_BEG_LC
        self._cache: dict[str, bool] = {}  # context -> text_contains_sentbreak(context)
        self._first: dict[str, tuple[str, str, bool, bool]] = {}  # word -> _first_pass(word)
        self._cache_key = self._params_key()

    @classmethod
    def for_tokenizer(cls, tokenizer):
        """``span_tokenize`` for ``tokenizer``: fast for NLTK's own Punkt classes, else the tokenizer's own."""
        from nltk.tokenize import punkt

        if (
            type(tokenizer) in (punkt.PunktSentenceTokenizer, getattr(punkt, "PunktTokenizer", None))
            and type(tokenizer._lang_vars) is punkt.PunktLanguageVars
            and tokenizer._Token is punkt.PunktToken
            and getattr(tokenizer._params.ortho_context, "default_factory", None) is int
        ):
            return cls(tokenizer).span_tokenize
        return lambda text: list(tokenizer.span_tokenize(text))

    def _params_key(self) -> tuple[int, ...]:
        p = self._params
        return (id(p.abbrev_types), len(p.abbrev_types), id(p.collocations), len(p.collocations),
                id(p.sent_starters), len(p.sent_starters), id(p.ortho_context))

    def check_params(self) -> None:
        """Forget cached decisions if the tokenizer's parameters changed since they were made."""
        key = self._params_key()
        if key != self._cache_key:
            self._cache.clear()
            self._first.clear()
            self._cache_key = key

    def span_tokenize(self, text: str) -> list[tuple[int, int]]:
        """``PunktSentenceTokenizer.span_tokenize(text)`` (with ``realign_boundaries=True``) as a list."""
        # _slices_from_text over _match_potential_end_contexts. A candidate's context is the word before
        # the mark, the mark and the lookahead group "after_tok": one slice of the text, as they are adjacent.
        slices: list[tuple[int, int]] = []
        last_break = 0
        prev_end = -1  # the previous candidate: end of the mark, of after_tok, start of next_tok (-1: none)
        prev_after = prev_next = 0
        prev_start = prev_stop = 0
        rfind = text.rfind
        other_ws = self._other_ws_search(text) is not None
        period_finditer = self._period_finditer if _ENGINES_DIFFER(text) else self._period_finditer_re
        get = self._cache.get
        ia, inext = self._group_after, self._group_next
        # a last step without a match (None) decides the last candidate
        for m in itertools.chain(period_finditer(text), (None,)):
            if m is not None:
                regs = m.regs
                mstart, mend = regs[0]
                # the last white space (string.whitespace) in text[prev_stop:mstart], as an index into it; 0 if none
                if other_ws:
                    ws = max(rfind(" ", prev_stop, mstart), rfind("\n", prev_stop, mstart),
                             rfind("\t", prev_stop, mstart), rfind("\r", prev_stop, mstart),
                             rfind("\x0b", prev_stop, mstart), rfind("\x0c", prev_stop, mstart))
                else:
                    ws = rfind(" ", prev_stop, mstart)
                word_start = ws + 1 if ws > prev_stop else prev_start
            if prev_end >= 0 and (m is None or prev_stop <= word_start):
                context = text[prev_start:prev_after]
                found = get(context)
                if found is None:
                    found = self._decide(context)
                if found:
                    slices.append((last_break, prev_end))
                    last_break = prev_next if prev_next >= 0 else prev_end
            if m is None:
                break
            prev_end = mend
            prev_after = regs[ia][1]
            prev_next = regs[inext][0]
            prev_start, prev_stop = word_start, mstart
        slices.append((last_break, len(text.rstrip())))
        # _realign_boundaries
        if len(slices) == 1:
            s1, e1 = slices[0]
            return [(s1, e1)] if s1 < e1 else []
        out: list[tuple[int, int]] = []
        realign = 0
        last = len(slices) - 1
        match = self._realign_match
        first_chars = self._realign_first
        for i, (s1, e1) in enumerate(slices):
            s1 += realign
            if i == last:
                if s1 < e1:
                    out.append((s1, e1))
                break
            s2, e2 = slices[i + 1]
            # the realignment pattern needs one of first_chars at the start of the next slice
            m = match(text[s2:e2]) if first_chars is None or (s2 < e2 and text[s2] in first_chars) else None
            if m:
                out.append((s1, s2 + len(m.group(0).rstrip())))
                realign = m.end()
            else:
                realign = 0
                if s1 < e1:
                    out.append((s1, e1))
        return out

    def _decide(self, context: str) -> bool:
        """``text_contains_sentbreak(context)``, remembered."""
        cache = self._cache
        if len(cache) >= _PUNKT_CACHE_MAX:
            cache.clear()
        found = cache[context] = self._contains_sentbreak(context)
        return found

    def _contains_sentbreak(self, context: str) -> bool:
        """True when a word of ``context`` other than the last ends a sentence (after both passes)."""
        findall = self._word_findall if _ENGINES_DIFFER(context) else self._word_findall_re
        if "\n" in context:  # _tokenize_words: line by line, blank lines skipped
            words: list[str] = []
            for line in context.split("\n"):
                if line.strip():
                    words.extend(findall(line))
        else:  # one line, never blank: it holds the candidate mark
            words = findall(context)
        if len(words) < 2:
            return False
        get = self._first.get
        first = [get(w) or self._first_pass(w) for w in words]
        second = self._second_pass
        for i in range(len(first) - 1):
            if second(first[i], first[i + 1]):
                return True
        return False

    def _first_pass(self, tok: str) -> tuple[str, str, bool, bool]:
        """(token, type, sentbreak, abbr or ellipsis) after ``_first_pass_annotation``, remembered."""
        if len(self._first) >= _PUNKT_CACHE_MAX:
            self._first.clear()
        first = self._first[tok] = self._first_pass_annotation(tok)
        return first

    def _first_pass_annotation(self, tok: str) -> tuple[str, str, bool, bool]:
        typ = self._numeric_sub("##number##", tok.lower())
        if tok in self._sent_end_chars:
            return tok, typ, True, False
        if self._ellipsis_match(tok):
            return tok, typ, False, True
        if tok.endswith(".") and not tok.endswith(".."):
            low = tok[:-1].lower()
            abbrevs = self._params.abbrev_types
            if low in abbrevs or low.rpartition("-")[2] in abbrevs:  # low.split("-")[-1]
                return tok, typ, False, True
            return tok, typ, True, False
        return tok, typ, False, False

    def _second_pass(self, first1: tuple[str, str, bool, bool], first2: tuple[str, str, bool, bool]) -> bool:
        """The final ``sentbreak`` of a word given the next one (``_second_pass_annotation``)."""
        tok1, type1, sentbreak, abbr_or_ellipsis = first1
        if not tok1.endswith("."):
            return sentbreak
        tok2, type2, sentbreak2, _ = first2
        typ = type1[:-1] if len(type1) > 1 and type1[-1] == "." else type1
        next_typ = type2[:-1] if sentbreak2 and len(type2) > 1 and type2[-1] == "." else type2
        params = self._params
        if (typ, next_typ) in params.collocations:
            return False
        # _RE_INITIAL ("[^\\W\\d]\\.$", from the start) can only match two characters (words hold no line feed)
        initial = len(tok1) == 2 and self._initial_match(tok1)
        if abbr_or_ellipsis and not initial:
            if self._ortho(tok2, next_typ) is True:
                return True
            if tok2[0].isupper() and next_typ in params.sent_starters:
                return True
        if initial or typ == "##number##":
            ortho = self._ortho(tok2, next_typ)
            if ortho is False:
                return False
            if (ortho == "unknown" and initial and tok2[0].isupper()
                    and not (params.ortho_context.get(next_typ, 0) & self._lc)):
                return False
        return sentbreak

    def _ortho(self, tok: str, typ: str) -> bool | str:
        """``_ortho_heuristic``: does the word start a sentence? True, False or "unknown"."""
        if tok in self._punctuation:
            return False
        context = self._params.ortho_context.get(typ, 0)
        if tok[0].isupper() and context & self._lc and not context & self._mid_uc:
            return True
        if tok[0].islower() and (context & self._uc or not context & self._beg_lc):
            return False
        return "unknown"


_ABBREVIATIONS = "|".join(
    sorted((re.escape(a) for a in ("Mr", "Mrs", "Ms", "Dr", "Gen", "Lt", "Col", "Maj", "Capt", "Sgt", "Adm",
                                   "Sen", "Rep", "Gov", "Amb", "Prof", "St", "Jr", "Sr", "Jan", "Feb", "Mar",
                                   "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "No", "vs",
                                   "etc", "Inc", "Corp", "Co", "Ltd")), key=len, reverse=True)
)

#: The regular expression of :func:`word_tokens` (NLTK ``RegexpTokenizer`` syntax).
TOKEN_PATTERN = rf"""
    (?:[^\W\d_]\.){{2,}}(?![^\W\d_])          # acronyms with periods: U.S. U.K. e.g.
  | \b(?:{_ABBREVIATIONS})\.(?=\s+\w)        # titles and month abbreviations: Gen. Sept.
  | \d+(?:[.,:/]\d+)*(?:[^\W\d_]+)?%?        # numbers: 2,000 3.5 1990s 21st 50%
  | \w+(?=n['\u2019]t\b)                     # do|n't
  | n['\u2019]t\b
  | ['\u2019](?:[sS]|re|ve|ll|[dDmM])\b      # clitics: 's 're 've 'll 'd 'm
  | [^\W\d_]+['\u2019](?![sSdDmMtT]\b|re\b|ve\b|ll\b)\w+   # O'Brien
  | \w+(?:[-\u2010\u2011]\w+)*               # words, hyphenated compounds
  | \.\.\.|--+|[^\w\s\x1c-\x1f\x85]           # punctuation (str.isspace() characters excluded)
"""


def _tokenizer():
    from nltk.tokenize import RegexpTokenizer

    return RegexpTokenizer(TOKEN_PATTERN, flags=_FLAGS)


_FLAGS = re.UNICODE | re.MULTILINE | re.DOTALL | re.VERBOSE
#: A first alternative for the common case, a run of letters that no earlier alternative of
#: TOKEN_PATTERN can take (not followed by a word character, an apostrophe, a period or a hyphen):
#: it gives the very span the last-but-one alternative would, so the tokens are the same.
_FAST_WORD = r"[^\W\d_]+(?![\w.'\u2019\-\u2010\u2011])|"
#: Characters that never start a token (whitespace and the separators the punctuation class
#: excludes); every other character does, so ``(gap)(token)`` pairs tile a text.
_GAP = r"([\s\x1c-\x1f\x85]*)"


@cache
def _patterns():
    """Compiled (token pattern, gap + token pattern), with NLTK's regular-expression engine.

    NLTK (>= 3.9.3, ``nltk.redos``) compiles tokenizer patterns with the
    third-party ``regex`` module, whose ``\\w`` includes combining marks
    ("e\u0301lite" is one word) and whose ``\\s`` differs from ``re``'s on a few
    separators; compiling with the same engine keeps the tokens identical to
    NLTK's :class:`~nltk.tokenize.RegexpTokenizer` with :data:`TOKEN_PATTERN`.
    """
    import regex

    fast = _FAST_WORD + TOKEN_PATTERN
    return regex.compile(fast, _FLAGS), regex.compile(_GAP + "(" + fast + "\n)", _FLAGS)


_ALNUM = re.compile(r"[^\W_]").search
_FORMS: dict[str, tuple[str, str, bool, bool]] = {}  # surface -> (lower, norm, is_alpha, is_stop)
_FORMS_MAX = 200_000
_new_tuple = tuple.__new__


def _form(surface: str, stop: frozenset[str]) -> tuple[str, str, bool, bool]:
    lower = surface.lower()
    norm = lower.translate(_TYPOGRAPHY)
    is_alpha = _ALNUM(surface) is not None
    if len(_FORMS) >= _FORMS_MAX:
        _FORMS.clear()
    form = _FORMS[surface] = (lower, norm, is_alpha, is_alpha and norm in stop)
    return form


#: A chunk: a run of text without white space. Python's ``\\s`` (``str.isspace``, also what ``str.split``
#: splits on) is the class of _GAP (the regex module's ``\\s`` plus "\\x1c"-"\\x1f" and "\\x85"), as the
#: tests check on every character.
_CHUNK_RE = re.compile(r"\S+")
#: What makes TOKEN_PATTERN's abbreviation alternative ("Gen." before a word) take a final period.
_WS_WORD = r"\s+\w"
#: A chunk that is one token and does not end with a period -> ``(length, text, lower, norm, is_alpha, is_stop)``.
_CHUNK_ONE: dict[str, tuple] = {}
#: Any other chunk -> its tokens ``((start, end, text, lower, norm, is_alpha, is_stop), ...)``; a chunk that
#: ends with a period and has other tokens before a word is keyed ``(chunk, before_word)``, see :func:`_chunk_tokens`.
_CHUNK_MANY: dict[Any, tuple] = {}
_CHUNKS_MAX = 100_000


def _chunk_tokens(text: str, pos: int, chunk: str, end: int, stop: frozenset[str]) -> tuple:
    """The tokens of the chunk at ``text[pos:]``, in a sentence that ends at ``end``, relative to ``pos``.

    TOKEN_PATTERN never matches white space and looks past it only to see
    whether a period follows an abbreviation and precedes a word
    (``(?=\\s+\\w)``), so a chunk has the same tokens wherever it occurs, given
    ``before_word`` (for a chunk that ends with a period: white space and a
    word character follow it in its sentence).  The tokens of each distinct
    chunk are matched once and remembered (:data:`_CHUNK_ONE`, :data:`_CHUNK_MANY`),
    by the chunk alone when both values of ``before_word`` give the same tokens.
    """
    toks = _CHUNK_MANY.get(chunk)
    if toks is not None:
        return toks
    if chunk[-1] == ".":
        after = pos + len(chunk)
        before_word = after < end and _ws_word_match()(text, after, end) is not None
        key: Any = (chunk, before_word)
        toks = _CHUNK_MANY.get(key)
        if toks is not None:
            return toks
        toks = _match_chunk(chunk, before_word, stop)
        if toks == _match_chunk(chunk, not before_word, stop):
            key = chunk
    else:
        key = chunk
        toks = _match_chunk(chunk, False, stop)
    if len(_CHUNK_ONE) + len(_CHUNK_MANY) >= _CHUNKS_MAX:
        _CHUNK_ONE.clear()
        _CHUNK_MANY.clear()
    if len(toks) == 1 and key is chunk:
        _CHUNK_ONE[chunk] = (len(chunk), *toks[0][2:])
    else:
        _CHUNK_MANY[key] = toks
    return toks


def _match_chunk(chunk: str, before_word: bool, stop: frozenset[str]) -> tuple:
    """TOKEN_PATTERN's tokens of ``chunk`` (followed by white space and a word if ``before_word``)."""
    findall = _patterns()[1].findall
    pairs = findall(chunk + " a") if before_word else findall(chunk)
    if before_word:
        pairs.pop()
    out = []
    offset = 0
    for gap, surface in pairs:
        offset += len(gap)
        form = _FORMS.get(surface) or _form(surface, stop)
        out.append((offset, offset + len(surface), surface, *form))
        offset += len(surface)
    return tuple(out)


def _sentence_chunks(stext: str, start: int) -> tuple[list[str], Iterable[int]]:
    """The chunks of a sentence's text and their offsets (``start`` is the sentence's offset)."""
    chunks = stext.split()
    if len(stext) - sum(map(len, chunks)) == len(chunks) - 1:
        # one white-space character between chunks: offset i is start + (lengths before i) + i
        return chunks, map(add, accumulate(map(len, chunks), initial=start), count())
    return chunks, [start + m.start() for m in _CHUNK_RE.finditer(stext)]


def token_starts(text: str, *, sentences: Sequence[Sentence] | None = None) -> list[int]:
    """Start offsets of the tokens of :func:`word_tokens` (``method="regexp"``), without building them.

    Examples
    --------
    >>> token_starts("Trump\u2019s U.S. envoy didn't go.")
    [0, 5, 8, 13, 19, 22, 26, 28]
    """
    if sentences is None:
        sentences = split_sentences(text)
    stop = stopwords()
    one = _CHUNK_ONE
    out: list[int] = []
    append = out.append
    for sent in sentences:
        end = sent.end
        chunks, offsets = _sentence_chunks(text[sent.start : end], sent.start)
        for pos, chunk in zip(offsets, chunks):
            if chunk in one:
                append(pos)
            else:
                out.extend([pos + t[0] for t in _chunk_tokens(text, pos, chunk, end, stop)])
    return out


@cache
def _ws_word_match():
    import regex

    return regex.compile(_WS_WORD, _FLAGS).match


def word_tokens(
    text: str,
    *,
    sentences: Sequence[Sentence] | None = None,
    method: Literal["regexp", "treebank"] = "regexp",
) -> list[Token]:
    """Word tokens of ``text`` with character offsets and normalized forms.

    Parameters
    ----------
    text : str
    sentences : sequence of Sentence, optional
        Defaults to :func:`split_sentences`; tokens never cross a sentence.
    method : {"regexp", "treebank"}, optional (default="regexp")
        ``"regexp"``: NLTK's :class:`~nltk.tokenize.RegexpTokenizer` with
        :data:`TOKEN_PATTERN` (Penn-Treebank-like: clitics split, acronyms
        and hyphenated compounds kept whole; about ten times faster).
        ``"treebank"``: NLTK's :class:`~nltk.tokenize.NLTKWordTokenizer`
        (``word_tokenize`` without the sentence split).

    Returns
    -------
    list of Token

    Examples
    --------
    >>> [t.text for t in word_tokens("Trump\u2019s U.S. envoy didn't go.")]
    ['Trump', '\u2019s', 'U.S.', 'envoy', 'did', "n't", 'go', '.']
    >>> [t.norm for t in word_tokens("Trump\u2019s")]
    ['trump', "'s"]
    """
    if method not in ("regexp", "treebank"):
        raise ValueError(f"method = {method!r} is invalid; it must be 'regexp' or 'treebank'")
    if sentences is None:
        sentences = split_sentences(text)
    if method == "treebank":
        return _treebank_tokens(text, sentences)
    # The regexp path gives the tokens of TOKEN_PATTERN (as RegexpTokenizer.span_tokenize does, one
    # sentence at a time; _regexp_tokens is that, literally) chunk by chunk: a run of non-space text has
    # the same tokens wherever it occurs (see _chunk_tokens), so each distinct chunk is matched once.
    stop = stopwords()
    get_one = _CHUNK_ONE.get
    new = _new_tuple
    out: list[Token] = []
    append = out.append
    for sent in sentences:
        end = sent.end
        sid = sent.id
        chunks, offsets = _sentence_chunks(text[sent.start : end], sent.start)
        for pos, chunk in zip(offsets, chunks):
            one = get_one(chunk)
            if one is not None:  # the common case: the chunk is one token
                length, surface, lower, norm, is_alpha, is_stop = one
                append(new(Token, (pos, pos + length, surface, lower, norm, sid, is_alpha, is_stop)))
            else:
                for s, e, surface, lower, norm, is_alpha, is_stop in _chunk_tokens(text, pos, chunk, end, stop):
                    append(new(Token, (pos + s, pos + e, surface, lower, norm, sid, is_alpha, is_stop)))
    return out


def _regexp_tokens(text: str, sentences: Sequence[Sentence]) -> list[Token]:
    """The reference for ``word_tokens(method="regexp")``: TOKEN_PATTERN over each sentence's text."""
    stop = stopwords()
    findall = _patterns()[1].findall
    out: list[Token] = []
    for sent in sentences:
        pos = sent.start
        for gap, surface in findall(text[pos : sent.end]):
            pos += len(gap)
            form = _FORMS.get(surface) or _form(surface, stop)
            out.append(Token(pos, pos + len(surface), surface, form[0], form[1], sent.id, form[2], form[3]))
            pos += len(surface)
    return out


def _treebank_tokens(text: str, sentences: Sequence[Sentence]) -> list[Token]:
    from nltk.tokenize import NLTKWordTokenizer

    spanner = NLTKWordTokenizer().span_tokenize
    stop = stopwords()
    out: list[Token] = []
    for sent in sentences:
        base = sent.start
        stext = text[sent.start : sent.end]
        for s, e in spanner(stext):
            surface = stext[s:e]
            form = _FORMS.get(surface) or _form(surface, stop)
            out.append(Token(base + s, base + e, surface, form[0], form[1], sent.id, form[2], form[3]))
    return out




SENTENCE_COLUMNS = ["article_id", "sentence_id", "paragraph_id", "start", "end", "text", "n_tokens"]
TOKEN_COLUMNS = ["article_id", "sentence_id", "token_id", "start", "end", "text", "lower", "norm", "is_alpha", "is_stop"]


def sentence_table(data: Article | Iterable[Article]) -> pd.DataFrame:
    """One row per sentence: ``article_id, sentence_id, paragraph_id, start, end, text, n_tokens``.

    ``n_tokens`` counts word tokens (punctuation excluded).
    """
    rows = []
    for art in as_articles(data):
        counts = [0] * len(art.sentences)
        for t in art.tokens:
            if t.is_alpha:
                counts[t.sentence_id] += 1
        rows.extend((art.id, s.id, s.paragraph_id, s.start, s.end, s.text, counts[s.id]) for s in art.sentences)
    return pd.DataFrame(rows, columns=SENTENCE_COLUMNS)


def token_table(data: Article | Iterable[Article]) -> pd.DataFrame:
    """One row per token: ``article_id, sentence_id, token_id, start, end, text, lower, norm, is_alpha, is_stop``."""
    rows = []
    for art in as_articles(data):
        rows.extend(
            (art.id, t.sentence_id, i, t.start, t.end, t.text, t.lower, t.norm, t.is_alpha, t.is_stop)
            for i, t in enumerate(art.tokens)
        )
    return pd.DataFrame(rows, columns=TOKEN_COLUMNS)
