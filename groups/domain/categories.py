"""Expense categories: the default set, slugs for a group's own, and reading old free text."""

import re
import unicodedata

MAX_SLUG = 50
MAX_NAME = 50

# Every group has these; a group adds its own beside them.
DEFAULT_CATEGORIES = {
    "general": "General",
    "food": "Food",
    "groceries": "Groceries",
    "restaurants": "Restaurants",
    "transport": "Transport",
    "lodging": "Lodging",
    "rent": "Rent",
    "utilities": "Utilities",
    "entertainment": "Entertainment",
    "shopping": "Shopping",
    "health": "Health",
    "gifts": "Gifts",
    "other": "Other",
}

# Words people typed as a category before categories were a fixed list, read case-insensitively
# and with spaces collapsed, and the default category each one means. Anything else is not
# guessed at: it is kept word for word in the expense's notes.
SYNONYMS = {
    **{slug: slug for slug in DEFAULT_CATEGORIES},
    "misc": "other",
    "miscellaneous": "other",
    "food & drink": "food",
    "food and drink": "food",
    "food & drinks": "food",
    "meal": "food",
    "meals": "food",
    "snacks": "food",
    "grocery": "groceries",
    "supermarket": "groceries",
    "restaurant": "restaurants",
    "dining": "restaurants",
    "dining out": "restaurants",
    "eating out": "restaurants",
    "cafe": "restaurants",
    "café": "restaurants",
    "transportation": "transport",
    "taxi": "transport",
    "fuel": "transport",
    "petrol": "transport",
    "parking": "transport",
    "car": "transport",
    "flight": "transport",
    "flights": "transport",
    "train": "transport",
    "accommodation": "lodging",
    "hotel": "lodging",
    "hotels": "lodging",
    "hostel": "lodging",
    "mortgage": "rent",
    "utility": "utilities",
    "bills": "utilities",
    "electricity": "utilities",
    "internet": "utilities",
    "fun": "entertainment",
    "movies": "entertainment",
    "cinema": "entertainment",
    "tickets": "entertainment",
    "clothes": "shopping",
    "clothing": "shopping",
    "medical": "health",
    "pharmacy": "health",
    "doctor": "health",
    "gift": "gifts",
    "present": "gifts",
    "presents": "gifts",
}

_NOT_SLUG = re.compile(r"[^\w\s-]")
_DASHES = re.compile(r"[-\s_]+")


def slugify_name(name: str) -> str:
    """The slug of a category's name: "Boat trips" -> "boat-trips", "Café" -> "café".

    Letters of any script are kept (lower-cased); punctuation goes; spaces become dashes.
    The empty string when nothing is left.
    """
    text = unicodedata.normalize("NFKC", name).lower()
    text = _NOT_SLUG.sub("", text)
    return _DASHES.sub("-", text).strip("-")[:MAX_SLUG].strip("-")


def category_for_text(text: str) -> str | None:
    """The default category that old free text means ("Dining out" -> "restaurants"), or None."""
    key = " ".join(unicodedata.normalize("NFKC", text).lower().split())
    return SYNONYMS.get(key)
