"""People shown in article images, from their alt text and captions."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from etl.enrich.entities import clean_surface
from etl.enrich.name_shapes import looks_like_person, strip_titles
from etl.records import Image, Person

__all__ = ["people_in_text", "tag_images"]

# Finds PERSON names in a short text; given by the Enricher so this module stays model-free.
NameFinder = Callable[[str], Iterable[str]]


def _patterns(people: Sequence[Person]) -> list[tuple[re.Pattern[str], str]]:
    """Regexes for each person's full name, aliases and (unambiguous) surname."""
    surname_owners: dict[str, set[str]] = {}
    for person in people:
        parts = person.name.split()
        if len(parts) > 1:
            surname_owners.setdefault(parts[-1], set()).add(person.name)
    pats: list[tuple[re.Pattern[str], str]] = []
    for person in people:
        forms = {person.name, *person.aliases}
        forms.update(strip_titles(a) for a in person.aliases)
        parts = person.name.split()
        if len(parts) > 1 and len(surname_owners.get(parts[-1], ())) == 1:
            forms.add(parts[-1])
        for form in sorted(forms, key=len, reverse=True):
            if len(form) < 3:
                continue
            # Case-sensitive: names are capitalised; "Bush" the surname, not "bush".
            pats.append((re.compile(rf"(?<![\w-]){re.escape(form)}(?![\w-])"), person.name))
    return pats


def people_in_text(
    text: str, people: Sequence[Person], finder: NameFinder | None = None
) -> list[str]:
    """Canonical names of the people named in ``text`` (an alt text or a caption).

    Args:
        text: the short text to search.
        people: the article's canonical people.
        finder: optional function returning PERSON names a model finds in ``text``;
            names it finds that are not article people are kept too.

    Returns:
        Canonical names in order of first appearance, without duplicates.
    """
    if not text:
        return []
    found: dict[str, int] = {}
    for pattern, name in _patterns(people):
        match = pattern.search(text)
        if match and (name not in found or match.start() < found[name]):
            found[name] = match.start()
    if finder is not None:
        extra: dict[str, int] = {}
        for raw in finder(text):
            name = strip_titles(clean_surface(raw))
            if not looks_like_person(name):
                continue
            known = _merge_known(name, people)
            if known is not None:
                found.setdefault(known, text.find(raw))
            elif len(name.split()) > 1:
                extra.setdefault(name, text.find(raw))
        for name, pos in extra.items():
            found.setdefault(name, pos)
    return [name for name, _ in sorted(found.items(), key=lambda item: item[1])]


def _merge_known(name: str, people: Sequence[Person]) -> str | None:
    """Return the article person that ``name`` denotes, if any."""
    folded = name.casefold()
    for person in people:
        if folded == person.name.casefold() or folded in {a.casefold() for a in person.aliases}:
            return person.name
    toks = folded.split()
    for person in people:
        ptoks = person.name.casefold().split()
        if len(toks) > 1 and len(ptoks) > 1 and toks[0] == ptoks[0] and toks[-1] == ptoks[-1]:
            return person.name
    if len(toks) == 1:
        for index in (-1, 0):  # surname first, then first name
            owners = [
                p for p in people
                if len(p.name.split()) > 1 and p.name.casefold().split()[index] == toks[0]
            ]
            if len(owners) == 1:
                return owners[0].name
    return None


def tag_images(
    images: list[Image], people: Sequence[Person], finder: NameFinder | None = None
) -> list[Image]:
    """Fill ``Image.people`` from each image's alt text and caption.

    Args:
        images: the article's images; updated in place and returned.
        people: the article's canonical people.
        finder: optional PERSON finder for names the article text never mentions.

    Returns:
        ``images``, each with ``people`` set (canonical names, first seen first).
    """
    for image in images:
        text = "\n".join(t for t in (image.alt, image.caption) if t)
        image.people = people_in_text(text, people, finder)
    return images
