"""A reproducible synthetic news corpus for benchmarks: seeded, built from the knowledge base and sentence templates.

Articles are assembled from headline and sentence templates whose slots are
filled with entities of the package's knowledge base (people, countries,
cities, organizations, media), dates, numbers and a vocabulary of topic words,
so the entity extractor, co-occurrence, tone, quotes and keyness all have work
to do; the default articles are never repeated. As in real news, some of the
people are not in the knowledge base: each article has one to three people of
its own (an invented given name and surname), named in full and then often by
the surname alone, who fill about a third of its person slots; they exercise
the rules for unknown names and the surname pass. The same ``seed`` and
``n_words`` always give byte-identical files.

Usage::

    python benchmarks/synthetic.py --words 1000000 --out /tmp/corpus-1m
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Entity", "kb_entities", "generate_article", "generate_corpus"]


@dataclass(frozen=True)
class Entity:
    name: str
    type: str


# Used only when the package's knowledge base cannot be read.
_FALLBACK = [
    Entity(n, t)
    for t, names in {
        "PERSON": ["Vladimir Putin", "Xi Jinping", "Donald Trump", "Volodymyr Zelenskyy", "Narendra Modi",
                   "Kim Jong Un", "Emmanuel Macron", "Olaf Scholz", "Recep Tayyip Erdogan", "Ursula von der Leyen"],
        "COUNTRY": ["Russia", "China", "United States", "Ukraine", "India", "North Korea", "France", "Germany",
                    "Turkey", "Iran", "Japan", "Brazil", "Poland", "Israel", "South Africa"],
        "CITY": ["Moscow", "Beijing", "Washington", "Kyiv", "New Delhi", "Pyongyang", "Paris", "Berlin", "Ankara"],
        "ORG": ["NATO", "European Union", "United Nations", "BRICS", "Shanghai Cooperation Organisation", "G7"],
        "MEDIA": ["Reuters", "the New York Times", "Xinhua", "the BBC"],
    }.items()
    for n in names
]


def kb_entities() -> list[Entity]:
    """Entities of the package's knowledge base (name and type), sorted; a small built-in list as fallback.

    The GeoNames cities are left out: the corpus's entities are paired at random, so every entity added
    multiplies the distinct pairs, which real news do not. The corpus changes with the knowledge base, so
    compare benchmark runs of one commit, or of two commits on the corpus of one.
    """
    try:
        from geoanalysis.kb import load_kb

        kb = load_kb()
        entities = kb.entities[~kb.entities["entity_id"].isin(getattr(kb, "gazetteer_ids", ()))]
        names = entities[["name", "type"]].drop_duplicates()
        out = sorted({Entity(str(n), str(t)) for n, t in names.itertuples(index=False) if str(n).strip()},
                     key=lambda e: (e.type, e.name))
        if out:
            return out
    except Exception:  # noqa: BLE001 - the generator must work whatever the KB module looks like
        pass
    return list(_FALLBACK)


TOPICS = """sanctions talks ceasefire summit alliance trade tariffs energy pipeline oil gas grain exports imports
security defense missiles drones troops border frontline negotiations agreement treaty partnership investment
economy inflation currency reserves technology semiconductors satellites cyberattacks election parliament
coalition referendum refugees humanitarian aid reconstruction infrastructure ports shipping corridor nuclear
deterrence exercises deployment weapons ammunition artillery air defense navy fleet drills intelligence
diplomacy envoy embassy delegation minister ministry spokesman statement communique resolution veto council
budget debt loans bonds markets investors growth recession unemployment protests opposition crackdown
censorship propaganda media narrative influence rivalry competition cooperation mediation guarantees""".split()

ADJECTIVES = """significant growing fragile renewed cautious strategic economic military diplomatic unprecedented
limited broad tense historic bilateral multilateral regional global urgent controversial modest""".split()

VERBS = ["met", "criticized", "praised", "warned", "called", "urged", "hosted", "visited", "accused", "supported",
         "condemned", "welcomed", "rejected", "backed", "threatened", "thanked", "challenged", "joined"]

SENTENCES = [
    "{person} {verb} {person2} on {date} over the {adj} {topic} with {country}.",
    "{country} and {country2} signed a {adj} {topic} agreement in {city}, officials said.",
    "According to {media}, {person} said the {topic} talks with {org} would resume in {month}.",
    "\u201cWe will not accept {adj} {topic} on our {topic2},\u201d {person} said in {city}.",
    "{person} told reporters that \u201cthe {topic} must stop\u201d and that {country} was ready for {topic2}.",
    "The {org} summit in {city} focused on {topic}, {topic2} and the {adj} situation in {country}.",
    "Analysts in {city} expect {country} to raise {topic} by {number} percent by {year}.",
    "Since {year}, {country} has expanded its {topic} ties with {country2} despite {adj} {topic2}.",
    "Critics argue that the {adj} {topic} between {country} and {country2} threatens the {topic2} of {org}.",
    "{media} reported that {number} {topic} deals were signed during the visit of {person} to {city}.",
    "Officials in {country} described the {topic} as {adj}, while {person} called it a step toward {topic2}.",
    "The {adj} {topic} has become a test for {org} and for leaders such as {person}.",
    "Markets reacted calmly, and the {topic} index rose {number} points after the {topic2} announcement.",
    "It remains unclear whether the {topic} will survive the {adj} {topic2} of the coming months.",
]

# people of an article who are not in the knowledge base: a given name and an invented surname
GIVEN_NAMES = """Anna Maria Elena Sofia Laura Nadia Irina Fatima Amina Leila Olga Sara Grace Ruth Mei Aiko John
David Michael Peter Ivan Ahmed Omar Karim Pavel Jan Luis Carlos Tomas Yusuf Samuel Daniel Kenji Ravi""".split()
SURNAME_HEADS = "Kor Bal Mel Dar Ten Vos Ran Hal Sor Lind Mor Kast Brun Zel Oda Var Pell Tam Gor Nev".split()
SURNAME_TAILS = "enko ova berg ardt ini osk ez ides sson ak ler oglu ani ovic ström ena ayev uri".split()
LOCAL_SHARE = 0.3  # of the person slots filled by the article's own people

HEADLINES = [
    "{person} {verb} {person2} as {topic} talks stall",
    "{country} and {country2} deepen {topic} ties",
    "{org} weighs {adj} response to {topic} in {country}",
    "What the {topic} summit in {city} means for {country}",
]

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


class _Filler(dict):
    """Template slots, each drawn lazily from the seeded generator."""

    def __init__(self, rng: random.Random, pools: dict[str, list[str]], local: dict[str, bool] | None = None):
        super().__init__()
        self.rng = rng
        self.pools = pools
        self.local = local  # the article's own people -> named yet

    def __missing__(self, key: str) -> str:
        rng = self.rng
        base = key.rstrip("0123456789")
        if base == "date":
            day = dt.date(2022, 1, 1) + dt.timedelta(days=rng.randrange(1200))
            value = f"{MONTHS[day.month - 1]} {day.day}, {day.year}"
        elif base == "month":
            value = rng.choice(MONTHS)
        elif base == "year":
            value = str(rng.randrange(2014, 2030))
        elif base == "number":
            value = str(rng.randrange(2, 95))
        elif base == "person" and self.local and rng.random() < LOCAL_SHARE:
            value = rng.choice(sorted(self.local))
            if self.local[value] and rng.random() < 0.5:
                value = value.split()[-1]  # named before: the surname alone
            else:
                self.local[value] = True
        else:
            value = rng.choice(self.pools[base])
        self[key] = value
        return value


def _pools(entities: list[Entity]) -> dict[str, list[str]]:
    by_type: dict[str, list[str]] = {}
    for e in entities:
        by_type.setdefault(e.type, []).append(e.name)
    fallback = {e.type: [x.name for x in _FALLBACK if x.type == e.type] for e in _FALLBACK}
    pool = lambda t: by_type.get(t) or fallback[t]  # noqa: E731
    return {
        "person": pool("PERSON"), "country": pool("COUNTRY"), "city": pool("CITY"), "org": pool("ORG"),
        "media": pool("MEDIA"), "topic": TOPICS, "adj": ADJECTIVES, "verb": VERBS,
    }


def generate_article(rng: random.Random, pools: dict[str, list[str]], n_words: int, index: int) -> tuple[str, int]:
    """One article (plain text with headline, byline and date line) of about ``n_words`` words.

    Returns
    -------
    (str, int)
        The text and its number of body words (whitespace-separated).
    """
    local = {f"{rng.choice(GIVEN_NAMES)} {rng.choice(SURNAME_HEADS)}{rng.choice(SURNAME_TAILS)}": False
             for _ in range(rng.randrange(1, 4))}
    headline = rng.choice(HEADLINES).format_map(_Filler(rng, pools))
    headline = headline[0].upper() + headline[1:]
    author = rng.choice(pools["person"]) if rng.random() < 0.1 else f"Staff Writer {index % 97}"
    day = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(900))
    paragraphs, words = [], 0
    while words < n_words:
        sentences = []
        for _ in range(rng.randrange(2, 6)):
            sentence = rng.choice(SENTENCES).format_map(_Filler(rng, pools, local))
            sentences.append(sentence[0].upper() + sentence[1:])
            words += len(sentence.split())
        paragraphs.append(" ".join(sentences))
    text = f"{headline}\n\nBy {author}\n\n{MONTHS[day.month - 1]} {day.day}, {day.year}\n\n" + "\n\n".join(paragraphs)
    return text + "\n", words


def generate_corpus(
    n_words: int,
    out_dir: str | Path,
    *,
    seed: int = 0,
    words_per_article: int = 700,
) -> list[Path]:
    """Write a synthetic corpus of at least ``n_words`` body words to ``out_dir`` (one ``.txt`` per article).

    Article lengths vary between 0.3 and 1.7 times ``words_per_article``.

    Returns
    -------
    list of pathlib.Path
        The files, in order.
    """
    if n_words < 1:
        raise ValueError(f"n_words = {n_words} is invalid; it must be >= 1")
    if words_per_article < 10:
        raise ValueError(f"words_per_article = {words_per_article} is invalid; it must be >= 10")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    pools = _pools(kb_entities())
    paths, total, index = [], 0, 0
    while total < n_words:
        target = int(words_per_article * rng.uniform(0.3, 1.7))
        text, words = generate_article(rng, pools, min(target, max(n_words - total, 10)), index)
        path = out / f"synthetic-{index:07d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
        total += words
        index += 1
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=1_000_000, help="body words to generate (default: 1000000)")
    parser.add_argument("--out", type=Path, required=True, help="output folder")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    paths = generate_corpus(args.words, args.out, seed=args.seed)
    print(f"{len(paths)} articles written to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
