"""Test support for Cityprize: pytest fixtures that start real servers on loopback.

Enable with `pytest_plugins = ["servicekit.testing.fixtures"]` in the top-level conftest.
"""
