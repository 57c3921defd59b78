"""Duplicates within one day, decided one article at a time in input order.

Exact duplicates (the same id, i.e. the same canonical URL, or the same text) are dropped
and become rejects; near-duplicates (SimHash fingerprints at most
:data:`NEAR_DUPLICATE_BITS` bits apart) are kept and point at the first kept article they
resemble. The first occurrence always wins.

Memory and time stay flat per article, so a day of any size streams through: the
:class:`Deduper` keeps a few dozen bytes per kept article and finds near-duplicate
candidates through banded fingerprints instead of comparing every pair. By the
pigeonhole principle, two 64-bit fingerprints that differ in at most ``k`` bits agree
exactly on at least one of ``k + 1`` disjoint bands, so looking up each band finds every
candidate; the exact Hamming distance then decides.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import pairwise

from etl.extract.hashing import hamming

NEAR_DUPLICATE_BITS = 3
_BITS = 64


@dataclass(frozen=True)
class Verdict:
    """What happens to one article.

    Attributes:
        keep: False for an exact duplicate (it becomes a reject).
        duplicate_of: for a kept near-duplicate, the id of the first kept article it
            resembles; None otherwise.
        reason: for a dropped article, why ("same canonical URL as <url>").
    """

    keep: bool
    duplicate_of: str | None = None
    reason: str = ""


class Deduper:
    """Judge articles in input order; the first occurrence wins.

    Args:
        max_bits: largest Hamming distance between fingerprints of near-duplicates.
    """

    def __init__(self, max_bits: int = NEAR_DUPLICATE_BITS) -> None:
        if not 0 <= max_bits < _BITS:
            raise ValueError(f"max_bits must be in [0, {_BITS}), got {max_bits}")
        self.max_bits = max_bits
        n = max_bits + 1
        edges = [round(i * _BITS / n) for i in range(n + 1)]
        self._bands = [(lo, (1 << (hi - lo)) - 1) for lo, hi in pairwise(edges)]
        self._url_of_id: dict[str, str] = {}
        self._url_of_text: dict[str, str] = {}
        self._kept: list[tuple[str, int]] = []  # (id, simhash) in input order
        self._by_band: list[defaultdict[int, list[int]]] = [defaultdict(list) for _ in self._bands]

    def judge(self, article_id: str, url: str, content_hash: str, simhash: int) -> Verdict:
        """Decide one article, given every article judged before it.

        Args:
            article_id: stable id (hash of the canonical URL).
            url: the article's URL (named in a duplicate's reason).
            content_hash: hash of the normalized text.
            simhash: 64-bit fingerprint of the text.

        Returns:
            The verdict; a kept article is remembered for the articles after it.
        """
        if article_id in self._url_of_id:
            return Verdict(False, reason=f"same canonical URL as {self._url_of_id[article_id]}")
        if content_hash in self._url_of_text:
            return Verdict(False, reason=f"same text as {self._url_of_text[content_hash]}")
        near = self._first_near(simhash)
        ordinal = len(self._kept)
        self._kept.append((article_id, simhash))
        for (shift, mask), index in zip(self._bands, self._by_band, strict=True):
            index[(simhash >> shift) & mask].append(ordinal)
        self._url_of_id[article_id] = url
        self._url_of_text[content_hash] = url
        return Verdict(True, duplicate_of=near)

    def _first_near(self, simhash: int) -> str | None:
        best: int | None = None
        for (shift, mask), index in zip(self._bands, self._by_band, strict=True):
            for ordinal in index.get((simhash >> shift) & mask, ()):
                if best is not None and ordinal >= best:
                    break  # lists are in input order: nothing earlier follows
                if hamming(self._kept[ordinal][1], simhash) <= self.max_bits:
                    best = ordinal
                    break
        return None if best is None else self._kept[best][0]
