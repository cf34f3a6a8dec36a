"""Bucket the geoparser's misses (given the gold spans) on the DEV half of annotated
corpora: why each toponym resolved farther than 161 km from its gold point.

Usage:
    python3 scripts/geoparse_misses.py ../shared/geoparse/LGL.jsonl \
        ../shared/geoparse/GeoVirus.jsonl [--split dev] [--show BUCKET] [--limit N]

Buckets (first that applies):
- no candidate: the name has no entry at all;
- candidate missing: no candidate lies within 161 km of the gold point;
- area point far: the winner is a country/admin1/region/continent whose radius covers
  the gold point, but its point is > 161 km from the corpus's point for it;
- wrong namesake, same country / other country: a candidate within 161 km existed and
  lost; "US local, no state written" when both are US cities and the text names no US
  state;
- demonym: the phrase matched a demonym.
Only the DEV split should be used to decide what to change (TEST is for reporting).
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geoincidents.geoparse import resolve  # noqa: E402
from geoincidents.geoparse.evaluate import ACC_KM, distance_km, read_corpus, split  # noqa: E402


def bucket(parser, doc, t, top) -> tuple[str, str]:
    if top is None or top.place is None:
        return "no candidate", ""
    e = top.place
    km = distance_km(t.lat, t.lon, e.lat, e.lon)
    if km <= ACC_KM:
        return "ok", ""
    close = [c for c in top.candidates
             if distance_km(t.lat, t.lon, c.entry.lat, c.entry.lon) <= ACC_KM]
    if not close:
        allc = parser._lookup(t.phrase)
        close_all = [c for c in allc if distance_km(t.lat, t.lon, c.lat, c.lon) <= ACC_KM]
        if close_all:
            close = None
        if e.kind in ("country", "admin1", "region", "continent", "admin2") and \
                km <= e.radius_m / 1000:
            return "area point far", f"{e.kind} {e.name} {km:.0f} km"
        if close is None:
            return "wrong namesake (beyond top 10)", f"{e.name} {e.kind} {e.country}"
        return "candidate missing", f"-> {e.name} {e.kind} {e.country} {km:.0f} km"
    if e.name_kind == "demonym":
        return "demonym", f"-> {e.name} {e.kind}"
    good = close[0].entry
    detail = (f"-> {e.name} ({e.kind} {e.country} {e.admin1} {e.name_kind}) want "
              f"{good.name} ({good.kind} {good.country} {good.admin1} {good.name_kind}) "
              f"by {top.score - close[0].score:.2f}")
    if good.kind in ("country", "admin1", "continent", "region") or \
            e.kind in ("country", "admin1", "continent", "region"):
        return "wrong kind (area vs city)", detail
    if good.country == e.country:
        if good.country == "US":
            return "wrong namesake, same country (US)", detail
        return "wrong namesake, same country", detail
    return "wrong namesake, other country", detail


def _describe(s) -> str:
    e = s.entry
    return (f"{e.name} [{e.kind} {e.country or ''} {e.admin1} {e.name_kind} "
            f"pop {e.population}] {s.score:.2f}")


def miss_row(corpus, doc, t, top, b) -> list:
    """One line of ``--dump``: what was chosen, the runner-up, and where the candidate
    nearest the gold point ranked."""
    if top is None or top.place is None:
        return [corpus, doc.docid, t.phrase, t.lat, t.lon, b, "", "", "", "", "", ""]
    e = top.place
    km = distance_km(t.lat, t.lon, e.lat, e.lon)
    runner = _describe(top.candidates[1]) if len(top.candidates) > 1 else ""
    near = ""
    for rank, c in enumerate(top.candidates):
        if distance_km(t.lat, t.lon, c.entry.lat, c.entry.lon) <= ACC_KM:
            near = f"#{rank + 1} {_describe(c)}"
            break
    return [corpus, doc.docid, t.phrase, t.lat, t.lon, b,
            f"{e.name} [{e.kind} {e.country or ''} {e.admin1} {e.name_kind}] "
            f"{e.lat:.2f},{e.lon:.2f}", f"{km:.0f}", f"{top.score:.2f}", runner, near,
            top.why().replace("\t", " ")]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpora", nargs="+")
    ap.add_argument("--split", default="dev")
    ap.add_argument("--show", action="append", default=[])
    ap.add_argument("--limit", type=int, default=40)
    ap.add_argument("--dump", metavar="TSV",
                    help="write every miss (gold, choice, score, runner-up, the best "
                         "candidate near the gold) to this file")
    args = ap.parse_args()
    dump = [["corpus", "docid", "phrase", "gold_lat", "gold_lon", "bucket", "choice", "km",
             "score", "runner_up", "near_gold", "why"]]
    parser = resolve.default_parser()
    for path in args.corpora:
        docs = split(read_corpus(path), args.split)
        counts: Counter[str] = Counter()
        shown: dict[str, list[str]] = defaultdict(list)
        for doc in docs:
            got = parser.resolve_spans(doc.text, [(t.start, t.end) for t in doc.toponyms],
                                         context=True)
            for t, top in zip(doc.toponyms, got):
                b, detail = bucket(parser, doc, t, top)
                counts[b] += 1
                if b != "ok":
                    shown[b].append(f"{doc.docid} {t.phrase!r} {detail}")
                    dump.append(miss_row(Path(path).stem, doc, t, top, b))
        total = sum(counts.values())
        print(f"== {Path(path).stem} {args.split}: {total} toponyms")
        for b, n in counts.most_common():
            print(f"  {n:5d}  {n / total:6.1%}  {b}")
        for b in args.show:
            for line in shown.get(b, [])[: args.limit]:
                print(f"    [{b}] {line}")
    if args.dump:
        Path(args.dump).write_text("".join("\t".join(map(str, row)) + "\n" for row in dump),
                                   encoding="utf-8")


if __name__ == "__main__":
    main()
