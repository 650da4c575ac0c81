"""Loads the 7 activities from data/activities.csv (the seed's news release) and each
activity's milestone template from data/milestones.csv."""

import csv
from pathlib import Path

from django.db import transaction

from uplift.programme.models import Activity, MilestoneTemplate

ACTIVITIES_FILE = Path(__file__).parent / "data" / "activities.csv"
MILESTONES_FILE = Path(__file__).parent / "data" / "milestones.csv"


def activities_load(*, path: Path = ACTIVITIES_FILE) -> int:
    """Create the activities the database lacks; edits made in the admin are kept."""
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    with transaction.atomic():
        created = [Activity.objects.get_or_create(number=int(r["number"]), defaults={**r, "number": int(r["number"])})[1]
                   for r in rows]
    milestone_templates_load()
    return sum(created)


def milestone_templates_load(*, path: Path = MILESTONES_FILE) -> int:
    """Create the milestone templates the database lacks (per activity number and order)."""
    activities = {a.number: a for a in Activity.objects.all()}
    made = 0
    with transaction.atomic():
        for line, r in enumerate(csv.DictReader(path.open(encoding="utf-8")), start=2):
            activity = activities.get(int(r["activity"]))
            if activity is None:
                raise ValueError(f"{path.name} line {line}: unknown activity number {r['activity']}")
            made += MilestoneTemplate.objects.get_or_create(
                activity=activity, order=int(r["order"]),
                defaults={"name_th": r["name_th"], "name_en": r["name_en"], "due_week": int(r["due_week"])},
            )[1]
    return made
