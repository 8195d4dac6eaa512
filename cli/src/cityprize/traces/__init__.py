"""`cityprize trace`: one submission's traces, from the JSON-lines files or the trace UI."""
