"""The geocoding benchmark's labels and its scoring rules (bench/quality_places.py).

The labels are offsets into texts of ../shared: these tests check that every labelled text
is still there and every form still reads back, so a changed corpus cannot silently empty
the benchmark's ground truth.
"""

from __future__ import annotations

import csv
from pathlib import Path

from bench.place_labels import KINDS, find_form, texts
from bench.quality_places import LABELS, Gold, Tally, km, load_labels, score_text
from etl.records import Place


def test_every_text_is_labelled_and_every_form_reads_back() -> None:
    with LABELS.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    for source in ("corpus", "polnear"):
        assert {r["doc"] for r in rows if r["source"] == source} == set(texts(source))
    forms = 0
    for r in rows:
        if r["kind"] == "none":
            continue
        assert r["kind"] in KINDS
        form = texts(r["source"])[r["doc"]][int(r["start"]):int(r["end"])]
        assert form and form == form.strip() and form[:1].isalnum(), r
        forms += 1
    assert forms > 1000
    golds = load_labels()
    assert sum(len(g) for g in golds.values()) > 900


def test_find_form_takes_whole_words_only() -> None:
    assert find_form("From Perth, not Perthshire.", "Perthshire") == (16, 26)
    assert find_form("Perthshire only", "Perth") is None


def test_km_is_a_great_circle_distance() -> None:
    assert km(51.5, 0.0, 51.5, 0.0) == 0.0
    assert 340 < km(51.51, -0.13, 48.86, 2.35) < 350  # London to Paris


def _gold(key: str, kind: str, cc: str, lat: float | None, lon: float | None,
          *forms: str) -> Gold:
    return Gold(key, kind, cc, lat, lon, False, list(forms), [0] * len(forms))


def test_a_place_counts_by_any_form_and_is_judged_by_country_and_distance() -> None:
    golds = [
        _gold("Harbourton, US", "city", "US", 40.0, -75.0, "Harbourton"),
        _gold("United States", "country", "US", None, None, "U.S.", "United States"),
        _gold("Nowhere Bay", "feature", "CA", 50.0, -60.0, "Nowhere Bay"),
    ]
    predicted = [
        Place(name="US", aliases=["United States"], country_code="US", latitude=38.9,
              longitude=-77.0, kind="country"),
        Place(name="Harbourton", country_code="US", latitude=43.0, longitude=-75.0,
              kind="city"),  # 333 km off
        Place(name="Old Mill", kind="other"),
    ]
    tally = Tally()
    errors: list[str] = []
    score_text(golds, predicted, tally, errors)
    assert (tally.gold, tally.found, tally.predicted, tally.predicted_ok) == (3, 2, 3, 2)
    assert (tally.pipeline.country, tally.pipeline.country_of) == (2, 2)
    assert (tally.pipeline.towns, tally.pipeline.towns_of) == (0, 1)
    assert any("missed 'Nowhere Bay'" in e for e in errors)
    assert any("extra place 'Old Mill'" in e for e in errors)


def test_convert_writes_offsets_and_counts_what_does_not_read_back(tmp_path: Path) -> None:
    import json

    from bench.place_labels import convert

    doc = sorted(texts("corpus"))[0]
    text = texts("corpus")[doc]
    form = next(w for w in text.split() if w.isalpha() and len(w) > 4)
    labels = tmp_path / "labels.jsonl"
    labels.write_text("\n".join(json.dumps(lab) for lab in [
        {"source": "corpus", "doc": doc, "place": "Somewhere", "kind": "city", "cc": "us",
         "lat": 1, "lon": 2, "forms": [form, form, "Nowhereville-Upon-Tessel"]},
        {"source": "corpus", "doc": "no-such-doc", "kind": "city", "forms": []},
    ]) + "\n\n")
    out = tmp_path / "out.tsv"
    assert convert([labels], out) == 1
    rows = list(csv.DictReader(out.open(encoding="utf-8"), delimiter="\t"))
    assert len(rows) == 1 and rows[0]["cc"] == "US" and rows[0]["lat"] == "1.000"
    assert text[int(rows[0]["start"]) : int(rows[0]["end"])] == form
