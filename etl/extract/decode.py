"""Bytes to text: refuse non-HTML bodies, then find the right character set.

The order follows what browsers do (BOM, HTTP header, ``<meta>``), with one
deliberate deviation: servers and templates often *declare* ISO-8859-1 or
windows-1252 while sending UTF-8, so a body that decodes cleanly as UTF-8 and
actually contains multibyte sequences is read as UTF-8 whatever it declares
(random legacy-encoded text almost never forms valid UTF-8 multibyte runs).
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from etl.errors import InvalidInputError, UnsupportedContentError

# Media types we parse as HTML. Others are refused unless the header is absent
# or generic, in which case the body is sniffed.
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_GENERIC_TYPES = frozenset({"", "application/octet-stream", "text/plain", "binary/octet-stream"})

# Magic numbers of formats that show up where HTML was expected.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"\x1f\x8b", "gzip data"),
    (b"BZh", "bzip2 data"),
    (b"\xfd7zXZ\x00", "xz data"),
    (b"7z\xbc\xaf\x27\x1c", "7z archive"),
    (b"OggS", "Ogg media"),
    (b"ID3", "MP3 audio"),
    (b"\x00asm", "WebAssembly"),
    (b"\x7fELF", "executable"),
    (b"MZ", "executable"),
    (b"\xd0\xcf\x11\xe0", "MS Office document"),
    (b"{\\rtf", "RTF document"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_CHARSET_PARAM = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.IGNORECASE)
_META_TAG = re.compile(rb"<meta\b[^>]*>", re.IGNORECASE)
_HTML_HINT = re.compile(rb"<\s*(?:!doctype\s+html|html|head|body|meta|title|div|p|article)\b", re.I)

# WHATWG: labels for Latin-1 and ASCII mean windows-1252 in practice.
_ALIASES = {"iso-8859-1": "cp1252", "latin-1": "cp1252", "latin1": "cp1252",
            "us-ascii": "cp1252", "ascii": "cp1252", "iso8859-1": "cp1252"}


def media_type(content_type: str | None) -> str:
    """Return the lowercased media type of a Content-Type value (no parameters).

    Args:
        content_type: a header value such as ``text/html; charset=utf-8``, or None.

    Returns:
        The bare media type, ``""`` when absent.
    """
    if not content_type:
        return ""
    return content_type.split(";", 1)[0].strip().lower()


def sniff_binary(body: bytes) -> str | None:
    """Name the binary format of ``body`` when it is clearly not text.

    Args:
        body: raw bytes.

    Returns:
        A short description (``"PDF"``, ``"PNG image"``...) or None when it may be text.
    """
    head = body[:16]
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return None  # UTF-16/32 text legitimately contains NUL bytes
    for magic, name in _MAGIC:
        if head.startswith(magic):
            return name
    if head[4:8] == b"ftyp":
        return "MP4/ISO media"
    if head.startswith(b"RIFF") and head[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        return "RIFF media"
    sample = body[:4096]
    if sample:
        # Text has (almost) no NULs or C0 controls besides tab/CR/LF/FF/ESC.
        controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
        if b"\x00" in sample or controls / len(sample) > 0.05:
            return "binary data"
    return None


def check_html(body: bytes, content_type: str | None) -> None:
    """Refuse bodies that are not HTML.

    Args:
        body: raw bytes.
        content_type: the Content-Type header, or None when unknown (local files).

    Raises:
        UnsupportedContentError: the declared type is not HTML, or the bytes are binary.
    """
    mtype = media_type(content_type)
    binary = sniff_binary(body)
    if binary:
        raise UnsupportedContentError(
            f"body is {binary}, not HTML (content-type {mtype or 'unknown'})"
        )
    if mtype in _HTML_TYPES or (mtype.endswith("+xml") and "html" in mtype):
        return
    if mtype in _GENERIC_TYPES and _HTML_HINT.search(body[:8192]):
        return  # mislabelled or unlabelled, but the markup says HTML
    raise UnsupportedContentError(f"content-type {mtype or 'unknown'} is not HTML")


def _lookup(label: str | None) -> str | None:
    """Map a charset label to a Python codec name, or None when unknown."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    label = _ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def declared_charset(body: bytes, content_type: str | None) -> str | None:
    """Charset declared by the HTTP header, else by a ``<meta>`` tag in the first 4 KiB.

    Args:
        body: raw bytes.
        content_type: the Content-Type header value, or None.

    Returns:
        A Python codec name, or None when nothing usable is declared.
    """
    if content_type:
        match = _CHARSET_PARAM.search(content_type.encode("latin-1", "replace"))
        if match and (codec := _lookup(match.group(1).decode("ascii", "replace"))):
            return codec
    for tag in _META_TAG.findall(body[:4096]):
        match = _CHARSET_PARAM.search(tag)
        if match and (codec := _lookup(match.group(1).decode("ascii", "replace"))):
            # A page that says utf-16 in an ASCII-compatible meta tag cannot be
            # utf-16 (the tag itself would be unreadable): WHATWG maps it to utf-8.
            return "utf-8" if codec.startswith("utf-16") else codec
    return None


def _strict(body: bytes, codec: str) -> str | None:
    try:
        return body.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_html(body: bytes, content_type: str | None) -> str:
    """Decode an HTML body to text.

    Order: byte-order mark; valid UTF-8 with multibyte characters (even when
    another charset is declared, since mislabelled UTF-8 is far more common
    than the reverse); the declared charset (HTTP header, then ``<meta>``)
    when the bytes are valid in it; charset-normalizer's guess; finally the
    declared charset or UTF-8 with replacement when only a few bytes are bad.

    Args:
        body: raw bytes.
        content_type: Content-Type header value, or None.

    Returns:
        The decoded text, without a BOM.

    Raises:
        InvalidInputError: no charset decodes the body acceptably.
    """
    for bom, codec in _BOMS:
        if body.startswith(bom):
            text = _strict(body[len(bom) :], codec)
            if text is not None:
                return text
            break
    utf8 = _strict(body, "utf-8")
    if utf8 is not None and (not body.isascii()):
        return utf8
    declared = declared_charset(body, content_type)
    if declared:
        text = _strict(body, declared)
        if text is not None:
            return text
    if utf8 is not None:
        return utf8  # pure ASCII and no usable declaration
    best = from_bytes(body[:200_000]).best()
    if best is not None and best.encoding:
        text = _strict(body, best.encoding)
        if text is not None:
            return text
    fallback = declared or "utf-8"
    text = body.decode(fallback, errors="replace")
    # A handful of bad bytes (truncated page, one stray byte) is tolerable;
    # a body that is mostly replacement characters is not text we can use.
    if text.count("\ufffd") <= max(8, len(text) // 1000):
        return text
    raise InvalidInputError(f"cannot decode body: not valid {fallback} and no charset detected")
