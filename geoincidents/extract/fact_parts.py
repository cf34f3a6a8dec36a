"""The facts of each site's own words, in a sentence telling events at several sites.

"A swarm of drones hit a depot in X early on Sunday, while artillery fire on Y killed 11
civilians the next day": two events, each told in its own clause; the drones are X's, the
dead Y's. Read whole, the sentence gave its facts to every site it names (or, when it
counted munitions, to none). `parts` cuts it at the last clause break (a comma, a
semicolon, "while", "whereas", "and" before a determiner) before the words of each later site's event (its event
word when one stands between the two sites, else the site's name); each part is read as a
sentence is (`facts.read_facts`), and its facts go to its own site alone. Sites that share
their words ("rockets hit X and Y", no clause break between them) or a part with no event
word of its own ("struck X on Monday, and Y") are not cut: the sentence is read whole.
"""

from __future__ import annotations

import re

from geoincidents.extract import parsed, triggers
from geoincidents.extract.facts import SentenceFacts, read_facts
from geoincidents.extract.casualties import KINDS
from geoincidents.extract.lexicon import alternation
from geoincidents.extract.numbers import NUMBER, value
from geoincidents.extract.mentions import Mention

__all__ = ["parts"]

# (or "and" before a new subject: "shells killed two in X and an army drone hit Y"; a part
# with no event word of its own is not cut, so "hit X and the town of Y" stays whole)
_BREAK = re.compile(r"\s*[;,]\s+|\s+(?:while|whereas)\s+|\s+and\s+(?=(?:an?|the)\s)", re.I)
#: a casualty word said before its victims ("killing three", "wounding five"): a toll
_HURT_BEFORE = alternation('casualties', 'hurt', where='before')
#: a toll followed by a colon and its list: "killed eight civilians: ..."
_COLON = re.compile(rf"\b(?P<v>{_HURT_BEFORE})\s+(?:at\s+least\s+)?{NUMBER}\s+"
                    r"[^:;,.]{0,40}:\s*", re.I)
#: an item of that list: "three children", "and five women"
_ITEM = re.compile(rf"(?:and\s+)?{NUMBER}\s", re.I)
_TOLL_WORD = re.compile(rf"\b{alternation('casualties', 'hurt', where='before')}\s+\S", re.I)


def parts(f: SentenceFacts, groups: list[list[Mention]], span=None
          ) -> list[SentenceFacts] | None:
    """The facts of each site group's own words (in the order of ``groups``), or None when
    the sentence is not cut (see the module docstring). ``span``: the sentence's parse,
    whose tokens each part reads (None: each part is read without one)."""
    if len(groups) < 2:
        return None
    cuts: list[tuple[int, int]] = []  # (where a part ends, where the next begins)
    for a, b in zip(groups, groups[1:]):
        a_end = max(m.end for m in a) - f.start
        b_start = min(m.start for m in b) - f.start
        if b_start <= a_end:
            return None
        word = triggers.last_event_word(f.text, a_end, b_start)
        breaks = list(_BREAK.finditer(f.text, a_end, word if word is not None else b_start))
        if not breaks:
            return None
        cuts.append((breaks[-1].start(), breaks[-1].end()))
    bounds = [0] + [c for cut in cuts for c in cut] + [len(f.text)]
    pieces = [(bounds[k], bounds[k + 1]) for k in range(0, len(bounds), 2)]
    listed = _colon_list(f.text, pieces)
    if listed is None and any(triggers.trigger(f.text[a:b]) is None and
                              not _TOLL_WORD.search(f.text, a, b) for a, b in pieces):
        # ("hit a house in X, killing three, and a home in Y, killing five": each part
        # with a toll of its own is cut too, and so is one with a toll beside one with an
        # event word: "..., while shells killed two in X and a drone hit Y")
        return None
    out = [_read(f, a, b, parsed.between(span, a, b)) for a, b in pieces]
    for part, n in zip(out, listed[1] if listed else []):
        # "killed eight civilians: three in X ..., and five in Y": each part its own
        setattr(part.casualties, listed[0], n)
        part.casualties.notes.append(f"{n} {listed[0]} (one part of a list)")
    return out


def _colon_list(text: str, pieces: list[tuple[int, int]]) -> tuple[str, list[int]] | None:
    """(kind, the number of each piece) when the sentence's toll is followed by a colon
    and a list, one item in each piece ("killed eight civilians: three children in X,
    and five women in Y"), else None."""
    m = _COLON.search(text, 0, pieces[0][1])
    if m is None:
        return None
    starts = [m.end()] + [a for a, _ in pieces[1:]]
    numbers = [_ITEM.match(text, a) for a in starts]
    found = [value(n.group("num")) if n else None for n in numbers]
    if not all(found) or sum(found) != value(m.group("num")):
        return None
    kind = next((k for rx, k in KINDS if rx.fullmatch(m.group("v"))), None)
    return (kind, found) if kind else None


def _read(f: SentenceFacts, a: int, b: int, span) -> SentenceFacts:
    """The part ``a``..``b`` of ``f`` read as a sentence: its counts, casualties, damage,
    weapons and launch words; of the sentence's actors, those named in it (and those named
    in no part, as the parse gave them another name: in every part)."""
    text = f.text[a:b]
    found = triggers.trigger(text)
    part = SentenceFacts(f.index, f.start + a, f.start + b, text, f.para,
                         found[0] if found else None, f.date, [])
    read_facts(part, text, span, said=[])
    named = [act for act in f.actors if act[0].lower() in f.text.lower()]
    part.actors = [act for act in f.actors if act[0].lower() in text.lower() or
                   act not in named]
    return part
