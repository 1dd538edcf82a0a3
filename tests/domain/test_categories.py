"""Categories: the default set, slugs of a group's own, and reading old free text."""

import pytest

from groups.domain.categories import (
    DEFAULT_CATEGORIES,
    MAX_SLUG,
    category_for_text,
    slugify_name,
)


def test_the_default_set():
    assert list(DEFAULT_CATEGORIES) == [
        "general",
        "food",
        "groceries",
        "restaurants",
        "transport",
        "lodging",
        "rent",
        "utilities",
        "entertainment",
        "shopping",
        "health",
        "gifts",
        "other",
    ]


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Boat", "boat"),
        ("Boat trips", "boat-trips"),
        ("  Ski   pass  ", "ski-pass"),
        ("Kids' stuff!", "kids-stuff"),
        ("Café", "café"),
        ("Über_rides", "über-rides"),
        ("日本 旅行", "日本-旅行"),
        ("\uff26\uff35\uff2c\uff2c width", "full-width"),  # full-width letters
        ("--a--b--", "a-b"),
        ("!!!", ""),
        ("x" * 80, "x" * MAX_SLUG),
    ],
)
def test_slugs_of_names(name, slug):
    assert slugify_name(name) == slug


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("food", "food"),
        ("Food", "food"),
        ("  FOOD ", "food"),
        ("Dining  out", "restaurants"),
        ("Hotel", "lodging"),
        ("Taxi", "transport"),
        ("Misc", "other"),
        ("Café", "restaurants"),
        ("gift", "gifts"),
        ("Bowling night", None),
        ("home", None),
        ("", None),
    ],
)
def test_old_free_text_read_as_a_category(text, slug):
    assert category_for_text(text) == slug


def test_every_synonym_means_a_default_category():
    from groups.domain.categories import SYNONYMS

    assert set(SYNONYMS.values()) <= set(DEFAULT_CATEGORIES)
    assert all(key == " ".join(key.lower().split()) for key in SYNONYMS)
