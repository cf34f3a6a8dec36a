"""Score article extraction against hand labels: incident precision/recall, field accuracy.

Labels are JSON: ``{"tolerance_km": 5, "articles": [{"file": ..., "published": ...,
"incidents": [{"event_type": ..., "date": ..., "place_id" or "lon"/"lat": ...,
"background": ..., "n_fired": ..., "killed": ..., "actors": ["name (stance)", ...],
"min_uncertainty_m": ...}]}]}`` (the last: the place is only right with at least that radius,
for events the text does not locate, e.g. weapons seized on the way to their target).
A file is relative to the labels file, or ``seeds:NAME`` for a file in the seeds folder
(given, or ``GEOINCIDENTS_SEEDS``). A field left out of a label is not scored.

Predicted and labelled incidents of an article are paired greedily by similarity (place
within tolerance, same date, same type); unpaired predictions lower precision,
unpaired labels lower recall. Fields are scored on the pairs.

Actors are also scored per item over the whole set ("actors precision": predicted items
that name an item of their paired incident's label, out of every predicted item, those of
spurious incidents included; "actors recall": labelled items found, out of every labelled
item, those of missed incidents included). A labelled incident without ``actors`` has
none: an actor predicted for it is spurious. "actors accuracy" stays the older measure
(labelled items found on paired incidents only).
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from geoincidents import model
from geoincidents.errors import DataError
from geoincidents.extract import actor_states
from geoincidents.extract.actor_names import words as _words
from geoincidents.gazetteer import Gazetteer, normalize
from geoincidents.spatial import distance_m

FIELDS = ("event_type", "date", "place", "role", "counts", "casualties", "actors", "launch")


@dataclass
class Scores:
    """What `evaluate` measured."""

    n_gold: int = 0
    n_pred: int = 0
    n_matched: int = 0
    correct: dict[str, int] = field(default_factory=lambda: {f: 0 for f in FIELDS})
    total: dict[str, int] = field(default_factory=lambda: {f: 0 for f in FIELDS})
    rows: list[dict] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    #: per actor item: predicted items naming a label, predicted items, labelled items
    #: found, labelled items (all incidents, paired or not)
    actor_items: dict[str, int] = field(default_factory=lambda: dict.fromkeys(
        ("pred_right", "pred", "gold_found", "gold"), 0))

    @property
    def precision(self) -> float:
        return self.n_matched / self.n_pred if self.n_pred else 1.0

    @property
    def recall(self) -> float:
        return self.n_matched / self.n_gold if self.n_gold else 1.0

    def accuracy(self) -> dict[str, float | None]:
        return {f: (self.correct[f] / self.total[f] if self.total[f] else None) for f in FIELDS}

    def summary(self) -> pd.DataFrame:
        """One row per measure: value, and the counts behind it."""
        rows = [{"measure": "incident precision", "value": self.precision,
                 "correct": self.n_matched, "total": self.n_pred},
                {"measure": "incident recall", "value": self.recall,
                 "correct": self.n_matched, "total": self.n_gold}]
        items = self.actor_items
        for f, acc in self.accuracy().items():
            rows.append({"measure": f"{f} accuracy", "value": acc,
                         "correct": self.correct[f], "total": self.total[f]})
            if f == "actors":
                rows += [{"measure": measure, "value": right / total if total else None,
                          "correct": right, "total": total}
                         for measure, right, total in (
                             ("actors precision", items["pred_right"], items["pred"]),
                             ("actors recall", items["gold_found"], items["gold"]))]
        frame = pd.DataFrame(rows)
        frame["value"] = frame["value"].astype("float64").round(3)
        return frame


def seeds_dir(given: str | os.PathLike[str] | None = None) -> Path | None:
    for cand in (given, os.environ.get("GEOINCIDENTS_SEEDS"),
                 Path(__file__).resolve().parents[2] / "shared" / "seeds"):
        if cand and Path(cand).is_dir():
            return Path(cand)
    return None


def load_labels(path: str | os.PathLike[str]) -> dict:
    path = Path(path)
    if not path.exists():
        raise DataError(f"{path}: labels file not found")
    try:
        labels = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise DataError(f"{path}: not a JSON labels file ({exc})") from exc
    if not isinstance(labels, dict) or not isinstance(labels.get("articles"), list):
        raise DataError(f"{path}: expected an object with an 'articles' list")
    for i, art in enumerate(labels["articles"]):
        if not isinstance(art, dict) or "file" not in art or \
                not isinstance(art.get("incidents"), list):
            raise DataError(f"{path}: articles[{i}] needs 'file' and an 'incidents' list")
    return labels


def evaluate(labels_path: str | os.PathLike[str], *, gazetteer: Gazetteer,
             seeds: str | os.PathLike[str] | None = None) -> Scores:
    """Extract every labelled article and score the result (see the module docstring)."""
    from geoincidents.extract import read_articles

    labels = load_labels(labels_path)
    tolerance_m = float(labels.get("tolerance_km", 5)) * 1000
    base = Path(labels_path).parent
    seed_dir = seeds_dir(seeds)
    scores = Scores()
    for art in labels["articles"]:
        name = str(art["file"])
        if name.startswith("seeds:"):
            path = seed_dir / name[6:] if seed_dir else None
        else:
            path = base / name
        if path is None or not path.exists():
            scores.missing.append(name)
            continue
        result = read_articles(path, gazetteer=gazetteer, published=art.get("published"))
        pred = result.incidents
        gold = art["incidents"]
        scores.n_gold += len(gold)
        scores.n_pred += len(pred)
        pairs = _pair(gold, pred, gazetteer, tolerance_m)
        scores.n_matched += len(pairs)
        for gi, pi in pairs:
            _score_pair(scores, name, gold[gi], pred.iloc[pi], gazetteer, tolerance_m)
        for gi in set(range(len(gold))) - {g for g, _ in pairs}:
            scores.actor_items["gold"] += len(gold[gi].get("actors") or [])
            scores.rows.append({"file": name, "gold": _describe(gold[gi]), "predicted": None,
                                "wrong": "missed"})
        for pi in set(range(len(pred))) - {p for _, p in pairs}:
            row = pred.iloc[pi]
            scores.actor_items["pred"] += len(_items(row.actors))
            scores.rows.append({"file": name, "gold": None,
                                "predicted": f"{row.event_type} {_d(row.date)} {row.place_name}",
                                "wrong": "spurious"})
    return scores


def _d(value) -> str:
    return "undated" if pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m-%d")


def _describe(g: dict) -> str:
    return f"{g.get('event_type')} {g.get('date') or 'undated'} " \
           f"{g.get('place_id') or (g.get('lon'), g.get('lat'))}"


def _gold_point(g: dict, gazetteer: Gazetteer) -> tuple[float, float] | None:
    if "lon" in g and "lat" in g:
        return float(g["lon"]), float(g["lat"])
    pid = g.get("place_id")
    if pid and pid in gazetteer:
        p = gazetteer.get(pid)
        return p.lon, p.lat
    return None


def _place_ok(g: dict, row, gazetteer: Gazetteer, tolerance_m: float) -> bool:
    # "min_uncertainty_m": the text does not say where it happened; a tight radius is wrong
    if g.get("min_uncertainty_m") is not None and not (
            pd.notna(row.uncertainty_m) and row.uncertainty_m >= g["min_uncertainty_m"]):
        return False
    return _place_near(g, row, gazetteer, tolerance_m)


def _place_near(g: dict, row, gazetteer: Gazetteer, tolerance_m: float) -> bool:
    if g.get("place_id") and g["place_id"] == row.place_id:
        return True
    point = _gold_point(g, gazetteer)
    if point is None or row.geometry is None:
        return False
    return float(distance_m(point[0], point[1], row.geometry.x, row.geometry.y)) <= tolerance_m


def _date_ok(g: dict, row) -> bool:
    gold = g.get("date")
    if gold is None:
        return pd.isna(row.date)
    if pd.isna(row.date):
        return False
    gd, pd_ = pd.Timestamp(gold), pd.Timestamp(row.date)
    coarse = max(int(g.get("time_precision") or 1),
                 int(row.time_precision) if not pd.isna(row.time_precision) else 1)
    if coarse >= 3:
        return (gd.year, gd.month) == (pd_.year, pd_.month)
    return gd == pd_


def _pair(gold: list[dict], pred: pd.DataFrame, gazetteer, tolerance_m) -> list[tuple[int, int]]:
    scored = []
    for gi, g in enumerate(gold):
        for pi in range(len(pred)):
            row = pred.iloc[pi]
            place, date = _place_near(g, row, gazetteer, tolerance_m), _date_ok(g, row)
            same_type = g.get("event_type") == row.event_type
            if place or (date and same_type and g.get("date") is not None):
                scored.append((2 * place + date + same_type, gi, pi))
    scored.sort(key=lambda t: -t[0])
    used_g, used_p, pairs = set(), set(), []
    for _, gi, pi in scored:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            pairs.append((gi, pi))
    return pairs


#: words that never tell two actors apart ("the Islamic State group" is Islamic State)
_ACTOR_STOP = frozenset({"the", "s", "a", "an", "of", "by", "in", "al", "el"})
_ACTOR_GENERIC = frozenset({"group", "movement", "organisation", "organization", "fighter",
                            "militant", "member", "commander", "spokesman", "spokeswoman",
                            "spokesperson"})


def _actor_key(text: str) -> tuple[set[str], str, str]:
    """(words, stance, initials) of a ``"name (stance)"`` item: words folded as place names
    are (case, diacritics, apostrophes), plurals to singular ("Houthis" is "Houthi"),
    articles and generic heads dropped ("the Houthi movement" is "Houthi", "ELN commanders"
    is "ELN"), the Islamic State's other names its own ("Daesh cells" is "Islamic State
    cell")."""
    m = re.match(r"\s*(.*?)\s*\((\w+)\)\s*$", text)
    name, stance = (m.group(1), m.group(2)) if m else (text, "")
    # (the Islamic State by the names others give it, "Daesh", "ISIS": one actor, as the
    # extractor settles it: word set ``islamic_state_alias`` of its stance rules)
    aliases = _words("islamic_state_alias")
    folded = [w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w
              for t in normalize(name).split()
              for w in (("islamic", "state") if t in aliases else (t,))]
    words = [w for w in folded if w not in _ACTOR_STOP]
    initials = "".join(w[0] for w in words if len(w) > 1)
    core = {w for w in words if w not in _ACTOR_GENERIC}
    return core or set(words), stance, initials


def _same_actor(gold: tuple[set[str], str, str], pred: tuple[set[str], str, str]) -> bool:
    """Whether a predicted actor names the gold one: the same stance, and either one is the
    other's acronym ("ADF", "Allied Democratic Forces") or the words overlap on most of
    the gold name (all of a two-word name: "Hezbollah" is not "Kata'ib Hezbollah") and on
    a third of the predicted one (a long phrase does not match by one shared word)."""
    (g, g_stance, g_init), (p, p_stance, p_init) = gold, pred
    if g_stance != p_stance or not g or not p:
        return False
    if (len(p) == 1 and len(g_init) > 1 and next(iter(p)) == g_init) or \
            (len(g) == 1 and len(p_init) > 1 and next(iter(g)) == p_init):
        return True
    hits = len(g & p)
    return (hits == len(g) or 2 * hits > len(g)) and 3 * hits >= len(p)


def _variants(item: str) -> list[str]:
    """``"X (Y) (stance)"``: X and Y, each with the stance ("Islamic State West Africa
    Province (ISWAP)" is both)."""
    m = re.match(r"\s*(.*?)\s*\(([^()]+)\)\s*(\(\w+\))\s*$", item)
    if not m:
        return [item]
    return [item, f"{m.group(1)} {m.group(3)}", f"{m.group(2)} {m.group(3)}"]


def _state_item(item: str) -> tuple[str, str] | None:
    """(state, stance) of an item naming a state however the text names it (its name,
    demonym, capital, government or forces: "Tehran (denied)", "US Central Command
    (involved)", "Israeli military (involved)"; `actor_states.state_of`), else None."""
    m = re.match(r"\s*(.*?)\s*\((\w+)\)\s*$", item)
    if not m:
        return None
    state = actor_states.state_of(m.group(1))
    return (state, m.group(2)) if state is not None else None


def actor_matches(gold: str, predicted: str) -> bool:
    """Whether the ``"name (stance)"`` item ``predicted`` names the gold one: the same
    state when both name one (the convention of `actor_states`: a state is one actor
    however the text names it), else `_same_actor` (a bracketed acronym is an
    alternative name)."""
    g_state, p_state = _state_item(gold), _state_item(predicted)
    if g_state is not None and p_state is not None:
        return g_state == p_state
    return any(_same_actor(_actor_key(g), _actor_key(p))
               for g in _variants(gold) for p in _variants(predicted))


def _items(predicted) -> list[str]:
    """The ``"name (stance)"`` items of a predicted ``actors`` cell."""
    return [p.strip() for p in str(predicted).split(";") if p.strip()] \
        if not pd.isna(predicted) else []


def _actors_ok(gold: list[str], predicted) -> tuple[int, int]:
    pred = _items(predicted)
    hits = sum(any(actor_matches(a, p) for p in pred) for a in gold)
    return hits, len(gold)


def _count_actor_items(scores: Scores, gold: list[str], predicted) -> None:
    """Per item, on a paired incident: predicted items naming one of the labelled ones,
    labelled items named by one of the predicted ones."""
    pred, items = _items(predicted), scores.actor_items
    items["pred"] += len(pred)
    items["pred_right"] += sum(any(actor_matches(g, p) for g in gold) for p in pred)
    items["gold"] += len(gold)
    items["gold_found"] += sum(any(actor_matches(g, p) for p in pred) for g in gold)


def _score_pair(scores: Scores, name: str, g: dict, row, gazetteer, tolerance_m) -> None:
    wrong = []

    def mark(field_name: str, ok: bool, n: int = 1, hits: int | None = None) -> None:
        scores.total[field_name] += n
        scores.correct[field_name] += n if (hits is None and ok) else (hits or 0)
        if (hits is None and not ok) or (hits is not None and hits < n):
            wrong.append(field_name)

    if "event_type" in g:
        mark("event_type", g["event_type"] == row.event_type)
    if "date" in g:
        mark("date", _date_ok(g, row))
    mark("place", _place_ok(g, row, gazetteer, tolerance_m))
    if "background" in g:
        mark("role", bool(g["background"]) == bool(row.background))
    for col in model.COUNT_COLUMNS:
        if col in g:
            mark("counts", _num_eq(g[col], row[col]))
    for col in ("killed", "injured"):
        if col in g:
            mark("casualties", _num_eq(g[col], row[col]))
    _count_actor_items(scores, g.get("actors") or [], row.actors)
    if g.get("actors"):
        hits, n = _actors_ok(g["actors"], row.actors)
        mark("actors", hits == n, n=n, hits=hits)
    if "launch_place_id" in g:
        mark("launch", not pd.isna(row.launch_place_id)
             and g["launch_place_id"] == row.launch_place_id)
    scores.rows.append({"file": name, "gold": _describe(g),
                        "predicted": f"{row.event_type} {_d(row.date)} {row.place_name}",
                        "wrong": ", ".join(wrong) or None})


def _num_eq(gold, pred) -> bool:
    if gold is None:
        return pd.isna(pred)
    return not pd.isna(pred) and int(pred) == int(gold)
