"""Generate ``schemas/dashboards.ndjson``: the OpenSearch Dashboards saved objects.

The saved objects (index pattern, saved searches, visualizations, one dashboard) are
defined once here, in readable Python; the NDJSON file that ``newsetl dashboards import``
uploads is a build artefact of this module, so nobody edits escaped JSON-in-JSON by hand.

    python -m schemas.build_dashboards            # rewrite schemas/dashboards.ndjson
    python -m schemas.build_dashboards --check    # exit 1 when the file is stale

Every field named here must exist in ``schemas.opensearch.mappings()``; the generator
refuses to write a file that ``etl.dashboards.check_against_mapping`` finds problems in,
and ``tests/test_dashboards.py`` checks the committed file the same way.

The index pattern carries no ``fields`` list on purpose: Dashboards fetches the field
list from the cluster when an index pattern has none, so a hand-written copy of the
mapping cannot drift from the real one.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

OUTPUT = Path(__file__).with_name("dashboards.ndjson")

PREFIX = "newsetl"
INDEX_PATTERN_ID = f"{PREFIX}-index-pattern-news"
INDEX_PATTERN_TITLE = "news"  # the read alias, so index rebuilds never break Dashboards
TIME_FIELD = "published_at"

# The reference name Dashboards itself uses for a search source's index pattern.
INDEX_REF = "kibanaSavedObjectMeta.searchSourceJSON.index"
SEARCH_REF = "search_0"

# Dashboard saved objects already in the 7.x panel format (panelRefName + references)
# must not be fed to the 7.0/7.3 panel migrations again; OSD skips migrations up to
# this version. Visualizations and searches carry no migrationVersion: their
# migrations are no-ops on objects already in the current format.
DASHBOARD_MIGRATION_VERSION = "7.9.3"
# Panel format version written into panelsJSON (OSD forked from Kibana 7.10.2, and a
# version below 7.3 would make the dashboard app try to migrate the panels).
PANEL_VERSION = "7.10.2"

COUNT_LABEL = "Articles"


def _dumps(value: Any) -> str:
    """Compact, key-sorted JSON: the inner JSON strings and the NDJSON lines are stable."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _search_source(query: str = "", *, index: bool = True) -> str:
    source: dict[str, Any] = {
        "query": {"query": query, "language": "kuery"},
        "filter": [],
    }
    if index:
        source["indexRefName"] = INDEX_REF
    return _dumps(source)


def _index_reference() -> dict[str, str]:
    return {"name": INDEX_REF, "type": "index-pattern", "id": INDEX_PATTERN_ID}


# --------------------------------------------------------------------------- index pattern


def index_pattern() -> dict[str, Any]:
    """The ``news`` index pattern (the alias), with ``published_at`` as its time field."""
    return {
        "type": "index-pattern",
        "id": INDEX_PATTERN_ID,
        "attributes": {
            "title": INDEX_PATTERN_TITLE,
            "timeFieldName": TIME_FIELD,
        },
        "references": [],
    }


# --------------------------------------------------------------------------- saved searches


@dataclass(frozen=True)
class SavedSearch:
    """A Discover search: a KQL query, the columns shown, newest first."""

    slug: str
    title: str
    description: str
    columns: tuple[str, ...]
    query: str = ""

    @property
    def id(self) -> str:
        return f"{PREFIX}-search-{self.slug}"

    def saved_object(self) -> dict[str, Any]:
        return {
            "type": "search",
            "id": self.id,
            "attributes": {
                "title": self.title,
                "description": self.description,
                "hits": 0,
                "columns": list(self.columns),
                "sort": [[TIME_FIELD, "desc"]],
                "version": 1,
                "kibanaSavedObjectMeta": {"searchSourceJSON": _search_source(self.query)},
            },
            "references": [_index_reference()],
        }


SEARCHES = (
    SavedSearch(
        slug="articles",
        title="News: articles",
        description="All articles, newest first, with the people and places they mention.",
        columns=("title", "source_domain", "person_names", "place_names"),
    ),
    SavedSearch(
        slug="quotes",
        title="News: articles with quotes",
        description="Articles that contain at least one direct quote, with who is quoted.",
        columns=("quote_speakers", "title"),
        query="has_quotes:true",
    ),
)


# --------------------------------------------------------------------------- visualizations


def _count_agg() -> dict[str, Any]:
    return {
        "id": "1",
        "enabled": True,
        "type": "count",
        "schema": "metric",
        "params": {"customLabel": COUNT_LABEL},
    }


def _bar_params(*, horizontal: bool) -> dict[str, Any]:
    """Vislib bar chart params: the editor's defaults, spelled out so nothing is implicit."""
    category_position, value_position = ("left", "bottom") if horizontal else ("bottom", "left")
    return {
        "type": "histogram",
        "grid": {"categoryLines": False},
        "categoryAxes": [
            {
                "id": "CategoryAxis-1",
                "type": "category",
                "position": category_position,
                "show": True,
                "style": {},
                "scale": {"type": "linear"},
                # Horizontal bars carry names: leave room for "Organisation for Economic ...".
                "labels": {"show": True, "rotate": 0, "filter": not horizontal,
                           "truncate": 200 if horizontal else 100},
                "title": {},
            }
        ],
        "valueAxes": [
            {
                "id": "ValueAxis-1",
                "name": "LeftAxis-1",
                "type": "value",
                "position": value_position,
                "show": True,
                "style": {},
                "scale": {"type": "linear", "mode": "normal"},
                "labels": {"show": True, "rotate": 0, "filter": horizontal, "truncate": 100},
                "title": {"text": COUNT_LABEL},
            }
        ],
        "seriesParams": [
            {
                "show": True,
                "type": "histogram",
                "mode": "normal",
                "data": {"label": COUNT_LABEL, "id": "1"},
                "valueAxis": "ValueAxis-1",
                "drawLinesBetweenPoints": True,
                "lineWidth": 2,
                "showCircles": True,
            }
        ],
        "addTooltip": True,
        "addLegend": False,
        "legendPosition": "right",
        "times": [],
        "addTimeMarker": False,
        "labels": {"show": False},
        "thresholdLine": {"show": False, "value": 10, "width": 1, "style": "full",
                          "color": "#E7664C"},
    }


@dataclass(frozen=True)
class TopTerms:
    """A horizontal bar chart of the most frequent values of one keyword field."""

    slug: str
    title: str
    field: str  # the ``.raw`` sub-field: buckets show names as written, not normalized
    label: str
    size: int = 20

    @property
    def id(self) -> str:
        return f"{PREFIX}-vis-{self.slug}"

    def vis_state(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "type": "horizontal_bar",
            "params": _bar_params(horizontal=True),
            "aggs": [
                _count_agg(),
                {
                    "id": "2",
                    "enabled": True,
                    "type": "terms",
                    "schema": "segment",
                    "params": {
                        "field": self.field,
                        "size": self.size,
                        "order": "desc",
                        "orderBy": "1",
                        "otherBucket": False,
                        "otherBucketLabel": "Other",
                        "missingBucket": False,
                        "missingBucketLabel": "Missing",
                        "customLabel": self.label,
                    },
                },
            ],
        }


@dataclass(frozen=True)
class OverTime:
    """A vertical bar chart of article counts per time bucket on the time field."""

    slug: str
    title: str
    field: str = TIME_FIELD

    @property
    def id(self) -> str:
        return f"{PREFIX}-vis-{self.slug}"

    def vis_state(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "type": "histogram",
            "params": _bar_params(horizontal=False),
            "aggs": [
                _count_agg(),
                {
                    "id": "2",
                    "enabled": True,
                    "type": "date_histogram",
                    "schema": "segment",
                    "params": {
                        "field": self.field,
                        "useNormalizedOpenSearchInterval": True,
                        "scaleMetricValues": False,
                        "interval": "auto",
                        "drop_partials": False,
                        "min_doc_count": 1,
                        "extended_bounds": {},
                        "customLabel": "Published",
                    },
                },
            ],
        }


@dataclass(frozen=True)
class PlaceMap:
    """A coordinate map (``tile_map``) of geohash cells over a ``geo_point`` field.

    ``tile_map`` is the aggregation-based map that ships with OpenSearch Dashboards
    itself (no maps plugin needed); it only takes a ``geohash_grid`` bucket.
    """

    slug: str
    title: str
    field: str

    @property
    def id(self) -> str:
        return f"{PREFIX}-vis-{self.slug}"

    def vis_state(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "type": "tile_map",
            "params": {
                "colorSchema": "Yellow to Red",
                "mapType": "Scaled Circle Markers",
                "isDesaturated": True,
                "addTooltip": True,
                "heatClusterSize": 1.5,
                "legendPosition": "bottomright",
                "mapZoom": 2,
                "mapCenter": [20, 0],
                # The vis setup reads params.wms; Dashboards fills the rest from its settings.
                "wms": {"enabled": False, "options": {"format": "image/png",
                                                       "transparent": True}},
            },
            "aggs": [
                _count_agg(),
                {
                    "id": "2",
                    "enabled": True,
                    "type": "geohash_grid",
                    "schema": "segment",
                    "params": {
                        "field": self.field,
                        "autoPrecision": True,
                        "precision": 2,
                        "useGeocentroid": True,
                        "isFilteredByCollar": True,
                    },
                },
            ],
        }


Visualization = TopTerms | OverTime | PlaceMap


def visualization_object(vis: Visualization, description: str = "") -> dict[str, Any]:
    """Wrap a visualization definition into its saved object (bound to the index pattern)."""
    return {
        "type": "visualization",
        "id": vis.id,
        "attributes": {
            "title": vis.title,
            "description": description,
            "version": 1,
            "visState": _dumps(vis.vis_state()),
            "uiStateJSON": "{}",
            "kibanaSavedObjectMeta": {"searchSourceJSON": _search_source()},
        },
        "references": [_index_reference()],
    }


ARTICLES_OVER_TIME = OverTime("articles-over-time", "News: articles over time")
TOP_PEOPLE = TopTerms("top-people", "News: top people", "person_names.raw", "Person")
TOP_PLACES = TopTerms("top-places", "News: top places", "place_names.raw", "Place")
TOP_ORGANIZATIONS = TopTerms("top-organizations", "News: top organizations",
                             "organization_names.raw", "Organization")
TOP_SPEAKERS = TopTerms("top-quote-speakers", "News: top quote speakers",
                        "quote_speakers.raw", "Speaker")
TOP_SOURCES = TopTerms("top-sources", "News: top sources", "source_domain.raw", "Source")
PLACES_MAP = PlaceMap("places-map", "News: map of places", "place_points")

VISUALIZATIONS: tuple[Visualization, ...] = (
    ARTICLES_OVER_TIME,
    TOP_PEOPLE,
    TOP_PLACES,
    TOP_ORGANIZATIONS,
    TOP_SPEAKERS,
    TOP_SOURCES,
    PLACES_MAP,
)


# --------------------------------------------------------------------------- dashboard

DASHBOARD_ID = f"{PREFIX}-dashboard-overview"

# (saved object id, saved object type, x, y, w, h) on Dashboards' 48-column grid.
LAYOUT: tuple[tuple[str, str, int, int, int, int], ...] = (
    (ARTICLES_OVER_TIME.id, "visualization", 0, 0, 48, 10),
    (TOP_PEOPLE.id, "visualization", 0, 10, 16, 15),
    (TOP_PLACES.id, "visualization", 16, 10, 16, 15),
    (TOP_ORGANIZATIONS.id, "visualization", 32, 10, 16, 15),
    (TOP_SPEAKERS.id, "visualization", 0, 25, 24, 15),
    (TOP_SOURCES.id, "visualization", 24, 25, 24, 15),
    (PLACES_MAP.id, "visualization", 0, 40, 24, 20),
    (SEARCHES[1].id, "search", 24, 40, 24, 20),
    (SEARCHES[0].id, "search", 0, 60, 48, 20),
)


def dashboard() -> dict[str, Any]:
    """One dashboard combining every visualization and both saved searches."""
    panels = []
    references = []
    for n, (obj_id, obj_type, x, y, w, h) in enumerate(LAYOUT):
        panel_index = str(n + 1)
        ref_name = f"panel_{n}"
        panels.append(
            {
                "version": PANEL_VERSION,
                "gridData": {"x": x, "y": y, "w": w, "h": h, "i": panel_index},
                "panelIndex": panel_index,
                "embeddableConfig": {},
                "panelRefName": ref_name,
            }
        )
        references.append({"name": ref_name, "type": obj_type, "id": obj_id})
    return {
        "type": "dashboard",
        "id": DASHBOARD_ID,
        "attributes": {
            "title": "News: overview",
            "description": "People, places, organizations, quote speakers and sources in "
            "the news, over time and on a map.",
            "hits": 0,
            "panelsJSON": _dumps(panels),
            "optionsJSON": _dumps({"hidePanelTitles": False, "useMargins": True}),
            "version": 1,
            # A fresh Dashboards defaults to "last 15 minutes", which shows an empty
            # dashboard for a nightly pipeline; open on the last year instead.
            "timeRestore": True,
            "timeFrom": "now-1y",
            "timeTo": "now",
            "refreshInterval": {"pause": True, "value": 0},
            "kibanaSavedObjectMeta": {"searchSourceJSON": _search_source(index=False)},
        },
        "references": references,
        "migrationVersion": {"dashboard": DASHBOARD_MIGRATION_VERSION},
    }


# --------------------------------------------------------------------------- output


def saved_objects() -> list[dict[str, Any]]:
    """Every saved object, dependencies first (the order Dashboards exports them in)."""
    return [
        index_pattern(),
        *(s.saved_object() for s in SEARCHES),
        *(visualization_object(v) for v in VISUALIZATIONS),
        dashboard(),
    ]


def render(objects: list[dict[str, Any]] | None = None) -> str:
    """The NDJSON text: one saved object per line, keys sorted, trailing newline."""
    objs = saved_objects() if objects is None else objects
    return "".join(_dumps(o) + "\n" for o in objs)


def _problems(objects: list[dict[str, Any]]) -> list[str]:
    # Imported lazily: etl.dashboards is the checker; schemas must stay importable alone.
    from etl.dashboards import check_against_mapping
    from schemas.opensearch import mappings

    return check_against_mapping(objects, mappings())


def main(argv: list[str] | None = None) -> int:
    """Write (or with ``--check`` verify) the NDJSON file; return the exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m schemas.build_dashboards",
        description="Generate the OpenSearch Dashboards saved objects NDJSON.",
    )
    parser.add_argument("--check", action="store_true",
                        help="do not write; exit 1 when the file differs from the code")
    parser.add_argument("--output", type=Path, default=OUTPUT, help=f"default: {OUTPUT}")
    args = parser.parse_args(argv)

    objects = saved_objects()
    problems = _problems(objects)
    if problems:
        for p in problems:
            print(f"error: {p}", file=sys.stderr)
        return 1
    text = render(objects)
    output: Path = args.output
    if args.check:
        current = output.read_text(encoding="utf-8") if output.exists() else None
        if current != text:
            print(f"{output} is stale: run `python -m schemas.build_dashboards`",
                  file=sys.stderr)
            return 1
        print(f"{output} is up to date ({len(objects)} saved objects)")
        return 0
    output.write_text(text, encoding="utf-8")
    print(f"wrote {len(objects)} saved objects to {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
