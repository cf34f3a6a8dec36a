"""Casualty figures told without a casualty verb of their victims: bodies counted
("volunteers had recovered 26 bodies": 26 dead), and a hospital's patients of whom some
were treated only for shock ("eight people were taken to hospital: six with shrapnel
wounds and two suffering from anxiety": 6 wounded).

The ``remains`` records of `rules/casualties.jsonl` are the words for bodies; the
``not_hurt`` records what a patient who is no wounded suffers from; ``hurt`` records
marked ``patients`` count a hospital's patients (who may include such people).
"""

from __future__ import annotations

import re
from functools import lru_cache

from geoincidents.extract.lexicon import alternation, records
from geoincidents.extract.numbers import NUMBER, value
from geoincidents.extract.toll import Casualties


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    remains = alternation("casualties", "remains")
    # ("seven bodies ... and two more were found": nine; "the bodies of two soldiers": two)
    more = NUMBER.replace("?P<num>", "?P<more>")
    bodies = re.compile(rf"(?:(?P<who>\b{NUMBER})\s+(?:[\w-]+\s+)?{remains}"
                        rf"(?:[^.;]{{0,50}}?\band\s+{more}\s+more\b)?|"
                        rf"{remains}\s+of\s+{NUMBER.replace('?P<num>', '?P<of>')}(?=\s+[a-z]))", re.I)
    patients = "|".join(r["hurt"] for r in records("casualties") if r.get("patients"))
    counted = re.compile(rf"(?P<who>\b{NUMBER})\s+(?:[\w-]+\s+){{0,3}}?(?:were|was|had\s+been|"
                         rf"have\s+been)\s+(?:later\s+|also\s+)?(?:{patients})", re.I)
    shock = re.compile(rf"(?P<who>\b{NUMBER})\s+(?:(?:people|others?|of\s+them|patients|"
                       rf"more)\s+)?(?:(?:were|was)\s+)?"
                       rf"{alternation('casualties', 'not_hurt')}", re.I)
    return bodies, counted, shock


#: words any of this module's figures needs (`casualties.MAY_HURT` adds them)
WORDS = rf"{alternation('casualties', 'remains')}"


def read(text: str, out: Casualties) -> None:
    """Add to ``out`` the dead whose bodies ``text`` counts, and take out of its injured a
    hospital's patients treated only for shock."""
    bodies, counted, shock = _patterns()
    for m in bodies.finditer(text):
        n = value(m.group("num") or m.group("of"))
        if n and m.group("more"):
            n += value(m.group("more")) or 0
        if n:
            out.add("killed", n, f"{m.group().strip()} (bodies counted)")
    told = counted.search(text)
    if told is None or out.injured is None or value(told.group("num")) != out.injured:
        return
    # "five people were taken to hospital: two with shrapnel wounds and three suffering
    # from shock": the patients less those in shock
    calm = [(m, value(m.group("num"))) for m in shock.finditer(text, told.end())]
    n = sum(k for _, k in calm if k)
    if 0 < n < out.injured:
        out.injured -= n
        out.notes.append(f"{', '.join(m.group().strip() for m, _ in calm)} "
                         f"(not wounded: {out.injured} injured)")
