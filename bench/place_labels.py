"""Labelling aid for the geocoding benchmark (``bench/quality_places.py``).

Labellers read a text, never the pipeline's output: ``show`` prints it. Their labels are
JSON lines, one per distinct real-world place a text names::

    {"source": "corpus", "doc": "042bb7...", "place": "Paris, FR", "kind": "city",
     "cc": "FR", "lat": 48.86, "lon": 2.35, "forms": ["Paris"], "unsure": false}

``forms`` lists every way the text writes the place, exactly as written. ``convert`` turns
the forms into character offsets (``bench/data/places.tsv``), so that no text of the
sources is kept in the repository: the scorer reads the words back from ``../shared`` at
run time.

Sources: ``corpus`` (the human article bodies of the 181 pages of
``../shared/corpus/article-extraction-benchmark``, keyed by page id) and ``polnear`` (the
84 texts of ``../shared/eval/polnear/dev/text``, keyed by file stem).

    python -m bench.place_labels list corpus|polnear
    python -m bench.place_labels show corpus|polnear DOC [DOC ...]
    python -m bench.place_labels convert LABELS.jsonl [...] --out bench/data/places.tsv
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from bench._report import require_shared

KINDS = ("country", "admin", "city", "continent", "region", "feature")
COLUMNS = ["source", "doc", "place", "kind", "cc", "lat", "lon", "unsure", "start", "end"]


@lru_cache(maxsize=2)
def texts(source: str) -> dict[str, str]:
    """Every text of ``source``, keyed by document id."""
    if source == "corpus":
        root = require_shared("corpus", "article-extraction-benchmark")
        truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
        return {pid: truth[pid]["articleBody"] or "" for pid in sorted(truth)}
    if source in ("polnear", "polnear-train"):
        split = "dev" if source == "polnear" else "train"
        root = require_shared("eval", "polnear", split, "text")
        return {p.stem: p.read_text(encoding="utf-8") for p in sorted(root.glob("*.txt"))}
    raise SystemExit(f"unknown source {source!r}: corpus, polnear or polnear-train")


def half_of(source: str, doc: str) -> str:
    """The half a labelled text scores in: ``tune`` (even corpus ids, in id order),
    ``held-out`` (odd ones), ``polnear`` (PolNeAR dev, held out as a whole) or
    ``polnear-train`` (a sample of PolNeAR train, a second tune set)."""
    if source in ("polnear", "polnear-train"):
        return source
    return "tune" if _corpus_order()[doc] % 2 == 0 else "held-out"


@lru_cache(maxsize=1)
def _corpus_order() -> dict[str, int]:
    return {doc: i for i, doc in enumerate(texts("corpus"))}


def scoring_args(description: str) -> argparse.Namespace:
    """The command line both label scorers take: ``--no-write`` and ``--errors N``."""
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--no-write", action="store_true", help="do not write docs/QUALITY.md")
    ap.add_argument("--errors", type=int, default=0, metavar="N",
                    help="print the errors of N texts of the tune sets")
    return ap.parse_args()


def find_form(text: str, form: str) -> tuple[int, int] | None:
    """Offsets of the first whole-word occurrence of ``form`` in ``text`` (case kept)."""
    match = re.search(r"(?<!\w)" + re.escape(form) + r"(?!\w)", text)
    return (match.start(), match.end()) if match else None


def distinct_spans(
    text: str,
    forms: list[str],
    where: str,
    adjust: Callable[[str, tuple[int, int]], tuple[int, int]] | None = None,
) -> tuple[list[tuple[int, int]], int]:
    """The distinct offsets of a label's forms in ``text``, in the order of the forms.

    Args:
        text: the labelled text.
        forms: the forms the labeller wrote, as they stand in the text.
        where: "file:line" of the label, for the report of a form the text lacks.
        adjust: turns a form's span into the span to keep (None keeps it).

    Returns:
        The spans, and how many forms the text does not hold (each reported on stderr).
    """
    spans: list[tuple[int, int]] = []
    missing = 0
    for form in forms:
        span = find_form(text, form)
        if span is None:
            print(f"{where}: {form!r} not in the text", file=sys.stderr)
            missing += 1
            continue
        span = adjust(form, span) if adjust else span
        if span not in spans:
            spans.append(span)
    return spans, missing


def json_labels(paths: list[Path]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Each label of the labellers' JSON-line files, with where it stands ("file:line")."""
    for path in paths:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if line.strip():
                yield f"{path}:{n}", json.loads(line)


def convert(paths: list[Path], out: Path) -> int:
    """Turn JSON-line labels into the offsets TSV; report forms the text does not hold."""
    rows: list[list[str]] = []
    problems = 0
    for where, lab in json_labels(paths):
        text = texts(lab["source"]).get(lab["doc"])
        if lab.get("none"):  # a text that names no place: labelled all the same
            rows.append([lab["source"], lab["doc"], "", "none", "", "", "", "0", "-1", "-1"])
            continue
        if text is None:
            print(f"{where}: no document {lab['doc']!r}", file=sys.stderr)
            problems += 1
            continue
        if lab["kind"] not in KINDS:
            print(f"{where}: kind {lab['kind']!r} not in {KINDS}", file=sys.stderr)
            problems += 1
            continue
        spans, missing = distinct_spans(text, lab["forms"], where)
        problems += missing
        for span in spans:
            rows.append([lab["source"], lab["doc"], lab["place"].replace("\t", " "),
                         lab["kind"], (lab.get("cc") or "").upper(),
                         "" if lab.get("lat") is None else f"{float(lab['lat']):.3f}",
                         "" if lab.get("lon") is None else f"{float(lab['lon']):.3f}",
                         "1" if lab.get("unsure") else "0", str(span[0]), str(span[1])])
    return write_rows(rows, COLUMNS, out, problems)


def write_rows(rows: list[list[str]], columns: list[str], out: Path, problems: int) -> int:
    """Write label rows as a TSV in (source, document, offset) order; report and exit code."""
    start = columns.index("start")
    rows.sort(key=lambda r: (r[0], r[1], int(r[start])))
    out.write_text("\t".join(columns) + "\n" + "".join("\t".join(r) + "\n" for r in rows),
                   encoding="utf-8")
    print(f"{len(rows)} forms written to {out}; {problems} problems", file=sys.stderr)
    return 1 if problems else 0


def convert_cli(description: str, convert: Callable[[list[Path], Path], int]) -> int:
    """The command line of a labelling aid whose one command is ``convert LABELS... --out TSV``.

    Args:
        description: the aid's ``__doc__``.
        convert: its conversion (label files, output TSV) -> exit code.

    Returns:
        The exit code of ``convert``.
    """
    ap = argparse.ArgumentParser(description=description,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("convert", help="labels (JSON lines) -> offsets TSV")
    c.add_argument("labels", nargs="+", type=Path)
    c.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    return convert(args.labels, args.out)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    ls = sub.add_parser("list", help="document ids of a source")
    ls.add_argument("source")
    s = sub.add_parser("show", help="print texts")
    s.add_argument("source")
    s.add_argument("docs", nargs="+")
    c = sub.add_parser("convert", help="labels (JSON lines) -> offsets TSV")
    c.add_argument("labels", nargs="+", type=Path)
    c.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    if args.cmd == "list":
        print("\n".join(texts(args.source)))
        return 0
    if args.cmd == "show":
        for doc in args.docs:
            print(f"===== {args.source} {doc}\n{texts(args.source)[doc]}\n")
        return 0
    return convert(args.labels, args.out)


if __name__ == "__main__":
    sys.exit(main())
