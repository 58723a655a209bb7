"""Cooperation and conflict: typing co-occurrence contexts with a CAMEO/QuadClass-style lexicon.

Method
------
Each context (a sentence, by default) is scanned for the cues of the
packaged lexicon ``data/relations_lexicon.csv``: words and phrases standing for
the CAMEO event categories [1]_, grouped as GDELT's QuadClass [2]_ into verbal
cooperation (consult, engage in diplomatic cooperation, intent to cooperate),
material cooperation (material cooperation, aid, yield), verbal conflict
(demand, disapprove, reject, threaten, protest) and material conflict
(military posture, reduce relations, coerce, assault, fight, mass violence).
The longest cue wins ("mutual defense pact" counts once, not also as "pact").
A cue preceded within three words by a negation (``not``, ``no``, ``never``,
``without``, ``n't`` ...; the clause ends at ``,;:``) is dropped, and so is a
cue written with a capital inside a sentence: a word of a name ("the Rapid
Support Forces", "NBC's Meet the Press", "the Nobel Peace Prize";
:func:`_in_name`).  The weights
of the remaining cues are summed per side; the context is ``cooperation`` when
the cooperation score is higher, ``conflict`` when the conflict score is
higher, ``neutral`` otherwise (no cues, or a tie).

Per edge (:func:`relation_edges`): the number of the pair's contexts of each
class and ``relation_score = (cooperation - conflict) / contexts`` in
[-1, 1], whose sign gives ``relation``.  With sentence contexts two rules
read the pair (:func:`_pair_overrides`).  *Its clause*: when one clause of
the sentence names both entities and the sentence has cues of both kinds,
the pair takes the cues of the clauses naming both ("North Korea and Russia
signed a defence treaty, and Pyongyang sent troops to Ukraine" is
cooperation between North Korea and Russia).  *One side*: a conflict counts
as ``neutral`` between two entities on one side of it, unless the clauses
naming them say they face each other ("between", "each other", "clashed",
"exchanged fire" ...).  One side: named in one coordination ("Saudi Arabia
and the UAE condemned the strike on Qatar"; "Israel struck Hamas and
Hezbollah"), or of one country ("U.S. President Donald Trump warned Hamas"
sets Trump and the United States against Hamas, not against each other).
In cooperation, a country and one of its own people, cities or bodies are
one side too (so ``neutral`` between them): "Chinese President Xi Jinping
met Putin" is no cooperation between China and Xi.

Limits
------
This is a bag of cues, not event extraction: there is no event-argument
structure, so the class is that of the *context*, not of the pair or of who
acts on whom (but for the two rules above; the one-side rule also reads
"Russia and Ukraine launched drone attacks" as one side, and leaves a
country's internal conflicts, "Hamas accused the Palestinian Authority", to
the country level's view of them: none).  Clauses are cut at punctuation,
not parsed.  "North Korea's deployment of troops to Ukraine and its supply
of shells to Russia" is one context for both pairs.  Negation is handled
only in its simplest form (no scope beyond three words, no double negation,
no "end the war" or "lift sanctions" reversal), irony and reported speech are
read literally, and topical words ("the Ukraine conflict") count as conflict.
Use it to sort and read evidence, not as a measurement of relations.

References
----------
.. [1] Schrodt, P. A. (2012). CAMEO Conflict and Mediation Event Observations:
   Event and Actor Codebook, version 1.1b3. Pennsylvania State University.
.. [2] Leetaru, K., & Schrodt, P. A. (2013). GDELT: Global data on events,
   location, and tone, 1979-2012. ISA Annual Convention.
"""
from __future__ import annotations

import bisect
import logging
import re
from collections import Counter
from functools import cache, lru_cache
from itertools import chain, combinations, repeat
from operator import attrgetter, sub
from typing import TYPE_CHECKING, Any, Iterable, Literal, Mapping, NamedTuple, Sequence

import numpy as np
import pandas as pd

from .cooccurrence import POOLED_ID, edge_evidence, evidence_text

if TYPE_CHECKING:  # pragma: no cover
    from .model import Article, Corpus

__all__ = [
    "relations_lexicon",
    "classify_relations",
    "relation_edges",
    "with_relations",
]

LOGGER = logging.getLogger(__name__)

RELATIONS = ("cooperation", "conflict", "neutral")
QUAD_CLASSES = {1: "verbal_cooperation", 2: "material_cooperation", 3: "verbal_conflict", 4: "material_conflict"}
CONTEXT_COLUMNS = (
    ["cooperation", "conflict"] + list(QUAD_CLASSES.values()) + ["relation", "score", "cues"]
)
EDGE_RELATION_COLUMNS = ["cooperation", "conflict", "neutral", "relation_score", "relation"]
NEGATORS = frozenset(
    "not no never without nor neither cannot none nobody nothing hardly barely".split()
)
LEXICON_FILE = "relations_lexicon.csv"
_CLAUSE_END = re.compile(r"[,;:.!?()\[\]\u2014]")
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")


@cache
def _lexicon() -> pd.DataFrame:
    from .resources import data_path

    lex = pd.read_csv(data_path(LEXICON_FILE), comment="#", dtype={"pattern": str, "cameo": str})
    bad = set(lex["relation"]) - {"cooperation", "conflict"}
    if bad:
        raise ValueError(f"{LEXICON_FILE}: relation values {sorted(bad)} are invalid")
    return lex


def relations_lexicon() -> pd.DataFrame:
    """The packaged cue lexicon: ``pattern, relation, quad_class, cameo, weight``.

    Examples
    --------
    >>> lex = relations_lexicon()
    >>> row = lex.set_index("pattern").loc["invasion*"]
    >>> row["relation"], int(row["quad_class"]), row["cameo"]
    ('conflict', 4, '19 fight')
    """
    return _lexicon().copy()


def _pattern_regex(pattern: str) -> str:
    words = pattern.strip().lower().split()
    parts = []
    for w in words:
        star = w.endswith("*")
        w = re.escape(w.rstrip("*")).replace(r"\-", r"[\s\-]*")
        parts.append(w + (r"[a-z]*" if star else ""))
    return r"[\s\-]+".join(parts)


class _Cues(NamedTuple):
    """A compiled lexicon.

    ``regex`` is the reference: one alternation of all cues, longest first,
    whose group ``c<i>`` names the cue (row ``i`` of the lexicon, ``info[i]``).
    ``scan``, when not None, finds the same matches faster (see :func:`_scanner`);
    ``scan_cues[g]`` is the cue of its group ``g``.
    """

    regex: re.Pattern[str]
    info: tuple[tuple[str, int, float, str], ...]
    scan: re.Pattern[str] | None
    scan_cues: tuple[int, ...]


@cache
def _compiled(rows: tuple[tuple[str, str, int, float], ...]) -> _Cues:
    """One alternation regex over all cues (longest first) and the cue of each group."""
    order = sorted(range(len(rows)), key=lambda i: (-len(rows[i][0]), i))
    alternatives = [(_pattern_regex(rows[i][0]), f"(?P<c{i}>{_pattern_regex(rows[i][0])})") for i in order]
    if all(rx[:1].isalpha() and rx[:1].isascii() for rx, _ in alternatives):
        # dispatch on the first letter: only cues starting with it are tried at a word start (same
        # matches: cues with another first letter cannot match there, and each group keeps the order)
        groups: dict[str, list[str]] = {}
        for rx, alt in alternatives:
            groups.setdefault(rx[0], []).append(alt)
        body = "|".join(f"(?={ch})(?:{'|'.join(alts)})" for ch, alts in groups.items())
    else:
        body = "|".join(alt for _, alt in alternatives)
    regex = re.compile(r"(?<![a-z0-9])(?:" + body + r")(?![a-z0-9])")
    info = tuple((str(rel), int(quad), float(weight), str(pat)) for pat, rel, quad, weight in rows)
    scan, scan_cues = _scanner(rows, order)
    return _Cues(regex, info, scan, scan_cues)


def _scanner(rows: tuple[tuple[str, str, int, float], ...], order: list[int]) -> tuple[re.Pattern[str] | None, tuple]:
    """A regex that finds the matches of the reference regex of :func:`_compiled`, faster.

    It is the same alternation, made cheap for the regex engine: ``[^a-z0-9]``
    (a character class the engine skips to) stands for the look-behind and is
    matched on ``" " + text``, so a match starting at ``k`` there is a cue at
    ``k`` in ``text``; the cues are grouped by first letter behind that
    literal letter (the engine skips a group whose letter differs, and a cue
    cannot match where its first letter is not: the first match and the order
    of tries among the cues that can match are unchanged), and so again by
    second character within a group whose cues all go on with a plain
    character; an empty group at the end of each cue names it, so every
    alternative starts with a literal.
    Consuming the separator is only the same when no cue can end in a
    character that lets another cue start right after it, so lexicons with a
    cue ending in anything but ``[a-z0-9]`` (or ``*``) get None (the reference
    regex is used).
    """
    ends = [p.strip().lower().split()[-1].rstrip("*")[-1:] if p.strip() else "" for p, _, _, _ in rows]
    if not all(len(e) == 1 and ("a" <= e <= "z" or "0" <= e <= "9") for e in ends):
        return None, ()
    alternatives = [(i, _pattern_regex(rows[i][0])) for i in order]
    scan_cues = [-1]

    def literal(rx: str) -> bool:  # starts with a plain character (a letter, an apostrophe)
        return rx[:1].isascii() and (rx[:1].isalpha() or rx[:1] == "'")

    def alternation(alts: list[tuple[int, str]], depth: int) -> str:
        """``alt()|alt()|...`` in order, grouped behind their first character when all start with one."""
        if depth == 0 or not all(literal(rx) for _, rx in alts):
            scan_cues.extend(i for i, _ in alts)
            return "|".join(rx + "()" for _, rx in alts)
        groups: dict[str, list[tuple[int, str]]] = {}
        for i, rx in alts:
            groups.setdefault(rx[0], []).append((i, rx[1:]))
        return "|".join(ch + "(?:" + alternation(group, depth - 1) + ")" for ch, group in groups.items())

    body = alternation(alternatives, 2)
    return re.compile(r"[^a-z0-9](?:" + body + r")(?![a-z0-9])"), tuple(scan_cues)


def _cue_matches(norm: str, cues: _Cues) -> list[tuple[int, int, int]]:
    """``(start, end, cue)`` of every cue in a normalized text, as ``cues.regex.finditer`` finds them."""
    if cues.scan is None:
        return [(m.start(), m.end(), int(m.lastgroup[1:])) for m in cues.regex.finditer(norm)]
    groups = cues.scan_cues
    return [(m.start(), m.end() - 1, groups[m.lastindex]) for m in cues.scan.finditer(" " + norm)]


def _lexicon_rows(lex: pd.DataFrame) -> tuple[tuple[str, str, int, float], ...]:
    missing = {"pattern", "relation", "quad_class", "weight"} - set(lex.columns)
    if missing:
        raise ValueError(f"lexicon is missing the columns {sorted(missing)}")
    cols = lex[["pattern", "relation", "quad_class", "weight"]]
    return tuple((str(p), str(r), int(q), float(w)) for p, r, q, w in cols.itertuples(index=False, name=None))


def _normalize(text: str) -> str:
    """:func:`geoanalysis.tokenization.normalize`, the same string, cheaper (:func:`_fold_typography`)."""
    return _fold_typography(text)[0].lower()


_ASCII_BYTES = bytes(range(128))


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    from .tokenization import fold_typography

    return fold_typography(char)


@cache
def _ascii_is_kept() -> bool:
    """Whether typography folding leaves every ASCII character as it is."""
    from .tokenization import fold_typography

    ascii_chars = "".join(map(chr, range(128)))
    return fold_typography(ascii_chars) == ascii_chars


def _fold_typography(text: str) -> tuple[str, bool]:
    """:func:`geoanalysis.tokenization.fold_typography` of ``text``, and whether it keeps every character's length.

    ``str.translate`` maps each character on its own, and folding leaves the
    ASCII ones as they are (checked once), so folding is replacing each
    distinct non-ASCII character of the text by its folding (found from the
    UTF-8 bytes of the text without its ASCII bytes), unless a folding holds
    a character that is replaced too (then the text is folded as a whole).
    """
    from .tokenization import fold_typography

    if text.isascii():
        return text, True
    if not _ascii_is_kept():  # pragma: no cover - a folding table that maps ASCII characters
        folded = fold_typography(text)
        return folded, False
    others = set(text.encode("utf-8", "surrogatepass").translate(None, _ASCII_BYTES).decode("utf-8", "surrogatepass"))
    plan = [(c, f) for c, f in zip(others, map(_fold_char, others)) if f != c]
    aligned = all(len(f) == 1 for _, f in plan)
    replaced = {c for c, _ in plan}
    if any(not replaced.isdisjoint(f) for _, f in plan):  # pragma: no cover - folding into folded characters
        return fold_typography(text), aligned
    for c, f in plan:
        text = text.replace(c, f)
    return text, aligned


def _aligned_normalize(text: str) -> str | None:
    """``_normalize(text)`` when, for every slice, ``_normalize(text[i:j]) == _normalize(text)[i:j]``; else None.

    Folding is per character; it must also keep the length of each
    character, and lower-casing must too and be free of context (it is but
    for the capital sigma, whose lower case depends on its neighbours).
    """
    folded, aligned = _fold_typography(text)
    if not aligned or "\u03a3" in folded:
        return None
    norm = folded.lower()
    return norm if len(norm) == len(text) else None


# a negator or "n't" anywhere in the 60 characters before a cue: without one, _negated is False
_NEGATION_HINT = re.compile("|".join(["n't"] + [w + "(?![a-z])" for w in sorted(NEGATORS, key=lambda w: (-len(w), w))]))


def _negated(text: str, start: int, floor: int = 0) -> bool:
    """Whether the cue at ``start`` of ``text[floor:]`` is negated (the context starts at ``floor``)."""
    lo = max(floor, start - 60)
    if _NEGATION_HINT.search(text, lo, start) is None:
        # each of the words below that _negated_words would accept ends in "n't" or is a negator
        # followed by a non-letter (or by the end of the window), which this search finds
        return False
    return _negated_words(text, lo, start)


#: Words after "not" that make it no negation: "not only ... but also".
_NOT_ONLY = frozenset(("only", "just", "merely"))


def _negated_words(text: str, lo: int, start: int) -> bool:
    before = text[lo:start]
    clause = _CLAUSE_END.split(before)[-1]
    words = _WORD.findall(clause)[-3:]
    return any((w in NEGATORS or w.endswith("n't")) and not (w == "not" and nxt in _NOT_ONLY)
               for w, nxt in zip(words, words[1:] + [""]))


#: Words that break, reject or deny what follows them in their clause: a cue of cooperation among the next words
#: is not asserted ("Pakistan had broken the agreement", "accused France of backing the rebels", "denied supplying
#: drones", "suspended talks", "refused to sign the deal", "failed to meet its obligations").
REVERSERS = re.compile(
    r"(?:accus|blam|denied$|denies$|deny|denial|violat|breach|broke$|broken$|break$|breaks$|breaking$|abandon|"
    r"scrap|suspend|suspension|freez|froze|undermin|derail|sabotag|jeopardi|reneg|torpedo|reject|refus|"
    r"oppose$|opposed$|opposes$|opposing$|cancel|halt|fail|block$|blocks$|blocked$|blocking$|veto|skeptic|sceptic|"
    r"doubt|dismiss)"
)
#: Words that end the reach of a reverser: what follows them is said of its own ("condemned the attack and
#: pledged support").
_COORDINATORS = frozenset("and but while whereas yet".split())
# a reverser's stem anywhere in the 80 characters before a cue: without one, _reversed is False
_REVERSE_HINT = re.compile(r"accus|blam|deni|deny|violat|breach|brok|break|abandon|scrap|suspen|freez|froze|undermin|"
                           r"derail|sabotag|jeopardi|reneg|torpedo|reject|refus|oppos|cancel|halt|fail|block|veto|"
                           r"skeptic|sceptic|doubt|dismiss")


def _reversed(text: str, start: int, floor: int = 0) -> bool:
    """Whether a cue of cooperation at ``start`` of ``text[floor:]`` is broken, rejected or denied: one of the
    five words before it in its clause, after its last "and" or "but", is a :data:`REVERSERS` word."""
    lo = max(floor, start - 80)
    if _REVERSE_HINT.search(text, lo, start) is None:
        return False
    clause = _CLAUSE_END.split(text[lo:start])[-1]
    words = _WORD.findall(clause)
    for k in range(len(words) - 1, -1, -1):
        if words[k] in _COORDINATORS:
            words = words[k + 1:]
            break
    return any(REVERSERS.match(w) for w in words[-5:])


def _dropped(text: str, start: int, floor: int, cooperative: bool) -> bool:
    """Whether the cue at ``start`` is not counted: negated (:func:`_negated`), or a cue of cooperation broken,
    rejected or denied (:func:`_reversed`)."""
    return _negated(text, start, floor) or (cooperative and _reversed(text, start, floor))


#: Lower-case words that a title-case headline keeps in lower case ("Russia and Ukraine Agree to a Truce").
_TITLE_CASE_SMALL = frozenset("a an and as at but by for from in nor of on or the to up via with vs".split())
_LOWER_WORD = re.compile(r"(?<![^\W\d_])(?<!-)[a-z][^\W\d_]*")  # (not the part of a compound: "Re-supply")
#: What may stand before the first word of a sentence or quotation, besides white space (typography folded).
_OPENERS = frozenset("\"'([{\u00ab")
#: What ends a sentence or a clause before such a word (typography folded: dashes are "-").
_ENDERS = frozenset(".!?:;-")


def _in_name(text: str, start: int, floor: int = 0, end: int | None = None) -> bool:
    """Whether the cue at ``start`` of ``text`` (its context: ``text[floor:end]``) is a word of a name, and so no cue.

    A cue written with a capital inside a sentence is a word of a name: "the
    Rapid Support Forces", "the Nobel Peace Prize", "the Shanghai Cooperation
    Organisation", "the Board of Peace", "the U.S. Trade Representative".  A
    capital at the start of a sentence (after a period that ends no capital's
    abbreviation, as "U.S." does), a clause, a quotation or a bracket ("Talks
    resumed", '"Peace is near," he said') is no sign of a name, nor are
    capitals in a context written in title case or in capitals (a headline
    with no lower-case word but those :data:`_TITLE_CASE_SMALL` lists).
    """
    if not text[start].isupper():
        return False
    j = start
    while j > floor and (text[j - 1].isspace() or _fold_char(text[j - 1]) in _OPENERS):
        j -= 1
    if j == floor or (_fold_char(text[j - 1]) in _ENDERS
                      and not (text[j - 1] == "." and j - 2 >= floor and text[j - 2].isupper())):  # "U.S. Trade"
        return False
    context = text[floor:end]
    return any(w not in _TITLE_CASE_SMALL for w in _LOWER_WORD.findall(context))


def _normal_and_cased(text: str) -> tuple[str, str | None]:
    """``_normalize(text)``, and ``text`` itself when it lines up with that (for :func:`_in_name`), else None
    (one folding for both)."""
    folded, aligned = _fold_typography(text)
    norm = folded.lower()
    return norm, text if aligned and len(norm) == len(text) else None


def _score_text(text: str, cues: _Cues) -> tuple:
    norm, cased = _normal_and_cased(text)
    coop = conf = 0.0
    quads = [0, 0, 0, 0]
    found = []
    for start, end, k in _cue_matches(norm, cues):
        rel, quad, weight, pattern = cues.info[k]
        if cased is not None and _in_name(cased, start):
            continue
        if _dropped(norm, start, 0, rel == "cooperation"):
            found.append(f"not {norm[start:end]}")
            continue
        if rel == "cooperation":
            coop += weight
        else:
            conf += weight
        quads[quad - 1] += 1
        found.append(norm[start:end])
    relation = "cooperation" if coop > conf else "conflict" if conf > coop else "neutral"
    score = 0.0 if coop + conf == 0 else (coop - conf) / (coop + conf)
    return (coop, conf, *quads, relation, score, "; ".join(found))


def _class_of(norm: str, matches: Iterable[tuple[int, int]], floor: int, info, cased: str | None = None) -> int:
    """The relation (index into RELATIONS) of a context from its ``(start, cue)`` matches in ``norm`` (``cased``:
    the text in its own case, :func:`_normal_and_cased`)."""
    coop = conf = 0.0
    for start, k in matches:
        rel, _, weight, _ = info[k]
        if _dropped(norm, start, floor, rel == "cooperation") or (cased is not None and _in_name(cased, start, floor)):
            continue
        if rel == "cooperation":
            coop += weight
        else:
            conf += weight
    return 0 if coop > conf else 1 if conf > coop else 2


_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


def _part_classes(text: str, parts: Sequence, wanted: Iterable[int], cues: _Cues) -> dict[int, int]:
    """``{i: _relation_class(parts[i].text, cues)}`` for the ``wanted`` parts (sentences, paragraphs) of a text.

    One scan of the whole normalized text instead of one per part: a match
    that lies inside a part is a match of the part on its own, and the part
    gets the same matches, when the normalized text lines up with the
    normalized parts (:func:`_aligned_normalize`), no match straddles the
    part's start or end, and no letter or digit touches the part from outside
    (the look-behind and look-ahead of a cue then read the same characters as
    at the start and end of the part's own string; a longer cue reaching past
    the part would be a straddling match).  A part where one of these fails is
    classified on its own.  :func:`_texts_part_classes` does this for many texts.
    """
    return _texts_part_classes([(text, parts, wanted)], cues)[0]


class _Span(NamedTuple):
    """A part covering a whole text (a headline, a document), for :func:`_texts_part_classes`."""

    start: int
    end: int
    text: str


def _whole(text: str) -> tuple[str, tuple[_Span], tuple[int]]:
    """The one-part input of :func:`_texts_part_classes` whose class is ``_relation_class(text)``."""
    return text, (_Span(0, len(text), text),), (0,)


# joins the normalized texts scanned at once: neither a letter nor a digit, and in no cue (a cue
# reaching over it would straddle parts, which are then classified on their own anyway)
_TEXT_SEPARATOR = "\x00"


def _texts_part_classes(docs: Sequence[tuple[str, Sequence, Iterable[int]]], cues: _Cues,
                        hits: list[dict[int, list[tuple[int, int]]]] | None = None) -> list[dict[int, int]]:
    """``[_part_classes(text, parts, wanted, cues) for text, parts, wanted in docs]``, from one scan.

    The normalized texts that line up with their parts are joined (by a
    character that is not a letter or digit, so each text's first and last
    cues read it as they read the start and end of the text) and scanned
    once; the wanted parts of all texts, in the joined text's offsets, are
    then parts of one text, and the rules of :func:`_part_classes` apply to
    them, applied to all matches at once with numpy: the part of a match
    (the last one starting at or before it), the parts made dirty by a match
    leaving its part or reaching into the next ones, and the cue weights
    summed per part in the order of the matches (``numpy.bincount`` adds them
    one after the other, as :func:`_relation_class` does).  Only the matches
    counted in a clean part are checked for negation and names (:func:`_in_name`).

    With ``hits`` (a list), one dict per text is appended to it: wanted part
    -> the ``(offset in the text, cue)`` of the cues counted in it, in order,
    for the parts classified from the joined scan that have any (the others
    of them are left out), and None for the parts classified on their own.
    """
    out: list[dict[int, int]] = []
    norms: list[str] = []
    originals: list[str] = []  # the texts in their own case (lined up with norms), for _in_name
    offset = 0
    firsts: list[int] = []  # the wanted parts of the joined texts, in order: start, end
    lasts: list[int] = []
    dirty_at: list[int] = []  # the wanted parts a letter or digit touches (their positions in firsts)
    placed: list[tuple[int, list[int], list[str]]] = []  # per joined text: its index, wanted parts, part texts
    for text, parts, wanted in docs:
        wanted = sorted(set(wanted))
        norm = _aligned_normalize(text)
        n = len(text)
        starts = list(map(_START, parts))
        ends = list(map(_END, parts))
        texts = list(map(_TEXT, parts))
        bounds = list(chain.from_iterable(zip(starts, ends)))
        # parts in order, not overlapping, inside the text, each the slice of the text it says
        if norm is None or bounds != sorted(bounds) or (bounds and (bounds[0] < 0 or bounds[-1] > n)) \
                or list(map(len, texts)) != list(map(sub, ends, starts)) or not all(map(text.startswith, texts, starts)):
            out.append({i: _relation_class(texts[i], cues) for i in wanted})
            continue
        touching = [starts[i] - 1 for i in wanted if starts[i] > 0] + [ends[i] for i in wanted if ends[i] < n]
        if touching and not _ALNUM.isdisjoint(norm[j] for j in touching):
            dirty_at.extend(len(firsts) + k for k, i in enumerate(wanted)
                            if (starts[i] > 0 and norm[starts[i] - 1] in _ALNUM)
                            or (ends[i] < n and norm[ends[i]] in _ALNUM))
        placed.append((len(out), wanted, texts, offset))
        out.append({})
        firsts.extend([offset + starts[i] for i in wanted])
        lasts.extend([offset + ends[i] for i in wanted])
        norms.append(norm)
        originals.append(text)
        offset += n + len(_TEXT_SEPARATOR)
    if not firsts:
        if hits is not None:
            hits.extend(dict.fromkeys(by_doc) for by_doc in out)
        return out
    joined = _TEXT_SEPARATOR.join(norms)
    matches = _cue_matches(joined, cues)
    ms, me, cue = np.fromiter(chain.from_iterable(matches), dtype=np.int64, count=3 * len(matches)).reshape(-1, 3).T
    first = np.array(firsts, dtype=np.int64)
    last = np.array(lasts, dtype=np.int64)
    part = np.searchsorted(first, ms, side="right") - 1
    in_part = (part >= 0) & (ms < last[part])
    inside = in_part & (me <= last[part])
    # a match leaving its part makes it dirty, and so are the parts starting before the match ends
    dirty = np.zeros(len(first), dtype=bool)
    dirty[dirty_at] = True
    dirty[part[in_part & ~inside]] = True
    after, reached = part + 1, np.searchsorted(first, me, side="left")
    spans = reached > after
    size = len(first) + 1
    covered = np.bincount(after[spans], minlength=size) - np.bincount(reached[spans], minlength=size)
    dirty |= np.cumsum(covered)[:-1] > 0
    counted = np.flatnonzero(inside & ~dirty[np.maximum(part, 0)])
    cased = _TEXT_SEPARATOR.join(originals)
    cooperative = np.array([rel == "cooperation" for rel, _, _, _ in cues.info], dtype=bool)
    dropped = [_dropped(joined, s, f, c) or _in_name(cased, s, f, e)
               for s, f, e, c in zip(ms[counted].tolist(), first[part[counted]].tolist(), last[part[counted]].tolist(),
                                     cooperative[cue[counted]].tolist())]
    counted = counted[~np.array(dropped, dtype=bool)]
    weights = np.array([weight for _, _, weight, _ in cues.info], dtype=np.float64)
    k, p = cue[counted], part[counted]
    coop_cue = cooperative[k]
    coop = np.bincount(p[coop_cue], weights=weights[k[coop_cue]], minlength=len(first))
    conf = np.bincount(p[~coop_cue], weights=weights[k[~coop_cue]], minlength=len(first))
    classes = np.where(coop > conf, 0, np.where(conf > coop, 1, 2)).tolist()
    dirty_parts = iter(np.flatnonzero(dirty).tolist())
    j = next(dirty_parts, None)
    base = 0
    for doc, wanted, texts, _ in placed:
        end = base + len(wanted)
        while j is not None and j < end:  # classified on their own
            classes[j] = _relation_class(texts[wanted[j - base]], cues)
            j = next(dirty_parts, None)
        out[doc] = dict(zip(wanted, classes[base:end]))
        base = end
    if hits is not None:
        # unknown (None) but for the parts classified from the joint scan, which list their cues if they have any
        found: list[dict[int, list[tuple[int, int]] | None]] = [dict.fromkeys(by_doc) for by_doc in out]
        where: list[tuple[int, int, int]] = []  # position in firsts -> text, part, offset of the text
        for doc, wanted, _, at in placed:
            found[doc] = {}
            where.extend((doc, i, at) for i in wanted)
        for q in np.flatnonzero(dirty).tolist():
            found[where[q][0]][where[q][1]] = None
        for q, start, c in zip(p.tolist(), ms[counted].tolist(), k.tolist()):
            doc, i, at = where[q]
            found[doc].setdefault(i, []).append((start - at, c))  # type: ignore[union-attr]
        hits.extend(found)
    return out


_START = attrgetter("start")
_END = attrgetter("end")
_ID = attrgetter("id")
_TEXT = attrgetter("text")


def _relation_class(text: str, cues: _Cues) -> int:
    """The relation of a context as an index into RELATIONS (the class :func:`_score_text` gives)."""
    norm, cased = _normal_and_cased(text)
    return _class_of(norm, ((start, k) for start, _, k in _cue_matches(norm, cues)), 0, cues.info, cased)


def classify_relations(
    texts: pd.DataFrame | pd.Series | Iterable[str],
    *,
    lexicon: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Classify contexts as cooperation, conflict or neutral (see the module docstring).

    Parameters
    ----------
    texts : pandas.DataFrame, pandas.Series or iterable of str
        A table with a ``text`` column (other columns, such as ``context_id``
        from :func:`geoanalysis.cooccurrence.evidence_text`, are kept), or texts.
    lexicon : pandas.DataFrame, optional
        A table like :func:`relations_lexicon` (default: the packaged one).

    Returns
    -------
    pandas.DataFrame
        The input columns (or ``text``) and ``cooperation, conflict`` (summed
        cue weights), ``verbal_cooperation, material_cooperation,
        verbal_conflict, material_conflict`` (cue counts per QuadClass),
        ``relation``, ``score`` = (cooperation - conflict) / (cooperation +
        conflict) or 0, and ``cues`` (matched cues; dropped negated cues are
        listed as ``"not <cue>"``).

    References
    ----------
    .. [1] Schrodt, P. A. (2012). CAMEO Conflict and Mediation Event
       Observations: Event and Actor Codebook, version 1.1b3.

    Examples
    --------
    >>> classify_relations([
    ...     "Russia and North Korea signed a mutual defence pact.",
    ...     "Russia invaded Ukraine in 2022.",
    ...     "Lavrov said no talks were on the calendar.",
    ... ])[["relation", "cues"]]
          relation                 cues
    0  cooperation  mutual defence pact
    1     conflict              invaded
    2      neutral            not talks
    """
    if isinstance(texts, pd.DataFrame):
        if "text" not in texts.columns:
            raise ValueError("texts has no 'text' column; pass evidence_text(...) or a list of strings")
        frame = texts.reset_index(drop=True)
    else:
        values = texts.tolist() if isinstance(texts, pd.Series) else list(texts)
        frame = pd.DataFrame({"text": pd.Series(values, dtype=object)})
    cues = _default_compiled() if lexicon is None else _compiled(_lexicon_rows(lexicon))
    rows = [_score_text(str(t), cues) for t in frame["text"].fillna("")]
    scores = pd.DataFrame(rows, columns=CONTEXT_COLUMNS)
    if not len(scores):
        scores = scores.astype({c: "float64" for c in ("cooperation", "conflict", "score")})
    for col in QUAD_CLASSES.values():
        scores[col] = scores[col].astype("int64")
    return pd.concat([frame.drop(columns=[c for c in CONTEXT_COLUMNS if c in frame.columns]), scores], axis=1)


def relation_edges(
    corpus: "Corpus | Sequence[Article] | Article",
    mentions: pd.DataFrame,
    *,
    unit: Literal["sentence", "paragraph", "document", "window"] = "sentence",
    window: int = 5,
    level: Literal["entity", "country"] = "entity",
    by: Literal["article"] | None = "article",
    headline: bool = True,
    lexicon: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Cooperation/conflict counts and a signed score per co-occurring pair.

    Every context in which a pair co-occurs (:func:`geoanalysis.cooccurrence.edge_evidence`)
    is classified by :func:`classify_relations`; the pair gets the number of
    its contexts of each class.  With ``unit="sentence"``, a pair named in
    one clause of a sentence with cues of both kinds takes the class of that
    clause's cues, and a conflict counts as ``neutral`` for a pair on one
    side of it (named in one coordination, "X and Y condemned Z", or of one
    country), unless the sentence says they face each other ("between",
    "each other", "clashed" ...; see the module docstring).

    Parameters
    ----------
    corpus : Corpus, sequence of Article or Article
        The articles, for the text of the contexts.
    mentions : pandas.DataFrame
        Their mentions table.
    unit, window, level, by, headline
        As in :func:`geoanalysis.cooccurrence.cooccurrence`; use the same
        values to merge the result with its edges.
    lexicon : pandas.DataFrame, optional
        A cue table like :func:`relations_lexicon`.

    Returns
    -------
    pandas.DataFrame
        ``article_id, source, target, contexts, cooperation, conflict,
        neutral, relation_score, relation``; ``relation_score`` =
        (cooperation - conflict) / contexts, ``relation`` its sign as a word.
        Sorted by article, source, target.

    References
    ----------
    .. [1] Leetaru, K., & Schrodt, P. A. (2013). GDELT: Global data on
       events, location, and tone, 1979-2012. ISA Annual Convention.
    """
    cues = _default_compiled() if lexicon is None else _compiled(_lexicon_rows(lexicon))
    edges = _fast_relation_edges(corpus, mentions, unit, window, level, by, headline, cues)
    if edges is not None:
        return edges
    ev = edge_evidence(mentions, unit=unit, window=window, level=level, by=by, headline=headline)
    keys = ["article_id", "source", "target"]
    if not len(ev):
        empty = {c: pd.Series(dtype=object) for c in keys}
        empty.update({c: pd.Series(dtype="int64") for c in ("contexts", "cooperation", "conflict", "neutral")})
        empty.update(relation_score=pd.Series(dtype="float64"), relation=pd.Series(dtype=object))
        return pd.DataFrame(empty)
    texts = evidence_text(ev["context_id"].drop_duplicates(), corpus)
    # the relation of each context (as classify_relations), then contexts per pair and class
    classes = {cid: _score_text(str(text), cues)[6]
               for cid, text in zip(texts["context_id"].tolist(), texts["text"].fillna("").tolist())}
    column = {rel: k for k, rel in enumerate(RELATIONS)}
    overrides: dict[tuple[str, int, str, str], int] = {}
    places: dict[str, tuple[str, int] | None] = {}
    if unit == "sentence":  # the class of a pair within its sentence (_pair_overrides)
        places = {cid: _sentence_of(cid) for cid in classes}
        overrides = _pair_overrides(corpus, mentions, level, {
            place: column[classes[cid]] for cid, place in places.items() if place is not None}, cues)
    table: dict[str, tuple[Counter, Counter, Counter]] = {}
    for aid, src, tgt, cid in zip(ev["article_id"].tolist(), ev["source"].tolist(), ev["target"].tolist(),
                                  ev["context_id"].tolist()):
        k = column.get(classes.get(cid))
        if overrides and k is not None:
            k = overrides.get((*(places.get(cid) or ("", 0)), src, tgt), k)
        if k is not None:
            if aid not in table:
                table[aid] = (Counter(), Counter(), Counter())
            table[aid][k][(src, tgt)] += 1
    return _edges_frame(table)


@cache
def _default_compiled() -> _Cues:
    """The regex and cue info of the packaged lexicon (built once per process)."""
    return _compiled(_lexicon_rows(_lexicon()))


def _fast_relation_edges(corpus, mentions: pd.DataFrame, unit: str, window: int, level: str, by, headline: bool,
                         cues: _Cues) -> pd.DataFrame | None:
    """The table of :func:`relation_edges` with numpy, or None.

    The same counts as :func:`geoanalysis.cooccurrence.edge_evidence` followed
    by one classification per distinct context, without the pandas tables: the
    pairs of each context (:func:`geoanalysis.cooccurrence._unit_pairs`), the
    class of each context (sentence, paragraph, headline, document;
    :func:`_context_classes`), and the contexts of each class per pair. Only
    for plain tables (string ids, integer context numbers) with a pair and
    ``by="article"`` outside the window unit; None otherwise (the general path
    then runs).
    """
    from .cooccurrence import _check_options, _unit_pairs

    _check_options(unit, window, "binary", level, by)
    if unit not in ("sentence", "paragraph", "document") or by != "article":
        return None
    up = _unit_pairs(mentions, unit, level, headline)
    if up is None or not len(up.pair_ctx):
        return None
    hits: dict[int, list[tuple[int, int]] | None] | None = {} if unit == "sentence" else None
    classes = _context_classes(corpus, up, unit, cues, hits)
    if classes is None:
        return None
    n_ent = len(up.entity_ids)
    pair_classes = classes[up.pair_ctx]
    if unit == "sentence":  # the class of a pair within its sentence (_pair_overrides)
        places = list(zip(up.articles[up.ctx_art].tolist(), up.ctx_num.tolist()))
        overrides = _pair_overrides(corpus, mentions, level, dict(zip(places, classes.tolist())), cues,
                                    hits={places[c]: found for c, found in (hits or {}).items()})
        if overrides:
            changed = {key[:2] for key in overrides}
            ctx_changed = np.array([place in changed for place in places], dtype=bool)
            at = np.flatnonzero(ctx_changed[up.pair_ctx])
            src, tgt = up.entity_ids[up.pair_src[at]].tolist(), up.entity_ids[up.pair_tgt[at]].tolist()
            pair_classes[at] = [overrides.get((*places[c], s, t), k)
                                for c, s, t, k in zip(up.pair_ctx[at].tolist(), src, tgt, pair_classes[at].tolist())]
    key = (up.ctx_art[up.pair_ctx] * n_ent + up.pair_src) * n_ent + up.pair_tgt
    keys, pair = np.unique(key, return_inverse=True)
    counts = np.bincount(pair.ravel() * 3 + pair_classes, minlength=3 * len(keys)).reshape(-1, 3)
    counts = counts.astype(np.int64)
    return _edges_table(up.articles[keys // (n_ent * n_ent)], up.entity_ids[keys // n_ent % n_ent],
                        up.entity_ids[keys % n_ent], counts[:, 0], counts[:, 1], counts[:, 2])


def _context_classes(corpus, up, unit: str, cues: _Cues,
                     hits: dict[int, list[tuple[int, int]] | None] | None = None) -> np.ndarray | None:
    """The relation (index into RELATIONS) of each context of ``up`` (:func:`_fast_relation_edges`), or None.

    None when a context names an article or a part that is not in the corpus
    (the general path then raises or gives its answer).
    """
    from .model import Article

    arts = {corpus.id: corpus} if isinstance(corpus, Article) else {a.id: a for a in corpus}
    # the texts to classify (a title, a document, the text of an article's parts) and, for each,
    # the contexts it holds by the index of their part, classified in one call
    docs: list[tuple[str, Sequence, Iterable[int]]] = []
    owners: list[dict[int, int]] = []  # per text: part index -> context
    ctx_art, ctx_num = up.ctx_art.tolist(), up.ctx_num.tolist()
    bounds = np.flatnonzero(np.diff(up.ctx_art, prepend=-1, append=-1)).tolist()  # each article's contexts
    for lo, hi in zip(bounds, bounds[1:]):
        article = arts.get(up.articles[ctx_art[lo]])
        if article is None:
            return None  # evidence_text raises the error
        if unit == "document":
            docs.append(_whole(article.text if not article.title else f"{article.title}\n\n{article.text}"))
            owners.append({0: lo})
            continue
        while lo < hi and ctx_num[lo] < 0:  # the headline (-1; numbers are sorted)
            docs.append(_whole(article.title or ""))
            owners.append({0: lo})
            lo += 1
        if lo == hi:
            continue
        parts = article.sentences if unit == "sentence" else article.paragraphs
        ids = list(map(_ID, parts))
        index = dict(zip(reversed(ids), range(len(ids) - 1, -1, -1)))  # id -> index of its first part
        found = list(map(index.get, ctx_num[lo:hi]))
        if None in found:
            return None
        docs.append((article.text, parts, found))
        owners.append(dict(zip(found, range(lo, hi))))
    contexts: list[int] = []
    found_classes: list[int] = []
    doc_hits: list[dict[int, list[tuple[int, int]] | None]] = []
    for owner, by_part in zip(owners, _texts_part_classes(docs, cues, doc_hits if hits is not None else None)):
        contexts.extend(owner.values())
        found_classes.extend(map(by_part.__getitem__, owner))
    if hits is not None:  # context -> its counted cues (offsets in the article's text, or in its title)
        for owner, in_doc in zip(owners, doc_hits):
            hits.update((owner[i], found) for i, found in in_doc.items() if i in owner)
    classes = np.empty(len(ctx_art), dtype=np.int64)
    classes[contexts] = found_classes
    return classes


# What lies between two names of one coordination: "X and Y", "X, Y", "X, and the Y", "X's and Y's",
# "X as well as Y" (group 1: a comma, group 2: a conjunction).
_COORDINATION = re.compile(
    r"(?:['\u2019]s)?\s*(?:(,)\s*)?(?:(and|or|nor|as well as|along with|together with|plus|&)\s+)?(?:(?:the|both)\s+)?",
    re.IGNORECASE,
)
# Words that make the parties of one coordination each other's opponents ("clashes between X and Y",
# "X and Y accused each other", "X and Y exchanged fire", "X and Y are locked in a trade war").
_RECIPROCAL = re.compile(
    r"\b(?:between|among themselves|amongst themselves|each|one another|mutual\w*|versus|vs|clash\w*|fought"
    r"|fight\w*|battl\w*|skirmish\w*"
    r"|exchang\w*|traded|trading|trade wars?|at war|to war|at odds|locked in|feud\w*|rival\w*|enem\w*"
    r"|adversar\w*|foes?|hostilities|stand-?off\w*|disput\w*)\b"
)


@cache
def _office_words() -> tuple[frozenset[str], frozenset[str]]:
    """Words of a title between a name's country and the name, and the titles among them.

    ``(words, titles)``: the knowledge base's title words and role nouns
    ("President", "Minister", "envoy"; not those relating two people, such as
    "rival" or "counterpart"), its portfolio words ("Foreign", "Defence") and
    "of", "for", "the" ("Secretary of State").
    """
    from .kb import kb_rules

    rules = kb_rules()
    connectors = {"of", "for", "the", "and"}
    # role nouns that relate two people are not titles: "Trump's rival Kamala Harris"
    relational = {"rival", "counterpart", "predecessor", "successor", "colleague", "ally", "critic", "opponent"}
    words = frozenset(w for t in rules["titles"] for w in t.split()) | (rules["role_nouns"] - relational)
    titles = words - rules["portfolio_words"] - connectors
    return words | rules["portfolio_words"] | (connectors - {"and"}), titles


def _one_noun_phrase(gap: str) -> bool:
    """Whether ``gap`` is a title between two mentions of one noun phrase: "German *Chancellor* Friedrich
    Merz", "Russia*'s Foreign Minister* Sergei Lavrov", "U.S. *Secretary of State* Marco Rubio"."""
    words = gap.split()
    if words and words[0][:1] in "'\u2019" and words[0][1:] == "s":
        words = words[1:]
    elif gap[:2] in ("'s", "\u2019s"):
        words[0] = words[0][2:]
    allowed, titles = _office_words()
    return bool(words) and gap[:1] != "-" and all(w in allowed for w in words) and any(w in titles for w in words)


def _coordinations(text: str, spans: Sequence[tuple[int, int, str]]) -> list[tuple[int, int, list[str]]]:
    """The coordinations among the mentions of a sentence: ``(start, end, entities)`` of each.

    ``spans`` are the ``(start, end, entity)`` of the mentions of one
    sentence, in order.  Consecutive mentions separated only by a comma or a
    conjunction (:data:`_COORDINATION`), or by a title within one noun
    phrase ("French *President* Emmanuel Macron", :func:`_one_noun_phrase`),
    form a run; a run holding at least one conjunction ("X, Y and Z", not
    the "Kyiv, Ukraine" of an address) is a coordination, whose members share
    one syntactic role [1]_: "German Chancellor Friedrich Merz and French
    President Emmanuel Macron" names four entities on one side.

    References
    ----------
    .. [1] Huddleston, R., & Pullum, G. K. (2002). *The Cambridge Grammar of
       the English Language*, ch. 15 (Coordination and supplementation).
       Cambridge University Press.
    """
    out: list[tuple[int, int, list[str]]] = []
    run: list[str] = []
    first = last = 0
    conjoined = False
    for k, (start, end, entity) in enumerate(spans):
        gap = _COORDINATION.fullmatch(text, spans[k - 1][1], start) if k and start >= spans[k - 1][1] else None
        if gap is not None and (gap.group(1) or gap.group(2)):
            conjoined = conjoined or bool(gap.group(2))
        elif not (k and start > spans[k - 1][1] and _one_noun_phrase(text[spans[k - 1][1]:start])):
            if conjoined:
                out.append((first, last, run))
            run, first, conjoined = [], start, False
        run.append(entity)
        last = end
    if conjoined:
        out.append((first, last, run))
    return out


# a conjunction of a coordination (_COORDINATION): without one between two mentions, they are in none
_CONJUNCTION = re.compile(r"\b(?:and|or|nor|plus|as well as|along with|together with)\b|&", re.IGNORECASE)
# ends a clause of a sentence, for the reach of a word that makes two parties face each other
_CLAUSE_BREAK = re.compile(r"[,;:()\[\]\u2013\u2014]|\s-\s")


def _sentence_of(context_id: str) -> tuple[str, int] | None:
    """``(article id, sentence number)`` of a sentence context id (``"a:s3"``; -1 for the headline ``"a:h0"``)."""
    aid, _, part = str(context_id).rpartition(":")
    if part[:1] == "s" and part[1:].isdigit():
        return aid, int(part[1:])
    return (aid, -1) if part == "h0" else None


def _clause_bounds(breaks: Sequence[int], lo: int, hi: int):
    """A function giving ``(start, end)`` of the clause holding an offset, between ``lo`` and ``hi``, the clauses
    ending at ``breaks`` (sorted offsets of clause-ending marks)."""
    import bisect

    def clause(pos: int) -> tuple[int, int]:
        i = bisect.bisect_right(breaks, pos)
        return (breaks[i - 1] if i else lo), (breaks[i] if i < len(breaks) else hi)

    return clause


def _pair_overrides(corpus, mentions: pd.DataFrame, level: str, classes: Mapping[tuple[str, int], int],
                    cues: _Cues, *, hits: Mapping[tuple[str, int], Sequence[tuple[int, int]] | None] | None = None,
                    ) -> dict[tuple[str, int, str, str], int]:
    """The class of a pair in a sentence where it is not the sentence's: ``{(article id, sentence number, source,
    target): class}`` (an index into RELATIONS).

    ``classes`` gives the class of each sentence, ``(article id, sentence
    number)`` (-1 for the headline).  Four rules read the pair:

    1. *Its clause.*  When the sentence has cues of both kinds and a clause
       naming both entities holds cues, the pair takes the class of the cues
       of the clauses naming both, not of the whole sentence (with cues of
       one kind only, every clause would give the sentence's class): "North
       Korea and Russia signed a mutual defence
       treaty last year, and Pyongyang has sent troops to Ukraine" is
       cooperation between North Korea and Russia, conflict between
       Pyongyang and Ukraine.
    2. *One side.*  A pair in conflict is neutral when its two entities are
       on one side, not the two sides, of the sentence (and a pair in
       cooperation when it is a country and one of its own entities:
       "Chinese President Xi Jinping met Putin", with the same exception):

       - named in one coordination (:func:`_coordinations`: "Saudi Arabia
         and the UAE condemned the strike"), or
       - of one country (the ``country`` column: "U.S. President Donald
         Trump warned Hamas" sets Trump against Hamas, not against the
         United States; at country level only entities without a country
         are left, each its own),

       unless the sentence says they face each other (:data:`_RECIPROCAL`:
       "between", "each other", "clashed", "exchanged fire" ...): for a
       coordination, in the clauses it spans ("Saudi Arabia and the UAE
       condemned the strike, amid clashes between Israel and Hamas" keeps
       the first two on one side); for entities of one country, in a clause
       naming both ("fighting between the Sudanese army and the RSF";
       "Relations between Bamako and Paris collapsed, and French troops
       left" keeps Paris and France on one side).

    3. *The words that link them* (:func:`_linked_pairs`), whatever the
       sentence's class: "the Iranian-backed Houthi rebels attacked a ship"
       is cooperation between Iran and the Houthis; "Taliban spokesperson
       Zabihullah Mujahid", "Mathilde Vu of the Norwegian Refugee Council"
       are one side of a conflict.
    4. *No cue of conflict between them* (:func:`_same_side`): in a sentence
       of conflict, "Iran fired missiles at U.S. bases in Qatar" sets Iran
       against the United States and Qatar, not those two against each
       other.

    Clauses end at ``, ; : ( ) [ ]`` and dashes.  Mentions without ``start``
    and ``end`` offsets in the sentence name no coordination and no clause.
    ``hits`` gives the counted cues of sentences already scanned, ``(offset
    in the article's text or title, cue)`` (:func:`_texts_part_classes`; a
    sentence left out has none, one given None is scanned here); without
    ``hits`` every sentence that needs it is scanned here.
    """
    from .model import Article

    cooperative = [rel == "cooperation" for rel, _, _, _ in cues.info]

    def mixed(place: tuple[str, int]) -> bool:  # cues of both relations (or not known yet)
        known = hits.get(place, ()) if hits is not None else None
        return known is None or len({cooperative[k] for _, k in known}) > 1

    # a typed sentence (rule 2: one side of a conflict, a country and its parts in cooperation), or one whose
    # cues could give a clause another class (rule 1)
    both_kinds = {place for place in classes if mixed(place)}
    wanted = {place for place, k in classes.items() if k in (0, 1) or place in both_kinds}
    if not wanted or not len(mentions):
        return {}
    m = mentions[mentions["article_id"].isin({aid for aid, _ in wanted})]
    if level == "country" and len(m):
        from .entities import to_country_level

        m = to_country_level(m)
    arts = {corpus.id: corpus} if isinstance(corpus, Article) else {a.id: a for a in corpus}
    # the entities that are countries (a country and its own people, cities and bodies are one side)
    nations = set(m.loc[m["type"] == "COUNTRY", "entity_id"].tolist()) if "type" in m.columns else set()
    # the sentences naming a country and one of its parts; of those of cooperation alone, only these need reading
    with_parts = _places_with_parts(m, nations) if nations and "country" in m.columns else set()
    wanted -= {place for place in wanted if classes[place] == 0 and place not in both_kinds} - with_parts
    n = len(m)
    columns = [m[c].tolist() if c in m.columns else [None] * n
               for c in ("article_id", "part", "sentence_id", "start", "end", "entity_id", "country", "type")]
    named: dict[tuple[str, int], list[tuple[Any, Any, str, str]]] = {}
    types: dict[tuple[str, int], dict[Any, str]] = {}  # the type of the mention at each start
    for aid, part, num, start, end, eid, country, kind in zip(*columns):
        place = (aid, -1 if part == "headline" else num)
        if place in wanted and isinstance(eid, str):
            named.setdefault(place, []).append((start, end, eid, country if isinstance(country, str) else ""))
            types.setdefault(place, {})[start] = kind if isinstance(kind, str) else ""
    out: dict[tuple[str, int, str, str], int] = {}
    sentences_of: dict[str, dict[int, Any]] = {}
    for (aid, num), found in named.items():
        article = arts.get(aid)
        if article is None or len({eid for _, _, eid, _ in found}) < 2:
            continue
        if num < 0:
            text, lo, hi = article.title or "", 0, len(article.title or "")
        else:
            if aid not in sentences_of:
                sentences_of[aid] = {s.id: s for s in reversed(article.sentences)}  # the first of an id
            sentence = sentences_of[aid].get(num)
            if sentence is None:
                continue
            text, lo, hi = article.text, sentence.start, sentence.end
        base = classes[(aid, num)]
        both = (aid, num) in both_kinds
        parts = (aid, num) in with_parts
        if base != 1 and not parts and not (both and _CLAUSE_BREAK.search(text, lo, hi)):
            continue  # no conflict, no country with its parts, and one clause or one relation's cues: no rule
        spans = sorted((start, end, eid) for start, end, eid, _ in found
                       if isinstance(start, int) and isinstance(end, int))
        located = len(spans) == len(found) and all(lo <= start <= end <= hi for start, end, _ in spans)
        sentence_text = text[lo:hi]
        breaks = [hit.start() + lo for hit in _CLAUSE_BREAK.finditer(sentence_text)] if located else []
        clause = _clause_bounds(breaks, lo, hi)
        changed: dict[tuple[str, str], int] = {}
        norm: str | None = None
        counted: list[tuple[int, int]] | None = None  # the sentence's counted cues, found when a rule needs them
        runs: list[tuple[int, int, list[str]]] | None = None  # its coordinations, likewise
        # 1. the clauses naming both entities of a pair, when they hold cues: only cues of both relations can
        # give a clause another class than the sentence's
        if breaks and both:
            in_clause: dict[tuple[int, int], set[str]] = {}
            for start, _, eid in spans:
                in_clause.setdefault(clause(start), set()).add(eid)
            shared: dict[tuple[str, str], list[tuple[int, int]]] = {}
            for where, named_there in in_clause.items():
                for pair in combinations(sorted(named_there), 2):
                    shared.setdefault(pair, []).append(where)
            if shared:
                counted, norm = _sentence_cues(hits, (aid, num), sentence_text, lo, norm, cues, cooperative)
            if shared and counted and len({cooperative[k] for _, k in counted}) > 1:
                weights: dict[tuple[int, int], list[float]] = {}
                for start, k in counted:
                    sums = weights.setdefault(clause(start), [0.0, 0.0])
                    sums[0 if cooperative[k] else 1] += cues.info[k][2]
                if weights:
                    for pair, where in shared.items():
                        found_in = [weights[c] for c in where if c in weights]
                        if found_in:
                            coop, conf = sum(w[0] for w in found_in), sum(w[1] for w in found_in)
                            k = 0 if coop > conf else 1 if conf > coop else 2
                            if k != base:
                                changed[pair] = k
        if located and (base == 1 or 1 in changed.values()):
            runs = _coordination_runs(text, spans)
        if base == 1 or 1 in changed.values():  # 2. one side of a conflict
            for pair in _one_side(text, lo, hi, found, spans if located else None, clause, norm, runs=runs):
                if changed.get(pair, base) == 1:
                    changed[pair] = 2
        if located and (base == 1 or 1 in changed.values()):  # 4. on one side of every cue of conflict
            if counted is None:
                counted, norm = _sentence_cues(hits, (aid, num), sentence_text, lo, norm, cues, cooperative)
            conflict_at = sorted(pos for pos, k in counted or () if not cooperative[k])
            if conflict_at:
                for pair in _same_side(text, spans, conflict_at, types.get((aid, num), {}), runs or []):
                    if changed.get(pair, base) == 1:
                        changed[pair] = 2
        if parts and (base == 0 or 0 in changed.values()):  # ... and a country with its parts in cooperation
            for pair in _one_side(text, lo, hi, found, spans if located else None, clause, norm, nations=nations):
                if changed.get(pair, base) == 0:
                    changed[pair] = 2
        if located and len(spans) > 1:  # 3. the words linking two names: "Iran-backed Houthis", "X of the Y"
            for pair, k in _linked_pairs(text, spans, types.get((aid, num), {})).items():
                if k == 0 or changed.get(pair, base) == 1:
                    changed[pair] = k
        out.update(((aid, num, a, b), k) for (a, b), k in changed.items() if k != base)
    return out


def _sentence_cues(hits, place: tuple[str, int], sentence_text: str, lo: int, norm: str | None, cues: _Cues,
                   cooperative: Sequence[bool]) -> tuple[list[tuple[int, int]] | None, str | None]:
    """The counted cues of a sentence, ``(offset in the article's text, cue)``, and its normalized text: from
    ``hits`` when given (a sentence left out has none; one given None is scanned), else scanned here (None when
    the normalized sentence does not line up with it)."""
    counted = hits.get(place, ()) if hits is not None else None
    if counted is None:
        norm = norm if norm is not None else _aligned_normalize(sentence_text)
        if norm is not None:
            counted = [(start + lo, k) for start, _, k in _cue_matches(norm, cues)
                       if not (_dropped(norm, start, 0, cooperative[k]) or _in_name(sentence_text, start))]
    return counted, norm


def _coordination_runs(text: str, spans: Sequence[tuple[int, int, str]]) -> list[tuple[int, int, list[str]]]:
    """The coordinations of a sentence's mentions (:func:`_coordinations`), none when no conjunction joins them."""
    if spans and _CONJUNCTION.search(text, spans[0][0], spans[-1][1]):
        return _coordinations(text, spans)
    return []


_BACKING_WORDS = r"(?:backed|supported|sponsored|funded|financed|armed|trained|allied|aligned|affiliated|linked|led" \
                 r"|brokered|mediated|friendly)"
# "Iran-backed", "the Saudi-led": the name before the hyphen backs (leads, arms ...) the name the phrase heads
_BACKER = re.compile(r"[-\u2010\u2011]" + _BACKING_WORDS + r"(?![\w-])", re.IGNORECASE)
# from the end of such a phrase to the first name of its head: at most one capitalized word ("the Iran-backed Shiite
# Houthis"); a lower-case word there is the head ("the Iranian-backed group hit Tel Aviv")
_TO_HEAD = re.compile(r"\s+(?:[^\W\d_a-z][\w'\u2019-]*\s+)?")
# between a demonym and a name of one head: "Hezbollah-affiliated Lebanese network Al Mayadeen"
_IN_HEAD = re.compile(r"\s+(?:[a-z][\w-]*\s+)?")
# "the Houthis, backed by Iran", "JNIM, which is affiliated with al-Qaeda", "Prigozhin, a close ally of Putin"
_BACKED_BY = re.compile(
    r",?\s+(?:(?:which|who|that)\s+(?:is|are|was|were|has\s+been|have\s+been)\s+)?"
    r"(?:(?:long|largely|heavily|reportedly|allegedly|openly|closely)\s+)?"
    r"(?:backed|supported|sponsored|funded|financed|armed|trained|affiliated|aligned|allied|linked)\s+(?:by|with|to)\s+"
    r"(?:the\s+)?"
    r"|,\s+(?:an?\s+|the\s+|his\s+|her\s+|their\s+)?(?:(?:close|key|longtime|long-time|staunch|loyal|old|top)\s+)?"
    r"(?:ally|allies|friend|partner|confidant|prot[e\u00e9]g[e\u00e9])\s+of\s+(?:the\s+)?",
    re.IGNORECASE,
)
# "according to (the) " right before a name
_ACCORDING = re.compile(r"\baccording to (?:the )?$", re.IGNORECASE)
# words of membership between a person and the body after it: "X, the president of the Y", "X, a senior fellow at
# the Y", "X, spokesperson for the Y" (the role nouns of the knowledge base and these)
_MEMBERS = frozenset("member members founder co-founder staff employee researcher fellow manager executive "
                     "representative delegate officer soldier fighter fighters commander head chief coordinator "
                     "president chair chairman chairwoman".split())
_MEMBER_GAP = re.compile(r",\s+(?:an?\s+|the\s+|its\s+)?(?P<words>(?:[a-z][\w-]*\s+){1,4})(?:of|for|at|with|in)\s+"
                         r"(?:the\s+)?|\s+of\s+(?:the\s+)?")


@cache
def _member_words() -> frozenset[str]:
    """The words of membership of :data:`_MEMBER_GAP`: the knowledge base's role nouns and titles, in lower
    case, and :data:`_MEMBERS`."""
    return frozenset(w.lower() for w in _office_words()[1]) | _MEMBERS


def _linked_pairs(text: str, spans: Sequence[tuple[int, int, str]], types: Mapping[Any, str]
                  ) -> dict[tuple[str, str], int]:
    """Pairs of a sentence whose names the words between them relate, whatever the sentence says: ``{(source,
    target): class}`` (an index into RELATIONS; rule 3 of :func:`_pair_overrides`).

    * Cooperation (0): a name, a hyphen and a word of backing before the name
      heading the phrase ("Iranian-backed Houthi rebels", "the Saudi-led
      coalition", "Kremlin-linked Wagner"; of the names one after another
      there, the last: "Iran-backed Yemeni Houthis" is Iran and the Houthis,
      "Hezbollah-affiliated Lebanese network Al Mayadeen" Hezbollah and Al
      Mayadeen; a lower-case word ends the phrase: "the Iran-backed group
      struck Tel Aviv" relates Iran to no one),
      or after a comma ("the Houthis, backed by Iran", "JNIM, which is
      affiliated with al-Qaeda", "Prigozhin, a close ally of Putin").
    * One side (2): a body and a person its title joins ("Taliban
      spokesperson Zabihullah Mujahid", :func:`_one_noun_phrase`), or a person
      and the body of which the words between make them a member ("Ani
      Dasgupta, the president of the World Resources Institute", "Mathilde Vu
      of the Norwegian Refugee Council"); and a body or a medium that only
      tells what happened ("killed 1,500 people, according to the United
      Nations") with everyone else.

    ``spans`` are the sentence's mentions ``(start, end, entity)`` in text
    order, ``types`` the entity type of the mention at each start. Such
    modifiers and appositives attach to the noun phrase they follow or
    precede, not to the clause's predicate [1]_.

    References
    ----------
    .. [1] Huddleston, R., & Pullum, G. K. (2002). *The Cambridge Grammar of
       the English Language*, ch. 7 (Nouns and noun phrases) and ch. 15
       (Coordination and supplementation). Cambridge University Press.
    """
    out: dict[tuple[str, str], int] = {}

    def put(a: str, b: str, k: int) -> None:
        if a != b:
            pair = (a, b) if a < b else (b, a)
            if out.get(pair) != 0:  # backing wins over one side
                out[pair] = k

    for i, (start, end, eid) in enumerate(spans):
        backer = _BACKER.match(text, end)
        if backer is not None and i + 1 < len(spans):
            j = i + 1
            gap = _TO_HEAD.fullmatch(text, backer.end(), spans[j][0]) if spans[j][0] > backer.end() else None
            if gap is not None:
                while j + 1 < len(spans) and (text[spans[j][1]:spans[j + 1][0]].isspace() or (
                        types.get(spans[j][0]) == "COUNTRY"
                        and _IN_HEAD.fullmatch(text, spans[j][1], spans[j + 1][0]))):
                    j += 1  # "Iran-backed Yemeni Houthi rebels": the last name of the head
                put(eid, spans[j][2], 0)
        if i + 1 >= len(spans):
            continue
        nxt_start, _, nxt = spans[i + 1]
        if nxt_start <= end:
            continue
        if _BACKED_BY.fullmatch(text, end, nxt_start):
            put(eid, nxt, 0)
            continue
        first, second = types.get(start, ""), types.get(nxt_start, "")
        if second == "PERSON" and first not in ("PERSON", "") and _one_noun_phrase(text[end:nxt_start]):
            put(eid, nxt, 2)
        elif first == "PERSON" and second not in ("PERSON", "COUNTRY", "CITY", "LOCATION", "REGION", ""):
            member = _MEMBER_GAP.fullmatch(text, end, nxt_start)
            if member is not None and (member.group("words") is None
                                       or not _member_words().isdisjoint(member.group("words").split())):
                put(eid, nxt, 2)
    # a body or a medium that only tells what happened ("according to the United Nations") takes no side
    for start, _, eid in spans:
        if types.get(start) in ("ORG", "MEDIA") and _ACCORDING.search(text, max(0, start - 20), start):
            for _, _, other in spans:
                put(eid, other, 2)
    return out


_PLACE_TYPES = frozenset(("CITY", "REGION", "LOCATION"))
# between a name and a cue it is the agent of: a space, a hyphen or a possessive ("Russia's invasion")
_BEFORE_CUE = re.compile(r"(?:['\u2019]s)?[\s-]{0,2}")
# "between" and at most a few words before a name ("between the Sudanese army and ...")
_BETWEEN_BEFORE = re.compile(r"\b(?:between|among|amongst)\b(?:\s+[\w'\u2019.-]+){0,3}\s*$", re.IGNORECASE)
_AND = re.compile(r"\band\b|&")
# what joins two names as the two sides of one thing ("the Israel-Hamas war", "the Russia–Ukraine conflict")
_JOINERS = frozenset(("-", "\u2010", "\u2011", "\u2013", "\u2014", "/", "vs", "vs.", "v", "v."))
# between two names, a word that gives them different roles around a cue ("attacks by Russia on Ukraine")
_ROLE_WORDS = re.compile(r"\b(?:by|on|against|at|toward|towards|into|upon|with|between|versus|vs)\b", re.IGNORECASE)


def _same_side(text: str, spans: Sequence[tuple[int, int, str]], conflict_at: Sequence[int],
               types: Mapping[Any, str], runs: Sequence[tuple[int, int, list[str]]]) -> set[tuple[str, str]]:
    """The pairs of a sentence of conflict that no cue of conflict sets apart (rule 4 of :func:`_pair_overrides`):
    two names with no such cue between their closest mentions, and no word between them that gives them
    different roles ("by", "on", "against", "with" ...: "attacks by Russia on Ukraine"). "Iran fired missiles at
    U.S. bases in Qatar" sets Iran against the United States and Qatar, not those two against each other; "a
    Kenyan police officer in Haiti was killed" sets Kenya against no one. Names of one coordination are
    left to rule 2, which knows when they face each other ("Russia and Ukraine clashed"), as are two names after
    "between" ("fighting between the Sudanese army and the RSF"), a place before an actor: the scene, often
    the target ("In Kyiv, Russia launched a drone attack"), and the agent of a cue it names right before: it
    keeps the conflict with everyone ("crucial for Russia amidst Western sanctions").

    ``spans`` are the sentence's mentions ``(start, end, entity)`` in text order, ``conflict_at`` the offsets of
    its counted cues of conflict, sorted, ``types`` the entity type of the mention at each start, ``runs`` its
    coordinations (:func:`_coordination_runs`).
    """
    at: dict[str, list[tuple[int, int]]] = {}
    for start, end, eid in spans:
        at.setdefault(eid, []).append((start, end))
    if len(at) < 2:
        return set()
    coordinated = {pair for _, _, run in runs for pair in combinations(sorted(set(run)), 2)}
    # the agent of a cue it names right before ("Western sanctions", "Israeli strikes", "Russia's invasion"): it
    # keeps the sentence's conflict with everyone
    agents = {eid for start, end, eid in spans
              if (k := bisect.bisect_left(conflict_at, end)) < len(conflict_at)
              and _BEFORE_CUE.fullmatch(text, end, conflict_at[k])}
    out: set[tuple[str, str]] = set()
    for a, b in combinations(sorted(at), 2):
        if (a, b) in coordinated or a in agents or b in agents:
            continue
        first, second = min(((x, y) if x[0] < y[0] else (y, x) for x in at[a] for y in at[b]),
                            key=lambda xy: xy[1][0] - xy[0][1])
        lo, hi = first[1], second[0]
        k = bisect.bisect_left(conflict_at, lo)
        if k < len(conflict_at) and conflict_at[k] < hi:
            continue  # a cue between them
        if _ROLE_WORDS.search(text, lo, hi) or text[lo:hi].strip() in _JOINERS:
            continue  # (or joined as the two sides of one thing: "the Israel-Hamas war", "US/China talks")
        if types.get(first[0]) in _PLACE_TYPES and types.get(second[0]) not in _PLACE_TYPES:
            continue  # a place, then an actor: the scene of the act, often its target
        if _BETWEEN_BEFORE.search(text, max(0, first[0] - 48), first[0]) and _AND.search(text, lo, hi):
            continue  # "fighting between the Sudanese army and the Rapid Support Forces"
        out.add((a, b))
    return out


def _places_with_parts(m: pd.DataFrame, nations: set[str]) -> set[tuple[str, int]]:
    """The ``(article id, sentence number)`` (-1: headline) of the mentions ``m`` that name a country of
    ``nations`` and another entity of it (entities are text ids; a country needs a code)."""
    valid = m["country"].map(lambda c: isinstance(c, str) and c != "").to_numpy(dtype=bool)
    valid &= m["entity_id"].map(lambda e: isinstance(e, str)).to_numpy(dtype=bool)
    if not valid.any():
        return set()
    sub = m[valid]
    sentence = np.where((sub["part"] == "headline").to_numpy(), -1, sub["sentence_id"].to_numpy())
    frame = pd.DataFrame({"a": sub["article_id"].to_numpy(), "s": sentence, "c": sub["country"].to_numpy(),
                          "nation": sub["entity_id"].isin(nations).to_numpy()})
    flags = frame.groupby(["a", "s", "c"], sort=False)["nation"].agg(["any", "all"])
    both = flags[flags["any"] & ~flags["all"]].index
    return set(zip(both.get_level_values(0).tolist(), both.get_level_values(1).tolist()))


def _one_side(text: str, lo: int, hi: int, found: Sequence[tuple[Any, Any, str, str]],
              spans: Sequence[tuple[int, int, str]] | None, clause, norm: str | None,
              nations: set[str] | None = None, runs: Sequence[tuple[int, int, list[str]]] | None = None
              ) -> set[tuple[str, str]]:
    """The pairs of entities on one side of the sentence ``text[lo:hi]`` (rule 2 of :func:`_pair_overrides`).

    ``found`` are its mentions ``(start, end, entity, country)``, ``spans``
    their ``(start, end, entity)`` in order when they all have offsets in the
    sentence (else None), ``clause`` the function giving the bounds of the
    clause at an offset (:func:`_clause_bounds`), ``norm`` the normalized
    sentence when already made.  With ``nations`` (the entities that are
    countries), only the pairs of a country and another entity of it, and no
    coordination (a sentence of cooperation: "Chinese President Xi Jinping
    met ..." is no cooperation between China and Xi). ``runs``: the sentence's coordinations when already found
    (:func:`_coordination_runs`).
    """
    if nations is not None or not spans:
        runs = []
    elif runs is None:
        runs = _coordination_runs(text, spans)
    by_country: dict[str, list[tuple[Any, str]]] = {}
    for start, _, eid, country in found:
        if country:
            by_country.setdefault(country, []).append((start, eid))
    groups = [named_in for named_in in by_country.values() if len({eid for _, eid in named_in}) > 1]
    if not runs and not groups:
        return set()
    sentence_text = text[lo:hi]
    norm = norm if norm is not None else _aligned_normalize(sentence_text)
    if norm is None:  # offsets do not line up: the whole sentence is the reach of its words
        if _RECIPROCAL.search(_normalize(sentence_text)):
            return set()
        facing: list[tuple[int, int]] = []
    else:
        facing = [(hit.start() + lo, hit.end() + lo) for hit in _RECIPROCAL.finditer(norm)]

    def faces(a: int, b: int) -> bool:  # a word of facing each other from the clause of a to that of b
        lo_, hi_ = clause(a)[0], clause(b)[1]
        return any(lo_ <= f and e <= hi_ for f, e in facing)

    out: set[tuple[str, str]] = set()
    for first, last, run in runs:  # no word of the clauses a coordination spans says they face each other
        if not faces(first, last - 1):
            out.update(combinations(sorted(set(run)), 2))
    for named_in in groups:
        for a, b in combinations(sorted({eid for _, eid in named_in}), 2):
            if nations is not None and (a in nations) == (b in nations):
                continue  # in cooperation, only a country and one of its parts
            # of one country, unless one clause names both and says they face each other
            if spans is not None and any(clause(p) == clause(q) and faces(p, q) for p, x in named_in if x == a
                                         for q, y in named_in if y == b):
                continue
            if spans is None and facing:
                continue
            out.add((a, b))
    return out


_RELATION_BY_SIGN = np.array(["conflict", "neutral", "cooperation"], dtype=object)


def _edges_frame(table: dict[str, tuple[Counter, Counter, Counter]]) -> pd.DataFrame:
    """The relation_edges table from the contexts of each class per ``(source, target)`` of each article."""
    from .cooccurrence import _object_column

    aids: list[str] = []
    keys: list[tuple[str, str]] = []
    counts: list[list[int]] = [[], [], []]
    for aid in sorted(table):
        classes = table[aid]
        pairs = sorted(classes[0].keys() | classes[1].keys() | classes[2].keys())
        aids.extend(repeat(aid, len(pairs)))
        keys.extend(pairs)
        for out, counter in zip(counts, classes):
            out.extend(map(counter.get, pairs, repeat(0)))
    sources, targets = zip(*keys) if keys else ((), ())
    coop, conf, neutral = (np.array(c, dtype=np.int64) for c in counts)
    return _edges_table(_object_column(aids), _object_column(sources), _object_column(targets), coop, conf, neutral)


def _edges_table(aids: np.ndarray, sources: np.ndarray, targets: np.ndarray,
                 coop: np.ndarray, conf: np.ndarray, neutral: np.ndarray) -> pd.DataFrame:
    """The relation_edges table from its keys (object arrays) and the contexts of each class (int64)."""
    from .cooccurrence import _frame

    contexts = coop + conf + neutral
    # (coop - conf) / contexts for each edge, as Python divides the two ints (both exact as float64)
    score = (coop - conf).astype(np.float64) / contexts.astype(np.float64)
    relation = _RELATION_BY_SIGN[np.sign(coop - conf) + 1]  # the sign of the score (contexts > 0)
    return _frame({
        "article_id": aids,
        "source": sources,
        "target": targets,
        "contexts": contexts,
        "cooperation": coop,
        "conflict": conf,
        "neutral": neutral,
        "relation_score": score,
        "relation": relation,
    })


def with_relations(
    edges: pd.DataFrame,
    corpus: "Corpus | Sequence[Article] | Article",
    mentions: pd.DataFrame,
    *,
    lexicon: pd.DataFrame | None = None,
    **options,
) -> pd.DataFrame:
    """The edges of :func:`geoanalysis.cooccurrence.cooccurrence` with relation columns added.

    Parameters
    ----------
    edges : pandas.DataFrame
        An edges table; its ``attrs`` (set by ``cooccurrence``) give
        ``unit``, ``window``, ``level`` and ``by`` unless passed in ``options``.
    corpus, mentions, lexicon
        As in :func:`relation_edges`.
    **options
        ``unit``, ``window``, ``level``, ``by``, ``headline``.

    Returns
    -------
    pandas.DataFrame
        ``edges`` plus ``cooperation, conflict, neutral, relation_score, relation``.
    """
    opts = {k: edges.attrs[k] for k in ("unit", "window", "level", "by") if k in edges.attrs}
    opts.update(options)
    if "by" not in opts:
        opts["by"] = None if (len(edges) and (edges["article_id"] == POOLED_ID).all()) else "article"
    rel = relation_edges(corpus, mentions, lexicon=lexicon, **opts)
    keys = ["article_id", "source", "target"]
    out = edges.drop(columns=[c for c in EDGE_RELATION_COLUMNS if c in edges.columns]).merge(
        rel.drop(columns="contexts"), on=keys, how="left", validate="one_to_one"
    )
    for col in ("cooperation", "conflict", "neutral"):
        out[col] = out[col].fillna(0).astype("int64")
    out["relation_score"] = out["relation_score"].fillna(0.0)
    out["relation"] = out["relation"].fillna("neutral")
    out.attrs.update(edges.attrs)
    return out
