"""How the steering office changes the calendar: add or delete a day, mark a year entered, load a file.

Every change is one transaction that also brings the ordinal table up to date, and is
audited (django-auditlog records the row and, in a request, the user).  The rules:

* A day belongs to one layer: national, a region (xinjiang), or one zone.  It needs a
  name and the notice it comes from.  Each layer has at most one row per date; a row
  replaces the shipped file's entry for that layer and date.
* Days may be entered for the covered years and the year after (next year's notice is
  entered before the year is marked entered).  A national or regional day only takes
  effect once its year is marked entered, so a half-entered notice never counts; a
  zone's override takes effect at once.
* National years stay contiguous: the year after the last (or before the first) may be
  added, a year in the middle may not be removed.  A regional year must lie within the
  national years or be the year after them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from django.db import transaction
from django.utils.formats import date_format

from . import services
from .signals import calendar_edited
from .engine import (
    NATIONAL,
    OFFICIAL,
    STATUSES,
    CalendarDataError,
    CoverageYear,
    Entry,
    Layer,
    parse_entries,
    read_layer,
)
from .models import CalendarEntry, CalendarLayer, CoveredYear, NOTICE_LAYERS, Status

NOTICE_LAYER_NAMES = [value for value, _ in NOTICE_LAYERS]


class CalendarEditError(ValueError):
    """A change the rules refuse; the message is Chinese and meant for the office."""


@dataclass(frozen=True)
class LoadResult:
    created: int
    updated: int
    unchanged: int
    waiting_years: list[int]  # years of the file its layer has not been marked entered for yet


def office_entry(layer: str, zone, day: dt.date) -> CalendarEntry | None:
    """The office's row for ``day`` in ``layer`` (``zone`` for the zone layer), if any."""
    return _rows(layer, zone).filter(date=day).first()


def add_entry(*, layer: str, zone=None, entry: Entry, user=None) -> CalendarEntry:
    """Add one day to ``layer`` (``zone`` for the zone layer)."""
    with transaction.atomic():
        _check_entry(layer, zone, entry, entry_years())
        existing = office_entry(layer, zone, entry.date)
        if existing is not None:
            raise CalendarEditError(
                f"{_day(entry.date)}在{_layer_label(layer)}层已有录入（{existing.name}），如需修改请先删除"
            )
        if _same_as_shipped(layer, entry):
            raise CalendarEditError(f"{_day(entry.date)}{entry.name}与随程序发布的数据相同，无需录入")
        row = _create(layer, zone, entry, user)
        _changed(zone)
    return row


def delete_entry(row: CalendarEntry) -> None:
    """Delete an office entry; the shipped file's entry for that day (if any) applies again."""
    zone = row.zone
    with transaction.atomic():
        row.delete()
        _changed(zone)


def load_entries(*, layer: str, zone=None, text: str, source: str, user=None) -> LoadResult:
    """Load a file with the data files' columns (date,kind,name,notice) into ``layer``.

    All or nothing: a bad row refuses the whole file, naming ``source`` and the line.
    Loading the same file again changes nothing; a changed row updates the entry.
    Rows equal to the shipped data are not stored twice.
    """
    parsed = parse_entries(text, source)  # CalendarDataError names the line
    seen: dict[dt.date, int] = {}
    created = updated = unchanged = 0
    with transaction.atomic():
        allowed = entry_years()
        existing = {row.date: row for row in _rows(layer, zone)}
        for line, entry in parsed:
            if entry.date in seen:
                raise CalendarDataError(source, f"{entry.date} 与第 {seen[entry.date]} 行重复", line)
            seen[entry.date] = line
            try:
                _check_entry(layer, zone, entry, allowed)
            except CalendarEditError as error:
                raise CalendarDataError(source, str(error), line) from error
            row = existing.get(entry.date)
            if (row.as_entry() if row is not None else _shipped(layer, entry.date)) == entry:
                unchanged += 1
            elif row is None:
                _create(layer, zone, entry, user)
                created += 1
            else:
                row.kind, row.name, row.notice = entry.kind, entry.name, entry.notice
                row.save()  # a save, not an update(): the change is audited
                updated += 1
        if created or updated:
            _changed(zone)
    waiting = set()
    if layer in NOTICE_LAYER_NAMES:
        waiting = {entry.date.year for _, entry in parsed} - set(services.notice_layers()[layer].coverage)
    return LoadResult(created, updated, unchanged, sorted(waiting))


def cover_year(*, layer: str, year: int, status: str, notice: str = "", note: str = "", user=None) -> CoveredYear:
    """Mark ``year`` of a notice layer as entered (or change its status): its days take effect now."""
    notice, note = notice.strip(), note.strip()
    if layer not in NOTICE_LAYER_NAMES:
        raise CalendarEditError("只有全国层和地区层按年登记")
    if status not in STATUSES:
        raise CalendarEditError(f"状态应为{'或'.join(Status(s).label for s in STATUSES)}")
    if status == OFFICIAL and not notice:
        raise CalendarEditError("正式状态须填写依据的通知")
    with transaction.atomic():
        layers = services.notice_layers()
        _check_year_may_be_covered(layers, layer, year)
        row = CoveredYear.objects.filter(layer=layer, year=year).first()
        if row is None and read_layer(layer).coverage.get(year) == CoverageYear(layer, year, status, notice, note):
            raise CalendarEditError(f"{_layer_label(layer)} {year} 年已随程序发布，状态相同，无需重复登记")
        row = row or CoveredYear(layer=layer, year=year, created_by=user)
        row.status, row.notice, row.note = status, notice, note
        row.save()
        _changed(None)
    return row


def uncover_year(row: CoveredYear) -> None:
    """Withdraw the office's registration of a year (the shipped status, if any, applies again)."""
    with transaction.atomic():
        layers = services.notice_layers()
        shipped = read_layer(row.layer).coverage
        if row.layer == NATIONAL and row.year not in shipped:
            years = layers[NATIONAL].years
            if row.year not in (years[0], years[-1]):
                raise CalendarEditError(
                    f"全国层年份须连续：只能撤销首尾年份（目前 {years[0]}–{years[-1]} 年），不能撤销 {row.year} 年"
                )
            if len(years) == 1:
                raise CalendarEditError("全国层至少须保留一个年份")
        row.delete()
        _changed(None)


def _changed(zone) -> None:
    services.rebuild_ordinals()
    calendar_edited.send(sender=CalendarEntry, zone=zone)


def waits_for_its_year(row: CalendarEntry, layers: Mapping[str, Layer] | None = None) -> bool:
    """A national or regional day whose year its layer has not been marked entered for yet.

    ``layers``: the notice layers the caller already has (default: as entered now)."""
    if row.layer not in NOTICE_LAYER_NAMES:
        return False
    return row.date.year not in (layers or services.notice_layers())[row.layer].coverage


def entry_years() -> range:
    """The years days may be entered for: the national years and the year after."""
    years = services.notice_layers()[NATIONAL].years
    return range(years[0], years[-1] + 2)


# ---- rules ---------------------------------------------------------------------------


def _check_entry(layer: str, zone, entry: Entry, allowed: range) -> None:
    if layer not in CalendarLayer.values:
        raise CalendarEditError(f"未知的日历层 {layer!r}")
    if (layer == CalendarLayer.ZONE) != (zone is not None):
        raise CalendarEditError("本开发区层的记录须指定开发区，全国和地区层的记录不属于任何开发区")
    if not entry.name.strip():
        raise CalendarEditError("请填写名称，如 元旦、调休上班（春节）、古尔邦节")
    if not entry.notice.strip():
        raise CalendarEditError("请填写依据的通知（标题或文号）")
    if entry.date.year not in allowed:
        raise CalendarEditError(
            f"{entry.date.year} 年不在可录入的范围内：全国已录入 {allowed[0]}–{allowed[-1] - 1} 年，"
            f"可录入 {allowed[0]}–{allowed[-1]} 年的日期"
        )


def _check_year_may_be_covered(layers: dict[str, Layer], layer: str, year: int) -> None:
    national = layers[NATIONAL].years
    first, last = national[0], national[-1]
    if layer == NATIONAL:
        if not first - 1 <= year <= last + 1:
            raise CalendarEditError(
                f"全国层年份须连续：目前已录入 {first}–{last} 年，只能登记 {last + 1} 年（或 {first - 1} 年）"
            )
    elif not first <= year <= last + 1:
        raise CalendarEditError(f"地区层只能登记全国已录入的年份或其下一年（{first}–{last + 1} 年）")


def _shipped(layer: str, day: dt.date) -> Entry | None:
    return read_layer(layer).entries.get(day) if layer in NOTICE_LAYER_NAMES else None


def _same_as_shipped(layer: str, entry: Entry) -> bool:
    return _shipped(layer, entry.date) == entry


def _create(layer: str, zone, entry: Entry, user) -> CalendarEntry:
    return CalendarEntry.objects.create(
        layer=layer, zone=zone if layer == CalendarLayer.ZONE else None, date=entry.date, kind=entry.kind,
        name=entry.name, notice=entry.notice, created_by=user,
    )


def _rows(layer: str, zone):
    if layer == CalendarLayer.ZONE:
        return CalendarEntry.objects.filter(layer=layer, zone=zone)
    return CalendarEntry.objects.filter(layer=layer, zone__isnull=True)


def _layer_label(layer: str) -> str:
    return CalendarLayer(layer).label


def _day(day: dt.date) -> str:
    return date_format(day, "DATE_FORMAT")
