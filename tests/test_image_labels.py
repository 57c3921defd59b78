"""The image benchmark's labels and its matching rules (bench/quality_images.py).

The labels are offsets into pages of ../shared: these tests check that every label still
points at text of its page, so a changed parser or corpus cannot silently turn the
benchmark's ground truth into empty strings.
"""

from __future__ import annotations

import csv

from conftest import shared_path
from lxml import html as lxml_html

from bench.image_labels import images, locate, page_tree, span_text
from bench.quality_images import LABELS, img_urls, same, word_f1, words


def test_every_corpus_page_is_labelled_and_every_span_reads_back() -> None:
    pages = {p.name.removesuffix(".html.gz") for p in
             shared_path("corpus", "article-extraction-benchmark", "html").iterdir()}
    with LABELS.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    assert {r["page"] for r in rows} == pages
    trees: dict[str, list[lxml_html.HtmlElement]] = {}
    spans = 0
    for r in rows:
        if r["img"] == "-":
            continue
        imgs = trees.setdefault(r["page"], images(page_tree(r["page"])[1]))
        img = imgs[int(r["img"])]
        for kind in ("caption", "credit"):
            if r[f"{kind}_depth"]:
                text = span_text(img, *(int(r[f"{kind}_{k}"]) for k in ("depth", "start", "end")))
                assert text and text == text.strip(), (r["page"], r["img"], kind)
                spans += 1
    assert spans > 250


def test_a_credit_inside_its_caption_is_located_after_the_caption() -> None:
    fig = lxml_html.fromstring("<figure><img src='/a.jpg'><figcaption>Harbour Trust staff on "
                               "the pier. Image credit: Harbour Trust</figcaption></figure>")
    img = fig.find(".//img")
    caption = locate(img, "Harbour Trust staff on the pier.")
    credit = locate(img, "Harbour Trust", avoid=caption)
    assert caption is not None and credit is not None
    assert credit[1] > caption[2]
    assert span_text(img, *credit) == "Harbour Trust"


def test_a_prediction_matches_any_source_of_the_labelled_image() -> None:
    el = lxml_html.fromstring(
        "<picture><source srcset='/img/pier-1280.jpg 1280w'><img src='/img/pier-640.jpg' "
        "data-src='/img/pier-lazy.jpg'></picture>")
    img = el if el.tag == "img" else el.find(".//img")
    urls = img_urls(img, "https://news.example.org/story")
    assert same("https://news.example.org/img/pier-1280.jpg", urls)
    assert same("https://news.example.org/img/pier-lazy.jpg", urls)
    assert same("https://cdn.example.net/x/pier-640-1024x683.jpg", urls)  # same file, resized
    assert not same("https://news.example.org/img/other.jpg", urls)


def test_captions_compare_as_words_without_labels() -> None:
    assert words("Photo: Ana Ruiz/AFP") == words("ana ruiz / afp") == ["ana", "ruiz", "afp"]
    assert words("© Harbour Trust") == ["harbour", "trust"]
    assert words("Photos of the pier") == ["photos", "of", "the", "pier"]
    assert word_f1(["the", "pier"], ["the", "pier", "at", "dawn"]) == 2 / 3
