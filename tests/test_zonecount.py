"""One counting rule for the zone report, in memory and streamed: zones sharing a place."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from geoincidents import report, scale, settings, spatial
from geoincidents.zonecount import ZonePlaces, ZoneTotals

BOX = 0.01  # degrees: zones about 2 km across


def _zone(lon, lat, zone_id, place_id, kind="base"):
    return {"zone_id": zone_id, "name": zone_id.title(), "kind": kind, "place_id": place_id,
            "geometry": shapely.box(lon - BOX, lat - BOX, lon + BOX, lat + BOX)}


@pytest.fixture
def zones():
    # two outlines of one base (one place id: "the base"), and another base
    return gpd.GeoDataFrame([_zone(44.28, 33.53, "base-north", "p-base"),
                             _zone(44.28, 33.50, "base-south", "p-base"),
                             _zone(44.40, 33.30, "other", "p-other")], crs=settings.crs)


ROWS = [  # lon, lat, target, event type: what each one counts for
    (44.60, 33.70, "p-base", "rocket_attack"),   # missed: aimed at both outlines
    (44.28, 33.53, "p-base", "rocket_attack"),   # in the north one: aimed at the south one
    (44.28, 33.50, "p-base", "thwarted"),        # stopped in the south one: in neither,
                                                 # aimed at both
    (44.40, 33.30, "p-base", "rocket_attack"),   # in the other base, aimed at both outlines
    (44.40, 33.30, None, "rocket_attack"),       # in the other base, aimed at nothing
]
EXPECTED = {  # zone: (in, aimed at)
    "base-north": (1, 3), "base-south": (0, 4), "other": (2, 0),
}


def _frame():
    lon, lat, target, kind = zip(*ROWS)
    return pd.DataFrame({"lon": lon, "lat": lat, "uncertainty_m": 10.0,
                         "date": pd.to_datetime([f"2021-03-0{i + 1}" for i in range(5)]),
                         "n_fired": 2.0, "n_landed": 1.0, "killed": 0.0, "injured": 1.0,
                         "target_place_id": list(target), "event_type": list(kind)})


def _check(rep):
    got = rep.set_index("zone_id")
    for zone, (inside, aimed) in EXPECTED.items():
        assert (got.loc[zone, "incidents_in"], got.loc[zone, "aimed_at"]) == (inside, aimed), zone
    assert got.loc["other", "munitions_fired"] == 4
    assert got.loc["base-south", "first_date"] == pd.Timestamp("2021-03-01")


def test_zones_sharing_a_place_are_each_aimed_at_in_memory_and_streamed(zones, tmp_path):
    frame = _frame()
    incidents = gpd.GeoDataFrame(frame.drop(columns=["lon", "lat"]),
                                 geometry=shapely.points(frame["lon"], frame["lat"]),
                                 crs=settings.crs)
    in_memory = report.zone_report(incidents, zones)
    _check(in_memory)
    # with the join already made, the same (its ';'-joined ids are read back)
    joined = spatial.join_zones(incidents, zones, nearest=False)
    pd.testing.assert_frame_equal(report.zone_report(incidents, zones, joined), in_memory)
    out = frame.assign(date=frame["date"].dt.strftime("%Y-%m-%d"))
    out.to_csv(tmp_path / "in.csv", index=False)
    for chunksize in (1, 2, 100):
        streamed = scale.stream_zone_report([tmp_path / "in.csv"], zones, chunksize=chunksize)
        pd.testing.assert_frame_equal(streamed.report, in_memory, check_dtype=False)


def test_places_map_every_zone_of_a_place(zones):
    places = ZonePlaces(spatial.ZoneIndex(zones))
    code = places.code(pd.Series(["p-base", None, "p-other", "p-unknown", np.nan]))
    assert code.tolist() == [0, -1, 1, -1, -1]
    ai, aj = places.aimed(code)
    assert sorted(zip(ai.tolist(), aj.tolist())) == [(0, 0), (0, 1), (2, 2)]


def test_totals_add_in_any_order(zones):
    frame = _frame().assign(background=[False, True, False, False, True],
                            not_reaching=lambda f: f["event_type"] == "thwarted")
    one = ZoneTotals(zones)
    one.add(frame)
    parts = [ZoneTotals(zones) for _ in range(2)]
    parts[0].add(frame.iloc[3:])
    parts[1].add(frame.iloc[:3])
    pd.testing.assert_frame_equal(parts[1].merge(parts[0]).frame(), one.frame())
    _check(one.frame())
    no_background = ZoneTotals(zones)
    no_background.add(frame, background=False)
    assert no_background.rows == 3
