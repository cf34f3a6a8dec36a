"""Country demonyms ("Russian", "Kenyans") and their ISO codes, from the world gazetteer.

The table is the world gazetteer's names of kind ``demonym`` (`worldgaz.WorldGazetteer.
demonyms`), read once on first use: loading the world gazetteer costs about two seconds,
which an article's place finding pays anyway, and an import must not.
"""

from __future__ import annotations

import re
from functools import lru_cache


@lru_cache(maxsize=1)
def countries() -> dict[str, str]:
    """``{demonym (lowercase): ISO country code}``."""
    from geoincidents import worldgaz

    return worldgaz.load().demonyms()


def alternation(words) -> str:
    """A regular-expression alternation of ``words`` (escaped, longest first)."""
    return "(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + ")"
