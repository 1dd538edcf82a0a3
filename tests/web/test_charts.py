"""The statistics charts: well-formed SVG, bars in proportion to the totals, readable labels,
accessible, and every piece of text escaped."""

import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from groups.web.charts import (
    BAR_WIDTH,
    MEMBER_BAR,
    bar_chart,
    category_chart,
    member_chart,
    month_chart,
)

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(str(svg))


def bars(root: ET.Element, css: str = "bar") -> list[float]:
    return [float(r.get("width")) for r in root.iter(f"{SVG}rect") if r.get("class") == css]


def texts(root: ET.Element) -> list[str]:
    return [t.text for t in root.iter(f"{SVG}text")]


def test_category_bars_are_in_proportion_to_the_totals():
    rows = [("Food", Decimal("42.00")), ("Transport", Decimal("10.50")), ("Gifts", Decimal("21"))]

    root = parse(category_chart(rows, "EUR"))

    widths = bars(root)
    assert widths[0] == BAR_WIDTH
    assert widths == pytest.approx([BAR_WIDTH * float(t / Decimal(42)) for _, t in rows], abs=0.01)
    assert texts(root) == ["Food", "42.00 EUR", "Transport", "10.50 EUR", "Gifts", "21.00 EUR"]


def test_month_bars_in_the_order_given():
    rows = [("2026-10", Decimal("40")), ("2026-11", Decimal("15")), ("2026-12", Decimal("7"))]

    root = parse(month_chart(rows, "GBP"))

    assert [t for t in texts(root) if t.startswith("2026")] == ["2026-10", "2026-11", "2026-12"]
    assert bars(root) == pytest.approx(
        [BAR_WIDTH, BAR_WIDTH * 15 / 40, BAR_WIDTH * 7 / 40], abs=0.01
    )


def test_member_bars_compare_paid_and_owed_on_one_scale():
    rows = [("ann", Decimal("35.00"), Decimal("20.00")), ("bob", Decimal("0"), Decimal("15.00"))]

    root = parse(member_chart(rows, "EUR"))

    assert bars(root, "bar paid") == pytest.approx([MEMBER_BAR, 0], abs=0.01)
    assert bars(root, "bar owed") == pytest.approx(
        [MEMBER_BAR * 20 / 35, MEMBER_BAR * 15 / 35], abs=0.01
    )
    assert {"ann", "bob", "35.00 EUR", "20.00 EUR", "0.00 EUR", "15.00 EUR", "Paid", "Owes"} <= set(
        texts(root)
    )


@settings(deadline=None)
@given(
    st.lists(
        st.integers(min_value=0, max_value=999_999_999_999).map(lambda c: Decimal(c) / 100),
        min_size=1,
        max_size=30,
    )
)
def test_any_totals_give_proportional_bars(totals):
    rows = [(f"Row {i}", total) for i, total in enumerate(totals)]

    widths = bars(parse(bar_chart(rows, "EUR", chart_id="c", title="T")))

    largest = max(totals)
    expected = [0 if not largest else BAR_WIDTH * float(t / largest) for t in totals]
    assert widths == pytest.approx(expected, abs=0.01)
    assert all(0 <= width <= BAR_WIDTH for width in widths)


def test_accessible_and_sized_by_its_viewbox():
    root = parse(category_chart([("Food", Decimal("1"))], "EUR", chart_id="spend"))

    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "spend-title spend-desc"
    assert root.find(f"{SVG}title").get("id") == "spend-title"
    assert root.find(f"{SVG}title").text == "Spending by category, in EUR"
    assert root.find(f"{SVG}desc").get("id") == "spend-desc"
    assert root.find(f"{SVG}desc").text == "Food: 1.00 EUR"
    assert root.get("viewBox").startswith("0 0 360 ")
    assert root.get("width") == "100%"  # no fixed pixel size: it fits a 390 px phone
    assert root.get("height") is None
    assert all(g.find(f"{SVG}title") is not None for g in root.iter(f"{SVG}g"))


def test_every_text_is_escaped():
    hostile = '<script>alert("x")</script> & "Co" \'s'
    svg = str(category_chart([(hostile, Decimal("5"))], '<b>"EUR"</b>'))
    members = str(member_chart([(hostile, Decimal("1"), Decimal("2"))], "EUR"))

    for markup in (svg, members):
        assert "<script>" not in markup and "<b>" not in markup
        root = parse(markup)  # still well-formed
        assert hostile in "".join(root.itertext())
    assert '<b>"EUR"</b>' in parse(svg).find(f"{SVG}title").text


def test_long_labels_are_shortened_but_kept_whole_in_the_title():
    label = "A category with a rather long name indeed"

    root = parse(category_chart([(label, Decimal("3"))], "EUR"))

    shown = texts(root)[0]
    assert shown.endswith("…") and len(shown) <= 26
    assert root.find(f"{SVG}g/{SVG}title").text == f"{label}: 3.00 EUR"


def test_large_amounts_are_grouped():
    root = parse(category_chart([("Rent", Decimal("1234567.5"))], "EUR"))

    assert "1,234,567.50 EUR" in texts(root)


@pytest.mark.parametrize("chart", [category_chart, month_chart])
def test_nothing_to_show(chart):
    root = parse(chart([], "EUR"))

    assert bars(root) == []
    assert "Nothing to show" in root.find(f"{SVG}desc").text
    assert member_chart([], "EUR").count("Nothing to show") == 2


@pytest.mark.parametrize("chart_id", ['x" onload="alert(1)', "1abc", ""])
def test_an_id_that_is_not_one_is_refused(chart_id):
    with pytest.raises(ValueError, match="not a usable element id"):
        category_chart([], "EUR", chart_id=chart_id)


def test_negative_totals_are_refused():
    with pytest.raises(ValueError, match="never negative"):
        category_chart([("Refund", Decimal("-1"))], "EUR")
