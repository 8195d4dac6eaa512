"""Intake's rules, apart from I/O: no framework, no driver is imported here."""
