from __future__ import annotations

from datetime import UTC, datetime

from etl.report import compute_health, is_degraded


def _art(domain: str, words: int, dated: bool, authors: list[str]) -> dict:
    return {"url": f"https://{domain}/x", "source_domain": domain, "word_count": words,
            "published_at": datetime(2026, 1, 1, tzinfo=UTC) if dated else None,
            "authors": authors}


def test_health_shares_per_domain():
    arts = [_art("a.example", 400, True, ["X"]), _art("a.example", 10, False, [])]
    rejects = [{"url": "https://www.a.example/y", "stage": "extract"},
               {"url": "https://b.example/z", "stage": "fetch"}]
    h = compute_health(arts, rejects)
    assert h["a.example"]["articles"] == 2 and h["a.example"]["rejects"] == 1
    assert abs(h["a.example"]["empty_text_share"] - 2 / 3) < 1e-9
    assert h["a.example"]["missing_date_share"] == 0.5
    assert "b.example" not in h  # fetch failures say nothing about extraction


def test_degradation_needs_history_and_a_jump():
    today = {"articles": 10, "rejects": 0, "empty_text_share": 0.6,
             "missing_date_share": 0.0, "missing_author_share": 0.0}
    calm = {"empty_text_share": 0.05, "missing_date_share": 0.0, "missing_author_share": 0.0}
    assert is_degraded(today, [calm, calm])
    assert not is_degraded(today, [])
    assert not is_degraded({**today, "empty_text_share": 0.1}, [calm])
