"""Per-incident facts of `tests/data/facts_unseen*.jsonl`, scored field by field.

Each record is a short text written for this set (no article text) with the facts its
incident should have: ``killed``/``injured`` (None: must be left empty), munition counts
(``n_fired`` ...; a count not listed is not checked), ``launch`` (words the launch place
must contain, with a launch place id apart from the incident's place), ``actors`` ("name
(stance)" items that must all be on the incident; [] means none). ``place`` picks the
incident whose place contains it; else the first incident is scored.

    python3 scripts/measure_facts.py [FILE ...] [--verbose]
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geoincidents.evaluate import actor_matches  # noqa: E402


def _hit(gold: str, pred: str) -> bool:
    return actor_matches(gold, pred)


def _pick(rows: list[dict], place: str | None) -> dict | None:
    if place:
        for r in rows:
            if place.lower() in f"{r.get('place')} {r.get('place_name')}".lower():
                return r
        return None
    return rows[0] if rows else None


def _value(v):
    try:
        import pandas as pd
        if v is None or pd.isna(v):
            return None
    except (TypeError, ValueError):
        pass
    return int(v) if isinstance(v, float) and v.is_integer() else v


def check(field: str, want, row: dict | None) -> tuple[bool, object]:
    if row is None:
        return False, "no incident"
    if field == "launch":
        got = row.get("launch_place")
        ok = (got is not None and want.lower() in str(got).lower() and
              row.get("launch_place_id") is not None and
              row.get("launch_place_id") != row.get("place_id"))
        return ok, (got, row.get("launch_place_id"), row.get("place_id"))
    if field == "actors":
        got = [a.strip() for a in str(row.get("actors") or "").split(";") if a.strip()]
        if not want:
            return not got, got
        return all(any(_hit(w, g) for g in got) for w in want), got
    got = _value(row.get(field))
    return got == want, got


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*")
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args(argv)
    files = args.files or sorted(str(p) for p in (ROOT / "tests/data").glob("facts_unseen*.jsonl"))
    from geoincidents.extract import extract_records
    from geoincidents.gazetteer import Gazetteer

    gaz = Gazetteer.load()
    right, total = Counter(), Counter()
    for name in files:
        for line in Path(name).read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            item = json.loads(line)
            rows = extract_records(item["text"], gazetteer=gaz, published=item["published"],
                                   source=item["id"])[0]
            want = dict(item["expect"])
            row = _pick(rows, want.pop("place", None))
            for field, value in want.items():
                kind = ("casualties" if field in ("killed", "injured") else
                        "counts" if field.startswith("n_") else field)
                ok, got = check(field, value, row)
                total[kind] += 1
                right[kind] += ok
                if args.verbose and not ok:
                    print(f"{item['id']} {field}: want {value!r} got {got!r}")
    print(f"{'fact':<12}{'right':>7}{'total':>7}{'share':>8}")
    for kind in sorted(total):
        print(f"{kind:<12}{right[kind]:>7}{total[kind]:>7}{right[kind] / total[kind]:>8.2f}")
    print(f"{'all':<12}{sum(right.values()):>7}{sum(total.values()):>7}"
          f"{sum(right.values()) / sum(total.values()):>8.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
