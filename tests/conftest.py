"""Session-wide test setup: real servers on loopback come from tests/support/servers.py."""

pytest_plugins = ["tests.support.servers"]
