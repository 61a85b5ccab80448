"""Benchmarks (not tests): ``python -m benchmarks CASE``; each case prints its figures and, last, one JSON line."""
