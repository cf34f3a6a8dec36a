"""The page's data: packing, dates of any representation, levels, and the pinned npm scripts."""

from __future__ import annotations

import datetime as dt
import io
import tarfile

import numpy as np
import pandas as pd
import pytest

from geoincidents import mapdata, pagedata, render, vendor

NONE = pagedata.NONE_INT
EPOCH = np.datetime64("1970-01-01")


def _days(*isos):
    return [NONE if d is None else int((np.datetime64(d) - EPOCH).astype(int)) for d in isos]


@pytest.mark.parametrize("column", [
    pd.Series(pd.to_datetime(["2020-12-20", None, "1970-01-01"])),                  # ns
    pd.Series(np.array(["2020-12-20", "NaT", "1970-01-01"], dtype="datetime64[s]")),
    pd.Series([dt.date(2020, 12, 20), None, dt.date(1970, 1, 1)], dtype=object),
    pd.Series(["2020-12-20", None, "1970-01-01"], dtype="string"),
    pd.Series(pd.to_datetime(["2020-12-20 23:00", None, "1970-01-01 00:00"]).tz_localize("UTC")),
])
def test_day_numbers_take_any_date_representation(column):
    assert mapdata.day_numbers(column).tolist() == _days("2020-12-20", None, "1970-01-01")


def test_day_numbers_cover_years_1_to_9999():
    column = pd.Series([dt.date(1, 1, 1), dt.date(9999, 12, 31)], dtype=object)
    days = mapdata.day_numbers(column)
    assert days.dtype == np.int32
    assert days.tolist() == _days("0001-01-01", "9999-12-31")


def test_pack_round_trips_columns_json_sections_and_hostile_keys():
    payload = {"a": np.arange(5, dtype="int16"), "b": {"c": np.array([1.5], dtype="float32")},
               "t": pagedata.JsonSection(["</script>", "x"]), "__proto__": {"$blob": "x"},
               "s": "</script><!--"}
    for compress in (False, True):
        text = pagedata.pack(payload, compress=compress)
        assert "</script" not in text and "<!--" not in text
        back = pagedata.unpack(text)
        assert back["a"] == [0, 1, 2, 3, 4] and back["b"]["c"] == [1.5]
        assert back["t"] == ["</script>", "x"] and back["s"] == "</script><!--"
        assert back["__proto__"] == {"$blob": "x"}
    with pytest.raises(TypeError, match="cannot go into the page"):
        pagedata.pack({"x": np.array(["a"], dtype=object)}, compress=False)


def test_levels_mark_wide_and_country_level_positions(small_incidents, zones):
    incidents = small_incidents.copy()
    incidents.loc[incidents.index[2], ["place_id", "country"]] = ["iq", "IQ"]
    data = render.read_payload(render.page_html(render.incident_map(incidents, zones)))
    assert data["incidents"]["level"] == [0, 0, 2, 1, 0, 0]
    # the first view frames the precise ones only (not Al-Qa'im, 25 km)
    assert data["bounds"][0] > 44


def test_parse_view_and_errors():
    assert render.parse_view("44.39, 33.31, 12") == (44.39, 33.31, 12.0)
    for bad in ("44,33", "x,y,z", "200,33,5", "44,33,25"):
        with pytest.raises(render.MapError, match="view"):
            render.parse_view(bad)


# -- pinned npm scripts --------------------------------------------------------------------

@pytest.fixture
def pin(tmp_path, monkeypatch):
    monkeypatch.setattr(vendor, "VENDOR_DIR", tmp_path / "vendor")
    content = b"var lib = 1;\n"
    tarball = io.BytesIO()
    with tarfile.open(fileobj=tarball, mode="w:gz") as tar:
        for name, data in (("package/dist/lib.js", content), ("package/LICENSE", b"BSD\n")):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    raw = tarball.getvalue()
    # a stand-in npm client that "packs" this tarball into --pack-destination
    (tmp_path / "lib.tgz").write_bytes(raw)
    npm = tmp_path / "npm"
    npm.write_text(f'#!/bin/sh\ncp {tmp_path / "lib.tgz"} "$5/lib-1.0.0.tgz"\n')
    npm.chmod(0o755)
    return vendor.Pin("lib", "1.0.0", vendor._sha256(raw), "package/dist/lib.js",
                      vendor._sha256(content)), str(npm)


def test_vendor_fetches_checks_and_refuses(pin):
    p, npm = pin
    with pytest.raises(vendor.VendorError, match="is not installed"):
        vendor.checked_script(p)
    assert vendor.fetch(p, npm=npm).read_text() == "var lib = 1;\n"
    assert vendor.checked_script(p) == "var lib = 1;\n"
    p.path.write_text("var lib = 2;\n")  # altered after install
    with pytest.raises(vendor.VendorError, match="does not match the pinned"):
        vendor.checked_script(p)
    wrong = vendor.Pin(p.name, p.version, "0" * 64, p.member, p.file_sha256)
    with pytest.raises(vendor.VendorError, match="refusing it"):
        vendor.fetch(wrong, npm=npm, force=True)
    with pytest.raises(vendor.VendorError, match="not installed; on Debian"):
        vendor.fetch(wrong, npm="no-such-npm-client", force=True)
