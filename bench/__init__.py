"""Benchmarks for newsevents: throughput, memory and extraction quality.

- ``python -m bench.run``: the throughput and memory harness (``make bench``), results in docs/BENCHMARKS.md;
- ``python -m bench.memory``: peak memory of ``newsevents ingest`` fed by a loopback RSS feed, at two corpus
  sizes and several worker counts side by side (docs/BENCHMARKS.md, Memory);
- ``python -m bench.extraction_f1``: cleaning quality on the ScrapingHub article-extraction benchmark.
"""
