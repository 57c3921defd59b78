"""Names the model ran together with the other words of a title-case line.

Headlines and subheads written in title case ("Ted Cruz Refuses to Disavow ...", "Trump
Would Put Liberals On Court") give the small model no lower-case words to stop at: it tags
"Ted Cruz Refuses" as a person or the whole line as an organization. On such a line a span
that holds a name the article also writes elsewhere, with other words around it, is cut
back to that name, which takes the label the model gave it elsewhere. Spans on other lines,
and spans holding no name known from elsewhere, are left alone.
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace

from etl.enrich.entities import Mention
from etl.enrich.first_names import is_first_name
from etl.enrich.recase import stop_words

__all__ = ["trim_headline_spans"]

_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
_LABELS = frozenset({"PERSON", "ORG"})
_KNOWN_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP"})


def _title_case(
    line: str, offset: int, spans: Sequence[tuple[int, int]],
    lower: Callable[[], frozenset[str]],
) -> bool:
    """At least four words, three in four capitalised, and either a capitalised function
    word ("On", "With", "Would"), two capitalised words after the first that no entity
    covers ("Refuses to Disavow ... Endorsement") or two that the article writes in lower
    case elsewhere ("Says", "Calls"): no sentence of running text has any of these.
    ``spans`` are the entity spans, sorted and merged; ``offset`` the line's start in the
    text; ``lower`` gives the article's lower-case words (read only when a line gets this
    far)."""
    words = list(_WORD.finditer(line))
    if len(words) < 4:
        return False
    caps = [w for w in words if w.group()[0].isupper()]
    if len(caps) < 0.75 * len(words):
        return False
    stops = stop_words()
    if any(w.group().casefold() in stops and w.group()[1:].islower() for w in caps[1:]):
        return True
    words_lower = lower()
    if sum(w.group().rstrip(".'’-").casefold() in words_lower for w in caps[1:]) >= 2:
        return True
    loose = 0
    for w in caps[1:]:
        # The last span starting at or before the word covers it if it reaches past it.
        at = bisect_right(spans, (offset + w.start(), sys.maxsize)) - 1
        if at < 0 or spans[at][1] <= offset + w.start():
            loose += 1
            if loose >= 2:
                return True
    return False


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted spans with overlapping ones merged, so that one bisection finds the cover."""
    out: list[tuple[int, int]] = []
    for start, end in spans:
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def trim_headline_spans(mentions: Sequence[Mention], text: str) -> list[Mention]:
    """Cut spans on title-case lines back to the names the article writes elsewhere.

    Args:
        mentions: the article's mentions, in text order.
        text: the text their offsets point into.

    Returns:
        The mentions, a trimmed one in place of each span that held a known name with
        other words around it.
    """
    lines: dict[int, bool] = {}
    spans = _merged(sorted((m.start, m.end) for m in mentions))
    seen: list[frozenset[str]] = []

    def lower() -> frozenset[str]:
        if not seen:
            seen.append(frozenset(w for w in (m.group().rstrip(".'’-")
                                              for m in _WORD.finditer(text)) if w.islower()))
        return seen[0]

    def on_title_line(m: Mention) -> bool:
        lo = text.rfind("\n", 0, m.start) + 1
        if lo not in lines:
            hi = text.find("\n", m.end)
            lines[lo] = _title_case(text[lo : hi if hi >= 0 else len(text)], lo, spans, lower)
        return lines[lo]

    known: dict[str, Counter[str]] = {}
    for m in mentions:
        if m.label in _KNOWN_LABELS and not on_title_line(m):
            known.setdefault(m.text, Counter())[m.label] += 1
    if not known:
        return list(mentions)
    out: list[Mention] = []
    for m in mentions:
        trimmed = _trim(m, known) if m.label in _LABELS and on_title_line(m) else None
        out.extend(trimmed if trimmed is not None else [m])
    return out


def _trim(m: Mention, known: dict[str, Counter[str]]) -> list[Mention] | None:
    """The known names inside ``m``, longest first at each word, or ``None`` to keep it.

    A census first name before a surname known as a person's goes with it ("Hillary" in
    "Hillary Clinton Goes After ..." when the article elsewhere says "Clinton").
    """
    words = m.text.split()
    if len(words) < 2 or _label_of(m.text, known):
        return None  # a name in its own right ("Hillary Clinton", "Clinton" known)
    found: list[Mention] = []
    i, at = 0, 0
    while i < len(words):
        for size in range(len(words) - i, 0, -1):
            name = " ".join(words[i : i + size])
            label = _label_of(name, known)
            if label:
                break
        else:
            i += 1
            continue
        pos = m.raw.find(name, at)
        start, end = (m.start + pos, m.start + pos + len(name)) if pos >= 0 else (m.start, m.end)
        at = pos + len(name) if pos >= 0 else at
        found.append(replace(m, text=name, raw=name, label=label, start=start, end=end))
        i += size
    return found or None


def _label_of(name: str, known: dict[str, Counter[str]]) -> str | None:
    """The label the article gives ``name`` elsewhere; a census first name and a known
    person's surname make a person."""
    if name in known and name[0].isupper():
        return known[name].most_common(1)[0][0]
    first, _, rest = name.partition(" ")
    if rest and " " not in rest and is_first_name(first) and known.get(rest, Counter())["PERSON"]:
        return "PERSON"
    return None
