"""Benchmarks: ``python -m timeline bench NAME ...`` runs ``timeline.bench.NAME.main(argv)``.

Each module scores one engine on a gold set and prints the figures (quality and speed).
"""
