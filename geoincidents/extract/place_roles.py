"""The role of a place mention from the words around it: launch, target, impact, location,
reference or context."""

from __future__ import annotations

import re

from geoincidents.extract.lexicon import alternation
from geoincidents.extract.launch_site import from_verbs
from geoincidents.extract.name_matcher import country_named, us_states
from geoincidents.extract.place_names import owns_a_named_part
from geoincidents.extract.place_tokens import _ADMIN_WORDS, _OF_GAP, Mention
from geoincidents.extract.text import Sentence, dateline_end

_LAUNCH_BEFORE = re.compile(r"\b" + from_verbs() + r"\s+(?:[\w'’-]+\s+){0,3}?"
                            r"[\"“]?from\s+(?:(?:the\s+|an?\s+)?(?:area\s+of\s+|"
                            r"direction\s+of\s+|outskirts\s+of\s+)?|(?:an?|the)\s+(?:(?!(?:landed|hit|struck|fell|exploded|and|"
                            r"killing|injuring)\b)[\w-]+\s+){1,4}?(?:in|at|near)"
                            r"\s+(?:the\s+)?)$", re.I)
# "the launch point had been traced to an orchard outside X", "found the launch rails
# on a rooftop in X": where it was fired from
_LAUNCH_SITE_BEFORE = re.compile(r"\blaunch(?:ing)?\s+(?:point|site|position|pad|area|rails?|"
                                 r"location|tubes?)s?\b[^.;]{0,60}?\b(?:in|at|near|outside|"
                                 r"to|from)\s+(?:the\s+)?$", re.I)
# "a launcher hidden in a palm grove in X", "a truck-mounted launcher parked behind a
# workshop on the western fringe of X", "investigators traced the launch to a lot in X":
# where the launcher stood, up to the verb of what its rockets did
_LAUNCHER_BEFORE = re.compile(r"\b(?:launchers?|launch\s+(?:vehicle|truck|frame)s?|(?:traced|tracked)"
                              r"\s+(?:the\s+)?(?:launch|firing|fire|rockets?|missiles?))\b"
                              r"(?:\s+(?!(?:sent|fired|launched|landed|hit|struck|fell|exploded|"
                              r"killed|and|which|that|who)\b)[\w'’-]+){0,14}?\s+(?:in|at|near|"
                              r"outside|of|to)\s+(?:the\s+)?$", re.I)
# "its forces destroyed two drone launchers in X": launchers struck are the target, X
# the strike's site (the words just before the launcher noun)
_LAUNCHER_STRUCK = re.compile(r"\b(?:destroy\w*|struck|strik\w+|hit|hitting|target\w*|bomb\w*|"
                              r"shell\w*|raid\w*|took\s+out|taken\s+out)\s+(?:[\w'’-]+\s+){0,3}$",
                              re.I)


def _launcher_stood(before: str) -> bool:
    """The words ``before`` a place tell where a launcher stood (`_LAUNCHER_BEFORE`), not
    where launchers were struck (`_LAUNCHER_STRUCK`)."""
    m = _LAUNCHER_BEFORE.search(before)
    return m is not None and not _LAUNCHER_STRUCK.search(before[:m.start()])


# "launched at 4 p.m. from the western bank of the river, near the town of X, towards Y":
# a place told in the words after "from", before any word of where it went or hit
_LAUNCH_FROM_FAR = re.compile(r"\b" + from_verbs() + r"\b[^;]{0,60}?\bfrom\b(?:\s+(?!(?:"
                              r"struck|hit|landed|landing|fell|striking|hitting|towards?|at|into|"
                              r"onto|on|killing|injuring|wounding|and|but)\b)[^\s.;]+){0,12}?\s+"
                              r"(?:near|outside|in|of)\s+(?:the\s+)?$", re.I)
# "glide bombs released by aircraft flying over the X region": where the aircraft fired from
_LAUNCH_AIRCRAFT_BEFORE = re.compile(r"\b(?:aircraft|jets?|warplanes?|planes?|bombers?|"
                                     r"helicopters?)\s+(?:flying|circling|operating)\s+(?:over|"
                                     r"above)\s+(?:the\s+)?$", re.I)
_TARGET_BEFORE = re.compile(r"\b(?:targeting|targeted|targets|aimed\s+at|"
                            r"(?:aimed|pointed|pointing|trained)\s+(?:towards?|in\s+the\s+"
                            r"direction\s+of)|"
                            # "found rockets ... before they could be launched at X": the aim
                            r"(?:could|would|were\s+to|was\s+to)\s+be\s+(?:launched|fired)\s+"
                            r"(?:at|towards?)|attacks?\s+(?:on|against)|"
                            r"strikes?\s+(?:on|against)|assault\s+on|attacking|bombing\s+of|"
                            r"shelling\s+of|headed\s+for|heading\s+(?:for|to)|meant\s+for|"
                            r"to\s+(?:attack|strike|target|bomb|shell|hit))\s+"
                            r"(?:the\s+|a\s+)?(?:[\w'’-]+\s+){0,2}?$", re.I)
_TARGET_AFTER = re.compile(r"^[\w\s'’“”\"-]{0,25}?\b(?:was|were|is|are)\s+(?:\w+\s+){0,2}?"
                           r"(?:the\s+)?target", re.I)
_IMPACT_BEFORE = re.compile(r"\b(?:landed|land|fell|struck|hit|impacted|exploded|crashed|"
                            r"came\s+down|went\s+off|detonated)\s+(?:[\w'’,-]+\s+){0,8}?"
                            r"(?:in|inside|at|near|on|into|next\s+to|close\s+to|within)\s+"
                            r"(?:the\s+)?$", re.I)
# "one aimed at X and another (at) the Y base": the verb is left out before the second
_TARGET_ELLIPSIS = re.compile(r"\b(?:targeting|targeted|aimed\s+at|meant\s+for|headed\s+for)\b"
                              r"[^.;]{0,100}?\b(?:and|while|with)\s+(?:another|the\s+other|"
                              r"a\s+second|the\s+second|one)\s+(?:at\s+|on\s+|for\s+)?"
                              r"(?:the\s+)?$", re.I)
_REFERENCE_BEFORE = re.compile(r"\b(?:north|south|east|west|north-?east|north-?west|"
                               r"south-?east|south-?west|northern|southern|eastern|western|"
                               r"km|kilometres|kilometers|miles)\s+of\s+(?:the\s+)?"
                               # ("60 km north-west of the regional capital Maroua")
                               r"(?:(?:(?:regional|provincial|state|district|national)\s+)?"
                               r"(?:capital|town|city|village)\s+(?:of\s+)?)?$",
                               re.I)
_REFERENCE_AFTER = re.compile(r"^\s*(?:is|are|was|were)\s+(?:located|based|stationed|situated|"
                              r"housed)", re.I)
_NEAR_BEFORE = re.compile(r"\b(?:near|outside|close\s+to|next\s+to|on\s+the\s+outskirts\s+of|"
                          r"not\s+far\s+from|around)\s+(?:the\s+)?$", re.I)

_TRAILING_WORD = re.compile(r"\w*$")


def _last_word(low: str) -> str | None:
    """The last run of word characters of a (lowercase) window that ends in whitespace, or
    None when it does not end in whitespace (then no pattern of the words before a
    place can match it)."""
    if not low[-1:].isspace():
        return None
    chunks = low.rsplit(None, 1)
    if not chunks:
        return ""
    chunk = chunks[-1]
    if chunk.isalnum():
        return chunk
    tail = _TRAILING_WORD.search(chunk)  # (always matches: it may match nothing)
    return tail.group() if tail is not None else ""


_KIND_SIZE = {"country": 3, "province": 2}
_SPEAKER_BEFORE = re.compile(r"\b(?:spokes(?:man|woman|person|people)|officials?|correspondents?|"
                             r"reporters?|journalists?|diplomats?|analysts?|sources?|ministry|"
                             r"embassy|government|authorities|prosecutors?)\s+(?:based\s+)?"
                             r"(?:in|at|from)\s+(?:the\s+)?$", re.I)
# "an army spokesman for the Beni sector": whose spokesman, not where anything happened
_SPOKESMAN_FOR = re.compile(r"\bspokes(?:man|woman|person)\s+for\s+(?:the\s+)?$", re.I)
# "the health ministry in the rebel-run administration in Sanaa said": where it spoke
_SPEAKER_AFTER = re.compile(r"\s*,?\s*(?:said|says|told|announced|reported|stated|added|"
                            r"confirmed|denied|claimed)\b", re.I)
# "In Washington, a State Department spokesman held ...": where the speaker was
_SPEAKER_SCENE_AFTER = re.compile(r"\s*,\s+(?:(?:a|an|the)\s+)?(?:[\w'’.-]+\s+){0,4}?"
                                  r"(?:spokes(?:man|woman|person)|officials?|ministers?|ministry|"
                                  r"government|president|diplomats?|analysts?|lawmakers|"
                                  r"envoys?|ambassadors?)\b", re.I)
# (a munition "flew towards X" aims at X: only travellers' words)
_DESTINATION_BEFORE = re.compile(r"\b(?:(?:heading|travelling|traveling|driving|moving|"
                                 r"returning)\s+(?:\w+\s+)?towards?|bound\s+for|en\s+route\s+to|on\s+(?:its|their|"
                                 r"the)\s+way\s+to|diverted\s+to|travelling\s+to|"
                                 r"traveling\s+to|"
                                 # where the wounded were taken: "flown to X for treatment"
                                 r"(?:flown|airlifted|evacuated|rushed|transferred)\s+to|"
                                 # "taken to the general hospital in X", "treated at a
                                 # clinic in X": where the wounded were cared for
                                 r"(?:taken|brought|flown|airlifted|evacuated|rushed|"
                                 r"transferred|admitted|treated)\s+(?:to|at|in)\s+(?:an?\s+|the\s+)?"
                                 r"(?:[\w'’-]+\s+){0,2}?(?:hospital|clinic|infirmary|health\s+"
                                 r"cent(?:re|er)|medical\s+cent(?:re|er))\s+(?:in|at|of))"
                                 r"\s+(?:the\s+)?$", re.I)
# "a bus travelling north from X to Y": where a vehicle set out from and was going
_TRAVEL_BEFORE = re.compile(r"\b(?:travell?ing|traveling|driving|heading|moving|returning|going|"
                            r"sailing|flying|riding|bound|en\s+route)\s+(?:\w+\s+){0,2}?from\s+"
                            r"(?:(?:the\s+)?[\w'’.-]+(?:\s+[\w'’.-]+){0,3}?\s+to\s+)?(?:the\s+)?$",
                            re.I)
# "the troops withdrew towards X", "families fled to X": where they went, not the site
# (rules/place_cues.jsonl, role "context")
_RETREAT_BEFORE = re.compile(r"\b" + alternation("place_cues", "before", role="context")
                             + r"\s+(?:the\s+)?(?:(?:city|town|village|base|camp)\s+of\s+)?$",
                             re.I)
# "on the road to X", "the highway from X to Y": a road named by the towns it joins
# says where the event is from afar, it is not the event's site
_ROAD_END_BEFORE = re.compile(r"\b(?:road|highway|motorway|route|railway|railroad)\s+"
                              r"(?:(?:from|between|linking|connecting)\s+(?:the\s+)?"
                              r"(?:[\w'’.-]+\s+){1,4}?(?:to|and|with)\s+|"
                              r"(?:to|towards?|from|between|linking|connecting)\s+)(?:the\s+)?"
                              r"(?:(?:[\w'’-]+\s+){0,2}?(?:city|town|village|port)\s+of\s+)?$",
                              re.I)
# "a ship carrying fertiliser from X to Y": where a cargo comes from, not where it was hit
_CARGO_ORIGIN_BEFORE = re.compile(r"\b(?:carrying|transporting|shipping|hauling|ferrying|"
                                  r"loaded\s+with)\s+(?:[\w-]+\s+){0,3}?from\s+(?:the\s+)?$",
                                  re.I)
# "a cargo of fertiliser loaded in X": where a ship took on its cargo, not the site
_LOADED_AT_BEFORE = re.compile(r"\b(?:loaded|embarked|taken\s+on|picked\s+up)\s+(?:at|in)\s+"
                               r"(?:the\s+(?:port\s+of\s+)?)?$", re.I)
_AFFILIATION_AFTER = re.compile(r"[-‑–](?:aligned|backed|based|linked|allied|affiliated|funded|"
                                r"supported|sponsored|friendly|leaning|loyal|armed|trained)\b",
                                re.I)
# "Baghdad summoned Tehran's ambassador over the attack": capitals named for their
# governments, not where anything happened
_GOVERNMENT_AFTER = re.compile(r"(?:['’]s\s+(?:[\w-]+\s+)?(?:ambassador|envoy|charg[ée]\s+"
                               r"d['’]affaires|government|foreign\s+minist(?:ry|er)|president|"
                               r"prime\s+minister|regime)|\s+(?:summoned|protested|condemned|"
                               r"recalled|expelled|lodged))\b", re.I)
_AFFILIATION_BEFORE = re.compile(r"\b(?:ties|links|close|loyal|aligned|allied|backed|supported|"
                                 r"funded|armed|sponsored|financed|linked)\s+(?:to|with|by)\s+$",
                                 re.I)


# "since the war in Gaza began", "the insurgency in Cabo Delgado": the setting, not the event
_SETTING_BEFORE = re.compile(r"\b(?:war|conflict|crisis|insurgency|invasion|occupation)\s+"
                             r"(?:in|on|over|of)\s+(?:the\s+)?$", re.I)
# "outside Tera, in the Tillaberi region": the second names what holds the first
_CONTAINER_GAP = re.compile(r"\s*,\s*(?:in|of)\s+(?:the\s+)?")
# "Camp Speicher outside Tikrit", "Tower 22, an outpost close to the Rukban camp": the
# second says where the first is (the first is the site)
_NEAR_GAP = re.compile(r"\s*,?\s*(?:just\s+)?(?:outside|near|close\s+to|next\s+to|"
                       r"on\s+the\s+(?:outskirts|edge)\s+of)\s+(?:the\s+)?", re.I)
# "Camp Speicher, the large military base outside Tikrit", "al-Baghdadi, the town that
# sits just outside the base's gate": a description of the first that says where it is
_DESCRIBED_NEAR_GAP = re.compile(r"\s*(?:,\s*(?:the|an?)\s+(?:[\w'’-]+\s+){1,4}?|,\s*|\s+)"
                                 r"(?:(?:that|which)\s+(?:sits|lies|stands|is)\s+"
                                 r"(?:located\s+|situated\s+)?)?(?<=\s)"
                                 r"(?:(?:just\s+|right\s+|immediately\s+)?(?:outside|near|"
                                 r"close\s+to|next\s+to|beside|on\s+the\s+(?:outskirts|edge)\s+of|"
                                 # ("Jamundi, a municipality bordering Cali", "Zubair, the
                                 # oil town south-west of Basra")
                                 r"bordering|adjoining|neighbou?ring|(?:north|south)(?:-?east|-?west)?"
                                 r"\s+of|(?:east|west)\s+of|"
                                 # ("Rukban, just across the border from X")
                                 r"across\s+(?:the\s+)?(?:[\w'’-]+\s+){0,2}?(?:border|frontier|"
                                 r"river|lake|bay|strait|valley)\s+from)"
                                 # ("X, the town that faces Y across the border")
                                 r"|(?:(?:that|which)\s+)?(?:faces|overlooks)|facing|overlooking"
                                 # ("Harir Air Base, which lies some 70 km from Erbil")
                                 r"|(?:(?:some|about|around|roughly|nearly|almost|only|just)\s+)?"
                                 r"\d[\d,.]*\s*(?:km|kilometres|kilometers|miles)\s+"
                                 r"(?:away\s+)?from)"
                                 r"\s+(?:the\s+)?", re.I)
# "North of Balad, a roadside bomb ...": a sentence that opens by a direction from a place
# sets the scene from it
_OPENING_DIRECTION = re.compile(r"^\W*(?:(?:north|south)(?:-?east|-?west)?|east|west|"
                                r"further\s+(?:north|south|east|west))\s+of\s+(?:the\s+)?$",
                                re.I)
# "families who fled the violence in Bama", "displaced from X": where they came from
# "its 23 crew, who are mostly from X", "two sailors from X": where people come from
_ORIGIN_BEFORE = re.compile(r"\b(?:who\s+(?:are|were|is|was|come|came)\s+(?:mostly\s+|mainly\s+|"
                            r"largely\s+|all\s+)?|(?:crew|crewmen|crew\s+members|sailors|"
                            r"seafarers|nationals|citizens|migrants|pilgrims|tourists)\s+)"
                            r"from\s+(?:the\s+)?$", re.I)
_FLED_BEFORE = re.compile(r"\b(?:fled|fleeing|flee|escaped|escaping|displaced|uprooted|"
                          r"driven\s+out)\s+(?:from\s+|(?:by\s+)?(?:the\s+)?(?:[\w-]+\s+)?"
                          r"(?:fighting|violence|war|clashes|unrest|conflict|insurgency|attacks|"
                          r"shelling|bombardment|offensive)\s+(?:in|of|around|from)\s+)"
                          r"(?:the\s+)?$", re.I)







def _larger(m: Mention, prev: Mention) -> bool:
    """Whether ``m`` can locate ``prev`` ("Bagram, Afghanistan", "Portland, Oregon"),
    rather than stand beside it in a list ("Leeds, Bradford and Wakefield")."""
    place, than = m.place, prev.place
    key = " ".join(m.text.lower().split())
    if place is None or than is None or key in us_states() or country_named(key):
        return True
    size, other = _KIND_SIZE.get(place.kind, 1), _KIND_SIZE.get(than.kind, 1)
    return size > other or (size == other and place.radius_m > 2 * than.radius_m)


def _locates_site(gap: str, prev: Mention, m: Mention) -> bool:
    """``m`` says where the named site just before it is ("Camp Speicher outside Tikrit",
    "an outpost close to the Rukban camp"): a reference, not a second site."""
    sites = ("location", "target", "impact")
    near = bool(_NEAR_GAP.fullmatch(gap)) and m.source != "anaphor"
    # (described: "X, the town that sits just outside the base": the base, too, says where)
    described = not near and _DESCRIBED_NEAR_GAP.fullmatch(gap) is not None and (
        "," in gap or re.search(r"\b(?:that|which)\b", gap) is not None)
    return (near or described) and \
        prev.role in sites and m.role in sites and not prev.is_country and \
        not country_named(" ".join(prev.text.lower().split()))


def gap_before(prev: Mention, m: Mention, sent: Sentence) -> str:
    """The words between two mentions of a sentence."""
    return sent.text[prev.end - sent.start:m.start - sent.start]


def admin_named(name: str, after: str) -> bool:
    """Whether the name, or the word after it, says it is an administrative area
    ("the Tillaberi region", "Idlib Governorate", the possessive "X region's Y township")."""
    words = name.lower().split() + after[:40].lower().split()[:1]
    return any(_bare(w) in _ADMIN_WORDS for w in words[-2:])


def _bare(word: str) -> str:
    """A word less its punctuation and possessive ending ("region's" -> "region")."""
    word = word.strip(",.;:")
    for end in ("'s", "’s", "'", "’"):
        if word.endswith(end):
            return word[:-len(end)]
    return word


def _assign_role(m: Mention, sent: Sentence, mentions: list[Mention]) -> None:
    s, e = m.start - sent.start, m.end - sent.start
    before, after = sent.text[max(0, s - 80):s], sent.text[e:e + 80]
    last = _last_word(before.lower())
    if _LAUNCH_BEFORE.search(before) or _LAUNCH_SITE_BEFORE.search(before) or \
            _LAUNCH_AIRCRAFT_BEFORE.search(before) or \
            _launcher_stood(sent.text[max(0, s - 160):s]) or \
            _LAUNCH_FROM_FAR.search(sent.text[max(0, s - 160):s]):
        m.role = "launch"
    elif _REFERENCE_BEFORE.search(before) or _REFERENCE_AFTER.match(after) or \
            _ROAD_END_BEFORE.search(before) or _TRAVEL_BEFORE.search(before):
        # (a vehicle's origin and destination: not sites, but "10 km from the town" may
        # name them again)
        m.role = "reference"
    elif _IMPACT_BEFORE.search(before):
        m.role = "impact"
    elif _TARGET_BEFORE.search(before) or _TARGET_AFTER.match(after) or \
            _TARGET_ELLIPSIS.search(before):
        m.role = "target"
    # "the Kadhimiya district of Baghdad", "Bagram, Afghanistan", "Baghdad's Green Zone"
    prev = [o for o in mentions if o.sentence == m.sentence and o.end <= m.start
            and m.start - o.end <= 60]  # (the gaps below are short but a description's)
    if prev:
        gap = sent.text[prev[-1].end - sent.start:s]
        if _OF_GAP.fullmatch(gap) and \
                (gap.strip() != "," or m.source != "anaphor") and \
                (gap.strip() != "," or _larger(m, prev[-1])):
            if m.role in ("location", "target", "impact") and not gap.strip().startswith("in"):
                m.role = "reference"
            elif gap.strip().endswith("in") and prev[-1].role != "reference" and \
                    m.source != "anaphor":
                # "the American Embassy in Baghdad": the second locates the first
                m.role = "reference"
        elif (_CONTAINER_GAP.fullmatch(gap) and m.role != "launch" and (
                _larger(m, prev[-1]) or admin_named(m.text, after))) or \
                _locates_site(gap, prev[-1], m):
            m.role = "reference"
        elif gap.strip() == "," and m.source == "anaphor" and prev[-1].place is m.place:
            # apposition: "aimed at Camp Taji, the base north of ...": the same place, the
            # same role
            m.role = prev[-1].role
    if sent.text[e:e + 2].startswith(("’s", "'s", "’ “", "’")) and any(
            o.sentence == m.sentence and o.start >= m.end and o.start - m.end <= 4
            for o in mentions):
        m.role = "reference"
    elif owns_a_named_part(sent.text, e):
        m.role = "reference"  # "a hotel on Mogadishu's Lido beach": the beach is the site
    if _NEAR_BEFORE.search(before):
        m.near = True
    if _AFFILIATION_AFTER.match(after) or _GOVERNMENT_AFTER.match(after):
        m.role = "context"  # "Tehran-aligned militias": who backs them, not where
    elif last in ("to", "with", "by") and _AFFILIATION_BEFORE.search(before):
        m.role = "context"  # "a militia with ties to Tehran": who backs it, not where
    elif last in ("in", "at", "from") and (_SPEAKER_BEFORE.search(before) or
                                           _SPEAKER_AFTER.match(after)):
        m.role = "context"  # "officials in Warsaw said": where they spoke, not the event
    elif last in ("for", "the") and _SPOKESMAN_FOR.search(before):
        m.role = "context"  # "a spokesman for the Beni sector": whose spokesman
    elif last == "in" and s <= 3 and _SPEAKER_SCENE_AFTER.match(after):
        m.role = "context"  # "In Washington, a spokesman held ... responsible": likewise
    elif last == "from" and _ORIGIN_BEFORE.search(before):
        m.role = "context"  # "its crew, who are mostly from X": where they come from
    elif last in ("in", "from", "of") and _FLED_BEFORE.search(before):
        m.role = "context"  # "families who fled the fighting in X": where they came from
    elif prev and prev[-1].role == "context" and _FLED_BEFORE.search(
            sent.text[max(0, prev[-1].start - sent.start - 80):prev[-1].start - sent.start]) \
            and re.fullmatch(r"\s*(?:,|and|or|,\s*and)\s*", gap_before(prev[-1], m, sent)):
        m.role = "context"  # "... fled the fighting in X and Y": Y too
    elif _DESTINATION_BEFORE.search(before) or _RETREAT_BEFORE.search(before) or (
            last == "from" and _CARGO_ORIGIN_BEFORE.search(before)) or \
            _LOADED_AT_BEFORE.search(before):
        m.role = "context"  # "the column was heading north towards X": where it was going
    elif last in ("in", "on", "over", "of") and _SETTING_BEFORE.search(before):
        m.role = "context"
    if s < 60:
        if e <= dateline_end(sent.text):
            m.role = "context"  # where the story was filed, not where it happened


# "five rockets loaded and pointed towards X": where weapons found were aimed, not where
# they were found
_AIM_BEFORE = re.compile(r"\b(?:aimed|pointed|pointing|trained)\s+(?:towards?|at|in\s+the\s+"
                         r"direction\s+of)\s+(?:the\s+)?$", re.I)


def _aim_of_weapons(sent: Sentence, m: Mention) -> bool:
    return m.role == "target" and bool(_AIM_BEFORE.search(
        sent.text[max(0, m.start - sent.start - 40):m.start - sent.start]))


def located_by_reference(sent: Sentence, mentions: list[Mention]) -> None:
    """A sentence whose only places are references by direction or distance ("camps in the
    forest south of Kaya"): the event is near that place (role ``location``, ``near``), not
    somewhere in its country."""
    if any(m.role in ("impact", "location", "target") and m.place is not None and
           not m.is_country and not _aim_of_weapons(sent, m) for m in mentions):
        return
    found = [m for m in mentions if m.role == "reference" and m.place is not None and
             not m.is_country and m.source != "anaphor" and (
                 _REFERENCE_BEFORE.search(sent.text[max(0, m.start - sent.start - 80):
                                                    m.start - sent.start]) or
                 _ROAD_END_BEFORE.search(sent.text[max(0, m.start - sent.start - 80):
                                                   m.start - sent.start]))]
    # ("North of Balad, a bomb exploded on the highway north of Tikrit": the opening
    # direction sets the scene, the other places the event)
    inner = [m for m in found if not _OPENING_DIRECTION.match(
        sent.text[:m.start - sent.start])]
    for m in inner or found:
        m.role, m.near = "location", True
