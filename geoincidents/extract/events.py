"""Sentences to incidents: triggers, munition counts, casualties, actors, grouping.

Each sentence is read for an event trigger (type), its date, its place mentions and the
facts it adds (counts by role, casualties, damage, actors and their stance). Sentences
then join incidents: a sentence about a place joins the incident at that place (same
site, compatible type and date); a sentence with no place adds its facts to the
incident the narrative is on; a new incident starts only at a sentence that reports an
event with a place or a date of its own and is not generic ("there have been about
three dozen attacks since October") or hedged ("possible attacks").
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from dataclasses import dataclass, field
from typing import Literal

from geoincidents import event_types
from geoincidents.extract.dates import DateMention, find_dates
from geoincidents.extract.mentions import DEMONYMS, Mention
from geoincidents.extract.numbers import NUMBER, NUMBER_FIRSTS, value
from geoincidents.extract.text import Gate, Sentence, finditer_at, fold, folded, \
    index_by_literal, keywords, literals, scan_word_ends, scan_words, search_at
from geoincidents.gazetteer import Place
from geoincidents.spatial import distance_m

# small patterns used in loops, compiled once (re's own cache costs a lookup per call)
_NUMBER_AT = re.compile(rf"{NUMBER}", re.I)
_NO_ONE_AT = re.compile(r"no\b|nobody", re.I)
_NAMES_END = re.compile(r"\s+as\s+|\s+when\s+|\s+while\s+|\s+in\s+a\b|\s+at\s+")
_WORDISH = re.compile(r"[\w’']")
_BODY_PART = re.compile(r"^(?:shoulders|hands|feet)\s+")
_FOR_ATTACK = re.compile(r"\s*(?:the attack|for)\b")
_SPACES = re.compile(r"\s+")
_LEAD_CONJ = re.compile(r"^(?:while|and|but|however|then)\s+", re.I)
_PEOPLE = re.compile(r"\b(?:personnel|people|soldiers?|civilians?|child|children)\b", re.I)
_CLAUSE = re.compile(r"\b(?:while|but|although|as|after|when|where)\s+")
_NUMBER_BEFORE = re.compile(rf"{NUMBER}\s+(?:[\w-]+\s+)?$", re.I)

# -- event types ---------------------------------------------------------------------------

#: (event type, trigger pattern), highest priority first
TRIGGERS: list[tuple[str, re.Pattern]] = [(t, re.compile(p, re.I)) for t, p in [
    ("raid", r"\b(?<!air )(?<!air-)raid(?:s|ed)?\b(?!\s+(?:sirens?|shelters?|alerts?|warnings?|"
             r"alarms?))|\bstormed the\b"),
    ("thwarted", r"\b(?:thwart\w*|foil\w*|avert\w*|prevent\w* (?:an?|the) attack|"
                 r"(?:seiz\w+|confiscat\w+|found|discovered|recovered|captured)\b[^.;]{0,60}?"
                 r"\b(?:rockets?|launchers?|missiles?|explosives?|weapons?|katyushas?|mortars?|"
                 r"drones?|bombs?))"),
    ("drone_strike", r"\b(?:drone|UAV)s?\s+(?:strike|attack|raid)s?\b|\bdrones?\b"),
    ("airstrike", r"\bair\s*strikes?\b|\bair[\s-]+raids?\b(?!\s+(?:sirens?|shelters?|alerts?|"
                  r"warnings?|alarms?))|\bwarplanes?\b|\bbombing\s+raids?\b|"
                  r"\b(?:jets?|aircraft|bombers?|fighter planes?)\b[^.;]{0,40}?\b(?:struck|bombed|"
                  r"hit|targeted|pounded)\b"),
    ("rocket_attack", r"\brockets?\b|\bmissiles?\b|\bkatyushas?\b|\bmortars?\b|\bshelling\b|"
                      r"\bprojectiles?\b|\bfusillade\b"),
    ("ied", r"\b(?:IEDs?|roadside bombs?|car bombs?|explosive devices?|suicide bomb\w*|"
            r"bombings?|landmines?|booby[- ]trap\w*|(?:magnetic|sticky|pipe|nail|truck|parcel|"
            r"letter|suicide)\s+bombs?)\b|\bbombs?\b[^.;]{0,60}?\b(?:exploded|detonated|went off|"
            r"blew up|hit|struck|killed|ripped|tore)\b|\b(?:car|truck|vehicle|van|motorbike|motorcycle)s?\s+(?:packed|laden|"
            r"loaded|rigged|filled)\s+with\s+explosives\b|\bexplosives?-(?:laden|packed|rigged)\b|"
            r"\bVBIEDs?\b"),
    ("protest", r"\bprotest(?:s|ed|ers|ing)?\b|\bdemonstrat\w+|\brall(?:y|ies|ied)\b|"
                r"\bmarch(?:ed|ers|es)\b|\bsit-in\b|\briot(?:s|ed|ers|ing)?\b(?!\s+(?:police|gear|"
                r"squads?|units?|control)\b)"),
    ("other", r"\battack(?:s|ed|ing)?\b|\btargeted\b|\bexplosions?\b|\bblasts?\b|\bexploded\b|"
              r"\bshooting\b|\bgunmen\b|\bgunfire\b|\bopened fire\b|\bstabb\w+|"
              r"\b(?:fire|blaze|flames) (?:broke out|tore|swept|destroyed|gutted|ripped)|"
              r"\b(?:broke out|caught fire|set (?:on fire|ablaze))\b|\bcollapsed\b|"
              r"\bcrash(?:ed)?\b|\barson\b|\bhostage\b|\bkidnapp\w+|\bambush\w*|\bblew up\b|"
              r"\btorch(?:ed|ing)\b|\bset fire to\b|\bfire-?bomb\w*|"
              r"\b(?:blew|blow|blown|blowing)\s+(?:open|apart)\b"),
]]
PRIORITY = {t: i for i, (t, _) in enumerate(TRIGGERS)}
#: literals every match of each trigger contains (lowercase): a substring test first
_TRIGGER_KEYS = {
    "raid": ("raid", "stormed the"),
    "thwarted": ("thwart", "foil", "avert", "prevent", "seiz", "confiscat", "found",
                 "discovered", "recovered", "captured"),
    "drone_strike": ("drone", "uav"),
    "airstrike": ("air", "warplane", "bombing", "jet", "bomber", "fighter"),
    "rocket_attack": ("rocket", "missile", "katyusha", "mortar", "shelling", "projectile",
                      "fusillade"),
    "ied": ("ied", "bomb", "explosive", "landmine", "booby"),
    "protest": ("protest", "demonstrat", "rall", "march", "sit-in", "riot"),
    "other": ("attack", "targeted", "explosion", "blast", "exploded", "shooting", "gunmen",
              "gunfire", "opened fire", "stabb", "fire", "blaze", "flames", "broke out",
              "set on fire", "set ablaze", "collapsed", "crash", "arson", "hostage", "kidnapp",
              "ambush", "blew up", "torch", "set fire to", "bomb", "blew", "blow",
              "caught fire"),
}
# every trigger match starts with one of its keys, but for "roadside bomb" and the like
_TRIGGER_GATES = [(t, Gate(_TRIGGER_KEYS[t], rx, prefix=t != "ied")) for t, rx in TRIGGERS]
#: literal -> indices (into _TRIGGER_GATES) of the triggers that need it
_TRIGGERS_BY_KEY = index_by_literal([gate.keys for _, gate in _TRIGGER_GATES])

# sentences that talk about events in general, not about one event
GENERIC = re.compile(
    r"\b(?:have|has) (?:long |repeatedly |often |frequently |again |also |previously |"
    r"recently )?(?:been|attacked|targeted|"
    r"blamed|accused|struck|launched|carried|faced|seen|suffered|condemned)\b|"
    r"\b(?:since|all along|so far this year|times\b|will|would|could|might|possible|possibly|"
    r"planned|planning|threat(?:en)?s?\b|if\b|whether|likely to|tend to|usually|often|"
    r"frequently|every|anniversary|impediment|increasingly)\b", re.I)
# "the war, which broke out in April last year, has killed tens of thousands": no one event
WAR_BEGAN = re.compile(r"\b(?:war|conflict|insurgency|uprising)\b[^.;]{0,60}?\b(?:broke out|"
                       r"began|erupted|started)\b", re.I)
HEDGE_NEW = re.compile(r"\b(?:possible|potential|planned|would|could|will|may|might|"
                       r"threatened|intelligence about|warn\w*|paid to|plott?\w*|intend\w*|"
                       r"preparing to|planning to|set to|meant to|supposed to|(?:was|were) to be|"
                       r"fearing|further\s+(?:attacks|raids|strikes|bombings|violence))\b",
                       re.I)
PLURAL_REF = re.compile(r"\b(?:either|both|neither) (?:attack|incident|strike)s?\b|"
                        r"\bthe (?:latest|recent|two|weekend|overnight) (?:attacks|incidents|"
                        r"strikes)\b|\bin both\b", re.I)
PAST_PERFECT = re.compile(r"\bhad (?:been |previously |already )?\w+(?:ed|en|wn|ught|nt)\b",
                          re.I)
_GENERIC_GATE = Gate(("have", "has", "since", "all along", "so far this year", "times", "will",
                      "would", "could", "might", "possib", "plann", "threat", "if", "whether",
                      "likely to", "tend to", "usually", "often", "frequently", "every",
                      "anniversary", "impediment", "increasingly"), GENERIC, prefix=True)
_WAR_BEGAN_GATE = Gate(("broke out", "began", "erupted", "started"), WAR_BEGAN)
_HEDGE_GATE = Gate(("possible", "potential", "planned", "would", "could", "will", "may", "might",
                    "threatened", "intelligence about", "warn", "paid to", "plot", "intend",
                    "preparing to", "planning to", "set to", "meant to", "supposed to",
                    "was to be", "were to be", "fearing", "further"), HEDGE_NEW, prefix=True)
_PLURAL_GATE = Gate(("either", "neither", "both", "in both", "the latest", "the recent",
                     "the two", "the weekend", "the overnight"), PLURAL_REF, prefix=True)
_PAST_PERFECT_GATE = Gate(("had",), PAST_PERFECT, prefix=True)


def event_type(text: str, low: str | None = None, found: set[str] | None = None) -> str | None:
    """The highest-priority event type a trigger word of ``text`` names, or None.

    ``low`` is ``fold(text)`` and ``found`` its `keywords` when the caller has them.
    """
    if low is None:
        low = fold(text)
    if found is None:
        found = keywords(low)
    wanted: set[int] = set()  # the triggers whose words are there, by priority
    for word in found:
        wanted.update(_TRIGGERS_BY_KEY.get(word, ()))
    for i in sorted(wanted):
        name, gate = _TRIGGER_GATES[i]
        if gate.search_in(text, found, low):
            return name
    return None


# -- munitions --------------------------------------------------------------------------------

_MUNITION = (r"(?:katyusha\s+)?(?:rockets?|missiles?|mortar\s+(?:rounds?|shells?|bombs?)|"
             r"mortars?|shells?|projectiles?|katyushas?|drones?|grenades?|IEDs?|"
             r"explosive\s+devices?|bombs?|rounds)\b(?!\s+launchers?)")
_MOD = r"(?:(?!(?:of|and|or|were|was|that|which|the|had|have|by|in|at)\b)[A-Za-z0-9-]+\s+){0,2}"
_MUNITION_NP = re.compile(rf"\b(?P<np>{NUMBER}\s+{_MOD}(?P<noun>{_MUNITION}))"
                          rf"|\b(?P<def>the\s+(?:first|second|lone|single)\s+{_MOD}"
                          rf"(?P<noun2>{_MUNITION}))"
                          rf"|\b(?P<one>the\s+(?:drone|rocket|missile|projectile|katyusha|grenade|"
                          rf"bomb|mortar\s+(?:round|shell))(?!s)\b(?!\s+(?:attacks?|strikes?|"
                          rf"launchers?|fire|threat|programme|program|campaign|barrage|salvo)\b))"
                          rf"|\b(?P<of>(?P<num2>{NUMBER.replace('?P<num>', '')})\s+of\s+(?:them|these|those|which|the)\b"
                          rf"(?:\s+(?:(?P<total>{NUMBER.replace('?P<num>', '')})\s+)?{_MOD}{_MUNITION})?)",
                          re.I)
# every match starts at a word (\b): a number's first word, or "the"
_MUNITION_NP_FIRSTS = NUMBER_FIRSTS | {"the"}
# ... and holds, after its first word, a munition noun or "of": none starts after the last
_MUNITION_NP_KEYS = literals(("katyusha", "rocket", "missile", "mortar", "shell", "projectile",
                              "drone", "grenade", "ied", "explosive", "bomb", "round", "of"))
_BARE = re.compile(rf"(?:\b(?:the\s+(?:other\s+|remaining\s+)?|another\s+|all\s+)|(?:^|[,;]\s+))"
                   rf"(?P<np>{NUMBER})\b"
                   r"(?=\s+(?:that|which|were|was|had|did|misfired|failed|landed|hit|struck|"
                   r"fell|exploded|were|,|\.|;)|[,.;])", re.I)
ROLES = {
    "n_landed": r"landed|land|hit|struck|fell|impacted|exploded|came down|crashed|slammed",
    "n_fired": r"fired|launched|shot|lobbed|firing|launching|sent|dispatched|flown|flew",
    "n_loaded": r"loaded with|carrying|carried|rigged with|packed with|containing|armed with|"
                r"stocked with",
    "n_misfired": r"misfired|failed to (?:launch|fire|explode|detonate)|did not (?:launch|fire|"
                  r"explode|detonate)|defused|diffused|dismantled|disarmed|made safe|unexploded",
    "n_seized": r"seized|seize|seizing|seizure of|confiscated|found|recovered|discovered|captured|"
                r"impounded",
    "n_intercepted": r"intercepted|intercepting|shot down|downed|destroyed in (?:the )?air",
}
_ROLE_BEFORE = {r: re.compile(rf"\b(?:{p})\s+(?:(?:and|or)\s+[a-z]+(?:ed|wn)\s+)?"
                              rf"(?:by\s+|only\s+|the\s+|some\s+|up\s+|all\s+)*"
                              rf"(?:(?:an?|the|some)\s+(?:[\w-]+\s+){{0,2}}?(?:and|as well as)\s+)?$",
                              re.I) for r, p in ROLES.items()}
_ROLE_AFTER = {r: re.compile(rf"^[\s,]*(?:(?:that|which|who)\s+)?(?:(?:were|was|had|have|has|"
                             rf"been|all|later|then|also|only|successfully|reportedly)\s+)*"
                             rf"(?:{p})\b", re.I) for r, p in ROLES.items()}
_PASSIVE_HIT = re.compile(r"\b(?:hit|struck|targeted|pounded)\s+by\s+$", re.I)
#: literals (lowercase) one of which each role's words contain
_ROLE_KEYS = {
    "n_landed": ("land", "hit", "struck", "fell", "impacted", "exploded", "came", "crashed",
                 "slammed"),
    "n_fired": ("fired", "launch", "shot", "lobbed", "firing", "sent", "dispatched", "flown",
                "flew"),
    "n_loaded": ("loaded", "carr", "rigged", "packed", "containing", "armed", "stocked"),
    "n_misfired": ("misfired", "failed", "did", "defused", "diffused", "dismantled", "disarmed",
                   "made", "unexploded"),
    "n_seized": ("seiz", "confiscated", "found", "recovered", "discovered", "captured",
                 "impounded"),
    "n_intercepted": ("intercept", "shot", "downed", "destroyed"),
}
assert set(_ROLE_KEYS) == set(ROLES)
_ROLE_GATES = [(role, Gate(_ROLE_KEYS[role], _ROLE_BEFORE[role]),
                Gate(_ROLE_KEYS[role], _ROLE_AFTER[role])) for role in ROLES]
_PASSIVE_GATE = Gate(("hit", "struck", "targeted", "pounded"), _PASSIVE_HIT)


# the same, for the folded text (see `text.folded`)
_MUNITION_NP_LOW = folded(_MUNITION_NP)
_BARE_LOW = folded(_BARE)



def _bare_matches(low: str) -> list[re.Match]:
    """``list(_BARE_LOW.finditer(low))``: every match starts at the start, at a comma or
    semicolon, or at "the", "another" or "all"."""
    return finditer_at(_BARE_LOW, low, (",", ";", "the", "another", "all"), at_start=True)


def munition_counts(text: str, low: str | None = None,
                    found: set[str] | None = None) -> dict[str, int]:
    """Counts by role in one sentence: {"n_fired": 5, "n_landed": 5, ...}.

    ``low`` is ``fold(text)`` and ``found`` its `keywords` when the caller has them.
    """
    out: dict[str, int] = {}
    spans = []
    if low is None:
        low = fold(text)
    if found is None:
        found = keywords(low)
    # the roles whose words the sentence holds at all (a window holds no others): with
    # none, no count has a role, and the counts need not be looked for
    roles = [gates for gates in _ROLE_GATES if gates[1].may_in(found)]
    passive = _PASSIVE_GATE.may_in(found)
    if not (roles or passive):
        return out
    last = max((low.rfind(k) for k in _MUNITION_NP_KEYS.intersection(found)), default=-1)
    # (on the folded text, with case-sensitive patterns: only spans and numbers are read)
    for m in scan_words(_MUNITION_NP_LOW, low, _MUNITION_NP_FIRSTS, low, until=last):
        total = None
        if m.group("np"):
            n = value(m.group("num"))
        elif m.group("of"):
            n = value(m.group("num2"))
            # "shot down 14 of the 17 drones sent at the city": the words after are the 17's
            total = value(m.group("total")) if m.group("total") else None
        else:
            n = 1
        if n is None or n == 0:
            continue
        spans.append((m.start(), m.end(), n, total or n))
    for m in _bare_matches(low):
        n = value(m.group("num"))
        if n:
            spans.append((m.start("np"), m.end("np"), n, n))
    if not spans:
        return out
    for s, e, n, total in spans:
        before, after = text[max(0, s - 40):s], text[e:e + 60]
        low_b, low_a = low[max(0, s - 40):s], low[e:e + 60]
        got = set()
        for role, gate_before, gate_after in roles:
            if gate_before.search(before, low_b):
                out[role] = max(out.get(role, 0), n)
                got.add(role)
            if gate_after.search(after, low_a):
                out[role] = max(out.get(role, 0), total)
                got.add(role)
        if passive and _PASSIVE_GATE.search(before, low_b):
            out["n_landed"] = max(out.get("n_landed", 0), n)
            got.add("n_landed")
        if total != n and got & {"n_intercepted", "n_landed", "n_misfired"}:
            out["n_fired"] = max(out.get("n_fired", 0), total)  # all of them were fired
    return out


_WEAPONS = [(label, key, re.compile(rx, re.I)) for label, key, rx in (
    ("Katyusha rocket", "katyusha", r"\bkatyushas?\b"),
    ("drone", "", r"\bdrones?\b|\bUAVs?\b"),
    ("mortar", "mortar", r"\bmortars?\b"), ("missile", "missile", r"\bmissiles?\b"),
    ("rocket", "rocket", r"\brockets?\b(?!\s+launcher)"),
    ("IED", "", r"\bIEDs?\b|roadside bomb"),
    ("car bomb", "car bomb", r"\bcar bombs?\b"), ("C-RAM", "c-ram", r"\bC-RAM\b"),
    ("rocket launcher", "launcher", r"\blaunchers?\b"),
    ("firearm", "", r"\bgunfire|\bshot dead"))]
# the patterns without a key above: literals one of which each match contains
_WEAPON_KEYS = [(label, literals((key,) if key else {"drone": ("drone", "uav"),
                                                     "IED": ("ied", "roadside bomb"),
                                                     "firearm": ("gunfire", "shot dead")}[label]),
                 folded(rx)) for label, key, rx in _WEAPONS]  # (folded: faster, the same)


def weapons(text: str, found: set[str] | None = None, low: str | None = None) -> list[str]:
    """Weapons ``text`` names; ``low`` is ``fold(text)`` and ``found`` its `keywords`
    when the caller has them."""
    if low is None:
        low = fold(text)
    if found is None:
        found = keywords(low)
    # a keyword test first: most sentences name none of these
    return [label for label, keys, low_rx in _WEAPON_KEYS
            if not keys.isdisjoint(found) and low_rx.search(low)]


# -- casualties ----------------------------------------------------------------------------------

_PERSON = (r"(?:people|persons?|civilians?|soldiers?|troops|servicem[ae]n|service\s+members?|"
           r"personnel|child(?:ren)?|kids?|boys?|girls?|m[ae]n|wom[ae]n|contractors?|staff(?:ers)?|"
           r"employees?|members?|police(?:m[ae]n|\s+officers?)?|officers?|guards?|workers?|"
           r"residents?|passengers?|firefighters?|students?|fighters?|militants?|insurgents?|"
           r"pilgrims?|journalists?|diplomats?|Americans?|Iraqis?|Afghans?|bystanders?|"
           r"victims?|pedestrians?|motorists?|tourists?|patients?|shoppers?|teenagers?|"
           r"occupants?|crew(?:\s+members?)?|volunteers?|protesters?|demonstrators?|"
           r"one|anyone|someone|no\s+one|nobody|toddler|baby|infant|farmer|driver|tenants?|"
           r"miners?|sailors?|marines?|recruits?|cadets?|inmates?|prisoners?|mourners?|others|"
           r"peacekeepers?|gendarmes?|villagers?|worshipp?ers?|fishermen|herders?|militiamen|"
           r"rebels?|jihadists?|paramilitar(?:y|ies)|detainees?|nurses?|doctors?|medics?|"
           r"teachers?|pupils?|guests?|refugees?|migrants?|farmers?|drivers?|truckers?|"
           r"commuters?|spectators?|fans?|athletes?|officials?|guardsmen|troopers?|"
           r"security\s+(?:personnel|guards?|forces)|agents?|rangers?|staffers?)")
_WHO = rf"(?P<who>(?:{NUMBER}|no|No)\s+(?:(?!(?:and|or|with|in|at)\b)[\w-]+\s+){{0,3}}{_PERSON}\b|no\s+one|nobody|No\s+one|Nobody)"
_HURT = (r"(?P<v>killed|dead|died|injured|wounded|hurt|harmed|maimed|slain|lost their lives|"
         r"(?:taken|rushed|admitted|airlifted)\s+to\s+(?:a\s+|the\s+)?hospital|hospitali[sz]ed|"
         r"treated\s+for\s+(?:\w+\s+)?(?:injuries|wounds|burns))")
_AUX = (r"(?:was|were|had been|have been|has been|are|is|reportedly|also|later|critically|"
        r"seriously|slightly|lightly|badly|fatally|left)")
# the subject may carry a modifier ("a soldier guarding the gate was wounded"): then an
# auxiliary must come before the verb, so "a guard at the gate saw people hurt" is no match
_CAS1 = re.compile(rf"{_WHO}(?:,[^,.;]{{0,80}},)?(?:\s+(?:{_AUX}\s+){{0,3}}"
                   rf"|\s+(?:who\s+|that\s+)?(?:[a-z][\w-]*ing|in|at|on|near|outside|inside|"
                   rf"from|with|of|by|behind)\b[^,.;]{{0,60}}?\s+(?:was|were|had been|have been|"
                   rf"has been)\s+(?:{_AUX}\s+){{0,2}}){_HURT}\b", re.I)
# a _CAS1 match starts with a number's first word or "no", "nobody" (perhaps inside a word)
_CAS1_FIRSTS = NUMBER_FIRSTS | {"no", "nobody"}
# ... and ends with a _HURT phrase, which holds one of these: none starts after the last
_HURT_KEYS = literals(("killed", "dead", "died", "injured", "wounded", "hurt", "harmed",
                       "maimed", "slain", "lost", "hospital", "injuries", "treated"))
_CAS2 = re.compile(rf"\b(?P<v>killing|injuring|wounding|killed|injured|wounded|left)\s+"
                   rf"(?:at least\s+)?{_WHO}(?:\s+(?P<v2>dead|injured|wounded|hurt))?", re.I)
_CAS2_KEYS = literals(("killing", "injuring", "wounding", "killed", "injured", "wounded", "left"))
# "killing seven people and injuring fifteen": a bare number after the verb, at a clause end
# ("... and wounded 42 on Saturday": a phrase of time or place may end the clause)
_CAS3 = re.compile(rf"\b(?P<v>killing|injuring|wounding|killed|injured|wounded)\s+(?:at least\s+)?"
                   rf"(?P<who>{NUMBER.replace('?P<num>', '')})(?=\s*(?:[,.;:)]|and\b|\Z|"
                   r"(?:on|in|at|near|when|during|after|before|as|overnight|late|early)\b))", re.I)
# "without causing any casualties"
_NONE_WITHOUT = re.compile(r"\bwithout\s+(?:causing\s+|inflicting\s+|any\s+reports?\s+of\s+)?"
                           r"(?:any\s+)?(?P<what>casualties|injuries|deaths|fatalities)\b", re.I)
literals(("without",))
literals(("no ",))  # every _NONE match starts with it
_NONE = re.compile(r"\bno (?:immediate )?(?:reports? of )?(?:\w+ (?:or|and) )?(?:American |US |"
                   r"U\.S\. |Iraqi |Afghan |civilian |military |coalition )?(?P<what>casualties|injuries|deaths|"
                   r"fatalities|one (?:was )?(?:hurt|injured|killed))\b", re.I)
_MORE = re.compile(rf"\s*(?:,\s*)?and\s+(?P<np>(?:{NUMBER})\s+(?:[\w-]+\s+){{0,2}}?{_PERSON})\b", re.I)
_OWN_VERB = re.compile(r"\s+(?:were|was|are|is|had|have|has)\b", re.I)
# "Three were killed and 12 wounded", "and three were wounded": a number standing for people
_CAS4 = re.compile(rf"(?:\band|,)\s+(?:at\s+least\s+)?(?P<who>{NUMBER.replace('?P<num>', '')})\s+"
                   r"(?:others?\s+|more\s+)?(?:(?:were|was|had\s+been)\s+)?(?:also\s+)?"
                   r"(?P<v>wounded|injured|hurt|killed|dead)\b", re.I)
_TOLL = re.compile(rf"\bdeath\s+toll\s+(?:has\s+|had\s+)?(?:rose|risen|rises|climbed|reached|stood|"
                   rf"stands|is|was|of)\s+(?:at\s+|to\s+)?(?:at\s+least\s+)?"
                   rf"(?P<who>{NUMBER.replace('?P<num>', '')})\b", re.I)
literals(("death toll",))
# a named person, possibly after a lowercase role ("the militia commander Abu Mahdi")
_ROLE_WORD = (r"(?:(?:the|a|an|his|her|its|their)\s+)?(?:[a-z][\w-]*\s+){0,2}?(?:general|"
              r"commander|leader|chief|official|cleric|colonel|officer|deputy|head|spokesman|"
              r"minister|mayor|governor|judge|journalist|activist|founder|aide|adviser|advisor|"
              r"scientist|brother|son|father|driver|bodyguard|wife)\s+")
_NAMED = re.compile(rf"\b(?:killed|killing|assassinat\w+)\s+(?P<names>(?:{_ROLE_WORD})?"
                    r"(?:General\s+|Gen\.\s+|[Aa]l-)?[A-Z][^.;]{0,160})")
_NAMED_KEYS = literals(("killed", "killing", "assassinat"))
# each further name of a list: ", Name", "and Name", "and the <role> Name"
_NAMED_MORE = re.compile(rf"(?:,|\band)\s+(?:{_ROLE_WORD})?(?:General\s+|Gen\.\s+|[Aa]l-)?"
                         r"[A-Z]")


@dataclass(init=False)
class Casualties:
    killed: int | None = None
    injured: int | None = None
    notes: list[str] = field(default_factory=list)

    # written out, compiled by mypyc (see `SentenceFacts.__init__`)
    def __init__(self, killed: int | None = None, injured: int | None = None,
                 notes: list[str] | None = None) -> None:
        self.killed, self.injured = killed, injured
        self.notes = [] if notes is None else notes

    def get(self, kind: str) -> int | None:
        """How many were ``kind`` ("killed" or "injured"), None when not told."""
        return self.killed if kind == "killed" else self.injured

    def add(self, kind: str, n: int, note: str) -> None:
        cur = self.get(kind)
        n = n if cur is None else max(cur, n)
        if kind == "killed":
            self.killed = n
        else:
            self.injured = n
        if note not in self.notes:
            self.notes.append(note)


_CAS1_LOW = folded(_CAS1)
_CAS2_LOW = folded(_CAS2)
_CAS3_LOW = folded(_CAS3)
_CAS4_LOW = folded(_CAS4)
# what each match of these starts with
_CAS2_FIRSTS = ("killing", "injuring", "wounding", "killed", "injured", "wounded", "left")
_CAS3_FIRSTS = _CAS2_FIRSTS[:-1]
_CAS4_FIRSTS = ("and", ",")


def casualties(text: str, low: str | None = None, found: set[str] | None = None) -> Casualties:
    """Killed and injured ``text`` reports, with who; ``low`` is ``fold(text)`` and
    ``found`` its `keywords` when the caller has them."""
    out = Casualties()
    if low is None:
        low = fold(text)
    if found is None:
        found = keywords(low)
    # -1: no _CAS1 match at all
    last_hurt = max((low.rfind(k) for k in _HURT_KEYS.intersection(found)), default=-1)
    # on the folded text (faster): who is read from the text, the rest is lowercase anyway
    scans = [scan_word_ends(_CAS1_LOW, low, _CAS1_FIRSTS, low, until=last_hurt)]
    if not _CAS2_KEYS.isdisjoint(found):
        # tried only where their first words are (sre would try every word boundary)
        scans.append(finditer_at(_CAS2_LOW, low, _CAS2_FIRSTS))
        scans.append(finditer_at(_CAS3_LOW, low, _CAS3_FIRSTS))
        scans.append(finditer_at(_CAS4_LOW, low, _CAS4_FIRSTS))
    for matches in scans:
        for m in matches:
            who = text[m.start("who"):m.end("who")]
            verb = (m.groupdict().get("v2") or m.group("v")).lower()
            n_text = _NUMBER_AT.match(who)
            said = value(n_text.group("num")) if n_text else None
            if _NO_ONE_AT.match(who):
                n = 0
            elif said is not None:
                n = said
            elif not who.lower().endswith("s"):
                n = 1
            else:
                continue
            kind = "killed" if verb in ("killed", "dead", "died", "killing", "slain",
                                        "lost their lives") else "injured"
            if verb == "left":
                continue
            # "killing two American soldiers and a British soldier"
            more = _MORE.match(text, m.end())
            extra = value(more.group("num")) if more else None
            if more and extra and not _OWN_VERB.match(text, more.end()):
                n += extra
                who += f" and {more.group('np')}"
            out.add(kind, n, f"{who.strip()} {kind}")
    if "death toll" in found:
        for m in _TOLL.finditer(text):
            toll = value(m.group("who"))
            if toll:
                out.add("killed", toll, f"death toll {m.group('who')}")
    nones = [_NONE.finditer(text)] if "no " in found else []
    if "without" in found:
        nones.append(_NONE_WITHOUT.finditer(text))
    for m in (m for matches in nones for m in matches):
        what = m.group("what").lower()
        if what in ("casualties", "fatalities", "deaths") or "killed" in what:
            out.add("killed", 0, "no " + what)
        if what in ("casualties", "injuries") or "hurt" in what or "injured" in what:
            out.add("injured", 0, "no " + what)
    if out.killed is None and not _NAMED_KEYS.isdisjoint(found):
        m = _NAMED.search(text)
        if m:
            names = _NAMES_END.split(m.group("names"))[0]
            n = len(_NAMED_MORE.findall(names)) + 1
            out.add("killed", n, "killed " + names.strip(" ,"))
    return out


# -- actors ---------------------------------------------------------------------------------------

_NP_STOP = {"for", "on", "in", "at", "to", "with", "from", "against", "as", "that", "which",
            "responsible", "accountable",
            "who", "since", "after", "before", "while", "because", "of", "and", "or", "but",
            "said", "says", "was", "were", "is", "are", "had", "has", "have", "not", "may",
            "might", "could", "would", "will", "being", "behind", "over", "its", "their",
            "rather", "than", "instead", "after", "saying", "stating",
            # verbs: the name ends before them ("by the coalition hit a depot")
            "hit", "struck", "killed", "targeted", "destroyed", "damaged", "wounded", "injured",
            "exploded", "landed", "fired", "launched", "told", "claimed", "denied", "blamed",
            "attacked", "shelled", "bombed", "stormed", "raided", "seized", "left", "caused",
            "sparked", "prompted", "killing", "injuring", "wounding", "destroying", "damaging",
            "targeting", "hitting", "known", "called", "dubbed"}
_GROUP = {"militia", "militias", "group", "groups", "fighters", "insurgents", "gunmen",
          "proxies", "forces", "rebels", "government", "officials", "members", "extremists",
          "jihadists", "terrorists", "taliban", "army", "police", "troops", "military",
          "factions", "supporters", "protesters", "hackers", "suspects", "suspect", "cell",
          "network", "movement", "regime", "authorities", "coalition", "men", "man"}
_DET = re.compile(r"^(?:the|an?|these|those|this|that|some|its|their)\s+", re.I)
_WORDS = re.compile(r"[\w’'.-]+|[^\w\s]")


_QUOTES = re.compile(r"[“”\"‘]|(?<!\w)['’]|['’](?!\w)")


# words that are never part of an actor's name: adverbs and time expressions
# ("supporters later stormed", "late last month police raided")
_NOT_NAME = {"later", "then", "also", "earlier", "again", "soon", "now", "still", "already",
             "once", "first", "last", "late", "early", "next", "previous", "yesterday", "today",
             "tonight", "day", "days", "night", "morning", "evening", "afternoon", "week",
             "weeks", "weekend", "month", "months", "year", "years", "ago", "recently",
             "reportedly", "allegedly", "apparently", "quickly", "immediately", "subsequently",
             "meanwhile", "previously", "eventually", "finally", "promptly",
             "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
             "january", "february", "march", "april", "june", "july", "august", "september",
             "october", "november", "december"}


def _name_word(w: str) -> bool:
    low = w.lower().rstrip(".’'")
    return low not in _NOT_NAME and not (low.endswith("ly") and w.islower() and len(low) > 4) \
        and not low.isdigit()


_KNOWN_AS = re.compile(r"^\s*(?:(?:the|an?)\s+)?(?:[\w-]+\s+){0,4}?(?:known\s+as|called|dubbed|"
                       r"named)\s+", re.I)


# "terrorists of the so-called Islamic State": the name is after the generic words
_MEMBERS_OF = re.compile(r"^\s*[“\"‘']?(?:the\s+)?(?:terrorists|militants|fighters|members|"
                         r"gunmen|jihadists|insurgents|elements|remnants)\s+(?:of|from)\s+"
                         r"(?:the\s+)?(?:so-called\s+)?", re.I)


def _np_after(text: str) -> str | None:
    words: list[str] = []
    known = _KNOWN_AS.match(text) or _MEMBERS_OF.match(text)
    if known:  # "a radical unit known as the Black Bloc": the name
        text = text[known.end():]
    for w in _WORDS.findall(_QUOTES.sub("", text[:120])):
        if not _WORDISH.match(w) or w.lower() in _NP_STOP or len(words) >= 6 or \
                not _name_word(w):
            break
        words.append(w)
    return _clean_np(" ".join(words))


def _np_before(text: str) -> str | None:
    words: list[str] = []
    seen: list[str] = _WORDS.findall(_QUOTES.sub("", text[-120:]))
    for w in reversed(seen):
        if not _WORDISH.match(w) or w.lower() in _NP_STOP or len(words) >= 6:
            break
        if not _name_word(w):
            if words:
                break
            continue  # an adverb between the subject and its verb: "the group later stormed"
        words.append(w)
    return _clean_np(" ".join(reversed(words)))


# a definite generic noun refers back to a group named earlier; it is not a name
_REFERENCE_NP = re.compile(r"^(?:the|this|that|these|those|its|their)\s+(?:same\s+)?(?:group|"
                           r"groups|militia|militias|organi[sz]ation|movement|faction|network|"
                           r"cell|outfit|men|man|attackers?|assailants?|suspects?|gunmen)$", re.I)


def _clean_np(np_: str) -> str | None:
    words = np_.split()
    while words and not _name_word(words[0]):
        words.pop(0)
    while words and not _name_word(words[-1]):
        words.pop()
    np_ = " ".join(words)
    if _REFERENCE_NP.match(np_.strip()) or _NO_ONE_AT.match(np_):
        return None  # a reference back, or nobody ("no group has claimed the attack")
    np_ = _DET.sub("", np_.strip()).rstrip(".’'")
    np_ = _BODY_PART.sub("", np_)
    if not np_:
        return None
    words = np_.split()
    if any(w[:1].isupper() for w in words) or any(w.lower() in _GROUP for w in words):
        if words[0].lower() in ("it", "they", "he", "she", "we", "i", "who"):
            return None
        return np_
    return None


_LEAD_ADVERBIAL = re.compile(r"^(?:(?:On|In|At|During|Late|Early|Last|Earlier|Later|Hours|Days|"
                             r"Separately|Meanwhile|However)\b[^,]{0,40},\s*)+")


_SUBJECT_END = re.compile(r",|\band\b|\balong with\b|\b(?:said|says|denied|stated|parroted|"
                          r"issued)\b")


def _subject(text: str) -> str | None:
    text = _LEAD_ADVERBIAL.sub("", text)  # "On Tuesday, the group said": the group
    head = _SUBJECT_END.split(text, maxsplit=1)[0]
    return _clean_np(" ".join(head.split()[:6]))


#: demonyms of states, whose weapons name them as the attacker ("Russian drones": Russia);
#: not of peoples or movements ("Kurdish", "Palestinian", "Houthi")
_STATE_DEMONYMS = {w: code for w, code in DEMONYMS.items()
                   if w not in ("kurdish", "palestinian", "houthi", "syrians", "scottish",
                                "welsh", "shia", "sunni")}


@functools.lru_cache(maxsize=None)
def _country_name(code: str) -> str:
    """A country's English name ("RU" -> "Russia"), from the GeoNames record the dataset
    readers use (imported when first asked: the readers are not needed otherwise)."""
    from geoincidents.formats._common import country_record

    record = country_record(code)
    return str(record["name"]) if record else code


ACTOR_PATTERNS: list[tuple[str, re.Pattern, str]] = [
    ("denied", re.compile(r"\b(?:denied|denies|deny|rejected|disowned)\b(?=\s+(?:any\s+)?"
                          r"(?:responsibility|involvement|role|being|carrying|that|it|the|"
                          r"claims?|suggestions?|accusations?|allegations?|charges?))", re.I),
     "before"),
    # "it had no connection to the bombing", "Iran has no part in this operation"
    ("denied", re.compile(r"\b(?:had|has|have)\s+(?:had\s+)?no\s+(?:connection|links?|part|role|"
                          r"involvement|hand)\s+(?:to|with|in)\b", re.I), "before"),
    ("denied", re.compile(r"\b(?:had|has|have|did|was|were)\s+not\s+(?:been\s+)?(?:conducted|"
                          r"carried|launched|behind|fired|attacked|responsible|involved)|\bnot "
                          r"responsible\b|\bhad nothing to do\b", re.I), "subject"),
    ("claimed", re.compile(r"\b(?:claimed|claims|took|has taken|accepted)\s+responsibility\b|"
                           r"\bclaimed\s+(?:the|credit)\b", re.I), "before"),
    ("claimed", re.compile(r"\bclaimed\s+by\s+", re.I), "after"),
    # "the group said it had fired the rockets": a claim (a state's forces: involved)
    # ("... said in a message on its channel that its fighters had targeted ...": the words
    # between the verb and "that" stay inside the clause)
    ("said_did", re.compile(r"\b(?:said|says|announced|stated|confirmed)\s+"
                            r"(?:[^.;:\"“”]{0,80}?\bthat\s+|on\s+\w+\s+)?"
                            r"(?:it|they|its\s+(?:own\s+)?(?:fighters|forces|militants|"
                            r"members|men|units|troops|aircraft|drones|jets|warplanes|"
                            r"air\s+force|artillery|navy)|the\s+group|"
                            r"the\s+movement)\s+(?:had\s+|has\s+|have\s+)?(?:successfully\s+)?"
                            r"(?:carried\s+out|launched|fired|conducted|sent|targeted|attacked|struck|"
                            r"hit|shot\s+down|downed|detonated|staged|bombed|shelled|planted|"
                            r"ambushed|raided|stormed)\b", re.I),
     "before"),
    ("blamed", re.compile(r"\b(?:blamed|blames|accused|accuses|held(?=\s+[^.;]{0,60}?\b"
                          r"(?:responsible|accountable)\b))\s+", re.I), "after"),
    # "the statement attributed the ambush to ..."
    ("blamed", re.compile(r"\battribut(?:ed|es|ing)\s+(?:the\s+|this\s+|that\s+)?"
                          r"(?:[\w-]+\s+){0,2}?(?:attacks?|ambush|bombing|blast|explosion|strikes?|"
                          r"raid|killings?|assault)\s+to\s+", re.I), "after"),
    ("blamed", re.compile(r"\bblame\b[^.;]{0,50}?\bon\s+(?:the\s+(?:shoulders|hands|heads?)\s+"
                          r"of\s+)?", re.I), "after"),
    ("blamed", re.compile(r"\b(?:pin|pinned|pinning|blamed|blame)\s+the\s+(?:\w+\s+)?"
                          r"attacks?\s+on\s+", re.I), "after"),
    ("blamed", re.compile(r"\b(?:(?:may|might|could|must)\s+(?:well\s+|also\s+)?be|is|are|was|were)"
                          r"\s+(?:likely\s+|probably\s+|"
                          r"believed\s+to\s+be\s+|suspected\s+of\s+being\s+)?behind\s+the\b",
                          re.I), "before"),
    ("by", re.compile(r"\b(?:attacks?|strikes?|airstrikes?|raids?|assault|bombing|shelling|"
                      r"operation|ambush)\s+(?:\w+\s+){0,2}?(?:by|conducted by|carried out by)\s+",
                      re.I), "after"),
    ("involved", re.compile(r"\b(?:retaliated|conducted|carried out|launched|protested|stormed|"
                            r"raided)\b", re.I), "before"),
    # "Russian drones", "Israeli air strikes": weapons that name their state as the attacker
    # (not aircraft, jets or helicopters: "Polish aircraft were scrambled", "where French
    # aircraft are stationed")
    ("involved", re.compile(rf"\b(?:{'|'.join(sorted(_STATE_DEMONYMS, key=len, reverse=True))})"
                            r"\s+(?:military\s+|army\s+|navy\s+|naval\s+)?(?:[\w-]+\s+)?"
                            r"(?:drones?|missiles?|warplanes?|artillery|bombers?|air\s*strikes?|"
                            r"strikes?|shelling)\b", re.I), "demonym"),
]


#: ACTOR_PATTERNS for the folded text (faster; the same spans)
_ACTOR_LOW = [folded(rx) for _, rx, _ in ACTOR_PATTERNS]
#: for each of ACTOR_PATTERNS (in the same order), sets of literals: every match holds one
#: literal of each set (lowercase)
_ACTOR_KEYS = [tuple(literals(keys) for keys in needs) for needs in (
    [("deni", "deny", "reject", "disown")],
    [("had", "has", "have"), ("no connection", "no link", "no part", "no role", "no involvement",
                              "no hand")],
    [("not", "nothing to do"), ("conducted", "carried", "launched", "behind", "fired",
                                "attacked", "responsib", "involved", "nothing to do")],
    [("responsib", "claimed")],
    [("claimed",)],
    [("said", "says", "announced", "stated", "confirmed"),
     ("carried out", "launched", "fired", "conducted", "sent", "targeted", "attacked", "struck",
      "hit", "shot down", "downed", "detonated", "staged", "bombed", "shelled", "planted",
      "ambushed", "raided", "stormed")],
    [("blame", "accuse", "held")],
    [("attribut",), ("to",)],
    [("blame",)],
    [("attack",), ("pin", "blame")],
    [("behind",)],
    [("by",), ("attack", "strike", "raid", "assault", "bombing", "shelling", "operation",
               "ambush")],
    [("retaliated", "conducted", "carried out", "launched", "protested", "stormed", "raided")],
    [tuple(_STATE_DEMONYMS), ("drone", "missile", "warplane", "artillery", "bomber", "strike",
                              "shelling")])]
assert len(_ACTOR_KEYS) == len(ACTOR_PATTERNS)


def actors(text: str, etype: str | None, low: str | None = None,
           found: set[str] | None = None) -> list[tuple[str, str]]:
    """(name, stance) of each actor ``text`` names; ``found``: `keywords` of ``low``."""
    if low is None:
        low = fold(text)
    if found is None:
        found = keywords(low)
    out: list[tuple[str, str]] = []
    for (stance, rx, where), needs, low_rx in zip(ACTOR_PATTERNS, _ACTOR_KEYS, _ACTOR_LOW):
        if any(keys.isdisjoint(found) for keys in needs):
            continue  # the pattern needs one word of each of these sets
        # (spans alone are read: the folded text serves; the demonym pattern is tried only
        # where a demonym is, not at every word as sre would try its long alternation)
        for m in (finditer_at(low_rx, low, tuple(needs[0].intersection(found)))
                  if where == "demonym" else low_rx.finditer(low)):
            if where == "after":
                name = _np_after(text[m.end():])
            elif where == "before":
                before = text[:m.start()]
                # "X, an armed faction aligned with Tehran, said": X, not Tehran
                name = None if before.rstrip().endswith(",") else _np_before(before)
                if name is None and stance in ("denied", "claimed", "said_did"):
                    name = _subject(text)
            elif where == "demonym":
                word = low[m.start():m.end()].split()[0]
                name = _country_name(_STATE_DEMONYMS[word])
            else:
                name = _subject(text)
            if not name:
                continue
            if stance == "by":
                stance_ = "blamed" if etype in (None, "rocket_attack", "ied", "other") else \
                    "involved"
            elif stance == "said_did":
                stance_ = "involved" if etype in ("airstrike", "raid") else "claimed"
            else:
                stance_ = stance
            if stance_ == "involved" and (etype is None or (name.islower() and " " not in name)):
                continue  # no event, or no one named ("its fighters carried out ..."): nobody
            if stance_ == "blamed" and stance == "blamed" and rx.pattern.startswith(r"\b(?:blamed|") \
                    and _FOR_ATTACK.match(text[m.end():]):
                continue
            key = name.lower()
            if not any(key == a.lower() for a, _ in out):
                out.append((name, stance_))
    return out


# "the house was badly damaged": up to 40 characters of these before the verb phrase
_DAMAGED_LEAD = r"[\w\s’'“”\"-]"
_DAMAGED_PHRASE = (r"\b(?:was|were)\s+(?:also\s+|badly\s+|heavily\s+|partly\s+|partially\s+|"
                   r"completely\s+)?(?:damaged|destroyed|gutted|burned|burnt|set ablaze|hit|"
                   r"levelled|razed)\b(?!\s+by)")
_DAMAGE = [re.compile(p, re.I) for p in (
    r"\b(?:minor|some|heavy|extensive|light|significant|serious|material|slight|severe)?\s*"
    r"damage\s+(?:to|at|was caused to)\s+[^.;,]{3,60}",
    rf"\b{_DAMAGED_LEAD}{{0,40}}?{_DAMAGED_PHRASE}",
    r"\b(?:damaging|destroying|gutting)\s+[^.;,]{3,60}")]


#: for each of _DAMAGE, literals one of which every match holds (the second pattern also
#: needs "was" or "were")
_DAMAGE_KEYS = [literals(keys) for keys in (
    ("damage",),
    ("damaged", "destroyed", "gutted", "burned", "burnt", "set ablaze", "hit", "levelled",
     "razed"),
    ("damaging", "destroying", "gutting"))]
_WAS_WERE = literals(("was", "were"))
_DAMAGE_LOW = [folded(rx) for rx in _DAMAGE]  # for the folded text: the same spans


def damage(text: str, found: set[str] | None = None, low: str | None = None) -> list[str]:
    """Damage phrases of ``text``; ``low`` is ``fold(text)`` and ``found`` its `keywords`
    when the caller has them."""
    if low is None:
        low = fold(text)
    if found is None:
        found = keywords(low)
    out = []
    for i, (low_rx, keys) in enumerate(zip(_DAMAGE_LOW, _DAMAGE_KEYS)):
        if keys.isdisjoint(found) or (i == 1 and _WAS_WERE.isdisjoint(found)):
            continue  # the words the pattern needs are not there
        for m in (_passive_damage(low) if i == 1 else low_rx.finditer(low)):
            phrase = _SPACES.sub(" ", text[m.start():m.end()].strip(" ,"))
            phrase = _LEAD_CONJ.sub("", phrase)
            if _PEOPLE.search(phrase):
                continue
            phrase = _CLAUSE.split(phrase)[-1]
            if phrase and phrase not in out:
                out.append(phrase)
    return out


_DAMAGED = re.compile(_DAMAGED_PHRASE, re.I)
_DAMAGED_LOW = folded(_DAMAGED)
_DAMAGED_LEAD_RUN = re.compile(f"{_DAMAGED_LEAD}*")


def _passive_damage(low: str) -> list[re.Match]:
    """``list(_DAMAGE_LOW[1].finditer(low))``, found from the verb phrase back.

    sre would try the pattern's lazy lead at every word boundary, up to 40 characters
    each. A match ends with the first verb phrase ("was damaged") after where it starts,
    and starts at the first word boundary among the lead characters just before it (no
    earlier: another lead character would be needed, or another verb phrase). So the
    phrase is searched for first, the lead run before it measured on the reversed text,
    and the whole pattern searched from there, where it matches at once.
    """
    out: list[re.Match] = []
    pos = 0  # matches do not overlap: the next starts at or after the last one's end
    while True:
        verb = _DAMAGED_LOW.search(low, pos)
        if verb is None:
            return out
        at = verb.start()
        lead = _DAMAGED_LEAD_RUN.match(low[max(pos, at - 40):at][::-1])
        m = _DAMAGE_LOW[1].search(low, at - (lead.end() if lead else 0))
        if m is None:  # cannot happen (the phrase alone matches); stay exact all the same
            return out + list(_DAMAGE_LOW[1].finditer(low, pos))
        out.append(m)
        pos = m.end()


# -- one sentence, read -------------------------------------------------------------------------

@dataclass(eq=False, init=False)  # identity: an incident holds the very sentences it was told in
class SentenceFacts:
    index: int
    start: int
    end: int
    text: str
    para: int
    etype: str | None
    date: DateMention | None
    mentions: list[Mention]
    counts: dict[str, int]
    casualties: Casualties
    actors: list[tuple[str, str]]
    damage: list[str]
    weapons: list[str]
    generic: bool
    hedged: bool
    plural_ref: bool
    past_perfect: bool
    launch_text: str | None
    headline: bool = False
    #: the sentence names its event only as one already told ("nothing to do with the
    #: shelling"): it adds to an incident, it never starts one
    refers_back: bool = False
    #: the sentence's date is the day something was said about an event
    date_reported: bool = False
    #: ``fold(text)``, for the case-sensitive forms of patterns (see `text.folded`)
    low: str = ""
    #: `generic_plural`, once asked (None: not yet)
    _plural_memo: bool | None = field(init=False, repr=False)

    # written out (init=False above): mypyc compiles this one, while the __init__ that
    # dataclasses generates runs as Python code (mypyc issue #817), with its keywords
    def __init__(self, index: int, start: int, end: int, text: str, para: int,
                 etype: str | None, date: DateMention | None, mentions: list[Mention],
                 counts: dict[str, int], casualties: Casualties,
                 actors: list[tuple[str, str]], damage: list[str], weapons: list[str],
                 generic: bool, hedged: bool, plural_ref: bool, past_perfect: bool,
                 launch_text: str | None, headline: bool = False, refers_back: bool = False,
                 date_reported: bool = False, low: str = "") -> None:
        self.index, self.start, self.end, self.text, self.para = index, start, end, text, para
        self.etype, self.date, self.mentions, self.counts = etype, date, mentions, counts
        self.casualties, self.actors, self.damage = casualties, actors, damage
        self.weapons, self.generic, self.hedged = weapons, generic, hedged
        self.plural_ref, self.past_perfect, self.launch_text = plural_ref, past_perfect, \
            launch_text
        self.headline, self.refers_back, self.date_reported = headline, refers_back, \
            date_reported
        self.low = low
        self._plural_memo = None

    @property
    def generic_plural(self) -> bool:
        """Whether the sentence speaks of events in general (see `_generic_plural`).

        Remembered in a field of its own: ``functools.cached_property`` gave each
        sentence an attribute dict and ran Python code (with a lock) at each first read.
        """
        if self._plural_memo is None:
            self._plural_memo = _generic_plural(self)
        return self._plural_memo

    @property
    def contributes(self) -> bool:
        c = self.casualties
        return bool(self.counts or c.killed is not None or c.injured is not None or self.actors
                    or self.damage or self.launch_text or
                    any(m.role == "launch" for m in self.mentions))


_LAUNCHED_BY = re.compile(r"\b(?:launched|fired)\s+(?:by|from)\s+(?P<what>(?:an?|the)\s+"
                          r"(?:[\w-]+\s+){0,2}?(?:vehicle|truck|car|pickup|van|boat|orchard|farm|"
                          r"field|house|rooftop|roof|building|launcher|platform)s?)\b", re.I)


_REPORT_VERB = (r"(?:said|says|announced|reported|stated|added|confirmed|claimed|denied|"
                r"tweeted|wrote|told\s+(?:\w+\s+){0,2}?\w+)")
# (the verb's own prepositional phrase may come first: "said through its news agency on
# Tuesday", "said in a message on Sunday"; a clause may not: "said the attack began on")
_REPORTED_BEFORE = re.compile(rf"\b(?:{_REPORT_VERB}\s+(?:(?:through|in|via|to|at)\s+"
                              r"[^.;,\"“”]{0,40}?\s+)?|"
                              r"statement\b(?:[^.;,]{0,40}?\s+)?)"
                              r"(?:late\s+|early\s+)?(?:on\s+)?$", re.I)
_OPENING = re.compile(r"\s*(?:(?:late|early)\s+)?(?:on\s+)?", re.I)
_REPORTED_AFTER = re.compile(rf"^\s*,?\s*(?:[\w'’.-]+\s+){{1,4}}?{_REPORT_VERB}\b", re.I)


_REPORTED_BEFORE_LOW = folded(_REPORTED_BEFORE)


def _reporting_date(text: str, d: DateMention, low: str) -> bool:
    """The day something was said, not the day it happened: "said on Tuesday", "On
    Tuesday, the ministry said". ``low`` is ``fold(text)``."""
    # (a date after the event's words, then ", the military said", is the event's)
    return bool(_REPORTED_BEFORE_LOW.search(low[max(0, d.start - 60):d.start]) or
                (_OPENING.fullmatch(text[:d.start]) and _REPORTED_AFTER.match(text[d.end:d.end + 60])))


# an event named as one already told: "responsibility for the attack", "word of the ambush
# spread", "no group had claimed the bombing", "claimed responsibility for Thursday's raid"
_BACK_REF = re.compile(r"\b(?:with|for|behind|over|about|after|to|from|of|claimed|condemned|"
                       r"denounced)\s+(?:(?:the|that|this|these|those|its|their)\s+|"
                       r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
                       r"yesterday|today|tonight)['’]s\s+)(?:[\w-]+\s+)?(?:attacks?|strikes?|"
                       r"shelling|bombings?|blasts?|explosions?|raids?|assault|incidents?|"
                       r"barrage|ambush(?:es)?)\b", re.I)
_BACK_REF_GATE = Gate(("attack", "strike", "shelling", "bombing", "blast", "explosion", "raid",
                       "assault", "incident", "barrage", "ambush"))  # one of its nouns


# cheap gates before the costly patterns
_MAY_HURT = re.compile(r"kill|dead|died|injur|wound|hurt|harm|casualt|hospital|slain|death|"
                       r"fatalit|lives|maim", re.I)
_MAY_ACT = re.compile(r"deni|deny|reject|disown|claim|responsib|blam|accus|held|behind|\bby\b|"
                      r"\bnot\b|nothing to do|retaliat|conduct|carried|launched|protest|storm|"
                      r"raided|\bpin|said|says|announced|stated|confirmed|attribut|"
                      r"\bno (?:connection|links?|part|role|involvement|hand)\b", re.I)
_MAY_COUNT = re.compile(r"rocket|missile|mortar|shell|projectile|katyusha|drone|grenade|IED|"
                        r"explosive|bomb|round|\bthe (?:other|remaining) |\ball \w+\b", re.I)
_MAY_DAMAGE = re.compile(r"damag|destroy|gutt|burn|ablaze|\bhit\b|levell|razed", re.I)
# the same gates as substring tests on the folded sentence (the pattern confirms where the
# literal is only part of it)
_HURT_GATE = Gate(("kill", "dead", "died", "injur", "wound", "hurt", "harm", "casualt",
                   "hospital", "slain", "death", "fatalit", "lives", "maim"))
_ACT_GATE = Gate(("deni", "deny", "reject", "disown", "claim", "responsib", "blam", "accus",
                  "held", "behind", "by", "not", "nothing to do", "retaliat", "conduct",
                  "carried", "launched", "protest", "storm", "raided", "pin", "said", "says",
                  "announced", "stated", "confirmed", "attribut", "no connection", "no link",
                  "no part", "no role", "no involvement", "no hand"), _MAY_ACT)
_COUNT_SURE = ("rocket", "missile", "mortar", "shell", "projectile", "katyusha", "drone",
               "grenade", "ied", "explosive", "bomb", "round")
_COUNT_GATE = Gate(("the other ", "the remaining ", "all "), _MAY_COUNT, sure=_COUNT_SURE,
                   prefix=True)
_DAMAGE_GATE = Gate(("hit",), _MAY_DAMAGE,
                    sure=("damag", "destroy", "gutt", "burn", "ablaze", "levell", "razed"),
                    prefix=True)
_LAUNCHED_BY_GATE = Gate(("launched", "fired"), None)
# munitions a sentence may count without naming an event ("two of the shells failed to
# explode"): the munition words of the triggers make an event already
_BARE_MUNITION = Gate(("shell", "rounds", "grenade", "explosive", "bomb"),
                      re.compile(r"\b(?:shells?|rounds|grenades?|explosives?|bombs?)\b", re.I),
                      prefix=True)


_OTHERS = literals(("the other ", "the remaining "))

_TERMINAL = (".", "!", "?", "\"", "”", "’", "'", ")", ":")


def headlines(sentences) -> set[int]:
    """Indices of the title lines: short lines with no final punctuation before the first
    sentence of prose ("Rocket hits base; second attack foiled")."""
    out: set[int] = set()
    for i, sent in enumerate(sentences):
        text = sent.text.rstrip()
        if text.endswith(_TERMINAL) or len(text.split()) > 25:
            break
        out.add(i)
    return out


_BACK_REF_LOW = folded(_BACK_REF)
# every match of _BACK_REF starts with one of these (looked for only there: `search_at`)
_BACK_REF_FIRSTS = ("with", "for", "behind", "over", "about", "after", "to", "from", "of",
                    "claimed", "condemned", "denounced")


def read_sentence(index: int, sent: Sentence, mentions: list[Mention],
                  published: dt.date | None, anchor: dt.date | None,
                  headline: bool = False) -> SentenceFacts:
    """What one sentence tells (see `SentenceFacts`).

    A headline, and a sentence about events in general that refers to none told
    (`group_incidents` skips both), get their type, date and flags but no facts: counts,
    casualties, actors, damage and weapons are read only where an incident may use them.
    Likewise a sentence that names no event (and is neither general nor a reference to
    several) gets a date only when it carries facts, which may date the incident they go to.
    """
    text = sent.text
    low = fold(text)
    # every keyword of every gate, in one pass: costly patterns run only where they may match
    found = keywords(low)
    etype = event_type(text, low, found)
    generic = bool(_GENERIC_GATE.search_in(text, found, low) or
                   _WAR_BEGAN_GATE.search_in(text, found, low))
    plural_ref = bool(_PLURAL_GATE.search_in(text, found, low))
    # a sentence with no event of its own gives a date only to an incident its facts go
    # into (`Incident.absorb`): its date is read below once it is known to have some
    # (about half of a news article's sentences, most of them without)
    dated_now = bool(etype) or generic or plural_ref
    date, reported = _sentence_date(text, low, found, published, anchor) if dated_now else \
        (None, False)
    if generic and date is not None and date.precision == 1 and not reported:
        generic = False  # "... on Sunday afternoon, the heaviest since last October": one event
    past_perfect = bool(_PAST_PERFECT_GATE.search_in(text, found, low))
    back = False
    if etype and not headline and _BACK_REF_GATE.may_in(found):
        ref = search_at(_BACK_REF_LOW, low, _BACK_REF_FIRSTS)
        # the event word is only in the back-reference: the rest names no event
        back = ref is not None and event_type(text[:ref.start()] + text[ref.end():]) is None
    if headline or (generic and not plural_ref):
        return SentenceFacts(index, sent.start, sent.end, text, sent.para, etype, date, mentions,
                             {}, Casualties(), [], [], [], generic, False, plural_ref,
                             past_perfect, None, headline, refers_back=back,
                             date_reported=reported, low=low)
    lb = _LAUNCHED_BY.search(text) if etype and _LAUNCHED_BY_GATE.may_in(found) else None
    counts: dict[str, int] = {}
    if _COUNT_GATE.search_in(text, found, low):
        if etype or _BARE_MUNITION.search_in(text, found, low):
            counts = munition_counts(text, low, found)
        elif not _OTHERS.isdisjoint(found):
            # "the other three were shot down": the munitions of the sentence before, and
            # only verbs that are said of munitions alone
            counts = {role: n for role, n in munition_counts(text, low, found).items()
                      if role in ("n_intercepted", "n_misfired")}
    facts = SentenceFacts(
        index, sent.start, sent.end, text, sent.para, etype, date, mentions, counts,
        casualties(text, low, found) if _HURT_GATE.may_in(found) else Casualties(),
        # _ACT_GATE's pattern admits whatever an actor pattern matches: its words suffice
        actors(text, etype, low, found) if _ACT_GATE.may_in(found) else [],
        damage(text, found, low) if _DAMAGE_GATE.search_in(text, found, low) else [],
        weapons(text, found, low) if etype else [],
        generic, bool(_HEDGE_GATE.search_in(text, found, low)), plural_ref, past_perfect,
        lb.group("what") if lb else None, headline, refers_back=back, date_reported=reported,
        low=low)
    if not dated_now and facts.contributes:
        facts.date, facts.date_reported = _sentence_date(text, low, found, published, anchor)
    return facts


def _sentence_date(text: str, low: str, found: set[str], published: dt.date | None,
                   anchor: dt.date | None) -> tuple[DateMention | None, bool]:
    """The date a sentence gives its event, and whether it is the day something was said
    ("the group said in a statement on Thursday that ..."), which dates no new event."""
    dates = [d for d in find_dates(text, published, anchor, found=found) if not d.since]
    # the days things were said: "X said on Tuesday that it struck Y on Sunday" is Sunday's
    told = [d for d in dates if _reporting_date(text, d, low)]
    said_on = next((d.date for d in told if d.date is not None), None)
    if said_on is not None and any(d.relative_to_anchor and d.date is None for d in dates):
        # "seized the bombs the day before, a spokesman said on Wednesday": the day before
        # the day it was said (no event told before gives the words a day to count from)
        dates = [d for d in find_dates(text, published, said_on, found=found) if not d.since]
        told = [d for d in dates if _reporting_date(text, d, low)]
    if 0 < len(told) < len(dates):
        dates = [d for d in dates if d not in told]
    date = dates[0] if dates else None
    return date, date is not None and date in told


# -- incidents ------------------------------------------------------------------------------------

@dataclass(eq=False, init=False)  # identity: two incidents with the same facts are still two
class Incident:
    etype: str | None
    date: DateMention | None
    sentences: list[SentenceFacts] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    casualties: Casualties = field(default_factory=Casualties)
    actors: list[tuple[str, str]] = field(default_factory=list)
    damage: list[str] = field(default_factory=list)
    weapons: list[str] = field(default_factory=list)
    launch_text: str | None = None
    background_hint: bool = False
    date_inherited: bool = False
    #: a date known only relative to another event ("a day after the attack on X"); used
    #: when no sentence gives this event a date of its own
    date_hint: DateMention | None = None

    #: `site` remembered for this many mentions (-1: not yet)
    _site_key: int = field(init=False, repr=False)
    _site: Place | None = field(init=False, repr=False)

    # written out, compiled by mypyc (see `SentenceFacts.__init__`)
    def __init__(self, etype: str | None, date: DateMention | None,
                 sentences: list[SentenceFacts] | None = None,
                 mentions: list[Mention] | None = None, counts: dict[str, int] | None = None,
                 casualties: Casualties | None = None,
                 actors: list[tuple[str, str]] | None = None, damage: list[str] | None = None,
                 weapons: list[str] | None = None, launch_text: str | None = None,
                 background_hint: bool = False, date_inherited: bool = False,
                 date_hint: DateMention | None = None) -> None:
        self.etype, self.date = etype, date
        self.sentences = [] if sentences is None else sentences
        self.mentions = [] if mentions is None else mentions
        self.counts = {} if counts is None else counts
        self.casualties = Casualties() if casualties is None else casualties
        self.actors = [] if actors is None else actors
        self.damage = [] if damage is None else damage
        self.weapons = [] if weapons is None else weapons
        self.launch_text, self.background_hint = launch_text, background_hint
        self.date_inherited, self.date_hint = date_inherited, date_hint
        self._site_key, self._site = -1, None

    def site(self) -> Place | None:
        key = len(self.mentions)
        if self._site_key != key:
            self._site_key, self._site = key, principal_place(self.mentions)
        return self._site

    def absorb(self, f: SentenceFacts, mentions: list[Mention], *, facts: bool = True,
               dated: bool = True) -> None:
        if f not in self.sentences:
            self.sentences.append(f)
        held = {id(m) for m in self.mentions}  # the same mention objects, not equal ones
        self.mentions += [m for m in mentions if id(m) not in held]
        if f.etype and (self.etype is None or PRIORITY[f.etype] < PRIORITY[self.etype]):
            if not (self.etype in ("drone_strike", "airstrike", "raid", "protest", "ied")
                    and f.etype in ("thwarted", "rocket_attack")):
                self.etype = f.etype
        if dated and f.date is not None and (self.date is None or (self.date.date is None and
                                                         f.date.date is not None)):
            self.date = f.date
        if not facts:
            return
        for role, n in f.counts.items():
            self.counts[role] = max(self.counts.get(role, 0), n)
        c = f.casualties
        for kind in ("killed", "injured"):
            hurt = c.get(kind)
            if hurt is not None:
                notes = [x for x in c.notes if kind in x or x.startswith("no ")]
                self.casualties.add(kind, hurt, "; ".join(notes) or kind)
        for a in f.actors:
            if not any(a[0].lower() == b[0].lower() for b in self.actors):
                self.actors.append(a)
        self.damage += [d for d in f.damage if d not in self.damage]
        self.weapons += [w for w in f.weapons if w not in self.weapons]
        if f.launch_text and not self.launch_text:
            self.launch_text = f.launch_text


ROLE_RANK = {"impact": 0, "location": 1, "target": 2}


def principal_place(mentions: list[Mention]) -> Place | None:
    """The place an incident happened: impact over location over target mentions; among
    equals the most precise (smallest radius); countries only when nothing else."""
    usable = [m for m in mentions if m.role in ROLE_RANK and m.place is not None]
    specific = [m for m in usable if not m.is_country]
    pool = specific or usable
    if not pool:
        return None
    best_rank = min(ROLE_RANK[m.role] for m in pool)
    best = [m for m in pool if ROLE_RANK[m.role] == best_rank]
    return min(best, key=_by_precision).place


def _by_precision(m: Mention) -> tuple[float, int]:
    """Sort key of placed mentions: the smallest radius, then the first."""
    return (m.place.radius_m if m.place is not None else math.inf, m.start)


@functools.lru_cache(maxsize=50_000)
def _distance(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Geodesic metres between two points (memoised: incidents compare the same places)."""
    return float(distance_m(lon1, lat1, lon2, lat2))


@functools.lru_cache(maxsize=50_000)
def same_site(a: Place, b: Place) -> bool:
    if a.place_id == b.place_id:
        return True
    if a.kind == "country" or b.kind == "country":
        return a.country == b.country
    d = _distance(a.lon, a.lat, b.lon, b.lat)
    return d <= max(a.radius_m, b.radius_m, 3_000.0)


def compatible_type(a: str | None, b: str | None) -> bool:
    return event_types.groups_with(a, b)


def compatible_date(a: DateMention | None, b: DateMention | None) -> bool:
    if a is None or b is None:
        return True
    if a.date is None or b.date is None:
        # unresolved ("Wednesday" with no publication date): only the same words, or a
        # date counted from the narrative's, may be the same day
        if a.date is None and b.date is None:
            return a.text.lower() == b.text.lower() or a.relative_to_anchor or \
                b.relative_to_anchor
        return False
    if max(a.precision, b.precision) >= 3:
        return (a.date.year, a.date.month) == (b.date.year, b.date.month)
    tolerance = 0 if max(a.precision, b.precision) == 1 else 7
    return abs((a.date - b.date).days) <= tolerance


def _clusters(mentions: list[Mention]) -> list[list[Mention]]:
    """Group a sentence's site mentions (impact, location, target) by place.

    "The base was struck when missiles hit Ain al-Asad": a back-reference ("the base")
    gives way to a place of its kind named in the same sentence.
    """
    site = [m for m in mentions if m.role in ROLE_RANK and m.place is not None]
    named_kinds = {m.place.kind for m in site if m.place is not None and m.source != "anaphor"}
    site = [m for m in site if m.source != "anaphor" or
            (m.place is not None and m.place.kind not in named_kinds)]
    specific = [m for m in site if not m.is_country]
    pool = specific or site
    groups: list[list[Mention]] = []
    for m in pool:
        for g in groups:
            if same_site(g[0].place, m.place):
                g.append(m)
                break
        else:
            groups.append([m])
    return groups


_PLURAL_EVENT = re.compile(r"\b(?:attacks|strikes|incidents|rockets|missiles|bombings)\b", re.I)
_SINGULAR_EVENT = re.compile(r"\b(?:attack|strike|incident|rocket|missile|bombing|raid|blast|"
                             r"explosion|fire|barrage|volley|salvo)\b(?!\s+[a-z]+s\b)|"
                             r"\b(?:carried out|conducted|launched|struck|fired|raided|targeted|hit|slammed|landed|"
                             r"exploded|attacked|killed|killing|injuring|wounding)\b", re.I)


_PLURAL_EVENT_LOW = folded(_PLURAL_EVENT)
_SINGULAR_EVENT_LOW = folded(_SINGULAR_EVENT)
# every match of each starts with one of these (looked for only there: `search_at`)
_PLURAL_EVENT_FIRSTS = ("attacks", "strikes", "incidents", "rockets", "missiles", "bombings")
_SINGULAR_EVENT_FIRSTS = ("attack", "strike", "incident", "rocket", "missile", "bombing", "raid",
                          "blast", "explosion", "fire", "barrage", "volley", "salvo",
                          "carried out", "conducted", "launched", "struck", "targeted", "hit",
                          "slammed", "landed", "exploded", "killed", "killing", "injuring",
                          "wounding")
_NUMBER_BEFORE_LOW = folded(_NUMBER_BEFORE)


def _generic_plural(f: SentenceFacts) -> bool:
    """ "the missile attacks", "Last week's attacks fit the pattern": events in general."""
    if not f.etype or f.counts or f.plural_ref or \
            search_at(_SINGULAR_EVENT_LOW, f.low, _SINGULAR_EVENT_FIRSTS):
        return False
    plural = search_at(_PLURAL_EVENT_LOW, f.low, _PLURAL_EVENT_FIRSTS)
    return plural is not None and not _NUMBER_BEFORE_LOW.search(f.low[:plural.start()])


def _site_distance(inc: Incident, place: Place | None) -> float | None:
    site = inc.site()
    if site is None or place is None or not same_site(site, place):
        return None
    if site.place_id == place.place_id:
        return 0.0
    if site.kind == "country" or place.kind == "country":
        return 1e7
    return _distance(site.lon, site.lat, place.lon, place.lat)


_DEFINITE = re.compile(r"^(?:[^.]{0,60}?\b)?the\s+(?:\w+\s+)?(?:attacks?|strikes?|rockets?|missiles?|"
                       r"bombing|blast|explosion|drones?|raid|shelling|barrage)\b", re.I)


_ANOTHER = re.compile(r"\b(?:another|a second|a new|also|earlier)\b", re.I)


def _definite(text: str) -> bool:
    """The sentence refers back to an event already told ("The rockets were ...")."""
    return bool(_DEFINITE.match(text)) and not _ANOTHER.search(text)


def same_country(a: Place | None, b: Place | None) -> bool:
    return a is not None and b is not None and a.country == b.country


def group_incidents(facts: list[SentenceFacts]) -> list[Incident]:
    """Merge sentences into incidents (see the module docstring)."""
    incidents: list[Incident] = []
    focus: Incident | None = None
    para_date: tuple[int, DateMention] | None = None
    for f in facts:
        if f.headline:
            continue  # a title repeats the body in fewer words; alone it misleads
        # a date in a sentence with no event (or one only referred back to) is not its date
        own = f.date if f.etype and not f.refers_back else None
        date, inherited = own, False
        if date is None and para_date is not None and para_date[0] == f.para:
            date, inherited = para_date[1], True
        if own is not None and own.date is not None:
            para_date = (f.para, own)
        if f.generic and not f.plural_ref:
            continue
        groups = [g for g in _clusters(f.mentions) if not all(m.is_country for m in g)]
        aimed: list[Mention] = []  # targets that go with the place the event happened
        if len(groups) > 1 and f.etype == "thwarted":
            sited = [g for g in groups if any(m.role in ("impact", "location") for m in g)]
            if sited and len(sited) < len(groups):
                # "rockets found at the port of X, foiling a plan to attack Y": Y was the
                # target of the seizure at X, not an event of its own
                aimed = [m for g in groups if g not in sited for m in g]
                groups = sited
        countries = {m.place.country for m in f.mentions
                     if m.place is not None and m.is_country and m.role in ROLE_RANK}
        # the day something was said ("the army said on Sunday it had struck ..."): the
        # event may be a day or more before it, so it rules out no incident
        any_date = f.date_reported
        launch = [m for m in f.mentions if m.role == "launch"]
        touched: list[Incident] = []
        if f.plural_ref:
            live = [i for i in incidents if not i.background_hint and
                    compatible_date(i.date, date)]
            for inc in live:
                inc.absorb(f, [], facts=not groups)
                if groups:  # "no one was hurt in either attack, but the embassy was hit"
                    for kind in ("killed", "injured"):
                        if f.casualties.get(kind) == 0:
                            inc.casualties.add(kind, 0, "; ".join(f.casualties.notes))
            if not groups:
                if live:
                    focus = live[-1]
                continue
        if not (f.etype or f.contributes):
            groups = []
        subs = []
        for g in groups:
            place = principal_place(g)
            sub = _subordinate(f, g, date)
            gdate = None if sub is not None else date
            best, best_d = None, None
            for inc in reversed(incidents):
                if not (compatible_type(inc.etype, f.etype) and
                        (any_date or compatible_date(inc.date, gdate))):
                    continue
                d = _site_distance(inc, place)
                if d is None and inc.site() is None and f.date is not None and \
                        inc.date is not None and f.date.date is not None and \
                        f.date.date == inc.date.date:
                    d = 5e6  # an undated-place incident the sentence names by its date
                if d is not None and (best_d is None or d < best_d):
                    best, best_d = inc, d
            if best is None and _definite(f.text) and focus is not None and \
                    compatible_type(focus.etype, f.etype) and compatible_date(focus.date, date) \
                    and focus.site() is not None and same_country(focus.site(), place):
                best = focus  # "the attack on Taji", "the rockets were launched from ..."
            if best is None and f.etype and not (f.hedged or (f.refers_back and incidents)) and \
                    not f.generic_plural:
                best = Incident(None, gdate)
                best.date_inherited = inherited and sub is None
                incidents.append(best)
            if best is not None and sub is not None:
                # another event the sentence dates itself by: its place and type only
                best.absorb(f, g, facts=False, dated=False)
                if best.date is None and best.date_hint is None and sub is not False:
                    best.date_hint = sub  # (False: the words date that event no way)
                subs.append(best)
            elif best is not None:
                share = len(groups) == 1
                best.absorb(f, g + (launch if share else []) + aimed, facts=share or not f.counts)
                aimed = []
                touched.append(best)
        if subs and not touched:
            groups = [g for g in groups if _subordinate(f, g, date) is None]
        if groups and not touched:
            groups = []  # e.g. "officials called on Baghdad to act": the facts go to the focus
        if not groups:
            match = None

            def fits(i: Incident) -> bool:  # an incident these facts may belong to
                if not (compatible_type(i.etype, f.etype) and
                        (any_date or compatible_date(i.date, date))):
                    return False
                site = i.site()
                return not countries or site is None or site.country in countries

            wanted = f.contributes or bool(countries and f.etype)
            if date is not None and date.date is not None and (wanted or not inherited):
                same = [i for i in incidents if i.date is not None and i.date.date == date.date
                        and fits(i)]
                if same:
                    match = same[-1]
            if match is None and focus is not None and wanted and not f.generic_plural and \
                    fits(focus):
                match = focus
            if match is None and f.etype and date is not None and \
                    not (f.hedged or (f.refers_back and incidents)) and not inherited and \
                    not f.date_reported and not f.generic_plural:
                match = Incident(None, date)
                incidents.append(match)
                match.mentions += [m for m in f.mentions if m.is_country and m.role in ROLE_RANK]
            if match is not None:
                match.absorb(f, launch)
                touched.append(match)
        if touched:
            focus = touched[-1]
        for inc in touched:
            if inc.etype is None and f.etype:
                inc.etype = f.etype
        _para_past_perfect(f, touched, facts)
    for inc in incidents:
        if inc.date is None and inc.date_hint is not None:
            inc.date = inc.date_hint
    return [i for i in incidents if i.etype is not None]


_SUBORDINATE = re.compile(
    rf"\b(?:(?P<n>{NUMBER})\s+(?P<unit>hours?|days?|nights?|weeks?)\s+)?(?P<dir>after|before|"
    r"following|on the heels of)\s+(?:an?|the|another|its|their)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:attack|strike|assault|bombing|raid|shelling|barrage|incident|explosion|blast|"
    r"airstrike|ambush)s?\s+(?:on|against|at|in|near|targeting|that\s+(?:hit|struck|targeted))"
    r"\s+(?:the\s+)?(?:[\w'’-]+\s+){0,2}?$", re.I)


def _subordinate(f: SentenceFacts, group: list[Mention],
                 date: DateMention | None) -> DateMention | Literal[False] | None:
    """A place named in a clause that dates the sentence's event by another one ("Rockets hit
    X on Sunday, one day after an attack on Y"): Y's event is not on Sunday.

    Returns None when the group is the sentence's own event; else the other event's date as
    far as the words give it (a `DateMention`, or False when they give none).
    """
    if not _MAY_SUBORDINATE.search(f.text, f.low):
        return None
    for m in group:
        found = _SUBORDINATE.search(f.text[:m.start - f.start])
        if found is None:
            continue
        if date is None or date.date is None or found["n"] is None:
            return False
        n = value(found["num"]) or 1
        unit = found["unit"].lower().rstrip("s")
        days = {"hour": 0, "day": n, "night": n, "week": 7 * n}[unit]
        sign = 1 if found["dir"].lower() == "before" else -1
        when = date.date + dt.timedelta(days=sign * days)
        return DateMention(found.start(), found.end(), f"{found.group().strip()} {date.text}",
                           "anchor_n", when, 2 if unit == "week" else date.precision,
                           relative_to_anchor=True)
    return None


_MAY_SUBORDINATE = Gate(("after", "before", "following", "heels"),
                        re.compile(r"\b(?:after|before|following|heels)\b", re.I))


def _para_past_perfect(f: SentenceFacts, touched, facts) -> None:
    """An undated event told in the past perfect, or in a paragraph that the past
    perfect opens, happened before the news: background."""
    for inc in touched:
        if inc.date is None and len(inc.sentences) == 1:
            earlier = [g for g in facts if g.para == f.para and g.index <= f.index]
            if any(g.past_perfect for g in earlier):
                inc.background_hint = True
