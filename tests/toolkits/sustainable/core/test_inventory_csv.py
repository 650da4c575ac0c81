import pytest

from uplift.toolkits.sustainable.core.footprint import FootprintDataError
from uplift.toolkits.sustainable.core.inventory_csv import parse_inventory_csv

HEADER = "item,category,quantity,unit,factor\n"


def test_rows_carry_their_line_and_thai_categories_are_mapped():
    items = parse_inventory_csv(HEADER + "ไฟฟ้า,electricity,\"1,200\",kWh,electricity_grid_th\nฟืน,ฟืน,2,กก.,firewood\n")
    assert [(i.row, i.category, i.quantity) for i in items] == [(2, "electricity", 1200), (3, "firewood", 2)]


def test_optional_ranges():
    items = parse_inventory_csv("item,category,quantity,unit,factor,quantity_low,quantity_high\n"
                                "ฟืน,firewood,2,kg,firewood,1.5,3\n")
    assert (items[0].quantity_low, items[0].quantity_high) == (1.5, 3)


def test_errors_name_row_and_column():
    with pytest.raises(FootprintDataError) as error:
        parse_inventory_csv(HEADER + "ไฟฟ้า,electricity,10,kWh,electricity_grid_th\nฟืน,firewood,สอง,kg,firewood\n")
    assert (error.value.row, error.value.field) == (3, "quantity")
    with pytest.raises(FootprintDataError, match="factor"):
        parse_inventory_csv("item,category,quantity,unit\n")
