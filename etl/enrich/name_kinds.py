"""What kind of name a span is, from its words and the gazetteer alone.

Small predicates :mod:`etl.enrich.canonical` asks while it sorts mentions: a club named for
its town, an event named for its host place, a competitor or player written as a personal
name, a nationality before a personal name.
"""

from __future__ import annotations

from etl.enrich.entities import fold_name as _fold
from etl.enrich.first_names import is_first_name
from etl.enrich.gazetteer import Gazetteer, is_demonym
from etl.enrich.name_shapes import looks_like_person
from etl.enrich.org_names import CLUB_WORDS, ORG_ENDINGS, ORG_HINTS, names_a_thing
from etl.enrich.people_merge import fold_tokens

__all__ = ["club_name", "competitor_name", "demonym_person", "event_host", "player_name"]

# Last words of events held in, and named after, a place ("Lisbon Climate Summit").
_HOSTED_EVENTS = frozenset(
    {
        "conference", "summit", "forum", "talks", "meeting", "congress", "festival",
        "expo", "fair", "games", "olympics", "marathon", "convention", "symposium",
    }
)


def club_name(name: str, gaz: Gazetteer) -> bool:
    """A sports club named for its town ("Manchester United", "Bolton Wanderers")."""
    words = name.split()
    return (len(words) >= 2 and words[-1].casefold() in CLUB_WORDS
            and gaz.lookup(" ".join(words[:-1])) is not None)


def event_host(name: str, gaz: Gazetteer) -> str | None:
    """The host place of an event named after it ("Lisbon Climate Summit" -> "Lisbon").

    Args:
        name: an organization or event name.
        gaz: the gazetteer.

    Returns:
        The leading place name when the name ends like an event and starts with a
        city or country of the gazetteer, else ``None``.
    """
    tokens = name.split()
    if len(tokens) < 2 or _fold(tokens[-1]) not in _HOSTED_EVENTS:
        return None
    for size in (2, 1):
        head = " ".join(tokens[:size])
        if size < len(tokens) and head in gaz and not is_demonym(head):
            return head
    return None


def competitor_name(text: str, gaz: Gazetteer) -> bool:
    """Two or three capitalised words, no organization word, not a place: a person's name."""
    tokens = text.split()
    return (
        2 <= len(tokens) <= 3
        and all(t[:1].isupper() and not t.isupper() for t in tokens)
        and not ORG_HINTS.intersection(fold_tokens(text))
        and text not in gaz
        and not any(gaz.is_country_level(t) or is_demonym(t) for t in tokens)
    )


def player_name(text: str, gaz: Gazetteer) -> bool:
    """A first name and a surname that no body's name could be ("Jo Doe", not "Jo Stanley":
    firms named after their founders pair two first names, like "Morgan Stanley")."""
    tokens = text.split()
    return (
        2 <= len(tokens) <= 3
        and is_first_name(tokens[0])
        and not is_first_name(tokens[-1])
        and looks_like_person(text)
        and not ORG_HINTS.intersection(fold_tokens(text))
        and _fold(tokens[-1]) not in ORG_ENDINGS
        and not names_a_thing(text)
        and text not in gaz
    )


def demonym_person(text: str) -> bool:
    """A nationality before a personal name ("Australian Jane Doe"), whatever the tag."""
    tokens = text.split()
    return (
        3 <= len(tokens) <= 4
        and is_demonym(tokens[0])
        and not ORG_HINTS.intersection(fold_tokens(text))
        and _fold(tokens[-1]) not in ORG_ENDINGS
        and looks_like_person(" ".join(tokens[1:]))
        and all(t[:1].isupper() for t in tokens[1:])
    )
