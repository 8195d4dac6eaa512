"""Session-wide test setup: real servers on loopback come from servicekit's fixtures."""

pytest_plugins = ["servicekit.testing.fixtures"]
