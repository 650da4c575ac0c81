"""Programme delivery from the command line, acting as a named user (checked and audited; their scope applies):

    uplift programme --user officer10 sessions [--mine]
    uplift programme --user officer10 schedule --cohort 3 --kind workshop --topic "..." --start 2027-01-05T09:00 \
        --end 2027-01-05T12:00 --subdistrict 830202 --staff consultant --weeks 6
    uplift programme --user consultant attendance 12 45:present 46:late:1.5 47:absent
    uplift programme --user officer10 enrolment 45 withdraw --reason "..."
    uplift programme --user manager promote 7          # free places of round activity 7 to the whole waitlist
    uplift programme --user officer10 overdue
    uplift programme --user admin plan 1 [--create]
    uplift programme --user officer10 export-attendance out.xlsx [--session 12 | --cohort 3]
    uplift programme --user officer10 export-progress out.xlsx
"""

from datetime import date, datetime
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.http import Http404
from django.utils import timezone

from uplift.access.cli import actor_from_options, add_actor_argument
from uplift.programme import actions, exports, selectors


def _when(text: str) -> datetime:
    value = datetime.fromisoformat(text)
    return timezone.make_aware(value) if timezone.is_naive(value) else value


class Command(BaseCommand):
    help = "Programme delivery: sessions, attendance, enrolments, milestones, the round's plan, exports."

    def add_arguments(self, parser):
        add_actor_argument(parser)
        sub = parser.add_subparsers(dest="what", required=True)
        s = sub.add_parser("sessions", help="list upcoming sessions")
        s.add_argument("--mine", action="store_true")
        s = sub.add_parser("schedule", help="schedule a session or a weekly series")
        s.add_argument("--cohort", type=int, required=True)
        s.add_argument("--kind", choices=["workshop", "visit", "clinic"], required=True)
        s.add_argument("--topic", required=True)
        s.add_argument("--start", type=_when, required=True)
        s.add_argument("--end", type=_when, required=True)
        s.add_argument("--subdistrict")
        s.add_argument("--venue", default="")
        s.add_argument("--link", default="")
        s.add_argument("--staff", help="username of the trainer or consultant")
        s.add_argument("--entrepreneur", type=int)
        s.add_argument("--capacity", type=int, default=30)
        s.add_argument("--weeks", type=int, default=1)
        s = sub.add_parser("attendance", help="record attendance: ENROLMENT:STATUS[:HOURS] ...")
        s.add_argument("session", type=int)
        s.add_argument("rows", nargs="+")
        s = sub.add_parser("enrolment", help="move an enrolment: offer, accept, decline, start, complete, withdraw")
        s.add_argument("enrolment", type=int)
        s.add_argument("action")
        s.add_argument("--reason", default="")
        s.add_argument("--on", type=date.fromisoformat)
        s = sub.add_parser("promote", help="offer the free places of a round activity to the whole round's waitlist")
        s.add_argument("round_activity", type=int)
        s.add_argument("--on", type=date.fromisoformat)
        sub.add_parser("overdue", help="list overdue milestones")
        s = sub.add_parser("plan", help="show (or --create) the round's 90-day plan")
        s.add_argument("round", type=int)
        s.add_argument("--create", action="store_true")
        s = sub.add_parser("export-attendance")
        s.add_argument("path", type=Path)
        s.add_argument("--session", type=int)
        s.add_argument("--cohort", type=int)
        s = sub.add_parser("export-progress")
        s.add_argument("path", type=Path)

    def handle(self, *args, what, **o):
        user = actor_from_options(o)
        try:
            getattr(self, "do_" + what.replace("-", "_"))(user, **o)
        except ValidationError as error:
            raise CommandError("; ".join(f"{k}: {' '.join(v)}" for k, v in error.message_dict.items())
                               if hasattr(error, "error_dict") else "; ".join(error.messages))
        except (PermissionDenied, Http404) as error:
            raise CommandError(str(error) or "Not allowed.")

    def do_sessions(self, user, mine=False, **o):
        for s in selectors.upcoming_sessions(user, mine_only=mine, limit=200):
            local = timezone.localtime(s.starts_at)
            self.stdout.write(f"{s.pk}\t{local:%Y-%m-%d %H:%M}\t{s.kind}\t{s.topic}\t{'taken' if s.attendance_taken else ''}")

    def do_schedule(self, user, cohort, kind, topic, start, end, subdistrict, venue, link, staff, entrepreneur,
                    capacity, weeks, **o):
        staff_id = None
        if staff:
            staff_id = get_user_model().objects.filter(username=staff).values_list("pk", flat=True).first()
            if staff_id is None:
                raise CommandError(f"No user {staff!r}.")
        made = actions.session_create(actor=user, weeks=weeks, data={
            "cohort": cohort, "kind": kind, "topic": topic, "starts_at": start, "ends_at": end, "subdistrict": subdistrict,
            "venue": venue, "link": link, "staff": staff_id, "entrepreneur": entrepreneur, "capacity": capacity})
        self.stdout.write(f"{len(made)} session(s): {', '.join(str(s.pk) for s in made)}")

    def do_attendance(self, user, session, rows, **o):
        parsed = []
        for row in rows:
            parts = row.split(":")
            if len(parts) not in (2, 3):
                raise CommandError(f"{row!r}: use ENROLMENT:STATUS[:HOURS]")
            parsed.append({"enrolment": int(parts[0]), "status": parts[1], "hours": parts[2] if len(parts) == 3 else None})
        self.stdout.write(f"{actions.attendance_record(actor=user, session_id=session, rows=parsed)} recorded")

    def do_enrolment(self, user, enrolment, action, reason, on, **o):
        e = actions.enrolment_transition(actor=user, enrolment_id=enrolment, action=action, reason=reason, on=on)
        self.stdout.write(f"{e.pk}\t{e.status}")

    def do_promote(self, user, round_activity, on, **o):
        offered = actions.waitlist_promote(actor=user, round_activity_id=round_activity, on=on)
        self.stdout.write(f"{len(offered)} offered: {', '.join(str(e.pk) for e in offered)}")

    def do_overdue(self, user, **o):
        for m in selectors.overdue_milestones(user)[:1000]:
            self.stdout.write(f"{m.due_on}\t{m.enrolment.entrepreneur.name_th}\t{m.template.name_th}")

    def do_plan(self, user, round, create=False, **o):
        if create:
            actions.round_plan_create(actor=user, round_id=round)
        round_, plan, figures = selectors.round_plan(user, round)
        for m in plan:
            mark = "done" if m.done_on else ("LATE" if m.late else "")
            self.stdout.write(f"{m.starts_on} → {m.due_on}\t{m.name}\t{mark}")
        places = (f"{figures['places_holding']}/{figures['places']}" if figures["national"]
                  else f"{figures['places_holding']} within your scope")
        self.stdout.write(f"steps done {figures['steps_done']}/{figures['steps']} (due by today {figures['steps_due']}); "
                          f"places {places}")

    def do_export_attendance(self, user, path, session=None, cohort=None, **o):
        path.write_bytes(exports.attendance_xlsx(user, session_id=session, cohort_id=cohort))
        self.stdout.write(str(path))

    def do_export_progress(self, user, path, **o):
        path.write_bytes(exports.progress_xlsx(user))
        self.stdout.write(str(path))
