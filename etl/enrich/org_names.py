"""Names the model tags as organizations that name products, product lines or events.

Web pages of every kind name more products than wire copy does: "Apple Watch Series",
"Switch Lite", "Samsung Galaxy Note", "Disney+", "Los Angeles Auto Show". Their last word
says what they are; an organization's name hardly ever ends with one of these words
("Epic Games" and "Mid-American Conference" do not: those words are not listed).
"""

from __future__ import annotations

import re

__all__ = ["names_a_thing"]

# Last words of products and product lines: models, editions, devices, subscriptions.
_PRODUCT_ENDS = frozenset(
    {"pro", "plus", "lite", "mini", "max", "ultra", "note", "edition", "series", "watch",
     "watches", "earphones", "earbuds", "headphones", "airpods", "speaker", "speakers",
     "console", "consoles", "tablet", "switch", "tv", "phone", "phones", "laptop", "card",
     "cards", "bundle", "package", "pass", "unlimited", "controller", "controllers"}
)
# Last words of events, awards and shows.
_EVENT_ENDS = frozenset(
    {"show", "festival", "festivals", "awards", "award", "prize", "prizes", "cup", "finals",
     "championship", "championships", "olympics", "induction", "expo", "fair", "marathon"}
)
_LAST_WORD = re.compile(r"([^\W\d_]+)\W*$")


def names_a_thing(name: str) -> bool:
    """Tell whether an organization-tagged name is a product, a product line or an event.

    Args:
        name: the name as the pipeline cleaned it ("Switch Lite", "Disney+").

    Returns:
        True for names of two words or more ending in a product or event word, and for
        names ending in "+" (streaming products: "Disney+", "ESPN+").
    """
    if name.rstrip().endswith("+"):
        return True
    words = name.split()
    match = _LAST_WORD.search(name)
    return len(words) > 1 and match is not None and (
        match.group(1).casefold() in _PRODUCT_ENDS or match.group(1).casefold() in _EVENT_ENDS)
