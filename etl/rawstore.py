"""Raw pages kept as WARC files, and reading any input into a RawPage.

Raw pages are kept per partition so a backfill can re-extract without
fetching again. WARCs are written atomically (temporary file in the same
folder, fsync, rename): a reader never sees a half-written file.
"""

from __future__ import annotations

import gzip
import http
import io
import os
import tempfile
import zlib
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from etl.errors import InvalidInputError, NewsEtlError, TooLargeError
from etl.records import InputRef, RawPage

if TYPE_CHECKING:
    from etl.fetch import Fetcher

DEFAULT_MAX_FILE_BYTES = 20 * 1024 * 1024
# Hop-by-hop or encoding headers that no longer describe the stored body.
_NOT_STORED = frozenset({"content-encoding", "content-length", "transfer-encoding", "content-type"})
# On reading, Content-Type stays (as fetched pages have it); the rest no
# longer describes the decoded body.
_NOT_KEPT = frozenset({"content-encoding", "content-length", "transfer-encoding"})
_DRAIN = 64 * 1024
_HTTP_SCHEMES: tuple[str, ...] = ("http:", "https:")
_FINAL_URI = "WARC-Newsetl-Final-URI"
_SOURCE = "WARC-Newsetl-Source"
_WARC_ERRORS: tuple[type[BaseException], ...] = (
    ArchiveLoadFailed,
    EOFError,
    zlib.error,
    OSError,
    ValueError,
    KeyError,
    AttributeError,
    TypeError,
)


def _warc_date(when: datetime) -> str:
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_warc_date(value: str | None) -> datetime | None:
    """Parse a WARC-Date (ISO 8601, ``Z``) into aware UTC; ``None`` if absent or bad."""
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC)


def _reason(status: int) -> str:
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


def _write_record(writer: WARCWriter, page: RawPage) -> None:
    status = page.http_status or 200
    headers = [(k, v) for k, v in page.headers.items() if k.lower() not in _NOT_STORED]
    if page.content_type:
        headers.append(("Content-Type", page.content_type))
    headers.append(("Content-Length", str(len(page.body))))
    http_headers = StatusAndHeaders(f"{status} {_reason(status)}", headers, protocol="HTTP/1.1")
    warc_headers = {"WARC-Date": _warc_date(page.fetched_at)}
    if page.final_url and page.final_url != page.url:
        warc_headers[_FINAL_URI] = page.final_url
    if page.source:
        warc_headers[_SOURCE] = page.source
    record = writer.create_warc_record(
        page.url,
        "response",
        payload=io.BytesIO(page.body),
        length=len(page.body),
        http_headers=http_headers,
        warc_headers_dict=warc_headers,
    )
    writer.write_record(record)


def write_warc(path: Path, pages: Iterable[RawPage]) -> int:
    """Write pages as gzipped WARC ``response`` records, atomically.

    Args:
        path: destination (``.warc.gz``); replaced as a whole if it exists.
        pages: pages to store; bodies are stored as given (already decoded).

    Returns:
        The number of records written.

    Raises:
        OSError: the file cannot be written (no partial file is left behind).
        Any error raised while iterating ``pages`` (likewise).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    count = 0
    try:
        with os.fdopen(fd, "wb") as out:
            writer = WARCWriter(out, gzip=True)
            for page in pages:
                _write_record(writer, page)
                count += 1
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    # Make the rename itself durable.
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
    return count


def _page_of(record: Any, path: Path, max_bytes: int, record_offset: int | None = None) -> RawPage:
    """Build a RawPage from a warcio response record."""
    http_headers = record.http_headers
    status: int | None = None
    headers: dict[str, str] = {}
    if http_headers is not None:
        try:
            status = int(http_headers.get_statuscode())
        except (TypeError, ValueError):
            status = None
        for name, value in http_headers.headers:
            headers[name] = f"{headers[name]}, {value}" if name in headers else value
    # content_stream() undoes chunked transfer and gzip content encoding.
    body = record.content_stream().read(max_bytes + 1)
    url = record.rec_headers.get_header("WARC-Target-URI") or ""
    if len(body) > max_bytes:
        raise TooLargeError(f"WARC record over {max_bytes} bytes: {url} in {path}", stage="read")
    offset = -1 if record_offset is None else record_offset
    _check_complete(record, path, offset)
    fetched_at = parse_warc_date(record.rec_headers.get_header("WARC-Date"))
    content_type = headers.get("Content-Type")
    for name in list(headers):
        if name.lower() in _NOT_KEPT:
            del headers[name]
    return RawPage(
        url=url,
        body=body,
        fetched_at=fetched_at or datetime.now(UTC),
        http_status=status,
        content_type=content_type,
        headers=headers,
        final_url=record.rec_headers.get_header(_FINAL_URI) or url,
        source=record.rec_headers.get_header(_SOURCE) or "",
    )


def _check_complete(record: Any, path: Path, offset: int) -> None:
    """Raise if the record's block ended before its declared Content-Length.

    warcio returns a short body silently when a file is cut off; the
    ``LimitReader`` under the record still counts the missing bytes.
    """
    raw = record.raw_stream
    while raw.read(_DRAIN):
        pass
    missing = getattr(raw, "limit", 0)
    if missing:
        raise InvalidInputError(
            f"truncated WARC {path}: record at offset {offset} lacks {missing} bytes", stage="read"
        )


def iter_warc_records(stream: BinaryIO, path: Path) -> Iterator[tuple[int, Any]]:
    """Yield ``(offset, record)`` for every record, mapping read errors to InvalidInputError.

    Args:
        stream: open binary file positioned at the start of a record.
        path: file name, for error messages.

    Returns:
        Iterator of offsets and warcio records (valid until the next step).

    Raises:
        InvalidInputError: broken gzip or WARC, with the offset where reading failed.
    """
    offset = stream.tell()
    try:
        iterator = ArchiveIterator(stream)
        # warcio parses HTTP headers only for http(s) target URIs; local files
        # are stored under file:// URIs with the same reconstructed headers.
        iterator.loader.HTTP_SCHEMES = (*_HTTP_SCHEMES, "file:")
        for record in iterator:
            # ``offset`` is where the current record starts until it is read
            # to the end; get_record_offset() would consume the content first.
            offset = int(iterator.offset)
            if record.format != "warc":
                # warcio also reads the older ARC format, and it reads almost
                # any text as ARC: only WARC is a valid input here.
                raise InvalidInputError(
                    f"not a WARC file: {path} (record at offset {offset} is {record.format!r})",
                    stage="read",
                )
            yield offset, record
            _check_complete(record, path, offset)
        offset = int(iterator.offset)
        # warcio stops silently when a gzip member is cut inside its headers;
        # anything but whitespace after the last good record is damage.
        stream.seek(offset)
        rest = stream.read(_DRAIN)
    except NewsEtlError:
        raise
    except Exception as exc:
        # A parser fed corrupt bytes can fail in many ways (warcio raises
        # AttributeError on some cut headers); all mean "broken input".
        raise InvalidInputError(
            f"broken WARC {path} near offset {offset}: {type(exc).__name__}: {exc}".strip(),
            stage="read",
        ) from exc
    if rest.strip():
        raise InvalidInputError(
            f"truncated or unreadable WARC {path}: no complete record at offset {offset}",
            stage="read",
        )


def iter_warc(
    path: Path, *, max_bytes: int = DEFAULT_MAX_FILE_BYTES
) -> Iterator[tuple[int, RawPage]]:
    """Read the ``response`` records of a WARC as pages.

    Args:
        path: ``.warc`` or ``.warc.gz`` file.
        max_bytes: largest record body accepted.

    Returns:
        Iterator of ``(record offset, page)``.

    Raises:
        InvalidInputError: unreadable file, broken gzip or truncated record
            (raised where the damage is, after the good records before it).
        TooLargeError: a record body over ``max_bytes``.
    """
    path = Path(path)
    try:
        stream = path.open("rb")
    except OSError as exc:
        raise InvalidInputError(f"cannot open WARC {path}: {exc}", stage="read") from exc
    with stream:
        for offset, record in iter_warc_records(stream, path):
            if record.rec_type != "response":
                continue
            try:
                page = _page_of(record, path, max_bytes, offset)
            except _WARC_ERRORS as exc:
                raise InvalidInputError(
                    f"broken WARC record in {path} at offset {offset}: {type(exc).__name__}: {exc}",
                    stage="read",
                ) from exc
            yield offset, page


def read_warc_record(
    path: Path, offset: int, *, max_bytes: int = DEFAULT_MAX_FILE_BYTES
) -> RawPage:
    """Read the ``response`` record that starts at ``offset``.

    Args:
        path: WARC file.
        offset: record offset (as given by :func:`iter_warc` or discovery).
        max_bytes: largest record body accepted.

    Returns:
        The page.

    Raises:
        InvalidInputError: unreadable file, bad offset, or not a response record.
        TooLargeError: record body over ``max_bytes``.
    """
    path = Path(path)
    try:
        stream = path.open("rb")
    except OSError as exc:
        raise InvalidInputError(f"cannot open WARC {path}: {exc}", stage="read") from exc
    with stream:
        try:
            stream.seek(offset)
        except (OSError, ValueError) as exc:
            raise InvalidInputError(f"bad offset {offset} in {path}", stage="read") from exc
        for _, record in iter_warc_records(stream, path):
            if record.rec_type != "response":
                raise InvalidInputError(
                    f"record at offset {offset} of {path} is {record.rec_type!r}, not response",
                    stage="read",
                )
            try:
                return _page_of(record, path, max_bytes, offset)
            except _WARC_ERRORS as exc:
                raise InvalidInputError(
                    f"broken WARC record in {path} at offset {offset}: {exc}", stage="read"
                ) from exc
    raise InvalidInputError(f"no record at offset {offset} of {path}", stage="read")


def read_file_bytes(path: Path, *, max_bytes: int = DEFAULT_MAX_FILE_BYTES) -> bytes:
    """Read a local HTML file, decompressing gzip under a cap (gzip bombs).

    Gzip is recognised by its magic bytes, not the file name.

    Args:
        path: the file.
        max_bytes: largest (decompressed) size accepted.

    Returns:
        The file's (decompressed) bytes.

    Raises:
        InvalidInputError: unreadable file or broken/truncated gzip.
        TooLargeError: over ``max_bytes``.
    """
    path = Path(path)
    try:
        with path.open("rb") as raw:
            magic = raw.read(2)
            raw.seek(0)
            if magic == b"\x1f\x8b":
                with gzip.GzipFile(fileobj=raw) as unzipped:
                    data = unzipped.read(max_bytes + 1)
            else:
                data = raw.read(max_bytes + 1)
    except (OSError, EOFError, zlib.error) as exc:
        raise InvalidInputError(
            f"cannot read {path}: {type(exc).__name__}: {exc}", stage="read"
        ) from exc
    if len(data) > max_bytes:
        raise TooLargeError(f"{path} is over {max_bytes} bytes (decompressed)", stage="read")
    return data


def read_input(
    ref: InputRef, fetcher: Fetcher | None, *, max_bytes: int = DEFAULT_MAX_FILE_BYTES
) -> RawPage:
    """Read or fetch the page an input refers to.

    Args:
        ref: the input; ``kind`` is ``file``, ``warc`` or ``url``.
        fetcher: needed for ``url`` inputs.
        max_bytes: cap for files and WARC records (fetching uses the fetcher's cap).

    Returns:
        The page. For files, ``url`` is ``ref.url`` (a ``file://`` URI when no
        better URL is known) and ``fetched_at`` the file's modification time,
        so that re-reading the same file gives the same record.

    Raises:
        InvalidInputError: unknown kind, unreadable input, or no fetcher for a URL.
        TooLargeError: the input is over the cap.
        Any fetch error (see :meth:`etl.fetch.Fetcher.fetch`).
    """
    if ref.kind == "file":
        path = Path(ref.location)
        body = read_file_bytes(path, max_bytes=max_bytes)
        mtime = datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)
        url = ref.url or path.resolve().as_uri()
        # The charset is left to the extractor: files carry no HTTP header.
        return RawPage(
            url=url,
            body=body,
            fetched_at=mtime,
            http_status=200,
            content_type="text/html",
            final_url=url,
            source=ref.source,
        )
    if ref.kind == "warc":
        if ref.warc_offset is None:
            raise InvalidInputError(f"WARC input without offset: {ref.location}", stage="read")
        page = read_warc_record(Path(ref.location), ref.warc_offset, max_bytes=max_bytes)
        page.url = ref.url or page.url
        page.source = ref.source or page.source
        return page
    if ref.kind == "url":
        if fetcher is None:
            raise InvalidInputError(f"no fetcher configured for URL input {ref.url}", stage="fetch")
        page = fetcher.fetch(ref.url or ref.location)
        page.source = ref.source
        return page
    raise InvalidInputError(f"unknown input kind {ref.kind!r} for {ref.location}", stage="read")


__all__ = [
    "DEFAULT_MAX_FILE_BYTES",
    "iter_warc",
    "parse_warc_date",
    "read_file_bytes",
    "read_input",
    "read_warc_record",
    "write_warc",
]
