"""The case list's filters, shared by the list page and the case export (``exporting``).

Filters are plain strings, as a query string gives them: ``type`` and ``department`` (ids),
``open`` and ``overdue`` ("1").  What the user may read is ``permissions``: a filter only narrows it.
"""

from __future__ import annotations

from datetime import date

from duban.workdays.engine import CalendarNotCovered

from . import permissions
from .queries import measure_zone


def filtered_cases(user, filters, day: date, *, overdue: bool = True):
    """(service types, cases, error) for ``filters``; ``overdue=False`` leaves the overdue filter
    out (it measures every case of the types: ``exporting`` counts without it)."""
    types = permissions.visible_service_types_for_cases(user).select_related("department")
    if filters.get("type"):
        types = types.filter(pk=filters["type"]) if str(filters["type"]).isdigit() else types.none()
    if filters.get("department"):
        department = str(filters["department"])
        types = types.filter(department_id=department) if department.isdigit() else types.none()
    cases = permissions.visible_cases(user).filter(service_type__in=types)
    if filters.get("open") == "1":
        cases = cases.filter(completed_at__isnull=True)
    error = ""
    if overdue and filters.get("overdue") == "1":
        try:
            measured = measure_zone(user.zone, day, list(types))
        except CalendarNotCovered as e:  # a case in a year the calendar does not cover: no guess
            cases, error = cases.none(), f"无法判断是否超期：{e}"
        else:
            cases = cases.filter(pk__in=measured.ids[measured.result.overdue].tolist())
    return types, cases, error
