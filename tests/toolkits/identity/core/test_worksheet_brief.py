"""The identity worksheet and the design brief: their checks name each field in Thai, and the
worksheet prefills the brief."""

from datetime import date

from uplift.toolkits.identity.core.brief import brief_schema, check_brief, prefill_brief
from uplift.toolkits.identity.core.fields import Milestone
from uplift.toolkits.identity.core.worksheet import check_worksheet, summarise, worksheet

ANSWERS = {
    "local_story": "ชาวบ้านป่าตองเริ่มเขียนเทียนลายปลาหลังสึนามิ เพื่อเล่าเรื่องทะเลที่เลี้ยงชีวิตคนในชุมชนมาหลายรุ่น",
    "place": "ตำบลป่าตอง อำเภอกะทู้ จังหวัดภูเก็ต ริมทะเลอันดามัน",
    "materials": ["ผ้าฝ้าย", "เทียนขี้ผึ้ง", "สีธรรมชาติจากเปลือกโกงกาง"],
    "motifs": ["ลายปลาการ์ตูน", "ลายคลื่น"],
    "craft_technique": "เขียนเทียนด้วยมือทีละเส้น แล้วย้อมเย็นหลายรอบ",
    "people": "กลุ่มแม่บ้านป่าตอง 25 คน สอนลูกหลานทุกเสาร์",
    "colours": ["#0E4D92", "สีทราย"],
    "keywords": ["ทะเล", "ทำมือ", "อบอุ่น"],
    "gi_status": "none",
    "desired_feeling": "อยากกลับมาภูเก็ตอีก",
}


def test_a_complete_worksheet_has_no_problems():
    assert check_worksheet(ANSWERS).complete
    assert worksheet().version == "identity_worksheet_v1"


def test_missing_short_and_bad_answers_are_named_in_thai():
    answers = dict(ANSWERS, local_story="สั้น", keywords=["ทะเล"], colours=["#12"], gi_status="maybe", extra="x")
    del answers["place"]
    messages = {p.field: p.message_th for p in check_worksheet(answers).problems}
    assert messages["place"] == 'ยังไม่ได้กรอก "สถานที่และภูมิประเทศ"'
    assert "สั้นเกินไป" in messages["local_story"]
    assert "อย่างน้อย 3 รายการ" in messages["keywords"]
    assert '"#12"' in messages["colours"]
    assert 'ไม่มีตัวเลือก "maybe"' in messages["gi_status"]
    assert "ไม่รู้จักช่อง" in messages["extra"]


def test_the_worksheet_feeds_the_brief():
    inputs = summarise(ANSWERS)
    assert [e.field for e in inputs.entries["identity_story"]] == ["local_story", "place", "craft_technique", "people"]
    assert "mandatory_elements" in inputs.entries and "gi_status" not in [e.field for e in inputs.entries["positioning"]]
    brief = prefill_brief(inputs)
    assert brief["identity_story"].startswith("เรื่องเล่าของท้องถิ่น: ชาวบ้านป่าตอง")
    assert "ลายปลาการ์ตูน" in brief["mandatory_elements"] and "#0E4D92" in brief["mandatory_elements"]
    assert brief["desired_reaction"] == "ความรู้สึกที่อยากให้ลูกค้าได้รับ: อยากกลับมาภูเก็ตอีก"
    assert "timeline" not in brief


BRIEF = {
    "objectives": "ขายในร้านของฝากสนามบินภูเก็ตได้ และขึ้นราคาจาก 450 เป็น 590 บาท",
    "audience": "นักท่องเที่ยวไทยวัย 25-45 ปี ซื้อเป็นของฝากครอบครัว",
    "insight": "อยากได้ของฝากที่เล่าเรื่องภูเก็ตได้จริง ไม่ใช่ของที่เหมือนทุกที่",
    "identity_story": "ลายปลาและคลื่นจากทะเลป่าตอง เขียนเทียนด้วยมือโดยแม่บ้าน 25 คน ย้อมด้วยเปลือกโกงกาง",
    "positioning": "ผ้าบาติกทำมือระดับพรีเมียม เล่าเรื่องทะเลอันดามัน",
    "competitors": ["ผ้าบาติกโรงงานในตลาดเก่า"],
    "desired_reaction": "หยิบขึ้นมาดูแล้วอยากรู้เรื่องราว",
    "mandatory_elements": ["โลโก้กลุ่ม", "มผช."],
    "materials": "กล่องกระดาษคราฟท์",
    "dielines": "กล่องพับ 20 x 30 ซม.",
    "pack_copy": "เรื่องเล่าลายปลา วิธีดูแลผ้า ผู้ผลิตและที่อยู่",
    "deliverables": ["ไฟล์ต้นฉบับ", "ภาพจำลอง"],
    "timeline": [{"name": "ส่งแบบร่าง", "due": "2026-02-01"}, Milestone("อนุมัติแบบ", date(2026, 2, 20))],
}


def test_a_complete_brief_and_its_problems_by_section():
    assert check_brief(BRIEF).complete
    bad = dict(BRIEF, timeline=[{"name": "อนุมัติแบบ", "due": "2026-03-01"}, {"name": "ส่งแบบร่าง", "due": "2026-02-01"}])
    del bad["audience"]
    check = check_brief(bad)
    by_section = check.by_section(brief_schema())
    assert [p.field for p in by_section["strategy"]] == ["audience"]
    assert '"ส่งแบบร่าง" (1/2/2569) มาก่อน "อนุมัติแบบ" (1/3/2569)' in by_section["specification"][0].message_th
    assert "ปปปป-ดด-วว" in check_brief(dict(BRIEF, timeline=[{"name": "x", "due": "1/2/2569"}])).problems[0].message_th
