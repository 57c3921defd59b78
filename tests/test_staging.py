from __future__ import annotations

from datetime import UTC, datetime

from etl import staging
from etl.records import Article, Image, Person, Place, Quote


def _article() -> Article:
    return Article(
        id="i", url="u", canonical_url="u", source_domain="d", site_name=None, title="t",
        description=None, authors=["A B"], published_at=datetime(2026, 1, 1, 5, tzinfo=UTC),
        modified_at=None, language="en", section=None, tags=[], text="x y", word_count=2,
        content_hash="h", simhash=2**63 + 5, people=[Person("A B", 2, ["B"])],
        places=[Place("Oslo", 1, "NO", 59.9, 10.7, "city")], organizations=[],
        quotes=[Quote("q q q", "A B", "said", 0, 5)],
        images=[Image("http://i", alt="a", caption="c", credit="cr", people=["A B"], is_lead=True)],
        fetched_at=datetime(2026, 1, 1, tzinfo=UTC), run_id="r", pipeline_version="0",
    )


def test_round_trip_nested_dataclasses(tmp_path):
    path = tmp_path / "a.jsonl"
    assert staging.dump(path, [_article()]) == 1
    (back,) = list(staging.load(path, Article))
    assert back == _article()
    assert back.published_at is not None and back.published_at.tzinfo is not None


def test_missing_file_is_empty(tmp_path):
    assert list(staging.load(tmp_path / "none.jsonl", Article)) == []
