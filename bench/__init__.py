"""The benchmark suite: `bench/run` (or `.venv/bin/python -m bench`) prints one table of ratios."""
