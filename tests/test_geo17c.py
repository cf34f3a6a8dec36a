"""A GeoNames district named like a town in it stands for that town (issue 17, geo17c):
`scoring.seat_first` and the weak-mention rule of `Geoparser._keep`. Made-up entries; no
corpus, no gazetteer build."""
from __future__ import annotations

from geoincidents.geoparse import scoring
from geoincidents.geoparse.resolve import Geoparser
from geoincidents.geoparse.results import Scored, Toponym
from geoincidents.geoparse.world import Entry

DISTRICT = scoring.DISTRICT_SOURCE + "+towns3"


def _e(pid, kind, lat=0.70, lon=29.50, *, radius_m=2_000.0, name_kind="official",
       source="geonames-cities500", admin1="CD-NK", feature_code="PPL", country="CD",
       population=50_000):
    return Entry(pid, pid, kind, country, lat, lon, radius_m, population, admin1,
                 feature_code, name_kind, source=source)


def _row(e, score):
    return Scored(e, score, (f"{e.place_id} {score}",))


def test_a_district_that_wins_by_its_towns_name_gives_way_to_the_town():
    district = _e("district", "admin2", 0.65, 29.41, radius_m=15_000, source=DISTRICT,
                  population=0)
    town = _e("town", "city", name_kind="alternate")  # GeoNames spells it otherwise
    far = _e("far", "city", 10.0, 10.0, country="NG", admin1="NG-KN")
    rows = scoring.seat_first([_row(district, 5.3), _row(far, 2.0), _row(town, 1.6)])
    assert [r.entry.place_id for r in rows] == ["town", "district", "far"]
    assert rows[0].score == 5.3 and "is named for" in rows[0].reasons[-1]


def test_a_town_outside_the_district_or_a_hamlet_does_not_stand_for_it():
    district = _e("district", "admin2", radius_m=15_000, source=DISTRICT, population=0)
    outside = _e("outside", "city", 1.5, 29.5)  # ~90 km away: beyond the radius
    other = _e("other", "city", admin1="CD-IT")  # another first-level division
    hamlet = _e("hamlet", "city", feature_code="PPLL", population=0)
    rows = [_row(district, 3.0), _row(outside, 1.0), _row(other, 1.0), _row(hamlet, 1.0)]
    assert scoring.seat_first(rows)[0].entry.place_id == "district"


def test_iso_divisions_and_counties_keep_their_name():
    # Bulacan province holds a town Bulacan; a US county its namesake town: news names
    # these as units of their own
    for source in ("csc+pycountry", "geonames-county+towns12"):
        division = _e("division", "admin2", radius_m=40_000, source=source, population=0)
        town = _e("town", "city")
        rows = scoring.seat_first([_row(division, 3.0), _row(town, 1.0)])
        assert rows[0].entry.place_id == "division"


def test_a_town_that_already_wins_is_left_alone():
    district = _e("district", "admin2", radius_m=15_000, source=DISTRICT, population=0)
    town = _e("town", "city")
    rows = [_row(town, 3.0), _row(district, 2.0)]
    assert scoring.seat_first(rows) == rows


def _weak(entry, reasons=()):
    return Toponym(0, 5, "Light", "weak", "gazetteer", entry, 2.0, tuple(reasons), ())


def test_a_weak_mention_of_a_district_needs_a_towns_evidence():
    # "Light" and "Federation" (South Australian and New South Wales councils) and
    # "Town" are words before they are districts
    gp = Geoparser.__new__(Geoparser)
    gp.weights = {"weak_min_score": 1.1, "weak_min_population": 20_000}
    district = _e("Light", "admin2", source=DISTRICT, population=0, country="AU",
                  admin1="AU-SA")
    assert not gp._keep(_weak(district))
    assert gp._keep(_weak(district, ("in South Australia (\"Light, South Australia\")",)))
    county = _e("Light County", "admin2", source="geonames-county+towns3", population=0)
    assert gp._keep(_weak(county))  # other divisions: as before


def test_a_word_beside_the_mention_lifts_the_district_back():
    from geoincidents.geoparse import cues

    district = _e("district", "admin2", radius_m=15_000, source=DISTRICT, population=0)
    town = _e("town", "city", name_kind="alternate")
    rows = scoring.seat_first([_row(district, 5.3), _row(town, 1.6)])
    said = cues.by_word(rows, {"admin2": "Oicha county"}, 1.0)
    assert said[0].entry.place_id == "district"
    assert cues.by_word(rows, None, 1.0)[0].entry.place_id == "town"


def test_a_weak_mention_a_district_does_not_vouch_for_falls_back_to_the_next_place():
    # the district must not take away a mention that the name's other place kept
    import dataclasses

    gp = Geoparser.__new__(Geoparser)
    gp.weights = {"weak_min_score": 1.1, "weak_min_population": 20_000}
    district = _e("Swan", "admin2", source=DISTRICT, population=0, country="AU",
                  admin1="AU-WA")
    town = _e("Swan City", "city", population=250_000)
    t = dataclasses.replace(_weak(district), candidates=(_row(district, 2.0),
                                                         _row(town, 1.5)))
    gp.detect = lambda doc: []
    gp._resolve = lambda text, mentions: [t]
    out = gp.parse("Swan")
    assert [x.place.place_id for x in out] == ["Swan City"]
