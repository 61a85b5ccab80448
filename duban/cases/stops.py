"""停止计时 entered by hand: the responsible department (or the office) records a case's 补正,
现场勘查 or 公示 period on the case page.  The API brings stops in bulk; the rules are the same
for both: a stop ends no earlier than it starts, and the stops of one case do not
overlap (a stop's days are (start, end], so one may end on the day the next starts).
"""

from __future__ import annotations

from datetime import date

from django.db import transaction

from .models import Case, ClockStop


class StopError(ValueError):
    """A stop the rules refuse; the message is Chinese and meant for the user."""


def first_overlap(stops) -> str:
    """A Chinese message about the first two of ``stops`` ((kind, start, end) tuples) that
    overlap, or "" when none do."""
    ordered = sorted(stops, key=lambda stop: (stop[1], stop[2]))
    for (kind, start, end), (next_kind, next_start, next_end) in zip(ordered, ordered[1:]):
        if next_start < end:
            return (f"停止计时时段重叠：{kind} {start}—{end} 与 {next_kind} {next_start}—{next_end}，"
                    "请合并为一段或调整日期")
    return ""


def add_stop(case: Case, kind: str, start: date, end: date) -> ClockStop:
    if kind not in ClockStop.Kind.values:
        raise StopError("停止计时类型应为补正、现场勘查或公示")
    if end < start:
        raise StopError("停止计时的结束日期不能早于开始日期")
    with transaction.atomic():
        # Lock the case so that two people adding stops at once cannot both pass the overlap check.
        Case.objects.select_for_update().filter(pk=case.pk).first()
        existing = [(s.kind, s.start, s.end) for s in case.clock_stops.all()]
        overlap = first_overlap([*existing, (kind, start, end)])
        if overlap:
            raise StopError(overlap)
        # One save (not a bulk write), so the stop is on the audit trail.
        return ClockStop.objects.create(zone_id=case.zone_id, case=case, kind=kind, start=start, end=end)
