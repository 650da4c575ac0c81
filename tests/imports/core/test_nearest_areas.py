"""An unknown subdistrict is reported with the nearest names within the stated district or province."""

import pytest

from uplift.imports.core import normalise as n


def _unknown(*args):
    with pytest.raises(n.Bad) as error:
        n.area(*args)
    assert error.value.code == "unknown_area"
    return error.value.params


def test_a_misspelt_subdistrict_gets_the_nearest_in_its_district_with_the_postal_code():
    params = _unknown("ป่าตอ", "อ.กะทู้", "จ.ภูเก็ต", "83150")
    assert params["nearest"].split("; ")[0] == "ป่าตอง (กะทู้, 83150 ✓)"


def test_within_the_province_when_no_district_is_stated():
    params = _unknown("ต.กะทู", "", "ภูเก็ต", "83120")
    assert params["nearest"].startswith("กะทู้ (กะทู้, 83120 ✓)")  # tone mark missing: 0 edits once folded
    assert all("(" in part for part in params["nearest"].split("; "))


def test_only_the_postal_code_narrows_it_when_nothing_else_is_stated():
    params = _unknown("ศรีภูม", "", "", "50200")
    assert params["nearest"] == "ศรีภูมิ (เมืองเชียงใหม่, 50200 ✓)"


def test_nothing_near_means_no_suggestion():
    assert "nearest" not in _unknown("ต.ไม่มีจริงเลยสักนิด", "", "ภูเก็ต")
    assert "nearest" not in _unknown("ไม่มีจริง")


def test_edit_distance():
    assert n.edit_distance("กะทู", "กะทู") == 0
    assert n.edit_distance("ป่าตอ", "ป่าตอง") == 1
    assert n.edit_distance("", "abc") == 3


def test_the_report_names_the_nearest_in_thai(world):
    from django.utils import translation

    from tests.imports.runs import run
    from uplift.imports.report import job_issues

    data = ("ลำดับ,ชื่อกลุ่ม,ประเภท,ตำบล,อำเภอ,จังหวัด,รหัสไปรษณีย์\n"
            "1,กลุ่มบาติกกะทู้,วิสาหกิจชุมชน,กะทุ,กะทู้,ภูเก็ต,83120\n").encode("utf-8")
    job = run(world.officer, data, dry_run=True)
    with translation.override("th"):
        issue, = job_issues(job)
    assert (issue["row"], issue["seq"], issue["column"], issue["code"]) == (2, "1", "ตำบล", "unknown_area")
    assert issue["reason"].startswith("ไม่มีตำบลชื่อ กะทุ ตำบลที่ชื่อใกล้เคียงที่สุด")
    assert "กะทู้ (กะทู้, 83120 ✓)" in issue["reason"]
