"""Snapshot rows saved through COPY (PostgreSQL) read back exactly as those saved by bulk_create."""

import pytest

from uplift.screening.bulk import insert_rows
from uplift.screening.models import SnapshotRow
from uplift.screening.scenarios import scenario_create

pytestmark = pytest.mark.django_db

FIELDS = ["entrepreneur_id", "name_th", "province", "centre", "category", "impact", "sales_drop", "tourist_share",
          "exposure", "vulnerability", "flags", "benefit", "failed_rules", "assigned", "greedy_assigned",
          "is_selected", "value"]


def _rows(run, world):
    return [
        SnapshotRow(run=run, entrepreneur_id=world.phuket.pk, name_th="แถวทดสอบ: บาติก \"ป่าตอง\"", province="83",
                    centre=10, category="textile", impact=0.731, sales_drop=0.8, tourist_share=0.4, exposure=0.95,
                    vulnerability=0.25, flags={"sales_drop_known": True, "needs_answered": False},
                    benefit=[0.5, None, 1.25e-9], failed_rules={"2": [0, "excluded"]}, assigned=[1],
                    greedy_assigned=[], is_selected=True, value=0.5),
        SnapshotRow(run=run, entrepreneur_id=None, name_th="ผู้ประกอบการ 'ที่ถูกลบ' \\ \t ท้ายแถว", province="50",
                    centre=None, category="", impact=0.0, sales_drop=-0.125, tourist_share=0.0, exposure=0.0,
                    vulnerability=0.0, benefit=[None] * 7),
    ]


def test_copied_rows_equal_bulk_created_rows(world, solve, programme_round):
    first = solve(scenario_create(actor=world.admin, round_id=programme_round.pk, data={"name": "ก"}))
    second = solve(scenario_create(actor=world.admin, round_id=programme_round.pk, data={"name": "ข"}))
    insert_rows(SnapshotRow, _rows(first, world))
    SnapshotRow.objects.bulk_create(_rows(second, world))

    def read(run):
        rows = list(SnapshotRow.objects.filter(run=run, name_th__in=[r.name_th for r in _rows(run, world)])
                    .order_by("name_th").values_list(*FIELDS))
        return rows

    assert len(read(first)) == 2
    assert read(first) == read(second)
