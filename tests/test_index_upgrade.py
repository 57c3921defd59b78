"""An index made by an older mapping accepts documents with the columns added since."""

from __future__ import annotations

import copy

import pytest

pytestmark = pytest.mark.integration


def test_older_index_gets_new_fields_in_place(index_env, caplog):
    from etl.config import Settings
    from etl.index import ensure_index, make_client
    from schemas.opensearch import MAPPING_VERSION, mappings, settings

    options = Settings.from_env().index
    client = make_client(options)
    # An index as an older release made it: no `places.geo_name`, an older version.
    old = copy.deepcopy(mappings())
    del old["properties"]["places"]["properties"]["geo_name"]
    old["_meta"]["mapping_version"] = MAPPING_VERSION - 1
    name = f"{options.index_prefix}-v{MAPPING_VERSION - 1}-000000"
    client.indices.create(
        index=name,
        body={"settings": settings(), "mappings": old, "aliases": {options.alias: {}}},
    )
    doc = {"id": "a", "url": "https://example.org/a",
           "places": [{"name": "U.S.", "geo_name": "United States"}]}
    with pytest.raises(Exception, match="strict_dynamic_mapping_exception"):
        client.index(index=name, id="a", body=doc)

    assert ensure_index(client, options) == name
    assert "new fields were added in place" in caplog.text
    client.index(index=name, id="a", body=doc, refresh=True)
    hits = client.search(index=options.alias, body={"query": {"term": {
        "places.geo_name": "united states"}}})["hits"]["hits"]
    assert [h["_id"] for h in hits] == ["a"]
    meta = client.indices.get_mapping(index=name)[name]["mappings"]["_meta"]
    assert meta["mapping_version"] == MAPPING_VERSION - 1  # still due for a reindex


def test_merge_pass_after_a_load_leaves_fewer_segments_and_the_loading_policy(index_env):
    from etl.config import Settings
    from etl.index import make_client
    from etl.index.manage import create_index, merge_after_load
    from schemas.opensearch import MERGE_DURING_LOAD

    options = Settings.from_env().index
    client = make_client(options)
    index = create_index(client, options)
    # One segment per refreshed batch, fewer than the loading policy's tier of 10 (and
    # OpenSearch's own merging of small segments at refresh off, so that they stay).
    client.indices.put_settings(index=index, body={"index.merge_on_flush.enabled": False})
    for batch in range(8):
        body = []
        for i in range(20):
            body += [{"index": {"_index": index, "_id": f"{batch}-{i}"}},
                     {"id": f"{batch}-{i}", "url": f"https://example.org/{batch}/{i}",
                      "title": f"story {batch} {i}"}]
        client.bulk(body=body, refresh=True)

    def searchable() -> int:
        return sum(s.get("searchable") == "true"
                   for s in client.cat.segments(index=index, format="json"))

    before = searchable()
    assert before > 4
    merge_after_load(client, index)
    assert searchable() < before
    got = client.indices.get_settings(index=index, flat_settings=True)[index]["settings"]
    assert {k: got.get(k) for k in MERGE_DURING_LOAD} == {
        k: str(v) for k, v in MERGE_DURING_LOAD.items()}
    assert client.count(index=index)["count"] == 160
