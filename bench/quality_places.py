"""Geocoding quality: which places the pipeline finds in a text, and where it puts them.

Ground truth: ``bench/data/places.tsv``, blind labels of the human article bodies of the 181
pages of ``../shared/corpus/article-extraction-benchmark`` and of the 84 texts of PolNeAR dev
(made with ``bench/place_labels.py``: the labellers read the texts, never the pipeline's
output). Each label is one real place a text names: every form the text writes it in, its
kind, its country and, where the labeller was sure of it, a point inside it. The words are
read from ``../shared`` at run time.

Halves: corpus texts alternate by their position in id order between ``tune`` (even) and
``held-out`` (odd); rules may be changed while looking at errors of the tune half only
(``--errors`` shows nothing else). PolNeAR dev was never looked at for places: it is held
out too. The enrichment runs on the labelled texts themselves (extraction is measured
elsewhere).

Matching: a predicted place names a labelled one when one of its forms (name and aliases)
equals one of the label's forms once case, periods and a leading "the" are set aside.
"Right country": the predicted country code equals the label's (none for continents and
regions spanning countries). "Within N km": the predicted point lies within 50 km of the
labelled point for towns and cities, 400 km for states, regions and natural features; a
place predicted without a point counts as wrong. Labels the labeller marked unsure count for
finding places, not for where they are. Two further rows geocode the labelled forms
themselves, so that the geocoder is measured apart from the detector: once as the pipeline
does it (each form placed with the countries of the text's other labelled forms as context,
and inside the state or country the text writes after it),
once with no context at all (the most likely candidate for the bare name: the baseline).

    python -m bench.quality_places [--no-write] [--errors N]
"""

from __future__ import annotations

import csv
import math
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field

from bench._report import ROOT, measured_line, publish_quality, ratio
from bench.place_labels import half_of, scoring_args, texts
from etl.enrich import Enricher, EnrichOptions
from etl.enrich.entities import fold_name as _fold
from etl.enrich.gazetteer import get_gazetteer, normalize_place_key
from etl.enrich.places import build_places
from etl.enrich.towns import Qualifier, qualified
from etl.records import Place

LABELS = ROOT / "bench" / "data" / "places.tsv"
CITY_KM = 50.0
AREA_KM = 400.0


@dataclass
class Gold:
    """One labelled place of one text."""

    key: str
    kind: str
    cc: str
    lat: float | None
    lon: float | None
    unsure: bool
    forms: list[str] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)  # where each form's first mention ends

    def keys(self) -> set[str]:
        return {normalize_place_key(f) for f in self.forms}


def load_labels() -> dict[tuple[str, str], list[Gold]]:
    """Labels by (source, document); a text that names no place maps to an empty list."""
    out: dict[tuple[str, str], dict[str, Gold]] = defaultdict(dict)
    with LABELS.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            doc = (row["source"], row["doc"])
            places = out[doc]
            if row["kind"] == "none":
                continue
            text = texts(row["source"])[row["doc"]]
            gold = places.get(row["place"])
            if gold is None:
                gold = places[row["place"]] = Gold(
                    row["place"], row["kind"], row["cc"],
                    float(row["lat"]) if row["lat"] else None,
                    float(row["lon"]) if row["lon"] else None, row["unsure"] == "1")
            gold.forms.append(text[int(row["start"]):int(row["end"])])
            gold.ends.append(int(row["end"]))
    return {doc: list(places.values()) for doc, places in out.items()}


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, a)))


@dataclass
class Where:
    """How often a geocoder put labelled places in the right country and near the point."""

    country: int = 0
    country_of: int = 0
    towns: int = 0
    towns_of: int = 0
    areas: int = 0
    areas_of: int = 0

    def add(self, gold: Gold, cc: str | None, lat: float | None, lon: float | None,
            errors: list[str] | None, label: str) -> None:
        if gold.unsure:
            return
        self.country_of += 1
        ok_cc = (cc or "") == gold.cc
        self.country += ok_cc
        near = None
        if gold.lat is not None and gold.lon is not None and gold.kind != "country":
            limit = CITY_KM if gold.kind == "city" else AREA_KM
            near = lat is not None and lon is not None and km(gold.lat, gold.lon, lat, lon) <= limit
            if gold.kind == "city":
                self.towns_of += 1
                self.towns += near
            else:
                self.areas_of += 1
                self.areas += near
        if errors is not None and (not ok_cc or near is False):
            errors.append(f"  {label} {gold.key!r} ({gold.kind}, {gold.cc}, {gold.lat}, {gold.lon})"
                          f" forms {gold.forms}: got {cc}, {lat}, {lon}")

    def merge(self, other: Where) -> None:
        for name in vars(self):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class Tally:
    texts: int = 0
    gold: int = 0
    found: int = 0
    predicted: int = 0
    predicted_ok: int = 0
    pipeline: Where = field(default_factory=Where)
    geocoder: Where = field(default_factory=Where)
    bare: Where = field(default_factory=Where)

    def merge(self, other: Tally) -> None:
        for name in ("texts", "gold", "found", "predicted", "predicted_ok"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.pipeline.merge(other.pipeline)
        self.geocoder.merge(other.geocoder)
        self.bare.merge(other.bare)


def _forms(place: Place) -> set[str]:
    return {normalize_place_key(f) for f in [place.name, *place.aliases]}


def _geocode_labelled(golds: list[Gold], text: str) -> dict[str, Place]:
    """The labelled forms placed as the pipeline places names, by normalized form."""
    gaz = get_gazetteer()
    mentions = [(f, f) for g in golds for f in g.forms]
    qualifiers: dict[str, Qualifier] = {}
    for g in golds:
        for form, end in zip(g.forms, g.ends, strict=True):
            qual = qualified(form, "GPE", end, text, gaz) if text else None
            if qual is not None:
                qualifiers.setdefault(_fold(form), qual)
                qualifiers.setdefault(_fold(qual.form), qual)
    return {normalize_place_key(f): p for p in build_places(mentions, gaz, qualifiers)
            for f in [p.name, *p.aliases]}


def score_text(golds: list[Gold], places: list[Place], tally: Tally,
               errors: list[str] | None, text: str = "") -> None:
    """Add one text's figures to ``tally`` (and its errors to ``errors``)."""
    tally.texts += 1
    tally.gold += len(golds)
    tally.predicted += len(places)
    matched: dict[int, Place] = {}
    for place in places:
        forms = _forms(place)
        hit = next((i for i, g in enumerate(golds) if forms & g.keys()), None)
        if hit is None:
            if errors is not None:
                errors.append(f"  extra place {place.name!r} ({place.kind}, {place.country_code})")
            continue
        tally.predicted_ok += 1
        matched.setdefault(hit, place)
    gaz = get_gazetteer()
    by_form = _geocode_labelled(golds, text)
    for i, gold in enumerate(golds):
        place = matched.get(i)
        if place is None:
            if errors is not None:
                errors.append(f"  missed {gold.key!r} ({gold.kind}) forms {gold.forms}")
        else:
            tally.found += 1
            tally.pipeline.add(gold, place.country_code, place.latitude, place.longitude,
                               errors, "pipeline")
        alone = by_form.get(normalize_place_key(gold.forms[0]))
        tally.geocoder.add(gold, alone.country_code if alone else None,
                           alone.latitude if alone else None,
                           alone.longitude if alone else None, None, "geocoder")
        bare = gaz.locate(gold.forms[0])
        tally.bare.add(gold, bare.country_code if bare else None,
                       bare.latitude if bare else None, bare.longitude if bare else None,
                       None, "bare")



def summarize(t: Tally) -> dict[str, str]:
    """The table's rows for one half."""
    rows = {
        "texts scored (English)": str(t.texts),
        "places labelled (distinct per text)": str(t.gold),
        "places found (recall)": ratio(t.found, t.gold),
        "places predicted that are labelled places (precision)": ratio(t.predicted_ok,
                                                                         t.predicted),
    }
    for title, w in (("pipeline, places found", t.pipeline),
                     ("geocoder alone, labelled names", t.geocoder),
                     ("baseline: bare name, no context", t.bare)):
        rows[f"{title}: right country"] = ratio(w.country, w.country_of)
        rows[f"{title}: towns and cities within {CITY_KM:.0f} km"] = ratio(w.towns, w.towns_of)
        rows[f"{title}: states, regions, features within {AREA_KM:.0f} km"] = ratio(
            w.areas, w.areas_of)
    return rows


def main() -> int:
    args = scoring_args(__doc__.split("\n\n")[0])
    labels = load_labels()
    t0 = time.perf_counter()
    enricher = Enricher(EnrichOptions(quotes=False))
    # The enrichment reads English only; texts in other languages are left out.
    docs = [d for d in sorted(labels) if enricher.supports(texts(d[0])[d[1]])]
    skipped = len(labels) - len(docs)
    anns = enricher.annotate_many([texts(src)[doc] for src, doc in docs])
    halves = {"held-out": Tally(), "polnear": Tally(), "tune": Tally()}
    shown = 0
    for (src, doc), ann in zip(docs, anns, strict=True):
        half = half_of(src, doc)
        errs: list[str] | None = [] if half == "tune" and shown < args.errors else None
        one = Tally()
        score_text(labels[(src, doc)], ann.places, one, errs, texts(src)[doc])
        halves[half].merge(one)
        if errs:
            shown += 1
            print(f"{doc[:12]}\n" + "\n".join(errs))
    elapsed = time.perf_counter() - t0
    rows = {name: summarize(t) for name, t in halves.items()}
    md = ["## Places and geocoding (blind labels: 181 corpus texts, 84 PolNeAR dev texts)", "",
          measured_line("bench.quality_places", __doc__,
                        f"{elapsed:.0f} s, model load included; {skipped} texts in other "
                        "languages not scored"), "",
          "| metric | corpus held-out | PolNeAR dev (held out) | corpus tune |",
          "|---|---:|---:|---:|"]
    md += [f"| {k} | {rows['held-out'][k]} | {rows['polnear'][k]} | {rows['tune'][k]} |"
           for k in rows["tune"]]
    md += ["", "The corpus held-out half is held out for the geocoding rules only: the entity "
           "rules that decide what is a place were written while looking at the pipeline's "
           "output on all 181 corpus pages (see Entities above). PolNeAR dev is held out for "
           "both."]
    publish_quality(md, "places", not args.no_write)
    return 0


if __name__ == "__main__":
    sys.exit(main())
