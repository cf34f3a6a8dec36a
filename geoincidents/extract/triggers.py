"""What a sentence's words say about its event: type, weapons, and whether it speaks of
one event at all (general, hedged, a reference back to events already told).

Event triggers are `rules/triggers.jsonl` records, weapons `rules/weapons.jsonl` records
and plural event words ("attacks", "strikes") `rules/event_words.jsonl` records; a type's
priority is the order in which its first trigger comes in the file (a sentence with "drone"
and "rocket" is a drone strike).
"""

from __future__ import annotations

import re
from functools import lru_cache

from geoincidents.extract.lexicon import alternation, grouped, records
from geoincidents.extract.numbers import NUMBER

#: (event type, trigger pattern), highest priority first
TRIGGERS: list[tuple[str, re.Pattern]] = [
    (t, re.compile(p, re.I)) for t, p in grouped("triggers", "type").items()]
PRIORITY = {t: i for i, (t, _) in enumerate(TRIGGERS)}
_WEAPONS = [(w, re.compile(p, re.I)) for w, p in grouped("weapons", "weapon").items()]

# sentences that talk about events in general, not about one event
GENERIC = re.compile(
    r"\b(?:have|has) (?:long |repeatedly |often |frequently |again |also |previously |"
    r"recently )?(?:been|attacked|targeted|"
    r"blamed|accused|struck|launched|carried|faced|seen|suffered|condemned|continued|"
    r"persisted|raged|intensified|escalated|come)\b|\bongoing\b|"
    r"\bnot\s+the\s+first\s+time\b|"
    r"\b(?:since|all along|so far this year|times\b|will|would|could|might|possible|possibly|"
    # ("the Ministry of Planning" is a name: no plan)
    r"planned|(?-i:planning|(?<!of\s)Planning)|threat(?:en)?s?\b|if\b|whether|likely to|tend to|usually|often|"
    # ("every one of them was shot down" counts the munitions of one event)
    r"frequently|every(?!\s+one\s+of\s+(?:them|these|those|the)\b)|anniversary|impediment|"
    r"increasingly)\b|"
    # "launching mortars at the airport almost weekly": a habit, no one event
    r"\b(?:almost|nearly|virtually|near)[-\s]+(?:daily|weekly|nightly|monthly)\b|"
    # "came under fire on two consecutive days": several events, told one by one after
    r"\bon\s+(?:two|three|four|several|successive|consecutive)\s+(?:consecutive\s+|"
    r"successive\s+|separate\s+|different\s+)?(?:days|nights|occasions)\b", re.I)
# a tally of many events ("carried out more than 2,000 strikes on the region last year",
# "dozens of attacks", "over 400 mortar and rocket attacks"): a count of events, not one
# (the ``tally`` plural event words of `rules/event_words.jsonl`)
TALLY = re.compile(r"\b(?:(?:more than|over|at least|nearly|almost|upwards of|some|about|"
                   r"around)\s+(?:\d{3,}|\d{1,3}(?:,\d{3})+)|(?:dozens|hundreds|thousands|"
                   r"scores)\s+of)\s+(?:[\w-]+\s+){0,2}?(?:(?:and|or)\s+[\w-]+\s+)?"
                   rf"{alternation('event_words', 'plural', tally=True)}\b", re.I)
# "There were 19 bombings in the province in June": a count of events (a day of their own
# makes them one event again: `facts.read_sentence`; the ``count`` plural event words)
_COUNTED = re.compile(rf"\bthere\s+(?:were|have\s+been|had\s+been)\s+{NUMBER}\s+"
                      r"(?:[\w-]+\s+){0,2}?"
                      rf"{alternation('event_words', 'plural', count=True)}\b", re.I)
# a span of months or years ("killed in attacks in the first nine months of the year",
# "over the past two years"): events counted over it, not one
_PERIOD = re.compile(r"\b(?:in|during|over|across|throughout)\s+the\s+(?:first|past|last|"
                     r"previous|preceding)\s+(?:[\w-]+\s+)?(?:months?|years?|decades?|half|"
                     r"quarter)\b", re.I)
# "the war, which broke out in April last year, has killed tens of thousands": no one event
WAR_BEGAN = re.compile(r"\b(?:war|conflict|insurgency|uprising)\b[^.;]{0,60}?\b(?:broke out|"
                       r"began|erupted|started)\b", re.I)
# "The protests began a week ago over a tax plan": when a campaign started, no one event
CAMPAIGN_BEGAN = re.compile(
    r"\bthe\s+(?:[\w-]+\s+)?(?:protests|demonstrations|unrest|movement|campaign|strikes|"
    r"fighting|clashes|violence|offensive)\b[^.;]{0,30}?\b(?:began|started|erupted|broke out)"
    r"\b[^.;]{0,25}?\b(?:ago|last|earlier|in\s+(?:January|February|March|April|May|June|July|"
    r"August|September|October|November|December|\d{4}))\b", re.I)
HEDGE_NEW = re.compile(r"\b(?:possible|potential|planned|would|could|will|(?-i:may)|might|"
                       r"threatened|intelligence about|warn\w*|paid to|plott?\w*|intend\w*|"
                       r"preparing to|planning to|set to|meant to|supposed to|(?:was|were) to be|"
                       r"fearing|further\s+(?:attacks|raids|strikes|bombings|violence))\b",
                       re.I)
PLURAL_REF = re.compile(r"\b(?:either|both|neither) (?:attack|incident|strike|bombing|blast|"
                        r"explosion)s?\b|"
                        r"\bthe (?:latest|recent|two|weekend|overnight) (?:attacks|incidents|"
                        r"strikes)\b|\bin both\b", re.I)
PAST_PERFECT = re.compile(r"\bhad (?:been |previously |already )?\w+(?:ed|en|wn|ught|nt)\b",
                          re.I)
# an event named as one already told: "responsibility for the attack", "word of the ambush
# spread", "no group had claimed the bombing", "claimed responsibility for Thursday's raid"
# (an event named by its day, "pinned Wednesday's attack on", is one told before,
# whatever word comes first)
BACK_REF = re.compile(r"\b(?:(?:with|for|behind|over|about|after|to|from|of|into|claimed|"
                      r"condemned|denounced|connection\s+with)\s+"
                      r"(?:the|that|this|these|those|its|their|either|both|neither)\s+|"
                      r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
                      # ("Tuesday's Port Sudan attack": a place's name may come between)
                      r"yesterday|today|tonight|last\s+night)['’]s\s+(?:[\w-]+\s+)?|"
                      # "sentenced three men for a 2019 bombing": an event of its year
                      r"\b(?:a|an|the|its|their)\s+(?:19|20)\d\d\s+)(?:[\w-]+\s+)?(?:attacks?|strikes?|"
                      r"shelling|bombings?|blasts?|explosions?|raids?|assault|incidents?|"
                      # ("condemned the missile launch")
                      r"barrage|ambush(?:es)?|launch(?:es)?|salvos?|volleys?)\b", re.I)
# an event named with a definite article as the object or subject of other words ("called
# the raid a crime", "the strike set off fires"): one already told
_TOLD_EVENT = re.compile(r"\b(?:the|that|this)\s+(?:[\w-]+\s+)?(?:attack|strike|raid|bombing|"
                         r"blast|explosion|barrage|shelling|ambush|assault|incident)\b", re.I)
# the people of an event already told: "the bomber", "the attackers", "those behind it"
_TOLD_PERPETRATOR = re.compile(r"\b(?:the|that)\s+(?:suicide\s+)?(?:bombers?|attackers?|gunmen|"
                               r"assailants?|perpetrators?|shooters?|killers?|hijackers?)\b|"
                               r"\bthose\s+(?:behind|responsible)\b", re.I)
# munitions left on their launcher ("a sixth rocket was still in its tube"): part of a
# launch already told (the `rules/roles.jsonl` misfire records marked ``left_unfired``)
_LEFT_UNFIRED = re.compile(alternation("roles", "pattern", left_unfired=True), re.I)
# "the attacks", "such strikes": events in the plural (the ``told`` plural event words)
_PLURAL_EVENT = re.compile(rf"\b{alternation('event_words', 'plural', told=True)}\b", re.I)
_SINGULAR_EVENT = re.compile(r"\b(?:attack|strike|incident|rocket|missile|bombing|raid|blast|"
                             r"explosion|fire|barrage|volley|salvo)\b(?!\s+[a-z]+s\b)|"
                             r"\b(?:carried out|conducted|launched|struck|fired|raided|targeted|"
                             r"hit|slammed|landed|exploded|attacked|killed|killing|injuring|"
                             r"wounding)\b", re.I)
_NUMBER_BEFORE = re.compile(rf"{NUMBER}\s+(?:[\w-]+\s+)?$", re.I)
# ("The guided aerial bombs were released by aircraft over X": any munition noun of
# `rules/munitions.jsonl`, two words of description before it at most)
_DEFINITE = re.compile(r"^(?:[^.]{0,60}?\b)?the\s+(?:[\w-]+\s+){0,2}?(?:attacks?|strikes?|"
                       r"bombing|blast|explosion|raid|shelling|barrage|salvo|volley|"
                       rf"{alternation('munitions', 'munition')})\b",
                       re.I)
# "days after a drone attack on", "following last week's airstrike": another event
_OTHER_EVENT_CUE = re.compile(r"\b(?:after|before|following)\b", re.I)
_OTHER_EVENT = re.compile(
    r"\b(?:after|before|following)\s+(?:an?|the|another|its|their|\w+['’]s)\s+"
    r"(?:[\w-]+\s+){0,3}?(?:attacks?|strikes?|airstrikes?|raids?|bombings?|blasts?|"
    r"explosions?|shelling|barrages?|salvos?|ambush(?:es)?|assaults?)\b", re.I)
_ANOTHER = re.compile(r"\b(?:another|a second|a new|also|earlier)\b", re.I)
# "Wednesday's barrage came a day after guards brought down a drone", "The drone and
# rocket attacks followed a deadly assault on ...": the event told before is the subject,
# the sentence's own event the words after "after" / "followed"
_CAME_AFTER = re.compile(
    r"^[^.;]{0,40}?\b(?:\w+['’]s|the|this|that|these|those)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:attacks?|strikes?|bombings?|blasts?|explosions?|raids?|shelling|barrages?|salvos?|"
    r"volleys?|ambush|assault)\s+"
    # (the told event's place may come with it: "The shelling in Kunar was followed ...")
    r"(?:(?:in|at|on|near)\s+(?:the\s+)?(?-i:[A-Z])[\w'’-]*(?:\s+(?-i:[A-Z])[\w'’-]*)?\s+)?"
    r"(?:(?:came|happened|occurred|took\s+place)\s+"
    r"(?:(?:just|only|barely)\s+)?"
    r"(?:(?:a|an|one|two|three|four|five|six|\d+|a\s+few|several)\s+(?:hours?|days?|nights?|"
    r"weeks?)|hours|days|minutes|shortly|soon)\s+after|(?:closely\s+)?followed|"
    # the passive: "The shelling was followed, late on Monday, by air strikes far to the
    # south" (the day between is the new event's)
    r"(?:was|were)\s+(?:(?:closely|quickly|soon)\s+)?followed(?:,[^,.;]{1,40},)?\s+by)\b",
    re.I)


def came_after(text: str) -> int:
    """Where the words naming an event told before end, when the sentence tells its own
    event after them ("Wednesday's barrage came a day after guards downed a drone"), else
    0."""
    found = _CAME_AFTER.search(text)
    return found.end() if found else 0


def event_type(text: str) -> str | None:
    """The highest-priority event type a trigger word of ``text`` names, or None."""
    found = trigger(text)
    return found[0] if found else None


@lru_cache(maxsize=4096)
def trigger(text: str) -> tuple[str, int, int] | None:
    """(event type, start, end) of the trigger that gives ``text`` its type, or None.

    An event the sentence only dates itself by ("missiles were fired at the base, days
    after a drone attack on it") gives the type only when the sentence names no other.

    Remembered per text: the readers ask it of the same sentence about four times (which
    sentences to parse, the sentence's facts, its clauses, back-references), each time
    searching every type's trigger pattern.
    """
    own = _OTHER_EVENT.sub(lambda m: " " * len(m.group()), text) if \
        _OTHER_EVENT_CUE.search(text) else text
    own = _CAME_AFTER.sub(lambda m: " " * len(m.group()), own)
    for words in (own, text) if own != text else (text,):
        found = [(m.start(), PRIORITY[name], name, m.end()) for name, rx in TRIGGERS
                 for m in [rx.search(words)] if m]
        if found:
            return _first_event(found)
    return None


#: how far after the first event word another may stand and still name the same event
#: ("an explosive-laden drone", "a one-way attack drone"): then the type's priority rules
SAME_PHRASE_CHARS = 30


def _first_event(found: list[tuple[int, int, str, int]]) -> tuple[str, int, int]:
    """The event a sentence tells first: the earliest typed trigger ("warplanes struck
    targets ..., a strike to destroy drones": an airstrike), words of one phrase ranked by
    priority; "other" words only when no typed one is found."""
    typed = [f for f in found if f[2] != "other"] or found
    first = min(f[0] for f in typed)
    _, start, name, end = min((f[1], f[0], f[2], f[3]) for f in typed
                              if f[0] <= first + SAME_PHRASE_CHARS)
    return name, start, end


def last_event_word(text: str, start: int, end: int) -> int | None:
    """Where the last event word of ``text`` between ``start`` and ``end`` begins, or None."""
    found = [m.start() for _, rx in TRIGGERS for m in rx.finditer(text, start, end)]
    return max(found) if found else None


def type_before(text: str, pos: int, start: int = 0) -> str | None:
    """The type of the last trigger that ends before ``pos`` (the words about the place
    named there), or None; a typed one between ``start`` (where the words about the place
    before end) and ``pos`` comes before an "other" word ("warplanes struck a depot near
    X": an airstrike)."""
    found = [(name, m.start(), m.end()) for name, rx in TRIGGERS
             for m in rx.finditer(text, 0, pos)]
    typed = [(a, b) for name, a, b in found if name != "other"]
    best: tuple[bool, int, str] | None = None
    for name, a, b in found:
        if name == "other" and any(a < tb and ta < b for ta, tb in typed):
            continue  # "aircraft struck a radar and tanks at Y": the typed words' verb
        key = (name != "other" and a >= start, b, name)
        if best is None or key[:2] > best[:2]:
            best = key
    return best[2] if best else None


def weapons(text: str) -> list[str]:
    """Weapons ``text`` names."""
    return [label for label, rx in _WEAPONS if rx.search(text)]


# "one of the deadliest attacks since the Taliban returned": a comparison, not a period
_SUPERLATIVE_SINCE = re.compile(r"\b(?:deadliest|worst|bloodiest|biggest|largest|heaviest|"
                                r"most\s+\w+|first)\b[^.;]{0,80}?\bsince\b", re.I)


# ", a town the rebels have held since 2022": a place described by its past, after the
# event told, says nothing of events in general
_PLACE_SINCE = re.compile(r",\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,2}?(?:town|city|village|"
                          r"district|area|region|province|enclave|territory|base|camp)\s+"
                          r"(?:(?:that|which)\s+)?(?:[\w'’-]+\s+){1,4}?(?:ha(?:ve|s)|had)\s+"
                          r"(?:held|controlled|occupied|run|governed|ruled|besieged)\s+since\b",
                          re.I)


def generic(text: str) -> bool:
    """Events in general ("there have been dozens of attacks since October")."""
    text = _PLACE_SINCE.sub(" ", _SUPERLATIVE_SINCE.sub(" ", text))
    return bool(GENERIC.search(text) or _war_began(text) or
                CAMPAIGN_BEGAN.search(text) or TALLY.search(text) or
                _COUNTED.search(text) or _PERIOD.search(text))


# "weeks after the war against the Islamic State began": a time that dates one event
_AS_TIME = re.compile(r"\b(?:after|before)\s+(?:the\s+)?(?:[\w-]+\s+)?$", re.I)


def _war_began(text: str) -> bool:
    """A war's outbreak told (`WAR_BEGAN`), not as the time of an event."""
    return any(not _AS_TIME.search(text[max(0, m.start() - 40):m.start()])
               for m in WAR_BEGAN.finditer(text))


def refers_back(text: str) -> bool:
    """The sentence names its event only as one already told ("nothing to do with the
    shelling"): the event word is only in the back-reference."""
    ref = BACK_REF.search(text) or (None if _ANOTHER.search(text) else _TOLD_EVENT.search(text))
    if _CAME_AFTER.search(text) and trigger(_CAME_AFTER.sub(
            lambda m: " " * len(m.group()), text)) is None:
        # "The salvo followed a deadlier incident on Monday": the event word only names the
        # event told before; what followed it is told next, by words of its own
        return True
    if ref is None and _LEFT_UNFIRED.search(text):
        return True  # "Police found a sixth rocket still in its tube": the salvo's
    if ref is None:
        # "arrested two men suspected of helping the bomber in a raid": a raid on the
        # people of an attack already told is its follow-up
        return event_type(text) == "raid" and bool(_TOLD_PERPETRATOR.search(text))
    # a raid or arrest told with an event already told ("detained three men in a raid
    # as part of the investigation into the bombing") is that event's follow-up
    return event_type(text[:ref.start()] + text[ref.end():]) in (None, "raid")


def named_by_day(text: str) -> bool:
    """The event told before is named by its day ("Wednesday's attack"): the sentence's
    date is that event's, and finds it."""
    ref = BACK_REF.search(text)
    return ref is not None and ("'s" in ref.group() or "’s" in ref.group())


def generic_plural(text: str, etype: str | None, counted: bool, plural_ref: bool) -> bool:
    """ "the missile attacks", "Last week's attacks fit the pattern": events in general."""
    if not etype or counted or plural_ref or _SINGULAR_EVENT.search(text):
        return False
    plural = _PLURAL_EVENT.search(text)
    return plural is not None and not _NUMBER_BEFORE.search(text[:plural.start()])


_DEFINITE_PLURAL = re.compile(r"\b(?:the|these|those|such|its|their|all|both|recent|latest)\s+"
                              r"(?:[\w-]+\s+)?$", re.I)


def told_plural(text: str) -> bool:
    """The plural event word names events already told or known ("to discuss the
    attacks", "such strikes"), not a bare plural of one event ("with air strikes on two
    depots")."""
    plural = _PLURAL_EVENT.search(text)
    return plural is not None and bool(_DEFINITE_PLURAL.search(text[:plural.start()]))


def another(text: str) -> bool:
    """The sentence tells another event than the one before ("another drone hit ...")."""
    return bool(_ANOTHER.search(text))


# the event just told, at another place: "the same attack also hit ..."
_SAME_EVENT = re.compile(r"\bthe same (?:[\w-]+\s+)?(?:attack|strike|barrage|salvo|volley|"
                         r"bombardment|shelling|raid|assault|wave)\b", re.I)


def same_event(text: str) -> bool:
    """The sentence names the event just told as "the same attack"."""
    return bool(_SAME_EVENT.search(text))


# "said its fighters had fired the rockets", "The drones were launched from ...", "saying it
# had launched both drones": the munitions of an event already told (any munition noun of `rules/munitions.jsonl`)
_TOLD_MUNITION = re.compile(r"\b(?:the|these|those|both)\s+(?:[\w-]+\s+){0,2}?"
                            rf"{alternation('munitions', 'munition')}\b", re.I)


def told_munition(text: str) -> bool:
    """The sentence names its munitions as ones already told ("had launched the
    rockets"), not another event's ("another drone", "a second rocket")."""
    return bool(_TOLD_MUNITION.search(text)) and not _ANOTHER.search(text)


def munition_told_in(text: str, told: str) -> bool:
    """The sentence opens on munitions named with the definite article ("The bombs
    struck a school ...") that ``told`` (the text of an event told before) named too:
    the same munitions, whatever verb now tells them."""
    if not (definite(text) and told_munition(text)):
        return False
    head = _TOLD_MUNITION.search(text).group(0).split()[-1].lower()
    noun = head[:-1] if head.endswith("s") else head
    return bool(re.search(rf"\b{re.escape(noun)}s?\b", told, re.I))


# "an aircraft had struck the two men": a word that also names a drone, told with no
# warplane, jet or helicopter
_AIRCRAFT = re.compile(r"\baircraft\b", re.I)
_MANNED_AIR = re.compile(r"\b(?:jets?|warplanes?|(?:fighter\s+|military\s+)?planes?|"
                         r"bombers?|helicopters?|gunships?|air\s*strikes?|air[\s-]+raids?|"
                         r"(?:fighter|combat|manned)\s+aircraft)\b", re.I)


def only_aircraft(text: str) -> bool:
    """The sentence's air attack is told only by "aircraft", which a drone is too."""
    return bool(_AIRCRAFT.search(text)) and not _MANNED_AIR.search(text)


def definite(text: str) -> bool:
    """The sentence refers back to an event already told ("The rockets were ...")."""
    return bool(_DEFINITE.match(text)) and not _ANOTHER.search(text)


def examples(kind: str) -> list[tuple[str, str]]:
    """(expected, example) of every record of ``rules/<kind>.jsonl`` that has one."""
    key = {"triggers": "type", "weapons": "weapon"}[kind]
    return [(r[key], r["example"]) for r in records(kind)]
