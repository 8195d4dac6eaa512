"""A bucket's keys listed from its stream (servicekit.kv_keys): a key written a moment before
is always listed, a prefix lists only its own keys, and a large bucket comes page by page."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import nats
import pytest
from nats.js.kv import KeyValue

from servicekit.kv_keys import keys_under


@pytest.fixture
async def kv(nats_url: str) -> AsyncIterator[KeyValue]:
    client = await nats.connect(nats_url)
    js = client.jetstream()
    name = f"keys-{uuid.uuid4().hex[:8]}"
    try:
        yield await js.create_key_value(bucket=name)
    finally:
        await js.delete_key_value(name)
        await client.close()


async def test_a_key_written_just_before_is_listed_every_time(kv: KeyValue):
    # nats-py's keys() ended its watch before a delivered entry now and then: a staff member
    # listing applicants right after registering one saw none (the flaky intake CLI test).
    for n in range(150):
        await kv.put(f"applicant.a{n}", b"{}")
        assert f"applicant.a{n}" in await keys_under(kv, "applicant"), f"missed after {n}"


async def test_a_prefix_lists_its_own_keys_sorted_and_an_empty_bucket_none(kv: KeyValue):
    assert await keys_under(kv) == []
    for name in ("key.k2", "applicant.b", "applicant.a", "key.k1"):
        await kv.put(name, b"{}")
    assert await keys_under(kv, "applicant") == ["applicant.a", "applicant.b"]
    assert await keys_under(kv) == ["applicant.a", "applicant.b", "key.k1", "key.k2"]


async def test_every_key_of_a_bucket_larger_than_a_page_is_listed(kv: KeyValue):
    # Large enough that the server answers in more than one page if its page is small;
    # what matters to a caller is that none is missing and none doubled.
    names = [f"judge.j{n:05d}" for n in range(2500)]
    for name in names:
        await kv.put(name, b"1")
    assert await keys_under(kv, "judge") == names
