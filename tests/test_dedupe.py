"""Deduplication: exact duplicates dropped, near-duplicates flagged, first occurrence wins."""

from __future__ import annotations

import random

import pytest

from etl.dedupe import NEAR_DUPLICATE_BITS, Deduper, Verdict
from etl.extract.hashing import hamming


def test_exact_duplicates_are_dropped_with_the_first_url() -> None:
    d = Deduper()
    assert d.judge("a", "https://x.test/a", "h1", 0b1010) == Verdict(True)
    same_url = d.judge("a", "https://x.test/a?utm=1", "h2", 0xFFFF_0000)
    assert same_url == Verdict(False, reason="same canonical URL as https://x.test/a")
    same_text = d.judge("b", "https://y.test/b", "h1", 0xFFFF_0000)
    assert same_text == Verdict(False, reason="same text as https://x.test/a")


def test_a_near_duplicate_points_at_the_first_kept_article() -> None:
    d = Deduper()
    base = 0x0123_4567_89AB_CDEF
    assert d.judge("a", "u1", "h1", base).duplicate_of is None
    assert d.judge("b", "u2", "h2", base ^ 0b111).duplicate_of == "a"  # 3 bits apart
    # close to both a and b: the first kept one wins
    assert d.judge("c", "u3", "h3", base ^ 0b1).duplicate_of == "a"
    assert d.judge("d", "u4", "h4", base ^ 0b1111).duplicate_of == "b"  # 4 bits from a, 1 from b
    far = d.judge("e", "u5", "h5", base ^ 0xF0F0_0000_0000_000F)
    assert far == Verdict(True)


def test_bits_in_every_band_are_still_found() -> None:
    # Three flipped bits in three different bands leave the fourth band equal.
    d = Deduper()
    base = 0xDEAD_BEEF_CAFE_F00D
    d.judge("a", "u1", "h1", base)
    flipped = base ^ (1 << 3) ^ (1 << 20) ^ (1 << 40)
    assert d.judge("b", "u2", "h2", flipped).duplicate_of == "a"
    four = flipped ^ (1 << 60)
    assert d.judge("c", "u3", "h3", four).duplicate_of == "b"  # 1 bit from b, 4 from a


def _brute_force(items: list[tuple[str, str, str, int]], bits: int) -> list[Verdict]:
    """The rule as written: compare with every kept article, in input order."""
    out: list[Verdict] = []
    kept: list[tuple[str, int]] = []
    ids: dict[str, str] = {}
    texts: dict[str, str] = {}
    for art_id, url, text_hash, fp in items:
        if art_id in ids:
            out.append(Verdict(False, reason=f"same canonical URL as {ids[art_id]}"))
            continue
        if text_hash in texts:
            out.append(Verdict(False, reason=f"same text as {texts[text_hash]}"))
            continue
        near = next((k for k, f in kept if hamming(f, fp) <= bits), None)
        kept.append((art_id, fp))
        ids[art_id] = url
        texts[text_hash] = url
        out.append(Verdict(True, duplicate_of=near))
    return out


@pytest.mark.parametrize("bits", [0, 1, NEAR_DUPLICATE_BITS, 7])
def test_same_verdicts_as_comparing_every_pair(bits: int) -> None:
    rng = random.Random(bits)
    seeds = [rng.getrandbits(64) for _ in range(60)]
    items = []
    for i in range(3000):
        fp = rng.choice(seeds)
        for _ in range(rng.randint(0, bits + 2)):  # some inside the radius, some just outside
            fp ^= 1 << rng.randrange(64)
        art_id = f"id{rng.randrange(2600)}"  # some repeated ids
        text_hash = f"h{rng.randrange(2800)}"  # and some repeated texts
        items.append((art_id, f"https://x.test/{i}", text_hash, fp))
    d = Deduper(bits)
    got = [d.judge(*item) for item in items]
    want = _brute_force(items, bits)
    assert got == want
    assert sum(v.duplicate_of is not None for v in got) > 100  # the test exercises near-dups


def test_max_bits_is_checked() -> None:
    with pytest.raises(ValueError):
        Deduper(64)
