"""The geopolitical knowledge base: countries, people, organizations, groupings, places and media.

The country layer is built at load time from ``pycountry`` (ISO 3166: names,
official and common names, alpha-3 codes) merged with the curated
``data/kb_countries.csv`` (short forms such as "U.S." and "Britain", demonyms,
capitals); the world's cities of 500,000 people or more come from GeoNames
(``data/kb_cities.csv``); everything else comes from the curated
``data/kb_entities.csv``.
Users add their own entities with :func:`load_kb` ``(extra=...)`` (a CSV with
the columns of ``kb_entities.csv``).  Sources and license: ``data/README-kb.md``.

Tables
------
``entities``: ``entity_id, name, type, country, role, wikidata``.

``aliases``: ``alias, entity_id, form, match, priority`` where ``form`` is
``"name"`` (a full name or alias), ``"short"`` (a partial name such as a
surname, resolved per article), ``"demonym"`` or ``"capital"``, and ``match``
is ``"title"`` (case-insensitive, but each capitalized word of the alias must
be capitalized in the text), ``"exact"`` (case-sensitive; aliases without a
lower-case letter such as "US", "UK", "NATO") or ``"any"``.

Entity ids are stable slugs: ``country:RUS`` (ISO 3166 alpha-3),
``city:moscow``, ``person:vladimir-putin``, ``org:nato``, ``group:the-west``,
``region:europe``, ``media:reuters``.  Types: ``PERSON``, ``COUNTRY``,
``CITY``, ``REGION``, ``ORG``, ``GROUP``, ``MEDIA`` (and, for names found by
heuristics in :mod:`geoanalysis.entities`, ``LOCATION`` and ``MISC``).

Policies
--------
* Capitals are ``CITY`` entities tied to their country ("Washington" is
  ``city:washington``, country ``USA``; "Moscow" is ``city:moscow``): whether
  a capital stands for its government cannot be decided without a parser, so
  the literal place is kept and the country roll-up
  (:func:`geoanalysis.entities.to_country_level`) merges it with the country.
* Seats of government that are not cities ("Kremlin", "White House",
  "Downing Street", "Pentagon") are ``ORG`` entities tied to their country.
* "the West" and the adjective "Western" are one ``GROUP``
  (``group:the-west``); "West" alone is not an alias.
* "Congo" is the Democratic Republic of the Congo; "Korea"/"Korean" is South
  Korea; Jerusalem is listed as Israel's capital and Crimea and the Donbas
  under Ukraine (ISO 3166 / UN usage), without any political judgement.
"""
from __future__ import annotations

import csv
import json
import logging
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Iterable, Mapping

import pandas as pd

from .resources import data_path

__all__ = [
    "KnowledgeBase",
    "load_kb",
    "kb_rules",
    "person_gender",
    "slugify",
    "fold_text",
    "ENTITY_TYPES",
    "CONLL_TYPES",
]

LOGGER = logging.getLogger(__name__)

ENTITY_TYPES = ("PERSON", "COUNTRY", "CITY", "REGION", "LOCATION", "ORG", "GROUP", "MEDIA", "MISC")
#: CoNLL-2003 label of each type (demonym mentions are ``MISC`` whatever their entity's type).
CONLL_TYPES = {
    "PERSON": "PER",
    "COUNTRY": "LOC",
    "CITY": "LOC",
    "REGION": "LOC",
    "LOCATION": "LOC",
    "ORG": "ORG",
    "MEDIA": "ORG",
    "GROUP": "MISC",
    "MISC": "MISC",
}
ENTITY_COLUMNS = ["entity_id", "name", "type", "country", "role", "wikidata", "gender"]
ALIAS_COLUMNS = ["alias", "entity_id", "form", "match", "priority"]
_FORMS = ("name", "short", "demonym", "capital")

# one-to-one typographic folding (same length), then every non-alphanumeric character -> space
_TYPO = str.maketrans({"\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u2032": "'", "\u201c": '"', "\u201d": '"',
                       "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
                       "\u00a0": " "})
_NONWORD = re.compile(r"[\W_]")


@cache
def _word_table():
    """Boolean table over the Basic Multilingual Plane: is the code point a word character (``[^\\W_]``)?

    ``re``'s Unicode ``\\w`` minus ``_`` is exactly :meth:`str.isalnum`.
    """
    import numpy as np

    return np.array([chr(i).isalnum() for i in range(0x10000)], dtype=bool)


def _fold_nonword(text: str) -> str:
    """``_NONWORD.sub(" ", text)``, vectorized over the code points (numpy) for long texts."""
    if len(text) < 64:
        return _NONWORD.sub(" ", text)
    import numpy as np

    try:
        codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    except UnicodeEncodeError:  # lone surrogates
        return _NONWORD.sub(" ", text)
    if int(codes.max()) >= 0x10000:
        return _NONWORD.sub(" ", text)
    return np.where(_word_table()[codes], codes, np.uint32(32)).astype(np.uint32).tobytes().decode("utf-32-le")


def fold_text(text: str, *, lower: bool = True) -> str:
    """Same-length matching form of ``text``: punctuation and spaces become ``" "``.

    Every non-alphanumeric character maps to one space and (with ``lower``)
    letters are lower-cased character by character, so offsets into the folded
    text are offsets into ``text``.

    Examples
    --------
    >>> fold_text("Trump\u2019s U.S.-Russia talks")
    'trump s u s  russia talks'
    >>> fold_text("İstanbul")
    'istanbul'
    """
    out = _fold_nonword(text)
    if lower:
        low = out.lower()
        if len(low) != len(out):  # "İ", whose lower case is "i" and a combining dot: its first character
            low = "".join(c.lower()[0] for c in out)
        out = low
    return out


def slugify(value: str) -> str:
    """ASCII slug for entity ids.

    Examples
    --------
    >>> slugify("Volodymyr Zelenskyy")
    'volodymyr-zelenskyy'
    >>> slugify("Recep Tayyip Erdoğan")
    'recep-tayyip-erdogan'
    """
    # names recur within and across articles: each slug is made once (the memo is emptied when it grows large)
    slug = _SLUGS.get(value)
    if slug is None:
        if len(_SLUGS) >= _SLUGS_MAX:
            _SLUGS.clear()
        ascii_ = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
        slug = _SLUGS[value] = _NOT_SLUG.sub("-", ascii_.lower()).strip("-")
    return slug


_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_SLUGS: dict[str, str] = {}  # value -> slugify(value)
_SLUGS_MAX = 100_000


def _split(value: object) -> list[str]:
    if value is None or (isinstance(value, float) and value != value):
        return []
    return [s.strip() for s in str(value).split("|") if s.strip()]


def _read_csv(path: Path | str) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        lines = [line for line in fh if not line.startswith("#")]
    return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(lines)]


def _default_match(alias: str) -> str:
    letters = [c for c in alias if c.isalpha()]
    if letters and not any(c.islower() for c in letters):
        return "exact"
    return "title"


@cache
def kb_rules() -> Mapping[str, frozenset[str]]:
    """Cue words and stop lists of ``data/kb_rules.json`` (titles, organization words ...)."""
    raw = json.loads(data_path("kb_rules.json").read_text(encoding="utf-8"))
    return {k: frozenset(v) for k, v in raw.items() if not k.startswith("_")}


@cache
def _genders() -> tuple[dict[str, str], re.Pattern]:
    """Genders of given names (and of titles), and the pattern of a title that ends a text."""
    given = {r["name"]: r["gender"] for r in _read_csv(data_path("given_names_en.csv"))}
    rules = kb_rules()
    titles = {t: "m" for t in rules["male_titles"]} | {t: "f" for t in rules["female_titles"]}
    given |= titles  # a name that starts with a title ("King Charles III")
    alts = "|".join(re.escape(t) for t in sorted(titles, key=len, reverse=True))
    return given, re.compile(rf"(?<![\w.])({alts})\s+\Z")


def person_gender(entity_id: str = "", name: str = "", before: str = "", *,
                  kb: KnowledgeBase | None = None) -> str:
    """The gender of a person mention: ``"m"``, ``"f"``, or ``""`` when nothing tells.

    In order: the ``gender`` of a person of the knowledge base (``entity_id``; ``kb``, by default the
    built-in one, whose curated people all have one); a gendered title or form of address that ends
    ``before``, the text just before the mention ("Mrs. ", "Sir ", "King "; ``male_titles`` and
    ``female_titles`` of ``data/kb_rules.json``); the given name, the first word of ``name`` when it has
    two or more, in ``data/given_names_en.csv`` (the 1990 US Census first-name lists, names given to one
    gender at least ten times as often as to the other, plus given names of international news).

    Examples
    --------
    >>> person_gender("person:hillary-clinton"), person_gender(name="John Kerry"), person_gender(name="Xi")
    ('f', 'm', '')
    >>> person_gender(name="Doe", before="a statement by Mrs. ")
    'f'
    """
    given, title = _genders()
    people = (kb if kb is not None else load_kb()).person_genders
    if entity_id in people:
        return people[entity_id]
    if before:
        m = title.search(before)
        if m:
            return given[m.group(1)]
    words = name.split(maxsplit=1)
    # a name of one word is a surname ("Reyes"), which tells nothing
    return given.get(words[0].rstrip(".,"), "") if len(words) > 1 else ""


def _demonym_plurals(word: str) -> list[str]:
    """Regular plural nouns of a demonym: "Russian" -> "Russians", "German" -> "Germans", "Frenchman" ->
    "Frenchmen"; "French", "Swiss" -> none."""
    if " " in word and not word.split()[-1][0].isupper():
        return []
    if word.endswith(("ese", "sh", "ch", "ss", "x", "z", "s", "men", "women")) or word in {"Thai", "Lao", "Manx"}:
        return [] if word != "Thai" else ["Thais"]
    if word.endswith(("shman", "chman", "tsman")):  # "Frenchman", "Dutchman", "Scotsman"; not "German"
        return [word[:-3] + "men"]
    return [word + "s"]


def _country_rows() -> tuple[list[dict], list[dict]]:
    """Entities and aliases of the country layer (pycountry + kb_countries.csv)."""
    import pycountry

    curated = {r["alpha3"]: r for r in _read_csv(data_path("kb_countries.csv"))}
    entities: list[dict] = []
    aliases: list[dict] = []
    records = [(c.alpha_3, c) for c in pycountry.countries]
    known = {a for a, _ in records}
    records += [(a3, None) for a3 in curated if a3 not in known]  # e.g. XKX (Kosovo)
    for a3, c in records:
        cur = curated.get(a3, {})
        py_names = []
        if c is not None:
            py_names = [getattr(c, "common_name", None), c.name, getattr(c, "official_name", None)]
        py_names = [re.sub(r"\s*\(.*?\)\s*", " ", n).strip() for n in py_names if n]
        py_names = [n[4:] if n.startswith("the ") else n for n in py_names if "," not in n]
        name = cur.get("name") or (py_names[0] if py_names else a3)
        eid = f"country:{a3}"
        entities.append(dict(entity_id=eid, name=name, type="COUNTRY", country=a3,
                             role="sovereign state or territory (ISO 3166-1)" if c is not None else "partially recognized state",
                             wikidata=cur.get("wikidata", "")))
        for alias in [name, *_split(cur.get("aliases"))]:
            aliases.append(dict(alias=alias, entity_id=eid, form="name", priority=1))
        for alias in py_names:
            aliases.append(dict(alias=alias, entity_id=eid, form="name", priority=2))
        for dem in _split(cur.get("demonyms")):
            for form in [dem, *_demonym_plurals(dem)]:
                aliases.append(dict(alias=form, entity_id=eid, form="demonym", priority=3))
        for city in (cur.get("capital") or "").split(";"):
            spellings = _split(city)
            if not spellings:
                continue
            cid = f"city:{slugify(spellings[0])}"
            entities.append(dict(entity_id=cid, name=spellings[0], type="CITY", country=a3,
                                 role=f"capital of {name}", wikidata=""))
            for alias in spellings:
                aliases.append(dict(alias=alias, entity_id=cid, form="capital", priority=4))
    return entities, aliases


def _entity_rows(path: Path | str, *, priority: int) -> tuple[list[dict], list[dict]]:
    entities: list[dict] = []
    aliases: list[dict] = []
    for row in _read_csv(path):
        eid = row.get("entity_id", "")
        name = row.get("name", "")
        etype = (row.get("type") or "").upper()
        if not eid or not name or not etype:
            raise ValueError(f"{path}: every row needs entity_id, name and type; got {row}")
        if etype not in ENTITY_TYPES:
            raise ValueError(f"{path}: type = {etype!r} is invalid; it must be one of {ENTITY_TYPES}")
        gender = row.get("gender", "").lower()
        if gender not in ("", "m", "f"):
            raise ValueError(f"{path}: gender = {gender!r} of {eid} is invalid; it must be m, f or empty")
        entities.append(dict(entity_id=eid, name=name, type=etype, country=row.get("country", "").upper(),
                             role=row.get("role", ""), wikidata=row.get("wikidata", ""), gender=gender))
        match = row.get("match", "")
        for alias in dict.fromkeys([name, *_split(row.get("aliases"))]):
            aliases.append(dict(alias=alias, entity_id=eid, form="name", priority=priority, match=match))
        shorts = _split(row.get("short"))
        if etype == "PERSON" and not shorts and " " in name:
            shorts = [_default_short(name)]
        for alias in shorts:
            aliases.append(dict(alias=alias, entity_id=eid, form="short", priority=9, match=match))
    return entities, aliases


#: Words that join a given name to the father's in Arabic names ("Mohammed bin Salman").
PATRONYMICS = frozenset({"bin", "ibn", "bint"})


def _default_short(name: str) -> str:
    """The partial name of a person listed without one: the surname, or the patronymic and the father's name
    of an Arabic name that ends with them ("bin Salman" of "Mohammed bin Salman": "Salman" alone is
    the father, King Salman); the word before a suffix or a regnal number ("Abdullah" of "King Abdullah II",
    not "II"); the family name of one written family name first ("Wang" of "Wang Yi": "Yi" is a given name;
    an article that names another Wang in full means that one).

    >>> _default_short("Recep Tayyip Erdoğan"), _default_short("Mohammed bin Salman")
    ('Erdoğan', 'bin Salman')
    >>> _default_short("King Abdullah II"), _default_short("Dong Jun"), _default_short("Martin Luther King Jr.")
    ('Abdullah', 'Dong', 'King')
    """
    words = name.split()
    while len(words) > 1 and words[-1].rstrip(".,") in _NAME_SUFFIXES:
        words = words[:-1]
    if len(words) > 2 and words[-2] in PATRONYMICS:
        return " ".join(words[-2:])
    if words[0] in FAMILY_NAMES_FIRST and len(words) == 2:
        return words[0]
    return words[-1]


#: What may end a person's name after the surname: suffixes and regnal numbers.
_NAME_SUFFIXES = frozenset("Jr Sr II III IV V VI".split())
#: Family names of Korea, China and Vietnam, written before the given name ("Lin Jian", "Cho Kuk").
FAMILY_NAMES_FIRST = frozenset(
    "Kim Lee Park Choi Jung Kang Cho Yoon Jang Lim Han Oh Seo Shin Kwon Hwang Ahn Song Hong Moon Yoo Ko Chung Jeon "
    "Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Zhu Hu Guo Lin Luo Gao Liang Zheng Xie Tang Xi Feng "
    "Deng Cao Peng Zeng Xiao Tian Dong Pan Yuan Cai Jiang Yu Du Ye Cheng Wei Su Lu Ding Ren Shen Yao Qin Fu Fan "
    "Nguyen Tran Pham Hoang Phan Vu Vo Dang Bui Do Ngo Duong Ly".split())


@dataclass(frozen=True)
class _Key:
    """One normalized alias key of the matcher."""

    length: int  # of the folded alias (without padding)
    checks: tuple[int, ...]  # offsets that must be upper case in the text ("title" match)
    trim: int  # leading characters to drop from the span ("the West" -> "West")
    dot: bool  # the alias ends with "." (extend the span over a final period)
    exact: bool
    form: str  # "name" | "demonym" | "capital" | "short"
    entities: tuple[int, ...]  # entity indices, the default first
    one_word: bool = False  # the alias is a single word


class _Matcher:
    """Two Aho-Corasick automata (case-sensitive and folded) over padded, folded alias keys [1]_.

    References
    ----------
    .. [1] Aho, A. V. and Corasick, M. J. (1975). Efficient string matching: an aid
       to bibliographic search. Communications of the ACM 18(6): 333-340.
    """

    def __init__(self, kb: "KnowledgeBase"):
        import ahocorasick

        ids = list(kb.entities["entity_id"])
        ent_index = {e: i for i, e in enumerate(ids)}
        groups: dict[tuple[str, bool, str], list[tuple[str, int, int]]] = {}
        for alias, eid, form, match, prio in kb.aliases[ALIAS_COLUMNS].itertuples(index=False):
            exact = match == "exact"
            folded = fold_text(alias, lower=not exact).strip()
            if not folded:
                continue
            kind = "short" if form == "short" else "full"
            groups.setdefault((folded, exact, kind), []).append((alias, ent_index[eid], prio))
        full_keys = {(k[0] if not k[1] else k[0].lower()) for k in groups if k[2] == "full"}
        self.keys: list[_Key] = []
        self.exact = ahocorasick.Automaton()
        self.folded = ahocorasick.Automaton()
        merged: dict[tuple[str, bool], int] = {}
        for (folded, exact, kind), items in sorted(groups.items()):
            if kind == "short" and folded.lower() in full_keys:
                continue  # a partial name never shadows a full alias ("Jordan", "Washington")
            best = min(p for _, _, p in items)
            ents = tuple(dict.fromkeys(i for _, i, p in items if kind == "short" or p == best))
            aliases = [a for a, _, _ in items]
            any_case = all(kb._match_of.get((a, ids[i]), "") == "any" for a, i, _ in items)
            checks: tuple[int, ...] = ()
            if not exact and not any_case:
                sets = []
                for a in aliases:
                    pos = {m.start() for m in re.finditer(r"(?<![^\W_])[^\W\d_]", a) if a[m.start()].isupper()}
                    sets.append(pos)
                common = set.intersection(*sets) if sets else set()
                # offsets in the folded alias equal offsets in the alias (same-length folding)
                checks = tuple(sorted(common))
            trim = 4 if any(a.startswith("the ") for a in aliases) else 0
            dot = any(a.endswith(".") for a in aliases)
            form = "short" if kind == "short" else min((kb._form_of.get((a, ids[i]), "name") for a, i, _ in items),
                                                        key=_FORMS.index)
            key = _Key(len(folded), checks, trim, dot, exact, form, ents, one_word=len(folded.split()) == 1)
            automaton = self.exact if exact else self.folded
            pad = f" {folded} "
            if (pad, exact) in merged:  # full and short share a key: full wins
                continue
            merged[(pad, exact)] = len(self.keys)
            automaton.add_word(pad, len(self.keys))
            self.keys.append(key)
        for automaton in (self.exact, self.folded):
            if len(automaton):
                automaton.make_automaton()


class KnowledgeBase:
    """Entities and their aliases; build with :func:`load_kb`.

    Parameters
    ----------
    entities : pandas.DataFrame
        Columns ``entity_id, name, type, country, role, wikidata, gender``.
    aliases : pandas.DataFrame
        Columns ``alias, entity_id, form, match, priority``.

    Examples
    --------
    >>> kb = load_kb()
    >>> kb.get("country:RUS")["name"]
    'Russia'
    >>> kb.lookup("Zelensky")
    ['person:volodymyr-zelenskyy']
    >>> kb.lookup("Kremlin"), kb.get("org:kremlin")["country"]
    (['org:kremlin'], 'RUS')
    """

    def __init__(self, entities: pd.DataFrame, aliases: pd.DataFrame):
        self.entities = entities.reset_index(drop=True)
        self.aliases = aliases.reset_index(drop=True)
        self._by_id = {r["entity_id"]: r for r in self.entities.to_dict("records")}
        self._form_of = {(a, e): f for a, e, f in self.aliases[["alias", "entity_id", "form"]].itertuples(index=False)}
        self._match_of = {(a, e): m for a, e, m in self.aliases[["alias", "entity_id", "match"]].itertuples(index=False)}

    def __len__(self) -> int:
        return len(self.entities)

    def __contains__(self, entity_id: object) -> bool:
        return entity_id in self._by_id

    def __repr__(self) -> str:
        counts = self.entities["type"].value_counts().sort_index()
        return f"KnowledgeBase({len(self)} entities, {len(self.aliases)} aliases; " + ", ".join(
            f"{k}={v}" for k, v in counts.items()) + ")"

    def get(self, entity_id: str) -> dict:
        """The entity's record (``entity_id, name, type, country, role, wikidata, gender``).

        Raises
        ------
        KeyError
            If the knowledge base has no such entity.
        """
        try:
            return dict(self._by_id[entity_id])
        except KeyError:
            raise KeyError(f"no entity {entity_id!r} in the knowledge base") from None

    @cached_property
    def gazetteer_ids(self) -> frozenset[str]:
        """Ids of the GeoNames cities (``data/kb_cities.csv``; their ``role`` cites their GeoNames id)."""
        return frozenset(e for e, r in zip(self.entities["entity_id"], self.entities["role"]) if "(GeoNames " in r)

    @cached_property
    def _key_index(self) -> dict[tuple[str, bool], list[tuple[str, str]]]:
        """(folded alias, is_short) -> [(entity_id, form)], best priority first."""
        out: dict[tuple[str, bool], list[tuple[str, str]]] = {}
        for key, eid, form in self.aliases[["_key", "entity_id", "form"]].itertuples(index=False):
            out.setdefault((key, form == "short"), []).append((eid, form))
        return out

    def lookup(self, alias: str, *, short: bool = False) -> list[str]:
        """Entity ids whose names, aliases, demonyms or capitals fold to ``alias`` (case-insensitive).

        With ``short=True``, the entities that have ``alias`` as a partial name
        (e.g. ``"Kim"``), the knowledge base's default first.
        """
        hits = self._key_index.get((fold_text(alias).strip(), short), [])
        return list(dict.fromkeys(e for e, _ in hits))

    def form_of(self, alias: str) -> str | None:
        """The form (``"name"``, ``"demonym"``, ``"capital"``) of a full alias, or None."""
        hits = self._key_index.get((fold_text(alias).strip(), False), [])
        return hits[0][1] if hits else None

    def extend(self, *sources: str | Path | pd.DataFrame) -> "KnowledgeBase":
        """A new knowledge base with the entities of ``sources`` added (they win over built-in ones).

        Each source is a CSV path or a DataFrame with the columns of
        ``data/kb_entities.csv`` (``entity_id, name, type, aliases, short,
        country, role, wikidata, match, gender``; ``aliases``/``short`` ``|``-separated).
        """
        ents, als = [self.entities], [self.aliases.drop(columns="_key")]
        for src in sources:
            if isinstance(src, pd.DataFrame):
                import tempfile

                with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False, encoding="utf-8") as fh:
                    src.to_csv(fh, index=False)
                    path = fh.name
            else:
                path = str(src)
            e, a = _entity_rows(path, priority=0)
            new = pd.DataFrame(e, columns=ENTITY_COLUMNS)
            ents = [x.loc[~x["entity_id"].isin(new["entity_id"])] for x in ents] + [new]
            als = [x.loc[~x["entity_id"].isin(new["entity_id"])] for x in als] + [_alias_frame(a)]
        return _build(pd.concat(ents, ignore_index=True), pd.concat(als, ignore_index=True))

    @cached_property
    def person_genders(self) -> dict[str, str]:
        """``{entity_id: "m" | "f"}`` of the people with a ``gender``."""
        e = self.entities
        rows = e.loc[(e["type"] == "PERSON") & e["gender"].isin(["m", "f"])]
        return dict(zip(rows["entity_id"], rows["gender"]))

    @cached_property
    def matcher(self) -> _Matcher:
        """The compiled alias automata (built on first use)."""
        return _Matcher(self)

    def person_aliases(self) -> dict[str, str]:
        """Full aliases of every person -> entity id (for fuzzy matching of unknown names)."""
        a = self.aliases
        people = set(self.entities.loc[self.entities["type"] == "PERSON", "entity_id"])
        rows = a.loc[(a["form"] == "name") & a["entity_id"].isin(people)]
        return dict(zip(rows["alias"], rows["entity_id"]))


def _alias_frame(rows: list[dict]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=ALIAS_COLUMNS)
    df["match"] = df["match"].fillna("")
    return df


def _build(entities: pd.DataFrame, aliases: pd.DataFrame) -> KnowledgeBase:
    entities = entities.drop_duplicates("entity_id", keep="last").fillna("")
    aliases = aliases.loc[aliases["entity_id"].isin(entities["entity_id"])].copy()
    aliases["match"] = [m if m else _default_match(a) for a, m in zip(aliases["alias"], aliases["match"].fillna(""))]
    # stable on priority: within a priority the source order (curated prominence) is kept, so the
    # default entity of a shared partial name ("Clinton", "Kim") is the one listed first
    aliases = aliases.drop_duplicates(["alias", "entity_id", "form"]).sort_values("priority", kind="stable")
    aliases["_key"] = [fold_text(a).strip() for a in aliases["alias"]]
    return KnowledgeBase(entities.sort_values("entity_id", kind="stable"), aliases)


def _gazetteer_rows(entities: list[dict], aliases: list[dict]) -> tuple[list[dict], list[dict]]:
    """The GeoNames cities of ``data/kb_cities.csv`` that are not already ``entities`` (capitals, curated
    cities) and whose names no other entity has."""
    taken_ids = {r["entity_id"] for r in entities}
    taken = {fold_text(r["alias"]).strip() for r in aliases}
    g_ent, g_al = _entity_rows(data_path("kb_cities.csv"), priority=5)
    g_al = [r for r in g_al if r["entity_id"] not in taken_ids and fold_text(r["alias"]).strip() not in taken]
    kept = {r["entity_id"] for r in g_al}
    return [r for r in g_ent if r["entity_id"] in kept], g_al


@cache
def _load(extra: tuple[str, ...]) -> KnowledgeBase:
    c_ent, c_al = _country_rows()
    e_ent, e_al = _entity_rows(data_path("kb_entities.csv"), priority=0)
    g_ent, g_al = _gazetteer_rows(c_ent + e_ent, c_al + e_al)
    entities = pd.DataFrame(g_ent + c_ent + e_ent, columns=ENTITY_COLUMNS)
    # a curated entity that is also a capital (e.g. a city row in kb_entities) replaces the generated one
    kb = _build(entities, _alias_frame(g_al + c_al + e_al))
    if extra:
        kb = kb.extend(*extra)
    LOGGER.debug("loaded %r", kb)
    return kb


def load_kb(extra: str | Path | Iterable[str | Path] | None = None) -> KnowledgeBase:
    """The knowledge base, loaded once per process (and per ``extra``).

    Parameters
    ----------
    extra : path or iterable of paths, optional
        CSV files of user entities with the columns of ``data/kb_entities.csv``;
        their rows replace built-in entities with the same ``entity_id``.

    Returns
    -------
    KnowledgeBase

    Examples
    --------
    >>> kb = load_kb()
    >>> kb is load_kb()
    True
    >>> kb.lookup("U.K."), kb.lookup("Britain"), kb.lookup("British")
    (['country:GBR'], ['country:GBR'], ['country:GBR'])
    """
    if extra is None:
        paths: tuple[str, ...] = ()
    elif isinstance(extra, (str, Path)):
        paths = (str(Path(extra).resolve()),)
    else:
        paths = tuple(str(Path(p).resolve()) for p in extra)
    return _load(paths)
