"""The SQL path: working days for every row of a table in one query over ``WorkdayOrdinal``.

Sets Django up itself (``DJANGO_SETTINGS_MODULE`` defaults to duban.settings, ``DUBAN_DEBUG`` to 1
so no secret key is needed; ``DATABASE_URL`` picks the database), migrates, stores the national
calendar's ordinals, fills a scratch table with the workload's (start, end) pairs (COPY on
PostgreSQL, executemany on SQLite; not timed), then times the query the cases app will run:
``SUM(workdays_between(key, start, end))`` over all rows, so every count is computed.  The sum
must equal count_many's, and a sample of rows must match one by one.  The scratch table is
dropped afterwards, also on failure.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np

from .workdays import best_of

SCRATCH_TABLE = "workdays_benchmark_pair"


def setup_django() -> None:
    import django
    from django.apps import apps

    if apps.ready:  # under pytest Django is set up already, with the test database
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duban.settings")
    os.environ.setdefault("DUBAN_DEBUG", "1")
    django.setup()


_pair_model = None


def pair_model():
    """An unmanaged model over the scratch table (defined once per process: Django keeps a registry)."""
    global _pair_model
    if _pair_model is None:
        from django.db import models

        class BenchmarkPair(models.Model):
            start = models.DateField()
            end = models.DateField()

            class Meta:
                app_label = "workdays"
                db_table = SCRATCH_TABLE
                managed = False

        _pair_model = BenchmarkPair
    return _pair_model


@contextmanager
def scratch_pairs(starts: np.ndarray, ends: np.ndarray) -> Iterator[type]:
    """The scratch table filled with (start, end) pairs, ids 1…n in order; dropped on exit."""
    from django.db import connection

    model = pair_model()
    with connection.schema_editor() as editor:
        editor.create_model(model)
    try:
        _fill(connection, starts, ends)
        yield model
    finally:
        with connection.schema_editor() as editor:
            editor.delete_model(model)


def measure(workload, rows: int) -> dict:
    """Time one SQL query computing count(start, end) for ``rows`` pairs of the workload."""
    setup_django()
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Sum

    from duban.workdays.services import calendar_for_region, ordinal_key, workdays_between

    call_command("migrate", verbosity=0)
    key = ordinal_key(region="national")
    starts, ends = workload.starts[:rows], workload.ends[:rows]
    # The database's national calendar: the packaged one plus whatever the office entered there.
    expected = calendar_for_region("national").count_many(starts, ends)

    with scratch_pairs(starts, ends) as model:
        _analyze(connection)

        def total_workdays() -> int:
            return model.objects.aggregate(total=Sum(workdays_between(key, "start", "end")))["total"]

        total = total_workdays()  # a warm-up run, and the check that every row was counted right
        if total != int(expected.sum()):
            raise SystemExit(f"SQL sum {total} differs from count_many's {int(expected.sum())}")
        seconds = best_of(workload.repeats, total_workdays)
        sample = [int(i) for i in workload.sample if i < rows]
        by_id = dict(
            model.objects.filter(id__in=[i + 1 for i in sample])
            .annotate(workdays=workdays_between(key, "start", "end"))
            .values_list("id", "workdays")
        )
        wrong = [i for i in sample if by_id[i + 1] != expected[i]]
        if wrong:
            raise SystemExit(f"SQL and count_many disagree on {len(wrong)} of {len(sample)} sampled rows")
    print(
        f"SQL ({connection.vendor}): {rows:,} rows in {seconds:.2f} s (best of {workload.repeats}); "
        f"sum and {len(sample):,} sampled rows agree with count_many"
    )
    return {"sql_rows": rows, "sql_s": seconds, "database": connection.vendor}


def _fill(connection, starts: np.ndarray, ends: np.ndarray) -> None:
    from django.db import transaction

    ids = np.arange(1, len(starts) + 1)
    start_text = starts.astype("datetime64[D]").astype(str)
    end_text = ends.astype("datetime64[D]").astype(str)
    table = connection.ops.quote_name(SCRATCH_TABLE)
    columns = ", ".join(connection.ops.quote_name(c) for c in ("id", "start", "end"))
    # One transaction: in autocommit every row would be its own commit (and fsync) on SQLite.
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            lines = "".join(f"{i}\t{a}\t{b}\n" for i, a, b in zip(ids.tolist(), start_text, end_text))
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                copy.write(lines.encode())
        else:
            cursor.executemany(
                f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s)",
                zip(ids.tolist(), start_text.tolist(), end_text.tolist()),
            )


def _analyze(connection) -> None:
    """Fresh statistics (and, on PostgreSQL, a visibility map for index-only scans) before timing."""
    from duban.workdays.models import WorkdayOrdinal

    tables = [SCRATCH_TABLE, WorkdayOrdinal._meta.db_table]
    with connection.cursor() as cursor:
        for table in tables:
            name = connection.ops.quote_name(table)
            cursor.execute(f"VACUUM ANALYZE {name}" if connection.vendor == "postgresql" else f"ANALYZE {name}")

