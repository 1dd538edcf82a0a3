"""Expense categories of an import: slugs for the entries, and the group's own to create.

Our own export names each entry's category by slug and declares the group's own categories
with their names. A peer's file names a category by its name: a default category's name or
slug ("Food", "food"), or a word that means one ("Dining out" is restaurants), becomes that
default; any other name becomes a category of the new group, created with that name.
"""

from groups.domain.categories import (
    DEFAULT_CATEGORIES,
    MAX_NAME,
    category_for_text,
    slugify_name,
)
from groups.interchange.errors import FileError
from groups.interchange.model import Category
from groups.interchange.warnings import Warnings, place


class Categories:
    """Turns the categories entries name into slugs, collecting those the group must create."""

    def __init__(self, declared: list[Category]) -> None:
        self.created: dict[str, str] = {}  # slug -> name, in the order first used or declared
        self.declared: dict[str, str] = {}
        for position, category in enumerate(declared):
            where = ("categories", position)
            name = " ".join(category.name.split())
            if not name or len(name) > MAX_NAME:
                raise FileError(
                    0, f"a category needs a name of 1 to {MAX_NAME} characters.", where=where
                )
            if category.slug in DEFAULT_CATEGORIES or slugify_name(category.slug) != category.slug:
                raise FileError(
                    0,
                    f"{category.slug!r} is not the slug of a category of the group's own.",
                    where=where,
                )
            if category.slug in self.declared:
                raise FileError(
                    0, f"the category {category.slug!r} is declared twice.", where=where
                )
            self.declared[category.slug] = self.created[category.slug] = name

    def slug(self, text: str, line: int, where: tuple | None, notes: Warnings) -> str:
        """The slug of the category ``text`` names; "" for none."""
        text = " ".join(text.split())
        if not text or text in DEFAULT_CATEGORIES or text in self.declared:
            return text
        default = category_for_text(text) or _default_by_name(text)
        if default is not None:
            return default
        slug = slugify_name(text)
        if not slug:
            notes.at(
                f"Categories without a letter or digit are left out ({text!r})", place(line, where)
            )
            return ""
        if slug in DEFAULT_CATEGORIES:
            return slug
        if len(text) > MAX_NAME:
            notes.at(
                f"Category names longer than {MAX_NAME} characters are cut", place(line, where)
            )
            text = text[:MAX_NAME].strip()
        self.created.setdefault(slug, text)
        return slug

    def to_create(self) -> list[tuple[str, str]]:
        """(slug, name) of every category of the group's own, declared or named."""
        return list(self.created.items())


def _default_by_name(text: str) -> str | None:
    folded = text.casefold()
    return next(
        (slug for slug, name in DEFAULT_CATEGORIES.items() if name.casefold() == folded), None
    )
