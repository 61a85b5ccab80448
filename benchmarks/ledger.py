"""Ledger: exporting 100,000 ledger rows as .xlsx, against a naive openpyxl loop.

``python -m benchmarks ledger`` uses the database of ``DATABASE_URL`` (a throwaway SQLite file in a
temporary directory when it is not set), migrates it, and:

1. generates a plan of N items (one lead and one cooperating department each), a lead report on
   every item in one cycle (about a tenth with evidence) and every item's status and its history, straight into the
   tables through ``bulk_create`` — not timed; a zone already holding them is reused;
2. times the export as the page makes it (``ledger.workbook.export`` for the whole zone, streamed
   into ``documents.xlsx``, saved to a temporary file), in a fresh process whose peak resident
   memory is the figure (it includes Python and Django themselves, shown apart);
3. times the baseline in a fresh process too: the same rows (``workbook.rows``) written by openpyxl
   in normal mode, cell by cell, each cell given the same font, border, alignment, fill and number
   format, then saved — on a sample of ``--baseline-rows`` rows (the whole N with
   ``--baseline-rows 0``), extrapolated per row.

Goal: under 15 s and under 300 MB for 100,000 rows.  Prints each figure; the last line is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date

from benchmarks import setup_django

ZONE_NAME = "基准测试开发区（台账）"
TODAY = date(2020, 7, 10)
TASKS = 100
DEPARTMENTS = 40
PROGRESS = "已完成企业开办全程网上办理系统对接，平均用时压缩至2.5个工作日，本月办件{}件，群众满意度持续提升。"
PROBLEMS = "部分部门间数据共享不畅，个别事项仍需线下提交纸质材料。"
NEXT_STEPS = "下月协调数据共享接口，推动剩余事项全程网办。"
GOAL_SECONDS, GOAL_MB = 15, 300


def rss_mb() -> float:
    """This process's peak resident memory so far, in MB.

    Linux's VmHWM starts afresh in a new program; ru_maxrss would carry over the parent's peak
    (the data generation) into the child processes that are measured.
    """
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux, an upper bound elsewhere


# ---- data -------------------------------------------------------------------------------------


def generate(items: int):
    """A plan of ``items`` items with a lead report each in June 2020; reused when already there."""
    from django.db import transaction
    from django.utils import timezone

    from duban.accounts.models import User
    from duban.ledger.models import Cycle, Evidence, ItemStatus, Report, StatusChange
    from duban.plans.models import Assignment, Item, Plan, Task
    from duban.zones.models import Department, Zone

    zone, _ = Zone.objects.get_or_create(name=ZONE_NAME)
    plan = Plan.objects.filter(zone=zone, title=f"基准测试{items}项工作方案").first()
    if plan is not None and Report.objects.filter(item__task__plan=plan).count() == items:
        return plan, plan.cycles.get(label="2020年6月"), False
    if plan is not None:
        raise SystemExit(f"plan {plan.title} is incomplete: use a fresh database")
    departments = [Department.objects.get_or_create(zone=zone, name=f"基准部门{i:02d}",
                                                    defaults={"order": i})[0] for i in range(DEPARTMENTS)]
    user, _ = User.objects.get_or_create(username="bench-ledger", defaults={"zone": zone, "department": departments[0]})
    with transaction.atomic():
        plan = Plan.objects.create(zone=zone, title=f"基准测试{items}项工作方案", year=2020, source_name="bench.txt",
                                   source_file=b"", source_text="", checksum=f"bench-ledger-{items}")
        cycle = Cycle.objects.get(plan=plan, label="2020年6月")  # the plan's cycles come with it (ledger signal)
        tasks = Task.objects.bulk_create(
            Task(zone=zone, plan=plan, number=f"（{t + 1}）", title=f"第{t + 1}项主要任务：深化“放管服”改革重点工作",
                 order=t + 1) for t in range(TASKS))
        per_task = -(-items // TASKS)
        rows = [Item(zone=zone, task=tasks[i // per_task], number=str(i % per_task + 1), order=i % per_task + 1,
                     text=f"推进第{i + 1}项具体任务：优化审批流程，压缩办理时限，实现全程网上办理，提升企业和群众满意度。",
                     deadline=date(2020, 12, 31))
                for i in range(items)]
        created = Item.objects.bulk_create(rows, batch_size=5000)
        Assignment.objects.bulk_create(
            [Assignment(zone=zone, item=item, department=departments[i % DEPARTMENTS], role=Assignment.Role.LEAD)
             for i, item in enumerate(created)]
            + [Assignment(zone=zone, item=item, department=departments[(i + 1) % DEPARTMENTS],
                          role=Assignment.Role.COOPERATING, order=1) for i, item in enumerate(created)],
            batch_size=5000)
        leads = dict(Assignment.objects.filter(item__task__plan=plan, role=Assignment.Role.LEAD)
                     .values_list("item_id", "pk"))
        reports = Report.objects.bulk_create(
            [Report(zone=zone, assignment_id=leads[item.pk], department=departments[i % DEPARTMENTS], item=item,
                    cycle=cycle, is_lead=True, progress=PROGRESS.format(i % 97), problems=PROBLEMS,
                    next_steps=NEXT_STEPS, completion=(i * 7) % 101, state=Report.State.SUBMITTED, created_by=user)
             for i, item in enumerate(created)], batch_size=5000)
        Evidence.objects.bulk_create(
            [Evidence(zone=zone, report=report, kind=Evidence.Kind.LINK, title=f"佐证材料{i}.pdf",
                      url="https://example.com/", uploaded_by=user)
             for i, report in enumerate(reports) if i % 10 == 0], batch_size=5000)
        colours = [ItemStatus.Colour.GREEN, ItemStatus.Colour.GREEN, ItemStatus.Colour.AMBER, ItemStatus.Colour.RED]
        ItemStatus.objects.bulk_create(
            [ItemStatus(zone=zone, item=item, colour=colours[i % 4], since=timezone.now())
             for i, item in enumerate(created)], batch_size=5000)
        # Their history: the June sheet (a past cycle on TODAY) reads each item's colour at June's
        # end from it; every item assessed in May, a third of them again in June and in July.
        StatusChange.objects.bulk_create(
            [StatusChange(zone=zone, item=item, to_colour=colours[(i + k) % 4], as_of=day)
             for i, item in enumerate(created)
             for k, day in enumerate((date(2020, 5, 26), date(2020, 6, 26), date(2020, 7, 6)))
             if k == 0 or i % 3 == 0], batch_size=5000)
    return plan, cycle, True


# ---- the two writers, each run in a process of its own ------------------------------------------------


def export_fast(plan, cycle, out) -> int:
    from duban.ledger import workbook
    from duban.ledger.models import Report

    book = workbook.export(Report.objects.filter(zone_id=plan.zone_id), plan, cycle, TODAY)
    book.save(out)
    return book.sheets[0].next_row - book.sheets[0].first_row


def export_naive(plan, cycle, out, limit: int) -> int:
    """openpyxl's normal mode, one cell at a time, each styled as documents.xlsx styles it, each row its height."""
    import itertools

    import openpyxl
    from openpyxl.styles import Alignment, PatternFill

    from duban.documents import xlsx
    from duban.ledger import workbook
    from duban.ledger.models import Report

    book = openpyxl.Workbook()
    sheet = book.active
    columns = workbook.columns(cycle)
    for c, column in enumerate(columns, 1):
        sheet.cell(row=1, column=c, value=column.title)
    rows = workbook.rows(Report.objects.filter(zone_id=plan.zone_id), plan, cycle, TODAY)
    written = 0
    for r, row in enumerate(itertools.islice(rows, limit or None), 2):
        for c, (column, value) in enumerate(zip(columns, row.values), 1):
            cell = sheet.cell(row=r, column=c, value=value)
            cell.font, cell.border = xlsx.BODY_FONT, xlsx.BORDER
            cell.alignment = Alignment(horizontal=column.align, vertical="center", wrap_text=column.wrap)
            cell.number_format = column.number_format
            if c == workbook.STATUS + 1 and row.colour:
                cell.fill = PatternFill("solid", fgColor=workbook.COLOURS[row.colour][1])
        lines = max((xlsx.text_lines(v, column.width) for column, v in zip(columns, row.values)
                     if column.wrap and not column.hidden and isinstance(v, str) and v), default=1)
        if lines > 1:  # the row's height, as documents.xlsx estimates it
            sheet.row_dimensions[r].height = xlsx.row_height(lines)
        written += 1
    book.save(out)
    return written


def child(mode: str, plan_id: int, limit: int) -> int:
    """Run one writer and print its figures as JSON (called as a subprocess)."""
    setup_django(TODAY, migrate=False)  # the parent migrated
    from duban.ledger.models import Cycle
    from duban.plans.models import Plan

    plan = Plan.objects.get(pk=plan_id)
    cycle = Cycle.objects.get(plan=plan, label="2020年6月")
    baseline_mb = rss_mb()
    with tempfile.TemporaryFile() as out:
        started, cpu = time.perf_counter(), time.process_time()
        rows = export_fast(plan, cycle, out) if mode == "fast" else export_naive(plan, cycle, out, limit)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        size = out.tell()
    print(json.dumps({"rows": rows, "seconds": seconds, "cpu_seconds": cpu, "peak_mb": rss_mb(),
                      "django_mb": baseline_mb, "bytes": size}))
    return 0


def run_child(mode: str, plan_id: int, limit: int = 0) -> dict:
    result = subprocess.run([sys.executable, "-m", "benchmarks", "ledger", "--child", mode, "--plan", str(plan_id),
                             "--baseline-rows", str(limit)], capture_output=True, text=True, env=os.environ)
    if result.returncode:
        raise SystemExit(result.stderr)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks ledger")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--baseline-rows", type=int, default=20_000, help="0: the whole plan")
    parser.add_argument("--child", choices=["fast", "naive"], help=argparse.SUPPRESS)
    parser.add_argument("--plan", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child(args.child, args.plan, args.baseline_rows)
    setup_django(TODAY)
    from django.db import connection

    started = time.perf_counter()
    plan, cycle, made = generate(args.rows)
    print(f"{'generated' if made else 'reused'} {args.rows:,} ledger rows in {time.perf_counter() - started:.1f} s "
          f"(not timed)", flush=True)
    if "DATABASE_URL" not in os.environ:  # the children must open the same throwaway database
        os.environ["DATABASE_URL"] = f"sqlite:///{connection.settings_dict['NAME']}"
    fast = run_child("fast", plan.pk)
    print(f"export (documents.xlsx, streaming): {fast['rows']:,} rows in {fast['seconds']:.2f} s "
          f"({fast['cpu_seconds']:.2f} s of CPU time), "
          f"peak memory {fast['peak_mb']:.0f} MB (of which Python + Django {fast['django_mb']:.0f} MB), "
          f"file {fast['bytes'] / 1e6:.1f} MB", flush=True)
    naive = run_child("naive", plan.pk, args.baseline_rows)
    per_row = naive["seconds"] / naive["rows"]
    naive_mb = naive["django_mb"] + (naive["peak_mb"] - naive["django_mb"]) * fast["rows"] / naive["rows"]
    print(f"baseline (openpyxl normal mode, cell by cell, {naive['rows']:,} rows): {naive['seconds']:.2f} s, "
          f"peak memory {naive['peak_mb']:.0f} MB; for {fast['rows']:,} rows about {per_row * fast['rows']:.0f} s "
          f"and {naive_mb:.0f} MB", flush=True)
    ratio = per_row * fast["rows"] / fast["seconds"]
    met = fast["seconds"] < GOAL_SECONDS and fast["peak_mb"] < GOAL_MB
    print(f"goal (< {GOAL_SECONDS} s, < {GOAL_MB} MB): {'met' if met else 'NOT met'}; {ratio:.1f}× faster than the baseline",
          flush=True)
    print(json.dumps({"rows": fast["rows"], "export_s": round(fast["seconds"], 3),
                      "export_cpu_s": round(fast["cpu_seconds"], 3), "peak_mb": round(fast["peak_mb"]),
                      "baseline_rows": naive["rows"], "baseline_per_row_s": per_row,
                      "baseline_peak_mb_extrapolated": round(naive_mb), "ratio": round(ratio, 1), "goal_met": met,
                      "database": connection.vendor}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
