"""The pure core: splitting money, folding households, settling debts.

Plain Python on plain values (Decimal, ints, dataclasses): nothing here imports Django or any
other part of the project, so every rule can be tested by table and by property without a
database. The import-linter contracts in pyproject.toml keep it that way.
"""
