"""The bundled sample news site: the default data set of ``make run`` and of tests.

Eleven invented articles from three fictional publishers, all published on
``SAMPLE_DAY`` (UTC), plus an RSS feed, an Atom feed, a Google News sitemap
and robots.txt. Files live under ``site/`` with absolute URLs written as the
``{{BASE_URL}}`` placeholder; ``render`` substitutes the real base URL, and
``etl.sample_site.server.serve_site`` serves them over loopback HTTP.

``manifest()`` describes the expected pipeline output (path, title,
publication instant, a phrase unique to the article) so tests need not
re-parse HTML to know what should come out.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from urllib.parse import unquote

from etl.sample_site.markup import PLACEHOLDER

SAMPLE_DAY: date = date(2026, 11, 20)

_HERE = Path(__file__).resolve().parent

# Files whose text carries the placeholder; anything else is served verbatim.
TEXT_SUFFIXES = frozenset({".html", ".htm", ".xml", ".txt", ".json"})


@dataclass(frozen=True)
class SamplePage:
    """One article of the sample site, as the pipeline should report it."""

    path: str  # site-relative URL path, starts with "/"
    title: str
    published_at: datetime  # timezone-aware UTC
    phrase: str  # occurs in this article's body text and in no other article
    modified_at: datetime | None = None
    site_name: str = ""
    section: str = ""
    authors: tuple[str, ...] = ()

    def url(self, base_url: str) -> str:
        """Absolute URL of the page under ``base_url`` (no trailing slash)."""
        return base_url.rstrip("/") + self.path


def site_dir() -> Path:
    """Directory holding the site's files (``site/`` inside this package).

    The package is always installed as plain files (setuptools package data),
    so ``__file__`` is reliable and simpler than importlib.resources here.
    """
    return _HERE / "site"


def _parse_z(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def manifest() -> list[SamplePage]:
    """All sample articles, oldest first."""
    rows = json.loads((_HERE / "manifest.json").read_text(encoding="utf-8"))
    return [
        SamplePage(
            path=r["path"],
            title=r["title"],
            published_at=_parse_z(r["published_at"]),
            phrase=r["phrase"],
            modified_at=_parse_z(r["modified_at"]) if r.get("modified_at") else None,
            site_name=r.get("site_name", ""),
            section=r.get("section", ""),
            authors=tuple(r.get("authors", ())),
        )
        for r in rows
    ]


def resolve(directory: Path, path_in_site: str) -> Path:
    """Map a URL path to a file under ``directory``.

    Raises FileNotFoundError for missing files and for paths escaping the
    directory (``..``), so callers need only one error path (a 404).
    """
    rel = unquote(path_in_site.split("?", 1)[0].split("#", 1)[0]).lstrip("/")
    if rel == "" or rel.endswith("/"):
        rel += "index.html"
    root = directory.resolve()
    target = (root / rel).resolve()
    if not target.is_relative_to(root) or not target.is_file():
        raise FileNotFoundError(path_in_site)
    return target


def render_file(file: Path, base_url: str) -> bytes:
    """A file's bytes with ``{{BASE_URL}}`` replaced when it is a text file."""
    data = file.read_bytes()
    if file.suffix.lower() in TEXT_SUFFIXES:
        data = data.replace(PLACEHOLDER.encode(), base_url.rstrip("/").encode("utf-8"))
    return data


def render(path_in_site: str, base_url: str) -> bytes:
    """The served bytes of ``path_in_site`` (e.g. ``/feed.xml``) under ``base_url``."""
    return render_file(resolve(site_dir(), path_in_site), base_url)


__all__ = [
    "SAMPLE_DAY",
    "SamplePage",
    "manifest",
    "render",
    "render_file",
    "resolve",
    "site_dir",
]
