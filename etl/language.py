"""Language of a page: declared (``<html lang>``, meta, JSON-LD) or guessed.

The guess is a light stopword vote, enough to tell the major news languages
apart without shipping a model.
"""

from __future__ import annotations

import re
from collections import Counter


def _words(spaced: str) -> frozenset[str]:
    return frozenset(spaced.split())


_STOPWORDS: dict[str, frozenset[str]] = {
    "en": _words("the and of to in is that for it was on with he as his they be at by this had are "
                 "but from have not said"),
    "de": _words("der die und das ist nicht ein eine zu den von mit sich auf für im dem des auch "
                 "es wird wurde sie"),
    "fr": _words("le la les et des est une un du que dans pour qui pas sur au avec il par sont ce "
                 "été plus"),
    "es": _words("el la los las de que y en un una por con para es del se al lo como más pero su "
                 "sus fue"),
    "it": _words("il di che la e per un una non sono del della le dei gli con si alla anche è nel "
                 "più"),
    "pt": _words("o a os as de que e do da em um uma para com não por no na dos se mais foi ao "
                 "são"),
    "nl": _words("de het een en van is dat op te in niet zijn met voor die er ook aan door maar "
                 "wordt"),
    "sv": _words("och att det som en på är av för med till den har inte om ett var jag från"),
    "pl": _words("i w na z że się nie do to jest o jak po przez od za ale czy tak jego"),
    "id": _words("yang dan di ini itu dengan untuk tidak dari dalam akan pada juga ke karena ada "
                 "adalah atau bisa telah"),
    "tr": _words("ve bir bu da de için ile olarak çok daha olan gibi ama en kadar sonra ise değil"),
}
# Letters of other scripts, and the language a text mostly written in them is taken to be
# (enough to keep an English model away from it; the page's declared tag says more).
_SCRIPTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("ru", re.compile(r"[\u0400-\u04ff]")),
    ("ko", re.compile(r"[\uac00-\ud7af\u1100-\u11ff]")),
    ("ja", re.compile(r"[\u3040-\u30ff]")),
    ("zh", re.compile(r"[\u4e00-\u9fff]")),
    ("ar", re.compile(r"[\u0600-\u06ff]")),
    ("el", re.compile(r"[\u0370-\u03ff]")),
    ("he", re.compile(r"[\u0590-\u05ff]")),
    ("hi", re.compile(r"[\u0900-\u097f]")),
    ("th", re.compile(r"[\u0e00-\u0e7f]")),
)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_CODE = re.compile(r"^([a-zA-Z]{2,3})(?:[-_].*)?$")


def normalize_language(value: str | None) -> str | None:
    """ISO 639-1 code from a tag such as ``en-GB``, ``en_US`` or ``EN``.

    Args:
        value: a declared language tag.

    Returns:
        A two-letter lowercase code, or None when the tag is not one.
    """
    if not value:
        return None
    match = _CODE.match(value.strip())
    if not match:
        return None
    code = match.group(1).lower()
    return code if len(code) == 2 else None


def detect_language(text: str, min_hits: int = 5, min_share: float = 0.1) -> str | None:
    """Guess the language of ``text`` by its script, else by counting stopwords.

    A text mostly in Cyrillic, Hangul, kana, Chinese, Arabic, Greek, Hebrew, Devanagari or
    Thai letters is given that script's main language. Running prose is a fifth to a third
    stopwords; a results table or a list of names is not prose, and its few short words
    ("men", "a", "o") say nothing.

    Args:
        text: article text.
        min_hits: fewest stopword hits to trust a guess.
        min_share: least share of the words the winning stopwords must make up.

    Returns:
        An ISO 639-1 code, or None when too little evidence.
    """
    sample = text[:20_000]
    letters = sum(ch.isalpha() for ch in sample)
    if letters:
        # Japanese mixes kana with Chinese characters: kana decide before the Han count.
        for lang, script in _SCRIPTS:
            share = len(script.findall(sample)) / letters
            if share > 0.5 or (lang == "ja" and share > 0.1):
                return lang
    tokens = [w.lower() for w in _WORD.findall(sample)]
    words = Counter(tokens)
    scores = {lang: sum(words[w] for w in stops) for lang, stops in _STOPWORDS.items()}
    lang, best = max(scores.items(), key=lambda item: item[1])
    return lang if best >= min_hits and best >= min_share * len(tokens) else None
