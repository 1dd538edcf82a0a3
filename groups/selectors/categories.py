"""The categories a group's expenses may take."""

from dataclasses import dataclass

from groups.domain.categories import DEFAULT_CATEGORIES
from groups.models import Category, Group


@dataclass(frozen=True)
class CategoryChoice:
    """A category as callers see it: its slug and its name."""

    slug: str
    name: str


def categories_of(group: Group) -> list[CategoryChoice]:
    """The default categories, in their fixed order, then the group's own by name."""
    defaults = [CategoryChoice(slug, name) for slug, name in DEFAULT_CATEGORIES.items()]
    own = Category.objects.filter(group=group).order_by("name", "id").values_list("slug", "name")
    return defaults + [CategoryChoice(slug, name) for slug, name in own]


def category_exists(group: Group, slug: str) -> bool:
    """Whether ``slug`` is a default category or one of the group's own."""
    return slug in DEFAULT_CATEGORIES or Category.objects.filter(group=group, slug=slug).exists()
