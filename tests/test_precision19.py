"""False incidents of new text (branch precision19): an area named with a possessive
("X region's Y township") is the setting of the smaller place, not a second site.

The texts are written for these tests.
"""

from __future__ import annotations

from geoincidents.extract import place_roles
from tests.extracting import rows as _rows


def test_possessive_area_is_named_administrative():
    assert place_roles.admin_named("Sagaing", " region's Kanbalu township")
    assert place_roles.admin_named("Sagaing", " region’s Kanbalu township")
    assert place_roles.admin_named("Helmand", " province, where")
    assert not place_roles.admin_named("Kanbalu", " township on Monday")


def test_possessive_area_gives_no_second_incident(gazetteer):
    text = ("Jets bomb market in Kanbalu\n\nPublished: 2026-11-04\n\n"
            "CHIANG MAI, Thailand - Warplanes bombed a market in Sagaing region's Kanbalu "
            "township on Monday, killing nine people, a local official said.\n")
    got = _rows(gazetteer, text, "2026-11-04")
    assert len(got) == 1, got[["event_type", "place_name"]]
    assert got.loc[0, "place_name"] == "Kanbalu"
