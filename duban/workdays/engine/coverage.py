"""Which years each layer covers, and reminders to enter next year's notices in time.

The State Council publishes next year's holiday notice between late October and
early December; the autonomous region's notice usually comes in late December.
Until a year is entered, every count touching it raises (national layer) or is
flagged provisional (regional layer), so the steering office is warned ahead.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from .data import LAYERS, NATIONAL, REGIONS, CoverageYear, Layer, read_layer

#: From this (month, day) on, a missing notice for next year is warned about.
NATIONAL_NOTICE_DUE = (11, 1)
REGIONAL_NOTICE_DUE = (12, 20)


#: Layer name → Layer; by default the packaged layers.  The Django side passes the packaged
#: layers merged with what the steering office entered in the database.
Layers = Mapping[str, Layer]


def coverage(layers: Layers | None = None) -> list[CoverageYear]:
    """Every (layer, year, status, notice, note) entered, national layer first, then by year."""
    layers = _packaged() if layers is None else layers
    order = list(LAYERS)
    rows = [row for layer in layers.values() for row in layer.coverage.values()]
    return sorted(rows, key=lambda row: (order.index(row.layer), row.year))


def missing_notice_warnings(
    today: dt.date, regions: Iterable[str] | None = None, layers: Layers | None = None
) -> list[str]:
    """Chinese warnings for notices that should be entered by ``today`` but are not.

    The current year is always checked (a missing current year is already a problem);
    next year from 1 November for the national layer and from 20 December for each
    regional layer.  ``regions`` defaults to every region with a regional layer.
    """
    layers = _packaged() if layers is None else layers
    if regions is None:
        regions = [region for region, layer in REGIONS.items() if layer]
    warnings = _national_warnings(today, layers[NATIONAL])
    for region in regions:
        if REGIONS[region]:
            warnings += _regional_warnings(today, layers[REGIONS[region]])
    return warnings


def _packaged() -> dict[str, Layer]:
    return {name: read_layer(name) for name in LAYERS}


def _national_warnings(today: dt.date, national: Layer) -> list[str]:
    entered = national.coverage
    warnings = []
    for year in _years_due(today, NATIONAL_NOTICE_DUE):
        if year in entered:
            continue
        if year == today.year:
            warnings.append(
                f"{year} 年的国务院节假日安排尚未录入，该年的工作日无法计算，"
                "请省级管理员尽快录入该年通知"
            )
        else:
            warnings.append(
                f"{year} 年的国务院节假日安排尚未录入：国务院办公厅通常在 10 月至 12 月发布次年通知，"
                "请省级管理员在通知发布后及时录入"
            )
    return warnings


def _regional_warnings(today: dt.date, layer: Layer) -> list[str]:
    label, subject = layer.info.label, layer.info.subject
    warnings = []
    for year in _years_due(today, REGIONAL_NOTICE_DUE):
        if year in layer.coverage:
            continue
        warnings.append(
            f"{label} {year} 年{subject}放假安排尚未录入：录入前该年按全国安排计算并标注为暂定，"
            "请省级管理员在自治区通知发布后及时录入"
        )
    return warnings


def _years_due(today: dt.date, next_year_from: tuple[int, int]) -> list[int]:
    years = [today.year]
    if (today.month, today.day) >= next_year_from:
        years.append(today.year + 1)
    return years
