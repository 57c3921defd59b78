"""Exact and near-duplicate fingerprints of article text.

``content_hash`` catches byte-for-byte reposts after trivial whitespace or case
changes; ``simhash`` catches near duplicates (a wire story with a different
footer), compared with ``hamming``.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

_WORD = re.compile(r"\w+", re.UNICODE)
_MASK64 = (1 << 64) - 1


def normalize_text(text: str) -> str:
    """Normalize text for hashing: NFKC, case-folded, whitespace collapsed.

    Args:
        text: any text.

    Returns:
        The normalized text, so that cosmetic differences hash alike.
    """
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def content_hash(text: str) -> str:
    """SHA-256 hex digest of the normalized text.

    Args:
        text: article text.

    Returns:
        64 lowercase hex characters.
    """
    return hashlib.sha256(normalize_text(text).encode("utf-8")).hexdigest()


def _shingles(words: list[str], size: int) -> list[str]:
    if len(words) < size:
        # A very short text still needs a fingerprint: use what it has.
        return [" ".join(words)] if words else []
    return [" ".join(words[i : i + size]) for i in range(len(words) - size + 1)]


def simhash(text: str, shingle_size: int = 3) -> int:
    """64-bit SimHash over word shingles.

    Args:
        text: article text.
        shingle_size: words per shingle (3 keeps word order without being brittle).

    Returns:
        An unsigned 64-bit integer; 0 for a text without words.
    """
    words = _WORD.findall(normalize_text(text))
    weights = [0] * 64
    for shingle in _shingles(words, shingle_size):
        # blake2b is stable across processes, unlike the built-in hash().
        h = int.from_bytes(hashlib.blake2b(shingle.encode("utf-8"), digest_size=8).digest(), "big")
        for bit in range(64):
            weights[bit] += 1 if (h >> bit) & 1 else -1
    value = 0
    for bit, weight in enumerate(weights):
        if weight > 0:
            value |= 1 << bit
    return value & _MASK64


def hamming(a: int, b: int) -> int:
    """Number of differing bits between two 64-bit fingerprints.

    Args:
        a: first fingerprint.
        b: second fingerprint.

    Returns:
        A count between 0 and 64.
    """
    return ((a ^ b) & _MASK64).bit_count()
