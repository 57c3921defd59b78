"""All-caps lines re-cased before the model reads them, every offset kept.

The small English model reads a shouted headline or dateline ("BERLIN, Germany —",
"MINISTER QUITS OVER HARBOUR DEAL") as a run of acronyms and tags it badly; re-cased, the
same words tag like prose. Lengths never change, so the model's offsets are the text's.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["prepare_text", "stop_words"]

_WORD = re.compile(r"[^\W\d_]+")
_DATELINE = re.compile(
    r"^([A-Z][A-Z.'\-]+(?:\s+[A-Z][A-Z.'\-]+)*)(?=\s*(?:,|\(|-|\u2013|\u2014|\d))"
)


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """spaCy's English stop words (imported on first use)."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


def _recase_words(line: str, stops: frozenset[str]) -> str:
    def recase(match: re.Match[str]) -> str:
        word = match.group(0)
        lower = word.lower()
        if lower in stops:
            recased = lower
        elif len(word) <= 2:
            recased = word
        else:
            recased = word[0] + word[1:].lower()
        # Some characters change length when re-cased; keep the original then.
        return recased if len(recased) == len(word) else word

    return _WORD.sub(recase, line)


def prepare_text(text: str) -> str:
    """Rewrite all-caps lines to title case, keeping every offset.

    Words of a line whose letters are mostly upper case become Capitalised, except
    English stop-words (lower-cased) and words of one or two letters that are not
    stop-words ("US", "UK": likely abbreviations, left as they are).

    Args:
        text: the article text.

    Returns:
        A string of exactly the same length as ``text``.
    """
    stops: frozenset[str] | None = None
    out: list[str] = []
    for line in text.splitlines(keepends=True):
        letters = [ch for ch in line if ch.isalpha() and (ch.isupper() or ch.islower())]
        upper = sum(1 for ch in letters if ch.isupper())
        if stops is None:
            stops = stop_words()
        if len(letters) < 4 or upper < 0.8 * len(letters):
            # A dateline ("BERLIN, Germany ...", "PARIS (Agency) -"): re-case its head only.
            head = _DATELINE.match(line)
            if head and len(head.group(1)) >= 3:
                line = _recase_words(head.group(1), stops) + line[head.end(1):]
            out.append(line)
            continue

        out.append(_recase_words(line, stops))
    result = "".join(out)
    return result if len(result) == len(text) else text
