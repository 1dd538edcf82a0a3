"""Server-rendered SVG charts of a group's spending, from plain values.

Horizontal bars, one row per item with its label on the left and its amount on the right
above the bar (beside each bar for members' paid and owed), so long labels and large amounts
stay readable on a 390-pixel phone: the
drawing has a viewBox and no fixed size, and scales to the width it is given. Each chart is
an image with a title and a description that says every figure in words (role="img",
aria-labelledby), so a screen reader reads the numbers the bars show. Every piece of text is
escaped; the result is safe to put into a page as it is.
"""

import re
from collections.abc import Sequence
from decimal import Decimal
from html import escape

from django.utils.safestring import SafeString, mark_safe

WIDTH = 360  # viewBox units; the page decides the pixels
MARGIN = 8
BAR_WIDTH = WIDTH - 2 * MARGIN
ROW = 40
MEMBER_ROW = 56
BAR_HEIGHT = 12
# In the member chart each bar's amount is written beside it, so the bars are shorter.
MEMBER_BAR = 200
VALUE_X = MARGIN + MEMBER_BAR + 6
LABEL_CHARS = 26
FONT = 'font-family="system-ui, sans-serif" font-size="13"'
COLOURS = {"total": "#2f6f8f", "paid": "#2f8f5b", "owed": "#b5533c"}
CHART_ID = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,63}")


def category_chart(
    rows: Sequence[tuple[str, Decimal]], currency: str, *, chart_id: str = "chart-category"
) -> SafeString:
    """Spending by category: (category name, total) rows, drawn in the order given."""
    return bar_chart(
        rows, currency, chart_id=chart_id, title=f"Spending by category, in {currency}"
    )


def month_chart(
    rows: Sequence[tuple[str, Decimal]], currency: str, *, chart_id: str = "chart-month"
) -> SafeString:
    """Spending by month: (month, total) rows, drawn in the order given (oldest first)."""
    return bar_chart(rows, currency, chart_id=chart_id, title=f"Spending by month, in {currency}")


def bar_chart(
    rows: Sequence[tuple[str, Decimal]], currency: str, *, chart_id: str, title: str
) -> SafeString:
    """One bar per (label, total) row, its length in proportion to the total."""
    _check(chart_id, [total for _, total in rows])
    largest = max((total for _, total in rows), default=Decimal(0))
    parts = []
    for index, (label, total) in enumerate(rows):
        top = _legend_height(False) + index * ROW
        amount = _amount(total, currency)
        parts.append(
            f"<g><title>{escape(label)}: {escape(amount)}</title>"
            + _text(MARGIN, top + 14, _short(label))
            + _text(WIDTH - MARGIN, top + 14, amount, anchor="end")
            + _bar(top + 20, total, largest, COLOURS["total"], "bar")
            + "</g>"
        )
    description = "; ".join(f"{label}: {_amount(total, currency)}" for label, total in rows)
    return _svg(chart_id, title, description, parts, len(rows) * ROW)


def member_chart(
    rows: Sequence[tuple[str, Decimal, Decimal]],
    currency: str,
    *,
    chart_id: str = "chart-member",
) -> SafeString:
    """What each member paid and owes: (name, paid, owed) rows, two bars each."""
    _check(chart_id, [value for _, paid, owed in rows for value in (paid, owed)])
    largest = max((max(paid, owed) for _, paid, owed in rows), default=Decimal(0))
    parts = [_legend()] if rows else []
    for index, (name, paid, owed) in enumerate(rows):
        top = _legend_height(True) + index * MEMBER_ROW
        paid_text, owed_text = _amount(paid, currency), _amount(owed, currency)
        paid_top, owed_top = top + 20, top + 20 + BAR_HEIGHT + 4
        parts.append(
            f"<g><title>{escape(name)}: paid {escape(paid_text)}, owes {escape(owed_text)}"
            "</title>"
            + _text(MARGIN, top + 14, _short(name))
            + _bar(paid_top, paid, largest, COLOURS["paid"], "bar paid", MEMBER_BAR)
            + _text(VALUE_X, paid_top + 10, paid_text, size=11)
            + _bar(owed_top, owed, largest, COLOURS["owed"], "bar owed", MEMBER_BAR)
            + _text(VALUE_X, owed_top + 10, owed_text, size=11)
            + "</g>"
        )
    description = "; ".join(
        f"{name} paid {_amount(paid, currency)} and owes {_amount(owed, currency)}"
        for name, paid, owed in rows
    )
    height = (_legend_height(True) if rows else 0) + len(rows) * MEMBER_ROW
    return _svg(chart_id, f"Paid and owed by member, in {currency}", description, parts, height)


def _svg(
    chart_id: str,
    title: str,
    description: str,
    parts: list[str],
    height: int,
) -> SafeString:
    if not parts:
        description = "Nothing to show: no expenses in this period."
        parts = [_text(MARGIN, 20, description)]
        height = 28
    labelled = f"{chart_id}-title {chart_id}-desc"
    # Safe: every piece of text in it went through escape().
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" id="{chart_id}" class="chart" role="img" '
        f'aria-labelledby="{labelled}" viewBox="0 0 {WIDTH} {height + MARGIN}" '
        'width="100%" preserveAspectRatio="xMinYMin meet">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>' + "".join(parts) + "</svg>"
    )


def _legend_height(with_legend: bool) -> int:
    return 24 if with_legend else 0


def _legend() -> str:
    items = []
    for position, (key, label) in enumerate((("paid", "Paid"), ("owed", "Owes"))):
        left = MARGIN + position * 80
        items.append(
            f'<rect x="{left}" y="6" width="12" height="12" fill="{COLOURS[key]}"/>'
            + _text(left + 18, 16, label, size=12)
        )
    return '<g class="legend">' + "".join(items) + "</g>"


def _bar(
    top: int, value: Decimal, largest: Decimal, colour: str, css: str, longest: int = BAR_WIDTH
) -> str:
    width = Decimal(0) if not largest else value * longest / largest
    return (
        f'<rect class="{css}" x="{MARGIN}" y="{top}" width="{width:.2f}" '
        f'height="{BAR_HEIGHT}" rx="2" fill="{colour}"/>'
    )


def _text(x: int, y: int, text: str, *, anchor: str = "start", size: int = 13) -> str:
    font = FONT.replace('font-size="13"', f'font-size="{size}"')
    return f'<text x="{x}" y="{y}" text-anchor="{anchor}" {font} fill="#222">{escape(text)}</text>'


def _amount(value: Decimal, currency: str) -> str:
    return f"{value:,.2f} {currency}"


def _short(label: str) -> str:
    """A label cut to fit beside its amount (the full label is in the row's title)."""
    label = label or "—"
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


def _check(chart_id: str, values: list[Decimal]) -> None:
    if not CHART_ID.fullmatch(chart_id):
        raise ValueError(f"{chart_id!r} is not a usable element id.")
    if any(value < 0 for value in values):
        raise ValueError("A chart draws totals, which are never negative.")
