"""Words encoded twice upstream: UTF-8 read as Windows-1252 and stored ("PeÃ±a", "itâ€™s").

:mod:`etl.extract.decode` picks the right charset for the page's bytes, but some pages carry
words that were already broken in the publisher's database or feed, and texts given to
``newsetl annotate`` can too. Those are repaired with ftfy's ``fix_encoding``, which undoes
only such encoding mix-ups, and only in the runs of non-blank characters where the tell-tale
pairs appear. Runs stored decomposed (NFD: a letter and a combining accent) are composed
(NFC) first; no other normalisation is done. Clean text costs two regex scans, and because
each repair stays inside its run, an offset into the repaired text can be taken back to the
original (:class:`Repair`), which ``annotate`` needs since its quote offsets point into the
text it was given.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, replace
from difflib import SequenceMatcher

from ftfy import fix_encoding

from etl.records import Image

__all__ = ["Repair", "fix_image_text", "fix_mojibake", "repair"]

# A lead byte of a two- or three-byte UTF-8 sequence read as Windows-1252 ("Ã", "Â", "â",
# "Å"), followed by what a continuation byte becomes there.
_SUSPECT = re.compile(
    "[\u00c2\u00c3\u00c5\u00e2][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d"
    "\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]"
)
# Combining accents: a text stored decomposed (NFD: "n" and a tilde for "ñ"), which splits
# names for the model and hides the lead bytes above ("A" and a tilde for "Ã").
_COMBINING = re.compile("[\u0300-\u036f]")
# A run of characters between ASCII blanks. Not ``\S``: a no-break space is what the
# continuation byte 0xA0 becomes ("Ã\xa0" is "à"), so it belongs to the run.
_RUN = re.compile(r"[^ \t\n\r\f\v]+")


@dataclass(frozen=True, slots=True)
class _Piece:
    """One repaired run: where it stands in the original and in the repaired text."""

    start: int  # in the original
    end: int
    new_start: int  # in the repaired text
    new_end: int
    opcodes: tuple[tuple[str, int, int, int, int], ...]  # original run -> repaired run


@dataclass(frozen=True, slots=True)
class Repair:
    """A repaired text and the way back from its offsets to the original's.

    Attributes:
        original: the text as given.
        text: the repaired text (``original`` itself when nothing was broken).
    """

    original: str
    text: str
    _pieces: tuple[_Piece, ...] = ()

    @property
    def changed(self) -> bool:
        """Whether anything was repaired."""
        return bool(self._pieces)

    def to_original(self, pos: int, *, end: bool = False) -> int:
        """Map an offset into :attr:`text` to the matching offset into :attr:`original`.

        Args:
            pos: an offset into the repaired text.
            end: ``pos`` ends a span; a position inside a repaired character then maps
                past the broken characters it came from, not before them.

        Returns:
            The offset into the original text.
        """
        i = bisect_right(self._pieces, pos, key=lambda p: p.new_start) - 1
        if i < 0:
            return pos
        p = self._pieces[i]
        if pos >= p.new_end:
            return pos - p.new_end + p.end
        rel = pos - p.new_start
        for tag, a0, a1, b0, b1 in p.opcodes:
            if b0 <= rel < b1 or (rel == b1 and end):
                if tag == "equal":
                    return p.start + a0 + (rel - b0)
                return p.start + (a1 if end and rel > b0 else a0)
        return p.end


def repair(text: str) -> Repair:
    """Repair doubly encoded UTF-8 in ``text`` and compose decomposed accents, keeping the
    way back to its offsets.

    Args:
        text: any string.

    Returns:
        A :class:`Repair`; its ``text`` is ``text`` itself when nothing looks broken.
    """
    if not text or not (_SUSPECT.search(text) or _COMBINING.search(text)):
        return Repair(text, text)
    out: list[str] = []
    pieces: list[_Piece] = []
    last = 0
    shift = 0
    for m in _RUN.finditer(text):
        run = m.group()
        fixed = unicodedata.normalize("NFC", run) if _COMBINING.search(run) else run
        if _SUSPECT.search(fixed):
            fixed = fix_encoding(fixed)
        if fixed == run:
            continue
        out.append(text[last : m.start()])
        out.append(fixed)
        last = m.end()
        codes = tuple(SequenceMatcher(None, run, fixed, autojunk=False).get_opcodes())
        new_start = m.start() + shift
        pieces.append(_Piece(m.start(), m.end(), new_start, new_start + len(fixed), codes))
        shift += len(fixed) - len(run)
    if not pieces:
        return Repair(text, text)
    out.append(text[last:])
    return Repair(text, "".join(out), tuple(pieces))


def fix_mojibake(text: str | None) -> str | None:
    """Repair doubly encoded UTF-8 in ``text``; anything else is returned unchanged.

    Args:
        text: a string, or None.

    Returns:
        The repaired string ("Peña", "it’s"), the same string when nothing looks broken.
    """
    return repair(text).text if text else text


def fix_image_text(images: list[Image]) -> list[Image]:
    """The same images with their alt text, caption and credit repaired."""
    return [
        replace(im, alt=fix_mojibake(im.alt), caption=fix_mojibake(im.caption),
                credit=fix_mojibake(im.credit))
        for im in images
    ]
