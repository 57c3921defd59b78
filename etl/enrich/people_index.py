"""The article's people, looked up by any form of their name a sentence uses.

A speaker is written as the article writes it ("Doe", "Mrs. Doe", "Jane Q. Doe"): the
index maps those forms to the canonical people that enrichment found.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from etl.enrich.phrases import norm_name, strip_titles
from etl.records import Person

__all__ = ["PeopleIndex"]


class PeopleIndex:
    """Case-insensitive lookup from surface names to the article's canonical people.

    Args:
        people: canonical people of the article (name plus aliases).
    """

    def __init__(self, people: Sequence[Person]) -> None:
        self.people = list(people)
        self._full: dict[str, str] = {}
        self._last: dict[str, list[Person]] = {}
        self._first: dict[str, set[str]] = {}
        for p in sorted(self.people, key=lambda p: -p.mentions):
            for form in [p.name, *p.aliases]:
                key = norm_name(strip_titles(form))
                if key:
                    self._full.setdefault(key, p.name)
                    self._full.setdefault(norm_name(form), p.name)
            toks = norm_name(strip_titles(p.name)).split()
            if len(toks) > 1:
                self._last.setdefault(toks[-1], []).append(p)
                self._first.setdefault(toks[0], set()).add(p.name)

    def resolve(self, surface: str) -> str | None:
        """Map a surface name to a canonical person name.

        Args:
            surface: a name as written (titles and possessives allowed).

        Returns:
            The canonical name, or None when no person of the article fits.
        """
        bare = norm_name(strip_titles(surface))
        if not bare:
            return None
        if bare in self._full:
            return self._full[bare]
        toks = bare.split()
        cands = self._last.get(toks[-1], [])
        if len(toks) > 1:
            # "Jane Q. Doe" vs "Jane Doe": same first and last token.
            cands = [c for c in cands if norm_name(strip_titles(c.name)).split()[0] == toks[0]]
        if cands:
            return max(cands, key=lambda p: p.mentions).name
        return None

    def full_name(self, surface: str) -> str | None:
        """The person whose full name (or a full alias) ``surface`` is, surname alone excluded.

        Args:
            surface: a name as written; titles are ignored.

        Returns:
            The canonical name, or None unless ``surface`` has two words or more and is one
            of the article's full names.
        """
        bare = norm_name(strip_titles(surface))
        return self._full.get(bare) if len(bare.split()) > 1 else None

    def by_first_name(self, surface: str) -> str | None:
        """The one person whose full name starts with the one-token ``surface`` ("Dale").

        Args:
            surface: a name as written; titles are ignored.

        Returns:
            The canonical name, or None when no person or several have that first name.
        """
        toks = norm_name(strip_titles(surface)).split()
        held = self._first.get(toks[0], set()) if len(toks) == 1 else set()
        return next(iter(held)) if len(held) == 1 else None

    def namesakes(self, surface: str) -> list[Person]:
        """People whose full name ends with the one-token ``surface`` ("Doe").

        Args:
            surface: a name as written; titles are ignored.

        Returns:
            The candidates; more than one when the article names two people so.
        """
        toks = norm_name(strip_titles(surface)).split()
        if len(toks) != 1:
            return []
        # Full names ending with it, and a person the article only ever calls by it.
        bare = [p for p in self.people if norm_name(strip_titles(p.name)) == toks[0]]
        return list(self._last.get(toks[0], [])) + bare

    def surface_forms(self) -> Iterable[tuple[str, str]]:
        """Yield (surface form, canonical name) pairs worth searching for in the text.

        Returns:
            Full names, aliases and distinctive last tokens of each person.
        """
        for p in self.people:
            forms = {p.name, *p.aliases}
            toks = strip_titles(p.name).split()
            if len(toks) > 1 and len(self._last.get(toks[-1].casefold(), [])) == 1:
                forms.add(toks[-1])
            for f in forms:
                if f.strip():
                    yield f.strip(), p.name
