"""The ordinal table: ``WorkdayCalendar.ordinals()`` stored per calendar, so SQL can count working days.

On one calendar key, ``count(a, b) == ordinal(b) - ordinal(a)``; so "working days elapsed",
"working days left" and "overdue" are plain SQL over two look-ups, whatever the number of rows::

    from duban.workdays.services import ordinal_key, workdays_between

    key = ordinal_key(zone)                      # stores the zone's calendar first if the table is behind
    overdue = (
        Case.objects.filter(zone=zone)
        .annotate(elapsed=workdays_between(key, "received_on", today))
        .filter(elapsed__gt=F("limit_workdays"))
    )
    days_left = workdays_between(key, today, "due_on")

Dates outside the stored span have no row, so the expression is NULL there: never a wrong
number, but not an error either, unlike the engine's CalendarNotCovered.  A page that shows
such figures checks the span (``calendar.anchor``/``calendar.last_day``) for its "today".
Whether a figure is provisional is ``provisional_days_between(...) != 0`` the same way.

Writes happen in ``ensure_stored``: a calendar is stored under its key together with its
fingerprint, and stored again only when the fingerprint changes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.db.models import DateField, Expression, F, IntegerField, Value

from .engine import WorkdayCalendar
from .models import ORDINAL_LOOKUP_INDEX, StoredCalendar, WorkdayOrdinal

#: A date operand: a field name of the queryset's model, an F() or other expression, or a date.
DateOperand = str | Expression | F | dt.date


class OrdinalOf(Expression):
    """The stored ordinal of a date on calendar ``key`` (NULL outside the stored span).

    Plainly a look-up of (key, date) in WorkdayOrdinal for each row.  Two databases get
    the same answer in a faster shape, because the figure is computed for whole tables:

    * SQLite picks the unique (key, date) index and then reads the row; the lookup index
      holds the ordinals too, so naming it halves the work (1M rows: about 2.5 s → 1.3 s).
    * PostgreSQL runs a correlated look-up once per row (1M rows: 4 s).  Instead it reads the
      key's ordinals once as an array (an uncorrelated sub-select, evaluated once per query)
      and indexes it by days since the anchor: the table has one row per day from the anchor,
      so element (d - anchor + 1) is day d (1M rows: 0.2 s).
    """

    output_field = IntegerField()

    def __init__(self, key: str, day: DateOperand, column: str = "ordinal"):
        super().__init__()
        if column not in ("ordinal", "provisional_ordinal"):
            raise ValueError(f"unknown ordinal column {column!r}")
        self.key, self.column, self.day = key, column, _date_expression(day)

    def get_source_expressions(self):
        return [self.day]

    def set_source_expressions(self, expressions):
        (self.day,) = expressions

    def as_sql(self, compiler, connection, index_hint: str = ""):
        day, params = compiler.compile(self.day)
        q = connection.ops.quote_name
        # Aliased: the outer query may be on this very table (its own "date" column).
        o = q("ordinal_lookup")
        sql = (
            f"(SELECT {o}.{q(self.column)} FROM {q(WorkdayOrdinal._meta.db_table)} {o}{index_hint}"
            f" WHERE {o}.{q('key')} = %s AND {o}.{q('date')} = {day})"
        )
        return sql, (self.key, *params)

    def as_sqlite(self, compiler, connection):
        return self.as_sql(compiler, connection, index_hint=f" INDEXED BY {connection.ops.quote_name(ORDINAL_LOOKUP_INDEX)}")

    def as_postgresql(self, compiler, connection):
        day, params = compiler.compile(self.day)
        q = connection.ops.quote_name
        table, key, date = q(WorkdayOrdinal._meta.db_table), q("key"), q("date")
        sql = (
            f"((SELECT array_agg({q(self.column)} ORDER BY {date}) FROM {table} WHERE {key} = %s)"
            f"[({day}) - (SELECT min({date}) FROM {table} WHERE {key} = %s) + 1])"
        )
        return sql, (self.key, *params, self.key)


def workdays_between(key: str, start: DateOperand, end: DateOperand):
    """count(start, end) in SQL: working days d with start < d <= end (negative when end < start)."""
    return OrdinalOf(key, end) - OrdinalOf(key, start)


def provisional_days_between(key: str, start: DateOperand, end: DateOperand):
    """Provisional days counted by ``workdays_between``; non-zero means the count is provisional."""
    return OrdinalOf(key, end, "provisional_ordinal") - OrdinalOf(key, start, "provisional_ordinal")


def ensure_stored(key: str, zone_id: int | None, calendar: WorkdayCalendar, *, force: bool = False) -> int:
    """Store ``calendar`` under ``key`` unless it is stored already; returns the rows written."""
    stored = StoredCalendar.objects.filter(key=key).values_list("fingerprint", flat=True).first()
    if stored == calendar.fingerprint and not force:
        return 0
    with transaction.atomic():
        # Two processes noticing the same change store it once: the second waits here, then sees it.
        locked = StoredCalendar.objects.select_for_update().filter(key=key).first()
        if locked is not None and locked.fingerprint == calendar.fingerprint and not force:
            return 0
        WorkdayOrdinal.objects.filter(key=key).delete()
        rows = WorkdayOrdinal.objects.bulk_create(
            (
                WorkdayOrdinal(
                    key=key, zone_id=zone_id, date=row.date, is_workday=row.is_workday,
                    ordinal=row.ordinal, provisional_ordinal=row.provisional_ordinal,
                )
                for row in calendar.ordinals()
            ),
            batch_size=2000,
        )
        StoredCalendar.objects.update_or_create(
            key=key, defaults={"zone_id": zone_id, "fingerprint": calendar.fingerprint}
        )
    return len(rows)


def drop_all_but(keys: Iterable[str]) -> None:
    """Forget the stored calendars not in ``keys`` (a zone whose last override was deleted)."""
    keys = list(keys)
    WorkdayOrdinal.objects.exclude(key__in=keys).delete()
    StoredCalendar.objects.exclude(key__in=keys).delete()


def _date_expression(day: DateOperand):
    if isinstance(day, dt.datetime):
        raise TypeError(f"应传入 date（当地日期），实为 {day!r}")
    if isinstance(day, dt.date):
        return Value(day, output_field=DateField())
    if isinstance(day, str):
        return F(day)
    return day
