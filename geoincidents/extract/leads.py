"""The headline's event told by a lead that names it in other words.

"Grenade attack on Quetta police station" / "Two men burst into a police station in
Quetta late on Tuesday and wounded three constables": the lead has no event word of its
own, yet it is the headline's event (its day and place are the scene the sentence sets).
"""

from __future__ import annotations

from geoincidents.extract.facts import SentenceFacts


def lead_from_headline(facts: list[SentenceFacts]) -> None:
    """The lead tells the headline's event in other words ("Grenade attack on Quetta police
    station" / "Attackers burst into a police station in Quetta late on Tuesday ..."): a
    first sentence with no event word of its own but a day and a place takes the
    headline's type. (A lead typed only "other" keeps its type: headlines often name a
    second event or a weapon the lead does not.)"""
    titles = [f for f in facts if f.headline and f.etype and not f.hedged]
    body = [f for f in facts if not f.headline]
    if not (titles and body and titles[0].index < body[0].index):
        return
    title, lead = titles[0], body[0]
    if lead.etype is None and lead.scene is not None:
        lead.etype, lead.date, lead.date_reported = title.etype, lead.scene, False
