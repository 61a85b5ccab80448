"""Why a page's working-day figures are provisional (暂定), in words the page can show.

A case's count is provisional when it crosses a year whose regional holidays are not entered or
not verified (the calendar's rule, docs/workdays.md).  A median, a share within limit or a
target's actual built on such counts is provisional too, and must say so wherever it is shown.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from .queries import Measured, calendars_for


def provisional_reasons(zone, measured: Measured, positions: np.ndarray | None = None,
                        calendars: dict | None = None) -> list[str]:
    """The reasons, each once, behind the provisional counts among ``positions`` (default: all cases).

    Empty when every figure is final.  One calendar lookup per region, not per case; a caller
    asking for several groups of the same cases passes ``calendars`` (region → calendar) looked up once.
    """
    flagged = measured.result.provisional
    chosen = np.flatnonzero(flagged) if positions is None else positions[flagged[positions]]
    if not len(chosen):
        return []
    columns, is_open = measured.columns, measured.result.is_open
    today_n = np.datetime64(measured.today, "D").astype(np.int64)
    ends = np.where(is_open[chosen], today_n, columns.completed[chosen])
    regions = np.array([t.calendar_region for t in measured.types], dtype=object)[columns.type_index[chosen]]
    wanted = set(regions)
    if calendars is None:
        calendars = calendars_for(zone, wanted)
    reasons: list[str] = []
    for region, calendar in calendars.items():
        if region not in wanted:
            continue
        mine = regions == region
        first = _day(columns.received[chosen][mine].min())
        last = _day(max(ends[mine].max(), columns.received[chosen][mine].max()))
        reasons += [r for r in calendar.provisional_reasons(first, last) if r not in reasons]
    return reasons


def _day(number) -> dt.date:
    return np.datetime64(int(number), "D").astype(dt.date)
