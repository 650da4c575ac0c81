"""The standards catalogue as data: codes match the registry, each standard has its parts."""

import csv
from pathlib import Path

import pytest

from uplift.toolkits.standards.core.catalogue import catalogue, standard, tcps_candidates, tcps_product_types

REGISTRY = Path(__file__).resolve().parents[4] / "uplift" / "registry" / "data" / "standards.csv"


def test_codes_are_the_registrys():
    with REGISTRY.open(encoding="utf-8") as handle:
        codes = {row["code"] for row in csv.DictReader(handle)}
    assert set(catalogue()) == codes


def test_each_standard_has_its_structure():
    assert [s.id for s in standard("GMP").sections] == ["P1", "P2", "P3", "P4", "P5"]
    haccp = standard("HACCP")
    steps = [c for c in haccp.clauses if c.id != "S0"]
    assert len(steps) == 12 and sum(1 for c in steps if c.weight == 2) == 7
    assert [s.id for s in standard("ISO9001").sections] == [str(n) for n in range(4, 11)]
    assert [s.id for s in standard("ISO22000").sections] == [str(n) for n in range(4, 11)]
    assert standard("FDA").number_rule.pattern == r"^\d{2}-\d-\d{5}-\d-\d{4}$"
    assert standard("TCPS").number_rule.kind == "tcps" and not standard("TCPS").validity_confirmed
    for spec in catalogue().values():
        assert spec.sources and spec.editions and spec.clauses
        assert all(c.evidence_th and c.text_th for c in spec.clauses)


def test_unknown_standard_is_named_in_thai():
    with pytest.raises(KeyError, match="ไม่มีมาตรฐาน"):
        standard("ISO14001")


def test_community_product_types_by_category():
    assert len(tcps_product_types()) >= 30
    assert [t.product_type_th for t in tcps_candidates("food", "น้ำพริกเผากุ้งเสียบ")] == ["น้ำพริกเผา"]
    assert tcps_candidates("textile", "น้ำพริกเผา") == ()
    assert all(not t.confirmed and t.standard_number == "" for t in tcps_product_types())
