"""Places written with their state or country after a comma ("Holmdel, NJ")."""

from __future__ import annotations

from conftest import mentions_in

from etl.enrich.canonical import canonicalize
from etl.enrich.gazetteer import get_gazetteer
from etl.enrich.towns import qualifier_after


def places_of(text: str, spans: list[tuple[str, str]]) -> dict[str, tuple[str | None, ...]]:
    _, places, _ = canonicalize(mentions_in(text, spans), text=text)
    return {p.name: (p.geo_name, p.country_code, p.latitude, p.longitude, *p.aliases)
            for p in places}


def test_postal_codes_ap_abbreviations_names_and_countries_qualify_a_place() -> None:
    gaz = get_gazetteer()
    text = "Irving, TX; Dekalb, Ill. — then Paris, Texas and Baar, Switzerland; Smith, Jones"
    found = [qualifier_after(text, text.index(name) + len(name), gaz)
             for name in ("Irving", "Dekalb", "Paris", "Baar", "Smith")]
    assert [(q.country_code, q.admin, q.form) if q else None for q in found] == [
        ("US", "TX", "TX"), ("US", "IL", "Ill."), ("US", "TX", "Texas"),
        ("CH", None, "Switzerland"), None]


def test_the_state_picks_the_namesake_and_a_tagged_organization_becomes_a_place() -> None:
    # The larger Mansfield is in Texas; the model tagged the concert town an organization.
    text = "The tour stops at the lakeside pavilion in Mansfield, MA on July 3."
    got = places_of(text, [("Mansfield", "ORG")])
    assert got["Mansfield"][1] == "US" and 41.5 < (got["Mansfield"][2] or 0) < 42.5
    # The state the model left out is a place too, under the code the text writes.
    assert got["MA"][:2] == ("Massachusetts", "US")


def test_a_small_town_outside_the_main_gazetteer_is_placed_in_its_state() -> None:
    text = "The tour reaches the casino arena of Uncasville, CT in July."
    got = places_of(text, [("Uncasville", "GPE"), ("CT", "ORG")])
    name, cc, lat, lon = got["Uncasville"][:4]
    assert (name, cc) == ("Uncasville", "US")
    assert lat is not None and lon is not None and 41 < lat < 42 and -73 < lon < -71.5
    assert got["CT"][:2] == ("Connecticut", "US")


def test_a_washington_state_code_is_the_state_not_the_capital() -> None:
    text = "Next come Seattle, WA and the capital, Washington, D.C."
    got = places_of(text, [("Seattle", "GPE"), ("WA", "GPE"), ("Washington", "GPE")])
    # The state, under a name of its own: the places facet must not count it with the capital.
    assert got["WA"][0] == "Washington (US state)" and (got["WA"][2] or 0) > 45
    assert got["Washington"][0] == "Washington" and (got["Washington"][2] or 0) < 40
    assert "D.C." not in got  # part of the capital's name, not a place of its own


def test_a_list_of_countries_is_not_a_qualified_place() -> None:
    text = "Ministers from France, Germany and Italy met in Rome."
    got = places_of(text, [("France", "GPE"), ("Germany", "GPE"), ("Italy", "GPE"),
                           ("Rome", "GPE")])
    assert {k: v[1] for k, v in got.items()} == {"France": "FR", "Germany": "DE",
                                                 "Italy": "IT", "Rome": "IT"}


def test_a_person_before_a_postal_code_stays_a_person_unless_a_town_has_that_name() -> None:
    text = "Dr. Quillon Marraday, MD, said the clinic opens in May."
    people, places, _ = canonicalize(mentions_in(text, [("Quillon Marraday", "PERSON")]),
                                     text=text)
    assert [p.name for p in people] == ["Quillon Marraday"] and places == []


def test_a_county_is_placed_in_the_state_the_article_names() -> None:
    text = "Fires spread across Orange County while California crews waited."
    got = places_of(text, [("Orange County", "GPE"), ("California", "GPE")])
    name, cc, lat, lon = got["Orange County"][:4]
    assert (name, cc) == ("Orange County", "US")
    assert lat is not None and lon is not None and 33 < lat < 34.5 and -118.5 < lon < -117
    text = "Flooding closed roads in Orange County, Fla., on Monday."
    lat = places_of(text, [("Orange County", "GPE")])["Orange County"][2]
    assert lat is not None and 28 < lat < 29


def test_venues_and_streets_are_not_places_but_a_town_named_park_is() -> None:
    text = "They played at Corbel Auditorium on Quince Street in Nashville, then in Tinley Park."
    got = places_of(text, [("Corbel Auditorium", "FAC"), ("Quince Street", "FAC"),
                           ("Nashville", "GPE"), ("Tinley Park", "GPE")])
    assert sorted(got) == ["Nashville", "Tinley Park"]


def test_a_code_finds_only_what_data_writes_as_that_code() -> None:
    gaz = get_gazetteer()
    found = {n: gaz.locate(n) for n in ("WA", "PA", "Wa", "NYC", "DRC", "UK")}
    assert {n: (e.name, e.country_code) if e else None for n, e in found.items()} == {
        "WA": ("Washington (US state)", "US"), "PA": ("Pennsylvania", "US"), "Wa": ("Wa", "GH"),
        "NYC": ("New York City", "US"), "DRC": ("Democratic Republic of the Congo", "CD"),
        "UK": ("United Kingdom", "GB")}
    # A postal code is a state only where the model tagged it a place: never from bare text.
    assert not gaz.is_country_level("PA") and "ROME" in gaz


def test_an_unknown_name_needs_more_than_a_weak_preposition_to_be_a_place() -> None:
    from dataclasses import replace

    text = ("She works at Quorbex and invested into Marlowix. Later she moved to the "
            "hamlet of Drennick, then lived in Vessary.\nTOLLAND — The council met.")
    found = [replace(m, locative=True) for m in mentions_in(text, [
        ("Quorbex", "GPE"), ("Marlowix", "GPE"), ("Vessary", "GPE"), ("TOLLAND", "GPE")])]
    _, places, _ = canonicalize(found, text=text)
    assert sorted(p.name for p in places) == ["TOLLAND", "Vessary"]


def test_worlds_and_lower_case_words_are_not_places_unless_a_state_follows() -> None:
    text = "A probe near Jupiter sent data to metro newsrooms; a lab in Jupiter, Fla., agreed."
    found = mentions_in(text, [("Jupiter", "LOC"), ("metro", "GPE"), ("Jupiter", "GPE")])
    _, places, _ = canonicalize(found, text=text)
    assert [(p.name, p.country_code) for p in places if p.name != "Fla."] == [("Jupiter", "US")]
    text = "A probe near Jupiter sent data home."
    assert canonicalize(mentions_in(text, [("Jupiter", "LOC")]), text=text)[1] == []


def test_a_town_the_model_left_untagged_is_found_by_its_postal_code() -> None:
    text = "June 29 – Holmdel, NJ @ Arts Center\nJune 30 – Wantagh, NY @ Beach Theater"
    got = places_of(text, [("NJ @ Arts Center", "ORG"), ("NY @ Beach Theater", "ORG")])
    assert {k: v[:2] for k, v in got.items()} == {
        "Holmdel": ("Holmdel", "US"), "NJ": ("New Jersey", "US"),
        "Wantagh": ("Wantagh", "US"), "NY": ("New York", "US")}
    # No town of that name in the state, or a full state name: nothing is added.
    assert places_of("Quillon Marraday, MD, said so. Ask Marraday, Texas.", []) == {}


def test_a_state_named_like_a_country_keeps_the_written_name_but_its_own_facet_name() -> None:
    text = "Voters in Atlanta, the capital of Georgia, lined up early."
    got = places_of(text, [("Atlanta", "GPE"), ("Georgia", "GPE")])
    assert got["Georgia"][:2] == ("Georgia (US state)", "US")
    text = "Talks in Tbilisi, the capital of Georgia, resumed."
    got = places_of(text, [("Tbilisi", "GPE"), ("Georgia", "GPE")])
    assert got["Georgia"][:2] == ("Georgia", "GE")


def test_the_palestinian_territories_are_regions_of_their_country() -> None:
    gaz = get_gazetteer()
    for name in ("West Bank", "Gaza Strip"):
        entry = gaz.locate(name)
        assert entry is not None and (entry.kind, entry.country_code) == ("region", "PS")
        assert entry.latitude is not None and 31 < entry.latitude < 32.6
