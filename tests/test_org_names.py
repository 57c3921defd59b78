"""Organization-tagged names that are products, venues or events, and names run across a
possessive (etl/enrich/org_names.py)."""

from __future__ import annotations

import pytest

from etl.enrich.org_names import acronym_of_thing, names_a_thing, split_owner, split_run_on


@pytest.mark.parametrize("name", ["Quarrow Watch Series", "Tessel Switch Lite", "Vantor+",
                                  "Harbour Auto Show", "Quarrow Music Unlimited",
                                  "Northfield Light Festival", "Tessel Earbuds Pro",
                                  "Quarrow Bank Amphitheatre", "Tessel Arena",
                                  "Harbour Composite Index", "Quarrow Bank Music Center",
                                  "Brennock hit Quarrow", "Tessel after Tessel",
                                  "Quarrow Free Choice Act", "Tessel Amendment",
                                  "Quarrow Space Telescope", "Group C", "Pool 2"])
def test_products_lines_and_events_are_things(name: str) -> None:
    assert names_a_thing(name)


@pytest.mark.parametrize("name", ["Quarrow Games", "Mid-Valley Conference", "Pro", "Harbour Trust",
                                  "Tessel Motors", "Northfield Council",
                                  "Harbour Research Center", "Music Center",
                                  "Committee to Protect Quarrow", "Banco de la Tessel",
                                  "Quarrow and Sons", "Group", "Harbour Group"])
def test_organizations_and_lone_words_are_left_alone(name: str) -> None:
    assert not names_a_thing(name)


def test_a_person_tagged_newspaper_or_studio_is_an_organization() -> None:
    from conftest import mentions_in

    from etl.enrich.canonical import canonicalize

    text = "The Northfield Courant and Quill Design said Mara Quill left."
    spans = [("Northfield Courant", "PERSON"), ("Quill Design", "PERSON"), ("Mara Quill", "PERSON")]
    people, _, orgs = canonicalize(mentions_in(text, spans), text=text)
    assert [p.name for p in people] == ["Mara Quill"]
    assert sorted(o.name for o in orgs) == ["Northfield Courant", "Quill Design"]


@pytest.mark.parametrize(
    ("span", "label", "expected"),
    [
        ("Quarrow\u2019s Office of Research", "ORG",
         [("Quarrow", "ORG"), ("Office of Research", "ORG")]),
        ("Mara Quill's Tessel Labs", "PERSON",
         [("Mara Quill", "PERSON"), ("Tessel Labs", "OTHER")]),
        ("Harbour Radio 's Dune", "ORG", [("Harbour Radio", "ORG"), ("Dune", "OTHER")]),
        ("Northfield\u2019s Riverside Auditorium", "ORG",
         [("Northfield", "ORG"), ("Riverside Auditorium", "OTHER")]),
        # the possessive belongs to the name
        ("People's Bank of Northfield", "ORG", [("People's Bank of Northfield", "ORG")]),
        ("Children's Hospital", "ORG", [("Children's Hospital", "ORG")]),
        ("Quarrow's Companies Inc.", "ORG", [("Quarrow's Companies Inc.", "ORG")]),
        # other labels and names without an inner possessive are left alone
        ("Northfield's Old Town", "GPE", [("Northfield's Old Town", "GPE")]),
        ("Quarrow's", "ORG", [("Quarrow's", "ORG")]),
    ],
)
def test_split_owner(span: str, label: str, expected: list[tuple[str, str]]) -> None:
    assert split_owner(span, label) == expected


def test_owner_and_owned_become_their_own_entities() -> None:
    import spacy
    from spacy.tokens import Span

    from etl.enrich.canonical import canonicalize
    from etl.enrich.entities import collect_mentions

    text = ("Tessel\u2019s Office of Research hired Dara Venn. Mara Quill's Quarrow Labs "
            "declined. Venn said Quill agreed.")
    doc = spacy.blank("en")(text)
    marks = [("Tessel\u2019s Office of Research", "ORG"), ("Dara Venn", "PERSON"),
             ("Mara Quill's Quarrow Labs", "PERSON"), ("Venn", "PERSON"), ("Quill", "PERSON")]
    ents, pos = [], 0
    for surface, label in marks:
        start = text.index(surface, pos)
        pos = start + len(surface)
        ents.append(doc.char_span(start, pos, label=label, alignment_mode="expand"))
    doc.ents = [e for e in ents if isinstance(e, Span)]
    found = collect_mentions(doc, text)
    office = next(m for m in found if m.text == "Office of Research")
    assert text[office.start : office.end] == "Office of Research"
    people, _, orgs = canonicalize(found, text=text)
    assert sorted(p.name for p in people) == ["Dara Venn", "Mara Quill"]
    assert sorted(o.name for o in orgs) == ["Office of Research", "Tessel"]


@pytest.mark.parametrize(
    ("span", "label", "expected"),
    [
        ("Harbour Report, Quarrow Eats", "ORG",
         [("Harbour Report", "ORG"), ("Quarrow Eats", "ORG")]),
        ("Tessel Labs, Inc.", "ORG", [("Tessel Labs, Inc.", "ORG")]),
        ("University of Northfield, Riverton", "ORG",
         [("University of Northfield, Riverton", "ORG")]),
        ("Dara Venn: Dealing", "PERSON", [("Dara Venn", "PERSON")]),
        ("Photo: Dara Venn", "PERSON", [("Dara Venn", "PERSON")]),
        ("Harbour Radio, Tessel\u2019s Office of Research", "ORG",
         [("Harbour Radio", "ORG"), ("Tessel", "ORG"), ("Office of Research", "ORG")]),
        ("Riverton, Northfield", "GPE", [("Riverton, Northfield", "GPE")]),
    ],
)
def test_split_run_on(span: str, label: str, expected: list[tuple[str, str]]) -> None:
    assert split_run_on(span, label, lambda name: name == "Riverton") == expected


@pytest.mark.parametrize(
    ("name", "text", "thing"),
    [
        ("BED", "Binge eating disorder (BED) is common.", True),
        ("FIRE", "Savers chase FIRE (financial independence, retire early) goals.", True),
        ("HCI", "The Harbour Composite Index (HCI) fell.", True),
        ("HSB", "The Harbour Safety Board (HSB) said so.", False),
        ("HSB", "HSB said so.", False),
        ("Harbour", "The harbour (Harbour) is closed.", False),  # not an acronym
    ],
)
def test_acronym_of_thing(name: str, text: str, thing: bool) -> None:
    assert acronym_of_thing(name, text) is thing


def test_platforms_are_organizations_whatever_the_model_tagged() -> None:
    from conftest import mentions_in

    from etl.enrich.canonical import canonicalize
    from etl.enrich.org_names import platform_mentions

    text = ("Mara Quill posted on Twitter about a Netflix series. Netflix said Facebook ads "
            "ran on twitter.com and @youtube; a Twitter-like site copied it. Twitter agreed.")
    assert platform_mentions(text) == ["Twitter", "Netflix", "Netflix", "Facebook", "Twitter"]
    # Twitter tagged once as a person, Netflix once as a place, Facebook not at all
    spans = [("Mara Quill", "PERSON"), ("Twitter", "PERSON"), ("Netflix", "GPE")]
    _, places, orgs = canonicalize(mentions_in(text, spans), text=text)
    assert {o.name: o.mentions for o in orgs} == {"Twitter": 2, "Netflix": 2, "Facebook": 1}
    assert places == []
    # a lower-case word is no mention
    assert platform_mentions("Send a telegram or a tweet.") == []


def test_a_plural_of_people_before_for_opens_the_organizations_name() -> None:
    from etl.enrich.org_names import plural_opener

    def opener(text: str, tail: str) -> str | None:
        begin = plural_opener(text, text.index(tail))
        return None if begin is None else text[begin:]

    assert opener("said Americans for Better Roads", "Better") == "Americans for Better Roads"
    assert opener("Teachers Against Tolls met.", "Tolls") == "Teachers Against Tolls met."
    # plurals of things, and verbs that open a sentence
    assert opener("VP of Sales for Quarrow Labs", "Quarrow") is None
    assert opener("Solutions for Quarrow Labs", "Quarrow") is None
    assert opener("Calls for Better Roads grew.", "Better") is None


def test_a_group_named_for_its_members_speaks_whole() -> None:
    from etl.enrich import Enricher, EnrichOptions

    text = ("The toll plan drew fire on Monday. “It is a disgrace to the town,” said "
            "Americans for Better Roads, a lobby group.")
    ann = Enricher(EnrichOptions()).annotate_many([text])[0]
    assert [q.speaker for q in ann.quotes] == ["Americans for Better Roads"]
    assert "Americans for Better Roads" in [o.name for o in ann.organizations]


def test_a_person_tagged_caucus_or_coalition_is_an_organization() -> None:
    from conftest import mentions_in

    from etl.enrich.canonical import canonicalize

    text = "Mara Quill leads the Harbour Women Caucus and the Quill Coalition."
    spans = [("Mara Quill", "PERSON"), ("Harbour Women Caucus", "PERSON"),
             ("Quill Coalition", "PERSON")]
    people, _, orgs = canonicalize(mentions_in(text, spans), text=text)
    assert [p.name for p in people] == ["Mara Quill"]
    assert sorted(o.name for o in orgs) == ["Harbour Women Caucus", "Quill Coalition"]


def test_two_countries_joined_by_a_hyphen_are_no_organization() -> None:
    from conftest import mentions_in

    from etl.enrich.canonical import canonicalize

    text = "Trade across the Canada-Mexico border grew, Quarrow-Tessel said."
    spans = [("Canada-Mexico", "ORG"), ("Quarrow-Tessel", "ORG")]
    _, _, orgs = canonicalize(mentions_in(text, spans), text=text)
    assert [o.name for o in orgs] == ["Quarrow-Tessel"]
