"""One article's sentences read and grouped into incidents, and the incidents as rows."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from geoincidents import model, nlp
from geoincidents.extract import facts as facts_mod
from geoincidents.extract import (actor_attach, actors, count_context, fields, grouping, leads,
                                   parsed, shared_toll, triggers)
from geoincidents.extract.facts import SentenceFacts
from geoincidents.extract.incident import Incident
from geoincidents.extract.mentions import Mention
from geoincidents.extract.text import Document
from geoincidents.gazetteer import Place
from geoincidents.model import Reject


def incidents(doc: Document, places: list[Mention]) -> list[Incident]:
    """Every sentence of ``doc`` read (with the place mentions found in it), then grouped
    into incidents (`grouping.group_incidents`)."""
    by_sentence: dict[int, list[Mention]] = {}
    for m in places:
        by_sentence.setdefault(m.sentence, []).append(m)
    facts = []
    anchor = None
    titles = facts_mod.headlines(doc.sentences)
    spans = _parses(doc, titles)
    # the parse's actors of each sentence, "the group" resolved to the one named before
    said = actors.find_in_sentences(sorted(spans.items()))
    for i, sent in enumerate(doc.sentences):
        f = facts_mod.read_sentence(i, sent, by_sentence.get(i, []), doc.published, anchor,
                                    headline=i in titles, span=spans.get(i),
                                    actors=said.get(i))
        if f.date is not None and f.date.date is not None and f.etype and \
                not f.date_reported and not f.generic:
            # "the day before" counts from the last event's day (a sentence about events
            # in general, "has used drones since it took the town last year", tells none)
            anchor = f.date.date
        facts.append(f)
    facts_mod.refute(facts, spans)  # "... Officials said the report was false"
    fields.fill(facts, fields.read(facts, doc.published))  # "Where: X", "When: Y"
    count_context.add_more(facts)  # "Two more missiles fell short": added to those told before
    leads.lead_from_headline(facts)  # a lead with no event word tells the headline's
    found = grouping.group_incidents(facts, spans)
    shared_toll.split_totals(found)  # "killing eight": three in X and five in Y
    count_context.headline_counts(facts, found)  # a title's counts for roles the body lacks
    # actors of sentences no incident took, each on its own clause's event; one stance each
    actor_attach.attach(facts, found, spans)
    return found


def _parses(doc: Document, titles: set[int]) -> dict:
    """The parse of each sentence the parse-based readers need (see `parsed`), by index."""
    # (a title is parsed only for a stance word: "X claims attack" names the group a later
    # "the group said ..." refers to; its event is the body's)
    etypes = [None if i in titles else triggers.event_type(sent.text)
              for i, sent in enumerate(doc.sentences)]
    # (and the sentence after an event's that may call it untrue: `facts_mod.refute`)
    wanted = [i for i, sent in enumerate(doc.sentences)
              if parsed.wanted(sent.text, etypes[i]) or (
                  i and etypes[i - 1] is not None and parsed.may_refute(sent.text))]
    if wanted and doc.entities is None:
        doc.entities = nlp.entities(doc.text)
    return dict(zip(wanted, parsed.parse([doc.sentences[i].text for i in wanted],
                                         doc.entities,
                                         [doc.sentences[i].start for i in wanted])))


def rows(found: list[Incident], doc: Document, stem: str, source: str,
         fallback: Place | None, *, background_days: int, lead_gap_days: int,
         thwarted_radius_m: float
         ) -> tuple[list[dict[str, Any]], list[tuple[float, float]], list[Reject]]:
    """(rows, positions, rejects) of the incidents: an incident with no place is a reject."""
    out: list[dict[str, Any]] = []
    positions: list[tuple[float, float]] = []
    rejects: list[Reject] = []
    reference = doc.published or max((i.date.date for i in found if i.date and i.date.date),
                                     default=None)
    # the lead: the first incident told, with a date; events days before it are context
    dated = sorted((min(f.start for f in i.sentences), i.date.date) for i in found
                   if i.date is not None and i.date.date is not None)
    lead = dated[0][1] if dated else None
    for k, inc in enumerate(found, start=1):
        got, position = row(inc, k, stem, source, fallback, reference, lead,
                            background_days=background_days, lead_gap_days=lead_gap_days,
                            thwarted_radius_m=thwarted_radius_m)
        if position is None:
            rejects.append(Reject(source, None, "place", got["quote"][:80],
                                  f"incident at characters {got['char_start']}-"
                                  f"{got['char_end']} names no place the gazetteer knows and "
                                  "the article names no country; expected a place name"))
            continue
        out.append(got)
        positions.append(position)
    return out, positions, rejects


def _unique_notes(notes: list[str]) -> str | None:
    """The casualty notes joined, each said once (sentences repeat "no one was hurt")."""
    seen: dict[str, str] = {}
    for note in notes:
        for part in note.split("; "):
            seen.setdefault(part.lower(), part)
    return "; ".join(seen.values()) or None


def _week(day: dt.date) -> tuple[int, int]:
    """The ISO (year, week) of a day: days of the lead's own week are this week's news."""
    iso = day.isocalendar()
    return iso[0], iso[1]


def _start(f: SentenceFacts) -> int:
    return f.start


def row(inc: Incident, k: int, stem: str, source: str, fallback: Place | None,
        reference: dt.date | None, lead: dt.date | None = None, *, background_days: int,
        lead_gap_days: int, thwarted_radius_m: float
        ) -> tuple[dict[str, Any], tuple[float, float] | None]:
    """One incident as a row of the incident table, and its (lon, lat) (None: no place)."""
    place = inc.site()
    site_mentions = [m for m in inc.mentions if m.place is not None and place is not None and
                     m.place.place_id == place.place_id and m.role in grouping.ROLE_RANK]
    place_text = site_mentions[0].text if site_mentions else None
    near = any(m.near for m in site_mentions) and not any(
        m.role == "impact" and not m.near for m in site_mentions)
    if place is None:
        place = fallback
        place_text = None
    targets = [m for m in inc.mentions if m.role == "target" and m.place is not None]
    target = targets[0] if targets else None
    target_place = target.place if target else None
    if target is None and place is not None and place.kind in ("zone", "landmark", "base",
                                                              "airport") and \
            inc.etype in ("rocket_attack", "drone_strike", "ied", "thwarted", "battle",
                          "other"):
        target_place = place
    launches = [m for m in inc.mentions if m.role == "launch" and m.place is not None]
    launch = launches[0] if launches else None
    launch_place = launch.place if launch is not None else None
    date = inc.date.date if inc.date is not None else None
    background = inc.background_hint
    if date is not None and reference is not None:
        background = background or (reference - date).days >= background_days
    if date is not None and lead is not None:
        background = background or ((lead - date).days >= lead_gap_days and
                                    _week(date) != _week(lead))
    etype = inc.etype
    if etype == "thwarted" and (inc.counts.get("n_landed") or inc.counts.get("n_fired") or
                                inc.casualties.total("killed") or
                                inc.casualties.total("injured")):
        # some munitions were used after all: an attack, with the rest seized
        etype = "rocket_attack" if any(w in inc.weapons for w in ("rocket", "missile", "mortar",
                                                                  "Katyusha rocket")) else "other"
    first = min(f.start for f in inc.sentences)
    last = max(f.end for f in inc.sentences)
    quote = " … ".join(" ".join(f.text.split()) for f in sorted(inc.sentences, key=_start))
    c = inc.casualties
    precision = (place.precision if place is not None else None)
    radius = place.radius_m if place is not None else None
    if near and precision == 1:
        precision = 2
    notes = None
    if etype == "thwarted" and place is not None and target_place is not None and \
            place.place_id == target_place.place_id and not any(
                m.role in ("impact", "location") and m.place is not None and not m.is_country
                for m in inc.mentions):
        # seized on the way: the only place named is where it was aimed, which it never
        # reached; stay near the target with a wide radius, not on it
        precision = max(precision or 2, 2)
        radius = max(radius or 0.0, thwarted_radius_m)
        notes = (f"seizure location not given; placed near the target {place.name} within "
                 f"{radius / 1000:g} km")
    date_text = inc.date.text if inc.date is not None else None
    time_precision = inc.date.precision if inc.date is not None else None
    if inc.date_inherited and date_text:
        date_text = f"after {date_text}"
        time_precision = max(2, time_precision or 2)
    out: dict[str, Any] = {
        "incident_id": f"{stem}-{k}",
        "event_type": etype,
        "date": pd.Timestamp(date) if date else pd.NaT,
        "time_precision": time_precision,
        "date_text": date_text,
        "place": place_text or (place.name if place is not None else None),
        "place_id": place.place_id if place is not None else None,
        "place_name": place.name if place is not None else None,
        "country": place.country if place is not None else None,
        "geo_precision": precision,
        "uncertainty_m": radius,
        "launch_place": launch.text if launch is not None else inc.launch_text,
        "launch_place_id": launch_place.place_id if launch_place is not None else None,
        "launch_lon": launch_place.lon if launch_place is not None else None,
        "launch_lat": launch_place.lat if launch_place is not None else None,
        "launch_uncertainty_m": launch_place.radius_m if launch_place is not None else None,
        "target": target.text if target else (target_place.name if target_place else None),
        "target_place_id": target_place.place_id if target_place else None,
        "weapon": "; ".join(inc.weapons) or None,
        # (the attackers' dead and wounded, told apart, add to the toll: docs/heldout.md)
        "killed": c.total("killed"), "injured": c.total("injured"),
        "casualty_notes": _unique_notes(c.notes),
        "damage": "; ".join(inc.damage) or None,
        "actors": "; ".join(f"{a} ({s})" for a, s in inc.actors) or None,
        "background": bool(background),
        "source_file": source,
        "char_start": first, "char_end": last,
        "quote": quote,
    }
    out["notes"] = notes
    for col in model.COUNT_COLUMNS:
        out[col] = inc.counts.get(col)
    if etype in ("rocket_attack", "drone_strike", "airstrike") and out["n_fired"] is None:
        # what landed or was shot down was fired: a lower bound ("five rockets hit the base";
        # "two were shot down, the third came down in a car park": three)
        reached = (inc.counts.get("n_landed") or 0) + (inc.counts.get("n_intercepted") or 0)
        out["n_fired"] = reached or None
    return out, ((place.lon, place.lat) if place is not None else None)
