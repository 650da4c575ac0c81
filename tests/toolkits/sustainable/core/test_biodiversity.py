from datetime import date

from uplift.toolkits.sustainable.core.biodiversity import (
    AgreedTerms,
    BenefitSharing,
    BiodiversityRecord,
    Consent,
    ProductValue,
    record_from_dict,
    validate,
)

TURMERIC = BiodiversityRecord(
    kind="species", name_th="ขมิ้นชัน", name_en="Turmeric", scientific_name="Curcuma longa L.",
    origin_place="บ้านนาดี ต.นาดี อ.เมือง จ.สกลนคร", origin_subdistrict_code="470101",
    community="กลุ่มแม่บ้านบ้านนาดี", traditional_knowledge_involved=True,
    traditional_knowledge="สูตรตำรับยาพอกแผลของหมอพื้นบ้าน",
    pic=Consent(date(2026, 1, 10), "กลุ่มแม่บ้านบ้านนาดี", "วิสาหกิจชุมชนสมุนไพรนาดี", "PIC-2569-01"),
    mat=AgreedTerms(date(2026, 1, 20), ("กลุ่มแม่บ้านบ้านนาดี", "วิสาหกิจชุมชนสมุนไพรนาดี"),
                    "จ่ายร้อยละ 5 ของยอดขายเข้ากองทุนหมู่บ้านทุกไตรมาส"),
    benefit_sharing=BenefitSharing(5, ("กองทุนหมู่บ้านนาดี",)),
    protections=("thai_traditional_medicine",),
    products=(ProductValue("สบู่ขมิ้น", 36_000), ProductValue("ครีมขมิ้น", 54_000)),
)


def test_a_complete_record_is_valid_and_sums_its_value_added():
    assert validate(TURMERIC) == ()
    assert TURMERIC.value_added_baht_per_year == 90_000


def test_traditional_knowledge_requires_pic_mat_and_benefit_sharing():
    record = BiodiversityRecord(kind="local_ingredient", name_th="ครามหมักโคลน", origin_place="สกลนคร",
                                community="บ้านดอนกอย", traditional_knowledge_involved=True,
                                traditional_knowledge="การก่อหม้อคราม")
    errors = {error.field: error for error in validate(record)}
    assert set(errors) == {"pic", "mat", "benefit_sharing"}
    assert "ความยินยอมล่วงหน้า" in errors["pic"].message and "Art. 7" in errors["pic"].basis
    assert "Nagoya" in errors["mat"].basis


def test_without_traditional_knowledge_pic_and_mat_are_not_required():
    record = BiodiversityRecord(kind="local_ingredient", name_th="ข้าวหอมมะลิ", origin_place="ทุ่งกุลาร้องไห้",
                                community="สหกรณ์ผู้ปลูกข้าว", traditional_knowledge_involved=False)
    assert validate(record) == ()


def test_field_rules():
    record = BiodiversityRecord(kind="species", name_th="", origin_place="", community="ชุมชน",
                                traditional_knowledge_involved=False, origin_subdistrict_code="4701",
                                benefit_sharing=BenefitSharing(120, ()), protections=("patent",),
                                products=(ProductValue("สบู่", -5),))
    rules = [error.rule for error in validate(record)]
    assert rules == ["required", "required", "species_needs_scientific_name", "subdistrict_code_form",
                     "benefit_sharing_needs_mat", "share_range", "share_needs_beneficiaries", "unknown_protection",
                     "product_value"]
    assert validate(record)[0].message == "ต้องกรอกชื่อภาษาไทย (ชื่อท้องถิ่น)"
    wrong_name = BiodiversityRecord(kind="species", name_th="ไหม", scientific_name="bombyx mori", origin_place="ก",
                                    community="ข", traditional_knowledge_involved=False)
    assert [e.rule for e in validate(wrong_name)] == ["scientific_name_form"]


def test_record_from_dict():
    record = record_from_dict({
        "kind": "species", "name_th": "ขมิ้นชัน", "scientific_name": "Curcuma longa", "origin_place": "สกลนคร",
        "community": "กลุ่มแม่บ้าน", "traditional_knowledge_involved": True, "traditional_knowledge": "ตำรับยา",
        "pic": {"date": "2026-01-10", "provider": "กลุ่มแม่บ้าน", "recipient": "วิสาหกิจ"},
        "mat": {"date": "2026-01-20", "parties": ["กลุ่มแม่บ้าน", "วิสาหกิจ"], "terms": "ร้อยละ 5"},
        "benefit_sharing": {"share_percent": 5, "beneficiaries": ["กองทุนหมู่บ้าน"]},
        "products": [{"product": "สบู่", "value_added_baht_per_year": 1000}],
    })
    assert record.pic.date == date(2026, 1, 10) and record.mat.parties == ("กลุ่มแม่บ้าน", "วิสาหกิจ")
    assert validate(record) == ()
