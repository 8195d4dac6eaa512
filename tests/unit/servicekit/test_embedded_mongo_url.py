"""The embedded SecantusDB is addressed without driver-retried writes.

SecantusDB 0.7.0b3 keeps each retryable write's reply and, past 10,000 of them, sorts them all
on every write: its writes went from 0.4 ms to 7-12 ms after ~10,000 (docs/archive.md). The
archive relies on JetStream's redelivery, not on the driver's retry.
"""

from pathlib import Path

from pymongo.uri_parser import parse_uri

from servicekit.embedded import MongoServer


def test_the_embedded_servers_address_turns_off_retryable_writes(tmp_path: Path) -> None:
    url = MongoServer(tmp_path, port=27999).url

    options = parse_uri(url)["options"]

    assert options["retryWrites"] is False
    assert options["directConnection"] is True
    assert parse_uri(url)["nodelist"] == [("127.0.0.1", 27999)]
