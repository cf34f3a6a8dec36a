"""The speed-ups of extraction (gates, scanners, memoised matcher and lookups) give the
same answers as the plain patterns and lookups they stand in for."""

from __future__ import annotations

import datetime as dt
import random
import re
from pathlib import Path

import pytest

from geoincidents.extract import events, extract_records, extract_text, mentions as mm
from geoincidents.extract import text as text_mod
from geoincidents.extract.dates import find_dates
from geoincidents.extract.numbers import NUMBER_FIRSTS
from geoincidents.extract.text import Gate, Sentence, fold, scan_word_ends, scan_words, \
    split_sentences
from geoincidents.gazetteer import Gazetteer

SENTENCES = [
    "Three Katyusha rockets were fired at Camp Taji on Sunday, and two of them landed inside.",
    "The militia denied any role, but officials blamed Kataib Hezbollah for the attack.",
    "A drone struck a convoy near Erbil airport; nobody was hurt, police said.",
    "Often two people were injured in Tehran when the other rounds fell short.",
    "Gunmen opened fire on a checkpoint outside Kirkuk, killing an Iraqi soldier.",
    "ſome 12,000 people marched through Baghdad's Tahrir Square İn protest.",
    "The Green Zone was hit by five rockets launched from the Ali al-Salih area of Baghdad.",
    "Nothing was damaged and no one was hurt at the Balad air base, the coalition said.",
    "Reading the report, President Barham Salih said the Bagram attack was thwarted.",
    "Officials seized 3 launchers and a dozen mortar rounds in Jalalabad late on Friday.",
    "At least four guards were taken to hospital and one later died; two others were hurt.",
    "Some 30 people were treated for minor injuries, and nobody lost their lives.",
    "",
    "No.",
]


def _spans(matches):
    return [(m.span(), m.groupdict()) for m in matches]


@pytest.mark.parametrize("text", SENTENCES)
def test_scanners_find_what_finditer_finds(text):
    assert _spans(scan_words(events._MUNITION_NP, text, events._MUNITION_NP_FIRSTS)) == \
        _spans(events._MUNITION_NP.finditer(text))
    assert _spans(scan_word_ends(events._CAS1, text, events._CAS1_FIRSTS)) == \
        _spans(events._CAS1.finditer(text))
    # as munition_counts() calls it: no match starts after the last munition noun or "of"
    last = max(fold(text).rfind(k) for k in events._MUNITION_NP_KEYS)
    assert _spans(scan_words(events._MUNITION_NP, text, events._MUNITION_NP_FIRSTS,
                             until=last)) == _spans(events._MUNITION_NP.finditer(text))
    # as casualties() calls it: no match starts after the last word of hurt
    last = max(fold(text).rfind(k) for k in events._HURT_KEYS)
    assert _spans(scan_word_ends(events._CAS1, text, events._CAS1_FIRSTS, until=last)) == \
        _spans(events._CAS1.finditer(text))


def test_scanners_find_what_finditer_finds_in_random_word_soups():
    # words of counts and casualties, digits, "_", odd letters that fold to ASCII
    # ("İ", "ſ", Kelvin's K), other scripts' letters and digits, the folded text's own forms
    vocab = ["five", "rockets", "the", "first", "drone", "no", "one", "was", "hurt", "were",
             "killed", "12", "3,000", "a", "dozen", "İn", "\u212a9", "_x", "x_1", "Tehran",
             "two", "soldiers", "wounded", ",", ";", "’s", "ſome", "of", "them", "٣", "é",
             "at", "least", "nobody", "people", "fired", "Seven", "SHELLS", "landed", "\x1c"]
    rng = random.Random(21)
    for _ in range(3_000):
        text = "".join(rng.choice(vocab) + rng.choice(("", " ", " ", "-", "\n"))
                       for _ in range(rng.randrange(1, 14)))
        low = fold(text)
        for until in (None, rng.randrange(len(text) + 1)):
            for rx, firsts, low_rx in ((events._MUNITION_NP, events._MUNITION_NP_FIRSTS,
                                        events._MUNITION_NP_LOW),):
                want = [m for m in rx.finditer(text) if until is None or m.start() < until]
                assert _spans(scan_words(rx, text, firsts, until=until)) == _spans(want), text
                want = [m for m in low_rx.finditer(low) if until is None or m.start() < until]
                assert _spans(scan_words(low_rx, low, firsts, low, until)) == _spans(want)
            want = [m for m in events._CAS1.finditer(text) if until is None or m.start() < until]
            assert _spans(scan_word_ends(events._CAS1, text, events._CAS1_FIRSTS,
                                         until=until)) == _spans(want), text
            want = [m for m in events._CAS1_LOW.finditer(low)
                    if until is None or m.start() < until]
            assert _spans(scan_word_ends(events._CAS1_LOW, low, events._CAS1_FIRSTS, low,
                                         until)) == _spans(want), text


def test_scan_word_ends_finds_numbers_inside_words():
    # "an" ends "Tehran": the plain pattern matches there, so the scanner must too
    text = "In Tehran two soldiers were wounded."
    got = _spans(scan_word_ends(events._CAS1, text, events._CAS1_FIRSTS))
    assert got == _spans(events._CAS1.finditer(text))
    assert got and got[0][0][0] < text.index("two")
    assert "a" in NUMBER_FIRSTS and "dozen" in NUMBER_FIRSTS


def test_fold_keeps_length_and_catches_caseless_matches():
    for text in SENTENCES + ["İı ſ K straße"]:
        assert len(fold(text)) == len(text)
    # re.I matches "ſome" for "some"; the folded text must contain the keyword too
    assert "some" in fold("ſome") and "kill" in fold("KİLL")


@pytest.mark.parametrize("text", SENTENCES)
def test_gates_agree_with_their_patterns(text):
    low = fold(text)
    for gate, rx in ((events._COUNT_GATE, events._MAY_COUNT),
                     (events._DAMAGE_GATE, events._MAY_DAMAGE),
                     (events._GENERIC_GATE, events.GENERIC),
                     (events._HEDGE_GATE, events.HEDGE_NEW),
                     (events._PLURAL_GATE, events.PLURAL_REF),
                     (events._PAST_PERFECT_GATE, events.PAST_PERFECT)):
        assert bool(gate.search(text, low)) == bool(rx.search(text)), rx.pattern[:40]
    assert events._HURT_GATE.may(low) == bool(events._MAY_HURT.search(text))
    plain = next((name for name, rx in events.TRIGGERS if rx.search(text)), None)
    assert events.event_type(text) == plain


def test_gate_without_pattern_and_with_sure_words():
    gate = Gate(("xy",), None, sure=("ab",))
    assert gate.search("zz ab", "zz ab") is True
    assert gate.search("zz xy", "zz xy") is True
    assert gate.search("zz", "zz") is None


# -- the name matcher ----------------------------------------------------------------------

def _plain_match(matcher: mm.Matcher, tokens, i):
    """The matcher's longest match, without the memoised start/end tests."""
    keys = [t.key for t in tokens[i:i + matcher.max_len]]
    exact, article, skel = (matcher.forms[f] for f in ("exact", "article", "skeleton"))
    for n in range(len(keys), 0, -1):
        window = tuple(keys[:n])
        hit = exact.get(window)
        if hit is None and window[-1] not in mm._ARTICLE_WORDS and \
                window[0] not in ("the", "an", "a"):
            art = tuple(a for a in map(mm._art_word, window) if a)
            if not art:
                continue
            hit = article.get(art) or exact.get(art)
            if hit is None and len(art) > 1:
                hit = skel.get(tuple(map(mm._skel_word, art)))
        if hit:
            hit = [(p, nm) for p, nm in hit if mm._case_ok(tokens[i:i + n], nm)]
            if hit:
                return n, hit
    return None


def test_cached_matcher_finds_the_same_mentions(gaz):
    matcher = mm.matcher_for(gaz)
    assert mm.matcher_for(gaz) is matcher  # built once per gazetteer
    fresh = mm.Matcher(gaz)
    for _ in range(2):  # the second round answers from the memos
        for text in SENTENCES:
            tokens = mm.tokenize(text)
            for i in range(len(tokens)):
                want = _plain_match(fresh, tokens, i)
                if matcher.starts(tokens[i].key):
                    assert matcher.match(tokens, i) == want, (text, i)
                else:
                    assert want is None, (text, i)
    sentences = [Sentence(0, len(t), t, 0) for t in SENTENCES if t]
    found = [(m.start, m.end, m.text, m.source) for m in
             mm.find_mentions("", sentences, gaz)]
    again = [(m.start, m.end, m.text, m.source) for m in
             mm.find_mentions("", sentences, gaz)]
    assert found == again
    names = {t for _, _, t, src in found if src == "gazetteer"}
    assert {"Camp Taji", "Erbil airport", "Kirkuk", "Green Zone", "Bagram"} <= names
    assert "Barham Salih" not in names and "Salih" not in names


def test_tokens_keep_possessives_and_keys():
    toks = mm.tokenize("Baghdad’s Green Zone, Kata’ib Hezbollah's base")
    assert [(t.text, t.key, t.possessive) for t in toks][:2] == [
        ("Baghdad’s", "baghdad", True), ("Green", "green", False)]
    assert toks[0].end == len("Baghdad") and toks[0].capital
    assert toks[3].key == "kataib"
    assert toks[4].possessive and toks[4].key == "hezbollah"



def test_tokens_of_new_and_remembered_words_agree():
    rng = random.Random(5)
    letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
    for k in range(300):
        if k == 200:  # then words with other letters and digits (the general split)
            letters += "éÉßİǅ١23"
        words = ["".join(rng.choice(letters) for _ in range(rng.randint(1, 9)))
                 + rng.choice(["", "'s", "’s", "'t"]) for _ in range(rng.randint(0, 6))]
        text = " ".join(words) + rng.choice(["", ".", " Zone"])
        first = mm.Tokens(text)  # words never seen: each key made (and remembered)
        again = mm.Tokens(text)  # all remembered: looked up at once
        assert (first.keys, first.capital) == (again.keys, again.capital), text
        assert first.keys == [mm._word_key(w[:len(w) - mm._possessive_cut(w)])
                              for w in first.words]
        assert first.capital == [w[:1].isupper() for w in first.words]
    assert mm.Tokens("").keys == [] and mm.Tokens("Qwzx").keys == ["qwzx"]
    assert mm.Tokens("Qwzx").capital == [True] and mm.Tokens("qwzy").capital == [False]

def test_candidate_memo_returns_fresh_equal_lists():
    gaz = Gazetteer.load()
    near = [(44.36, 33.31), (69.2, 34.5)]
    first = gaz.candidates("Taji", country={"IQ"}, near=near, limit=5)
    first.clear()  # the caller's list is its own
    again = gaz.candidates("Taji", country={"IQ"}, near=near, limit=5)
    plain = Gazetteer.load().candidates("Taji", country={"IQ"}, near=near, limit=5)
    assert again and again == plain
    # the vectorised distance scoring gives what one place at a time gives
    for c in again:
        one = gaz._score(c.place, 1.0, "exact", {"IQ"}, near)
        many = gaz._score(c.place, 1.0, "exact", {"IQ"}, near,
                          closest_km=gaz._closest_km([(c.place, 1.0, "exact")], near)[0])
        assert one == many


def test_window_gates_agree_with_their_patterns():
    """Role words before and after a number or a place: the gated tests answer as the
    patterns do, at every cut of every sentence."""
    before_gates = [(g, g.rx) for _, g, _ in events._ROLE_GATES] + [
        (events._PASSIVE_GATE, events._PASSIVE_HIT), (mm._LAUNCH_GATE, mm._LAUNCH_BEFORE),
        (mm._REFERENCE_GATE, mm._REFERENCE_BEFORE), (mm._IMPACT_GATE, mm._IMPACT_BEFORE),
        (mm._TARGET_GATE, mm._TARGET_BEFORE), (mm._ELLIPSIS_GATE, mm._TARGET_ELLIPSIS),
        (mm._NEAR_GATE, mm._NEAR_BEFORE)]
    after_gates = [(g, g.rx) for _, _, g in events._ROLE_GATES]
    extra = ["five rockets were later shot down", "hit by ", "launched from the ",
             "12 km north of the ", "was the target", "is located", "came down near the "]
    for text in SENTENCES + extra:
        for cut in range(len(text) + 1):
            before, after = text[:cut], text[cut:]
            for gate, rx in before_gates:
                assert bool(gate.search(before, fold(before))) == bool(rx.search(before))
            for gate, rx in after_gates:
                assert bool(gate.search(after, fold(after))) == bool(rx.search(after))
            for gate, rx in ((mm._REFERENCE_AFTER_GATE, mm._REFERENCE_AFTER),
                             (mm._TARGET_AFTER_GATE, mm._TARGET_AFTER)):
                assert (gate.may(fold(after)) and bool(rx.match(after))) == \
                    bool(rx.match(after))


DATED = [
    "Earlier this month, two rockets hit the base, and a drone was downed over it in June.",
    "Last week police said the raid of 3 March 2020 followed one the day before.",
    "Yesterday's blast came two days after a protest on Sunday night, officials said.",
    "In 2019 and again last year, the camp was shelled; this morning it was quiet.",
    "The same night, a second volley landed, three days later another, a week ago a third.",
]


@pytest.mark.parametrize("text", DATED + SENTENCES)
def test_keyword_gates_never_change_the_dates_found(text):
    # every registered literal "present": no pattern is skipped
    everything = set(text_mod._LITERALS)
    pub = dt.date(2021, 7, 12)
    assert find_dates(text, pub, pub) == find_dates(text, pub, pub, found=everything)


def test_iso_dates_are_looked_for_only_where_a_hyphen_is():
    from geoincidents.extract import dates

    assert dates._ISO_SCANS and all("-" in dates._SCANS[i][1].pattern.replace(r"\-", "")
                                    for i in dates._ISO_SCANS)
    found = find_dates("The strike of 2020-01-03 at the airport.", None)
    assert [(d.text, d.date) for d in found] == [("2020-01-03", dt.date(2020, 1, 3))]


WINDOWED = [
    "Fighting  in\u00a0January, then on Monday,\n  20th   of   December 2019 and Sunday, May 3.",
    "Marines said (in March) that since  June 2020 and mid- July 2021 it was quiet; Mark said so",
    "Late last Friday night and early Saturday, then Sept. 4, 2019 and 3 Sept; Janet left.",
    "Monday,December 20, 2019;Tuesday, 21 of December 2019,sincein January, byNovember",
    "the attack of 2 December, the one of Sunday, 3 December, and during May 2020",
]


def _sample_sentences():
    root = Path(__file__).resolve().parents[1] / "geodata" / "samples"
    for path in sorted(root.rglob("articles/*")):
        for sent in split_sentences(path.read_text(encoding="utf-8", errors="replace")):
            yield sent.text


def test_dates_looked_for_near_the_month_and_weekday_names_are_all_found(monkeypatch):
    from geoincidents.extract import dates

    texts = list(_sample_sentences()) + DATED + SENTENCES + WINDOWED
    pub = dt.date(2021, 7, 12)
    windowed = [find_dates(t, pub, pub) for t in texts]
    monkeypatch.setattr(dates, "_WINDOW_WORDS", 10**9)  # no window: the whole sentence
    assert windowed == [find_dates(t, pub, pub) for t in texts]
    assert sum(map(len, windowed)) > 100
    # (and the setting is read: with no word before the name, "Monday, December 20" is cut)
    monkeypatch.setattr(dates, "_WINDOW_WORDS", 0)
    assert windowed != [find_dates(t, pub, pub) for t in texts]


def test_two_dates_of_different_kinds_in_one_sentence():
    got = find_dates(DATED[0], dt.date(2021, 7, 12))
    assert [(d.kind, d.date) for d in got] == [("last_month", dt.date(2021, 7, 1)),
                                               ("month", dt.date(2021, 6, 1))]


@pytest.mark.parametrize("text", DATED + SENTENCES)
def test_keywords_are_the_registered_literals_in_the_text(text):
    low = fold(text)
    assert text_mod.keywords(low) == {k for k in text_mod._LITERALS if k in low}


@pytest.mark.parametrize("text", [
    "One.\n\nTwo. Three.\n \t\nFour", "  lead\n\n\n\nnext para.  \n\n", "\n\n", "a\nb\n\nc",
    "Title line\nBody goes on. And on.\n\n\tIndented para.\n\n\n"])
def test_paragraphs_are_what_the_blank_line_pattern_makes(text):
    import re

    expected = [(m.start(), m.group()) for m in
                re.finditer(r"\S(?:.*?)(?=\n[ \t]*\n|\Z)", text, re.S)]
    got = split_sentences(text)
    assert all(text[s.start:s.end] == s.text for s in got)
    # every sentence lies in the paragraph the pattern finds, numbered in order
    for s in got:
        p_start, chunk = expected[s.para]
        assert p_start <= s.start and s.end <= p_start + len(chunk)
    assert {s.para for s in got} == set(range(len(expected)))


@pytest.mark.parametrize("text", DATED + SENTENCES + [
    "Two guards were killed and no civilians were hurt; the depot was badly damaged.",
    "The blast left three people wounded, destroying a shop and damaging a school.",
    "Killing Commander Abu Ali and his driver, the strike also hit the mosque's roof."])
def test_keyword_gates_never_change_facts(text):
    everything = set(text_mod._LITERALS)  # every literal "present": nothing is skipped
    low = fold(text)
    assert events.casualties(text) == events.casualties(text, low, everything)
    assert events.damage(text) == events.damage(text, everything)
    assert events.munition_counts(text) == events.munition_counts(text, low, everything)
    assert events.actors(text, "rocket_attack") == \
        events.actors(text, "rocket_attack", low, everything)
    assert events.weapons(text) == events.weapons(text, everything)
    assert events.event_type(text) == events.event_type(text, low, everything)


def _article_sentences():
    from geoincidents import settings
    from geoincidents.extract import prepare
    from geoincidents.extract.text import decode

    samples = settings.data_dir / "samples"
    out = list(SENTENCES) + list(DATED)
    for folder in (samples / "articles", samples / "heldout" / "articles",
                   samples / "heldout2" / "articles"):
        for path in sorted(folder.iterdir()):
            doc = prepare(decode(path.read_bytes(), str(path))[0])
            out += [s.text for s in doc.sentences]
    return out


def test_prefix_gates_find_what_a_whole_search_finds():
    gates = [g for g in vars(events).values() if isinstance(g, Gate) and g.prefix]
    gates += [g for _, g in events._TRIGGER_GATES if g.prefix]
    assert len(gates) >= 12
    for text in _article_sentences():
        low = fold(text)
        found = text_mod.keywords(low)
        for gate in gates:
            fast, plain = gate.search_in(text, found, low), gate.search_in(text, found)
            assert (fast.span() if hasattr(fast, "span") else fast) == \
                (plain.span() if hasattr(plain, "span") else plain), (gate.keys, text)


def test_sentence_ends_tried_only_at_their_first_characters_are_all_found():
    from geoincidents.extract.text import _BOUNDARY, _boundaries

    root = Path(__file__).resolve().parents[1] / "geodata" / "samples"
    texts = [p.read_text(encoding="utf-8") for p in sorted(root.rglob("articles/*.txt"))]
    texts += ["Wait... what?! \"Yes.\" (No.)\nNext line.", "U.S. forces hit it.\n\nThen?", "..."]
    for text in texts:
        assert [m.span() for m in _boundaries(text)] == \
            [m.span() for m in _BOUNDARY.finditer(text)]


def test_passive_damage_found_from_the_verb_back_is_what_finditer_finds():
    rng = random.Random(11)
    pieces = ["the", "house", "was", "were", "damaged", "hit", "badly", "also", "by", "set ablaze",
              "a", "very long name of a building that goes on", ",", ".", ";", "’", "“", "-",
              "razed", "washed", "werewolf", "wasn't", "x" * 45, "  ", "\n"]
    texts = [fold(t) for t in _article_sentences()]
    texts += [fold(" ".join(rng.choice(pieces) for _ in range(rng.randint(0, 18))))
              for _ in range(5000)]
    found = 0
    for low in texts:
        want = [m.span() for m in events._DAMAGE_LOW[1].finditer(low)]
        assert [m.span() for m in events._passive_damage(low)] == want, low
        found += len(want)
    assert found > 300


def test_date_patterns_ascii_twins_find_the_same_dates(monkeypatch):
    from geoincidents.extract import dates

    texts = list(_sample_sentences()) + DATED + SENTENCES + WINDOWED + [
        "Last\x1cSunday night, three\x1fdays later", "On Monday\x1dnight and\x1eyesterday"]
    assert sum(map(text_mod.plain_ascii, texts)) > 100
    assert not text_mod.plain_ascii("Last\x1cSunday") and not text_mod.plain_ascii("Kata’ib")
    for kind, rx, _, twin in dates._SCANS:
        for t in filter(text_mod.plain_ascii, texts):
            assert _spans(twin.finditer(t)) == _spans(rx.finditer(t)), (kind, t)
    pub = dt.date(2021, 7, 12)
    got = [find_dates(t, pub, pub) for t in texts]
    # with the patterns in place of their twins: the same dates, separators or not
    monkeypatch.setattr(dates, "_SCANS", [(k, rx, need, rx) for k, rx, need, _ in dates._SCANS])
    assert got == [find_dates(t, pub, pub) for t in texts]
    assert sum(map(len, got)) > 100 and len(got[-1]) == 2 and len(got[-2]) == 2


def test_generic_plural_is_read_once_and_remembered():
    text = "The rocket attacks on the base have grown since the spring."
    f = events.read_sentence(0, Sentence(0, len(text), text, 0), [], None, None)
    assert f.etype and f.generic_plural is events._generic_plural(f) is True
    f.plural_ref = True  # (would make it False if read again)
    assert f.generic_plural is True
    single = "A rocket hit the base on Sunday."
    g = events.read_sentence(1, Sentence(0, len(single), single, 0), [], None, None)
    assert g.generic_plural is events._generic_plural(g) is False


def test_sentences_no_incident_uses_are_read_for_flags_only(gaz):
    # a sentence about events in general, and a headline: group_incidents skips both, so
    # their counts, casualties and actors are not read; type, date and flags are
    text = "Such rocket attacks have killed 40 people since 2019, officials blamed the PMF."
    f = events.read_sentence(0, Sentence(0, len(text), text, 0), [], None, None)
    assert f.generic and f.etype == "rocket_attack"
    assert (f.counts, f.casualties.killed, f.actors) == ({}, None, [])
    title = "Five rockets hit Camp Taji, killing two"
    h = events.read_sentence(0, Sentence(0, len(title), title, 0), [], None, None,
                             headline=True)
    assert h.headline and h.etype == "rocket_attack" and h.casualties.killed is None
    told = "Three rockets hit Camp Taji on Sunday, killing two soldiers."
    g = events.read_sentence(1, Sentence(0, len(told), told, 0), [], None, None)
    assert g.casualties.killed == 2 and g.counts == {"n_landed": 3}
    # ... and an article reads as it did with every sentence read in full (the headline's
    # and the generic sentence's facts would have added nothing)
    res = extract_text(f"{title}\n\n{told} {text}", gazetteer=gaz, published="2020-03-16")
    assert res.incidents[["n_landed", "killed"]].values.tolist() == [[3, 2]]


def test_a_sentence_without_an_event_is_dated_only_when_it_carries_facts(gaz):
    """Its date can only date an incident its facts go into, so it is read only then."""
    pub = dt.date(2021, 3, 4)

    def read(text):
        return events.read_sentence(0, Sentence(0, len(text), text, 0), [], pub, None)

    bare = read("Talks between the two delegations resumed on Sunday.")
    assert bare.etype is None and not bare.contributes and bare.date is None
    hurt = read("Two soldiers were wounded on Sunday, the ministry said.")
    assert hurt.etype is None and hurt.contributes
    assert (hurt.date.text, hurt.date.date) == ("Sunday", dt.date(2021, 2, 28))
    event = read("Rockets struck the base on Sunday.")
    assert event.etype == "rocket_attack" and event.date.date == dt.date(2021, 2, 28)
    # the facts' date goes to the incident they join, which had none of its own
    rows, *_ = extract_records("Published: 2021-03-04\n\nRockets struck the Balad air base "
                               "north of Baghdad. Two soldiers were wounded on Sunday, the "
                               "ministry said.\n", gazetteer=gaz)
    assert [(r["date"].date(), r["date_text"], r["injured"]) for r in rows] == \
        [(dt.date(2021, 2, 28), "Sunday", 2)]


def test_patterns_searched_at_their_first_words_find_what_search_finds():
    from geoincidents.extract.text import search_at

    samples = Path(__file__).resolve().parents[1] / "geodata" / "samples"
    texts = SENTENCES + [p.read_text(encoding="utf-8")
                         for p in sorted(samples.glob("*/articles/*")) + sorted(
                             (samples / "articles").iterdir())]
    vocab = ["with", "the", "attack", "attacks", "for", "Sunday's", "its", "raid", "to",
             "claimed", "fire", "fired", "carried", "out", "struck", "strikes", "three",
             "bombings", "missile", "hit", "killing", "ofte", "toward", "a", "strike"]
    rng = random.Random(17)
    texts += [" ".join(rng.choice(vocab) for _ in range(rng.randrange(1, 12)))
              for _ in range(5_000)]
    pairs = [(events._BACK_REF_LOW, events._BACK_REF_FIRSTS),
             (events._SINGULAR_EVENT_LOW, events._SINGULAR_EVENT_FIRSTS),
             (events._PLURAL_EVENT_LOW, events._PLURAL_EVENT_FIRSTS)]
    # every alternative of each pattern opens with a group of words, each of which starts
    # with one of the listed literals (a word added to a pattern must be listed too)
    for rx, firsts in pairs:
        depth, alts, cur, escaped = 0, [], "", False
        for ch in rx.pattern:  # the top-level alternatives
            if not escaped and ch == "|" and depth == 0:
                alts.append(cur)
                cur = ""
                continue
            cur += ch
            if not escaped:
                depth += (ch == "(") - (ch == ")")
            escaped = ch == "\\" and not escaped
        for alt in alts + [cur]:
            group = re.match(r"\\b\(\?:([^()]*)\)", alt)
            assert group, alt
            for word in group.group(1).split("|"):
                assert word.startswith(firsts), (word, rx)
    found = 0
    for text in texts:
        low = fold(text)
        for rx, firsts in pairs:
            want = rx.search(low)
            got = search_at(rx, low, firsts)
            assert (got and (got.span(), got.groupdict())) == \
                (want and (want.span(), want.groupdict())), (rx, text[:80])
            found += want is not None
    assert found > 1_000
