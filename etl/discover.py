"""Discovery: turn configured sources into the list of inputs of one run.

A source is a local HTML file, a folder, a WARC, a URL list, or an http(s)
URL of a feed, sitemap (index) or article page. Broken sources never crash a
run: each becomes a ``(location, error)`` reject with stage ``discover``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

from etl.errors import InvalidInputError, NewsEtlError, UnsupportedContentError
from etl.feeds import (
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_ENTRIES,
    KIND_HTML,
    KIND_SITEMAP_INDEX,
    parse_feed,
    sniff,
)
from etl.fetch import Fetcher
from etl.rawstore import iter_warc_records, parse_warc_date, read_file_bytes
from etl.records import InputRef, RawPage

HTML_SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz")
WARC_SUFFIXES = (".warc", ".warc.gz")
LIST_SUFFIXES = (".txt", ".urls")
FEED_SUFFIXES = (".xml", ".xml.gz", ".rss", ".atom")
_HTML_MEDIA = ("text/html", "application/xhtml+xml")

Interval = tuple[datetime, datetime]


@dataclass(frozen=True)
class DiscoverOptions:
    """Limits and switches of discovery.

    Attributes:
        max_sitemap_depth: levels of sitemap indexes followed below a source.
        max_entries_per_document: entries kept per feed or sitemap.
        max_document_bytes: byte cap of one feed or sitemap.
        max_urls_per_list: URLs read from one URL list file.
        max_file_bytes: cap for verifying local (gzip) HTML files.
        verify_files: read local HTML files once so broken gzip is rejected here.
    """

    max_sitemap_depth: int = 3
    max_entries_per_document: int = DEFAULT_MAX_ENTRIES
    max_document_bytes: int = DEFAULT_MAX_BYTES
    max_urls_per_list: int = 1_000_000
    max_file_bytes: int = 20 * 1024 * 1024
    verify_files: bool = True


@dataclass(slots=True)
class Discovery:
    """What discovery found.

    Attributes:
        inputs: inputs to process, de-duplicated by URL, in discovery order.
        rejects: ``(location, error)`` for sources or entries that could not be used.
        out_of_interval: dated inputs left out because they belong to other intervals.
        duplicates: inputs left out because their URL was already listed.
    """

    inputs: list[InputRef] = field(default_factory=list)
    rejects: list[tuple[str, NewsEtlError]] = field(default_factory=list)
    out_of_interval: int = 0
    duplicates: int = 0


def _aware(when: datetime) -> datetime:
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when


class _Collector:
    """Accumulates inputs, applying the interval filter and URL de-duplication."""

    def __init__(
        self, interval: Interval | None, keep_page: Callable[[RawPage, str], InputRef] | None
    ) -> None:
        # Naive bounds are taken as UTC so they compare with aware source dates.
        self.interval = None if interval is None else (_aware(interval[0]), _aware(interval[1]))
        self.keep_page = keep_page
        self.result = Discovery()
        self._seen: set[str] = set()

    def add(self, ref: InputRef) -> None:
        if self.interval is not None and ref.hinted_date is not None:
            start, end = self.interval
            if not start <= ref.hinted_date < end:
                self.result.out_of_interval += 1
                return
        key = ref.url or ref.location
        if key in self._seen:
            self.result.duplicates += 1
            return
        self._seen.add(key)
        self.result.inputs.append(ref)

    def has(self, key: str) -> bool:
        return key in self._seen

    def reject(self, location: str, error: NewsEtlError) -> None:
        # Errors from fetching or parsing carry their own stage; here they are
        # reasons a source could not be discovered.
        error.stage = "discover"
        self.result.rejects.append((location, error))


def _has_suffix(name: str, suffixes: Sequence[str]) -> bool:
    lower = name.lower()
    return any(lower.endswith(suffix) for suffix in suffixes)


def _is_http(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def _local_path(source: str) -> Path:
    if source.lower().startswith("file://"):
        return Path(unquote(urlsplit(source).path))
    return Path(source).expanduser()


def _walk_html(folder: Path) -> Iterator[Path]:
    """Yield HTML files below ``folder`` in a stable (sorted) order."""
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            if _has_suffix(name, HTML_SUFFIXES):
                yield Path(root) / name


def _add_file(path: Path, source: str, out: _Collector, options: DiscoverOptions) -> None:
    absolute = path.resolve()
    if options.verify_files:
        try:
            read_file_bytes(absolute, max_bytes=options.max_file_bytes)
        except NewsEtlError as exc:
            out.reject(str(absolute), exc)
            return
    out.add(InputRef(kind="file", location=str(absolute), url=absolute.as_uri(), source=source))


def _add_warc(path: Path, source: str, out: _Collector) -> None:
    absolute = path.resolve()
    try:
        with absolute.open("rb") as stream:
            for offset, record in iter_warc_records(stream, absolute):
                if record.rec_type != "response":
                    continue  # request, metadata and warcinfo records are not inputs
                url = record.rec_headers.get_header("WARC-Target-URI") or ""
                location = f"{absolute}#{offset}"
                status = record.http_headers.get_statuscode() if record.http_headers else None
                media = (
                    (
                        record.http_headers.get_header("Content-Type") or ""
                        if record.http_headers
                        else ""
                    )
                    .split(";")[0]
                    .strip()
                    .lower()
                )
                if status != "200":
                    code = int(status) if status and status.isdigit() else None
                    out.reject(
                        url or location,
                        UnsupportedContentError(
                            f"WARC response with HTTP status {status} at {location}",
                            http_status=code,
                        ),
                    )
                    continue
                if media and media not in _HTML_MEDIA:
                    out.reject(
                        url or location,
                        UnsupportedContentError(
                            f"WARC response of type {media!r} at {location}", http_status=200
                        ),
                    )
                    continue
                out.add(
                    InputRef(
                        kind="warc",
                        location=str(absolute),
                        url=url,
                        warc_offset=offset,
                        source=source,
                        hinted_date=parse_warc_date(record.rec_headers.get_header("WARC-Date")),
                    )
                )
    except OSError as exc:
        out.reject(str(absolute), InvalidInputError(f"cannot read WARC {absolute}: {exc}"))
    except NewsEtlError as exc:
        # The records before the damage are kept; the damage itself is a reject.
        out.reject(str(absolute), exc)


def _add_url_list(path: Path, source: str, out: _Collector, options: DiscoverOptions) -> None:
    try:
        with path.open("r", encoding="utf-8", errors="replace") as lines:
            for lineno, line in enumerate(lines, start=1):
                if lineno > options.max_urls_per_list:
                    out.reject(
                        f"{path}:{lineno}",
                        InvalidInputError(
                            f"URL list {path} longer than {options.max_urls_per_list} lines; "
                            "rest ignored"
                        ),
                    )
                    break
                text = line.strip()
                if not text or text.startswith("#"):
                    continue
                if not _is_http(text) or not urlsplit(text).hostname:
                    out.reject(
                        text,
                        InvalidInputError(f"not an http(s) URL at {path}:{lineno}: {text[:200]!r}"),
                    )
                    continue
                out.add(InputRef(kind="url", location=text, url=text, source=source))
    except (OSError, ValueError) as exc:
        out.reject(str(path), InvalidInputError(f"cannot read URL list {path}: {exc}"))


def _add_feed_document(
    data: bytes,
    location: str,
    source: str,
    out: _Collector,
    options: DiscoverOptions,
    fetcher: Fetcher | None,
    depth: int,
    visited: set[str],
) -> None:
    """Add the entries of a parsed feed/sitemap; recurse into sitemap indexes."""
    base = location if _is_http(location) else None
    try:
        doc = parse_feed(
            data,
            base_url=base,
            max_bytes=options.max_document_bytes,
            max_entries=options.max_entries_per_document,
        )
    except NewsEtlError as exc:
        out.reject(location, exc)
        return
    if doc.skipped:
        out.reject(
            location,
            InvalidInputError(
                f"{doc.skipped} entries beyond the limit of {options.max_entries_per_document} "
                f"in {location} were not read"
            ),
        )
    if doc.invalid:
        out.reject(
            location,
            InvalidInputError(f"{doc.invalid} entries without an http(s) URL in {location}"),
        )
    if doc.kind != KIND_SITEMAP_INDEX:
        for entry in doc.entries:
            out.add(
                InputRef(
                    kind="url",
                    location=entry.url,
                    url=entry.url,
                    source=source,
                    hinted_date=entry.date,
                )
            )
        return
    for entry in doc.entries:
        if depth >= options.max_sitemap_depth:
            out.reject(
                entry.url,
                InvalidInputError(
                    f"sitemap index nesting deeper than {options.max_sitemap_depth} at {entry.url}"
                ),
            )
            continue
        if out.interval is not None and entry.date is not None and entry.date < out.interval[0]:
            # A child sitemap unchanged since before the interval cannot list
            # pages of the interval.
            continue
        _add_remote(entry.url, source, out, options, fetcher, depth + 1, visited)


def _add_remote(
    url: str,
    source: str,
    out: _Collector,
    options: DiscoverOptions,
    fetcher: Fetcher | None,
    depth: int,
    visited: set[str],
) -> None:
    if url in visited:
        return  # sitemap index loops
    visited.add(url)
    if fetcher is None:
        out.reject(url, InvalidInputError(f"no fetcher configured to read {url}"))
        return
    try:
        page = fetcher.fetch_document(url, max_bytes=options.max_document_bytes)
    except NewsEtlError as exc:
        out.reject(url, exc)
        return
    body = page.body
    kind = sniff(body) if body[:2] != b"\x1f\x8b" else "gzip"
    if kind == KIND_HTML:
        # An article page given directly: hand the page itself on when the caller keeps it,
        # so the fetch stage does not ask the site for it a second time.
        if out.keep_page is not None and not out.has(url):
            out.add(out.keep_page(page, source))
        else:
            out.add(InputRef(kind="url", location=url, url=url, source=source))
        return
    _add_feed_document(body, page.final_url or url, source, out, options, fetcher, depth, visited)


def _add_local_feed(
    path: Path, source: str, out: _Collector, options: DiscoverOptions, fetcher: Fetcher | None
) -> None:
    try:
        with path.open("rb") as stream:
            data = stream.read(options.max_document_bytes + 1)
    except OSError as exc:
        out.reject(str(path), InvalidInputError(f"cannot read {path}: {exc}"))
        return
    _add_feed_document(data, str(path), source, out, options, fetcher, 0, set())


def _add_source(
    source: str, out: _Collector, options: DiscoverOptions, fetcher: Fetcher | None
) -> None:
    if _is_http(source):
        _add_remote(source, source, out, options, fetcher, 0, set())
        return
    if "://" in source and not source.lower().startswith("file://"):
        out.reject(source, InvalidInputError(f"unsupported source scheme: {source!r}"))
        return
    path = _local_path(source)
    try:
        if path.is_dir():
            for file in _walk_html(path):
                _add_file(file, source, out, options)
            return
        if not path.is_file():
            out.reject(source, InvalidInputError(f"no such file or folder: {source}"))
            return
    except OSError as exc:
        out.reject(source, InvalidInputError(f"cannot access {source}: {exc}"))
        return
    name = path.name
    if _has_suffix(name, WARC_SUFFIXES):
        _add_warc(path, source, out)
    elif _has_suffix(name, LIST_SUFFIXES):
        _add_url_list(path, source, out, options)
    elif _has_suffix(name, HTML_SUFFIXES):
        _add_file(path, source, out, options)
    elif _has_suffix(name, FEED_SUFFIXES):
        _add_local_feed(path, source, out, options, fetcher)
    else:
        out.reject(source, InvalidInputError(f"unsupported file type: {source}"))


def discover(
    sources: Sequence[str],
    *,
    interval: Interval | None = None,
    fetcher: Fetcher | None = None,
    options: DiscoverOptions | None = None,
    keep_page: Callable[[RawPage, str], InputRef] | None = None,
) -> Discovery:
    """Find the inputs of a run.

    Args:
        sources: local files (``.html``, ``.htm``, ``.html.gz``), folders
            (searched recursively for those), WARCs (``.warc``, ``.warc.gz``),
            URL lists (``.txt``, ``.urls``; one URL a line, ``#`` comments),
            local feeds/sitemaps (``.xml``, ``.xml.gz``, ``.rss``, ``.atom``) and
            http(s) URLs of feeds, sitemaps, sitemap indexes or article pages.
        interval: ``[start, end)`` in aware UTC; inputs whose source date
            (feed date, sitemap lastmod, WARC-Date) is known and outside it are
            left out. Inputs without a date are always kept.
        fetcher: used for http(s) sources; without one they are rejected.
        options: limits; defaults when ``None``.
        keep_page: given an article page fetched while telling pages from feeds (and
            its source), returns the input that stands for it, e.g. a record of a
            staged WARC; without it such a page becomes a ``url`` input, fetched again.

    Returns:
        Inputs (de-duplicated by URL) and rejects with stage ``discover``.
    """
    options = options or DiscoverOptions()
    out = _Collector(interval, keep_page)
    for source in sources:
        _add_source(source.strip(), out, options, fetcher)
    return out.result


__all__ = ["DiscoverOptions", "Discovery", "discover"]
