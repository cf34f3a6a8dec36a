"""How written names reach the resolver's candidates: initialisms written with dots,
and where a union of states is placed (texts written for these tests)."""
from __future__ import annotations

import pytest

from geoincidents import worldgaz
from geoincidents.geoparse.evaluate import distance_km
from geoincidents.geoparse.resolve import Geoparser
from geoincidents.geoparse.world import Lexicon


@pytest.fixture(scope="module")
def gp():
    return Geoparser()


def _resolve(gp, text, name):
    at = text.index(name)
    return gp.resolve_spans(text, [(at, at + len(name))])[0].place


def test_dotted_initials_are_not_a_postal_code(gp):
    text = "Traffic in L.A. slowed to a crawl as the freeway closed for repairs."
    place = _resolve(gp, text, "L.A.")
    assert (place.name, place.country) == ("Los Angeles", "US")


@pytest.mark.parametrize("written, state", [("LA", "US-LA"), ("S.C.", "US-SC"),
                                            ("D.C.", "US-DC")])
def test_postal_codes_and_dotted_state_abbreviations_still_find_their_state(written, state):
    got = {e.place_id for e in Lexicon().lookup(written)}
    assert f"a1:{state}" in got


def test_a_dotted_name_with_no_dotted_row_keeps_the_undotted_one():
    got = [e.place_id for e in Lexicon().lookup("U.K.")]
    assert "cc:GB" in got


def test_a_union_of_states_is_placed_at_its_seat():
    eu = worldgaz.get("reg:eu")
    brussels = worldgaz.get("gn:2800866")
    assert distance_km(eu.lat, eu.lon, brussels.lat, brussels.lon) < 1
    # its radius still reaches its farthest members
    nicosia = worldgaz.lookup("Nicosia", kinds=("city",))[0]
    assert distance_km(eu.lat, eu.lon, nicosia.lat, nicosia.lon) < eu.radius_m / 1000
