"""duban import_plan FILE [--zone NAME] [--year N] [--dry-run] [--format text|json]"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction

from duban.dates import cn_date
from duban.errors import UserInputError
from duban.plans.importing import ImportPreview, import_plan, preview_import, read_plan
from duban.plans.parsing import PlanParseError
from duban.zones.models import Zone


class Command(BaseCommand):
    help = "导入改革方案文件（.txt/.docx/.xlsx/.xls/.pdf）：识别主要任务、具体任务、牵头与配合部门、责任单位和量化指标"

    def add_arguments(self, parser):
        parser.add_argument("file", help="方案文件路径")
        parser.add_argument("--zone", help="开发区名称（只有一个开发区时可省略）")
        parser.add_argument("--create-zone", action="store_true", help="开发区不存在时新建")
        parser.add_argument("--year", type=int, help="方案年度（默认从标题识别）")
        parser.add_argument("--dry-run", action="store_true", help="只识别并显示结果，不写入数据库")
        parser.add_argument("--format", choices=["text", "json"], default="text", help="输出格式")

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except FileNotFoundError as error:
            raise UserInputError(f"{path}：文件不存在") from error
        except OSError as error:
            raise UserInputError(f"{path}：无法读取文件") from error
        try:
            # Read the file before touching the database: a bad file is refused the same way anywhere.
            parsed = read_plan(data, path.name)
            with transaction.atomic():  # a zone created for a failing import is rolled back with it
                zone = self._zone(options)
                preview = preview_import(zone, data, path.name, year=options["year"], parsed=parsed)
                if options["dry_run"]:
                    self._show(preview, options["format"])
                    return
                result = import_plan(preview)
        except PlanParseError as error:
            raise UserInputError(str(error)) from error
        if options["format"] == "json":
            self.stdout.write(json.dumps({"plan_id": result.plan.pk, "created": result.created,
                                          "new_departments": [d.name for d in result.new_departments]},
                                         ensure_ascii=False))
        elif result.created:
            self.stdout.write(self.style.SUCCESS(
                f"已导入《{result.plan.title}》（{zone.name}，{result.plan.year}年度）："
                f"{len(preview.draft.tasks)} 项主要任务，{len(preview.draft.items)} 项具体任务，"
                f"新增部门 {len(result.new_departments)} 个"))
        else:
            self.stdout.write(f"该文件已导入过（《{result.plan.title}》），未重复写入")

    def _zone(self, options) -> Zone:
        name = options["zone"]
        if name is None:
            zones = list(Zone.objects.all()[:2])
            if len(zones) == 1:
                return zones[0]
            raise UserInputError("请用 --zone 指定开发区名称" if zones else "还没有开发区，请用 --zone 名称 --create-zone 新建")
        zone = Zone.objects.filter(name=name).first()
        if zone is not None:
            return zone
        if options["dry_run"]:
            return Zone(name=name)  # unsaved: every department shows as new, nothing is written
        if not options["create_zone"]:
            raise UserInputError(f"开发区“{name}”不存在；如需新建请加 --create-zone")
        return Zone.objects.create(name=name)

    def _show(self, preview: ImportPreview, fmt: str) -> None:
        if fmt == "json":
            self.stdout.write(json.dumps(preview.to_json(), ensure_ascii=False, indent=2))
            return
        write = self.stdout.write
        write(f"{preview.draft.title}（{preview.year}年度）")
        for task in preview.draft.tasks:
            write(f"{task.code}{task.title}")
            for item in task.items:
                write(f"  {item.number or '-'} {item.text[:60]}  [原文第{item.line_start}–{item.line_end}行]")
                responsible = f"；责任：{'、'.join(item.responsible)}" if item.responsible else ""
                write(f"     牵头：{'、'.join(item.lead)}；配合：{'、'.join(item.cooperating)}{responsible}")
                if item.deadline:
                    write(f"     完成时限：{item.deadline.text}（{_deadline_date(item.deadline)}）")
                _, doubts = preview.item_doubts(item)
                if doubts:
                    write(f"     存疑：{'；'.join(doubts)}")
                for t in item.targets:
                    target = t.to_json()
                    write(f"     指标：{t.subject} {t.comparator or ''} {'' if target['value'] is None else target['value']} {t.unit}".rstrip())
        write("部门：")
        for m in preview.departments:
            state = "新部门" if m.is_new else f"已有（{m.department.name}）"
            write(f"  {m.draft.name}  {m.draft.kind}  {state}")
        write("（试运行，未写入数据库）")


def _deadline_date(deadline) -> str:
    """The day a deadline allows, as the pages write it, or why there is none."""
    if deadline.date:
        return cn_date(deadline.date)
    return "持续推进" if deadline.ongoing else "无法换算为日期"
