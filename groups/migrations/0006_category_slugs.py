"""Free-text categories become slugs of the default set; anything else moves to the notes.

A category whose words mean a default category, read case-insensitively ("Food", "dining
out", "Hotel"), becomes that category's slug. Any other text is kept word for word in the
expense's notes, and its category becomes empty. Either way the original text is kept in
``legacy_category``, so that going back restores every category exactly as it was typed (and
takes the moved text out of the notes again).

The words are written out here rather than imported: a migration must keep doing what it did
when it was written, whatever the application's list of synonyms becomes later.
"""

import unicodedata

from django.db import migrations

DEFAULTS = (
    "general food groceries restaurants transport lodging rent utilities entertainment "
    "shopping health gifts other"
).split()

SYNONYMS = {
    **{slug: slug for slug in DEFAULTS},
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


def slug_for(text):
    """The default category ``text`` means, or None."""
    return SYNONYMS.get(" ".join(unicodedata.normalize("NFKC", text).lower().split()))


def to_slugs(apps, schema_editor):
    Expense = apps.get_model("groups", "Expense")
    texts = (
        Expense.objects.filter(legacy_category="")
        .exclude(category="")
        .values_list("category", flat=True)
        .distinct()
    )
    for text in list(texts):
        # Rows converted by an earlier text (say "Food" before "food") have legacy_category
        # set and are left alone.
        rows = Expense.objects.filter(category=text, legacy_category="")
        slug = slug_for(text)
        if slug is not None:
            rows.update(category=slug, legacy_category=text)
        else:
            rows.update(category="", notes=text, legacy_category=text)


def to_free_text(apps, schema_editor):
    Expense = apps.get_model("groups", "Expense")
    texts = (
        Expense.objects.exclude(legacy_category="")
        .values_list("legacy_category", flat=True)
        .distinct()
    )
    for text in list(texts):
        rows = Expense.objects.filter(legacy_category=text)
        if slug_for(text) is None:
            rows.filter(notes=text).update(notes="")
        rows.update(category=text, legacy_category="")


class Migration(migrations.Migration):

    dependencies = [
        ("groups", "0005_expense_group_amounts"),
    ]

    operations = [
        migrations.RunPython(to_slugs, to_free_text, elidable=False),
    ]
