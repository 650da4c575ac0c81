import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from uplift.web.templatetags.thai import baht, be_year, thaidate, thaimonth

DAY = datetime.date(2020, 3, 15)


@pytest.mark.parametrize(
    ("lang", "style", "expected"),
    [
        ("th", "short", "15 มี.ค. 2563"),
        ("th", "long", "15 มีนาคม 2563"),
        ("en", "short", "15 Mar 2020"),
        ("en", "long", "15 March 2020"),
    ],
)
def test_thaidate(lang, style, expected):
    with translation.override(lang):
        assert thaidate(DAY, style) == expected


def test_thaidate_accepts_datetime_and_iso_text_and_blank():
    with translation.override("th"):
        assert thaidate(datetime.datetime(2019, 1, 1, 9, 30)) == "1 ม.ค. 2562"
        assert thaidate("2022-12-31") == "31 ธ.ค. 2565"
        assert thaidate(None) == ""
        assert thaidate("not a date") == ""


def test_thaimonth():
    with translation.override("th"):
        assert thaimonth(datetime.date(2020, 3, 1)) == "มี.ค. 63"
        assert thaimonth(datetime.date(2019, 1, 1)) == "ม.ค. 62"
        assert thaimonth(datetime.date(2043, 12, 1)) == "ธ.ค. 86"
    with translation.override("en"):
        assert thaimonth(datetime.date(2020, 3, 1)) == "Mar 2020"


def test_be_year():
    with translation.override("th"):
        assert be_year(2019) == "2562"
        assert be_year("2020") == "2563"
        assert be_year(None) == ""
    with translation.override("en"):
        assert be_year(2019) == "2019"


@pytest.mark.parametrize(
    ("value", "th", "en"),
    [
        (1234567, "1,234,567 บาท", "฿1,234,567"),
        (Decimal("450.00"), "450 บาท", "฿450"),
        (Decimal("1234.5"), "1,234.50 บาท", "฿1,234.50"),
        (0, "0 บาท", "฿0"),
        (-2500, "-2,500 บาท", "-฿2,500"),
    ],
)
def test_baht(value, th, en):
    with translation.override("th"):
        assert baht(value) == th
    with translation.override("en"):
        assert baht(value) == en


def test_baht_blank():
    assert baht(None) == ""
    assert baht("x") == ""


def test_thaidate_time_style_shows_local_time_in_the_buddhist_era():
    from datetime import UTC, datetime

    with translation.override("th"):
        assert thaidate(datetime(2020, 3, 15, 7, 5, tzinfo=UTC), "time") == "15 มี.ค. 2563 14:05"


def test_thaidate_uses_the_bangkok_day_of_an_aware_datetime():
    from datetime import UTC, datetime

    with translation.override("th"):
        assert thaidate(datetime(2020, 3, 14, 20, 0, tzinfo=UTC), "time") == "15 มี.ค. 2563 03:00"
