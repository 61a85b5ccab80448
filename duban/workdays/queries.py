"""The read side of the calendar page: which calendar, its year grid, coverage and the office's entries."""

from __future__ import annotations

from dataclasses import dataclass

from duban import clock

from . import editing, permissions, services
from .engine import NATIONAL
from .models import CalendarEntry, CalendarLayer
from .services import CalendarLayers
from .yeargrid import YearGrid, year_grid


@dataclass(frozen=True)
class EntryRow:
    entry: CalendarEntry
    pending: bool  # waiting for its year to be marked entered
    deletable: bool


@dataclass(frozen=True)
class CalendarView:
    """The calendar a page shows: the user's zone's (region None) or a region's, and its year."""

    title: str
    layers: CalendarLayers
    grid: YearGrid
    coverage: list[services.CoverageCell]
    entries: list[EntryRow]  # the office's rows for the year in the layers shown
    withdrawable: set[int]  # ids of the CoveredYear rows the user may withdraw
    warnings: list[str]


def calendar_view(user, year: int | None, region: str | None) -> CalendarView:
    zone = user.zone
    if region:
        layers, calendar = services.layers_for_region(region), services.calendar_for_region(region)
        title = f"{CalendarLayer(region).label}工作日历"
    else:
        layers, calendar = services.layers_for_zone(zone), services.calendar_for_zone(zone)
        title = f"{zone.name}工作日历（{CalendarLayer(zone.calendar_region).label}）"
    today = clock.today()
    year = year or today.year
    notice_layers = {layer.name: layer for layer in (layers.national, layers.regional) if layer is not None}
    entries = [
        EntryRow(row, editing.waits_for_its_year(row, notice_layers), permissions.can_take_back(user, row))
        for row in _entries(user, layers, year)
    ]
    pending = [(row.entry.layer, row.entry.as_entry()) for row in entries if row.pending]
    coverage = services.coverage_table(layers.region)
    return CalendarView(
        title=title,
        layers=layers,
        grid=year_grid(layers, calendar, year, pending),
        coverage=coverage,
        entries=entries,
        withdrawable={
            cell.added_by_office.pk for cell in coverage
            if cell.added_by_office is not None and permissions.can_take_back(user, cell.added_by_office)
        },
        warnings=notice_warnings_for(user),
    )


def notice_warnings_for(user) -> list[str]:
    """The reminders the office sees for its zone's layers (anyone else: none)."""
    if not permissions.can_edit_calendar(user):
        return []
    return services.notice_warnings(clock.today(), user.zone.calendar_region)


def _entries(user, layers: CalendarLayers, year: int) -> list[CalendarEntry]:
    shown = [NATIONAL, *([layers.regional.name] if layers.regional else [])]
    if layers.zone_id is not None:
        shown.append(CalendarLayer.ZONE)
    rows = permissions.visible_entries(user).filter(layer__in=shown, date__year=year)
    return list(rows.select_related("created_by").order_by("date", "layer"))

