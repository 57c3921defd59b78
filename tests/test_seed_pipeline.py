"""The seed article, rendered at test time into a realistic page, through the whole pipeline
(discover → fetch → extract → enrich → write). Nothing of the seed is stored in the repo:
expectations are derived from the seed file itself at test time."""

from __future__ import annotations

import re
from datetime import date

import pytest
from conftest import shared_path
from seedpage import parse_seed_text, render_seed_page

DAY = date(2026, 11, 20)


@pytest.fixture(scope="module")
def seed_article(tmp_path_factory):
    from etl import pipeline
    from etl.config import Settings
    from etl.parquet_io import read_partition

    txt = shared_path("seed", "starmer-ukraine-nato.txt").read_text(encoding="utf-8")
    root = tmp_path_factory.mktemp("seed")
    html = render_seed_page(txt, "https://news.example")
    page = root / "site" / "seed.html"
    page.parent.mkdir()
    page.write_text(html, encoding="utf-8")
    settings = Settings.from_env(data_dir=root / "data", batch_size=10)
    plan = pipeline.plan(settings, [str(page)], DAY, "seed-test", use_interval=False)
    for b in plan.batches:
        pipeline.run_batch(settings, plan, b)
    result = pipeline.write(settings, plan)
    rows = read_partition(settings.data_dir, "articles", DAY).to_pylist()
    rejects = read_partition(settings.data_dir, "rejects", DAY).to_pylist()
    assert result.articles == 1, rejects
    return parse_seed_text(txt), rows[0]


def _norm(s: str) -> str:
    return " ".join(s.split())


def test_text_is_the_article_without_furniture(seed_article):
    doc, row = seed_article
    assert row["title"] == doc.title
    text = _norm(row["text"])
    for para in doc.paragraphs:
        assert _norm(para) in text, para[:60]
    assert "Published" not in text  # "- Published 2 days ago" furniture
    assert doc.promo is not None
    assert _norm(doc.promo.text)[:40] not in text  # newsletter promo
    assert row["published_at"] is not None and row["published_at"].hour == 9


def test_images_with_captions_and_no_promo_banner(seed_article):
    doc, row = seed_article
    images = row["images"]
    # the page offers a srcset; the largest candidate may carry a query string
    assert [im["url"].split("?")[0] for im in images] == [f.src for f in doc.figures]
    for im, fig in zip(images, doc.figures, strict=True):
        assert im["alt"] == fig.alt
        assert (im["caption"] or None) == (fig.caption or None)
    assert doc.promo.image_src not in {im["url"] for im in images}
    assert sum(im["is_lead"] for im in images) == 1


def test_people_are_canonical_full_names(seed_article):
    _, row = seed_article
    names = [p["name"] for p in row["people"]]
    full = [n for n in names if len(n.split()) >= 2]
    assert len(full) >= 8, names
    # no bare surname, first name or title stands as a person when a fuller name exists
    for n in names:
        if len(n.split()) == 1:
            assert not any(n in f.split() for f in full), n
    for n in names:
        assert not re.match(r"^(Sir|Mr|Mrs|President|Prime)\b", n), n


def test_places_have_coordinates(seed_article):
    _, row = seed_article
    located = {p["name"] for p in row["places"] if p["latitude"] is not None}
    assert {"Kyiv", "Moscow", "Munich", "Brussels", "Washington"} <= located, located


def test_quotes_have_speakers_and_offsets(seed_article):
    _, row = seed_article
    quotes = row["quotes"]
    assert quotes
    for q in quotes:
        assert row["text"][q["start"] : q["end"]] == q["text"]
    speakers = {q["speaker"] for q in quotes}
    people = {p["name"] for p in row["people"]}
    assert len(speakers & people) >= 4, (speakers, people)


def test_people_named_on_images(seed_article):
    _, row = seed_article
    people = {p["name"] for p in row["people"]}
    for im in row["images"]:
        assert im["people"], im
        assert set(im["people"]) <= people
