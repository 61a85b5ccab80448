"""duban import_plan from the command line, as a user runs it."""

import json
import os
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command

from duban.plans.models import Plan

from .test_importing import table_counts


@pytest.fixture
def seed_file(tmp_path, seed_bytes):
    path = tmp_path / "方案.txt"
    path.write_bytes(seed_bytes)
    return path


def run(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command("import_plan", *map(str, args), stdout=out)
    return out.getvalue()


def test_dry_run_json_prints_the_draft_and_writes_nothing(zone, seed_file):
    before = table_counts()
    draft = json.loads(run(seed_file, "--zone", "准东开发区", "--dry-run", "--format", "json"))
    assert table_counts() == before
    assert draft["title"] == "准东开发区2020年深化“放管服”改革工作方案" and draft["year"] == 2020
    assert [t["number"] for t in draft["tasks"]][7] == "（八）"
    assert sum(len(t["items"]) for t in draft["tasks"]) == 17
    item = draft["tasks"][7]["items"][2]
    assert set(item) >= {"number", "text", "deadline", "lead", "cooperating", "targets"}
    assert item["lead"] == ["规建局"] and item["cooperating"] == ["水务局"]
    assert {"subject": "用水报装时间", "comparator": "<=", "value": 20, "unit": "工作日", "kind": "quantity"} in item["targets"]
    assert draft["tasks"][2]["items"][0]["cooperating"] == ["各部门"]
    jimusa = next(d for d in draft["departments"] if d["name"] == "吉木萨县协调办")
    assert jimusa["new"] is False and jimusa["matched"] == "吉木萨尔县协调办"


def test_dry_run_text_shows_tasks_items_and_departments(zone, seed_file):
    out = run(seed_file, "--zone", "准东开发区", "--dry-run")
    assert "（八）提升公用事业服务水平" in out
    assert "牵头：规建局；配合：水务局" in out
    assert "未写入数据库" in out
    assert not Plan.objects.exists()


def test_import_then_import_again(zone, seed_file):
    assert "12 项主要任务，17 项具体任务，新增部门 0 个" in run(seed_file, "--zone", "准东开发区")
    before = table_counts()
    assert "已导入过" in run(seed_file, "--zone", "准东开发区")
    assert table_counts() == before


def test_unknown_zone_is_refused_unless_asked_to_create_it(db, seed_file):
    with pytest.raises(CommandError, match="开发区“新区”不存在") as caught:
        run(seed_file, "--zone", "新区")
    assert caught.value.returncode == 2
    assert not Plan.objects.exists()
    run(seed_file, "--zone", "新区", "--create-zone")
    assert Plan.objects.get().zone.name == "新区"


def test_without_zone_the_only_zone_is_used_and_otherwise_asked_for(db, seed_file):
    with pytest.raises(CommandError, match="还没有开发区，请用 --zone 名称 --create-zone 新建") as caught:
        run(seed_file)
    assert caught.value.returncode == 2
    from duban.zones.models import Zone

    run(seed_file, "--zone", "准东开发区", "--create-zone", "--dry-run")
    assert not Zone.objects.exists()  # a dry run creates nothing, not even the zone
    Zone.objects.create(name="准东开发区")
    assert "12 项主要任务" in run(seed_file)
    Zone.objects.create(name="另一开发区")
    with pytest.raises(CommandError, match="请用 --zone 指定开发区名称") as caught:
        run(seed_file)
    assert caught.value.returncode == 2


@pytest.mark.parametrize("name, data", [("坏文件.docx", b"PK\x03\x04 truncated"),
                                        ("坏文件.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage")])
def test_bad_file_exits_2_with_one_chinese_line_naming_the_file(tmp_path, name, data):
    """Run as a user does, in a fresh process: exit status and message are what the shell sees
    (nothing else on stderr: pypdf's own warnings about a broken PDF included)."""
    bad = tmp_path / name
    bad.write_bytes(data)
    env = {**os.environ, "DUBAN_DEBUG": "1", "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}"}
    result = subprocess.run(
        [sys.executable, "-m", "duban", "import_plan", str(bad), "--dry-run"],
        capture_output=True, text=True, env=env, timeout=60,
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert lines == [lines[0]] and lines[0].startswith(f"错误: {name}："), result.stderr


DEADLINES_AND_DOUBTS = """某区2021年重点任务分工方案
二、主要任务
（一）推行承诺制审批（牵头单位：审批局；完成时限：2021年6月底前）
（二）推行容缺受理（牵头单位：新设局；完成时限：尽快）
"""


@pytest.fixture
def doubtful_file(tmp_path):
    path = tmp_path / "方案.txt"
    path.write_text(DEADLINES_AND_DOUBTS, encoding="utf-8")
    return path


def test_dry_run_text_shows_each_item_s_deadline_and_the_day_it_allows(zone, doubtful_file):
    out = run(doubtful_file, "--zone", "准东开发区", "--dry-run")
    assert "完成时限：2021年6月底前（2021年6月30日）" in out
    assert "完成时限：尽快（无法换算为日期）" in out


def test_dry_run_json_gives_the_doubts_the_text_shows(zone, doubtful_file):
    text = run(doubtful_file, "--zone", "准东开发区", "--dry-run")
    (second,) = json.loads(run(doubtful_file, "--zone", "准东开发区", "--dry-run", "--format", "json"))["tasks"][1]["items"]
    assert second["doubts"] == ["完成时限“尽快”无法换算为日期", "部门“新设局”不在部门名录中，确认后将新建"]
    assert second["confidence"] == 0.8
    assert f"存疑：{'；'.join(second['doubts'])}" in text
