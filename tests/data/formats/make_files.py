"""Regenerate the small ACLED-, UCDP GED- and GDELT-shaped test files in this folder.

Every row is invented for the tests (see README.md); positions are public reference
points from DESIGN.md. Run: python3 tests/data/formats/make_files.py
"""

import csv
from pathlib import Path

from geoincidents.formats import acled, gdelt

HERE = Path(__file__).resolve().parent


def write_csv(name, columns, rows):
    with open(HERE / name, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n")
        w.writeheader()
        for row in rows:
            w.writerow({c: row.get(c, "") for c in columns})


# ACLED before 2023: dates like "20 December 2020", numeric iso, data_id, iso3.
ROCKET = dict(event_type="Explosions/Remote violence",
              sub_event_type="Shelling/artillery/missile attack")
write_csv("acled_pre2023.csv", acled.COLUMNS_PRE_2023, [
    dict(data_id="9001", iso="368", event_id_cnty="IRQ90001", event_date="20 December 2020",
         year="2020", time_precision="1", **ROCKET, actor1="Unidentified Armed Group (Iraq)",
         actor2="Military Forces of the United States (2017-2021)", country="Iraq",
         location="Baghdad - Green Zone", latitude="33.2989", longitude="44.3961",
         geo_precision="1", source="Test wire", notes="Rockets hit the embassy compound.",
         fatalities="0", iso3="IRQ"),
    dict(data_id="9002", iso="4", event_id_cnty="AFG90002", event_date="19 December 2020",
         year="2020", time_precision="2", **ROCKET, actor1="Islamic State (Afghanistan)",
         country="Afghanistan", location="Bagram", latitude="34.9461", longitude="69.2650",
         geo_precision="2", source="Test wire", notes="Rockets fired at the airfield.",
         fatalities="0", iso3="AFG"),
    dict(data_id="9003", iso="368", event_id_cnty="IRQ90003", event_date="3 January 2020",
         year="2020", time_precision="1", event_type="Explosions/Remote violence",
         sub_event_type="Air/drone strike", actor1="Military Forces of the United States "
         "(2017-2021)", actor2="Popular Mobilization Forces", assoc_actor_2="Kata'ib "
         "Hezbollah; Quds Force", country="Iraq", location="Baghdad International Airport",
         latitude="33.2625", longitude="44.2346", geo_precision="1", source="Test wire",
         notes="Strike on a convoy by the airport road.", fatalities="10", iso3="IRQ"),
    # bad rows, one problem each
    dict(data_id="9004", iso="368", event_id_cnty="IRQ90004", event_date="4 January 2020",
         time_precision="1", **ROCKET, country="Iraq", location="Camp Taji",
         latitude="33,5294", longitude="44.2775", geo_precision="1", fatalities="0"),
    dict(data_id="9005", iso="368", event_id_cnty="IRQ90005", event_date="5 January 2020",
         time_precision="1", **ROCKET, country="Iraq", location="Camp Taji",
         latitude="33.5294", longitude="44.2775", geo_precision="4", fatalities="0"),
    dict(data_id="9006", iso="368", event_id_cnty="IRQ90006", event_date="01/06/2020",
         time_precision="1", **ROCKET, country="Iraq", location="Camp Taji",
         latitude="33.5294", longitude="44.2775", geo_precision="1", fatalities="0"),
    dict(data_id="9007", iso="368", event_id_cnty="IRQ90001", event_date="7 January 2020",
         time_precision="1", **ROCKET, country="Iraq", location="Camp Taji",
         latitude="33.5294", longitude="44.2775", geo_precision="1", fatalities="0"),
    dict(data_id="9008", iso="368", event_id_cnty="IRQ90008", event_date="8 January 2020",
         time_precision="1", **ROCKET, country="Iraq", location="Camp Taji",
         latitude="", longitude="44.2775", geo_precision="1", fatalities="0"),
])

# ACLED since 2023: ISO dates, disorder_type, tags, no data_id.
write_csv("acled_2023.csv", acled.COLUMNS_2023, [
    dict(event_id_cnty="IRQ91001", event_date="2020-03-11", year="2020", time_precision="1",
         disorder_type="Political violence", **ROCKET, actor1="Kata'ib Hezbollah",
         actor2="Military Forces of the United Kingdom", iso="368", country="Iraq",
         location="Camp Taji", latitude="33.5294", longitude="44.2775", geo_precision="1",
         source="Test wire", notes="Rockets struck the base.", fatalities="3", tags=""),
    dict(event_id_cnty="IRQ91002", event_date="2020-01-08", year="2020", time_precision="3",
         disorder_type="Political violence", event_type="Explosions/Remote violence",
         sub_event_type="Shelling/artillery/missile attack",
         actor1="Military Forces of Iran (1989-)", iso="368", country="Iraq",
         location="Al Anbar", latitude="33.7856", longitude="42.4412", geo_precision="3",
         source="Test wire", notes="Missiles at Ain al-Asad, month known only.",
         fatalities="0"),
    dict(event_id_cnty="IRQ91003", event_date="2019-12-31", year="2019", time_precision="2",
         disorder_type="Demonstrations", event_type="Protests",
         sub_event_type="Protest with intervention", actor1="Protesters (Iraq)", iso="368",
         country="Iraq", location="Baghdad", latitude="33.3406", longitude="44.4009",
         geo_precision="2", source="Test wire", notes="Crowd outside the embassy.",
         fatalities="0"),
    dict(event_id_cnty="IRQ91004", event_date="2020-14-01", year="2020", time_precision="1",
         **ROCKET, iso="368", country="Iraq", location="Balad", latitude="33.9402",
         longitude="44.3616", geo_precision="1", fatalities="0"),
    dict(event_id_cnty="IRQ91005", event_date="2020-02-01", year="2020", time_precision="5",
         **ROCKET, iso="368", country="Iraq", location="Balad", latitude="33.9402",
         longitude="44.3616", geo_precision="1", fatalities="0"),
    dict(event_id_cnty="IRQ91006", event_date="2020-02-02", year="2020", time_precision="1",
         **ROCKET, iso="368", country="Iraq", location="Balad", latitude="95.0",
         longitude="44.3616", geo_precision="1", fatalities="0"),
])

# UCDP GED (version 23.1-style columns).
GED = ("id", "relid", "year", "active_year", "code_status", "type_of_violence",
       "conflict_dset_id", "conflict_new_id", "conflict_name", "dyad_dset_id", "dyad_new_id",
       "dyad_name", "side_a_dset_id", "side_a_new_id", "side_a", "side_b_dset_id",
       "side_b_new_id", "side_b", "number_of_sources", "source_article", "source_office",
       "source_date", "source_headline", "source_original", "where_prec",
       "where_coordinates", "where_description", "adm_1", "adm_2", "latitude", "longitude",
       "geom_wkt", "priogrid_gid", "country", "country_id", "region", "event_clarity",
       "date_prec", "date_start", "date_end", "deaths_a", "deaths_b", "deaths_civilians",
       "deaths_unknown", "best", "high", "low", "gwnoa", "gwnob")


def ged(id_, prec, place, lat, lon, dprec, start, end, best, low, high, **kw):
    row = dict(id=id_, relid=f"IRQ-2020-1-{id_}", year=start[:4], type_of_violence="1",
               conflict_name="Iraq: Government", side_a="Government of Iraq",
               side_b="IS", source_article="Test wire;Other test wire", where_prec=prec,
               where_coordinates=place, where_description=f"near {place}",
               latitude=lat, longitude=lon, geom_wkt=f"POINT ({lon} {lat})",
               country="Iraq", country_id="645", region="Middle East", date_prec=dprec,
               date_start=start, date_end=end, best=best, low=low, high=high)
    row.update(kw)
    return row


write_csv("ucdp_ged.csv", GED, [
    ged("300001", "1", "Camp Taji", "33.5294", "44.2775", "1", "2020-03-11", "2020-03-11",
        "3", "3", "3"),
    ged("300002", "2", "Taji town", "33.5092", "44.2342", "2", "2020-03-12", "2020-03-15",
        "1", "0", "2"),
    ged("300003", "3", "Baghdad governorate district", "33.3406", "44.4009", "3",
        "2020-04-01", "2020-04-07", "0", "0", "1"),
    ged("300004", "4", "Al Anbar province", "33.7856", "42.4412", "4", "2020-05-01",
        "2020-05-31", "2", "1", "4"),
    ged("300005", "6", "Iraq", "33.2232", "43.6793", "5", "2020-01-01", "2020-12-31", "7",
        "5", "9"),
    ged("300006", "7", "Gulf waters", "29.5", "49.0", "1", "2020-06-01", "2020-06-01", "0",
        "0", "0", country="Kuwait"),
    # bad rows
    ged("300007", "9", "Camp Taji", "33.5294", "44.2775", "1", "2020-03-11", "2020-03-11",
        "1", "1", "1"),
    ged("300008", "1", "Camp Taji", "33.5294", "44.2775", "1", "2020/03/11", "2020-03-11",
        "1", "1", "1"),
    ged("300001", "1", "Camp Taji", "33.5294", "44.2775", "1", "2020-03-11", "2020-03-11",
        "1", "1", "1"),
    ged("300010", "1", "Camp Taji", "abc", "44.2775", "1", "2020-03-11", "2020-03-11",
        "1", "1", "1"),
    ged("300011", "1", "Camp Taji", "33.5294", "44.2775", "0", "2020-03-11", "2020-03-11",
        "1", "1", "1"),
])


def gdelt_row(columns, **values):
    row = {c: "" for c in columns}
    row.update(values)
    return "\t".join(row[c] for c in columns)


def gdelt_file(name, width, rows):
    columns = gdelt.COLUMNS[width]
    (HERE / name).write_text("".join(gdelt_row(columns, **r) + "\n" for r in rows),
                             encoding="utf-8")


def action(id_, date, gtype, name, cc, lat, lon, code="190", a1="IRAQ", a2="UNITED STATES",
           **kw):
    row = dict(GLOBALEVENTID=id_, SQLDATE=date, MonthYear=date[:6], Year=date[:4],
               FractionDate="2020.9644", Actor1Name=a1, Actor2Name=a2, IsRootEvent="1",
               EventCode=code, EventBaseCode=code[:3], EventRootCode=code[:2],
               QuadClass="4", GoldsteinScale="-10.0", NumMentions="4", NumSources="1",
               NumArticles="4", AvgTone="-5.2", ActionGeo_Type=gtype,
               ActionGeo_FullName=name, ActionGeo_CountryCode=cc, ActionGeo_Lat=lat,
               ActionGeo_Long=lon, ActionGeo_FeatureID="-3", DATEADDED="20201220120000",
               SOURCEURL=f"https://example.org/news/{id_}")
    row.update(kw)
    return row


gdelt_file("gdelt_v2.export.CSV", 61, [
    action("950000001", "20201220", "4", "Baghdad, Baghdad, Iraq", "IZ", "33.3406",
           "44.4009", code="194"),
    action("950000002", "20201219", "4", "Bagram, Parwan, Afghanistan", "AF", "34.9461",
           "69.265", code="1951", a1="", a2="AFGHANISTAN"),
    action("950000003", "20201220", "1", "Iraq", "IZ", "33", "44", code="141"),
    action("950000004", "20201220", "5", "Baghdad, Iraq", "IZ", "33.3406", "44.4009",
           code="183"),
    # bad rows
    action("950000005", "20201220", "0", "", "", "", "", code="190"),
    action("950000006", "2020-12-20", "4", "Baghdad, Baghdad, Iraq", "IZ", "33.3406",
           "44.4009"),
    action("950000001", "20201220", "4", "Baghdad, Baghdad, Iraq", "IZ", "33.3406",
           "44.4009"),
    action("950000008", "20201220", "4", "Baghdad, Baghdad, Iraq", "IZ", "north",
           "44.4009"),
])

gdelt_file("gdelt_v1.export.CSV", 58, [
    action("410000001", "20200311", "4", "Taji, Baghdad, Iraq", "IZ", "33.5092", "44.2342",
           code="194", DATEADDED="20200311"),
    action("410000002", "20200108", "4", "Ain al-Asad, Al Anbar, Iraq", "IZ", "33.7856",
           "42.4412", code="195", DATEADDED="20200108"),
])
