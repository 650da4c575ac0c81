from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.outcomes.programme import make_programme
from uplift.audit.models import AuditEntry
from uplift.outcomes.models import Indicator, Observation
from uplift.outcomes.services import (
    INDICATORS_FILE, ObservationIn, baseline_freeze, indicators_load, observations_bulk_csv, observations_save,
)


def test_indicators_load_from_the_versioned_file_and_is_idempotent(db):
    assert indicators_load() == indicators_load() == Indicator.objects.count()
    codes = set(Indicator.objects.values_list("code", flat=True))
    assert {"sales", "production_cost", "productivity", "employment", "online_sales", "export_sales", "new_products",
            "certificates", "waste_reduced", "co2e_reduced"} <= codes
    cost = Indicator.objects.get(code="production_cost")
    assert (cost.direction, cost.unit, cost.frequency) == ("down", "baht/month", "monthly")
    assert cost.version == INDICATORS_FILE.read_text(encoding="utf-8").split()[2]


def obs(e, round_, **kw):
    data = {"entrepreneur_id": e.pk, "round_id": round_.pk, "indicator": "sales", "wave": "end", "value": "120000",
            "source": "verified"}
    data.update(kw)
    return ObservationIn(**data)


def test_consultant_enters_verified_figures_audited_with_who_and_source(world, indicators):
    p = make_programme(world.phuket, world.chiangmai)
    [saved] = observations_save(actor=world.consultant, items=[obs(world.phuket, p.round)])
    assert saved.entered_by == world.consultant and saved.source == "verified"
    assert saved.period == date(2021, 6, 1)  # end of the round
    entry = AuditEntry.objects.get(model="outcomes.Observation", object_pk=str(saved.pk))
    assert entry.actor == world.consultant and entry.changes["value"] == [None, "120000"]
    # re-entering replaces, and the audit keeps the old value
    observations_save(actor=world.consultant, items=[obs(world.phuket, p.round, value="130,000")])
    assert Observation.objects.get().value == Decimal("130000")
    old, new = AuditEntry.objects.filter(model="outcomes.Observation").order_by("pk").last().changes["value"]
    assert (Decimal(old), new) == (Decimal("120000"), "130000")


def test_scope_roles_and_validation(world, indicators):
    p = make_programme(world.phuket, world.chiangmai)
    with pytest.raises(ValidationError) as e:  # the consultant does not see the Chiang Mai group
        observations_save(actor=world.consultant, items=[obs(world.chiangmai, p.round)])
    assert "entrepreneur" in e.value.message_dict
    with pytest.raises(ValidationError) as e:  # an owner may self-report, not verify
        observations_save(actor=world.owner, items=[obs(world.chiangmai, p.round)])
    assert "source" in e.value.message_dict
    observations_save(actor=world.owner, items=[obs(world.chiangmai, p.round, source="self")])
    with pytest.raises(PermissionDenied):
        observations_save(actor=world.executive, items=[obs(world.chiangmai, p.round)])
    with pytest.raises(ValidationError) as e:
        observations_save(actor=world.admin, items=[obs(world.phuket, p.round, source="document", value="abc", wave="m9")])
    assert set(e.value.message_dict) == {"0.document", "0.value", "0.wave"} or set(e.value.message_dict) == {"document", "value", "wave"}


def test_baseline_is_taken_from_the_registry_and_frozen_at_enrolment(world, indicators):
    p = make_programme(world.phuket)
    # world.phuket sold 100,000 a month in 2019 and 20,000 from April 2020: the 12 months before 2021-01
    created = baseline_freeze(actor=world.admin, enrolment=p.enrolments[world.phuket.pk])
    by_code = {o.indicator.code: o for o in created}
    assert by_code["sales"].value == Decimal("20000.00")
    assert by_code["employment"].value == world.phuket.employees
    assert all(o.frozen and o.source == "registry" and o.wave == "baseline" for o in created)
    with pytest.raises(ValidationError, match="ถูกล็อก"):
        observations_save(actor=world.admin, items=[obs(world.phuket, p.round, wave="baseline", value="99")])
    assert Observation.objects.get(indicator__code="sales", wave="baseline").value == Decimal("20000.00")


def test_bulk_csv_is_all_or_nothing_with_line_numbers(world, indicators):
    p = make_programme(world.phuket, world.chiangmai)
    good = f"entrepreneur_id,indicator,wave,value,source\n{world.phuket.pk},sales,end,150000,verified\n"
    bad = good + f"{world.phuket.pk},nope,end,1,verified\n"
    with pytest.raises(ValidationError) as e:
        observations_bulk_csv(actor=world.admin, round_id=p.round.pk, text=bad)
    assert "line 3: indicator" in e.value.message_dict
    assert not Observation.objects.exists()
    assert len(observations_bulk_csv(actor=world.admin, round_id=p.round.pk, text=good)) == 1
    with pytest.raises(ValidationError, match="ขาดคอลัมน์"):
        observations_bulk_csv(actor=world.admin, round_id=p.round.pk, text="a,b\n1,2\n")


def test_not_enrolled_is_refused(world, indicators):
    p = make_programme(world.phuket)
    with pytest.raises(ValidationError, match="ไม่ได้เข้าร่วม"):
        observations_save(actor=world.admin, items=[obs(world.chiangmai, p.round)])


def test_consultant_entry_form_saves_and_shows_the_figures(client, world, indicators):
    p = make_programme(world.phuket)
    client.force_login(world.consultant)
    url = f"/outcomes/rounds/{p.round.pk}/entrepreneurs/{world.phuket.pk}/"
    response = client.post(url, {"wave": "end", "source": "verified", "value-sales": "150000", "value-employment": "4"})
    assert response.status_code == 302
    assert set(Observation.objects.values_list("indicator__code", "value")) == {("sales", Decimal("150000")), ("employment", Decimal("4"))}
    page = client.get(url).content.decode()
    assert "150,000" in page
    response = client.post(url, {"wave": "end", "source": "document", "value-sales": "1"})
    assert response.status_code == 200 and "โปรดระบุเอกสาร" in response.content.decode()
    assert client.get(f"/outcomes/rounds/{p.round.pk}/entrepreneurs/{world.chiangmai.pk}/").status_code == 404


def test_bulk_upload_page(client, world, indicators):
    from django.core.files.uploadedfile import SimpleUploadedFile

    p = make_programme(world.phuket)
    client.force_login(world.admin)
    csv_text = f"entrepreneur_id,indicator,wave,value,source\n{world.phuket.pk},sales,m3,99000,self\n"
    response = client.post(f"/outcomes/rounds/{p.round.pk}/bulk/", {"file": SimpleUploadedFile("f.csv", csv_text.encode())})
    assert response.status_code == 302
    assert Observation.objects.get().wave == "m3"
    client.force_login(world.executive)
    assert client.get(f"/outcomes/rounds/{p.round.pk}/bulk/").status_code == 403
