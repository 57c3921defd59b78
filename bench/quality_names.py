"""People and organizations on modern news: blind labels, a held-out half, a plain-model baseline.

Ground truth: ``bench/data/names.tsv``, blind labels of every person and organization named
in the human article bodies of the 181 pages of ``../shared/corpus/article-extraction-benchmark``,
in the 84 texts of PolNeAR dev and in 60 texts of PolNeAR train drawn at random (seed
20261129; made with ``bench/entity_labels.py``: the labellers read the texts, never the
pipeline's output). A label is one real person or organization and
every form the text writes it in, titles left out ("Keir Starmer", "Starmer"); a city that
stands for a sports team is labelled as the team (an organization), as CoNLL does.

Halves: corpus texts alternate by their position in id order between ``tune`` (even) and
``held-out`` (odd). PolNeAR dev is held out; the PolNeAR train sample (``polnear-train``,
labelled 2026-11-29) is a second tune set. ``--errors`` shows the two tune sets only. The
corpus halves are held out only for rules written after these labels: the entity rules of
2026-11-28 and 29 were written while looking at the pipeline's output on all 181 corpus pages.
The enrichment runs on the labelled texts themselves; texts in other languages, which it
leaves alone, are not scored.

Matching: a predicted person or organization names a labelled one of the same kind when one
of its forms (name and aliases) equals one of the label's forms, casefolded, with periods,
apostrophes, a possessive and a leading "the" set aside (and, since 2026-11-30, words a double
encoding broke in the text, "PeÃ±a", read repaired on both sides). Precision counts the predicted
entities that name a labelled one; recall the labelled ones some prediction names. Baseline:
the spaCy model's own PERSON and ORG spans, each distinct string one prediction.

    python -m bench.quality_names [--no-write] [--errors N]
"""

from __future__ import annotations

import csv
import re
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field

from bench._report import ROOT, f1, measured_line, publish_quality, ratio
from bench.place_labels import half_of, scoring_args, texts
from etl.enrich import Enricher, EnrichOptions
from etl.enrich.recase import prepare_text
from etl.mojibake import fix_mojibake

LABELS = ROOT / "bench" / "data" / "names.tsv"
KINDS = ("person", "org")
_POSSESSIVE = re.compile(r"['\u2019]s$")
_DROP = re.compile(r"[.'\u2019`]+")


def norm(form: str) -> str:
    """A name's matching key: casefolded, no periods or apostrophes, no leading "the"; words
    a double encoding broke ("PeÃ±a") read repaired, as the pipeline reads them."""
    form = fix_mojibake(form) or form
    key = " ".join(_DROP.sub("", _POSSESSIVE.sub("", form.strip())).split()).casefold()
    return key[4:] if key.startswith("the ") else key


@dataclass
class Gold:
    kind: str
    name: str
    forms: list[str] = field(default_factory=list)

    def keys(self) -> set[str]:
        return {norm(f) for f in self.forms}


def load_labels() -> dict[tuple[str, str], list[Gold]]:
    """Labels by (source, document); a text that names nobody maps to an empty list."""
    out: dict[tuple[str, str], dict[tuple[str, str], Gold]] = defaultdict(dict)
    with LABELS.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            found = out[(row["source"], row["doc"])]
            if row["kind"] == "none":
                continue
            text = texts(row["source"])[row["doc"]]
            gold = found.setdefault((row["kind"], row["name"]), Gold(row["kind"], row["name"]))
            gold.forms.append(text[int(row["start"]):int(row["end"])])
    return {doc: list(golds.values()) for doc, golds in out.items()}


@dataclass
class Counts:
    gold: int = 0
    found: int = 0
    predicted: int = 0
    correct: int = 0

    def add(self, other: Counts) -> None:
        for name in vars(self):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def score(golds: list[Gold], predicted: list[set[str]], kind: str,
          errors: list[str] | None, shown: list[str]) -> Counts:
    """Counts for one kind in one text; ``predicted`` holds each prediction's keys."""
    mine = [g for g in golds if g.kind == kind]
    c = Counts(gold=len(mine), predicted=len(predicted))
    hit = [False] * len(mine)
    for keys, label in zip(predicted, shown, strict=True):
        match = [i for i, g in enumerate(mine) if keys & g.keys()]
        if match:
            c.correct += 1
            for i in match:
                hit[i] = True
        elif errors is not None:
            other = [g.kind for g in golds if g.kind != kind and keys & g.keys()]
            errors.append(
                f"  extra {kind} {label!r}" + (f" (labelled {other[0]})" if other else "")
            )
    c.found = sum(hit)
    if errors is not None:
        errors.extend(f"  missed {kind} {g.name!r} {g.forms}" for g, h in zip(mine, hit,
                                                                              strict=True) if not h)
    return c




def main() -> int:
    args = scoring_args(__doc__.split("\n\n")[0])
    labels = load_labels()
    t0 = time.perf_counter()
    enricher = Enricher(EnrichOptions(quotes=False))
    docs = [d for d in sorted(labels) if enricher.supports(texts(d[0])[d[1]])]
    skipped = len(labels) - len(docs)
    bodies = [texts(src)[doc] for src, doc in docs]
    anns = enricher.annotate_many(bodies)
    plain = list(enricher.nlp.pipe((prepare_text(t) for t in bodies), batch_size=16))
    halves = ("held-out", "polnear", "tune", "polnear-train")
    tally = {(h, side, k): Counts() for h in halves for side in ("ours", "spacy") for k in KINDS}
    shown = 0
    for (src, doc), ann, sdoc in zip(docs, anns, plain, strict=True):
        half = half_of(src, doc)
        tuning = half in ("tune", "polnear-train")
        errs: list[str] | None = [] if tuning and shown < args.errors else None
        golds = labels[(src, doc)]
        ours = {
            "person": ([{norm(f) for f in [p.name, *p.aliases]} for p in ann.people],
                       [p.name for p in ann.people]),
            "org": ([{norm(f) for f in [o.name, *o.aliases]} for o in ann.organizations],
                    [o.name for o in ann.organizations]),
        }
        spans = {"person": sorted({norm(e.text) for e in sdoc.ents if e.label_ == "PERSON"}),
                 "org": sorted({norm(e.text) for e in sdoc.ents if e.label_ == "ORG"})}
        for kind in KINDS:
            keys, names = ours[kind]
            tally[(half, "ours", kind)].add(score(golds, keys, kind, errs, names))
            tally[(half, "spacy", kind)].add(
                score(golds, [{s} for s in spans[kind]], kind, None, spans[kind]))
        if errs:
            shown += 1
            print(f"{src} {doc[:40]}\n" + "\n".join(errs))
    elapsed = time.perf_counter() - t0
    md = ["## People and organizations on modern news (blind labels: 181 corpus texts, "
          "84 PolNeAR dev texts, 60 PolNeAR train texts)", "",
          measured_line("bench.quality_names", __doc__,
                        f"{elapsed:.0f} s, model load included; {skipped} texts in other "
                        "languages not scored"), "",
          "| entity | half | labelled | newsetl P | R | F1 | spaCy small P | R | F1 |",
          "|---|---|---:|---:|---:|---:|---:|---:|---:|"]
    for kind, title in (("person", "people"), ("org", "organizations")):
        for half in halves:
            o, s = tally[(half, "ours", kind)], tally[(half, "spacy", kind)]
            ours_f1 = f1(o.correct, o.predicted, o.found, o.gold)
            spacy_f1 = f1(s.correct, s.predicted, s.found, s.gold)
            md.append(f"| {title} | {half} | {o.gold} | {ratio(o.correct, o.predicted)} | "
                      f"{ratio(o.found, o.gold)} | **{ours_f1}** | "
                      f"{ratio(s.correct, s.predicted)} | {ratio(s.found, s.gold)} | {spacy_f1} |")
    publish_quality(md, "names", not args.no_write)
    return 0


if __name__ == "__main__":
    sys.exit(main())
