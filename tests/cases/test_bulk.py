"""The bulk paths between the database and numpy (``bulk.py``): reading case columns, writing imports.

The suite runs on SQLite and on PostgreSQL (``DATABASE_URL``), so each test checks the path of the
database it runs on — group_concat or binary COPY out, executemany or COPY in — against the same
expected values.
"""

import struct
from datetime import date
from decimal import Decimal

import numpy as np
import pytest
from django.db import IntegrityError

from duban.cases import bulk
from duban.cases.importing import CaseRecord, write
from duban.cases.models import Case, ServiceType
from duban.cases.queries import load_columns

from .conftest import at


def day_number(day: str) -> int:
    return (date.fromisoformat(day) - date(1970, 1, 1)).days


def binary_copy(rows, extension=b"") -> bytes:
    """PostgreSQL's binary COPY format, each field given as its bytes (None: NULL)."""
    out = b"PGCOPY\n\xff\r\n\x00" + struct.pack(">ii", 0, len(extension)) + extension
    for row in rows:
        out += struct.pack(">h", len(row))
        for field in row:
            out += struct.pack(">i", -1) if field is None else struct.pack(">i", len(field)) + field
    return out + struct.pack(">h", -1)


def int8(value: int) -> bytes:
    return struct.pack(">q", value)


def test_binary_copy_rows_become_int64_columns():
    data = binary_copy([[int8(1), int8(-1)], [int8(2**40), int8(7)]], extension=b"ext!")
    ids, values = bulk._binary_int8_columns(bytearray(data), 2)
    assert ids.tolist() == [1, 2**40] and values.tolist() == [-1, 7]
    assert ids.dtype == np.int64


def test_binary_copy_with_no_rows():
    assert [c.tolist() for c in bulk._binary_int8_columns(bytearray(binary_copy([])), 3)] == [[], [], []]


@pytest.mark.parametrize("row", [[int8(1), None], [int8(1), struct.pack(">i", 5)]], ids=["null", "int4"])
def test_binary_copy_refuses_a_null_or_a_column_that_is_not_int8(row):
    with pytest.raises(ValueError):
        bulk._binary_int8_columns(bytearray(binary_copy([[int8(1), int8(2)], row])), 2)


def test_sort_by_first_reorders_every_column_by_the_first():
    ids, values = bulk.sort_by_first([np.array([3, 1, 2]), np.array([30, 10, 20])])
    assert ids.tolist() == [1, 2, 3] and values.tolist() == [10, 20, 30]


def test_int_columns_of_no_rows_are_empty_and_of_rows_integers(zone, gas, make_case):
    table = Case._meta.db_table
    assert [c.tolist() for c in bulk.int_columns(["id", "steps"], table, "zone_id = %s", [zone.pk])] == [[], []]
    case = make_case(gas, "2020-06-01", steps=4)
    ids, steps = bulk.int_columns(["id", "COALESCE(steps, -1)"], table, "zone_id = %s", [zone.pk])
    assert (ids.tolist(), steps.tolist()) == ([case.pk], [4])


def test_load_columns_reads_every_field_with_its_sentinels_in_id_order(zone, water, gas, make_case):
    done = make_case(water, "2020-06-01", "2020-06-15", steps=80, cost=Decimal("1200.55"), rating=4,
                     stops=[("补正", "2020-06-03", "2020-06-05")])
    still_open = make_case(gas, "2020-06-02")
    # Updating the first case moves its row to the end of a PostgreSQL table: the columns must
    # still come out in id order.
    Case.objects.filter(pk=done.pk).update(applicant_name="准东铝业")
    ids, columns = load_columns(zone, [gas, water])
    assert ids.tolist() == [done.pk, still_open.pk]
    assert columns.type_index.tolist() == [1, 0]
    assert columns.received.tolist() == [day_number("2020-06-01"), day_number("2020-06-02")]
    assert columns.completed.tolist() == [day_number("2020-06-15"), -1]
    assert columns.steps[0] == 80 and np.isnan(columns.steps[1])  # no cap on the number of steps
    assert columns.cost[0] == pytest.approx(1200.55) and np.isnan(columns.cost[1])
    assert columns.rating.tolist() == [4, 0]
    assert (columns.stop_case.tolist(), columns.stop_start.tolist(), columns.stop_end.tolist()) == (
        [0], [day_number("2020-06-03")], [day_number("2020-06-05")])
    ids, columns = load_columns(zone, [gas, water], received_from=date(2020, 6, 2))  # a date parameter
    assert ids.tolist() == [still_open.pk] and not len(columns.stop_case)


def record(service_type, number: str, **changes) -> CaseRecord:
    values = dict(row=2, number=number, service_type=service_type, applicant_kind="企业", applicant_name="准东铝业",
                  phone="0994-1234567", received_at=at("2020-06-01"), completed_at=at("2020-06-15", "16:00"),
                  steps=3, cost=Decimal("1200.50"), rating=5)
    return CaseRecord(**(values | changes))


FIELDS = ["number", "service_type__name", "applicant_kind", "applicant_name", "phone", "received_at", "completed_at",
          "received_on", "completed_on", "steps", "cost", "rating"]


def stored(zone) -> list[tuple]:
    return list(Case.objects.filter(zone=zone).order_by("number").values_list(*FIELDS))


def test_write_upserts_by_number_and_stores_every_field(zone, water, gas):
    early = at("2020-06-02", "00:30")  # still 6/1 in UTC: the local date is the one stored
    assert write(zone, [record(water, "007"), record(gas, "SW-2", received_at=early, completed_at=None, steps=None,
                                                          cost=None, rating=None, phone="")]) == (2, 0)
    assert stored(zone) == [
        ("007", "用水报装", "企业", "准东铝业", "0994-1234567", at("2020-06-01"), at("2020-06-15", "16:00"),
         date(2020, 6, 1), date(2020, 6, 15), 3, Decimal("1200.50"), 5),
        ("SW-2", "居民燃气报装", "企业", "准东铝业", "", early, None, date(2020, 6, 2), None, None, None, None),
    ]
    # Writing again updates in place: the same rows (ids), new values, one new case.
    ids = dict(Case.objects.values_list("number", "pk"))
    assert write(zone, [record(water, "007", completed_at=None, cost=Decimal("0.01")), record(gas, "SW-2"),
                        record(gas, "SW-3")]) == (1, 2)
    assert Case.objects.filter(zone=zone).count() == 3
    assert dict(Case.objects.filter(number__in=ids).values_list("number", "pk")) == ids
    first = Case.objects.get(number="007")
    assert (first.completed_at, first.completed_on, first.cost) == (None, None, Decimal("0.01"))
    assert Case.objects.get(number="SW-2").completed_on == date(2020, 6, 15)


def test_write_of_another_zone_with_the_same_number_is_a_new_case(zone, other_zone, water):
    theirs = ServiceType.objects.create(zone=other_zone, name="用水报装", limit_value=20)
    assert write(zone, [record(water, "SW-1")]) == (1, 0)
    assert write(other_zone, [record(theirs, "SW-1")]) == (1, 0)
    assert Case.objects.filter(number="SW-1").count() == 2


def test_a_row_the_database_refuses_writes_nothing_and_leaves_no_staging_table(zone, water):
    write(zone, [record(water, "SW-1")])
    with pytest.raises(IntegrityError):  # steps must not be negative (a check constraint)
        write(zone, [record(water, "SW-1", steps=9), record(water, "SW-2", steps=-1)])
    assert stored(zone)[0][FIELDS.index("steps")] == 3 and Case.objects.count() == 1
    # The staging table went with the rollback: writing again creates it afresh.
    assert write(zone, [record(water, "SW-2")]) == (1, 0)

