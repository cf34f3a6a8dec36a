"""Article extraction: text handling, dates, numbers, incidents, the seed articles."""

import datetime as dt

import pandas as pd
import pytest

from geoincidents.errors import DataError
from geoincidents.extract import extract_text, prepare
from geoincidents.extract.dates import find_dates
from geoincidents.extract.casualties import casualties
from geoincidents.extract.counts import munition_counts
from geoincidents.extract.numbers import value
from geoincidents.extract.text import decode, split_sentences


# -- text ------------------------------------------------------------------------------------

def test_sentences_keep_offsets_and_abbreviations():
    text = "U.S. envoy Dr. Jane Roe spoke. Gen. Smith agreed!\n\nA new paragraph."
    sents = split_sentences(text)
    assert [s.text for s in sents] == ["U.S. envoy Dr. Jane Roe spoke.",
                                       "Gen. Smith agreed!", "A new paragraph."]
    assert all(text[s.start:s.end] == s.text for s in sents)
    assert [s.para for s in sents] == [0, 0, 1]


def test_headline_line_is_its_own_sentence():
    sents = split_sentences("Rockets hit base\nTwo rockets landed on Monday.")
    assert [s.text for s in sents] == ["Rockets hit base", "Two rockets landed on Monday."]


@pytest.mark.parametrize("header", ["---\npublished: 2020-12-21\n---\n",
                                    "---\ntitle: x\ndate: 2020-12-21\n---\n",
                                    "Published: 2020-12-21\n\n", "Date: December 21, 2020\n\n",
                                    "By Ana Ruiz | Published: 21 December 2020\n\n",
                                    "Headline\nBy Ana Ruiz · Published: 2020-12-21\n\n"])
def test_publication_date_from_header(header):
    doc = prepare(header + "Body text here.")
    assert doc.published == dt.date(2020, 12, 21)
    assert doc.sentences[0].text == "Body text here."


@pytest.mark.parametrize("head", ["Rockets hit a base\n\n", "Rockets hit a base\n\nBy Ana Ruiz\n",
                                  "Rockets hit a base\n\nBy Ana Ruiz\n\n",
                                  "# Rockets hit a base\n\n"])
def test_publication_date_after_a_headline_and_a_byline(head):
    # a headline and a blank line before the date line are the common layout of a page
    # saved as text; the headline stays part of the article (it often names the event)
    doc = prepare(head + "Published: 2024-02-08\n\nTwo rockets landed on Wednesday.")
    assert doc.published == dt.date(2024, 2, 8)
    assert doc.sentences[0].text.lstrip("# ") == "Rockets hit a base"


def test_a_date_line_after_prose_is_not_the_publication_date():
    prose = "Two rockets landed near the airport on Wednesday, the police said. " * 4
    assert prepare(prose + "\n\nPublished: 2024-02-08\n").published is None


def test_decode_repairs_cp1252_and_rejects_binary():
    text, notes = decode(b"caf" + b"\xe9 ok", "a.txt")
    assert text == "café ok" and "cp1252" in notes[0]
    with pytest.raises(DataError, match="a.bin: binary data"):
        decode(bytes(range(256)), "a.bin")
    with pytest.raises(DataError, match="e.txt: empty file"):
        decode(b"  \n", "e.txt")


# -- dates and numbers --------------------------------------------------------------------------

PUB = dt.date(2020, 12, 21)  # a Monday


@pytest.mark.parametrize("phrase, anchor, expected, precision", [
    ("on Sunday", None, dt.date(2020, 12, 20), 1),
    ("Saturday night", None, dt.date(2020, 12, 19), 1),
    ("yesterday", None, dt.date(2020, 12, 20), 1),
    ("the day before", dt.date(2020, 12, 20), dt.date(2020, 12, 19), 1),
    ("The following day", dt.date(2020, 3, 11), dt.date(2020, 3, 12), 1),
    ("Two days later", dt.date(2019, 12, 27), dt.date(2019, 12, 29), 1),
    ("in January", None, dt.date(2020, 1, 1), 3),
    ("In October", None, dt.date(2020, 10, 1), 3),
    ("December 29, 2019", None, dt.date(2019, 12, 29), 1),
    ("3 January 2020", None, dt.date(2020, 1, 3), 1),
    ("last week", None, dt.date(2020, 12, 14), 2),
    # in any case, as in a headline
    ("Two Days Later", dt.date(2019, 12, 27), dt.date(2019, 12, 29), 1),
    ("Two Days Earlier", dt.date(2019, 12, 27), dt.date(2019, 12, 25), 1),
    ("Three Weeks Ago", None, dt.date(2020, 11, 30), 2),
    ("TWO DAYS AGO", None, dt.date(2020, 12, 19), 1),
    ("Last Week", None, dt.date(2020, 12, 14), 2),
])
def test_dates_resolve_against_publication(phrase, anchor, expected, precision):
    found = find_dates(f"It happened {phrase}, officials said.", PUB, anchor)
    assert (found[0].date, found[0].precision) == (expected, precision)


def test_relative_dates_stay_unresolved_without_publication():
    found = find_dates("It happened on Sunday.", None)
    assert found[0].date is None and found[0].text == "Sunday"
    assert find_dates("In May they may go.", PUB)[0].text == "In May"
    assert find_dates("Since October, attacks grew.", PUB)[0].since


@pytest.mark.parametrize("text, n", [("five", 5), ("a dozen", 12), ("at least three", 3),
                                     ("three dozen", 36), ("12", 12), ("twenty-one", 21),
                                     ("several", None)])
def test_number_words(text, n):
    assert value(text) == n


def test_munition_counts_by_role():
    assert munition_counts("The airfield was struck by four rockets fired by a truck parked "
                           "nearby.") == {"n_landed": 4, "n_fired": 4}
    assert munition_counts("The truck had been packed with a dozen rockets yet launched only "
                           "the five that struck; the remaining seven misfired.") == \
        {"n_loaded": 12, "n_fired": 5, "n_landed": 5, "n_misfired": 7}
    assert munition_counts("Forces seized a Katyusha rocket and a launcher.") == {"n_seized": 1}
    assert munition_counts("The system intercepted all five.") == {"n_intercepted": 5}
    assert munition_counts("They attacked the bases about three dozen times.") == {}


def test_casualties_with_who():
    c = casualties("An Iraqi policeman, who was guarding a gate, was injured.")
    assert (c.injured, c.notes) == (1, ["An Iraqi policeman injured"])
    assert casualties("No American personnel were injured.").injured == 0
    c = casualties("The blast killed two American soldiers and a British soldier, wounding "
                   "eleven others.")
    assert (c.killed, c.injured) == (3, 11)


# -- incidents ------------------------------------------------------------------------------------

ARTICLE = """Published: 2021-03-04

Three rockets landed inside Camp Taji north of Baghdad on Wednesday, injuring two soldiers.
The rockets were launched from the Kadhimiya area. Kata'ib Hezbollah denied any role.

In Kandahar, a roadside bomb killed four police officers on Tuesday.

The base was previously struck on January 8, 2020, when Iran fired missiles at Ain al-Asad.
"""


def test_incidents_from_own_article(gaz):
    res = extract_text(ARTICLE, gazetteer=gaz, source="mine.txt")
    df = res.incidents.sort_values("date")
    assert list(df.event_type) == ["rocket_attack", "ied", "rocket_attack"]
    taji = df[df.place_id == "iq-camp-taji"].iloc[0]
    assert taji.date == pd.Timestamp("2021-03-03") and taji.n_landed == 3 and taji.injured == 2
    assert taji.launch_place_id == "iq-kadhimiya" and taji.launch_uncertainty_m == 2500
    assert "Kata'ib Hezbollah (denied)" in taji.actors and not taji.background
    assert ARTICLE[taji.char_start:taji.char_start + 12] == "Three rocket"
    ied = df[df.event_type == "ied"].iloc[0]
    assert (ied.place_id, ied.killed, ied.date) == ("af-kandahar", 4, pd.Timestamp("2021-03-02"))
    old = df.iloc[0]
    assert old.background and old.place_id == "iq-ain-al-asad"


def test_without_publication_date_words_are_kept(gaz):
    res = extract_text(ARTICLE.split("\n", 2)[2], gazetteer=gaz)
    taji = res.incidents[res.incidents.place_id == "iq-camp-taji"].iloc[0]
    assert pd.isna(taji.date) and taji.date_text == "Wednesday"


def test_country_alone_gives_country_uncertainty(gaz):
    res = extract_text("Published: 2021-01-10\n\nA bombing in Afghanistan on Saturday killed "
                       "three people.", gazetteer=gaz)
    row = res.incidents.iloc[0]
    assert (row.place_id, row.geo_precision) == ("af", 3) and row.uncertainty_m >= 400_000


def test_no_incident_is_a_warning(gaz):
    res = extract_text("The library opens at nine in Galway, Ireland.", gazetteer=gaz,
                       source="lib.txt")
    assert res.incidents.empty and "no incident found" in res.warnings[0].reason


def test_bad_published_date(gaz):
    with pytest.raises(DataError, match="published: 'soon' is not a date"):
        extract_text("Rockets hit Camp Taji.", gazetteer=gaz, published="soon")


# -- the seed articles (Done when) ---------------------------------------------------------------

def _seed(seeds_dir, gaz, name, published):
    from geoincidents.extract import read_articles

    res = read_articles(seeds_dir / name, gazetteer=gaz, published=published)
    assert not res.rejects
    return res.incidents


def test_seed_000(seeds_dir, gaz):
    df = _seed(seeds_dir, gaz, "000_4cc4feec5bbdfb17.txt", "2020-12-21")
    news = df[~df.background]
    assert len(news) == 2
    emb = news[news.place_id == "iq-us-embassy-baghdad"].iloc[0]
    assert (emb.event_type, emb.date) == ("rocket_attack", pd.Timestamp("2020-12-20"))
    assert emb.n_landed == 3 and emb.injured == 1 and "Iraqi soldier" in emb.casualty_notes
    assert "No American personnel" in emb.casualty_notes
    assert "militias (blamed)" in emb.actors and "Hezbollah (denied)" in emb.actors
    bag = news[news.place_id == "af-bagram-airfield"].iloc[0]
    assert bag.date == pd.Timestamp("2020-12-19")
    assert (bag.n_loaded, bag.n_fired, bag.n_landed, bag.n_misfired) == (12, 5, 5, 7)
    assert bag.injured == 0 and "vehicle" in bag.launch_place
    back = df[df.background]
    assert set(back.event_type) >= {"airstrike", "drone_strike", "protest"}
    drone = back[back.event_type == "drone_strike"].iloc[0]
    assert drone.place_id == "iq-biap" and drone.date == pd.Timestamp("2020-01-01")
    assert drone.time_precision == 3 and drone.killed == 2
    air = back[back.event_type == "airstrike"].iloc[0]
    assert air.date == pd.Timestamp("2019-12-29") and air.uncertainty_m >= 100_000


def test_seed_003(seeds_dir, gaz):
    df = _seed(seeds_dir, gaz, "003_9d69089a9b5021ef.txt", "2020-07-07")
    gz = df[df.place_id == "iq-green-zone"].iloc[0]
    assert (gz.date, gz.injured, gz.launch_place_id) == (pd.Timestamp("2020-07-04"), 1,
                                                         "iq-ali-al-saleh")
    assert gz.launch_uncertainty_m >= 5000 and "child" in gz.casualty_notes
    taji = df[df.place_id == "iq-camp-taji"].iloc[0]
    assert (taji.event_type, taji.date, taji.n_seized) == \
        ("thwarted", pd.Timestamp("2020-07-04"), 1)
    assert "Katyusha" in taji.weapon and taji.target_place_id == "iq-camp-taji"
    raid = df[df.event_type == "raid"].iloc[0]
    assert raid.background and raid.place_id == "iq-kh-hq-baghdad"
