"""The calendars the rest of duban counts with: the shipped files plus what the office entered.

    from duban.workdays.services import calendar_for_zone
    calendar_for_zone(zone).add(received, 20)

A zone's calendar is its region's layers (national, and xinjiang for a Xinjiang zone)
with the office's CalendarEntry/CoveredYear rows laid over the shipped files, and the
zone's own overrides on top.  Calendars are cached per process and rebuilt as soon as
``CalendarRevision`` shows that any process changed an entry or a covered year: a
change takes effect at once everywhere, at the cost of one indexed read per call.

The ordinal table (``WorkdayOrdinal``) holds the same calendars for SQL: ``ordinal_key(zone)``
gives the calendar's key (storing it first if the table is behind), and ``workdays_between``
builds the expression; see ``ordinals.py`` and docs/workdays.md.
Writing entries goes through ``editing.py``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from duban.zones.models import Zone

from . import ordinals
from .engine import (
    LAYERS,
    NATIONAL,
    OFFICIAL,
    REGIONS,
    CoverageYear,
    Entry,
    Layer,
    WorkdayCalendar,
    merged_layer,
    missing_notice_warnings,
    read_layer,
)
from .models import CalendarEntry, CalendarRevision, CoveredYear
from .ordinals import provisional_days_between, workdays_between

__all__ = [
    "CalendarLayers",
    "calendar_for_region",
    "calendar_for_zone",
    "coverage_table",
    "layers_for_region",
    "layers_for_zone",
    "notice_layers",
    "notice_warnings",
    "ordinal_key",
    "provisional_days_between",
    "rebuild_ordinals",
    "workdays_between",
]


@dataclass(frozen=True)
class CalendarLayers:
    """What one calendar is built from; pages use it to say where a day's status comes from."""

    region: str
    national: Layer
    regional: Layer | None
    zone: Mapping[dt.date, Entry]  # the zone's overrides; empty for a region's calendar
    zone_id: int | None = None

    @property
    def key(self) -> str:
        """The calendar's key in WorkdayOrdinal: only a zone with overrides needs its own table."""
        return f"zone:{self.zone_id}" if self.zone else self.region

    def build(self) -> WorkdayCalendar:
        return WorkdayCalendar(self.national, self.regional, self.zone.values())


def calendar_for_zone(zone) -> WorkdayCalendar:
    """The zone's calendar: its region's layers and its own overrides, as entered right now."""
    return _calendar(CalendarRevision.current(), zone.calendar_region, zone.pk)


def calendar_for_region(region: str) -> WorkdayCalendar:
    """A region's calendar ("national" or "xinjiang") without any zone's overrides."""
    return _calendar(CalendarRevision.current(), region, None)


def layers_for_zone(zone) -> CalendarLayers:
    return _layers(CalendarRevision.current(), zone.calendar_region, zone.pk)


def layers_for_region(region: str) -> CalendarLayers:
    return _layers(CalendarRevision.current(), region, None)


def notice_layers() -> dict[str, Layer]:
    """The national and regional layers: shipped files with the office's rows laid over them."""
    return dict(_notice_layers(CalendarRevision.current()))


def notice_warnings(today: dt.date, region: str | None = None) -> list[str]:
    """Reminders to enter next year's notices, for ``region``'s layers (every region when None)."""
    regions = None if region is None else [region]
    return missing_notice_warnings(today, regions=regions, layers=notice_layers())


def ordinal_key(zone=None, *, region: str | None = None) -> str:
    """The WorkdayOrdinal key of the zone's (or the region's) calendar, for ``workdays_between``.

    Makes sure the stored table matches the calendar first (one indexed read when it does), so
    a query never joins on a table older than the calendar, even after a new release's data
    files or an edit made outside ``editing.py``.
    """
    token = CalendarRevision.current()
    region, zone_id = (zone.calendar_region, zone.pk) if zone is not None else (region, None)
    layers = _layers(token, region, zone_id)
    ordinals.ensure_stored(layers.key, zone_id if layers.zone else None, _calendar(token, region, zone_id))
    return layers.key


def rebuild_ordinals(*, force: bool = False) -> dict[str, int]:
    """Bring the stored table in line with every calendar in use: each region's, and each zone's
    with overrides; drop the tables of zones that no longer have any.  Returns the rows written
    per key (a calendar whose stored fingerprint matches is left alone unless ``force``)."""
    token = CalendarRevision.current()
    in_use = [(region, None) for region in REGIONS]
    with_overrides = Zone.objects.filter(pk__in=CalendarEntry.objects.filter(zone__isnull=False).values("zone"))
    in_use += with_overrides.values_list("calendar_region", "pk")
    written = {}
    for region, zone_id in in_use:
        key = _layers(token, region, zone_id).key
        written[key] = ordinals.ensure_stored(key, zone_id, _calendar(token, region, zone_id), force=force)
    ordinals.drop_all_but(written)
    return written


@dataclass(frozen=True)
class CoverageCell:
    layer: str
    year: int
    entered: CoverageYear | None  # None: not entered
    added_by_office: CoveredYear | None  # the database row, when the office entered or re-rated it

    @property
    def layer_label(self) -> str:
        return LAYERS[self.layer].label

    @property
    def status_label(self) -> str:
        if self.entered is None:
            return "未录入"
        return "正式" if self.entered.status == OFFICIAL else "未核实"


def coverage_table(region: str | None = None) -> list[CoverageCell]:
    """One cell per notice layer and year, from the first national year to the last one entered
    in any layer, including the years a regional layer has not entered."""
    layers = notice_layers()
    names = [name for name in LAYERS if region is None or name in (NATIONAL, REGIONS[region])]
    years = sorted({year for name in names for year in layers[name].coverage})
    rows = CoveredYear.objects.filter(layer__in=names).select_related("created_by")
    office_rows = {(row.layer, row.year): row for row in rows}
    return [
        CoverageCell(name, year, layers[name].coverage.get(year), office_rows.get((name, year)))
        for name in names
        for year in range(years[0], years[-1] + 1)
    ]


# ---- the per-process cache -----------------------------------------------------------


class _TokenCache:
    """Values built under one CalendarRevision token; a new token empties the cache."""

    def __init__(self):
        self.token: str | None = None
        self.values: dict = {}

    def get(self, token: str, key, build: Callable[[], object]):
        if token != self.token:
            # Read the token before the rows (callers do): a value built from rows newer
            # than its token is merely rebuilt once more, never kept stale.
            self.values, self.token = {}, token
        values = self.values
        if key not in values:
            values[key] = build()
        return values[key]


_cache = _TokenCache()


def _notice_layers(token: str) -> Mapping[str, Layer]:
    return _cache.get(token, ("notice layers",), _load_notice_layers)


def _layers(token: str, region: str, zone_id: int | None) -> CalendarLayers:
    def build() -> CalendarLayers:
        if region not in REGIONS:
            raise ValueError(f"未知地区 {region!r}，可选：{'、'.join(REGIONS)}")
        layers = _notice_layers(token)
        regional = REGIONS[region]
        overrides = {} if zone_id is None else _zone_overrides(zone_id)
        return CalendarLayers(
            region, layers[NATIONAL], layers[regional] if regional else None, MappingProxyType(overrides), zone_id
        )

    return _cache.get(token, ("layers", region, zone_id), build)


def _calendar(token: str, region: str, zone_id: int | None) -> WorkdayCalendar:
    return _cache.get(token, ("calendar", region, zone_id), lambda: _layers(token, region, zone_id).build())


def _load_notice_layers() -> Mapping[str, Layer]:
    entries: dict[str, list[Entry]] = defaultdict(list)
    for row in CalendarEntry.objects.filter(zone__isnull=True):
        entries[row.layer].append(row.as_entry())
    coverage: dict[str, list[CoverageYear]] = defaultdict(list)
    for row in CoveredYear.objects.all():
        coverage[row.layer].append(row.as_coverage())
    return MappingProxyType(
        {name: merged_layer(read_layer(name), entries[name], coverage[name]) for name in LAYERS}
    )


def _zone_overrides(zone_id: int) -> dict[dt.date, Entry]:
    return {row.date: row.as_entry() for row in CalendarEntry.objects.filter(zone_id=zone_id)}

