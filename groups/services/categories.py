"""A group's own categories, and checking an expense's category."""

from django.core.exceptions import ValidationError
from django.db import transaction

from groups.domain.categories import DEFAULT_CATEGORIES, MAX_NAME, slugify_name
from groups.models import Category, Group
from groups.selectors.categories import category_exists
from groups.services.activity import Actor, actor_name, record
from groups.services.common import lock_group


def check_category(group: Group, category: object) -> str:
    """An expense's category: "" or the slug of a default or the group's own category."""
    if not isinstance(category, str):
        raise ValidationError({"category": "A category is given by its slug, e.g. 'food'."})
    if category and not category_exists(group, category):
        shown = category if len(category) <= 50 else category[:50] + "…"
        raise ValidationError(
            {
                "category": f"{shown!r} is not a category of this group: use a slug from "
                "its categories (e.g. 'food'), or add it first."
            }
        )
    return category


@transaction.atomic
def category_create(*, group: Group, name: str, actor: Actor = None) -> Category:
    """Add a category of the group's own; its slug comes from its name ("Boat" -> "boat")."""
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": "A category needs a name."})
    if len(name) > MAX_NAME:
        raise ValidationError({"name": f"A category's name has at most {MAX_NAME} characters."})
    slug = slugify_name(name)
    if not slug:
        raise ValidationError({"name": "A category's name needs a letter or a digit."})
    if slug in DEFAULT_CATEGORIES:
        raise ValidationError(
            {"name": f"Every group already has {DEFAULT_CATEGORIES[slug]!r} ({slug})."}
        )
    lock_group(group.pk)
    if Category.objects.filter(group=group, slug=slug).exists():
        raise ValidationError({"name": f"The group already has a category {slug!r}."})
    category = Category(group=group, slug=slug, name=name)
    category.full_clean(exclude=["group"], validate_constraints=False)
    category.save()
    record(
        actor=actor,
        group=group,
        action="category.created",
        obj=category,
        summary=f"{actor_name(actor)} added the category {name}",
    )
    return category
