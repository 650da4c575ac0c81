"""The dry run: check every row, then plan what the import would create, update or hold for review.

Nothing here writes. A row is all or nothing: an issue anywhere in it (its entrepreneur, product,
person or sales) leaves the whole row out. The plan is computed over what the importer may act on
(`access.policy`): new entrepreneurs only in provinces where the actor may create them, updates
only to entrepreneurs the actor may update, products and sales only for entrepreneurs within reach.

Rows of one file that are one entrepreneur are grouped first (`core.groups`); then each group is
matched with the registry: by identifier; without one, a registered entrepreneur in the same
subdistrict with every value equal is the same one (so a file imported again changes nothing and
opens no review), one with the same name or phone is a likely duplicate held for review (or
already under review: not opened twice), else it is new. A likely pair within the file is held
against the other entrepreneur of the pair.

An identifier already registered to an entrepreneur the importer may not update cannot be
imported (identifiers are unique), so that much is unavoidable to tell. It is told exactly as the
registry's own form tells it, "already registered; ask the regional centre": the same words for
every such identifier, with no name, province or other detail of the holder, and the row's value is
the officer's own cell. Likely duplicates are looked for only among entrepreneurs the importer may
update. An identifier that reaches no entrepreneur within reach in a products or sales sheet is
"no such entrepreneur within your scope", whether it is registered elsewhere or nowhere.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field

import polars as pl

from uplift.access import policy
from uplift.geo.models import Province
from uplift.imports.core.columnar import CheckedFrame, check_entrepreneurs
from uplift.imports.core.groups import COMPARED, group, name_key_of
from uplift.imports.core.mapping import is_sales_column
from uplift.imports.core.parts import CheckedParts, check_parts
from uplift.imports.core.read import Table
from uplift.imports.core.rows import Issue, check_rows
from uplift.imports.models import DuplicateCandidate, ImportJob
from uplift.imports.plan_parts import PARTS, PartPlan, as_frame, chunks, conflicts, empty, plan_part
from uplift.registry.models import Entrepreneur

BATCH = 2000
RowsDone = Callable[[int], None]
ENTREPRENEUR_COMPARED = tuple("subdistrict_id" if f == "subdistrict" else f for f in COMPARED)


@dataclass
class Held:
    """A likely duplicate: the group's first row, whom it looks like (a registered entrepreneur, or a new
    one of this file by its first row), its values and what its rows carry."""

    row: int
    existing: int | None
    target: int | None
    record: dict
    parts: dict = field(default_factory=dict)


@dataclass
class Plan:
    create: pl.DataFrame | None = None  # new entrepreneurs: the first row of each, as checked
    update: list = field(default_factory=list)  # (entrepreneur, changes)
    duplicates: list[Held] = field(default_factory=list)
    unchanged: int = 0
    under_review: int = 0
    parts: dict[str, PartPlan] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)

    def counts(self) -> dict:
        return {"create": 0 if self.create is None else self.create.height, "update": len(self.update),
                "unchanged": self.unchanged, "duplicates": len(self.duplicates), "under_review": self.under_review,
                **{name: part.counts() for name, part in self.parts.items()}}

    @property
    def writes(self) -> int:
        return (0 if self.create is None else self.create.height) + len(self.update) + sum(
            p.create.height + len(p.update) for p in self.parts.values())


@dataclass
class Wide:
    entrepreneurs: CheckedFrame
    parts: CheckedParts


def check(job: ImportJob, table: Table, defaults: dict[str, str], rows_done: RowsDone | None = None):
    """Entrepreneur sheets column by column (`core.columnar`, `core.parts`); products and sales row by row."""
    mapping = job.mapping_dict()
    if job.kind == "entrepreneurs":
        entrepreneurs = check_entrepreneurs(table.frame, mapping, table.headers, defaults)
        carried = any("." in f or is_sales_column(f) or f.endswith("tourist_share") for f in mapping.values())
        parts = check_parts(table.frame, mapping, table.headers, defaults) if carried else CheckedParts()
        result = Wide(entrepreneurs, parts)
        if rows_done:
            rows_done(len(table))
        return result
    checked: list = []
    rows = table.rows
    for start in range(0, len(rows), BATCH * 5):
        checked.extend(check_rows(job.kind, rows[start:start + BATCH * 5], mapping, table.headers, defaults))
        if rows_done:
            rows_done(len(checked))
    return checked


def issues_of(checked) -> list[Issue]:
    if isinstance(checked, Wide):
        return [*checked.entrepreneurs.issues, *checked.parts.issues]
    return [i for c in checked for i in c.issues]


def plan(job: ImportJob, actor, checked, headers: list[str]) -> Plan:
    if job.kind == "entrepreneurs":
        return _plan_wide(job, actor, checked, headers)
    return _plan_owned(job, actor, checked, headers)


def _columns(job: ImportJob, headers: list[str]) -> Callable[..., str]:
    where = {f: i for i, f in job.mapping_dict().items() if i < len(headers)}

    def column(*names: str) -> str:
        return next((headers[where[n]] for n in names if n in where), names[0])
    return column


def field_columns(column: Callable[..., str]) -> dict[str, str]:
    """Entrepreneur field → the header a problem with it is reported under."""
    area = column("subdistrict_code", "subdistrict", "address")
    identifier = column("juristic_id", "citizen_id", "id_number")
    return {**{f: column(f) for f in COMPARED}, "subdistrict": area,
            "postal_code": column("postal_code", "subdistrict_code", "subdistrict", "address"),
            "address_line": column("address_line", "address"), "otop_year": column("otop_year", "otop_date"),
            "id_type": identifier, "id_number": identifier}


def _as_model_values(record: dict) -> dict:
    values = {k: v for k, v in record.items() if not k.startswith("_")}
    values["subdistrict_id"] = values.pop("subdistrict")
    return values


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def creatable_provinces(actor) -> list[str]:
    """Province codes where the actor may register entrepreneurs."""
    return list(policy.visible(actor, Province, "entrepreneur.create").values_list("code", flat=True))


def _pks_where(column: str, values) -> list[int]:
    """Primary keys of entrepreneurs whose `column` holds one of the codes `values` (digits): on
    PostgreSQL one query with the codes as one text (100,000 parameters cost more to send than to look up)."""
    from django.db import connection

    values = sorted({v for v in values if v})
    if not values:
        return []
    if connection.vendor != "postgresql":
        return [pk for chunk in chunks(values, 900)
                for pk in Entrepreneur.objects.filter(**{f"{column}__in": chunk}).values_list("pk", flat=True)]
    column_name = Entrepreneur._meta.get_field(column.removesuffix("_id")).column
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM {Entrepreneur._meta.db_table} WHERE {column_name} = ANY(string_to_array(%s, '|'))",
                       ["|".join(values)])
        return [pk for (pk,) in cursor.fetchall()]


def _entrepreneurs(queryset, pks: list[int]):
    for chunk in chunks(pks, 900):
        yield from queryset.filter(pk__in=chunk)


def _changes(target: Entrepreneur, values: dict) -> dict:
    return {k: [str(getattr(target, k)), str(values[k])] for k in ENTREPRENEUR_COMPARED if getattr(target, k) != values[k]}


def jsonable(record: dict) -> dict:
    return {k: (v if v is None or isinstance(v, (bool, int, str)) else str(v)) for k, v in record.items()
            if not k.startswith("_")}


def review_key(existing: int, record: dict) -> tuple[int, str]:
    """What makes a held row the same review as one already open: whom it looks like and what it says."""
    return existing, json.dumps(jsonable(record), sort_keys=True, ensure_ascii=False)


def _plan_wide(job: ImportJob, actor, checked: Wide, headers: list[str]) -> Plan:
    plan = Plan()
    column = _columns(job, headers)
    fields = field_columns(column)
    records = checked.entrepreneurs.records.filter(~pl.col("_row").is_in(sorted(checked.parts.bad_rows)))
    inside = pl.col("subdistrict").str.slice(0, 2).is_in(creatable_provinces(actor))
    plan.issues.extend(Issue(row, fields["subdistrict"], code, "outside_scope")
                       for row, code in records.filter(~inside).select("_row", "subdistrict").iter_rows())
    records, grouped_issues = group(records.filter(inside), fields)
    plan.issues.extend(grouped_issues)

    updatable = policy.visible(actor, Entrepreneur, "entrepreneur.update")
    ent: dict[int, int | None] = {}  # first row of a group → entrepreneur key (minus the row: new or held)
    records = _match_identifiers(plan, records, updatable, ent, fields["id_number"])
    _match_without_identifier(plan, records, updatable, ent)

    anchors = records.filter(pl.col("_row") == pl.col("_anchor"))
    plan.create = anchors.filter(pl.col("_row").is_in([a for a, k in ent.items() if k == -a and a not in
                                                       {h.row for h in plan.duplicates}])).drop("_anchor", "_like")
    row_ent = records.select("_row", pl.col("_anchor").replace_strict(ent, default=None, return_dtype=pl.Int64)
                             .alias("_ent")).filter(pl.col("_ent").is_not_null())
    mapped = set(job.mapping_dict().values())
    carried = {name for name, present in (
        ("products", any(f.startswith("product.") for f in mapped)),
        ("people", any(f.startswith("person.") for f in mapped)),
        ("sales", any(is_sales_column(f) for f in mapped))) if present}
    _plan_carried(plan, checked.parts, row_ent, column, carried)
    return plan


def _match_identifiers(plan: Plan, records: pl.DataFrame, updatable, ent: dict, id_column: str) -> pl.DataFrame:
    with_id = records.filter((pl.col("id_number") != "") & (pl.col("_row") == pl.col("_anchor")))
    registered = _pks_where("id_number", with_id.get_column("id_number"))
    existing = {e.id_number: e for e in _entrepreneurs(updatable, registered)}
    holders = set(existing) if len(existing) == len(registered) else {
        number for chunk in chunks(registered, 900)
        for number in Entrepreneur.objects.filter(pk__in=chunk).values_list("id_number", flat=True)}
    unreachable = sorted(holders - set(existing))
    plan.issues.extend(Issue(row, id_column, number, "already_registered") for row, number in records.filter(
        pl.col("id_number").is_in(unreachable)).select("_row", "id_number").iter_rows())
    records = records.filter(~pl.col("id_number").is_in(unreachable))
    for record in with_id.filter(~pl.col("id_number").is_in(unreachable)).iter_rows(named=True):
        anchor = record["_row"]
        target = existing.get(record["id_number"])
        if target is None:
            ent[anchor] = -anchor
            continue
        ent[anchor] = target.pk
        values = _as_model_values(record)
        changes = _changes(target, values)
        if not changes:
            plan.unchanged += 1
            continue
        for k in ENTREPRENEUR_COMPARED:
            setattr(target, k, values[k])
        plan.update.append((target, changes))
    return records


def _match_without_identifier(plan: Plan, records: pl.DataFrame, updatable, ent: dict) -> None:
    anchors = records.filter((pl.col("id_number") == "") & (pl.col("_row") == pl.col("_anchor")))
    by_name: dict[tuple, list] = {}
    by_phone: dict[tuple, list] = {}
    for e in _entrepreneurs(updatable, _pks_where("subdistrict_id", anchors.get_column("subdistrict"))):
        by_name.setdefault((name_key_of(e.name_th), e.subdistrict_id), []).append(e)
        if e.phone:
            by_phone.setdefault((_digits(e.phone), e.subdistrict_id), []).append(e)
    near = sorted({e.pk for found in (*by_name.values(), *by_phone.values()) for e in found})
    open_reviews = {review_key(pk, data) for chunk in chunks(near, 900) for pk, data in DuplicateCandidate.objects.filter(
        status=DuplicateCandidate.Status.OPEN, existing_id__in=chunk).values_list("existing_id", "data")}
    held = set()
    for record in anchors.sort("_row").iter_rows(named=True):
        anchor, values = record["_row"], _as_model_values(record)
        found = {e.pk: e for e in (*by_name.get((name_key_of(values["name_th"]), values["subdistrict_id"]), ()),
                                   *(by_phone.get((_digits(values["phone"]), values["subdistrict_id"]), ())
                                     if values["phone"] else ()))}
        candidates = [found[pk] for pk in sorted(found)]
        exact = next((e for e in candidates if all(getattr(e, k) == values[k] for k in ENTREPRENEUR_COMPARED)), None)
        entrepreneur = {k: v for k, v in record.items() if not k.startswith("_")}
        like = record["_like"]
        if exact is not None:
            ent[anchor] = exact.pk
            plan.unchanged += 1
        elif like is not None and like in ent and like not in held and ent[like] is not None:
            target = ent[like]
            if target > 0 and review_key(target, entrepreneur) in open_reviews:
                ent[anchor] = None
                plan.under_review += 1
                continue
            ent[anchor] = -anchor
            held.add(anchor)
            plan.duplicates.append(Held(anchor, target if target > 0 else None, -target if target < 0 else None,
                                        entrepreneur))
        elif candidates:
            if review_key(candidates[0].pk, entrepreneur) in open_reviews:
                ent[anchor] = None
                plan.under_review += 1
                continue
            ent[anchor] = -anchor
            held.add(anchor)
            plan.duplicates.append(Held(anchor, candidates[0].pk, None, entrepreneur))
        else:
            ent[anchor] = -anchor


def _plan_carried(plan: Plan, parts: CheckedParts, row_ent: pl.DataFrame, column: Callable[..., str],
                  carried: set[str]) -> None:
    """Products, people and sales of the accepted rows, to their entrepreneurs; a row whose record
    contradicts an earlier row's for the same entrepreneur is left out whole, then the rest is planned."""
    frames = {}
    for name in PARTS:  # the checked frames are let go once joined: a national sales file is large
        frames[name] = getattr(parts, name).join(row_ent, on="_row", how="inner")
        setattr(parts, name, None)
    columns = {"products": lambda r: column("product.name_th"), "people": lambda r: column("person.name_th"),
               "sales": lambda r: column(f"mon:{r['month']:%Y-%m}", f"avg:{r['month'].year}")}
    out: dict[str, pl.DataFrame] = {}
    while True:
        rejected: list[Issue] = []
        for name, frame in frames.items():
            out[name], found = conflicts(PARTS[name], frame, columns[name])
            rejected.extend(found)
        if not rejected:
            break
        plan.issues.extend(rejected)
        gone = sorted({i.row for i in rejected})
        frames = {name: frame.filter(~pl.col("_row").is_in(gone)) for name, frame in frames.items()}
    held = {-h.row: h for h in plan.duplicates}
    for name, frame in out.items():
        if held:
            for record in frame.filter(pl.col("_ent").is_in(list(held))).iter_rows(named=True):
                held[record["_ent"]].parts.setdefault(name, []).append(jsonable(record))
            frame = frame.filter(~pl.col("_ent").is_in(list(held)))
        if name in carried:
            plan.parts[name] = plan_part(PARTS[name], frame)


def _owners(actor, verb: str, refs: set[str]) -> dict[str, int | str]:
    """'id:…' or 'name:…' → the pk of the entrepreneur the actor may `verb`, or an issue code."""
    scope = policy.visible(actor, Entrepreneur, verb)
    ids = [r[3:] for r in refs if r.startswith("id:")]
    names = [r[5:] for r in refs if r.startswith("name:")]
    out: dict[str, int | str] = {r: "unknown_entrepreneur" for r in refs}
    for chunk in chunks(ids):
        for pk, number in scope.filter(id_number__in=chunk).values_list("pk", "id_number"):
            out["id:" + number] = pk
    for chunk in chunks(names):
        seen: dict[str, int | str] = {}
        for pk, name in scope.filter(name_th__in=chunk).values_list("pk", "name_th"):
            seen[name] = "ambiguous_entrepreneur" if name in seen else pk
        out.update({"name:" + k: v for k, v in seen.items()})
    return out


OWNED = {"products": ("products", "product.create"), "sales": ("sales", "entrepreneur.update")}


def _plan_owned(job: ImportJob, actor, checked: list, headers: list[str]) -> Plan:
    """A products or sales sheet: each row names its entrepreneur (identifier or name, within reach)."""
    name, verb = OWNED[job.kind]
    spec = PARTS[name]
    plan = Plan()
    column = _columns(job, headers)
    owner_column = column("entrepreneur_id", "entrepreneur_name")
    rows = [(c, c.records or [c.record]) for c in checked if c.records or c.record]
    owners = _owners(actor, verb, {r["entrepreneur"] for _c, records in rows for r in records})
    accepted = []
    for c, records in rows:
        ref = records[0]["entrepreneur"]
        owner = owners[ref]
        if isinstance(owner, str):
            plan.issues.append(Issue(c.row, owner_column, ref.split(":", 1)[1], owner))
            continue
        accepted.extend({**r, "_row": c.row, "_ent": owner} for r in records)
    frame = as_frame(spec, accepted) if accepted else empty(spec)
    key_column = {"products": lambda r: column("name_th"), "sales": lambda r: column("month")}[name]
    frame, found = conflicts(spec, frame, key_column)
    plan.issues.extend(found)
    frame = frame.filter(~pl.col("_row").is_in(sorted({i.row for i in found})))
    plan.parts[name] = plan_part(spec, frame)
    return plan
