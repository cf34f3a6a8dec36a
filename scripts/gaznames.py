"""Names and places of the world-gazetteer build that come from curated tables or from
comparing names: natural features (``sources/features.csv``) and a city's spellings of
its own name (name kind ``ascii``). See ``geodata/README.md``."""

from __future__ import annotations

import re
from collections import defaultdict

from gazbuilder import Builder, read_curated

from geoincidents.worldgaz import NAME_KINDS, normalise

#: GeoNames feature codes a row of ``features.csv`` may carry
FEATURE_CODES = frozenset("OCN SEA GULF STRT CNL LK LKS MTS PK VLC PLAT ISL ISLS DLTA DSRT "
                          "FRST VAL SWMP PLN RGN".split())


def add_features(b: Builder) -> None:
    """Seas, lakes, mountain ranges, islands, deltas... that news names
    (``features.csv``, curated): regions with a point and radius of their own."""
    for line, row in enumerate(read_curated("features.csv"), start=2):
        if row["type"] not in FEATURE_CODES:
            raise ValueError(f"features.csv row {line}: type {row['type']!r} is not one "
                             f"of {sorted(FEATURE_CODES)}")
        pid = f"feat:{row['feature_id']}"
        b.place(pid, row["name"], "region", lat=float(row["lat"]), lon=float(row["lon"]),
                radius_m=1000.0 * float(row["radius_km"]), feature_code=row["type"],
                source="curated-feature")
        for alt in filter(None, row["alternates"].split("|")):
            b.name(pid, alt, "alternate")


_SPELLING = [(re.compile(p), r) for p, r in (
    (r"[ \-']", ""), (r"([bcdgkstz])h", r"\1"), (r"[yj]", "i"), (r"ou", "u"), (r"w", "v"),
    (r"q", "k"), (r"c", "k"), (r"(.)\1+", r"\1"))]


def spelling(name: str) -> str:
    """A transliteration-blind key of a name: "Zaporizhzhia" and "Zaporizhzhya",
    "Kharkiv" and "Charkiv" are one spelling; "Kyiv" and "Kiev" are not."""
    key = normalise(name)
    for pattern, repl in _SPELLING:
        key = pattern.sub(repl, key)
    return key


def demote_spellings(b: Builder) -> None:
    """A city's spelling of its own name (``ascii``, see `spelling`) that is the
    official name of a more populous place stays a mere alternate: "Pittsburgh" of
    Pittsburg, California, is Pittsburgh, Pennsylvania's name; "Zaporizhzhia" of the
    city of 710,000 outranks the village whose official name it is."""
    def pop(pid: str) -> int:
        return int(b.places[pid]["population"] or 0) if pid in b.places else 0
    official: dict[str, int] = defaultdict(int)
    for pid, by_key in b.names.items():
        for key, (_, kind, _) in by_key.items():
            if kind == "official":
                official[key] = max(official[key], pop(pid))
    for pid, by_key in b.names.items():
        for key, (_rank, kind, written) in list(by_key.items()):
            if kind == "ascii" and key in official and official[key] >= pop(pid):
                by_key[key] = (NAME_KINDS.index("alternate"), "alternate", written)
