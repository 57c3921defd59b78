"""Labelling aid for the people and organizations benchmark (``bench/quality_names.py``).

Same texts and the same way of working as ``bench/place_labels.py`` (``show`` prints a
text; the labellers never see the pipeline's output). A label is one JSON line per distinct
person or organization a text names::

    {"source": "corpus", "doc": "042bb7...", "kind": "person", "name": "Jane Doe",
     "forms": ["Jane Doe", "Doe"]}

``forms`` lists every way the text writes the name, exactly as written, titles left out.
``convert`` turns them into offsets (``bench/data/names.tsv``): no text of the sources is kept
in the repository.

    python -m bench.entity_labels convert LABELS.jsonl [...] --out bench/data/names.tsv
"""

from __future__ import annotations

import sys
from pathlib import Path

from bench.place_labels import convert_cli, distinct_spans, json_labels, texts, write_rows

KINDS = ("person", "org")
COLUMNS = ["source", "doc", "kind", "name", "start", "end"]


def _after_role(form: str, span: tuple[int, int]) -> tuple[int, int]:
    """"Choreographer_Jeong Hye Jin": some credits glue the role to the name; the labellers
    kept the role so that the form reads back. The name is what follows the last underscore."""
    return (span[0] + form.rindex("_") + 1, span[1]) if "_" in form else span


def convert(paths: list[Path], out: Path) -> int:
    """Turn JSON-line labels into the offsets TSV; report forms the text does not hold."""
    rows: list[list[str]] = []
    problems = 0
    for where, lab in json_labels(paths):
        if lab.get("none"):  # a text that names nobody: labelled all the same
            rows.append([lab["source"], lab["doc"], "none", "", "-1", "-1"])
            continue
        text = texts(lab["source"]).get(lab["doc"])
        if text is None or lab.get("kind") not in KINDS:
            print(f"{where}: no document {lab['doc']!r} or kind not in {KINDS}",
                  file=sys.stderr)
            problems += 1
            continue
        spans, missing = distinct_spans(text, lab["forms"], where, _after_role)
        problems += missing
        for span in spans:
            rows.append([lab["source"], lab["doc"], lab["kind"],
                         lab["name"].replace("\t", " "), str(span[0]), str(span[1])])
    return write_rows(rows, COLUMNS, out, problems)


def main() -> int:
    return convert_cli(__doc__, convert)


if __name__ == "__main__":
    sys.exit(main())
