"""News outlets and journals the text cites as sources, whatever the model tagged them.

"Politico reported", "told Business Insider", "according to The Hollywood Reporter",
"published in the journal Nature Astronomy", "Originally published on Live Science": the
small model tags such names as people, works of art or nothing, because they read like
titles. The frame around the name says what it is. A name in one of these frames is kept
as an organization unless it could be someone's: a census first name in it ("according to
Jane Doe", "told NYPD Commissioner James"), a word of the article's people ("Doe
reported"), a group of people ("Others reported"), a place, a day or a month.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container

from etl.enrich.first_names import is_first_name
from etl.enrich.phrases import TIME_WORDS

__all__ = ["cited_outlets"]

# One to four capitalised words, "The" allowed first; no possessive ("NBC's show").
_NAME = r"((?:The\s+)?[A-Z][\w&.-]*[\w&](?:\s+[A-Z][\w&.-]*[\w&]){0,3})(?!['’\w])"
_BEFORE = re.compile(
    r"\b(?:told|tells|telling|according\s+to|in\s+a\s+statement\s+to|in\s+the\s+journal|"
    r"(?:published|appeared)\s+(?:online\s+)?(?:in|on|by))\s+" + _NAME
)
_AFTER = re.compile(
    r"(?<![\w'’.-])" + _NAME
    + r"\s+(?:first\s+|also\s+|has\s+|had\s+|previously\s+)?reported\b"
)

# Groups of people cited ("Others reported", "told African-Americans").
_PEOPLE = re.compile(r"(?:ans|Others)$")


def cited_outlets(
    text: str, person_words: Container[str], is_place: Callable[[str], bool]
) -> list[str]:
    """The names the text cites as a source of news or research, in text order.

    Args:
        text: the article.
        person_words: casefolded words of the article's people's names.
        is_place: whether a name is a known place ("according to U.S. officials").

    Returns:
        Each cited name as written (a leading "The" dropped), once per citation.
    """
    found = []
    citations = [*_BEFORE.finditer(text), *_AFTER.finditer(text)]
    for match in sorted(citations, key=lambda m: m.start(1)):
        name = re.sub(r"^The\s+", "", match.group(1))
        words = name.split()
        if (
            not words
            or any(is_first_name(w) for w in words)
            or _PEOPLE.search(name)
            or any(w.casefold() in person_words for w in words)
            or words[0].casefold() in TIME_WORDS
            or is_place(name)
        ):
            continue
        found.append(name)
    return found
