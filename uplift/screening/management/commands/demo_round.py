"""`uplift demo-round`: a demo round with its 7 activities, example rules and two scenarios.

Idempotent by the round's name. Then `uplift assign --round R --scenario S` solves a scenario
in the foreground, or the web page's Run button queues it for `uplift db_worker`.
"""

from datetime import date

from django.core.management.base import BaseCommand

from uplift.access.models import Role
from uplift.programme.models import Round
from uplift.screening.services import DEFAULT_COST, DEFAULT_PLACES, round_create, rule_create, scenario_create

DEMO_RULES = {
    3: [{"field": "has_successor_aged_18_45", "op": "eq", "value": True}],
    4: [{"field": "max_star_rating", "op": "between", "value": [3, 5]}],
    5: [{"field": "holds_standard:TCPS", "op": "eq", "value": False}],
}


class _System:
    is_authenticated = True
    is_active = True
    is_superuser = True
    pk = None


def demo_round_create(*, name: str = "รอบที่ 1/2564 ฟื้นฟู OTOP หลังโควิด") -> Round:
    from django.contrib.auth import get_user_model

    actor = get_user_model().objects.filter(is_superuser=True).first() or \
        get_user_model().objects.filter(profile__role=Role.ADMINISTRATOR).first() or _System()
    round_ = round_create(actor=actor, data={
        "name": name, "starts_on": date(2021, 4, 1), "ends_on": date(2021, 9, 30), "budget": 30_000_000,
        "target_entrepreneurs": 1000, "target_value": 500_000_000, "max_activities_per_entrepreneur": 2,
    }, activities={n: {"places": DEFAULT_PLACES[n], "cost_per_place": DEFAULT_COST[n]} for n in DEFAULT_PLACES})
    for ra in round_.activities.select_related("activity"):
        for rule in DEMO_RULES.get(ra.activity.number, []):
            rule_create(actor=actor, round_activity_id=ra.pk, rule=rule)
    scenario_create(actor=actor, round_id=round_.pk, data={"name": "ค่าเริ่มต้น (default)", "min_selected": 1100})
    scenario_create(actor=actor, round_id=round_.pk, data={
        "name": "เน้นนักท่องเที่ยวต่างชาติ (foreign tourists)", "min_selected": 1100,
        "weights": {"tourist_share": 0.4, "foreign_weight": 3.0}})
    return round_


class Command(BaseCommand):
    help = "Create a demo programme round with its 7 activities, example eligibility rules and two scenarios."

    def add_arguments(self, parser):
        parser.add_argument("--name", default="รอบที่ 1/2564 ฟื้นฟู OTOP หลังโควิด")
        parser.add_argument("--solve", action="store_true", help="also solve both scenarios (unless already solved)")

    def handle(self, *args, name, solve, **options):
        round_ = Round.objects.filter(name=name).first()
        if round_ is not None:
            self.stdout.write(f"round {round_.pk} ({name}) already exists; nothing created")
        else:
            round_ = demo_round_create(name=name)
        if solve:
            from django.core.management import call_command

            from uplift.screening.models import Run

            for scenario in round_.scenarios.all():
                if not scenario.runs.filter(status=Run.Status.DONE).exists():
                    call_command("assign", "--round", str(round_.pk), "--scenario", str(scenario.pk), stdout=self.stdout)
            return
        scenarios = ", ".join(f"{s.pk} ({s.name})" for s in round_.scenarios.all())
        self.stdout.write(f"round {round_.pk}: {round_.name}; scenarios {scenarios}")
        self.stdout.write(f"solve with: uplift assign --round {round_.pk} --scenario {round_.scenarios.first().pk}")
