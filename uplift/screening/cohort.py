"""A cohort: a set of entrepreneurs and their derived attributes as numpy arrays, read lazily.

Only what a caller touches is queried, so a rule preview over `kind` reads one column and a
run reads everything once. Sales are paired by calendar month: April–December 2019 (before)
against April–December 2020 (the slump).
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from datetime import date
from functools import cache, cached_property
from pathlib import Path

import numpy as np
import polars as pl
from django.db import connections
from django.db.models import F, FloatField, Max, QuerySet
from django.db.models.functions import Cast, ExtractMonth, ExtractYear

from uplift.registry.models import MonthlySales, Person, Product, ProductStandard
from uplift.screening.core.impact import ImpactInputs
from uplift.screening.core.needs import NeedsAnswers

BEFORE = [date(2019, m, 1) for m in range(4, 13)]
DURING = [date(2020, m, 1) for m in range(4, 13)]
EXPOSURE_CSV = Path(__file__).resolve().parent / "data" / "province_tourism.csv"


def _float_table(rows: QuerySet, width: int) -> np.ndarray:
    """A values_list of numbers as one float array; on PostgreSQL through COPY and polars' CSV reader,
    which reads 1.7 million rows in about a second where row tuples take ten."""
    sql, params = rows.query.sql_with_params()
    connection = connections[rows.db]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)", params) as copy:
                data = b"".join(bytes(block) for block in copy)
            if not data:
                return np.zeros((0, width))
            return pl.read_csv(io.BytesIO(data), has_header=False, infer_schema=False).select(
                pl.all().cast(pl.Float64)).to_numpy().reshape(-1, width)
        cursor.execute(sql, params)
        return np.array(cursor.fetchall(), dtype=float).reshape(-1, width)


@cache
def province_exposure() -> dict[str, float]:
    with EXPOSURE_CSV.open(encoding="utf-8") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        return {row["code"]: float(row["exposure"]) for row in rows}


class Cohort:
    def __init__(self, entrepreneurs: QuerySet, reference_year: int):
        rows = list(entrepreneurs.order_by("pk").values_list(
            "pk", "name_th", "kind", "province_id", "province__centre__number", "members", "employees", "otop_year"))
        self.reference_year = reference_year
        self.n = len(rows)
        columns = list(zip(*rows)) if rows else [()] * 8
        self.ids = np.array(columns[0], dtype=np.int64)
        self.names = list(columns[1])
        self._base = {
            "kind": np.array(columns[2], dtype=object), "province": np.array(columns[3], dtype=object),
            "centre": np.array([str(c) if c is not None else "" for c in columns[4]], dtype=object),
            "members": np.array(columns[5], dtype=float), "employees": np.array(columns[6], dtype=float),
            "otop_year": np.array([y if y is not None else np.nan for y in columns[7]], dtype=float),
        }
        self.index = {pk: i for i, pk in enumerate(self.ids.tolist())}
        self._cache: dict[str, np.ndarray] = {}

    def _per_entrepreneur(self, pairs, dtype=float, fill=0) -> np.ndarray:
        out = np.full(self.n, fill, dtype=dtype)
        for pk, value in pairs:
            i = self.index.get(pk)
            if i is not None and value is not None:
                out[i] = value
        return out

    def _ids_filter(self, prefix: str = "") -> dict:
        return {f"{prefix}entrepreneur_id__in": self.ids.tolist()} if self.n < 20_000 else {}

    def attribute(self, name: str) -> np.ndarray:
        if name in self._base:
            return self._base[name]
        if name not in self._cache:
            self._cache[name] = getattr(self, f"_load_{name}")()
        return self._cache[name]

    def _load_max_star_rating(self):
        pairs = Product.objects.filter(**self._ids_filter()).values("entrepreneur_id").annotate(m=Max("star_rating"))
        return self._per_entrepreneur(((p["entrepreneur_id"], p["m"]) for p in pairs))

    def _load_has_successor_aged_18_45(self):
        year = self.reference_year
        ids = Person.objects.filter(**self._ids_filter(), role=Person.Role.SUCCESSOR,
                                    birth_year__gte=year - 45, birth_year__lte=year - 18).values_list("entrepreneur_id", flat=True)
        return self._per_entrepreneur(((pk, True) for pk in ids), dtype=bool, fill=False)

    def _load_has_successor(self):
        ids = Person.objects.filter(**self._ids_filter(), role=Person.Role.SUCCESSOR).values_list("entrepreneur_id", flat=True)
        return self._per_entrepreneur(((pk, True) for pk in ids), dtype=bool, fill=False)

    def _load_standards_held(self):
        counts = defaultdict(set)
        for pk, code in ProductStandard.objects.filter(
                **self._ids_filter("product__")).values_list("product__entrepreneur_id", "standard_id"):
            counts[pk].add(code)
        return self._per_entrepreneur(((pk, len(codes)) for pk, codes in counts.items()))

    def holds_standard(self, code: str) -> np.ndarray:
        key = f"holds_standard:{code}"
        if key not in self._cache:
            ids = ProductStandard.objects.filter(**self._ids_filter("product__"), standard_id=code) \
                .values_list("product__entrepreneur_id", flat=True)
            self._cache[key] = self._per_entrepreneur(((pk, True) for pk in ids), dtype=bool, fill=False)
        return self._cache[key]

    @cached_property
    def _categories(self) -> dict[str, np.ndarray]:
        out: dict[str, np.ndarray] = {c: np.zeros(self.n, dtype=bool) for c in Product.Category.values}
        for pk, category in Product.objects.filter(**self._ids_filter()).values_list("entrepreneur_id", "category"):
            i = self.index.get(pk)
            if i is not None:
                out[category][i] = True
        return out

    def has_category(self, category: str) -> np.ndarray:
        return self._categories[category]

    @cached_property
    def main_category(self) -> list[str]:
        """The category of the entrepreneur's first product ('' without products)."""
        out = [""] * self.n
        for pk, category in Product.objects.filter(**self._ids_filter()).order_by("-id").values_list("entrepreneur_id", "category"):
            i = self.index.get(pk)
            if i is not None:
                out[i] = category
        return out

    @cached_property
    def _sales(self) -> dict[str, np.ndarray]:
        """The paired months as (entrepreneurs × 9) arrays, NaN where a month is missing. The rows (1.7 million
        at national size) are read as plain floats and placed with numpy: through model fields, Decimal by
        Decimal, they took 20 s of a national run."""
        shape = (self.n, len(BEFORE))
        out = {k: np.full(shape, np.nan) for k in ("before", "during", "thai", "foreign", "online")}
        as_float = lambda expression: Cast(expression, FloatField())  # noqa: E731
        rows = MonthlySales.objects.filter(**self._ids_filter(), month__in=BEFORE + DURING).order_by().annotate(
            y=ExtractYear("month"), m=ExtractMonth("month"),
            t=as_float(F("shop") + F("fair") + F("wholesale") + F("online") + F("export")), o=as_float("online"),
            th=as_float("thai_tourist_share"), fo=as_float("foreign_tourist_share"),
        ).values_list("entrepreneur_id", "y", "m", "t", "o", "th", "fo")
        table = _float_table(rows, 7)
        position = np.searchsorted(self.ids, table[:, 0].astype(np.int64))
        known = position < self.n
        known[known] = self.ids[position[known]] == table[known, 0]
        table, i = table[known], position[known]
        j = table[:, 2].astype(np.int64) - BEFORE[0].month
        before = table[:, 1] == BEFORE[0].year
        for key, column in (("before", 3), ("online", 4), ("thai", 5), ("foreign", 6)):
            out[key][i[before], j[before]] = table[before, column]
        out["during"][i[~before], j[~before]] = table[~before, 3]
        return out

    def _share(self, weights: np.ndarray) -> np.ndarray:
        sales = np.nan_to_num(self._sales["before"])
        total = sales.sum(axis=1)
        part = (sales * np.nan_to_num(weights)).sum(axis=1)
        return np.divide(part, total, out=np.zeros(self.n), where=total > 0)

    def _load_online_share(self):
        sales = np.nan_to_num(self._sales["before"]).sum(axis=1)
        online = np.nan_to_num(self._sales["online"]).sum(axis=1)
        return np.divide(online, sales, out=np.zeros(self.n), where=sales > 0)

    def _load_foreign_tourist_share(self):
        return self._share(self._sales["foreign"])

    def _load_tourist_share(self):
        return self._share(np.nan_to_num(self._sales["thai"]) + np.nan_to_num(self._sales["foreign"]))

    def impact_inputs(self) -> ImpactInputs:
        exposure = province_exposure()
        sales = self._sales
        return ImpactInputs(
            sales_before=sales["before"], sales_during=sales["during"],
            thai_share_before=sales["thai"], foreign_share_before=sales["foreign"],
            province_exposure=np.array([exposure.get(p, 0.0) for p in self._base["province"]], dtype=float),
            members=self._base["members"], employees=self._base["employees"],
        )

    def needs_answers(self) -> tuple[NeedsAnswers, np.ndarray]:
        """Self-assessment answers where given, else registry-derived defaults; and who answered."""
        from uplift.screening.models import NeedsAssessment

        online_share = self.attribute("online_share")
        online = np.select([online_share >= 0.3, online_share >= 0.15, online_share > 0], [3.0, 2.0, 1.0], 0.0)
        successor = self.attribute("has_successor").copy()
        held = self.attribute("standards_held").copy()
        problems = np.full(self.n, np.nan)
        environment = np.full(self.n, np.nan)
        answered = np.zeros(self.n, dtype=bool)
        for row in NeedsAssessment.objects.filter(**self._ids_filter()).values():
            i = self.index.get(row["entrepreneur_id"])
            if i is None:
                continue
            answered[i] = True
            if row["online_presence"] is not None:
                online[i] = row["online_presence"]
            if row["has_successor"] is not None:
                successor[i] = row["has_successor"]
            if row["standards_held"] is not None:
                held[i] = row["standards_held"]
            if row["production_problems"] is not None:
                problems[i] = row["production_problems"]
            if row["environmental_practice"] is not None:
                environment[i] = row["environmental_practice"]
        answers = NeedsAnswers(online_presence=online, has_successor=successor,
                               max_star_rating=self.attribute("max_star_rating"), standards_held=held,
                               production_problems=problems, environmental_practice=environment)
        return answers, answered
