"""Importing cases from .csv / .xlsx files exported by a government service platform.

Pure-ish functions; the views and ``duban import_cases`` are thin layers over them:

- ``read_table(data, name)`` → ``Table`` (headers + rows of strings/values), or ``ImportFormatError``;
  within the limits of ``limits.py`` (size, rows, columns), checked before the file is parsed;
  ``head=5`` reads only the first rows and counts the rest (the upload page);
- ``auto_mapping(headers)``: canonical headers map themselves (no mapping step needed);
- ``validate(zone, table, mapping)`` → ``Validation`` (good ``CaseRecord``s and row/column errors);
  row numbers are as in the file (the header is row 1);
- ``write(zone, records)``: upsert keyed by (zone, case number) through a temporary table, one
  statement for all rows; re-importing updates;
- ``run_import(...)``: the whole thing, atomic by default (any bad row: nothing written), or with
  ``skip_bad_rows`` the good rows go in and ``error_file`` gives the bad ones back with 错误说明.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from duban.documents import csvfile, formulas, xlsx

from . import bulk, limits
from .models import Case, ClockStop, Rating, ServiceType

#: (field, canonical header, required)
FIELDS = [
    ("number", "办件编号", True),
    ("service", "事项名称", True),
    ("applicant_kind", "申请人类型", True),
    ("applicant_name", "申请人", True),
    ("phone", "联系电话", False),
    ("received_at", "受理时间", True),
    ("completed_at", "办结时间", False),
    ("steps", "环节数", False),
    ("cost", "费用（元）", False),
    ("rating", "评价", False),
]
HEADERS = {f: h for f, h, _ in FIELDS}
REQUIRED = [f for f, _, r in FIELDS if r]
RATINGS = {label: value for value, label in Rating.choices}
#: A procedure has a handful of steps (办电: 4, 3 or 2); a larger number is a typo, and one beyond
#: the column's range would stop the whole import in the database driver.
MAX_STEPS = 100
MAX_COST = Decimal("999999999999.99")  # the 费用 column: 14 digits, 2 after the point
#: The text columns' lengths (Case's CharFields): a longer value is refused, never cut.
MAX_LENGTHS = {f: Case._meta.get_field(f).max_length for f in ("number", "applicant_name", "phone")}
#: Control characters other than tab and line ends (C0, DEL and C1).
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
ERROR_COLUMN = "错误说明"
CHUNK = 5000
#: Blank rows above the header the upload page reads past before giving up on finding it.
_LEADING_BLANK_ROWS = 20
#: Validation reports its progress every this many rows (a large file's page shows it).
PROGRESS_EVERY = 1000


class ImportFormatError(ValueError):
    """The file as a whole cannot be read (not a table, no header, wrong encoding)."""


@dataclass
class Table:
    name: str
    kind: str  # "csv" | "xlsx"
    headers: list[str]
    rows: list[list]  # data rows, row i is file row i + 2
    counted: int | None = None  # the data rows of the file, when ``rows`` holds only its head

    @property
    def total(self) -> int:
        return len(self.rows) if self.counted is None else self.counted


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"第 {self.row} 行“{self.column}”列：{self.message}" if self.column else f"第 {self.row} 行：{self.message}"

    def to_json(self) -> dict:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class CaseRecord:
    row: int
    number: str
    service_type: ServiceType
    applicant_kind: str
    applicant_name: str
    phone: str
    received_at: datetime
    completed_at: datetime | None
    steps: int | None
    cost: Decimal | None
    rating: int | None
    clock_stops: list[tuple[str, date, date]] | None = None  # None: leave the case's stops alone


@dataclass
class Validation:
    records: list[CaseRecord] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    bad_rows: list[int] = field(default_factory=list)  # indexes into table.rows


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    written: bool = False
    errors: list[RowError] = field(default_factory=list)
    error_file: bytes | None = None
    error_file_name: str = ""
    records: list[CaseRecord] = field(default_factory=list)


# ---- reading ------------------------------------------------------------------------


def read_table(data: bytes, name: str, *, head: int | None = None, limit: limits.Limits | None = None) -> Table:
    """The file as a table, refused with ``ImportFormatError`` past ``limit`` (default: settings).

    With ``head``, only the header and the first ``head`` data rows are kept; ``total`` still
    counts every row (for an .xlsx, from the worksheet's ``<row>`` tags, without parsing them).
    """
    limit = limit or limits.current()
    lower = name.lower()
    try:
        limits.check_size(name, len(data), limit)
        if lower.endswith(".xlsx"):
            table = _read_xlsx(data, name, head, limit)
        elif lower.endswith(".csv") or lower.endswith(".txt"):
            table = _read_csv(data, name, head, limit)
        else:
            raise ImportFormatError(f"{name}：只支持 .xlsx 和 .csv 文件")
    except limits.Refused as error:
        raise ImportFormatError(str(error)) from None
    for column, header in enumerate(table.headers, start=1):
        control = CONTROL_CHARACTERS.search(header)
        if control:  # the headers are kept with the job and shown: PostgreSQL cannot keep a NUL
            raise ImportFormatError(f"{name}：表头第 {column} 列含有不可见的控制字符 U+{ord(control.group()):04X}，"
                                    "请删除后重新上传")
    return table


def _decode(data: bytes, name: str) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFormatError(f"{name}：无法识别文件编码（支持 UTF-8、GBK）")


def _bounded(name: str, rows: Iterable, head: int | None, limit: limits.Limits, blank) -> tuple[list, list, int]:
    """(header, kept data rows, data row count) from a row iterator, refusing a row wider than the
    column limit or a file longer than the row limit as soon as it is met."""
    header, kept, count = None, [], 0
    for number, row in enumerate(rows, start=1):
        limits.check_columns(name, len(row), number, limit)
        if header is None:
            if any(not blank(c) for c in row):
                header = row
            continue  # blank lines above the header
        count += 1
        if count > limit.max_rows:
            raise limits.too_many_rows(name, limit)
        if head is None or len(kept) < head:
            kept.append(list(row))
    return header, kept, count


def _read_csv(data: bytes, name: str, head: int | None, limit: limits.Limits) -> Table:
    text = _decode(data, name)
    # Our own CSV files (the error file) protect formula-like text with an apostrophe: read it back off.
    unprotected = ([formulas.from_csv(c) for c in row] for row in csv.reader(io.StringIO(text, newline="")))
    header, rows, count = _bounded(name, unprotected, head, limit, lambda c: not c.strip())
    if header is None:
        raise ImportFormatError(f"{name}：文件是空的")
    headers = [h.strip() for h in header]
    return Table(name, "csv", headers, rows, None if head is None else count)


def _read_xlsx(data: bytes, name: str, head: int | None, limit: limits.Limits) -> Table:
    import openpyxl

    try:
        tags = limits.xlsx_rows(name, data, limit)  # before openpyxl opens it
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except limits.Refused:
        raise
    except Exception as error:  # zipfile and openpyxl raise many kinds for a file that is not a workbook
        raise ImportFormatError(f"{name}：不是有效的 Excel（.xlsx）文件") from error
    try:
        rows = book.worksheets[0].iter_rows(values_only=True)
        if head is not None:  # the head only: the count is the worksheet's row tags less the header
            rows = itertools.islice(rows, head + 1 + _LEADING_BLANK_ROWS)
        header, kept, count = _bounded(name, rows, head, limit, lambda c: c in (None, ""))
    finally:
        book.close()
    if header is None:
        raise ImportFormatError(f"{name}：工作表是空的")
    headers = ["" if h is None else str(h).strip() for h in header]
    return Table(name, "xlsx", headers, kept[:head] if head is not None else kept,
                 None if head is None else max(tags - 1, count))


# ---- mapping ------------------------------------------------------------------------


def auto_mapping(headers: list[str]) -> dict[str, str] | None:
    """field → header when every required canonical header is present; None otherwise."""
    present = set(headers)
    if not all(HEADERS[f] in present for f in REQUIRED):
        return None
    return {f: h for f, h in HEADERS.items() if h in present}


def suggested_mapping(headers: list[str], remembered: dict[str, str] | None) -> dict[str, str]:
    """The remembered mapping where its columns exist in this file, else the canonical header."""
    present = set(headers)
    mapping = {}
    for f, h in HEADERS.items():
        if remembered and remembered.get(f) in present:
            mapping[f] = remembered[f]
        elif h in present:
            mapping[f] = h
    return mapping


def check_mapping(headers: list[str], mapping: dict[str, str]) -> list[str]:
    problems = []
    for f, h, required in FIELDS:
        column = mapping.get(f)
        if required and not column:
            problems.append(f"请为“{h}”选择一列")
        elif column and column not in headers:
            problems.append(f"文件中没有“{column}”列（对应“{h}”）")
    return problems


#: Data rows the mapping page shows; kept with the job at upload (``stored_preview``).
PREVIEW_ROWS = 5


def stored_preview(table: Table) -> list[list[str]]:
    """The first rows as text, to keep in the job (JSON) for the mapping page.  Control characters
    are shown as � there (PostgreSQL's JSON cannot hold a NUL); the import refuses their rows."""
    return [[CONTROL_CHARACTERS.sub("\ufffd", _text(c)) for c in row] for row in table.rows[:PREVIEW_ROWS]]


def preview_rows(table: Table, mapping: dict[str, str], limit: int = PREVIEW_ROWS) -> list[list[str]]:
    index = {h: i for i, h in enumerate(table.headers)}
    out = []
    for row in table.rows[:limit]:
        out.append([_text(_cell(row, index.get(mapping.get(f)))) for f, _, _ in FIELDS])
    return out


# ---- validation ---------------------------------------------------------------------

_DT = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$")


def _cell(row: list, i: int | None):
    if i is None or i >= len(row):
        return None
    return row[i]


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def parse_moment(value) -> datetime:
    """2025-06-03 or 2025-06-03 09:30 (also / or 年月日, optional seconds, an Excel date) → aware datetime."""
    tz = local_zone()
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=tz)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=tz)
    match = _DT.match(_text(value))
    if not match:
        raise ValueError("时间格式应为 2025-06-03 或 2025-06-03 09:30")
    y, m, d, hh, mm, ss = match.groups()
    try:
        return datetime(int(y), int(m), int(d), int(hh or 0), int(mm or 0), int(ss or 0), tzinfo=tz)
    except ValueError as error:
        raise ValueError(f"“{_text(value)}”不是有效的日期时间") from error


def validate(zone, table: Table, mapping: dict[str, str], *,
             progress: Callable[[int, int], None] | None = None) -> Validation:
    types = {t.name: t for t in ServiceType.objects.filter(zone=zone)}
    index = {h: i for i, h in enumerate(table.headers)}
    columns = {f: index.get(mapping.get(f)) for f in HEADERS}
    result = Validation()
    seen: dict[str, int] = {}
    total = table.total
    for n, row in enumerate(table.rows):
        if progress and n % PROGRESS_EVERY == 0:
            progress(n, total)
        if not any(_text(c) for c in row):
            continue  # blank line
        file_row = n + 2
        values = {f: _cell(row, i) for f, i in columns.items()}
        record, errors = validate_values(values, types, file_row,
                                         column_names={f: mapping.get(f) or HEADERS[f] for f in HEADERS})
        if record and record.number in seen:
            errors.append(RowError(file_row, column_names_of(mapping, "number"),
                                   f"办件编号 {record.number} 与第 {seen[record.number]} 行重复"))
            record = None
        if errors:
            result.errors.extend(errors)
            result.bad_rows.append(n)
        else:
            seen[record.number] = file_row
            result.records.append(record)
    if progress:
        progress(total, total)
    return result


def column_names_of(mapping, f):
    return mapping.get(f) or HEADERS[f]


def validate_values(values: dict, types: dict[str, ServiceType], row: int,
                    column_names: dict[str, str] | None = None) -> tuple[CaseRecord | None, list[RowError]]:
    """One case from field → raw value; errors name the row and the column."""
    names = column_names or HEADERS
    errors: list[RowError] = []

    def err(f: str, message: str) -> None:
        errors.append(RowError(row, names[f], message))

    text = {f: _text(values.get(f)) for f in HEADERS}
    for f in HEADERS:
        problem = text_problem(f, text[f])
        if problem:
            err(f, problem)
            text[f] = ""  # no second message on the same value (不能为空, not in the catalogue …)
        elif f in REQUIRED and not text[f]:
            err(f, "不能为空")
    number = text["number"]
    service_type = types.get(text["service"])
    if text["service"] and service_type is None:
        err("service", f"事项“{text['service']}”不在本开发区的事项目录中")
    kind = text["applicant_kind"]
    if kind and kind not in (Case.ApplicantKind.ENTERPRISE, Case.ApplicantKind.PERSON):
        err("applicant_kind", f"应为“企业”或“个人”，而不是“{kind}”")
    received = completed = None
    if text["received_at"]:
        try:
            received = parse_moment(values["received_at"])
        except ValueError as e:
            err("received_at", str(e))
    if text["completed_at"]:
        try:
            completed = parse_moment(values["completed_at"])
        except ValueError as e:
            err("completed_at", str(e))
    for f, moment in (("received_at", received), ("completed_at", completed)):
        if moment and not 2000 <= moment.year <= 2150:
            err(f, "年份应在 2000–2150 年之间")
    if received and completed and completed < received:
        err("completed_at", "办结时间早于受理时间")
    steps = None
    if text["steps"]:
        try:
            steps = int(text["steps"])
            if not 0 <= steps <= MAX_STEPS:
                raise ValueError
        except ValueError:
            err("steps", f"应为 0–{MAX_STEPS} 的整数，而不是“{text['steps']}”")
            steps = None
    cost = None
    if text["cost"]:
        try:
            # Rounded first, then checked: 999999999999.999 rounds to a 13-digit amount the column cannot hold.
            cost = Decimal(text["cost"].replace(",", "").replace("，", "")).quantize(Decimal("0.01"))
            if not 0 <= cost <= MAX_COST:
                raise InvalidOperation
        except InvalidOperation:
            err("cost", f"应为 0–{MAX_COST:,.2f} 元的金额，而不是“{text['cost']}”")
            cost = None
    rating = None
    if text["rating"]:
        rating = RATINGS.get(text["rating"])
        if rating is None:
            err("rating", f"应为{'、'.join(RATINGS)}之一，而不是“{text['rating']}”")
    if errors:
        return None, errors
    return CaseRecord(row, number, service_type, kind, text["applicant_name"], text["phone"],
                      received, completed, steps, cost, rating), []


def text_problem(f: str, value: str) -> str | None:
    """Why a field's text cannot be stored as it is: a control character (pasted from another
    system: invisible on the page, and NUL is refused by PostgreSQL), or more characters than
    its column holds (cut silently, a name or number would no longer be what was sent)."""
    control = CONTROL_CHARACTERS.search(value)
    if control:
        return f"含有不可见的控制字符 U+{ord(control.group()):04X}，请删除后重新提交"
    limit = MAX_LENGTHS.get(f)
    if limit is not None and len(value) > limit:
        return f"不能超过 {limit} 个字符（现有 {len(value)} 个）"
    return None


# ---- writing ------------------------------------------------------------------------

#: What an import writes: (zone_id, number) is the key, the other columns are updated on conflict.
COLUMNS = ["zone_id", "number", "service_type_id", "applicant_kind", "applicant_name", "phone", "received_at",
           "completed_at", "received_on", "completed_on", "steps", "cost", "rating", "updated_at"]
KEY = ["zone_id", "number"]
STAGING = "cases_import"  # a temporary table (each connection has its own), dropped by write() or its rollback


def write(zone, records: list[CaseRecord]) -> tuple[int, int]:
    """Upsert by (zone, number), all or nothing; returns (created, updated).

    The rows go into a temporary table first (by COPY on PostgreSQL, see ``bulk.stage``), then
    into the cases with one ``INSERT … SELECT … ON CONFLICT (zone_id, number) DO UPDATE``: one
    statement for the whole file, where one per row made a PostgreSQL import slow.  The numbers
    must be distinct (``validate`` and the API refuse duplicates): PostgreSQL refuses to update
    one row twice in a statement.
    """
    quote = connection.ops.quote_name
    cases, columns = quote(Case._meta.db_table), ", ".join(map(quote, COLUMNS))
    updates = ", ".join(f"{quote(c)} = EXCLUDED.{quote(c)}" for c in COLUMNS if c not in KEY)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMPORARY TABLE {STAGING} AS SELECT {columns} FROM {cases} WHERE 1 = 0")
        bulk.stage(STAGING, COLUMNS, _rows(zone, records))
        cursor.execute(f"SELECT COUNT(*) FROM {STAGING} s JOIN {cases} c "
                       f"ON c.zone_id = s.zone_id AND c.number = s.number")
        (updated,) = cursor.fetchone()
        # WHERE true: SQLite would read the ON of ON CONFLICT as a join's without it.
        cursor.execute(f"INSERT INTO {cases} ({columns}) SELECT {columns} FROM {STAGING} WHERE true "
                       f"ON CONFLICT ({', '.join(map(quote, KEY))}) DO UPDATE SET {updates}")
        cursor.execute(f"DROP TABLE {STAGING}")
        _replace_stops(zone, [r for r in records if r.clock_stops is not None])
    return len(records) - updated, updated


def _rows(zone, records: list[CaseRecord]):
    """The records as rows of ``COLUMNS``, values as the database driver takes them."""
    ops = connection.ops
    tz = local_zone()
    now = ops.adapt_datetimefield_value(timezone.now())
    for r in records:
        completed = r.completed_at
        yield (
            zone.pk, r.number, r.service_type.pk, r.applicant_kind, r.applicant_name, r.phone,
            ops.adapt_datetimefield_value(r.received_at),
            ops.adapt_datetimefield_value(completed) if completed else None,
            ops.adapt_datefield_value(r.received_at.astimezone(tz).date()),
            ops.adapt_datefield_value(completed.astimezone(tz).date()) if completed else None,
            r.steps, None if r.cost is None else ops.adapt_decimalfield_value(r.cost, 14, 2), r.rating, now,
        )


def _replace_stops(zone, records: list[CaseRecord]) -> None:
    """Each record's clock stops replace its case's (only records that carry stops: the API's)."""
    for start in range(0, len(records), CHUNK):
        chunk = records[start:start + CHUNK]
        ids = dict(Case.objects.filter(zone=zone, number__in=[r.number for r in chunk]).values_list("number", "pk"))
        ClockStop.objects.filter(case_id__in=ids.values()).delete()
        ClockStop.objects.bulk_create(ClockStop(zone=zone, case_id=ids[r.number], kind=k, start=s, end=e)
                                      for r in chunk for k, s, e in r.clock_stops)


def error_file(table: Table, validation: Validation) -> tuple[bytes, str]:
    """The bad rows as they were, with a 错误说明 column, in the file's own format."""
    by_row: dict[int, list[str]] = {}
    for e in validation.errors:
        by_row.setdefault(e.row, []).append(str(e))
    headers = [*table.headers, ERROR_COLUMN, "原行号"]
    rows = [[*(table.rows[i] + [None] * (len(table.headers) - len(table.rows[i]))), "；".join(by_row.get(i + 2, [])), i + 2]
            for i in validation.bad_rows]
    stem = table.name.rsplit(".", 1)[0]
    # Through duban.documents: the file's own text (=…, +…, -…, @…) must not come back as formulas.
    if table.kind == "xlsx":
        book = xlsx.Workbook(streaming=True)
        sheet = book.add_sheet("错误行", [xlsx.Column(h, 16, wrap=False) for h in headers])
        for row in rows:
            sheet.append(row)
        return book.to_bytes(), f"{stem}-错误行.xlsx"
    out = io.StringIO()
    writer = csvfile.Writer(out)
    writer.writerow(headers)
    writer.writerows([[_text(c) for c in row] for row in rows])
    return csvfile.encode(out.getvalue()), f"{stem}-错误行.csv"


def run_import(zone, table: Table, mapping: dict[str, str], *, skip_bad_rows: bool = False, dry_run: bool = False,
               progress: Callable[[int, int], None] | None = None,
               written: Callable[[ImportResult], None] | None = None) -> ImportResult:
    """Validate, then write all good records in one transaction.  ``written(result)`` runs inside
    that transaction after the write: what records the import (the job's state) commits with the
    cases or not at all."""
    validation = validate(zone, table, mapping, progress=progress)
    result = ImportResult(errors=validation.errors, records=validation.records)
    if validation.errors and not skip_bad_rows:
        return result  # refused: nothing written
    if validation.errors:
        result.error_file, result.error_file_name = error_file(table, validation)
    if dry_run:
        return result
    with transaction.atomic():
        result.created, result.updated = write(zone, validation.records)
        result.written = True
        if written:
            written(result)
    return result


def mapping_for(zone, headers: list[str]) -> dict[str, str]:
    """Canonical headers, else the zone's remembered mapping (for the command line)."""
    from .models import ColumnMapping

    auto = auto_mapping(headers)
    if auto is not None:
        return auto
    remembered = ColumnMapping.objects.filter(zone=zone).values_list("mapping", flat=True).first()
    return suggested_mapping(headers, remembered)


def remember_mapping(zone, headers: list[str], mapping: dict[str, str]) -> None:
    from .models import ColumnMapping

    if auto_mapping(headers) == mapping:
        return
    ColumnMapping.objects.update_or_create(zone=zone, defaults={"mapping": mapping})


def record_columns(records: Iterable[CaseRecord], types: list[ServiceType]):
    """Records in memory (a dry run) as measure columns."""
    import numpy as np

    from .measures import CaseColumns

    records = list(records)
    index = {t.pk: i for i, t in enumerate(types)}
    tz = local_zone()
    received = np.array([r.received_at.astimezone(tz).date() for r in records], dtype="datetime64[D]").astype(np.int64)
    completed = np.array([r.completed_at.astimezone(tz).date().toordinal() - 719163 if r.completed_at else -1
                          for r in records], dtype=np.int64)
    return CaseColumns(
        type_index=np.array([index[r.service_type.pk] for r in records], dtype=np.int64),
        received=received, completed=completed,
        steps=np.array([np.nan if r.steps is None else r.steps for r in records], dtype=float),
        cost=np.array([np.nan if r.cost is None else float(r.cost) for r in records], dtype=float),
        rating=np.array([r.rating or 0 for r in records], dtype=np.int64),
    )
