"""The case export (CSV of the filtered list) as an export kind (duban.exports): built in the
request for a few thousand cases, by the worker for more (a zone may hold a million).

Personal data is masked unless ``personal=1`` is asked for and the user may see it for the
case's service type (``permissions.can_see_personal``, decided per row when the file is built);
text from outside (applicants, names) is never written as a formula (``csvfile``).
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from duban.accounts.permissions import require
from duban.documents import csvfile
from duban.exports import running
from duban.exports.kinds import ExportRefused, Kind
from duban.exports.models import Export

from . import permissions
from .importing import FIELDS
from .listing import filtered_cases

NAME = "cases"
FILTERS = ("type", "department", "open", "overdue", "personal")


def check(user, parameters: dict) -> None:
    require(permissions.can_read_cases(user), "您没有查看办件的权限")


def start(user, query, day: date) -> Export:
    """Ask for the export of the list as ``query`` filters it (the list page's query string)."""
    parameters = {name: str(query.get(name, "")) for name in FILTERS} | {"today": day.isoformat()}
    check(user, parameters)
    types, cases, _ = filtered_cases(user, parameters, day, overdue=False)
    if parameters["overdue"] == "1":  # the overdue filter measures every case of the types first
        cases = permissions.visible_cases(user).filter(service_type__in=types)
    return running.start(user, NAME, parameters, title=_title(parameters, types), file_name="办件清单.csv",
                         rows=cases.count())


def _title(parameters: dict, types) -> str:
    parts = []
    chosen = types.first() if parameters["type"] or parameters["department"] else None
    if chosen is not None and parameters["type"]:
        parts.append(chosen.name)
    if chosen is not None and parameters["department"] and chosen.department_id:
        parts.append(chosen.department.name)
    parts += [label for name, label in (("open", "在办"), ("overdue", "超期")) if parameters[name] == "1"]
    parts.append("含个人信息" if parameters["personal"] == "1" else "个人信息已脱敏")
    return f"办件清单（{'，'.join(parts)}）"


def write(user, parameters: dict, out, progress) -> None:
    _types, cases, error = filtered_cases(user, parameters, date.fromisoformat(parameters["today"]))
    if error:
        raise ExportRefused(error)
    want_personal = parameters.get("personal") == "1"
    with csvfile.writing(out) as writer:  # applicants and names are outside text: never written as formulas
        writer.writerow([h for _, h, _ in FIELDS])
        rows = cases.select_related("service_type").order_by("received_at", "pk").iterator(chunk_size=2000)
        for number, c in enumerate(rows, 1):
            personal = want_personal and permissions.can_see_personal(user, c.service_type)
            writer.writerow([
                c.number, c.service_type.name, c.applicant_kind, permissions.applicant_shown(c, personal),
                permissions.phone_shown(c, personal), _local(c.received_at), _local(c.completed_at),
                "" if c.steps is None else c.steps, "" if c.cost is None else c.cost,
                c.get_rating_display() if c.rating else "",
            ])
            progress(number)


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


KIND = Kind(NAME, "办件清单", csvfile.CONTENT_TYPE, check=check, write=write)
