"""Load places and look them up by name, with aliases, transliterations and namesakes.

Two layers: the curated places in ``geodata/places.csv`` (and any user files with the same
columns), which know bases, zones and neighbourhoods and say how uncertain each position
is; and the world behind them (`geoincidents.worldgaz`: GeoNames cities over 500 people
and countries, by their names) for every other town. Lookups return scored `Candidate`
objects and say why the first one wins.

Modules: `places` (entries, reading place files), `names` (folding names to keys),
`lookup` (`Gazetteer`), `world` (the world fallback, distances, countries).

Examples
--------
>>> gaz = Gazetteer.load()
>>> gaz.resolve("Taji base").name
'Camp Taji'
"""

from geoincidents.gazetteer.lookup import Gazetteer
from geoincidents.gazetteer.names import (
    MATCH_QUALITY,
    normalize,
    skeleton,
    strip_articles,
)
from geoincidents.gazetteer.places import (
    KINDS,
    PLACE_FIELDS,
    REQUIRED_FIELDS,
    Candidate,
    Place,
    Reasons,
    read_places,
)
from geoincidents.gazetteer.world import (
    WorldIndex,
    city_radius_m,
    country_place,
    place_distance_m,
    world_index,
)

__all__ = ["KINDS", "MATCH_QUALITY", "PLACE_FIELDS", "REQUIRED_FIELDS", "Candidate",
           "Gazetteer", "Place", "Reasons", "WorldIndex", "city_radius_m", "country_place",
           "normalize", "place_distance_m", "read_places", "skeleton", "strip_articles",
           "world_index"]
