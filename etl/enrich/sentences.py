"""Sentence boundaries around a quote: where the sentence before or after it starts or ends.

A full stop ends a sentence unless it closes an abbreviation ("Gov.", "Jan.") or an
initial ("J. Doe", "U.S"); text after a closing quote mark runs to the first real end.
"""

from __future__ import annotations

import re

from etl.enrich.phrases import ABBREVIATIONS

__all__ = ["cut_left", "cut_right", "ends_sentence", "is_sentence_end"]


def is_sentence_end(text: str, dot: int) -> bool:
    """Whether the ``.``/``!``/``?`` at ``dot`` ends a sentence (not an abbreviation)."""
    if text[dot] in "!?":
        return True
    # Only the word before the dot matters; a bounded window keeps this O(1).
    m = re.search(r"([\w.]+)$", text[max(0, dot - 40) : dot])
    if not m:
        return True
    word = m.group(1).casefold()
    if word in ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
        return False
    # Initials such as "U.S" or "J.R": a dot inside the word.
    return "." not in word


_BOUNDARY = re.compile(r"[.!?][\"”’')]*\s+(?=[\"“‘(]?[A-Z0-9])")


def cut_left(s: str, base: int, text: str) -> tuple[str, int]:
    """Keep only the last sentence of a left context.

    Args:
        s: the context (text before a quote).
        base: offset of ``s`` in ``text``.
        text: the full text (to check abbreviations).

    Returns:
        (sentence tail, its offset in ``text``).
    """
    cut = 0
    for m in _BOUNDARY.finditer(s):
        if is_sentence_end(text, base + m.start()):
            cut = m.end()
    return s[cut:], base + cut


def ends_sentence(s: str, base: int, text: str) -> bool:
    """Whether ``s`` (text before a quote) ends with a complete sentence.

    Args:
        s: the context before the opening mark.
        base: offset of ``s`` in ``text``.
        text: the full text.

    Returns:
        True when the quote opens a new sentence after a full stop, "!" or "?".
    """
    end = re.search(r"[.!?][\"”’')]*\s*$", s)
    return bool(end) and is_sentence_end(text, base + end.start())  # type: ignore[union-attr]


def cut_right(s: str, base: int, text: str) -> str:
    """Keep only the rest of the current sentence of a right context.

    Args:
        s: the context (text after a quote).
        base: offset of ``s`` in ``text``.
        text: the full text.

    Returns:
        The context up to and including the first sentence-ending punctuation.
    """
    for m in re.finditer(r"[.!?]", s):
        if m.start() == 0 and not s[:1].isalnum():
            # A full stop right after the closing mark ends the quote's own sentence.
            return s[:1]
        nxt = s[m.end() : m.end() + 1]
        if nxt and not nxt.isspace() and nxt not in "\"”’')":
            # "R-Ky.," or "fivethirtyeight.com": not the end of a sentence.
            continue
        if s.count("(", 0, m.start()) > s.count(")", 0, m.start()):
            # Inside a parenthesis such as "(D-Conn.)".
            continue
        if is_sentence_end(text, base + m.start()):
            return s[: m.end()]
    return s
