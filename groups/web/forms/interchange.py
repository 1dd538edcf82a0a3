"""Importing a group from a file: the upload, in any format the import reads."""

from django import forms

from groups.interchange import FORMATS
from groups.interchange.rates import parse_rates
from groups.web.forms.base import WebForm

# How each format the import reads is named on the page (the API takes the keys).
FORMAT_LABELS = {
    "splitwise-group": "This app's JSON export",
    "splitwise-csv": "Splitwise (CSV export)",
    "ihatemoney-json": "IHateMoney (JSON export)",
    "ihatemoney-csv": "IHateMoney (CSV export)",
    "spliit-json": "Spliit (JSON export)",
    "cospend-csv": "Cospend (CSV export)",
}


def format_choices() -> list[tuple[str, str]]:
    return [(name, FORMAT_LABELS.get(name, name)) for name in FORMATS]


class ImportForm(WebForm):
    """The file, what it is, and optionally the new group's name and exchange rates."""

    file = forms.FileField(
        label="File",
        allow_empty_file=True,  # the import names what is wrong with an empty file
        error_messages={"required": "Choose the file to import."},
    )
    format = forms.ChoiceField(
        label="Exported from",
        choices=format_choices,
        error_messages={"invalid_choice": "Choose one of the formats listed."},
    )
    name = forms.CharField(
        max_length=100,
        required=False,
        label="Name of the new group",
        help_text="Leave it empty to use the name in the file (or the file's name).",
    )
    rates = forms.CharField(
        max_length=1000,
        required=False,
        label="Exchange rates",
        help_text="Only for a file with amounts in several currencies and no rates, as in "
        "USD=0.92, GBP=1.17 (the group's currency for one unit).",
        widget=forms.TextInput(attrs={"autocapitalize": "none", "spellcheck": "false"}),
    )

    def clean_rates(self):
        try:
            return parse_rates(self.cleaned_data["rates"])
        except ValueError as error:
            message = str(error)
            raise forms.ValidationError(message[:1].upper() + message[1:]) from None
