"""robots.txt as RFC 9309 reads it: the group for our product token, longest match wins.

Python's ``urllib.robotparser`` applies the *first* matching rule of a group and ignores
``*`` and ``$`` in paths, so ``Allow: /`` before ``Disallow: /private`` lets everything
through. This module follows RFC 9309 instead:

* the group(s) whose ``user-agent`` equals our product token (case-insensitive) apply;
  otherwise the ``*`` group(s); several groups for the same agent are merged;
* among the rules of that group the one with the longest path pattern matching the URL
  wins, and ``allow`` wins a tie; no matching rule means allowed;
* ``*`` matches any run of characters and a trailing ``$`` anchors the end;
* ``/robots.txt`` itself is always allowed.

``Crawl-delay`` is not in the RFC; it is read from the same group because many sites set it.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import quote, unquote, urlsplit

__all__ = ["RobotsRules"]


@dataclass(frozen=True, slots=True)
class _Rule:
    allow: bool
    pattern: str  # normalised path pattern


@dataclass(slots=True)
class _Group:
    agents: list[str] = field(default_factory=list)
    rules: list[_Rule] = field(default_factory=list)
    crawl_delay: float | None = None


def _normalise(path: str) -> str:
    # Compare in one form: decode what was escaped, re-escape what must be ("%7E" == "~").
    return quote(unquote(path), safe="/?=&;:@!$'()*+,~-._")


@lru_cache(maxsize=1024)
def _compile(pattern: str) -> re.Pattern[str]:
    anchored = pattern.endswith("$")
    body = pattern[:-1] if anchored else pattern
    regex = ".*".join(re.escape(part) for part in body.split("*"))
    return re.compile(regex + ("$" if anchored else ""))


class RobotsRules:
    """Parsed robots.txt.

    Args:
        groups: the groups of the file, in order.
    """

    def __init__(self, groups: list[_Group]) -> None:
        self._groups = groups

    @classmethod
    def parse(cls, text: str) -> RobotsRules:
        """Parse robots.txt content; unknown lines and bad records are skipped.

        Args:
            text: the file's text (an empty string allows everything).

        Returns:
            The rules.
        """
        groups: list[_Group] = []
        current: _Group | None = None
        in_agents = False
        for raw in text.lstrip("\ufeff").splitlines():
            line = raw.split("#", 1)[0].strip()
            if ":" not in line:
                continue
            key, value = (x.strip() for x in line.split(":", 1))
            key = key.lower()
            if key == "user-agent":
                if current is None or not in_agents:
                    current = _Group()
                    groups.append(current)
                current.agents.append(value.lower())
                in_agents = True
                continue
            in_agents = False
            if current is None:
                continue  # rules before any user-agent line belong to no group
            if key in ("allow", "disallow"):
                if value:  # "Disallow:" with no path allows everything: no rule
                    current.rules.append(_Rule(key == "allow", _normalise(value)))
            elif key == "crawl-delay":
                with contextlib.suppress(ValueError):
                    current.crawl_delay = float(value)
        return cls(groups)

    def _group_for(self, agent: str) -> _Group:
        token = agent.lower()
        mine = [g for g in self._groups if token in g.agents]
        chosen = mine or [g for g in self._groups if "*" in g.agents]
        merged = _Group()
        for g in chosen:
            merged.rules.extend(g.rules)
            if g.crawl_delay is not None and merged.crawl_delay is None:
                merged.crawl_delay = g.crawl_delay
        return merged

    def allowed(self, agent: str, url: str) -> bool:
        """Tell whether ``agent`` may fetch ``url``.

        Args:
            agent: our product token (``newsetl``).
            url: an absolute URL or a path.

        Returns:
            True when no rule forbids it.
        """
        parts = urlsplit(url)
        path = parts.path or "/"
        if path == "/robots.txt":
            return True
        target = _normalise(path + (f"?{parts.query}" if parts.query else ""))
        best: _Rule | None = None
        for rule in self._group_for(agent).rules:
            if not _compile(rule.pattern).match(target):
                continue
            length = len(rule.pattern)
            if (
                best is None
                or length > len(best.pattern)
                or (length == len(best.pattern) and rule.allow and not best.allow)
            ):
                best = rule
        return best is None or best.allow

    def crawl_delay(self, agent: str) -> float | None:
        """The ``Crawl-delay`` of the group that applies to ``agent``, if any."""
        return self._group_for(agent).crawl_delay
