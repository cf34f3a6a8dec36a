"""A learned last check on each incident: keep it, or drop it as no incident of its own.

The rules find candidates generously (recall is high on new text, precision is not); a
logistic model over what the pipeline already knows of each candidate (type, mood flags,
position in the article, facts attached, place kind, duplicates of another candidate)
scores it, and a candidate scoring under the threshold is dropped. The weights are data
(`geoincidents/data/incident_filter.json`, fitted by `scripts/fit_incident_filter.py` on
the tuning sets); applying them takes plain Python, no learning library.

A dropped incident is not lost: it becomes a warning (`model.Reject`) naming its id,
score and quote, so ``extract --rejects`` lists it. ``GEOINCIDENTS_INCIDENT_FILTER=0``
(or `enabled` set False) turns the filter off.
"""

from __future__ import annotations

import json
import math
import os
import re
from functools import lru_cache
from pathlib import Path

from geoincidents.extract import triggers
from geoincidents.extract.lexicon import grouped, records
from geoincidents.extract.text import dateline_end
from geoincidents.model import Reject

#: The stored model (feature names, weights, threshold, provenance).
MODEL_PATH = Path(__file__).resolve().parents[1] / "data" / "incident_filter.json"

#: Whether extraction applies the filter (``GEOINCIDENTS_INCIDENT_FILTER=0`` turns it off).
enabled: bool = os.environ.get("GEOINCIDENTS_INCIDENT_FILTER", "1").strip().lower() not in (
    "0", "false", "no", "off")

#: When a list, every candidate's (source, incident id, features) is appended to it
#: (`scripts/fit_incident_filter.py` collects its training rows this way).
collect: list | None = None

_TYPES = ("rocket_attack", "drone_strike", "airstrike", "ied", "thwarted", "battle", "raid",
          "protest", "other")
_KINDS = ("country", "admin", "city", "base")
_QUOTE = re.compile(r"[\"“”]")
#: kinds of words around a told event (`rules/filter_cues.jsonl`): hearsay, a year,
#: habit, a reaction (in every sentence telling it), a recollection opening on its own date
#: (in the first: a cue whose records say ``"scope": "first"``)
@lru_cache(maxsize=1)
def _cues() -> dict[str, tuple[re.Pattern, bool]]:
    # (compiled on first use: importing the extractor stays as fast as before)
    first = {r["cue"] for r in records("filter_cues") if r.get("scope") == "first"}
    return {cue: (re.compile(p, re.I), cue in first)
            for cue, p in grouped("filter_cues", "cue").items()}


_TERMINAL = (".", "!", "?", "\"", "”", "’", "'", ")", ";", ":")
_SPEECH = re.compile(r"\b(?:said|says|told|according to|claimed|warned|added|stated)\b", re.I)


def _kind(kind: str | None) -> str | None:
    """The place kinds folded into four: country, admin (a region), city (a settlement
    or district) and base (a named site: base, airport, zone, landmark)."""
    if kind is None:
        return None
    if kind == "country":
        return "country"
    if kind in ("province", "region", "admin1", "admin2", "state", "governorate", "district"):
        return "admin"
    if kind in ("base", "airport", "zone", "landmark", "embassy", "facility", "site"):
        return "base"
    return "city"


def _trigger_gap(inc, place_id: str | None) -> float | None:
    """Words between the event word and the site's mention in the first sentence naming
    both (None: no sentence names both)."""
    for f in sorted(inc.sentences, key=lambda f: f.start):
        found = triggers.trigger(f.text)
        if found is None:
            continue
        for m in f.mentions:
            if m.place is not None and m.place.place_id == place_id:
                a, b = sorted((found[1], m.start - f.start))
                return float(len(f.text[a:b].split()))
    return None


def _in_dateline(m, sents) -> bool:
    """Whether mention ``m`` is in the dateline of one of the sentences (where the story
    was filed, seldom where the event was)."""
    return any(f.start <= m.start < f.end and m.start - f.start < dateline_end(f.text)
               for f in sents)


def features(inc, row: dict, found: list, n_sentences: int) -> dict[str, float]:
    """The named features of one candidate incident ``inc`` (its table row ``row``) among
    the article's candidates ``found``."""
    sents = inc.sentences
    body = [f for f in sents if not f.headline]
    first = min((f.index for f in sents), default=0)
    mood = [f for f in sents if f.etype]
    out: dict[str, float] = {f"type.{t}": float(row["event_type"] == t) for t in _TYPES}
    place_kind = _kind(getattr(inc.site(), "kind", None))
    for k in _KINDS:
        out[f"kind.{k}"] = float(place_kind == k)
    out["no_site"] = float(inc.site() is None)
    out["n_sentences"] = math.log1p(len(sents))
    out["n_mentions"] = math.log1p(len({id(m) for m in inc.mentions}))
    out["headline_only"] = float(not body)
    out["in_headline"] = float(any(f.headline for f in sents))
    out["lead"] = float(any(f.index <= 2 for f in body) or first <= 1)
    out["position"] = first / max(1, n_sentences)
    out["all_hedged"] = float(bool(mood) and all(f.hedged for f in mood))
    out["any_blocked"] = float(any(f.blocked for f in sents))
    out["all_generic"] = float(bool(sents) and all(f.generic or f.plural_ref for f in sents))
    out["past_perfect"] = float(bool(mood) and all(f.past_perfect for f in mood))
    out["refers_back"] = float(bool(mood) and all(f.refers_back for f in mood))
    out["date_reported"] = float(any(f.date_reported for f in sents))
    out["quoted"] = float(bool(sents) and all(_QUOTE.search(f.text) for f in sents))
    out["speech"] = float(bool(sents) and all(_SPEECH.search(f.text) for f in sents))
    told = mood or sents
    opening = sorted(sents, key=lambda f: f.start)[:1]
    for cue, (rx, first_only) in _cues().items():
        on = opening if first_only else told
        out[f"cue.{cue}"] = float(bool(on) and all(rx.search(f.text) for f in on))
    out["title_line"] = float(any(not f.headline and len(f.text.split()) <= 10 and
                                  not f.text.rstrip("*_ ").endswith(_TERMINAL) for f in sents))
    site = inc.site()
    at_site = [m for m in inc.mentions if site is not None and m.place is not None and
               m.place.place_id == site.place_id]
    out["site_in_dateline"] = float(bool(at_site) and all(_in_dateline(m, sents)
                                                          for m in at_site))
    out["background"] = float(bool(row["background"]))
    out["background_coarse"] = float(bool(row["background"]) and
                                     row.get("time_precision") != 1)
    out["dated"] = float(row["date"] is not None and row["date"] == row["date"])
    out["date_inherited"] = float(bool(inc.date_inherited))
    out["day_exact"] = float(row.get("time_precision") == 1)
    out["counts"] = float(any(row.get(c) for c in ("n_fired", "n_landed", "n_intercepted")) or
                          bool(inc.counts))
    out["casualties"] = float(bool(row.get("killed") or row.get("injured")))
    out["actors"] = float(bool(inc.actors))
    out["weapon"] = float(bool(inc.weapons))
    out["damage"] = float(bool(inc.damage))
    gap = _trigger_gap(inc, row.get("place_id"))
    out["trigger_gap"] = min(gap, 30.0) / 30.0 if gap is not None else 1.0
    out["no_trigger_place"] = float(gap is None)
    others = [o for o in found if o is not inc]
    out["same_place"] = float(site is not None and any(
        o.site() is not None and o.site().place_id == site.place_id for o in others))
    day = inc.date.date if inc.date is not None else None
    twins = [o for o in others if day is not None and o.date is not None and
             o.date.date == day and o.etype == inc.etype]
    out["same_day_type"] = float(bool(twins))
    # (one sentence listing two sites, "at two shops in A and B", tells two events; a
    # second sentence retelling the day's event is more often the same one split)
    mine = {id(f) for f in sents}
    out["shares_sentence"] = float(any(id(f) in mine for o in others for f in o.sentences))
    out["twin_elsewhere"] = float(any(not any(id(f) in mine for f in o.sentences)
                                      for o in twins))
    out["n_candidates"] = math.log1p(len(found))
    # (a place of a list with a toll of its own: "three killed in A, and five in B")
    out["listed_toll"] = float(out["casualties"] and any(_listed(inc, o) for o in twins))
    return out


_LIST_JOIN = re.compile(r"\b(?:and|while|whereas)\b|;", re.I)


def _clauses(f, g) -> bool:
    """Whether sentences ``f`` and ``g`` are the two clauses of one sentence the rules cut
    apart (adjacent, the first unfinished, the second going on in lower case)."""
    a, b = sorted((f, g), key=lambda x: x.start)
    return (b.index - a.index == 1 and not a.text.rstrip().endswith(_TERMINAL) and
            b.text[:1].islower())


def _listed(inc, other) -> bool:
    """Whether one sentence names this incident's site and the other's as two targets: a
    list ("hit a depot near A and a radar near B"), or two clauses the rules told apart
    ("a drone hit A, and a second one was downed near B")."""
    site, there = inc.site(), other.site()
    if site is None or there is None or site.place_id == there.place_id:
        return False

    def at(i, p, f):
        return [m.start for m in i.mentions if f.start <= m.start < f.end and
                m.place is not None and m.place.place_id == p.place_id]

    for f in inc.sentences:
        mine = at(inc, site, f)
        if not mine:
            continue
        for g in other.sentences:
            if g is not f and not _clauses(f, g):
                continue
            yours = at(other, there, g)
            if yours and g is not f:
                return True
            for a in mine:
                for b in yours:
                    lo, hi = sorted((a, b))
                    if _LIST_JOIN.search(f.text[lo - f.start:hi - f.start]):
                        return True
    return False


@lru_cache(maxsize=4)
def load(path: str | os.PathLike[str] | None = None) -> dict:
    """The stored model: ``features``, ``weights``, ``bias``, ``mean``, ``scale``,
    ``threshold`` and provenance."""
    return json.loads(Path(path or MODEL_PATH).read_text(encoding="utf-8"))


def score(feats: dict[str, float], model: dict) -> float:
    """The model's probability that a candidate is an incident."""
    z = model["bias"]
    for name, w, mu, sd in zip(model["features"], model["weights"], model["mean"],
                               model["scale"]):
        z += w * (feats.get(name, 0.0) - mu) / sd
    return 1.0 / (1.0 + math.exp(-z))


def apply(found: list, rows: list[dict], positions: list, *, stem: str, source: str,
          n_sentences: int) -> tuple[list[dict], list, list[Reject]]:
    """(rows, positions, warnings): the rows the model keeps, and a warning for each one
    it drops. ``found`` are the article's incidents, row ``STEM-k`` being ``found[k-1]``."""
    if not rows or (not enabled and collect is None):
        return rows, positions, []
    by_id = {f"{stem}-{k}": inc for k, inc in enumerate(found, start=1)}
    model = load() if enabled else None
    kept_rows, kept_pos, dropped = [], [], []
    for r, pos in zip(rows, positions):
        feats = features(by_id[r["incident_id"]], r, found, n_sentences)
        if collect is not None:
            collect.append((source, r["incident_id"], feats))
        p = score(feats, model) if model is not None else 1.0
        if model is not None and p < model["threshold"]:
            dropped.append(Reject(source, None, "incident", r["quote"][:80],
                                  f"candidate incident {r['incident_id']} ({r['event_type']}, "
                                  f"{r['place_name']}) dropped by the incident filter: score "
                                  f"{p:.3f} under {model['threshold']:g}; "
                                  "GEOINCIDENTS_INCIDENT_FILTER=0 keeps it"))
            continue
        kept_rows.append(r)
        kept_pos.append(pos)
    return kept_rows, kept_pos, dropped
