"""Committed test data: run records the output tests read."""
