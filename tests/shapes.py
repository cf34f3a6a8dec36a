"""Small ACLED, UCDP GED and GDELT files in the shapes analysts hold them in, written for
the tests (invented rows, not copied from any export), and the table of what each reads
as: ``python3 -m tests.shapes`` prints it (shape, rows in, placed, rejected).
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io as _io
import json
import zipfile
from pathlib import Path

from geoincidents.formats import acled, gdelt

#: ACLED rows (pre-2023 columns); the last two are rejected (precision 5, no latitude).
ACLED_ROWS = [
    dict(data_id="9101", iso="368", event_id_cnty="TST101", event_id_no_cnty="101",
         event_date="20 December 2020", year="2020", time_precision="1",
         event_type="Battles", sub_event_type="Armed clash", actor1="Unit Alpha",
         assoc_actor_1="Hill militia", inter1="1", actor2="Band Beta", assoc_actor_2="",
         inter2="2", interaction="12", region="Middle East", country="Iraq",
         admin1="Northern Test", admin2="Lower Test", admin3="", location="Testville",
         latitude="33.3100", longitude="44.3600", geo_precision="1", source="Wire A",
         source_scale="National", notes="A clash by the bridge, with a comma.",
         fatalities="2", timestamp="1609459200", iso3="IRQ"),
    dict(data_id="9102", iso="180", event_id_cnty="TST102", event_id_no_cnty="102",
         event_date="21 December 2020", year="2020", time_precision="2",
         event_type="Riots", sub_event_type="Mob violence", actor1="Rioters (Test)",
         assoc_actor_1="Traders; Students", inter1="5", actor2="Civilians (Test)",
         assoc_actor_2="Farmers", inter2="7", interaction="57", region="Middle Africa",
         country="Democratic Republic of Congo", admin1="Kivu Test", admin2="", admin3="",
         location="Mudtown", latitude="-1.6800", longitude="29.2200", geo_precision="3",
         source="Radio B; Paper C", source_scale="Subnational-National",
         notes="Shops burned.", fatalities="0", timestamp="1609459300", iso3="COD"),
    dict(data_id="9103", iso="516", event_id_cnty="TST103", event_id_no_cnty="103",
         event_date="22 December 2020", year="2020", time_precision="1",
         event_type="Explosions/Remote violence", sub_event_type="Air/drone strike",
         actor1="Air Force of Test", assoc_actor_1="", inter1="1", actor2="", assoc_actor_2="",
         inter2="0", interaction="10", region="Southern Africa", country="Namibia",
         admin1="Khomas", admin2="", admin3="", location="Windhoek",
         latitude="-22.5600", longitude="17.0800", geo_precision="2", source="Wire A",
         source_scale="International", notes="", fatalities="5", timestamp="1609459400",
         iso3="NAM"),
    dict(data_id="9104", iso="70", event_id_cnty="TST104", event_id_no_cnty="104",
         event_date="23 December 2020", year="2020", time_precision="3",
         event_type="Violence against civilians", sub_event_type="Abduction/forced disappearance",
         actor1="Unidentified Armed Group (Test)", assoc_actor_1="", inter1="3",
         actor2="Civilians (Test)", assoc_actor_2="", inter2="7", interaction="37",
         region="Europe", country="Bosnia and Herzegovina", admin1="Sarajevo Test",
         admin2="", admin3="", location="Hilltop", latitude="43.8600", longitude="18.4100",
         geo_precision="1", source="Paper D", source_scale="Local partner-National",
         notes="Two taken; \"quoted\" words.", fatalities="0", timestamp="1609459500",
         iso3="BIH"),
    dict(data_id="9105", iso="368", event_id_cnty="TST105", event_id_no_cnty="105",
         event_date="24 December 2020", year="2020", time_precision="1",
         event_type="Protests", sub_event_type="Peaceful protest", actor1="Protesters (Test)",
         assoc_actor_1="Teachers", inter1="6", actor2="", assoc_actor_2="", inter2="0",
         interaction="60", region="Middle East", country="Iraq", admin1="Northern Test",
         admin2="", admin3="", location="Testville", latitude="33.3200",
         longitude="44.3700", geo_precision="9", source="Wire A", source_scale="National",
         notes="Bad precision code.", fatalities="0", timestamp="1609459600", iso3="IRQ"),
    dict(data_id="9106", iso="368", event_id_cnty="TST106", event_id_no_cnty="106",
         event_date="25 December 2020", year="2020", time_precision="1",
         event_type="Strategic developments", sub_event_type="Looting/property destruction",
         actor1="Band Beta", assoc_actor_1="", inter1="2", actor2="", assoc_actor_2="",
         inter2="0", interaction="20", region="Middle East", country="Iraq",
         admin1="Northern Test", admin2="", admin3="", location="Testville", latitude="",
         longitude="44.3700", geo_precision="1", source="Wire A", source_scale="National",
         notes="No latitude.", fatalities="0", timestamp="1609459700", iso3="IRQ"),
]

#: How many ACLED rows are placed and rejected.
ACLED_PLACED, ACLED_REJECTED = 4, 2

COLUMNS = acled.COLUMNS_PRE_2023


def _csv(rows: list[dict], header: list[str], *, delimiter: str = ",") -> str:
    out = _io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(h, "") for h in header])
    return out.getvalue()


def acled_text(*, delimiter: str = ",", upper: bool = False, dates=None) -> str:
    """The ACLED rows as CSV text; ``upper``: the header as older exports write it
    (upper case, with a stray space); ``dates``: other spellings of ``event_date``."""
    rows = [dict(r) for r in ACLED_ROWS]
    for row, date in zip(rows, dates or []):
        row["event_date"] = date
    text = _csv(rows, list(COLUMNS), delimiter=delimiter)
    if upper:
        head, rest = text.split("\r\n", 1)
        head = delimiter.join(f" {h.upper()}" if h == "latitude" else h.upper()
                              for h in head.split(delimiter))
        text = head + "\r\n" + rest
    return text


def acled_xlsx(path: Path) -> None:
    """The ACLED rows as a workbook: dates as date cells (a serial number shown as a
    date), numbers as numbers, as a spreadsheet saves them."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(COLUMNS))
    numeric = {"data_id", "iso", "year", "time_precision", "inter1", "inter2", "interaction",
               "latitude", "longitude", "geo_precision", "fatalities", "timestamp",
               "event_id_no_cnty"}
    for row in ACLED_ROWS:
        cells = []
        for h in COLUMNS:
            v = row[h]
            if h == "event_date":
                v = dt.datetime.strptime(v, "%d %B %Y")
            elif h in numeric and v != "":
                v = float(v) if "." in v else int(v)
            elif v == "":
                v = None
            cells.append(v)
        sheet.append(cells)
    for cell in sheet["E"][1:]:
        cell.number_format = "d-mmm-yy"
    book.save(path)


def acled_api(rows=None) -> str:
    """The ACLED rows as the ACLED API answers (2023 columns; numbers as the API gives)."""
    data = []
    for row in rows or ACLED_ROWS:
        rec = {k: row[k] for k in acled.COLUMNS_2023 if k in row}
        rec["event_date"] = dt.datetime.strptime(row["event_date"], "%d %B %Y").strftime(
            "%Y-%m-%d")
        rec["disorder_type"] = "Political violence"
        rec["civilian_targeting"] = ""
        rec["tags"] = ""
        data.append(rec)
    return json.dumps({"status": 200, "success": True, "count": len(data), "data": data})


def hxl(text: str) -> str:
    """CSV text with an HXL hashtag row under the header, as HDX publishes it."""
    head, rest = text.split("\r\n", 1)
    n = len(next(csv.reader([head])))
    tags = ["#event+id", "#date"] + ["#meta"] * (n - 2)
    return head + "\r\n" + ",".join(tags) + "\r\n" + rest


# -- UCDP GED ----------------------------------------------------------------------------

UCDP_HEADER = ["id", "relid", "year", "type_of_violence", "conflict_name", "side_a",
               "side_b", "source_article", "where_prec", "where_coordinates",
               "where_description", "adm_1", "adm_2", "latitude", "longitude", "country",
               "country_id", "region", "date_prec", "date_start", "date_end", "deaths_a",
               "deaths_b", "deaths_civilians", "deaths_unknown", "best", "high", "low"]

UCDP_ROWS = [
    ["501", "TST-1", "2019", "1", "Test: Government", "Government of Test", "Rebels of Test",
     "Wire E", "1", "Riverside", "Riverside village", "North province", "", "4.8500",
     "31.5800", "DR Congo (Zaire)", "490", "Africa", "1", "2019-03-04", "2019-03-04", "1",
     "2", "0", "0", "3", "5", "3"],
    ["502", "TST-2", "2019", "3", "Test: Civilians", "Militia of Test", "Civilians", "Wire F",
     "4", "Lake province", "", "Lake province", "", "-0.2000", "32.1000",
     "Bosnia-Herzegovina", "346", "Europe", "4", "2019-04-01", "2019-04-30", "0", "0", "4",
     "0", "4", "6", "4"],
    ["503", "TST-3", "2019", "2", "Test: Clans", "Clan A", "Clan B", "Wire G", "2",
     "Dry town", "", "", "", "11.5000", "43.1500", "", "560", "Africa", "2",
     "2019-05-05T00:00:00", "2019-05-07", "0", "0", "0", "1", "1", "1", "1"],
    ["504", "TST-4", "2019", "1", "Test: Government", "Government of Test", "Rebels of Test",
     "Wire E", "8", "Nowhere", "", "", "", "4.8500", "31.5800", "DR Congo (Zaire)", "490",
     "Africa", "1", "2019-03-05", "2019-03-05", "0", "0", "0", "0", "0", "0", "0"],
]
UCDP_PLACED, UCDP_REJECTED = 3, 1


def ucdp_text() -> str:
    return _csv([dict(zip(UCDP_HEADER, r)) for r in UCDP_ROWS], UCDP_HEADER)


# -- GDELT -------------------------------------------------------------------------------

def gdelt_row(event_id: str, *, width: int, code: str, geo_type: str, lat: str, lon: str,
              place: str = "Testville, Test Province, Iraq", fips: str = "IZ") -> str:
    names = gdelt.COLUMNS[width]
    row = dict.fromkeys(names, "")
    row.update(GLOBALEVENTID=event_id, SQLDATE="20130331", MonthYear="201303", Year="2013",
               FractionDate="2013.2466", Actor1Name="TEST ARMY", Actor2Name="TEST REBELS",
               EventCode=code, EventBaseCode=code[:3], EventRootCode=code[:2],
               ActionGeo_Type=geo_type, ActionGeo_FullName=place,
               ActionGeo_CountryCode=fips, ActionGeo_ADM1Code=fips + "01",
               ActionGeo_Lat=lat, ActionGeo_Long=lon, ActionGeo_FeatureID="-1",
               Actor1Geo_FullName="British Columbia, Canada", DATEADDED="20130401")
    if "SOURCEURL" in row:
        row["SOURCEURL"] = f"https://example.org/news/{event_id}"
    return "\t".join(row[n] for n in names)


def gdelt_mixed() -> str:
    """A GDELT 1.0 file of the month SOURCEURL came: rows of 57 and of 58 fields; the
    last row has no place (ActionGeo_Type 0) and is rejected."""
    rows = [gdelt_row("900001", width=57, code="190", geo_type="4", lat="33.31", lon="44.36"),
            gdelt_row("900002", width=58, code="1951", geo_type="4", lat="33.32", lon="44.37"),
            gdelt_row("900003", width=57, code="141", geo_type="1", lat="33", lon="44"),
            gdelt_row("900004", width=58, code="183", geo_type="0", lat="", lon="")]
    return "\n".join(rows) + "\n"


GDELT_PLACED, GDELT_REJECTED = 3, 1


# -- every shape -------------------------------------------------------------------------

def _zip(name: str, data: bytes) -> bytes:
    out = _io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, data)
    return out.getvalue()


#: shape -> (file name, how it is made, extra read options, placed, rejected)
def shapes() -> dict[str, tuple]:
    plain = acled_text().encode()
    return {
        "ACLED CSV, lower-case header": ("acled.csv", plain, {}),
        "ACLED CSV, UPPER-CASE header": ("acled_upper.csv", acled_text(upper=True).encode(),
                                         {}),
        "ACLED ;-separated": ("acled_semi.csv", acled_text(delimiter=";").encode(), {}),
        "ACLED tab-separated": ("acled.tsv", acled_text(delimiter="\t").encode(), {}),
        "ACLED UTF-8 with BOM": ("acled_bom.csv", b"\xef\xbb\xbf" + plain, {}),
        "ACLED cp1252 (--encoding cp1252)": (
            "acled_1252.csv", acled_text().replace("Mudtown", "Mudtown Café").encode("cp1252"),
            {"encoding": "cp1252"}),
        "ACLED .csv.gz": ("acled.csv.gz", gzip.compress(plain, mtime=0), {}),
        "ACLED .zip": ("acled.zip", _zip("acled.csv", plain), {}),
        "ACLED .xlsx (date cells)": ("acled.xlsx", None, {}),
        "ACLED API JSON": ("acled_api.json", acled_api().encode(), {}),
        "ACLED HDX with HXL row": ("acled_hxl.csv", hxl(acled_text()).encode(), {}),
        "ACLED spreadsheet dates": ("acled_dates.csv", acled_text(dates=[
            "20-Dec-20", "2020-12-21T00:00:00", "22-December-2020", "23 Dec 2020",
            "24-Dec-2020", "25 December 2020"]).encode(), {}),
        "UCDP GED CSV": ("ged.csv", ucdp_text().encode(), {}),
        "GDELT 1.0, 57 and 58 fields": ("20130331.export.CSV", gdelt_mixed().encode(), {}),
        "GDELT .export.CSV.zip": ("20130331.export.CSV.zip",
                                  _zip("20130331.export.CSV", gdelt_mixed().encode()), {}),
    }


def expected(shape: str) -> tuple[int, int, int]:
    """Rows in, placed and rejected of a shape."""
    if shape.startswith("UCDP"):
        return len(UCDP_ROWS), UCDP_PLACED, UCDP_REJECTED
    if shape.startswith("GDELT"):
        return 4, GDELT_PLACED, GDELT_REJECTED
    return len(ACLED_ROWS), ACLED_PLACED, ACLED_REJECTED


def write_shape(folder: Path, shape: str) -> tuple[Path, dict]:
    name, data, options = shapes()[shape]
    path = folder / name
    if data is None:
        acled_xlsx(path)
    else:
        path.write_bytes(data)
    return path, options


def table(folder: Path) -> str:
    """The closing table: shape, rows in, placed, rejected (read by the batch path)."""
    from geoincidents import io

    lines = ["| shape | rows in | placed | rejected |", "|---|---|---|---|"]
    for shape in shapes():
        path, options = write_shape(folder, shape)
        result = io.read_incidents(path, **options)
        lines.append(f"| {shape} | {expected(shape)[0]} | {len(result.incidents)} | "
                     f"{len({r.row for r in result.rejects})} |")
    return "\n".join(lines)


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        print(table(Path(tmp)))
