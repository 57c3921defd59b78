"""Direct quotes and their speakers on modern news: the 181 corpus pages, blind labels.

Ground truth: `bench/data/corpus_quotes.tsv`, blind labels of every direct quote of three words
or more in the human article bodies of the 181 pages of
`../shared/corpus/article-extraction-benchmark`, each with who said it (made on 2026-11-30
with `bench/quote_labels.py` by six separate reading passes that saw the texts, never the
pipeline's output; offsets only, the words are read from `../shared` at run time). A quote is
the words between one opening and its closing double quotation mark (titles, nicknames and
scare quotes are none; a quote broken by its cue is two); its speaker is the person's full
name as the article gives it anywhere (even when the quote's own sentence says "she" or a
surname), an organization's name, a description ("a spokesperson") when no name is given, or
nobody when the text does not say. Unlike PolNeAR (US election news of 2015-16), these are
pages of 2018-19 from many kinds of sites: politics, business, sport, science, technology,
entertainment, local news.

Halves: texts alternate by their position in id order between `tune` (even) and `held-out`
(odd), as for the other corpus labels; `--errors` shows the tune half only. No quote rule had
looked at these labels when they were first measured (2026-11-30, 01:42 UTC: quotes F1 0.977
held-out / 0.974 tune, speaker accuracy 0.833 / 0.813); the rules written since then were
written from the tune half's errors (and checked on PolNeAR), so the held-out half is the
honest figure. The enrichment runs on the labelled texts themselves; texts in other
languages, which it leaves alone, are not scored.

Matching, as for PolNeAR: a predicted quote matches a labelled one when they overlap by at
least half the shorter span, one to one, greedily by overlap. Precision counts predictions of
three words or more (the labels hold no shorter ones). Speaker accuracy is over matched quotes
whose label names a speaker, with the comparison of `bench/quality_quotes.py` (casefolded,
titles and possessive stripped, one side's words a suffix of the other's, descriptions
compared by their head noun); the plain rule is casefolded equality or a one-word name equal
to the other side's last word.

    python -m bench.quality_corpus_quotes [--no-write] [--errors N]
"""

from __future__ import annotations

import csv
import sys
import time
from collections import defaultdict
from dataclasses import dataclass

from bench._report import ROOT, f1, measured_line, publish_quality, ratio
from bench.place_labels import half_of, scoring_args, texts
from bench.quality_quotes import _WORDS, Gold, match, speaker_ok, speaker_ok_plain
from etl.enrich import Enricher

LABELS = ROOT / "bench" / "data" / "corpus_quotes.tsv"
HALVES = ("held-out", "tune")


@dataclass
class Tally:
    gold: int = 0
    predicted: int = 0  # of three words or more
    matched: int = 0
    matched_pred: int = 0  # predictions of three words or more that match
    named: int = 0  # matched quotes whose label names a speaker
    speaker_ok: int = 0
    plain_ok: int = 0
    unnamed: int = 0  # matched quotes whose text names nobody
    unnamed_given: int = 0  # ... to which the pipeline gave a speaker anyway

    def add(self, other: Tally) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


def load_labels() -> dict[str, list[Gold]]:
    """Labelled quotes by document; a text labelled "none" maps to an empty list; texts
    labelled as not English are left out."""
    out: dict[str, list[Gold]] = defaultdict(list)
    skipped: set[str] = set()
    with LABELS.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            if row["kind"] == "skip":
                skipped.add(row["doc"])
                continue
            golds = out[row["doc"]]
            if row["kind"] == "quote":
                golds.append(Gold(int(row["start"]), int(row["end"]), row["speaker"]))
    return {doc: g for doc, g in out.items() if doc not in skipped}


def _words(text: str) -> int:
    return len(_WORDS.findall(text))


def score(text: str, golds: list[Gold], quotes: list, errors: list[str] | None) -> Tally:
    """Tally one text: quotes found, predictions of three words or more, speakers."""
    t = Tally(gold=len(golds))
    long = [q for q in quotes if _words(q.text) >= 3]
    t.predicted = len(long)
    pairs = match(quotes, golds)
    t.matched = len(pairs)
    t.matched_pred = sum(1 for q, _ in pairs if _words(q.text) >= 3)
    for q, g in pairs:
        if g.source:
            t.named += 1
            ok = speaker_ok(q.speaker, g.source)
            t.speaker_ok += ok
            t.plain_ok += speaker_ok_plain(q.speaker, g.source)
            if not ok and errors is not None:
                errors.append(f"  speaker: label {g.source!r} got {q.speaker!r} (cue "
                              f"{q.cue!r}) | {text[g.start:g.end][:70]!r}")
        else:
            t.unnamed += 1
            t.unnamed_given += q.speaker is not None
            if q.speaker is not None and errors is not None:
                errors.append(f"  speaker where none is named: {q.speaker!r} | "
                              f"{text[g.start:g.end][:70]!r}")
    if errors is not None:
        hit_p = {id(q) for q, _ in pairs}
        hit_g = {id(g) for _, g in pairs}
        errors.extend(f"  extra quote {q.text[:80]!r}" for q in long if id(q) not in hit_p)
        errors.extend(f"  missed quote {text[g.start:g.end][:80]!r} ({g.source!r})"
                      for g in golds if id(g) not in hit_g)
    return t




def main() -> int:
    args = scoring_args(__doc__.split("\n\n")[0])
    labels = load_labels()
    corpus = texts("corpus")
    t0 = time.perf_counter()
    enricher = Enricher()
    docs = [d for d in sorted(labels) if enricher.supports(corpus[d])]
    skipped = len(corpus) - len(docs)
    anns = enricher.annotate_many([corpus[d] for d in docs])
    tally = {h: Tally() for h in (*HALVES, "all")}
    texts_with_quotes = {h: 0 for h in (*HALVES, "all")}
    shown = 0
    for doc, ann in zip(docs, anns, strict=True):
        half = half_of("corpus", doc)
        errs: list[str] | None = [] if half == "tune" and shown < args.errors else None
        t = score(corpus[doc], labels[doc], ann.quotes, errs)
        for h in (half, "all"):
            tally[h].add(t)
            texts_with_quotes[h] += bool(labels[doc])
        if errs:
            shown += 1
            print(f"corpus {doc[:40]}\n" + "\n".join(errs))
    elapsed = time.perf_counter() - t0
    cols = (*HALVES, "all")
    n_texts = {h: sum(1 for d in docs if h == "all" or half_of("corpus", d) == h) for h in cols}

    def row(name: str, cell: object) -> str:
        return f"| {name} | " + " | ".join(str(cell(tally[h], h)) for h in cols) + " |"

    md = ["## Direct quotes and speakers on modern news (181 corpus pages, blind labels)", "",
          measured_line("bench.quality_corpus_quotes", __doc__,
                        f"{elapsed:.0f} s, model load included; {skipped} texts in other "
                        "languages not scored"), "",
          "| metric | held-out | tune | all |", "|---|---:|---:|---:|",
          row("texts scored (English) / with labelled quotes",
              lambda t, h: f"{n_texts[h]} / {texts_with_quotes[h]}"),
          row("quotes labelled", lambda t, h: t.gold),
          row("quotes precision (predictions of three words or more)",
              lambda t, h: ratio(t.matched_pred, t.predicted)),
          row("quotes recall", lambda t, h: ratio(t.matched, t.gold)),
          row("quotes F1",
              lambda t, h: f"**{f1(t.matched_pred, t.predicted, t.matched, t.gold)}**"),
          row("speaker accuracy (matched quotes whose text names the speaker)",
              lambda t, h: f"**{ratio(t.speaker_ok, t.named)}**"),
          row("speaker accuracy, plain rule", lambda t, h: ratio(t.plain_ok, t.named)),
          row("speaker given where the text names none",
              lambda t, h: ratio(t.unnamed_given, t.unnamed))]
    publish_quality(md, "corpus-quotes", not args.no_write)
    return 0


if __name__ == "__main__":
    sys.exit(main())
