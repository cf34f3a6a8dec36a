"""Place mentions geocoded with the document as context: the countries it is about,
demonyms, anaphors ("the base") resolved to the place they refer to."""

from __future__ import annotations

import re
from collections.abc import Iterable

from geoincidents.extract.anaphors import KINDS as ANAPHOR_KINDS
from geoincidents.extract.name_matcher import country_named
from geoincidents import worldgaz
from geoincidents.extract.place_roles import _assign_role, admin_named, located_by_reference
from geoincidents.extract import demonyms, triggers
from geoincidents.extract.place_names import national_capital
from geoincidents.extract.place_tokens import _LOCATIVE_END, Mention
from geoincidents.gazetteer import (
    Candidate,
    Gazetteer,
    Place,
    normalize,
    strip_articles,
)
from geoincidents.gazetteer.world import FALLBACK_NAME_KINDS, as_place

# -- resolving ---------------------------------------------------------------------------------

_WORD_RE = re.compile(r"[A-Z][a-z]+")


def _capitalised_words(text: str) -> list[str]:
    """Capitalised ASCII words: a capital and the small letters after it."""
    return _WORD_RE.findall(text)


def document_countries(mentions: Iterable[Mention], text: str,
                       given: Iterable[str] = ()) -> dict[str, float]:
    """Countries the document is about, with weights: named places, countries, demonyms
    ("Iraqi"), in first-seen order (the first among equals wins)."""
    counts: dict[str, float] = {c.upper(): 3.0 for c in given}
    for m in mentions:
        if m.place is not None and m.place.country:
            code = m.place.country
            counts[code] = counts.get(code, 0.0) + (2.0 if m.source == "gazetteer" else 1.0)
        elif m.country_hint:
            counts[m.country_hint] = counts.get(m.country_hint, 0.0) + 2.0
    for code, n in _demonyms(text):
        counts[code] = counts.get(code, 0.0) + n
    return counts


_last_demonyms: tuple = (None, ())  # (text, counts) of the last article: asked twice each


#: capitalised word -> the country code it is a demonym of, or "" (remembered)
_DEMONYM_OF: dict[str, str] = {}


def _demonym_of(word: str) -> str:
    code = demonyms.countries().get(word.lower().removesuffix("s"), "")
    if len(_DEMONYM_OF) < 100_000:
        _DEMONYM_OF[word] = code
    return code


def _demonyms(text: str) -> tuple[tuple[str, float], ...]:
    """Demonym weights of a text ("Iraqi" -> IQ 0.5 per mention), in first-seen order."""
    global _last_demonyms
    last_text, last = _last_demonyms  # one read: safe if threads share the module
    if last_text is text or last_text == text:
        return last
    words = _capitalised_words(text[:50_000])
    codes = list(map(_DEMONYM_OF.get, words))
    if None in codes:  # words not seen before
        codes = [code if code is not None else _demonym_of(w) for code, w in zip(codes, words)]
    counts: dict[str, float] = {}
    for code in filter(None, codes):
        counts[code] = counts.get(code, 0) + 0.5
    out = tuple(counts.items())
    _last_demonyms = (text, out)
    return out


def resolve_mentions(mentions: list[Mention], gazetteer: Gazetteer, text: str, sentences, *,
                     country: Iterable[str] = ()) -> list[Mention]:
    """Geocode each mention: curated names first, then the world with the document's
    countries and the positions of the curated places as context."""
    # pass 1: curated names alone, to learn the document's countries and positions
    for m in mentions:
        if m.source == "gazetteer" and m.hits:
            m.place = m.hits[0][0]
    counts = document_countries(mentions, text, country)
    top = {c for c, n in counts.items() if n >= max(1.0, 0.25 * max(counts.values(), default=0))}
    near = tuple(dict.fromkeys((m.place.lon, m.place.lat) for m in mentions
                               if m.place is not None and m.place.kind != "country"))
    gazetteer.prime_near({m.text for m in mentions if m.source == "gazetteer"}, near)
    cache: dict[tuple, list] = {}
    for m in mentions:
        if m.source == "gazetteer":
            key = (m.text.lower(), None)
            if key not in cache:
                cache[key] = gazetteer.candidates(m.text, country=top or None, near=near,
                                                  limit=5)
            found = cache[key]
            if found:
                m.candidates = found
                m.place, m.score = found[0].place, found[0].score
        elif m.source == "world":
            ctx = {m.country_hint} if m.country_hint else (top or None)
            found = gazetteer.candidates(m.text, country=ctx, limit=25)
            if m.admin1:
                state = [c for c in found if c.place.admin1 == m.admin1]
                also = _QUALIFIER.match(text, m.end)
                code = country_named(normalize(also[1])) if also and not state else None
                # "Tbilisi, Georgia": a state's name that is a country's too
                found = [c for c in found if c.place.country == code] if code else state
            elif m.country_hint:
                found = [c for c in found if c.place.country == m.country_hint]
            if len(strip_articles(normalize(m.text)).split()) == 1:
                # one word spelt otherwise is another word ("al-Baghdadi" is not Baghdad):
                # loose transliteration matches are for names of several words
                found = [c for c in found if getattr(c.why, "level", None) != "skeleton"]
            if top and not m.country_hint:
                # a name matched only loosely, in a country the article does not name, is
                # more likely a word of another kind ("al-Baghdadi" is not Baghdati, Georgia)
                found = [c for c in found if c.place.country in top or
                         getattr(c.why, "level", "exact") in ("exact", "world exact")]
            # a whole-word match is wanted: the world index also matches "al"-stripped keys
            m.candidates = found[:5]
            if found:
                m.place, m.score = found[0].place, found[0].score
            elif admin_named(m.text, text[m.end:]):
                # "in Paktika province", "Hiiraan region": a division the towns lack
                m.place = _division(m.text, m.country_hint or None, top)
            if m.place is None and _COMPASS_TAIL.search(m.text):
                # "Imphal West district": the part of the place named before the compass
                core = gazetteer.candidates(_COMPASS_TAIL.sub("", m.text), country=ctx,
                                            limit=1)
                if core and core[0].place.kind != "country":
                    m.place, m.score = core[0].place, core[0].score
                    m.candidates = core
    _resolve_anaphors(mentions)
    kept = [m for m in mentions if m.place is not None]
    by_sentence: dict[int, list[Mention]] = {}
    for m in kept:
        by_sentence.setdefault(m.sentence, []).append(m)
    for m in kept:  # only the sentence's own mentions matter to a role
        _assign_role(m, sentences[m.sentence], by_sentence[m.sentence])
    for si, ms in by_sentence.items():
        located_by_reference(sentences[si], ms)
    # "officials in Paris feared a wider war. A strike hit the same town": a place named
    # only as where someone spoke is no antecedent when a place of events came before
    _resolve_anaphors(kept, settings=False, text=text, sentences=sentences)
    for m in kept:
        if m.place is not None and m.place.kind == "country" and m.role != "launch" and \
                m.role != "reference" and not _locative_before(text, m):
            m.role = "context"
    return kept




#: ", Georgia": the name that qualifies a place
_QUALIFIER = re.compile(r"\s*,\s*([A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)")

#: "Imphal West", "Kabul North": a district named by its town and a bearing
_COMPASS_TAIL = re.compile(r"(?<=\w)\s+(?:North|South|East|West|Central)$")


def _division(name: str, hint: str | None, top: set[str]) -> Place | None:
    """The first-level (else second-level) division called ``name``, in the country the
    text qualifies it with, else in one the article is about, else the only one."""
    found = [w for w in worldgaz.lookup(name, kinds=("admin1", "admin2"),
                                        name_kinds=FALLBACK_NAME_KINDS)]
    if hint:
        found = [w for w in found if w.country == hint]
    elif top:
        found = [w for w in found if w.country in top] or (found if len(found) == 1 else [])
    return as_place(found[0]) if found else None


def _locative_before(text: str, m: Mention) -> bool:
    return bool(_LOCATIVE_END.search(text[max(0, m.start - 40):m.start]))


_ANAPHOR_DETERMINER = re.compile(r"^\w+\s+(?:same\s+)?")  # "the same base": base
_SPACE_RUN = re.compile(r"\s+")


def _resolve_anaphors(mentions: list[Mention], *, settings: bool = True,
                      text: str | None = None, sentences=None) -> None:
    """Each anaphor ("the same base") resolved to the last place of its kind named before;
    ``settings=False``: places told as settings (role ``context``) are skipped, a place
    introduced with the anaphor's noun ("the town of X" for "the same town") comes first
    (``text``: the article), and an anaphor with no other antecedent keeps the one it has."""
    placed: list[Mention] = []
    types: dict[int, str | None] = {}
    for m in sorted(mentions, key=lambda x: x.start):
        if m.source == "anaphor":
            word = _SPACE_RUN.sub(" ", _ANAPHOR_DETERMINER.sub("", m.text.lower()))
            kinds = ANAPHOR_KINDS.get(word, ())
            want_embassy = word == "embassy"
            want_capital = word == "capital"
            named = [p for p in placed if text is not None and _introduced_as(text, p, word)]
            tries = [(named or placed, bool(named))]
            last = placed[-1] if placed else None
            if named and last is not None and last.role in ("location", "impact") and \
                    last.sentence >= m.sentence - 1 and named[-1].sentence < last.sentence and \
                    last.place is not None and last.place.kind in kinds:
                # "X was struck ... Rockets were launched at Y. Four fell inside the
                # town": the place of that kind the sentence just before named as a site,
                # over one introduced with the noun earlier
                tries.insert(0, ([last], False))
            if not settings and m.role != "launch" and sentences is not None and \
                    _tells_a_strike(sentences[m.sentence].text):
                # "rockets launched from the town of X hit homes ... rockets struck the
                # town's centre": a struck town is no launch site named before, unless
                # no other place of its kind was named (a search or a roadblock "around
                # the town" may be at the launch site)
                struck = [p for p in placed if p.role != "launch"]
                named_struck = [p for p in named if p.role != "launch"]
                tries.insert(0, (named_struck or struck, bool(named_struck)))
            if not settings and sentences is not None and not any(
                    p.sentence >= m.sentence - 1 and p.place.kind in kinds for p in placed):
                # "Rockets hit X ... jets struck the town of Y ... the group said it fired
                # rockets at the town": a place named in a sentence of the same kind of
                # event first, unless the sentence before named one of its kind ("Y has
                # been a frequent target. In 2023, rockets hit the city")
                kind = _event_of(sentences, m.sentence, types)
                same = [p for p in placed if kind is not None and p.role != "launch" and
                        _event_of(sentences, p.sentence, types) == kind]
                named_same = [p for p in same if p in named]
                if same and m.role != "launch":
                    tries.insert(0, (named_same or same, bool(named_same)))
            if not any(_refer(m, prev, placed, kinds, is_named, want_embassy, want_capital)
                       for pool, is_named in tries for prev in reversed(pool)):
                if want_capital and not settings:
                    # the only capital named was where someone spoke or the story was
                    # filed ("In Washington, a spokesman said ... a tense week in the
                    # capital"): no place of events
                    m.role = "context"
        elif m.place is not None and (settings or m.role != "context"):
            placed.append(m)


def _event_of(sentences, index: int, types: dict[int, str | None]) -> str | None:
    """The event type of sentence ``index`` (kept in ``types``)."""
    if index not in types:
        types[index] = triggers.event_type(sentences[index].text)
    return types[index]


def _tells_a_strike(sentence: str) -> bool:
    """The sentence tells an attack (not a raid or a foiled one): what struck a place."""
    return triggers.event_type(sentence) not in (None, "raid", "thwarted")


def _refer(m: Mention, prev: Mention, placed: list[Mention], kinds, named: bool,
           want_embassy: bool, want_capital: bool) -> bool:
    """Resolve anaphor ``m`` to ``prev``'s place if it may stand for it (``named``: ``prev``
    was introduced with the anaphor's noun); True when it did."""
    p = prev.place
    if p is None or _measured_from(prev, placed, kinds):
        return False
    if (named or p.kind in kinds) and (not want_embassy or "embassy" in p.name.lower()) and \
            (not want_capital or national_capital(normalize(prev.text))):
        m.place, m.score = p, prev.score
        m.candidates = [Candidate(p, prev.score, p.name, (f"refers back to {prev.text!r}",))]
        return True
    return False


def _measured_from(m: Mention, placed: list[Mention], kinds) -> bool:
    """Whether ``m`` is only the point another place of its sentence is measured from
    ("Where: Konduga, about 35 km south-east of Maiduguri": "the town" is Konduga)."""
    return m.role == "reference" and any(
        q.sentence == m.sentence and q.start < m.start and q.role != "reference" and
        q.place is not None and q.place.kind in kinds for q in placed)


def follow_antecedents(mentions: list[Mention], before: dict[int, Place | None]) -> None:
    """Anaphors ("the city") pointed again at their antecedent's place when a later step
    resolved the antecedent anew (``before``: each mention's place, by ``id``, before that
    step): "ZAPORIZHZHIA ... struck Zaporizhzhia ... drones at the city" is one city."""
    moved: dict[int, Mention] = {}  # id of a place an antecedent had -> the latest such
    for m in sorted(mentions, key=lambda x: x.start):
        if m.source == "anaphor":
            new = moved.get(id(m.place))
            if new is not None:
                m.place = new.place
        elif before.get(id(m)) is not None and before[id(m)] is not m.place:
            moved[id(before[id(m)])] = m


def _introduced_as(text: str, m: Mention, noun: str) -> bool:
    """Whether ``m`` was named with ``noun``: "the town of X", "X town", "X, a town of
    15,000 people" (in apposition)."""
    before = text[max(0, m.start - 30):m.start].lower()
    after = text[m.end:m.end + len(noun) + 40].lower()
    if m.is_country or after.startswith(("'s", "’s")):
        return False  # "Balad, the main base of Iraq's F-16 fleet": Iraq is no base
    return bool(re.search(rf"\b{re.escape(noun)}\s+of\s+(?:the\s+)?$", before)) or \
        bool(re.match(rf"\s{re.escape(noun)}\b", after)) or \
        bool(re.match(rf",\s+(?:a|an)\s+(?:[\w-]+\s+){{0,2}}?{re.escape(noun)}\b", after))


def mention_record(m: Mention, sentences, source: str) -> dict:
    """One row of the ``places`` listing."""
    p = m.place
    return {"source_file": source, "char_start": m.start, "char_end": m.end, "text": m.text,
            "role": m.role, "near": m.near, "matched_by": m.source,
            "place_id": p.place_id if p else None, "place_name": p.name if p else None,
            "kind": p.kind if p else None, "country": p.country if p else None,
            "lon": round(p.lon, 5) if p else None, "lat": round(p.lat, 5) if p else None,
            "geo_precision": p.precision if p else None,
            "uncertainty_m": p.radius_m if p else None,
            "candidates": "; ".join(f"{c.place.name} [{c.place.place_id}, {c.place.country}] "
                                    f"{c.score:.2f}" for c in m.candidates[:5]),
            "sentence": sentences[m.sentence].text}

