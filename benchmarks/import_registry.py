"""Import 100,000 entrepreneur rows from .xlsx into PostgreSQL with full validation; compare readers and django-import-export.

    .venv/bin/python benchmarks/import_registry.py [--rows 100000] [--iie-rows N]
        [--database-url postgresql://postgres@127.0.0.1:5432/uplift_bench_import]

1. Writes a realistic sheet once (var/bench/registry-<rows>.xlsx): a title row, Thai headers,
   Buddhist-era dates in mixed forms, free-text addresses (ต./อ./จ. + postal code), juristic and
   citizen IDs with valid check digits, some rows without an identifier.
2. Reading only: fastexcel (calamine, into Arrow/polars) and python-calamine (into Python lists).
3. Ours: `uplift import` machinery (read, header detection, normalise, geothai matching, stdnum
   checks, scope, upsert plan, one transaction with audit rows) into a freshly created database.
   PostgreSQL alone: the same checked rows, already CSV text, timed from COPY to commit: the
   part of ours no checking can remove. --repeat N (default 3) runs reading, ours and this N
   times and prints medians.
4. django-import-export 4 on the same file and model, configured here only: a ModelResource with
   clean_model_instances=True (full_clean per row, as the registry's services validate) and the
   same conversions (BE year, address → subdistrict code) in before_import_row; per-row saves
   (the library's default). --iie-rows limits it to the first N rows and extrapolates.
Each measured phase runs in its own process so peak memory (ru_maxrss) is per phase.

--wide writes the sheet of issue 12 instead (var/bench/registry-wide-<rows>.xlsx): each row also holds a
product, its stars (with "not rated" words), two years of average monthly sales and the foreign tourist
share, so 100,000 rows become 100,000 entrepreneurs, 100,000 products and 2,400,000 monthly sales rows.
Ours then runs as `uplift import` does: the dry run, then the import of that same plan; the floor is
the fastest read plus one COPY per table of the same rows.
"""

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from national_demo_data import recreate_database

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
HEADERS = ["ลำดับ", "ชื่อกลุ่ม/ผู้ประกอบการ", "ประเภท", "เลขประจำตัวผู้เสียภาษี", "วันที่ขึ้นทะเบียน", "จำนวนสมาชิก",
           "ที่อยู่", "โทรศัพท์", "อีเมล"]
WIDE = ["ชื่อผลิตภัณฑ์", "ประเภทผลิตภัณฑ์", "ระดับดาว", "ปีที่ได้รับดาว", "ยอดขายเฉลี่ยต่อเดือน ปี 2562 (บาท)",
        "ยอดขายเฉลี่ยต่อเดือน ปี 2563 (บาท)", "สัดส่วนนักท่องเที่ยวต่างชาติ (%)"]


def generate(path: Path, rows: int, wide: bool = False) -> None:
    import geothai
    from openpyxl import Workbook
    from stdnum.th import moa, pin

    rng = random.Random(2563)
    subs = [(s, d, p) for p in geothai.provinces() for d in geothai.districts(p.code) for s in geothai.subdistricts(d.code)]
    words = ["ทอผ้า", "จักสาน", "แม่บ้าน", "เกษตรกร", "สมุนไพร", "ข้าวกล้อง", "ผ้าไหม", "ผ้าฝ้าย", "เครื่องปั้น", "กาแฟ",
             "น้ำพริก", "ขนมไทย", "ไม้แกะสลัก", "บาติก", "ดอกไม้ประดิษฐ์", "ปลาร้า", "ชาใบหม่อน", "เครื่องเงิน"]
    months = ["ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."]
    kinds = ["กลุ่มชุมชน", "วิสาหกิจชุมชน", "ผู้ผลิตรายเดี่ยว", "SME"]
    book = Workbook(write_only=True)
    sheet = book.create_sheet("ทะเบียน")
    sheet.append(["ทะเบียนผู้ประกอบการ OTOP ทั่วประเทศ (ข้อมูลทดสอบ)"])
    sheet.append(HEADERS + (WIDE if wide else []))
    goods = ["ผ้าทอมือ", "น้ำพริก", "สบู่สมุนไพร", "ตะกร้าจักสาน", "กาแฟคั่ว", "ข้าวกล้องงอก", "ชาใบหม่อน"]
    categories = ["ผ้าและเครื่องแต่งกาย", "อาหาร", "สมุนไพรที่ไม่ใช่อาหาร", "ของใช้ ของตกแต่ง ของที่ระลึก", "เครื่องดื่ม",
                  "อาหารแปรรูป", "เครื่องดื่ม"]
    stars = ["", "ไม่ได้รับ", "-", "ยังไม่ได้รับการคัดสรร", "3 ดาว", "4", "5 ดาว", "★★"]
    for i in range(rows):
        s, d, p = rng.choice(subs)
        y, m, day = rng.randint(2545, 2565), rng.randint(1, 12), rng.randint(1, 28)
        date = rng.choice([f"{day:02d}/{m:02d}/{y}", f"{y}-{m:02d}-{day:02d}", f"{day} {months[m - 1]} {y % 100:02d}"])
        r = rng.random()
        if r < 0.5:
            stem = f"0{rng.randint(10**10, 10**11 - 1)}{i % 10}"[:12]
            ident = stem + moa.calc_check_digit(stem)
        elif r < 0.85:
            stem = f"{rng.randint(1, 8)}{i:011d}"
            ident = stem + pin.calc_check_digit(stem)
        else:
            ident = ""
        row = [i + 1, f"กลุ่ม{rng.choice(words)}{s.name_th} {i}", rng.choice(kinds), ident, date, rng.randint(1, 80),
               f"{rng.randint(1, 300)} หมู่ {rng.randint(1, 15)} ต.{s.name_th} อ.{d.name_th} จ.{p.name_th} {s.postal_codes[0]}",
               f"08{rng.randint(0, 9)}-{rng.randint(100, 999)}-{rng.randint(1000, 9999)}", ""]
        if wide:
            good = rng.randrange(len(goods))
            star = rng.choice(stars)
            row += [f"{goods[good]} {i % 97}", categories[good], star, "2562" if star[:1].isdigit() or "★" in star else "",
                    f"{rng.randint(5, 400) * 1000:,}", rng.randint(1, 200) * 500, f"{rng.randint(0, 60)}%"]
        sheet.append(row)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)


def _maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def phase_read(path: Path) -> dict:
    import fastexcel
    from python_calamine import CalamineWorkbook

    started = time.perf_counter()
    frame = fastexcel.read_excel(str(path)).load_sheet(0, header_row=1).to_polars()
    fast = time.perf_counter() - started
    started = time.perf_counter()
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    calamine = time.perf_counter() - started
    return {"fastexcel_s": fast, "python_calamine_s": calamine, "rows": frame.height, "python_rows": len(rows) - 2,
            "maxrss_mb": _maxrss_mb()}


def _django(url: str):
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "uplift.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from uplift.access import policy
    from uplift.core.reference import reference_load

    recreate_database(url)
    from django.db import connection

    connection.close()
    call_command("migrate", verbosity=0)
    reference_load(actor=policy.system_actor())


def phase_ours(path: Path, url: str) -> dict:
    _django(url)
    from uplift.access import policy
    from uplift.imports import jobs
    from uplift.registry.models import Entrepreneur

    data = path.read_bytes()
    started = time.perf_counter()
    steps = {}
    last = [started, ""]

    def progress(job):
        if job.phase != last[1]:
            now = time.perf_counter()
            if last[1]:
                steps[last[1]] = round(steps.get(last[1], 0) + now - last[0], 2)
            last[:] = [now, job.phase]

    system = policy.system_actor()
    job = jobs.job_create(actor=system, filename=path.name, data=data)
    created = time.perf_counter() - started
    job = jobs.job_run(actor=system, job=job, dry_run=True, progress=progress)  # as `uplift import`: check, then
    job = jobs.job_run(actor=system, job=job, dry_run=False, confirm=job.check_token, progress=progress)  # write it
    total = time.perf_counter() - started
    steps[last[1] or "commit"] = round(time.perf_counter() - last[0], 2)
    return {"total_s": total, "upload_and_first_read_s": created, "steps_s": steps, "counts": job.counts,
            "issues": job.issues[:5], "entrepreneurs": Entrepreneur.objects.count(), "maxrss_mb": _maxrss_mb()}


def _floor_frames(path: Path) -> list:
    """(model, table rows) of everything the file puts in the registry, as checked and planned by ours."""
    from django.utils import timezone

    from uplift.access import policy
    from uplift.imports import jobs, plan as planning, write
    from uplift.imports.plan_parts import PARTS
    from uplift.imports.selectors import job_table
    from uplift.registry.models import Entrepreneur

    system = policy.system_actor()
    job = jobs.job_create(actor=system, filename=path.name, data=path.read_bytes())
    table = job_table(job)
    plan = planning.plan(job, system, planning.check(job, table, jobs.effective_defaults(job)), table.headers)
    ids = write.reserve_ids(Entrepreneur, plan.create.height)
    frames = [(Entrepreneur, write.entrepreneur_table_rows(plan.create, ids, timezone.now()))]
    new = {-row: pk for row, pk in zip(plan.create.get_column("_row").to_list(), ids)}
    for name, part in plan.parts.items():
        spec = PARTS[name]
        rows = part.create.with_columns(part.create.get_column("_ent").replace(new).alias("_ent"))
        frames.append((spec.model, write._part_table_rows(spec, rows, write.reserve_ids(spec.model, rows.height))))
    return frames


def phase_floor(path: Path, url: str) -> dict:
    """Only PostgreSQL's part: the checked rows of the file, already as CSV text, sent by one COPY and
    committed (keys, unique identifier, index, check and foreign-key constraints), timed alone."""
    _django(url)
    from django.db import connection, transaction

    frames = [(model, frame.write_csv(include_header=False, quote_style="non_numeric"), frame.columns, frame.height)
              for model, frame in _floor_frames(path)]
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        for model, text, columns, _rows in frames:
            with cursor.cursor.copy(f"COPY {model._meta.db_table} ({', '.join(columns)}) FROM STDIN (FORMAT csv)") as copy:
                copy.write(text)
        copied = time.perf_counter() - started
    return {"total_s": time.perf_counter() - started, "copy_s": copied, "rows": frames[0][3],
            "all_rows": sum(f[3] for f in frames)}


def phase_iie(path: Path, url: str, limit: int | None) -> dict:
    _django(url)
    import tablib
    from import_export import fields, resources

    from uplift.imports.core import normalise as n
    from uplift.registry.models import Entrepreneur

    kinds = {"กลุ่มชุมชน": "community_group", "วิสาหกิจชุมชน": "community_enterprise",
             "ผู้ผลิตรายเดี่ยว": "individual", "SME": "sme"}

    class EntrepreneurResource(resources.ModelResource):
        name_th = fields.Field(attribute="name_th", column_name="ชื่อกลุ่ม/ผู้ประกอบการ")
        kind = fields.Field(attribute="kind", column_name="ประเภท")
        id_number = fields.Field(attribute="id_number", column_name="เลขประจำตัวผู้เสียภาษี")
        otop_year = fields.Field(attribute="otop_year", column_name="วันที่ขึ้นทะเบียน")
        members = fields.Field(attribute="members", column_name="จำนวนสมาชิก")
        address_line = fields.Field(attribute="address_line", column_name="ที่อยู่")
        phone = fields.Field(attribute="phone", column_name="โทรศัพท์")

        class Meta:
            model = Entrepreneur
            fields = ("name_th", "kind", "id_type", "id_number", "otop_year", "members", "address_line", "subdistrict",
                      "postal_code", "phone")
            import_id_fields = ("id_number",)
            clean_model_instances = True
            skip_unchanged = True

        def before_import_row(self, row, **kwargs):
            address = n.address(row["ที่อยู่"])
            row["subdistrict"] = n.area(address["subdistrict"], address["district"], address["province"], address["postal_code"])
            row["postal_code"] = address["postal_code"]
            row["ที่อยู่"] = address["address_line"]
            row["วันที่ขึ้นทะเบียน"] = n.year(row["วันที่ขึ้นทะเบียน"])
            row["ประเภท"] = kinds[row["ประเภท"]]
            number = n.digits_of(row["เลขประจำตัวผู้เสียภาษี"] or "")
            row["เลขประจำตัวผู้เสียภาษี"] = number
            row["id_type"] = "none" if not number else "juristic" if number.startswith("0") else "citizen"
            row["โทรศัพท์"] = n.phone(row["โทรศัพท์"])

        def get_instance(self, instance_loader, row):
            if not row["เลขประจำตัวผู้เสียภาษี"]:  # no identifier: a new group, as in ours
                return None
            return super().get_instance(instance_loader, row)

        def before_save_instance(self, instance, row, **kwargs):
            instance.refresh_derived()

    started = time.perf_counter()
    from openpyxl import load_workbook

    sheet = load_workbook(path, read_only=True).active
    values = list(sheet.iter_rows(values_only=True))[1:]  # below the title row
    dataset = tablib.Dataset(*[[("" if v is None else v) for v in row] for row in values[1:1 + (limit or len(values))]],
                             headers=list(values[0]))
    dataset.append_col([""] * len(dataset), header="subdistrict")
    dataset.append_col([""] * len(dataset), header="postal_code")
    dataset.append_col([""] * len(dataset), header="id_type")
    loaded = time.perf_counter() - started
    result = EntrepreneurResource().import_data(dataset, dry_run=False, raise_errors=False, use_transactions=True)
    total = time.perf_counter() - started
    return {"total_s": total, "load_s": loaded, "rows": len(dataset), "errors": len(result.row_errors()),
            "invalid": len(result.invalid_rows), "entrepreneurs": Entrepreneur.objects.count(), "maxrss_mb": _maxrss_mb()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--iie-rows", type=int, default=None, help="limit django-import-export to N rows, extrapolate")
    parser.add_argument("--skip-iie", action="store_true")
    parser.add_argument("--wide", action="store_true", help="one row = entrepreneur + product + stars + two years of "
                                                            "average sales + tourist share (issue 12); skips iie")
    parser.add_argument("--repeat", type=int, default=3, help="runs of reading and of ours; medians are reported")
    parser.add_argument("--database-url", default="postgresql://postgres@127.0.0.1:5432/uplift_bench_import")
    parser.add_argument("--phase", choices=["read", "ours", "floor", "iie"], help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        path = Path(args.file)
        result = (phase_read(path) if args.phase == "read" else phase_ours(path, args.database_url)
                  if args.phase == "ours" else phase_floor(path, args.database_url) if args.phase == "floor"
                  else phase_iie(path, args.database_url, args.iie_rows))
        print("RESULT " + json.dumps(result, ensure_ascii=False, default=str))
        return

    path = ROOT / "var" / "bench" / f"registry-{'wide-' if args.wide else ''}{args.rows}.xlsx"
    if not path.exists():
        started = time.perf_counter()
        generate(path, args.rows, args.wide)
        print(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - started:.1f} s")

    def run(phase: str) -> dict:
        command = [sys.executable, __file__, "--phase", phase, "--file", str(path), "--database-url", args.database_url]
        if args.iie_rows:
            command += ["--iie-rows", str(args.iie_rows)]
        out = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
        line = next((x for x in out.stdout.splitlines() if x.startswith("RESULT ")), None)
        if line is None:
            sys.exit(f"{phase} failed:\n{out.stdout[-2000:]}\n{out.stderr[-4000:]}")
        return json.loads(line[7:])

    reads = [run("read") for _ in range(args.repeat)]
    fastest = statistics.median(min(r["fastexcel_s"], r["python_calamine_s"]) for r in reads)
    print(f"read only (median of {args.repeat}): fastexcel {statistics.median(r['fastexcel_s'] for r in reads):.2f} s, "
          f"python-calamine {statistics.median(r['python_calamine_s'] for r in reads):.2f} s "
          f"({reads[0]['rows']:,} rows; peak {max(r['maxrss_mb'] for r in reads):.0f} MB)")
    runs = []
    for _ in range(args.repeat):
        runs.append(run("ours"))
        r = runs[-1]
        print(f"  ours: {r['total_s']:.2f} s; upload and first read {r['upload_and_first_read_s']:.2f} s; "
              f"steps {r['steps_s']}; peak memory {r['maxrss_mb']:.0f} MB")
    ours = sorted(runs, key=lambda r: r["total_s"])[len(runs) // 2]
    print(f"ours (median of {args.repeat}): {ours['total_s']:.2f} s for {args.rows:,} rows = "
          f"{args.rows / ours['total_s']:,.0f} rows/s; counts {ours['counts']}; in the database {ours['entrepreneurs']:,}")
    if ours["issues"]:
        print(f"  first problems: {ours['issues']}")
    print(f"ratio ours / fastest read: {ours['total_s'] / fastest:.2f}x (target <= 3x)")
    floors = [run("floor") for _ in range(args.repeat)]
    floor = statistics.median(f["total_s"] for f in floors)
    print(f"PostgreSQL alone (median of {args.repeat}): COPY of the {floors[0]['rows']:,} checked rows as CSV, and commit "
          f"{floor:.2f} s (COPY {statistics.median(f['copy_s'] for f in floors):.2f} s; "
          f"{floors[0]['all_rows']:,} rows in all tables); "
          f"fastest read + this write = {(fastest + floor) / fastest:.2f}x the read, before any checking")
    print(f"ratio ours / floor (fastest read + PostgreSQL's write): {ours['total_s'] / (fastest + floor):.2f}x "
          f"(target <= 1.5x for the wide sheet); peak memory {ours['maxrss_mb']:.0f} MB (target <= 1024)")
    if args.skip_iie or args.wide:
        return
    iie = run("iie")
    scale = args.rows / iie["rows"]
    estimate = iie["total_s"] * scale
    print(f"django-import-export: {iie['total_s']:.1f} s for {iie['rows']:,} rows"
          + (f" (extrapolated to {args.rows:,}: {estimate:.0f} s)" if scale != 1 else "")
          + f"; errors {iie['errors']}, invalid {iie['invalid']}; in the database {iie['entrepreneurs']:,}; "
          f"peak memory {iie['maxrss_mb']:.0f} MB")
    print(f"speed-up ours vs django-import-export: {estimate / ours['total_s']:.1f}x (target >= 10x)")


if __name__ == "__main__":
    main()
