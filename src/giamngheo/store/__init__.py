"""The workspace on disk: finding it, reading every file, and writing new ones safely."""
