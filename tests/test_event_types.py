"""The one event-type registry and what reads it."""
import json

import pytest

from geoincidents import event_types, mapdata, model
from geoincidents.formats import acled


def test_every_reader_derives_from_the_registry():
    names = event_types.names()
    assert list(model.EVENT_TYPES) == names
    assert set(mapdata.EVENT_STYLE) == set(names)
    for name in names:
        assert model.EVENT_TYPES[name] == event_types.to_acled(name)


@pytest.mark.parametrize("pair,ours", [
    (("Explosions/Remote violence", "Shelling/artillery/missile attack"), "rocket_attack"),
    (("Explosions/Remote violence", "Air/drone strike"), "airstrike"),
    (("Explosions/Remote violence", "Remote explosive/landmine/IED"), "ied"),
    (("Protests", "Excessive force against protesters"), "protest"),
    (("Riots", "Mob violence"), "riot"),
    (("Battles", "Government regains territory"), "battle"),
    (("Violence against civilians", "Abduction/forced disappearance"),
     "violence_against_civilians"),
    (("Explosions/Remote violence", "Suicide bomb"), "ied"),
    (("Strategic developments", "Looting/property destruction"), "other"),
    (("", ""), "other"),
])
def test_acled_pairs_map_through_the_registry(pair, ours):
    assert event_types.from_acled(*pair) == ours
    assert acled._event_type(*pair) == ours


def test_every_written_acled_pair_reads_back_to_a_type_that_writes_it():
    for name in event_types.names():
        back = event_types.from_acled(*event_types.to_acled(name))
        assert event_types.to_acled(back) == event_types.to_acled(name)


def test_grouping_is_symmetric_and_other_groups_with_all():
    names = event_types.names()
    for a in names:
        assert event_types.groups_with(a, "other")
        for b in names:
            assert event_types.groups_with(a, b) == event_types.groups_with(b, a)
    assert event_types.groups_with("rocket_attack", "thwarted")
    assert not event_types.groups_with("protest", "airstrike")


def test_a_type_added_as_one_line_reaches_every_reader(tmp_path, monkeypatch):
    rows = event_types.REGISTRY.read_text().splitlines()
    rows.append(json.dumps({"name": "chemical", "label": "chemical weapon",
                            "acled": ["Explosions/Remote violence", "Chemical weapon"],
                            "acled_in": [["Explosions/Remote violence", "Chemical weapon"]],
                            "color": "#000000", "shape": "square", "groups_with": []}))
    path = tmp_path / "event_types.jsonl"
    path.write_text("\n".join(rows))
    monkeypatch.setattr(event_types, "REGISTRY", path)
    event_types.registry.cache_clear()
    event_types._acled_lookup.cache_clear()
    try:
        assert event_types.from_acled("Explosions/Remote violence", "Chemical weapon") == \
            "chemical"
        assert event_types.style("chemical")["shape"] == "square"
    finally:
        event_types.registry.cache_clear()
        event_types._acled_lookup.cache_clear()


def test_a_name_defined_twice_is_refused(tmp_path, monkeypatch):
    line = event_types.REGISTRY.read_text().splitlines()[0]
    path = tmp_path / "event_types.jsonl"
    path.write_text(line + "\n" + line + "\n")
    monkeypatch.setattr(event_types, "REGISTRY", path)
    event_types.registry.cache_clear()
    try:
        with pytest.raises(ValueError, match="defined twice"):
            event_types.registry()
    finally:
        event_types.registry.cache_clear()
