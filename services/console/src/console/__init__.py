"""The secretariat's staff console: server-rendered pages (under `/console/`) that run a
contest over the same NATS request-reply commands as the `cityprize` CLI and read archive's
staff query API. It owns no domain state; only its staff accounts and sessions are its own.
See docs/console.md."""
