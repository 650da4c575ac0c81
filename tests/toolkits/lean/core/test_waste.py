from datetime import date

import pytest

from uplift.toolkits.lean.core.waste import WasteDataError, WasteEntry, waste_summary

DAY = date(2026, 2, 3)


def test_summary_by_waste_type_largest_baht_first():
    entries = [
        WasteEntry(1, DAY, "defects", "ขวดปิดฝาไม่สนิท", 12, "ขวด", 360),
        WasteEntry(2, DAY, "waiting", "รอขนมเย็น", 45, "นาที", 90),
        WasteEntry(3, DAY, "defects", "น้ำพริกไหม้", 2.5, "กก.", 500),
        WasteEntry(4, DAY, "defects", "ขวดแตก", 3, "ขวด", 90),
    ]
    summary = waste_summary(entries)
    assert [t.waste for t in summary] == ["defects", "waiting"]
    defects = summary[0]
    # 360 + 500 + 90 = 950 of 1,040 baht
    assert defects.baht == 950 and defects.share_of_baht == pytest.approx(950 / 1040)
    assert defects.quantities == {"ขวด": 15, "กก.": 2.5}
    assert defects.entry_ids == (1, 3, 4) and defects.name_th == "ของเสีย/งานแก้ไข"


def test_unknown_waste_type_names_the_row():
    with pytest.raises(WasteDataError, match="แถว 9 ช่อง waste"):
        waste_summary([WasteEntry(9, DAY, "laziness", "", 1, "ครั้ง", 0)])
