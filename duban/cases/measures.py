"""Measures of cases, as pure functions over numpy arrays (no Django, no per-case loop over days).

Conventions (docs/cases.md):

- A case received on day a and completed on day b has taken ``count(a, b)`` working days: the
  working days d with a < d ≤ b (行政许可法 第八十二条: limits count working days; the day of
  receipt is not counted).  An open case is measured up to today: ``count(a, today)``.
- A clock stop (补正, 现场勘查, 公示) from s to e excludes the working days d with s < d ≤ e that
  lie inside the case's own period (a, b]; stops of one case must not overlap.
- A limit in 自然日 counts calendar days under the same a < d ≤ b rule: ``b - a`` minus stopped days.
- within limit: elapsed ≤ limit.  A completed case is decided; an open case is decided only once
  it is already over its limit (it can no longer be within).  Open cases inside their limit are
  counted, but they enter neither the median nor the share within limit.
- Median, P90 and maximum are over completed cases; P90 is the nearest-rank value (the smallest
  elapsed that 90% of the cases do not exceed).
- Satisfaction rate: ratings of 满意 (4) or 非常满意 (5) over rated cases.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

WORKDAYS, CALENDAR_DAYS = "工作日", "自然日"
SATISFIED_AT_LEAST = 4  # 满意


@dataclass
class TypeInfo:
    """What the measures need of a service type: its limit (NaN: none), unit and calendar region."""

    limit: float
    unit: str = WORKDAYS
    region: str = "national"


@dataclass
class CaseColumns:
    """One row per case, as arrays.  Day numbers are days since 1970-01-01 (numpy's datetime64[D])."""

    type_index: np.ndarray  # int: index into the list of TypeInfo
    received: np.ndarray  # int64 day numbers
    completed: np.ndarray  # int64 day numbers; -1 while open
    steps: np.ndarray | None = None  # float, NaN unknown
    cost: np.ndarray | None = None  # float, NaN unknown
    rating: np.ndarray | None = None  # int 1..5, 0 unrated
    stop_case: np.ndarray = field(default_factory=lambda: np.empty(0, np.int64))  # position of the stop's case
    stop_start: np.ndarray = field(default_factory=lambda: np.empty(0, np.int64))
    stop_end: np.ndarray = field(default_factory=lambda: np.empty(0, np.int64))

    def __len__(self) -> int:
        return len(self.received)


@dataclass
class Elapsed:
    elapsed: np.ndarray  # int64, in the case's limit unit
    limit: np.ndarray  # float, NaN when the service type has no time limit
    is_open: np.ndarray  # bool
    within: np.ndarray  # bool (meaningless where decided is False)
    decided: np.ndarray  # bool: completed, or open and already over the limit
    overdue: np.ndarray  # bool: over the limit (open or completed)
    days_left: np.ndarray  # float: limit - elapsed for open cases, NaN otherwise
    provisional: np.ndarray  # bool: the count uses a year whose regional holidays are not final
    stopped: np.ndarray  # int64: days excluded by clock stops


def to_day_numbers(values) -> np.ndarray:
    return np.asarray(values, dtype="datetime64[D]").astype(np.int64)


def elapsed(columns: CaseColumns, types: list[TypeInfo], calendars, today) -> Elapsed:
    """Elapsed working (or calendar) days of every case; ``calendars`` maps region → WorkdayCalendar.

    ``today`` is a date or a day number.  Raises the engine's CalendarNotCovered when a counted
    day lies outside the entered years.
    """
    today_n = int(to_day_numbers([today])[0]) if not isinstance(today, (int, np.integer)) else int(today)
    n = len(columns)
    type_index = np.asarray(columns.type_index, dtype=np.int64)
    received = np.asarray(columns.received, dtype=np.int64)
    completed = np.asarray(columns.completed, dtype=np.int64)
    is_open = completed < 0
    end = np.where(is_open, today_n, completed)
    end = np.maximum(end, received)  # a case received after "today" has taken 0 days so far
    limits_by_type = np.array([t.limit for t in types] + [np.nan], dtype=float)
    workday_type = np.array([t.unit == WORKDAYS for t in types] + [True], dtype=bool)
    limit = limits_by_type[type_index] if n else np.empty(0)
    workday_case = workday_type[type_index] if n else np.empty(0, bool)

    counted = end - received  # calendar days, replaced below for working-day cases
    provisional = np.zeros(n, dtype=bool)
    regions = sorted({t.region for t in types})
    region_of_type = np.array([regions.index(t.region) for t in types] + [-1], dtype=np.int64)
    case_region = region_of_type[type_index] if n else np.empty(0, np.int64)  # an index into regions

    stop_case = np.asarray(columns.stop_case, dtype=np.int64)
    s = np.maximum(np.asarray(columns.stop_start, dtype=np.int64), received[stop_case]) if len(stop_case) else stop_case
    e = np.minimum(np.asarray(columns.stop_end, dtype=np.int64), end[stop_case]) if len(stop_case) else stop_case
    e = np.maximum(e, s)
    s, e = _without_overlaps(stop_case, s, e)
    stop_days = (e - s).astype(np.int64)  # calendar days; working days below

    for r, region in enumerate(regions):
        calendar = calendars[region]
        mask = workday_case & (case_region == r)
        if mask.any():
            counted[mask] = calendar.count_many(received[mask], end[mask])
            provisional[mask] = calendar.provisional_many(received[mask], end[mask])
        if len(stop_case):
            stop_mask = mask[stop_case] & (e > s)
            if stop_mask.any():
                stop_days[stop_mask] = calendar.count_many(s[stop_mask], e[stop_mask])
    stopped = np.bincount(stop_case, weights=stop_days, minlength=n).astype(np.int64) if len(stop_case) else np.zeros(n, np.int64)
    value = counted - stopped
    has_limit = ~np.isnan(limit)
    overdue = has_limit & (value > np.nan_to_num(limit, nan=np.inf))
    within = has_limit & ~overdue
    decided = has_limit & (~is_open | overdue)
    days_left = np.where(is_open & has_limit, limit - value, np.nan)
    return Elapsed(value, limit, is_open, within, decided, overdue, days_left, provisional, stopped)



def _without_overlaps(stop_case: np.ndarray, s: np.ndarray, e: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The stops with each one's start moved past the stops of its case that began before it, so
    overlapping stops count their union once (imports refuse overlaps; this keeps a stray pair
    entered elsewhere from counting a day twice and making a case's elapsed negative)."""
    if len(stop_case) < 2:
        return s, e
    order = np.lexsort((s, stop_case))
    case, start, end = stop_case[order], s[order], e[order]
    # The latest end among the earlier stops of the same case: a running maximum over the sorted
    # stops, made per case by adding an offset that grows with the case (cases are sorted).
    offset = (case - case.min()) * (int(end.max()) - int(start.min()) + 2) - int(start.min()) + 1
    running = np.maximum.accumulate(end + offset)
    earlier_end = np.empty_like(running)
    earlier_end[0], earlier_end[1:] = -1, running[:-1]
    first_of_case = np.r_[True, case[1:] != case[:-1]]
    earlier_end = np.where(first_of_case, start, earlier_end - offset)
    start = np.maximum(start, earlier_end)
    end = np.maximum(end, start)
    out_s, out_e = np.empty_like(s), np.empty_like(e)
    out_s[order], out_e[order] = start, end
    return out_s, out_e

@dataclass
class Summary:
    count: int
    completed: int
    open: int
    median: float | None
    p90: float | None
    max: int | None
    within_share: float | None  # 0..1 over decided cases
    decided: int
    overdue_open: int
    mean_steps: float | None
    max_steps: int | None
    mean_cost: float | None
    satisfaction_rate: float | None  # 0..1 over rated cases
    rated: int

    def to_json(self) -> dict:
        return {k: v for k, v in self.__dict__.items()}


def summaries(result: Elapsed, columns: CaseColumns, keys: np.ndarray, rows: np.ndarray | None = None) -> dict:
    """{key: Summary} for the cases at ``rows`` (all when None) grouped by ``keys`` (one per row).

    One sort and a few bincounts for all groups together: no Python loop over cases, and
    the per-group loop at the end only reads the results out.
    """
    rows = np.arange(len(columns)) if rows is None else np.asarray(rows, dtype=np.int64)
    keys = np.asarray(keys)
    if not len(rows):
        return {}
    if keys.dtype.kind in "iu" and keys.min() >= 0 and keys.max() < 4 * len(keys) + 1024:
        # Small non-negative integer keys (type index, type × month): use them as they are, no sort.
        inv = keys.astype(np.int64)
        g = int(inv.max()) + 1
        distinct = np.flatnonzero(np.bincount(inv, minlength=g))
        slots = distinct  # the arrays below are indexed by the key itself
    else:
        distinct, inv = np.unique(keys, return_inverse=True)
        g = len(distinct)
        slots = np.arange(g)

    def total(weights: np.ndarray) -> np.ndarray:
        """Per group, the sum of ``weights`` (of booleans: how many are true).  Weighting all rows
        is several times faster than selecting the rows of a mask first."""
        return np.bincount(inv, weights=weights, minlength=g)

    value = result.elapsed[rows]
    is_open = result.is_open[rows]
    decided = result.decided[rows]
    within = result.within[rows] & decided
    count = np.bincount(inv, minlength=g)
    n_open = total(is_open)
    n_decided = total(decided)
    n_within = total(within)
    overdue_open = total(result.overdue[rows] & is_open)
    # Order statistics of completed cases: sort by (group, elapsed) once.
    done = ~is_open
    done_inv, done_value = inv[done], value[done]
    span = int(done_value.max()) + 1 if len(done_value) else 1
    shift = int(done_value.min()) if len(done_value) else 0  # elapsed may be negative only by bad data
    sorted_value = (np.sort(done_inv * (span - shift) + (done_value - shift)) % (span - shift) + shift).astype(float)
    n_done = np.bincount(done_inv, minlength=g)
    first = np.concatenate([[0], np.cumsum(n_done)[:-1]])
    has = n_done > 0
    safe = lambda k: sorted_value[np.clip(k, 0, max(len(sorted_value) - 1, 0))] if len(sorted_value) else np.zeros(g)
    half = n_done // 2
    median = np.where(n_done % 2 == 1, safe(first + half), (safe(first + half - 1) + safe(first + half)) / 2)
    p90 = safe(first + (9 * n_done + 9) // 10 - 1)  # nearest rank: ceil(0.9 n), in integers
    maximum = safe(first + n_done - 1)

    def mean_of(values) -> tuple[np.ndarray, np.ndarray]:
        if values is None:
            return np.zeros(g), np.zeros(g)
        values = np.asarray(values, dtype=float)[rows]
        known = ~np.isnan(values)
        return total(np.where(known, values, 0.0)), total(known)

    steps_sum, steps_n = mean_of(columns.steps)
    cost_sum, cost_n = mean_of(columns.cost)
    max_steps = np.full(g, -1.0)
    if columns.steps is not None:
        steps = np.asarray(columns.steps, dtype=float)[rows]
        known = ~np.isnan(steps)
        np.maximum.at(max_steps, inv[known], steps[known])
    rating = np.asarray(columns.rating, dtype=np.int64)[rows] if columns.rating is not None else np.zeros(len(rows), np.int64)
    rated = total(rating > 0)
    satisfied = total(rating >= SATISFIED_AT_LEAST)

    out = {}
    for key, i in zip(distinct.tolist(), slots.tolist()):
        out[key] = Summary(
            count=int(count[i]), completed=int(n_done[i]), open=int(n_open[i]),
            median=float(median[i]) if has[i] else None, p90=float(p90[i]) if has[i] else None,
            max=int(maximum[i]) if has[i] else None,
            within_share=float(n_within[i] / n_decided[i]) if n_decided[i] else None, decided=int(n_decided[i]),
            overdue_open=int(overdue_open[i]),
            mean_steps=float(steps_sum[i] / steps_n[i]) if steps_n[i] else None,
            max_steps=int(max_steps[i]) if max_steps[i] >= 0 else None,
            mean_cost=float(cost_sum[i] / cost_n[i]) if cost_n[i] else None,
            satisfaction_rate=float(satisfied[i] / rated[i]) if rated[i] else None, rated=int(rated[i]),
        )
    return out


EMPTY = Summary(0, 0, 0, None, None, None, None, 0, 0, None, None, None, None, 0)


def summarise(result: Elapsed, columns: CaseColumns, rows: np.ndarray | None = None) -> Summary:
    """The measures of the cases at positions ``rows`` (all when None)."""
    n = len(columns) if rows is None else len(rows)
    return summaries(result, columns, np.zeros(n, np.int64), rows).get(0, EMPTY)


def group_positions(keys: np.ndarray) -> dict:
    """{key: positions} for every distinct key, with one sort (no per-case Python loop)."""
    keys = np.asarray(keys)
    if not len(keys):
        return {}
    order = np.argsort(keys, kind="stable")
    distinct, starts = np.unique(keys[order], return_index=True)
    bounds = list(starts[1:]) + [len(keys)]
    return {k.item() if hasattr(k, "item") else k: order[a:b] for k, a, b in zip(distinct, starts, bounds)}


def by_type(result: Elapsed, columns: CaseColumns) -> dict[int, Summary]:
    return summaries(result, columns, np.asarray(columns.type_index, dtype=np.int64))


def month_numbers(day_numbers: np.ndarray) -> np.ndarray:
    """Months since 1970-01 of day numbers (2020-06 → 605)."""
    days = np.asarray(day_numbers, dtype=np.int64)
    if not len(days):
        return days
    # Convert each day of the range once (a few thousand), then look the cases up: numpy's
    # day-to-month conversion is slow over a million values.
    first = int(days.min())
    months = np.arange(first, int(days.max()) + 1).astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
    return months[days - first]


def month_label(month: int) -> str:
    return str(np.datetime64(int(month), "M"))


def by_month(result: Elapsed, columns: CaseColumns, rows: np.ndarray | None = None) -> dict[str, Summary]:
    """Measures by month of receipt (受理月份), keyed "2020-06", in order."""
    positions = np.arange(len(columns)) if rows is None else np.asarray(rows, dtype=np.int64)
    months = month_numbers(np.asarray(columns.received)[positions])
    first = int(months.min()) if len(months) else 0
    found = summaries(result, columns, months - first, positions)
    return {month_label(m + first): s for m, s in sorted(found.items())}


def by_type_and_month(result: Elapsed, columns: CaseColumns) -> dict[tuple[int, str], Summary]:
    """Measures per (type index, "YYYY-MM") for every case at once."""
    months = month_numbers(columns.received)
    if not len(months):
        return {}
    first, width = int(months.min()), int(months.max() - months.min()) + 1
    keys = np.asarray(columns.type_index, dtype=np.int64) * width + (months - first)
    return {(k // width, month_label(k % width + first)): s for k, s in summaries(result, columns, keys).items()}
