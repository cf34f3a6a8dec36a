"""The patterns that find victims in a sentence, and how many: "two soldiers were killed",
"killing two Americans and a Briton", "and 12 wounded", "the governor was killed".

Built from the `rules/casualties.jsonl` records (person nouns, titles, casualty words,
auxiliaries; see `casualties`) and the world gazetteer's demonyms; `casualties` reads
the matches and adds them up.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from geoincidents.extract import demonyms
from geoincidents.extract.lexicon import alternation
from geoincidents.extract.numbers import NUMBER, NUMBER_WORDS, ORDINALS

#: a number, with no group of its own
PLAIN_NUMBER = NUMBER.replace("?P<num>", "")
#: one person named by what they are ("the governor", "his driver"): the ``title`` records
_ROLE_NOUN = alternation("casualties", "title")
HURT_AFTER = alternation("casualties", "hurt", where="after")[3:-1]
_HURT = rf"(?P<v>{HURT_AFTER})"
HURT_BEFORE = alternation("casualties", "hurt", where="before")[3:-1]
AUX = alternation("casualties", "aux")

# "killing seven people and injuring fifteen": a bare number after the verb, at a clause end
# ("... and wounded 42 on Saturday": a phrase of time or place may end the clause;
# "wounding two more", "injuring three others", "wounding another three": the same)
BEFORE_BARE = re.compile(
    rf"\b(?P<v>{HURT_BEFORE})\s+(?:at least\s+|another\s+)?(?P<who>{PLAIN_NUMBER})(?:\s+(?:more|others?))?"
    rf"(?=\s*(?:[,.;:)]|"
    r"and\b|\Z|(?:on|in|at|near|when|during|after|before|as|overnight|late|early)\b))", re.I)
# "killing 12 civilians and leaving at least three wounded": a number left hurt ("the
# hospital was treating eight wounded", "received five dead": a number in its care)
LEFT_BARE = re.compile(rf"\b(?:left|leaving|leaves|leave|treating|treated|treats|received|"
                       rf"receiving)\s+(?:at\s+least\s+)?"
                       rf"(?P<who>{PLAIN_NUMBER})\s+(?:(?:more|other|others)\s+)?"
                       r"(?P<v>dead|wounded|injured|hurt)\b", re.I)
# "Three were killed and 12 wounded", "and three were wounded": a number standing for people
# ("one civilian was killed and another wounded": one more)
AND_NUMBER = re.compile(rf"(?:\band|,)\s+(?:at\s+least\s+|another\s+)?(?P<who>{PLAIN_NUMBER}|another)\s+"
                        r"(?:others?\s+|more\s+)?(?:(?:were|was|had\s+been)\s+)?(?:also\s+)?"
                        r"(?P<v>wounded|injured|hurt|killed|dead)\b", re.I)
# "nine killed and 17 wounded", "Seven dead, 12 hurt": a number standing for people before
# the casualty word, paired with the other kind ("raised it to nine killed and ...": the
# second figure is read by AND_NUMBER)
PAIR_BARE = re.compile(rf"\b(?:at\s+least\s+)?(?P<who>{PLAIN_NUMBER})\s+(?:people\s+|persons\s+)?"
                       rf"(?P<v>killed|dead|wounded|injured|hurt)\s*(?:,|\band)\s+(?:at\s+least\s+)?"
                       rf"{PLAIN_NUMBER}\s+(?:people\s+|persons\s+|others?\s+|more\s+)?"
                       r"(?:killed|dead|wounded|injured|hurt)\b", re.I)
# "two men aged 61 and 70", "victims aged between 8 and 15": numbers that are ages, no count
AGE_BEFORE = re.compile(rf"\b(?:aged|ages|age)\s+(?:of\s+)?(?:between\s+)?"
                        rf"(?:{PLAIN_NUMBER}\s*(?:,|and|to|-|–)\s*)*$", re.I)
# "Five were wounded; two of them died": a number standing for people at a clause start
START_NUMBER = re.compile(rf"(?:^|[;:]\s*)(?:at\s+least\s+)?(?P<who>{PLAIN_NUMBER})\s+(?:were|"
                          rf"was|had\s+been|have\s+been)\s+(?:{AUX}\s+){{0,2}}"
                          r"(?P<v>wounded|injured|hurt|killed|dead)\b", re.I)

# "the general was killed", "A rickshaw puller was shot dead", "General Qassem Soleimani
# was killed": one person, named or described in a few words before a singular verb
ONE = re.compile(rf"(?:^|[,;:]\s*|\b(?:when|after|as|and|while)\s+)(?P<who>(?:(?i:the|a|an|his|her|"
                 rf"their|its)\s+(?:[\w'’-]+\s+){{0,3}}?[a-z][\w-]+|(?:[A-Z][\w'’.-]+\s+){{1,3}}?"
                 rf"[A-Z][\w'’-]+))\s+(?:was|has\s+been|had\s+been)\s+(?:{AUX}\s+){{0,2}}"
                 rf"(?P<v>{HURT_AFTER})\b")
# "the building was hit": words that are no one person (the ``not_one`` records)
NOT_ONE = re.compile(rf"\b{alternation('casualties', 'not_one')}$", re.I)
# "killing two constables and wounding a third", "killing a soldier and wounding
# another": one more ("wounding another three" is three: read by the number patterns)
A_NTH = re.compile(rf"\b(?P<v>{HURT_BEFORE})\s+(?P<who>a\s+(?:{ORDINALS})|another)\b"
                   rf"(?!\s+(?:\d|{NUMBER_WORDS})\b)", re.I)

# "14 wounded people were admitted": the casualty word before the person noun
_HURT_ADJ = (r"(?:wounded|injured|dead)")


class PersonPatterns(NamedTuple):
    after: re.Pattern
    before: re.Pattern
    more: re.Pattern
    list_before: re.Pattern
    adjective: re.Pattern


@lru_cache(maxsize=1)
def people() -> PersonPatterns:
    """The patterns that name victims, built on first use: the person nouns of the rules
    and the countries' demonyms of the world gazetteer ("two Kenyans and a Ugandan")."""
    person = (f"(?:{alternation('casualties', 'person')[3:-1]}|"
              f"{demonyms.alternation(demonyms.countries())[3:-1]})")
    return _person_patterns(person)


def _person_patterns(person: str) -> PersonPatterns:
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
    one = (rf"(?:the|his|her|their|its)\s+(?!(?:{PLAIN_NUMBER})\s)(?:[\w-]+\s+){{0,2}}?"
           rf"(?:{_ROLE_NOUN}|{person})\b(?<!s)"
           rf"(?!\s+(?:(?-i:[A-Z])|(?:{_ROLE_NOUN}|{person})\b))")
    # "two soldiers were killed"; the subject may carry a modifier ("a soldier guarding the
    # gate was wounded", "a contractor who was working in the hangar was hurt"): then an
    # auxiliary must come before the verb, so "a guard at the gate saw people hurt" is no
    # match
    # ("four soldiers and the driver were killed": one more)
    after = re.compile(rf"{who}(?P<tail>\s+and\s+{one})?(?:,[^,.;]{{0,80}},)?(?:\s+(?:{AUX}\s+){{0,3}}"
                       rf"|\s+(?:(?:who|that)\s+(?:was\s+|were\s+|had\s+been\s+)?)?(?:[a-z][\w-]*ing|aged|in|at|on|aboard|near|outside|inside|"
                       rf"from|with|of|by|behind)\b[^,.;]{{0,60}}?\s+(?:was|were|had been|have been|"
                       rf"has been)\s+(?:{AUX}\s+){{0,2}}){_HURT}\b", re.I)
    # "killing two soldiers", "left three people dead", "killed the regional commander"
    before = re.compile(rf"\b(?P<v>{HURT_BEFORE}|left)\s+(?:at least\s+|between\s+{PLAIN_NUMBER}"
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
                      rf"(?![^,.;]{{0,40}}?['’]s\s)"
                      # (nor "a boy, one of the deaths residents recall": the same one)
                      rf"(?!\s*one\s+of\s+(?:the\s+)?(?:[\w-]+\s+)?(?:deaths|dead|victims|"
                      rf"casualties|fatalities)\b))"
                      # (its modifiers no determiner: "an attack the police blamed")
                      rf"\s+(?P<np>(?:(?:his|her|their|its)\s+)?(?:{NUMBER})\s+"
                      rf"(?:of\s+(?:his|her|their|its|the)\s+)?"
                      # (a force named by its initials, counted after a group of people:
                      # "the loss of nine soldiers and four VDP")
                      rf"(?:(?!(?:the|a|an)\b)[\w-]+\s+){{0,2}}?(?:{person}|"
                      rf"(?-i:[A-Z]{{2,5}})(?![\w'’-]))|"
                      rf"{one})\b"
                      rf"(?!\s+(?:(?:were|was|are|is|had|have|has)\b|{HURT_BEFORE}|{HURT_AFTER}))"
                      # (", a police officer said", ", a military officer at the base, Captain X,
                      # told": who told it, no victim)
                      r"(?!(?:\s+[a-z][\w-]*){0,3}(?:\s+(?:at|of|in|from|with|for|on)\s+[^,.;]{0,40}?)?"
                      r"(?:\s*,\s*(?-i:[A-Z])[^,.;]{0,40},)?\s+(?:said|says|told|added|reported)\b)",
                      re.I)
    # "two Americans and a Briton were killed", "the imam of the mosque and three
    # worshippers were wounded": a group before the one the verb follows
    # (its modifiers no preposition: "an assault by gunmen, and 18 people were killed" is
    # no group of gunmen; a group may say whose it is: "three members of the local militia
    # and four insurgents died")
    list_before = re.compile(rf"(?P<np>\b{NUMBER}\s+(?:(?!(?:by|in|at|on|with|from|for|to)\b)"
                             rf"[\w-]+\s+){{0,2}}?{person}(?:\s+(?:of|from)\s+"
                             rf"(?:(?!\b(?:were|was|are|is|had|have|has)\b)[^,.;]){{1,60}}?)?|"
                             rf"\b{one}(?:\s+of\s+(?:the\s+|a\s+)?[\w'’-]+(?:\s+[\w'’-]+)?)?)"
                             r"\s*(?:,\s*)?(?:,|\band)\s+$", re.I)
    # "14 wounded people had been admitted", "five dead soldiers"
    adjective = re.compile(rf"(?P<who>\b{NUMBER})\s+(?P<v>{_HURT_ADJ})\s+(?:[\w-]+\s+)?{person}\b",
                           re.I)
    return PersonPatterns(after, before, more, list_before, adjective)
