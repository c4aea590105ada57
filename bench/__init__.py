"""Plaza at scale: a synthetic network generator and the benchmarks that read it.

`python -m bench.generate` writes the network (and copies it into PostgreSQL);
`python -m bench.feed`, `bench.search` and `bench.digest` time Plaza's reads on it,
on either engine, beside the raw-SQL baseline (bench.replay). None of it is part of
the application.
"""
