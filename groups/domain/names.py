"""Names people are known by: normalized, compared without case, free of hidden characters.

A name is normalized to Unicode NFKC (full-width letters or a ligature such as U+FB01 "fi"
become plain letters) and trimmed. Characters that show nothing, or reorder or disguise what is
shown, are refused: controls (Cc), format characters such as zero-width spaces and
right-to-left overrides (Cf), private-use and surrogate code points (Co, Cs), and line and
paragraph separators (Zl, Zp). Two names are the same name when their case folds agree
("ALICE" is "alice").

Look-alike letters from another script are refused in names that identify a person: a name
that mixes scripts and holds a letter that looks like a letter of another script it uses
("alice" with a Cyrillic a, U+0430) cannot be told apart from the real one on screen. Unicode's
confusables data (UTS #39) comes from the confusable-homoglyphs package. A name wholly in
one script (all Cyrillic, say) is allowed: it is how people write in that script.
"""

import unicodedata
from collections import Counter

from confusable_homoglyphs import categories, confusables

HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Co", "Cs", "Zl", "Zp"})


class NameRefused(ValueError):
    """A name that cannot be used, with the reason a person can act on."""


def normalize(text: str) -> str:
    """``text`` in NFKC, without surrounding whitespace."""
    return unicodedata.normalize("NFKC", text).strip()


def fold(text: str) -> str:
    """The form two names are compared in: normalized, case folded."""
    return normalize(text).casefold()


def checked(text: str, *, person: bool = True) -> str:
    """``text`` normalized, or NameRefused saying which character is at fault.

    ``person``: the name identifies someone, so look-alike letters are refused too.
    """
    name = normalize(text)
    for char in name:
        if unicodedata.category(char) in HIDDEN_CATEGORIES:
            raise NameRefused(
                f"A name cannot contain the invisible or control character {describe(char)}."
            )
    if person:
        look_alike = look_alike_letter(name)
        if look_alike is not None:
            raise NameRefused(
                f"{describe(look_alike)} looks like a letter of another script in this name; "
                "write the name in one script."
            )
    return name


def look_alike_letter(name: str) -> str | None:
    """A character of ``name`` that looks like a letter of another script ``name`` uses."""
    if not confusables.is_mixed_script(name, allowed_aliases=["COMMON", "INHERITED"]):
        return None
    counts = Counter(categories.alias(char) for char in name)
    # The script most of the name is in first: the odd letters are the ones to name.
    scripts = sorted(set(counts) - {"COMMON", "INHERITED"}, key=lambda s: (-counts[s], s))
    for script in scripts:
        found = confusables.is_confusable(name, preferred_aliases=[script])
        if found:
            return found[0]["character"]
    return None


def describe(char: str) -> str:
    """``U+200B (ZERO WIDTH SPACE)``: a character named so that it can be found."""
    return f"U+{ord(char):04X} ({unicodedata.name(char, 'unnamed')})"
