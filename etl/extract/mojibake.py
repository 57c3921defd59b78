"""Words encoded twice upstream: UTF-8 read as Windows-1252 and stored ("PeÃ±a", "itâ€™s").

:mod:`etl.extract.decode` picks the right charset for the page's bytes, but some pages carry
words that were already broken in the publisher's database or feed. Those are repaired with
ftfy's ``fix_encoding``, which undoes only such encoding mix-ups (no other normalisation),
and only where the tell-tale pairs of characters appear, so clean text costs one regex scan.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ftfy import fix_encoding

from etl.records import Image

__all__ = ["fix_image_text", "fix_mojibake"]

# A lead byte of a two- or three-byte UTF-8 sequence read as Windows-1252 ("Ã", "Â", "â",
# "Å"), followed by what a continuation byte becomes there.
_SUSPECT = re.compile(
    "[\u00c2\u00c3\u00c5\u00e2][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e"
    "\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]"
)


def fix_mojibake(text: str | None) -> str | None:
    """Repair doubly encoded UTF-8 in ``text``; anything else is returned unchanged.

    Args:
        text: a string, or None.

    Returns:
        The repaired string ("Peña", "it’s"), the same string when nothing looks broken.
    """
    if not text or not _SUSPECT.search(text):
        return text
    return fix_encoding(text)


def fix_image_text(images: list[Image]) -> list[Image]:
    """The same images with their alt text, caption and credit repaired."""
    return [
        replace(im, alt=fix_mojibake(im.alt), caption=fix_mojibake(im.caption),
                credit=fix_mojibake(im.credit))
        for im in images
    ]
