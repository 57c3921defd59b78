"""robots.txt by RFC 9309: the group for our token, longest match, allow on ties."""

from __future__ import annotations

import pytest

from etl.robots import RobotsRules

AGENT = "newsetl"


def allowed(text: str, url: str, agent: str = AGENT) -> bool:
    return RobotsRules.parse(text).allowed(agent, url)


def test_longest_match_wins_whatever_the_order() -> None:
    text = "User-agent: *\nAllow: /\nDisallow: /private\n"
    assert not allowed(text, "https://a.example/private/page.html")  # first-match would allow
    assert allowed(text, "https://a.example/public.html")
    text = "User-agent: *\nDisallow: /news\nAllow: /news/today\n"
    assert allowed(text, "https://a.example/news/today/x.html")
    assert not allowed(text, "https://a.example/news/yesterday.html")


def test_allow_wins_a_tie() -> None:
    text = "User-agent: *\nDisallow: /page\nAllow: /page\n"
    assert allowed(text, "/page.html")


@pytest.mark.parametrize(
    ("rule", "url", "expected"),
    [
        ("/*.pdf$", "/files/report.pdf", False),
        ("/*.pdf$", "/files/report.pdf?x=1", True),
        ("/*.pdf$", "/files/report.pdfx", True),
        ("/search*q=", "/search/?q=harbour", False),
        ("/a/*/edit", "/a/12/edit", False),
        ("/a/*/edit", "/a/edit", True),
        ("/%7Euser/", "/~user/home", False),
        ("/~user/", "/%7euser/home", False),
    ],
)
def test_wildcards_anchors_and_escapes(rule: str, url: str, expected: bool) -> None:
    assert allowed(f"User-agent: *\nDisallow: {rule}\n", url) is expected


def test_our_group_replaces_the_star_group_and_groups_merge() -> None:
    text = (
        "# comment\n"
        "User-agent: *\nDisallow: /\n\n"
        "User-agent: OtherBot\nUser-agent: NewsEtl\nDisallow: /drafts\n\n"
        "User-agent: newsetl\nDisallow: /tmp # trailing comment\nCrawl-delay: 3\n"
    )
    rules = RobotsRules.parse(text)
    assert rules.allowed(AGENT, "/world/story.html")  # "*" no longer applies to us
    assert not rules.allowed(AGENT, "/drafts/a.html") and not rules.allowed(AGENT, "/tmp/x")
    assert not rules.allowed("somebot", "/world/story.html")
    assert rules.crawl_delay(AGENT) == 3.0


def test_empty_disallow_robots_itself_and_junk() -> None:
    assert allowed("User-agent: *\nDisallow:\n", "/anything")
    assert allowed("User-agent: *\nDisallow: /\n", "/robots.txt")
    assert not allowed("User-agent: *\nDisallow: /\n", "/")
    assert allowed("\ufeffDisallow: /\nnonsense line\n", "/x")  # rule outside any group
    assert allowed("", "/x")
