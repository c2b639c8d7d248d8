"""Benchmarks for newsevents: throughput, memory and extraction quality.

- ``python -m bench.run``: the throughput and memory harness (``make bench``), results in docs/BENCHMARKS.md;
- ``python -m bench.extraction_f1``: cleaning quality on the ScrapingHub article-extraction benchmark.
"""
