"""The food label checklist on hand-made labels: a complete one passes, each missing element is named."""

from dataclasses import replace

import pytest

from uplift.toolkits.identity.core.label import (
    Additive, FoodLabel, Ingredient, check_label, is_fda_number, label_rules, normalise_ins, suggest_allergens,
)

CHILLI_PASTE = FoodLabel(
    product_name="น้ำพริกเผากุ้งเสียบ ตราป่าตอง",
    fda_number="83-2-04563-2-0011", fda_number_in_mark=True,
    business_role="maker", business_name="กลุ่มวิสาหกิจชุมชนบาติกป่าตอง",
    business_address="12 หมู่ 4 ต.ป่าตอง อ.กะทู้ จ.ภูเก็ต 83150",
    net_quantity=200, net_unit="กรัม",
    ingredients=(Ingredient("พริกแห้ง", 40), Ingredient("กุ้งเสียบ", 30), Ingredient("หอมแดง", 20),
                 Ingredient("น้ำตาลมะพร้าว", 9.9), Ingredient("วัตถุกันเสีย", 0.1)),
    allergens_contained=frozenset({"crustacea"}), allergens_declared=frozenset({"crustacea"}),
    additives=(Additive("โซเดียมเบนโซเอต", "วัตถุกันเสีย", "211"),),
    date_phrase="ควรบริโภคก่อน", date_shows_day=True, shelf_life_days=180,
)


def ids(checklist, *statuses):
    return checklist.rule_ids(*statuses)


def test_a_complete_label_passes_every_rule():
    checklist = check_label(CHILLI_PASTE)
    assert checklist.compliant, [i.message_th for i in checklist.problems]
    assert checklist.rules_version == "food_label_rules_v1"
    assert {i.rule_id for i in checklist.items} == {r["id"] for r in label_rules()["rules"]}
    assert ids(checklist, "not_applicable") == ["FL08", "FL20"]


def test_an_empty_label_names_each_missing_element():
    checklist = check_label(FoodLabel())
    missing = {i.rule_id: i.message_th for i in checklist.problems}
    assert set(missing) == {"FL02", "FL03", "FL06", "FL07", "FL09", "FL11", "FL18"}
    assert missing["FL02"] == "ไม่มีชื่ออาหาร"
    assert "เลขสารบบอาหาร" in missing["FL03"] and "ปริมาณสุทธิ" in missing["FL09"]
    assert "ควรบริโภคก่อน" in missing["FL18"]


def test_serial_number_format_and_mark():
    assert is_fda_number("10-1-12345-1-0001") and not is_fda_number("1011234510001")
    checklist = check_label(replace(CHILLI_PASTE, fda_number="8320456320011", fda_number_in_mark=False))
    problems = {i.rule_id: i.message_th for i in checklist.problems}
    assert "83-2-04563-2-0011" in problems["FL04"]
    assert "กรอบเครื่องหมาย อย." in problems["FL05"]
    short = check_label(replace(CHILLI_PASTE, fda_number="83-2-0456"))
    assert "มีตัวเลข 7 หลัก" in {i.rule_id: i.message_th for i in short.problems}["FL04"]


def test_ingredients_need_shares_in_descending_order_adding_up():
    label = replace(CHILLI_PASTE, ingredients=(Ingredient("พริกแห้ง", 30), Ingredient("กุ้งเสียบ", 40),
                                               Ingredient("หอมแดง"), Ingredient("เกลือ", 5)))
    problems = [(i.rule_id, i.message_th) for i in check_label(label).problems]
    assert ("FL12", 'ส่วนประกอบ "หอมแดง" ไม่มีร้อยละโดยน้ำหนัก') in problems
    ordered = replace(label, ingredients=(Ingredient("พริกแห้ง", 30), Ingredient("กุ้งเสียบ", 40),
                                          Ingredient("เกลือ", 20)))
    found = {i.rule_id: i.message_th for i in check_label(ordered).problems}
    assert '"กุ้งเสียบ" (40%) มากกว่า "พริกแห้ง" (30%)' in found["FL14"]
    assert "รวมกันได้ 90" in found["FL13"]


def test_allergens_declared_against_the_recipe_and_hinted_from_ingredients():
    label = replace(CHILLI_PASTE, allergens_declared=frozenset(), allergens_contained=frozenset({"crustacea"}),
                    ingredients=CHILLI_PASTE.ingredients + (Ingredient("ซีอิ๊วขาว", 0),))
    checklist = check_label(label)
    assert any(i.rule_id == "FL15" and i.status == "missing" and "สัตว์น้ำที่มีเปลือกแข็ง" in i.message_th
               for i in checklist.items)
    hints = [i.message_th for i in checklist.hints]
    assert any("ซีอิ๊วขาว" in h and "ถั่วเหลือง" in h for h in hints)
    assert suggest_allergens([Ingredient("ปูนแดง")]) == {}
    assert suggest_allergens([Ingredient("ขนมชั้น")]) == {}
    assert suggest_allergens([Ingredient("นมสด")]) == {"milk": ("นมสด",)}


def test_additives_need_a_class_and_an_ins_number():
    label = replace(CHILLI_PASTE, additives=(Additive("โซเดียมเบนโซเอต", "", "211"), Additive("ผงชูรส", "วัตถุปรุงแต่งรสอาหาร", ""),
                                             Additive("สีแดง", "สี", "E12x"), Additive("กลิ่นกุ้ง", "วัตถุแต่งกลิ่นรส", "")))
    problems = [(i.rule_id, i.message_th) for i in check_label(label).problems]
    assert ("FL16", 'วัตถุเจือปนอาหาร "โซเดียมเบนโซเอต" ไม่มีชื่อกลุ่มหน้าที่ (เช่น วัตถุกันเสีย)') in problems
    assert ("FL17", 'วัตถุเจือปนอาหาร "ผงชูรส" ไม่มีเลข INS') in problems
    assert any(r == "FL17" and "E12x" in m for r, m in problems)
    assert not any("กลิ่นกุ้ง" in m for _, m in problems)
    assert normalise_ins("INS 160a(ii)") == "160a(ii)"


@pytest.mark.parametrize(("shelf_life", "shows_day", "status"), [
    (30, False, "malformed"), (90, False, "malformed"), (91, False, "ok"), (30, True, "ok"), (None, False, "missing"),
])
def test_short_shelf_lives_need_day_month_and_year(shelf_life, shows_day, status):
    label = replace(CHILLI_PASTE, shelf_life_days=shelf_life, date_shows_day=shows_day)
    assert [i.status for i in check_label(label).items if i.rule_id == "FL19"] == [status]


def test_date_phrase_must_be_one_of_the_two():
    checklist = check_label(replace(CHILLI_PASTE, date_phrase="EXP"))
    assert [i.status for i in checklist.items if i.rule_id == "FL18"] == ["malformed"]


def test_thai_text_and_importer_country_and_units():
    label = replace(CHILLI_PASTE, product_name="Chilli paste", business_role="importer", net_unit="oz")
    problems = {i.rule_id for i in check_label(label).problems}
    assert {"FL01", "FL08", "FL10"} <= problems
    assert check_label(replace(CHILLI_PASTE, business_role="seller")).problems[0].rule_id == "FL06"


def test_storage_instructions_when_the_food_needs_them():
    needs = replace(CHILLI_PASTE, needs_storage_instructions=True)
    assert [i.rule_id for i in check_label(needs).problems] == ["FL20"]
    assert check_label(replace(needs, storage_instructions="เก็บในตู้เย็น")).compliant


def test_labels_round_trip_through_json():
    assert FoodLabel.from_dict(CHILLI_PASTE.to_dict()) == CHILLI_PASTE
