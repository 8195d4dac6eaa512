"""API keys and the per-key token bucket."""

from __future__ import annotations

from intake.domain import keys
from intake.domain.ratelimit import TokenBuckets


def test_an_issued_key_parses_back_and_only_its_secret_matches_the_hash():
    issued = keys.issue_key()
    parsed = keys.parse_key(issued.token)
    assert parsed == issued
    salt = keys.new_salt()
    stored = keys.hash_secret(issued.secret, salt)
    assert issued.secret not in stored
    assert keys.secret_matches(issued.secret, salt, stored)
    assert not keys.secret_matches(issued.secret + "x", salt, stored)


def test_a_malformed_key_is_not_a_key():
    for token in ["", "cpk_", "cpk_nothex0123456789_x", "abc_0123456789abcdef_x", "cpk_0123_x"]:
        assert keys.parse_key(token) is None


def test_the_bucket_allows_a_burst_then_says_when_to_retry():
    now = [0.0]
    buckets = TokenBuckets(rate=2.0, burst=3, clock=lambda: now[0])
    assert [buckets.take("k") for _ in range(3)] == [0.0, 0.0, 0.0]
    wait = buckets.take("k")
    assert wait == 0.5
    assert TokenBuckets.retry_after(wait) == "1"
    assert buckets.take("other") == 0.0, "buckets are per key"
    now[0] += 0.5
    assert buckets.take("k") == 0.0
