"""Loading areas from geothai and the regional-centre map from its data file. Both idempotent."""

import csv
from dataclasses import dataclass
from pathlib import Path

import geothai
from django.db import transaction

from uplift.audit.actions import audit_record
from uplift.geo.models import District, Province, RegionalCentre, Subdistrict

REGIONAL_CENTRES_FILE = Path(__file__).parent / "data" / "regional_centres.csv"


@dataclass(frozen=True)
class AreaCounts:
    provinces: int
    districts: int
    subdistricts: int


def geo_load_areas() -> AreaCounts:
    """Insert every DOPA area geothai knows that the database lacks; existing rows are kept."""
    provinces, districts, subdistricts = [], [], []
    for p in geothai.provinces():
        provinces.append(Province(code=p.code, name_th=p.name_th, name_en=p.name_en))
        for d in geothai.districts(p.code):
            districts.append(District(code=d.code, province_id=p.code, name_th=d.name_th, name_en=d.name_en))
            for s in geothai.subdistricts(d.code):
                subdistricts.append(
                    Subdistrict(
                        code=s.code, district_id=d.code, province_id=p.code,
                        name_th=s.name_th, name_en=s.name_en, postal_codes=",".join(s.postal_codes),
                    )
                )
    with transaction.atomic():
        Province.objects.bulk_create(provinces, ignore_conflicts=True, batch_size=2000)
        District.objects.bulk_create(districts, ignore_conflicts=True, batch_size=2000)
        Subdistrict.objects.bulk_create(subdistricts, ignore_conflicts=True, batch_size=2000)
    return AreaCounts(Province.objects.count(), District.objects.count(), Subdistrict.objects.count())


def geo_load_regional_centres(*, actor, path: Path = REGIONAL_CENTRES_FILE) -> int:
    """Create the centres in the file that do not exist and give unassigned provinces their centre.

    Corrections made in the admin win: an existing centre or a province already assigned is
    left as it is. Returns the number of provinces assigned by this call.
    """
    by_name = {p.name_th: p for p in Province.objects.all()}
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    unknown = [n for r in rows for n in [r["seat"], *r["provinces"].split("|")] if n not in by_name]
    if unknown:
        raise ValueError(f"{path.name}: unknown province names {sorted(set(unknown))}")
    assigned = 0
    with transaction.atomic():
        for row in rows:
            centre, created = RegionalCentre.objects.get_or_create(
                number=int(row["number"]),
                defaults={"name_th": row["name_th"], "name_en": row["name_en"], "seat": by_name[row["seat"]]},
            )
            names = row["provinces"].split("|")
            assigned += Province.objects.filter(name_th__in=names, centre__isnull=True).update(centre=centre)
            if created:
                audit_record(actor=actor, action="create", obj=centre, changes={"provinces": names})
    return assigned
