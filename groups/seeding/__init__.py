"""Demo and benchmark data, and the seed_demo and seed_bench commands that write it."""
