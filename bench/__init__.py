"""Benchmarks: ``make bench`` (full scale) or ``make bench SCALE=small`` (about a minute).

Each ``bench/bench_*.py`` module has ``run(scale: str) -> list[Figure]``. Figures are printed as
absolute numbers *and* as a ratio to a baseline measured in the same run, so they can be compared
across machines; they are never asserted in tests.
"""
