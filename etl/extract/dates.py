"""Parse the many date spellings of news pages into aware UTC datetimes."""

from __future__ import annotations

import re
import warnings
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from dateutil import parser as date_parser

_DATE_ONLY = re.compile(
    r"^\s*\d{4}-\d{1,2}-\d{1,2}\s*$|^\s*\d{4}/\d{1,2}/\d{1,2}\s*$|^\s*\d{8}\s*$"
)
_HAS_TIME = re.compile(r"\d{1,2}:\d{2}|T\d{2}\d{2}")
_EPOCH = re.compile(r"^\d{10}(?:\d{3})?$")


def parse_datetime(value: object) -> tuple[datetime, bool] | None:
    """Parse one date value.

    Naive times are taken as UTC: pages that omit the offset are most often
    rendered from UTC timestamps, and a stored datetime must be aware.

    Args:
        value: a string (ISO 8601, RFC 2822, "14 February 2025 10:30", epoch seconds) or None.

    Returns:
        ``(aware UTC datetime, has_time)`` or None when unparseable or implausible.
    """
    if not isinstance(value, str | int) or isinstance(value, bool):
        return None
    raw = str(value).strip()
    if not raw or len(raw) > 64:
        return None
    parsed: datetime | None = None
    has_time = bool(_HAS_TIME.search(raw)) and not _DATE_ONLY.match(raw)
    if _EPOCH.match(raw):
        seconds = int(raw[:10])
        parsed, has_time = datetime.fromtimestamp(seconds, tz=UTC), True
    if parsed is None:
        try:
            parsed = datetime.fromisoformat(raw.replace(" UTC", "Z").replace(" GMT", "Z"))
        except ValueError:
            parsed = None
    if parsed is None:
        try:
            parsed = parsedate_to_datetime(raw)
        except (TypeError, ValueError, IndexError):
            parsed = None
    if parsed is None:
        try:
            # dateutil copes with "Feb 14, 2025 10:30 AM EST" style strings;
            # the fixed default stops it from filling gaps with today's date.
            with warnings.catch_warnings():
                # An unknown zone name ("IST" is ambiguous) would silently give
                # a naive time hours off: treat it as unparseable instead.
                warnings.simplefilter("error", date_parser.UnknownTimezoneWarning)
                parsed = date_parser.parse(raw, default=datetime(1900, 1, 1), fuzzy=False)
        except (ValueError, OverflowError, TypeError, date_parser.UnknownTimezoneWarning):
            return None
        if parsed.year == 1900:
            return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    parsed = parsed.astimezone(UTC)
    if not 1990 <= parsed.year <= 2100:
        return None
    return parsed, has_time


def pick_datetime(candidates: list[object]) -> datetime | None:
    """The first candidate with a time of day, else the first date-only one.

    Args:
        candidates: raw values in priority order.

    Returns:
        An aware UTC datetime, or None.
    """
    date_only: datetime | None = None
    for value in candidates:
        result = parse_datetime(value)
        if result is None:
            continue
        parsed, has_time = result
        if has_time:
            return parsed
        if date_only is None:
            date_only = parsed
    return date_only
