"""Importing case files: canonical headers, re-import, refused files, error files, the command."""

import csv
import io
import json

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from duban.cases.importing import ERROR_COLUMN, read_table, run_import, auto_mapping
from duban.cases.models import Case

HEADER = ["办件编号", "事项名称", "申请人类型", "申请人", "联系电话", "受理时间", "办结时间", "环节数", "费用（元）", "评价"]
ROWS = [
    ["SW-001", "用水报装", "企业", "准东铝业股份有限公司", "0994-1234567", "2020-06-01 09:30", "2020-06-15 16:00", "3", "1200.50", "满意"],
    ["SW-002", "用水报装", "个人", "王建国", "13812341234", "2020-06-02", "", "", "", ""],
    ["RQ-001", "居民燃气报装", "个人", "李秀兰", "13900001111", "2020-06-01 10:00", "2020-06-08 11:00", "2", "0", "不满意"],
]


def csv_bytes(rows, header=HEADER, encoding="utf-8-sig") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def xlsx_bytes(rows, header=HEADER) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def do_import(zone, data: bytes, name="办件.csv", **options):
    table = read_table(data, name)
    return run_import(zone, table, auto_mapping(table.headers), **options)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gbk"])
def test_canonical_csv_imports_without_a_mapping(zone, water, gas, encoding):
    result = do_import(zone, csv_bytes(ROWS, encoding=encoding))
    assert (result.created, result.updated, result.errors) == (3, 0, [])
    case = Case.objects.get(zone=zone, number="SW-001")
    assert case.applicant_name == "准东铝业股份有限公司" and str(case.cost) == "1200.50" and case.get_rating_display() == "满意"
    assert case.received_on.isoformat() == "2020-06-01" and case.completed_on.isoformat() == "2020-06-15"
    assert Case.objects.get(number="SW-002").completed_at is None


def test_xlsx_with_real_dates_imports(zone, water, gas):
    from datetime import datetime

    rows = [list(r) for r in ROWS]
    rows[0][5] = datetime(2020, 6, 1, 9, 30)
    result = do_import(zone, xlsx_bytes(rows), "办件.xlsx")
    assert result.created == 3
    assert Case.objects.get(number="SW-001").received_on.isoformat() == "2020-06-01"


def test_reimporting_the_same_file_updates_and_never_duplicates(zone, water, gas):
    do_import(zone, csv_bytes(ROWS))
    changed = [list(r) for r in ROWS]
    changed[1][6] = "2020-06-20 10:00"  # SW-002 is now completed
    result = do_import(zone, csv_bytes(changed))
    assert (result.created, result.updated) == (0, 3)
    assert Case.objects.filter(zone=zone).count() == 3
    assert Case.objects.get(number="SW-002").completed_on.isoformat() == "2020-06-20"


def test_a_bad_row_refuses_the_whole_file_naming_row_and_column(zone, water, gas):
    Case.objects.all().delete()
    bad = [list(r) for r in ROWS]
    bad[2][5] = "2020年13月45日"  # file row 4
    bad[1][1] = "采暖报装"  # file row 3
    result = do_import(zone, csv_bytes(bad))
    assert not result.written
    assert [str(e) for e in result.errors] == [
        "第 3 行“事项名称”列：事项“采暖报装”不在本开发区的事项目录中",
        "第 4 行“受理时间”列：“2020年13月45日”不是有效的日期时间",
    ]
    assert Case.objects.count() == 0


def test_skipping_bad_rows_imports_the_good_ones_and_returns_an_error_file(zone, water, gas):
    bad = [list(r) for r in ROWS]
    bad[1][2] = "单位"
    result = do_import(zone, csv_bytes(bad), skip_bad_rows=True)
    assert result.written and result.created == 2
    assert set(Case.objects.values_list("number", flat=True)) == {"SW-001", "RQ-001"}
    assert result.error_file_name == "办件-错误行.csv"
    rows = list(csv.reader(io.StringIO(result.error_file.decode("utf-8-sig"))))
    assert rows[0][-2:] == [ERROR_COLUMN, "原行号"]
    assert rows[1][0] == "SW-002" and rows[1][-2] == "第 3 行“申请人类型”列：应为“企业”或“个人”，而不是“单位”"
    assert rows[1][-1] == "3" and len(rows) == 2


def test_error_file_keeps_the_xlsx_format(zone, water, gas):
    bad = [list(r) for r in ROWS]
    bad[0][7] = "三"
    result = do_import(zone, xlsx_bytes(bad), "办件.xlsx", skip_bad_rows=True)
    sheet = openpyxl.load_workbook(io.BytesIO(result.error_file)).active
    values = list(sheet.values)
    assert values[0][-2] == ERROR_COLUMN
    assert values[1][0] == "SW-001" and "第 2 行“环节数”列" in values[1][-2]


def test_duplicate_numbers_in_one_file_are_an_error(zone, water, gas):
    result = do_import(zone, csv_bytes([ROWS[0], ROWS[0]]))
    assert [str(e) for e in result.errors] == ["第 3 行“办件编号”列：办件编号 SW-001 与第 2 行重复"]


def test_command_dry_run_json_has_the_documented_shape_and_writes_nothing(zone, water, gas, tmp_path, capsys, settings):
    from datetime import date

    settings.DUBAN_TODAY = date(2020, 7, 10)
    path = tmp_path / "办件.csv"
    path.write_bytes(csv_bytes(ROWS))
    call_command("import_cases", str(path), "--zone", zone.name, "--dry-run", "--format", "json")
    data = json.loads(capsys.readouterr().out)
    assert Case.objects.count() == 0
    assert set(data) == {"cases", "measures"}
    assert data["cases"][0] == {"number": "SW-001", "service": "用水报装", "elapsed_workdays": 10,
                                "limit_workdays": 20, "within_limit": True, "provisional": True}
    gas_case = data["cases"][2]
    assert (gas_case["elapsed_workdays"], gas_case["within_limit"], gas_case["provisional"]) == (5, False, False)
    measures = {m["service"]: m for m in data["measures"]}
    assert set(measures["用水报装"]) == {"service", "count", "median_workdays", "p90_workdays", "within_limit_share",
                                        "mean_steps", "satisfaction_rate"}
    assert measures["用水报装"]["count"] == 2 and measures["用水报装"]["median_workdays"] == 10
    assert measures["居民燃气报装"]["within_limit_share"] == 0 and measures["居民燃气报装"]["satisfaction_rate"] == 0


def test_command_refuses_a_bad_file_with_exit_2_naming_row_and_column(zone, water, gas, tmp_path):
    bad = [list(r) for r in ROWS]
    bad[0][9] = "还行"
    path = tmp_path / "办件.csv"
    path.write_bytes(csv_bytes(bad))
    with pytest.raises(CommandError) as error:
        call_command("import_cases", str(path), "--zone", zone.name)
    assert error.value.returncode == 2
    assert "第 2 行“评价”列" in str(error.value)
    assert Case.objects.count() == 0


def test_command_imports_and_reimports(zone, water, gas, tmp_path, capsys):
    path = tmp_path / "办件.csv"
    path.write_bytes(csv_bytes(ROWS))
    call_command("import_cases", str(path), "--zone", zone.name, "--format", "json")
    call_command("import_cases", str(path), "--zone", zone.name, "--format", "json")
    outputs = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert outputs == [{"created": 3, "updated": 0, "errors": []}, {"created": 0, "updated": 3, "errors": []}]
