"""Read article files (plain text, Markdown, HTML, JSON / JSON Lines, CSV / TSV) into :class:`~geoanalysis.model.Article`.

Parsing is the only analysis-side code that reads files; it never writes.
Each format is turned into a list of blocks (headings, paragraphs, list
items) plus whatever metadata the format carries; one shared assembler then
separates the header (headline, outlet, section, date, bylines, credits), the
body and the footer (source lists, reader-feedback prompts, boilerplate),
repairs paragraphs broken by page layout and splits sentences.
"""
from __future__ import annotations

import codecs
import csv
import datetime as _dt
import errno
import io
import glob as _glob
import itertools
import json
import logging
import os
import re
from collections import Counter, deque
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from stat import S_ISREG as _S_ISREG
from typing import Any, Callable, Iterable, Iterator, Literal, Sequence

from .dates import MONTHS, find_dates, parse_date
from .model import Article, Corpus, ErrorRecord, Link, Paragraph
from .tokenization import split_sentences

__all__ = [
    "ParseError",
    "SUPPORTED_EXTENSIONS",
    "DEFAULT_MAX_BYTES",
    "parse_article",
    "parse_file",
    "read_records",
    "iter_records",
    "parse_record",
    "Record",
    "make_article",
    "find_files",
    "iter_corpus",
    "load_corpus",
    "read_text",
]

LOGGER = logging.getLogger(__name__)

Format = Literal["text", "markdown", "html", "json", "csv"]

#: File extensions read by :func:`load_corpus`, and the format each implies.
SUPPORTED_EXTENSIONS: dict[str, Format] = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".json": "json",
    ".jsonl": "json",
    ".ndjson": "json",
    ".csv": "csv",
    ".tsv": "csv",
}

#: Files larger than this are refused (bytes); pass ``max_bytes=`` to change it.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024


class ParseError(ValueError):
    """A file that cannot be read as an article; ``str(err)`` names the file and the problem."""

    def __init__(self, path: str | os.PathLike | None, reason: str):
        self.path = str(path) if path is not None else "<text>"
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")

    def __reduce__(self):  # picklable (to and from worker processes) with both arguments
        return (type(self), (self.path, self.reason))


# --------------------------------------------------------------------------- reading bytes


def _human(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{n} bytes"


def read_text(path: str | os.PathLike, *, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[str, str]:
    """Read a file as text: UTF-8 first, then a detected encoding (with a warning).

    Returns
    -------
    (text, encoding)

    Raises
    ------
    FileNotFoundError
        The path does not exist.
    ParseError
        Not a regular file, too large, empty, binary or undecodable.
    """
    p = _as_path(path)
    st = _stat(p)  # one stat call for Path.exists(), Path.is_file() and the size
    if st is None:
        raise FileNotFoundError(f"{p}: no such file")
    if not _S_ISREG(st.st_mode):
        raise ParseError(p, "not a regular file")
    size = st.st_size
    if max_bytes is not None and size > max_bytes:
        raise ParseError(p, f"file is {_human(size)}, over the limit of {_human(max_bytes)} (max_bytes=, or --max-mb)")
    with open(p, "rb") as fh:  # read-only: input files are never modified
        if max_bytes is None:
            data = fh.read(-1)
        else:
            # fh.read(max_bytes + 1), without allocating max_bytes + 1 bytes for a small file
            data = fh.read(min(size + 1, max_bytes + 1))
            if len(data) == size + 1 < max_bytes + 1:  # the file grew since stat()
                data += fh.read(max_bytes + 1 - len(data))
    return decode_bytes(data, path=p)


#: The class ``Path(...)`` makes here (PosixPath or WindowsPath).
_PATH_CLASS = type(Path())


def _as_path(path: str | os.PathLike) -> Path:
    """``Path(path)``; ``path`` itself when it is one already (the runner passes paths: no copy per file)."""
    return path if type(path) is _PATH_CLASS else Path(path)


_MISSING_ERRNOS = (errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP)


def _stat(p: Path) -> os.stat_result | None:
    """``p.stat()``, or None where ``Path.exists()`` says False (the same errors ignored, others raised)."""
    try:
        return p.stat()
    except OSError as exc:
        if getattr(exc, "errno", None) not in _MISSING_ERRNOS and getattr(exc, "winerror", None) not in (21, 123, 1921):
            raise
        return None
    except ValueError:  # a path the OS cannot take
        return None


_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def decode_bytes(data: bytes, *, path: str | os.PathLike | None = None) -> tuple[str, str]:
    """Decode raw bytes of an article; see :func:`read_text`."""
    if not data or data.isspace():  # not data.strip()
        raise ParseError(path, "empty file")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return _check_text(data.decode(enc), path), enc
            except UnicodeDecodeError as exc:
                raise ParseError(path, f"undecodable: starts with a {enc} byte-order mark but is not {enc} ({exc.reason})")
    head = data[:8192]
    if b"\x00" in head:
        raise ParseError(path, "binary content (NUL bytes), not text")
    try:
        return _check_text(data.decode("utf-8"), path, utf8=data), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise ParseError(path, "undecodable: not UTF-8 and no other text encoding fits")
    text = str(best)
    LOGGER.warning("%s: not UTF-8; decoded as %s", path if path is not None else "<bytes>", best.encoding)
    return _check_text(text, path), best.encoding


_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


#: Every byte but the control characters of _CONTROL_RE (for ``bytes.translate(None, delete)``).
_NOT_CONTROL_BYTES = bytes(b for b in range(256) if not (b <= 0x08 or 0x0E <= b <= 0x1F or b == 0x7F))


def _check_text(text: str, path, *, utf8: bytes | None = None) -> str:
    """``text`` if it reads as text; ``utf8``, when given, is the UTF-8 encoding of ``text``."""
    # in UTF-8 the control characters are single bytes that occur nowhere else: none in the bytes, none in the text
    if utf8 is None or utf8.translate(None, _NOT_CONTROL_BYTES):
        sample = text[:8192]
        if sample and len(_CONTROL_RE.findall(sample)) > max(8, 0.05 * len(sample)):
            raise ParseError(path, "binary content (control characters), not text")
    if not text.strip():
        raise ParseError(path, "empty file (only white space)")
    return text


# --------------------------------------------------------------------------- blocks


@dataclass
class _Block:
    kind: str  # "heading" | "para" | "item"
    raw: str  # text with markup (for cue detection: bold-only lines)
    text: str  # clean text
    level: int = 0
    bold: bool = False  # the whole block is bold or strong
    links: list[Link] = field(default_factory=list)


@dataclass
class _Meta:
    title: str | None = None
    outlet: str | None = None
    section: str | None = None
    date: _dt.date | None = None
    date_source: str | None = None
    authors: list[str] = field(default_factory=list)
    editor: str | None = None
    credits: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    dateline_day: tuple[int, int] | None = None  # (month, day) of a wire dateline ("SEOUL, Nov 7 (Yonhap)")


_WS_RE = re.compile(r"[ \t\r\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_ZW_RE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


#: Characters where ``str.split()`` and :data:`_WS_RE` (plus line feeds) disagree, and the zero-width ones.
_SQUASH_ODD_RE = re.compile(r"[\x1c-\x1f\x85\u1680\u2028\u2029\u200b\u200c\u200d\u2060\ufeff\u00ad]")


def _squash(text: str) -> str:
    """Normalize white space: runs collapse to one space, no leading/trailing space."""
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        # no white space but single inner spaces (every other white-space and zero-width character is
        # non-printable): nothing to change
        return text
    if _SQUASH_ODD_RE.search(text) is None:
        # without those characters, str.split() splits on exactly _WS_RE's class and "\n": the same result
        return " ".join(text.split())
    text = _ZW_RE.sub("", text)
    return _WS_RE.sub(" ", text.replace("\n", " ")).strip()


# Markdown inline markup ------------------------------------------------------

_MD_IMAGE_RE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_MD_LINK_RE = re.compile(r"\[([^\]]+)\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")
_MD_REFLINK_RE = re.compile(r"\[([^\]]+)\]\[[^\]]*\]")
_MD_AUTOLINK_RE = re.compile(r"<(https?://[^>\s]+)>")
_MD_EMPH_RE = re.compile(r"(\*{1,3}|_{1,3})(?=\S)(.+?)(?<=\S)\1")
_MD_CODE_RE = re.compile(r"`+([^`]*)`+")
_MD_ESCAPE_RE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
_HTML_TAG_RE = re.compile(r"</?[A-Za-z][^<>]*>")
_MD_HEADING_RE = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_SETEXT_RE = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_ITEM_RE = re.compile(r"^\s*(?:[-*+\u2022\u25cf\u25aa\u2023\u2043\u25e6]|\d{1,3}[.)])\s+")
_RULE_RE = re.compile(r"^\s{0,3}(?:(?:\*\s*){3,}|(?:-\s*){3,}|(?:_\s*){3,})$")


def _md_inline(raw: str) -> tuple[str, list[Link]]:
    """Strip Markdown inline markup; keep link text; collect links."""
    links: list[Link] = []

    def _link(m: re.Match) -> str:
        links.append(Link(_squash(_MD_EMPH_RE.sub(r"\2", m.group(1))), m.group(2)))
        return m.group(1)

    s = _MD_IMAGE_RE.sub("", raw)
    s = _MD_LINK_RE.sub(_link, s)
    s = _MD_REFLINK_RE.sub(r"\1", s)
    s = _MD_AUTOLINK_RE.sub(lambda m: (links.append(Link(m.group(1), m.group(1))), m.group(1))[1], s)
    s = _MD_CODE_RE.sub(r"\1", s)
    for _ in range(3):  # nested emphasis: ***x*** / **_x_**
        s2 = _MD_EMPH_RE.sub(r"\2", s)
        if s2 == s:
            break
        s = s2
    s = _HTML_TAG_RE.sub("", s)
    s = _MD_ESCAPE_RE.sub(r"\1", s)
    return _squash(s), links


def _is_bold(raw: str) -> bool:
    r = raw.strip().lstrip("#").strip()
    return bool(re.fullmatch(r"(\*\*|__)(?:(?!\1).)+\1", r)) or bool(re.fullmatch(r"(\*\*\*|___)(?:(?!\1).)+\1", r))


#: A line longer than this is no hard-wrapped line of a paragraph (text is wrapped at 80 characters or less).
_WRAP_MAX = 100
#: A line shorter than this share of a block's longest line ends a paragraph when the next line starts one.
_SHORT_LINE = 0.7


#: A line ending with a comma, perhaps inside quotation marks ('... Agreement,\u201d'): its sentence goes on.
_COMMA_END_RE = re.compile(r",[\"'\u201d\u2019)]*$")


def _page_line(line: str) -> bool:
    """A line of the page around the article: boilerplate, the heading of a list of other stories, a byline ("By
    John Smith"), a date line ("Published: July 6, 2025") or one opened by a date field ("date 2025-06-22 ...")."""
    if _DATE_FIELD_RE.match(line.lstrip()):
        return True
    return len(line) <= 200 and (_is_boilerplate(line) or _RELATED_RE.match(line) is not None or (
        _words(line) <= 12 and _BYLINE_RE.match(line) is not None) or (
        len(line) <= 60 and _DIGIT_RE.search(line) is not None and _only_date_words(line)
        and _looks_like_date(line) is not None))


def _line_paragraphs(lines: list[str]) -> list[list[str]]:
    """Split the lines of a plain-text block (no blank line between them) into its paragraphs.

    Text scraped from web pages often has one paragraph per line and no blank
    lines: a headline, a byline, a dateline or a sub-heading on its own line
    would otherwise run into the next sentence ("China Reports Water Cannon
    Incident China's Coast Guard said ...").  Text wrapped by hand or by a
    mailer has lines of nearly the same length, each running into the next.
    A line ends a paragraph when the next line does not start in lower case
    and it is either short (under :data:`_SHORT_LINE` of the block's longest
    line: a heading, a byline, a paragraph's last line) or longer than any
    wrapped line (:data:`_WRAP_MAX`) and ends as a sentence does.
    """
    if len(lines) < 2:
        return [lines]
    stripped = [line.strip() for line in lines]
    width = max(map(len, stripped))
    page = [_page_line(line) for line in stripped]  # (each line tested once: it is "here", then "next")
    groups: list[list[str]] = [[]]
    for k, (line, here) in enumerate(zip(lines, stripped[:-1])):
        groups[-1].append(line)
        first = stripped[k + 1][:1]
        if (first and not first.islower() and not _COMMA_END_RE.search(here) and (
            len(here) < _SHORT_LINE * width or (len(here) > _WRAP_MAX and _OPEN_END_RE.search(here))
            or page[k] or page[k + 1]
        )) or (page[k + 1] and _DATE_FIELD_RE.match(stripped[k + 1])):  # "date 2025-06-22 ..." opens its own
            groups.append([])
    groups[-1].append(lines[-1])
    return groups


def _text_blocks(text: str, *, markdown: bool) -> list[_Block]:
    """Split plain text or Markdown into blocks (blank lines separate paragraphs)."""
    blocks: list[_Block] = []
    para: list[str] = []
    in_fence = False

    def flush() -> None:
        if para:
            for group in [para] if markdown else _line_paragraphs(para):
                raw = "\n".join(group)
                if markdown:
                    clean, links = _md_inline(raw)
                else:
                    clean, links = _squash(raw), []
                if clean:
                    blocks.append(_Block("para", raw, clean, bold=markdown and _is_bold(raw), links=links))
            para.clear()

    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for i, line in enumerate(lines):
        if markdown and line.lstrip().startswith("```"):
            in_fence = not in_fence
            flush()
            continue
        if in_fence:
            continue
        if not line.strip():
            flush()
            continue
        if markdown and _RULE_RE.match(line):
            flush()
            continue
        if markdown:
            h = _MD_HEADING_RE.match(line)
            if h:
                flush()
                clean, links = _md_inline(h.group(2))
                if clean:
                    blocks.append(_Block("heading", h.group(2), clean, level=len(h.group(1)), bold=_is_bold(h.group(2)), links=links))
                continue
            if _MD_SETEXT_RE.match(line) and len(para) == 1:
                raw = para.pop()
                clean, links = _md_inline(raw)
                blocks.append(_Block("heading", raw, clean, level=1 if "=" in line else 2, links=links))
                continue
            line = re.sub(r"^\s{0,3}>\s?", "", line)  # block quotes keep their text
        item = _ITEM_RE.match(line)
        if item:
            flush()
            raw = line[item.end():]
            clean, links = _md_inline(raw) if markdown else (_squash(raw), [])
            if clean:
                blocks.append(_Block("item", raw, clean, bold=markdown and _is_bold(raw), links=links))
            continue
        if blocks and blocks[-1].kind == "item" and not para and line[:1].isspace() and i > 0 and lines[i - 1].strip():
            # continuation line of a list item
            prev = blocks[-1]
            clean, links = _md_inline(line) if markdown else (_squash(line), [])
            prev.raw += " " + line.strip()
            prev.text = _squash(prev.text + " " + clean)
            prev.links.extend(links)
            continue
        para.append(line)
    flush()
    return blocks


# --------------------------------------------------------------------------- header / footer rules

_DATE_LINE_RE = re.compile(
    r"^(?:(?:published|updated|posted|last updated|first published|date)\s*:?\s*)?(?:on\s+)?"
    r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?(?P<date>.{6,40}?)"
    r"(?:\s*(?:at\s+)?\d{1,2}[:.]\d\d\s*(?:[ap]\.?m\.?)?\s*(?:[A-Z]{2,4}|GMT[+-]?\d*|UTC[+-]?\d*)?)?\.?$",
    re.I,
)
_BYLINE_RE = re.compile(r"^(?:written\s+)?by\s*:?\s+(?P<names>.+)$", re.I)
_AUTHOR_FIELD_RE = re.compile(r"^(?:authors?|writers?|reporters?|correspondents?)\s*:\s*(?P<names>.+)$", re.I)
_EDITOR_RE = re.compile(r"^(?:edited\s+by|editor|editing\s+by|edited)\s*:?\s+(?P<names>.+)$", re.I)
_REPORTING_RE = re.compile(r"^\(?\s*reporting\s+by\s+(?P<authors>[^;]+?)(?:;\s*(?:additional reporting[^;]*;\s*)?(?:writing\s+by\s+[^;]+;\s*)?editing\s+by\s+(?P<editor>[^;)]+))?\s*\)?\.?$", re.I)
_CREDIT_RE = re.compile(
    r"^(?:(?:top|main|header|cover|feature[d]?)\s+)?(?:photo(?:graph)?s?|image|illustration|picture|graphic|video|"
    r"photo illustration|cartoon|map|credit|source image)\b.{0,80}?(?:\bby\b|:|/|\u00a9|\()",
    re.I,
)
_CREDIT_TAIL_RE = re.compile(r"\((?:photo|image|credit)[^)]*\)$|\b(?:getty images|afp|ap photo|reuters/|shutterstock|epa-efe|via getty)\b"
                             r"|\b(?:source|pictures?|photo|image)\s*:\s*[^.:;]{1,40}$", re.I)
_CONTRIBUTED_RE = re.compile(r"^[A-Z].{0,150}\bcontributed\s+(?:(?:additional\s+)?reporting\s+)?(?:to|for)\s+this\s+"
                             r"(?:report|story|article)\.?$")
_SOURCES_HEAD_RE = re.compile(r"^(?:sources?|references?|further reading|bibliography|sources and references)\s*:?\s*(?P<rest>.*)$", re.I)
_BOILERPLATE_RE = re.compile(
    r"^(?:did you find an? (?:error|mistake|typo|inaccuracy)|found an? (?:error|typo|mistake)|"
    r"we will consider your comments|report an? (?:error|typo|correction)|"
    r"(?:please )?(?:share|like|follow|subscribe|sign up|register|log ?in|click here|tap here|download (?:our|the) app)\b|"
    r"share (?:this|on)\b|read (?:more|also|next)\s*:|related(?: articles| stories| coverage)?\s*:?$|recommended\s*:?$|"
    r"more from\b|advertisement$|sponsored(?: content)?$|copyright\b|\u00a9|all rights reserved|"
    r"this (?:article|story) (?:was|has been) (?:updated|corrected)|comments?(?: \(\d+\))?$|"
    r"(?:leave|post) a comment|what do you think\?$|let us know\b|join the conversation|"
    r"(?:skip to|back to) (?:main )?content|(?:continue reading|keep reading)\b|"
    r"(?:the )?views expressed (?:in this|are)|newsletter\b|about the authors?$|"
    r"this (?:article|story|piece) (?:originally |first )?(?:appeared|was (?:originally |first )?published)\b|"
    r"how (?:informative|useful|helpful) (?:is|was) this\b|loading\W*$|contact us\W*$|"
    r"to read the full (?:article|story)|"
    r"\(?with inputs from\b|"
    r"skip navigation|select page\W*$|listen to (?:this |the )?(?:story|article|audio)\b|article text\s*:?$|"
    r"short url\W*$|rate (?:this )?(?:article|story)|rate count\W*$|ratings?\W*$|local image\W*$|tags\s*:?$|"
    r"no comments\s*:?$|play live radio|next up\s*:?$|(?:fcc )?public (?:inspection )?files?\b|"
    r"home\s*[\u00bb>\u203a|/]|this audio is (?:created|generated)\b|"
    r"(?:supervisor\b.{0,40}?)?editor[- ]in[- ]chief\b|supervisor(?:\s+[A-Z][\w'\u2019-]*){1,3}\s*$|"
    r"\d{1,2}:\d\d(?:\s+\d{1,2}:\d\d)*\s*$|available on air stations|\d+\s+shares?\b|.{0,12}\b\d+\s*px$|"
    r"search(?:\s+search)*\s*$|news feed\s*$|logo\s*$|(?:telegram|whatsapp|facebook|twitter|linkedin|email|print)+\s*$|"
    r"back to top\b|by submitting\b|take our (?:user )?survey\b|\{\{.*\}\}$|top of page\b|"
    r"audio option is available\b|trending(?: now)?\s*$)",
    re.I,
)
#: A notice on cookies, longer than most boilerplate ("By continuing to browse our site you agree to ...").
_COOKIES_RE = re.compile(r"^(?:by continuing to (?:browse|use)|we use cookies|this (?:web)?site uses cookies)\b", re.I)
#: A heading that opens a list of links to other stories ("Recommended Stories", "Read more:", "ALSO READ").
_RELATED_RE = re.compile(
    r"^[-*\u2022]?\s*(?:recommended(?: stories| for you| reading| articles)?|you (?:may|might) also like|"
    r"read (?:more|also|next)(?: on)?|also read|related(?: stories| articles| coverage| news| content)?|"
    r"more (?:stories|news|from [\w ]{1,30})|most (?:read|popular|viewed)|trending(?: now| stories)?|top stories|"
    r"latest (?:news|stories))\s*:?\s*$", re.I)
_NAME_TOKEN = r"[A-Z\u00c0-\u00de][\w.'\u2019\-]*"
_NAME_RE = re.compile(rf"^{_NAME_TOKEN}(?:\s+(?:(?:de|da|van|von|der|den|la|le|bin|al|el|ibn|du)\s+)?{_NAME_TOKEN}){{1,3}}$")
_SECTION_WORDS = {
    "world", "news", "politics", "opinion", "analysis", "commentary", "editorial", "business", "economy",
    "europe", "asia", "africa", "americas", "middle east", "international", "national", "us", "uk",
    "security", "defense", "defence", "diplomacy", "foreign policy", "op-ed", "features", "feature",
    "breaking", "latest", "world news", "global", "geopolitics", "investigations", "column", "blog",
    "overview", "summary", "key points", "highlights", "current news", "top news", "top stories", "military",
    "crime", "markets", "latest news", "news analysis", "in depth", "explainer",
}
#: Words of a line of a page's sections and labels ("Headline News Security World News").
_SECTION_LINE_WORDS = frozenset("headline headlines news world politics security opinion analysis business economy "
                                "international national latest breaking top stories feature featured home region "
                                "regions diplomacy defence defense military".split())


def _section_line(line: str) -> bool:
    """A line of section names and labels: at least two of :data:`_SECTION_LINE_WORDS` and at most one other word,
    capitalized (a country: "Ethiopia News Politics"); no punctuation."""
    words = line.split()
    if not 2 <= len(words) <= 8 or not all(w.isalpha() and w[:1].isupper() for w in words):
        return False
    others = [w for w in words if w.lower() not in _SECTION_LINE_WORDS]
    return len(words) - len(others) >= 2 and len(others) <= 1


#: A place on a line of its own: a city in capitals or title case, perhaps with its country ("MOSCOW", "KHARTOUM,
#: Sudan").
_PLACE_LINE_RE = re.compile(
    r"[A-Z][A-Za-z.'\u2019 /-]{1,30}(?:,\s*[A-Z][A-Za-z.'\u2019-]+(?:\s+[A-Z][A-Za-z.'\u2019-]+)?)?")
#: A line that is a web address only (a page's address copied above its text).
_URL_LINE_RE = re.compile(r"^(?:https?://|www\.)\S+$", re.I)


_NAMES_TAIL_RE = re.compile(r"\s*(?:[|\u2022]|\s[-\u2013\u2014]\s).*$")  # "By X | Reuters", "X - Apr 16, 2015"
_NAMES_SEP_RE = re.compile(r"\s*(?:,|;|\band\b|&)\s*")
_DIGIT_RE = re.compile(r"\d")


def _split_names(names: str) -> list[str]:
    names = _NAMES_TAIL_RE.sub("", names)  # "By X | Reuters"
    parts = _NAMES_SEP_RE.split(names)
    out = []
    for p in parts:
        p = _squash(p.strip(" .:*_"))
        if " in " in p and len(p.split()) >= 4:  # "Jakub Krupa in Warsaw": the author, not the place
            p = re.sub(r"\s+in\s+[A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*){0,2}$", "", p)
        if p and not _DIGIT_RE.search(p) and len(p.split()) <= 5:
            out.append(p)
    return out


#: Separators of a byline's fields: "By X | Reuters | Sept. 10, 2025", "By X \u00b7 10 September 2025 \u00b7 4 min read".
_THE_RE = re.compile(r"^the\s+", re.I)
_BYLINE_SEP_RE = re.compile(r"\s*(?:[|\u2022\u00b7]|\s[-\u2013\u2014]\s)\s*")
_READ_TIME_RE = re.compile(r"^\d+\s*-?\s*min(?:ute)?s?\.?(?:\s+read)?$", re.I)


#: A name of a news outlet by its last word ("The Canadian Press", "Miami Herald", "Buenos Aires Times").
_OUTLET_NAME_RE = re.compile(
    r"^(?:The\s+)?(?:[A-Z][\w.&'\u2019-]*\s+){0,3}(?:Press|Herald|Times|Post|News|Journal|Tribune|Telegraph|Guardian|"
    r"Gazette|Chronicle|Observer|Independent|Express|Mail|Star|Sun|Standard|Courier|Dispatch|Review|Monitor|"
    r"Daily|Weekly|Agency|Wire|Radio|Television|TV|Online)$")


def _place_or_outlet(text: str, *, only: bool = False) -> str | None:
    """``"place"`` when the knowledge base knows ``text`` as a city or a country (``only``: as nothing else),
    ``"outlet"`` as a news medium."""
    from .kb import load_kb

    ids = load_kb().lookup(text) if 1 <= _words(text) <= 5 and not _DIGIT_RE.search(text) else []
    places = [e.startswith(("city:", "country:")) for e in ids]
    if any(places) and (not only or all(places)):
        return "place"
    return "outlet" if any(e.startswith("media:") for e in ids) else None


def _byline(text: str) -> tuple[list[str], str | None, str | None, _dt.date | None, str | None]:
    """``(names, outlet, place, date, section)`` of what follows "By" in a byline ("By Xinhua": an outlet, no name).

    Fields are separated by ``|``, ``\u2022``, ``\u00b7`` or a spaced dash
    ("By X | Reuters | Sept. 10, 2025"), or follow the names after commas
    ("By X, Warsaw, September 10, 2025", "By X, Reuters"): a date, a place the
    knowledge base knows (a city, a country), a reading time ("4 min read",
    dropped), a section ("By X | Opinion": :data:`_SECTION_WORDS`), else an
    outlet (the first such field; after commas only a news medium the
    knowledge base knows, since names are listed with commas too).
    """
    fields = [f for f in (_squash(f.strip(" *_")) for f in _BYLINE_SEP_RE.split(text)) if f]
    head, rest = (fields[0], fields[1:]) if fields else ("", [])
    parts = [p.strip() for p in head.split(",")]
    date = None
    for k in range(len(parts) - 1, 0, -1):  # the shortest tail that is a date: "X, Warsaw, September 10, 2025"
        date = _looks_like_date(", ".join(parts[k:]))
        if date is not None:
            parts = parts[:k]
            break
    tail: list[str] = []
    while len(parts) > 1 and (_place_or_outlet(parts[-1]) or _OUTLET_NAME_RE.match(parts[-1])):
        tail.insert(0, parts.pop())  # "X, Warsaw", "X, Reuters", "X, The Canadian Press", "X, Miami Herald"
    if len(parts) == 1 and (_place_or_outlet(_THE_RE.sub("", parts[0])) == "outlet" or _OUTLET_NAME_RE.match(parts[0])):
        tail.insert(0, parts.pop())  # no name but an outlet: "By Xinhua", "By The Associated Press"
    outlet = place = section = None
    for f in tail + rest:
        if _READ_TIME_RE.match(f):
            continue
        d = _looks_like_date(f)
        if d is not None:
            date = date or d
            continue
        kind = _place_or_outlet(f) or ("outlet" if _OUTLET_NAME_RE.match(f) else None)
        if kind == "place":
            place = place or f
        elif f.lower() in _SECTION_WORDS and kind != "outlet":
            section = section or f
        elif outlet is None and not _DIGIT_RE.search(f) and _words(f) <= 6:
            outlet = f
    return _split_names(", ".join(parts)), outlet, place, date, section


def _known_place(line: str) -> bool:
    """Whether ``line`` ("MOSCOW", "KHARTOUM, Sudan") names, before any comma, a city or country the knowledge
    base knows, and nothing else."""
    return _place_or_outlet(line.split(",")[0].strip(), only=True) == "place"


def _given_name(word: str) -> bool:
    """Whether ``word`` is a given name of ``data/given_names_en.csv`` (not a title such as "King")."""
    from .kb import _genders, kb_rules

    rules = kb_rules()
    return word in _genders()[0] and word not in rules["male_titles"] and word not in rules["female_titles"]


def _looks_like_date(text: str) -> _dt.date | None:
    if len(text) > 80 or _DIGIT_RE.search(text) is None:  # every date found below holds a digit
        return None
    m = _DATE_LINE_RE.match(text.strip())
    if not m:
        return None
    dates = find_dates(text)
    found = [d for d in dates if d.precision == "day"]
    if len(found) == 1 and len(text) - (found[0].end - found[0].start) <= 45:
        return found[0].date
    return parse_date(m.group("date")) if not dates else None


#: The lower-case words of a date line besides its date ("Last updated on", "Date created :", "Posted by X on").
_DATE_LINE_WORDS = frozenset("on at by in published updated posted created modified last first date and time".split())


_UPDATED_RE = re.compile(r"^(?:last\s+)?(?:updated|modified|edited)\b", re.I)
_NUMERIC_DATE_RE = re.compile(r"\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b")


def _ambiguous_numeric(text: str) -> bool:
    """Whether ``text`` holds a date of numbers that reads day first and month first ("3/6/2025", not "13/6/2025"
    or "6/6/2025")."""
    m = _NUMERIC_DATE_RE.search(text)
    return m is not None and m.group(1) != m.group(2) and int(m.group(1)) <= 12 and int(m.group(2)) <= 12


def _only_date_words(text: str) -> bool:
    """Whether ``text`` has no lower-case word but those of a date line: "Published on May 7, 2025", not a
    closing sentence that holds a date ("The measures hold until January 1, 2027.")."""
    return all(w.lower() in _DATE_LINE_WORDS for w in re.findall(r"\b[a-z][a-z]+\b", text))


def _is_boilerplate(text: str) -> bool:
    return (bool(_BOILERPLATE_RE.match(text)) and len(text.split()) <= 25) or (
        _COOKIES_RE.match(text) is not None and len(text.split()) <= 60)


def _title_case_masthead(text: str) -> str:
    return text.title() if text.isupper() else text


def _words(text: str) -> int:
    return len(text.split())


_PROSE_END_RE = re.compile(r"[.!?\u2026][\"'\u201d\u2019)]*$")
_SENTENCE_END_RE = re.compile(r"[.!?]$")


def _is_body_para(b: _Block) -> bool:
    """A block that reads as running prose rather than header material."""
    t = b.text
    if b.kind == "heading":
        return False
    n = _words(t)
    return n >= 25 or (n >= 8 and bool(_PROSE_END_RE.search(t)) and not b.bold)


def _repeats_title(text: str, title: str) -> bool:
    """``text`` is the title, or the head or tail of a title of at least four words that holds it ("Asia-pacific -
    Third blogger hacked to death" holds "Third blogger hacked to death")."""
    t, full = _squash(text).lower(), _squash(title).lower()
    return t == full or (_words(t) >= 4 and (full.endswith(t) or full.startswith(t)))


def _source_line(text: str, meta: _Meta) -> bool:
    """Read a line of fields between bars that names a news medium ("Reuters | Beijing | Updated: 09-08-2022 10:26
    IST") into ``meta``: the outlet, the place (as a dateline) and a date that reads one way only (not "09-08-2022",
    which may be either day first or month first), or a line of dates only ("Published: ... | Updated: ...": the
    first); False, and nothing read, when no field is a medium the knowledge base knows and not every one a date."""
    fields = [f for f in (_squash(f.strip(" *_")) for f in text.split("|")) if f]
    dates = [_looks_like_date(f) for f in fields]
    if len(fields) >= 2 and all(d is not None for d in dates):
        # "Published: 10:21, May 7, 2025 | Updated: 16:32, May 7, 2025": the date published, first
        if meta.date is None or meta.date_source != "metadata":
            meta.date, meta.date_source = dates[0], "header"
        return True
    kinds = [_place_or_outlet(f) for f in fields]
    if len(fields) < 2 or "outlet" not in kinds:
        return False
    for field, kind in zip(fields, kinds):
        if kind == "outlet" and meta.outlet is None:
            meta.outlet = field
        elif kind == "place":
            meta.extra.setdefault("dateline", field)
        elif kind is None and meta.date is None and not _ambiguous_numeric(field):
            d = _looks_like_date(field)
            if d is not None:
                meta.date, meta.date_source = d, "header"
    return True


def _classify_header(blocks: list[_Block], meta: _Meta, *, has_title: bool) -> int:
    """Consume header blocks into ``meta``; return the index of the first body block."""
    i = 0
    n = len(blocks)
    title_set = has_title
    while i < n:
        b = blocks[i]
        t = b.text
        if _is_body_para(b) and not (not title_set and i == 0 and b.kind != "item" and _words(t) <= 30 and not t.endswith(".")):
            break
        if _is_boilerplate(t) or (has_title and meta.title and _repeats_title(t, meta.title)):
            i += 1
            continue
        if _URL_LINE_RE.match(t):  # the page's address
            meta.extra.setdefault("url", t)
            i += 1
            continue
        if i and any(t == x.text for x in blocks[:i]):  # a line repeated (a caption a page shows twice)
            i += 1
            continue
        m = _EDITOR_RE.match(t)
        if m and _words(t) <= 10:
            meta.editor = meta.editor or ", ".join(_split_names(m.group("names"))) or None
            i += 1
            continue
        m = _BYLINE_RE.match(t) or _AUTHOR_FIELD_RE.match(t)
        if m and _words(t) <= 16:
            names, outlet, place, date, section = _byline(m.group("names"))
            if outlet and meta.outlet is None:
                meta.outlet = outlet
            if section and meta.section is None:
                meta.section = section
            if place:
                meta.extra.setdefault("dateline", place)
            if date is not None and (meta.date is None or meta.date_source != "metadata"):
                meta.date, meta.date_source = date, "header"
            for name in names:
                if name not in meta.authors:
                    meta.authors.append(name)
            i += 1
            continue
        if (_CREDIT_RE.match(t) or _CREDIT_TAIL_RE.search(t)) and _words(t) <= 20 and not _is_body_para(b):
            meta.credits.append(t)
            i += 1
            continue
        if "|" in t and _words(t) <= 20 and _source_line(t, meta):
            i += 1
            continue
        d = _looks_like_date(t)
        if d is not None:
            # (a date of numbers that reads either way, "3/6/2025", tells no date: a plainer one may follow; the
            # date a page was updated is not the one it was published, which it keeps)
            if (meta.date is None or meta.date_source != "metadata") and not _ambiguous_numeric(t) and not (
                    meta.date is not None and _UPDATED_RE.match(t)):
                meta.date, meta.date_source = d, "header"
            i += 1
            continue
        if b.kind == "heading":
            following_heading = any(x.kind == "heading" for x in blocks[i + 1 : i + 6])
            if meta.outlet is None and t.isupper() and _words(t) <= 6 and following_heading and not title_set:
                meta.outlet = _title_case_masthead(t)
            elif _words(t) <= 3 and (t.lower() in _SECTION_WORDS or following_heading) and not title_set:
                meta.section = meta.section or t
            elif not title_set:
                meta.title, title_set = t, True
            else:
                break  # a heading after the title starts the body (sub-heading)
            i += 1
            continue
        if b.bold and _NAME_RE.match(t) and not t.isupper():
            meta.authors.append(t)
            i += 1
            continue
        if _section_line(t):
            meta.section = meta.section or t  # "Headline News Security World News", "Ethiopia News Politics"
            i += 1
            continue
        if not title_set and _PLACE_LINE_RE.fullmatch(t) and _known_place(t):
            meta.extra.setdefault("dateline", t)  # a dateline on a line of its own: "MOSCOW", "KHARTOUM, Sudan"
            i += 1
            continue
        if _words(t) <= 5 and not _SENTENCE_END_RE.search(t) and _place_or_outlet(t) == "outlet":
            meta.outlet = meta.outlet or t  # the outlet's name on a line of its own: "Al Jazeera"
            i += 1
            continue
        if (not meta.authors and b.kind == "para" and _NAME_RE.match(t) and _words(t) <= 3
                and i + 1 < n and _is_body_para(blocks[i + 1])
                and (_given_name(t.split()[0]) or (i and _looks_like_date(blocks[i - 1].text) is not None))):
            # a byline of a name alone above the text: "Brenna Mancini", or a name after the date line
            meta.authors.append(t)
            i += 1
            continue
        if not title_set and b.kind == "para" and _words(t) <= 30 and t.lower() not in _SECTION_WORDS:
            meta.title, title_set = t, True
            i += 1
            continue
        if _words(t) <= 3 and not _SENTENCE_END_RE.search(t) and t.lower() in _SECTION_WORDS:
            meta.section = meta.section or t
            i += 1
            continue
        break
    return i


def _classify_footer(blocks: list[_Block], meta: _Meta) -> list[_Block]:
    """Remove source lists, boilerplate and trailing credits; return the body blocks."""
    body: list[_Block] = []
    in_sources = in_related = False
    for b in blocks:
        t = b.text
        # the number of words, or 32 when there are more: every test below stops at 30 (no long paragraph split)
        n = len(t.split(None, 31))
        if n <= 8 and _RELATED_RE.match(t):
            in_related = True  # the headlines of other stories follow
            continue
        if in_related:
            # headlines, one per line (a block of them when no blank line parts them), or list items
            if b.kind == "item" and n <= 30 or all(
                    _words(line) <= 20 and not _PROSE_END_RE.search(line.strip()) for line in b.raw.split("\n")):
                continue
            in_related = False
        head = _SOURCES_HEAD_RE.match(t)
        if head and (n <= 3 or (head.group("rest") and _words(head.group("rest")) <= 20 and ":" in t[:12])):
            in_sources = True
            rest = head.group("rest").strip()
            if rest:
                meta.sources.extend(s for s in re.split(r"\s*[;,]\s*", rest) if s)
            continue
        if in_sources:
            if b.kind == "item" or (n <= 8 and not _SENTENCE_END_RE.search(t)):
                meta.sources.append(t.strip(" .;"))
                continue
            in_sources = False
        if n <= 25 and _BOILERPLATE_RE.match(t) or _COOKIES_RE.match(t) and _words(t) <= 60:  # _is_boilerplate(t)
            continue
        if n <= 8 and _DIGIT_RE.search(t):  # a date line ("Date created : 2015-05-12"), not a sentence
            d = _looks_like_date(t)
            if d is not None and _only_date_words(t):
                if meta.date is None:
                    meta.date, meta.date_source = d, "header"
                continue
        if n <= 30:
            m = _REPORTING_RE.match(t)
            if m:
                meta.authors.extend(a for a in _split_names(m.group("authors")) if a not in meta.authors)
                if m.group("editor") and not meta.editor:
                    meta.editor = ", ".join(_split_names(m.group("editor")))
                continue
        if n <= 20 and _CONTRIBUTED_RE.match(t):
            meta.credits.append(t)
            continue
        if n <= 10:
            m = _EDITOR_RE.match(t)
            if m:
                meta.editor = meta.editor or ", ".join(_split_names(m.group("names"))) or None
                continue
        # the word count first: the credit patterns are costly on long paragraphs (same result)
        if n <= 20 and (_CREDIT_RE.match(t) or _CREDIT_TAIL_RE.search(t)) and not _is_body_para(b):
            meta.credits.append(t)
            continue
        body.append(b)
    if len(body) > 1 and body[-1].text.isupper() and _words(body[-1].text) <= 12:
        body.pop()  # a closing note on the author in capitals ("JANE DOE IS THE NETWORK'S POLITICAL EDITOR")
    elif len(body) > 1 and _words(body[-1].text) <= 60 and _is_author_note(body[-1].text, meta.authors):
        meta.extra.setdefault("author_note", body.pop().text)  # "Jane Doe is a senior fellow at ..."
    return body


_AUTHOR_NOTE_RE = re.compile(r"^the (?:author|writer|columnist)s? (?:is|are|was|were|has|have)\b", re.I)


def _is_author_note(text: str, authors: Sequence[str]) -> bool:
    """A closing note on the author: it starts with an author's name and "is", "was", "has" or ", a" ("Jane Doe
    is a senior fellow at the Example Institute."), or with "The author"."""
    if _AUTHOR_NOTE_RE.match(text):
        return True
    return any(text.startswith(a) and re.match(r"(?:[ ](?:is|was|has|writes|teaches|served)\b|,[ ]an?[ ])",
                                                 text[len(a):]) for a in authors if a)


_OPEN_END_RE = re.compile(r"[.!?\u2026:;][\"'\u201d\u2019)\]]*$")


def _join_broken(blocks: list[_Block]) -> list[_Block]:
    """Join a paragraph broken mid-sentence: the previous block lacks a closing mark and the next starts lower-case."""
    out: list[_Block] = []
    for b in blocks:
        if (
            out
            and b.kind == "para"
            and out[-1].kind == "para"
            and b.text[:1].islower()
            and not _OPEN_END_RE.search(out[-1].text)
        ):
            prev = out[-1]
            out[-1] = _Block("para", prev.raw + " " + b.raw, prev.text + " " + b.text, links=prev.links + b.links)
        else:
            out.append(b)
    return out


_MONTH_WORD = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*"
#: A dateline's date: "Sept 3", "Sept. 9, 2025", "9 September 2025".
_DATELINE_DATE = (
    rf"(?:(?P<when>(?P<month>{_MONTH_WORD})\.?\s+(?P<day>\d{{1,2}}))"
    rf"|(?P<when2>(?P<day2>\d{{1,2}})\s+(?P<month2>{_MONTH_WORD})\.?))"
    r"(?:,?\s+(?P<year>(?:19|20)\d\d))?"
)
#: A place in capitals ("KYIV", "NEW DELHI/ISLAMABAD", "U.S."), with its country or state in any case ("DUBAI,
#: United Arab Emirates").
_PLACE_CAPS = r"[A-Z][A-Z.'\u2019 /-]{1,40}"
_PLACE_REGION = r"(?:,\s*[A-Z][A-Za-z.'\u2019-]+(?:\s+[A-Z][A-Za-z.'\u2019-]+){0,3})?"
_DATELINE_RE = re.compile(
    # "KYIV, Sept 3 (Reuters) - ", "Hong Kong/Washington (CNN) \u2014 ", "ERBIL (Kurdistan24) \u2013 "
    rf"^(?:(?P<place>(?:{_PLACE_CAPS}|[A-Z][a-z.'\u2019-]+(?:[ /][A-Z][A-Za-z.'\u2019-]+){{0,3}})"
    rf"{_PLACE_REGION}),?\s+)?"
    rf"(?:{_DATELINE_DATE},?\s+)?"
    r"\((?P<agency>Reuters|AP|AFP|Bloomberg|dpa|Xinhua|TASS|Interfax|ANSA|EFE|UPI|PTI|IANS|Kyodo|Yonhap|"
    r"Anadolu|Ukrinform|RIA Novosti|CNN|BBC|[A-Z][\w.&'\u2019-]*(?: [A-Z][\w.&'\u2019-]*){0,3})\)\s*[-\u2013\u2014]+\s*"
)
#: A dateline without an agency: a place in capitals, perhaps a date, then a dash or a colon ("WASHINGTON \u2014 ",
#: "JERUSALEM/DOHA -- ", "ISLAMABAD, Pakistan \u2014 ", "COLOMBO: ", "BAMAKO, Oct 5 - ").
_BARE_DATELINE_RE = re.compile(
    rf"^(?P<place>{_PLACE_CAPS}{_PLACE_REGION}),?\s*(?:{_DATELINE_DATE}\s*)?(?:[\u2013\u2014]|--|\s-|:)\s*"
    r"(?=[A-Z\"'\u201c\u2018])"
)
#: A dateline's place in title case with no agency: a city the knowledge base knows ("Washington \u2014 ").
_TITLE_DATELINE_RE = re.compile(
    r"^(?P<place>[A-Z][a-z]+(?: [A-Z][a-z]+){0,2})\s*[\u2013\u2014]\s*(?=[A-Z\"'\u201c\u2018])")
#: Words in capitals that open a text as a label, not a place ("BREAKING: ", "EXCLUSIVE - ").
_LABELS = frozenset("BREAKING EXCLUSIVE UPDATE UPDATED ANALYSIS WATCH LIVE OPINION EXPLAINER FACTBOX PHOTOS VIDEO "
                    "EDITORIAL COMMENT INTERVIEW REVIEW NOTE CORRECTION WARNING KEY POINTS HIGHLIGHTS SUMMARY "
                    "TOPLINE WHAT WHY HOW READ ALSO MORE NEW".split())


def _dateline(text: str) -> re.Match | None:
    """The wire dateline opening ``text``: with an agency (:data:`_DATELINE_RE`), or a place in capitals before
    a dash or colon (:data:`_BARE_DATELINE_RE`: not a label such as "BREAKING"), or a city the knowledge base
    knows in title case before a dash (:data:`_TITLE_DATELINE_RE`).  A name in capitals that the knowledge base
    knows as no place ("NATO — ") opens no dateline."""
    m = _DATELINE_RE.match(text)
    if m and (m.group("place") or m.group("when") or m.group("when2")):  # a place, or a date: "March 16 (UPI) —"
        return m
    from .kb import load_kb

    m = _BARE_DATELINE_RE.match(text)
    if m:
        place = m.group("place").split(",")[0].strip()
        words = re.findall(r"[A-Z]+", place)
        known = load_kb().lookup(place) if _words(place) <= 5 else []
        if (words and not _LABELS.intersection(words) and sum(map(len, words)) >= 3
                and not any(e.startswith(("org:", "group:", "media:", "person:")) for e in known)):  # "NATO —"
            return m
        return None
    m = _TITLE_DATELINE_RE.match(text)
    if m and any(e.startswith("city:") for e in load_kb().lookup(m.group("place"))):
        return m
    return None


#: A period between two words with no space after it, a word of two lower-case letters or more before it and a
#: capitalized word after it: two sentences glued by a page's markup ("regroup.El-Sisi's", "United States.Donald
#: Trump"), not an abbreviation ("U.S.Army", "St.Petersburg") nor a web address ("news.com").
_GLUED_SENTENCE_RE = re.compile(r"\.(?<=[a-z][a-z]\.)(?=[A-Z][a-z])")  # (the period first: a literal is found fast)
#: A field of the page's date opening its first lines, before the text goes on ("date 2025-06-22 US strikes Iran",
#: as some archives and scrapers store a page).
_DATE_FIELD_RE = re.compile(r"^date\s*:?\s*(\d{4}-\d\d-\d\d)\s+(?=\S)", re.I)


def _date_field_prefix(blocks: list[_Block], meta: _Meta) -> None:
    """Move a date field that opens one of the first two blocks ("date 2025-06-22 US strikes Iran ...") into
    ``meta`` (the date, unless one came from structured metadata), leaving the rest of the block."""
    for k in range(min(2, len(blocks))):
        b = blocks[k]
        m = _DATE_FIELD_RE.match(b.text)
        if m is None:
            continue
        d = parse_date(m.group(1))
        if d is not None and (meta.date is None or meta.date_source != "metadata"):
            meta.date, meta.date_source = d, "header"
        blocks[k] = _Block(b.kind, b.raw, b.text[m.end():], b.level, b.bold, b.links)
        return


def _strip_dateline(blocks: list[_Block], meta: _Meta) -> None:
    """Move a wire dateline ("KYIV, Sept 3 (Reuters) - ", "DOHA, 9 September 2025 (AFP) -", "WASHINGTON \u2014")
    from the first paragraph into metadata."""
    first = blocks[0]
    m = _dateline(first.text)
    if not m or len(first.text) <= m.end():
        return
    groups = m.groupdict()
    meta.extra["dateline"] = _squash(first.text[: m.end()].rstrip(" -\u2013\u2014:"))
    agency = groups.get("agency")
    if agency and not groups.get("place") and agency.isupper() and _known_place(agency):
        agency = None  # "January 7, 2025 (WASHINGTON) –": the place in brackets, no agency
    if agency:
        meta.extra.setdefault("agency", agency)
    month, day = (groups.get("month"), groups.get("day")) if groups.get("when") else (groups.get("month2"),
                                                                                        groups.get("day2"))
    if month:
        number = MONTHS.get(month.lower())  # (None for a word that only begins like one: "Mayor")
        meta.dateline_day = (number, int(day)) if number else None
        if number and groups.get("year") and meta.date is None:  # "DOHA, Sept 9, 2025 (AFP)": the date itself
            try:
                meta.date, meta.date_source = _dt.date(int(groups["year"]), number, int(day)), "header"
            except ValueError:  # Sept 31
                pass
    if meta.outlet is None and agency:
        meta.outlet = agency
    rest = first.text[m.end():]
    blocks[0] = _Block(first.kind, first.raw, rest[:1].upper() + rest[1:], first.level, first.bold, first.links)


def _infer_date(text: str, precision: str = "day") -> _dt.date | None:
    """The date of this precision the body states most often (the latest of those tied), or None."""
    days = [m.date for m in find_dates(text) if m.precision == precision]
    if not days:
        return None
    counts = Counter(days)
    return max(counts, key=lambda d: (counts[d], d))


def _dateline_date(month_day: tuple[int, int], near: _dt.date | None) -> _dt.date | None:
    """A wire dateline's day ("SEOUL, Nov 7"), in the year that puts it nearest to ``near``, the date the body
    states most often ("Nov 7" next to "Nov 5, 2025" is 2025-11-07; "Jan 2" next to "Dec 30, 2025" is
    2026-01-02); None without ``near``, or when no year puts it within half a year of it (Feb 29)."""
    if near is None:
        return None
    candidates = []
    for year in (near.year - 1, near.year, near.year + 1):
        try:
            candidates.append(_dt.date(year, *month_day))
        except ValueError:  # Feb 30, or Feb 29 of a common year
            continue
    best = min(candidates, key=lambda d: (abs((d - near).days), -d.toordinal()), default=None)
    return best if best is not None and abs((best - near).days) <= 183 else None


def _dedupe(items: Iterable[str]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for x in items:
        x = _squash(x)
        if x and x.lower() not in {k.lower() for k in seen}:
            seen[x] = None
    return tuple(seen)


def _assemble(
    blocks: list[_Block],
    meta: _Meta,
    *,
    id: str,
    path: str | None,
    format: str,
    header: bool = True,
) -> Article:
    if header and blocks:
        _date_field_prefix(blocks, meta)
    start = _classify_header(blocks, meta, has_title=bool(meta.title)) if header else 0
    body_blocks = _join_broken(_classify_footer(blocks[start:], meta))
    if body_blocks:
        _strip_dateline(body_blocks, meta)
    paragraphs: list[Paragraph] = []
    parts: list[str] = []
    offset = 0
    links: list[Link] = []
    for b in body_blocks:
        if parts:
            offset += 2
        body = _GLUED_SENTENCE_RE.sub(". ", b.text)  # "to regroup.El-Sisi's announcement": two sentences
        paragraphs.append(Paragraph(len(paragraphs), offset, offset + len(body), body))
        parts.append(body)
        offset += len(body)
        links.extend(b.links)
    text = "\n\n".join(parts)
    if not text.strip():
        raise ParseError(path, "no article text found (the file holds no body paragraphs)")
    if meta.date is None:
        if meta.dateline_day is not None:
            dated = _dateline_date(meta.dateline_day, _infer_date(text) or _infer_date(text, "month"))
            if dated is not None:
                meta.date, meta.date_source = dated, "header"
        # the date the lead states: a date further on is as often one of the past ("the September 11, 2001
        # attacks", "the October 7, 2023 massacre") or a deadline ("until January 1, 2027") as the story's own
        inferred = _infer_date(paragraphs[0].text) if meta.date is None else None
        if inferred is not None:
            meta.date, meta.date_source = inferred, "text"
    # an outlet named as its own author ("author": "BBC News", as news APIs give it) wrote nothing itself
    outlet = _squash(meta.outlet).casefold() if meta.outlet else None
    authors = [a for a in _dedupe(meta.authors) if a != meta.editor and a.casefold() != outlet]
    return Article(
        id=id,
        text=text,
        paragraphs=tuple(paragraphs),
        sentences=tuple(split_sentences(text, paragraphs)),
        path=path,
        format=format,
        title=_squash(meta.title) if meta.title else None,
        outlet=_squash(meta.outlet) if meta.outlet else None,
        section=_squash(meta.section) if meta.section else None,
        date=meta.date,
        date_source=meta.date_source,  # type: ignore[arg-type]
        authors=tuple(authors),
        editor=meta.editor,
        credits=_dedupe(meta.credits),
        sources=_dedupe(meta.sources),
        links=tuple(links),
        metadata=dict(meta.extra),
    )


# --------------------------------------------------------------------------- HTML

_HTML_BLOCK_TAGS = ["h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "blockquote", "pre", "dd", "figcaption", "td"]
_HTML_DROP_TAGS = ["script", "style", "noscript", "template", "svg", "iframe", "form", "nav", "button", "select",
                   "input", "canvas", "video", "audio", "object", "embed", "head"]
_ARTICLE_TYPES = {"newsarticle", "article", "reportagenewsarticle", "opinionnewsarticle", "analysisnewsarticle",
                  "blogposting", "backgroundnewsarticle", "webpage", "socialmediaposting"}


_BY_RE = re.compile(r"^(?:(?:text|words|story|written|reporting|report)\s+)?by\s*:?\s+", re.I)


def _names_from(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return _split_names(_BY_RE.sub("", value.strip()))
    if isinstance(value, dict):
        return _names_from(_first(value, ("name", "original", "display_name")))
    if isinstance(value, (list, tuple)):
        out: list[str] = []
        for v in value:
            out.extend(_names_from(v))
        return out
    return []


def _name_of(value: Any) -> str | None:
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, dict):
        return _name_of(_first(value, ("name", "main", "title")))
    if isinstance(value, list) and value:
        return _name_of(value[0])
    return None


def _jsonld_articles(soup) -> list[dict]:
    found: list[dict] = []

    def walk(node: Any) -> None:
        if isinstance(node, list):
            for n in node:
                walk(n)
        elif isinstance(node, dict):
            types = node.get("@type", [])
            types = [types] if isinstance(types, str) else types
            if any(str(t).lower() in _ARTICLE_TYPES for t in types):
                found.append(node)
            if "@graph" in node:
                walk(node["@graph"])

    for script in soup.find_all("script", attrs={"type": re.compile("ld\\+json", re.I)}):
        try:
            walk(json.loads(script.string or ""))
        except (ValueError, TypeError):
            continue
    return found


def _meta_index(soup) -> dict[tuple[str, str], str]:
    """The ``content`` of the first ``<meta>`` of each (attribute, value) for ``property``, ``name`` and
    ``itemprop`` (one pass over the page)."""
    index: dict[tuple[str, str], str] = {}
    for tag in soup.find_all("meta"):
        for attr in ("property", "name", "itemprop"):
            key = tag.get(attr)
            if isinstance(key, str):
                index.setdefault((attr, key), str(tag.get("content") or ""))
    return index


def _meta_content(index: dict[tuple[str, str], str], *keys: str) -> str | None:
    """The first non-empty ``content`` of a ``<meta>`` whose property, name or itemprop is one of ``keys``
    (in that order of preference), from :func:`_meta_index`."""
    for key in keys:
        for attr in ("property", "name", "itemprop"):
            content = index.get((attr, key))
            if content is not None:
                if content.strip():
                    return content.strip()
                break
    return None


#: Elements that break a line when a page is rendered; text on either side of one is separate words.
_HTML_BREAKING_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "br", "dd", "details", "div", "dl", "dt", "figcaption", "figure",
    "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "ol", "p", "pre", "section",
    "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
})


def _site_name(outlet: str | None) -> str | None:
    """An outlet named by the address of its site ("http://www.tmz.com") is named by its host ("tmz.com")."""
    if outlet and outlet.lower().startswith(("http://", "https://")):
        from urllib.parse import urlsplit

        host = urlsplit(outlet).hostname or ""
        return host.removeprefix("www.") or None
    return outlet


def _space_blocks(soup) -> None:
    """Put a space at the edges of every line-breaking element (``<br>`` becomes a space), so that the text of an
    element is its strings joined as they are: inline mark-up inside a word ("Nyong<b>'</b>o") adds no space."""
    for el in soup.find_all(_HTML_BREAKING_TAGS):
        if el.name == "br":
            el.replace_with(" ")
        else:
            el.insert(0, " ")
            el.append(" ")


def _html_blocks(root) -> list[_Block]:
    """Blocks of an HTML element, in document order, without nested duplicates."""
    blocks: list[_Block] = []
    for el in root.find_all(_HTML_BLOCK_TAGS):
        if el.find_parent(["p", "li", "blockquote", "pre", "figcaption", "dd", "td"]) is not None and el.name not in ("p",):
            continue
        if el.name in ("li", "blockquote", "td", "dd") and el.find(["p", "li", "h1", "h2", "h3", "h4", "h5", "h6"]):
            continue  # its children are blocks of their own
        if el.name == "p" and el.find_parent("p") is not None:
            continue
        text = _squash(el.get_text(""))
        if not text:
            continue
        links = [Link(_squash(a.get_text("")), str(a.get("href") or "")) for a in el.find_all("a") if _squash(a.get_text(""))]
        if el.name == "figcaption":
            blocks.append(_Block("caption", text, text, links=[]))
            continue
        kind = "heading" if el.name[0] == "h" and el.name[1:].isdigit() else ("item" if el.name == "li" else "para")
        if links and kind != "heading" and _mostly_links(text, links):
            continue  # a teaser, a menu entry, "Read more: ..."
        level = int(el.name[1]) if kind == "heading" else 0
        strong = el.find(["strong", "b"])
        bold = strong is not None and _squash(strong.get_text("")) == text
        blocks.append(_Block(kind, text, text, level=level, bold=bold, links=links))
    if not blocks:
        text = root.get_text("\n")
        blocks = _text_blocks(text, markdown=False)
    return blocks


#: A paragraph of at least this many words counts as article text when the content of a page is looked for.
_CONTENT_MIN_WORDS = 8
#: Share of link words above which a block is boilerplate (Kohlschütter et al., 2010).
_MAX_LINK_DENSITY = 0.5


def _marked_up_authors(soup) -> list[str]:
    """The authors a page marks up: schema.org microdata (``itemprop="author"``, its ``itemprop="name"``), else
    the first ``rel="author"`` link and the other ones beside it."""
    names: list[str] = []
    for el in soup.find_all(attrs={"itemprop": re.compile(r"(?:^|\s)author(?:\s|$)")}):
        name = el if el.name == "meta" else (el.find(attrs={"itemprop": "name"}) or el)
        text = name.get("content") if name.name == "meta" else name.get_text(" ")
        names.extend(_names_from(_squash(str(text or ""))))
    if not names:
        first = soup.find("a", attrs={"rel": "author"})
        if first is not None:
            for a in first.parent.find_all("a", attrs={"rel": "author"}):
                names.extend(_names_from(_squash(a.get_text(" "))))
    return list(dict.fromkeys(names))


def _content_root(soup):
    """The element that holds the article on a page that marks up none (no ``articleBody``, ``article`` or
    ``main``): the deepest element holding at least 80 % of the words of the page's text paragraphs.

    Text paragraphs are ``<p>`` of at least :data:`_CONTENT_MIN_WORDS` words
    that are not mostly links.  Scoring containers by the paragraph text they
    hold is the idea of Arc90's Readability [1]_ (continued as Mozilla's
    Readability.js); link density as a sign of boilerplate is from
    Kohlschütter et al. [2]_.  ``None`` when the page has fewer than 50 such
    words (the whole body is then used).

    References
    ----------
    .. [1] Arc90 Labs (2009), Readability; Mozilla, Readability.js,
       https://github.com/mozilla/readability
    .. [2] Kohlschütter, C., Fankhauser, P. and Nejdl, W. (2010). Boilerplate
       detection using shallow text features. *WSDM '10*, 441-450.
    """
    words: dict[int, int] = {}
    elements: dict[int, Any] = {}
    total = 0
    for p in soup.find_all("p"):
        n = len(p.get_text(" ").split())
        if n < _CONTENT_MIN_WORDS or _link_density(p, n) > _MAX_LINK_DENSITY:
            continue
        total += n
        for el in p.parents:
            words[id(el)] = words.get(id(el), 0) + n
            elements[id(el)] = el
    if total < 50:
        return None
    held = [el for key, el in elements.items() if words[key] >= 0.8 * total]
    return max(held, key=lambda el: sum(1 for _ in el.parents))


def _date_before(root, limit: int = 200) -> _dt.date | None:
    """The date of the nearest date line among the last ``limit`` pieces of page text before ``root`` (the
    page's header, left out of the content)."""
    from bs4 import Comment

    for n, piece in enumerate(root.find_all_previous(string=True)):
        if n >= limit:
            break
        if not isinstance(piece, Comment):
            d = _looks_like_date(str(piece))
            if d is not None:
                return d
    return None


def _mostly_links(text: str, links: Sequence[Link]) -> bool:
    """A short block (under 40 words) of which more than half the words are link text (Kohlschütter et al.,
    2010: link density separates boilerplate from article text)."""
    n = len(text.split())
    return n < 40 and sum(len(link.text.split()) for link in links) > _MAX_LINK_DENSITY * n


def _link_density(el, n_words: int) -> float:
    """Share of the words of ``el`` that are link text (Kohlschütter et al., 2010)."""
    if not n_words:
        return 0.0
    return sum(len(a.get_text(" ").split()) for a in el.find_all("a")) / n_words


def _parse_html(text: str, *, id: str, path: str | None, base_meta: _Meta | None = None) -> Article:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(text, "lxml")
    meta = base_meta or _Meta()
    for art in _jsonld_articles(soup):
        meta.title = meta.title or _name_of(art.get("headline")) or _name_of(art.get("name"))
        if not meta.authors:
            meta.authors = _names_from(art.get("author"))
        meta.outlet = meta.outlet or _name_of(art.get("publisher"))
        meta.section = meta.section or _name_of(art.get("articleSection"))
        if meta.date is None:
            d = parse_date(_name_of(art.get("datePublished")) or _name_of(art.get("dateCreated")))
            if d:
                meta.date, meta.date_source = d, "metadata"
        if art.get("url") and "url" not in meta.extra:
            meta.extra["url"] = _name_of(art.get("url"))
        break
    metas = _meta_index(soup)
    meta.title = meta.title or _meta_content(metas, "og:title", "twitter:title", "headline", "dc.title")
    meta.outlet = _site_name(meta.outlet or _meta_content(metas, "og:site_name", "application-name", "publisher"))
    meta.section = meta.section or _meta_content(metas, "article:section", "section")
    if not meta.authors:
        meta.authors = _names_from(_meta_content(metas, "author", "article:author", "byl", "dc.creator", "sailthru.author"))
        if meta.authors and any(a.startswith("http") for a in meta.authors):
            meta.authors = []
    if meta.date is None:
        d = parse_date(_meta_content(metas, "article:published_time", "datePublished", "date", "pubdate", "dc.date",
                                     "publish-date", "sailthru.date"))
        if d is None:
            t = soup.find("time", attrs={"datetime": True})
            d = parse_date(str(t.get("datetime"))) if t else None
        if d:
            meta.date, meta.date_source = d, "metadata"
    if "url" not in meta.extra:
        canon = soup.find("link", attrs={"rel": "canonical"})
        url = (canon.get("href") if canon else None) or _meta_content(metas, "og:url")
        if url:
            meta.extra["url"] = str(url)
    lang = soup.find("html")
    if lang is not None and lang.get("lang"):
        meta.extra["language"] = str(lang.get("lang"))
    doc_title = soup.title.get_text(" ").strip() if soup.title else None

    for el in soup.find_all(_HTML_DROP_TAGS):
        el.decompose()
    for el in soup.find_all(["footer", "aside"]):
        el.decompose()
    if not meta.authors:
        meta.authors = _marked_up_authors(soup)
    for el in soup.find_all(attrs={"class": re.compile(r"\b(?:byline|author|credit|share|social|related|newsletter|advert|promo|comments?)\b", re.I)}):
        if el.name in ("article", "main", "body", "html"):
            continue
        txt = _squash(el.get_text(" "))
        if (txt and _words(txt) <= 12 and not meta.authors  # a byline, not an author's biography
                and re.search(r"\b(?:byline|author)\b", " ".join(el.get("class") or []), re.I)):
            meta.authors = _names_from(txt)  # which drops a leading "By"
        elif txt and re.search(r"\bcredit\b", " ".join(el.get("class") or []), re.I):
            meta.credits.append(txt)
        el.decompose()
    for el in soup.find_all(["header"]):
        if el.find_parent("article") is None:
            el.decompose()
    root = soup.find(attrs={"itemprop": "articleBody"})
    if root is None:
        articles = soup.find_all("article")
        root = max(articles, key=lambda a: len(a.get_text(" ")), default=None)
    if root is None:
        root = soup.find("main")
    if root is None:
        root = _content_root(soup)
        if root is not None and meta.date is None:
            meta.date = _date_before(root)
            meta.date_source = "header" if meta.date else None
    if root is None:
        root = soup.body or soup
    _space_blocks(root)
    blocks = _html_blocks(root)
    captions = [b for b in blocks if b.kind == "caption"]
    meta.credits.extend(b.text for b in captions if _CREDIT_RE.match(b.text) or _CREDIT_TAIL_RE.search(b.text))
    blocks = [b for b in blocks if b.kind != "caption"]
    if meta.title is None and doc_title:
        if meta.outlet:
            meta.title = re.split(r"\s+[|\u2013\u2014-]\s+", doc_title)[0]
        else:  # "Headline | Site": a short last part after a bar names the site
            meta.title = re.sub(r"\s+\|\s+(?:\S+\s+){0,5}\S+$", "", doc_title)
    if meta.title is None:
        h1 = next((b for b in blocks if b.kind == "heading" and b.level == 1), None)
        if h1 is not None:
            meta.title = h1.text
    return _assemble(blocks, meta, id=id, path=path, format="html")


# --------------------------------------------------------------------------- JSON

# field names of common exports: news APIs (NewsAPI, The Guardian, The New York Times), news-please, schema.org,
# Elasticsearch dumps (records under "_source") and scrapers
_TEXT_KEYS = ("text", "body", "content", "article", "maintext", "articleBody", "article_body", "bodyText", "body_text",
              "article_text", "full_text", "fulltext", "story", "description_full")
#: Fields read as the body when a record has none of :data:`_TEXT_KEYS` (a summary is better than nothing).
_FALLBACK_TEXT_KEYS = ("description", "summary", "abstract", "lead", "snippet")
_TITLE_KEYS = ("title", "headline", "webTitle", "name", "heading")
_DATE_KEYS = ("date", "published", "publishedAt", "published_at", "datePublished", "date_publish", "pubdate",
              "pub_date", "webPublicationDate", "publication_date", "date_published", "created_at", "timestamp",
              "time", "datetime")
_AUTHOR_KEYS = ("authors", "author", "byline", "creator", "writers")
_OUTLET_KEYS = ("outlet", "source", "publisher", "site_name", "siteName", "source_domain", "publication", "media", "domain")
_SECTION_KEYS = ("section", "category", "categories", "articleSection", "sectionName", "section_name", "desk",
                 "rubric")
_LIST_KEYS = ("articles", "items", "data", "records", "results", "documents", "docs", "entries", "hits")
#: Keys whose object holds the fields of a record ({"webTitle": ..., "fields": {"bodyText": ...}}, {"_source": ...}).
_CONTAINER_KEYS = ("fields", "_source", "document", "attributes", "properties", "metadata", "meta")
#: NewsAPI cuts ``content`` and says by how much ("... [+2345 chars]").
_TRUNCATION_RE = re.compile(r"\s*(?:\u2026|\.\.\.)?\s*\[\+\d+ chars\]\s*$")


def _first(record: dict, keys: Sequence[str]) -> Any:
    lower = {str(k).lower(): v for k, v in record.items()}
    for k in keys:
        v = lower.get(k.lower())
        if v not in (None, "", [], {}):
            return v
    return None


def _json_records(text: str, path: str | None) -> list[Any]:
    try:
        doc = json.loads(text)  # (white space around the document is allowed)
    except json.JSONDecodeError as first_error:
        records = []
        for n, line in enumerate(_lines(text), 1):
            if not line.strip():
                continue
            record = _json_line(line, n, path)
            if n == 1 and isinstance(record, ParseError):
                raise ParseError(path, f"invalid JSON: line {first_error.lineno} column {first_error.colno}: {first_error.msg}")
            records.append(record)
        return records
    if isinstance(doc, dict):
        found = _record_list(doc)
        return [doc] if found is None else found
    if isinstance(doc, list):
        return doc
    raise ParseError(path, f"JSON holds a {type(doc).__name__}, not an article record or a list of records")


def _json_line(line: str, n: int, path: str | None) -> Any:
    """The record on line ``n`` of a JSON Lines file, or a ParseError naming it (``file#n``)."""
    try:
        return json.loads(line)
    except json.JSONDecodeError as exc:
        return ParseError(f"{path}#{n}", f"invalid JSON on line {n}: {exc.msg}")
    except RecursionError:
        return ParseError(f"{path}#{n}", f"invalid JSON on line {n}: nesting too deep")


def _lines(text: str) -> Iterator[str]:
    """The lines of ``text.strip()`` one at a time, as ``str.splitlines`` gives them (no copy of the text, no
    list of its lines: a file of JSON Lines may hold a corpus)."""
    start, end = 0, len(text)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    for brk in _LINE_BREAK_RE.finditer(text, start, end):
        yield text[start:brk.start()]
        start = brk.end()
    if start < end:
        yield text[start:end]


#: What ``str.splitlines`` breaks lines at.
_LINE_BREAK_RE = re.compile("\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


#: Field delimiters a CSV file may use (the header row decides); ``.tsv`` files use tabs.
_CSV_DELIMITERS = (",", "\t", ";", "|")


def _csv_records(text: str, path: str | None) -> list[Any]:
    """The rows of a CSV (or TSV) file with a header row, as records (dicts), or a ParseError per bad row.

    The delimiter is the one of :data:`_CSV_DELIMITERS` most frequent in the
    header row (tab for ``.tsv``); quoted fields may span lines.  A row whose
    number of fields differs from the header's is reported, not guessed at;
    an unreadable rest of the file (a NUL byte, an unclosed quote at the end)
    is reported from the row where it starts, keeping the rows before it.
    """
    text = text.lstrip("\ufeff")
    return list(_csv_rows(io.StringIO(text, newline=""), text.split("\n", 1)[0], path))


def _csv_rows(fh: Iterable[str], header_line: str, path: str | None) -> Iterator[Any]:
    """The records of :func:`_csv_records`, one at a time, from the lines of a text opened with
    ``newline=""``; ``header_line`` is the text up to the first newline (it picks the delimiter)."""
    if path is not None and path.lower().endswith(".tsv"):
        delimiter = "\t"
    else:
        delimiter = max(_CSV_DELIMITERS, key=lambda d: (header_line.count(d), d == ","))
    if csv.field_size_limit() < DEFAULT_MAX_BYTES:  # article bodies beyond csv's 128 kB default; files are bounded
        csv.field_size_limit(2**31 - 1)
    reader = csv.reader(fh, delimiter=delimiter)
    try:
        header = [h.strip() for h in next(reader, [])]
    except csv.Error as exc:
        raise ParseError(path, f"unreadable CSV header: {exc}") from None
    if not any(header):
        raise ParseError(path, "CSV has no header row")
    lower = {h.lower() for h in header}
    if not any(k.lower() in lower for k in (*_TEXT_KEYS, *_FALLBACK_TEXT_KEYS)):
        shown = ", ".join(repr(h) for h in header[:12]) + (" ..." if len(header) > 12 else "")
        raise ParseError(path, f"CSV has no text column (looked for {', '.join(_TEXT_KEYS[:6])}, ...); "
                               f"its header names {shown}")
    n = 0
    while True:
        n += 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            yield ParseError(f"{path}#{n}", f"unreadable CSV from row {n} (line {reader.line_num}) on: {exc}")
            break
        if not any(cell.strip() for cell in row):
            n -= 1  # a blank line is not a row
            continue
        if len(row) != len(header):
            yield ParseError(f"{path}#{n}", f"row {n} (line {reader.line_num}) has {len(row)} fields, the "
                                            f"header {len(header)} (an unquoted {delimiter!r} in a field?)")
            continue
        yield {h: v for h, v in zip(header, row) if h}


def _record_list(doc: dict, depth: int = 3, *, is_list: Callable[[Any], bool] = lambda v: isinstance(v, list),
                 inner: Callable[[Any], dict | None] = lambda v: v if isinstance(v, dict) else None) -> Any:
    """The list of records of an API response: under one of :data:`_LIST_KEYS`, at most ``depth`` objects
    down ({"articles": [...]}, {"response": {"results": [...]}}, {"hits": {"hits": [...]}}); None if none.

    ``is_list`` and ``inner`` tell what a member's value is (a list; the object it is, else None): the
    streamed reader applies the same rule to the outline of a document it has not loaded
    (:func:`_outline_records`).
    """
    for key in _LIST_KEYS:
        if key in doc and is_list(doc[key]):
            return doc[key]
    if depth > 1 and not any(k in doc for k in _TEXT_KEYS):
        for value in doc.values():
            obj = inner(value)
            if obj is not None:
                found = _record_list(obj, depth - 1, is_list=is_list, inner=inner)
                if found is not None:
                    return found
    return None


def _flatten_record(record: dict) -> dict:
    """The record's fields, with those of its container objects (:data:`_CONTAINER_KEYS`) after its own."""
    if not any(isinstance(record.get(k), dict) for k in _CONTAINER_KEYS):
        return record
    flat = dict(record)
    for key in _CONTAINER_KEYS:
        inner = record.get(key)
        if isinstance(inner, dict):
            for k, v in _flatten_record(inner).items():
                flat.setdefault(k, v)
    return flat


def _slug(value: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", value).strip("-")[:80] or "record"


def _parse_record(record: Any, *, id: str, path: str | None, format: Format = "json") -> Article:
    if not isinstance(record, dict):
        raise ParseError(path, f"record is a {type(record).__name__}, not an object with a text field")
    record = _flatten_record(record)
    body = _first(record, _TEXT_KEYS)
    if body is None:
        body = _first(record, _FALLBACK_TEXT_KEYS)
    if isinstance(body, list):
        body = "\n\n".join(str(x) for x in body if isinstance(x, (str, int, float)))
    if not isinstance(body, str) or not body.strip():
        raise ParseError(path, f"record has no text field (looked for {', '.join(_TEXT_KEYS[:6])}, ...)")
    if "chars]" in body:
        body = _TRUNCATION_RE.sub("", body)
    meta = _record_meta(record)
    if re.search(r"<(?:p|div|br|article|h[1-6]|span)\b[^>]*>", body, re.I):
        return _parse_html(body, id=id, path=path, base_meta=meta)
    looks_md = bool(re.search(r"^\s{0,3}#{1,6}\s|\*\*[^*]+\*\*|\]\([^)]*\)", body, re.M))
    if "\n\n" not in body.strip() and "\n" in body.strip():
        body = body.replace("\n", "\n\n")  # one paragraph per line
    blocks = _text_blocks(body, markdown=looks_md)
    return _assemble(blocks, meta, id=id, path=path, format=format)


def _record_meta(record: dict) -> _Meta:
    """The metadata of a record (flattened: :func:`_flatten_record`) or of a document's front matter: title,
    authors, outlet, section, editor, date, sources, url and language."""
    meta = _Meta()
    title = _first(record, _TITLE_KEYS)
    meta.title = title if isinstance(title, str) else _name_of(title)
    meta.authors = _names_from(_first(record, _AUTHOR_KEYS))
    meta.outlet = _name_of(_first(record, _OUTLET_KEYS))
    meta.section = _name_of(_first(record, _SECTION_KEYS))
    editor = _first(record, ("editor", "edited_by"))
    meta.editor = _name_of(editor)
    raw_date = _first(record, _DATE_KEYS)
    d = parse_date(str(raw_date)) if raw_date is not None else None
    if d is None and isinstance(raw_date, (int, float)) and raw_date > 0:
        try:
            d = _dt.datetime.fromtimestamp(raw_date / (1000 if raw_date > 1e11 else 1), tz=_dt.timezone.utc).date()
        except (OverflowError, OSError, ValueError):
            d = None
    if d is not None:
        meta.date, meta.date_source = d, "metadata"
    for key in ("sources",):
        v = record.get(key)
        if isinstance(v, list):
            meta.sources = [str(x) for x in v if isinstance(x, str)]
    for key in ("url", "link", "language", "lang"):
        v = _first(record, (key,))
        name = {"link": "url", "lang": "language"}.get(key, key)
        if isinstance(v, str) and name not in meta.extra:
            meta.extra[name] = v
    return meta


#: Front matter at the start of a document: YAML between "---" lines (Jekyll, Hugo, Pandoc; a "..." line may
#: end it), or TOML between "+++" lines (Hugo), of 64 KiB at most (a Markdown rule opening a document, and
#: another further on, are no front matter: the text between is not parsed).
_FRONT_MATTER_RE = re.compile(r"\A\ufeff?[ \t]*(?:(---)|\+\+\+)[ \t]*\r?\n(.{0,65536}?)\r?\n"
                              r"[ \t]*(?(1)(?:---|\.\.\.)|\+\+\+)[ \t]*(?:\r?\n|\Z)", re.S)


def _yaml_loads(text: str) -> Any:
    """``yaml.safe_load(text)`` without aliases: an alias can make a structure that holds itself, or one that is
    exponentially large once walked (the "billion laughs"), from a few lines of untrusted text."""
    import yaml

    return yaml.load(text, Loader=_no_alias_loader())  # noqa: S506 - a SafeLoader


@cache
def _no_alias_loader() -> type:
    """PyYAML's SafeLoader, refusing aliases (:func:`_yaml_loads`)."""
    import yaml

    class NoAliases(yaml.SafeLoader):
        def compose_node(self, parent, index):  # type: ignore[override]
            if self.check_event(yaml.AliasEvent):
                raise yaml.YAMLError("an alias (*name): not read")
            return super().compose_node(parent, index)

    return NoAliases


def _front_matter(text: str) -> tuple[dict[str, Any] | None, str]:
    """The fields of the front matter that starts ``text`` and the text after it, or ``(None, text)``.

    Front matter that does not parse, or is not a mapping (nor empty), is
    no front matter (a Markdown rule, say): the text is kept whole.

    Examples
    --------
    >>> _front_matter('---\\ntitle: "Talks"\\nauthor: Jane Doe\\n---\\nBody.')
    ({'title': 'Talks', 'author': 'Jane Doe'}, 'Body.')
    >>> _front_matter("---\\nNot: [front matter\\n---\\nBody.")[0] is None
    True
    """
    m = _FRONT_MATTER_RE.match(text)
    if m is None:
        return None, text
    try:
        if m.group(1):
            fields = _yaml_loads(m.group(2))
        else:
            import tomllib

            fields = tomllib.loads(m.group(2))
    except Exception:  # YAML and TOML raise their own errors (and YAML a RecursionError when nested deep)
        return None, text
    if fields is None:  # nothing between the fences
        fields = {}
    if not isinstance(fields, dict):
        return None, text
    return {str(k): v for k, v in fields.items()}, text[m.end():]


# --------------------------------------------------------------------------- dispatch


def _sniff(text: str) -> Format:
    head = text.lstrip()[:2000]
    if head[:1] in "{[":
        try:
            json.loads(text)
            return "json"
        except ValueError:
            first = text.strip().splitlines()[0]
            try:
                json.loads(first)
                return "json"
            except ValueError:
                pass
    if "<" in head and _SNIFF_HTML_RE.search(head):
        return "html"
    # one Markdown cue at a time (any of them matching = their alternation matching), each only when its literal
    # occurs (a search for one character first: far faster than for two in a text beyond Latin-1)
    sample = text[:20000]
    if (("#" in sample and _SNIFF_MD_HEADING_RE.search(sample))
            or ("*" in sample and "**" in sample and _SNIFF_MD_BOLD_RE.search(sample))
            or ("]" in sample and "](" in sample and _SNIFF_MD_LINK_RE.search(sample))):
        return "markdown"
    return "text"


_SNIFF_HTML_RE = re.compile(r"<(?:!doctype html|html|body|article|p|div|h1)\b", re.I)
_SNIFF_MD_HEADING_RE = re.compile(r"^\s{0,3}#{1,6}\s", re.M)
_SNIFF_MD_BOLD_RE = re.compile(r"^\s*\*\*[^*\n]+\*\*\s*$", re.M)
_SNIFF_MD_LINK_RE = re.compile(r"\]\([^)\s]*\)", re.M)


def _format_for(path: Path | None, text: str, format: str | None) -> Format:
    if format is not None:
        if format not in ("text", "markdown", "html", "json", "csv"):
            raise ValueError(f"format = {format!r} is invalid; it must be 'text', 'markdown', 'html', 'json' or 'csv'")
        return format  # type: ignore[return-value]
    if path is not None:
        by_ext = SUPPORTED_EXTENSIONS.get(path.suffix.lower())
        if by_ext == "text":
            sniffed = _sniff(text)  # .txt files often hold Markdown or HTML
            return sniffed if sniffed in ("markdown", "html") else "text"
        if by_ext is not None:
            return by_ext
    return _sniff(text)


@dataclass(frozen=True)
class Record:
    """One record of a JSON, JSON Lines or CSV file, read but not yet parsed into an :class:`Article`.

    ``path`` is the file, or ``file#N`` for the N-th of several records;
    ``data`` is the record (a dict of fields; anything else is a
    :class:`ParseError` when parsed).  Picklable: a corpus run reads a large
    file of records once and sends batches of them to the workers.
    """

    id: str
    path: str | None
    data: Any
    format: Format
    encoding: str = "utf-8"


def _record_units(text: str, fmt: Format, *, id: str, path: str | None, encoding: str = "utf-8"
                  ) -> list[Record | ParseError]:
    """The records of a JSON or CSV text, with their ids (``id`` alone for a single record, else
    ``id-<record id>`` or ``id-N``), or a ParseError for each record that cannot be read."""
    records = _json_records(text, path) if fmt == "json" else _csv_records(text, path)
    return list(_units(records, fmt, id=id, path=path, encoding=encoding))


def _units(records: Iterable[Any], fmt: Format, *, id: str, path: str | None, encoding: str = "utf-8"
           ) -> Iterator[Record | ParseError]:
    """:func:`_record_units` of the records (or ParseErrors) as they come, holding none of them."""
    records = iter(records)
    head = list(itertools.islice(records, 2))  # whether the file holds a single record decides its id
    if not head:
        raise ParseError(path, "JSON holds no records" if fmt == "json" else "CSV holds no rows")
    single = len(head) == 1
    seen: set[str] = set()
    for n, rec in enumerate(itertools.chain(head, records), 1):
        if isinstance(rec, ParseError):
            yield rec
            continue
        rid = id
        if not single:
            own = _first(rec, ("id",)) if isinstance(rec, dict) else None
            rid = f"{id}-{_slug(str(own))}" if isinstance(own, (str, int)) and str(own) else f"{id}-{n}"
            if rid in seen:
                rid = f"{id}-{n}"
        seen.add(rid)
        yield Record(rid, path if single else f"{path}#{n}", rec, fmt, encoding)


def parse_record(record: Record) -> Article:
    """The :class:`Article` of one :class:`Record` (of :func:`read_records`).

    Raises
    ------
    ParseError
        Naming the record (``file#N``) and the problem.
    """
    try:
        article = _parse_record(record.data, id=record.id, path=record.path, format=record.format)
    except ParseError:
        raise
    except Exception as exc:  # a parser bug must not lose the other records
        raise _reader_error(exc, record.path, record.format) from exc
    return _with_encoding(article, record.encoding)


def _with_encoding(article: Article, encoding: str) -> Article:
    """``article`` with ``metadata["encoding"]`` when its file was not UTF-8."""
    if encoding in ("utf-8", "utf-8-sig"):
        return article
    return Article(**{**article.__dict__, "metadata": {**article.metadata, "encoding": encoding}})


def _parse_text(text: str, fmt: Format, *, id: str, path: str | None) -> list[Article | ParseError]:
    if fmt in ("json", "csv"):
        out: list[Article | ParseError] = []
        for unit in _record_units(text, fmt, id=id, path=path):
            if isinstance(unit, ParseError):
                out.append(unit)
                continue
            try:
                out.append(parse_record(unit))
            except ParseError as exc:
                out.append(exc)
        return out
    if fmt == "html":
        return [_parse_html(text, id=id, path=path)]
    fields, text = _front_matter(text) if text.lstrip("\ufeff \t")[:3] in ("---", "+++") else (None, text)
    meta = _record_meta(_flatten_record(fields)) if fields else _Meta()
    blocks = _text_blocks(text, markdown=(fmt == "markdown"))
    return [_assemble(blocks, meta, id=id, path=path, format=fmt)]


def _looks_like_path(value: str) -> bool:
    """A one-line string naming an existing file, or ending in a supported extension."""
    if "\n" in value or len(value) >= 4096 or not value.strip():
        return False
    try:
        if Path(value).is_file():
            return True
    except (OSError, ValueError):
        return False
    return Path(value).suffix.lower() in SUPPORTED_EXTENSIONS and not re.search(r"[<>{}]", value)


def _parse_reporting(text: str, fmt: Format, *, id: str, path: Path | None) -> list[Article | ParseError]:
    """:func:`_parse_text`, with any error a ParseError naming the file (``path``) and the problem."""
    return _reporting(path, fmt, lambda: _parse_text(text, fmt, id=id, path=str(path) if path is not None else None))


def _reporting(path: Path | None, fmt: Format, work: Callable[[], Any]) -> Any:
    """``work()``, with any error a ParseError naming the file (``path``) and the problem."""
    try:
        return work()
    except ParseError:
        raise
    except Exception as exc:  # a parser bug must not stop a batch: report it with the file
        raise _reader_error(exc, path, fmt) from exc


def _reader_error(exc: Exception, path: str | os.PathLike | None, fmt: str) -> ParseError:
    """The ParseError naming ``path`` for an unexpected error of a reader (a parser bug, a document nested
    too deep for Python's recursion)."""
    if isinstance(exc, RecursionError):
        return ParseError(path, f"unparseable {fmt}: nesting too deep")
    LOGGER.debug("unexpected error parsing %s", path if path is not None else "<text>", exc_info=exc)
    return ParseError(path, f"unparseable {fmt}: {type(exc).__name__}: {exc}")


def parse_file(
    path: str | os.PathLike,
    *,
    format: Format | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    id: str | None = None,
) -> list[Article | ParseError]:
    """Parse every article in one file (JSON Lines files may hold many).

    Returns
    -------
    list of Article or ParseError
        One item per record; a record that cannot be parsed is a ParseError.

    Raises
    ------
    FileNotFoundError, ParseError
        When the file as a whole cannot be read.
    """
    p = _as_path(path)
    text, encoding = read_text(p, max_bytes=max_bytes)
    fmt = _format_for(p, text, format)
    items = _parse_reporting(text, fmt, id=id or p.stem, path=p)
    return [_with_encoding(a, encoding) if isinstance(a, Article) else a for a in items]


#: Formats whose files may hold many articles (records).
RECORD_FORMATS = ("json", "csv")


def read_records(
    path: str | os.PathLike,
    *,
    format: Format | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    id: str | None = None,
) -> list[Record | ParseError]:
    """The records of a JSON, JSON Lines or CSV file, read but not parsed (see :func:`parse_record`).

    ``[parse_record(r) for r in read_records(path)]`` (ParseErrors passed
    through) is :func:`parse_file`; reading first lets a corpus run split a
    large file of records into batches.

    Raises
    ------
    FileNotFoundError, ParseError
        When the file as a whole cannot be read, or is not JSON or CSV.
    """
    p = _as_path(path)
    text, encoding = read_text(p, max_bytes=max_bytes)
    fmt = _format_for(p, text, format)
    if fmt not in RECORD_FORMATS:
        raise ParseError(p, f"holds {fmt}, not records (JSON, JSON Lines or CSV)")
    return _reporting(p, fmt, lambda: _record_units(text, fmt, id=id or p.stem, path=str(p), encoding=encoding))


def iter_records(
    path: str | os.PathLike,
    *,
    format: Format | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    id: str | None = None,
) -> Iterator[Record | ParseError]:
    """The records of :func:`read_records`, one at a time, reading a large file from disk as they are taken.

    A JSON Lines or CSV file in UTF-8 is read a line (a row) at a time, and
    a JSON array or API response (``{"articles": [...]}``) in UTF-8 a
    record at a time (after a first pass that checks the whole file is one
    JSON document and finds its list of records), so memory holds one
    record, not the file: a corpus may come as one file of records.  Other
    files (another encoding, a file whose format only its content tells) are
    read whole, as by :func:`read_records`.  Either way ``list(iter_records(path))`` equals
    ``read_records(path)``: the same records, ids, errors and line numbers.

    Raises
    ------
    FileNotFoundError, ParseError
        When the file as a whole cannot be read (raised by the first ``next``;
        a file that cannot be read further on raises after the records
        before the problem).
    """
    p = _as_path(path)
    fmt = format if format is not None else SUPPORTED_EXTENSIONS.get(p.suffix.lower())
    records = _streamed_records(p, fmt, max_bytes) if fmt in RECORD_FORMATS else None
    if records is None:
        yield from read_records(p, format=format, max_bytes=max_bytes, id=id)
        return
    units = _units(records, fmt, id=id or p.stem, path=str(p))  # type: ignore[arg-type]
    try:
        yield from units
    except (ParseError, OSError):  # (an OSError on the way: the runner reports the file as unreadable)
        raise
    except Exception as exc:  # as _reporting: a reader bug is reported with the file
        raise _reader_error(exc, p, fmt) from exc


#: Bytes read at a time by the streamed readers of :func:`iter_records`.
_READ_CHUNK = 1 << 20


def _streamed_records(p: Path, fmt: Format, max_bytes: int | None) -> Iterator[Any] | None:
    """The records (or ParseErrors) of a JSON Lines, JSON array, API response or CSV file read from disk as
    they are taken, or None when the file must be read whole to be read as :func:`read_records` reads it:
    not a plain UTF-8 text (:func:`_plain_utf8`), a JSON object that is a single record, a CSV header line
    beyond a chunk."""
    try:
        st = p.stat()
        if not _S_ISREG(st.st_mode) or (max_bytes is not None and st.st_size > max_bytes) or not _plain_utf8(p):
            return None  # (read whole, which reports the problem)
        if fmt == "json":
            try:
                return _json_document_stream(p)  # (None: one object, a single record, read whole)
            except (ValueError, RecursionError):  # not one array or object: JSON Lines, or no JSON
                return _json_lines_stream(p)
        with open(p, "rb") as fh:
            header = fh.readline(_READ_CHUNK)
        if not header.endswith(b"\n"):
            return None
        return _csv_stream(p, header.decode("utf-8")[:-1])
    except (OSError, ValueError):
        return None


#: JSON's white space (``json.decoder.WHITESPACE``): what may stand between the tokens of a document.
_JSON_SPACE = re.compile(r"[ \t\n\r]*")
#: What may follow an element of an array or a member of an object, and no number holds.
_JSON_DELIMITER = re.compile(r"[ \t\n\r,\]}]")


class _JsonText:
    """The text of a JSON file read a chunk at a time, parsed a token or a value at a time as ``json.loads``
    parses it (its own value parser, ``JSONDecoder.raw_decode``); ``offset()`` is the position in the
    text.  Errors are ValueErrors (RecursionError for a value nested too deep)."""

    def __init__(self, fh):
        self._read = fh.read
        self._decode = json.JSONDecoder().raw_decode
        self.buf, self.pos, self.eof, self.base = "", 0, False, 0

    def _more(self, size: int) -> None:  # read on, keeping the text from pos
        chunk = self._read(size)
        self.eof = not chunk
        self.base += self.pos
        self.buf, self.pos = self.buf[self.pos:] + chunk, 0

    def offset(self) -> int:
        return self.base + self.pos

    def token(self) -> str:
        """The next character after white space ("" at the end of the text), not taken."""
        while True:
            self.pos = _JSON_SPACE.match(self.buf, self.pos).end()
            if self.pos < len(self.buf) or self.eof:
                return self.buf[self.pos:self.pos + 1]
            self._more(_READ_CHUNK)

    def take(self, char: str) -> None:
        """Take the next token, which must be ``char``."""
        if self.token() != char:
            raise ValueError(f"invalid JSON: {char!r} expected")
        self.pos += 1

    def value(self) -> Any:
        """The next value, once the text holds all of it."""
        self.token()
        size = _READ_CHUNK
        while True:
            try:
                value, end = self._decode(self.buf, self.pos)
                # a number ends for sure at a delimiter: "1." may be 1.5 once the next chunk is read
                if self.eof or _JSON_DELIMITER.search(self.buf, end):
                    self.pos = end
                    return value
            except json.JSONDecodeError:
                if self.eof:
                    raise ValueError("invalid JSON") from None
            size *= 2  # (a value longer than a chunk: read more at a time, not quadratically)
            self._more(size)

    def opens(self, char: str, close: str) -> bool:
        """Take ``char`` (``[`` or ``{``), which must come next: whether an item follows (not ``close``)."""
        self.take(char)
        if self.token() == close:
            self.pos += 1
            return False
        return True

    def goes_on(self, close: str) -> bool:
        """Take the ``,`` or ``close`` after an item: whether another item follows."""
        delimiter = self.token()
        self.pos += 1
        if delimiter not in (",", close):
            raise ValueError(f"invalid JSON: ',' or {close!r} expected")
        return delimiter == ","

    def elements(self) -> Iterator[Any]:
        """The elements of the array that comes next, one at a time."""
        more = self.opens("[", "]")
        while more:
            yield self.value()
            more = self.goes_on("]")

    def skip_to(self, offset: int) -> None:
        """Go on to ``offset`` of the text (ahead), reading what lies before it and letting it go."""
        while self.base + len(self.buf) < offset and not self.eof:
            self._more(_READ_CHUNK)
        self.pos = offset - self.base

    def end(self) -> None:
        """Only white space remains."""
        if self.token() != "":
            raise ValueError("JSON document followed by more text")


def _json_object_outline(text: _JsonText, level: int = 1) -> dict[str, tuple]:
    """The members of the JSON object that comes next, as far as :func:`_record_list` looks into it: key ->
    ``("list", offset)`` (its elements parsed and let go), ``("object", outline)`` for an object above
    the third level, ``("other",)``; a key given twice keeps its first place and its last value, as in
    ``json.loads``."""
    outline: dict[str, tuple] = {}
    more = text.opens("{", "}")
    while more:
        if text.token() != '"':
            raise ValueError("invalid JSON: property name expected")
        key = text.value()
        text.take(":")
        first = text.token()
        if first == "[":
            offset = text.offset()
            deque(text.elements(), maxlen=0)
            outline[key] = ("list", offset)
        elif first == "{" and level < 3:
            outline[key] = ("object", _json_object_outline(text, level + 1))
        else:
            text.value()
            outline[key] = ("other",)
        more = text.goes_on("}")
    return outline


def _outline_records(outline: dict[str, tuple]) -> int | None:
    """The offset of the list :func:`_record_list` picks in the object of ``outline``, or None."""
    found = _record_list(outline, is_list=lambda v: v[0] == "list", inner=lambda v: v[1] if v[0] == "object" else None)
    return None if found is None else found[1]


def _json_document_stream(p: Path) -> Iterator[Any] | None:
    """The records of a JSON file that is one array, or one object holding the list of records (an API
    response: :func:`_record_list`), parsed one at a time; None when the file is one object without such a
    list (a single record, read whole). ValueError when it is not one JSON array or object (JSON Lines,
    say), RecursionError when a value is nested too deep."""
    with open(p, encoding="utf-8", newline="") as fh:
        text = _JsonText(fh)
        if text.token() == "[":
            deque(text.elements(), maxlen=0)
            offset = 0
        else:
            offset = _outline_records(_json_object_outline(text))
        text.end()
    if offset is None:
        return None

    def records() -> Iterator[Any]:
        with open(p, encoding="utf-8", newline="") as fh:
            text = _JsonText(fh)
            text.skip_to(offset)
            yield from text.elements()

    return records()


def _plain_utf8(p: Path) -> bool:
    """Whether the file is UTF-8 without byte-order mark, NUL or other control bytes (read a chunk at a
    time): the case where :func:`decode_bytes` decodes it as UTF-8 and its text checks do not apply."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    blank = True  # (only white space: decode_bytes calls it empty)
    with open(p, "rb") as fh:
        first = True
        while chunk := fh.read(_READ_CHUNK):
            if first and any(chunk.startswith(bom) for bom, _ in _BOMS):
                return False
            first = False
            if chunk.translate(None, _NOT_CONTROL_BYTES):  # NUL and the other control bytes
                return False
            try:
                text = decoder.decode(chunk)
            except UnicodeDecodeError:
                return False
            blank = blank and not text.strip()
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return not blank


def _json_lines_stream(p: Path) -> Iterator[Any] | None:
    """The records of a JSON Lines file, as :func:`_json_records` finds them in its text, read a line at a
    time; None when the file is not JSON Lines (its first line is not a JSON value followed by more lines:
    a JSON document, or a single record, read whole)."""
    path = str(p)
    lines = _numbered_lines(p)
    first, second = next(lines, None), next(lines, None)  # (a single line, a whole document, is not parsed)
    record = _json_line(first[1], 1, path) if second is not None else None
    if second is None or isinstance(record, ParseError):
        lines.close()
        return None
    # a first line that is a JSON value and another line after it: not one JSON document (json.loads of
    # the whole text fails on the second), so JSON Lines, as _json_records reads it
    return itertools.chain([record], (_json_line(line, n, path) for n, line in itertools.chain([second], lines)))


def _numbered_lines(p: Path) -> Iterator[tuple[int, str]]:
    """(number, line) of the non-blank lines of the file's text as :func:`_lines` numbers them (the first
    non-blank line is 1; the first line's leading and the last line's trailing white space stripped), read
    a line at a time (UTF-8)."""
    n = 0
    pending: str | None = None
    with open(p, "rb") as fh:
        for raw in fh:
            for line in raw.decode("utf-8").splitlines():  # the line breaks of str.splitlines, as _lines
                if n == 0:
                    if not line.strip():
                        continue  # before the first non-blank line: not counted
                    line = line.lstrip()
                n += 1
                if not line.strip():
                    continue
                if pending is not None:
                    yield pending_n, pending
                pending, pending_n = line, n
    if pending is not None:
        yield pending_n, pending.rstrip()


def _csv_stream(p: Path, header_line: str) -> Iterator[Any]:
    """The records of a CSV file, as :func:`_csv_records` finds them in its text, read a row at a time."""
    with open(p, encoding="utf-8", newline="") as fh:
        yield from _csv_rows(fh, header_line, str(p))


def parse_article(
    path_or_text: str | os.PathLike,
    *,
    format: Format | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Article:
    """Parse one article from a file or from a string.

    Parameters
    ----------
    path_or_text : str or path-like
        A file path (``Path`` objects and strings that look like paths), or
        the article itself as a string.
    format : {"text", "markdown", "html", "json", "csv"}, optional
        Default: by extension, then by content.
    max_bytes : int, optional (default=20 MiB)
        Larger files are refused.

    Returns
    -------
    Article

    Raises
    ------
    FileNotFoundError
        A path that does not exist.
    ParseError
        The file is empty, binary, undecodable, too large or holds no article
        (the message names the file and the problem), or a JSON or CSV file
        holds several records (use :func:`load_corpus`).

    Examples
    --------
    >>> art = parse_article("# Talks stall\\n\\nBy Jane Roe\\n\\nRussia and Ukraine met in Geneva on Monday. No deal was reached.")
    >>> art.title, art.authors, [s.text for s in art.sentences]
    ('Talks stall', ('Jane Roe',), ['Russia and Ukraine met in Geneva on Monday.', 'No deal was reached.'])
    """
    if isinstance(path_or_text, os.PathLike) or (isinstance(path_or_text, str) and _looks_like_path(path_or_text)):
        items = parse_file(path_or_text, format=format, max_bytes=max_bytes)
        where = str(path_or_text)
    elif isinstance(path_or_text, str):
        if not path_or_text.strip():
            raise ParseError(None, "empty text")
        fmt = _format_for(None, path_or_text, format)
        items = _parse_reporting(path_or_text, fmt, id="text", path=None)
        where = "<text>"
    else:
        raise TypeError(f"path_or_text must be a path or a string, not {type(path_or_text).__name__}")
    if len(items) != 1:
        raise ParseError(where, f"holds {len(items)} records; use load_corpus() to read them all")
    item = items[0]
    if isinstance(item, ParseError):
        raise item
    return item


def make_article(
    text: str,
    *,
    id: str = "text",
    title: str | None = None,
    **metadata: Any,
) -> Article:
    """An :class:`Article` from clean body text, without header or footer rules.

    Paragraphs are separated by blank lines; ``metadata`` may set any other
    Article field (``outlet``, ``date``, ``authors`` ...).

    Examples
    --------
    >>> a = make_article("Putin met Xi. They talked.\\n\\nKim came too.", id="t1", title="Summit")
    >>> [(s.id, s.paragraph_id, s.text) for s in a.sentences]
    [(0, 0, 'Putin met Xi.'), (1, 0, 'They talked.'), (2, 1, 'Kim came too.')]
    """
    from .tokenization import split_paragraphs

    paragraphs = split_paragraphs(text)
    fields = {k: v for k, v in metadata.items() if k in Article.__dataclass_fields__}
    extra = {k: v for k, v in metadata.items() if k not in Article.__dataclass_fields__}
    if extra:
        fields["metadata"] = {**fields.get("metadata", {}), **extra}
    return Article(id=id, text=text, paragraphs=tuple(paragraphs), sentences=tuple(split_sentences(text, paragraphs)),
                   title=title, **fields)


# --------------------------------------------------------------------------- corpora


def _is_glob(s: str) -> bool:
    return any(ch in s for ch in "*?[")


def find_files(
    source: str | os.PathLike | Sequence[str | os.PathLike],
    pattern: str | None = None,
    *,
    recursive: bool = True,
) -> list[Path]:
    """The article files named by ``source``: a folder, a glob, a file or a list of these.

    Folders are searched (recursively by default) for :data:`SUPPORTED_EXTENSIONS`,
    or for ``pattern`` when given; hidden files are skipped.  The result is
    sorted and free of duplicates.

    Raises
    ------
    FileNotFoundError
        A named file or folder that does not exist, or a glob matching nothing.
    """
    if isinstance(source, (str, os.PathLike)):
        sources: list[str | os.PathLike] = [source]
    else:
        sources = list(source)
    found: list[Path] = []
    missing: list[str] = []
    for src in sources:
        s = str(src)
        p = Path(s)
        if p.is_dir():
            it = p.rglob(pattern or "*") if recursive else p.glob(pattern or "*")
            found.extend(
                f for f in it
                if f.is_file() and not any(part.startswith(".") for part in f.relative_to(p).parts)
                and (pattern is not None or f.suffix.lower() in SUPPORTED_EXTENSIONS)
            )
        elif p.exists():
            found.append(p)
        elif _is_glob(s):
            matches = [Path(m) for m in _glob.glob(s, recursive=True)]
            if not matches:
                missing.append(f"{s} (no file matches this pattern)")
            found.extend(m for m in matches if m.is_file())
        else:
            missing.append(s)
    if missing:
        raise FileNotFoundError("no such file or folder: " + "; ".join(missing))
    return sorted(set(found), key=lambda f: (str(f.parent), f.name))


def _unique_ids(paths: Sequence[Path]) -> dict[Path, str]:
    stems = Counter(p.stem for p in paths)
    ids: dict[Path, str] = {}
    for p in paths:
        if stems[p.stem] == 1:
            ids[p] = p.stem
        else:  # same file name in different folders (or extensions): keep them apart
            ids[p] = _slug(f"{p.parent.name}-{p.name}")
    return ids


def iter_corpus(
    paths: Iterable[str | os.PathLike],
    *,
    format: Format | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    ids: dict[Path, str] | None = None,
) -> Iterator[Article | ErrorRecord]:
    """Parse files one by one, yielding an :class:`Article` or an :class:`ErrorRecord` for each.

    A bad file never stops the iteration; memory holds one file at a time.
    """
    for path in paths:
        p = Path(path)
        try:
            items = parse_file(p, format=format, max_bytes=max_bytes, id=(ids or {}).get(p))
        except (ParseError, OSError) as exc:
            reason = exc.reason if isinstance(exc, ParseError) else f"cannot read: {exc.strerror or exc}"
            LOGGER.warning("skipped %s: %s", p, reason)
            yield ErrorRecord(str(p), reason)
            continue
        for item in items:
            if isinstance(item, ParseError):
                LOGGER.warning("skipped %s: %s", item.path, item.reason)
                yield ErrorRecord(item.path, item.reason)
            else:
                yield item


def load_corpus(
    source: str | os.PathLike | Sequence[str | os.PathLike],
    *,
    pattern: str | None = None,
    format: Format | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Corpus:
    """Parse every article in a folder, a glob or a list of paths.

    Parameters
    ----------
    source : path, glob or list of paths
    pattern : str, optional
        A glob applied inside folders (e.g. ``"*.md"``); by default every
        file with a supported extension.
    format : {"text", "markdown", "html", "json", "csv"}, optional
        Force one format for all files.
    max_bytes : int, optional (default=20 MiB)

    Returns
    -------
    Corpus
        The articles in file order, and ``errors`` for files that could not be
        read (each with its path and the reason).

    Raises
    ------
    FileNotFoundError
        ``source`` names a file or folder that does not exist.
    """
    paths = find_files(source, pattern)
    if not paths:
        LOGGER.warning("no article files in %s", source)
    articles: list[Article] = []
    errors: list[ErrorRecord] = []
    for item in iter_corpus(paths, format=format, max_bytes=max_bytes, ids=_unique_ids(paths)):
        (errors if isinstance(item, ErrorRecord) else articles).append(item)  # type: ignore[arg-type]
    return Corpus(articles, errors)
