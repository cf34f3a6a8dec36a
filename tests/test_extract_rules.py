"""Every rule of ``geoincidents/extract/rules/*.jsonl`` fires on text made from it.

Adding a rule is adding one line to one rules file; these tests then check it (a trigger
or weapon with the example it carries, a role, munition, number or casualty word in a
sentence built from it), so that a rule that never fires fails here.
"""

from __future__ import annotations

import json
import re

import pytest

from geoincidents.errors import DataError
from geoincidents.extract import lexicon
from geoincidents.extract.casualties import casualties
from geoincidents.extract.counts import munition_counts
from geoincidents.extract.numbers import value
from geoincidents.extract.triggers import PRIORITY, event_type, examples, weapons


def _phrase(pattern: str) -> str:
    """A plain phrase a simple rule pattern matches: the first branch of each group, an
    optional part left out ("rockets?" -> "rocket", "(?:a|the)\\s+x" -> "a x")."""
    out = pattern.replace("\\s+", " ").replace("\\s*", "").replace("\\b", "")
    for _ in range(5):
        out = re.sub(r"\(\?:([^()|]*)(?:\|[^()]*)?\)\?", "", out)       # optional group
        out = re.sub(r"\(\?:([^()|]*)(?:\|[^()]*)?\)", r"\1", out)      # first branch
    out = re.sub(r"\[(.)[^\]]*\]", r"\1", out)                           # first of a class
    out = re.sub(r".\?", "", out)                                        # optional char
    return out.replace("\\w*", "").replace("\\w+", "ed").replace("\\", "")


@pytest.mark.parametrize("expected, example", examples("triggers"))
def test_each_trigger_fires_on_its_example(expected, example):
    # a type of higher priority may share the words; the example must give its own type
    assert event_type(example) == expected


@pytest.mark.parametrize("expected, example", examples("weapons"))
def test_each_weapon_is_named_in_its_example(expected, example):
    assert expected in weapons(example)


def test_every_trigger_record_matches_its_own_example():
    for rec in lexicon.records("triggers"):
        assert re.search(rec["pattern"], rec["example"], re.I), rec


def test_each_event_type_has_a_trigger_and_is_registered():
    from geoincidents import event_types

    assert set(PRIORITY) <= set(event_types.names())


@pytest.mark.parametrize("rec", [r for r in lexicon.records("roles") if not r.get("parse_only")],
                         ids=lambda r: r["pattern"])
def test_each_role_word_gives_its_role(rec):
    if rec.get("example"):  # a phrase no frame below fits carries its own sentence
        assert rec["role"] in munition_counts(rec["example"]), rec["example"]
        return
    verb = _phrase(rec["pattern"])
    before = munition_counts(f"Militants {verb} three rockets near the base.")
    after = munition_counts(f"Three rockets {verb} near the base.")
    assert rec["role"] in before or rec["role"] in after, verb


@pytest.mark.parametrize("rec", lexicon.records("munitions"), ids=lambda r: r["munition"])
def test_each_munition_is_counted(rec):
    noun = _phrase(rec["munition"])
    assert munition_counts(f"Militants fired four {noun} at the base.") == {"n_fired": 4}, noun


@pytest.mark.parametrize("rec", [r for r in lexicon.records("numbers") if "word" in r],
                         ids=lambda r: r["word"])
def test_each_number_word_counts(rec):
    assert value(rec["word"]) == rec["value"]
    if rec["value"] and not rec.get("phrase_only"):
        counted = munition_counts(f"Militants fired {rec['word']} rockets at the base.")
        assert counted == {"n_fired": rec["value"]}


@pytest.mark.parametrize("rec", [r for r in lexicon.records("numbers") if "qualifier" in r],
                         ids=lambda r: r["qualifier"])
def test_each_qualifier_keeps_the_number(rec):
    assert value(f"{rec['qualifier']} 7") == 7
    got = casualties(f"{rec['qualifier'].capitalize()} 7 people were killed in the blast.")
    assert got.killed == 7
    assert ("lower bound" in "; ".join(got.notes)) == bool(rec.get("lower_bound"))


@pytest.mark.parametrize("rec", [r for r in lexicon.records("casualties") if "person" in r],
                         ids=lambda r: r["person"])
def test_each_person_noun_is_counted(rec):
    noun = _phrase(rec["person"])
    if noun in ("one", "no one", "nobody", "anyone", "someone", "others"):
        pytest.skip("a pronoun, counted by its own rules")
    got = casualties(f"Four {noun} were killed in the attack.")
    if rec.get("own_charge"):  # a bomber killed by his own charge: never counted
        assert got.total("killed") is None and "never counted" in "; ".join(got.notes), noun
        return
    if rec.get("attacker"):  # the attackers' deaths: told apart, added to the toll
        assert got.killed is None and got.attackers_killed == 4, noun
        assert got.total("killed") == 4 and "added to the toll" in "; ".join(got.notes), noun
        return
    assert got.killed == 4, noun


def test_every_country_demonym_is_a_victim_noun():
    """The nationalities are the world gazetteer's demonyms (`extract.demonyms`), no hand
    list: every plural one counts its victims, and every one names whose casualties a
    "none" record's ``{demonym}`` slot speaks of."""
    from geoincidents.extract import demonyms

    table = demonyms.countries()
    assert "Americans?" not in {r.get("person") for r in lexicon.records("casualties")}
    missed = []
    for word in sorted(table):
        name = word.title()
        if word.endswith(("s", "men")) and not word.endswith("ss"):
            got = casualties(f"Four {name} were killed in the attack.")
            if got.killed != 4:
                missed.append(f"Four {name} were killed: {got.killed}")
        elif " " not in word:
            got = casualties(f"There were no {name} casualties, officials said.")
            if (got.killed, got.injured) != (0, 0):
                missed.append(f"no {name} casualties: {(got.killed, got.injured)}")
    assert not missed, missed
    # two nationalities add up: "two Americans and a Briton" (Briton: extra_names.csv)
    assert casualties("Two Americans and a Briton were killed in the blast.").killed == 3


def _victim_rules():
    from geoincidents.extract import victim_names

    return victim_names.rules().rules


@pytest.mark.parametrize("rec", _victim_rules(), ids=lambda r: r["id"])
def test_each_named_victim_rule_reads_its_example(rec):
    """Every `rules/victims.jsonl` rule (spaCy Matcher patterns) counts the people its
    example names, and the killed of `casualties` are that number."""
    from geoincidents import nlp
    from geoincidents.extract import victim_names

    got = victim_names.named(nlp.entities(rec["example"])[:])
    assert got is not None and got[0] == rec["names"], (rec["example"], got)
    assert casualties(rec["example"]).killed == rec["names"]


def test_a_named_victim_rule_with_a_bad_part_is_named(tmp_path, monkeypatch):
    from geoincidents.extract import victim_names

    (tmp_path / "victims.jsonl").write_text(
        '{"id": "x", "part": "middle", "pattern": [{"LOWER": "killed"}]}\n', encoding="utf-8")
    monkeypatch.setattr(victim_names, "RULES_DIR", tmp_path)
    victim_names.rules.cache_clear()
    try:
        with pytest.raises(DataError, match=r"victims.jsonl, line 1.*'part': was 'middle'"):
            victim_names.rules()
    finally:
        victim_names.rules.cache_clear()


@pytest.mark.parametrize("kind", ["toll", "none", "died_later"])
def test_each_toll_none_and_died_later_record_reads_its_example(kind):
    for rec in [r for r in lexicon.records("casualties") if kind in r]:
        got = casualties(rec["example"])
        if kind == "none":
            assert all(got.get(k) == 0 for k in rec["kinds"]), rec["example"]
        elif kind == "toll":  # a toll of the dead, or of the wounded ("kind")
            assert got.get(rec.get("kind", "killed") if rec.get("kind") != "told"
                           else "injured") == 5, rec["example"]
        else:
            assert (got.killed, got.injured) == (2, 2), rec["example"]


@pytest.mark.parametrize("rec", [r for r in lexicon.records("casualties") if "hurt" in r],
                         ids=lambda r: r["hurt"] + "/" + r["where"])
def test_each_casualty_word_counts_its_kind(rec):
    word = _phrase(rec["hurt"])
    text = (f"Five soldiers were {word} in the attack." if rec["where"] == "after" else
            f"The bomb exploded at the gate, {word} five soldiers.")
    if rec["where"] == "after" and word in ("died", "lost their lives"):
        text = f"Five soldiers {word} in the attack."
    text = rec.get("example", text)  # (a phrase no frame above fits carries its own)
    assert casualties(text).get(rec["kind"]) == 5, text


def test_a_bad_rule_line_is_named(tmp_path, monkeypatch):
    (tmp_path / "triggers.jsonl").write_text(
        json.dumps({"type": "raid", "pattern": "raid(", "example": "x"}) + "\n")
    monkeypatch.setattr(lexicon, "RULES", tmp_path)
    lexicon.records.cache_clear()
    try:
        with pytest.raises(DataError, match=r"triggers.jsonl, line 1, field 'pattern'"):
            lexicon.records("triggers")
        (tmp_path / "triggers.jsonl").write_text('{"type": "raid", "pattern": "raid"}\n')
        with pytest.raises(DataError, match=r"triggers.jsonl, line 1, field 'example': missing"):
            lexicon.records("triggers")
        (tmp_path / "triggers.jsonl").write_text('["raid"]\n')
        with pytest.raises(DataError, match=r"triggers.jsonl, line 1: expected a JSON object"):
            lexicon.records("triggers")
    finally:
        lexicon.records.cache_clear()


def test_an_unknown_rules_kind_is_refused():
    with pytest.raises(ValueError, match=r"`kind` was 'stance' but is expected"):
        lexicon.records("stance")


def test_a_second_group_with_its_own_verb_before_is_not_added():
    """'and three soldiers killing a guard': the second group is the subject of its own
    verb, so it is not a victim of the first verb (the look-ahead once held the verbs with
    their first three letters cut off and let 'killing' through)."""
    from geoincidents.extract import victim_patterns

    more = victim_patterns.people().more
    assert more.match(" and three soldiers killing a guard") is None
    assert more.match(" and three soldiers wounding two") is None
    assert more.match(" and three soldiers").group("np") == "three soldiers"


@pytest.mark.parametrize("rec", [r for r in lexicon.records("roles") if r.get("parse_only")],
                         ids=lambda r: r["pattern"])
def test_each_parse_only_role_word_gives_its_role_from_the_parse(rec):
    pytest.importorskip("spacy")
    from geoincidents.extract import count_parse, parsed

    if rec.get("example"):
        # a phrase whose complement is part of it ("knocked six of them out of the sky")
        # is read from the sentence its record carries
        text = rec["example"]
        assert count_parse.parse_counts(parsed.parse([text])[0]).get(rec["role"]), text
        return
    verb = _phrase(rec["pattern"])
    if rec.get("munition_as") == "subject":
        text = f"Three rockets {verb} near the base."
    else:
        text = f"Air defences {verb} three rockets near the base."
    assert count_parse.parse_counts(parsed.parse([text])[0]).get(rec["role"]) == 3, text


def test_a_bad_munition_position_is_named(tmp_path, monkeypatch):
    (tmp_path / "roles.jsonl").write_text(
        json.dumps({"role": "n_fired", "pattern": "fired", "munition_as": "agent"}) + "\n")
    monkeypatch.setattr(lexicon, "RULES", tmp_path)
    lexicon.records.cache_clear()
    try:
        expected = r"roles.jsonl, line 1, field 'munition_as': was 'agent'"
        with pytest.raises(DataError, match=expected):
            lexicon.records("roles")
    finally:
        lexicon.records.cache_clear()


@pytest.mark.parametrize("rec", lexicon.records("event_words"), ids=lambda r: r["plural"])
def test_each_plural_event_word_is_read_in_its_sets(rec):
    """A plural event word of `rules/event_words.jsonl` makes a tally ("dozens of ...") and
    a count ("there were 19 ...") general exactly when its record says so, and names
    events in the plural ("to discuss the ...") when it is ``told``."""
    from geoincidents.extract import triggers

    phrase = _phrase(rec["plural"])
    assert bool(triggers.TALLY.search(f"Residents said dozens of {phrase} hit the town.")) \
        is rec.get("tally", False)
    assert triggers.generic(f"There were 19 {phrase} in the town in June.") \
        is rec.get("count", False)
    if rec.get("told"):  # (one left out may hold one that is: "air strikes", "strikes")
        assert triggers.told_plural(f"Ministers met to discuss the {phrase}.")


def test_a_plural_event_word_in_no_set_is_named(tmp_path, monkeypatch):
    monkeypatch.setattr(lexicon, "RULES", tmp_path)
    lexicon.records.cache_clear()
    try:
        (tmp_path / "event_words.jsonl").write_text('{"plural": "raids"}\n')
        with pytest.raises(DataError, match=r"event_words.jsonl, line 1: in no set"):
            lexicon.records("event_words")
        (tmp_path / "event_words.jsonl").write_text('{"plural": "raids", "tally": "yes"}\n')
        with pytest.raises(DataError, match=r"line 1, field 'tally': was 'yes' but is expected"):
            lexicon.records("event_words")
    finally:
        lexicon.records.cache_clear()


def test_many_munitions_or_blasts_are_one_event_and_many_attacks_are_not():
    """The sets differ on purpose: "dozens of rockets" is one barrage and "dozens of
    explosions" may be heard in one attack, while "dozens of attacks" tallies many."""
    from geoincidents.extract import triggers

    assert not triggers.generic("Dozens of rockets struck the base overnight.")
    assert not triggers.generic("Residents heard dozens of explosions near the base.")
    assert triggers.generic("Militants mounted dozens of attacks on the base.")
