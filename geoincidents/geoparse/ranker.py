"""The resolver's score as a linear ranker: feature names to weights, and a conditional
logit fit of the weights on candidates known right or wrong (scipy's L-BFGS)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np


def weight(w: Mapping, name: str) -> float:
    """The weight of feature ``name`` ("kind.city" is ``w["kind"]["city"]``)."""
    if "." in name:
        group, key = name.split(".", 1)
        return float(w[group].get(key, 0.0))
    return float(w.get(name, 0.0))


def set_weight(w: dict, name: str, value: float) -> None:
    if "." in name:
        group, key = name.split(".", 1)
        w[group][key] = value
    else:
        w[name] = value


def score(w: Mapping, features: Mapping[str, float]) -> float:
    """The dot product of the weights with a candidate's feature values."""
    return sum(v * weight(w, k) for k, v in features.items())


def fit(groups: Sequence[tuple[Sequence[Mapping[str, float]], Sequence[bool]]],
        names: Sequence[str], start: Sequence[float], *, l2: float = 1.0,
        group_weights: Sequence[float] | None = None) -> np.ndarray:
    """Weights of ``names`` that maximise the likelihood that the softmax of the
    candidates' scores picks a right one, in each group (the candidates of one toponym
    and whether each is right), with an L2 penalty ``l2`` towards ``start``.

    Groups need at least one right and one wrong candidate; features not in ``names``
    are left out (their weights are fixed).
    """
    if not groups:
        raise ValueError("`groups` was empty but is expected to hold at least one group")
    index = {n: i for i, n in enumerate(names)}
    rows, right, gid = [], [], []
    for g, (feats, ok) in enumerate(groups):
        if len(feats) != len(ok) or all(ok) or not any(ok):
            raise ValueError(f"group {g}: expected as many flags as candidates and both "
                             f"right and wrong candidates, got {list(ok)}")
        for f, o in zip(feats, ok):
            v = np.zeros(len(names))
            for k, x in f.items():
                if k in index:
                    v[index[k]] = x
            rows.append(v)
            right.append(bool(o))
            gid.append(g)
    X, good, gid_a = np.array(rows), np.array(right), np.array(gid)
    gw = np.ones(len(groups)) if group_weights is None else np.asarray(group_weights, float)
    starts = np.flatnonzero(np.r_[True, gid_a[1:] != gid_a[:-1]])
    theta0 = np.asarray(start, dtype=float)

    def lse(s: np.ndarray, mask: np.ndarray) -> np.ndarray:
        masked = np.where(mask, s, -np.inf)
        m = np.maximum.reduceat(masked, starts)
        return m + np.log(np.add.reduceat(np.where(mask, np.exp(s - m[gid_a]), 0.0),
                                          starts))

    everyone = np.ones_like(good)

    def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
        s = X @ theta
        all_lse, good_lse = lse(s, everyone), lse(s, good)
        p = np.exp(s - all_lse[gid_a])
        q = np.where(good, np.exp(s - good_lse[gid_a]), 0.0)
        d = theta - theta0
        nll = float(np.sum(gw * (all_lse - good_lse))) + 0.5 * l2 * float(d @ d)
        return nll, X.T @ ((p - q) * gw[gid_a]) + l2 * d

    from scipy.optimize import minimize

    return minimize(loss, theta0, jac=True, method="L-BFGS-B").x
