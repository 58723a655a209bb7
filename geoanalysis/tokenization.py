"""Sentences and word tokens with character offsets, offline (NLTK Punkt and RegexpTokenizer).

Every offset is a Python string index into the text given, so
``text[start:end]`` gives back the sentence or the token.
"""
from __future__ import annotations

import logging
import re
from functools import cache
from typing import Iterable, Literal, Sequence

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
    tokenizer = punkt_tokenizer()
    spans: list[tuple[int, int, int]] = []
    for para in paragraphs:
        base = para.start
        ptext = text[para.start : para.end]
        local: list[list[int]] = []
        for s, e in tokenizer.span_tokenize(ptext):
            # Punkt realigns straight closing quotes only; move typographic ones back.
            k = s
            while k < e and ptext[k] in _CLOSERS and local and (k + 1 == e or ptext[k + 1].isspace()):
                k += 1
            if k > s and local:
                local[-1][1] = k
                s = k
                while s < e and ptext[s].isspace():
                    s += 1
            if s < e:
                local.append([s, e])
            elif local:
                local[-1][1] = max(local[-1][1], e)
        spans.extend((base + s, base + e, para.id) for s, e in local)
    return [Sentence(i, s, e, pid, text[s:e]) for i, (s, e, pid) in enumerate(spans)]


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


def token_starts(text: str, *, sentences: Sequence[Sentence] | None = None) -> list[int]:
    """Start offsets of the tokens of :func:`word_tokens` (``method="regexp"``), without building them.

    Examples
    --------
    >>> token_starts("Trump\u2019s U.S. envoy didn't go.")
    [0, 5, 8, 13, 19, 22, 26, 28]
    """
    if sentences is None:
        sentences = split_sentences(text)
    finditer = _patterns()[0].finditer
    out: list[int] = []
    for sent in sentences:
        base = sent.start
        out.extend([base + m.start() for m in finditer(text[base : sent.end])])
    return out


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
    # The regexp path runs TOKEN_PATTERN itself (as RegexpTokenizer.span_tokenize does, one sentence
    # at a time) with a fast first alternative (see _patterns); tokens are built as plain tuples.
    stop = stopwords()
    forms = _FORMS
    findall = _patterns()[1].findall
    new = _new_tuple
    out: list[Token] = []
    append = out.append
    for sent in sentences:
        pos = sent.start
        sid = sent.id
        for gap, surface in findall(text[pos : sent.end]):
            pos += len(gap)
            form = forms.get(surface)
            if form is None:
                form = _form(surface, stop)
            end = pos + len(surface)
            append(new(Token, (pos, end, surface, form[0], form[1], sid, form[2], form[3])))
            pos = end
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
