import pytest
from django.core.exceptions import ValidationError

from django.utils import translation

from uplift.screening.rules import describe, rule_create, validate_rule
from uplift.screening.selectors import rule_preview

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("rule", "field", "named"), [
    ({"field": "star_count", "op": "gte", "value": 3}, "field", "star_count"),
    ({"field": "max_star_rating", "op": "between", "value": [3, 7]}, "value", "7"),
    ({"field": "max_star_rating", "op": "between", "value": [5, 3]}, "value", "5"),
    ({"field": "max_star_rating", "op": "gte", "value": 2.5}, "value", "2.5"),
    ({"field": "online_share", "op": "lte", "value": 1.5}, "value", "1.5"),
    ({"field": "members", "op": "gte", "value": -1}, "value", "-1"),
    ({"field": "holds_standard:XYZ", "op": "eq", "value": False}, "field", "XYZ"),
    ({"field": "holds_standard:TCPS", "op": "eq", "value": "no"}, "value", "holds_standard:TCPS"),
    ({"field": "kind", "op": "eq", "value": "corporation"}, "value", "corporation"),
    ({"field": "kind", "op": "gte", "value": "sme"}, "op", "gte"),
    ({"field": "province", "op": "in", "value": ["83", "99"]}, "value", "99"),
    ({"field": "centre", "op": "eq", "value": 42}, "value", "42"),
    ({"field": "has_successor_aged_18_45", "op": "eq", "value": 1}, "value", "has_successor_aged_18_45"),
])
def test_impossible_rules_are_refused_naming_the_culprit(areas, rule, field, named):
    with pytest.raises(ValidationError) as caught:
        validate_rule(rule)
    messages = caught.value.message_dict
    assert list(messages) == [field]
    assert named in messages[field][0]


def test_valid_rules_are_normalised(areas):
    assert validate_rule({"field": "max_star_rating", "op": "between", "value": [3, 5]})["value"] == [3, 5]
    assert validate_rule({"field": "centre", "op": "in", "value": [10, 1]})["value"] == ["10", "1"]
    assert validate_rule({"field": "holds_standard:TCPS", "op": "eq", "value": False})["field"] == "holds_standard:TCPS"


def test_rule_create_refuses_and_stores_nothing(world, programme_round):
    from uplift.screening.models import EligibilityRule

    ra = programme_round.activities.get(activity__number=4)
    with pytest.raises(ValidationError):
        rule_create(actor=world.admin, round_activity_id=ra.pk, rule={"field": "max_star_rating", "op": "gte", "value": 6})
    assert not EligibilityRule.objects.exists()
    with pytest.raises(Exception) as denied:
        rule_create(actor=world.officer, round_activity_id=ra.pk, rule={"field": "max_star_rating", "op": "gte", "value": 3})
    assert denied.type.__name__ == "PermissionDenied"


def test_preview_counts_are_scoped(world, programme_round):
    ra = programme_round.activities.get(activity__number=4)
    stars = {"field": "max_star_rating", "op": "between", "value": [3, 5]}
    assert rule_preview(user=world.admin, round_activity=ra, rule=stars) == {"visible": 2, "rule": 1, "activity": 1}
    assert rule_preview(user=world.officer, round_activity=ra, rule=stars) == {"visible": 1, "rule": 1, "activity": 1}
    tcps = {"field": "holds_standard:TCPS", "op": "eq", "value": False}
    assert rule_preview(user=world.admin, round_activity=ra, rule=tcps)["rule"] == 1  # the Chiang Mai group
    rule_create(actor=world.admin, round_activity_id=ra.pk, rule=stars)
    both = rule_preview(user=world.admin, round_activity=ra, rule=tcps)
    assert both == {"visible": 2, "rule": 1, "activity": 0}


def test_rule_api_422_names_the_field(client, world, programme_round):
    client.force_login(world.admin)
    ra = programme_round.activities.get(activity__number=4)
    response = client.post(f"/api/screening/activities/{ra.pk}/rules", {"field": "max_star_rating", "op": "gte", "value": 9},
                           content_type="application/json")
    assert response.status_code == 422
    assert "9" in response.json()["errors"]["value"][0]
    response = client.post(f"/api/screening/activities/{ra.pk}/preview", {"field": "max_star_rating", "op": "gte", "value": 3},
                           content_type="application/json")
    assert response.status_code == 200 and response.json()["rule"] == 1


@pytest.mark.parametrize(("rule", "thai"), [
    ({"field": "max_star_rating", "op": "between", "value": [3, 5]},
     "ระดับดาว OTOP สูงสุดของผลิตภัณฑ์ ตั้งแต่ 3 ดาว ถึง 5 ดาว"),
    ({"field": "holds_standard:TCPS", "op": "eq", "value": False}, "ยังไม่ได้รับมาตรฐานผลิตภัณฑ์ชุมชน (มผช.)"),
    ({"field": "has_successor_aged_18_45", "op": "eq", "value": True}, "มีผู้สืบทอดกิจการอายุ 18–45 ปี ณ วันเริ่มรอบ"),
    ({"field": "online_share", "op": "lte", "value": 0.2}, "สัดส่วนยอดขายออนไลน์ปี 2562 ไม่เกิน 20%"),
    ({"field": "otop_year", "op": "gte", "value": 2016}, "ปีที่ลงทะเบียน OTOP ตั้งแต่ พ.ศ. 2559 ขึ้นไป"),
    ({"field": "province", "op": "in", "value": ["83", "50"]}, "ตั้งอยู่ในจังหวัดภูเก็ต หรือ เชียงใหม่"),
])
def test_rules_read_as_thai_sentences(areas, rule, thai):
    with translation.override("th"):
        assert describe(rule) == thai
