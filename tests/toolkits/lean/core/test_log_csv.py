from datetime import date

import pytest

from uplift.toolkits.lean.core.log_csv import oee_summary, parse_shift_csv
from uplift.toolkits.lean.core.oee import OeeDataError

HEADER = "line,date,planned_minutes,downtime_minutes,ideal_cycle_seconds,total_count,good_count\n"


def test_rows_take_their_file_line_as_id_and_buddhist_years_are_read():
    rows = parse_shift_csv(HEADER + 'สายทอ,2569-01-05,420,47,1.0,"19,271",18848\n')
    assert rows[0].id == 2 and rows[0].date == date(2026, 1, 5) and rows[0].runs[0].total_count == 19_271


@pytest.mark.parametrize("line, column", [
    ("A,2026-01-05,420,47,1.0,19271.5,18848", "total_count"),
    ("A,05/01/2026,420,47,1.0,19271,18848", "date"),
    ("A,2026-01-05,สี่ร้อย,47,1.0,19271,18848", "planned_minutes"),
    (",2026-01-05,420,47,1.0,19271,18848", "line"),
])
def test_errors_name_row_and_column(line, column):
    with pytest.raises(OeeDataError) as error:
        parse_shift_csv(HEADER + "A,2026-01-05,420,47,1.0,19271,18848\n" + line + "\n")
    assert (error.value.row_id, error.value.field) == (3, column)


def test_missing_column():
    with pytest.raises(OeeDataError, match="good_count"):
        parse_shift_csv("line,date,planned_minutes,downtime_minutes,ideal_cycle_seconds,total_count\n")


def test_summary_by_date_has_mura_of_daily_good_output():
    rows = parse_shift_csv(HEADER + "A,2026-01-05,100,0,60,80,80\nB,2026-01-05,100,0,60,40,40\n"
                                    "A,2026-01-06,100,0,60,100,100\n")
    summary = oee_summary(rows, by_date=True)
    # daily good output 120 and 100: mean 110, sample SD = √((100 + 100) / 1) = 14.1421 → CV 0.1286
    assert summary["mura"]["cv"] == round(200 ** 0.5 / 110, 4) and summary["mura"]["sd_kind"] == "sample"
    assert [d["date"] for d in summary["dates"]] == ["2026-01-05", "2026-01-06"]
    assert summary["total"]["oee"] == round(220 / 300, 4)
    assert oee_summary(rows[:2], by_date=True)["mura"] is None
