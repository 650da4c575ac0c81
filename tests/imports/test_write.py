"""The write: normalised rows in, audited, idempotent, updated by identifier, all or nothing."""

import pytest

from tests.imports.files import registry_sheet, to_csv
from tests.imports.runs import run
from uplift.audit.models import AuditEntry
from uplift.audit.selectors import audit_trail
from uplift.imports import write
from uplift.imports.models import DuplicateCandidate, ImportJob
from uplift.registry.models import Entrepreneur

pytestmark = pytest.mark.django_db


def test_commit_writes_accepted_rows_normalised_and_audited_then_reimport_creates_nothing(world):
    before = Entrepreneur.objects.count()
    data = to_csv(registry_sheet(), "cp874")
    job = run(world.admin, data)
    assert job.status == ImportJob.Status.DONE
    assert Entrepreneur.objects.count() == before + 4
    batik = Entrepreneur.objects.get(name_th="กลุ่มบาติกบ้านกะทู้")
    assert (batik.id_type, batik.subdistrict_id, batik.province_id, batik.postal_code) == ("juristic", "830202", "83", "83150")
    assert (batik.members, batik.otop_year, batik.phone, batik.address_line) == (25, 2020, "081-234-5678", "12 หมู่ 4")
    assert "บาติก" in batik.search_text
    accepted = Entrepreneur.objects.filter(name_th__in=["กลุ่มบาติกบ้านกะทู้", "กลุ่มแม่บ้านป่าตอง", "กลุ่มจักสานกะทู้",
                                                        "กลุ่มผ้ามัดย้อมกมลา"]).order_by("name_th")
    # 15/03/2563, 2563-03-15, 15 มี.ค. 63, 15 มีนาคม 2563 all say 2020; Thai digits, "1,200", "30 คน", +66 numbers
    assert sorted((e.name_th, e.otop_year, e.members, e.phone, e.subdistrict_id) for e in accepted) == [
        ("กลุ่มจักสานกะทู้", 2020, 30, "081-234-5679", "830201"),
        ("กลุ่มบาติกบ้านกะทู้", 2020, 25, "081-234-5678", "830202"),
        ("กลุ่มผ้ามัดย้อมกมลา", 2020, 12, "081-234-5680", "830203"),
        ("กลุ่มแม่บ้านป่าตอง", 2020, 1200, "076-123-457", "830202"),
    ]
    trail = audit_trail(model_label="registry.Entrepreneur", pk=batik.pk)
    assert [(e.action, e.model, e.object_pk, e.actor) for e in trail] == [
        ("import", "imports.ImportJob", str(job.pk), world.admin)]
    assert AuditEntry.objects.filter(action="import").count() == 1

    again = run(world.admin, data)
    assert Entrepreneur.objects.count() == before + 4
    assert again.counts["create"] == 0 and again.counts["update"] == 0 and again.counts["unchanged"] == 4
    assert again.counts["duplicates"] == 0 and not DuplicateCandidate.objects.exists()


def test_same_identifier_updates(world):
    rows = registry_sheet()
    run(world.admin, to_csv(rows))
    rows[3][4] = "40"  # members of row 4
    job = run(world.admin, to_csv(rows))
    assert (job.counts["create"], job.counts["update"], job.counts["unchanged"]) == (0, 1, 3)
    assert Entrepreneur.objects.get(name_th="กลุ่มบาติกบ้านกะทู้").members == 40
    entry = AuditEntry.objects.filter(action="update", model="registry.Entrepreneur").get()
    assert entry.changes["members"] == ["25", "40"] and entry.actor == world.admin


def test_nothing_half_written_when_the_write_fails(world, monkeypatch):
    before = (Entrepreneur.objects.count(), AuditEntry.objects.filter(action="import").count())

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(write, "audit_record", boom)  # fails after every entrepreneur row was inserted
    with pytest.raises(RuntimeError):
        run(world.admin, to_csv(registry_sheet()))
    assert (Entrepreneur.objects.count(), AuditEntry.objects.filter(action="import").count()) == before
    assert ImportJob.objects.latest("pk").status == ImportJob.Status.FAILED
