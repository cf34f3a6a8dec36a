"""Find place mentions in news text and geocode them with the document as context.

Two kinds of mention are found: names and aliases of the curated gazetteer, matched on
word boundaries whatever their case, diacritics, apostrophes or "al-" articles (longest
match wins, so "Bagram" never matches inside "Bagrami" and "Kataib Hezbollah
headquarters" is one place); and capitalised names elsewhere in the world, looked up
in the GeoNames fallback only where the words around them say they are a place
("in Springfield", "Springfield, Illinois"). Words that are not places in context are
left out: a name after a person's title ("President Barham Salih"), inside an
organisation's name ("Hezbollah", "Baghdad Operations Command"), months and weekdays,
and capitalised words with nothing to mark them as places ("Reading the report ...").

Each mention gets a role from the words around it: ``launch`` ("fired from the Dora
district"), ``target`` ("targeting the Taji base"), ``impact`` ("landed in the
Green Zone"), ``location`` (the default), ``reference`` (a place used to locate another:
"north of Baghdad", "the Kadhimiya district of Baghdad", "Bagram, Afghanistan") and
``context`` (a country named but not as a location: "the U.S. retaliated").
"""

from __future__ import annotations

from bisect import bisect_right
from itertools import compress

from geoincidents.extract import place_names
from geoincidents.extract.anaphors import anaphors
from geoincidents.extract.name_matcher import Matcher, country_named, matcher_for, us_states
from geoincidents.extract.place_tokens import (
    _ADMIN_WORDS,
    _BEFORE_NAME,
    _BUILDINGS,
    _HYPHEN_JOINERS,
    _JOINERS,
    _NAME_GAP,
    _PLACE_NOUNS,
    LOCATIVE,
    ORG_WORDS,
    STOP_CAPS,
    TITLES,
    Mention,
    Tokens,
    _possessive_cut,
)
from geoincidents.extract.text import Sentence
from geoincidents.geoparse.detect import never_a_place
from geoincidents.gazetteer import (
    Gazetteer,
    world_index,
)


# -- finding mentions --------------------------------------------------------------------------

def find_mentions(text: str, sentences, gazetteer: Gazetteer) -> list[Mention]:
    """Every place mention in the sentences, unresolved (see `resolve_mentions`), sentence
    by sentence: curated names, then world names, then anaphors ("the base").

    The article is tokenized once when the sentences are slices of it cut between words
    (as `split_sentences` makes them); any other sentence is tokenized alone.
    """
    matcher = matcher_for(gazetteer)
    doc = Tokens(text, matcher) if text else None  # (no text: each sentence alone)
    clean: list[tuple[int, int, int, int, int]] = []  # see `_scan`
    odd: list[int] = []
    done = 0  # where the last clean sentence ends
    after = 0  # the first token after it
    for si, sent in enumerate(sentences):
        span = _token_span(doc, text, sent, done, after) if doc is not None else None
        if span is None:
            odd.append(si)
        else:
            done = sent.start + len(sent.text)
            after = span[1]
            clean.append((si, *span, sent.start, done))
    out = _scan(doc, 0, clean, matcher) if doc is not None and clean else []
    for si in odd:
        toks = Tokens(sentences[si].text, matcher)
        text_len = len(sentences[si].text)
        out += _scan(toks, sentences[si].start, [(si, 0, len(toks), 0, text_len)], matcher)
    out.sort(key=_mention_order)
    return out


_SOURCE_ORDER = {"gazetteer": 0, "world": 1, "anaphor": 2}


def _mention_order(m: Mention) -> tuple[int, int]:
    """Sort key: sentence by sentence, curated names, world names, anaphors (a stable
    sort keeps each kind in text order)."""
    return m.sentence, _SOURCE_ORDER[m.source]


def _token_span(doc: Tokens, text: str, sent: Sentence, done: int, first: int = 0
                ) -> tuple[int, int] | None:
    """The sentence's tokens in the article's, (first, end), when the sentence is a
    slice of the article after ``done`` cut between words; else None. No token before
    ``first`` starts at or after ``done`` (the tokens are walked from there: sentences
    come in order, and a walk costs less than a search of the whole list)."""
    s = sent.start
    e = s + len(sent.text)
    if s < done or not text.startswith(sent.text, s):
        return None
    where = doc.starts
    n = len(where)
    lo = first  # = bisect_left(where, s)
    while lo < n and where[lo] < s:
        lo += 1
    hi = lo  # = bisect_left(where, e)
    while hi < n and where[hi] < e:
        hi += 1
    if (lo == 0 or doc.stop(lo - 1) <= s) and (hi == lo or doc.stop(hi - 1) <= e):
        return lo, hi
    return None


def _scan(toks: Tokens, base: int, sents: list[tuple[int, int, int, int, int]],
          matcher: Matcher) -> list[Mention]:
    """Mentions in sentences that share one token list.

    Parameters
    ----------
    toks : Tokens
        The tokens of the article (or of one sentence).
    base : int
        What to add to an offset in ``toks.text`` to make it an offset in the article.
    sents : list of (int, int, int, int, int)
        Each sentence's number, first and end token, start and end in ``toks.text``;
        in text order.
    """
    if not toks.words:
        return []
    los = [s[1] for s in sents]
    his = [s[2] for s in sents]
    runs = _capital_runs(toks, los, his)
    run_starts = [a for _, a, _ in runs]
    used = bytearray(len(toks))
    keys, words, capital = toks.keys, toks.words, toks.capital
    out = []
    free = 0  # the first token not inside a name found already
    flags = toks.name_starts if toks.name_starts is not None else matcher.may_start(words)
    for i in compress(range(len(toks)), flags):
        if i < free:
            continue
        k = bisect_right(los, i) - 1
        if k < 0 or i >= his[k]:
            continue  # between sentences
        found = matcher.match_at(keys, words, capital, i, his[k])
        if found:
            n, hits = found
            if not _rejected(toks, i, i + n, los[k], runs, run_starts):
                m = _mention(toks, base, sents[k][0], i, i + n, "gazetteer")
                m.hits = hits
                out.append(m)
                used[i:i + n] = b"\x01" * n
            free = i + n
    out += _world_mentions(toks, base, sents, runs, used)
    out += anaphors(toks, base, sents, used)
    return out


def _mention(toks: Tokens, base: int, si: int, i: int, j: int, source: str) -> Mention:
    """The mention of tokens ``i`` to ``j`` (exclusive) of sentence ``si``."""
    s, e = toks.starts[i], toks.end(j - 1)
    return Mention(base + s, base + e, toks.text[s:e], si, source)


def _capital_runs(toks: Tokens, los: list[int], his: list[int]) -> list[tuple[int, int, int]]:
    """Spans of consecutive capitalised tokens (joined by al/de/of inside), no punctuation
    between them other than a hyphen, as (sentence index in ``los``, first, end)."""
    runs = []
    keys, capital, gaps, words = toks.keys, toks.capital, toks.gaps, toks.words
    end = 0
    for i in compress(range(len(toks)), capital):
        if i < end:
            continue  # inside the run before
        k = bisect_right(los, i) - 1
        if k < 0 or i >= his[k]:
            continue  # between sentences
        hi = his[k]
        j = i + 1
        while j < hi and (capital[j] or (j + 1 < hi and capital[j + 1] and (
                keys[j] in _JOINERS or (keys[j] in _HYPHEN_JOINERS and gaps[j + 1] == "-")))) and \
                gaps[j].strip() in ("", "-", "’s", "'s") and not _possessive_cut(words[j - 1]):
            j += 1
        runs.append((k, i, j))
        end = j
    return runs


def _rejected(toks: Tokens, i: int, j: int, lo: int, runs: list[tuple[int, int, int]],
              run_starts: list[int]) -> bool:
    """A matched name (tokens ``i`` to ``j`` of a sentence starting at token ``lo``)
    that is part of a person's or an organisation's name."""
    keys = toks.keys
    before = keys[i - 1] if i > lo else ""
    if before in TITLES:
        return True
    if j < len(keys) and keys[j] in _BUILDINGS and not toks.gaps[j].strip():
        return True  # "al-Thawra hospital": the hospital's name
    r = bisect_right(run_starts, i) - 1  # the only capitalised run that may hold the name
    if r < 0 or runs[r][2] < j:
        return False
    _, a, b = runs[r]
    if any(k in TITLES for k in keys[a:i]):
        return True
    if any(k in ORG_WORDS for k in keys[a:i] + keys[j:b]):
        return True
    # "Pompeo said", "Barham Salih issued": a capitalised name right before a place name
    # inside one run is a person's first name when the place is one word
    return False


#: the keys of a form's place field ("Where: Irbil"); `fields` reads the field itself
PLACE_FIELD_KEYS = ("where", "location", "place")

#: event nouns after which "on"/"against" introduces a place: "the strike on Kharkiv"
_EVENT_NOUNS = frozenset(
    "attack attacks strike strikes airstrike airstrikes raid raids assault assaults "
    "offensive bombing bombings shelling barrage barrages advance push".split())


#: words before "from" that make it an exception, not a place: "apart from the X attack"
_EXCEPTING = frozenset({"apart", "aside"})


def _world_mentions(toks: Tokens, base: int, sents: list[tuple[int, int, int, int, int]],
                    runs: list[tuple[int, int, int]], used: bytearray) -> list[Mention]:
    out = []
    states = None
    text, keys, capital, starts = toks.text, toks.keys, toks.capital, toks.starts
    placed_ends: set[int] = set()  # token after each run taken as a place
    placed_names: set[tuple[str, ...]] = set()  # the words of each name taken as a place
    later: list[tuple[int, int, int, str]] = []  # runs with no cue: (sentence, a, b, prev)
    for s, a, b in runs:
        _, lo, hi, _, _ = sents[s]
        if b - a > 1 and keys[a] in LOCATIVE and keys[a] in STOP_CAPS:
            a += 1  # "In Dosso, a bomb ...": the sentence's capitalised "In" is no name
        if a - 1 >= lo and keys[a - 1] in ("al", "el") and text[toks.end(a - 1):starts[a]] == "-":
            a -= 1  # "of al-Hudaydah": the article belongs to the name
        # only names the context marks as places: a locative word before, or ", State"
        k = a - 1
        while k >= lo and keys[k] in _BEFORE_NAME and not capital[k]:
            k -= 1  # "in southern", "in the"
        prev = keys[k] if k >= lo else ""
        if prev == "from" and k > lo and keys[k - 1] in _EXCEPTING:
            prev = keys[k - 1]  # "apart from the Tower 22 attack": no place, an exception
        # "Bradford and Wakefield", "Leeds, Bradford": listed with a place just named
        listed = k >= lo and (
            (prev in ("and", "or") and (k in placed_ends or (k > lo and used[k - 1]))) or
            (k + 1 == a and text[toks.end(k):starts[a]].strip() == "," and
             (a in placed_ends or used[k]) and " ".join(keys[a:b]) not in us_states() and
             keys[b - 1] not in _ADMIN_WORDS))
        # "a strike on Kharkiv", "attacks against Mosul": the target of an event
        aimed = prev in ("on", "against") and k > lo and keys[k - 1] in _EVENT_NOUNS
        # "Where: Irbil", "Location: Kismayo": a form's place field
        aimed = aimed or (k == lo and prev in PLACE_FIELD_KEYS and
                          text[toks.end(k):starts[a]].strip() == ":")
        # "Menaka, a market town near the border": a place told as one in apposition
        described = place_names.described_as_place(text, toks.end(b - 1)) or (
            prev == "of" and place_names.contained_in_area(text, toks.end(b - 1))) or \
            place_names.owns_a_named_part(text, toks.end(b - 1))
        if prev not in LOCATIVE and not aimed and not listed and not described and \
                not (b < hi and capital[b]):
            # none can hold (the cheap test first: most runs stop here); a name the
            # article places elsewhere may still be that place here (`_named_again`)
            later.append((s, a, b, prev))
            continue
        if any(used[a:b]):
            continue
        if b < hi and keys[b] in _BUILDINGS and not toks.gaps[b].strip():
            continue  # "al-Thawra hospital": a building's name
        between = text[toks.end(k):starts[a]] if k >= lo else ""
        locative = ((aimed or prev in LOCATIVE and (prev != "of" or (
            k > lo and keys[k - 1] in _PLACE_NOUNS))) and
            _NAME_GAP.fullmatch(between.replace(":", " ")) is not None) or listed or described
        qualified = None
        if b < hi and capital[b] and text[toks.end(b - 1):starts[b]].strip() == ",":
            states = states or us_states()
            q_end = b + 1
            if q_end < hi and capital[q_end] and f"{keys[b]} {keys[q_end]}" in states:
                q_end += 1
            qualified = " ".join(keys[b:q_end])
            if qualified not in states and not country_named(qualified):
                qualified = None
        if not locative and qualified is None:
            later.append((s, a, b, prev))
            continue
        if prev in TITLES:
            continue
        # cut before an organisation's or a person's word, unless the whole run is a place
        # the world knows ("Abu Dhabi", "Saudi Arabia")
        end = b if world_index().knows(" ".join(keys[a:b])) else next(
            (k for k in range(a, b) if keys[k] in ORG_WORDS or keys[k] in TITLES), b)
        while end > a and keys[end - 1] in _JOINERS:
            end -= 1
        words = keys[a:end]
        if not words or all(w in STOP_CAPS for w in words) or words[0] in STOP_CAPS:
            continue
        if any(w.isdigit() for w in words):
            continue
        m = _mention(toks, base, sents[s][0], a, end, "world")
        if never_a_place(m.text):  # the geoparser's list of names that are never places
            continue
        placed_ends.add(end)
        placed_names.add(tuple(words))
        if qualified is not None:
            states = states or us_states()
            if qualified in states:
                m.admin1 = states[qualified]
                m.country_hint = "US"
            else:
                m.country_hint = country_named(qualified)
        out.append(m)
    if placed_names and later:
        out += [_mention(toks, base, si, a, b, "world") for si, a, b in
                place_names.named_again(toks, sents, later, placed_names, used)]
        out.sort(key=lambda m: m.start)
    return out
