"""Moving a million rows between the database and numpy without a Python object per value.

Fetching rows as Python tuples costs ~0.4 µs a row in either driver: more than all the measures
together.  So each database uses its own bulk path, behind two functions:

- ``int_columns``: the integer columns of a query as int64 arrays.  PostgreSQL sends
  ``COPY … TO STDOUT (FORMAT BINARY)``; with every column a non-NULL BIGINT each row is a record
  of one fixed size, which numpy reads as it is.  SQLite's driver has no such path, so SQLite
  writes each column as one comma-separated ``group_concat`` string, which numpy parses in C.
- ``stage``: rows into a (temporary) table, by ``COPY … FROM STDIN`` on PostgreSQL, where one
  INSERT per row is the slow part of an import, and ``executemany`` on SQLite, where it is not.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
from django.db import connection

_COPY_SIGNATURE = b"PGCOPY\n\xff\r\n\x00"
_COPY_TRAILER = b"\xff\xff"


def int_columns(columns: Sequence[str], table: str, where: str, params: Sequence = ()) -> list[np.ndarray]:
    """``SELECT columns FROM table WHERE where`` as one int64 array per column, rows in no set order.

    Every column must be a non-NULL integer (COALESCE a NULL to a sentinel).  Sort afterwards
    (``sort_by_first``) rather than in SQL: numpy sorts rows that are nearly in order already in
    a few milliseconds, where PostgreSQL (default work_mem) would sort a million rows on disk.
    """
    if connection.vendor == "postgresql":
        return _copy_out(columns, table, where, params)
    return _group_concat(columns, table, where, params)


def _copy_out(columns: Sequence[str], table: str, where: str, params: Sequence) -> list[np.ndarray]:
    select = ", ".join(f"CAST({c} AS BIGINT)" for c in columns)
    data = bytearray()
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY (SELECT {select} FROM {table} WHERE {where}) TO STDOUT (FORMAT BINARY)",
                                params) as copy:
            for chunk in copy:  # one chunk per row: appending is the cheapest thing to do with it
                data += chunk
    return _binary_int8_columns(data, len(columns))


def _binary_int8_columns(data: bytearray, width: int) -> list[np.ndarray]:
    """Columns of PostgreSQL's binary COPY format, all of them non-NULL int8.

    Layout: an 11-byte signature, int32 flags, int32 length of a header extension and the
    extension; then per row an int16 field count and per field an int32 length and the value
    (big-endian); then the int16 trailer -1.
    """
    if not data.startswith(_COPY_SIGNATURE) or not data.endswith(_COPY_TRAILER):
        raise ValueError("not PostgreSQL binary COPY data")
    start = 19 + int.from_bytes(data[15:19], "big")
    record = np.dtype([("fields", ">i2"), ("columns", [("length", ">i4"), ("value", ">i8")], (width,))])
    body = len(data) - len(_COPY_TRAILER) - start
    if body % record.itemsize:
        raise ValueError("binary COPY rows are not all non-NULL int8")
    rows = np.frombuffer(data, record, count=body // record.itemsize, offset=start)
    if (rows["fields"] != width).any() or (rows["columns"]["length"] != 8).any():
        raise ValueError("binary COPY rows are not all non-NULL int8")
    values = rows["columns"]["value"]
    return [values[:, i].astype(np.int64) for i in range(width)]


def _group_concat(columns: Sequence[str], table: str, where: str, params: Sequence) -> list[np.ndarray]:
    # ORDER BY rowid makes SQLite read the table in storage order (through the zone index, whose
    # entries for one zone are in rowid order) instead of jumping about it through another
    # index: several times faster.  All the aggregates of one query step through the same rows
    # together, so the strings line up.
    inner = ", ".join(f"CAST({c} AS INTEGER) AS c{i}" for i, c in enumerate(columns))
    outer = ", ".join(f"group_concat(c{i})" for i in range(len(columns)))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {outer} FROM (SELECT {inner} FROM {table} WHERE {where} ORDER BY rowid)", params)
        texts = cursor.fetchone()
    if texts[0] is None:  # no rows
        return [np.empty(0, np.int64) for _ in columns]
    return [np.fromstring(text, dtype=np.int64, sep=",") for text in texts]


def sort_by_first(columns: list[np.ndarray]) -> list[np.ndarray]:
    """``columns`` reordered by ascending first column (a cheap check when they already are)."""
    key = columns[0]
    if (key[1:] >= key[:-1]).all():
        return columns
    order = np.argsort(key, kind="stable")
    return [c[order] for c in columns]


def stage(table: str, columns: Sequence[str], rows: Iterable[Sequence]) -> None:
    """Insert ``rows`` (values as ``connection.ops.adapt_*`` gives them) into ``table``."""
    names = ", ".join(map(connection.ops.quote_name, columns))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})", rows)
