"""What a person's or an organization's name looks like, whatever the model tagged.

Generic English vocabulary and shape checks shared by :mod:`etl.enrich.canonical` (which
sorts mentions into people, places and organizations), :mod:`etl.enrich.entities` and
:mod:`etl.enrich.images`.
"""

from __future__ import annotations

import re

from etl.enrich.gazetteer import get_gazetteer, is_demonym
from etl.enrich.phrases import is_title
from etl.enrich.recase import stop_words

__all__ = [
    "NAME_PARTICLES",
    "SITE_NAME",
    "TITLE_WORDS",
    "is_debris",
    "looks_like_org",
    "looks_like_person",
    "strip_titles",
]

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
_URLISH = re.compile(r"(?:https?:|www\.|\.com\b|\.org\b|@|/)", re.I)
# A site named by its address ("Wired.com"): an organization, not debris.
SITE_NAME = re.compile(r"[A-Z][A-Za-z-]*\.(?:com|org|net)")
_HAS_DIGIT = re.compile(r"\d")


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


def is_debris(text: str) -> bool:
    """Tell whether a surface cannot be a name at all."""
    if len(text) < 2 or _HAS_DIGIT.search(text) or (
        _URLISH.search(text) and not SITE_NAME.fullmatch(text)
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


# Prepositions and articles that open titles and brands; no forename is written so.
_NOT_A_NAME_START = frozenset({"off", "on", "in", "at", "of", "for", "to", "by", "with",
                               "from", "into", "over", "under", "up", "out", "the", "a", "an"})


def looks_like_person(name: str) -> bool:
    """Shape check for a person name after title stripping."""
    tokens = name.split()
    if not tokens or len(tokens) > 5:
        return False
    if len(tokens) == 1:
        token = tokens[0]
        # A lone all-caps token is an acronym, not a person; a lone initial is debris.
        return len(token) >= 2 and not token.isupper() and token[0].isupper()
    if tokens[0].casefold() in _NOT_A_NAME_START:
        return False  # "Off Message", "Under Armour": a title or a brand, not a person
    for token in tokens:
        if token.casefold() in NAME_PARTICLES:
            continue
        first_alpha = next((ch for ch in token if ch.isalpha()), "")
        if not first_alpha:
            return False
        if first_alpha.islower() and "-" not in token and "'" not in token:
            return False
    return any(t[:1].isupper() for t in tokens)


# An Arabic article written in lower case before a capital: "al-Qaeda", "ash-Shabaab".
_ARTICLE_PREFIX = re.compile(r"(?:al|el|ad|an|ar|as|ash|at|az|ul)-[A-Z]")


def looks_like_org(name: str) -> bool:
    """Shape check for an organization name."""
    tokens = name.split()
    if not tokens or len(tokens) > 10:
        return False
    if len(name) < 2:
        return False
    return (
        name[0].isupper() or name[0].isdigit() or name[:1] in "\"'"
        or _ARTICLE_PREFIX.match(name) is not None
    )
