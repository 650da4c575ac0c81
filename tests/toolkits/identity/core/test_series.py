"""Monthly sales CSV: errors name row, column and reason; before/after means around the launch."""

from datetime import date

import pytest

from uplift.toolkits.identity.core.series import MonthRow, SeriesError, before_after, parse_month, read_csv


def test_reads_ce_and_buddhist_months_in_order():
    rows = read_csv("month,sales,price\n2569-02,12000,120\n2026-01-31,\"10,000\",100\n")
    assert [r.month for r in rows] == [date(2026, 1, 1), date(2026, 2, 1)]
    assert rows[0].sales == 10_000 and rows[1].price == 120 and rows[0].units is None
    assert parse_month("2569/03") == date(2026, 3, 1)


@pytest.mark.parametrize(("text", "row", "column", "words"), [
    ("month,price\n2026-01,1\n", 1, "sales", "ไม่มีคอลัมน์ sales"),
    ("month,sales\nมกราคม,1\n", 2, "month", "ไม่ใช่เดือน"),
    ("month,sales\n2026-01,1\n2026-02,สิบ\n", 3, "sales", "ไม่ใช่ตัวเลข"),
    ("month,sales,price\n2026-01,1,-5\n", 2, "price", "ไม่ติดลบ"),
    ("month,sales\n2026-01,1\n2026-01,2\n", 3, "month", "ซ้ำ"),
])
def test_errors_name_row_column_and_reason(text, row, column, words):
    with pytest.raises(SeriesError) as error:
        read_csv(text)
    assert (error.value.row, error.value.column) == (row, column)
    assert f"แถว {row}" in error.value.message and words in error.value.message


def test_before_after_means_and_list_prices():
    rows = [MonthRow(date(2026, m, 1), s, p) for m, s, p in
            [(1, 10_000, None), (2, 12_000, None), (3, 18_000, 150), (4, 20_000, 150)]]
    result = before_after(rows, date(2026, 3, 20), price_before=120)
    assert (result.n_before, result.n_after) == (2, 2)
    assert (result.sales_before, result.sales_after) == (11_000, 19_000)
    assert result.sales_change == pytest.approx(19 / 11 - 1)
    assert (result.price_before, result.price_after, result.price_change) == (120, 150, pytest.approx(0.25))
    assert before_after([], date(2026, 1, 1)).sales_change is None
