"""The load generator's pieces: an HTTP client, the workload, the audit and the report.

``bench/load.py`` is the command that puts them together; the concurrency tests
(tests/api/test_concurrency.py) and the operations-under-load test
(tests/ops/test_operations_under_load.py) drive their servers with the same pieces, imported
as ``bench.loadgen`` (the project root is on ``sys.path`` under pytest and in bench/ scripts).
"""
