"""extract.actors: stance from the dependency parse, rules from rules/stance.jsonl.

Sentences are written for these tests (no article text).  Each case lists every actor
``find`` must return, as "text (stance)"; negatives must return nothing.
"""
from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from geoincidents.errors import DataError

spacy = pytest.importorskip("spacy")
from geoincidents import nlp  # noqa: E402
from geoincidents.extract import actor_names, actors  # noqa: E402
from geoincidents.extract.depmatch import RuleFile  # noqa: E402

CASES = [
    # -- actors6: weapons sent; an attack laid on a group --------------------------------
    ("Late on Friday, the Houthis sent a swarm of explosive drones towards the port.",
     ["Houthis (involved)"]),
    ("Hezbollah dispatched drones at the border town on Sunday.", ["Hezbollah (involved)"]),
    ("Investigators laid the ambush on the Sons of the Ridge.", ["Sons of the Ridge (blamed)"]),
    # -- claimed: active, passive, relative, apposition, naming, saying -------------------
    ("Responsibility for the ambush was taken by Ansar Dine in an audio message.",
     ["Ansar Dine (claimed)"]),
    # (an unnamed generic head names no one, actors8, but one made a particular group
    # names it: issue 18's own example)
    ("A little-known militia claimed responsibility for the blast.",
     ["little-known militia (claimed)"]),
    ("A shadowy faction claimed the mortar fire, while gunmen were blamed for the ambush.",
     ["shadowy faction (claimed)"]),
    ("The Sons of the Valley movement claimed the ambush in a video posted online.",
     ["Sons of the Valley movement (claimed)"]),
    ("Responsibility for the car bomb was claimed by Ansar al-Furqan.",
     ["Ansar al-Furqan (claimed)"]),
    ("The drone attack, claimed by the Ashab al-Kahf group, caused no damage.",
     ["Ashab al-Kahf group (claimed)"]),
    ("Jaish al-Adl, which claimed the bombing, operates near the border.",
     ["Jaish al-Adl (claimed)"]),
    ("An armed faction calling itself the Guardians of the Shrine claimed the drone strike.",
     ["Guardians of the Shrine (claimed)"]),
    ("A shadowy outfit known as Saraya Qasim took responsibility for the rockets.",
     ["Saraya Qasim (claimed)"]),
    # (a long sentence parses "calling" as the main verb or as a clausal subject)
    ("An obscure cell calling itself the Sons of Dawn claimed the ambush on the convoy near "
     "the river crossing, saying its men had fired first.", ["Sons of Dawn (claimed)"]),
    ("A small faction calling itself the Lions of the Marsh claimed responsibility for the "
     "drone raid in a message on Telegram, saying it had hit \"the invaders' camp\".",
     ["Lions of the Marsh (claimed)"]),
    # a harm noun with a contact relative clause of claiming
    ("Militants shelled the market last spring, an assault the Sons of Dawn later claimed.",
     ["Sons of Dawn (claimed)"]),
    # an apposition the parse left unattached ("the group" made a subject of its own)
    ("Soldiers stormed a hideout of Ansar al-Sunna, the group thought to be behind the "
     "bombing, officials said.", ["Ansar al-Sunna (blamed)"]),
    ("On Friday, troops raided a farmhouse and killed two men of a cell of the Lake "
     "Brigade, the group believed to be responsible, the governor said.",
     ["Lake Brigade (blamed)"]),  # not "troops (blamed)"; bare "troops" name no one
    # an unnamed group named by its leader; a short name told in an apposition
    ("A militia commanded by Abu Karim Dawood claimed the ambush.",
     ["Abu Karim Dawood militia (claimed)"]),
    ("Harakat Shabab al-Sahil, the coastal movement known by its initials HSS, said in a "
     "statement that its fighters had laid the mines on the road.",
     ["Harakat Shabab al-Sahil (HSS) (claimed)"]),
    # a state's forces telling of unnamed warplanes striking speak of their own
    # (a bare aircraft names no one: actors7; the ministry's state is the actor)
    ("Turkey's defence ministry said jets had bombed three shelters in the hills.",
     ["Turkey (involved)"]),
    ("The Kenyan military said Somali jets had struck the camp.", ["Somali jets (involved)"]),
    ("The Rebel Front said warplanes had bombed the market.", []),
    # -- actors7: a weapon named by its model is no group; a statement's "the group" --------
    ("Three Grad-M rockets crashed into the depot.", []),
    ("A Vampire-2 drone hit the bridge, and Hezbollah drones struck the post.",
     ["Hezbollah (involved)"]),
    ("A statement posted by the Sons of the Marsh said the group was behind the ambush.",
     ["Sons of the Marsh (claimed)"]),
    ("A channel linked to the Lions of Tawhid said it had fired the rockets.",
     ["Lions of Tawhid (claimed)"]),
    # a comparison is no part of a name; "X, the TTP": the short name
    ("The far smaller Sahel Front, the SFL, said it had no connection with the ambush.",
     ["Sahel Front (SFL) (denied)"]),
    # the spokesman's title before his name speaks for the group
    ("Houthi military spokesman Nasser al-Amri said the group had fired two drones at the "
     "ship.", ["Houthi (claimed)"]),
    # "both" hung on the preposition
    ("After the two ambushes, officials blamed both on the Hill Brigade.",
     ["Hill Brigade (blamed)"]),
    # a country's own guard or army is a state's force: owning the strike is involvement
    ("Egypt's Republican Guard said it had shelled the smugglers' camp.",
     ["Egypt's Republican Guard (involved)"]),
    ("Two suspects were held at a farm owned by Liwa al-Nahr, the group suspected to be "
     "responsible, a police chief said.", ["Liwa al-Nahr (blamed)"]),
    # a predicate adjective parsed into the object's modifier is not part of its name
    ("Ankara holds militias armed by Damascus responsible for the shelling.",
     ["militias armed by Damascus (blamed)"]),
    ("Al-Shabaab said in a statement that its fighters had stormed the hotel.",
     ["Al-Shabaab (claimed)"]),
    ("The rebels' commander said they had sent three drones towards the airport.",
     []),  # "the rebels": a reference, no name
    ("The Houthis said they had sent three drones towards the airport.",
     ["Houthis (claimed)"]),
    ("Hezbollah said it had fired a salvo of rockets at the barracks.",
     ["Hezbollah (claimed)"]),
    ("The Islamic Resistance in Iraq said it launched two drones at the base.",
     ["Islamic Resistance in Iraq (claimed)"]),
    ("The Houthi movement claimed that its forces had hit a tanker.",
     ["Houthi movement (claimed)"]),
    ("The Baloch Liberation Army accepted responsibility and promised further attacks.",
     ["Baloch Liberation Army (claimed)"]),
    ("Boko Haram and ISWAP both claimed the raid.",
     ["Boko Haram (claimed)", "ISWAP (claimed)"]),
    ("In a message on Telegram, Kataib Sayyid al-Shuhada claimed the attack on the convoy.",
     ["Kataib Sayyid al-Shuhada (claimed)"]),
    ("The regional affiliate, Islamic State Sahel Province, claimed the killings.",
     ["Islamic State Sahel Province (claimed)"]),
    (('"We carried out the operation," a spokesman for Harakat Hezbollah al-Nujaba said, '
     "claiming the attack."), ["Harakat Hezbollah al-Nujaba (claimed)"]),
    # -- states that say they acted: involved ---------------------------------------------
    ("US Central Command said it had struck three radar sites.",
     ["US Central Command (involved)"]),
    ("Russia's defence ministry said its forces had hit energy facilities.",
     ["Russia (involved)"]),
    ("The Saudi-led coalition said its jets destroyed a drone workshop.",
     ["Saudi-led coalition (involved)"]),
    ("Iran fired a dozen ballistic missiles at the airbase.", ["Iran (involved)"]),
    ("The Israeli military struck a weapons depot near the port.",
     ["Israeli military (involved)"]),
    ("An air strike by the Nigerian air force hit a market.",
     ["Nigerian air force (involved)"]),
    ("The Pentagon said American aircraft had bombed two depots.",
     ["American aircraft (involved)"]),
    # -- denied --------------------------------------------------------------------------
    ("Tehran denies any role in the bombing.", ["Iran (denied)"]),
    ("A Taliban spokesman, Qari Ahmadi, denied that the group was involved.",
     ["Taliban (denied)"]),
    ("Iran's foreign ministry rejected any suggestion of involvement.", ["Iran (denied)"]),
    ("The army denied that its soldiers had opened fire on the crowd.", ["army (denied)"]),
    ("The militia denied firing the rockets.", []),  # generic: nobody named
    ("Kataib Hezbollah denied firing the rockets.", ["Kataib Hezbollah (denied)"]),
    ("The movement's leader said Ansar Allah had nothing to do with the explosion.",
     ["Ansar Allah (denied)"]),
    ("The Popular Front said it had no part in the ambush.", ["Popular Front (denied)"]),
    ("Asaib Ahl al-Haq, a powerful faction, issued a statement denying any involvement.",
     ["Asaib Ahl al-Haq (denied)"]),
    ("Damascus dismissed the accusations as lies.", ["Syria (denied)"]),
    ("The National Liberation Army said it was not responsible for the attack.",
     ["National Liberation Army (denied)"]),
    ("Officials in Kabul insisted the Taliban were not behind the blast.",
     ["Taliban (denied)"]),
    ("Hamas was not involved in the shooting, a spokesman said.", ["Hamas (denied)"]),
    ("The Mahdi Army said it had not fired the rockets.", ["Mahdi Army (denied)"]),
    (("Kataib Hezbollah and its leader, Abu Fadak, issued a statement saying that the "
     "militia had not conducted the attack."),
     ["Kataib Hezbollah (denied)"]),  # its leader speaks for it: no second actor
    ("A spokesman for the foreign ministry denied that Iran had any role.",
     ["foreign ministry (denied)", "Iran (denied)"]),
    # -- blamed --------------------------------------------------------------------------
    ("Washington blamed the attack on militias backed by Iran.",
     ["militias backed by Iran (blamed)"]),
    # a general statement names no one incident's actor (actors9: it went to every incident)
    ("Washington blames such attacks on militias backed by Iran.", []),
    ("US officials accused Kataib Hezbollah of firing the rockets.",
     ["Kataib Hezbollah (blamed)"]),
    ("The attack was blamed on Iran and its proxies.",
     ["Iran (blamed)", "Iran's proxies (blamed)"]),
    ("Al-Shabaab was blamed for the explosion at the checkpoint.",
     ["Al-Shabaab (blamed)"]),
    ("Local officials blamed the Pakistani Taliban.", ["Pakistani Taliban (blamed)"]),
    ('Kurdish officials blamed "outlaw militias" for the drone attack.',
     ["outlaw militias (blamed)"]),
    ("Britain holds Iran responsible for the attack on the tanker.", ["Iran (blamed)"]),
    ("Hezbollah was held responsible for the assassination.", ["Hezbollah (blamed)"]),
    ("The army attributed the ambush to fighters of the Islamic State in the Sahel.",
     ["Islamic State in the Sahel (blamed)"]),
    ("The bombing was attributed to Lashkar-e-Taiba.", ["Lashkar-e-Taiba (blamed)"]),
    ("One official said Iran was believed to be behind the strike.", ["Iran (blamed)"]),
    ("Investigators think the Haqqani network was behind the truck bomb.",
     ["Haqqani network (blamed)"]),
    (("Investigators are examining whether the local cell of Islamic State Khorasan "
     "Province was responsible."),
     ["Islamic State Khorasan Province (blamed)"]),
    ("Officials suspect the Allied Democratic Forces.", ["Allied Democratic Forces (blamed)"]),
    ("Suspected fighters of the Allied Democratic Forces killed nine villagers.",
     ["Allied Democratic Forces (blamed)"]),
    # the speaker of itself: "said it was behind" is a claim
    ("The Mujahideen Brigades said it was behind the mortar fire on the port.",
     ["Mujahideen Brigades (claimed)"]),
    # "a statement attributed to X": X speaks, it is not blamed
    ("A statement attributed to the Arakan Army said one of its units had shelled the camp.",
     ["Arakan Army (claimed)"]),
    ("The Zintan Brigade disavowed the shelling.", ["Zintan Brigade (denied)"]),
    # weapons named by their states' demonyms: the states, unless blamed as named
    ("American and British warplanes struck radar sites near the port.",
     ["United States (involved)", "United Kingdom (involved)"]),
    ("A monitor attributed both strikes to Russian warplanes.",
     ["Russian warplanes (blamed)"]),
    ("Police said the two gunmen were members of a cell of the Mourabitoun.",
     ["Mourabitoun (blamed)"]),
    ("The Mahdi Army distanced itself from the bombing.", ["Mahdi Army (denied)"]),
    # a channel carrying a statement does no harm
    ("Hezbollah claimed the attack in a statement carried by its Al-Manar television.",
     ["Hezbollah (claimed)"]),
    ("Initial evidence pointed to the Jaime Martinez front.",
     ["Jaime Martinez front (blamed)"]),
    ("Rights groups said the blame lay with nobody but the riot police unit, ESMAD.", []),
    ("US officials said the blame rests on the shoulders of Tehran's proxy militias.",
     ["Tehran's proxy militias (blamed)"]),
    ("The attack was carried out by the Tehreek-e-Taliban Pakistan, police said.",
     ["Tehreek-e-Taliban Pakistan (blamed)"]),
    ("Washington, which blamed the strike on Hezbollah, sent a carrier.",
     ["Hezbollah (blamed)"]),
    ("Police are hunting members of Jund al-Islam believed to be responsible for the ambush.",
     ["Jund al-Islam (blamed)"]),
    ("Kataib Hezbollah, a group believed to be behind the rocket fire, denied involvement.",
     ["Kataib Hezbollah (blamed)", "Kataib Hezbollah (denied)"]),
    ("A claim of responsibility by Jaish al-Muhammad appeared on a website.",
     ["Jaish al-Muhammad (claimed)"]),
    ("The Houthi movement's spokesman said the group had launched missiles at the port.",
     ["Houthi movement (claimed)"]),
    ("Protest organisers accused the police of using excessive force.",
     ["police (blamed)"]),
    # -- a claim, a denial or blame told in a noun phrase ---------------------------------
    ("Hezbollah's claim of responsibility for the strike appeared within an hour.",
     ["Hezbollah (claimed)"]),
    ("Moscow's denial came hours after the strike.", ["Russia (denied)"]),
    ("A denial from the Mahdi Army followed on Tuesday.", ["Mahdi Army (denied)"]),
    ("It was an allegation Hamas dismissed as propaganda.", ["Hamas (denied)"]),
    ("Jaish al-Adl, the militia behind the bombing, has attacked the road before.",
     ["Jaish al-Adl (blamed)"]),
    ("The group behind the attack is a little-known militia called Saraya Awliya al-Dam.",
     ["Saraya Awliya al-Dam (blamed)"]),
    ("Analysts named Lashkar-e-Jhangvi as the group behind the bombing.",
     ["Lashkar-e-Jhangvi (blamed)"]),
    ("Police said the Pakistani Taliban were the main suspects.",
     ["Pakistani Taliban (blamed)"]),
    ("The Haqqani network is the prime suspect in the bombing.", ["Haqqani network (blamed)"]),
    ("Police named Boko Haram as the main suspect.", ["Boko Haram (blamed)"]),
    # owning up, rejecting an accusation as false, speaking of its own fighters
    ("The Houthis later admitted firing the missiles.", ["Houthis (claimed)"]),
    ("Hezbollah acknowledged launching the drones at the base.", ["Hezbollah (claimed)"]),
    ("Hamas called the accusation baseless.", ["Hamas (denied)"]),
    ("Hamas said the allegations were false.", ["Hamas (denied)"]),
    ("Hamas described the reports as fabricated.", ["Hamas (denied)"]),
    ("Al-Shabaab said its fighters were responsible for the attack.",
     ["Al-Shabaab (claimed)"]),
    ("Islamic State's Amaq news agency said the group's fighters had killed the soldiers.",
     ["Islamic State (claimed)"]),
    ("According to the Houthis, their forces shot down an American drone.",
     ["Houthis (claimed)"]),  # the drone shot down is the victim's, not an attacker's
    ("Ukraine intercepted 20 Russian drones overnight.", ["Russia (involved)"]),
    # a spokesman named in apposition speaks for the group, not for himself
    ("Yahya Saree, the Houthi military spokesman, said the group had fired a missile at "
     "Eilat.", ["Houthi (claimed)"]),
    ("A spokesman for the group, Abu Obeida, said its fighters had destroyed three tanks.",
     []),  # "the group" is a reference back, Abu Obeida is the spokesman
    # who the fighters are: "dissidents of X", "terrorists linked to X"; an attack's name
    ("Colombia's defence minister attributed the attack to dissidents of the former FARC "
     "rebel group.", ["former FARC rebel group (blamed)"]),
    ("The government blamed terrorists linked to the Kurdistan Workers' Party for the "
     "bombing.", ["Kurdistan Workers Party (blamed)"]),
    ("Security officials said the assault had all the hallmarks of an al-Shabaab "
     "operation.", ["al-Shabaab (blamed)"]),
    # a state owning an attack carried it out
    ("Ukraine's military intelligence agency said it was behind the explosion at the depot.",
     ["Ukraine (involved)"]),
    ("Investigators said they had found evidence linking the blast to the Kurdistan "
     "Workers' Party.", ["Kurdistan Workers Party (blamed)"]),
    ("Doctors said the wounds pointed to the use of live rounds by Ethiopian soldiers.",
     ["Ethiopian soldiers (blamed)"]),
    ("Evidence pointed to the involvement of the Haqqani network.",
     ["Haqqani network (blamed)"]),
    ("Putin called the strikes revenge for a blast on the bridge on Saturday, which Moscow "
     "blamed on Ukrainian special services.", ["Ukrainian special services (blamed)"]),
    # a group's weapons: the group
    ("Hezbollah rockets hit the town of Kiryat Shmona.", ["Hezbollah (involved)"]),
    ("A Taliban rocket hit a wedding party in Kunduz.", ["Taliban (involved)"]),
    # a unit acts for its group; "the insurgents" in its spokesman's clause are the group
    ("Katiba Macina, a unit of JNIM, claimed the ambush.",
     ["Katiba Macina (claimed)", "JNIM (claimed)"]),
    ("A Taliban spokesman, Qari Yousuf Ahmadi, said the insurgents had seized the post.",
     ["Taliban (claimed)"]),
    ("The Arakan Army boasted on its Telegram channel of the ambush.",
     ["Arakan Army (claimed)"]),
    ("The ELN acknowledged responsibility for the bombing in a statement.",
     ["ELN (claimed)"]),
    ("The Islamic State group's news agency said the attack was carried out by one of its "
     "fighters.", ["Islamic State group (claimed)"]),
    ("A Hezbollah official told Reuters the group was not behind the explosion.",
     ["Hezbollah (denied)"]),
    # a deed supposed, not stated: blamed, a state too
    ("Analysts said the strike was likely conducted by Israel.", ["Israel (blamed)"]),
    ("The attack is widely believed to have been carried out by Israel, which has not "
     "commented.", ["Israel (blamed)"]),
    # the blamer of a charge that is rejected is not the one who rejects it
    ("Kinshasa accused Rwanda of backing the rebel assault, a charge Kigali rejected.",
     ["Rwanda (blamed)", "Rwanda (denied)"]),
    # actors5: kinds of heldout8, in new words
    ("A Russian Geran drone slammed into a school in Kharkiv overnight.", ["Russia (involved)"]),
    # (actors13: who shoots a munition down is the side attacked, no doer: heldout13's
    # labels give the defenders no item)
    ("Ukrainian gunners shot down a Russian Shahed drone.", []),
    ("Russian jets dropped glide bombs on the town.", ["Russian jets (involved)"]),
    ("Ukraine's General Staff said its drones had hit a refinery.",
     ["Ukraine's General Staff (involved)"]),
    ("The Israeli air force said the strikes had hit rocket launchers.",
     ["Israeli air force (involved)"]),
    ("The Iraqi army said the drone strike had hit its barracks.", []),
    ("British jets bombed what the Royal Air Force described as a weapons depot.",
     ["British jets (involved)", "Royal Air Force (involved)"]),
    ("Police blamed the Nomads, their usual term for the Black Axe gang.",
     ["Black Axe gang (blamed)"]),
    ("Villagers blamed the raid on the bandits, whom herders call the Kachalla Boys.",
     ["Kachalla Boys (blamed)"]),
    ("An aide to the Ansaru leader denied that the group had laid the mine.",
     ["Ansaru (denied)"]),
    ("The army blamed the ambush on the 36th Front.", ["36th Front (blamed)"]),
    ("Kigali dismissed the accusation as baseless.", ["Rwanda (denied)"]),
    ("The rebel-run health office said the strikes killed four farmers.", []),
    ("The lull ended in what Kyiv described as Russian missile strikes on the city.",
     ["Russia (blamed)"]),
    ("No group spoke; traders said gunmen of the Red Hand, who have grown bolder in the "
     "district, were believed to be behind it.", ["Red Hand (blamed)"]),
    ("Police blamed the Red Hand, although the gang has no links to the Belfast "
     "group of that name.", ["Red Hand (blamed)"]),
    # actors10: a spokesman's "his group" is the group he speaks for
    ("A spokesman for the Ogaden front told a radio station that his group had ambushed "
     "the convoy.", ["Ogaden front (claimed)"]),
    # actors12: an attack "X blamed on Y", a relative clause with no pronoun
    ("Shells hit the crossing and killed a driver, an attack Kyiv blamed on the Wagner "
     "group.", ["Wagner group (blamed)"]),
    # actors12: who the doers were; an attack that bears the marks of X
    ("The governor said the raiders were fighters of the Ansaru group.",
     ["Ansaru group (blamed)"]),
    ("The army said the ambush bore the marks of the Katiba Macina.",
     ["Katiba Macina (blamed)"]),
    # actors12: a weapon said to be a state's; "bears responsibility" said of another
    ("Villagers said the warplanes were Russian.", ["Russia (blamed)"]),
    ("The governor said the Ansar Brigade bears responsibility for the raid.",
     ["Ansar Brigade (blamed)"]),
    # actors19: pointed to X; perpetrated by (elements of) X; carried out by members of X;
    # none of its members took part (or did it); not concerned by the launch
    ("Two police officers pointed to Lashkar-e-Jhangvi after the blast.",
     ["Lashkar-e-Jhangvi (blamed)"]),
    ("The investigators pointed to the Mahdi Brigade, which runs the checkpoints.",
     ["Mahdi Brigade (blamed)"]),
    ("The ambush was perpetrated by the Ansar Dine movement, the ministry said.",
     ["Ansar Dine movement (blamed)"]),
    ("The ambush was perpetrated by elements of the Ansar Dine movement.",
     ["Ansar Dine movement (blamed)"]),
    ("The raid was carried out by members of the Ansaru group, police said.",
     ["Ansaru group (blamed)"]),
    ("The Ogaden front said none of its units had attacked the convoy.",
     ["Ogaden front (denied)"]),
    ("The Ogaden front said none of its fighters took part in the raid.",
     ["Ogaden front (denied)"]),
    ("The Ogaden front said it was not concerned by the attack on the convoy.",
     ["Ogaden front (denied)"]),
    # actors19: the accused, not the accuser ("of being behind")
    ("The governor accused the Ansaru group of being behind the raid.",
     ["Ansaru group (blamed)"]),
    # actors20: "nothing / anything to do with" the speaker's men; "the work of its fighters"
    ("The Ogaden front said the raid had nothing to do with any of its units.",
     ["Ogaden front (denied)"]),
    ("The Ogaden front said none of its units had anything to do with the raid.",
     ["Ogaden front (denied)"]),
    ("The Ogaden front said it did not have anything to do with the raid.",
     ["Ogaden front (denied)"]),
    ("The Ogaden front said the raid was the work of its fighters.",
     ["Ogaden front (claimed)"]),
    ("A commander in the Ogaden front insisted that none of the factions had authorised "
     "the raid.", ["Ogaden front (denied)"]),
    ("The Ogaden front, in a claim posted online, put the dead at nine.",
     ["Ogaden front (claimed)"]),
    ("JNIM, in a claim circulated by its outlet, put the army's dead at 12.",
     ["JNIM (claimed)"]),
    ("Police said the two suspects confessed to belonging to the Ansaru group.",
     ["Ansaru group (blamed)"]),
    # -- actors21 ----------------------------------------------------------------------
    ("The governor said the drones had been sent by the Ogaden front.",
     ["Ogaden front (blamed)"]),
    ("The Ogaden front denied it.", ["Ogaden front (denied)"]),
    ("Kenya's interior ministry dismissed the charge hours later.", ["Kenya (denied)"]),
    ("A spokesman for the Ogaden front said his men had ambushed the convoy.",
     ["Ogaden front (claimed)"]),
]

NEGATIVES = [
    # (actors21) help sent is no attack; a defender's loss called false is no denial of a role
    "The Ogaden front said it had sent a team of doctors to the town.",
    "The Ogaden front said reports that its camp had fallen were false.",
    # (actors20) a charge of crimes is no stance on one attack
    "A UN panel has concluded that the Wagner Group committed war crimes in the region.",
    # (actors13) a bomber on foot is no state's aircraft; the side hit; power seized; a
    # munition shot down
    "A suicide car bomber blew himself up at a checkpoint near the ministry, police said.",
    "The bomber detonated his explosives near the gate, the provincial spokesman said.",
    "Drones hit suspected militants in the hills on Friday.",
    "The council, which seized power in a coup last year, has promised a vote.",
    "Border guards shot down a drone heading for the airport on Sunday.",
    "Harbour police seized 40 rockets and two launchers from a fishing boat.",
    "No one said they had planted it; police said they were investigating.",
    "On Thursday, counter-terrorism police raided a farmhouse outside the town.",
    "The interior ministry said its officers had seized a cache of rockets in a raid.",
    # (actors10) a weapon word naming a trade; a state condemning strikes on it; a duty
    "A drone strike on Thursday killed an Islamic State explosives specialist near Qandala.",
    "Yemen's foreign ministry condemned the raids and said the strikes had hit a hospital.",
    "The district police will take over responsibility for the camp next month.",
    "The ministry said the brigade would bear greater responsibility for the frontier.",
    # (actors9) the attacked side's air defences; a general denial; a denied event
    "The Saudi-led coalition said its air defences had shot down a drone over Jizan.",
    "Both the army and the Fano militia deny targeting civilians.",
    "Police rejected reports that a bomb had gone off at the central market.",
    "Gunmen attacked a base near the Kora Hills, the group said.",  # a clause, not an apposition
    "In Mogadishu, the group said it had fired mortars at the palace.",  # a place is no name
    "According to the Desert Watch monitor, the group claimed the beheadings.",  # fronted phrase
    "No group claimed responsibility for the attack.",
    "No one has claimed the bombing.",
    "The group did not claim the attack.",
    "The faction has rarely claimed any of the attacks on the base.",
    "Officials said it was too early to say who was behind the blast.",
    "They did not say who carried it out.",
    "The blaze was blamed on a faulty power bank.",
    "The explosion claimed the lives of four workers.",
    "The group said it would attack the base again.",  # a threat, not a claim
    "The militia plans to strike the convoy.",
    "Police arrested the group believed to be responsible for the ambush.",
    "Three rockets struck the base on Monday.",
    "Mortar rounds landed near the runway.",
    "The group claimed the attack.",  # a reference back, not a name
    "He denied the charges against him.",
    "The minister was denied entry to the country.",
    "Militias have struck bases hosting foreign troops dozens of times.",
    "The regional council, which is responsible for flood protection, welcomed the plan.",
    "The Otago Water Board is responsible for the dams.",
    "No group has said it was behind the blast.",
    "Police arrested a man they said belonged to the militia behind the bombing.",
    "Israel's claim that the rocket misfired was met with scepticism.",
    "The main suspect is a 23-year-old man from the town.",
    "Shahed drones struck the port overnight.",  # a weapon's model, not who fired it
    "Officials said the insurgents had seized the post.",
    "Police said the group was behind the attack.",  # a reference back, not the police
    "The village was linked to the Kurdistan Workers' Party by a new road in 1990.",
    # (actors6) many or any, a weapon word, a burden put on someone, aid sent
    "Both sides have been accused of atrocities.",
    "Each side blames the other for the shelling.",
    "Gun trucks were seen near the base afterwards.",
    "The attacks have put pressure on Prime Minister Ali Hassan.",
    "The ministry sent a team of investigators to the site.",
    # (actors19) a group's vehicle hit; a health service counting the dead; a weapon aimed
    "Pictures showed burning Ansaru trucks on the road.",
    "The health ministry said the strike hit a car near the bridge.",
    "The rockets, pointed at Israel, were found in an orchard.",
    "The raid was a response to Houthi missiles fired at the port.",
]


# sentences written after the rules (scripts/measure_actors.py --unseen reports their
# first-run scores); once rules were changed for them they are regression cases too
UNSEEN = [(c["text"], c["actors"]) for c in map(
    json.loads, "\n".join(
        path.read_text(encoding="utf-8").strip()
        for path in sorted((Path(__file__).parent / "data").glob("unseen*_actors.jsonl"))
    ).splitlines())]


def _found(text: str) -> list[str]:
    doc = nlp.parse(text)
    return [f"{a.text} ({a.stance})" for s in doc.sents for a in actors.find(s)]


@pytest.mark.parametrize("text,expected", CASES, ids=[c[0][:50] for c in CASES])
def test_actor_cases(text, expected):
    assert sorted(_found(text)) == sorted(expected)


@pytest.mark.parametrize("text", NEGATIVES)
def test_no_actor(text):
    assert _found(text) == []


def _matches(gold: str, found: list[str]) -> bool:
    from geoincidents.evaluate import actor_matches

    return any(actor_matches(gold, f) for f in found)


@pytest.mark.parametrize("text,expected", UNSEEN, ids=[c[0][:50] for c in UNSEEN])
def test_unseen_sentences(text, expected):
    """As the evaluation matches actors (`evaluate.actor_matches`)."""
    found = _found(text)
    assert all(_matches(g, found) for g in expected) and len(found) == len(expected)


def test_mention_fields_and_offsets():
    text = "Rockets hit the base. Tehran denies any role in the attack."
    doc = nlp.parse(text)
    sent = list(doc.sents)[1]
    (a,) = actors.find(sent)
    assert a == actors.ActorMention("Iran", "denied", a.start_char, a.end_char, "deny_object")
    assert text[a.start_char:a.end_char] == "Tehran"
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.text = "x"


def test_text_order_and_stance_vocabulary():
    doc = nlp.parse("Iran denied any role, but Washington blamed Kataib Hezbollah.")
    found = [a for s in doc.sents for a in actors.find(s)]
    assert [a.start_char for a in found] == sorted(a.start_char for a in found)
    assert {a.stance for a in found} <= set(actors.STANCES)


def test_every_rule_fires():
    """Each rule in stance.jsonl yields an actor on at least one of the listed sentences:
    a rule no sentence reaches is dead and fails here."""
    fired = set()
    for text in [c[0] for c in CASES + UNSEEN] + NEGATIVES:
        doc = nlp.parse(text)
        for s in doc.sents:
            matches = actors.rules().matches(s)
            for m in matches:
                if m.rule["stance"] is None:  # an exception: it must cancel a match
                    if any(o.rule["id"] in m.rule["cancels"] and
                           actors._anchor(o) == actors._anchor(m) for o in matches):
                        fired.add(m.rule["id"])
                elif actors._from_match(m):
                    fired.add(m.rule["id"])
    every = {r["id"] for r in actors.rules().rules}
    assert every - fired == set()


def test_every_word_set_is_used():
    """A word set no pattern and no code reads is dead weight."""
    text = (actor_names.RULES_DIR / "stance.jsonl").read_text()
    code = "".join(f.read_text() for f in sorted(actor_names.RULES_DIR.parent.glob("actor*.py")))
    from geoincidents.extract import parsed

    for name in actors.rules().sets:
        # (parsed.py reads the sets whose words make a sentence worth parsing)
        assert f'"${name}"' in text or f'words("{name}")' in code or \
            name in parsed._STANCE_SETS, name


# -- the rules file is checked when read ------------------------------------------------

def _write(tmp_path, lines):
    path = tmp_path / "stance.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


GOOD_RULE = ('{"id": "r1", "stance": "claimed", "actor": "@verb", "pattern": '
             '[{"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LEMMA": {"IN": "$claim"}}}]}')


def test_rule_file_reads_sets_and_rules(tmp_path):
    rf = RuleFile(_write(tmp_path, ['{"set": "claim", "lemmas": ["claim"]}', GOOD_RULE,
                                    GOOD_RULE.replace('"r1"', '"r2"').replace(
                                        '"$claim"', '["boast", "$claim"]')]),
                  required=("stance", "actor"))
    assert rf.rules[0]["pattern"][0]["RIGHT_ATTRS"]["LEMMA"]["IN"] == ["claim"]
    assert rf.rules[1]["pattern"][0]["RIGHT_ATTRS"]["LEMMA"]["IN"] == ["boast", "claim"]
    assert rf.words("claim") == {"claim"}


@pytest.mark.parametrize("lines,message", [
    (["{not json"], r"stance.jsonl, line 1: not JSON"),
    (['["a list"]'], r"line 1: expected a JSON object"),
    (['{"lemmas": ["x"]}'], r"line 1: a record needs 'set'"),
    (['{"set": "claim", "lemmas": []}'], r"line 1, field 'lemmas': expected a non-empty list"),
    (['{"set": "claim", "lemmas": ["a"]}', '{"set": "claim", "lemmas": ["b"]}'],
     r"line 2: word set 'claim' defined twice"),
    ([GOOD_RULE], r"line 1 \(rule 'r1'\): unknown word set '\$claim'"),
    (['{"set": "claim", "lemmas": ["claim"]}', ('{"id": "r1", "stance": "claimed", '
      '"pattern": [{"RIGHT_ID": "verb", "RIGHT_ATTRS": {}}]}')],
     r"line 2 \(rule 'r1'\), field 'actor': missing"),
])
def test_rule_file_errors(tmp_path, lines, message):
    with pytest.raises(DataError, match=message):
        RuleFile(_write(tmp_path, lines), required=("stance", "actor"))


def test_rules_checked_against_stances(tmp_path, monkeypatch):
    bad = GOOD_RULE.replace('"claimed"', '"suspected"')
    monkeypatch.setattr(actor_names, "RULES_DIR", tmp_path)
    _write(tmp_path, ['{"set": "claim", "lemmas": ["claim"]}', bad])
    actors.rules.cache_clear()
    try:
        with pytest.raises(DataError, match=r"stance 'suspected' is not one of"):
            actors.rules()
        _write(tmp_path, ['{"set": "claim", "lemmas": ["claim"]}',
                          GOOD_RULE.replace('"@verb"', '"@nobody"')])
        actors.rules.cache_clear()
        with pytest.raises(DataError, match=r"actor '@nobody' names no node"):
            actors.rules()
    finally:
        actors.rules.cache_clear()


# -- a document: references back ------------------------------------------------------------

def _doc_found(text: str) -> list[tuple[str, str, str]]:
    doc = nlp.parse(text)
    return [(a.text, a.stance, text[a.start_char:a.end_char])
            for a in actors.find_in_doc(doc)]


def test_reference_resolved_to_the_group_named_before():
    text = ("Jaish al-Adl claimed the bombing in Zahedan. Police said the group had also "
            "been behind a raid on a border post. The group claimed another attack a week "
            "later.")
    assert _doc_found(text) == [
        ("Jaish al-Adl", "claimed", "Jaish al-Adl"),
        ("Jaish al-Adl", "blamed", "group"),
        ("Jaish al-Adl", "claimed", "group")]


@pytest.mark.parametrize("text", [
    "The group claimed the attack.",  # nobody named before
    "Russia fired missiles at Kyiv overnight. The group claimed the attack.",  # a state
    "Jaish al-Adl claimed the bombing. " + "Shops reopened on Monday. " * 6
    + "The group claimed the attack.",  # too far back
])
def test_reference_without_antecedent_is_dropped(text):
    assert [t for t in _doc_found(text) if t[2] == "group"] == []


@pytest.mark.parametrize("text, expected", [
    # a name told again without its nationality is the name told before
    ("Police blamed the Pakistani Taliban for the ambush. The Taliban rejected the claim.",
     [("Pakistani Taliban", "blamed"), ("Pakistani Taliban", "denied")]),
    ("A Myanmar military aircraft bombed the school. In April, military aircraft bombed a "
     "crowd in the same township.",
     [("Myanmar military aircraft", "involved"), ("Myanmar military aircraft", "involved")]),
    # another group whose name ends the same way is not the same group
    ("Washington blamed Kata'ib Hezbollah. Hezbollah denied any role.",
     [("Kata'ib Hezbollah", "blamed"), ("Hezbollah", "denied")]),
])
def test_a_name_told_again_shorter_is_the_fuller_one(text, expected):
    assert [(a, s) for a, s, _ in _doc_found(text)] == expected


def test_find_in_doc_equals_find_without_references():
    text = "Tehran denies any role. Washington blamed Kataib Hezbollah for the attack."
    doc = nlp.parse(text)
    assert actors.find_in_doc(doc) == [a for s in doc.sents for a in actors.find(s)]


def test_dateline_place_is_not_an_actor():
    assert _found("BENI, Congo - Rebels of the Allied Democratic Forces killed nine "
                  "villagers overnight.") == ["Allied Democratic Forces (involved)"]
    # (actors9: "Rebels" after the dash is a generic head as at a sentence's start, so the
    # member phrase is the group's name, as "Fighters of X" is)
    # (markup around the dateline: the marks may be tagged nouns)
    assert _found("**MUSCAT** - Yemen's Houthi movement launched two drones at a tanker "
                  "off the port of Aden on Friday, shipping agencies said.") == [
        "Yemen's Houthi movement (involved)"]


# -- every word of the verb sets works: sentences generated from the lexicon ----------------

# (word set, frame with {w} for a bare lemma, the actor expected); a frame puts the verb
# after "moved to" / "did" so that no inflection is needed
FRAMES = [
    ("claim", "Kataib Hezbollah moved to {w} the attack.", "Kataib Hezbollah (claimed)"),
    ("take", "Kataib Hezbollah moved to {w} responsibility for the attack.",
     "Kataib Hezbollah (claimed)"),
    ("deny", "Kataib Hezbollah moved to {w} any role in the attack.",
     "Kataib Hezbollah (denied)"),
    ("blame", "Officials moved to {w} Kataib Hezbollah for the attack.",
     "Kataib Hezbollah (blamed)"),
    ("accuse", "Officials moved to {w} Kataib Hezbollah over the attack.",
     "Kataib Hezbollah (blamed)"),
    ("attribute", "Officials moved to {w} the attack to Kataib Hezbollah.",
     "Kataib Hezbollah (blamed)"),
    ("hold", "Officials moved to {w} Kataib Hezbollah responsible for the attack.",
     "Kataib Hezbollah (blamed)"),
    ("suspect", "Officials {w} Kataib Hezbollah.", "Kataib Hezbollah (blamed)"),
    ("say", "Kataib Hezbollah went on to {w} that it had fired the rockets.",
     "Kataib Hezbollah (claimed)"),
    ("harm", "Kataib Hezbollah said it did {w} the base.", "Kataib Hezbollah (claimed)"),
    ("perpetrate", "Investigators believe Kataib Hezbollah did {w} the attack.",
     "Kataib Hezbollah (blamed)"),
    ("disown", "Kataib Hezbollah moved to {w} itself from the attack.",
     "Kataib Hezbollah (denied)"),
    ("membership", "Police said the man was a {w} of Kataib Hezbollah.",
     "Kataib Hezbollah (blamed)"),
    ("state_weapon", "A Russian {w} hit the base on Monday.", "Russia (involved)"),
]
# lemmas the small parser does not read as verbs in a bare frame ("did down the drone")
NOT_IN_FRAMES = {"state", "down"}


@pytest.mark.parametrize("name,frame,expected", FRAMES, ids=[f[0] for f in FRAMES])
def test_every_verb_of_a_set_works(name, frame, expected):
    failing = []
    for w in sorted(actor_names.words(name) - NOT_IN_FRAMES):
        if expected not in _found(frame.format(w=w)):
            failing.append(w)
    assert failing == []
