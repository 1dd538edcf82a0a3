"""A test-only app whose second migration fails after changing the schema.

Installed only by tests/ops/settings_failing_app.py, in the subprocesses of the safe_migrate
tests, so no normal run (nor `makemigrations --check`) ever sees it.
"""
