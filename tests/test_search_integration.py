"""The OpenSearch layer against the real node, over one real dataset: the bundled sample site
plus the 181 pages of the article-extraction benchmark (../shared), extracted once per module
with ``newsetl extract``. Every expectation is computed from the Parquet rows at test time.

Read-only tests share one private alias loaded once (``loaded``); tests that change the index
(reloads, rejects, reindex) get their own alias from ``index_env`` and their own data copy.
"""

from __future__ import annotations

import copy
import dataclasses
import math
import os
import random
import re
import subprocess
import sys
import threading
import time
import unicodedata
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, timedelta
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from conftest import shared_path

pytestmark = pytest.mark.integration

SAMPLE_BASE = "https://sample.example"
CORPUS = ("corpus", "article-extraction-benchmark", "html")
EARTH_KM = 6371.0088  # mean radius, as OpenSearch's arc distance uses
DURATIONS: dict[str, float] = {}


@dataclass
class Dataset:
    data_dir: Path
    day: date
    rows: list[dict[str, Any]]
    inputs: int
    by_id: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass
class Loaded:
    data: Dataset
    client: Any
    alias: str
    options: Any


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    """Sample site pages (rendered with absolute URLs) + the benchmark pages, extracted once."""
    from etl.parquet_io import read_partition
    from etl.sample_site import SAMPLE_DAY, manifest, render

    corpus = shared_path(*CORPUS)
    n_corpus = len(list(corpus.glob("*.html.gz")))
    assert n_corpus == 181, f"expected the 181 benchmark pages in {corpus}, found {n_corpus}"
    root = tmp_path_factory.mktemp("search-dataset")
    site = root / "sample"
    site.mkdir()
    pages = manifest()
    for p in pages:
        name = p.path.strip("/").replace("/", "_")
        (site / (name if name.endswith(".html") else name + ".html")).write_bytes(
            render(p.path, SAMPLE_BASE)
        )
    data = root / "data"
    cli = Path(sys.executable).with_name("newsetl")
    started = time.perf_counter()
    proc = subprocess.run(
        [str(cli), "extract", str(corpus), str(site), "--out", str(data), "--workers", "2",
         "--date", SAMPLE_DAY.isoformat(), "--run-id", "search-it"],
        capture_output=True, text=True, env=os.environ.copy(), timeout=900,
    )
    DURATIONS["extract"] = time.perf_counter() - started
    print(f"\n[search-it] extract of {n_corpus + len(pages)} pages: "
          f"{DURATIONS['extract']:.1f}s", file=sys.stderr)
    assert proc.returncode == 0, f"newsetl extract failed:\n{proc.stderr[-3000:]}"
    rows = read_partition(data, "articles", SAMPLE_DAY).to_pylist()
    rejects = read_partition(data, "rejects", SAMPLE_DAY).num_rows
    inputs = n_corpus + len(pages)
    assert len(rows) + rejects == inputs, "every input must end as an article or a reject"
    assert len({r["id"] for r in rows}) == len(rows), "article ids must be unique"
    canon = {r["canonical_url"] for r in rows}
    missing = [p.url(SAMPLE_BASE) for p in pages if p.url(SAMPLE_BASE) not in canon]
    assert not missing, f"sample pages missing from articles: {missing}"
    assert len(rows) >= 150, f"only {len(rows)} articles out of {inputs} inputs"
    return Dataset(data, SAMPLE_DAY, rows, inputs, {r["id"]: r for r in rows})


@pytest.fixture(scope="module")
def loaded(dataset: Dataset, opensearch_url: str) -> Iterator[Loaded]:
    """The dataset loaded once into a private alias (read-only for the tests using it)."""
    from etl.config import Settings
    from etl.index import load_partition, make_client

    name = f"t{uuid.uuid4().hex[:10]}"
    settings = Settings.from_env(
        data_dir=dataset.data_dir,
        index={"url": opensearch_url, "alias": name, "index_prefix": name},
    )
    client = make_client(settings.index)
    started = time.perf_counter()
    result = load_partition(client, settings.index, dataset.data_dir, dataset.day)
    DURATIONS["load"] = time.perf_counter() - started
    print(f"\n[search-it] load of {len(dataset.rows)} documents: {DURATIONS['load']:.1f}s",
          file=sys.stderr)
    try:
        assert not result.rejects, f"documents refused: {result.rejects[:3]}"
        assert result.indexed == len(dataset.rows)
        assert client.count(index=name)["count"] == len(dataset.rows)
        yield Loaded(dataset, client, name, settings.index)
    finally:
        client.indices.delete(index=f"{name}-*", ignore_unavailable=True)
        client.indices.delete_index_template(name=f"{name}-template", ignore=[404])


# --------------------------------------------------------------------------- helpers


def fold(value: str) -> str:
    """What the ``folding`` normalizer (lowercase + asciifolding) does, for ordinary names."""
    decomposed = unicodedata.normalize("NFKD", value)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def _names(row: dict[str, Any]) -> set[str]:
    places = row["places"] or []
    return ({p["name"] for p in row["people"] or []}
            | {o["name"] for o in row["organizations"] or []}
            | {p["name"] for p in places} | {p["geo_name"] for p in places if p.get("geo_name")})


def facet_values(row: dict[str, Any]) -> dict[str, set[str]]:
    """The exact strings each facet aggregates for one row (one count per document)."""
    return {
        "people": {p["name"] for p in row["people"] or []},
        # place facets carry the gazetteer's name when the place was geocoded
        "places": {p.get("geo_name") or p["name"] for p in row["places"] or []},
        "organizations": {o["name"] for o in row["organizations"] or []},
        # quoted by name: speakers that are one of the row's people, organizations or places
        "speakers": {q["speaker"] for q in row["quotes"] or [] if q["speaker"] in _names(row)},
        "sources": {row["source_domain"]} if row["source_domain"] is not None else set(),
    }


def facet_counts(rows: list[dict[str, Any]]) -> dict[str, Counter[str]]:
    out: dict[str, Counter[str]] = {}
    for row in rows:
        for name, values in facet_values(row).items():
            out.setdefault(name, Counter()).update(values)
    return out


def top(counts: Counter[str], n: int) -> list[tuple[str, int]]:
    """Terms-aggregation order: doc count descending, then key ascending (code points)."""
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:n]


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(math.sqrt(min(1.0, a)))


def phrase_pattern(phrase: str) -> re.Pattern[str]:
    """Where the words occur in sequence separated by anything but word characters: a superset
    of what a phrase query on the ``exact`` analyzer (standard tokenizer + lowercase) matches."""
    words = phrase.split()
    return re.compile(r"(?<!\w)" + r"\W+".join(map(re.escape, words)) + r"(?!\w)", re.IGNORECASE)


_ALPHA = re.compile(r"[A-Za-z]{2,}")


def unique_phrase(row: dict[str, Any], rows: list[dict[str, Any]], words: int = 5) -> str | None:
    """A phrase of plain words from ``row``'s text that no other row has in title,
    description or text (the fields a full-text query searches)."""
    toks = (row["text"] or "").split()
    starts = list(range(len(toks) // 3, len(toks) - words)) + list(range(len(toks) // 3))
    for i in starts:
        window = toks[i : i + words]
        if len(window) < words or not all(_ALPHA.fullmatch(t) for t in window):
            continue
        phrase = " ".join(window)
        pat = phrase_pattern(phrase)
        owners = [
            r["id"] for r in rows
            if any(pat.search(r[f] or "") for f in ("title", "description", "text"))
        ]
        if owners == [row["id"]]:
            return phrase
    return None


def snapshot(client: Any, alias: str) -> dict[str, Any]:
    from etl.index import SearchRequest, search

    client.indices.refresh(index=alias)
    res = search(client, alias, SearchRequest(size=0, facet_size=10_000))
    return {"count": client.count(index=alias)["count"], "total": res.total,
            "facets": res.facets, "histogram": res.histogram}


def rows_copy(data: Dataset) -> list[dict[str, Any]]:
    return copy.deepcopy(data.rows)


def analyzed(client: Any, text: str) -> list[str]:
    resp = client.indices.analyze(body={"analyzer": "english", "text": text})
    return [t["token"] for t in resp["tokens"]]


# --------------------------------------------------------------------------- 1. phrases


def _unique_phrases(data: Dataset, n: int = 10) -> list[tuple[dict[str, Any], str]]:
    """~n articles (3 from the sample site, the rest real pages) with a phrase unique to each."""
    rows = data.rows
    rng = random.Random(20261120)
    sample = [r for r in rows if r["source_domain"] == "sample.example"]
    real = [r for r in rows if r["source_domain"] != "sample.example" and r["word_count"] >= 80]
    out: list[tuple[dict[str, Any], str]] = []
    for row in rng.sample(sample, 3) + rng.sample(real, len(real)):
        phrase = unique_phrase(row, rows)
        if phrase is not None:
            out.append((row, phrase))
        if len(out) == n:
            break
    assert len(out) == n, f"found unique phrases for only {len(out)} articles"
    return out


def test_phrase_query_finds_its_article_first(loaded: Loaded) -> None:
    from etl.index import SearchRequest, search

    for row, phrase in _unique_phrases(loaded.data):
        res = search(loaded.client, loaded.alias, SearchRequest(query=f'"{phrase}"', size=3))
        assert res.hits, f"phrase {phrase!r} of {row['url']} found nothing"
        assert res.hits[0].id == row["id"], (
            f"phrase {phrase!r}: first hit {res.hits[0].url}, expected {row['url']}"
        )
        assert res.total == 1, f"phrase {phrase!r} is in one article only, got {res.total} hits"


def test_quoted_phrase_is_highlighted(loaded: Loaded) -> None:
    from etl.index import SearchRequest, search

    missing = []
    for row, phrase in _unique_phrases(loaded.data, 5):
        res = search(loaded.client, loaded.alias, SearchRequest(query=f'"{phrase}"', size=1))
        assert res.hits and res.hits[0].id == row["id"]
        marked = [h for h in res.hits[0].highlights if "«" in h]
        if not marked:
            missing.append(phrase)
        else:
            words = {w.lower() for h in marked for w in re.findall(r"«([^»]*)»", h)}
            assert words <= {w.lower() for w in phrase.split()}, f"{phrase!r}: marked {words}"
    assert not missing, (
        "BUG etl/index/search.py build_body: a quoted phrase queries `text.exact`/`title.exact` "
        "(quote_field_suffix) but highlights are asked for `text`/`title` only, so phrase "
        f"searches come back without highlights ({len(missing)}/5): add matched_fields "
        "[field, field.exact] to the highlight fields"
    )


TERMINATORS = '.!?:;"”’)\n'


def test_highlights_are_whole_sentences_of_the_text(loaded: Loaded) -> None:
    """A fragment begins where a sentence or a paragraph of the text begins."""
    from etl.index import SearchRequest, search

    texts = {r["id"]: r["text"] or "" for r in loaded.data.rows}
    starts, checked = [], 0
    for query in ("said", "government", "people"):
        res = search(loaded.client, loaded.alias, SearchRequest(query=query, size=20))
        for hit in res.hits:
            text = texts[hit.id]
            for frag in hit.highlights:
                plain = frag.replace("«", "").replace("»", "")
                if plain.startswith("…") or plain not in text:
                    continue  # clipped, or a title fragment
                before = text[: text.index(plain)].rstrip(" \t")
                checked += 1
                # The JDK's sentence rules may break inside an abbreviation ("S.D. – ..."),
                # which leaves the fragment starting with the abbreviation's last period.
                if before and before[-1] not in TERMINATORS and plain[0] not in TERMINATORS:
                    starts.append((hit.url, before[-40:], plain[:60]))
    assert checked >= 30, f"only {checked} fragments to check"
    assert not starts, f"fragments starting mid-sentence: {starts[:3]}"


def test_split_search_answers_as_the_whole_body_does(loaded: Loaded) -> None:
    """``search`` sends two halves in one _msearch; the answer must be the single body's."""
    from etl.index import SearchRequest, search
    from etl.index.search import FACETS, build_body, clip_fragment

    counts = facet_counts(loaded.data.rows)
    speaker = top(counts["speakers"], 1)[0][0]
    person = top(counts["people"], 1)[0][0]
    requests = [
        SearchRequest(query="said"),
        SearchRequest(query="minister OR president", size=25, facet_size=20, histogram="week"),
        SearchRequest(query='"prime minister" -trade'),
        SearchRequest(person=[person], size=5),
        SearchRequest(speaker=speaker),
        SearchRequest(query="nothingmatchesthisword"),
        SearchRequest(size=0),
    ]
    for req in requests:
        got = search(loaded.client, loaded.alias, req)
        whole = loaded.client.search(index=loaded.alias, body=build_body(req))
        assert got.total == whole["hits"]["total"]["value"], req
        assert [h.id for h in got.hits] == [h["_id"] for h in whole["hits"]["hits"]], req
        assert [h.highlights for h in got.hits] == [
            [clip_fragment(f) for f in
             h.get("highlight", {}).get("text", []) or h.get("highlight", {}).get("title", [])]
            for h in whole["hits"]["hits"]
        ], req
        aggs = whole["aggregations"]
        for name in FACETS:
            assert got.facets[name] == [(b["key"], b["doc_count"])
                                        for b in aggs[name]["buckets"]], (req, name)
        assert len(got.histogram) == len(aggs["published"]["buckets"]), req


def test_search_errors_keep_their_kind(loaded: Loaded) -> None:
    from opensearchpy.exceptions import NotFoundError, RequestError

    from etl.index import SearchRequest, search

    with pytest.raises(NotFoundError):
        search(loaded.client, f"{loaded.alias}-missing", SearchRequest(query="x"))
    with pytest.raises(RequestError):
        search(loaded.client, loaded.alias, SearchRequest(query="x", size=-3))


# --------------------------------------------------------------------------- 2. facets


@pytest.mark.parametrize("n", [15])
def test_facet_counts_equal_parquet_counts(loaded: Loaded, n: int) -> None:
    from etl.index import SearchRequest, search
    from etl.index.search import FACETS

    counts = facet_counts(loaded.data.rows)
    res = search(loaded.client, loaded.alias, SearchRequest(size=0, facet_size=n))
    assert res.total == len(loaded.data.rows)
    for name in FACETS:
        assert counts[name], f"the dataset has no {name}: nothing to compare"
        assert res.facets[name] == top(counts[name], n), f"top-{n} {name} facet differs"
    # every bucket, not only the top: each distinct name once, with its Parquet count
    full = search(loaded.client, loaded.alias, SearchRequest(size=0, facet_size=10_000))
    for name in FACETS:
        assert dict(full.facets[name]) == dict(counts[name]), f"{name} facet differs"


def test_facet_filter_counts_match_parquet(loaded: Loaded) -> None:
    """A person and a place filter narrow the hits to the rows naming them (casefolded)."""
    from etl.index import SearchRequest, search

    counts = facet_counts(loaded.data.rows)
    person = top(counts["people"], 1)[0][0]
    place = top(counts["places"], 1)[0][0]
    expected = {
        r["id"] for r in loaded.data.rows
        if any(fold(p["name"]) == fold(person) for p in r["people"] or [])
        and any(fold(p.get("geo_name") or p["name"]) == fold(place) for p in r["places"] or [])
    }
    res = search(loaded.client, loaded.alias,
                 SearchRequest(person=[person.upper()], place=[place], size=500))
    assert {h.id for h in res.hits} == expected, f"person={person!r} place={place!r}"


def test_date_flag_and_source_filters_match_parquet(loaded: Loaded) -> None:
    from etl.index import SearchRequest, search

    rows = loaded.data.rows
    dated = [r for r in rows if r["published_at"] is not None]
    days = sorted({r["published_at"].astimezone(UTC).date() for r in dated})
    assert len(days) >= 3, "too few distinct publication days to test ranges"
    pivot = days[len(days) // 2]

    def ids(req: SearchRequest) -> set[str]:
        req.size = len(rows)
        return {h.id for h in search(loaded.client, loaded.alias, req).hits}

    day = pivot.isoformat()
    on_or_before = {r["id"] for r in dated if r["published_at"].astimezone(UTC).date() <= pivot}
    on_or_after = {r["id"] for r in dated if r["published_at"].astimezone(UTC).date() >= pivot}
    assert ids(SearchRequest(date_to=day)) == on_or_before, f"--to {day} keeps the whole day"
    assert ids(SearchRequest(date_from=day)) == on_or_after, f"--from {day}"
    assert ids(SearchRequest(date_from=day, date_to=day)) == on_or_before & on_or_after
    # the day histogram counts publications per UTC day
    res = search(loaded.client, loaded.alias, SearchRequest(size=0))
    per_day = Counter(r["published_at"].astimezone(UTC).date().isoformat() for r in dated)
    assert res.histogram == sorted(per_day.items())
    monthly = search(loaded.client, loaded.alias, SearchRequest(size=0, histogram="month"))
    per_month = Counter(f"{d[:7]}-01" for d in per_day.elements())
    assert monthly.histogram == sorted(per_month.items())
    # flags and the case-insensitive source filter
    assert ids(SearchRequest(has_quotes=True)) == {r["id"] for r in rows if r["quotes"]}
    assert ids(SearchRequest(has_images=False)) == {r["id"] for r in rows if not r["images"]}
    assert ids(SearchRequest(source=["SAMPLE.Example"])) == {
        r["id"] for r in rows if r["source_domain"] == "sample.example"
    }


def test_pages_and_date_orders(loaded: Loaded) -> None:
    from etl.index import SearchRequest, search

    rows = loaded.data.rows
    word = "said"
    matching = {r["id"] for r in rows if re.search(rf"\b{word}\b", r["text"] or "", re.I)}
    assert len(matching) >= 30, "too few articles with the word to page through"

    def hits(**kw: Any) -> list[Any]:
        return search(loaded.client, loaded.alias, SearchRequest(query=word, **kw)).hits

    whole = [h.id for h in hits(size=30)]
    assert [h.id for h in hits(size=10, offset=10)] == whole[10:20]
    assert [h.id for h in hits(size=10, offset=20)] == whole[20:30]
    # by date: the Parquet rows give the order; undated articles come last
    for order, newest_first in (("newest", True), ("oldest", False)):
        got = hits(size=len(rows), sort=order)
        assert len(got) == len(whole_total := {h.id for h in hits(size=len(rows))})
        assert {h.id for h in got} == whole_total, f"{order}: the same articles, reordered"
        stamps = [loaded.data.by_id[h.id]["published_at"] for h in got]
        dated = [t for t in stamps if t is not None]
        assert stamps[: len(dated)] == dated, f"{order}: undated articles must come last"
        assert dated == sorted(dated, reverse=newest_first), f"{order}: hits out of order"
    counted = search(loaded.client, loaded.alias, SearchRequest(query=word, size=5, offset=5))
    assert counted.total == search(loaded.client, loaded.alias, SearchRequest(query=word)).total


def test_a_search_without_highlights_returns_the_same_hits_and_facets(loaded: Loaded) -> None:
    from etl.index import SearchRequest, search

    full = search(loaded.client, loaded.alias, SearchRequest(query="said", size=20))
    bare = search(loaded.client, loaded.alias,
                  SearchRequest(query="said", size=20, highlight=False))
    assert any(h.highlights for h in full.hits)
    assert [h.id for h in bare.hits] == [h.id for h in full.hits]
    assert all(not h.highlights for h in bare.hits)
    assert (bare.total, bare.facets, bare.histogram) == (full.total, full.facets, full.histogram)


# --------------------------------------------------------------------------- 3. speakers


def _speaker_quotes(rows: list[dict[str, Any]], speaker: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for r in rows:
        texts = [q["text"] for q in r["quotes"] or []
                 if q["speaker"] and fold(q["speaker"]) == fold(speaker)]
        if texts:
            out[r["id"]] = texts
    return out


def test_speaker_quotes(loaded: Loaded) -> None:
    from etl.index import SearchRequest, search

    rows = loaded.data.rows
    per_article = Counter(s for r in rows for s in facet_values(r)["speakers"] if s.isascii())
    assert per_article, "no quotes with an ASCII speaker in the dataset"
    # the speaker quoted in most articles, and one quoted in a single article
    chosen = [top(per_article, 1)[0][0]]
    singles = sorted(s for s, c in per_article.items() if c == 1)
    if singles:
        chosen.append(singles[len(singles) // 2])
    for speaker in chosen:
        expected = _speaker_quotes(rows, speaker)
        for asked in (speaker, speaker.upper()):
            res = search(loaded.client, loaded.alias,
                         SearchRequest(speaker=asked, size=len(rows)))
            assert {h.id for h in res.hits} == set(expected), f"articles quoting {asked!r}"
            assert res.total == len(expected)
            for h in res.hits:
                assert h.quotes, f"{h.url}: no inner-hit quotes for {asked!r}"
                others = [q for q in h.quotes if fold(q["speaker"]) != fold(speaker)]
                assert not others, f"{h.url}: quotes by someone else: {others}"
                want = Counter(expected[h.id])
                got = Counter(q["text"] for q in h.quotes)
                if sum(want.values()) <= 20:
                    assert got == want, f"{h.url}: quotes of {speaker!r} differ"
                else:
                    assert len(h.quotes) == 20 and not got - want


def test_speaker_quotes_containing_a_word(loaded: Loaded) -> None:
    from etl.index import SearchRequest, search

    rows = loaded.data.rows
    totals = Counter(q["speaker"] for r in rows for q in r["quotes"] or []
                     if q["speaker"] and q["speaker"].isascii())
    client = loaded.client
    for speaker, _ in top(totals, 5):
        quotes = [(rid, t) for rid, ts in _speaker_quotes(rows, speaker).items() for t in ts]
        tokens = [(rid, t, set(analyzed(client, t))) for rid, t in quotes]
        # a word in some, not all, of the speaker's quotes
        words = sorted({w.lower() for _, t in quotes for w in re.findall(r"[A-Za-z]{6,}", t)})
        for word in words:
            stems = analyzed(client, word)
            if len(stems) != 1:
                continue
            having = [(rid, t) for rid, t, toks in tokens if stems[0] in toks]
            if 0 < len(having) < len(quotes):
                break
        else:
            continue
        res = search(client, loaded.alias,
                     SearchRequest(speaker=speaker, quote_contains=word, size=len(rows)))
        assert {h.id for h in res.hits} == {rid for rid, _ in having}, (
            f"articles with a quote by {speaker!r} containing {word!r}"
        )
        got = sorted((h.id, q["text"]) for h in res.hits for q in h.quotes)
        assert got == sorted(having), f"quotes by {speaker!r} containing {word!r}"
        assert all(fold(q["speaker"]) == fold(speaker) for h in res.hits for q in h.quotes)
        return
    pytest.fail("no speaker has a word in some but not all of their quotes")


# --------------------------------------------------------------------------- 4. radius


def test_radius_query_matches_haversine(loaded: Loaded) -> None:
    from etl.index import SearchRequest, search

    rows = loaded.data.rows
    # Countries, regions and continents are areas: their one coordinate is no point.
    points = {
        r["id"]: [(p["latitude"], p["longitude"]) for p in r["places"] or []
                  if p["latitude"] is not None and p["longitude"] is not None
                  and p["kind"] not in ("country", "region", "continent")]
        for r in rows
    }
    named = Counter(p["name"] for r in rows for p in r["places"] or []
                    if p["latitude"] is not None and p["longitude"] is not None)
    assert named, "no geocoded place in the dataset"
    centres: list[tuple[str, float, float]] = []
    for name, _ in named.most_common():
        lat, lon = next((p["latitude"], p["longitude"]) for r in rows for p in r["places"] or []
                        if p["name"] == name and p["latitude"] is not None)
        if all(haversine_km(lat, lon, a, b) > 2000 for _, a, b in centres):
            centres.append((name, lat, lon))
        if len(centres) == 3:
            break
    tested = 0
    for name, lat, lon in centres:
        dists = {rid: [haversine_km(lat, lon, a, b) for a, b in pts] for rid, pts in points.items()}
        for km in (150.0, 300.0, 500.0, 800.0, 1200.0):
            # stay clear of points on the circle, where rounding could go either way
            if any(abs(d - km) < 0.01 * km for ds in dists.values() for d in ds):
                continue
            inside = {rid for rid, ds in dists.items() if any(d <= km for d in ds)}
            if len(inside) == len(rows):
                continue
            res = search(loaded.client, loaded.alias,
                         SearchRequest(near=(lat, lon, km), size=len(rows)))
            got = {h.id for h in res.hits}
            assert got == inside, (
                f"{km} km around {name} ({lat}, {lon}): "
                f"missing {sorted(loaded.data.by_id[i]['url'] for i in inside - got)[:5]}, "
                f"outside {sorted(loaded.data.by_id[i]['url'] for i in got - inside)[:5]}"
            )
            assert res.total == len(inside)
            tested += 1
            break
    assert tested >= 2, f"only {tested} radius checks could be made"


# --------------------------------------------------------------------------- 5. reloads


def test_reload_is_idempotent_and_follows_the_partition(
    dataset: Dataset, index_env: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from etl import cli
    from etl.config import Settings
    from etl.errors import InvalidInputError
    from etl.index import SearchRequest, load_partition, make_client, search
    from etl.index.manage import alias_indices
    from etl.parquet_io import write_partition

    data = tmp_path / "data"
    rows = rows_copy(dataset)
    write_partition(data, "articles", dataset.day, rows)
    settings = Settings.from_env(data_dir=data)
    client = make_client(settings.index)
    alias = index_env

    first = load_partition(client, settings.index, data, dataset.day)
    assert (first.indexed, first.deleted, first.rejects) == (len(rows), 0, [])
    before = snapshot(client, alias)
    assert before["count"] == len(rows)
    index = alias_indices(client, alias)

    # the same Parquet again, through the command line
    assert cli.main(["load", str(data), "--date", dataset.day.isoformat()]) == 0
    assert snapshot(client, alias) == before, "a second load of the same day changed counts"
    assert alias_indices(client, alias) == index
    again = load_partition(client, settings.index, data, dataset.day)
    assert (again.indexed, again.deleted) == (len(rows), 0)
    assert snapshot(client, alias) == before

    # a wrong folder is an error, not an empty day that would delete the day's documents
    with pytest.raises(InvalidInputError, match="no articles partition"):
        load_partition(client, settings.index, tmp_path / "elsewhere", dataset.day)
    assert cli.main(["load", str(tmp_path / "elsewhere"), "--date",
                     dataset.day.isoformat()]) == 2
    assert snapshot(client, alias) == before

    # a rerun whose partition lost an article deletes its document
    rng = random.Random(7)
    gone = rows.pop(rng.randrange(len(rows)))
    write_partition(data, "articles", dataset.day, rows)
    res = load_partition(client, settings.index, data, dataset.day)
    assert res.deleted == 1 and res.indexed == len(rows)
    assert not client.exists(index=alias, id=gone["id"]), "the dropped article is still indexed"
    assert client.count(index=alias)["count"] == len(rows)
    expected = facet_counts(rows)
    after = snapshot(client, alias)
    for name, buckets in after["facets"].items():
        assert dict(buckets) == dict(expected[name]), f"{name} facet after the drop"

    # a changed article updates its document
    target = next(r for r in rows if r["source_domain"] == "sample.example")
    marker = f"Zyxquorum {uuid.uuid4().hex[:6]}"
    target["title"] = f"{target['title']} {marker}"
    target["people"] = [*(target["people"] or []),
                        {"name": "Wilhelmina Zyxquorum", "mentions": 1, "aliases": []}]
    write_partition(data, "articles", dataset.day, rows)
    res = load_partition(client, settings.index, data, dataset.day)
    assert res.deleted == 0 and res.indexed == len(rows)
    doc = client.get(index=alias, id=target["id"])["_source"]
    assert doc["title"] == target["title"]
    assert "Wilhelmina Zyxquorum" in doc["person_names"]
    assert client.count(index=alias)["count"] == len(rows)
    hits = search(client, alias, SearchRequest(query=marker.split()[1], size=5)).hits
    assert [h.id for h in hits] == [target["id"]]
    hits = search(client, alias, SearchRequest(person=["wilhelmina zyxquorum"], size=5)).hits
    assert [h.id for h in hits] == [target["id"]]

    # a rebuild through the command line answers as the loaded index did
    loaded = snapshot(client, alias)
    (old,) = alias_indices(client, alias)
    assert cli.main(["reindex", str(data)]) == 0
    (new,) = alias_indices(client, alias)
    assert new != old
    assert snapshot(client, alias) == loaded


# --------------------------------------------------------------------------- 6. rejects


def test_a_refused_document_becomes_a_reject(
    dataset: Dataset, index_env: str, tmp_path: Path
) -> None:
    from etl import pipeline
    from etl.config import Settings
    from etl.index import load_partition, make_client
    from etl.parquet_io import partition_dir, write_partition

    data = tmp_path / "data"
    rows = rows_copy(dataset)
    # A point-like place: only those become geo points the index can refuse.
    bad, k = next((r, k) for r in rows for k, p in enumerate(r["places"] or [])
                  if p["kind"] == "city")
    good_place = dict(bad["places"][k])
    bad["places"][k] = {**good_place, "latitude": 400.0, "longitude": 10.0}
    write_partition(data, "articles", dataset.day, rows)
    settings = Settings.from_env(data_dir=data)
    client = make_client(settings.index)
    alias = index_env

    res = load_partition(client, settings.index, data, dataset.day, run_id="r-load")
    assert len(res.rejects) == 1, f"expected one refused document, got {res.rejects}"
    rej = res.rejects[0]
    assert (rej.url, rej.stage, rej.run_id) == (bad["url"], "load", "r-load")
    assert rej.error_type and rej.error_message and rej.http_status == 400
    assert res.indexed == len(rows) - 1
    assert client.count(index=alias)["count"] == len(rows) - 1
    assert not client.exists(index=alias, id=bad["id"])

    # the pipeline's load keeps the refusal in the day's rejects partition
    summary = pipeline.load(settings, dataset.day, run_id="r-pipe")
    assert summary["refused"] == 1 and summary["indexed"] == len(rows) - 1
    part = partition_dir(data, "rejects", dataset.day) / "part-load.parquet"
    assert part.exists(), f"{part} not written"
    table = pq.read_table(part).to_pylist()
    assert [(r["url"], r["stage"], r["run_id"]) for r in table] == [
        (bad["url"], "load", "r-pipe")
    ]

    # a rebuild refuses it too, and records that in the same file
    part.unlink()
    out = pipeline.reindex(settings)
    assert out["refused"] == 1 and out["documents"] == len(rows) - 1
    assert [r["url"] for r in pq.read_table(part).to_pylist()] == [bad["url"]]

    # fixed upstream, the rerun indexes it and drops the stale reject file
    bad["places"][k] = good_place
    write_partition(data, "articles", dataset.day, rows)
    summary = pipeline.load(settings, dataset.day, run_id="r-fixed")
    assert summary["refused"] == 0 and summary["indexed"] == len(rows)
    assert not part.exists(), "the load rejects of the earlier run are still there"
    assert client.count(index=alias)["count"] == len(rows)


# --------------------------------------------------------------------------- 7. reindex


def test_reindex_swaps_the_alias_without_a_gap(dataset: Dataset, index_env: str) -> None:
    from etl.config import Settings
    from etl.index import SearchRequest, load_partition, make_client, reindex, search
    from etl.index.manage import alias_indices

    settings = Settings.from_env(data_dir=dataset.data_dir)
    assert settings.index.keep_previous == 1
    client = make_client(settings.index)
    alias = index_env
    n = len(dataset.rows)
    load_partition(client, settings.index, dataset.data_dir, dataset.day)
    (first,) = alias_indices(client, alias)
    phrase_row = next(r for r in dataset.rows if r["source_domain"] == "sample.example")
    phrase = unique_phrase(phrase_row, dataset.rows)
    assert phrase, "no unique phrase for the search loop"

    def run_with_searches() -> tuple[str, int]:
        errors: list[BaseException] = []
        bad: list[str] = []
        rounds = [0]
        stop = threading.Event()
        started = threading.Event()
        reader = make_client(settings.index)

        def loop() -> None:
            while True:
                try:
                    everything = search(reader, alias, SearchRequest(size=0))
                    if everything.total != n:
                        bad.append(f"match_all total {everything.total}")
                    hit = search(reader, alias, SearchRequest(query=f'"{phrase}"', size=1))
                    if not hit.hits or hit.hits[0].id != phrase_row["id"]:
                        bad.append(f"phrase search returned {hit.total} hits")
                except BaseException as exc:
                    errors.append(exc)
                rounds[0] += 1
                started.set()
                if stop.is_set():
                    return

        th = threading.Thread(target=loop, daemon=True)
        th.start()
        assert started.wait(30), "the search loop did not start"
        try:
            # small requests, two in flight: the node writes several segments to merge
            options = dataclasses.replace(settings.index, bulk_docs=5)
            result = reindex(client, options, dataset.data_dir)
        finally:
            during = rounds[0]
            stop.set()
            th.join(60)
        assert not th.is_alive()
        assert not errors, f"searches failed during the reindex: {errors[:3]}"
        assert not bad, f"searches saw a gap during the reindex: {bad[:5]}"
        assert during >= 2, f"only {during} search rounds ran alongside the reindex"
        return result

    second, count = run_with_searches()
    assert count == n
    assert second != first
    assert alias_indices(client, alias) == [second]
    assert client.indices.exists(index=first), "the previous index was not kept"
    assert client.count(index=alias)["count"] == n

    third, count = run_with_searches()
    assert count == n
    assert alias_indices(client, alias) == [third]
    # the build turns periodic refresh off; the live index must have it back
    own = client.indices.get_settings(index=third, name="index.refresh_interval")
    assert own.get(third, {}).get("settings", {}) == {}, f"refresh left changed: {own}"
    # and it is merged before the swap: searches pay per segment in every aggregation
    segs = [s for s in client.cat.segments(index=third, format="json")
            if s.get("searchable") == "true"]
    assert len(segs) == 1, f"the rebuilt index has {len(segs)} segments"
    names = sorted(client.indices.get(index=f"{alias}-v*").keys())
    assert names == sorted([second, third]), f"keep_previous=1 should leave one spare: {names}"
    assert not client.indices.exists(index=first)
    assert snapshot(client, alias)["count"] == n



def _two_day_alias(dataset: Dataset, tmp_path: Path) -> tuple[Any, Any, Path, str, int]:
    """The dataset split over two partitions, loaded into this test's alias."""
    from etl.config import Settings
    from etl.index import load_partition, make_client
    from etl.index.manage import alias_indices
    from etl.parquet_io import write_partition

    data = tmp_path / "data"
    rows = rows_copy(dataset)
    half = len(rows) // 2
    days = [dataset.day, dataset.day + timedelta(days=1)]
    write_partition(data, "articles", days[0], rows[:half])
    write_partition(data, "articles", days[1], rows[half:])
    settings = Settings.from_env(data_dir=data)
    client = make_client(settings.index)
    for d in days:
        assert not load_partition(client, settings.index, data, d).rejects
    (live,) = alias_indices(client, settings.index.alias)
    assert client.count(index=settings.index.alias)["count"] == len(rows)
    return client, settings.index, data, live, len(rows)


def test_reindex_of_a_dir_without_partitions_keeps_the_alias(
    dataset: Dataset, index_env: str, tmp_path: Path
) -> None:
    from etl.errors import NewsEtlError
    from etl.index import reindex
    from etl.index.manage import alias_indices

    client, options, _, live, n = _two_day_alias(dataset, tmp_path)
    alias = index_env
    empty = tmp_path / "empty"
    empty.mkdir()
    raised: NewsEtlError | None = None
    try:
        reindex(client, options, empty)
    except NewsEtlError as exc:
        raised = exc
    kept = alias_indices(client, alias) == [live]
    assert raised is not None and kept, (
        "BUG etl/index/manage.py reindex: a data dir without articles partitions "
        f"{'swapped the alias to an empty index' if not kept else 'raised nothing'} "
        f"(alias now -> {alias_indices(client, alias)}, "
        f"{client.count(index=alias)['count']} documents); it should raise InvalidInputError "
        "and leave the alias alone"
    )
    assert client.count(index=alias)["count"] == n


def test_a_failed_reindex_keeps_the_alias_and_leaves_no_debris(
    dataset: Dataset, index_env: str, tmp_path: Path
) -> None:
    from etl.index import reindex
    from etl.index.manage import alias_indices

    client, options, data, live, n = _two_day_alias(dataset, tmp_path)
    alias = index_env

    def fail(_: int) -> None:
        raise RuntimeError("simulated failure after the first partition")

    with pytest.raises(RuntimeError, match="simulated"):
        reindex(client, options, data, progress=fail)
    assert alias_indices(client, alias) == [live]
    assert client.count(index=alias)["count"] == n
    names = sorted(client.indices.get(index=f"{alias}-v*").keys())
    assert names == [live], (
        f"BUG etl/index/manage.py reindex: a failed rebuild left {sorted(set(names) - {live})}; "
        "the next prune counts it as the rollback index and deletes the real previous one"
    )
