"""Notify's rules, apart from I/O: who is told what, when, and under which identity."""
