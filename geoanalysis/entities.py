"""Entity mentions: knowledge-base matching, unknown names, country roll-up, frequency and KWIC.

The mentions table
------------------
One row per mention, sorted by ``article_id``, ``part`` ("body" before
"headline") and ``start``:

``article_id`` (str), ``part`` ("headline" | "body"), ``sentence_id`` and
``paragraph_id`` (int; 0 for the headline), ``start``, ``end`` (offsets into
the body text or the headline), ``surface``, ``entity_id``, ``name``
(canonical), ``type`` (see :mod:`geoanalysis.kb`), ``country`` (ISO alpha-3 or
""), ``method`` ("kb" | "heuristic"), then ``token_index`` (index of the
mention's first token in ``article.tokens``; -1 in the headline), ``form``
("name" | "short" | "demonym" | "capital" | "heuristic" | "role") and ``ner`` (the
CoNLL-2003 label: PER, LOC, ORG or MISC; demonyms are MISC).

How mentions are found
----------------------
1. Every alias of the knowledge base is matched at once with Aho-Corasick
   automata over a folded copy of the text (same length, so offsets hold):
   punctuation and spaces fold to one space, hence "Kim Jong-Un" = "Kim Jong
   Un", "Trump’s" gives "Trump" and "Russia-North Korea" gives both
   countries.  Acronyms ("US", "UN", "NATO") match case-sensitively (never the
   pronoun "us"); other aliases must be capitalized as listed ("China", not
   "china"); the longest leftmost match wins ("Washington Post" is not
   "Washington"; "North Korean" is not "Korean").
2. Partial names ("Putin", "Kim", "Clinton") resolve to the person named in
   full elsewhere in the article (headline and body), else to the knowledge
   base's default.  A partial name glued to another capitalized word
   ("Hunter Biden") is left to step 3.
3. Names missing from the knowledge base are found from capitalization and
   cues: titles ("President", "Minister", "Gen.") and role nouns ("envoy",
   "leader") before a name make a person; organization, media, event and
   place words at the end of a capitalized sequence type it, as an
   organization word before "of" or "for" does ("Department of Homeland
   Security", "Bank of England"), an agreement word before "of" a named
   thing ("Treaty of Rome", "Joint Comprehensive Plan of Action"), and a
   place word first ("Lake Geneva", "Mount
   Kenya"); a place named after a known place is one place, with that
   place's country unless it is water ("Crimean Bridge" UKR, "Lake Geneva"
   none), never the city or country inside its name.  The portfolio of an
   office ("Secretary of Homeland Security") is neither a name nor part of
   the name after it; an institution named after its city is one
   organization of the city's country ("Khartoum Centre for Strategic
   Studies").  Other runs of two to four capitalized words that are not
   common words of the article are organizations before an organization word
   ("the Emergency Lawyers group"), named things after "the" ("the Golden
   Dome", but "the Kais Saied government"), else people; an apostrophe followed by
   letters other than a clitic stays in a name ("Nyong'o", "O'Brien").
   Sentence-initial capitalized common words, and title-case headlines, are
   not taken as names.  Later surname-only references link to
   the person, and an acronym defined in parentheses after a name ("the
   Sudan Liberation Front (SLF)") to the name's entity.  Unknown people are matched fuzzily to the knowledge base
   (spelling variants and transliterations), and across a corpus
   :func:`merge_variants` merges variants of the same unknown name.
4. A person named by office and country ("Qatar's prime minister", "the
   Russian president") is the one person the knowledge base knows to hold
   that office now (form "role"); an office before a name is its title, and
   one in apposition to a name ("Russia's foreign minister, Sergei Lavrov")
   is not counted twice.
5. Bylines, credits and editors are article metadata, never part of
   ``Article.text`` or ``Article.title``, so they are never body mentions.
"""
from __future__ import annotations

import bisect
import itertools
import logging
import operator
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, cached_property
from typing import Any, Iterable, Iterator, Literal, Mapping, NamedTuple, Sequence

import numpy as np
import pandas as pd

from .kb import (CONLL_TYPES, FAMILY_NAMES_FIRST, PATRONYMICS as _PATRONYMICS, KnowledgeBase, fold_text, kb_rules,
                 load_kb, slugify)
from .model import Article, Corpus

__all__ = [
    "MENTION_COLUMNS",
    "EXTRA_COLUMNS",
    "FREQUENCY_COLUMNS",
    "KWIC_COLUMNS",
    "extract_mentions",
    "merge_variants",
    "to_country_level",
    "entity_frequency",
    "kwic",
]

LOGGER = logging.getLogger(__name__)

MENTION_COLUMNS = ["article_id", "part", "sentence_id", "paragraph_id", "start", "end", "surface",
                   "entity_id", "name", "type", "country", "method"]
EXTRA_COLUMNS = ["token_index", "form", "ner"]
FREQUENCY_COLUMNS = ["article_id", "entity_id", "name", "type", "mentions", "share", "country"]
KWIC_COLUMNS = ["article_id", "part", "sentence_id", "start", "end", "left", "keyword", "right", "entity_id"]
_INT_COLUMNS = ["sentence_id", "paragraph_id", "start", "end", "token_index"]

_UP = "A-ZÀ-ÖØ-ÞĀ-Ž"  # upper-case Latin letters (ASCII + Latin-1 + Latin Extended-A approx.)
# how a word of a name begins: a capital, or an Arabic article or patronymic before one ("al-Hayya")
_ARTICLES = ("al", "el", "bin", "ibn")
_ARTICLE_PREFIX = "(?:" + "|".join(_ARTICLES) + ")-"
_NAME_START = rf"(?:[{_UP}]|{_ARTICLE_PREFIX}[{_UP}])"
_HONORIFIC = r"(?:Mr|Mrs|Ms|Dr|Gen|Lt|Sen|Rep|Gov|Col|Adm|Capt|Sgt|Prof|Maj|Cmdr|Pres|Sr|Jr|St)\."
# an apostrophe inside a name: "O'Brien", "Nyong'o", "Shi'ite" (not a clitic: "Putin's", "Ma'am" aside)
_APOSTROPHE_PART = r"['’](?:[" + _UP + r"]|(?!(?:s|t|re|ve|ll|d|m)(?![^\W\d_]))[a-z])[^\W\d_]*"
_CAPWORD = rf"(?:{_HONORIFIC}|{_ARTICLE_PREFIX}[{_UP}][^\W\d_]+|[{_UP}]\.|[{_UP}][^\W\d_]*(?:{_APOSTROPHE_PART})?(?:-[^\W\d_]+)*(?:(?<=s)['’](?=[ ][{_UP}]))?)"
_CONNECT_WORDS = ("of", "the", "for", "de", "da", "del", "dos", "du", "van", "von", "der", "den", "al", "bin", "ibn",
                  "la", "le", "y")
_CONNECT = "(?:" + "|".join(_CONNECT_WORDS) + ")"
_NAME_PARTICLES = frozenset({"de", "da", "del", "dos", "du", "van", "von", "der", "den", "al", "bin", "ibn", "la", "le"})
_SENT_END = re.compile(r"(?:^|[.!?:;\"“”'‘’(\[\n]\s*|\n)$")
_POSSESSIVE = re.compile(r"['’]s?$")
# a compound that says who runs or backs what it qualifies ("Hamas-run", "Iran-backed", "Russian-installed")
_AFFILIATION = re.compile(r"-(?:run|backed|led|controlled|installed|based|allied|funded|held|occupied|appointed"
                          r"|aligned|linked|affiliated|sponsored|owned|brokered|supported)$")
#: The lower-case word right after a name (:meth:`_Extractor._unknown_name_type`).
_NEXT_WORD = re.compile(r"[ ]([a-z]+)\b")
#: "the" right before a name.
_THE_BEFORE = re.compile(r"(?<![^\W\d_])[Tt]he[ ]$")
_MATCH_START = re.Match.start
_MATCH_END = re.Match.end


def _skeleton(name: str) -> str:
    """Spelling-insensitive key: ASCII, lower case, letters only, y->i, doubled letters collapsed.

    >>> _skeleton("Zelenskyy") == _skeleton("Zelensky") == _skeleton("Zelenskiy")
    True
    >>> _skeleton("Kim Jong-Un") == _skeleton("Kim Jong Un")
    True
    """
    s = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    s = re.sub(r"[^a-z]", "", s).replace("y", "i")
    return re.sub(r"(.)\1+", r"\1", s)


#: Words of the body a person speaks for, between a country and a title: "Qatari foreign ministry spokesman X".
_BODY_WORDS = frozenset("foreign ministry defence defense interior finance army military government presidential "
                        "state security intelligence police navy embassy affairs office senior top former deputy "
                        "chief of staff national special".split())
#: Lower-case nouns of places after a name ("the Middle Shabelle region") or before "of" and a name ("the town of X").
_PLACE_NOUNS = frozenset("region province district governorate oblast county village town city area municipality "
                         "prefecture suburb port island".split())
_PLACE_BEFORE = re.compile(r"(?:\b(?:" + "|".join(sorted(_PLACE_NOUNS)) + r"|capital|outskirts)[ ]of"
                           r"|(?<![^\W\d_])(in|near|outside|across|into|towards?))[ ]$")


def _given_names() -> Mapping[str, str]:
    """Given names that tell a gender (:func:`geoanalysis.kb.person_gender`'s list)."""
    from .kb import _genders

    return _genders()[0]


#: Demonyms that are also the names of languages.
_LANGUAGES = frozenset("Spanish Portuguese French Arabic German Russian Chinese Italian Japanese Korean Turkish "
                       "Persian Hebrew Dutch Polish Ukrainian Greek Swedish Mandarin Catalan".split())
_LANGUAGE_BEFORE = re.compile(r"(?<![^\W\d_])(?:in|into|from|speak|speaks|speaking|spoke|spoken|fluent|native)\s+$",
                              re.IGNORECASE)
_LANGUAGE_AFTER = re.compile(r"(?:-(?:language|speaking|speaker)|[,.;:!?)\"\u201d]|\s+(?:and|or|with|to|as|by|on|at"
                             r"|for|during|from)(?![^\W\d_])|$)")


def _language_use(text: str, s: int, e: int) -> bool:
    """Whether the demonym ``text[s:e]`` names a language: "a Spanish-language daily", "speaking in Spanish, with a
    translator", "published in French and English" (not "in French territory", "French troops")."""
    if text.startswith("-", e):
        return _LANGUAGE_AFTER.match(text, e) is not None
    return _LANGUAGE_BEFORE.search(text, max(0, s - 20), s) is not None and _LANGUAGE_AFTER.match(text, e) is not None


#: The capitalized word that ends a text (" Reconstruction" before " and ").
_LAST_CAPITALIZED = re.compile(r"(?<![^\W\d_'\u2019])[A-Z][\w-]*$")
#: Capitalized words in a row ("Security", "Border Guard Board").
_CAPITALIZED_RUN = re.compile(r"[A-Z][\w'\u2019-]*(?: [A-Z][\w'\u2019-]*)*")
#: The lower-case word right before a position ("group" in "the criminal group La Barredora").
_PREV_WORD = re.compile(r"(?<![^\W\d_])([a-z]+)[ ]$")
#: Words that open the name of a military operation or exercise ("Operation Rising Lion").
_EVENT_HEADS = frozenset({"Operation", "Operations", "Exercise"})
#: what may open a line before its label: a bullet, a word and a possessive ("- Russia's Diminished Role:")
_LINE_OPENING = re.compile(r"[ \t]*(?:[-*\u2022][ \t]*)?(?:\S+['\u2019]s[ \t]+)?")
#: between a name and the office in apposition after it ("Rishi Sunak, the UK Prime Minister")
_APPOSITION_BEFORE = re.compile(r",\s+the\s+")
#: Nouns of ships, and what names one before its name ("the tanker Eagle S", "MV Eternity C", "the
#: Liberian-flagged Galaxy Leader").
_VESSEL_NOUNS = frozenset("vessel vessels ship ships tanker tankers freighter carrier bulker trawler ferry yacht "
                          "frigate destroyer warship submarine boat".split())
_VESSEL_BEFORE = re.compile(r"(?:(?<![^\W\d_])(?:" + "|".join(sorted(_VESSEL_NOUNS)) + r")|\bM/?[VT]|-flagged)[ ]$")


def _title_case_paragraphs(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of the paragraphs of ``text`` written in title case: four words or more, each
    capitalized but the small words a title keeps in lower case, and no full stop at the end ("Russia Warns
    Ukraine Over Drone Attacks", a headline a page left in its text)."""
    out = []
    pos = 0
    for para in text.split("\n\n"):
        words = para.split()
        if len(words) >= 4 and not para.rstrip().endswith(".") and all(
                w[:1].isupper() or not w[:1].isalpha() or w in _TITLE_SMALL for w in words):
            out.append((pos, pos + len(para)))
        pos += len(para) + 2
    return out


#: Words a title-case headline keeps in lower case.
_TITLE_SMALL = frozenset("a an and as at but by for from in into nor of on or over the to up via vs with amid".split())
#: A title and the place where its office is held, before that place: "Ambassador to ", "Envoy in ".
_OFFICE_PLACE = re.compile(r"(\S+)[ ](?:to|in)[ ]$")


@dataclass(slots=True)
class _Span:
    start: int
    end: int
    ent: str  # entity id
    name: str
    type: str
    country: str
    method: str
    form: str


class _PartSpans(NamedTuple):
    """The knowledge-base spans of one part (headline or body) as parallel lists, sorted by start."""

    starts: list[int]
    ends: list[int]
    types: list[str]
    forms: list[str]
    countries: list[str]


#: Capitalized words that may come before a city's name without making a longer name ("Greater Manchester").
_PLACE_MODIFIERS = frozenset({"North", "South", "East", "West", "Northern", "Southern", "Eastern", "Western",
                              "Central", "Greater", "Downtown", "Metropolitan", "Old", "Upper", "Lower", "Inner",
                              "Outer", "Suburban", "Rural", "Urban"})

#: Pronouns that are also surnames, which they are between a title and a name ("Vice Premier He Lifeng").
_SURNAMES_LIKE_PRONOUNS = frozenset({"He"})

#: Words that make a run of capitalized words no name ("Council on Foreign Relations" aside, see _classify).
_NOT_IN_NAMES = frozenset({"of", "the", "and", "for"})
#: words of a state's name that end an office before a person's name ("President of the Congo Republic Denis
#: Sassou Nguesso")
_STATE_NOUNS = frozenset({"Republic", "Kingdom", "Federation", "Emirates", "Union", "Confederation", "Sultanate"})

#: Words between a title and the office it names ("Director of National Intelligence", "Minister for Trade").
_OFFICE_CONNECTORS = frozenset({"of", "for", "on"})


def _patronymic_parts(words: list[tuple[int, int, str]], kb: "_PartSpans", inside: Sequence[int]) -> list[int]:
    """The knowledge-base people of ``inside`` that are only a part of a longer Arabic name in ``words``.

    In "Prince Sultan bin Salman" the father's name "Salman" matches King
    Salman ("bin Salman" another son), and in "Faisal bin Farhan" a given
    name could match another Faisal: a person span that ends right before,
    or starts at or right after, a patronymic ("bin", "ibn", "bint") between
    two capitalized words names someone else (a knowledge-base name that
    runs over the patronymic is matched whole, longest first, and is kept).
    """
    starts, ends, ktypes = kb[0], kb[1], kb[2]
    people = [x for x in inside if ktypes[x] == "PERSON"]
    if not people:
        return []
    parts = []
    for k in range(1, len(words) - 1):
        if words[k][2] in _PATRONYMICS and words[k - 1][2][:1].isupper() and words[k + 1][2][:1].isupper():
            before, after = words[k - 1], words[k + 1]
            parts.extend(x for x in people if (starts[x] >= words[k][0] and starts[x] < after[1])
                         or (ends[x] <= before[1] and ends[x] > before[0]))
    return sorted(set(parts))


class _Extractor:
    """Per-knowledge-base compiled state (automata, rule sets, regexes, entity records)."""

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self.m = kb.matcher
        keys = self.m.keys
        # per key: (folded length + 1, upper-case checks, short exact alias, trim, dot) for the scan loop
        self.key_info = [(k.length + 1, k.checks, k.exact and k.length <= 3, k.trim, k.dot) for k in keys]
        # the same, split for the scan loop's common case: (folded length + 1, first upper-case check or -1,
        # further checks, whether any of short exact / trim / dot applies)
        self.key_fast = [(k.length + 1, k.checks[0] if k.checks else -1, k.checks[1:],
                          bool((k.exact and k.length <= 3) or k.trim or k.dot)) for k in keys]
        ents = kb.entities
        self.ids = list(ents["entity_id"])
        gazetteer = kb.gazetteer_ids
        # a GeoNames city known by one word after another capitalized word is part of a name ("Lin Jian")
        self.key_place = [k.one_word and self.ids[k.entities[0]] in gazetteer for k in keys]
        self.key_glue = [k.form == "short" or place for k, place in zip(keys, self.key_place)]
        self.key_form = [k.form for k in keys]
        self.key_ents = [k.entities for k in keys]
        self.names = list(ents["name"])
        self.types = list(ents["type"])
        self.countries = list(ents["country"])
        rules = kb_rules()
        self.title_words = frozenset(w for t in rules["titles"] for w in t.split())
        self.not_names = rules["not_names"] | self.title_words
        self.org_tails = rules["org_tails"]
        self.media_tails = rules["media_tails"]
        self.tails = self.org_tails | self.media_tails
        self.org_modifiers = rules["org_modifiers"]
        self.state_tails = rules["state_tails"]
        self.misc_tails = rules["misc_tails"]
        self.loc_tails = rules["location_tails"]
        self.loc_heads = rules["location_heads"]
        self.org_heads = rules["org_heads"]
        self.org_nouns = rules["org_nouns"]
        self.misc_heads = rules["misc_heads"]
        self.person_nouns = rules["person_nouns"]
        self.water_words = rules["water_words"]
        self.portfolio_words = rules["portfolio_words"]
        # (languages are checked where given names are: a demonym used as a language is dropped there)
        self.ambiguous = rules["ambiguous_given_names"] | _LANGUAGES
        self.role_nouns = rules["role_nouns"]
        cues = sorted(rules["role_nouns"] | {t.lower() for t in self.title_words if len(t) > 2}, key=len, reverse=True)
        cue_alt = "|".join(re.escape(c) for c in cues)
        self.cue_before = re.compile(rf"\b(?i:{cue_alt})\.?,?\s+$")
        # the same test as an anchored match on the reversed window (no scan over the window)
        rev_alt = "|".join(re.escape(c[::-1]) for c in sorted(cues, key=len, reverse=True))
        self.cue_before_rev = re.compile(rf"\s+,?\.?(?i:{rev_alt})\b")
        self.single_cues = frozenset(
            "envoy leader minister president secretary spokesman spokeswoman ambassador adviser advisor aide "
            "official chancellor premier general senator negotiator chief".split())
        # up to two connectors between capitalized words: "Luis de Miranda", "Ursula von der Leyen"
        self.seq = re.compile(rf"(?<![^\W_]){_CAPWORD}(?:[ ](?:{_CONNECT}[ ]){{0,2}}{_CAPWORD})+(?![^\W_])")
        self.single = re.compile(
            rf"{_CAPWORD}(?![^\W_]|-)(?![ ](?:{_CONNECT}[ ]){{0,2}}{_NAME_START})")
        # a single cue word (preceded by a space or the start of the text) before " " and a capital
        # as a prefix tree: the scan tries one branch per first letter (the lookahead makes the order moot)
        single_alt = _trie_pattern(self.single_cues)
        self.cue_cap = re.compile(rf"(?:(?<=[ ])|^)(?:{single_alt})(?=[ ][{_UP}])")
        # cue_cap split in two for speed: a literal " " prefix (fast scan), and the start of the text
        self.cue_cap_sp = re.compile(rf"[ ](?:{single_alt})(?=[ ][{_UP}])")
        self.cue_cap_0 = re.compile(rf"(?:{single_alt})(?=[ ][{_UP}])")
        self.next_cap = re.compile(rf"[ ]({_CAPWORD})")
        self.prev_cap = re.compile(rf"({_CAPWORD})[ ]$")
        self.word = re.compile(rf"{_CAPWORD}|[^\s]+")
        self.pre = re.compile(rf"[{_UP}][^\s]*[ ](?=(?:{_CONNECT}[ ]){{0,2}}{_NAME_START})")
        self.geo_types = frozenset({"COUNTRY", "CITY", "REGION"})
        from .resources import stopwords

        self.stop = stopwords()

    @cached_property
    def office_holders(self) -> dict[tuple[str, str], _Span]:
        """``(country, office)`` -> the one person of the knowledge base who holds it now (:func:`_offices_of`:
        "President of Ukraine": ``("UKR", "president")``), as a span template for :func:`_role_spans`; offices
        held by several people, and former ones, are left out."""
        holders: dict[tuple[str, str], list[int]] = {}
        roles = self.kb.entities["role"].fillna("").tolist() if "role" in self.kb.entities else []
        for i, role in enumerate(roles):
            if self.types[i] != "PERSON" or not self.countries[i]:
                continue
            for office in _offices_of(role):
                holders.setdefault((self.countries[i], office), []).append(i)
        return {key: _Span(0, 0, self.ids[i], self.names[i], "PERSON", self.countries[i], "heuristic", "role")
                for key, (i, *more) in holders.items() if not more}

    @cached_property
    def person_index(self) -> dict[str, list[tuple[str, str]]]:
        """skeleton of a person's full alias -> [(alias, entity_id)] (fuzzy matching)."""
        out: dict[str, list[tuple[str, str]]] = {}
        for alias, eid in self.kb.person_aliases().items():
            if " " in alias:
                out.setdefault(_skeleton(alias), []).append((alias, eid))
        return out

    @cached_property
    def key_resolution(self) -> tuple[list[int], list[tuple[str, str, str, str, str]], list[bool]]:
        """Per key: the entity it names in full and alone (entity index, else -1); the default entity's
        (id, name, type, country, form); whether it names several entities (a partial name such as "Kim",
        or an alias such as "RSF"), resolved per article by :func:`_pick`."""
        full, default, ambiguous = [], [], []
        for form, ents in zip(self.key_form, self.key_ents):
            i0 = ents[0]
            full.append(i0 if form != "short" and len(ents) == 1 else -1)
            default.append((self.ids[i0], self.names[i0], self.types[i0], self.countries[i0], form))
            ambiguous.append(len(ents) > 1)
        return full, default, ambiguous

    @cached_property
    def exact_texts(self) -> list[str]:
        """Per key: its padded text in the case-sensitive automaton, else ""."""
        out = [""] * len(self.m.keys)
        if len(self.m.exact):
            for pad, k in self.m.exact.items():
                out[k] = pad[1:-1]
        return out

    @cached_property
    def combined(self) -> tuple[Any, list[tuple[int, ...]]]:
        """One automaton over the lower-cased folded text holding every key (case-sensitive keys lower-cased,
        checked afterwards), and the keys behind each shared value.

        A lower-cased case-sensitive key equal to another key ("NATO" and
        "Nato") gets the value ``len(keys) + j``, where item ``j`` of the list
        holds the keys it stands for, folded before case-sensitive.
        """
        import ahocorasick

        values: dict[str, int] = {}
        shared: list[tuple[int, ...]] = []
        n = len(self.m.keys)
        for automaton in (self.m.folded, self.m.exact):
            if len(automaton):
                for pad, k in automaton.items():
                    low = pad.lower()
                    if low not in values:
                        values[low] = k
                        continue
                    old = values[low]
                    if old >= n:
                        shared[old - n] = (*shared[old - n], k)
                    else:
                        values[low] = n + len(shared)
                        shared.append((old, k))
        combined = ahocorasick.Automaton()
        for pad, v in values.items():
            combined.add_word(pad, v)
        # the single role cues ("envoy"), found in the same pass: values from len(keys) + len(shared) on
        cues = [f" {w} " for w in sorted(self.single_cues)]
        if not any(pad in values for pad in cues):  # else (a cue is also a key) they are scanned for apart
            for i, pad in enumerate(cues):
                combined.add_word(pad, n + len(shared) + i)
        if len(combined):
            combined.make_automaton()
        return combined, shared

    @cached_property
    def cue_words(self) -> list[str] | None:
        """The single role cues :attr:`combined` finds, by value minus ``len(keys) + len(shared)``; None when
        it does not hold them."""
        automaton, shared = self.combined
        first = f" {min(self.single_cues)} "
        if first not in automaton or automaton.get(first) < len(self.m.keys) + len(shared):
            return None
        return sorted(self.single_cues)

    @cached_property
    def arrays(self) -> dict[str, np.ndarray]:
        """Per-key and per-entity numpy arrays for the batch scan (:func:`_batch_frame`)."""
        keys = self.m.keys
        n = len(keys)
        text_of = [""] * n
        for automaton in (self.m.folded, self.m.exact):
            if len(automaton):
                for pad, k in automaton.items():
                    text_of[k] = pad.strip().lower()
        amb_folded = {fold_text(a).strip() for a in self.ambiguous}
        # upper-case offsets to check: the key's own, and for case-sensitive keys (found in the lower-cased
        # text by the combined automaton) every upper-case letter of the key
        checks = [k.checks if not k.exact else tuple(i for i, c in enumerate(t) if c.isupper())
                  for k, t in zip(keys, self.exact_texts)]
        width = max([len(c) - 1 for c in checks] + [1])
        more = np.full((n, width), -1, dtype=np.int64)
        for i, c in enumerate(checks):
            more[i, : max(len(c) - 1, 0)] = c[1:]
        full, default, ambiguous = self.key_resolution
        obj = lambda v: np.array(v, dtype=object)  # noqa: E731
        return {
            "length": np.array([k.length + 1 for k in keys], dtype=np.int64),
            "c0": np.array([c[0] if c else -1 for c in checks], dtype=np.int64),
            "more": more,
            "n_more": np.array([max(len(c) - 1, 0) for c in checks], dtype=np.int64),
            "exact": np.array([k.exact for k in keys], dtype=bool),
            "special": np.array([f[3] for f in self.key_fast], dtype=bool),
            "glue": np.array([g or t in amb_folded or t[k.trim:] in amb_folded
                              for g, t, k in zip(self.key_glue, text_of, keys)], dtype=bool),
            "entity": np.array([ents[0] for ents in self.key_ents], dtype=np.int64),
            "full": np.array(full, dtype=np.int64),
            "ambiguous": np.array(ambiguous, dtype=bool),
            "form": obj(self.key_form),
            "demonym": np.array([f == "demonym" for f in self.key_form], dtype=bool),
            "ids": obj(self.ids),
            "names": obj(self.names),
            "types": obj(self.types),
            "countries": obj(self.countries),
            "ner": obj([_CONLL_GET(t, "MISC") for t in self.types]),
        }

    def entity_span(self, s: int, e: int, idx: int, method: str, form: str) -> _Span:
        return _Span(s, e, self.ids[idx], self.names[idx], self.types[idx], self.countries[idx], method, form)

    # ------------------------------------------------------------------ KB scan
    def scan(self, text: str, *, headline: bool, box: list | None = None) -> list[tuple[int, int, int]]:
        """Accepted knowledge-base matches: (start, end, key index), longest leftmost, no overlaps."""
        m = self.m
        info = self.key_info
        fast = self.key_fast
        cands: list[tuple[int, int, int, int, int]] = []
        append = cands.append
        n = len(text)
        base = fold_text(text, lower=False)
        for automaton, lower in ((m.folded, True), (m.exact, False)):
            if not len(automaton):
                continue
            if lower:
                low = base.lower()
                padded = " " + (low if len(low) == len(base) else fold_text(base)) + " "
            else:
                padded = " " + base + " "
            for e, k in automaton.iter(padded):
                length, c0, more, special = fast[k]
                s = e - length
                if c0 >= 0 and not text[s + c0].isupper():
                    continue
                if more:
                    for p in more:
                        if not text[s + p].isupper():
                            break
                    else:
                        more = ()
                    if more:
                        continue
                if not special:
                    # (start, -length, arrival) orders as the stable sort on (start, -length) would
                    append((s, s - e + 1, len(cands), e - 1, k))
                    continue
                _, _, short_exact, trim, dot = info[k]
                end = e - 1
                if short_exact:
                    ctx = text[max(0, s - 20): end + 20]
                    if not any(c.islower() for c in ctx):
                        continue  # all-caps context: "LET US", "IN"
                if trim:
                    s += trim
                if dot and end < n and text[end] == ".":
                    end += 1
                # (start, -length, arrival) orders as the stable sort on (start, -length) would
                append((s, s - end, len(cands), end, k))
        if not cands:
            return []
        cands.sort()
        out = []
        last = -1
        for s, _, _, e, k in cands:
            if s >= last:
                out.append((s, e, k))
                last = e
        if not headline:
            box = box if box is not None else [None]
            glue = self.key_glue
            amb = self.ambiguous
            out = [c for c in out if not ((glue[c[2]] or text[c[0]: c[1]] in amb) and self._glued(text, c, box))]
        return out

    def _glued(self, text: str, c: tuple[int, int, int], box: list) -> bool:
        """An ambiguous given name, a partial name or a one-word GeoNames city that is part of a longer unknown
        name ("Jordan Peterson", "Hunter Biden", "Lin Jian", "Rep. Alexandria Ocasio-Cortez")."""
        s, e, k = c
        key = self.m.keys[k]
        place = self.key_place[k]
        if text[s:e] in _LANGUAGES:
            return _language_use(text, s, e)  # "speaking in Spanish", "a Spanish-language daily"
        if key.form != "short" and not place and text[s:e] not in self.ambiguous:
            return False
        office = _OFFICE_PLACE.search(text, max(0, s - 40), s)
        if office is not None and self._is_title(office.group(1)):
            return False  # the place of an office: "Ambassador to Israel Mike Huckabee", "Envoy to Jordan"
        nxt = self.next_cap.match(text[e: e + 40]) if not place else None
        if nxt and nxt.group(1) not in self.not_names and not self.m.keys[k].form == "demonym":
            if not (key.form == "short" and nxt.group(1)[:1].isupper() and nxt.group(1) in self.title_words):
                return True
        if key.form == "short" or place:
            prev = self.prev_cap.search(text[max(0, s - 40): s])
            if place and prev and self._is_title(prev.group(1)):
                # a title, the city, a capitalized word: a given name ("Rep. Alexandria Ocasio-Cortez")
                after = self.next_cap.match(text[e: e + 40])
                if after and after.group(1) not in self.not_names:
                    return True
            if prev and prev.group(1) not in self.not_names and not (place and prev.group(1) in _PLACE_MODIFIERS):
                ps = s - len(prev.group(0))
                if not self._common_initial(text, ps, prev.group(1), box):
                    return True
        return False

    # ------------------------------------------------------------------ heuristics
    def heuristic(self, text: str, kb_spans: list[_Span], *, headline: bool, box: list | None = None) -> list[_Span]:
        """Unknown names from capitalized sequences and cues (see the module docstring).

        Knowledge-base spans absorbed by an organization named after a place
        ("Kyiv Post") are removed from ``kb_spans`` in place.
        """
        kb = _PartSpans([sp.start for sp in kb_spans], [sp.end for sp in kb_spans], [sp.type for sp in kb_spans],
                        [sp.form for sp in kb_spans], [sp.country for sp in kb_spans])
        out, drop = self.heuristic_spans(text, kb, self._sequences(text), headline=headline, box=box)
        if drop:
            kb_spans[:] = [sp for x, sp in enumerate(kb_spans) if x not in drop]
        return out

    def heuristic_spans(self, text: str, kb: "_PartSpans", sequences: Iterable[tuple[int, int]], *,
                        headline: bool, box: list | None = None) -> tuple[list[_Span], set[int]]:
        """Unknown names in ``sequences`` (spans of :meth:`_sequences`), and the knowledge-base spans to drop.

        ``kb`` holds the part's knowledge-base spans as parallel lists, sorted
        and non-overlapping.
        """
        starts, ends, ktypes, kforms, kcountries = kb
        out: list[_Span] = []
        drop: set[int] = set()
        box = box if box is not None else [None]
        tails = self.tails
        not_names = self.not_names
        # paragraphs of the body written in title case are headlines ("Russia Warns Ukraine Over Drone Attacks");
        # found when a piece first needs them (most parts have no unknown name to type)
        titled: list[tuple[int, int]] | None = [] if headline else None
        bisect_left = bisect.bisect_left
        # a sequence one knowledge-base span covers holds nothing to find, nor joins another by "and" (as the
        # batch scan leaves it out first: "Vladimir Zelenskyy and Geneva Bureau" is no institution)
        sequences = [(s0, e0) for s0, e0 in sequences
                     if not ((i := bisect.bisect_right(starts, s0) - 1) >= 0 and ends[i] >= e0)]
        sequences = self._joined_by_and(text, sequences)
        for s0, e0 in sequences:
            i = bisect_left(starts, s0)
            j = bisect_left(starts, e0, i)  # first span starting at or after e0
            if i > 0 and ends[i - 1] > s0:
                i -= 1
            if j == i + 1 and starts[i] <= s0 and ends[i] >= e0:
                continue  # one span covers the whole sequence: every word is covered, nothing to find
            inside = range(i, j)
            if inside:
                # fast exit: what the knowledge base leaves uncovered holds no capitalized non-title word
                rest = [text[max(s0, ends[x - 1] if x > i else s0): min(e0, starts[x])]
                        for x in range(i, j)] + [text[max(s0, ends[j - 1]): e0]]
                tail = text[s0:e0].rsplit(" ", 1)[-1]
                if tail not in tails and tail not in self.loc_tails and not any(
                        w[:1].isupper() and w not in not_names for r in rest for w in r.split()) and not any(
                        f" {p} " in text[s0:e0] for p in _PATRONYMICS):
                    continue
            # (matched in place: the pattern looks behind only inside its match, and not past e0)
            words = [(w.start(), w.end(), w.group()) for w in self.word.finditer(text, s0, e0)]
            sons = _patronymic_parts(words, kb, inside)
            if sons:  # "Sultan bin Salman" is not King Salman: the whole name is left to the heuristics
                drop.update(sons)
                inside = [x for x in inside if x not in sons]
            a = next((k for k, w in enumerate(words[:3]) if "-" in w[2] and _AFFILIATION.search(w[2])), None)
            if a is not None and len(words) - a >= 3 and all(w[2] in not_names for w in words[:a]):
                # "the Hamas-run Gaza Health Ministry": who runs it is no part of the name
                words = words[a + 1:]
                inside = range(max(i, bisect_left(starts, words[0][0])), j)
            cut = self._person_of(words)
            if len(cut) == 2 and not any(starts[x] < cut[0][-1][1] for x in inside):
                # "Mathilde Vu of the Norwegian Refugee Council": a person, then the body named after a place
                sp = self._classify(text, cut[0], box=box, headline=headline)
                if sp is not None and sp.type == "PERSON":
                    if not sp.country:
                        sp.country = self._country_before(text, sp.start, kb)
                    out.append(sp)
                    words = [w for w in cut[1] if w[2] != "the"] or cut[1]
                    inside = range(max(i, bisect_left(starts, words[0][0])), j)
            # organization / media named after a place: "Kyiv Post", "Ukrainian Air Force"
            last = _POSSESSIVE.sub("", words[-1][2])
            if (len(words) >= 2 and (last in self.org_tails or last in self.media_tails)
                    and all(ktypes[x] in self.geo_types or kforms[x] == "demonym" for x in inside)
                    and any(ends[x] <= words[-1][0] for x in inside)
                    and ends[j - 1] <= words[-1][0] if inside else False):
                lead = 0  # ("Following the Estonian Navy's": neither word is part of the name)
                while lead < len(words) - 1 and (words[lead][2] in not_names or not words[lead][2][:1].isupper()):
                    lead += 1
                ws = words[lead:]
                countries = {kcountries[x] for x in inside if kcountries[x]}
                name = text[ws[0][0]: words[-1][0]] + last
                etype = "MEDIA" if last in self.media_tails else "ORG"
                sp = _Span(ws[0][0], words[-1][0] + len(last), f"{etype.lower()}:{slugify(name)}", name, etype,
                           countries.pop() if len(countries) == 1 else "", "heuristic", "heuristic")
                if etype == "ORG":
                    self._state_body(text, sp, kb)  # one name for "US Commerce Department" and "U.S. Commerce ..."
                out.append(sp)
                drop.update(inside)
                continue
            named = self._named_after_place(text, words, kb, inside)
            if named is not None:
                out.append(named)
                drop.update(inside)
                continue
            # pieces of the sequence not covered by knowledge-base matches
            pieces: list[list[tuple[int, int, str]]] = [[]]
            for w in words:
                covered = any(starts[x] < w[1] and w[0] < ends[x] for x in inside)
                if covered:
                    if pieces[-1]:
                        pieces.append([])
                else:
                    pieces[-1].append(w)
            for piece in pieces:
                if not piece:
                    continue
                if titled is None:
                    titled = _title_case_paragraphs(text)
                sp = self._classify(text, piece, box=box, headline=headline or any(
                    lo <= piece[0][0] < hi for lo, hi in titled))
                if sp is not None:
                    if sp.type == "PERSON" and not sp.country:
                        sp.country = self._country_before(text, sp.start, kb)
                    elif sp.type == "ORG" and not sp.country:
                        self._state_body(text, sp, kb)
                    out.append(sp)
        return out, drop

    def _person_of(self, piece: list[tuple[int, int, str]]) -> list[list[tuple[int, int, str]]]:
        """``piece`` cut in two at an "of" or "at" that follows a person's name ("Mathilde Vu of the Norwegian
        Refugee Council", "Martin Kelly of EOS Risk Group"): two to three words before it, the first a known
        given name, the last no organization word ("Bank of England" stays whole)."""
        t = 0
        while t < len(piece) - 1 and self._is_title(piece[t][2]):
            t += 1  # "Professor John Smith of Oxford University"
        k = next((k for k in range(t + 2, min(t + 4, len(piece) - 1)) if piece[k][2] in ("of", "at")), None)
        if (k is None or piece[t][2] not in _given_names() or piece[k - 1][2] in self.org_heads
                or piece[k - 1][2] in self.tails or any(w[2] in self.not_names or self._is_title(w[2])
                                                        for w in piece[t:k])
                or not piece[k + 1][2][:1].isupper() and piece[k + 1][2] != "the"):
            return [piece]
        return [piece[:k], piece[k + 1:]]

    def _joined_by_and(self, text: str, sequences: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
        """``sequences`` with the names of institutions that hold "and" made one: two runs of capitalized words
        joined by " and " when the second ends with an organization word and the first does not ("Peoples'
        Equality and Democracy Party", "Reconstruction and Development Coalition"), and a run naming an
        institution "HEAD of X" with the capitalized words after its " and " ("Bureau of Industry and
        Security")."""
        out: list[tuple[int, int]] = []
        for s0, e0 in sequences:
            if text.endswith(" and ", 0, s0) and _POSSESSIVE.sub("", text[s0:e0].rsplit(" ", 1)[-1]) in self.org_tails:
                if out and out[-1][1] + 5 == s0:
                    if _POSSESSIVE.sub("", text[out[-1][0]:out[-1][1]].rsplit(" ", 1)[-1]) not in self.tails:
                        out[-1] = (out[-1][0], e0)  # "Peoples' Equality and Democracy Party"
                        continue
                else:
                    one = _LAST_CAPITALIZED.search(text, max(0, s0 - 40), s0 - 5)
                    if one is not None and self._unnamed_word(one.group()):
                        s0 = one.start()  # "(Sudani's) Reconstruction and Development Coalition"
            if text.startswith(" and ", e0) and " of " in text[s0:e0]:
                head = text[s0:e0].split(" of ", 1)[0].rsplit(" ", 1)[-1]
                more = _CAPITALIZED_RUN.match(text, e0 + 5)
                if head in self.org_heads and more is not None and all(
                        self._unnamed_word(w) for w in more.group().split()):
                    e0 = more.end()  # "Bureau of Industry and Security"
            out.append((s0, e0))
        return out

    def _unnamed_word(self, word: str) -> bool:
        """A capitalized word that may be part of an institution's name: no name the knowledge base knows, no
        possessive, no word that never starts a name ("The")."""
        return (word not in self.not_names and _POSSESSIVE.search(word) is None
                and not self.kb.lookup(word))

    @cached_property
    def demonyms(self) -> dict[str, str]:
        """Country code -> the first demonym the knowledge base lists for it ("CHN" -> "Chinese")."""
        aliases = self.kb.aliases
        rows = aliases[aliases["form"] == "demonym"] if "form" in aliases.columns else aliases.iloc[:0]
        out: dict[str, str] = {}
        for alias, eid in zip(rows["alias"], rows["entity_id"]):
            if eid.startswith("country:"):
                out.setdefault(eid.split(":", 1)[1], alias)
        return out

    def _state_body(self, text: str, sp: _Span, kb: "_PartSpans") -> None:
        """Give an unknown state body its country: "China's Foreign Ministry", "the China Coast Guard".

        An organization whose last word is one of a state's bodies
        (``state_tails``: Ministry, Coast Guard, Navy, Police ...) after a
        country's possessive, or named with a country's name first, is that
        country's, and one entity with the body named after the country's
        demonym ("Chinese Foreign Ministry", "Chinese Coast Guard"): else every
        country's foreign ministry would be one entity of no country.
        """
        words = sp.name.split()
        if _POSSESSIVE.sub("", words[-1]) not in self.state_tails:
            return
        starts, ends, ktypes, kforms, kcountries = kb
        i = bisect.bisect_left(starts, sp.start) - 1
        country, rest = "", sp.name
        if i >= 0 and ktypes[i] == "COUNTRY" and kcountries[i] and text[ends[i]:sp.start] in _POSSESSIVES + (" ",):
            country = kcountries[i]  # "China's Foreign Ministry", "the U.S. Commerce Department"
        elif len(words) >= 3:
            for n in (2, 1):  # "South Korea Coast Guard", "China Coast Guard"
                ids = self.kb.lookup(" ".join(words[:n]))
                if len(ids) == 1 and ids[0].startswith("country:"):
                    country, rest = self.kb.get(ids[0])["country"], " ".join(words[n:])
                    break
        if not country:
            return
        demonym = self.demonyms.get(country)
        name = f"{demonym} {rest}" if demonym else sp.name
        sp.country, sp.name, sp.ent = country, name, f"org:{slugify(name)}"

    def _org_of(self, words: list[tuple[int, int, str]], heads: frozenset[str] | None = None) -> int | None:
        """Where the name of an institution "… HEAD of …" begins in ``words``, or None.

        HEAD is an organization word (``org_heads``: Ministry, Department,
        Bank, Institute ...; or one of ``heads``) right before an "of" or "for"
        that is followed by a capitalized word or "the" ("Institute for the
        Study of War"); leading stop words ("The") are not part of the name.
        """
        k = next((k for k in range(1, len(words) - 1) if words[k][2] in ("of", "for")), None)
        if k is None or words[k - 1][2] not in (self.org_heads if heads is None else heads) or not (
                words[k + 1][2][:1].isupper() or (words[k + 1][2] == "the" and k + 2 < len(words))):
            return None
        first = 0
        while first < k - 1 and words[first][2].lower() in self.stop:
            first += 1
        return first

    def _named_after_place(self, text: str, words: list[tuple[int, int, str]], kb: "_PartSpans",
                           inside: range) -> _Span | None:
        """One place or institution named after the knowledge-base places inside it, or None.

        "Lake Geneva", "Mount Kenya" (a place word first, then places),
        "Kursk Region", "Crimean Bridge", "Philippine Sea" (places or
        demonyms, then a place word), "Bank of England" (an organization word
        and "of" first).  The place inside gives its country when it is the
        only one, except to seas, lakes and rivers (``water_words``: "Gulf of
        Mexico" is not Mexico's).
        """
        if len(words) < 2 or not inside:
            return None
        starts, ends, ktypes, kforms, kcountries = kb
        first = words[0][2]
        last = _POSSESSIVE.sub("", words[-1][2])
        places = all(ktypes[x] in self.geo_types for x in inside)
        place_like = all(ktypes[x] in self.geo_types or kforms[x] == "demonym" for x in inside)
        first_free = starts[inside[0]] >= words[0][1]
        org = self._org_of(words) if place_like else None
        misc = self._org_of(words, self.misc_heads) if place_like and org is None else None
        if org is not None:
            # "Bank of England", "the Central Bank of Russia", "Khartoum Centre for Strategic Studies"
            words = words[org:]
            etype, word = "ORG", words[0][2]
        elif misc is not None:  # "the Treaty of Rome", "the Minsk Protocol of 2014": not a place's
            words = words[misc:]
            etype, word = "MISC", words[0][2]
        elif first_free and first.rstrip(".") in self.loc_heads and places:
            etype, word = "LOCATION", first  # "Lake Geneva", "Mount Kenya"
        elif last in self.loc_tails and place_like and ends[inside[-1]] <= words[-1][0]:
            etype, word = "LOCATION", last
        else:
            return None
        ws = words
        if etype == "LOCATION" and word == last:
            lead = 0  # leading words that are no part of the name ("The Kursk Region"), place modifiers kept
            while (lead < len(ws) - 1 and ws[lead][2] in self.not_names and ws[lead][2] not in _PLACE_MODIFIERS
                   and not (starts[inside[0]] < ws[lead][1] and ws[lead][0] < ends[inside[0]])):
                lead += 1
            ws = ws[lead:]
        s, e = ws[0][0], words[-1][0] + len(last)
        name = text[s:e]
        countries = {kcountries[x] for x in inside if kcountries[x]}
        # (a treaty named after a place is not the place's country's)
        own = len(countries) == 1 and word not in self.water_words and etype != "MISC"
        country = countries.pop() if own else ""
        return _Span(s, e, f"{_ID_PREFIX[etype]}:{slugify(name)}", name, etype, country, "heuristic", "heuristic")

    def _sequences(self, text: str, starts: Iterable[int] | None = None,
                   line_starts: Iterable[int] = (0,), cue_ends: Iterable[int] | None = None) -> list[tuple[int, int]]:
        """Spans of runs of capitalized words, and of single capitalized words after a role cue.

        A cheap prefilter finds where a capitalized word is followed by another
        (or a role noun by a capitalized word); the full patterns run only there.
        ``starts`` replaces the prefilter's positions (ascending), and a role cue
        is also tried at each of ``line_starts`` (where no space precedes it).
        ``cue_ends`` replaces the ends of :attr:`cue_cap_sp`'s matches.
        """
        if starts is None:
            starts = map(_MATCH_START, self.pre.finditer(text))
        out = []
        last = -1
        match = self.seq.match
        for p in starts:
            if p < last:
                continue
            mt = match(text, p)
            if mt is not None:
                last = mt.end()
                out.append(mt.span())
        single = self.single.match
        cue_0 = self.cue_cap_0.match
        for p in line_starts:
            cm = cue_0(text, p)
            if cm is not None:
                mt = single(text, cm.end() + 1)
                if mt is not None:
                    out.append(mt.span())
        if cue_ends is None:
            cue_ends = map(_MATCH_END, self.cue_cap_sp.finditer(text))
        for end in cue_ends:
            mt = single(text, end + 1)
            if mt is not None:
                out.append(mt.span())
        if len(out) > 1:
            out.sort()
        return out

    @staticmethod
    def _in_lower_case(text: str, low: str, box: list) -> bool:
        """``low`` (a lower-case word) is written in lower case in ``text``; ``box[0]`` memoizes per text."""
        memo = box[0]
        if memo is None:
            memo = box[0] = {}
        hit = memo.get(low)
        if hit is None:
            hit = memo[low] = _occurs_as_word(text, low) or (
                "'" in low and _occurs_as_word(text, low.replace("'", "’")))
        return hit

    def _common_initial(self, text: str, s: int, word: str, box: list) -> bool:
        """``word`` at ``s`` starts a sentence and is a common word (not a name)."""
        if not _SENT_END.search(text[max(0, s - 3): s]):
            return False
        low = word.lower()
        # (a participle opening a sentence is no name: "Citing Mahmoud Hamza", "Confirming Awami League's exclusion")
        return low in self.stop or low.endswith("ly") or (len(low) >= 6 and low.endswith("ing")) or \
            self._in_lower_case(text, low, box)

    def _country_before(self, text: str, s: int, kb: "_PartSpans", *, title: bool = False) -> str:
        """Country of a demonym, a country or a city right before a title: "French President X" -> FRA, "Istanbul
        Mayor X" -> TUR; the country before the office, not the one it is held in: "US Ambassador to Israel Mike
        Huckabee" -> USA (``title``: a title starts at ``s``)."""
        starts, ends, ktypes, kforms, kcountries = kb
        i = bisect.bisect_left(starts, s) - 1
        if i >= 0 and ends[i] <= s and (kforms[i] == "demonym" or ktypes[i] in ("COUNTRY", "CITY")):
            between = text[ends[i]: s]
            office = _OFFICE_PLACE.search(text, max(0, starts[i] - 40), starts[i])
            if between == " " and office is not None and self._is_title(office.group(1)):
                return self._country_before(text, office.start(1), kb, title=True)  # "US Ambassador to Israel X"
            if len(between) < 48 and "\n" not in between and re.fullmatch(r"(?:['’]s)?(?:\s+[\w.-]+){0,5},?\s+",
                                                                          between):
                words = between.replace(",", " ").split()
                # (a country right before a name tells nothing: "for Haiti\n\nJacqueline Charles", "Haiti
                # Jacqueline Charles"; before a title it does: "US Ambassador")
                if (words or title or kforms[i] == "demonym") and all(
                        w in self.title_words or w.lower() in self.role_nouns or w.lower() in _BODY_WORDS
                        or w in ("'s", "’s") for w in words):
                    return kcountries[i]  # "Qatari foreign ministry spokesman X", "Estonia's Foreign Minister, X"
        return ""

    def _is_title(self, word: str) -> bool:
        """A word of a title ("Minister", "Gen"/"Gen.", "Colonel-General") or a role noun ("envoy")."""
        if word in self.title_words or word.rstrip(".") + "." in self.title_words or word.lower() in self.role_nouns:
            return True
        return "-" in word and all(part and (part in self.title_words or part.lower() in self.role_nouns)
                                   for part in word.split("-"))

    def _office_front(self, piece: list[tuple[int, int, str]]) -> tuple[int, bool]:
        """How many words at the front of ``piece`` are the end of an office, not a name, and whether they cue a
        person's name: words of a portfolio, titles and acronyms before a title or before a known given name
        ("Affairs Minister Pekka Haavisto", "Minerals Mohamed Bashir", "UNFCCC Simon Stiell", "Republic Denis
        Sassou Nguesso"; a cue), or words of a portfolio before two more words ("Affairs Massad Boulos"; no
        cue: the rest is read as any capitalized words are, so that "Military Clash Again" is no one);
        ``(0, False)`` when none."""
        n, k = len(piece), 0
        while k < n - 2 and (piece[k][2] in self.portfolio_words or self._is_title(piece[k][2])
                             or piece[k][2] in _STATE_NOUNS or (piece[k][2].isupper() and len(piece[k][2]) >= 3)):
            k += 1
        if not k or not piece[k][2][:1].isupper():
            return 0, False  # (before "bin", a title word is a given name: "Sultan bin Salman")
        last_title = max((j for j in range(k) if self._is_title(piece[j][2])), default=-1)
        if last_title >= 0:
            return (last_title + 1 if last_title == k - 1 else k), True  # "Affairs Minister | Pekka Haavisto"
        if piece[k][2] in _given_names():
            return k, True
        if all(piece[j][2] in self.portfolio_words for j in range(k)):
            return k, False
        return 0, False

    def _classify(self, text: str, piece: list[tuple[int, int, str]], *, headline: bool, box: list):
        # strip connectors, possessives and punctuation at the edges
        while piece and (piece[-1][2] in _NAME_PARTICLES or piece[-1][2] in ("of", "the", "and", "for", "y")
                         or not piece[-1][2][:1].isalpha()):
            piece = piece[:-1]
        while piece and (not piece[0][2][:1].isupper()):
            piece = piece[1:]
        if not piece:
            return None
        cue = portfolio = False
        # "Department of Homeland Security", "the Ministry of Foreign Affairs", "Central Bank of Nigeria": an
        # institution, not a title and a name; "the Joint Comprehensive Plan of Action", "the Treaty of
        # Versailles": an agreement, not a person
        of, etype = self._org_of(piece), "ORG"
        if of is None:
            of, etype = self._org_of(piece, self.misc_heads), "MISC"
        if of is not None:
            s, e = piece[of][0], piece[-1][1]
            last_raw = piece[-1][2]
            e -= len(last_raw) - len(_POSSESSIVE.sub("", last_raw))
            name = text[s:e]
            return _Span(s, e, f"{_ID_PREFIX[etype]}:{slugify(name)}", name, etype, "", "heuristic", "heuristic")
        last_word = _POSSESSIVE.sub("", piece[-1][2])
        if len(piece) >= 2 and (last_word in self.tails or last_word in self.misc_tails):
            # an institution or agreement named with a title word ("the Foreign Ministry", "Defence Ministry",
            # "Mutual Defense Treaty"): keep the word
            while len(piece) > 2 and piece[0][2] in self.not_names and not self._is_title(piece[0][2]) and (
                    piece[0][2] not in self.org_modifiers):
                piece = piece[1:]
            if len(piece) >= 3 and piece[1][2] in _OFFICE_CONNECTORS and self._is_title(piece[0][2]):
                return None  # an office, not an institution: "Minister of Energy"
        else:
            # a title after the capitalized words that qualify it: "Finance Minister X", "White House Press
            # Secretary X"
            # (a title word after "of" is part of a portfolio: "Minister of Foreign Affairs")
            k = next((k for k in range(min(len(piece) - 1, 4), 0, -1)
                      if piece[k][2] not in _OFFICE_CONNECTORS and self._is_title(piece[k][2])
                      and (k + 1 == len(piece) or piece[k + 1][2] not in _PATRONYMICS)  # "Sultan bin Salman"
                      and not any(w[2] in _OFFICE_CONNECTORS for w in piece[:k])), 0)
            if k and not self._is_title(piece[0][2]):
                piece, cue = piece[k + 1:], True
            office = False
            while piece and (piece[0][2] in self.not_names or self._is_title(piece[0][2])
                             or (cue and piece[0][2] in _OFFICE_CONNECTORS)):  # "Minister for Foreign Affairs X"
                w = piece[0][2]
                if len(piece) >= 3 and piece[1][2] in _PATRONYMICS:
                    break  # before "bin", a title word is a given name: "Sultan bin Salman", "Emir bin Ali"
                if w in _SURNAMES_LIKE_PRONOUNS and len(piece) >= 2 and piece[1][2] not in self.not_names \
                        and not self._is_title(piece[1][2]) and (
                        cue or self.cue_before_rev.match(text[max(0, piece[0][0] - 30):piece[0][0]][::-1])):
                    cue = True
                    break  # after a title or a role noun, "He" is a surname: "Vice Premier He Lifeng"
                if w in _OFFICE_CONNECTORS:
                    # "Director of ...": the words after name the office, until a title word
                    portfolio = office = cue
                elif self._is_title(w):
                    cue, portfolio = True, False  # "Secretary of State": a title again
                piece = piece[1:]
            if cue and portfolio and len(piece) == 1:
                return None  # "Director of National Intelligence", "Inspector-General of Intelligence"
            if office:
                # the rest of the portfolio: "Secretary of Homeland Security Kristi Noem", "Minister of Foreign
                # Affairs" (before a known name)
                while piece and (piece[0][2] in self.portfolio_words or piece[0][2] in _OFFICE_CONNECTORS
                                 or piece[0][2] in ("and", "the")):
                    piece = piece[1:]
                if len(piece) < 2:
                    return None  # "the First Deputy Director of the NIS": an office, not a name
            front, titled = self._office_front(piece) if len(piece) >= 3 else (0, False)
            if front:  # the end of an office before the name: "Senior Adviser for African Affairs Massad Boulos"
                piece, cue = piece[front:], cue or titled
        if not piece:
            return None
        if not cue and len(piece) >= 2 and self._common_initial(text, piece[0][0], piece[0][2], box):
            piece = piece[1:]
        s, e = piece[0][0], piece[-1][1]
        last_raw = piece[-1][2]
        last = _POSSESSIVE.sub("", last_raw)
        if last != last_raw:
            e -= len(last_raw) - len(last)
        if not last:
            return None
        n = len(piece)
        # words of the name proper, without particles ("Tamim bin Hamad Al Thani" has three)
        n_core = sum(w[2].lower() not in _NAME_PARTICLES for w in piece)
        name = text[s:e]
        if not cue and self.cue_before_rev.match(text[max(0, s - 30): s][::-1]):
            cue = True
        if not cue and text.startswith(":", e) and _LINE_OPENING.fullmatch(text, text.rfind("\n", 0, s) + 1, s):
            return None  # the label of a line: "Geopolitical Shifts: ...", "- Russia's Diminished Role: ..."
        etype = None
        if n >= 2 and last in self.media_tails:
            etype = "MEDIA"
        elif n >= 2 and last in self.org_tails:
            etype = "ORG"
        elif n >= 2 and last in self.misc_tails:
            etype = "MISC"
        elif n >= 2 and piece[0][2] in _EVENT_HEADS:
            etype = "MISC"  # "Operation Rising Lion", "Exercise Balikatan"
        elif n >= 2 and (last in self.loc_tails or (piece[0][2].rstrip(".") in self.loc_heads and not any(
                w[2][:1].isupper() and w[2] in self.not_names for w in piece[1:]))):
            etype = "LOCATION"  # "Golan Heights"; "Lake Geneva", "Gulf of Aden", "Boulevard Montmartre"
        elif not _NOT_IN_NAMES.isdisjoint([w[2] for w in piece]) or all(
                _POSSESSIVE.sub("", w[2]) in self.portfolio_words for w in piece):
            return None  # (the words of a portfolio are no name: "Foreign Relations" in "Council on Foreign Relations")
        elif cue and n_core <= 4:
            etype = "PERSON"
        elif 2 <= n and n_core <= 4 and not headline:  # particles aside: "Hamad bin Isa Al Khalifa" has four
            # (a title word before "bin" is a given name: "Sultan bin Salman")
            if any((w[2] in self.not_names and not (x + 1 < n and piece[x + 1][2] in _PATRONYMICS))
                   or (w[2].isupper() and len(w[2]) > 1) for x, w in enumerate(piece)):
                return None
            if any(self._in_lower_case(text, w[2].lower(), box) for w in piece
                   if w[2].lower() not in _NAME_PARTICLES):
                return None  # common words in title case ("Secure Postwar")
            etype = self._unknown_name_type(text, s, e)
        if etype is None:
            return None
        if etype == "PERSON":
            eid = self.fuzzy_person(name)
            if eid is not None:
                rec = self.kb.get(eid)
                return _Span(s, e, eid, rec["name"], "PERSON", rec["country"], "heuristic", "heuristic")
        country = ""
        return _Span(s, e, f"{_ID_PREFIX[etype]}:{slugify(name)}", name, etype, country, "heuristic", "heuristic")

    def _unknown_name_type(self, text: str, s: int, e: int) -> str:
        """The type of an unknown name ``text[s:e]`` that no word of its own or cue before it types: a ship's name
        (MISC) after or before a noun of ships ("the tanker Eagle S", "MV Eternity C"), an organization when an
        organization word follows or comes right before it in lower case (``org_nouns``: "the Emergency Lawyers
        group", "the Tigray Defence militia", "the criminal group La Barredora"), a
        place after a place noun and "of" or a preposition of place, or before a place noun ("the town of
        Masaajid Cali Gaduud", "in Novi Sad", "the Middle Shabelle region"), a name of something (MISC) after
        "the" ("the Golden Dome"), unless a word follows that people's names take (``person_nouns``: "the Kais
        Saied government"), else a person."""
        nxt = _NEXT_WORD.match(text, e)
        if (nxt is not None and nxt.group(1) in _VESSEL_NOUNS) or _VESSEL_BEFORE.search(text, max(0, s - 40), s):
            return "MISC"  # a ship: "the tanker Eagle S", "MV Eternity C", "the Newnew Polar Bear vessel"
        if nxt is not None and nxt.group(1) in self.org_nouns:
            return "ORG"
        prev = _PREV_WORD.search(text, max(0, s - 24), s)
        if prev is not None and prev.group(1) in self.org_nouns:
            return "ORG"  # "the criminal group La Barredora", "the Japanese organization Nihon Hidankyo"
        if (nxt is not None and nxt.group(1) in _PLACE_NOUNS) or (
                (before := _PLACE_BEFORE.search(text, max(0, s - 30), s)) is not None
                and text[e:e + 2] not in ("'s", "\u2019s")
                and (before.group(1) is None or text[s:e].split(" ", 1)[0] not in _given_names())):
            # "the town of Masaajid Cali Gaduud", "in Novi Sad" (not "trust in Jay Tarriela": a given name),
            # "the Middle Shabelle region"
            return "LOCATION"
        if _THE_BEFORE.search(text, max(0, s - 5), s) and (nxt is None or nxt.group(1) not in self.person_nouns):
            return "MISC"
        return "PERSON"

    def fuzzy_person(self, name: str) -> str | None:
        """A knowledge-base person whose full alias is a spelling variant of ``name``."""
        if " " not in name:
            return None
        # names recur within and across articles, and the search over every person's key is the cost;
        # the memo is emptied when it grows large, so memory stays bounded on any corpus
        cache = self._fuzzy_cache
        found = cache.get(name, _MISSING)  # (one lookup: another thread may empty the memo)
        if found is not _MISSING:
            return found
        if len(cache) >= _FUZZY_MEMO:
            cache.clear()
        key = _skeleton(name)
        hits = self.person_index.get(key)
        if hits:
            found = hits[0][1]
        else:
            from rapidfuzz import fuzz, process

            best = process.extractOne(key, self.person_keys, scorer=fuzz.ratio, score_cutoff=90)
            found = self.person_index[best[0]][0][1] if best is not None and best[0][:1] == key[:1] else None
        cache[name] = found
        return found

    def unknown_word(self, word: str) -> bool:
        """``word`` is neither a capitalized common word (:attr:`not_names`) nor a name of the knowledge base."""
        # surnames recur within and across articles (a memo, emptied when it grows large)
        cache = self._unknown_cache
        found = cache.get(word)
        if found is None:
            if len(cache) >= _FUZZY_MEMO:
                cache.clear()
            found = cache[word] = word not in self.not_names and self.kb.lookup(word) == []
        return found

    @cached_property
    def _unknown_cache(self) -> dict[str, bool]:
        return {}

    @cached_property
    def person_keys(self) -> list[str]:
        """The keys of :attr:`person_index`, in its order."""
        return list(self.person_index)

    @cached_property
    def _fuzzy_cache(self) -> dict[str, str | None]:
        return {}


_FUZZY_MEMO = 50_000  # names remembered by _Extractor.fuzzy_person
_MISSING = object()
_ID_PREFIX = {"PERSON": "person", "ORG": "org", "MEDIA": "media", "MISC": "misc", "LOCATION": "location"}
_EXTRACTORS: dict[int, _Extractor] = {}


def _extractor(kb: KnowledgeBase) -> _Extractor:
    ex = _EXTRACTORS.get(id(kb))
    if ex is None or ex.kb is not kb:
        ex = _Extractor(kb)
        _EXTRACTORS[id(kb)] = ex
    return ex


def _pick(ents: Sequence[int], named_in_full: Mapping[int, int], places: set[str], countries: Sequence[str]) -> int:
    """Which of the entities ``ents`` a name of several means in an article: the one the article names in full
    most often ("Kim" after "Kim Yo Jong"; "RSF" after "Reporters Without Borders"), else the first whose
    country the article names ("RSF" in an article on Sudan), else the first (the default)."""
    named = [i for i in ents if i in named_in_full]
    if named:
        return max(named, key=lambda i: (named_in_full[i], -ents.index(i)))
    return next((i for i in ents if countries[i] and countries[i] in places), ents[0])


def _resolve_short(spans_by_part: dict[str, list[tuple[int, int, int]]], ex: _Extractor,
                   texts: dict[str, str]) -> dict[str, list[_Span]]:
    """KB matches -> spans, resolving partial names against people named in full in the article."""
    forms, key_ents, types = ex.key_form, ex.key_ents, ex.types
    key_full, key_default, key_ambiguous = ex.key_resolution
    ids, names, countries = ex.ids, ex.names, ex.countries
    named_in_full: dict[int, int] = {}
    places: set[str] = set()
    for cands in spans_by_part.values():
        for _, _, k in cands:
            i0 = key_full[k]
            if i0 >= 0:
                named_in_full[i0] = named_in_full.get(i0, 0) + 1
            if not key_ambiguous[k]:
                places.add(countries[key_ents[k][0]])
    out: dict[str, list[_Span]] = {}
    for part, cands in spans_by_part.items():
        spans = []
        append = spans.append
        for s, e, k in cands:
            if key_ambiguous[k]:
                idx = _pick(key_ents[k], named_in_full, places, countries)
                append(_Span(s, e, ids[idx], names[idx], types[idx], countries[idx], "kb", forms[k]))
            else:
                eid, name, etype, country, form = key_default[k]
                append(_Span(s, e, eid, name, etype, country, "kb", form))
        out[part] = spans
    return out


def _surname_pass(text: str, spans: Iterable[tuple[int, int]], people: dict[str, _Span]) -> list[_Span]:
    """Surname-only references to unknown people named in full in the article, and the acronyms it defines
    (``people``: :func:`_short_forms`); ``spans``: (start, end) taken."""
    if not people:
        return []
    # every whole-word occurrence of a surname, leftmost first and, at one place, longest first (as an
    # alternation of the surnames would find them; str.find spares compiling a pattern per article)
    found = sorted((i, -len(surname), surname) for surname in people for i in _word_starts(text, surname))
    taken = sorted(spans)
    starts = list(map(_FIRST, taken))
    out = []
    last = -1
    for s, neg, surname in found:
        e = s - neg
        if s < last:
            continue  # inside the previous occurrence
        last = e
        i = bisect.bisect_right(starts, s) - 1
        if i >= 0 and taken[i][1] > s:
            continue
        if i + 1 < len(taken) and taken[i + 1][0] < e:
            continue
        p = people[surname]
        out.append(_Span(s, e, p.ent, p.name, p.type, p.country, "heuristic", "short"))
    return out


def _word_starts(text: str, word: str, joiners: str = "") -> Iterator[int]:
    """Where ``word`` occurs in ``text`` with neither a letter, a digit nor one of ``joiners`` on either
    side (str.find: no pattern to compile)."""
    n, end = len(word), len(text)
    i = text.find(word)
    while i >= 0:
        if not (i and (text[i - 1].isalnum() or text[i - 1] in joiners)) and not (
                i + n < end and (text[i + n].isalnum() or text[i + n] in joiners)):
            yield i
        i = text.find(word, i + 1)


def _occurs_as_word(text: str, word: str) -> bool:
    """``word`` occurs in ``text`` between characters that are neither letters, digits nor joiners
    (``_``, ``-``, apostrophes): not inside a longer word or a compound ("state" is not in "state-run")."""
    return next(_word_starts(text, word, "_-'\u2019"), None) is not None


#: An acronym in parentheses ("(SLF)", "(ECOWAS)", "(M23)"): a capital, then one to nine letters, digits or
#: "&.-" (two capitals at least: :func:`_acronyms`).
_ACRONYM_PAREN = re.compile(r"\([ ]?([A-Z][A-Za-z0-9&.\-]{1,9})[ ]?\)")


def _abbreviates(short: str, long: str) -> bool:
    """Whether ``long`` can be written ``short``: Schwartz and Hearst's test of an abbreviation definition [1]_.

    Every letter and digit of ``short`` occurs in ``long`` in the same order
    (matched from the end, case-insensitively), the first at the start of a
    word; the long form so found has at most ``min(len(short) + 5, 2 *
    len(short))`` words.

    References
    ----------
    .. [1] Schwartz, A. S. and Hearst, M. A. (2003). A simple algorithm for identifying
       abbreviation definitions in biomedical text. Pacific Symposium on Biocomputing 8: 451-462.

    Examples
    --------
    >>> _abbreviates("SLF", "Sudan Liberation Front"), _abbreviates("HTS", "Hayat Tahrir al-Sham")
    (True, True)
    >>> _abbreviates("MFA", "Russian Foreign Ministry")
    False
    """
    s, i = len(short) - 1, len(long) - 1
    low_short, low_long = short.lower(), long.lower()
    while s >= 0:
        c = low_short[s]
        if not c.isalnum():
            s -= 1
            continue
        while i >= 0 and (low_long[i] != c or (s == 0 and i > 0 and low_long[i - 1].isalnum())):
            i -= 1
        if i < 0:
            return False
        i -= 1
        s -= 1
    start = long.rfind(" ", 0, i + 2) + 1
    return len(long[start:].split()) <= min(len(short) + 5, 2 * len(short))


def _acronyms(text: str, spans: Iterable[_Span]) -> Iterator[tuple[str, _Span]]:
    """The acronyms ``text`` defines for the names of ``spans``, in text order: a name (matched in full, or
    an unknown name) followed by an acronym in parentheses that abbreviates it ("the Sudan Liberation Front
    (SLF)"; :func:`_abbreviates`)."""
    if "(" not in text:
        return
    by_end: dict[int, _Span] = {}
    for sp in spans:
        if sp.form == "name" or sp.form == "heuristic":
            by_end.setdefault(sp.end, sp)
    for m in _ACRONYM_PAREN.finditer(text):
        short = m.group(1)
        q = m.start()
        while q and text[q - 1] == " ":
            q -= 1
        sp = by_end.get(q)
        if (sp is not None and short[-1] != "-" and sum(map(str.isupper, short)) >= 2
                and _abbreviates(short, text[sp.start: sp.end])):
            yield short, sp


def _defined_acronyms(acronyms: Iterable[tuple[str, _Span]]) -> dict[str, _Span]:
    """Acronym -> the name an article defines it for (the first definition of each): what it means there, whatever
    the knowledge base calls so ("the Armed Forces of the Philippines (AFP)" is no news agency, "Japan's
    Self-Defense Forces (SDF)" no Syrian militia)."""
    out: dict[str, _Span] = {}
    for short, sp in acronyms:
        out.setdefault(short, sp)
    return out


def _short_forms(people: dict[str, _Span], acronyms: Iterable[tuple[str, _Span]]) -> dict[str, _Span]:
    """What an article may call an entity by, besides its name: the surnames of unknown people named in full,
    then the acronyms it defines (the first definition of each)."""
    out = _defined_acronyms(acronyms)
    out.update(people)
    return out


#: Offices an article may name a person by ("Qatar's prime minister", "the Russian president"), as the knowledge
#: base's roles write them ("Prime Minister of Qatar"): the office in lower case, "defense" spelled "defence".
_OFFICES = ("president", "vice president", "prime minister", "premier", "foreign minister", "defence minister",
            "chancellor", "king", "queen", "emir", "supreme leader", "crown prince")
#: An office, where a country's possessive or a demonym ends ("Qatar's prime minister", "the Russian president").
_OFFICE_AT = re.compile(r"(?i:vice[ ]president|president|prime[ ]minister|premier|foreign[ ]minister|"
                        r"defen[cs]e[ ]minister|chancellor|king|queen|emir|supreme[ ]leader|crown[ ]prince)"
                        r"(?![^\W\d_])")
_POSSESSIVES = ("'s ", "\u2019s ")


def _offices_of(role: str) -> list[str]:
    """The offices of a knowledge-base role held now: "President of Ukraine" -> ["president"], "Prime Minister
    and Foreign Minister of Qatar" -> ["prime minister", "foreign minister"]; none for "former ..." and
    "... (until September 2025)"."""
    role = role.strip()
    if not role or role.lower().startswith("former") or "(until" in role:
        return []
    head = re.split(r" of | \(", role, maxsplit=1)[0].lower().replace("defense", "defence")
    return [office for office in head.split(" and ") if office in _OFFICES]


def _role_spans(text: str, spans: Sequence[_Span], ex: _Extractor, *, headline: bool) -> list[_Span]:
    """People named by their office and country: "Qatar's prime minister", "the Russian president", "the US
    president" (a country's possessive, or a demonym or country after "the", right before the office), when
    the knowledge base knows the one person who holds it now.  An office followed by a capitalized word
    titles a name ("Russian President Vladimir Putin", already found), and one followed by a comma and a
    name stands in apposition to it ("Russia's foreign minister, Sergei Lavrov,"), as does one after a name and
    a comma ("Rishi Sunak, the UK Prime Minister"): none is a reference of its own; nor is an office of
    something else ("the Emirati president of the COP28 summit").  ``spans``: the part's spans,
    sorted by start."""
    holders = ex.office_holders
    if not holders or headline:
        return []
    starts = [sp.start for sp in spans]
    out = []
    for before in spans:
        if not before.country:
            continue
        if (before.type == "COUNTRY" and before.form in ("name", "short")
                and text.startswith(_POSSESSIVES, before.end)):
            at = before.end + 3
        elif ((before.form == "demonym" or before.type == "COUNTRY") and text.startswith(" ", before.end)
              and _THE_BEFORE.search(text, max(0, before.start - 5), before.start)):
            at = before.end + 1  # "the Russian president", "the US president"
        else:
            continue
        m = _OFFICE_AT.match(text, at)
        if m is None:
            continue
        s, e = m.span()
        after = text[e: e + 4]
        if re.match(r"[ ][A-Z]", after):
            continue  # a title before a name
        if after.startswith(" of "):
            continue  # another office: "the Emirati president of the COP28 summit"
        i = bisect.bisect_left(starts, e)
        if after.startswith(", ") and i < len(spans) and spans[i].type == "PERSON" and spans[i].start <= e + 3:
            continue  # "Russia's foreign minister, Sergei Lavrov,"
        if i > 0 and spans[i - 1].end > s:
            continue  # inside a name
        k = bisect.bisect_left(starts, before.start)
        if k > 0 and spans[k - 1].type == "PERSON" and _APPOSITION_BEFORE.fullmatch(text, spans[k - 1].end,
                                                                                    before.start):
            continue  # "Rishi Sunak, the UK Prime Minister": the person named, whoever holds the office now
        holder = holders.get((before.country, " ".join(m.group().lower().replace("defense", "defence").split())))
        if holder is not None:
            out.append(_Span(s, e, holder.ent, holder.name, "PERSON", holder.country, "heuristic", "role"))
    return out


def _unknown_people(ex: _Extractor, spans: Iterable[_Span]) -> dict[str, _Span]:
    """Surname -> first unknown person of an article's heuristic spans (body first) known by it; a person named
    in full ("Tony Blair") comes before one known only by the surname ("Mr Blair"). A name written family name
    first is known by its first word too ("Han" of "Han Duck-soo", "Lin" of "Lin Jian";
    :func:`_family_name_first`), unless that word is another's surname."""
    people: dict[str, _Span] = {}
    family: dict[str, _Span] = {}  # family names written first ("Han" of "Han Duck-soo")
    for sp in spans:
        if sp.type == "PERSON" and sp.ent.startswith("person:") and sp.method == "heuristic":
            words = sp.name.split()
            surname = words[-1]
            if ex.unknown_word(surname):
                known = people.get(surname)
                if known is None or (" " in sp.name and " " not in known.name):
                    people[surname] = sp
            if 2 <= len(words) <= 3 and _family_name_first(words) and ex.unknown_word(words[0]):
                family.setdefault(words[0], sp)
    for name, sp in family.items():
        people.setdefault(name, sp)
    return people


def _yielding_names(spans: Iterable[_Span]) -> dict[str, tuple[_Span, bool]]:
    """Word -> (unknown person named in full in an article whom a knowledge-base short name of that word may stand
    for there, whether it is the family name written first): the last word of the name ("Wagner" of "Richard
    Wagner"), and the first of a name written family name first ("Kim" of "Kim Moon-soo")."""
    out: dict[str, tuple[_Span, bool]] = {}
    for sp in spans:
        if sp.type == "PERSON" and sp.method == "heuristic" and sp.ent.startswith("person:") and " " in sp.name:
            words = sp.name.split()
            if _family_name_first(words):
                out.setdefault(words[0], (sp, True))
            out.setdefault(words[-1], (sp, False))
    return out


def _yield_short(sp: _Span, text: str, names: Mapping[str, tuple[_Span, bool]], full: set[str]) -> _Span:
    """``sp``, or the unknown person of ``names`` it stands for: a knowledge-base short name in an article that
    names in full an unknown person of that name and not the knowledge base's entity (``full``: the entities the
    article names in full), when the name is that person's family name written first ("Kim" of "Kim Moon-soo":
    Korean news call everyone by it) or the knowledge base's entity is no person ("Wagner" of "Richard
    Wagner"); a person's surname stays the known person's ("Hunter Biden met Biden")."""
    if sp.form == "short" and sp.method == "kb" and sp.ent not in full:
        found = names.get(text[sp.start:sp.end])
        if found is not None and (found[1] or sp.type != "PERSON"):
            person = found[0]
            return _Span(sp.start, sp.end, person.ent, person.name, "PERSON", person.country, "heuristic", "short")
    return sp


def _family_name_first(words: list[str]) -> bool:
    """Whether a person's name ``words`` is written family name first: an East Asian family name first, or a
    hyphenated given name last ("Duck-soo", "Jang-won")."""
    last = words[-1]
    hyphen = last.find("-")
    return words[0] in FAMILY_NAMES_FIRST or (0 < hyphen < len(last) - 1 and last[hyphen + 1].islower())


def _surname_only(name: str) -> str | None:
    """The surname of a name that is nothing but a surname ("Blair"; "de Miranda", "van der Berg": particles
    and a surname), else None."""
    words = name.split()
    if len(words) == 1 or all(w in _NAME_PARTICLES for w in words[:-1]):
        return words[-1]
    return None


def _link_surnames(spans: list[_Span], people: dict[str, _Span]) -> list[_Span]:
    """Heuristic people known by their surname alone ("Mr Blair", after a title; "de Miranda"), or by the last two
    words of a longer name ("Gonz\u00e1lez Urrutia", as Spanish and Portuguese names go by two surnames), that end
    the name of an unknown person named in full in the article ("Tony Blair", "Luis de Miranda", "Edmundo
    Gonz\u00e1lez Urrutia") are that person."""
    out = []
    for sp in spans:
        surname = _surname_only(sp.name) if sp.type == "PERSON" else None
        if surname is None and sp.type == "PERSON" and sp.name.count(" ") == 1:
            # two surnames: "Gonz\u00e1lez Urrutia" of "Edmundo Gonz\u00e1lez Urrutia"
            surname = sp.name.rsplit(" ", 1)[1]
        known = people.get(surname) if surname is not None else None
        if known is not None and known.ent != sp.ent and (known.name.endswith(" " + sp.name)
                                                           or known.name.startswith(sp.name + " ")):
            sp = _Span(sp.start, sp.end, known.ent, known.name, known.type, known.country, sp.method, "short")
        out.append(sp)
    return out


def _body_token_starts(article: Article) -> list[int]:
    """Start offsets of ``article.tokens``: from the cached tokens, else from one pass of the token pattern."""
    tokens = article.__dict__.get("tokens")
    if tokens is not None:
        return list(map(_FIRST, tokens))
    from .tokenization import token_starts

    return token_starts(article.text, sentences=article.sentences)


_FIRST = operator.itemgetter(0)


def _token_start_array(article: Article) -> np.ndarray:
    """:func:`_body_token_starts` as an int64 array."""
    tokens = article.__dict__.get("tokens")
    if tokens is not None:
        return np.fromiter(map(_FIRST, tokens), dtype=np.int64, count=len(tokens))
    return np.asarray(_body_token_starts(article), dtype=np.int64)


def _token_starts(articles: Sequence[Article]) -> tuple[np.ndarray, np.ndarray]:
    """The number of tokens of each article, and their start offsets one article after the other (one
    pass over the tokens of those already tokenized)."""
    cached = [a.__dict__.get("tokens") for a in articles]
    if all(t is not None for t in cached):
        n_toks = np.fromiter(map(len, cached), dtype=np.int64, count=len(cached))
        starts = np.fromiter(map(_FIRST, itertools.chain.from_iterable(cached)), dtype=np.int64,
                             count=int(n_toks.sum()))
        return n_toks, starts
    arrays = [_token_start_array(a) for a in articles]
    n_toks = np.fromiter(map(len, arrays), dtype=np.int64, count=len(arrays))
    return n_toks, np.concatenate(arrays) if arrays else np.zeros(0, dtype=np.int64)


def _article_columns(article: Article, ex: _Extractor, cols: list[list], *, token_index: bool) -> None:
    """Append the mentions of ``article`` to ``cols`` (one list per column of the table)."""
    parts: dict[str, str] = {"body": article.text}
    if article.title:
        parts["headline"] = article.title
    boxes = {part: [None] for part in parts}
    cands = {part: ex.scan(text, headline=part == "headline", box=boxes[part]) for part, text in parts.items()}
    spans = _resolve_short(cands, ex, parts)
    heur: dict[str, list[_Span]] = {}
    for part, text in parts.items():
        heur[part] = ex.heuristic(text, spans[part], headline=part == "headline", box=boxes[part])
    names = _yielding_names(sp for part in parts for sp in heur[part])
    if names:  # a knowledge-base short name yields to an unknown person the article names in full
        full = {sp.ent for part in parts for sp in spans[part] if sp.form != "short"}
        spans = {part: [_yield_short(sp, parts[part], names, full) for sp in found] for part, found in spans.items()}
    people = _unknown_people(ex, [sp for part in parts for sp in heur[part]])
    if people:
        heur = {part: _link_surnames(found, people) for part, found in heur.items()}
    acronyms = [a for part, text in parts.items() for a in _acronyms(text, spans[part] + heur[part])]
    shorts = _short_forms(people, acronyms)
    meant = _defined_acronyms(acronyms)
    if meant:  # an acronym the article defines is what it says, not the knowledge base's namesake
        spans = {part: [sp for sp in found if (d := meant.get(parts[part][sp.start:sp.end])) is None
                        or d.ent == sp.ent] for part, found in spans.items()}
    (c_aid, c_part, c_sid, c_pid, c_start, c_end, c_surface, c_ent, c_name, c_type, c_country, c_method,
     c_ti, c_form, c_ner) = cols
    aid = article.id
    for part, text in parts.items():
        allspans = spans[part] + heur[part]
        allspans += _surname_pass(text, [(sp.start, sp.end) for sp in allspans], shorts)
        if not allspans:
            continue
        allspans.sort(key=_START)
        roles = _role_spans(text, allspans, ex, headline=part == "headline")
        if roles:
            allspans = sorted(allspans + roles, key=_START)
        n = len(allspans)
        starts = [sp.start for sp in allspans]
        ends = [sp.end for sp in allspans]
        forms = [sp.form for sp in allspans]
        types = [sp.type for sp in allspans]
        if part == "body":
            sents = article.sentences
            sent_starts = [x.start for x in sents]
            idx = [bisect.bisect_right(sent_starts, x) - 1 for x in starts]
            c_sid += [sents[i].id if i >= 0 else 0 for i in idx]
            c_pid += [sents[i].paragraph_id if i >= 0 else 0 for i in idx]
            if token_index:
                tok_starts = _body_token_starts(article)
                c_ti += [bisect.bisect_right(tok_starts, x) - 1 for x in starts]
            else:
                c_ti += [-1] * n
        else:
            c_sid += [0] * n
            c_pid += [0] * n
            c_ti += [-1] * n
        c_aid += [aid] * n
        c_part += [part] * n
        c_start += starts
        c_end += ends
        c_surface += [text[x:y] for x, y in zip(starts, ends)]
        c_ent += [sp.ent for sp in allspans]
        c_name += [sp.name for sp in allspans]
        c_type += types
        c_country += [sp.country for sp in allspans]
        c_method += [sp.method for sp in allspans]
        c_form += forms
        c_ner += ["MISC" if f == "demonym" else _CONLL_GET(t, "MISC") for f, t in zip(forms, types)]


# ---------------------------------------------------------------------- batch path
#: Characters of article text scanned at once by :func:`_batch_frame`.
BATCH_CHARS = 1 << 22


@cache
def _char_tables(size: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per code point below ``size``: word character (``str.isalnum``), ``str.isupper``, and the
    folded lower-case code point of :func:`geoanalysis.kb.fold_text` (32 for non-word characters)."""
    chars = [chr(i) for i in range(size)]
    word = np.fromiter(map(str.isalnum, chars), dtype=bool, count=size)
    upper = np.fromiter(map(str.isupper, chars), dtype=bool, count=size)
    low = np.fromiter((ord(x[0]) for x in map(str.lower, chars)), dtype=np.uint32, count=size)  # "İ" -> "i"
    return word, upper, np.where(word, low, np.uint32(32)).astype(np.uint32)


@cache
def _fold_table_16() -> np.ndarray | None:
    """The folding table of :func:`_char_tables` for the Basic Multilingual Plane as 16-bit code units, or
    None if a folded character would leave it (then a UTF-16 round trip would not be exact)."""
    low = _char_tables(0x10000)[2]
    if int(low.max()) > 0xFFFF or ((low >= 0xD800) & (low < 0xE000)).any():
        return None
    return low.astype(np.uint16)


def _fold_codes(codes: np.ndarray, bmp: bool) -> str:
    """The text of code points ``codes`` folded as :func:`geoanalysis.kb.fold_text` does (no capital sigma).

    Text within the Basic Multilingual Plane is folded as 16-bit units: half
    the memory traffic of the 32-bit table.
    """
    table16 = _fold_table_16() if bmp else None
    if table16 is not None:
        return table16.take(codes.astype(np.uint16)).tobytes().decode("utf-16-le")
    return _char_tables(0x10000 if bmp else 0x110000)[2][codes].tobytes().decode("utf-32-le")


def _ac_matches(automaton: Any, text: str) -> np.ndarray:
    """(end, key) pairs of every match of an Aho-Corasick automaton over ``text``, as an (n, 2) array."""
    if not len(automaton):
        return np.empty((0, 2), dtype=np.int64)
    flat = np.fromiter(itertools.chain.from_iterable(automaton.iter(text)), dtype=np.int64)
    return flat.reshape(-1, 2)


_PART_NAMES = np.array(["body", "headline"], dtype=object)  # one string object each, whatever the rows


def _without(drop: list[int], *arrays: np.ndarray) -> tuple[np.ndarray, ...]:
    """The parallel ``arrays`` of the knowledge-base spans without the entries at the indices ``drop``."""
    live = np.ones(len(arrays[0]), dtype=bool)
    live[drop] = False
    return tuple(a[live] for a in arrays)


def _batch_frame(articles: list[Article], ex: _Extractor, *, token_index: bool) -> pd.DataFrame | None:
    """The mentions table of ``articles`` (sorted by id), scanning their texts as one.

    Same result as :func:`_article_columns` article by article: the headlines
    and bodies are joined with newlines (no match, sequence or context window
    crosses one: context windows are clipped to their part), the knowledge-base
    scan, case checks, longest-leftmost selection and resolution run as array
    operations over the whole batch, and only the rare cases (acronyms, partial
    names, capitalized sequences the knowledge base does not cover) go through
    the per-part Python rules.  Returns None when the text cannot be encoded
    (lone surrogates); the caller then takes the per-article path.
    """
    texts: list[str] = []
    owner: list[int] = []
    head: list[bool] = []
    for ai, a in enumerate(articles):
        texts.append(a.text)
        owner.append(ai)
        head.append(False)
        if a.title:
            texts.append(a.title)
            owner.append(ai)
            head.append(True)
    big = "\n".join(texts)
    try:
        codes = np.frombuffer(big.encode("utf-32-le"), dtype=np.uint32)
    except UnicodeEncodeError:
        return None
    n_parts = len(texts)
    lens = np.fromiter(map(len, texts), dtype=np.int64, count=n_parts)
    pstart = np.zeros(n_parts, dtype=np.int64)
    np.cumsum(lens[:-1] + 1, out=pstart[1:])
    pend = pstart + lens
    owner_a = np.array(owner, dtype=np.int64)
    head_a = np.array(head, dtype=bool)
    arr = ex.arrays
    bmp = not len(codes) or int(codes.max()) < 0x10000
    word, upper, _ = _char_tables(0x10000 if bmp else 0x110000)

    # ---- knowledge-base scan (Aho-Corasick over the folded text, as Extractor.scan)
    if (codes == 0x3A3).any():  # capital sigma: str.lower depends on the context
        low = " ".join(fold_text(t) for t in texts)
    else:
        low = _fold_codes(codes, bmp)
    combined, shared = ex.combined  # one pass; case-sensitive keys are checked below
    found = _ac_matches(combined, " " + low + " ")
    E, K = found[:, 0], found[:, 1]
    n_keys = len(ex.m.keys)
    cue_ends = None
    if ex.cue_words is not None:
        cue = K >= n_keys + len(shared)
        cue_ends = _cue_ends(big, codes, E[cue], K[cue] - (n_keys + len(shared)), ex.cue_words)
        E, K = E[~cue], K[~cue]
    if shared and (K >= n_keys).any():  # a value shared by several keys: one candidate per key, in place
        many = np.flatnonzero(K >= n_keys)
        groups = [shared[k - n_keys] for k in K[many].tolist()]
        reps = np.ones(len(K), dtype=np.int64)
        reps[many] = [len(g) for g in groups]
        first = np.cumsum(reps) - reps  # position of each original candidate after the repeat
        E, K = np.repeat(E, reps), np.repeat(K, reps)
        for start, g in zip(first[many].tolist(), groups):
            K[start: start + len(g)] = g
    S = E - arr["length"][K]
    END = E - 1
    P = np.searchsorted(pstart, S, side="right") - 1
    ok = END <= pend[P]  # a match across the newline between two parts
    c0 = arr["c0"][K]
    ok &= (c0 < 0) | upper[codes[np.where(c0 >= 0, S + c0, 0)]]
    sel = np.flatnonzero(ok & (arr["n_more"][K] > 0))
    if len(sel):
        offs = arr["more"][K[sel]]
        good = (offs < 0) | upper[codes[np.where(offs >= 0, S[sel, None] + offs, 0)]]
        ok[sel] = good.all(axis=1)
    exact = arr["exact"][K]
    texts_exact = ex.exact_texts
    for x in np.flatnonzero(ok & exact).tolist():
        if fold_text(big[S[x]: END[x]], lower=False) != texts_exact[K[x]]:
            ok[x] = False
    arrival = np.flatnonzero(ok)
    S, END, K, P, exact = S[arrival], END[arrival], K[arrival], P[arrival], exact[arrival]
    spec = np.flatnonzero(arr["special"][K])
    if len(spec):
        info = ex.key_info
        for x in spec.tolist():
            k, s0, end, p = int(K[x]), int(S[x]), int(END[x]), int(P[x])
            _, _, short_exact, trim, dot = info[k]
            if short_exact:
                ctx = big[max(int(pstart[p]), s0 - 20): min(end + 20, int(pend[p]))]
                if not any(c.islower() for c in ctx):
                    S[x] = -1  # all-caps context: "LET US", "IN"
                    continue
            if trim:
                S[x] = s0 + trim
            if dot and end < pend[p] and big[end] == ".":
                END[x] = end + 1
        live = S >= 0
        S, END, K, P, arrival, exact = S[live], END[live], K[live], P[live], arrival[live], exact[live]
    # (start, -length, folded before case-sensitive, arrival): the order of Extractor.scan
    order = np.lexsort((arrival, exact, S - END, S))
    order = order[_longest_leftmost(S[order], END[order])]
    S, END, K, P = S[order], END[order], K[order], P[order]
    glue = np.flatnonzero(arr["glue"][K] & ~head_a[P])
    if len(glue):
        boxes: dict[int, list] = {}
        drop = []
        amb = ex.ambiguous
        key_glue = ex.key_glue
        for x in glue.tolist():
            p, k = int(P[x]), int(K[x])
            ps = int(pstart[p])
            c = (int(S[x]) - ps, int(END[x]) - ps, k)
            text = texts[p]
            if (key_glue[k] or text[c[0]: c[1]] in amb) and ex._glued(text, c, boxes.setdefault(p, [None])):
                drop.append(x)
        if drop:
            S, END, K, P = _without(drop, S, END, K, P)
    else:
        boxes = {}

    # ---- partial names resolved against the people named in full in the same article
    ENT = arr["entity"][K]
    amb_x = np.flatnonzero(arr["ambiguous"][K])
    if len(amb_x):
        A = owner_a[P]
        a_lo = np.searchsorted(A, np.arange(len(articles)), side="left")
        a_hi = np.searchsorted(A, np.arange(len(articles)), side="right")
        full_of = arr["full"][K]
        amb = arr["ambiguous"][K]
        found: dict[int, tuple[dict[int, int], set[str]]] = {}
        for x in amb_x.tolist():
            a = int(A[x])
            if a not in found:
                fp: dict[int, int] = {}
                for i0 in full_of[a_lo[a]: a_hi[a]].tolist():
                    if i0 >= 0:
                        fp[i0] = fp.get(i0, 0) + 1
                own = ENT[a_lo[a]: a_hi[a]][~amb[a_lo[a]: a_hi[a]]]
                found[a] = fp, set(ex.countries[i] for i in own.tolist())
            fp, places = found[a]
            ENT[x] = _pick(ex.key_ents[int(K[x])], fp, places, ex.countries)

    # ---- unknown names: capitalized sequences not covered by one knowledge-base span
    seqs = _batch_sequences(ex, big, codes, S, END, word, upper, pstart.tolist(), cue_ends)
    heur: dict[int, list[_Span]] = {}
    drop_kb: list[int] = []
    if seqs:
        sq = np.array(seqs, dtype=np.int64)
        if len(S):
            i = np.searchsorted(S, sq[:, 0], side="right") - 1
            sq = sq[~((i >= 0) & (END[np.maximum(i, 0)] >= sq[:, 1]))]
        if len(sq):
            SP = np.searchsorted(pstart, sq[:, 0], side="right") - 1
            cuts = np.flatnonzero(np.diff(SP)) + 1
            types, forms, countries = arr["types"], arr["form"], arr["countries"]
            for group in np.split(np.arange(len(sq)), cuts):
                p = int(SP[group[0]])
                ps = int(pstart[p])
                lo = int(np.searchsorted(S, ps, side="left"))
                hi = int(np.searchsorted(S, pend[p], side="left"))
                ents = ENT[lo:hi]
                kb = _PartSpans((S[lo:hi] - ps).tolist(), (END[lo:hi] - ps).tolist(), types[ents].tolist(),
                                forms[K[lo:hi]].tolist(), countries[ents].tolist())
                local = (sq[group] - ps).tolist()
                spans, drop = ex.heuristic_spans(texts[p], kb, local, headline=head[p],
                                                 box=boxes.setdefault(p, [None]))
                if spans:
                    heur[p] = spans
                drop_kb.extend(lo + x for x in drop)
    if drop_kb:
        S, END, K, P, ENT = _without(drop_kb, S, END, K, P, ENT)

    # ---- surname-only references to unknown people, and defined acronyms (per article, body and headline)
    people_of: dict[int, dict[str, _Span]] = {}
    by_article: dict[int, list[int]] = {}
    for p in range(n_parts):
        by_article.setdefault(owner[p], []).append(p)

    def part_range(p: int) -> range:
        """The indices into the span arrays (as they are now) of part ``p``'s knowledge-base spans."""
        return range(int(np.searchsorted(S, pstart[p], side="left")), int(np.searchsorted(S, pend[p], side="left")))

    if heur:
        # a knowledge-base short name yields to an unknown person the article names in full ("Kim" of "Kim
        # Moon-soo"): its span leaves the arrays for one among the part's unknown names
        yielded: list[int] = []
        for a in sorted({owner[p] for p in heur}):
            names = _yielding_names(sp for p in by_article[a] for sp in heur.get(p, []))
            if not names:
                continue
            ids, forms = arr["ids"], arr["form"]
            ranges = {p: part_range(p) for p in by_article[a]}
            # (only a short name spelled as one of the names may yield)
            spans_of = {p: [x for x in r if forms[K[x]] == "short" and big[int(S[x]):int(END[x])] in names]
                        for p, r in ranges.items()}
            if not any(spans_of.values()):
                continue
            full = {ids[ENT[x]] for r in ranges.values() for x in r if forms[K[x]] != "short"}
            for p, found in spans_of.items():
                ps = int(pstart[p])
                for x in found:
                    sp = _Span(int(S[x]) - ps, int(END[x]) - ps, ids[ENT[x]], "", arr["types"][ENT[x]], "", "kb",
                               "short")
                    person = _yield_short(sp, texts[p], names, full)
                    if person is not sp:
                        yielded.append(x)
                        heur.setdefault(p, []).append(person)
        if yielded:
            S, END, K, P, ENT = _without(yielded, S, END, K, P, ENT)
            for p in heur:
                heur[p].sort(key=_START)
        for a in sorted({owner[p] for p in heur}):
            people = _unknown_people(ex, [sp for p in by_article[a] for sp in heur.get(p, [])])
            if people:
                people_of[a] = people
                for p in by_article[a]:
                    if p in heur:
                        heur[p] = _link_surnames(heur[p], people)

    def kb_spans(p: int) -> list[_Span]:
        """The knowledge-base spans of part ``p`` as :class:`_Span` (offsets in the part), sorted."""
        ps = int(pstart[p])
        r = part_range(p)
        lo, hi = r.start, r.stop
        e_ids, e_names, e_types, e_countries = arr["ids"], arr["names"], arr["types"], arr["countries"]
        return [_Span(s - ps, e - ps, e_ids[i], e_names[i], e_types[i], e_countries[i], "kb", f)
                for s, e, i, f in zip(S[lo:hi].tolist(), END[lo:hi].tolist(), ENT[lo:hi].tolist(),
                                      arr["form"][K[lo:hi]].tolist())]

    def parts_of(pattern: re.Pattern) -> list[int]:
        """The parts where ``pattern`` matches, in order."""
        return sorted({int(x) for x in np.searchsorted(pstart, [m.start() for m in pattern.finditer(big)],
                                                       side="right") - 1})

    defined = parts_of(_ACRONYM_PAREN)
    if defined:
        overridden: list[int] = []
        for a in sorted({owner[p] for p in defined}):
            acronyms = []
            for p in by_article[a]:
                acronyms.extend(_acronyms(texts[p], kb_spans(p) + heur.get(p, [])))
            if acronyms:
                people_of[a] = _short_forms(people_of.get(a, {}), acronyms)
                # an acronym the article defines is what it says, not the knowledge base's namesake: its spans
                # leave the arrays, and the surname pass below gives them the defined name
                meant = _defined_acronyms(acronyms)
                overridden.extend(x for p in by_article[a] for x in part_range(p)
                                  if (d := meant.get(big[int(S[x]):int(END[x])])) is not None
                                  and d.ent != arr["ids"][ENT[x]])
        if overridden:
            S, END, K, P, ENT = _without(overridden, S, END, K, P, ENT)
    extra_s: list[int] = []
    extra_e: list[int] = []
    extra_p: list[int] = []
    extra: list[_Span] = []
    for p, spans in heur.items():
        for sp in spans:
            extra_s.append(sp.start + int(pstart[p]))
            extra_e.append(sp.end + int(pstart[p]))
            extra_p.append(p)
            extra.append(sp)
    for a, people in people_of.items():
        for p in by_article[a]:
            ps, r = int(pstart[p]), part_range(p)
            taken = list(zip((S[r.start:r.stop] - ps).tolist(), (END[r.start:r.stop] - ps).tolist()))
            taken += [(sp.start, sp.end) for sp in heur.get(p, [])]
            for sp in _surname_pass(texts[p], taken, people):
                extra_s.append(sp.start + ps)
                extra_e.append(sp.end + ps)
                extra_p.append(p)
                extra.append(sp)
    # ---- people named by their office ("Qatar's prime minister"), per body
    if ex.office_holders and len(S):
        # a country's possessive, or a demonym or a country before a space: the parts where an office may
        # follow (cheap array tests first, the pattern only there)
        after_end = np.minimum(END, len(codes) - 1)
        country = arr["types"][ENT] == "COUNTRY"
        cand = ((country & ((codes[after_end] == 0x27) | (codes[after_end] == 0x2019)))
                | ((arr["demonym"][K] | country) & (codes[after_end] == 0x20))) & ~head_a[P] & (END < len(codes))
        role_parts = sorted({int(p) for x, p in zip(np.flatnonzero(cand).tolist(), P[cand].tolist())
                             if _OFFICE_AT.match(big, int(END[x]) + (3 if big[int(END[x])] != " " else 1))})
        if role_parts:
            found_in: dict[int, list[_Span]] = {}
            for p, sp in zip(extra_p, extra):
                found_in.setdefault(p, []).append(sp)
            for p in role_parts:
                ps = int(pstart[p])
                for sp in _role_spans(texts[p], sorted(kb_spans(p) + found_in.get(p, []), key=_START), ex,
                                      headline=False):
                    extra_s.append(sp.start + ps)
                    extra_e.append(sp.end + ps)
                    extra_p.append(p)
                    extra.append(sp)

    # ---- the table
    n_kb = len(S)
    if n_kb + len(extra) == 0:
        return _empty()
    starts = np.concatenate([S, np.array(extra_s, dtype=np.int64)])
    ends = np.concatenate([END, np.array(extra_e, dtype=np.int64)])
    parts = np.concatenate([P, np.array(extra_p, dtype=np.int64)])
    order = np.argsort(starts, kind="stable")
    starts, ends, parts = starts[order], ends[order], parts[order]

    def column(kb_values: np.ndarray, attr: str) -> np.ndarray:
        out = np.empty(n_kb + len(extra), dtype=object)
        out[:n_kb] = kb_values
        out[n_kb:] = [getattr(sp, attr) for sp in extra]
        return out[order]

    ent_col = column(arr["ids"][ENT], "ent")
    name_col = column(arr["names"][ENT], "name")
    type_col = column(arr["types"][ENT], "type")
    country_col = column(arr["countries"][ENT], "country")
    method_col = column(np.full(n_kb, "kb", dtype=object), "method")
    form_col = column(arr["form"][K], "form")
    ner_kb = np.where(arr["demonym"][K], "MISC", arr["ner"][ENT]).astype(object)
    ner_col = column(ner_kb, "type")
    if extra:
        h = order >= n_kb
        ner_col[h] = ["MISC" if f == "demonym" else _CONLL_GET(t, "MISC") for f, t in zip(form_col[h], type_col[h])]
    is_head = head_a[parts]
    art = owner_a[parts]
    local_start = starts - pstart[parts]
    local_end = ends - pstart[parts]
    # sentence, paragraph and token of body mentions: one sorted array over the batch's bodies
    sid = np.zeros(len(starts), dtype=np.int64)
    pid = np.zeros(len(starts), dtype=np.int64)
    ti = np.full(len(starts), -1, dtype=np.int64)
    body = np.flatnonzero(~is_head)
    if len(body):
        body_part = np.flatnonzero(~head_a)  # part index of each article's body (articles in order)
        body_start = pstart[body_part]
        sents = [a.sentences for a in articles]
        n_sents = np.fromiter(map(len, sents), dtype=np.int64, count=len(articles))
        flat = list(itertools.chain.from_iterable(sents))
        sent_first = np.zeros(len(articles), dtype=np.int64)
        np.cumsum(n_sents[:-1], out=sent_first[1:])
        sent_start = np.fromiter(map(_START, flat), dtype=np.int64, count=len(flat)) + np.repeat(body_start, n_sents)
        sent_id = np.fromiter(map(_ID, flat), dtype=np.int64, count=len(flat))
        sent_par = np.fromiter(map(_PARAGRAPH, flat), dtype=np.int64, count=len(flat))
        if token_index:
            n_toks, tok_all = _token_starts(articles)
            tok_first = np.zeros(len(articles), dtype=np.int64)
            np.cumsum(n_toks[:-1], out=tok_first[1:])
            tok_all += np.repeat(body_start, n_toks)
        xs = starts[body]
        ab = art[body]
        si = np.searchsorted(sent_start, xs, side="right") - 1
        inside = si >= sent_first[ab]
        sid[body] = np.where(inside, sent_id[np.maximum(si, 0)], 0)
        pid[body] = np.where(inside, sent_par[np.maximum(si, 0)], 0)
        if token_index:
            tix = np.searchsorted(tok_all, xs, side="right") - 1 - tok_first[ab]
            ti[body] = np.maximum(tix, -1)
    ids = np.array([a.id for a in articles], dtype=object)
    data = {
        "article_id": ids[art],
        "part": _PART_NAMES[is_head.astype(np.intp)],
        "sentence_id": sid,
        "paragraph_id": pid,
        "start": local_start,
        "end": local_end,
        "surface": _object([big[x:y] for x, y in zip(starts.tolist(), ends.tolist())]),
        "entity_id": ent_col,
        "name": name_col,
        "type": type_col,
        "country": country_col,
        "method": method_col,
        "token_index": ti,
        "form": form_col,
        "ner": ner_col,
    }
    return pd.DataFrame(data, copy=False)


#: what can continue a capitalized sequence after a space, besides an upper-case letter
_SEQ_GOES_ON = re.compile(rf"(?:{_CONNECT}[ ]|{_ARTICLE_PREFIX})")
#: the texts _SEQ_GOES_ON matches (each one word and its separator)
_GOES_ON_TEXTS = tuple(w + " " for w in _CONNECT_WORDS) + tuple(a + "-" for a in _ARTICLES)


def _goes_on_at(codes: np.ndarray, positions: np.ndarray) -> np.ndarray:
    """Whether :data:`_SEQ_GOES_ON` matches at each of ``positions`` of the text of code points ``codes``."""
    n = len(codes)
    out = np.zeros(len(positions), dtype=bool)
    if n == 0:
        return out
    first = np.where(positions < n, codes[np.minimum(positions, n - 1)], 0)
    for text in _GOES_ON_TEXTS:
        rows = np.flatnonzero(first == ord(text[0]))  # the few positions where the word may start
        at = positions[rows]
        hit = at + len(text) <= n
        for k in range(1, len(text)):
            hit &= codes[np.minimum(at + k, n - 1)] == ord(text[k])
        out[rows[hit]] = True
    return out


def _batch_sequences(ex: _Extractor, big: str, codes: np.ndarray, S: np.ndarray, END: np.ndarray,
                     word: np.ndarray, upper: np.ndarray, line_starts: Iterable[int],
                     cue_ends: Iterable[int] | None = None) -> list[tuple[int, int]]:
    """:meth:`_Extractor._sequences` of ``big`` (parts beginning at ``line_starts``, role cues ending at
    ``cue_ends`` when given) without the sequences lying inside one knowledge-base span.

    A sequence starting inside a span [S, END) that cannot run on past END is
    covered by that span, and the heuristics skip it: its pattern is not even
    tried.  It can run on only when END is followed by a letter or digit, a
    hyphen and a letter, an apostrophe and a capital, the period of an initial
    or a short honorific, or a space and a capital, a connector ("of", "bin")
    or "al-".
    """
    hits = np.fromiter(map(_MATCH_START, ex.pre.finditer(big)), dtype=np.int64)
    if len(hits) and len(S):
        n = len(codes)
        i = np.searchsorted(S, hits, side="right") - 1
        b = END[np.maximum(i, 0)]
        inside = (i >= 0) & (hits < b) & (b < n)
        if inside.any():
            at = lambda k: codes[np.clip(b + k, 0, n - 1)]  # noqa: E731
            cb, nb = at(0), at(1)
            short_word = ~word[at(-2)] | ~word[at(-3)] | ~word[at(-4)] | ~word[at(-5)]
            goes_on = (word[cb] | ((cb == 45) & word[nb]) | (((cb == 39) | (cb == 0x2019)) & upper[nb])
                       | ((cb == 46) & short_word) | ((cb == 32) & upper[nb]))
            maybe = np.flatnonzero(inside & ~goes_on & (cb == 32) & ~upper[nb])
            if len(maybe):
                goes_on[maybe] = _goes_on_at(codes, b[maybe] + 1)
            hits = hits[~(inside & ~goes_on)]
    return ex._sequences(big, hits.tolist(), line_starts, cue_ends)


@cache
def _capital_table() -> np.ndarray:
    """Per code point of the Basic Multilingual Plane: whether it is in the capitals class of the patterns
    (:data:`_UP`)."""
    capital = re.compile(f"[{_UP}]")
    return np.fromiter((capital.match(chr(i)) is not None for i in range(0x10000)), dtype=bool, count=0x10000)


def _cue_ends(big: str, codes: np.ndarray, ends: np.ndarray, which: np.ndarray, words: list[str]) -> list[int]:
    """The ends of :attr:`_Extractor.cue_cap_sp`'s matches in ``big``, from the automaton's matches of the
    padded cue words (" envoy "; ``ends`` in the padded folded text, ``which`` indexing ``words``).

    The automaton finds a cue word between two non-word characters, in any
    case; the pattern wants it in lower case, after a space and before a
    space and a capital.
    """
    lengths = np.array([len(w) for w in words], dtype=np.int64)[which]
    # " word " ends at ``ends`` in " " + text + " ": the word is text[end - len(word): end], end = ends - 1
    end = ends - 1
    start = end - lengths
    n = len(codes)
    ok = (start > 0) & (end + 1 < n)
    start, end, which = start[ok], end[ok], which[ok]
    after = np.minimum(codes[end + 1], 0xFFFF)
    ok = (codes[start - 1] == 32) & (codes[end] == 32) & _capital_table()[after]
    return [e for s, e, w in zip(start[ok].tolist(), end[ok].tolist(), which[ok].tolist()) if big[s:e] == words[w]]


def _longest_leftmost(S: np.ndarray, END: np.ndarray) -> np.ndarray:
    """Indices kept by the greedy pass over spans sorted by (start, -length): a span is kept when it starts
    at or after the end of the last kept one.

    A span starting at or after the end of every earlier span is kept whatever
    came before; the loop runs only over the others.
    """
    n = len(S)
    if n == 0:
        return np.empty(0, dtype=np.int64)
    reach = np.empty(n, dtype=np.int64)  # the furthest end of the spans before each one
    reach[0] = -1
    np.maximum.accumulate(END[:-1], out=reach[1:])
    clean = S >= reach
    if clean.all():
        return np.arange(n)
    keep = clean.copy()
    # the last clean span before each span (clean spans are always kept)
    last_clean = np.maximum.accumulate(np.where(clean, np.arange(n), -1))
    last_kept = -1
    last_end = -1
    others = np.flatnonzero(~clean)
    lc = last_clean[others]  # >= 0: the first span is clean
    for x, s, e, c, ce in zip(others.tolist(), S[others].tolist(), END[others].tolist(), lc.tolist(),
                              END[lc].tolist()):
        if c > last_kept:  # a clean span was kept after the last conflicting one
            last_kept, last_end = c, ce
        if s >= last_end:
            keep[x] = True
            last_kept, last_end = x, e
    return np.flatnonzero(keep)


def _batches(articles: list[Article]) -> Iterable[list[Article]]:
    """Consecutive runs of articles holding about :data:`BATCH_CHARS` characters of text each."""
    batch: list[Article] = []
    size = 0
    for a in articles:
        batch.append(a)
        size += len(a.text) + len(a.title or "")
        if size >= BATCH_CHARS:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def _trie_pattern(words: Iterable[str]) -> str:
    """A regular expression matching exactly ``words``, as a prefix tree of literals.

    >>> _trie_pattern(["chief", "chancellor", "envoy"])
    '(?:ch(?:ancellor|ief)|envoy)'
    """
    groups: dict[str, list[str]] = {}
    optional = False
    for w in sorted(set(words)):
        if w:
            groups.setdefault(w[0], []).append(w[1:])
        else:
            optional = True
    if not groups:
        return "" if optional else "(?!)"
    alts = []
    for head, rest in groups.items():
        prefix = head
        while len(rest) > 1 and all(r[:1] == rest[0][:1] != "" for r in rest):  # a shared run of letters
            prefix += rest[0][0]
            rest = [r[1:] for r in rest]
        alts.append(re.escape(prefix) + (_trie_pattern(rest) if rest != [""] else ""))
    body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
    return f"(?:{body})?" if optional else body


def _object(values: list) -> np.ndarray:
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


_START = operator.attrgetter("start")
_ID = operator.attrgetter("id")
_PARAGRAPH = operator.attrgetter("paragraph_id")
_CONLL_GET = CONLL_TYPES.get


def _columns_frame(cols: list[list]) -> pd.DataFrame:
    if not cols[0]:
        return _empty()
    data = {}
    for c, v in zip(MENTION_COLUMNS + EXTRA_COLUMNS, cols):
        if c in _INT_COLUMNS:
            data[c] = np.array(v, dtype=np.int64)
        else:  # object arrays built directly: pandas' own list conversion is several times slower
            arr = np.empty(len(v), dtype=object)
            arr[:] = v
            data[c] = arr
    return pd.DataFrame(data, copy=False)


def _empty() -> pd.DataFrame:
    df = pd.DataFrame({c: pd.Series(dtype="int64" if c in _INT_COLUMNS else "object")
                       for c in MENTION_COLUMNS + EXTRA_COLUMNS})
    return df


def _frame(rows: list[tuple]) -> pd.DataFrame:
    if not rows:
        return _empty()
    cols = list(zip(*rows))
    df = pd.DataFrame({c: list(v) for c, v in zip(MENTION_COLUMNS + EXTRA_COLUMNS, cols)})
    for c in _INT_COLUMNS:
        df[c] = df[c].astype("int64")
    return df


def _as_articles(data: Article | Corpus | str | Iterable[Article]) -> list[Article]:
    if isinstance(data, str):
        from .parsing import make_article

        return [make_article(data)]
    if isinstance(data, Article):
        return [data]
    arts = list(data)
    if not all(isinstance(a, Article) for a in arts):
        raise ValueError("data must be an Article, a Corpus, an iterable of Article or a str")
    return arts


def extract_mentions(
    data: Article | Corpus | str | Iterable[Article],
    *,
    kb: KnowledgeBase | None = None,
    backend: Literal["kb", "spacy"] = "kb",
    nlp: Any = None,
    token_index: bool = True,
    merge: bool = True,
) -> pd.DataFrame:
    """Entity mentions of an article, a corpus or a plain string.

    Parameters
    ----------
    data : Article, Corpus, iterable of Article or str
        A plain string is one article with id ``"text"`` and no headline.
    kb : KnowledgeBase, optional
        Defaults to :func:`geoanalysis.kb.load_kb`.
    backend : {"kb", "spacy"}, optional (default="kb")
        ``"spacy"`` takes the spans of ``nlp(text).ents`` (a spaCy pipeline,
        required) and sends them through the same canonicalization (knowledge
        base aliases, partial names, fuzzy person matching).
    nlp : spacy.language.Language, optional
    token_index : bool, optional (default=True)
        Compute ``token_index`` (tokenizes the body); -1 everywhere when False.
    merge : bool, optional (default=True)
        Merge spelling variants of unknown people across the articles
        (:func:`merge_variants`).

    Returns
    -------
    pandas.DataFrame
        The mentions table (see the module docstring).

    Examples
    --------
    >>> m = extract_mentions("Russian Foreign Minister Sergei Lavrov met Kim Jong-Un in Pyongyang.")
    >>> m[["surface", "entity_id", "type", "country"]].values.tolist()  # doctest: +NORMALIZE_WHITESPACE
    [['Russian', 'country:RUS', 'COUNTRY', 'RUS'],
     ['Sergei Lavrov', 'person:sergei-lavrov', 'PERSON', 'RUS'],
     ['Kim Jong-Un', 'person:kim-jong-un', 'PERSON', 'PRK'],
     ['Pyongyang', 'city:pyongyang', 'CITY', 'PRK']]
    """
    if backend not in ("kb", "spacy"):
        raise ValueError(f"backend = {backend!r} is invalid; it must be 'kb' or 'spacy'")
    if backend == "spacy" and nlp is None:
        raise ValueError("backend = 'spacy' needs a spaCy pipeline: pass nlp=spacy.load(...) or a blank pipeline")
    articles = sorted(_as_articles(data), key=lambda a: a.id)
    if not articles:
        LOGGER.warning("extract_mentions: no articles; returning an empty table")
        return _empty()
    kb = kb if kb is not None else load_kb()
    ex = _extractor(kb)
    if backend == "kb":
        frames = []
        for batch in _batches(articles):
            df = _batch_frame(batch, ex, token_index=token_index)
            if df is None:  # text the vectorized path cannot encode: article by article
                cols: list[list] = [[] for _ in MENTION_COLUMNS + EXTRA_COLUMNS]
                for art in batch:
                    _article_columns(art, ex, cols, token_index=token_index)
                df = _columns_frame(cols)
            frames.append(df)
        nonempty = [f for f in frames if len(f)]
        df = _empty() if not nonempty else nonempty[0] if len(nonempty) == 1 else pd.concat(nonempty, ignore_index=True)
        df = _share_countries(df)
    else:
        rows: list[tuple] = []
        for art in articles:
            rows.extend(_spacy_rows(art, ex, nlp, token_index=token_index))
        df = _frame(rows)
    if merge and len(articles) > 1:
        df = merge_variants(df)
    return df


def _share_countries(df: pd.DataFrame) -> pd.DataFrame:
    """Give every mention of an unknown entity in an article the country that one of them has there: "Russia's
    Maxim Oreshkin" tells the country of a later "Oreshkin" (the first country found in the article)."""
    heuristic = (df["method"] == "heuristic").to_numpy()
    if not heuristic.any():
        return df
    country = df["country"].to_numpy()
    empty = heuristic & (country == "")
    known = heuristic & ~empty
    if not empty.any() or not known.any():
        return df
    aid, eid = df["article_id"].to_numpy(), df["entity_id"].to_numpy()
    first: dict[tuple[str, str], str] = {}
    for k in np.flatnonzero(known).tolist():
        first.setdefault((aid[k], eid[k]), country[k])
    fill = [(k, first.get((aid[k], eid[k]))) for k in np.flatnonzero(empty).tolist()]
    fill = [(k, c) for k, c in fill if c]
    if not fill:
        return df
    df = df.copy()
    col = df.columns.get_loc("country")
    df.iloc[[k for k, _ in fill], col] = [c for _, c in fill]
    return df


# ---------------------------------------------------------------------- spaCy backend
_SPACY_TYPES = {"PERSON": "PERSON", "PER": "PERSON", "ORG": "ORG", "GPE": "LOCATION", "LOC": "LOCATION",
                "NORP": "MISC", "FAC": "LOCATION", "EVENT": "MISC", "WORK_OF_ART": "MISC", "LAW": "MISC",
                "PRODUCT": "MISC", "MISC": "MISC", "LANGUAGE": "MISC"}


def _canonical(ex: _Extractor, surface: str, label: str, full_people: set[str]) -> tuple[str, str, str, str, str, str]:
    """(entity_id, name, type, country, method, form) of a span from another recognizer."""
    kb = ex.kb
    text = _POSSESSIVE.sub("", surface.strip())
    text = re.sub(r"^(?i:the)\s+", "", text)
    ids = kb.lookup(text) or kb.lookup("the " + text)
    form = None
    if ids:
        form = kb.form_of(text) or kb.form_of("the " + text) or "name"
    else:
        short = kb.lookup(text, short=True)
        if short:
            named = [i for i in short if i in full_people]
            ids = [named[0] if named else short[0]]
            form = "short"
    if not ids and label in ("PERSON", "PER"):
        eid = ex.fuzzy_person(text)
        if eid:
            ids, form = [eid], "heuristic"
    if ids:
        rec = kb.get(ids[0])
        return rec["entity_id"], rec["name"], rec["type"], rec["country"], "kb", form
    etype = _SPACY_TYPES.get(label, "MISC")
    return f"{_ID_PREFIX[etype]}:{slugify(text)}", text, etype, "", "heuristic", "heuristic"


def _spacy_rows(article: Article, ex: _Extractor, nlp: Any, *, token_index: bool) -> list[tuple]:
    parts: dict[str, str] = {"body": article.text}
    if article.title:
        parts["headline"] = article.title
    docs = {part: nlp(text) for part, text in parts.items()}
    full_people = set()
    for doc in docs.values():
        for ent in doc.ents:
            ids = ex.kb.lookup(_POSSESSIVE.sub("", ent.text))
            if ids and ex.kb.get(ids[0])["type"] == "PERSON":
                full_people.add(ids[0])
    rows = []
    for part, doc in docs.items():
        text = parts[part]
        if part == "body":
            sent_starts = [s.start for s in article.sentences]
            tok_starts = [t.start for t in article.tokens] if token_index else []
        for ent in doc.ents:
            s, e = ent.start_char, ent.end_char
            surface = text[s:e]
            stripped = _POSSESSIVE.sub("", surface) if re.search(r"['’]s$", surface) else surface
            e = s + len(stripped)
            eid, name, etype, country, method, form = _canonical(ex, stripped, ent.label_, full_people)
            if part == "body":
                i = bisect.bisect_right(sent_starts, s) - 1
                sent = article.sentences[i] if i >= 0 else None
                sid, pid = (sent.id, sent.paragraph_id) if sent else (0, 0)
                ti = bisect.bisect_right(tok_starts, s) - 1 if token_index else -1
            else:
                sid, pid, ti = 0, 0, -1
            ner = "MISC" if form == "demonym" else CONLL_TYPES.get(etype, "MISC")
            rows.append((article.id, part, sid, pid, s, e, text[s:e], eid, name, etype, country, method, ti, form, ner))
    rows.sort(key=lambda r: (r[1], r[4]))
    return rows


# ---------------------------------------------------------------------- corpus-level steps
def merge_variants(mentions: pd.DataFrame, *, threshold: float = 90.0) -> pd.DataFrame:
    """Merge spelling variants of unknown (heuristic) people across a mentions table.

    Names are compared on a spelling-insensitive skeleton (diacritics, case,
    punctuation, ``y``/``i`` and doubled letters ignored) and, failing that,
    with the Levenshtein-based ratio of ``rapidfuzz`` [1]_ (``>= threshold``,
    same initial).  Each group takes the id and name of its most mentioned
    variant (ties: the alphabetically first id).

    Parameters
    ----------
    mentions : pandas.DataFrame
    threshold : float, optional (default=90.0)

    Returns
    -------
    pandas.DataFrame
        A copy with ``entity_id`` and ``name`` rewritten.

    References
    ----------
    .. [1] Levenshtein, V. I. (1966). Binary codes capable of correcting deletions,
       insertions, and reversals. Soviet Physics Doklady 10(8): 707-710.

    Examples
    --------
    >>> df = pd.DataFrame({"entity_id": ["person:ivan-petrenko", "person:ivan-petrenkko", "person:ivan-petrenko"],
    ...                    "name": ["Ivan Petrenko", "Ivan Petrenkko", "Ivan Petrenko"],
    ...                    "type": ["PERSON"] * 3, "method": ["heuristic"] * 3})
    >>> merge_variants(df)["entity_id"].unique().tolist()
    ['person:ivan-petrenko']
    """
    if not 0 < threshold <= 100:
        raise ValueError(f"threshold = {threshold} is invalid; it must be in (0, 100]")
    sel = (mentions["method"] == "heuristic").to_numpy()
    if not sel.any():
        return mentions
    sel &= (mentions["type"] == "PERSON").to_numpy()
    sel[sel] = [e.startswith("person:") for e in mentions["entity_id"].to_numpy()[sel]]
    if not sel.any():
        return mentions
    counts = mentions.loc[sel].groupby(["entity_id", "name"]).size().reset_index(name="n")
    counts = counts.sort_values(["n", "entity_id"], ascending=[False, True]).drop_duplicates("entity_id")
    mapping = _variant_groups([(eid, name) for eid, name, _ in counts.itertuples(index=False)], threshold)
    out = mentions.copy()
    ids = out.loc[sel, "entity_id"]
    out.loc[sel, "name"] = [mapping[i][1] for i in ids]
    out.loc[sel, "entity_id"] = [mapping[i][0] for i in ids]
    return out


def _variant_groups(people: list[tuple[str, str]], threshold: float) -> dict[str, tuple[str, str]]:
    """``{entity_id: (id, name) of its group}`` for ``(entity_id, name)`` in order of precedence.

    Each name joins the first representative (an earlier name that joined none) with the same skeleton,
    or with the same initial, both skeletons of 6 letters or more and a ratio >= ``threshold``; else it
    represents a new group. Representatives are kept per initial and the ratios computed by rapidfuzz's
    ``process.extract`` over them at once, so the cost is not a Python loop over every pair.
    """
    from rapidfuzz import fuzz, process

    exact: dict[str, tuple[str, str]] = {}  # skeleton -> its first representative
    long: dict[str, tuple[list[str], list[tuple[str, str]]]] = {}  # initial -> skeletons >= 6, targets
    mapping: dict[str, tuple[str, str]] = {}
    for eid, name in people:
        sk = _skeleton(name)
        target = exact.get(sk)
        if target is None and len(sk) >= 6 and sk[:1] in long:
            keys, targets = long[sk[:1]]
            hits = process.extract(sk, keys, scorer=fuzz.ratio, score_cutoff=threshold, limit=None)
            if hits:
                target = targets[min(i for _, _, i in hits)]
        if target is None:  # a new representative
            target = (eid, name)
            exact.setdefault(sk, target)
            if len(sk) >= 6:
                keys, targets = long.setdefault(sk[:1], ([], []))
                keys.append(sk)
                targets.append(target)
        mapping[eid] = target
    return mapping


def _check_mentions(mentions: pd.DataFrame) -> None:
    missing = [c for c in ("article_id", "entity_id", "name", "type", "country") if c not in mentions.columns]
    if missing:
        raise ValueError(f"mentions is missing the columns {missing}; use geoanalysis.extract_mentions")


def to_country_level(mentions: pd.DataFrame, *, kb: KnowledgeBase | None = None) -> pd.DataFrame:
    """Roll mentions up to their country: people, cities, institutions and demonyms -> ``country:XXX``.

    Rows whose ``country`` is empty (international organizations, groupings,
    unknown names) keep their entity, and so do news media (``type`` MEDIA):
    an outlet is a source, not an actor of its country.

    Examples
    --------
    >>> m = extract_mentions("The Kremlin said Putin will visit Beijing.")
    >>> to_country_level(m)[["surface", "entity_id", "name"]].values.tolist()  # doctest: +NORMALIZE_WHITESPACE
    [['Kremlin', 'country:RUS', 'Russia'], ['Putin', 'country:RUS', 'Russia'],
     ['Beijing', 'country:CHN', 'China']]
    """
    _check_mentions(mentions)
    kb = kb if kb is not None else load_kb()
    out = mentions.copy()
    has = (out["country"].fillna("") != "") & (out["type"] != "MEDIA")
    if has.any():
        codes = out.loc[has, "country"]
        names = {}
        for c in codes.unique():
            eid = f"country:{c}"
            names[c] = kb.get(eid)["name"] if eid in kb else c
        out.loc[has, "entity_id"] = "country:" + codes
        out.loc[has, "name"] = codes.map(names)
        out.loc[has, "type"] = "COUNTRY"
    return out


def entity_frequency(
    mentions: pd.DataFrame,
    *,
    by: Literal["article", "corpus"] = "article",
    level: Literal["entity", "country"] = "entity",
    parts: Sequence[str] = ("body", "headline"),
) -> pd.DataFrame:
    """Mentions per entity, per article or over the corpus.

    Parameters
    ----------
    mentions : pandas.DataFrame
        A mentions table (:func:`extract_mentions`).
    by : {"article", "corpus"}, optional (default="article")
        ``"corpus"`` pools the articles (``article_id`` is then ``"corpus"``);
        pooled counts equal the sum of per-article counts.
    level : {"entity", "country"}, optional (default="entity")
        ``"country"`` first applies :func:`to_country_level`.
    parts : sequence of {"body", "headline"}, optional
        Which parts of the articles to count.

    Returns
    -------
    pandas.DataFrame
        ``article_id, entity_id, name, type, mentions, share, country``; ``share``
        is the entity's fraction of the mentions of its article (or corpus).
        Sorted by article, mentions (descending) and entity id.

    Examples
    --------
    >>> m = extract_mentions("Putin met Xi Jinping. Putin flew home to Russia.")
    >>> entity_frequency(m)[["name", "mentions", "share"]].values.tolist()
    [['Vladimir Putin', 2, 0.5], ['Russia', 1, 0.25], ['Xi Jinping', 1, 0.25]]
    >>> entity_frequency(m, level="country")[["name", "mentions"]].values.tolist()
    [['Russia', 3], ['China', 1]]
    """
    if by not in ("article", "corpus"):
        raise ValueError(f"by = {by!r} is invalid; it must be 'article' or 'corpus'")
    if level not in ("entity", "country"):
        raise ValueError(f"level = {level!r} is invalid; it must be 'entity' or 'country'")
    bad = set(parts) - {"body", "headline"}
    if bad:
        raise ValueError(f"parts = {tuple(parts)!r} is invalid; each must be 'body' or 'headline'")
    _check_mentions(mentions)
    m = mentions
    if "part" in m.columns:
        m = m.loc[m["part"].isin(list(parts))]
    if m.empty:
        return pd.DataFrame({c: pd.Series(dtype="int64" if c == "mentions" else "float64" if c == "share" else "object")
                             for c in FREQUENCY_COLUMNS})
    if level == "country":
        m = to_country_level(m)
    m = m.assign(article_id="corpus") if by == "corpus" else m
    # name/type/country: the first mention's (deterministic given the sorted table)
    first = m.drop_duplicates(["article_id", "entity_id"])[["article_id", "entity_id", "name", "type", "country"]]
    counts = m.groupby(["article_id", "entity_id"], sort=False).size().rename("mentions").reset_index()
    out = counts.merge(first, on=["article_id", "entity_id"], how="left")
    out["share"] = out["mentions"] / out.groupby("article_id")["mentions"].transform("sum")
    out = out.sort_values(["article_id", "mentions", "entity_id"], ascending=[True, False, True], kind="stable")
    return out[FREQUENCY_COLUMNS].reset_index(drop=True)


def kwic(
    corpus: Article | Corpus | str | Iterable[Article],
    query: str,
    *,
    window: int = 5,
    mentions: pd.DataFrame | None = None,
    kb: KnowledgeBase | None = None,
) -> pd.DataFrame:
    """Keyword in context [1]_ for an entity id, an entity name or alias, or a plain term.

    Parameters
    ----------
    corpus : Article, Corpus, iterable of Article or str
    query : str
        ``"person:vladimir-putin"`` (an entity id), ``"Putin"`` (any name or
        alias of the knowledge base, or the name of an unknown entity in the
        mentions: every mention of the entity is shown, whatever its surface)
        or a term ("sanctions": case-insensitive whole-word match in the body).
    window : int, optional (default=5)
        Tokens on each side.
    mentions : pandas.DataFrame, optional
        Precomputed mentions of ``corpus`` (computed when needed).
    kb : KnowledgeBase, optional

    Returns
    -------
    pandas.DataFrame
        ``article_id, part, sentence_id, start, end, left, keyword, right, entity_id``.

    References
    ----------
    .. [1] Luhn, H. P. (1960). Key word-in-context index for technical literature
       (KWIC index). American Documentation 11(4): 288-295.

    Examples
    --------
    >>> k = kwic("The Kremlin said Putin will visit Beijing soon.", "Vladimir Putin", window=2)
    >>> k[["left", "keyword", "right"]].values.tolist()
    [['Kremlin said', 'Putin', 'will visit']]
    >>> kwic("Sanctions bite. New sanctions came.", "sanctions", window=1)["right"].tolist()
    ['bite', 'came']
    """
    if window < 0:
        raise ValueError(f"window = {window} is invalid; it must be >= 0")
    if not query or not query.strip():
        raise ValueError("query = '' is invalid; give an entity id, a name or a term")
    articles = sorted(_as_articles(corpus), key=lambda a: a.id)
    kb = kb if kb is not None else load_kb()
    ids: list[str] = []
    if ":" in query and (query in kb or (mentions is not None and (mentions["entity_id"] == query).any())):
        ids = [query]
    else:
        if mentions is None:
            mentions = extract_mentions(articles, kb=kb)
        key = fold_text(query).strip()
        ids = list(dict.fromkeys(kb.lookup(query) + [
            e for e, surf, name in zip(mentions["entity_id"], mentions["surface"], mentions["name"])
            if fold_text(surf).strip() == key or fold_text(name).strip() == key]))
        present = set(mentions["entity_id"])
        ids += [e for e in kb.lookup(query, short=True) if e in present and e not in ids]
    hits: list[tuple] = []
    if ids and mentions is None:
        mentions = extract_mentions(articles, kb=kb)
    by_id = {a.id: a for a in articles}
    if ids:
        sel = mentions.loc[mentions["entity_id"].isin(ids)]
        for r in sel.itertuples(index=False):
            art = by_id.get(r.article_id)
            if art is None:
                continue
            hits.append((r.article_id, r.part, r.sentence_id, r.start, r.end, r.entity_id, art))
    else:
        pat = re.compile(r"(?<![^\W_])" + re.escape(fold_text(query).strip()) + r"(?![^\W_])")
        for art in articles:
            for mt in pat.finditer(fold_text(art.text)):
                sent = art.sentence_at(mt.start())
                hits.append((art.id, "body", sent.id if sent else 0, mt.start(), mt.end(), "", art))
    rows = []
    for aid, part, sid, s, e, eid, art in hits:
        text = art.text if part == "body" else (art.title or "")
        if part == "body":
            toks = art.tokens
        else:
            from .tokenization import word_tokens

            toks = word_tokens(text)
        starts = [t.start for t in toks]
        i = bisect.bisect_left(starts, s)  # first token starting at or after s
        j = bisect.bisect_left(starts, e)
        left = [t.text for t in toks[max(0, i - window): i] if t.end <= s]
        right = [t.text for t in toks[j: j + window]]
        rows.append((aid, part, sid, s, e, " ".join(left), text[s:e], " ".join(right), eid))
    out = pd.DataFrame(rows, columns=KWIC_COLUMNS)
    return out.sort_values(["article_id", "part", "start"], kind="stable").reset_index(drop=True)
