"""The faster place-mention passes (one pass over the article's tokens, the name
automaton, anaphors found from their nouns, last-word tests before the role patterns,
remembered distances, reasons worded when read) give what the plain ways give."""

from __future__ import annotations

import random
import re

import pytest

from geoincidents import settings
from geoincidents.extract import mentions as mm
from geoincidents.extract import prepare
from geoincidents.extract.text import Sentence, ascii_stand_in, decode, fold
from geoincidents.gazetteer import Gazetteer, Reasons

TRICKY = [
    "Rockets were fired from the\tarea of the (near Baghdad) and \u201cnear\u201d the wall.",
    "It was aimed at the base and another at the Green Zone; one came down NEAR THE  ",
    "Two shells hit the city, 12 km north of\u00a0the town, close to\nthe airport.",
    "They struck inside the compound, then the same air base and that same embassy's gate.",
    "Officials in Basra, Iraq said the drone was launched from an orchard in the Ali "
    "al-Salih area; strikes on the camp followed. İn ſome of the town's streets ...",
    "the base the base THE BASE, the   same   air   base's wall; the airbase, this camp",
    "Kata\u2019ib Hezbollah denied firing at Camp Taji, Baghdad\u2019s Green Zone or K1 base.",
]


def _articles() -> list[str]:
    texts = [decode(f.read_bytes(), str(f))[0]
             for f in sorted(settings.sample_articles_path().iterdir())]
    return texts + ["\n\n".join(TRICKY)]


def _record(m: mm.Mention) -> tuple:
    return (m.start, m.end, m.text, m.sentence, m.source, m.admin1, m.country_hint,
            [(p.place_id, name) for p, name in m.hits])


@pytest.mark.parametrize("text", _articles())
def test_article_pass_finds_what_sentence_passes_find(text, gaz):
    doc = prepare(text)
    whole = [_record(m) for m in mm.find_mentions(doc.text, doc.sentences, gaz)]
    # without the article's text every sentence is tokenized alone
    alone = [_record(m) for m in mm.find_mentions("", doc.sentences, gaz)]
    assert whole == alone
    # a sentence that is not a slice of the text is tokenized alone, in its place
    if len(doc.sentences) > 2:
        odd = list(doc.sentences)
        s = odd[1]
        odd[1] = Sentence(s.start, s.end, s.text + " in Baghdad", s.para)
        mixed = [_record(m) for m in mm.find_mentions(doc.text, odd, gaz)]
        assert mixed == [_record(m) for m in mm.find_mentions("", odd, gaz)]
    for m in mm.find_mentions(doc.text, doc.sentences, gaz):
        assert doc.text[m.start:m.end] == m.text


@pytest.mark.parametrize("text", _articles())
def test_anaphors_are_what_a_scan_of_each_sentence_finds(text, gaz):
    doc = prepare(text)
    found = mm.find_mentions(doc.text, doc.sentences, gaz)
    got = [(m.start, m.end, m.text, m.sentence) for m in found if m.source == "anaphor"]
    want = []
    for si, sent in enumerate(doc.sentences):
        names = [m for m in found if m.sentence == si and m.source == "gazetteer"]
        for a in mm._ANAPHOR.finditer(sent.text):
            noun = sent.start + a.start(1)
            if not any(n.start <= noun < n.end for n in names) and \
                    not mm._NAMED_AFTER.match(sent.text, a.end()):
                want.append((sent.start + a.start(), sent.start + a.end(1),
                             sent.text[a.start():a.end(1)], si))
    assert got == want
    if text.startswith("Rockets were fired"):
        assert len(got) >= 8


def _brute_match(matcher: mm.Matcher, toks: mm.Tokens, i: int):
    """`Matcher.match_at` trying every window length, longest first."""
    forms = matcher.forms
    for n in range(min(matcher.max_len, len(toks) - i), 0, -1):
        keys = tuple(toks.keys[i:i + n])
        found = forms["exact"].get(keys)
        if found is None and keys[-1] not in mm._ARTICLE_WORDS and \
                keys[0] not in ("the", "an", "a"):
            bare = tuple(filter(None, map(mm._art_word, keys)))  # never empty here
            found = forms["article"].get(bare) or forms["exact"].get(bare) or (
                forms["skeleton"].get(tuple(map(mm._skel_word, bare))) if len(bare) > 1
                else None)
        fits = [(place, name) for place, name in found or ()
                if mm._case_fits(toks.words[i:i + n], toks.capital[i:i + n], name)]
        if fits:
            return n, fits
    return None


def test_name_automaton_tries_every_length_that_can_match(gaz):
    matcher = mm.matcher_for(gaz)
    names = " ".join(n for p in gaz for n in p.names)  # every name, once
    for text in _articles() + [names]:
        toks = mm.Tokens(text)
        for i in range(len(toks)):
            assert matcher.match_at(toks.keys, toks.words, toks.capital, i) == \
                _brute_match(matcher, toks, i), (text[:40], i)



def test_tokens_made_with_the_matcher_carry_its_start_flags(gaz):
    """One probe per word gives the key, the capital and whether a name may start there:
    the same as the plain tokens and the matcher's own test, on words seen or not."""
    matcher = mm.matcher_for(gaz)
    for text in _articles() + TRICKY + ["Qzxv at As an Al-Qzxw Qzxw's", "at", ""]:
        plain = mm.Tokens(text)
        for _ in range(2):  # words new to the matcher, then remembered
            toks = mm.Tokens(text, matcher)
            assert (toks.keys, toks.capital) == (plain.keys, plain.capital)
            assert toks.name_starts == [
                w not in mm._ENGLISH_ARTICLES and matcher.starts(k)
                for w, k in zip(plain.words, plain.keys)]
    assert mm.Tokens("Baghdad").name_starts is None  # (no matcher: no flags)
    assert mm.Tokens("Baghdad", matcher).name_starts == [True]
    assert mm.Tokens("aimed at Taji", matcher).name_starts[1] is False

_BEFORE = [(mm._LAUNCH_GATE, mm._LAUNCH_BEFORE, mm._LAUNCH_LAST),
           (mm._REFERENCE_GATE, mm._REFERENCE_BEFORE, mm._REFERENCE_LAST),
           (mm._IMPACT_GATE, mm._IMPACT_BEFORE, mm._IMPACT_LAST),
           (mm._TARGET_GATE, mm._TARGET_BEFORE, None),
           (mm._ELLIPSIS_GATE, mm._TARGET_ELLIPSIS, mm._ELLIPSIS_LAST),
           (mm._NEAR_GATE, mm._NEAR_BEFORE, mm._NEAR_LAST)]


@pytest.mark.parametrize("text", TRICKY + [
    "five rockets were fired from the direction of the ", "landed (near ",
    "targeting the old ", "aimed at one and another at the ", "—around\u2003",
    "fired from an orchard near the ", "came down close to ", "hit_near ", "hit-near "])
def test_last_word_tests_agree_with_the_role_patterns(text):
    for cut in range(len(text) + 1):
        before = text[:cut]
        low = fold(before)
        last = mm._last_word(low)
        for gate, rx, lasts in _BEFORE:
            may = last is not None if lasts is None else last in lasts
            assert bool(may and gate.search(before, low)) == bool(rx.search(before)), \
                (rx.pattern[:30], before)


def test_reasons_are_worded_when_read_and_compare_as_phrases():
    gaz = Gazetteer.load(user=False)
    near = [(44.36, 33.31)]
    best = gaz.candidates("Taji", country={"IQ"}, near=near, limit=1)[0]
    assert isinstance(best.why, Reasons)
    words = tuple(best.why)
    assert words[0] == "exact name match (1.00)" and "curated entry +0.30" in words
    assert "in IQ, which the context names +0.30" in words
    assert any(" km from other places in the context +" in w for w in words)
    assert best.why == words and hash(best.why) == hash(words) and len(best.why) == len(words)
    assert "; ".join(best.why) == "; ".join(words)
    other = gaz.candidates("Taji", country={"US"}, limit=1)[0]
    assert "in IQ, which the context does not name -0.20" in other.why
    assert other.why != best.why


def test_remembered_distances_equal_fresh_ones():
    gaz = Gazetteer.load(user=False)
    places = [(p, 1.0, "exact") for p in list(gaz)[:12]]
    near = [(44.36, 33.31), (69.2, 34.5), (43.1, 36.3)]
    first = gaz._closest_km(places, near)
    again = gaz._closest_km(places[::-1], tuple(near))[::-1]
    fresh = Gazetteer.load(user=False)._closest_km(places, near)
    assert first == again == fresh
    one = [Gazetteer.load(user=False)._closest_km([p], near)[0] for p in places]
    assert one == first
    assert gaz._closest_km(places, []) == [None] * len(places)


def test_sentences_between_words_and_empty_ones(gaz):
    text = "Rockets hit Camp Taji.\n\nNothing.\n\nThe base was hit again."
    sentences = [Sentence(0, 22, text[0:22], 0), Sentence(24, 24, "", 1),
                 Sentence(24, 32, text[24:32], 1), Sentence(34, len(text), text[34:], 2)]
    got = [(m.text, m.sentence, m.source) for m in mm.find_mentions(text, sentences, gaz)]
    assert got == [("Camp Taji", 0, "gazetteer"), ("The base", 3, "anaphor")]
    assert got == [(m.text, m.sentence, m.source)
                   for m in mm.find_mentions("", sentences, gaz)]


def test_scores_without_positions_are_remembered_and_equal_fresh_ones():
    gaz = Gazetteer.load(user=False)
    first = gaz.candidates("Springfield", country={"US"}, limit=25)
    gaz._memo.clear()  # the answers go; the scores stay
    again = gaz.candidates("Springfield", country={"US"}, limit=25)
    fresh = Gazetteer.load(user=False).candidates("Springfield", country={"US"}, limit=25)
    assert len(first) > 3 and first == again == fresh
    assert all(a is b for a, b in zip(first, again))  # the same objects, not re-scored
    gaz.clear_memo()  # what benchmarks do between articles: scores go too
    assert gaz.candidates("Springfield", country={"US"}, limit=25) == first
    other = gaz.candidates("Springfield", country={"GB"}, limit=25)
    assert [c.score for c in other] != [c.score for c in first]


def test_possessive_splits_cut_as_backtracking_ones():
    # "*+" keeps no backtracking state; with nothing after the repeat, the words are the same
    rng = random.Random(11)
    chars = "ab’'_ .é1\u00a0"
    for rx in (mm._SPLIT, mm._SPLIT_ASCII):
        plain = re.compile(rx.pattern.replace("*+)", "*)"))
        assert plain.pattern != rx.pattern
        for _ in range(5_000):
            text = "".join(rng.choice(chars) for _ in range(rng.randrange(12)))
            assert rx.split(text) == plain.split(text), text
    assert mm._SPLIT.pattern == f"({mm._TOKEN.pattern}+)"  # the token pattern, possessive


def test_ascii_split_cuts_words_as_the_general_one():
    text = "".join(chr(c) for c in range(128)) * 2 + " it's O'Neill's 'quoted' _x_ a1b2 'n'"
    assert mm._SPLIT_ASCII.split(text) == mm._SPLIT.split(text)
    for text in _articles():
        text = text.encode("ascii", "replace").decode()
        assert mm._SPLIT_ASCII.split(text) == mm._SPLIT.split(text)


def _split_tokens(rx, text):
    """(words, gaps, starts) as a split by ``rx`` gives them."""
    parts = rx.split(text)
    starts, at = [], 0
    for k in range(1, len(parts), 2):
        at += len(parts[k - 1])
        starts.append(at)
        at += len(parts[k])
    return parts[1::2], parts[0::2], starts + [len(text)]


def test_the_byte_loop_cuts_words_as_the_ascii_split():
    rng = random.Random(5)
    chars = "aZ09'_ .,-'\n\t\x1f"
    texts = ["".join(rng.choice(chars) for _ in range(rng.randrange(14)))
             for _ in range(20_000)]
    texts += ["".join(chr(c) for c in range(128)) * 2 + " it's O'Neill's 'quoted' _x_ a1b2 'n'"]
    texts += [t.encode("ascii", "replace").decode() for t in _articles()]
    for text in texts:
        assert mm._ascii_words(text, text) == _split_tokens(mm._SPLIT_ASCII, text), text
        toks = mm.Tokens(text)
        assert (toks.words, toks.gaps, toks.starts) == _split_tokens(mm._SPLIT, text), text


def test_news_quotes_cut_words_as_the_general_split():
    text = ("“It’s over,” the mayor’s aide said — twice… O’Neill’s ‘quoted’ 12\u00a0km, "
            "a1b2 'n' it's")
    assert ascii_stand_in(text) is not None
    rng = random.Random(8)
    chars = "ab1’'‘“” .\u00a0\u2013\u2014\u2026\u2009\u202f"
    texts = [text] + _articles() + [
        "".join(rng.choice(chars) for _ in range(rng.randrange(12))) for _ in range(20_000)]
    for text in texts:
        toks = mm.Tokens(text)
        assert (toks.words, toks.gaps, toks.starts) == _split_tokens(mm._SPLIT, text), text
    # letters, digits and signs of other scripts stand as "a" or a space
    rng = random.Random(9)
    chars = "ab1’'_ .\u00a0éÉİß\u00b2٣\u212a\U0001f600\u0301中-"
    texts = ["Medellín’s “old” town", "naïve café’s 12\u00b3 ٣ rockets"] + [
        "".join(rng.choice(chars) for _ in range(rng.randrange(12))) for _ in range(20_000)]
    for text in texts:
        toks = mm.Tokens(text)
        assert (toks.words, toks.gaps, toks.starts) == _split_tokens(mm._SPLIT, text), text
    many = "".join(chr(c) for c in range(0x4E00, 0x4E00 + 65)) + " a’b"
    assert ascii_stand_in(many) is None  # (the general split)
    toks = mm.Tokens(many)
    assert (toks.words, toks.gaps, toks.starts) == _split_tokens(mm._SPLIT, many)


def test_the_stand_in_keeps_length_and_word_characters():
    rng = random.Random(3)
    chars = "ab ’‘“”\u00a0\u2013\u2014\u2026\u2009\u202féİ\u00b2ß\U0001f600_'"
    word = re.compile(r"[^\W_]")
    for _ in range(20_000):
        text = "".join(rng.choice(chars) for _ in range(rng.randrange(9)))
        stand_in = ascii_stand_in(text)
        assert stand_in is not None and stand_in.isascii() and len(stand_in) == len(text)
        for a, b in zip(text, stand_in):
            assert bool(word.match(a)) == bool(word.match(b)), (a, b)
            assert (a in "'’") == (b == "'"), (a, b)


def test_capitalised_words_are_what_the_pattern_finds():
    rng = random.Random(13)
    chars = "AZaz09 -'’éÉİ\u212a\U0001f600.Mc"
    texts = _articles() + ["".join(rng.choice(chars) for _ in range(rng.randrange(15)))
                           for _ in range(20_000)]
    for text in texts:
        assert mm._capitalised_words(text) == mm._WORD_RE.findall(text), text
