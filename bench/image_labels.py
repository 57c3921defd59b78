"""Labelling aid for the image benchmark (``bench/quality_images.py``).

Labellers look at the page, never at the pipeline's output: ``show`` prints every ``<img>`` of
a corpus page with its attributes, its ancestors and the text around it. Their labels (one
JSON object per line: ``{"page", "img", "caption", "credit"}``) name an image by its position
among the page's ``<img>`` elements and copy its caption and credit as the page shows them.
``convert`` turns those labels into offsets (``bench/data/corpus_images.tsv``), so that no
text of the pages is kept in the repository: the scorer reads the words back from
``../shared`` at run time.

    python -m bench.image_labels show PAGE_ID [PAGE_ID ...]
    python -m bench.image_labels convert LABELS.jsonl [LABELS.jsonl ...] --out TSV
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections.abc import Iterator
from pathlib import Path

from lxml import html as lxml_html

from bench._report import require_shared
from etl.extract.article import parse_html
from etl.extract.decode import decode_html

CORPUS = ("corpus", "article-extraction-benchmark")
MAX_DEPTH = 16  # ancestors searched for a caption or credit (libxml2 nests <img> in <source>s)
COLUMNS = ["page", "img", "caption_depth", "caption_start", "caption_end",
           "credit_depth", "credit_start", "credit_end"]


def page_tree(page_id: str) -> tuple[str, lxml_html.HtmlElement]:
    """The page's URL and its parsed tree, parsed as the pipeline parses it."""
    root = require_shared(*CORPUS)
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    body = gzip.decompress((root / "html" / f"{page_id}.html.gz").read_bytes())
    return truth[page_id]["url"], parse_html(decode_html(body, "text/html"))


def images(tree: lxml_html.HtmlElement) -> list[lxml_html.HtmlElement]:
    """Every ``<img>`` in document order: the numbering labels use."""
    return list(tree.iter("img"))


def norm_text(el: lxml_html.HtmlElement) -> str:
    """An element's text with every run of white space made one space."""
    return " ".join(el.text_content().split())


def ancestors(img: lxml_html.HtmlElement) -> Iterator[tuple[int, lxml_html.HtmlElement]]:
    """The image's ancestors, nearest first, numbered from 1, at most ``MAX_DEPTH``."""
    for depth, node in enumerate(img.iterancestors(), start=1):
        if depth > MAX_DEPTH:
            return
        yield depth, node


def locate(img: lxml_html.HtmlElement, text: str,
           avoid: tuple[int, int, int] | None = None) -> tuple[int, int, int] | None:
    """``(depth, start, end)`` of ``text`` in the nearest ancestor whose text holds it.

    An occurrence overlapping ``avoid`` (the caption's span, when a credit's words also
    appear in the caption: "WeWork" in a caption about WeWork) is skipped.
    """
    wanted = " ".join(text.split())
    for depth, node in ancestors(img):
        whole = norm_text(node)
        found = whole.find(wanted)
        while found >= 0 and avoid is not None and _overlaps(
                (depth, found, found + len(wanted)), avoid, img):
            found = whole.find(wanted, found + 1)
        if found >= 0:
            return depth, found, found + len(wanted)
    return None


def _overlaps(a: tuple[int, int, int], b: tuple[int, int, int],
              img: lxml_html.HtmlElement) -> bool:
    """Whether two spans, each relative to its own ancestor of ``img``, share text."""
    nodes = dict(ancestors(img))
    outer = max(a[0], b[0])

    def shift(span: tuple[int, int, int]) -> tuple[int, int]:
        # The inner ancestor's text is a substring of the outer one's; find where it sits.
        inner = norm_text(nodes[span[0]])
        base = norm_text(nodes[outer]).find(inner) if span[0] != outer else 0
        return base + span[1], base + span[2]

    (a0, a1), (b0, b1) = shift(a), shift(b)
    return a0 < b1 and b0 < a1


def span_text(img: lxml_html.HtmlElement, depth: int, start: int, end: int) -> str:
    """The text a stored span points at."""
    node = dict(ancestors(img))[depth]
    return norm_text(node)[start:end]


def _describe(el: lxml_html.HtmlElement) -> str:
    cls = " ".join((el.get("class") or "").split())[:40]
    ident = (el.get("id") or "")[:30]
    return f"{el.tag}" + (f".{cls}" if cls else "") + (f"#{ident}" if ident else "")


def show(page_id: str) -> None:
    url, tree = page_tree(page_id)
    title = tree.findtext(".//title") or ""
    og = tree.xpath("//meta[@property='og:image']/@content")
    print(f"=== page {page_id}  {url}\n    title: {' '.join(title.split())[:150]}")
    print(f"    og:image: {og[0] if og else '-'}")
    for index, img in enumerate(images(tree)):
        attrs = {k: " ".join(str(v).split())[:120] for k, v in img.attrib.items()
                 if k in ("src", "data-src", "data-lazy-src", "data-original", "srcset",
                          "data-srcset", "alt", "width", "height", "class")}
        path = " < ".join(_describe(a) for _, a in list(ancestors(img))[:6])
        print(f"\n[img {index}] {json.dumps(attrs, ensure_ascii=False)}\n    in: {path}")
        shown = ""
        for depth, node in ancestors(img):
            text = norm_text(node)
            if text and text != shown:
                print(f"    text@{depth}: {text[:300]}")
                shown = text
            if len(text) > 300 or depth >= 5:
                break


def convert(paths: list[Path], out: Path) -> int:
    rows, problems = [], 0
    trees: dict[str, list[lxml_html.HtmlElement]] = {}
    for path in paths:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            label = json.loads(line)
            page = label["page"]
            if page not in trees:
                trees[page] = images(page_tree(page)[1])
            if label.get("img") is None:
                rows.append([page, "-"] + [""] * 6)
                continue
            img = trees[page][int(label["img"])]
            row = [page, str(label["img"])]
            caption_spot = None
            for kind in ("caption", "credit"):
                value = (label.get(kind) or "").strip()
                spot = locate(img, value, caption_spot) if value else None
                caption_spot = caption_spot or (spot if kind == "caption" else None)
                if value and spot is None:
                    print(f"{path}:{n}: {kind} not found near img {label['img']} of {page}: "
                          f"{value[:80]!r}", file=sys.stderr)
                    problems += 1
                row += [str(x) for x in spot] if spot else ["", "", ""]
            rows.append(row)
    rows.sort(key=lambda r: (r[0], -1 if r[1] == "-" else int(r[1])))
    out.write_text("\t".join(COLUMNS) + "\n" + "".join("\t".join(r) + "\n" for r in rows),
                   encoding="utf-8")
    print(f"{len(rows)} rows, {len({r[0] for r in rows})} pages -> {out}; {problems} problems")
    return 1 if problems else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("show", help="print a page's images with their surroundings")
    s.add_argument("pages", nargs="+")
    c = sub.add_parser("convert", help="labels (JSON lines) -> offsets TSV")
    c.add_argument("labels", nargs="+", type=Path)
    c.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    if args.cmd == "show":
        for page in args.pages:
            show(page)
        return 0
    return convert(args.labels, args.out)


if __name__ == "__main__":
    sys.exit(main())
