"""Outcome observations through the import: the same wizard steps and CLI, the outcomes action's rules."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from tests.imports.runs import report, run
from tests.outcomes.programme import make_programme, make_round
from uplift.audit.models import AuditEntry
from uplift.imports.core import observations as words
from uplift.outcomes.models import Observation

HEADER = "ลำดับ,เลขประจำตัวผู้ประกอบการ,ชื่อกลุ่ม,จังหวัด,ตัวชี้วัด,ช่วงเวลา,เดือน,ค่า\n"


@pytest.fixture
def programme(world):
    from uplift.outcomes.reference import indicators_load

    indicators_load()
    return make_programme(world.phuket, world.chiangmai)


def sheet(world, *lines: str) -> bytes:
    return (HEADER + "".join(line + "\n" for line in lines)).encode("utf-8")


def good_lines(world):
    return [
        f"1,{world.phuket.id_number},,,ยอดขายต่อเดือน,ก่อนเริ่ม,ธ.ค. 2563,\"85,000\"",
        "2,,กลุ่มวิสาหกิจชุมชนบาติกป่าตอง,ภูเก็ต,จำนวนการจ้างงาน,เดือนที่ ๓,09/2564,12",
        f"3,{world.phuket.id_number},,,online_sales,สิ้นสุดโครงการ,2021-06,4500.50",
    ]


def test_an_officer_imports_observations_by_identifier_or_name_and_province(world, programme):
    job = run(world.officer, sheet(world, *good_lines(world)), name="ผลลัพธ์.csv", kind="observations")
    assert job.status == "done" and job.issues == []
    assert (job.counts["create"], job.counts["accepted"]) == (3, 3)
    got = {(o.indicator.code, o.wave): (o.value, o.period, o.source, o.entered_by_id)
           for o in Observation.objects.filter(entrepreneur=world.phuket, round=programme.round)}
    assert got == {
        ("sales", "baseline"): (Decimal("85000.00"), date(2020, 12, 1), "self", world.officer.pk),
        ("employment", "m3"): (Decimal("12.00"), date(2021, 9, 1), "self", world.officer.pk),
        ("online_sales", "end"): (Decimal("4500.50"), date(2021, 6, 1), "self", world.officer.pk),
    }
    # written through the outcomes action: its audit rows, and one for the import
    assert AuditEntry.objects.filter(action="create", model__iendswith="observation").count() == 3
    assert AuditEntry.objects.filter(action="import").count() == 1


def test_the_same_file_again_changes_nothing(world, programme):
    data = sheet(world, *good_lines(world))
    run(world.officer, data, kind="observations")
    before = (list(Observation.objects.values_list("pk", "value", "entered_at").order_by("pk")), AuditEntry.objects.count())
    again = run(world.officer, data, kind="observations")
    assert (again.counts["create"], again.counts["update"], again.counts["unchanged"]) == (0, 0, 3)
    after = list(Observation.objects.values_list("pk", "value", "entered_at").order_by("pk"))
    assert after == before[0]
    # only the job's own rows (upload, import): no observation touched
    assert AuditEntry.objects.count() == before[1] + 2
    assert AuditEntry.objects.filter(model__iendswith="observation").count() == 3


def test_bad_rows_are_reported_with_row_sequence_column_and_thai_reason_and_left_out_whole(world, programme):
    from django.utils import translation

    from uplift.imports.report import job_issues

    data = sheet(world,
                 *good_lines(world)[:1],
                 f"7,{world.phuket.id_number},,,ยอดขายรายปี,ก่อนเริ่ม,ธ.ค. 2563,100",      # unknown indicator
                 f"8,{world.phuket.id_number},,,ยอดขายต่อเดือน,กลางโครงการ,ธ.ค. 2563,100",  # unknown wave
                 f"9,{world.phuket.id_number},,,ยอดขายต่อเดือน,เดือนที่ 6,13/2564,100",       # no such month
                 f"10,{world.phuket.id_number},,,ยอดขายต่อเดือน,เดือนที่ 12,ธ.ค. 2564,-5",    # negative
                 f"11,{world.chiangmai.id_number},,,ยอดขายต่อเดือน,ก่อนเริ่ม,ธ.ค. 2563,100",  # another region
                 "12,,กลุ่มทอผ้าไหมบ้านสันกำแพง,เชียงใหม่,ยอดขายต่อเดือน,ก่อนเริ่ม,ธ.ค. 2563,100",
                 f"13,{world.phuket.id_number},,,ยอดขายต่อเดือน,ก่อนเริ่ม,ธ.ค. 2563,\"90,000\"")  # contradicts row 2
    job = run(world.officer, data, kind="observations")
    assert report(job) == [
        (3, "ตัวชี้วัด", "unknown_choice"), (4, "ช่วงเวลา", "unknown_choice"), (5, "เดือน", "not_a_date"),
        (6, "ค่า", "negative_value"), (7, "เลขประจำตัวผู้ประกอบการ", "unknown_entrepreneur"),
        (8, "ชื่อกลุ่ม", "unknown_entrepreneur"), (9, "ค่า", "observation_conflict"),
    ]
    assert [i[5] for i in job.issues] == ["7", "8", "9", "10", "11", "12", "13"]
    assert (job.counts["accepted"], job.counts["rejected"], job.counts["create"]) == (1, 7, 1)
    assert Observation.objects.count() == 1
    with translation.override("th"):
        issues = job_issues(job)
    reasons = {i["seq"]: i["reason"] for i in issues}
    assert "ยอดขายต่อเดือน" in reasons["7"]  # the nearest indicators of the catalogue, in Thai
    assert reasons["8"].startswith("ไม่ใช่ค่าที่รู้จัก")
    assert reasons["11"] == reasons["12"] == "ไม่พบผู้ประกอบการนี้ในพื้นที่ของท่าน"
    # the other region's entrepreneur is never named: row 11 shows only the officer's own cell (the ID typed)
    by_seq = {i["seq"]: i for i in issues}
    assert by_seq["11"]["value"] == world.chiangmai.id_number
    assert "สันกำแพง" not in " ".join(str(v) for i in issues if i["seq"] != "12" for v in i.values())
    assert not Observation.objects.filter(entrepreneur=world.chiangmai).exists()


def test_a_frozen_baseline_is_refused_unless_it_is_the_same(world, programme):
    from uplift.outcomes.models import Indicator

    Observation.objects.create(entrepreneur=world.phuket, round=programme.round, indicator=Indicator.objects.get(code="sales"),
                               wave="baseline", period=date(2020, 12, 1), value=Decimal("85000"), source="registry",
                               frozen=True)
    same = run(world.officer, sheet(world, f"1,{world.phuket.id_number},,,sales,baseline,ธ.ค. 2563,85000"),
               kind="observations")
    # the registry's own source differs from the sheet's (self-reported): a frozen figure cannot be replaced
    assert report(same) == [(2, "ค่า", "baseline_frozen")]
    Observation.objects.filter(frozen=True).update(source="self")
    same = run(world.officer, sheet(world, f"1,{world.phuket.id_number},,,sales,baseline,ธ.ค. 2563,85000"),
               kind="observations")
    assert same.issues == [] and same.counts["unchanged"] == 1
    changed = run(world.officer, sheet(world, f"1,{world.phuket.id_number},,,sales,baseline,ธ.ค. 2563,99000"),
                  kind="observations")
    assert report(changed) == [(2, "ค่า", "baseline_frozen")]
    assert Observation.objects.get(wave="baseline").value == Decimal("85000")


def test_rounds_a_wave_for_the_whole_file_and_an_entrepreneur_in_two_rounds(world, programme):
    from uplift.imports import jobs

    other = make_round(name="รุ่นที่ 2 ปี 2565", starts_on=date(2022, 1, 1), ends_on=date(2022, 6, 30))
    make_programme(world.phuket, round_=other)
    data = ("เลขประจำตัว,ตัวชี้วัด,ค่า\n"
            f"{world.phuket.id_number},ยอดขายต่อเดือน,1000\n").encode("utf-8")
    job = jobs.job_create(actor=world.officer, filename="s.csv", data=data, kind="observations")
    with pytest.raises(ValidationError):
        jobs.job_run(actor=world.officer, job=job, dry_run=True)  # no wave: a column or a value for the file
    jobs.mapping_set(actor=world.officer, job=job, mapping=job.mapping_dict(), defaults={"wave": "เดือนที่ 6"})
    job = jobs.job_run(actor=world.officer, job=job, dry_run=True)
    assert report(job) == [(2, "เลขประจำตัว", "several_rounds")]
    jobs.mapping_set(actor=world.officer, job=job, mapping=job.mapping_dict(),
                     defaults={"wave": "เดือนที่ 6", "round": "รุ่นที่ 2 ปี 2565"})
    job = jobs.job_run(actor=world.officer, job=job, dry_run=True)
    job = jobs.job_run(actor=world.officer, job=job, dry_run=False, confirm=job.check_token)
    obs = Observation.objects.get()
    assert (obs.round_id, obs.wave, obs.period) == (other.pk, "m6", date(2022, 12, 1))


def test_a_cp874_sheet_through_the_cli(world, programme, tmp_path, capsys):
    path = tmp_path / "ติดตามผล.csv"
    path.write_bytes((HEADER + "\n".join(good_lines(world)) + "\n").encode("cp874"))
    call_command("import", str(path), "--kind", "observations", "--user", "officer10")
    out = capsys.readouterr().out
    assert "3 rows: 3 accepted, 0 rejected" in out and "observations" in out
    assert Observation.objects.count() == 3
    call_command("import", str(path), "--kind", "observations", "--user", "officer10")
    assert "created 0, updated 0, unchanged 3" in capsys.readouterr().out


def test_the_cli_reports_another_regions_row_without_naming_it(world, programme, tmp_path, capsys):
    path = tmp_path / "obs.csv"
    path.write_bytes(sheet(world, f"1,{world.chiangmai.id_number},,,sales,ก่อนเริ่ม,ธ.ค. 2563,100"))
    call_command("import", str(path), "--kind", "observations", "--user", "officer10")
    out = capsys.readouterr().out
    assert "row 2 (no. 1), เลขประจำตัวผู้ประกอบการ: '3501300123451' — ไม่พบผู้ประกอบการนี้ในพื้นที่ของท่าน" in out
    assert world.chiangmai.name_th not in out and "เชียงใหม่" not in out


@pytest.mark.parametrize(("written", "wave"), [
    ("ก่อนเริ่ม", "baseline"), ("ก่อนเริ่มโครงการ", "baseline"), ("เดือนที่ 3", "m3"), ("เดือนที่ ๓", "m3"),
    ("เดือนที่3", "m3"), ("เดือนที่ 6", "m6"), ("เดือนที่ 12", "m12"), ("หลัง 1 ปี", "m12"), ("สิ้นสุดโครงการ", "end"),
    ("baseline", "baseline"), ("M3", "m3"),
])
def test_wave_words(written, wave):
    assert words.wave(written) == wave


@pytest.mark.parametrize(("written", "month"), [
    ("มี.ค. 2564", date(2021, 3, 1)), ("มีนาคม 64", date(2021, 3, 1)), ("03/2564", date(2021, 3, 1)),
    ("03/2021", date(2021, 3, 1)), ("2021-03", date(2021, 3, 1)), ("2564-03", date(2021, 3, 1)),
    ("15/03/2564", date(2021, 3, 1)), ("๑๕/๐๓/๒๕๖๔", date(2021, 3, 1)), (date(2021, 3, 15), date(2021, 3, 1)),
])
def test_periods_buddhist_or_common_era(written, month):
    assert words.period(written) == month


def test_unknown_waves_name_the_nearest_choices():
    from uplift.imports.core.normalise import Bad

    with pytest.raises(Bad) as error:
        words.wave("เดือนที่ 9")
    assert error.value.code == "unknown_choice" and "เดือนที่" in error.value.params["choices"]


def test_indicators_by_thai_name_code_or_synonym():
    catalogue = (("sales", "ยอดขายต่อเดือน", "Monthly sales"),
                 ("productivity", "ผลิตภาพ (มูลค่าผลผลิตต่อชั่วโมงแรงงาน)", "Productivity (output per worker-hour)"))
    assert words.indicator("ยอดขายต่อเดือน", catalogue) == "sales"
    assert words.indicator("ยอดขาย", catalogue) == "sales"
    assert words.indicator("sales", catalogue) == "sales"
    assert words.indicator("ผลิตภาพ", catalogue) == "productivity"
    assert words.indicator("ผลิตภาพ (มูลค่าผลผลิตต่อชั่วโมงแรงงาน)", catalogue) == "productivity"


def test_the_wizard_imports_observations_with_a_wave_for_the_whole_file(client, world, programme,
                                                                        django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from uplift.imports.models import ImportJob

    client.force_login(world.officer)
    data = ("ลำดับ,เลขทะเบียน,ตัวชี้วัด,ค่า\n"
            f"1,{world.phuket.id_number},ยอดขายต่อเดือน,\"120,000\"\n"
            f"2,{world.phuket.id_number},จำนวนการจ้างงาน,๑๕\n").encode("cp874")
    response = client.post(reverse("imports:upload"), {"file": SimpleUploadedFile("ติดตาม.csv", data),
                                                       "kind": "observations"})
    job = ImportJob.objects.get()
    assert job.kind == "observations" and response.url == reverse("imports:mapping", args=[job.pk])
    page = client.get(response.url).content.decode()
    assert "ข้อมูลผลลัพธ์ (ตัวชี้วัด)" in page and "ช่วงเวลา" not in job.table_meta["headers"]
    assert "ก่อนเริ่ม" in page  # the waves offered for the whole file
    mapping = {f"col-{i}": f for i, f in job.mapping_dict().items()}
    assert set(mapping.values()) == {"seq", "entrepreneur_id", "indicator", "value"}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(response.url, {**mapping, "default-wave": "เดือนที่ 12"})
    job.refresh_from_db()
    assert job.status == "checked" and job.issues == [] and job.counts["create"] == 2
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:run", args=[job.pk]), {"confirm": job.check_token})
    job.refresh_from_db()
    assert job.status == "done"
    assert sorted(Observation.objects.values_list("indicator__code", "wave", "value")) == [
        ("employment", "m12", Decimal("15.00")), ("sales", "m12", Decimal("120000.00"))]


def test_a_name_shared_by_two_entrepreneurs_needs_the_province(world, programme):
    from tests.factories import entrepreneur
    from uplift.programme.models import Enrolment

    officer = world.admin  # sees both provinces
    twin = entrepreneur(world.admin, name_th=world.phuket.name_th, subdistrict="501301", postal_code="50130")
    Enrolment.objects.create(round_activity=programme.activities[0], entrepreneur=twin, status="active")
    data = sheet(world, f"1,,{world.phuket.name_th},,sales,ก่อนเริ่ม,ธ.ค. 2563,100",
                 f"2,,{world.phuket.name_th},จ.ภูเก็ต,sales,ก่อนเริ่ม,ธ.ค. 2563,100")
    job = run(officer, data, kind="observations")
    assert report(job) == [(2, "ชื่อกลุ่ม", "ambiguous_entrepreneur_province")]
    assert list(Observation.objects.values_list("entrepreneur_id", flat=True)) == [world.phuket.pk]
