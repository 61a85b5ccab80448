"""The dry-run report of an import: each case's measure and the measures per service type."""

from __future__ import annotations

from datetime import date

import numpy as np

from . import measures
from .importing import CaseRecord, record_columns
from .models import ServiceType
from .queries import calendars_for, type_info


def _num(x):
    if x is None:
        return None
    x = float(x)
    return int(x) if x.is_integer() else round(x, 4)


def report(zone, records: list[CaseRecord], today: date) -> dict:
    types = list(ServiceType.objects.filter(zone=zone))
    columns = record_columns(records, types)
    infos = [type_info(t) for t in types]
    result = measures.elapsed(columns, infos, calendars_for(zone, [i.region for i in infos]), today)
    cases = []
    for i, r in enumerate(records):
        limit = result.limit[i]
        has_limit = not np.isnan(limit)
        cases.append({
            "number": r.number, "service": r.service_type.name, "elapsed_workdays": int(result.elapsed[i]),
            "limit_workdays": _num(limit) if has_limit else None,
            "within_limit": bool(not result.overdue[i]) if has_limit else None,
            "provisional": bool(result.provisional[i]),
        })
    summaries = measures.by_type(result, columns)
    out = []
    for index, s in sorted(summaries.items()):
        out.append({
            "service": types[index].name, "count": s.count, "median_workdays": _num(s.median),
            "p90_workdays": _num(s.p90), "within_limit_share": _num(s.within_share),
            "mean_steps": _num(s.mean_steps), "satisfaction_rate": _num(s.satisfaction_rate),
        })
    return {"cases": cases, "measures": out}
