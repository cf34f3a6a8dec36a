"""The world gazetteer: countries, first-level divisions, US counties, continents,
regions and GeoNames cities, read from ``geodata/world/`` (built by
``scripts/build_gazetteer.py``; see ``geodata/README.md``).

Lookups are exact on the normalised key (`normalise`): no fuzzy or skeleton matching.
Ranking candidates is the resolver's job; `lookup` only orders them by a stable default
(name kind, place kind, population) so that the first one is a sensible fallback.

Examples
--------
>>> from geoincidents import worldgaz
>>> [p.place_id for p in worldgaz.lookup("Ohio") if p.kind == "admin1"]
['a1:US-OH']
"""

from __future__ import annotations

import bisect
import csv
import functools
import re
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path

from unidecode import unidecode

from geoincidents import settings
from geoincidents.errors import GazetteerError
from geoincidents.worldtables import read_lines as _read_lines

#: Columns of ``places.csv``, in file order.
PLACE_COLUMNS: tuple[str, ...] = (
    "place_id", "name", "kind", "feature_code", "country", "admin1", "admin1_gn",
    "lat", "lon", "radius_m", "population", "within", "source",
)
#: Columns of ``names.csv``, in file order.
NAME_COLUMNS: tuple[str, ...] = ("norm", "name", "place_id", "name_kind")

#: Place kinds, broadest first (the default order of `lookup`).
KINDS: tuple[str, ...] = ("continent", "region", "country", "admin1", "admin2", "city")
#: Name kinds, strongest first.
NAME_KINDS: tuple[str, ...] = ("official", "ascii", "alternate", "abbreviation", "demonym")
#: feature code of a hamlet: a US post-office town that GeoNames' cities500 lacks, of
#: unknown population (GeoNames' "populated locality")
HAMLET_CODE = "PPLL"

# Leading tokens folded to one spelling when another word follows ("St. Louis",
# "Mt. Vernon", "Ft. Worth", "Sault Ste. Marie"); a last token is left alone
# ("Main St" is a street, not a saint).
_FOLD_TOKENS = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort"}
_APOSTROPHES = re.compile(r"['\u2019\u2018`\u02bc\u02bb]")
_NON_WORD = re.compile(r"[^0-9a-z]+")


def normalise(name: str) -> str:
    """The lookup key of a place name: ASCII-folded, casefolded, punctuation dropped.

    Periods and apostrophes vanish (``U.S.`` -> ``us``, ``Côte d'Ivoire`` ->
    ``cote divoire``), ``&`` reads ``and``, other punctuation separates words, a leading
    ``the`` goes, and ``St``/``Ste``/``Mt``/``Ft`` before another word become
    ``saint``/``sainte``/``mount``/``fort``. The build and the loader both use this
    function, so keys always agree.

    >>> normalise("the U.S.")
    'us'
    >>> normalise("St. Louis")
    'saint louis'
    >>> normalise("Guinea-Bissau")
    'guinea bissau'
    """
    text = unidecode(name).casefold().replace("&", " and ")
    text = _APOSTROPHES.sub("", text).replace(".", "")
    words = _NON_WORD.sub(" ", text).split()
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    for i, word in enumerate(words[:-1]):
        if word in _FOLD_TOKENS:
            words[i] = _FOLD_TOKENS[word]
    return " ".join(words)


#: Arabic's article before a name's first letter: "al"/"el", or assimilated to a "sun
#: letter" ("ash Shaddadah", "ar Raqqah", "as Suwayda", "ad Diwaniyah", "an Nasiriyah")
_SUN_LETTERS = ("sh", "th", "dh", "t", "d", "r", "z", "s", "n")
_ARTICLE_WORDS = frozenset({"al", "el", "ash", "ath", "adh", "at", "ad", "ar", "az", "as",
                            "an", "the"})


#: countries whose places English writes with or without the Arabic article: the Arab
#: League's members and Western Sahara
ARABIC_NAMES = frozenset("DZ BH KM DJ EG IQ JO KW LB LY MR MA OM PS QA SA SO SD SY TN AE YE "
                         "EH".split())


def with_article(key: str) -> list[str]:
    """The keys of a name written without its Arabic article, as a gazetteer may list it
    ("qamishli" -> "al qamishli", "el qamishli"; "shaddadah" -> "ash shaddadah").

    >>> with_article("raqqah")
    ['al raqqah', 'el raqqah', 'ar raqqah']
    >>> with_article("al raqqah")
    []
    """
    first = key.split(" ", 1)[0]
    if not first.isalpha() or first in _ARTICLE_WORDS:
        return []
    forms = [f"al {key}", f"el {key}"]
    sun = next((c for c in _SUN_LETTERS if key.startswith(c)), None)
    if sun is not None:
        forms.append(f"a{sun} {key}")
    return forms


@dataclass(frozen=True, slots=True)
class WorldPlace:
    """One place of the world gazetteer, as matched by one of its names.

    ``name_kind`` and ``matched`` say how it was found (empty when fetched by id);
    ``within`` holds the ids of the regions and continent a country belongs to.
    """

    place_id: str
    name: str
    kind: str
    feature_code: str
    country: str
    admin1: str
    admin1_gn: str
    lat: float
    lon: float
    radius_m: float
    population: int
    within: tuple[str, ...]
    source: str
    name_kind: str = ""
    matched: str = ""

    @property
    def lonlat(self) -> tuple[float, float]:
        return (self.lon, self.lat)


def world_dir() -> Path:
    """Folder of the world gazetteer files."""
    return settings.data_dir / "world"


class WorldGazetteer:
    """The loaded tables. Use `load` to get the shared instance.

    Both tables stay as sorted text lines: ``names`` sorted by its first column, the
    normalised key, ``places`` by ``place_id``; a lookup bisects the lines and parses
    only the rows it returns, so loading costs little more than decompressing.
    """

    def __init__(self, folder: Path) -> None:
        self._folder = folder
        self._place_lines = _read_lines(folder, "places", PLACE_COLUMNS)
        self._name_lines = _read_lines(folder, "names", NAME_COLUMNS)
        self._kind_rank = {k: r for r, k in enumerate(KINDS)}
        self._name_rank = {k: r for r, k in enumerate(NAME_KINDS)}
        self._children: dict[str, list[str]] | None = None
        self._cache: dict[str, WorldPlace] = {}

    def _row(self, stem: str, lines: list[str], i: int, width: int) -> list[str]:
        row = next(csv.reader([lines[i]]))
        if len(row) != width:
            raise GazetteerError(f"{self._folder / stem}.csv row {i + 2}: {len(row)} "
                                 f"fields, expected {width}")
        return row

    def _parse_place(self, i: int) -> WorldPlace:
        row = self._row("places", self._place_lines, i, len(PLACE_COLUMNS))
        try:
            return WorldPlace(*row[:7], float(row[7]), float(row[8]), float(row[9]),
                              int(row[10]) if row[10] else 0,
                              tuple(row[11].split()), row[12])
        except ValueError as exc:
            raise GazetteerError(f"{self._folder}/places.csv row {i + 2}: lat, lon, "
                                 f"radius_m or population is not a number ({exc})") from None

    def _find(self, place_id: str) -> WorldPlace | None:
        hit = self._cache.get(place_id)
        if hit is not None:
            return hit
        prefix = place_id + ","
        i = bisect.bisect_left(self._place_lines, prefix)
        if i < len(self._place_lines) and self._place_lines[i].startswith(prefix):
            hit = self._cache[place_id] = self._parse_place(i)
        return hit

    def __len__(self) -> int:
        return len(self._place_lines)

    def __contains__(self, place_id: object) -> bool:
        return isinstance(place_id, str) and self._find(place_id) is not None

    def get(self, place_id: str) -> WorldPlace:
        """The place with this id; `KeyError` naming the id when there is none."""
        hit = self._find(place_id)
        if hit is None:
            raise KeyError(f"no place with id {place_id!r} in the world gazetteer")
        return hit

    def lookup(self, name: str, *, kinds: tuple[str, ...] | None = None,
               name_kinds: tuple[str, ...] | None = None,
               articles: bool = False) -> list[WorldPlace]:
        """Every place with a name whose normalised key equals ``normalise(name)``.

        One entry per place (its strongest matching name kind). The order is a
        fallback, not a resolution: demonyms last, then the broadest place kind first
        (so "UK" gives the country before the village of Uk), then name kind, then
        population, then extent (largest first). ``kinds``/``name_kinds`` keep only
        those place or name kinds. ``articles``: a name with no entry may be an Arabic
        one written without its article (`with_article`): look that up.
        """
        key = normalise(name)
        if not key:
            return []
        lines = self._name_lines
        lo, hi = self._name_range(key)
        arabic_only = False
        if lo == hi and articles:
            # "Qamishli", "Hodeidah": an Arabic name written without the article that
            # its only entries carry ("Al Qamishli", "El-Hodeidah", "Ash Shaddadah"), in
            # a country that writes Arabic names ("El Control", Mexico, keeps its "El")
            arabic_only = True
            for form in with_article(key):
                lo, hi = self._name_range(form)
                if lo < hi:
                    break
        best: dict[str, tuple[int, str, str]] = {}
        for i in range(lo, hi):
            _, written, pid, name_kind = self._row("names", lines, i, len(NAME_COLUMNS))
            if name_kinds is not None and name_kind not in name_kinds:
                continue
            rank = self._name_rank.get(name_kind, len(NAME_KINDS))
            if pid not in best or rank < best[pid][0]:
                best[pid] = (rank, name_kind, written)
        out = []
        for pid, (rank, name_kind, written) in best.items():
            place = self._find(pid)
            if place is None:
                raise GazetteerError(f"{self._folder}/names.csv names place_id {pid!r}, "
                                     "which places.csv lacks")
            if (kinds is None or place.kind in kinds) and \
                    (not arabic_only or place.country in ARABIC_NAMES):
                out.append((rank, place, name_kind, written))
        demonym = self._name_rank["demonym"]
        out.sort(key=lambda t: (t[0] == demonym, self._kind_rank.get(t[1].kind, 9), t[0],
                                -t[1].population, -t[1].radius_m, t[1].place_id))
        return [replace(p, name_kind=nk, matched=w) for _, p, nk, w in out]

    def _name_range(self, key: str) -> tuple[int, int]:
        """The rows of ``names.csv`` whose key is ``key`` (bisected: the rows are sorted)."""
        lines = self._name_lines
        lo = bisect.bisect_left(lines, key + ",")
        return lo, bisect.bisect_left(lines, key + "-", lo)  # "-" sorts right after ","

    def demonyms(self) -> dict[str, str]:
        """``{demonym key: ISO code}`` of every country's demonyms ("russian": "RU",
        "kenyans": "KE"), from the names table; a word several countries share
        ("american": US, MP) goes to the most populous (a scan: cache the result)."""
        best: dict[str, tuple[int, str]] = {}
        # a byte search for the demonym rows: decoding all ~750,000 lines took 0.8 s
        for i in self._name_lines.containing(",demonym\n"):
            line = self._name_lines[i]
            if not line.endswith(",demonym") or ",cc:" not in line:
                continue
            key, _, pid, _ = self._row("names", self._name_lines, i, len(NAME_COLUMNS))
            place = self._find(pid)
            if place is None or place.kind != "country" or not place.country:
                continue
            if key not in best or place.population > best[key][0]:
                best[key] = (place.population, place.country)
        return {k: code for k, (_, code) in best.items()}

    def names_of(self, place_id: str) -> list[tuple[str, str]]:
        """``(name, name_kind)`` of every name of a place (a scan: for display)."""
        return [(row[1], row[3])
                for i in self._name_lines.containing(f",{place_id},")
                for row in [self._row("names", self._name_lines, i, len(NAME_COLUMNS))]
                if row[2] == place_id]

    # containment -------------------------------------------------------------
    def country_of(self, place: WorldPlace | str) -> WorldPlace | None:
        """The country a place lies in (itself for a country); None for regions."""
        p = self.get(place) if isinstance(place, str) else place
        return self._find(f"cc:{p.country}") if p.country else None

    def admin1_of(self, place: WorldPlace | str) -> WorldPlace | None:
        """The first-level division an admin2 or city lies in, when the build knew it."""
        p = self.get(place) if isinstance(place, str) else place
        if p.kind in ("continent", "region", "country", "admin1") or not p.admin1:
            return None
        return self._find(f"a1:{p.admin1}")

    def parents(self, place: WorldPlace | str) -> list[WorldPlace]:
        """Containing places, nearest first: admin1, country, then the country's
        regions and continent."""
        p = self.get(place) if isinstance(place, str) else place
        out: list[WorldPlace] = []
        a1 = self.admin1_of(p)
        if a1 is not None:
            out.append(a1)
        country = self.country_of(p)
        if country is not None and country.place_id != p.place_id:
            out.append(country)
        holder = country if country is not None else p
        out.extend(w for w in map(self._find, holder.within) if w is not None)
        return out

    def contains(self, outer: WorldPlace | str, inner: WorldPlace | str) -> bool:
        """Whether ``inner`` lies in ``outer`` by the gazetteer's hierarchy
        (continent/region > country > admin1 > admin2/city)."""
        o = outer if isinstance(outer, str) else outer.place_id
        i = self.get(inner) if isinstance(inner, str) else inner
        return o != i.place_id and any(p.place_id == o for p in self.parents(i))

    def children(self, place: WorldPlace | str, *, kind: str | None = None) -> list[WorldPlace]:
        """Places directly or indirectly inside ``place`` (countries of a region or
        continent, divisions and cities of a country or admin1), largest first."""
        pid = place if isinstance(place, str) else place.place_id
        if self._children is None:
            self._children = self._build_children()
        out = [p for p in map(self.get, self._children.get(pid, []))
               if kind is None or p.kind == kind]
        return sorted(out, key=lambda p: (self._kind_rank.get(p.kind, 9), -p.population,
                                          p.place_id))

    def _build_children(self) -> dict[str, list[str]]:
        kids: dict[str, list[str]] = defaultdict(list)
        countries: list[WorldPlace] = []
        for i in range(len(self._place_lines)):
            p = self._parse_place(i)
            if p.kind == "country":
                countries.append(p)
                for holder in p.within:
                    kids[holder].append(p.place_id)
            elif p.country:
                kids[f"cc:{p.country}"].append(p.place_id)
                if p.kind in ("admin2", "city") and p.admin1:
                    kids[f"a1:{p.admin1}"].append(p.place_id)
        # a region or continent holds its countries' contents as well
        for country in countries:
            inner = kids.get(country.place_id, [])
            for holder in country.within:
                kids[holder].extend(inner)
        return dict(kids)


@functools.lru_cache(maxsize=4)
def _load(folder: str) -> WorldGazetteer:
    return WorldGazetteer(Path(folder))


def load(folder: str | Path | None = None) -> WorldGazetteer:
    """The world gazetteer (read once per folder, then cached)."""
    return _load(str(folder if folder is not None else world_dir()))


def lookup(name: str, **kwargs: object) -> list[WorldPlace]:
    """`WorldGazetteer.lookup` on the bundled gazetteer."""
    return load().lookup(name, **kwargs)  # type: ignore[arg-type]


def get(place_id: str) -> WorldPlace:
    """`WorldGazetteer.get` on the bundled gazetteer."""
    return load().get(place_id)
