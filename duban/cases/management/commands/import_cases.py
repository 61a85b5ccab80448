"""duban import_cases FILE --zone NAME [--dry-run] [--format text|json] [--skip-bad-rows]"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand

from duban.clock import today
from duban.errors import UserInputError
from duban.workdays.engine import CalendarNotCovered
from duban.zones.models import Zone

from ...dryrun import report
from ...importing import ImportFormatError, check_mapping, mapping_for, read_table, run_import

SHOWN_ERRORS = 20


class Command(BaseCommand):
    help = "导入办件（.xlsx/.csv，政务服务平台导出格式）：按办件编号更新或新增，有错误行时整体不导入"

    def add_arguments(self, parser):
        parser.add_argument("file", help="办件文件路径（.xlsx 或 .csv）")
        parser.add_argument("--zone", required=True, help="开发区名称")
        parser.add_argument("--dry-run", action="store_true", help="只校验并计算指标，不写入数据库")
        parser.add_argument("--format", choices=["text", "json"], default="text", help="输出格式")
        parser.add_argument("--skip-bad-rows", action="store_true",
                            help="导入正确的行，错误行写入“<文件名>-错误行”文件")

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except FileNotFoundError as error:
            raise UserInputError(f"{path}：文件不存在") from error
        except OSError as error:
            raise UserInputError(f"{path}：无法读取文件") from error
        zone = Zone.objects.filter(name=options["zone"]).first()
        if zone is None:
            raise UserInputError(f"开发区“{options['zone']}”不存在")
        try:
            table = read_table(data, path.name)
        except ImportFormatError as error:
            raise UserInputError(str(error)) from error
        mapping = mapping_for(zone, table.headers)
        problems = check_mapping(table.headers, mapping)
        if problems:
            raise UserInputError(f"{path.name}：表头无法对应（{'；'.join(problems)}）。"
                                 "请使用标准表头，或先在网页导入中设置列对应关系")
        result = run_import(zone, table, mapping, skip_bad_rows=options["skip_bad_rows"],
                            dry_run=options["dry_run"])
        if result.errors and not options["skip_bad_rows"]:
            shown = "\n".join(str(e) for e in result.errors[:SHOWN_ERRORS])
            more = f"\n……共 {len(result.errors)} 处错误" if len(result.errors) > SHOWN_ERRORS else ""
            raise UserInputError(f"{path.name}：有错误，未导入任何办件\n{shown}{more}")
        if result.errors:
            target = path.with_name(result.error_file_name)
            target.write_bytes(result.error_file)
            for e in result.errors[:SHOWN_ERRORS]:
                self.stderr.write(str(e))
            self.stderr.write(f"{len(result.errors)} 处错误，错误行已写入 {target}")
        if options["dry_run"]:
            try:
                data = report(zone, result.records, today())
            except CalendarNotCovered as error:
                raise UserInputError(str(error)) from error
            if options["format"] == "json":
                self.stdout.write(json.dumps(data, ensure_ascii=False))
                return
            for m in data["measures"]:
                self.stdout.write(f"{m['service']}：{m['count']} 件，中位 {m['median_workdays']}，"
                                  f"P90 {m['p90_workdays']}，按时办结率 {m['within_limit_share']}")
            self.stdout.write(f"共 {len(data['cases'])} 件（试运行，未写入数据库）")
            return
        if options["format"] == "json":
            self.stdout.write(json.dumps({"created": result.created, "updated": result.updated,
                                          "errors": [e.to_json() for e in result.errors]}, ensure_ascii=False))
        else:
            self.stdout.write(self.style.SUCCESS(f"已导入：新增 {result.created} 件，更新 {result.updated} 件"))
