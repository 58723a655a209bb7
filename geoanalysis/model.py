"""The article data model: frozen dataclasses shared by every stage.

Offsets are Python string indices into :attr:`Article.text` (the clean body);
``text[start:end]`` always gives back the span's text.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from functools import cached_property
from operator import itemgetter
from typing import Any, Iterable, Iterator, Literal, Mapping, NamedTuple, Sequence

import pandas as pd

__all__ = [
    "Paragraph",
    "Sentence",
    "Token",
    "Link",
    "Article",
    "ErrorRecord",
    "Corpus",
    "as_articles",
    "normalize_languages",
]

DateSource = Literal["header", "metadata", "text"]


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph of the body: ``Article.text[start:end] == text``."""

    id: int
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence: ``Article.text[start:end] == text``; ``paragraph_id`` indexes ``paragraphs``."""

    id: int
    start: int
    end: int
    paragraph_id: int
    text: str


class Token(NamedTuple):
    """One word token.

    ``text`` is the surface form, ``lower`` its lower-cased form and ``norm`` the
    lower-cased form with typographic quotes, apostrophes and dashes mapped to
    ASCII, so "Trump’s" and "Trump's" share ``norm``.
    """

    start: int
    end: int
    text: str
    lower: str
    norm: str
    sentence_id: int
    is_alpha: bool
    is_stop: bool


_IS_ALPHA = itemgetter(Token._fields.index("is_alpha"))
_IS_STOP = itemgetter(Token._fields.index("is_stop"))

#: Share of English function words (stopwords) among the words of a body at or above which it is taken
#: for English: running English prose has 40-55 %, French, Spanish or German text under 10 %.
ENGLISH_STOPWORD_SHARE = 0.2
#: Bodies of fewer words are too short for that test: English unless their source declares a language.
ENGLISH_MIN_WORDS = 30


@dataclass(frozen=True, slots=True)
class Link:
    """A hyperlink of the original document: anchor text and target."""

    text: str
    target: str


@dataclass(frozen=True)
class Article:
    """One parsed article.

    Attributes
    ----------
    id : str
        Stable identifier from the file name (the stem; ``stem-N`` for the N-th
        record of a JSON Lines file).
    path : str or None
        The file it came from (None for text passed directly).
    format : {"text", "markdown", "html", "json", "csv"}
    title : str or None
        The headline.
    outlet, section : str or None
        Publication and section, where the document states them.
    date : datetime.date or None
    date_source : {"header", "metadata", "text"} or None
        ``"header"`` for a dateline or byline date (a wire dateline without a
        year, "SEOUL, Nov 7 (Yonhap)", in the year that puts it nearest the
        date the body states most often), ``"metadata"`` for a structured
        field (JSON, HTML meta), ``"text"`` when inferred from a date stated
        in the body.
    authors : tuple of str
        The people who wrote the article (never photo or other credits).
    editor : str or None
    credits : tuple of str
        Photo and other credits, e.g. ``"Photo illustration by John Lyman"``.
    sources : tuple of str
        Sources the article lists (a "Sources" block), in order, duplicates removed.
    links : tuple of Link
    text : str
        The clean body: no markup, headline, bylines, credits or boilerplate;
        paragraphs separated by a blank line.
    paragraphs, sentences : tuple
        With offsets into ``text``.
    metadata : mapping
        Other fields the source provided (``url``, ``language`` ...).
    """

    id: str
    text: str
    paragraphs: tuple[Paragraph, ...]
    sentences: tuple[Sentence, ...]
    path: str | None = None
    format: str = "text"
    title: str | None = None
    outlet: str | None = None
    section: str | None = None
    date: _dt.date | None = None
    date_source: DateSource | None = None
    authors: tuple[str, ...] = ()
    editor: str | None = None
    credits: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()
    metadata: Mapping[str, Any] = field(default_factory=dict)

    @cached_property
    def tokens(self) -> tuple[Token, ...]:
        """Word tokens of the body with offsets (computed on first use)."""
        from .tokenization import word_tokens

        return tuple(word_tokens(self.text, sentences=self.sentences))

    @property
    def n_words(self) -> int:
        """Number of alphanumeric word tokens in the body."""
        return len(list(filter(None, map(_IS_ALPHA, self.tokens))))  # the tokens with a true is_alpha

    @property
    def language(self) -> str:
        """``"en"`` when the body reads as English, else the language its source declares, else ``"und"``.

        English: at least :data:`ENGLISH_STOPWORD_SHARE` of its words are
        English function words (a stopword-ratio test, as in Grefenstette's
        "small words" method [1]_); a body of fewer than
        :data:`ENGLISH_MIN_WORDS` words is English unless its source declares
        another language. The declared language is ``metadata["language"]``
        (an HTML ``lang`` attribute, a JSON record's ``language``), as its
        primary subtag (``"es-AR"`` -> ``"es"``); ``"und"`` is ISO 639-2's
        "undetermined". The analysis stages assume English.

        References
        ----------
        .. [1] Grefenstette, G. (1995). Comparing two language identification
           schemes. *JADT 1995, 3rd International Conference on Statistical
           Analysis of Textual Data*, 263-268.
        """
        declared = str(self.metadata.get("language") or "").replace("_", "-").split("-")[0].lower()
        declared = declared if declared.isalpha() else ""
        tokens = self.tokens
        n = sum(map(_IS_ALPHA, tokens))
        if n < ENGLISH_MIN_WORDS:  # too short to count function words ("Macron met Scholz in Berlin.")
            return declared or "en"
        if sum(map(_IS_STOP, tokens)) >= ENGLISH_STOPWORD_SHARE * n:
            return "en"
        return declared if declared and declared != "en" else "und"

    @property
    def fingerprint(self) -> str:
        """A hash of the body (BLAKE2b, 16 hex digits) that ignores case and white space: two articles with
        the same fingerprint have the same text (a wire story published twice, a file copied)."""
        import hashlib

        body = " ".join(self.text.lower().split())
        return hashlib.blake2b(body.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence containing character ``offset`` of ``text``."""
        import bisect

        starts = [s.start for s in self.sentences]
        i = bisect.bisect_right(starts, offset) - 1
        if i >= 0 and self.sentences[i].start <= offset < self.sentences[i].end:
            return self.sentences[i]
        return None

    def to_record(self) -> dict[str, Any]:
        """One flat row of metadata and counts (used by :meth:`Corpus.to_frame`)."""
        return {
            "article_id": self.id,
            "path": self.path,
            "format": self.format,
            "title": self.title,
            "outlet": self.outlet,
            "section": self.section,
            "date": self.date.isoformat() if self.date else None,
            "date_source": self.date_source,
            "authors": "; ".join(self.authors),
            "editor": self.editor,
            "credits": "; ".join(self.credits),
            "sources": "; ".join(self.sources),
            "n_links": len(self.links),
            "n_paragraphs": len(self.paragraphs),
            "n_sentences": len(self.sentences),
            "n_words": self.n_words,
            "n_chars": len(self.text),
            "language": self.language,
            "fingerprint": self.fingerprint,
            "duplicate_of": None,
        }


@dataclass(frozen=True, slots=True)
class ErrorRecord:
    """A file that could not be read: its path and the reason, in words."""

    path: str
    reason: str


ARTICLE_COLUMNS = [
    "article_id", "path", "format", "title", "outlet", "section", "date", "date_source", "authors", "editor",
    "credits", "sources", "n_links", "n_paragraphs", "n_sentences", "n_words", "n_chars", "language", "fingerprint",
    "duplicate_of",
]
ERROR_COLUMNS = ["path", "reason"]


def as_articles(data: "Article | Iterable[Article]") -> list[Article]:
    """One article or an iterable of them (a :class:`Corpus`, a list) as a list of articles."""
    return [data] if isinstance(data, Article) else list(data)


def normalize_languages(languages: str | Iterable[str] | None) -> tuple[str, ...] | None:
    """Language codes as a sorted tuple of lower-case codes, or None for every language.

    Accepts one code, codes separated by commas, or an iterable of codes;
    ``None`` and ``"all"`` mean every language.

    Raises
    ------
    ValueError
        For an empty selection or a code that is not 2 or 3 letters.

    Examples
    --------
    >>> normalize_languages("EN, fr"), normalize_languages("all"), normalize_languages(["en"])
    (('en', 'fr'), None, ('en',))
    """
    if languages is None:
        return None
    items = languages.split(",") if isinstance(languages, str) else list(languages)
    codes = {str(code).strip().lower() for code in items} - {""}
    if codes == {"all"}:
        return None
    bad = sorted(c for c in codes if not (c.isascii() and c.isalpha() and 2 <= len(c) <= 3))
    if not codes or bad:
        raise ValueError(f"languages = {languages!r} is invalid; give ISO 639 codes such as 'en' or 'en,fr' "
                         "(or 'all')" + (f", not {', '.join(map(repr, bad))}" if bad else ""))
    return tuple(sorted(codes))


class Corpus(Sequence[Article]):
    """A sequence of :class:`Article` plus the files that could not be read.

    Parameters
    ----------
    articles : iterable of Article
    errors : iterable of ErrorRecord, optional
    """

    def __init__(self, articles: Sequence[Article] = (), errors: Sequence[ErrorRecord] = ()):
        self._articles = tuple(articles)
        self.errors: tuple[ErrorRecord, ...] = tuple(errors)

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, str):
            for a in self._articles:
                if a.id == i:
                    return a
            raise KeyError(f"no article with id {i!r}; ids are {[a.id for a in self._articles]}")
        if isinstance(i, slice):
            return Corpus(self._articles[i], self.errors)
        return self._articles[i]

    def __len__(self) -> int:
        return len(self._articles)

    def __iter__(self) -> Iterator[Article]:
        return iter(self._articles)

    def __repr__(self) -> str:
        return f"Corpus({len(self)} articles, {len(self.errors)} errors)"

    @property
    def ids(self) -> list[str]:
        return [a.id for a in self._articles]

    def in_languages(self, languages: str | Iterable[str] | None = ("en",), *, require: bool = False) -> Corpus:
        """The articles in one of ``languages`` (:attr:`Article.language`), as a new corpus.

        The analysis stages assume English (stopwords, titles and name
        heuristics, the tone, frame and stance lexicons): run on French or
        Spanish text they give junk (every capitalized phrase a person, tone
        near zero), so the analyses keep English articles by default.

        Parameters
        ----------
        languages : str or iterable of str or None, optional (default=("en",))
            Language codes (``"en"``, ``"fr"``; ``"und"`` for undetermined),
            one code or several separated by commas; ``None`` or ``"all"``
            keeps every article.
        require : bool, optional (default=False)
            Raise when no article is kept (a notebook has nothing to show).

        Returns
        -------
        Corpus
            With the same ``errors``.

        Raises
        ------
        ValueError
            With ``require``, when no article is in ``languages``; the message
            names the languages the articles are in and the files that could
            not be read.

        Examples
        --------
        >>> from geoanalysis.parsing import make_article
        >>> corpus = Corpus([make_article("Macron met Scholz in Berlin.", id="en"),
        ...                  make_article("Le président a rencontré le chancelier à Berlin pour parler de "
        ...                                "la guerre, de l'énergie et des relations entre la France et "
        ...                                "l'Allemagne, qui sont au cœur de l'Union européenne depuis "
        ...                                "des décennies.", id="fr")])
        >>> corpus.in_languages().ids, corpus.in_languages("all").ids
        (['en'], ['en', 'fr'])
        """
        keep = normalize_languages(languages)
        kept = Corpus(self._articles if keep is None else [a for a in self._articles if a.language in keep],
                      self.errors)
        if require and not len(kept):
            found = sorted({a.language for a in self._articles})
            raise ValueError(f"no articles to analyse: of {len(self)} articles (in the languages {found}) none is in "
                             f"{languages!r}; {len(self.errors)} files could not be read"
                             + "".join(f"\n{e.path}: {e.reason}" for e in self.errors[:5]))
        return kept

    def drop_duplicates(self, similarity: float = 1.0) -> Corpus:
        """The corpus without the articles whose body repeats an earlier one's (:attr:`Article.fingerprint`:
        case and white space ignored), as ``geoanalysis analyze --drop-duplicates`` leaves them out.

        With ``similarity`` below 1, also without those whose body resembles an earlier one's at least that
        much (word 5-grams, MinHash: :func:`geoanalysis.duplicates.near_duplicates`, ``--similarity``).

        Examples
        --------
        >>> from geoanalysis.parsing import make_article
        >>> wire = "Russia and Ukraine met in Geneva on Monday."
        >>> corpus = Corpus([make_article(wire, id="a"), make_article(wire.upper(), id="b"),
        ...                  make_article("NATO met in Brussels.", id="c")])
        >>> corpus.drop_duplicates().ids
        ['a', 'c']
        """
        if similarity != 1:
            from .duplicates import near_duplicates

            copies = set(near_duplicates(self._articles, similarity=similarity)["article_id"])
            return Corpus([a for a in self._articles if a.id not in copies], self.errors)
        seen: set[str] = set()
        keep = []
        for a in self._articles:
            if a.fingerprint not in seen:
                seen.add(a.fingerprint)
                keep.append(a)
        return Corpus(keep, self.errors)

    def to_frame(self) -> pd.DataFrame:
        """One row per article: metadata and counts (columns: see :meth:`Article.to_record`)."""
        rows = [a.to_record() for a in self._articles]
        first: dict[str, str] = {}
        for row in rows:  # duplicate_of: the first article with the same text, as in a corpus run
            earlier = first.setdefault(row["fingerprint"], row["article_id"])
            row["duplicate_of"] = earlier if earlier != row["article_id"] else None
        return pd.DataFrame(rows, columns=ARTICLE_COLUMNS)

    def links_frame(self) -> pd.DataFrame:
        """One row per hyperlink: ``article_id, position, text, target``."""
        rows = [(a.id, i, lk.text, lk.target) for a in self._articles for i, lk in enumerate(a.links)]
        return pd.DataFrame(rows, columns=["article_id", "position", "text", "target"])

    def sources_frame(self) -> pd.DataFrame:
        """One row per listed source, byline and credit: ``article_id, role, position, name``.

        ``role`` is ``"author"``, ``"editor"``, ``"credit"`` or ``"source"``.
        """
        rows = []
        for a in self._articles:
            groups = (("author", a.authors), ("editor", (a.editor,) if a.editor else ()),
                      ("credit", a.credits), ("source", a.sources))
            for role, names in groups:
                rows.extend((a.id, role, i, name) for i, name in enumerate(names))
        return pd.DataFrame(rows, columns=["article_id", "role", "position", "name"])

    def errors_frame(self) -> pd.DataFrame:
        """One row per file that could not be read: ``path, reason``."""
        return pd.DataFrame([(e.path, e.reason) for e in self.errors], columns=ERROR_COLUMNS)
