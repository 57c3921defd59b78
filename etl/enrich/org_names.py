"""The words of organization names, and names the model tags as organizations wrongly.

Web pages of every kind name more products than wire copy does: "Apple Watch Series",
"Switch Lite", "Samsung Galaxy Note", "Disney+", "Los Angeles Auto Show". Their last word
says what they are; an organization's name hardly ever ends with one of these words
("Epic Games" and "Mid-American Conference" do not: those words are not listed). Venues
("Harbour Pavilion") and market indices ("Acme Composite") are named the same way.

The model also runs one name into the next: across a possessive ("Acme's Office of
Research", "Jane Doe's Acme Labs"), a comma ("Acme, Tessel Labs") or a colon ("Jane Doe:
Dealing"). :func:`split_run_on` takes those apart.
"""

from __future__ import annotations

import re
from collections.abc import Callable

__all__ = [
    "CLUB_WORDS", "GOVERNMENT_SEATS", "ORG_ENDINGS", "ORG_HINTS", "ORG_WORDS", "PLATFORMS",
    "acronym_of_thing", "names_a_thing", "platform_mentions", "plural_opener", "split_owner",
    "split_run_on", "word_pattern",
]

# Words that make a name a body wherever they stand ("Bank of Acme", "Acme Police").
ORG_HINTS = frozenset(
    {
        "bank", "party", "ministry", "council", "committee", "commission", "union",
        "league", "association", "federation", "fc", "club", "inc", "ltd", "plc",
        "corp", "corporation", "company", "group", "agency", "office", "department",
        "university", "school", "court", "army", "navy", "police", "institute", "fund",
        "organisation", "organization", "society", "board", "authority", "service",
        "news", "times", "post", "journal", "exchange", "airlines", "airways",
    }
)
# Last words that make a capitalised name a body, not a person ("Rhein Capital").
ORG_ENDINGS = frozenset(
    {
        "alliance", "capital", "collective", "survey", "division", "partners", "holdings",
        "airways", "airlines", "airport", "group", "corp", "corporation", "inc", "ltd",
        "plc", "company", "university", "institute", "foundation", "ministry", "council",
        "committee", "commission", "association", "federation", "agency", "fund",
        "exchange", "society", "authority", "party", "club", "fc", "trust", "network",
        # newspapers and firms named for their trade ("Hartford Courant", "Koros Design")
        "herald", "courant", "tribune", "gazette", "chronicle", "inquirer", "examiner",
        "dispatch", "sentinel", "telegraph", "productions", "studio", "studios", "design",
        "systems", "works", "labs", "media", "entertainment", "technologies", "solutions",
        "industries", "enterprises", "ventures", "pictures",
        # bodies of members ("Women's Caucus", "Harbour Coalition")
        "caucus", "coalition", "bureau", "consortium", "cooperative",
    }
)

# Last words of products and product lines: models, editions, devices, subscriptions.
_PRODUCT_ENDS = frozenset(
    {"pro", "plus", "lite", "mini", "max", "ultra", "note", "edition", "series", "watch",
     "watches", "earphones", "earbuds", "headphones", "airpods", "speaker", "speakers",
     "console", "consoles", "tablet", "switch", "tv", "phone", "phones", "laptop", "card",
     "cards", "bundle", "package", "pass", "unlimited", "controller", "controllers",
     "telescope", "satellite", "spacecraft", "rover", "lander"}
)
# Last words of events, awards and shows.
_EVENT_ENDS = frozenset(
    {"show", "festival", "festivals", "awards", "award", "prize", "prizes", "cup", "finals",
     "championship", "championships", "olympics", "induction", "expo", "fair", "marathon"}
)
# Last words of venues and of market indices; the sponsor's name before them is what
# the model reads as an organization ("Acme Bank Amphitheatre", "Acme Composite Index").
_VENUE_INDEX_ENDS = frozenset(
    {"pavilion", "arena", "stadium", "amphitheatre", "amphitheater", "auditorium",
     "ballpark", "coliseum", "speedway", "raceway", "racecourse", "velodrome", "index",
     "composite"}
)
# Last words of laws, treaties and amendments ("Employee Free Choice Act").
_LAW_ENDS = frozenset({"act", "acts", "amendment", "treaty", "accord", "accords"})
_THING_ENDS = _PRODUCT_ENDS | _EVENT_ENDS | _VENUE_INDEX_ENDS | _LAW_ENDS
# Two last words of venues whose last word alone also ends bodies' names ("Acme Music
# Center" is a hall; "Acme Research Center" is not).
_VENUE_PAIRS = frozenset(
    {"music center", "music centre", "arts center", "arts centre", "music park",
     "music hall", "music factory", "events center", "event center", "convention center",
     "convention centre", "civic center", "civic centre", "exhibition centre", "concert hall"}
)
# "Acme's Office of Research": a possessive inside a name, with or without the model's
# space before it ("Acme 's").
_INNER_POSSESSIVE = re.compile(r"(?<=\w)\s?['\u2019]s\s+(?=\S)")
# Owners whose possessive is part of one name ("People's Bank", "Children's Hospital",
# "King's College", "St. Mary's").
_NAME_OWNERS = frozenset(
    {"people", "children", "women", "men", "workers", "veterans", "farmers", "citizens",
     "mothers", "fathers", "parents", "girls", "boys", "ladies", "teachers", "nurses",
     "soldiers", "sailors", "queen", "king", "prince", "princess", "st", "saint", "lord",
     "lady", "bishop", "traveler", "traveller", "reader", "consumer", "farmer", "worker",
     "collector", "builder", "hunter", "gentlemen"}
)
# Words a company name may end with after a possessive ("Acme's Inc.").
_CORPORATE_SUFFIXES = frozenset(
    {"inc", "corp", "corporation", "co", "company", "companies", "ltd", "llc", "plc",
     "group", "holdings", "restaurants", "stores"}
)
# Words of an organization's name, wherever they stand.
ORG_WORDS = ORG_HINTS | ORG_ENDINGS
# Last words of clubs named for their town; the model tags some of them PERSON.
CLUB_WORDS = frozenset(
    {"united", "rovers", "wanderers", "athletic", "albion", "rangers", "hotspur", "fc"}
)
# Online platforms and services. The model reads them as people when they act ("Twitter
# asks"), as places ("an upcoming Netflix documentary") or as nothing ("Facebook ads");
# written with a capital they are the company whatever the tag.
PLATFORMS = frozenset(
    {"twitter", "facebook", "instagram", "youtube", "tiktok", "snapchat", "reddit",
     "whatsapp", "linkedin", "pinterest", "tumblr", "google", "netflix", "spotify",
     "wikipedia", "telegram", "weibo", "wechat", "hulu", "twitch", "vimeo", "airbnb",
     "paypal", "ebay", "etsy", "yelp", "soundcloud", "flickr"}
)


# Seats of government that stand for the government or the office ("the White House
# said"): organizations whatever the model tagged, building or place.
GOVERNMENT_SEATS = frozenset(
    {"white house", "kremlin", "pentagon", "downing street", "elysee", "élysée",
     "elysee palace", "élysée palace", "blue house", "zhongnanhai", "quai d'orsay"}
)


def word_pattern(alternatives: str) -> str:
    """A regular expression for ``alternatives`` (one group) standing as a word of running
    text: not inside a web address or a handle ("twitter.com", "@youtube") nor a compound
    ("Twitter-like")."""
    return r"(?<![\w./@-])(" + alternatives + r")(?![\w-]|\.\w)"


_PLATFORM = re.compile(word_pattern("|".join(sorted(PLATFORMS))), re.IGNORECASE)
# Lower-case words that join the parts of a name ("Bank of Acme", "Committee to Protect
# Journalists", "Banco de la Plaza", "Acme and Sons").
_NAME_LINKS = frozenset(
    {"of", "and", "for", "the", "to", "on", "in", "at", "upon", "with", "without", "against",
     "de", "du", "des", "del", "della", "di", "da", "do", "dos", "das", "von", "van", "der",
     "den", "la", "le", "les", "el", "y", "e", "et", "und", "am", "an", "a", "al", "bin", "ibn"}
)
_LAST_WORD = re.compile(r"([^\W\d_]+)\W*$")


# A stage of a competition, not a body: "Group C", "Pool B", "Group 2".
_STAGE_LABEL = re.compile(r"^(?:Group|Pool|Groups|Pools)\s+(?:[A-H]|\d{1,2})$")


def names_a_thing(name: str) -> bool:
    """Tell whether an organization-tagged name is a product, a product line or an event.

    Args:
        name: the name as the pipeline cleaned it ("Switch Lite", "Disney+").

    Returns:
        True for names of two words or more ending in a product, event, venue or index
        word (a law's too: "Act", "Treaty"), for a competition's stage ("Group C"), for
        names with a lower-case word inside that joins no name ("Doe hit Roe"), for names
        of three words or more ending in a venue's two words ("Acme Music Center"), and for
        names ending in "+" (streaming products: "Disney+").
    """
    if name.rstrip().endswith("+") or _STAGE_LABEL.match(name):
        return True
    words = name.split()
    if any(w.isalpha() and w.islower() and w not in _NAME_LINKS for w in words[1:-1]):
        return True  # "Doe hit Roe", "Jewels after Jewels": a phrase, not a name
    match = _LAST_WORD.search(name)
    if len(words) > 2 and " ".join(words[-2:]).casefold() in _VENUE_PAIRS:
        return True
    return len(words) > 1 and match is not None and match.group(1).casefold() in _THING_ENDS


# "Americans for Prosperity", "Physicians for Human Rights", "Parents Against Tolls": the
# model often tags only the part after the preposition.
_PLURAL_OPENER = re.compile(r"(?<![\w.'’-])([A-Z][a-z]{2,}s)\s+(?:for|[Aa]gainst|[Ww]ithout)\s+$")


# Plurals of people: "Physicians", "Teachers", "Scientists", "Citizens", "Parents", "Doctors".
_PEOPLE_PLURAL = re.compile(r"(?:ians|ers|ists|ens|ents|ors|ans)$")


def plural_opener(text: str, start: int) -> int | None:
    """Where an organization's name really starts when a plural of people ("Americans",
    "Teachers"; seven letters or more), then "for", "against" or "without", stand right
    before the span at ``start`` ("[Americans for] Better Roads"); None when they do not.
    Other plurals are left out: "VP of Sales for Acme", "Calls for Clean Harbours grew"."""
    found = _PLURAL_OPENER.search(text, max(0, start - 40), start)
    if found is None or len(found.group(1)) < 7 or not _PEOPLE_PLURAL.search(found.group(1)):
        return None
    return found.start(1)


def platform_mentions(text: str) -> list[str]:
    """Every mention of an online platform written with a capital ("YouTube", "Facebook"),
    as written, in text order."""
    return [m.group(1) for m in _PLATFORM.finditer(text) if m.group(1)[0].isupper()]


def _words(name: str) -> list[str]:
    return [w.casefold() for w in re.findall(r"[^\W\d_]+", name)]


def split_owner(name: str, label: str) -> list[tuple[str, str]]:
    """Take apart a name the model ran across a possessive.

    Args:
        name: the span text ("Acme's Office of Research", "Jane Doe's Acme Labs").
        label: the model's label for the whole span.

    Returns:
        ``[(name, label)]`` unchanged for labels other than ORG and PERSON, for names
        without an inner possessive and for names whose possessive belongs to them
        ("People's Bank", "Acme's Inc."). Otherwise the owner, which keeps ``label``,
        then what it owns: an organization again when the span was one and its words
        say so ("Office of Research"), else ``"OTHER"``, which the pipeline keeps only
        as the surname of someone the article names.
    """
    match = _INNER_POSSESSIVE.search(name) if label in ("ORG", "PERSON") else None
    if match is None:
        return [(name, label)]
    owner, owned = name[: match.start()].strip(), name[match.end() :].strip()
    owner_words, owned_words = _words(owner), _words(owned)
    if (
        not owner_words
        or not owned_words
        or owner_words[-1] in _NAME_OWNERS
        or set(owned_words) <= _CORPORATE_SUFFIXES
    ):
        return [(name, label)]
    org = label == "ORG" and (
        bool(ORG_HINTS.intersection(owned_words)) or owned_words[-1] in ORG_ENDINGS
    )
    return [(owner, label), (owned, "ORG" if org else "OTHER")]


_COLON = re.compile(r"\s*:\s+")
_COMMA = re.compile(r"\s*,\s+")


def split_run_on(name: str, label: str, is_place: Callable[[str], bool]) -> list[tuple[str, str]]:
    """Take apart a span the model ran across a colon, a comma or a possessive.

    Args:
        name: the span text.
        label: the model's label for the whole span.
        is_place: tells whether a name is a known place ("Acme University, Northfield"
            names one campus, not two bodies).

    Returns:
        ``(name, label)`` pairs in text order. Only ORG and PERSON spans are split. Of
        a name and a colon, the side that reads as the name is kept ("Jane Doe" from
        "Jane Doe: Dealing" and from "Photo: Jane Doe"). An organization span with commas
        is a list of organizations unless a part after a comma is a corporate suffix or a
        place ("Acme, Inc.", "Acme University, Northfield"). Each part then goes through
        :func:`split_owner`.
    """
    if label not in ("ORG", "PERSON"):
        return [(name, label)]
    colon = _COLON.split(name, maxsplit=1)
    if len(colon) == 2 and colon[0].strip() and colon[1].strip():
        before, after = colon
        name = after if len(before.split()) == 1 and len(after.split()) > 1 else before
    parts = [name]
    if label == "ORG":
        pieces = [p.strip() for p in _COMMA.split(name) if p.strip()]
        if len(pieces) > 1 and not any(
            set(_words(p)) <= _CORPORATE_SUFFIXES or is_place(p) for p in pieces[1:]
        ):
            parts = pieces
    return [pair for part in parts for pair in split_owner(part, label)]


_SMALL_WORDS = frozenset({"of", "and", "the", "for", "in", "on", "to", "a", "an", "&"})
_ACRONYM = re.compile(r"[A-Z][A-Za-z]{1,7}")


def _expansion(words: list[str], acronym: str) -> list[str] | None:
    """The last words of ``words`` whose initials spell ``acronym`` (small words skipped)."""
    letters = acronym.casefold()
    for size in range(len(letters), min(len(words), 2 * len(letters)) + 1):
        tail = words[-size:]
        content = [w for w in tail if w.casefold() not in _SMALL_WORDS]
        if (tail[0].casefold() not in _SMALL_WORDS
                and "".join(w[0] for w in content).casefold() == letters):
            return tail
    return None


def acronym_of_thing(name: str, text: str) -> bool:
    """Tell whether an acronym the model tags as an organization is defined as a thing.

    An organization spells its name out in capitals ("Harbour Safety Board (HSB)"); a
    disease, a measure or a product is spelled out in lower case ("binge eating disorder
    (BED)", "FIRE (financial independence, retire early)") or ends in a thing's word
    ("Acme Composite Index (ACI)").

    Args:
        name: the organization's name as the pipeline cleaned it.
        text: the article.

    Returns:
        True when ``name`` is one word of capitals and the article spells it out as above.
    """
    if not (_ACRONYM.fullmatch(name) and sum(c.isupper() for c in name) >= 2):
        return False
    if name not in text:
        return False
    after = re.search(r"\b" + re.escape(name) + r"\s*\(\s*([a-z][^()\n]{3,80})\)", text)
    if after and _expansion(re.findall(r"[\w&'-]+", after.group(1))[: 2 * len(name)], name):
        return True
    for found in re.finditer(r"\(\s*" + re.escape(name) + r"\s*\)", text):
        # The words before the bracket, back to the sentence or clause.
        before = re.split(r"[()\n.;:]", text[max(0, found.start() - 120) : found.start()])[-1]
        words = _expansion(re.findall(r"[\w&'-]+", before), name)
        if words is None:
            continue
        content = [w for w in words if w.casefold() not in _SMALL_WORDS]
        return any(w[0].islower() for w in content) or names_a_thing(" ".join(words))
    return False
