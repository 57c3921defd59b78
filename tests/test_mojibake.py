"""Repair of words encoded twice upstream, and the way back to the given text's offsets."""

from __future__ import annotations

import unicodedata

import pytest

from etl.enrich import Enricher
from etl.mojibake import fix_mojibake, repair


def twice(s: str) -> str:
    """UTF-8 bytes read as Windows-1252, as a broken CMS or feed stores them (the five
    bytes Windows-1252 leaves undefined, such as the last of "”", kept as Latin-1)."""
    return "".join(
        bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in s.encode("utf-8")
    )


def test_clean_text_is_returned_as_it_is() -> None:
    clean = "São Paulo’s Ångström Café, naïve âge"
    r = repair(clean)
    assert r.text is clean and not r.changed
    assert [r.to_original(i) for i in range(len(clean) + 1)] == list(range(len(clean) + 1))


@pytest.mark.parametrize(
    "words",
    ["Mayor José Peña said “we are ready” on Monday.", "naïve café à la carte – €5", "it’s"],
)
def test_every_repaired_span_maps_back_to_the_same_words(words: str) -> None:
    broken = f"Before. {twice(words)} After."
    r = repair(broken)
    assert r.text == f"Before. {words} After." and r.changed
    # Each word of the repaired text, taken back, is the broken spelling of that word.
    pos = 0
    for word in r.text.split(" "):
        start = r.text.index(word, pos)
        pos = start + len(word)
        back = broken[r.to_original(start) : r.to_original(pos, end=True)]
        assert fix_mojibake(back) == word
    # A span inside a broken word keeps its clean letters.
    inner = r.text.index("After")
    assert broken[r.to_original(inner) : r.to_original(inner + 5, end=True)] == "After"


def test_broken_words_stored_decomposed_are_repaired_and_map_back() -> None:
    # "Ã" stored as "A" and a combining tilde: a text normalised to NFD after it broke.
    broken = "President " + unicodedata.normalize("NFD", twice("Peña")) + " Nieto spoke."
    assert "\u0303" in broken
    r = repair(broken)
    assert r.text == "President Peña Nieto spoke."
    start, end = r.text.index("Peña"), r.text.index("Peña") + 4
    assert broken[r.to_original(start) : r.to_original(end, end=True)] == broken.split()[1]


def test_a_span_between_repaired_quote_marks_maps_to_its_own_words() -> None:
    broken = twice("He said “we will not pay for it” today.")
    r = repair(broken)
    start = r.text.index("we")
    end = r.text.index("”")
    assert broken[r.to_original(start) : r.to_original(end, end=True)] == "we will not pay for it"
    whole = broken[r.to_original(start - 1) : r.to_original(end + 1, end=True)]
    assert whole == twice("“we will not pay for it”")


@pytest.fixture(scope="module")
def enricher() -> Enricher:
    return Enricher()


def test_annotate_reads_broken_words_repaired_and_keeps_offsets_into_the_given_text(
    enricher: Enricher,
) -> None:
    clean = ("Harbour master José Peña spoke to reporters in Valencia on Monday. "
             "“The breakwater will be finished before the winter storms,” Peña said. "
             "Ana Ruiz, his deputy, said the town's café owners had been told.")
    broken = twice(clean)
    ann = enricher.annotate(broken)
    assert "José Peña" in [p.name for p in ann.people]
    assert all("Ã" not in p.name for p in ann.people)
    (quote,) = [q for q in ann.quotes if "breakwater" in q.text]
    assert quote.speaker == "José Peña"
    assert broken[quote.start : quote.end] == quote.text
    assert quote.text == "The breakwater will be finished before the winter storms"


def test_annotate_reads_a_decomposed_text_composed(enricher: Enricher) -> None:
    text = unicodedata.normalize(
        "NFD", 'Mayor José Peña Nieto urged voters to "choose the road of hope and work." '
        "Peña Nieto spoke in Monterrey.")
    r = repair(text)
    assert r.text == unicodedata.normalize("NFC", text)
    ann = enricher.annotate(text)
    assert [p.name for p in ann.people] == ["José Peña Nieto"]
    (quote,) = ann.quotes
    assert quote.speaker == "José Peña Nieto"
    assert text[quote.start : quote.end] == quote.text == "choose the road of hope and work."
