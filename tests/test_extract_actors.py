"""Actors stage and lexicon: aliases, possessives, government rule, coreference."""
from __future__ import annotations

import pytest

from frontlines.errors import LexiconError
from frontlines.extract.actors import make_actors_stage
from frontlines.extract.doc import Doc
from frontlines.lexicons import load_lexicons, read_tsv
from frontlines.model import Article


def _actors(lexicons, text, country="SY"):
    doc = make_actors_stage(lexicons)(Doc(Article("a", text), country=country))
    return [(m.text, m.actor.faction, m.actor.government) for m in doc.actors]


def test_aliases_and_possessives(lexicons):
    got = _actors(lexicons, "Assad’s forces clashed with HTS while the rebels’ allies, the SDF, watched.")
    assert ("Assad’s forces", "sy_government", True) in got
    assert ("HTS", "sy_hts", False) in got
    assert ("SDF", "sy_sdf", False) in got
    assert any(t.startswith("rebels") for t, _, _ in got)


def test_acronym_is_case_sensitive(lexicons):
    assert _actors(lexicons, "This is what IS fighters did.") == [("IS fighters", "islamic_state", False)]
    assert _actors(lexicons, "it is what it is") == []


def test_government_is_relative_to_the_theater(lexicons):
    syria = dict((t, (f, g)) for t, f, g in _actors(lexicons, "Turkish forces and government forces met.", "SY"))
    assert syria["Turkish forces"] == ("turkey", False)
    assert syria["government forces"] == ("sy_government", True)
    iraq = dict((t, (f, g)) for t, f, g in _actors(lexicons, "Government forces entered the town.", "IQ"))
    assert iraq["Government forces"] == ("iraq", True)  # Iraq is a state of the lexicon: at home it governs
    mali = dict((t, (f, g)) for t, f, g in _actors(lexicons, "Government forces entered the town.", "ML"))
    assert mali["Government forces"] == ("ml_government", True)  # no faction for Mali: a synthesised one


def _states(lexicons, text, country, country_name=None):
    doc = make_actors_stage(lexicons, country_name)(Doc(Article("a", text), country=country))
    return {m.text: (m.actor.faction, m.actor.government) for m in doc.actors}


def test_state_forces_by_demonym_are_government_only_at_home(lexicons):
    text = "Ukrainian forces retook the village after Russian troops withdrew."
    assert _states(lexicons, text, "UA") == {"Ukrainian forces": ("ua_government", True),
                                             "Russian troops": ("russia", False)}
    assert _states(lexicons, text, "RU") == {"Ukrainian forces": ("ua_government", False),
                                             "Russian troops": ("russia", True)}
    sudan = "The Sudanese Armed Forces and the RSF clashed; Chadian soldiers watched."
    assert _states(lexicons, sudan, "SD") == {"Sudanese Armed Forces": ("sd_government", True),
                                              "RSF": ("sd_rsf", False),
                                              "Chadian soldiers": ("td_government", False)}
    # a faction alias wins over the rule; an attribute ("Turkish-backed", "pro-Russian") is no state
    got = _states(lexicons, "The Free Syrian Army, Turkish-backed rebels, pro-Russian separatists and "
                            "Syrian forces fought.", "SY")
    assert got == {"Free Syrian Army": ("sy_opposition", False), "Turkish-backed rebels": ("sy_sna", False),
                   "pro-Russian separatists": ("ua_separatists", False), "Syrian forces": ("sy_government", True)}


def test_state_forces_by_country_name_need_the_names(lexicons):
    names = {"UA": "Ukraine", "ML": "Mali"}.get
    text = "Military Forces of Ukraine shelled the town; Mali's army did not."
    assert _states(lexicons, text, "UA", names) == {"Military Forces of Ukraine": ("ua_government", True),
                                                    "Mali's army": ("ml_government", False)}
    assert "Military Forces of Ukraine" not in _states(lexicons, text, "UA")  # no names given: no rule


def test_common_nouns_of_a_theater_faction_follow_the_theater(lexicons):
    text = "Pro-government forces and regime forces pushed back the insurgents."
    assert _states(lexicons, text, "SY") == {"Pro-government forces": ("sy_government", True),
                                             "regime forces": ("sy_government", True),
                                             "insurgents": ("sy_opposition", False)}
    assert _states(lexicons, text, "YE") == {"Pro-government forces": ("ye_government", True),
                                             "regime forces": ("ye_government", True),
                                             "insurgents": ("unknown", False)}
    # a proper name keeps its faction wherever the article is
    assert _states(lexicons, "Assad's forces", "LB") == {"Assad's forces": ("sy_government", False)}


def test_generic_mention_refers_to_the_articles_faction(lexicons):
    got = _actors(lexicons, "Ahrar al-Sham attacked the town. The rebels then withdrew.")
    assert ("rebels", "sy_ahrar_al_sham", False) in got
    # jihadist groups are not what "the rebels" names (the news guidelines keep HTS apart)
    got = _actors(lexicons, "Hayat Tahrir al-Sham attacked the town. The rebels then withdrew.")
    assert ("rebels", "sy_opposition", False) in got


def test_both_countries_resolves_to_the_previous_pair(lexicons):
    got = _actors(lexicons, "Assad's allies, Russia and Iran, help him. Both countries have warned the rebels.")
    pair = {f for t, f, _ in got if t == "Both countries"}
    assert pair == {"russia", "iran"}


def test_extra_lexicon_dir_extends_factions(tmp_path):
    (tmp_path / "actors.yaml").write_text(
        "factions:\n  - id: sy_hts\n    aliases: [Tahrir Front]\n  - id: wagner\n    name: Wagner Group\n"
        "    government: false\n    aliases: [Wagner]\n", encoding="utf-8")
    lex = load_lexicons(str(tmp_path))
    assert "Tahrir Front" in lex.faction("sy_hts").aliases and "HTS" in lex.faction("sy_hts").aliases
    assert _actors(lex, "Wagner and the Tahrir Front fought.") == [("Wagner", "wagner", False),
                                                                   ("Tahrir Front", "sy_hts", False)]


def test_bad_lexicon_is_a_coded_error(tmp_path):
    (tmp_path / "triggers.yaml").write_text("verbs: [unclosed\n", encoding="utf-8")
    with pytest.raises(LexiconError) as err:
        load_lexicons(str(tmp_path))
    assert "triggers.yaml" in str(err.value) and err.value.fix
    with pytest.raises(LexiconError):
        load_lexicons(str(tmp_path / "missing"))


def test_event_map_is_commented_tsv():
    rows = read_tsv("event_map.tsv")
    assert rows and all(len(r) == 5 for r in rows)
    assert ["control_change", "government", "FIGHT", "Battles", "Government regains territory"] in rows


def test_generic_mention_of_another_theater_is_not_the_syrian_faction(lexicons):
    # no theater given: a foreign modifier says whose rebels these are
    world = {t: (f, g) for t, f, g in _actors(lexicons, "Ugandan rebels surrendered. Syrian rebels did not.", None)}
    assert world["rebels"] == ("unknown", None)
    assert any(f == "sy_opposition" for f, _ in (v for k, v in world.items() if k != "rebels"))
    # attributes and named actors are no such modifier; the Syrian theater keeps its rebels
    assert _actors(lexicons, "Turkish-backed rebels advanced.", None)[-1][1] != "unknown"
    assert _actors(lexicons, "The rebels advanced.", None)[0][1] == "sy_opposition"
    assert _actors(lexicons, "The rebels advanced.", "SY")[0][1] == "sy_opposition"
    # another theater: the Syrian opposition is not who "the rebels" are
    assert _actors(lexicons, "The rebels advanced.", "UG")[0][1] == "unknown"


def test_a_common_noun_after_a_name_is_that_name_s_head(lexicons):
    got = dict((t, f) for t, f, _ in _actors(lexicons, "ISIL terrorists fired rocket shells at the town.", "SY"))
    assert got["terrorists"] == "islamic_state"
    got = dict((t, f) for t, f, _ in _actors(lexicons, "Rocket shells fired by terrorists hit the town.", "SY"))
    assert got["terrorists"] == "sy_opposition"  # Syrian state media's word for the armed opposition
    iraq = dict((t, f) for t, f, _ in _actors(lexicons, "Rocket shells fired by terrorists hit it.", "IQ"))
    assert iraq.get("terrorists") != "sy_opposition"  # elsewhere an unnamed armed group
