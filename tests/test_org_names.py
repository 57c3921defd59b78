"""Organization-tagged names that are products or events (etl/enrich/org_names.py)."""

from __future__ import annotations

import pytest

from etl.enrich.org_names import names_a_thing


@pytest.mark.parametrize("name", ["Quarrow Watch Series", "Tessel Switch Lite", "Vantor+",
                                  "Harbour Auto Show", "Quarrow Music Unlimited",
                                  "Northfield Light Festival", "Tessel Earbuds Pro"])
def test_products_lines_and_events_are_things(name: str) -> None:
    assert names_a_thing(name)


@pytest.mark.parametrize("name", ["Quarrow Games", "Mid-Valley Conference", "Pro", "Harbour Trust",
                                  "Tessel Motors", "Northfield Council"])
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
