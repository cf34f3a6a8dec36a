"""Killed and injured in one sentence, with the words that say so.

The person nouns and the casualty words are `rules/casualties.jsonl` records: a
``person`` record is a noun that may be counted ("soldiers"); a ``title`` record one
person named by what they are ("the governor", "his driver"; the countries' demonyms of
the world gazetteer are person nouns too, see `demonyms`); a ``hurt`` record a word
for being killed or injured, said after the victims (``"where": "after"``: "two soldiers
were killed") or before them (``"before"``: "killing two soldiers"). Further kinds of
record: ``aux`` (words between the victims and the verb: "were", "later"), ``toll`` ("the
death toll rose to"), ``none`` (a phrase saying nobody was hurt, with the ``kinds`` it
sets to 0; ``{demonym}`` in it stands for any country's demonym: "no Iraqi casualties"), ``died_later`` ("two of whom later died": moved from injured to killed),
``not_one`` (words before "was killed" that are no person), ``several`` (words that make a
toll a sum over several events: "the attacks listed above killed five", no incident's). A person record may say
``attacker`` (their dead and wounded are kept apart and added to the toll, a bomber's own
death never: `attacker_toll`) or ``partial`` ("no civilians were
hurt" gives no total). The patterns that find the victims are built from these records in
`victim_patterns`; lists of victims of several kinds are added up from the parse
(`casualty_parse`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from geoincidents.extract import (attacker_toll, demonyms, tally_parts, victim_names,
                                  victim_patterns)
from geoincidents.extract.lexicon import alternation, records
from geoincidents.extract.numbers import LOWER_BOUNDS, NUMBER, VAGUE, qualifier, range_low, value
from geoincidents.extract.toll import Casualties
from geoincidents.extract.victim_patterns import (A_NTH, AGE_BEFORE, AND_NUMBER, BEFORE_BARE,
                                                  LEFT_BARE, NOT_ONE, ONE, PAIR_BARE,
                                                  PLAIN_NUMBER, START_NUMBER)

#: (casualty word pattern, "killed" or "injured")
KINDS = [(re.compile(r["hurt"], re.I), r["kind"]) for r in records("casualties") if "hurt" in r]
# "eight to ten people": a range keeps its lower bound (and "between 20 and 25 people":
# `numbers.range_low`)
_RANGE_IN = re.compile(rf"{PLAIN_NUMBER}\s+(?:to|or|-|–)\s+{PLAIN_NUMBER}\b", re.I)
_OWN_VERB = re.compile(r"\s+(?:were|was|are|is|had|have|has)\b", re.I)
# "the death toll rose to nine", "raised the toll to nine": the ``toll`` records
# (a record's ``kind``: "injured" for a tally of the wounded, "told" for "that figure",
# the kind of the casualty word told before it in the sentence; else the dead)
_TOLLS = {k: "(?:" + "|".join(r["toll"] for r in records("casualties")
                              if "toll" in r and r.get("kind") == k) + ")"
          for k in (None, "injured", "told")}
_TOLL = re.compile(rf"\b(?:(?P<down>{alternation('casualties', 'toll', down=True)})|"
                   rf"(?P<injured>{_TOLLS['injured']})|"
                   rf"(?P<told>{_TOLLS['told']})|"
                   rf"{_TOLLS[None]})(?:at\s+least\s+)?"
                   rf"(?P<who>{PLAIN_NUMBER})\b", re.I)
#: where a record names any country's demonym ("no Iraqi casualties"): the engine fills in
#: the world gazetteer's demonyms (`demonyms`) when the patterns are first used
DEMONYM_SLOT = "{demonym}"
# "four officers were wounded, two of whom later died": the ``died_later`` records
# ("One of the wounded, a 45-year-old woman, died": words set between commas)
_DIED_LATER = re.compile(rf"\b(?P<n>{PLAIN_NUMBER})\s+of\s+(?:whom|them|those|the\s+"
                         rf"(?:wounded|injured))(?:\s*,[^,;.]{{1,60}},)?\s+"
                         rf"{alternation('casualties', 'died_later')}\b", re.I)

_NUMBER_AT = re.compile(NUMBER, re.I)
# "none of the 21 crew members was hurt": the number counts those present, not the hurt
# ("not one of our guards lost his life": nobody)
_NONE_OF = re.compile(r"(?:\bnone\s+of\s+(?:the|its|their|our|his|her)(?:\s+other)?|"
                      r"\bnot(?:\s+a\s+single)?)\s+$", re.I)
_NO_ONE_AT = re.compile(r"no\b|nobody", re.I)
# "two of the 11 crew members were injured": the number before "of the" counts the hurt
_PART_OF = re.compile(rf"\b(?P<part>{PLAIN_NUMBER})\s+of\s+(?:the|its|their|his|her|our)\s+$",
                      re.I)
#: a sentence that may report casualties at all: a casualty word of the rules, or a word
#: of the patterns above that count none or a toll
MAY_HURT = re.compile(rf"{alternation('casualties', 'hurt')}|casualt|injur|death|fatalit|"
                      rf"{alternation('casualties', 'none').replace(DEMONYM_SLOT, '[a-z]+')}|"
                      rf"{alternation('casualties', 'toll')}|{tally_parts.WORDS}", re.I)



#: groups whose "none hurt" is a partial statement ("no civilians were hurt"), no total
PARTIAL = re.compile(rf"\b(?:{alternation('casualties', 'person', partial=True)[3:-1]}|civilian)\b",
                     re.I)


@lru_cache(maxsize=1)
def _none_said() -> tuple[tuple[re.Pattern, tuple[str, ...]], ...]:
    """"no human or material losses", "none of the crew was hurt", "no Iraqi casualties":
    the ``none`` records, with the countries' demonyms filled in."""
    nations = demonyms.alternation(demonyms.countries())
    return tuple((re.compile(rf"\b{r['none'].replace(DEMONYM_SLOT, nations)}\b", re.I),
                  tuple(r["kinds"])) for r in records("casualties") if "none" in r)



def _kind(verb: str) -> str:
    """The kind of casualty a casualty word says (the first rule it is all of)."""
    for rx, kind in KINDS:
        if rx.fullmatch(verb):
            return kind
    return "killed" if verb.lower() in ("dead", "killed") else "injured"


def _counted(text: str, out: Casualties) -> None:
    """Victims counted: "two soldiers were killed", "killing three", "and 12 wounded"."""
    people = victim_patterns.people()
    for rx in (people.after, people.before, BEFORE_BARE, AND_NUMBER, A_NTH, people.adjective,
               START_NUMBER, LEFT_BARE, PAIR_BARE):
        for m in rx.finditer(text):
            if VAGUE.match(m.group("who") or ""):
                continue  # "a large number of civilians": no number
            if _NONE_OF.search(text, 0, m.start("who")):
                continue  # (read by the ``none`` records)
            if AGE_BEFORE.search(text, 0, m.start("who")):
                continue  # "two men aged 61 and 70 were killed": ages, no count (`victim_patterns`)
            one = m.groupdict().get("one")  # "killed the regional commander": one
            who = one or m.group("who")
            verb = m.groupdict().get("v2") or m.group("v")
            if verb.lower() == "left":
                continue
            n_text = _NUMBER_AT.match(who)
            said = value(n_text.group("num")) if n_text else None
            if rx is A_NTH or one:
                said = 1
            part = _PART_OF.search(text, 0, m.start("who")) if said else None
            if part and value(part.group("part")):
                # "two of the 11 crew members were injured": two
                said = value(part.group("part"))
                who = f"{part.group().strip()} {who}"
            if _NO_ONE_AT.match(who):
                n = 0
            elif said is not None:
                n = said
            elif not who.lower().endswith("s"):
                n = 1
            else:
                continue
            kind = _kind(verb)
            if attacker_toll.attackers_hurt(out, who, kind, n, text):
                # ("all four assailants were shot dead": told apart; "three guards and
                # one of the attackers were killed": the groups before are still victims)
                if rx is people.after and said:
                    _listed_before(text, m.start("who"), kind, out)
                continue
            if n == 0 and PARTIAL.search(who):
                note = f"{who.strip()} {kind} (a partial statement: no total)"
                if note not in out.notes:
                    out.notes.append(note)
                continue
            if n == 0 and kind == "injured":
                out.add("killed", 0, f"{who.strip()} {kind}")  # none hurt: none killed
            if rx is people.after and said:
                # "two Americans and a Briton were killed", "two Americans, a Canadian
                # and three Iraqis": each group before adds up
                extra, before = _before(text, m.start("who"), kind, out)
                n += extra
                who = f"{before}{who}"
            if rx is people.after and m.group("tail") and (said or n):
                n += 1
                who += m.group("tail")
            end = m.end()
            listed: list[tuple[int, bool, str]] = []  # (added, after a comma, words)
            for _ in range(6 if rx is not people.after else 0):
                more = people.more.match(text, end)
                extra = (value(more.group("num")) if more.group("num") else 1) if more else None
                if not (more and extra) or _OWN_VERB.match(text, more.end()):
                    break
                theirs = attacker_toll.attackers_hurt(out, more.group("np"), kind, extra, text)
                listed.append((0 if theirs else extra,
                               text[:more.start("np")].rstrip().endswith(","), more.group("np")))
                end = more.end()
            for added, _, words in _without_speakers(listed, text, end):
                n += added
                who += f" and {words}"
            note = f"{who.strip()} {kind}"
            bound = qualifier(who)
            if bound in LOWER_BOUNDS:
                note += " (a lower bound)"
            if _RANGE_IN.match(who):  # "8 to 10 people": the first number was taken
                note += " (a range: its lower bound)"
            low = range_low(text, m.start("who")) if said and not one else None
            if low is not None and low[0] < said:
                n = n - said + low[0]
                note = f"{text[low[1]:m.end('who')].strip()} {kind} (a range: its lower bound)"
            out.add(kind, n, note)


#: a speech verb right after a list ("killing four people, two officers and a witness
#: said"): the items from its last comma on are who said it, no victims
#: (the list's last words may be no victims the patterns read: "and a witness said")
_SPEAKS_AFTER = re.compile(r"(?:\s+(?!(?:who|that|which)\b)[\w'’-]+){0,5}?"
                           r"\s+(?:said|says|told|reported|added|confirmed)\b", re.I)


def _without_speakers(listed: list[tuple[int, bool, str]], text: str, end: int
                      ) -> list[tuple[int, bool, str]]:
    """The items listed after the first victims, without those that say the sentence
    (the list ends on a speech verb: from its last item after a comma on)."""
    if not _SPEAKS_AFTER.match(text, end):
        return listed
    cut = max((k for k, (_, comma, _) in enumerate(listed) if comma), default=None)
    return listed if cut is None else listed[:cut]


def _before(text: str, start: int, kind: str, out: Casualties) -> tuple[int, str]:
    """The victims listed before the group at ``start`` ("two Americans, a Canadian and
    |three Iraqis were killed"): how many (the attackers among them told apart), and their
    words."""
    people = victim_patterns.people()
    n, words = 0, ""
    for _ in range(6):
        first = people.list_before.search(text, 0, start)
        extra = (value(first.group("num")) if first.group("num") else 1) if first else None
        if not extra:
            break
        if not attacker_toll.attackers_hurt(out, first.group("np"), kind, extra, text):
            n += extra
        words = f"{first.group('np')}, {words}"
        start = first.start()
    return n, words


def _listed_before(text: str, start: int, kind: str, out: Casualties) -> None:
    """The victims listed before a group of attackers ("three guards and one of the
    gunmen were killed": three)."""
    n, words = _before(text, start, kind, out)
    if n:
        out.add(kind, n, f"{words.rstrip(', ')} {kind}")


def _told_kind(text: str, end: int) -> str | None:
    """The kind of the last casualty word before ``end`` ("two residents wounded; that
    figure later rose to five": injured), or None."""
    found = [(m.start(), kind) for rx, kind in KINDS for m in rx.finditer(text, 0, end)]
    return max(found)[1] if found else None


def _died_later(text: str, out: Casualties) -> None:
    """"Four were wounded, two of whom later died": the latest figures, two killed and two
    injured."""
    for m in _DIED_LATER.finditer(text):
        n = value(m.group("n"))
        if n and not out.died(n, m.group().strip()) and out.injured is None:
            out.died_later = n  # the injured were told in a sentence before


def _entities(text: str):
    """``text`` through the NER alone, as one span (when no parsed sentence was given)."""
    from geoincidents import nlp

    return nlp.entities(text)[:]


def casualties(text: str, span=None) -> Casualties:
    """Killed and injured ``text`` reports, with who; ``span``, the sentence parsed, adds
    up lists of victims of several kinds (`casualty_parse`)."""
    from geoincidents.extract import casualty_parse

    out = Casualties()
    if not MAY_HURT.search(text):
        return out
    _counted(text, out)
    if span is None and _unread(text, out):
        # a casualty word whose victims no pattern read: the sentence is parsed alone
        from geoincidents.extract import parsed

        span = parsed.parse([text])[0]
    if span is not None:
        from geoincidents.extract import listed_victims

        # ("The dead included three Pakistanis and an Afghan": the list after the word)
        for kind, n, words, theirs in casualty_parse.victims(span) + \
                listed_victims.listed(span):
            if n:
                out.add(kind, n, f"{words} {kind}")
            if theirs and (out.attackers(kind) or 0) < theirs:
                attacker_toll.attackers_hurt(out, "attackers", kind, theirs, text)
    for m in _TOLL.finditer(text):
        toll = value(m.group("who"))
        kind = "injured" if m.group("injured") else \
            _told_kind(text, m.start()) if m.group("told") else "killed"
        if toll and m.group("down"):
            out.killed, out.toll_down = toll, toll
            out.notes.append(f"death toll revised down to {m.group('who')} killed")
        elif toll and kind:
            out.add(kind, toll, f"{'death toll' if kind == 'killed' else 'tally'} "
                                f"{m.group('who')} {kind}")
    for rx, kinds in _none_said():
        for m in rx.finditer(text):
            if PARTIAL.search(m.group()):  # "no civilian casualties": soldiers may be hurt
                out.notes.append(f"{m.group().strip()} (a partial statement: no total)")
                continue
            for kind in kinds:
                out.add(kind, 0, m.group().strip())
    for m in ONE.finditer(text):
        kind = _kind(m.group("v"))
        who = m.group("who")
        if out.get(kind) is None and not NOT_ONE.search(who) and \
                not _NUMBER_AT.fullmatch(who) and \
                not attacker_toll.attackers_hurt(out, who, kind, 1, text):
            out.add(kind, 1, f"{who} {kind}")
    tally_parts.read(text, out)  # bodies counted; a hospital's patients in shock
    _died_later(text, out)
    if out.killed is None and victim_names.may_name().search(text):
        # "killed the militia commander Abu Mahdi and General X": the people named
        # (`victim_names`: Matcher patterns over the NER's entities)
        got = victim_names.named(span if span is not None else _entities(text))
        if got is not None:
            out.add("killed", got[0], f"killed {got[1]}")
    if span is not None:
        # one victim or group of any living noun, for a kind nothing above read ("killed a
        # senior bomb maker"); and the wounded who died ("a soldier wounded in the attack
        # died in hospital")
        for kind, n, words, theirs in casualty_parse.victims(span, single=True):
            if out.get(kind) is None and n:
                out.add(kind, n, f"{words} {kind}")
            if theirs and out.attackers(kind) is None:
                attacker_toll.attackers_hurt(out, "attackers", kind, theirs, text)
        dead = casualty_parse.died_of_wounds(span)
        if dead and not out.died(dead, f"{dead} wounded died later"):
            out.died_later = max(out.died_later, dead)
    attacker_toll.read(text, out, _kind)  # "killed eleven of the attackers"
    _of_several(text, out)
    return out


#: a toll said of several events told apart ("the attacks listed above killed five
#: people"): the ``several`` records
_SEVERAL = re.compile(rf"\b{alternation('casualties', 'several')}", re.I)


def _of_several(text: str, out: Casualties) -> None:
    """A sum over several events is no one incident's toll: its figures are dropped, but
    for a zero ("no one was hurt in either attack": none in each)."""
    several = _SEVERAL.search(text) if out.told else None
    if several is None:
        return
    for name in ("killed", "injured", "attackers_killed", "attackers_injured"):
        if getattr(out, name):
            setattr(out, name, None)
    out.died_later = 0
    out.notes.append(f"{several.group()} (a sum over several events: no toll)")


#: list words the patterns do not read ("a mechanic was wounded, along with a trader")
_ALONG = re.compile(r"\b(?:along|together)\s+with\b|\bsuccumbed\b", re.I)


def _unread(text: str, out: Casualties) -> bool:
    """Whether a casualty word of the sentence is of a kind no pattern read, or its
    victims are listed in words the patterns do not read: worth parsing the sentence."""
    if _ALONG.search(text):
        return True
    return any(out.get(kind) is None and rx.search(text) for rx, kind in KINDS)
