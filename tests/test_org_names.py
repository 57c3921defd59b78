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
