"""Two quantities the model takes from Epoch AI's ECI scores: the size envelope of open weights
(and the size an open model would need to match the closed frontier), and the open and
Chinese lags measured the model's way.

1. **The size envelope.** Over the open-weight models of ``epoch_eci_scores_by_model.csv``
   whose parameter count Epoch records, ordinary least squares of

       ECI = a + b·t + c·log10(parameters in billions),   t in years since 2022-01-01,

   gives what open weights of a given size reach at a given date. The parameters come from
   the ``Parameters`` column of ``epoch_notable_ai_models.csv`` and then
   ``epoch_large_scale_ai_models.csv``, matched on the exact model name (see
   :func:`parameter_counts`). Inverting the envelope at the closed frontier's level of a
   month gives the *frontier size*: how large an open model would have to be, on the trend,
   to match the best closed model then (:func:`frontier_sizes`).

2. **The lags.** The model's lag (``sim.metrics.lag_months``, reused here) is, each month,
   the months since the leader's running best first reached the follower's running best;
   T15 and T16 are its mean over their months. The same is done with the monthly running
   best ECI of closed-weight and open-weight models (T15) and of US and Chinese models (T16),
   and set beside the targets of :mod:`sim.observed`: T15 is this measure (Epoch's own
   method gives 3.5 months, which the model's measure does not compare with), T16 Epoch's
   7 months, which this measure confirms.

    python -m experiments.epoch_data --data ../shared/data [--json]
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from sim.calendar import format_month, parse_month
from sim.config import default_config
from sim.errors import CommandParser, exit_in_one_line, path_option
from sim.metrics import lag_months
from sim.observed import OBSERVED

SCORES = "epoch_eci_scores_by_model.csv"
"""Epoch's ECI per model (Dec-2025 fit), with release date, accessibility group and country."""
PARAMETER_FILES = ("epoch_notable_ai_models.csv", "epoch_large_scale_ai_models.csv")
"""Epoch's model databases holding ``Parameters``, in the order a model's count is taken."""
DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
"""``../shared/data`` from the repository's root."""

ORIGIN = pd.Timestamp("2022-01-01")
"""t = 0 of the envelope: the model's start month (t in years since then)."""
DAYS_A_YEAR = 365.25

OPEN, CLOSED = "Open weights", "Closed weights"
"""Epoch's ``Accessibility group``; its third group, Other (accessibility Unknown: four
late-2025 models), counts as neither."""
US, CN = "United States of America", "China"
"""Members of the comma list ``Country (of organization)``: Google DeepMind's
"United States of America,United Kingdom ..." counts as US."""

FRONTIER_IDS = ("E1", "E2", "E3")
"""The model's closed (US) frontier levels; their months (end 2023, 2024, 2025) are where the
closed frontier is read from the scores."""
HISTORY_START = "2023-01"
"""First month of the monthly series (the scores begin 2023-02-24, so it holds no model)."""


@dataclass(frozen=True)
class Envelope:
    """ECI = a + b·t + c·log10(size): a in ECI points, b in ECI points a year, c in ECI
    points per tenfold size; ``se_c`` its standard error (NaN where c was fixed), ``n`` the
    models fitted, ``resid_sd`` the residual standard deviation (ECI points, n - 3 degrees of
    freedom)."""

    a: float
    b: float
    c: float
    se_c: float
    n: int
    resid_sd: float

    def size_at(self, level: float, t: float) -> float:
        """The size (billion parameters) at which the envelope reaches ``level`` ECI at ``t``
        years since 2022-01."""
        return float(10 ** ((level - self.a - self.b * t) / self.c))


@dataclass(frozen=True)
class FrontierSize:
    """The closed frontier of a month (best closed ECI released by the month's end) and the
    open size (billion parameters) the envelope needs to reach it at the month's end."""

    id: str
    month: str
    level: float
    size_b: float


@dataclass(frozen=True)
class Lag:
    """A mean lag (months) over ``first``..``last``, beside the target's value (``sim.observed``)."""

    id: str
    leader: str
    follower: str
    first: str
    last: str
    months: float
    target: float


@dataclass(frozen=True)
class Derived:
    """Everything the command reports; ``pace`` in ECI points a month."""

    envelope: Envelope
    frontier: tuple[FrontierSize, ...]
    frontier_size_b: float  # geometric mean of the frontier sizes
    frontier_range_b: tuple[float, float]  # their least and greatest
    frontier_slope_range_b: tuple[float, float]  # geometric mean at c + 2 se and c - 2 se (a, b refitted)
    pace: float
    lags: tuple[Lag, ...]


# ------------------------------------------------------------------ reading


def read_csv(path: Path) -> pd.DataFrame:
    """One data file; FileNotFoundError naming it when it is missing."""
    if not path.is_file():
        raise FileNotFoundError(f"no data file {path}")
    return pd.read_csv(path)


def read_data(directory: Path) -> tuple[pd.DataFrame, list[pd.DataFrame]]:
    """The scores and the parameter tables from ``directory``; FileNotFoundError naming the
    directory or the first missing file."""
    if not directory.is_dir():
        raise FileNotFoundError(f"no data directory {directory}")
    return read_csv(directory / SCORES), [read_csv(directory / name) for name in PARAMETER_FILES]


def scores_table(raw: pd.DataFrame) -> pd.DataFrame:
    """The scores with ``date`` as timestamps and ``month`` as absolute month numbers; rows
    without a score or a release date (Claude Instant) are dropped, as they date no level."""
    rows = raw.assign(date=pd.to_datetime(raw["date"], errors="coerce")).dropna(subset=["eci", "date"])
    month = rows["date"].dt.year * 12 + rows["date"].dt.month - 1
    return rows.assign(month=month, Model=rows["Model"].str.strip())


# ---------------------------------------------------------- the size envelope


def parameter_counts(tables: Sequence[pd.DataFrame]) -> pd.Series:
    """Parameters by model name: the first non-blank ``Parameters`` over ``tables`` in order.

    The match rule: the ECI file's ``Model`` equals the database's ``Model`` exactly, after
    stripping spaces (Epoch names a model the same way across its files; the two databases
    never disagree on a count). No fuzzy matching: a near name is often another size of the
    family (Gemma 3 27B is not Gemma 3n). Counts are total parameters (all experts of a
    mixture), as Epoch records them.
    """
    rows = pd.concat([t[["Model", "Parameters"]] for t in tables], ignore_index=True)
    rows = rows.assign(Model=rows["Model"].str.strip(),
                       Parameters=pd.to_numeric(rows["Parameters"], errors="coerce"))
    rows = rows.dropna(subset=["Parameters"])
    return rows.drop_duplicates("Model").set_index("Model")["Parameters"]


def years_since_origin(dates: pd.Series | pd.DatetimeIndex) -> np.ndarray:
    """Years (of 365.25 days) from 2022-01-01 to each date."""
    return np.asarray((pd.DatetimeIndex(dates) - ORIGIN).days, dtype=float) / DAYS_A_YEAR


def month_end_years(month: str) -> float:
    """Years since 2022-01 at the end of ``month`` (YYYY-MM), when its running best holds."""
    next_month = pd.Timestamp(format_month(parse_month(month) + 1))
    return float(years_since_origin(pd.DatetimeIndex([next_month]))[0])


def sized_open_models(scores: pd.DataFrame, parameters: pd.Series) -> pd.DataFrame:
    """The open-weight models with a known size: ``eci``, ``t`` (years since 2022-01) and
    ``log10_b`` (log10 of billion parameters), one row per model."""
    rows = scores[scores["Accessibility group"] == OPEN]
    size = rows["Model"].map(parameters)
    rows = rows[size.notna() & (size > 0)]
    return pd.DataFrame({"Model": rows["Model"], "eci": rows["eci"].astype(float),
                         "t": years_since_origin(rows["date"]),
                         "log10_b": np.log10(size[rows.index].astype(float) / 1e9)}).reset_index(drop=True)


def fit_envelope(rows: pd.DataFrame) -> Envelope:
    """Ordinary least squares of ``eci`` on 1, ``t`` and ``log10_b`` (classical standard
    errors): how much more capable open weights are per year and per tenfold size."""
    x = np.column_stack([np.ones(len(rows)), rows["t"], rows["log10_b"]])
    y = rows["eci"].to_numpy(dtype=float)
    coef, *_ = np.linalg.lstsq(x, y, rcond=None)
    residual = y - x @ coef
    variance = float(residual @ residual) / (len(y) - 3)
    se = np.sqrt(np.diag(variance * np.linalg.inv(x.T @ x)))
    return Envelope(float(coef[0]), float(coef[1]), float(coef[2]), float(se[2]), len(y), math.sqrt(variance))


def fit_with_slope(rows: pd.DataFrame, c: float) -> Envelope:
    """The envelope with the size slope fixed at ``c`` and a, b refitted: the intercept moves
    with the slope, so a slope at the edge of its interval is judged with its own a and b."""
    x = np.column_stack([np.ones(len(rows)), rows["t"]])
    y = rows["eci"].to_numpy(dtype=float) - c * rows["log10_b"].to_numpy(dtype=float)
    coef, *_ = np.linalg.lstsq(x, y, rcond=None)
    residual = y - x @ coef
    return Envelope(float(coef[0]), float(coef[1]), c, math.nan, len(y),
                    math.sqrt(float(residual @ residual) / (len(y) - 2)))


def frontier_sizes(envelope: Envelope, levels: dict[str, tuple[str, float]]) -> tuple[FrontierSize, ...]:
    """For each id's (month, closed frontier ECI), the open size (billion parameters) at which
    the envelope reaches the level at the month's end."""
    return tuple(FrontierSize(key, month, level, envelope.size_at(level, month_end_years(month)))
                 for key, (month, level) in levels.items())


def geometric_mean(values: Sequence[float]) -> float:
    """Geometric mean: sizes spread over orders of magnitude, so they are averaged in logs."""
    return float(10 ** np.mean(np.log10(values)))


# ------------------------------------------------------------------ the lags


def monthly_best(rows: pd.DataFrame, first: str, last: str) -> np.ndarray:
    """Running best ECI of ``rows`` released by the end of each month ``first``..``last``
    (NaN before the first of them)."""
    months = np.arange(parse_month(first), parse_month(last) + 1)
    best = rows.groupby("month")["eci"].max().sort_index().cummax()
    return best.reindex(months, method="ffill").to_numpy(dtype=float)


def mean_lag(leader: np.ndarray, follower: np.ndarray, pace: float, start: int = 0) -> float:
    """The model's lag, month by month over the series from index ``start`` (each month seeing
    only the months before it), averaged over the months it exists (both sides have a model)."""
    lags = [lag_months(leader[: k + 1], follower[: k + 1], pace) for k in range(start, len(leader))]
    lags = [x for x in lags if math.isfinite(x)]
    return float(np.mean(lags)) if lags else math.nan


def groups(scores: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The four sides of the lags: closed and open weights (by Epoch's accessibility group),
    US and Chinese models (by the organisation's country, any accessibility)."""
    countries = scores["Country (of organization)"].fillna("").str.split(",")
    return {"closed": scores[scores["Accessibility group"] == CLOSED],
            "open": scores[scores["Accessibility group"] == OPEN],
            "US": scores[countries.map(lambda names: US in names)],
            "CN": scores[countries.map(lambda names: CN in names)]}


def lags(scores: pd.DataFrame, pace: float, history_start: str = HISTORY_START) -> tuple[Lag, ...]:
    """T15 (open behind closed) and T16 (China behind the US) over their observed months, the
    series running from ``history_start``, so a window's first lags see the levels before it."""
    sides = groups(scores)
    out = []
    for key, leader, follower in (("T15", "closed", "open"), ("T16", "US", "CN")):
        seen = OBSERVED[key]
        last = min(seen.last, format_month(int(scores["month"].max())))
        series = [monthly_best(sides[s], history_start, last) for s in (leader, follower)]
        months = mean_lag(*series, pace, start=parse_month(seen.first) - parse_month(history_start))
        out.append(Lag(key, leader, follower, seen.first, last, months, seen.value))
    return tuple(out)


# ----------------------------------------------------------------- together


def closed_frontier(scores: pd.DataFrame, months: dict[str, str]) -> dict[str, tuple[str, float]]:
    """For each id's month, the best closed-weight ECI released by the month's end."""
    closed = groups(scores)["closed"]
    return {key: (month, float(closed.loc[closed["month"] <= parse_month(month), "eci"].max()))
            for key, month in months.items()}


def derive(raw_scores: pd.DataFrame, parameter_tables: Sequence[pd.DataFrame],
           frontier_months: Sequence[str] | None = None) -> Derived:
    """Both quantities from the tables as read. The closed frontier is read at the months of
    E1-E3 unless ``frontier_months`` are given; the lags date levels held before a series
    starts at the model's own pace (``capability.frontier_pace``), as the model's lag does."""
    scores = scores_table(raw_scores)
    rows = sized_open_models(scores, parameter_counts(parameter_tables))
    envelope = fit_envelope(rows)
    months = ({key: OBSERVED[key].last for key in FRONTIER_IDS} if frontier_months is None
              else {f"F{i + 1}": m for i, m in enumerate(frontier_months)})
    levels = closed_frontier(scores, months)
    sizes = [f.size_b for f in frontier_sizes(envelope, levels)]
    steep, shallow = (fit_with_slope(rows, envelope.c + k * envelope.se_c) for k in (2, -2))
    by_slope = tuple(geometric_mean([f.size_b for f in frontier_sizes(e, levels)]) for e in (steep, shallow))
    pace = default_config().capability.frontier_pace
    return Derived(envelope, frontier_sizes(envelope, levels), geometric_mean(sizes),
                   (min(sizes), max(sizes)), by_slope, pace, lags(scores, pace))


def table(d: Derived) -> str:
    """The short table the command prints."""
    e = d.envelope
    lines = [
        "Open-weight size envelope (OLS; t in years since 2022-01, size in billion parameters)",
        f"  ECI = {e.a:.2f} + {e.b:.2f} t + {e.c:.2f} log10 B    se(c) {e.se_c:.2f}, n {e.n}, "
        f"residual sd {e.resid_sd:.2f} ECI",
        "Frontier size (open size reaching the best closed ECI at the month's end)",
    ]
    lines += [f"  {f.id} {f.month}: closed best {f.level:.1f} ECI -> {f.size_b:,.0f} B" for f in d.frontier]
    lines += [
        f"  geometric mean {d.frontier_size_b:,.0f} B; range {d.frontier_range_b[0]:,.0f}-"
        f"{d.frontier_range_b[1]:,.0f} B; c +/- 2 se (a, b refitted): {d.frontier_slope_range_b[0]:,.0f}-"
        f"{d.frontier_slope_range_b[1]:,.0f} B",
        f"Lags, the model's way (sim.metrics.lag_months; pace {d.pace:.2f} ECI a month, "
        f"capability.frontier_pace)",
    ]
    lines += [f"  {g.id} {g.follower} behind {g.leader}, {g.first}..{g.last}: {g.months:.2f} months "
              f"(target: {g.target:g})" for g in d.lags]
    return "\n".join(lines)


def as_json(d: Derived) -> str:
    """Everything as JSON (sizes in billion parameters, lags in months, ECI points)."""
    return json.dumps(asdict(d), indent=2)


def month_option(text: str) -> str:
    """A month option's value (argparse's ``type=``): YYYY-MM."""
    parse_month(text)  # ValueError naming the format, which argparse reports
    return text


def main(argv: Sequence[str] | None = None) -> None:
    """The command; a missing data directory or file ends in one line naming it (exit 2)."""
    parser = CommandParser(prog="python -m experiments.epoch_data", description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=path_option, default=DEFAULT_DATA,
                        help=f"directory of the data files (default: {DEFAULT_DATA})")
    parser.add_argument("--json", action="store_true", help="print JSON instead of the table")
    parser.add_argument("--frontier-months", type=month_option, nargs="+", metavar="YYYY-MM",
                        help="months to read the closed frontier at (default: those of E1-E3, "
                             + ", ".join(OBSERVED[key].last for key in FRONTIER_IDS) + ")")
    args = parser.parse_args(argv)
    try:
        raw_scores, parameter_tables = read_data(args.data)
    except FileNotFoundError as error:
        exit_in_one_line(parser.prog, str(error))
    derived = derive(raw_scores, parameter_tables, args.frontier_months)
    print(as_json(derived) if args.json else table(derived))


if __name__ == "__main__":
    main()
