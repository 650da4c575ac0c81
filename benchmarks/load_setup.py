"""Sessions for the load test's attendance writes: the demo data enrol entrepreneurs but schedule nothing.

For each active enrolment that a load-test account can see (up to --per-user), that account (officer or
consultant) schedules an on-site visit next week, through the programme's own action, so its attendance
can be recorded. Idempotent enough: run once after demo-round.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5440/uplift_load .venv/bin/python benchmarks/load_setup.py
"""

import argparse
import os
import sys
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "uplift.settings")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--per-user", type=int, default=20)
    args = parser.parse_args()
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.exceptions import ValidationError
    from django.utils import timezone

    from uplift.access import policy
    from uplift.programme.actions.sessions import session_create
    from uplift.programme.models import Enrolment, Session

    made = 0
    for username in ("officer10", "officer1", "consultant"):
        user = get_user_model().objects.get(username=username)
        if policy.visible(user, Session).filter(staff=user).exists():
            continue
        enrolments = policy.visible(user, Enrolment).filter(status="active").order_by("pk")[: args.per_user]
        start = timezone.now().replace(minute=0, second=0, microsecond=0) + timedelta(days=7)
        for i, enrolment in enumerate(enrolments):
            starts = start + timedelta(hours=2 * i)
            try:
                session_create(actor=user, data={
                    "kind": Session.Kind.VISIT, "topic": "เยี่ยมให้คำปรึกษา ณ สถานประกอบการ", "starts_at": starts,
                    "ends_at": starts + timedelta(hours=1), "staff": user.pk, "entrepreneur": enrolment.entrepreneur_id,
                    "subdistrict": enrolment.entrepreneur.subdistrict_id, "venue": "สถานประกอบการ", "capacity": 5})
                made += 1
            except ValidationError as error:
                print(f"{username}: {enrolment.pk}: {error.messages}")
    print(f"{made} visits scheduled")


if __name__ == "__main__":
    main()
