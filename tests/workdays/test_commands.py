"""duban workdays count / add / coverage / load / cover, as a user runs them."""

import datetime as dt
import os
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from duban.workdays.engine import CalendarNotCovered
from duban.workdays.models import CalendarEntry, CoveredYear
from duban.workdays.services import calendar_for_region, calendar_for_zone

D = dt.date


def run(*args) -> str:
    out = StringIO()
    call_command("workdays", *map(str, args), stdout=out)
    return out.getvalue()


def refused(*args) -> str:
    """The one-line message of a command that stops on wrong input (exit status 2)."""
    with pytest.raises(CommandError) as caught:
        run(*args)
    assert caught.value.returncode == 2
    return str(caught.value)


@pytest.fixture
def pairs(tmp_path):
    def write(text: str, name: str = "期限.csv"):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


def test_count_writes_workdays_and_the_provisional_reason(db, pairs):
    path = pairs(
        "start,end\n"
        "# 古尔邦节 2025: 6/6, 6/9, 6/10 off in Xinjiang\n"
        "2025-06-05,2025-06-11\n"
        "2021-01-04,2021-03-01\n"
        "2024-10-29,2024-09-26\n"
    )
    lines = run("count", path, "--region", "xinjiang").splitlines()
    assert lines == [
        "start,end,workdays,provisional",
        "2025-06-05,2025-06-11,1,",
        "2021-01-04,2021-03-01,37,新疆 2021 年少数民族节日未录入",
        "2024-10-29,2024-09-26,-20,新疆 2024 年少数民族节日数据未经核实",
    ]
    assert run("count", path).splitlines()[1:3] == ["2025-06-05,2025-06-11,4,", "2021-01-04,2021-03-01,37,"]


def test_count_on_a_zone_s_calendar_includes_its_overrides(zone, pairs):
    CalendarEntry.objects.create(layer="zone", zone=zone, date=D(2025, 6, 11), kind="rest", name="停电",
                                 notice="管委会通知（测试）")
    path = pairs("start,end\n2025-06-05,2025-06-12\n")
    assert run("count", path, "--zone", "准东开发区").splitlines()[1] == "2025-06-05,2025-06-12,1,"
    assert "开发区“无此区”不存在" in refused("count", path, "--zone", "无此区")


def test_count_stops_at_a_bad_row_naming_the_file_and_line(db, pairs):
    path = pairs("start,end\n2025-06-05,2025-06-11\n2025-02-30,2025-03-03\n")
    message = refused("count", path)
    assert message.startswith(f"{path} 第 3 行：") and "2025-02-30" in message and "YYYY-MM-DD" in message


def test_count_names_the_line_of_a_date_outside_the_calendar(db, pairs):
    path = pairs("start,end\n2025-06-05,2025-06-11\n2026-12-01,2027-01-04\n")
    message = refused("count", path)
    assert message.startswith(f"{path} 第 3 行：2027 年的国务院节假日安排尚未录入")


def test_count_refuses_a_file_without_the_header(db, pairs):
    assert "表头应为 start,end" in refused("count", pairs("from,to\n2025-06-05,2025-06-11\n"))
    assert "文件不存在" in refused("count", "/nonexistent/期限.csv")


def test_a_bad_row_exits_2_with_one_chinese_line_and_prints_nothing(tmp_path, pairs):
    """Run as a user does, in a fresh process: exit status, stderr and stdout are what the shell sees."""
    path = pairs("start,end\n2025-06-05,2025-06-11\n2025-06-05,tomorrow\n")
    env = {**os.environ, "DUBAN_DEBUG": "1", "DATABASE_URL": f"sqlite:///{tmp_path / 'throwaway.sqlite3'}"}
    duban = [sys.executable, "-m", "duban"]
    subprocess.run([*duban, "migrate", "-v0"], env=env, check=True, timeout=300)
    result = subprocess.run([*duban, "workdays", "count", str(path)], capture_output=True, text=True, env=env,
                            timeout=60)
    assert result.returncode == 2
    assert result.stderr.strip() == f"错误: {path} 第 3 行：日期 'tomorrow' 无效，应为 YYYY-MM-DD"
    assert result.stdout == ""


def test_add_gives_the_nth_working_day_and_says_when_it_is_provisional(db):
    # Received Thursday 2024-09-26 with 20 working days: 调休 9/29 and 10/12 count, 10/1–10/7 do not.
    assert run("add", "2024-09-26", 20).splitlines() == ["2024-10-29"]
    assert run("add", "2024-10-29", -20).splitlines() == ["2024-09-26"]
    assert run("add", "2021-01-04", 5, "--region", "xinjiang").splitlines() == [
        "2021-01-11", "暂定：新疆 2021 年少数民族节日未录入"]
    assert "2027 年的国务院节假日安排尚未录入" in refused("add", "2026-12-30", 5)
    assert "日期 '2024/09/26' 无效" in refused("add", "2024/09/26", 5)
    assert "只能选一个" in refused("add", "2024-09-26", 5, "--region", "xinjiang", "--zone", "准东开发区")


def test_coverage_lists_each_layer_and_year_and_the_reminders(settings, db):
    settings.DUBAN_TODAY = D(2026, 11, 1)
    out = run("coverage")
    assert "全国  2026  正式  随程序发布  国务院办公厅关于2026年部分节假日安排的通知（国办发明电〔2025〕7号）" in out
    assert "新疆  2021  未录入" in out
    assert "新疆  2024  未核实  随程序发布" in out
    assert "提醒：\n  2027 年的国务院节假日安排尚未录入" in out


NOTICE_FILE = """\
# 2027 年（测试用的虚构通知）
date,kind,name,notice
2027-01-01,rest,元旦,国办发明电〔2026〕99号
2027-01-02,rest,元旦,国办发明电〔2026〕99号
2027-01-09,work,调休上班（测试）,国办发明电〔2026〕99号
"""


def test_load_then_cover_makes_the_year_count(db, pairs):
    path = pairs(NOTICE_FILE, "2027.csv")
    out = run("load", path, "--layer", "national")
    assert "新增 3 条，更新 0 条，未变 0 条" in out and "2027 年尚未登记为已录入" in out
    assert "新增 0 条，更新 0 条，未变 3 条" in run("load", path, "--layer", "national")  # idempotent

    assert "已登记" in run("cover", "national", 2027, "--status", "official", "--notice", "国办发明电〔2026〕99号")
    assert calendar_for_region("national").count(D(2026, 12, 31), D(2027, 1, 11)) == 7


def test_load_refuses_the_whole_file_at_a_bad_row(db, pairs):
    bad = NOTICE_FILE + "2027-01-03,holiday,元旦,国办发明电〔2026〕99号\n"
    path = pairs(bad, "2027.csv")
    message = refused("load", path, "--layer", "national")
    assert message.startswith(f"{path} 第 6 行：类型应为 rest（放假）或 work（上班）")
    assert not CalendarEntry.objects.exists()


def test_load_refuses_rules_with_the_line_too(db, pairs):
    far = pairs("date,kind,name,notice\n2025-05-06,rest,调整,通知\n2031-01-01,rest,元旦,通知\n")
    message = refused("load", far, "--layer", "national")
    assert message.startswith(f"{far} 第 3 行：2031 年不在可录入的范围内")
    twice = pairs("date,kind,name,notice\n2025-05-06,rest,调整,通知\n2025-05-06,work,调整,通知\n", "twice.csv")
    assert "第 3 行：2025-05-06 与第 2 行重复" in refused("load", twice, "--layer", "national")
    assert not CalendarEntry.objects.exists()


def test_load_skips_rows_the_shipped_data_already_has(db, pairs):
    path = pairs("date,kind,name,notice\n2025-06-06,rest,古尔邦节,"
                 "《…关于2025年节假日放假和冬夏季作息时间安排的通知》；托政办函〔2024〕80号\n")
    assert "新增 0 条，更新 0 条，未变 1 条" in run("load", path, "--layer", "xinjiang")


def test_load_into_a_zone(zone, pairs):
    path = pairs("date,kind,name,notice\n2025-07-01,rest,园区停电检修,管委会通知（测试）\n")
    assert "新增 1 条" in run("load", path, "--layer", "zone", "--zone", "准东开发区")
    assert not calendar_for_zone(zone).is_workday(D(2025, 7, 1))
    assert "须用 --zone 指定开发区" in refused("load", path, "--layer", "zone")


def test_cover_keeps_national_years_contiguous(db):
    message = refused("cover", "national", 2028, "--status", "official", "--notice", "通知")
    assert message == "全国层年份须连续：目前已录入 2020–2026 年，只能登记 2027 年（或 2019 年）"
    assert "正式状态须填写依据的通知" in refused("cover", "national", 2027, "--status", "official")
    assert not CoveredYear.objects.exists()
    with pytest.raises(CalendarNotCovered):
        calendar_for_region("national").count(D(2026, 12, 31), D(2027, 1, 4))


def test_remove_and_uncover_take_back_what_the_command_line_entered(db, pairs):
    run("load", pairs(NOTICE_FILE, "2027.csv"), "--layer", "national")
    run("cover", "national", 2027, "--status", "official", "--notice", "国办发明电〔2026〕99号")
    assert not calendar_for_region("national").is_workday(D(2027, 1, 1))

    assert "已删除" in run("remove", "2027-01-01", "--layer", "national")
    assert calendar_for_region("national").is_workday(D(2027, 1, 1))
    assert "没有办公室录入的记录" in refused("remove", "2025-10-01", "--layer", "national")

    assert "已撤销登记" in run("uncover", "national", 2027)
    with pytest.raises(CalendarNotCovered):
        calendar_for_region("national").count(D(2026, 12, 31), D(2027, 1, 4))
    assert "随程序发布的年份不能撤销" in refused("uncover", "national", 2026)


def test_rebuild_stores_every_calendar_in_use(db):
    out = run("rebuild")
    assert "national：2558 行" in out and "xinjiang：2558 行" in out
    assert "national：已是最新" in run("rebuild", "--only-stale")
