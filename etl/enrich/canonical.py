"""One canonical entity per real-world entity per article.

Input: the cleaned mentions of one article (:mod:`etl.enrich.entities`). Output:
people, places and organizations with mention counts and aliases. Steps:

1. strip titles and honorifics from person names ("Sir Keir" -> "Keir");
2. drop debris (single characters, digits, URLs, image-credit words, junk);
3. correct types with the gazetteer and the article itself: a country, a capital or
   a big city tagged PERSON is a place; a country or capital tagged ORG or NORP is a
   place; a word that is the surname of a person of the article is that person
   whatever its tag; nationalities ("Russian") and events ("... Open") are never
   places; in results tables and sports reports a city or region beside a score is
   a team (organization) while a country stays a place; "Name ( Country )" in a
   results list is a competitor; an event named after a city ("Lisbon Summit") also
   gives the city; names only seen in a re-cased headline need the body to confirm
   them;
4. merge people by full name, then attach partial mentions (surname or first name)
   to the one full name they belong to;
5. merge organizations case- and punctuation-insensitively ("Nato" and "NATO");
6. geocode places, resolving ambiguous names by the article's other places.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from etl.enrich.entities import Mention, clean_surface, stop_words
from etl.enrich.entities import fold_name as _fold
from etl.enrich.first_names import is_first_name
from etl.enrich.gazetteer import (
    Gazetteer,
    get_gazetteer,
    is_demonym,
    us_state_name,
)
from etl.enrich.lone_names import drop_thing_phrases, drop_thing_words, player_stat
from etl.enrich.org_names import ORG_ENDINGS as _ORG_ENDINGS
from etl.enrich.org_names import ORG_HINTS as _ORG_HINTS
from etl.enrich.org_names import acronym_of_thing, names_a_thing
from etl.enrich.phrases import is_title
from etl.enrich.places import build_places, keep_places
from etl.enrich.towns import qualify_mentions, state_form
from etl.records import Organization, Person, Place

__all__ = ["canonicalize", "strip_titles"]

# Titles, honorifics and job words that precede names in news copy. Generic English.
TITLE_WORDS = frozenset(
    {
        "mr", "mrs", "ms", "miss", "mx", "dr", "doctor", "sir", "dame", "lord", "lady",
        "prof", "professor", "rev", "reverend", "fr", "father", "sister", "brother",
        "sen", "senator", "rep", "representative", "congressman", "congresswoman",
        "gov", "governor", "president", "vice", "prime", "minister", "ministers",
        "secretary", "foreign", "home", "defence", "defense", "interior", "finance",
        "health", "justice", "state", "general", "attorney", "deputy", "chancellor",
        "king", "queen", "prince", "princess", "pope", "emperor", "empress", "sheikh",
        "ayatollah", "archbishop", "bishop", "cardinal", "rabbi", "imam", "gen", "col",
        "colonel", "capt", "captain", "lt", "lieutenant", "sgt", "sergeant", "admiral",
        "marshal", "major", "commander", "judge", "mayor", "premier", "ambassador",
        "envoy", "chairman", "chairwoman", "chair", "chief", "executive", "ceo", "coach",
        "manager", "striker", "midfielder", "defender", "goalkeeper", "inspector",
        "detective", "officer", "commissioner", "spokesman", "spokeswoman",
        "spokesperson", "leader", "former", "ex", "late", "mp", "mep", "director",
        "speaker", "shadow", "labour", "tory", "senior", "junior", "mrs.", "mr.",
        "dr.", "st.", "secretary-general", "first", "cabinet", "economy",
        "trade", "business", "culture", "education", "transport", "environment",
        "energy", "treasury", "party", "opposition", "front-runner", "candidate",
        "nominee", "hopeful", "veteran", "star", "champion", "world", "number", "no",
        "top", "seed", "seeded", "rookie", "skipper", "batsman", "bowler", "jockey",
        "trainer", "driver", "rider", "pitcher", "forward", "centre", "center",
        # Joiners inside long titles ("Secretary of State for Defence").
        "of", "the", "for", "and",
    }
)
# Words in a name that may be lower case ("Ludwig van Beethoven", "Bashar al-Assad").
NAME_PARTICLES = frozenset(
    {
        "de", "da", "di", "do", "dos", "das", "du", "del", "della", "der", "den", "van",
        "von", "ter", "la", "le", "bin", "ibn", "ben", "al", "el", "y", "e", "zu", "af",
    }
)
# Words of image captions, credits and page furniture that the model tags as names.
DEBRIS_WORDS = frozenset(
    {
        "image", "images", "getty", "photo", "photos", "photograph", "picture",
        "pictures", "caption", "video", "videos", "media", "source", "copyright",
        "published", "updated", "newsletter", "subscribe", "cookie",
        "cookies", "click", "share", "advertisement", "http", "https", "www",
    }
)
# Acronyms of things, units and roles that the model tags ORG ("USB", "GPU", "IPO",
# "CEO"); generic vocabulary, no organization goes by one of them in news.
_NOT_ORGS = frozenset(
    {
        "usb", "usb c", "hdmi", "dvi", "cpu", "gpu", "ram", "ssd", "hdd", "led", "lcd",
        "oled", "rgb", "fps", "hdr", "nfc", "gps", "lte", "wifi", "wi fi", "api", "sdk",
        "os", "pdf", "ai", "vr", "ar", "ev", "evs", "awd", "rwd", "fwd", "suv", "suvs",
        "ipo", "etf", "gdp", "cpi", "roi", "eps", "ceo", "cfo", "coo", "cto", "vp", "hr",
        "gmt", "utc", "est", "edt", "pst", "pdt", "bst", "cet", "kb", "mb", "gb", "tb",
        "mph", "kph", "ac", "dc", "ecg", "ekg", "mri", "icu", "er", "dna", "rna", "pet",
        "vod", "dvd", "cd", "tv", "pc", "faq", "diy", "rsvp", "rrp", "msrp", "vat", "ict",
    }
)
_AFTER_CITY = re.compile(r"\b[A-Z][a-z]+(?:\s[A-Z][a-z]+)*,\s?$")
# Words that make a place-like name an event ("Riverton Open", "Harbour Cup").
_EVENT_WORDS = frozenset(
    {
        "open", "cup", "games", "championship", "championships", "tour", "trophy",
        "prix", "classic", "masters", "series", "league", "olympics", "marathon",
        "festival", "summit", "conference", "race", "rally", "grand",
    }
)
# Last words no personal name ends with: an event or an award ("Music Awards", once the
# nationality of "American Music Awards" is stripped as a title; "Davis Cup"), a product
# line or a device ("Acme Phone Pro"). Alone, no such word is a name either.
_NOT_A_NAME_END = frozenset(
    {"awards", "award", "prize", "prizes", "cup", "trophy", "championship", "championships",
     "olympics", "festival", "games", "finals",
     # product lines and devices ("Acme Phone Pro", "Acme Watches", "Acme Plus")
     "pro", "plus", "lite", "mini", "ultra", "live", "note", "watch", "watches", "edition",
     "earphones", "earbuds", "headphones", "speaker", "speakers", "console", "tablet",
     "switch", "keyboard", "folio", "mode", "store", "guides",
     # streets and venues ("Jolinda Drive", "County Road", "Ak-Chin Pavilion"); not words
     # that are also surnames ("Lane", "Hall", "Field", "Park")
     "road", "drive", "street", "avenue", "boulevard", "pavilion", "arena", "stadium",
     "center", "centre", "amphitheatre", "amphitheater", "auditorium", "falls"}
)
# Last words of clubs named for their town; the model tags some of them PERSON.
_CLUB_WORDS = frozenset(
    {"united", "rovers", "wanderers", "athletic", "albion", "rangers", "hotspur", "fc"}
)
# Online platforms the model reads as people when they act in a sentence ("Twitter asks",
# "Facebook said"): they are organizations.
_PLATFORMS = frozenset(
    {"twitter", "facebook", "instagram", "youtube", "tiktok", "snapchat", "reddit",
     "whatsapp", "linkedin", "pinterest", "tumblr", "google", "netflix", "spotify",
     "wikipedia", "telegram", "weibo", "wechat"}
)
# Last words of events held in, and named after, a place ("Lisbon Climate Summit").
_HOSTED_EVENTS = frozenset(
    {
        "conference", "summit", "forum", "talks", "meeting", "congress", "festival",
        "expo", "fair", "games", "olympics", "marathon", "convention", "symposium",
    }
)
_URLISH = re.compile(r"(?:https?:|www\.|\.com\b|\.org\b|@|/)", re.I)
# A site named by its address ("Wired.com"): an organization, not debris.
_SITE_NAME = re.compile(r"[A-Z][A-Za-z-]*\.(?:com|org|net)")
_HAS_DIGIT = re.compile(r"\d")
_INNER_LOWER = re.compile(
    r"\s+(?!(?:" + "|".join(sorted(NAME_PARTICLES)) + r")\b)[a-z]+\s+"
)
_INITIAL = re.compile(r"^(?:[A-Z]\.)+[A-Z]")  # "J.Smith": an initialled name in one token
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


def strip_titles(name: str) -> str:
    """Remove leading titles, honorifics, nationalities and country names from a person name.

    Args:
        name: a cleaned PERSON surface ("Prime Minister Keir Starmer",
            "US Vice President JD Vance", "ex-president Joe Biden").

    Returns:
        The name without them ("Keir Starmer", "JD Vance", "Joe Biden"); the last
        token is always kept.
    """
    tokens = name.split()
    gaz = get_gazetteer()
    while len(tokens) > 1:
        head = tokens[0]
        low = head.casefold().rstrip(".")
        if low.startswith("ex-"):
            low = low[3:]
        # A country before one word is a first name ("Chad Doe", "Jordan Doe"); before a
        # title or a full name it qualifies ("US President Jane Doe", "Chad Jane Doe").
        country = head in gaz and gaz.is_country_level(head) and len(tokens) > 2
        titled = low in TITLE_WORDS or low.rstrip("s") in TITLE_WORDS or is_title(head)
        if titled or is_demonym(head) or country:
            tokens.pop(0)
            continue
        break
    # Trailing lower-case words are verbs or debris the model swallowed ("Lammy said").
    while len(tokens) > 1 and tokens[-1][:1].islower() and tokens[-1] not in NAME_PARTICLES:
        tokens.pop()
    return " ".join(tokens)


def _postal_state(m: Mention, text: str | None) -> str | None:
    """The US state of a postal code written after a city and a comma ("Hartford, CT")."""
    if not text or not _AFTER_CITY.search(text, max(0, m.start - 40), m.start):
        return None
    return us_state_name(m.text)


def _is_debris(text: str) -> bool:
    """Tell whether a surface cannot be a name at all."""
    if len(text) < 2 or _HAS_DIGIT.search(text) or (
        _URLISH.search(text) and not _SITE_NAME.fullmatch(text)
    ):
        return True
    if len(text) <= 2 and not text.isupper():
        return True  # "St", "Mr": abbreviations cut from a longer name
    if not any(ch.isalpha() for ch in text):
        return True
    words = [w.casefold() for w in re.findall(r"[^\W\d_]+", text)]
    if not text.isupper() and all(w in stop_words() for w in words):
        return True  # "The", "Here" (but "WHO", "IT" may be acronyms)
    return any(w in DEBRIS_WORDS for w in words)


def _looks_like_person(name: str) -> bool:
    """Shape check for a person name after title stripping."""
    tokens = name.split()
    if not tokens or len(tokens) > 5:
        return False
    if len(tokens) == 1:
        token = tokens[0]
        # A lone all-caps token is an acronym, not a person; a lone initial is debris.
        return len(token) >= 2 and not token.isupper() and token[0].isupper()
    for token in tokens:
        if token.casefold() in NAME_PARTICLES:
            continue
        first_alpha = next((ch for ch in token if ch.isalpha()), "")
        if not first_alpha:
            return False
        if first_alpha.islower() and "-" not in token and "'" not in token:
            return False
    return any(t[:1].isupper() for t in tokens)


def _looks_like_org(name: str) -> bool:
    """Shape check for an organization name."""
    tokens = name.split()
    if not tokens or len(tokens) > 10:
        return False
    if len(name) < 2:
        return False
    return name[0].isupper() or name[0].isdigit() or name[:1] in "\"'"


@dataclass
class _PersonGroup:
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


def _fold_tokens(name: str) -> list[str]:
    return [_fold(t) for t in name.split()]


def _merge_people(names: Counter[str], raw: dict[str, Counter[str]]) -> list[_PersonGroup]:
    """Group full names, then attach partial names to the full name they belong to."""
    groups: list[_PersonGroup] = []
    ordered = sorted(names, key=lambda n: (-len(n.split()), -names[n], n))
    for name in ordered:
        toks = _fold_tokens(name)
        target: _PersonGroup | None = None
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
            target = _PersonGroup(tokens=name.split())
            groups.append(target)
        target.surfaces[name] += names[name]
        target.raw.update(raw.get(name, Counter()))
    return groups


def _person_tokens(people_names: Sequence[str]) -> set[str]:
    """Folded tokens of the multi-token person names (surnames and first names)."""
    tokens: set[str] = set()
    for name in people_names:
        parts = name.split()
        if len(parts) > 1:
            tokens.update(_fold(p) for p in parts if p.casefold() not in NAME_PARTICLES)
    return tokens


def _person_surnames(people_names: Sequence[str]) -> set[str]:
    return {_fold(n.split()[-1]) for n in people_names if len(n.split()) > 1}


def canonicalize(
    mentions: Sequence[Mention], gazetteer: Gazetteer | None = None, text: str | None = None
) -> tuple[list[Person], list[Place], list[Organization]]:
    """Turn the mentions of one article into canonical people, places and organizations.

    Args:
        mentions: cleaned mentions in text order.
        gazetteer: the gazetteer to use; the process-wide one when ``None``.
        text: the article; when given, "Mr. Doe" and "Mrs. Doe" are told apart from the
            gender the text gives each full name (see :func:`_split_namesakes`).

    Returns:
        ``(people, places, organizations)``, each sorted by mentions (descending),
        then name.
    """
    gaz = gazetteer or get_gazetteer()

    # Pass 1: person names after title stripping, to know which words are surnames.
    person_names: Counter[str] = Counter()
    person_raw: dict[str, Counter[str]] = defaultdict(Counter)
    place_mentions: list[tuple[str, str]] = []  # (surface, raw)
    org_mentions: list[tuple[str, str]] = []
    deferred: list[Mention] = []  # non-PERSON mentions that may be surnames

    gendered: dict[str, Counter[str]] = defaultdict(Counter)  # "Doe" -> {"m": 3}

    def add_person(name: str, raw: str) -> None:
        person_names[name] += 1
        person_raw[name][_raw_alias(raw)] += 1

    if text:
        # "upstate New York", "New York Gov. Jane Doe": the state, not the city.
        mentions = [state_form(m, text, gaz) for m in mentions]
    listed = _listed_with_orgs(mentions)
    # "Holmdel, NJ": a name with its state or country after it is a place there.
    qualified_places = qualify_mentions(
        [m for m in mentions if not _is_debris(m.text) and id(m) not in listed],
        text, gaz,
        lambda name: not _ORG_HINTS.intersection(_fold_tokens(name))
        and _fold(name.split()[-1]) not in _ORG_ENDINGS,
    )
    place_mentions.extend(qualified_places.places)
    qualifiers = qualified_places.qualifiers
    for m in mentions:
        if _is_debris(m.text):
            continue
        if id(m) in listed:
            org_mentions.append((m.text, m.raw))  # "Facebook, Twitter and Instagram"
            continue
        if id(m) in qualified_places.taken:
            continue
        if (
            text
            and m.label != "NORP"
            and player_stat(m, text, gaz)
            and _looks_like_person(name := strip_titles(m.text))
            and not gaz.is_country_level(name)
        ):
            add_person(name, m.raw)  # "Jane Doe 25 points": a player in a box score
            continue
        if m.label == "PERSON" and _INNER_LOWER.search(m.text):
            # "J. Doe c Roe b Poe": lower-case words inside split several names.
            for part in _INNER_LOWER.split(m.text):
                part = part.strip()
                if part and not _is_debris(part):
                    name = strip_titles(part)
                    if _looks_like_person(name) and not (gaz.is_country_level(name)):
                        add_person(name, part)
            continue
        if _SITE_NAME.fullmatch(m.text):
            org_mentions.append((m.text, m.raw))  # "Wired.com", whatever the model tagged
            continue
        if m.label == "PERSON":
            name = strip_titles(m.text)
            if _is_debris(name):
                continue
            if (
                gaz.is_country_level(name)
                or gaz.is_major_city(name)
                or (m.locative and name in gaz and not m.sports)
            ):
                # Countries and capitals are tagged PERSON in lists and tables; decided
                # after pass 1, once we know whether some person bears that name.
                deferred.append(replace(m, text=name))
                continue
            if _fold(name.split()[-1]) in _ORG_ENDINGS:
                if len(name.split()) > 1:
                    org_mentions.append((name, m.raw))  # "Progress Alliance" tagged PERSON
                continue  # a lone "Collective" cut from "Climate Justice Collective"
            if not _looks_like_person(name):
                if name.isupper() and len(name.split()) == 1 and len(name) <= 6:
                    org_mentions.append((name, m.raw))  # an acronym: likely an organization
                continue
            if len(name.split()) == 1 and m.after_non_name_word:
                if _fold(name) in _PLATFORMS:
                    org_mentions.append((name, m.raw))  # "posted on Twitter"
                continue  # "the Moon": a personal name takes no article
            # A lone capitalised word opening a sentence may be any noun ("Benchmark
            # copper rose"): like a headline word, it needs a full name to back it.
            # An honorific ("Ms Doe said") shows a person wherever the sentence starts.
            opening = (
                m.opens_sentence
                and not m.honorific
                and not m.sports
                and not m.in_table
                and name not in gaz
            )
            if len(name.split()) == 1 and (m.recased or m.in_table or opening) and not _INITIAL.match(name):
                # One capitalised word in a shouted headline or a table is as often a
                # common noun or a team as a surname: keep it only if a full name has it.
                deferred.append(replace(m, text=name))
                continue
            add_person(name, m.raw)
            if m.honorific and len(name.split()) == 1:
                gendered[name][m.honorific] += 1
        elif (
            m.label in ("ORG", "GPE", "LOC", "NORP")
            and m.paren
            and gaz.is_country_level(m.paren)
            and _competitor_name(m.text, gaz)
        ):
            # "Jane Doe ( Kenya )" in a results list: a competitor and her country.
            add_person(m.text, m.raw)
        elif m.label == "ORG" and m.sports and _player_name(m.text, gaz):
            add_person(m.text, m.raw)  # "Jo Doe added three assists" tagged ORG
        elif m.label == "ORG" and _demonym_person(m.text):
            # "Australian Jane Doe" tagged ORG: a nationality before a personal name.
            add_person(strip_titles(m.text), m.raw)
        else:
            deferred.append(m)

    multi = [n for n in person_names if len(n.split()) > 1]
    surnames = _person_surnames(multi)
    # "Helena Doe, a glaciologist" tagged ORG while a bare "Doe" is tagged PERSON: the
    # full name is the person's, unless it reads as a body ("Doe Holdings").
    bare = {_fold(n) for n in person_names if len(n.split()) == 1} | {
        _fold(m.text) for m in deferred if m.label == "PERSON" and len(m.text.split()) == 1
    }
    for m in list(deferred):
        toks = m.text.split()
        if (
            m.label == "ORG"
            and 2 <= len(toks) <= 3
            and _fold(toks[-1]) in bare - surnames
            and not _ORG_HINTS.intersection(_fold_tokens(m.text))
            and _fold(toks[-1]) not in _ORG_ENDINGS
            and _looks_like_person(m.text)
            and m.text not in gaz
        ):
            add_person(m.text, m.raw)
            deferred.remove(m)
    multi = [n for n in person_names if len(n.split()) > 1]
    surnames = _person_surnames(multi)
    person_tokens = _person_tokens(multi)

    # Names the article writes in mixed case; a name seen only in a re-cased headline
    # must be confirmed by one of them to count as an organization.
    confirmed = {_fold(m.text) for m in mentions if not m.recased}
    confirmed_words = {w for name in confirmed for w in name.split()}

    for m in deferred:
        folded = _fold(m.text)
        single = len(m.text.split()) == 1
        if single and (folded in surnames or (m.label == "PERSON" and folded in person_tokens)):
            # "Starmer" tagged ORG or GPE in an article about Keir Starmer is Starmer.
            add_person(m.text, m.raw)
            continue
        if m.label == "OTHER":
            continue
        entry = gaz.lookup(m.text) if m.text in gaz else None
        is_country = entry is not None and entry.kind in ("country", "continent")
        # In a results table or score line a city or region names a team; so does
        # one in a sports report unless a preposition makes it a location ("in Leeds").
        team = not is_country and (
            (m.in_table and m.by_number and not m.locative)
            or (m.sports and not m.locative and m.label != "FAC")
        )
        if m.label == "PERSON":
            if m.paren and gaz.is_country_level(m.paren) and entry is None:
                add_person(m.text, m.raw)  # "Doe ( Kenya )": a competitor in a results list
            elif entry is not None and not team:
                place_mentions.append((m.text, m.raw))
            elif team and _looks_like_org(m.text):
                org_mentions.append((m.text, m.raw))
            continue
        if m.label in _PLACE_LABELS:
            if is_demonym(m.text) or _EVENT_WORDS.intersection(_fold_tokens(m.text)):
                continue  # nationalities and events ("Open", "Cup") are not places
            if m.recased and entry is None:
                continue  # a capitalised headline word the gazetteer does not know
            competitor = entry is None and bool(m.paren) and gaz.is_country_level(m.paren)
            if competitor or (team and (m.label != "FAC" or m.by_number)):
                # A team: beside a score, or "Name ( Country )" in a results list.
                org_mentions.append((m.text, m.raw))
            else:
                place_mentions.append((m.text, m.raw))
        elif m.label == "NORP":
            if (
                entry is not None
                and (gaz.is_country_level(m.text) or gaz.is_major_city(m.text))
                and not is_demonym(m.text)
            ):
                place_mentions.append((m.text, m.raw))
        elif m.label == "ORG":
            if m.recased and folded not in confirmed and not (
                set(folded.split()) <= confirmed_words and not single
            ):
                continue
            if " - " in m.text:
                # Headline or table fragments glued by a dash ("Country - Name").
                for part in m.text.split(" - "):
                    part = part.strip()
                    if part in gaz and gaz.is_country_level(part):
                        place_mentions.append((part, part))
                    elif not m.recased and _looks_like_org(part) and not _is_debris(part):
                        org_mentions.append((part, part))
                continue
            hinted = bool(_ORG_HINTS.intersection(_fold_tokens(m.text)))
            if (
                entry is not None
                and not team
                and not hinted
                and (
                    gaz.is_country_level(m.text)
                    or entry.capital
                    or (gaz.is_major_city(m.text) and not m.sports)
                )
            ):
                place_mentions.append((m.text, m.raw))
            elif state := _postal_state(m, text):
                place_mentions.append((state, m.raw))  # "Hartford, CT"
            elif _looks_like_org(m.text) and _fold(m.text) not in _NOT_ORGS:
                org_mentions.append((m.text, m.raw))
                host = _event_host(m.text, gaz)
                if host:
                    place_mentions.append((host, host))

    for name in [n for n in person_names if n.split()[-1].casefold() in _NOT_A_NAME_END]:
        del person_names[name]
    for name in [n for n in person_names if _fold(n) in _PLATFORMS or _club(n, gaz)]:
        org_mentions.extend([(name, name)] * person_names.pop(name))
    _drop_org_words(person_names, person_tokens, org_mentions)
    things = drop_thing_phrases(person_names, mentions, text)
    if things:
        # "Tribune" no longer belongs to a full name once "the Chicago Tribune" is gone.
        person_tokens = _person_tokens([n for n in person_names if len(n.split()) > 1])
    drop_thing_words(person_names, person_tokens, mentions, text, things, gaz)
    people = _build_people(person_names, person_raw, gendered if text else {}, text or "")
    places = build_places(keep_places(place_mentions, mentions, text, gaz, qualifiers), gaz,
                          qualifiers)
    if text:
        common = {t for t in {t for t, _ in org_mentions} if _common_word(t, text)}
        org_mentions = [(t, r) for t, r in org_mentions if t not in common]
    org_mentions = [
        (t, r) for t, r in org_mentions
        if not names_a_thing(t) and not (text and acronym_of_thing(t, text))
    ]
    organizations = _build_orgs(org_mentions)
    return people, places, organizations


def _common_word(name: str, text: str) -> bool:
    """A one-word name the article writes in lower case at least as often ("Jam", "Plague")."""
    if " " in name or not name[:1].isupper() or (len(name) <= 4 and name.isupper()):
        return False
    def count(form: str) -> int:
        # Not inside an address ("twitter.com", "@givewell").
        return len(re.findall(r"(?<![\w./@-])" + re.escape(form) + r"(?![\w-]|\.\w)", text))

    return count(name.lower()) >= max(1, count(name))


def _listed_with_orgs(mentions: Sequence[Mention]) -> set[int]:
    """Lone PERSON words listed between organizations ("on Facebook, Twitter and Instagram").

    Only a short gap (", ", " and ", ", or ") can separate list items, so two mentions that
    close are read as one list; a word with organizations on both sides is one of them.
    """
    ordered = sorted(mentions, key=lambda m: m.start)
    out: set[int] = set()
    for i, m in enumerate(ordered):
        if m.label != "PERSON" or len(m.text.split()) != 1:
            continue
        before = ordered[i - 1] if i > 0 else None
        after = ordered[i + 1] if i + 1 < len(ordered) else None
        near = [
            n for n in (before, after)
            if n is not None and n.label == "ORG" and 0 < max(m.start - n.end, n.start - m.end) <= 6
        ]
        if len(near) == 2:
            out.add(id(m))
    return out


def _drop_org_words(
    person_names: Counter[str], person_tokens: set[str], org_mentions: list[tuple[str, str]]
) -> None:
    """Forget "people" that are pieces or copies of the article's organization names.

    A lone word of a longer organization name ("Collective" from "Climate Justice
    Collective") is not a person unless some full personal name contains it; a name
    tagged as an organization at least as often as a person is an organization.
    """
    org_counts = Counter(_fold(text) for text, _ in org_mentions)
    org_tokens = {t for text in org_counts if len(text.split()) > 1 for t in text.split()}
    for name in list(person_names):
        folded = _fold(name)
        single = len(name.split()) == 1
        if (single and folded in org_tokens and folded not in person_tokens) or (
            org_counts.get(folded, 0) >= person_names[name]
        ):
            del person_names[name]


def _club(name: str, gaz: Gazetteer) -> bool:
    """A sports club named for its town ("Manchester United", "Bolton Wanderers")."""
    words = name.split()
    return (len(words) >= 2 and words[-1].casefold() in _CLUB_WORDS
            and gaz.lookup(" ".join(words[:-1])) is not None)


def _event_host(name: str, gaz: Gazetteer) -> str | None:
    """The host place of an event named after it ("Lisbon Climate Summit" -> "Lisbon").

    Args:
        name: an organization or event name.
        gaz: the gazetteer.

    Returns:
        The leading place name when the name ends like an event and starts with a
        city or country of the gazetteer, else ``None``.
    """
    tokens = name.split()
    if len(tokens) < 2 or _fold(tokens[-1]) not in _HOSTED_EVENTS:
        return None
    for size in (2, 1):
        head = " ".join(tokens[:size])
        if size < len(tokens) and head in gaz and not is_demonym(head):
            return head
    return None


def _competitor_name(text: str, gaz: Gazetteer) -> bool:
    """Two or three capitalised words, no organization word, not a place: a person's name."""
    tokens = text.split()
    return (
        2 <= len(tokens) <= 3
        and all(t[:1].isupper() and not t.isupper() for t in tokens)
        and not _ORG_HINTS.intersection(_fold_tokens(text))
        and text not in gaz
        and not any(gaz.is_country_level(t) or is_demonym(t) for t in tokens)
    )


def _player_name(text: str, gaz: Gazetteer) -> bool:
    """A first name and a surname that no body's name could be ("Jo Doe", not "Jo Stanley":
    firms named after their founders pair two first names, like "Morgan Stanley")."""
    tokens = text.split()
    return (
        2 <= len(tokens) <= 3
        and is_first_name(tokens[0])
        and not is_first_name(tokens[-1])
        and _looks_like_person(text)
        and not _ORG_HINTS.intersection(_fold_tokens(text))
        and _fold(tokens[-1]) not in _ORG_ENDINGS
        and not names_a_thing(text)
        and text not in gaz
    )


def _demonym_person(text: str) -> bool:
    tokens = text.split()
    return (
        3 <= len(tokens) <= 4
        and is_demonym(tokens[0])
        and not _ORG_HINTS.intersection(_fold_tokens(text))
        and _fold(tokens[-1]) not in _ORG_ENDINGS
        and _looks_like_person(" ".join(tokens[1:]))
        and all(t[:1].isupper() for t in tokens[1:])
    )


def _raw_alias(raw: str) -> str:
    return clean_surface(raw)


def _split_namesakes(
    groups: list[_PersonGroup], gendered: dict[str, Counter[str]], text: str
) -> list[_PersonGroup]:
    """Give "Mr. Doe" and "Mrs. Doe" to the full name of that gender.

    The bare surname went to the most mentioned full name ending with it. Its mentions
    with a gendered honorific move to the one full name the text gives that gender
    (:func:`~etl.enrich.phrases.gender_of`), else to the one other full name whose gender
    the text leaves open; when there is none, and the full name that took them is known to be the other gender, they are a
    person of their own, called by the surname ("Mr. Obama" in an article that names
    only "the first lady, Michelle Obama").
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
                target = _PersonGroup(tokens=[surname])
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


def _build_people(
    names: Counter[str],
    raw: dict[str, Counter[str]],
    gendered: dict[str, Counter[str]] | None = None,
    text: str = "",
) -> list[Person]:
    groups = _merge_people(names, raw)
    if gendered:
        groups = _split_namesakes(groups, gendered, text)
    people = []
    for group in groups:
        canonical = group.canonical()
        aliases = {s for s in group.surfaces if s != canonical}
        aliases.update(r for r in group.raw if r and r != canonical)
        people.append(Person(name=canonical, mentions=group.mentions, aliases=sorted(aliases)))
    people.sort(key=lambda p: (-p.mentions, p.name))
    return people


def _build_orgs(mentions: Sequence[tuple[str, str]]) -> list[Organization]:
    by_key: dict[str, Counter[str]] = defaultdict(Counter)
    order: dict[str, int] = {}
    for text, _raw in mentions:
        key = re.sub(r"[\s.\-'\u2019]+", "", text.casefold())
        if not key:
            continue
        by_key[key][text] += 1
        order.setdefault(key, len(order))
    orgs = []
    for key in sorted(by_key, key=order.__getitem__):
        forms = by_key[key]
        # Prefer an all-caps acronym form ("NATO" over "Nato"), then the most frequent.
        name = max(
            forms,
            key=lambda f: (f.replace(".", "").isupper() and len(f) > 1, forms[f], -len(f)),
        )
        aliases = sorted(f for f in forms if f != name)
        orgs.append(Organization(name=name, mentions=sum(forms.values()), aliases=aliases))
    orgs.sort(key=lambda o: -o.mentions)
    return orgs
