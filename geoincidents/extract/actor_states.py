"""Which state an actor's name stands for: the one convention the extractor and the scorer
share for state actors.

A state acts through its government, its forces and its capital, and the text names it
any of these ways: "Iran", "Iranian", "Tehran", "the Iranian military", "Iran's foreign
ministry"; "US", "U.S.", "the United States", "the Americans", "Washington", "US Central
Command", "US warplanes"; "the Kyiv regime", "Ukraine's General Staff"; "Rwanda Defence
Force", "Rwandan troops". All of these are one actor, the state (`state_of`). So:

- the scorer (`evaluate`) compares two items that both name a state by the state (the
  labels name a state's attack by the command that announced it, by the aircraft, or by
  the state, as the text happens to);
- the extractor writes a capital standing alone for its state ("Tehran denied any role":
  Iran (denied); `capital_state`).

A name is read as a country part (a country's name or short form, a demonym, or a
capital: a ``PPLC`` place of the world gazetteer; with or without a possessive "'s"),
then nothing or words ending in a state body: the stance rules' ``state_body`` word set
(the ``state`` set and the heads of forces and services). A word of ``nonstate_name`` or
``stateless_demonym`` makes it an armed group's name ("Syrian Democratic Forces", "Free
Syrian Army", "Kurdish forces"): no state. The country names, demonyms and capitals come
from the world gazetteer; the words from ``rules/stance.jsonl``.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["capital_state", "is_state_actor", "state_of"]

#: a country part is at most this many words ("Democratic Republic of the Congo")
_MAX_COUNTRY_WORDS = 5
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")


def _words() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    from geoincidents.extract.actor_names import words

    return (words("state_body"), words("nonstate_name"),
            words("stateless_demonym"))


@lru_cache(maxsize=4096)
def _country(words: str) -> tuple[str, bool] | None:
    """(country name, whether ``words`` is a capital city) of a country's name, short
    form, demonym or capital; None otherwise."""
    from geoincidents import worldgaz
    from geoincidents.gazetteer import country_place, world_index

    hits = worldgaz.load().lookup(words)
    for p in hits:
        if p.kind == "country" and p.country:
            place = country_place(p.country)
            return (place.name if place is not None else p.name), False
    if words.isupper() and not any(p.name.lower() == words.lower() for p in hits):
        return None  # capitals: "KYIV" in capitals is Kyiv; "SNA" is Sanaa's airport code
    for code in world_index().capital_countries(words):
        place = country_place(code)
        if place is not None:
            return place.name, True
    return None


def _split(name: str) -> list[str]:
    return [w.strip("\"'“”‘’()[],;:") for w in name.replace("-", " - ").split()
            if w.strip("\"'“”‘’()[],;:")]


def _head(word: str) -> str:
    low = word.lower()
    return low[:-1] if len(low) > 3 and low.endswith("s") and not low.endswith("ss") else low


def _parse(name: str) -> tuple[str, bool, list[str]] | None:
    """(state, capital?, the words after the country part) of a name that opens with a
    country part; None otherwise."""
    words = _split(name)
    if words and words[0].lower() == "the":
        words = words[1:]
    for n in range(min(_MAX_COUNTRY_WORDS, len(words)), 0, -1):
        part = " ".join(words[:n])
        bare = _POSSESSIVE.sub("", part)
        if not bare or not bare[0].isupper():
            continue  # ("the army" is no country; countries are written with capitals)
        found = _country(bare)
        if found is not None:
            return found[0], found[1], words[n:]
    return None


@lru_cache(maxsize=1)
def _agencies() -> dict[str, str]:
    """rules/state_agencies.csv: a state's body known by its own name ("the Pentagon",
    "SBU") -> the state, as `_country` names it; a country it does not know is an error."""
    import csv

    from geoincidents.errors import DataError
    from geoincidents.extract.depmatch import RULES_DIR

    path = RULES_DIR / "state_agencies.csv"
    out: dict[str, str] = {}
    with path.open(encoding="utf-8", newline="") as f:
        for row_no, row in enumerate(csv.DictReader(f), start=2):
            name, country = (row.get("name") or "").strip(), (row.get("country") or "").strip()
            found = _country(country) if country else None
            if not name or found is None:
                raise DataError(f"{path}: row {row_no}: field {'name' if not name else 'country'}"
                                f" must be a name and a country the world gazetteer knows,"
                                f" got {row!r}")
            out[name.lower()] = found[0]
    return out


def state_of(name: str) -> str | None:
    """The state ``name`` names, as the world gazetteer names the country, or None.

    "Tehran" -> "Iran"; "US Central Command" -> "United States"; "the Kyiv regime" ->
    "Ukraine"; "Nigerien army" -> "Niger"; "Syrian Democratic Forces" -> None ("democratic"
    names an armed group); "Pakistani Taliban" -> None (not a state body)."""
    if not name or " and " in f" {name.lower()} ":
        return None  # ("US and British aircraft": two states)
    words = _split(name)
    bare = " ".join(words[1:] if words and words[0].lower() == "the" else words)
    if bare.lower() in _agencies():  # "the Pentagon", "SBU": a state's body by its name
        return _agencies()[bare.lower()]
    found = _parse(name)
    if found is None:
        return None
    state, _, rest = found
    body, nonstate, stateless = _words()
    low = [w.lower() for w in rest if w != "-"]
    if any(w in nonstate or w in stateless for w in low):
        return None
    if low and _head(low[-1]) not in body and low[-1] not in body:
        return None
    return state


def capital_state(name: str) -> str | None:
    """The state a capital city standing alone for it names ("Tehran" -> "Iran",
    "Washington" -> "United States"), else None (also for a country's own name)."""
    found = _parse(name)
    return found[0] if found is not None and found[1] and not found[2] else None


def is_state_actor(name: str) -> bool:
    """Whether ``name`` is a state or a state's body, named with its country (`state_of`)
    or not ("federal police", "the army": the stance rules' ``state`` heads)."""
    from geoincidents.extract.actor_names import words

    if state_of(name) is not None:
        return True
    low = [w.lower() for w in _split(name)]
    return bool(low) and (_head(low[-1]) in words("state") or low[-1] in words("state")) \
        and not any(w in words("nonstate_name") for w in low)
