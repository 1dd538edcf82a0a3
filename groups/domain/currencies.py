"""Currency codes as the project stores them."""


def currency_code(text: str) -> str:
    """An ISO 4217 code as typed (any case, surrounding spaces) in its stored form: "EUR"."""
    return text.strip().upper()
