import pytest
from django.db import transaction

from uplift.audit.models import AuditEntry
from uplift.audit.selectors import audit_trail, id_ranges
from uplift.audit.actions import audit_record


def test_id_ranges_compress_runs():
    assert id_ranges([5, 1, 2, 3, 7, 8, 10]) == [[1, 3], [5, 5], [7, 8], [10, 10]]
    assert id_ranges([]) == []


@pytest.mark.django_db
def test_trail_joins_own_entries_and_the_import_that_created_the_object(world):
    pk = world.phuket.pk
    job_entry = AuditEntry.objects.create(action="import", model="imports.ImportJob", object_pk="7", changes={
        "created": {"registry.Entrepreneur": [[pk, pk], [10**6, 10**6 + 10]]}})
    AuditEntry.objects.create(action="import", model="imports.ImportJob", object_pk="8",
                              changes={"created": {"registry.Product": [[1, 10**7]]}})
    with transaction.atomic():
        own = audit_record(actor=world.admin, action="update", obj=world.phuket, changes={"members": ["1", "2"]})
    trail = audit_trail(model_label="registry.Entrepreneur", pk=pk)
    assert job_entry in trail and own in trail and trail.index(job_entry) < trail.index(own)
    assert all(e.model == "registry.Entrepreneur" or e == job_entry for e in trail)
    assert audit_trail(model_label="registry.Entrepreneur", pk=10**6 + 5) == [job_entry]
    assert audit_trail(model_label="registry.Entrepreneur", pk=10**6 + 11) == []
