"""What the words around a name say about the kind of place it is: a division word
beside it ("Washington state", "the state of New York", "Punjab province": the words
are data, ``data/kind_words.json``) and the names it is listed with ("Texas, Utah,
Washington and Idaho": a list names places of one kind)."""
from __future__ import annotations

import dataclasses
import functools
import json
import re
from collections.abc import Sequence
from importlib import resources

from geoincidents.geoparse.detect import Mention
from geoincidents.geoparse.results import Scored
from geoincidents.geoparse.world import Entry

#: (pattern after a name, pattern before it, kinds the word vouches for, the word)
KindWords = tuple[tuple[re.Pattern, re.Pattern, frozenset[str], str], ...]

#: the gap between two names of a list ("A, B", "A and B", "A, B, or C")
_LIST_GAP = re.compile(r"\s*(?:,|,?\s+(?:and|or|&))\s*")


@functools.lru_cache(maxsize=1)
def kind_words() -> KindWords:
    """The words of ``data/kind_words.json`` as patterns."""
    text = resources.files("geoincidents.geoparse").joinpath(
        "data/kind_words.json").read_text(encoding="utf-8")
    return compile_kind_words(json.loads(text)["words"], "data/kind_words.json")


def compile_kind_words(rows: Sequence[dict], where: str) -> KindWords:
    """`kind_words` of rows ``{"word": "state", "kinds": ["admin1"]}`` read from
    ``where`` (named in the error a bad row raises)."""
    out = []
    for i, row in enumerate(rows):
        word = row.get("word") if isinstance(row, dict) else None
        kinds = row.get("kinds") if isinstance(row, dict) else None
        if not isinstance(word, str) or not word.strip() or \
                not isinstance(kinds, list) or not kinds:
            raise ValueError(f"{where} words[{i}]: expected 'word', a non-empty string, "
                             f"and 'kinds', a non-empty list; got {row!r}")
        w = re.escape(word.strip())
        out.append((re.compile(rf"\s+{w}\b", re.IGNORECASE),
                    re.compile(rf"\b{w}\s+of\s+$", re.IGNORECASE),
                    frozenset(kinds), word.strip()))
    return tuple(out)


def kind_cues(text: str, mentions: Sequence[Mention], keys: Sequence[str],
              words: KindWords | None = None) -> dict[int, dict[str, str]]:
    """For each mention (by its index), the kinds that a word beside it vouches for,
    each with the phrase that says so ("Washington state"). The word speaks for its
    own mention only: a text may name the region of Puno and, a line later, the
    city of Puno."""
    out: dict[int, dict[str, str]] = {}
    for i, (m, k) in enumerate(zip(mentions, keys)):
        if not k:
            continue
        for after, before, kinds, word in kind_words() if words is None else words:
            hit = after.match(text, m.end)
            if hit:
                phrase = f"{m.text}{text[m.end:hit.end()]}"
            else:
                hit = before.search(text, max(0, m.start - len(word) - 12), m.start)
                if not hit:
                    continue
                phrase = f"{text[hit.start():m.start]}{m.text}"
            for kind in kinds:
                out.setdefault(i, {}).setdefault(kind, " ".join(phrase.split()))
    return out


def by_word(rows: Sequence[Scored], said: dict[str, str] | None, bonus: float
            ) -> list[Scored]:
    """A mention's own ranking of its name's candidates (``rows``, best first): the
    same, unless a word beside this mention (``said``, from `kind_cues`) vouches for a
    candidate's kind and ``bonus`` lifts the best one of that kind above the name's
    winner ("Washington state": the state, not the capital); that one then comes
    first, its score raised and the word in its reasons."""
    rows = list(rows)
    if not rows or not said or not bonus:
        return rows
    for i, r in enumerate(rows):
        if r.entry.kind in said:
            if i == 0 or r.score + bonus > rows[0].score:
                lifted = dataclasses.replace(r, score=round(r.score + bonus, 4), reasons=(
                    *r.reasons, f"\"{said[r.entry.kind]}\": the word says it is a "
                    f"{r.entry.kind} {bonus:+.2f}"))
                return [lifted, *rows[:i], *rows[i + 1:]]
            break
    return rows


def list_neighbours(text: str, mentions: Sequence[Mention], keys: Sequence[str]
                    ) -> dict[str, set[str]]:
    """For each name (key), the other names written next to it in a list ("Texas,
    Utah, Washington and Idaho"). Two names are a list only when joined by "and" or
    "or", or when a third follows: "Washington, D.C." and "Alexandria, Virginia" are
    one place in another, not a list."""
    order = sorted(range(len(mentions)), key=lambda i: mentions[i].start)
    chains: list[list[int]] = []
    conjoined: list[bool] = []
    for a, b in zip(order, order[1:]):
        ma, mb = mentions[a], mentions[b]
        gap = _LIST_GAP.fullmatch(text, ma.end, mb.start) \
            if keys[a] and keys[b] and mb.start >= ma.end else None
        if gap is None:
            continue
        if chains and chains[-1][-1] == a:
            chains[-1].append(b)
        else:
            chains.append([a, b])
            conjoined.append(False)
        conjoined[-1] = conjoined[-1] or gap.group().strip(" ,") != ""
    out: dict[str, set[str]] = {}
    for chain, joined in zip(chains, conjoined):
        if len(chain) < 3 and not joined:
            continue
        for a, b in zip(chain, chain[1:]):
            if keys[a] != keys[b]:
                out.setdefault(keys[a], set()).add(keys[b])
                out.setdefault(keys[b], set()).add(keys[a])
    return out


#: kinds a list makes its names share (a list of towns says little: they may lie in
#: several states)
_PEER_KINDS = frozenset({"country", "admin1"})


def cue_terms(w: dict, key: str, e: Entry, peers: dict[str, set[str]],
              winners: dict[str, Entry] | None, why: list[str],
              feats: dict[str, float]) -> float:
    """The list's part of a candidate's score (``list_peer`` into ``feats``): a name
    listed with it resolved (in the previous round) to a place of the same kind (a
    country, or a division of the same country)."""
    if not winners or e.kind not in _PEER_KINDS or e.name_kind == "alternate":
        return 0.0
    for o in sorted(peers.get(key, ())):
        p = winners.get(o)
        if p is not None and p.kind == e.kind and (
                e.kind == "country" or p.country == e.country):
            feats["list_peer"] = 1.0
            add = w.get("list_peer", 0.0)
            why.append(f"listed with {p.name}, a {p.kind} too {add:+.2f}")
            return add
    return 0.0
