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
``not_one`` (words before "was killed" that are no person). A person record may say
``attacker`` (their deaths are noted, not counted) or ``partial`` ("no civilians were
hurt" gives no total). Lists of victims of several kinds are added up from the parse
(`casualty_parse`).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from geoincidents.extract import demonyms, tally_parts, victim_names
from geoincidents.extract.lexicon import alternation, records
from geoincidents.extract.numbers import (LOWER_BOUNDS, NUMBER, NUMBER_WORDS, ORDINALS, VAGUE,
                                          qualifier, range_low, value)
from geoincidents.extract.toll import Casualties

_PLAIN_NUMBER = NUMBER.replace("?P<num>", "")
#: (casualty word pattern, "killed" or "injured")
KINDS = [(re.compile(r["hurt"], re.I), r["kind"]) for r in records("casualties") if "hurt" in r]
#: one person named by what they are ("the governor", "his driver"): the ``title`` records
_ROLE_NOUN = alternation("casualties", "title")
_HURT_AFTER = alternation("casualties", "hurt", where="after")[3:-1]
_HURT = rf"(?P<v>{_HURT_AFTER})"
_HURT_BEFORE = alternation("casualties", "hurt", where="before")[3:-1]
_AUX = alternation("casualties", "aux")
# "killing seven people and injuring fifteen": a bare number after the verb, at a clause end
# ("... and wounded 42 on Saturday": a phrase of time or place may end the clause;
# "wounding two more", "injuring three others", "wounding another three": the same)
_BEFORE_BARE = re.compile(
    rf"\b(?P<v>{_HURT_BEFORE})\s+(?:at least\s+|another\s+)?(?P<who>{_PLAIN_NUMBER})(?:\s+(?:more|others?))?"
    rf"(?=\s*(?:[,.;:)]|"
    r"and\b|\Z|(?:on|in|at|near|when|during|after|before|as|overnight|late|early)\b))", re.I)
# "killing 12 civilians and leaving at least three wounded": a number left hurt ("the
# hospital was treating eight wounded", "received five dead": a number in its care)
_LEFT_BARE = re.compile(rf"\b(?:left|leaving|leaves|leave|treating|treated|treats|received|"
                        rf"receiving)\s+(?:at\s+least\s+)?"
                        rf"(?P<who>{_PLAIN_NUMBER})\s+(?:(?:more|other|others)\s+)?"
                        r"(?P<v>dead|wounded|injured|hurt)\b", re.I)
# "Three were killed and 12 wounded", "and three were wounded": a number standing for people
# ("one civilian was killed and another wounded": one more)
_AND_NUMBER = re.compile(rf"(?:\band|,)\s+(?:at\s+least\s+|another\s+)?(?P<who>{_PLAIN_NUMBER}|another)\s+"
                         r"(?:others?\s+|more\s+)?(?:(?:were|was|had\s+been)\s+)?(?:also\s+)?"
                         r"(?P<v>wounded|injured|hurt|killed|dead)\b", re.I)
# "Five were wounded; two of them died": a number standing for people at a clause start
_START_NUMBER = re.compile(rf"(?:^|[;:]\s*)(?:at\s+least\s+)?(?P<who>{_PLAIN_NUMBER})\s+(?:were|"
                           rf"was|had\s+been|have\s+been)\s+(?:{_AUX}\s+){{0,2}}"
                           r"(?P<v>wounded|injured|hurt|killed|dead)\b", re.I)
# "eight to ten people": a range keeps its lower bound (and "between 20 and 25 people":
# `numbers.range_low`)
_RANGE_IN = re.compile(rf"{_PLAIN_NUMBER}\s+(?:to|or|-|–)\s+{_PLAIN_NUMBER}\b", re.I)
# "the general was killed", "A rickshaw puller was shot dead", "General Qassem Soleimani
# was killed": one person, named or described in a few words before a singular verb
_ONE = re.compile(rf"(?:^|[,;:]\s*|\b(?:when|after|as|and|while)\s+)(?P<who>(?:(?i:the|a|an|his|her|"
                  rf"their|its)\s+(?:[\w'’-]+\s+){{0,3}}?[a-z][\w-]+|(?:[A-Z][\w'’.-]+\s+){{1,3}}?"
                  rf"[A-Z][\w'’-]+))\s+(?:was|has\s+been|had\s+been)\s+(?:{_AUX}\s+){{0,2}}"
                  rf"(?P<v>{_HURT_AFTER})\b")
# "the building was hit": words that are no one person (the ``not_one`` records)
_NOT_ONE = re.compile(rf"\b{alternation('casualties', 'not_one')}$", re.I)
# "killing two constables and wounding a third", "killing a soldier and wounding
# another": one more ("wounding another three" is three: read by the number patterns)
_A_NTH = re.compile(rf"\b(?P<v>{_HURT_BEFORE})\s+(?P<who>a\s+(?:{ORDINALS})|another)\b"
                    rf"(?!\s+(?:\d|{NUMBER_WORDS})\b)", re.I)
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
                   rf"(?P<who>{_PLAIN_NUMBER})\b", re.I)
#: where a record names any country's demonym ("no Iraqi casualties"): the engine fills in
#: the world gazetteer's demonyms (`demonyms`) when the patterns are first used
DEMONYM_SLOT = "{demonym}"
# "four officers were wounded, two of whom later died": the ``died_later`` records
# ("One of the wounded, a 45-year-old woman, died": words set between commas)
_DIED_LATER = re.compile(rf"\b(?P<n>{_PLAIN_NUMBER})\s+of\s+(?:whom|them|those|the\s+"
                         rf"(?:wounded|injured))(?:\s*,[^,;.]{{1,60}},)?\s+"
                         rf"{alternation('casualties', 'died_later')}\b", re.I)
# "14 wounded people were admitted": the casualty word before the person noun
_HURT_ADJ = (r"(?:wounded|injured|dead)")

_NUMBER_AT = re.compile(NUMBER, re.I)
# "none of the 21 crew members was hurt": the number counts those present, not the hurt
# ("not one of our guards lost his life": nobody)
_NONE_OF = re.compile(r"(?:\bnone\s+of\s+(?:the|its|their|our|his|her)(?:\s+other)?|"
                      r"\bnot(?:\s+a\s+single)?)\s+$", re.I)
_NO_ONE_AT = re.compile(r"no\b|nobody", re.I)
# "two of the 11 crew members were injured": the number before "of the" counts the hurt
_PART_OF = re.compile(rf"\b(?P<part>{_PLAIN_NUMBER})\s+of\s+(?:the|its|their|his|her|our)\s+$",
                      re.I)
#: a sentence that may report casualties at all: a casualty word of the rules, or a word
#: of the patterns above that count none or a toll
MAY_HURT = re.compile(rf"{alternation('casualties', 'hurt')}|casualt|injur|death|fatalit|"
                      rf"{alternation('casualties', 'none').replace(DEMONYM_SLOT, '[a-z]+')}|"
                      rf"{alternation('casualties', 'toll')}|{tally_parts.WORDS}", re.I)


class _PersonPatterns(NamedTuple):
    after: re.Pattern
    before: re.Pattern
    more: re.Pattern
    list_before: re.Pattern
    adjective: re.Pattern


#: groups whose "none hurt" is a partial statement ("no civilians were hurt"), no total
PARTIAL = re.compile(rf"\b(?:{alternation('casualties', 'person', partial=True)[3:-1]}|civilian)\b",
                     re.I)
#: the attackers: their deaths are no victims' ("all four assailants were shot dead")
ATTACKER = re.compile(rf"\b(?:{alternation('casualties', 'person', attacker=True)[3:-1]})$",
                      re.I)


@lru_cache(maxsize=1)
def _none_said() -> tuple[tuple[re.Pattern, tuple[str, ...]], ...]:
    """"no human or material losses", "none of the crew was hurt", "no Iraqi casualties":
    the ``none`` records, with the countries' demonyms filled in."""
    nations = demonyms.alternation(demonyms.countries())
    return tuple((re.compile(rf"\b{r['none'].replace(DEMONYM_SLOT, nations)}\b", re.I),
                  tuple(r["kinds"])) for r in records("casualties") if "none" in r)


@lru_cache(maxsize=1)
def _people() -> _PersonPatterns:
    """The patterns that name victims, built on first use: the person nouns of the rules
    and the countries' demonyms of the world gazetteer ("two Kenyans and a Ugandan")."""
    person = (f"(?:{alternation('casualties', 'person')[3:-1]}|"
              f"{demonyms.alternation(demonyms.countries())[3:-1]})")
    return _person_patterns(person)


def _person_patterns(person: str) -> _PersonPatterns:
    """The victim patterns for the person-noun alternation ``person``."""
    # (up to three modifiers, each a word: "two U.S. service members"; "Oct 31 - Three
    # soldiers" is three; "no American or Iraqi personnel": a pair of qualifiers after "no")
    who = (rf"(?P<who>\b(?:{NUMBER}|(?:no|No)(?:\s+(?-i:[A-Z])[\w.-]*\s+(?:or|and))?)\s+"
           rf"(?:(?!(?:and|or|with|in|at)\b)[^\W\d_][\w.-]*\s+){{0,3}}"
           rf"{person}\b|no\s+one|nobody|No\s+one|Nobody)")
    # one person named by what they are ("the driver", "their interpreter"; a plural
    # noun is no one person, nor one followed by a name or another noun: "the rebel
    # commander Omar Haddad" is named, and counted by the names)
    # ("the three men in the car" are three: a number after the determiner is no one)
    one = (rf"(?:the|his|her|their|its)\s+(?!(?:{_PLAIN_NUMBER})\s)(?:[\w-]+\s+){{0,2}}?"
           rf"(?:{_ROLE_NOUN}|{person})\b(?<!s)"
           rf"(?!\s+(?:(?-i:[A-Z])|(?:{_ROLE_NOUN}|{person})\b))")
    # "two soldiers were killed"; the subject may carry a modifier ("a soldier guarding the
    # gate was wounded"): then an auxiliary must come before the verb, so "a guard at the
    # gate saw people hurt" is no match
    # ("four soldiers and the driver were killed": one more)
    after = re.compile(rf"{who}(?P<tail>\s+and\s+{one})?(?:,[^,.;]{{0,80}},)?(?:\s+(?:{_AUX}\s+){{0,3}}"
                       rf"|\s+(?:who\s+|that\s+)?(?:[a-z][\w-]*ing|in|at|on|aboard|near|outside|inside|"
                       rf"from|with|of|by|behind)\b[^,.;]{{0,60}}?\s+(?:was|were|had been|have been|"
                       rf"has been)\s+(?:{_AUX}\s+){{0,2}}){_HURT}\b", re.I)
    # "killing two soldiers", "left three people dead", "killed the regional commander"
    before = re.compile(rf"\b(?P<v>{_HURT_BEFORE}|left)\s+(?:at least\s+|between\s+{_PLAIN_NUMBER}"
                        rf"\s+(?:and|to)\s+)?(?:{who}|(?P<one>{one}))"
                        rf"(?:\s+(?P<v2>dead|injured|wounded|hurt))?", re.I)
    # "killing two American soldiers and a British soldier": the victims add up (unless
    # the second group has its own verb: "killing two soldiers and three others were hurt")
    # (a name set beside the first victim is the same person: "the police chief, Mohammad
    # Nabi, and two of his guards" is three)
    # ("killing a soldier from the escort and one of the drivers": a phrase of where the
    # first victim was or served may come between; "killing three Iraqis, two Syrians and
    # an Egyptian": a list, each group after a comma or "and")
    more = re.compile(rf"(?:\s+(?:from|of|in|at|on|aboard|with|inside)\s+(?:the|a|an|his|her|their|"
                      rf"its)\s+[a-z][\w-]*)?"
                      rf"(?:\s*,\s*(?-i:[A-Z])[\w'’.-]*(?:\s+(?-i:[A-Z])[\w'’.-]*){{0,3}})?"
                      # (after a comma alone, not "two of them children" nor "the governor's
                      # office said")
                      rf"(?:\s*(?:,\s*)?and|\s*,(?!\s*\S+\s+of\s+(?:them|whom|these|those)\b)"
                      rf"(?![^,.;]{{0,40}}?['’]s\s))"
                      rf"\s+(?P<np>(?:(?:his|her|their|its)\s+)?(?:{NUMBER})\s+"
                      rf"(?:of\s+(?:his|her|their|its|the)\s+)?(?:[\w-]+\s+){{0,2}}?{person}|"
                      rf"{one})\b"
                      rf"(?!\s+(?:(?:were|was|are|is|had|have|has)\b|{_HURT_BEFORE}|{_HURT_AFTER}))"
                      # (", a police officer said", ", a military officer at the base, Captain X,
                      # told": who told it, no victim)
                      r"(?!(?:\s+[a-z][\w-]*){0,3}(?:\s+(?:at|of|in|from|with|for|on)\s+[^,.;]{0,40}?)?"
                      r"(?:\s*,\s*(?-i:[A-Z])[^,.;]{0,40},)?\s+(?:said|says|told|added|reported)\b)",
                      re.I)
    # "two Americans and a Briton were killed", "the imam of the mosque and three
    # worshippers were wounded": a group before the one the verb follows
    list_before = re.compile(rf"(?P<np>\b{NUMBER}\s+(?:[\w-]+\s+){{0,2}}?{person}|"
                             rf"\b{one}(?:\s+of\s+(?:the\s+|a\s+)?[\w'’-]+(?:\s+[\w'’-]+)?)?)"
                             r"\s*(?:,\s*)?(?:,|\band)\s+$", re.I)
    # "14 wounded people had been admitted", "five dead soldiers"
    adjective = re.compile(rf"(?P<who>\b{NUMBER})\s+(?P<v>{_HURT_ADJ})\s+(?:[\w-]+\s+)?{person}\b",
                           re.I)
    return _PersonPatterns(after, before, more, list_before, adjective)


def _kind(verb: str) -> str:
    """The kind of casualty a casualty word says (the first rule it is all of)."""
    for rx, kind in KINDS:
        if rx.fullmatch(verb):
            return kind
    return "killed" if verb.lower() in ("dead", "killed") else "injured"


def _counted(text: str, out: Casualties) -> None:
    """Victims counted: "two soldiers were killed", "killing three", "and 12 wounded"."""
    people = _people()
    for rx in (people.after, people.before, _BEFORE_BARE, _AND_NUMBER, _A_NTH, people.adjective,
               _START_NUMBER, _LEFT_BARE):
        for m in rx.finditer(text):
            if VAGUE.match(m.group("who") or ""):
                continue  # "a large number of civilians": no number
            if _NONE_OF.search(text, 0, m.start("who")):
                continue  # (read by the ``none`` records)
            one = m.groupdict().get("one")  # "killed the regional commander": one
            who = one or m.group("who")
            verb = m.groupdict().get("v2") or m.group("v")
            if verb.lower() == "left":
                continue
            n_text = _NUMBER_AT.match(who)
            said = value(n_text.group("num")) if n_text else None
            if rx is _A_NTH or one:
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
            if ATTACKER.search(who.strip()):
                note = f"{who.strip()} {kind} (attackers, not counted)"
                if note not in out.notes:
                    out.notes.append(note)
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
                start = m.start("who")
                for _ in range(6):
                    first = people.list_before.search(text, 0, start)
                    extra = (value(first.group("num")) if first.group("num") else 1) \
                        if first else None
                    if not extra:
                        break
                    n += extra
                    who = f"{first.group('np')}, {who}"
                    start = first.start()
            if rx is people.after and m.group("tail") and (said or n):
                n += 1
                who += m.group("tail")
            end = m.end()
            for _ in range(6 if rx is not people.after else 0):
                more = people.more.match(text, end)
                extra = (value(more.group("num")) if more.group("num") else 1) if more else None
                if not (more and extra) or _OWN_VERB.match(text, more.end()):
                    break
                n += extra
                who += f" and {more.group('np')}"
                end = more.end()
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
        for kind, n, words in casualty_parse.victims(span):
            out.add(kind, n, f"{words} {kind}")
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
    for m in _ONE.finditer(text):
        kind = _kind(m.group("v"))
        who = m.group("who")
        if out.get(kind) is None and not _NOT_ONE.search(who) and \
                not _NUMBER_AT.fullmatch(who):
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
        for kind, n, words in casualty_parse.victims(span, single=True):
            if out.get(kind) is None:
                out.add(kind, n, f"{words} {kind}")
        dead = casualty_parse.died_of_wounds(span)
        if dead and not out.died(dead, f"{dead} wounded died later"):
            out.died_later = max(out.died_later, dead)
    return out


#: list words the patterns do not read ("a mechanic was wounded, along with a trader")
_ALONG = re.compile(r"\b(?:along|together)\s+with\b|\bsuccumbed\b", re.I)


def _unread(text: str, out: Casualties) -> bool:
    """Whether a casualty word of the sentence is of a kind no pattern read, or its
    victims are listed in words the patterns do not read: worth parsing the sentence."""
    if _ALONG.search(text):
        return True
    return any(out.get(kind) is None and rx.search(text) for rx, kind in KINDS)
