"""`uplift demo-round`: a demo round with its 7 activities, example rules and two scenarios.

Idempotent by the round's name. Acts as ``--user`` when given, else — this is demo data
loading — explicitly as the system account; either way through the same checked and audited
actions as the web pages. Then `uplift assign --round R --scenario S --user U` solves a
scenario in the foreground, or the web page's Run button queues it for `uplift db_worker`.
"""

import os
from datetime import date

from django.core.management import call_command
from django.core.management.base import BaseCommand

from uplift.access import cli, policy
from uplift.programme.models import Round
from uplift.screening import selectors
from uplift.screening.models import Run
from uplift.screening.rounds import DEFAULT_COST, DEFAULT_PLACES, round_create
from uplift.screening.rules import rule_create
from uplift.screening.scenarios import scenario_create

NAME = "รอบที่ 1/2564 ฟื้นฟู OTOP หลังโควิด"
DEMO_RULES = {
    3: [{"field": "has_successor_aged_18_45", "op": "eq", "value": True}],
    4: [{"field": "max_star_rating", "op": "between", "value": [3, 5]}],
    5: [{"field": "holds_standard:TCPS", "op": "eq", "value": False}],
}


def demo_round_create(*, actor, name: str = NAME) -> Round:
    round_ = round_create(actor=actor, data={
        "name": name, "starts_on": date(2021, 4, 1), "ends_on": date(2021, 9, 30), "budget": 30_000_000,
        "target_entrepreneurs": 1000, "target_value": 500_000_000, "max_activities_per_entrepreneur": 2,
    }, activities={n: {"places": DEFAULT_PLACES[n], "cost_per_place": DEFAULT_COST[n]} for n in DEFAULT_PLACES})
    for ra in selectors.round_activities(round_):
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
        parser.add_argument("--name", default=NAME)
        parser.add_argument("--solve", action="store_true", help="also solve both scenarios (unless already solved)")
        cli.add_actor_argument(parser)

    def handle(self, *args, name, solve, **options):
        named = options.get("actor_username") or os.environ.get(cli.ENV)
        actor = cli.actor_from_options(options) if named else policy.system_actor()
        round_ = selectors.round_list(user=actor).filter(name=name).first()
        if round_ is not None:
            self.stdout.write(f"round {round_.pk} ({name}) already exists; nothing created")
        else:
            round_ = demo_round_create(actor=actor, name=name)
        scenarios = list(selectors.scenario_list(user=actor, round_=round_))
        if solve:
            for scenario in scenarios:
                if not scenario.runs.filter(status=Run.Status.DONE).exists():
                    call_command("assign", "--round", str(round_.pk), "--scenario", str(scenario.pk),
                                 "--user", actor.username, stdout=self.stdout)
            return
        listed = ", ".join(f"{s.pk} ({s.name})" for s in scenarios)
        self.stdout.write(f"round {round_.pk}: {round_.name}; scenarios {listed}")
        self.stdout.write(f"solve with: uplift assign --round {round_.pk} --scenario {scenarios[0].pk} "
                          f"--user {actor.username}")
