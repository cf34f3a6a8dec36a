"""The rest of a text as evidence for given spans: divisions named inside other names
(texts written for these tests)."""
from __future__ import annotations

import pytest

from geoincidents.geoparse import evidence
from geoincidents.geoparse.detect import Mention
from geoincidents.geoparse.world import Entry
from tests.spans import all_spans as _spans


AGENCY = ("A storage shed burned behind a church in Jacksonville on Sunday night, and "
          "investigators from the Illinois State Fire Marshal's office were called in. "
          "Jacksonville police said nobody was inside.")


def test_a_division_named_inside_an_agency_name_places_the_town(gp):
    spans = _spans(AGENCY, "Jacksonville")
    alone = gp.resolve_spans(AGENCY, spans)
    got = gp.resolve_spans(AGENCY, spans, context=True)
    assert {t.place.admin1 for t in alone} != {"US-IL"}  # fails without the evidence
    assert {t.place.admin1 for t in got} == {"US-IL"}
    assert all(t.start in {s for s, _ in spans} for t in got)  # only the spans answered


def test_the_evidence_does_not_answer_for_itself(gp):
    spans = _spans(AGENCY, "Jacksonville")
    got = gp.resolve_spans(AGENCY, spans, context=True)
    assert len(got) == len(spans)
    assert all(AGENCY[t.start:t.end] == "Jacksonville" for t in got)


def _entry(name, kind, country, name_kind="official"):
    return Entry(place_id=f"x:{name}:{country}", name=name, kind=kind, country=country,
                 admin1=f"{country}-X", lat=0.0, lon=0.0, radius_m=1000.0,
                 population=0, name_kind=name_kind)


LEXICON = {
    "Ohio": (_entry("Ohio", "admin1", "US"),),
    "Delta": (_entry("Delta", "admin1", "NG"),),
    "Co.": (_entry("Colorado", "admin1", "US", "abbreviation"),),
    "Washington": (_entry("Washington", "admin1", "US"),),
    "Dayton": (_entry("Dayton", "city", "US"),),
}


def _m(start, text, source="inner:ORG"):
    return Mention(start, start + len(text), text, "weak", source)


def test_division_mentions_keeps_official_divisions_of_the_story_countries():
    found = [_m(0, "Ohio"), _m(10, "Delta"), _m(20, "Co."), _m(30, "Dayton"),
             _m(40, "Washington", "ner:FAC:part"), _m(60, "Ohio")]
    got = evidence.division_mentions(found, [(58, 70)], lambda t: LEXICON.get(t, ()),
                                     {"US"})
    # not another country's division, an abbreviation, a town, a street's word, nor a
    # word inside a given span
    assert [m.start for m in got] == [0]
