"""A bucket is usable once it is open; using it before is a wiring error, said plainly."""

from __future__ import annotations

import pytest
from faststream.nats import NatsBroker

from contracts.envelope import Contact
from servicekit.kv import Documents, LazyBucket, opened


def test_an_open_bucket_is_handed_back_as_is():
    handle = object()

    assert opened(handle, "intake-submissions") is handle


def test_a_bucket_used_before_it_opens_names_the_bucket():
    with pytest.raises(RuntimeError, match="bucket intake-submissions is not open yet"):
        opened(None, "intake-submissions")


def test_a_lazy_bucket_read_before_the_broker_connects_names_the_bucket():
    bucket = LazyBucket(NatsBroker(), "intake-sessions", replicas=1)

    with pytest.raises(RuntimeError, match="bucket intake-sessions is not open yet"):
        bucket.documents(Contact)


def test_documents_declared_on_a_repository_read_its_bucket_and_name_it_before_it_opens():
    class Contacts(LazyBucket):
        contacts = Documents(Contact)

    bucket = Contacts(NatsBroker(), "intake-contacts", replicas=1)

    with pytest.raises(RuntimeError, match="bucket intake-contacts is not open yet"):
        bucket.contacts  # noqa: B018  (reading it is what is tested)


def test_documents_read_on_the_repository_class_are_the_declaration():
    class Contacts(LazyBucket):
        contacts = Documents(Contact)

    assert Contacts.contacts.model is Contact
