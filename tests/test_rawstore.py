"""Raw page WARC store and reading inputs."""

from __future__ import annotations

import gzip
import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from etl.errors import InvalidInputError, TooLargeError
from etl.rawstore import iter_warc, read_input, read_warc_record, write_warc
from etl.records import InputRef, RawPage

LATIN1 = "<html><head><meta charset='iso-8859-1'></head><body>Café «déjà»</body></html>"


def pages() -> list[RawPage]:
    return [
        RawPage(
            url="https://news.example.com/a",
            body=LATIN1.encode("iso-8859-1"),
            fetched_at=datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC),
            content_type="text/html; charset=iso-8859-1",
            headers={"Server": "nginx", "Etag": '"abc"', "Content-Encoding": "gzip"},
            final_url="https://news.example.com/a?final",
            source="feed:https://news.example.com/rss",
        ),
        RawPage(
            url="https://news.example.com/b",
            body=bytes(range(256)) * 10,  # not valid UTF-8 at all
            fetched_at=datetime(2024, 1, 2, 23, 59, 59, tzinfo=UTC),
            content_type="text/html",
        ),
        RawPage(
            url="https://news.example.com/c",
            body=b"",
            fetched_at=datetime(2024, 1, 3, tzinfo=UTC),
            http_status=304,
            content_type=None,
        ),
    ]


def test_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "raw" / "part-0.warc.gz"
    originals = pages()
    assert write_warc(path, originals) == 3
    read = list(iter_warc(path))
    assert [p.url for _, p in read] == [p.url for p in originals]
    for (_, got), want in zip(read, originals, strict=True):
        assert got.body == want.body
        assert got.fetched_at == want.fetched_at
        assert got.http_status == want.http_status
        assert got.content_type == want.content_type
        assert got.headers.get("Content-Type") == want.content_type
        assert got.final_url == (want.final_url or want.url)
        assert got.source == want.source
    first = read[0][1]
    assert first.headers["Etag"] == '"abc"'
    # The stored body is decoded, so the encoding header must not survive.
    assert "Content-Encoding" not in first.headers
    assert first.body.decode("iso-8859-1") == LATIN1


def test_file_is_gzip_per_record_and_offsets_seek(tmp_path: Path) -> None:
    path = tmp_path / "p.warc.gz"
    write_warc(path, pages())
    assert path.read_bytes()[:2] == b"\x1f\x8b"
    offsets = [offset for offset, _ in iter_warc(path)]
    assert offsets[0] == 0 and offsets == sorted(offsets)
    for offset, page in iter_warc(path):
        assert read_warc_record(path, offset).body == page.body


def test_rewrite_replaces_whole_file(tmp_path: Path) -> None:
    path = tmp_path / "p.warc.gz"
    write_warc(path, pages())
    write_warc(path, pages()[:1])
    assert len(list(iter_warc(path))) == 1


def test_atomic_write_leaves_no_partial_file(tmp_path: Path) -> None:
    path = tmp_path / "p.warc.gz"

    def broken() -> Iterator[RawPage]:
        yield pages()[0]
        raise RuntimeError("producer failed")

    with pytest.raises(RuntimeError):
        write_warc(path, broken())
    assert list(tmp_path.iterdir()) == []

    write_warc(path, pages())
    before = path.read_bytes()
    with pytest.raises(RuntimeError):
        write_warc(path, broken())
    assert path.read_bytes() == before  # the old partition is intact
    assert [p.name for p in tmp_path.iterdir()] == ["p.warc.gz"]


def test_truncated_warc_raises_at_point_of_failure(tmp_path: Path) -> None:
    path = tmp_path / "p.warc.gz"
    big = [
        RawPage(
            url=f"https://x.example/{i}",
            body=os.urandom(4000),
            fetched_at=datetime(2024, 1, 2, tzinfo=UTC),
        )
        for i in range(3)
    ]
    write_warc(path, big)
    data = path.read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[: len(data) - 1500])
    got: list[str] = []
    with pytest.raises(InvalidInputError, match=r"truncated|broken"):
        for _, page in iter_warc(cut):
            got.append(page.url)
    assert got == ["https://x.example/0", "https://x.example/1"]


def test_garbage_is_invalid_input(tmp_path: Path) -> None:
    path = tmp_path / "bad.warc"
    path.write_bytes(b"this is not a warc file\n" * 20)
    with pytest.raises(InvalidInputError):
        list(iter_warc(path))
    with pytest.raises(InvalidInputError):
        read_warc_record(path, 0)


def test_read_input_file_html_and_gzip(tmp_path: Path) -> None:
    html = tmp_path / "a.html"
    html.write_bytes(LATIN1.encode("iso-8859-1"))
    packed = tmp_path / "b.html.gz"
    packed.write_bytes(gzip.compress(b"<html>gz</html>"))
    page = read_input(InputRef(kind="file", location=str(html), url=""), None)
    assert page.url == html.resolve().as_uri()
    assert page.body == LATIN1.encode("iso-8859-1")
    assert page.fetched_at.tzinfo is not None
    page = read_input(
        InputRef(kind="file", location=str(packed), url="https://news.example.com/b"), None
    )
    assert page.url == "https://news.example.com/b"
    assert page.body == b"<html>gz</html>"


def test_read_input_gzip_bomb_and_truncated(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.html.gz"
    bomb.write_bytes(gzip.compress(b" " * 3_000_000))
    with pytest.raises(TooLargeError):
        read_input(InputRef(kind="file", location=str(bomb), url=""), None, max_bytes=1_000_000)
    cut = tmp_path / "cut.html.gz"
    cut.write_bytes(gzip.compress(os.urandom(5000))[:-100])
    with pytest.raises(InvalidInputError):
        read_input(InputRef(kind="file", location=str(cut), url=""), None)
    with pytest.raises(InvalidInputError):
        read_input(InputRef(kind="file", location=str(tmp_path / "nope.html"), url=""), None)


def test_read_input_warc_and_errors(tmp_path: Path) -> None:
    path = tmp_path / "p.warc.gz"
    write_warc(path, pages())
    offset = [o for o, _ in iter_warc(path)][1]
    page = read_input(
        InputRef(
            kind="warc",
            location=str(path),
            url="https://news.example.com/b",
            warc_offset=offset,
            source="s",
        ),
        None,
    )
    assert page.body == pages()[1].body
    assert page.source == "s"
    with pytest.raises(InvalidInputError):
        read_input(
            InputRef(kind="url", location="https://x.example/", url="https://x.example/"), None
        )
    with pytest.raises(InvalidInputError):
        read_input(InputRef(kind="ftp", location="x", url="x"), None)


def test_file_uri_pages_round_trip_with_http_headers(tmp_path: Path) -> None:
    # Local files are kept under file:// URIs; their records still carry the
    # reconstructed HTTP status and headers, so discovery and reading agree.
    from etl.discover import discover

    source = tmp_path / "a.html"
    source.write_bytes(b"<html><body>local</body></html>")
    original = read_input(InputRef(kind="file", location=str(source), url=""), None)
    path = tmp_path / "raw.warc.gz"
    write_warc(path, [original])
    [(offset, page)] = list(iter_warc(path))
    assert page.url == source.resolve().as_uri()
    assert page.body == original.body
    assert page.http_status == 200 and page.content_type == "text/html"
    found = discover([str(path)], interval=None, fetcher=None)
    assert found.rejects == []
    assert [(r.url, r.warc_offset) for r in found.inputs] == [(page.url, offset)]
