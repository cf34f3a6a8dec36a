"""extract.modality: negated, planned, feared, hypothetical and talked-about events.

Sentences are written for these tests.  Each case names the event word (the first
token with that text) and the label ``blocked`` must give, or None for a real event.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from geoincidents.errors import DataError

spacy = pytest.importorskip("spacy")
from geoincidents import nlp  # noqa: E402
from geoincidents.extract import modality  # noqa: E402

CASES = [
    # negated
    ("No rockets were launched from the village, the army said.", "launched", "negated"),
    ("No drones were fired at the city overnight.", "fired", "negated"),
    ("The army did not strike the village.", "strike", "negated"),
    ("The rebels have never attacked civilians.", "attacked", "negated"),
    ("Nobody was kidnapped during the raid.", "kidnapped", "negated"),
    # (actors21) "fired nothing"
    ("The militia said it had fired nothing at the town.", "fired", "negated"),
    ("There was no attack on the embassy that night.", "attack", "negated"),
    ("The speech was about border posts rather than any strike on the city.", "strike",
     "hypothetical"),
    ("The militia denied shelling the town.", "shelling", "negated"),
    ("The army denied that its soldiers had shot at the crowd.", "shot", "negated"),
    ("The group denied carrying out the bombing.", "carrying", "negated"),
    ("The group denied carrying out the bombing.", "bombing", "negated"),
    ("The faction plans to carry out attacks on the capital.", "attacks", "planned"),
    ("Officials denied reports that rockets had been fired at the embassy.", "fired",
     "negated"),
    ("The soldiers withdrew without firing a shot.", "firing", "negated"),
    # the event noun shares the verdict of a denial of its clause (rules marked "spreads")
    ("Officials denied reports that rockets had been fired at the embassy.", "rockets",
     "negated"),
    ("The governor dismissed as \"lies\" reports that a missile had struck the dam.", "missile",
     "negated"),
    ("The governor dismissed as \"lies\" reports that a missile had struck the dam.", "struck",
     "negated"),
    ("The navy denied claims that one of its boats had been hit by shellfire near the port.",
     "shellfire", "negated"),
    ("Police said none of the mortars had been fired from the camp.", "mortars", "negated"),
    # planned / future
    ("The militia plans to strike the base again.", "strike", "planned"),
    ("The militants threatened to attack the convoy.", "attack", "planned"),
    ("The group vowed to bomb government offices.", "bomb", "planned"),
    ("Insurgents will attack the airport, a commander warned.", "attack", "planned"),
    ("He said the faction would shell the port if talks failed.", "shell", "planned"),
    ("Police foiled a plot to bomb the market.", "bomb", "planned"),
    ("Officials uncovered a plan to attack the embassy.", "attack", "planned"),
    ("The militia announced its intention to shell the airport.", "shell", "planned"),
    ("Security was tightened ahead of a planned attack on the parliament.", "attack",
     "planned"),
    ("The fighters are going to raid the depot.", "raid", "planned"),
    ("The cleric renewed his call for attacks on foreign troops.", "attacks", "planned"),
    ("Troops were poised to attack the rebel enclave.", "attack", "planned"),
    ("The fighters are ready to strike the city.", "strike", "planned"),
    # feared
    ("Villagers feared raids by the militia.", "raids", "feared"),
    ("Fears of new attacks grew after the statement.", "attacks", "feared"),
    ("Officials warned of strikes on the port.", "strikes", "feared"),
    # hypothetical
    ("The group could target the airport next.", "target", "hypothetical"),
    ("Drones might hit the refinery, analysts said.", "hit", "hypothetical"),
    ("If the base is attacked, the army will respond.", "attacked", "hypothetical"),
    ("Unless the convoy is escorted, bandits will ambush it.", "escorted", "hypothetical"),
    ("Officials warned of possible strikes on the port.", "strikes", "hypothetical"),
    ("Diplomats discussed the potential bombing of the bridge.", "bombing", "hypothetical"),
    ("If there is another attack, the embassy will close.", "attack", "hypothetical"),
    # talked about, not an event in this sentence
    ("There was no comment on Saturday's attack.", "attack", "not_event"),
    ("The ministry did not comment on the raid.", "raid", "not_event"),
    ("A spokesman declined to comment on the shelling.", "shelling", "not_event"),
    # real events: not blocked
    ("Three rockets struck the base on Monday.", "struck", None),
    ("Rockets hit a border post in Syria; militia denies role", "hit", None),
    ("Gunmen attacked a checkpoint, killing two policemen.", "attacked", None),
    ("A drone strike hit the depot before dawn.", "strike", None),
    ("The rocket may have been fired from a nearby field.", "fired", None),
    ("The blast might have destroyed the bridge, engineers said.", "blast", None),
    ("No casualties were reported in the attack.", "attack", None),
    ("The group denied any role in the bombing.", "bombing", None),
    ("Officials did not say who carried out the attack.", "attack", None),
    ("Police said the attack was planned for weeks.", "attack", None),
    ("The strike, which the army confirmed, destroyed a bridge.", "strike", None),
    ("Iran struck back with missiles in January.", "struck", None),
    ("Protesters tried to storm the airport on Thursday.", "storm", None),
    ("The group made a bid to storm the prison.", "storm", None),
    ("Another attack in March killed two soldiers.", "attack", None),
    ("The general was killed when his car was hit by a drone.", "hit", None),
    # a verb's own negation says nothing of its subject having been launched
    ("Two of the rockets did not explode.", "rockets", None),
    ("Nobody was hurt by the blast at the market.", "blast", None),
    ("Shells hit the depot; the rebels denied any role.", "Shells", None),
    # branch stmt3: weapons as goods, drills, conditions told by "had", habits, rankings,
    # sightings (the parse-level kinds of tests/data/stmt3_unseen)
    # weapons as goods: supplied, delivered, shipped, parts for them; a strike delivered
    # is an attack
    ("The ministers added three firms to the list for supplying attack drones to Russia.",
     "drones", "not_event"),
    ("They condemned the delivery of ballistic missiles and attack drones to Moscow.",
     "drones", "not_event"),
    ("The firms are accused of shipping parts for drones through the Caspian Sea.",
     "drones", "not_event"),
    ("Washington announced a new aid package on Monday, with artillery shells and mines.",
     "artillery", "not_event"),
    ("Officials said the drones supplied by Tehran had been used against cities.", "drones",
     "not_event"),
    ("The air force showed off six armed drones at a parade in the city.", "drones",
     "not_event"),
    ("Russian forces delivered a massive missile strike on the power grid overnight.",
     "missile", None),
    # a report proved untrue in its own sentence ("proved unfounded")
    ("Rumours that a bomb had gone off at the bus station proved unfounded, police said.",
     "bomb", "negated"),
    ("Fears that the dam would be bombed proved justified when jets struck it.", "struck",
     None),
    # people described by a past event they fled or escaped, in a relative clause
    ("Pilgrims who fled the 2016 assault on the shrine still camp outside the city.",
     "assault", "not_event"),
    ("The clinic treats herders that escaped the raid on their valley years ago.", "raid",
     "not_event"),
    ("Villagers fled the attack on Tuesday as mortars hit their houses.", "attack", None),
    # fire in a drill
    ("Tanks and helicopters fired rockets at old trucks during a large exercise near the "
     "border.", "rockets", "not_event"),
    ("Gunships launched missiles at mock targets in the desert.", "missiles", "not_event"),
    ("Helicopters fired rockets at a row of wrecks on a firing range.", "rockets",
     "not_event"),
    ("The troops rehearsed a response to an attack on a border post.", "attack",
     "not_event"),
    ("Helicopters fired rockets at a militant hideout in the desert.", "rockets", None),
    # a condition told by "had" before its subject
    ("Had the missile struck the school, dozens would have died.", "missile",
     "hypothetical"),
    ("Police said that had the bomb exploded at noon, the toll would have been higher.",
     "exploded", "hypothetical"),
    ("The officer told reporters that had the device exploded an hour later, the toll "
     "could have been far higher.", "exploded", "hypothetical"),
    ("Police said the bomb had exploded at noon.", "exploded", None),
    # a habit, a sighting
    ('"We hear the drones every night," a farmer said.', "drones", "not_event"),
    ('"We are fighting them with drones and old rifles," an officer said.', "drones",
     "not_event"),
    ("Sirens sounded in the city because of drones that were spotted near the border.",
     "drones", "not_event"),
    ("Air defences were on alert because of drones spotted over the border region.",
     "drones", "not_event"),
    ("Russian drones hit a depot in the city overnight, officials said.", "drones", None),
    ("Convoys on the road have been ambushed repeatedly over the past year.", "ambushed",
     "not_event"),
    ("Hundreds of soldiers marched behind the coffin of the officer through the streets.",
     "marched", "not_event"),
    ("Relatives carried the coffin through the streets of the old town.", "carried",
     "not_event"),
    ("A bomb struck a church compound, killing four people who had gathered for a funeral.",
     "struck", None),
    ("The last ceasefire collapsed within days.", "collapsed", "not_event"),
    ("The last ceasefire, agreed in December, collapsed within days.", "collapsed",
     "not_event"),
    ("The roof collapsed after the blast.", "collapsed", None),
    # a habit told as going on now; the past tells one event
    ("Insurgent cells continue to attack farmers in the villages of the valley.", "attack",
     "not_event"),
    ("The gangs keep kidnapping traders on the highway.", "kidnapping", "not_event"),
    ("The gunmen continued to attack the checkpoint for two hours.", "attack", None),
    ("The rebels go on shelling the suburbs.", "shelling", "not_event"),
    ("Jihadist groups persist in attacking villages on the plateau.", "attacking",
     "not_event"),
    ("Smugglers still raid farms near the border.", "raid", "not_event"),
    ("Gunmen regularly attack the bus depot on the ring road.", "Gunmen", "not_event"),
    ("Gunmen attacked the bus depot on the ring road on Monday.", "Gunmen", None),
    ("Smugglers usually ambush lorries at the pass.", "ambush", "not_event"),
    # a witness quoted on the attack already told; a first telling is indefinite
    ('"We heard the blast and then gunfire," a shopkeeper said.', "blast", "not_event"),
    ('"I heard a loud explosion near the bank," a guard said.', "explosion", None),
    ('"We felt the explosion at the gate and then heard shooting," a farmer said.',
     "shooting", "not_event"),
    ('"We heard the blast and then shooting for an hour," a driver said.', "shooting",
     "not_event"),
    # weapons as goods counted by a quantity word; an event counted is an event
    ("The regime now builds half of the drones in a factory near the capital.", "drones",
     "not_event"),
    ("The army delivered two of the strikes on Monday night.", "strikes", None),
    # a report of an event called untrue in its own sentence
    ("A police spokesman said posts online about an explosion at the bus depot on Monday "
     "were untrue.", "explosion", "negated"),
    ("Rumours of a drone strike on the dam were dismissed as baseless by the governor.",
     "strike", "negated"),
    ("The ministry dismissed as fabricated reports of a raid on the camp.", "raid", "negated"),
    ("Reports of a raid on the camp were confirmed by the ministry.", "raid", None),
    ("The clip of a drone hitting the tower was old footage, officials said.", "drone",
     "negated"),
    ("The governor said there was no truth to claims that police had shot at mourners.",
     "shot", "negated"),
    ("The rebels denied reports of an ambush on the road.", "ambush", "negated"),
    ("The army denied reports of civilian deaths in the airstrike.", "airstrike", None),
    ("Old video of a shelling of the market spread online on Monday.", "shelling", None),
    # (precision20) a report denied in the passive; a newsroom's correction; the purpose of
    # a called strike; a tactic's course
    ("A report that a bomb had exploded at the market was denied by the police.",
     "exploded", "negated"),
    ("An earlier version of this article said a rocket struck the airport.", "rocket",
     "negated"),
    ("Traders called a strike for Friday to protest against the killings.", "protest",
     "planned"),
    ("Traders gathered in the square on Friday to protest against the killings.", "protest",
     None),
    ("The use of drones to drop grenades first appeared in the valley last year.", "drones",
     "not_event"),
    ("The use of drones in Monday's attack was confirmed by the police.", "drones", None),
    # the wreckage of a told attack found; a distance from fighting in general
    ("Troops searched the fields and found the remains of one of the downed drones.",
     "found", "not_event"),
    ("Troops searched the fields and found two drones loaded with explosives.", "found",
     None),
    ("Towns far from the fighting are now within reach of the drones.", "fighting",
     "not_event"),
    ("That means cities far from the ground fighting are within reach.", "fighting",
     "not_event"),
    # (precision21) posts called an invention, the parse's clausal subject; the end of a
    # span of fighting
    ("The army said posts describing a raid on the depot were pure invention.", "raid",
     "negated"),
    ("The governor said messages online describing an ambush on the convoy were an "
     "invention.", "ambush", "negated"),
    ("Fighting ended near the depot on Sunday.", "Fighting", None),
    ("It was the worst clash since May, when weeks of fighting ended with a truce.",
     "fighting", "not_event"),
    ("It was the worst clash since May, when weeks of fighting ended with a truce.",
     "weeks", "not_event"),
]


# sentences written after the rules (see scripts/measure_actors.py --unseen)
UNSEEN = [(c["text"], c["word"], c["label"]) for c in map(
    json.loads, "\n".join(
        path.read_text(encoding="utf-8").strip()
        for path in sorted((Path(__file__).parent / "data").glob("unseen*_modality.jsonl"))
    ).splitlines())]


def _token(text: str, word: str):
    doc = nlp.parse(text)
    return next(t for t in doc if t.text == word)


@pytest.mark.parametrize("text,word,label", CASES + UNSEEN,
                         ids=[c[0][:50] for c in CASES + UNSEEN])
def test_blocked(text, word, label):
    assert modality.blocked(_token(text, word)) == label


def test_why_names_the_rule():
    label, rule = modality.why_blocked(_token("The army did not strike the village.", "strike"))
    assert (label, rule) == ("negated", "negated_verb")


def test_only_the_trigger_is_blocked():
    doc = nlp.parse("Rockets hit the base on Monday. The army did not strike the village.")
    hit, strike = doc[1], next(t for t in doc if t.text == "strike")
    assert modality.blocked(hit) is None and modality.blocked(strike) == "negated"


#: sentences that call untrue what the sentence before told (``refutes`` rules), or not
REFUTES = [
    ("Officials said the clip was old and the report was false.", True),
    ("The ministry called the claim a fabrication.", True),
    ("The governor dismissed the report as fabricated.", True),
    ("Officials said the rockets were old Katyushas.", False),
    ("The report said three people were hurt.", False),
    # (seg11) a claim denied as a whole, by a pronoun, or as a rumour; not an accusation
    ("The authority rejected that late on Sunday.", True),
    ("The ministry denied the rumours within the hour.", True),
    ("The police dismissed them as false.", True),
    ("The group rejected the accusation.", False),
    # (precision21) "mistaken"
    ("The police said later that the report was mistaken.", True),
]


def test_every_rule_fires():
    """Each rule matches (or, for an exception, cancels) on at least one listed case."""
    fired = set()
    for text, word, _ in CASES + UNSEEN:
        tok = _token(text, word)
        for rule in modality._sentence_matches(tok.sent).get(tok.i, []):
            fired.add(rule["id"])
        # (a rule may block the word through its noun phrase or its clause's verb)
        found = modality.why_blocked(tok)
        fired |= {found[1]} if found else set()
    fired |= {modality.refutes(nlp.parse(text)[:]) for text, _ in REFUTES}
    assert {r["id"] for r in modality.rules().rules} - fired == set()


def test_every_word_set_is_used():
    text = (modality.RULES_DIR / "modality.jsonl").read_text()
    for name in modality.rules().sets:
        assert f'"${name}"' in text, name


def test_rules_are_checked(tmp_path, monkeypatch):
    monkeypatch.setattr(modality, "RULES_DIR", tmp_path)
    path = tmp_path / "modality.jsonl"
    cases = [
        (('{"id": "r", "label": "maybe", "pattern": [{"RIGHT_ID": "trigger", '
         '"RIGHT_ATTRS": {}}]}'), r"label 'maybe' is not one of"),
        (('{"id": "r", "label": "negated", "pattern": [{"RIGHT_ID": "word", '
         '"RIGHT_ATTRS": {}}]}'), r"has no node 'trigger'"),
        (('{"id": "r", "label": null, "cancels": ["gone"], "pattern": [{"RIGHT_ID": '
         '"trigger", "RIGHT_ATTRS": {}}]}'), r"cancels unknown rules \['gone'\]"),
        ('{"id": "r", "pattern": [{"RIGHT_ID": "trigger", "RIGHT_ATTRS": {}}]}',
         r"modality.jsonl, line 1 \(rule 'r'\), field 'label': missing"),
    ]
    try:
        for line, message in cases:
            path.write_text(line + "\n", encoding="utf-8")
            modality.rules.cache_clear()
            with pytest.raises(DataError, match=message):
                modality.rules()
    finally:
        modality.rules.cache_clear()


# -- every word of the sets works: sentences generated from the lexicon --------------------

# (word set, frames with {w}, the event word): a word passes when one frame blocks the event
FRAMES = [
    ("plan", ["The group did {w} to attack the base.",
              "The commander did {w} fighters to attack the base."], "attack"),
    ("plan_object", ["The group did {w} an attack on the base."], "attack"),
    ("plan_noun", ["Police found a {w} to attack the base.",
                   "Police found their {w} to attack the base."], "attack"),
    ("fear", ["Residents did {w} attacks on the village.",
              "Residents did {w} of attacks on the village.",
              "Residents did {w} against attacks on the village."], "attacks"),
    ("fear_noun", ["The {w} of attacks on the village grew."], "attacks"),
    ("deny", ["The group did {w} attacking the village."], "attacking"),
    ("maybe", ["The group {w} attack the village."], "attack"),
    ("future", ["The group {w} attack the village."], "attack"),
    ("planned_adj", ["Police spoke of a {w} attack on the village."], "attack"),
    ("possible_adj", ["Police spoke of a {w} attack on the village."], "attack"),
    ("speech_noun", ["There was no {w} on the attack."], "attack"),
    ("decline", ["Officials did {w} to comment on the attack."], "attack"),
    ("ready", ["The fighters were {w} to attack the village."], "attack"),
]
# words the small parser does not read as verbs in these frames ("did brace for")
NOT_IN_FRAMES = {"brace", "caution", "guard", "disclaim", "refute"}


@pytest.mark.parametrize("name,frames,word", FRAMES, ids=[f[0] for f in FRAMES])
def test_every_word_of_a_set_works(name, frames, word):
    failing = []
    for w in sorted(modality.rules().words(name) - NOT_IN_FRAMES):
        if not any(modality.blocked([t for t in nlp.parse(f.format(w=w)) if t.text == word][-1])
                   for f in frames):
            failing.append(w)
    assert failing == []
