"""The usual gender of an English first name, for telling "he" from "she".

The data are the 1990 US census first-name lists that the ``names`` package ships
(1,219 male and 4,275 female names with their share of the population). A name counts
as one gender only when that gender holds it at least ten times as often as the other
("Donald": male; "Jordan", "Jean": neither); names outside the lists say nothing.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

__all__ = ["first_name_gender", "is_first_name"]

# How much more often one gender must hold a name before it says that gender.
_MARGIN = 10.0


@lru_cache(maxsize=1)
def _shares() -> dict[str, tuple[float, float]]:
    shares: dict[str, list[float]] = {}
    for k, fname in enumerate(("dist.male.first", "dist.female.first")):
        for line in resources.files("names").joinpath(fname).read_text("ascii").splitlines():
            parts = line.split()
            if len(parts) >= 2:
                shares.setdefault(parts[0].casefold(), [0.0, 0.0])[k] = float(parts[1])
    return {name: (m, f) for name, (m, f) in shares.items()}


def first_name_gender(name: str) -> str | None:
    """Return the gender a full name's first name usually has.

    Args:
        name: a canonical person name ("Hillary Clinton"); a one-word name says nothing,
            since it is usually a surname.

    Returns:
        ``"m"``, ``"f"``, or None when the name is unknown or shared.
    """
    words = name.split()
    if len(words) < 2:
        return None
    share = _shares().get(words[0].casefold().rstrip("."))
    if share is None:
        return None
    male, female = share
    if male >= _MARGIN * female:
        return "m"
    if female >= _MARGIN * male:
        return "f"
    return None


def is_first_name(word: str) -> bool:
    """Tell whether a word is a first name of the census lists ("Zach", "Kelly")."""
    return word.casefold().rstrip(".") in _shares()
