"""US cities that news names without their state (issue 17, geo21): the prior term
``standalone`` of `scoring.prior` and its list, ``geoparse/data/standalone_cities.json``.
Sentences written for these tests; no corpus."""
from __future__ import annotations

import json
from importlib import resources

from geoincidents.geoparse import scoring
from geoincidents.geoparse.resolve import Geoparser, default_weights, geoparse
from geoincidents.geoparse.world import Entry, Lexicon


def _city(name, admin1, population=100_000):
    return Entry(f"x:{name}:{admin1}", name, "city", "US", 0.0, 0.0, 5_000.0, population,
                 admin1, "PPL")


def test_the_list_names_each_city_once_and_each_is_in_the_gazetteer():
    raw = json.loads(resources.files("geoincidents.geoparse").joinpath(
        "data/standalone_cities.json").read_text(encoding="utf-8"))["cities"]
    pairs = [(c["name"], c["admin1"]) for c in raw]
    assert len(pairs) == len(set(pairs)) == 30
    lexicon = Lexicon()
    for name, admin1 in pairs:
        # each is a GeoNames city of the gazetteer under its canonical name
        hits = [e for e in lexicon.lookup(name) if e.name == name and e.admin1 == admin1]
        assert hits and all(e.kind == "city" for e in hits), name


def test_only_the_listed_city_gets_the_term():
    w = {**default_weights(), "standalone": 0.35}
    big = scoring.prior(w, _city("Denver", "US-CO"))
    small = scoring.prior(w, _city("Denver", "US-IN", 0))
    assert big[2].get("standalone") == 1.0 and "named without its state" in big[1][-1]
    assert "standalone" not in small[2]
    # the same name in another state, or a division of the name, gets nothing
    county = Entry("x:c", "Denver", "admin2", "US", 0.0, 0.0, 20_000.0, 0, "US-CO", "ADM2")
    assert "standalone" not in scoring.prior(w, county)[2]
    assert not scoring.standalone(_city("Washington", "US-PA"))
    assert scoring.standalone(_city("Washington", "US-DC"))


def test_a_bare_name_in_a_list_of_cities_is_the_big_one():
    # the other finalists carry their states; Denver and Indianapolis stand alone, as
    # US news writes them
    text = ("The other finalists were Denver, Indianapolis, Columbus, Ind., Sioux Falls, "
            "S.D., and Muncie, Ind.")
    spans = [(text.index("Denver"), text.index("Denver") + len("Denver"))]
    got = Geoparser().resolve_spans(text, spans, context=True)
    assert got[0].place.admin1 == "US-CO"


def test_a_written_state_still_decides():
    text = "The fire broke out in Denver, Ind., late on Tuesday."
    spans = [(text.index(n), text.index(n) + len(n)) for n in ("Denver", "Ind.")]
    got = Geoparser().resolve_spans(text, spans, context=True)
    assert got[0].place.admin1 == "US-IN"
    # and end to end, where the geoparser finds both names itself
    assert [t.place.admin1 for t in geoparse(text) if t.text == "Denver"] == ["US-IN"]
