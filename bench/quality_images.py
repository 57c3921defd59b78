"""Image quality: which article images, captions and credits the pipeline finds.

Ground truth: ``bench/data/corpus_images.tsv``, blind labels of the 181 pages of
``../shared/corpus/article-extraction-benchmark`` (made with ``bench/image_labels.py``: the
labellers saw the pages, never the pipeline's output). A label names an ``<img>`` by its
position in the page and points at its caption and credit by offsets into the text of one of
its ancestors; the words are read from ``../shared`` at run time.

Pages alternate between two halves by their position in id order: ``tune`` (even) and
``held-out`` (odd). Rules may be changed while looking at errors of the tune half only
(``--errors`` shows nothing else); the held-out figures are the honest ones.

Matching: a predicted image is a labelled one when its URL is one of the URLs the ``<img>``
carries (``src``, lazy-loading attributes, ``srcset`` and its ``<picture>`` sources, resolved
against the page) or has the same file name once a CMS size suffix ("-1024x683") is dropped.
A predicted image that matches no ``<img>`` of the page at all came from the page's
``og:image`` and is counted apart. Captions and credits are compared as lists of casefolded
words (punctuation and labels such as "Photo:" or "©" dropped): "exact" is the same list,
F1 the word overlap.

    python -m bench.quality_images                 # score, write docs/QUALITY.md
    python -m bench.quality_images --no-write --errors 20
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urljoin

from lxml import html as lxml_html

from bench._report import ROOT, measured_line, publish_quality
from bench.extraction_quality import load_corpus
from bench.image_labels import images, span_text
from etl.errors import PermanentError
from etl.extract import ExtractOptions, extract_article
from etl.extract.article import parse_html
from etl.extract.decode import decode_html
from etl.extract.images import _image_key, parse_srcset
from etl.records import Image, RawPage

LABELS = ROOT / "bench" / "data" / "corpus_images.tsv"
_LABEL_WORDS = re.compile(r"^\s*(?:(?:photo(?:graph)?s?|images?|pictures?|credits?)(?:\s+by)?\s*:"
                          r"|©|\(c\)|copyright\b)\s*", re.IGNORECASE)
_WORD = re.compile(r"\w+")


def words(text: str | None) -> list[str]:
    """Casefolded words of a caption or credit, a leading label ("Photo:", "©") dropped."""
    if not text:
        return []
    return _WORD.findall(_LABEL_WORDS.sub("", text).casefold())


def word_f1(pred: list[str], gold: list[str]) -> float:
    common = sum((Counter(pred) & Counter(gold)).values())
    if not common:
        return 0.0
    p, r = common / len(pred), common / len(gold)
    return 2 * p * r / (p + r)


@dataclass
class Gold:
    img: int
    urls: set[str]
    caption: str | None
    credit: str | None


@dataclass
class Tally:
    gold: int = 0
    predicted: int = 0  # from the markup
    from_og: int = 0
    matched: int = 0
    captions: list[tuple[list[str], list[str]]] = field(default_factory=list)
    credits: list[tuple[list[str], list[str]]] = field(default_factory=list)
    gold_captions: int = 0
    gold_credits: int = 0

    def add(self, other: Tally) -> None:
        for name, value in vars(other).items():
            setattr(self, name, getattr(self, name) + value)


def img_urls(img: lxml_html.HtmlElement, base: str) -> set[str]:
    """Every URL an ``<img>`` (and its ``<picture>``) carries, resolved against ``base``."""
    raw: list[str] = []
    picture = next((a for _, a in zip(range(4), img.iterancestors(), strict=False)
                    if a.tag == "picture"), None)
    for el in [img, *(picture.iter("source") if picture is not None else [])]:
        for name, value in el.attrib.items():
            if "srcset" in name:
                raw.extend(u for u, _ in parse_srcset(value))
            elif name == "src" or name.startswith("data-"):
                raw.append(value.strip())
    return {urljoin(base, u) for u in raw
            if u and not u.lower().startswith(("data:", "javascript:", "{"))}


def same(url: str, urls: set[str]) -> bool:
    if url in urls:
        return True
    key = _image_key(url)
    return bool(key) and any(_image_key(u) == key for u in urls)


Span = tuple[int, int, int]  # ancestor depth, start, end
Label = tuple[int, Span | None, Span | None]  # <img> position, caption, credit


def load_labels() -> dict[str, list[Label]]:
    labels: dict[str, list[Label]] = {}
    with LABELS.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            spans = labels.setdefault(row["page"], [])
            if row["img"] == "-":
                continue

            def span(kind: str, r: dict[str, str] = row) -> Span | None:
                if not r[f"{kind}_depth"]:
                    return None
                return (int(r[f"{kind}_depth"]), int(r[f"{kind}_start"]), int(r[f"{kind}_end"]))
            spans.append((int(row["img"]), span("caption"), span("credit")))
    return labels


def predict(url: str, body: bytes) -> list[Image]:
    page = RawPage(url=url, body=body, fetched_at=datetime.now(UTC), content_type="text/html")
    try:
        return extract_article(page, ExtractOptions()).images
    except PermanentError:
        return []


def score_page(url: str, body: bytes, spans: list[Label], tally: Tally,
               errors: list[str] | None) -> None:
    tree = parse_html(decode_html(body, "text/html"))
    base_el = tree.xpath("//base[@href]")
    base = urljoin(url, base_el[0].get("href")) if base_el else url
    all_imgs = images(tree)
    gold = []
    for index, cap, cred in spans:
        img = all_imgs[index]
        gold.append(Gold(index, img_urls(img, base),
                         span_text(img, *cap) if cap else None,
                         span_text(img, *cred) if cred else None))
    every_url = [img_urls(img, base) for img in all_imgs]
    predicted = predict(url, body)
    tally.gold += len(gold)
    tally.gold_captions += sum(1 for g in gold if g.caption)
    tally.gold_credits += sum(1 for g in gold if g.credit)
    left = list(gold)
    for im in predicted:
        if not any(same(im.url, urls) for urls in every_url):
            tally.from_og += 1
            continue
        tally.predicted += 1
        g = next((g for g in left if same(im.url, g.urls)), None)
        if g is None:
            if errors is not None:
                errors.append(f"  extra image {im.url[:110]}")
            continue
        left.remove(g)
        tally.matched += 1
        tally.captions.append((words(im.caption), words(g.caption)))
        tally.credits.append((words(im.credit), words(g.credit)))
        if errors is not None:
            for kind, p, t in (("caption", im.caption, g.caption), ("credit", im.credit, g.credit)):
                if words(p) != words(t):
                    errors.append(f"  img {g.img} {kind}: got {p!r:.400}\n"
                                  f"  {'':>{len(str(g.img)) + 5 + len(kind)}}  want {t!r:.400}")
    if errors is not None:
        errors.extend(f"  missed img {g.img} {sorted(g.urls)[:1]}" for g in left)


def _rate(n: int, d: int) -> str:
    return f"{n / d:.3f} ({n}/{d})" if d else "n/a"


def summarize(t: Tally) -> dict[str, str]:
    def part(pairs: list[tuple[list[str], list[str]]], total: int) -> tuple[str, str, str, str]:
        with_gold = [(p, g) for p, g in pairs if g]
        exact = sum(1 for p, g in with_gold if p == g)
        f1 = sum(word_f1(p, g) for p, g in with_gold) / len(with_gold) if with_gold else 0.0
        spurious = sum(1 for p, g in pairs if p and not g)
        none_given = sum(1 for p, g in pairs if not g)
        return (_rate(exact, len(with_gold)), f"{f1:.3f}", _rate(spurious, none_given),
                _rate(exact, total))
    cap, cred = part(t.captions, t.gold_captions), part(t.credits, t.gold_credits)
    return {
        "article images labelled": str(t.gold),
        "image recall": _rate(t.matched, t.gold),
        "image precision (images from the markup)": _rate(t.matched, t.predicted),
        "images added from og:image (not in the markup)": str(t.from_og),
        "caption exact, matched images with a caption": cap[0],
        "caption word F1, same images": cap[1],
        "caption given where the page shows none": cap[2],
        "captions found exactly, of all labelled captions": cap[3],
        "credit exact, matched images with a credit": cred[0],
        "credit word F1, same images": cred[1],
        "credit given where the page shows none": cred[2],
        "credits found exactly, of all labelled credits": cred[3],
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--no-write", action="store_true", help="do not write docs/QUALITY.md")
    ap.add_argument("--errors", type=int, default=0, metavar="N",
                    help="print the errors of N pages of the tune half")
    args = ap.parse_args()
    labels = load_labels()
    pages = load_corpus()
    order = {pid: i for i, (pid, *_rest) in enumerate(pages)}
    halves = {"tune": Tally(), "held-out": Tally(), "all": Tally()}
    shown = 0
    t0 = time.perf_counter()
    for pid, url, _truth, body in pages:
        if pid not in labels:
            continue
        half = "tune" if order[pid] % 2 == 0 else "held-out"
        errs: list[str] | None = [] if half == "tune" and shown < args.errors else None
        page = Tally()
        score_page(url, body, labels[pid], page, errs)
        halves[half].add(page)
        halves["all"].add(page)
        if errs:
            shown += 1
            print(f"{pid[:12]} {url}\n" + "\n".join(errs))
    elapsed = time.perf_counter() - t0
    rows = {name: summarize(t) for name, t in halves.items()}
    pages_in = {name: sum(1 for p in labels if (order[p] % 2 == 0) == (name == "tune"))
                for name in ("tune", "held-out")}
    pages_in["all"] = len(labels)
    md = ["## Images, captions and credits (181 corpus pages, blind labels)", "",
          measured_line("bench.quality_images", __doc__,
                        f"{elapsed:.0f} s, extraction included"), "",
          "| metric | held-out | tune | all |", "|---|---:|---:|---:|",
          f"| pages labelled | {pages_in['held-out']} | {pages_in['tune']} | {pages_in['all']} |"]
    md += [f"| {k} | {rows['held-out'][k]} | {rows['tune'][k]} | {rows['all'][k]} |"
           for k in rows["all"]]
    publish_quality(md, "images", not args.no_write)
    return 0


if __name__ == "__main__":
    sys.exit(main())
