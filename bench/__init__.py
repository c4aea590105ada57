"""Plaza at scale: a synthetic network generator and the benchmarks that read it.

`python -m bench.generate` writes the network; `python -m bench.feed` times the
feed, people search and suggestions on it. Neither is part of the application.
"""
