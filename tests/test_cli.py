"""The command line: help everywhere, clear errors, non-zero exits, extract and annotate."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from etl.cli import build_parser, main

NEWSETL = str(Path(sys.executable).with_name("newsetl"))
COMMANDS = ["extract", "annotate", "load", "reindex", "search", "opensearch", "dashboards"]


def test_console_script_help():
    out = subprocess.run([NEWSETL, "--help"], capture_output=True, text=True, check=True).stdout
    for cmd in COMMANDS:
        assert cmd in out


@pytest.mark.parametrize("cmd", COMMANDS)
def test_every_command_has_help(cmd, capsys):
    with pytest.raises(SystemExit) as exc:
        build_parser().parse_args([cmd, "--help"])
    assert exc.value.code == 0
    assert "usage: newsetl " + cmd in capsys.readouterr().out


def test_bad_usage_exits_non_zero(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["extract"])  # --out is required
    assert exc.value.code == 2
    assert "--out" in capsys.readouterr().err


@pytest.mark.parametrize("cmd", COMMANDS)
def test_every_argument_is_explained(cmd):
    sub = build_parser()._subparsers._group_actions[0].choices[cmd]  # type: ignore[union-attr]
    for action in sub._actions:
        if action.dest != "help":
            assert action.help, f"newsetl {cmd}: {action.option_strings or action.dest} " \
                "has no help text"


@pytest.mark.parametrize("argv, message", [
    (["--facets", "0"], "expected an integer >= 1, got '0'"),
    (["--size", "-1"], "expected an integer >= 0, got '-1'"),
    (["--size", "ten"], "expected an integer >= 0, got 'ten'"),
    (["--by", "fortnight"], "invalid choice: 'fortnight'"),
    (["--page", "0"], "expected an integer >= 1, got '0'"),
    (["--sort", "random"], "invalid choice: 'random'"),
])
def test_bad_search_sizes_are_clear_errors(argv, message, capsys):
    with pytest.raises(SystemExit) as exc:
        build_parser().parse_args(["search", "x", *argv])
    assert exc.value.code == 2
    assert message in capsys.readouterr().err


def test_search_passes_facet_size_and_interval(monkeypatch, capsys):
    """--facets and --by reach the request; the histogram line names the interval."""
    import etl.index
    from etl.index import SearchResult

    seen = []

    def fake_search(client, alias, req):
        seen.append(req)
        return SearchResult(total=0, hits=[], facets={}, histogram=[("2026-11-01", 3)],
                            took_ms=7)

    monkeypatch.setattr(etl.index, "make_client", lambda settings: None)
    monkeypatch.setattr(etl.index, "search", fake_search)
    assert main(["search", "x", "--facets", "3", "--by", "month",
                 "--opensearch-url", "http://127.0.0.1:9"]) == 0
    assert (seen[0].facet_size, seen[0].histogram) == (3, "month")
    out = capsys.readouterr().out
    assert "by month: 2026-11-01 (3)" in out
    assert out.startswith("0 articles (7 ms)\n")
    assert main(["search", "x", "--by", "none", "--opensearch-url", "http://127.0.0.1:9"]) == 0
    assert seen[1].histogram is None
    assert seen[1].highlight
    assert main(["search", "x", "--no-highlight", "--opensearch-url", "http://127.0.0.1:9"]) == 0
    assert not seen[2].highlight


def test_search_pages_and_orders(monkeypatch, capsys):
    """--page and --sort reach the request; hits are numbered from the page's first."""
    import etl.index
    from etl.index import Hit, SearchResult

    seen = []

    def fake_search(client, alias, req):
        seen.append(req)
        hit = Hit(id="a", score=1.0, title="Harbour", url="https://h.example/a",
                  published_at=None, source_domain="h.example", highlights=[], quotes=[])
        return SearchResult(total=40, hits=[hit], facets={}, histogram=[], took_ms=1)

    monkeypatch.setattr(etl.index, "make_client", lambda settings: None)
    monkeypatch.setattr(etl.index, "search", fake_search)
    url = ["--opensearch-url", "http://127.0.0.1:9"]
    assert main(["search", "x", "--page", "3", "--size", "5", "--sort", "newest", *url]) == 0
    assert (seen[0].offset, seen[0].size, seen[0].sort) == (10, 5, "newest")
    out = capsys.readouterr().out
    assert "page 3: hits 11-11" in out and " 11. Harbour" in out
    monkeypatch.setattr(etl.index, "search", lambda client, alias, req: SearchResult(
        total=4, hits=[], facets={}, histogram=[], took_ms=1))
    assert main(["search", "x", "--page", "2", *url]) == 0
    assert "page 2: no hits: past the last page" in capsys.readouterr().out


def test_paging_past_the_result_window_is_a_clear_error(monkeypatch, capsys):
    import etl.index

    monkeypatch.setattr(etl.index, "make_client", lambda settings: None)
    rc = main(["search", "x", "--page", "1001", "--opensearch-url", "http://127.0.0.1:9"])
    assert rc != 0
    assert "first 10,000 hits" in capsys.readouterr().err


def test_bad_near_argument_is_a_clear_error(capsys):
    rc = main(["search", "x", "--near", "fifty,30", "--opensearch-url", "http://127.0.0.1:9"])
    assert rc == 2
    assert "LAT,LON,KM" in capsys.readouterr().err


def test_near_place_takes_a_city_or_a_province_and_refuses_an_unknown_name(
    monkeypatch, capsys
):
    import etl.index
    from etl.index import SearchResult

    seen = []

    def fake_search(client, alias, req):
        seen.append(req)
        return SearchResult(total=0, hits=[], facets={}, histogram=[], took_ms=1)

    monkeypatch.setattr(etl.index, "make_client", lambda settings: None)
    monkeypatch.setattr(etl.index, "search", fake_search)
    url = ["--opensearch-url", "http://127.0.0.1:9"]
    assert main(["search", "x", "--near-place", "Kyiv", "--km", "30", *url]) == 0
    lat, lon, km = seen[-1].near
    assert (round(lat), round(lon), km) == (50, 31, 30.0)
    assert main(["search", "x", "--near-place", "Bavaria", *url]) == 0  # a German state
    lat, lon, km = seen[-1].near
    assert 47 < lat < 51 and 9 < lon < 14 and km == 100.0
    assert main(["search", "x", "--near-place", "Nowhereville Upon Nothing", *url]) == 2
    assert "not in the gazetteer" in capsys.readouterr().err


def test_unreachable_opensearch_is_one_clear_line(capsys):
    import socket

    with socket.socket() as sock:  # a loopback port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    rc = main(["search", "x", "--opensearch-url", f"http://127.0.0.1:{port}"])
    err = capsys.readouterr().err
    assert rc == 3  # transient: worth retrying later
    assert "cannot reach OpenSearch" in err and "OPENSEARCH_URL" in err
    assert "Traceback" not in err


@pytest.mark.integration
def test_search_before_any_load_says_so(index_env, capsys):
    rc = main(["search", "x"])  # the alias of index_env holds nothing yet
    err = capsys.readouterr().err
    assert rc == 3
    assert "index_not_found" in err and "newsetl load" in err and "Traceback" not in err


def test_extract_that_keeps_nothing_exits_non_zero_but_records_the_rejects(tmp_path, capsys):
    from etl.parquet_io import read_partition

    out = tmp_path / "out"
    rc = main(["extract", str(tmp_path / "no-such-folder"), "--out", str(out),
               "--date", "2026-11-20", "--workers", "1"])
    assert rc == 1
    assert "no article kept" in capsys.readouterr().err
    rejects = read_partition(out, "rejects", date(2026, 11, 20))
    assert rejects.num_rows == 1
    assert rejects.column("stage").to_pylist() == ["discover"]


def test_missing_input_file_is_a_clear_error(tmp_path, capsys):
    rc = main(["annotate", "--input", str(tmp_path / "nope.jsonl"),
               "--output", str(tmp_path / "o.jsonl")])
    err = capsys.readouterr().err
    assert rc == 2
    assert "nope.jsonl" in err and "Traceback" not in err


def test_extract_sample_pages_from_files(tmp_path, capsys):
    from etl.parquet_io import read_partition
    from etl.sample_site import SAMPLE_DAY, manifest, render

    site = tmp_path / "site"
    pages = manifest()[:3]
    for p in pages:
        f = site / p.path.lstrip("/")
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_bytes(render(p.path, "https://sample.example"))
    (site / "notes.txt").write_text("not an input kind: ignored by folder discovery")
    out = tmp_path / "out"
    rc = main(["extract", str(site), "--out", str(out), "--date", SAMPLE_DAY.isoformat(),
               "--workers", "1", "--json"])
    assert rc == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["articles"] == 3 and summary["rejects"] == 0
    rows = read_partition(out, "articles", SAMPLE_DAY).to_pylist()
    assert sorted(r["title"] for r in rows) == sorted(p.title for p in pages)
    assert all(r["canonical_url"].startswith("https://sample.example/") for r in rows)
    # raw pages kept for re-extraction
    assert list((out / "raw" / f"dt={SAMPLE_DAY}").glob("*.warc.gz"))


def test_extract_from_raw_reproduces_articles(tmp_path, capsys):
    from etl.parquet_io import read_partition
    from etl.sample_site import SAMPLE_DAY, manifest, render

    site = tmp_path / "site"
    for p in manifest()[:2]:
        f = site / p.path.lstrip("/")
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_bytes(render(p.path, "https://sample.example"))
    out = tmp_path / "out"
    day = SAMPLE_DAY.isoformat()
    assert main(["extract", str(site), "--out", str(out), "--date", day, "--workers", "1"]) == 0
    before = read_partition(out, "articles", SAMPLE_DAY).select(["id", "title", "text"])
    for f in site.rglob("*.html"):
        f.unlink()  # the raw pages are all that is left
    assert main(["extract", "--from-raw", "--out", str(out), "--date", day, "--workers", "1"]) == 0
    after = read_partition(out, "articles", SAMPLE_DAY).select(["id", "title", "text"])
    assert after.sort_by("id").equals(before.sort_by("id"))
    capsys.readouterr()


def test_annotate_jsonl(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(
        json.dumps({"id": "a1", "text": 'Mayor Ilse Brandt said on Monday that Rotterdam would '
                    'open the new bridge in June. "We built it for the next century," Brandt '
                    "told reporters."}) + "\n",
        encoding="utf-8",
    )
    dst = tmp_path / "out.jsonl"
    assert main(["annotate", "--input", str(src), "--output", str(dst)]) == 0
    (rec,) = [json.loads(line) for line in dst.read_text().splitlines()]
    assert rec["id"] == "a1"
    assert set(rec) == {"id", "people", "places", "organizations", "quotes"}
    assert "Ilse Brandt" in [p["name"] for p in rec["people"]]
    text = json.loads(src.read_text())["text"]
    for q in rec["quotes"]:
        assert text[q["start"] : q["end"]] == q["text"]
    assert any(q["speaker"] == "Ilse Brandt" for q in rec["quotes"])


def test_annotate_leaves_other_languages_empty(tmp_path):
    src = tmp_path / "in.jsonl"
    short = "Mayor Ilse Brandt opened the bridge in Rotterdam on Monday."  # words too few to tell
    lines = [
        {"id": "de", "text": "Die Bürgermeisterin Ilse Brandt sagte am Montag, dass die neue "
                             "Brücke im Juni für den Verkehr und die Fußgänger geöffnet wird."},
        {"id": "declared", "text": short, "language": "nl"},
        {"id": "plain", "text": short},
    ]
    src.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    dst = tmp_path / "out.jsonl"
    assert main(["annotate", "--input", str(src), "--output", str(dst)]) == 0
    recs = {r["id"]: r for r in map(json.loads, dst.read_text().splitlines())}
    assert recs["de"]["people"] == [] and recs["declared"]["people"] == []
    assert [p["name"] for p in recs["plain"]["people"]] == ["Ilse Brandt"]


def test_annotate_rejects_malformed_lines(tmp_path, capsys):
    src = tmp_path / "in.jsonl"
    src.write_text('{"text": "no id"}\n', encoding="utf-8")
    rc = main(["annotate", "--input", str(src), "--output", str(tmp_path / "o.jsonl")])
    assert rc == 2
    assert "in.jsonl:1" in capsys.readouterr().err
