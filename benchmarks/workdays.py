"""Working-day counts: the numpy engine against a per-pair loop over chinesecalendar, and in SQL.

``python -m benchmarks workdays`` draws N random (start, end) pairs in 2020–2026
(seeded), times ``count_many`` on all of them (best of a few runs), times the
natural per-pair chinesecalendar call on a sample of the same pairs, checks both
agree on that sample (national region), and prints each figure; its last line is
one JSON object.

Each figure comes from a ``measure_*`` function that takes the Workload and the
figures so far and returns its JSON fields; to add one, write another and append
it to MEASUREMENTS.
``measure_sql`` (in ``workdays_sql.py``, the only part that needs Django and a
database: ``DATABASE_URL`` picks it) times the same counts as one SQL query over
the stored ordinal table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from duban.workdays.engine import WorkdayCalendar, load_calendar

from .timing import best_of

FIRST_DAY = np.datetime64("2020-01-01")
LAST_DAY = np.datetime64("2026-12-31")


@dataclass(frozen=True)
class Workload:
    calendar: WorkdayCalendar
    starts: np.ndarray  # datetime64[D]
    ends: np.ndarray  # datetime64[D]
    sample: np.ndarray  # indices of the pairs the slow baselines run on
    repeats: int
    sql_rows: int = 0  # rows of the SQL figure (the first pairs); 0 skips it

    @property
    def pairs(self) -> int:
        return len(self.starts)


def make_workload(pairs: int, sample: int, seed: int, repeats: int, sql_rows: int = 0) -> Workload:
    rng = np.random.default_rng(seed)
    low, high = FIRST_DAY.astype(np.int64), LAST_DAY.astype(np.int64) + 1
    starts = rng.integers(low, high, pairs).astype("datetime64[D]")
    ends = rng.integers(low, high, pairs).astype("datetime64[D]")
    chosen = rng.choice(pairs, size=min(sample, pairs), replace=False)
    return Workload(load_calendar("national"), starts, ends, np.sort(chosen), repeats, min(sql_rows, pairs))


def measure_count_many(workload: Workload, result: dict) -> dict:
    workload.calendar.count_many(workload.starts, workload.ends)  # warm-up: page in the arrays
    seconds = best_of(workload.repeats, lambda: workload.calendar.count_many(workload.starts, workload.ends))
    print(f"count_many: {workload.pairs:,} pairs in {seconds * 1000:.1f} ms (best of {workload.repeats})")
    return {"count_many_s": seconds}


def chinesecalendar_count(a: dt.date, b: dt.date) -> int:
    """Working days d with a < d <= b, by chinesecalendar's get_workdays (which includes both ends)."""
    from chinese_calendar import get_workdays

    if b < a:
        return -chinesecalendar_count(b, a)
    if a == b:
        return 0
    return len(get_workdays(a + dt.timedelta(days=1), b))


def measure_baseline(workload: Workload, result: dict) -> dict:
    pairs = [(_as_date(workload.starts[i]), _as_date(workload.ends[i])) for i in workload.sample]
    started = time.perf_counter()
    expected = [chinesecalendar_count(a, b) for a, b in pairs]
    per_pair = (time.perf_counter() - started) / len(pairs)

    ours = workload.calendar.count_many(workload.starts[workload.sample], workload.ends[workload.sample])
    disagreements = int(np.count_nonzero(ours != np.array(expected)))
    if disagreements:
        raise SystemExit(f"chinesecalendar and count_many disagree on {disagreements} of {len(pairs)} sampled pairs")
    print(
        f"chinesecalendar per-pair loop: {per_pair * 1e6:.0f} µs per pair on {len(pairs):,} sampled pairs"
        f" (all agree with count_many); extrapolated to {workload.pairs:,} pairs: {per_pair * workload.pairs:.1f} s"
    )
    return {"baseline_per_pair_s": per_pair}


def measure_ratio(workload: Workload, result: dict) -> dict:
    ratio = result["baseline_per_pair_s"] * workload.pairs / result["count_many_s"]
    print(f"ratio (baseline extrapolated / count_many): {ratio:,.0f}×")
    return {"ratio": ratio}


def measure_sql(workload: Workload, result: dict) -> dict:
    if not workload.sql_rows:
        return {}
    from .workdays_sql import measure  # sets Django up: the figures above need neither it nor a database

    return measure(workload, workload.sql_rows)


MEASUREMENTS: list[Callable[[Workload, dict], dict]] = [measure_count_many, measure_baseline, measure_ratio, measure_sql]


def run(workload: Workload) -> dict:
    result: dict = {"pairs": workload.pairs}
    for measure in MEASUREMENTS:
        result.update(measure(workload, result))
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks workdays", description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=1_000_000)
    parser.add_argument("--sample", type=int, default=2_000, help="pairs the per-pair baseline runs on")
    parser.add_argument("--seed", type=int, default=20200101)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--sql-rows", type=int, default=None,
                        help="rows for the SQL figure (default: all pairs; 0 skips it and the database)")
    args = parser.parse_args(argv)
    sql_rows = args.pairs if args.sql_rows is None else args.sql_rows
    result = run(make_workload(args.pairs, args.sample, args.seed, args.repeats, sql_rows))
    print(json.dumps(result))
    return 0


def _as_date(value: np.datetime64) -> dt.date:
    return value.astype(object)
