"""Entity mentions from a spaCy ``Doc``: the model's spans cleaned, cut apart where it
ran names together, and the names it missed added (initialled names, gazetteer places,
teams in results tables, people after roles or beside their surname).

The model reads text that :func:`etl.enrich.recase.prepare_text` re-cased; offsets are
the same in both, so every mention's offsets are valid for the original text.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from etl.enrich.org_names import ORG_WORDS, plural_opener, split_run_on
from etl.enrich.recase import stop_words
from etl.enrich.sentences import is_sentence_end
from etl.enrich.sports import DATE, FIXTURE, is_sports_report, is_table_line

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["LABELS", "Mention", "clean_surface", "collect_mentions"]

# spaCy labels enrichment reads: people, places (GPE, LOC, FAC), organizations,
# and nationalities (NORP) which are never places but help type corrections.
LABELS = frozenset({"PERSON", "GPE", "LOC", "FAC", "ORG", "NORP"})


@dataclass(frozen=True, slots=True)
class Mention:
    """One entity mention.

    Attributes:
        text: cleaned surface ("Keir Starmer" from "Keir Starmer's").
        raw: the span text as the model found it.
        label: spaCy label (PERSON, GPE, LOC, FAC, ORG, NORP).
        start: character offset of the span in the text.
        end: character offset just past the span.
        recased: the span lies on an all-caps line that :func:`prepare_text` re-cased,
            where the model's guesses are less reliable.
        in_table: the span's line looks like a row of a results table or a score
            line (several numbers, or a score such as "3-1"), where a city or region
            name usually denotes a sports team.
        paren: the words in brackets right after the span ("Jane Doe ( Kenya )"),
            which in results lists give a competitor's country.
        by_number: a number stands right before or after the span ("Leeds 2",
            "3 Leeds"), or the line is a fixture ("Leeds v Hull"): the slot of a
            team in a results table.
        sports: the text reads as a sports report (several results-table or score
            lines), where a city name is often a team.
        locative: a locative preposition stands right before the span ("in Leeds",
            "at Hull"), which marks a place even in a sports report.
        after_non_name_word: a lower-case "the", "on" or "via" stands right before the
            span ("the Moon", "on Twitter"), which a personal name hardly ever has.
        opens_sentence: the span starts a line or a sentence, where any word is capitalised.
        honorific: ``"m"`` or ``"f"`` when "Mr."/"Sir" or "Mrs."/"Ms." introduces the span.
    """

    text: str
    raw: str
    label: str
    start: int
    end: int
    recased: bool = False
    in_table: bool = False
    paren: str = ""
    by_number: bool = False
    sports: bool = False
    locative: bool = False
    after_non_name_word: bool = False
    opens_sentence: bool = False
    honorific: str = ""


_SENTENCE_START = re.compile(r"(?:^|[.!?][\"”’]?\s)\s*$", re.M)
# Lower case only: "the Moon", "on Twitter", "via Instagram"; not "The" opening a line.
_NON_NAME_BEFORE = re.compile(r"\b(?:the|on|via)\s+$")
_LEADING_THE = re.compile(r"^(?:the|The|THE)\s+")
# (U+2018 too: some copy types the possessive with an opening quote, "Doe‘s".)
_POSSESSIVE = re.compile(r"(?:['\u2018\u2019][sS]|(?<=[sS])['\u2019])$")
_TRAILING_NUMBERS = re.compile(r"(?:\s+[\d.,:/\-]+)+$")
_LEADING_NUMBERS = re.compile(r"^(?:[\d.,:/\-]+\s+)+")
_TRAILING_LOWER = re.compile(r"(?:\s+[a-z]+)+$")
# Nouns written in lower case after a name that they make a body: "the Communist party",
# "the Haqqani network", "Riverton police", "New York state"; not a description ("Acme
# news agency").
_BODY_WORDS = frozenset(
    {"party", "police", "network", "council", "commission", "committee", "ministry",
     "government", "administration", "army", "navy", "militia", "movement", "state"}
)
# Lower-case words before an organization's name ("the state Department of Health").
_LEADING_LOWER = re.compile(
    r"^(?:(?!(?:de|da|du|del|van|von|al|el|la|le)\s)[a-z][\w\-]*\s+)+(?=[A-Z])"
)
# Split points inside an entity the model ran too far: brackets, a spaced dash, a number
# between two names ("Leeds 2 Hull"), or a slash between two names ("Acme News/Quill Post").
_BRACKETS = re.compile(
    r"\s*[()\[\]]\s*|\s+\d[\d.,:/\-]*\s+|\s+[-\u2013\u2014]\s+|(?<=[a-z])/(?=[A-Z])"
)
# After a dateline's place: an optional "(Agency)", then a dash ("MADRID —", "PARIS (AP) -").
_DATELINE_DASH = re.compile(r"[ \t]*(?:\([^()\n]{1,40}\)[ \t]*)?[-\u2013\u2014]+\s")
_PAREN_AFTER = re.compile(r"\s*\(\s*([^()\n]{2,40}?)\s*\)")
_LOCATIVE = re.compile(
    r"\b(?:in|at|near|outside|inside|across|around|into|through|via|towards?|"
    r"between|visit(?:ed|ing|s)?|capital|city|town|city of|town of|"
    r"(?:fl(?:ew|own|y|ies|ying)|travel(?:l?ed|l?ing|s)?|moved|returned|arrived|headed|"
    r"routes?|flights?|trains?)\s+(?:back\s+)?(?:to|from))\s+(?:the\s+)?$",
    re.I,
)
# "Leeds , England" / "Leeds ( England )": a place followed by its country or region.
_AFTER_PLACE = re.compile(r"\s*[,(]\s*[A-Z][a-z]+")
_FIELD_LABEL = re.compile(r"\s*:\s*[^\n]*\d")
_NUMBER_EDGE = re.compile(r"^\d|\s\d[\d.,:/\-]*$")
_NUMBER_AFTER = re.compile(r"[ \t]+\d")
_NUMBER_BEFORE = re.compile(r"(?<![\w.,:-])\d+[ \t]+$")
_EDGE_PUNCT = " \t\"'\u2018\u2019\u201c\u201d()[]{}<>,;:!?*-\u2013\u2014/|"


def fold_name(text: str) -> str:
    """A name's comparison key: casefolded, no periods, one kind of apostrophe."""
    return text.casefold().replace(".", "").replace("\u2019", "'")


def clean_surface(surface: str) -> str:
    """Normalize an entity surface: one line, no edge punctuation, no "the", no possessive.

    Args:
        surface: span text as found ("the Kremlin's", "Nato's").

    Returns:
        The cleaned surface ("Kremlin", "Nato"); may be empty.
    """
    text = surface.split("\n", 1)[0]
    # "Art Director_Jane Doe": a credit glued to its role; the name comes after.
    text = " ".join(text.rsplit("_", 1)[-1].split())
    # Scores, ranks and figures glued to a name in tables ("J. Smith 56", "64 Jo Doe").
    text = _TRAILING_NUMBERS.sub("", text)
    text = _LEADING_NUMBERS.sub("", text)
    # Lower-case words swallowed at the end ("Leeds v", "Smith said"), but not the noun
    # that makes a name a body ("the Communist party", "the Haqqani network").
    tail = _TRAILING_LOWER.search(text)
    if tail:
        first = tail.group(0).split()[0]
        text = text[: tail.start()] + (" " + first if first in _BODY_WORDS else "")
    for _ in range(2):
        text = text.strip(_EDGE_PUNCT)
        text = _POSSESSIVE.sub("", text)
        text = _LEADING_THE.sub("", text)
    return text.strip(_EDGE_PUNCT)


def _could_be_name_part(word: str) -> bool:
    """A capitalised word that is no common, title, calendar, place or nationality word."""
    from etl.enrich.gazetteer import get_gazetteer, is_demonym
    from etl.enrich.name_shapes import TITLE_WORDS

    low = word.lower()
    if low in stop_words() or low in TITLE_WORDS or low in _CALENDAR:
        return False
    return word not in get_gazetteer() and not is_demonym(word)


_GLUED_NAME = re.compile(r"[^\W_]_[A-Z][a-z]+$")


def _is_forename(token: Token, ent: Span) -> bool:
    """Tell whether the word before a PERSON span is a first name the model left out."""
    word = token.text
    # One word, hyphens and trailing figures aside: "Doe", "Doe-Roe 18".
    lone = len(_TRAILING_NUMBERS.sub("", ent.text).split()) == 1
    if not lone or token.ent_type_ or not word.isalpha() or len(word) < 2:
        return False
    return word[0].isupper() and word[1:].islower() and _could_be_name_part(word)


def _is_surname_after(token: Token, ent: Span) -> bool:
    """Tell whether the word after a lone first name tagged PERSON is its surname."""
    from etl.enrich.first_names import is_first_name

    word = token.text
    if len(ent) != 1 or token.ent_type_ or not is_first_name(ent.text) or len(word) < 2:
        return False
    if not (word[0].isupper() and word.replace("-", "").replace("'", "").isalpha()):
        return False
    if word.isupper() or is_first_name(word):
        return False  # "Noah NBC", "Noah Grace": an acronym or a second name is no surname
    return word.lower() not in ORG_WORDS and _could_be_name_part(word)


def _is_second_surname(doc: Doc, ent: Span, pairs: set[tuple[str, str]]) -> bool:
    """Tell whether the word after a full name tagged PERSON is its second surname: the
    name's last word and that word are a PERSON span elsewhere ("Enrique Peña [Nieto]")."""
    if len(ent) < 2 or ent.end >= len(doc):
        return False
    after = doc[ent.end]
    return (
        not after.ent_type_
        and after.idx == ent.end_char + 1
        and after.text[:1].isupper()
        and (ent[-1].text, after.text) in pairs
    )


class _Spans:
    """Sorted, non-growing set of character spans with a fast overlap test."""

    def __init__(self, mentions: Iterable[Mention]):
        self._spans = sorted((m.start, m.end) for m in mentions)
        self._starts = [s for s, _ in self._spans]
        self._max_len = max((e - s for s, e in self._spans), default=0)

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_left(self._starts, start - self._max_len)
        while i < len(self._spans) and self._spans[i][0] < end:
            if start < self._spans[i][1]:
                return True
            i += 1
        return False


def _line_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    lo = text.rfind("\n", 0, start) + 1
    hi = text.find("\n", end)
    return lo, len(text) if hi < 0 else hi


def collect_mentions(
    doc: Doc, original: str | None = None, labels: Iterable[str] = LABELS
) -> list[Mention]:
    """Return the cleaned entity mentions of ``doc`` with one of ``labels``.

    Args:
        doc: a Doc processed by a pipeline with ``ner``.
        original: the text before :func:`prepare_text`, to flag re-cased spans.
        labels: the spaCy labels to keep; other labels are kept only as one-word
            mentions with the label ``OTHER`` (they may be surnames of the article's
            people, mis-tagged).

    Returns:
        Mentions in text order; empty surfaces are dropped.
    """
    wanted = set(labels)
    text_seen = doc.text
    mentions = []
    table_lines: dict[int, bool] = {}
    # Two-word names the model tags elsewhere: "Peña Nieto" lets "[Enrique Peña] Nieto" grow.
    pairs = {(e[0].text, e[1].text) for e in doc.ents if e.label_ == "PERSON" and len(e) == 2}
    for ent in doc.ents:
        label = ent.label_
        if label not in wanted:
            if len(ent) != 1:
                continue
            label = "OTHER"
        start, end = ent.start_char, ent.end_char
        if label == "PERSON" and text_seen[start - 1 : start] in ("#", "@"):
            continue  # "#FranceIsStrong", "@jdoe": a hashtag or a handle, not a name
        if label == "PERSON" and len(ent) == 1 and _FIELD_LABEL.match(text_seen, end):
            from etl.enrich.gazetteer import get_gazetteer

            at_line_start = not text_seen[_line_bounds(text_seen, start, end)[0] : start].strip()
            if at_line_start and ent.text not in get_gazetteer():
                continue  # "Attendance : 2,000": a field label at the start of a line
        if label == "PERSON" and ent.start > 0 and _is_forename(doc[ent.start - 1], ent):
            # The model often leaves a first name out ("Jane [Doe]" in lists).
            start = doc[ent.start - 1].idx
        elif label == "PERSON" and ent.start > 0 and _GLUED_NAME.search(doc[ent.start - 1].text):
            # ... and the family name of a credit glued to its role ("Design_Lee [Ho Jun]").
            before = doc[ent.start - 1]
            start = before.idx + before.text.rindex("_") + 1
        elif label == "PERSON" and ent.end < len(doc) and _is_surname_after(doc[ent.end], ent):
            # ... and a surname after a first name ("[Noah] Jackson 1 goal").
            end = doc[ent.end].idx + len(doc[ent.end].text)
        elif label == "PERSON" and _is_second_surname(doc, ent, pairs):
            # ... and the second of two surnames the article writes together elsewhere.
            end = doc[ent.end].idx + len(doc[ent.end].text)
        recased = original is not None and original[start:end] != text_seen[start:end]
        lo, hi = _line_bounds(text_seen, start, end)
        if lo not in table_lines:
            table_lines[lo] = is_table_line(text_seen[lo:hi])
        by_number = _by_number(text_seen, start, end) or bool(_NUMBER_EDGE.search(ent.text))
        follow = _PAREN_AFTER.match(text_seen, end)
        paren = follow.group(1) if follow else ""
        # "Jane Doe ( Belarus": the model ran over a bracket; each side is a mention.
        parts = _BRACKETS.split(text_seen[start:end])
        for index, part in enumerate(parts):
            inner = parts[index + 1].strip() if index + 1 < len(parts) else paren
            pieces = split_run_on(part, label, _known_place)
            if pieces == [(part, label)]:
                text = _surface(part, label)
                if text:
                    mentions.append(
                        Mention(
                            text, part, label, start, end, recased, table_lines[lo], inner,
                            by_number,
                        )
                    )
                continue
            # "Acme's Office of Research", "Acme, Tessel": each name at its own offsets.
            at = text_seen.find(part, start, end)
            for piece, piece_label in pieces:
                text = _surface(piece, piece_label)
                p_start = text_seen.find(piece, at, end) if at >= 0 else -1
                p_start, p_end = (start, end) if p_start < 0 else (p_start, p_start + len(piece))
                if text:
                    mentions.append(
                        Mention(
                            text, piece, piece_label, p_start, p_end, recased,
                            table_lines[lo], inner, by_number,
                        )
                    )
    mentions = _with_initial_names(mentions, text_seen, table_lines)
    mentions = _with_gazetteer_places(mentions, text_seen, table_lines)
    mentions = _with_table_teams(mentions, text_seen, table_lines)
    mentions = _with_plural_openers(mentions, text_seen)
    from etl.enrich.gazetteer import get_gazetteer
    from etl.enrich.headlines import trim_headline_spans

    mentions = trim_headline_spans(mentions, text_seen)
    from etl.enrich.missed_people import with_missed_people

    sports = is_sports_report(text_seen)
    mentions = with_missed_people(mentions, text_seen, get_gazetteer(), original, sports)
    return [
        replace(
            m,
            sports=sports,
            locative=_is_locative(text_seen, m.start, m.end),
            after_non_name_word=bool(
                _NON_NAME_BEFORE.search(text_seen, max(0, m.start - 5), m.start)
            ),
            opens_sentence=_opens_sentence(text_seen, m.start),
            honorific=_honorific(text_seen[max(0, m.start - 8) : m.start] + m.raw),
        )
        for m in mentions
    ]


def _surface(span: str, label: str) -> str:
    text = clean_surface(span)
    return _LEADING_LOWER.sub("", text) if label == "ORG" else text


def _known_place(name: str) -> bool:
    from etl.enrich.gazetteer import get_gazetteer

    return name in get_gazetteer()


def _with_plural_openers(mentions: list[Mention], text: str) -> list[Mention]:
    """Give an organization the plural its name opens with ("Americans for Better Roads"),
    dropping the mention the model made of that word alone."""
    out: list[Mention] = []
    for m in mentions:
        begin = plural_opener(text, m.start) if m.label == "ORG" else None
        if begin is None:
            out.append(m)
            continue
        while out and out[-1].start >= begin:
            out.pop()  # "Americans" tagged NORP
        whole = text[begin : m.end]
        out.append(replace(m, text=_surface(whole, "ORG") or m.text, raw=whole, start=begin))
    return out


def _opens_sentence(text: str, start: int) -> bool:
    """Whether the span at ``start`` opens a line or a sentence (not "Mr. Doe")."""
    if start == 0:
        return True
    opening = _SENTENCE_START.search(text, max(0, start - 3), start)
    if opening is None:
        return False
    # A full stop after an abbreviation or an initial ("Mr.", "Gov.", "J.") ends nothing.
    dot = text.rfind(".", opening.start(), start)
    return dot < 0 or is_sentence_end(text, dot)


_HONORIFIC = re.compile(r"\b(Mr|Mrs|Ms|Miss|Sir|Dame|Lord|Lady)\.?\s+[A-Z]")


def _honorific(window: str) -> str:
    """``"m"``/``"f"`` when the last honorific in ``window`` introduces the name."""
    found = _HONORIFIC.findall(window)
    if not found:
        return ""
    return "m" if found[-1] in {"Mr", "Sir", "Lord"} else "f"


def _is_locative(text: str, start: int, end: int) -> bool:
    """A locative preposition before the span, or the span heads a dateline or follows a place."""
    window = max(0, start - 40)  # the preposition is just before; never scan the whole text
    if _LOCATIVE.search(text[window:start]):
        return True
    lo, hi = _line_bounds(text, start, end)
    if not text[lo:start].strip() and (
        DATE.search(text, end, hi) or _DATELINE_DASH.match(text, end)
    ):
        return True  # "LEEDS 1996-08-30", "MADRID —": a dateline
    return bool(_AFTER_PLACE.match(text, end))


# "J. Smith", "A.B. Jones", "R. de Silva": an initial before a capitalised word is a
# person in news copy (bylines, scorecards, lists) even when the model misses it.
_INITIAL_NAME = re.compile(
    r"(?<![\w.])((?:[A-Z]\.\s?){1,2})((?:(?:de|van|der|den|le|la|du|da)\s?)?"
    r"[A-Z](?:'[A-Z])?[a-z]+(?:[A-Z][a-z]+)?(?:-[A-Z][a-z]+)*"
    r"(?:\s[A-Z][a-z]{2,}(?:-[A-Z][a-z]+)?)?)(?![\w])"
)


def _by_number(text: str, start: int, end: int) -> bool:
    """A number right beside the span, or the span is on a fixture line ("A v B")."""
    if _NUMBER_AFTER.match(text, end) or _NUMBER_BEFORE.search(text[max(0, start - 12) : start]):
        return True
    lo, hi = _line_bounds(text, start, end)
    return bool(FIXTURE.match(text[lo:hi]))


def _with_initial_names(
    mentions: list[Mention], text: str, table_lines: dict[int, bool]
) -> list[Mention]:
    from etl.enrich.gazetteer import get_gazetteer, is_demonym

    stops = stop_words()
    gaz = get_gazetteer()
    added: list[Mention] = []
    for match in _INITIAL_NAME.finditer(text):
        initials, rest = match.group(1), match.group(2)
        first_word = rest.split()[0]
        if (
            first_word.casefold() in stops
            or initials.strip() in gaz
            or match.group(0) in gaz
            or first_word in gaz
            or is_demonym(first_word)
        ):
            continue  # "I. The", "U.S. Open", "S. Korea": not names
        start, end = match.span()
        found = match.group(0)
        overlapping = [m for m in mentions if m.start < end and start < m.end]
        if any(m.label == "PERSON" for m in overlapping):
            continue
        if any(m.text not in found for m in overlapping):
            continue  # a longer entity (an organization) contains it
        mentions = [m for m in mentions if m not in overlapping]
        lo, hi = _line_bounds(text, start, end)
        in_table = table_lines.get(lo)
        if in_table is None:
            in_table = is_table_line(text[lo:hi])
        added.append(
            Mention(found, found, "PERSON", start, end, False, in_table, "",
                    _by_number(text, start, end))
        )
    if not added:
        return mentions
    return sorted([*mentions, *added], key=lambda m: m.start)


# Runs of capitalised words, the candidates for places the model did not tag.
_CAPITALISED_RUN = re.compile(r"(?<![\w'\-.])[A-Z][a-z]+(?:[ \-][A-Z][a-z]+){0,2}(?![\w'\-])")


def _with_gazetteer_places(
    mentions: list[Mention], text: str, table_lines: dict[int, bool]
) -> list[Mention]:
    """Add untagged names of countries, US states, continents, capitals and big cities.

    Only whole runs of capitalised words count ("Michael Jordan" is not Jordan), and
    never inside an entity the model found.
    """
    from etl.enrich.gazetteer import get_gazetteer, is_demonym

    gaz = get_gazetteer()
    lowered = {w.lower() for w in re.findall(r"\b[a-z]+\b", text)}
    taken = _Spans(mentions)
    added: list[Mention] = []
    for match in _CAPITALISED_RUN.finditer(text):
        name = match.group(0)
        if name not in gaz or is_demonym(name):
            continue
        start, end = match.span()
        if not (gaz.is_country_level(name) or gaz.is_major_city(name, 500_000)):
            # A smaller city only where the wording says it is a place ("in Geneva",
            # a dateline), and never a word the text also writes in lower case.
            if not gaz.is_major_city(name, 100_000) or name.lower() in lowered:
                continue
            if not _is_locative(text, start, end):
                continue
        if taken.overlaps(start, end):
            continue
        lo, hi = _line_bounds(text, start, end)
        in_table = table_lines.get(lo)
        if in_table is None:
            in_table = is_table_line(text[lo:hi])
        added.append(
            Mention(
                name, name, "GPE", start, end, False, in_table, "", _by_number(text, start, end)
            )
        )
    if not added:
        return mentions
    return sorted([*mentions, *added], key=lambda m: m.start)


_CALENDAR = frozenset(
    {
        "january", "february", "march", "april", "may", "june", "july", "august",
        "september", "october", "november", "december", "jan", "feb", "mar", "apr",
        "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "monday", "tuesday",
        "wednesday", "thursday", "friday", "saturday", "sunday", "week", "day", "year",
        "round", "game", "games", "match", "group", "division", "total", "totals",
    }
)


def _with_table_teams(
    mentions: list[Mention], text: str, table_lines: dict[int, bool]
) -> list[Mention]:
    """Add untagged names standing beside a score in a results table, as teams (ORG).

    In "Leeds 2 Hull 1" or "Leeds 12 8 3 1 24" a run of capitalised words next to a
    number on a table line is a team. Month, weekday and table words ("Total",
    "Division") and words also written in lower case in the text are not.
    """
    from etl.enrich.gazetteer import get_gazetteer

    gaz = get_gazetteer()
    stops = stop_words()
    lowered = {w.lower() for w in re.findall(r"\b[a-z]+\b", text)}
    taken = _Spans(mentions)
    added: list[Mention] = []
    for match in _CAPITALISED_RUN.finditer(text):
        start, end = match.span()
        lo, hi = _line_bounds(text, start, end)
        in_table = table_lines.get(lo)
        if in_table is None:
            in_table = table_lines[lo] = is_table_line(text[lo:hi])
        if not in_table or not _by_number(text, start, end):
            continue
        name = match.group(0)
        words = [w.lower() for w in name.replace("-", " ").split()]
        if any(w in _CALENDAR or w in stops for w in words):
            continue
        if len(words) == 1 and words[0] in lowered:
            continue
        if gaz.is_country_level(name) and name in gaz:
            continue  # national sides are places in results ("Kenya 2 Ghana 1")
        if taken.overlaps(start, end):
            continue
        # "Chicago at Toronto": the second is where the game is played.
        label = "GPE" if _is_locative(text, start, end) and name in gaz else "ORG"
        added.append(Mention(name, name, label, start, end, False, True, "", label == "ORG"))
    if not added:
        return mentions
    return sorted([*mentions, *added], key=lambda m: m.start)
