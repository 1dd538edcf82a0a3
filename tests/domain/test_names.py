"""Names: NFKC, case-insensitive comparison, hidden characters and look-alike letters refused."""

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from groups.domain.names import HIDDEN_CATEGORIES, NameRefused, checked, fold, normalize


@pytest.mark.parametrize(
    "text, expected",
    [
        ("  alice ", "alice"),
        ("ＡＬＩＣＥ", "ALICE"),  # full-width letters
        ("ﬁona", "fiona"),  # a ligature
        ("José-María", "José-María"),
        ("Jörg Müller", "Jörg Müller"),
        ("Иван", "Иван"),  # one script, whatever it is
        ("山田たろう", "山田たろう"),  # Han and Hiragana look like nothing of each other
        ("O’Brien", "O’Brien"),
    ],
)
def test_names_people_write_are_kept_normalized(text, expected):
    assert checked(text) == expected


@pytest.mark.parametrize(
    "text, culprit",
    [
        ("Kid\u200b", "U+200B (ZERO WIDTH SPACE)"),
        ("evil\u202eexe.txt", "U+202E (RIGHT-TO-LEFT OVERRIDE)"),
        ("a\u0000b", "U+0000"),
        ("tab\there", "U+0009"),
        ("two\u2028lines", "U+2028 (LINE SEPARATOR)"),
        ("private\ue000", "U+E000"),
        ("soft\u00adhyphen", "U+00AD (SOFT HYPHEN)"),
    ],
)
def test_hidden_characters_are_refused_by_name(text, culprit):
    with pytest.raises(NameRefused, match="invisible or control") as refused:
        checked(text, person=False)

    assert culprit in str(refused.value)


@pytest.mark.parametrize(
    "text, culprit",
    [("аlice", "CYRILLIC SMALL LETTER A"), ("pаypal", "CYRILLIC"), ("Αlaska", "GREEK")],
)
def test_look_alike_letters_of_another_script_are_refused_in_a_persons_name(text, culprit):
    with pytest.raises(NameRefused, match="one script") as refused:
        checked(text)

    assert culprit in str(refused.value)
    assert checked(text, person=False) == text  # a group may be called what it likes


def test_names_compare_without_case():
    assert fold("ALICE") == fold("alice") == fold(" Alice ")
    assert fold("STRASSE") == fold("straße")
    assert fold("ＡＬＩＣＥ") == fold("alice")
    assert fold("alice") != fold("аlice")


@given(st.text(max_size=30))
def test_a_checked_name_is_normalized_and_shows_nothing_hidden(text):
    try:
        name = checked(text)
    except NameRefused:
        return
    assert normalize(name) == name
    assert not {unicodedata.category(c) for c in name} & HIDDEN_CATEGORIES
