"""Parts of a resolved text beyond the names: "northern Iraq" (a direction word
before an area names a part of it) and "the city" (refers back when the text fixes
which city)."""
from __future__ import annotations

import re
from collections.abc import Sequence
from geoincidents.geoparse.results import Toponym
from geoincidents.geoparse.world import Entry

_ANAPHOR = re.compile(r"\bthe (city|town|village)\b")


def refer_back(text: str, toponyms: Sequence[Toponym]) -> list[Toponym]:
    """``toponyms`` with "the city" / "the town" added where the text fixes which one:
    exactly one distinct city or town named before it (two cities named, and "the
    city" is left alone)."""
    found = list(toponyms)
    for hit in _ANAPHOR.finditer(text):
        before = {t.place.place_id: t for t in toponyms if t.end <= hit.start()
                  and t.place is not None and t.place.kind == "city"}
        if len(before) == 1:
            (t,) = before.values()
            found.append(Toponym(hit.start(), hit.end(), hit.group(0), "anaphor",
                                 "the city", t.place, t.score,
                                 (*t.reasons, why_back(t.text)), ()))
    found.sort(key=lambda t: t.start)
    return found


def why_back(name: str) -> str:
    return f"refers back to {name!r}, the only city named before"


_DIRECTION_WORD = re.compile(r"([A-Za-z-]+)\s+$")


def directional_part(text: str, start: int, e: Entry) -> tuple[Entry, str] | None:
    """"northern Iraq": the part of an area a direction word before it names, centred
    half the area's radius that way, with half its radius (a region, not a point)."""
    from dataclasses import replace

    from geoincidents.geoparse.detect import rules

    got = _DIRECTION_WORD.search(text[max(0, start - 20):start])
    if got is None:
        return None
    written = got.group(1)
    word = written.lower()
    directions = rules()["directions"]
    if word not in directions or (not word.endswith(("ern", "central")) and
                                  not written.islower()):
        return None  # "East" of "East Java" is part of a name; "east Java" is not
    azimuth = directions[word]
    lon, lat = e.lon, e.lat
    if azimuth is not None:
        from geoincidents.settings import geod

        lon, lat, _ = geod().fwd(e.lon, e.lat, azimuth, e.radius_m / 2)
    part = replace(e, place_id=f"{e.place_id}#{word}", name=f"{word} {e.name}",
                   kind="region", lat=float(lat), lon=float(lon), radius_m=e.radius_m / 2,
                   population=0, place=None)
    return part, f"the {word} part: {e.radius_m / 2000:.0f} km {word} of its centre"
