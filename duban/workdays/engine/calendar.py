"""Working-day arithmetic for one region, with optional zone overrides.

The convention (docs/workdays.md repeats it; nothing else in duban may redefine it):

* ``count(a, b)``, the working days elapsed from a to b, is the number of working
  days d with a < d <= b.  The day of receipt a is not counted, the last day b is;
  ``count(a, a) == 0`` and ``count(b, a) == -count(a, b)``.
* ``add(a, n)`` for n >= 1 is the n-th working day after a, i.e. the earliest d with
  ``count(a, d) == n``.  Whether a itself is a working day does not matter: for a
  holiday or weekend a, ``add(a, 1)`` is the first working day after a.
  ``add(a, 0) == a``.
* ``add(a, -n)`` is the n-th working day strictly before a.  For a working day a,
  ``count(add(a, -n), a) == n`` and ``add(add(a, -n), n) == a``.

A day's status is resolved top-down: zone override → region → national → Monday–Friday.

How: over the covered span we precompute ``ord[i]``, the number of working days
from the span's start up to and including day i, so ``count(a, b) = ord[b] - ord[a]``
and ``add`` is a look-up of the working day with a given ordinal.  Both are pure
numpy indexing, which is what makes ``count_many`` on a million pairs take
milliseconds, and the same table (``ordinals()``) can be stored in a database
for SQL filters such as "overdue" and "working days left".

Coverage: every day of every year the national layer covers, plus one *anchor*
day, 31 December of the year before the first covered year.  The anchor may be the
start of a count or an add (its own status never enters ``a < d <= b``), so a whole
first year can be counted as ``count(date(2019, 12, 31), date(2020, 12, 31))``; but
``is_workday(anchor)`` raises, because that year's notice is not entered.  Any
other date outside the span raises CalendarNotCovered.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import operator
from collections.abc import Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import NamedTuple

import numpy as np

from .data import NATIONAL, REGIONS, UNVERIFIED, Entry, Layer, as_entry, read_layer
from .errors import CalendarDataError, CalendarNotCovered

ONE_DAY = dt.timedelta(days=1)

# numpy's datetime64[D] counts days from 1970-01-01, which was a Thursday.
_EPOCH = dt.date(1970, 1, 1)
_EPOCH_WEEKDAY = _EPOCH.weekday()
_NAT = int(np.datetime64("NaT", "D").astype(np.int64))


class OrdinalRow(NamedTuple):
    """One day of the precomputed table; ``count(a, b) == row(b).ordinal - row(a).ordinal``.

    ``provisional_ordinal`` counts the provisional days up to and including the date the
    same way, so count(a, b) is provisional exactly when the two rows' values differ.
    """

    date: dt.date
    is_workday: bool | None  # None only on the anchor row, whose year is not covered
    ordinal: int
    provisional_ordinal: int


class WorkdayCalendar:
    """The working days of one region (national layer + optional regional layer + zone overrides).

    Immutable once built; ``load_calendar()`` is the usual way to get one.
    """

    def __init__(self, national: Layer, region: Layer | None = None, overrides: Iterable = ()):
        years = _contiguous_years(national)
        self.region = region.name if region is not None else NATIONAL
        self.years = years
        self.anchor = dt.date(years[0], 1, 1) - ONE_DAY
        self.last_day = dt.date(years[-1], 12, 31)
        self.overrides: Mapping[dt.date, Entry] = MappingProxyType(_index_overrides(overrides))
        self.provisional_years: Mapping[int, str] = MappingProxyType(_provisional_years(region, years))

        self._size = (self.last_day - self.anchor).days + 1  # offsets 0 (anchor) … size - 1
        self._origin = (self.anchor - _EPOCH).days  # the anchor as a numpy day number
        layers = [national.entries, region.entries if region is not None else {}, self.overrides]
        self._work = _frozen(self._resolve(layers))
        self._ord = _frozen(np.cumsum(self._work, dtype=np.int64))
        self._workday_offsets = _frozen(np.flatnonzero(self._work))  # ordinal k ↔ offset [k - 1]
        self._provisional_ord = _frozen(np.cumsum(self._provisional_days(), dtype=np.int64))

    def __repr__(self) -> str:
        return (
            f"<WorkdayCalendar {self.region} {self.years[0]}–{self.years[-1]}"
            f", {len(self.overrides)} zone overrides>"
        )

    # ---- single dates -------------------------------------------------------------

    def is_workday(self, day: dt.date) -> bool:
        return bool(self._work[self._offset(day, allow_anchor=False)])

    def count(self, a: dt.date, b: dt.date) -> int:
        """Working days d with a < d <= b (negative when b < a)."""
        return int(self._ord[self._offset(b)] - self._ord[self._offset(a)])

    def add(self, a: dt.date, n: int) -> dt.date:
        """The n-th working day after a (n > 0), before a (n < 0), or a itself (n == 0)."""
        n = operator.index(n)
        start = self._offset(a)
        if n == 0:
            return a
        target = int(_result_ordinal(self._ord[start], self._work[start], n))
        self._check_ordinals(target, target)
        return self.anchor + dt.timedelta(days=int(self._workday_offsets[target - 1]))

    def provisional_reasons(self, a: dt.date, b: dt.date) -> list[str]:
        """Why count(a, b) is provisional: one reason per year of the counted days (a, b]
        whose regional data is missing or unverified.  Empty means final."""
        for day in (a, b):
            self._offset(day)  # raises outside the covered span
        low, high = sorted((a, b))
        if low == high:
            return []
        years = range((low + ONE_DAY).year, high.year + 1)
        return [self.provisional_years[year] for year in years if year in self.provisional_years]

    # ---- arrays -------------------------------------------------------------------
    # Dates may be datetime64 arrays (any unit), integer arrays of numpy day numbers
    # (days since 1970-01-01), or sequences of datetime.date / ISO strings.

    def count_many(self, starts, ends) -> np.ndarray:
        """count(a, b) element-wise (broadcasting), as int64."""
        start, end = self._offsets(starts), self._offsets(ends)
        return self._ord[end] - self._ord[start]

    def add_many(self, starts, ns) -> np.ndarray:
        """add(a, n) element-wise (broadcasting), as datetime64[D]."""
        n = np.asarray(ns)
        if n.dtype.kind not in "iu":
            raise TypeError(f"工作日数应为整数，实为 {n.dtype}")
        start, n = np.broadcast_arrays(self._offsets(starts), n.astype(np.int64, copy=False))
        target = _result_ordinal(self._ord[start], self._work[start], n)
        moving = n != 0
        if moving.any():
            self._check_ordinals(target[moving].min(), target[moving].max())
        looked_up = self._workday_offsets[np.clip(target - 1, 0, len(self._workday_offsets) - 1)]
        result = np.where(moving, looked_up, start)
        return (result + self._origin).astype("datetime64[D]")

    def provisional_many(self, starts, ends) -> np.ndarray:
        """provisional_reasons(a, b) != [] element-wise, as bool."""
        start, end = self._offsets(starts), self._offsets(ends)
        low, high = np.minimum(start, end), np.maximum(start, end)
        return self._provisional_ord[high] - self._provisional_ord[low] > 0

    # ---- the table, for storage ---------------------------------------------------

    def ordinals(self) -> Iterator[OrdinalRow]:
        """The anchor row (is_workday None, ordinals 0), then one row per covered day."""
        yield OrdinalRow(self.anchor, None, 0, 0)
        for offset in range(1, self._size):
            yield OrdinalRow(
                self.anchor + dt.timedelta(days=offset),
                bool(self._work[offset]),
                int(self._ord[offset]),
                int(self._provisional_ord[offset]),
            )

    @functools.cached_property
    def fingerprint(self) -> str:
        """Equal fingerprints mean equal ``ordinals()``: a stored copy of the table is current
        exactly when the fingerprint it was stored with matches."""
        digest = hashlib.sha256(self.anchor.isoformat().encode())
        digest.update(self._work.tobytes())
        digest.update(self._provisional_ord.tobytes())
        return digest.hexdigest()[:32]

    # ---- building -----------------------------------------------------------------

    def _resolve(self, layers: list[Mapping[dt.date, Entry]]) -> np.ndarray:
        """Monday–Friday, then each layer in turn, so a later layer wins."""
        day_numbers = np.arange(self._size, dtype=np.int64) + self._origin
        work = (day_numbers + _EPOCH_WEEKDAY) % 7 < 5
        for entries in layers:
            for day, entry in entries.items():
                offset = (day - self.anchor).days
                # Entries outside the span (e.g. a zone override for a year whose national
                # notice is not in yet) cannot matter: every date there raises anyway.
                if 0 < offset < self._size:
                    work[offset] = entry.is_workday
        # The anchor's status belongs to an uncovered year; it never enters a count.
        work[0] = False
        return work

    def _provisional_days(self) -> np.ndarray:
        flags = np.zeros(self._size, dtype=bool)
        for year in self.provisional_years:
            flags[(dt.date(year, 1, 1) - self.anchor).days : (dt.date(year, 12, 31) - self.anchor).days + 1] = True
        return flags

    # ---- coverage checks ----------------------------------------------------------

    def _offset(self, day: dt.date, *, allow_anchor: bool = True) -> int:
        if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
            raise TypeError(f"应传入 date（当地日期），实为 {day!r}")
        offset = (day - self.anchor).days
        if not (0 if allow_anchor else 1) <= offset < self._size:
            raise self._not_covered(day.year)
        return offset

    def _offsets(self, values) -> np.ndarray:
        day_numbers = _day_numbers(values)
        first, last = self._origin, self._origin + self._size - 1
        if day_numbers.size and (day_numbers.min() < first or day_numbers.max() > last):
            outside = int(day_numbers[(day_numbers < first) | (day_numbers > last)].flat[0])
            if outside == _NAT:
                raise ValueError("日期不能为空（NaT）")
            raise self._not_covered(_year_of_day_number(outside))
        return day_numbers - self._origin

    def _check_ordinals(self, lowest, highest) -> None:
        """add() results must be working days inside the span."""
        if highest > len(self._workday_offsets):
            raise self._not_covered(self.years[-1] + 1)
        if lowest < 1:
            raise self._not_covered(self.years[0] - 1)

    def _not_covered(self, year: int) -> CalendarNotCovered:
        return CalendarNotCovered(year, self.years[0], self.years[-1])


def load_calendar(region: str = NATIONAL, overrides: Iterable = ()) -> WorkdayCalendar:
    """The calendar of ``region`` ("national" or "xinjiang") from the packaged data.

    ``overrides`` are the zone's own entries (Entry objects, (date, kind[, name, notice])
    tuples, or objects with ``date`` and ``kind`` attributes); they win over every layer.
    Without overrides the calendar is shared and cached.
    """
    overrides = tuple(overrides)
    if not overrides:
        return _base_calendar(region)
    return _build_calendar(region, overrides)


@functools.lru_cache(maxsize=None)
def _base_calendar(region: str) -> WorkdayCalendar:
    return _build_calendar(region, ())


def _build_calendar(region: str, overrides: tuple) -> WorkdayCalendar:
    if region not in REGIONS:
        raise ValueError(f"未知地区 {region!r}，可选：{'、'.join(REGIONS)}")
    regional = REGIONS[region]
    return WorkdayCalendar(read_layer(NATIONAL), read_layer(regional) if regional else None, overrides)


def _result_ordinal(ord_at_start, work_at_start, n):
    """The ordinal of add(start, n) for n != 0; scalars or arrays.

    n > 0: the working days after start have ordinals ord[start] + 1, + 2, …
    n < 0: the last working day before start has ordinal ord[start] - work[start],
    and counting back |n| of them lands on that + 1 + n.
    """
    return np.where(n > 0, ord_at_start + n, ord_at_start - work_at_start + 1 + n)


def _contiguous_years(national: Layer) -> tuple[int, ...]:
    # The ordinal table is one unbroken span; a gap year would be silently plain weekdays.
    years = national.years
    if not years:
        raise CalendarDataError("coverage.csv", "全国层没有录入任何年份")
    missing = sorted(set(range(years[0], years[-1] + 1)) - set(years))
    if missing:
        raise CalendarDataError("coverage.csv", f"全国层年份不连续，缺少 {'、'.join(map(str, missing))} 年")
    return years


def _provisional_years(region: Layer | None, years: tuple[int, ...]) -> dict[int, str]:
    if region is None:
        return {}
    label, subject = region.info.label, region.info.subject
    reasons = {}
    for year in years:
        entered = region.coverage.get(year)
        if entered is None:
            reasons[year] = f"{label} {year} 年{subject}未录入"
        elif entered.status == UNVERIFIED:
            reasons[year] = f"{label} {year} 年{subject}数据未经核实"
    return reasons


def _index_overrides(overrides: Iterable) -> dict[dt.date, Entry]:
    by_date: dict[dt.date, Entry] = {}
    for value in overrides:
        try:
            entry = as_entry(value)
        except (TypeError, ValueError) as exc:
            raise CalendarDataError("园区调整", f"{value!r}：{exc}") from exc
        if entry.date in by_date:
            raise CalendarDataError("园区调整", f"{entry.date} 有两条调整记录，每个日期只能有一条")
        by_date[entry.date] = entry
    return by_date


def _day_numbers(values) -> np.ndarray:
    """Days since 1970-01-01 as int64, from datetime64 / integer / date-like input."""
    array = np.asarray(values)
    if array.dtype.kind in "iu":
        return array.astype(np.int64, copy=False)
    if array.dtype.kind != "M":
        array = np.asarray(values, dtype="datetime64[D]")
    return array.astype("datetime64[D]", copy=False).view(np.int64)


def _year_of_day_number(day_number) -> int:
    return int(np.datetime64(int(day_number), "D").astype("datetime64[Y]").astype(np.int64)) + 1970


def _frozen(array: np.ndarray) -> np.ndarray:
    array.flags.writeable = False
    return array
