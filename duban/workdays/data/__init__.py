"""Packaged calendar data: one CSV per layer plus coverage.csv (see docs/workdays.md)."""
