"""The modern-news quotes benchmark's labels and scoring (bench/quality_corpus_quotes.py)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from bench.place_labels import texts
from bench.quality_corpus_quotes import LABELS, Gold, load_labels, score
from bench.quote_labels import convert
from etl.records import Quote


def test_every_text_is_labelled_and_every_quote_reads_back() -> None:
    with LABELS.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    corpus = texts("corpus")
    assert {r["doc"] for r in rows} == set(corpus)
    quotes = [r for r in rows if r["kind"] == "quote"]
    assert len(quotes) > 700
    for r in quotes:
        words = corpus[r["doc"]][int(r["start"]):int(r["end"])]
        assert len(words.split()) >= 3 and not any(m in words[:1] for m in "\"“”")
        if int(r["speaker_start"]) >= 0:
            assert corpus[r["doc"]][int(r["speaker_start"]):int(r["speaker_end"])]
    skipped = {r["doc"] for r in rows if r["kind"] == "skip"}
    assert len(load_labels()) == len(corpus) - len(skipped)


def test_the_same_words_quoted_twice_are_their_two_occurrences(tmp_path: Path) -> None:
    corpus = texts("corpus")
    doc, start, end = next((d, s, e) for d, s, e in _quoted(corpus)
                           if corpus[d].count(corpus[d][s:e]) == 1)
    words = corpus[doc][start:end]
    labels = tmp_path / "labels.jsonl"
    labels.write_text("\n".join(json.dumps(lab) for lab in [
        {"doc": doc, "quote": words, "speaker": "Mara Quill", "speaker_form": ""},
        {"doc": doc, "quote": words, "speaker": "", "speaker_form": ""},
        {"doc": doc, "quote": "words no text holds at all", "speaker": "", "speaker_form": ""},
    ]), encoding="utf-8")
    out = tmp_path / "quotes.tsv"
    assert convert([labels], out) == 1  # the second occurrence and the made-up words are missing
    rows = list(csv.DictReader(out.open(encoding="utf-8"), delimiter="\t"))
    assert [(int(r["start"]), int(r["end"]), r["speaker"]) for r in rows] == [
        (start, end, "Mara Quill")]


def _quoted(corpus: dict[str, str]) -> list[tuple[str, int, int]]:
    with LABELS.open(encoding="utf-8") as fh:
        return [(r["doc"], int(r["start"]), int(r["end"]))
                for r in csv.DictReader(fh, delimiter="\t") if r["kind"] == "quote"]


def test_quotes_and_speakers_are_scored_as_for_polnear() -> None:
    text = 'Mara Quill said "the pier will open in May" and "the ferry will run twice a day."'
    pier, ferry = "the pier will open in May", "the ferry will run twice a day."
    a, b = text.index(pier), text.index(ferry)
    golds = [Gold(a, a + len(pier), "Mara Quill"), Gold(b, b + len(ferry), "")]
    found = [Quote(pier, "Quill", "said", a, a + len(pier)),
             Quote(ferry, "Mara Quill", "said", b, b + len(ferry)),
             Quote("so it is", None, None, 0, 8)]
    errors: list[str] = []
    t = score(text, golds, found, errors)
    assert (t.gold, t.predicted, t.matched, t.matched_pred) == (2, 3, 2, 2)
    assert (t.named, t.speaker_ok, t.unnamed, t.unnamed_given) == (1, 1, 1, 1)
    assert errors == ["  speaker where none is named: 'Mara Quill' | 'the ferry will run "
                      "twice a day.'", "  extra quote 'so it is'"]
