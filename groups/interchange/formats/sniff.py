"""Which format a file looks like, to say so when it was named as another."""

MARKERS = (
    ('"format": "splitwise-group"', "splitwise-group"),
    ('"format":"splitwise-group"', "splitwise-group"),
    ('"currencyCode"', "spliit-json"),
    ('"participants"', "spliit-json"),
    ('"payer_weight"', "ihatemoney-json"),
    ("what,bill_type,amount", "ihatemoney-csv"),
    ("name,weight,active,color", "cospend-csv"),
    ("what,amount,date,timestamp", "cospend-csv"),
    ("Date,Description,Category,Cost,Currency", "splitwise-csv"),
    ("date,description,category,kind,amount", "splitwise export as CSV (not importable)"),
)


def looks_like(text: str) -> str | None:
    """The format ``text`` seems to be in, from its first few kilobytes, if any."""
    head = text[:4096]
    for marker, format in MARKERS:
        if marker in head:
            if format == "ihatemoney-json" and not head.lstrip().startswith("["):
                continue
            return format
    return None


def not_this(expected: str, text: str) -> str:
    """The message for a file that is not in ``expected``, naming what it looks like."""
    seems = looks_like(text)
    hint = f"; it looks like {seems}" if seems and seems != expected else ""
    return f"this is not {expected}{hint}."
