"""Article rows to search documents: the Parquet row plus flat fields for facets and maps."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

AREA_KINDS = frozenset({"country", "region", "continent"})


def _iso(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def to_document(row: dict[str, Any], partition_date: date) -> dict[str, Any]:
    """Build the OpenSearch document for one ``articles`` row.

    Args:
        row: a row as read from Parquet (``pyarrow`` ``to_pylist``).
        partition_date: the ``dt`` partition it came from.

    Returns:
        The document body; its keys are exactly the mapping's top-level fields.
    """
    doc = {k: _iso(v) for k, v in row.items()}
    people = row.get("people") or []
    places = row.get("places") or []
    orgs = row.get("organizations") or []
    quotes = row.get("quotes") or []
    images = row.get("images") or []
    doc["partition_date"] = partition_date.isoformat()
    doc["person_names"] = [p["name"] for p in people]
    # Facet on the gazetteer's name so "U.S." here and "United States" there agree.
    doc["place_names"] = list(dict.fromkeys(p.get("geo_name") or p["name"] for p in places))
    doc["place_country_codes"] = sorted(
        {p["country_code"] for p in places if p.get("country_code")}
    )
    # Points for radius queries and the map: a country, region or continent is an area,
    # and its one coordinate (a capital, a centroid) would put "Ukraine" inside every
    # small circle around Kyiv. Areas stay in `places`, `place_names` and the country codes.
    doc["place_points"] = [
        {"lat": p["latitude"], "lon": p["longitude"]}
        for p in places
        if p.get("latitude") is not None
        and p.get("longitude") is not None
        and p.get("kind") not in AREA_KINDS
    ]
    doc["organization_names"] = [o["name"] for o in orgs]
    # The speaker facet lists who was quoted by name: a speaker that is one of the article's
    # people, organizations or places. A description the resolver could not tie to a name
    # ("the spokeswoman", "a report") stays on its quote, where `--speaker` finds it, but as
    # a facet value it would add up unrelated sources across articles.
    named = {e["name"] for e in (*people, *orgs, *places)}
    named.update(p["geo_name"] for p in places if p.get("geo_name"))
    doc["quote_speakers"] = sorted({q["speaker"] for q in quotes if q.get("speaker") in named})
    doc["image_people"] = sorted({n for im in images for n in (im.get("people") or [])})
    doc["quote_count"] = len(quotes)
    doc["image_count"] = len(images)
    doc["has_quotes"] = bool(quotes)
    doc["has_images"] = bool(images)
    return doc
