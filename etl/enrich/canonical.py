"""One canonical entity per real-world entity per article.

Input: the cleaned mentions of one article (:mod:`etl.enrich.entities`). Output:
people, places and organizations with mention counts and aliases. Steps:

1. strip titles and honorifics from person names ("Sir Keir" -> "Keir");
2. drop debris (single characters, digits, URLs, image-credit words, junk); both
   checks are in :mod:`etl.enrich.name_shapes`;
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
   to the one full name they belong to (:mod:`etl.enrich.people_merge`);
5. merge organizations case- and punctuation-insensitively ("Nato" and "NATO");
6. geocode places, resolving ambiguous names by the article's other places.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from etl.enrich.entities import Mention
from etl.enrich.entities import fold_name as _fold
from etl.enrich.first_names import is_first_name
from etl.enrich.gazetteer import (
    Gazetteer,
    get_gazetteer,
    is_demonym,
    us_state_name,
)
from etl.enrich.lone_names import (
    TEAM_ROLE_AFTER,
    common_word,
    drop_thing_phrases,
    drop_thing_words,
    player_stat,
)
from etl.enrich.name_kinds import (
    club_name,
    competitor_name,
    demonym_person,
    event_host,
    player_name,
)
from etl.enrich.name_shapes import (
    NAME_PARTICLES,
    SITE_NAME,
    is_debris,
    looks_like_org,
    looks_like_person,
    strip_titles,
)
from etl.enrich.org_names import (
    GOVERNMENT_SEATS,
    acronym_of_thing,
    names_a_thing,
    platform_mentions,
)
from etl.enrich.org_names import ORG_ENDINGS as _ORG_ENDINGS
from etl.enrich.org_names import ORG_HINTS as _ORG_HINTS
from etl.enrich.org_names import PLATFORMS as _PLATFORMS
from etl.enrich.outlets import cited_outlets
from etl.enrich.people_merge import (
    build_people,
    fold_tokens,
    people_surnames,
    people_tokens,
    raw_alias,
)
from etl.enrich.places import build_places, keep_places
from etl.enrich.towns import CA_PROVINCES, Qualifier, party_states, qualify_mentions, state_form
from etl.records import Organization, Person, Place

__all__ = ["canonicalize"]

# Acronyms of things, units, roles and laws that the model tags ORG ("USB", "GPU", "IPO",
# "CEO", "a super PAC"); generic vocabulary, no organization goes by one of them in news.
_NOT_ORGS = frozenset(
    {
        "usb", "usb c", "hdmi", "dvi", "cpu", "gpu", "ram", "ssd", "hdd", "led", "lcd",
        "oled", "rgb", "fps", "hdr", "nfc", "gps", "lte", "wifi", "wi fi", "api", "sdk",
        "os", "pdf", "ai", "vr", "ar", "ev", "evs", "awd", "rwd", "fwd", "suv", "suvs",
        "ipo", "etf", "gdp", "cpi", "roi", "eps", "ceo", "cfo", "coo", "cto", "vp", "hr",
        "gmt", "utc", "est", "edt", "pst", "pdt", "bst", "cet", "kb", "mb", "gb", "tb",
        "mph", "kph", "ac", "dc", "ecg", "ekg", "mri", "icu", "er", "dna", "rna", "pet",
        "vod", "dvd", "cd", "tv", "pc", "faq", "diy", "rsvp", "rrp", "msrp", "vat", "ict",
        # politics: a kind of committee, a role, laws and treaties, a sneer at the press
        "pac", "pacs", "ig", "foia", "aca", "ndaa", "tpp", "nafta", "msm",
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
_INNER_LOWER = re.compile(
    r"\s+(?!(?:" + "|".join(sorted(NAME_PARTICLES)) + r")\b)[a-z]+\s+"
)
_INITIAL = re.compile(r"^(?:[A-Z]\.)+[A-Z]")  # "J.Smith": an initialled name in one token
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


def _postal_state(m: Mention, text: str | None) -> str | None:
    """The US state or Canadian province of a postal code written after a city and a comma
    ("Hartford, CT", "Toronto, ON")."""
    if not text or not _AFTER_CITY.search(text, max(0, m.start - 40), m.start):
        return None
    return us_state_name(m.text) or CA_PROVINCES.get(m.text)


@dataclass
class _Sorting:
    """One article's mentions as they are sorted into people, places and organizations."""

    gaz: Gazetteer
    text: str | None
    person_names: Counter[str] = field(default_factory=Counter)
    person_raw: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    places: list[tuple[str, str]] = field(default_factory=list)  # (surface, raw)
    orgs: list[tuple[str, str]] = field(default_factory=list)
    # Mentions decided once the people are known (a surname tagged ORG is a person).
    deferred: list[Mention] = field(default_factory=list)
    # Honorifics seen with a lone surname: "Doe" -> {"m": 3}.
    gendered: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))

    def person(self, name: str, raw: str) -> None:
        self.person_names[name] += 1
        self.person_raw[name][raw_alias(raw)] += 1

    def full_names(self) -> list[str]:
        return [n for n in self.person_names if len(n.split()) > 1]


@dataclass(frozen=True)
class _Known:
    """What the first pass learnt about the article's people and mixed-case names."""

    surnames: set[str]
    person_tokens: set[str]
    # Names the article writes in mixed case; a name seen only in a re-cased headline
    # must be confirmed by one of them to count as an organization.
    confirmed: set[str]
    confirmed_words: set[str]


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
    if text:
        # "upstate New York", "New York Gov. Jane Doe": the state, not the city.
        mentions = [state_form(m, text, gaz) for m in mentions]
    s = _Sorting(gaz, text)
    listed = _listed_with_orgs(mentions)
    # "Holmdel, NJ": a name with its state or country after it is a place there.
    qualified = qualify_mentions(
        [m for m in mentions if not is_debris(m.text) and id(m) not in listed],
        text, gaz,
        lambda name: not _ORG_HINTS.intersection(fold_tokens(name))
        and _fold(name.split()[-1]) not in _ORG_ENDINGS,
    )
    s.places.extend(qualified.places)
    if text:
        # "Sen. Jane Doe (D-Minn.)": the lawmaker's state, unless the model has it already.
        for name, start, end in party_states(text):
            if not any(m.start < end and start < m.end and m.text == name for m in mentions):
                s.places.append((name, text[start:end]))
    for m in mentions:
        if is_debris(m.text):
            continue
        if id(m) in listed:
            s.orgs.append((m.text, m.raw))  # "Facebook, Twitter and Instagram"
        elif id(m) not in qualified.taken:
            _first_pass(s, m)
    _adopt_full_names(s)
    multi = s.full_names()
    confirmed = {_fold(m.text) for m in mentions if not m.recased}
    known = _Known(people_surnames(multi), people_tokens(multi), confirmed,
                   {w for name in confirmed for w in name.split()})
    for m in s.deferred:
        _second_pass(s, m, known)
    return _finish(s, mentions, known.person_tokens, qualified.qualifiers)


# A speech verb right after a name: "Doe said", whatever starts the sentence.
_SPEAKS_AFTER = re.compile(r"\s+(?:said|says|told|added|explained|wrote|asked)\b")
# A plural after "the" in a sports report is a team ("the Steelers"), not "the Moss".
_TEAM_PLURAL = re.compile(r"^[A-Z][a-z]+[^s]s$")


def _first_pass(s: _Sorting, m: Mention) -> None:
    """Sort a mention by its label and shape, or defer it to :func:`_second_pass`."""
    text, gaz = s.text, s.gaz
    if (
        text
        and m.label != "NORP"
        and player_stat(m, text, gaz)
        and looks_like_person(name := strip_titles(m.text))
        and not gaz.is_country_level(name)
    ):
        s.person(name, m.raw)  # "Jane Doe 25 points": a player in a box score
        return
    if m.label == "PERSON" and _INNER_LOWER.search(m.text):
        # "J. Doe c Roe b Poe": lower-case words inside split several names.
        for part in _INNER_LOWER.split(m.text):
            part = part.strip()
            if part and not is_debris(part):
                name = strip_titles(part)
                if looks_like_person(name) and not (gaz.is_country_level(name)):
                    s.person(name, part)
        return
    if _fold(m.text).removeprefix("the ") in GOVERNMENT_SEATS and m.label != "PERSON":
        s.orgs.append((m.text, m.raw))  # "the White House said", tagged FAC or GPE
        return
    if SITE_NAME.fullmatch(m.text):
        s.orgs.append((m.text, m.raw))  # "Wired.com", whatever the model tagged
        return
    if m.label == "PERSON":
        name = strip_titles(m.text)
        if is_debris(name):
            return
        if (
            gaz.is_country_level(name)
            or gaz.is_major_city(name)
            or (m.locative and name in gaz and not m.sports)
        ):
            # Countries and capitals are tagged PERSON in lists and tables; decided
            # after pass 1, once we know whether some person bears that name.
            s.deferred.append(replace(m, text=name))
            return
        if _fold(name.split()[-1]) in _ORG_ENDINGS:
            if len(name.split()) > 1:
                s.orgs.append((name, m.raw))  # "Progress Alliance" tagged PERSON
            return  # a lone "Collective" cut from "Climate Justice Collective"
        if not looks_like_person(name):
            if name.isupper() and len(name.split()) == 1 and len(name) <= 6:
                s.orgs.append((name, m.raw))  # an acronym: likely an organization
            return
        if len(name.split()) == 1 and m.after_non_name_word:
            if _fold(name) in _PLATFORMS or (m.sports and _TEAM_PLURAL.match(name)):
                s.orgs.append((name, m.raw))  # "posted on Twitter", "beat the Steelers"
            return  # "the Moon": a personal name takes no article
        team_role = text is not None and TEAM_ROLE_AFTER.match(text, m.end) is not None
        if len(name.split()) == 1 and _TEAM_PLURAL.match(name) and team_role:
            s.orgs.append((name, m.raw))  # "Sabres center Jo Doe": the team
            return
        # A lone capitalised word opening a sentence may be any noun ("Benchmark
        # copper rose"): like a headline word, it needs a full name to back it.
        # An honorific ("Ms Doe said") shows a person wherever the sentence starts, and so
        # does a speech verb right after it ("...!" Doe said.).
        opening = (
            m.opens_sentence
            and not m.honorific
            and not m.sports
            and not m.in_table
            and name not in gaz
            and not (text and _SPEAKS_AFTER.match(text, m.end))
        )
        words = name.split()
        if len(words) > 1 and m.recased and text and not _written_in_body(words[-1], text):
            # A full name seen only in a shouted line whose surname the body never writes
            # ("ARGENTINA CRUISES", re-cased) is a headline: no person, and no team either,
            # though a place may still be one ("NEW JERSEY").
            if name in gaz:
                s.deferred.append(replace(m, text=name))
            return
        if (
            len(name.split()) == 1
            and (m.recased or m.in_table or opening)
            and not _INITIAL.match(name)
        ):
            # One capitalised word in a shouted headline or a table is as often a
            # common noun or a team as a surname: keep it only if a full name has it.
            s.deferred.append(replace(m, text=name))
            return
        s.person(name, m.raw)
        if m.honorific and len(name.split()) == 1:
            s.gendered[name][m.honorific] += 1
    elif (
        m.label in ("ORG", "GPE", "LOC", "NORP")
        and m.paren
        and gaz.is_country_level(m.paren)
        and competitor_name(m.text, gaz)
    ):
        # "Jane Doe ( Kenya )" in a results list: a competitor and her country.
        s.person(m.text, m.raw)
    elif m.label == "ORG" and m.sports and player_name(m.text, gaz):
        s.person(m.text, m.raw)  # "Jo Doe added three assists" tagged ORG
    elif m.label == "ORG" and demonym_person(m.text):
        # "Australian Jane Doe" tagged ORG: a nationality before a personal name.
        s.person(strip_titles(m.text), m.raw)
    else:
        s.deferred.append(m)


# "Mr. D’Souza": a surname, whether or not the model tagged it.
_HONORED = re.compile(r"\b(?:Mr|Mrs|Ms|Dr)\.? ([A-Z][\w\u2019'-]+)")


def _adopt_full_names(s: _Sorting) -> None:
    """Take deferred ORG mentions that are a person's full name ("Helena Doe, a
    glaciologist" tagged ORG while a bare "Doe" is tagged PERSON or follows "Mr."), unless
    they read as a body ("Doe Holdings")."""
    surnames = people_surnames(s.full_names())
    bare = {_fold(n) for n in s.person_names if len(n.split()) == 1} | {
        _fold(m.text) for m in s.deferred if m.label == "PERSON" and len(m.text.split()) == 1
    } | ({_fold(w) for w in _HONORED.findall(s.text)} if s.text else set())
    for m in list(s.deferred):
        toks = m.text.split()
        if (
            m.label == "ORG"
            and 2 <= len(toks) <= 3
            and _fold(toks[-1]) in bare - surnames
            and not _ORG_HINTS.intersection(fold_tokens(m.text))
            and _fold(toks[-1]) not in _ORG_ENDINGS
            and looks_like_person(m.text)
            and m.text not in s.gaz
        ):
            s.person(m.text, m.raw)
            s.deferred.remove(m)


def _written_in_body(word: str, text: str) -> bool:
    """Whether the article writes ``word`` capitalised as it is, outside shouted lines."""
    return re.search(r"(?<![\w'’-])" + re.escape(word) + r"(?![\w'’-])", text) is not None


def _second_pass(s: _Sorting, m: Mention, known: _Known) -> None:
    """Sort a deferred mention now that the article's people are known."""
    gaz, text = s.gaz, s.text
    surnames, person_tokens = known.surnames, known.person_tokens
    confirmed, confirmed_words = known.confirmed, known.confirmed_words
    folded = _fold(m.text)
    single = len(m.text.split()) == 1
    if single and (folded in surnames or (m.label == "PERSON" and folded in person_tokens)):
        # "Starmer" tagged ORG or GPE in an article about Keir Starmer is Starmer.
        s.person(m.text, m.raw)
        return
    if m.label == "OTHER":
        return
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
            s.person(m.text, m.raw)  # "Doe ( Kenya )": a competitor in a results list
        elif entry is not None and not team:
            s.places.append((m.text, m.raw))
        elif team and looks_like_org(m.text):
            s.orgs.append((m.text, m.raw))
        return
    if m.label in _PLACE_LABELS:
        if is_demonym(m.text) or _EVENT_WORDS.intersection(fold_tokens(m.text)):
            return  # nationalities and events ("Open", "Cup") are not places
        if m.recased and entry is None:
            return  # a capitalised headline word the gazetteer does not know
        competitor = entry is None and bool(m.paren) and gaz.is_country_level(m.paren)
        if competitor or (team and (m.label != "FAC" or m.by_number)):
            # A team: beside a score, or "Name ( Country )" in a results list.
            s.orgs.append((m.text, m.raw))
        else:
            s.places.append((m.text, m.raw))
    elif m.label == "NORP":
        if (
            entry is not None
            and (gaz.is_country_level(m.text) or gaz.is_major_city(m.text))
            and not is_demonym(m.text)
        ):
            s.places.append((m.text, m.raw))
    elif m.label == "ORG":
        if m.recased and folded not in confirmed and not (
            set(folded.split()) <= confirmed_words and not single
        ):
            return
        if " - " in m.text:
            # Headline or table fragments glued by a dash ("Country - Name").
            for part in m.text.split(" - "):
                part = part.strip()
                if part in gaz and gaz.is_country_level(part):
                    s.places.append((part, part))
                elif not m.recased and looks_like_org(part) and not is_debris(part):
                    s.orgs.append((part, part))
            return
        hinted = bool(_ORG_HINTS.intersection(fold_tokens(m.text)))
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
            s.places.append((m.text, m.raw))
        elif state := _postal_state(m, text):
            s.places.append((state, m.raw))  # "Hartford, CT"
        elif looks_like_org(m.text) and _fold(m.text) not in _NOT_ORGS:
            s.orgs.append((m.text, m.raw))
            host = event_host(m.text, gaz)
            if host:
                s.places.append((host, host))


def _finish(
    s: _Sorting,
    mentions: Sequence[Mention],
    person_tokens: set[str],
    qualifiers: dict[str, Qualifier],
) -> tuple[list[Person], list[Place], list[Organization]]:
    """Drop the names that read as things, then build and geocode the entities."""
    text, gaz, person_names, org_mentions = s.text, s.gaz, s.person_names, s.orgs
    for name in [n for n in person_names if n.split()[-1].casefold() in _NOT_A_NAME_END]:
        del person_names[name]
    for name in [n for n in person_names if _fold(n) in _PLATFORMS or club_name(n, gaz)]:
        org_mentions.extend([(name, name)] * person_names.pop(name))
    _drop_org_words(person_names, person_tokens, org_mentions)
    things = drop_thing_phrases(person_names, mentions, text)
    if things:
        # "Tribune" no longer belongs to a full name once "the Chicago Tribune" is gone.
        person_tokens = people_tokens([n for n in person_names if len(n.split()) > 1])
    drop_thing_words(person_names, person_tokens, mentions, text, things, gaz)
    outlets = cited_outlets(text, person_tokens, lambda n: n in gaz) if text else []
    for name in set(outlets) - set(s.gendered):
        person_names.pop(name, None)  # "Politico reported" tagged PERSON
    people = build_people(person_names, s.person_raw, s.gendered if text else {}, text or "")
    places = build_places(keep_places(s.places, mentions, text, gaz, qualifiers), gaz,
                          qualifiers)
    if text:
        common = {t for t in {t for t, _ in org_mentions} if common_word(t, text)}
        org_mentions = [(t, r) for t, r in org_mentions if t not in common]
    org_mentions = [
        (t, r) for t, r in org_mentions
        if not names_a_thing(t) and not (text and acronym_of_thing(t, text))
        and not _place_pair(t, gaz)
    ]
    if text:
        org_mentions.extend(_untagged_platforms(org_mentions, text))
        have = {_fold(t) for t, _ in org_mentions}
        org_mentions.extend((name, name) for name in outlets if _fold(name) not in have)
    return people, places, _build_orgs(org_mentions)


def _untagged_platforms(
    org_mentions: Sequence[tuple[str, str]], text: str
) -> list[tuple[str, str]]:
    """The platform mentions no organization stands for yet: the model tagged them as
    places ("an upcoming Netflix documentary") or not at all ("Facebook ads")."""
    have = Counter(_fold(t) for t, _ in org_mentions)
    extra = []
    for written in platform_mentions(text):
        if have[_fold(written)] > 0:
            have[_fold(written)] -= 1
        else:
            extra.append((written, written))
    return extra


def _place_pair(name: str, gaz: Gazetteer) -> bool:
    """Two countries joined by a hyphen ("U.S.-Canada"): the relation between them, as in
    "the U.S.-Mexico border", not a body."""
    parts = name.split("-")
    return len(parts) == 2 and all(p and gaz.is_country_level(p) for p in parts)


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
    tagged as an organization at least as often as a person (more often, when a census
    first name opens it) is an organization.
    """
    org_counts = Counter(_fold(text) for text, _ in org_mentions)
    org_tokens = {t for text in org_counts if len(text.split()) > 1 for t in text.split()}
    kept: set[str] = set()
    for name in list(person_names):
        folded = _fold(name)
        single = len(name.split()) == 1
        # A tie goes to the person when a census first name opens the name ("Scooby Doe"
        # once a person, once "Scooby Doe's company").
        personal = not single and is_first_name(name.split()[0]) and not (
            _ORG_HINTS | _ORG_ENDINGS).intersection(fold_tokens(name))
        if (single and folded in org_tokens and folded not in person_tokens) or (
            org_counts.get(folded, 0) >= person_names[name] + personal
        ):
            del person_names[name]
        elif personal and folded in org_counts:
            kept.add(folded)
    # The person keeps the name: its copies tagged as an organization go.
    org_mentions[:] = [(t, r) for t, r in org_mentions if _fold(t) not in kept]


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
