"""Deciding a likely duplicate: merge or keep, within the officer's centres only."""

import pytest
from django.core.exceptions import ValidationError

from tests.imports.files import HEADERS, PATONG, to_csv
from tests.imports.runs import run
from uplift.audit.models import AuditEntry
from uplift.imports.duplicates import duplicate_resolve
from uplift.imports.models import DuplicateCandidate
from uplift.registry.models import Entrepreneur

pytestmark = pytest.mark.django_db


@pytest.fixture
def candidates(world):
    from tests.factories import entrepreneur

    existing = entrepreneur(world.admin, name_th="กลุ่มแม่บ้านป่าตอง", subdistrict="830202", postal_code="83150",
                            phone="076-222-333", members=5)
    rows = [HEADERS, ["1", "กลุ่มแม่บ้านป่าตอง", "", "15/03/2563", "12", PATONG, "076-222-333", "กลุ่ม"],
            ["2", "กลุ่มแม่บ้านป่าตองใหม่", "", "15/03/2563", "9", PATONG, "076-222-333", "กลุ่ม"]]
    run(world.officer, to_csv(rows))
    return existing, *DuplicateCandidate.objects.order_by("row")


def test_merge_or_keep(world, candidates):
    existing, first, second = candidates
    duplicate_resolve(actor=world.officer, pk=first.pk, action="merge")
    assert Entrepreneur.objects.get(pk=existing.pk).members == 12
    duplicate_resolve(actor=world.officer, pk=second.pk, action="keep")
    assert Entrepreneur.objects.filter(name_th="กลุ่มแม่บ้านป่าตองใหม่").count() == 1
    assert set(DuplicateCandidate.objects.values_list("status", flat=True)) == {"merged", "kept"}
    assert AuditEntry.objects.filter(action__startswith="duplicate.", actor=world.officer).count() == 2


def test_out_of_reach_or_decided_candidates_are_not_found(world, candidates):
    from tests.factories import PASSWORD
    from uplift.access.actions import user_create
    from uplift.access.models import Role

    _existing, first, _second = candidates
    north = user_create(actor=world.admin, username="officer1", password=PASSWORD, role=Role.REGIONAL_OFFICER,
                        centres=[1])
    with pytest.raises(ValidationError):
        duplicate_resolve(actor=north, pk=first.pk, action="merge")
    with pytest.raises(ValidationError):
        duplicate_resolve(actor=world.officer, pk=first.pk, action="swap")
    duplicate_resolve(actor=world.officer, pk=first.pk, action="keep")
    with pytest.raises(ValidationError):
        duplicate_resolve(actor=world.officer, pk=first.pk, action="keep")
