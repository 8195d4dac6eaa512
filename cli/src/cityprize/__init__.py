"""cityprize."""
