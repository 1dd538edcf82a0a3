"""A group's own expense categories, beside the default set every group has."""

from django.db import models
from django.utils import timezone

from groups.models.groups import Group


class Category(models.Model):
    """A category a group added for its expenses ("Boat"), found by its slug ("boat").

    The default categories (``groups.domain.categories.DEFAULT_CATEGORIES``) are not stored:
    every group has them. A group's own slug never repeats a default one.
    """

    # No index of its own: the unique (group, slug) index serves lookups by group.
    group = models.ForeignKey(
        Group, on_delete=models.CASCADE, related_name="categories", db_index=False
    )
    slug = models.SlugField(max_length=50, allow_unicode=True, db_index=False)
    name = models.CharField(max_length=50)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "expense_categories"
        ordering = ["name", "id"]
        verbose_name_plural = "categories"
        constraints = [
            models.UniqueConstraint(fields=["group", "slug"], name="category_slug_unique_in_group"),
        ]

    def __str__(self):
        return self.name
