"""Check blind.jsonl (the blind geoparsing set beside this file) and print its counts.

Checks only: every line is one article in the ../shared/geoparse format, every toponym's
``text[start:end] == phrase``, spans in order and not overlapping, coordinates in range.
It does not geocode anything. Exit status 0 when every check passes, 1 otherwise.

    python3 geodata/samples/geoparse_blind/make_check.py [path/to/blind.jsonl]
"""
import collections
import json
import sys
from pathlib import Path

KEYS = {"start", "end", "phrase", "lat", "lon", "name", "fcode", "geonameid"}
FAMILY = {  # GeoNames feature codes grouped for the printed counts
    "countries": {"PCLI", "PCLD"},
    "first-level divisions": {"ADM1"},
    "second-level divisions": {"ADM2"},
    "populated places": {"PPL", "PPLA", "PPLA2", "PPLC"},
    "neighbourhoods": {"PPLX"},
    "continents and regions": {"CONT", "RGN"},
    "water": {"STM", "SEA", "OCN", "LK", "BAY", "GULF", "STRT", "RSV", "CNL"},
    "land forms": {"MT", "MTS", "ISL", "VAL", "PLAT", "SHOL", "CAPE", "DLTA", "BSN", "WAD"},
    "facilities and sites": {"AIRP", "AIRB", "MILB", "PS", "PSTB", "OILF", "PRT", "DAM",
                             "BDG", "CMPRF", "ANS", "PRK", "SQR"},
}


def family(fcode):
    for name, codes in FAMILY.items():
        if fcode in codes:
            return name
    return None


def check(path):
    errors, docs = [], []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        where = f"{path.name} line {lineno}"
        try:
            doc = json.loads(line)
        except json.JSONDecodeError as exc:
            errors.append(f"{where}: not JSON ({exc})")
            continue
        docs.append(doc)
        if set(doc) != {"corpus", "docid", "text", "toponyms"} or doc["corpus"] != "blind":
            errors.append(f"{where}: expected keys corpus='blind', docid, text, toponyms")
            continue
        text, last_end = doc["text"], -1
        for i, top in enumerate(doc["toponyms"]):
            at = f"{where} ({doc['docid']}) toponym {i}"
            if set(top) != KEYS:
                errors.append(f"{at}: keys {sorted(top)}, expected {sorted(KEYS)}")
                continue
            if text[top["start"]:top["end"]] != top["phrase"]:
                errors.append(f"{at}: text[{top['start']}:{top['end']}] is "
                              f"{text[top['start']:top['end']]!r}, expected {top['phrase']!r}")
            if top["start"] < last_end:
                errors.append(f"{at}: span starts at {top['start']}, before the previous end {last_end}")
            last_end = top["end"]
            if not (-90 <= top["lat"] <= 90 and -180 <= top["lon"] <= 180):
                errors.append(f"{at}: lat/lon {top['lat']},{top['lon']} out of range")
            if family(top["fcode"]) is None:
                errors.append(f"{at}: fcode {top['fcode']!r} is not one this set uses")
            if top["geonameid"] is not None and not str(top["geonameid"]).isdigit():
                errors.append(f"{at}: geonameid {top['geonameid']!r} is neither null nor digits")
    ids = [d.get("docid") for d in docs]
    if len(set(ids)) != len(ids):
        errors.append(f"{path.name}: duplicate docid")
    return docs, errors


def main():
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name("blind.jsonl")
    docs, errors = check(path)
    tops = [t for d in docs for t in d.get("toponyms", [])]
    words = [len(d.get("text", "").split()) for d in docs]
    fams = collections.Counter(family(t.get("fcode")) for t in tops)
    print(f"{len(docs)} articles, {len(tops)} toponyms, "
          f"{len({(t.get('name'), t.get('lat'), t.get('lon')) for t in tops})} distinct places")
    if words:
        print(f"words per article: min {min(words)}, median {sorted(words)[len(words) // 2]}, "
              f"max {max(words)}, total {sum(words)}")
    print(f"toponyms with a geonameid: {sum(t.get('geonameid') is not None for t in tops)}")
    for name in FAMILY:
        print(f"  {name:24} {fams[name]:4}")
    for err in errors:
        print("ERROR", err, file=sys.stderr)
    print("offsets OK" if not errors else f"{len(errors)} errors", file=sys.stderr if errors else sys.stdout)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
