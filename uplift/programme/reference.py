"""Loads the 7 activities from data/activities.csv (the seed's news release)."""

import csv
from pathlib import Path

from django.db import transaction

from uplift.programme.models import Activity

ACTIVITIES_FILE = Path(__file__).parent / "data" / "activities.csv"


def activities_load(*, path: Path = ACTIVITIES_FILE) -> int:
    """Create the activities the database lacks; edits made in the admin are kept."""
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    with transaction.atomic():
        created = [Activity.objects.get_or_create(number=int(r["number"]), defaults={**r, "number": int(r["number"])})[1]
                   for r in rows]
    return sum(created)
