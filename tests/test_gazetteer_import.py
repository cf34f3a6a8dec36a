"""GeoNames dumps and user place files into a local gazetteer; lookup and zones CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from geoincidents import settings
from geoincidents.cli import main
from geoincidents.errors import GazetteerError
from geoincidents.gazetteer import Gazetteer
from geoincidents.gazetteer_import import import_places, read_alternate_names, read_geonames

DATA = Path(__file__).parent / "data" / "formats"
GEONAMES = DATA / "geonames_IQ.txt"
ALTERNATES = DATA / "alternateNames_IQ.txt"



def test_geonames_rows_kinds_radii_and_classes():
    rows = {r["place_id"]: r for r in read_geonames(GEONAMES)}
    assert "geonames:9990004" not in rows  # a river: feature class H left out
    assert rows["geonames:98182"]["kind"] == "city"
    assert rows["geonames:9990002"]["kind"] == "base"
    assert rows["geonames:9990005"]["kind"] == "airport"
    assert (rows["geonames:9990003"]["kind"], rows["geonames:9990003"]["precision"]) == \
        ("province", "3")
    assert "Taji" in rows["geonames:9990001"]["aliases"].split("|")
    assert "التاجي" not in rows["geonames:9990001"]["aliases"]  # non-Latin left out
    assert float(rows["geonames:98182"]["radius_m"]) > 10_000  # grows with population
    rivers = read_geonames(GEONAMES, feature_classes=["H"])
    assert [r["name"] for r in rivers] == ["Nahr Dijlah"]


def test_alternate_names_skip_links_and_historic_names():
    alts = read_alternate_names(ALTERNATES)
    assert alts["9990002"] == ["Taji Military Camp"]
    assert alts["9990005"] == ["ORBI", "BGW"]


def test_import_goes_to_the_user_dir_and_load_picks_it_up():
    result = import_places([GEONAMES], alternate_names=ALTERNATES)
    assert result.path == settings.user_gazetteer_dir() / "geonames_IQ.csv"
    assert result.places == 5
    gaz = Gazetteer.load(world=False)
    assert gaz.resolve("Taji Military Camp").place_id == "geonames:9990002"
    assert "geonames:9990002" in gaz and "iq-camp-taji" in gaz  # beside the bundled one
    assert "geonames:9990002" not in Gazetteer.load(world=False, user=False)


def test_user_csv_and_geojson_of_places(tmp_path):
    csv_path = tmp_path / "mine.csv"
    csv_path.write_text("name,latitude,longitude,kind,radius_m\n"
                        "Checkpoint Zulu,33.31,44.38,landmark,300\n"
                        "Observation Post Qāf,33.40,44.30,,\n", encoding="utf-8")
    geo_path = tmp_path / "mine.geojson"
    geo_path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "Gate 12", "kind": "landmark"},
         "geometry": {"type": "Point", "coordinates": [44.39, 33.30]}}]}), encoding="utf-8")
    out = tmp_path / "gaz.csv"
    result = import_places([csv_path, geo_path], out=out)
    assert result == (out, 3)
    frame = pd.read_csv(out, dtype=str)
    assert list(frame["place_id"]) == ["user:checkpoint-zulu", "user:observation-post-q-f",
                                       "user:gate-12"]
    gaz = Gazetteer.load([out], world=False)
    place = gaz.resolve("checkpoint zulu")
    assert (place.lon, place.lat, place.radius_m) == (44.38, 33.31, 300.0)
    assert gaz.resolve("Gate 12").lon == pytest.approx(44.39)


@pytest.mark.parametrize("text, match", [
    ("1\tA\tA\n", r"bad.txt, row 1: 3 tab-separated fields; expected the 19 GeoNames"),
    ("\t".join(["7", "X", "X", "", "north", "44", "P", "PPL", "IQ"] + [""] * 5
               + ["10", "", "", "", ""]) + "\n", r"bad.txt, row 1, field 'lat'.*a number"),
])
def test_bad_geonames_rows_are_named(tmp_path, text, match):
    path = tmp_path / "bad.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(GazetteerError, match=match):
        read_geonames(path)


def test_bad_user_place_is_named(tmp_path):
    path = tmp_path / "places.csv"
    path.write_text("name,lat,lon,kind\nA,33,44,landmark\nB,33,444,landmark\n",
                    encoding="utf-8")
    with pytest.raises(GazetteerError, match=r"places.csv, row 2, field 'lon'.*between -180"):
        import_places([path], out=tmp_path / "out.csv")


def test_import_refuses_to_overwrite(tmp_path):
    out = tmp_path / "g.csv"
    import_places([GEONAMES], out=out)
    from geoincidents.errors import OutputExists

    with pytest.raises(OutputExists, match="pass --overwrite"):
        import_places([GEONAMES], out=out)


def test_alternate_names_need_a_geonames_file(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("name,lat,lon\nA,1,2\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match="--alternate-names goes with GeoNames"):
        import_places([path], alternate_names=ALTERNATES, out=tmp_path / "o.csv")


# -- CLI ------------------------------------------------------------------------------------

def test_cli_import_then_geocode_with_it(tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["gazetteer", "import", str(GEONAMES), "--alternate-names",
                                  str(ALTERNATES)])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().endswith("5 places")
    table = tmp_path / "t.csv"
    table.write_text("incident_id,place,date\nx1,Taji Military Camp,2020-03-11\n",
                     encoding="utf-8")
    result = runner.invoke(main, ["convert", str(table), "--to", "csv"])
    assert result.exit_code == 0, result.output
    row = pd.read_csv(pd.io.common.StringIO(result.stdout)).iloc[0]
    assert (row["place_id"], row["lon"], row["lat"]) == ("geonames:9990002", 44.2775, 33.5294)


def test_cli_lookup_shows_scores_and_why():
    result = CliRunner().invoke(main, ["gazetteer", "lookup", "Bagram", "--near",
                                       "69.2,34.5"])
    assert result.exit_code == 0, result.output
    assert "Bagram Airfield (af-bagram-airfield) wins with score" in result.stdout
    assert "curated +0.40" in result.stdout
    assert "km from the document's other places" in result.stdout


def test_cli_lookup_json_and_near_a_place():
    result = CliRunner().invoke(main, ["gazetteer", "lookup", "Taji", "--near", "Green Zone",
                                       "-f", "json"])
    assert result.exit_code == 0, result.output
    records = json.loads(result.stdout)
    assert records[0]["place_id"] == "iq-taji"
    assert records[0]["score"] >= records[-1]["score"]


def test_cli_lookup_unknown_name():
    result = CliRunner().invoke(main, ["gazetteer", "lookup", "Qqqzzzx"])
    assert result.exit_code == 1
    assert "no place called 'Qqqzzzx'" in result.output


def test_cli_lookup_bad_near():
    result = CliRunner().invoke(main, ["gazetteer", "lookup", "Taji", "--near", "500,33"])
    assert result.exit_code == 2
    assert "expected lon,lat in degrees" in result.output


def test_cli_zones_list_and_import(tmp_path):
    runner = CliRunner()
    listed = runner.invoke(main, ["zones", "list", "-f", "csv"])
    assert listed.exit_code == 0, listed.output
    bundled = pd.read_csv(pd.io.common.StringIO(listed.stdout))
    assert bundled.set_index("zone_id").loc["green-zone", "area_km2"] == pytest.approx(10.07)
    mine = tmp_path / "mine.geojson"
    mine.write_text(json.dumps({"type": "FeatureCollection", "features": [{
        "type": "Feature", "properties": {"zone_id": "gate-12", "name": "Gate 12 compound",
                                          "kind": "zone"},
        "geometry": {"type": "Polygon", "coordinates": [[[44.38, 33.30], [44.39, 33.30],
                                                         [44.39, 33.31], [44.38, 33.30]]]}}]}),
        encoding="utf-8")
    imported = runner.invoke(main, ["zones", "import", str(mine)])
    assert imported.exit_code == 0, imported.output
    assert (settings.user_zones_dir() / "mine.geojson").exists()
    listed = runner.invoke(main, ["zones", "list", "-f", "csv"])
    assert "gate-12" in listed.stdout
    alone = runner.invoke(main, ["zones", "list", "-f", "csv", "--no-bundled-zones",
                                 "--zones", str(mine)])
    assert pd.read_csv(pd.io.common.StringIO(alone.stdout))["zone_id"].tolist() == ["gate-12"]


def test_cli_zones_import_bad_file(tmp_path):
    bad = tmp_path / "bad.geojson"
    bad.write_text(json.dumps({"type": "FeatureCollection", "features": [{
        "type": "Feature", "properties": {"name": "no id"},
        "geometry": {"type": "Point", "coordinates": [44, 33]}}]}), encoding="utf-8")
    result = CliRunner().invoke(main, ["zones", "import", str(bad)])
    assert result.exit_code == 1
    assert "missing field 'zone_id'" in result.output
