from __future__ import annotations

from etl.index.search import FACETS, SearchRequest, build_body


def test_text_query_with_phrases_and_facets():
    body = build_body(SearchRequest(query='"security guarantees" -tariffs'))
    q = body["query"]["bool"]["must"][0]["simple_query_string"]
    assert q["query"] == '"security guarantees" -tariffs'
    assert q["quote_field_suffix"] == ".exact"
    assert set(body["aggs"]) == set(FACETS) | {"published"}
    assert "text" in body["highlight"]["fields"]


def test_highlights_can_be_left_out_of_the_hits_half():
    from etl.index.search import split_body

    hits, facets = split_body(build_body(SearchRequest(query="harbour", highlight=False)))
    assert hits is not None and "highlight" not in hits and "highlight" not in facets
    hits, _ = split_body(build_body(SearchRequest(query="harbour")))
    assert hits is not None and "highlight" in hits


def test_filters():
    body = build_body(SearchRequest(person=["Ada Quill"], source=["a.example"], language="en",
                                    date_from="2026-01-01", has_images=True,
                                    near=(38.7, -9.1, 50)))
    f = body["query"]["bool"]["filter"]
    assert {"term": {"person_names": "Ada Quill"}} in f
    assert {"term": {"source_domain": "a.example"}} in f
    assert {"range": {"published_at": {"gte": "2026-01-01"}}} in f
    geo = next(x for x in f if "geo_distance" in x)["geo_distance"]
    assert geo["distance"] == "50km" and geo["place_points"] == {"lat": 38.7, "lon": -9.1}
    assert body["query"]["bool"]["must"] == [{"match_all": {}}]


def test_speaker_quotes_are_a_nested_query_with_inner_hits():
    body = build_body(SearchRequest(speaker="Ada Quill", quote_contains="harbour"))
    nested = body["query"]["bool"]["must"][0]["nested"]
    assert nested["path"] == "quotes"
    assert "inner_hits" in nested
    must = nested["query"]["bool"]["must"]
    assert {"term": {"quotes.speaker": "Ada Quill"}} in must


def test_split_body_halves():
    from etl.index.search import split_body

    body = build_body(SearchRequest(query="harbour", speaker="Ada Quill", size=7))
    hits, facets = split_body(body)
    assert hits is not None
    assert "aggs" not in hits and hits["track_total_hits"] is False
    assert {k: v for k, v in hits.items() if k != "track_total_hits"} == {
        k: v for k, v in body.items() if k not in ("aggs", "track_total_hits")
    }
    assert facets == {"query": body["query"], "size": 0, "track_total_hits": True,
                      "aggs": body["aggs"]}
    assert split_body(build_body(SearchRequest(size=0)))[0] is None


def test_the_date_histogram_can_be_left_out() -> None:
    assert "published" in build_body(SearchRequest(query="harbour"))["aggs"]
    aggs = build_body(SearchRequest(query="harbour", histogram=None))["aggs"]
    assert set(aggs) == set(FACETS)


def test_paging_and_date_order_go_to_the_hits_half_only() -> None:
    import pytest

    from etl.cli import SORTS as CLI_SORTS
    from etl.errors import InvalidInputError
    from etl.index.search import MAX_RESULT_WINDOW, SORTS, split_body

    assert CLI_SORTS == SORTS
    body = build_body(SearchRequest(query="harbour", size=20, offset=40, sort="newest"))
    assert body["from"] == 40
    assert body["sort"][0] == {"published_at": {"order": "desc", "missing": "_last"}}
    assert build_body(SearchRequest(sort="oldest"))["sort"][0]["published_at"]["order"] == "asc"
    hits, facets = split_body(body)
    assert hits is not None and (hits["from"], hits["sort"]) == (40, body["sort"])
    assert "from" not in facets and "sort" not in facets
    assert "from" not in build_body(SearchRequest(query="harbour"))
    with pytest.raises(InvalidInputError, match="first 10,000 hits"):
        build_body(SearchRequest(size=10, offset=MAX_RESULT_WINDOW - 5))
    with pytest.raises(InvalidInputError, match="unknown sort"):
        build_body(SearchRequest(sort="random"))


def test_short_fragments_are_kept_whole():
    from etl.index.search import clip_fragment

    sentence = "The harbour «board» met on Tuesday."
    assert clip_fragment(sentence) == sentence


def test_a_long_sentence_is_clipped_around_its_first_match_on_word_boundaries():
    from etl.index.search import clip_fragment

    words = [f"w{i:03d}" for i in range(200)]
    words[120] = "«harbour»"
    sentence = " ".join(words) + "."
    got = clip_fragment(sentence, limit=120)
    assert got.startswith("…") and got.endswith("…")
    inner = got.strip("…")
    assert "«harbour»" in inner and len(inner) <= 120
    assert inner in sentence and all(w in words for w in inner.split())
    # about a third of the window comes before the match
    assert 20 <= inner.index("«") <= 60


def test_clipping_keeps_tag_pairs_whole_and_marks_only_cut_ends():
    from etl.index.search import clip_fragment

    words = ["«Harbour»"] + [f"w{i:03d}" for i in range(30)] + ["«new", "board»"]
    words += [f"x{i:03d}" for i in range(40)]
    sentence = " ".join(words)
    got = clip_fragment(sentence, limit=len(" ".join(words[:32])) + 3)
    assert not got.startswith("…") and got.endswith("…")
    assert got.count("«") == got.count("»") and "«new board»" in got


def test_clipped_fragments_are_windows_of_the_sentence_with_whole_tag_pairs():
    import random

    from etl.index.search import clip_fragment

    rng = random.Random(7)
    for _ in range(500):
        words = [rng.choice(["harbour", "board", "x", "longerword", "a"]) for _ in range(80)]
        for i in rng.sample(range(len(words)), rng.randint(0, 4)):
            words[i] = f"«{words[i]}»"
        if rng.random() < 0.3:  # a marked phrase across two words
            i = rng.randrange(len(words) - 1)
            words[i], words[i + 1] = "«" + words[i].strip("«»"), words[i + 1].strip("«»") + "»"
        sentence = " ".join(words)
        limit = rng.randint(40, 200)
        got = clip_fragment(sentence, limit)
        inner = got.removeprefix("…").removesuffix("…")
        assert inner in sentence
        assert got.startswith("…") == (not sentence.startswith(inner))
        assert got.endswith("…") == (not sentence.endswith(inner))
        assert inner.count("«") == inner.count("»")
        if "«" in sentence:
            assert "«" in inner, (sentence, limit, got)
        # a window may only outgrow the limit to close a tag pair
        assert len(inner) <= limit or inner.endswith("»")
