"""Place recognition and resolution in context: ambiguous names, regions written beside places, precision."""

from __future__ import annotations

import pytest
from spacy.language import Language

from eventwire.coding.coder import Resources
from eventwire.coding.places import doc_places, event_places, toponyms


def _resolved(nlp: Language, res: Resources, text: str, name: str) -> tuple[str, str | None]:
    """(iso3, admin1) of the first toponym called ``name`` when the whole text is geoparsed."""
    doc = nlp(text)
    start = text.index(name)
    [top] = toponyms(doc, res.gazetteer, res.actors, [(start, start + len(name))])
    assert top.place is not None, name
    return top.place.iso3, top.place.admin1


def _event(nlp: Language, res: Resources, text: str) -> dict[str, object]:
    doc = nlp(text)
    sent = next(iter(doc.sents))
    [ref] = event_places(sent, [sent.root], res.gazetteer, res.actors, None)[:1]
    return ref.columns()


@pytest.mark.parametrize(
    ("text", "name", "iso3", "admin1"),
    [
        (
            "Alexandria police arrested a man on Orchard Street in Alexandria, Louisiana.",
            "Alexandria",
            "USA",
            "Louisiana",
        ),
        (
            "Deputies in Rapides Parish said the fire in Alexandria was set on purpose.",
            "Alexandria",
            "USA",
            "Louisiana",
        ),
        ("Protesters marched through Alexandria and Cairo on Friday.", "Alexandria", "EGY", None),
        ("Paris, Texas, is a small town; the fair opened in Paris on Saturday.", "Paris", "USA", "Texas"),
        ("Tourists flocked to Paris and Lyon this summer.", "Paris", "FRA", None),
        ("Fighting erupted in Tripoli, Libya, overnight.", "Tripoli", "LBY", None),
        ("Clashes in Tripoli and Beirut left three dead in northern Lebanon.", "Tripoli", "LBN", None),
        ("Refugees crossed from Syria into Jordan.", "Jordan", "JOR", None),
        ("Georgia's governor spoke in Atlanta about jobs in Savannah and Macon.", "Georgia", "USA", "Georgia"),
        ("Russian troops left Georgia; Tbilisi and Gori were calm.", "Georgia", "GEO", None),
        # the capital, not Moscow Oblast around it (nor Moscow, Idaho)
        ("MOSCOW - Russia said on Monday that Moscow would respond.", "Moscow", "RUS", "Moscow"),
    ],
)
def test_ambiguous_names_follow_the_document(
    nlp: Language, res: Resources, text: str, name: str, iso3: str, admin1: str | None
) -> None:
    got_iso3, got_admin1 = _resolved(nlp, res, text, name)
    assert got_iso3 == iso3
    if admin1 is not None:
        assert got_admin1 == admin1


def test_org_tagged_province_in_parentheses_narrows_the_town(nlp: Language, res: Resources) -> None:
    """spaCy tags 'Katsina' or 'Maharashtra' as ORG/PERSON; the parenthesis after a town names its region."""
    cols = _event(nlp, res, "On 28 April 2020, gunmen attacked villagers in Musawa (Musawa LGA, Katsina).")
    assert (cols["iso3"], cols["location"]) == ("NGA", "Musawa")
    assert "Katsina" in str(cols["admin1"])
    cols = _event(
        nlp,
        res,
        "On 27 April 2020, Muslims pelted stones at police in Bidkin village of Paithan "
        "tehsil (Aurangabad, Maharashtra).",
    )
    assert cols["iso3"] == "IND"
    assert cols["admin1"] == "Maharashtra"


def test_hyderabad_follows_the_province_beside_it(nlp: Language, res: Resources) -> None:
    cols = _event(nlp, res, "On 27 April 2020, vaccinators held a protest in Hyderabad city (Hyderabad, Sindh).")
    assert (cols["iso3"], cols["admin1"]) == ("PAK", "Sindh")


def _event_countries(nlp: Language, res: Resources, text: str) -> list[str]:
    doc = nlp(text)
    sent = next(iter(doc.sents))
    return [ref.place.iso3 for ref in event_places(sent, [sent.root], res.gazetteer, res.actors, None)]


@pytest.mark.parametrize(
    ("text", "countries"),
    [
        # an address: the small town names the country, the big namesake abroad (Valencia, Venezuela) gives way
        ("Gunmen shot a police officer in Valencia, Sangre Grande.", ["TTO"]),
        # "Seno" (a province the gazetteer lacks) also spells a town in Laos; Dori is in Burkina Faso
        ("Gunmen abducted a trader in Dori, Seno.", ["BFA"]),
        # a list joined by "and" still gives one place per country
        ("US forces carried out strikes in Iraq and Syria.", ["IRQ", "SYR"]),
        # two countries side by side are a list, comma or not (a headline's "in Iraq, Syria")
        ("US launches strikes on militia targets in Iraq, Syria", ["IRQ", "SYR"]),
    ],
)
def test_an_address_lies_in_one_country(nlp: Language, res: Resources, text: str, countries: list[str]) -> None:
    assert sorted(set(_event_countries(nlp, res, text))) == countries


def test_an_address_lies_in_one_region(nlp: Language, res: Resources) -> None:
    """Several towns are called Shahpur; the one beside Kathua district is in Jammu and Kashmir, not Karnataka.
    (Poonch, the earlier example, names districts on both sides of the Line of Control, and the gazetteer now
    knows both.)"""
    doc = nlp("Two soldiers were wounded by shelling in Shahpur, Kathua district.")
    sent = next(iter(doc.sents))
    refs = event_places(sent, [sent.root], res.gazetteer, res.actors, None)
    assert refs
    assert {ref.columns()["admin1"] for ref in refs} == {"Jammu and Kashmir"}


@pytest.mark.parametrize(
    ("text", "precision"),
    [
        ("On 27 April 2020, Taliban militants killed 3 civilians in Maymana city, Faryab.", 1),
        ("On 27 April 2020, the army shelled positions west of Rafah (Rafah, North Sinai).", 2),
        ("On 27 April 2020, militias clashed near Maiduguri, Borno State.", 2),
        # a known district (LGA) without a town: part of a region, as ACLED codes district-level reports
        ("On 27 April 2020, militias clashed in Gwer East LGA (Benue).", 2),
        ("On 27 April 2020, soldiers were deployed in Borno State.", 3),
    ],
)
def test_acled_geo_precision(nlp: Language, res: Resources, text: str, precision: int) -> None:
    assert _event(nlp, res, text)["geo_precision"] == precision


def test_demonyms_and_organisations_are_not_places(nlp: Language, res: Resources) -> None:
    doc = nlp("On 28 April 2020, Taliban militants and Afghan forces clashed in Kunduz.")
    names = [m.text for m in doc_places(doc, res.gazetteer, res.actors) if m.place is not None]
    assert names == ["Kunduz"]


def test_a_region_beside_a_place_gives_one_event_place(nlp: Language, res: Resources) -> None:
    doc = nlp("On 27 April 2020, rioters blocked an avenue in Salvador, Bahia.")
    sent = next(iter(doc.sents))
    refs = event_places(sent, [sent.root], res.gazetteer, res.actors, None)
    assert [(r.place.name, r.place.iso3, r.columns()["admin1"]) for r in refs] == [("Salvador", "BRA", "Bahia")]


@pytest.mark.parametrize(
    ("text", "iso3", "location", "precision"),
    [
        # no locative preposition: the people or the facility "of" a place still say where
        (
            "On 29 April 2020, residents of Kasoa (Awutu Efutu Senya, Central) demonstrated against plans to "
            "locate an isolation centre.",
            "GHA",
            "Kasoa",
            1,
        ),
        (
            "On 28 April 2020, hospital doctors rallied outside the teaching hospital of Thessaloniki.",
            "GRC",
            "Thessaloníki",
            1,
        ),
        # a place name before a facility noun is where the facility is, not an actor's nationality
        ("On 6 May 2020, 3 unidentified rockets fell near Baghdad airport causing no damages.", "IRQ", "Baghdad", 2),
        # an unknown hyphenated district of a known town is part of that town
        (
            "On 29 April 2020, police arrested over 30 youths in Mogadishu-Bondhere district (Bondhere, Banadir).",
            "SOM",
            "Mogadishu",
            2,
        ),
        # the Afghan district, not the French village Andard; a district is part of a region (precision 2)
        ("On 8 May 2020, Taliban militants were killed in an operation in Andar district, Ghazni.", "AFG", "Andaṟ", 2),
    ],
)
def test_places_named_outside_locative_phrases(
    nlp: Language, res: Resources, text: str, iso3: str, location: str, precision: int
) -> None:
    cols = _event(nlp, res, text)
    assert (cols["iso3"], cols["location"], cols["geo_precision"]) == (iso3, location, precision)


def test_region_beside_an_unknown_place_is_where_it_happened(nlp: Language, res: Resources) -> None:
    cols = _event(nlp, res, "On 8 May 2020, Taliban militants were killed in an operation in Zyxkhel village, Ghazni.")
    assert (cols["admin1"], cols["geo_precision"]) == ("Ghazni", 3)
    place = res.gazetteer.admin1_of("AFG", "Ghazni")
    assert place is not None
    # mapped as ACLED maps a province: to its seat (the point of the province, not of any namesake town)
    seat = res.gazetteer.seat(place)
    assert seat is not None and (cols["latitude"], cols["longitude"]) == (
        round(seat.latitude, 5),
        round(seat.longitude, 5),
    )


def test_jordan_the_person_is_not_a_place(nlp: Language, res: Resources) -> None:
    doc = nlp("Michael Jordan scored 30 points as the Bulls beat the Knicks on Friday.")
    assert [m.text for m in doc_places(doc, res.gazetteer, res.actors) if m.place is not None] == []
    assert [t.name for t in toponyms(doc, res.gazetteer, res.actors) if t.name == "Jordan"] == []


def test_toponym_recognition_finds_place_names_used_as_modifiers(nlp: Language, res: Resources) -> None:
    """Toponym corpora mark 'Illinois' in 'the Illinois State Police'; the geoparser finds it too."""
    doc = nlp("The McLean County Sheriff's Department and the Illinois State Police are investigating.")
    found = {t.name: t.place.iso3 if t.place else None for t in toponyms(doc, res.gazetteer, res.actors)}
    assert found.get("McLean County") == "USA"
    assert any(name.startswith("Illinois") and iso3 == "USA" for name, iso3 in found.items())


def test_a_name_used_for_a_person_is_not_a_toponym(nlp: Language, res: Resources) -> None:
    doc = nlp("Abraham Lincoln spoke there in 1858. Lincoln said the house was divided.")
    assert [t.name for t in toponyms(doc, res.gazetteer, res.actors)] == []


def test_function_and_stop_words_are_not_toponyms(nlp: Language, res: Resources) -> None:
    doc = nlp("We went home. But the Department of Justice spoke about HIV. So did Congress.")
    names = {t.name for t in toponyms(doc, res.gazetteer, res.actors)}
    assert not names & {"We", "But", "So", "Justice", "HIV", "Congress"}


def test_a_country_before_a_facility_owns_it(nlp: Language, res: Resources) -> None:
    """'a US military outpost in Jordan' is in Jordan: the country names the owner, not the place."""
    cols = _event(nlp, res, "On 28 January 2024, militants attacked a US military outpost in Jordan.")
    assert cols["iso3"] == "JOR"


def test_nearby_places_across_a_border_decide_an_ambiguous_name(nlp: Language, res: Resources) -> None:
    """'Gaza' beside 'Sderot' is the Gaza of Palestine, not Mozambique's larger Gaza province."""
    text = "Rockets hit Gaza and Sderot as Israel and Hamas traded fire."
    spans = [(text.index(n), text.index(n) + len(n)) for n in ("Gaza", "Sderot", "Israel")]
    gaza = toponyms(nlp(text), res.gazetteer, res.actors, spans)[0]
    assert gaza.place is not None and gaza.place.iso3 == "PSE"


def test_a_city_larger_than_a_namesake_region_abroad_wins(nlp: Language, res: Resources) -> None:
    """'Gaza' alone is the city of 410,000, not Mozambique's Gaza province (fewer people, another country)."""
    text = "An author is traveling to Gaza with other activists."
    gaza = toponyms(nlp(text), res.gazetteer, res.actors, [(text.index("Gaza"), text.index("Gaza") + 4)])[0]
    assert gaza.place is not None and gaza.place.iso3 == "PSE"


@pytest.mark.parametrize(
    ("text", "town", "county", "admin1"),
    [
        (
            "The Athens Police Department arrested a man; he was arraigned at the Henderson County Jail.",
            "Athens",
            "Henderson County",
            "Texas",
        ),
        (
            "Residents of Paris and Henry County will receive a letter from the rescue squad.",
            "Paris",
            "Henry County",
            "Tennessee",
        ),
        (
            "A Richmond man was charged on Sunday, Madison County deputies said.",
            "Richmond",
            "Madison County",
            "Kentucky",
        ),
    ],
)
def test_a_town_and_the_county_it_lies_in_decide_each_other(
    nlp: Language, res: Resources, text: str, town: str, county: str, admin1: str
) -> None:
    """Local news names a town and its county without the state; only one state has both, the town inside."""
    spans = [(text.index(n), text.index(n) + len(n)) for n in (town, county)]
    found = toponyms(nlp(text), res.gazetteer, res.actors, spans)
    assert [(t.place.iso3, t.place.admin1) if t.place else None for t in found] == [("USA", admin1)] * 2
    assert found[0].place is not None and found[0].place.admin2 == found[1].place.geonameid  # type: ignore[union-attr]


def test_a_region_written_after_a_place_is_the_region_not_a_village_of_that_name(nlp: Language, res: Resources) -> None:
    """'Nuevo Leon' after a town is the state; the villages called Nuevo León in Chiapas and Baja California
    must not hold the town and drag it 1,300 km south."""
    cols = _event(nlp, res, "Police said two brothers were shot dead in Benito Juarez, Nuevo Leon, on Friday.")
    assert (cols["iso3"], cols["admin1"]) == ("MEX", "Nuevo León")


def test_a_small_town_is_read_in_the_region_of_the_story_s_other_places(nlp: Language, res: Resources) -> None:
    """Local news names towns without the state: 'Logan' among Missouri places is not Logan, Utah."""
    text = (
        "Logan students moved into a new building. Pupils from Rogersville and Springfield joined them; "
        "Greene County and Webster County schools sent buses."
    )
    names = ("Logan", "Rogersville", "Springfield", "Greene County", "Webster County")
    spans = [(text.index(n), text.index(n) + len(n)) for n in names]
    found = {t.name: t.as_dict() for t in toponyms(nlp(text), res.gazetteer, res.actors, spans)}
    assert (found["Rogersville"]["admin1"], found["Greene County"]["admin1"]) == ("Missouri", "Missouri")
    assert (found["Logan"]["country_iso3"], found["Logan"]["admin1"]) == ("USA", "Missouri")
    # A large city keeps its own reading whatever the story's region ("Chicago" in a Missouri story).
    text2 = text + " The coach came from Chicago."
    spans2 = [*spans, (text2.index("Chicago"), text2.index("Chicago") + 7)]
    chicago = toponyms(nlp(text2), res.gazetteer, res.actors, spans2)[-1]
    assert chicago.place is not None and chicago.place.admin1 == "Illinois"


def test_a_demonym_given_as_a_toponym_is_its_country(nlp: Language, res: Resources) -> None:
    """Toponym corpora mark 'Canadian' as Canada; Canadian, Texas shares the word but is not meant."""
    text = "The Canadian health minister met German officials on Monday."
    spans = [(text.index(n), text.index(n) + len(n)) for n in ("Canadian", "German")]
    found = toponyms(nlp(text), res.gazetteer, res.actors, spans)
    assert [(t.place.iso3, t.place.feature_code) if t.place else None for t in found] == [
        ("CAN", "PCLI"),
        ("DEU", "PCLI"),
    ]


def test_a_name_the_gazetteer_lacks_is_placed_in_the_document_s_region(nlp: Language, res: Resources) -> None:
    """A hamlet or creek no gazetteer lists still lies in the region the article is about: the toponym gets
    that region (Texas), marked as inferred from the document, with no GeoNames id and a low score."""
    text = (
        "Deputies from Tyler and Palestine searched Zyxwood Creek after the storm; Longview crews helped. "
        "Officials in Texas said the water was rising."
    )
    names = ("Tyler", "Palestine", "Zyxwood Creek", "Longview", "Texas")
    spans = [(text.index(n), text.index(n) + len(n)) for n in names]
    found = {t.name: t.as_dict() for t in toponyms(nlp(text), res.gazetteer, res.actors, spans)}
    creek = found["Zyxwood Creek"]
    assert (creek["country_iso3"], creek["admin1"], creek["resolved_by"]) == ("USA", "Texas", "document")
    assert creek["geonameid"] is None and creek["score"] < min(found[n]["score"] for n in ("Tyler", "Longview"))
    assert found["Tyler"]["resolved_by"] == "name" and found["Tyler"]["geonameid"] is not None
    # Nationalities say who, not where: Latvian climbers on an unknown peak do not put it in Latvia.
    climb = "Latvian climbers, Latvian cooks and Georgian guides reached the top of Zyxwa Peak on Monday."
    second, third = climb.index("Latvian", 1), climb.index("Georgian")
    spans = [
        (0, 7),
        (second, second + 7),
        (third, third + 8),
        (climb.index("Zyxwa"), climb.index("Zyxwa") + len("Zyxwa Peak")),
    ]
    peak = toponyms(nlp(climb), res.gazetteer, res.actors, spans)[-1]
    assert peak.place is None
    # Without a focus country there is nothing to infer from: the name stays unresolved.
    alone = "They walked to Zyxwood Creek."
    [top] = toponyms(nlp(alone), res.gazetteer, res.actors, [(15, 28)])
    assert top.place is None and top.as_dict()["resolved_by"] is None


@pytest.mark.parametrize(("name", "iso3"), [("Darfur", "SDN"), ("South Ossetia", "GEO"), ("Donbas", "UKR")])
def test_well_known_regions_that_are_no_division_resolve(nlp: Language, res: Resources, name: str, iso3: str) -> None:
    text = f"Aid workers returned to {name} on Monday."
    found = toponyms(nlp(text), res.gazetteer, res.actors, [(text.index(name), text.index(name) + len(name))])
    assert found[0].place is not None and found[0].place.iso3 == iso3 and found[0].place.feature_code == "RGN"


def test_the_document_s_region_decides_a_common_town_name(nlp: Language, res: Resources) -> None:
    text = "London police said the fire started downtown; Ontario officials and Toronto firefighters helped."
    spans = [(text.index(n), text.index(n) + len(n)) for n in ("London", "Ontario", "Toronto")]
    london = toponyms(nlp(text), res.gazetteer, res.actors, spans)[0]
    assert london.place is not None and (london.place.iso3, london.place.admin1) == ("CAN", "Ontario")


@pytest.mark.parametrize(
    ("text", "iso3", "region"),
    [
        # common spellings of regions GeoNames writes otherwise (geo/data/region_aliases.csv)
        ("On 30 April 2020, a border police officer was killed in Saladin province.", "IRQ", "Salah ad Din"),
        ("On 29 April 2020, protesters blocked a road in Mount Lebanon.", "LBN", "Mont-Liban"),
        # a district between a town and its region; a town and region spaCy tagged as one entity
        (
            "On 30 April 2020, near U Daung village, Maungdaw Township, Maungdaw District, Rakhine State, an "
            "explosion killed a villager.",
            "MMR",
            "Rakhine",
        ),
        ("On 29 April 2020, militants exchanged gun fire in Af Cad village (Bulo Burto, Hiraan).", "SOM", "Hiiraan"),
    ],
)
def test_region_spellings_and_chains_through_unknown_names(
    nlp: Language, res: Resources, text: str, iso3: str, region: str
) -> None:
    cols = _event(nlp, res, text)
    assert (cols["iso3"], cols["admin1"]) == (iso3, region)


@pytest.mark.parametrize(
    ("text", "iso3", "region"),
    [
        # the village and its subdivision are unknown to the gazetteer; the region closing the chain is known
        (
            "On 2 March 2021, gunmen burned a school in Tourou village, Mokolo subdivision (Mayo-Tsanaga, "
            "Extreme-Nord).",
            "CMR",
            "Far North",
        ),
        ("On 2 March 2021, youths attacked a teacher in Nyamuziba commune (Kirundo).", "BDI", "Kirundo"),
    ],
)
def test_region_after_unknown_place_and_place_noun_locates_the_event(
    nlp: Language, res: Resources, text: str, iso3: str, region: str
) -> None:
    cols = _event(nlp, res, text)
    assert (cols["iso3"], cols["admin1"]) == (iso3, region)


def test_focus_falls_back_to_the_one_country_the_text_names(nlp: Language, res: Resources) -> None:
    """No resolvable place: 'Iraqi lawmakers' still put the story in Iraq (country precision)."""
    from eventwire.coding.places import article_focus

    doc = nlp("On 7 May 2021, Iraqi lawmakers approved a new government after months of talks.")
    assert article_focus(doc, res.gazetteer, res.actors, None) == "IRQ"
    doc = nlp("On 7 May 2021, the committee approved a new budget after months of talks.")
    assert article_focus(doc, res.gazetteer, res.actors, None) is None


@pytest.mark.parametrize(
    ("text", "iso3", "region"),
    [
        # compass adjectives between the preposition and the place noun
        ("On 3 June 2021, regime forces shelled a village in the south-eastern countryside of Idleb.", "SYR", "Idlib"),
        # a region in brackets after an unknown place that is the verb's object, not in a locative phrase
        ("On 3 June 2021, coalition airstrikes targeted Bani Harith area (Al Salw, Taizz).", "YEM", "Ta‘izz"),
        # a facility noun after the unknown name, and a region in brackets
        ("On 8 June 2021, a drone was shot down over Al Qardabiya airbase (Sirte).", "LBY", "Surt"),
        # two place nouns after the unknown name, then a district and the region
        (
            "On 8 June 2021, troops exchanged fire at Keran sector area (Kupwara district, J&K).",
            "IND",
            "Jammu and Kashmir",
        ),
        # another name in brackets between the place and its region
        ("On 8 June 2021, jets struck targets in Kuna Masi (Kunamasi) region of Duhok.", "IRQ", "Duhok"),
    ],
)
def test_regions_behind_adjectives_facility_nouns_and_brackets_are_found(
    nlp: Language, res: Resources, text: str, iso3: str, region: str
) -> None:
    cols = _event(nlp, res, text)
    assert (cols["iso3"], cols["admin1"]) == (iso3, region)


def test_an_abbreviation_in_brackets_is_not_a_place(nlp: Language, res: Resources) -> None:
    """'the District Commissioner (DC)' is a title, not the District of Columbia."""
    doc = nlp("On 2 June 2021, a bomb hit the car of the Hodan District Commissioner (DC) in Mogadishu.")
    assert [m.place.iso3 for m in doc_places(doc, res.gazetteer, res.actors) if m.place is not None] == ["SOM"]


@pytest.mark.parametrize(
    ("text", "name", "iso3", "admin1"),
    [
        # a county written without "County" when the span is known to be a place
        ("Deputies in Oconee responded to the crash near Athens, Georgia.", "Oconee", "USA", "Georgia"),
        (
            "The sheriff of Loudon Co. said the road near Knoxville, Tenn., was closed.",
            "Loudon Co.",
            "USA",
            "Tennessee",
        ),
        # demonyms of regions name the region
        ("Ohioans went to the polls in Columbus and Cleveland.", "Ohioans", "USA", "Ohio"),
        ("Ontarians will pay more for power, officials in Toronto said.", "Ontarians", "CAN", "Ontario"),
    ],
)
def test_given_place_spans_resolve_bare_counties_and_region_demonyms(
    nlp: Language, res: Resources, text: str, name: str, iso3: str, admin1: str
) -> None:
    assert _resolved(nlp, res, text, name) == (iso3, admin1)


def test_a_town_demonym_is_not_made_a_region(res: Resources) -> None:
    from eventwire.geo.readings import _region_of_demonym

    assert _region_of_demonym("Romans", res.gazetteer) == []
    assert [p.name for p in _region_of_demonym("South Ossetians", res.gazetteer)] == ["South Ossetia"]


def test_focus_falls_back_to_the_home_country_of_the_groups_named(nlp: Language, res: Resources) -> None:
    """No place and no country named: the Imbonerakure are Burundian; groups of two countries decide nothing."""
    from eventwire.coding.places import article_focus

    doc = nlp("On 4 June 2021, Imbonerakure members beat a CNL supporter on Rugazi hill.")
    assert article_focus(doc, res.gazetteer, res.actors, None) == "BDI"
    doc = nlp("On 4 June 2021, Taliban militants and Houthis were said to have met.")
    assert article_focus(doc, res.gazetteer, res.actors, None) is None


def test_a_district_centre_before_its_province(nlp: Language, res: Resources) -> None:
    cols = _event(nlp, res, "On 4 June 2021, militants attacked a checkpoint in Chimtal district centre, Balkh.")
    assert (cols["iso3"], cols["admin1"]) == ("AFG", "Balkh")


@pytest.mark.parametrize(
    ("text", "iso3"),
    [
        ("On 8 June 2021, police officers from the Union of Teachers protested outside the ministry in Sousse.", "TUN"),
        (
            "On 8 June 2021, students staged a protest in front of the College of Fine Arts at the University of "
            "the Philippines in Diliman, Quezon City.",
            "PHL",
        ),
    ],
)
def test_common_words_in_organisation_names_are_not_places(nlp: Language, res: Resources, text: str, iso3: str) -> None:
    doc = nlp(text)
    assert {m.place.iso3 for m in doc_places(doc, res.gazetteer, res.actors) if m.place is not None} == {iso3}


@pytest.mark.parametrize(
    ("text", "region"),
    [
        # villages of these names exist in other oblasts, not in the one written beside them
        ("On 9 June 2021, mortar shells exploded near Naberezhne, Donetsk.", "Donetsk"),
        ("On 9 June 2021, mortar shells exploded near Vesele, Luhansk.", "Luhansk"),
        # the district's namesake village lies in another province
        ("On 9 June 2021, a landmine wounded two fighters in Khogyani district, Nangarhar.", "Nangarhar"),
    ],
)
def test_a_village_beside_a_region_that_holds_none_of_its_namesakes(
    nlp: Language, res: Resources, text: str, region: str
) -> None:
    cols = _event(nlp, res, text)
    assert (cols["admin1"], cols["geo_precision"]) == (region, 3)


def test_region_level_events_are_mapped_to_the_region_s_main_town(nlp: Language, res: Resources) -> None:
    """ACLED maps a region-level event (precision 3) to the region's capital, not to its centre."""
    cols = _event(nlp, res, "On 27 April 2020, soldiers were deployed in Borno State.")
    town = res.gazetteer.resolve("Maiduguri")
    assert town is not None
    assert (cols["admin1"], cols["geo_precision"]) == ("Borno State", 3)
    assert (cols["latitude"], cols["longitude"]) == (round(town.latitude, 5), round(town.longitude, 5))


def test_a_name_with_a_lower_case_prefix_is_a_name(nlp: Language, res: Resources) -> None:
    """'eThekwini' (the Durban metro) is capitalised inside: the region after it still says where."""
    cols = _event(nlp, res, "On 6 June 2021, residents assaulted two men in Qadini village (eThekwini, KwaZulu-Natal).")
    assert (cols["iso3"], cols["admin1"]) == ("ZAF", "KwaZulu-Natal")


def test_a_world_city_is_not_a_small_namesake_near_the_story_s_other_places(nlp: Language, res: Resources) -> None:
    """A US story naming Moscow means Russia's capital, not Moscow, Pennsylvania (2,000 people), unless a
    region beside it says otherwise."""
    text = (
        "Baltia Air Lines will fly from New York to Moscow; flights from Washington, Baltimore and Chicago to "
        "Moscow may follow."
    )
    start = text.index("Moscow")
    [top] = toponyms(nlp(text), res.gazetteer, res.actors, [(start, start + len("Moscow"))])
    assert top.place is not None and top.place.iso3 == "RUS"
    assert _resolved(nlp, res, "Moscow, Idaho, is a college town; students in Moscow protested.", "Moscow")[0] == "USA"
    # a national capital under a million people counts too: not Jerusalem, Maryland
    text = "Envoys will keep offices in Jerusalem and in New York, the State Department said in Washington."
    assert _resolved(nlp, res, text, "Jerusalem")[0] == "ISR"


def test_a_one_country_division_noun_is_evidence_for_that_country(nlp: Language, res: Resources) -> None:
    """'LGA' is Nigeria's word: '(Mariga LGA, Niger)' is Niger State, not the Republic of Niger."""
    cols = _event(nlp, res, "On 3 June 2021, bandits attacked Bobi village (Mariga LGA, Niger).")
    assert (cols["iso3"], cols["admin1"]) == ("NGA", "Niger State")
    assert res.gazetteer.iso3_of("NG") == "NGA"


def test_an_island_noun_marks_a_place(nlp: Language, res: Resources) -> None:
    cols = _event(nlp, res, "On 2 June 2021, rival forces clashed in Socotra island.")
    assert (cols["iso3"], cols["admin1"]) == ("YEM", "Soqatra")


def test_two_connectors_inside_a_name(nlp: Language, res: Resources) -> None:
    """'Martinez de la Torre' is one town, not 'Martinez' in another state."""
    cols = _event(nlp, res, "On 8 June 2021, in Martinez de la Torre, Veracruz, gunmen attacked a driver.")
    assert (cols["location"], cols["admin1"]) == ("Martínez de la Torre", "Veracruz")


def test_a_facility_named_after_a_town_is_at_the_town(nlp: Language, res: Resources) -> None:
    """'near Luhansk Thermal Power Station': unknown as a whole, it is a facility of Luhansk (precision 2)."""
    cols = _event(nlp, res, "On 9 June 2021, monitors recorded explosions near Luhansk Thermal Power Station.")
    assert (cols["iso3"], cols["admin1"], cols["geo_precision"]) == ("UKR", "Luhansk", 2)


def _resolve_all_spans(nlp: Language, res: Resources, text: str, names: list[str]) -> dict[str, object]:
    """Geoparse ``text`` with every occurrence of ``names`` given as a span: name → chosen place."""
    spans = sorted((i, i + len(n)) for n in names for i in range(len(text)) if text.startswith(n, i))
    return {t.name: t.place for t in toponyms(nlp(text), res.gazetteer, res.actors, spans)}


@pytest.mark.parametrize(
    ("text", "name", "iso3"),
    [
        ("Fans complained about Canadian winters in Toronto.", "Canadian", "CAN"),  # not Canadian, Texas
        ("Executives of a German utility visited the plant.", "German", "DEU"),  # not German, Tamaulipas
    ],
)
def test_a_country_adjective_given_as_a_span_is_its_country(
    nlp: Language, res: Resources, text: str, name: str, iso3: str
) -> None:
    assert _resolved(nlp, res, text, name)[0] == iso3


def test_namesakes_in_the_document_s_country_are_weighed_together(nlp: Language, res: Resources) -> None:
    """Each US Paris scores below Paris, France, but a story about Henry County is in the US; and the town
    called Paris is meant, not a town that once had the name (Swainsboro, Georgia)."""
    found = _resolve_all_spans(
        nlp,
        res,
        "Paris and Henry County officials met on Monday; the Henry County commission approved a new park in Paris.",
        ["Paris", "Henry County"],
    )
    paris = found["Paris"]
    assert paris is not None and (paris.iso3, paris.name) == ("USA", "Paris")
    # without such evidence, the capital
    assert _resolved(nlp, res, "Tourists flocked to Paris this summer.", "Paris")[0] == "FRA"


@pytest.mark.parametrize(
    ("text", "iso3", "location"),
    [
        # Oba in Anambra is missing from the gazetteer; Oba, Turkey is a namesake: the LGA stands for it
        (
            "On 4 June 2021, women protested at the market in Oba town in Idemili South LGA (Anambra) over land.",
            "NGA",
            "Idemili South",
        ),
        # not Loka pri Mengšu, Slovenia
        (
            "On 4 June 2021, rebels attacked soldiers near Loka in Lainya county (Central Equatoria state).",
            "SSD",
            "Central Equatoria",
        ),
        # "Morro" is not Morro Bay, California
        ("On 9 June 2021, police raided a house in Morro do Palacio in Niteroi, Rio de Janeiro.", "BRA", "Niterói"),
    ],
)
def test_a_small_namesake_abroad_gives_way_to_the_document_s_country(
    nlp: Language, res: Resources, text: str, iso3: str, location: str
) -> None:
    cols = _event(nlp, res, text)
    assert (cols["iso3"], cols["location"]) == (iso3, location)


def test_a_namesake_abroad_is_left_unresolved_rather_than_wrong(nlp: Language, res: Resources) -> None:
    """'Pacific' is only a Missouri town in the gazetteer; in a story set in Guatemala it is no place we know,
    so it is placed in the story's country as a name the gazetteer lacks, not identified."""
    text = "On 2 June 2021, in Villa Nueva, Guatemala, traders marched on the Pacific road demanding aid."
    start = text.index("Pacific")
    [top] = toponyms(nlp(text), res.gazetteer, res.actors, [(start, start + len("Pacific"))])
    assert top.from_document and top.place is not None and top.place.iso3 == "GTM"
    assert top.as_dict()["geonameid"] is None


def test_a_town_in_a_country_the_text_names_is_no_stray_namesake(nlp: Language, res: Resources) -> None:
    """A neighbouring country named in the story does not make a town of the story's own country a namesake."""
    cols = _event(
        nlp, res, "On 5 June 2021, Kazakh farmers protested in Atakent after a dam burst in neighbouring Uzbekistan."
    )
    assert (cols["iso3"], cols["location"]) == ("KAZ", "Atakent")


def test_a_name_merely_mentioned_does_not_make_a_town_a_namesake(nlp: Language, res: Resources) -> None:
    """Only names in locative positions say where things happen: an officer's title ("Eastern Region
    Director", a region of Uganda in the gazetteer) does not make Malawi's Balaka a namesake."""
    cols = _event(
        nlp,
        res,
        "On 3 June 2021, unknown people torched the car of the party's Eastern Region "
        "Director in Balaka (Balaka, Southern).",
    )
    assert (cols["iso3"], cols["location"]) == ("MWI", "Balaka")


def test_two_ambiguous_names_next_to_each_other_on_the_map_pair_up(nlp: Language, res: Resources) -> None:
    """Ten US states have a Henry County and many a Paris; only in Tennessee is Paris the county's seat."""
    found = _resolve_all_spans(
        nlp,
        res,
        "Paris and Henry County officials met on Monday; the Henry County commission approved a new park in Paris.",
        ["Paris", "Henry County"],
    )
    assert {name: (p.iso3, p.admin1) for name, p in found.items() if p is not None} == {
        "Paris": ("USA", "Tennessee"),
        "Henry County": ("USA", "Tennessee"),
    }


def test_a_compass_adjective_before_a_country_is_that_country(nlp: Language, res: Resources) -> None:
    """'Northern Iraq' is part of Iraq (country precision); 'South Yemen' is a name of its own, not stripped."""
    from eventwire.geo.readings import _compass_area

    cols = _event(nlp, res, "On 1 May 2020, jets conducted airstrikes in Qesroke area, Northern Iraq.")
    assert (cols["iso3"], cols["geo_precision"]) == ("IRQ", 3)
    assert [p.iso3 for p in _compass_area("south-eastern Turkey", res.gazetteer)] == ["TUR"]
    assert _compass_area("South Yemen", res.gazetteer) == []


@pytest.mark.parametrize(
    ("text", "iso3"),
    [
        # the acting side's forces are named by demonym, the setting by name
        ("On 1 May 2020, Turkish forces shelled Qesroke village of Haftanin, Northern Iraq.", "IRQ"),
        ("On 1 May 2020, Turkish forces shelled positions near Qesroke. Iraq protested.", "IRQ"),
        # foreign aircraft over an unknown island: the groups on the ground are Yemeni
        ("On 7 May 2020, Saudi aircraft flew over Qesroke island where Houthi fighters were deployed.", "YEM"),
        # the country across the border is not the setting; the garrison's is
        ("On 3 May 2020, militants attacked an Algerian garrison in Qesroke near the border with Mali.", "DZA"),
        # fired "towards" a garrison: the act lands at the post, so its country is no mere other side
        ("On 3 May 2020, militants fired rockets towards an Algerian Army garrison in the region of Qesroke.", "DZA"),
    ],
)
def test_focus_fallback_weighs_armed_demonyms_and_borders(nlp: Language, res: Resources, text: str, iso3: str) -> None:
    from eventwire.coding.places import article_focus

    assert article_focus(nlp(text), res.gazetteer, res.actors, None) == iso3


@pytest.mark.parametrize(
    ("text", "iso3", "region"),
    [
        # the only "Bate" of Indonesia the gazetteer knows is in East Java; the address puts it in Papua
        ("On 3 June 2021, villagers clashed in Bate village, coded as Arso district, Papua province.", "IDN", "Papua"),
        # the Baja California "Carranza" is a namesake: the protest was near Pujiltic, Chiapas
        ("On 2 June 2021, farmers protested on La Carranza highway near Pujiltic, Chiapas.", "MEX", "Chiapas"),
        # "Khwaja" read as a town in Kunduz; the district and province written after it are in Khost
        (
            "On 3 June 2021, gunmen killed two traders in Khwaja Raheem area of Nadir Shah Kot district, Khost.",
            "AFG",
            "Khowst",
        ),
    ],
)
def test_a_namesake_outside_the_region_the_sentence_names_gives_way(
    nlp: Language, res: Resources, text: str, iso3: str, region: str
) -> None:
    cols = _event(nlp, res, text)
    assert (cols["iso3"], cols["admin1"]) == (iso3, region)


@pytest.mark.parametrize(
    ("text", "iso3", "region"),
    [
        # a department in brackets after a village the gazetteer lacks, not Colombia's town La Unión
        ("On 2 June 2021, a body was found in Concepcion de Oriente (La Union).", "SLV", "La Unión"),
        # a governorate after an unknown area and district, not Libya's town Al Bayda
        ("On 2 June 2021, airstrikes targeted a market in Qesroke area (Al Malagim, Al Bayda).", "YEM", "Al Bayda"),
    ],
)
def test_a_name_written_as_the_container_of_an_unknown_place_reads_as_a_region(
    nlp: Language, res: Resources, text: str, iso3: str, region: str
) -> None:
    cols = _event(nlp, res, text)
    assert (cols["iso3"], cols["admin1"]) == (iso3, region)


def test_an_unknown_name_is_read_again_without_its_arabic_article(nlp: Language, res: Resources) -> None:
    """'Ar Rutba' is listed as Rutba; a short remainder ('el Mina') is not looked up."""
    from eventwire.geo.readings import _without_article

    cols = _event(nlp, res, "On 1 June 2021, troops defused a bomb in areas east of Ar Rutba district.")
    assert (cols["iso3"], cols["admin1"]) == ("IRQ", "Al Anbar")
    assert _without_article("el Mina", res.gazetteer) == []


def test_a_bracketed_unknown_district_between_a_place_and_its_region(nlp: Language, res: Resources) -> None:
    """'Qesroke (Haftanin Markazi), Baghlan': the province after the brackets locates the event."""
    cols = _event(nlp, res, "On 3 June 2021, gunmen killed a farmer in Qesroke (Haftanin Markazi), Baghlan.")
    assert (cols["iso3"], cols["admin1"]) == ("AFG", "Baghlan")


def test_a_town_outside_the_region_its_address_names_gives_way(nlp: Language, res: Resources) -> None:
    """'Ilorin (Borgu LGA, Niger)': Ilorin the city is in Kwara; the address puts this one in Niger State."""
    cols = _event(nlp, res, "On 4 June 2021, traders protested in Ilorin (Borgu LGA, Niger).")
    assert (cols["iso3"], cols["admin1"]) == ("NGA", "Niger State")


def test_a_compass_word_in_brackets_is_part_of_the_place_before_it(nlp: Language, res: Resources) -> None:
    """'Yangon (East) district' is in Myanmar, not in the East region of Cameroon."""
    doc = nlp("On 2 June 2021, workers demonstrated in Qesroke, Yangon (East) district, Yangon region.")
    places = [m.place for m in doc_places(doc, res.gazetteer, res.actors) if m.place is not None]
    assert places and {p.iso3 for p in places} == {"MMR"}


@pytest.mark.parametrize(
    ("text", "iso3", "admin1"),
    [
        # a region named after two towns, written with a slash
        ("On 2 June 2021, in Qesroke, Tunapuna/Piarco, a man was shot and wounded.", "TTO", "Tunapuna/Piarco"),
        # the Persian ezafe joins one name: Kut-e Abdollah in Iran, not Al-Kut in Iraq
        (
            "On 2 June 2021, municipality workers in Kut e Abdollah protested against unpaid salaries.",
            "IRN",
            "Khuzestan",
        ),
        # 'Shakhta imeni Kirova' is one unknown name (a mine), not Shakhta, Russia: the region after it says where
        ("On 2 June 2021, soldiers fired mortars in the area of Shakhta imeni Kirova, Donetsk.", "UKR", "Donetsk"),
        # the Arabic article GeoNames writes and the note leaves out: Al Hoceima
        (
            "On 2 June 2021, workers held a sit-in in Qesroke (Hoceima), demanding aid.",
            "MAR",
            "Tanger-Tetouan-Al Hoceima",
        ),
        # 'Chui region' is Kyrgyzstan's Chuy region, not Chui, Uruguay
        (
            "On 2 June 2021, Kyrgyz workers protested in Qesroke village of Alamudun district in Chui region.",
            "KGZ",
            "Chuy Region",
        ),
        # a state's abbreviation in capitals in brackets ('Up' stays a stop word)
        ("On 2 June 2021, a mob attacked the police in Qesroke (UP) over lockdown rules.", "IND", "Uttar Pradesh"),
        # a connector inside the unknown name before the brackets ('Radman al Awadh')
        ("On 2 June 2021, reinforcements reached Qesroke area (Radman al Awadh, Al Bayda).", "YEM", "Al Bayda"),
    ],
)
def test_names_the_gazetteer_writes_otherwise(nlp: Language, res: Resources, text: str, iso3: str, admin1: str) -> None:
    cols = _event(nlp, res, text)
    assert (cols["iso3"], cols["admin1"]) == (iso3, admin1)


def test_an_article_is_added_only_to_long_unknown_names(res: Resources) -> None:
    from eventwire.geo.readings import _with_article

    assert {p.iso3 for p in _with_article("Hoceima", res.gazetteer)} == {"MAR"}
    assert _with_article("Mina", res.gazetteer) == []  # too short: 'El Mina' or 'Al Mina' could be anywhere
    assert _with_article("Hoceima Bay", res.gazetteer) == []  # one word only


def test_the_mayor_of_a_town_names_where_it_happened(nlp: Language, res: Resources) -> None:
    cols = _event(nlp, res, "On 7 June 2021, the house of the Mayor of Tyre was shot at by an unknown attacker.")
    assert (cols["iso3"], cols["location"]) == ("LBN", "Tyre")


@pytest.mark.parametrize(
    ("text", "iso3"),
    [
        # a mission with no home country counts by the one country it works in
        ("On 6 June 2021, the OSCE SMM observed 3 explosions near Qesroke.", "UKR"),
        ("On 6 June 2021, UNIFIL reported gunfire near Qesroke.", "LBN"),
        # a group's home country: the Tribal Mobilization Forces are Iraqi
        ("On 3 June 2021, an attack on a TMF checkpoint left 3 fighters dead near Qesroke village.", "IRQ"),
        # a country word hyphened to an actor is no setting: the Saudi-led coalition strikes Yemen
        ("On 3 June 2021, Saudi-led coalition reinforcements reached Qesroke. Houthi fighters withdrew.", "YEM"),
    ],
)
def test_focus_from_the_groups_a_text_names(nlp: Language, res: Resources, text: str, iso3: str) -> None:
    from eventwire.coding.places import article_focus

    assert article_focus(nlp(text), res.gazetteer, res.actors, None) == iso3


def test_a_full_vote_is_full_despite_rounding(nlp: Language, res: Resources) -> None:
    """Caracas votes Venezuela with all but 3e-6 of its weight (a namesake in Ecuador): still a whole name's
    vote, so La Candelaria, a village name found only in Mexico and Panama, is no place here."""
    cols = _event(
        nlp,
        res,
        "On 2 June 2021, in La Candelaria, Qesroke municipality in Caracas, residents protested over water cuts.",
    )
    assert (cols["iso3"], cols["location"]) == ("VEN", "Caracas")


def test_a_region_written_beside_a_place_is_never_a_stray(nlp: Language, res: Resources) -> None:
    """'El Refugio' reads only in Mexico, 'Ahuachapan' only in El Salvador: each alone would make the other a
    namesake abroad, but the bracketed name is the address's region and stays."""
    cols = _event(nlp, res, "On 7 June 2021, in El Refugio (Ahuachapan), police patrolling a farm were shot at.")
    assert cols["iso3"] == "SLV"


def test_a_region_word_after_a_name_keeps_its_region_readings(nlp: Language, res: Resources) -> None:
    """'Zulia state' is the Venezuelan state, even beside Cucuta, next to which lies the town El Zulia."""
    doc = nlp("On 2 June 2021, drivers from Cucuta protested in Zulia state.")
    [zulia] = [m.place for m in doc_places(doc, res.gazetteer, res.actors) if m.text.startswith("Zulia")]
    assert zulia is not None and (zulia.iso3, zulia.feature_code) == ("VEN", "ADM1")


@pytest.mark.parametrize(
    ("text", "iso3", "location"),
    [
        # a building named after a region is where it stands, and "opposite" is a locative preposition; a bank
        # named after a country is not
        (
            "On 2 June 2021, a grenade exploded opposite the Baalbek Governorate building and a branch of Bank "
            "Melli Iran.",
            "LBN",
            "Baalbek",
        ),
        # the origin gives way to where the act arrives
        ("On 2 June 2021, militants fired a rocket from the Gaza Strip into Israel.", "ISR", "Israel"),
        ("On 2 June 2021, smugglers crossed from Syria into Turkey.", "TUR", "Turkey"),
    ],
)
def test_where_an_act_happens_among_the_sentence_s_places(
    nlp: Language, res: Resources, text: str, iso3: str, location: str
) -> None:
    cols = _event(nlp, res, text)
    assert (cols["iso3"], cols["location"]) == (iso3, location)


@pytest.mark.parametrize(
    ("text", "iso3", "location"),
    [
        # other romanisations of towns the gazetteer spells otherwise: vowels, doubled letters, the article
        ("On 5 June 2021, shop owners protested in Kafr Qaseem.", "ISR", "Kafr Qāsim"),
        ("On 5 June 2021, lecturers protested in As Samwah city.", "IRQ", "As Samawah"),
        ("On 5 June 2021, coalition forces reinforced their base in Shadadah.", "SYR", "Ash Shaddādah"),
    ],
)
def test_a_town_written_in_another_romanisation_is_found(
    nlp: Language, res: Resources, text: str, iso3: str, location: str
) -> None:
    cols = _event(nlp, res, text)
    assert (cols["iso3"], cols["location"]) == (iso3, location)


def test_a_demonym_named_region_is_the_region(nlp: Language, res: Resources) -> None:
    """'Somali region' is Ethiopia's Somali Region, not the people of Somalia (and so not Somalia)."""
    cols = _event(nlp, res, "On 3 June 2021, clan clashes erupted near Qesroke (Somali region).")
    assert (cols["iso3"], cols["admin1"]) == ("ETH", "Somali")


@pytest.mark.parametrize(
    ("text", "iso3", "location"),
    [
        # ACLED places East Jerusalem in Palestine; Palestinians confronting Israeli forces in Jerusalem are there
        (
            "On 5 June 2021, clashes erupted between Palestinians and Israeli forces in Jerusalem.",
            "PSE",
            "East Jerusalem",
        ),
        # without a Palestinian party the city is Israel's
        ("On 5 June 2021, Haredi men clashed with Israeli police in Jerusalem.", "ISR", "Jerusalem"),
    ],
)
def test_a_divided_city_takes_the_side_of_its_parties(
    code_text,
    text: str,
    iso3: str,  # type: ignore[no-untyped-def]
    location: str,
) -> None:
    from datetime import UTC, datetime

    clashes = [m for m in code_text(text, datetime(2021, 6, 8, tzinfo=UTC)) if m.cameo_root_code == "19"]
    assert clashes and {(m.iso3, m.location) for m in clashes} == {(iso3, location)}


@pytest.mark.parametrize(
    ("text", "iso3"),
    [
        # a Malian militia: a village of 537 people of that name in Côte d'Ivoire is a namesake
        ("On 1 May 2020, Dan Na Ambassagou militiamen killed a herder in the commune of Sokoura.", "MLI"),
        # a jihadist group crosses borders: its home country does not outvote the region the text writes
        ("On 5 May 2020, suspected ISGS militants attacked the village of Gaigorou (Dessa, Tillabery).", "NER"),
    ],
)
def test_a_militia_s_home_country_outvotes_a_small_namesake(
    code_text,
    text: str,  # type: ignore[no-untyped-def]
    iso3: str,
) -> None:
    from datetime import UTC, datetime

    violent = [m for m in code_text(text, datetime(2020, 5, 8, tzinfo=UTC)) if m.cameo_root_code in ("18", "19")]
    assert violent and {m.iso3 for m in violent} == {iso3}
