"""The hash chain: canonical JSON, and verification naming the first record that is off."""

from __future__ import annotations

from typing import Any

from archive.domain.chain import GENESIS, ChainChecker, body_hash, canonical_json, link


def chain_of(count: int) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = []
    prev = GENESIS
    for n in range(1, count + 1):
        body = {"event_id": f"e-{n}", "title": f"Café {n}", "score": n / 3}
        record: dict[str, Any] = {
            "contest_id": "c",
            "event_id": f"e-{n}",
            "stream_seq": n * 2,
            "body": body,
            "body_hash": body_hash(body),
        }
        record.update(link(record, n, prev))
        prev = record["record_hash"]
        records.append(record)
    return records


def first_mismatch(records: list[dict[str, Any]]) -> Any:
    checker = ChainChecker()
    for record in records:
        if checker.feed(record):
            break
    return checker.first_mismatch


def test_canonical_json_sorts_keys_drops_whitespace_and_keeps_unicode():
    assert canonical_json({"b": 1, "a": [1, "서울"]}) == '{"a":[1,"서울"],"b":1}'.encode()


def test_an_untouched_chain_verifies():
    assert first_mismatch(chain_of(5)) is None


def test_an_altered_event_is_named_even_when_later_records_are_intact():
    records = chain_of(5)
    records[2]["body"]["title"] = "Something else"
    mismatch = first_mismatch(records)
    assert (mismatch.event_id, mismatch.position) == ("e-3", 3)
    assert "own hash" in mismatch.reason


def test_an_event_rewritten_with_a_fresh_hash_is_still_named():
    records = chain_of(5)
    records[1]["body"]["title"] = "Forged"
    records[1]["body_hash"] = body_hash(records[1]["body"])
    mismatch = first_mismatch(records)
    assert mismatch.event_id == "e-2"
    assert "record hash" in mismatch.reason


def test_a_removed_record_breaks_the_chain_where_it_was():
    records = chain_of(5)
    del records[3]
    assert first_mismatch(records).event_id == "e-5"
