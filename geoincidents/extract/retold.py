"""The incident already told that a sentence's site points back to, when the sentence
tells that event again from another side: its launch site searched, the area its site lies
in named, or the area named alone by the other side's account. Each takes the article's
incidents so far, latest last (`grouping` asks them in turn)."""

from __future__ import annotations

from geoincidents.extract.facts import SentenceFacts
from geoincidents.extract.incident import Incident
from geoincidents.extract.mentions import Mention
from geoincidents.extract.sites import admin_named, compatible_date, compatible_type, same_site
from geoincidents.gazetteer import Place


def launched_from(f: SentenceFacts, place: Place | None, date,
                   incidents: list[Incident]) -> Incident | None:
    """The incident told as launched from ``place`` (same day, or no day of the sentence's
    own): "Police who raced to X found the rails", "claimed the X operation"."""
    if place is None or place.kind == "country":
        return None
    for inc in reversed(incidents):
        if not (compatible_type(inc.etype, f.etype) and
                (f.date_reported or compatible_date(inc.date, date))):
            continue  # ("police raided a house in X the next day": an event of its own)
        if any(m.role == "launch" and m.place is not None and not m.is_country and
               same_site(m.place, place) for m in inc.mentions):
            return inc
    return None


def in_named_area(f: SentenceFacts, g: list[Mention], date,
                   incidents: list[Incident]) -> Incident | None:
    """The incident of the sentence's type (or told untyped, "other", on one side: "a
    village raid" then "gunmen stormed a village") and day placed at an area the sentence names
    as where its site lies ("a village raid in Lamu county" told, then "gunmen stormed a
    village near Mpeketoni in Lamu county"): the same event, told in detail."""
    if date is None or date.date is None or not f.etype:
        return None
    areas = {m.place.place_id for m in f.mentions if m.place is not None and
             not m.is_country and m.role not in ("launch", "context") and m not in g and
             admin_named(f, m)}
    for inc in reversed(incidents):
        site = inc.site()
        if site is not None and site.place_id in areas and \
                (inc.etype == f.etype or "other" in (inc.etype, f.etype)) and \
                inc.date is not None and inc.date.date == date.date:
            # the area is now the setting of the site the sentence names in it
            inc.drop_places(areas)
            return inc
    return None


def area_of_told(f: SentenceFacts, g: list[Mention], date, etype,
                  incidents: list[Incident]) -> Incident | None:
    """The incident of compatible type and day whose site lies in the area that is the
    sentence's only site ("hit a depot near Valuyki" told, then the other side's "downed
    14 drones over the Belgorod region overnight"): the same event, told from afar."""
    if not all(m.place is not None and not m.is_country and admin_named(f, m) for m in g):
        return None
    area = g[0].place
    for inc in reversed(incidents):
        site = inc.site()
        if site is not None and area.admin1 and site.admin1 == area.admin1 and \
                site.country == area.country and site.place_id != area.place_id and \
                compatible_type(inc.etype, etype or f.etype) and compatible_date(inc.date, date):
            return inc
    return None
