"""duban workdays {count,add,coverage,load,cover,rebuild}: the working-day calendar from the shell.

    duban workdays count FILE.csv [--region national|xinjiang] [--zone NAME]
    duban workdays add DATE N [--region …] [--zone NAME]
    duban workdays coverage
    duban workdays load FILE.csv --layer national|xinjiang|zone [--zone NAME]
    duban workdays cover LAYER YEAR --status official|unverified [--notice TEXT] [--note TEXT]
    duban workdays remove DATE --layer national|xinjiang|zone [--zone NAME]
    duban workdays uncover LAYER YEAR
    duban workdays rebuild [--only-stale]

Wrong input stops with exit status 2 and one Chinese line (``错误: …``), before anything is printed;
mistyped options get argparse's own (English) usage message, also with status 2.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from django.core.management.base import BaseCommand

from duban import clock
from duban.errors import UserInputError
from duban.workdays import editing, services
from duban.workdays.engine import REGIONS, CalendarDataError, CalendarNotCovered, count_pairs
from duban.workdays.models import NOTICE_LAYERS, CalendarLayer, CoveredYear, Status
from duban.zones.models import Zone


class Command(BaseCommand):
    help = "工作日历：计算工作日、推算日期、查看和录入节假日安排"

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="子命令")

        count = actions.add_parser("count", help="计算 CSV 文件（列 start,end）中每对日期之间的工作日数")
        count.add_argument("file", help="CSV 文件，表头 start,end，日期为 YYYY-MM-DD")
        self._calendar_arguments(count)

        add = actions.add_parser("add", help="推算某日期之后（N 为负数时之前）第 N 个工作日")
        add.add_argument("date", help="起算日期 YYYY-MM-DD（当日不计入）")
        add.add_argument("n", type=int, help="工作日数")
        self._calendar_arguments(add)

        actions.add_parser("coverage", help="各层已录入的年份、状态、依据通知，以及待录入提醒")

        load = actions.add_parser("load", help="从 CSV 文件（列 date,kind,name,notice）导入日期，全部成功才写入")
        load.add_argument("file", help="CSV 文件，与随程序发布的数据文件格式相同")
        load.add_argument("--layer", required=True, choices=CalendarLayer.values, help="导入到哪一层")
        load.add_argument("--zone", help="开发区名称（--layer zone 时必填）")

        cover = actions.add_parser("cover", help="登记某层某年已录入（或修改其状态），该年的日期即时生效")
        cover.add_argument("layer", choices=[value for value, _ in NOTICE_LAYERS])
        cover.add_argument("year", type=int)
        cover.add_argument("--status", required=True, choices=Status.values)
        cover.add_argument("--notice", default="", help="依据的通知（正式状态必填）")
        cover.add_argument("--note", default="", help="说明")

        remove = actions.add_parser("remove", help="删除办公室录入的某一天（随程序发布的数据随即恢复）")
        remove.add_argument("date", help="日期 YYYY-MM-DD")
        remove.add_argument("--layer", required=True, choices=CalendarLayer.values)
        remove.add_argument("--zone", help="开发区名称（--layer zone 时必填）")

        uncover = actions.add_parser("uncover", help="撤销办公室对某层某年的登记")
        uncover.add_argument("layer", choices=[value for value, _ in NOTICE_LAYERS])
        uncover.add_argument("year", type=int)

        rebuild = actions.add_parser("rebuild", help="重建数据库中的工作日序号表")
        rebuild.add_argument("--only-stale", action="store_true", help="只重建与日历不一致的部分")

    @staticmethod
    def _calendar_arguments(parser):
        parser.add_argument("--region", choices=list(REGIONS), help="地区日历（默认全国）")
        parser.add_argument("--zone", help="按该开发区的日历（含其地区节日和本区调整）计算")

    def handle(self, *args, action, **options):
        getattr(self, f"_{action}")(**options)

    # ---- sub-commands -----------------------------------------------------------------

    def _count(self, file, region, zone, **_):
        calendar = self._calendar(region, zone)
        try:
            rows = count_pairs(calendar, _read(file), file)
        except CalendarDataError as error:
            raise UserInputError(str(error)) from error
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["start", "end", "workdays", "provisional"])
        writer.writerows((row.start.isoformat(), row.end.isoformat(), row.workdays, row.provisional) for row in rows)
        self.stdout.write(out.getvalue(), ending="")

    def _add(self, date, n, region, zone, **_):
        calendar = self._calendar(region, zone)
        start = _date(date)
        try:
            result = calendar.add(start, n)
            reasons = calendar.provisional_reasons(start, result)
        except CalendarNotCovered as error:
            raise UserInputError(str(error)) from error
        self.stdout.write(result.isoformat())
        if reasons:
            self.stdout.write(f"暂定：{'；'.join(reasons)}")

    def _coverage(self, **_):
        for cell in services.coverage_table():
            source = "办公室登记" if cell.added_by_office else ("随程序发布" if cell.entered else "")
            notice = cell.entered.notice if cell.entered else ""
            self.stdout.write("  ".join(filter(None, [cell.layer_label, str(cell.year), cell.status_label, source, notice])))
        warnings = services.notice_warnings(clock.today())
        if warnings:
            self.stdout.write("提醒：")
            for warning in warnings:
                self.stdout.write(f"  {warning}")

    def _load(self, file, layer, zone, **_):
        try:
            result = editing.load_entries(layer=layer, zone=_layer_zone(layer, zone), text=_read(file), source=file)
        except CalendarDataError as error:
            raise UserInputError(str(error)) from error
        self.stdout.write(
            f"已导入 {file}：新增 {result.created} 条，更新 {result.updated} 条，未变 {result.unchanged} 条"
        )
        if result.waiting_years:
            years = "、".join(map(str, result.waiting_years))
            self.stdout.write(f"{years} 年尚未登记为已录入，这些日期登记后生效：duban workdays cover {layer} 年份 --status …")

    def _cover(self, layer, year, status, notice, note, **_):
        try:
            row = editing.cover_year(layer=layer, year=year, status=status, notice=notice, note=note)
        except editing.CalendarEditError as error:
            raise UserInputError(str(error)) from error
        self.stdout.write(f"已登记：{row}，即时生效")

    def _remove(self, date, layer, zone, **_):
        day = _date(date)
        row = editing.office_entry(layer, _layer_zone(layer, zone), day)
        if row is None:
            raise UserInputError(
                f"{date} 在{CalendarLayer(layer).label}层没有办公室录入的记录（随程序发布的数据不能删除，可录入相反的记录覆盖）"
            )
        editing.delete_entry(row)
        self.stdout.write(f"已删除：{row}")

    def _uncover(self, layer, year, **_):
        row = CoveredYear.objects.filter(layer=layer, year=year).first()
        if row is None:
            raise UserInputError(f"{CalendarLayer(layer).label}层 {year} 年没有办公室的登记（随程序发布的年份不能撤销）")
        try:
            editing.uncover_year(row)
        except editing.CalendarEditError as error:
            raise UserInputError(str(error)) from error
        self.stdout.write(f"已撤销登记：{row}")

    def _rebuild(self, only_stale, **_):
        written = services.rebuild_ordinals(force=not only_stale)
        for key, rows in written.items():
            self.stdout.write(f"{key}：{rows} 行" if rows else f"{key}：已是最新")

    # ---- helpers ----------------------------------------------------------------------

    @staticmethod
    def _calendar(region: str | None, zone: str | None):
        if zone and region:
            raise UserInputError("--zone 与 --region 只能选一个：开发区的日历已包含其地区")
        if zone:
            return services.calendar_for_zone(_zone(zone))
        return services.calendar_for_region(region or "national")


def _read(file: str) -> str:
    path = Path(file)
    try:
        return path.read_text(encoding="utf-8-sig")  # a BOM is what Excel writes
    except FileNotFoundError as error:
        raise UserInputError(f"{file}：文件不存在") from error
    except UnicodeDecodeError as error:
        raise UserInputError(f"{file}：不是 UTF-8 编码的文本文件") from error
    except OSError as error:
        raise UserInputError(f"{file}：无法读取文件（{error.strerror}）") from error


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise UserInputError(f"日期 {text!r} 无效，应为 YYYY-MM-DD") from error


def _layer_zone(layer: str, name: str | None) -> Zone | None:
    if (layer == CalendarLayer.ZONE) != (name is not None):
        raise UserInputError("--layer zone 须用 --zone 指定开发区；全国和地区层不能指定开发区")
    return _zone(name) if name else None


def _zone(name: str) -> Zone:
    zone = Zone.objects.filter(name=name).first()
    if zone is None:
        raise UserInputError(f"开发区“{name}”不存在")
    return zone
