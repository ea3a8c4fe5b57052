"""Checks beyond the types: each a small pure function that returns problems, never raises."""
