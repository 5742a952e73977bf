"""Use cases: each takes plain values and returns neutral messages."""
