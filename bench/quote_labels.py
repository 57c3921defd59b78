"""Labelling aid for the quotes benchmark on modern news (``bench/quality_corpus_quotes.py``).

Labellers read the human article bodies of the 181 corpus pages with ``python -m
bench.place_labels show corpus DOC`` and never see the pipeline's output. A label is one JSON
line per direct quote::

    {"doc": "042bb7...", "quote": "We will win this", "speaker": "Jane Doe",
     "speaker_form": "Doe"}

``quote`` is the words between one opening and its closing double quotation mark, copied
exactly (three words or more; titles, nicknames and scare quotes are no quotes; a quote
broken by its cue is two labels, one per stretch). ``speaker`` is who said or wrote it by the
text: a person's full name as the article gives it anywhere, titles left out; an
organization's name; else the description as written ("a spokesperson"); "" when the text
does not say. ``speaker_form`` is one way the text writes the speaker, exactly, or "". A text
with no such quote is ``{"doc": ..., "none": true}``; one in another language ``{"doc": ...,
"skip": "not English"}``.

``convert`` turns the labels into offsets (``bench/data/corpus_quotes.tsv``), so that no
text of the sources is kept in the repository: the scorer reads the quotes back from
``../shared`` at run time. The same words quoted twice in one text are its first and second
occurrence, in the order of the labels.

    python -m bench.quote_labels convert LABELS.jsonl [...] --out bench/data/corpus_quotes.tsv
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from bench.place_labels import convert_cli, find_form, json_labels, texts, write_rows

COLUMNS = ["source", "doc", "kind", "start", "end", "speaker", "speaker_start", "speaker_end"]


def _nth(text: str, words: str, n: int) -> int:
    """Where the ``n``-th (0-based) occurrence of ``words`` starts in ``text``, or -1."""
    at = -1
    for _ in range(n + 1):
        at = text.find(words, at + 1)
        if at < 0:
            return -1
    return at


def convert(paths: list[Path], out: Path) -> int:
    """Turn JSON-line quote labels into the offsets TSV; report quotes the text lacks."""
    rows: list[list[str]] = []
    problems = 0
    seen: Counter[tuple[str, str]] = Counter()
    for where, lab in json_labels(paths):
        doc = lab["doc"]
        text = texts("corpus").get(doc)
        if text is None:
            print(f"{where}: no document {doc!r}", file=sys.stderr)
            problems += 1
            continue
        if lab.get("none") or lab.get("skip"):
            rows.append(["corpus", doc, "skip" if lab.get("skip") else "none", "-1", "-1", "",
                         "-1", "-1"])
            continue
        words = lab["quote"]
        start = _nth(text, words, seen[(doc, words)])
        seen[(doc, words)] += 1
        if start < 0 or not words.strip():
            print(f"{where}: quote {words[:60]!r} not in the text", file=sys.stderr)
            problems += 1
            continue
        form = lab.get("speaker_form") or ""
        span = find_form(text, form) if form else None
        if form and span is None:
            print(f"{where}: speaker form {form!r} not in the text", file=sys.stderr)
            problems += 1
        rows.append(["corpus", doc, "quote", str(start), str(start + len(words)),
                     " ".join((lab.get("speaker") or "").split()),
                     str(span[0] if span else -1), str(span[1] if span else -1)])
    return write_rows(rows, COLUMNS, out, problems)


def main() -> int:
    return convert_cli(__doc__, convert)


if __name__ == "__main__":
    sys.exit(main())
