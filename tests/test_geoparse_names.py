"""How written names reach the resolver's candidates: initialisms written with dots,
and where a union of states is placed (texts written for these tests)."""
from __future__ import annotations

import pytest

from geoincidents import worldgaz
from geoincidents.geoparse.context import admin1_support, near_support
from geoincidents.geoparse.geodesy import distance_km
from geoincidents.geoparse.world import Entry, Lexicon


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


# -- US post-office towns (the `zip:` places of the world gazetteer) -----------------

def test_a_village_cities500_lacks_is_found_by_its_post_office_name(gp):
    text = ("The volunteer fire board of Meadow Grove met on Tuesday to choose a new "
            "pumper truck for the village.")
    place = _resolve(gp, text, "Meadow Grove")
    assert place.place_id.startswith("zip:US-NE:") and place.feature_code == "PPLL"


def _town(pid, name, lat, lon, population, admin1="US-MI"):
    return Entry(pid, name, "city", "US", lat, lon, 2000.0, population, admin1,
                 "PPL" if population else "PPLL")


@pytest.mark.parametrize("riga_population, supported", [(0, False), (1500, True)])
def test_hamlets_lend_no_support(riga_population, supported):
    # Moscow and Riga are also two Michigan villages a few dozen km apart: two such
    # hamlets must not vouch for each other (a text about Russia and Latvia is not a
    # Michigan story); a town of known population still does
    cands = {"moscow": (_town("zip:US-MI:moscow", "Moscow", 42.05, -84.50, 0),),
             "riga": (_town("zip:US-MI:riga", "Riga", 41.80, -83.80, riga_population),)}
    near = near_support(["moscow", "riga"], cands, scale_km=15, power=0.5)
    admin = admin1_support(["moscow", "riga"], cands)
    assert (("moscow", "zip:US-MI:moscow") in near) is supported
    assert (("moscow", "zip:US-MI:moscow") in admin) is supported
    # a hamlet receives support from places that vouch, but gives none
    assert ("riga", "zip:US-MI:riga") not in near and ("riga", "zip:US-MI:riga") not in admin


@pytest.mark.parametrize("word", ["Interior", "House"])
def test_a_word_inside_a_longer_name_is_not_taken_for_a_hamlet(gp, word):
    # "the Interior Department", "the House committee": the only places so named are
    # post-office towns (Interior, South Dakota; House, New Mexico)
    assert gp._is_name(word) and not gp._is_part_name(word)
    assert all(m.text != word
               for m in gp.detect(f"Officials of the {word} Department met on Monday."))


def test_postal_towns_only_fill_in_what_geonames_lacks():
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
    import gazpostal

    records = [
        dict(active=True, zip_code_type="STANDARD", state="NE", city="Meadow Grove",
             lat="42.01", long="-97.73"),
        dict(active=True, zip_code_type="PO BOX", state="NE", city="Norfolk",
             lat="42.03", long="-97.42"),
        dict(active=True, zip_code_type="UNIQUE", state="NE", city="Firm Town",
             lat="41.0", long="-96.0"),
        dict(active=False, zip_code_type="STANDARD", state="NE", city="Gone", lat="41.0",
             long="-96.0"),
        dict(active=True, zip_code_type="STANDARD", state="AE", city="Apo", lat="0",
             long="0"),
    ]
    known = {("US-NE", "norfolk"): [(42.03, -97.42)]}
    got = gazpostal.postal_towns(records, known, {"US-NE"}, lambda s: s.casefold())
    assert [t["place_id"] for t in got] == ["zip:US-NE:meadow-grove"]
    assert got[0]["radius_m"] == gazpostal.MIN_RADIUS_M


@pytest.mark.parametrize("other, found", [("Lyon, France", False), ("Dallas, Texas", True)])
def test_a_hamlet_is_not_read_into_a_text_about_other_countries(gp, other, found):
    text = f"Delegates came from {other} and from Tennessee Colony for the meeting."
    names = [*other.split(", "), "Tennessee Colony"]
    spans = [(text.index(n), text.index(n) + len(n)) for n in names]
    place = gp.resolve_spans(text, spans)[-1].place
    assert (place is not None and place.feature_code == "PPLL") is found


def test_hamlets_are_for_the_geoparser_not_the_gazetteer_fallback():
    from geoincidents.gazetteer import world_index

    assert any(w.feature_code == worldgaz.HAMLET_CODE for w in worldgaz.lookup("Interior"))
    assert not world_index().knows("Interior")
    assert world_index().knows("Denver")
