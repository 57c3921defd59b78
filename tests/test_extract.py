"""Extract stage: text without furniture, metadata, dates, charsets, images, hashes, rejects."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime
from pathlib import Path

import pytest

from etl.errors import (
    InvalidInputError,
    NoArticleError,
    TooLargeError,
    UnsupportedContentError,
)
from etl.extract import (
    ExtractOptions,
    content_hash,
    decode_html,
    extract_article,
    hamming,
    simhash,
    source_domain,
)
from etl.extract.captions import clean_credit, split_credit
from etl.extract.dates import parse_datetime
from etl.extract.images import parse_srcset
from etl.extract.text import choose_text
from etl.language import detect_language, normalize_language
from etl.records import ExtractedArticle, RawPage

FIXTURES = Path(__file__).parent / "fixtures" / "extract"
TRAM_URL = "https://www.valleycourier.example/news/riverton-tram-extension?ref=home"
CDN = "https://cdn.valleycourier.example/img/2025/"

# Invented article prose, long enough to count as an article.
PARAGRAPHS = [
    "The harbour authority confirmed on Monday that the northern breakwater will be rebuilt "
    "over the next three winters, after storms last year opened a gap wide enough for a "
    "rowing boat.",
    "Engineers plan to reuse most of the granite blocks that fell into the water, lifting them "
    "with a floating crane that will be towed up the coast from the southern shipyards.",
    "Fishing crews said they welcomed the decision but warned that the work must not close the "
    "harbour mouth during the autumn season, when most of their annual catch is landed.",
    "The authority has promised to publish a timetable for the work before the end of the month.",
]


def page_html(head: str = "", body_extra: str = "", lang: str = ' lang="en"',
              paragraphs: list[str] | None = None) -> str:
    """A small article page with our own prose and the given head/body additions."""
    paras = "".join(f"<p>{p}</p>" for p in (paragraphs or PARAGRAPHS))
    return (f"<!DOCTYPE html><html{lang}><head><meta charset='utf-8'><title>Breakwater</title>"
            f"{head}</head><body><article><h1>Breakwater to be rebuilt</h1>{body_extra}{paras}"
            "</article></body></html>")


def raw(body: bytes | str, url: str = "https://news.example.org/harbour/breakwater",
        content_type: str | None = "text/html") -> RawPage:
    data = body.encode("utf-8") if isinstance(body, str) else body
    return RawPage(url=url, body=data, fetched_at=datetime(2025, 3, 1, tzinfo=UTC),
                   content_type=content_type)


@pytest.fixture(scope="module")
def tram() -> ExtractedArticle:
    return extract_article(raw((FIXTURES / "tram_article.html").read_bytes(), url=TRAM_URL))


# --- text ---------------------------------------------------------------------------------


def test_article_text_is_kept(tram: ExtractedArticle) -> None:
    assert tram.text.startswith("Riverton's city council has approved a long-debated plan")
    for sentence in ("Councillors voted 31 to 9 in favour",
                     "estimated at 240 million pounds",
                     "a public consultation on the exact position of each stop"):
        assert sentence in tram.text
    assert "\n\n" not in tram.text


@pytest.mark.parametrize("furniture", [
    "cookies",                       # cookie banner
    "Accept all",
    "Related stories",               # related links block inside the body
    "Bus fares frozen",
    "Published 2 days ago",          # relative date stamp
    "2 days ago",
    "Morning Briefing",              # newsletter promo
    "Sign up",
    "Most read",                     # aside
    "Heavy snow expected",
    "All rights reserved",           # footer
    "Weather",                       # navigation
])
def test_furniture_is_not_in_text(tram: ExtractedArticle, furniture: str) -> None:
    assert furniture.lower() not in tram.text.lower()


def test_jsonld_article_body_used_when_markup_has_no_text() -> None:
    # A client-rendered page: the markup is an empty shell, JSON-LD carries the story.
    body = "\\n\\n".join(PARAGRAPHS)
    html = ("<html><head><script type='application/ld+json'>"
            '{"@context":"https://schema.org","@type":"NewsArticle","headline":"Breakwater",'
            f'"articleBody":"{body}"}}</script></head><body><div id="app"></div>'
            "<nav><a href='/'>Home</a></nav></body></html>")
    article = extract_article(raw(html))
    assert article.text.splitlines() == PARAGRAPHS


# --- metadata -----------------------------------------------------------------------------


def test_metadata_from_jsonld_graph_and_open_graph(tram: ExtractedArticle) -> None:
    assert tram.title == "Riverton council approves eastern tram extension"
    assert tram.description == ("Councillors voted 31 to 9 in favour of extending the tram line "
                                "to the eastern suburbs.")
    assert tram.site_name == "Valley Courier"
    assert tram.authors == ["Mara Lindqvist", "Tobias Eze"]
    assert tram.section == "Local politics"
    assert tram.tags == ["Transport", "Riverton", "Trams"]
    assert tram.language == "en"
    assert tram.url == TRAM_URL
    # Canonical link wins over the fetched URL; host lowercased, www. dropped for the domain.
    assert tram.canonical_url == "https://www.valleycourier.example/news/riverton-tram-extension"
    assert tram.source_domain == "valleycourier.example"


def test_published_at_keeps_time_of_day_from_jsonld(tram: ExtractedArticle) -> None:
    # datePublished 2025-02-14T09:30:00+01:00 inside @graph
    assert tram.published_at == datetime(2025, 2, 14, 8, 30, tzinfo=UTC)
    assert tram.published_at is not None and tram.published_at.utcoffset() is not None
    assert tram.published_at.tzinfo == UTC
    assert tram.modified_at == datetime(2025, 2, 14, 11, 5, tzinfo=UTC)


def test_published_at_from_meta_with_offset() -> None:
    head = ('<meta property="article:published_time" content="2024-03-05T14:45:00-05:00">'
            '<meta property="article:modified_time" content="2024-03-06T08:00:00Z">')
    article = extract_article(raw(page_html(head=head)))
    assert article.published_at == datetime(2024, 3, 5, 19, 45, tzinfo=UTC)
    assert article.modified_at == datetime(2024, 3, 6, 8, 0, tzinfo=UTC)


def test_full_timestamp_beats_a_date_only_value() -> None:
    head = ('<script type="application/ld+json">[{"@type":"NewsArticle",'
            '"datePublished":"2024-03-05"}]</script>'
            '<meta name="parsely-pub-date" content="2024-03-05T06:10:00Z">')
    article = extract_article(raw(page_html(head=head)))
    assert article.published_at == datetime(2024, 3, 5, 6, 10, tzinfo=UTC)


def test_date_only_when_that_is_all_the_page_has() -> None:
    article = extract_article(
        raw(page_html(body_extra='<time datetime="2024-03-05">5 March</time>'))
    )
    assert article.published_at == datetime(2024, 3, 5, tzinfo=UTC)
    assert article.modified_at is None


def test_no_date_gives_none() -> None:
    assert extract_article(raw(page_html())).published_at is None


@pytest.mark.parametrize(("value", "expected", "has_time"), [
    ("2025-02-14T09:30:00+01:00", datetime(2025, 2, 14, 8, 30, tzinfo=UTC), True),
    ("2025-02-14T09:30:00.250Z", datetime(2025, 2, 14, 9, 30, 0, 250000, tzinfo=UTC), True),
    ("2025-02-14T09:30:00+0000", datetime(2025, 2, 14, 9, 30, tzinfo=UTC), True),
    ("Fri, 14 Feb 2025 09:30:00 GMT", datetime(2025, 2, 14, 9, 30, tzinfo=UTC), True),
    ("2025-02-14 09:30", datetime(2025, 2, 14, 9, 30, tzinfo=UTC), True),
    ("2025-02-14", datetime(2025, 2, 14, tzinfo=UTC), False),
])
def test_parse_datetime(value: str, expected: datetime, has_time: bool) -> None:
    assert parse_datetime(value) == (expected, has_time)


@pytest.mark.parametrize("value", ["", "yesterday", "0000-00-00", "1850-01-01", None, True])
def test_parse_datetime_rejects_junk(value: object) -> None:
    assert parse_datetime(value) is None


def test_language_declared_and_detected() -> None:
    assert normalize_language("en-GB") == "en"
    assert normalize_language("pt_BR") == "pt"
    assert normalize_language("english") is None
    german = ("Die Stadt hat am Montag beschlossen, dass die neue Brücke im Frühjahr gebaut wird. "
              "Der Bürgermeister sagte, es sei ein wichtiger Tag für die Menschen, die auf der "
              "anderen Seite des Flusses wohnen und jeden Tag mit dem Auto in die Stadt fahren.")
    assert detect_language(german) == "de"
    assert detect_language("Hello") is None
    indonesian = ("Dewan kota telah memutuskan bahwa jembatan yang baru akan dibangun pada musim "
                  "semi, dan wali kota mengatakan itu adalah hari yang penting untuk warga di "
                  "seberang sungai yang setiap hari datang ke kota dengan mobil.")
    assert detect_language(indonesian) == "id"
    # Other scripts, by their letters (a few Latin names inside do not change the answer).
    assert detect_language("Городской совет в понедельник решил построить новый мост, "
                           "сказал мэр Ivan Petrov.") == "ru"
    assert detect_language("시의회는 월요일에 새 다리를 짓기로 결정했다고 시장이 말했다.") == "ko"
    assert detect_language("市議会は月曜日に新しい橋を建設することを決めたと市長が述べた。") == "ja"
    article = extract_article(raw(page_html(lang="", paragraphs=[german] * 2)))
    assert article.language == "de"


def test_source_domain() -> None:
    assert source_domain("https://WWW.Example.co.uk:8443/a?b=c") == "example.co.uk"
    assert source_domain("http://news.example.org/x") == "news.example.org"


# --- decoding -----------------------------------------------------------------------------

TEXT = "Zürich café – “quoted” naïve"


def test_wrong_declared_charset_prefers_clean_utf8() -> None:
    html = f"<html><head><meta charset='iso-8859-1'></head><body>{TEXT}</body></html>"
    assert TEXT in decode_html(html.encode("utf-8"), "text/html; charset=ISO-8859-1")
    assert TEXT in decode_html(html.encode("utf-8"), None)


def test_declared_legacy_charset_is_honoured() -> None:
    html = (
        "<html><head><meta http-equiv='Content-Type' "
        f"content='text/html; charset=windows-1252'></head><body>{TEXT}</body></html>"
    )
    assert TEXT in decode_html(html.encode("cp1252"), "text/html")
    # Latin-1 label on cp1252 bytes (curly quotes live in 0x80-0x9f): WHATWG maps it to cp1252.
    assert TEXT in decode_html(html.encode("cp1252"), "text/html; charset=iso-8859-1")


def test_bom_and_undeclared_legacy_bytes() -> None:
    html = f"<html><body>{TEXT}</body></html>"
    assert TEXT in decode_html(html.encode("utf-16"), "text/html")
    assert decode_html(b"\xef\xbb\xbf<p>hi</p>", None) == "<p>hi</p>"
    # Declared UTF-8 but the bytes are Latin text in cp1252: the sniffer must not give mojibake.
    latin = ("<html><head><meta charset='utf-8'></head><body>" + "Le café de la gare a fermé. " * 20
             + "</body></html>")
    assert "café" in decode_html(latin.encode("cp1252"), None)


def test_extract_article_with_mislabelled_charset() -> None:
    html = page_html(paragraphs=[f"{p} {TEXT}." for p in PARAGRAPHS]).replace("utf-8", "iso-8859-1")
    article = extract_article(
        raw(html.encode("utf-8"), content_type="text/html; charset=iso-8859-1")
    )
    assert TEXT in article.text


# --- rejects ------------------------------------------------------------------------------


@pytest.mark.parametrize(("body", "content_type"), [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj", "text/html"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "text/html"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", None),
    (b"\x00\x01\x02\x03binary\x00\x00" * 50, "application/octet-stream"),
    (page_html().encode(), "application/pdf"),
    (page_html().encode(), "image/jpeg"),
    (b"just some words, no markup at all", "text/plain"),
])
def test_non_html_is_unsupported(body: bytes, content_type: str | None) -> None:
    with pytest.raises(UnsupportedContentError) as info:
        extract_article(raw(body, content_type=content_type))
    assert info.value.stage == "extract"


@pytest.mark.parametrize("content_type", [None, "", "application/octet-stream",
                                          "application/xhtml+xml; charset=utf-8"])
def test_html_with_missing_or_generic_type_is_accepted(content_type: str | None) -> None:
    assert "breakwater" in extract_article(raw(page_html(), content_type=content_type)).text


def test_too_large_is_refused_before_parsing() -> None:
    body = page_html().encode()
    with pytest.raises(TooLargeError):
        extract_article(raw(body), ExtractOptions(max_bytes=len(body) - 1))
    assert extract_article(raw(body), ExtractOptions(max_bytes=len(body))).text


@pytest.mark.parametrize("html", [
    "",
    "   \n  ",
    "<html><body></body></html>",
    "<html><body><div><p>Short<div><span>broken <b>markup",
    "<html><body><nav><ul>" + "".join(f"<li><a href='/s{i}'>Section number {i} of the site</a></li>"
                                      for i in range(60)) + "</ul></nav></body></html>",
])
def test_pages_without_article_text(html: str) -> None:
    with pytest.raises(NoArticleError):
        extract_article(raw(html))


def test_min_text_chars_decides() -> None:
    html = page_html(paragraphs=PARAGRAPHS[:1])
    with pytest.raises(NoArticleError):
        extract_article(raw(html), ExtractOptions(min_text_chars=1000))
    assert extract_article(raw(html), ExtractOptions(min_text_chars=50)).text


def test_undecodable_bytes_are_invalid_input() -> None:
    # Declared UTF-8, almost every byte invalid in it, and no other charset fits either.
    body = b"<html><head><meta charset='utf-8'></head><body>" + bytes(range(128, 256)) * 20
    with pytest.raises(InvalidInputError) as info:
        extract_article(raw(body + b"</body></html>"))
    assert info.value.stage == "extract"


@pytest.mark.timeout(30)
def test_pathological_nesting_does_not_hang() -> None:
    html = "<html><body>" + "<div>" * 20000 + "deep" + "</div>" * 20000 + "</body></html>"
    with pytest.raises(NoArticleError):
        extract_article(raw(html))


def test_gzip_bytes_are_binary() -> None:
    with pytest.raises(UnsupportedContentError):
        extract_article(raw(gzip.compress(page_html().encode())))


# --- images -------------------------------------------------------------------------------


def test_article_images_with_captions_and_credits(tram: ExtractedArticle) -> None:
    found = {(im.url, im.alt, im.caption, im.credit, im.is_lead) for im in tram.images}
    assert found == {
        # <picture><source srcset>: the largest candidate; og:image is the same file -> lead.
        (CDN + "tram-depot-1600.jpg", "A green tram waits at the Riverton depot",
         "The depot at Harbour Street will be enlarged to hold twelve more trams.",
         "Ines Carvalho", True),
        # data-src placeholder + data-srcset: largest, resolved against the page URL.
        ("https://www.valleycourier.example/img/2025/fernhill-site-1280.jpg",
         "Fields beside the Fernhill hospital building site",
         "Construction at Fernhill is expected to begin next year",
         "Valley Courier / Jonas Webb", False),
        # data-lazy-src, caption div with a "(Getty Images)" credit.
        (CDN + "council-chamber.jpg", "Councillors in the chamber",
         "Councillors debated the plan for more than four hours", "Getty Images", False),
        # caption div + photo-credit span with a "Graphic:" label.
        ("https://www.valleycourier.example/img/2025/route-map.png", "Map of the planned route",
         "The planned route runs east from the central station to Fernhill.",
         "Valley Courier data team", False),
    }
    assert [im.is_lead for im in tram.images].count(True) == 1


@pytest.mark.parametrize("fragment", ["banner", "pixel", "logo", "authors/", "most-read",
                                      "data:", "tram-depot-400", "tram-depot-800"])
def test_decorative_images_are_left_out(tram: ExtractedArticle, fragment: str) -> None:
    assert not [im.url for im in tram.images if fragment in im.url]


@pytest.mark.parametrize("url", [
    "https://cdn.example/logos/small/2687.png",
    "https://secure.gravatar.com/blavatar/55bf7238e39ec9fd?s=200",
    "https://media.example/designimages/Social-Email-34.png",
    "https://news.example/logger/p.gif?a=1",
    "https://blog.example/files/2010/04/cropped-header.jpg",
])
def test_site_furniture_addresses_are_decorative(url: str) -> None:
    from etl.extract.images import _decorative_url

    assert _decorative_url(url)


@pytest.mark.parametrize("url", [
    "https://cdn.example/photos/2019/11/pier-at-dawn.jpg",
    "https://cdn.example/uploads/printing-press-hall.jpg",
    "https://cdn.example/uploads/crops-in-the-valley.jpg",
])
def test_article_picture_addresses_are_not_decorative(url: str) -> None:
    from etl.extract.images import _decorative_url

    assert not _decorative_url(url)


def test_first_figure_is_lead_without_og_image() -> None:
    extra = ("<img src='/img/inline-chart.png' alt='chart' width='600' height='300'>"
             "<figure><img src='/img/harbour.jpg' alt='The harbour'><figcaption>The harbour at "
             "dawn. Image: Port Archive</figcaption></figure>")
    article = extract_article(raw(page_html(body_extra=extra)))
    lead = [im for im in article.images if im.is_lead]
    assert [im.url for im in lead] == ["https://news.example.org/img/harbour.jpg"]
    assert (lead[0].caption, lead[0].credit) == ("The harbour at dawn.", "Port Archive")


def test_og_image_missing_from_markup_is_added_as_lead() -> None:
    head = '<meta property="og:image" content="/share/breakwater-card.jpg">'
    extra = "<figure><img src='/img/harbour.jpg' alt='The harbour'></figure>"
    article = extract_article(raw(page_html(head=head, body_extra=extra)))
    assert [(im.url, im.is_lead) for im in article.images] == [
        ("https://news.example.org/share/breakwater-card.jpg", True),
        ("https://news.example.org/img/harbour.jpg", False),
    ]


def test_images_scoped_to_article_not_sidebar() -> None:
    html = page_html(body_extra="<figure><img src='/img/in-article.jpg'></figure>").replace(
        "</article>", "</article><div class='sidebar'><img src='/img/other-story.jpg'></div>"
                      "<div><img src='/img/outside.jpg'></div>")
    assert [im.url.rsplit("/", 1)[-1] for im in extract_article(raw(html)).images] == [
        "in-article.jpg"]


def _image_names(html: str) -> list[str]:
    return [im.url.rsplit("/", 1)[-1] for im in extract_article(raw(html)).images]


def test_regions_with_a_landmark_role_are_furniture() -> None:
    # ARIA roles name the same regions as <aside> and <nav>, whatever the element.
    extra = ("<figure><img src='/img/breakwater.jpg'></figure>"
             "<div role='complementary'><img src='/img/other-story.jpg'></div>"
             "<div role='navigation'><img src='/img/section-arrow.jpg'></div>")
    assert _image_names(page_html(body_extra=extra)) == ["breakwater.jpg"]


def test_lazy_loading_class_is_not_decoration_but_share_buttons_are() -> None:
    extra = ("<img class='article-image loading' src='/img/breakwater-plan.jpg' alt='plan'>"
             "<img src='/img/share-facebook-32.png' alt='share'>")
    assert _image_names(page_html(body_extra=extra)) == ["breakwater-plan.jpg"]


def test_gallery_cells_are_kept_though_their_class_says_icon() -> None:
    cells = "".join("<dl class='gallery-item'><dt class='gallery-icon'>"
                    f"<a href='/img/pier-{n}-full.jpg'>"
                    f"<img src='/img/pier-{n}.jpg' width='200' height='200'></a></dt></dl>"
                    for n in (1, 2))
    extra = f"<div class='gallery'>{cells}</div><div class='social-icons'>" \
            "<img src='/img/follow-us.png'></div>"
    assert _image_names(page_html(body_extra=extra)) == ["pier-1.jpg", "pier-2.jpg"]


def test_pictures_linking_to_other_stories_of_the_site_are_teasers() -> None:
    extra = (
        "<a href='/harbour/ferry-timetable-changes'><img src='/img/ferry.jpg'></a>"  # teaser
        "<a href='/img/pier-large.jpg'><img src='/img/pier.jpg'></a>"  # lightbox
        "<a href='/harbour/breakwater/gallery'><img src='/img/wall.jpg'></a>"  # own gallery
        "<a href='https://shop.example.com/boots'><img src='/img/boots.jpg'></a>")  # elsewhere
    assert _image_names(page_html(body_extra=extra)) == ["pier.jpg", "wall.jpg", "boots.jpg"]


def test_story_cards_and_paid_links_are_not_article_pictures() -> None:
    links = ("<a href='/2025/02/03/harbour-ferry-timetable'><img src='/img/ferry.jpg'></a>"
             "<a href='/2025/03/01/harbour-breakwater-gallery'><img src='/img/wall.jpg'></a>")
    # Figures in the address ("/2025/") are shared by every story of the year: not a gallery.
    page = raw(page_html(body_extra=links),
               url="https://news.example.org/2025/03/01/harbour-breakwater")
    names = [im.url.rsplit("/", 1)[-1] for im in extract_article(page).images]
    assert "ferry.jpg" not in names and "wall.jpg" in names
    extra = (
        # A card: picture and headline in one link, though the address shares two words.
        "<a href='/harbour/breakwater-repairs-begin'><img src='/img/repairs.jpg'>"
        "<h3>Breakwater repairs begin</h3></a>"
        "<figure><a href='https://shop.example.com/boots' rel='sponsored noopener'>"
        "<img src='/img/boots.jpg'></a></figure>"
        "<figure><a href='https://magazines.example.com/offer?utm_source=news&amp;"
        "utm_medium=affiliates'><img src='/img/offer.jpg'></a></figure>"
        "<figure><a href='https://maps.example.com/pier'><img src='/img/map.jpg'></a></figure>")
    assert _image_names(page_html(body_extra=extra)) == ["map.jpg"]


def test_reader_comments_marked_up_as_articles_are_not_the_article() -> None:
    comment = ("<article class='comment-body'><img src='/img/commenter.jpg'><p>"
               + "A very long reader comment about the breakwater and its history. " * 30
               + "</p></article>")
    html = page_html(body_extra="<figure><img src='/img/in-article.jpg'></figure>").replace(
        "</body>", f"<section class='comments'>{comment}</section></body>")
    assert _image_names(html) == ["in-article.jpg"]


def test_caption_found_above_sources_nested_by_the_parser() -> None:
    # libxml2 does not know <source> is void: each one swallows the rest of the <picture>.
    sources = "".join(f"<source srcset='/img/pier-{w}.jpg {w}w'>" for w in (320, 640, 960, 1280))
    extra = (f"<figure><div><picture>{sources}<img src='/img/pier-640.jpg'></picture></div>"
             "<figcaption><span>The pier at dawn.</span><span class='credit'>Photograph: "
             "Ana Ruiz</span></figcaption></figure>")
    images = extract_article(raw(page_html(body_extra=extra))).images
    assert [(im.caption, im.credit) for im in images] == [("The pier at dawn.", "Ana Ruiz")]


def test_caption_blocks_are_kept_apart() -> None:
    extra = ("<figure><img src='/img/pier.jpg'><figcaption><div>Pier reopens</div><div>The pier "
             "reopened on Monday.</div></figcaption></figure>")
    images = extract_article(raw(page_html(body_extra=extra))).images
    assert images[0].caption == "Pier reopens The pier reopened on Monday."


def _captions(extra: str, html: str | None = None) -> list[tuple[str | None, str | None]]:
    page = html or page_html(body_extra=extra)
    return [(im.caption, im.credit) for im in extract_article(raw(page)).images]


def test_caption_right_after_the_image_paragraph() -> None:
    # A caption element, or a short line in italics, right after the image's own paragraph.
    assert _captions("<p class='noCaption'><img src='/img/pier.jpg'></p>"
                     "<span class='storyCaption'>The pier at dawn <span class='caption'>"
                     "(Image: Harbour Trust)</span></span>") == [
        ("The pier at dawn", "Harbour Trust")]
    assert _captions("<p><a href='/img/pier.jpg'><img src='/img/pier.jpg'></a></p>"
                     "<p><em>The pier at dawn</em></p>") == [("The pier at dawn", None)]
    # A body paragraph after an image is no caption, nor is an italic line after a
    # paragraph that holds text beside the image.
    assert _captions("<p><img src='/img/pier.jpg'></p><p>The council met on Monday.</p>") == [
        (None, None)]
    assert _captions("<p>The council met. <img src='/img/pier.jpg'></p>"
                     "<p><em>Editor's note: updated</em></p>") == [(None, None)]


def test_caption_in_microdata_or_a_foreign_class_name() -> None:
    # schema.org ImageObject microdata, and caption class words of other languages' CMSs.
    assert _captions("<div itemscope itemtype='https://schema.org/ImageObject'>"
                     "<img src='/img/pier.jpg'><span itemprop='caption'>The pier at dawn"
                     "</span><span itemprop='copyrightHolder'>Harbour Trust</span></div>") == [
        ("The pier at dawn", "Harbour Trust")]
    assert _captions("<div class='bild'><img src='/img/pier.jpg'><p class='bildunterschrift'>"
                     "Der Pier am Morgen</p></div>") == [("Der Pier am Morgen", None)]
    assert _captions("<div class='media'><img src='/img/pier.jpg'><span class='image-legende'>"
                     "La jetée à l'aube</span></div>") == [("La jetée à l'aube", None)]


def test_caption_in_a_neutral_element_of_a_picture_box() -> None:
    # "div.image" made for one picture: its short text is the caption, whatever holds it.
    assert _captions("<div class='image top'><img src='/img/pier.jpg'><div><p>The pier at "
                     "dawn on Monday. (Harbour Trust via Wire)</p></div></div>") == [
        ("The pier at dawn on Monday.", "Harbour Trust via Wire")]
    # A box with several pictures, or with a body of text and links, has no such caption.
    assert _captions("<div class='image'><img src='/img/pier.jpg'><p>" + "Long text. " * 60
                     + "</p></div>") == [(None, None)]


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        # Screen-reader labels open the caption and the credit, the credit sits over the
        # picture and the caption further out, in the figure.
        ("<figure><div><span><img src='/img/pier.jpg'></span><span role='text'>"
         "<span class='visually-hidden'>Image source, </span>Harbour Trust</span></div>"
         "<figcaption><span class='visually-hidden'>Image caption, </span>The pier at dawn"
         "</figcaption></figure>", ("The pier at dawn", "Harbour Trust")),
        # A label in a neutral span glued to the name ("Credit...Ana Ruiz").
        ("<figure><picture><img src='/img/pier.jpg'></picture><figcaption><span class='c1'>"
         "The pier at dawn.</span><span class='c2'><span class='c3'>Credit...</span>"
         "<span>Ana Ruiz for The Harbour Times</span></span></figcaption></figure>",
         ("The pier at dawn.", "Ana Ruiz for The Harbour Times")),
        ("<figure><img src='/img/pier.jpg'><figcaption><span class='sr-only'>Caption:</span> "
         "The pier at dawn <span class='byline'><span class='sr-only'>Photo credit:</span> "
         "Ana Ruiz</span></figcaption></figure>", ("The pier at dawn", "Ana Ruiz")),
        # A lightbox keeps them in attributes of the link around the picture, or of the image.
        ("<div class='gallery'><a href='/img/pier-big.jpg' data-caption='The pier at dawn' "
         "data-credit='Ana Ruiz'><img src='/img/pier.jpg'></a></div>",
         ("The pier at dawn", "Ana Ruiz")),
        ("<p><img src='/img/pier.jpg' data-caption='The pier at dawn. Photo: Harbour Trust'></p>",
         ("The pier at dawn.", "Harbour Trust")),
        # The caption element the image names for screen readers.
        ("<div><img src='/img/pier.jpg' aria-describedby='pier-text'></div>"
         "<div class='aside'><p id='pier-text'>The pier at dawn</p></div>",
         ("The pier at dawn", None)),
        # A <cite> or <small> ending the caption, and "Photo by" after its last sentence.
        ("<figure><img src='/img/pier.jpg'><figcaption>The pier at dawn. <cite>Ana Ruiz</cite>"
         "</figcaption></figure>", ("The pier at dawn.", "Ana Ruiz")),
        ("<figure><img src='/img/pier.jpg'><figcaption>The pier at dawn <small>Ana Ruiz/Harbour "
         "Press</small></figcaption></figure>", ("The pier at dawn", "Ana Ruiz/Harbour Press")),
        ("<figure><img src='/img/pier.jpg'><figcaption>The pier at dawn. Photo by Ana Ruiz"
         "</figcaption></figure>", ("The pier at dawn.", "Ana Ruiz")),
    ],
)
def test_captions_and_credits_behind_labels_and_in_attributes(
    markup: str, expected: tuple[str, str]
) -> None:
    assert _captions(markup) == [expected]


def test_caption_printed_twice_is_kept_once() -> None:
    text = "The pier at dawn on Monday, before the storm reached the harbour wall."
    assert _captions(f"<figure><img src='/img/pier.jpg'><figcaption>{text} more {text} "
                     "Photo: Ana Ruiz</figcaption></figure>") == [(text, "Ana Ruiz")]


def test_caption_with_a_shortened_copy_behind_more_keeps_the_full_one() -> None:
    text = "The pier at dawn on Monday, before the storm reached the harbour wall."
    short = text[:40] + "..."
    assert _captions(f"<figure><img src='/img/pier.jpg'><figcaption>{text} less {short} more "
                     "Photo: Ana Ruiz</figcaption></figure>") == [(text, "Ana Ruiz")]


def test_an_italic_line_after_a_run_of_pictures_captions_each() -> None:
    html = ("<html><body><article>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
            + "<p><img src='/img/lamp1.jpg'></p><p> </p><p><img src='/img/lamp2.jpg'></p>"
            "<p><em>Lamps in the hall</em></p>" + f"<p>{PARAGRAPHS[0]}</p>"
            + "<p><img src='/img/lamp3.jpg'></p>" + f"<p>{PARAGRAPHS[1]}</p>"
            + "</article></body></html>")
    assert _captions("", html) == [("Lamps in the hall", None), ("Lamps in the hall", None),
                                   (None, None)]


def test_the_header_picture_before_the_article_container_is_kept() -> None:
    html = ("<html><body><div class='site'><div class='entry-header'>"
            "<img src='/img/lead-pier.jpg' width='900' height='500'></div>"
            "<article>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "</article>"
            "<div class='story-top'><img src='/img/other-story.jpg'></div></div></body></html>")
    names = [im.url.rsplit("/", 1)[-1] for im in extract_article(raw(html)).images]
    assert names == ["lead-pier.jpg"]


def test_a_credit_ending_the_caption_goes_beside_a_credit_element() -> None:
    html = ("<html><body><article><div class='gallery-slide'><img src='/img/pier.jpg'>"
            "<div class='caption-full'>The pier at dawn. (AP Photo/Ana Ruiz)</div>"
            "<span class='credit'>Photo: Ana Ruiz</span></div>"
            + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "</article></body></html>")
    assert _captions("", html) == [("The pier at dawn.", "AP Photo/Ana Ruiz")]



def test_a_short_line_opening_with_the_copyright_sign_is_a_credit() -> None:
    html = ("<html><body><article><div class='lead-box'><img src='/img/pier.jpg'>"
            "<h1>The pier</h1><div class='lead-copy'><span><span>© Harbour Press / Pool"
            "</span></span></div></div>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
            + "</article></body></html>")
    assert _captions("", html) == [(None, "Harbour Press / Pool")]
    # a long paragraph that happens to open with the sign is no credit line
    long = html.replace("© Harbour Press / Pool", "© " + PARAGRAPHS[0])
    assert _captions("", long) == [(None, None)]


def test_an_svg_drawn_a_column_wide_is_an_article_picture_and_other_svgs_are_icons() -> None:
    html = ("<html><body><article>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
            + "<p><img src='/img/harbour-diagram.svg' width='1200'></p>"
            "<p><img src='/img/harbour-map.svg'></p>"
            "<p><img src='/img/share.svg' width='28' height='28'></p>"
            + f"<p>{PARAGRAPHS[0]}</p></article></body></html>")
    names = [im.url.rsplit("/", 1)[-1] for im in extract_article(raw(html)).images]
    assert names == ["harbour-diagram.svg"]


def test_a_long_gallery_is_kept_up_to_the_cap() -> None:
    from etl.extract import ExtractOptions

    cells = "".join(f"<div class='gallery-item'><img src='/img/heat-{i}.jpg'></div>"
                    for i in range(130))
    html = ("<html><body><article>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
            + cells + "</article></body></html>")
    assert len(extract_article(raw(html)).images) == 100  # the default cap
    few = extract_article(raw(html), ExtractOptions(max_images=7)).images
    assert [im.url.rsplit("/", 1)[-1] for im in few] == [f"heat-{i}.jpg" for i in range(7)]

def test_figure_in_the_article_header_outside_an_article_element() -> None:
    html = ("<html><body><header class='site-header'><img src='/img/masthead.jpg'></header>"
            "<main><header class='article-header'><figure><img src='/img/pier.jpg'>"
            "<figcaption>The pier at dawn.</figcaption></figure></header>"
            + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "</main></body></html>")
    assert _captions("", html) == [("The pier at dawn.", None)]


@pytest.mark.parametrize(("caption", "expected"), [
    ("Crowds on the pier. Photo: Ana Ruiz", ("Crowds on the pier.", "Ana Ruiz")),
    ("Crowds on the pier (Getty Images)", ("Crowds on the pier", "Getty Images")),
    ("Crowds on the pier (AP Photo/Ana Ruiz)", ("Crowds on the pier", "AP Photo/Ana Ruiz")),
    ("Crowds on the pier © Harbour Trust", ("Crowds on the pier", "Harbour Trust")),
    ("Image: Harbour Trust", (None, "Harbour Trust")),
    ("Crowds on the pier (left) at noon", ("Crowds on the pier (left) at noon", None)),
    ("Crowds on the pier [File: Harbour Trust]", ("Crowds on the pier", "Harbour Trust")),
    ("Ana Ruiz Submitted photo", ("Ana Ruiz", "Submitted photo")),
    ("The pier [at noon] was full", ("The pier [at noon] was full", None)),
    ("The pier at noon. Ana Ruiz / AFP", ("The pier at noon.", "Ana Ruiz / AFP")),
    ("The pier, as the AP reported", ("The pier, as the AP reported", None)),
    ("Posters of the campaign. (harbourtrust.org)",
     ("Posters of the campaign.", "harbourtrust.org")),
    ("The pier (see map.com for more)", ("The pier (see map.com for more)", None)),
    ("Crowds at the spa (Associated Press)", ("Crowds at the spa", "Associated Press")),
    ("Lamps, installation views, photos © Harbour Trust, 2018",
     ("Lamps, installation views", "Harbour Trust, 2018")),
])
def test_split_credit(caption: str, expected: tuple[str | None, str | None]) -> None:
    assert split_credit(caption) == expected


@pytest.mark.parametrize(("shown", "credit"), [
    ("(Image: © Harbour Trust)", "Harbour Trust"),
    ("Photo by Ana Ruiz/Harbour Trust", "Ana Ruiz/Harbour Trust"),
    ("Image credit: Harbour Trust", "Harbour Trust"),
    ("AP Photo/Ana Ruiz", "AP Photo/Ana Ruiz"),
    ("Photography Club of Leith", "Photography Club of Leith"),
    ("()", None),
])
def test_clean_credit_drops_brackets_and_labels(shown: str, credit: str | None) -> None:
    assert clean_credit(shown) == credit


def test_parse_srcset() -> None:
    assert parse_srcset("a.jpg 480w, b.jpg 1024w") == [("a.jpg", 480.0), ("b.jpg", 1024.0)]
    assert parse_srcset("a.jpg, b.jpg 2x") == [("a.jpg", 1.0), ("b.jpg", 2000.0)]
    assert parse_srcset("https://x.example/i.jpg?w=1,h=2 800w")[0][1] == 800.0


# --- hashing ------------------------------------------------------------------------------


def test_content_hash_normalizes_whitespace_and_case() -> None:
    a = "The breakwater will be rebuilt.\nEngineers agree."
    assert content_hash(a) == content_hash("  the BREAKWATER will be   rebuilt. Engineers agree. ")
    assert content_hash(a) != content_hash(a + " Later.")
    assert len(content_hash(a)) == 64


def test_simhash_near_duplicates_are_close() -> None:
    text = " ".join(PARAGRAPHS)
    near = text.replace("three winters", "four winters") + " Additional reporting by staff."
    other = ("Spring flowers drew record crowds to the botanical garden, where volunteers counted "
             "more than ten thousand visitors over the long weekend and sold out of seeds.")
    h, h_near, h_other = simhash(text), simhash(near), simhash(other)
    assert 0 <= h < 2**64
    assert h == simhash(text.upper())
    assert hamming(h, h_near) <= 10
    assert hamming(h, h_other) > 16
    assert simhash("") == 0
    assert hamming(0, 2**64 - 1) == 64


def test_cms_quirks_entities_internal_tags_sizes_and_ad_servers() -> None:
    head = ('<meta property="og:title" content="&amp;#8216;Quiet&amp;#8217; harbour works">'
            '<meta name="keywords" content="@post-id:991, harbour, Harbour, works">'
            '<meta property="article:section" content="Coast, Slideshow, Home">'
            '<meta property="og:image" content="https://news.example.org/up/crane-1024x683.jpg">')
    extra = ("<figure><img src='/up/crane-300x200.jpg' alt='Crane'></figure>"
             "<img src='https://ads.example.net/adserver/deliver.php?zone=7' "
             "width='300' height='250'>")
    article = extract_article(raw(page_html(head=head, body_extra=extra)))
    assert article.title == "‘Quiet’ harbour works"
    assert article.tags == ["harbour", "works"]
    assert article.section == "Coast"
    # The og:image and the in-page image are one picture in two sizes: one lead entry, with alt.
    assert [(im.url, im.alt, im.is_lead) for im in article.images] == [
        ("https://news.example.org/up/crane-300x200.jpg", "Crane", True)]


def test_choose_text_between_trafilatura_and_jsonld_body() -> None:
    full = "\n".join(PARAGRAPHS)
    half = "\n".join(PARAGRAPHS[:2])
    teaser = PARAGRAPHS[0]
    # trafilatura kept only part of the article the JSON-LD body holds in full.
    assert choose_text(half, full, 100) == full
    # A teaser articleBody never replaces the full text.
    assert choose_text(full, teaser, 100) == full
    # A body that disagrees (another story) is ignored.
    other = "Spring flowers drew record crowds to the botanical garden. " * 10
    assert choose_text(half, other, 100) == half
    # Too little from trafilatura: the body is all we have.
    assert choose_text("", full, 100) == full


def test_page_text_chars_counts_what_an_extraction_could_return():
    from lxml import html as lxml_html

    from etl.extract.text import page_text_chars

    page = lxml_html.document_fromstring(
        "<html><head><style>p { color: red }</style><script>var x = 'not text';</script>"
        '<script type="application/ld+json">{"articleBody": "Body"}</script></head>'
        "<body><p>One  two\n three</p><!-- a comment -->tail<ul><li>four</li></ul></body></html>"
    )
    # '{"articleBody": "Body"} One two three tail four'
    assert page_text_chars(page) == len('{"articleBody": "Body"} One two three tail four')


@pytest.mark.parametrize(
    ("precision", "balanced", "page_chars", "runs", "expected"),
    [
        ("p" * 400, "b" * 500, 1000, 1, "p" * 400),  # long enough: the second run cannot win
        ("p" * 400, "b" * 500, None, 2, "p" * 400),  # no bound: run it, keep precision
        ("p" * 100, "b" * 900, 1000, 2, "b" * 900),  # precision lost the body: balanced
        ("p" * 250, "b" * 500, 1000, 2, "p" * 250),  # under the slack: run it, keep precision
    ],
)
def test_balanced_run_is_skipped_only_when_it_could_not_replace_precision(
    monkeypatch, precision, balanced, page_chars, runs, expected
):
    import etl.extract.text as text_mod
    from etl.extract.options import ExtractOptions

    calls = []

    def fake(html, url, options, *, precision: bool, recall: bool) -> str:
        calls.append(precision)
        return precision_text if precision else balanced

    precision_text = precision
    monkeypatch.setattr(text_mod, "_trafilatura", fake)
    opts = ExtractOptions(use_jsonld_body=False)
    got = text_mod.extract_main_text("<html></html>", None, opts, page_chars=page_chars)
    assert (len(calls), got) == (runs, expected)


def test_words_encoded_twice_upstream_are_repaired() -> None:
    def twice(s: str) -> str:  # UTF-8 bytes read as Windows-1252, as a broken CMS stores them
        return s.encode("utf-8").decode("cp1252")

    paragraphs = [p.replace("The harbour authority", twice("Harbour master José Peña’s office"))
                  for p in PARAGRAPHS]
    head = f"<meta name='description' content=\"{twice('Peña’s breakwater plan')}\">"
    body = f"<figure><img src='/b.jpg' width='800'><figcaption>{twice('José Peña, Mayagüez')}"
    page = page_html(head=head, body_extra=body + "</figcaption></figure>",
                     paragraphs=paragraphs)
    art = extract_article(raw(page))
    assert "Harbour master José Peña’s office" in art.text and "Ã" not in art.text
    assert art.description == "Peña’s breakwater plan"
    assert [im.caption for im in art.images] == ["José Peña, Mayagüez"]
    # Text that merely holds such letters is left alone.
    clean = ["São Paulo’s Ångström Café, naïve âge: " + p for p in PARAGRAPHS]
    assert clean[0] in extract_article(raw(page_html(paragraphs=clean))).text
