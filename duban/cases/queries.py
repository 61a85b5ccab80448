"""The read side: the zone's calendars, and case columns loaded from the database as numpy arrays.

``measure_zone`` is what every page, the reminders, the targets and the benchmark use: one
query for the cases (dates come out of SQL as day numbers), one for the clock stops, then the
vectorised measures of ``measures.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
from django.db import connection

from . import bulk, measures
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


def _day(column: str) -> str:
    """SQL for the day number (days since 1970-01-01) of a date column."""
    if connection.vendor == "postgresql":
        return f"({column} - DATE '1970-01-01')"
    return f"CAST(julianday({column}) - 2440587.5 AS INTEGER)"


def load_columns(zone, types: list[ServiceType], *, received_from: date | None = None,
                 received_to: date | None = None, case_ids=None) -> tuple[np.ndarray, measures.CaseColumns]:
    """The cases of ``types`` (optionally received in [from, to], or only ``case_ids``) as arrays, by id."""
    if not types:
        empty = np.empty(0, np.int64)
        return empty, measures.CaseColumns(empty, empty, empty, np.empty(0), np.empty(0), empty)
    where = ["zone_id = %s", f"service_type_id IN ({','.join(['%s'] * len(types))})"]
    params: list = [zone.pk, *(t.pk for t in types)]
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
    # One integer per column and case, NULL as a value no case has: -1 for an open case's
    # completion, unknown steps and unknown cost (in fen), 0 for no rating.
    select = ["id", "service_type_id", _day("received_on"), f"COALESCE({_day('completed_on')}, -1)",
              "COALESCE(steps, -1)", "COALESCE(ROUND(cost * 100), -1)", "COALESCE(rating, 0)"]
    arrays = bulk.sort_by_first(bulk.int_columns(select, Case._meta.db_table, " AND ".join(where), params))
    ids, type_ids, received, completed, steps, fen, rating = arrays
    index_of_pk = np.zeros(max(t.pk for t in types) + 1, dtype=np.int64)
    index_of_pk[[t.pk for t in types]] = np.arange(len(types))
    columns = measures.CaseColumns(
        type_index=index_of_pk[type_ids], received=received, completed=completed,
        steps=np.where(steps < 0, np.nan, steps), cost=np.where(fen < 0, np.nan, fen / 100), rating=rating,
    )
    _load_stops(zone, ids, columns)
    return ids, columns


def _load_stops(zone, ids: np.ndarray, columns: measures.CaseColumns) -> None:
    """The clock stops of the cases at ``ids`` as positions into them (stops of other cases dropped)."""
    select = ["case_id", _day("start"), _day('"end"')]
    case_id, start, end = bulk.int_columns(select, ClockStop._meta.db_table, "zone_id = %s", [zone.pk])
    if not len(case_id) or not len(ids):
        return
    pos = np.minimum(np.searchsorted(ids, case_id), len(ids) - 1)
    keep = ids[pos] == case_id
    columns.stop_case = pos[keep]
    columns.stop_start = start[keep]
    columns.stop_end = end[keep]


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
