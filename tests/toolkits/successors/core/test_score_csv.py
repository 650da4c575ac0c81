"""Reading score files: each problem names its row (header = row 1) and column."""

import pytest

from uplift.toolkits.successors.core.rubric import load_rubric
from uplift.toolkits.successors.core.score_csv import ScoreFileError, ScoreRow, parse_scores_csv

RUBRIC = load_rubric()


def test_totals_with_bom_spaces_and_blank_lines():
    rows = parse_scores_csv("\ufeff Pitch , Judge ,Score\nแอปโฮมสเตย์,ครูสมชาย, 7.5\n\nแอปโฮมสเตย์,คุณนภา,8\n")
    assert rows == [ScoreRow("แอปโฮมสเตย์", "ครูสมชาย", 7.5, None, 2), ScoreRow("แอปโฮมสเตย์", "คุณนภา", 8.0, None, 4)]


def test_criterion_rows_are_checked_against_the_rubric():
    rows = parse_scores_csv("pitch,judge,criterion,score\nก,ข,presentation,9\n", RUBRIC)
    assert rows[0].criterion == "presentation"


@pytest.mark.parametrize(("text", "row", "column"), [
    ("", 1, "-"),
    ("pitch,score\nก,5\n", 1, "judge"),
    ("pitch,judge,score\nก,ข,5\nก,ค,เจ็ด\n", 3, "score"),
    ("pitch,judge,score\nก,,5\n", 2, "judge"),
    ("pitch,judge,score\nก,ข,nan\n", 2, "score"),
    ("pitch,judge,score\nก,ข,5\nก,ข,6\n", 3, "judge"),
    ("pitch,judge,criterion,score\nก,ข,design,5\n", 2, "criterion"),
    ("pitch,judge,criterion,score\nก,ข,presentation,11\n", 2, "score"),
    ("pitch,judge,criterion,score\nก,ข,presentation,5\nก,ข,presentation,6\n", 3, "criterion"),
    ("pitch,judge,score\n", 2, "-"),
])
def test_bad_files_name_row_and_column(text, row, column):
    with pytest.raises(ScoreFileError) as caught:
        parse_scores_csv(text, RUBRIC)
    assert (caught.value.row, caught.value.column) == (row, column)
    assert str(caught.value).startswith(f"แถว {row} คอลัมน์ {column}:")
