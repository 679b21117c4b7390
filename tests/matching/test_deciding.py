"""Issue 11, second pass: deciding like a person would on near-ties, and reading sentences
without false hybrids (helper C2). Each case fails without the rule it names."""

from __future__ import annotations

import pytest

import reelshift
from reelshift.kb.loader import KnowledgePack
from reelshift.matching import match_text
from reelshift.matching.index import get_index
from reelshift.matching.normalize import clause_leads, fold, segments
from reelshift.matching.rank import _agent_titles, _read, _without_tools
from reelshift.matching.understand import parts


def _roles(pack: KnowledgePack, text: str) -> tuple[str, list[str]]:
    found = match_text(pack, text)
    return found.status, [m.role for m in found.mix]


def test_nouns_in_a_list_are_not_verbs(pack: KnowledgePack) -> None:
    # A model is not a modeller: "actor and model" is one craft, not a mix with 3D modelling.
    index = get_index(pack)
    assert _agent_titles(index, "actor and model", True) == []
    for text in ("actor and model", "I work as an actor and model"):
        status, mix = _roles(pack, text)
        assert "3d-modeler" not in mix, text
        assert status == "confident" and mix == ["actor"], text
    # ...while a first-person text is still read as verbs.
    assert {"writer", "director"} <= set(_agent_titles(index, "i write and direct", True))


def test_a_word_that_is_only_the_base_of_a_name_is_no_title(pack: KnowledgePack) -> None:
    # "light" meets "lighter" through the stemmer; alone it does not make a CG lighter.
    found = match_text(pack, "I make the light on the film set, chief electrician")
    assert not (found.status == "confident" and [m.role for m in found.mix] == ["lighting-artist"])
    assert _roles(pack, "modeller") == ("confident", ["3d-modeler"])


def test_two_agent_nouns_joined_by_a_hyphen_are_a_hybrid(pack: KnowledgePack) -> None:
    assert [p.text for p in parts("writer-director of two indie features")] == [
        "writer",
        "director",
    ]
    # prefixes and plain words keep their hyphen
    assert [p.text for p in parts("re-recording mixer")] == ["re-recording mixer"]
    assert [p.text for p in parts("make-up artist")] == ["make-up artist"]
    status, mix = _roles(pack, "producer-director on observational docs")
    assert status == "confident" and set(mix) == {"producer", "director"}


def test_making_of_is_one_word(pack: KnowledgePack) -> None:
    # "making" is a stopword; without the compound "making-of director" was a bare "director"
    # and tied with every director.
    assert fold("making-of director") == "makingof director"
    assert _roles(pack, "I direct commercials") == ("confident", ["director"])


def test_tools_in_a_title_are_not_the_title(pack: KnowledgePack) -> None:
    index = get_index(pack)
    assert _without_tools(index, "avid editor") == "editor"
    # nothing that names a craft is left: kept whole
    assert _without_tools(index, "avid") == "avid"
    assert _roles(pack, "Avid editor, 15 years in broadcast factual") == ("confident", ["editor"])


def test_clauses_opened_by_for_or_on_are_not_titles(pack: KnowledgePack) -> None:
    text = "I record sound on location for docs, sometimes boom"
    assert len(clause_leads(text)) == len(segments(text))
    assert clause_leads(text)[:3] == ["", "on", "for"]
    read = _read(get_index(pack), "I draw storyboards for directors")
    assert all(t.text != "directors" for t in read.titles)
    # "in Houdini" names a tool, which still tells the craft
    read = _read(get_index(pack), "I do sims in Houdini for features")
    assert any("houdini" in t.text for t in read.titles)


def test_a_rival_on_another_rung_is_no_tie(pack: KnowledgePack) -> None:
    # "writers' assistant" meets "I write scripts" through "writer"; the text says no assistant.
    assert _roles(pack, "I write scripts for tv") == ("confident", ["screenwriter"])
    # said, it is the assistant
    assert _roles(pack, "writers assistant") == ("confident", ["writers-assistant"])


def test_the_rest_of_the_text_settles_a_shared_name(pack: KnowledgePack) -> None:
    # "mixer" is a name of both mixers; the rest of the text says which.
    assert _roles(pack, "I mix films in Atmos") == ("confident", ["re-recording-mixer"])
    status, mix = _roles(pack, "mixer on reality shows, lots of radio mics")
    assert (status, mix) == ("confident", ["production-sound-mixer"])
    # nothing but the shared name: still asked
    assert match_text(pack, "mixer").status == "ambiguous"


def test_a_film_name_does_not_carry_work_elsewhere(pack: KnowledgePack) -> None:
    # "production lawyer" is a business affairs alias; a lawyer elsewhere is outside film.
    found = match_text(pack, "I'm a lawyer, employment law")
    assert (found.status, found.reason) == ("unknown", "outside-film")
    assert _roles(pack, "production lawyer") == ("confident", ["business-affairs-executive"])


@pytest.mark.parametrize("name", ["OutsideFilmError", "NotCoveredError", "UnreadableError"])
def test_new_errors_are_public(name: str) -> None:
    error = getattr(reelshift, name)
    assert issubclass(error, reelshift.UnknownRoleError)
    assert name in reelshift.__all__
