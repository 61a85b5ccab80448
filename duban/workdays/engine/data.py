"""The calendar layers as data: entries, coverage, and reading them from the packaged CSV files.

A layer is a set of dated entries (a rest day or a working day, with its name and
the notice it comes from) plus the years it covers.  The files live in
``duban/workdays/data/``: ``national.csv``, ``xinjiang.csv`` (columns
date,kind,name,notice; one row per date) and ``coverage.csv`` (columns
layer,year,status,notice,note).  Lines starting with ``#`` are comments, so each
year's block can say which notice it transcribes.  docs/workdays.md explains how
to review and extend them.

Parsed layers are cached: the files are read once per process.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType

from .errors import CalendarDataError

# Entry kinds.
REST = "rest"  # 放假: not a working day
WORK = "work"  # 上班: a working day (on a weekend: 调休上班)
KINDS = (REST, WORK)

# Coverage statuses.  The shared research note says "unverified copy",
# "unverified" or "reported"; all three are UNVERIFIED here ("not found" is no row).
OFFICIAL = "official"
UNVERIFIED = "unverified"
STATUSES = (OFFICIAL, UNVERIFIED)

NATIONAL = "national"
XINJIANG = "xinjiang"

ENTRY_COLUMNS = ("date", "kind", "name", "notice")
COVERAGE_COLUMNS = ("layer", "year", "status", "notice", "note")
COVERAGE_FILE = "coverage.csv"


@dataclass(frozen=True)
class LayerInfo:
    name: str
    label: str  # how messages name the layer: 新疆
    subject: str  # what its yearly notice sets: 少数民族节日


LAYERS: Mapping[str, LayerInfo] = MappingProxyType(
    {
        NATIONAL: LayerInfo(NATIONAL, "全国", "国务院节假日安排"),
        XINJIANG: LayerInfo(XINJIANG, "新疆", "少数民族节日"),
    }
)

#: Region code → the regional layer stacked on the national one (None: national only).
REGIONS: Mapping[str, str | None] = MappingProxyType({NATIONAL: None, XINJIANG: XINJIANG})


@dataclass(frozen=True)
class Entry:
    """One day of a layer: rest or work, whatever the weekday says."""

    date: dt.date
    kind: str  # REST or WORK
    name: str = ""  # 春节, 调休上班（春节）, 古尔邦节 …
    notice: str = ""  # the notice it comes from, e.g. 国办发明电〔2019〕16号

    def __post_init__(self):
        # datetime is a date subclass; a timestamp here would mean someone skipped the time-zone decision.
        if not isinstance(self.date, dt.date) or isinstance(self.date, dt.datetime):
            raise ValueError(f"日期应为 date 类型，实为 {self.date!r}")
        if self.kind not in KINDS:
            raise ValueError(f"类型应为 rest（放假）或 work（上班），实为 {self.kind!r}")

    @property
    def is_workday(self) -> bool:
        return self.kind == WORK


@dataclass(frozen=True)
class CoverageYear:
    """A year a layer has been entered for, and how far its source can be trusted."""

    layer: str
    year: int
    status: str  # OFFICIAL or UNVERIFIED
    notice: str = ""
    note: str = ""


@dataclass(frozen=True)
class Layer:
    name: str
    entries: Mapping[dt.date, Entry]
    coverage: Mapping[int, CoverageYear]

    @property
    def info(self) -> LayerInfo:
        # A layer built by hand (a test, a what-if) still needs words for its messages.
        return LAYERS.get(self.name) or LayerInfo(self.name, self.name, "地区节日")

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(sorted(self.coverage))


def as_entry(value) -> Entry:
    """An Entry from an Entry, a (date, kind[, name, notice]) tuple, or any object with
    ``date`` and ``kind`` attributes (e.g. a zone-override model instance)."""
    if isinstance(value, Entry):
        return value
    if isinstance(value, (tuple, list)):
        return Entry(*value)
    return Entry(value.date, value.kind, getattr(value, "name", ""), getattr(value, "notice", ""))


@functools.lru_cache(maxsize=None)
def read_layer(name: str) -> Layer:
    """The named layer, parsed from its packaged CSV file and checked against coverage.csv."""
    if name not in LAYERS:
        raise ValueError(f"未知的日历层 {name!r}，可选：{'、'.join(LAYERS)}")
    source = f"{name}.csv"
    coverage = [row for row in read_coverage() if row.layer == name]
    return parse_layer(name, _read_text(source), coverage, source)


def parse_layer(name: str, text: str, coverage: Iterable[CoverageYear], source: str) -> Layer:
    """A layer from the text of its CSV file and its coverage rows.

    One row per date, and only in years the layer covers: an entry in an uncovered
    year is almost certainly a typo in the year.
    """
    covered = {row.year: row for row in coverage}
    entries: dict[dt.date, Entry] = {}
    for line, entry in parse_entries(text, source):
        if entry.date in entries:
            raise CalendarDataError(source, f"{entry.date} 重复录入（每个日期只能有一行）", line)
        if entry.date.year not in covered:
            raise CalendarDataError(source, f"{entry.date.year} 年不在 coverage.csv 中，请先登记该年", line)
        entries[entry.date] = entry
    return Layer(name, MappingProxyType(entries), MappingProxyType(covered))


def merged_layer(base: Layer, entries: Iterable[Entry] = (), coverage: Iterable[CoverageYear] = ()) -> Layer:
    """``base`` with more entries and coverage laid over it (the Django side's office entries).

    An entry replaces the base's entry for the same date, a coverage row the base's row
    for the same year.  Entries in years the merged layer does not cover are left out:
    like a row in an uncovered year of a file, they wait until the year is entered, so
    a half-entered notice never takes effect.
    """
    covered = {**base.coverage, **{row.year: row for row in coverage}}
    laid = {**base.entries, **{entry.date: entry for entry in entries}}
    kept = {day: entry for day, entry in laid.items() if day.year in covered}
    return Layer(base.name, MappingProxyType(kept), MappingProxyType(covered))


@functools.lru_cache(maxsize=None)
def read_coverage() -> tuple[CoverageYear, ...]:
    """Every (layer, year) entered, in file order, checked for unknown layers and duplicates."""
    seen: set[tuple[str, int]] = set()
    rows = []
    for line, row in parse_coverage(_read_text(COVERAGE_FILE), COVERAGE_FILE):
        if row.layer not in LAYERS:
            raise CalendarDataError(COVERAGE_FILE, f"未知的日历层 {row.layer!r}", line)
        if (row.layer, row.year) in seen:
            raise CalendarDataError(COVERAGE_FILE, f"{row.layer} {row.year} 年重复", line)
        seen.add((row.layer, row.year))
        rows.append(row)
    return tuple(rows)


def parse_entries(text: str, source: str) -> list[tuple[int, Entry]]:
    """(line number, Entry) for each data row of a layer file."""
    parsed = []
    for line, row in _rows(text, source, ENTRY_COLUMNS):
        try:
            entry = Entry(_parse_date(row["date"]), row["kind"], row["name"], row["notice"])
        except ValueError as exc:
            raise CalendarDataError(source, str(exc), line) from exc
        parsed.append((line, entry))
    return parsed


def parse_coverage(text: str, source: str) -> list[tuple[int, CoverageYear]]:
    """(line number, CoverageYear) for each data row of coverage.csv."""
    parsed = []
    for line, row in _rows(text, source, COVERAGE_COLUMNS):
        if not row["year"].isdigit():
            raise CalendarDataError(source, f"年份应为数字，实为 {row['year']!r}", line)
        if row["status"] not in STATUSES:
            raise CalendarDataError(source, f"状态应为 official 或 unverified，实为 {row['status']!r}", line)
        parsed.append((line, CoverageYear(row["layer"], int(row["year"]), row["status"], row["notice"], row["note"])))
    return parsed


def _rows(text: str, source: str, columns: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, {column: value}) per data row; blank and ``#`` lines skipped, header checked."""
    header_seen = False
    for line, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        fields = [field.strip() for field in next(csv.reader([raw]))]
        if not header_seen:
            if tuple(fields) != columns:
                raise CalendarDataError(source, f"表头应为 {','.join(columns)}", line)
            header_seen = True
            continue
        if len(fields) != len(columns):
            raise CalendarDataError(source, f"应有 {len(columns)} 列，实有 {len(fields)} 列", line)
        yield line, dict(zip(columns, fields))
    if not header_seen:
        raise CalendarDataError(source, f"缺少表头 {','.join(columns)}")


def _parse_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"日期 {text!r} 无效，应为 YYYY-MM-DD") from None


def _read_text(filename: str) -> str:
    return resources.files("duban.workdays.data").joinpath(filename).read_text(encoding="utf-8")
