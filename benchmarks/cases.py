"""Cases: measures over 1,000,000 cases and importing 100,000 from .csv, against a per-case loop.

``python -m benchmarks cases`` uses the database of ``DATABASE_URL`` (a throwaway SQLite file in
a temporary directory when it is not set), migrates it, and:

1. generates N cases of 10 service types (Xinjiang calendar, 2020–2025, ~1% with a clock stop)
   through the database's fast bulk path (executemany / COPY) — not timed;
2. times the measures for all of them: loading the columns from the database and the vectorised
   counts and aggregations (``measure_zone`` + per type + per month of every type), best of R runs;
3. times importing a generated 100,000-row canonical .csv through ``read_table`` + ``run_import``
   (validation, upsert), once;
4. times the baseline, a per-case Python loop calling chinesecalendar
   (``len(get_workdays(a + 1 day, b))``, national calendar — chinesecalendar has no Xinjiang layer),
   on a sample, extrapolated per case.

Prints each figure; the last line is one JSON object.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
import time
from datetime import date, timedelta

import numpy as np

import benchmarks

ZONE_NAME = "基准测试开发区"
TYPES = [("用水报装", 20), ("扩容改装用水", 15), ("临时用水", 15), ("企业燃气报装", 16), ("居民燃气报装", 3),
         ("低压办电", 10), ("高压办电", 15), ("环评审批（报告书）", 30), ("环评审批（报告表）", 15),
         ("环评审批（登记表）", 7.5)]
FIRST, LAST = np.datetime64("2020-01-02"), np.datetime64("2025-10-31")
TODAY = date(2025, 11, 28)


def setup_django() -> None:
    benchmarks.setup_django(TODAY)


def make_zone():
    from decimal import Decimal

    from duban.cases.models import Case, ClockStop, ServiceType
    from duban.zones.models import Zone

    zone, _ = Zone.objects.get_or_create(name=ZONE_NAME, defaults={"calendar_region": "xinjiang"})
    ClockStop.objects.filter(zone=zone).delete()
    Case.objects.filter(zone=zone).delete()
    types = [ServiceType.objects.update_or_create(zone=zone, name=name, defaults={
        "limit_value": Decimal(str(limit)), "calendar_region": "xinjiang"})[0] for name, limit in TYPES]
    return zone, types


def generate(zone, types, n: int, seed: int) -> None:
    """n cases straight into the table (executemany on SQLite, COPY on PostgreSQL)."""
    from django.db import connection, transaction

    from duban.cases.models import Case, ClockStop
    from duban.workdays.engine import load_calendar

    rng = np.random.default_rng(seed)
    calendar = load_calendar("xinjiang")
    received = rng.integers(FIRST.astype(np.int64), LAST.astype(np.int64) + 1, n).astype("datetime64[D]")
    type_ids = np.array([t.pk for t in types])[rng.integers(0, len(types), n)]
    taken = np.maximum(1, rng.gamma(4.0, 3.0, n).round()).astype(np.int64)
    completed = calendar.add_many(received, taken)
    is_open = (completed > np.datetime64(TODAY)) | (rng.random(n) < 0.02)
    steps = rng.integers(1, 6, n)
    rating = rng.choice([5, 4, 3, 2, 1, 0], n, p=[0.45, 0.3, 0.1, 0.04, 0.01, 0.1])
    cost = (rng.gamma(2.0, 400.0, n)).round(2)
    received_s = received.astype(str)
    completed_s = completed.astype(str)
    now = "2025-11-28 00:00:00+00:00"
    table = Case._meta.db_table
    columns = ("zone_id", "number", "service_type_id", "applicant_kind", "applicant_name", "phone", "received_at",
               "completed_at", "received_on", "completed_on", "steps", "cost", "rating", "updated_at")

    def rows():
        for i in range(n):
            done = None if is_open[i] else completed_s[i]
            yield (zone.pk, f"B{i:08d}", int(type_ids[i]), "企业", "基准测试企业", "", f"{received_s[i]} 01:30:00+00:00",
                   None if done is None else f"{done} 08:00:00+00:00", received_s[i], done,
                   None if done is None else int(steps[i]), float(cost[i]),
                   None if done is None or rating[i] == 0 else int(rating[i]), now)

    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows():
                    copy.write_row(row)
        else:
            sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})"
            batch = []
            for row in rows():
                batch.append(row)
                if len(batch) == 50_000:
                    cursor.executemany(sql, batch)
                    batch = []
            if batch:
                cursor.executemany(sql, batch)
    # ~1% of the cases get a 补正 stop of 1–5 days, starting the day after receipt.
    ids = np.array(Case.objects.filter(zone=zone).order_by("pk").values_list("pk", flat=True))
    chosen = np.sort(rng.choice(len(ids), n // 100, replace=False))
    stops = [ClockStop(zone=zone, case_id=int(ids[i]), kind="补正",
                       start=received[i].astype(object) + timedelta(days=1),
                       end=received[i].astype(object) + timedelta(days=1 + int(rng.integers(1, 6))))
             for i in chosen]
    ClockStop.objects.bulk_create(stops, batch_size=5000)


def time_measures(zone, repeats: int) -> tuple[float, dict]:
    from duban.cases import measures
    from duban.cases.queries import measure_zone

    best, out = None, {}
    for _ in range(repeats):
        started = time.perf_counter()
        measured = measure_zone(zone, TODAY)
        per_type = measured.by_type()
        per_month = measures.by_type_and_month(measured.result, measured.columns)
        elapsed = time.perf_counter() - started
        best = elapsed if best is None else min(best, elapsed)
        out = {"cases": len(measured.ids), "per_type": per_type, "months": len(per_month),
               "measured": measured}
    return best, out


def make_csv(types, rows: int, seed: int) -> bytes:
    rng = np.random.default_rng(seed)
    received = rng.integers(np.datetime64("2025-01-02").astype(np.int64), np.datetime64("2025-10-31").astype(np.int64),
                            rows).astype("datetime64[D]").astype(str)
    names = [t.name for t in types]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["办件编号", "事项名称", "申请人类型", "申请人", "联系电话", "受理时间", "办结时间", "环节数", "费用（元）", "评价"])
    for i in range(rows):
        day = received[i]
        done = (date.fromisoformat(day) + timedelta(days=int(rng.integers(1, 30)))).isoformat()
        writer.writerow([f"IMP{i:07d}", names[i % len(names)], "个人" if i % 3 else "企业", "王建国", "13812341234",
                         f"{day} 09:30", f"{done} 16:00" if i % 20 else "", str(1 + i % 5), "120.50",
                         ["非常满意", "满意", "基本满意", ""][i % 4]])
    return out.getvalue().encode("utf-8-sig")


def time_import(zone, data: bytes) -> tuple[float, int]:
    from duban.cases.importing import auto_mapping, read_table, run_import

    started = time.perf_counter()
    table = read_table(data, "bench.csv")
    result = run_import(zone, table, auto_mapping(table.headers))
    elapsed = time.perf_counter() - started
    if result.errors:
        raise SystemExit(f"import refused: {result.errors[:3]}")
    return elapsed, result.created + result.updated


def time_baseline(measured, sample: int, seed: int) -> tuple[float, int]:
    """Per-case loop over chinesecalendar on a sample; checks it against the engine (national)."""
    from chinese_calendar import get_workdays

    from duban.workdays.engine import load_calendar

    rng = np.random.default_rng(seed)
    cols = measured.columns
    closed = np.flatnonzero(cols.completed >= 0)
    chosen = rng.choice(closed, min(sample, len(closed)), replace=False)
    starts = cols.received[chosen].astype("datetime64[D]").astype(object)
    ends = cols.completed[chosen].astype("datetime64[D]").astype(object)
    started = time.perf_counter()
    counts = [len(get_workdays(a + timedelta(days=1), b)) if b > a else 0 for a, b in zip(starts, ends)]
    elapsed = time.perf_counter() - started
    engine = load_calendar("national").count_many(cols.received[chosen], cols.completed[chosen])
    mismatches = int((np.array(counts) != engine).sum())
    return elapsed / len(chosen), mismatches


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks cases")
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--import-rows", type=int, default=100_000)
    parser.add_argument("--sample", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=20200101)
    args = parser.parse_args(argv)
    setup_django()
    from django.db import connection

    zone, types = make_zone()
    started = time.perf_counter()
    generate(zone, types, args.cases, args.seed)
    print(f"generated {args.cases:,} cases in {time.perf_counter() - started:.1f} s (not timed)", flush=True)
    measures_s, out = time_measures(zone, args.repeats)
    print(f"measures for {out['cases']:,} cases ({len(types)} service types, {out['months']} type-months): "
          f"{measures_s:.3f} s (best of {args.repeats})", flush=True)
    data = make_csv(types, args.import_rows, args.seed + 1)
    import_s, imported = time_import(zone, data)
    print(f"import of {imported:,} rows from .csv ({len(data) / 1e6:.1f} MB): {import_s:.2f} s", flush=True)
    per_case, mismatches = time_baseline(out["measured"], args.sample, args.seed + 2)
    print(f"baseline (chinesecalendar, per-case loop, sample {args.sample}): {per_case * 1e3:.3f} ms per case, "
          f"{per_case * args.cases:.0f} s for {args.cases:,}; national-calendar mismatches vs engine: {mismatches}",
          flush=True)
    ratio = per_case * out["cases"] / measures_s
    print(json.dumps({"cases": out["cases"], "measures_s": round(measures_s, 4), "import_rows": imported,
                      "import_s": round(import_s, 3), "baseline_per_case_s": per_case, "ratio": round(ratio, 1),
                      "database": connection.vendor}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
