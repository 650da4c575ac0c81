"""Outcome observation sheets: the dry run's plan and the write, through the outcomes action.

Each checked row (`core.observations`) names an entrepreneur (identifier, or Thai name with the
province when the name alone is not unique) among those the importer may enter figures for
(`observation.enter`; anyone else is "no such entrepreneur within your scope", never named), a
round the entrepreneur is enrolled in (the column or the value for the whole file; without one,
the only round they are enrolled in), an indicator of the catalogue and a wave.

A row equal to the observation already recorded (value, source and, when given, month) is
unchanged, so a file imported again changes nothing; a frozen baseline that differs is refused
(the outcomes rule: baselines are frozen at enrolment); the same observation twice in the file
with different figures is refused on the later row. The rest is written by
`uplift.outcomes.actions.observations_save` — its policy checks and validation apply, and any
refusal there rolls the whole import back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from uplift.access import policy
from uplift.audit.actions import audit_record
from uplift.imports.core.observations import Catalogue, check_observation_rows
from uplift.imports.core.read import Table
from uplift.imports.core.rows import Issue
from uplift.imports.core.vocabulary import fold
from uplift.imports.models import ImportJob
from uplift.imports.plan import _columns
from uplift.imports.plan_parts import chunks

RowsDone = Callable[[int], None]
BATCH = 500


def catalogue() -> Catalogue:
    from uplift.outcomes.models import Indicator

    return tuple(Indicator.objects.order_by("order", "code").values_list("code", "name_th", "name_en"))


def check(job: ImportJob, table: Table, defaults: dict[str, str], rows_done: RowsDone | None = None) -> list:
    checked = check_observation_rows(table.rows, job.mapping_dict(), table.headers, defaults, catalogue())
    if rows_done:
        rows_done(len(checked))
    return checked


@dataclass
class ObservationPlan:
    items: list = field(default_factory=list)  # outcomes.actions.ObservationIn, to create or replace
    create: int = 0
    update: int = 0
    unchanged: int = 0
    issues: list[Issue] = field(default_factory=list)

    def counts(self) -> dict:
        return {"create": self.create, "update": self.update, "unchanged": self.unchanged, "duplicates": 0,
                "under_review": 0}

    @property
    def writes(self) -> int:
        return len(self.items)


def _province_key(text: str) -> str:
    return fold(text.removeprefix("จังหวัด").removeprefix("จ.").strip())


def _owners(actor, records: list[dict]) -> dict[tuple[str, str], int | str]:
    """(reference, province as written) → the key of the entrepreneur the actor may enter figures for, or an
    issue code. Only entrepreneurs within reach are looked at: anyone else is simply not found."""
    from uplift.registry.models import Entrepreneur

    scope = policy.visible(actor, Entrepreneur, "observation.enter")
    refs = {(r["entrepreneur"], r["province"]) for r in records}
    ids = sorted({ref[3:] for ref, _p in refs if ref.startswith("id:")})
    names = sorted({ref[5:] for ref, _p in refs if ref.startswith("name:")})
    by_id: dict[str, int] = {}
    for chunk in chunks(ids, 900):
        by_id.update(scope.filter(id_number__in=chunk).values_list("id_number", "pk"))
    by_name: dict[str, list[tuple[int, str]]] = {}
    for chunk in chunks(names, 900):
        for pk, name, province in scope.filter(name_th__in=chunk).values_list("pk", "name_th", "province__name_th"):
            by_name.setdefault(name, []).append((pk, _province_key(province)))
    out: dict[tuple[str, str], int | str] = {}
    for ref, province in refs:
        if ref.startswith("id:"):
            out[(ref, province)] = by_id.get(ref[3:], "unknown_entrepreneur")
            continue
        found = by_name.get(ref[5:], [])
        if province:
            found = [f for f in found if f[1] == _province_key(province)]
        out[(ref, province)] = (found[0][0] if len(found) == 1 else
                                "ambiguous_entrepreneur_province" if found else "unknown_entrepreneur")
    return out


def _rounds(actor, pks: list[int]) -> dict[int, dict[int, str]]:
    """Entrepreneur → {round key: round name} of the rounds they are enrolled in (as the outcomes action checks)."""
    from uplift.programme.models import Enrolment

    out: dict[int, dict[int, str]] = {}
    for chunk in chunks(pks, 900):
        for ent, round_id, name in policy.visible(actor, Enrolment).filter(entrepreneur_id__in=chunk).values_list(
                "entrepreneur_id", "round_activity__round_id", "round_activity__round__name"):
            out.setdefault(ent, {})[round_id] = name
    return out


def _round_of(given: str, rounds: dict[int, str]) -> int | str:
    if given:
        key = fold(given)
        found = [pk for pk, name in rounds.items() if given.strip() == str(pk) or fold(name) == key]
        return found[0] if len(found) == 1 else "not_enrolled"
    if len(rounds) == 1:
        return next(iter(rounds))
    return "several_rounds" if rounds else "not_enrolled"


def plan(job: ImportJob, actor, checked: list, headers: list[str]) -> ObservationPlan:
    from uplift.outcomes.actions import ObservationIn
    from uplift.outcomes.models import Indicator, Observation
    from uplift.registry.models import Entrepreneur

    out = ObservationPlan()
    column = _columns(job, headers)
    mapped = set(job.mapping_dict().values())
    rows = [(c.row, c.record) for c in checked if c.record]
    owners = _owners(actor, [r for _n, r in rows])
    pks = sorted({pk for pk in owners.values() if isinstance(pk, int)})
    rounds = _rounds(actor, pks)
    may_verify = set()
    for chunk in chunks(pks, 900):
        may_verify |= set(policy.visible(actor, Entrepreneur, "observation.verify").filter(pk__in=chunk)
                          .values_list("pk", flat=True))
    names = dict(Indicator.objects.values_list("code", "name_th"))

    resolved = []
    for number, r in rows:
        owner = owners[(r["entrepreneur"], r["province"])]
        if isinstance(owner, str):
            by = column("entrepreneur_id") if r["entrepreneur"].startswith("id:") else column("entrepreneur_name")
            out.issues.append(Issue(number, by, r["entrepreneur"].split(":", 1)[1], owner))
            continue
        round_id = _round_of(r["round"], rounds.get(owner, {}))
        if isinstance(round_id, str):
            out.issues.append(Issue(number, column("round", "entrepreneur_id", "entrepreneur_name"),
                                    r["round"] or r["entrepreneur"].split(":", 1)[1], round_id))
            continue
        if r["source"] == Observation.Source.VERIFIED and owner not in may_verify:
            out.issues.append(Issue(number, column("source"), r["source"], "verify_not_allowed"))
            continue
        resolved.append((number, owner, round_id, r))

    existing = {}
    for chunk in chunks(sorted({owner for _n, owner, _r, _rec in resolved}), 900):
        for obs in Observation.objects.filter(entrepreneur_id__in=chunk,
                                              round_id__in={rid for _n, _o, rid, _r in resolved}).select_related("indicator"):
            existing[(obs.entrepreneur_id, obs.round_id, obs.indicator.code, obs.wave)] = obs
    seen: dict[tuple, tuple[int, tuple]] = {}
    for number, owner, round_id, r in resolved:
        key = (owner, round_id, r["indicator"], r["wave"])
        said = (r["value"], r["period"], r["source"], r["document"], r["note"])
        if key in seen:
            first, before = seen[key]
            if before != said:
                out.issues.append(Issue(number, column("value"), str(r["value"]), "observation_conflict", {"first": first}))
            else:
                out.unchanged += 1
            continue
        seen[key] = (number, said)
        old = existing.get(key)
        same = old is not None and old.value == r["value"] and old.source == r["source"] and (
            r["period"] is None or old.period == r["period"]) and ("document" not in mapped or old.document == r["document"]) \
            and ("note" not in mapped or old.note == r["note"])
        if same:
            out.unchanged += 1
            continue
        if old is not None and old.frozen:
            out.issues.append(Issue(number, column("value"), str(r["value"]), "baseline_frozen",
                                    {"indicator": names.get(r["indicator"], r["indicator"])}))
            continue
        out.items.append((number, ObservationIn(
            entrepreneur_id=owner, round_id=round_id, indicator=r["indicator"], wave=r["wave"], value=r["value"],
            source=r["source"], period=r["period"] or (old.period if old is not None else None),
            document=r["document"] if "document" in mapped or old is None else old.document,
            note=r["note"] if "note" in mapped or old is None else old.note)))
        if old is None:
            out.create += 1
        else:
            out.update += 1
    out.items = [item for _n, item in out.items]
    return out


def write(job: ImportJob, actor, plan: ObservationPlan, written=None) -> None:
    """Every planned observation through the outcomes action, inside the caller's transaction."""
    from uplift.outcomes.actions import observations_save

    saved: list[int] = []
    for chunk in chunks(plan.items, BATCH):
        saved.extend(obs.pk for obs in observations_save(actor=actor, items=list(chunk)))
        if written:
            written(len(saved), plan.writes)
    audit_record(actor=actor, action="import", obj=job, changes={"counts": plan.counts(), "observations": len(saved)})
