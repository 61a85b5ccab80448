"""The read side: the zone's calendars, and case columns loaded from the database as numpy arrays.

``measure_zone`` is what every page, the reminders, the targets and the benchmark use: one
query for the cases (dates come out of SQL as day numbers), one for the clock stops, then the
vectorised measures of ``measures.py``.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date

import numpy as np
from django.db import connection

from . import measures
from .models import Case, ClockStop, ServiceType


def calendars_for(zone, regions) -> dict:
    """region → calendar: the zone's own (with its overrides) for its region, the region's otherwise.

    The one place cases get calendars from: ``duban.workdays.services`` once the workdays app is
    installed (office entries and zone overrides included), the shipped files until then.
    """
    from django.apps import apps

    if apps.is_installed("duban.workdays"):
        from duban.workdays.services import calendar_for_region, calendar_for_zone

        return {r: calendar_for_zone(zone) if r == zone.calendar_region else calendar_for_region(r)
                for r in set(regions)}
    from duban.workdays.engine import load_calendar

    return {r: load_calendar(r) for r in set(regions)}


def type_info(service_type: ServiceType, limit=None) -> measures.TypeInfo:
    value = service_type.limit_value if limit is None else limit
    return measures.TypeInfo(float(value) if value is not None else np.nan, service_type.limit_unit,
                             service_type.calendar_region)


@dataclass
class Measured:
    types: list[ServiceType]
    ids: np.ndarray  # case ids, ascending
    columns: measures.CaseColumns
    result: measures.Elapsed
    today: date

    def positions_of_type(self, service_type_id: int) -> np.ndarray:
        index = next(i for i, t in enumerate(self.types) if t.pk == service_type_id)
        return np.flatnonzero(self.columns.type_index == index)

    def by_type(self) -> dict[int, measures.Summary]:
        """service type id → Summary, for every type (types without cases get an empty summary)."""
        found = measures.by_type(self.result, self.columns)
        empty = measures.summarise(self.result, self.columns, np.empty(0, np.int64))
        return {t.pk: found.get(i, empty) for i, t in enumerate(self.types)}

    def row(self, case_id: int) -> int | None:
        pos = int(np.searchsorted(self.ids, case_id))
        return pos if pos < len(self.ids) and self.ids[pos] == case_id else None


#: Day numbers are packed relative to 2000-01-01 (day 10957): 16 bits reach 2179.  Imports refuse
#: dates outside 2000–2150; service type ids must stay below 2**21.
EPOCH = 10957


def _day(column: str) -> str:
    if connection.vendor == "postgresql":
        return f"({column} - DATE '1970-01-01')"
    return f"CAST(julianday({column}) - 2440587.5 AS INTEGER)"


def load_columns(zone, types: list[ServiceType], *, received_from: date | None = None,
                 received_to: date | None = None, case_ids=None) -> tuple[np.ndarray, measures.CaseColumns]:
    """The cases of ``types`` (optionally received in [from, to], or only ``case_ids``) as arrays."""
    index = {t.pk: i for i, t in enumerate(types)}
    if not index:
        return np.empty(0, np.int64), measures.CaseColumns(np.empty(0, np.int64), np.empty(0, np.int64),
                                                           np.empty(0, np.int64), np.empty(0), np.empty(0),
                                                           np.empty(0, np.int64))
    table = Case._meta.db_table
    where = ["zone_id = %s", f"service_type_id IN ({','.join(['%s'] * len(index))})"]
    params: list = [zone.pk, *index]
    if received_from:
        where.append("received_on >= %s")
        params.append(received_from)
    if received_to:
        where.append("received_on <= %s")
        params.append(received_to)
    if case_ids is not None:
        ids = [int(i) for i in case_ids] or [0]
        where.append(f"id IN ({','.join(['%s'] * len(ids))})")
        params.extend(ids)
    # Three integers per case, so a million rows cross the driver quickly: the id, the cost in
    # fen (-1 unknown), and the rest packed into one 62-bit integer (see _PACK):
    # type id (20 bits) | received day - EPOCH (16) | completed day - EPOCH + 1, 0 open (16) |
    # steps + 1, 0 unknown (6) | rating (3).
    received, completed = _day("received_on"), _day("completed_on")
    packed = (f"((service_type_id * 65536 + ({received} - {EPOCH})) * 65536 "
              f"+ COALESCE({completed} - {EPOCH} + 1, 0)) * 512 "
              f"+ COALESCE(CASE WHEN steps > 62 THEN 62 ELSE steps END + 1, 0) * 8 + COALESCE(rating, 0)")
    cost = "COALESCE(CAST(ROUND(cost * 100) AS BIGINT), -1)"
    sql = f"SELECT id, {packed}, {cost} FROM {table} WHERE {' AND '.join(where)} ORDER BY id"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    flat = np.fromiter(itertools.chain.from_iterable(rows), dtype=np.int64, count=3 * len(rows)).reshape(-1, 3)
    del rows
    ids, packed_values, fen = flat[:, 0].copy(), flat[:, 1], flat[:, 2]
    rating = packed_values & 7
    steps = ((packed_values >> 3) & 63).astype(float) - 1
    steps[steps < 0] = np.nan
    completed_days = (packed_values >> 9) & 0xFFFF
    received_days = ((packed_values >> 25) & 0xFFFF) + EPOCH
    type_ids = packed_values >> 41
    cost = fen.astype(float) / 100
    cost[fen < 0] = np.nan
    lookup = np.zeros(max(index) + 1, dtype=np.int64)
    for pk, i in index.items():
        lookup[pk] = i
    columns = measures.CaseColumns(
        type_index=lookup[type_ids], received=received_days,
        completed=np.where(completed_days == 0, -1, completed_days + EPOCH - 1), steps=steps, cost=cost,
        rating=rating,
    )
    _load_stops(zone, ids, columns)
    return ids, columns


def _load_stops(zone, ids: np.ndarray, columns: measures.CaseColumns) -> None:
    table = ClockStop._meta.db_table
    start, end = _day("s.start"), _day('s."end"')
    sql = (f"SELECT s.case_id, {start}, {end} FROM {table} s "
           f"WHERE s.zone_id = %s ORDER BY s.case_id")
    with connection.cursor() as cursor:
        cursor.execute(sql, [zone.pk])
        rows = cursor.fetchall()
    if not rows or not len(ids):
        return
    stops = np.array(rows, dtype=np.int64).reshape(-1, 3)
    pos = np.searchsorted(ids, stops[:, 0])
    pos_clipped = np.minimum(pos, len(ids) - 1)
    keep = ids[pos_clipped] == stops[:, 0]
    columns.stop_case = pos_clipped[keep]
    columns.stop_start = stops[keep, 1]
    columns.stop_end = stops[keep, 2]


def measure_zone(zone, today: date, types=None, *, limits: dict | None = None, **filters) -> Measured:
    """Measures of the zone's cases (of ``types``, default all); ``limits`` overrides a type's limit by id."""
    types = list(types if types is not None else ServiceType.objects.filter(zone=zone).select_related("department"))
    ids, columns = load_columns(zone, types, **filters)
    infos = [type_info(t, (limits or {}).get(t.pk)) for t in types]
    calendars = calendars_for(zone, [t.region for t in infos])
    result = measures.elapsed(columns, infos, calendars, today)
    return Measured(types, ids, columns, result, today)


def case_measure(case: Case, today: date) -> dict:
    """The measures of one case, for its page."""
    measured = measure_zone(case.zone, today, [case.service_type], case_ids=[case.pk])
    r = measured.result
    if not len(measured.ids):
        return {}
    return {
        "elapsed": int(r.elapsed[0]), "limit": None if np.isnan(r.limit[0]) else float(r.limit[0]),
        "overdue": bool(r.overdue[0]), "within": bool(r.within[0]), "stopped": int(r.stopped[0]),
        "days_left": None if np.isnan(r.days_left[0]) else float(r.days_left[0]),
        "provisional": bool(r.provisional[0]), "is_open": bool(r.is_open[0]),
        "provisional_reasons": _reasons(case, today),
    }


def _reasons(case: Case, today: date) -> list[str]:
    if case.service_type.limit_unit != measures.WORKDAYS:
        return []
    calendar = calendars_for(case.zone, [case.service_type.calendar_region])[case.service_type.calendar_region]
    end = case.completed_on or today
    return calendar.provisional_reasons(case.received_on, max(end, case.received_on))
