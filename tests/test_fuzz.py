"""Property-based fuzzing of every reader: hostile and malformed input never crashes or
hangs, every row read is placed or rejected exactly once, and reading a table in chunks
(and on the dask engine) gives what reading it whole gives.

Seeded (``derandomize=True``): the same cases run on every machine and every run. The
number of cases per reader is `CASES` times the reader's weight; ``pytest
--hypothesis-show-statistics tests/test_fuzz.py`` prints how many ran and how long.
"""

from __future__ import annotations

import csv
import io as _io
import json

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from geoincidents import io, placing, report, scale
from geoincidents.errors import DataError, GazetteerError, ZoneError

CASES = 150

FUZZ = settings(derandomize=True, deadline=None, database=None, max_examples=CASES,
                suppress_health_check=list(HealthCheck))

# a guard against hangs, not a speed figure: a loaded machine needs ~200 s for test_ucdp
pytestmark = pytest.mark.timeout(900)

# -- cells ---------------------------------------------------------------------------------

HOSTILE = ["", " ", "\xa0", "inf", "-inf", "nan", "NaN", "1e20", "-1", "2.5", "1e400", "abc",
           "now", "today", "9999-12-31", "0001-01-01", "10000-01-01", "2020-02-30",
           "2020-01-02T23:59:59+05:00", "20 December 2020", "May 5", "12", "\u2028", "\x85",
           "\x1c", "\x1e", "\v", "\f", "\r", "\n", '"', '""', ",", ";", "\t", "{{ 7*7 }}",
           "</script><script>", "\u202e", "\ufeff", "\x00", "é", "日本", "x" * 300,
           "Camp Taji", "Baghdad", "Nowhereville", "IQ", "Iraq", "true", "no", "maybe"]
NUMBERS = st.one_of(st.floats(allow_nan=True, allow_infinity=True).map(repr),
                    st.integers(-1000, 1000).map(str),
                    st.floats(-200, 200).map(lambda v: f"{v:.4f}"),
                    st.sampled_from(["44.39", "33.30", "\xa044.39", " 33.3 ", "44,39"]))
CELLS = st.one_of(st.sampled_from(HOSTILE), NUMBERS, st.text(max_size=12))
COLUMNS = ["lon", "lat", "place", "date", "killed", "n_fired", "time_precision",
           "uncertainty_m", "geo_precision", "incident_id", "background", "target",
           "country", "notes", "launch_place", "event_type"]


def quote(cell: str) -> str:
    return '"' + cell.replace('"', '""') + '"' if any(c in cell for c in ',"\r\n') else cell


@st.composite
def csv_files(draw) -> bytes:
    header = draw(st.lists(st.sampled_from(COLUMNS), min_size=1, max_size=7, unique=True))
    if "lon" in header and draw(st.booleans()):
        header.append("lat") if "lat" not in header else None
    eol = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    lines = [",".join(quote(h) for h in header)]
    for _ in range(draw(st.integers(0, 12))):
        width = len(header) if draw(st.integers(0, 9)) else draw(st.integers(0, 9))
        lines.append(",".join(quote(draw(CELLS)) for _ in range(width)))
    text = eol.join(lines) + draw(st.sampled_from(["", eol, eol * 3, eol + "  " + eol]))
    raw = (b"\xef\xbb\xbf" if draw(st.booleans()) else b"") + text.encode("utf-8")
    if draw(st.integers(0, 9)) == 0:  # a byte that is not UTF-8
        at = draw(st.integers(len(raw) // 2, max(len(raw) - 1, len(raw) // 2)))
        raw = raw[:at] + b"\xff" + raw[at:]
    return raw


def records(raw: bytes) -> int:
    """Data records of CSV bytes as Python's csv module reads them (the reference)."""
    text = raw.decode("utf-8-sig", errors="replace")
    return max(sum(1 for _ in csv.reader(_io.StringIO(text, newline=""))) - 1, 0)


# -- helpers -----------------------------------------------------------------------------

def problems(items) -> list[tuple]:
    return sorted((r.source, r.row or 0, r.field or "", r.reason) for r in items)


def view(incidents) -> pd.DataFrame:
    """What must agree between batch and streamed reading, row for row."""
    out = pd.DataFrame({
        "id": incidents["incident_id"].astype(str).to_numpy(),
        "row": incidents["source_row"].astype("float64").to_numpy(),
        "lon": incidents.geometry.x.round(9).to_numpy(),
        "lat": incidents.geometry.y.round(9).to_numpy(),
        "date": incidents["date"].astype(str).to_numpy(),
        **{c: incidents[c].astype("float64").to_numpy()
           for c in ("uncertainty_m", "geo_precision", "killed", "n_fired", "time_precision")},
    })
    return out.sort_values(["row", "id"], ignore_index=True)


def read_both(path, gazetteer, chunksize: int, **kwargs):
    """The batch result, checked equal to the result read ``chunksize`` rows at a time."""
    try:
        batch = io.read_incidents(path, gazetteer=gazetteer, **kwargs)
    except DataError as exc:
        with pytest.raises(DataError) as streamed:
            list(io.iter_placed(path, gazetteer=gazetteer, chunksize=chunksize, **kwargs))
        assert str(streamed.value) == str(exc)
        return None
    chunks = list(io.iter_placed(path, gazetteer=gazetteer, chunksize=chunksize, **kwargs))
    streamed = [placing.to_incidents(c) for c in chunks]
    rejects = [r for c in chunks for r in c.rejects]
    warnings = [w for c in chunks for w in c.warnings]
    assert problems(rejects) == problems(batch.rejects)
    assert problems(warnings) == problems(batch.warnings)
    got = pd.concat([view(s) for s in streamed], ignore_index=True).sort_values(
        ["row", "id"], ignore_index=True) if streamed else view(batch.incidents).iloc[:0]
    pd.testing.assert_frame_equal(got, view(batch.incidents), check_dtype=False)
    return batch


def accounted(result, n: int) -> None:
    """Rows 1..n: each placed or rejected, exactly once."""
    placed = result.incidents["source_row"].astype(int).tolist()
    rejected = [r.row for r in result.rejects if r.row is not None]
    assert sorted(placed + rejected) == list(range(1, n + 1)), (placed, rejected)


# -- CSV -------------------------------------------------------------------------------------

@FUZZ
@given(raw=csv_files(), chunksize=st.integers(1, 4))
def test_csv(raw, chunksize, tmp_path_factory, gazetteer, zones):
    path = tmp_path_factory.mktemp("csv") / "t.csv"
    path.write_bytes(raw)
    result = read_both(path, gazetteer, chunksize)
    if result is None:
        return
    accounted(result, records(raw))
    streamed = scale.stream_zone_report([path], zones, gazetteer=gazetteer,
                                        chunksize=chunksize)
    pd.testing.assert_frame_equal(streamed.report, report.zone_report(result.incidents, zones),
                                  check_dtype=False)
    assert (streamed.placed, streamed.rejects) == (len(result.incidents), len(result.rejects))


# -- the datasets ----------------------------------------------------------------------------

ACLED_COLUMNS = ["event_id_cnty", "event_date", "event_type", "latitude", "longitude",
                 "geo_precision"]
ACLED_OPTIONAL = ["time_precision", "sub_event_type", "iso", "country", "fatalities",
                  "notes", "location", "actor1", "assoc_actor_1", "actor2"]
ACLED_CELLS = st.one_of(CELLS, st.sampled_from(
    ["1", "2", "3", "368", "Battles", "Riots", "Air/drone strike", "2020-12-20",
     "20 December 2020", "9-May-20", "IRQ1", 'x [geoincidents: {"uncertainty_m": "abc"}]',
     'x [geoincidents: {"killed": 1e99, "date": "0001-01-01", "n_fired": [1]}]']))
UCDP_COLUMNS = ["id", "where_prec", "date_prec", "date_start", "date_end", "latitude",
                "longitude", "best", "low", "high", "country", "side_a", "where_coordinates"]


@st.composite
def dataset_files(draw, required, optional, cells) -> bytes:
    header = required + draw(st.lists(st.sampled_from(optional), max_size=4, unique=True))
    lines = [",".join(header)]
    for k in range(draw(st.integers(0, 10))):
        row = [draw(cells) for _ in header]
        if draw(st.booleans()):  # a mostly good row: an id (maybe repeated), coordinates
            row[0] = draw(st.sampled_from(["A1", "A2", f"id{k}"]))
            row[header.index("latitude")] = draw(st.sampled_from(["33.3", "133", "-17.5"]))
            row[header.index("longitude")] = draw(st.sampled_from(["44.3", "179.99", "x"]))
        lines.append(",".join(quote(c) for c in row))
    return ("\n".join(lines) + "\n").encode()


@FUZZ
@given(raw=dataset_files(ACLED_COLUMNS, ACLED_OPTIONAL, ACLED_CELLS),
       chunksize=st.integers(1, 4))
def test_acled(raw, chunksize, tmp_path_factory, gazetteer):
    path = tmp_path_factory.mktemp("acled") / "acled.csv"
    path.write_bytes(raw)
    result = read_both(path, gazetteer, chunksize)
    if result is not None:
        accounted(result, records(raw))


@FUZZ
@given(raw=dataset_files(UCDP_COLUMNS[:8], UCDP_COLUMNS[8:], ACLED_CELLS),
       chunksize=st.integers(1, 4))
def test_ucdp(raw, chunksize, tmp_path_factory, gazetteer):
    path = tmp_path_factory.mktemp("ucdp") / "ged.csv"
    path.write_bytes(raw)
    result = read_both(path, gazetteer, chunksize)
    if result is not None:
        accounted(result, records(raw))


GDELT_FIELD = st.one_of(st.sampled_from(["", "1", "4", "33.3", "44.3", "20200102", "IZ",
                                         "194", "Baghdad, Iraq", "a\u2028b", "a\x85b",
                                         "a\x1cb", "a\x1db", "a\x1eb", "a\vb", "a\fb",
                                         "a\rb", '"quoted"']), st.text(max_size=6).filter(
                        lambda t: "\n" not in t and "\t" not in t))


@st.composite
def gdelt_files(draw) -> tuple[bytes, int]:
    from geoincidents.formats import gdelt

    width = draw(st.sampled_from(sorted(gdelt.COLUMNS)))
    names = gdelt.COLUMNS[width]
    lines = []
    for k in range(draw(st.integers(1, 8))):
        fields = [draw(GDELT_FIELD) for _ in range(width)]
        fields[0], fields[1] = str(100 + k % 5), "20200102"
        for name, pool in (("ActionGeo_Type", ["4", "0", "9"]),
                           ("ActionGeo_Lat", ["33.3", "95", ""]),
                           ("ActionGeo_Long", ["44.3", "x"])):
            fields[names.index(name)] = draw(st.sampled_from(pool))
        if draw(st.integers(0, 6)) == 0:
            fields = fields[:-1]
        lines.append("\t".join(fields))
    eol = draw(st.sampled_from(["\n", "\r\n"]))
    return (eol.join(lines) + eol).encode(), len(lines)


@FUZZ
@given(file=gdelt_files(), chunksize=st.integers(1, 4))
def test_gdelt(file, chunksize, tmp_path_factory, gazetteer):
    raw, n = file
    path = tmp_path_factory.mktemp("gdelt") / "events.export.CSV"
    path.write_bytes(raw)
    result = read_both(path, gazetteer, chunksize, fmt="gdelt")
    if result is not None:
        accounted(result, n)


# -- GeoJSON and sequences --------------------------------------------------------------------

JSON_LEAF = st.one_of(st.none(), st.booleans(), st.integers(-10, 10),
                      st.floats(allow_nan=False, allow_infinity=False), st.sampled_from(HOSTILE))
JSON = st.recursive(JSON_LEAF, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(COLUMNS + ["x"]), inner,
                                                 max_size=3)), max_leaves=8)
GEOMETRY = st.one_of(
    st.none(), JSON,
    st.builds(lambda x, y: {"type": "Point", "coordinates": [x, y]},
              st.floats(-200, 200), st.floats(-100, 100)),
    st.just({"type": "Point", "coordinates": []}),
    st.just({"type": "Polygon", "coordinates": [[[44, 33], [45, 33], [45, 34], [44, 33]]]}),
    st.just({"type": "LineString", "coordinates": "abc"}))
PROPERTIES = st.one_of(st.none(), JSON, st.dictionaries(
    st.sampled_from(COLUMNS + ["_row", "x"]), st.one_of(CELLS, JSON_LEAF), max_size=5))
FEATURE = st.one_of(
    JSON,
    st.builds(lambda t, p, g: {"type": t, "properties": p, "geometry": g},
              st.sampled_from(["Feature", "Feature", "Feature", "feature", "Point"]),
              PROPERTIES, GEOMETRY))


@FUZZ
@given(features=st.lists(FEATURE, max_size=8), chunksize=st.integers(1, 4),
       deep=st.sampled_from([0, 0, 0, 5000]))
def test_geojson(features, chunksize, deep, tmp_path_factory, gazetteer):
    doc = {"type": "FeatureCollection", "features": features}
    text = json.dumps(doc)
    if deep:
        text = text[:-1] + ', "extra": ' + "[" * deep + "]" * deep + "}"
    path = tmp_path_factory.mktemp("geojson") / "in.geojson"
    path.write_text(text)
    result = read_both(path, gazetteer, chunksize)
    if result is not None:
        accounted(result, len(features))


@FUZZ
@given(features=st.lists(FEATURE, max_size=8), rs=st.booleans(), chunksize=st.integers(1, 4),
       junk=st.lists(st.sampled_from(["", "{", "[1,", "\u2028", "nul\x00l"]), max_size=2))
def test_geojsonseq(features, rs, chunksize, junk, tmp_path_factory, gazetteer):
    texts = [json.dumps(f, ensure_ascii=False) for f in features] + junk
    raw = "".join("\x1e" + t + "\n" for t in texts) if rs else "\n".join(texts) + "\n"
    path = tmp_path_factory.mktemp("seq") / "in.geojsonl"
    path.write_text(raw, encoding="utf-8")
    result = read_both(path, gazetteer, chunksize)
    if result is not None:
        accounted(result, sum(1 for t in texts if t.strip()))


# -- articles ------------------------------------------------------------------------------------

ARTICLE_BITS = st.sampled_from([
    "Two rockets hit Camp Taji on Sunday, wounding a soldier. ", "Published: 2020-03-16\n\n",
    "Published: 0001-01-01\n\n", "Published: 9999-12-31\n\n", "Date: now\n\n",
    "<html><body><p>", "</p></body></html>", "<meta ", "<script>", "<!--", "<p>", "\n\n",
    "A drone struck near Baghdad International Airport yesterday. ", "{{ 7*7 }} ", "\x00",
    "\u2028", "Five Katyusha rockets were seized before they reached the Green Zone. "])


@settings(FUZZ, max_examples=CASES // 2)
@given(parts=st.lists(st.one_of(ARTICLE_BITS, st.text(max_size=20)), max_size=12),
       suffix=st.sampled_from([".txt", ".md", ".html"]))
def test_articles(parts, suffix, tmp_path_factory, gazetteer):
    from geoincidents.extract import read_articles

    folder = tmp_path_factory.mktemp("articles")
    (folder / f"a{suffix}").write_bytes("".join(parts).encode("utf-8", "surrogatepass"))
    (folder / "b.txt").write_text("Published: 2020-03-16\n\nTwo rockets hit Camp Taji on "
                                  "Sunday.\n")
    result = read_articles(folder, gazetteer=gazetteer)
    # the good article is read whatever the other holds
    assert (result.incidents["source_file"].str.endswith("b.txt")).sum() == 1


# -- gazetteer import and zone files ----------------------------------------------------------

PLACE_COLUMNS = ["name", "lat", "lon", "kind", "country", "place_id", "radius_m", "aliases",
                 "latitude", "longitude", "precision"]


@FUZZ
@given(header=st.lists(st.sampled_from(PLACE_COLUMNS), min_size=1, max_size=6, unique=True),
       rows=st.lists(st.lists(CELLS, min_size=0, max_size=7), max_size=5),
       geonames=st.booleans())
def test_gazetteer_import(header, rows, geonames, tmp_path_factory):
    from geoincidents.gazetteer_import import GEONAMES_COLUMNS, import_places

    folder = tmp_path_factory.mktemp("gaz")
    if geonames:
        lines = ["\t".join((r + ["1"] * 19)[:19] if len(r) % 2 else r) for r in rows]
        path = folder / "XX.txt"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        assert len(GEONAMES_COLUMNS) == 19
    else:
        path = folder / "places.csv"
        path.write_text("\n".join([",".join(header)] + [",".join(quote(c) for c in r)
                                                      for r in rows]) + "\n",
                        encoding="utf-8", errors="surrogatepass")
    try:
        import_places([path], out=folder / "out.csv")
    except (GazetteerError, DataError):
        pass


ZONE = st.builds(
    lambda props, coords, kind: {"type": kind, "properties": props,
                                 "geometry": {"type": "Polygon", "coordinates": [coords]}},
    st.one_of(st.fixed_dictionaries({"zone_id": st.sampled_from(["a", "b", ""]),
                                     "name": st.sampled_from(["Zone", "{{ 7*7 }}"])}), JSON),
    st.sampled_from([[[44, 33], [45, 33], [45, 34], [44, 33]],
                     [[179.5, -17.5], [-179.5, -17.5], [-179.5, -16.5], [179.5, -17.5]],
                     [[199, 1], [201, 1], [200, 2], [199, 1]],
                     [[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]], [[0, 0]]]),
    st.sampled_from(["Feature", "Feature", "feature"]))


@FUZZ
@given(zones_=st.lists(ZONE, min_size=1, max_size=3))
def test_zone_files(zones_, tmp_path_factory):
    from geoincidents import spatial
    from geoincidents.zones import read_zones

    path = tmp_path_factory.mktemp("zones") / "z.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": zones_}))
    try:
        frame = read_zones(path)
    except ZoneError:
        return
    points = pd.DataFrame({"lon": [44.5, 179.9, -179.9, 0.0], "lat": [33.5, -17, -17, 0.0]})
    import geopandas as gpd
    import shapely

    from geoincidents import model

    incidents = model.conform(points.assign(uncertainty_m=1000.0),
                              geometry=shapely.points(points["lon"], points["lat"]))
    joined = spatial.join_zones(gpd.GeoDataFrame(incidents), frame)
    assert len(joined) == len(points)


# -- dask ------------------------------------------------------------------------------------------

@settings(FUZZ, max_examples=CASES // 4)
@given(raw=csv_files(), chunksize=st.integers(1, 4))
def test_dask_equals_local(raw, chunksize, tmp_path_factory, gazetteer, zones, cluster):
    from geoincidents import engine

    folder = tmp_path_factory.mktemp("dask")
    (folder / "a.csv").write_bytes(raw)
    (folder / "b.csv").write_bytes(raw)  # a second file: its own namespace of ids
    try:
        local = engine.zone_report([folder], zones, gazetteer=gazetteer, chunksize=chunksize)
    except DataError as exc:
        with pytest.raises(DataError, match=".") as on_dask:
            engine.zone_report([folder], zones, engine="dask", scheduler=cluster,
                               gazetteer=gazetteer, chunksize=chunksize)
        assert str(on_dask.value) == str(exc)
        return
    dask = engine.zone_report([folder], zones, engine="dask", scheduler=cluster,
                              gazetteer=gazetteer, chunksize=chunksize)
    pd.testing.assert_frame_equal(local.report, dask.report)
    assert (local.placed, local.rejects, local.warnings) == \
        (dask.placed, dask.rejects, dask.warnings)
    assert problems(local.first_problems) == problems(dask.first_problems)


@pytest.fixture(scope="module")
def zones():
    from geoincidents.zones import load_zones

    return load_zones(user=False)
