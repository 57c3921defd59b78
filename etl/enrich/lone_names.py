"""Lone capitalised words the model tags as people, judged over the whole article.

The small model tags many one-word names of things as PERSON: platforms ("on Twitter",
"took to Twitter", "on Facebook, Twitter and Instagram"), products ("Thunderbolt 3",
"737 Max"), brands written in camel case ("SpaceX"), companies before their officers
("X CEO Jane Doe"), teams before a player's position ("Sabres center Jane Doe")
or companies after a noun of their kind ("energy company X"), song and film
titles inside quotation marks, and common nouns that open a slogan ("Meth. We're on it.").
Looking at one mention at a time cannot tell them from a surname; looking at all of them
can. A lone word is dropped when some mention reads like a thing and none reads like a
person (a title or honorific, or a speech verb next to it), whatever label the model gave
each mention; also when a plural verb follows it ("Spurs have won"), or when the model
tags it as something else more often than as a person. Words that belong to one of
the article's full names are never touched: "May" in an article naming Theresa May stays
hers. Full names get one test of their own (:func:`drop_thing_phrases`): one that heads a
noun phrase after "the" ("against the Pittsburgh Steelers") names a thing, and so does one
whose first word is no census first name and whose last word the text also writes in lower
case ("Starry Night" beside "a starry night").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Container, Sequence

from etl.enrich.entities import Mention
from etl.enrich.first_names import is_first_name
from etl.enrich.org_names import word_pattern
from etl.enrich.phrases import SPEECH_VERBS, TIME_WORDS
from etl.enrich.recase import stop_words

__all__ = [
    "TEAM_ROLE_AFTER", "common_word", "drop_thing_phrases", "drop_thing_words", "player_stat",
    "word_count",
]

# A number and a player's statistic after a name: a box score credits a player, not a team
# ("Doe 25 points", "Jo Roe 1 goal, 1 assist"); a team's line has no such word.
_STAT_AFTER = re.compile(
    r"([ \t]+\d+(?:\.\d+)?)?[ \t]+(?:total[ \t]+)?(points?|goals?|assists?|saves?|"
    r"rebounds?|steals?|blocks?|tackles?|sacks?|yards?|carries|catches|receptions?|"
    r"strikeouts?|hits|runs|RBIs?|kills|digs|aces|birdies|touchdowns?|TDs?|interceptions?)\b"
)
_ENDS_IN_NUMBER = re.compile(r"\d\s*$")
_TEAM_TALLIES = frozenset({"point", "goal", "run", "hit"})

# Internal capital after lower case: "SpaceX", "WiFi", "GoBank"; name prefixes excepted.
_CAMEL = re.compile(r"^(?!(?:Mc|Mac|De|Di|Da|Du|La|Le|Van|Von|Fitz|St)[A-Z])[A-Z][a-z]+[A-Z]")
_SPEECH = "|".join(sorted(SPEECH_VERBS, key=len, reverse=True))
_SPEECH_AFTER = re.compile(
    r"(?:['’]s)?,?\s+(?:(?:has|had|also|later|then|once|previously)\s+)?(?:" + _SPEECH + r")\b"
)
_POSSESSIVE_AFTER = re.compile(r"\s?['’]s?\b")
_NEXT_WORD = re.compile(r"[ \t]+([^\W\d_]+)")
_MEDIUM_BEFORE = re.compile(r"\b(?:across|(?:took|takes|taking|turned|turns|turning) to)\s+$")
_COMPANY_ROLE_AFTER = re.compile(r"[ \t]+(?:CEO|CTO|CFO|COO|co-?founder|founder)[ \t]+[A-Z]")
# A player's position and name after a word: "Sabres center Jo Doe", "Browns DL Jo Doe".
TEAM_ROLE_AFTER = re.compile(
    r"[ \t]+(?:(?:head|assistant|defensive|offensive|general|star|veteran|rookie|backup|"
    r"starting)[ \t]+)?(?:quarterback|center|centre|defenseman|defenceman|captain|coach|"
    r"manager|pass[ \t]+rusher|end|tackle|lineman|linebacker|cornerback|safety|receiver|"
    r"running[ \t]+back|tight[ \t]+end|kicker|punter|goalie|goaltender|goalkeeper|forward|"
    r"winger|guard|pitcher|reliever|outfielder|infielder|catcher|shortstop|striker|"
    r"midfielder|defender|QB|RB|WR|TE|DL|DE|DT|LB|CB|OL)[ \t]+[A-Z][a-z]"
)
# A later member of a list that follows "on"/"via": "on Facebook, Twitter and Instagram".
_LISTED_AFTER_MEDIUM = re.compile(
    r"\b(?:on|via)\s+(?P<head>[A-Z]\w*)(?:,\s+[A-Z]\w*){0,4}"
    r"(?:,\s+(?:(?:and|or)\s+)?|\s+(?:and|or)\s+)$"
)
_THE_BEFORE = re.compile(r"\bthe\s+$")
# "the Jane Doe of it all", "the Jane Doe of our time": a person made a type.
_OF_AFTER = re.compile(r"[ \t]+of\b")
# A noun naming the kind of thing right before the word ("energy company X", "developer
# X") or heading an appositive after it ("X, a group co-founded by"). Not when a
# lower-case word follows the name: "the company Doe founded" is Doe's.
_KINDS = (
    r"company|firm|startup|start-up|developer|publisher|studio|label|network|outlet|website"
    r"|app|platform|brand|bank|lender|insurer|airline|carrier|maker|manufacturer|retailer"
    r"|chain|newspaper|magazine|broadcaster|agency|group|band|game|album|novel|newsletter"
)
_KIND_BEFORE = re.compile(r"\b(?:" + _KINDS + r")\s+$")
_KIND_APPOSITIVE = re.compile(
    r",\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,3}?(?:" + _KINDS + r")"
    r"(?=\s*(?:[^\w\s]|$)|\s+(?:that|which|whose|based|owned|run|backed|founded"
    r"|co-founded|headquartered|known)\b)"
)
# A plural verb agrees with a group ("Spurs have won", "The Nighthawks are"), never with
# one person. Not after a list ("Doe and Roe have"), and "have" not after an auxiliary or
# a causative, where it is a bare infinitive ("Does Doe have", "let Doe have").
_PLURAL_VERB_AFTER = re.compile(r"[ \t]+(?:have|are|were|aren['’]t|weren['’]t)\b")
_NO_AGREEMENT_BEFORE = re.compile(
    r"(?:\band|&|,)\s*$|\b(?:do|does|did|doesn['’]t|didn['’]t|will|would|can|could|should"
    r"|may|might|must|to|let|lets|make|makes|made|help|helps|helped)\s+$",
    re.IGNORECASE,
)
_SPEECH_BEFORE = re.compile(r"\b(?:said|says|asked|told|according to)\s+$")
# After "said X" the speaker's name ends the clause ("said Doe.", "said Doe, who",
# "said Doe on Monday"); "says X are" or "said X lunar missions" opens a reported clause.
_ATTRIBUTION_END = re.compile(
    r"\s*(?:$|[^\w\s]|(?:who|on|in|at|during|after|before|when|while|last|this|of|from|to"
    r"|via|through|earlier|later|recently|yesterday|today|tonight)\b)"
)
# A short stretch in quotation marks: a title or a slogan, not speech.
# Marks hug the words they enclose; a spaced mark (tokenised text) tells nothing.
_SHORT_QUOTED = re.compile(r"[“\"](?P<body>(?=\S)[^”\"\n]{1,80}(?<=\S))[”\"]")
_SHORT_QUOTE_WORDS = 6


def player_stat(m: Mention, text: str, places: Container[str]) -> bool:
    """Tell whether a player's tally follows the mention ("Doe 25 points, 3 steals").

    Teams, which take a place's name, score points, runs and goals in league tables too
    ("Riverton 22 points"): after a place name only a player's statistic counts.

    Args:
        m: the mention.
        text: the article the mention's offsets point into.
        places: names of places (the gazetteer).

    Returns:
        True when a number (in the mention or right after it) and a statistic follow.
    """
    after = _STAT_AFTER.match(text, m.end)
    if after is None or not (after.group(1) or _ENDS_IN_NUMBER.search(m.raw)):
        return False
    return after.group(2).casefold().rstrip("s") not in _TEAM_TALLIES or m.text not in places


def drop_thing_words(
    person_names: Counter[str],
    person_tokens: set[str],
    mentions: Sequence[Mention],
    text: str | None,
    things: Collection[str] = (),
    places: Container[str] | None = None,
) -> list[str]:
    """Remove one-word "people" whose mentions read as things.

    Args:
        person_names: canonical-candidate person names and their counts; changed in place.
        person_tokens: casefolded words of the article's multi-word person names.
        mentions: the article's mentions (all labels), in text order.
        text: the article (the model's input); without it only the word's shape and
            the ``after_non_name_word`` flag are used.
        things: several-word names already found to be things (:func:`drop_thing_phrases`);
            a mention of one is no person evidence for its last word.
        places: names of places (the gazetteer), to read box scores (:func:`player_stat`);
            without it a player's statistic is no evidence.

    Returns:
        The names removed, in the order they were found.
    """
    lone = {n for n in person_names if len(n.split()) == 1 and n.casefold() not in person_tokens}
    if not lone:
        return []
    quoted = _short_quotes(text) if text else []
    thing: set[str] = set()
    person: set[str] = set()
    labels: dict[str, Counter[bool]] = {}  # word -> {tagged PERSON?: mentions of it alone}
    for m in mentions:
        if m.text in lone:
            labels.setdefault(m.text, Counter())[m.label == "PERSON"] += 1
        # Where the word stands tells what it is, whatever the model tagged that mention:
        # "published on Walikali" tagged OTHER is as much a thing as one tagged PERSON.
        word = m.text.split()[-1] if m.label == "PERSON" and m.text.split() else m.text
        if word not in lone:
            continue
        full_name = len(m.text.split()) > 1 and m.text not in things
        if m.honorific or full_name or (text and _speech_next_to(text, m)):
            person.add(word)  # "Sen. Doe", "Mr Doe", "Doe said", "said Doe"
        elif text and places is not None and player_stat(m, text, places):
            person.add(word)  # "Doe 25 points": a player in a box score
        if text and _plural_verb_after(text, m):
            thing.add(word)  # "Spurs have won", in a sports report or not
        if _CAMEL.match(word) or (m.after_non_name_word and not _modifier(text, m)):
            thing.add(word)  # "SpaceX", "on Twitter"; not "on Doe's list", "the Doe campaign"
        elif text and not (m.sports or m.in_table):
            if m.by_number:
                thing.add(word)  # "Thunderbolt 3", "737 Max"
            elif _MEDIUM_BEFORE.search(text, max(0, m.start - 16), m.start):
                thing.add(word)  # "took to X", "across X": a platform
            elif _listed_after_medium(text, m.start):
                thing.add(word)  # "on Facebook, X and Instagram"
            elif _kind_named(text, m):
                thing.add(word)  # "energy company X", "X, a group co-founded by"
            elif _COMPANY_ROLE_AFTER.match(text, m.end) or TEAM_ROLE_AFTER.match(text, m.end):
                thing.add(word)  # "X CEO Jane Doe", "X center Jane Doe": X is the company
                # or the team
            elif any(a <= m.start and m.end <= b for a, b in quoted):
                thing.add(word)  # "Takin' It to the Streets", "Glasgow (No Place Like Home)"
    # The model calls the word something else more often than a person ("Brexit" as a
    # place four times out of five): one PERSON tag is its slip, unless a mention reads as
    # a person's.
    thing.update(w for w, c in labels.items() if c[False] > c[True])
    if text:
        # A word the article writes in lower case at least as often ("Hope", "Salad",
        # "Scholars": the model's slip on a capitalised common noun).
        thing.update(w for w in lone if common_word(w, text))
    dropped = [n for n in person_names if n in thing - person]
    for name in dropped:
        del person_names[name]
    return dropped


def drop_thing_phrases(
    person_names: Counter[str], mentions: Sequence[Mention], text: str | None
) -> list[str]:
    """Remove several-word "people" that the text treats as things: "the Nintendo Switch",
    "the Pittsburgh Steelers", "the Chicago Tribune".

    A personal name hardly ever heads a noun phrase opened by "the" ("against the
    Pittsburgh Steelers"); "the Jane Doe campaign", "the Jane Doe's" and "the Jane Doe of
    it all" say nothing. Nor does a name that opens with no census first name and ends in
    a word the text also writes in lower case ("Feather Duvet", "a duvet"). An honorific or
    a speech verb beside any mention keeps the name; for the second test, one beside its
    last word alone too ("Bush said").

    Args:
        person_names: canonical-candidate person names and their counts; changed in place.
        mentions: the article's mentions, in text order.
        text: the article; without it nothing is removed.

    Returns:
        The names removed, in the order they were found.
    """
    if not text:
        return []
    multi = {n for n in person_names if len(n.split()) > 1}
    common_end = {n for n in multi if _common_noun_end(n, text)}
    surnames = {n.split()[-1] for n in common_end}
    thing: set[str] = set()
    person: set[str] = set()
    for m in mentions:
        if m.text not in multi:  # whatever the label: "the Chicago Tribune" tagged ORG
            if m.text in surnames and (m.honorific or _speech_next_to(text, m)):
                person.add(m.text)  # "Mr. Bush", "Bush said"
            continue
        if m.honorific or _speech_next_to(text, m):
            person.add(m.text)
        elif _after_the(text, m) and not _modifier(text, m) and not _OF_AFTER.match(text, m.end):
            thing.add(m.text)  # "against the Pittsburgh Steelers"
    # "Feather Duvet" in a text that sells "a duvet"; not "Jeb Bush" where "Bush said".
    thing.update(n for n in common_end if n.split()[-1] not in person)
    dropped = [n for n in person_names if n in thing - person]
    for name in dropped:
        del person_names[name]
    return dropped


def word_count(form: str, text: str) -> int:
    """How often ``form`` stands as a word of ``text``, outside web addresses and handles
    ("twitter.com", "@givewell")."""
    return len(re.findall(word_pattern(re.escape(form)), text))


def common_word(name: str, text: str) -> bool:
    """A one-word name the article writes in lower case at least as often ("Jam", "Plague")."""
    if " " in name or not name[:1].isupper() or (len(name) <= 4 and name.isupper()):
        return False
    return word_count(name.lower(), text) >= max(1, word_count(name, text))


def _common_noun_end(name: str, text: str) -> bool:
    """A full name with no census first name whose last word the text also writes in lower
    case: a product or a title ("Pokemon Bundle", "Starry Night"). "Theresa May" opens
    with a first name and stays, whatever "may" does in the text."""
    words = name.split()
    first, last = words[0], words[-1]
    if not first.isalpha() or len(first) < 2 or first.isupper() or is_first_name(first):
        return False
    if not last.isalpha() or len(last) < 3 or last.isupper():
        return False
    return word_count(last.lower(), text) > 0


def _after_the(text: str, m: Mention) -> bool:
    # The model's span may hold the article itself ("the Pittsburgh Steelers" tagged ORG).
    return m.raw.startswith("the ") or bool(_THE_BEFORE.search(text, max(0, m.start - 5), m.start))


def _modifier(text: str | None, m: Mention) -> bool:
    """Whether the word qualifies what follows: a possessive ("on Doe's list"), or after
    "the" a lower-case noun ("the Doe campaign"; but "posted on X accusing" is a platform)."""
    if text is None:
        return False
    if _POSSESSIVE_AFTER.match(text, m.end):
        return True
    if not _THE_BEFORE.search(text, max(0, m.start - 5), m.start):
        return False
    nxt = _NEXT_WORD.match(text, m.end)
    return nxt is not None and nxt.group(1).islower() and nxt.group(1) not in stop_words()


def _plural_verb_after(text: str, m: Mention) -> bool:
    return bool(_PLURAL_VERB_AFTER.match(text, m.end)) and not _NO_AGREEMENT_BEFORE.search(
        text, max(0, m.start - 12), m.start
    )


def _kind_named(text: str, m: Mention) -> bool:
    if _KIND_APPOSITIVE.match(text, m.end):
        return True
    if not _KIND_BEFORE.search(text, max(0, m.start - 14), m.start):
        return False
    nxt = _NEXT_WORD.match(text, m.end)
    return nxt is None or not nxt.group(1).islower() or nxt.group(1) in stop_words()


def _listed_after_medium(text: str, start: int) -> bool:
    found = _LISTED_AFTER_MEDIUM.search(text, max(0, start - 120), start)
    # "on Monday, Doe said" is a date, not a list.
    return found is not None and found.group("head").casefold() not in TIME_WORDS


def _speech_next_to(text: str, m: Mention) -> bool:
    return bool(
        _SPEECH_AFTER.match(text, m.end)
        or (
            _SPEECH_BEFORE.search(text, max(0, m.start - 20), m.start) is not None
            and _ATTRIBUTION_END.match(text, m.end) is not None
        )
    )


def _short_quotes(text: str) -> list[tuple[int, int]]:
    return [
        (q.start("body"), q.end("body"))
        for q in _SHORT_QUOTED.finditer(text)
        if len(q.group("body").split()) <= _SHORT_QUOTE_WORDS
    ]
