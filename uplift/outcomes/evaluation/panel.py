"""A long frame turned into unit × period matrices, the shape every estimator here works on."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import polars as pl

NEVER = -1


@dataclass(frozen=True)
class Panel:
    """Outcome and treatment as (units × periods) matrices.

    `y` holds NaN where a unit has no observation for a period. `cohort` is the index of the
    first treated period (NEVER for units never treated); treatment is absorbing, so
    `d[i, t] = t >= cohort[i]` for treated units.
    """

    units: np.ndarray
    times: np.ndarray
    y: np.ndarray
    cohort: np.ndarray
    covariates: dict[str, np.ndarray] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    @property
    def n_units(self) -> int:
        return self.y.shape[0]

    @property
    def n_periods(self) -> int:
        return self.y.shape[1]

    @property
    def treated(self) -> np.ndarray:
        return self.cohort != NEVER

    @property
    def d(self) -> np.ndarray:
        t = np.arange(self.n_periods)
        return (self.treated[:, None] & (t[None, :] >= self.cohort[:, None])).astype(np.float64)

    @property
    def observed(self) -> np.ndarray:
        return ~np.isnan(self.y)

    @property
    def balanced(self) -> bool:
        return bool(self.observed.all())

    @property
    def cohorts(self) -> np.ndarray:
        return np.unique(self.cohort[self.treated])

    @property
    def staggered(self) -> bool:
        return self.cohorts.size > 1

    @property
    def first_treated_period(self) -> int:
        return int(self.cohorts.min()) if self.cohorts.size else self.n_periods

    def subset(self, index: np.ndarray) -> Panel:
        return Panel(
            units=self.units[index],
            times=self.times,
            y=self.y[index],
            cohort=self.cohort[index],
            covariates={k: v[index] for k, v in self.covariates.items()},
            notes=self.notes,
        )


def as_polars(frame) -> pl.DataFrame:
    """Polars as is; pandas column by column (so that pyarrow is not needed)."""
    if isinstance(frame, pl.DataFrame):
        return frame
    if hasattr(frame, "columns") and hasattr(frame, "to_numpy"):
        return pl.DataFrame({str(c): frame[c].to_numpy() for c in frame.columns})
    return pl.DataFrame(frame)


def build_panel(
    frame,
    *,
    unit: str,
    time: str | None = None,
    outcome: str,
    treated: str,
    post: str | None = None,
    covariates: tuple[str, ...] | list[str] = (),
) -> Panel:
    """Pivot a long frame into a Panel.

    Without `time` the frame is a cross-section: one row per unit, one period, and `post`
    has no meaning. With `post`, `treated` marks the treated group and a row is treated when both are true;
    without it, `treated` is the row's own treatment status. Covariates are reduced to one
    value per unit: the mean over the periods before anyone is treated, so that matching
    only sees pre-treatment information (all periods for a cross-section).
    """
    df = as_polars(frame)
    missing = [c for c in (unit, time, outcome, treated, post, *covariates) if c and c not in df.columns]
    if missing:
        raise ValueError(f"columns not in the data: {', '.join(missing)}")
    if time is None and post:
        raise ValueError("--post ต้องใช้คู่กับ --time (post marks periods: it needs a time column)")
    notes: list[str] = []
    df = df.select(
        pl.col(unit).alias("_u"),
        pl.col(time).alias("_t") if time else pl.lit(0, dtype=pl.Int64).alias("_t"),
        pl.col(outcome).cast(pl.Float64).alias("_y"),
        pl.col(treated).cast(pl.Boolean).fill_null(False).alias("_d"),
        *([pl.col(post).cast(pl.Boolean).fill_null(False).alias("_p")] if post else []),
        *[pl.col(c).cast(pl.Float64).alias(f"_x{i}") for i, c in enumerate(covariates)],
    )
    n_before = df.height
    df = df.drop_nulls(["_u", "_t"])
    if df.height < n_before:
        notes.append(f"{n_before - df.height} rows with a missing unit or period dropped")
    if time is None and (repeated := int(df.get_column("_u").filter(df.get_column("_u").is_duplicated()).n_unique())):
        raise ValueError(
            f"ไม่มีคอลัมน์เวลา ข้อมูลต้องมีหนึ่งแถวต่อหน่วย แต่มี {repeated} หน่วยที่อยู่หลายแถว: ระบุ --time "
            f"(without a time column the data must have one row per unit; {repeated} units are on several rows)"
        )

    units = df.get_column("_u").unique().sort().to_numpy()
    times = df.get_column("_t").unique().sort().to_numpy()
    ui = np.searchsorted(units, df.get_column("_u").to_numpy())
    ti = np.searchsorted(times, df.get_column("_t").to_numpy())
    n, t = units.size, times.size
    key = ui * t + ti
    rows = np.arange(key.size)
    if np.bincount(key, minlength=n * t).max() > 1:
        _, rows = np.unique(key, return_index=True)
        notes.append(f"{key.size - rows.size} repeated unit-period rows dropped (first kept)")
        ui, ti = ui[rows], ti[rows]

    def column(name: str) -> np.ndarray:
        values = df.get_column(name).to_numpy()
        return values if rows.size == values.size else values[rows]

    y = np.full((n, t), np.nan)
    y[ui, ti] = column("_y")
    d = np.zeros((n, t), dtype=bool)
    d[ui, ti] = column("_d")
    if post:
        group = d.any(axis=1)
        d[:] = False
        d[ui, ti] = group[ui] & column("_p")

    ever = d.any(axis=1)
    cohort = np.where(ever, d.argmax(axis=1), NEVER)
    absorbing = np.arange(t)[None, :] >= np.where(ever, cohort, t)[:, None]
    if (absorbing != d)[~np.isnan(y)].any():
        notes.append("treatment switches off for some units; treated as absorbing from its first period")

    first = int(cohort[ever].min()) if ever.any() else t
    pre_cols = np.arange(t) < first if first > 0 else np.ones(t, dtype=bool)
    covs: dict[str, np.ndarray] = {}
    for i, name in enumerate(covariates):
        x = np.full((n, t), np.nan)
        x[ui, ti] = column(f"_x{i}")
        x = np.where(pre_cols[None, :], x, np.nan)
        seen = (~np.isnan(x)).sum(axis=1)
        covs[name] = np.where(seen > 0, np.nansum(x, axis=1) / np.maximum(seen, 1), np.nan)
    return Panel(
        units=units, times=times, y=y, cohort=cohort, covariates=covs, notes=tuple(notes)
    )
