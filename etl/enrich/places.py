"""Places: which place mentions stay places, and how they are merged and geocoded.

:func:`keep_places` decides which of the mentions the canonical pass read as places are
places (a gazetteer tier knows them, or they read as places: "in X", "X County", a state
after them), and :func:`build_places` merges their forms and places them with the
gazetteer, inside the state or country written after them when there is one.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence

from etl.enrich.entities import Mention
from etl.enrich.entities import fold_name as _fold
from etl.enrich.gazetteer import Gazetteer, GeoEntry, normalize_place_key
from etl.enrich.towns import Qualifier, is_county, locate_county, locate_in
from etl.records import Place

__all__ = ["build_places", "keep_places"]

# Worlds whose names towns share ("Jupiter, Florida"): in news mostly the worlds.
_PLANETS = frozenset(
    {"mercury", "venus", "earth", "mars", "jupiter", "saturn", "uranus", "neptune", "pluto",
     "moon", "ceres"}
)
_FIRM_LOCATIVE = re.compile(
    r"\b(?:[Ii]n|[Nn]ear|[Oo]utside|town of|city of|village of|capital|"
    r"visit(?:ed|ing|s)?|(?:fl(?:ew|own|y|ies|ying)|travel(?:l?ed|l?ing|s)?|moved|returned|"
    r"arrived|headed)\s+(?:back\s+)?(?:to|from))\s+(?:the\s+)?$"
)
_NEXT_NAME = re.compile(r"\s*[,(]\s*([A-Z][\w.'’-]*(?:\s[A-Z][\w.'’-]*){0,2})")
_POSSESSIVE = re.compile(r"['\u2019]s?$")


def keep_places(
    place_mentions: Sequence[tuple[str, str]],
    mentions: Sequence[Mention],
    text: str | None,
    gaz: Gazetteer,
    qualifiers: Mapping[str, Qualifier],
) -> list[tuple[str, str]]:
    """The ``(surface, raw)`` place mentions that are places.

    A name no gazetteer tier knows stays a place only if it reads as one: a firm locative
    ("in X"), a form such as "X County", or a state or country after it. "Netflix" tagged
    GPE does none of these. Buildings, venues and streets, lower-case words and planets
    (unless a state follows: "Jupiter, Fla.") are no places.

    Args:
        place_mentions: candidate places as ``(surface, raw)`` pairs.
        mentions: all the model's mentions, for their locative flags.
        text: the article, when known.
        gaz: the gazetteer.
        qualifiers: the qualifier of each qualified name, by folded name.

    Returns:
        The pairs that stay.
    """
    located = {
        _fold(m.text) for m in mentions
        if m.locative and (not text or _firmly_located(m, text, gaz))
    }
    located |= set(qualifiers)
    return [
        (t, r) for t, r in place_mentions
        if (_fold(t) in located or gaz.is_geographic(t))
        and not gaz.is_facility(t)
        and t != t.lower()  # "metro" tagged GPE: a common noun, whatever town it names
        and (_fold(t) not in _PLANETS or _fold(t) in qualifiers)  # "Jupiter, Fla." only
    ]


def _firmly_located(m: Mention, text: str, gaz: Gazetteer) -> bool:
    """Whether a mention reads as a place by more than a weak preposition.

    "in X", "near X", "the town of X", a dateline, or "X, Qinghai" with a known place after
    the comma; not "at Ubisoft", "into WeWork", "through KLOOK" or "Bon Jovi, Sheryl Crow",
    which also fit organizations and people. Only names no gazetteer tier knows need this.
    """
    if _FIRM_LOCATIVE.search(text, max(0, m.start - 40), m.start):
        return True
    line_start = text.rfind("\n", 0, m.start) + 1
    if not text[line_start:m.start].strip():
        return True  # a dateline: what made the mention locative at a line's start
    after = _NEXT_NAME.match(text, m.end)
    return bool(after and after.group(1) in gaz)


def _shouted(form: str) -> bool:
    """An all-caps word longer than an acronym ("WASHINGTON", not "US" or "NATO")."""
    return form.isupper() and len(form.replace(".", "").replace(" ", "")) > 4


def build_places(
    mentions: Sequence[tuple[str, str]],
    gaz: Gazetteer,
    qualifiers: Mapping[str, Qualifier] | None = None,
) -> list[Place]:
    """Merge place mentions into places and geocode them.

    Names are placed with the countries the article names as context ("Georgia" beside
    "Atlanta" is the state), inside the state or country written after them when there is
    one, and US counties at their ZIP code points.

    Args:
        mentions: ``(surface, raw)`` pairs that are places (see :func:`keep_places`).
        gaz: the gazetteer.
        qualifiers: the qualifier of each qualified name, by folded name.

    Returns:
        Places, most mentioned first; the article's most frequent form names each, the
        gazetteer's goes to ``geo_name`` and the other written forms to ``aliases``.
    """
    # Context: countries named outright, and the countries of unambiguous names.
    context: set[str] = set()
    for text, _raw in mentions:
        # A province the main tier does not know ("Yunnan") still names its country.
        candidates = gaz.candidates(text) or gaz.candidates(text, minor=True)
        primary = [c for c in candidates if c.primary] or candidates
        codes = {c.country_code for c in primary if c.country_code}
        if len(codes) == 1:
            context.update(codes)
            continue
        top = gaz.lookup(text)
        # A country name counts unless a region elsewhere shares it ("Georgia").
        if top is not None and top.kind == "country" and not any(
            c.kind != "city" and c.country_code != top.country_code for c in primary
        ):
            context.add(top.country_code or "")

    resolved: dict[tuple[str, str, str | None], tuple[GeoEntry | None, Counter[str]]] = {}
    order: list[tuple[str, str, str | None]] = []
    written: dict[tuple[str, str, str | None], set[str]] = defaultdict(set)
    # US states the article names or qualifies with: they tell namesake counties apart.
    states = {q.admin for q in (qualifiers or {}).values() if q.admin}
    for text, _raw in mentions:
        top = gaz.lookup(text)
        if top is not None and top.kind == "region" and top.country_code == "US":
            states.add(top.admin)
    for text, raw in mentions:
        qual = (qualifiers or {}).get(_fold(text))
        entry = locate_in(gaz, text, qual) if qual else gaz.locate(text, context)
        if entry is None and not qual and is_county(text):
            entry = locate_county(text, states)
        if entry is not None:
            key: tuple[str, str, str | None] = (entry.name, entry.kind, entry.country_code)
        else:
            key = (re.sub(r"[\s.\-'\u2019]+", " ", text.casefold()).strip(), "other", None)
        if key not in resolved:
            resolved[key] = (entry, Counter())
            order.append(key)
        resolved[key][1][text] += 1
        # Keep the written form as an alias where it is another name ("NJ" for New Jersey).
        if normalize_place_key(raw) != normalize_place_key(text) and not _POSSESSIVE.search(raw):
            written[key].add(raw)

    places = []
    for key in order:
        entry, forms = resolved[key]
        count = sum(forms.values())
        if entry is None:
            name = max(forms, key=lambda f: (forms[f], f[:1].isupper(), -len(f)))
            if not any(ch.isupper() for ch in name):
                continue  # "meth", "n’t": a lower-case word the gazetteer does not know
            places.append(Place(name=name, mentions=count, kind="other"))
        else:
            # The article's most frequent form names the place ("Britain", "U.S."); the
            # gazetteer's name goes to `geo_name`, the other forms to `aliases`.
            # A dateline's "WASHINGTON" yields to a form in running text; alone, it takes
            # the gazetteer's spelling when that is the same name.
            name = max(forms, key=lambda f: (not _shouted(f), forms[f], len(f)))
            if _shouted(name):
                name = entry.name if entry.name.casefold() == name.casefold() else name.title()
            places.append(
                Place(
                    name=name,
                    geo_name=entry.name,
                    aliases=sorted({f for f in forms if f != name} | written[key] - {name}),
                    mentions=count,
                    country_code=entry.country_code,
                    latitude=entry.latitude,
                    longitude=entry.longitude,
                    kind=entry.kind,
                )
            )
    places.sort(key=lambda p: -p.mentions)
    return places
