"""Results tables, score lines and sports reports.

In a results table or a sports report a city names a team ("Leeds 2 Hull 1"), so the
enrichment reads such names as organizations there (:mod:`etl.enrich.canonical`). Lines of
numbers alone do not make a sports report: vote tallies ("passed 52-48"), model numbers
("787-9"), docket numbers, prices and recipe quantities look the same, so the article must
also use the words of sport.
"""

from __future__ import annotations

import re

from etl.enrich.phrases import wordset

__all__ = ["DATE", "FIXTURE", "is_sports_report", "is_table_line"]

# A fixture line of a sports schedule: "Leeds v Hull", "Boston at New York".
FIXTURE = re.compile(
    r"^\s*[A-Z][\w.'\-]*(?: [A-Z][\w.'\-]*){0,3} (?:v|vs\.?|at) "
    r"[A-Z][\w.'\-]*(?: [A-Z][\w.'\-]*){0,3}\s*[.;,]?\s*$"
)
DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)?(?![\w])")
# "11:20 p.m.": the time stamps of a live blog are no scores.
_CLOCK = re.compile(r"\b\d{1,2}(?::\d{2})?\s*[ap]\.?m\b\.?", re.I)
_SCORE = re.compile(r"(?<![\d-])\d{1,3}-\d{1,3}(?![\d-])")

# Names of sports: one settles it (with the score lines).
_SPORTS = wordset(
    "soccer football basketball baseball hockey tennis cricket rugby golf squash boxing "
    "athletics cycling racing motorsport nascar volleyball handball badminton softball "
    "lacrosse wrestling rowing swimming skiing snooker darts nba nfl nhl mlb mls ncaa fifa "
    "uefa"
)
# Words of sport that other news seldom uses: two of them settle it.
_SPORT_WORDS = wordset(
    "coach coaches league leagues scored scorer scorers goal goals goalkeeper striker "
    "midfielder defender innings inning wicket wickets touchdown touchdowns quarterback "
    "overtime halftime half-time playoff playoffs assists rebounds standings tournament "
    "championship championships semifinal semifinals semi-final semi-finals quarterfinal "
    "quarterfinals quarter-final quarter-finals seeded singles doubles pitcher laps "
    "olympic olympics medal medals cup division stakes"
)
_WORD = re.compile(r"[a-z]+(?:-[a-z]+)?")
_LETTERS = re.compile(r"[a-z]+")


def is_table_line(line: str) -> bool:
    """A results-table row (numbers make a quarter of its words), a score or a fixture line.

    Args:
        line: one line of text.

    Returns:
        Whether the line reads as a row of a results table.
    """
    if FIXTURE.match(line):
        return True
    line = _CLOCK.sub(" ", DATE.sub(" ", line))
    if _SCORE.search(line):
        return True
    words = line.split()
    numbers = len(_NUMBER.findall(line))
    return numbers >= 2 and numbers >= 0.25 * len(words)


def is_sports_report(text: str) -> bool:
    """Several results-table or score lines, and the words of sport, make a sports report.

    Args:
        text: the article.

    Returns:
        Whether the article reports sport.
    """
    lines = [line for line in text.splitlines() if line.strip()]
    scored = sum(1 for line in lines if is_table_line(line))
    if scored < 3 or scored < 0.1 * len(lines):
        return False
    lower = text.lower()
    # Hyphenated words whole and split: "half-time", and "pro-baseball" for "baseball".
    words = set(_WORD.findall(lower)) | set(_LETTERS.findall(lower))
    return bool(words & _SPORTS) or len(words & _SPORT_WORDS) >= 2
