"""Lean Canvas blocks and their checks (data/lean_canvas_v1.json)."""

import json

import pytest

from uplift.toolkits.successors.core.canvas import CANVAS_FILE, load_canvas, text_length, validate_canvas

SPEC = load_canvas()

GOOD = {
    "problem": "ลูกค้านักท่องเที่ยวลดลง ผ้าทอขายได้เฉพาะหน้าร้านในหมู่บ้าน และไม่มีข้อมูลว่าใครเคยซื้อ",
    "existing_alternatives": "ฝากขายที่ร้านของฝากในตัวจังหวัด",
    "customer_segments": "คนทำงานในกรุงเทพฯ ที่ชอบผ้าไทย ลูกค้าเก่าที่เคยมาเที่ยว",
    "unique_value_proposition": "ผ้าทอมือย้อมสีธรรมชาติ ส่งตรงจากกลุ่มทอผ้า",
    "solution": "เปิด LINE OA และร้าน Shopee ใช้ Google Sheets บันทึกคำสั่งซื้อและลูกค้า",
    "channels": "LINE OA, เพจ Facebook, Shopee",
    "revenue_streams": "ขายผ้าผืนละ 890-2,500 บาท",
    "cost_structure": "ค่าส่งพัสดุ ค่าธรรมเนียม Shopee เวลาของทายาท",
    "key_metrics": "ยอดขายออนไลน์ต่อเดือน จำนวนลูกค้าซื้อซ้ำ",
}


def test_blocks_in_leanstack_order_with_thai_labels():
    assert [b.code for b in SPEC.blocks] == [
        "problem", "existing_alternatives", "customer_segments", "unique_value_proposition", "solution",
        "channels", "revenue_streams", "cost_structure", "key_metrics", "unfair_advantage"]
    assert all(b.label_th and b.prompt_th for b in SPEC.blocks)
    assert [b.code for b in SPEC.blocks if not b.required] == ["unfair_advantage"]
    assert "CC BY-SA" in json.loads(CANVAS_FILE.read_text(encoding="utf-8"))["licence"]


def test_a_complete_canvas_passes_and_the_optional_block_may_be_empty():
    assert validate_canvas(SPEC, GOOD) == []
    assert validate_canvas(SPEC, GOOD | {"unfair_advantage": "   "}) == []


def test_length_counts_code_points_after_collapsing_spaces():
    # "ผ้า  ทอ\n" → "ผ้า ทอ": ผ ้ า (3) + space (1) + ท อ (2) = 6; the tone mark counts
    assert text_length("  ผ้า  ทอ\n") == 6


def test_each_failing_block_is_named():
    entries = GOOD | {"problem": "", "channels": "LINE", "unique_value_proposition": "ดี" * 101,
                      "unfair_advantage": "สูตร", "mission": "ช่วยชุมชน"}
    del entries["key_metrics"]
    errors = {e.block: e.reason_th for e in validate_canvas(SPEC, entries)}
    assert errors == {
        "problem": "ยังไม่ได้กรอก 'ปัญหา'",
        "unique_value_proposition": "'คุณค่าที่แตกต่าง' ยาวเกินไป: 202 ตัวอักษร ได้ไม่เกิน 200",
        "channels": "'ช่องทางเข้าถึงลูกค้า' สั้นเกินไป: 4 ตัวอักษร ต้องมีอย่างน้อย 10",
        "key_metrics": "ยังไม่ได้กรอก 'ตัวชี้วัดหลัก'",
        "unfair_advantage": "'ความได้เปรียบที่ลอกเลียนยาก' สั้นเกินไป: 4 ตัวอักษร ต้องมีอย่างน้อย 10",
        "mission": "ไม่มีช่องนี้ใน Lean Canvas",
    }


def test_bad_limits_are_refused(tmp_path):
    raw = json.loads(CANVAS_FILE.read_text(encoding="utf-8"))
    raw["blocks"][0]["min_chars"] = 700
    path = tmp_path / "canvas.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(ValueError, match="problem"):
        load_canvas(path)
