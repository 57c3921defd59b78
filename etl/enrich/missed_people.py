"""People the model missed: beside a person they are listed with, after a role, before an
age or a player's figures, or whose surname speaks alone.

"Eric Doe and Boone Roe also scored", "the founders Merav Doe and Gaston Roe": the small
model often tags one name of such a pair as a person and the other as an organization, a
building, a product, a place, or nothing. A first name and a surname joined by "and" to a
full name the model tagged as a person is a person too. So is a name after a person's role
("talent manager Scooby Doe"), a full name whose surname alone is the subject of a speech
verb or opens a "who" clause elsewhere ("Jeff Doe, president of Acme ... Doe said", "Doe,
who"), one after "said" with an appositive ("said Brett O'Doe, a strategist"), before an
age ("Ivanka Doe, 34,") or before a person's role in apposition ("Reince Doe, the GOP
chairman,"), and in a sports report a name before a player's figures ("Jo Doe 18 points",
"Jo Doe made 35 saves"). The first name must be one of the census lists (after a role,
before an age or a role in apposition, or in a sports report, any will do), the name no
place ("Virginia Beach and Jane Doe" stays), and neither word a country or a state, nor a
word of an organization's or a club's name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from etl.enrich.entities import Mention
from etl.enrich.first_names import is_first_name
from etl.enrich.gazetteer import Gazetteer
from etl.enrich.org_names import CLUB_WORDS, ORG_WORDS
from etl.enrich.recase import stop_words

__all__ = ["with_missed_people"]

_BODY_WORDS = ORG_WORDS | CLUB_WORDS

_NAME = (r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?\s+(?:[A-Z]['’])?[A-Z][a-z]*[A-Z]?[a-z]+"
         r"(?:-[A-Z][a-z]+)?")
_AFTER = re.compile(r"\s+and\s+(" + _NAME + r")(?![\w'’-])")
_BEFORE = re.compile(r"(?<![\w'’.-])(" + _NAME + r")\s+and\s+$")
# A person's role written before the name ("talent manager Jo Doe", "host Jane Roe"). Words
# that are also verbs ("host", "coach", "star", "judge", "model") tell nothing alone: a
# company can be hosted or coached.
_ROLE = re.compile(
    r"(?<![\w-])(?:anchor|presenter|correspondent|reporter|journalist|columnist|commentator|"
    r"actor|actress|singer|rapper|songwriter|musician|guitarist|drummer|comedian|comedienne|"
    r"filmmaker|novelist|poet|designer|chef|manager|striker|midfielder|defender|goalkeeper|"
    r"quarterback|pitcher|diver|swimmer|golfer|boxer|wrestler|senator|congressman|"
    r"congresswoman|governor|mayor|councilman|councilwoman|lawmaker|spokesman|spokeswoman|"
    r"spokesperson|lawyer|attorney|prosecutor|professor|researcher|scientist|economist|"
    r"activist|businessman|businesswoman|billionaire|entrepreneur|teammate|rookie|"
    r"[Ss]ecretary-[Tt]reasurer|[Tt]reasurer|"
    # the first of several: "the actresses Jane Doe and Ann Roe"
    r"actors|actresses|singers|musicians|comedians|senators|governors|lawmakers)\s+"
    r"(" + _NAME + r")(?![\w'’-])")
# A person's role in apposition after the name: "Reince Doe, the GOP chairman,". The words
# between article and role are checked in code (no function or organization word).
_ROLE_AFTER = re.compile(
    r"(?<![\w'’.-])(" + _NAME + r"),\s+(?:the|a|an)\s+((?:[\w.'’-]+\s+){0,3}?)"
    r"(?:chairman|chairwoman|spokesman|spokeswoman|spokesperson|strategist|adviser|advisor|"
    r"aide|director|founder|co-founder|president|vice\s+president|secretary|minister|senator|"
    r"congressman|congresswoman|governor|mayor|professor|lawyer|attorney|economist|analyst|"
    r"pollster|consultant|candidate|nominee|author|novelist|journalist|reporter|columnist|"
    r"editor|commentator|activist|historian|researcher|scientist|executive|official)"
    r"[,.;]")
# A surname alone before a speech verb ("Doe said"), after no capitalised word.
_SPEAKS = re.compile(
    r"(?<![\w'’.-])((?:[A-Z]['’])?[A-Z][a-z]+(?:-[A-Z][a-z]+)?)"
    r"(?:\s+(?:said|says|told|added|explained)\b|,\s+who\b)")
# The speaker named after the verb, an appositive after it: "said Brett O’Doe, a strategist".
_SAID_BEFORE = re.compile(r"\b(?:said|says)\s+(" + _NAME + r"),")
# An age in apposition: "Ivanka Doe, 34, spoke".
_AGED = re.compile(r"(?<![\w'’.-])(" + _NAME + r"),\s+\d{1,3},")
_CAPITALISED_BEFORE = re.compile(r"[A-Z][\w'’.-]*\s+$")
_PLAYER = re.compile(
    r"(?<![\w'’.-])(" + _NAME + r")(?=\s+(?:(?:made|stopped|had|added|scored)\s+)?"
    r"\d+\s+(?:points?|goals?|assists?|saves?|rebounds?|steals?|blocks?|tackles?|sacks?|"
    r"yards?|shots|strikeouts?|touchdowns?|interceptions?)\b)")


def with_missed_people(
    mentions: Sequence[Mention],
    text: str,
    gaz: Gazetteer,
    original: str | None = None,
    sports: bool = False,
) -> list[Mention]:
    """Add (or relabel) the personal names listed with a person's full name, written after
    a person's role, after "said" or before an age, or speaking by their surname
    elsewhere, and in a sports report those before a player's figures.

    Args:
        mentions: the article's mentions, in text order.
        text: the text their offsets point into.
        gaz: the gazetteer, to leave place names alone.
        original: the text before re-casing, to flag names on re-cased lines.
        sports: the text is a sports report, whose lists of players hold first names of
            every country ("Nikolaj", "Aleksander"): there the census lists are not asked,
            and a name before a player's figures is taken too.

    Returns:
        The mentions, in text order, with each such name a PERSON mention; a mention the
        model made inside it (or of it, with another label) is replaced.
    """
    people = [m for m in mentions if m.label == "PERSON" and len(m.text.split()) > 1]
    found: dict[int, tuple[int, str]] = {}
    for p in people:
        after = _AFTER.match(text, p.end)
        if after:
            found.setdefault(after.start(1), (after.end(1), after.group(1)))
        before = _BEFORE.search(text, max(0, p.start - 60), p.start)
        if before:
            found.setdefault(before.start(1), (before.end(1), before.group(1)))
    if sports:
        for player in _PLAYER.finditer(text):
            found.setdefault(player.start(1), (player.end(1), player.group(1)))
    # A role or an age is evidence enough: any first name will do. A speaking surname is not
    # ("Sachs said" of "Goldman Sachs").
    vouched: set[int] = set()
    for role in _ROLE.finditer(text):
        found.setdefault(role.start(1), (role.end(1), role.group(1)))
        vouched.add(role.start(1))
    for start, end, name in _named_speakers(text):
        found.setdefault(start, (end, name))
    for said in _SAID_BEFORE.finditer(text):
        found.setdefault(said.start(1), (said.end(1), said.group(1)))
    stops = stop_words()
    for appos in _ROLE_AFTER.finditer(text):
        if not any(w.casefold() in stops or w.casefold() in _BODY_WORDS
                   for w in appos.group(2).split()):
            found.setdefault(appos.start(1), (appos.end(1), appos.group(1)))
            vouched.add(appos.start(1))
    for aged in _AGED.finditer(text):
        found.setdefault(aged.start(1), (aged.end(1), aged.group(1)))
        vouched.add(aged.start(1))
    added: list[Mention] = []
    covered: list[tuple[int, int]] = []
    for start, (end, name) in sorted(found.items()):
        if not _personal(name, gaz, sports or start in vouched):
            continue
        inside = [m for m in mentions if m.start < end and start < m.end]
        if any(m.label == "PERSON" or m.start < start or m.end > end for m in inside):
            continue  # already a person, or part of a longer name ("Bank of Jane Doe")
        recased = original is not None and original[start:end] != text[start:end]
        added.append(Mention(name, name, "PERSON", start, end, recased))
        covered.append((start, end))
    if not added:
        return list(mentions)
    kept = [m for m in mentions if not any(a <= m.start and m.end <= b for a, b in covered)]
    return sorted([*kept, *added], key=lambda m: m.start)


def _named_speakers(text: str) -> list[tuple[int, int, str]]:
    """The full names whose surname speaks alone elsewhere ("Jo Doe, president of Acme ...
    Doe said"), as (start, end, name)."""
    speakers = {
        m.group(1)
        for m in _SPEAKS.finditer(text)
        if not _CAPITALISED_BEFORE.search(text, max(0, m.start() - 30), m.start())
    }
    if not speakers:
        return []
    full = re.compile(
        r"(?<![\w'’.-])([A-Z][a-z]+(?:-[A-Z][a-z]+)?\s+(?:"
        + "|".join(map(re.escape, sorted(speakers)))
        + r"))(?![\w'’-])"
    )
    return [(m.start(1), m.end(1), m.group(1)) for m in full.finditer(text)]


def _personal(name: str, gaz: Gazetteer, sports: bool) -> bool:
    first, last = name.split()
    return (
        (sports or is_first_name(first))
        and first.casefold() not in _BODY_WORDS
        and name not in gaz
        and not gaz.is_country_level(first)
        and not gaz.is_country_level(last)
        and last.casefold() not in stop_words()
        and last.casefold() not in _BODY_WORDS
    )
