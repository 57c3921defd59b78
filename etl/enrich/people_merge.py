"""People of one article: name variants merged into one person each.

Full names are merged first ("Jane Doe", "Jane Q. Doe"), then a surname or a first name
alone goes to the one full name it belongs to; "Mr. Doe" and "Mrs. Doe" are told apart
when the article names two Does (:func:`split_namesakes`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from etl.enrich.entities import clean_surface
from etl.enrich.entities import fold_name as _fold
from etl.enrich.name_shapes import NAME_PARTICLES
from etl.records import Person

__all__ = ["build_people", "fold_tokens", "people_surnames", "people_tokens", "raw_alias"]


@dataclass
class PersonGroup:
    tokens: list[str]
    surfaces: Counter[str] = field(default_factory=Counter)
    raw: Counter[str] = field(default_factory=Counter)

    @property
    def mentions(self) -> int:
        return sum(self.surfaces.values())

    def canonical(self) -> str:
        # A full name (two words or more) first; among full names the one the article
        # uses most, so a one-off epithet ("Crooked Jane Doe") does not name the person.
        def score(name: str) -> tuple[bool, int, int, int]:
            parts = name.split()
            full_words = sum(1 for p in parts if len(p.rstrip(".")) > 1)
            return (full_words >= 2, self.surfaces[name], full_words, -len(name))

        return max(self.surfaces, key=score)


def fold_tokens(name: str) -> list[str]:
    return [_fold(t) for t in name.split()]


def merge_people(names: Counter[str], raw: dict[str, Counter[str]]) -> list[PersonGroup]:
    """Group full names, then attach partial names to the full name they belong to."""
    groups: list[PersonGroup] = []
    ordered = sorted(names, key=lambda n: (-len(n.split()), -names[n], n))
    for name in ordered:
        toks = fold_tokens(name)
        target: PersonGroup | None = None
        if len(toks) >= 2:
            for group in groups:
                g = [_fold(t) for t in group.tokens]
                same_ends = g[0] == toks[0] and g[-1] == toks[-1]
                suffix = len(toks) < len(g) and g[-len(toks):] == toks
                if same_ends or suffix:
                    target = group
                    break
        else:
            token = toks[0]
            by_last = [g for g in groups if len(g.tokens) > 1 and _fold(g.tokens[-1]) == token]
            by_first = [g for g in groups if len(g.tokens) > 1 and _fold(g.tokens[0]) == token]
            by_any = [
                g for g in groups
                if len(g.tokens) > 2 and token in [_fold(t) for t in g.tokens[1:-1]]
            ]
            for options in (by_last, by_first, by_any):
                if options:
                    # Two people sharing a surname: the more mentioned one is likelier.
                    target = max(options, key=lambda g: g.mentions)
                    break
        if target is None:
            target = PersonGroup(tokens=name.split())
            groups.append(target)
        target.surfaces[name] += names[name]
        target.raw.update(raw.get(name, Counter()))
    return groups


def people_tokens(people_names: Sequence[str]) -> set[str]:
    """Folded tokens of the multi-token person names (surnames and first names)."""
    tokens: set[str] = set()
    for name in people_names:
        parts = name.split()
        if len(parts) > 1:
            tokens.update(_fold(p) for p in parts if p.casefold() not in NAME_PARTICLES)
    return tokens


def people_surnames(people_names: Sequence[str]) -> set[str]:
    return {_fold(n.split()[-1]) for n in people_names if len(n.split()) > 1}


def raw_alias(raw: str) -> str:
    return clean_surface(raw)


def split_namesakes(
    groups: list[PersonGroup], gendered: dict[str, Counter[str]], text: str
) -> list[PersonGroup]:
    """Give "Mr. Doe" and "Mrs. Doe" to the full name of that gender.

    The bare surname went to the most mentioned full name ending with it. Its mentions
    with a gendered honorific move to the one full name the text gives that gender
    (:func:`~etl.enrich.phrases.gender_of`), else to the one other full name whose gender
    the text leaves open; when there is none, and the full name that took them is known
    to be the other gender, they are a person of their own, called by the surname
    ("Mr. Obama" in an article that names only "the first lady, Michelle Obama").
    """
    from etl.enrich.phrases import gender_of

    out = list(groups)
    for surname, counts in gendered.items():
        holder = next((g for g in out if len(g.tokens) > 1 and g.surfaces.get(surname)), None)
        if holder is None:
            continue
        cands = [g for g in out if len(g.tokens) > 1 and _fold(g.tokens[-1]) == _fold(surname)]
        if holder not in cands:
            continue  # it went to a first name ("Jane" of "Jane Doe"): not a namesake case
        genders = {id(g): gender_of(text, g.canonical()) for g in cands}
        for want, n in counts.items():
            n = min(n, holder.surfaces.get(surname, 0))
            fit = [g for g in cands if genders[id(g)] == want] or [
                g for g in cands if genders[id(g)] is None and g is not holder
            ]
            if not n or holder in fit or (genders[id(holder)] is None and not fit):
                continue
            if len(fit) == 1:
                target = fit[0]
            elif not fit:
                target = PersonGroup(tokens=[surname])
                out.append(target)
            else:
                continue
            holder.surfaces[surname] -= n
            target.surfaces[surname] += n
            if not holder.surfaces[surname]:
                del holder.surfaces[surname]
                holder.raw.pop(surname, None)
            target.raw[surname] += n
    return out


def build_people(
    names: Counter[str],
    raw: dict[str, Counter[str]],
    gendered: dict[str, Counter[str]] | None = None,
    text: str = "",
) -> list[Person]:
    groups = merge_people(names, raw)
    if gendered:
        groups = split_namesakes(groups, gendered, text)
    people = []
    for group in groups:
        canonical = group.canonical()
        aliases = {s for s in group.surfaces if s != canonical}
        aliases.update(r for r in group.raw if r and r != canonical)
        people.append(Person(name=canonical, mentions=group.mentions, aliases=sorted(aliases)))
    people.sort(key=lambda p: (-p.mentions, p.name))
    return people
