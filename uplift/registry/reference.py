"""Loads the standards catalogue from data/standards.csv (sources in its last column)."""

import csv
from pathlib import Path

from django.db import transaction

from uplift.registry.models import Standard

STANDARDS_FILE = Path(__file__).parent / "data" / "standards.csv"


def standards_load(*, path: Path = STANDARDS_FILE) -> int:
    """Create the standards the database lacks; edits made in the admin are kept."""
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    with transaction.atomic():
        created = [Standard.objects.get_or_create(code=row["code"], defaults=row)[1] for row in rows]
    return sum(created)
