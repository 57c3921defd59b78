"""Shared helpers for benchmark and quality scripts: write one named section of a Markdown file.

Each script owns a section delimited by ``<!-- NAME:start -->`` and ``<!-- NAME:end -->``
markers, so several scripts can report into one page without clobbering each other.
"""

from __future__ import annotations

import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSETL_SHARED", ROOT.parent / "shared"))


def require_shared(*parts: str) -> Path:
    """Return a path inside ``../shared`` or exit with a clear message when it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        raise SystemExit(
            f"{path} not found: the real data lives in ../shared beside the repository "
            "(set NEWSETL_SHARED to point elsewhere)"
        )
    return path


def update_section(doc: Path, name: str, markdown: str, title: str = "") -> None:
    """Replace (or append) the section ``name`` of ``doc`` with ``markdown``, atomically."""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    block = f"{start}\n{markdown.rstrip()}\n{end}"
    text = doc.read_text(encoding="utf-8") if doc.exists() else (f"# {title}\n" if title else "")
    if start in text and end in text:
        head, rest = text.split(start, 1)
        _, tail = rest.split(end, 1)
        text = head + block + tail
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    doc.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=doc.parent, prefix=".tmp-")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, doc)


def measured_line(module: str, doc: str, detail: str) -> str:
    """The paragraph under a quality table: when and how it was measured, then paragraphs
    2-4 of the scorer's docstring (what the labels are, the halves, the matching).

    Args:
        module: the scorer's module ("bench.quality_places").
        doc: the scorer's ``__doc__``.
        detail: what the run's time covers and what it left out ("24 s, model load
            included").
    """
    described = " ".join(part.replace("\n", " ").replace("``", "`")
                         for part in doc.split("\n\n")[1:4])
    return (f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC by `python -m {module}` "
            f"({detail}). {described}")


def publish_quality(md: list[str], section: str, write: bool) -> None:
    """Print a quality section and, when ``write``, put it into docs/QUALITY.md."""
    print("\n".join(md))
    if write:
        update_section(ROOT / "docs" / "QUALITY.md", section, "\n".join(md), title="Quality")


def ratio(n: int, d: int) -> str:
    """``n/d`` as a table cell: "0.833 (329/395)", or "–" when nothing was counted."""
    return f"{n / d:.3f} ({n}/{d})" if d else "–"


def f1(correct: int, predicted: int, found: int, gold: int) -> str:
    """F1 of a precision ``correct/predicted`` and a recall ``found/gold``, as a table cell."""
    p = correct / predicted if predicted else 0.0
    r = found / gold if gold else 0.0
    return f"{2 * p * r / (p + r):.3f}" if p + r else "–"
