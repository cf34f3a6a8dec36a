"""Fit the incident filter (geoincidents/data/incident_filter.json): a logistic model
that keeps or drops each candidate incident the extractor finds.

Every TUNING set is extracted with the filter off; the scorer's own pairing
(`geoincidents.evaluate._pair`) labels each predicted incident kept (paired with a labelled
one) or false; `incident_filter.features` describes it. Regularisation and the decision
threshold are chosen by leave-one-set-out cross-validation: the pair (C, threshold)
kept is the one with the best pooled CV precision whose pooled CV recall loses at most
``--max-recall-loss`` (0.02) on the earlier extractors' runs and at most
``--max-recall-loss-today`` (0.01) on today's, and that keeps, in CV, every labelled
incident of the seed articles (the issue's "the seed articles no worse"; ``--drop-seeds``
lifts that). ``--exclude`` leaves named features out (to weigh a feature by CV). The
final model is fitted on every tuning set. Blind sets are never read.

Usage:
    GEOINCIDENTS_SEEDS=/work/shared/seeds python3 scripts/fit_incident_filter.py \\
        [--cache /tmp/filter_rows.json] [--write]
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
# (``--tree DIR``: collect with the extractor of an older commit unpacked in DIR)
_TREE = sys.argv[sys.argv.index("--tree") + 1] if "--tree" in sys.argv else str(ROOT)
sys.path.insert(0, _TREE)

from geoincidents.extract import incident_filter  # noqa: E402

#: the labels are this checkout's, whichever extractor reads the articles
SAMPLES = ROOT / "geodata" / "samples"
#: the tuning sets (never a blind one: heldout6, heldout17.., geoparse_blind)
TUNING = ("labels.json", "heldout", "heldout2", "heldout3", "heldout4", "heldout5", "heldout7",
          "heldout8", "heldout9", "heldout10", "heldout11", "heldout12", "heldout13",
          "heldout14", "heldout15", "heldout16")
#: Earlier extractors, each on the (now retired) sets that were still blind at it: the
#: last commit before a retirement, run on text it had never been tuned on, gives the
#: false incidents of new text (today's extractor, tuned on these sets, makes few).
HISTORY = {
    "4272077": ("heldout5", "heldout7", "heldout8", "heldout9"),
    "d3eb85b": ("heldout5", "heldout7", "heldout8", "heldout9", "heldout10"),
    "bb1a75f": ("heldout5", "heldout7", "heldout8", "heldout9", "heldout10"),
    "4db8ed3": ("heldout8", "heldout9", "heldout10", "heldout11"),
    "5c2afc8": ("heldout8", "heldout9", "heldout10", "heldout11", "heldout12"),
    "54ef82e": ("heldout9", "heldout10", "heldout11", "heldout12", "heldout13"),
    "a57e420": ("heldout10", "heldout11", "heldout12", "heldout13", "heldout14"),
    "a7bd20f": ("heldout11", "heldout12", "heldout13", "heldout14"),
    "b3d52c0": ("heldout12", "heldout13", "heldout14", "heldout15"),
    "166ac23": ("heldout14", "heldout15", "heldout16"),
    "bf068c1": ("heldout15", "heldout16"),
    "59fab55": ("heldout16",),
}
C_GRID = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0)
THRESHOLDS = tuple(round(float(t), 3) for t in np.arange(0.05, 0.81, 0.025))
#: where the earlier commits are unpacked
TREES = Path(os.environ.get("TMPDIR", "/tmp")) / "fit_incident_filter"


def _labels_path(name: str) -> Path:
    return SAMPLES / name if name.endswith(".json") else SAMPLES / name / "labels.json"


def collect(name: str, gazetteer) -> dict:
    """The candidates of one set: features, whether the scorer pairs each, and the set's
    number of labelled incidents."""
    from geoincidents.evaluate import _pair, load_labels, seeds_dir
    from geoincidents.extract import read_articles

    path = _labels_path(name)
    labels = load_labels(path)
    tolerance_m = float(labels.get("tolerance_km", 5)) * 1000
    rows, n_gold = [], 0
    for art in labels["articles"]:
        f = str(art["file"])
        where = (seeds_dir() / f[6:]) if f.startswith("seeds:") else path.parent / f
        incident_filter.collect = got = []
        try:
            pred = read_articles(where, gazetteer=gazetteer,
                                 published=art.get("published")).incidents
        finally:
            incident_filter.collect = None
        feats = {iid: fs for _, iid, fs in got}
        paired = {pi for _, pi in _pair(art["incidents"], pred, gazetteer, tolerance_m)}
        n_gold += len(art["incidents"])
        for pi in range(len(pred)):
            r = pred.iloc[pi]
            rows.append({"file": f, "id": r.incident_id, "kept": pi in paired,
                         "what": f"{r.event_type} {r.place_name}", "quote": r.quote,
                         "features": feats[r.incident_id]})
    return {"n_gold": n_gold, "rows": rows}


def matrix(data: dict, names: list[str]):
    """(X, y, run number, set number) of every candidate of every run."""
    sets = sorted({s["set"] for s in data.values()})
    X, y, run, grp = [], [], [], []
    for k, s in enumerate(data.values()):
        for r in s["rows"]:
            X.append([r["features"].get(n, 0.0) for n in names])
            y.append(int(r["kept"]))
            run.append(k)
            grp.append(sets.index(s["set"]))
    return np.array(X), np.array(y), np.array(run), np.array(grp)


def fit(X, y, c: float):
    from sklearn.linear_model import LogisticRegression

    mu, sd = X.mean(0), X.std(0)
    sd[sd == 0] = 1.0
    # (kept candidates outnumber false ones several times: balanced weights let the
    # false ones count)
    m = LogisticRegression(C=c, class_weight="balanced", max_iter=5000)
    m.fit((X - mu) / sd, y)
    return m.coef_[0], float(m.intercept_[0]), mu, sd


def proba(model, X):
    w, b, mu, sd = model
    return 1.0 / (1.0 + np.exp(-(((X - mu) / sd) @ w + b)))


def cv_scores(data, names, c):
    """Leave-one-set-out probabilities of every candidate (in `matrix` order): a set's
    text is left out with every run on it."""
    X, y, run, grp = matrix(data, names)
    p = np.zeros(len(y))
    for k in np.unique(grp):
        out = grp == k
        p[out] = proba(fit(X[~out], y[~out], c), X[out])
    return p, y, run


def pr(y, keep, n_gold):
    """(precision, recall) with the kept candidates (a dropped paired one is a miss)."""
    tp = int((y & keep).sum())
    return (tp / keep.sum() if keep.sum() else 1.0), tp / n_gold if n_gold else 1.0


def table(data, p, y, g, threshold):
    out = []
    for k, (name, s) in enumerate(data.items()):
        sel = g == k
        before = pr(y[sel], np.ones(sel.sum(), bool), s["n_gold"])
        after = pr(y[sel], p[sel] >= threshold, s["n_gold"])
        out.append((name, s["n_gold"], int(sel.sum()), int((~y[sel].astype(bool)).sum()),
                    *before, *after, int((sel & (p < threshold)).sum())))
    return out


def pooled(data, p, y, threshold, runs=None):
    """((precision, recall) with the filter, the same without) over the candidates of
    ``runs`` (names; all runs by default)."""
    runs = list(data) if runs is None else runs
    names = list(data)
    sel = np.isin(_run_of(data), [names.index(r) for r in runs])
    n_gold = sum(data[r]["n_gold"] for r in runs)
    return pr(y[sel], p[sel] >= threshold, n_gold), pr(y[sel], np.ones(sel.sum(), bool), n_gold)


def _run_of(data) -> np.ndarray:
    return np.array([k for k, s in enumerate(data.values()) for _ in s["rows"]])


def _must_keep(data) -> np.ndarray:
    """The candidates (in `matrix` order) that pair with a labelled incident of a seed
    article (``seeds:`` files in labels.json): the issue's "the seed articles no worse"."""
    return np.array([r["kept"] and r["file"].startswith("seeds:") and name.endswith("@HEAD")
                     for name, s in data.items() for r in s["rows"]])


def choose(data, names, max_loss, max_loss_today, keep_seeds=True):
    """(pooled CV precision, recall, C, threshold): the best pooled precision whose CV
    recall loss is at most ``max_loss`` over the earlier extractors' runs (new text) and
    at most ``max_loss_today`` over today's extractor's (the candidates the filter will
    see, and the tuning sets' floors and the seed facts hold on them), and (``keep_seeds``)
    that keeps, left out with its set, every labelled incident of the seed articles."""
    today = [r for r in data if r.endswith("@HEAD")]
    earlier = [r for r in data if not r.endswith("@HEAD")]
    must = _must_keep(data) if keep_seeds else np.zeros(0, bool)
    best = None
    for c in C_GRID:
        p, y, _ = cv_scores(data, names, c)
        for t in THRESHOLDS:
            losses = [pooled(data, p, y, t, runs)[1][1] - pooled(data, p, y, t, runs)[0][1]
                      for runs in (earlier, today)]
            if losses[0] > max_loss + 1e-9 or losses[1] > max_loss_today + 1e-9 or \
                    (must.any() and p[must].min() < t):
                break  # (a higher threshold only drops more)
            prec, rec = pooled(data, p, y, t)[0]
            if best is None or prec > best[0] + 1e-9:
                best = (prec, rec, c, t)
    return best


def _patched_tree(commit: str) -> Path:
    """``commit`` unpacked (``git archive``), with today's `incident_filter` wired in the
    same place as in today's extractor."""
    tree = TREES / commit
    if not (tree / "geoincidents").is_dir():
        tree.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", commit],
                                 check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
    (tree / "geoincidents/extract/incident_filter.py").write_bytes(
        Path(incident_filter.__file__).read_bytes())
    (tree / "geoincidents/extract/rules/filter_cues.jsonl").write_bytes(
        (ROOT / "geoincidents/extract/rules/filter_cues.jsonl").read_bytes())
    lexicon = tree / "geoincidents/extract/lexicon.py"
    src = lexicon.read_text()
    if '"filter_cues"' not in src:
        at = '_REQUIRED = {\n'
        assert src.count(at) == 1, f"{commit}: cannot add the cue rules"
        lexicon.write_text(src.replace(at, at + '    "filter_cues": ("cue", "pattern", '
                                                '"example"),\n'))
    init = tree / "geoincidents/extract/__init__.py"
    src = init.read_text()
    if "incident_filter.apply" not in src:
        at = "        lead_gap_days=lead_gap_days, thwarted_radius_m=thwarted_radius_m)\n"
        assert src.count(at) == 1, f"{commit}: cannot wire the filter in"
        src = src.replace(at, at + (
            "    from geoincidents.extract import incident_filter\n"
            "    rows, positions, _ = incident_filter.apply(\n"
            "        found, rows, positions, stem=stem, source=source,\n"
            "        n_sentences=len(doc.sentences))\n"))
        init.write_text(src)
    return tree


def collect_all(have: dict | None = None) -> dict:
    """Every run: today's extractor on every tuning set, each earlier one on its sets
    (runs in ``have``, a cache, are not collected again)."""
    from geoincidents.gazetteer import Gazetteer

    data = dict(have or {})
    todo = [name for name in TUNING if f"{name}@HEAD" not in data]
    if todo:
        gaz = Gazetteer.load()
        incident_filter.enabled = False
        data.update({f"{name}@HEAD": {"set": name, **collect(name, gaz)} for name in todo})
    for commit, sets in HISTORY.items():
        todo = [name for name in sets if f"{name}@{commit}" not in data]
        if not todo:
            continue
        tree = _patched_tree(commit)
        out = tree / "candidates.json"
        subprocess.run([sys.executable, __file__, "--tree", str(tree), "--collect-only",
                        str(out), *todo], check=True)
        for name, got in json.loads(out.read_text()).items():
            data[f"{name}@{commit}"] = {"set": name, **got}
    # (today's runs first, then the earlier ones in HISTORY's order: the tables' order)
    order = [f"{n}@HEAD" for n in TUNING] + [f"{n}@{c}" for c, sets in HISTORY.items()
                                             for n in sets]
    return {k: data[k] for k in order}


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cache", type=Path, help="read/write the collected candidates here")
    ap.add_argument("--max-recall-loss", type=float, default=0.02,
                    help="largest pooled CV recall loss on the earlier extractors' runs")
    ap.add_argument("--max-recall-loss-today", type=float, default=0.01,
                    help="largest pooled CV recall loss on today's extractor's runs")
    ap.add_argument("--drop-seeds", action="store_true",
                    help="let the choice drop labelled seed incidents in CV (off by default)")
    ap.add_argument("--write", action="store_true", help="store the model")
    ap.add_argument("--show-false", action="store_true", help="list the false candidates")
    ap.add_argument("--exclude", default="",
                    help="features left out of the model (comma-separated names)")
    ap.add_argument("--tree", help=argparse.SUPPRESS)
    ap.add_argument("--collect-only", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("sets", nargs="*", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.collect_only:
        from geoincidents.gazetteer import Gazetteer

        gaz = Gazetteer.load()
        incident_filter.enabled = False
        args.collect_only.write_text(json.dumps({n: collect(n, gaz) for n in args.sets},
                                                default=str))
        return
    have = json.loads(args.cache.read_text()) if args.cache and args.cache.exists() else None
    data = collect_all(have)
    if args.cache:
        args.cache.write_text(json.dumps(data, default=str))
    names = sorted(next(r for s in data.values() for r in s["rows"])["features"])
    # (a feature no candidate varies on carries no weight: left out of the model)
    X, _, _, _ = matrix(data, names)
    left_out = set(filter(None, args.exclude.split(",")))
    names = [n for n, sd in zip(names, X.std(0)) if sd > 0 and n not in left_out]
    if args.show_false:
        for name, s in data.items():
            for r in s["rows"]:
                if not r["kept"]:
                    print(f"{name}\t{r['id']}\t{r['what']}\t{r['quote']}")
    prec, rec, c, t = choose(data, names, args.max_recall_loss,
                             args.max_recall_loss_today, keep_seeds=not args.drop_seeds)
    p, y, g = cv_scores(data, names, c)
    print(f"C={c} threshold={t}: pooled CV precision {prec:.3f} recall {rec:.3f}")
    print("| set | gold | candidates | false | P before | R before | P after | R after "
          "| dropped |\n|---|---|---|---|---|---|---|---|---|")
    for name, n, m, f, p0, r0, p1, r1, d in table(data, p, y, g, t):
        print(f"| {name} | {n} | {m} | {f} | {p0:.2f} | {r0:.2f} | {p1:.2f} | {r1:.2f} | {d} |")
    (p1, r1), (p0, r0) = pooled(data, p, y, t)
    head = np.array([k for k, n in enumerate(data) if n.endswith("@HEAD")])
    for label, runs in (("pooled, today's extractor", head),
                        ("pooled, earlier extractors", np.setdiff1d(np.arange(len(data)), head))):
        sel = np.isin(g, runs)
        n_gold = sum(s["n_gold"] for k, s in enumerate(data.values()) if k in runs)
        p0, r0 = pr(y[sel], np.ones(sel.sum(), bool), n_gold)
        p1, r1 = pr(y[sel], p[sel] >= t, n_gold)
        print(f"| {label} | {n_gold} | {sel.sum()} | {int((1 - y[sel]).sum())} | {p0:.3f} "
              f"| {r0:.3f} | {p1:.3f} | {r1:.3f} | {int((p[sel] < t).sum())} |")
    (p1, r1), (p0, r0) = pooled(data, p, y, t)
    print(f"| pooled, all runs | | | | {p0:.3f} | {r0:.3f} | {p1:.3f} | {r1:.3f} | |")
    X, y, _, _ = matrix(data, names)
    w, b, mu, sd = fit(X, y, c)
    for n, wi in sorted(zip(names, w), key=lambda t: -abs(t[1])):
        print(f"  {wi:+.3f} {n}")
    if args.write:
        model = {"features": names, "weights": [round(float(v), 6) for v in w],
                 "bias": round(b, 6), "mean": [round(float(v), 6) for v in mu],
                 "scale": [round(float(v), 6) for v in sd], "threshold": t, "C": c,
                 "trained_on": list(TUNING),
                 "cv": {"precision": round(prec, 4), "recall": round(rec, 4)},
                 "keeps_seeds": not args.drop_seeds,
                 "command": "GEOINCIDENTS_SEEDS=/work/shared/seeds python3 "
                            "scripts/fit_incident_filter.py --write"}
        incident_filter.MODEL_PATH.write_text(json.dumps(model, indent=1) + "\n")
        print(f"wrote {incident_filter.MODEL_PATH}")


if __name__ == "__main__":
    main()
