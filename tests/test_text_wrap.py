"""Hard-wrapped articles: a line break inside a sentence is not a sentence break.

Plain-text wire copy and e-mailed reports are often wrapped at a fixed width, so a line can
end mid-sentence just before a capitalised word (a place, a weekday). Such a break used to
be taken for a headline's end, cutting the sentence in two and losing its incident.
"""

from __future__ import annotations

import pytest

from geoincidents.extract.text import split_sentences

WRAPPED = """Mortar fire hits a border post in eastern Afghanistan

Published: 2026-05-20

ASADABAD, Afghanistan - Three mortar rounds slammed into a police post close to the
Pakistani frontier late on Monday, killing two officers and wounding four others, a
district official said. The shells came from across the border near the village of
Dangam, he added, and a second post nearby was not hit.
"""


def _texts(text: str) -> list[str]:
    return [" ".join(s.text.split()) for s in split_sentences(text)]


def test_a_hard_wrapped_paragraph_keeps_its_sentences_whole():
    assert _texts(WRAPPED) == [
        "Mortar fire hits a border post in eastern Afghanistan",
        "Published: 2026-05-20",
        "ASADABAD, Afghanistan - Three mortar rounds slammed into a police post close to the "
        "Pakistani frontier late on Monday, killing two officers and wounding four others, a "
        "district official said.",
        "The shells came from across the border near the village of Dangam, he added, and a "
        "second post nearby was not hit.",
    ]


@pytest.mark.parametrize("word", ["in", "on", "the", "near", "of", "and"])
def test_a_line_ending_in_a_function_word_runs_on(word):
    text = f"Gunmen opened fire on a checkpoint {word}\nKunduz city overnight."
    assert len(split_sentences(text)) == 1


def test_a_headline_over_an_unwrapped_lead_stays_its_own_sentence():
    text = ("Drone strike wounds three in Marib\nMARIB, Yemen - A drone hit a fuel depot on "
            "Sunday, wounding three workers, officials said.")
    assert _texts(text)[0] == "Drone strike wounds three in Marib"


def test_a_headline_over_a_wrapped_lead_stays_its_own_sentence():
    # the first line of a paragraph is never taken for a wrapped line by its length alone
    text = ("Rockets fall near an air base north of the capital again\n"
            "BAGHDAD - Two rockets landed inside the perimeter of a base north of the city\n"
            "on Thursday night, a security source said, causing no casualties at all.\n"
            "It was the third such attack this month on the same installation.")
    assert _texts(text)[0] == "Rockets fall near an air base north of the capital again"


def test_a_wrapped_article_gives_its_incident(gazetteer):
    from geoincidents.extract import extract_text

    frame = extract_text(WRAPPED.replace("late on Monday", "late on\nMonday"),
                         gazetteer=gazetteer).incidents
    assert [(int(row.killed), int(row.injured)) for row in frame.itertuples()] == [(2, 4)]
    assert str(frame["date"].iloc[0])[:10] == "2026-05-18"


def test_fields_and_list_items_stay_on_their_own_lines():
    text = ("KIRKUK\nWhere: a checkpoint on the road out of Kirkuk, west of the city\n"
            "When: Thursday, shortly before noon\n"
            "- A car bomb went off beside the checkpoint barrier, wounding three.\n"
            "- Gunmen fired on the rescuers who came after the blast, police said.\n")
    assert _texts(text) == [
        "KIRKUK", "Where: a checkpoint on the road out of Kirkuk, west of the city",
        "When: Thursday, shortly before noon",
        "- A car bomb went off beside the checkpoint barrier, wounding three.",
        "- Gunmen fired on the rescuers who came after the blast, police said."]


def test_hurting_counts_the_injured(gazetteer):
    # seen while writing the wrapped article above: "hurting four more" was not read
    from geoincidents.extract import extract_text

    text = ("Published: 2026-05-20\n\nThree mortar rounds slammed into a police post in "
            "Kandahar on Monday, killing two officers and hurting four more, a district "
            "official said.\n")
    frame = extract_text(text, gazetteer=gazetteer).incidents
    assert [(int(r.killed), int(r.injured)) for r in frame.itertuples()] == [(2, 4)]
