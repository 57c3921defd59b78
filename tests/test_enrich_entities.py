"""Tests of people, places and organizations enrichment (etl.enrich, quotes aside).

Texts are written for these tests with invented people; the seed article test reads
``../shared/seed`` at run time and checks generic properties only.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import mentions_in

from etl.enrich import Enricher, EnrichOptions
from etl.enrich.canonical import canonicalize
from etl.enrich.entities import Mention, clean_surface, collect_mentions
from etl.enrich.gazetteer import geocode, get_gazetteer, is_demonym
from etl.enrich.images import tag_images
from etl.enrich.name_shapes import strip_titles
from etl.enrich.nlp import resolve_model_name
from etl.enrich.recase import prepare_text
from etl.errors import PermanentError
from etl.records import Image, Person

SHARED = Path(__file__).resolve().parents[2] / "shared"


def mentions(*items: tuple[str, str]) -> list[Mention]:
    """Build mentions (surface, label) at fake consecutive offsets."""
    out = []
    pos = 0
    for text, label in items:
        out.append(Mention(clean_surface(text), text, label, pos, pos + len(text)))
        pos += len(text) + 1
    return out


@pytest.fixture(scope="module")
def enricher() -> Enricher:
    return Enricher(EnrichOptions(quotes=False))


# ----------------------------------------------------------------- text cleaning


def test_clean_surface_strips_possessives_the_and_punctuation() -> None:
    assert clean_surface("Kovalenko's") == "Kovalenko"
    assert clean_surface("Wrenfield\u2019s") == "Wrenfield"
    assert clean_surface("the Harbour Authority's") == "Harbour Authority"
    assert clean_surface('"Lisbon,') == "Lisbon"
    assert clean_surface("T. Wrenfield 56") == "T. Wrenfield"
    assert clean_surface("Art Director_Mara Quill") == "Mara Quill"  # a glued credit
    # lower-case words swallowed at the end go, unless one makes the name a body
    assert clean_surface("Wrenfield said") == "Wrenfield"
    assert clean_surface("the Verdant party said") == "Verdant party"
    assert clean_surface("the Harbour news agency") == "Harbour"


def test_an_organization_drops_lower_case_words_before_its_name() -> None:
    import spacy

    text = "Officers of the state Department of Harbour Safety met Tobias Wrenfield."
    doc = spacy.blank("en")(text)
    start = text.index("the state")
    doc.ents = [doc.char_span(start, text.index(" met"), label="ORG")]
    assert [(m.text, m.label) for m in collect_mentions(doc, text)] == [
        ("Department of Harbour Safety", "ORG")
    ]


def test_a_full_name_tagged_org_is_a_person_when_an_honorific_gives_its_surname() -> None:
    text = ("A new book by Dinesh Marwood is out. The judge turned to him: \"Mr. Marwood?\"")
    found = mentions_in(text, [("Dinesh Marwood", "ORG")])
    people, _, orgs = canonicalize(found, text=text)
    assert ([p.name for p in people], orgs) == (["Dinesh Marwood"], [])
    # Without the honorific the model's label stands.
    people, _, orgs = canonicalize(found, text=text.replace("Mr. Marwood", "Marwood"))
    assert ([p.name for p in people], [o.name for o in orgs]) == ([], ["Dinesh Marwood"])


def test_a_lone_surname_opening_a_sentence_is_a_person_when_a_speech_verb_follows() -> None:
    text = "“We will keep the harbour open!” Quarrell said. Benchmark copper rose."
    found = mentions_in(text, [("Quarrell", "PERSON"), ("Benchmark", "PERSON")])
    found = [replace(m, opens_sentence=True) for m in found]  # as collect_mentions flags them
    people, _, _ = canonicalize(found, text=text)
    assert [p.name for p in people] == ["Quarrell"]


def test_a_platform_after_on_is_an_organization() -> None:
    text = "Tobias Wrenfield posted on Twitter that the Harbour Authority had lied."
    found = mentions_in(text, [("Tobias Wrenfield", "PERSON"), ("Twitter", "PERSON")])
    found[1] = replace(found[1], after_non_name_word=True)  # as collect_mentions flags it
    people, _, orgs = canonicalize(found, text=text)
    assert [o.name for o in orgs] == ["Twitter"]
    assert [p.name for p in people] == ["Tobias Wrenfield"]


def test_strip_titles_removes_honorifics_offices_and_nationalities() -> None:
    assert strip_titles("Prime Minister Marta Kovalenko") == "Marta Kovalenko"
    assert strip_titles("Sir Tobias") == "Tobias"
    assert strip_titles("Dr Tobias Wrenfield") == "Tobias Wrenfield"
    assert strip_titles("Portuguese Foreign Secretary Ines Calloway") == "Ines Calloway"
    assert strip_titles("ex-president Oren Blakeslee") == "Oren Blakeslee"
    assert strip_titles("President") == "President"  # the last word always stays


def test_office_abbreviations_are_titles_but_a_dotless_first_name_stays() -> None:
    assert strip_titles("Del. Ines Calloway") == "Ines Calloway"
    assert strip_titles("Supt. Oren Blakeslee") == "Oren Blakeslee"
    assert strip_titles("Councilwoman Ines Calloway") == "Ines Calloway"
    assert strip_titles("Del Calloway") == "Del Calloway"


def test_a_country_before_one_word_is_a_first_name() -> None:
    assert strip_titles("Chad Wrenfield") == "Chad Wrenfield"
    assert strip_titles("Jordan Calloway") == "Jordan Calloway"
    assert strip_titles("US President Oren Blakeslee") == "Oren Blakeslee"
    assert strip_titles("Kenya Oren Blakeslee") == "Oren Blakeslee"


def test_prepare_text_recases_shouted_lines_and_keeps_length() -> None:
    text = "RIVERTON WINS TITLE AFTER LATE GOAL\nLISBON, Portugal - Calm text here."
    prepared = prepare_text(text)
    assert len(prepared) == len(text)
    assert prepared.splitlines()[0] == "Riverton Wins Title after Late Goal"
    assert prepared.splitlines()[1].startswith("Lisbon, Portugal")
    # A dateline before a dash of any width, with or without an agency.
    for line in ("OSLO — Quiet text.", "OSLO (Wire) – Quiet text.", "OSLO - Quiet text."):
        assert prepare_text(line).startswith("Oslo ")


def test_a_dateline_before_a_dash_is_a_location(enricher: Enricher) -> None:
    # A sports report, where a city without a preposition would be read as a team.
    text = ("OSLO — Ravndal won 6-3, 6-4 and the home side leads 2-1 after day one.\n"
            "Lindqvist 6-3 6-4 Moreau\nHalvorsen 4-6 3-6 Duret\n")
    ann = enricher.annotate(text)
    assert [(p.name, p.country_code) for p in ann.places] == [("Oslo", "NO")]


# ----------------------------------------------------------------- canonicalization


def test_partial_mentions_and_honorifics_merge_into_full_name() -> None:
    people, _, _ = canonicalize(
        mentions(
            ("Prime Minister Marta Kovalenko", "PERSON"),
            ("Kovalenko", "PERSON"),
            ("Ms Kovalenko's", "PERSON"),
            ("Sir Tobias", "PERSON"),
            ("Tobias Wrenfield", "PERSON"),
            ("Wrenfield", "PERSON"),
        )
    )
    by_name = {p.name: p for p in people}
    assert set(by_name) == {"Marta Kovalenko", "Tobias Wrenfield"}
    assert by_name["Marta Kovalenko"].mentions == 3
    assert by_name["Tobias Wrenfield"].mentions == 3
    assert "Kovalenko" in by_name["Marta Kovalenko"].aliases
    assert "Sir Tobias" in by_name["Tobias Wrenfield"].aliases


@pytest.mark.parametrize("text, name", [
    ("The board met on Tuesday. Ms Lindqvist said the budget was balanced and the vote would "
     "go ahead.", "Lindqvist"),
    ("The talks stalled on Friday. Mr. Okonjo said the offer still stood, and the union would "
     "reply next week.", "Okonjo"),
])
def test_an_honorific_makes_a_lone_name_at_a_sentence_start_a_person(enricher, text, name):
    # A lone capitalised word opening a sentence needs backing; an honorific is backing, and
    # the full stop of "Mr." does not start a sentence.
    assert [p.name for p in enricher.annotate(text).people] == [name]


@pytest.mark.parametrize("before, opens", [
    ("", True),
    ("The talks stalled. ", True),
    ("He spoke to Mr. ", False),
    ("and Gov. ", False),
    ("written by J. ", False),
    ("the budget, ", False),
])
def test_which_full_stops_open_a_sentence(before, opens) -> None:
    from etl.enrich.entities import _opens_sentence

    assert _opens_sentence(before + "Doe", len(before)) is opens


def test_surname_tagged_org_or_gpe_becomes_the_person() -> None:
    people, places, orgs = canonicalize(
        mentions(
            ("Ines Calloway", "PERSON"),
            ("Calloway", "ORG"),
            ("Calloway", "GPE"),
            ("Harbour Authority", "ORG"),
        )
    )
    assert [(p.name, p.mentions) for p in people] == [("Ines Calloway", 3)]
    assert [o.name for o in orgs] == ["Harbour Authority"]
    assert places == []


def test_capital_tagged_person_becomes_a_place() -> None:
    people, places, _ = canonicalize(mentions(("Oren Blakeslee", "PERSON"), ("Nairobi", "PERSON")))
    assert [p.name for p in people] == ["Oren Blakeslee"]
    assert [(p.name, p.kind, p.country_code) for p in places] == [("Nairobi", "city", "KE")]


def test_unknown_lower_case_place_is_dropped_but_an_unknown_name_stays() -> None:
    found = mentions(("meth", "GPE"), ("Quarrow Vale", "GPE"))
    found[1] = replace(found[1], locative=True)  # "in Quarrow Vale"
    _, places, _ = canonicalize(found)
    assert [(p.name, p.kind) for p in places] == [("Quarrow Vale", "other")]


def test_an_unknown_name_stays_a_place_only_if_it_reads_as_one() -> None:
    found = mentions(
        ("Streamflix", "GPE"),  # "Streamflix announced": tagged GPE, never located
        ("Quarrow Vale", "GPE"),
        ("Tollan County", "GPE"),  # a place by its form
        ("Northern Ontario", "LOC"),  # a compass word before a known place
        ("Middle East", "LOC"),  # a world region
    )
    found[1] = replace(found[1], locative=True)
    _, places, _ = canonicalize(found)
    assert sorted(p.name for p in places) == [
        "Middle East", "Northern Ontario", "Quarrow Vale", "Tollan County"]


def test_country_tagged_org_is_a_place_but_a_real_org_stays() -> None:
    _, places, orgs = canonicalize(
        mentions(("Portugal", "ORG"), ("Bank of Portugal", "ORG"))
    )
    assert [p.name for p in places] == ["Portugal"]
    assert [o.name for o in orgs] == ["Bank of Portugal"]


def test_demonyms_are_not_places() -> None:
    assert is_demonym("Russian")
    assert is_demonym("Britons")
    assert is_demonym("French")
    assert not is_demonym("Jordan")
    _, places, _ = canonicalize(
        mentions(("Peruvian", "GPE"), ("Kenyans", "NORP"), ("Peru", "GPE"))
    )
    assert [p.name for p in places] == ["Peru"]


def test_debris_is_filtered() -> None:
    people, places, orgs = canonicalize(
        mentions(
            ("Getty Images", "ORG"),
            ("Image", "PERSON"),
            ("X", "PERSON"),
            ("www.example.com", "ORG"),
            ("Gate 7B", "LOC"),
        )
    )
    assert (people, places, orgs) == ([], [], [])


def test_organizations_merge_case_insensitively_preferring_acronym() -> None:
    _, _, orgs = canonicalize(
        mentions(
            ("Nordic Rail Union", "ORG"), ("Unesco", "ORG"), ("UNESCO", "ORG"), ("Unesco", "ORG")
        )
    )
    names = {o.name: o for o in orgs}
    assert set(names) == {"UNESCO", "Nordic Rail Union"}
    assert names["UNESCO"].mentions == 3
    assert "Unesco" in names["UNESCO"].aliases


# ----------------------------------------------------------------- gazetteer


def test_geocoding_has_coordinates_and_aliases() -> None:
    us = geocode("U.S.")
    assert us is not None and us.name == "United States" and us.kind == "country"
    assert us.latitude is not None and us.longitude is not None
    uk = geocode("Britain")
    assert uk is not None and uk.country_code == "GB"
    kyiv = geocode("Kiev")
    assert kyiv is not None and kyiv.name == "Kyiv" and kyiv.kind == "city"
    europe = geocode("Europe")
    assert europe is not None and europe.kind == "continent"
    assert geocode("Texas") is not None and geocode("Texas").kind == "region"  # type: ignore[union-attr]
    assert geocode("Nowhereville Upon Nothing") is None


def test_ambiguity_resolved_by_population_and_other_places() -> None:
    gaz = get_gazetteer()
    assert gaz.lookup("Paris").country_code == "FR"  # type: ignore[union-attr]
    assert gaz.lookup("Georgia").kind == "country"  # type: ignore[union-attr]
    assert gaz.lookup("Georgia", ["US"]).kind == "region"  # type: ignore[union-attr]
    # Through canonicalize: the article's other places give the context.
    _, places, _ = canonicalize(
        mentions(("Georgia", "GPE"), ("Alabama", "GPE"), ("Birmingham", "GPE"))
    )
    found = {p.name: p for p in places}
    assert found["Georgia"].country_code == "US"
    assert found["Birmingham"].country_code == "US"
    _, places, _ = canonicalize(mentions(("Birmingham", "GPE"), ("England", "GPE")))
    assert {p.name: p for p in places}["Birmingham"].country_code == "GB"


def test_subdivisions_place_names_but_never_make_a_word_a_place() -> None:
    gaz = get_gazetteer()
    tibet = geocode("Tibet")
    assert tibet is not None and (tibet.kind, tibet.country_code) == ("region", "CN")
    assert tibet.latitude is not None and tibet.longitude is not None
    assert geocode("Autonomous Republic of Crimea") == geocode("Crimea")
    assert geocode("Crimea").country_code == "UA"  # type: ignore[union-attr]
    assert "Bavaria" not in gaz and gaz.lookup("Bavaria") is None  # not the main tier
    assert not gaz.is_country_level("Bavaria")
    # A subdivision named like a city of its own country is that city.
    assert geocode("Bolton").kind == "city"  # type: ignore[union-attr]
    # Context wins a province over a namesake city elsewhere ("Victoria" in Australia).
    assert gaz.locate("Victoria").country_code != "AU"  # type: ignore[union-attr]
    assert gaz.locate("Victoria", ["AU"]).country_code == "AU"  # type: ignore[union-attr]
    # "X County" may be a province's name, never the namesake state or capital's.
    assert gaz.locate("Washington County") is None
    # Through canonicalize: a province names a place and its country gives context.
    _, places, _ = canonicalize(mentions(("Yunnan", "GPE"), ("Kunming", "GPE")))
    found = {p.name: p for p in places}
    assert (found["Yunnan"].kind, found["Yunnan"].country_code) == ("region", "CN")
    assert found["Kunming"].country_code == "CN"


def test_unknown_place_keeps_name_without_coordinates() -> None:
    _, places, _ = canonicalize(mentions(("Quillamore Valley", "LOC")))
    assert len(places) == 1
    place = places[0]
    assert (place.name, place.kind, place.latitude, place.longitude) == (
        "Quillamore Valley", "other", None, None
    )


# ----------------------------------------------------------------- images


def test_tag_images_matches_full_names_surnames_and_aliases() -> None:
    people = [
        Person("Marta Kovalenko", 3, ["Kovalenko", "Ms Kovalenko"]),
        Person("Tobias Wrenfield", 2, ["Sir Tobias"]),
    ]
    images = [
        Image(url="a.jpg", alt="Sir Tobias arrives at the harbour", caption=None),
        Image(url="b.jpg", alt="Photo", caption="Ms Kovalenko with Tobias Wrenfield"),
        Image(url="c.jpg", alt="A newsletter banner", caption=None),
    ]
    tag_images(images, people)
    assert images[0].people == ["Tobias Wrenfield"]
    assert images[1].people == ["Marta Kovalenko", "Tobias Wrenfield"]
    assert images[2].people == []


def test_enricher_tags_caption_people_missing_from_text(enricher: Enricher) -> None:
    people = [Person("Marta Kovalenko", 3, ["Kovalenko"])]
    images = [
        Image(
            url="d.jpg",
            caption="Marta Kovalenko shakes hands with Finance Minister Adebayo Okonkwo-Reyes",
        )
    ]
    enricher.tag_images(images, people)
    assert images[0].people[0] == "Marta Kovalenko"
    assert any("Okonkwo" in name for name in images[0].people[1:])


# ----------------------------------------------------------------- model end to end


def test_model_loads_only_needed_components(enricher: Enricher) -> None:
    names = enricher.nlp.pipe_names
    assert "ner" in names
    assert not {"parser", "tagger", "lemmatizer"} & set(names)


def test_unknown_model_is_a_permanent_error() -> None:
    with pytest.raises(PermanentError):
        resolve_model_name("no_such_spacy_model_anywhere")


def test_annotate_end_to_end(enricher: Enricher) -> None:
    text = (
        "Prime Minister Marta Kovalenko flew to Nairobi on Monday to meet officials of "
        "the World Health Organization.\n"
        "Kovalenko told reporters in Kenya that the talks had gone well.\n"
        "Later Ms Kovalenko travelled on to Cairo, where she met Egyptian business leaders."
    )
    annotation = enricher.annotate(text)
    names = [p.name for p in annotation.people]
    assert "Marta Kovalenko" in names
    assert "Kovalenko" not in names
    places = {p.name: p for p in annotation.places}
    assert {"Nairobi", "Kenya", "Cairo"} <= set(places)
    assert all(places[n].latitude is not None for n in ("Nairobi", "Kenya", "Cairo"))
    assert "Egyptian" not in places
    assert any("World Health Organization" in o.name for o in annotation.organizations)
    assert enricher.annotate_many([]) == []


# ----------------------------------------------------------------- the seed article

_IMAGE_LINE = re.compile(r"^!\[(?P<alt>.*)\]\((?P<url>[^)]+)\)\s*$")


def test_seed_article_generic_properties(enricher: Enricher) -> None:
    path = SHARED / "seed" / "starmer-ukraine-nato.txt"
    if not path.exists():
        pytest.fail(f"{path} not found: the real data must sit in ../shared beside the repo")
    lines = path.read_text(encoding="utf-8").splitlines()
    images: list[Image] = []
    body: list[str] = []
    for index, line in enumerate(lines):
        match = _IMAGE_LINE.match(line)
        if match:
            # The line after a photo is its caption when it is a short sentence.
            nxt = lines[index + 1] if index + 1 < len(lines) else ""
            caption = nxt if nxt and len(nxt) < 200 and not _IMAGE_LINE.match(nxt) else None
            images.append(Image(url=match["url"], alt=match["alt"], caption=caption))
        else:
            body.append(line)
    annotation = enricher.annotate("\n".join(body))

    names = [p.name for p in annotation.people]
    assert len(names) >= 4
    tokens_of_long_names = {t for n in names if len(n.split()) > 1 for t in n.split()}
    for name in names:
        if len(name.split()) == 1:
            assert name not in tokens_of_long_names, name
    assert len(set(names)) == len(names)

    assert annotation.places
    for place in annotation.places:
        if place.kind != "other":
            assert place.latitude is not None and place.longitude is not None, place
    assert sum(1 for p in annotation.places if p.latitude is not None) >= 3

    enricher.tag_images(images, annotation.people)
    photos = [im for im in images if im.people]
    assert len(photos) >= 2
    known = set(names)
    for photo in photos:
        assert set(photo.people) & known


# ----------------------------------------------------------------- results tables and rescues


def test_untagged_places_and_initialled_names_are_rescued() -> None:
    import spacy

    text = (
        "Delegates from Kenya and Peru met on Monday.\n"
        "Bowling : T. Marsh 4-32 , K. Ollerton 2-20"
    )
    doc = spacy.blank("en")(text)  # no entities at all: everything below is a rescue
    found = {(m.text, m.label) for m in collect_mentions(doc, text)}
    assert ("Kenya", "GPE") in found and ("Peru", "GPE") in found
    assert ("T. Marsh", "PERSON") in found and ("K. Ollerton", "PERSON") in found
    people, places, _ = canonicalize(collect_mentions(doc, text))
    assert {"T. Marsh", "K. Ollerton"} <= {p.name for p in people}
    assert {"Kenya", "Peru"} <= {p.name for p in places}


def test_city_names_in_results_tables_are_teams_but_countries_stay_places() -> None:
    import spacy

    text = (
        "Results of the weekend matches :\n"
        "Tucson 3 Fresno 1\n"
        "Kenya 2 Ghana 0\n"
        "Standings : Tucson 5 4 1 12 , Fresno 5 2 3 7"
    )
    doc = spacy.blank("en")(text)
    _, places, orgs = canonicalize(collect_mentions(doc, text))
    assert {"Tucson", "Fresno"} <= {o.name for o in orgs}
    assert {"Kenya", "Ghana"} <= {p.name for p in places}
    assert not {"Tucson", "Fresno"} & {p.name for p in places}


def test_headline_only_organizations_need_confirmation() -> None:
    # As in "RIVERTON ROWING CLUB WINS AGAIN\nThe crews of Lakeside Boat Club trained."
    shouted = Mention("Riverton Rowing Club", "Riverton Rowing Club", "ORG", 0, 20, recased=True)
    body = Mention("Lakeside Boat Club", "Lakeside Boat Club", "ORG", 45, 63)
    _, _, orgs = canonicalize([shouted, body])
    assert [o.name for o in orgs] == ["Lakeside Boat Club"]
    confirmed = Mention("Riverton Rowing Club", "Riverton Rowing Club", "ORG", 70, 90)
    _, _, orgs = canonicalize([shouted, body, confirmed])
    assert {o.name for o in orgs} == {"Lakeside Boat Club", "Riverton Rowing Club"}


def test_fixture_line_host_city_is_the_venue() -> None:
    import spacy

    text = "Schedule for Saturday :\nTucson at Fresno\nFresno 4 Tucson 2"
    doc = spacy.blank("en")(text)
    _, places, orgs = canonicalize(collect_mentions(doc, text))
    assert {"Tucson", "Fresno"} <= {o.name for o in orgs}  # the teams
    assert [p.name for p in places] == ["Fresno"]  # "at Fresno": where they play


def test_event_named_after_its_host_city_adds_the_place() -> None:
    _, places, orgs = canonicalize(
        mentions(("Lisbon Climate Summit", "ORG"), ("Harbour Trust", "ORG"))
    )
    assert {o.name for o in orgs} == {"Lisbon Climate Summit", "Harbour Trust"}
    assert [(p.name, p.country_code) for p in places] == [("Lisbon", "PT")]


def test_acronyms_that_spell_stop_words_are_kept() -> None:
    _, _, orgs = canonicalize(mentions(("WHO", "ORG"), ("The", "ORG")))
    assert [o.name for o in orgs] == ["WHO"]


def test_place_keeps_article_form_and_gazetteer_name(enricher: Enricher) -> None:
    from datetime import date

    from etl.index.documents import to_document

    text = (
        "Officials in the U.S. said on Monday that trade talks would resume.\n"
        "The U.S. delegation arrives in Geneva next week, and the United States expects "
        "a deal by spring."
    )
    places = {p.name: p for p in enricher.annotate(text).places}
    us = places["U.S."]
    assert us.geo_name == "United States" and us.aliases == ["United States"]
    assert us.mentions == 3 and us.latitude is not None
    row = {"id": "x", "url": "u", "places": [
        {"name": p.name, "geo_name": p.geo_name, "country_code": p.country_code,
         "latitude": p.latitude, "longitude": p.longitude} for p in places.values()]}
    doc = to_document(row, date(2026, 1, 1))
    assert "United States" in doc["place_names"] and "U.S." not in doc["place_names"]


def test_org_tagged_full_name_with_bare_surname_is_a_person() -> None:
    people, _, orgs = canonicalize(
        mentions(("Helga Brannstock", "ORG"), ("Brannstock", "PERSON"), ("Brannstock", "PERSON"))
    )
    assert [(p.name, p.mentions) for p in people] == [("Helga Brannstock", 3)]
    assert not orgs


def test_pieces_and_copies_of_org_names_are_not_people() -> None:
    ms = mentions(
        ("Tidewater Justice Collective", "ORG"),
        ("Collective", "PERSON"),
        ("Marrow Cobre", "ORG"),
        ("Marrow Cobre", "ORG"),
        ("Marrow Cobre", "PERSON"),
        ("Quill Partners", "PERSON"),
        ("Ivo Santander", "PERSON"),
    )
    people, _, orgs = canonicalize(ms)
    assert [p.name for p in people] == ["Ivo Santander"]
    assert {"Marrow Cobre", "Quill Partners"} <= {o.name for o in orgs}


def test_a_name_after_non_name_word_is_not_a_person() -> None:
    ms = [replace(m, after_non_name_word=True) for m in mentions(("Moon", "PERSON"))]
    people, _, _ = canonicalize(ms)
    assert people == []


def test_first_names_ending_in_i_are_not_demonyms() -> None:
    assert is_demonym("Israeli") and is_demonym("Pakistanis") and is_demonym("Somali")
    assert not is_demonym("Jordi") and not is_demonym("Luigi")
    people, _, _ = canonicalize(mentions(("Jordi Vallbona", "PERSON")))
    assert [p.name for p in people] == ["Jordi Vallbona"]


def test_the_usual_full_name_wins_over_a_one_off_epithet() -> None:
    people, _, _ = canonicalize(
        mentions(
            ("Sly Margit Oberlin", "PERSON"),
            ("Margit Oberlin", "PERSON"),
            ("Margit Oberlin", "PERSON"),
            ("Oberlin", "PERSON"),
        )
    )
    assert [(p.name, p.mentions) for p in people] == [("Margit Oberlin", 4)]
    assert "Sly Margit Oberlin" in people[0].aliases


def test_texts_in_other_languages_get_no_english_guesses(enricher: Enricher) -> None:
    german = (
        "Die Ministerin Helga Brannstock sagte am Montag in Hamburg, dass die Fähre nicht "
        "mehr fahren wird. Sie ist der Meinung, dass es für die Stadt und die Region eine "
        "gute Lösung gibt, die auch von den Bürgern mitgetragen wird."
    )
    english = (
        "Minister Helga Brannstock said on Monday in Hamburg that the ferry would stop. "
        "She said the town and the region had been told that it was the best solution."
    )
    de, en_declared_de, en = enricher.annotate_many(
        [german, english, english], ["en", "de", None]
    )
    assert de.people == [] and de.places == [] and de.quotes == []
    assert "Helga Brannstock" in {p.name for p in en_declared_de.people}  # words win
    assert "Helga Brannstock" in {p.name for p in en.people}
    assert not enricher.supports(german) and enricher.supports("Results: 3-1, 2-0.", "en")
    table = "\n".join(f"Men 's 100 metres : {n} ( Kenya ) 10.{n}" for n in range(30))
    assert enricher.supports(table)  # a results table has no language to speak of


def test_dateline_capitals_do_not_name_a_place() -> None:
    _, places, _ = canonicalize(
        mentions(("NAIROBI", "GPE"), ("Nairobi", "GPE"), ("NAIROBI", "GPE"))
    )
    assert [p.name for p in places] == ["Nairobi"]
    _, places, _ = canonicalize(mentions(("NAIROBI", "GPE")))
    assert [(p.name, p.geo_name) for p in places] == [("Nairobi", "Nairobi")]
    _, places, _ = canonicalize(mentions(("UK", "GPE")))
    assert [p.name for p in places] == ["UK"]


def test_platforms_after_on_are_not_people() -> None:
    ms = [replace(m, after_non_name_word=True) for m in mentions(("Twitter", "PERSON"))]
    assert canonicalize(ms)[0] == []


def test_a_lone_word_listed_between_organizations_is_one_of_them() -> None:
    people, _, orgs = canonicalize(
        mentions(("Facebook", "ORG"), ("Twitter", "PERSON"), ("Instagram", "ORG"),
                 ("Quill", "PERSON"), ("Ivo Santander", "PERSON"))
    )
    assert "Twitter" in {o.name for o in orgs}
    assert [p.name for p in people] == ["Ivo Santander", "Quill"]  # one-sided: kept


def _spans(text: str, *items: tuple[str, str, str]) -> list[Mention]:
    """Mentions of (surface, label, honorific) at their successive places in ``text``."""
    out, pos = [], 0
    for surface, label, honorific in items:
        start = text.index(surface, pos)
        pos = start + len(surface)
        out.append(Mention(surface, surface, label, start, pos, honorific=honorific))
    return out


def test_mr_and_mrs_go_to_the_full_name_of_that_gender() -> None:
    text = (
        "Harbour master Rupert Vellacott opened the new pier on Monday. His wife, Agnes "
        "Vellacott, chairs the town council.\n"
        "Mr. Vellacott said the pier had cost less than planned. Mrs. Vellacott thanked "
        "the builders. Later Mr. Vellacott cut the ribbon."
    )
    ms = _spans(text, ("Rupert Vellacott", "PERSON", ""), ("Agnes Vellacott", "PERSON", ""),
                ("Vellacott", "PERSON", "m"), ("Vellacott", "PERSON", "f"),
                ("Vellacott", "PERSON", "m"))
    people = {p.name: p.mentions for p in canonicalize(ms, text=text)[0]}
    assert people == {"Rupert Vellacott": 3, "Agnes Vellacott": 2}
    # without the text nothing tells them apart: the bare name goes to one of them
    assert sorted(p.mentions for p in canonicalize(ms)[0]) == [1, 4]


def test_mr_is_a_person_of_his_own_when_only_his_wife_is_named() -> None:
    text = (
        "The campaign will send the mayor and his wife, Agnes Vellacott, to every village.\n"
        "Mr. Vellacott spoke at the harbour on Saturday. Mr. Vellacott told the crowd that "
        "the ferry would run all winter, and Mrs. Vellacott thanked the volunteers."
    )
    ms = _spans(text, ("Agnes Vellacott", "PERSON", ""), ("Vellacott", "PERSON", "m"),
                ("Vellacott", "PERSON", "m"), ("Vellacott", "PERSON", "f"))
    people = {p.name: p.mentions for p in canonicalize(ms, text=text)[0]}
    assert people == {"Vellacott": 2, "Agnes Vellacott": 2}


def test_honorific_is_read_before_the_name() -> None:
    from etl.enrich.entities import _honorific

    assert _honorific("said Mr. Doe") == "m" and _honorific("Mrs Doe") == "f"
    assert _honorific("Harbour Doe") == ""


def test_news_style_state_abbreviations_geocode_but_are_not_found_in_plain_text() -> None:
    calif = geocode("Calif.")
    assert calif is not None and (calif.name, calif.kind, calif.country_code) == (
        "California", "region", "US")
    assert geocode("N.Y.") is not None and geocode("N.Y.").name == "New York"
    gaz = get_gazetteer()
    assert not gaz.is_country_level("Conn.")  # never rescued from untagged text
    assert geocode("Mass.") is None  # a word as well as a state: left out


def test_a_quoted_body_is_stored_by_its_organization_name() -> None:
    text = ("Ministers from five countries met in Oslo on Monday to discuss new shipping rules. "
            "The Nordic Shipping Council called the plan “a dangerous and unnecessary step "
            "for every port in the region”. The Nordic Shipping Council represents most of "
            "the region's ship owners.")
    ann = Enricher().annotate(text)  # with quotes
    orgs = [o.name for o in ann.organizations]
    assert orgs == ["Nordic Shipping Council"]
    assert [q.speaker for q in ann.quotes] == orgs  # not "The Nordic Shipping Council"


def test_an_organization_cut_short_by_the_subject_grammar_is_given_back() -> None:
    # "by the Centre for X, a think tank, concluded": the grammar keeps only "X"
    text = ("Economists disagree about who pays for the new import duties. Work by the "
            "Centre for Maritime Trade Research, a think tank, concluded that “the full cost "
            "of the duty falls on domestic buyers, not on foreign sellers”. The Centre for "
            "Maritime Trade Research is funded by several universities.")
    ann = Enricher().annotate(text)
    assert [q.speaker for q in ann.quotes] == ["Centre for Maritime Trade Research"]


def test_an_award_or_a_cup_tagged_person_is_no_person() -> None:
    people, _, _ = canonicalize(mentions(
        ("Oren Blakeslee", "PERSON"), ("Harbour Music Awards", "PERSON"),
        ("Tessel Cup", "PERSON"), ("Mara Games", "PERSON"),
    ))
    assert [p.name for p in people] == ["Oren Blakeslee"]


def test_acronyms_of_things_are_no_organizations_and_a_postal_code_is_a_state() -> None:
    text = "Quarrow Labs showed a USB hub at its IPO. Tour dates: Hartford, CT and IN stock."
    spans = [("Quarrow Labs", "ORG"), ("USB", "ORG"), ("IPO", "ORG"), ("CT", "ORG"),
             ("IN", "ORG")]
    found = mentions_in(text, spans)
    _, places, orgs = canonicalize(found, text=text)
    # "IN" after no city stays what the model said: the code alone may be a word
    assert sorted(o.name for o in orgs) == ["IN", "Quarrow Labs"]
    # The untagged town before the code is a place too; the state keeps the written code
    # as its name and the gazetteer's as `geo_name`.
    assert [(p.name, p.geo_name, p.kind, p.country_code) for p in places] == [
        ("Hartford", "Hartford", "city", "US"), ("CT", "Connecticut", "region", "US")]


def test_a_product_line_tagged_person_is_no_person() -> None:
    people, _, _ = canonicalize(mentions(
        ("Oren Blakeslee", "PERSON"), ("Tessel Phone Pro", "PERSON"),
        ("Quarrow Watches", "PERSON"), ("Plus", "PERSON"), ("Mara Lite", "PERSON"),
        ("Tessel Switch", "PERSON"),
    ))
    assert [p.name for p in people] == ["Oren Blakeslee"]


def test_a_word_the_article_writes_in_lower_case_is_no_organization() -> None:
    text = ("Plague cases rose. The plague spread, and plague doctors came. Quarrow Labs and "
            "Tessel, which runs tessel.example, said so. Tessel shares fell.")
    spans = [("Plague", "ORG"), ("Quarrow Labs", "ORG"), ("Tessel", "ORG"), ("Tessel", "ORG")]
    _, _, orgs = canonicalize(mentions_in(text, spans), text=text)
    # "tessel" inside an address does not count as the word written in lower case.
    assert sorted(o.name for o in orgs) == ["Quarrow Labs", "Tessel"]


def test_a_club_named_for_its_town_tagged_person_is_an_organization() -> None:
    text = "Oren Blakeslee was sacked by Glasgow Rovers in May."
    found = mentions_in(text, [("Oren Blakeslee", "PERSON"), ("Glasgow Rovers", "PERSON")])
    people, _, orgs = canonicalize(found, text=text)
    assert [p.name for p in people] == ["Oren Blakeslee"]
    assert [o.name for o in orgs] == ["Glasgow Rovers"]


def test_an_online_platform_tagged_person_is_an_organization() -> None:
    text = "Oren Blakeslee posted the video. Twitter asks whether it is real, Twitter said."
    found = mentions_in(text, [("Oren Blakeslee", "PERSON"), ("Twitter", "PERSON"),
                               ("Twitter", "PERSON")])
    people, _, orgs = canonicalize(found, text=text)
    assert [p.name for p in people] == ["Oren Blakeslee"]
    assert [(o.name, o.mentions) for o in orgs] == [("Twitter", 2)]


def test_a_word_freed_from_a_dropped_full_name_is_judged_alone() -> None:
    # "the Harbour Gulls" is a thing; "Gulls", no longer part of a person's full name, is
    # then judged on its own mentions (tagged ORG three times out of four).
    text = ("They lost to the Harbour Gulls. Gulls fans left. Gulls won. Gulls lost. "
            "Gulls drew.")
    spans = [("Harbour Gulls", "PERSON")] + [("Gulls", "ORG")] * 3 + [("Gulls", "PERSON")]
    found = mentions_in(text, spans)
    people, _, _ = canonicalize(found, text=text)
    assert [p.name for p in people] == []


def test_first_name_gender_needs_a_clear_majority() -> None:
    from etl.enrich.first_names import first_name_gender

    assert first_name_gender("Margaret Quillfeather") == "f"
    assert first_name_gender("Gregory Brennock") == "m"
    assert first_name_gender("Jordan Brennock") is None  # held by both
    assert first_name_gender("Zyxwuv Brennock") is None  # not in the lists
    assert first_name_gender("Margaret") is None  # one word: usually a surname


def test_streets_venues_and_device_names_tagged_person_are_no_people() -> None:
    people, _, _ = canonicalize(mentions(
        ("Oren Blakeslee", "PERSON"), ("Jolinda Drive", "PERSON"), ("Quarrow Pavilion", "PERSON"),
        ("Tessel Keyboard", "PERSON"), ("Nathan Lane", "PERSON"), ("Mara Park", "PERSON"),
    ))
    # "Lane" and "Park" are surnames too: those names stay people.
    assert sorted(p.name for p in people) == ["Mara Park", "Nathan Lane", "Oren Blakeslee"]


def test_a_name_before_a_players_statistic_is_a_person() -> None:
    text = ("Riverton d. Northfield 61-40\n\nRiverton (2-0): Wrenfield 25 points. "
            "Mara Quill 3 steals.\n\nNorthfield 20 points, Riverton 4.")
    found = mentions_in(text, [("Riverton", "GPE"), ("Northfield", "GPE"), ("Riverton", "GPE"),
                               ("Wrenfield", "ORG"), ("Mara Quill", "ORG"),
                               ("Northfield", "GPE"), ("Riverton", "GPE")])
    found = [replace(m, in_table=True, by_number=True, sports=True) for m in found]
    people, _, orgs = canonicalize(found, get_gazetteer(), text=text)
    assert sorted(p.name for p in people) == ["Mara Quill", "Wrenfield"]
    assert "Wrenfield" not in {o.name for o in orgs}


def test_an_org_tagged_player_in_a_sports_report_is_a_person() -> None:
    text = ("Riverton 4, Northfield 1: Jason Quillon added three assists. "
            "Morgan Stanley sponsored the game.")
    found = mentions_in(text, [("Jason Quillon", "ORG"), ("Morgan Stanley", "ORG")])
    found = [replace(m, sports=True) for m in found]
    people, _, orgs = canonicalize(found, get_gazetteer(), text=text)
    assert [p.name for p in people] == ["Jason Quillon"]
    assert [o.name for o in orgs] == ["Morgan Stanley"]
    # outside a sports report the model's tag stands
    _, _, orgs = canonicalize(mentions_in(text, [("Jason Quillon", "ORG")]), text=text)
    assert [o.name for o in orgs] == ["Jason Quillon"]


def test_a_surname_left_out_after_a_first_name_is_taken_in() -> None:
    import spacy

    text = "Riverton (2-0): Jason Quillon 1 goal. Linda Council spoke."
    doc = spacy.blank("en")(text)
    doc.ents = [doc.char_span(text.index(w), text.index(w) + len(w), label="PERSON")
                for w in ("Jason", "Linda")]
    assert [m.text for m in collect_mentions(doc, text)] == ["Jason Quillon", "Linda"]


def test_a_state_named_like_its_big_city_is_the_city_unless_the_text_says_state() -> None:
    gaz = get_gazetteer()
    city = gaz.lookup("New York")
    assert city is not None and city.kind == "city" and city.population > 1_000_000
    for form in ("New York State", "State of New York", "NY"):
        entry = gaz.lookup(form)
        assert entry is not None and entry.kind == "region", form
    text = "Mara Quill grew up in upstate New York. New York Gov. Dara Venn met her in New York."
    _, places, _ = canonicalize(mentions_in(text, [("New York", "GPE")] * 3), gaz, text=text)
    assert sorted((p.geo_name, p.kind, p.mentions) for p in places) == [
        ("New York", "region", 2), ("New York City", "city", 1)]
    text = "Washington lawmakers met in Washington."
    _, places, _ = canonicalize(mentions_in(text, [("Washington", "GPE")] * 2), gaz, text=text)
    assert [(p.geo_name, p.mentions) for p in places] == [("Washington", 2)]


def test_a_site_named_by_its_address_is_an_organization() -> None:
    text = "Tobias Wrenfield told Harbourline.com that the pier reopens; see harbour.org/map."
    people, _, orgs = canonicalize(mentions_in(text, [("Tobias Wrenfield", "PERSON"),
                                                      ("Harbourline.com", "PERSON"),
                                                      ("harbour.org/map", "ORG")]), text=text)
    assert [p.name for p in people] == ["Tobias Wrenfield"]
    assert [o.name for o in orgs] == ["Harbourline.com"]


def test_a_credit_glued_to_its_role_keeps_the_family_name_the_model_left_out() -> None:
    import spacy
    from spacy.tokens import Span

    from etl.enrich.entities import collect_mentions

    doc = spacy.blank("en")("STAFF\nCostume Design_Farrant Ho Sun, Composer_Odile Quill")
    words = [t.text for t in doc]
    ho, odile = words.index("Ho"), words.index("Composer_Odile")
    # the model's spans: "Ho Sun" without the family name glued to the role, "Quill" alone
    doc.ents = [Span(doc, ho, ho + 2, label="PERSON"), Span(doc, odile + 1, odile + 2,
                                                             label="PERSON")]
    found = [(m.text, doc.text[m.start : m.end]) for m in collect_mentions(doc)]
    assert found == [("Farrant Ho Sun", "Farrant Ho Sun"), ("Odile Quill", "Odile Quill")]


def test_a_first_name_left_out_before_a_hyphenated_surname_is_taken_in() -> None:
    import spacy
    from spacy.tokens import Span

    from etl.enrich.entities import collect_mentions

    doc = spacy.blank("en")("Harbour (0-1): Odile Quill-Farrant 18 points.")
    words = [t.text for t in doc]
    at = words.index("Quill")
    doc.ents = [Span(doc, at, words.index("18") + 1, label="PERSON")]  # "Quill-Farrant 18"
    assert [m.text for m in collect_mentions(doc)] == ["Odile Quill-Farrant"]


def test_a_name_listed_with_a_person_is_a_person() -> None:
    from conftest import mentions_in

    from etl.enrich.gazetteer import get_gazetteer
    from etl.enrich.missed_people import with_missed_people

    gaz = get_gazetteer()
    text = ("Odile Farrant and Martin Quillby scored, Tobias Brennock and Goldfern Sachs "
            "lost, and Virginia Beach and Mara Quill won.")
    spans = [("Odile Farrant", "PERSON"), ("Martin Quillby", "ORG"), ("Tobias Brennock", "PERSON"),
             ("Goldfern Sachs", "ORG"), ("Mara Quill", "PERSON")]
    out = with_missed_people(mentions_in(text, spans), text, gaz)
    # a census first name makes "Martin Quillby" a person; "Goldfern" is none, and
    # "Virginia Beach" is a place
    assert [(m.text, m.label) for m in out] == [
        ("Odile Farrant", "PERSON"), ("Martin Quillby", "PERSON"), ("Tobias Brennock", "PERSON"),
        ("Goldfern Sachs", "ORG"), ("Mara Quill", "PERSON")]
    # in a sports report any first name will do, but not an organization's word
    sport = "Odile Farrant and Nikolaj Quillby scored; Tobias Brennock and Harbour United lost."
    found = with_missed_people(mentions_in(sport, [("Odile Farrant", "PERSON"),
                                                        ("Tobias Brennock", "PERSON")]),
                                    sport, gaz, sports=True)
    assert [m.text for m in found] == ["Odile Farrant", "Nikolaj Quillby", "Tobias Brennock"]


def test_a_name_before_a_players_figures_is_a_person_in_a_sports_report() -> None:
    from conftest import mentions_in

    from etl.enrich.gazetteer import get_gazetteer
    from etl.enrich.missed_people import with_missed_people

    gaz = get_gazetteer()
    text = ("Tuukka Quillby made 35 saves and Nikolaj Farrant 2 goals; Palm Bay 12 points; "
            "Harbour United 3 goals.")
    spans = [("Farrant", "ORG")]
    found = with_missed_people(mentions_in(text, spans), text, gaz, sports=True)
    # a place ("Palm Bay") and a club ("Harbour United") are no players
    assert [(m.text, m.label) for m in found] == [
        ("Tuukka Quillby", "PERSON"), ("Nikolaj Farrant", "PERSON")]
    # outside a sports report the figures say nothing
    assert [m.text for m in with_missed_people(mentions_in(text, spans), text, gaz)] == [
        "Farrant"]


def test_a_name_after_a_persons_role_is_a_person() -> None:
    from conftest import mentions_in

    from etl.enrich.gazetteer import get_gazetteer
    from etl.enrich.missed_people import with_missed_people

    gaz = get_gazetteer()
    text = ("The label went to talent manager Scooby Quarrell, while asset manager "
            "Fenwick Holdings and the host Tobias Brennock stayed out.")
    spans = [("Scooby Quarrell", "ORG"), ("Fenwick Holdings", "ORG"),
             ("Tobias Brennock", "ORG")]
    found = with_missed_people(mentions_in(text, spans), text, gaz)
    # the role vouches for any first name, but not for a company's name, and "host"
    # (also a verb) vouches for nothing
    assert [(m.text, m.label) for m in found] == [
        ("Scooby Quarrell", "PERSON"), ("Fenwick Holdings", "ORG"), ("Tobias Brennock", "ORG")]
    # the first of several after a plural role, and a union's Secretary-Treasurer
    text = ("Wishes came from the actresses Salmira Quarrell and Ann Roe, and from the Dock "
            "Workers Secretary-Treasurer Garvin Tessel. The Singer World Series went on.")
    spans = [("Salmira Quarrell", "FAC"), ("Ann Roe", "PERSON")]
    found = with_missed_people(mentions_in(text, spans), text, gaz)
    assert [(m.text, m.label) for m in found] == [
        ("Salmira Quarrell", "PERSON"), ("Ann Roe", "PERSON"), ("Garvin Tessel", "PERSON")]


def test_a_full_name_whose_surname_speaks_alone_is_a_person() -> None:
    from conftest import mentions_in

    from etl.enrich.gazetteer import get_gazetteer
    from etl.enrich.missed_people import with_missed_people

    gaz = get_gazetteer()
    text = ("Jeff Quarrell, president of a design firm, and Goldfern Sachs met. "
            "\u201cIt works,\u201d Quarrell said. Sachs said no. Acme Quarrell said nothing.")
    spans = [("Jeff Quarrell", "ORG"), ("Goldfern Sachs", "ORG"), ("Quarrell", "ORG")]
    found = with_missed_people(mentions_in(text, spans), text, gaz)
    # "Jeff" is a census first name; "Goldfern" is none, so "Sachs said" proves nothing
    labels = [(m.text, m.label) for m in found]
    assert labels[:2] == [("Jeff Quarrell", "PERSON"), ("Goldfern Sachs", "ORG")]
    # "Acme Quarrell said": a capitalised word before the surname, no lone speaker
    assert with_missed_people(mentions_in("Acme Quarrell said so.", [("Acme Quarrell", "ORG")]),
                              "Acme Quarrell said so.", gaz)[0].label == "ORG"


def test_a_plural_before_a_players_position_and_name_is_a_team() -> None:
    from conftest import mentions_in

    text = ("Quillers center Jo Farrant scored twice before Quillers defensive captain Mara "
            "Doe was sent off. Adams said the Quillers had it coming.")
    spans = [("Quillers", "PERSON"), ("Jo Farrant", "PERSON"), ("Quillers", "PERSON"),
             ("Mara Doe", "PERSON"), ("Adams", "PERSON")]
    people, _, orgs = canonicalize(mentions_in(text, spans), text=text)
    assert "Quillers" in [o.name for o in orgs]
    names = [p.name for p in people]
    assert "Quillers" not in names
    # a surname that speaks is a person, plural or not
    assert {"Jo Farrant", "Mara Doe", "Adams"} <= set(names)


def test_outlets_cited_as_sources_are_organizations() -> None:
    from etl.enrich.outlets import cited_outlets

    text = ("Quillpost reported on Friday that the deal stalled, Farrant told The Daily "
            "Lantern, according to Jane Farrant and to Monday's filing. The study was "
            "published in the journal Stellar Notes. Others reported delays; Farrant "
            "reported nothing, and according to Ohio officials nothing changed.")
    found = cited_outlets(text, {"farrant", "jane"}, lambda name: name == "Ohio")
    # people ("Farrant", "Jane Farrant"), days, groups and places are no outlets
    assert found == ["Quillpost", "Daily Lantern", "Stellar Notes"]


def test_an_outlet_tagged_as_a_person_becomes_an_organization() -> None:
    from conftest import mentions_in

    text = "Jane Farrant said the aid stalled, after Quillpost reported the pause."
    people, _, orgs = canonicalize(
        mentions_in(text, [("Jane Farrant", "PERSON"), ("Quillpost", "PERSON")]), text=text)
    assert [p.name for p in people] == ["Jane Farrant"]
    assert [o.name for o in orgs] == ["Quillpost"]


def test_a_live_blogs_time_stamps_make_no_sports_report() -> None:
    from etl.enrich.sports import is_sports_report

    blog = "\n\n".join(f"{h}:{m:02d} p.m.\n\nDoe has won Vermont and Texas, officials said."
                       for h in (9, 10, 11) for m in (5, 30))
    assert not is_sports_report(blog)
    table = ["Harbour United 2 Quill Rovers 1", "Farrant Town 0 Doe City 3",
             "Palm Athletic 4 Roe County 4"]
    assert is_sports_report("\n".join(["Football results", *table]))
    assert is_sports_report("\n".join([*table, "The league resumes on Friday after the cup."]))
    # The same lines of numbers without the words of sport: tallies, prices, quantities.
    assert not is_sports_report("\n".join([*table, "The league resumes on Friday."]))


def test_vote_tallies_make_no_sports_report_and_keep_their_places(enricher: Enricher) -> None:
    text = ("The Senate passed the harbour bill 52-48 on Thursday after a late deal.\n"
            "In Ohio the state house approved its own version 61-38, while Michigan voted "
            "55-53 to wait.\n"
            "The governor of Pennsylvania said the vote in Harrisburg, which ended 30-20, "
            "showed that a deal was possible.\n"
            "Analysts in Columbus expect more votes next week.")
    ann = enricher.annotate(text)
    assert "Pennsylvania" in [p.name for p in ann.places]
    assert "Pennsylvania" not in [o.name for o in ann.organizations]


def test_a_speaker_named_after_said_or_before_who_is_a_person() -> None:
    from conftest import mentions_in

    from etl.enrich.gazetteer import get_gazetteer
    from etl.enrich.missed_people import with_missed_people

    gaz = get_gazetteer()
    text = ("\u201cIt may not work,\u201d said Brett O\u2019Quarrell, a strategist. Later Dana "
            "Farrant won, and Farrant, who led all night, spoke.")
    spans = [("Brett O\u2019Quarrell", "ORG"), ("Dana Farrant", "ORG")]
    found = with_missed_people(mentions_in(text, spans), text, gaz)
    assert [(m.text, m.label) for m in found] == [
        ("Brett O\u2019Quarrell", "PERSON"), ("Dana Farrant", "PERSON")]


def test_a_possessive_typed_with_an_opening_quote_is_stripped() -> None:
    from etl.enrich.entities import clean_surface

    assert clean_surface("Jane Farrant\u2018s") == "Jane Farrant"


def test_spans_run_over_a_title_case_line_are_cut_to_known_names() -> None:
    from conftest import mentions_in

    from etl.enrich.headlines import trim_headline_spans

    text = ("Jo Farrant Refuses To Back Quillpost On Taxes\n\n"
            "Senator Jo Farrant said on Monday that Quillpost had asked her twice.\n"
            "Mara Doe Wins The Vote\n\nDoe thanked Farrant.")
    spans = [("Jo Farrant Refuses", "PERSON"), ("Quillpost On Taxes", "ORG"),
             ("Jo Farrant", "PERSON"), ("Quillpost", "ORG"), ("Mara Doe", "PERSON"),
             ("Doe", "PERSON"), ("Farrant", "PERSON")]
    out = trim_headline_spans(mentions_in(text, spans), text)
    assert [(m.text, m.label, text[m.start:m.end]) for m in out[:2]] == [
        ("Jo Farrant", "PERSON", "Jo Farrant"), ("Quillpost", "ORG", "Quillpost")]
    # a census first name with a surname known elsewhere is a name in its own right
    assert out[4].text == "Mara Doe"
    # lower-case short words do not hide a headline whose other words no entity covers
    styled = "Jo Farrant Refuses to Disavow Quillpost Endorsement.\n\nJo Farrant spoke."
    cut = trim_headline_spans(mentions_in(styled, [("Jo Farrant Refuses", "PERSON"),
                                                   ("Jo Farrant", "PERSON")]), styled)
    assert cut[0].text == "Jo Farrant"
    # a line of running text is left alone, whatever its spans
    prose = "Jo Farrant Refuses said nothing.\n\nJo Farrant left."
    kept = trim_headline_spans(
        mentions_in(prose, [("Jo Farrant Refuses", "PERSON"), ("Jo Farrant", "PERSON")]), prose)
    assert kept[0].text == "Jo Farrant Refuses"
    # every word of the headline inside some entity span, but two of them written in lower
    # case elsewhere in the article: still a headline
    covered = ("Jo Farrant Says Rivals Hacked Quillpost, Calls Vote Troubling.\n\n"
               "Jo Farrant said rivals hacked the Quillpost servers. It was troubling.")
    spans = [("Jo Farrant Says", "PERSON"), ("Rivals Hacked Quillpost", "ORG"),
             ("Calls Vote Troubling", "ORG"), ("Jo Farrant", "PERSON"), ("Quillpost", "ORG")]
    cut = trim_headline_spans(mentions_in(covered, spans), covered)
    assert [m.text for m in cut[:3]] == ["Jo Farrant", "Quillpost", "Calls Vote Troubling"]


def test_political_acronyms_of_kinds_and_laws_are_no_organizations() -> None:
    from conftest import mentions_in

    text = "A super PAC backed Farrant, and the FOIA request reached the FBI."
    _, _, orgs = canonicalize(mentions_in(text, [("PAC", "ORG"), ("FOIA", "ORG"),
                                                 ("FBI", "ORG")]), text=text)
    assert [o.name for o in orgs] == ["FBI"]


def test_seats_of_government_and_al_names_are_organizations() -> None:
    from conftest import mentions_in

    text = "The White House said al-Qaeda was losing ground, and the Kremlin agreed."
    spans = [("White House", "FAC"), ("al-Qaeda", "ORG"), ("Kremlin", "GPE")]
    _, places, orgs = canonicalize(mentions_in(text, spans), text=text)
    assert sorted(o.name for o in orgs) == ["Kremlin", "White House", "al-Qaeda"]
    assert places == []


def test_a_span_is_split_at_a_slash_between_two_names() -> None:
    import spacy
    from spacy.tokens import Span

    from etl.enrich.entities import collect_mentions

    doc = spacy.blank("en")("A Quill News/Harbour Post poll and an AC/DC song.")
    words = [t.text for t in doc]
    doc.ents = [Span(doc, 1, words.index("poll"), label="ORG"),
                Span(doc, words.index("an") + 1, words.index("song"), label="ORG")]
    assert [m.text for m in collect_mentions(doc)] == ["Quill News", "Harbour Post", "AC/DC"]


def test_a_name_before_an_age_in_apposition_is_a_person() -> None:
    from conftest import mentions_in

    from etl.enrich.gazetteer import get_gazetteer
    from etl.enrich.missed_people import with_missed_people

    text = "Ivanka Quarrell, 34, spoke; Harbour Trust, 12, did not."
    found = with_missed_people(mentions_in(text, [("Ivanka Quarrell", "PRODUCT")]), text,
                               get_gazetteer())
    assert [(m.text, m.label) for m in found] == [("Ivanka Quarrell", "PERSON")]


def test_a_name_before_a_role_in_apposition_is_a_person() -> None:
    from conftest import mentions_in

    from etl.enrich.gazetteer import get_gazetteer
    from etl.enrich.missed_people import with_missed_people

    text = ("Reince Quarrell, the GOP chairman, spoke. Morgan Tessel, the bank whose president "
            "resigned, did not, nor did Harbour Trust, the lender's founder.")
    found = with_missed_people(mentions_in(text, [("Reince Quarrell", "ORG"),
                                                  ("Morgan Tessel", "ORG")]), text,
                               get_gazetteer())
    assert [(m.text, m.label) for m in found] == [("Reince Quarrell", "PERSON"),
                                                  ("Morgan Tessel", "ORG")]


def test_a_tie_between_person_and_organization_goes_to_a_census_first_name() -> None:
    from conftest import mentions_in

    text = "Manager Jeff Quarrell spoke. Critics faulted Jeff Quarrell's company and Tessel Moss."
    spans = [("Jeff Quarrell", "PERSON"), ("Jeff Quarrell", "ORG"), ("Tessel Moss", "PERSON")]
    people, _, orgs = canonicalize(mentions_in(text, spans), text=text)
    assert "Jeff Quarrell" in [p.name for p in people]
    assert "Jeff Quarrell" not in [o.name for o in orgs]
    # no census first name: the tie still goes to the organization
    text2 = "Tessel Moss spoke, and Tessel Moss's shares fell."
    people2, _, orgs2 = canonicalize(
        mentions_in(text2, [("Tessel Moss", "PERSON"), ("Tessel Moss", "ORG")]), text=text2)
    assert [o.name for o in orgs2] == ["Tessel Moss"] and people2 == []


def test_a_lawmakers_party_tag_names_a_state() -> None:
    from conftest import mentions_in

    text = ("Sen. Jane Farrant (D-Minn.) and Rep. Jo Quill (R-Texas) met Sen. Mara Doe, "
            "R-W.Va., and a (D-Quarrow) candidate.")
    spans = [("Jane Farrant", "PERSON"), ("Jo Quill", "PERSON"), ("Texas", "GPE"),
             ("Mara Doe", "PERSON")]
    _, places, _ = canonicalize(mentions_in(text, spans), text=text)
    found = {p.name: (p.country_code, p.mentions) for p in places}
    # one mention each: the model's "Texas" is not counted twice; "Quarrow" is no state
    assert found == {"Minnesota": ("US", 1), "Texas": ("US", 1), "West Virginia": ("US", 1)}


def test_a_canadian_province_code_after_a_city_places_it_in_canada() -> None:
    from etl.enrich.gazetteer import get_gazetteer
    from etl.enrich.towns import qualifier_after

    text = "Budweiser Stage, Toronto, ON\nJuly 22 -- Hamilton, QC and Springfield, ZZ"
    gaz = get_gazetteer()
    ontario = qualifier_after(text, text.index(", ON"), gaz)
    assert ontario is not None and (ontario.country_code, ontario.name) == ("CA", "Ontario")
    assert ontario.entry is not None and ontario.entry.country_code == "CA"
    assert qualifier_after(text, text.index(", ZZ"), gaz) is None


def test_a_second_surname_the_article_writes_with_the_first_joins_the_full_name() -> None:
    # The model cuts "Rosa Ferrán Ibarra" after the first surname but tags the two surnames
    # together later: the full name takes the second surname back.
    from spacy.tokens import Doc, Span

    from etl.enrich.nlp import load_model

    words = ["Mayor", "Rosa", "Ferrán", "Ibarra", "met", "the", "unions", ".",
             "Ferrán", "Ibarra", "said", "Rosa", "Ferrán", "Lobo", "agreed", "."]
    doc = Doc(load_model().vocab, words=words)
    doc.ents = [Span(doc, 1, 3, "PERSON"), Span(doc, 8, 10, "PERSON"),
                Span(doc, 11, 13, "PERSON")]
    found = collect_mentions(doc, original=doc.text)
    assert [m.raw for m in found if m.label == "PERSON"] == [
        "Rosa Ferrán Ibarra", "Ferrán Ibarra", "Rosa Ferrán"]
    people, _, _ = canonicalize(found, text=doc.text)
    assert "Rosa Ferrán Ibarra" in [p.name for p in people]


def test_a_full_name_only_in_a_shouted_line_needs_its_surname_in_the_body() -> None:
    text = ("NORWAY CRUISES\nNorway beat Denmark in the final race on the fjord.\n"
            "MARTA QUILLFEATHER RESIGNS\nQuillfeather said she would stay on as a sailor.\n"
            "NEW JERSEY NEXT\nThe crews sail for Trenton in May.\n")

    def shouted(name: str) -> Mention:
        start = text.index(name.upper())
        return Mention(name, name, "PERSON", start, start + len(name), recased=True)

    people, places, orgs = canonicalize(
        [shouted("Norway Cruises"), shouted("Marta Quillfeather"), shouted("New Jersey")],
        text=text)
    assert [p.name for p in people] == ["Marta Quillfeather"]
    assert [p.name for p in places] == ["New Jersey"] and not orgs


def test_a_hashtag_or_a_handle_tagged_as_a_person_is_no_person() -> None:
    from spacy.tokens import Doc, Span

    from etl.enrich.nlp import load_model

    words = ["Ana", "Ruiz", "posted", "#", "HarbourStrong", "and", "thanked", "@",
             "QuillPost", "."]
    spaces = [True, True, True, False, True, True, True, False, False, False]
    doc = Doc(load_model().vocab, words=words, spaces=spaces)
    doc.ents = [Span(doc, 0, 2, "PERSON"), Span(doc, 4, 5, "PERSON"), Span(doc, 8, 9, "PERSON")]
    assert [m.raw for m in collect_mentions(doc, original=doc.text)] == ["Ana Ruiz"]
