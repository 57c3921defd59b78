"""Concurrent first loads (backfill days) end with exactly one index behind the alias."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

pytestmark = pytest.mark.integration


def test_concurrent_ensure_index_creates_one_index(index_env):
    from etl.config import Settings
    from etl.index import ensure_index, make_client
    from etl.index.manage import alias_indices

    options = Settings.from_env().index
    clients = [make_client(options) for _ in range(6)]
    with ThreadPoolExecutor(max_workers=6) as pool:
        names = list(pool.map(lambda c: ensure_index(c, options), clients))
    assert len(set(names)) == 1, names
    assert alias_indices(clients[0], options.alias) == names[:1]


def test_concurrent_first_loads_can_all_query_the_index_they_get(index_env):
    # The loser of the creation race gets the index name before its primary shard has
    # started; write_target must wait for it, or the load's first request answers 503.
    from etl.config import Settings
    from etl.index import make_client, write_target

    options = Settings.from_env().index
    clients = [make_client(options) for _ in range(6)]

    def first_load(client):
        name = write_target(client, options)
        return name, client.count(index=name)["count"]

    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(first_load, clients))
    assert {name for name, _ in results} == {results[0][0]}
    assert [count for _, count in results] == [0] * 6
