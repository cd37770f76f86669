"""The places stage: detection, disambiguation with context, precision codes, theater inference."""
from __future__ import annotations

from pathlib import Path

import pytest

from frontlines.extract.doc import Doc
from frontlines.extract.places import make_places_stage
from frontlines.geo.distance import haversine_km
from frontlines.geo.gazetteer import Gazetteer, GeoEntry
from frontlines.model import Article, stable_id
from frontlines.options import Options

SEED = Path(__file__).resolve().parents[1] / "examples" / "seed.txt"

ENTRIES = [  # real GeoNames records, trimmed alternate names
    GeoEntry(163843, "Syria", 35.0, 38.0, "SY", "", 16906283, "country", ()),
    GeoEntry(298795, "Turkey", 39.0, 35.0, "TR", "", 82319724, "country", ("Turkiye",)),
    GeoEntry(2802361, "Libya", 28.0, 17.0, "LY", "", 6678567, "country", ()),
    GeoEntry(3017382, "France", 46.0, 2.0, "FR", "", 66987244, "country", ()),
    GeoEntry(169577, "Homs", 34.72405, 36.72559, "SY", "Homs", 775404, "city", ("Hims",)),
    GeoEntry(2219905, "Al Khums", 32.64861, 14.26191, "LY", "Al Marqab", 201943, "city", ("Homs",)),
    GeoEntry(169389, "Idlib", 35.93062, 36.63393, "SY", "Idlib", 128840, "city", ()),
    GeoEntry(169387, "Idlib", 35.82731, 36.62064, "SY", "Idlib", 442917, "admin1", ("Idlib Governorate",)),
    GeoEntry(172994, "Ariha", 35.81374, 36.60964, "SY", "Idlib", 0, "city", ("Arihah",)),
    GeoEntry(284899, "Jericho", 31.86667, 35.45, "PS", "Jericho and Al Aghwar", 19783, "city", ("Ariha",)),
    GeoEntry(170654, "Damascus", 33.5102, 36.29128, "SY", "Dimashq", 1569394, "city", ()),
    GeoEntry(2988507, "Paris", 48.85341, 2.3488, "FR", "Ile-de-France", 2138551, "city", ()),
    GeoEntry(4717560, "Paris", 33.66094, -95.55551, "US", "Texas", 24782, "city", ()),
]


@pytest.fixture(scope="module")
def small():
    return Gazetteer.from_entries(ENTRIES, capitals={"SY": 170654})


def run(gaz, text, country=None, nlp=None):
    doc = Doc(article=Article(id=stable_id(text), text=text), country=country)
    if nlp is not None:
        doc.spacy = nlp(text)
    return make_places_stage(gaz, Options())(doc)


def by_text(doc):
    return {m.text: m.place for m in doc.places}


def test_homs_is_syrian_given_the_theater_and_libyan_reading_exists(small):
    doc = run(small, "Rebels advanced on Homs on Tuesday.", country="SY")
    assert by_text(doc)["Homs"].geonameid == 169577


def test_context_chooses_ariha_in_idlib_over_jericho(small):
    doc = run(small, "The rebels took Idlib and then Ariha, south of the city.")
    assert by_text(doc)["Ariha"].country == "SY"
    assert doc.country == "SY"


def test_paris_without_theater_is_france(small):
    doc = run(small, "The summit was held in Paris last week.")
    assert by_text(doc)["Paris"].country == "FR"


def test_precision_codes(small):
    doc = run(small, "Fighting near Homs spread to central Syria and Idlib province. Turkey protested. "
                     "Troops entered Damascus.", country="SY")
    places = by_text(doc)
    assert places["Homs"].precision == 2
    assert places["central Syria"].precision == 3 and places["central Syria"].feature == "country"
    assert places["Idlib"].feature == "admin1" and places["Idlib"].precision == 3
    assert places["Turkey"].feature == "country" and places["Turkey"].precision == 3
    assert places["Damascus"].precision == 1 and places["Damascus"].feature == "city"


def test_stop_words_and_lowercase_are_not_places(small):
    doc = run(small, "Home is where the turkey is roasted.")
    assert doc.places == []


def test_the_capital_is_the_theater_capital(small):
    doc = run(small, "Government forces still hold the capital, Damascus.", country="SY")
    assert by_text(doc)["the capital"].geonameid == 170654


def test_theater_is_inferred_from_mentions_and_demonyms(small):
    doc = run(small, "Syrian troops left Homs; Syria says Idlib is next. Turkey watched.")
    assert doc.country == "SY"
    doc = run(small, "Nothing here names a place.")
    assert doc.country is None and doc.places == []


@pytest.mark.slow
@pytest.mark.parametrize("country", [None, "SY"])
def test_seed_places_with_the_real_gazetteer_and_model(gazetteer, nlp, country):
    text = SEED.read_text(encoding="utf-8")
    doc = run(gazetteer, text, country=country, nlp=nlp)
    assert doc.country == "SY"
    expected = {"Al-Qaryatain": (34.22956, 37.24066), "Idlib": (35.93062, 36.63393),
                "Jisr al-Shughour": (35.81418, 36.31983), "Ariha": (35.81374, 36.60964),
                "Homs": (34.72405, 36.72559), "Damascus": (33.5102, 36.29128)}
    found = {}
    for m in doc.places:
        if m.text in expected and m.place is not None:
            found.setdefault(m.text, m.place)
    assert set(found) == set(expected)
    for name, (lat, lon) in expected.items():
        place = found[name]
        assert place.country == "SY" and place.feature == "city" and place.precision == 1, name
        assert haversine_km(place.lat, place.lon, lat, lon) <= 10.0, name
    assert found["Al-Qaryatain"].name == "Al Qaryatayn"
    assert found["Jisr al-Shughour"].name == "Jisr ash Shughur"
    countries = {m.text: m.place for m in doc.places if m.text in ("Turkey", "Russia", "Iran", "United States")}
    assert set(countries) == {"Turkey", "Russia", "Iran", "United States"}
    assert all(p.feature == "country" and p.precision == 3 for p in countries.values())
    central = [m for m in doc.places if m.text == "central Syria"]
    assert central and all(m.place.precision == 3 and m.place.country == "SY" for m in central)
    assert not any(m.place is not None and m.place.feature == "city" and m.place.country not in ("SY",)
                   for m in doc.places), [m for m in doc.places if m.place and m.place.country != "SY"]


# ---------------------------------------------------------------- theater preference
THEATER_ENTRIES = [  # real GeoNames records (trimmed alternate names)
    GeoEntry(163843, "Syria", 35.0, 38.0, "SY", "", 16906283, "country", ()),
    GeoEntry(2464461, "Tunisia", 34.0, 9.0, "TN", "", 11565204, "country", ()),
    GeoEntry(1861060, "Japan", 35.68536, 139.75309, "JP", "", 126529100, "country", ()),
    GeoEntry(170654, "Damascus", 33.5102, 36.29128, "SY", "Dimashq", 1569394, "city", ()),
    GeoEntry(1850692, "Tama", 35.63694, 139.44639, "JP", "Tokyo", 148285, "city", ()),
    GeoEntry(2464915, "Sousse", 35.82539, 10.63699, "TN", "Sousse", 221715, "city", ("Sus",)),
    GeoEntry(2910831, "Hannover", 52.37052, 9.73322, "DE", "Lower Saxony", 515140, "city", ("Haj",)),
    GeoEntry(4769667, "Huntington", 40.86815, -73.42568, "US", "New York", 48638, "city", ("HTS",)),
    GeoEntry(524901, "Moscow", 55.75222, 37.61556, "RU", "Moscow", 10381222, "city", ()),
    GeoEntry(745044, "Istanbul", 41.01384, 28.94966, "TR", "Istanbul", 14804116, "city", ()),
]


class _Faction:  # the two attributes of lexicons.Faction the places stage reads
    def __init__(self, aliases):
        self.aliases, self.generic = tuple(aliases), ()


class _Lexicons:
    factions = (_Faction(["Hayat Tahrir al-Sham", "HTS"]), _Faction(["Syrian Democratic Forces", "SDF"]))


@pytest.fixture(scope="module")
def theater_gaz():
    return Gazetteer.from_entries(THEATER_ENTRIES, capitals={"SY": 170654, "RU": 524901})


def run_lex(gaz, text, country=None, lexicons=None):
    doc = Doc(article=Article(id=stable_id(text), text=text), country=country)
    return make_places_stage(gaz, Options(), lexicons=lexicons)(doc)


def resolved(doc):
    return {m.text: m.place for m in doc.places if m.place is not None}


def test_small_foreign_town_is_not_chosen_in_a_theater_article(theater_gaz):
    doc = run_lex(theater_gaz, "Regime forces took Tama village after clashes.", country="SY")
    assert "Tama" not in resolved(doc)
    # without a theater the worldwide reading stands
    doc = run_lex(theater_gaz, "The festival in Tama drew large crowds.")
    assert resolved(doc)["Tama"].country == "JP"


def test_foreign_alternate_name_without_evidence_is_refused(theater_gaz):
    doc = run_lex(theater_gaz, "Fighters attacked positions in Sus and Haj on Monday.", country="SY")
    assert not any(p.country in ("TN", "DE") for p in resolved(doc).values())
    # naming the country does not make an alternate name ("Sus" for Sousse) explicit
    doc = run_lex(theater_gaz, "Fighters attacked positions in Sus. Tunisia protested.", country="SY")
    assert "Sus" not in resolved(doc)


def test_large_foreign_city_named_with_its_country_is_kept(theater_gaz):
    doc = run_lex(theater_gaz, "Talks on Syria were held in Sousse, Tunisia, on Monday.", country="SY")
    assert resolved(doc)["Sousse"].geonameid == 2464915


def test_capital_and_famous_city_are_kept_in_a_theater_article(theater_gaz):
    doc = run_lex(theater_gaz, "Officials flew from Moscow to Damascus, then on to Istanbul.", country="SY")
    places = resolved(doc)
    assert places["Moscow"].country == "RU" and places["Istanbul"].country == "TR"
    assert places["Damascus"].country == "SY"


def test_actor_acronyms_from_the_lexicons_are_not_places(theater_gaz):
    text = "Airstrikes hit HTS positions north of Damascus."
    assert "HTS" not in resolved(run_lex(theater_gaz, text, country="SY", lexicons=_Lexicons()))
    assert "HTS" not in resolved(run_lex(theater_gaz, text, lexicons=_Lexicons()))
    # the acronym list comes from the lexicons, not from code: without it the gazetteer reading shows
    assert resolved(run_lex(theater_gaz, text))["HTS"].geonameid == 4769667


@pytest.mark.slow
def test_acled_style_notes_do_not_resolve_abroad_with_the_real_gazetteer(gazetteer, lexicons):
    text = ("Clashes took place between regime forces and HTS in Tama and Jafr, near al-Haj. "
            "Regime forces regained Tal al-Sus. Tunisia was not involved.")
    doc = run_lex(gazetteer, text, country="SY", lexicons=lexicons)
    wrong = {m.text: (m.place.name, m.place.country) for m in doc.places
             if m.place is not None and m.place.country not in ("SY", "TN") or
             m.place is not None and m.place.country == "TN" and m.place.feature != "country"}
    assert wrong == {}
    assert not any(m.text == "HTS" for m in doc.places)


def test_capital_by_an_alternate_name_needs_its_country_named(theater_gaz):
    gaz = Gazetteer.from_entries(THEATER_ENTRIES + [
        GeoEntry(2950159, "Berlin", 52.52437, 13.41053, "DE", "Berlin", 3426354, "city", ("Ber",)),
        GeoEntry(2921044, "Germany", 51.5, 10.5, "DE", "", 82927922, "country", ())],
        capitals={"SY": 170654, "DE": 2950159})
    doc = run_lex(gaz, "Rebels took control of the Ber area from IS.", country="SY")
    assert "Ber" not in resolved(doc)
    assert any(m.text == "Ber" and m.place is None for m in doc.places)  # unresolved, still a mention
    doc = run_lex(gaz, "Talks with Germany were held in Berlin.", country="SY")
    assert resolved(doc)["Berlin"].country == "DE"


@pytest.mark.slow
def test_regions_seas_and_hyphenated_demonyms_with_the_real_gazetteer(gazetteer, lexicons):
    text = ("Government forces retook eastern Ghouta, and shelling along the Syrian-Turkish border went on. "
            "Moscow denounced an anti-Russian campaign; Kurdish fighters crossed the Euphrates. "
            "Tankers in the Gulf and in the Atlantic were diverted, and the Middle East braced.")
    doc = run_lex(gazetteer, text, lexicons=lexicons)
    got = {m.text: m.place for m in doc.places if m.place is not None}
    ghouta = got["Ghouta"] if "Ghouta" in got else got["eastern Ghouta"]
    assert ghouta.feature == "region" and ghouta.country == "SY" and ghouta.precision == 3
    assert haversine_km(ghouta.lat, ghouta.lon, 33.57, 36.40) < 30  # Douma, its main town
    assert got["Syrian"].country == "SY" and got["Turkish"].country == "TR"  # both halves of the compound
    assert got["Russian"].country == "RU" and got["Russian"].feature == "country"
    assert got["Kurdish"].name == "Kurdistan" and got["Kurdish"].feature == "region"
    assert got["Euphrates"].feature == "region" and got["Euphrates"].geonameid is None
    assert got["Gulf"].name == "Persian Gulf" and got["Atlantic"].name == "Atlantic Ocean"
    assert got["Middle East"].feature == "region" and got["Middle East"].country is None


def test_named_facilities_go_to_their_place_or_the_articles_main_city(gazetteer, lexicons):
    """place_facility_words.tsv: a street or building is one mention, not a town of its first or
    last word; a name holding a place gives that place; otherwise the article's main city."""
    text = ("NEW ORLEANS - The fire started on Royal Street in New Orleans on Monday. Firefighters from "
            "the Desire Street station reached the Holy Redeemer Church within minutes, officials in "
            "New Orleans said. Students of Liverpool Academy and the University of Aleppo sent help.")
    doc = run_lex(gazetteer, text, lexicons=lexicons)
    got = {m.text: m.place for m in doc.places}
    nola = got["New Orleans"]
    assert nola is not None and nola.country == "US" and nola.feature == "city"
    for name in ("Royal Street", "Holy Redeemer Church"):
        p = got[name]  # the whole name is the mention ...
        assert p is not None and p.precision == 2  # ... at (near) the main city
        assert haversine_km(p.lat, p.lon, nola.lat, nola.lon) < 1
    assert "Royal" not in got and "Church" not in got and "Street" not in got
    assert got["Liverpool"].name == "Liverpool" and "Academy" not in got and "Liverpool Academy" not in got
    assert got["Aleppo"].country == "SY" and "University" not in got


def test_a_facility_without_a_main_city_stays_unresolved(gazetteer, lexicons):
    doc = run_lex(gazetteer, "Protesters gathered outside the Frenchmen Street bakery.", lexicons=lexicons)
    assert [(m.text, m.place) for m in doc.places] == [("Frenchmen Street", None)]


def test_big_cities_and_two_letter_countries_in_hyphenated_words(gazetteer, lexicons):
    text = ("A London-based consultant and a US-based producer signed the deal; the Amsterdam-London "
            "train leaves hourly.")
    doc = run_lex(gazetteer, text, lexicons=lexicons)
    got = {m.text: m.place for m in doc.places if m.place is not None}
    assert got["London"].country == "GB" and got["London"].feature == "city"
    assert got["US"].country == "US" and got["US"].feature == "country"
    assert got["Amsterdam"].country == "NL"


def test_a_nation_within_a_country_is_its_admin1_area(gazetteer, lexicons):
    doc = run_lex(gazetteer, "The poisoning in the English city of Salisbury angered Scottish MPs.", lexicons=lexicons)
    got = {m.text: m.place for m in doc.places if m.place is not None}
    assert got["English"].name == "England" and got["English"].feature == "admin1" and got["English"].country == "GB"
    assert got["Scottish"].name == "Scotland" and got["Scottish"].country == "GB"


def test_an_ocean_in_a_national_story_and_geonames_points_for_seas(gazetteer, lexicons):
    """'the Atlantic' in a US story is the ocean (GeoNames 3373405, at GeoNames' point), not
    Atlantic County nor Atlantic, Iowa; 'Atlantic County' is still the county."""
    text = ("Forecasters in Miami, Florida said the Atlantic hurricane season starts June 1. Waters "
            "across the tropical Atlantic are cooler than average. Flooding hit Atlantic County, New Jersey.")
    doc = run_lex(gazetteer, text, lexicons=lexicons)
    got = [(m.text, m.place) for m in doc.places if m.place is not None]
    oceans = [p for t, p in got if t == "Atlantic"]
    assert len(oceans) == 2 and all(p.name == "Atlantic Ocean" and p.geonameid == 3373405 for p in oceans)
    assert haversine_km(oceans[0].lat, oceans[0].lon, 10.0, -25.0) < 1
    county = dict(got)["Atlantic County"]
    assert county.feature == "admin2" and county.admin1 == "New Jersey"


def test_a_named_countrys_capital_before_a_town_of_the_theater(gazetteer, lexicons):
    """A story about Britain that names the United States: 'In Washington' is the capital, not
    Washington, Tyne and Wear (England towns around it vote for England)."""
    text = ("LONDON - The latest on the poisoning of an ex-spy in Britain: In Washington, some of the 60 "
            "Russian diplomats being expelled from the United States have left. Police in Salisbury and "
            "London said Britain would respond. Manchester and Birmingham police helped.")
    doc = run_lex(gazetteer, text, lexicons=lexicons)
    got = {m.text: m.place for m in doc.places if m.place is not None}
    assert got["Washington"].country == "US" and got["Washington"].admin1 == "District of Columbia"
    assert got["Salisbury"].country == "GB"


def test_large_northern_provinces_sit_at_geonames_points(gazetteer):
    """place_country_centres.tsv: GeoNames' point of an admin area whose towns all lie in its south
    (the centroid of Alberta's or Manitoba's towns is 200-300 km off), and of scattered countries."""
    for name, cc, lat, lon in (("Alberta", "CA", 52.28333, -117.469), ("Manitoba", "CA", 55.00019, -97.00049),
                               ("Alaska", "US", 64.00028, -150.00028), ("Mauritius", "MU", -20.3, 57.58333)):
        e = next(e for e in gazetteer.candidates(name) if e.country == cc and e.feature in ("admin1", "country"))
        assert haversine_km(e.lat, e.lon, lat, lon) < 1, name


def test_initials_of_a_country_named_in_full(gazetteer, lexicons):
    """places_acronyms: 'SA' and 'T&T' are countries only where the article names them in full."""
    from frontlines.extract.places_acronyms import initials

    assert initials("Trinidad and Tobago") == ["TT", "T.T.", "T&T"]
    assert initials("Democratic Republic of the Congo")[0] == "DRC" and initials("France") == []
    text = ("Mining in South Africa slowed. That SA holds vast platinum reserves is well known. "
            "Trinidad and Tobago sent aid; T&T had done much for Dominica.")
    got = {m.text: m.place for m in run_lex(gazetteer, text, lexicons=lexicons).places if m.place is not None}
    assert got["SA"].country == "ZA" and got["SA"].feature == "country"
    assert got["T&T"].country == "TT"
    alone = {m.text: m.place for m in run_lex(gazetteer, "That SA holds vast reserves.", lexicons=lexicons).places}
    assert alone.get("SA") is None or alone["SA"].country != "ZA"


def test_a_big_city_before_a_small_namesake_in_a_state_the_article_names(gazetteer, lexicons):
    """'Louisville' in a story set in Ohio is Louisville, Kentucky (20x larger) unless it is
    written 'Louisville, Ohio'."""
    text = ("CANTON, Ohio - Akron and Canton fans cheered as Ohio State lost to Louisville on Saturday. "
            "Fans in Cleveland, Ohio watched.")
    got = {m.text: m.place for m in run_lex(gazetteer, text, lexicons=lexicons).places if m.place is not None}
    assert got["Louisville"].admin1 == "Kentucky"
    text = "CANTON, Ohio - Akron fans cheered. The fair in Louisville, Ohio opened on Saturday."
    got = {m.text: m.place for m in run_lex(gazetteer, text, lexicons=lexicons).places if m.place is not None}
    assert got["Louisville"].admin1 == "Ohio"


def test_titles_former_states_and_more_demonyms(gazetteer, lexicons):
    """'US Justice Department' is the US (no Arabic 'us-' article stripped, no town 'Justice');
    'Secretary' is a title; the Soviet Union is Russia's territory; 'Arab' is the Arab world,
    but 'Syrian Arab Army' is Syrian."""
    text = ("The US Justice Department and US Secretary of State spoke. Arab leaders recalled the Soviet "
            "Union. The Syrian Arab Army advanced.")
    got = {m.text: m.place for m in run_lex(gazetteer, text, lexicons=lexicons).places if m.place is not None}
    assert got["US"].country == "US" and "US Justice" not in got and "Secretary" not in got
    assert got["Soviet Union"].country == "RU"
    assert got["Arab"].name == "Arab World" and got["Arab"].geonameid == 6957698
    assert got["Syrian Arab"].country == "SY" and got["Syrian Arab"].feature == "country"


def test_place_before_a_suffix_plural_demonyms_and_initials_after_a_demonym(gazetteer, lexicons):
    """'Abu Dhabi-based' and 'Kent-based' name Abu Dhabi and Kent; 'South Africans' is South Africa
    (not Africa), and makes 'SA' South Africa; 'Syrians' is Syria."""
    text = ("The Abu Dhabi-based agency and a Kent-based team met South Africans. That SA holds platinum. "
            "Syrians fled.")
    got = {m.text: m.place for m in run_lex(gazetteer, text, lexicons=lexicons).places if m.place is not None}
    assert got["Abu Dhabi"].country == "AE" and got["Kent"].country == "GB"
    assert got["South Africans"].country == "ZA" and got["SA"].country == "ZA"
    assert got["Syrians"].country == "SY"


def test_seats_of_government_and_generic_words(gazetteer, lexicons):
    """place_aliases.tsv: 'the White House', 'the Kremlin', 'Downing Street' (an alias before the
    facility rule) are their cities; 'Woodman Point' is not the town Point, Texas."""
    text = ("WASHINGTON - The White House said on Monday that the Kremlin had lied. Downing Street "
            "agreed. Divers searched off Woodman Point near Perth.")
    got = {m.text: m.place for m in run_lex(gazetteer, text, lexicons=lexicons).places if m.place is not None}
    assert got["White House"].geonameid == 4140963 and got["Kremlin"].name == "Moscow"
    assert got["Downing Street"].name == "London"
    assert "Point" not in got


def test_words_after_a_place_inside_a_facility_name_are_no_places(gazetteer, lexicons):
    """'Colorado State University': Colorado, not a facility 'State University' at the main city;
    'Florida Atlantic University' is not the Atlantic Ocean; 'Northeast Texas' is Texas once."""
    text = ("FORT COLLINS - Students of Colorado State University and Florida Atlantic University met "
            "graduates of Northeast Texas Community College in Fort Collins.")
    doc = run_lex(gazetteer, text, lexicons=lexicons)
    got = {m.text: m.place for m in doc.places}
    assert got["Colorado"].admin1 == "Colorado" and got["Florida"].admin1 == "Florida"
    assert not any(t.startswith(("State", "Atlantic")) for t in got)
    assert got["Northeast Texas"].name == "Texas" and "Northeast" not in got
    spans = sorted((m.start, m.end) for m in doc.places)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))  # no overlapping mentions


def test_deltas_are_regions_and_a_harbor_is_no_town(gazetteer, lexicons):
    text = "Militants in the Niger Delta and farmers in the Nile Delta; ships left Pearl Harbor."
    got = {m.text: m.place for m in run_lex(gazetteer, text, lexicons=lexicons).places if m.place is not None}
    assert got["Niger Delta"].country == "NG" and got["Niger Delta"].feature == "region"
    assert got["Nile Delta"].country == "EG"
    assert "Harbor" not in got
