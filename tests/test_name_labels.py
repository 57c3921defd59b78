"""The people and organizations benchmark's labels and matching (bench/quality_names.py)."""

from __future__ import annotations

import csv

from bench.place_labels import texts
from bench.quality_names import LABELS, Gold, load_labels, norm, score


def test_every_text_is_labelled_and_every_form_reads_back() -> None:
    with LABELS.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    for source in ("corpus", "polnear"):
        assert {r["doc"] for r in rows if r["source"] == source} == set(texts(source))
    forms = [texts(r["source"])[r["doc"]][int(r["start"]):int(r["end"])]
             for r in rows if r["kind"] != "none"]
    assert len(forms) > 3000 and all(f and f == f.strip() for f in forms)
    golds = load_labels()
    assert sum(len(g) for g in golds.values()) > 2500


def test_names_match_without_case_periods_possessives_or_the() -> None:
    assert norm("The Harbour Trust's") == norm("harbour trust")
    assert norm("U.S. Harbour Co.") == "us harbour co"


def test_a_prediction_counts_once_for_its_kind_and_misses_are_named() -> None:
    golds = [Gold("person", "Mara Quill", ["Mara Quill", "Quill"]),
             Gold("org", "Harbour Trust", ["Harbour Trust"])]
    errors: list[str] = []
    c = score(golds, [{"quill"}, {"harbour trust"}], "person", errors, ["Quill", "Harbour Trust"])
    assert (c.gold, c.found, c.predicted, c.correct) == (1, 1, 2, 1)
    assert errors == ["  extra person 'Harbour Trust' (labelled org)"]


def test_a_role_glued_to_a_name_is_left_out_of_the_span() -> None:
    from bench.entity_labels import _after_role

    form = "Choreographer_Jeong Hye Jin"
    assert _after_role(form, (10, 10 + len(form))) == (24, 10 + len(form))
    assert _after_role("Jane Doe", (3, 11)) == (3, 11)
