"""The ledger pages' forms: the statistics' date range and a comment on an expense."""

from django import forms

from groups.models.comments import MAX_COMMENT
from groups.web.forms.base import DateWidget, WebForm


class StatisticsRangeForm(WebForm):
    """The days the statistics cover, both included; either end may be left open."""

    date_after = forms.DateField(required=False, label="From", widget=DateWidget())
    date_before = forms.DateField(required=False, label="Until", widget=DateWidget())

    def clean(self):
        data = super().clean()
        after, before = data.get("date_after"), data.get("date_before")
        if after and before and after > before:
            # The API's words for the same refusal.
            self.add_error("date_after", f"The range starts ({after}) after it ends ({before}).")
        return data


class CommentForm(WebForm):
    """A comment on an expense; the comment service says what it accepts, as for the API."""

    text = forms.CharField(
        label="Add a comment",
        required=False,  # an empty comment is refused by the service, in its words
        strip=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": MAX_COMMENT}),
    )
